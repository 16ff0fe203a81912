"""Routes one incoming message to one handler inside one transaction, and never lets a traceback out."""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from handlers import messages, reply_codec, telemetry
from handlers.context import Context, Services
from handlers.errors import error_text
from handlers.registry import Command, Registry
from handlers.types import Button, ChatType, Incoming, Location, Reply, TextReply
from storage.clock import Clock
from storage.enums import Role
from storage.errors import DomainError, Forbidden, StorageUnavailable
from storage.limits import storable_text
from storage.masking import mask_text
from storage.services import audit, buttons, staff, updates
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2000


def keyboard_text(text: str) -> str:
    """What a Chinese keyboard types, folded: full-width ／；：，and digits, ideographic spaces (NFKC)."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_command(text: str) -> tuple[str, str] | None:
    """`/Name@bot args` → ("name", "args"); None when the text is not a command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name:
        return None
    return name, args.strip()


class Router:
    def __init__(
        self,
        registry: Registry,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        *,
        default_timezone: str = "Asia/Shanghai",
        services: Services,
        max_text_chars: int = MAX_TEXT_CHARS,
    ) -> None:
        self.registry = registry
        self.uow_factory = uow_factory
        self.clock = clock
        self.default_timezone = default_timezone
        self.max_text_chars = max_text_chars
        self.services = services

    def handle(self, incoming: Incoming, *, durable: bool = False) -> list[Reply]:
        """Replies to one message; errors become catalogue texts, unexpected ones are logged. A `durable` caller
        holds the update stored and retries it, so a database that is down raises StorageUnavailable instead of
        asking the user to send it again."""
        locale = messages.normalise_locale(incoming.language)
        incoming = _storable(incoming)
        started = time.perf_counter()
        try:
            replies = self._handle(incoming, durable)
            telemetry.UPDATES.labels(platform=incoming.platform).inc()
            telemetry.LATENCY.labels(platform=incoming.platform).observe(time.perf_counter() - started)
            return replies
        except StorageUnavailable as exc:
            if durable:
                raise
            log.warning("database unavailable for update %s: %s", incoming.update_id, exc.__cause__)
            return [TextReply(error_text(locale, exc))]
        except Exception:
            log.exception("unhandled error for %s update %s", incoming.platform, incoming.update_id)
            return [TextReply(messages.text(locale, "error.internal"))]

    def desk_context(self, user: StaffView, uow: UnitOfWork, now: datetime) -> Context:
        """A context for the web desk: the same services, scopes and catalogue as a private message of `user`."""
        incoming = Incoming(platform="web", user_id=str(user.id), chat_id=f"web:{user.id}")
        return Context(incoming, user, uow, now, user.locale, self.default_timezone, self.registry, self.services)

    def _handle(self, incoming: Incoming, durable: bool) -> list[Reply]:
        """A durable caller's replies are kept with the update's effects, in the same commit, until it says they
        were delivered: an update processed again after a crash sends them instead of nothing."""
        with self.uow_factory() as uow:
            now = self.clock.now()
            if not _claim(uow, incoming, now):
                kept = (
                    updates.undelivered_replies(uow, incoming.platform, incoming.update_id or "") if durable else None
                )
                return reply_codec.decode(kept) if kept else []
            user = staff.resolve(uow, incoming.platform, incoming.user_id)
            locale = user.locale if user else messages.normalise_locale(incoming.language)
            ctx = Context(incoming, user, uow, now, locale, self.default_timezone, self.registry, self.services)
            try:
                replies = self._dispatch(ctx)
            except StorageUnavailable:
                raise
            except DomainError as exc:
                uow.rollback()
                _claim(uow, incoming, now)
                if isinstance(exc, Forbidden) and user is not None:
                    audit.record(uow, user.id, "forbidden", now, detail={"code": exc.code})
                replies = [TextReply(error_text(locale, exc), notice=incoming.button is not None)]
            if incoming.chat_type is ChatType.GROUP:
                replies = _masked(replies)
            if durable and incoming.update_id is not None and replies:
                updates.keep_replies(uow, incoming.platform, incoming.update_id, reply_codec.encode(replies))
            uow.commit()
            return replies

    def _dispatch(self, ctx: Context) -> list[Reply]:
        incoming = ctx.incoming
        if incoming.button is not None:
            return self._press(ctx, incoming.button)
        if incoming.location is not None:
            return self._location(ctx, incoming.location)
        text = keyboard_text(incoming.text or "")
        if len(text) > self.max_text_chars:
            return [TextReply(ctx.t("too_long", length=len(text), limit=self.max_text_chars))]
        command = parse_command(text)
        if command is not None:
            return self._command(ctx, *command)
        return self._text(ctx, text)

    def _location(self, ctx: Context, location: Location) -> list[Reply]:
        if ctx.user is None:
            return [TextReply(ctx.t("stranger"))]
        for on_location in self.registry.location_handlers:
            replies = on_location(ctx, location)
            if replies is not None:
                return replies
        return [TextReply(ctx.t("location.nothing"))]

    def _text(self, ctx: Context, text: str) -> list[Reply]:
        """Free text tries each feature's text route in order; in a group only when the bot is mentioned."""
        group = ctx.incoming.chat_type is ChatType.GROUP
        if group and not ctx.incoming.mentioned:
            return []
        if ctx.user is None:
            return [TextReply(ctx.t("stranger"))]
        if not text:
            return [TextReply(ctx.t("empty_message"))]
        for route in self.registry.text_routes:
            if group and not route.in_groups:
                continue
            replies = route.handler(ctx, text)
            if replies is not None:
                return replies
        return [_private_only(ctx)] if group else [TextReply(ctx.t("fallback"))]

    def _command(self, ctx: Context, name: str, args: str) -> list[Reply]:
        command = self.registry.commands.get(name)
        if command is None:
            if ctx.incoming.chat_type is ChatType.GROUP and not ctx.incoming.mentioned:
                return []
            return [TextReply(ctx.t("unknown_command", name=name))]
        if ctx.user is None and not command.open_to_strangers:
            return [TextReply(ctx.t("stranger"))]
        if ctx.user is not None and ctx.user.role not in command.roles:
            return self._refuse(ctx, command)
        if command.private_only and ctx.incoming.chat_type is ChatType.GROUP:
            return [_private_only(ctx)]
        return command.handler(ctx, args)

    def _refuse(self, ctx: Context, command: Command) -> list[Reply]:
        assert ctx.user is not None
        audit.record(ctx.uow, ctx.user.id, "forbidden_command", ctx.now, detail={"command": command.name})
        roles = ctx.t("role_separator").join(ctx.t(f"role.{r.value}") for r in Role if r in command.roles)
        return [TextReply(ctx.t("forbidden_command", name=command.name, roles=roles))]

    def _press(self, ctx: Context, key: str) -> list[Reply]:
        if ctx.user is None:
            return [TextReply(ctx.t("stranger"))]
        pressed = buttons.redeem(ctx.uow, key, ctx.user.id, ctx.now)
        action = self.registry.actions.get(pressed.action)
        if action is None:
            return [TextReply(ctx.t("error.button_expired"), notice=True)]
        return action(ctx, pressed.payload)


def _private_only(ctx: Context) -> TextReply:
    """In a group: personal data only in private, with a link to the private chat where there is one."""
    link = ctx.incoming.private_link
    buttons = ((Button(ctx.t("private_link"), url=link),),) if link else ()
    return TextReply(ctx.t("private_only"), buttons=buttons)


def _claim(uow: UnitOfWork, incoming: Incoming, now: datetime) -> bool:
    """True when this update is new (or carries no id); records it in the open transaction."""
    if incoming.update_id is None:
        return True
    return updates.claim(uow, incoming.platform, incoming.update_id, now)


def _masked(replies: list[Reply]) -> list[Reply]:
    """In a group, personal numbers are masked in whatever a handler wrote: the last safety net of privacy."""
    return [replace(r, text=mask_text(r.text)) if isinstance(r, TextReply) else r for r in replies]


def _storable(incoming: Incoming) -> Incoming:
    """Text and button data without NUL or lone surrogates, which no database stores alike (cleaned at the edge)."""
    text, button = incoming.text, incoming.button
    clean_text = storable_text(text) if text else text
    clean_button = storable_text(button) if button else button
    if clean_text is text and clean_button is button:
        return incoming
    return replace(incoming, text=clean_text, button=clean_button)
