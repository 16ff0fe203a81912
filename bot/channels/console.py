"""A chat in the terminal with the same handlers: `#N` presses button N of the latest message with buttons,
`#K.N` button N of the K-th latest (as on a phone, an older card can still be pressed), `@lat,lon` sends a
location."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO
from uuid import uuid4

from handlers import messages
from handlers.router import Router
from handlers.types import Button, DocumentReply, ImageReply, Incoming, Location, Reply, TextReply
from storage.services import staff
from storage.services.staff import StaffView
from storage.uow import UnitOfWorkFactory

PLATFORM = "console"
_BUTTON = re.compile(r"^#(?:(\d+)[.。])?(\d+)$")
KEYBOARDS_KEPT = 20
_LOCATION = re.compile(r"^@\s*(-?\d+(?:\.\d+)?)\s*[,,]\s*(-?\d+(?:\.\d+)?)$")


def login(uow_factory: UnitOfWorkFactory, who: str, now: datetime) -> StaffView:
    """Picks the console user (role word, name or staff number) and binds the console identity to them."""
    with uow_factory() as uow:
        user = staff.pick(uow, who)
        staff.bind_identity(uow, user.id, PLATFORM, _identity(user), now)
        uow.commit()
    return user


def _identity(user: StaffView) -> str:
    return f"console:{user.staff_no}"


class ConsoleChannel:
    def __init__(self, router: Router, user: StaffView, outbox: Path, out: TextIO) -> None:
        self.router = router
        self.user = user
        self.outbox = outbox
        self.out = out
        self.identity = _identity(user)
        self.keyboards: list[list[Button]] = []  # the buttons of each message that had some, newest last

    def t(self, key: str, **params: object) -> str:
        return messages.text(self.user.locale, key, **params)

    def welcome(self) -> None:
        role = self.t(f"role.{self.user.role.value}")
        self.out.write(self.t("console.welcome", name=self.user.name, role=role) + "\n")

    def run(self, lines: Iterable[str], *, echo: bool) -> None:
        """One message per line until the input ends."""
        for raw in lines:
            line = raw.rstrip("\r\n")
            if echo:
                self.out.write(f"> {line}\n")
            self.send(line)
            self.out.flush()

    def send(self, line: str) -> None:
        """Turns one typed line into an Incoming (text, button press or location) and prints the replies."""
        stripped = line.strip()
        incoming = self._incoming(stripped)
        if incoming is not None:
            self.render(self.router.handle(incoming))

    def _incoming(self, line: str) -> Incoming | None:
        if match := _BUTTON.match(line):
            button = self._button(int(match.group(1) or 1), int(match.group(2)))
            return self._make(button=button.key) if button else None
        if line.startswith("@"):
            if not (match := _LOCATION.match(line)):
                self.out.write(self.t("console.bad_location") + "\n")
                return None
            location = Location(float(match.group(1)), float(match.group(2)))
            return self._make(location=location)
        return self._make(text=line)

    def _button(self, message: int, number: int) -> Button | None:
        """Button `number` of the `message`-th latest message with buttons, or None after saying why not."""
        if not self.keyboards:
            self.out.write(self.t("console.no_buttons") + "\n")
            return None
        if not 1 <= message <= len(self.keyboards):
            self.out.write(self.t("console.bad_message", number=message, count=len(self.keyboards)) + "\n")
            return None
        buttons = self.keyboards[-message]
        if not 1 <= number <= len(buttons):
            self.out.write(self.t("console.bad_button", number=number, count=len(buttons)) + "\n")
            return None
        return buttons[number - 1]

    def _make(
        self, *, text: str | None = None, button: str | None = None, location: Location | None = None
    ) -> Incoming:
        return Incoming(
            platform=PLATFORM,
            user_id=self.identity,
            chat_id=self.identity,
            text=text,
            button=button,
            location=location,
            language=self.user.locale,
        )

    def render(self, replies: list[Reply]) -> None:
        for reply in replies:
            if isinstance(reply, TextReply):
                self._text(reply)
            elif isinstance(reply, ImageReply):
                self.out.write(self.t("console.image_saved", path=self._save(reply.filename, reply.data)) + "\n")
            elif isinstance(reply, DocumentReply):
                self.out.write(self.t("console.file_saved", path=self._save(reply.filename, reply.data)) + "\n")
            if isinstance(reply, ImageReply | DocumentReply) and reply.caption:
                self.out.write(reply.caption + "\n")

    def _text(self, reply: TextReply) -> None:
        self.out.write(reply.text + "\n")
        if not reply.buttons:
            return
        pressable: list[Button] = []
        for row in reply.buttons:
            cells = []
            for button in row:
                if button.url:
                    cells.append(f"{button.label} {self.t('console.link', url=button.url)}")
                    continue
                pressable.append(button)
                cells.append(f"[{len(pressable)}] {button.label}")
            self.out.write("  ".join(cells) + "\n")
        if pressable:
            self.keyboards = [*self.keyboards, pressable][-KEYBOARDS_KEPT:]

    def _save(self, filename: str, data: bytes) -> Path:
        self.outbox.mkdir(parents=True, exist_ok=True)
        path = self.outbox / f"{uuid4().hex[:8]}-{Path(filename).name}"
        path.write_bytes(data)
        return path.resolve()
