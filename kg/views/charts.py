"""Which charts the report draws, chosen from the data: the metric, its unit and period kind,
grouped per subject entity, or named by the project (``charts:`` in data/kg.yaml).

Figures are grouped by the entity they belong to: a figure's subject, or the *owner* of that
subject, the entity that has it as a part. Ownership is read from the graph and the ontology: a
statement ``owner relation part`` between two entities that both have figures, where the
relation's ``rdfs:range`` is neither its ``rdfs:domain`` nor one of the domain's superclasses (so
``hasSegment``: Company -> BusinessSegment, ``hasUnit`` and ``offers`` make parts; peers such as
``competesWith``: Organization -> Organization, and part-to-whole relations such as ``unitOf`` do
not). Two companies therefore never share a chart, unless one owns the other.

Chosen without ``charts:``, per group (groups by id), in this order:

* ``bars``: a series of one metric of one subject over periods (not dates), two figures or more;
* ``lines``: the metrics of one subject stated at dates (as of), two figures or more each;
* ``comparison``: one metric of several parts of an owner in one period (the period with most
  parts), against the owner's own figure in the same unit and period, with the parts' shares (%);
* ``changes``: every change stated in %, when there are two or more;

and then ``figures``, the report's tiles of every figure not drawn yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from kg.text import simplified
from kg.vocab import label_order

if TYPE_CHECKING:
    from kg.inputs.project import ChartSpec
    from kg.views.report import FigureRow

__all__ = ["Plan", "owners_of", "part_relations", "plan_charts"]

#: Titles of charts chosen from the data: (en, zh-Hant), formatted with the labels drawn.
_TITLES = {
    "bars": ("{metric} per period, as stated", "{metric}(按原文)"),
    "lines": ("{metric} over time", "{metric}隨時間的變化"),
    "comparison": ("{metric} of {owner}'s parts", "{owner}各部分的{metric}"),
    "changes": ("Every stated change: {owner}", "{owner}:原文所述的所有變化"),
}
_INTERVALS_ONLY = "as-of"   # the period kind of a date; every other kind is an interval


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


def part_relations(graph) -> set:
    """Relations from a whole to its part: some domain of the relation differs from some range
    that is not one of the domain's ancestors (``hasSegment``, ``hasUnit``, ``offers``; not
    ``competesWith``, whose ends are alike, nor ``unitOf``, which points up)."""
    from rdflib.namespace import RDFS

    def ancestors(cls) -> set:
        seen, todo = set(), list(graph.objects(cls, RDFS.subClassOf))
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(graph.objects(parent, RDFS.subClassOf))
        return seen

    return {relation for relation in set(graph.subjects(RDFS.domain, None))
            if any(domain != range_ and range_ not in ancestors(domain)
                   for domain in graph.objects(relation, RDFS.domain)
                   for range_ in graph.objects(relation, RDFS.range))}


def owners_of(graph, base: str | None = None) -> dict[str, str]:
    """part id -> owner id, for entities that both have figures and are linked by a statement
    along a part relation (:func:`part_relations`); a part with several owners keeps the first
    by id. Read from the graph's triples: two SPARQL queries cost more to parse than this."""
    from rdflib.namespace import DCTERMS

    from kg.vocab import KGO

    ids = {}
    for node in set(graph.objects(None, KGO.figureOf)):
        ident = graph.value(node, DCTERMS.identifier)
        if ident is not None:
            ids[node] = str(ident)
    parts = part_relations(graph)
    links = sorted({(ids[part], ids[owner]) for part in ids
                    for owner, relation in graph.subject_predicates(part)
                    if owner in ids and owner != part and relation in parts})
    out: dict[str, str] = {}
    for part_id, owner_id in links:
        out.setdefault(part_id, owner_id)
    return out


def _root(ident: str, owners: dict[str, str]) -> str:
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
    return sorted((r for r in rows if r.amount is not None and r.start), key=lambda r: (r.start,
                                                                                        r.id))


def _bars(rows, spec: "ChartSpec") -> list["FigureRow"]:
    series: dict[tuple[str, str], list] = {}
    for r in _dated(rows):
        if r.period_kind != _INTERVALS_ONLY and spec.matches(r.metric_id, r.metric_classes) \
                and (spec.subject is None or r.subject_id == spec.subject):
            series.setdefault((r.subject_id, r.metric_id), []).append(r)
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
            and (spec.subject is None or _root(r.subject_id, owners) == spec.subject)]


def _plan(spec: "ChartSpec", rows, owners: dict[str, str], lang: str, title: str) -> Plan | None:
    """The figures ``spec`` draws, or None when the graph has none for it."""
    if spec.kind == "bars":
        series = _bars(rows, spec)
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


def _chosen(rows, owners: dict[str, str], lang: str) -> list[Plan]:
    """The charts the data calls for, per group (see the module's docstring)."""
    from kg.inputs.project import ChartSpec

    out: list[Plan] = []
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(_root(r.subject_id, owners), []).append(r)
    for root, group in sorted(groups.items()):
        series: dict[tuple[str, str, bool], list] = {}
        for r in _dated(group):
            series.setdefault((r.subject_id, r.metric_id, r.period_kind == _INTERVALS_ONLY),
                              []).append(r)
        for (subject, metric, dated), figs in sorted(series.items()):
            if not dated and len(figs) >= 2:
                spec = ChartSpec(f"bars-{subject}-{metric}", "bars", (metric,), subject=subject)
                out.append(_plan(spec, group, owners, lang, _auto_title(
                    "bars", lang, metric=figs[0].metric)))
        for subject in sorted({s for s, _m, dated in series if dated}):
            metrics = tuple(m for s, m, dated in sorted(series) if s == subject and dated
                            and len(series[(s, m, dated)]) >= 2)
            if metrics:
                spec = ChartSpec(f"lines-{subject}", "lines", metrics, subject=subject)
                names = " / ".join(series[(subject, m, True)][0].metric for m in metrics)
                out.append(_plan(spec, group, owners, lang, _auto_title("lines", lang,
                                                                        metric=names)))
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


def plan_charts(rows, owners: dict[str, str], lang: str,
                specs: Iterable["ChartSpec"] | None = None) -> list[Plan]:
    """The charts to draw, in page order: ``specs`` (a project's ``charts:``) when given, each
    one the graph has figures for; else the charts the data calls for."""
    if not specs:
        return _chosen(rows, owners, lang)
    plans = (_plan(spec, rows, owners, lang, _title(spec, lang)) for spec in specs)
    return [p for p in plans if p is not None]
