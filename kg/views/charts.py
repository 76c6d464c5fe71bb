"""Which charts the report draws, chosen from the data: the metric, its unit and period kind,
grouped per subject entity, or named by the project (``charts:`` in data/kg.yaml).

Figures are grouped by the company they belong to: a figure's subject, or the entity that owns
that subject, up to the top (its *root*). Ownership is read from the graph's statements along the
relations in ``WHOLE_TO_PART`` (``hasUnit``, ``hasSegment``, ``offers``) and ``PART_TO_WHOLE``
(``unitOf``, ``postIn``, ``partOf``), and their ``owl:inverseOf``; peers (``competesWith``) and
the ends of events (``carriedOutBy``, ``affects``) never make one entity part of another. Two
companies therefore never share a chart, nor a series, unless one owns the other.

A series is one subject, one metric and one period kind: a bar series never mixes a year with a
half-year or a quarter (the half would read as a fall), and a line never joins two subjects'
points. Points are ordered by their interval's start, then by its length, shorter first (so
``2024-Q1``, ``2024-H1``, ``2024`` when they are drawn together, and ``2024-Q2`` after them: it
starts later); an as-of date is an instant.

Chosen without ``charts:``, per group (groups by id), in this order:

* ``bars``: a series of one metric of one subject over periods of one kind (not dates), two
  figures or more (named ``bars-SUBJECT-METRIC``, plus ``-KIND`` when the metric has series of
  several period kinds);
* ``lines``: the metrics of one subject stated at dates (as of), two figures or more each;
* ``comparison``: one metric of several parts of an owner in one period (the period with most
  parts), against the owner's own figure in the same unit and period, with the parts' shares (%);
* ``changes``: every change stated in %, when there are two or more;

and then ``figures``, the report's tiles of every figure not drawn yet (one set per company).

A chart named in ``charts:`` without a ``subject`` is drawn once per company that has figures for
it: ``NAME`` when one company has, else ``NAME-COMPANY`` for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from kg.text import simplified
from kg.vocab import label_order

if TYPE_CHECKING:
    from kg.inputs.project import ChartSpec
    from kg.views.report import FigureRow

__all__ = ["PART_TO_WHOLE", "Plan", "WHOLE_TO_PART", "company_of", "owners_of", "plan_charts",
           "root_of"]

#: Titles of charts chosen from the data: (en, zh-Hant), formatted with the labels drawn.
_TITLES = {
    "bars": ("{metric} per period, as stated", "{metric}(按原文)"),
    "lines": ("{metric} over time", "{metric}隨時間的變化"),
    "comparison": ("{metric} of {owner}'s parts", "{owner}各部分的{metric}"),
    "changes": ("Every stated change: {owner}", "{owner}:原文所述的所有變化"),
}
_INTERVALS_ONLY = "as-of"   # the period kind of a date; every other kind is an interval
#: Relations from a whole to its part, and from a part to its whole (kgo local names).
WHOLE_TO_PART = ("hasUnit", "hasSegment", "offers")
PART_TO_WHOLE = ("unitOf", "postIn", "partOf")


@dataclass
class Plan:
    """One chart to draw: its name, kind, title and the figures it shows."""

    name: str
    kind: str
    title: str
    rows: list = field(default_factory=list)      # bars, changes, comparison: the marks
    panels: list = field(default_factory=list)    # lines: one list of rows per metric
    totals: list = field(default_factory=list)    # comparison: the owner's own figures
    shares: dict = field(default_factory=dict)    # comparison: part id -> its share (%)
    period: str = ""                              # comparison: the period compared
    company: str = ""                             # the company whose figures it draws


def _ownership(graph) -> tuple[set, set]:
    """(whole -> part relations, part -> whole relations) as IRIs, with their inverses."""
    from rdflib.namespace import OWL

    from kg.vocab import KGO

    down = {KGO[name] for name in WHOLE_TO_PART}
    up = {KGO[name] for name in PART_TO_WHOLE}
    for one, other in list(graph.subject_objects(OWL.inverseOf)):
        for relation, inverse in ((one, other), (other, one)):
            if relation in down:
                up.add(inverse)
            elif relation in up:
                down.add(inverse)
    return down, up


def owners_of(graph, base: str | None = None) -> dict[str, str]:
    """entity id -> the id of the entity that has it as a part, read from the graph's plain
    triples along ``WHOLE_TO_PART`` and ``PART_TO_WHOLE`` (and their inverses); an entity with
    several owners keeps the first by id. Read from the triples: SPARQL costs more to parse."""
    from rdflib.namespace import DCTERMS

    down, up = _ownership(graph)
    ids: dict = {}

    def ident(node) -> str | None:
        if node not in ids:
            value = graph.value(node, DCTERMS.identifier)
            ids[node] = None if value is None else str(value)
        return ids[node]

    links = set()
    for relations, flip in ((down, False), (up, True)):
        for relation in relations:
            for one, other in graph.subject_objects(relation):
                whole, part = (other, one) if flip else (one, other)
                whole_id, part_id = ident(whole), ident(part)
                if whole_id and part_id and whole_id != part_id:
                    links.add((part_id, whole_id))
    out: dict[str, str] = {}
    for part_id, owner_id in sorted(links):
        out.setdefault(part_id, owner_id)
    return out


def root_of(ident: str, owners: dict[str, str]) -> str:
    """The company ``ident`` belongs to: its owner's owner, up to one that has none."""
    seen = {ident}
    while ident in owners and owners[ident] not in seen:
        ident = owners[ident]
        seen.add(ident)
    return ident


def _title(spec: "ChartSpec", lang: str) -> str:
    titles = dict(spec.title)
    if lang not in titles and lang == "zh-Hans" and "zh-Hant" in titles:
        return simplified(titles["zh-Hant"])
    return next((titles[tag] for tag in label_order(lang) if tag in titles), spec.name)


def _auto_title(kind: str, lang: str, **labels: str) -> str:
    en, zh = _TITLES[kind]
    if lang == "en":
        text = en.format(**labels)
        return text[:1].upper() + text[1:]
    text = zh.format(**labels)
    return simplified(text) if lang == "zh-Hans" else text


def _dated(rows: Iterable["FigureRow"]) -> list["FigureRow"]:
    """The rows with an amount and a date, by the start of their period, then its length
    (shorter first), then id."""
    return sorted((r for r in rows if r.amount is not None and r.start),
                  key=lambda r: (r.start, r.end or r.start, r.id))


def _bars(rows, spec: "ChartSpec", kind: str | None = None) -> list["FigureRow"]:
    """The longest series (one subject, metric and period kind; ``kind`` when given) ``spec``
    matches."""
    series: dict[tuple[str, str, str], list] = {}
    for r in _dated(rows):
        if r.period_kind != _INTERVALS_ONLY and spec.matches(r.metric_id, r.metric_classes) \
                and (spec.subject is None or r.subject_id == spec.subject) \
                and (kind is None or r.period_kind == kind):
            series.setdefault((r.subject_id, r.metric_id, r.period_kind), []).append(r)
    if not series:
        return []
    return max(sorted(series.items()), key=lambda kv: len(kv[1]))[1]


def _lines(rows, spec: "ChartSpec") -> list[list["FigureRow"]]:
    dated = [r for r in _dated(rows) if r.period_kind == _INTERVALS_ONLY
             and spec.matches(r.metric_id, r.metric_classes)]
    subject = spec.subject or (min(r.subject_id for r in dated) if dated else None)
    metrics = spec.metrics or tuple(dict.fromkeys(r.metric_id for r in dated
                                                  if r.subject_id == subject))
    panels = [[r for r in dated if r.metric_id == m and r.subject_id == subject] for m in metrics]
    return [p for p in panels if p]


def _comparison(rows, spec: "ChartSpec", owners: dict[str, str]) -> Plan | None:
    parts = [r for r in rows if r.amount is not None and spec.matches(r.metric_id,
                                                                      r.metric_classes)
             and r.subject_id in owners and (spec.subject is None or
                                             owners[r.subject_id] == spec.subject)]
    by_period: dict[tuple[str, str], list] = {}
    for r in parts:
        by_period.setdefault((owners[r.subject_id], r.period), []).append(r)
    if not by_period:
        return None
    (owner, period), series = max(by_period.items(), key=lambda kv: (len(kv[1]),
                                                                     str(kv[1][0].start)))
    series.sort(key=lambda r: (-r.amount, r.id))
    start, units = series[0].start, {r.unit_id for r in series} - {None}
    members = {r.subject_id for r in series}
    totals = [r for r in rows if r.subject_id == owner and r.start == start and r.period ==
              period and r.amount is not None and r.unit_id in units]
    shares = {r.subject_id: r for r in rows if r.subject_id in members and r.unit == "%"
              and r.period == period and r.value is not None}
    return Plan(name="", kind="comparison", title="", rows=series, totals=totals, shares=shares,
                period=period)


def _changes(rows, spec: "ChartSpec", owners: dict[str, str]) -> list["FigureRow"]:
    return [r for r in rows if r.change is not None and r.change_unit == "%"
            and spec.matches(r.metric_id, r.metric_classes)
            and (spec.subject is None or root_of(r.subject_id, owners) == spec.subject)]


def _plan(spec: "ChartSpec", rows, owners: dict[str, str], lang: str, title: str,
          kind: str | None = None) -> Plan | None:
    """The figures ``spec`` draws (bars: of period ``kind`` when given), or None when the graph
    has none for it."""
    if spec.kind == "bars":
        series = _bars(rows, spec, kind)
        return Plan(spec.name, "bars", title, rows=series) if series else None
    if spec.kind == "lines":
        panels = _lines(rows, spec)
        return Plan(spec.name, "lines", title, panels=panels) if panels else None
    if spec.kind == "comparison":
        plan = _comparison(rows, spec, owners)
        if plan is not None:
            plan.name, plan.title = spec.name, title
        return plan
    series = _changes(rows, spec, owners)
    return Plan(spec.name, "changes", title, rows=series) if series else None


def _label(rows, ident: str) -> str:
    return next((r.subject for r in rows if r.subject_id == ident), ident)


def _chosen_bars(group, owners: dict[str, str], lang: str) -> list[Plan | None]:
    """A bars chart per series of two figures or more over periods of one kind."""
    from kg.inputs.project import ChartSpec

    series: dict[tuple[str, str], dict[str, list]] = {}
    for r in _dated(group):
        if r.period_kind != _INTERVALS_ONLY:
            series.setdefault((r.subject_id, r.metric_id), {}).setdefault(
                r.period_kind, []).append(r)
    out = []
    for (subject, metric), kinds in sorted(series.items()):
        for kind, figs in sorted(kinds.items()):
            if len(figs) >= 2:
                name = f"bars-{subject}-{metric}" + (f"-{kind}" if len(kinds) > 1 else "")
                spec = ChartSpec(name, "bars", (metric,), subject=subject)
                out.append(_plan(spec, group, owners, lang, _auto_title(
                    "bars", lang, metric=figs[0].metric), kind))
    return out


def _chosen_lines(group, owners: dict[str, str], lang: str) -> list[Plan | None]:
    """A lines chart per subject: its metrics with two figures or more at dates."""
    from kg.inputs.project import ChartSpec

    series: dict[tuple[str, str], list] = {}
    for r in _dated(group):
        if r.period_kind == _INTERVALS_ONLY:
            series.setdefault((r.subject_id, r.metric_id), []).append(r)
    out = []
    for subject in sorted({s for s, _m in series}):
        metrics = tuple(m for s, m in sorted(series) if s == subject
                        and len(series[(s, m)]) >= 2)
        if metrics:
            spec = ChartSpec(f"lines-{subject}", "lines", metrics, subject=subject)
            names = " / ".join(series[(subject, m)][0].metric for m in metrics)
            out.append(_plan(spec, group, owners, lang, _auto_title("lines", lang,
                                                                    metric=names)))
    return out


def _chosen(rows, owners: dict[str, str], lang: str) -> list[Plan]:
    """The charts the data calls for, per company (see the module's docstring)."""
    from kg.inputs.project import ChartSpec

    out: list[Plan | None] = []
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(root_of(r.subject_id, owners), []).append(r)
    for root, group in sorted(groups.items()):
        out += _chosen_bars(group, owners, lang) + _chosen_lines(group, owners, lang)
        parts = {r.subject_id for r in group if r.subject_id in owners}
        for metric in sorted({r.metric_id for r in group if r.subject_id in parts}):
            for owner in sorted({owners[p] for p in parts}):
                spec = ChartSpec(f"comparison-{owner}-{metric}", "comparison", (metric,),
                                 subject=owner)
                plan = _plan(spec, group, owners, lang, "")
                if plan is not None and len(plan.rows) >= 2:
                    plan.title = _auto_title("comparison", lang, metric=plan.rows[0].metric,
                                             owner=_label(group, owner))
                    out.append(plan)
        spec = ChartSpec(f"changes-{root}", "changes", subject=root)
        plan = _plan(spec, group, owners, lang, _auto_title("changes", lang,
                                                            owner=_label(group, root)))
        if plan is not None and len(plan.rows) >= 2:
            out.append(plan)
    return [p for p in out if p is not None]


def _named(spec: "ChartSpec", rows, owners: dict[str, str], lang: str) -> list[Plan]:
    """The charts a ``charts:`` entry draws: one, or with no ``subject:``, one per company that
    has figures for it (``NAME-COMPANY`` when there are several)."""
    title = _title(spec, lang)
    if spec.subject is not None:
        plan = _plan(spec, rows, owners, lang, title)
        return [plan] if plan is not None else []
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(root_of(r.subject_id, owners), []).append(r)
    plans = [(root, _plan(spec, group, owners, lang, title))
             for root, group in sorted(groups.items())]
    plans = [(root, plan) for root, plan in plans if plan is not None]
    if len(plans) > 1:
        for root, plan in plans:
            plan.name = f"{spec.name}-{root}"
    return [plan for _root_id, plan in plans]


def company_of(plan: Plan, owners: dict[str, str]) -> str:
    """The company whose figures ``plan`` draws (the root of its first figure's subject)."""
    first = (plan.rows or [r for panel in plan.panels for r in panel])[0]
    return root_of(first.subject_id, owners)


def plan_charts(rows, owners: dict[str, str], lang: str,
                specs: Iterable["ChartSpec"] | None = None) -> list[Plan]:
    """The charts to draw, in page order: ``specs`` (a project's ``charts:``) when given, each
    one the graph has figures for; else the charts the data calls for. Each plan's
    ``company`` is set."""
    if not specs:
        plans = _chosen(rows, owners, lang)
    else:
        plans = [plan for spec in specs for plan in _named(spec, rows, owners, lang)]
    for plan in plans:
        plan.company = company_of(plan, owners)
    return plans
