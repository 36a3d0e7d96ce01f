"""Benchmark: the explorer of the sample page against the People's Daily of January 1998.

Measures, in one run:

- building the explorer (``kit.explore``: one ``kit.kwic`` per item and side)
  against the keyness table it explores (``kit.keyness``, tokens cached);
- the size of the saved page, and of the page with larger caps;
- the time until the page is interactive in Debian's chromium (headless,
  driven by Playwright; best of several loads), against a baseline page of
  the same size that holds the same data as plain text and runs no script.

Run: ``.venv/bin/python benchmarks/bench_explore.py`` (needs /usr/bin/chromium).
"""
from __future__ import annotations

import html
import sys
import tempfile
import time
from pathlib import Path

import kit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
LOADS = 5


def best(function, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def load_times(url: str, ready_selector: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(LOADS):
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(ready_selector, state="attached")
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times


def main() -> int:
    page, reference = kit.open_corpus(None), kit.open_corpus("peoples_daily_1998")
    lexicon = kit.load_lexicon()
    page_tokens, reference_tokens = kit.tokenize(page, lexicon), kit.tokenize(reference, lexicon)
    arguments = dict(lexicon=lexicon, tokens=page_tokens, reference_tokens=reference_tokens)

    table = kit.keyness(page, reference, unit="both", min_freq=2, **arguments)
    keyness_time = best(lambda: kit.keyness(page, reference, unit="both", min_freq=2, **arguments), 2)
    explorer = kit.explore(table, page, reference, **arguments)
    explore_time = best(lambda: kit.explore(table, page, reference, **arguments), 2)
    larger = kit.explore(table, page, reference, max_items=1000, max_lines=100, **arguments)

    size = len(explorer.html.encode("utf-8"))
    lines = sum(len(a) + len(b) for a, b in explorer.payload["lines"])
    print(f"keyness table: {len(table):,} items; explorer: {len(explorer.payload['items'])} items, "
          f"{lines:,} lines, {len(explorer.payload['docs']):,} documents")
    print(f"kit.keyness (unit='both', tokens cached), best of 2: {keyness_time:.2f} s")
    print(f"kit.explore (defaults: 500 items, 40 lines), best of 2: {explore_time:.2f} s "
          f"({explore_time / keyness_time:.2f}× the keyness call)")
    print(f"page size: {size / 1e6:.2f} MB (defaults); {len(larger.html.encode('utf-8')) / 1e6:.2f} MB "
          f"with 1,000 items and 100 lines (cap for the sample: 5 MB)")

    if not Path(CHROMIUM).exists():
        print(f"no {CHROMIUM}: time to interactive not measured (apt-get install chromium)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "explorer.html"
        path.write_text(explorer.html, encoding="utf-8")
        # The baseline: the same bytes of data as plain text, no script to run.
        data = explorer.html.split('<script type="application/json" id="kit-data">', 1)[1]
        baseline = Path(folder) / "baseline.html"
        baseline.write_text("<!DOCTYPE html><meta charset=utf-8><pre>" + html.escape(data)
                            + "</pre><p id=end>end</p>", encoding="utf-8")
        explorer_times = load_times(path.as_uri(), "html[data-ready='1']")
        baseline_times = load_times(baseline.as_uri(), "#end")
    print(f"time to interactive in chromium (best of {LOADS}): {min(explorer_times):.3f} s; "
          f"all: {', '.join(f'{t:.3f}' for t in explorer_times)}")
    print(f"baseline, same size as plain text (best of {LOADS}): {min(baseline_times):.3f} s; "
          f"ratio {min(explorer_times) / min(baseline_times):.2f}× (target: interactive within 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
