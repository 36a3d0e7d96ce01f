"""The reference corpus read back from the cache is the corpus the reader makes."""
import pandas as pd
import pytest

from kit.corpus_cache import cache_key, open_corpus_cached, reader_version
from kit.io import open_corpus

REFERENCE = "peoples_daily_1998"


@pytest.fixture(scope="module")
def parsed():
    return open_corpus(REFERENCE)


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpora")
    first = open_corpus_cached(REFERENCE, folder=folder)
    return folder, first, open_corpus_cached(REFERENCE, folder=folder)


def _same(a, b):
    pd.testing.assert_frame_equal(a.docs, b.docs)
    assert (a.name, a.meta, a.skipped) == (b.name, b.meta, b.skipped)


def test_the_cached_corpus_is_the_parsed_one(parsed, cached):
    folder, first, again = cached
    assert [p.suffix for p in folder.iterdir()] == [".parquet"]
    _same(first, parsed)
    _same(again, parsed)
    assert list(again.docs.dtypes) == list(parsed.docs.dtypes)


def test_a_damaged_cache_file_is_parsed_again(parsed, cached):
    folder, _, _ = cached
    (path,) = folder.iterdir()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _same(open_corpus_cached(REFERENCE, folder=folder), parsed)
    assert path.read_bytes() == data, "the file is written again"


def test_the_key_follows_the_reader_and_the_options():
    assert cache_key(REFERENCE, {}) != cache_key(REFERENCE, {"to_simplified": True})
    assert cache_key(REFERENCE, {}) == cache_key(REFERENCE, {})
    assert len(reader_version()) == 64


def test_a_label_and_errors_are_those_of_open_corpus(cached):
    folder, _, _ = cached
    assert open_corpus_cached(REFERENCE, label="1998", folder=folder).meta["label"] == "1998"
    assert open_corpus_cached(REFERENCE, folder=folder).meta["label"] == "人民日报 1998", "the label is not cached"
    with pytest.raises(ValueError, match="say how to read your own files"):
        open_corpus_cached(REFERENCE, text_column="content", folder=folder)


def test_other_corpora_are_opened_as_before(tmp_path):
    assert open_corpus_cached(folder=tmp_path).docs.equals(open_corpus().docs)
    assert not any(tmp_path.iterdir())
