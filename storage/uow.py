"""Unit of work: one transaction per incoming message; commits only when told to."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import StorageUnavailable
from storage.repositories import (
    AuditRepository,
    ButtonRepository,
    CalendarRepository,
    CoordinationRepository,
    CustomerRepository,
    DraftRepository,
    FaqLogRepository,
    FaqSuggestionRepository,
    InboxRepository,
    InviteRepository,
    KnowledgeRepository,
    PushRepository,
    SpotCheckRepository,
    StaffRepository,
    StateRepository,
    TargetRepository,
    TaskRepository,
    UnitRepository,
    UpdateRepository,
    VisitRepository,
    WebRepository,
)


class UnitOfWork:
    """Opens a session with its repositories; rolls back on exit unless `commit()` was called."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self.committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.committed = False
        self.staff = StaffRepository(self.session)
        self.units = UnitRepository(self.session)
        self.invites = InviteRepository(self.session)
        self.customers = CustomerRepository(self.session)
        self.updates = UpdateRepository(self.session)
        self.inbox = InboxRepository(self.session)
        self.buttons = ButtonRepository(self.session)
        self.states = StateRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.faq_log = FaqLogRepository(self.session)
        self.faq_suggestions = FaqSuggestionRepository(self.session)
        self.visits = VisitRepository(self.session)
        self.drafts = DraftRepository(self.session)
        self.spot_checks = SpotCheckRepository(self.session)
        self.tasks = TaskRepository(self.session)
        self.targets = TargetRepository(self.session)
        self.pushes = PushRepository(self.session)
        self.calendar = CalendarRepository(self.session)
        self.coordination = CoordinationRepository(self.session)
        self.knowledge = KnowledgeRepository(self.session)
        self.web = WebRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        except DBAPIError:
            pass
        finally:
            self.session.close()
        if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
            raise StorageUnavailable() from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except OperationalError as exc:
            raise StorageUnavailable() from exc
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()


UnitOfWorkFactory = Callable[[], UnitOfWork]
