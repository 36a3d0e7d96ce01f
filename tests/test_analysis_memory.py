"""Results remembered within a process are found by their inputs' content, never stale."""
import pandas as pd
import pytest

import kit
from kit.analysis._memory import CAPACITY, forget, memory_stats, remembered
from kit.analysis._validate import LexiconMismatchWarning
from kit.corpus import Corpus
from kit.lexicon import Lexicon

TEXTS = ["全力打通服务群众“最后一米”，解决群众急难愁盼。", "打通“最后一米”，久久为功。久久为功！",
         "坚持改革开放，推进精神文明建设。", "改革开放以来，经济发展，群众急难愁盼得到解决。"]


@pytest.fixture(autouse=True)
def empty_memory():
    forget()
    yield
    forget()


def test_a_second_find_is_remembered_and_equal_to_the_first():
    corpus = Corpus.from_texts(TEXTS, name="m")
    first = kit.find(corpus)
    second = kit.find(corpus)
    assert memory_stats() == {"hits": 1, "misses": 1}
    pd.testing.assert_frame_equal(first, second)


def test_a_table_changed_by_its_caller_does_not_change_the_next_answer():
    corpus = Corpus.from_texts(TEXTS, name="m")
    first = kit.find(corpus)
    expected = first.copy()
    first.loc[:, "entry"] = "改掉"
    pd.testing.assert_frame_equal(kit.find(corpus), expected)


def test_a_corpus_changed_in_place_is_searched_again():
    corpus = Corpus.from_texts(TEXTS, name="m")
    before = kit.find(corpus)
    corpus.docs.loc[0, "text"] = "久久为功。"
    after = kit.find(corpus)
    assert memory_stats()["hits"] == 0
    assert len(before[before["doc_id"] == corpus.docs["doc_id"][0]]) != len(after[after["doc_id"] == corpus.docs["doc_id"][0]])
    assert after[after["doc_id"] == corpus.docs["doc_id"][0]]["entry"].tolist() == ["久久为功"]


def test_another_lexicon_or_overlap_rule_is_another_result():
    corpus = Corpus.from_texts(TEXTS, name="m")
    small = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    assert set(kit.find(corpus, small)["entry"]) == {"久久为功"}
    assert len(set(kit.find(corpus)["entry"])) > 1
    kit.find(corpus, overlap="all")
    assert memory_stats() == {"hits": 0, "misses": 3}


@pytest.mark.parametrize("order", [("token", "entry", "both"), ("both", "token", "entry")])
def test_keyness_of_both_units_is_the_same_whichever_table_came_first(order):
    target = Corpus.from_texts(TEXTS[:2], name="t")
    reference = Corpus.from_texts(TEXTS[2:], name="r")
    tables = {unit: kit.keyness(target, reference, unit=unit, min_freq=1, min_range=1) for unit in order}
    forget()
    alone = kit.keyness(target, reference, unit="both", min_freq=1, min_range=1)
    pd.testing.assert_frame_equal(tables["both"], alone)
    assert set(alone["kind"]) == {"token", "entry"}


def test_a_remembered_result_still_warns_of_tokens_made_with_another_lexicon():
    target = Corpus.from_texts(TEXTS[:2], name="t")
    reference = Corpus.from_texts(TEXTS[2:], name="r")
    small = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    tokens, reference_tokens = kit.tokenize(target, small), kit.tokenize(reference, small)
    for _ in range(2):
        with pytest.warns(LexiconMismatchWarning):
            kit.keyness(target, reference, tokens=tokens, reference_tokens=reference_tokens, min_range=1)
    assert memory_stats()["hits"] >= 2


def test_the_memory_keeps_only_its_capacity_and_forgets_the_oldest():
    made = []
    for n in range(CAPACITY + 1):
        remembered("test", (n,), lambda n=n: made.append(n) or n)
    remembered("test", (CAPACITY,), lambda: made.append("again"))
    remembered("test", (0,), lambda: made.append("again") or 0)
    assert made == list(range(CAPACITY + 1)) + ["again"]
