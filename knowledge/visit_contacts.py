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
_FAMILIAR_CONTACT = re.compile(
    rf"(?:(?:助理|秘书|同事|社长|理事长|主任|总监|店长|站长|园长|院长|校长|厂长|场长|出纳|会计|财务)\s*|跟|和|同|的)"
    rf"(?P<name>[小老][{SURNAMES}])(?![\u4e00-\u9fa5]{{0,1}}(?:{TITLES}))(?!\s*一起(?:去|拜访|走访|上门|到|陪))"
)
_ALONG = re.compile(r"\s*一起(?:去|拜访|走访|上门|到|陪)")  # 和李经理一起去了锦程物流: who came along
_FULL_NAME_CONTACT = re.compile(
    rf"(?P<name>[{SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)(?P<title>{TITLES}){_NOT_A_TITLE_AFTER}"
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
            if match.group("title") == "行长" and re.search(r"(?:分|陪同?|跟着?|带着?|我们|我行|支行|分行)$", head):
                continue  # 陪同分管行长: our own bank's leader, not the customer's contact
            starts_word = pattern is CONTACT or (
                not head
                or not re.match(r"[\u4e00-\u9fa5]", head[-1])
                or re.search(rf"(?:{VISIT_VERB.pattern}|{COMPANY_SUFFIX}|的|和|跟|与|见|约|找)$", head)
            )
            if starts_word:
                name = match.group("name")
                return f"{name[0] if pattern is _FULL_NAME_CONTACT else name}{match.group('title')}"
    if familiar is None:
        familiar = _FAMILIAR_ALONE.search(text)  # 绿野合作社 老冯 电话: a familiar name standing as a word of its own
    return familiar.group("name") if familiar else None


_FAMILIAR_ALONE = re.compile(rf"(?:^|(?<=\s))(?P<name>[小老][{SURNAMES}])(?=\s|$)")


def titled(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of a surname-and-title pattern whose title does not run into a word (景泰蓝工艺厂 has no 蓝工)."""
    for match in pattern.finditer(text):
        joined = text[match.end() - 1 : match.end() + 1]
        if len(joined) < 2 or not common_word(joined):
            yield match
