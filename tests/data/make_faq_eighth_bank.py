"""Writes faq_eighth_bank.jsonl, the held-out questions for kb_eighth_bank/ (an eighth fictional bank, 澄江银行: 60
entries in ten categories none of the other seven knowledge bases has: 纪念币与零钞兑换, 司法冻结与协查, 电子账户与II类户,
养老金领取, 农民工工资专户, 预付资金监管, 保函业务, 大额存单转让, 跨境电商收款, 退役军人金融; close pairs such as
纪念币 预约/领取, 冻结 原因/解冻, 二类户 开户/销户/提额, 专户 开立/撤销, 保函 开立/注销/索赔, 存单 转让/受让/撤单,
拥军卡 办理/注销). Written on 2026-12-04 before any matcher change of that session, and measured once at its end, with
the session's first matcher beside it. Paraphrases as customers say them, one-word near misses naming the other entry
of a pair, and out-of-scope questions, some on topics the other knowledge bases answer. Rows: question|entry id ("-"
out of scope).
"""

import json
from pathlib import Path

from make_faq_fourth_bank import write

QUESTIONS = """
兔年纪念币还能约吗 在哪里登记|cm-book
纪念钞一个人最多能约几张|cm-book
约好的纪念币要本人去拿吗|cm-pickup
去网点领纪念币需要带什么证件|cm-pickup
纪念币预约了但是兑换那几天出差没去|cm-overdue
过期没领的纪念币会影响下次预约吗|cm-overdue
一百块被洗衣机洗烂了还能换吗|cm-damaged
纸币被老鼠咬掉一半银行给换多少|cm-damaged
开店要找零 能去柜台换一捆五块的吗|cm-change
换两千块硬币要提前说吗|cm-change
存钱的时候柜员说有一张是假钞直接没收了|cm-counterfeit
假币被收走了不服怎么办|cm-counterfeit
手机银行提示账户已冻结 是谁冻的|jd-why-frozen
卡被冻了 柜台能告诉我是哪个案子吗|jd-why-frozen
法院已经判完了 冻结什么时候解除|jd-unfreeze
银行能不能直接帮我把冻结解掉|jd-unfreeze
卡里三万块钱被法院执行走了|jd-deduct
强制执行划走的钱可以要回来吗|jd-deduct
转账提示非柜面交易受限 怎么恢复|jd-controlled
卡被限制了只能去柜台取钱 要带什么|jd-controlled
打离婚官司想查老公的银行流水|jd-inquiry-letter
律师拿着调查令能查哪些信息|jd-inquiry-letter
卡被冻结了 单位还能往里打工资吗|jd-frozen-salary
冻结的账户别人转账进来会怎么样|jd-frozen-salary
不用去柜台 手机上就能开二类卡吗|ea-open
开电子账户要绑什么卡|ea-open
二类卡一天最多转出多少|ea-limit
电子账户一年累计限额多少|ea-limit
二类户限额太低了 想调高|ea-raise
电子账户每天一万不够用 怎么提额|ea-raise
二类卡怎么注销|ea-close
手机上开的电子账户不想要了|ea-close
一类卡和三类卡的区别|ea-type
三类户里最多能放多少钱|ea-type
二类户绑的那张卡我已经销了|ea-bind
电子账户想换一张绑定卡|ea-bind
退休金每月几号发|pn-when
养老金到账了会有短信吗|pn-when
退休工资想改到你们行的卡上发|pn-card
养老金发放账户怎么换|pn-card
每年领养老金要刷脸认证吗|pn-certify
老人不会用手机 养老金认证能上门吗|pn-certify
我妈的退休金这个月没发|pn-stopped
养老金被暂停发放了怎么恢复|pn-stopped
我爸住院了 我能帮他取退休金吗|pn-proxy
子女代领养老金要带哪些证件|pn-proxy
老人走了 退休金还一直往卡里打|pn-deceased
已故老人多领的养老金要退吗|pn-deceased
新中标的工地要开农民工工资专户|mw-open
开工资专户要什么资料|mw-open
项目完工了 工资专户能销掉吗|mw-close
工资专户撤户要什么证明|mw-close
专户里的钱怎么发给工人|mw-pay
农民工工资每个月怎么从专户代发|mw-pay
甲方的人工费要打到哪个账户|mw-fund-in
人工费拨付到专户 银行会核对吗|mw-fund-in
工资保证金不交现金行不行|mw-guarantee
农民工工资保证金保函怎么开|mw-guarantee
好多工人没有银行卡 工资怎么发|mw-card
能不能派人来工地给工人办卡|mw-card
开了个英语培训班 预收的学费要开监管户吗|pp-open
校外培训机构怎么开监管账户|pp-open
学费在监管户里 机构什么时候能用|pp-release
一课一消是什么意思|pp-release
孩子报的培训班倒闭了 剩下的课钱能退吗|pp-refund
培训机构停业了家长怎么退学费|pp-refund
健身卡充的钱有人管吗|pp-gym
美容院的储值卡资金有没有存管|pp-gym
预收款要存多少进监管户|pp-ratio
预付卡商户存管比例是多少|pp-ratio
怎么确认我交的学费进了监管户|pp-query
家长能查培训费的监管状态吗|pp-query
公司要投标 能开保函代替保证金吗|bg-bid
投标保函几天能出|bg-bid
中标了甲方要我们出履约保函|bg-performance
履约保函一般开合同金额的多少|bg-performance
保函还没到期 想提前注销|bg-cancel
保函到期后额度什么时候释放|bg-cancel
别人给的保函怎么验真假|bg-verify
电子保函在哪查验|bg-verify
施工方违约了 我们要按保函索赔|bg-claim
保函索赔银行多久付款|bg-claim
开一张保函费率多少|bg-fee
保函最低收多少手续费|bg-fee
大额存单还有一年到期 急用钱能转给别人吗|cd-sell
大额存单在手机上怎么挂单转让|cd-sell
转让区的存单怎么买|cd-buy
买别人转让的大额存单利息怎么算|cd-buy
挂单价格是自己定吗|cd-price
大额存单转让会损失利息吗|cd-price
大额存单转让收手续费吗|cd-fee
受让存单要交费吗|cd-fee
存单挂出去了 现在不想卖了|cd-cancel-listing
转让挂单怎么撤回|cd-cancel-listing
大额存单提前取出来划算还是转让划算|cd-early
大额存单提前支取按什么利率|cd-early
做亚马逊的 想开个美元收款账户|ec-open
个人跨境电商卖家能开外汇账户吗|ec-open
平台回款的美元怎么换成人民币|ec-settle
电商结汇占不占五万美元额度|ec-settle
境外汇进来的货款扣手续费吗|ec-fee
跨境收款结汇收不收钱|ec-fee
收到外汇要做国际收支申报吗|ec-declare
境外汇款入账后几天内要申报|ec-declare
海外买家退货了 要把钱退过去|ec-refund
已经结汇了还能退款到境外吗|ec-refund
跨境电商出口退税银行要出什么材料|ec-tax
电商出口能退税吗|ec-tax
拿着退役军人优待证能办什么卡|vt-card
拥军卡有什么优惠|vt-card
退伍后想开店 有没有专门的贷款|vt-loan
退役军人创业贷最多贷多少|vt-loan
伤残抚恤金每月几号到|vt-pension
优抚金打到哪张卡|vt-pension
军属来办业务能走优先窗口吗|vt-family
军嫂可以办拥军卡吗|vt-family
退伍费存定期有没有专属利率|vt-settle-fee
一次性退役金怎么存|vt-settle-fee
拥军卡怎么销户|vt-card-close
拥军借记卡注销了优待证还能用吗|vt-card-close
纪念币可以拿来存款吗|-
外币硬币能兑换吗|-
法院传票怎么查真假|-
离婚财产怎么分割|-
怎么开一类卡|-
二类户可以办信用卡吗|-
社保卡丢了怎么补|-
养老保险交满多少年才能领|-
提前退休怎么申请|-
农民工讨薪打什么电话|-
建筑公司资质怎么办|-
健身房可以退卡吗|-
培训机构怎么办营业执照|-
信用证怎么开|-
保理业务是什么|-
大额存单利率现在多少|-
定期存款可以转让吗|-
国债可以转让吗|-
亚马逊店铺怎么注册|-
外汇汇率在哪看|-
个人每年能换多少美元|-
出口信用保险怎么买|-
退役军人安置政策|-
军人保险怎么买|-
信用卡怎么提额|-
手机银行怎么修改登录密码|-
网点几点下班|-
理财产品会亏本吗|-
房贷利率能下调吗|-
怎么开通短信提醒|-
"""

# Two-turn conversations on the same knowledge base: a second question of its own (false) or a follow-up that only
# makes sense after the first answer (true). Rows: first|entry||second|entry|follow-up.
CONVERSATIONS = """
二类户一天能转多少钱|ea-limit||那怎么提高|ea-raise|true
二类卡怎么开|ea-open||那不用了怎么销户|ea-close|true
投标保函怎么申请|bg-bid||那履约保函呢|bg-performance|true
保函手续费怎么收|bg-fee||那到期了怎么注销|bg-cancel|true
纪念币在哪预约|cm-book||那什么时候去领|cm-pickup|true
大额存单能转让吗|cd-sell||那买别人的怎么买|cd-buy|true
工资专户怎么开|mw-open||那完工了怎么撤|mw-close|true
拥军卡怎么办|vt-card||那不想用了能注销吗|vt-card-close|true
养老金几号到账|pn-when||那这个月没到是怎么回事|pn-stopped|true
卡为什么被冻结了|jd-why-frozen||那怎么解冻|jd-unfreeze|true
退休金每月几号发|pn-when||收到假币怎么办|cm-counterfeit|false
纪念币怎么预约|cm-book||律师能查别人的账户吗|jd-inquiry-letter|false
二类户限额多少|ea-limit||培训机构跑路了学费能退吗|pp-refund|false
投标保函怎么开|bg-bid||大额存单转让要手续费吗|cd-fee|false
跨境电商怎么结汇|ec-settle||退役军人创业有什么贷款|vt-loan|false
大额存单怎么挂单转让|cd-sell||工人没有银行卡怎么领工资|mw-card|false
农民工专户怎么开|mw-open||养老金认证怎么做|pn-certify|false
健身卡的钱有监管吗|pp-gym||残缺的钱能换吗|cm-damaged|false
保函真假怎么查|bg-verify||跨境收款要申报吗|ec-declare|false
拥军卡有什么优惠|vt-card||账户被限制非柜面交易怎么办|jd-controlled|false
"""


def write_conversations(rows_text: str, name: str) -> None:
    """Rows of two turns as a conversation case file beside this script."""
    out = Path(__file__).with_name(name)
    with out.open("w", encoding="utf-8") as handle:
        for line in rows_text.strip().splitlines():
            first, second = line.split("||")
            q1, e1 = first.split("|")
            q2, e2, follow = second.split("|")
            turns = [
                {"q": q1, "expect": e1, "follow_up": False},
                {"q": q2, "expect": e2, "follow_up": follow == "true"},
            ]
            handle.write(json.dumps({"turns": turns}, ensure_ascii=False) + "\n")
    print(f"conversations → {out}")


if __name__ == "__main__":
    write(QUESTIONS, "faq_eighth_bank.jsonl")
    write_conversations(CONVERSATIONS, "faq_conversations_eighth_bank.jsonl")
