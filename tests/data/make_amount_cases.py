"""Writes amounts.jsonl: money amounts as bankers type or dictate them, each in a sentence, with the yuan value the
card must show (or none, with the reason it must be confirmed instead). Forms: colloquial (两千五, 一万三), mixed
(3万4000, 25万6千, 2千零30万), 大写, separators and full width, multiplier suffixes (w, k, kw, 个亿, 万亿, 万万),
decimals, approximations, ranges, negatives, foreign currencies, and numbers that are not money. Run once, kept."""

import json
from pathlib import Path

ROWS = """
谈流贷500万|5000000|-
授信1.2亿|120000000|-
存了三百万|3000000|-
理财50w|500000|-
流贷一千五百万|15000000|-
项目贷两个亿|200000000|-
银团一点五亿|150000000|-
存了30000元|30000|-
定期二十万|200000|-
定投两千五|2500|-
存了一万三|13000|-
三万五的理财|35000|-
两千四百五块|2450|-
授信一亿五千万|150000000|-
规模四十五亿四千零四万|4540040000|-
流贷1,100万|11000000|-
存了5,236元|5236|-
1,050,000,000元的授信|1050000000|-
月流水3万4000|34000|-
经营贷25万6千|256000|-
授信2千零30万|20300000|-
银承拾万零五十六元|100056|-
壹佰万元整|1000000|-
代发3000w|30000000|-
理财500k|500000|-
授信3kw|30000000|-
银团一点二个亿|120000000|-
4.78万亿的盘子|4780000000000|-
10万万的规模|1000000000|-
存了７万５千４百元|75400|-
二十 億的授信|2000000000|-
４，５６５元|4565|-
存了八十五万|850000|-
一千二百万的贷款|12000000|-
三千五的月供|3500|-
十二万三千的存款|123000|-
三万六的分期|36000|-
两千零三十万授信|20300000|-
九十二万四的理财|924000|-
一百零一万一千元|1011000|-
五亿零六元|500000006|-
贷款20万|200000|-
一百万|1000000|-
十万|100000|-
三千万|30000000|-
0.5亿|50000000|-
8000元|8000|-
一万块钱|10000|-
三百块|300|-
大概500万|5000000|approximate
需求百来万|1000000|approximate
借款千把万|10000000|approximate
设备贷款一个多亿|100000000|approximate
产线贷款一亿二|120000000|-
设施农业贷款半个亿|50000000|-
年流水RMB 3,000,000|3000000|-
千万别忘了带证件|-|none
五百万左右|5000000|approximate
约两千万|20000000|approximate
二十几万|200000|approximate
一千多万|10000000|approximate
十多万的理财|100000|approximate
每天流水两千多|2000|approximate
将近一个亿|100000000|approximate
两三百万|-|range
三到五百万|-|range
300-500万|-|range
七八千块|-|range
负100万|-|negative
50万美元|-|currency
200万港币|-|currency
几百万|-|unclear
120人|-|none
3天后再去|-|none
下午3点|-|none
电话13812345678|-|none
千万别忘了|-|none
2026-11-27拜访|-|none
二类户开了三个|-|none
十几个人|-|none
贷款近千万|10000000|approximate
存款上千万|10000000|approximate
小一千万的流贷|10000000|approximate
授信小两百万|2000000|approximate
百万富翁|-|none
2026-12-22再联系|-|none
"""


def main() -> None:
    lines = []
    for row in ROWS.strip().splitlines():
        text, yuan, flag = row.split("|")
        lines.append(
            json.dumps({"text": text, "yuan": None if yuan == "-" else int(yuan), "flag": flag}, ensure_ascii=False)
        )
    out = Path(__file__).with_name("amounts.jsonl")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), "cases")


if __name__ == "__main__":
    main()
