"""The Telegram channel (python-telegram-bot 22): updates become Incoming, replies become Bot API calls."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence

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
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.bootstrap import App
from bot.channels.textsplit import split_text, utf16_len
from bot.outcome import Delivered, Outcome
from handlers import messages
from handlers.registry import Command
from handlers.types import Button, ChatType, ImageReply, Incoming, Location, Reply, TextReply
from storage.services import staff

PLATFORM = "telegram"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
SEND_ATTEMPTS = 3
ALLOWED_UPDATES = ["message", "callback_query"]

log = logging.getLogger(__name__)


class TelegramChannel:
    def __init__(self, app: App, token: str, *, base_url: str | None = None, rate_limit: bool = True) -> None:
        self.app = app
        self._menus: asyncio.Task[None] | None = None
        app.dispatcher.register(PLATFORM, self._send_push)
        builder = ApplicationBuilder().token(token).post_init(self._post_init).post_shutdown(self._post_shutdown)
        if base_url:
            builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
        if rate_limit:
            builder.rate_limiter(AIORateLimiter(max_retries=5))
        self.application = builder.build()
        self.application.add_handler(CallbackQueryHandler(self.on_press))
        self.application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self.on_message))
        self.application.add_error_handler(self.on_error)

    # ---- running ---------------------------------------------------------------------------------
    def run_polling(self) -> None:
        """Blocks until SIGINT/SIGTERM; PTB finishes the update in hand and commits the offset on the way out."""
        self.application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)

    def run_webhook(self, listen: str, port: int, url: str, secret: str) -> None:
        path = url.rstrip("/").rsplit("/", 1)[-1] or "telegram"
        self.application.run_webhook(
            listen=listen,
            port=port,
            url_path=path,
            webhook_url=url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
        )

    async def _post_init(self, application: Application) -> None:
        """Menus are published in the background so that start-up does not wait on one call per user; the
        process's jobs (pushes every minute, once right away to catch up, and the hourly purge) start here."""
        self._menus = asyncio.get_running_loop().create_task(self.publish_commands(), name="publish-commands")
        self.app.jobs.start()

    async def _post_shutdown(self, application: Application) -> None:
        self.app.jobs.shutdown()
        if self._menus is not None and not self._menus.done():
            self._menus.cancel()

    async def _send_push(self, chat_id: str, replies: list[Reply]) -> Delivered:
        return await self.deliver(int(chat_id), replies)

    # ---- incoming --------------------------------------------------------------------------------
    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        incoming = self.to_incoming(update)
        if incoming is None or update.effective_chat is None:
            return
        replies = await asyncio.to_thread(self.app.router.handle, incoming)
        await self.deliver(update.effective_chat.id, replies)
        if incoming.chat_type is ChatType.PRIVATE and (incoming.text or "").startswith("/start"):
            await self.publish_menu_for(incoming.user_id, update.effective_chat.id)

    async def on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
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
        replies = await asyncio.to_thread(self.app.router.handle, incoming)
        notices = [r for r in replies if isinstance(r, TextReply) and r.notice]
        await query.answer(text=notices[0].text[:200] if notices else None, show_alert=bool(notices))
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
        if isinstance(reply, TextReply):
            chunks = split_text(reply.text, TEXT_LIMIT)
            for index, chunk in enumerate(chunks):
                markup = _keyboard(reply.buttons) if index == len(chunks) - 1 else None
                await _retrying(lambda c=chunk, m=markup: bot.send_message(chat_id, c, reply_markup=m))
            return
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

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Logs with the update id only (the log formatter masks numbers); the user hears that it failed."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram update %s failed", update_id, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            locale = messages.normalise_locale(update.effective_user.language_code if update.effective_user else None)
            try:
                await self.application.bot.send_message(
                    update.effective_chat.id, messages.text(locale, "error.internal")
                )
            except NetworkError:
                log.warning("could not tell chat about the failure of update %s", update_id)

    # ---- command menus ---------------------------------------------------------------------------
    async def publish_menu_for(self, user_id: str, chat_id: int) -> None:
        """A user who just bound their account (/start CODE) gets their role's menu without waiting for a restart."""
        user = await asyncio.to_thread(self._resolve, user_id)
        if user is None:
            return
        menu = _menu(self.app.router.registry.for_role(user.role), user.locale)
        try:
            await self.application.bot.set_my_commands(menu, scope=BotCommandScopeChat(chat_id))
        except (NetworkError, BadRequest, Forbidden):
            log.warning("could not publish the command menu for chat %s", chat_id)

    def _resolve(self, user_id: str) -> staff.StaffView | None:
        with self.app.uow_factory() as uow:
            return staff.resolve(uow, PLATFORM, user_id)

    async def publish_commands(self) -> None:
        """Menus from the same registry as /help: strangers by default, groups, and each known user by role."""
        bot = self.application.bot
        registry = self.app.router.registry
        try:
            await bot.set_my_commands(_menu(registry.for_role(None), "zh-CN"))
            await bot.set_my_commands(_menu(registry.for_role(None), "en"), language_code="en")
            in_groups = [c for c in registry.commands.values() if not c.private_only]
            await bot.set_my_commands(_menu(in_groups, "zh-CN"), scope=BotCommandScopeAllGroupChats())
            with self.app.uow_factory() as uow:
                chats = staff.reachable(uow, PLATFORM)
            for chat in chats:
                menu = _menu(registry.for_role(chat.user.role), chat.user.locale)
                await bot.set_my_commands(menu, scope=BotCommandScopeChat(int(chat.chat_id)))
        except (NetworkError, BadRequest, Forbidden):
            log.exception("publishing command menus failed; /help still lists the commands")


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
