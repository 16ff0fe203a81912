"""Customer names made from common first characters and trade words, in the frames managers type: the parser names
the whole organisation or asks, and never proposes a fragment of it (同康家具 read as 康家具)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from knowledge.visit_parser import parse_visit
from knowledge.workcal import WorkCalendar

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FIRSTS = "天万千百金银鑫源宏恒华中东西南北新大小老上下一和同利来好美佳安康福顺盛达兴泰永长明光星月日年时正平高开会多先"
SECONDS = "源达康林"
TRADES = ("科技", "五金", "物流", "建材", "食品", "酒店", "超市", "贸易", "电子", "纺织", "药房", "家具")
FRAMES = (
    "拜访了{o}",
    "去了趟{o} 谈代发",
    "今天去{o} 王总 贷款",
    "{o} 李经理 电话 存款",
    "跟{o}的周总吃饭",
    "{o}来行开户",
    "下午 {o} 上门 收款码",
)


def _names() -> list[str]:
    return [f + s + TRADES[(i + j) % len(TRADES)] for i, f in enumerate(FIRSTS) for j, s in enumerate(SECONDS)]


def test_generated_names_are_named_whole_or_asked_about_never_cut() -> None:
    calendar = WorkCalendar()
    named = asked = 0
    cut: list[tuple[str, str]] = []
    for name in _names():
        for frame in FRAMES:
            got = parse_visit(frame.format(o=name), NOW, calendar).customers
            if got == (name,):
                named += 1
            elif not got:
                asked += 1
            else:
                cut.append((frame.format(o=name), "+".join(got)))
    total = len(_names()) * len(FRAMES)
    assert not cut, cut[:5]
    assert named / total >= 0.95, (named, asked, total)


HEADS = (
    "宏达",
    "鑫源",
    "恒通",
    "金桥",
    "瑞丰",
    "东方",
    "天源",
    "华美",
    "永安",
    "新兴",
    "兴隆",
    "德润",
    "顺发",
    "佳美",
    "利民",
)
LIST_FRAMES = (
    "今天跑了{a}、{b}、{c}",
    "拜访了{a}和{b}",
    "{a}、{b}两家都谈了代发",
    "上午去了{a} 下午去了{b}",
    "电话联系了{a},{b},{c} 都问了存款",
    "今天走访三家:{a} {b} {c}",
)


def test_several_customers_in_one_message_are_each_named_whole() -> None:
    """A list of customers, each with a trade word, is read item by item (天源家具和兴隆酒店 is two)."""
    calendar = WorkCalendar()
    heads, trades = HEADS, TRADES
    misread = []
    for i in range(len(heads)):
        names = [heads[(i + k) % len(heads)] + trades[(i + 3 * k) % len(trades)] for k in range(3)]
        for frame in LIST_FRAMES:
            wanted = [n for n, key in zip(names, "abc", strict=True) if "{" + key + "}" in frame]
            got = parse_visit(frame.format(a=names[0], b=names[1], c=names[2]), NOW, calendar).customers
            if sorted(got) != sorted(wanted):
                misread.append((frame.format(a=names[0], b=names[1], c=names[2]), got))
    assert not misread, misread[:5]
