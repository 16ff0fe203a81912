"""A local WeCom server for the tests: the send API over loopback HTTP, as strict as WeCom about what it accepts,
and the callbacks WeCom would post to the bot, encrypted with the app's keys."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from Crypto.Cipher import AES  # pycryptodome: a cipher library the endpoint does not use

SEND_KEYS = {"touser", "toparty", "totag", "msgtype", "agentid", "safe", "enable_id_trans", "enable_duplicate_check"}
TASK_ID = re.compile(r"[A-Za-z0-9_\-@]{1,128}")


@dataclass
class WeComEmulator:
    corp_id: str = "ww1436e0e65a779aee"
    secret: str = "app-secret-for-tests"
    agent_id: int = 1000002
    token: str = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
    aes_key: str = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
    clock: Callable[[], float] = time.time
    sent: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    tokens_issued: int = 0
    members: set[str] = field(default_factory=set)  # userids in the app's visible range; empty means everyone
    per_member: int = 30  # messages one member may get from the app per window (WeCom: 30 a minute)
    window: float = 60.0
    menus: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0  # messages over the per-member limit, answered ok and never delivered
    tries: int = 1  # WeCom tries a callback three times, five seconds apart, until it gets a 200
    retry_after: float = 5.0
    statuses: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.crypto = ReferenceCrypto(self.token, self.aes_key, self.corp_id)
        self._lock = threading.Condition()
        self._tokens: dict[str, bool] = {}  # token → still valid
        self._task_ids: set[str] = set()
        self._codes: dict[str, bool] = {}  # response_code → unused
        self._media: set[str] = set()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self.bot_url: str | None = None
        self._faults: list[list[Any]] = []  # [errcode, remaining] answered to the next message/send calls
        self._recent: dict[str, list[float]] = {}

    # ---- server ----------------------------------------------------------------------------------
    def start(self) -> str:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                emulator._serve(self)

            def do_POST(self) -> None:
                emulator._serve(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def fail_next(self, errcode: int, count: int = 1) -> None:
        """The next `count` message/send calls fail with `errcode` (60020 IP not allowed, 45009 busy, …)."""
        with self._lock:
            self._faults.append([errcode, count])

    def revoke_tokens(self) -> None:
        """Every token issued so far is revoked (40014 on its next use), as when the secret is reset."""
        with self._lock:
            self._tokens = {}

    def expire_tokens(self) -> None:
        """Every token issued so far expires (42001 on its next use)."""
        with self._lock:
            self._tokens = dict.fromkeys(self._tokens, False)

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(request.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        answer = self._route(url.path, query, body, request.headers.get("Content-Type") or "")
        data = json.dumps(answer, ensure_ascii=False).encode()
        request.send_response(200)  # WeCom answers errors with 200 and an errcode
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _route(self, path: str, query: dict[str, str], body: bytes, content_type: str) -> dict[str, Any]:
        if path == "/cgi-bin/gettoken":
            return self._gettoken(query)
        with self._lock:
            state = self._tokens.get(query.get("access_token", ""))
        if state is None:
            return self._error(40014, "invalid access_token")
        if state is False:
            return self._error(42001, "access_token expired")
        if path == "/cgi-bin/message/send":
            return self._send(_json(body))
        if path == "/cgi-bin/media/upload":
            return self._upload(query, body, content_type)
        if path == "/cgi-bin/message/update_template_card":
            return self._update(_json(body))
        if path == "/cgi-bin/menu/create":
            return self._menu(query, _json(body))
        return self._error(404, f"unknown path {path}", violation=True)

    def _error(self, code: int, message: str, *, violation: bool = False) -> dict[str, Any]:
        if violation:
            self.violations.append(f"{code} {message}")
        return {"errcode": code, "errmsg": message}

    def _gettoken(self, query: dict[str, str]) -> dict[str, Any]:
        if query.get("corpid") != self.corp_id:
            return self._error(40013, "invalid corpid")
        if query.get("corpsecret") != self.secret:
            return self._error(40001, "invalid credential")
        token = f"TOKEN{next(self._ids)}"
        with self._lock:
            self._tokens[token] = True
            self.tokens_issued += 1
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}

    def _send(self, body: dict[str, Any] | None) -> dict[str, Any]:
        if body is None:
            return self._error(47001, "data format error", violation=True)
        kind = body.get("msgtype")
        unknown = set(body) - SEND_KEYS - {kind}
        if unknown:
            return self._error(40058, f"unknown parameters {sorted(unknown)}", violation=True)
        if body.get("agentid") != self.agent_id:
            return self._error(40056, "invalid agentid", violation=True)
        if not body.get("touser"):
            return self._error(40058, "touser missing", violation=True)
        if self.members and body["touser"] not in self.members:
            return self._error(81013, "user & party & tag all invalid")
        with self._lock:
            fault = next((f for f in self._faults if f[1] > 0), None)
            if fault is not None:
                fault[1] -= 1
                return self._error(int(fault[0]), "injected")
            now = time.monotonic()
            recent = [t for t in self._recent.get(body["touser"], []) if now - t < self.window]
            self._recent[body["touser"]] = [*recent, now]
            if len(recent) >= self.per_member:  # WeCom answers ok and drops the message
                self.dropped += 1
                return {"errcode": 0, "errmsg": "ok", "msgid": f"MSG{next(self._ids)}"}
        problem = self._check_content(str(kind), body.get(str(kind)))
        if problem is not None:
            return self._error(*problem, violation=True)
        answer: dict[str, Any] = {"errcode": 0, "errmsg": "ok", "msgid": f"MSG{next(self._ids)}"}
        if kind == "template_card":
            code = f"CODE{next(self._ids)}"
            with self._lock:
                self._codes[code] = True
            answer["response_code"] = code
        with self._lock:
            self.sent.append({**body, "response_code": answer.get("response_code")})
            self._lock.notify_all()
        return answer

    def _check_content(self, kind: str, content: Any) -> tuple[int, str] | None:
        if not isinstance(content, dict):
            return 40058, f"{kind} missing"
        if kind == "text":
            text = content.get("content")
            if not isinstance(text, str) or not text:
                return 44004, "text content is empty"
            if len(text.encode()) > 2048:
                return 45002, "content size out of limit (2048 bytes)"
            return None
        if kind in ("image", "file"):
            return None if content.get("media_id") in self._media else (40007, "invalid media_id")
        if kind == "template_card":
            return self._check_card(content)
        return 40008, f"invalid message type {kind}"

    def _check_card(self, card: dict[str, Any]) -> tuple[int, str] | None:
        if card.get("card_type") != "button_interaction":
            return 40058, "card_type"
        task = card.get("task_id")
        if not isinstance(task, str) or not TASK_ID.fullmatch(task):
            return 40058, "task_id"
        with self._lock:
            if task in self._task_ids:
                return 42014, "task_id exist"
            self._task_ids.add(task)
        if not (card.get("main_title") or {}).get("title"):
            return 40058, "main_title.title"
        buttons = card.get("button_list")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 6:
            return 40058, "button_list must hold 1-6 buttons"
        for button in buttons:
            if not button.get("text") or len(button["text"]) > 10:
                return 40058, "button text 1-10 characters"
            if button.get("type") == 1:
                if not button.get("url"):
                    return 40058, "a link button needs url"
            elif not button.get("key") or len(button["key"].encode()) > 1024:
                return 40058, "button key 1-1024 bytes"
        return None

    def _upload(self, query: dict[str, str], body: bytes, content_type: str) -> dict[str, Any]:
        if query.get("type") not in ("image", "file", "voice", "video"):
            return self._error(40004, "invalid media type", violation=True)
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        parts = [p for p in message.iter_parts() if p.get_param("name", header="content-disposition") == "media"]
        if not parts or not parts[0].get_filename():
            return self._error(41005, "media data missing", violation=True)
        media = f"MEDIA{next(self._ids)}"
        with self._lock:
            self._media.add(media)
        return {"errcode": 0, "errmsg": "ok", "type": query["type"], "media_id": media}

    def _menu(self, query: dict[str, str], body: dict[str, Any] | None) -> dict[str, Any]:
        if query.get("agentid") != str(self.agent_id):
            return self._error(40056, "invalid agentid", violation=True)
        buttons = (body or {}).get("button")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            return self._error(40058, "a menu holds 1-3 buttons", violation=True)
        for button in buttons:
            if not button.get("name") or len(button["name"].encode()) > 16:
                return self._error(40058, "menu name 1-16 bytes", violation=True)
            if button.get("type") == "click" and not 1 <= len(button.get("key", "").encode()) <= 128:
                return self._error(40058, "menu key 1-128 bytes", violation=True)
        with self._lock:
            self.menus.append(body or {})
        return {"errcode": 0, "errmsg": "ok"}

    def click(self, user: str, key: str) -> int:
        """The user taps a menu entry of the app."""
        fields = {
            "ToUserName": self.corp_id,
            "FromUserName": user,
            "CreateTime": str(int(self.clock())),
            "MsgType": "event",
            "Event": "click",
            "EventKey": key,
            "AgentID": str(self.agent_id),
        }
        return self.callback(fields)

    def _update(self, body: dict[str, Any] | None) -> dict[str, Any]:
        code = (body or {}).get("response_code")
        with self._lock:
            if not self._codes.get(str(code)):
                return self._error(40058, "response_code used or unknown", violation=True)
            self._codes[str(code)] = False
            self.updated.append(body or {})
        return {"errcode": 0, "errmsg": "ok"}

    # ---- what WeCom posts to the bot -------------------------------------------------------------
    def callback(self, fields: dict[str, str], *, signature: str | None = None, timestamp: int | None = None) -> int:
        """POSTs one message or event, encrypted as WeCom does; returns the HTTP status of the last try. Like WeCom,
        it tries again (the same message) when the answer is not a 200, up to `tries` times, `retry_after` apart."""
        inner = "<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items()) + "</xml>"
        status = 0
        for attempt in range(self.tries if signature is None and timestamp is None else 1):
            if attempt:
                time.sleep(self.retry_after)
            try:
                status = self.post_raw(self.encrypted_body(inner), signature=signature, timestamp=timestamp)
            except OSError:
                status = 0
            self.statuses.append(status)
            if status == 200:
                break
        return status

    def encrypted_body(self, inner: str) -> bytes:
        self._last_encrypt = self.crypto.encrypt(inner)
        encrypted = self._last_encrypt
        return (
            f"<xml><ToUserName><![CDATA[{self.corp_id}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
            f"<AgentID><![CDATA[{self.agent_id}]]></AgentID></xml>"
        ).encode()

    def post_raw(self, body: bytes, *, signature: str | None = None, timestamp: int | None = None) -> int:
        assert self.bot_url
        stamp = str(timestamp if timestamp is not None else int(self.clock()))
        nonce = str(next(self._ids))
        encrypted = re.search(rb"<Encrypt><!\[CDATA\[(.*?)\]\]>", body)
        sign = signature or self.crypto.signature(stamp, nonce, encrypted.group(1).decode() if encrypted else "")
        query = urllib.parse.urlencode({"msg_signature": sign, "timestamp": stamp, "nonce": nonce})
        request = urllib.request.Request(f"{self.bot_url}?{query}", data=body, headers={"Content-Type": "text/xml"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def text(self, user: str, content: str, msg_id: int | None = None) -> int:
        fields = {
            "ToUserName": self.corp_id,
            "FromUserName": user,
            "CreateTime": str(int(self.clock())),
            "MsgType": "text",
            "Content": content,
            "MsgId": str(msg_id or next(self._ids) + 10**9),
            "AgentID": str(self.agent_id),
        }
        return self.callback(fields)

    def press(self, user: str, card: dict[str, Any], label: str) -> int:
        """The user presses the button whose text contains `label` on a card the bot sent."""
        content = card["template_card"]
        button = next(b for b in content["button_list"] if label in b["text"])
        fields = {
            "ToUserName": self.corp_id,
            "FromUserName": user,
            "CreateTime": str(int(self.clock())),
            "MsgType": "event",
            "Event": "template_card_event",
            "EventKey": button["key"],
            "TaskId": content["task_id"],
            "CardType": "button_interaction",
            "ResponseCode": card["response_code"],
            "AgentID": str(self.agent_id),
        }
        return self.callback(fields)

    # ---- assertions ------------------------------------------------------------------------------
    def to(self, user: str, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if m["touser"] == user and (kind is None or m["msgtype"] == kind)]

    def texts(self, user: str) -> list[str]:
        return [m["text"]["content"] for m in self.to(user, "text")]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("timed out waiting for the bot")
                self._lock.wait(min(remaining, 0.2))


def _json(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class ReferenceCrypto:
    """WeCom's callback scheme written from the published algorithm on pycryptodome, independent of the endpoint's
    implementation (bot/channels/wecom_crypto.py, on `cryptography`), so that the two check each other."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        self.token, self.receive_id = token, receive_id
        self.key = base64.b64decode(encoding_aes_key + "=")

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, encrypted])).encode()).hexdigest()

    def encrypt(self, plaintext: str) -> str:
        message = plaintext.encode()
        body = os.urandom(16) + len(message).to_bytes(4, "big") + message + self.receive_id.encode()
        pad = 32 - len(body) % 32
        cipher = AES.new(self.key, AES.MODE_CBC, self.key[:16])
        return base64.b64encode(cipher.encrypt(body + bytes([pad]) * pad)).decode()
