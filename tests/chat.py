"""Drives the router as a person would: send a line, read the replies, press a button by its label."""

from __future__ import annotations

import itertools

from bot.bootstrap import App
from handlers import messages
from handlers.types import Button, ChatType, Incoming, Location, Reply, TextReply
from storage.services import staff

_update_ids = itertools.count(1)


class Chat:
    def __init__(
        self,
        app: App,
        who: str,
        *,
        chat_type: ChatType = ChatType.PRIVATE,
        chat_id: str | None = None,
        platform: str = "test",
    ) -> None:
        self.app = app
        self.platform = platform
        with app.uow_factory() as uow:
            self.user = staff.pick(uow, who)
            staff.bind_identity(uow, self.user.id, platform, f"u{self.user.id}", app.clock.now())
            uow.commit()
        self.user_id = f"u{self.user.id}"
        self.chat_id = chat_id or self.user_id
        self.chat_type = chat_type
        self.last: list[Reply] = []

    def _send(self, **kwargs: object) -> list[Reply]:
        incoming = Incoming(
            platform=self.platform,
            user_id=self.user_id,
            chat_id=self.chat_id,
            chat_type=self.chat_type,
            update_id=str(next(_update_ids)),
            **kwargs,
        )  # type: ignore[arg-type]
        self.last = self.app.router.handle(incoming)
        return self.last

    def send(self, text: str, *, mentioned: bool = False) -> str:
        return texts(self._send(text=text, mentioned=mentioned))

    def share(self, latitude: float, longitude: float) -> str:
        return texts(self._send(location=Location(latitude, longitude)))

    def buttons(self) -> list[Button]:
        return [b for r in self.last if isinstance(r, TextReply) for row in r.buttons for b in row]

    def press(self, label_part: str) -> str:
        matches = [b for b in self.buttons() if label_part in b.label]
        assert matches, f"no button containing {label_part!r} in {[b.label for b in self.buttons()]}"
        return texts(self._send(button=matches[0].key))

    def press_key(self, key: str) -> str:
        return texts(self._send(button=key))


def texts(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies if isinstance(r, TextReply))


def said(key: str, **params: object) -> str:
    """The zh-CN catalogue text for `key`: assertions name what the bot says, not a fragment of its wording."""
    return messages.text("zh-CN", key, **params)
