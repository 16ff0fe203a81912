"""Updates processed concurrently across chats and in order within one chat, with a per-user rate limit.

Each chat has a lane: its updates run one after another, in the order they were stored; different chats run at
the same time. A user who floods the bot only lengthens their own lane: past a burst, their updates wait for the
token bucket to refill (they are stored, so nothing is dropped) and the user is told once why replies slow down.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

BURST = 12  # messages a user may send at once before being slowed
PER_SECOND = 1.0  # and then, one a second
NOTICE_EVERY = 60.0  # seconds between two "you are sending fast" notices to one user


@dataclass
class _Bucket:
    tokens: float
    at: float
    noticed_at: float = -NOTICE_EVERY


@dataclass
class _Lane(Generic[T]):
    items: deque[tuple[str, T]] = field(default_factory=deque)
    runner: asyncio.Task[None] | None = None


class Lanes(Generic[T]):
    def __init__(
        self,
        work: Callable[[T], Awaitable[None]],
        *,
        notice: Callable[[T], Awaitable[None]] | None = None,
        burst: int = BURST,
        per_second: float = PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.work = work
        self.notice = notice
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._lanes: dict[str, _Lane[T]] = {}
        self._buckets: dict[str, _Bucket] = {}

    def submit(self, chat: str, user: str, item: T) -> None:
        """Queues the item behind the chat's earlier ones; returns at once."""
        lane = self._lanes.setdefault(chat, _Lane())
        lane.items.append((user, item))
        if lane.runner is None or lane.runner.done():
            lane.runner = asyncio.get_running_loop().create_task(self._run(chat, lane), name=f"lane-{chat}")

    @property
    def busy(self) -> int:
        """Items queued or running, over all chats."""
        return sum(len(lane.items) + bool(lane.runner and not lane.runner.done()) for lane in self._lanes.values())

    async def drain(self, timeout: float) -> bool:
        """Waits for every queued item to finish; False when the timeout came first."""
        deadline = self.clock() + timeout
        while any(lane.runner and not lane.runner.done() for lane in self._lanes.values()):
            if self.clock() > deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    async def _run(self, chat: str, lane: _Lane[T]) -> None:
        while lane.items:
            user, item = lane.items.popleft()
            await self._throttle(user, item)
            try:
                await self.work(item)
            except Exception:
                log.exception("processing an update of chat %s failed", chat)
        if self._lanes.get(chat) is lane and not lane.items:
            del self._lanes[chat]

    async def _throttle(self, user: str, item: T) -> None:
        now = self.clock()
        bucket = self._buckets.setdefault(user, _Bucket(tokens=float(self.burst), at=now))
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens < 1:
            if self.notice is not None and now - bucket.noticed_at >= NOTICE_EVERY:
                bucket.noticed_at = now
                try:
                    await self.notice(item)
                except Exception:
                    log.warning("could not tell user %s that they are slowed down", user)
            wait = (1 - bucket.tokens) / self.per_second
            await asyncio.sleep(wait)
            bucket.tokens, bucket.at = 1.0, self.clock()
        bucket.tokens -= 1
