"""The WeCom AI bot (智能机器人) over its long connection: a WebSocket to WeCom that needs no public URL, as
Telegram's polling does. The connection, the subscription with the bot id and secret, the 30-second ping, the
reply acknowledgements and the reconnection with backoff are Tencent's official SDK (`wecom-aibot-python-sdk`);
this adapter stores each callback in the inbox, runs it through the lanes and the router, and answers with a
finished stream message, button cards and, for pushes, `aibot_send_msg`. WeCom keeps one connection per bot: a new
one replaces the old, so only one instance holds it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from aibot import WSClient, WSClientOptions

from bot.bootstrap import App
from bot.channels import durable, lanes
from bot.channels.wecom import CARD_BUTTONS, button_card, numbered_labels
from bot.outcome import Delivered, Outcome
from handlers import messages
from handlers.types import Button, ChatType, Incoming, Reply, TextReply
from storage.errors import StorageUnavailable
from storage.services import inbox

PLATFORM = "wecom"  # the same WeCom accounts as the self-built app, so staff are bound once
INBOX = "wecom_aibot"
TYPE_IT = ("voice", "image", "file", "video", "mixed")
MARKDOWN_BYTES = 20_000
CHECK_EVERY = 1.0  # seconds between looks at the connection

log = logging.getLogger(__name__)


class WeComAiBotChannel:
    def __init__(self, app: App, *, bot_id: str, secret: str, ws_url: str | None = None, pushes: bool = True) -> None:
        self.app = app
        # the SDK's own reconnection (1.0.2) runs inside its receive task and cancels itself: kehu reconnects
        self._options = WSClientOptions(bot_id=bot_id, secret=secret, ws_url=ws_url or "", max_reconnect_attempts=0)
        self.client = self._new_client()
        self._stopping = False
        self._watch: asyncio.Task[None] | None = None
        self.lanes: lanes.Lanes[inbox.Stored] = lanes.Lanes(self._process)
        self._frames: dict[int, dict[str, Any]] = {}
        if pushes:
            app.dispatcher.register(PLATFORM, self.send)

    def _new_client(self) -> WSClient:
        client = WSClient(self._options)
        for event in ("message.text", "event.template_card_event", *(f"message.{k}" for k in TYPE_IT)):
            client.on(event, self._on_frame)
        return client

    async def start(self, *, jobs: bool = True) -> None:
        if jobs:
            self.app.jobs.start()
        await self.client.connect()
        self._watch = asyncio.get_running_loop().create_task(self._keep_connected(), name="aibot-connection")
        with self.app.uow_factory() as uow:
            left = inbox.pending(uow, INBOX)
        for item in left:
            self.lanes.submit(item.chat, item.user, item)

    async def _keep_connected(self) -> None:
        """Watches the connection and reconnects with backoff (1, 2, 4 … 30 s). The SDK's own reconnection does
        not notice a clean close from the server with websockets ≥ 14 and cancels itself otherwise (1.0.2), so
        kehu keeps the connection itself; WeCom keeps one per bot, so a new one replaces any other."""
        delay = 1.0
        while not self._stopping:
            await asyncio.sleep(CHECK_EVERY)
            if self.client.is_connected:
                delay = 1.0
                continue
            log.warning("AI bot connection lost; reconnecting in %.0f s", delay)
            await asyncio.sleep(delay)
            with contextlib.suppress(RuntimeError):
                self.client.disconnect()
            self.client = self._new_client()  # a client connects once: a fresh one for each connection
            try:
                await self.client.connect()
            except (OSError, RuntimeError) as exc:
                log.warning("AI bot reconnection failed: %s", exc)
            delay = min(delay * 2, 30.0)

    async def stop(self) -> None:
        self._stopping = True
        if self._watch is not None:
            self._watch.cancel()
        if not await self.lanes.drain(10.0):
            log.warning("stopping with %s AI bot callbacks unprocessed; they stay stored", self.lanes.busy)
        self.client.disconnect()
        self.app.jobs.shutdown()

    # ---- intake --------------------------------------------------------------------------------------
    async def _on_frame(self, frame: dict[str, Any]) -> None:
        body = frame.get("body") or {}
        user = str((body.get("from") or {}).get("userid", ""))
        chat = str(body.get("chatid") or user)
        key = str(body.get("msgid") or frame.get("headers", {}).get("req_id", ""))
        payload = json.dumps(frame, ensure_ascii=False)
        while True:
            try:
                item = await asyncio.to_thread(self._store, key, chat, user, payload)
                break
            except StorageUnavailable:
                await asyncio.sleep(1.0)  # the frame is in hand: it waits for the database instead of being lost
        if item is not None:
            self.lanes.submit(item.chat, item.user, item)

    def _store(self, key: str, chat: str, user: str, payload: str) -> inbox.Stored | None:
        with self.app.uow_factory() as uow:
            item = inbox.store(uow, INBOX, key, chat, user, payload, self.app.clock.now())
            uow.commit()
        return item

    # ---- processing ----------------------------------------------------------------------------------
    async def _process(self, item: inbox.Stored) -> None:
        frame: dict[str, Any] = json.loads(item.payload)
        body = frame.get("body") or {}
        incoming = self.to_incoming(body, item.update_id)
        if incoming is None:
            replies: list[Reply] = []
            if body.get("msgtype") in TYPE_IT:
                replies = [TextReply(messages.text("zh-CN", "wecom.type_it"))]
        else:
            replies = await durable.route(self.app, incoming)
        await self._answer(frame, replies)
        await durable.finish(self.app, item, PLATFORM)

    def to_incoming(self, body: dict[str, Any], update_id: str) -> Incoming | None:
        user = str((body.get("from") or {}).get("userid", ""))
        group = body.get("chattype") == "group"
        common: dict[str, Any] = {
            "platform": PLATFORM,
            "user_id": user,
            "chat_id": str(body.get("chatid") or user),
            "chat_type": ChatType.GROUP if group else ChatType.PRIVATE,
            "update_id": update_id,
            "mentioned": group,  # in a group the bot hears only what is addressed to it
        }
        if body.get("msgtype") == "text":
            return Incoming(text=str((body.get("text") or {}).get("content", "")), **common)
        event = body.get("event") or {}
        if event.get("eventtype") == "template_card_event":
            return Incoming(button=str((event.get("template_card_event") or {}).get("event_key", "")), **common)
        return None

    async def _answer(self, frame: dict[str, Any], replies: Sequence[Reply]) -> None:
        """The first text as the callback's finished stream reply, the rest (cards, more texts) sent to the chat."""
        body = frame.get("body") or {}
        chat = str(body.get("chatid") or (body.get("from") or {}).get("userid", ""))
        texts = [r for r in replies if isinstance(r, TextReply)]
        others = [r for r in replies if not isinstance(r, TextReply)]
        try:
            if texts and frame.get("cmd") == "aibot_msg_callback":
                first = texts[0]
                content = _markdown(first.text + numbered_labels(first.buttons))
                await self.client.reply_stream(frame, f"kehu-{uuid.uuid4().hex}", content, finish=True)
                if first.buttons:
                    await self.client.send_message(chat, _card_message(first.text, first.buttons))
                texts = texts[1:]
            await self._send(chat, [*texts, *others])
        except (RuntimeError, ConnectionError, OSError) as exc:
            log.warning("AI bot reply to %s failed: %s", chat, exc)

    async def _send(self, chat: str, replies: Sequence[Reply]) -> None:
        for reply in replies:
            if isinstance(reply, TextReply):
                content = _markdown(reply.text + numbered_labels(reply.buttons))
                await self.client.send_message(chat, {"msgtype": "markdown", "markdown": {"content": content}})
                if reply.buttons:
                    await self.client.send_message(chat, _card_message(reply.text, reply.buttons))
            elif reply.caption:  # files go through the self-built app; here their caption says what they are
                note = messages.text("zh-CN", "wecom.file_in_app", caption=reply.caption, name=reply.filename)
                await self.client.send_message(chat, {"msgtype": "markdown", "markdown": {"content": note}})

    async def send(self, chat_id: str, replies: Sequence[Reply]) -> Delivered:
        try:
            await self._send(chat_id, replies)
        except (RuntimeError, ConnectionError, OSError) as exc:
            return Delivered(Outcome.RETRY, str(exc)[:100])
        return Delivered(Outcome.SENT)


def _markdown(text: str) -> str:
    return text.encode()[:MARKDOWN_BYTES].decode("utf-8", "ignore")


def _card_message(text: str, rows: tuple[tuple[Button, ...], ...]) -> dict[str, Any]:
    buttons = [b for row in rows for b in row][:CARD_BUTTONS]
    return {"msgtype": "template_card", "template_card": button_card(text, buttons)}
