"""Writes faq_other_bank.jsonl and faq_conversations.jsonl, the held-out sets of issue 14, written on 2026-12-01
before any matcher change for it and measured once at the end.

- faq_other_bank.jsonl: questions for kb_other_bank/ (a second knowledge base, of another fictional bank: 61 entries
  in ten categories the sample does not have, with deliberate close pairs such as 开通/注销, 调高/调低, 购汇/结汇,
  挂失/解挂). Paraphrases as customers and managers say them, one-word near misses that name the other entry of a
  pair (手机银行怎么开 / 手机银行怎么关), and out-of-scope questions, including topics the sample knowledge base
  answers but this one does not. Rows: question|entry id ("-" out of scope).
- faq_conversations.jsonl: two-turn conversations on the sample knowledge base. The second turn is a follow-up (y)
  or a question of its own (n); a question of its own must get the answer it gets alone. Rows: turns separated by
  " ;; ", each question|entry id|y or n ("-" for no entry: a word for the bot itself, such as 帮助).
"""

import json
from pathlib import Path

QUESTIONS = """
我想换点美元出国旅游|fx-buy
手机上能买外汇吗|fx-buy
去日本玩要换日元在哪办|fx-buy
手里有美金想换成人民币|fx-sell
出差剩下的欧元能兑回人民币吗|fx-sell
结汇要带啥证件|fx-sell
今年换外币还剩多少额度|fx-quota
一年只能换五万美金吗|fx-quota
便利化额度是按自然年算的吗|fx-quota
孩子在英国上学学费怎么交|fx-tuition
留学生的学费能超过5万美元吗|fx-tuition
给美国大学汇款要哪些材料|fx-tuition
我姐从加拿大给我打钱多久能到|fx-inward
国外公司给我汇工资需要告诉对方什么|fx-inward
境外收款的SWIFT代码是多少|fx-inward
明天要取两千美元现金可以直接去吗|fx-cash-withdraw
想拿一万美金现钞要提前说吗|fx-cash-withdraw
网点有港币现金可以取吗|fx-cash-withdraw
现在一美元能换多少人民币|fx-rate
你们的现汇买入价在哪看|fx-rate
欧元汇率怎么查|fx-rate
个人养老金账户在哪里开通|pen-open
参加个人养老金第一步做什么|pen-open
养老金资金账户可以开几个|pen-open
个人养老金一年能交多少|pen-limit
养老金账户每月存一千行吗|pen-limit
个人养老金缴存有上限吗|pen-limit
交个人养老金能少交个税吗|pen-tax
养老金的扣除凭证在哪里上传|pen-tax
领个人养老金的时候要交税吗|pen-tax
个人养老金的钱什么时候能取出来|pen-withdraw
没退休能提前领个人养老金吗|pen-withdraw
得了大病可以领养老金账户的钱吗|pen-withdraw
个人养老金可以买基金吗|pen-products
养老金账户的钱不买产品有利息吗|pen-products
个人养老金能买哪些理财|pen-products
个人养老金账户想转到工作地的银行|pen-transfer
养老金资金账户可以变更吗|pen-transfer
换银行后养老金账户里的钱怎么办|pen-transfer
我想在你们行租个保险箱|box-rent
租保管箱要带什么|box-rent
保管箱还有空的吗怎么申请|box-rent
小号保管箱一年多少钱|box-fee
保管箱要交押金吗|box-fee
贵宾客户租保管箱有优惠吗|box-fee
保险箱的钥匙弄丢了|box-key-lost
保管箱钥匙不见了要换锁吗|box-key-lost
保管箱钥匙掉了谁来开箱|box-key-lost
保管箱不用了押金怎么退|box-cancel
想把保险箱退掉|box-cancel
提前退租保管箱租金退吗|box-cancel
保管箱可以放金条和现金吗|box-items
能在保险箱里放枪吗|box-items
保管箱存放物品有什么规定|box-items
新办一张社保卡去哪里|ss-apply
社保卡可以在手机上申请吗|ss-apply
孩子的社保卡怎么办|ss-apply
社保卡拿到了怎么开通银行功能|ss-activate
社保卡要设置密码才能用吗|ss-activate
社保卡能在ATM上激活吗|ss-activate
社保卡弄丢了怎么办|ss-loss
社保卡补办要多少钱|ss-loss
社保卡找不到了先临时挂失|ss-loss
挂失的社保卡又找到了还能用吗|ss-unlock
社保卡怎么取消挂失|ss-unlock
社保卡临时挂失怎么解除|ss-unlock
医保账户里还剩多少钱怎么看|ss-medical-balance
手机银行能查医保余额吗|ss-medical-balance
社保卡医保的钱在哪查|ss-medical-balance
我想买100克的金条|gold-bar-buy
你们行卖投资金条吗|gold-bar-buy
手机银行买的金条能邮寄吗|gold-bar-buy
买的金条能找银行回收吗|gold-buyback
金条不要了能卖给你们吗|gold-buyback
别的品牌的金条能回购吗|gold-buyback
积存金在手机上怎么开|gold-accumulate-open
黄金积存一克起存吗|gold-accumulate-open
想每个月定投黄金怎么签约|gold-accumulate-open
积存金攒够了能换金条吗|gold-accumulate-redeem
积存金可以提实物吗|gold-accumulate-redeem
积存金兑换金币要加工费吗|gold-accumulate-redeem
今天的金价是多少|gold-price
在哪能看到积存金价格|gold-price
金条挂牌价怎么查|gold-price
第一次用你们的app怎么注册|mb-register
手机银行注册需要人脸识别吗|mb-register
怎么用银行卡开通手机银行|mb-register
我不想用手机银行了怎么关|mb-close
手机银行能注销吗|mb-close
注销手机银行要去柜台吗|mb-close
手机银行密码错了太多次锁住了|mb-locked
手机银行被锁定多久能解开|mb-locked
忘记手机银行登录密码了|mb-locked
换手机以后手机银行登不上|mb-new-phone
新手机怎么绑定手机银行|mb-new-phone
换了手机号手机银行怎么办|mb-new-phone
转账限额太低了能调高吗|mb-limit-up
手机银行一天最多转五十万不够怎么办|mb-limit-up
怎么把手机银行的转账额度提上去|mb-limit-up
怕被骗想把转账额度调小|mb-limit-down
手机银行限额能改低一点吗|mb-limit-down
给我妈的手机银行设个低限额|mb-limit-down
银行卡进出账想收到短信|sms-open
动账短信怎么开通|sms-open
短信提醒每月收多少钱|sms-open
不想收到余额变动短信了|sms-close
短信通知怎么关掉|sms-close
取消短信提醒还收费吗|sms-close
有人打电话说是银行的让我转到安全账户|sec-fake-service
客服打电话要我的验证码能给吗|sec-fake-service
接到电话说我的卡有问题要转账|sec-fake-service
我的卡在身上钱却被人刷了|sec-stolen
账户里的钱被转走了怎么追|sec-stolen
发现银行卡有不认识的消费|sec-stolen
种地的农民能贷多少款|agri-farmer-loan
养猪户想贷款怎么弄|agri-farmer-loan
农户e贷怎么申请|agri-farmer-loan
农户贷款要不要抵押|agri-guarantee
信用户贷款需要担保吗|agri-guarantee
没有担保人能贷农户贷款吗|agri-guarantee
农户贷款提前还要收违约金吗|agri-repay-early
收完粮食想把农户贷款还了|agri-repay-early
农户贷款可以随借随还吗|agri-repay-early
家庭农场能在你们行贷款吗|agri-coop-loan
合作社贷款最多能贷多少|agri-coop-loan
合作社申请贷款要哪些材料|agri-coop-loan
种粮补贴发到哪里了|agri-subsidy
惠农补贴到账怎么查|agri-subsidy
一卡通的补贴钱到了吗|agri-subsidy
庄稼被淹了保险赔的钱怎么拿|agri-insurance-claim
农业保险赔款打到哪个账户|agri-insurance-claim
养殖保险理赔款没到账怎么办|agri-insurance-claim
你们周六开门吗|br-hours
银行下午几点关门|br-hours
节假日网点营业吗|br-hours
去网点前能先预约吗|br-appointment
怎么在手机上预约取号|br-appointment
预约了网点能取消吗|br-appointment
我爸瘫痪在床想办卡能上门吗|br-home-service
家里老人病重去不了银行怎么办|br-home-service
银行能派人上门办业务吗|br-home-service
店里要换一百个硬币|br-coins
去哪里换一块钱的硬币|br-coins
商户兑换大量零钱要预约吗|br-coins
钱被老鼠咬坏了能换吗|br-damaged-cash
撕成两半的钞票怎么兑换|br-damaged-cash
残缺的一百元能换多少|br-damaged-cash
找零找到一张假钱|br-counterfeit
怀疑收到假钞怎么鉴定|br-counterfeit
假币被收缴了不服怎么办|br-counterfeit
孩子卡里的钱家长能取吗|sp-guardian
未成年人账户取款要什么证明|sp-guardian
我能取我女儿存折里的钱吗|sp-guardian
我没空让同事帮我取钱要带什么|sp-proxy-withdraw
代别人取款需要委托书吗|sp-proxy-withdraw
家人代取十万块要什么手续|sp-proxy-withdraw
老人住院昏迷了医药费怎么从他卡里取|sp-incapacitated
老人痴呆了子女能取他的钱吗|sp-incapacitated
失能老人的钱怎么用来交住院费|sp-incapacitated
我爸去世了卡里就几千块怎么取|sp-inherit-small
亲人过世存款不多要公证吗|sp-inherit-small
已故奶奶存折里八千块钱怎么取|sp-inherit-small
卡突然用不了说是冻结了|sp-freeze-reason
怎么查我的账户是谁冻结的|sp-freeze-reason
为什么我的卡被止付了|sp-freeze-reason
卡被冻结了怎么恢复|sp-unfreeze
身份证过期账户被暂停了怎么解开|sp-unfreeze
司法冻结怎么解除|sp-unfreeze
定期还没到期能拿存单贷款吗|pledge-loan
大额存单可以质押借钱吗|pledge-loan
存单质押能贷多少|pledge-loan
存单质押贷款的利息高吗|pledge-rate
质押贷款按什么利率算|pledge-rate
用存单贷款利率怎么定|pledge-rate
贷款还完了存单怎么拿回来|pledge-release
质押的存单什么时候解除止付|pledge-release
还清质押贷款后大额存单能转让吗|pledge-release
办签证要银行出存款证明|asset-cert
开一份英文的资信证明多少钱|asset-cert
存款证明要冻结多久|asset-cert
存款证明不需要了能撤销吗|asset-cert-cancel
提前解冻存款证明里的钱|asset-cert-cancel
存款证明原件丢了怎么撤销|asset-cert-cancel
信用卡年费怎么收|-
房贷利率现在多少|-
企业代发工资要什么材料|-
对公账户怎么开|-
工商银行的积存金怎么买|-
支付宝转账限额多少|-
理财产品起购金额是多少|-
今天天气怎么样|-
帮我写一份工作总结|-
股票明天会涨吗|-
车贷首付比例多少|-
公积金贷款怎么办|-
信用卡逾期了怎么办|-
POS机怎么申请|-
基金定投怎么设置|-
怎么开存款证明给法院|-
企业网银怎么开通|-
保险理财哪个收益高|-
个人征信怎么查|-
大额存单起存金额多少|-
你们行的理财经理电话|-
怎么炒外汇期货|-
比特币能换人民币吗|-
医院挂号怎么预约|-
住房公积金怎么提取|-
微信支付怎么开通|-
社保缴费基数是多少|-
养老保险交满多少年|-
怎么考基金从业资格|-
黄金首饰怎么保养|-
手机银行怎么开|mb-register
手机银行怎么关|mb-close
短信提醒怎么开|sms-open
短信提醒怎么关|sms-close
转账限额怎么调高|mb-limit-up
转账限额怎么调低|mb-limit-down
怎么买美元|fx-buy
怎么卖美元|fx-sell
社保卡怎么挂失|ss-loss
社保卡怎么解挂|ss-unlock
账户为什么冻结|sp-freeze-reason
账户怎么解冻|sp-unfreeze
保管箱怎么租|box-rent
保管箱怎么退|box-cancel
金条怎么买|gold-bar-buy
金条怎么卖|gold-buyback
存款证明怎么开|asset-cert
存款证明怎么撤销|asset-cert-cancel
存单怎么质押|pledge-loan
存单怎么解押|pledge-release
积存金怎么开通|gold-accumulate-open
积存金怎么换实物|gold-accumulate-redeem
农户贷款要担保吗|agri-guarantee
农户贷款能提前还吗|agri-repay-early
"""

CONVERSATIONS = """
现在三年定期利率多少|dep-rates|n ;; 客户信用卡丢了咋办|card-lost|n
房贷可以提前还款吗|ploan-prepay|n ;; 密码忘了怎么办|acct-password-reset|n
代发工资收手续费吗|payroll-fee|n ;; 转账转错了怎么办|settle-wrong-transfer|n
大额存单起存金额是多少|dep-large-cd|n ;; 银行卡坏了怎么办|acct-card-replace|n
信用卡怎么申请|card-apply|n ;; 信用卡逾期了怎么办|card-overdue|n
个人开户需要带什么材料|acct-open-docs|n ;; 那企业呢|corp-open-docs|y
个人账户怎么销户|acct-close|n ;; 那对公账户呢|corp-close|y
信用卡丢了怎么挂失|card-lost|n ;; 那借记卡丢了呢|acct-card-lost|y
定期存款提前支取利息怎么算|dep-early-withdraw|n ;; 代发部分失败怎么办|payroll-failure|n
手机银行转账限额是多少|settle-mobile-limit|n ;; 客户被电信诈骗了怎么办|aml-telecom-fraud|n
基金定投怎么设置|wealth-fund-investment-plan|n ;; 客户投诉怎么处理|aml-complaint|n
理财赎回多久到账|wealth-redeem-time|n ;; 跨行转账多久到账|settle-cross-bank-time|n
信用卡年费怎么收|card-annual-fee|n ;; 那分期手续费呢|card-installment|y
房贷利率现在是多少|ploan-mortgage-rate|n ;; 企业贷款利率怎么定|credit-loan-rate|n
现在定期存款利率是多少|dep-rates|n ;; 卡被冻结了怎么办|settle-account-freeze|n
个人消费贷款额度最高多少|ploan-consumer|n ;; 扣款失败怎么办|ploan-repay-failure|n
未成年人怎么开户|acct-open-minor|n ;; 那外国人呢|acct-open-foreigner|y
企业开立基本存款账户需要哪些材料|corp-open-docs|n ;; 要多久|corp-open-time|y
流动资金贷款到期怎么续贷|credit-renewal|n ;; 需要什么材料|credit-apply-docs|y
银行承兑汇票保证金比例是多少|credit-bank-acceptance|n ;; 那商业汇票怎么贴现|credit-discount|y
信用卡取现手续费多少|card-cash-advance|n ;; 身份证过期了怎么办|acct-info-update|n
差旅费怎么报销|int-reimburse|n ;; 请假流程是什么|int-leave|n
大额交易报告的标准是多少|aml-large-report|n ;; 可疑交易怎么报|aml-suspicious|n
客户经理考核指标有哪些|perf-kpi-weights|n ;; 哪些情况会扣绩效|perf-penalty|n
预留手机号怎么修改|acct-phone-change|n ;; 久悬账户怎么激活|acct-dormant|n
办理房贷需要哪些材料|ploan-mortgage-docs|n ;; 那车贷呢|ploan-car|y
理财产品有冷静期吗|wealth-cooling-off|n ;; 理财为什么会亏|wealth-net-value|n
积存金怎么买|wealth-precious-metal|n ;; 信用卡积分怎么用|card-points|n
对公账户年检要准备什么|corp-annual-check|n ;; 企业网银怎么开通|corp-online-banking|n
现在三年定期利率多少|dep-rates|n ;; 帮助|-|n
信用卡怎么提额|card-limit-increase|n ;; 菜单|-|n
代发工资怎么操作|payroll-process|n ;; 怎么用|-|n
存款保险保多少钱|dep-insurance|n ;; 你能做什么|-|n
个人征信报告怎么查|ploan-credit-query|n ;; 征信有逾期还能贷款吗|ploan-credit-report|n
转账手续费怎么收|settle-fee|n ;; 节假日能大额转账吗|settle-night-transfer|n
信用卡最低还款有什么影响|card-min-payment|n ;; 卡丢了怎么办|acct-card-lost|n
定期到期会自动转存吗|dep-auto-renew|n ;; 通知存款怎么存|dep-notice|n
结构性存款保本吗|dep-structured|n ;; 那大额存单呢|dep-large-cd|y
公积金组合贷款怎么办|ploan-provident-combo|n ;; 助学贷款能办吗|ploan-student|n
客户送礼能收吗|aml-gift|n ;; 营销活动可以送客户礼品吗|perf-marketing-gift|n
"""


def _turn(cell: str) -> dict[str, object]:
    q, expect, follow = (part.strip() for part in cell.split("|"))
    return {"q": q, "expect": None if expect == "-" else expect, "follow_up": follow == "y"}


def main() -> None:
    here = Path(__file__).parent
    rows = [line.split("|") for line in QUESTIONS.strip().splitlines() if line.strip()]
    questions = [{"q": q, "expect": None if e == "-" else e} for q, e in rows]
    (here / "faq_other_bank.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in questions), encoding="utf-8"
    )
    conversations = [
        {"turns": [_turn(cell) for cell in line.split(";;")]} for line in CONVERSATIONS.strip().splitlines()
    ]
    (here / "faq_conversations.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in conversations), encoding="utf-8"
    )
    print(f"{len(questions)} questions, {len(conversations)} conversations")


if __name__ == "__main__":
    main()
