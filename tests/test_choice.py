"""Choosing the formulas a notebook shows on a corpus it does not know."""
import pandas as pd
import pytest

import kit
from kit.analysis import count, leading_formulas
from kit.corpus import Corpus
from kit.lexicon import Lexicon

LEXICON = Lexicon.from_entries(
    [{"phrase": p, "category": "理论"} for p in ("新时代", "新时代文明实践", "文明实践", "久久为功", "最后一米")]
    + [{"phrase": "急难愁盼", "category": "民生", "variants": ["急难愁盼问题"]},
       {"phrase": "N个全面", "pattern": "[一二三四五]个全面", "category": "数字化提法"}])


def test_the_leading_formulas_do_not_nest():
    corpus = Corpus.from_texts(["新时代文明实践中心建在新时代。新时代文明实践站久久为功。",
                                "新时代文明实践所。四个全面。四个全面。四个全面。四个全面。", "久久为功，最后一米。"])
    counts = count(corpus, LEXICON)
    by_entry = dict(zip(counts["entry"], counts["frequency"]))
    # inclusive counts put the nested pieces first ...
    assert by_entry["新时代"] == 4 and by_entry["文明实践"] == 3 and by_entry["新时代文明实践"] == 3
    # ... the choice keeps the longer formula, skips its pieces and the pattern entry
    assert leading_formulas(counts, LEXICON, n=3) == ["新时代文明实践", "久久为功", "最后一米"]
    assert kit.leading_formulas(counts, LEXICON, n=1) == ["新时代文明实践"]


def test_fewer_or_none_when_the_corpus_holds_fewer():
    counts = count(Corpus.from_texts(["急难愁盼问题。", "没有提法。"]), LEXICON)
    assert leading_formulas(counts, LEXICON, n=3) == ["急难愁盼"]
    assert leading_formulas(count(Corpus.from_texts(["没有。"]), LEXICON), LEXICON) == []


def test_bad_input_is_named():
    with pytest.raises(KeyError, match="frequency_longest"):
        leading_formulas(pd.DataFrame({"entry": ["新时代"], "frequency": [1]}), LEXICON)
    with pytest.raises(ValueError, match="n must be a whole number"):
        leading_formulas(count(Corpus.from_texts(["新时代。"]), LEXICON), LEXICON, n=0)
