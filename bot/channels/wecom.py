"""The WeCom (企业微信) channel for a self-built app (自建应用): the encrypted callback in, the send API out.

A callback is verified (signature, a timestamp within five minutes, the corp id inside the ciphertext), parsed with
defusedxml, stored in the same inbox as Telegram's updates and answered with an empty 200 at once, since WeCom
resends after five seconds; it is then processed in the per-chat lanes and answered through `message/send`.
Buttons become button-interaction cards whose presses come back as `template_card_event`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import Sequence
from typing import Any
from xml.etree.ElementTree import Element

import httpx
from defusedxml import ElementTree as SafeXML
from defusedxml.common import DefusedXmlException
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApp
from tornado.web import HTTPError, RequestHandler, stream_request_body

from bot.bootstrap import App
from bot.channels import durable, lanes
from bot.channels.wecom_api import WeComApi, WeComError, split_bytes
from bot.channels.wecom_crypto import CryptoError, WeComCrypto
from bot.outcome import Delivered, Outcome
from handlers import messages
from handlers.registry import Registry
from handlers.types import Button, ChatType, DocumentReply, ImageReply, Incoming, Location, Reply, TextReply
from storage.errors import StorageUnavailable
from storage.services import inbox, staff

PLATFORM = "wecom"
PATH = "/wecom"
BODY_LIMIT = 64 * 1024  # a callback is a few hundred bytes of XML
MAX_AGE = 300  # seconds a callback's timestamp may be off: an older one is a replay
CARD_BUTTONS = 6  # a button-interaction card holds at most six buttons
BUTTON_CHARS = 10
TITLE_CHARS = 26
TYPE_IT = ("voice", "image", "file", "video")
RATE_LIMITED = {45009, 45033, 45047}
MENU_COMMANDS = ("brief", "followups", "help")  # the app's menu: one for every role; a tap runs the command
MENU_NAME_BYTES = 16
GONE = {60111, 81013, 301002}  # not in the app's visible range, left the corp, unknown account

log = logging.getLogger(__name__)


class WeComChannel:
    def __init__(
        self,
        app: App,
        *,
        corp_id: str,
        agent_id: int,
        secret: str,
        token: str,
        aes_key: str,
        api_url: str,
        max_age: int = MAX_AGE,
        busy_wait: float = 2.0,
    ) -> None:
        self.app = app
        self.crypto = WeComCrypto(token, aes_key, corp_id)
        self.api = WeComApi(api_url, corp_id, secret, agent_id, busy_wait=busy_wait)
        self.max_age = max_age
        self.lanes: lanes.Lanes[inbox.Stored] = lanes.Lanes(self._process, notice=self._flood_notice)
        self._server: HTTPServer | None = None
        self._menu: asyncio.Task[None] | None = None
        app.dispatcher.register(PLATFORM, self.send)

    # ---- running ---------------------------------------------------------------------------------
    async def start(self, listen: str, port: int, *, jobs: bool = True) -> None:
        self._server = HTTPServer(
            TornadoApp([(PATH, _CallbackHandler, {"channel": self})]),
            max_body_size=BODY_LIMIT * 16,  # the handler refuses more than BODY_LIMIT itself, with a 413
            idle_connection_timeout=60,
        )
        self._server.listen(port, listen)
        if jobs:
            self.app.jobs.start()
            self._menu = asyncio.get_running_loop().create_task(self.publish_menu(), name="wecom-menu")
        with self.app.uow_factory() as uow:
            left = inbox.pending(uow, PLATFORM)
        for item in left:
            self.lanes.submit(item.chat, item.user, item)

    async def publish_menu(self) -> None:
        """The app's menu (a tap comes back as a click event carrying the command)."""
        try:
            await self.api.create_menu(menu_from(self.app.router.registry))
        except (WeComError, httpx.HTTPError) as exc:
            log.warning("could not publish the WeCom app menu: %s", exc)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        if not await self.lanes.drain(10.0):
            log.warning("stopping with %s WeCom callbacks unprocessed; they stay stored", self.lanes.busy)
        self.app.jobs.shutdown()
        if self._menu is not None and not self._menu.done():
            self._menu.cancel()
        await self.api.close()

    # ---- intake --------------------------------------------------------------------------------------
    def open(self, query: dict[str, str], body: bytes) -> dict[str, str]:
        """The callback's message, verified and decrypted; CryptoError for anything that is not WeCom's."""
        try:
            outer = SafeXML.fromstring(body)
        except (SafeXML.ParseError, DefusedXmlException, ValueError):
            raise CryptoError(-40002, "not XML") from None
        encrypted = outer.findtext("Encrypt") or ""
        timestamp = query.get("timestamp", "")
        self.crypto.verify(query.get("msg_signature", ""), timestamp, query.get("nonce", ""), encrypted)
        if not timestamp.isdigit() or abs(self.app.clock.now().timestamp() - int(timestamp)) > self.max_age:
            raise CryptoError(-40001, "timestamp outside the replay window")
        plain = self.crypto.decrypt(encrypted)
        try:
            return _fields(SafeXML.fromstring(plain.encode()))
        except (SafeXML.ParseError, DefusedXmlException, ValueError):
            raise CryptoError(-40002, "inner message is not XML") from None

    async def intake(self, message: dict[str, str]) -> None:
        """Stores the message (StorageUnavailable when the database is down: the callback is answered 503 and
        WeCom tries again) and queues it when it is new."""
        item = await asyncio.to_thread(self._store, message)
        if item is not None:
            self.lanes.submit(item.chat, item.user, item)

    def _store(self, message: dict[str, str]) -> inbox.Stored | None:
        user = message.get("FromUserName", "")
        payload = json.dumps(message, ensure_ascii=False)
        with self.app.uow_factory() as uow:
            item = inbox.store(uow, PLATFORM, _update_key(message), user, user, payload, self.app.clock.now())
            uow.commit()
        return item

    # ---- processing ----------------------------------------------------------------------------------
    async def _process(self, item: inbox.Stored) -> None:
        message: dict[str, str] = json.loads(item.payload)
        incoming = self.to_incoming(message, item.update_id)
        user = message.get("FromUserName", "")
        if incoming is None:
            if message.get("MsgType") in TYPE_IT:
                await self.deliver(user, [TextReply(messages.text("zh-CN", "wecom.type_it"))])
        else:
            await self.deliver(user, await durable.route(self.app, incoming))
            if message.get("ResponseCode"):
                await self._close_card(user, message["ResponseCode"])
        await durable.finish(self.app, item, PLATFORM)

    def to_incoming(self, message: dict[str, str], update_id: str) -> Incoming | None:
        """A text, a location or a card button's press; None for what needs no answer from the router."""
        user = message.get("FromUserName", "")
        common: dict[str, Any] = {
            "platform": PLATFORM,
            "user_id": user,
            "chat_id": user,
            "chat_type": ChatType.PRIVATE,
            "update_id": update_id,
        }
        kind = message.get("MsgType")
        if kind == "text":
            return Incoming(text=message.get("Content", ""), **common)
        if kind == "location":
            try:
                place = Location(float(message["Location_X"]), float(message["Location_Y"]))
            except (KeyError, ValueError):
                return None
            return Incoming(location=place, **common)
        if kind == "event" and message.get("Event") == "template_card_event":
            return Incoming(button=message.get("EventKey", ""), **common)
        if kind == "event" and message.get("Event") == "click" and message.get("EventKey", "").startswith("/"):
            return Incoming(text=message["EventKey"], **common)
        return None  # enter_agent, the periodic LOCATION report, unknown kinds

    async def _close_card(self, user: str, response_code: str) -> None:
        """The pressed card's buttons become one greyed-out 已处理, as a cleared Telegram keyboard does."""
        body = {
            "userids": [user],
            "agentid": self.api.agent_id,
            "response_code": response_code,
            "button": {"replace_name": "已处理"},
        }
        try:
            await self.api.call("/cgi-bin/message/update_template_card", body)
        except (WeComError, httpx.HTTPError) as exc:
            log.info("could not close a pressed card: %s", exc)

    async def _flood_notice(self, item: inbox.Stored) -> None:
        await self.deliver(item.user, [TextReply(messages.text("zh-CN", "flood.notice"))])

    # ---- outgoing ------------------------------------------------------------------------------------
    async def send(self, chat_id: str, replies: Sequence[Reply]) -> Delivered:
        return await self.deliver(chat_id, replies)

    async def deliver(self, user: str, replies: Sequence[Reply]) -> Delivered:
        sent_any = False
        for reply in replies:
            try:
                await self._send_one(user, reply)
            except WeComError as exc:
                _explain(exc)
                log.warning("WeCom refused a message to %s: %s", user, exc)
                if exc.errcode in RATE_LIMITED and not sent_any:
                    return Delivered(Outcome.RETRY, str(exc)[:100])
                if exc.errcode in GONE:
                    await asyncio.to_thread(self._mark_gone, user)
                    return Delivered(Outcome.BLOCKED, str(exc)[:100])
                return Delivered(Outcome.UNKNOWN if sent_any else Outcome.FAILED, str(exc)[:100])
            except httpx.HTTPError as exc:
                return Delivered(Outcome.UNKNOWN if sent_any else Outcome.RETRY, str(exc)[:100] or "network")
            sent_any = True
        return Delivered(Outcome.SENT)

    def _mark_gone(self, user: str) -> None:
        """An account outside the app's range or gone from the corp: pushes stop until it writes again."""
        with self.app.uow_factory() as uow:
            staff.mark_blocked(uow, PLATFORM, user, self.app.clock.now())
            uow.commit()

    async def _send_one(self, user: str, reply: Reply) -> None:
        self.api.instances = self.app.jobs.instances  # WeCom's per-member limits, shared by the live instances
        if isinstance(reply, TextReply):
            text = reply.text + numbered_labels(reply.buttons)
            for chunk in split_bytes(text):
                await self.api.send(user, "text", {"content": chunk})
            buttons = [b for row in reply.buttons for b in row]
            for start in range(0, len(buttons), CARD_BUTTONS):
                await self.api.send(user, "template_card", button_card(text, buttons[start : start + CARD_BUTTONS]))
            return
        if reply.caption:
            for chunk in split_bytes(reply.caption):
                await self.api.send(user, "text", {"content": chunk})
        kind = "image" if isinstance(reply, ImageReply) else "file"
        assert isinstance(reply, ImageReply | DocumentReply)
        media = await self.api.upload(kind, reply.filename, reply.data)
        await self.api.send(user, kind, {"media_id": media})


def menu_from(registry: Registry) -> list[dict[str, str]]:
    """Menu entries for the commands of MENU_COMMANDS the registry has, named by their catalogue summary (up to
    a colon, within WeCom's 16 bytes)."""
    entries = []
    for name in MENU_COMMANDS:
        command = registry.commands.get(name)
        if command is None:
            continue
        label = re.split(r"[::(]", messages.text("zh-CN", command.summary_key))[0].strip()
        entries.append(
            {"type": "click", "name": label.encode()[:MENU_NAME_BYTES].decode("utf-8", "ignore"), "key": f"/{name}"}
        )
    return entries


ADMIN_ACTIONS = {
    60020: "企业微信拒绝了本服务器的 IP(60020):请在应用管理 → 本应用 → 企业可信IP 中加入本服务器的出口 IP",
    81013: "成员不在应用的可见范围或已离职(81013/invaliduser):请在应用管理 → 本应用 → 可见范围中加入该成员",
    40001: "应用 Secret 不正确(40001):请核对 KEHU_WECOM_SECRET",
    40013: "企业 ID 不正确(40013):请核对 KEHU_WECOM_CORP_ID",
}
_explained: set[int] = set()


def _explain(exc: WeComError) -> None:
    """One clear line for the admin per kind of refusal and process, saying what to change in WeCom."""
    action = ADMIN_ACTIONS.get(exc.errcode)
    if action is not None and exc.errcode not in _explained:
        _explained.add(exc.errcode)
        log.error("%s", action)


def _fields(root: Element) -> dict[str, str]:
    return {child.tag: (child.text or "").strip() for child in root}


def _update_key(message: dict[str, str]) -> str:
    """MsgId for a message; an event has none, so its sender, time, kind and key stand for it."""
    if message.get("MsgId"):
        return message["MsgId"]
    parts = (message.get(k, "") for k in ("FromUserName", "CreateTime", "Event", "EventKey"))
    return "ev:" + ":".join(parts)[:60]


def numbered_labels(rows: tuple[tuple[Button, ...], ...]) -> str:
    """Long button labels (FAQ choices) are listed in the text and numbered on the card's buttons."""
    buttons = [b for row in rows for b in row]
    if not any(len(b.label) > BUTTON_CHARS for b in buttons):
        return ""
    return "\n" + "\n".join(f"{i}. {b.label}" for i, b in enumerate(buttons, start=1))


def button_card(text: str, buttons: Sequence[Button]) -> dict[str, Any]:
    title = next((line for line in text.splitlines() if line.strip()), "请选择")[:TITLE_CHARS]
    long = any(len(b.label) > BUTTON_CHARS for b in buttons)
    items = []
    for index, button in enumerate(buttons, start=1):
        label = f"{index}" if long else button.label
        if button.url:
            items.append({"text": label[:BUTTON_CHARS], "type": 1, "url": button.url})
        else:
            items.append({"text": label[:BUTTON_CHARS], "style": 1, "key": button.key})
    return {
        "card_type": "button_interaction",
        "main_title": {"title": title},
        "task_id": f"kehu-{uuid.uuid4().hex}",
        "button_list": items,
    }


@stream_request_body
class _CallbackHandler(RequestHandler):
    """GET verifies the URL; POST takes a message. Anything that does not verify is refused without a body; a
    body declared over the limit is refused (413) before it is read."""

    def initialize(self, channel: WeComChannel) -> None:
        self.channel = channel
        self.body = bytearray()

    def prepare(self) -> None:
        declared = self.request.headers.get("Content-Length", "0")
        if self.request.method == "POST" and (not declared.isdigit() or int(declared) > BODY_LIMIT):
            raise HTTPError(413)

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk
        if len(self.body) > BODY_LIMIT:
            raise HTTPError(413)

    def _query(self) -> dict[str, str]:
        return {k: self.get_query_argument(k, "") for k in ("msg_signature", "timestamp", "nonce", "echostr")}

    def get(self) -> None:
        query = self._query()
        try:
            plain = self.channel.crypto.verify_url(
                query["msg_signature"], query["timestamp"], query["nonce"], query["echostr"]
            )
        except CryptoError as exc:
            log.warning("WeCom URL verification refused: %s %s", exc.code, exc)
            raise HTTPError(403) from None
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(plain.encode())

    async def post(self) -> None:
        try:
            message = self.channel.open(self._query(), bytes(self.body))
        except CryptoError as exc:
            log.warning("WeCom callback refused: %s %s", exc.code, exc)
            raise HTTPError(403) from None
        try:
            await self.channel.intake(message)
        except StorageUnavailable:
            raise HTTPError(503) from None  # WeCom tries again in five seconds
        self.set_status(200)
        self.finish(b"")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, HTTPError):
            super().log_exception(typ, value, tb)
