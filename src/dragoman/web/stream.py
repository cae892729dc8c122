"""Live updates as server-sent events: a seat's page, an API seat and the class dashboard
each hear `update` (with a version number) whenever their session(s) changed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from dragoman.web.access import hub_of, organiser, seat_by_cookie, seat_by_header
from dragoman.web.broadcast import Channel

__all__ = ["router"]

router = APIRouter()
#: Seconds between keep-alive comments (proxies close silent connections).
KEEP_ALIVE = 15.0


async def updates(request: Request, channel: Channel) -> AsyncIterator[str]:
    """`update` events from `channel` until the client goes away."""
    queue = channel.subscribe()
    try:
        yield f"retry: 2000\nevent: update\ndata: {channel.version}\n\n"
        while not await request.is_disconnected():
            try:
                version = await asyncio.wait_for(queue.get(), timeout=KEEP_ALIVE)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            yield f"event: update\ndata: {version}\n\n"
    finally:
        channel.unsubscribe(queue)


def _response(request: Request, channel: Channel) -> StreamingResponse:
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        updates(request, channel), media_type="text/event-stream", headers=headers
    )


@router.get("/seat/{seat_id}/stream", include_in_schema=False)
async def seat_stream(seat_id: int, request: Request) -> StreamingResponse:
    """A seat page's updates."""
    seated = await run_in_threadpool(seat_by_cookie, request, seat_id)
    return _response(request, seated.live.channel)


@router.get("/api/seat/stream", tags=["api"])
async def api_seat_stream(request: Request) -> StreamingResponse:
    """Server-sent `update` events whenever your seat's session changes (then GET /api/seat)."""
    seated = await run_in_threadpool(seat_by_header, request)
    return _response(request, seated.live.channel)


@router.get("/exercise/{exercise_id}/stream", include_in_schema=False)
async def exercise_stream(exercise_id: int, request: Request) -> StreamingResponse:
    """The dashboard's updates: any group of the exercise changed."""
    exercise = await run_in_threadpool(organiser, request, exercise_id)
    return _response(request, hub_of(request).exercise_channel(exercise.id))
