"""Benchmark: `make figures`, cold on a fresh clone and warm, notebooks side by side and one at a time.

Measures, in one run, on a fresh clone of the committed kit (set-up excluded:
the clone runs with this checkout's environment, its own code first on the
path, its own compiled segmenter, and its own empty ``data/cache/``):

- **cold**: every notebook, every cache empty (the tokens of the People's
  Daily, the parsed reference corpus, the PDF font subsets …), notebooks
  side by side (one per CPU, as ``make figures`` runs them);
- **warm**: the same again, every cache full (the analyses' stored results
  and the figures' drawings included);
- **warm, analyses and figures made again** (``KIT_RESULT_CACHE=0``): every
  analysis computed and every figure drawn, as after a change to the kit's
  code, with the tokens and the parsed corpora still cached;
- **warm, one at a time** (``JOBS=1``): the baseline for running side by side;

each with its wall time, the CPU time of every process it started (the
runner and the notebooks' kernels, sampled), and each notebook's own time.
It also checks that the warm runs changed no file the cold run wrote.

The command timed is what ``make figures`` runs after its set-up check:
``python -m kit.notebooks --from-environment notebooks/*.ipynb
notebooks/teacher/*.ipynb``; ``make env`` with a ready environment (the
stamp check) is timed apart.

Run: ``.venv/bin/python benchmarks/bench_figures.py [--keep DIR]``.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAN = re.compile(r"^kit: ran (\S+\.ipynb) \(([\d.]+) s\)$")
#: A warm run that keeps no analysis result and no figure drawing: what a run
#: costs after a change to the kit's code, which makes all of them anew.
AFTER_A_CHANGE = "warm, analyses and figures made again (KIT_RESULT_CACHE=0)"


class CpuSampler:
    """CPU seconds of a process and every process it starts, sampled every 0.2 s."""

    def __init__(self, pid: int):
        import psutil

        self._root = psutil.Process(pid)
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self._root] + self._root.children(recursive=True)
            except psutil.Error:
                processes = []
            for process in processes:
                try:
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                self._seen[process.pid] = max(self._seen.get(process.pid, 0.0), times.user + times.system)
            self._stop.wait(0.2)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(self._seen.values())


def run_figures(clone: Path, jobs: int | None, settings: dict | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(clone)}
    for variable in ("KIT_CACHE_DIR", "KIT_FIGURES_DIR", "KIT_RESULT_CACHE", "CORPUS", "OUTPUT", "LEXICON"):
        env.pop(variable, None)
    env.update(settings or {})
    if jobs is not None:
        env["JOBS"] = str(jobs)
    notebooks = sorted(str(p.relative_to(clone)) for p in (clone / "notebooks").glob("*.ipynb"))
    notebooks += sorted(str(p.relative_to(clone)) for p in (clone / "notebooks" / "teacher").glob("*.ipynb"))
    command = [sys.executable, "-m", "kit.notebooks", "--from-environment", *notebooks]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sampler = CpuSampler(process.pid)
    except ImportError:
        sampler = None
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    cpu = sampler.stop() if sampler else float("nan")
    if process.returncode != 0:
        raise SystemExit(f"bench_figures: the run failed ({process.returncode}):\n{err[-2000:]}")
    per_notebook = {m.group(1): float(m.group(2)) for m in map(RAN.match, out.splitlines()) if m}
    return {"seconds": seconds, "cpu": cpu, "notebooks": per_notebook, "log": out}


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="clone into this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"bench_figures: {cpus} CPU(s), load average {os.getloadavg()[0]:.2f} at the start")

    started = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "env"], cwd=ROOT, check=True, capture_output=True)
    setup_check = time.perf_counter() - started

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kit-bench-figures-"))
    clone = base / "kit"
    if clone.exists():
        shutil.rmtree(clone)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    # the clone's own compiled segmenter (make env builds it in place; set-up, not timed)
    subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=clone, check=True,
                   capture_output=True)
    try:
        runs = {"cold": run_figures(clone, None)}
        written = snapshot(clone / "figures")
        runs["warm"] = run_figures(clone, None)
        runs[AFTER_A_CHANGE] = run_figures(clone, None, {"KIT_RESULT_CACHE": "0"})
        runs["warm, one at a time"] = run_figures(clone, 1)
        unchanged = snapshot(clone / "figures") == written
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print(f"commit {commit}; `make env` with a ready environment: {setup_check:.1f} s (not in the times below)\n")
    print(f"| run | wall | CPU (runner and kernels) |")
    print(f"|---|---|---|")
    for name, run in runs.items():
        print(f"| {name} | {run['seconds']:.1f} s | {run['cpu']:.1f} s |")
    cold, warm, serial = runs["cold"], runs["warm"], runs["warm, one at a time"]
    print(f"\nwarm vs cold: {cold['seconds'] / warm['seconds']:.2f}x faster; "
          f"side by side vs one at a time (warm): {serial['seconds'] / warm['seconds']:.2f}x faster")
    print(f"the warm runs changed no file of the cold run's figures/: {unchanged}\n")
    print("| notebook | cold | warm | warm, analyses and figures made again | warm, one at a time |")
    print("|---|---|---|---|---|")
    for notebook in cold["notebooks"]:
        print(f"| {notebook} | " + " | ".join(f"{run['notebooks'].get(notebook, float('nan')):.1f} s"
                                             for run in (cold, warm, runs[AFTER_A_CHANGE], serial)) + " |")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 0 if unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
