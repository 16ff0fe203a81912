"""When to push: the morning brief, evening nudge, weekly recap and supervisors' 18:00 team digest, exactly once
per user and local day.

`PushDispatcher.tick()` is the whole algorithm and takes its time from a clock, so tests run a simulated week;
APScheduler only calls it every minute. Each push is claimed in the delivery ledger (unique per user, kind and
local day) and committed *before* it is sent, so a restart, a second process or a retried job cannot send it
twice; a claim whose process died before sending is taken over after a lease. Missed pushes are caught up on the
next tick (at start-up too) while still meaningful: a brief after 12:00 or a nudge after 21:00 is skipped and
logged instead.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.pushes import compose_brief, compose_nudge, compose_recap
from handlers.team import compose_digest
from handlers.types import Reply
from knowledge.workcal import WorkCalendar
from storage.clock import Clock
from storage.models import Role
from storage.services import pushes, staff
from storage.services.staff import StaffView
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

Sender = Callable[[str, list[Reply]], Awaitable[bool]]
BRIEF_DEADLINE = time(12, 0)
NUDGE_DEADLINE = time(21, 0)
DIGEST_AT = "18:00"
DIGEST_DEADLINE = time(22, 0)
LEASE = timedelta(minutes=10)


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
        send: Sender,
        *,
        platform: str,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.send = send
        self.platform = platform
        self.calendar = calendar or WorkCalendar()

    async def tick(self) -> TickReport:
        """One pass over every reachable user: claim, compose and send what is due now."""
        now = self.clock.now()
        report = TickReport()
        with self.uow_factory() as uow:
            people = staff.reachable_people(uow, self.platform)
            days = sorted({now.astimezone(ZoneInfo(p.timezone)).date() for p, _ in people})
            done = uow.pushes.delivered_on(days)
            stale = uow.pushes.abandoned(now - LEASE)
            book = pushes.SettingsBook(uow)
        for person, chat_id in people:
            local = now.astimezone(ZoneInfo(person.timezone))
            settings = book.effective(person.id, person.unit_id)
            for kind in self._candidates(person, local, settings):
                key = (person.id, kind, local.date())
                reclaimed = False
                if key in done:
                    reclaimed = key in stale and self._abandoned(*key, now)
                    if not reclaimed:
                        continue
                await self._deliver(person, chat_id, kind, local, report, reclaimed=reclaimed)
        return report

    def _candidates(self, person: StaffView, local: datetime, settings: pushes.Settings) -> list[str]:
        """Kinds whose time has come today, for a working day; the rest is decided after claiming."""
        day = local.date()
        if not self.calendar.is_workday(day):
            return []
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

    def _abandoned(self, staff_id: int, kind: str, day: date, now: datetime) -> bool:
        with self.uow_factory() as uow:
            taken = uow.pushes.reclaim_abandoned(staff_id, kind, day, now - LEASE, now)
            uow.commit()
        if taken:
            log.warning("taking over an abandoned %s push for staff %s on %s", kind, staff_id, day)
        return taken

    async def _deliver(
        self, person: StaffView, chat_id: str, kind: str, local: datetime, report: TickReport, *, reclaimed: bool
    ) -> None:
        now, day = self.clock.now(), local.date()
        with self.uow_factory() as uow:
            if not reclaimed and not pushes.claim(uow, person.id, kind, day, now):
                return  # another process or an earlier tick has it
            reason = self._skip_reason(uow, person, kind, local)
            if reason is not None:
                pushes.finish(uow, person.id, kind, day, "skipped", now, reason)
                uow.commit()
                report.skipped += 1
                report.skipped_reasons[reason] = report.skipped_reasons.get(reason, 0) + 1
                if reason == "too_late":
                    log.info("%s for staff %s on %s skipped: past its deadline", kind, person.id, day)
                return
            replies = self._compose(uow, person, kind, now)
            uow.commit()
        delivered = await self.send(chat_id, replies)
        with self.uow_factory() as uow:
            pushes.finish(
                uow,
                person.id,
                kind,
                day,
                "sent" if delivered else "failed",
                self.clock.now(),
                None if delivered else "blocked",
            )
            uow.commit()
        if delivered:
            report.sent += 1
        else:
            report.failed += 1

    def _skip_reason(self, uow: UnitOfWork, person: StaffView, kind: str, local: datetime) -> str | None:
        if pushes.on_leave(uow, person.id, local.date()):
            return "leave"
        if kind in ("brief", "recap") and local.time() >= BRIEF_DEADLINE:
            return "too_late"
        if kind == "digest" and local.time() >= DIGEST_DEADLINE:
            return "too_late"
        if kind == "nudge":
            if local.time() >= NUDGE_DEADLINE:
                return "too_late"
            start = datetime.combine(local.date(), time(0), local.tzinfo)
            if pushes.visited_today(uow, person.id, start):
                return "visited"
        return None

    def _compose(self, uow: UnitOfWork, person: StaffView, kind: str, now: datetime) -> list[Reply]:
        if kind == "brief":
            return compose_brief(uow, person, now, self.calendar)
        if kind == "recap":
            return compose_recap(uow, person, now)
        if kind == "digest":
            return compose_digest(uow, person, now, self.calendar.is_workday)
        return compose_nudge(uow, person, now)
