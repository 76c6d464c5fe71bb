"""Figure detection: numbers with signs, multipliers and units, percentages and their direction,
dates and periods, in Chinese (Traditional or Simplified) and English text.

Detection runs on the text folded by :func:`kg.text.fold` (Simplified, NFKC, lower case: the same
length, so every offset is an offset in the original), so each cue word below is written once, in
either script. Everything found keeps its code-point span in the original text. Values are
normalised to ``value x multiplier`` (17.4億元 -> 17.4 x 10^8 CNY; RMB 1.74 billion -> 1.74 x 10^9
CNY; -6.96億元 keeps its written minus sign), units to the ``kgo:`` unit individuals where one
exists (CNY, USD, Percent, GPUCard, PetaFLOPS, EnterpriseCount, PersonCount), and periods to the
keys of ``docs/model.md`` ("2024", "2024-H1", "2024-Q2", "2024-08", "FY2024", as-of "2023-12").
Numbers, rates and dates in Chinese numerals (一兆元, 三千二百人, 百分之三百, 四成, 三分之一, 兩倍,
二○二六年, 十一月廿一日) are read with kg.ingest.numerals.
Relative dates (今年, 上半年, 三季度, "this year") are resolved against a reference year when one
is given, and marked as inferred; so is a period carried over from an earlier sentence. Days
said relative to the article's (今天, 昨日, 週四, "on Tuesday") are resolved against the article's
day when one is given: they date what moved on them and the levels reached on them.

Cost: one pass of a few regular expressions over the text, then one pass over the sentences with
binary searches, so linear in the text's length.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kg.inputs.sources import Sentence, split_sentences
from kg.ingest.numerals import DIGITS, NUMERAL_CHARS, numeral_value
from kg.inputs.vocabulary import MULTIPLIERS as FACT_MULTIPLIERS
from kg.text import fold

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONTHS = {name: i for i, names in enumerate(
    [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")]) for name in names}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

#: multiplier as written -> factor: every one a fact file may write, and larger ones the
#: draft notes (萬億 = 10^12) with the figure's normalised value
MULTIPLIERS: dict[str, Decimal] = {
    **FACT_MULTIPLIERS,
    "萬億": Decimal(10) ** 12, "万亿": Decimal(10) ** 12, "千億": Decimal(10) ** 11,
    "千亿": Decimal(10) ** 11, "百億": Decimal(10) ** 10, "百亿": Decimal(10) ** 10,
    "trillion": Decimal(10) ** 12, "bn": Decimal(10) ** 9, "mn": Decimal(10) ** 6,
    "bln": Decimal(10) ** 9, "mln": Decimal(10) ** 6,
    "兆": Decimal(10) ** 12,  # as Taiwan writes it (1.21兆元); 兆瓦 / 兆字節 are units, not this
}
# The words below are how texts write figures (detection), not the fact vocabulary: each maps
# to a kgo: individual's local name or a fact file's form (kg.inputs.vocabulary); what the
# project's vocabulary lacks (None, "widening") is left to the draft's notes. Each is written
# once: matching folds both the text and the words (kg.text.fold).
#: unit or currency as written -> kgo: unit individual, or None
UNITS: dict[str, str | None] = {
    "美元": "USD", "港元": "HKD", "港幣": "HKD", "人民幣": "CNY", "元": "CNY", "%": "Percent",
    "張卡": "GPUCard", "塊GPU": "GPUCard", "張GPU": "GPUCard", "PetaFLOPS": "PetaFLOPS",
    "家": "EnterpriseCount", "人": "PersonCount", "名員工": "PersonCount", "名": "PersonCount",
    "倍": None, "個百分點": None, "百分點": None, "個基點": None, "基點": None,
    "percentage points": None, "percentage point": None, "basis points": None, "bps": None,
    "pp": None, "ppt": None, "ppts": None,
    "percent": "Percent", "per cent": "Percent", "GPUs": "GPUCard", "GPU cards": "GPUCard",
    "GPU": "GPUCard", "people": "PersonCount", "employees": "PersonCount", "staff":
    "PersonCount", "companies": "EnterpriseCount", "enterprises": "EnterpriseCount",
    "customers": None, "yuan": "CNY", "dollars": "USD", "users": None, "次": None,
    "個": None, "款": None,
    "新台幣": "TWD", "新臺幣": "TWD", "台幣": "TWD", "日元": "JPY", "日圓": "JPY",
    "歐元": "EUR", "港紙": "HKD",
    # currencies of the region the kgo: vocabulary has no individual for
    "韓元": None, "英鎊": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "新加坡元": None, "澳門元": None, "澳元": None,
    # things counted
    "輛": None, "台": None, "部": None, "套": None, "架": None, "艘": None, "件": None,
    "座": None, "間": None, "單": None, "筆": None, "股": None, "位員工": "PersonCount",
    "PFLOPS": "PetaFLOPS", "renminbi": "CNY", "RMB": "CNY", "yen": "JPY", "euros": "EUR",
    "euro": "EUR", "Hong Kong dollars": "HKD", "Taiwan dollars": "TWD",
    # a hundredth of a currency (per-share amounts): normalised to the currency
    "cents": "USD", "cent": "USD", "港仙": "HKD",
}
#: units that are a hundredth of their currency: "7 cents per share" is 0.07 USD
_HUNDREDTHS = frozenset({"cents", "cent", "港仙"})
#: English nouns of things counted, which may follow the number after up to two words ("39,790
#: electric vehicles", "3,000 full-time employees", "87 so-called availability zones")
COUNT_NOUNS: dict[str, str | None] = {
    "employees": "PersonCount", "people": "PersonCount", "staff": "PersonCount",
    "workers": "PersonCount", "companies": "EnterpriseCount", "enterprises": "EnterpriseCount",
    "customers": None, "users": None, "vehicles": None, "vehicle": None, "cars": None,
    "evs": None, "units": None, "shares": None, "smartphones": None, "phones": None,
    "devices": None, "robotaxis": None, "orders": None, "stores": None, "chips": None,
    "servers": None, "subscribers": None, "clients": None, "jobs": "PersonCount",
    "positions": "PersonCount", "engineers": "PersonCount", "researchers": "PersonCount",
    "gpus": "GPUCard", "startups": "EnterpriseCount", "start-ups": "EnterpriseCount",
    "regions": None, "zones": None, "products": None, "services": None, "countries": None,
    "cities": None, "markets": None, "models": None, "apps": None, "factories": None,
    "plants": None, "centers": None, "centres": None, "passengers": None, "rides": None,
    "trips": None, "downloads": None, "developers": None, "merchants": None, "deliveries": None,
}
#: the kgo: units that are currencies: a currency written before the number may stand with them
CURRENCIES = frozenset({"CNY", "USD", "HKD", "TWD", "EUR", "JPY", "GBP"})
CURRENCY_PREFIXES: dict[str, str | None] = {
    "RMB": "CNY", "CNY": "CNY", "人民幣": "CNY", "¥": "CNY", "US$": "USD", "USD": "USD",
    "$": "USD", "HK$": "HKD", "HKD": "HKD", "NT$": "TWD", "TWD": "TWD", "S$": None, "SGD": None,
    "JPY": "JPY", "EUR": "EUR", "€": "EUR", "£": "GBP", "A$": None, "C$": None, "CA$": None,
    "CAD": None, "AUD": None, "GBP": "GBP",
    # written before the number too: 新台幣9,899.2億元, 港幣30.48億元
    "新台幣": "TWD", "新臺幣": "TWD", "台幣": "TWD", "港幣": "HKD", "港元": "HKD",
}
#: a currency named after the amount and its 元 ("2.7629萬億元新台幣"): it is the amount's
_TRAILING_CURRENCY = {"新台币": "TWD", "台币": "TWD", "港币": "HKD", "人民币": "CNY"}
QUALIFIERS: dict[str, str] = {
    "約": "approximately", "大約": "approximately", "約為": "approximately",
    "約佔": "approximately", "超過": "more-than", "逾": "more-than", "突破": "more-than",
    "超": "more-than", "接近": "nearly", "近": "nearly", "將近": "nearly",
    # 高達 / 多達 stress a large, exact value ("as high as"); 最多 / 至多 bound it ("up to")
    "高達": "as-high-as", "多達": "as-high-as", "最多": "up-to", "至多": "up-to",
    "不超過": "up-to", "不多於": "up-to",  # "no more than", not 超過
    # below a bound: the vocabulary's upper bound is the nearest it has
    "不足": "up-to", "不到": "up-to", "少於": "up-to", "約有": "approximately",
    "大約有": "approximately", "fewer than": "up-to", "less than": "up-to",
    "about": "approximately", "around": "approximately",
    "approximately": "approximately", "roughly": "approximately", "some": "approximately",
    "more than": "more-than", "over": "more-than", "exceeding": "more-than",
    "above": "more-than", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "up to": "up-to", "at most": "up-to", "as high as": "as-high-as",
    "as many as": "as-high-as",
}
_INCREASE = ("增長", "成長", "上升", "提升", "提高", "上漲", "增加", "增至", "升至", "攀升", "大增", "激增",
             "飆升", "躍升", "猛增", "上揚", "增幅", "漲幅", "升幅", "大漲", "暴漲", "急升", "回升", "高出",
             "反彈", "走高", "漲", "升", "增", "改善", "improved", "improves", "improving", "up", "advanced", "expanded", "rebounded", "rose", "rise", "rises", "rising",
             "grew", "grow", "grows", "growing", "growth", "increase", "increased", "increases",
             "increasing", "jumped", "jump", "jumps", "higher", "surged", "surge", "surges",
             "soared", "soar", "soars", "gained", "gain", "gains", "gaining", "climbed", "climb",
             "climbs", "climbing")
_DECREASE = ("下降", "下滑", "減少", "下跌", "降低", "降至", "跌至", "銳減", "大跌", "暴跌", "下挫",
             "縮減", "萎縮", "降幅", "跌幅", "減幅", "急跌", "回落", "走低", "收縮", "跌", "降",
             "減", "down", "dipped", "dip", "dips", "eased", "sank", "slump", "slumps", "tumble",
             "tumbles", "contracted", "contraction", "shed", "fell", "fall", "falls", "falling", "declined",
             "decline", "declines", "declining", "decrease", "decreased", "decreases",
             "decreasing", "dropped", "drop", "drops", "lower", "shrank", "shrink", "shrinks",
             "slid", "slide", "slides", "plunged", "plunge", "plunges", "slumped", "tumbled",
             "下調", "調降", "削減", "cut", "cuts", "reduced", "reduce", "reduces", "lowered",
             "slashed", "slash", "trimmed")
#: direction words -> direction (as in fact files), each written once
DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(_INCREASE, "increase"), **dict.fromkeys(_DECREASE, "decrease"),
    # a basis with 少 / 多 for the change: 按年少14.8%, 同比多3%
    **{basis + word: way for basis in ("同比", "按年", "按季", "環比")
       for word, way in (("少", "decrease"), ("多", "increase"))},
    **dict.fromkeys(("收窄", "縮窄", "縮小", "narrowed", "narrowing", "narrows", "narrow",
                     "narrower"), "narrowing"),
    **dict.fromkeys(("擴大", "擴闊", "widened", "widening", "widens", "widen", "wider"),
                    "widening"),
}


def _folded(table: dict) -> dict:
    return {fold(k): v for k, v in table.items()}


_UNIT_OF, _CURRENCY_OF = _folded(UNITS), _folded(CURRENCY_PREFIXES)
_COUNT_OF = _folded(COUNT_NOUNS)
_HUNDREDTHS_FOLDED = {fold(w) for w in _HUNDREDTHS}
_QUALIFIER_OF, _DIRECTION_OF = _folded(QUALIFIERS), _folded(DIRECTIONS)
_MULTIPLIER_OF = _folded(MULTIPLIERS)
_CURRENCY_STARTS = {c[0] for c in _CURRENCY_OF}
#: a multiplier written without a number before a currency (folded): 十亿 is no fact multiplier
_BARE_MULTIPLIER = {**_MULTIPLIER_OF, "十亿": Decimal(10) ** 9}
_YOY = re.compile(r"同比|按年|year[- ]on[- ]year|year[- ]over[- ]year|\byoy\b")


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                    sorted(set(words), key=len, reverse=True))


_M = _alt(_MULTIPLIER_OF)
#: a multiplier ends a word; 兆 before 瓦 / 赫 / 字节 is mega (兆瓦, megawatt), not 10^12
_MULT_END = r"(?![a-z]|(?<=兆)[瓦赫字比帕焦位])"
# all patterns are written in folded form: Simplified characters, lower case, ASCII punctuation
def _starts(*words) -> str:
    """A lookahead for the first characters of ``words``: it lets the scan skip the other
    positions at once (the patterns below begin with long alternations)."""
    chars = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


_FIGURE_RE = re.compile(
    _starts(*_QUALIFIER_OF, *_CURRENCY_OF, *"0123456789-−﹣+上负数几十百千万亿") +
    rf"(?:(?P<qual>{_alt(_QUALIFIER_OF)})\s*)?"
    rf"(?:(?P<cur>{_alt(_CURRENCY_OF)})\s*)?"
    # a number starts a word, unless a currency is written against it ("rmb85,465 million")
    rf"(?(cur)|(?<![a-z\d.]))(?:(?P<sign>[-−﹣+]|负)(?=\d))?(?P<num>{_NUM})"
    # after a currency, M / B / K are million, billion, thousand ("-$4.3M")
    r"(?(cur)(?P<abbr>[mbk](?![a-z\d]))?)(?P<pct1>\s*%)?"
    rf"(?:\s*(?P<more>多|余)(?=\s*(?:{_M}|{_alt(_UNIT_OF)})))?"
    # a smaller multiplier's part after a larger one: 2兆589.49億元, 1億2000萬元
    rf"(?:(?:\s*|-(?=[a-z]))(?P<mult1>{_M}){_MULT_END}(?:(?:(?<=兆)|(?<=万亿))(?P<numb>{_NUM})\s*"
    rf"(?P<multb>亿|万)|(?<=亿)(?P<numc>{_NUM})\s*万)?)?"
    # a range: 10%至15%, 10-15%, 3亿至5亿元; never a change and a level (减少7.7%至7.34亿元)
    rf"(?:\s*(?P<dash>至|到|-|–|~|to)\s*(?P<sign2>[-−﹣])?(?P<num2>{_NUM})"
    r"(?(pct1)(?=\s*%))(?(mult1)\s*(?P=mult1)))?"
    rf"(?:\s*(?P<mult>{_M}){_MULT_END})?"
    # 多 / 餘 after the multiplier: 1.3萬多名
    rf"(?:(?<=[万亿千百])(?P<more2>多|余)(?=\s*(?:{_alt(_UNIT_OF)})))?"
    # after a percent sign only a range's second one: 34.76%股權 is a stake, no count of shares
    rf"(?:(?(pct1)(?=\s*%)|)(?:\s*|(?<=[a-z])-)(?P<unit>{_alt(_UNIT_OF)})(?:(?<![a-z])|(?![a-z]))|(?(pct1)(?!)|(?(cur)(?!)|"
    r"\s+(?:(?!(?:of|in|to|and|or|the|a|an|per|for|from|at|on|by|than|with)\b)[a-z][a-z-]*\s+)"
    r"{0,2}"
    rf"(?P<unit3>{_alt(_COUNT_OF)})(?![a-z]))))?"
    r"|(?:(?P<qual2>" + _alt([q for q in _QUALIFIER_OF if not q.isascii()]) + r"))?"
    r"上(?P<mult2>百|千|万|亿)(?P<unit2>人|家|名|张卡)"
    # a bare multiplier of a currency: 百亿元, 数十亿美元, 上亿元 (never the tail of 五十亿元)
    r"|(?:(?P<qual3>" + _alt([q for q in _QUALIFIER_OF if not q.isascii()]) + r"))?"
    r"(?<![\d.一二三四五六七八九十两零〇百千万亿])(?P<few>数|几|上)?"
    r"(?P<mult3>十亿|百亿|千亿|万亿|百万|千万|亿)(?P<unit4>美元|港元|元)")
_FROM_RE = re.compile(r"(?:由|从|from)\s*$")
_LEVEL_RE = re.compile(r"(?:至|到|\bto|\bat|由|从|\bfrom)\s*$")

_Y = r"(?:19|20)\d{2}"
_YY = r"(?:19|20)?\d{2}"
_CNQ = r"[一二三四1-4]"
#: the edges of a Latin token, also next to CJK characters (where \b sees none: "平台FY26Q3营收")
_WB, _WE = r"(?<![a-z\d])", r"(?![a-z\d])"
_DAY_MONTH = (rf"(?:(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+"
              rf"(?P<mon2>{_MONTH_RE})\.?),?\s+(?P<y>{_Y})\b")
#: the same, its year left out ("the quarter ended March 31"): the reference year's
_DAY_MONTH_Y = (rf"(?:(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})\b|(?P<d2>\d{{1,2}})\s+"
                rf"(?P<mon2>{_MONTH_RE})\b\.?)(?:,?\s+(?P<y>{_Y})\b)?")
_PERIOD_RES: list[tuple[str, re.Pattern]] = [
    ("ended", re.compile(rf"截[至止]\s*(?:(?P<y>{_Y})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})"
                         r"\s*日\s*止?\s*的?\s*(?P<span>三个月|六个月|九个月|十二个月|财政年度|"
                         rf"财年|年度|季度|第?{_CNQ}?财季|中期|[前首][三3]季度?)")),
    ("en-ended", re.compile(r"\b(?:the\s+)?(?:(?P<span>three|six|nine|twelve|3|6|9|12)\s+months|"
                            # "the quarter and fiscal year ended March 31": the quarter's figures
                            r"(?P<fq>(?:fiscal\s+)?quarter(?:\s+and\s+(?:the\s+)?(?:full\s+)?"
                            r"(?:fiscal\s+|financial\s+)?year)?)|(?P<fy>(?:fiscal|financial)\s+year|"
                            rf"year))\s+(?:that\s+|which\s+)?end(?:ed|ing|s)\s+(?:on\s+)?{_DAY_MONTH_Y}")),
    ("en-to", re.compile(r"\b(?:the\s+)?(?P<span>three|six|nine|twelve|3|6|9|12)\s+months\s+"
                         r"(?:to|through|(?:that\s+|which\s+)?ended|ending)\s+(?:in\s+|the\s+end\s+of\s+)?"
                         rf"(?P<mon>{_MONTH_RE})\b\.?(?:\s+\d{{1,2}}\b)?(?:,?\s+(?P<y>{_Y})\b)?")),
    # "the quarter ending March 2026" (no day): a calendar quarter, before "March 2026" is a month
    ("en-qend", re.compile(r"\b(?:the\s+)?(?:fiscal\s+)?quarter\s+end(?:ed|ing)\s+(?:in\s+)?"
                           rf"(?P<mon>march|june|september|december)\b(?!\.?\s*\d{{1,2}}\b)"
                           rf"(?:,?\s+(?P<y>{_Y})\b)?")),
    # a fiscal year written across two years (2025/26財年, FY2025/26), and its quarter
    ("fy-split", re.compile(rf"(?P<pre>{_WB}fy\s*|\bfiscal\s+(?:year\s+)?)?(?P<y1>{_Y})\s*/\s*"
                            r"(?P<y2>\d{2}|(?:19|20)\d{2})(?![\d/])(?:\s*(?:财年|财政年度)|"
                            r"\s+fiscal\s+year|(?(pre)|(?!)))(?:\s*第?(?P<q>" + _CNQ + r")\s*财?季度?|\s+(?P<ord>first|"
                            r"second|third|fourth)[\s-]+quarter\b|\s*q(?P<q2>[1-4])\b)?")),
    ("years", re.compile(rf"(?P<y1>{_Y})\s*[-–~至到]\s*(?P<y2>{_Y})\s*年")),
    ("fq", re.compile(rf"{_WB}q(?P<q>[1-4])\s*(?:of\s+)?(?:fy|fiscal\s+(?:year\s+)?)\s*'?(?P<y>{_YY}){_WE}|"
                      rf"{_WB}(?:fy|fiscal\s+(?:year\s+)?)\s*'?(?P<y2>{_YY})\s*q(?P<q2>[1-4]){_WE}|"
                      rf"(?P<y3>{_Y})\s*财年\s*第?(?P<q3>{_CNQ})财?季度?|\b(?:the\s+)?"
                      r"(?P<ord>first|second|third|fourth)[\s-]+quarter\s+of\s+(?:its\s+|the\s+|their\s+)?"
                      r"(?:fiscal|fy)\s*"
                      rf"(?:year\s+)?'?(?P<y4>{_YY})\b|"
                      # "its fiscal 2026 first quarter", "FY25 third quarter"
                      rf"(?:\bfiscal\s+(?:year\s+)?|{_WB}fy\s*'?)(?P<y6>{_YY})\s+"
                      r"(?P<ord3>first|second|third|fourth)[\s-]+quarter\b|"
                      # no year written: of the reference year ("its fiscal fourth quarter")
                      r"\bfiscal\s+(?P<ord2>first|second|third|fourth)[\s-]+quarter\b"
                      r"(?!\s+(?:of\s+(?:its\s+|the\s+)?(?:fiscal\s+|fy)|end))|"
                      rf"(?<![年\d])第(?P<q5>{_CNQ})财季")),
    ("fy", re.compile(rf"(?P<y>{_Y})\s*(?:财年|财政年度|fiscal\s+year)|\bfiscal\s+(?:year\s+)?"
                      rf"(?P<y2>{_Y})\b|{_WB}fy\s*'?(?P<y3>{_YY}){_WE}|(?:财年|财政年度)\s*(?P<y4>{_Y})")),
    ("months", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m1>\d{{1,2}})\s*(?:月\s*)?[-–~至到]\s*"
                          r"(?P<m2>\d{1,2})\s*月(?:份)?")),
    ("first", re.compile(rf"(?=[12前头tf])(?:(?P<y>{_Y})\s*年\s*|(?<![年\d]))(?:前|头)(?P<n>[369三六九])\s*个月|"
                         r"\b(?:the\s+)?first\s+(?:(?P<n2>three|six|nine|3|6|9)\s+months|"
                         r"(?P<q>two|three)\s+quarters)"
                         rf"(?:\s+(?:of|in)\s+(?:(?P<y2>{_Y})\b|(?:the|this)\s+year\b))?")),
    # a run of months from the year's start that docs/model.md has no key for (前10月, "the
    # first eight months"): read, so that no month or carried period stands in for it
    ("span", re.compile(r"(?<![提目之以此])(?:前|头)(?:1[01]|[124578]|十一|十|[一二四五七八])\s*个?月"
                        r"(?!份?[底末])|\b(?:the\s+)?first\s+(?:two|four|five|seven|eight|ten|"
                        r"eleven|1[01]|[2457-8])\s+months\b"
                        rf"(?:\s+(?:of|in)\s+(?:{_Y}\b|(?:the|this)\s+year\b))?")),
    # 年初至報告期末: from the year's start to the end of the period stated before it
    ("ytd", re.compile(r"年初至(?:今|本?报告期末|本期末)")),
    # a month and day in Chinese numerals, as Taiwanese papers write them: 十一月廿一日,
    # 2026年三月 (its year turned to digits by _digit_years); a month alone needs its year
    ("cn-md", re.compile(rf"(?:(?P<y>{_Y})\s*年\s*)?(?<![{NUMERAL_CHARS}])(?P<cm>十[一二]?|"
                         r"[一二三四五六七八九])\s*月\s*(?:(?P<cd>[一二]?十[一二三四五六七八九]?|"
                         r"三十一?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])\s*[日号]|"
                         r"(?P<end>底|末)|份)?(?(y)|(?(cd)|(?<=[底末份])))")),
    ("ymd", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]")),
    ("ym", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}})\s*月(?P<end>底|末)?")),
    ("yh", re.compile(rf"(?P<y>{_Y})\s*(?:年|(?=[上下]半年|[前首][三3]季|第{_CNQ}季|全年))\s*(?P<h>上半年|下半年|半年度|半年报|中报|度中期|[前首][三3]季度?|第?(?P<q>{_CNQ})季度|"
                      rf"第(?P<q1>{_CNQ})季|q(?P<q2>[1-4])|h(?P<hn>[12])(?![a-z\d])|年底|年末|底|末|全年|度|中期)?")),
    # a month/day as Taiwanese papers write it, where nothing else can be meant: after a
    # weekday in parentheses (週三(3/11)) or after 今年 / 去年 (今年2/2); not a fraction (1/3)
    ("slash-md", re.compile(r"(?:(?<=[周期拜][一二三四五六日天]\()|(?P<rel>今年|去年|明年))"
                            r"(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/])"
                            r"(?(rel)|(?=\)))")),
    ("rel", re.compile(r"(?P<rel>今年|去年|前年|明年|本年度|本年)(?:(?P<h>上半年|下半年|年底|年末|底|[前首][三3]季度?)|"
                       rf"第?(?P<q>{_CNQ})季度|第(?P<q1>{_CNQ})季|"
                       r"(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日号])?(?P<end>底|末)?)?")),
    # 半年報 / 中報 (the interim report) without a year: the first half of the reference year
    ("half", re.compile(r"(?<![年\d])(?P<h>上半年|下半年|半年报|中报(?![道告]))")),
    # 年报 / 年度报告 without a year: the annual report named before (2024年年度报告), else the
    # last full year before the article's (_report_years)
    ("annual-report", re.compile(r"(?<![年\d半])(?:年报|年度报告)")),
    ("full-year", re.compile(r"(?=[全f])(?:(?<![年\d])全年|\bfull[- ]year\b)")),
    ("cn-q", re.compile(rf"(?<![年\d])(?P<h>[前首][三3]季度?)|(?<![年\d前])(?:第(?P<q>{_CNQ})季度?|"
                        rf"(?P<q2>{_CNQ})季度)")),
    ("md", re.compile(r"(?<![年\d])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")),
    ("m", re.compile(r"(?<![年\d])(?P<m>\d{1,2})\s*月(?:份)?(?P<end>底|末)?")),
    ("en-mdy", re.compile(rf"\b{_DAY_MONTH}")),
    ("en-my", re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>{_Y})\b")),
    ("en-half", re.compile(r"\b(?:(?:the\s+)?(?P<which>first|second)[\s-]+half\s+(?:of\s+)?"
                           rf"(?P<y>{_Y})|h(?P<h>[12])\s*'?(?P<y2>{_Y}|\d{{2}})|"
                           rf"(?P<y3>{_Y})\s*h(?P<h3>[12])|(?P<h4>[12])h\s*'?(?P<y4>{_Y}|\d{{2}}))\b")),
    ("en-q", re.compile(rf"{_WB}q(?P<q>[1-4])\s*(?:of\s+)?(?:'|’)?(?P<y>{_Y}){_WE}|{_WB}q(?P<qa>[1-4])(?:'|’)"
                        rf"(?P<ya>\d{{2}}){_WE}|{_WB}(?P<y2>{_Y})\s*q(?P<q2>[1-4]){_WE}|"
                        rf"{_WB}(?P<q3>[1-4])q\s*(?:'|’)?(?P<y3>{_Y}|\d{{2}}){_WE}|"
                        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth)[\s-]+quarter"
                        rf"(?:\s+(?:of|in)\s+(?P<y4>{_Y}))?\b|\b(?:the\s+)?(?P<m1>{_MONTH_RE})"
                        rf"\s*(?:-|–|to|through)\s*(?P<m2>{_MONTH_RE})\s+(?:quarter|period)"
                        rf"(?:\s+of\s+(?P<y5>{_Y}))?|\bthe\s+(?P<m3>march|june|september|december)"
                        rf"\s+quarter(?:\s+of\s+(?P<y6>{_Y}))?|{_WB}q(?P<qb>[1-4]){_WE}")),
    ("en-half-rel", re.compile(r"\b(?:the\s+)?(?P<which>first|second)[\s-]+half\b"
                               r"(?!\s+of\s+\d)")),
    ("en-m", re.compile(rf"\b(?:in|since|during|for|through|until|by)\s+(?P<mon>{_MONTH_RE})\b"
                        r"(?!\.?\s*\d)")),
    ("en-end", re.compile(r"\b(?:(?:at|by)\s+)?the\s+end\s+of\s+(?:(?P<mon>"
                          rf"{_MONTH_RE})\b(?:,?\s+(?P<y2>{_Y})\b)?|(?P<y>{_Y})\b)")),
    ("en-y", re.compile(r"\b(?:in|for|during|since|of|by|until|through|year|and)\s+"
                        rf"(?P<y>{_Y})\b(?![%\d])|\b(?P<y2>{_Y})(?=,\s|\s+(?:revenue|results))")),
    ("en-rel", re.compile(r"\b(?P<rel>this|last|next)\s+year\b")),
    # a year opening a report's title: 《2020胡润全球独角兽榜》 ranks (values) that year
    ("title-y", re.compile(rf"(?<=《)(?P<y>{_Y})(?![\d年])")),
]
#: the characters each period pattern can begin with (its text folded): a lookahead lets the
#: scan skip every other position at once
_FIRST_CHARS = {"cn-md": "12一二三四五六七八九十", "fy-split": "12f", "en-qend": "tfq", "en-ended": "tsn369q1fy", "en-m": "isdftub", "fq": "qf12ts第", "fy": "12f财", "cn-q": "前首第一二三四1234",
                "half": "上下半中", "md": "0123456789", "m": "0123456789", "en-half": "tfsh12",
                "en-q": "q1234tfsjmaond"}
_PERIOD_RES = [(kind, re.compile(f"(?=[{_FIRST_CHARS[kind]}])(?:{pattern.pattern})")
                if kind in _FIRST_CHARS else pattern) for kind, pattern in _PERIOD_RES]
_ASOF_RE = re.compile(r"(?:截至|截止|截止到|截至到|as\s+of|as\s+at)\s*$")
#: after a period that starts a span up to now ("2021年10月以来", "从2014年成立至今", a year's
#: "从2017年开始"): a starting point, the period of no figure; a month's 开始 dates an action
#: ("从2023年12月开始,公司裁员约15%")
_SINCE_RE = re.compile(r"\s*(?:成立|创立|创办|上市|推出|创业)?\s*(?:(?P<now>以来|至今|迄今)|开始|起(?!来))")


#: after a period that is a deadline ("在今年底前进行规模20亿美元的IPO"): the period of no figure
_BEFORE_RE = re.compile(r"\s*之?前(?![三3]季|[一二三四五六七八九十\d])")


#: a level started from, its period between: "占比已從4月的35%提升至64%", "由去年的12%"
_FROM_PERIOD = re.compile(r"(?:从|由)\s*$")
_PERIOD_LEVEL = re.compile(r"\s*的\s*[-+]?\d")


def _started_from(folded: str, start: int, end: int) -> bool:
    """Whether the period at [start, end) is that of a level started from ("從4月的35%"):
    a comparison's, not the period of the level reached after it."""
    return bool(_FROM_PERIOD.search(folded, max(0, start - 2), start) and
                _PERIOD_LEVEL.match(folded, end))


#: a founding date ("Founded in 2021 by ...", 成立於2019年, 2019年成立): when the company began,
#: the period of no figure stated after it
_FOUNDED_BEFORE = re.compile(r"(?:\b(?:founded|established|incorporated|set\s+up)\s+(?:in\s+)?|"
                             r"(?:成立|创立|创办|创建)(?:于|在)\s*)$")
_FOUNDED_AFTER = re.compile(r"\s*(?:成立|创立|创办)(?![^,;:。!?\n]{0,4}(?:以来|至今))")


def _since(folded: str, end: int, kind: str, start: int | None = None) -> bool:
    if start is not None and (_FOUNDED_BEFORE.search(folded, max(0, start - 16), start) or
                              _FOUNDED_AFTER.match(folded, end)):
        return True
    m = _SINCE_RE.match(folded, end)
    return bool(m) and (bool(m.group("now")) or kind in ("year", "years"))
_COMPARE_RE = re.compile(r"(?:较|相较|相比|比|对比|compared\s+(?:with|to)|from|since|versus|vs\.?|"
                         r"(?<=\d%)\s*over|(?<=\d%)\s+(?:higher|lower)\s+than)"
                         r"\s*(?:于)?\s*$")
#: a rate "on" a period is a change on it ("up 151% on Q2"); on a day, it moved that day
_RATE_ON = re.compile(r"(?<=\d%)\s+on\s+$")
_CLAUSE_END = re.compile(r"[,;:。!?\n]")
_CLAUSE_STOP = ",;:。!?\n"
#: a sentence pointing back to the period stated before it (期內, "in the quarter"); the
#: ``q`` words point back to a quarter
_BACK_RE = re.compile(r"期内|同期|本期|当期|报告期|(?P<q>本季度|该季度|当季|本季|(?:in|during|for)\s+"
                      r"the\s+quarter\b)|(?:in|during|for)\s+the\s+period\b|same\s+period")
#: "上年同期為6.2%", "5.1% a year earlier", "上一季度為9.2%": the figure next to it is of the
#: same period a year (``y``) or a quarter (``q``) before the period it is stated in
_EARLIER_RE = re.compile(
    r"(?=[上去ait])(?P<yzh>上一?年同期|去年同期|上一?年同季|去年同季|上一?年度同期|去年同一时期|"
    r"上一?年度|上一?个?财年|上一?财政年度|上一?年(?![度同末底初]))|"
    r"(?P<qzh>上一?个?季度|上季)|"
    r"(?P<yen>\ba\s+year\s+(?:earlier|ago|before)\b|\b(?:in\s+)?the\s+(?:same|corresponding)\s+"
    r"(?:period|quarter|half|months?)\s+(?:(?:of|in)\s+)?(?:last|the\s+previous|the\s+prior)\s+"
    r"year\b|\b(?:in\s+)?the\s+(?:year[- ](?:earlier|ago)|prior[- ]year)\s+(?:period|quarter|half)"
    r"\b|\bthe\s+(?:previous|prior|preceding)\s+year\b(?!\s+(?:ended|ending)))|"
    r"(?P<qen>\b(?:in\s+)?the\s+(?:previous|prior|preceding)\s+quarter\b|\blast\s+quarter\b|\ba\s+quarter\s+"
    r"(?:earlier|ago|before)\b)")
#: years of "the same period": "2022年及2023年同期", "the same quarter of 2023"
_SAME_AFTER = re.compile(r"\s*的?同期")
#: before "last year" that is a base's ("$23.4 million last year", "from 42% last year"); a
#: rate changed last year ("fell 30% last year") is that year's own
_AFTER_AMOUNT = re.compile(r"(?:\d|million|billion|thousand|yuan|dollars)\s+$|"
                           r"\bfrom\s+[\d.]+\s*(?:%|percent|per\s+cent)\s+$")
_SAME_BEFORE = re.compile(r"(?:same|corresponding)\s+(?:period|quarter|half|months?)\s+(?:of|in)\s*$")
#: a clause that looks ahead (a target, a forecast): its period is not carried on
_AHEAD_RE = re.compile(r"预计|预期|目标|计划|有望|可望|预估|预测|预料|上看|指引|展望|"
                       r"\bexpects?\b|\bexpected\b|\btargets?\b|\bprojects?\b|\bprojected\b|"
                       r"\banticipates?\b|\bplans?\b|\bforecasts?\b|\bguidance\b|\boutlook\b")
#: a sentence about the future up to a figure: a period stated before is not the figure's
_FUTURE_RE = re.compile(r"面向未来|考虑|未来[一二三四五六七八九十两\d]*个?(?:年|月|季度)?|将在|将会|\bwill\b|"
                        r"\bover\s+the\s+next\b|\bin\s+the\s+coming\b")
#: a total to date (累计融资, 历史总融资金额, "so far"): of no period carried from before; not
#: a report's total for its period (阿里國際數字商業集團累計收入347.99億元: the quarter's)
_TOTAL_RE = re.compile(r"累计(?!\s*(?:实现)?\s*(?:营业|经营)?\s*(?:总?收入|营收|净利|利润|亏损|销售额))|总融资|融资总额|历史总|迄今|\bto\s+date\b|\bso\s+far\b|"
                       r"\bin\s+total\b|\bcumulative|"
                       # over the years up to now: 这几年, 近年来, "in recent years"
                       r"这几年|近几年|这些年|近年来|多年来|\bin\s+recent\s+years\b|"
                       r"\bover\s+the\s+(?:past\s+few\s+|last\s+few\s+)?years\b")
#: a sentence about an earlier, unstated time ("Previously, the startup secured $250
#: million", 此前): the period carried from before is not its figure's
_PAST_RE = re.compile(r"\bpreviously\b|\bformerly\b|\bin\s+the\s+past\b|此前|先前|早前|过去曾")
#: a span up to now ("成立至今", "so far"): the periods stated before it are behind the text
_UP_TO_NOW = re.compile(r"至今|迄今|目前为止|\bso\s+far\b|\bto\s+date\b")
#: "now" between a period and a figure ("launched in October 2023 and now has 30 million
#: users", "2019年成立，目前員工超過500人"): the figure is of the present, not of that period
_NOW_WORD = re.compile(r"目前|现在|如今|现已|\bnow\b|\bcurrently\b")
#: a market value or headcount: stated at a moment, never of a period carried over time
_VALUE_RE = re.compile(r"市值|员工人数|员工总数|\bmarket\s+(?:value|cap(?:italization)?)\b|"
                       r"\bheadcount\b|\bworkforce\b")
#: words of stocks (stated at a moment): an as-of moment carries on to them
_STOCK_RE = re.compile(r"员工|人员|雇员|现金及|现金储备|存款|资产|负债|\bemployees\b|\bstaff\b|"
                       r"headcount|workforce|\bcash\b|\bassets\b|liabilities|deposits|reserves")
#: a figure started from or compared with ("由73家", "較上年同期的3.2%", "from 5.1%")
_BASE_RE = re.compile(r"(?:由|从|较|相较|相比|对比|(?<![同环占])比|\bfrom|compared\s+(?:with|to)|"
                      # a period may stand between: "從4月的35%", "由2023年的12%"
                      r"\bversus|\bvs\.?)(?:[^\d,;:。!?\n]|\d{1,4}\s*(?:年|月|日|号)){0,12}$")
_DIRECTION_RE = re.compile(_alt(_DIRECTION_OF))
_RESPECTIVELY = re.compile(r"分别|respectively")
_HEADING_END = "。.!?;:\"'”’」』)"
_FISCAL = ("fiscal-year", "fiscal-quarter")
_SIGNS = {"-": "-", "−": "-", "﹣": "-", "负": "-", "+": "+"}  # 负 (負): "淨利為負7.2億元"


@dataclass(frozen=True)
class Period:
    """A date or period found in a text.

    ``key`` follows docs/model.md: "2024", "2024-H1", "2024-Q3", "2024-08", "2024-10-22",
    "FY2024" (a fiscal year as named), "FY2024-03" (the fiscal year ending in March 2024),
    "2018/2023" (a range of years), "2024-Q1/2024-Q3" (前三季度), "FY2025-Q2" (a fiscal
    quarter, which fact files cannot state); for an as-of moment ``as_of`` is true and ``key``
    is the moment ("2023-12"). ``role`` is "period", or "compared" when it is a comparison base
    ("較今年3月"), "since" when it starts a span up to now ("從2017年開始", "2021年10月以來"), or
    "before" when it is a deadline ("今年底前").
    ``inferred`` marks a year taken from the reference year (今年, 上半年) or a
    period ``carried`` over from an earlier sentence.
    """

    start: int
    end: int
    text: str
    key: str
    kind: str  # year | years | half-year | quarter | quarters | month | day | fiscal-year | ...
    as_of: bool = False
    role: str = "period"
    inferred: bool = False
    carried: bool = False
    relative: bool = False  # a day said relative to the article's (今天, "on Tuesday")

    @property
    def years(self) -> list[str]:
        """The calendar years the period names (none for a fiscal year: its months vary)."""
        if self.kind in _FISCAL:
            return []
        if self.kind != "years":
            return [self.key[:4]]
        first, last = self.key.split("/")
        return [str(y) for y in range(int(first), int(last) + 1)]

    def spread(self) -> list[Period]:
        """The periods a "分別 / respectively" list gives in order: each year of a range, or
        this period."""
        if self.kind != "years":
            return [self]
        return [replace(self, key=y, kind="year") for y in self.years]


@dataclass(frozen=True)
class FoundFigure:
    """A quantity found in a text, normalised.

    ``unit`` is a ``kgo:`` unit local name when the unit is known (CNY, Percent, ...), else None;
    ``unit_text`` is the unit or currency as written. ``direction`` (increase, decrease,
    narrowing, widening) and ``basis`` ("year-on-year") are set for changes ("同比增長21%").
    """

    start: int
    end: int
    text: str
    value: Decimal | None
    value_min: Decimal | None
    value_max: Decimal | None
    multiplier: Decimal
    multiplier_text: str | None
    unit: str | None
    unit_text: str | None
    qualifier: str | None
    direction: str | None = None
    basis: str | None = None
    period: Period | None = None
    compared_to: Period | None = None
    sign: str | None = None  # a sign as written before the number: "-" or "+"

    @property
    def normalized(self) -> Decimal | None:
        """``value x multiplier`` (for a range, None: see normalized_range)."""
        return None if self.value is None else self.value * self.multiplier

    @property
    def normalized_range(self) -> tuple[Decimal, Decimal] | None:
        if self.value_min is None:
            return None
        return self.value_min * self.multiplier, self.value_max * self.multiplier

    @property
    def is_change(self) -> bool:
        return self.direction is not None

    def as_dict(self) -> dict:
        """A JSON-ready description."""
        out = {"start": self.start, "end": self.end, "text": self.text,
               "value": _num(self.value), "value_min": _num(self.value_min),
               "value_max": _num(self.value_max), "multiplier": _num(self.multiplier),
               "multiplier_text": self.multiplier_text, "normalized": _num(self.normalized),
               "unit": self.unit, "unit_text": self.unit_text, "qualifier": self.qualifier,
               "direction": self.direction, "basis": self.basis,
               "period": self.period.key if self.period else None,
               "as_of": bool(self.period and self.period.as_of),
               "compared_to": self.compared_to.key if self.compared_to else None}
        return {k: v for k, v in out.items() if v not in (None, False)}


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _full_year(text: str) -> int:
    """A year as written: 2024, or 24 for 2024."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def detect_periods(text: str, *, year: int | None = None, date: str | None = None
                   ) -> list[Period]:
    """Dates and periods in ``text``, in text order, non-overlapping (the more specific form
    first: "截至2024年6月30日止六個月" is a half-year, not a day).

    Args:
        text: the text.
        year: the reference year for 今年 / 上半年 / 三季度 / "this year"; None leaves them out
            (the year of ``date`` when only that is given).
        date: the article's day (YYYY-MM-DD), for 今天, 昨日, 週四, "on Tuesday"; None (or
            not a real day) leaves them out.
    """
    day = _real_day(date)
    return _periods_in(text, _digit_years(fold(text)), year or (day.year if day else None), day)


def _real_day(date: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(date)[:10]) if date else None
    except ValueError:
        return None


_CN_YEAR_RE = re.compile(r"[零〇○一二三四五六七八九]{4}(?=\s*年)")


def _digit_years(folded: str) -> str:
    """The text with years in Chinese numerals as digits (二零二四年, 二○二六年 -> 2026年), for
    reading periods: the same length, so offsets stay."""
    return _CN_YEAR_RE.sub(lambda m: "".join(str(DIGITS[c]) for c in m.group()), folded)


def _periods_in(text: str, folded: str, year: int | None,
                day: datetime.date | None = None) -> list[Period]:
    found: list[Period] = []
    taken = bytearray(len(text))
    for marker in _EARLIER_RE.finditer(folded):  # 去年同期 is no period of its own
        taken[marker.start():marker.end()] = b"\x01" * (marker.end() - marker.start())
    for kind, pattern in _PERIOD_RES:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if kind == "en-y":  # the year only, not the word before it
                start, end = match.span("y") if match.group("y") else match.span("y2")
            elif kind == "en-m":
                start, end = match.span("mon")
            if start == end or any(taken[start:end]):
                continue
            period = _period_of(kind, match, year)
            if period is None:
                continue
            before = folded[max(0, start - 14):start]  # "compared with " is 14
            # 截至前3季: through a run of quarters, the run itself (no moment of it)
            as_of = period[2] or (kind not in ("ended", "en-ended", "en-to") and
                                  period[1] != "quarters" and bool(_ASOF_RE.search(before)))
            role = "compared" if _COMPARE_RE.search(before) or _started_from(folded, start, end) \
                or (period[1] != "day" and _RATE_ON.search(before)) \
                else "since" if _since(folded, end, period[1], start) else \
                "before" if _BEFORE_RE.match(folded, end) else "period"
            found.append(Period(start, end, text[start:end], period[0], period[1], as_of, role,
                                period[3]))
            if as_of and period[1] in ("quarter", "half-year"):  # 截至一季度末: its last day
                found[-1] = _end_of(found[-1]) or found[-1]
            taken[start:end] = b"\x01" * (end - start)
    if day is not None:
        found += _news_days(text, folded, taken, day)
    found.sort(key=lambda p: p.start)
    found = _report_years(folded, _compared_years(folded, _as_of_now(text, folded, found,
                                                                      taken, day)))
    return _calendar_fiscal(_year_to_date(_fiscal_years(_share_years(
        folded, _fiscal_ends(text, folded, found)))))


#: between a quarter or month and the year it is of: "Q2 in 2020", "Q2, 2020", "June of 2024"
_OF_YEAR = re.compile(r"\s*(?:,|in|of)?\s*")


#: an annual report named with its year: 2024年年度报告, 2024年年报
_NAMED_REPORT = re.compile(rf"(?P<y>{_Y})\s*年\s*(?:年度报告|年报)")


def _report_years(folded: str, periods: list[Period]) -> list[Period]:
    """"《关于…2024年年度报告的…问询函》…年报显示,公司实现营业收入3.98亿元": a bare 年报 is the
    year of the annual report named before it, else the last full year before the article's."""
    if not any(p.kind == "annual-report" for p in periods):
        return periods
    named = list(_NAMED_REPORT.finditer(folded))
    ends = [m.end() for m in named]
    out: list[Period] = []
    report: str | None = None
    for p in periods:
        if p.kind == "annual-report":
            k = bisect.bisect_right(ends, p.start)
            key = named[k - 1].group("y") if k else p.key
            p = replace(p, key=key, kind="year", inferred=not k)
            report = key
        elif report is not None and p.inferred and _THIS_REPORT_YEAR.match(p.text):
            # 本年度新增客户 after 年报显示: the report's year, not the year the news is dated
            p = replace(p, key=report + p.key[4:])
        out.append(p)
    return out


#: the year a report is about, as the report itself says it: 本年度, 本年 (not the news' 今年)
_THIS_REPORT_YEAR = re.compile(r"本年")


def _compared_years(folded: str, periods: list[Period]) -> list[Period]:
    """"up 71% compared to Q2 in 2020": the year written after a compared quarter is the
    compared one's too, not the period of the figure."""
    out: list[Period] = []
    for p in periods:
        prior = out[-1] if out else None
        if prior is not None and prior.role == "compared" and p.role == "period" and \
                p.kind == "year" and prior.key[:4] == p.key[:4] and \
                _OF_YEAR.fullmatch(folded, prior.end, p.start):
            p = replace(p, role="compared")
        out.append(p)
    return out


def _calendar_fiscal(periods: list[Period]) -> list[Period]:
    """"快手2025財年第三季收入...由2024年第三季的33.3%降至2025年第三季的29.3%": a fiscal
    quarter whose year and number the text also writes as a calendar quarter is that quarter
    (the company's fiscal year is the calendar's), as fact files can state it."""
    calendar_quarters = {p.key for p in periods if p.kind == "quarter" and not p.inferred}
    return [replace(p, key=p.key[2:], kind="quarter") if p.kind == "fiscal-quarter" and
            p.key[2:] in calendar_quarters else p for p in periods]


#: "now" as the text's writer says it: 截至发稿 (as of going to press), 截至目前, "as of press time"
_NOW_RE = re.compile(r"截[至止](?:记者)?(?:发稿|目前|截稿)(?:时|为止)?|\bas\s+of\s+(?:press\s+time|"
                     r"this\s+writing|writing)\b|\bat\s+(?:the\s+time\s+of\s+writing|press\s+time)\b")


def _as_of_now(text: str, folded: str, periods: list[Period], taken: bytearray,
               today: datetime.date | None = None) -> list[Period]:
    """"9月24日，阿里巴巴港股大涨9.14%。截至发稿，其总市值达到3.32万亿港元": "now" is the
    last dated day stated before it (the news day), as of which the level is stated; with no
    day before it, the article's day (``today``), else no period."""
    if not _NOW_RE.search(folded):
        return periods
    out, starts = list(periods), [p.start for p in periods]
    for m in _NOW_RE.finditer(folded):
        if any(taken[m.start():m.end()]):
            continue
        k = bisect.bisect_left(starts, m.start())
        day = next((p.key for p in reversed(periods[:k]) if p.kind == "day" and
                    p.key[:4].isdigit()), today.isoformat() if today else None)
        if day is not None:
            out.append(Period(m.start(), m.end(), text[m.start():m.end()], day, "day",
                              as_of=True, inferred=True))
    return sorted(out, key=lambda p: p.start)


_WEEKDAYS = {**{w: i for i, w in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                              "friday", "saturday", "sunday"))},
             **{c: i for i, c in enumerate("一二三四五六")}, "日": 6, "天": 6}
#: a day said relative to the article's: 今天 (not 今日头条, an app), 昨日, 週四, "on Tuesday"
_NEWS_DAY_RE = re.compile(r"(?P<today>今日(?!头条)|今天|\btoday\b)|(?P<yesterday>昨日|昨天|"
                          r"\byesterday\b)|(?:周|星期|礼拜)(?P<zw>[一二三四五六日天])|"
                          r"\b(?P<ew>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")


def _news_days(text: str, folded: str, taken: bytearray, today: datetime.date) -> list[Period]:
    """The days said relative to the article's day ``today``: 今天 is it, 昨日 the day before,
    a weekday ("on Tuesday", 週四) the latest such day up to it (news tells of the past week)."""
    out = []
    for m in _NEWS_DAY_RE.finditer(folded):
        if any(taken[m.start():m.end()]):
            continue
        weekday = m.group("zw") or m.group("ew")
        back = 0 if m.group("today") else 1 if m.group("yesterday") else \
            (today.weekday() - _WEEKDAYS[weekday]) % 7
        before = folded[max(0, m.start() - 8):m.start()]
        role = "compared" if _COMPARE_RE.search(before) else \
            "before" if _BEFORE_RE.match(folded, m.end()) else "period"
        out.append(Period(m.start(), m.end(), text[m.start():m.end()],
                          (today - datetime.timedelta(days=back)).isoformat(), "day",
                          as_of=bool(_ASOF_RE.search(before)), role=role, inferred=True,
                          relative=True))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return out


def _year_to_date(periods: list[Period]) -> list[Period]:
    """"2024年第三季度 ... 年初至報告期末": the months from the year's start to the end of the
    quarter, half or month stated last before it (2024-Q1/2024-Q3); without one, no period."""
    out, last = [], None
    for p in periods:
        if p.kind == "ytd":
            span = _month_span(int(last.key[:4]), 1, _last_month(last)) if last else None
            if span is not None:
                out.append(replace(p, key=span[0], kind=span[1], inferred=False))
            continue
        if p.kind in ("quarter", "half-year", "month") and p.key[:4].isdigit() and not p.as_of:
            last = p
        out.append(p)
    return out


def _last_month(period: Period) -> int:
    part = period.key[5:]
    return _LAST_MONTH.get(part) or int(part)


def _fiscal_years(periods: list[Period]) -> list[Period]:
    """"fiscal 2009 ... its fiscal fourth quarter", "2026財年第三財季 ... 第四財季": a fiscal
    quarter without its year is of the latest fiscal year stated before it (fiscal years need
    not be the calendar's; an earlier one is a comparison's), else of the reference year."""
    last = None
    for i, p in enumerate(periods):
        if p.kind in _FISCAL and not p.inferred and p.key[2:6].isdigit():
            last = max(last or p.key[2:6], p.key[2:6])
        elif p.kind == "fiscal-quarter" and p.inferred and last is not None:
            periods[i] = replace(p, key=f"FY{last}{p.key[6:]}", inferred=False)
    return periods


_ENDS_RE = re.compile(r"\s*[,(（]?\s*(?:which\s+|that\s+)?(?:ended|ending|ends|截至|截止)\s*(?:on\s+)?")


def _fiscal_ends(text: str, folded: str, periods: list[Period]) -> list[Period]:
    """"fiscal 2024, which ended March 31, 2024", "2024財年(截至2024年3月31日)": a fiscal year
    and the day or month it ends in are one period, FY2024-03."""
    out: list[Period] = []
    for p in periods:
        previous = out[-1] if out else None
        if previous is not None and previous.kind == "fiscal-year" and "-" not in previous.key \
                and p.kind in ("day", "month") and p.key[:4].isdigit() and \
                _ENDS_RE.fullmatch(folded, previous.end, p.start):
            end = p.end + (1 if folded[p.end:p.end + 1] in (")", "）") else 0)
            out[-1] = replace(previous, end=end, text=text[previous.start:end],
                              key=f"FY{p.key[:4]}-{p.key[5:7]}", as_of=False)
            continue
        out.append(p)
    return out


_JOINED = re.compile(r"\s*(?:和|及|与|、|至|到|-|–|~|,|and|or|to)\s*")


def _share_years(folded: str, periods: list[Period]) -> list[Period]:
    """"2023年第三季度及第四季度", "2024年3月至6月": a part of a year written right after a dated
    period is of that period's year, not of the reference year."""
    for i in range(1, len(periods)):
        p, previous = periods[i], periods[i - 1]
        if not (p.inferred and p.kind in ("quarter", "half-year", "month") and
                previous.key[:4].isdigit() and not previous.inferred and
                _JOINED.fullmatch(folded, previous.end, p.start)):
            continue
        periods[i] = replace(p, key=previous.key[:4] + p.key[4:], inferred=False)
    return periods


def _period_of(kind: str, m: re.Match, year: int | None):
    """(key, kind, as_of, inferred) for one match, or None."""
    g = m.groupdict()
    if kind in ("ended", "en-ended", "en-to"):
        return _ended_of(g, year)
    if kind == "en-qend":
        if g["y"] is None and year is None:
            return None
        return f"{g['y'] or year}-Q{_MONTHS[g['mon']] // 3}", "quarter", False, g["y"] is None
    if kind == "years":
        if int(g["y1"]) >= int(g["y2"]):
            return None
        return f"{g['y1']}/{g['y2']}", "years", False, False
    if kind in ("fq", "fy-split"):
        return _fiscal_quarter(g, year) if kind == "fq" else _split_fiscal(g)
    if kind == "fy":
        return f"FY{_full_year(g['y'] or g['y2'] or g['y3'] or g['y4'])}", "fiscal-year", False, \
            False
    if kind == "cn-md":
        return _numeral_date(g, year)
    if kind in ("ymd", "ym", "en-mdy", "en-my"):
        return _dated(g, int(g["y"]), False)
    if kind == "yh":
        return _year_part(g, g["y"], False)
    if kind in ("rel", "slash-md"):  # a slash-md with no 今年 before it (週三(3/11)): this year
        if year is None:
            return None
        y = year + {None: 0, "今年": 0, "本年": 0, "本年度": 0, "去年": -1, "前年": -2,
                    "明年": 1}[g["rel"]]
        if g.get("m"):
            return _dated(g, y, True)
        return _year_part(g, str(y), True)
    if kind == "ytd":  # resolved by _year_to_date
        return "ytd", "ytd", False, True
    if kind in ("months", "first", "full-year", "en-half-rel", "span", "annual-report"):
        return _span_of(kind, g, year)
    if kind in ("half", "cn-q"):
        return None if year is None else _year_part(g, str(year), True)
    if kind == "m":
        return None if year is None else _dated(g, year, True)
    if kind == "md":
        month, day = int(g["m"]), int(g["d"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if year is None:
            return f"--{month:02d}-{day:02d}", "day", False, False
        return f"{year}-{month:02d}-{day:02d}", "day", False, True
    if kind == "en-half":
        y = g["y"] or g["y2"] or g["y3"] or g["y4"]
        half = "H1" if (g["which"] or "") == "first" or (g["h"] or g["h3"] or g["h4"]) == "1" \
            else "H2"
        return f"{_full_year(y)}-{half}", "half-year", False, False
    if kind == "en-q":
        return _english_quarter(g, year)
    if kind == "en-m":  # "in August": of the reference year
        return None if year is None else _dated(g, year, True)
    if kind == "en-end":
        if g["y"]:
            return f"{g['y']}-12", "month", True, False
        if g["y2"] is None and year is None:
            return None
        return f"{g['y2'] or year}-{_MONTHS[g['mon']]:02d}", "month", True, g["y2"] is None
    if kind in ("en-y", "title-y"):
        return g["y"] or g.get("y2"), "year", False, False
    if kind == "en-rel":
        if year is None:
            return None
        return str(year + {"this": 0, "last": -1, "next": 1}[g["rel"]]), "year", False, True
    return None  # pragma: no cover


def _fiscal_quarter(g: dict, year: int | None):
    """Q2 FY2025, FY25Q2, 2025財年第二季, the second quarter of fiscal 2025, fiscal 2026
    first quarter; its fiscal fourth quarter (the reference year's, inferred)."""
    y = g["y"] or g["y2"] or g["y3"] or g["y4"] or g["y6"]
    q = g["q"] or g["q2"] or (_CN_DIGITS[g["q3"] or g["q5"]] if g["q3"] or g["q5"] else
                              _ORDINALS[g["ord"] or g["ord2"] or g["ord3"]])
    if y is None:
        return None if year is None else (f"FY{year}-Q{q}", "fiscal-quarter", False, True)
    return f"FY{_full_year(y)}-Q{q}", "fiscal-quarter", False, False


def _split_fiscal(g: dict):
    """2025/26財年, FY2025/26, "fiscal year 2025/26": a fiscal year across two years runs, as
    the convention of Hong Kong, Japan, India and the UK has it, April to March (FY2026-03);
    its quarters are calendar ones (2025/26財年第三財季: October to December 2025, 2025-Q4)."""
    first = int(g["y1"])
    last = int(g["y2"]) if len(g["y2"]) == 4 else first // 100 * 100 + int(g["y2"])
    if last != first + 1:
        return None
    q = g["q"] or g["q2"] or g["ord"]
    if q is None:
        return f"FY{last}-03", "fiscal-year", False, False
    n = _ORDINALS[q] if q in _ORDINALS else int(_CN_DIGITS[q])
    return (f"{first}-Q{n + 1}" if n < 4 else f"{last}-Q1"), "quarter", False, False


def _numeral_date(g: dict, year: int | None):
    """十一月廿一日 (of the reference year, inferred), 2026年三月: a month or day in numerals."""
    if g["y"] is None and year is None:
        return None
    cn = {"m": str(numeral_value(g["cm"])),
          "d": str(numeral_value(g["cd"])) if g["cd"] else None, "end": g["end"]}
    return _dated(cn, int(g["y"] or year), g["y"] is None)


def _ended_of(g: dict, year: int | None):
    """A period said by its end, its year written or (截至6月30日止六個月, "the six months to
    June") the reference year's."""
    if g.get("y") is not None:
        return _ended(g)
    if year is None:
        return None
    found = _ended({**g, "y": str(year)})
    return found[:3] + (True,) if found else None


def _span_of(kind: str, g: dict, year: int | None):
    """Runs of months from the year's start and the whole year: 1-9月, 前9個月, "the first
    nine months of 2024", 全年, "full-year", "the first half" (of the reference year when no
    year is written); a run with no key (前10月) as a span of no one period."""
    if kind == "span":
        return "", "span", False, False
    if kind == "months":  # 1-10月: a run with no key, a span of no one period
        first, last = int(g["m1"]), int(g["m2"])
        return _month_span(int(g["y"]), first, last) or \
            (("", "span", False, False) if 1 <= first < last <= 12 else None)
    if kind == "first":
        y = g["y"] or g["y2"]
        if y is None and year is None:
            return None
        span = {"3": 3, "三": 3, "three": 3, "6": 6, "六": 6, "six": 6, "9": 9, "九": 9,
                "nine": 9}
        months = span[g["n"] or g["n2"]] if (g["n"] or g["n2"]) else \
            (6 if g["q"] == "two" else 9)
        found = _month_span(int(y or year), 1, months)
        return found[:3] + (y is None,) if found else None
    if year is None:
        return None
    if kind == "full-year":
        return str(year), "year", False, True
    if kind == "annual-report":  # resolved by _report_years
        return str(year - 1), "annual-report", False, True
    return f"{year}-{'H1' if g['which'] == 'first' else 'H2'}", "half-year", False, True


def _dated(g: dict, y: int, inferred: bool):
    """A month or a day (2023年8月, 10月22日, August 2024, Aug 8, 2024)."""
    mon = g.get("mon") or g.get("mon2")
    month = _MONTHS[mon] if mon else int(g["m"])
    if not 1 <= month <= 12:
        return None
    day = g.get("d") or g.get("d2")
    if day:
        if not 1 <= int(day) <= 31:
            return None
        return f"{y}-{month:02d}-{int(day):02d}", "day", False, inferred
    return f"{y}-{month:02d}", "month", bool(g.get("end")), inferred


def _month_span(y: int, first: int, last: int):
    """A run of months of one year as a period: 1-3月 (a quarter), 1-6月 (a half), 1-9月
    (quarters 1 to 3), 1-12月 (the year); other runs have no key (None)."""
    if not (1 <= first <= last <= 12):
        return None
    if (first, last) == (1, 12):
        return str(y), "year", False, False
    if first % 3 == 1 and last == first + 2:
        return f"{y}-Q{last // 3}", "quarter", False, False
    if first in (1, 7) and last == first + 5:
        return f"{y}-H{last // 6}", "half-year", False, False
    if first % 3 == 1 and last % 3 == 0:
        return f"{y}-Q{first // 3 + 1}/{y}-Q{last // 3}", "quarters", False, False
    return None


def _year_part(g: dict, y: str, inferred: bool):
    """A year or a part of it: 2024年, 上半年, 第二季度, 前三季度, 年底 (as of December)."""
    h = g.get("h")
    quarter = g.get("q") or g.get("q1") or g.get("q2")
    if quarter:
        return f"{y}-Q{_CN_DIGITS[quarter]}", "quarter", False, inferred
    if not h or h in ("全年", "度"):
        return y, "year", False, inferred
    if h in ("h1", "h2"):  # 2025年H1
        return f"{y}-H{h[1]}", "half-year", False, inferred
    if h in ("上半年", "下半年", "中期", "度中期", "半年度", "半年报", "中报"):  # 2024年中期, 2024年半年报:
        # the interim report, the first half
        return f"{y}-{'H2' if h == '下半年' else 'H1'}", "half-year", False, inferred
    if h[0] in "前首":  # 前三季度, 前三季, 前3季, 首三季度
        return f"{y}-Q1/{y}-Q3", "quarters", False, inferred
    return f"{y}-12", "month", True, inferred  # 年底 / 年末: as of the year's end


def _ended(g: dict):
    """A period said by its end: "截至2024年6月30日止六個月", "the year ended March 31, 2024"."""
    y = int(g["y"])
    mon = g.get("mon") or g.get("mon2")
    month = _MONTHS[mon] if mon else int(g["m"])
    if not 1 <= month <= 12:
        return None
    span = g.get("span") or ""
    months = {"三个月": 3, "季度": 3, "three": 3, "3": 3, "六个月": 6, "six": 6, "6": 6,
              "中期": 6, "九个月": 9, "nine": 9, "9": 9}.get(span)
    if months is None:  # 首三季度: nine months; a fiscal quarter: three; else a year
        months = 9 if span[:1] in ("前", "首") else 3 if g.get("fq") or span.endswith("财季") \
            else 12
    if months == 3:
        return (f"{y}-Q{month // 3}", "quarter", False, False) if month % 3 == 0 else None
    if months == 6:
        return (f"{y}-H{month // 6}", "half-year", False, False) if month % 6 == 0 else None
    if months == 9:
        return (f"{y}-Q1/{y}-Q3", "quarters", False, False) if month == 9 else None
    if month == 12:
        return str(y), "year", False, False
    return f"FY{y}-{month:02d}", "fiscal-year", False, False  # ending in that month


def _english_quarter(g: dict, year: int | None):
    """Q2 2024, 2Q24, Q2'24, the second quarter (of 2024), the July-September quarter, the June
    quarter, Q2 (of the reference year)."""
    if g["m1"]:
        first, last = _MONTHS[g["m1"]], _MONTHS[g["m2"]]
        if last - first != 2 or first % 3 != 1:
            return None
        quarter, y = last // 3, g["y5"]
    elif g["m3"]:
        quarter, y = _MONTHS[g["m3"]] // 3, g["y6"]
    elif g["ord"]:
        quarter, y = _ORDINALS[g["ord"]], g["y4"]
    else:
        quarter = int(g["q"] or g["qa"] or g["q2"] or g["q3"] or g["qb"])
        y = g["y"] or g["ya"] or g["y2"] or g["y3"]
    if y:
        return f"{_full_year(y)}-Q{quarter}", "quarter", False, False
    if year is None:
        return None
    return f"{year}-Q{quarter}", "quarter", False, True


def detect_figures(text: str, *, year: int | None = None,
                   sentences: list[Sentence] | None = None,
                   date: str | None = None) -> list[FoundFigure]:
    """Quantities in ``text`` with sign, value, multiplier, unit, qualifier, direction and
    period.

    A number counts as a figure when it has a unit, a currency, a multiplier or a percent sign;
    numbers inside dates and periods are not figures. Each figure gets the nearest period in its
    clause, else the nearest before it in its sentence (or, failing that, after it), else the
    last period stated before it, carried over sentences, line breaks and headings until a new
    period or a heading that looks ahead (展望; marked inferred). When periods are followed by
    分別 / respectively and as many amounts (or percentages) as periods, the figures get the
    periods in order.

    Args:
        text: the text.
        year: reference year for relative dates (今年, 上半年, "this year"); the year of
            ``date`` when only that is given.
        sentences: its sentences (``kg.inputs.sources.split_sentences`` when not given).
        date: the article's day (YYYY-MM-DD), for days said relative to it (今天, 昨日,
            "on Tuesday", 截至發稿 with no day before it).
    """
    folded = fold(text)
    day = _real_day(date)
    periods = _periods_in(text, _digit_years(folded), year or (day.year if day else None), day)
    in_period = bytearray(len(text))
    for p in periods:
        in_period[p.start:p.end] = b"\x01" * (p.end - p.start)
    raw: list[FoundFigure] = []
    pos = 0
    while True:
        match = _FIGURE_RE.search(folded, pos)
        if match is None:
            break
        pos = match.end()
        if match.group("num2") and match.group("dash") in ("至", "到", "to") and \
                (_FROM_RE.search(folded, max(0, match.start() - 6), match.start()) or
                 (not match.group("pct1") and _changed(folded, match.start()))):
            # "由10%提升至15%", "from 5% to 7%": two levels, not a range; "增加3億至18億元":
            # a change and the level it reaches
            pos = match.start("dash")
            match = _FIGURE_RE.match(folded, match.start(), pos)
        start, end = match.span()
        if any(in_period[start:end]):
            continue
        figure = _figure_of(match, text)
        if figure is not None:
            raw.append(_negated(folded, figure, text))
    raw = _with_numerals(text, folded, raw, in_period)
    raw = _with_counted_bases(text, folded, raw, in_period)
    raw = _with_multiples(text, folded, raw, in_period)
    raw = _with_parameter_counts(text, folded, raw, in_period)
    raw = _about_after(folded, _with_cn_rates(text, folded, _yen_of(folded, raw), in_period))
    raw = _twd_of(text, folded, raw)
    if sentences is None:
        sentences = split_sentences(text)
    found = _assign_periods(text, folded, _ranges(text, folded, raw), periods, sentences)
    # a model's size in parameters is a specification: of no period
    return _restated(text, [replace(f, period=None) if f.unit is None and
                            f.multiplier_text in ("B", "b", "M", "m") else f for f in found])


def _restated(text: str, found: list[FoundFigure]) -> list[FoundFigure]:
    """A headline's figure with no period of its own restates the body's: "總營收微增5%" over
    "在2026財年第二財季...營收...同比增長5%" is of that quarter, when every figure of the body
    with its value, unit and direction has the same period."""
    lead = len(text) - len(text.lstrip())
    end = text.find("\n", lead)  # where the headline ends
    if end <= lead or end - lead > 80:
        return found
    out = []
    for f in found:
        if f.period is None and f.end <= end:
            twins = {g.period.key: g.period for g in found if g.start > end and
                     g.period is not None and (g.value, g.unit, g.direction) ==
                     (f.value, f.unit, f.direction)}
            if len(twins) == 1:
                f = replace(f, period=replace(next(iter(twins.values())), inferred=True))
        out.append(f)
    return out


#: what makes ¥ the yen: Japan named in the text, or the yen itself
_JAPAN_RE = re.compile(r"\b(?:japan|japanese|tokyo|yen)\b|日本|日元|日圆|东京|东证")


def _yen_of(folded: str, raw: list[FoundFigure]) -> list[FoundFigure]:
    """¥ is the sign of the yen and of the renminbi: renminbi (as read) unless the text names
    Japan or the yen ("Sony's operating profit of ¥1.2 trillion", 東京, 日元); ¥30億元 is
    renminbi whatever the text."""
    signed = {f.start for f in raw if fold(f.unit_text or "") == "¥" and "元" not in f.text}
    if not signed or not _JAPAN_RE.search(folded):
        return raw
    return [replace(f, unit="JPY") if f.start in signed else f for f in raw]


#: what marks a text as Taiwan's press, where a bare 元 is the New Taiwan dollar: the currency
#: named, or the island's own words for what mainland and Hong Kong papers say otherwise (輝達
#: for 英偉達, 執行長 for 行政總裁 / 首席執行官, 年增 / 季增 for 同比 / 按年, 純益, 台股)
_TWD_NAMED_RE = re.compile(r"新台币|台币|\bnt\$|\bntd\b")
_TAIWAN_WORDS_RE = re.compile(r"辉达|执行长|(?<![按同环])[年季月][增减](?=[\d逾近约达一二三两四五六七八九十百]|率)|"
                              r"[税纯]益|台股|柜买|金管会|"
                              r"行政院|台积电|鸿海|联发科|台达电|广达|华硕|宏碁|联电|日月光")
#: a text naming the renminbi keeps its bare 元 as renminbi
_RMB_NAMED_RE = re.compile(r"人民币|\brmb\b|\bcny\b")


def _twd_of(text: str, folded: str, raw: list[FoundFigure]) -> list[FoundFigure]:
    """A bare 元 in a Traditional Chinese text of Taiwan's press is the New Taiwan dollar, not
    renminbi: the text names the New Taiwan dollar, or uses two or more of Taiwan's own words,
    and names no renminbi."""
    bare = {f.start for f in raw if f.unit == "CNY" and fold(f.unit_text or "") == "元"}
    if not bare or _RMB_NAMED_RE.search(folded):
        return raw
    if not _TWD_NAMED_RE.search(folded) and \
            len({m.group() for m in _TAIWAN_WORDS_RE.finditer(folded)}) < 2:
        return raw
    from kg.ingest.documents import detect_language

    if detect_language(text) != "zh-Hant":
        return raw  # a mainland text
    return [replace(f, unit="TWD") if f.start in bare else f for f in raw]


#: an amount in Chinese numerals, as Hong Kong filings write them (港幣二十二億六千七百萬元)
#: and Taiwanese papers (一兆元, 六千億美元)
_CN_AMOUNT_RE = re.compile(r"(?:(?P<qual>" + _alt(q for q in _QUALIFIER_OF if not q.isascii()) +
                           r")\s*)?(?P<cur>港币|人民币|新台币)?(?P<cn>[一二三四五六七八九十两]"
                           r"[一二三四五六七八九十百千万亿兆两零〇○]*)(?P<unit>港元|美元|元|名员工|名|人|家)")
_CN_BIG = {"兆": 12, "亿": 8, "万": 4}
#: without 萬 or 億 a numeral is read only with 百 or 千 in it: 三千二百人, never 一家 (a firm)
_CN_HUNDREDS = ("千", "百")


def _with_numerals(text: str, folded: str, raw: list[FoundFigure], taken: bytearray
                   ) -> list[FoundFigure]:
    """``raw`` with the amounts written in Chinese numerals of 萬, 億 or 兆 (港幣一億四千萬元,
    一兆元) that no other figure or period covers, in text order."""
    if not any(c in folded for c in (*_CN_BIG, *_CN_HUNDREDS)):
        return raw
    found = []
    for m in _fresh_matches(_CN_AMOUNT_RE, folded, raw, taken):
        cn = m.group("cn")
        big = next((b for b in _CN_BIG if b in cn), None)
        value = numeral_value(cn)
        if (big is None and not any(c in cn for c in _CN_HUNDREDS)) or value is None:
            continue
        factor = Decimal(10) ** _CN_BIG[big] if big else Decimal(1)
        written = m.group("cur") or m.group("unit")
        unit = _CURRENCY_OF.get(written) or _UNIT_OF.get(written)
        if big == "兆" and written == "元":
            unit = "TWD"  # 兆 for 10^12 is Taiwan's: its bare 元 is the New Taiwan dollar
        at = m.start("cn") + cn.index(big) if big else None
        qual = m.group("qual")
        found.append(FoundFigure(m.start(), m.end(), text[m.start():m.end()],
                                 value / factor, None, None, factor,
                                 text[at:at + 1] if big else None, unit, text[m.start("unit"):m.end("unit")]
                                 if not m.group("cur") else text[m.start("cur"):m.end("cur")],
                                 _QUALIFIER_OF[qual] if qual else None))
    return _merged(raw, found)


#: an approximation said after the figure: 20%左右, 1000人上下 (not 上下班)
_ABOUT_AFTER = re.compile(r"\s*(?:左右|上下(?![班游文级楼午]))")


def _about_after(folded: str, raw: list[FoundFigure]) -> list[FoundFigure]:
    """The figures followed by 左右 / 上下 ("about") made approximate (their text as it was)."""
    return [replace(f, qualifier="approximately") if f.qualifier is None and
            _ABOUT_AFTER.match(folded, f.end) else f for f in raw]


def _fresh_matches(pattern: re.Pattern, folded: str, raw: list[FoundFigure],
                   taken: bytearray) -> list[re.Match]:
    """The matches of ``pattern`` that no figure of ``raw`` and no period (``taken``) covers."""
    covered = _covered(raw, taken)
    return [m for m in pattern.finditer(folded) if not any(covered[m.start():m.end()])]


def _merged(raw: list[FoundFigure], found: list[FoundFigure]) -> list[FoundFigure]:
    """The figures of both lists in text order."""
    return sorted(raw + found, key=lambda f: f.start) if found else raw


def _covered(raw: list[FoundFigure], taken: bytearray) -> bytearray:
    """``taken`` (a mark per character already read as a period) with every figure of ``raw``
    marked too: what a later reading of the text must leave alone."""
    covered = bytearray(taken)
    for f in raw:
        covered[f.start:f.end] = b"\x01" * (f.end - f.start)
    return covered


_TIMES = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "twenty": 20, "hundred": 100, "thousand": 1000}
#: multiples in words: "a threefold increase" (3 times), "3-fold"; 翻倍 / 翻番 / 翻了一番
#: (doubled: +100%)
_MULTIPLE_RE = re.compile(r"\b(?P<n>" + "|".join(_TIMES) + r"|\d+(?:\.\d+)?)[- ]?fold\b|"
                          r"(?P<double>翻倍|翻番|翻了一番)")


def _with_multiples(text: str, folded: str, raw: list[FoundFigure], taken: bytearray
                    ) -> list[FoundFigure]:
    """``raw`` with the multiples written in words that no other figure or period covers, each
    an increase: threefold is 3 (times, no unit), 翻倍 is 100 Percent."""
    if "fold" not in folded and "翻" not in folded:
        return raw
    found = []
    for m in _fresh_matches(_MULTIPLE_RE, folded, raw, taken):
        n = m.group("n")
        value = Decimal(100) if m.group("double") else \
            Decimal(_TIMES[n]) if n in _TIMES else _dec(n)
        unit = "Percent" if m.group("double") else None
        found.append(FoundFigure(m.start(), m.end(), text[m.start():m.end()], value, None, None,
                                 Decimal(1), None, unit, None, None, direction="increase"))
    return _merged(raw, found)


#: a model's size in parameters, with B (billion) or M (million) against its number: "406B总参数量",
#: "激活参数32B", "13b(參數總量...)的模型", "a 671B-parameter model"; never a model's name (Qwen-72B,
#: Llama 3 70B: a letter, a hyphen or a name's number before it)
_PARAMETERS_RE = re.compile(r"(?<![a-z\d.\-])(?P<num>\d{1,4}(?:\.\d{1,2})?)\s?(?P<abbr>[bm])(?![a-z\d])")
_NAME_GOES_ON = re.compile(r"(?:\d|\b(?!(?:The|A|An|Its|Their|This|That|Our|His|Her)\b)"
                           r"[A-Z][\w.]*)\s+$")
_PARAMETER_WORDS = re.compile(r"参数|parameters?\b|模型|\bmodels?\b")


def _with_parameter_counts(text: str, folded: str, raw: list[FoundFigure], taken: bytearray
                           ) -> list[FoundFigure]:
    """``raw`` with the sizes of models in parameters ("406B总参数量"): a number with B or M that a
    word of parameters or models stands right next to (no unit: a count)."""
    if not _PARAMETER_WORDS.search(folded):
        return raw
    found = []
    for m in _fresh_matches(_PARAMETERS_RE, folded, raw, taken):
        near = folded[max(0, m.start() - 6):m.start()] + " " + folded[m.end():m.end() + 12]
        if _NAME_GOES_ON.search(text, max(0, m.start() - 16), m.start()):
            continue  # "Llama 3 70B", "Qwen 72B": a model's name goes on
        if not _PARAMETER_WORDS.search(near):
            continue
        multiplier = Decimal(10) ** (9 if m.group("abbr") == "b" else 6)
        found.append(FoundFigure(m.start(), m.end(), text[m.start():m.end()], _dec(m.group("num")),
                                 None, None, multiplier, text[m.start("abbr"):m.end("abbr")],
                                 None, None, None))
    return _merged(raw, found)


_CN_NUMBER = rf"[{NUMERAL_CHARS}]+(?:点[{''.join(DIGITS)}]+)?"
#: rates and multiples in words: 百分之三百 (300%), 四成 / 4成 / 半成 (tenths: 40%, 5%), 兩倍
#: (2 times); 成 after a numeral is no tenth in 完成, 统一成本, 一成不变, 半成品, 三五成群
_CN_RATE_RE = re.compile(
    _starts(*(q for q in _QUALIFIER_OF if not q.isascii()), "百", *NUMERAL_CHARS, *"123456789") +
    r"(?:(?P<qual>" + _alt(q for q in _QUALIFIER_OF if not q.isascii()) + r")\s*)?"
    rf"(?:百分之(?P<pct>{_CN_NUMBER}|\d+(?:\.\d+)?)|(?<![{NUMERAL_CHARS}\d.统唯合])"
    r"(?P<tenths>[一二三四五六七八九两半]|十|[1-9](?!\d))成(?![为立功长本员交果熟型都绩就品群不])"
    # 六成五 (65%): a digit after 成 that ends the figure
    r"(?:(?P<hundredths>[一二三四五六七八九])(?=[的,.;:、。)\s]|左右|以[上下]|$))?|"
    rf"(?<![{NUMERAL_CHARS}\d.])(?P<times>[一二三四五六七八九两十][{NUMERAL_CHARS}]*)倍|"
    # a fraction: 三分之一 (33.33%, approximately), 四分之一 (25%)
    rf"(?<![{NUMERAL_CHARS}\d.])(?P<den>[一二三四五六七八九两十]{{1,2}}|\d{{1,2}})分之"
    rf"(?P<numer>[一二三四五六七八九两十]{{1,2}}|\d{{1,2}}))")


def _with_cn_rates(text: str, folded: str, raw: list[FoundFigure], taken: bytearray
                   ) -> list[FoundFigure]:
    """``raw`` with the rates and multiples written in words that no other figure or period
    covers: 百分之三百, 四成 (a 成 is a tenth) and 三分之一 are Percent, 兩倍 a multiple (no
    unit)."""
    if not any(w in folded for w in ("分之", "成", "倍")):
        return raw
    found = []
    for m in _fresh_matches(_CN_RATE_RE, folded, raw, taken):
        value, exact = _rate_value(m)
        if value is None:
            continue
        qual, times = m.group("qual"), m.group("times")
        written = "倍" if times else "成" if m.group("tenths") else "%"
        found.append(FoundFigure(m.start(), m.end(), text[m.start():m.end()], value, None, None,
                                 Decimal(1), None, None if times else "Percent", written,
                                 _QUALIFIER_OF[qual] if qual else
                                 None if exact else "approximately"))
    return _merged(raw, found)


def _number(written: str) -> Decimal | None:
    """A number in digits or in Chinese numerals."""
    return _dec(written) if written[0].isdigit() else numeral_value(written)


def _rate_value(m: re.Match) -> tuple[Decimal | None, bool]:
    """The value of a rate or multiple in words (_CN_RATE_RE), and whether it is exact (a third
    is 33.33%, approximately)."""
    if m.group("pct") is not None:
        return _number(m.group("pct")), True
    if m.group("tenths") is not None:
        tenths = m.group("tenths")
        value = Decimal(5) if tenths == "半" else _number(tenths) * 10
        return value + (DIGITS[m.group("hundredths")] if m.group("hundredths") else 0), True
    if m.group("times") is not None:
        return numeral_value(m.group("times")), True
    den, numer = _number(m.group("den")), _number(m.group("numer"))
    if not den or numer is None or numer >= den:
        return None, True
    share = numer * 100 / den
    rounded = share.quantize(Decimal("0.01"))
    return (share, True) if rounded == share else (rounded, False)


#: a bare count compared with a counted figure before it in its sentence: "92,736 direct
#: employees, compared with 91,259", "a decline of more than 16,000 from its peak of 232,000",
#: "about 4,000 fewer"
_BARE_COUNT_RE = re.compile(
    r"(?:(?P<cue>\b(?:compared\s+(?:with|to)|versus|vs\.?|from|of)\s+)"
    r"(?:(?P<qual>more\s+than|about|nearly|over|some|roughly|around)\s+)?|"
    r"(?:(?P<qual2>about|nearly|some|roughly|around)\s+)?(?=\d[\d,]*\s+(?:fewer|more\s+(?!than)|less)\b))"
    r"(?<![\d.,$])(?P<num>\d{1,3}(?:,\d{3})+|\d{4,})(?![\d.,%]|\s*%)")
#: a small count a counted figure changed from: "238 large models, up from around 79 in June"
_SMALL_BASE_RE = re.compile(r"\b(?:up|down)\s+from\s+(?:(?P<qual>about|nearly|some|roughly|around)"
                            r"\s+)?(?P<num>\d{1,3})(?![\d.,%]|\s*%)")
_COUNTED = frozenset({"PersonCount", "EnterpriseCount", "GPUCard"})
_SENTENCE_STOP = re.compile(r"[。;；!?！？\n]|\.\s+(?=[A-Z])")


def _with_counted_bases(text: str, folded: str, raw: list[FoundFigure], taken: bytearray
                        ) -> list[FoundFigure]:
    """``raw`` with the bare numbers compared with a figure of counted things before them in
    their sentence (no other figure between), in that figure's unit."""
    found = []
    for i, f in enumerate(raw):
        if f.unit not in _COUNTED and fold(f.unit_text or "") not in _COUNT_OF:
            continue
        stop = _SENTENCE_STOP.search(text, f.end, f.end + 200)
        end = min(stop.start() if stop else f.end + 200, raw[i + 1].start if i + 1 < len(raw)
                  else len(text))
        bases = sorted([*_BARE_COUNT_RE.finditer(folded, f.end, end),
                        *_SMALL_BASE_RE.finditer(folded, f.end, end)], key=lambda m: m.start())
        for m in bases:
            if any(taken[m.start("num"):m.end("num")]):
                continue
            qual = m.group("qual") or m.groupdict().get("qual2")
            start = m.start("qual") if m.group("qual") else m.start("qual2") if qual else \
                m.start("num")
            found.append(FoundFigure(start, m.end(), text[start:m.end()], _dec(m.group("num")),
                                     None, None, Decimal(1), None, f.unit, f.unit_text,
                                     _QUALIFIER_OF[re.sub(r"\s+", " ", qual)] if qual else None))
    return sorted(raw + found, key=lambda f: f.start) if found else raw


_RANGE_JOIN = re.compile(r"\s*(?:至|到|-|–|~|to)\s*")
_BETWEEN = re.compile(r"(?:between|介乎|介于|在)\s*$")


def _changed(folded: str, start: int) -> bool:
    """Whether a direction word stands right before ``start`` ("增加3.2億元", "grew by 2
    million")."""
    before = folded[max(0, start - 20):start]
    return any(_word_ok(before, m) and _ADJACENT.fullmatch(before, m.end())
               for m in _DIRECTION_RE.finditer(before))


def _ranges(text: str, folded: str, raw: list[FoundFigure]) -> list[FoundFigure]:
    """"191.1億元至198.4億元", "between RMB 1.2 billion and RMB 1.5 billion": two amounts of
    one unit and multiplier joined by 至 / to (and not started "from") are one range."""
    out: list[FoundFigure] = []
    for f in raw:
        low = out[-1] if out else None
        if low is not None and low.value is not None and f.value is not None and \
                (low.unit_text, low.multiplier) == (f.unit_text, f.multiplier) and \
                low.value < f.value and low.qualifier is None and \
                not _changed(folded, low.start) and \
                (_RANGE_JOIN.fullmatch(folded, low.end, f.start) or
                 (folded[low.end:f.start].strip() == "and" and
                  _BETWEEN.search(folded, max(0, low.start - 10), low.start))) and \
                not _FROM_RE.search(folded, max(0, low.start - 6), low.start):
            out[-1] = replace(low, end=f.end, text=text[low.start:f.end], value=None,
                              value_min=low.value, value_max=f.value)
            continue
        out.append(f)
    return out


_TRAILING_RE = re.compile("(" + _alt(_TRAILING_CURRENCY) + ")")
#: a currency an amount is converted into, named before its bare 元 (折合港元約82.04元,
#: 以美元計為3.2元)
_CONVERTED_RE = re.compile(r"(?:折合|折算|换算成?|约合|以)\s*(?P<cur>港元|港币|美元|新台币|台币|日元|"
                           r"日圆|欧元|人民币)(?:计算?)?\s*,?\s*(?:为|是)?\s*$")


_ABBREVIATIONS = {"m": Decimal(10) ** 6, "b": Decimal(10) ** 9, "k": Decimal(10) ** 3}


def _mult_key(g: dict) -> str | None:
    return g["mult"] or g["mult1"] or g["abbr"]


def _figure_of(m: re.Match, text: str) -> FoundFigure | None:
    g = m.groupdict()
    qualifier = g["qual"] or g["qual2"] or g["qual3"]
    qualifier = _QUALIFIER_OF[re.sub(r"\s+", " ", qualifier)] if qualifier else \
        "more-than" if g.get("more") or g.get("more2") else None
    if g["mult3"]:  # 百亿元: one of the multiplier; 数十亿美元: more than one
        unit_text = text[m.start("unit4"):m.end("unit4")]
        return FoundFigure(m.start(), m.end(), text[m.start():m.end()], Decimal(1), None, None,
                           _BARE_MULTIPLIER[g["mult3"]], text[m.start("mult3"):m.end("mult3")],
                           _UNIT_OF[g["unit4"]], unit_text,
                           qualifier or ("more-than" if g["few"] else None))
    if g["mult2"]:  # 上千人: "a thousand and more"
        return FoundFigure(m.start(), m.end(), text[m.start():m.end()], Decimal(1), None, None,
                           _MULTIPLIER_OF[g["mult2"]], text[m.start("mult2"):m.end("mult2")],
                           _UNIT_OF[g["unit2"]], text[m.start("unit2"):m.end("unit2")],
                           qualifier or "more-than")
    unit_key = g["unit"] or ("%" if g["pct1"] else None)
    unit = _UNIT_OF.get(re.sub(r"\s+", " ", unit_key)) if unit_key else None
    unit_text = text[m.start("unit"):m.end("unit")] if g["unit"] else \
        (text[m.start("pct1"):m.end("pct1")].strip() if g["pct1"] else None)
    if g["unit3"]:  # 39,790 electric vehicles
        unit, unit_text = _COUNT_OF[g["unit3"]], text[m.start("unit3"):m.end("unit3")]
    currency = g["cur"]
    trailing = _TRAILING_RE.match(m.string, m.end()) if g["unit"] in ("元", None) and \
        not currency and (g["unit"] or _mult_key(g)) else None
    if trailing:  # 2.7629萬億元新台幣: the currency is named after the amount
        unit, unit_text = _TRAILING_CURRENCY[trailing.group(1)], trailing.group(1)
    converted = _CONVERTED_RE.search(m.string, max(0, m.start() - 12), m.start()) \
        if g["unit"] == "元" and not (currency or trailing) else None
    if converted:  # 折合港元約82.04元: the 元 of the currency converted into
        unit = _UNIT_OF.get(converted.group("cur")) or _CURRENCY_OF.get(converted.group("cur"))
    if currency:
        if g["unit"] and unit not in (None, *CURRENCIES):
            return None
        unit, unit_text = _CURRENCY_OF[currency], text[m.start("cur"):m.end("cur")]
    mult_key = _mult_key(g)
    if g["unit"] == "元" and not (currency or trailing) and mult_key == "兆":
        unit = "TWD"  # 1.21兆元: 兆 for 10^12 is Taiwan's, its bare 元 the New Taiwan dollar
    mult_text = None
    if mult_key:
        group = "mult" if g["mult"] else "mult1" if g["mult1"] else "abbr"
        mult_text = text[m.start(group):m.end(group)]
    if not (unit_text or mult_text or currency):
        return None
    factor = _MULTIPLIER_OF[mult_key] if g["mult"] or g["mult1"] else \
        _ABBREVIATIONS[mult_key] if mult_key else Decimal(1)
    value = _dec(g["num"])
    if g["numb"] or g["numc"]:  # 2兆589.49億: 2.058949兆
        value += _dec(g["numb"] or g["numc"]) * _MULTIPLIER_OF[g["multb"] or "万"] / factor
    if unit_key and fold(unit_key) in _HUNDREDTHS_FOLDED:  # 7 cents: 0.07 of the currency
        value /= 100
    value *= -1 if _SIGNS.get(g["sign"]) == "-" else 1
    value_min = value_max = None
    if g["num2"]:
        value_min, value_max, value = value, _dec(g["num2"]) * (-1 if g["sign2"] else 1), None
        if value_min > value_max:
            return None
    start = m.start()
    if qualifier is None:
        start = m.start("cur") if currency else m.start("sign") if g["sign"] else m.start("num")
    return FoundFigure(start, m.end(), text[start:m.end()], value, value_min, value_max,
                       factor, mult_text, unit, unit_text, qualifier, sign=_SIGNS.get(g["sign"]))


#: an amount said to be negative before it: "a negative free cash flow of RMB 8.9 billion"
_NEGATIVE_RE = re.compile(r"\bnegative\s+(?:[a-z-]+\s+){0,4}?(?:of|at|was|were|is|totall?ing)\s+"
                          r"(?:about\s+|around\s+|nearly\s+)?$")


_NEGATIVE_WORD = re.compile(r"\bnegative\s+$")


def _negated(folded: str, f: FoundFigure, text: str) -> FoundFigure:
    """The figure with a negative value when the text calls the amount negative, or writes a
    minus before its currency ("-RMB 1.2 billion", "-US$3 million"); "negative 28.7%" is a
    negative rate, the word part of the figure (so "climbed to negative 28.7%" is a level)."""
    if f.value is not None and f.value > 0 and f.sign is None and \
            _NEGATIVE_WORD.search(folded, max(0, f.start - 9), f.start):
        start = f.start - len(_NEGATIVE_WORD.search(folded, max(0, f.start - 9), f.start).group())
        return replace(f, start=start, text=text[start:f.end], value=-f.value, sign="-")
    if f.value is not None and f.value > 0 and f.sign is None and f.start and \
            folded[f.start - 1] in "-−﹣" and folded[f.start:f.start + 1] in _CURRENCY_STARTS and \
            (f.start < 2 or not folded[f.start - 2].isalnum()):
        return replace(f, start=f.start - 1, text=text[f.start - 1:f.end], value=-f.value, sign="-")
    if f.value is None or f.value <= 0 or f.unit == "Percent" or \
            not _NEGATIVE_RE.search(folded, max(0, f.start - 60), f.start):
        return f
    return replace(f, value=-f.value, sign="-")


def _direction_near(folded: str, fig: FoundFigure) -> tuple[str | None, str | None]:
    """The direction word and basis of a percentage: in its clause, before it or just after;
    none for a level reached or started from ("增至35%", "rose to 35%", "由10%")."""
    clause_start = fig.start
    while clause_start > 0 and folded[clause_start - 1] not in _CLAUSE_STOP and \
            fig.start - clause_start < 24:
        clause_start -= 1
    before = folded[clause_start:fig.start]
    after_end = fig.end
    while after_end < len(folded) and folded[after_end] not in _CLAUSE_STOP and \
            after_end - fig.end < 28:
        after_end += 1
    after = folded[fig.end:after_end]
    basis = "year-on-year" if _YOY.search(before) or _YOY.search(after) else None
    noun = _CHANGE_NOUN_RE.match(after)
    if noun:  # "a 34% year-on-year increase", "the 26% growth": the change is named after it
        word = noun.group("word")
        return _ABOVE.get(word) or _DIRECTION_OF[word], basis
    after = after[:16]
    if _LEVEL_RE.search(before):
        return None, basis
    direction = None
    hits = [m for m in _DIRECTION_RE.finditer(before) if _word_ok(before, m)]
    base = _BASE_RE.search(before)
    if base and (not hits or hits[-1].start() < base.start()):
        return None, basis  # "較上年同期的3.2%": the level compared with
    if hits:
        direction = _DIRECTION_OF[hits[-1].group()]
        if hits[-1].group() in _IMPROVE and _LOSS_RE.search(before, 0, hits[-1].start()):
            direction = "narrowing"  # "operating loss improved 33.7%": the loss is smaller
    else:
        # a direction word after the figure, unless it opens the next figure ("3.2%提升10.2個百分點")
        hit = next((m for m in _DIRECTION_RE.finditer(after) if _word_ok(after, m)), None)
        if hit and not re.match(r"\s*(?:了|by|of)?\s*[-+]?\d", after[hit.end():]):
            direction = _DIRECTION_OF[hit.group()]
    if direction is None and fig.sign == "+":
        direction = "increase"
    return direction, basis


#: words of an improvement, and of a loss (a loss improves by narrowing)
_IMPROVE = frozenset({fold("改善"), "improved", "improves", "improving"})
_LOSS_RE = re.compile(r"亏损|亏|\blosse?s?\b|\bdeficit")


#: a change named by a noun right after a percentage, a year-on-year basis between them
_CHANGE_NOUN_RE = re.compile(r"\s+(?:(?:year[- ]on[- ]year|year[- ]over[- ]year|yoy|annual|"
                             r"sequential|quarter[- ]on[- ]quarter)\s+)?(?P<word>increase|growth|"
                             r"rise|gain|jump|surge|decrease|decline|drop|fall|contraction|above|below)\b")
#: a percentage above or below a level it is measured against ("closed 7.3% above its offer
#: price"): a change up or down from it
_ABOVE = {"above": "increase", "below": "decrease"}


_POINTS = {fold(w) for w in ("個百分點", "百分點", "個基點", "基點", "percentage points",
                             "percentage point", "basis points", "bps", "pp", "ppt", "ppts")}
_ADJACENT = re.compile(r"\s*(?:了|达|by|of)?\s*$")


def _is_rate(f: FoundFigure) -> bool:
    """A percentage or a change in points: its direction may be stated around it."""
    return f.unit == "Percent" or fold(re.sub(r"\s+", " ", f.unit_text or "")) in _POINTS


_FEWER_RE = re.compile(r"\s+(fewer|less|more)\s+than\b")


#: a change said right after an amount against its base, no figure of its own ("經營虧損為5.3億元，
#: 較上年同期收窄", "亏损10亿元，同比收窄", "a loss of $5 million, which narrowed from a year earlier")
_CHANGED_AFTER = re.compile(
    r"\s*,?\s*(?:(?:同比|环比|按年|按季)|(?:较|比|相比|与)(?:上一?年|去年)(?:同期|同季)(?:相比)?)\s*"
    r"(?:有所|大幅|明显|进一步|略有|略为)?\s*(?P<zh>" + _alt(w for w in _DIRECTION_OF if not w.isascii()) +
    r")(?=\s*(?:[,;:。!?\n]|$))|\s*,\s*(?:which\s+|having\s+)?(?P<en>narrowed|widened|rose|fell|"
    r"increased|decreased|declined|grew)\s+(?:from|compared\s+with)\s+(?:a\s+year\s+(?:earlier|ago|"
    r"before)|the\s+(?:same|year-ago|prior[- ]year)\s+(?:period|quarter))(?=\s*(?:[,;:.!?\n]|$))")


def _amount_direction(folded: str, f: FoundFigure) -> str | None:
    """The direction of an amount changed: a direction word right before it ("增加3億元",
    "increased by RMB 500 million"; not "增至3億元", "rose to ..."), or one right after it
    against its base with no figure of its own ("虧損5.3億元，較上年同期收窄")."""
    after = _CHANGED_AFTER.match(folded, f.end)
    if after:
        return _DIRECTION_OF[after.group("zh") or after.group("en")]
    before = folded[max(0, f.start - 20):f.start]
    after = _FEWER_RE.match(folded, f.end)
    if after:
        return "decrease" if after.group(1) in ("fewer", "less") else "increase"
    if _LEVEL_RE.search(before) or not _changed(folded, f.start):
        return None
    for m in _DIRECTION_RE.finditer(before):
        if _word_ok(before, m) and _ADJACENT.fullmatch(before, m.end()) and \
                not _LEVEL_RE.search(before, 0, m.end()):
            return _DIRECTION_OF[m.group()]
    return None


def _word_ok(text: str, m: re.Match) -> bool:
    """Latin direction words must be whole words."""
    if not m.group().isascii():
        return True
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not (before.isalnum() or after.isalnum())


class _Positions:
    """Sorted offsets (clause ends, line breaks) with "is there one in [a, b)?" in log time."""

    def __init__(self, text: str, chars: str) -> None:
        self.text = text
        self.at = [i for i, c in enumerate(text) if c in chars]

    @classmethod
    def of(cls, offsets) -> _Positions:
        """The positions of ``offsets`` (sorted)."""
        out = cls("", "")
        out.at = sorted(offsets)
        return out

    def any_between(self, a: int, b: int) -> bool:
        return bisect.bisect_left(self.at, a) < bisect.bisect_left(self.at, b)

    def last_before(self, i: int) -> int:
        """The offset of the last one before ``i``, or -1."""
        k = bisect.bisect_left(self.at, i)
        return self.at[k - 1] if k else -1

    def first_from(self, i: int, default: int) -> int:
        k = bisect.bisect_left(self.at, i)
        return self.at[k] if k < len(self.at) else default


def _is_heading(text: str, sentence: Sentence, lines: _Positions) -> bool:
    """A line of its own that reads as a heading: "# ...", or short without end punctuation."""
    line_start = lines.last_before(sentence.start) + 1
    line_end = lines.first_from(sentence.end, len(text))
    if text[line_start:sentence.start].strip() or text[sentence.end:line_end].strip():
        return False
    line = sentence.text.strip()
    if line.startswith("#"):
        return True
    if line[:1] in "-*•·" or re.match(r"\d+[.)、]\s", line):
        return False
    return len(line) <= 60 and line[-1] not in _HEADING_END


def _take(items: list, i: int, start: int, end: int) -> tuple[list, int]:
    """The items (sorted by start) from index ``i`` that start in [start, end), and the next i."""
    out = []
    while i < len(items) and items[i].start < end:
        if items[i].start >= start:
            out.append(items[i])
        i += 1
    return out, i


def _joined_run(folded: str, plain: list[Period], marker: int) -> tuple[list[Period], int]:
    """The last list of joined periods that starts before the 分別 / respectively at
    ``marker`` (a single period when there is none), and where the next period starts: "in
    2022 and 2023 were A and B, respectively, while the loss for 2024": 2022 and 2023, up to
    2024."""
    runs: list[list[Period]] = []
    for p in plain:
        if runs and _JOINED.fullmatch(folded, runs[-1][-1].end, p.start):
            runs[-1].append(p)
        else:
            runs.append([p])
    lists = [r for r in runs if len(r) > 1 and r[0].start < marker]
    run = lists[-1] if lists else runs[-1]
    after = next((p.start for p in plain if p.start >= run[-1].end), len(folded))
    return run, after


def _spread(folded: str, sentence: Sentence, plain: list[Period],
            figs: list[FoundFigure]) -> dict[int, Period]:
    """"2022年和2023年 ... 分別為A和B", "in 2022 and 2023 ... A and B respectively": the periods
    in order (all of the sentence's, or its last list of joined ones: "下半年,7月及8月分別"),
    to as many amounts (and, apart, as many percentages) after them, or before them."""
    marker = _RESPECTIVELY.search(folded, sentence.start, sentence.end)
    if not plain:
        return {}
    if not marker:
        return _enumerated(folded, plain, figs)
    run, upto = _joined_run(folded, plain, marker.start())
    spread: dict[int, Period] = {}
    for group, end in (([q for p in plain for q in p.spread()], sentence.end),
                       ([q for p in run for q in p.spread()], upto)):
        if len(group) < 2:
            continue
        listed = [f for f in figs if group[-1].end <= f.start < end] or \
            [f for f in figs if f.end <= group[0].start]
        for percent in (False, True):
            family = [f for f in listed if (f.unit == "Percent") == percent]
            if len(family) == len(group):
                spread.update((f.start, p) for f, p in zip(family, group))
        if spread:
            break
    return spread


#: what separates the items of a Chinese enumeration: "2023年、2024年", "3.68亿元、30.4亿元"
_ENUMERATED = re.compile(r"\s*、\s*")


def _enumerated(folded: str, plain: list[Period], figs: list[FoundFigure]) -> dict[int, Period]:
    """"在2023年、2024全年,营收只达到了3.68亿元、30.4亿元": periods enumerated with 、, then as
    many amounts enumerated with 、 after them, pair in order, as with 分別."""
    runs: list[list[Period]] = []
    for p in plain:
        if runs and _ENUMERATED.fullmatch(folded, runs[-1][-1].end, p.start):
            runs[-1].append(p)
        else:
            runs.append([p])
    spread: dict[int, Period] = {}
    for run in (r for r in runs if len(r) > 1):
        later = [f for f in figs if f.start >= run[-1].end]
        listed = later[:1]
        for f in later[1:]:
            if not _ENUMERATED.fullmatch(folded, listed[-1].end, f.start):
                break
            listed.append(f)
        if len(listed) == len(run) and not any(p.start < listed[-1].end for p in plain
                                               if p.start > run[-1].end):
            spread.update((f.start, p) for f, p in zip(listed, run))
    return spread


def _nearest(f: FoundFigure, plain: list[Period], ends: list[int], clauses: _Positions,
             carried: bool, figures: _Positions, bases: frozenset[int] = frozenset()
             ) -> Period | None:
    """The period of ``f`` in its sentence: the nearest in its clause, else the nearest before
    that is no base's (``bases``: "narrowed to X in 2024 from Y in 2023, while turnover rose
    8.9%": 2024), else (unless a period is ``carried`` from earlier sentences) the first after;
    never one after a base ("HK$83 million versus HK$200 million in 2023": 2023 is the
    base's)."""
    k = bisect.bisect_right(ends, f.start)
    before = plain[k - 1] if k else None
    after = next((p for p in plain[k:k + 2] if p.start >= f.end and
                  not (figures.any_between(f.end, p.start) and
                       _BASE_WORD.search(clauses.text, f.end, p.start))), None)
    clause = [p for p in (before,) if p and not clauses.any_between(p.end, f.start)] + \
        [p for p in (after,) if p and not clauses.any_between(f.end, p.start)]
    # a day said relative to the article's ("今天公佈第三季度業績") gives way to a period stated
    clause = [p for p in clause if not p.relative] or clause
    if clause:
        return min(clause, key=lambda p: min(abs(p.end - f.start), abs(p.start - f.end)))
    before = next((p for p in reversed(plain[:k]) if p.start not in bases and not p.relative),
                  None) or next((p for p in reversed(plain[:k]) if p.start not in bases), before)
    # a day in a later clause is when something else happens ("以800萬元收購...，預計交割日為11月
    # 30日"), not the period of the amount
    return before or (None if carried or (after is not None and after.kind == "day") else after)


def _shift(period: Period | None, which: str) -> Period | None:
    """The same period a year before (``y``), or the quarter before (``q``, quarters only)."""
    if period is None:
        return None
    if which == "y":
        key = re.sub(r"\d{4}", lambda m: str(int(m.group()) - 1), period.key)
    elif period.kind == "quarter" and period.key[:4].isdigit():
        y, q = int(period.key[:4]), int(period.key[-1])
        key = f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"
    elif period.kind == "month" and re.fullmatch(r"\d{4}-\d\d", period.key):
        # "last quarter" in a story of October: the quarter before October's, whole
        y, q = int(period.key[:4]), (int(period.key[5:]) - 1) // 3 + 1
        key, period = (f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"), replace(period, kind="quarter")
    else:
        return period
    return replace(period, key=key, inferred=True)


#: between a level and "a year earlier" after it: a few words, the same amount per share
#: ("$179 million, or $1.41 per share, a year earlier") and a comma
_EARLIER_GAP = re.compile(r"(?:\s*,\s*or\s+[^,;:。!?\n]{1,30})?[^\d,;:。!?\n]{0,32},?\s*"
                          r"(?:(?:for|in)\s+)?")


def _earlier(folded: str, f: FoundFigure, markers: list[re.Match], starts: list[int]) -> str | None:
    """``y`` or ``q`` when a level is stated of the period a year or a quarter earlier:
    "上年同期為6.2%", "去年同期为亏损2.2亿元" (the marker just before), "5.1% a year earlier",
    "204,891 employees a year earlier" (just after)."""
    k = bisect.bisect_left(starts, f.end)
    if k < len(markers):
        m = markers[k]
        gap = folded[f.end:m.start()]
        if (m.group("yen") or m.group("qen")) and _EARLIER_GAP.fullmatch(gap):
            return "y" if m.group("yen") else "q"
    k = bisect.bisect_right(starts, f.start) - 1
    if k >= 0:
        m = markers[k]
        gap = folded[m.end():f.start]
        if (m.group("yzh") or m.group("qzh")) and m.end() <= f.start and (
                (len(gap) <= 8 and not re.search(r"[\d,;:。!?\n]", gap)) or
                _opens(folded, m, gap)):
            return "y" if m.group("yzh") else "q"
    return None


def _opens(folded: str, m: re.Match, gap: str) -> bool:
    """Whether marker ``m`` opens its sentence, set off by a comma ("上年同期，公司营业收入为
    26.51亿元"): it holds for the whole sentence after it."""
    return bool(re.match(r"\s*,", gap)) and not re.search(r"[;。!?\n]", gap) and \
        (m.start() == 0 or folded[m.start() - 1] in "。!?\n")


def _same_period(folded: str, plain: list[Period], inherited: Period | None
                 ) -> tuple[list[Period], set[int]]:
    """"2022年及2023年同期", "the same quarter of 2023": years that name the part of the year
    carried on (2022-H1 in an H1 report); returned re-keyed, with their starts (comparisons,
    not carried on)."""
    same: set[int] = set()
    for i in range(len(plain) - 1, -1, -1):
        p = plain[i]
        if p.kind != "year":
            continue
        if _SAME_AFTER.match(folded, p.end) or _SAME_BEFORE.search(folded, max(0, p.start - 40),
                                                                   p.start) or \
                _PAREN_YEAR.match(folded, p.end) and folded[max(0, p.start - 1):p.start] == "(":
            same.add(i)  # "(2021年: 2900萬港元)": the year compared with, as in "2021年同期"
        elif i + 1 in same and _JOINED.fullmatch(folded, p.end, plain[i + 1].start):
            same.add(i)
        elif p.inferred and folded[p.start:p.end] == "last year" and \
                _AFTER_AMOUNT.search(folded, max(0, p.start - 24), p.start):
            same.add(i)  # "up 9 percent from $23.4 million last year": as "a year earlier"
    parts = ("half-year", "quarter", "month", "quarters")
    # the part of the year: of the sentence's own period ("the fourth quarter of 2024 ...
    # the same quarter of 2023"), else of the one carried on
    own = next((p for i, p in enumerate(plain) if i not in same and p.kind in parts and
                not p.as_of and p.key[:4].isdigit()), None)
    inherited = own or inherited
    part = inherited.key[4:] if inherited is not None and not inherited.as_of and \
        inherited.key[:4].isdigit() and inherited.kind in parts else None
    out = list(plain)
    for i in same:
        if part is not None:
            y = plain[i].key
            out[i] = replace(plain[i], key=y + re.sub(r"\d{4}", y, part), kind=inherited.kind)
    return out, {plain[i].start for i in same}


#: after the year of a comparison in parentheses: "(2021年: 2900萬港元)"
_PAREN_YEAR = re.compile(r"\s*(?:年度?)?\s*[:,]")


def _parenthesised(folded: str, plain: list[Period], same: set[int], end: int) -> dict[int, int]:
    """The comparison years in parentheses ("8600萬港元(2021年: 2900萬港元)"): start -> the
    offset of the closing parenthesis; the figures inside are of that year, no other is."""
    out = {}
    for p in plain:
        if p.start in same and folded[max(0, p.start - 1):p.start] == "(":
            close = folded.find(")", p.end, end)
            out[p.start] = close if close >= 0 else end
    return out


#: the reporting period of a filing (报告期内, 报告期末: its end), or the report cited again
#: ("百度財報顯示，...收入首次突破100億元": of the report's period, not a month named since)
_REPORT_RE = re.compile(r"报告期(?P<end>末)?|(?:财报|业绩报告|业绩公告)(?:显示|指出|中)")
_LAST_MONTH = {"H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}


def _end_of(period: Period) -> Period | None:
    """The moment a period ends, as of its last day: 2024-H1 -> as of 2024-06-30."""
    key = period.key.split("/")[-1]
    if not key[:4].isdigit() or "FY" in key:
        return None
    month = 12 if len(key) == 4 else _LAST_MONTH.get(key[5:]) or (int(key[5:]) if
                                                               key[5:].isdigit() else None)
    if month is None:
        return None
    day = calendar.monthrange(int(key[:4]), month)[1]
    return replace(period, key=f"{key[:4]}-{month:02d}-{day:02d}", kind="day", as_of=True)


class _Carry:
    """The period carried from sentence to sentence: the last one stated over a period, the last
    as-of moment (carried only to a sentence about stocks; one pointing back, 期內, gets the
    period before it), and the last quarter (for "in the quarter", 本季度)."""

    def __init__(self) -> None:
        self.flow: Period | None = None
        self.as_of: Period | None = None
        self.quarter: Period | None = None
        self.report: Period | None = None  # the first period stated over time: 报告期's

    def reset(self) -> None:
        self.flow = self.as_of = self.quarter = self.report = None

    def set(self, period: Period) -> None:
        if period.kind == "span":  # a run of months with no key: no period after it either
            self.flow = self.as_of = None
            return
        if period.as_of:
            self.as_of = period
            return
        if period.kind == "day":
            return  # a day is when something happened (a dateline, "on April 2"): no period of
            # what later sentences state
        self.flow, self.as_of = period, None
        if period.kind == "quarter":
            self.quarter = period
        if self.report is None and period.kind != "day":
            self.report = period

    def into(self, folded: str, sentence: Sentence) -> Period | None:
        if _NOW_RE.search(folded, sentence.start, sentence.end):
            return None  # "截至发稿": as of the writing, no period stated before
        if _UP_TO_NOW.search(folded, sentence.start, sentence.end):
            self.flow = self.quarter = None  # "成立至今": the text is at the present now
            return None
        report = _REPORT_RE.search(folded, sentence.start, sentence.end)
        if report and self.report is not None:
            # "报告期内" is the period of the report, not a quarter broken out after it;
            # "报告期末" its last month
            if not report.group("end"):
                self.flow = self.report
            period = self.report if not report.group("end") else _end_of(self.report)
            return replace(period, inferred=True, carried=True) if period else None
        back = _BACK_RE.search(folded, sentence.start, sentence.end)
        period = self.flow
        if self.as_of is not None:
            period = self.flow if back else self.as_of if \
                _STOCK_RE.search(folded, sentence.start, sentence.end) else None
        if back and back.group("q") and self.quarter is not None:
            period = self.quarter
        return None if period is None else replace(period, inferred=True, carried=True)


#: the whole year with no year written: 全年, "the full year"
_FULL_YEAR_RE = re.compile(r"全年|(?:the )?full[- ]year")

#: periods whose year is said by a word (今年, last year): theirs, never another's
_RELATIVE_RE = re.compile(r"今年|去年|明年|本年|上年|前年|\b(?:this|last|next)\b")


def _sentence_year(own: list[Period], carried: Period | None = None) -> list[Period]:
    """"据2024年财报显示,全年总营收", "2024年,云从全年亏损": a period without a year of its own
    (全年, 上半年, 三季度, 3月) after a dated one in the same sentence is of that year, not of
    the reference year; a year said by a word (今年) stays its own. A bare 全年 / "full year"
    with no dated period before it in its sentence is the year of the period ``carried`` from
    the sentences before ("公布2025年財報,全年營收...。全年純益...": 2025's, not the article's)."""
    out, year = [], None
    whole = carried.key[:4] if carried is not None and carried.kind == "year" and \
        carried.key[:4].isdigit() and not carried.inferred else None
    for p in own:
        if p.inferred and year is None and whole is not None and p.kind == "year" and \
                p.key[:4].isdigit() and _FULL_YEAR_RE.fullmatch(fold(p.text)):
            p = replace(p, key=whole + p.key[4:], inferred=False)
        if p.inferred and year is not None and p.key[:4].isdigit() and \
                p.kind not in _FISCAL and not _RELATIVE_RE.search(fold(p.text)):
            p = replace(p, key=year + p.key[4:], inferred=False)
        elif p.role == "period" and p.kind not in ("years", *_FISCAL) and \
                p.key[:4].isdigit() and (not p.inferred or _RELATIVE_RE.search(fold(p.text))):
            year = p.key[:4]  # "去年全年營收...全年淨虧損": 去年's year, not the reference's
        out.append(p)
    return out


def _clause_start(folded: str, clauses: _Positions, i: int) -> int:
    """The start of the clause ``i`` is in (a comma between digits, 39,790, ends none)."""
    k = clauses.last_before(i)
    while k > 0 and folded[k] == "," and folded[k - 1].isdigit() and \
            folded[k + 1:k + 2].isdigit():
        k = clauses.last_before(k)
    return k + 1


def _looks_ahead(folded: str, sentence: Sentence) -> bool:
    """Whether a sentence (a heading) speaks of the future: a results story's other headings
    ("ToB持续高速发展,同比增长近40%") go on with the period stated before them."""
    return bool(_AHEAD_RE.search(folded, sentence.start, sentence.end) or
                _FUTURE_RE.search(folded, sentence.start, sentence.end))


def _ahead(folded: str, clauses: _Positions, end: int) -> bool:
    """Whether the clause up to ``end`` looks ahead ("expects to beat its target of")."""
    return bool(_AHEAD_RE.search(folded, _clause_start(folded, clauses, end), end) or
                _AIMED_RE.match(folded, end, clauses.first_from(end, len(folded))))


#: a target named after its figure, in its clause: "以營收達10億美元為目標"
_AIMED_RE = re.compile(r"[^,;。!?]{0,12}?(?:为|作为)(?:[^,;。!?]{0,6})?目标")


def _assign_periods(text: str, folded: str, raw: list[FoundFigure], periods: list[Period],
                    sentences: list[Sentence]) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    clauses, lines = _Positions(folded, _CLAUSE_STOP), _Positions(text, "\n")
    figures = _Positions.of(f.start for f in raw)
    # the currency a bare 億 of money is in: that of the text's bare 元
    yuan = "CNY" if any(f.unit == "CNY" for f in raw) else \
        "TWD" if any(f.unit == "TWD" and fold(f.unit_text or "") == "元" for f in raw) else None
    markers = list(_EARLIER_RE.finditer(folded))
    starts = [m.start() for m in markers]
    carry = _Carry()  # the periods stated before, until a new one or a heading that looks ahead
    fi = pi = 0
    for sentence in sentences:
        figs, fi = _take(raw, fi, sentence.start, sentence.end)
        figs = _money_of(folded, _yuan_of(figs), sentence, yuan)
        own, pi = _take(periods, pi, sentence.start, sentence.end)
        if _is_heading(text, sentence, lines) and _looks_ahead(folded, sentence):
            carry.reset()  # 展望, Outlook: what follows is of periods to come
        own = _sentence_year(own, carry.flow)
        inherited = carry.into(folded, sentence)
        plain, same = _same_period(folded, [p for p in own if p.role == "period"], inherited)
        compared = [p for p in own if p.role == "compared"]
        spread = _spread(folded, sentence, plain, figs)
        paren = _parenthesised(folded, plain, same, sentence.end)
        if paren:  # figures outside the parentheses never take their year
            spread.update((f.start, p) for f in figs for p in plain
                          if p.start in paren and p.end <= f.start < paren[p.start])
            plain = [p for p in plain if p.start not in paren]
        carried_on, not_on = None, set(same)
        bases: set[int] = set()  # the starts of periods of bases ("from Y in 2023")
        earlier_base = None  # the period of a level "a year earlier" in the sentence
        main = [p for p in plain if p.start not in same]
        ends = {False: [p.end for p in plain], True: [p.end for p in main]}
        for f in figs:
            f, direction, basis, base = _change_of(folded, f, compared, clauses, out, sentence)
            # a change is of the period stated, never of "the same quarter of 2023"
            changed = bool(direction) and len(main) < len(plain)
            period = spread.get(f.start) or _nearest(f, main if changed else plain, ends[changed],
                                                     clauses, inherited is not None, figures,
                                                     frozenset(bases))
            said = _said_on(folded, period, f)
            if said:  # "9月16日,湯道生透露:...超過1億": the day of the words, not the figure's
                period = None
            own_period = period is not None
            period, own_period = _level_period(folded, f, period or (None if said else inherited),
                                               own_period,
                                               compared if direction is None else [])
            if direction is None and not own_period:
                base_period = _compared_base(folded, f, compared, clauses, figures)
                if base_period is not None and (period is None or base_period.start != period.start):
                    period = base_period  # (the same one as read by _level_period stays as-of)
            period, own_period = _unperiodic(folded, f, period, own_period, own, sentence,
                                             clauses)
            if period is not None and (period.kind == "span" or period.end <= f.start and
                                       _NOW_WORD.search(folded, max(period.end, f.start - 60),
                                                        f.start)):
                period, own_period = None, False
            if period is not None and period.relative and not period.as_of:
                period = _on_the_day(folded, f, direction, period)
                own_period = own_period and period is not None
            earlier = _earlier(folded, f, markers, starts) if direction is None else None
            if earlier:
                if period is not None and period.start in bases:  # "down from A in the third
                    # quarter and B a year earlier": a year before the period the sentence states
                    period = next((p for p in reversed(plain) if p.end <= f.start and
                                   p.start not in bases and p.start not in same), period)
                period, own_period = _shift(period, earlier), False
                earlier_base = period
            elif earlier_base is not None and direction is not None and out and \
                    _CHANGE_OF_EARLIER.fullmatch(folded, out[-1].end, f.start):
                # "carried 821,000 passengers last quarter, a 73% increase": the change of
                # that level, of its period
                period, own_period = earlier_base, False
            elif earlier_base is not None and direction is None and \
                    (period is None or period.end <= f.start) and _based(folded, f, clauses):
                # "up from $3,261.3 million a year earlier, and EPS rose to $3.64 from $2.92":
                # a later base with no period of its own is of the earlier base's
                period, own_period = earlier_base, False
            f = replace(f, direction=direction, basis=basis if direction else None)
            if base is not None and period is not None and base.start == period.start:
                base = None  # "從4月的35%": the level of the period compared with, no change
            out.append(replace(f, period=period, compared_to=base))
            if not own_period or period.start in same:
                continue
            if _based(folded, f, clauses) or _ahead(folded, clauses, f.end):
                not_on.add(period.start)  # a base or a target: its period is not carried on
                if _based(folded, f, clauses) and f.start < period.start:
                    bases.add(period.start)
            else:
                carried_on = period
        if carried_on is None:
            stated = [p for p in plain if p.start not in not_on]
            carried_on = ([p for p in stated if not _ahead(folded, clauses, p.end)] or stated
                          or [None])[-1]
        if carried_on is not None:
            carry.set(carried_on)
    return out


#: between a level of an earlier period and the rate of its change: " passengers last
#: quarter, a " (73% increase)
_CHANGE_OF_EARLIER = re.compile(r"[^\d,;:。!?\n]{0,32}\b(?:last|previous|prior)\s+quarter"
                                r"\s*,\s*(?:an?\s+|up\s+|down\s+)?")


def _change_of(folded: str, f: FoundFigure, compared: list[Period], clauses: _Positions,
               out: list[FoundFigure], sentence: Sentence
               ) -> tuple[FoundFigure, str | None, str | None, Period | None]:
    """The figure (its sign made a decrease: 同比-7.7%), the direction and basis of its change,
    and the period a rate is compared with ("較今年3月")."""
    if f.direction is not None:  # a multiple in words says its own: threefold, 翻倍
        return f, f.direction, f.basis, None
    if not _is_rate(f):
        return f, _amount_direction(folded, f), None, None
    base = next((p for p in reversed(compared) if p.end <= f.start and
                 not clauses.any_between(p.end, f.start)), None)
    direction, basis = _direction_near(folded, f)
    if direction is None and f.sign == "-" and f.value is not None and (basis or base):
        direction, f = "decrease", replace(f, value=-f.value)  # 同比-7.7%
    if direction is None:
        direction = _listed_direction(folded, f, out, sentence)
    return f, direction, basis, base


#: between a compared period and its level: "較2022年的38億元", "相比于2022年上市首年的967名"
_PRIOR_LEVEL = re.compile(r"\s*(?:[^\d,;:。!?\n]{0,8}的)?\s*(?:为|是)?\s*")


def _level_period(folded: str, f: FoundFigure, period: Period | None, own: bool,
                  compared: list[Period]) -> tuple[Period | None, bool]:
    """The period of a level stated right after a compared one ("較2022年的38億元": of 2022),
    and a day's level as of that day ("2023年12月31日的4531名"); whether it is its own."""
    prior = next((p for p in reversed(compared) if p.end <= f.start), None)
    if prior is not None and _PRIOR_LEVEL.fullmatch(folded, prior.end, f.start) and \
            not _DIRECTION_RE.search(folded, prior.end, f.start):
        period, own = prior, False
    if period is not None and period.kind == "day" and not period.as_of and \
            period.end <= f.start and _DAY_LEVEL.fullmatch(folded, period.end, f.start):
        period = replace(period, as_of=True)
    return period, own


#: nouns of money a bare amount may follow ("估值分别为500亿", "薪酬...超过300万"); not 市值,
#: whose currency is the listing's
_MONEY_RE = re.compile(r"估值|薪酬|薪资|薪水|年薪|月薪|工资|融资|募资|营收|收入|利润|净利|亏损|"
                       r"成本|开支|投资额|资金")
_BARE_MULTIPLIERS = frozenset(fold(m) for m in ("億", "萬", "萬億", "千萬", "百萬", "千億", "百億"))


def _money_of(folded: str, figs: list[FoundFigure], sentence: Sentence, default: str | None
              ) -> list[FoundFigure]:
    """A bare amount of 億 or 萬 shortly after a noun of money in its sentence is money: of the
    currency of the nearest amount of the sentence that names one (從400億上升到了500億元),
    else ``default`` (renminbi when the text states amounts in it: the currency a Chinese text
    leaves unsaid)."""
    money = [f for f in figs if f.unit in CURRENCIES]
    out = []
    for f in figs:
        if f.unit is None and f.unit_text is None and \
                fold(f.multiplier_text or "") in _BARE_MULTIPLIERS and \
                _MONEY_RE.search(folded, max(sentence.start, f.start - 24), f.start):
            near = min(money, key=lambda m: abs(m.start - f.start), default=None)
            f = replace(f, unit=near.unit if near is not None else default)
        out.append(f)
    return out


#: verbs of saying or publishing: a day before one dates the words, not what they state
_SAID_RE = re.compile(r"透露|表示|宣布|宣称|声称|指出|介绍|披露|公布|发布|称|"
                      r"\b(?:said|says|announced|told|disclosed|unveiled)\b")


def _said_on(folded: str, period: Period | None, f: FoundFigure) -> bool:
    """Whether ``period`` is a day on which ``f`` was said or published ("5月21日,阿里雲宣布:
    ...降價幅度為67%-97%"), a verb of saying between them."""
    return period is not None and period.kind == "day" and not period.as_of and \
        period.end <= f.start and bool(_SAID_RE.search(folded, period.end, f.start))


def _unperiodic(folded: str, f: FoundFigure, period: Period | None, own_period: bool,
                own: list[Period], sentence: Sentence, clauses: _Positions
                ) -> tuple[Period | None, bool]:
    """The period of ``f`` (and whether it is its own) with none where the figure is of no
    period: a carried one in a sentence about the future, a total to date, after a span up to
    now or a deadline, or for a market value or headcount; any over a span of time."""
    start = max(sentence.start, f.start - 200)  # a bounded look back: linear in the text
    if period is not None and period.carried and not own_period and \
            (_FUTURE_RE.search(folded, start, f.start) or
             _AHEAD_RE.search(folded, start, f.start) or
             _TOTAL_RE.search(folded, start, f.start) or
             _PAST_RE.search(folded, start, f.start) or
             any(p.role in ("since", "before") and p.end <= f.start for p in own)):
        # "面向未來,...76%的工作或被替代", "歷史總融資金額為52億美元", "從2017年開始,...份額超過60%"
        return None, False
    if period is not None and period.carried and not period.as_of and \
            _VALUE_RE.search(folded, _clause_start(folded, clauses, f.start), f.start):
        return None, False  # "商湯的市值從巔峰期的3,200億港元暴跌": a stock, of no flow's period
    if period is not None and _over_span(folded, f, clauses):
        return None, False  # "380 billion yuan over three years"
    return period, own_period


_SPAN_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)"
#: a span of time after a figure ("over three years", "in just four months", "未來三年內")
#: or before it ("a three-year, 380-billion-yuan investment")
_SPAN_AFTER = re.compile(rf"\)?(?:\s*\([^()]*\))?\s*[a-z\s-]{{0,24}}?\b(?:over|in|within)\s+(?:just\s+|"
                         rf"only\s+|the\s+next\s+)?(?:{_SPAN_WORDS}\s+(?:years|months|quarters|"
                         r"weeks|days|hours)|(?:one|a|an|a\s+single)\s+(?:week|day|month)|"
                         r"(?:24|48|72)\s+hours)\b")
#: a span of time the figure is counted over in its clause before it (上线一周内, 三天内)
_SPAN_WITHIN = re.compile(r"(?<![\d年])(?:\d{1,2}|[一二三四五六七八九十两半]{1,3})\s*个?"
                          r"(?:周|星期|天|日|小时|个月|年)(?:之?内|里)(?![地瓦])|"
                          # the years ahead: 未來兩到三年的市場規模可達一兆美元
                          r"未来(?:[一二三四五六七八九十两\d]{1,3}\s*(?:到|至|-|~)\s*)?"
                          r"[一二三四五六七八九十两\d]{1,3}\s*个?(?:年|季度)")
_SPAN_BEFORE = re.compile(rf"\b{_SPAN_WORDS}-(?:year|month)\s*,?\s*$")


def _over_span(folded: str, f: FoundFigure, clauses: _Positions) -> bool:
    """Whether ``f`` is stated over a span of time rather than of one period."""
    return bool(_SPAN_AFTER.match(folded, f.end) or
                _SPAN_BEFORE.search(folded, max(0, f.start - 20), f.start) or
                _SPAN_WITHIN.search(folded, max(_clause_start(folded, clauses, f.start),
                                                f.start - 30), f.start))


#: before a level reached: "jumped to $3.7 billion", "收於20.35港元"
_REACHED_RE = re.compile(r"(?:至|到|达|收于|报|\bto|\bat)\s*(?:每股\s*)?$")


def _on_the_day(folded: str, f: FoundFigure, direction: str | None, day: Period
                ) -> Period | None:
    """A day said relative to the article's dates what moved on it ("shares rose 5% on
    Tuesday") and a share's price or turnover on it (its trading day: "closed at HK$41.5");
    another level reached on it is as of it (a market value "jumped to $3.7 billion"); an
    amount merely named that day (a deal agreed 今天 for 21億美元) is of no period."""
    if direction is not None or _share_price(folded, f):
        return day
    if _REACHED_RE.search(folded, max(0, f.start - 10), f.start):
        return replace(day, as_of=True)
    return None


#: words of a share's price: 股價 ... 1005元, 以1010元作收, "shares closed at $12.5"
_SHARE_PRICE_RE = re.compile(r"股价|该股|收盘|作收|收报|收在|终场|\bshares?\b|\bstock\b")


def _share_price(folded: str, f: FoundFigure) -> bool:
    """Whether ``f`` is an amount of money said of a share's price in its sentence, before it
    or right after it."""
    if f.unit in (None, "Percent"):
        return False
    start = max(0, f.start - 60)
    start = max([start] + [folded.rfind(c, start, f.start) + 1 for c in "。!?\n"])
    return bool(_SHARE_PRICE_RE.search(folded, start, min(len(folded), f.end + 3)))


def _compared_base(folded: str, f: FoundFigure, compared: list[Period], clauses: _Positions,
                   figures: _Positions) -> Period | None:
    """"估值相比2019年有所上升,从400亿上升到了500亿元": the figure started from, with no
    period of its own, is of the period compared with before it (no other figure between)."""
    prior = next((p for p in reversed(compared) if p.end <= f.start), None)
    if prior is None or figures.any_between(prior.end, f.start) or \
            not _based(folded, f, clauses):
        return None
    return prior


def _yuan_of(figs: list[FoundFigure]) -> list[FoundFigure]:
    """"每股純益新台幣4.15元，去年同期為3.55元": a bare 元 after an amount in 新台幣 or 港幣
    in the same sentence is of that currency, not renminbi."""
    out, yuan = [], None
    for f in figs:
        written = fold(f.unit_text or "")
        if f.unit in ("TWD", "HKD") and (written in _TRAILING_CURRENCY or "元" in f.text):
            yuan = f.unit
        elif f.unit in ("CNY", "Percent") and written in ("人民币", "rmb", "cny"):
            yuan = None
        elif yuan and f.unit == "CNY" and written == "元":
            f = replace(f, unit=yuan)
        out.append(f)
    return out


#: a word that introduces a base figure between a figure and a later period
_BASE_WORD = re.compile(r"\b(?:versus|vs\.?|compared|from|against)\b|较|相比|对比|(?<![同环占])比")
#: between a day and the figure it dates: "2021年12月31日的6113名員工"
_DAY_LEVEL = re.compile(r"\s*的\s*")
#: between two rates of one change: "up 143.9% year over year and 91.1% quarter over quarter"
_AND_RATE = re.compile(r"\s*(?:(?:year|quarter)[- ](?:on|over)[- ](?:year|quarter)|yoy|qoq|同比|环比|"
                       r"按年|按季)?\s*(?:and|or|,|和|及|与|、)\s*")


def _listed_direction(folded: str, f: FoundFigure, out: list[FoundFigure],
                      sentence: Sentence) -> str | None:
    """The direction of the rate listed just before ``f`` with "and" / 及 in its sentence."""
    previous = out[-1] if out else None
    if previous is None or previous.start < sentence.start or not previous.direction or \
            not _is_rate(previous) or not _AND_RATE.fullmatch(folded, previous.end, f.start):
        return None
    return previous.direction


def _based(folded: str, f: FoundFigure, clauses: _Positions) -> bool:
    """A figure started from or compared with ("from RMB 1.8 billion in the second quarter")."""
    start = max(_clause_start(folded, clauses, f.start), f.start - 16)
    return bool(_BASE_RE.search(folded, start, f.start))
