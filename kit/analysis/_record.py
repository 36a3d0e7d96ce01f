"""Analyses record their own call in the table they return.

Layer: analysis.  A figure's provenance must say how its numbers were made;
rather than have every notebook retype an analysis's parameters, each public
analysis stores its call in ``table.attrs["call"]``: the function's name and
every argument, with corpora, lexicons and tokens recorded by what
identifies them (name, size, hash), never by their content.
:func:`kit.save_figure` copies the record into the manifest.  pandas keeps
``attrs`` through ``head``, column selection and filtering, so the rows a
figure shows carry the call that made them.
"""
from __future__ import annotations

import functools
import inspect

import pandas as pd

from kit.corpus import Corpus
from kit.lazy_corpus import LazyCorpus
from kit.lexicon import Lexicon


def records_call(function):
    """Decorate an analysis so that the DataFrame it returns records its call.

    Examples
    --------
    >>> from kit.analysis import count
    >>> count(Corpus.from_texts(["久久为功。"])).attrs["call"]["function"]
    'count'
    """
    signature = inspect.signature(function)

    @functools.wraps(function)
    def recorded(*args, **kwargs):
        result = function(*args, **kwargs)
        if isinstance(result, pd.DataFrame):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            call = {"function": function.__name__}
            call.update({name: describe(value) for name, value in bound.arguments.items()})
            result.attrs["call"] = call
        return result

    return recorded


def describe(value):
    """An argument as a small JSON-ready record."""
    if isinstance(value, Corpus):
        return {"corpus": value.name, "documents": len(value), "fields": list(value.fields)}
    if isinstance(value, LazyCorpus):
        return {"corpus": value.name, "partitions": value.n_partitions, "bytes": value.size,
                "fields": list(value.fields)}
    if isinstance(value, Lexicon):
        return {"lexicon": value.name, "version": value.version, "sha256": value.hash}
    if isinstance(value, pd.DataFrame):
        return {"table": f"{len(value)} rows"}
    provenance = getattr(value, "provenance", None)
    if isinstance(provenance, dict):
        return {"tokens": {k: provenance[k] for k in ("engine", "lexicon_hash", "n_phrases") if k in provenance}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        return [describe(v) for v in items]
    if isinstance(value, dict):
        return {str(k): describe(v) for k, v in value.items()}
    return repr(value)


def caller_stacklevel(package=None) -> int:
    """The ``stacklevel`` of a warning that points at the first caller outside kit.analysis.

    An analysis runs through helpers (and through :func:`records_call`), so
    a fixed stacklevel would point inside the kit.

    Parameters
    ----------
    package : path-like, optional
        The folder whose frames are passed over; default ``kit/analysis``
        (the stored results, which the explorer uses too, pass ``kit/``).

    Examples
    --------
    >>> caller_stacklevel() >= 1
    True
    """
    import sys
    from pathlib import Path

    package = str(Path(package).resolve() if package is not None else Path(__file__).resolve().parent)
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level
