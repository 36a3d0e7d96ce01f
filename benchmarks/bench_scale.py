"""Benchmark: corpora larger than memory, and 1 vs 2 Dask workers.

Builds ×1, ×10, ×50 (and, with ``--sizes 1,10,50,100``, ×100) copies of the
People's Daily of January 1998 (1.80 M characters, 3,516 articles) as JSONL
files, each copy made distinct (a line naming the copy ends every article,
so the token cache cannot serve one copy's tokens for another), and reads
them with ``kit.read_corpus(folder, lazy=True)``.

For each size, in a fresh process (so peak memory is that run's alone):

- ``count``, ``cooccurrence`` (sentences) and ``keyness`` (entries, one half
  of the articles against the other) of the lazy corpus: characters per
  second and peak resident memory (VmHWM);
- the baseline, measured in the same run: ``kit.count`` of the same corpus
  read whole into memory, at ×1 and ×10.

The tokens keyness needs are made first with ``kit.tokenize(lazy, n_jobs=2)``
(timed too); the segmenter's model is not loaded by the keyness run, which
reads tokens from the cache.  Then ``kit.tokenize`` of a ×2 slice, uncached,
on a Dask ``LocalCluster`` of 1 and then 2 single-threaded worker processes.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--sizes 1,10,50] [--work DIR]``
(default work folder: $TMPDIR/kit-bench-scale; about 6 MB of JSONL and
30 MB of token cache per copy).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHARS_PER_COPY = 1_797_025


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (user + system).

    On a machine shared with other jobs, wall time depends on the load;
    characters per CPU second is the per-core rate a cluster would see.
    """
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_copies(work: Path, copies: int) -> Path:
    """``copies`` distinct copies of the corpus as JSONL files in ``work/x{copies}``."""
    folder = work / f"x{copies}"
    stamp = folder / ".complete"
    if stamp.exists():
        return folder
    from kit.io.reference import reference_corpus

    docs = reference_corpus("peoples_daily_1998").docs
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        path = folder / f"copy-{copy:03d}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for i, (doc_id, title, text, date) in enumerate(zip(docs["doc_id"], docs["title"], docs["text"],
                                                                docs["date"])):
                out.write(json.dumps({"doc_id": f"c{copy:03d}-{doc_id}", "title": title,
                                      "text": f"{text}\n第{copy + 1}份副本。",
                                      "date": "" if date != date else str(date.date()),
                                      "half": "a" if i % 2 else "b"}, ensure_ascii=False) + "\n")
    stamp.write_text("ok")
    return folder


def run_child(*arguments: str) -> dict:
    """One measurement in a fresh process; its JSON line."""
    output = subprocess.run([sys.executable, __file__, "--child", *arguments], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(kind: str, folder: str, cache: str) -> None:
    """Run one analysis and print its time, characters and peak memory as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    import kit
    from kit.tokenization.lazy_tokens import LazyTokens
    from kit.tokenization.segmenter import DEFAULT_ENGINE

    lexicon = kit.load_lexicon()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    if kind == "count-in-memory":
        corpus = kit.read_corpus(folder)
        kit.count(corpus, lexicon)
        characters = int(corpus.docs["text"].str.len().sum())
    else:
        corpus = kit.read_corpus(folder, lazy=True)
        characters = None
        if kind == "count":
            kit.count(corpus, lexicon)
        elif kind == "cooccurrence":
            kit.cooccurrence(corpus, lexicon)
        elif kind == "tokenize":
            kit.tokenize(corpus, lexicon, n_jobs=2, cache_dir=cache, progress=False)
        elif kind == "keyness":
            tokens = LazyTokens(corpus, lexicon, Path(cache), DEFAULT_ENGINE)
            kit.keyness(corpus, by="half", group="a", lexicon=lexicon, unit="entry", tokens=tokens)
        else:
            raise SystemExit(f"unknown measurement {kind}")
    elapsed = time.perf_counter() - started
    print(json.dumps({"kind": kind, "seconds": elapsed, "cpu": cpu_seconds() - cpu_started,
                      "characters": characters, "peak_mb": peak_rss_mb()}))


def _load_segmenter() -> None:
    """Load the segmenter in a worker; returns nothing (the model itself does not travel back)."""
    from kit.tokenization.segmenter import load_model

    load_model()


def dask_tokenize(folder: Path, work: Path) -> dict:
    """kit.tokenize of a slice on LocalClusters of 1 and 2 workers, uncached, same tokens."""
    from distributed import Client, LocalCluster

    import kit

    lexicon = kit.load_lexicon()
    corpus = kit.read_corpus(folder, lazy=True, partition_bytes=2 * 2**20)
    results = {}
    frames = {}
    for workers in (1, 2):
        cache = work / f"dask-cache-{workers}"
        shutil.rmtree(cache, ignore_errors=True)
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            # warm up: each worker loads the segmenter once (mapped, shared pages)
            client.run(_load_segmenter)
            started = time.perf_counter()
            tokens = kit.tokenize(corpus, lexicon, cache_dir=cache, scheduler=client, progress=False)
            results[workers] = time.perf_counter() - started
        frames[workers] = tokens.n_tokens
    return {"seconds_1": results[1], "seconds_2": results[2], "speedup": results[1] / results[2],
            "same_tokens": frames[1] == frames[2], "tokens": frames[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,50", help="copies of the corpus to measure (default 1,10,50)")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "kit-bench-scale"))
    parser.add_argument("--kinds", default="count,cooccurrence,tokenize,keyness",
                        help="lazy measurements to run (default: all four)")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    work = Path(args.work)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"work folder {work}; sizes ×{', ×'.join(map(str, sizes))}", flush=True)
    rows = []
    for copies in sizes:
        started = time.perf_counter()
        folder = build_copies(work, copies)
        print(f"×{copies}: corpus written in {time.perf_counter() - started:.0f} s", flush=True)
        cache = work / f"cache-x{copies}"
        kinds = args.kinds.split(",")
        if "keyness" in kinds and "tokenize" not in kinds:
            kinds.insert(kinds.index("keyness"), "tokenize")  # keyness reads the tokens from the cache
        if copies <= 10 and "count" in kinds:
            kinds.insert(0, "count-in-memory")
        for kind in kinds:
            if kind == "tokenize":
                shutil.rmtree(cache, ignore_errors=True)  # measured uncached
            result = run_child(kind, str(folder), str(cache))
            characters = result["characters"] or copies * CHARS_PER_COPY
            rate = characters / result["seconds"]
            rows.append((copies, kind, result["seconds"], rate, result["peak_mb"]))
            print(f"×{copies:<4} {kind:16} {result['seconds']:8.1f} s {rate / 1e6:6.2f} M chars/s "
                  f"CPU {result['cpu']:8.1f} s {characters / result['cpu'] / 1e6:6.2f} M chars/CPU-s "
                  f"peak {result['peak_mb']:7.0f} MB", flush=True)
    print("\npeak memory growth (lazy), from the smallest size at least ×10 to the largest:")
    measured = sorted({c for c, *_ in rows if c >= 10})
    if len(measured) >= 2:
        low, high = measured[0], measured[-1]
        for kind in ("count", "cooccurrence", "keyness", "tokenize"):
            peaks = {c: p for c, k, _, _, p in rows if k == kind}
            if low not in peaks or high not in peaks:
                continue
            print(f"  {kind:14} ×{low}: {peaks[low]:.0f} MB  ×{high}: {peaks[high]:.0f} MB  "
                  f"growth {100 * (peaks[high] / peaks[low] - 1):+.1f}%")
    in_memory = {c: p for c, k, _, _, p in rows if k == "count-in-memory"}
    lazy = {c: p for c, k, _, _, p in rows if k == "count"}
    for copies, peak in sorted(in_memory.items()):
        if copies in lazy:
                print(f"  count ×{copies}: in memory {peak:.0f} MB vs lazy {lazy[copies]:.0f} MB "
                  f"({peak / lazy[copies]:.2f}×)")
    if not args.skip_dask:
        slice_folder = build_copies(work, 2)
        result = dask_tokenize(slice_folder, work)
        print(f"\nDask LocalCluster, kit.tokenize of ×2 ({2 * CHARS_PER_COPY / 1e6:.1f} M chars), uncached: "
              f"1 worker {result['seconds_1']:.1f} s, 2 workers {result['seconds_2']:.1f} s: "
              f"{result['speedup']:.2f}× (tokens {result['tokens']:,}, same: {result['same_tokens']}); "
              f"per core {2 * CHARS_PER_COPY / result['seconds_1'] / 1e6:.2f} M chars/s", flush=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
