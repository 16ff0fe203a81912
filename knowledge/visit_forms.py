"""Form-like visit reports (客户名称:利达贸易 联系人:贝经理 方式:电话) read by their labels: the manager said which
value is which, so the labels decide over the free-text guesses."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.visit_contacts import RETAIL_PERSON, contact_in
from knowledge.visit_customers import BANK_WORDS, known_mentions
from knowledge.visit_words import DATE_WORDS, only_products


def form_fields(text: str) -> dict[str, str]:
    """The customer and the contact a form-like report labels (客户名称:利达贸易, 联系人:贝经理): the manager said
    which is which, so the labels decide over the guesses below."""
    found: dict[str, str] = {}
    for match in _FORM_FIELD.finditer(text):
        field = "contact" if match.group("label") in _CONTACT_LABELS else "customer"
        value = re.sub(r"\([^()]*\)$", "", match.group("value")).strip()  # 冉经理(华泰包装), 绿叶超市(个体)
        if 2 <= len(value) <= 40 and not _FORM_EMPTY.fullmatch(value):
            found.setdefault(field, value)
    return found


def form_customer(value: str | None, aliases: Sequence[tuple[str, str, str]]) -> tuple[tuple[str, ...], str] | None:
    """A labelled customer: a known one when the label names it (客户:华星 → 华星科技有限公司), else the name as
    written, when it reads as a name (no date, amount, product or bank word)."""
    if value is None:
        return None
    known = known_mentions(value, aliases)
    if known:
        return (known[0][1],), "known"
    if BANK_WORDS.search(value) or DATE_WORDS.search(value) or only_products(value) or re.search(r"\d", value):
        return None
    return (value,), "org" if not RETAIL_PERSON.fullmatch(value) else "person"


def form_note(text: str) -> str | None:
    """The labelled report's own items (内容:开户, 结果:待审批) as the note, without the fields the card shows."""
    items = [
        f"{m.group('label')}:{m.group('value')}"
        for m in _FORM_PAIR.finditer(text)
        if m.group("label") not in _CONTACT_LABELS and not _FORM_SHOWN.search(m.group("label"))
    ]
    return ",".join(items) or None


def form_contact(value: str) -> str:
    """The person in a labelled contact (店长彭姐 → 彭姐, 财务总监王建国 → 王总监), else the value as written."""
    if found := contact_in(value):
        return found
    person = RETAIL_PERSON.search(value)
    return person.group("name") if person else value


_FORM_PAIR = re.compile(r"(?P<label>[\u4e00-\u9fa5]{2,6})\s*:\s*(?P<value>[^\s;,:]+(?:\s+[A-Za-z][^\s;,:]*)*)")
_FORM_SHOWN = re.compile(r"客户|单位|企业|公司|对象|方式|形式|渠道|途径|时间|日期")


_CONTACT_LABELS = ("联系人", "对接人", "接待人", "负责人", "经办人")
_FORM_FIELD = re.compile(
    r"(?<![\u4e00-\u9fa5])(?:新|老)?(?P<label>客户名称|客户名|客户|单位名称|单位|企业名称|企业|公司名称|拜访对象|走访对象|拜访客户|走访客户"
    r"|联系人|对接人|接待人|负责人|经办人)\s*:\s*(?P<value>[A-Za-z][A-Za-z&.' ]*[A-Za-z.]|[^\s;,:、]+)(?![、])"
)
_FORM_EMPTY = re.compile(r"无|暂无|没有|未知|不详|待定|-+")
