"""A local Telegram Bot API emulator over real HTTP, strict about the wire format and the official spec.

The bot under test talks to it through python-telegram-bot's own HTTPXRequest (`base_url`), exactly as it would
to Telegram. Every call is validated against api.min.json; a call Telegram would reject is answered with its
error and recorded in `violations`, which the test fixtures assert to be empty.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.e2e.spec import Spec, SpecError

BOT_ID = 7_000_000_001
BOT_USERNAME = "kehu_test_bot"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    result: Any = None


@dataclass
class Fault:
    method: str
    kind: str  # "429", "502", "403", "slow"
    remaining: int
    retry_after: int = 1
    delay: float = 2.0


@dataclass
class Emulator:
    spec: Spec
    token: str = "123456:TEST-token"
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    confirmed_offset: int = 0
    missing_chats: set[int] = field(default_factory=set)  # chats Telegram answers 400 "chat not found" for

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._update_ids = itertools.count(1001)
        self._message_ids = itertools.count(1)
        self._files = itertools.count(1)
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self._server: ThreadingHTTPServer | None = None

    # ---- server ----------------------------------------------------------------------------------
    def start(self) -> str:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                emulator._serve(self)

            def do_GET(self) -> None:
                emulator._serve(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        if not request.path.startswith(prefix):
            self._reply(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = request.path[len(prefix) :].split("?")[0]
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length)
        if len(body) < length:
            return  # the client died mid-request (kill -9): Telegram never gets a call, so neither does this
        try:
            params, files, names = _parse_body(request.headers.get("Content-Type") or "", body, request.path)
        except ValueError as exc:
            self._reply(request, 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"})
            return
        fault = self._take_fault(method)
        if fault is not None:
            if fault.kind == "slow":
                time.sleep(fault.delay)
            else:
                self._reply(request, *_fault_answer(fault))
                return
        chat = str(params.get("chat_id", ""))
        if method.startswith("send") and chat.lstrip("-").isdigit() and int(chat) in self.missing_chats:
            self._reply(request, 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
            return
        try:
            decoded = self.spec.check_call(method, params, files)
            decoded.update({f"{k}__filename": v for k, v in names.items()})
            result = self._answer(method, decoded, files)
        except SpecError as exc:
            self.violations.append(f"{method}: {exc}")
            code = 404 if str(exc).startswith("Not Found") else 400
            self._reply(request, code, {"ok": False, "error_code": code, "description": str(exc)})
            return
        self._reply(request, 200, {"ok": True, "result": result})

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            for fault in self.faults:
                if fault.method == method and fault.remaining > 0:
                    fault.remaining -= 1
                    return fault
        return None

    def inject(self, method: str, kind: str, count: int = 1, **options: Any) -> None:
        """The next `count` calls of `method` fail with 429/502/403 or are answered slowly."""
        with self._cond:
            self.faults.append(Fault(method=method, kind=kind, remaining=count, **options))

    # ---- methods ---------------------------------------------------------------------------------
    def _answer(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        handler: Callable[[dict[str, Any], dict[str, bytes]], Any] | None = getattr(self, f"_m_{method}", None)
        result = handler(params, files) if handler else True
        with self._cond:
            self.calls.append(Call(method, params, files, result))
            self._cond.notify_all()
        returns = self.spec.methods[method].get("returns", [])
        if returns and returns[0] not in ("Boolean", "True") and result is not True:
            self.spec.check_value(f"{method} result", result, returns[0])
        return result

    def _m_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return self.bot_user(full=True)

    def _m_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0))
        timeout = float(params.get("timeout", 0))
        limit = int(params.get("limit", 100))
        allowed = params.get("allowed_updates")
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates if not allowed or any(k in u for k in allowed)]
                if ready or time.monotonic() >= deadline:
                    return ready[:limit]
                self._cond.wait(min(0.2, max(0.0, deadline - time.monotonic())))

    def _m_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        self.webhook_url = None
        if params.get("drop_pending_updates"):
            with self._cond:
                self._updates.clear()
        return True

    def _m_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        self.webhook_url = params["url"]
        self.webhook_secret = params.get("secret_token")
        return True

    def _m_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return self._message(params, text=params["text"])

    def _m_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        file_id = self._file_id()
        sizes = [{"file_id": file_id, "file_unique_id": file_id + "u", "width": 800, "height": 600}]
        return self._message(params, photo=sizes, caption=params.get("caption"))

    def _m_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        file_id = self._file_id()
        name = next(iter(files), "document")
        document = {
            "file_id": file_id,
            "file_unique_id": file_id + "u",
            "file_name": params.get(f"{name}__filename", name),
        }
        return self._message(params, document=document, caption=params.get("caption"))

    def _m_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return self._message(params, text=params["text"], message_id=int(params["message_id"]))

    def _m_editMessageReplyMarkup(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return self._message(params, message_id=int(params["message_id"]))

    def _m_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        scope = params.get("scope") or {"type": "default"}
        key = json.dumps([scope, params.get("language_code", "")], sort_keys=True)
        self.commands[key] = params["commands"]
        return True

    def _message(self, params: dict[str, Any], message_id: int | None = None, **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": self.bot_user(),
        }
        if chat_id < 0:
            message["chat"]["title"] = "团队群"
        message.update({k: v for k, v in content.items() if v is not None})
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _file_id(self) -> str:
        return f"FILE{next(self._files)}"

    def bot_user(self, *, full: bool = False) -> dict[str, Any]:
        user: dict[str, Any] = {"id": BOT_ID, "is_bot": True, "first_name": "客户经理助手", "username": BOT_USERNAME}
        if full:
            user.update(can_join_groups=True, can_read_all_group_messages=False, supports_inline_queries=False)
        return user

    # ---- what a user does ------------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queues an update for getUpdates; returns it (with its update_id)."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def text_update(
        self, user: dict[str, Any], text: str, *, chat: dict[str, Any] | None = None, reply_to_bot: bool = False
    ) -> dict[str, Any]:
        chat = chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if reply_to_bot:
            message["reply_to_message"] = {
                "message_id": 1,
                "date": int(time.time()),
                "chat": chat,
                "from": self.bot_user(),
                "text": "…",
            }
        self.spec.check_value("test update", message, "Message")
        return {"message": message}

    def location_update(self, user: dict[str, Any], latitude: float, longitude: float) -> dict[str, Any]:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "location": {"latitude": latitude, "longitude": longitude},
        }
        self.spec.check_value("test update", message, "Message")
        return {"message": message}

    def press_update(self, user: dict[str, Any], message: dict[str, Any], data: str) -> dict[str, Any]:
        query = {
            "id": str(next(self._update_ids)),
            "from": user,
            "chat_instance": "ci",
            "message": message,
            "data": data,
        }
        self.spec.check_value("test update", query, "CallbackQuery")
        return {"callback_query": query}

    def post_webhook(self, update: dict[str, Any], secret: str | None, url: str | None = None) -> int:
        """POSTs an update to the bot's webhook (or to `url`: one instance behind a load balancer), as Telegram
        does; returns the HTTP status."""
        url = url or self.webhook_url
        assert url, "the bot has not set a webhook"
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(url, data=json.dumps(update).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    # ---- assertions ------------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[Call]:
        with self._cond:
            return [
                c
                for c in self.calls
                if (method is None or c.method == method)
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
            ]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("timed out waiting for the bot")
                self._cond.wait(min(remaining, 0.2))


def _parse_body(content_type: str, body: bytes, path: str) -> tuple[dict[str, str], dict[str, bytes], dict[str, str]]:
    """Form fields, uploaded files and the uploads' file names, from any body the Bot API accepts."""
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    if not body:
        return query, {}, {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {**query, **dict(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))}, {}, {}
    if content_type.startswith("application/json"):
        data = json.loads(body)
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}, {}, {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        params: dict[str, str] = {}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[name], names[name] = payload, str(part.get_filename())
            else:
                params[name] = payload.decode("utf-8")
        return params, files, names
    raise ValueError(f"unsupported content type {content_type}")


def _fault_answer(fault: Fault) -> tuple[int, dict[str, Any]]:
    if fault.kind == "429":
        description = f"Too Many Requests: retry after {fault.retry_after}"
        return 429, {
            "ok": False,
            "error_code": 429,
            "description": description,
            "parameters": {"retry_after": fault.retry_after},
        }
    if fault.kind == "403":
        return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
    return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
