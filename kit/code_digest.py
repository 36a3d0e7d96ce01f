"""One digest of the kit's code and data and of the libraries it runs on.

Layer: utilities (0).  Stored results (:mod:`kit.analysis._stored`) and
figure renders (:mod:`kit.figures`) are kept under this digest: any change
to a file of the ``kit`` package, to the stopword lists or the bundled
lexicons, or to the version of Python or of a library that computes or
draws gives another digest, so nothing kept by older code is used.
``KIT_RESULT_CACHE=0`` turns both off (:func:`kept_across_runs`).
"""
from __future__ import annotations

import functools
import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

from kit.paths import project_root

_LIBRARIES = ("numpy", "pandas", "scipy", "pyarrow", "pkuseg", "matplotlib", "fonttools", "pillow", "wordcloud")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 of the kit's files, the stopword lists, the libraries' versions and Python's.

    Returns
    -------
    str

    Examples
    --------
    >>> len(code_digest())
    64
    """
    digest = hashlib.sha256()
    roots = [(Path(__file__).resolve().parent, "kit"), (project_root() / "data" / "stopwords", "stopwords"),
             (project_root() / "data" / "lexicons", "lexicons")]
    for root, label in roots:
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def kept_across_runs() -> bool:
    """Whether analyses' results and figures' drawings are kept for the next run
    (``KIT_RESULT_CACHE`` is not 0, false, no or off).

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"KIT_RESULT_CACHE": "off"}):
    ...     kept_across_runs()
    False
    """
    return os.environ.get("KIT_RESULT_CACHE", "1").strip().lower() not in {"0", "false", "no", "off"}
