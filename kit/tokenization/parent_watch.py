"""Make a worker process exit when the process that started it dies.

Layer: tokenize.

A worker of ``tokenize(n_jobs=2)`` waits on a pipe for its next chunk.  When
its parent is killed (SIGKILL, the out-of-memory killer), nothing closes that
pipe: every forked worker holds a copy of its write end.  The workers would
wait for ever, holding the model's memory (close to 900 MB each).

Two guards, so that at least one works everywhere:

- on Linux, the kernel sends the worker SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``), even while it is busy in pkuseg's C code;
- everywhere, a daemon thread checks twice a second whether the worker has
  been handed to another parent, and ends the worker if so.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
#: Seconds between two checks of the watching thread.
POLL_SECONDS = 0.5


def exit_with_parent(parent_pid: int) -> None:
    """Arrange for this process to end as soon as ``parent_pid`` is gone.

    Call it first thing in a worker process (a pool's initializer).

    Parameters
    ----------
    parent_pid : int
        The pid of the process that started this one (``os.getpid()`` in
        the parent, passed to the worker).

    Examples
    --------
    >>> exit_with_parent(os.getppid())  # doctest: +SKIP
    """
    if sys.platform.startswith("linux"):
        _ask_kernel_for_sigkill()
    # The parent may have died before the kernel was asked: check once now.
    if os.getppid() != parent_pid:
        os._exit(1)
    watcher = threading.Thread(target=_watch, args=(parent_pid,), name="kit-parent-watch", daemon=True)
    watcher.start()


def _ask_kernel_for_sigkill() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc or no prctl: the thread still watches
        pass


def _watch(parent_pid: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent_pid:
            os._exit(1)  # nothing left to report to: end without cleanup
