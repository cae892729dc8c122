"""Where an experiment's batches run: here, in a local process pool (the default: one worker
per core, nothing to start), or on a Ray cluster (`pip install 'dragoman[ray]'`).

A backend maps a module-level function over tasks and yields each task's result as soon as it
is done, in any order; the caller stores it at once (so a killed run keeps what finished). The
work is the same everywhere and every result depends only on its task (seeds travel with the
cells), so every backend and every worker count gives the same results.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Literal, TypeVar

from dragoman.errors import DragomanError
from dragoman.limits import over

__all__ = ["BackendName", "default_workers", "run_tasks"]

T = TypeVar("T")
R = TypeVar("R")
BackendName = Literal["local", "ray"]


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_tasks(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    backend: BackendName = "local",
    workers: int | None = None,
    address: str | None = None,
) -> Iterator[tuple[int, R]]:
    """(task number, result) of every task, each as soon as it is done. The backend, the
    worker count and a cluster's address are checked here, before any task runs."""
    if backend == "ray":
        ray = _ray_module()
        if address is not None:
            _check_reachable(address)
        return _ray(ray, function, tasks, address)
    if backend != "local":
        raise DragomanError(f"unknown backend {backend!r} (use local or ray)")
    if address is not None:
        raise DragomanError("--address is for the ray backend")
    count = workers or default_workers()
    if count < 1:
        raise DragomanError(f"workers must be at least 1 (got {count})")
    if too_many := over("workers", count):  # a process each: not a fork bomb by typo
        raise DragomanError(too_many)
    if count == 1 or len(tasks) <= 1:
        return ((k, function(task)) for k, task in enumerate(tasks))
    return _pool(function, tasks, count)


def _pool(function: Callable[[T], R], tasks: Sequence[T], count: int) -> Iterator[tuple[int, R]]:
    """A local process pool (forked workers share what the parent loaded: the scenarios)."""
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=min(count, len(tasks)), mp_context=context) as pool:
        pending = {pool.submit(function, task): k for k, task in enumerate(tasks)}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        finally:
            for future in pending:
                future.cancel()


def _ray_module() -> Any:
    """Ray, or DragomanError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise DragomanError("the ray backend needs Ray: pip install 'dragoman[ray]'") from None
    return ray


def _ray(
    ray: Any, function: Callable[[T], R], tasks: Sequence[T], address: str | None
) -> Iterator[tuple[int, R]]:
    """The tasks as Ray tasks (one CPU each) on the cluster at `address` (None: the one this
    process is connected to, else a local one started here)."""
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"address": address} if address else {}
        # Ray's own INFO lines ("Started a local Ray instance") are not the command's output
        ray.init(
            log_to_driver=False, include_dashboard=False, logging_level=logging.ERROR, **kwargs
        )
    remote = ray.remote(num_cpus=1, max_retries=3)(function)
    pending = {remote.remote(task): k for k, task in enumerate(tasks)}
    try:
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                yield pending.pop(ref), ray.get(ref)
    finally:
        for ref in pending:
            ray.cancel(ref)


#: Seconds to wait for a Ray cluster's address to answer before giving up.
CONNECT_TIMEOUT = 5.0


def _check_reachable(address: str) -> None:
    """DragomanError unless something listens at a HOST:PORT (or ray://HOST:PORT) address:
    Ray itself retries an unreachable cluster for minutes. `auto` and `local` are Ray's."""
    if address in ("auto", "local"):
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise DragomanError(f"--address {address!r}: expected HOST:PORT, ray://HOST:PORT or auto")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise DragomanError(
            f"no Ray cluster answers at {address} ({exc.strerror or exc}); start one there with "
            "`ray start --head`, or leave out --address to start a local one"
        ) from None
