"""The FAQ knowledge base: YAML files of entries, loaded with the file and line of each entry."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge.vocabulary import KB_SYNONYMS_NAME

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELDS = ("id", "category", "question", "alternates", "answer", "tags", "effective", "expires", "owner")


class KBError(Exception):
    """A knowledge base that cannot be served: bad YAML, a missing field, a wrong type. Says file and line."""


@dataclass(frozen=True)
class Entry:
    id: str
    category: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    effective: date | None = None
    expires: date | None = None
    owner: str | None = None
    source: str = ""
    line: int = 0

    @property
    def phrasings(self) -> tuple[str, ...]:
        """What the matcher indexes: the question and its alternates, never the answer."""
        return (self.question, *self.alternates)

    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass
class KnowledgeBase:
    entries: list[Entry]
    root: Path
    synonym_files: list[Path] = field(default_factory=list)

    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}


class _LineLoader(yaml.SafeLoader):
    """Keeps the line where each mapping starts, so errors can point at an entry."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text so that a bad one (2026-13-40) is our clear error, not a crash inside the YAML parser.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def entry_files(path: Path) -> list[Path]:
    """A single YAML file, or every *.yaml/*.yml in a directory except `_`-prefixed ones (synonyms)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise KBError(f"{path}: 知识库路径不存在 (no such file or directory)")
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("_"))
    if not files:
        raise KBError(f"{path}: 目录中没有 YAML 文件 (no .yaml files)")
    return files


def load_raw(path: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every entry mapping with its file, before validation; YAML errors carry file and line."""
    raw: list[tuple[Path, dict[str, Any]]] = []
    for file in entry_files(path):
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LineLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise KBError(f"{file}{line}: YAML 格式错误 {getattr(exc, 'problem', exc)}") from None
        if data is None:
            continue
        if not isinstance(data, list):
            raise KBError(f"{file}:1: 文件应为条目列表 (expected a list of entries)")
        for item in data:
            if not isinstance(item, dict):
                raise KBError(f"{file}: 每个条目应为键值对 (each entry must be a mapping)")
            raw.append((file, item))
    return raw


def load_kb(path: Path) -> KnowledgeBase:
    """Loads and validates a knowledge base; raises KBError on the first entry that cannot be served."""
    entries = [build_entry(file, item) for file, item in load_raw(path)]
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in seen:
            raise KBError(f"{entry.where()}: 重复的 id「{entry.id}」(duplicate id, first at {seen[entry.id].where()})")
        seen[entry.id] = entry
    return replace(empty_kb(path), entries=entries)


def empty_kb(path: Path) -> KnowledgeBase:
    """The KB directory of `path` with its synonym file, no entries yet (a working copy elsewhere fills them)."""
    root = path if path.is_dir() else path.parent
    synonyms = [root / KB_SYNONYMS_NAME] if (root / KB_SYNONYMS_NAME).is_file() else []
    return KnowledgeBase(entries=[], root=root, synonym_files=synonyms)


def build_entry(file: Path, item: dict[str, Any]) -> Entry:
    line = int(item.get("__line__", 0))
    where = f"{file}:{line}"

    def text(name: str, required: bool = True) -> str | None:
        value = item.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise KBError(f"{where}: 缺少字段 {name} (missing or empty {name})")
            return None
        if not isinstance(value, str | int | float):
            raise KBError(f"{where}: 字段 {name} 应为文本 ({name} must be text)")
        return str(value).strip()

    entry_id = text("id") or ""
    if not ID_PATTERN.match(entry_id):
        raise KBError(f"{where}: id「{entry_id}」只能包含小写字母、数字和连字符 (id must match [a-z0-9-])")
    return Entry(
        id=entry_id,
        category=text("category") or "",
        question=text("question") or "",
        answer=text("answer") or "",
        alternates=_strings(item.get("alternates"), "alternates", where),
        tags=_strings(item.get("tags"), "tags", where),
        effective=_date(item.get("effective"), "effective", where),
        expires=_date(item.get("expires"), "expires", where),
        owner=text("owner", required=False),
        source=str(file),
        line=line,
    )


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in value.split("|")]
    if not isinstance(value, Iterable) or isinstance(value, dict):
        raise KBError(f"{where}: 字段 {name} 应为列表 ({name} must be a list)")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _date(value: Any, name: str, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise KBError(f"{where}: 字段 {name} 日期格式错误「{value}」,应为 YYYY-MM-DD (bad date)") from None
