"""The knowledge base being served, swappable in one step so a reload never serves half a KB."""

from __future__ import annotations

from pathlib import Path

from knowledge.kb import load_kb
from knowledge.matcher import Matcher


class KnowledgeHolder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._matcher = Matcher(load_kb(path))

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    def reload(self) -> int:
        """Builds a new matcher from the files; only when that succeeds does it replace the old one."""
        fresh = Matcher(load_kb(self.path))
        self._matcher = fresh
        return len(fresh.entries)
