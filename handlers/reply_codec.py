"""Replies as JSON, so that a durable channel's replies are stored with the update's effects and sent again after
a crash instead of being lost between the commit and the platform call."""

from __future__ import annotations

import base64
import json
from typing import Any

from handlers.types import Button, DocumentReply, ImageReply, Reply, TextReply


def encode(replies: list[Reply]) -> str:
    return json.dumps([_one(r) for r in replies], ensure_ascii=False)


def decode(payload: str) -> list[Reply]:
    return [_reply(item) for item in json.loads(payload)]


def _one(reply: Reply) -> dict[str, Any]:
    if isinstance(reply, TextReply):
        rows = [[{"label": b.label, "key": b.key, "url": b.url} for b in row] for row in reply.buttons]
        return {"kind": "text", "text": reply.text, "buttons": rows, "notice": reply.notice}
    kind = "image" if isinstance(reply, ImageReply) else "document"
    return {
        "kind": kind,
        "data": base64.b64encode(reply.data).decode(),
        "filename": reply.filename,
        "caption": reply.caption,
    }


def _reply(item: dict[str, Any]) -> Reply:
    if item["kind"] == "text":
        rows = tuple(tuple(Button(b["label"], b["key"], b["url"]) for b in row) for row in item["buttons"])
        return TextReply(item["text"], rows, bool(item["notice"]))
    data = base64.b64decode(item["data"])
    if item["kind"] == "image":
        return ImageReply(data, item["filename"], item["caption"])
    return DocumentReply(data, item["filename"], item["caption"])
