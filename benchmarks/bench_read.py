"""Reading speed of the People's Daily 1998 reference corpus, in MB/s of the
file, against plain ``open().read()`` of the same file in the same run.

Run: ``python benchmarks/bench_read.py`` (best of 3 runs each).
"""
from __future__ import annotations

import time
from pathlib import Path

from kit.io.page import read_page
from kit.io.reference import gold_tokens, reference_corpus, reference_path


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    path = reference_path()
    megabytes = path.stat().st_size / 1e6

    def plain_read():
        with open(path, encoding="utf-8") as handle:
            handle.read()

    rows = [
        ("open().read() (baseline)", best_of(3, plain_read)),
        ("kit.reference_corpus()", best_of(3, reference_corpus)),
        ("kit.io.reference.gold_tokens()", best_of(3, gold_tokens)),
    ]
    print(f"{path.name}: {megabytes:.2f} MB")
    for label, seconds in rows:
        print(f"{label:34s} {seconds:7.3f} s  {megabytes / seconds:8.1f} MB/s")
    page = Path(__file__).resolve().parents[1] / "data" / "raw" / "lvliang-daily-2026-01-page.md"
    print(f"{'kit.read_page(sample page)':34s} {best_of(3, lambda: read_page(page)):7.3f} s")


if __name__ == "__main__":
    main()
