"""An exclusive lock between processes on one file's neighbourhood.

Layer: bottom (standard library only).

Two processes that read, change and rewrite the same file (two notebooks
saving figures into one folder, each updating ``manifest.json``) lose each
other's changes unless the read-modify-write is done by one at a time.
:func:`exclusive_lock` holds a lock file beside the file for that time:

- ``fcntl.flock`` where it exists (Linux, macOS);
- ``msvcrt.locking`` on Windows;
- where the file system refuses both (some network file systems), a lock
  folder made with ``os.mkdir``, which is atomic everywhere; a folder left by
  a process that died is taken over once that process is gone.

The lock file is removed when the lock is released, so no stray file stays in
a folder that is committed.  Written by hand on purpose: a few lines of the
standard library, where a dependency would be needed only for this.
"""
from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
try:
    import msvcrt
except ImportError:
    msvcrt = None

#: Seconds between two attempts to take a lock that is held.
POLL_SECONDS = 0.02
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the caller would wait."""


@contextlib.contextmanager
def exclusive_lock(path: str | os.PathLike, timeout: float = 600.0):
    """Hold an exclusive lock named ``path`` for the duration of a ``with`` block.

    Parameters
    ----------
    path : path-like
        The lock file (created, and removed again on release).  By
        convention the protected file's name with ``.lock`` appended.
    timeout : float
        Seconds to wait for another holder before giving up.

    Raises
    ------
    LockTimeout
        If the lock could not be taken within ``timeout`` seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> lock = pathlib.Path(tempfile.mkdtemp()) / "manifest.json.lock"
    >>> with exclusive_lock(lock):
    ...     lock.exists()
    True
    >>> lock.exists()
    False
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    if fcntl is None and msvcrt is None:  # pragma: no cover - neither platform
        with _folder_lock(path, deadline):
            yield
        return
    try:
        with _file_lock(path, deadline):
            yield
    except _LocksUnsupported:
        with _folder_lock(path, deadline):
            yield


class _LocksUnsupported(Exception):
    pass


@contextlib.contextmanager
def _file_lock(path: Path, deadline: float):
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            if _try_lock(fd):
                # The holder before us may have removed the file after we
                # opened it: then we hold a lock nobody else can see. Retry.
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(path))
                except FileNotFoundError:
                    same = False
                if same:
                    break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        _wait(path, deadline)
    try:
        yield
    finally:
        if msvcrt is None:  # Windows cannot remove a file that is open
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        if error.errno in _NO_LOCKS:
            raise _LocksUnsupported() from None
        raise


@contextlib.contextmanager
def _folder_lock(path: Path, deadline: float):
    folder = path.with_name(path.name + ".d")
    while True:
        try:
            folder.mkdir()
            break
        except FileExistsError:
            if _holder_is_gone(folder):
                _remove_folder(folder)
                continue
            _wait(path, deadline)
    (folder / "pid").write_text(str(os.getpid()), encoding="ascii")
    try:
        yield
    finally:
        _remove_folder(folder)


def _holder_is_gone(folder: Path) -> bool:
    try:
        pid = int((folder / "pid").read_text(encoding="ascii"))
    except (OSError, ValueError):
        return False  # being created or removed right now: wait
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _remove_folder(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (folder / "pid").unlink()
    with contextlib.suppress(FileNotFoundError, OSError):
        folder.rmdir()


def _wait(path: Path, deadline: float) -> None:
    if time.monotonic() > deadline:
        raise LockTimeout(
            f"{path}: another process has held this lock for too long; if no other kit "
            "process is running, delete the file and try again"
        )
    time.sleep(POLL_SECONDS)
