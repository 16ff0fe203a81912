"""The one place that builds everything from the settings; tests pass their own parts instead."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.config import Settings
from handlers.context import Services
from handlers.features import build_registry
from handlers.router import Router
from knowledge.holder import KnowledgeHolder
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
    knowledge: KnowledgeHolder

    def close(self) -> None:
        self.engine.dispose()


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    upgrade_schema: bool = True,
    knowledge: KnowledgeHolder | None = None,
) -> App:
    """Engine, schema upgrade, knowledge base, unit of work and router, wired from the settings.

    A knowledge base that does not load stops the start with its KBError (file and line).
    """
    knowledge = knowledge or KnowledgeHolder(settings.kb_path)
    engine = engine or make_engine(settings.database_url)
    if upgrade_schema:
        migrate.upgrade(engine)
    sessions = make_session_factory(engine)
    clock = clock or SystemClock()

    def uow_factory() -> UnitOfWork:
        return UnitOfWork(sessions)

    services = Services(knowledge=knowledge)
    router = Router(build_registry(), uow_factory, clock, default_timezone=settings.timezone, services=services)
    return App(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        router=router,
        clock=clock,
        knowledge=knowledge,
    )
