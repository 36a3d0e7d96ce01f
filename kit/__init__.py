"""The kit: read, tokenise, count and compare the language of Chinese news and
political discourse, and draw reproducible figures of it.

The public names below are imported on first use, so ``import kit`` is quick
and a command such as ``python -m kit.fonts`` does not load pkuseg.

Examples
--------
>>> import kit
>>> page = kit.read_page("data/raw/lvliang-daily-2026-01-page.md", source="吕梁日报")
>>> counts = kit.count(page, kit.load_lexicon())
>>> counts.loc[counts["entry"] == "急难愁盼", ["frequency", "doc_freq"]].values.tolist()
[[3, 3]]
"""
from __future__ import annotations

import importlib
from importlib import metadata

try:
    __version__ = metadata.version("kit")
except metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

# public name -> module that defines it
_EXPORTS = {
    "Corpus": "kit.corpus",
    "concat": "kit.corpus",
    "LazyCorpus": "kit.lazy_corpus",
    "LazyTokens": "kit.tokenization",
    "normalize": "kit.text",
    "split_sentences": "kit.text",
    "split_paragraphs": "kit.text",
    "read_page": "kit.io",
    "read_corpus": "kit.io",
    "reference_corpus": "kit.io",
    "load_lexicon": "kit.lexicon",
    "tokenize": "kit.tokenization",
    "explore": "kit.explorer",
    "Explorer": "kit.explorer",
    "Tokens": "kit.tokenization",
    "filter_tokens": "kit.tokenization",
    "check_protection": "kit.tokenization",
    "load_stopwords": "kit.tokenization",
    "Lexicon": "kit.lexicon",
    "LexiconError": "kit.lexicon",
    "find": "kit.analysis",
    "count": "kit.analysis",
    "count_tokens": "kit.analysis",
    "category_totals": "kit.analysis",
    "occurrence_positions": "kit.analysis",
    "disagreements": "kit.analysis",
    "kwic": "kit.analysis",
    "leading_formulas": "kit.analysis",
    "cooccurrence": "kit.analysis",
    "collocates": "kit.analysis",
    "keyness": "kit.analysis",
    "keyness_one_vs_rest": "kit.analysis",
    "trend": "kit.analysis",
    "era_profile": "kit.analysis",
    "anachronisms": "kit.analysis",
    "life_course": "kit.analysis",
    "suggest_period": "kit.analysis",
    "choose_period": "kit.analysis",
    "discover": "kit.analysis",
    "lexicon_from_candidates": "kit.analysis",
    "candidate_dispersion": "kit.analysis",
    "open_corpus": "kit.io",
    "corpus_label": "kit.io",
    "evaluate_segmentation": "kit.analysis.segeval",
    "segmentation_scores": "kit.analysis.segeval",
    "save_figure": "kit.figures",
    "Study": "kit.study",
    "read_manifest": "kit.figures",
    "check_manifest": "kit.figures",
    "resolve_cjk_font": "kit.fonts",
    "interactive_tables": "kit.tables",
    "keyness_scores": "kit.stats",
    "association_scores": "kit.stats",
    "dispersion_scores": "kit.stats",
    "adjust_p": "kit.stats",
    "log_ratio_ci": "kit.stats",
}
_SUBMODULES = {"lazy_corpus", "scheduling", "stats", "plot", "figures", "study", "fonts", "corpus", "lexicon", "text", "tokenization", "io",
               "analysis", "paths"}

_SUBMODULES |= {"explorer", "tables", "teaching"}
__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"kit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'kit' has no attribute {name!r}")


def __dir__():
    return __all__
