"""Where an experiment's batches run: here, in a local process pool (the default: one worker
per core, nothing to start), or on a Ray cluster (`pip install 'dragoman[ray]'`).

A backend maps a module-level function over tasks and yields each task's result as soon as it
is done, in any order; the caller stores it at once (so a killed run keeps what finished). The
work is the same everywhere and every result depends only on its task (seeds travel with the
cells), so every backend and every worker count gives the same results. A task may stop
early and hand back the rest of itself (`Unfinished`): its result so far is yielded at once
and the rest runs as a task of its own, so a long task's work is stored as it goes.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar

from dragoman import arguments
from dragoman.errors import DragomanError

__all__ = ["BackendName", "Unfinished", "default_workers", "interrupts_held", "run_tasks"]

T = TypeVar("T")
R = TypeVar("R")
BackendName = Literal["local", "ray"]
#: What `run_tasks` yields: (task number, result) pairs.
Results = Generator[tuple[int, R], None, None]


@dataclass(frozen=True)
class Unfinished(Generic[R, T]):
    """What a task that stopped early returns: its result so far and the rest of the task,
    which the backend runs next as a task of its own (with the same task number)."""

    result: R
    rest: T


#: What a task function returns: its whole result, or part of it and the rest to run.
Outcome: TypeAlias = "R | Unfinished[R, T]"


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_tasks(
    function: Callable[[T], Outcome[R, T]],
    tasks: Sequence[T],
    *,
    backend: BackendName = "local",
    workers: int | None = None,
    address: str | None = None,
) -> Results[R]:
    """(task number, result) of every task, each as soon as it is done. The backend, the
    worker count and a cluster's address are checked here, before any task runs. Closing
    the generator early (or an exception in it: Ctrl-C) stops the tasks still running."""
    if backend == "ray":
        ray = _ray_module()
        if address is not None:
            _check_reachable(address)
        return _ray(ray, function, tasks, joined=_connect(ray, address))
    if backend != "local":
        raise DragomanError(f"unknown backend {backend!r} (use local or ray)")
    if address is not None:
        raise DragomanError("--address is for the ray backend")
    # a process each: over the limit, not a fork bomb by typo
    count = arguments.count(workers, "workers", limit="workers") or default_workers()
    if count == 1 or len(tasks) <= 1:
        return _here(function, tasks)
    return _pool(function, tasks, count)


def _here(function: Callable[[T], Outcome[R, T]], tasks: Sequence[T]) -> Results[R]:
    """The tasks one after the other in this process (one worker: nothing to start)."""
    for k, task in enumerate(tasks):
        outcome = function(task)
        while isinstance(outcome, Unfinished):
            yield k, outcome.result
            outcome = function(outcome.rest)
        yield k, outcome


def _pool(function: Callable[[T], Outcome[R, T]], tasks: Sequence[T], count: int) -> Results[R]:
    """A local process pool (forked workers share what the parent loaded: the scenarios).

    Ctrl-C is the parent's alone: the workers ignore SIGINT (a terminal sends it to the whole
    process group), and when the caller stops early (KeyboardInterrupt, or the iterator
    closed) the pool is shut down with its queued tasks cancelled and its workers terminated,
    not waited for: what was yielded is the caller's, the tasks in flight are lost."""
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(count, len(tasks)), mp_context=context, initializer=_ignore_interrupts
    )
    pending: dict[Future[Outcome[R, T]], int] = {}
    try:
        with interrupts_held():  # the workers are forked at the first submit
            pending = {pool.submit(function, task): k for k, task in enumerate(tasks)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                k, outcome = pending.pop(future), future.result()
                if isinstance(outcome, Unfinished):  # its rest runs next, as a task of its own
                    with interrupts_held():
                        pending[pool.submit(function, outcome.rest)] = k
                    outcome = outcome.result
                yield k, outcome
    finally:
        if pending:
            _abandon(pool)
        pool.shutdown(wait=not pending)


def _ignore_interrupts() -> None:
    """A worker's start: SIGINT ignored, then let through (it was held while forking); SIGTERM
    and SIGHUP back to their default (they end the process); and a watch on the parent, so a
    worker whose parent was killed (SIGKILL: nothing to shut the pool down) exits instead of
    waiting on a pipe nobody reads, for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the command's SIGTERM handler, inherited, raises SystemExit, which the pool's worker loop
    # takes as a task's failure and carries on: `terminate()` must end a worker at once
    for ends in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, ends):
            signal.signal(getattr(signal, ends), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


#: Seconds between a worker's looks at whether its parent is still there.
ORPHAN_CHECK = 0.5


def _exit_when_orphaned(parent: int) -> None:
    """Exit this worker at once when its parent has gone (it is re-parented: a new ppid)."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK)
    os._exit(1)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C held back in the block and delivered at its end (a KeyboardInterrupt there), so
    the block is never cut half-way: forking the pool's workers, starting or joining a Ray
    cluster. SIGINT is blocked in this thread (a process started in the block starts with
    it blocked: a forked worker until `_ignore_interrupts`), and one that another thread
    takes (a progress bar's) is kept for the end too."""
    came: list[int] = []
    main = threading.current_thread() is threading.main_thread()  # handlers are its alone
    handler = signal.getsignal(signal.SIGINT) if main else None
    if handler is not None:
        signal.signal(signal.SIGINT, lambda *_: came.append(1))
    masks = hasattr(signal, "pthread_sigmask")  # not on Windows: nothing inherited there
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if masks else set()
    try:
        yield
    finally:
        if masks:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a held one is taken now
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
    if came and callable(handler):
        handler(signal.SIGINT, None)  # Python's own: KeyboardInterrupt


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now: its queued tasks cancelled (by its own manager thread, which alone
    may settle its futures: a future cancelled from outside and then failed by a broken pool
    is CPython's InvalidStateError, and a hung shutdown), its workers terminated."""
    # what the pool forgets at shutdown
    workers = list((pool._processes or {}).values())
    manager, results = pool._executor_manager_thread, pool._result_queue
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(_JOIN_TIMEOUT)
    # a worker ended while it sent a result leaves half a message in the results pipe, and the
    # manager thread waits for the rest for ever (the interpreter's exit waits on that thread):
    # with every worker gone, closing the parent's write end, the last one, gives it an EOF
    if results is not None and not any(worker.is_alive() for worker in workers):
        results._writer.close()  # type: ignore[attr-defined]
    # the manager thread closes its wake-up pipe as it finds the workers gone; at exit
    # CPython 3.11 writes to that pipe unlocked ("Bad file descriptor" printed) unless the
    # thread is done by then
    if isinstance(manager, threading.Thread):
        manager.join(_JOIN_TIMEOUT)


#: Seconds to wait for a terminated worker to exit (SIGTERM ends it at once).
_JOIN_TIMEOUT = 10.0


def _ray_module() -> Any:
    """Ray, or DragomanError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise DragomanError("the ray backend needs Ray: pip install 'dragoman[ray]'") from None
    return ray


def _connect(ray: Any, address: str | None) -> bool:
    """Join the cluster at `address` (None: the one this process is connected to, else a
    local one started here), before any task is planned; whether it was joined here (not
    by the caller). DragomanError saying why when it cannot be joined (Ray's own retry
    lines, a screenful, are kept off the terminal and read for the reason instead)."""
    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {"address": address} if address else {}
    said = io.StringIO()
    try:
        # not cut half-way by Ctrl-C (a half-started cluster leaks its agents, a half-joined
        # driver may crash at exit): the interrupt comes once Ray is up, and stops it
        with interrupts_held(), _captured_stderr(said) if address else nullcontext():
            # Ray's own INFO lines ("Started a local Ray instance") are not the command's output
            ray.init(
                log_to_driver=False, include_dashboard=False, logging_level=logging.ERROR,
                **kwargs,
            )  # fmt: skip
    except (ConnectionError, RuntimeError) as exc:
        raise DragomanError(_join_failure(str(address), said.getvalue(), exc)) from None
    except KeyboardInterrupt:  # taken once Ray was up: left at once, as mid-run (`_ray`)
        with interrupts_held():
            ray.shutdown()
        raise
    return True


def _join_failure(address: str, said: str, exc: Exception) -> str:
    """Why the cluster at `address` could not be joined, from what Ray said on the way."""
    if "Authentication token is missing or incorrect" in said or "Unauthenticated" in said:
        return (
            f"--address {address}: the Ray cluster there asks for its token (token "
            "authentication): set RAY_AUTH_MODE=token, and RAY_AUTH_TOKEN if ~/.ray/auth_token "
            "is not this cluster's (docs/scaling.md)"
        )
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (
        f"--address {address}: something answers there but Ray cannot join it as a cluster "
        f"({first}); give the head node's GCS address (`ray start --head` prints it)"
    )


@contextmanager
def _captured_stderr(into: io.StringIO) -> Iterator[None]:
    """What is written to file descriptor 2 in the block (C++ code's lines too), kept in
    `into` instead of shown."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as kept:
        os.dup2(kept.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            kept.seek(0)
            into.write(kept.read(1_000_000).decode("utf-8", "replace"))


def _ray(
    ray: Any, function: Callable[[T], Outcome[R, T]], tasks: Sequence[T], joined: bool
) -> Results[R]:
    """The tasks as Ray tasks (one CPU each) on the cluster this process has joined.

    Stopped early (Ctrl-C, an error, the iterator closed), a cluster `joined` here is left
    at once, which ends this run's tasks (a local cluster started here is shut down whole:
    raylet, agents, workers), a second Ctrl-C held back until that is done (Ray's shutdown
    at exit, cut short, printed a traceback or crashed); on a cluster the caller joined,
    the tasks still running are cancelled. Not both: a task finishing as it is cancelled
    can abort the driver in Ray's task manager ("Tried to complete task that was not
    pending"), and leaving the cluster needs no cancelling."""
    remote = ray.remote(num_cpus=1, max_retries=3)(function)
    pending: dict[Any, int] = {}
    try:
        for k, task in enumerate(tasks):
            pending[remote.remote(task)] = k
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                k, outcome = pending.pop(ref), ray.get(ref)
                if isinstance(outcome, Unfinished):  # its rest runs next, as a task of its own
                    pending[remote.remote(outcome.rest)] = k
                    outcome = outcome.result
                yield k, outcome
    finally:
        if pending:
            with interrupts_held():
                if joined:
                    ray.shutdown()
                else:
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
        connection = socket.create_connection((host.strip("[]"), int(port)), CONNECT_TIMEOUT)
    except OSError as exc:
        raise DragomanError(
            f"--address {address}: no Ray cluster answers there ({exc.strerror or exc}); start "
            "one with `ray start --head`, or leave out --address to start a local one"
        ) from None
    with connection:
        if not _speaks_http2(connection):  # Ray would retry it for minutes
            raise DragomanError(
                f"--address {address}: something listens there but it is not a Ray cluster "
                "(it does not answer as a gRPC server); give the head node's GCS address "
                "(`ray start --head` prints it)"
            )


#: The client's opening of an HTTP/2 (gRPC) connection: the preface and an empty SETTINGS.
_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0])


def _speaks_http2(connection: socket.socket) -> bool:
    """Whether the server answers the HTTP/2 preface with its own SETTINGS frame, as a gRPC
    server (Ray's GCS, a Ray client server) must at once."""
    try:
        connection.settimeout(CONNECT_TIMEOUT)
        connection.sendall(_HTTP2_PREFACE)
        header = b""
        while len(header) < 9:
            chunk = connection.recv(9 - len(header))
            if not chunk:
                return False
            header += chunk
    except OSError:
        return False
    return header[3] == 4  # the frame type: SETTINGS
