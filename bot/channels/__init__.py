"""Channel adapters: each turns its platform's updates into Incoming and renders Reply lists.

Telegram, the WeCom app and the WeCom AI bot are adapters of one small interface, `Channel`: `kehu run` starts
them (each in its own way: polling, a webhook, a callback server, a long connection), the scheduler pushes through
`send`, and `stop` finishes what is in hand. What they share beyond it: the inbox (updates stored before they are
acknowledged), the per-chat lanes, the durable steps (`durable.py`) and the outcome of a send (`bot/outcome.py`).
A new platform (DingTalk) is one more module here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.outcome import Delivered
from handlers.types import Reply


class Channel(Protocol):
    async def send(self, chat_id: str, replies: Sequence[Reply]) -> Delivered:
        """Replies to one private chat, in order, with what became of them."""

    async def stop(self) -> None:
        """Stops taking updates and finishes (or leaves stored) what is in hand."""
