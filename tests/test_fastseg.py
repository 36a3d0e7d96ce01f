"""The kit's segmenter returns exactly pkuseg's tokens; its converted model is cached, keyed and rebuilt.

pkuseg itself is the oracle throughout.  The whole 1998 corpus is compared by
benchmarks/bench_segmenter.py; here a few hundred varied paragraphs, the
sample page, the stress set (tests/stress_texts.py) and two small models
made up to exercise what the default model rarely does (exact ties, the
empty word, number and letter classes).
"""
from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pkuseg")

import kit.tokenization as kt  # noqa: E402
from kit.corpus import Corpus  # noqa: E402
from kit.tokenization import fastseg  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from stress_texts import stress_texts  # noqa: E402

PAGE = Path(__file__).resolve().parents[1] / "data" / "raw" / "lvliang-daily-2026-01-page.md"


@pytest.fixture(scope="session")
def oracle():
    return kt.load_model(engine="pkuseg")


@pytest.fixture(scope="session")
def segmenter():
    return kt.load_model(engine="kit")


def differing(texts, segmenter, oracle) -> list[tuple[str, list[str], list[str]]]:
    found = []
    for text in texts:
        ours, theirs = segmenter.cut(text), oracle.cut(text)
        if ours != theirs:
            found.append((text[:40], ours[:8], theirs[:8]))
    return found


@pytest.fixture(scope="session", params=["as in the file", "normalised"])
def gold_paragraphs(request):
    from kit.io.reference import gold_segmentation

    raw = request.param == "as in the file"  # full-width digits and letters, as published
    options = dict(fullwidth=False, symbols=False, quotes=False, whitespace=False) if raw else {}
    try:
        paragraphs = gold_segmentation(**options)
    except (FileNotFoundError, ImportError) as error:
        pytest.skip(f"the 1998 gold file is not available: {error}")
    return ["".join(words) for words in paragraphs]


def test_same_tokens_as_pkuseg_on_1998_paragraphs(gold_paragraphs, segmenter, oracle):
    # every 120th paragraph (a different half of them in each form): headlines,
    # datelines, long news paragraphs, tables of figures
    offset = 0 if any("１" in p for p in gold_paragraphs[:200]) else 60
    sample = gold_paragraphs[offset::120]
    assert len(sample) > 150
    assert differing(sample, segmenter, oracle) == []


def test_same_tokens_as_pkuseg_on_the_sample_page(segmenter, oracle):
    lines = [line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 20
    assert differing(lines, segmenter, oracle) == []
    assert segmenter.cut(PAGE.read_text(encoding="utf-8")) == oracle.cut(PAGE.read_text(encoding="utf-8"))


def test_same_tokens_as_pkuseg_on_the_stress_set(segmenter, oracle):
    texts = stress_texts()
    assert any(len(t) >= 10_000 for t in texts) and "" in texts
    assert differing(texts, segmenter, oracle) == []


def test_whitespace_and_empty_texts(segmenter):
    assert segmenter.cut("") == [] and segmenter.cut(" \u3000\n") == []
    assert segmenter.cut(" 群众\u3000急难 ") == ["群众", "急难"]
    with pytest.raises(TypeError):
        segmenter.cut(None)


# A small model in pkuseg's format: a handful of features of every kind,
# including some no text can ever produce, and weights of a few binary
# fractions, so that sums are exact and scores tie often.
TINY_WORDS = ["", "中国", "人民", "中国人民", "发展", "经济", "新华社", "北京", "A&B", "1998", "*", "金**",
              "最后", "一米", "共同富裕", "示范区", "ab"]
TINY_FEATURES = [
    "$$", "c.中", "c.国", "c.人", "c.**Num", "c.**Letter", "c.&", "c-1.中", "c-1.**Num", "c1.国", "c1.，",
    "c-2.人", "c2.民", "c2.**Letter", "c-1c.中.国", "c-1c.**Num.**Num", "cc1.人.民", "cc1.**Letter.**Num",
    "c-2c-1.中.国", "c-2c-1.最.后", "w-1.中国", "w1.中国", "w-1.人民", "w1.经济", "w-1.中国人民", "w1.A&B",
    "w-1.", "w1.", "ww.l.经济*发展", "ww.r.中国*人民", "ww.l.*中国", "ww.r.北京*", "ww.l.最后*一米",
    "ww.r.共同富裕*示范区",
    # never built from a text: digits are **Num, '-' becomes '&', '*' is not a node, three nodes in a pair
    "w-1.1998", "c.-", "cc1.a.b.c", "ww.l.金***人民",
]
TINY_TEXTS = [
    "中国人民", "经济发展", "新华社北京电", "中国人民经济发展新华社北京", "最后一米", "共同富裕示范区建设",
    "A.B公司", "A&B", "ab12ＡＢ１２", "１９９８年中国", "中", "中国", "人民中国", "**Num", "金**人民",
]


def write_tiny_model(folder: Path, weights: str, seed: int = 0) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    tags = {"B": 0, "B_single": 1, "I": 2, "I_end": 3, "I_first": 4}
    data = {"unigram": sorted(TINY_WORDS), "bigram": [], "tag_to_idx": tags,
            "feature_to_idx": {feature: i for i, feature in enumerate(TINY_FEATURES)}}
    with open(folder / "features.pkl", "wb") as handle:
        pickle.dump(data, handle)
    n_tags, n_features = len(tags), len(TINY_FEATURES)
    size = n_tags * (n_features + n_tags)
    if weights == "zero":  # every path ties: only the tie-breaking decides
        w = np.zeros(size)
    else:
        w = np.random.default_rng(seed).choice([-1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0], size=size)
    np.savez(folder / "weights.npz", sizes=np.array([n_tags, n_features]), w=w)
    # pkuseg merges every model's output with its bundled dictionary
    dictionary = fastseg.model_files()["dictionary"]
    return {"features": folder / "features.pkl", "weights": folder / "weights.npz", "dictionary": dictionary}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Two small models, converted (in a child process, as for the default model) and loaded by pkuseg."""
    import pkuseg

    models = {}
    for kind in ("dyadic", "zero"):
        folder = tmp_path_factory.mktemp(f"tiny-{kind}")
        files = write_tiny_model(folder / "model", kind)
        decoder = fastseg.load_segmenter(folder=folder / "segmenter", files=files)
        reference = pkuseg.pkuseg(model_name=str(folder / "model"))
        models[kind] = (decoder, reference, folder, files)
    return models


@pytest.mark.parametrize("kind", ["dyadic", "zero"])
def test_small_models_with_ties_and_edge_cases_match_pkuseg(tiny, kind):
    decoder, reference, _, _ = tiny[kind]
    texts = TINY_TEXTS + stress_texts(n_random=300, n_long=1, long_length=2000, seed=7)
    assert differing(texts, decoder, reference) == []


def test_conversion_keeps_every_feature_a_text_can_produce(tiny):
    _, _, folder, _ = tiny["dyadic"]
    (target,) = (folder / "segmenter").glob("pkuseg-default-*")
    counts = json.loads((target / "manifest.json").read_text())["counts"]
    assert counts["unreachable"] == 4  # the last four of TINY_FEATURES
    assert counts["kept"] == len(TINY_FEATURES) - 4


def test_converted_model_is_plain_arrays_keyed_by_the_files(tiny, monkeypatch):
    _, _, folder, files = tiny["dyadic"]
    segmenter_folder = folder / "segmenter"
    (target,) = segmenter_folder.glob("pkuseg-default-*")
    names = sorted(p.name for p in target.iterdir())
    assert "manifest.json" in names and all(n.endswith(".npy") for n in names if n != "manifest.json")
    for name in names:
        if name.endswith(".npy"):
            np.load(target / name, allow_pickle=False)  # no pickled object arrays
    # unchanged files are not hashed again: their hashes are remembered
    monkeypatch.setattr(fastseg, "file_sha256", lambda path: pytest.fail(f"{path} hashed again"))
    assert fastseg.prepare_model(segmenter_folder, files) == target


def test_changed_model_files_get_a_new_conversion(tmp_path, monkeypatch):
    files = write_tiny_model(tmp_path / "model", "dyadic", seed=1)
    first = fastseg.model_key(files, tmp_path)
    assert fastseg.model_key(files, tmp_path) == first
    write_tiny_model(tmp_path / "model", "dyadic", seed=2)  # other weights, same names
    second = fastseg.model_key(files, tmp_path)
    assert second != first
    converted = []
    monkeypatch.setattr(fastseg, "_convert", lambda files, target: converted.append(target))
    fastseg.prepare_model(tmp_path, files)
    assert converted == [tmp_path / f"pkuseg-default-{second}"]


def test_damaged_conversion_is_converted_again(tiny, tmp_path, capsys):
    import shutil

    decoder, _, folder, files = tiny["dyadic"]
    segmenter_folder = tmp_path / "segmenter"
    shutil.copytree(folder / "segmenter", segmenter_folder)
    (target,) = segmenter_folder.glob("pkuseg-default-*")
    weights = target / "weights.npy"
    size = weights.stat().st_size
    weights.write_bytes(weights.read_bytes()[:-16])  # truncated
    again = fastseg.load_segmenter(folder=segmenter_folder, files=files)
    assert "damaged" in capsys.readouterr().err
    assert weights.stat().st_size == size
    assert again.cut("中国人民经济发展新华社北京") == decoder.cut("中国人民经济发展新华社北京")


def test_broken_model_files_give_one_clear_error(tmp_path):
    files = write_tiny_model(tmp_path / "model", "dyadic")
    files["features"].write_bytes(b"not a pickle")
    with pytest.raises(fastseg.SegmenterUnavailable, match="converting pkuseg's model into .* failed: kit: cannot convert"):
        fastseg.prepare_model(tmp_path / "segmenter", files)


# kit.tokenize with either engine


TEXTS = [
    "全力打通服务群众“最后一米”，切实托起群众“稳稳的幸福”。\n靶向解决群众急难愁盼。",
    "  开头有空格 中间\u3000也有，结尾也有  ",
    "共同富裕示范县建设久久为功！共同富裕示范区建设稳步推进。",
    "１９９８年，中国人民决心继承邓小平同志的遗志。ＧＤＰ增长７．８％，www.people.com.cn",
]
PHRASES = ["最后一米", "急难愁盼", "稳稳的幸福", "共同富裕", "共同富裕示范区", "久久为功"]


def test_engines_give_identical_tokens_and_share_the_cache(tmp_path, monkeypatch):
    corpus = Corpus.from_texts(TEXTS, name="t")
    by_pkuseg = kt.tokenize(corpus, PHRASES, cache_dir=tmp_path, engine="pkuseg")
    (path,) = sorted(tmp_path.rglob("*.parquet"))
    import pyarrow.parquet as pq

    assert pq.read_schema(path).metadata[b"kit_engine"] == b"pkuseg"
    by_kit = kt.tokenize(corpus, PHRASES, cache=False, engine="kit")
    pd.testing.assert_frame_equal(by_kit.frame, by_pkuseg.frame)
    assert (by_kit.provenance["engine"], by_pkuseg.provenance["engine"]) == ("kit", "pkuseg")

    def refuse(*args, **kwargs):
        raise AssertionError("segmented although the other engine's cache holds the tokens")

    monkeypatch.setattr("kit.tokenization.pipeline._tokenize_chunk", refuse)
    served = kt.tokenize(corpus, PHRASES, cache_dir=tmp_path, engine="kit")
    pd.testing.assert_frame_equal(served.frame, by_pkuseg.frame)
    assert served.provenance["engine"] == "kit"


def test_default_engine_is_the_kits(tmp_path):
    tokens = kt.tokenize(Corpus.from_texts(["久久为功"]), cache=False)
    assert tokens.provenance["engine"] == "kit"
    assert isinstance(kt.load_model(), fastseg._compiled_module().Decoder)


def test_unknown_engine_is_refused_in_one_line():
    with pytest.raises(ValueError, match="engine must be one of 'kit', 'pkuseg'; got 'jieba'"):
        kt.tokenize(Corpus.from_texts(["一"]), engine="jieba")
    with pytest.raises(ValueError, match="engine must be one of"):
        kt.load_model(engine="fast")


def test_check_protection_is_the_same_with_either_engine():
    phrases = ["最后一米", "急 难", "共同富裕", "共同富裕示范区", "群众的急"]
    pd.testing.assert_frame_equal(kt.check_protection(phrases, engine="kit"), kt.check_protection(phrases, engine="pkuseg"))


def test_workers_give_the_same_tokens(tmp_path, monkeypatch):
    from kit.tokenization import pipeline

    monkeypatch.setattr(pipeline, "MIN_CHUNK_CHARS", 10)
    monkeypatch.setattr(pipeline, "MAX_CHUNK_CHARS", 40)
    corpus = Corpus.from_texts(TEXTS * 3)
    one = kt.tokenize(corpus, PHRASES, cache=False)
    two = kt.tokenize(corpus, PHRASES, cache=False, n_jobs=2)
    pd.testing.assert_frame_equal(one.frame, two.frame)


def test_abandoned_conversion_folders_are_removed(tmp_path):
    import os

    target = tmp_path / "pkuseg-default-abc"
    old, recent = tmp_path / f".{target.name}.1.tmp", tmp_path / f".{target.name}.2.tmp"
    for folder in (old, recent):
        folder.mkdir()
    os.utime(old, (0, 0))
    fastseg._remove_abandoned_conversions(target)
    assert not old.exists() and recent.exists()
