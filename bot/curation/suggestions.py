"""Accepting a suggested alternate writes it into the knowledge base file its entry lives in, with ruamel.yaml's
round trip, so the curators' comments, order and layout stay as they wrote them."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from knowledge.kb import Entry, KBError


def add_alternate(entry: Entry, question: str) -> None:
    """Appends `question` to the entry's alternates in its file (nothing if it is already one of its phrasings)."""
    if question in entry.phrasings:
        return
    path = Path(entry.source)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    document = yaml.load(path.read_text(encoding="utf-8"))
    items = document or []
    item = next((i for i in items if str(i.get("id")) == entry.id), None)
    if item is None:
        raise KBError(f"{entry.where()}: 条目「{entry.id}」已不在文件中 (the entry is no longer in its file)")
    if item.get("alternates") is None:
        item["alternates"] = []
    item["alternates"].append(question)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
