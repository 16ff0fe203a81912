"""WeCom's send API (httpx, async): an access token cached and refreshed once for all concurrent senders, text
split by bytes, button cards, file and image uploads. Errors come back as WeComError with WeCom's errcode."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import Any

import httpx

from bot.channels.textsplit import split_text, utf8_len

log = logging.getLogger(__name__)

TEXT_LIMIT_BYTES = 2048
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid, revoked, expired: fetch a new one and try once more
TOKEN_MARGIN = 300.0  # seconds before expiry at which the token is renewed
BUSY = {45009, 45033, -1}  # the app's or one member's rate exceeded, or WeCom busy
PACE = ((30, 60.0), (1000, 3600.0))  # messages one member may get from an app per window; WeCom drops the excess
BUSY_TRIES = 5


class WeComError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode} {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class WeComApi:
    def __init__(
        self, base_url: str, corp_id: str, secret: str, agent_id: int, *, timeout: float = 10.0, busy_wait: float = 2.0
    ) -> None:
        self.busy_wait = busy_wait
        self.pace = PACE
        self.instances = 1  # live instances on the database: each keeps to its share of a member's limit
        self._sent: dict[str, deque[float]] = {}
        self.corp_id = corp_id
        self.secret = secret
        self.agent_id = agent_id
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout)
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        await self._http.aclose()

    async def token(self, *, stale: str | None = None) -> str:
        """The cached token; one request for all callers when it must be renewed (single flight)."""
        async with self._lock:
            fresh = self._token is not None and self._token != stale and time.monotonic() < self._expires
            if not fresh:
                answer = await self._get("/cgi-bin/gettoken", {"corpid": self.corp_id, "corpsecret": self.secret})
                self._token = str(answer["access_token"])
                self._expires = time.monotonic() + float(answer.get("expires_in", 7200)) - TOKEN_MARGIN
            assert self._token is not None
            return self._token

    async def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        response = await self._http.get(path, params=params)
        return _checked(response)

    async def call(
        self,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        files: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """POSTs with the token; a token WeCom calls invalid, revoked or expired is renewed and the call made once
        more."""
        token = await self.token()
        for attempt in (1, 2):
            query = {"access_token": token, **(params or {})}
            response = await self._http.post(path, params=query, json=body, files=files)
            try:
                return _checked(response)
            except WeComError as exc:
                if exc.errcode not in TOKEN_ERRORS or attempt == 2:
                    raise
                log.info("WeCom token refused (%s); renewing", exc.errcode)
                token = await self.token(stale=token)
        raise AssertionError("unreachable")

    async def send(self, userid: str, msgtype: str, content: dict[str, Any]) -> dict[str, Any]:
        """One message to one member; when WeCom says the member (30 a minute) or the app is over its rate, the
        same message is tried again after a growing wait, a few times, before the error is raised."""
        body = {"touser": userid, "msgtype": msgtype, "agentid": self.agent_id, msgtype: content}
        delay = self.busy_wait
        for attempt in range(BUSY_TRIES):
            await self._paced(userid)  # every attempt counts against the member's limit
            try:
                answer = await self.call("/cgi-bin/message/send", body)
                if answer.get("invaliduser"):  # accepted, but not for this member: outside the app's range
                    raise WeComError(81013, f"invaliduser {answer['invaliduser']}")
                return answer
            except WeComError as exc:
                if exc.errcode not in BUSY or attempt == BUSY_TRIES - 1:
                    raise
                log.info("WeCom rate limit for %s (%s); waiting %.1f s", userid, exc.errcode, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    async def _paced(self, userid: str) -> None:
        """Waits until one more message to this member stays within WeCom's per-member limits (30 a minute, 1,000
        an hour), since WeCom drops what is over them without an error: a morning fan-out is paced, not lost. With
        several instances each keeps to limit / instances, so that together they stay within it."""
        sent = self._sent.setdefault(userid, deque())
        while True:
            now = time.monotonic()
            longest = max(window for _, window in self.pace)
            while sent and now - sent[0] > longest:
                sent.popleft()
            shares = [(max(1, count // max(1, self.instances)), window) for count, window in self.pace]
            waits = [
                sent[-count] + window - now
                for count, window in shares
                if len(sent) >= count and now - sent[-count] < window
            ]
            if not waits:
                sent.append(now)
                return
            log.info("pacing messages to %s for %.1f s (WeCom's per-member limit)", userid, max(waits))
            await asyncio.sleep(max(waits))

    async def create_menu(self, buttons: list[dict[str, Any]]) -> None:
        await self.call("/cgi-bin/menu/create", {"button": buttons}, params={"agentid": str(self.agent_id)})

    async def upload(self, kind: str, filename: str, data: bytes) -> str:
        answer = await self.call("/cgi-bin/media/upload", files={"media": (filename, data)}, params={"type": kind})
        return str(answer["media_id"])


def _checked(response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 200:
        raise WeComError(-1, f"HTTP {response.status_code}")
    answer: dict[str, Any] = response.json()
    if answer.get("errcode", 0) != 0:
        raise WeComError(int(answer["errcode"]), str(answer.get("errmsg", "")))
    return answer


def split_bytes(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Chunks of at most `limit` UTF-8 bytes, cut at a line or sentence end, never inside a character."""
    return split_text(text, limit, utf8_len)
