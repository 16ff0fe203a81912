"""Turning one chat message about a client contact into a draft record. Pure: text and reference time in.

`今天下午拜访华星科技王总,谈流贷续贷500万,他们下周三给答复,下周三再跟进` becomes customer 华星科技, contact 王总,
today 15:00, 上门拜访, products {贷款} (流贷, 续贷), 5,000,000 yuan, outcome 他们下周三给答复, follow-up next Wednesday.

The message is read clause by clause. The visit's date is the latest past date of a clause that reports a contact
(拜访, 去了, 来电, 微信 …); a contact whose only date is ahead is a planned visit; the first other clause with a date
ahead is the follow-up. A customer is proposed only when it is one of the manager's known customers, looks like an
organisation (a company suffix or an industry word) or is a person addressed as customers are (李阿姨, 王大爷,
郭先生, 陈哥, or a full name next to a contact verb); a fragment of the sentence never becomes a customer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from pypinyin import lazy_pinyin

from knowledge.amounts import Amount, find_amounts
from knowledge.amounts import prepare as prepare_numbers
from knowledge.lexicon import common_word
from knowledge.simplify import to_simplified
from knowledge.textnorm import unspaced
from knowledge.visit_contacts import CONTACT, contact_in
from knowledge.visit_customers import customers_in, guessed_name, known_aliases, known_mentions, names_someone
from knowledge.visit_dates import Clause, clause_text, mask_amounts, split_clauses, unmasked, visit_dates
from knowledge.visit_forms import form_contact, form_customer, form_fields, form_note
from knowledge.visit_spacing import joined_units
from knowledge.visit_words import (
    CHANNEL_CUES,
    COME,
    COMPOUND,
    DATE_WORDS,
    DONE,
    EVENT,
    INTENT,
    PAST_MARK,
    PURPOSE,
    REPORTED,
    RETAIL,
    SURNAMES,
    TITLES,
    product_vocabulary,
    without_products,
)
from knowledge.workcal import WorkCalendar

CHANNELS = ("上门拜访", "电话", "微信", "客户来行", "其他")
MAX_CHARS = 600  # a visit report is a few sentences; longer text is cut before parsing, so none costs much
_OUTCOME = re.compile(
    r"同意|答应|签约|签了|已签|意向|考虑|答复|回复|谈妥|拒绝|没兴趣|不感兴趣|暂无|暂时不|不需要|已办|办好|开好|成功|落地|搞定"
    r"|审批|上会|批了|批下来|有需求|没需求|需求|满意|认可|比较|倾向|犹豫|等.*?消息|反馈"
)
_QUESTION_END = re.compile(r"(?:[??]|吗|呢|么|吧[??]?)\s*$")
_INTERROGATIVE = re.compile(
    r"(?<![没不])(?:怎么|如何|为什么|为啥|什么|能不能|可不可以|可以吗|是否|有没有|哪些|哪里|哪个|多少(?![人个家天])|咋|请问)"
)


@dataclass(frozen=True)
class ParsedVisit:
    """What one message says about a contact. `customers` holds every customer it names (one card each), and
    `customer_guess` a name that may be the customer when it names none for sure (the card asks);
    `amount_note` says why the amount needs confirming (approximate, range, negative, currency, unclear);
    `date_problem` holds the words of a date that cannot be (2月30日), `date_vague` those of a day only roughly
    given (上周), for which `when` is a guess to confirm."""

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
    customers: tuple[str, ...] = ()
    customer_guess: str | None = None
    planned: bool = False
    amount_upper: Decimal | None = None
    amount_note: str | None = None
    amount_text: str | None = None
    date_problem: str | None = None
    date_vague: str | None = None
    follow_up_wanted: bool = False

    def as_json(self) -> dict[str, Any]:
        """The stable shape of `kehu visit parse --json`."""
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


def prepare(text: str) -> str:
    """Width, script, spaces between single characters or inside a name (宏大 集团), numbers and channel and
    product words typed by sound folded the way every rule here expects (and the spans refer to)."""
    folded = joined_units(unspaced(to_simplified(unicodedata.normalize("NFKC", text[:MAX_CHARS]))))
    folded = prepare_numbers(folded).strip()
    folded = _EMOJI.sub(" ", folded)  # 🏦海鸥旅行社: a picture separates words like a space (📞 and ☎ still say 电话)
    return _SOUNDALIKE.sub(_sound_fixed, folded) if _SOUNDALIKE.search(folded) else folded


_EMOJI = re.compile("[\U0001f000-\U0001f4dd\U0001f4df-\U0001faff\u2600-\u260d\u260f-\u27bf\ufe0f\u200d]")
_SOUND_WORDS = (
    "拜访",
    "电话",
    "微信",
    "代发",
    "流贷",
    "续贷",
    "承兑",
    "贴现",
    "授信",
    "理财",
)  # 拜仿, 电化, 微心: a pinyin keyboard's slips, corrected by sound
_SOUNDALIKE = re.compile("|".join(f"[{w[0]}][\u4e00-\u9fa5]|[\u4e00-\u9fa5][{w[1]}]" for w in _SOUND_WORDS))


def _sound_fixed(match: re.Match[str]) -> str:
    pair, text = match.group(0), match.string
    fixed = next((w for w in _SOUND_WORDS if w != pair and _sound(w) == _sound(pair)), pair)
    if fixed == pair or common_word(pair):
        return pair  # (most pairs sound like no cue word); 摆放 sounds like 拜访 and is a word of its own
    before = text[match.start() - 1 : match.start() + 1] if match.start() else ""
    after = text[match.end() - 1 : match.end() + 1] if match.end() < len(text) else ""
    if common_word(before) or common_word(after):
        return pair  # 单位信息: 位 belongs to 单位, 信 to 信息
    return fixed


@cache
def _sound(pair: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(pair))


def warm_up() -> None:
    """Loads what the first message would otherwise wait for (the word frequencies, the numeral reader)."""
    common_word("拜访")
    find_amounts("三百万")


def looks_like_visit(text: str, known_customers: Iterable[str] = ()) -> bool:
    """Whether a message reports a contact with a client rather than asks a question. A report names someone (a
    known customer, an organisation, a person addressed as customers are, a contact, a form's labels) or tells a
    contact (拜访, 来电, 微信 …) with a date, a past action, a product or the manager's own narration (我说, 让他);
    whatever particles it contains, a named client's question relayed (王总问…, 微信问…, …我说…) is a report. A
    question in the customer's own voice (我的卡, 我爸) or one that names no one and tells no contact is not."""
    clean = prepare(text)
    aliases = known_aliases(tuple(known_customers))
    masked = mask_amounts(clean, [(a.start, a.end) for a in find_amounts(clean)])
    if form_fields(clean):
        return True  # 客户:美佳乐超市;联系人:店长彭姐: the labels say it is a report
    named = bool(CONTACT.search(clean) or contact_in(clean)) or names_someone(clean, masked, aliases)
    event = bool(EVENT.search(clean))
    narrated = bool(_NARRATED.search(clean))
    own_voice = bool(_OWN_VOICE.search(clean)) and not named
    asks = bool(_QUESTION_END.search(clean)) or bool(_INTERROGATIVE.search(clean))
    if not asks:
        if named:
            return event or narrated or _says_anything(clean, masked)
        told = DATE_WORDS.search(clean) or PAST_MARK.search(clean) or masked != clean or guessed_name(masked)
        going = INTENT.search(clean) and PURPOSE.search(clean)  # 明天一早去…谈员工代发
        return bool((event or narrated or going) and (told or (event and narrated))) and not own_voice
    if _ASKED_BY.search(clean) or _RELAYED.search(clean) or _SAID_BY.search(clean):
        return not _QUESTION_END.search(clean) or narrated  # 华星王总问能不能降点利率, 微信问…我说…
    if ((named and (event or narrated)) or (narrated and event)) and not own_voice:
        return True  # 东湖渔业黎总来电,问三百万能不能续,我说月底前给他答复 (not 我妈…能视频给她办吗: their own)
    past = bool(re.search(r"(?:了|过)(?![解])", clean)) and not _QUESTION_END.search(clean)
    return event and past and not own_voice and bool(_CONTACT_EVENT.search(clean))


def _says_anything(clean: str, masked: str) -> bool:
    """Whether a message naming someone says anything of them: a step, a purpose, what they said, an amount, a
    product or a day (明辉照明 流贷 8千万 批下来了); a name alone is not a report."""
    said = INTENT.search(clean) or PURPOSE.search(clean) or REPORTED.search(clean) or _ACTED.search(masked)
    return bool(said or _products(clean, None)[0] or DATE_WORDS.search(clean))


_NARRATED = re.compile(
    r"我说|我让|我帮|我跟|我给|我把|我约|我答应|给他|给她|帮他|帮她|让他|让她|问我|跟我说|告诉我|约我"
)  # the manager telling what was said and done
_OWN_VOICE = re.compile(
    r"我的|我[爸妈家]|我儿子|我女儿|我老婆|我老公|我父|我母|给我买|你们行|你们银行|在你们|我能|我可以|[让叫]我"
)  # a customer asking about their own affairs
_RELAYED = re.compile(r"(?:微信|电话|来电|打电话|视频|语音|来行|来网点|邮件|短信)(?:里|上|中)?\s*(?:问|咨询|打听)")
_CONTACT_EVENT = re.compile(r"拜访|走访|见了|见到|来电|电话|微信|视频|来行|来网点|上门|面谈|聊了|谈了|沟通了")
_ACTED = re.compile(r"[#\d]|批|放|签|开|办|装|存|取|交|转|贷|到账|上线|起息|出票|已|了")


_CLIENT = rf"(?:(?:{COMPOUND}|[{SURNAMES}])(?:{TITLES}|{RETAIL})|老[{SURNAMES}])"  # 王总, 李阿姨, 老周
_ASKED_BY = re.compile(rf"{_CLIENT}[^\s,.;!?,。;!?]{{0,4}}?(?:问|咨询|打听|想了解|想知道)")


_SAID_BY = re.compile(rf"{_CLIENT}(?:说|表示|反馈|提到|讲)")  # 孙总说 … 问能不能做信用贷: their words, relayed


def mentions_known(text: str, known_customers: Iterable[str]) -> list[str]:
    """The known customers a text names (whole or by a short form)."""
    return [name for _, name in known_mentions(prepare(text), known_aliases(tuple(known_customers)))]


def parse_visit(
    text: str, now: datetime, calendar: WorkCalendar, *, known_customers: Iterable[str] = ()
) -> ParsedVisit:
    """The draft a message describes; fields it does not mention stay empty (`when` defaults to now)."""
    clean = prepare(text)
    amounts = find_amounts(clean)
    masked = mask_amounts(clean, [(a.start, a.end) for a in amounts])
    clauses = split_clauses(masked, now.date(), calendar)
    dates = visit_dates(clauses, masked, now)
    aliases = known_aliases(tuple(known_customers))
    form = form_fields(clean)
    contact = form_contact(form["contact"]) if "contact" in form else contact_in(clean)
    customers, kind = form_customer(form.get("customer"), aliases) or customers_in(clean, masked, aliases)
    if kind in ("person", "guess") and contact is not None and any(c[0] == contact[0] for c in customers):
        contact = None  # 赵大姐 is the customer herself, not a contact 赵姐
    guess = customers[0] if kind == "guess" else None
    customers = () if guess else customers
    customer = customers[0] if customers else None
    products, details = _products(clean, customer or guess)
    amount = _visit_amount(clean, amounts, clauses, dates.follow_clauses)
    texts = [c.text.strip("# ") or c.text for c in clauses]
    follow_texts = {texts[i] for i in dates.follow_clauses}
    outcome = next((t for t in texts if _OUTCOME.search(t) and t not in follow_texts), None)
    purpose = next((t for t in texts if PURPOSE.search(t) and t != outcome), None)
    note_parts = [
        clause_text(clean, c) for c in clauses if clause_text(clean, c) not in (outcome, dates.follow_up_text)
    ]
    return ParsedVisit(
        customer=customer,
        customers=customers,
        customer_guess=guess,
        contact=contact,
        when=dates.when,
        when_has_time=dates.has_time,
        planned=dates.planned,
        date_problem=dates.problem,
        date_vague=dates.vague,
        channel=_channel_of(clean, clauses, dates.visit_clause, () if dates.planned else dates.follow_clauses),
        products=products,
        product_details=details,
        amount=amount.value if amount and amount.complete and amount.currency is None else None,
        amount_upper=amount.upper if amount else None,
        amount_note=_amount_note(amount),
        amount_text=amount.text if amount else None,
        outcome=unmasked(clean, masked, outcome),
        follow_up=dates.follow_up,
        follow_up_text=unmasked(clean, masked, dates.follow_up_text),
        follow_up_wanted=dates.wanted,
        purpose=unmasked(clean, masked, purpose),
        note=form_note(clean) if form else ",".join(p for p in note_parts if p) or None,
        text=text,
    )


def _channel_of(text: str, clauses: Sequence[Clause], index: int | None, follow: Sequence[int] = ()) -> str:
    """The channel of the visit's own clause, else the first channel word outside the follow-up clauses (电话 over
    拜访 in 电话拜访): 约了周五下午来行 says how the next contact will be, not this one."""
    form = _FORM_CHANNEL.search(text)
    if _FAILED_CALL.search(text) and (other := _first_channel([_FAILED_CALL.sub(" ", text)])):
        return other  # 电话没打通 给刘总发了条微信: the chat is the contact, the call failed
    if _OUR_PLACE.search(text):
        return "客户来行"  # met Mr Ye … in our branch: where they met decides, wherever the clause ends
    others = [c.text for i, c in enumerate(clauses) if i not in follow]
    if index is not None and index in follow and not _reports_contact(clauses[index].text):
        index = None  # 约了周五下午来行 is the next step: the message does not say how this contact went
    own: list[str] = []
    if index is not None:
        clause = clauses[index]
        ahead = min((d.start for d in clause.ahead), default=len(clause.text))
        own = [clause.text[:ahead], clause.text]  # 碰到冯叔了…我说明天给他回个电话: met, and will call
    for scope in ([form.group(1)] if form else []), own, others:
        if channel := _first_channel(scope):
            return channel
    if index is not None and INTENT.search(clauses[index].text) and not COME.search(clauses[index].text):
        return "上门拜访"  # 下月中旬去银河小学: going there is a visit
    return "其他"


def _first_channel(texts: Sequence[str]) -> str | None:
    """The channel of the first text that names one (电话 before 微信 within a text: 电话拜访 is a call)."""
    for text in texts:
        for channel, cue in CHANNEL_CUES:
            if cue.search(text):
                return channel
    return None


_FAILED_CALL = re.compile(r"(?:打了?|打过)?电话(?:没打通|打不通|没人接|没接|没通|未接通)|没接电话|不接电话")
_OUR_PLACE = re.compile(r"\b(?:in|at|to) our (?:branch|bank|office)\b", re.I)
_FORM_CHANNEL = re.compile(r"(?:方式|形式|渠道|途径)\s*[::]\s*([^\s;;,,/|]+)")  # 拜访方式:电话 in a form-like report


def _reports_contact(text: str) -> bool:
    plain = without_products(text)
    return bool(DONE.search(plain) or PAST_MARK.search(plain))


def _visit_amount(
    text: str, amounts: Sequence[Amount], clauses: Sequence[Clause], follow: Sequence[int]
) -> Amount | None:
    """The first amount outside the follow-up clauses (what this contact was about), else the first one; an amount
    that only describes the customer or an earlier deal (年营收两个亿, 上次贷了五百万) gives way to another."""
    if not amounts:
        return None
    spans = [(c.start, c.start + len(c.text)) for i, c in enumerate(clauses) if i in follow]
    own = [a for a in amounts if not any(s <= a.start < e for s, e in spans)] or list(amounts)
    current = [a for a in own if not _BACKGROUND.search(text[max(0, a.start - 6) : a.start])]
    return (current or own)[0]


_BACKGROUND = re.compile(
    r"(?:营收|收入|销售额|营业额|产值|注册资本|总资产|净资产|资产|利润|纳税|上次|之前|去年|以前|原来|以往|已有|现有)\S{0,4}$"
)


def _amount_note(amount: Amount | None) -> str | None:
    if amount is None or (amount.certain and not amount.approximate):
        return None
    if not amount.complete:
        return "unclear"
    if amount.currency is not None:
        return "currency"
    if amount.negative:
        return "negative"
    if amount.upper is not None:
        return "range"
    return "approximate"


def products_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Canonical products and the finer words they were named by, longest words first."""
    return _products(prepare(text), None)


def _products(text: str, customer: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    scan = text.lower().replace(customer.lower(), " ") if customer else text.lower()
    amount_next = r"(?=\s*(?:个|一笔)?\s*[\d一二三四五六七八九十两几]+\s*[万亿元块千百wk])"
    scan = re.sub(rf"存{amount_next}", "存款 ", scan)  # 存100万
    scan = re.sub(rf"(?<![出转外])借{amount_next}", "借款 ", scan)  # 想临时借五十万
    canonical: list[str] = []
    details: list[str] = []
    for word, product in product_vocabulary():
        ascii_word = rf"(?<![a-z]){re.escape(word)}(?![a-z])"  # pos, not the pos in proposal
        found = re.search(ascii_word, scan) if word.isascii() else word in scan
        if found:
            scan = re.sub(ascii_word, " ", scan) if word.isascii() else scan.replace(word, " ")
            if product not in canonical:
                canonical.append(product)
            if word not in details:
                details.append(word)
    return tuple(canonical), tuple(details)
