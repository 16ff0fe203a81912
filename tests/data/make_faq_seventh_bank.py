"""Writes faq_seventh_bank.jsonl, the held-out questions for kb_seventh_bank/ (a seventh fictional bank, 青岚银行: 60
entries in ten categories none of the other six knowledge bases has: 留学金融, 抵押解押, 企业网银与U盾, 短信通知与账户
提醒, 大额取现与预约, 视频银行与远程柜员, 绿色金融, 知识产权质押, 新市民金融, 跨境理财通; close pairs such as 存款证明
开/解冻, 网银 开通/注销, 短信 开通/取消, 取现 预约/取消预约, 存现/取现, 质押 办理/解除, 南向通/北向通). Written on
2026-12-03 (fourth session of the day) before any matcher change of that session, and measured once at its end, with
the session's first matcher beside it. Paraphrases as customers say them, one-word near misses naming the other entry
of a pair, and out-of-scope questions, some on topics the other knowledge bases answer. Rows: question|entry id ("-"
out of scope).
"""

from make_faq_fourth_bank import write

QUESTIONS = """
孩子去英国读书签证要资金证明去哪开|sa-proof
存款证明一份多少钱|sa-proof
签证下来了 存款证明冻结的钱想先用|sa-proof-unfreeze
资金证明到期了钱会自动解冻吗|sa-proof-unfreeze
澳洲大学的学费怎么付过去|sa-tuition
交国外学费占不占五万美元额度|sa-tuition
女儿要去美国读研 学费不够能贷款吗|sa-loan
留学贷款最多能贷几年|sa-loan
孩子在国外刷卡 父母能看到消费吗|sa-card
留学生办什么信用卡境外刷卡不收手续费|sa-card
每个月给在加拿大的儿子打生活费怎么操作|sa-remit-living
汇生活费到国外要选什么用途|sa-remit-living
房贷全部还完了 抵押怎么撤销|ml-release
结清房贷后还要去不动产登记中心吗|ml-release
还完贷款几个工作日能领结清证明|ml-release-time
解押的材料什么时候能拿|ml-release-time
房本还压在银行 怎么领回来|ml-cert-back
贷款结清了 银行保管的不动产证去哪拿|ml-cert-back
全款买的房子能抵押借钱吗|ml-add
房子没有贷款 抵押能贷评估价的几成|ml-add
房子还在还贷 想卖掉怎么办|ml-transfer
带押过户要先把贷款还清吗|ml-transfer
还款结清证明不见了|ml-lost
结清证明补开要收费吗|ml-lost
公司第一次开通网上银行要准备什么|ce-open
对公网银怎么申请|ce-open
公司网银不想用了要怎么解约|ce-close
企业网银销户要交回U盾吗|ce-close
公司U盾找不到了|ce-ukey-lost
对公U盾补办要多少钱|ce-ukey-lost
网银证书到期了还能在线续吗|ce-ukey-expire
U盾提示证书过期|ce-ukey-expire
公司来了个新出纳怎么给她开网银|ce-operator
企业网银添加操作员|ce-operator
公司付款想让老板在网银上审批|ce-approval
企业网银大额转账要两级审批怎么设置|ce-approval
银行卡有进账想收到短信怎么设置|sms-open
动账短信一个月收多少钱|sms-open
怎么停掉每月两块的短信服务|sms-close
取消账户变动提醒|sms-close
手机号码换了 银行短信还发到旧号上|sms-phone
预留手机号改了 短信提醒会跟着改吗|sms-phone
刷了卡却没收到银行短信|sms-missing
短信通知一直没收到是什么原因|sms-missing
可以用公众号免费收账户提醒吗|sms-wechat
微信绑卡后能收动账通知吗|sms-wechat
一块钱的扣款也发短信 能设置金额吗|sms-threshold
多少钱以下不发短信怎么设|sms-threshold
明天要取十万现金今天要约吗|cash-book
大额取现在手机银行哪里预约|cash-book
预约了取现临时不去了|cash-book-cancel
取消取现预约会有影响吗|cash-book-cancel
拿五十万现金去存要注意什么|cash-deposit-large
ATM一次能存多少现金|cash-deposit-large
取钱的时候为什么要我说用途|cash-purpose
取现金被问资金去向正常吗|cash-purpose
想取两千美元现钞要提前几天约|cash-foreign
去网点取港币现钞要预约吗|cash-foreign
过年想换点新钞发红包|cash-coins
去银行换一百个一元硬币收费吗|cash-coins
视频柜员能帮我挂失吗|vb-what
哪些业务可以远程视频办|vb-what
晚上九点还能视频办业务吗|vb-hours
视频银行节假日有人吗|vb-hours
手机银行里视频银行在哪里打开|vb-start
远程柜员怎么接入|vb-start
视频银行人脸识别一直过不了|vb-fail
视频柜员老是连接失败|vb-fail
我妈卧床出不了门 能视频给她办业务吗|vb-elder
老人不方便去网点可以远程办吗|vb-elder
视频办业务的录像保存几年|vb-record
视频银行会录音吗|vb-record
买比亚迪电动车贷款利率多少|gr-ev-loan
新能源车贷能贷车价的几成|gr-ev-loan
碳积分有什么用|gr-carbon
手机银行上的碳账户怎么攒积分|gr-carbon
屋顶装光伏板能贷款吗|gr-solar
户用光伏贷最多贷多少|gr-solar
工厂搞节能改造能贷款吗|gr-corp-loan
环保项目的绿色贷款要什么材料|gr-corp-loan
ESG主题的理财在哪买|gr-bond-product
有投资绿色债券的理财吗|gr-bond-product
不要再给我寄纸质账单了|gr-ebill
对账单改电子版有碳积分吗|gr-ebill
公司有几个专利能贷款吗|ip-what
商标可以质押贷款吗|ip-what
专利质押贷款要交哪些资料|ip-docs
知识产权贷款需要评估报告吗|ip-docs
专利评估的费用由谁承担|ip-eval-fee
评估费政府能补贴吗|ip-eval-fee
专利质押登记在哪里办|ip-register
商标质押能在网上登记吗|ip-register
贷款还完了 专利的质押怎么注销|ip-release
商标质押怎么解除|ip-release
专利贷款的利息政府贴不贴|ip-subsidy
知识产权质押贷款贴息怎么申请|ip-subsidy
刚来这边上班 没本地户口能开卡吗|nc-account
外地人办借记卡要工作证明吗|nc-account
刚到城里打工 租房的钱能贷款吗|nc-rent-loan
新市民租房贷最多多少|nc-rent-loan
外地户口在这开店能申请创业贷吗|nc-startup
创业担保贷款要什么条件|nc-startup
给老家的爸妈转钱要手续费吗|nc-remit-home
柜台跨行汇款回老家收多少钱|nc-remit-home
灵活就业社保能从卡里自动扣吗|nc-social
外地户口在本地交养老保险|nc-social
老家办的卡丢了 在这边网点能补吗|nc-card-lost-away
异地补卡要多少钱|nc-card-lost-away
我是深圳人能开跨境理财通吗|wmc-who
开通南向通对资产有什么要求|wmc-who
跨境理财通开户要去香港吗|wmc-open
理财通在手机上怎么申请|wmc-open
南向通一个人能投多少|wmc-quota
理财通占不占换汇额度|wmc-quota
理财通能买港股吗|wmc-products
南向通可以买哪些基金|wmc-products
理财通账户怎么注销|wmc-close
跨境理财通的钱怎么转回内地然后关户|wmc-close
香港人能买内地银行的理财吗|wmc-northbound
北向通每人额度多少|wmc-northbound
留学需要打疫苗吗|-
美国签证面试怎么预约|-
二手房交易税费怎么算|-
不动产登记中心几点上班|-
公司营业执照年检怎么办|-
个人网银登录密码忘了|-
信用卡年费怎么才能免掉|-
话费怎么充值|-
ATM吞卡了怎么办|-
现金存款机在哪里|-
怎么开通手机银行|-
人脸识别是怎么保护隐私的|-
电动车上牌要什么材料|-
光伏发电怎么卖给电网|-
垃圾分类有什么规定|-
专利怎么申请|-
商标被别人抢注了怎么办|-
居住证怎么办理|-
子女入学需要什么证明|-
外地人怎么在本地买房|-
港币汇率今天多少|-
香港保险能买吗|-
定期存款提前支取利息怎么算|-
金条回购价格在哪看|-
公积金贷款利率是多少|-
个人所得税APP怎么退税|-
如何办理护照|-
出国换汇一年能换多少|-
支票丢了怎么挂失|-
企业年报怎么报|-
"""


if __name__ == "__main__":
    write(QUESTIONS, "faq_seventh_bank.jsonl")
