"""A visit draft's whole life, from the first message to ✅: created from a message, a form or one question at a
time; a field set from the user's words; a customer chosen; confirmed (a new visit, or the correction of a saved
one) or cancelled.

Each draft is its own row with its own id, and every button of its card names that id, so a press on an older
card acts on that card's draft; one that was saved or cancelled says so instead of touching another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from knowledge.amounts import read_amount
from knowledge.cn_dates import find_dates, find_time
from knowledge.visit_parser import CHANNELS, ParsedVisit, looks_like_visit, parse_visit, products_in
from knowledge.workcal import WorkCalendar
from storage.errors import DomainError
from storage.models import VisitDraftRow
from storage.services import customers, tasks, visits
from storage.services.customers import CustomerChoice, KnownCustomer
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

DRAFT_TTL = timedelta(hours=12)
FIELDS = ("customer", "contact", "when", "channel", "products", "amount", "outcome", "follow_up", "note")
GUIDED = ("customer", "note", "follow_up")
DEFAULT_CHANNEL = "上门拜访"
TEXT_LIMIT = 200
NAME_LIMIT = 30  # an answer to "which customer?" longer than this is a new message, not a name
_SKIP = frozenset({"无", "没有", "不用", "-", "none", ""})
_CLAUSES = re.compile(r"[,,。;;!!??]")

OPEN, SAVED, CANCELLED = "open", "saved", "cancelled"


class DraftGone(DomainError):
    """The card's draft expired or was cancelled."""

    code = "visit.expired"


class DraftAlreadySaved(DomainError):
    code = "visit.already_saved"


class CustomerNeeded(DomainError):
    code = "visit.ask.customer"


class BadDate(DomainError):
    code = "visit.bad_date"


class BadAmount(DomainError):
    code = "visit.bad_amount"


class BadChannel(DomainError):
    code = "visit.bad_channel"


class BadProducts(DomainError):
    code = "visit.bad_products"


@dataclass(frozen=True)
class VisitDraft:
    """A visit as its card shows it; `customer_id` is set once the customer is one of the author's own."""

    occurred_at: datetime
    channel: str = DEFAULT_CHANNEL
    time_known: bool = True
    customer: str | None = None
    customer_id: int | None = None
    new_customer: bool = False
    contact: str | None = None
    products: tuple[str, ...] = ()
    product_details: tuple[str, ...] = ()
    amount: Decimal | None = None
    purpose: str | None = None
    outcome: str | None = None
    note: str | None = None
    follow_up: date | None = None
    follow_up_text: str | None = None
    raw_text: str | None = None
    id: int = 0
    corrects_visit_id: int | None = None
    joint: bool = False
    owner: str = ""
    planned: bool = False
    amount_note: str | None = None
    amount_text: str | None = None
    date_problem: str | None = None
    date_vague: str | None = None
    no_follow_up: bool = False

    @property
    def asks_follow_up(self) -> bool:
        """The card asks 下次跟进? when a visit that happened has no follow-up and the author has not declined."""
        return not self.planned and self.follow_up is None and not self.no_follow_up and self.corrects_visit_id is None


@dataclass(frozen=True)
class Step:
    """What the card does next: show the draft, ask which customer (`choices`), ask about one field (`ask`), or ask
    for the customer a message did not name (`missing_customer`)."""

    draft: VisitDraft
    ask: str | None = None
    choices: tuple[CustomerChoice, ...] = ()
    missing_customer: bool = False
    register: tuple[CustomerChoice, ...] = ()  # other managers' customers the name fits (joint visit or handover)
    recent: tuple[CustomerChoice, ...] = ()  # the author's recent customers, offered when none was named
    guess: str | None = None  # a name that may be the customer (何美玲 微信 问…), offered first as a new customer


@dataclass(frozen=True)
class Saved:
    visit_id: int | None
    customer: str
    follow_up: date | None
    corrected: bool
    planned_on: date | None = None  # a planned visit became a task on this day


# ---- starting a draft ------------------------------------------------------------------------------------
def from_message(
    uow: UnitOfWork, author: StaffView, chat_id: str, text: str, local_now: datetime, calendar: WorkCalendar
) -> list[Step]:
    """A visit report in one message, one card per customer it names; [] when the text does not report a contact
    (a question goes to the FAQ). The author's own customers are read once, for the parser and the matcher."""
    known = customers.known(uow, author.id)
    names = [k.name for k in known]
    if not looks_like_visit(text, names):
        return []
    parsed = parse_visit(text, local_now, calendar, known_customers=names)
    several = len(parsed.customers) > 1
    steps = []
    for name in parsed.customers or (None,):
        row = _new_row(author.id, chat_id, local_now, raw_text=text)
        _fill(row, parsed, local_now, shared=several)
        row.customer_name = name
        uow.drafts.add(row)
        steps.append(_resolve(uow, author, row, known, local_now, guess=parsed.customer_guess))
    return steps


def guided(uow: UnitOfWork, staff_id: int, chat_id: str, local_now: datetime) -> Step:
    """/visit alone: the customer, then what was discussed, then the follow-up, one question at a time."""
    row = _new_row(staff_id, chat_id, local_now, awaiting=GUIDED[0], pending=list(GUIDED[1:]))
    uow.drafts.add(row)
    uow.drafts.stop_waiting(staff_id, chat_id, row.id)
    return Step(_view(row), ask=row.awaiting)


def from_form(
    uow: UnitOfWork,
    author: StaffView,
    chat_id: str,
    values: Sequence[tuple[str, str]],
    raw_text: str,
    local_now: datetime,
    calendar: WorkCalendar,
) -> Step:
    """/visit 客户=…; 事项=…: every (field, words) pair is read like an answer to that field's question."""
    row = _new_row(author.id, chat_id, local_now, raw_text=raw_text)
    for field, value in values:
        _read_field(row, field, value, local_now, calendar)
    uow.drafts.add(row)
    return _resolve(uow, author, row, customers.known(uow, author.id), local_now)


def reopen(uow: UnitOfWork, staff_id: int, chat_id: str, visit_id: int, now: datetime) -> Step:
    """A saved visit (its author's, within 24 hours) as a draft again; ✅ then corrects it in place."""
    visits.ensure_editable(uow, staff_id, visit_id, now)
    existing = uow.drafts.open_correction(staff_id, visit_id, now)
    if existing is not None:
        return Step(_view(existing))
    visit = uow.visits.get_own(staff_id, visit_id)
    assert visit is not None  # just checked
    row = VisitDraftRow(
        staff_id=staff_id,
        chat_id=chat_id,
        status=OPEN,
        corrects_visit_id=visit.id,
        customer_name=customers.customer_name(uow, staff_id, visit.customer_id),
        customer_id=visit.customer_id,
        new_customer=False,
        contact=uow.customers.contact_name(visit.contact_id),
        occurred_at=visit.occurred_at,
        time_known=visit.time_known,
        channel=visit.channel,
        products=list(visit.products),
        product_details=list(visit.product_details),
        amount=visit.amount,
        purpose=visit.purpose,
        outcome=visit.outcome,
        note=visit.note,
        raw_text=visit.raw_text,
        follow_up_date=visit.follow_up_date,
        pending=[],
        created_at=now,
        updated_at=now,
        expires_at=now + DRAFT_TTL,
    )
    uow.drafts.add(row)
    return Step(_view(row))


# ---- changing a draft --------------------------------------------------------------------------------------
def answer(
    uow: UnitOfWork, author: StaffView, chat_id: str, text: str, local_now: datetime, calendar: WorkCalendar
) -> Step | None:
    """The typed answer to the question a draft of this chat asked last; None when no draft is waiting."""
    row = uow.drafts.awaiting_answer(author.id, chat_id, local_now)
    if row is None or row.awaiting is None:
        return None
    field = row.awaiting
    if field == "customer" and (len(text) > NAME_LIMIT or _CLAUSES.search(text) or looks_like_visit(text)):
        row.awaiting, row.pending = None, []  # a new report rather than the name asked for: read it as one
        return None
    if field == "customer":
        _answer_customer(row, text.strip(), customers.known(uow, author.id), local_now, calendar)
    else:
        _read_field(row, field, text.strip(), local_now, calendar)
    if field == "customer":
        row.customer_id, row.new_customer, row.joint, row.joint_owner = None, False, False, None
    pending = list(row.pending)
    row.awaiting = pending.pop(0) if pending else None
    row.pending = pending
    _touch(row, local_now)
    if row.awaiting is not None:
        return Step(_view(row), ask=row.awaiting)
    return _resolve(uow, author, row, customers.known(uow, author.id), local_now)


def ask_field(uow: UnitOfWork, staff_id: int, draft_id: int, field: str, now: datetime) -> Step:
    """✏️ then a field: the next typed message in the chat answers it, for this draft only."""
    row = _open(uow, staff_id, draft_id, now)
    if field not in FIELDS:
        raise DraftGone()
    row.awaiting, row.pending = field, []
    _touch(row, now)
    uow.drafts.stop_waiting(staff_id, row.chat_id, row.id)
    return Step(_view(row), ask=field)


def choose_customer(
    uow: UnitOfWork, staff_id: int, draft_id: int, customer_id: int | None, now: datetime, *, other: bool = False
) -> Step:
    """One of the offered customers, or (None) a new customer under the name on the draft, or (`other`) a new
    customer whose name the author will type."""
    row = _open(uow, staff_id, draft_id, now)
    if other:
        row.customer_name = None
    if customer_id is None:
        if not row.customer_name:
            row.awaiting = "customer"
            uow.drafts.stop_waiting(staff_id, row.chat_id, row.id)
            return Step(_view(row), ask="customer")
        row.customer_id, row.new_customer = None, True
    else:
        row.customer_name = customers.customer_name(uow, staff_id, customer_id)
        row.customer_id, row.new_customer = customer_id, False
    row.joint, row.joint_owner = False, None
    _touch(row, now)
    return Step(_view(row))


def choose_register(
    uow: UnitOfWork, author: StaffView, draft_id: int, customer_id: int, now: datetime, *, handover: bool
) -> Step:
    """Another manager's customer: logged as a joint visit on that customer, and (handover) a request to take it
    over filed with that manager's team lead. The author learns only who looks after it."""
    row = _open(uow, author.id, draft_id, now)
    theirs = customers.in_register(uow, author.id, author.unit_id, customer_id)
    if theirs is None:
        raise DraftGone()
    if handover:
        customers.request_handover(uow, author, customer_id, now)
    row.customer_id, row.new_customer, row.joint, row.joint_owner = theirs.id, False, True, theirs.owner
    _touch(row, now)
    return Step(_view(row))


def set_day(uow: UnitOfWork, staff_id: int, draft_id: int, days_ago: int, now: datetime) -> Step:
    """The answer to a date that could not be read (2月30日): today or yesterday (`now` is the author's local time)."""
    row = _open(uow, staff_id, draft_id, now)
    clock = row.occurred_at.astimezone(now.tzinfo).time()
    row.occurred_at = datetime.combine(now.date() - timedelta(days=days_ago), clock, now.tzinfo)
    row.date_problem = row.date_vague = None
    _touch(row, now)
    return Step(_view(row))


def set_follow_up(uow: UnitOfWork, staff_id: int, draft_id: int, day: date | None, now: datetime) -> Step:
    """The answer to 下次跟进?: a day, or (None) 不需要."""
    row = _open(uow, staff_id, draft_id, now)
    row.follow_up_date, row.no_follow_up = day, day is None
    row.follow_up_text = row.follow_up_text if day else None
    _touch(row, now)
    return Step(_view(row))


def current(uow: UnitOfWork, staff_id: int, draft_id: int, now: datetime) -> VisitDraft:
    """The draft behind a card, while it is still open."""
    return _view(_open(uow, staff_id, draft_id, now))


# ---- ending a draft ------------------------------------------------------------------------------------------
def confirm(uow: UnitOfWork, staff_id: int, draft_id: int, now: datetime) -> Saved:
    """✅: a new visit (creating the customer when the card says new), the correction of the reopened one, or (a
    planned visit) a task on its day. `now` is the author's local time."""
    row = _open(uow, staff_id, draft_id, now)
    if not row.customer_name and row.customer_id is None:
        raise CustomerNeeded()
    if row.customer_id is None:
        row.customer_id = customers.create_customer(uow, staff_id, str(row.customer_name), now)
        row.new_customer = False
    draft = _view(row)
    if row.planned:
        return _plan(uow, staff_id, row, draft, now)
    if row.corrects_visit_id is not None:
        visits.correct_visit(uow, staff_id, row.corrects_visit_id, draft, now)
        visit_id = row.corrects_visit_id
    else:
        visit_id = visits.log_visit(uow, staff_id, draft, now)
    row.status, row.saved_visit_id, row.awaiting = SAVED, visit_id, None
    _touch(row, now)
    return Saved(visit_id, str(draft.customer), draft.follow_up, row.corrects_visit_id is not None)


def _plan(uow: UnitOfWork, staff_id: int, row: VisitDraftRow, draft: VisitDraft, now: datetime) -> Saved:
    """A planned visit becomes a task on its day: nothing happened yet, so no visit is recorded."""
    assert row.customer_id is not None
    day = draft.occurred_at.astimezone(now.tzinfo).date()  # `now` is the author's local time
    topic = "、".join(draft.products) or draft.note or ""
    title = f"拜访{draft.customer}" + (f"({draft.contact})" if draft.contact else "") + (f":{topic}" if topic else "")
    tasks.add_plan(uow, staff_id, row.customer_id, title, day, now)
    row.status, row.awaiting = SAVED, None
    _touch(row, now)
    return Saved(None, str(draft.customer), None, False, planned_on=day)


def cancel(uow: UnitOfWork, staff_id: int, draft_id: int, now: datetime) -> None:
    row = _open(uow, staff_id, draft_id, now)
    row.status, row.awaiting = CANCELLED, None
    _touch(row, now)


def cancel_chat(uow: UnitOfWork, staff_id: int, chat_id: str, now: datetime) -> bool:
    """/cancel: every open draft of this chat; True when there was one."""
    rows = uow.drafts.open_in_chat(staff_id, chat_id, now)
    for row in rows:
        row.status, row.awaiting = CANCELLED, None
        _touch(row, now)
    return bool(rows)


# ---- inside ----------------------------------------------------------------------------------------------------
def _new_row(
    staff_id: int,
    chat_id: str,
    local_now: datetime,
    *,
    raw_text: str | None = None,
    awaiting: str | None = None,
    pending: list[str] | None = None,
) -> VisitDraftRow:
    return VisitDraftRow(
        staff_id=staff_id,
        chat_id=chat_id,
        status=OPEN,
        new_customer=False,
        occurred_at=local_now,
        channel=DEFAULT_CHANNEL,
        products=[],
        product_details=[],
        raw_text=raw_text,
        awaiting=awaiting,
        pending=pending or [],
        created_at=local_now,
        updated_at=local_now,
        expires_at=local_now + DRAFT_TTL,
    )


def _fill(row: VisitDraftRow, parsed: ParsedVisit, local_now: datetime, *, shared: bool) -> None:
    """The parse onto a draft; with several customers in one message, the contact and the amount (which belong
    to one of them) are left for the author to add."""
    row.customer_name, row.contact = parsed.customer, None if shared else parsed.contact
    row.occurred_at = parsed.when or local_now
    row.time_known = parsed.when is None or parsed.when_has_time
    row.channel, row.planned, row.date_problem = parsed.channel, parsed.planned, parsed.date_problem
    row.date_vague = parsed.date_vague
    row.products, row.product_details = list(parsed.products), list(parsed.product_details)
    row.outcome, row.purpose, row.note = parsed.outcome, parsed.purpose, parsed.note
    row.follow_up_date, row.follow_up_text = parsed.follow_up, parsed.follow_up_text
    if not shared and parsed.amount_text is not None:
        sure = parsed.amount_note in (None, "approximate")
        row.amount = parsed.amount if sure else None
        row.amount_note, row.amount_text = parsed.amount_note, parsed.amount_text


def _resolve(
    uow: UnitOfWork,
    author: StaffView,
    row: VisitDraftRow,
    known: Sequence[KnownCustomer],
    now: datetime,
    *,
    guess: str | None = None,
) -> Step:
    """Asks for a missing customer (with the author's recent ones as buttons, and the parser's guess first, unless
    the guess is a customer already known), asks which one when several of the author's fit, says who looks after
    it when the name is another manager's customer, else shows the card."""
    if not row.customer_name and row.customer_id is None and guess is not None:
        row.customer_name = guess
        mine = customers.match_in(known, guess)
        theirs = customers.match_in(customers.register(uow, author.id, author.unit_id), guess)
        if mine.kind == "none" and theirs.kind == "none":
            return _ask_for_customer(uow, author, row, guess=guess)
    if not row.customer_name and row.customer_id is None:
        return _ask_for_customer(uow, author, row)
    if row.customer_id is None and not row.new_customer:
        match = customers.match_in(known, str(row.customer_name))
        if match.kind == "one":
            row.customer_id, row.customer_name = match.choices[0].id, match.choices[0].name
        elif match.kind == "several":
            return Step(_view(row), choices=match.choices)
        else:
            theirs = customers.match_in(customers.register(uow, author.id, author.unit_id), str(row.customer_name))
            if theirs.kind != "none":
                return Step(_view(row), register=theirs.choices)
            row.new_customer = True
    return Step(_view(row))


def _ask_for_customer(uow: UnitOfWork, author: StaffView, row: VisitDraftRow, *, guess: str | None = None) -> Step:
    row.awaiting = "customer"
    uow.drafts.stop_waiting(row.staff_id, row.chat_id, row.id)
    recent = customers.recent(uow, author.id)
    return Step(_view(row), ask="customer", missing_customer=True, recent=recent, guess=guess)


def _open(uow: UnitOfWork, staff_id: int, draft_id: int, now: datetime) -> VisitDraftRow:
    row = uow.drafts.get_own(staff_id, draft_id)
    if row is not None and row.status == SAVED:
        raise DraftAlreadySaved()
    if row is None or row.status != OPEN or row.expires_at <= now:
        raise DraftGone()
    return row


def _touch(row: VisitDraftRow, now: datetime) -> None:
    row.updated_at, row.expires_at = now, now + DRAFT_TTL


def _view(row: VisitDraftRow) -> VisitDraft:
    return VisitDraft(
        id=row.id,
        occurred_at=row.occurred_at,
        time_known=row.time_known,
        channel=row.channel,
        customer=row.customer_name,
        customer_id=row.customer_id,
        new_customer=row.new_customer,
        contact=row.contact,
        products=tuple(row.products or ()),
        product_details=tuple(row.product_details or ()),
        amount=row.amount,
        purpose=row.purpose,
        outcome=row.outcome,
        note=row.note,
        follow_up=row.follow_up_date,
        follow_up_text=row.follow_up_text,
        raw_text=row.raw_text,
        corrects_visit_id=row.corrects_visit_id,
        joint=row.joint,
        owner=row.joint_owner or "",
        planned=row.planned,
        amount_note=row.amount_note,
        amount_text=row.amount_text,
        date_problem=row.date_problem,
        date_vague=row.date_vague,
        no_follow_up=row.no_follow_up,
    )


def _answer_customer(
    row: VisitDraftRow, text: str, known: Sequence[KnownCustomer], local_now: datetime, calendar: WorkCalendar
) -> None:
    """The answer to "which customer?": the customer it names (with what else it says filling empty fields), or
    the words as a new name when they are only a name; anything else is asked again."""
    parsed = parse_visit(text, local_now, calendar, known_customers=[k.name for k in known])
    if parsed.customer is None and (parsed.contact or parsed.follow_up or parsed.when_has_time or parsed.amount):
        raise CustomerNeeded()  # 王总说下周给消息: no customer in it, and more than a name
    if parsed.customer is None:
        _read_field(row, "customer", text, local_now, calendar)
        return
    row.customer_name = parsed.customer
    row.contact = row.contact or parsed.contact
    if row.follow_up_date is None and parsed.follow_up is not None:
        row.follow_up_date, row.follow_up_text = parsed.follow_up, parsed.follow_up_text


def _read_field(row: VisitDraftRow, field: str, value: str, local_now: datetime, calendar: WorkCalendar) -> None:
    """Sets one field from the user's words, or raises the domain error whose text says what is expected."""
    skip = value in _SKIP
    if field in ("customer", "contact", "outcome", "note"):
        if field == "customer" and skip:
            raise CustomerNeeded()
        setattr(row, "customer_name" if field == "customer" else field, None if skip else value[:TEXT_LIMIT])
        if field == "note" and not skip and not row.products:
            products, details = products_in(value)
            row.products, row.product_details = list(products), list(details)
    elif field == "channel":
        row.channel = _channel(value, local_now, calendar)
    elif field == "products":
        products, details = products_in(value)
        if not products and not skip:
            raise BadProducts()
        row.products, row.product_details = list(products), list(details)
    elif field == "amount":
        row.amount = None if skip else _amount(value)
        row.amount_note = row.amount_text = None
    elif field == "follow_up":
        row.follow_up_date, row.follow_up_text = (
            (None, None) if skip else (_follow_up(value, local_now, calendar), value)
        )
    elif field == "when":
        row.occurred_at, row.time_known = _when(value, local_now, calendar)
        row.date_problem = row.date_vague = None
        row.planned = row.occurred_at.date() > local_now.date()


def _channel(value: str, local_now: datetime, calendar: WorkCalendar) -> str:
    chosen = next((c for c in CHANNELS if c in value), None) or parse_visit(value, local_now, calendar).channel
    if chosen == "其他" and "其他" not in value:
        raise BadChannel()
    return chosen


def _amount(value: str) -> Decimal:
    amount = read_amount(value)
    if amount is None or not amount.certain:
        raise BadAmount()
    return amount.value


def _follow_up(value: str, local_now: datetime, calendar: WorkCalendar) -> date:
    dates = find_dates(value, local_now.date(), future=True, calendar_=calendar)
    if not dates:
        raise BadDate()
    return dates[-1].day


def _when(value: str, local_now: datetime, calendar: WorkCalendar) -> tuple[datetime, bool]:
    """The edited time of a visit, and whether it names a clock time (a day alone shows as a day)."""
    dates = find_dates(value, local_now.date(), future=False, calendar_=calendar)
    clock = find_time(value)
    if not dates and clock is None:
        raise BadDate()
    day = dates[0].day if dates else local_now.date()
    return datetime.combine(day, clock[0] if clock else time(0), local_now.tzinfo), clock is not None
