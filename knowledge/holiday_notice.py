"""The State Council's yearly notice of holidays (国务院办公厅关于YYYY年部分节假日安排的通知), read into days off and
make-up workdays, so that an admin can paste the published text instead of typing dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

_YEAR = re.compile(r"(20\d\d)\s*年(?:度)?部分节假日")
_BRACKETS = re.compile(r"[(\uff08][^)\uff09]*[)\uff09]")
_DAY = r"(?:(?P<{p}y>20\d\d)年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日"
_RANGE = re.compile(_DAY.format(p="a") + r"\s*(?:至|到|—|-|~)\s*" + _DAY.format(p="b"))
_ONE = re.compile(_DAY.format(p="a"))


class NoticeError(ValueError):
    """A text that is not a holiday notice, or one whose dates do not add up; the message says where."""


def notice_year(text: str) -> int | None:
    """The year in the notice's title, when it is there."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def parse_notice(text: str, year: int | None = None) -> dict[date, bool]:
    """Each 放假 sentence's days off (a range or one day) and each 上班 sentence's make-up days, by date; a count
    the sentence states (共8天) must match the range."""
    year = year or notice_year(text)
    if year is None:
        raise NoticeError("找不到年份:请在标题中保留「YYYY年部分节假日安排」或用 --year 指明 (no year found)")
    days: dict[date, bool] = {}
    for sentence in re.split(r"[。;;\n]", _BRACKETS.sub("", text)):
        if "放假" in sentence:
            days.update(dict.fromkeys(_days_off(sentence, year), False))
        if "上班" in sentence:
            clause = sentence[sentence.rfind("放假") + 2 :] if "放假" in sentence else sentence
            for match in _ONE.finditer(clause):
                days[_date(match, "a", year, None)] = True
    if not any(not off for off in days.values()):
        raise NoticeError("没有读到放假日期 (no days off found): 请粘贴通知正文")
    return days


def _days_off(sentence: str, year: int) -> list[date]:
    head = sentence[: sentence.find("放假")]
    ranged = _RANGE.search(head)
    if ranged:
        first = _date(ranged, "a", year, None)
        last = _date(ranged, "b", year, first)
        if last < first:
            last = last.replace(year=last.year + 1) if ranged.group("by") is None else last
        if not 0 <= (last - first).days < 15:
            raise NoticeError(f"日期范围不合理 (range does not add up): {sentence.strip()}")
        span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    else:
        single = list(_ONE.finditer(head))
        if not single:
            return []
        span = [_date(single[-1], "a", year, None)]
    stated = re.search(r"共\s*(\d+)\s*天", sentence)
    if stated and int(stated.group(1)) != len(span):
        raise NoticeError(f"天数不符 (days do not match the stated count): {sentence.strip()}")
    return span


def _date(match: re.Match[str], prefix: str, year: int, after: date | None) -> date:
    """A matched date; a missing month is the month of the date it follows (4月4日至6日)."""
    y, m, d = (match.group(f"{prefix}{k}") for k in "ymd")
    month = int(m) if m else (after.month if after else None)
    if month is None:
        raise NoticeError(f"缺少月份 (a date without a month): {match.group(0)}")
    try:
        return date(int(y) if y else year, month, int(d))
    except ValueError:
        raise NoticeError(f"日期不存在 (no such date): {match.group(0)}") from None
