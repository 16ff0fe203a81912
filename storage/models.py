"""The data model: SQLAlchemy 2 typed tables. Times are aware UTC, money is Decimal yuan."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.coltypes import UTCDateTime
from storage.enums import PeriodKind, Role, TaskSource, UnitKind

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[StrEnum]) -> SAEnum:
    """Enums stored as their string value, portable across SQLite and PostgreSQL."""
    return SAEnum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
        Decimal: Numeric(20, 2),
    }


class OrgUnit(Base):
    """A branch, sub-branch or team; teams hang below branches through parent_id."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    created_at: Mapped[datetime]

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])


class Staff(Base):
    """A member of staff who may use the bot: manager, supervisor or admin."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[Role] = mapped_column(_enum(Role))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None]

    unit: Mapped[OrgUnit | None] = relationship()


class UnitLead(Base):
    """Which units a supervisor leads; their scope is these units and every unit below them."""

    __tablename__ = "unit_leads"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)


class ChatIdentity(Base):
    """A staff member's account on one chat platform (telegram, wecom, console)."""

    __tablename__ = "chat_identities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    private_chat_id: Mapped[str | None] = mapped_column(String(64))
    bound_at: Mapped[datetime]
    blocked_at: Mapped[datetime | None]


class Customer(Base):
    """A customer owned by one manager; name_norm is the form fuzzy matching compares."""

    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("owner_id", "name_norm"),
        Index("ix_customers_owner_norm", "owner_id", "name_norm"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200))
    is_company: Mapped[bool] = mapped_column(Boolean, default=True)
    company: Mapped[str | None] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(8), default="C")
    phone: Mapped[str | None] = mapped_column(String(32))
    industry: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    contacts: Mapped[list[Contact]] = relationship(back_populates="customer", order_by="Contact.id")


class Contact(Base):
    """A person at a customer (王总, 李经理, 张会计)."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(32))

    customer: Mapped[Customer] = relationship(back_populates="contacts")


class Visit(Base):
    """One logged contact with a customer; withdrawn visits stay for the audit trail."""

    __tablename__ = "visits"
    __table_args__ = (
        # partial indexes on open (not withdrawn) visits: the latest visit is one index seek on both databases
        Index(
            "ix_visits_staff_open",
            "staff_id",
            "occurred_at",
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        Index(
            "ix_visits_customer_open",
            "customer_id",
            "occurred_at",
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    occurred_at: Mapped[datetime]
    time_known: Mapped[bool] = mapped_column(Boolean, default=True)  # False: the message gave a day, no clock time
    channel: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str | None] = mapped_column(Text)
    products: Mapped[list[str]] = mapped_column(default=list)
    product_details: Mapped[list[str]] = mapped_column(default=list)
    amount: Mapped[Decimal | None]
    amount_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str | None] = mapped_column(Text)
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class VisitDraftRow(Base):
    """A visit waiting for its author's ✅: one card, one row; every button of the card carries this id."""

    __tablename__ = "visit_drafts"
    __table_args__ = (Index("ix_visit_drafts_chat_open", "staff_id", "chat_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    chat_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))  # open, saved, cancelled
    corrects_visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    saved_visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    customer_name: Mapped[str | None] = mapped_column(Text)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    new_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20))
    products: Mapped[list[str]] = mapped_column(default=list)
    product_details: Mapped[list[str]] = mapped_column(default=list)
    amount: Mapped[Decimal | None]
    purpose: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str | None] = mapped_column(Text)
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    follow_up_text: Mapped[str | None] = mapped_column(Text)
    awaiting: Mapped[str | None] = mapped_column(String(20))
    pending: Mapped[list[str]] = mapped_column(default=list)
    joint: Mapped[bool] = mapped_column(Boolean, default=False)  # another manager's customer, visited together
    joint_owner: Mapped[str | None] = mapped_column(String(50))  # who looks after it: all the author learns
    planned: Mapped[bool] = mapped_column(Boolean, default=False)  # a visit still to come: ✅ makes it a task
    amount_note: Mapped[str | None] = mapped_column(String(16))  # approximate, range, negative, currency, unclear
    amount_text: Mapped[str | None] = mapped_column(Text)
    date_problem: Mapped[str | None] = mapped_column(Text)  # the words of a date that cannot be (2月30日)
    date_vague: Mapped[str | None] = mapped_column(Text)  # the words of a rough date (上周): the day is a guess
    time_known: Mapped[bool] = mapped_column(Boolean, default=True)
    no_follow_up: Mapped[bool] = mapped_column(Boolean, default=False)  # the author said 不需要 to 下次跟进?
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Task(Base):
    """Something a manager has to do by a local date: a follow-up, an assignment or their own."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_owner_open_due", "owner_id", "done_at", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    title: Mapped[str] = mapped_column(String(500))
    due_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[TaskSource] = mapped_column(_enum(TaskSource))
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Target(Base):
    """A goal for one manager (staff_id) or one unit (unit_id) for a metric over a period."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("staff_id", "unit_id", "metric", "period", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    metric: Mapped[str] = mapped_column(String(32))
    period: Mapped[PeriodKind] = mapped_column(_enum(PeriodKind))
    period_start: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """Who did what, kept for compliance: refusals, corrections, withdrawals, imports."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ProcessedUpdate(Base):
    """An incoming platform update already handled; written in the same transaction as its effects."""

    __tablename__ = "processed_updates"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime]
    replies: Mapped[str | None] = mapped_column(Text)  # a durable channel's replies until they are delivered


class InboxUpdate(Base):
    """An incoming update stored, raw, before the platform is told it arrived (the webhook's 200, the polling
    offset); processed from here, so a crash loses nothing acknowledged. `chat` orders one chat's updates."""

    __tablename__ = "inbox_updates"
    __table_args__ = (UniqueConstraint("platform", "update_id", name="uq_inbox_update"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    update_id: Mapped[str] = mapped_column(String(64))
    chat: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    done_at: Mapped[datetime | None] = mapped_column(index=True)


class ButtonAction(Base):
    """What a button does: the button carries only this row's short key (Telegram allows 64 bytes)."""

    __tablename__ = "button_actions"

    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]


class ConversationState(Base):
    """A conversation in progress (a draft, a guided form step), keyed by user and chat, with expiry."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("staff_id", "chat_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class FaqLog(Base):
    """Every FAQ question with its outcome and feedback; unanswered and down-voted ones feed `kb gaps`."""

    __tablename__ = "faq_log"
    __table_args__ = (Index("ix_faq_log_status_at", "status", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    entry_id: Mapped[str | None] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    feedback: Mapped[int | None]


class ResultEntry(Base):
    """A business result for a manager, metric and local day: self-reported (/done, a confirmed visit amount) or
    from the bank's daily export, which is authoritative for that metric and day."""

    __tablename__ = "results"
    __table_args__ = (Index("ix_results_staff_metric_day", "staff_id", "metric", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    metric: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    source: Mapped[str] = mapped_column(String(10))  # "self" or "import"
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    created_at: Mapped[datetime]


class Leave(Base):
    """Personal leave: no pushes to this manager on these local days."""

    __tablename__ = "leave"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]


class PushSettings(Base):
    """Push preferences of one user (staff_id) or the defaults of a team (unit_id); unset fields inherit."""

    __tablename__ = "push_settings"
    __table_args__ = (UniqueConstraint("staff_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    brief_at: Mapped[str | None] = mapped_column(String(5))
    nudge_at: Mapped[str | None] = mapped_column(String(5))
    quiet_from: Mapped[str | None] = mapped_column(String(5))
    quiet_until: Mapped[str | None] = mapped_column(String(5))
    brief_on: Mapped[bool | None] = mapped_column(Boolean)
    nudge_on: Mapped[bool | None] = mapped_column(Boolean)
    recap_on: Mapped[bool | None] = mapped_column(Boolean)


class Delivery(Base):
    """One scheduled push, claimed before it is sent: the unique key makes every push happen at most once."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("staff_id", "kind", "local_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(16))
    local_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))  # claimed, sending, sent, skipped, failed, blocked, unknown
    reason: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class InviteCode(Base):
    """A one-time code that binds a chat identity to a staff member; only its hash is stored."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class BindAttempt(Base):
    """A failed /start CODE, kept to rate-limit guessing per chat identity."""

    __tablename__ = "bind_attempts"
    __table_args__ = (Index("ix_bind_attempts_who_at", "platform", "external_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class SpotCheck(Base):
    """A supervisor's verification of one visit (抽查): confirmed or doubtful."""

    __tablename__ = "spot_checks"
    __table_args__ = (UniqueConstraint("supervisor_id", "visit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    result: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)  # why a visit is doubted, in the supervisor's words
    at: Mapped[datetime]


class FaqSuggestionDecision(Base):
    """A curator's decision on a suggested alternate (a question users found an entry for): accepted into the
    knowledge base or rejected, so it is not suggested again."""

    __tablename__ = "faq_suggestion_decisions"
    __table_args__ = (UniqueConstraint("entry_id", "question", name="uq_faq_suggestion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(80))
    question: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(Boolean)
    decided_at: Mapped[datetime]


class CalendarDay(Base):
    """A day of a State Council holiday arrangement imported by an admin (`kehu calendar import`): off or a
    make-up workday. The years present are settled; every instance reads them."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    year: Mapped[int] = mapped_column(Integer, index=True)  # the arrangement's year, not always the day's
    imported_at: Mapped[datetime]


class Lease(Base):
    """A job only one instance may run at a time (the scheduler): held by `holder` until `expires_at`, renewed by
    it while alive, taken over by another instance once it lapses."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime]


class SharedVersion(Base):
    """A counter every instance polls: `kb` goes up on /kb_reload, so each instance reloads its knowledge base."""

    __tablename__ = "shared_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime]


class PublishedMenu(Base):
    """The digest of the command menu last published for one scope of a platform (the default, groups, a chat):
    a start publishes only the menus that changed, not one call per user."""

    __tablename__ = "published_menus"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    scope: Mapped[str] = mapped_column(String(80), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]


class KbEntryRow(Base):
    """The knowledge base's working copy: one entry as curators last saved it. `file_digest` is the entry as last
    read from the KB files (none for an entry made on the desk): a file sync replaces only entries whose file text
    changed since, so edits made on the desk survive a /kb_reload of unchanged files."""

    __tablename__ = "kb_entries"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    file_digest: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class KbRevision(Base):
    """Every version of every entry: who changed it, when, how (desk, file, import, suggestion) and what it was."""

    __tablename__ = "kb_revisions"
    __table_args__ = (UniqueConstraint("entry_id", "version", name="uq_kb_revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class FaqGapDecision(Base):
    """A curator's decision on an unanswered question: made an alternate, made an entry, or dismissed; the gap
    review does not show it again."""

    __tablename__ = "faq_gap_decisions"

    question: Mapped[str] = mapped_column(String(500), primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class WebLink(Base):
    """A one-time sign-in link for the web desk: only its hash is kept; used once, within ten minutes."""

    __tablename__ = "web_links"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebSession(Base):
    """A signed-in browser: the cookie's hash, its CSRF token and its expiry; signing out ends it."""

    __tablename__ = "web_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class WebKey(Base):
    """The key that signs sign-in links when KEHU_WEB_SECRET is not set: made once, shared by every instance."""

    __tablename__ = "web_keys"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
