"""A platform's per-bot send limit shared by every instance on the database: each instance sends at most
limit / live instances (their heartbeats, bot/scheduler.py), so N instances together stay under Telegram's ~30
messages a second per bot; the share grows back when an instance stops."""

from __future__ import annotations

from aiolimiter import AsyncLimiter


class SharedRate:
    def __init__(self, per_bot: float, period: float = 1.0) -> None:
        self.per_bot = per_bot
        self.period = period
        self.instances = 1
        self._limiter = AsyncLimiter(per_bot, period)

    @property
    def rate(self) -> float:
        """This instance's sends per period."""
        return self._limiter.max_rate

    def resize(self, instances: int) -> None:
        """A new share when the number of live instances changed (a fresh bucket: at most one period's slack)."""
        instances = max(1, instances)
        if instances != self.instances:
            self.instances = instances
            self._limiter = AsyncLimiter(self.per_bot / instances, self.period)

    async def acquire(self) -> None:
        await self._limiter.acquire()
