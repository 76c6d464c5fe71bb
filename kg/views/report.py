"""The report: the article's figures as charts and the graph's structure, on one offline page.

Every number drawn comes out of the built graph through SPARQL (``FIGURES_SPARQL`` below); there
is no second copy of the figures. Charts are SVG generated here, so the page needs nothing
outside itself (no script, no CDN, no font download; a Content-Security-Policy forbids any
request) and a chart can be written on its own as SVG, or as PNG by rasterising that same SVG in
headless Chromium (``rasterise``): one drawing code path for the page, the slides and the tests,
with the system's CJK fonts, instead of a second plotting library with its own font set-up.

Charts are chosen from the data (``kg.views.charts``: by the metric, its unit and period kind,
per subject entity) or named by the project (``charts:`` in data/kg.yaml), and drawn by kind:

* ``bars``: one metric of one subject per period; the unit as stated colours each bar, and
  figures flagged (e.g. ``currency-inconsistent``) are hatched and marked, never converted;
* ``comparison``: one metric of an owner's parts (segments, units) in one period, each bar with
  its change, against the owner's own figure for that period and the parts' shares;
* ``lines``: metrics of one subject at dates, one panel per metric on a shared time axis;
* ``changes``: every stated change (increase, decrease, narrowing) as a diverging bar;
* ``figures``: every other figure series, one tile each, so that every figure of the graph is
  drawn somewhere.

Each mark carries ``data-figure="{id}"`` and its value label ``class="value"``, which is what the
browser tests compare with a SPARQL query of their own.
"""

from __future__ import annotations

import math
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from kg.errors import UsageError
from kg.rdfio.terms import plain_decimal
from kg.text import simplified
from kg.views.charts import Plan, owners_of, plan_charts, root_of
from kg.views.html import visible_html
from kg.vocab import DEFAULT_LANG, LANGS

__all__ = ["FIGURES_SPARQL", "Chart", "Company", "FigureRow", "companies", "figure_rows",
           "chart_names", "render_chart", "render_report", "rasterise"]

#: The title of the tiles of every figure no other chart draws (en, zh-Hant).
FIGURES_TITLE = ("Other figures", "其他數字")

#: Each optional part starts from a variable already bound, in a group of its own: rdflib orders
#: the patterns of a group before it runs (fewest unknown terms first), so a pattern such as
#: ``?st kgo:statementRelation kgo:hasFigure`` would run first, over every statement, once per figure
#: (time ~ figures x statements); a group of its own is joined with the bindings it gets.
FIGURES_SPARQL = """
SELECT ?figure ?id ?subjectId ?subject ?metricId ?metric ?value ?min ?max ?multiplier
       ?multiplierText ?amount ?minAmount ?maxAmount ?unitId ?unit ?unitName ?qualifier
       ?period ?periodKind ?start ?end ?flag ?change ?changeUnit ?directionId ?direction
       ?basis ?since ?changeQualifier ?quote ?metricClass ?sourceTitle
WHERE {
  { ?figure a kgo:Figure ; dcterms:identifier ?id ; kgo:figureOf ?s ; kgo:metric ?m .
    ?s dcterms:identifier ?subjectId ; rdfs:label ?subject .
    ?m dcterms:identifier ?metricId ; rdfs:label ?metric .
    FILTER(lang(?subject) = ?lang && lang(?metric) = ?lang) }
  OPTIONAL { ?m a ?class . FILTER(STRSTARTS(STR(?class), STR(kgo:)))
             BIND(STRAFTER(STR(?class), "#") AS ?metricClass) }
  OPTIONAL { ?figure kgo:value ?value ; kgo:normalizedValue ?amount }
  OPTIONAL { ?figure kgo:minValue ?min ; kgo:maxValue ?max ;
             kgo:normalizedMinValue ?minAmount ; kgo:normalizedMaxValue ?maxAmount }
  OPTIONAL { ?figure kgo:multiplier ?multiplier ; kgo:multiplierText ?multiplierText }
  OPTIONAL { { ?figure kgo:unit ?u }
             { ?u kgo:unitSymbol ?unit ; rdfs:label ?unitName . FILTER(lang(?unitName) = ?lang) }
             BIND(STRAFTER(STR(?u), "#") AS ?unitId) }
  OPTIONAL { { ?figure kgo:qualifier/rdfs:label ?qualifier .
               FILTER(lang(?qualifier) = ?lang) } }
  OPTIONAL { { ?figure kgo:period ?p }
             { ?p kgo:periodKind ?periodKind ; rdfs:label ?period . FILTER(lang(?period) = ?lang) }
             OPTIONAL { ?p time:hasBeginning/time:inXSDDateTime ?start ;
                           time:hasEnd/time:inXSDDateTime ?end }
             OPTIONAL { ?p time:inXSDDateTime ?start } }
  OPTIONAL { ?figure kgo:flag ?flag }
  OPTIONAL { { ?figure kgo:change ?c }
             { ?c kgo:value ?change ; kgo:unit/kgo:unitSymbol ?changeUnit ; kgo:direction ?d .
               ?d rdfs:label ?direction . FILTER(lang(?direction) = ?lang) }
             BIND(STRAFTER(STR(?d), "#") AS ?directionId)
             OPTIONAL { { ?c kgo:basis/rdfs:label ?basis . FILTER(lang(?basis) = ?lang) } }
             OPTIONAL { { ?c kgo:comparedTo/rdfs:label ?since . FILTER(lang(?since) = ?lang) } }
             OPTIONAL { { ?c kgo:qualifier/rdfs:label ?changeQualifier .
                          FILTER(lang(?changeQualifier) = ?lang) } } }
  OPTIONAL { { ?st kgo:statementObject ?figure }
             { ?st kgo:statementRelation kgo:hasFigure ;
                   kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote }
             OPTIONAL { ?st prov:wasDerivedFrom/dcterms:title ?sourceTitle } }
}
ORDER BY ?subjectId ?metricId ?start ?id
"""

_SOURCE_SPARQL = """
SELECT ?title ?date WHERE {
  ?src a kgo:Source ; dcterms:title ?title . OPTIONAL { ?src schema:datePublished ?date }
} ORDER BY ?title
"""

# ------------------------------------------------------------------------------------ words
_WORDS_EN = {
    "report": "report", "charts": "Figures", "structure": "Structure",
    "as_stated": "as stated", "flagged": "flagged: currency-inconsistent",
    "flag_note": "The article states these in a different currency from the other years; "
                 "the values are drawn as stated, not converted.",
    "unit_missing": "unit not stated", "yoy": "YoY", "basis_missing": "basis not stated",
    "since": "since", "total": "total", "share": "of revenue", "increase": "increase",
    "decrease": "decrease", "narrowing": "narrowing (of a loss)", "no_value": "no value stated",
    "currency_change": "currency changes", "entities": "entities", "statements": "statements",
    "figures": "figures", "sources": "sources", "triples": "triples", "class": "class",
    "relation": "relation", "count": "count", "entity": "entity", "degree": "degree",
    "pagerank": "PageRank", "components": "Connected components",
    "communities": "Communities", "without": "Entities no statement mentions",
    "per_class": "Entities per class", "per_relation": "Statements per relation",
    "degree_top": "Most connected", "pagerank_top": "Most central",
    "open_graph": "open the graph view", "used_as": "used as", "modularity": "modularity",
    "around": "around", "data": "Data", "value": "value", "period": "period",
    "quote": "evidence", "figure": "figure", "generated": "Generated by kg from the graph; "
    "every number above is read from it with SPARQL.", "source": "Source",
    "members": "members", "size": "size", "apart": "apart from the main component",
    "none": "none", "change": "change", "companies": "Companies covered",
    "company": "company",
}
_WORDS_ZH = {
    "report": "報告", "charts": "數字", "structure": "圖譜結構", "as_stated": "按原文",
    "flagged": "標記:貨幣不一致",
    "flag_note": "原文對這兩年使用了與其他年份不同的貨幣單位;圖中按原文數值繪製,未作換算。",
    "unit_missing": "原文未註明單位", "yoy": "同比", "basis_missing": "未註明比較基準",
    "since": "較", "total": "總計", "share": "佔收入", "increase": "增長", "decrease": "下降",
    "narrowing": "收窄(虧損)", "no_value": "原文無數值", "currency_change": "貨幣單位改變",
    "entities": "實體", "statements": "陳述", "figures": "數字", "sources": "來源",
    "triples": "三元組", "class": "類別", "relation": "關係", "count": "數量",
    "entity": "實體", "degree": "度數", "pagerank": "PageRank", "components": "連通分量",
    "communities": "社群", "without": "沒有任何陳述提及的實體", "per_class": "各類別的實體數",
    "per_relation": "各關係的陳述數", "degree_top": "連接最多", "pagerank_top": "最核心",
    "open_graph": "在圖譜視圖中打開", "used_as": "用作", "modularity": "模塊度",
    "around": "以此為中心:", "data": "數據", "value": "數值", "period": "時期",
    "quote": "證據", "figure": "數字", "generated": "由 kg 從知識圖譜生成;以上每個數字均以 "
    "SPARQL 從圖譜讀取。", "source": "來源", "members": "成員", "size": "大小",
    "apart": "不在主連通分量中", "none": "無", "change": "變化", "companies": "報告涵蓋的公司",
    "company": "公司",
}

COLOURS = {"bar": "#3b6fb6", "alt": "#d9822b", "up": "#2e8b57", "down": "#c0392b",
           "narrow": "#2a8c99", "grid": "#e3e6ea", "axis": "#5b6470", "text": "#1f2933",
           "muted": "#66707a", "band": "#f3f5f8"}
FONT = ("'Noto Sans CJK TC','Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft JhengHei',"
        "'PingFang TC',system-ui,sans-serif")
WIDTH = 760


def _words(lang: str) -> dict[str, str]:
    if lang == "en":
        return _WORDS_EN
    if lang == "zh-Hans":
        return {k: simplified(v) for k, v in _WORDS_ZH.items()}
    return _WORDS_ZH


def _figures_title(lang: str) -> str:
    en, zh = FIGURES_TITLE
    return en if lang == "en" else simplified(zh) if lang == "zh-Hans" else zh


# ------------------------------------------------------------------------------------ data
def _day(value: object) -> object:
    """The day of a period bound (``time:inXSDDateTime``, the first moment of that day)."""
    return value.date() if isinstance(value, datetime) else value


@dataclass
class FigureRow:
    """One figure of the graph, as the charts need it (from ``FIGURES_SPARQL``)."""

    id: str
    subject_id: str
    subject: str
    metric_id: str
    metric: str
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    multiplier: Decimal = Decimal(1)
    multiplier_text: str = ""
    amount: Decimal | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    unit_id: str | None = None
    unit: str = ""
    unit_name: str = ""
    qualifier: str = ""
    period: str = ""
    period_kind: str = ""
    start: date | None = None
    end: date | None = None
    flags: list[str] = field(default_factory=list)
    change: Decimal | None = None
    change_unit: str = ""
    direction_id: str = ""
    direction: str = ""
    basis: str = ""
    since: str = ""
    change_qualifier: str = ""
    quote: str = ""
    metric_classes: list[str] = field(default_factory=list)
    source: str = ""   # the title of the source that states it

    @property
    def when(self) -> date | None:
        """The date a figure is drawn at: the instant of an as-of figure, else the start."""
        return self.start

    def value_text(self) -> str:
        """The value as the article states it: number, multiplier and unit (``34億元``)."""
        if self.value is not None:
            number = num(self.value)
        elif self.min is not None:
            number = f"{num(self.min)}–{num(self.max)}"
        else:
            return ""
        unit = f" {self.unit}" if self.unit[:1].isascii() and self.unit[:1].isalpha() \
            else self.unit
        return f"{self.qualifier_prefix()}{number}{self.multiplier_text}{unit}"

    def qualifier_prefix(self) -> str:
        return f"{self.qualifier} " if self.qualifier and self.qualifier.isascii() else \
            self.qualifier

    def change_text(self, words: dict[str, str]) -> str:
        """The change as a signed short text: ``+21% YoY``, ``−26.5% (narrowing)``."""
        if self.change is None:
            return ""
        sign = "+" if self.direction_id == "Increase" else "−"
        qual = "≈" if self.change_qualifier else ""
        text = f"{qual}{sign}{num(self.change)}{self.change_unit}"
        if self.basis:
            text += f" {words['yoy']}"
        elif self.since:
            text += f" ({words['since']} {self.since})"
        if self.direction_id == "Narrowing":
            text += f" ({self.direction})"
        return text


def num(value: Decimal) -> str:
    """A decimal as written: no exponent, no trailing zeros (``34``, ``17.4``)."""
    return plain_decimal(value)


def figure_rows(graph, *, lang: str = DEFAULT_LANG,
                base: str | None = None) -> list[FigureRow]:
    """Every figure of the built graph, read with ``FIGURES_SPARQL``, labels in ``lang``."""
    from kg.query.sparql import run

    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}'; use one of {', '.join(LANGS)}")
    text = FIGURES_SPARQL.replace("?lang", f'"{lang}"')
    rows: dict[str, FigureRow] = {}
    for r in run(graph, text, label="report figures", base=base):
        ident = str(r.id)
        row = rows.get(ident)
        if row is None:
            def opt(name, cast=str, default=None, r=r):  # r: this row (bound now)
                value = r[name]
                return default if value is None else cast(value.toPython() if cast is not str
                                                          else value)
            row = rows[ident] = FigureRow(
                id=ident, subject_id=str(r.subjectId), subject=str(r.subject),
                metric_id=str(r.metricId), metric=str(r.metric),
                value=opt("value", Decimal), min=opt("min", Decimal), max=opt("max", Decimal),
                multiplier=opt("multiplier", Decimal, Decimal(1)),
                multiplier_text=opt("multiplierText", default=""),
                amount=opt("amount", Decimal), min_amount=opt("minAmount", Decimal),
                max_amount=opt("maxAmount", Decimal), unit_id=opt("unitId"),
                unit=opt("unit", default=""), unit_name=opt("unitName", default=""),
                qualifier=opt("qualifier", default=""), period=opt("period", default=""),
                period_kind=opt("periodKind", default=""),
                start=opt("start", _day), end=opt("end", _day),
                change=opt("change", Decimal), change_unit=opt("changeUnit", default=""),
                direction_id=opt("directionId", default=""),
                direction=opt("direction", default=""), basis=opt("basis", default=""),
                since=opt("since", default=""),
                change_qualifier=opt("changeQualifier", default=""),
                quote=opt("quote", default=""), source=opt("sourceTitle", default=""))
        if r.flag is not None and str(r.flag) not in row.flags:
            row.flags.append(str(r.flag))
        if r.metricClass is not None and str(r.metricClass) not in row.metric_classes:
            row.metric_classes.append(str(r.metricClass))
    return list(rows.values())


# ------------------------------------------------------------------------------------ SVG
def esc(text) -> str:
    """``text`` escaped for HTML, attribute values and SVG text too, invisible characters shown
    as ``<U+202E>`` (``kg.views.html.visible_html``)."""
    return visible_html(text, markup=False)


class _Svg:
    """A tiny SVG writer: elements as text, every attribute value escaped."""

    def __init__(self, width: int, height: int, title: str, name: str) -> None:
        self.width, self.height, self.title, self.name = width, height, title, name
        self.parts: list[str] = []

    def el(self, tag: str, text: str | None = None, **attrs) -> None:
        attributes = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"'
                             for k, v in attrs.items() if v is not None)
        if text is None:
            self.parts.append(f"<{tag}{attributes}/>")
        else:
            self.parts.append(f"<{tag}{attributes}>{esc(text)}</{tag}>")

    def text(self, x, y, text, *, size=12, anchor="start", weight=None, fill=None,
             cls=None, figure=None, baseline=None) -> None:
        halo = {"stroke": "#ffffff", "stroke_width": 3, "paint_order": "stroke",
                "stroke_linejoin": "round"} if cls in ("value", "change") else {}
        self.el("text", text, x=f"{x:.1f}", y=f"{y:.1f}", font_size=size, text_anchor=anchor,
                font_weight=weight, fill=fill or COLOURS["text"], class_=cls,
                data_figure=figure, dominant_baseline=baseline, **halo)

    def raw(self, text: str) -> None:
        self.parts.append(text)

    def render(self) -> str:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" '
                f'data-chart="{esc(self.name)}" width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}" role="img" '
                f'aria-label="{esc(self.title)}" font-family="{esc(FONT)}">'
                f"<title>{esc(self.title)}</title>"
                '<defs><pattern id="hatch-{0}" width="6" height="6" '
                'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                '<rect width="6" height="6" fill="{1}"/>'
                '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2.2"/>'
                "</pattern></defs>".format(esc(self.name), COLOURS["alt"])
                + f'<rect width="{self.width}" height="{self.height}" fill="#ffffff"/>')
        heading = (f'<text x="16" y="26" font-size="16" font-weight="600" '
                   f'fill="{COLOURS["text"]}">{esc(self.title)}</text>')
        return head + heading + "".join(self.parts) + "</svg>"


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _tick_text(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}"


def _scale_of(rows: list[FigureRow]) -> tuple[Decimal, str]:
    """The multiplier shared by ``rows`` (to label an axis as the article does), else 1."""
    multipliers = {(r.multiplier, r.multiplier_text) for r in rows}
    return multipliers.pop() if len(multipliers) == 1 else (Decimal(1), "")


# ------------------------------------------------------------------------------------ charts
def _draw_bars(plan: Plan, lang: str) -> str:
    """One metric of one subject per period, the unit as stated; flagged figures hatched."""
    words = _words(lang)
    series, name = plan.rows, plan.name
    hatch = f"url(#hatch-{name})"
    factor, factor_text = _scale_of(series)
    units = list(dict.fromkeys(r.unit for r in series))
    svg = _Svg(WIDTH, 380, f"{series[0].subject} · {plan.title}", name)
    left, right, top, bottom = 64, WIDTH - 24, 70, 320
    values = [float(r.amount / factor) for r in series]
    ticks = _nice_ticks(max(values) * 1.12)
    y_of = lambda v: bottom - (bottom - top) * v / ticks[-1]  # noqa: E731
    for t in ticks:
        svg.el("line", x1=left, x2=right, y1=f"{y_of(t):.1f}", y2=f"{y_of(t):.1f}",
               stroke=COLOURS["grid"])
        svg.text(left - 8, y_of(t) + 4, _tick_text(t), size=11, anchor="end",
                 fill=COLOURS["muted"])
    axis = f"{factor_text or ''} ({words['as_stated']})".strip()
    svg.text(16, 50, f"{series[0].metric}: {axis}", size=12, fill=COLOURS["muted"])
    slot = (right - left) / len(series)
    bar = min(64.0, slot * 0.62)
    previous_unit = None
    for i, (r, v) in enumerate(zip(series, values)):
        x = left + slot * i + (slot - bar) / 2
        alt = r.unit != units[0]
        fill = hatch if r.flags else COLOURS["alt"] if alt else COLOURS["bar"]
        svg.el("rect", x=f"{x:.1f}", y=f"{y_of(v):.1f}", width=f"{bar:.1f}",
               height=f"{bottom - y_of(v):.1f}", fill=fill, class_="mark", data_figure=r.id,
               data_value=num(r.value), data_unit=r.unit,
               data_flag=" ".join(r.flags) or None)
        label = r.value_text() + (" ⚠" if r.flags else "")
        svg.text(x + bar / 2, y_of(v) - 6, label, size=12, anchor="middle", weight="600",
                 cls="value", figure=r.id, fill=COLOURS["down"] if r.flags else None)
        svg.text(x + bar / 2, bottom + 18, r.period, size=12, anchor="middle")
        if previous_unit is not None and r.unit != previous_unit:
            xs = left + slot * i
            svg.el("line", x1=f"{xs:.1f}", x2=f"{xs:.1f}", y1=top - 8, y2=bottom,
                   stroke=COLOURS["down"], stroke_dasharray="4 3")
            svg.text(xs + 4, top - 2, f"{words['currency_change']}: {previous_unit} → {r.unit}",
                     size=11, fill=COLOURS["down"])
        previous_unit = r.unit
    svg.el("line", x1=left, x2=right, y1=bottom, y2=bottom, stroke=COLOURS["axis"])
    # legend: one swatch per currency as stated, and the flag
    x = left
    for unit in units:
        sample = next(r for r in series if r.unit == unit)
        flagged = any(r.flags for r in series if r.unit == unit)
        fill = hatch if flagged else COLOURS["alt"] if unit != units[0] \
            else COLOURS["bar"]
        svg.el("rect", x=x, y=bottom + 32, width=14, height=14, fill=fill)
        text = f"{unit} = {sample.unit_name}" if unit and sample.unit_name and \
            sample.unit_name != unit else unit or words["unit_missing"]
        if flagged:
            text += f" — ⚠ {words['flagged']}"
        svg.text(x + 20, bottom + 44, text, size=12, cls="legend",
                 fill=COLOURS["down"] if flagged else None)
        x += 30 + 7.5 * len(text) + (6 * sum(1 for ch in text if ord(ch) > 0x2e80))
    if any(r.flags for r in series):
        svg.text(left, bottom + 64 - 2, words["flag_note"], size=11, fill=COLOURS["muted"])
    svg.height = 390
    return svg.render()


def _draw_comparison(plan: Plan, lang: str) -> str:
    """One metric of an owner's parts in one period, against the owner's own figure."""
    words = _words(lang)
    series, totals, shares, period = plan.rows, plan.totals, plan.shares, plan.period
    factor, factor_text = _scale_of(series + totals)
    row_h, top = 54, 84
    height = top + row_h * len(series) + (40 if totals else 0) + 48
    svg = _Svg(WIDTH, height, f"{plan.title} · {period}", plan.name)
    label_w, left, right = 150, 170, WIDTH - 210
    peak = max([float(r.amount / factor) for r in series + totals])
    ticks = _nice_ticks(peak * 1.05)
    x_of = lambda v: left + (right - left) * v / ticks[-1]  # noqa: E731
    bottom = top + row_h * len(series) + (40 if totals else 0)
    for t in ticks:
        svg.el("line", x1=f"{x_of(t):.1f}", x2=f"{x_of(t):.1f}", y1=top - 10, y2=bottom,
               stroke=COLOURS["grid"])
        svg.text(x_of(t), bottom + 16, _tick_text(t), size=11, anchor="middle",
                 fill=COLOURS["muted"])
    svg.text(16, 50, f"{series[0].metric}: {factor_text} ({words['as_stated']})", size=12,
             fill=COLOURS["muted"])
    svg.text(right + 16, top - 18, words["change"], size=11, fill=COLOURS["muted"])
    for i, r in enumerate(series):
        y = top + row_h * i
        v = float(r.amount / factor)
        svg.text(label_w + 8, y + 19, r.subject, size=13, anchor="end")
        svg.el("rect", x=left, y=y + 4, width=f"{x_of(v) - left:.1f}", height=24,
               fill=COLOURS["bar"] if r.unit else COLOURS["muted"], class_="mark",
               data_figure=r.id, data_value=num(r.value), data_unit=r.unit)
        text = r.value_text() + ("" if r.unit else f" ({words['unit_missing']})")
        share = shares.get(r.subject_id)
        svg.text(x_of(v) + 6, y + 21, text, size=12, weight="600", cls="value", figure=r.id)
        if share:
            svg.el("g", None, class_="mark", data_figure=share.id)
            svg.text(left + 4, y + 44, f"= {share.value_text()} {words['share']}", size=11,
                     cls="value", figure=share.id, fill=COLOURS["muted"])
        if r.change is not None:
            colour = COLOURS["up"] if r.direction_id == "Increase" else COLOURS["down"]
            change = r.change_text(words)
            if not r.basis and not r.since:
                change += f" ({words['basis_missing']})"
            svg.text(right + 16, y + 21, change, size=12, weight="600", fill=colour,
                     cls="change", figure=r.id)
    for total in totals:
        v = float(total.amount / factor)
        y = top + row_h * len(series) + 8
        svg.el("line", x1=f"{x_of(v):.1f}", x2=f"{x_of(v):.1f}", y1=top - 10, y2=y + 10,
               stroke=COLOURS["text"], stroke_dasharray="5 4", class_="mark",
               data_figure=total.id, data_value=num(total.value), data_unit=total.unit)
        text = f"{total.subject} {words['total']}: {total.value_text()}"
        svg.text(x_of(v) - 6, y + 22, text, size=12, anchor="end", weight="600", cls="value",
                 figure=total.id)
        if total.change is not None:
            svg.text(x_of(v) + 6, y + 22, total.change_text(words), size=12, weight="600",
                     fill=COLOURS["up"] if total.direction_id == "Increase" else
                     COLOURS["down"], cls="change", figure=total.id)
    svg.el("line", x1=left, x2=left, y1=top - 10, y2=bottom, stroke=COLOURS["axis"])
    return svg.render()


def _draw_lines(plan: Plan, lang: str) -> str:
    """Metrics of one subject at dates, one panel per metric on a shared time axis."""
    words = _words(lang)
    panels = plan.panels
    every = [r for p in panels for r in p]
    first = min(r.when for r in every)
    last = max(r.when for r in every)
    months = lambda d: d.year * 12 + d.month - 1  # noqa: E731
    lo, hi = months(first) - 1, months(last) + 1
    panel_h, top, left, right = 176, 78, 90, WIDTH - 150
    height = top + panel_h * len(panels) - 10
    svg = _Svg(WIDTH, height, f"{every[0].subject} · {plan.title}", plan.name)
    x_of = lambda d: left + (right - left) * (months(d) - lo) / (hi - lo)  # noqa: E731
    for n, panel in enumerate(panels):
        y0 = top + panel_h * n
        y1 = y0 + panel_h - 62
        ticks = _nice_ticks(max(float(r.amount) for r in panel) * 1.15, 4)
        y_of = lambda v, y0=y0, y1=y1, top=ticks[-1]: y1 - (y1 - y0) * v / top  # noqa: E731
        svg.text(16, y0 - 8, f"{panel[0].metric} ({panel[0].unit or words['unit_missing']})",
                 size=12, weight="600", fill=COLOURS["muted"])
        for t in ticks:
            svg.el("line", x1=left, x2=right, y1=f"{y_of(t):.1f}", y2=f"{y_of(t):.1f}",
                   stroke=COLOURS["grid"])
            svg.text(left - 8, y_of(t) + 4, _tick_text(t), size=11, anchor="end",
                     fill=COLOURS["muted"])
        colour = COLOURS["bar"] if n == 0 else COLOURS["alt"]
        points = [(x_of(r.when), y_of(float(r.amount))) for r in panel]
        if len(points) > 1:
            svg.el("polyline", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                   fill="none", stroke=colour, stroke_width=2.5)
        for r, (x, y) in zip(panel, points):
            svg.el("circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=6, fill=colour, class_="mark",
                   data_figure=r.id, data_value=num(r.value), data_unit=r.unit)
            svg.text(x, y - 12, r.value_text(), size=12, anchor="middle", weight="600",
                     cls="value", figure=r.id)
            if r.change is not None:
                svg.text(x + 10, y + 18, r.change_text(words), size=11, weight="600",
                         fill=COLOURS["up"] if r.direction_id == "Increase" else COLOURS["down"],
                         cls="change", figure=r.id)
            svg.text(x, y1 + 16, r.period, size=11, anchor="middle", fill=COLOURS["muted"])
        svg.el("line", x1=left, x2=right, y1=y1, y2=y1, stroke=COLOURS["axis"])
    return svg.render()


def _draw_changes(plan: Plan, lang: str) -> str:
    """Every stated change in % as a diverging bar: increases right, the others left."""
    words = _words(lang)
    series = list(plan.rows)
    series.sort(key=lambda r: (r.direction_id != "Increase", -r.change if
                               r.direction_id == "Increase" else r.change, r.id))
    row_h, top = 30, 78
    height = top + row_h * len(series) + 60
    svg = _Svg(WIDTH, height, plan.title, plan.name)
    label_w, right = 330, WIDTH - 24
    peak_up = max([float(r.change) for r in series if r.direction_id == "Increase"] or [0])
    peak_down = max([float(r.change) for r in series if r.direction_id != "Increase"] or [0])
    plot_left = label_w + 16
    span = right - plot_left - 150
    total = peak_up + peak_down or 1
    zero = plot_left + span * peak_down / total + 40
    unit = span / total
    svg.el("line", x1=f"{zero:.1f}", x2=f"{zero:.1f}", y1=top - 12,
           y2=top + row_h * len(series), stroke=COLOURS["axis"])
    for i, r in enumerate(series):
        y = top + row_h * i
        v = float(r.change)
        name = f"{r.subject} · {r.metric}" + (f" · {r.period}" if r.period else "")
        svg.text(label_w, y + 15, _clip(name, 54), size=12, anchor="end")
        colour = {"Increase": COLOURS["up"], "Decrease": COLOURS["down"]}.get(
            r.direction_id, COLOURS["narrow"])
        width = max(1.5, v * unit)
        x = zero if r.direction_id == "Increase" else zero - width
        svg.el("rect", x=f"{x:.1f}", y=y + 3, width=f"{width:.1f}", height=18, fill=colour,
               class_="mark", data_figure=r.id, data_value=num(r.change))
        text = r.change_text(words)
        if not r.basis and not r.since:
            text += f" ({words['basis_missing']})"
        if r.direction_id == "Increase":
            svg.text(x + width + 6, y + 16, text, size=12, weight="600", fill=colour,
                     cls="change", figure=r.id)
        else:
            svg.text(zero + 6, y + 16, text, size=12, weight="600", fill=colour, cls="change",
                     figure=r.id)
    y = top + row_h * len(series) + 26
    x = plot_left - 200
    for key, colour in (("increase", COLOURS["up"]), ("decrease", COLOURS["down"]),
                        ("narrowing", COLOURS["narrow"])):
        svg.el("rect", x=x, y=y - 11, width=14, height=14, fill=colour)
        svg.text(x + 20, y, words[key], size=12, cls="legend")
        x += 40 + 8 * len(words[key])
    return svg.render()


def _chart_figures(rows: list[FigureRow], lang: str, shown: set[str],
                   name: str = "figures", title: str | None = None) -> str | None:
    words = _words(lang)
    series: dict[tuple[str, str], list[FigureRow]] = {}
    for r in rows:
        series.setdefault((r.subject_id, r.metric_id), []).append(r)
    # a tile shows two figures: a longer series takes as many tiles as it needs
    tiles = [(key, group[i:i + 2]) for key, group in series.items()
             if not all(r.id in shown for r in group) for i in range(0, len(group), 2)]
    if not tiles:
        return None
    columns, tile_w, gap = 3, 236, 10
    tile_h = 70 + 48 * max(min(2, len(group)) for _, group in tiles)
    n_rows = math.ceil(len(tiles) / columns)
    height = 50 + n_rows * (tile_h + gap) + 10
    svg = _Svg(WIDTH, height, title or _figures_title(lang), name)
    for i, (_key, group) in enumerate(tiles):
        x = 16 + (i % columns) * (tile_w + gap)
        y = 44 + (i // columns) * (tile_h + gap)
        svg.el("rect", x=x, y=y, width=tile_w, height=tile_h, rx=6, fill=COLOURS["band"],
               stroke=COLOURS["grid"])
        svg.text(x + 10, y + 20, _clip(group[0].subject, 30), size=11, fill=COLOURS["muted"])
        svg.text(x + 10, y + 37, _clip(group[0].metric, 30), size=12, weight="600")
        for j, r in enumerate(group[:2]):
            line_y = y + 66 + j * 48
            value = r.value_text() or words["no_value"]
            svg.text(x + 10, line_y, value, size=18 if r.value_text() else 12, weight="700",
                     cls="value" if r.value_text() else None, figure=r.id,
                     fill=None if r.value_text() else COLOURS["muted"])
            svg.el("g", None, class_="mark", data_figure=r.id)
            detail = " ".join(t for t in (r.period, r.change_text(words)) if t)
            svg.text(x + 10, line_y + 20, _clip(detail, 34), size=11, fill=COLOURS["muted"],
                     cls="change" if r.change is not None else None, figure=r.id)
            if r.unit == "%" and (r.value is not None or r.max is not None):
                low = float(r.min if r.min is not None else 0)
                high = float(r.value if r.value is not None else r.max)
                bx, bw = x + 10, tile_w - 20
                svg.el("rect", x=bx, y=line_y + 28, width=bw, height=8, rx=3, fill="#ffffff",
                       stroke=COLOURS["grid"])
                svg.el("rect", x=f"{bx + bw * low / 100:.1f}", y=line_y + 28,
                       width=f"{bw * (high - low) / 100:.1f}", height=8, rx=3,
                       fill=COLOURS["bar"])
    return svg.render()


def _clip(text: str, width: int) -> str:
    """``text`` cut to about ``width`` Latin-letter widths (CJK counts double)."""
    out, used = "", 0
    for ch in text:
        used += 2 if ord(ch) > 0x2e80 else 1
        if used > width:
            return out + "…"
        out += ch
    return out


#: largest magnitude a chart draws: axes and scales stay finite floats (a figure beyond it,
#: 309 digits say, is shown in the tiles as written)
PLOT_LIMIT = 1e300


def _plottable(row: FigureRow) -> bool:
    """True when every number of ``row`` can be drawn on an axis (as a float, with room)."""
    return all(x is None or abs(float(x)) < PLOT_LIMIT for x in (
        row.value, row.min, row.max, row.amount, row.min_amount, row.max_amount, row.change))


_DRAW = {"bars": _draw_bars, "comparison": _draw_comparison, "lines": _draw_lines,
         "changes": _draw_changes}


@dataclass
class Chart:
    """One drawn chart of the report: its name, title, SVG and the company it belongs to."""

    name: str
    title: str
    svg: str
    company: str


def _charts(graph, rows: list[FigureRow], lang: str, base: str | None,
            specs=None, owners: dict[str, str] | None = None) -> list[Chart]:
    """Every chart, in page order: the planned ones (see ``kg.views.charts``), then per company
    the tiles of every figure they leave out (``figures``, or ``figures-COMPANY`` when the graph
    has figures of several companies)."""
    owners = owners_of(graph, base) if owners is None else owners
    plans = plan_charts([r for r in rows if _plottable(r)], owners, lang, specs)
    out = [Chart(plan.name, plan.title, _DRAW[plan.kind](plan, lang), plan.company)
           for plan in plans]

    def drawn(ident: str, kinds) -> bool:
        mark = f'data-figure="{esc(ident)}"'
        return any(mark in chart.svg for plan, chart in zip(plans, out) if plan.kind in kinds)

    # a figure counts as shown when a chart draws its value; one without a value, when the
    # changes chart draws its change
    shown = {r.id for r in rows if drawn(r.id, ("bars", "comparison", "lines")) or
             (r.value is None and r.min is None and drawn(r.id, ("changes",)))}
    known = companies(graph, rows, owners, lang, base)
    for company in known:
        name, title = "figures", _figures_title(lang)
        if len(known) > 1:
            name, title = f"figures-{company.id}", f"{company.label} · {title}"
        figures = _chart_figures([r for r in rows if root_of(r.subject_id, owners) ==
                                  company.id], lang, shown, name, title)
        if figures:
            out.append(Chart(name, title, figures, company.id))
    return out


def chart_names(graph, *, lang: str = DEFAULT_LANG, base: str | None = None,
                specs=None) -> list[str]:
    """The names ``--chart`` accepts for ``graph`` (with the project's ``charts:``, ``specs``)."""
    return [c.name for c in _charts(graph, figure_rows(graph, lang=lang, base=base), lang, base,
                                    specs)]


def render_chart(graph, name: str, *, lang: str = DEFAULT_LANG, base: str | None = None,
                 specs=None) -> str:
    """One chart of the report as a standalone SVG document.

    Args:
        specs: the project's ``charts:``; without, charts chosen from the data.

    Raises:
        UsageError: a name that is not one of the graph's charts.
    """
    charts = {c.name: c.svg for c in _charts(graph, figure_rows(graph, lang=lang, base=base),
                                             lang, base, specs)}
    if name not in charts:
        named = {spec.name for spec in specs or ()}
        if name in named:
            raise UsageError(f"the graph has no figures for the '{name}' chart")
        raise UsageError(f"unknown chart '{name}'; use one of {', '.join(charts) or '(none)'}")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + charts[name] + "\n"


def svg_size(svg: str) -> tuple[int, int]:
    """The width and height an SVG chart declares."""
    import re

    match = re.search(r'<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"', svg)
    if not match:
        raise UsageError("not a kg chart: no width and height")
    return int(match.group(1)), int(match.group(2))


def chromium_path() -> str:
    """The Chromium to rasterise with: ``$KG_CHROMIUM``, else ``chromium`` on the PATH."""
    found = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    if not found:
        raise UsageError("PNG needs Chromium (Debian: apt-get install chromium) or "
                         "KG_CHROMIUM=/path/to/chromium; --format svg needs nothing")
    return found


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def rasterise(svg: str, *, scale: float = 2.0) -> bytes:
    """The SVG chart as PNG, drawn by headless Chromium (offline: every request is refused).

    Args:
        svg: a standalone SVG (``render_chart``).
        scale: device pixels per SVG pixel (2 gives crisp slides).

    Raises:
        UsageError: Playwright or Chromium is missing.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise UsageError("PNG needs Playwright: run pip install -e '.[png]' in kg's source "
                         "directory; --format svg needs nothing") from None
    # Playwright's sync API refuses to run inside an event loop (a notebook, another sync
    # Playwright session): drawing in a thread of its own works everywhere.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_rasterise, svg, scale, sync_playwright).result()


def _rasterise(svg: str, scale: float, sync_playwright) -> bytes:
    width, height = svg_size(svg)
    body = svg.split("?>", 1)[-1]
    page_html = ('<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;'
                 'padding:0;background:#fff}svg{display:block}</style></head><body>'
                 + body + "</body></html>")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          device_scale_factor=scale)
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(page_html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            return page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": height},
                                   type="png")
        finally:
            browser.close()


# ------------------------------------------------------------------------------------ page
_CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:%(font)s;color:#1f2933;background:#f6f7f9;line-height:1.5}
header{background:#1f2933;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#cfd6de;font-size:14px}
nav{padding:8px 32px;background:#fff;border-bottom:1px solid #e3e6ea;font-size:14px}
nav a{margin-right:16px}
main{max-width:1120px;margin:0 auto;padding:16px 24px 40px}
h2{font-size:19px;margin:28px 0 12px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
a{color:#2458a6}
.counts{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.counts div{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:8px 14px}
.counts b{display:block;font-size:20px}
figure.card{background:#fff;border:1px solid #e3e6ea;border-radius:8px;margin:0 0 18px;
  padding:12px;overflow-x:auto}
figure.card svg{max-width:100%%;height:auto}
details{margin-top:6px;font-size:13px}
table{border-collapse:collapse;font-size:13px;background:#fff;margin:6px 0 12px}
th,td{border:1px solid #e3e6ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
.bar{display:inline-block;height:10px;background:#3b6fb6;border-radius:2px;vertical-align:middle}
.flag{color:#c0392b;font-weight:600}
.muted{color:#66707a}
footer{max-width:1120px;margin:0 auto;padding:0 24px 32px;color:#66707a;font-size:13px}
""" % {"font": FONT}


@dataclass
class Company:
    """A company the report covers: the root owner of some figures' subjects (itself, its
    units, segments, products, posts), with its figure count and the titles of their sources."""

    id: str
    label: str
    figures: int
    sources: list[str]


def companies(graph, rows: list[FigureRow], owners: dict[str, str], lang: str,
              base: str | None = None) -> list[Company]:
    """The companies the figures belong to (``kg.views.charts.root_of``), by id."""
    from kg.query.sparql import run

    found: dict[str, list[FigureRow]] = {}
    for r in rows:
        found.setdefault(root_of(r.subject_id, owners), []).append(r)
    labels = {r.subject_id: r.subject for r in rows}
    if set(found) - set(labels):
        values = " ".join(f'"{ident}"' for ident in sorted(set(found) - set(labels)))
        query = (f"SELECT ?id ?label WHERE {{ VALUES ?id {{ {values} }} ?e dcterms:identifier "
                 f'?id ; rdfs:label ?label . FILTER(lang(?label) = "{lang}") }}')
        labels.update({str(r.id): str(r.label) for r in run(graph, query, base=base)})
    return [Company(ident, labels.get(ident, ident), len(figs),
                    sorted({r.source for r in figs if r.source}))
            for ident, figs in sorted(found.items())]


def _company_of(known: list[Company], subject: str, owners: dict[str, str]) -> Company:
    """The company ``subject`` names, or a one-line error listing the known ones."""
    for company in known:
        if company.id == subject:
            return company
    ids = ", ".join(c.id for c in known) or "(none: the graph has no figures)"
    part = root_of(subject, owners)
    hint = f"'{subject}' is part of '{part}'; " if part != subject and \
        part in {c.id for c in known} else ""
    raise UsageError(f"--subject: '{subject}' is not a company with figures in the graph; "
                     f"{hint}use one of {ids}")


def _card(chart: Chart, rows: list[FigureRow], words: dict[str, str], graph_href: str) -> str:
    """One chart on the page, with its figures and their quotes under "Data"."""
    ids = {r.id for r in rows if f'data-figure="{esc(r.id)}"' in chart.svg}
    out = [f'<figure class="card" id="chart-{chart.name}">{chart.svg}',
           f"<details><summary>{esc(words['data'])}</summary><table><tr>"
           f"<th>{esc(words['figure'])}</th><th>{esc(words['entity'])}</th>"
           f"<th>{esc(words['value'])}</th><th>{esc(words['period'])}</th>"
           f"<th>{esc(words['quote'])}</th></tr>"]
    for r in rows:
        if r.id not in ids:
            continue
        value = " · ".join(t for t in (r.value_text(), r.change_text(words)) if t)
        flag = f' <span class="flag">⚠ {esc(words["flagged"])}</span>' if r.flags else ""
        out.append(f'<tr data-row="{esc(r.id)}"><td>{esc(r.id)}</td>'
                   f'<td><a href="{esc(graph_href)}#focus={esc(r.subject_id)}">'
                   f"{visible_html(r.subject)}</a></td><td>{esc(value)}{flag}</td>"
                   f"<td>{esc(r.period)}</td><td>「{visible_html(r.quote)}」</td></tr>")
    out.append("</table></details></figure>")
    return "\n".join(out)


def _companies_html(known: list[Company], words: dict[str, str], graph_href: str) -> str:
    """The table the report opens with: each company, its figure count and its sources."""
    out = [f'<h2 id="companies">{esc(words["companies"])}</h2><table id="company-list"><tr>'
           f"<th>{esc(words['company'])}</th><th>{esc(words['figures'])}</th>"
           f"<th>{esc(words['sources'])}</th></tr>"]
    out += [f'<tr data-company="{esc(c.id)}"><td><a href="#company-{esc(c.id)}">{visible_html(c.label)}'
            f'</a> <span class="muted">{esc(c.id)}</span> <a href="{esc(graph_href)}#focus='
            f'{esc(c.id)}" title="{esc(words["open_graph"])}">↗</a></td><td class="num" '
            f'data-figures="{c.figures}">{c.figures}</td><td>'
            f"{'<br>'.join(esc(t) for t in c.sources)}</td></tr>" for c in known]
    out.append("</table>")
    return "\n".join(out)


def render_report(graph, *, base: str, title: str = "kg", lang: str = DEFAULT_LANG,
                  graph_href: str = "graph.html", structure: dict | None = None,
                  charts=None, subject: str | None = None) -> str:
    """The report page: the companies it covers, then per company its charts and the figures
    behind them, then the graph's structural summary.

    Args:
        graph: the built rdflib graph (data and ontology).
        base: the project's instance base IRI.
        title: the project's name, shown as the page title.
        lang: the language of labels and words (``en``, ``zh-Hant``, ``zh-Hans``).
        graph_href: relative URL of the graph view; entities link to
            ``{graph_href}#focus={id}``.
        structure: ``kg.query.analytics.summarize_structure`` output, when already computed.
        charts: the project's ``charts:`` (``Project.charts``); without, charts chosen from
            the data (``kg.views.charts``).
        subject: a company's id: only its part (its figures and those of its units, segments,
            products and posts), without the graph's structure.

    Raises:
        UsageError: ``subject`` is not one of the companies (the message lists them).
    """
    from kg.query.sparql import run

    words = _words(lang)
    rows = figure_rows(graph, lang=lang, base=base)
    owners = owners_of(graph, base)
    known = companies(graph, rows, owners, lang, base)
    drawn = _charts(graph, rows, lang, base, charts, owners)
    sources = [(str(r.title), str(r.date)[:10] if r.date is not None else "")
               for r in run(graph, _SOURCE_SPARQL, base=base)]
    heading = f"{esc(title)} — {esc(words['report'])}"
    if subject is not None:
        company = _company_of(known, subject, owners)
        known, heading = [company], f"{esc(company.label)} · {heading}"
        rows = [r for r in rows if root_of(r.subject_id, owners) == subject]
        drawn = [c for c in drawn if c.company == subject]
        sources = [s for s in sources if s[0] in company.sources]
    out = ["<!DOCTYPE html>", f'<html lang="{esc(lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; img-src data:; base-uri \'none\'; '
           'form-action \'none\'">',
           f"<title>{heading}</title>", f"<style>{_CSS}</style></head><body>",
           f"<header><h1>{heading}</h1>"]
    for source_title, published in sources:
        out.append(f"<p>{esc(words['source'])}: {esc(source_title)}"
                   f"{' · ' + esc(published) if published else ''}</p>")
    out.append("</header><nav>")
    out += [f'<a href="#chart-{c.name}">{esc(c.title)}</a>' for c in drawn]
    out.append((f'<a href="#structure">{esc(words["structure"])}</a>' if subject is None
                else "") + f'<a href="{esc(graph_href)}">{esc(words["open_graph"])}</a></nav><main>')
    out.append(_companies_html(known, words, graph_href))
    out.append(_body(graph, base, lang, rows, drawn, known, sources, words, graph_href,
                     structure if subject is None else False))
    out.append(f"</main><footer>{esc(words['generated'])}</footer></body></html>")
    return "\n".join(out) + "\n"


def _body(graph, base: str, lang: str, rows: list[FigureRow], drawn: list[Chart],
          known: list[Company], sources: list, words: dict[str, str], graph_href: str,
          structure) -> str:
    """The counts, a section of charts per company, and the structure (unless ``structure``
    is False: a one-company report)."""
    from kg.query.analytics import summarize_structure

    if structure is not False:
        structure = structure or summarize_structure(graph, base, lang=lang)
        counts = (("entities", sum(structure["entities_per_class"].values())),
                  ("statements", sum(structure["statements_per_relation"].values())),
                  ("figures", len(rows)), ("sources", len(sources)))
    else:
        counts = (("figures", len(rows)), ("sources", len(sources)))
    out = ['<div class="counts">']
    out += [f'<div><b data-count="{key}">{value}</b>{esc(words[key])}</div>'
            for key, value in counts]
    out.append("</div>")
    out.append(f'<h2 id="charts">{esc(words["charts"])}</h2>')
    order = list(dict.fromkeys([c.company for c in drawn] + [c.id for c in known]))
    labels = {c.id: c.label for c in known}
    for company in order:
        out.append(f'<section class="company" id="company-{esc(company)}" data-company='
                   f'"{esc(company)}"><h3>{esc(labels.get(company, company))} <span '
                   f'class="muted">{esc(company)}</span></h3>')
        out += [_card(chart, rows, words, graph_href) for chart in drawn
                if chart.company == company]
        out.append("</section>")
    if structure is not False:

        def link(entry: dict) -> str:
            return (f'<a href="{esc(graph_href)}#focus={esc(entry["id"])}" '
                    f'title="{esc(words["open_graph"])}">{esc(entry["label"])}</a> '
                    f'<span class="muted">{esc(entry["id"])}</span>')

        out.append(_structure_html(structure, words, link))
    return "\n".join(out)


def _structure_html(s: dict, words: dict[str, str], link) -> str:
    out = [f'<h2 id="structure">{esc(words["structure"])}</h2><div class="grid">']
    out.append(f"<div><h3>{esc(words['per_class'])}</h3><table><tr><th>{esc(words['class'])}"
               f"</th><th>{esc(words['count'])}</th></tr>")
    out += [f'<tr><td>{esc(c)}</td><td class="num">{n}</td></tr>'
            for c, n in s["entities_per_class"].items()]
    out.append(f"</table></div><div><h3>{esc(words['per_relation'])}</h3><table><tr><th>"
               f"{esc(words['relation'])}</th><th>{esc(words['count'])}</th></tr>")
    out += [f'<tr><td>{esc(r)}</td><td class="num">{n}</td></tr>'
            for r, n in s["statements_per_relation"].items()]
    out.append("</table></div></div><div class=\"grid\">")
    top_degree = max([e["degree"] for e in s["degree_top"]] or [1])
    out.append(f"<div><h3>{esc(words['degree_top'])}</h3><table id=\"degree-top\"><tr><th>"
               f"{esc(words['entity'])}</th><th>{esc(words['degree'])}</th></tr>")
    out += [f'<tr><td>{link(e)}</td><td class="num">{e["degree"]} <span class="bar" '
            f'style="width:{80 * e["degree"] / top_degree:.0f}px"></span></td></tr>'
            for e in s["degree_top"]]
    top_rank = max([e["pagerank"] for e in s["pagerank_top"]] or [1])
    out.append(f"</table></div><div><h3>{esc(words['pagerank_top'])}</h3><table "
               f"id=\"pagerank-top\"><tr><th>{esc(words['entity'])}</th><th>"
               f"{esc(words['pagerank'])}</th></tr>")
    out += [f'<tr><td>{link(e)}</td><td class="num">{e["pagerank"]:.4f} <span class="bar" '
            f'style="width:{80 * e["pagerank"] / top_rank:.0f}px"></span></td></tr>'
            for e in s["pagerank_top"]]
    out.append("</table></div></div>")
    comp = s["components"]
    out.append(f"<h3>{esc(words['components'])}: <span data-count=\"components\">"
               f"{comp['count']}</span></h3><p>{esc(words['size'])}: "
               f"{esc(', '.join(map(str, comp['sizes'])) or words['none'])}</p>")
    for minor in comp["minor"]:
        out.append(f"<p>{esc(words['apart'])}: " + ", ".join(link(e) for e in minor) + "</p>")
    com = s["communities"]
    out.append(f"<h3>{esc(words['communities'])} (Louvain, seed {com['seed']}): "
               f"<span data-count=\"communities\">{com['count']}</span>, "
               f"{esc(words['modularity'])} {com['modularity']}</h3><table id=\"communities\">"
               f"<tr><th>{esc(words['size'])}</th><th>{esc(words['around'])}</th><th>"
               f"{esc(words['members'])}</th></tr>")
    for group in com["groups"]:
        members = ", ".join(link(e) for e in group["members"])
        out.append(f'<tr><td class="num">{group["size"]}</td><td>{link(group["hub"])}</td>'
                   f"<td>{members}</td></tr>")
    out.append("</table>")
    without = s["without_statements"]
    out.append(f"<h3>{esc(words['without'])}: <span data-count=\"without\">{len(without)}"
               f"</span></h3><table id=\"without\"><tr><th>{esc(words['entity'])}</th><th>"
               f"{esc(words['class'])}</th><th>{esc(words['used_as'])}</th></tr>")
    out += [f"<tr><td>{link(e)}</td><td>{esc(e['class'])}</td><td>{esc(', '.join(e['uses']))}"
            f"</td></tr>" for e in without]
    out.append("</table>")
    return "\n".join(out)
