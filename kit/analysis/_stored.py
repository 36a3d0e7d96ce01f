"""Results of the slow analyses, kept on disk and found again by their inputs' content and the kit's code.

Layer: analysis.  ``make figures`` runs every notebook again, and most of a
warm run used to be analyses computing what the last run computed: keyness
of the sample against People's Daily 1998, discovery in 1998, collocates,
the explorer's thousand concordances.  An analysis decorated with
:func:`stored_result` first looks for its result under a key made of

- the *content* of every argument: a corpus's documents (every column) and
  its name, fields and meta; a token table's rows and provenance; a
  lexicon's hash; plain values as they are;
- the kit's code: every file of the ``kit`` package, of ``data/stopwords``
  (which the token filters read) and of ``data/lexicons`` (the bundled
  lexicon, which ``lexicon=None`` means), the versions of Python and of the
  libraries that compute (numpy, pandas, scipy, pyarrow, pkuseg), and the
  ``KIT_*`` settings other than where figures go.

So a stored result is one the analysis would compute now: any change to an
input, to the kit or to a library version is a new key.  An argument of any
other kind (a lazy corpus, a scheduler, a function) makes the call compute
as usual, without storing.  Warnings the analysis gave are stored with the
result and given again on every call, so a notebook shows the same messages
warm or cold.

Results are pickled: they are DataFrames (and the explorer's page object)
whose ``attrs`` and subclasses Parquet would not give back exactly.  The
files are written atomically by the kit into its own cache folder
(``<cache>/results/<code digest>/``); results of other versions of the code
are removed when a new version stores its first result, keeping the
:data:`KEEP_VERSIONS` latest.  ``KIT_RESULT_CACHE=0`` turns the store off,
and the records of figure drawings too (:func:`kit.figures.render_key`); the
tests do, except those of the store itself.

Deliberately hand-written rather than ``joblib.Memory``: joblib keys a
function by its own source only, so a change in a helper it calls would
serve an old result; here every file of the kit is in the key.
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import pickle
import shutil
import threading
import warnings
from pathlib import Path

import pandas as pd

from kit.analysis._memory import frame_digest
from kit.analysis._record import caller_stacklevel
from kit.atomic import write_bytes_atomic
from kit.code_digest import code_digest, kept_across_runs
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.paths import cache_dir

#: Code versions whose results are kept side by side (another checkout, a branch switched back).
KEEP_VERSIONS = 3
#: Settings that say where output goes, not what an analysis computes.
_OUTPUT_SETTINGS = {"KIT_NOTEBOOK", "KIT_FIGURES_DIR", "KIT_RESULT_CACHE", "KIT_CACHE_DIR"}
_KIT = Path(__file__).resolve().parents[1]
_lock = threading.Lock()
_stats = {"hits": 0, "computed": 0}


class _Uncacheable(Exception):
    """An argument whose content the key cannot stand for."""


def _settings() -> str:
    return json.dumps({k: v for k, v in sorted(os.environ.items())
                       if k.startswith("KIT_") and k not in _OUTPUT_SETTINGS})


def _digest(frame: pd.DataFrame) -> str:
    """:func:`frame_digest` of every column (lists and dicts in a column included)."""
    if not all(isinstance(c, str) for c in frame.columns) or frame.columns.has_duplicates:
        raise _Uncacheable("a table whose column names are not distinct strings")
    return frame_digest(frame, list(frame.columns))


def _key_order(value):
    """``value`` with every dict in it, at any depth, in the order of its keys."""
    if isinstance(value, dict):
        return {k: _key_order(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (list, tuple)):
        return type(value)(_key_order(v) for v in value)
    return value


def _part(value, depth: int = 0):
    """A JSON-ready stand-in for ``value`` that changes whenever its content does."""
    if depth > 20:
        raise _Uncacheable("nested too deep")
    if value is None or isinstance(value, (str, bool, int, float)):
        return [type(value).__name__, value if not isinstance(value, float) else repr(value)]
    if isinstance(value, Corpus):
        # the meta's order is how it was read (parsed, or from the corpus cache), not what it says
        return ["corpus", value.name, list(value.fields), _part(_key_order(value.meta), depth + 1),
                _digest(value.docs), list(map(str, value.docs.columns))]
    if isinstance(value, Lexicon):
        return ["lexicon", value.name, value.version, value.hash, _part(value.normalization, depth + 1),
                _digest(value.normalized)]
    if isinstance(value, pd.DataFrame):
        # attrs by content too: a repr would shorten a table kept there to its first rows
        return ["table", type(value).__name__, list(value.columns), _digest(value), _part(dict(value.attrs), depth + 1)]
    frame, provenance = getattr(value, "frame", None), getattr(value, "provenance", None)
    if isinstance(frame, pd.DataFrame) and isinstance(provenance, dict):  # kit Tokens
        return ["tokens", type(value).__name__, _part(frame, depth + 1), _part(provenance, depth + 1),
                _part(list(getattr(value, "unprotected", [])), depth + 1)]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_part(v, depth + 1) for v in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(_part(v, depth + 1)) for v in value)]
    if isinstance(value, dict):
        return ["dict", [[_part(k, depth + 1), _part(v, depth + 1)] for k, v in value.items()]]
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", None) == ():
        return _part(value.item(), depth + 1)  # a numpy scalar
    raise _Uncacheable(type(value).__name__)


def result_key(function, arguments: dict) -> str | None:
    """The key of a call: SHA-256 of the function, its arguments' content and the code; None if
    an argument cannot be keyed.

    Parameters
    ----------
    function : callable
    arguments : dict
        The call's arguments by name, defaults included.

    Returns
    -------
    str or None

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> a = result_key(len, {"corpus": Corpus.from_texts(["久久为功"])})
    >>> a == result_key(len, {"corpus": Corpus.from_texts(["久久为功"])})
    True
    >>> a == result_key(len, {"corpus": Corpus.from_texts(["久久为功。"])})
    False
    >>> result_key(len, {"how": print}) is None
    True
    """
    try:
        parts = [f"{function.__module__}.{function.__qualname__}", code_digest(), _settings(),
                 [[name, _part(value)] for name, value in arguments.items()]]
    except _Uncacheable:
        return None
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _folder() -> Path:
    return cache_dir() / "results" / code_digest()[:16]


def _load(path: Path):
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None  # absent, or unreadable: computed again and rewritten


def _pickled(record) -> bytes | None:
    try:
        return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None  # a result that cannot be pickled is simply not stored


def _store(path: Path, data: bytes) -> None:
    new_version = not path.parent.is_dir()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, data)
    except OSError:
        return  # a read-only or full cache folder: the result was computed, which is what matters
    if new_version:
        _prune(path.parent)


def _prune(current: Path) -> None:
    """Remove the results of all but the :data:`KEEP_VERSIONS` latest code versions."""
    try:
        versions = sorted((p for p in current.parent.iterdir() if p.is_dir()),
                          key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    except OSError:
        return
    for old in versions[KEEP_VERSIONS:]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def stored_result(function):
    """Decorate a slow analysis so that its result is stored on disk and found again.

    The decorated function behaves as before: each call returns a new object
    (loaded, or computed), equal to what the function computes for these
    arguments, and gives the warnings the function gave.

    Examples
    --------
    >>> @stored_result
    ... def characters(corpus):
    ...     return pd.DataFrame({"n": [int(corpus.docs["text"].str.len().sum())]})
    >>> characters(Corpus.from_texts(["久久为功"]))["n"].tolist()
    [4]
    """
    signature = inspect.signature(function)

    @functools.wraps(function)
    def stored(*args, **kwargs):
        key = None
        if kept_across_runs():
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            key = result_key(function, dict(bound.arguments))
        if key is None:
            return function(*args, **kwargs)
        path = _folder() / f"{function.__name__}-{key[:40]}.pickle"
        record = _load(path)
        if isinstance(record, dict) and record.get("key") == key:
            with _lock:
                _stats["hits"] += 1
        else:
            with warnings.catch_warnings(record=True) as given:
                warnings.simplefilter("always")
                result = function(*args, **kwargs)
            with _lock:
                _stats["computed"] += 1
            record = {"key": key, "result": result, "warnings": [w.message for w in given]}
            data = _pickled(record)
            if data is not None:
                _store(path, data)
                # what a later call will load, so that a first call and a later one return the same
                record = pickle.loads(data)
        level = caller_stacklevel(_KIT)  # past the explorer too, which is outside kit.analysis
        for message in record["warnings"]:
            warnings.warn(message, stacklevel=level)
        return record["result"]

    return stored


def stored_stats() -> dict:
    """How many calls this process answered from disk (``hits``) and computed (``computed``)."""
    with _lock:
        return dict(_stats)
