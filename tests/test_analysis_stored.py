"""Results stored on disk are found by their inputs' content and the kit's code, never stale."""
import warnings

import pandas as pd
import pytest

import kit
import kit.analysis._stored as stored
from kit.analysis._memory import forget
from kit.analysis._stored import KEEP_VERSIONS, stored_result, stored_stats
from kit.corpus import Corpus
from kit.lexicon import Lexicon

TEXTS = ["全力打通服务群众“最后一米”，解决群众急难愁盼。", "打通“最后一米”，久久为功。久久为功！",
         "坚持改革开放，推进精神文明建设。", "改革开放以来，经济发展，群众急难愁盼得到解决。"]
LEXICON = Lexicon.from_entries([{"phrase": "最后一米", "category": "隐喻"}, {"phrase": "急难愁盼", "category": "民生"},
                                {"phrase": "久久为功", "category": "作风"}, {"phrase": "改革开放", "category": "理论"}])


class CountWarning(UserWarning):
    """A warning an analysis gives about its input."""


CALLS = []


@stored_result
def characters(corpus, lexicon=None, scale=1.0):
    """A stand-in analysis that counts its calls and warns."""
    CALLS.append(1)
    warnings.warn(CountWarning(f"{len(corpus)} documents counted"), stacklevel=2)
    frame = pd.DataFrame({"doc_id": corpus.docs["doc_id"], "n": corpus.docs["text"].str.len() * scale})
    frame.attrs["lexicon"] = None if lexicon is None else lexicon.hash
    return frame


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_RESULT_CACHE", "1")
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "cache"))
    CALLS.clear()
    forget()
    yield tmp_path / "cache" / "results"
    forget()


def _corpus(**metadata):
    return Corpus.from_texts(TEXTS, name="s", reporters=[["张三", "李四"], [], ["王五"], None], **metadata)


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def test_a_second_call_is_loaded_equal_and_not_computed(store):
    first = _quiet(characters, _corpus(), LEXICON)
    second = _quiet(characters, _corpus(), LEXICON)  # an equal corpus, read again
    assert len(CALLS) == 1
    pd.testing.assert_frame_equal(first, second)
    assert first.attrs == second.attrs and first is not second
    assert len(list(store.rglob("characters-*.pickle"))) == 1


def test_a_result_changed_by_its_caller_does_not_change_the_next(store):
    first = _quiet(characters, _corpus())
    expected = first.copy()
    first.loc[:, "n"] = -1
    pd.testing.assert_frame_equal(_quiet(characters, _corpus()), expected)


@pytest.mark.parametrize("change", [
    lambda c: c.docs.__setitem__("text", c.docs["text"].str.replace("群众", "人民")),
    lambda c: c.docs.__setitem__("reporters", [["张三"], [], ["王五"], None]),
    lambda c: c.meta.__setitem__("credit", "another source"),
])
def test_any_change_to_a_corpus_is_computed_again(change):
    corpus = _corpus()
    _quiet(characters, corpus)
    change(corpus)
    _quiet(characters, corpus)
    assert len(CALLS) == 2


def test_a_corpus_whose_meta_was_read_in_another_order_is_the_same_corpus():
    # a parsed corpus and the same corpus from the corpus cache list their meta in different orders
    first, second = _corpus(), _corpus()
    first.meta.update({"label": "人民日报 1998", "credit": "PKU", "normalization": {"symbols": True, "invisible": True}})
    second.meta.update({"credit": "PKU", "normalization": {"invisible": True, "symbols": True}, "label": "人民日报 1998"})
    _quiet(characters, first)
    _quiet(characters, second)
    assert len(CALLS) == 1


def test_another_lexicon_option_or_code_is_computed_again(monkeypatch):
    corpus = _corpus()
    _quiet(characters, corpus, LEXICON)
    _quiet(characters, corpus, LEXICON.select(["最后一米"]))
    _quiet(characters, corpus, LEXICON, scale=2.0)
    assert len(CALLS) == 3
    monkeypatch.setattr(stored, "code_digest", lambda: "0" * 64)  # the kit's files changed
    _quiet(characters, corpus, LEXICON)
    assert len(CALLS) == 4


def test_warnings_come_again_from_a_stored_result_and_point_at_the_caller():
    for _ in range(2):
        with warnings.catch_warnings(record=True) as given:
            warnings.simplefilter("always")
            characters(_corpus())
        assert [(w.category, str(w.message)) for w in given] == [(CountWarning, "4 documents counted")]
        assert given[0].filename == __file__
    assert len(CALLS) == 1


def test_an_argument_without_a_content_key_computes_every_time(store):
    @stored_result
    def applied(corpus, how):
        CALLS.append(1)
        return pd.DataFrame({"n": [how(len(corpus))]})

    assert applied(_corpus(), abs)["n"].tolist() == applied(_corpus(), abs)["n"].tolist() == [4]
    assert len(CALLS) == 2 and not list(store.rglob("applied-*"))


def test_the_store_can_be_turned_off(store, monkeypatch):
    monkeypatch.setenv("KIT_RESULT_CACHE", "0")
    _quiet(characters, _corpus())
    _quiet(characters, _corpus())
    assert len(CALLS) == 2 and not store.exists()


def test_an_unreadable_file_is_computed_again_and_rewritten(store):
    expected = _quiet(characters, _corpus())
    (path,) = store.rglob("characters-*.pickle")
    path.write_bytes(b"not a pickle")
    pd.testing.assert_frame_equal(_quiet(characters, _corpus()), expected)
    assert len(CALLS) == 2
    pd.testing.assert_frame_equal(_quiet(characters, _corpus()), expected)
    assert len(CALLS) == 2


def test_only_the_latest_code_versions_are_kept(store, monkeypatch):
    for version in range(KEEP_VERSIONS + 2):
        monkeypatch.setattr(stored, "code_digest", lambda v=version: f"{v:x}" + "0" * 63)
        _quiet(characters, _corpus())
        folder = store / (f"{version:x}" + "0" * 15)
        # folders made within one clock tick are ordered by name, which these digests follow
        assert folder.is_dir()
    assert len([p for p in store.iterdir() if p.is_dir()]) == KEEP_VERSIONS


def _characters_as_tokens(corpus):
    rows = [(doc, ch, i, i + 1) for doc, text in zip(corpus.docs["doc_id"], corpus.docs["text"])
            for i, ch in enumerate(text)]
    return pd.DataFrame(rows, columns=["doc_id", "token", "start", "end"])


def test_keyness_stored_equals_keyness_computed():
    target = Corpus.from_texts(TEXTS[:2], name="a")
    reference = Corpus.from_texts(TEXTS[2:], name="b")
    options = dict(lexicon=LEXICON, unit="both", min_freq=1, min_range=1, tokens=_characters_as_tokens(target),
                   reference_tokens=_characters_as_tokens(reference))
    before = stored_stats()
    cold = _quiet(kit.keyness, target, reference, **options)
    warm = _quiet(kit.keyness, target, reference, **options)
    after = stored_stats()
    assert (after["computed"] - before["computed"], after["hits"] - before["hits"]) == (1, 1)
    pd.testing.assert_frame_equal(cold, warm)
    assert cold.attrs == warm.attrs and warm.attrs["call"]["function"] == "keyness"
    assert {"entry", "token"} <= set(cold["kind"])


def test_a_table_argument_is_keyed_by_its_rows_and_its_attrs():
    @stored_result
    def rows(table):
        CALLS.append(1)
        return table.assign(n=len(table))

    table = pd.DataFrame({"item": ["最后一米", "急难愁盼"], "g2": [1.5, 2.5]})
    table.attrs["unit"] = "entry"
    rows(table)
    rows(table.copy())
    assert len(CALLS) == 1
    rows(table.assign(g2=[1.5, 2.6]))
    other = table.copy()
    other.attrs["unit"] = "token"
    rows(other)
    # a table kept in attrs counts by its content, not by a shortened repr
    inner = table.copy()
    inner.attrs["kept"] = pd.DataFrame({"x": range(100)})
    rows(inner)
    changed = table.copy()
    changed.attrs["kept"] = pd.DataFrame({"x": [*range(50), -1, *range(51, 100)]})
    rows(changed)
    assert len(CALLS) == 5
