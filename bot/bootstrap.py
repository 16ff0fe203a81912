"""The one place that builds everything from the settings; tests pass their own parts instead."""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from bot.config import ConfigError, Settings
from bot.scheduler import Jobs, PushDispatcher
from handlers.context import Services, WebDesk
from handlers.features import build_registry
from handlers.router import Router
from knowledge import semantic, visit_parser
from knowledge.holder import KnowledgeHolder
from knowledge.kb import KnowledgeBase, empty_kb, load_kb
from knowledge.workcal import CalendarFileError, WorkCalendar, load_overrides
from storage import migrate
from storage.clock import Clock, SystemClock
from storage.db import make_engine, make_session_factory
from storage.services import kb_store
from storage.services.calendar import arrangement
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    engine: Engine
    uow_factory: UnitOfWorkFactory
    router: Router
    clock: Clock
    knowledge: KnowledgeHolder
    calendar: WorkCalendar
    dispatcher: PushDispatcher
    jobs: Jobs

    def close(self) -> None:
        self.jobs.shutdown()
        self.engine.dispose()


def build_engine(settings: Settings, *, upgrade_schema: bool = True) -> Engine:
    """The engine for the configured database, its schema upgraded unless told not to."""
    engine = make_engine(settings.database_url)
    if upgrade_schema:
        migrate.upgrade(engine)
    return engine


def build_calendar(settings: Settings, uow_factory: UnitOfWorkFactory | None = None) -> WorkCalendar:
    """The working calendar: the admin's override file (checked at start by config) and, given the database, the
    imported arrangements."""
    calendar = WorkCalendar(_file_overrides(settings))
    if uow_factory is not None:
        refresh_calendar(calendar, uow_factory)
    return calendar


def refresh_calendar(calendar: WorkCalendar, uow_factory: UnitOfWorkFactory) -> None:
    """Arrangements imported since (by `kehu calendar import`, from any machine) take effect in this process."""
    with uow_factory() as uow:
        found = arrangement(uow)
    calendar.arrange(found.days, found.years)


def _file_overrides(settings: Settings) -> dict[date, bool]:
    path = settings.calendar_file
    if path is None or not path.is_file():
        return {}
    try:
        overrides = load_overrides(path)
    except CalendarFileError as exc:
        raise ConfigError(f"配置错误 configuration error: KEHU_CALENDAR_FILE={str(path)!r}: {exc}") from None
    log.info("working calendar: %s override days from %s", len(overrides), path)
    return overrides


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    upgrade_schema: bool = True,
    knowledge: KnowledgeHolder | None = None,
    calendar: WorkCalendar | None = None,
) -> App:
    """Engine, schema upgrade, knowledge base, calendar, unit of work, router and push dispatcher, wired from the
    settings; one of each per process.

    A knowledge base that does not load stops the start with its KBError (file and line).
    """
    visit_parser.warm_up()
    semantic.configure(enabled=settings.semantic, cache_dir=settings.cache_dir)
    engine = engine or build_engine(settings, upgrade_schema=upgrade_schema)
    sessions = make_session_factory(engine)
    clock = clock or SystemClock()

    def uow_factory() -> UnitOfWork:
        return UnitOfWork(sessions)

    knowledge = knowledge or working_copy(settings.kb_path, uow_factory, clock)

    calendar = calendar or build_calendar(settings, uow_factory)

    desk = settings.desk_url
    secret = settings.web_secret.get_secret_value() if settings.web_secret else None
    services = Services(calendar=calendar, knowledge=knowledge, web=WebDesk(desk, secret) if desk else None)
    router = Router(build_registry(), uow_factory, clock, default_timezone=settings.timezone, services=services)
    dispatcher = PushDispatcher(uow_factory, clock, calendar)
    return App(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        router=router,
        clock=clock,
        knowledge=knowledge,
        calendar=calendar,
        dispatcher=dispatcher,
        jobs=Jobs(
            dispatcher,
            uow_factory,
            clock,
            refresh=lambda: refresh_calendar(calendar, uow_factory),
            knowledge=knowledge,
        ),
    )


def working_copy(path: Path, uow_factory: UnitOfWorkFactory, clock: Clock) -> KnowledgeHolder:
    """The KB served from the database's working copy, which the files at `path` seed and sync into: at start
    and on /kb_reload. Instances starting together may sync at once; the one that loses finds the other's work."""
    shell = empty_kb(path)

    def sync() -> kb_store.SyncReport:
        files = load_kb(path)
        try:
            with uow_factory() as uow:
                report = kb_store.sync_files(uow, files, clock.now())
                if report.changed:
                    kb_store.announce(uow, clock.now())
                uow.commit()
        except (IntegrityError, kb_store.StaleEntry):
            log.info("another instance synced the knowledge-base files at the same time; using its result")
            return kb_store.SyncReport()
        if report.changed:  # the first start's seeding is no news; a change of the files is
            level = logging.INFO if report.updated or report.deleted else logging.DEBUG
            log.log(level, "knowledge base from the files: %s added, %s updated, %s deleted", *astuple(report))
        return report

    def source() -> KnowledgeBase:
        with uow_factory() as uow:
            return kb_store.knowledge_base(uow, shell)

    sync()
    return KnowledgeHolder(path, source=source, sync=sync)


@dataclass
class Storage:
    """A unit of work for the command-line tools that need the database and nothing else."""

    engine: Engine
    uow_factory: UnitOfWorkFactory

    def close(self) -> None:
        self.engine.dispose()


def build_storage(settings: Settings) -> Storage:
    engine = build_engine(settings)
    sessions = make_session_factory(engine)
    return Storage(engine, lambda: UnitOfWork(sessions))
