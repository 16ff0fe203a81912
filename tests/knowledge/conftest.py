from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import BUNDLED_KB
from knowledge.holder import KnowledgeHolder
from knowledge.matcher import Matcher


@pytest.fixture(scope="session")
def matcher(knowledge: KnowledgeHolder) -> Matcher:
    return knowledge.matcher


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(BUNDLED_KB, target)
    return target


def write_kb(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
