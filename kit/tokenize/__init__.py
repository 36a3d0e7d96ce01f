"""Tokenisation: pkuseg's default model, lexicon phrases kept whole, cached.

Layer: tokenize (imports kit.corpus, kit.text, kit.lexicon; never kit.io).

The module is callable, so both spellings work::

    tokens = kit.tokenize(corpus, lexicon)          # the module, called
    tokens = kit.tokenize.tokenize(corpus, lexicon)  # the function
    kit.tokenize.filter_tokens(tokens, remove_stopwords=True)
    kit.tokenize.check_protection(lexicon)

Examples
--------
>>> import kit
>>> tokens = kit.tokenize(kit.Corpus.from_texts(["久久为功。"]), ["久久为功"])  # doctest: +SKIP
>>> tokens.frame[["token", "start", "end"]].values.tolist()                   # doctest: +SKIP
[['久久为功', 0, 4], ['。', 4, 5]]
"""
from __future__ import annotations

import sys
import types

from kit.tokenize.cache import CorruptCacheWarning, default_cache_dir
from kit.tokenize.pipeline import TOKENIZER_VERSION, tokenize
from kit.tokenize.protection import CARRIER_CONTEXTS, check_protection, resolve_phrases
from kit.tokenize.segmenter import load_model
from kit.tokenize.stopwords import load_stopwords
from kit.tokenize.tokens import TOKEN_COLUMNS, Tokens, filter_tokens, token_table

__all__ = [
    "tokenize",
    "Tokens",
    "TOKEN_COLUMNS",
    "filter_tokens",
    "token_table",
    "check_protection",
    "CARRIER_CONTEXTS",
    "resolve_phrases",
    "load_model",
    "load_stopwords",
    "default_cache_dir",
    "CorruptCacheWarning",
    "TOKENIZER_VERSION",
]


class _CallableModule(types.ModuleType):
    # `kit.tokenize` is both this package and its main verb: importing any
    # submodule makes the attribute `kit.tokenize` the package, so the package
    # itself must be callable for `kit.tokenize(corpus)` to keep working.
    def __call__(self, *args, **kwargs):
        return tokenize(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
