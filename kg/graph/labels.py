"""The texts the graph states about figures and periods: figure labels, period keys' labels and
bounds (in zh-Hant, zh-Hans and en)."""

from __future__ import annotations

import calendar
from decimal import Decimal

from kg.errors import InputError
from kg.inputs.facts import Figure
from kg.vocab import LANGS

_MONTHS_EN = [calendar.month_abbr[m] for m in range(13)]
_DIRECTION_WORDS = {"Increase": ("增長", "增长", "up"), "Decrease": ("下降", "下降", "down"),
                    "Narrowing": ("收窄", "收窄", "narrowed")}
_QUALIFIER_WORDS = {"Approximately": ("約", "约", "about "), "MoreThan": ("超過", "超过", "over "),
                    "Nearly": ("接近", "接近", "nearly "), "UpTo": ("高達", "高达", "up to ")}
_TO_HANS = str.maketrans({"億": "亿", "萬": "万", "張": "张", "較": "较"})
_UNIT_EN = {"CNY": "CNY", "USD": "USD", "Percent": "%", "GPUCard": "GPUs",
            "PetaFLOPS": "PetaFLOPS", "EnterpriseCount": "enterprises", "PersonCount": "people"}


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def figure_value_text(fig: Figure, i: int) -> str:
    """The figure as text in language ``LANGS[i]``: as written for Chinese, normalised in en."""
    english = LANGS[i] == "en"
    parts = []
    if fig.value is not None or fig.value_min is not None:
        qual = _QUALIFIER_WORDS[fig.qualifier][i] if fig.qualifier else ""
        if english:
            def show(v: Decimal) -> str:
                total = v * fig.multiplier
                if fig.multiplier >= 10 ** 8 and total >= 10 ** 9:
                    return f"{_num(total / 10 ** 9)} billion"
                if fig.multiplier >= 10 ** 6 and total >= 10 ** 6:
                    return f"{_num(total / 10 ** 6)} million"
                return _num(total)
            unit = _UNIT_EN.get(fig.unit or "", "(unit not stated)")
            number = (show(fig.value) if fig.value is not None else
                      f"{show(fig.value_min)}-{show(fig.value_max)}")
            parts.append(f"{qual}{number}{'' if unit == '%' else ' '}{unit}")
        else:
            number = (_num(fig.value) if fig.value is not None else
                      f"{_num(fig.value_min)}%至{_num(fig.value_max)}"
                      if fig.unit == "Percent" else f"{_num(fig.value_min)}至{_num(fig.value_max)}")
            parts.append(f"{qual}{number}{fig.multiplier_text or ''}{fig.unit_text or ''}")
    if fig.change:
        c = fig.change
        word = _DIRECTION_WORDS[c.direction][i]
        qual = _QUALIFIER_WORDS[c.qualifier][i] if c.qualifier else ""
        unit = "%" if c.unit == "Percent" else f" {_UNIT_EN.get(c.unit, '')}"
        if english:
            since = period_labels(c.since, None)["en"] if c.since else ""
            basis = " year on year" if c.basis else f" since {since}" if c.since else ""
            parts.append(f"{word} {qual}{_num(c.value)}{unit}{basis}")
        else:
            since = period_labels(c.since, None)[LANGS[i]] if c.since else ""
            basis = "同比" if c.basis else f"較{since}" if c.since else ""
            parts.append(f"{basis}{word}{qual}{_num(c.value)}{unit.strip()}")
    text = (", " if english else ",").join(parts)
    return text.translate(_TO_HANS) if LANGS[i] == "zh-Hans" else text


def period_bounds(period: str | None, as_of: str | None) -> tuple[str, str, str]:
    """(kind, first day, last day) of a period key, or (``as-of``, day, day)."""
    if as_of:
        parts = as_of.split("-")
        year, month = int(parts[0]), int(parts[1])
        day = int(parts[2]) if len(parts) == 3 else calendar.monthrange(year, month)[1]
        if day > calendar.monthrange(year, month)[1]:
            raise InputError(f"as_of {as_of} is not a real date")
        stamp = f"{year:04d}-{month:02d}-{day:02d}"
        return "as-of", stamp, stamp
    year, _, rest = period.partition("-")
    y = int(year)
    if not rest:
        return "year", f"{y:04d}-01-01", f"{y:04d}-12-31"
    if rest in ("H1", "H2"):
        return ("half-year",) + ((f"{y:04d}-01-01", f"{y:04d}-06-30") if rest == "H1" else
                                 (f"{y:04d}-07-01", f"{y:04d}-12-31"))
    m = int(rest)
    last = calendar.monthrange(y, m)[1]
    return "month", f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last:02d}"


def period_labels(period: str | None, as_of: str | None) -> dict[str, str]:
    """Labels of a period in zh-Hant, zh-Hans and en."""
    if as_of:
        parts = [int(p) for p in as_of.split("-")]
        zh = f"截至{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) == 3 else "")
        en = "as of " + (f"{parts[2]} " if len(parts) == 3 else "") + \
            f"{_MONTHS_EN[parts[1]]} {parts[0]}"
        return {"zh-Hant": zh, "zh-Hans": zh, "en": en}
    year, _, rest = period.partition("-")
    if not rest:
        return {"zh-Hant": f"{year}年", "zh-Hans": f"{year}年", "en": year}
    if rest in ("H1", "H2"):
        half = "上半年" if rest == "H1" else "下半年"
        return {"zh-Hant": f"{year}年{half}", "zh-Hans": f"{year}年{half}", "en": f"{rest} {year}"}
    m = int(rest)
    return {"zh-Hant": f"{year}年{m}月", "zh-Hans": f"{year}年{m}月",
            "en": f"{_MONTHS_EN[m]} {year}"}
