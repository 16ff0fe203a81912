"""The words the visit reader keys on, shared by its parts: channel and tense cues (拜访, 电话, 了, 去), forms of
address and titles (王总, 李阿姨), and the organisation and product vocabularies from `knowledge/data`."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

PRODUCTS_FILE = Path(__file__).with_name("data") / "products.yaml"
ORGANISATIONS_FILE = Path(__file__).with_name("data") / "organisation_words.yaml"


def organisation_words(path: Path = ORGANISATIONS_FILE) -> dict[str, list[str]]:
    """The words that end an organisation's name, by kind (legal_forms, trades, places), from the data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(kind): [str(word) for word in words] for kind, words in data.items()}


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # the longest first: 有限公司 before 公司


CHANNEL_CUES = (
    (
        "电话",
        re.compile(r"电话|致电|打给|通话|电联|来电|(?<!video )(?<!zoom )(?<!teams )call|phone|通了个?话|📞|☎", re.I),
    ),
    # online meetings count as 微信 (a call with a picture), as 视频会议 always has
    (
        "微信",
        re.compile(
            r"微信|视频(?!银行|柜员|客服|号)|语音|wechat|企业微信|企微|腾讯会议|线上会|网上会|网络会议|钉钉|飞书|zoom|teams|video"
            r"|(?<![A-Za-z])qq(?![A-Za-z])",
            re.I,
        ),
    ),
    (
        "客户来行",
        re.compile(
            r"来行|到行|来我行|到我行|到我们行|来网点|到网点|在网点|(?:^|(?<=\s))网点(?=\s|$)|来支行|到支行|来营业部|来我们行|来办|上门来|来访|来存|来取|来开|来签|在行里|来行里"
            r"|来咨询|来还|来问|来交|来缴|来转|来换|来激活|来挂失|来销户"
            r"|到访(?=\s|$|[,,。;;了!!])|莅临|在我们网点|在我们行|在我行|在支行|在营业厅"
            r"|(?:一起|陪着?|带着|一早就?|就|专门|特意|特地|自己|亲自)来(?:的|了)|在厅堂|在大堂|厅堂里|大堂里"
            r"|值班时|接待了?|柜台|柜面|来过(?=\s|$|[,,。;;])|(?<![转挪打汇调拉搬存带发寄送万亿元块钱#])过来(?![的了]?钱)",
            re.I,
        ),
    ),
    (
        "上门拜访",
        re.compile(
            r"拜访(?!记录|日志|小结)|上门|(?<!不)去了|(?<!不)见了|见到|见的|见过|走访(?!记录|日志|小结)|登门|实地|见面|面谈|陪同|吃饭|喝茶|饭局|酒桌|碰到|碰见|遇到|开了个会|开会|开完会|拜方|陌拜|扫楼|扫街|外拓|看望|去一?趟|过去(?:一趟|趟|看看)|"
            r"visit|(?<![a-z])met(?![a-z])|meeting|(?<![a-z])mtg(?![a-z])|lunch|dinner|breakfast|coffee|去的|去过|(?<!余额)(?<!存款)(?<!额度)(?<!资金)(?<!款项)(?<!金额)(?<!钱)(?<!不)到了|(?<!不用再)(?<!不用)(?<!别再)(?<!别)跑|去他|去她|到他|到她|送了|装了|装好了"
            r"|(?:(?<=[点半])|(?<=[点半]\s))(?:去|到|在)|吃了?[个顿]?[早午晚]?饭"
            r"|(?:客户|他们|对方|人家)(?:那边|那里|公司|办公室|单位|厂里|店里|家里)|工地|车间|厂区|\bat (?:his|her|their) (?:office|factory|shop|site)"
            r"|从\S{2,12}回来|去(?=\S{0,3}了)|喝了?个?酒|喝酒|喝完酒|吃完饭|吃的(?:早|午|晚)?饭|陪(?!同)|下午茶|喝了?(?:杯|个|会儿?)?(?:咖啡|茶)|打球|聚餐|宴请|参观|考察|尽调|座谈|早茶|[碰见]了?\s?个?\s?面"
            r"|(?:^|[,,\s]|今天|昨天|前天|上午|下午|中午|早上|晚上|今早|今晨|[一二三四五六日天])(?:去(?!年)|到(?!时|底|期|账|位)|在(?!群|线上|网上))(?=[\u4e00-\u9fa5A-Za-z]{2})",
            re.I,
        ),
    ),
)
EVENT = re.compile(
    "|".join(c.pattern for _, c in CHANNEL_CUES)
    + r"|聊了|谈了|沟通了|签了|办了|存了|开了|约了|联系了|回访|跟进了|对了|确认了|又(?:来|去|到|打|见)",
    re.I,
)


INTENT = re.compile(
    r"(?<![发报送寄传拿上回过出])去(?:一趟|趟)?|过去(?:一趟|趟|看看|找|签|办|送|拿|取|谈)|拜访|上门|见面|(?<![意看遇碰听再])见(?![了过到着的])|约了?|来行|来开|来办|来网点|来存|来签|来取|来我行|到行|到网点"
    r"|(?<![转挪打汇调拉搬存带发寄送])过来"
)


COME = re.compile(r"来行|到行|来我行|来网点|到网点|来支行|到支行|来营业部|来我们行|来办|来存|来取|来开|来签|来行里")
PAST_MARK = re.compile(r"(?<![约为不])(?<!约好)(?<!约定)(?<!说好)了|(?<=[去见来做谈聊办签到])(?:过|的)|刚|已经|已")
DONE = re.compile(
    r"拜访|走访|见了|见到|去了|到了|来电|打了|通了|聊了|谈了|碰到|碰见|遇到|吃了|喝了|开了|办了|签了|存了|送了|装了|接待|视频|微信|"
    r"电话|call|met\b|visit|跑了|去的|去过|来的|陪同|面谈|对了|确认了|沟通",
    re.I,
)


REPORTED = re.compile(r"说|表示|答应|告诉|问我|回复|同意|反馈|想要|想做|想办|想申请|需要|要求")


PURPOSE = re.compile(r"谈|聊|沟通|洽谈|商量|推荐|介绍|营销|推介|讨论|了解|咨询|对接|办理|协商|汇报|调研|送|续作")
TITLES = (
    "财务总监|财务经理|总经理|董事长|副总|经理|会计|出纳|财务|总监|主任|处长|科长|局长|部长|行长|校长|院长|厂长|书记|店长|社长"
    "|场长|站长|所长|园长|馆长|会长|秘书长|村长|镇长|支书|主席|律师|医生|老师|助理|主管|秘书|老板娘|老板|总|董|工|姐|哥"
)
DATE_WORDS = re.compile(
    r"今天|昨天|明天|前天|后天|正月|腊月|冬月|元月|半个月|半年后|半年以后|过半年|昨夜|今夜|后儿|今早|今晨|明早|今晚|明晚|昨晚|一早|傍晚|开春|开年|年前|年后|节前|节后|上午|下午|中午|晚上|月底|月初|月中|年底|年初|明年|今年|去年|[上下本这]个?(?:周|月|星期)|"
    r"周[一二三四五六日天]|星期|礼拜|[\d一二三四五六七八九十]+[月号日]|刚才|刚刚"
)


PEOPLE_WORDS = re.compile(
    r"^(?:房东|店主|摊主|档主|果农|菜农|茶农|渔民|农户|养殖户|种植户|种植大户|个体户|商户|租户|业主|邻居|老乡|村民|司机|股东|客户|户主|车主)"
)  # words for who a person is (房东王阿姨): they start no name


RETAIL = (
    "老板娘|老板|阿姨|阿婆|阿公|阿伯|大爷|大妈|大娘|大叔|大伯|大姐|大哥|大嫂|奶奶|爷爷|婆婆|伯伯|叔叔|婶婶|老太|先生|女士|小姐|师傅|老师|医生"
    "|哥|姐|叔|婶|嫂"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
    "付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧傅阎赖贝洪冼蔺邰钮"
    "阚鞠诸鄢裘封邴谯揭厉宓杭冀慕"
)
COMPOUND = "欧阳|司马|诸葛|上官|司徒|东方|慕容"


_ORGANISATION_WORDS = organisation_words()
COMPANY_SUFFIX = _alternation([word for words in _ORGANISATION_WORDS.values() for word in words])


SUFFIX_START = re.compile(rf"(?:{COMPANY_SUFFIX})")  # 装修门店 is not a name: a name comes before the trade
SUFFIX_WORD = re.compile(rf"(?:{COMPANY_SUFFIX})$")
NAMED_KIND = re.compile(
    rf"(?:{_alternation(_ORGANISATION_WORDS.get('legal_forms', []) + _ORGANISATION_WORDS.get('places', []))})$"
)  # a legal form or a place ends a name whose last word reads as a verb: 金满仓批发部, 烹饪学校


VISIT_VERB = re.compile(
    r"拜访了?|走访了?|去了趟?|见了|到了|拜会了?|看望了?|约见了?|回访了?|visit(?:了)?|上门拜访|联系了?|去|到|见|call了?|met"
)


@cache
def product_vocabulary(path: Path = PRODUCTS_FILE) -> tuple[tuple[str, str], ...]:
    """(word, canonical product), longest words first."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs = [(str(word).lower(), str(canonical)) for canonical, words in data.items() for word in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _product_words() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word, _ in product_vocabulary()))


def tells_when_how_or_what(word: str) -> bool:
    """A date, a channel or a product word in it (下午, 来电, 贷款): the word says when, how or what, it names no one."""
    return bool(
        DATE_WORDS.search(word) or _product_words().search(word) or any(cue.search(word) for _, cue in CHANNEL_CUES)
    )


def without_products(text: str) -> str:
    """The clause with product words taken out, so that 代发 is not a 发 and 贷款 not a 款."""
    scan = text.lower()
    for word, _ in product_vocabulary():
        scan = scan.replace(word, " ")
    return scan


def only_products(name: str) -> bool:
    """推荐大额存单 has no customer in it: a segment made only of product words is not a name."""
    rest = name.lower()
    for word, _ in product_vocabulary():
        rest = rest.replace(word, "")
    return not re.sub(r"[和与及、\s]", "", rest)


def inside_org(text: str, start: int, end: int | None = None) -> bool:
    """A surname character that ends an organisation word (鑫达五金|老板) does not start a contact, nor does a
    title that runs into one (鼎盛律师事务所: no 盛律师)."""
    if end is not None and SUFFIX_START.match(text[end:]):
        return True
    return bool(re.search(rf"[\u4e00-\u9fa5]{{2}}(?:{COMPANY_SUFFIX})$", text[: start + 1]))
