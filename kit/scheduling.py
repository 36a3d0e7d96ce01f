"""Run one function over many partitions: here, in local processes, or on a Dask cluster.

Layer: utility (0).  Every partition-wise analysis of a lazy corpus calls
:func:`map_partitions`; it hands the work to an existing engine rather than
scheduling it itself:

- no scheduler: the partitions run one after another in this process (memory
  holds one partition at a time), or in ``n_jobs`` local processes;
- a scheduler (a ``dask.distributed.Client``, its address such as
  ``tcp://10.0.0.5:8786``, or ``$KIT_SCHEDULER``): each partition is one
  Dask task, retried on another worker if its worker dies, with the
  scheduler's dashboard showing progress.

Results always come back in partition order, so the output is the same
whichever way the work ran.
"""
from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from typing import Callable, Sequence

from tqdm import tqdm

#: Environment variable naming a Dask scheduler every partition-wise call uses by default.
SCHEDULER_VARIABLE = "KIT_SCHEDULER"
#: How often Dask runs a partition again after its worker died.
RETRIES = 3
#: progress=None shows a bar for several partitions weighing more than this (bytes or characters).
PROGRESS_MIN_SIZE = 1_000_000


class SchedulerError(RuntimeError):
    """The Dask scheduler asked for cannot be reached or used."""


def resolve_scheduler(scheduler=None):
    """The Dask client to use, or None to run locally.

    Parameters
    ----------
    scheduler : dask.distributed.Client, str or None
        A client, a scheduler address, or None for ``$KIT_SCHEDULER`` (empty
        or unset: run locally).  ``"local"`` also runs locally.

    Returns
    -------
    dask.distributed.Client or None

    Examples
    --------
    >>> resolve_scheduler("local") is None
    True
    """
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_VARIABLE) or None
    if scheduler is None or scheduler == "local":
        return None
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler
    if not isinstance(scheduler, str):
        raise TypeError(f"scheduler must be a dask.distributed.Client or an address such as "
                        f"'tcp://host:8786', got {type(scheduler).__name__}")
    return _client_for(scheduler)


_CLIENTS: dict = {}


def _client_for(address: str):
    """One client per address and process: connecting costs a second or more."""
    from distributed import Client

    client = _CLIENTS.get(address)
    if client is not None and client.status == "running":
        return client
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise SchedulerError(f"no Dask scheduler answers at {address!r} ({error}); start one with "
                             "`dask scheduler` (see docs/scale.md) or leave scheduler unset to run locally") from None
    _CLIENTS[address] = client
    return client


def map_partitions(function: Callable, items: Sequence, *, scheduler=None, n_jobs: int = 1,
                   progress: bool | None = None, sizes: Sequence[int] | None = None,
                   description: str = "partitions", combine: Callable | None = None):
    """``[function(item) for item in items]``, run here, in processes or on Dask.

    Parameters
    ----------
    function : callable
        A module-level function (it is pickled to other processes).
    items : sequence
        One argument per call; picklable.
    scheduler : dask.distributed.Client, str or None
        See :func:`resolve_scheduler`.
    n_jobs : int
        Local processes when no scheduler is used (1: this process).
    progress : bool or None
        Show a tqdm bar; None shows one for several partitions of more than
        :data:`PROGRESS_MIN_SIZE` in all.
    sizes : sequence of int, optional
        Weight of each item in the bar (characters, bytes); default 1 each.
    description : str
        The bar's label.
    combine : callable, optional
        ``combine(so_far, result)``: fold the results, in the order of
        ``items``, as they arrive, so that no more than a few partitions'
        results are held at once.

    Returns
    -------
    list
        The results, in the order of ``items``; with ``combine``, the fold.

    Examples
    --------
    >>> map_partitions(abs, [-1, 2, -3], progress=False)
    [1, 2, 3]
    """
    items = list(items)
    if not items:
        raise ValueError("map_partitions needs at least one partition")
    weights = list(sizes) if sizes is not None else [1] * len(items)
    show = progress if progress is not None else len(items) > 1 and sum(weights) > PROGRESS_MIN_SIZE
    client = resolve_scheduler(scheduler)
    collected = _Ordered(combine)
    with tqdm(total=sum(weights), desc=description, disable=not show, unit_scale=True) as bar:
        if client is not None:
            _on_dask(client, function, items, weights, bar, show, collected)
        elif n_jobs == 1 or len(items) <= 1:
            for i, (item, weight) in enumerate(zip(items, weights)):
                collected.add(i, function(item))
                bar.update(weight)
        else:
            _in_processes(function, items, weights, bar, n_jobs, collected)
    return collected.result()


class _Ordered:
    """Results that arrive in any order, kept (or folded) in partition order."""

    def __init__(self, combine):
        self.combine = combine
        self.waiting: dict = {}
        self.done: list = []
        self.folded = None
        self.next = 0

    def add(self, index: int, result) -> None:
        self.waiting[index] = result
        while self.next in self.waiting:
            value = self.waiting.pop(self.next)
            if self.combine is None:
                self.done.append(value)
            else:
                self.folded = value if self.next == 0 else self.combine(self.folded, value)
            self.next += 1

    def result(self):
        return self.done if self.combine is None else self.folded


def _on_dask(client, function, items, weights, bar, show, collected) -> None:
    if show and client.dashboard_link:
        bar.write(f"Dask dashboard: {client.dashboard_link}")
    # pure=False: a partition is run again on purpose (a restarted run must
    # see the files as they are now, not a result the scheduler remembers).
    futures = client.map(function, items, retries=RETRIES, pure=False)
    # Gathered in partition order: results not yet needed wait on the
    # workers, not here, and each is released once folded in.
    try:
        for i, future in enumerate(futures):
            collected.add(i, future.result())
            bar.update(weights[i])
            future.release()
    finally:
        for future in futures:
            future.release()


def _in_processes(function, items, weights, bar, n_jobs, collected) -> None:
    context = (multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods()
               else multiprocessing.get_context())
    workers = min(os.cpu_count() or 1 if n_jobs == -1 else n_jobs, len(items))
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        for i, (result, weight) in enumerate(zip(pool.map(function, items), weights)):
            collected.add(i, result)
            bar.update(weight)
