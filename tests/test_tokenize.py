"""Tests for kit.tokenize: offsets, protection, flags, cache, n_jobs."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from kit.corpus import Corpus

pytest.importorskip("pkuseg")
import kit.tokenization as kt  # noqa: E402
from kit.tokenization import cache as token_cache  # noqa: E402

PHRASES = ["最后一米", "急难愁盼", "稳稳的幸福", "共同富裕", "共同富裕示范区", "久久为功"]

TEXTS = [
    "全力打通服务群众“最后一米”，切实托起群众“稳稳的幸福”。\n靶向解决群众急难愁盼。",
    "  开头有空格 中间\u3000也有，结尾也有  ",
    "",
    "共同富裕示范县建设久久为功！共同富裕示范区建设稳步推进。",
    "１９９８年，中国人民决心继承邓小平同志的遗志。",
]


class StandInLexicon:
    """What the tokenizer needs from kit.lexicon.Lexicon."""

    def __init__(self, phrases, digest="abc123"):
        self._phrases = phrases
        self.hash = digest

    def protected_phrases(self):
        return sorted(self._phrases)


@pytest.fixture(scope="session")
def model():
    return kt.load_model()


@pytest.fixture
def corpus():
    return Corpus.from_texts(TEXTS, name="t")


def tokenize_quietly(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*could not be kept as single tokens")
        return kt.tokenize(*args, **kwargs)


def test_offsets_reproduce_each_token_and_skip_only_whitespace(model, corpus, tmp_path):
    frame = kt.tokenize(corpus, PHRASES, cache_dir=tmp_path).frame
    assert list(frame.columns) == list(kt.TOKEN_COLUMNS)
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"]))
    for row in frame.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.token
    # Every non-whitespace character is covered exactly once, in order.
    for doc_id, text in texts.items():
        rows = frame[frame["doc_id"] == doc_id]
        assert "".join(rows["token"]) == "".join(text.split())
        assert rows["position"].tolist() == list(range(len(rows)))
        assert (rows["start"].diff().dropna() > 0).all()


def test_whitespace_document_offsets_by_hand(model, tmp_path):
    frame = kt.tokenize(Corpus.from_texts(["  群众 急难愁盼"]), ["急难愁盼"], cache_dir=tmp_path).frame
    assert frame[["token", "start", "end"]].values.tolist() == [["群众", 2, 4], ["急难愁盼", 5, 9]]


@pytest.mark.parametrize("engine", ["kit", "pkuseg"])
def test_with_no_phrase_tokens_are_exactly_pkusegs(engine, corpus, tmp_path):
    pkuseg_itself = kt.load_model(engine="pkuseg")
    frame = kt.tokenize(corpus, [], cache=False, engine=engine).frame
    for doc_id, text in zip(corpus.docs["doc_id"], corpus.docs["text"]):
        assert frame.loc[frame["doc_id"] == doc_id, "token"].tolist() == pkuseg_itself.cut(text)


def test_protected_phrases_come_out_whole(model, corpus, tmp_path):
    frame = kt.tokenize(corpus, StandInLexicon(PHRASES), cache_dir=tmp_path).frame
    protected = frame.loc[frame["is_protected"], "token"].tolist()
    assert protected == ["最后一米", "稳稳的幸福", "急难愁盼", "共同富裕", "久久为功", "共同富裕示范区"]
    # pkuseg alone splits them
    assert "最后一米" not in model.cut(TEXTS[0])


def test_prefix_phrase_does_not_swallow_following_text(model, tmp_path):
    # pkuseg 0.0.25's own user_dict yields 共同富裕示范 | 县 here; the kit must not.
    frame = kt.tokenize(Corpus.from_texts(["共同富裕示范县"]), PHRASES, cache_dir=tmp_path).frame
    assert frame["token"].tolist()[0] == "共同富裕"
    assert "".join(frame["token"]) == "共同富裕示范县"


def test_same_tokens_as_pkuseg_user_dict_where_it_works():
    import pkuseg

    phrases = ["最后一米", "急难愁盼", "稳稳的幸福"]
    reference = pkuseg.pkuseg(user_dict=phrases)  # a second model load: ground truth
    frame = kt.tokenize(Corpus.from_texts([TEXTS[0], TEXTS[4]]), phrases, cache=False).frame
    for doc_id, text in zip(["corpus-0001", "corpus-0002"], [TEXTS[0], TEXTS[4]]):
        assert frame.loc[frame["doc_id"] == doc_id, "token"].tolist() == reference.cut(text)


def test_sentence_index(model, tmp_path):
    frame = kt.tokenize(Corpus.from_texts(["第一句。第二句！\n第三句"]), cache_dir=tmp_path).frame
    first_of_sentence = frame.groupby("sentence")["token"].first().tolist()
    assert frame["sentence"].max() == 2
    assert first_of_sentence[1].startswith("第二") and first_of_sentence[2].startswith("第三")


def test_flags_and_filter(model, tmp_path):
    tokens = kt.tokenize(Corpus.from_texts(["群众的“急难愁盼”。"]), ["急难愁盼"], cache_dir=tmp_path)
    frame = tokens.frame
    assert frame.loc[frame["is_punct"], "token"].tolist() == ["“", "”", "。"]
    assert frame.loc[frame["is_stopword"], "token"].tolist() == ["的"]
    assert kt.filter_tokens(tokens).frame["token"].tolist() == ["群众", "的", "急难愁盼"]
    kept = kt.filter_tokens(tokens, remove_stopwords=True).frame
    assert kept["token"].tolist() == ["群众", "急难愁盼"]
    assert kept["position"].tolist() == [0, 3]  # original positions kept
    custom = kt.filter_tokens(frame, remove_punct=False, remove_stopwords=["群众"])
    assert custom["token"].tolist() == ["的", "“", "急难愁盼", "”", "。"]


def test_check_protection_reports_each_entry(model):
    report = kt.check_protection(["最后一米", "急 难", "共同富裕", "共同富裕示范区"])
    assert report["phrase"].tolist() == ["共同富裕", "共同富裕示范区", "急 难", "最后一米"]
    assert report["protected"].tolist() == [True, True, False, True]
    assert report.loc[2, "n_split"] == len(kt.CARRIER_CONTEXTS)
    assert report.loc[2, "example"] == "急 | 难"


def test_check_protection_catches_overlapping_entries(model):
    # "群众的急" overlaps the carrier "要解决群众的{}问题。" and wins (leftmost match).
    report = kt.check_protection(["急难愁盼", "群众的急"])
    row = report.set_index("phrase").loc["急难愁盼"]
    assert not row["protected"] and row["n_split"] == 1


def test_tokenize_warns_about_unprotected_entries(model, tmp_path):
    with pytest.warns(UserWarning, match="急 难"):
        tokens = kt.tokenize(Corpus.from_texts(["急难"]), ["急 难", "最后一米"], cache_dir=tmp_path)
    assert tokens.unprotected == ["急 难"]
    # a warm run, served from the cache, reports the same
    with pytest.warns(UserWarning, match="急 难"):
        again = kt.tokenize(Corpus.from_texts(["急难"]), ["急 难", "最后一米"], cache_dir=tmp_path)
    assert again.unprotected == ["急 难"]


def test_provenance_records_lexicon_and_model(model, tmp_path):
    tokens = kt.tokenize(Corpus.from_texts(["久久为功"]), StandInLexicon(PHRASES, "feed"), cache_dir=tmp_path)
    assert tokens.provenance["lexicon_hash"] == "feed"
    assert tokens.provenance["model"] == "default"
    assert tokens.provenance["n_phrases"] == len(PHRASES)


def test_bad_input_gives_clear_errors():
    with pytest.raises(TypeError, match="Corpus"):
        kt.tokenize(["not a corpus"])
    with pytest.raises(ValueError, match="no documents"):
        kt.tokenize(Corpus.from_texts([]))
    with pytest.raises(ValueError, match="has no text"):
        kt.tokenize(Corpus.from_texts(["一", None]))
    with pytest.raises(TypeError, match="single string"):
        kt.tokenize(Corpus.from_texts(["一"]), "最后一米")
    with pytest.raises(TypeError, match="must be a string"):
        kt.tokenize(Corpus.from_texts(["一"]), ["最后一米", 3])
    with pytest.raises(ValueError, match="n_jobs"):
        kt.tokenize(Corpus.from_texts(["一"]), n_jobs=0)


def test_other_models_are_refused_before_any_download():
    with pytest.raises(ValueError, match="network"):
        kt.load_model("news")


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.parquet"))


def test_cache_is_written_reused_and_keyed_by_lexicon(model, corpus, tmp_path):
    first = tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path)
    files = cache_files(tmp_path)
    assert files
    stamps = [f.stat().st_mtime_ns for f in files]
    second = tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert [f.stat().st_mtime_ns for f in cache_files(tmp_path)] == stamps
    # a different lexicon reads and writes other files, with other tokens
    other = tokenize_quietly(corpus, ["急难"], cache_dir=tmp_path)
    assert len(cache_files(tmp_path)) == 2 * len(files)
    assert "最后一米" not in other.frame["token"].tolist()
    assert not list(tmp_path.rglob("*.tmp"))


def test_cache_serves_tokens_without_segmenting(model, corpus, tmp_path, monkeypatch):
    expected = tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path).frame

    def refuse(*args, **kwargs):
        raise AssertionError("segmented although the cache holds the tokens")

    monkeypatch.setattr("kit.tokenization.pipeline._tokenize_chunk", refuse)
    pd.testing.assert_frame_equal(tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path).frame, expected)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip", "other_key"])
def test_corrupt_cache_file_is_detected_and_rebuilt(model, corpus, tmp_path, damage):
    expected = tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path).frame
    (path,) = cache_files(tmp_path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not parquet at all")
    elif damage == "flip":
        middle = len(data) // 3
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    else:  # a valid Parquet file, correctly named for its bytes, but not tokens of this chunk
        import hashlib

        path.unlink()
        pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "other.parquet")
        other = (tmp_path / "other.parquet").read_bytes()
        (tmp_path / "other.parquet").unlink()
        key = path.stem.split("-")[0]
        path = path.with_name(f"{key}-{hashlib.sha256(other).hexdigest()[:32]}.parquet")
        path.write_bytes(other)
    with pytest.warns(token_cache.CorruptCacheWarning, match=path.name):
        rebuilt = tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path).frame
    pd.testing.assert_frame_equal(rebuilt, expected)
    # the rebuilt file is good again
    with warnings.catch_warnings():
        warnings.simplefilter("error", token_cache.CorruptCacheWarning)
        tokenize_quietly(corpus, PHRASES, cache_dir=tmp_path)


def test_default_cache_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path))
    assert kt.default_cache_dir() == tmp_path / "tokens"


def test_chunks_are_content_defined(monkeypatch):
    from kit.tokenization import pipeline

    monkeypatch.setattr(pipeline, "MIN_CHUNK_CHARS", 10)
    monkeypatch.setattr(pipeline, "MAX_CHUNK_CHARS", 40)
    texts = [f"第{i}篇文章的内容。" for i in range(60)]
    chunks = pipeline._plan_chunks(texts, "k")
    assert chunks[0][0] == 0 and chunks[-1][1] == 60
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:]))
    # dropping the first documents leaves the later chunks (and keys) unchanged
    later = pipeline._plan_chunks(texts[chunks[1][0] :], "k")
    assert {key for _, _, key in chunks[1:]} == {key for _, _, key in later}


def test_n_jobs_2_gives_identical_result(model, monkeypatch):
    from kit.tokenization import pipeline

    monkeypatch.setattr(pipeline, "MIN_CHUNK_CHARS", 30)
    monkeypatch.setattr(pipeline, "MAX_CHUNK_CHARS", 60)
    texts = TEXTS * 6
    corpus = Corpus.from_texts(texts, name="p")
    assert len(pipeline._plan_chunks(texts, "k")) > 2
    one = tokenize_quietly(corpus, PHRASES, n_jobs=1, cache=False)
    two = tokenize_quietly(corpus, PHRASES, n_jobs=2, cache=False)
    pd.testing.assert_frame_equal(one.frame, two.frame)


def test_module_is_callable(model):
    import kit

    tokens = kit.tokenize(Corpus.from_texts(["久久为功"]), ["久久为功"], cache=False)
    assert tokens.frame["token"].tolist() == ["久久为功"]


def test_every_literal_form_of_the_bundled_lexicon_stays_whole(model):
    """Every literal form of the shipped lexicon (phrases, variants, quoted
    forms) comes out as one token in every carrier sentence.

    The forms are batched: one text per carrier sentence, with one carrier
    line per form, so the check costs a few segmentations instead of one per
    form and context (the lexicon has well over a thousand forms)."""
    from kit.lexicon import load_lexicon
    from kit.tokenization.segmenter import phrase_matcher, segment

    lexicon = load_lexicon()
    phrases = lexicon.protected_phrases()
    assert len(phrases) >= 1200 and "做到“两个维护”" in phrases and "“九五”计划" in phrases
    matcher = phrase_matcher(tuple(phrases))
    split = {}
    for context in kt.CARRIER_CONTEXTS:
        before = context.index("{}")
        lines = [context.format(phrase) for phrase in phrases]
        # segment() treats whitespace as a boundary, so a newline keeps the
        # carrier sentences apart exactly as if each were segmented alone
        tokens, starts, _ = segment("\n".join(lines), matcher, model=model)
        whole = set(zip(starts, tokens))
        offset = 0
        for phrase, line in zip(phrases, lines):
            if (offset + before, phrase) not in whole:
                split.setdefault(phrase, context)
            offset += len(line) + 1
    assert not split, f"{len(split)} forms split, e.g. {list(split.items())[:10]}"


def test_no_lexicon_means_the_bundled_lexicon_as_everywhere(tmp_path):
    """lexicon=None is the bundled lexicon in tokenize as in every analysis; [] protects nothing."""
    import kit

    corpus = Corpus.from_texts(["全力打通服务群众“最后一米”。"])
    default = kt.tokenize(corpus, cache_dir=tmp_path)
    bundled = kt.tokenize(corpus, kit.load_lexicon(), cache_dir=tmp_path)
    assert default.frame["token"].tolist() == bundled.frame["token"].tolist()
    assert "最后一米" in default.frame["token"].tolist()
    assert default.provenance["lexicon_hash"] == kit.load_lexicon().hash
    assert "最后一米" not in kt.tokenize(corpus, [], cache_dir=tmp_path).frame["token"].tolist()
