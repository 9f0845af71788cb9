"""The event loops a guard serves: their own async clients, and decisions taken off the loop.

A decision ends in an audit write (an fsync, maybe a wait for another writer's lock): on the
event loop it stalled every other task of a crawl."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

if TYPE_CHECKING:
    from scrapeguard.fetch import AsyncFetcher
    from scrapeguard.hostfiles import AsyncHostFiles

_D = TypeVar("_D")


@dataclass(frozen=True)
class LoopClients:
    """A running event loop's async client and host-file filler (`Guard._on_loop`), and the worker
    threads its decisions are written in: their own, so a request's decision never queues behind the
    page and image analyses filling anyio's shared 40 (a request waited 1.9 s behind them)."""

    fetcher: AsyncFetcher
    filler: AsyncHostFiles
    decisions: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(DECISION_THREADS))


DECISION_THREADS = 8  # per event loop: a decision's own work is short; its audit write may wait on a lock


async def off_loop(fn: Callable[..., _D], *args: Any, limiter: anyio.CapacityLimiter | None = None) -> _D:
    """`fn(*args)` in a worker thread: a decision ends in its audit write, an fsync and, while another
    process holds the log's write lock (an erasure, a prune, another crawler), a wait of up to the busy
    timeout, which on the event loop stalled every other task of the crawl (30 s). Not abandoned when
    the caller is cancelled: the decision is still written."""
    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def running_loop() -> object:
    """The event loop running this coroutine: asyncio's, or (the other loop anyio and httpx run
    under) trio's run, by its token."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        import trio

        return trio.lowlevel.current_trio_token()


def loop_closed(loop: object) -> bool:
    return isinstance(loop, asyncio.AbstractEventLoop) and loop.is_closed()
