"""One meaning of lexicon=None, tokens checked against the lexicon analysed, one exception per problem."""
import pandas as pd
import pytest

import kit
from kit.analysis._validate import (BadOptionError, EmptyCorpusError, ForeignTokensError, LexiconMismatchWarning,
                                    MissingTextError, NotACorpusError, NotALexiconError, UnknownColumnError)
from kit.corpus import Corpus
from kit.lexicon import Lexicon

TARGET = Corpus.from_texts(["全力打通服务群众“最后一米”，解决群众急难愁盼。", "打通“最后一米”，久久为功。"], name="t")
REFERENCE = Corpus.from_texts(["坚持改革开放，推进精神文明建设。", "改革开放以来，经济发展。"], name="r")


def test_keyness_without_tokens_equals_keyness_with_tokens_of_the_default_lexicon():
    direct = kit.keyness(TARGET, REFERENCE, min_range=1)
    given = kit.keyness(TARGET, REFERENCE, tokens=kit.tokenize(TARGET), reference_tokens=kit.tokenize(REFERENCE),
                        min_range=1)
    pd.testing.assert_frame_equal(direct, given)
    assert "最后一米" in set(direct["item"])  # kept whole: the bundled lexicon protects it


def test_tokens_of_another_lexicon_are_warned_of():
    small = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    tokens = kit.tokenize(TARGET, small)
    with pytest.warns(LexiconMismatchWarning, match="another lexicon"):
        kit.count(TARGET, kit.load_lexicon(), tokens=tokens)
    with pytest.warns(LexiconMismatchWarning):
        kit.keyness(TARGET, REFERENCE, tokens=tokens, reference_tokens=kit.tokenize(REFERENCE), min_range=1)


@pytest.mark.parametrize("call, error", [
    (lambda: kit.count("not a corpus"), NotACorpusError),
    (lambda: kit.count(Corpus(pd.DataFrame({"doc_id": [], "title": [], "text": []}))), EmptyCorpusError),
    (lambda: kit.count(Corpus.from_texts([None])), MissingTextError),
    (lambda: kit.count(TARGET, lexicon="formulaic.yaml"), NotALexiconError),
    (lambda: kit.count(TARGET, by="genre"), UnknownColumnError),
    (lambda: kit.keyness(TARGET, REFERENCE, unit="words"), BadOptionError),
    (lambda: kit.keyness(TARGET, REFERENCE, min_freq=-1), BadOptionError),
    (lambda: kit.count(TARGET, tokens=kit.tokenize(REFERENCE)), ForeignTokensError),
])
def test_each_problem_has_its_exception_and_the_builtin_type_still_catches_it(call, error):
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, (TypeError, ValueError, KeyError))
    assert str(caught.value)  # a message to act on


def test_an_unknown_column_lists_the_columns_there_are():
    with pytest.raises(UnknownColumnError) as caught:
        kit.count(TARGET, by="genre")
    assert str(caught.value).startswith("by='genre' names no metadata column of 't'; its columns are")


@pytest.mark.parametrize("bad, error", [
    ("not a corpus", NotACorpusError),
    (Corpus(pd.DataFrame({"doc_id": [], "title": [], "text": []})), EmptyCorpusError),
    (Corpus.from_texts([None]), MissingTextError),
])
def test_tokenize_and_the_analyses_raise_the_same_error_for_the_same_bad_corpus(bad, error):
    for step in (kit.tokenize, kit.count):
        with pytest.raises(error):
            step(bad)


def test_a_missing_text_is_both_a_type_error_and_a_value_error():
    # tokenize raised ValueError for it, the analyses TypeError: both keep working
    with pytest.raises(ValueError, match="has no text"):
        kit.tokenize(Corpus.from_texts(["一", None]))
    with pytest.raises(TypeError, match="has no text"):
        kit.count(Corpus.from_texts(["一", None]))
