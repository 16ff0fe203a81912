"""The shape of the code, checked: imports point one way (bot → handlers → knowledge, storage), no platform library
below bot/, SQL only in repositories, services hand out views rather than ORM rows, and handlers and channels
reach the database only through services."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_LIBS = {"telegram", "wechatpy", "aiogram"}
MAY_NOT_IMPORT = {
    "knowledge": {"bot", "handlers", "storage", "sqlalchemy", *PLATFORM_LIBS},
    "storage": {"bot", "handlers", *PLATFORM_LIBS},
    "handlers": {"bot", "sqlalchemy", *PLATFORM_LIBS},
}
# the unit of work's own attributes; every other attribute of a unit of work is a repository
UOW_OWN = {"commit", "rollback", "committed"}
SESSION_ALLOWED = {ROOT / "storage" / "uow.py", *(ROOT / "storage" / "repositories").glob("*.py")}


def _sources(*packages: str) -> Iterator[Path]:
    for package in packages:
        yield from (p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _modules_imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def _is_uow(node: ast.expr) -> bool:
    """`uow` or `anything.uow`: an expression that names a unit of work."""
    return (isinstance(node, ast.Name) and node.id == "uow") or (isinstance(node, ast.Attribute) and node.attr == "uow")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("package", sorted(MAY_NOT_IMPORT))
def test_imports_point_one_way(package: str) -> None:
    offenders = {
        _rel(path): sorted(_top_level(_modules_imported(path)) & MAY_NOT_IMPORT[package])
        for path in (ROOT / package).rglob("*.py")
        if _top_level(_modules_imported(path)) & MAY_NOT_IMPORT[package]
    }
    assert offenders == {}


def test_only_repositories_and_the_unit_of_work_touch_the_session() -> None:
    offenders = [
        f"{_rel(path)}:{node.lineno}"
        for path in _sources("bot", "handlers", "knowledge", "storage")
        if path not in SESSION_ALLOWED
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Attribute) and node.attr == "session" and _is_uow(node.value)
    ]
    assert offenders == []


def test_handlers_and_channels_use_services_not_repositories() -> None:
    offenders = [
        f"{_rel(path)}:{node.lineno} uow.{node.attr}"
        for path in _sources("bot", "handlers")
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Attribute) and _is_uow(node.value) and node.attr not in UOW_OWN
    ]
    assert offenders == []


def test_orm_models_stay_inside_storage() -> None:
    offenders = [
        _rel(path)
        for path in _sources("bot", "handlers", "knowledge")
        if any(m == "storage.models" or m.startswith("storage.repositories") for m in _modules_imported(path))
    ]
    assert offenders == []


def _orm_classes() -> set[str]:
    tree = _tree(ROOT / "storage" / "models.py")
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "Base" for b in node.bases)
    }


def test_services_return_views_not_orm_rows() -> None:
    orm = _orm_classes()
    assert {"Visit", "Customer", "Staff"} <= orm
    offenders = []
    for path in (ROOT / "storage" / "services").glob("*.py"):
        for node in _tree(path).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.returns is not None:
                named = {n.id for n in ast.walk(node.returns) if isinstance(n, ast.Name)}
                if named & orm:
                    offenders.append(f"{_rel(path)}:{node.name} -> {ast.unparse(node.returns)}")
    assert offenders == []


def test_only_config_reads_the_environment() -> None:
    readers = [
        _rel(p)
        for p in _sources("bot", "handlers", "knowledge", "storage")
        if p != ROOT / "bot" / "config.py"
        and ("os.environ" in p.read_text("utf-8") or "getenv" in p.read_text("utf-8"))
    ]
    assert readers == []


def test_nothing_builds_an_engine_but_the_builder() -> None:
    callers = [
        _rel(path)
        for path in _sources("bot", "handlers", "knowledge", "storage")
        if path not in {ROOT / "bot" / "bootstrap.py", ROOT / "storage" / "db.py"}
        and any(
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute) and _called(node) in _ENGINE
            for node in ast.walk(_tree(path))
        )
    ]
    assert callers == []


_ENGINE = {"make_engine", "create_engine", "make_session_factory", "WorkCalendar"}


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
