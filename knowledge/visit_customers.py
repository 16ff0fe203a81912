"""Who the customer of a visit message is, without ever inventing one: the manager's known customers (whole or by
the short forms managers use), then organisation names with a trade word, then persons addressed as customers
are (李阿姨, 郭先生), then names the dictionary reads as one; with none of them a guess the card asks about."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from knowledge.lexicon import common_word, inside_noun, leading_noun, splits_word, tagged
from knowledge.names import normalise_name
from knowledge.visit_contacts import CONTACT, RETAIL_PERSON, contact_in, titled
from knowledge.visit_words import (
    COMPANY_SUFFIX,
    COMPOUND,
    DATE_WORDS,
    EVENT,
    NAMED_KIND,
    PEOPLE_WORDS,
    PURPOSE,
    RETAIL,
    SUFFIX_START,
    SUFFIX_WORD,
    SURNAMES,
    TITLES,
    VISIT_VERB,
    inside_org,
    only_products,
    product_vocabulary,
    tells_when_how_or_what,
)

_PRODUCT_AFTER = re.compile(r"^(?:卡|贷|险|户|码|机)")
_COUNTED = re.compile(r"[一二两三四五六七八九十几\d][张个家笔户位台套次趟回遍]")
_JOINED = re.compile(
    r"(?:^|[\s,,。;;|/、的了是在我你他她说要给跟把去到访见找趟]|拜访|去了|客户)(?P<part>(?![刚又也就都还才只先])[\u4e00-\u9fa5][和与])$"
)  # 泰和物业, 去安和医院, 把嘉和地产: 和 inside a name; 刚和中粮贸易: 和 after an adverb joins


_STOP_CHARS = set(
    "的了是在我你他她它们说要会能把被给和跟与就都也还又再才这那有没不很吧呢吗啊呀哦嗯过着将想让请去来到对送取找前后下卖买做搞弄"
)
_NAME_FIRST = set("和会同来向")  # …and those that start names (和平, 会友, 同康, 来福, 向阳)
_IN_NAMES = set("和会与同向对在来到去有能要将想过前后下")  # function characters that real names contain (会计师, 向阳)
_DIRTY = re.compile(rf"[{''.join(sorted(_STOP_CHARS))}\s\d#,,、。;;!!??::()()万亿千百十零一二两三四五六七八九]")


_RUNS_ON = re.compile(
    r"[^\s{stop},,、。:]{{0,2}}(?:{suffix})".format(stop="".join(sorted(_STOP_CHARS)), suffix=COMPANY_SUFFIX)
)
_ORG = re.compile(rf"[\u4e00-\u9fa5A-Za-z0-9()() ]{{2,16}}?(?:[A-Za-z0-9]{{0,3}}(?:{COMPANY_SUFFIX}))+")
_BRANCH = re.compile(r"[((][\u4e00-\u9fa5A-Za-z0-9]{1,8}(?:店|分店|门店|分公司|公司|厂|中心|集团)[))]")
_STORE = re.compile(
    r"(?![和与及跟同])[\u4e00-\u9fa5]{2,4}?(?:分店|门店|店)(?!长)"
)  # 蜜雪冰城|万达店: a chain's branch store


BANK_WORDS = re.compile(
    r"我行|本行|支行|分行|总行|(?<!快递)(?<!速运)(?<!物流)网点|营业部|行里|银行|工行|建行|农行|中行|招行|交行|邮储|农商行|信用社|风控|同事|公司那边|产品经理"
)
_BOUNDARY = re.compile(
    r"[,,。.;;!!??、:::\s|~「」『』“”‘’\"《》【】\[\]]+|拜访了?|走访了?|去了趟?|见了|到了|拜会了?|看望了?|约见了?|回访了?|visit(?:了)?|上门拜访|上门"
    r"|打了?(?:个|一个)?电话|打来电话|来电|电话|致电|微信|视频会?议?|来行|到行|来我行|来网点|到网点|来支行|来访|碰到了?|碰见了?"
    r"|电话联系|联系了?|答应|告诉|通知|提醒|拜方|看看|瞧瞧|见见|找找|参加|出席|跟进了?|陪同|在|(?<![\s,,。;;、][\u4e00-\u9fa5])(?<!^[\u4e00-\u9fa5])和|跟|与|给|说|问|约了?|找|的(?!士)|那边|这边|今天|昨天|前天|明天|后天|上午|下午|中午|晚上|早上|刚才|刚刚|今晨|今早"
    r"|(?:上上|上|这|本|下下|下)?(?:周|星期|礼拜)[一二三四五六日天]|\d+月\d+[日号]?|\d+点半?|去|到|见|谈|聊|沟通|推荐|介绍|吃饭|喝茶"
    r"|咨询(?=贷款|理财|信用|房贷|大额|业务)|办理|办了|存了|买了|开了|签了|送了|发了|要|想|准备|对了|装了|跑了|call了?|met|from"
)


_TRAILING = r"(?:打来|打了|打|发来|发了|发|来|去|说|约|的|财务部|财务|办公室|那边|这边|那里|这里|家|楼下|门口|那儿)+$"
_TIME_WORDS = re.compile(
    r"^(今天|昨天|前天|今早|今晚|昨晚|上午|下午|早上|中午|晚上|刚才|刚刚|(?:上|这|本|下)?(?:周|星期)[一二三四五六日天1-7]"
    r"|[\d一二两三四五六七八九十]{1,3}点(?:半|多|钟|一刻)?)+"
)
_ENUMERATION = re.compile(r"[、,,;;\s和及]|三家|两家|几家|一圈|[两三四五六]个(?:老)?客户|三户|几户")


@cache
def known_aliases(known: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(alias, customer, form) for each known customer: its normalised name ("whole"), the shorter forms managers
    use ("short": 永辉冷链物流 → 永辉冷链, 永辉) and its first two characters ("two": 中科 for 中科智联), longest
    first. A short form two customers share (华星 for 华星科技 and 华星电子) stands for itself, so that the card
    asks which one."""
    whole: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    two: dict[str, set[str]] = {}
    for name in known:
        norm = normalise_name(name)
        if len(norm) < 2:
            continue
        whole[norm] = name
        part = norm
        while (match := SUFFIX_WORD.search(part)) and len(part) - len(match.group(0)) >= 2:
            part = part[: match.start()]
            short.setdefault(part, set()).add(name)
        if len(part) > 2 and re.fullmatch(r"[\u4e00-\u9fa5]+", part) and not common_word(part[:2]):
            two.setdefault(part[:2], set()).add(name)
    rows = [(alias, name, "whole") for alias, name in whole.items()]
    for form, forms in (("short", short), ("two", two)):
        rows += [
            (alias, next(iter(names)) if len(names) == 1 else alias, form)
            for alias, names in forms.items()
            if alias not in whole and (form == "short" or alias not in short)
        ]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


_TWO_ENDS = re.compile(
    rf"^(?:$|[^\u4e00-\u9fa5]|那边|这边|那里|的|家|公司|集团|(?:{COMPOUND}|[{SURNAMES}])(?:{TITLES})|两家)"
)


def known_mentions(text: str, aliases: Sequence[tuple[str, str, str]]) -> list[tuple[int, str]]:
    """(position, known name) of each known customer the text names, whole or by a short form; a short form that
    runs on into another company word (华星 in 华星电子) does not count, and a name's first two characters count
    only standing alone (中科那边, 中科的王总; not 中科院)."""
    folded = text.lower()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for alias, name, form in aliases:
        for match in re.finditer(re.escape(alias), folded):
            start, end = match.start(), match.end()
            if any(s < end and start < e for s, e in taken):
                continue
            run = _RUNS_ON.match(text[end:]) if form != "whole" else None
            if run and not _abbreviates(alias + run.group(0), name):
                continue  # 华星电子 is not 华星科技; 绿野合作社 is 绿野农机合作社 and 鼎盛律所 鼎盛律师事务所
            if run:
                end += len(run.group(0))
            if form == "two" and not _TWO_ENDS.match(text[end:]):
                continue
            taken.append((start, end))
            found.append((start, name))
    return sorted(found)


def _abbreviates(short: str, name: str) -> bool:
    """Whether `short` is `name` with characters left out, in order, keeping its first two (绿野合作社 of
    绿野农机合作社, 鼎盛律所 of 鼎盛律师事务所)."""
    if len(short) < 3 or short[:2] != name[:2]:
        return False
    rest = iter(name[2:])
    return all(ch in rest for ch in short[2:])


_PAPERS = re.compile(r"合同|协议|资料|材料|报表|发票|证明|单据|文件|回单|名单|凭证|票据|章程|执照")
_STEP_BEFORE_TRADE = re.compile(r"(?:融资|贷款|授信|代发|代扣|代收|代缴|结算|开户|存款|放款|借款)$")


def names_someone(text: str, masked: str, aliases: Sequence[tuple[str, str, str]]) -> bool:
    """Whether the text names a customer for sure: a known one, an organisation with a trade word or a person
    addressed as customers are (not a run of nouns, nor a guess)."""
    return bool(known_mentions(text, aliases) or _org_mentions(masked) or _person_mentions(masked))


def customers_in(text: str, masked: str, aliases: Sequence[tuple[str, str, str]]) -> tuple[tuple[str, ...], str]:
    """Known customers first, then organisation names with a trade word, then persons by a form of address, then
    names the dictionary reads as one (鼎盛钢构); with none of them, a guess ("guess"): a full name where a
    customer's name stands. Several only when listed. New names are read with the amounts masked, so that
    想贷十五万装修 never holds a name."""
    known = known_mentions(text, aliases)
    orgs = [
        (p, n) for p, n in _org_mentions(masked) if not any(abs(p - k) < 2 or p <= k < p + len(n) for k, _ in known)
    ]  # 参加瑞通医药: a name around a known customer's is that customer
    named = sorted(known + orgs)
    kind = "known" if known and (not orgs or known[0][0] <= orgs[0][0]) else "org"
    if not named:
        named, kind = _person_mentions(masked), "person"
        if len(named) > 1:
            named = _with_listed_persons(masked, named)
        if named and all(n == contact_in(masked) for _, n in named):
            apart = [(p, n) for p, n in _loose_org_mentions(masked) if _apart_before(masked, p + len(n), named[0][0])]
            named, kind = (apart, "org") if apart else (named, kind)  # 养老公寓 院长老霍: the person is its contact
    loose = not named
    if not named:
        named, kind = _loose_org_mentions(masked), "org"
    if not named:
        named, kind = _english_org_mentions(masked), "org"
    if not named:
        named, kind = _positional_names(masked), "guess"
    if len(named) > 1 and kind == "org":
        named = _with_listed_items(masked, named)
    names = list(dict.fromkeys(n for _, n in named))
    if not names:
        return (), ""
    if len(names) > 1 and not _listed(text, named, spaces=not loose):
        names = names[:1]
    return tuple(names), kind


_LIST = re.compile(r"[^\s、,,:::;;。!!??]{2,12}(?:\s*[、,,]\s*[^\s、,,:::;;。!!??]{2,12})+")


def _with_listed_items(text: str, named: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In a list of customers (华联超市、佳乐超市、好又多、百佳), the items without a trade word are customers too,
    when two of the list's items are."""
    found = list(named)
    for start, name in _items_of_lists(text, named):
        clean = not (DATE_WORDS.search(name) or only_products(name) or common_word(name))
        if clean and re.fullmatch(r"[\u4e00-\u9fa5]{2,8}", name) and not any(abs(p - start) < 2 for p, _ in found):
            found.append((start, name))
    return sorted(found)


def _with_listed_persons(text: str, named: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In a list of persons (卖服装的蒋姐、开五金店的老韩、做早餐的小柯), an item ending in a familiar name (小柯) is
    a customer too, when two of the list's items are: beside them it is no colleague."""
    found = list(named)
    for start, item in _items_of_lists(text, named):
        familiar = _FAMILIAR_END.search(item)
        if familiar and not any(start <= p < start + len(item) for p, _ in found):
            found.append((start + familiar.start(), familiar.group(0)))
    return sorted(found)


def _items_of_lists(text: str, named: Sequence[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(position, item) of every item of each list in the text (、 or commas between) that holds two named items."""
    for match in _LIST.finditer(text):
        if sum(match.start() <= p < match.end() for p, _ in named) < 2:
            continue
        for item in re.finditer(r"[^\s、,,]+", match.group(0)):
            yield match.start() + item.start(), item.group(0)


_FAMILIAR_END = re.compile(rf"小[{SURNAMES}]$")


def _listed(text: str, named: Sequence[tuple[int, str]], *, spaces: bool = True) -> bool:
    """Several names count as several customers only when the message lists them (、 , 和 or 三家 …); names
    without a trade word (城西街道办 … 财政资金) only when marks or words list them, not spaces alone."""
    between = text[named[0][0] : named[-1][0]]
    return bool(_ENUMERATION.search(between if spaces else re.sub(r"\s", "", between))) or bool(
        re.search(r"三家|几家|一圈|个老客户", text)
    )


def _org_mentions(text: str) -> list[tuple[int, str]]:
    found = []
    for start, segment in _segments(text):
        joined = _JOINED.search(text[:start])  # 泰和物业, 安和医院: a name part cut off at 和
        joined = joined if joined and joined.end() == start else None
        if joined:
            start, segment = joined.start("part"), joined.group("part") + segment
        name = _name_part(segment)
        if name and SUFFIX_WORD.search(name) and not joined:  # the trade word first: tagging costs
            name = _without_lead(name)  # (a joined name starts where the join says: 天|和电器 keeps its 天)
        elif not (name and SUFFIX_WORD.search(name)):
            name = None
        if name and _is_org(name) and not BANK_WORDS.search(_THEIR_BRANCH.sub("", name)) and not only_products(name):
            position = start + segment.find(name)
            if splits_word(text, position):
                continue  # 到时候来酒店: a name does not start inside the word before it
            if _LANDMARK.match(text[position + len(name.strip()) :].lstrip("的")):
                continue  # 福田区税务局旁边的华润万家: the office is where the customer is, not the customer
            branch = _BRANCH.match(text, position + len(name.strip())) or _STORE.match(
                text, position + len(name.strip())
            )
            unit = _UNIT_AFTER.match(text, position + len(name.strip()))
            if unit and not branch and SUFFIX_WORD.fullmatch(unit.group(1)) and len(unit.group(1)) > 1:
                name = name.strip() + unit.group(1)  # 卫东社区 居委会: the unit, written after a space, is part of it
            elif not branch and (tail := _name_tail(text, position + len(name.strip()))):
                name = name.strip() + tail  # 嘉德拍卖行, 星火直播基地: the name runs on to the next space
            if name.startswith("(") and ")" not in name:
                name, position = name[1:], position + 1  # (宏图广告的财务): the bracket opens before the name
            found.append((position, name.strip() + (branch.group(0) if branch else "")))
    found += [(m.start("name"), m.group("name")) for m in _NUMBERED_SCHOOL.finditer(text)]
    for match in _PERSON_OF.finditer(text):  # 冉经理(华泰包装), Lily (宏图广告): the person, then where they work
        name = match.group("org").strip()
        if SUFFIX_WORD.search(name) and _is_org(name) and not BANK_WORDS.search(name):
            found.append((match.start("org"), name))
    return sorted(set(found))


_LOCATIVE = set("里内外边头上下前后旁中")
_TAIL = re.compile(r"[\u4e00-\u9fa5]{1,2}(?=[\s,,。;;::!!??、((]|的|$)")


def _name_tail(text: str, end: int) -> str | None:
    """One or two characters between a trade word and the next space that belong to the name, not a person, a
    title, a channel, a date, a product or a function word (嘉德拍卖|行, but 华星科技|王总 and 恒通物流|来电)."""
    match = _TAIL.match(text, end)
    if match is None:
        return None
    tail = match.group(0)
    if _STOP_CHARS & set(tail) or re.match(rf"(?:{TITLES}|{RETAIL}|[小老阿][\u4e00-\u9fa5])", tail):
        return None
    if CONTACT.match(tail) or tail[-1] in _LOCATIVE:
        return None  # 宏图物流王总: a person; 华星科技厂里: where, not who
    if _BOUNDARY.search(tail) or _DEPARTMENT.match(tail) or tells_when_how_or_what(tail):
        return None
    return None if (len(tail) == 2 and common_word(tail) and not SUFFIX_WORD.fullmatch(tail)) else tail


_NUMBERED_SCHOOL = re.compile(
    r"(?:^|(?<=[\s,,。;;|/、去到在跟和给]))(?P<name>[\u4e00-\u9fa5]{0,3}[市县区镇][一二三四五六七八九十]{1,3}[中小])"
    r"(?=[\s,,。;;|/的后]|$)"
)  # 市一中, 县二小: a town's numbered school
_PRONOUNS = frozenset(
    ["什么", "这个", "那个", "这些", "那些", "哪个", "我们", "你们", "他们", "她们", "它们", "咱们", "自己", "大家"]
)  # 什么材料: a pronoun is no part of a name
_UNIT_AFTER = re.compile(r"\s+([\u4e00-\u9fa5]{2,5})(?=[\s,,。;;]|$)")
_PERSON_OF = re.compile(rf"(?:{TITLES}|[A-Za-z]|[小老][{SURNAMES}])\s*\((?P<org>[^()]{{2,16}})\)")


_THEIR_BRANCH = re.compile(r"(?<=快递|速运|证券|物流|保险|邮政)([\u4e00-\u9fa5]{0,4})营业部$")  # 申通快递城北营业部


_LEAD_WORDS = ("客户", "老客户", "新客户", "大客户", "公司", "其中", "还有", "然后", "就是", "那个", "这个", "一下")


def _without_lead(name: str) -> str:
    """The name without the words a segment can start with (个凯旋酒店, 刚和中粮贸易, 其中金海岸酒店, 大客户天虹集团):
    a pronoun, a one-character adverb, conjunction, preposition or measure word, or a word for a customer."""
    name = re.sub(rf"^(?:{'|'.join(_LEAD_WORDS)})+", "", name) or name
    name = re.sub(r"^一?个(?=[\u4e00-\u9fa5]{2})", "", name)  # 开了个小饭馆: 个 counts, it starts no name
    words = tagged(name)
    cut, verbs = 0, 0
    for word, tag in words[:-1]:
        if not (word in _LEAD_WORDS or tag == "r" or (len(word) == 1 and tag in ("d", "c", "p", "q", "u", "m", "v"))):
            break
        cut += len(word)
        starts_verb = tag == "v" and word not in _NAME_FIRST and verbs == cut - len(word)
        verbs = cut if starts_verb else verbs  # the verbs the segment starts with (会 and 来 may start a name)
    trade = _trade_start(name)
    before = 3 if trade is not None and len(name) - trade == 1 else 2  # 天和茶|厂: a one-character trade takes its noun
    keep = trade - before if trade is not None else len(name)  # 天源科技: 天 is a measure word, but a name keeps two
    return name[max(min(cut, max(keep, 0)), verbs) :]  # …but never a verb before it (开|五金店)


def _trade_start(name: str) -> int | None:
    """Where the trade words a name ends in start (名剪|理发店, 精工|模具厂): each one before another counts."""
    start = None
    while (suffix := SUFFIX_WORD.search(name[:start])) and suffix.start() > 0:
        start = suffix.start()
    return start


_TALKED_ABOUT = re.compile(r"(?:谈|聊|讨论|沟通|介绍|推荐|商量|了解)了?(?:一下|下)?\s*$")


def _loose_org_mentions(text: str) -> list[tuple[int, str]]:
    """Names without a trade word this module lists (鼎盛钢构, 东方雨虹): a run of nouns the dictionary reads as a
    name, four characters or more, with a proper noun or an uncommon word in it, and no product, bank or date word."""
    found = []
    for start, segment in _segments(text):
        name = _noun_run(segment, strong=_named_slot(text, start, start + len(segment)))
        after = text[start + segment.find(name) + len(name) :] if name else ""
        if name is not None and PEOPLE_WORDS.match(name):
            continue  # 车主李强, 店主阿芳: a person, read as one (or asked about), not a company
        if name is not None and _TALKED_ABOUT.search(text[: start + segment.find(name)]):
            continue  # 聊了产品设计: what was talked about, not who
        if name is not None and not _PRODUCT_AFTER.match(after) and not _LANDMARK.match(after):
            found.append((start + segment.find(name), name))  # 咨询个人消费|贷 is a product
    return found


_ENGLISH_ORG = re.compile(
    r"\b(?i:visited|visit|met(?: with)?|meeting with|call(?:ed)? with|call|from|client|customer)\s+"
    r"(?P<name>(?:[A-Z][A-Za-z&'.-]+)(?:\s+[A-Z][A-Za-z&'.-]+){1,3})"
)


def _english_org_mentions(text: str) -> list[tuple[int, str]]:
    """A company named in English (visited Sunrise Textiles, met Mr. Chen from Blue Sky Logistics): two to four
    capitalised words after a visit verb or 'from'; a person's title (Mr., Ms.) is not one."""
    return [
        (m.start("name"), m.group("name").strip(" .,"))
        for m in _ENGLISH_ORG.finditer(text)
        if not re.match(r"(?:Mr|Mrs|Ms|Miss|Dr|Director|Manager)\b", m.group("name"))
    ][:1]


_LANDMARK = re.compile(r"^(?:旁边|对面|楼下|楼上|附近|隔壁|门口|边上)")  # 福田区税务局旁边的华润万家: a landmark


_SLOT_BEFORE = re.compile(
    r"(?:拜访|走访|去了?趟?|跑了?趟?|到了?|接待了?|客户[::]?|对象[::]?|名称[::]?|姓名[::]?)(?:一下|那个|这个)?\s*$"
)
_SLOT_AFTER = re.compile(
    rf"^(?:的)?\s*(?:(?:{COMPOUND}|[{SURNAMES}])(?:{TITLES})|老板|财务|店长|园长|院长|负责人|来行|来电|来网点)"
)


def _named_slot(text: str, start: int, end: int) -> bool:
    """Where a name stands: right after 拜访 or 去 (or a form's 客户:), or right before its contact (的王总, 钱总)
    or 来行: there a run of everyday words (光明牧业) is a name too."""
    return bool(_SLOT_BEFORE.search(text[:start]) or _SLOT_AFTER.match(text[end:]))


_LEADING_TAGS = {
    "r",
    "d",
    "p",
    "c",
    "u",
    "uj",
    "ul",
    "uz",
    "ug",
    "uv",
    "m",
    "q",
    "t",
    "f",
    "y",
    "e",
    "o",
    "v",
    "vd",
    "ad",
}
_NAME_TAGS = {"n", "nz", "nr", "nrt", "nrfg", "ns", "nt", "j", "vn", "an", "z", "s", "ng", "a", "b", "l", "i"}
_PROPER_TAGS = {"nz", "nr", "nrt", "nrfg", "ns", "nt", "j", "z"}
_END_TAGS = {"n", "nz", "nr", "nrt", "nrfg", "ns", "nt", "j", "ng", "s"}
_FAMILIAR = re.compile(rf"[小老][{SURNAMES}]")
_DEPARTMENT = re.compile(r"(?:财务|人事|采购|行政|后勤|销售|技术|工会)(?:部|处|科|室|中心)?")


def _comes_last(head: str) -> bool:
    """来 ending a name: after a noun (鸿运来) or a single character with which it makes no everyday word (喜来, not
    原来)."""
    if len(head) == 2:
        return head[0] not in _STOP_CHARS and not common_word(head)
    return tagged(head[:-1])[-1][1] in ("n", "nz", "nr")


def _noun_run(segment: str, *, strong: bool) -> str | None:
    words = tagged(_TIME_WORDS.sub("", segment.strip()))
    while words and (words[0][1] in _LEADING_TAGS | {"vn"} or words[0][0] in _LEAD_WORDS):
        words = words[1:]
    run = []
    for word, tag in words:
        if tag not in _NAME_TAGS or _FAMILIAR.fullmatch(word) or _DEPARTMENT.fullmatch(word):
            break  # 新天地百货 ends before 财务部 or 小刘
        run.append((word, tag))
    while run and (run[-1][1] not in _END_TAGS or EVENT.fullmatch(run[-1][0]) or PURPOSE.fullmatch(run[-1][0])):
        run.pop()  # a name ends in a noun, not in an activity: 社保卡激活, 工厂参观 do not
    name = "".join(w for w, _ in run)
    one_place = strong and len(run) == 1 and run[0][1] in ("ns", "nt", "nz", "nr")  # 华侨城, 金龙鱼的吴经理
    if (
        not (4 if not one_place else 3) <= len(name) <= 12
        or not re.fullmatch(r"[\u4e00-\u9fa5]+", name)
        or _STOP_CHARS & set(name)
    ):
        return None
    if common_word(name) or BANK_WORDS.search(name) or DATE_WORDS.search(name) or _COUNTED.search(name):
        return None
    if any(word in name for word, _ in product_vocabulary()) or re.search(rf"(?:{TITLES}|{RETAIL})$", name):
        return None
    if not strong and not any(tag in _PROPER_TAGS or not common_word(word) for word, tag in run):
        return None  # 基建项目, 花鸟市场: everyday words, not a name
    return name


def _clean_org(segment: str) -> str | None:
    """The organisation name in a segment, starting at the first character from which it is a clean name
    (他是周记茶行 → 周记茶行, 第一家是佳佳便利店 → 佳佳便利店); none right before a product word (商务卡, 装修贷)."""
    for start in range(len(segment)):
        if start and not _DIRTY.match(segment[start - 1]):
            continue  # a name starts at the segment's start or right after a word that cannot be in it
        if start and splits_word(segment, start):
            continue  # 新能源充电站: not at 源, inside the word 新能源
        if start and re.match(r"[\d万亿千百十零一二两三四五六七八九.(]", segment[start - 1]):
            continue  # 200万装修门店, 华润万家(万达店): not right after a number, nor inside a bracket
        whole = _ORG.fullmatch(segment, start)  # 申通快递城北营业部: the longest name the segment holds, if it is one
        match = whole if whole and _is_org(whole.group(0).strip()) else _ORG.match(segment, start)
        if match is None or _PRODUCT_AFTER.match(segment[match.end() :]):
            continue
        name = match.group(0).strip()
        close = segment.find(")", match.end())
        if name.count("(") > name.count(")") and close != -1:
            name = segment[start : close + 1].strip()  # 华润万家(万达店): the bracket closes the branch's name
        if _is_org(name):
            return name
    return None


def _person_mentions(text: str) -> list[tuple[int, str]]:
    """李阿姨, 王大爷, 郭先生, 陈哥, 老周, 马建国老先生, or a full name (陈晓东) right next to a contact verb."""
    found = [
        (m.start(), m.group("name"))
        for m in RETAIL_PERSON.finditer(text)
        if not inside_org(text, m.start()) and not _inside_word_before(text, m.start())
    ]  # 养老金 holds no 老金 (but 队长老万 is 队长|老万)
    found += [
        (m.start(), m.group("name"))
        for m in _TITLED_FULL_NAME.finditer(text)
        if _is_full_name(m.group("name")) and not (m.start() and common_word(text[m.start() - 1 : m.start() + 1]))
    ]  # 教师刘阿姨: 师 ends the word 教师, it starts no 师刘
    found += [(m.start("name"), m.group("name")) for m in _FORM_NAME.finditer(text) if _is_full_name(m.group("name"))]
    found += [(m.start(), m.group("surname") + m.group("form")) for m in _SURNAMED.finditer(text)]
    for start, segment in _segments(text, with_verbs=True):
        name = _name_part(segment)
        if name and (role := PEOPLE_WORDS.match(name)) and _is_full_name(name[role.end() :]):
            start, segment, name = start + role.end(), segment[role.end() :], name[role.end() :]  # 车主李强
        if name and _is_full_name(name) and not any(name in n or n in name for _, n in found):
            found.append((start + segment.find(name), name))
    return sorted(found)


def _apart_before(text: str, end: int, person: int) -> bool:
    """Whether a name ending at `end` stands apart before the person at `person` (养老公寓 院长老霍), not written onto
    them as their description (退休干部老周)."""
    return end < person and re.search(r"[\s,,;;、。]", text[end:person]) is not None


def _inside_word_before(text: str, start: int) -> bool:
    """Whether the name at `start` begins inside a word with the character before it (养|老金), when no word of its
    own ends there (队长|老万)."""
    return (
        start > 0
        and common_word(text[start - 1 : start + 1])
        and not (start > 1 and common_word(text[start - 2 : start]))
    )


def guessed_name(masked: str) -> bool:
    """Whether a full name stands where a customer's name does (a guess the card would offer)."""
    return bool(_positional_names(masked))


def _positional_names(text: str) -> list[tuple[int, str]]:
    """A full name where a customer's name stands, with nothing else saying it is one: at the start of the message
    (何美玲 微信 问…), between spaces (微信上 刘芳 问我) or after 客户 (老客户吴建平). A guess, offered as a choice,
    never filled in."""
    found = []
    for index, (start, segment) in enumerate(_segments(text)):
        alone = re.match(r"\s", text[start - 1 : start]) and re.match(r"\s|$", text[start + len(segment) :])
        if index == 0 or alone or re.search(r"客户[::\s]*$", text[:start]):
            name = _leading_full_name(_name_part(segment) or "")
            if name:
                found.append((start + segment.find(name), name))
    return found[:1]


_SURNAMED = re.compile(rf"姓(?P<surname>[{SURNAMES}])的(?P<form>{RETAIL})")  # 一位姓邹的大爷: 邹大爷
_FORM_NAME = re.compile(r"(?:姓名|客户姓名|户名)\s*[::]\s*(?P<name>[\u4e00-\u9fa5]{2,3})(?![\u4e00-\u9fa5])")
_TITLED_FULL_NAME = re.compile(
    rf"(?P<name>[{SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)(?:老先生|老太太|先生|女士|阿姨|大爷|奶奶|爷爷|夫妇|夫妻)"
)


def _leading_full_name(name: str) -> str | None:
    """The full name a segment starts with (周建华夫妻俩 → 周建华, 车主李强 → 李强), when what follows it is a word of
    its own."""
    if role := PEOPLE_WORDS.match(name):
        name = name[role.end() :]
    for size in (3, 2):
        head, rest = name[:size], name[size:]
        if _is_full_name(head) and (
            not rest or (len(rest) > 1 and common_word(rest)) or tagged(rest)[0][1] not in _NAME_TAGS
        ):
            return head
    return None


def _segments(text: str, *, with_verbs: bool = False) -> list[tuple[int, str]]:
    """(position, segment) pairs: the text between times, contacts, channel words and links; `with_verbs`
    keeps only segments right after or before a contact verb."""
    cut = text
    for match in titled(CONTACT, text):
        if not inside_org(text, match.start(), match.end()):
            cut = cut[: match.start()] + "|" * (match.end() - match.start()) + cut[match.end() :]
    marked = _BOUNDARY.sub(
        lambda m: (
            m.group(0)
            if len(m.group(0)) == 1 and _starts_name(text, m.start())
            else "^" * len(m.group(0))
            if VISIT_VERB.fullmatch(m.group(0))
            else "|" * len(m.group(0))
        ),
        cut,
    )
    out = []
    for match in re.finditer(r"[^|^]+", marked):
        before = marked[match.start() - 1] if match.start() else ""
        after = marked[match.end()] if match.end() < len(marked) else ""
        verb_next = (
            before == "^" or after == "^" or bool(re.match(r"(?:打|来|去|说|发|约|微信|电话)", text[match.end() :]))
        )
        if not with_verbs or verb_next:
            out.append((match.start(), text[match.start() : match.end()]))
    return out


_TOGETHER = re.compile(r"沟通|聊|谈|视频|吃饭|吃了|喝茶|见面|开会|开了个?会|对接|通话|通了|碰头|商量|一起")


def _starts_name(text: str, index: int) -> bool:
    """A one-character boundary word (和, 向, 在) that starts a name jieba reads as one (和平养老院, 去向阳花幼儿园)
    where a name may start: at the start of the text or after a space, a punctuation mark or a visit verb; between
    two names (宏发陶瓷和金诚五金) it is a conjunction."""
    if index == 0 and text[0] in "和同" and len(text) > 2 and text[1] not in "和同":
        together = _TOGETHER.search(text) and any(p == 0 for p, _ in _org_mentions(text[1:]))
        return not together  # 和美家居的刘总来行: a name; 和力达机电姜总视频沟通: with them (和平物业…聊了: a name)
    if not "\u4e00" <= text[index] <= "\u9fa5" or not leading_noun(text[index:]):
        return False
    before = text[:index]
    return not before or bool(re.search(r"(?:[\s,,。;;:、!!??]|去|到|拜访|走访|了)$", before))


_LEAD = re.compile(
    r"^(?:了|一下|一趟|一次|趟|客户|老客户|新客户|先|刚从|那个|这个|那家|这家|那位|一家|隔壁|对面|旁边|楼下|楼上|附近)+"
)


def _name_part(segment: str) -> str | None:
    segment = _TIME_WORDS.sub("", segment.strip())
    segment = re.sub(r"^(?:[((][^))]*[))]|[))])", "", segment)  # (上周五)帮利民药业: what a bracket closes
    segment = _shorter(segment, _LEAD.sub("", segment))
    while re.match(r"[为帮替向对同去到从]", segment) and not leading_noun(segment):  # 向阳花幼儿园 keeps its 向
        shorter = _shorter(segment, _LEAD.sub("", segment[1:]))
        if shorter == segment:
            break
        segment = shorter
    org = _clean_org(segment)
    if org:
        return org
    segment = re.sub(_TRAILING, "", segment)
    return segment or None


def _shorter(name: str, cut: str) -> str:
    """`cut` unless it leaves fewer than two characters before the trade word (同康家具 is not 康家具)."""
    suffix = SUFFIX_WORD.search(cut)
    return name if suffix and suffix.start() < 2 and SUFFIX_WORD.search(name) else cut


def _is_full_name(name: str) -> bool:
    """陈晓东, 黄志强: a surname and one or two more characters that are not a common word or a function word."""
    if not 2 <= len(name) <= 3 or name[0] not in SURNAMES or _STOP_CHARS & set(name):
        return False
    if re.search(TITLES, name[1:]) or not re.fullmatch(r"[\u4e00-\u9fa5]+", name) or DATE_WORDS.search(name):
        return False
    if PEOPLE_WORDS.match(name):
        return False
    if (trade := SUFFIX_WORD.search(name)) and len(trade.group(0)) > 1:
        return False  # 康五金 is a shop's name cut short, not a person
    return not common_word(name) and not (len(name) == 3 and common_word(name[:2])) and not only_products(name)


def _trade_first(head: str) -> bool:
    """装修门店 is not a name: a name comes before the trade; but 城东汽修厂 is, its 城 starting the noun 城东."""
    match = SUFFIX_START.match(head)
    if match is None or len(tagged(head)[0][0]) > match.end():
        return False  # 城北中学: 城 starts the word 城北, whatever jieba calls it
    return leading_noun(head) <= match.end()


_WORK_TRADE = re.compile(
    r"管理|服务|咨询|投资|发展|开发|融资租赁|租赁|小额贷款|检测|评估|监理|认证|测绘|直播|设计|保安|保洁"
)  # trades that are also kinds of work: after a plain noun, a topic (市值管理) or a person's job (小区保安)


def _is_org(name: str) -> bool:
    """A name and then company or industry words (恒通物流, 锦绣花园物业管理处), where the name part is a name: two
    characters or more, no function word, product or time in it (续贷材料, 她们公司, 月底前把材料 are not)."""
    if not _ORG.fullmatch(name) or SUFFIX_WORD.fullmatch(name):
        return False
    head = name
    while (match := SUFFIX_WORD.search(head)) and match.start() > 1:  # 长城|汽车: 城 ends the name, no trade
        head = re.sub(r"(?<=[\u4e00-\u9fa5])[A-Za-z0-9]{1,3}$", "", head[: match.start()])  # 福泰汽车|4S|店
    head = head.strip()
    stops = {  # 泰和物业, 信达会计师事务所: 和 and 会 inside a name
        ch
        for i, ch in enumerate(head)
        if ch in _STOP_CHARS
        and not (i == 1 and ch == "和")
        and not (ch == "来" and i == len(head) - 1 and _comes_last(head))
        and not (ch in _IN_NAMES and (inside_noun(head, i) or (i == 0 and len(head) == 2 and ch in _NAME_FIRST)))
    }  # 和山食品, 会航电子: without the first character there would be no name left; 鸿运来酒楼 ends its name in 来
    if len(head) < 2 or stops or only_products(head) or _COUNTED.search(head) or _trade_first(head):
        return False
    if _STEP_BEFORE_TRADE.search(head):
        return False  # 设备融资(租赁), 水费代扣(协议): a banking step and what it is for, not a name
    if _PAPERS.search(head):
        return False  # 把合同快递给对方: papers being sent, not a name
    if tagged(name) == [(name, "n")]:
        return False  # 注册资本, 电子商务, 物业管理: one common noun of the dictionary, a kind of thing, not a name
    words = tagged(head)
    if _WORK_TRADE.fullmatch(name[len(head) :]) and all(tag in ("n", "vn") for _, tag in words):
        return False  # 市值管理, 股权投资, 小区保安: a plain noun and a kind of work, a topic or a job, not a name
    if any(tag == "r" and w in _PRONOUNS for w, tag in words) or all(len(w) == 1 and tag in "vdp" for w, tag in words):
        return False  # 什么材料, 交住院: a pronoun or bare verbs before the trade word, not a name
    if any(tag == "v" for _, tag in words) and any(w in head for w, _ in product_vocabulary()):
        return False  # 续授信材料: a step, not a name
    if len(words) > 1 and words[-1][1] == "v" and len(words[-1][0]) > 1 and not NAMED_KIND.search(name):
        return False  # (下)周提交材料, 准备资料: a verb and its object, a step, not a name (金满仓批发部 is one)
    if (
        len(words) == 1
        and common_word(head)
        and words[0][1] == "n"
        and re.fullmatch(r"(?:公司|集团|企业|店|铺|摊|政府)", name[len(head) :])
    ):
        return False  # 集装箱公司, 水果店: a kind of company or shop, not one
    return not DATE_WORDS.search(head) and not re.search(r"[\d#]", head)
