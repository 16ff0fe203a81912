"""Writes faq_third_bank.jsonl, the held-out questions for kb_third_bank/ (a third fictional bank, 松湖农商银行: 60
entries in ten categories neither the sample nor kb_other_bank has: 数字人民币, ETC, 公积金, 储蓄国债, 代理保险,
助学贷款, 商户收单, 生活缴费与代扣, 久悬账户与收费, 个人征信, with close pairs such as 开通/注销, 签约/取消,
兑入/兑出, 申请/注销 收款码). Written on 2026-12-02 before this session's matcher changes and measured once, at the
end. Paraphrases as customers say them (no words copied from the entry where a customer would not use them),
one-word near misses naming the other entry of a pair, and out-of-scope questions, some on topics the other
two knowledge bases answer. Rows: question|entry id ("-" out of scope).
"""

import json
from pathlib import Path

QUESTIONS = """
我想用数字人民币怎么弄|ecny-open
数币钱包在哪注册|ecny-open
手机上开个数字人民币账户|ecny-open
数字人民币钱包不想要了|ecny-close
数币钱包怎么删掉|ecny-close
注销数字人民币前钱怎么办|ecny-close
怎么往数字钱包里存钱|ecny-topup
卡里的钱怎么转到数字人民币|ecny-topup
数币兑入收费吗|ecny-topup
数字钱包里的钱怎么转到银行卡|ecny-withdraw
数币兑出多久到账|ecny-withdraw
数字人民币怎么提现|ecny-withdraw
我妈用老人机能不能用数字人民币|ecny-hard-wallet
数字人民币有没有卡片那种|ecny-hard-wallet
孩子没手机怎么用数币|ecny-hard-wallet
数字钱包放钱能生利息吗|ecny-interest
数币余额有收益吗|ecny-interest
ETC在你们这能办吗|etc-apply
想给车装个ETC要带什么|etc-apply
网上申请ETC设备|etc-apply
车卖了ETC要去注销吗|etc-cancel
ETC不用了怎么退掉|etc-cancel
ETC寄到了怎么装|etc-activate
ETC装好了怎么激活|etc-activate
挡风玻璃换了ETC不能用了|etc-activate
上高速ETC显示黑名单|etc-blacklist
ETC扣不了钱被拉黑怎么解除|etc-blacklist
收费站ETC刷不过去|etc-blacklist
上个月过路费扣了多少在哪看|etc-bill
ETC的发票怎么开|etc-bill
新买的车能用旧车的ETC吗|etc-change-car
换了车牌ETC怎么办|etc-change-car
租房子能取公积金吗|hpf-withdraw-rent
没买房公积金怎么取出来|hpf-withdraw-rent
公积金交房租每月能提多少|hpf-withdraw-rent
公司第一次给员工交公积金怎么办|hpf-deposit
单位公积金开户|hpf-deposit
公积金缴存比例是多少|hpf-deposit
买房想用公积金贷款|hpf-loan
公积金贷款最多能贷多少|hpf-loan
交公积金多久才能贷款|hpf-loan
公积金贷款想提前还一部分|hpf-loan-prepay
公积金贷款提前还有违约金吗|hpf-loan-prepay
跳槽到外地公积金怎么办|hpf-transfer
公积金可以转到别的城市吗|hpf-transfer
我的公积金有多少钱|hpf-balance
在手机银行看公积金|hpf-balance
想买国债|bond-buy
国债多少钱起买|bond-buy
手机银行能买国债吗|bond-buy
国债还没到期想取出来|bond-redeem-early
国债提前取有手续费吗|bond-redeem-early
买了国债三个月急用钱|bond-redeem-early
今年的国债利息多高|bond-rate
国债利息要交税吗|bond-rate
国债几月份发行|bond-schedule
下一期国债什么时候开卖|bond-schedule
老人去世留下的国债怎么取|bond-inherit
继承的国债要手续费吗|bond-inherit
拿国债能贷款吗|bond-pledge
国债质押能贷多少|bond-pledge
你们银行卖保险吗|ins-buy
想买个重疾险|ins-buy
保险买了后悔了能退吗|ins-surrender
银行买的年金险怎么退|ins-surrender
退保会亏钱吗|ins-surrender
住院了怎么找保险公司赔钱|ins-claim
保险理赔要什么材料|ins-claim
我在你们这买过什么保险|ins-policy-lookup
保单找不到了|ins-policy-lookup
保险第二年的钱怎么交|ins-renewal
保费扣款失败了会怎样|ins-renewal
理财经理推荐的保险跟存款一样吗|ins-deposit-diff
保险保本吗|ins-deposit-diff
考上大学家里没钱交学费能贷款吗|stu-apply
助学贷款去哪申请|stu-apply
助学贷款一年能贷多少|stu-apply
助学贷款毕业后多久要还|stu-repay
上学期间助学贷款要付利息吗|stu-repay
助学贷款想一次性还完|stu-prepay
助学贷款提前还款要交违约金吗|stu-prepay
考研了助学贷款还不上|stu-extend
读研究生助学贷款能推迟还吗|stu-extend
助学贷款晚还了几天|stu-overdue
助学贷款没还上征信会有问题吗|stu-overdue
助学贷款放到哪里了|stu-card
助学贷款的钱怎么还没到|stu-card
开小卖部想要个收钱的二维码|mch-qr-apply
没有营业执照能办收款码吗|mch-qr-apply
店不开了收款码要注销吗|mch-qr-close
怎么停用商户二维码|mch-qr-close
店里想装台刷卡机|mch-pos-apply
POS机怎么申请|mch-pos-apply
扫码收款手续费多少|mch-fee
刷信用卡商户要付多少费率|mch-fee
昨天收的钱今天还没到卡上|mch-settle
商户收款周末能到账吗|mch-settle
顾客要退货钱怎么退给他|mch-refund
收款码收错钱了怎么退|mch-refund
电费怎么在手机上交|util-pay
燃气费在哪交|util-pay
水电费能每个月自动扣吗|util-autopay-sign
怎么设置电费代扣|util-autopay-sign
电费自动扣款怎么关掉|util-autopay-cancel
搬家了水费不想再自动扣了|util-autopay-cancel
孩子幼儿园的费用能在手机银行交吗|util-tuition
学校的学杂费怎么交|util-tuition
新农合怎么交|util-medical-insurance
明年的居民医保什么时候交|util-medical-insurance
电费交到别人家户号上了|util-wrong-pay
水费多交了能退吗|util-wrong-pay
卡好久没用了现在转不出钱|dorm-what
不动户是什么意思|dorm-what
睡眠账户怎么恢复|dorm-activate
久悬户激活要带什么|dorm-activate
别人能替我激活久悬账户吗|dorm-activate
卡里怎么被扣了管理费|dorm-fee
借记卡要交年费吗|dorm-fee
不用的卡怎么注销|dorm-cancel
银行卡销户要本人去吗|dorm-cancel
办业务收费标准去哪查|dorm-fee-list
你们的服务收费表|dorm-fee-list
想查我名下有几张卡|dorm-unclaimed
以前的存折不记得是哪个银行的|dorm-unclaimed
在哪里打印征信报告|cr-query
查征信要钱吗|cr-query
手机上能查征信吗|cr-query
征信上有笔贷款不是我借的|cr-dispute
征信记录错了找谁改|cr-dispute
逾期还清后多久征信能恢复|cr-overdue-impact
不良记录要保留几年|cr-overdue-impact
网上说可以花钱消除逾期记录|cr-fake-repair
征信修复公司靠谱吗|cr-fake-repair
为什么我贷款申请不下来|cr-loan-reject
征信查询次数太多还能贷款吗|cr-loan-reject
帮朋友担保贷款有风险吗|cr-guarantee
担保人要替别人还钱吗|cr-guarantee
信用卡怎么申请|-
房贷利率多少|-
怎么购买外汇|-
保管箱怎么租|-
社保卡丢了怎么办|-
黄金积存怎么开户|-
企业开户需要什么材料|-
比特币能在你们这买吗|-
ETC在支付宝上能办吗|-
微信零钱怎么提现|-
股票账户怎么开|-
车险怎么买最便宜|-
公积金怎么销户|-
国债和股票哪个好|-
怎么办理护照|-
高铁票怎么退|-
附近有ATM吗|-
工资什么时候发|-
数字人民币和比特币有什么区别|-
ETC和信用卡有什么关系|-
网点周末上班吗|-
手机银行密码忘了|-
怎么开通短信提醒|-
存款利率是多少|-
我想贷款买车|-
理财产品收益率|-
房子怎么过户|-
个税怎么申报|-
医保卡余额怎么查|-
怎么投诉你们的员工|-
"""


def main() -> None:
    here = Path(__file__).parent
    rows = [line.split("|") for line in QUESTIONS.strip().splitlines()]
    with (here / "faq_third_bank.jsonl").open("w", encoding="utf-8") as out:
        for question, entry in rows:
            out.write(json.dumps({"q": question, "expect": None if entry == "-" else entry}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
