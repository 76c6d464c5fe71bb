"""Figure detection: numbers with signs, multipliers and units, percentages and their direction,
dates and periods, in Chinese (Traditional or Simplified) and English text.

Detection runs on the text folded by :func:`kg.text.fold` (Simplified, NFKC, lower case: the same
length, so every offset is an offset in the original), so each cue word below is written once, in
either script. Everything found keeps its code-point span in the original text. Values are
normalised to ``value x multiplier`` (17.4億元 -> 17.4 x 10^8 CNY; RMB 1.74 billion -> 1.74 x 10^9
CNY; -6.96億元 keeps its written minus sign), units to the ``kgo:`` unit individuals where one
exists (CNY, USD, Percent, GPUCard, PetaFLOPS, EnterpriseCount, PersonCount), and periods to the
keys of ``docs/model.md`` ("2024", "2024-H1", "2024-Q2", "2024-08", "FY2024", as-of "2023-12").
Relative dates (今年, 上半年, 三季度, "this year") are resolved against a reference year when one
is given, and marked as inferred; so is a period carried over from an earlier sentence.

Cost: one pass of a few regular expressions over the text, then one pass over the sentences with
binary searches, so linear in the text's length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kg.inputs.sources import Sentence, split_sentences
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
}
# The words below are how texts write figures (detection), not the fact vocabulary: each maps
# to a kgo: individual's local name or a fact file's form (kg.inputs.vocabulary); what the
# project's vocabulary lacks (None, "widening") is left to the draft's notes. Each is written
# once: matching folds both the text and the words (kg.text.fold).
#: unit or currency as written -> kgo: unit individual, or None
UNITS: dict[str, str | None] = {
    "美元": "USD", "港元": None, "港幣": None, "人民幣": "CNY", "元": "CNY", "%": "Percent",
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
}
CURRENCY_PREFIXES: dict[str, str | None] = {
    "RMB": "CNY", "CNY": "CNY", "人民幣": "CNY", "¥": "CNY", "US$": "USD", "USD": "USD",
    "$": "USD", "HK$": None, "HKD": None,
}
QUALIFIERS: dict[str, str] = {
    "約": "approximately", "大約": "approximately", "約為": "approximately",
    "約佔": "approximately", "超過": "more-than", "逾": "more-than", "突破": "more-than",
    "超": "more-than", "接近": "nearly", "近": "nearly", "將近": "nearly", "高達": "up-to",
    "多達": "up-to", "about": "approximately", "around": "approximately",
    "approximately": "approximately", "roughly": "approximately", "some": "approximately",
    "more than": "more-than", "over": "more-than", "exceeding": "more-than",
    "above": "more-than", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "up to": "up-to", "as high as": "up-to", "as many as": "up-to",
}
_INCREASE = ("增長", "上升", "提升", "提高", "上漲", "增加", "增至", "升至", "攀升", "大增", "激增",
             "飆升", "躍升", "猛增", "上揚", "增幅", "漲幅", "up", "rose", "rise", "rises", "rising",
             "grew", "grow", "grows", "growing", "growth", "increase", "increased", "increases",
             "increasing", "jumped", "jump", "jumps", "higher", "surged", "surge", "surges",
             "soared", "soar", "soars", "gained", "gain", "gains", "gaining", "climbed", "climb",
             "climbs", "climbing")
_DECREASE = ("下降", "下滑", "減少", "下跌", "降低", "降至", "跌至", "銳減", "大跌", "暴跌", "下挫",
             "縮減", "萎縮", "降幅", "跌幅", "down", "fell", "fall", "falls", "falling", "declined",
             "decline", "declines", "declining", "decrease", "decreased", "decreases",
             "decreasing", "dropped", "drop", "drops", "lower", "shrank", "shrink", "shrinks",
             "slid", "slide", "slides", "plunged", "plunge", "plunges", "slumped", "tumbled")
#: direction words -> direction (as in fact files), each written once
DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(_INCREASE, "increase"), **dict.fromkeys(_DECREASE, "decrease"),
    **dict.fromkeys(("收窄", "縮窄", "縮小", "narrowed", "narrowing", "narrows"), "narrowing"),
    **dict.fromkeys(("擴大", "widened", "widening", "widens"), "widening"),
}


def _folded(table: dict) -> dict:
    return {fold(k): v for k, v in table.items()}


_UNIT_OF, _CURRENCY_OF = _folded(UNITS), _folded(CURRENCY_PREFIXES)
_QUALIFIER_OF, _DIRECTION_OF = _folded(QUALIFIERS), _folded(DIRECTIONS)
_MULTIPLIER_OF = _folded(MULTIPLIERS)
_YOY = re.compile(r"同比|按年|year[- ]on[- ]year|year[- ]over[- ]year|\byoy\b")


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                    sorted(set(words), key=len, reverse=True))


_M = _alt(_MULTIPLIER_OF)
# all patterns are written in folded form: Simplified characters, lower case, ASCII punctuation
_FIGURE_RE = re.compile(
    rf"(?:(?P<qual>{_alt(_QUALIFIER_OF)})\s*)?"
    rf"(?:(?P<cur>{_alt(_CURRENCY_OF)})\s*)?"
    rf"(?<![a-z\d.])(?:(?P<sign>[-−﹣+])(?=\d))?(?P<num>{_NUM})(?P<pct1>\s*%)?"
    rf"(?:\s*(?P<mult1>{_M})(?![a-z]))?"
    # a range: 10%至15%, 10-15%, 3亿至5亿元; never a change and a level (减少7.7%至7.34亿元)
    rf"(?:\s*(?P<dash>至|到|-|–|~|to)\s*(?P<sign2>[-−﹣])?(?P<num2>{_NUM})"
    r"(?(pct1)(?=\s*%))(?(mult1)\s*(?P=mult1)))?"
    rf"(?:\s*(?P<mult>{_M})(?![a-z]))?"
    rf"(?:\s*(?P<unit>{_alt(_UNIT_OF)})(?![a-z]))?"
    r"|(?:(?P<qual2>" + _alt([q for q in _QUALIFIER_OF if not q.isascii()]) + r"))?"
    r"上(?P<mult2>百|千|万|亿)(?P<unit2>人|家|名|张卡)")
_FROM_RE = re.compile(r"(?:由|从|from)\s*$")
_LEVEL_RE = re.compile(r"(?:至|到|\bto|\bat|由|从|\bfrom)\s*$")

_Y = r"(?:19|20)\d{2}"
_YY = r"(?:19|20)?\d{2}"
_CNQ = r"[一二三四1-4]"
_DAY_MONTH = (rf"(?:(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+"
              rf"(?P<mon2>{_MONTH_RE})\.?),?\s+(?P<y>{_Y})\b")
_PERIOD_RES: list[tuple[str, re.Pattern]] = [
    ("ended", re.compile(rf"截[至止]\s*(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})"
                         r"\s*日\s*止?\s*的?\s*(?P<span>三个月|六个月|九个月|十二个月|财政年度|"
                         r"财年|年度|季度)")),
    ("en-ended", re.compile(r"\b(?:the\s+)?(?:(?P<span>three|six|nine|twelve|3|6|9|12)\s+months|"
                            r"(?P<fq>(?:fiscal\s+)?quarter)|(?P<fy>(?:fiscal|financial)\s+year|"
                            rf"year))\s+end(?:ed|ing)\s+(?:on\s+)?{_DAY_MONTH}")),
    ("years", re.compile(rf"(?P<y1>{_Y})\s*[-–~至到]\s*(?P<y2>{_Y})\s*年")),
    ("fq", re.compile(rf"\bq(?P<q>[1-4])\s*(?:of\s+)?(?:fy|fiscal\s+(?:year\s+)?)\s*'?(?P<y>{_YY})\b|"
                      rf"\b(?:fy|fiscal\s+(?:year\s+)?)\s*'?(?P<y2>{_YY})\s*q(?P<q2>[1-4])\b|"
                      rf"(?P<y3>{_Y})\s*财年\s*第?(?P<q3>{_CNQ})季度?|\b(?:the\s+)?"
                      r"(?P<ord>first|second|third|fourth)\s+quarter\s+of\s+(?:fiscal|fy)\s*"
                      rf"(?:year\s+)?'?(?P<y4>{_YY})\b")),
    ("fy", re.compile(rf"(?P<y>{_Y})\s*(?:财年|财政年度|fiscal\s+year)|\bfiscal\s+(?:year\s+)?"
                      rf"(?P<y2>{_Y})\b|\bfy\s*'?(?P<y3>{_YY})\b|(?:财年|财政年度)\s*(?P<y4>{_Y})")),
    ("ymd", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]")),
    ("ym", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}})\s*月(?P<end>底|末)?")),
    ("yh", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<h>上半年|下半年|前三季度|第?(?P<q>{_CNQ})季度|"
                      rf"第(?P<q1>{_CNQ})季|q(?P<q2>[1-4])|年底|年末|底|末|全年|度)?")),
    ("rel", re.compile(r"(?P<rel>今年|去年|明年)(?:(?P<h>上半年|下半年|年底|年末|底|前三季度)|"
                       rf"第?(?P<q>{_CNQ})季度|第(?P<q1>{_CNQ})季|"
                       r"(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日号])?(?P<end>底|末)?)?")),
    ("half", re.compile(r"(?<![年\d])(?P<h>上半年|下半年)")),
    ("cn-q", re.compile(rf"(?<![年\d])(?P<h>前三季度)|(?<![年\d前])(?:第(?P<q>{_CNQ})季度?|"
                        rf"(?P<q2>{_CNQ})季度)")),
    ("md", re.compile(r"(?<![年\d])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")),
    ("m", re.compile(r"(?<![年\d])(?P<m>\d{1,2})\s*月(?:份)?(?P<end>底|末)?")),
    ("en-mdy", re.compile(rf"\b{_DAY_MONTH}")),
    ("en-my", re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>{_Y})\b")),
    ("en-half", re.compile(r"\b(?:(?:the\s+)?(?P<which>first|second)\s+half\s+(?:of\s+)?"
                           rf"(?P<y>{_Y})|h(?P<h>[12])\s*'?(?P<y2>{_Y}|\d{{2}})|"
                           rf"(?P<y3>{_Y})\s*h(?P<h3>[12])|(?P<h4>[12])h\s*'?(?P<y4>{_Y}|\d{{2}}))\b")),
    ("en-q", re.compile(rf"\bq(?P<q>[1-4])\s*(?:of\s+)?(?:'|’)?(?P<y>{_Y})\b|\bq(?P<qa>[1-4])(?:'|’)"
                        rf"(?P<ya>\d{{2}})\b|\b(?P<y2>{_Y})\s*q(?P<q2>[1-4])\b|"
                        rf"\b(?P<q3>[1-4])q\s*(?:'|’)?(?P<y3>{_Y}|\d{{2}})\b|"
                        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth)\s+quarter"
                        rf"(?:\s+(?:of|in)\s+(?P<y4>{_Y}))?\b|\b(?:the\s+)?(?P<m1>{_MONTH_RE})"
                        rf"\s*(?:-|–|to|through)\s*(?P<m2>{_MONTH_RE})\s+quarter"
                        rf"(?:\s+of\s+(?P<y5>{_Y}))?|\bthe\s+(?P<m3>march|june|september|december)"
                        rf"\s+quarter(?:\s+of\s+(?P<y6>{_Y}))?|\bq(?P<qb>[1-4])\b")),
    ("en-end", re.compile(rf"\b(?:(?:at|by)\s+)?the\s+end\s+of\s+(?P<y>{_Y})\b")),
    ("en-y", re.compile(r"\b(?:in|for|during|since|of|by|until|through|year|and)\s+"
                        rf"(?P<y>{_Y})\b(?![%\d])|\b(?P<y2>{_Y})(?=,\s|\s+(?:revenue|results))")),
    ("en-rel", re.compile(r"\b(?P<rel>this|last|next)\s+year\b")),
]
_ASOF_RE = re.compile(r"(?:截至|截止|截止到|截至到|as\s+of|as\s+at|by)\s*$")
_COMPARE_RE = re.compile(r"(?:较|相较|相比|比|对比|compared\s+(?:with|to)|from|since|versus|vs\.?)"
                         r"\s*(?:于)?\s*$")
_CLAUSE_END = re.compile(r"[,;:。!?\n]")
_CLAUSE_STOP = ",;:。!?\n"
_BACK_RE = re.compile(r"期内|同期|in the period|during the period|same period")
_DIRECTION_RE = re.compile(_alt(_DIRECTION_OF))
_RESPECTIVELY = re.compile(r"分别|respectively")
_HEADING_END = "。.!?;:\"'”’」』)"
_FISCAL = ("fiscal-year", "fiscal-quarter")
_SIGNS = {"-": "-", "−": "-", "﹣": "-", "+": "+"}


@dataclass(frozen=True)
class Period:
    """A date or period found in a text.

    ``key`` follows docs/model.md: "2024", "2024-H1", "2024-Q3", "2024-08", "2024-10-22",
    "FY2024" (a fiscal year as named), "FY2024-03" (the fiscal year ending in March 2024),
    "2018/2023" (a range of years), "2024-Q1/2024-Q3" (前三季度), "FY2025-Q2" (a fiscal
    quarter, which fact files cannot state); for an as-of moment ``as_of`` is true and ``key``
    is the moment ("2023-12"). ``role`` is "period", or "compared" when it is a comparison base
    ("較今年3月"). ``inferred`` marks a year taken from the reference year (今年, 上半年) or a
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


def detect_periods(text: str, *, year: int | None = None) -> list[Period]:
    """Dates and periods in ``text``, in text order, non-overlapping (the more specific form
    first: "截至2024年6月30日止六個月" is a half-year, not a day).

    Args:
        text: the text.
        year: the reference year for 今年 / 上半年 / 三季度 / "this year"; None leaves them out.
    """
    return _periods_in(text, fold(text), year)


def _periods_in(text: str, folded: str, year: int | None) -> list[Period]:
    found: list[Period] = []
    taken = bytearray(len(text))
    for kind, pattern in _PERIOD_RES:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if kind == "en-y":  # the year only, not the word before it
                start, end = match.span("y") if match.group("y") else match.span("y2")
            if start == end or any(taken[start:end]):
                continue
            period = _period_of(kind, match, year)
            if period is None:
                continue
            before = folded[max(0, start - 8):start]
            as_of = period[2] or (kind not in ("ended", "en-ended") and
                                  bool(_ASOF_RE.search(before)))
            role = "compared" if _COMPARE_RE.search(before) else "period"
            found.append(Period(start, end, text[start:end], period[0], period[1], as_of, role,
                                period[3]))
            taken[start:end] = b"\x01" * (end - start)
    found.sort(key=lambda p: p.start)
    return _share_years(folded, found)


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
    if kind in ("ended", "en-ended"):
        return _ended(g)
    if kind == "years":
        if int(g["y1"]) >= int(g["y2"]):
            return None
        return f"{g['y1']}/{g['y2']}", "years", False, False
    if kind == "fq":
        y = g["y"] or g["y2"] or g["y3"] or g["y4"]
        q = g["q"] or g["q2"] or (_CN_DIGITS[g["q3"]] if g["q3"] else _ORDINALS[g["ord"]])
        return f"FY{_full_year(y)}-Q{q}", "fiscal-quarter", False, False
    if kind == "fy":
        return f"FY{_full_year(g['y'] or g['y2'] or g['y3'] or g['y4'])}", "fiscal-year", False, \
            False
    if kind in ("ymd", "ym", "en-mdy", "en-my"):
        return _dated(g, int(g["y"]), False)
    if kind == "yh":
        return _year_part(g, g["y"], False)
    if kind == "rel":
        if year is None:
            return None
        y = year + {"今年": 0, "去年": -1, "明年": 1}[g["rel"]]
        if g.get("m"):
            return _dated(g, y, True)
        return _year_part(g, str(y), True)
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
    if kind == "en-end":
        return f"{g['y']}-12", "month", True, False
    if kind == "en-y":
        return g["y"] or g["y2"], "year", False, False
    if kind == "en-rel":
        if year is None:
            return None
        return str(year + {"this": 0, "last": -1, "next": 1}[g["rel"]]), "year", False, True
    return None  # pragma: no cover


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


def _year_part(g: dict, y: str, inferred: bool):
    """A year or a part of it: 2024年, 上半年, 第二季度, 前三季度, 年底 (as of December)."""
    h = g.get("h")
    quarter = g.get("q") or g.get("q1") or g.get("q2")
    if quarter:
        return f"{y}-Q{_CN_DIGITS[quarter]}", "quarter", False, inferred
    if not h or h in ("全年", "度"):
        return y, "year", False, inferred
    if h in ("上半年", "下半年"):
        return f"{y}-{'H1' if h == '上半年' else 'H2'}", "half-year", False, inferred
    if h == "前三季度":
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
              "九个月": 9, "nine": 9, "9": 9}.get(span, 3 if g.get("fq") else 12)
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
                   sentences: list[Sentence] | None = None) -> list[FoundFigure]:
    """Quantities in ``text`` with sign, value, multiplier, unit, qualifier, direction and
    period.

    A number counts as a figure when it has a unit, a currency, a multiplier or a percent sign;
    numbers inside dates and periods are not figures. Each figure gets the nearest period in its
    clause, else the nearest before it in its sentence (or, failing that, after it), else the
    last period stated before it, carried over sentences and line breaks until a new period or
    a heading (marked inferred). When periods are followed by 分別 / respectively and as many
    amounts (or percentages) as periods, the figures get the periods in order.

    Args:
        text: the text.
        year: reference year for relative dates (今年, 上半年, "this year").
        sentences: its sentences (``kg.inputs.sources.split_sentences`` when not given).
    """
    folded = fold(text)
    periods = _periods_in(text, folded, year)
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
                _FROM_RE.search(folded, max(0, match.start() - 6), match.start()):
            # "由10%提升至15%", "from 5% to 7%": two levels, not a range
            pos = match.start("dash")
            match = _FIGURE_RE.match(folded, match.start(), pos)
        start, end = match.span()
        if any(in_period[start:end]):
            continue
        figure = _figure_of(match, text)
        if figure is not None:
            raw.append(figure)
    if sentences is None:
        sentences = split_sentences(text)
    return _assign_periods(text, folded, raw, periods, sentences)


def _figure_of(m: re.Match, text: str) -> FoundFigure | None:
    g = m.groupdict()
    qualifier = g["qual"] or g["qual2"]
    qualifier = _QUALIFIER_OF[re.sub(r"\s+", " ", qualifier)] if qualifier else None
    if g["mult2"]:  # 上千人: "a thousand and more"
        return FoundFigure(m.start(), m.end(), text[m.start():m.end()], Decimal(1), None, None,
                           _MULTIPLIER_OF[g["mult2"]], text[m.start("mult2"):m.end("mult2")],
                           _UNIT_OF[g["unit2"]], text[m.start("unit2"):m.end("unit2")],
                           qualifier or "more-than")
    unit_key = g["unit"] or ("%" if g["pct1"] else None)
    unit = _UNIT_OF.get(re.sub(r"\s+", " ", unit_key)) if unit_key else None
    unit_text = text[m.start("unit"):m.end("unit")] if g["unit"] else \
        (text[m.start("pct1"):m.end("pct1")].strip() if g["pct1"] else None)
    currency = g["cur"]
    if currency:
        if g["unit"] and unit not in (None, "CNY", "USD"):
            return None
        unit, unit_text = _CURRENCY_OF[currency], text[m.start("cur"):m.end("cur")]
    mult_key = g["mult"] or g["mult1"]
    mult_text = None
    if mult_key:
        group = "mult" if g["mult"] else "mult1"
        mult_text = text[m.start(group):m.end(group)]
    if not (unit_text or mult_text or currency):
        return None
    value = _dec(g["num"]) * (-1 if _SIGNS.get(g["sign"]) == "-" else 1)
    value_min = value_max = None
    if g["num2"]:
        value_min, value_max, value = value, _dec(g["num2"]) * (-1 if g["sign2"] else 1), None
        if value_min > value_max:
            return None
    start = m.start()
    if qualifier is None:
        start = m.start("cur") if currency else m.start("sign") if g["sign"] else m.start("num")
    return FoundFigure(start, m.end(), text[start:m.end()], value, value_min, value_max,
                       _MULTIPLIER_OF[mult_key] if mult_key else Decimal(1), mult_text, unit,
                       unit_text, qualifier, sign=_SIGNS.get(g["sign"]))


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
            after_end - fig.end < 16:
        after_end += 1
    after = folded[fig.end:after_end]
    basis = "year-on-year" if _YOY.search(before) or _YOY.search(after) else None
    if _LEVEL_RE.search(before):
        return None, basis
    direction = None
    hits = [m for m in _DIRECTION_RE.finditer(before) if _word_ok(before, m)]
    if hits:
        direction = _DIRECTION_OF[hits[-1].group()]
    else:
        hit = next((m for m in _DIRECTION_RE.finditer(after) if _word_ok(after, m)), None)
        if hit:
            direction = _DIRECTION_OF[hit.group()]
    if direction is None and fig.sign == "+":
        direction = "increase"
    return direction, basis


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
        self.at = [i for i, c in enumerate(text) if c in chars]

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


def _spread(folded: str, sentence: Sentence, plain: list[Period],
            figs: list[FoundFigure]) -> dict[int, Period]:
    """"2022年和2023年 ... 分別為A和B", "in 2022 and 2023 ... A and B respectively": the periods
    in order, to as many amounts (and, apart, as many percentages) after them, or before them."""
    if not plain or not _RESPECTIVELY.search(folded, sentence.start, sentence.end):
        return {}
    periods = [q for p in plain for q in p.spread()]
    if len(periods) < 2:
        return {}
    listed = [f for f in figs if f.start >= plain[-1].end] or \
        [f for f in figs if f.end <= plain[0].start]
    spread: dict[int, Period] = {}
    for percent in (False, True):
        family = [f for f in listed if (f.unit == "Percent") == percent]
        if len(family) == len(periods):
            spread.update((f.start, p) for f, p in zip(family, periods))
    return spread


def _nearest(f: FoundFigure, plain: list[Period], ends: list[int], clauses: _Positions
             ) -> Period | None:
    """The period of ``f`` in its sentence: the nearest in its clause, else the nearest before,
    else the first after."""
    k = bisect.bisect_right(ends, f.start)
    before = plain[k - 1] if k else None
    after = next((p for p in plain[k:k + 2] if p.start >= f.end), None)
    clause = [p for p in (before,) if p and not clauses.any_between(p.end, f.start)] + \
        [p for p in (after,) if p and not clauses.any_between(f.end, p.start)]
    if clause:
        return min(clause, key=lambda p: min(abs(p.end - f.start), abs(p.start - f.end)))
    return before or after


def _assign_periods(text: str, folded: str, raw: list[FoundFigure], periods: list[Period],
                    sentences: list[Sentence]) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    clauses, lines = _Positions(folded, _CLAUSE_STOP), _Positions(text, "\n")
    carried: Period | None = None  # the last period stated, until a new one or a heading
    fi = pi = 0
    for sentence in sentences:
        figs, fi = _take(raw, fi, sentence.start, sentence.end)
        own, pi = _take(periods, pi, sentence.start, sentence.end)
        if _is_heading(text, sentence, lines):
            carried = None
        # an as-of moment carries over only when the sentence points back to it (期內)
        inherited = carried
        if inherited is not None and inherited.as_of and \
                not _BACK_RE.search(folded, sentence.start, sentence.end):
            inherited = None
        if inherited is not None:
            inherited = replace(inherited, inferred=True, carried=True)
        plain = [p for p in own if p.role == "period"]
        ends = [p.end for p in plain]
        compared = [p for p in own if p.role == "compared"]
        spread = _spread(folded, sentence, plain, figs)
        for f in figs:
            period = spread.get(f.start) or _nearest(f, plain, ends, clauses) or inherited
            base = None
            if f.unit == "Percent":
                base = next((p for p in reversed(compared) if p.end <= f.start and
                             not clauses.any_between(p.end, f.start)), None)
                direction, basis = _direction_near(folded, f)
                if direction is None and f.sign == "-" and f.value is not None and (basis or base):
                    direction, f = "decrease", replace(f, value=-f.value)  # 同比-7.7%
                f = replace(f, direction=direction, basis=basis if direction else None)
            out.append(replace(f, period=period, compared_to=base))
        if plain:
            carried = plain[-1]
    return out
