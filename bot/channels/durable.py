"""The steps every channel takes with a stored update, in one place: route it in a worker thread, mark it done
with its replies delivered, and wait out a database outage at each step on its own (replies that went out are not
sent again because marking them failed)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.bootstrap import App
from handlers.types import Incoming, Reply
from storage.errors import StorageUnavailable
from storage.services import inbox, updates

log = logging.getLogger(__name__)
MAX_WAIT = 15.0


async def until_stored(step: Callable[[], Awaitable[None]], update_id: str) -> None:
    """Runs one step again and again while the database is down, waiting longer each time."""
    delay = 0.5
    while True:
        try:
            await step()
            return
        except StorageUnavailable:
            log.warning("database unavailable; update %s waits %.1f s", update_id, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_WAIT)


async def route(app: App, incoming: Incoming) -> list[Reply]:
    """The router's replies for a stored update, once the database answers."""
    found: list[Reply] = []

    async def step() -> None:
        found[:] = await asyncio.to_thread(app.router.handle, incoming, durable=True)

    await until_stored(step, incoming.update_id or "")
    return found


async def finish(app: App, item: inbox.Stored, platform: str) -> None:
    """The stored update processed and its replies delivered: neither is done again."""

    def mark() -> None:
        with app.uow_factory() as uow:
            inbox.done(uow, item.id, app.clock.now())
            updates.replies_delivered(uow, platform, item.update_id)
            uow.commit()

    await until_stored(lambda: asyncio.to_thread(mark), item.update_id)
