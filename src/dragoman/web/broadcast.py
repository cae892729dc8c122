"""Live updates: a channel that page streams subscribe to and sessions publish on, from any
thread (actions are applied in worker threads, streams wait on the event loop)."""

from __future__ import annotations

import asyncio
import threading

__all__ = ["Channel"]


class Channel:
    """Subscribers get the channel's version number each time it changes."""

    def __init__(self) -> None:
        self.version = 0
        self._lock = threading.Lock()
        self._queues: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[int]]] = []

    def subscribe(self) -> asyncio.Queue[int]:
        """A queue of versions, on the running event loop."""
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=100)
        with self._lock:
            self._queues.append((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue[int]) -> None:
        """Stop sending to `queue`."""
        with self._lock:
            self._queues = [(loop, q) for loop, q in self._queues if q is not queue]

    def publish(self) -> None:
        """A change: every subscriber hears the new version."""
        with self._lock:
            self.version += 1
            version, queues = self.version, list(self._queues)
        for loop, queue in queues:
            try:
                loop.call_soon_threadsafe(_offer, queue, version)
            except RuntimeError:  # the loop has closed: the subscriber is gone
                self.unsubscribe(queue)


def _offer(queue: asyncio.Queue[int], version: int) -> None:
    """Put `version` on the queue; a full queue (a stalled reader) keeps only the newest."""
    if queue.full():
        queue.get_nowait()
    queue.put_nowait(version)
