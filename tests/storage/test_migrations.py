from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage import migrate
from storage.db import make_engine
from storage.models import Base


def test_upgrade_creates_every_table_on_an_empty_database(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        migrate.upgrade(engine)
        first = migrate.current_revision(engine)
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == first
    finally:
        engine.dispose()


def test_two_instances_upgrading_an_empty_database_at_once_both_come_up(empty_db_url: str, tmp_path: Path) -> None:
    """Each `kehu db upgrade` is its own process, as two instances started together would be; one migrates while
    the other waits for the lock, then finds the schema at head."""
    import os
    import subprocess
    import sys

    kehu = Path(sys.executable).with_name("kehu")
    env = {**os.environ, "DATABASE_URL": empty_db_url, "KEHU_DATA_DIR": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [str(kehu), "db", "upgrade"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    said = sorted(out.split(" schema")[0] for _, out, _ in results)
    assert said == ["已创建数据库表结构", "数据库已是最新版本"], said
    engine = make_engine(empty_db_url)
    try:
        assert migrate.current_revision(engine) == migrate.head_revision(engine)
    finally:
        engine.dispose()
