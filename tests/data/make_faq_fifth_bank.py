"""Writes faq_fifth_bank.jsonl, the held-out questions for kb_fifth_bank/ (a fifth fictional bank, 沧澜银行: 60
entries in ten categories none of the other four knowledge bases has: 企业年金, 境外用卡, 存款继承, 反诈与账户管控,
少儿金融, 房屋交易资金监管, 亲情账户与附属卡, ATM与自助设备, 支票与汇票, 对账与回单; close pairs such as 开通/关闭
境外交易, 亲情账户 开通/解除, 附属卡 申请/注销, 监管资金 解付/退回). Written on 2026-12-03 (second session of the
day) after this session's matcher changes had been made on the other four knowledge bases, and measured once, right
after it was written, with no change to the matcher after. Paraphrases as customers say them, one-word near misses
naming the other entry of a pair, and out-of-scope questions, some on topics the other knowledge bases answer.
Rows: question|entry id ("-" out of scope).
"""

from make_faq_fourth_bank import write

QUESTIONS = """
单位给我们交的那个年金是什么东西|ann-what
企业年金跟社保是一回事吗|ann-what
我的年金现在攒了多少钱|ann-query
在手机上能看到年金余额吗|ann-query
年金要到多少岁才能拿|ann-withdraw
还没退休能把年金取出来吗|ann-withdraw
辞职以后年金账户还在吗|ann-transfer
新公司没有年金 我原来的年金怎么办|ann-transfer
领年金要扣税吗|ann-tax
年金个人缴的部分能少交个税吗|ann-tax
年金是拿去买什么了|ann-invest
企业年金会不会亏本|ann-invest
去国外旅游能用卡取当地的钱吗|abroad-withdraw
在日本ATM取钱一次收多少手续费|abroad-withdraw
在美国刷卡按哪个汇率扣人民币|abroad-spend
境外刷借记卡会多收转换费吗|abroad-spend
出国之前卡要去开什么|abroad-open
卡在国外用不了是不是没开境外功能|abroad-open
回国了想把卡的境外交易关了|abroad-close
怎么让我的卡在国外不能刷|abroad-close
在泰国旅游钱包被偷卡也丢了|abroad-lost
人在国外卡丢了身上没钱怎么办|abroad-lost
国外网站退款多久能退到卡上|abroad-refund
境外退货汇率亏了谁负责|abroad-refund
我爸走了他卡里的钱我们怎么取|inh-process
老人去世以后存款怎么办手续|inh-process
奶奶卡里就三万块也要去公证吗|inh-small
去世的人存款很少能不能不公证|inh-small
不知道我妈生前在哪存了钱|inh-query
家里人能查去世老人的账户吗|inh-query
继承存款要准备哪些证明|inh-documents
取过世亲人的钱要带什么资料|inh-documents
我老公去世了他的房贷还要我还吗|inh-loan
借款人死了银行找谁要钱|inh-loan
老人留了遗嘱 存款能直接给我吗|inh-will
有遗嘱还要去公证处吗|inh-will
刚被骗了五千块怎么办|fc-scammed
转账给骗子了还能追回来吗|fc-scammed
手机银行转不了账说我被限制了|fc-limited
为什么我的卡不能在网上用了|fc-limited
卡被法院冻住了怎么解|fc-frozen
账户被冻结了我还能取钱吗|fc-frozen
朋友想借我的卡收钱可以吗|fc-rent
卖银行卡会坐牢吗|fc-rent
有人打电话说是你们客服真的假的|fc-verify
接到电话说银行让我把钱转到安全账户|fc-verify
卡里突然多了两万块不知道谁转的|fc-stranger
有人说转错钱了让我转回去|fc-stranger
孩子八岁能办卡吗|kid-card
给女儿开户要带什么证件|kid-card
压岁钱存哪种好|kid-lucky-money
小孩的钱存起来有什么产品|kid-lucky-money
能不能限制孩子每天刷卡花多少|kid-limit
孩子的卡我能设置限额吗|kid-limit
学校的学费能在你们app交吗|kid-tuition
交学杂费在哪里操作|kid-tuition
教育储蓄免不免利息税|kid-edu-savings
教育储蓄一个孩子最多能存多少|kid-edu-savings
儿子满十六了他的少儿卡要换吗|kid-grown
少儿卡怎么变成正常的卡|kid-grown
买二手房为什么钱要先放监管账户|esc-what
房款监管是干嘛的|esc-what
二手房资金监管去哪里签协议|esc-open
做房款监管需要带什么|esc-open
过户完了卖家多久收到钱|esc-release
监管的房款什么时候解冻给卖方|esc-release
房子不买了放在监管户的钱怎么退回来|esc-cancel
交易黄了 监管资金能退吗|esc-cancel
房款在监管账户里算利息吗|esc-interest
监管期间的利息给谁|esc-interest
资金监管要不要手续费|esc-fee
办房款监管收多少钱|esc-fee
想给我妈开个亲情付|fam-open
亲情账户在哪添加家人|fam-open
亲情账户每个月额度能调高吗|fam-limit
给家人的亲情额度最多多少|fam-limit
不想让家人再用亲情账户了怎么取消|fam-cancel
亲情账户怎么解绑|fam-cancel
想给老公办张副卡|fam-supp-apply
附属卡能给爸妈办吗|fam-supp-apply
副卡刷的钱谁还|fam-supp-bill
附属卡的消费会单独出账单吗|fam-supp-bill
副卡不用了怎么注销|fam-supp-cancel
注销主卡副卡会一起注销吗|fam-supp-cancel
取款机把我的卡吞了|atm-swallowed
卡被ATM吞了去哪领|atm-swallowed
ATM没吐钱但是钱扣了|atm-no-cash
取钱少出了一张钱被扣了|atm-no-cash
在存款机上存的钱什么时候到账|atm-deposit
ATM存现能马上用吗|atm-deposit
忘带卡了能用手机在ATM取钱吗|atm-cardless
无卡取款每天能取多少|atm-cardless
ATM一天能取多少现金|atm-limit
ATM单笔最多取几千|atm-limit
ATM取出来一张假钞怎么办|atm-fake
取款机里出来的钱是假的|atm-fake
个人能不能开支票|chq-personal
私人可以用支票付款吗|chq-personal
别人给了我一张支票怎么存|chq-deposit
转账支票怎么进账|chq-deposit
支票存进去被退回来了|chq-bounced
对方开了空头支票怎么办|chq-bounced
支票开出来几天内要去存|chq-valid
支票过了十天还能用吗|chq-valid
想开一张银行汇票|chq-draft
银行汇票去哪申请|chq-draft
支票本丢了怎么办|chq-lost
签好的支票丢了怎么止付|chq-lost
办贷款要打印一年的流水|stm-print
银行流水在哪打|stm-print
转账凭证在手机银行哪里下载|stm-receipt
要一张汇款的电子回单|stm-receipt
公司账户每个月要对账吗|stm-corp
企业网银怎么做余额对账|stm-corp
出国签证要开存款证明|stm-deposit-proof
存款证明会冻结我的钱吗|stm-deposit-proof
每月账单能发到邮箱吗|stm-mail
怎么订阅电子对账单|stm-mail
明细里有一笔我没花过的钱|stm-error
流水里有一笔陌生扣款怎么办|stm-error
出国前怎么关闭境外交易|abroad-close
回国了怎么开通境外交易|abroad-open
亲情账户怎么开通|fam-open
附属卡怎么申请|fam-supp-apply
附属卡怎么注销|fam-supp-cancel
监管资金怎么退回给买家|esc-cancel
监管资金怎么打给卖家|esc-release
年金什么时候能领|ann-withdraw
年金怎么转到新单位|ann-transfer
现在买房贷款利息多少|-
想办一张信用卡去哪申请|-
怎么买基金|-
社保卡找不着了咋整|-
大额存单利率是多少|-
住房公积金能取出来装修吗|-
高速ETC在你们这能装吗|-
登录密码记不起来了怎么重置|-
外币怎么兑换|-
黄金怎么买|-
保险怎么理赔|-
贷款买车要付几成首付|-
个人养老金账户在哪开|-
国债在哪买|-
征信报告怎么查|-
数字人民币怎么开通|-
新公司开基本户要准备什么|-
代发工资怎么签约|-
贷款逾期会怎么样|-
股票怎么开户|-
你们能不能买虚拟货币|-
怎么办护照|-
下周天气热不热|-
附近哪里有加油站|-
房价会不会跌|-
社保每个月交多少|-
医保卡怎么报销|-
这个月的绩效什么时候到|-
怎么注册微信支付|-
孩子上学怎么择校|-
"""


if __name__ == "__main__":
    write(QUESTIONS, "faq_fifth_bank.jsonl")
