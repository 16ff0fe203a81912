"""What a handler gets: the incoming message, the acting user, an open unit of work, the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from handlers import messages
from handlers.formatting import Formatter
from handlers.types import Button, Incoming
from knowledge.holder import KnowledgeHolder
from knowledge.workcal import WorkCalendar
from storage.services import buttons
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from handlers.registry import Registry


@dataclass(frozen=True)
class WebDesk:
    """Where the web desk is reached (KEHU_WEB_URL, else its local address) and the key its sign-in links are signed
    with (KEHU_WEB_SECRET; None: the one kept in the database)."""

    base_url: str
    secret: str | None = None

    def link(self, token: str) -> str:
        return f"{self.base_url.rstrip('/')}/login/{quote(token, safe='')}"


@dataclass(frozen=True)
class Services:
    """Long-lived parts handlers use besides the database, built once per process; no KB configured is None."""

    calendar: WorkCalendar
    knowledge: KnowledgeHolder | None = None
    web: WebDesk | None = None  # None: the web desk is not served


@dataclass
class Context:
    incoming: Incoming
    user: StaffView | None
    uow: UnitOfWork
    now: datetime
    locale: str
    default_timezone: str
    registry: Registry
    services: Services

    def t(self, key: str, **params: Any) -> str:
        """A catalogue text in the user's locale."""
        return messages.text(self.locale, key, **params)

    @property
    def fmt(self) -> Formatter:
        """Money, dates and times in the user's locale."""
        return Formatter(self.locale)

    @property
    def calendar(self) -> WorkCalendar:
        return self.services.calendar

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.user.timezone if self.user else self.default_timezone)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    def button(self, label: str, action: str, **payload: Any) -> Button:
        """A button whose action and payload are stored server-side under a short key."""
        assert self.user is not None, "buttons are only issued to known users"
        key = buttons.issue(self.uow, self.user.id, self.incoming.chat_id, action, payload, self.now)
        return Button(label=label, key=key)
