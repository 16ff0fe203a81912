"""A realistic demo organisation (示例银行) so a newcomer can try every command at once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from knowledge.names import normalise_name
from storage.enums import PeriodKind, Role, UnitKind
from storage.models import Contact, Customer, OrgUnit, ResultEntry, Staff, Visit
from storage.services import tasks
from storage.uow import UnitOfWork

DEMO_MARKER = "D0001"

_TEAMS = (
    ("对公客户一组", ("D1001", "周建国"), (("D1101", "张伟"), ("D1102", "李娜"), ("D1103", "王磊"))),
    ("普惠金融二组", ("D2001", "刘芳"), (("D2101", "赵敏"), ("D2102", "孙浩"), ("D2103", "吴婷"))),
)
_COMPANIES = (
    "华星科技有限公司",
    "恒通物流有限公司",
    "锦程建材有限公司",
    "金禾农业发展有限公司",
    "博远医疗器械有限公司",
    "瑞丰纺织股份有限公司",
    "中科智联信息技术有限公司",
    "东方明珠餐饮管理有限公司",
    "天宇新能源有限公司",
    "鑫达五金制品有限公司",
    "汇通贸易有限公司",
    "蓝海电子商务有限公司",
    "长江精密机械有限公司",
    "绿源环保科技有限公司",
    "宏盛房地产开发有限公司",
    "安泰保安服务有限公司",
    "嘉禾食品有限公司",
    "联创汽车零部件有限公司",
    "百川化工有限公司",
    "新世纪教育咨询有限公司",
    "云帆软件有限公司",
    "旭日光伏科技有限公司",
    "同仁堂大药房连锁有限公司",
    "万家福超市有限公司",
    "永辉冷链物流有限公司",
    "青松园林工程有限公司",
    "星河文化传媒有限公司",
    "鼎盛建设集团有限公司",
    "合力包装材料有限公司",
    "海川水产有限公司",
)
_PERSONS = (
    "陈晓东",
    "林小红",
    "黄志强",
    "何丽华",
    "郭建平",
    "马文静",
    "罗海波",
    "梁淑芬",
    "宋国庆",
    "唐雅琴",
)
_CONTACTS = (
    ("王", "总"),
    ("李", "经理"),
    ("张", "会计"),
    ("刘", "财务总监"),
    ("陈", "董事长"),
    ("杨", "出纳"),
)
_TOPICS = (
    (("贷款",), ("流贷",), "谈流贷续贷", Decimal(5_000_000)),
    (("存款",), ("大额存单",), "推荐大额存单", Decimal(2_000_000)),
    (("代发工资",), ("代发工资",), "商谈代发工资", None),
    (("理财",), ("理财",), "介绍理财产品", Decimal(500_000)),
    (("结算",), ("收单",), "安装收单POS", None),
    (("信用卡",), ("信用卡",), "办理企业信用卡", None),
)
_CHANNELS = ("上门拜访", "上门拜访", "上门拜访", "电话", "微信", "客户来行")
_OUTCOMES = (
    "客户有意向,待提交材料",
    "客户同意续作",
    "客户考虑中,下次再谈",
    "已提交申请",
    "客户暂无需求",
    None,
)
# per month: a target drawn from the choices, so that managers' rates differ and the ranking means something
_MONTHLY_TARGETS = (
    ("visits", (Decimal(20), Decimal(25), Decimal(30))),
    ("deposits", (Decimal(15_000_000), Decimal(20_000_000), Decimal(30_000_000))),
    ("loans", (Decimal(20_000_000), Decimal(30_000_000), Decimal(40_000_000))),
)
HISTORY_DAYS = 90  # visits spread over the last quarter
TARGET_MONTHS = 4  # this month and the three before


@dataclass(frozen=True)
class SeedResult:
    created: bool
    staff: int
    customers: int
    visits: int


def seed_demo(uow: UnitOfWork, now: datetime, tz: ZoneInfo) -> SeedResult:
    """Creates the demo once; a second call finds the marker and changes nothing."""
    if uow.staff.by_staff_no(DEMO_MARKER) is not None:
        return SeedResult(created=False, staff=0, customers=0, visits=0)
    rng = random.Random(2026)
    today = now.astimezone(tz).date()
    branch = uow.units.add(OrgUnit(name="示例银行滨江支行", kind=UnitKind.BRANCH, created_at=now))
    admin = uow.staff.add(_staff(DEMO_MARKER, "陈静", Role.ADMIN, branch.id, now))
    uow.staff.add(_staff("D0002", "林晓", Role.CURATOR, branch.id, now))  # the product department's FAQ curator
    managers: list[Staff] = []
    for team_name, (sup_no, sup_name), members in _TEAMS:
        team = uow.units.add(OrgUnit(name=team_name, kind=UnitKind.TEAM, parent_id=branch.id, created_at=now))
        supervisor = uow.staff.add(_staff(sup_no, sup_name, Role.SUPERVISOR, team.id, now))
        uow.staff.add_lead(supervisor.id, team.id)
        managers += [uow.staff.add(_staff(no, name, Role.MANAGER, team.id, now)) for no, name in members]
    contacts: dict[int, int] = {}
    customers = _customers(uow, managers, rng, now, contacts)
    visits = _visits(uow, customers, contacts, rng, today, tz)
    _targets(uow, managers, admin.id, rng, today, now)
    return SeedResult(created=True, staff=2 + len(managers) + 2, customers=len(customers), visits=visits)


def _staff(staff_no: str, name: str, role: Role, unit_id: int, now: datetime) -> Staff:
    phone = f"139{int(staff_no[1:]):08d}"
    return Staff(
        staff_no=staff_no,
        name=name,
        role=role,
        unit_id=unit_id,
        phone=phone,
        active=True,
        locale="zh-CN",
        timezone="Asia/Shanghai",
        created_at=now,
    )


def _customers(
    uow: UnitOfWork, managers: list[Staff], rng: random.Random, now: datetime, contacts: dict[int, int]
) -> list[Customer]:
    """The demo's customers, each company with one contact (recorded in `contacts`: customer id → contact id); the
    first customer of every second manager joined this month, the others over the last year and a half."""
    names = [(n, True) for n in _COMPANIES] + [(n, False) for n in _PERSONS]
    result: list[Customer] = []
    for i, (name, is_company) in enumerate(names):
        owner = managers[i % len(managers)]
        joined = now - timedelta(days=rng.randint(0, 20) if i < len(managers) and i % 2 == 0 else rng.randint(100, 540))
        customer = uow.customers.add(
            Customer(
                owner_id=owner.id,
                name=name,
                name_norm=normalise_name(name),
                is_company=is_company,
                company=name if is_company else None,
                tier=rng.choice("AABBCC"),
                phone=f"13{rng.randint(500_000_000, 999_999_999)}",
                created_at=joined,
                updated_at=joined,
            )
        )
        if is_company:
            surname, title = rng.choice(_CONTACTS)
            phone = f"13{rng.randint(500_000_000, 999_999_999)}"
            contact = uow.customers.add_contact(
                Contact(customer_id=customer.id, name=f"{surname}{title}", title=title, phone=phone)
            )
            contacts[customer.id] = contact.id
        result.append(customer)
    return result


def _visits(
    uow: UnitOfWork,
    customers: list[Customer],
    contacts: dict[int, int],
    rng: random.Random,
    today: date,
    tz: ZoneInfo,
) -> int:
    count = 0
    for customer in customers:
        known_for = (today - customer.created_at.astimezone(tz).date()).days
        for _ in range(rng.randint(1, 4)):
            day = today - timedelta(days=rng.randint(1, max(1, min(HISTORY_DAYS, known_for))))
            at = datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 30))), tz)
            products, details, purpose, amount = rng.choice(_TOPICS)
            follow_up = day + timedelta(days=rng.randint(3, 14)) if rng.random() < 0.5 else None
            visit = Visit(
                staff_id=customer.owner_id,
                customer_id=customer.id,
                contact_id=contacts.get(customer.id),
                occurred_at=at,
                channel=rng.choice(_CHANNELS),
                purpose=purpose,
                products=list(products),
                product_details=list(details),
                amount=amount,
                outcome=rng.choice(_OUTCOMES),
                follow_up_date=follow_up,
                created_at=at,
                updated_at=at,
            )
            uow.visits.add(visit)
            if follow_up is not None:
                tasks.add_follow_up(
                    uow, customer.owner_id, customer.id, visit.id, f"跟进{customer.name}:{purpose}", follow_up, at
                )
            count += 1
    return count


def _targets(
    uow: UnitOfWork, managers: list[Staff], admin_id: int, rng: random.Random, today: date, now: datetime
) -> None:
    """Monthly targets for this month and the three before, and results for the months that are over (this
    month's come from /done and the bank's export, as they would in a real month)."""
    month = today.replace(day=1)
    for index in range(TARGET_MONTHS):
        for manager in managers:
            for metric, choices in _MONTHLY_TARGETS:
                goal = rng.choice(choices)
                uow.targets.upsert(manager.id, metric, PeriodKind.MONTH, month, goal, admin_id, now)
                if index > 0 and metric != "visits":
                    _results(uow, manager.id, metric, goal * Decimal(rng.randint(35, 115)) / 100, month, rng, now)
        month = (month - timedelta(days=1)).replace(day=1)


def _results(
    uow: UnitOfWork, staff_id: int, metric: str, total: Decimal, month: date, rng: random.Random, now: datetime
) -> None:
    """A month's total in a few self-reported entries on random days of that month, in whole 10万."""
    parts = rng.randint(2, 5)
    last_day = (_month_end(month) - month).days
    for _ in range(parts):
        amount = (total / parts / 100_000).quantize(Decimal(1)) * 100_000
        day = month + timedelta(days=rng.randint(0, last_day))
        uow.targets.add_result(
            ResultEntry(staff_id=staff_id, metric=metric, day=day, amount=amount, source="self", created_at=now)
        )


def _month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
