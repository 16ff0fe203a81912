"""The one-way imports: bot → handlers → knowledge, storage; no platform library below bot/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_LIBS = {"telegram", "wechatpy", "aiogram"}
MAY_NOT_IMPORT = {
    "knowledge": {"bot", "handlers", "storage", "sqlalchemy", *PLATFORM_LIBS},
    "storage": {"bot", "handlers", *PLATFORM_LIBS},
    "handlers": {"bot", "sqlalchemy", *PLATFORM_LIBS},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(MAY_NOT_IMPORT))
def test_imports_point_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & MAY_NOT_IMPORT[package])
        for path in (ROOT / package).rglob("*.py")
        if _imports(path) & MAY_NOT_IMPORT[package]
    }
    assert offenders == {}


def _reads_environment(path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    return "os.environ" in source or "getenv" in source


def test_only_config_reads_the_environment() -> None:
    readers = [
        str(p.relative_to(ROOT))
        for pkg in ("bot", "handlers", "knowledge", "storage")
        for p in (ROOT / pkg).rglob("*.py")
        if p != ROOT / "bot" / "config.py" and _reads_environment(p)
    ]
    assert readers == []
