"""Shared fixtures: real databases (SQLite and a PostgreSQL server started here), a fixed clock, the app."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.bootstrap import App, build_app
from bot.config import BUNDLED_KB, Settings, load_settings
from knowledge.holder import KnowledgeHolder
from storage import migrate
from storage.clock import FrozenClock
from storage.db import make_engine, make_session_factory
from storage.services.demo import seed_demo
from storage.uow import UnitOfWork
from tests import pg

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEMO_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def missing(reason: str) -> None:
    """Skip locally, fail under CI: a missing prerequisite must not pass silently there."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def _seed(url: str) -> None:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        with UnitOfWork(make_session_factory(engine)) as uow:
            seed_demo(uow, DEMO_NOW, SHANGHAI)
            uow.commit()
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.PgServer]:
    try:
        server = pg.start()
    except (FileNotFoundError, OSError) as exc:
        missing(f"PostgreSQL not available: {exc}")
    try:
        for template, seeded in (("tpl_empty", False), ("tpl_migrated", None), ("tpl_demo", True)):
            url = server.create_database(template)
            if seeded is True:
                _seed(url)
            elif seeded is None:
                engine = make_engine(url)
                migrate.upgrade(engine)
                engine.dispose()
        yield server
    finally:
        pg.stop(server)


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("sqlite-templates")
    migrated, demo = base / "migrated.db", base / "demo.db"
    engine = make_engine(f"sqlite:///{migrated}")
    migrate.upgrade(engine)
    engine.dispose()
    _seed(f"sqlite:///{demo}")
    return {"tpl_migrated": migrated, "tpl_demo": demo}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Database tests run on SQLite; storage tests and those marked `both_databases` on PostgreSQL as well."""
    if "backend" not in metafunc.fixturenames:
        return
    node = metafunc.definition
    both = node.get_closest_marker("both_databases") is not None or "storage" in node.path.parts
    metafunc.parametrize("backend", BACKENDS if both else ["sqlite"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _database(request: pytest.FixtureRequest, backend: str, tmp_path: Path, template: str) -> Iterator[str]:
    """A fresh database for one test, copied from a template on the requested backend."""
    if backend == "sqlite":
        target = tmp_path / "kehu.db"
        if template != "tpl_empty":
            shutil.copy(request.getfixturevalue("sqlite_templates")[template], target)
        yield f"sqlite:///{target}"
        return
    server: pg.PgServer = request.getfixturevalue("pg_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name, template=template)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def empty_db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    yield from _database(request, backend, tmp_path, "tpl_empty")


@pytest.fixture
def db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    yield from _database(request, backend, tmp_path, "tpl_migrated")


@pytest.fixture
def demo_db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    yield from _database(request, backend, tmp_path, "tpl_demo")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(DEMO_NOW)


def settings_for(url: str, tmp_path: Path) -> Settings:
    return load_settings({"DATABASE_URL": url, "KEHU_DATA_DIR": str(tmp_path / "data")}, env_file=None)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def uow(engine: Engine) -> UnitOfWork:
    return UnitOfWork(make_session_factory(engine))


@pytest.fixture
def demo_uow(demo_db_url: str) -> Iterator[UnitOfWork]:
    """A unit of work on the seeded demo database (staff, teams, customers)."""
    eng = make_engine(demo_db_url)
    yield UnitOfWork(make_session_factory(eng))
    eng.dispose()


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeHolder:
    """The bundled sample knowledge base, loaded once for the whole run."""
    return KnowledgeHolder(BUNDLED_KB)


@pytest.fixture
def demo_app(demo_db_url: str, tmp_path: Path, clock: FrozenClock, knowledge: KnowledgeHolder) -> Iterator[App]:
    """The whole app on the seeded demo database, with a fixed clock."""
    app = build_app(settings_for(demo_db_url, tmp_path), clock=clock, knowledge=knowledge)
    yield app
    app.close()
