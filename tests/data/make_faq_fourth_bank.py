"""Writes faq_fourth_bank.jsonl, the held-out questions for kb_fourth_bank/ (a fourth fictional bank, 青川银行: 60
entries in ten categories none of the other three knowledge bases has: 汽车消费贷款, 税费缴纳, 个人信息变更, 个人转账汇款,
存款保险, 银证业务, 外籍人士服务, 适老服务, 投诉与权益保护, 借记卡积分与权益; close pairs such as 重置/解锁 密码,
开通/解约 三方存管, 积分获得/使用/过期). Written on 2026-12-03 before this session's matcher changes and measured once,
at the end. Paraphrases as customers say them, one-word near misses naming the other entry of a pair, and
out-of-scope questions, some on topics the other knowledge bases answer. Rows: question|entry id ("-" out of scope).
"""

import json
from pathlib import Path

QUESTIONS = """
想贷款买辆车怎么弄|car-apply
4S店说可以办车贷 你们银行能做吗|car-apply
买车分期去哪申请|car-apply
贷款买车得先付多少钱|car-down-payment
电动车贷款首付要几成|car-down-payment
买二手车首付最少多少|car-down-payment
买车的贷款能分几年还|car-term
车贷最多分多少期|car-term
车贷想一次性还完可以吗|car-prepay
提前把车贷还了要交违约金吗|car-prepay
车贷还完了绿本怎么拿回来|car-release
车贷结清了怎么去车管所解押|car-release
车贷晚了两天还会上征信吗|car-overdue
车贷这个月没钱还怎么办|car-overdue
个税补税能用你们的卡交吗|tax-pay-personal
个人所得税在手机上怎么缴|tax-pay-personal
公司想自动扣税要签什么协议|tax-agreement
税库银协议去哪确认|tax-agreement
个税退的钱什么时候到卡上|tax-refund
退税显示成功了钱还没到|tax-refund
自己交社保在手机银行哪里交|tax-social-pay
没单位的养老保险怎么交|tax-social-pay
车船税没跟保险一起交去哪补|tax-vehicle
车的税在手机银行能交吗|tax-vehicle
交完税要个完税证明去哪打|tax-receipt
缴税的回单在哪下载|tax-receipt
手机号换了银行那边怎么改|prof-phone
银行卡绑的手机号停机了|prof-phone
身份证到期了卡还能用吗|prof-id-renew
新身份证办好了要去银行登记吗|prof-id-renew
我改名了卡上的名字能改吗|prof-name
户名变了怎么处理|prof-name
搬家了地址要去银行改吗|prof-address
换工作了单位信息怎么更新|prof-address
取钱密码想不起来了|prof-password-reset
银行卡密码忘了能在手机上改吗|prof-password-reset
密码输错三次卡被锁了|prof-password-unlock
卡锁了明天能自己解开吗|prof-password-unlock
一天能转出去多少钱|tr-limit
手机转账最多转多少|tr-limit
转账额度太低了能调吗|tr-limit
转到建行的卡多久能到|tr-arrival
跨行汇款当天能到吗|tr-arrival
钱转给了不认识的人怎么要回来|tr-wrong
卡号输错一位钱转走了|tr-wrong
转出去的钱怎么又退回来了|tr-returned
汇款被退是什么原因|tr-returned
手机银行转账收不收钱|tr-fee
柜台转账要手续费吗|tr-fee
每个月想自动给我妈打生活费|tr-scheduled
能不能设置到日子自动转账|tr-scheduled
存款保险是什么东西|di-what
银行卡上说有存款保险什么意思|di-what
银行倒闭了我的钱能赔多少|di-limit
存了一百万只保五十万吗|di-limit
大额存单在存款保险范围里吗|di-scope
理财受不受存款保险保护|di-scope
存款保险要我自己掏钱吗|di-fee
存款保险费是谁交|di-fee
银行破产了多久能拿回存款|di-payout
存款保险怎么理赔|di-payout
公司账户的钱有存款保险吗|di-company
对公存款保不保|di-company
股票账户怎么关联你们的卡|sec-link
想炒股要签三方存管|sec-link
晚上能往股票账户转钱吗|sec-transfer-time
周六能做银证转账吗|sec-transfer-time
存管银行想换成你们行|sec-change-bank
股票账户换绑别的银行卡怎么办|sec-change-bank
钱转不到证券账户里|sec-fund-frozen
今天卖的股票钱怎么转不出来|sec-fund-frozen
不炒股了三方存管要解除吗|sec-cancel
撤销银证关系怎么操作|sec-cancel
银证转账要收钱吗|sec-fee
三方存管有没有年费|sec-fee
老外来了能在你们这办卡吗|fgn-open
外国护照开户需要什么材料|fgn-open
香港人在内地开户带什么证件|fgn-hk-mo-tw
台湾同胞能办一类卡吗|fgn-hk-mo-tw
外籍同事的工资怎么换美元汇出去|fgn-salary-remit
外国人把收入汇回国内有额度限制吗|fgn-salary-remit
外国游客怎么扫码付钱|fgn-mobile-pay
老外能绑微信支付吗|fgn-mobile-pay
外国客户换了新护照要更新吗|fgn-passport-renew
外籍人士签证到期账户被限制了|fgn-passport-renew
外国人要回国了卡怎么注销|fgn-close
离开中国前账户怎么处理|fgn-close
我爸瘫痪在床没法去网点|eld-home-service
银行能派人到家里办吗|eld-home-service
帮我妈去取钱要带什么|eld-proxy
子女代办父母的业务要什么证件|eld-proxy
手机银行字太小我爸看不清|eld-large-font
有没有适合老人用的手机银行|eld-large-font
退休金发到哪张卡上|eld-pension-card
领养老金要办什么卡|eld-pension-card
我妈被骗买保健品转了两万|eld-scam
老人被诈骗了钱还能追回吗|eld-scam
老年人办业务有优先窗口吗|eld-green-channel
七十多岁去网点还要排队吗|eld-green-channel
我要投诉你们的柜员|cmp-how
服务太差了在哪投诉|cmp-how
投诉了一个星期还没回复|cmp-progress
投诉处理要多久|cmp-progress
银行处理不满意能找监管吗|cmp-regulator
12378是投诉什么的|cmp-regulator
去存钱结果给我买成了保险|cmp-mis-selling
理财经理没讲风险亏钱了能投诉吗|cmp-mis-selling
卡里莫名其妙被扣了钱|cmp-fee-dispute
多收的手续费能退吗|cmp-fee-dispute
骚扰电话知道我在你们银行有钱|cmp-privacy
我的信息是不是被银行泄露了|cmp-privacy
储蓄卡刷卡能攒积分吗|rw-points-earn
积分怎么才能多一点|rw-points-earn
积分能兑换话费吗|rw-points-use
攒的积分怎么花掉|rw-points-use
积分多久会清零|rw-points-expire
去年的积分还能用吗|rw-points-expire
出差能不能用机场休息室|rw-airport
高铁站贵宾厅怎么预约|rw-airport
资产要多少才能升金卡|rw-level
怎么才能当你们的VIP|rw-level
生日有没有礼物|rw-birthday
过生日银行送什么|rw-birthday
车贷要什么材料|car-apply
首付不够能多贷点吗|car-down-payment
车贷期限可以选三年吗|car-term
车贷还了一半想全还掉|car-prepay
解押材料多久寄出来|car-release
个税App里怎么选你们的卡缴税|tax-pay-personal
企业三方协议验证失败|tax-agreement
退税款打到哪张卡|tax-refund
社保能每个月自动扣吗|tax-social-pay
原手机号还能收短信怎么改号码|prof-phone
证件过期了转不了账|prof-id-renew
卡密码可以刷脸重置吗|prof-password-reset
密码输错六次怎么办|prof-password-unlock
人脸认证后一次能转多少|tr-limit
实时到账和普通到账有什么区别|tr-arrival
二类户收款超限被退回|tr-returned
预约转账余额不够会怎样|tr-scheduled
结构性存款保本部分受保护吗|di-scope
老人手机银行能语音操作吗|eld-large-font
投诉进度在哪里看|cmp-progress
积分抵现怎么算|rw-points-use
信用卡积分怎么兑换|-
车险到期了怎么续保|-
买房贷款首付多少|-
房贷能提前还吗|-
企业开户需要什么材料|-
信用卡额度怎么提高|-
外币现钞怎么兑换|-
公积金怎么提取|-
数字人民币钱包怎么开|-
ETC怎么办理|-
大额存单利率多少|-
基金定投怎么设置|-
保险退保怎么办理|-
社保卡丢了怎么挂失|-
医保报销比例是多少|-
股票怎么买|-
哪只股票能涨|-
黄金现在多少钱一克|-
网点几点下班|-
你们行长是谁|-
今天天气怎么样|-
汽车保养多少钱|-
二手车怎么估价|-
个税税率是多少|-
怎么注册个税App|-
护照怎么办理|-
签证怎么申请|-
养老院一个月多少钱|-
积分落户怎么申请|-
信用卡逾期了怎么办|-
贷款买房要什么材料|-
理财收益率多少|-
手机丢了手机银行怎么冻结|-
比特币怎么买|-
"""


def write(questions: str, name: str) -> None:
    """Rows of `question|entry id` ("-" out of scope) as a case file beside this script."""
    rows = [line.split("|") for line in questions.strip().splitlines() if line.strip()]
    out = Path(__file__).with_name(name)
    with out.open("w", encoding="utf-8") as handle:
        for question, entry in rows:
            handle.write(
                json.dumps({"q": question, "expect": None if entry == "-" else entry}, ensure_ascii=False) + "\n"
            )
    print(f"{len(rows)} questions → {out}")


if __name__ == "__main__":
    write(QUESTIONS, "faq_fourth_bank.jsonl")
