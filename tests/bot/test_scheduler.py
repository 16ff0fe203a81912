"""A simulated week of pushes on a fake clock: holidays, a 调休 Saturday, leave, quiet hours, a crash in the
middle of the morning fan-out, and two dispatchers at once. Every expected push arrives exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import App
from bot.outcome import Delivered, Outcome
from bot.scheduler import PushDispatcher
from handlers.formatting import Formatter
from handlers.types import Reply, TextReply
from storage.clock import FrozenClock
from storage.enums import PeriodKind
from storage.services import housekeeping, leave, push_settings, staff, targets, visits

SH = ZoneInfo("Asia/Shanghai")
PEOPLE = {"张伟": "501", "李娜": "502", "王磊": "503", "周建国": "601"}
KIND_MARK = {"☀️": "brief", "🌆": "nudge", "📊": "recap", "🌙": "digest"}


class Phone:
    """Collects what each chat receives, with the local time it arrived."""

    def __init__(self, clock: FrozenClock) -> None:
        self.clock = clock
        self.received: list[tuple[str, str, date, datetime]] = []
        self.texts: dict[tuple[str, str], str] = {}
        self.crash_after: int | None = None

    async def send(self, chat_id: str, replies: list[Reply]) -> Delivered:
        await asyncio.sleep(0)
        local = self.clock.now().astimezone(SH)
        for reply in replies:
            assert isinstance(reply, TextReply)
            kind = next(k for mark, k in KIND_MARK.items() if reply.text.startswith(mark))
            self.received.append((chat_id, kind, local.date(), local))
            self.texts[(chat_id, kind)] = reply.text
        if self.crash_after is not None:
            if self.crash_after == 0:
                raise ProcessKilled("killed after the platform took the push, before it was recorded")
            self.crash_after -= 1
        return Delivered(Outcome.SENT)


class ProcessKilled(BaseException):
    """kill -9: nothing after it runs, no handler catches it."""


def _dispatcher(app: App, clock: FrozenClock, phone: Phone) -> PushDispatcher:
    return PushDispatcher(app.uow_factory, clock, app.calendar, {"telegram": phone.send})


def _set_up(app: App) -> None:
    now = app.clock.now()
    with app.uow_factory() as uow:
        ids = {}
        for name, chat in PEOPLE.items():
            person = staff.pick(uow, name)
            ids[name] = person
            staff.bind_identity(uow, person.id, "telegram", chat, now)
        push_settings.change_settings(uow, ids["李娜"], {"nudge_on": False})
        push_settings.change_settings(uow, ids["张伟"], {"quiet_from": "08:00", "quiet_until": "09:00"})
        leave.add_leave(uow, ids["王磊"].id, date(2026, 10, 9), date(2026, 10, 9), now)
        uow.targets.upsert(
            ids["张伟"].id, "deposits", PeriodKind.MONTH, date(2026, 10, 1), 20_000_000, ids["周建国"].id, now
        )  # type: ignore[arg-type]
        uow.commit()


def _visited(app: App, name: str, day: date) -> bool:
    """Whether the demo (its visits span the last quarter) has a visit of this person on that day: no nudge then."""
    start = datetime.combine(day, datetime.min.time(), SH)
    with app.uow_factory() as uow:
        return visits.logged_between(uow, staff.pick(uow, name).id, start, start + timedelta(days=1))


def _expected(app: App) -> Counter[tuple[str, str, date]]:
    workdays = [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]
    expected: Counter[tuple[str, str, date]] = Counter()
    for name, chat in PEOPLE.items():
        for day in workdays:
            if name == "王磊" and day == date(2026, 10, 9):
                continue
            expected[(chat, "brief", day)] += 1
            if name != "李娜" and not _visited(app, name, day):
                expected[(chat, "nudge", day)] += 1
        expected[(chat, "recap", date(2026, 10, 8))] += 1
    for day in workdays:
        expected[(PEOPLE["周建国"], "digest", day)] += 1
    return expected


@pytest.mark.both_databases
async def test_a_simulated_week_delivers_every_push_exactly_once(demo_app: App, clock: FrozenClock) -> None:
    clock.set(datetime(2026, 10, 5, 0, 0, tzinfo=SH))
    _set_up(demo_app)
    phone = Phone(clock)
    first = _dispatcher(demo_app, clock, phone)
    second = _dispatcher(demo_app, clock, phone)
    current = first
    end = datetime(2026, 10, 12, 0, 0, tzinfo=SH)
    crash_at = datetime(2026, 10, 8, 9, 0, tzinfo=SH)
    while clock.now() < end:
        local = clock.now().astimezone(SH)
        if clock.now() == crash_at:
            phone.crash_after = 1  # one brief goes out, then the process dies right after sending the next
            try:
                await current.tick()
            except ProcessKilled:
                current = _dispatcher(demo_app, clock, phone)  # restart
            phone.crash_after = None
        elif local.date() == date(2026, 10, 9):
            await asyncio.gather(first.tick(), second.tick())  # two scheduler instances at once
        else:
            await current.tick()
        clock.advance(timedelta(minutes=10))

    got = Counter((chat, kind, day) for chat, kind, day, _ in phone.received)
    assert got == _expected(demo_app)
    holidays = {date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7), date(2026, 10, 11)}
    assert not [r for r in phone.received if r[2] in holidays]
    zhang_briefs = [at for chat, kind, _, at in phone.received if chat == "501" and kind == "brief"]
    assert all(at.strftime("%H:%M") >= "09:00" for at in zhang_briefs)  # quiet hours respected
    assert all(at.hour < 12 for chat, kind, _, at in phone.received if kind == "brief")


async def test_a_brief_missed_while_down_is_skipped_after_noon_and_logged(demo_app: App, clock: FrozenClock) -> None:
    clock.set(datetime(2026, 10, 8, 13, 0, tzinfo=SH))
    _set_up(demo_app)
    phone = Phone(clock)
    dispatcher = _dispatcher(demo_app, clock, phone)
    report = await dispatcher.tick()
    assert phone.received == [] and report.skipped_reasons.get("too_late", 0) >= 4
    clock.set(datetime(2026, 10, 8, 17, 40, tzinfo=SH))
    await dispatcher.tick()
    nudged = {PEOPLE[name] for name in ("张伟", "王磊", "周建国") if not _visited(demo_app, name, date(2026, 10, 8))}
    assert nudged and {(chat, kind) for chat, kind, _, _ in phone.received} == {(chat, "nudge") for chat in nudged}
    await dispatcher.tick()
    assert len(phone.received) == len(nudged)


async def test_no_nudge_after_a_visit_and_the_brief_shows_pace(demo_app: App, clock: FrozenClock) -> None:
    from tests.chat import Chat

    clock.set(datetime(2026, 10, 8, 8, 0, tzinfo=SH))
    _set_up(demo_app)
    wang = Chat(demo_app, "王磊")
    wang.send("今天上午拜访锦程建材张会计,谈代发工资")
    wang.press("✅保存")
    phone = Phone(clock)
    dispatcher = _dispatcher(demo_app, clock, phone)
    clock.set(datetime(2026, 10, 8, 9, 5, tzinfo=SH))
    await dispatcher.tick()
    brief = phone.texts[("501", "brief")]
    with demo_app.uow_factory() as uow:  # the demo's October results count against the target set above
        zhang = staff.pick(uow, "张伟")
        deposits = next(
            p
            for p in targets.progress(uow, zhang.id, date(2026, 10, 8), SH, demo_app.calendar.is_workday)
            if p.metric == "deposits"
        )
    fmt = Formatter("zh-CN")
    shown = f"存款 {fmt.money(deposits.actual)}/2000万({fmt.percent(deposits.share)})"
    assert shown in brief and "剩 18 个工作日" in brief
    assert f"日均需 {fmt.money((Decimal(20_000_000) - deposits.actual) / 18)}" in brief
    clock.set(datetime(2026, 10, 8, 17, 35, tzinfo=SH))
    report = await dispatcher.tick()
    assert ("503", "nudge") not in {(c, k) for c, k, _, _ in phone.received}
    visited_before = sum(_visited(demo_app, n, date(2026, 10, 8)) for n in ("张伟", "周建国"))  # the demo's own
    assert report.skipped_reasons.get("visited") == 1 + visited_before


def test_the_hourly_purge_removes_expired_buttons(demo_app: App, clock: FrozenClock) -> None:
    from storage.errors import ButtonExpired
    from storage.services import buttons

    with demo_app.uow_factory() as uow:
        key = buttons.issue(uow, staff.pick(uow, "张伟").id, "c", "run_command", {"command": "help"}, clock.now())
        uow.commit()
    assert demo_app.jobs.purge() == housekeeping.Purged(buttons=0, states=0, drafts=0)
    clock.advance(buttons.DEFAULT_TTL + timedelta(minutes=1))
    purged = demo_app.jobs.purge()
    assert purged is not None and purged.buttons >= 1
    with demo_app.uow_factory() as uow, pytest.raises(ButtonExpired):
        buttons.redeem(uow, key, staff.pick(uow, "张伟").id, clock.now() - timedelta(days=3))


async def test_admins_are_warned_in_december_of_a_next_year_without_an_arrangement(
    demo_app: App, clock: FrozenClock
) -> None:
    from handlers.pushes import compose_brief

    clock.set(datetime(2026, 12, 2, 8, 30, tzinfo=SH))
    with demo_app.uow_factory() as uow:
        admin = staff.pick(uow, "陈静")
        text = compose_brief(uow, admin, clock.now(), demo_app.calendar)[0]
        manager = compose_brief(uow, staff.pick(uow, "张伟"), clock.now(), demo_app.calendar)[0]
    assert isinstance(text, TextReply) and "2027 年节假日安排尚未导入" in text.text
    assert isinstance(manager, TextReply) and "节假日安排" not in manager.text
    demo_app.calendar.arrange({date(2027, 1, 1): False}, [2027])
    with demo_app.uow_factory() as uow:
        again = compose_brief(uow, admin, clock.now(), demo_app.calendar)[0]
    assert isinstance(again, TextReply) and "节假日安排" not in again.text


async def test_new_year_2027_gets_no_brief_without_a_published_arrangement(demo_app: App, clock: FrozenClock) -> None:
    clock.set(datetime(2027, 1, 1, 9, 0, tzinfo=SH))
    _set_up(demo_app)
    phone = Phone(clock)
    dispatcher = _dispatcher(demo_app, clock, phone)
    await dispatcher.tick()
    assert phone.received == []  # 元旦, though no 2027 arrangement is published
    clock.set(datetime(2027, 1, 4, 9, 30, tzinfo=SH))
    await dispatcher.tick()
    assert {kind for _, kind, _, _ in phone.received} == {"brief", "recap"}


@pytest.mark.both_databases
async def test_the_leader_killed_mid_fan_out_hands_the_pushes_to_another_instance_within_a_minute(
    demo_app: App, clock: FrozenClock
) -> None:
    """Two instances' jobs on one database: only the lease holder pushes; killed in the middle of the morning
    fan-out (its lease still held), the other one takes over when the lease lapses, within 45 seconds, and
    every brief still arrives exactly once."""
    from bot.scheduler import Jobs

    clock.set(datetime(2026, 10, 8, 9, 5, tzinfo=SH))
    _set_up(demo_app)
    phone = Phone(clock)
    leader, follower = (Jobs(_dispatcher(demo_app, clock, phone), demo_app.uow_factory, clock) for _ in range(2))
    assert leader.lead() and not follower.lead()
    phone.crash_after = 1  # one brief goes out, the process dies right after sending the next
    with pytest.raises(ProcessKilled):
        await leader.push_tick()
    phone.crash_after = None
    await asyncio.sleep(0.5)  # sends already in flight when it died land (in a real kill they were on the wire)
    delivered = len(phone.received)
    clock.advance(timedelta(seconds=15))
    await follower.keep_lease()
    assert len(phone.received) == delivered  # the dead leader's lease still holds: nobody pushes twice
    clock.advance(timedelta(seconds=15))  # the next look at the lease: 30 s have passed, it has lapsed
    await follower.keep_lease()  # takes it over and pushes at once
    assert follower.leading
    briefs = Counter(chat for chat, kind, _, _ in phone.received if kind == "brief")
    assert briefs == Counter({chat: 1 for chat in PEOPLE.values()}), briefs


async def test_a_push_that_meets_a_database_down_is_one_warning_line_not_a_traceback(
    demo_app: App, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A failover mid fan-out is expected: it is logged as a line (the next tick retries), never as a traceback."""
    from storage.errors import StorageUnavailable

    async def unavailable(chat_id: str, replies: list[Reply]) -> Delivered:
        raise StorageUnavailable()

    clock.set(datetime(2026, 11, 24, 9, 30, tzinfo=SH))
    _set_up(demo_app)
    dispatcher = PushDispatcher(demo_app.uow_factory, clock, demo_app.calendar, {"telegram": unavailable})
    with caplog.at_level("WARNING", logger="bot.scheduler"):
        await dispatcher.tick()
    failed = [r for r in caplog.records if "the fan-out goes on" in r.getMessage()]
    assert failed and all(r.exc_info is None and "does not answer" in r.getMessage() for r in failed)
