"""The person a manager met: a surname and a title (王总, 李经理), a full name with one (王建国总经理 → 王总经理),
or a familiar form after a role (助理小王); a colleague who came along or someone away is not the contact."""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge.lexicon import common_word
from knowledge.visit_words import COMPANY_SUFFIX, COMPOUND, RETAIL, SURNAMES, TITLES, VISIT_VERB, inside_org

_ABSENT = re.compile(r"^(?:不在|出差|没在|请假|休假|没来|在开会|开会)")


_NOT_A_TITLE_AFTER = r"(?![行部额共计结体量裁监局程作厂业资商款长])"
CONTACT = re.compile(rf"(?P<name>{COMPOUND}|[{SURNAMES}])(?P<title>{TITLES}){_NOT_A_TITLE_AFTER}")
_ROLES = "|".join(
    [t for t in TITLES.split("|") if len(t) > 1]
    + ["理事长", "场主", "园主", "果园主", "负责人", "前台", "采购", "调度", "法人", "部", "处", "科", "室"]
    + ["少东家", "董秘", "法务", "实控人", "实际控制人", "股东", "合伙人", "创始人", "掌柜", "二把手"]
    + ["finance", "Finance", "CFO", "cfo", "HR", "hr", "boss", "owner", "accountant"]
    + ["运营", "小妹", "(?:营销|销售|财务|运营|行政|技术|业务|市场)总", "儿子", "女儿", "侄子", "外甥", "爱人", "媳妇"]
)  # 前台经理小葛, 场主老鲁, 财务部小刘, 老板的儿子小金: a role, then the familiar name (not 同事小王 or 新人小李: ours)
_FAMILIAR_CONTACT = re.compile(
    rf"(?:(?:{_ROLES})\s*|跟|和|同|的)"
    rf"(?P<name>[小老][{SURNAMES}])(?![\u4e00-\u9fa5]{{0,1}}(?:{TITLES}))(?!\s*一起(?:去|拜访|走访|上门|到|陪))"
)
_AFTER_ORGANISATION = re.compile(
    rf"(?:{COMPANY_SUFFIX}|{_ROLES})\s*(?P<name>[小老][{SURNAMES}](?![\u4e00-\u9fa5]?(?:{TITLES}))(?![\u4e00-\u9fa5]{{0,2}}(?:{COMPANY_SUFFIX}))|[{SURNAMES}](?:大哥|大姐|哥|姐)(?![\u4e00-\u9fa5])"
    rf"|(?<=[长主人])[{SURNAMES}](?:阿姨|大叔|大爷|叔|婶|嫂)(?![\u4e00-\u9fa5]))"
)  # …and after a role, a person's form of address: 院长金阿姨
_ROLE_NICKNAME = re.compile(
    rf"(?:{_ROLES})\s*(?P<name>阿(?![姨婆公伯妈爸哥姐叔])[\u4e00-\u9fa5]|[A-Z][a-z]{{2,9}}(?![A-Za-z]))"
)
_FAMILIAR_NAME = re.compile(rf"\s*[小老][{SURNAMES}]")
_AIDE_OF = re.compile(rf"的(?:助理|秘书|司机|会计|出纳|财务)(?P<name>[小老][{SURNAMES}])")
_ALONG = re.compile(r"\s*一起(?:去|拜访|走访|上门|到|陪)")  # 和李经理一起去了锦程物流: who came along
_FULL_NAME_CONTACT = re.compile(
    rf"(?P<name>[{SURNAMES}][^\W\d_的和与跟及在是]{{1,2}}?)(?P<title>{TITLES}){_NOT_A_TITLE_AFTER}"
)
RETAIL_PERSON = re.compile(rf"(?P<name>(?:{COMPOUND}|[{SURNAMES}])(?:{RETAIL})|老(?![师板])[{SURNAMES}]头?(?![板师]))")


def contact_in(text: str) -> str | None:
    """王总, 李经理, 张会计: a surname and a title, where the surname starts a word (after a verb, a company
    name, punctuation or the start), else a full name with a title (王建国总经理 → 王总经理), else a familiar form
    after a role (助理小王, 社长老孙); someone said to be away (王总出差了) is not the contact."""
    familiar = _FAMILIAR_CONTACT.search(text)
    for pattern in (CONTACT, _FULL_NAME_CONTACT):
        for match in titled(pattern, text):
            head = text[: match.start()]
            if inside_org(text, match.start(), match.end()) or _ABSENT.match(text[match.end() :]):
                continue
            if _ALONG.match(text[match.end() :]):
                continue  # 和李经理一起去了锦程物流: a colleague came along
            if match.group("title") == "行长" and (
                re.search(r"(?:分|陪同?|跟着?|带着?|我们|我行|支行|分行)$", head) or match.group("name") in "和跟同与"
            ):
                continue  # 陪同分管行长, 和行长去了: our own bank's leader, not the customer's contact
            if pattern is _FULL_NAME_CONTACT and common_word(match.group("name")):
                continue  # 车间主任, 董事长助理: a word, not 车主任 or 董助理
            if pattern is _FULL_NAME_CONTACT and _FAMILIAR_NAME.match(text, match.end()):
                continue  # 管委会主任老栾: the title is the role of the familiar name after it, not 管主任
            starts_word = pattern is CONTACT or (
                not head
                or not re.match(r"[\u4e00-\u9fa5]", head[-1])
                or re.search(rf"(?:{VISIT_VERB.pattern}|{COMPANY_SUFFIX}|的|和|跟|与|见|约|找)$", head)
            )
            if starts_word and (aide := _AIDE_OF.match(text, match.end())):
                return aide.group("name")  # 王总的助理小冯微信问: the assistant is who made the contact
            if starts_word:
                name = match.group("name")
                return f"{name[0] if pattern is _FULL_NAME_CONTACT else name}{match.group('title')}"
    if familiar is None:
        familiar = _ROLE_NICKNAME.search(text)  # 少东家阿杰, HR Lily: a nickname or an English name after a role
    if familiar is None and (english := _english_contact(text)):
        return english
    if familiar is None:
        familiar = _FAMILIAR_ALONE.search(text)  # 绿野合作社 老冯 电话: a familiar name standing as a word of its own
    if familiar is None:
        familiar = _AFTER_ORGANISATION.search(
            text
        )  # 茶语奶茶小姚来电, 理事长盛大哥: right after the customer or a role
    return familiar.group("name") if familiar else None


def _english_contact(text: str) -> str | None:
    """Mr. Chen, Liu总, or an English given name among Chinese words (见了运营总监Linda, 跟Lisa (宏图广告)): the
    contact as written; capitalised words of an English sentence, channel words and all-capital names are not."""
    if found := _ENGLISH_TITLED.search(text) or _PINYIN_TITLED.search(text):
        return found.group(0)
    for match in _ENGLISH_NAME.finditer(text):
        if match.group(0).lower() not in _ENGLISH_WORDS:
            return match.group(0)
    return None


_ENGLISH_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s?[A-Z][a-z]+")
_PINYIN_TITLED = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{1,5}(?:总|经理|主任|老板)")
_ENGLISH_NAME = re.compile(
    r"(?:(?<=[\u4e00-\u9fa5])|(?<=[\u4e00-\u9fa5]\s))[A-Z][a-z]{2,9}(?![A-Za-z])(?=\s*(?:[\u4e00-\u9fa5(]|$))"
)
_ENGLISH_WORDS = {"zoom", "teams", "wechat", "call", "visit", "meeting", "lunch", "dinner", "coffee", "video", "phone"}


_FAMILIAR_ALONE = re.compile(
    rf"(?:^|(?<=\s))(?P<name>[小老][{SURNAMES}])(?=\s|$|[((][^()()]{{2,16}}?(?:{COMPANY_SUFFIX})[))])"
)  # …or before the shop it works at, in brackets: 老周(周记鲜面馆)


def titled(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of a surname-and-title pattern whose title does not run into a word (景泰蓝工艺厂 has no 蓝工)."""
    for match in pattern.finditer(text):
        joined = text[match.end() - 1 : match.end() + 1]
        if match.group("name") in _CONJUNCTIONS and _AFTER_PERSON.search(text, 0, match.start()):
            continue  # 王总和财务李姐: 和 joins two people here, it is no surname
        start = match.start()
        if start and len(match.group("name")) == 1 and text[start - 1 : start + 1] in _WORDS_BEFORE_A_TITLE:
            continue  # 对方财务: 方 ends the word 对方, it is no surname
        if len(joined) < 2 or not common_word(joined) or joined[1] in _CONJUNCTIONS:
            yield match  # (王总和: 总和 is a word, but not before another person)


_CONJUNCTIONS = "和跟与同及"
_WORDS_BEFORE_A_TITLE = frozenset(
    ["对方", "双方", "甲方", "乙方", "买方", "卖方", "校方", "院方", "厂方", "资方", "官方", "男方", "女方"]
)
_AFTER_PERSON = re.compile(rf"(?:{TITLES}|{RETAIL})$")
