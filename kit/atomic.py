"""Atomic file writes: an interrupted run never leaves a half-written file that
a later run trusts.

Layer: bottom (imports nothing from the kit).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Read once at import: os.umask can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A file whose bytes are already ``data`` is left untouched (its
    modification time too), so rerunning a job changes no file whose content
    did not change.

    Parameters
    ----------
    path : path-like
    data : bytes

    Returns
    -------
    bool
        True if the file was written, False if it already held ``data``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_bytes_atomic(p, b"x"), write_bytes_atomic(p, b"x")
    (True, False)
    """
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); give it the mode an ordinary
        # write would, so shared figure and cache folders stay readable.
        os.chmod(tmp, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_text_atomic(path: str | os.PathLike, text: str) -> bool:
    """:func:`write_bytes_atomic` for UTF-8 text with ``\\n`` line ends."""
    return write_bytes_atomic(path, text.encode("utf-8"))
