"""Results already computed in this process, found again by their inputs' content.

Layer: analysis.  A notebook asks for the same intermediate result several
times: notebook 04 finds the lexicon's entries in the reference corpus for
three keyness tables, the era profile, the anachronisms and a trend, and
counts the same tokens for two tables.  Each such step asks this memory
first, under a key made from the *content* of its inputs (the documents'
ids and texts, the tokens, the lexicon's hash and the options), never from
object identity: a corpus changed in place, or an equal corpus read again,
gets the right answer.  Results are deterministic functions of those
inputs, so a remembered result is the one the step would compute.

Deliberately hand-written rather than ``functools.lru_cache`` or
``joblib.Memory``: the keys are content digests of DataFrames (which are
not hashable).  These intermediate results stay in memory; the slow
public analyses also keep theirs on disk, under a digest of the kit's code
as well (:mod:`kit.analysis._stored`).  The memory holds at most
:data:`CAPACITY` results per kind and forgets the least recently used.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Callable, TypeVar

import numpy as np
import pandas as pd

#: Results kept per kind of step.
CAPACITY = 6

_lock = threading.Lock()
_memory: dict[str, OrderedDict] = {}
_stats = {"hits": 0, "misses": 0}

Result = TypeVar("Result")


def frame_digest(frame: pd.DataFrame, columns) -> str:
    """SHA-256 of the values of ``columns`` of ``frame`` (row order counts; the index does not).

    Parameters
    ----------
    frame : pandas.DataFrame
    columns : sequence of str
        The columns that define the result; those ``frame`` lacks are skipped
        (and named in the digest, so that a missing column differs from an
        empty one).

    Returns
    -------
    str

    Examples
    --------
    >>> a = pd.DataFrame({"doc_id": ["d1"], "text": ["久久为功"]})
    >>> frame_digest(a, ["doc_id", "text"]) == frame_digest(a.copy(), ["doc_id", "text"])
    True
    >>> frame_digest(a, ["doc_id", "text"]) == frame_digest(a.assign(text="久久"), ["doc_id", "text"])
    False
    >>> lists = pd.DataFrame({"reporters": [["张三", "李四"]]})
    >>> frame_digest(lists, ["reporters"]) == frame_digest(pd.DataFrame({"reporters": [["张三"]]}), ["reporters"])
    False
    """
    digest = hashlib.sha256()
    for column in columns:
        digest.update(column.encode() + b"\0")
        if column not in frame.columns:
            digest.update(b"<absent>\0")
            continue
        values = frame[column]
        digest.update(str(values.dtype).encode() + b"\0")
        # hash_pandas_object hashes each value (strings by their UTF-8 bytes);
        # the digest of those hashes, with the length, stands for the column.
        try:
            hashed = pd.util.hash_pandas_object(values, index=False).to_numpy()
        except TypeError:  # lists or dicts (a corpus's reporters, flags): each by its type and canonical JSON
            hashed = pd.util.hash_pandas_object(values.map(_canonical).astype(object), index=False).to_numpy()
        digest.update(np.int64(len(hashed)).tobytes() + hashed.tobytes())
    return digest.hexdigest()


def _canonical(value) -> str:
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=repr)
    return type(value).__name__ + ":" + json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def remembered(kind: str, key: tuple, compute: Callable[[], Result]) -> Result:
    """The result of ``compute()`` for ``key``, computed once while it stays in memory.

    Parameters
    ----------
    kind : str
        The step ("find", "token counts" …): each kind keeps its own
        :data:`CAPACITY` results.
    key : tuple
        Hashable, made from the inputs' content (see :func:`frame_digest`).
    compute : callable
        Computes the result; it must not be changed by the caller afterwards
        (callers that hand a remembered DataFrame to a user give a copy).

    Returns
    -------
    The result.

    Examples
    --------
    >>> calls = []
    >>> def twice():
    ...     calls.append(1)
    ...     return 2
    >>> remembered("example", ("k",), twice), remembered("example", ("k",), twice), len(calls)
    (2, 2, 1)
    >>> forget()
    """
    with _lock:
        shelf = _memory.setdefault(kind, OrderedDict())
        if key in shelf:
            shelf.move_to_end(key)
            _stats["hits"] += 1
            return shelf[key]
        _stats["misses"] += 1
    value = compute()
    with _lock:
        shelf[key] = value
        while len(shelf) > CAPACITY:
            shelf.popitem(last=False)
    return value


def forget() -> None:
    """Empty the memory (tests, or to free what it holds)."""
    with _lock:
        _memory.clear()
        _stats.update(hits=0, misses=0)


def memory_stats() -> dict:
    """How many requests the memory answered (``hits``) and how many it computed (``misses``)."""
    with _lock:
        return dict(_stats)
