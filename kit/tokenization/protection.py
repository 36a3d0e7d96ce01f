"""Protected phrases: which lexicon entries the tokenizer keeps whole.

Layer: tokenize.  A lexicon is any object with ``protected_phrases()`` (a list
of literal strings) and ``hash`` (a stable hex digest), as
:func:`kit.lexicon.load_lexicon` returns, or a plain list of strings.
"""
from __future__ import annotations

import functools
import hashlib

import pandas as pd

from kit.tokenization.segmenter import DEFAULT_ENGINE, check_engine, load_model, phrase_matcher, segment

# Neutral carrier sentences: each phrase must come out as one token in all of
# them.  They put ordinary words and punctuation on either side of the phrase.
CARRIER_CONTEXTS = (
    "{}",
    "要解决群众的{}问题。",
    "全力推动“{}”落地见效",
    "我们坚持{}，推动发展。",
)


def resolve_phrases(lexicon) -> tuple[tuple[str, ...], str | None]:
    """Normalise a lexicon argument to (sorted unique phrases, lexicon hash).

    Parameters
    ----------
    lexicon : None, sequence of str, or an object with ``protected_phrases()`` and ``hash``
        ``None`` means the bundled lexicon, as everywhere in the kit
        (:func:`kit.load_lexicon`); an empty list protects nothing.

    Returns
    -------
    phrases : tuple of str
        Stripped, non-empty, unique, sorted.
    lexicon_hash : str or None
        The lexicon's own ``hash`` if it has one.

    Examples
    --------
    >>> resolve_phrases(["急难愁盼 ", "久久为功", "急难愁盼"])
    (('久久为功', '急难愁盼'), None)
    """
    if lexicon is None:
        from kit.lexicon import load_lexicon

        lexicon = load_lexicon()
    lexicon_hash = None
    if hasattr(lexicon, "protected_phrases"):
        entries = lexicon.protected_phrases()
        lexicon_hash = getattr(lexicon, "hash", None)
    elif isinstance(lexicon, str):
        raise TypeError(
            "lexicon must be a Lexicon (kit.load_lexicon()) or a list of phrases, not a "
            f"single string {lexicon!r}; wrap it in a list"
        )
    else:
        try:
            entries = list(lexicon)
        except TypeError:
            raise TypeError(
                "lexicon must be None, a Lexicon (kit.load_lexicon()) or a list of phrases; "
                f"got {type(lexicon).__name__}"
            ) from None
    phrases = set()
    for entry in entries:
        if not isinstance(entry, str):
            raise TypeError(f"every protected phrase must be a string; got {entry!r}")
        if entry.strip():
            phrases.add(entry.strip())
    return tuple(sorted(phrases)), lexicon_hash


def phrases_digest(phrases: tuple[str, ...]) -> str:
    """sha256 of the sorted phrases, one a line (part of the cache key)."""
    return hashlib.sha256("\n".join(phrases).encode("utf-8")).hexdigest()


def check_protection(phrases, contexts=CARRIER_CONTEXTS, engine: str = DEFAULT_ENGINE) -> pd.DataFrame:
    """Tokenise each protected phrase in carrier sentences; report which stay whole.

    Parameters
    ----------
    phrases : sequence of str, or a Lexicon
    contexts : sequence of str
        Carrier sentences with one ``{}`` where the phrase goes.
    engine : {"kit", "pkuseg"}
        The segmenter (both give the same tokens, see :func:`kit.tokenization.tokenize`).

    Returns
    -------
    pandas.DataFrame
        One row per phrase, in sorted order, with columns

        - ``phrase`` (str)
        - ``protected`` (bool): one token in every context
        - ``n_contexts`` (int), ``n_split`` (int): contexts tried, contexts where it was split
        - ``example`` (str): the tokens of the phrase's span in the first failing
          context, joined by `` | `` ("" when protected)

    Examples
    --------
    >>> check_protection(["最后一米", "急 难"])[["phrase", "protected"]].values.tolist()
    [['急 难', False], ['最后一米', True]]
    """
    resolved, _ = resolve_phrases(phrases)
    return _check_protection_cached(resolved, tuple(contexts), check_engine(engine)).copy()


@functools.lru_cache(maxsize=8)
def _check_protection_cached(phrases: tuple[str, ...], contexts: tuple[str, ...], engine: str) -> pd.DataFrame:
    matcher = phrase_matcher(phrases)
    model = load_model(engine=engine) if phrases else None
    rows = []
    for phrase in phrases:
        n_split, example = 0, ""
        for context in contexts:
            before = context.index("{}")
            text = context.format(phrase)
            tokens, starts, _ = segment(text, matcher, model)
            span_end = before + len(phrase)
            if any(s == before and s + len(t) == span_end for t, s in zip(tokens, starts)):
                continue
            n_split += 1
            if not example:
                overlapping = [
                    t for t, s in zip(tokens, starts) if s < span_end and s + len(t) > before
                ]
                example = " | ".join(overlapping) or "(dropped: whitespace)"
        rows.append(
            {
                "phrase": phrase,
                "protected": n_split == 0,
                "n_contexts": len(contexts),
                "n_split": n_split,
                "example": example,
            }
        )
    return pd.DataFrame(
        rows, columns=["phrase", "protected", "n_contexts", "n_split", "example"]
    ).astype({"protected": bool, "n_contexts": "int64", "n_split": "int64"})
