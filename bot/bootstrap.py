"""The one place that builds everything from the settings; tests pass their own parts instead."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.config import Settings
from handlers.features import build_registry
from handlers.router import Router
from storage import migrate
from storage.clock import Clock, SystemClock
from storage.db import make_engine, make_session_factory
from storage.uow import UnitOfWork, UnitOfWorkFactory


@dataclass
class App:
    settings: Settings
    engine: Engine
    uow_factory: UnitOfWorkFactory
    router: Router
    clock: Clock

    def close(self) -> None:
        self.engine.dispose()


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    upgrade_schema: bool = True,
) -> App:
    """Engine, schema upgrade, unit of work and router, wired from the settings."""
    engine = engine or make_engine(settings.database_url)
    if upgrade_schema:
        migrate.upgrade(engine)
    sessions = make_session_factory(engine)
    clock = clock or SystemClock()

    def uow_factory() -> UnitOfWork:
        return UnitOfWork(sessions)

    router = Router(build_registry(), uow_factory, clock, default_timezone=settings.timezone)
    return App(settings=settings, engine=engine, uow_factory=uow_factory, router=router, clock=clock)
