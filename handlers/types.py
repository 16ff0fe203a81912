"""Platform-neutral messages: what a channel adapter hands in and what it renders back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChatType(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Incoming:
    """One incoming update: a text, a button press or a location, from a user in a chat."""

    platform: str
    user_id: str
    chat_id: str
    chat_type: ChatType = ChatType.PRIVATE
    text: str | None = None
    button: str | None = None
    location: Location | None = None
    update_id: str | None = None
    language: str | None = None
    mentioned: bool = False
    private_link: str | None = None  # a link that opens a private chat with the bot, where the platform has one


@dataclass(frozen=True)
class Button:
    """A button: `key` names a stored action; `url` makes it a link instead."""

    label: str
    key: str = ""
    url: str | None = None


@dataclass(frozen=True)
class TextReply:
    """A message; `notice` marks a short transient answer to a button press (a toast where the platform has one)."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    notice: bool = False


@dataclass(frozen=True)
class ImageReply:
    data: bytes
    filename: str
    caption: str = ""


@dataclass(frozen=True)
class DocumentReply:
    data: bytes
    filename: str
    caption: str = ""


Reply = TextReply | ImageReply | DocumentReply
