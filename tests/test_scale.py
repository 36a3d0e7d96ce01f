"""Lazy corpora and Dask: partition-wise analyses give the in-memory tables, row for row.

The corpus is a few hundred short documents cut into many partitions; the
Dask tests start a real scheduler and workers on 127.0.0.1 (bounded by
timeouts, stopped at the end).
"""
from __future__ import annotations

import functools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal

import kit
from kit.analysis._document_counts import DocumentCounts
from kit.corpus import Corpus
from kit.lazy_corpus import LazyCorpus, Partition
from kit.lexicon import Lexicon
from kit.scheduling import map_partitions

N_DOCS = 240
PHRASES = ["急难愁盼", "获得感", "最后一公里", "高质量发展", "新时代"]
LEXICON = Lexicon.from_entries([{"phrase": p, "category": "民生"} for p in PHRASES])


def _records():
    """Documents whose texts, dates and genres vary, so every count differs by group and partition."""
    records = []
    for i in range(N_DOCS):
        used = [PHRASES[(i + k) % len(PHRASES)] for k in range(1 + i % 3)]
        text = "。".join(f"第{i}篇谈{p}的问题，群众关心{used[0]}" for p in used) + "。\n另一段讲经济工作。"
        records.append({"doc_id": f"d{i:04d}", "title": f"标题{PHRASES[i % 5]}" if i % 4 else "",
                        "text": text, "date": f"{2010 + i % 12}-0{1 + i % 9}-1{i % 10}",
                        "genre": ("news", "commentary", "feature")[i % 3]})
    return records


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    records = _records()
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    frame = pd.DataFrame(records)
    frame.to_csv(folder / "corpus.csv", index=False)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / "corpus.parquet",
                   row_group_size=25)
    pages = folder / "pages"
    pages.mkdir()
    for i, record in enumerate(records[:40]):
        (pages / f"article-{i:03d}.txt").write_text(record["text"], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def eager(corpus_files):
    return kit.read_corpus(corpus_files / "corpus.jsonl")


@pytest.fixture(scope="module")
def lazy(corpus_files):
    return kit.read_corpus(corpus_files / "corpus.jsonl", lazy=True, partition_bytes=2_000)


def test_a_lazy_read_is_many_partitions_that_hold_the_documents_read_in_memory(corpus_files, eager, lazy):
    assert lazy.n_partitions > 10
    assert_frame_equal(lazy.compute().docs, eager.docs)
    for name, size in (("corpus.csv", 3_000), ("corpus.parquet", None), ("pages", 600)):
        whole = kit.read_corpus(corpus_files / name) if name != "corpus.parquet" else None
        parts = kit.read_corpus(corpus_files / name, lazy=True, partition_bytes=size)
        assert parts.n_partitions > 3, name
        if whole is not None:
            assert_frame_equal(parts.compute().docs, whole.docs)
    parquet = kit.read_corpus(corpus_files / "corpus.parquet", lazy=True).compute()
    assert parquet.docs["doc_id"].tolist() == eager.docs["doc_id"].tolist()
    assert parquet.texts == eager.texts


def test_a_csv_record_that_spans_lines_is_never_cut(tmp_path):
    rows = pd.DataFrame({"text": [f"第{i}段\n\"引\"第二行，急难愁盼" for i in range(60)]})
    rows.to_csv(tmp_path / "quoted.csv", index=False)
    whole = kit.read_corpus(tmp_path / "quoted.csv")
    parts = kit.read_corpus(tmp_path / "quoted.csv", lazy=True, partition_bytes=200)
    assert parts.n_partitions > 5
    assert_frame_equal(parts.compute().docs, whole.docs)


def test_lazy_find_count_and_cooccurrence_are_the_in_memory_tables(eager, lazy):
    assert_frame_equal(kit.find(lazy, LEXICON), kit.find(eager, LEXICON))
    for options in ({}, {"by": "genre"}, {"by": ["genre"], "overlap": "leftmost-longest"},
                    {"fields": ("title", "text")}):
        assert_frame_equal(kit.count(lazy, LEXICON, **options), kit.count(eager, LEXICON, **options))
    for unit in ("sentence", "paragraph", "document"):
        assert_frame_equal(kit.cooccurrence(lazy, LEXICON, unit=unit),
                           kit.cooccurrence(eager, LEXICON, unit=unit))
    for period in ("month", "year"):
        lazy_trend, whole_trend = kit.trend(lazy, period=period, lexicon=LEXICON), kit.trend(eager, period=period, lexicon=LEXICON)
        assert_frame_equal(lazy_trend, whole_trend)
        assert {k: v for k, v in lazy_trend.attrs.items() if k != "call"} == \
            {k: v for k, v in whole_trend.attrs.items() if k != "call"}


@pytest.mark.parametrize("batch", [1, 2, 16])
def test_partition_counts_joined_in_batches_are_the_counts_of_the_whole(eager, lazy, batch, monkeypatch):
    from kit.analysis import _partitioned

    monkeypatch.setattr(_partitioned, "JOIN_BATCH", batch)
    assert lazy.n_partitions > batch + 1  # at least one join of a full batch, then a last one
    one = LazyCorpus.from_corpus(eager, n_partitions=1)  # one partition: nothing to join
    for corpus in (lazy, one):
        assert_frame_equal(kit.count(corpus, LEXICON, by="genre"), kit.count(eager, LEXICON, by="genre"))
        assert_frame_equal(kit.trend(corpus, period="year", lexicon=LEXICON),
                           kit.trend(eager, period="year", lexicon=LEXICON))
        assert_frame_equal(kit.keyness(corpus, by="genre", group="news", lexicon=LEXICON, unit="both"),
                           kit.keyness(eager, by="genre", group="news", lexicon=LEXICON, unit="both"))


def test_lazy_tokens_and_keyness_are_the_in_memory_ones(eager, lazy):
    tokens = kit.tokenize(lazy, LEXICON)
    assert isinstance(tokens, kit.LazyTokens)
    in_memory = kit.tokenize(eager, LEXICON)
    assert tokens.n_tokens == len(in_memory.frame)
    assert_frame_equal(tokens.compute().frame, in_memory.frame)
    assert_frame_equal(kit.keyness(lazy, by="genre", group="news", lexicon=LEXICON, unit="both"),
                       kit.keyness(eager, by="genre", group="news", lexicon=LEXICON, unit="both"))
    news, rest = eager.where(genre="news"), eager.where(genre=["commentary", "feature"])
    lazy_news = LazyCorpus.from_corpus(news, n_partitions=7)
    assert_frame_equal(kit.keyness(lazy_news, rest, lexicon=LEXICON, unit="entry", min_range=1),
                       kit.keyness(news, rest, lexicon=LEXICON, unit="entry", min_range=1))
    assert_frame_equal(kit.count(lazy, LEXICON, tokens=tokens), kit.count(eager, LEXICON, tokens=in_memory))
    for node in ("群众", "急难愁盼"):
        assert_frame_equal(kit.collocates(lazy, node, tokens=tokens, lexicon=LEXICON, min_freq=1, min_joint=1),
                           kit.collocates(eager, node, tokens=in_memory, lexicon=LEXICON, min_freq=1, min_joint=1))
    for node, hint in (("愁盼", "never as a whole token"), ("台风", "does not occur in the text")):
        with pytest.warns(UserWarning, match=hint):
            assert kit.collocates(lazy, node, tokens=tokens, lexicon=LEXICON).empty


def _discovery_corpus() -> Corpus:
    """News-like texts whose formulas are found only when partitions are joined.

    两个文明 stands free in two documents far apart (a free numbered formula
    must recur), 一站一品 and 一社一品 each once (a template needs two
    instances), and the cohesive strings recur across the whole corpus.
    """
    slogans = ["最后一米", "微心愿", "积分超市", "红色物业", "小哥医院"]
    texts = []
    for i in range(180):
        parts = [f"社区打通“{slogans[i % 5]}”，居民说好。",
                 f"街道推进网格治理{'，以党建为引领，' if i % 7 == 0 else '，'}办好民生实事。"]
        if i % 11 == 0:
            parts.append("通过“需求—资源—项目”三清单精准对接，落实三会一课。")
        if i % 13 == 0:
            parts.append("增强获得感、幸福感和安全感，推出“1+4+N”模式。")
        if i in (3, 150):
            parts.append("坚持两个文明建设。")
        if i == 10:
            parts.append("构建“一站一品”矩阵。")
        if i == 170:
            parts.append("推行“一社一品”。")
        if i % 9 == 0:
            parts.append("从“被动应对”向“主动治理”转变。")
        if i == 100:
            parts.append("坚持以群众满意为标准，")
        if i % 5 == 0:
            parts.insert(0, "本报记者王三报道：")
        texts.append("".join(parts) + f"\n第{i}号简报。")
    return Corpus.from_texts(texts, name="discovery")


def test_lazy_discover_is_the_in_memory_table():
    corpus = _discovery_corpus()
    reference = Corpus.from_texts(["社区居民说好，街道办好民生实事。" * (1 + i % 3) for i in range(60)],
                                  name="reference")
    lazy_corpus = LazyCorpus.from_corpus(corpus, documents_per_partition=7)
    lazy_reference = LazyCorpus.from_corpus(reference, n_partitions=4)
    assert lazy_corpus.n_partitions > 20
    for options in ({}, {"vocabulary": None, "min_length": 1, "max_length": 5},
                    {"kinds": ["numbered", "template"], "min_repeats": 2}):
        whole = kit.discover(corpus, **options)
        parted = kit.discover(lazy_corpus, **options)
        assert_frame_equal(parted, whole)
        assert parted.attrs["dropped"] == whole.attrs["dropped"]
        assert parted.attrs["datelines"] == whole.attrs["datelines"]
        if not options:
            # found only when the partitions' matches are joined; a dateline fragment dropped
            assert {"两个文明", "一站一品", "一社一品", "以群众满意为标准"} <= set(whole["candidate"])
            assert whole.attrs["datelines"]
    for reference_side in (reference, lazy_reference):
        whole = kit.discover(corpus, reference=reference)
        parted = kit.discover(lazy_corpus, reference=reference_side)
        assert_frame_equal(parted, whole)
        assert parted.attrs["dropped"] == whole.attrs["dropped"]
    assert whole["log_ratio"].notna().all()
    assert {"最后一米", "需求—资源—项目"} <= set(whole["candidate"])


def test_stacked_counts_are_the_counts_of_the_whole():
    items = pd.DataFrame({"kind": ["token", "token"], "item": ["乙", "甲"]})
    a = DocumentCounts.from_occurrences([0, 1, 1], [0, 0, 1], items,
                                        pd.DataFrame({"doc_id": ["a1", "a2"], "size": [5, 5]}))
    b = DocumentCounts.from_occurrences([0], [0], items.iloc[[0]],
                                        pd.DataFrame({"doc_id": ["b1"], "size": [3]}))
    both = DocumentCounts.stack([a, b], keys=["kind", "item"])
    assert both.items["item"].tolist() == ["乙", "甲"]
    assert both.frequency().tolist() == [2, 2]
    assert both.document_frequency().tolist() == [2, 2]
    assert both.docs["doc_id"].tolist() == ["a1", "a2", "b1"]
    with pytest.raises(ValueError, match="different items"):
        DocumentCounts.stack([a, b])


def test_results_come_back_in_partition_order_from_local_processes():
    assert map_partitions(abs, [-3, 1, -2, 5], n_jobs=2, progress=False) == [3, 1, 2, 5]
    assert map_partitions(abs, [-3, 1, -2], combine=lambda a, b: a * 10 + b, progress=False) == 312


def test_bad_input_to_a_lazy_read_is_refused_in_one_line(tmp_path, lazy):
    with pytest.raises(FileNotFoundError):
        kit.read_corpus(tmp_path / "missing", lazy=True)
    with pytest.raises(ValueError, match="partition_bytes"):
        kit.read_corpus(tmp_path, lazy=True, partition_bytes=-1)
    with pytest.raises(ValueError, match="lazy corpus"):
        kit.count(lazy, LEXICON, by="field")
    with pytest.raises(KeyError, match="no_such_column"):
        kit.count(lazy, LEXICON, by="no_such_column")
    with pytest.raises(TypeError, match="LazyTokens"):
        kit.count(lazy, LEXICON, tokens=pd.DataFrame())


# -- a real Dask cluster on 127.0.0.1 ------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(arguments, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dask", *arguments], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _worker(address, env, name) -> subprocess.Popen:
    return _start(["worker", address, "--nworkers", "1", "--nthreads", "1", "--no-nanny",
                   "--no-dashboard", "--name", name, "--host", "127.0.0.1", "--death-timeout", "60"], env)


def _wait_for_workers(client, n: int, timeout: float = 90) -> None:
    client.wait_for_workers(n, timeout=timeout)


@pytest.fixture(scope="module")
def cluster():
    """A `dask scheduler` and two `dask worker` processes on 127.0.0.1, stopped afterwards."""
    distributed = pytest.importorskip("distributed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    processes = [_start(["scheduler", "--host", "127.0.0.1", "--port", str(port),
                         "--dashboard-address", ":0", "--idle-timeout", "600"], env)]
    client = None
    try:
        processes += [_worker(address, env, f"w{i}") for i in range(2)]
        client = distributed.Client(address, timeout="60s", set_as_default=False)
        _wait_for_workers(client, 2)
        yield client, address, env
    finally:
        if client is not None:
            client.close(timeout=10)
        for process in reversed(processes):
            _stop(process)


def _slow_partition(docs: pd.DataFrame, name: str, delay: float) -> Corpus:
    """A partition that takes ``delay`` seconds to load, so a run lasts long enough to lose a worker."""
    time.sleep(delay)
    return Corpus(docs, name=name)


def _slow(corpus: Corpus, n_partitions: int, delay: float) -> LazyCorpus:
    per = -(-len(corpus) // n_partitions)
    partitions = [Partition(functools.partial(_slow_partition, corpus.docs.iloc[i:i + per].reset_index(drop=True),
                                              corpus.name, delay), f"slow {i}", 1)
                  for i in range(0, len(corpus), per)]
    return LazyCorpus(partitions, name=corpus.name)


@pytest.mark.slow
def test_a_dask_cluster_gives_the_single_process_tables(cluster, eager, lazy, tmp_path):
    client, address, _ = cluster
    tokens_here = kit.tokenize(eager, LEXICON, cache_dir=tmp_path / "here")
    tokens_there = kit.tokenize(eager, LEXICON, cache_dir=tmp_path / "there", scheduler=address)
    assert_frame_equal(tokens_there.frame, tokens_here.frame)
    lazy_tokens = kit.tokenize(lazy, LEXICON, cache_dir=tmp_path / "lazy", scheduler=client)
    assert_frame_equal(lazy_tokens.compute().frame, tokens_here.frame)
    assert_frame_equal(kit.count(lazy, LEXICON, by="genre", scheduler=client),
                       kit.count(eager, LEXICON, by="genre"))
    assert_frame_equal(kit.count(eager, LEXICON, scheduler=address), kit.count(eager, LEXICON))
    assert_frame_equal(kit.keyness(lazy, by="genre", group="news", lexicon=LEXICON, unit="both",
                                   tokens=lazy_tokens, scheduler=client),
                       kit.keyness(eager, by="genre", group="news", lexicon=LEXICON, unit="both",
                                   tokens=tokens_here))
    discovery = _discovery_corpus()
    assert_frame_equal(kit.discover(LazyCorpus.from_corpus(discovery, n_partitions=9), scheduler=client),
                       kit.discover(discovery))


@pytest.mark.slow
def test_a_worker_killed_during_a_run_changes_nothing(cluster, eager):
    client, address, env = cluster
    doomed = _worker(address, env, "doomed")
    try:
        _wait_for_workers(client, 3)
        slow = _slow(eager, n_partitions=24, delay=0.4)
        result: dict = {}
        run = threading.Thread(target=lambda: result.update(
            table=kit.count(slow, LEXICON, by="genre", scheduler=client)), daemon=True)
        run.start()
        doomed_address = next(a for a, w in client.scheduler_info()["workers"].items() if w["name"] == "doomed")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not client.processing().get(doomed_address):
            time.sleep(0.05)
        time.sleep(0.3)  # it is loading a partition now
        assert run.is_alive(), "the run ended before the worker could be killed"
        os.killpg(doomed.pid, signal.SIGKILL)
        run.join(timeout=240)
        assert not run.is_alive(), "the run did not finish after a worker was killed"
        assert_frame_equal(result["table"], kit.count(eager, LEXICON, by="genre"))
    finally:
        _stop(doomed)


def test_the_command_line_counts_a_lazy_corpus_as_it_counts_one_in_memory(corpus_files, capsys):
    from kit.cli import main

    assert main(["count", str(corpus_files / "corpus.jsonl"), "--nonzero"]) == 0
    in_memory = capsys.readouterr().out
    assert main(["count", "--lazy", str(corpus_files / "corpus.jsonl"), "--nonzero"]) == 0
    assert capsys.readouterr().out == in_memory
    assert main(["discover", str(corpus_files / "corpus.jsonl"), "--kinds", "cohesive", "--min-frequency", "3"]) == 0
    in_memory = capsys.readouterr().out
    assert "群众关心" in in_memory
    assert main(["discover", "--lazy", str(corpus_files / "corpus.jsonl"), "--kinds", "cohesive",
                 "--min-frequency", "3"]) == 0
    assert capsys.readouterr().out == in_memory
