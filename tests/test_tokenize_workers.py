"""Workers of tokenize(n_jobs=2) end when their parent is killed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")

# The parent runs the real pool of kit.tokenize; only the work itself is
# replaced by a long sleep (and the model by nothing), so that the workers are
# certainly alive, and idle or busy, when the parent is killed.
PARENT = textwrap.dedent("""
    import time
    import kit.tokenization.pipeline as pipeline
    from kit.corpus import Corpus

    def slow_chunk(texts, phrases, engine=None):
        time.sleep(300)

    pipeline.load_model = lambda **engine: None
    pipeline._tokenize_chunk = slow_chunk
    corpus = Corpus.from_texts(["一二三四五。" * 5000] * 6)
    pipeline.tokenize(corpus, n_jobs=2, cache=False, progress=False)
""")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its entry waits to be reaped


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# Without the kernel's help (macOS, or no prctl), the watching thread alone.
THREAD_ONLY = "import kit.tokenization.parent_watch as watch\nwatch._ask_kernel_for_sigkill = lambda: None\n"


@pytest.mark.parametrize("guard", ["kernel and thread", "thread only"])
def test_workers_exit_when_the_parent_is_killed(guard):
    script = (THREAD_ONLY if guard == "thread only" else "") + PARENT
    parent = subprocess.Popen([sys.executable, "-c", script])
    workers: list[int] = []
    try:
        assert wait_for(lambda: len(children(parent.pid)) >= 2, 60), "the pool never started"
        workers = children(parent.pid)
        time.sleep(0.3)  # let the workers take their chunks
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert wait_for(lambda: not any(alive(w) for w in workers), 5), (
            f"workers {[w for w in workers if alive(w)]} outlived their parent")
    finally:
        parent.kill()
        for worker in workers:
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
