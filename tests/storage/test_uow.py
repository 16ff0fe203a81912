from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from storage.db import make_engine, make_session_factory
from storage.enums import UnitKind
from storage.errors import StorageUnavailable
from storage.models import OrgUnit
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)


def test_nothing_is_kept_without_commit(uow: UnitOfWork) -> None:
    with uow:
        uow.units.add(OrgUnit(name="临时", kind=UnitKind.TEAM, created_at=NOW))
    assert not uow.committed
    with uow:
        assert uow.units.by_name("临时") is None


def test_commit_keeps_the_work(uow: UnitOfWork) -> None:
    with uow:
        uow.units.add(OrgUnit(name="对公一组", kind=UnitKind.TEAM, created_at=NOW))
        uow.commit()
    assert uow.committed
    with uow:
        assert uow.units.by_name("对公一组") is not None


def test_datetimes_come_back_aware_utc(uow: UnitOfWork) -> None:
    beijing = timezone(timedelta(hours=8))
    with uow:
        uow.units.add(
            OrgUnit(name="时区", kind=UnitKind.TEAM, created_at=datetime(2026, 11, 23, 9, 30, tzinfo=beijing))
        )
        uow.commit()
    with uow:
        unit = uow.units.by_name("时区")
        assert unit is not None
        assert unit.created_at == NOW
        assert unit.created_at.utcoffset() == timedelta(0)


def test_naive_datetime_is_refused(uow: UnitOfWork) -> None:
    with uow, pytest.raises(Exception, match="naive datetime"):
        uow.units.add(OrgUnit(name="x", kind=UnitKind.TEAM, created_at=datetime(2026, 1, 1)))


def test_a_database_that_is_down_raises_storage_unavailable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    uow = UnitOfWork(make_session_factory(engine))
    with pytest.raises(StorageUnavailable), uow:
        uow.units.by_name("x")
    engine.dispose()
