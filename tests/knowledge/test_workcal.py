"""The working calendar for years published and not yet published, and the State Council's notice read into days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import cn_dates
from knowledge.holiday_notice import NoticeError, parse_notice
from knowledge.workcal import WorkCalendar

NOTICES = Path(__file__).parents[1] / "data" / "notices"


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_published_notice_reads_into_the_same_calendar_as_the_released_data(year: int) -> None:
    days = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    imported = WorkCalendar(arranged=days)
    day, differ = date(year, 1, 1), []
    while day.year == year:
        if imported.is_workday(day) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += timedelta(days=1)
    assert differ == []
    assert days[date(year, 10, 1)] is False


def test_a_year_without_a_published_arrangement_keeps_its_statutory_holidays() -> None:
    cal = WorkCalendar()
    assert not cal.published(2027) and cal.published(2026)
    assert not cal.is_workday(date(2027, 1, 1))  # 元旦
    assert not cal.is_workday(date(2027, 2, 8)) and not cal.is_workday(date(2027, 2, 9))  # 春节 on the lunar calendar
    assert not cal.is_workday(date(2027, 4, 5))  # 清明 by the solar term
    assert not cal.is_workday(date(2027, 6, 9)) and not cal.is_workday(date(2027, 9, 15))  # 端午, 中秋
    assert not cal.is_workday(date(2027, 10, 4)) and not cal.is_workday(date(2027, 10, 5))  # 国庆, observed
    assert cal.is_workday(date(2027, 1, 4)) and not cal.is_workday(date(2027, 1, 9))  # make-up days unknown
    assert cal.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)
    found = cn_dates.find_dates("3个工作日后", date(2026, 12, 30), future=True, calendar_=cal)
    assert found[0].day == date(2027, 1, 5)


def test_an_imported_arrangement_settles_the_year() -> None:
    notice = (NOTICES / "2026.txt").read_text(encoding="utf-8").replace("2026", "2027")
    cal = WorkCalendar()
    cal.arrange(parse_notice(notice))
    assert cal.published(2027)
    assert cal.is_workday(date(2027, 2, 14))  # a make-up Sunday of the (shifted) notice
    assert not cal.is_workday(date(2027, 2, 15)) and cal.is_workday(date(2027, 2, 24))


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 6, 30)), st.integers(min_value=1, max_value=500))
def test_adding_workdays_a_week_at_a_time_agrees_with_counting_days(start: date, count: int) -> None:
    cal = WorkCalendar()
    day, left = start, count
    while left:
        day += timedelta(days=1)
        left -= cal.is_workday(day)
    assert cal.add_workdays(start, count) == day


def test_a_notice_whose_dates_do_not_add_up_is_refused() -> None:
    with pytest.raises(NoticeError, match="天数不符"):
        parse_notice("2027年部分节假日安排\n春节:2月5日至11日放假调休,共8天。")
    with pytest.raises(NoticeError, match="年份"):
        parse_notice("春节:2月5日至11日放假调休,共7天。")
    with pytest.raises(NoticeError, match="放假"):
        parse_notice("国务院办公厅关于2027年部分节假日安排的通知")
