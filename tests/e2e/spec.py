"""Validation of Bot API calls and objects against the official method and type list (api.min.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "telegram-bot-api" / "api.min.json"
PRIMITIVES = {"Integer", "String", "Boolean", "Float", "True", "InputFile"}
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


class SpecError(Exception):
    """A call the real Telegram would reject."""


@dataclass
class Spec:
    methods: dict[str, Any]
    types: dict[str, Any]
    version: str = ""
    _fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(methods=data["methods"], types=data["types"], version=data["version"])

    def fields_of(self, name: str, *, method: bool) -> dict[str, Any]:
        key = ("m:" if method else "t:") + name
        if key not in self._fields:
            source = self.methods[name] if method else self.types[name]
            self._fields[key] = {f["name"]: f for f in source.get("fields", [])}
        return self._fields[key]

    def check_call(self, method: str, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        """Decodes form values by their documented types; raises SpecError for anything Telegram would refuse."""
        if method not in self.methods:
            raise SpecError(f"Not Found: method {method} does not exist")
        spec = self.fields_of(method, method=True)
        for name, info in spec.items():
            if info["required"] and name not in params and name not in files:
                raise SpecError(f"Bad Request: {method}: required parameter {name} is missing")
        decoded: dict[str, Any] = {}
        for name, raw in params.items():
            if name not in spec:
                raise SpecError(f"Bad Request: {method}: unknown parameter {name}")
            decoded[name] = self._form_value(f"{method}.{name}", raw, spec[name]["types"])
        for name in files:
            if name in spec and "InputFile" not in spec[name]["types"]:
                raise SpecError(f"Bad Request: {method}: {name} is not a file parameter")
        self._limits(method, decoded, files)
        return decoded

    def _form_value(self, where: str, raw: str, types: list[str]) -> Any:
        errors = []
        for type_name in types:
            try:
                return self._decode_form(where, raw, type_name)
            except SpecError as exc:
                errors.append(str(exc))
        raise SpecError(f"Bad Request: {where}: {raw[:60]!r} is not {' or '.join(types)} ({'; '.join(errors)})")

    def _decode_form(self, where: str, raw: str, type_name: str) -> Any:
        if type_name == "Integer":
            if not re.fullmatch(r"-?\d+", raw):
                raise SpecError(where)
            return int(raw)
        if type_name == "Float":
            try:
                return float(raw)
            except ValueError:
                raise SpecError(where) from None
        if type_name in ("Boolean", "True"):
            if raw not in ("true", "false", "True", "False"):
                raise SpecError(where)
            return raw.lower() == "true"
        if type_name in ("String", "InputFile"):
            return raw
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise SpecError(where) from None
        self.check_value(where, value, type_name)
        return value

    def check_value(self, where: str, value: Any, type_name: str) -> None:
        """A decoded JSON value against a documented type (objects recursively, arrays item by item)."""
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise SpecError(f"Bad Request: {where}: expected an array")
            for index, item in enumerate(value):
                self.check_value(f"{where}[{index}]", item, type_name.removeprefix("Array of "))
            return
        checks = {
            "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "Boolean": lambda v: isinstance(v, bool),
            "True": lambda v: v is True,
            "String": lambda v: isinstance(v, str),
            "InputFile": lambda v: isinstance(v, str),
        }
        if type_name in checks:
            if not checks[type_name](value):
                raise SpecError(f"Bad Request: {where}: expected {type_name}")
            return
        if type_name not in self.types:
            raise SpecError(f"Bad Request: {where}: unknown type {type_name}")
        subtypes = self.types[type_name].get("subtypes")
        if subtypes:
            self._check_union(where, value, subtypes)
            return
        if not isinstance(value, dict):
            raise SpecError(f"Bad Request: {where}: expected a {type_name} object")
        fields = self.fields_of(type_name, method=False)
        for name, info in fields.items():
            if info["required"] and name not in value:
                raise SpecError(f"Bad Request: {where}: {type_name}.{name} is required")
        for name, item in value.items():
            if name not in fields:
                raise SpecError(f"Bad Request: {where}: {type_name} has no field {name}")
            self._check_union(f"{where}.{name}", item, fields[name]["types"])
        self._object_limits(where, type_name, value)

    def _check_union(self, where: str, value: Any, types: list[str]) -> None:
        """Passes if any type fits; otherwise the error says why each one did not (the nested reason)."""
        reasons = []
        for type_name in types:
            try:
                self.check_value(where, value, type_name)
                return
            except SpecError as exc:
                reasons.append(str(exc).removeprefix("Bad Request: "))
        raise SpecError(f"Bad Request: {where}: expected {' or '.join(types)} ({'; '.join(reasons)})")

    def _object_limits(self, where: str, type_name: str, value: dict[str, Any]) -> None:
        if type_name == "InlineKeyboardButton" and "callback_data" in value:
            size = len(value["callback_data"].encode("utf-8"))
            if not 1 <= size <= 64:
                raise SpecError(f"Bad Request: {where}: BUTTON_DATA_INVALID ({size} bytes)")
        if type_name == "BotCommand":
            if not _COMMAND.match(value["command"]):
                raise SpecError(f"Bad Request: {where}: invalid command name {value['command']!r}")
            if not 1 <= len(value["description"]) <= 256:
                raise SpecError(f"Bad Request: {where}: command description must be 1-256 characters")

    @staticmethod
    def _limits(method: str, params: dict[str, Any], files: dict[str, bytes]) -> None:
        text = params.get("text")
        if method in ("sendMessage", "editMessageText") and isinstance(text, str) and not 1 <= utf16_len(text) <= 4096:
            raise SpecError(f"Bad Request: message text must be 1-4096 characters, got {utf16_len(text)}")
        caption = params.get("caption")
        if isinstance(caption, str) and utf16_len(caption) > 1024:
            raise SpecError("Bad Request: message caption is too long")
        if method == "answerCallbackQuery" and utf16_len(params.get("text") or "") > 200:
            raise SpecError("Bad Request: callback answer text is too long")
        if method == "setMyCommands" and len(params.get("commands", [])) > 100:
            raise SpecError("Bad Request: too many commands (at most 100)")


def utf16_len(text: str) -> int:
    """Telegram counts text length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
