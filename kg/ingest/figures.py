"""Figure detection: numbers with multipliers and units, percentages and their direction, dates
and periods, in Chinese (Traditional or Simplified) and English text.

Everything found keeps its code-point span in the original text. Values are normalised to
``value x multiplier`` (17.4億元 -> 17.4 x 10^8 CNY; RMB 1.74 billion -> 1.74 x 10^9 CNY), units
to the ``kgo:`` unit individuals where one exists (CNY, USD, Percent, GPUCard, PetaFLOPS,
EnterpriseCount, PersonCount), and periods to the keys of ``docs/model.md`` ("2024", "2024-H1",
"2024-08", as-of "2023-12"). Relative dates (今年, 上半年, "this year") are resolved against a
reference year when one is given, and marked as inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kg.inputs.sources import Sentence, split_sentences
from kg.inputs.vocabulary import MULTIPLIERS as FACT_MULTIPLIERS

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONTHS = {name: i for i, names in enumerate(
    [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")]) for name in names}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

#: multiplier as written -> factor: every one a fact file may write, and larger ones the
#: draft notes (萬億 = 10^12) with the figure's normalised value
MULTIPLIERS: dict[str, Decimal] = {
    **FACT_MULTIPLIERS,
    "萬億": Decimal(10) ** 12, "万亿": Decimal(10) ** 12, "千億": Decimal(10) ** 11,
    "千亿": Decimal(10) ** 11, "百億": Decimal(10) ** 10, "百亿": Decimal(10) ** 10,
    "trillion": Decimal(10) ** 12, "bn": Decimal(10) ** 9, "mn": Decimal(10) ** 6,
}
# The words below are how texts write figures (detection), not the fact vocabulary: each maps
# to a kgo: individual's local name or a fact file's form (kg.inputs.vocabulary); what the
# project's vocabulary lacks (None, "widening") is left to the draft's notes.
#: unit or currency as written (lower case for Latin) -> kgo: unit individual, or None
UNITS: dict[str, str | None] = {
    "美元": "USD", "港元": None, "港幣": None, "港币": None, "人民幣": "CNY", "人民币": "CNY",
    "元": "CNY", "%": "Percent", "％": "Percent", "張卡": "GPUCard", "张卡": "GPUCard",
    "塊gpu": "GPUCard", "块gpu": "GPUCard", "張gpu": "GPUCard", "张gpu": "GPUCard",
    "petaflops": "PetaFLOPS", "家": "EnterpriseCount", "人": "PersonCount",
    "名員工": "PersonCount", "名员工": "PersonCount", "名": "PersonCount", "倍": None,
    "percent": "Percent", "per cent": "Percent", "gpus": "GPUCard", "gpu cards": "GPUCard",
    "gpu": "GPUCard", "people": "PersonCount", "employees": "PersonCount", "staff":
    "PersonCount", "companies": "EnterpriseCount", "enterprises": "EnterpriseCount",
    "customers": None, "yuan": "CNY", "dollars": "USD", "users": None, "次": None,
    "個": None, "个": None, "款": None,
}
CURRENCY_PREFIXES: dict[str, str | None] = {
    "rmb": "CNY", "cny": "CNY", "¥": "CNY", "￥": "CNY", "us$": "USD", "usd": "USD",
    "$": "USD", "hk$": None, "hkd": None,
}
QUALIFIERS: dict[str, str] = {
    "約": "approximately", "约": "approximately", "大約": "approximately",
    "約爲": "approximately", "約為": "approximately", "约为": "approximately",
    "約佔": "approximately", "約占": "approximately", "约占": "approximately",
    "大约": "approximately", "超過": "more-than", "超过": "more-than", "逾": "more-than",
    "突破": "more-than", "超": "more-than", "接近": "nearly", "近": "nearly",
    "高達": "up-to", "高达": "up-to", "about": "approximately", "around": "approximately",
    "approximately": "approximately", "roughly": "approximately", "some": "approximately",
    "more than": "more-than", "over": "more-than", "exceeding": "more-than",
    "above": "more-than", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "up to": "up-to", "as high as": "up-to", "as many as": "up-to",
}
#: direction words -> direction (as in fact files)
DIRECTIONS: dict[str, str] = {
    "增長": "increase", "增长": "increase", "上升": "increase", "提升": "increase",
    "提高": "increase", "上漲": "increase", "上涨": "increase", "增加": "increase",
    "下降": "decrease", "下滑": "decrease", "減少": "decrease", "减少": "decrease",
    "下跌": "decrease", "降低": "decrease", "收窄": "narrowing", "擴大": "widening",
    "扩大": "widening", "up": "increase", "rose": "increase", "rise": "increase",
    "rising": "increase", "grew": "increase", "growth": "increase", "increase": "increase",
    "increased": "increase", "jumped": "increase", "higher": "increase", "down": "decrease",
    "fell": "decrease", "fall": "decrease", "declined": "decrease", "decline": "decrease",
    "decrease": "decrease", "decreased": "decrease", "dropped": "decrease", "lower":
    "decrease", "shrank": "decrease", "narrowed": "narrowing", "narrowing": "narrowing",
    "widened": "widening",
}
_YOY = re.compile(r"同比|按年|year[- ]on[- ]year|year[- ]over[- ]year|\byoy\b", re.I)


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                    sorted(words, key=len, reverse=True))


_FIGURE_RE = re.compile(
    rf"(?:(?P<qual>{_alt(QUALIFIERS)})\s*)?"
    rf"(?:(?P<cur>{_alt(CURRENCY_PREFIXES)})\s*)?"
    rf"(?<![A-Za-z\d.])(?P<num>{_NUM})(?P<pct1>\s*[%％])?"
    rf"(?:\s*(?P<dash>至|到|-|–|~|to)\s*(?P<num2>{_NUM}))?"
    rf"(?:\s*(?P<mult>{_alt(MULTIPLIERS)})(?![A-Za-z]))?"
    rf"(?:\s*(?P<unit>{_alt(UNITS)})(?![A-Za-z]))?"
    r"|(?:(?P<qual2>" + _alt([q for q in QUALIFIERS if not q.isascii()]) + r"))?"
    r"上(?P<mult2>百|千|萬|万|億|亿)(?P<unit2>人|家|名|張卡|张卡)", re.I)

_PERIOD_RES: list[tuple[str, re.Pattern]] = [
    ("years", re.compile(r"(?P<y1>(?:19|20)\d{2})\s*[-–~至到]\s*(?P<y2>(?:19|20)\d{2})\s*年")),
    ("ymd", re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日號号]")),
    ("ym", re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?P<end>底|末)?")),
    ("yh", re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<h>上半年|下半年|前三季度|第(?P<q>[一二三四1-4])季度|"
                      r"Q(?P<q2>[1-4])|年底|年末|底|末|全年)?")),
    ("rel", re.compile(r"(?P<rel>今年|去年|明年)(?:(?P<h>上半年|下半年|年底|年末|底)|"
                       r"(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日號号])?(?P<end>底|末)?)?")),
    ("half", re.compile(r"(?<![年\d])(?P<h>上半年|下半年)")),
    ("md", re.compile(r"(?<![年\d])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日號号]")),
    ("en-mdy", re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})\b",
                          re.I)),
    ("en-my", re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I)),
    ("en-half", re.compile(r"\b(?:(?:the\s+)?(?P<which>first|second)\s+half\s+(?:of\s+)?"
                           r"(?P<y>(?:19|20)\d{2})|H(?P<h>[12])\s+(?P<y2>(?:19|20)\d{2})|"
                           r"(?P<y3>(?:19|20)\d{2})\s+H(?P<h3>[12]))\b", re.I)),
    ("en-q", re.compile(r"\bQ(?P<q>[1-4])\s+(?P<y>(?:19|20)\d{2})\b", re.I)),
    ("en-end", re.compile(r"\b(?:(?:at|by)\s+)?the\s+end\s+of\s+(?P<y>(?:19|20)\d{2})\b", re.I)),
    ("en-y", re.compile(r"\b(?:in|for|during|since|of|by|until|through|year|fiscal)\s+"
                        r"(?P<y>(?:19|20)\d{2})\b(?![%\d])|\b(?P<y2>(?:19|20)\d{2})(?=,\s|\s+(?:revenue|results))",
                        re.I)),
    ("en-rel", re.compile(r"\b(?P<rel>this|last|next)\s+year\b", re.I)),
]
_ASOF_RE = re.compile(r"(?:截至|截止|截止到|截至到|as\s+of|as\s+at|by)\s*$", re.I)
_COMPARE_RE = re.compile(r"(?:較|较|相較|相较|相比|比|對比|对比|compared\s+(?:with|to)|from|since|versus|vs\.?)"
                         r"\s*(?:於|于)?\s*$", re.I)
_CLAUSE_END = re.compile(r"[,，;；:：。!！?？\n]")
_BACK_RE = re.compile(r"期內|期内|同期|in the period|during the period|same period", re.I)
_DIRECTION_RE = re.compile(_alt(DIRECTIONS), re.I)


@dataclass(frozen=True)
class Period:
    """A date or period found in a text.

    ``key`` follows docs/model.md: "2024", "2024-H1", "2024-Q3", "2024-08", "2024-10-22",
    "2018/2023" (a range of years), and for an as-of moment ``as_of`` is true and ``key`` is the
    moment ("2023-12"). ``role`` is "period", or "compared" when it is a comparison base
    ("較今年3月"). ``inferred`` marks a year taken from the reference year (今年, 上半年).
    """

    start: int
    end: int
    text: str
    key: str
    kind: str  # year | years | half-year | quarter | month | day
    as_of: bool = False
    role: str = "period"
    inferred: bool = False

    @property
    def years(self) -> list[str]:
        if self.kind != "years":
            return [self.key[:4]]
        first, last = self.key.split("/")
        return [str(y) for y in range(int(first), int(last) + 1)]


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


def detect_periods(text: str, *, year: int | None = None) -> list[Period]:
    """Dates and periods in ``text``, in text order, non-overlapping (longest first).

    Args:
        text: the text.
        year: the reference year for 今年 / 上半年 / "this year"; None leaves them out.
    """
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PERIOD_RES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "en-y":  # the year only, not the word before it
                start, end = match.span("y") if match.group("y") else match.span("y2")
            if start == end or any(start < e and s < end for s, e in taken):
                continue
            period = _period_of(kind, match, year)
            if period is None:
                continue
            before = text[max(0, start - 8):start]
            as_of = period[2] or bool(_ASOF_RE.search(before))
            role = "compared" if _COMPARE_RE.search(before) else "period"
            found.append(Period(start, end, text[start:end], period[0], period[1], as_of, role,
                                period[3]))
            taken.append((start, end))
    return sorted(found, key=lambda p: p.start)


def _period_of(kind: str, m: re.Match, year: int | None):
    """(key, kind, as_of, inferred) for one match, or None."""
    g = m.groupdict()
    if kind == "years":
        if int(g["y1"]) >= int(g["y2"]):
            return None
        return f"{g['y1']}/{g['y2']}", "years", False, False
    if kind in ("ymd", "ym", "en-mdy", "en-my"):
        y = int(g["y"])
        month = int(g["m"]) if "m" in g and g.get("m") else _MONTHS[g["mon"].lower()]
        if not 1 <= month <= 12:
            return None
        if g.get("d"):
            return f"{y}-{month:02d}-{int(g['d']):02d}", "day", False, False
        return f"{y}-{month:02d}", "month", bool(g.get("end")), False
    if kind == "yh":
        y, h = g["y"], g["h"]
        if not h or h == "全年":
            return y, "year", False, False
        if h in ("上半年", "下半年"):
            return f"{y}-{'H1' if h == '上半年' else 'H2'}", "half-year", False, False
        if h == "前三季度":
            return f"{y}-Q1/{y}-Q3", "quarters", False, False
        if g["q"] or g["q2"]:
            return f"{y}-Q{_CN_DIGITS[g['q'] or g['q2']]}", "quarter", False, False
        return f"{y}-12", "month", True, False  # 年底 / 年末: as of the year's end
    if kind == "rel":
        if year is None:
            return None
        y = year + {"今年": 0, "去年": -1, "明年": 1}[g["rel"]]
        h = g.get("h")
        if h in ("上半年", "下半年"):
            return f"{y}-{'H1' if h == '上半年' else 'H2'}", "half-year", False, True
        if h:
            return f"{y}-12", "month", True, True
        if g.get("m"):
            month = int(g["m"])
            if not 1 <= month <= 12:
                return None
            if g.get("d"):
                return f"{y}-{month:02d}-{int(g['d']):02d}", "day", False, True
            return f"{y}-{month:02d}", "month", bool(g.get("end")), True
        return str(y), "year", False, True
    if kind == "half":
        if year is None:
            return None
        return f"{year}-{'H1' if g['h'] == '上半年' else 'H2'}", "half-year", False, True
    if kind == "md":
        month, day = int(g["m"]), int(g["d"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if year is None:
            return f"--{month:02d}-{day:02d}", "day", False, False
        return f"{year}-{month:02d}-{day:02d}", "day", False, True
    if kind == "en-half":
        y = g["y"] or g["y2"] or g["y3"]
        half = "H1" if (g["which"] or "").lower() == "first" or (g["h"] or g["h3"]) == "1" \
            else "H2"
        return f"{y}-{half}", "half-year", False, False
    if kind == "en-q":
        return f"{g['y']}-Q{g['q']}", "quarter", False, False
    if kind == "en-end":
        return f"{g['y']}-12", "month", True, False
    if kind == "en-y":
        return g["y"] or g["y2"], "year", False, False
    if kind == "en-rel":
        if year is None:
            return None
        return str(year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]), "year", False, True
    return None  # pragma: no cover


def detect_figures(text: str, *, year: int | None = None,
                   sentences: list[Sentence] | None = None) -> list[FoundFigure]:
    """Quantities in ``text`` with value, multiplier, unit, qualifier, direction and period.

    A number counts as a figure when it has a unit, a currency, a multiplier or a percent sign;
    numbers inside dates and periods are not figures. Each figure gets the nearest period
    before it in its sentence (or, failing that, after it; or the previous sentence's period in
    the same paragraph); when a range of years is followed by 分別 / respectively and as many
    figures as years, the figures get the years in order.

    Args:
        text: the text.
        year: reference year for relative dates (今年, 上半年, "this year").
        sentences: its sentences (``kg.inputs.sources.split_sentences`` when not given).
    """
    periods = detect_periods(text, year=year)
    spans = [(p.start, p.end) for p in periods]
    raw: list[FoundFigure] = []
    for match in _FIGURE_RE.finditer(text):
        start, end = match.span()
        if any(start < e and s < end for s, e in spans):
            continue
        figure = _figure_of(match, text)
        if figure is not None:
            raw.append(figure)
    if sentences is None:
        sentences = split_sentences(text)
    return _assign_periods(text, raw, periods, sentences)


def _figure_of(m: re.Match, text: str) -> FoundFigure | None:
    g = m.groupdict()
    qualifier = g["qual"] or g["qual2"]
    qualifier = QUALIFIERS[re.sub(r"\s+", " ", qualifier.lower())] if qualifier else None
    if g["mult2"]:  # 上千人: "a thousand and more"
        mult_text = g["mult2"]
        return FoundFigure(m.start(), m.end(), m.group(), Decimal(1), None, None,
                           MULTIPLIERS[mult_text], mult_text, UNITS[g["unit2"]], g["unit2"],
                           qualifier or "more-than")
    unit_text = g["unit"] or (g["pct1"].strip() if g["pct1"] else None)
    unit = UNITS.get(unit_text.lower()) if unit_text else None
    currency = g["cur"]
    if currency:
        unit, unit_text = CURRENCY_PREFIXES[currency.lower()], currency
        if g["unit"] and UNITS.get(g["unit"].lower()) not in (None, "CNY", "USD"):
            return None
    mult_text = g["mult"]
    if not (unit_text or mult_text or currency):
        return None
    if g["dash"] and g["dash"] in "-–" and not (g["pct1"] or unit == "Percent"):
        if g["num2"] and not mult_text and not unit_text:
            return None
    value = _dec(g["num"])
    value_min = value_max = None
    if g["num2"]:
        value_min, value_max, value = value, _dec(g["num2"]), None
        if value_min > value_max:
            return None
    start = m.start()
    if qualifier is None and g["qual"] is None and g["qual2"] is None:
        start = m.start("cur") if currency else m.start("num")
    return FoundFigure(start, m.end(), text[start:m.end()], value, value_min, value_max,
                       MULTIPLIERS[mult_text.lower()] if mult_text else Decimal(1),
                       mult_text, unit, unit_text, qualifier)


def _direction_near(text: str, fig: FoundFigure) -> tuple[str | None, str | None]:
    """The direction word and basis of a percentage: in its clause, before it or just after."""
    clause_start = fig.start
    while clause_start > 0 and not _CLAUSE_END.match(text[clause_start - 1]) and \
            fig.start - clause_start < 24:
        clause_start -= 1
    before = text[clause_start:fig.start]
    after_end = fig.end
    while after_end < len(text) and not _CLAUSE_END.match(text[after_end]) and \
            after_end - fig.end < 16:
        after_end += 1
    after = text[fig.end:after_end]
    direction = None
    hits = [m for m in _DIRECTION_RE.finditer(before) if _word_ok(before, m)]
    if hits:
        direction = DIRECTIONS[hits[-1].group().lower()]
    else:
        hit = next((m for m in _DIRECTION_RE.finditer(after) if _word_ok(after, m)), None)
        if hit:
            direction = DIRECTIONS[hit.group().lower()]
    if direction is None:
        return None, None
    basis = "year-on-year" if _YOY.search(before) or _YOY.search(after) else None
    return direction, basis


def _word_ok(text: str, m: re.Match) -> bool:
    """Latin direction words must be whole words."""
    if not m.group().isascii():
        return True
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _assign_periods(text: str, raw: list[FoundFigure], periods: list[Period],
                    sentences: list[Sentence]) -> list[FoundFigure]:
    out: list[FoundFigure] = []
    previous_period: Period | None = None
    previous_end = -1
    for sentence in sentences:
        figs = [f for f in raw if sentence.start <= f.start < sentence.end]
        own = [p for p in periods if sentence.start <= p.start < sentence.end]
        same_paragraph = previous_end >= 0 and "\n" not in text[previous_end:sentence.start]
        # the previous sentence's period carries over within a paragraph, an as-of moment only
        # when the sentence points back to it (期內, in the period)
        inherited = previous_period if same_paragraph else None
        if inherited is not None and inherited.as_of and not _BACK_RE.search(sentence.text):
            inherited = None
        plain = [p for p in own if p.role == "period"]
        # "2018-2023年 ... 分別爲 A、B、C ..." : the years in order
        spread: dict[int, Period] = {}
        for p in plain:
            if p.kind != "years":
                continue
            after = [f for f in figs if f.start > p.end]
            if re.search(r"分別|分别|respectively", text[p.end:sentence.end], re.I) and \
                    len(after) == len(p.years):
                for f, y in zip(after, p.years):
                    spread[f.start] = Period(p.start, p.end, p.text, y, "year", False, "period",
                                             p.inferred)
        for f in figs:
            if f.start in spread:
                period = spread[f.start]
            else:
                before = [p for p in plain if p.end <= f.start]
                after = [p for p in plain if p.start >= f.end]
                clause = [p for p in before if not _CLAUSE_END.search(text[p.end:f.start])] + \
                    [p for p in after if not _CLAUSE_END.search(text[f.end:p.start])]
                if clause:  # a period in the figure's own clause, the nearest one
                    period = min(clause, key=lambda p: min(abs(p.end - f.start),
                                                           abs(p.start - f.end)))
                else:
                    period = before[-1] if before else after[0] if after else inherited
            compared = None
            if f.unit == "Percent":
                compared = next((p for p in own if p.role == "compared" and p.end <= f.start
                                 and not _CLAUSE_END.search(text[p.end:f.start])), None)
                direction, basis = _direction_near(text, f)
                f = replace(f, direction=direction, basis=basis)
            out.append(replace(f, period=period, compared_to=compared))
        previous_period = plain[-1] if plain else None
        previous_end = sentence.end
    return out
