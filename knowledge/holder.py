"""The knowledge base being served, swappable in one step so a reload never serves half a KB."""

from __future__ import annotations

from pathlib import Path

from knowledge.calibration import Calibration, calibrate
from knowledge.kb import load_kb
from knowledge.matcher import Matcher


def build_matcher(path: Path) -> tuple[Matcher, Calibration | None]:
    """The matcher for a knowledge base, with the thresholds its own phrasings call for."""
    matcher = Matcher(load_kb(path))
    calibration = calibrate(matcher)
    if calibration is not None:
        matcher.settings = calibration.settings
    return matcher, calibration


class KnowledgeHolder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._matcher, self.calibration = build_matcher(path)
        self.version: int | None = None  # the shared reload counter this process has caught up with

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    def reload(self) -> int:
        """Builds a new matcher from the files; only when that succeeds does it replace the old one."""
        fresh, calibration = build_matcher(self.path)
        self._matcher, self.calibration = fresh, calibration
        return len(fresh.entries)
