"""The Telegram channel (python-telegram-bot 22): updates become Incoming, replies become Bot API calls."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Sequence
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ChatType as TgChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, ApplicationBuilder
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApp
from tornado.web import HTTPError, RequestHandler, stream_request_body

from bot.bootstrap import App
from bot.channels import durable, lanes
from bot.channels.share import SharedRate
from bot.channels.textsplit import split_text, utf16_len
from bot.outcome import Delivered, Outcome
from handlers import messages
from handlers.registry import Command
from handlers.types import Button, ChatType, ImageReply, Incoming, Location, Reply, TextReply
from storage.errors import StorageUnavailable
from storage.services import coordination, inbox, staff

PLATFORM = "telegram"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
PER_BOT_PER_SECOND = 30  # Telegram: about 30 messages a second per bot, shared by all instances
SEND_ATTEMPTS = 3
ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT = 10.0  # seconds a getUpdates call waits for news
WEBHOOK_BODY_LIMIT = 1_000_000  # Telegram's updates are a few KB; anything near a megabyte is not from it
DRAIN_SECONDS = 10.0

log = logging.getLogger(__name__)


class TelegramChannel:
    """Updates are stored in the inbox before Telegram is told they arrived (the webhook's 200, the polling
    offset), then processed in per-chat lanes: concurrently across chats, in order within one, a flooding user
    slowed on their own lane. A restart processes what was stored and not finished; the router's update claim
    keeps each update's effects exactly once."""

    def __init__(
        self,
        app: App,
        token: str,
        *,
        base_url: str | None = None,
        rate_limit: bool = True,
        poll_timeout: float = POLL_TIMEOUT,
        burst: int = lanes.BURST,
    ) -> None:
        self.app = app
        self.poll_timeout = poll_timeout
        self._menus: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._server: HTTPServer | None = None
        self._offset = 0
        self.lanes: lanes.Lanes[inbox.Stored] = lanes.Lanes(self._process, notice=self._flood_notice, burst=burst)
        app.dispatcher.register(PLATFORM, self.send)
        builder = ApplicationBuilder().token(token).updater(None)
        if base_url:
            builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
        if rate_limit:
            builder.rate_limiter(AIORateLimiter(max_retries=5))
        self.share = SharedRate(PER_BOT_PER_SECOND if rate_limit else 1_000_000)
        self.application = builder.build()

    # ---- running ---------------------------------------------------------------------------------
    async def start(self, *, jobs: bool = True) -> None:
        """The bot, the process's jobs, the command menus in the background, and what a crash left unprocessed."""
        await self.application.initialize()
        await self.application.start()
        if jobs:
            self._menus = asyncio.get_running_loop().create_task(self.publish_commands(), name="publish-commands")
            self.app.jobs.start()
        await self.resume()

    async def start_polling(self, *, jobs: bool = True) -> None:
        await self.start(jobs=jobs)
        await self.application.bot.delete_webhook(drop_pending_updates=False)
        self._poller = asyncio.get_running_loop().create_task(self._poll(), name="telegram-polling")

    async def start_webhook(self, listen: str, port: int, url: str, secret: str, *, jobs: bool = True) -> None:
        await self.start(jobs=jobs)
        self._server = HTTPServer(
            TornadoApp([(r"/.*", _WebhookHandler, {"channel": self, "secret": secret})]),
            max_body_size=WEBHOOK_BODY_LIMIT,
            max_buffer_size=WEBHOOK_BODY_LIMIT,
            idle_connection_timeout=60,
        )
        self._server.listen(port, listen)
        await self.application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
        )

    async def stop(self) -> None:
        """Stops taking updates, lets the lanes finish for a while (the rest stays stored), confirms the offset."""
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        if self._server is not None:
            self._server.stop()
            self._server = None
        if not await self.lanes.drain(DRAIN_SECONDS):
            log.warning("stopping with %s updates unprocessed; they stay stored for the next start", self.lanes.busy)
        if self._offset:
            with contextlib.suppress(TelegramError):
                await self.application.bot.get_updates(offset=self._offset, timeout=0, limit=1)
        self.app.jobs.shutdown()
        if self._menus is not None and not self._menus.done():
            self._menus.cancel()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def send(self, chat_id: str, replies: Sequence[Reply]) -> Delivered:
        return await self.deliver(int(chat_id), replies)

    # ---- intake: stored before acknowledged ------------------------------------------------------------
    async def _poll(self) -> None:
        """getUpdates; the offset moves past updates only once they are stored, so Telegram keeps the rest."""
        bot = self.application.bot
        backoff = 1.0
        while True:
            try:
                got = await bot.get_updates(
                    offset=self._offset or None, timeout=int(self.poll_timeout), allowed_updates=ALLOWED_UPDATES
                )
                if got:
                    await self.intake([u.to_dict() for u in got])
                    self._offset = got[-1].update_id + 1
                backoff = 1.0
            except (TelegramError, StorageUnavailable) as exc:
                log.warning("polling paused %.0f s: %s", backoff, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def intake(self, payloads: Sequence[dict[str, Any]]) -> None:
        """Stores updates (one transaction) and queues the new ones; StorageUnavailable when the database is down,
        so that the caller does not acknowledge them."""
        stored = await asyncio.to_thread(self._store, payloads)
        for item in stored:
            self.lanes.submit(item.chat, item.user, item)

    def _store(self, payloads: Sequence[dict[str, Any]]) -> list[inbox.Stored]:
        now = self.app.clock.now()
        with self.app.uow_factory() as uow:
            found = []
            for payload in payloads:
                chat, user = _keys(payload)
                raw = json.dumps(payload, ensure_ascii=False)
                found.append(inbox.store(uow, PLATFORM, str(payload["update_id"]), chat, user, raw, now))
            uow.commit()
        return [item for item in found if item is not None]

    async def resume(self) -> None:
        """Queues what was stored and not processed, oldest first (after a crash, or by a stopped instance)."""
        with self.app.uow_factory() as uow:
            left = inbox.pending(uow, PLATFORM)
        if left:
            log.warning("resuming %s stored updates left unprocessed", len(left))
        for item in left:
            self.lanes.submit(item.chat, item.user, item)

    # ---- processing ----------------------------------------------------------------------------------
    async def _process(self, item: inbox.Stored) -> None:
        """One stored update; while the database is down it waits and tries again, in its lane's order."""
        update = Update.de_json(json.loads(item.payload), self.application.bot)
        await durable.until_stored(lambda: self._dispatch(update), item.update_id)
        await durable.finish(self.app, item, PLATFORM)

    async def _dispatch(self, update: Update) -> None:
        try:
            if update.callback_query is not None:
                await self.on_press(update)
            elif update.effective_message is not None:
                await self.on_message(update)
        except StorageUnavailable:
            raise
        except Exception:
            log.exception("telegram update %s failed", update.update_id)
            await self._tell_failure(update)

    async def _tell_failure(self, update: Update) -> None:
        if update.effective_chat is None:
            return
        locale = messages.normalise_locale(update.effective_user.language_code if update.effective_user else None)
        try:
            await self.application.bot.send_message(update.effective_chat.id, messages.text(locale, "error.internal"))
        except TelegramError:
            log.warning("could not tell chat about the failure of update %s", update.update_id)

    async def _flood_notice(self, item: inbox.Stored) -> None:
        payload = json.loads(item.payload)
        sender = (payload.get("message") or payload.get("callback_query") or {}).get("from") or {}
        locale = messages.normalise_locale(sender.get("language_code"))
        await self.application.bot.send_message(int(item.chat), messages.text(locale, "flood.notice"))

    async def on_message(self, update: Update) -> None:
        incoming = self.to_incoming(update)
        if incoming is None or update.effective_chat is None:
            return
        replies = await asyncio.to_thread(self.app.router.handle, incoming, durable=True)
        await self.deliver(update.effective_chat.id, replies)
        if incoming.chat_type is ChatType.PRIVATE and (incoming.text or "").startswith("/start"):
            await self.publish_menu_for(incoming.user_id, update.effective_chat.id)

    async def on_press(self, update: Update) -> None:
        query = update.callback_query
        if query is None or update.effective_user is None:
            return
        chat = update.effective_chat
        incoming = Incoming(
            platform=PLATFORM,
            user_id=str(update.effective_user.id),
            chat_id=str(chat.id if chat else update.effective_user.id),
            chat_type=_chat_type(chat.type if chat else TgChatType.PRIVATE),
            button=query.data or "",
            update_id=str(update.update_id),
            language=update.effective_user.language_code,
        )
        replies = await asyncio.to_thread(self.app.router.handle, incoming, durable=True)
        notices = [r for r in replies if isinstance(r, TextReply) and r.notice]
        try:
            await query.answer(text=notices[0].text[:200] if notices else None, show_alert=bool(notices))
        except BadRequest as exc:  # a query older than Telegram keeps (a resumed update): the reply still goes
            log.info("could not answer the button press: %s", exc)
        if notices:
            return
        if query.message is not None and replies:
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except BadRequest as exc:
                log.info("could not clear the pressed keyboard: %s", exc)
        if chat is not None:
            await self.deliver(chat.id, replies)

    def to_incoming(self, update: Update) -> Incoming | None:
        """The platform-neutral message, or None for what is not for us (another bot's command, a service note)."""
        message, user, chat = update.effective_message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None or user.is_bot:
            return None
        username = self.application.bot.username
        text = message.text or message.caption
        mentioned = False
        if text is not None:
            head = text.split(maxsplit=1)[0] if text.strip() else ""
            if head.startswith("/") and "@" in head and head.split("@", 1)[1].lower() != username.lower():
                return None
            mention = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
            mentioned = bool(mention.search(text)) or head.lower().endswith(f"@{username.lower()}")
            if not head.startswith("/"):
                text = mention.sub("", text).strip()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == self.application.bot.id:
            mentioned = True
        location = Location(message.location.latitude, message.location.longitude) if message.location else None
        if text is None and location is None:
            return None
        return Incoming(
            platform=PLATFORM,
            user_id=str(user.id),
            chat_id=str(chat.id),
            chat_type=_chat_type(chat.type),
            text=text,
            location=location,
            update_id=str(update.update_id),
            language=user.language_code,
            mentioned=mentioned,
            private_link=f"https://t.me/{username}",
        )

    # ---- outgoing --------------------------------------------------------------------------------
    async def deliver(self, chat_id: int, replies: Sequence[Reply]) -> Delivered:
        """Sends replies in order and says what became of them: a blocked chat is marked and stops getting pushes,
        a refused one is reported, a rate limit or network failure before anything went out may be retried, and
        a timeout or a failure after the first message is *unknown* (resending could duplicate)."""
        sent_any = False
        for reply in replies:
            try:
                await self._send_one(chat_id, reply)
            except Forbidden:
                await asyncio.to_thread(self._mark_blocked, chat_id)
                return Delivered(Outcome.BLOCKED, "blocked")
            except BadRequest as exc:
                log.warning("chat %s refused a message: %s", chat_id, exc.message)
                return Delivered(Outcome.UNKNOWN if sent_any else Outcome.FAILED, exc.message[:100])
            except TimedOut:
                return Delivered(Outcome.UNKNOWN, "timed out")
            except (RetryAfter, NetworkError) as exc:
                return Delivered(Outcome.UNKNOWN if sent_any else Outcome.RETRY, str(exc)[:100])
            sent_any = True
        return Delivered(Outcome.SENT)

    async def _send_one(self, chat_id: int, reply: Reply) -> None:
        bot = self.application.bot
        self.share.resize(self.app.jobs.instances)
        if isinstance(reply, TextReply):
            chunks = split_text(reply.text, TEXT_LIMIT)
            for index, chunk in enumerate(chunks):
                markup = _keyboard(reply.buttons) if index == len(chunks) - 1 else None
                await self.share.acquire()
                await _retrying(lambda c=chunk, m=markup: bot.send_message(chat_id, c, reply_markup=m))
            return
        await self.share.acquire()
        caption = reply.caption if utf16_len(reply.caption) <= CAPTION_LIMIT else ""
        upload = InputFile(reply.data, filename=reply.filename)
        if isinstance(reply, ImageReply):
            await _retrying(lambda: bot.send_photo(chat_id, upload, caption=caption or None))
        else:
            await _retrying(lambda: bot.send_document(chat_id, upload, caption=caption or None))
        if reply.caption and not caption:
            await self._send_one(chat_id, TextReply(reply.caption))

    def _mark_blocked(self, chat_id: int) -> None:
        with self.app.uow_factory() as uow:
            staff.mark_blocked(uow, PLATFORM, str(chat_id), self.app.clock.now())
            uow.commit()
        log.info("chat %s blocked the bot; pushes to it stop", chat_id)

    # ---- command menus ---------------------------------------------------------------------------
    async def publish_menu_for(self, user_id: str, chat_id: int) -> None:
        """A user who just bound their account (/start CODE) gets their role's menu without waiting for a restart."""
        user = await asyncio.to_thread(self._resolve, user_id)
        if user is None:
            return
        menu = _menu(self.app.router.registry.for_role(user.role), user.locale)
        try:
            await self.application.bot.set_my_commands(menu, scope=BotCommandScopeChat(chat_id))
            await asyncio.to_thread(self._menu_published, f"chat:{chat_id}", _digest(menu))
        except (NetworkError, BadRequest, Forbidden):
            log.warning("could not publish the command menu for chat %s", chat_id)

    def _resolve(self, user_id: str) -> staff.StaffView | None:
        with self.app.uow_factory() as uow:
            return staff.resolve(uow, PLATFORM, user_id)

    async def publish_commands(self) -> None:
        """Menus from the same registry as /help: strangers by default, groups, and each known user by role; only
        the menus that differ from what was last published (recorded in the database, so a restart or a second
        instance publishes nothing new)."""
        bot = self.application.bot
        registry = self.app.router.registry
        in_groups = [c for c in registry.commands.values() if not c.private_only]
        with self.app.uow_factory() as uow:
            chats = staff.reachable(uow, PLATFORM)
            published = coordination.menu_digests(uow, PLATFORM)
        wanted: list[tuple[str, list[BotCommand], dict[str, Any]]] = [
            ("default", _menu(registry.for_role(None), "zh-CN"), {}),
            ("default:en", _menu(registry.for_role(None), "en"), {"language_code": "en"}),
            ("groups", _menu(in_groups, "zh-CN"), {"scope": BotCommandScopeAllGroupChats()}),
        ]
        for chat in chats:
            menu = _menu(registry.for_role(chat.user.role), chat.user.locale)
            wanted.append((f"chat:{chat.chat_id}", menu, {"scope": BotCommandScopeChat(int(chat.chat_id))}))
        changed = 0
        try:
            for scope, menu, where in wanted:
                digest = _digest(menu)
                if published.get(scope) == digest:
                    continue
                await bot.set_my_commands(menu, **where)
                await asyncio.to_thread(self._menu_published, scope, digest)
                changed += 1
        except (NetworkError, BadRequest, Forbidden):
            log.exception("publishing command menus failed; /help still lists the commands")
        except StorageUnavailable:  # the next start publishes what this one could not record
            log.warning("command menus: the database does not answer; /help still lists the commands")
        log.info("command menus: %s published, %s unchanged", changed, len(wanted) - changed)

    def _menu_published(self, scope: str, digest: str) -> None:
        with self.app.uow_factory() as uow:
            coordination.menu_published(uow, PLATFORM, scope, digest, self.app.clock.now())
            uow.commit()


def _digest(menu: Sequence[BotCommand]) -> str:
    return hashlib.sha256(json.dumps([[c.command, c.description] for c in menu]).encode()).hexdigest()


def _menu(commands: Sequence[Command], locale: str) -> list[BotCommand]:
    return [BotCommand(c.name, messages.text(locale, c.summary_key)[:256]) for c in commands][:100]


def _keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label, callback_data=b.key)
                for b in row
            ]
            for row in rows
        ]
    )


def _chat_type(kind: str) -> ChatType:
    return ChatType.PRIVATE if kind == TgChatType.PRIVATE else ChatType.GROUP


async def _retrying(call: object) -> None:
    """Network failures are retried with backoff (429s are the rate limiter's); a timeout is not, as it may
    have been delivered."""
    assert callable(call)
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            await call()
            return
        except TimedOut:
            raise
        except NetworkError:
            if attempt == SEND_ATTEMPTS:
                raise
            await asyncio.sleep(0.5 * attempt)


def _keys(payload: dict[str, Any]) -> tuple[str, str]:
    """The chat whose order an update keeps and the user it counts against, from the raw update."""
    query = payload.get("callback_query") or {}
    message = payload.get("message") or payload.get("edited_message") or query.get("message") or {}
    sender = (payload.get("message") or payload.get("edited_message") or query).get("from") or {}
    chat = (message.get("chat") or {}).get("id") or sender.get("id") or "unknown"
    return str(chat), str(sender.get("id") or chat)


@stream_request_body
class _WebhookHandler(RequestHandler):
    """Telegram's POSTs: the secret header and the declared size are checked before a byte of the body is read;
    the update is stored before the 200, and a database that is down answers 503 so that Telegram sends it
    again later."""

    def initialize(self, channel: TelegramChannel, secret: str) -> None:
        self.channel = channel
        self.secret = secret.encode()
        self.body = bytearray()

    def prepare(self) -> None:
        given = (self.request.headers.get("X-Telegram-Bot-Api-Secret-Token") or "").encode()
        if self.request.method != "POST":
            raise HTTPError(405)
        if not hmac.compare_digest(given, self.secret):
            raise HTTPError(403)
        declared = self.request.headers.get("Content-Length")
        if declared is None or not declared.isdigit() or int(declared) > WEBHOOK_BODY_LIMIT:
            raise HTTPError(413 if declared and declared.isdigit() else 411)

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk
        if len(self.body) > WEBHOOK_BODY_LIMIT:
            raise HTTPError(413)

    async def post(self) -> None:
        try:
            payload = json.loads(bytes(self.body))
            if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
                raise ValueError("no update_id")
        except ValueError:
            raise HTTPError(400) from None
        try:
            await self.channel.intake([payload])
        except StorageUnavailable:
            log.warning("database unavailable: update %s not acknowledged, Telegram will resend", payload["update_id"])
            raise HTTPError(503) from None
        self.set_status(200)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # an empty body: nothing for a prober to read

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, HTTPError):
            super().log_exception(typ, value, tb)
