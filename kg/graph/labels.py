"""The texts the graph states about figures and periods: figure labels, period keys' labels and
bounds (in zh-Hant, zh-Hans and en)."""

from __future__ import annotations

import calendar
import functools
from decimal import Decimal

from kg.errors import InputError
from kg.inputs.facts import Figure
from kg.inputs.vocabulary import Vocabulary
from kg.rdfio.terms import plain_decimal
from kg.vocab import LANGS

_MONTHS_EN = [calendar.month_abbr[m] for m in range(13)]
_SIMPLIFIED: dict[str, str] = {}


def _simplified(text: str) -> str:
    """``text`` in Simplified characters (OpenCC t2s): what a fact file writes as it was written
    (億, 張卡, 較) in a zh-Hans label."""
    found = _SIMPLIFIED.get(text)
    if found is None:
        found = _SIMPLIFIED[text] = _t2s().convert(text)
    return found


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _num(value: Decimal) -> str:
    return plain_decimal(value)


def figure_value_text(fig: Figure, i: int, vocabulary: Vocabulary) -> str:
    """The figure as text in language ``LANGS[i]``: as written for Chinese, normalised in en;
    the words of units, qualifiers, directions and bases from ``vocabulary``."""
    lang = LANGS[i]
    english = lang == "en"
    term = vocabulary.term
    parts = []
    if fig.value is not None or fig.value_min is not None:
        qual = term(fig.qualifier).word(lang) if fig.qualifier else ""
        if english:
            qual = f"{qual} " if qual else ""

            def show(v: Decimal) -> str:
                total = v * fig.multiplier
                if fig.multiplier >= 10 ** 8 and total >= 10 ** 9:
                    return f"{_num(total / 10 ** 9)} billion"
                if fig.multiplier >= 10 ** 6 and total >= 10 ** 6:
                    return f"{_num(total / 10 ** 6)} million"
                return _num(total)
            unit = term(fig.unit).word("en") if fig.unit else "(unit not stated)"
            number = (show(fig.value) if fig.value is not None else
                      f"{show(fig.value_min)}-{show(fig.value_max)}")
            parts.append(f"{qual}{number}{'' if unit == '%' else ' '}{unit}")
        else:
            percent = fig.unit is not None and term(fig.unit).written == "%"
            number = (_num(fig.value) if fig.value is not None else
                      f"{_num(fig.value_min)}%至{_num(fig.value_max)}"
                      if percent else f"{_num(fig.value_min)}至{_num(fig.value_max)}")
            parts.append(f"{qual}{number}{fig.multiplier_text or ''}{fig.unit_text or ''}")
    if fig.change:
        c = fig.change
        word = term(c.direction).word(lang)
        qual = term(c.qualifier).word(lang) if c.qualifier else ""
        basis = term(c.basis).word(lang) if c.basis else ""
        unit = term(c.unit)
        if english:
            symbol = unit.word("en")
            qual = f"{qual} " if qual else ""
            since = period_labels(c.since, None)["en"] if c.since else ""
            basis = f" {basis}" if basis else f" since {since}" if c.since else ""
            parts.append(f"{word} {qual}{_num(c.value)}{'' if symbol == '%' else ' '}{symbol}"
                         f"{basis}")
        else:
            since = period_labels(c.since, None)[lang] if c.since else ""
            basis = basis or (f"較{since}" if c.since else "")
            parts.append(f"{basis}{word}{qual}{_num(c.value)}{unit.written}")
    text = (", " if english else ",").join(parts)
    return _simplified(text) if lang == "zh-Hans" else text


def period_bounds(period: str | None, as_of: str | None) -> tuple[str, str | None, str | None]:
    """(kind, first day, last day) of a period key, or (``as-of``, day, day); a fiscal year the
    source names without saying when it ends (``FY2024``) has no days: (``fiscal-year``, None,
    None)."""
    if as_of:
        parts = as_of.split("-")
        year, month = int(parts[0]), int(parts[1])
        day = int(parts[2]) if len(parts) == 3 else calendar.monthrange(year, month)[1]
        if day > calendar.monthrange(year, month)[1]:
            raise InputError(f"as_of {as_of} is not a real date")
        stamp = f"{year:04d}-{month:02d}-{day:02d}"
        return "as-of", stamp, stamp
    if period.startswith("FY"):
        year, _, month = period[2:].partition("-")
        if not month:
            return "fiscal-year", None, None
        y, m = int(year), int(month)  # the twelve months ending with month m of year y
        first = (y, m + 1) if m < 12 else (y + 1, 1)
        return ("fiscal-year", f"{first[0] - 1:04d}-{first[1]:02d}-01",
                f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}")
    year, _, rest = period.partition("-")
    y = int(year)
    if not rest:
        return "year", f"{y:04d}-01-01", f"{y:04d}-12-31"
    if rest in ("H1", "H2"):
        return ("half-year",) + ((f"{y:04d}-01-01", f"{y:04d}-06-30") if rest == "H1" else
                                 (f"{y:04d}-07-01", f"{y:04d}-12-31"))
    if rest.startswith("Q"):
        last = 3 * int(rest[1])
        return ("quarter", f"{y:04d}-{last - 2:02d}-01",
                f"{y:04d}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}")
    m = int(rest)
    last = calendar.monthrange(y, m)[1]
    return "month", f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last:02d}"


_QUARTERS_ZH = "一二三四"


def period_labels(period: str | None, as_of: str | None) -> dict[str, str]:
    """Labels of a period in zh-Hant, zh-Hans and en."""
    if as_of:
        parts = [int(p) for p in as_of.split("-")]
        zh = f"截至{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) == 3 else "")
        en = "as of " + (f"{parts[2]} " if len(parts) == 3 else "") + \
            f"{_MONTHS_EN[parts[1]]} {parts[0]}"
        return {"zh-Hant": zh, "zh-Hans": zh, "en": en}
    if period.startswith("FY"):
        year, _, month = period[2:].partition("-")
        if not month:
            return {"zh-Hant": f"{year}財年", "zh-Hans": f"{year}财年", "en": f"FY{year}"}
        m = int(month)
        return {"zh-Hant": f"{year}財年（截至{year}年{m}月）",
                "zh-Hans": f"{year}财年（截至{year}年{m}月）",
                "en": f"FY{year} (ending {_MONTHS_EN[m]} {year})"}
    year, _, rest = period.partition("-")
    if not rest:
        return {"zh-Hant": f"{year}年", "zh-Hans": f"{year}年", "en": year}
    if rest in ("H1", "H2"):
        half = "上半年" if rest == "H1" else "下半年"
        return {"zh-Hant": f"{year}年{half}", "zh-Hans": f"{year}年{half}", "en": f"{rest} {year}"}
    if rest.startswith("Q"):
        zh = f"{year}年第{_QUARTERS_ZH[int(rest[1]) - 1]}季度"
        return {"zh-Hant": zh, "zh-Hans": zh, "en": f"{rest} {year}"}
    m = int(rest)
    return {"zh-Hant": f"{year}年{m}月", "zh-Hans": f"{year}年{m}月",
            "en": f"{_MONTHS_EN[m]} {year}"}
