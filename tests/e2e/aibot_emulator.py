"""A local stand-in for WeCom's AI bot long-connection server (wss://openws.work.weixin.qq.com): subscription
with the bot id and secret, ping, callbacks pushed to the bot, and the bot's replies checked and acknowledged."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve


@dataclass
class AiBotServer:
    bot_id: str = "aibot-test-id"
    secret: str = "aibot-test-secret"
    replies: list[dict[str, Any]] = field(default_factory=list)  # aibot_respond_msg bodies
    sent: list[dict[str, Any]] = field(default_factory=list)  # aibot_send_msg bodies
    violations: list[str] = field(default_factory=list)
    subscriptions: int = 0

    def __post_init__(self) -> None:
        self._server: Server | None = None
        self._current: ServerConnection | None = None
        self._callbacks: dict[str, str] = {}  # req_id → the chat it came from
        self.log: list[tuple[str, dict[str, Any]]] = []  # (chat, body) of every reply and send, in order
        self._ids = itertools.count(1)
        self.changed = asyncio.Condition()

    async def start(self) -> str:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def drop(self) -> None:
        """The server closes the connection, as WeCom does on a network change; the bot must reconnect."""
        if self._current is not None:
            await self._current.close()

    async def _handle(self, ws: ServerConnection) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            cmd, req = frame.get("cmd"), (frame.get("headers") or {}).get("req_id", "")
            body = frame.get("body") or {}
            errcode = 0
            if cmd == "aibot_subscribe":
                ok = body.get("bot_id") == self.bot_id and body.get("secret") == self.secret
                errcode = 0 if ok else 40001
                if ok:
                    if self._current is not None and self._current is not ws:
                        await self._current.close()  # a new connection replaces the old one
                    self._current = ws
                    self.subscriptions += 1
            elif cmd == "ping":
                pass
            elif cmd == "aibot_respond_msg":
                errcode = self._check_reply(req, body)
            elif cmd == "aibot_send_msg":
                errcode = self._check_send(body)
            else:
                self.violations.append(f"unknown cmd {cmd}")
                errcode = 40058
            await ws.send(
                json.dumps({"headers": {"req_id": req}, "errcode": errcode, "errmsg": "ok" if not errcode else "bad"})
            )
            async with self.changed:
                self.changed.notify_all()

    def _check_reply(self, req: str, body: dict[str, Any]) -> int:
        if req not in self._callbacks:
            self.violations.append(f"a reply to no callback: {req}")
            return 40058
        stream = body.get("stream") or {}
        if body.get("msgtype") != "stream" or not stream.get("id") or "content" not in stream:
            self.violations.append(f"a reply must be a stream: {body}")
            return 40058
        self.replies.append(body)
        self.log.append((self._callbacks[req], body))
        return 0

    def _check_send(self, body: dict[str, Any]) -> int:
        kind = body.get("msgtype")
        if not body.get("chatid") or kind not in ("markdown", "template_card"):
            self.violations.append(f"bad aibot_send_msg: {body}")
            return 40058
        if kind == "template_card":
            card = body.get("template_card") or {}
            buttons = card.get("button_list") or []
            if card.get("card_type") != "button_interaction" or not 1 <= len(buttons) <= 6:
                self.violations.append(f"bad card: {card}")
                return 40058
        self.sent.append(body)
        self.log.append((str(body["chatid"]), body))
        return 0

    async def push(self, cmd: str, body: dict[str, Any]) -> None:
        assert self._current is not None, "the bot is not connected"
        req = f"cb{next(self._ids)}"
        self._callbacks[req] = str(body.get("chatid") or body["from"]["userid"])
        await self._current.send(json.dumps({"cmd": cmd, "headers": {"req_id": req}, "body": body}))

    async def text(self, user: str, content: str, msgid: str | None = None) -> None:
        body = {
            "msgid": msgid or f"m{next(self._ids)}",
            "aibotid": self.bot_id,
            "chattype": "single",
            "from": {"userid": user},
            "msgtype": "text",
            "text": {"content": content},
        }
        await self.push("aibot_msg_callback", body)

    async def press(self, user: str, card: dict[str, Any], label: str) -> None:
        content = card["template_card"]
        button = next(b for b in content["button_list"] if label in b["text"])
        event = {"card_type": "button_interaction", "event_key": button["key"], "task_id": content["task_id"]}
        body = {
            "msgid": f"e{next(self._ids)}",
            "aibotid": self.bot_id,
            "chattype": "single",
            "from": {"userid": user},
            "msgtype": "event",
            "event": {"eventtype": "template_card_event", "template_card_event": event},
        }
        await self.push("aibot_event_callback", body)

    async def wait_for(self, predicate: Any, timeout: float = 15.0) -> None:
        async def waiting() -> None:
            async with self.changed:
                await self.changed.wait_for(predicate)

        await asyncio.wait_for(waiting(), timeout)

    def texts(self, chat: str) -> list[str]:
        """What a chat read, in order: stream replies and markdown messages."""
        found = []
        for where, body in self.log:
            if where == chat and body.get("msgtype") == "stream":
                found.append(body["stream"]["content"])
            elif where == chat and body.get("msgtype") == "markdown":
                found.append(body["markdown"]["content"])
        return found

    def cards(self, chat: str) -> list[dict[str, Any]]:
        return [b for where, b in self.log if where == chat and b.get("msgtype") == "template_card"]
