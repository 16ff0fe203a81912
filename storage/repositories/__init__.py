"""Repositories: the only place that writes SQL (SQLAlchemy 2 `select()`), one class per aggregate.

Services call them through the unit of work and turn what they return into plain views before anything leaves
the storage layer.
"""

from storage.repositories.calendar import CalendarRepository
from storage.repositories.coordination import CoordinationRepository
from storage.repositories.customers import CustomerRepository
from storage.repositories.drafts import DraftRepository
from storage.repositories.knowledge import KnowledgeRepository
from storage.repositories.messaging import (
    AuditRepository,
    ButtonRepository,
    FaqLogRepository,
    FaqSuggestionRepository,
    InboxRepository,
    StateRepository,
    UpdateRepository,
)
from storage.repositories.pushes import PushRepository
from storage.repositories.staff import InviteRepository, StaffRepository, UnitRepository
from storage.repositories.targets import TargetRepository
from storage.repositories.tasks import TaskRepository
from storage.repositories.visits import SpotCheckRepository, VisitRepository
from storage.repositories.web import WebRepository

__all__ = [
    "AuditRepository",
    "ButtonRepository",
    "CalendarRepository",
    "CoordinationRepository",
    "CustomerRepository",
    "DraftRepository",
    "FaqLogRepository",
    "FaqSuggestionRepository",
    "InboxRepository",
    "InviteRepository",
    "KnowledgeRepository",
    "PushRepository",
    "SpotCheckRepository",
    "StaffRepository",
    "StateRepository",
    "TargetRepository",
    "TaskRepository",
    "UnitRepository",
    "UpdateRepository",
    "VisitRepository",
    "WebRepository",
]
