"""The knowledge base being served, swappable in one step so a reload never serves half a KB."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from knowledge.calibration import Calibration, calibrate
from knowledge.kb import KnowledgeBase, load_kb
from knowledge.matcher import Matcher
from knowledge.semantic import is_stored


def build_matcher(kb: KnowledgeBase | Path, *, semantic: bool = True) -> tuple[Matcher, Calibration | None]:
    """The matcher for a knowledge base, with the thresholds its own phrasings call for (calibrated on the words
    alone) and, with `semantic`, the sentence model's second opinion on close calls."""
    matcher = Matcher(load_kb(kb) if isinstance(kb, Path) else kb)
    calibration = calibrate(matcher)
    if calibration is not None:
        matcher.settings = calibration.settings
    if semantic and (len(matcher.phrasings) <= _EMBED_NOW or is_stored(matcher.phrasings)):
        matcher.attach_semantic()
    elif semantic:  # a big KB seen for the first time: served by its words until its vectors are ready
        threading.Thread(target=matcher.attach_semantic, name="kb-embedding", daemon=True).start()
    return matcher, calibration


_EMBED_NOW = 2_000  # phrasings: about ten seconds on one core; a larger new KB is embedded in the background


class KnowledgeHolder:
    """Serves the KB files at `path`, or, given `source`, what it returns (the database's working copy); `sync`
    brings changes of the files into that source first (a /kb_reload)."""

    def __init__(
        self,
        path: Path,
        source: Callable[[], KnowledgeBase] | None = None,
        sync: Callable[[], object] | None = None,
    ) -> None:
        self.path = path
        self._source = source or (lambda: load_kb(path))
        self._sync = sync
        self._matcher, self.calibration = build_matcher(self._source())
        self.version: int | None = None  # the shared reload counter this process has caught up with

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    def reload(self, *, from_files: bool = False) -> int:
        """Builds a new matcher; only when that succeeds does it replace the old one. `from_files` syncs the
        files into the source first (a broken file raises KBError before anything changes)."""
        if from_files and self._sync is not None:
            self._sync()
        fresh, calibration = build_matcher(self._source())
        self._matcher, self.calibration = fresh, calibration
        return len(fresh.entries)
