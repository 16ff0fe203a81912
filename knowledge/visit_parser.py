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

import calendar as calendar_module
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pypinyin import lazy_pinyin

from knowledge.amounts import Amount, find_amounts
from knowledge.amounts import prepare as prepare_numbers
from knowledge.cn_dates import PARTS_OF_DAY, PLAN_WORDS, DateMention, at, find_dates, find_time
from knowledge.lexicon import common_word, inside_noun, leading_noun, tagged
from knowledge.names import normalise_name
from knowledge.simplify import to_simplified
from knowledge.workcal import WorkCalendar

PRODUCTS_FILE = Path(__file__).with_name("data") / "products.yaml"
ORGANISATIONS_FILE = Path(__file__).with_name("data") / "organisation_words.yaml"


def organisation_words(path: Path = ORGANISATIONS_FILE) -> list[str]:
    """The words that end an organisation's name (legal forms, trades, places), from the data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [str(word) for words in data.values() for word in words]


CHANNELS = ("上门拜访", "电话", "微信", "客户来行", "其他")
PARTS = "|".join(sorted(PARTS_OF_DAY, key=len, reverse=True))
MAX_CHARS = 600  # a visit report is a few sentences; longer text is cut before parsing, so none costs much

_CHANNEL_CUES = (
    (
        "电话",
        re.compile(r"电话|致电|打给|通话|电联|来电|(?<!video )(?<!zoom )(?<!teams )call|phone|通了个?话|📞|☎", re.I),
    ),
    # online meetings count as 微信 (a call with a picture), as 视频会议 always has
    (
        "微信",
        re.compile(
            r"微信|视频|语音|wechat|企业微信|企微|腾讯会议|线上会|网上会|网络会议|钉钉|飞书|zoom|teams|video", re.I
        ),
    ),
    (
        "客户来行",
        re.compile(
            r"来行|到行|来我行|来网点|到网点|在网点|来支行|到支行|来营业部|来我们行|来办|上门来|来访|来存|来取|来开|来签|在行里|来行里"
            r"|来咨询|来还|来问|来交|来缴|来转|来换|来激活|来挂失|来销户"
            r"|值班时|接待了?|柜台|柜面|(?<![转挪打汇调拉搬存带发寄送万亿元块钱#])过来(?![的了]?钱)",
            re.I,
        ),
    ),
    (
        "上门拜访",
        re.compile(
            r"拜访(?!记录|日志|小结)|上门|去了|见了|见到|见的|见过|走访(?!记录|日志|小结)|登门|实地|见面|面谈|陪同|吃饭|喝茶|饭局|酒桌|碰到|碰见|遇到|开了个会|开会|开完会|拜方|"
            r"visit|met\b|meeting|lunch|dinner|breakfast|coffee|跑了|去的|去过|(?<!余额)(?<!存款)(?<!额度)(?<!资金)(?<!款项)(?<!金额)(?<!钱)到了|跑|去他|去她|到他|到她|送了|装了"
            r"|(?<=[点半])(?:去|到|在)|吃了?个?[早午晚]?饭"
            r"|(?:客户|他们|对方|人家)(?:那边|那里|公司|办公室|单位|厂里|店里|家里)|工地|车间|厂区|\bat (?:his|her|their) (?:office|factory|shop|site)"
            r"|从\S{2,12}回来|去(?=\S{0,3}了)|喝了?个?酒|喝酒|打球|聚餐|宴请|参观|考察|尽调|座谈"
            r"|(?:^|[,,\s]|今天|昨天|前天|上午|下午|中午|早上|晚上|今早|今晨|[一二三四五六日天])(?:去|到|在)(?=[\u4e00-\u9fa5A-Za-z]{2})",
            re.I,
        ),
    ),
)
_EVENT = re.compile(
    "|".join(c.pattern for _, c in _CHANNEL_CUES)
    + r"|聊了|谈了|沟通了|签了|办了|存了|开了|约了|联系了|回访|跟进了|对了|确认了",
    re.I,
)
_AGAIN = re.compile(r"再|(?<![电话上门微信])回访|跟进(?!了)|继续|复访|回头|回电话|回个电话|回复")
_FOLLOW_UP_CUE = re.compile(
    r"跟进|回访|再联系|再约|再去|再拜访|复访|再沟通|再谈|再聊|再跟|再电话|再打|再过去|再见面|再碰|再找|再说|联系他|联系她|"
    r"提醒|去签|签约|上门签|follow.?up|call back|next (?:call|meeting|visit)",
    re.I,
)
_VAGUE_ACTION = re.compile(
    r"再|回访|跟进|联系|拜访|上门|去|见|约|碰|找|发过去|发给|发他|发她|送过去|送去|交上|报上|给方案|给材料|给消息|给答复|给个|"
    r"回复|答复|来行|来办|来签|来取|来开|来存|来做|follow",
    re.I,
)
_INTENT = re.compile(
    r"(?<![发报送寄传拿上回过出])去(?:一趟|趟)?|拜访|上门|见面|(?<![意看遇碰听再])见(?![了过到着的])|约了?|来行|来开|来办|来网点|来存|来签|来取|来我行|到行|到网点"
    r"|(?<![转挪打汇调拉搬存带发寄送])过来"
)
_CONTACT_NOW = re.compile(
    "|".join(cue.pattern for channel, cue in _CHANNEL_CUES if channel in ("电话", "微信")) + "|通了|打了|发了", re.I
)
_COME = re.compile(r"来行|到行|来我行|来网点|到网点|来支行|到支行|来营业部|来我们行|来办|来存|来取|来开|来签|来行里")
_PAST_MARK = re.compile(r"(?<![约为])(?<!约好)(?<!约定)(?<!说好)了|(?<=[去见来做谈聊办签到])(?:过|的)|刚|已经|已")
_DONE = re.compile(
    r"拜访|走访|见了|见到|去了|到了|来电|打了|通了|聊了|谈了|碰到|碰见|遇到|吃了|喝了|开了|办了|签了|存了|送了|装了|接待|视频|微信|"
    r"电话|call|met\b|visit|跑了|去的|去过|来的|陪同|面谈|对了|确认了|沟通",
    re.I,
)
_DEADLINE_AFTER = re.compile(r"^\s*(?:之前|以前|前)")
_ARRIVED = re.compile(r"来行|来访|上门|到行|来网点|来我行|来支行")  # undated before the first date: today's contact
_REPORTED = re.compile(r"说|表示|答应|告诉|问我|回复|同意|反馈|想要|想做|想办|想申请|需要|要求")
_NEXT_STEP = re.compile(
    r"再|(?<![电话上门微信])回访|(?<!电话)跟进|复访|去取|去送|去签|去拿|去一趟|过去|来办|来取|来签|来开|来存|来拿|送表|送资料|交材料|"
    r"取材料|给材料|答复|回复|给方案|出方案|出审批|出额度|出结果|给报价|报价|签约|签协议|签合同|放款|上会|装机|首发|开始|到账|"
    r"要去|要来|要办|要签|要交|准备|打算|计划|预计|将会|会去|会来|明年|下个?月|下周|回头|提醒|安排|叫人|约好|约了|发我|给我|发来|发他|"
    r"给他|发过去|送过去|报材料|报上去|报审|报批|提交|交标书|盖章|带报表|带材料|带方案|给名单|follow|next (?:call|meeting|visit)"
    r"|\b(?:will|shall|going to|plan(?:s|ning)? to|by)\b|\w'll\b",
    re.I,
)
_OUTCOME = re.compile(
    r"同意|答应|签约|签了|已签|意向|考虑|答复|回复|谈妥|拒绝|没兴趣|不感兴趣|暂无|暂时不|不需要|已办|办好|开好|成功|落地|搞定"
    r"|审批|上会|批了|批下来|有需求|没需求|需求|满意|认可|比较|倾向|犹豫|等.*?消息|反馈"
)
_PURPOSE = re.compile(r"谈|聊|沟通|洽谈|商量|推荐|介绍|营销|推介|讨论|了解|咨询|对接|办理|协商|汇报|调研|送|续作")
_TITLES = (
    "财务总监|财务经理|总经理|董事长|副总|经理|会计|出纳|财务|总监|主任|处长|科长|局长|部长|行长|校长|院长|厂长|书记|店长|社长"
    "|场长|站长|所长|律师|医生|老师|助理|主管|秘书|老板娘|老板|总|董|工|姐|哥"
)
_DATE_WORDS = re.compile(
    r"今天|昨天|明天|前天|后天|今早|今晨|明早|今晚|明晚|昨晚|一早|傍晚|开春|开年|年前|年后|节前|节后|上午|下午|中午|晚上|月底|月初|月中|年底|年初|明年|今年|去年|[上下本这]个?(?:周|月|星期)|"
    r"周[一二三四五六日天]|星期|礼拜|[\d一二三四五六七八九十]+[月号日]|刚才|刚刚"
)
_PRODUCT_AFTER = re.compile(r"^(?:卡|贷|险|户|码|机)")
_COUNTED = re.compile(r"[一二两三四五六七八九十几\d][张个家笔户位台套次趟回遍]")
_JOINED = re.compile(
    r"(?:^|[\s,,。;;的了是在我你他她说要给跟把去到访见找趟]|拜访|去了)(?P<part>(?![刚又也就都还才只先])[\u4e00-\u9fa5][和与])$"
)  # 泰和物业, 去安和医院, 把嘉和地产: 和 inside a name; 刚和中粮贸易: 和 after an adverb joins
_ABSENT = re.compile(r"^(?:不在|出差|没在|请假|休假|没来|在开会|开会)")
_RETAIL = (
    "老板娘|老板|阿姨|阿婆|阿公|阿伯|大爷|大妈|大娘|大叔|大伯|大姐|大哥|大嫂|奶奶|爷爷|婆婆|伯伯|叔叔|婶婶|老太|先生|女士|小姐|师傅|老师|医生"
    "|哥|姐|叔|婶|嫂"
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
    "付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧傅阎赖贝洪冼蔺邰钮"
)
_COMPOUND = "欧阳|司马|诸葛|上官|司徒|东方|慕容"
_NOT_A_TITLE_AFTER = r"(?![行部额共计结体量裁监局程作厂业资商款长])"
_CONTACT = re.compile(rf"(?P<name>{_COMPOUND}|[{_SURNAMES}])(?P<title>{_TITLES}){_NOT_A_TITLE_AFTER}")
_FAMILIAR_CONTACT = re.compile(
    rf"(?:(?:助理|秘书|同事|社长|理事长|主任|总监|店长|站长|园长|院长|校长|厂长|场长|出纳|会计|财务)\s*|跟|和|同|的)"
    rf"(?P<name>[小老][{_SURNAMES}])(?![\u4e00-\u9fa5]{{0,1}}(?:{_TITLES}))(?!\s*一起(?:去|拜访|走访|上门|到|陪))"
)
_ALONG = re.compile(r"\s*一起(?:去|拜访|走访|上门|到|陪)")  # 和李经理一起去了锦程物流: who came along
_FULL_NAME_CONTACT = re.compile(
    rf"(?P<name>[{_SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)(?P<title>{_TITLES}){_NOT_A_TITLE_AFTER}"
)
_RETAIL_PERSON = re.compile(
    rf"(?P<name>(?:{_COMPOUND}|[{_SURNAMES}])(?:{_RETAIL})|老(?![师板])[{_SURNAMES}]头?(?![板师]))"
)
_STOP_CHARS = set(
    "的了是在我你他她它们说要会能把被给和跟与就都也还又再才这那有没不很吧呢吗啊呀哦嗯过着将想让请去来到对送取找前后下卖买做搞弄"
)
_NAME_FIRST = set("和会同来向")  # …and those that start names (和平, 会友, 同康, 来福, 向阳)
_IN_NAMES = set("和会与同向对在来到去有能要将想过前后下")  # function characters that real names contain (会计师, 向阳)
_DIRTY = re.compile(rf"[{''.join(sorted(_STOP_CHARS))}\s\d#,,、。;;!!??::()()万亿千百十零一二两三四五六七八九]")
_COMPANY_SUFFIX = "|".join(sorted(organisation_words(), key=len, reverse=True))
_RUNS_ON = re.compile(
    r"[^\s{stop},,、。:]{{0,2}}(?:{suffix})".format(stop="".join(sorted(_STOP_CHARS)), suffix=_COMPANY_SUFFIX)
)
_ORG = re.compile(rf"[\u4e00-\u9fa5A-Za-z0-9()() ]{{2,16}}?(?:[A-Za-z0-9]{{0,3}}(?:{_COMPANY_SUFFIX}))+")
_BRANCH = re.compile(r"[((][\u4e00-\u9fa5A-Za-z0-9]{1,8}(?:店|分店|门店|分公司|公司|厂|中心|集团)[))]")
_STORE = re.compile(
    r"(?![和与及跟同])[\u4e00-\u9fa5]{2,4}?(?:分店|门店|店)(?!长)"
)  # 蜜雪冰城|万达店: a chain's branch store
_SUFFIX_START = re.compile(rf"(?:{_COMPANY_SUFFIX})")  # 装修门店 is not a name: a name comes before the trade
_SUFFIX_WORD = re.compile(rf"(?:{_COMPANY_SUFFIX})$")
_BANK_WORDS = re.compile(
    r"我行|本行|支行|分行|总行|(?<!快递)(?<!速运)(?<!物流)网点|营业部|行里|银行|工行|建行|农行|中行|招行|交行|邮储|农商行|信用社|风控|同事|公司那边|产品经理"
)
_BOUNDARY = re.compile(
    r"[,,。.;;!!??、:::\s|~「」『』“”‘’\"《》【】\[\]]+|拜访了?|走访了?|去了趟?|见了|到了|拜会了?|看望了?|约见了?|回访了?|visit(?:了)?|上门拜访|上门"
    r"|打了?(?:个|一个)?电话|打来电话|来电|电话|致电|微信|视频会?议?|来行|到行|来我行|来网点|到网点|来支行|来访|碰到了?|碰见了?"
    r"|电话联系|联系了?|拜方|跟进了?|陪同|在|(?<![\s,,。;;、][\u4e00-\u9fa5])(?<!^[\u4e00-\u9fa5])和|跟|与|给|说|问|约了?|找|的(?!士)|那边|这边|今天|昨天|前天|明天|后天|上午|下午|中午|晚上|早上|刚才|刚刚|今晨|今早"
    r"|(?:上上|上|这|本|下下|下)?(?:周|星期|礼拜)[一二三四五六日天]|\d+月\d+[日号]?|\d+点半?|去|到|见|谈|聊|沟通|推荐|介绍|吃饭|喝茶"
    r"|咨询(?=贷款|理财|信用|房贷|大额|业务)|办理|办了|存了|买了|开了|签了|送了|发了|要|想|准备|对了|装了|跑了|call了?|met|from"
)
_VISIT_VERB = re.compile(
    r"拜访了?|走访了?|去了趟?|见了|到了|拜会了?|看望了?|约见了?|回访了?|visit(?:了)?|上门拜访|联系了?|去|到|见|call了?|met"
)
_TRAILING = r"(?:打来|打了|打|发来|发了|发|来|去|说|约|的|财务部|财务|办公室|那边|这边|那里|这里|家|楼下|门口|那儿)+$"
_TIME_WORDS = re.compile(
    r"^(今天|昨天|前天|今早|今晚|昨晚|上午|下午|早上|中午|晚上|刚才|刚刚|(?:上|这|本|下)?(?:周|星期)[一二三四五六日天1-7])+"
)
_ENUMERATION = re.compile(r"[、,,\s和及]|三家|两家|几家|一圈|[两三四五六]个(?:老)?客户|三户|几户")
_QUESTION_END = re.compile(r"(?:[??]|吗|呢|么|吧[??]?)\s*$")
_INTERROGATIVE = re.compile(
    r"(?<![没不])(?:怎么|如何|为什么|为啥|什么时候|能不能|可不可以|可以吗|是否|有没有|哪些|哪里|哪个|多少(?![人个家天])|咋|请问|需要什么|要什么)"
)
_PAST = re.compile(r"了|过|刚|已|昨天|前天|上周|上午|今早|今晨|今天")


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


@dataclass(frozen=True)
class _Clause:
    text: str
    start: int
    past: tuple[DateMention, ...]
    ahead: tuple[DateMention, ...]
    event: bool
    again: bool


@dataclass
class _Dates:
    when: datetime
    has_time: bool
    planned: bool
    visit_clause: int | None
    follow_up: date | None = None
    follow_up_text: str | None = None
    follow_up_clause: int | None = None
    problem: str | None = None
    vague: str | None = None
    wanted: bool = False
    follow_clauses: list[int] = field(default_factory=list)


@cache
def product_vocabulary(path: Path = PRODUCTS_FILE) -> tuple[tuple[str, str], ...]:
    """(word, canonical product), longest words first."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs = [(str(word).lower(), str(canonical)) for canonical, words in data.items() for word in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def prepare(text: str) -> str:
    """Width, script, numbers and typed-by-sound channel words folded the way every rule here expects (and the
    spans refer to)."""
    folded = prepare_numbers(to_simplified(unicodedata.normalize("NFKC", text[:MAX_CHARS]))).strip()
    folded = _EMOJI.sub(" ", folded)  # 🏦海鸥旅行社: a picture separates words like a space (📞 and ☎ still say 电话)
    return _SOUNDALIKE.sub(_sound_fixed, folded) if _SOUNDALIKE.search(folded) else folded


_EMOJI = re.compile("[\U0001f000-\U0001f4dd\U0001f4df-\U0001faff\u2600-\u260d\u260f-\u27bf\ufe0f\u200d]")
_SOUND_WORDS = ("拜访", "电话", "微信")  # 拜仿, 电化, 微心: a pinyin keyboard's slips, corrected by sound
_SOUNDALIKE = re.compile("|".join(f"[{w[0]}][\u4e00-\u9fa5]|[\u4e00-\u9fa5][{w[1]}]" for w in _SOUND_WORDS))


def _sound_fixed(match: re.Match[str]) -> str:
    pair = match.group(0)
    if common_word(pair):
        return pair  # 摆放 sounds like 拜访 and is a word of its own
    return next((w for w in _SOUND_WORDS if w != pair and _sound(w) == _sound(pair)), pair)


@cache
def _sound(pair: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(pair))


def warm_up() -> None:
    """Loads what the first message would otherwise wait for (the word frequencies, the numeral reader)."""
    common_word("拜访")
    find_amounts("三百万")


def looks_like_visit(text: str, known_customers: Iterable[str] = ()) -> bool:
    """Whether a message reports a contact with a client rather than asks a question: a contact verb, a channel
    word or a known customer's name makes it a report, whatever particles it contains, unless it is phrased as a
    question without any past action in it."""
    clean = prepare(text)
    reported = bool(_EVENT.search(clean)) or bool(_known_mentions(clean, _aliases(tuple(known_customers))))
    reported = reported or bool(_CONTACT.search(clean) and (_PURPOSE.search(clean) or _REPORTED.search(clean)))
    if not reported:
        return False
    asks = bool(_QUESTION_END.search(clean)) or bool(_INTERROGATIVE.search(clean))
    if asks and _ASKED_BY.search(clean) and not _QUESTION_END.search(clean):
        return True  # 华星王总问能不能降点利率: what a named client asked, reported
    return not asks or bool(re.search(r"(?:了|过)(?![解])", clean) and not _QUESTION_END.search(clean))


_ASKED_BY = re.compile(
    rf"(?:(?:{_COMPOUND}|[{_SURNAMES}])(?:{_TITLES}|{_RETAIL})|老[{_SURNAMES}])[^\s,.;!?,。;!?]{{0,4}}?"
    r"(?:问|咨询|打听|想了解|想知道)"
)


def mentions_known(text: str, known_customers: Iterable[str]) -> list[str]:
    """The known customers a text names (whole or by a short form)."""
    return [name for _, name in _known_mentions(prepare(text), _aliases(tuple(known_customers)))]


def parse_visit(
    text: str, now: datetime, calendar: WorkCalendar, *, known_customers: Iterable[str] = ()
) -> ParsedVisit:
    """The draft a message describes; fields it does not mention stay empty (`when` defaults to now)."""
    clean = prepare(text)
    amounts = find_amounts(clean)
    masked = _mask(clean, [(a.start, a.end) for a in amounts])
    clauses = _clauses(masked, now.date(), calendar)
    dates = _dates(clauses, masked, now)
    aliases = _aliases(tuple(known_customers))
    form = _form_fields(clean)
    contact = _form_contact(form["contact"]) if "contact" in form else _contact(clean)
    customers, kind = _form_customer(form.get("customer"), aliases) or _customers(clean, masked, aliases)
    if kind in ("person", "guess") and contact is not None and any(c[0] == contact[0] for c in customers):
        contact = None  # 赵大姐 is the customer herself, not a contact 赵姐
    guess = customers[0] if kind == "guess" else None
    customers = () if guess else customers
    customer = customers[0] if customers else None
    products, details = _products(clean, customer or guess)
    amount = _visit_amount(amounts, clauses, dates.follow_clauses)
    texts = [c.text.strip("# ") or c.text for c in clauses]
    follow_texts = {texts[i] for i in dates.follow_clauses}
    outcome = next((t for t in texts if _OUTCOME.search(t) and t not in follow_texts), None)
    purpose = next((t for t in texts if _PURPOSE.search(t) and t != outcome), None)
    note_parts = [_unmask(clean, c) for c in clauses if _unmask(clean, c) not in (outcome, dates.follow_up_text)]
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
        outcome=_unmask_text(clean, masked, outcome),
        follow_up=dates.follow_up,
        follow_up_text=_unmask_text(clean, masked, dates.follow_up_text),
        follow_up_wanted=dates.wanted,
        purpose=_unmask_text(clean, masked, purpose),
        note=_form_note(clean) if form else ",".join(p for p in note_parts if p) or None,
        text=text,
    )


# ---- clauses and dates ---------------------------------------------------------------------------------------
def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Amount spans blanked out, so that 一点二个亿 is never one o'clock and 3kw never a date."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)


def _unmask(clean: str, clause: _Clause) -> str:
    return clean[clause.start : clause.start + len(clause.text)].strip()


def _unmask_text(clean: str, masked: str, text: str | None) -> str | None:
    if text is None:
        return None
    index = masked.find(text)
    return clean[index : index + len(text)] if index >= 0 else text


def _clauses(masked: str, today: date, calendar: WorkCalendar) -> list[_Clause]:
    """The message split at punctuation and at spaces between words, each clause with its dates read once; a piece
    that is only a date (12月15日, 昨晚十点) belongs to the piece after it."""
    pieces: list[tuple[str, int]] = []
    leans_past = _leans_past(masked)
    for match in _CLAUSE.finditer(masked):
        parts = [(p.group(0), match.start() + p.start()) for p in _PIECE.finditer(match.group(0))]
        parts = [(t, i) for t, i in parts if t.strip("# ")]
        pieces += _attach_dates(parts, today, calendar)
    return [
        _clause(text, start, today, calendar, leans_past or _outcome_follows(text, pieces[i + 1 :]))
        for i, (text, start) in enumerate(pieces)
    ]


_CLAUSE = re.compile(
    r"(?:[^,,。;;!!::\n→/|｜]|(?<=\d)/(?=\d)|(?<=\d):(?=\d\d))+"
)  # 钱总/上门 → …; 2027/6/11, 14:30 stay
_PIECE = re.compile(r"\S+(?:\s+(?=[^\u4e00-\u9fa5\d#\s])\S+)*")


def _leans_past(masked: str) -> bool:
    """A message with no next step and no intent anywhere reads its bare dates as past (a log: 12月1日 韦总 银承)."""
    plain = _without_products(masked)
    return not (_NEXT_STEP.search(plain) or _INTENT.search(plain) or _AGAIN.search(plain))


def _outcome_follows(text: str, rest: Sequence[tuple[str, int]]) -> bool:
    """周四晚上跟恒盛物流老板吃饭 代发的事定了: a dated clause without intent, followed by an undated outcome in the
    past tense, tells what happened on that day."""
    if not rest or _INTENT.search(text):
        return False
    after = _without_products(rest[0][0])
    return bool(_PAST_MARK.search(after)) and not _DATE_WORDS.search(after) and not _NEXT_STEP.search(after)


def _attach_dates(parts: list[tuple[str, int]], today: date, calendar: WorkCalendar) -> list[tuple[str, int]]:
    joined: list[tuple[str, int]] = []
    carry: tuple[str, int] | None = None
    for text, start in parts:
        if carry is not None:
            text, start = f"{carry[0]} {text}", carry[1]
            carry = None
        if _only_date(text, today, calendar):
            carry = (text, start)
            continue
        joined.append((text, start))
    if carry is not None:
        joined.append(carry)
    return joined


def _only_date(text: str, today: date, calendar: WorkCalendar) -> bool:
    rest = text
    for mention in find_dates(text, today, future=False, calendar_=calendar):
        rest = rest.replace(text[mention.start : mention.end], " ")
    rest = re.sub(rf"{PARTS}|[\d一二两三四五六七八九十]+(?:点|:|时)(?:\d+|半|一刻|三刻)?分?|\s", "", rest)
    return rest == "" and rest != text


def _clause(text: str, start: int, today: date, calendar: WorkCalendar, default_past: bool) -> _Clause:
    past, ahead = _read_dates(text, today, calendar, default_past)
    return _Clause(text, start, past, ahead, bool(_EVENT.search(text)), bool(_AGAIN.search(text)))


def _read_dates(
    text: str, today: date, calendar: WorkCalendar, default_past: bool
) -> tuple[tuple[DateMention, ...], tuple[DateMention, ...]]:
    """Each date phrase of a clause as past or ahead: 昨天 and 明天 say which themselves; a bare 周三, 29号 or 3月5日
    is ahead in a clause naming a next step (去取, 再, 准备, 明年 …) or before 前 (周五前), past in a clause that
    reports a contact (拜访了, 见了, 电话, or any past tense), and otherwise as the message leans."""
    backward = {(d.start, d.end): d for d in find_dates(text, today, future=False, calendar_=calendar)}
    forward = {(d.start, d.end): d for d in find_dates(text, today, future=True, calendar_=calendar)}
    plain = _without_products(text)
    next_step = bool(_NEXT_STEP.search(plain) or _BANK_STEP.search(text))  # 周五放款: 放款 is also a product word
    reported = (bool(_DONE.search(plain)) or bool(_PAST_MARK.search(plain))) and not _AGAIN.search(text)
    past: list[DateMention] = []
    ahead: list[DateMention] = []
    for span in sorted(set(backward) | set(forward)):
        back, fore = backward.get(span), forward.get(span)
        deadline = bool(_DEADLINE_AFTER.match(text[span[1] :]))
        if back is not None and fore is not None and back.day != fore.day:
            forward_reading = next_step or deadline or not (reported or default_past)
            far = abs((fore.day - today).days) > _FAR or abs((back.day - today).days) > _FAR
            past_tense = bool(_PAST_MARK.search(plain))
            if far and next_step == past_tense:  # the tense says nothing: the nearer one (3月10日 on 1 March)
                forward_reading = (fore.day - today) < (today - back.day)
            elif far:  # 十一前去签合同 in December is next October's; 3月10日拜访了 in December is last March's
                forward_reading = next_step
            (ahead if forward_reading else past).append(fore if forward_reading else back)
        elif (mention := back or fore) is not None:
            due_today = mention.day == today and (next_step or deadline) and mention.kind not in _NOW_KINDS
            (past if mention.day <= today and not due_today else ahead).append(mention)
    return tuple(past), tuple(ahead)


_BANK_STEP = re.compile(r"放款|提款|上会|审批|批复")
_NOW_KINDS = ("relative_day", "just_now", "en_relative_day")
_FAR = 183  # days: a date without a year is the nearer one when the other reading is half a year away


def _without_products(text: str) -> str:
    """The clause with product words taken out, so that 代发 is not a 发 and 贷款 not a 款."""
    scan = text.lower()
    for word, _ in product_vocabulary():
        scan = scan.replace(word, " ")
    return scan


def _dates(clauses: Sequence[_Clause], masked: str, now: datetime) -> _Dates:
    """The visit's date (the latest past date of a clause reporting a contact, else the message's own past date),
    or the planned one (the first contact clause has only a date ahead), and the first follow-up date."""
    today = now.date()
    problem = next((masked[d.start : d.end] for c in clauses for d in c.past + c.ahead if not d.valid), None)
    candidates = [(i, d) for i, c in enumerate(clauses) for d in c.past if d.valid and not d.vague]
    eventful = [(i, d) for i, d in candidates if clauses[i].event] or candidates
    result: _Dates
    rough = [(i, d) for i, c in enumerate(clauses) for d in c.past if d.valid and d.vague and c.event]
    moved = _plan(clauses, today) if _moved_to(clauses) else None  # 今天下午的会改到明天了: put off, not held
    if moved is not None:
        result = _at_clause(clauses[moved[0]], moved[0], moved[1], now, planned=True)
    elif eventful:
        index, mention = max(eventful, key=lambda pair: (pair[1].day, -pair[0]))
        result = _at_clause(clauses[index], index, mention, now, planned=False)
    elif rough and rough[0][1].day < today:
        index, mention = rough[0]
        result = _Dates(at(_guess(mention, today), None, now), False, False, index)
        result.vague = masked[mention.start : mention.end]
    elif (plan := _plan(clauses, today)) is not None:
        result = _at_clause(clauses[plan[0]], plan[0], plan[1], now, planned=True)
    else:
        events = [i for i, c in enumerate(clauses) if c.event]
        reporting = next((i for i in events if not clauses[i].ahead), events[0] if events else None)
        result = _today(clauses, reporting, now)
    result.problem = problem
    _find_follow_up(clauses, result, today)
    return result


def _guess(mention: DateMention, today: date) -> date:
    """A day for 上周 or 上个月: the same weekday or day of that week or month (to be confirmed)."""
    if mention.kind == "week":
        return mention.day + timedelta(days=today.weekday())
    if mention.kind == "month":
        last = calendar_module.monthrange(mention.day.year, mention.day.month)[1]
        return mention.day.replace(day=min(today.day, last))
    return mention.day


def _plan(clauses: Sequence[_Clause], today: date) -> tuple[int, DateMention] | None:
    """A visit still to come: the message's first date is a day ahead, in a clause (or right before the clause)
    that says the manager or the customer will go or come (去, 拜访, 约了, 来开户), and nothing says a contact
    happened now: no past tense, no channel word (微信, 电话), no reported words (说, 想要)."""
    moved = _moved_to(clauses)
    first = moved or next(
        ((i, d) for i, c in enumerate(clauses) for d in sorted(c.past + c.ahead, key=lambda m: m.start)), None
    )
    if first is None or first[1].day <= today or first[1].vague or not first[1].valid:
        return None
    index = first[0]
    end = next((i for i in range(index + 1, len(clauses)) if clauses[i].past or clauses[i].ahead), len(clauses))
    own = clauses[index : max(end, index + 2)]  # 下周一上午九点 泰和物业 杜经理 来开户: the date's clauses
    if moved is None and not any(_INTENT.search(c.text) and (not c.again or _PLANNING.search(c.text)) for c in own):
        return None  # 下周三再去 is the step after today's contact; 准备下周三去回访 is a visit planned
    if any(_REPORTED.search(c.text) or _CONTACT_NOW.search(c.text) for c in clauses):
        return None
    if moved is not None:
        own = [c for c in own if c is not clauses[index]]  # 改到明天了: the 了 is the change, not a contact
    if any(_PAST_MARK.search(_without_products(c.text)) for c in own):
        return None
    if any(
        (_DONE.search(plain) or _PAST_MARK.search(plain) or _ARRIVED.search(plain)) and not _CALLED_OFF.search(plain)
        for plain in (_without_products(c.text) for c in clauses[:index])
    ):
        return None  # 上午在网点见了卢志刚 … 下周二来签合同: the contact happened, the date is the next step
    return first


def _moved_to(clauses: Sequence[_Clause]) -> tuple[int, DateMention] | None:
    """The new day of a meeting put off (改到下周三, 推到明天): the visit is planned for that day."""
    for i, clause in enumerate(clauses):
        for mention in clause.ahead:
            if _MOVED.search(clause.text[: mention.start]) and not _MOVED.search(clause.text[mention.end :]):
                return i, mention
    return None


_MOVED = re.compile(r"(?:改到|改成|改在|改为|推到|推迟到|延到|延期到|挪到|换到)\s*$")
_CALLED_OFF = re.compile(r"[去来]不了|[去来]不成|取消|临时有事")


_PLANNING = re.compile(r"准备|打算|计划|预计|安排")


def _at_clause(clause: _Clause, index: int, mention: DateMention, now: datetime, *, planned: bool) -> _Dates:
    clock = find_time(clause.text)
    if mention.is_now:
        return _Dates(now, True, False, index)
    when = at(mention.day, clock[0] if clock else None, now)
    return _Dates(when, clock is not None, planned, index)


def _today(clauses: Sequence[_Clause], index: int | None, now: datetime) -> _Dates:
    """A contact without a date: today, at the clock time it names (a later hour with 约了/准备, or with 去 and no
    past tense, is a plan)."""
    for i in [index] if index is not None else range(len(clauses)):
        if clauses[i].ahead:
            continue  # 明天上午给他回电话: the time belongs to the follow-up, not to this contact
        clock = find_time(clauses[i].text)
        if clock is not None:
            when = at(now.date(), clock[0], now)
            text = _without_products(clauses[i].text)
            going = _INTENT.search(text) and not (_COME.search(text) or _PAST_MARK.search(text) or _DONE.search(text))
            planned = when > now and bool(PLAN_WORDS.search(clauses[i].text) or going)  # 下午两点去博雅教育
            return _Dates(when, True, planned, index)
    return _Dates(now, False, False, index)


_REST = re.compile(r"(?:放假|休息|过节|不上班|休假|调休|放假了|休息了)")


def _only_rest(clause: _Clause) -> bool:
    """A clause that only says a day is off (明天放假, 周六休息)."""
    rest = clause.text
    for mention in clause.ahead:
        rest = rest.replace(clause.text[mention.start : mention.end], "")
    return bool(clause.ahead) and bool(_REST.fullmatch(rest.strip(" 也都就要又")))


def _find_follow_up(clauses: Sequence[_Clause], result: _Dates, today: date) -> None:
    """The nearest date ahead (a day before a vague 下周 or 下个月, which counts only with an action of the
    manager's; on the same day, the clause that says 跟进 or 回访 names it); a deadline falling today counts when
    the clause says so (月底前回访 on the 30th); a follow-up word without a date asks for one."""
    found: list[tuple[bool, date, bool, int, int, DateMention]] = []
    for i, clause in enumerate(clauses):
        if i == result.visit_clause and result.planned:
            continue
        if _only_rest(clause) or _CALLED_OFF.search(clause.text):
            continue  # 明天放假, 明天去不了: a day off or a meeting called off, not a step to take
        action = bool(_VAGUE_ACTION.search(clause.text))
        due = [
            d
            for d in clause.ahead
            if d.valid
            and (d.day > today or d.kind not in ("relative_day", "just_now"))
            and (not d.vague or action or _due_step(clause.text, d))
        ]
        if due:
            result.follow_clauses.append(i)
            cue = not _FOLLOW_UP_CUE.search(clause.text)
            found += [(d.vague, d.day, cue, i, d.start, d) for d in due]
        elif _FOLLOW_UP_CUE.search(clause.text) and i != result.visit_clause:
            result.wanted = True
            result.follow_clauses.append(i)
            result.follow_up_text = result.follow_up_text or clause.text
    if found:
        *_, index, _, mention = min(found, key=lambda row: row[:5])
        result.follow_up, result.follow_up_text, result.follow_up_clause = mention.day, clauses[index].text, index


def _due_step(text: str, mention: DateMention) -> bool:
    """年底前上会: a rough date with a deadline's 前 and the bank's own step is a day to act by."""
    return bool(_DEADLINE_AFTER.match(text[mention.end :]) and _BANK_STEP.search(text))


def _channel_of(text: str, clauses: Sequence[_Clause], index: int | None, follow: Sequence[int] = ()) -> str:
    """The channel of the visit's own clause, else the first channel word outside the follow-up clauses (电话 over
    拜访 in 电话拜访): 约了周五下午来行 says how the next contact will be, not this one."""
    form = _FORM_CHANNEL.search(text)
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
        for text in scope:
            for channel, cue in _CHANNEL_CUES:
                if cue.search(text):
                    return channel
    if index is not None and _INTENT.search(clauses[index].text) and not _COME.search(clauses[index].text):
        return "上门拜访"  # 下月中旬去银河小学: going there is a visit
    return "其他"


_OUR_PLACE = re.compile(r"\b(?:in|at|to) our (?:branch|bank|office)\b", re.I)
_FORM_CHANNEL = re.compile(r"(?:方式|形式|渠道|途径)\s*[::]\s*([^\s;;,,/|]+)")  # 拜访方式:电话 in a form-like report


def _reports_contact(text: str) -> bool:
    plain = _without_products(text)
    return bool(_DONE.search(plain) or _PAST_MARK.search(plain))


# ---- amounts --------------------------------------------------------------------------------------------------
def _visit_amount(amounts: Sequence[Amount], clauses: Sequence[_Clause], follow: Sequence[int]) -> Amount | None:
    """The first amount outside the follow-up clauses (what this contact was about), else the first one."""
    if not amounts:
        return None
    spans = [(c.start, c.start + len(c.text)) for i, c in enumerate(clauses) if i in follow]
    own = [a for a in amounts if not any(s <= a.start < e for s, e in spans)]
    return (own or list(amounts))[0]


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


# ---- contact and customers ----------------------------------------------------------------------------------------
def _contact(text: str) -> str | None:
    """王总, 李经理, 张会计: a surname and a title, where the surname starts a word (after a verb, a company
    name, punctuation or the start), else a full name with a title (王建国总经理 → 王总经理), else a familiar form
    after a role (助理小王, 社长老孙); someone said to be away (王总出差了) is not the contact."""
    familiar = _FAMILIAR_CONTACT.search(text)
    for pattern in (_CONTACT, _FULL_NAME_CONTACT):
        for match in _titled(pattern, text):
            head = text[: match.start()]
            if _inside_org(text, match.start(), match.end()) or _ABSENT.match(text[match.end() :]):
                continue
            if _ALONG.match(text[match.end() :]):
                continue  # 和李经理一起去了锦程物流: a colleague came along
            if match.group("title") == "行长" and re.search(r"(?:分|陪同?|跟着?|带着?|我们|我行|支行|分行)$", head):
                continue  # 陪同分管行长: our own bank's leader, not the customer's contact
            starts_word = pattern is _CONTACT or (
                not head
                or not re.match(r"[\u4e00-\u9fa5]", head[-1])
                or re.search(rf"(?:{_VISIT_VERB.pattern}|{_COMPANY_SUFFIX}|的|和|跟|与|见|约|找)$", head)
            )
            if starts_word:
                name = match.group("name")
                return f"{name[0] if pattern is _FULL_NAME_CONTACT else name}{match.group('title')}"
    if familiar is None:
        familiar = _FAMILIAR_ALONE.search(text)  # 绿野合作社 老冯 电话: a familiar name standing as a word of its own
    return familiar.group("name") if familiar else None


_FAMILIAR_ALONE = re.compile(rf"(?:^|(?<=\s))(?P<name>[小老][{_SURNAMES}])(?=\s|$)")


def _titled(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of a surname-and-title pattern whose title does not run into a word (景泰蓝工艺厂 has no 蓝工)."""
    for match in pattern.finditer(text):
        joined = text[match.end() - 1 : match.end() + 1]
        if len(joined) < 2 or not common_word(joined):
            yield match


@cache
def _aliases(known: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
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
        while (match := _SUFFIX_WORD.search(part)) and len(part) - len(match.group(0)) >= 2:
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
    rf"^(?:$|[^\u4e00-\u9fa5]|那边|这边|那里|的|家|公司|集团|(?:{_COMPOUND}|[{_SURNAMES}])(?:{_TITLES})|两家)"
)


def _known_mentions(text: str, aliases: Sequence[tuple[str, str, str]]) -> list[tuple[int, str]]:
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


def _form_fields(text: str) -> dict[str, str]:
    """The customer and the contact a form-like report labels (客户名称:利达贸易, 联系人:贝经理): the manager said
    which is which, so the labels decide over the guesses below."""
    found: dict[str, str] = {}
    for match in _FORM_FIELD.finditer(text):
        field = "contact" if match.group("label") in _CONTACT_LABELS else "customer"
        value = re.sub(r"\([^()]*\)$", "", match.group("value")).strip()  # 冉经理(华泰包装), 绿叶超市(个体)
        if 2 <= len(value) <= 40 and not _FORM_EMPTY.fullmatch(value):
            found.setdefault(field, value)
    return found


def _form_customer(value: str | None, aliases: Sequence[tuple[str, str, str]]) -> tuple[tuple[str, ...], str] | None:
    """A labelled customer: a known one when the label names it (客户:华星 → 华星科技有限公司), else the name as
    written, when it reads as a name (no date, amount, product or bank word)."""
    if value is None:
        return None
    known = _known_mentions(value, aliases)
    if known:
        return (known[0][1],), "known"
    if _BANK_WORDS.search(value) or _DATE_WORDS.search(value) or _only_products(value) or re.search(r"\d", value):
        return None
    return (value,), "org" if not _RETAIL_PERSON.fullmatch(value) else "person"


def _form_note(text: str) -> str | None:
    """The labelled report's own items (内容:开户, 结果:待审批) as the note, without the fields the card shows."""
    items = [
        f"{m.group('label')}:{m.group('value')}"
        for m in _FORM_PAIR.finditer(text)
        if m.group("label") not in _CONTACT_LABELS and not _FORM_SHOWN.search(m.group("label"))
    ]
    return ",".join(items) or None


def _form_contact(value: str) -> str:
    """The person in a labelled contact (店长彭姐 → 彭姐, 财务总监王建国 → 王总监), else the value as written."""
    if found := _contact(value):
        return found
    person = _RETAIL_PERSON.search(value)
    return person.group("name") if person else value


_FORM_PAIR = re.compile(r"(?P<label>[\u4e00-\u9fa5]{2,6})\s*:\s*(?P<value>[^\s;,:]+(?:\s+[A-Za-z][^\s;,:]*)*)")
_FORM_SHOWN = re.compile(r"客户|单位|企业|公司|对象|方式|形式|渠道|途径|时间|日期")
_STEP_BEFORE_TRADE = re.compile(r"(?:融资|贷款|授信|代发|代扣|代收|代缴|结算|开户|存款|放款|借款)$")
_CONTACT_LABELS = ("联系人", "对接人", "接待人", "负责人", "经办人")
_FORM_FIELD = re.compile(
    r"(?<![\u4e00-\u9fa5])(?:新|老)?(?P<label>客户名称|客户名|客户|单位名称|单位|企业名称|企业|公司名称|拜访对象|走访对象|拜访客户|走访客户"
    r"|联系人|对接人|接待人|负责人|经办人)\s*:\s*(?P<value>[A-Za-z][A-Za-z&.' ]*[A-Za-z.]|[^\s;,:、]+)(?![、])"
)
_FORM_EMPTY = re.compile(r"无|暂无|没有|未知|不详|待定|-+")


def _customers(text: str, masked: str, aliases: Sequence[tuple[str, str, str]]) -> tuple[tuple[str, ...], str]:
    """Known customers first, then organisation names with a trade word, then persons by a form of address, then
    names the dictionary reads as one (鼎盛钢构); with none of them, a guess ("guess"): a full name where a
    customer's name stands. Several only when listed. New names are read with the amounts masked, so that 想贷十五万装修 never
    holds a name."""
    known = _known_mentions(text, aliases)
    orgs = [(p, n) for p, n in _org_mentions(masked) if not any(abs(p - k) < 2 for k, _ in known)]
    named = sorted(known + orgs)
    kind = "known" if known and (not orgs or known[0][0] <= orgs[0][0]) else "org"
    if not named:
        named, kind = _person_mentions(masked), "person"
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
    if len(names) > 1 and not _listed(text, named):
        names = names[:1]
    return tuple(names), kind


_LIST = re.compile(r"[^\s、,,:::;;。!!??]{2,12}(?:\s*[、,,]\s*[^\s、,,:::;;。!!??]{2,12})+")


def _with_listed_items(text: str, named: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In a list of customers (华联超市、佳乐超市、好又多、百佳), the items without a trade word are customers too,
    when two of the list's items are."""
    found = list(named)
    for match in _LIST.finditer(text):
        inside = [p for p, _ in named if match.start() <= p < match.end()]
        if len(inside) < 2:
            continue
        for item in re.finditer(r"[^\s、,,]+", match.group(0)):
            name, start = item.group(0), match.start() + item.start()
            clean = not (_DATE_WORDS.search(name) or _only_products(name) or common_word(name))
            if clean and re.fullmatch(r"[\u4e00-\u9fa5]{2,8}", name) and not any(abs(p - start) < 2 for p, _ in found):
                found.append((start, name))
    return sorted(found)


def _listed(text: str, named: Sequence[tuple[int, str]]) -> bool:
    """Several names count as several customers only when the message lists them (、 , 和 or 三家 …)."""
    return bool(_ENUMERATION.search(text[named[0][0] : named[-1][0]])) or bool(
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
        if name and _SUFFIX_WORD.search(name) and not joined:  # the trade word first: tagging costs
            name = _without_lead(name)  # (a joined name starts where the join says: 天|和电器 keeps its 天)
        elif not (name and _SUFFIX_WORD.search(name)):
            name = None
        if name and _is_org(name) and not _BANK_WORDS.search(_THEIR_BRANCH.sub("", name)) and not _only_products(name):
            position = start + segment.find(name)
            if _LANDMARK.match(text[position + len(name.strip()) :].lstrip("的")):
                continue  # 福田区税务局旁边的华润万家: the office is where the customer is, not the customer
            branch = _BRANCH.match(text, position + len(name.strip())) or _STORE.match(
                text, position + len(name.strip())
            )
            found.append((position, name.strip() + (branch.group(0) if branch else "")))
    for match in _PERSON_OF.finditer(text):  # 冉经理(华泰包装), Lily (宏图广告): the person, then where they work
        name = match.group("org").strip()
        if _SUFFIX_WORD.search(name) and _is_org(name) and not _BANK_WORDS.search(name):
            found.append((match.start("org"), name))
    return sorted(set(found))


_PERSON_OF = re.compile(rf"(?:{_TITLES}|[A-Za-z])\s*\((?P<org>[^()]{{2,16}})\)")


_THEIR_BRANCH = re.compile(r"(?<=快递|速运|证券|物流|保险|邮政)([\u4e00-\u9fa5]{0,4})营业部$")  # 申通快递城北营业部


_LEAD_WORDS = ("客户", "老客户", "新客户", "大客户", "公司", "其中", "还有", "然后", "就是", "那个", "这个", "一下")


def _without_lead(name: str) -> str:
    """The name without the words a segment can start with (个凯旋酒店, 刚和中粮贸易, 其中金海岸酒店, 大客户天虹集团):
    a pronoun, a one-character adverb, conjunction, preposition or measure word, or a word for a customer."""
    name = re.sub(rf"^(?:{'|'.join(_LEAD_WORDS)})+", "", name) or name
    words = tagged(name)
    cut = 0
    for word, tag in words[:-1]:
        if not (word in _LEAD_WORDS or tag == "r" or (len(word) == 1 and tag in ("d", "c", "p", "q", "u", "m", "v"))):
            break
        cut += len(word)
    suffix = _SUFFIX_WORD.search(name)
    keep = suffix.start() - 2 if suffix else len(name)  # 天源科技: 天 is a measure word, but a name keeps two
    return name[min(cut, max(keep, 0)) :]


def _loose_org_mentions(text: str) -> list[tuple[int, str]]:
    """Names without a trade word this module lists (鼎盛钢构, 东方雨虹): a run of nouns the dictionary reads as a
    name, four characters or more, with a proper noun or an uncommon word in it, and no product, bank or date word."""
    found = []
    for start, segment in _segments(text):
        name = _noun_run(segment, strong=_named_slot(text, start, start + len(segment)))
        after = text[start + segment.find(name) + len(name) :] if name else ""
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
    rf"^(?:的)?\s*(?:(?:{_COMPOUND}|[{_SURNAMES}])(?:{_TITLES})|老板|财务|店长|园长|院长|负责人|来行|来电|来网点)"
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
_FAMILIAR = re.compile(rf"[小老][{_SURNAMES}]")
_DEPARTMENT = re.compile(r"(?:财务|人事|采购|行政|后勤|销售|技术|工会)(?:部|处|科|室|中心)?")


def _noun_run(segment: str, *, strong: bool) -> str | None:
    words = tagged(_TIME_WORDS.sub("", segment.strip()))
    while words and (words[0][1] in _LEADING_TAGS | {"vn"} or words[0][0] in _LEAD_WORDS):
        words = words[1:]
    run = []
    for word, tag in words:
        if tag not in _NAME_TAGS or _FAMILIAR.fullmatch(word) or _DEPARTMENT.fullmatch(word):
            break  # 新天地百货 ends before 财务部 or 小刘
        run.append((word, tag))
    while run and (run[-1][1] not in _END_TAGS or _EVENT.fullmatch(run[-1][0]) or _PURPOSE.fullmatch(run[-1][0])):
        run.pop()  # a name ends in a noun, not in an activity: 社保卡激活, 工厂参观 do not
    name = "".join(w for w, _ in run)
    one_place = strong and len(run) == 1 and run[0][1] in ("ns", "nt", "nz")  # 华侨城
    if (
        not (4 if not one_place else 3) <= len(name) <= 12
        or not re.fullmatch(r"[\u4e00-\u9fa5]+", name)
        or _STOP_CHARS & set(name)
    ):
        return None
    if common_word(name) or _BANK_WORDS.search(name) or _DATE_WORDS.search(name) or _COUNTED.search(name):
        return None
    if any(word in name for word, _ in product_vocabulary()) or re.search(rf"(?:{_TITLES}|{_RETAIL})$", name):
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
        for m in _RETAIL_PERSON.finditer(text)
        if not _inside_org(text, m.start()) and not (m.start() and common_word(text[m.start() - 1 : m.start() + 1]))
    ]  # 养老金 holds no 老金
    found += [(m.start(), m.group("name")) for m in _TITLED_FULL_NAME.finditer(text) if _is_full_name(m.group("name"))]
    found += [(m.start("name"), m.group("name")) for m in _FORM_NAME.finditer(text) if _is_full_name(m.group("name"))]
    for start, segment in _segments(text, with_verbs=True):
        name = _name_part(segment)
        if name and _is_full_name(name) and not any(name in n or n in name for _, n in found):
            found.append((start + segment.find(name), name))
    return sorted(found)


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


_FORM_NAME = re.compile(r"(?:姓名|客户姓名|户名)\s*[::]\s*(?P<name>[\u4e00-\u9fa5]{2,3})(?![\u4e00-\u9fa5])")
_TITLED_FULL_NAME = re.compile(
    rf"(?P<name>[{_SURNAMES}][\u4e00-\u9fa5]{{1,2}}?)(?:老先生|老太太|先生|女士|阿姨|大爷|奶奶|爷爷|夫妇|夫妻)"
)


def _leading_full_name(name: str) -> str | None:
    """The full name a segment starts with (周建华夫妻俩 → 周建华), when what follows it is a word of its own."""
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
    for match in _titled(_CONTACT, text):
        if not _inside_org(text, match.start(), match.end()):
            cut = cut[: match.start()] + "|" * (match.end() - match.start()) + cut[match.end() :]
    marked = _BOUNDARY.sub(
        lambda m: (
            m.group(0)
            if len(m.group(0)) == 1 and _starts_name(text, m.start())
            else "^" * len(m.group(0))
            if _VISIT_VERB.fullmatch(m.group(0))
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


def _starts_name(text: str, index: int) -> bool:
    """A one-character boundary word (和, 向, 在) that starts a name jieba reads as one (和平养老院, 去向阳花幼儿园)
    where a name may start: at the start of the text or after a space, a punctuation mark or a visit verb; between
    two names (宏发陶瓷和金诚五金) it is a conjunction."""
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
    suffix = _SUFFIX_WORD.search(cut)
    return name if suffix and suffix.start() < 2 and _SUFFIX_WORD.search(name) else cut


def _is_full_name(name: str) -> bool:
    """陈晓东, 黄志强: a surname and one or two more characters that are not a common word or a function word."""
    if not 2 <= len(name) <= 3 or name[0] not in _SURNAMES or _STOP_CHARS & set(name):
        return False
    if re.search(_TITLES, name[1:]) or not re.fullmatch(r"[\u4e00-\u9fa5]+", name) or _DATE_WORDS.search(name):
        return False
    if (trade := _SUFFIX_WORD.search(name)) and len(trade.group(0)) > 1:
        return False  # 康五金 is a shop's name cut short, not a person
    return not common_word(name) and not (len(name) == 3 and common_word(name[:2])) and not _only_products(name)


def _only_products(name: str) -> bool:
    """推荐大额存单 has no customer in it: a segment made only of product words is not a name."""
    rest = name.lower()
    for word, _ in product_vocabulary():
        rest = rest.replace(word, "")
    return not re.sub(r"[和与及、\s]", "", rest)


def _inside_org(text: str, start: int, end: int | None = None) -> bool:
    """A surname character that ends an organisation word (鑫达五金|老板) does not start a contact, nor does a
    title that runs into one (鼎盛律师事务所: no 盛律师)."""
    if end is not None and _SUFFIX_START.match(text[end:]):
        return True
    return bool(re.search(rf"[\u4e00-\u9fa5]{{2}}(?:{_COMPANY_SUFFIX})$", text[: start + 1]))


def _trade_first(head: str) -> bool:
    """装修门店 is not a name: a name comes before the trade; but 城东汽修厂 is, its 城 starting the noun 城东."""
    match = _SUFFIX_START.match(head)
    return match is not None and leading_noun(head) <= match.end()


def _is_org(name: str) -> bool:
    """A name and then company or industry words (恒通物流, 锦绣花园物业管理处), where the name part is a name: two
    characters or more, no function word, product or time in it (续贷材料, 她们公司, 月底前把材料 are not)."""
    if not _ORG.fullmatch(name) or _SUFFIX_WORD.fullmatch(name):
        return False
    head = name
    while (match := _SUFFIX_WORD.search(head)) and match.start() > 0:
        head = re.sub(r"(?<=[\u4e00-\u9fa5])[A-Za-z0-9]{1,3}$", "", head[: match.start()])  # 福泰汽车|4S|店
    head = head.strip()
    stops = {  # 泰和物业, 信达会计师事务所: 和 and 会 inside a name
        ch
        for i, ch in enumerate(head)
        if ch in _STOP_CHARS
        and not (i == 1 and ch == "和")
        and not (ch in _IN_NAMES and (inside_noun(head, i) or (i == 0 and len(head) == 2 and ch in _NAME_FIRST)))
    }  # 和山食品, 会航电子: without the first character there would be no name left, so it is the name's
    if len(head) < 2 or stops or _only_products(head) or _COUNTED.search(head) or _trade_first(head):
        return False
    if _STEP_BEFORE_TRADE.search(head):
        return False  # 设备融资(租赁), 水费代扣(协议): a banking step and what it is for, not a name
    words = tagged(head)
    if any(tag == "v" for _, tag in words) and any(w in head for w, _ in product_vocabulary()):
        return False  # 续授信材料: a step, not a name
    if len(words) > 1 and words[-1][1] == "v" and len(words[-1][0]) > 1:
        return False  # (下)周提交材料, 准备资料: a verb and its object, a step, not a name
    if re.search(r"(?:公司|集团|企业)$", name) and len(words) == 1 and common_word(head) and words[0][1] == "n":
        return False  # 集装箱公司: a kind of company, not one
    return not _DATE_WORDS.search(head) and not re.search(r"[\d#]", head)


# ---- products -------------------------------------------------------------------------------------------------
def products_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Canonical products and the finer words they were named by, longest words first."""
    return _products(prepare(text), None)


def _products(text: str, customer: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    scan = text.lower().replace(customer.lower(), " ") if customer else text.lower()
    scan = re.sub(r"存(?=\s*[\d一二三四五六七八九十两几]+\s*[万亿元块千百wk])", "存款 ", scan)  # 存100万
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
