"""Tokenisation: pkuseg's default model, lexicon phrases kept whole, cached.

Layer: tokenization (imports kit.corpus, kit.text, kit.lexicon; never kit.io).

The verb is a function, the package is named for what it holds::

    tokens = kit.tokenize(corpus, lexicon)            # kit.tokenization.tokenize
    kit.filter_tokens(tokens, remove_stopwords=True)  # kit.tokenization.filter_tokens
    kit.check_protection(lexicon)                     # kit.tokenization.check_protection

Examples
--------
>>> import kit
>>> tokens = kit.tokenize(kit.Corpus.from_texts(["久久为功。"]), ["久久为功"])
>>> tokens.frame[["token", "start", "end"]].values.tolist()
[['久久为功', 0, 4], ['。', 4, 5]]
"""
from __future__ import annotations

from kit.tokenization.cache import CorruptCacheWarning, default_cache_dir
from kit.tokenization.lazy_tokens import LazyTokens
from kit.tokenization.pipeline import TOKENIZER_VERSION, tokenize
from kit.tokenization.protection import CARRIER_CONTEXTS, check_protection, resolve_phrases
from kit.tokenization.segmenter import load_model
from kit.tokenization.stopwords import load_stopwords
from kit.tokenization.tokens import TOKEN_COLUMNS, Tokens, filter_tokens, token_table

__all__ = [
    "tokenize",
    "LazyTokens",
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
