"""When to push: the morning brief, evening nudge, weekly recap and supervisors' 18:00 team digest, exactly once
per user and local day; and the hourly purge of expired buttons, drafts and conversation state.

`PushDispatcher.tick()` is the whole algorithm and takes its time from a clock, so tests run a simulated week;
APScheduler only calls it every minute. Each push is claimed in the delivery ledger (unique per user, kind and
local day) and committed *before* it is sent, so a restart, a second process or a retried job cannot send it
twice; a claim whose process died before sending is taken over after a lease. Missed pushes are caught up on the
next tick (at start-up too) while still meaningful: a brief after 12:00 or a nudge after 21:00 is skipped and
logged instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.exc import OperationalError

from bot.outcome import Delivered, Outcome
from handlers import telemetry
from handlers.pushes import compose_brief, compose_nudge, compose_recap
from handlers.team import compose_digest
from handlers.types import Reply
from knowledge.holder import KnowledgeHolder
from knowledge.workcal import WorkCalendar
from storage.clock import Clock
from storage.enums import Role
from storage.errors import StorageUnavailable
from storage.services import coordination, deliveries, housekeeping, leave, push_settings, staff, visits
from storage.services.staff import StaffView
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


def _failed(what: str) -> None:
    """Logs a failed background job: a database that does not answer is one warning line (it is expected during a
    failover, and the job retries), anything else the whole traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, StorageUnavailable | OperationalError):
        log.warning("%s: the database does not answer (%s)", what, type(error).__name__)
    else:
        log.exception(what)


Sender = Callable[[str, list[Reply]], Awaitable[Delivered]]
FAN_OUT = 8  # chats sent to at once; the channel's rate limiter keeps the platform's pace
Composer = Callable[[UnitOfWork, StaffView, datetime, WorkCalendar], list[Reply]]
BRIEF_DEADLINE = time(12, 0)
NUDGE_DEADLINE = time(21, 0)
DIGEST_AT = "18:00"
DIGEST_DEADLINE = time(22, 0)
COMPOSERS: dict[str, Composer] = {
    "brief": compose_brief,
    "recap": compose_recap,
    "nudge": compose_nudge,
    "digest": compose_digest,
}


@dataclass
class TickReport:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)


class PushDispatcher:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        calendar: WorkCalendar,
        senders: dict[str, Sender] | None = None,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.calendar = calendar
        self.senders: dict[str, Sender] = dict(senders or {})

    def register(self, platform: str, send: Sender) -> None:
        """A channel that can deliver pushes to its platform's private chats."""
        self.senders[platform] = send

    async def tick(self) -> TickReport:
        """One pass over every reachable user of every registered platform: claim, compose and send what is due."""
        report = TickReport()
        for platform, send in self.senders.items():
            await self._tick_platform(platform, send, report)
        return report

    async def _tick_platform(self, platform: str, send: Sender, report: TickReport) -> None:
        """The database is read and written in worker threads, so a slow or locked table never stalls the event
        loop (and the updates it serves); one chat's failure is recorded and never stops the others."""
        now = self.clock.now()
        people, ledger, book = await asyncio.to_thread(self._load, platform, now)
        gate = asyncio.Semaphore(FAN_OUT)
        jobs = []
        for person in people:
            user = person.user
            local = now.astimezone(ZoneInfo(user.timezone))
            for kind in self._candidates(user, local, book.effective(user.id, user.unit_id)):
                key = (user.id, kind, local.date())
                if key in ledger.claimed and key not in ledger.abandoned:
                    continue
                jobs.append(self._guarded(gate, user, person.chat_id, send, kind, local, report, key in ledger.claimed))
        await asyncio.gather(*jobs)

    def _load(self, platform: str, now: datetime) -> tuple[list[staff.Reachable], deliveries.Ledger, Any]:
        with self.uow_factory() as uow:
            deliveries.close_interrupted(uow, now)
            people = staff.reachable(uow, platform)
            days = sorted({now.astimezone(ZoneInfo(p.user.timezone)).date() for p in people})
            ledger = deliveries.ledger(uow, days, now)
            book = push_settings.SettingsBook(uow)
            uow.commit()
        return people, ledger, book

    async def _guarded(
        self,
        gate: asyncio.Semaphore,
        person: StaffView,
        chat_id: str,
        send: Sender,
        kind: str,
        local: datetime,
        report: TickReport,
        abandoned: bool,
    ) -> None:
        async with gate:
            try:
                await self._deliver(person, chat_id, send, kind, local, report, abandoned=abandoned)
            except Exception:
                _failed(f"{kind} for staff {person.id} failed; the fan-out goes on")
                report.failed += 1

    def _candidates(self, person: StaffView, local: datetime, settings: push_settings.Settings) -> list[str]:
        """Kinds whose time has come today, for a working day; the rest is decided after claiming."""
        day = local.date()
        if person.role is Role.CURATOR or not self.calendar.is_workday(day):
            return []  # a curator has no tasks, targets or team; the desk shows them what waits
        clock = local.strftime("%H:%M")
        if settings.quiet_at(clock):
            return []
        kinds = []
        if settings.brief_on and clock >= settings.brief_at:
            kinds.append("brief")
        if settings.recap_on and clock >= settings.brief_at and self._first_workday_of_week(day):
            kinds.append("recap")
        if settings.nudge_on and clock >= settings.nudge_at:
            kinds.append("nudge")
        if person.role in (Role.SUPERVISOR, Role.ADMIN) and clock >= DIGEST_AT:
            kinds.append("digest")
        return kinds

    def _first_workday_of_week(self, day: date) -> bool:
        monday = day - timedelta(days=day.weekday())
        return not any(self.calendar.is_workday(monday + timedelta(days=i)) for i in range(day.weekday()))

    async def _deliver(
        self,
        person: StaffView,
        chat_id: str,
        send: Sender,
        kind: str,
        local: datetime,
        report: TickReport,
        *,
        abandoned: bool,
    ) -> None:
        """Claim (or take over), compose and mark *sending* in one commit, then send, then record the outcome. A
        process killed after sending leaves the row *sending*, which is closed as interrupted and never resent."""
        replies = await asyncio.to_thread(self._prepare, person, kind, local, report, abandoned)
        if replies is None:
            return
        result = await send(chat_id, replies)
        await asyncio.to_thread(self._finish, person.id, kind, local.date(), result)
        telemetry.PUSHES.labels(kind=kind, outcome=result.outcome.value).inc()
        if result.ok:
            report.sent += 1
        elif result.outcome is not Outcome.RETRY:
            report.failed += 1

    def _prepare(
        self, person: StaffView, kind: str, local: datetime, report: TickReport, abandoned: bool
    ) -> list[Reply] | None:
        now, day = self.clock.now(), local.date()
        with self.uow_factory() as uow:
            if abandoned:
                if not deliveries.take_over(uow, person.id, kind, day, now):
                    return None
                log.warning("taking over an abandoned %s push for staff %s on %s", kind, person.id, day)
            elif not deliveries.claim(uow, person.id, kind, day, now):
                return None  # another process or an earlier tick has it
            reason = self._skip_reason(uow, person, kind, local)
            if reason is not None:
                deliveries.finish(uow, person.id, kind, day, "skipped", now, reason)
                uow.commit()
                report.skipped += 1
                report.skipped_reasons[reason] = report.skipped_reasons.get(reason, 0) + 1
                if reason == "too_late":
                    log.info("%s for staff %s on %s skipped: past its deadline", kind, person.id, day)
                return None
            replies = COMPOSERS[kind](uow, person, now, self.calendar)
            deliveries.mark_sending(uow, person.id, kind, day)
            uow.commit()
        return replies

    def _finish(self, staff_id: int, kind: str, day: date, result: Delivered) -> None:
        with self.uow_factory() as uow:
            if result.outcome is Outcome.RETRY:
                deliveries.release(uow, staff_id, kind, day, result.reason)
            else:
                deliveries.finish(uow, staff_id, kind, day, result.outcome.value, self.clock.now(), result.reason)
            uow.commit()
        if not result.ok:
            log.info("%s for staff %s: %s (%s)", kind, staff_id, result.outcome.value, result.reason)

    def _skip_reason(self, uow: UnitOfWork, person: StaffView, kind: str, local: datetime) -> str | None:
        if leave.on_leave(uow, person.id, local.date()):
            return "leave"
        if kind in ("brief", "recap") and local.time() >= BRIEF_DEADLINE:
            return "too_late"
        if kind == "digest" and local.time() >= DIGEST_DEADLINE:
            return "too_late"
        if kind == "nudge":
            if local.time() >= NUDGE_DEADLINE:
                return "too_late"
            start = datetime.combine(local.date(), time(0), local.tzinfo)
            if visits.logged_between(uow, person.id, start, start + timedelta(days=1)):
                return "visited"
        return None


class Jobs:
    """The process's background jobs on APScheduler: pushes every minute (and once at start, to catch up on what
    was missed while down), the purge of expired rows every hour, and every half minute a look at what other
    instances changed (a KB reload). Of several instances on one database only the holder of the scheduler lease
    pushes and purges; the others serve updates, look at the lease every 15 s and take over within 45 s when the
    leader dies."""

    def __init__(
        self,
        dispatcher: PushDispatcher,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        refresh: Callable[[], None] | None = None,
        knowledge: KnowledgeHolder | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.uow_factory = uow_factory
        self.clock = clock
        self.refresh = refresh
        self.knowledge = knowledge
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.leading = False
        self.beating = False
        self.instances = 1  # live instances on this database, from their heartbeats: the share of shared limits
        self._scheduler: AsyncIOScheduler | None = None

    def start(self) -> None:
        """Starts the jobs on the running event loop; a second call does nothing."""
        if self._scheduler is not None:
            return
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        now = datetime.now(UTC)
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60, "next_run_time": now}
        self._scheduler.add_job(self.push_tick, CronTrigger(second=0, timezone=UTC), id="pushes", **common)
        self._scheduler.add_job(self.purge, CronTrigger(minute=7, timezone=UTC), id="purge", **common)
        if self.refresh is not None:
            every = CronTrigger(minute="*/10", timezone=UTC)
            self._scheduler.add_job(self.refresh_calendar, every, id="calendar", max_instances=1, coalesce=True)
        every_15 = CronTrigger(second="*/15", timezone=UTC)
        self._scheduler.add_job(self.keep_lease, every_15, id="lease", max_instances=1, coalesce=True)
        if self.knowledge is not None:
            self._scheduler.add_job(self.follow_kb, CronTrigger(second="*/30", timezone=UTC), id="kb", **common)
        self._scheduler.start()

    def shutdown(self) -> None:
        """Stops the jobs; the scheduler lease (if held) and this instance's heartbeat end at once, so another
        instance leads from its next look and the outgoing share grows back."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if not self.beating:
            return
        try:
            with self.uow_factory() as uow:
                now = self.clock.now()
                if self.leading:
                    coordination.step_down(uow, coordination.SCHEDULER, self.holder, now)
                coordination.step_down(uow, coordination.INSTANCE + self.holder, self.holder, now)
                uow.commit()
            self.leading = self.beating = False
        except Exception:
            log.warning("could not release the scheduler lease; it lapses by itself within 30 s")

    def lead(self) -> bool:
        """Takes or renews the scheduler lease; False (and no pushes from here) while another instance holds it."""
        try:
            with self.uow_factory() as uow:
                leading = coordination.lead(uow, coordination.SCHEDULER, self.holder, self.clock.now())
                self.instances = max(1, coordination.heartbeat(uow, self.holder, self.clock.now()))
                uow.commit()
            self.beating = True
        except Exception:
            _failed("the scheduler lease could not be read; not pushing from this instance this minute")
            leading = False
        if leading != self.leading:
            log.info("scheduler: %s", "this instance leads" if leading else "another instance leads")
        self.leading = leading
        return leading

    async def keep_lease(self) -> None:
        """Every 15 s: the leader renews its lease; a follower that finds it lapsed (the leader died) takes it and
        pushes at once rather than at the next minute."""
        was_leading = self.leading
        if await asyncio.to_thread(self.lead) and not was_leading:
            await self.push_tick()

    async def push_tick(self) -> None:
        """One tick, on the leader only; a stop of the process in the middle of it is not an error: the ledger's
        claims and leases let the next start (or the next leader) finish what this one began, and nothing is sent
        twice."""
        try:
            if not await asyncio.to_thread(self.lead):
                return
            report = await self.dispatcher.tick()
        except asyncio.CancelledError:
            log.info("push tick interrupted by the stop; the next start catches up")
            return
        except Exception:
            _failed("push tick failed; the next tick retries what is still due")
            return
        if report.sent or report.failed:
            log.info("pushes: %s sent, %s skipped, %s failed", report.sent, report.skipped, report.failed)

    async def follow_kb(self) -> None:
        """A /kb_reload on another instance (the shared version went up) reloads the knowledge base here too."""
        assert self.knowledge is not None
        try:
            await asyncio.to_thread(self._follow_kb)
        except Exception:
            _failed("following the shared knowledge-base version failed; the next run retries")

    def _follow_kb(self) -> None:
        assert self.knowledge is not None
        with self.uow_factory() as uow:
            current = coordination.version(uow, coordination.KB)
        if self.knowledge.version is None:
            self.knowledge.version = current  # at start: the files were just read
        elif current > self.knowledge.version:
            count = self.knowledge.reload()
            self.knowledge.version = current
            log.info("knowledge base reloaded after a reload on another instance: %s entries", count)

    async def refresh_calendar(self) -> None:
        """Holiday arrangements imported elsewhere reach this process within ten minutes."""
        assert self.refresh is not None
        try:
            await asyncio.to_thread(self.refresh)
        except Exception:
            _failed("reading the imported holiday arrangements failed; the next run retries")

    def purge(self) -> housekeeping.Purged | None:
        """Deletes expired button rows, conversation state and drafts (the leader only); a failure waits for the
        next hour."""
        if not self.lead():
            return None
        try:
            with self.uow_factory() as uow:
                purged = housekeeping.purge_expired(uow, self.clock.now())
                uow.commit()
        except Exception:
            _failed("purging expired rows failed; the next run retries")
            return None
        log.info("purged %s buttons, %s states, %s drafts", purged.buttons, purged.states, purged.drafts)
        return purged
