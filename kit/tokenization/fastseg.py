"""The kit's segmenter: pkuseg's default model, decoded by the kit's own compiled code.

Layer: tokenize.  Same model files, same features, same tokens as
``pkuseg.pkuseg(model_name="default").cut`` — verified on the whole People's
Daily 1998 corpus and a stress set (``benchmarks/bench_segmenter.py``,
``tests/test_fastseg.py``) — in a fraction of the time and memory.

The model is converted once (:mod:`kit.tokenization.fastseg_model`, about a
minute, in a child process) into numpy arrays kept in
``<cache>/segmenter/pkuseg-default-<key>/``; the key is the SHA-256 of the
three model files (``features.pkl``, ``weights.npz``, ``dicts/default.pkl``)
and of the conversion's format, so new model files make a new folder.
Loading maps those arrays into memory read-only: it takes milliseconds, and
every process that loads the segmenter shares the same pages.

Hashing 190 MB of model files on every load would cost half a second, so
``<cache>/segmenter/sources.json`` remembers each file's size, modification
time and hash; a file whose size or time changed is hashed again.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from kit.atomic import write_text_atomic
from kit.paths import PACKAGE_DIR, cache_dir
from kit.tokenization.fastseg_model import FORMAT_VERSION, file_sha256

# The compiled module this file was written against (see _fastseg.pyx).
ABI_VERSION = 2

_lock = threading.Lock()
_loaded = None


class SegmenterUnavailable(RuntimeError):
    """The kit's segmenter cannot be built or loaded here (the message says why)."""


def _compiled_module():
    try:
        from kit.tokenization import _fastseg
    except ImportError as error:
        raise SegmenterUnavailable(
            "the kit's segmenter is not compiled: run `make env` (it builds kit/tokenization/_fastseg), "
            "or tokenize with engine='pkuseg'"
        ) from error
    if getattr(_fastseg, "ABI_VERSION", None) != ABI_VERSION:
        raise SegmenterUnavailable(
            "the compiled segmenter (kit/tokenization/_fastseg) is out of date: run `make env` to rebuild it"
        )
    return _fastseg


def model_files() -> dict[str, Path]:
    """pkuseg's default model files: ``features``, ``weights`` and ``dictionary`` paths.

    Found without importing pkuseg (which would load nothing, but costs time).

    Returns
    -------
    dict of str to pathlib.Path

    Example
    -------
    >>> sorted(model_files())
    ['dictionary', 'features', 'weights']
    """
    spec = importlib.util.find_spec("pkuseg")
    if spec is None or not spec.submodule_search_locations:
        raise SegmenterUnavailable("pkuseg is not installed; build the kit's environment with `make env`")
    package = Path(list(spec.submodule_search_locations)[0])
    files = {
        "features": package / "models" / "default" / "features.pkl",
        "weights": package / "models" / "default" / "weights.npz",
        "dictionary": package / "dicts" / "default.pkl",
    }
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise SegmenterUnavailable(f"pkuseg's default model is incomplete: missing {', '.join(missing)}")
    return files


def _file_hashes(files: dict[str, Path], folder: Path) -> dict[str, str]:
    """SHA-256 of each file, reusing the remembered hash of a file whose size and time are unchanged."""
    stamp_path = folder / "sources.json"
    try:
        stamps = json.loads(stamp_path.read_text(encoding="utf-8"))
        if not isinstance(stamps, dict):
            stamps = {}
    except (OSError, ValueError):
        stamps = {}
    hashes, changed = {}, False
    for name, path in files.items():
        stat = path.stat()
        remembered = stamps.get(str(path))
        if isinstance(remembered, dict) and remembered.get("size") == stat.st_size \
                and remembered.get("mtime_ns") == stat.st_mtime_ns and isinstance(remembered.get("sha256"), str):
            hashes[name] = remembered["sha256"]
            continue
        hashes[name] = file_sha256(path)
        stamps[str(path)] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": hashes[name]}
        changed = True
    if changed:
        try:
            write_text_atomic(stamp_path, json.dumps(stamps, indent=1, sort_keys=True))
        except OSError:
            pass  # only a cost: the files are hashed again next time
    return hashes


def model_key(files: dict[str, Path] | None = None, folder: Path | None = None) -> str:
    """The key of the converted model: SHA-256 of the model files' hashes and the conversion format.

    Parameters
    ----------
    files : dict, optional
        As :func:`model_files` returns (the default).
    folder : Path, optional
        The segmenter's cache folder (default ``<cache>/segmenter``).

    Returns
    -------
    str
        24 hex digits.

    Example
    -------
    >>> len(model_key())
    24
    """
    files = files or model_files()
    folder = Path(folder) if folder is not None else default_folder()
    identity = {"format_version": FORMAT_VERSION, "abi_version": ABI_VERSION, "files": _file_hashes(files, folder)}
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:24]


def default_folder() -> Path:
    """``<cache>/segmenter``: where converted models are kept."""
    return cache_dir() / "segmenter"


def _convert(files: dict[str, Path], target: Path) -> None:
    print(
        "kit: converting pkuseg's default model for the kit's segmenter "
        f"(once per model, about a minute) into {target}",
        file=sys.stderr,
    )
    environment = dict(os.environ)
    # The child imports the kit from the same checkout as this process.
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_DIR.parent)] + [p for p in environment.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    command = [sys.executable, "-m", "kit.tokenization.fastseg_model",
               str(files["features"]), str(files["weights"]), str(files["dictionary"]), str(target)]
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    if done.returncode != 0 or not (target / "manifest.json").is_file():
        lines = [line for line in (done.stderr or "").splitlines() if line.strip()]
        raise SegmenterUnavailable(
            f"converting pkuseg's model into {target} failed: {lines[-1] if lines else 'no message'}"
        )


def _open_arrays(target: Path) -> tuple[dict, dict]:
    """The folder's arrays (memory-mapped) and settings; ValueError if the folder is not as its manifest says."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"format {manifest.get('format_version')}, expected {FORMAT_VERSION}")
    arrays = {}
    for name, expected in manifest["arrays"].items():
        array = np.load(target / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        if str(array.dtype) != expected["dtype"] or list(array.shape) != expected["shape"]:
            raise ValueError(f"{name}.npy is {array.dtype} {array.shape}, the manifest says {expected}")
        arrays[name] = array
    return arrays, manifest["settings"]


def prepare_model(folder: Path | None = None, files: dict[str, Path] | None = None) -> Path:
    """The folder of the converted model, converting pkuseg's files first if needed.

    Parameters
    ----------
    folder : Path, optional
        Default ``<cache>/segmenter``.
    files : dict, optional
        Model files as :func:`model_files` names them (the default: pkuseg's
        installed default model).

    Returns
    -------
    pathlib.Path
        ``<folder>/pkuseg-default-<key>``, holding ``manifest.json`` and ``.npy`` files.

    Example
    -------
    >>> prepare_model().name.startswith("pkuseg-default-")
    True
    """
    _compiled_module()
    files = files or model_files()
    folder = Path(folder) if folder is not None else default_folder()
    target = folder / f"pkuseg-default-{model_key(files, folder)}"
    if not (target / "manifest.json").is_file():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SegmenterUnavailable(
                f"cannot write the converted model to {folder} ({error}); set KIT_CACHE_DIR to a writable folder"
            ) from None
        _remove_abandoned_conversions(target)
        _convert(files, target)
    return target


def _remove_abandoned_conversions(target: Path, min_age_s: float = 3600.0) -> None:
    # A conversion killed half-way leaves its temporary folder behind; one
    # untouched for an hour is not another process's conversion in progress.
    for staging in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if time.time() - staging.stat().st_mtime > min_age_s:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError:
            pass


def load_segmenter(folder: Path | None = None, files: dict[str, Path] | None = None):
    """This process's segmenter, loaded once: an object whose ``cut(text)`` is pkuseg's ``cut``.

    Parameters
    ----------
    folder : Path, optional
        Where converted models are kept (default ``<cache>/segmenter``).
    files : dict, optional
        Other model files, as :func:`model_files` names them.  With
        ``folder`` or ``files`` the segmenter is loaded afresh, not kept.

    Returns
    -------
    kit.tokenization._fastseg.Decoder
        ``cut(text) -> list of str``, exactly pkuseg's tokens.  Loading
        takes milliseconds once the model is converted.

    Example
    -------
    >>> load_segmenter().cut("全力打通服务群众最后一米")
    ['全力', '打通', '服务', '群众', '最后', '一', '米']
    """
    global _loaded
    with _lock:
        fresh = folder is not None or files is not None
        if _loaded is None or fresh:
            fastseg = _compiled_module()
            target = prepare_model(folder, files)
            try:
                arrays, settings = _open_arrays(target)
            except (OSError, ValueError, KeyError) as error:
                # A damaged conversion is never trusted: convert again.
                print(f"kit: the converted model in {target} is damaged ({error}); converting again", file=sys.stderr)
                shutil.rmtree(target, ignore_errors=True)
                target = prepare_model(folder, files)
                arrays, settings = _open_arrays(target)
            decoder = fastseg.Decoder(arrays, settings)
            if fresh:
                return decoder
            _loaded = decoder
        return _loaded
