"""Turning one chat message about a client visit into a draft record. Pure: text and reference time in.

`今天下午拜访华星科技王总,谈流贷续贷500万,他们下周三给答复,下周三再跟进` becomes customer 华星科技, contact 王总,
today 15:00, 上门拜访, products {贷款} (流贷, 续贷), 5,000,000 yuan, outcome 他们下周三给答复, follow-up next Wednesday.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.cn_dates import at, find_dates, find_time
from knowledge.cn_numbers import parse_amounts
from knowledge.names import normalise_name
from knowledge.simplify import to_simplified
from knowledge.workcal import WorkCalendar

PRODUCTS_FILE = Path(__file__).with_name("data") / "products.yaml"
CHANNELS = ("上门拜访", "电话", "微信", "客户来行", "其他")

_CHANNEL_CUES = (
    ("电话", re.compile(r"电话|致电|打给|通话|电联|来电|call|phone", re.I)),
    ("微信", re.compile(r"微信|视频会|视频沟通|wechat|企业微信|企微", re.I)),
    ("客户来行", re.compile(r"来行|到行|来我行|来网点|到网点|来支行|到支行|来营业部|来我们行|来办|上门来|来访")),
    (
        "上门拜访",
        re.compile(
            r"拜访|上门|去了|见了|走访|登门|实地|见面|面谈|陪同|吃饭|喝茶|拜方|visit"
            r"|(?:^|[,,\s]|今天|昨天|前天|上午|下午|中午|早上|晚上|今早|[一二三四五六日天])(?:去|到|在)(?=[\u4e00-\u9fa5]{2})",
            re.I,
        ),
    ),
)
_FOLLOW_UP = re.compile(
    r"跟进|回访|再联系|再约|再去|再拜访|复访|再沟通|再谈|再聊|再跟|再电话|再打|再过去|再见面|再对账|(?<!电话)联系(?!了)|提醒|去签|签约"
    r"|上门签|follow.?up|call back",
    re.I,
)
_NEXT_STEP = re.compile(  # a next step only with a date from today on: 明天来行, 下周三给答复
    r"过去|去取|去一趟|去她|去他|上门|来行|来办|来网点|到行|见面|答复|回复|给方案|出方案|给报价|报价|给材料清单|送表"
)
FOLLOW_UP_HORIZON_DAYS = 183
_OUTCOME = re.compile(
    r"同意|答应|签约|签了|已签|意向|考虑|答复|回复|谈妥|拒绝|没兴趣|不感兴趣|暂无|暂时不|不需要|已办|办好|开好|成功|落地|搞定"
    r"|审批|上会|批了|有需求|没需求|需求|满意|认可|比较|倾向|犹豫|等.*?消息|反馈"
)
_PURPOSE = re.compile(r"谈|聊|沟通|洽谈|商量|推荐|介绍|营销|推介|讨论|了解|咨询|对接|办理|协商|汇报|调研|送|续作")
_TITLES = (
    "财务总监|财务经理|总经理|董事长|副总|经理|会计|出纳|财务|总监|主任|处长|科长|局长|部长|行长|校长|院长|厂长|书记|老板娘|老板"
    "|老师|助理|主管|总|董|姐|哥|工|秘书"
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
    "付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_NOT_A_TITLE_AFTER = r"(?![行部额共计结体量裁监局程作厂业资商])"
_CONTACT = re.compile(rf"(?P<name>(?:欧阳|司马|诸葛|上官)|[{_SURNAMES}])(?P<title>{_TITLES}){_NOT_A_TITLE_AFTER}")
_FULL_NAME_CONTACT = re.compile(
    rf"(?P<name>[{_SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)(?P<title>{_TITLES}){_NOT_A_TITLE_AFTER}"
)
_VERBS = (
    r"拜访了?|走访了?|去了|到了|见了|约了|约见了?|陪同|上门|登门|去|到|见|和|跟|与|给|联系了?|打给|致电|电话|微信|回访了?|"
    r"拜会了?|面谈|接待了?|找了|看望了?"
)
_COMPANY_SUFFIX = (
    r"有限责任公司|股份有限公司|有限公司|集团|公司|科技|实业|贸易|商贸|商务|物流|冷链|建材|建设|制造|电子|医药|药业|医疗|器械|"
    r"食品|餐饮|酒店|超市|置业|房地产|地产|工程|园林|机械|精密|化工|纺织|服饰|服装|农业|发展|能源|新能源|光伏|环保|传媒|文化|教育|"
    r"咨询|软件|信息|投资|控股|工厂|厂|店|医院|学校|诊所|合作社|门诊|中心|研究院|工作室|商行|批发部|连锁|水产|五金|包装|材料|"
    r"汽车|零部件|汽配|装饰|装修|印刷|家具|电器|光电|智能|网络|保安|服务|大药房|药房"
)
_ORG = re.compile(rf"[\u4e00-\u9fa5A-Za-z0-9()()]{{2,14}}?(?:{_COMPANY_SUFFIX})+")
_VISIT_VERB = re.compile(
    r"拜访了?|走访了?|去了|见了|到了|拜会了?|看望了?|约见了?|回访了?|visit|上门拜访|联系了?|去|到|见"
)
_BOUNDARY = re.compile(
    r"[,,。.;;!!??、:::\s]+|拜访了?|走访了?|去了|见了|到了|拜会了?|看望了?|约见了?|回访了?|visit|上门拜访|上门|联系了?"
    r"|打了?(?:个|一个)?电话|打来电话|来电|电话|致电|微信|视频会?议?|来行|到行|来我行|来网点|到网点|来支行|来访"
    r"|陪同|在|和|跟|与|给|说|问|约了?|找|的(?!士)|那边|这边|今天|昨天|前天|明天|后天|上午|下午|中午|晚上|早上|刚才|刚刚"
    r"|(?:上上|上|这|本|下下|下)?(?:周|星期|礼拜)[一二三四五六日天]|\d+月\d+[日号]?|\d+点半?|去|到|见|谈|聊|沟通|推荐|介绍"
    r"|咨询(?=贷款|理财|信用|房贷|大额|业务)|办理|办了|存了|买了|开了|签了|送了|发了|要|想|准备|对了|吃饭|喝茶|装了"
)
_TRAILING = r"(?:打来|打了|打|发来|发了|发|来|去|说|约|的|阿姨|大姐|先生|女士|老师|大爷|叔叔|财务部|财务|办公室|那边|这边|那里|这里|家)+$"
_TIME_WORDS = re.compile(
    r"^(今天|昨天|前天|今早|今晚|昨晚|上午|下午|早上|中午|晚上|刚才|刚刚|上周.|这周.|本周.|下周.|周.|星期.)+"
)


@dataclass(frozen=True)
class ParsedVisit:
    customer: str | None = None
    contact: str | None = None
    when: datetime | None = None
    when_has_time: bool = False
    channel: str = "其他"
    products: tuple[str, ...] = ()
    product_details: tuple[str, ...] = ()
    amount: Decimal | None = None
    outcome: str | None = None
    follow_up: date | None = None
    follow_up_text: str | None = None
    purpose: str | None = None
    note: str | None = None
    text: str = ""

    def as_json(self) -> dict[str, Any]:
        when: str | None = None
        if self.when is not None:
            when = self.when.isoformat(timespec="minutes") if self.when_has_time else self.when.date().isoformat()
        return {
            "customer": self.customer,
            "contact": self.contact,
            "when": when,
            "channel": self.channel,
            "products": list(self.products),
            "amount": int(self.amount)
            if self.amount is not None and self.amount == int(self.amount)
            else (float(self.amount) if self.amount is not None else None),
            "follow_up": self.follow_up.isoformat() if self.follow_up else None,
            "note": self.note,
        }


@cache
def product_vocabulary(path: Path = PRODUCTS_FILE) -> tuple[tuple[str, str], ...]:
    """(word, canonical product), longest words first."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs = [(str(word).lower(), str(canonical)) for canonical, words in data.items() for word in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def looks_like_visit(text: str) -> bool:
    """A cheap test that a message reports a client contact rather than asks a question."""
    clean = _prepare(text)
    if re.search(r"[??]$|吗$|怎么|如何|什么|哪些|多少钱|是否|能不能|可以吗", clean):
        return False
    return _channel([clean]) != "其他" or bool(_CONTACT.search(clean) and _PURPOSE.search(clean))


def parse_visit(
    text: str, now: datetime, calendar: WorkCalendar, *, known_customers: Iterable[str] = ()
) -> ParsedVisit:
    """The draft a message describes; fields it does not mention stay empty (`when` defaults to now)."""
    clean = _prepare(text)
    clauses = [c for c in re.split(r"[,,。;;!!\n]+|(?<=[\u4e00-\u9fa5\d])\s+(?=[\u4e00-\u9fa5\d])", clean) if c.strip()]
    follow_clauses = [c for c in clauses if _is_follow_up(c, now, calendar)]
    follow_up, follow_text = _follow_up(follow_clauses, now, calendar)
    visit_clauses = [c for c in clauses if c not in follow_clauses]
    when, has_time = _when(visit_clauses, follow_clauses, now, calendar)
    contact = _contact(clean)
    customer = _customer(clean, contact, known_customers)
    products, details = _products(clean, customer)
    amounts = parse_amounts(clean)
    outcome = next((c for c in clauses if _OUTCOME.search(c) and c not in follow_clauses), None)
    purpose = next((c for c in clauses if _PURPOSE.search(c) and c != outcome), None)
    note_parts = [c for c in clauses if c not in (outcome, follow_text)]
    return ParsedVisit(
        customer=customer,
        contact=contact,
        when=when,
        when_has_time=has_time,
        channel=_channel(visit_clauses) if _channel(visit_clauses) != "其他" else _channel(clauses),
        products=products,
        product_details=details,
        amount=max((a for a, _, _ in amounts), default=None) if amounts else None,
        outcome=outcome,
        follow_up=follow_up,
        follow_up_text=follow_text,
        purpose=purpose,
        note=",".join(note_parts) or None,
        text=text,
    )


def _prepare(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).strip()


def _channel(clauses: Sequence[str]) -> str:
    """The first channel cue in priority order (电话 over 拜访 in 电话拜访), across the given clauses."""
    for channel, cue in _CHANNEL_CUES:
        if any(cue.search(clause) for clause in clauses):
            return channel
    return "其他"


def _is_follow_up(clause: str, now: datetime, calendar: WorkCalendar) -> bool:
    if _FOLLOW_UP.search(clause):
        return True
    return bool(_NEXT_STEP.search(clause)) and any(
        d.day > now.date() for d in find_dates(clause, now.date(), future=True, calendar_=calendar)
    )


def _when(
    clauses: Sequence[str], follow_clauses: Sequence[str], now: datetime, calendar: WorkCalendar
) -> tuple[datetime, bool]:
    """The first date that is not in the future (a logged contact has happened), with its clock time; a
    follow-up clause only lends a date that is past however it is read (昨天电话回访, not 12月10号再去)."""
    today = now.date()
    for clause in [*clauses, *follow_clauses]:
        dates = [d for d in find_dates(clause, today, future=False, calendar_=calendar) if d.day <= today]
        if clause in follow_clauses:
            ahead = {(d.start, d.day) for d in find_dates(clause, today, future=True, calendar_=calendar)}
            dates = [d for d in dates if (d.start, d.day) in ahead]
        clock = find_time(clause)
        if dates:
            if dates[0].is_now:
                return now, True
            return at(dates[0].day, clock[0] if clock else None, now), clock is not None
        if clock is not None and not find_dates(clause, today, future=True, calendar_=calendar):
            return at(today, clock[0], now), True
    return now, False


def _follow_up(clauses: Sequence[str], now: datetime, calendar: WorkCalendar) -> tuple[date | None, str | None]:
    """The date of the next step: the latest-mentioned date from today on (within six months) in a clause that
    names one (跟进, 回访, 再去, 明天来行 …); a later day wins over today."""
    today = now.date()
    found: list[tuple[date, str]] = []
    for clause in clauses:
        for mention in find_dates(clause, today, future=True, calendar_=calendar):
            ahead = (mention.day - today).days
            if 0 <= ahead <= FOLLOW_UP_HORIZON_DAYS and not (
                ahead == 0 and mention.kind in ("relative_day", "just_now")
            ):
                found.append((mention.day, clause))
    later = [f for f in found if f[0] > today]
    pick = (later or found)[-1] if found else None
    if pick is None:
        return None, (clauses[0] if clauses else None)
    return pick


def _contact(text: str) -> str | None:
    """王总, 李经理, 张会计: a surname and a title, where the surname starts a word (after a verb, a company
    name, punctuation or the start), else a full name with a title (王建国总经理 → 王总经理)."""
    for pattern in (_CONTACT, _FULL_NAME_CONTACT):
        for match in pattern.finditer(text):
            head = text[: match.start()]
            if _inside_org(text, match.start()):
                continue
            starts_word = pattern is _CONTACT or (
                not head
                or not re.match(r"[\u4e00-\u9fa5]", head[-1])
                or re.search(rf"(?:{_VERBS}|{_COMPANY_SUFFIX}|的|和|跟|与|见|约|找)$", head)
            )
            if starts_word:
                return f"{match.group('name')[0] if pattern is _FULL_NAME_CONTACT else match.group('name')}{match.group('title')}"
    return None


def _customer(text: str, contact: str | None, known: Iterable[str]) -> str | None:
    """A known customer named in the text; else the segment after a visit verb or the organisation- or
    person-looking segment, where segments are the text between times, contacts, channel words and links."""
    folded = normalise_name(text)
    best = max((k for k in known if normalise_name(k) and normalise_name(k) in folded), key=len, default=None)
    if best:
        return best
    segments = _segments(text)
    named = [(after, _name_part(seg)) for after, seg in segments]
    named = [(after, n) for after, n in named if n and not _only_products(n)]
    for rule in (
        lambda after, n: after and (_is_org(n) or _is_person(n)),
        lambda after, n: _is_org(n) or _is_person(n),
        lambda after, n: after and 2 <= len(n) <= 14,
        lambda after, n: 2 <= len(n) <= 14,
    ):
        for after, name in named:
            if rule(after, name):
                return name
    return None


def _segments(text: str) -> list[tuple[bool, str]]:
    """(follows a visit verb, segment) pairs, in order."""
    cut = text
    for match in _CONTACT.finditer(text):
        if not _inside_org(text, match.start()):
            cut = cut[: match.start()] + "|" * (match.end() - match.start()) + cut[match.end() :]
    marked = _BOUNDARY.sub(lambda m: "|" if not _VISIT_VERB.fullmatch(m.group(0)) else "^", cut)
    pieces = re.split(r"(\^|\|+)", marked)
    out: list[tuple[bool, str]] = []
    after_verb = False
    for piece in pieces:
        if piece == "^":
            after_verb = True
        elif piece.startswith("|"):
            after_verb = False
        elif piece:
            out.append((after_verb, piece))
            after_verb = False
    return out


def _name_part(segment: str) -> str | None:
    segment = _TIME_WORDS.sub("", segment.strip())
    segment = re.sub(r"^(?:了|一下|一趟|趟|客户|老客户|新客户)", "", segment)
    org = _ORG.match(segment)
    if org:
        return org.group(0)
    segment = re.sub(_TRAILING, "", segment)
    return segment or None


def _only_products(name: str) -> bool:
    """推荐大额存单 has no customer in it: a segment made only of product words is not a name."""
    rest = name.lower()
    for word, _ in product_vocabulary():
        rest = rest.replace(word, "")
    return not re.sub(r"[和与及、]", "", rest)


def _inside_org(text: str, start: int) -> bool:
    """A surname character that ends an organisation word (鑫达五金|老板) does not start a contact."""
    return bool(re.search(rf"[\u4e00-\u9fa5]{{2}}(?:{_COMPANY_SUFFIX})$", text[: start + 1]))


def _is_org(name: str) -> bool:
    return bool(_ORG.fullmatch(name))


def _is_person(name: str) -> bool:
    return 2 <= len(name) <= 3 and name[0] in _SURNAMES and not re.search(_TITLES, name)


def products_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Canonical products and the finer words they were named by, longest words first."""
    return _products(text, None)


def _products(text: str, customer: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    scan = text.lower().replace(customer.lower(), " ") if customer else text.lower()
    canonical: list[str] = []
    details: list[str] = []
    for word, product in product_vocabulary():
        if word in scan:
            scan = scan.replace(word, " ")
            if product not in canonical:
                canonical.append(product)
            if word not in details:
                details.append(word)
    return tuple(canonical), tuple(details)
