"""Data-quality checks beyond the shapes: what is well-formed but suspicious (``kg check``).

Two of them compare figures with each other, allowing for the rounding of what is written: a
stated value stands for the interval of numbers it rounds from (half a unit of its last written
digit: ``34`` is 33.5-34.5, ``7.34`` is 7.335-7.345), widened by 5% for ``approximately`` and
below for ``nearly``, open above for ``more-than`` and below for ``up-to``; a range is its ends.
Two figures contradict each other only when their intervals do not meet:

* ``conflicting-values``: two sources state one subject's metric for one period (or date) in
  one unit, and the values cannot be the same number;
* ``implied-earlier-value``: a figure with a change in % to a known earlier period (``since:``,
  or year-on-year: the same period a year before) implies the earlier value (``7.34億`` after a
  7.7% decrease implies 7.95億), and the figure of its series stated for that period lies
  outside the interval the two roundings allow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kg.inputs.facts import Entity, Facts, Figure
from kg.text import name_key, printable

#: Warning kinds, in report order.
KINDS = ("conflicting-values", "implied-earlier-value", "mixed-units", "figure-without-period",
         "unused-entity", "quote-misses-ends", "duplicate-entity")
#: How far ``approximately`` (either way) and ``nearly`` (below) widen a stated value.
APPROXIMATE = Decimal("0.05")


@dataclass(frozen=True)
class Evidence:
    """Where a warning comes from: file, line, item and the quote (if any)."""

    path: str
    line: int
    item: str
    quote: str = ""

    def text(self) -> str:
        clipped = self.quote if len(self.quote) <= 40 else self.quote[:40] + "…"
        quote = f" quote '{clipped}'" if self.quote else ""
        return f"{self.path}:{self.line} [{self.item}]{quote}"


@dataclass(frozen=True)
class Warning_:
    """One data-quality warning with the evidence for it."""

    kind: str
    message: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """The warning and its evidence for a terminal (controls and bidi shown escaped)."""
        return [printable(line) for line in [f"warning: {self.kind}: {self.message}"] +
                [f"  {e.text()}" for e in self.evidence]]


def _figure_evidence(fig: Figure) -> Evidence:
    return Evidence(fig.where.path, fig.where.line, fig.id, fig.evidence.quote)


def mixed_units(facts: Facts) -> list[Warning_]:
    """A series (one subject, one metric) stated in more than one unit or currency."""
    series: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for fig in facts.figures.values():
        if fig.unit:
            series[(fig.subject, fig.metric)].append(fig)
    out = []
    for (subject, metric), figs in sorted(series.items()):
        units = sorted({f.unit_text or f.unit for f in figs})
        if len(units) > 1:
            figs = sorted(figs, key=lambda f: (f.period or f.as_of or "", f.id))
            steps = ", ".join(f"{f.period or f.as_of or '?'} {f.unit_text}" for f in figs)
            out.append(Warning_("mixed-units", f"{metric} of {subject} is stated in "
                                f"{' and '.join(units)}: {steps}; the series is not comparable "
                                "as stated", tuple(_figure_evidence(f) for f in figs)))
    return out


def figures_without_period(facts: Facts) -> list[Warning_]:
    """Figures with neither a period nor an as-of date."""
    return [Warning_("figure-without-period", f"figure {fig.id} ({fig.metric} of {fig.subject}) "
                     "has no period or as_of date", (_figure_evidence(fig),))
            for fig in facts.figures.values() if not fig.period and not fig.as_of]


def unused_entities(facts: Facts, publishers: set[str] | None = None) -> list[Warning_]:
    """Entities that no statement or figure mentions (as subject, object, metric or claimant)."""
    used = set(publishers or ())
    for st in facts.statements.values():
        q = st.qualification  # the events, market and segments that qualify it
        used |= {st.subject, st.object, st.evidence.claimed_by, st.evidence.stated_in,
                 q.started_by, q.ended_by, q.market, *q.excluding}
    for fig in facts.figures.values():
        used |= {fig.subject, fig.metric, fig.evidence.claimed_by, fig.evidence.stated_in}
    return [Warning_("unused-entity", f"entity {e.id} ({e.labels.get('en', e.id)}) appears in "
                     "no statement or figure", (Evidence(e.where.path, e.where.line, e.id),))
            for e in facts.entities.values() if e.id not in used]


def _names(entity: Entity) -> set[str]:
    names = set(entity.labels.values())
    for aliases in entity.aliases.values():
        names |= set(aliases)
    return {n for n in names if n}


def quotes_missing_ends(facts: Facts) -> list[Warning_]:
    """Statements whose quote names neither the subject nor the object (by label or alias)."""
    out = []
    for st in facts.statements.values():
        quote = name_key(st.evidence.quote)
        ends = [facts.entities[st.subject], facts.entities[st.object]]
        if not any(name_key(name) in quote for end in ends for name in _names(end)):
            out.append(Warning_("quote-misses-ends", f"the quote of {st.id} names neither "
                                f"{st.subject} nor {st.object}; check it supports the statement",
                                (Evidence(st.where.path, st.where.line, st.id,
                                          st.evidence.quote),)))
    return out


def duplicate_entities(facts: Facts) -> list[Warning_]:
    """Entities under different ids that share a label once scripts are folded
    (``kg.text.name_key``: zh-Hant to zh-Hans by OpenCC, full-width to half-width, case,
    spaces)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for e in facts.entities.values():
        for label in e.labels.values():
            owners[name_key(label)].add(e.id)
    out = []
    seen: set[tuple[str, ...]] = set()
    for name, ids in sorted(owners.items()):
        key = tuple(sorted(ids))
        if len(ids) > 1 and key not in seen:
            seen.add(key)
            ents = [facts.entities[i] for i in key]
            out.append(Warning_("duplicate-entity", f"{', '.join(key)} share the label '{name}' "
                                "after script folding; merge them or tell them apart",
                                tuple(Evidence(e.where.path, e.where.line, e.id) for e in ents)))
    return out


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last digit written: 34 -> 0.5, 7.34 -> 0.005."""
    return Decimal(5) * Decimal(10) ** (value.as_tuple().exponent - 1)


def _interval(value: Decimal | None, low: Decimal | None, high: Decimal | None,
              qualifier: str | None, factor: Decimal = Decimal(1)):
    """(lowest, highest) number a stated value or range may stand for (None: unbounded), or
    None when nothing is stated."""
    if value is not None:
        low, high = value - _half_unit(value), value + _half_unit(value)
    elif low is not None and high is not None:
        low, high = low - _half_unit(low), high + _half_unit(high)
    else:
        return None
    if qualifier == "Approximately":
        low, high = low * (1 - APPROXIMATE), high * (1 + APPROXIMATE)
    elif qualifier == "Nearly":
        low = low * (1 - APPROXIMATE)
    elif qualifier == "MoreThan":
        high = None
    elif qualifier == "UpTo":
        low = None
    return (None if low is None else low * factor, None if high is None else high * factor)


def _figure_interval(fig: Figure):
    return _interval(fig.value, fig.value_min, fig.value_max, fig.qualifier, fig.multiplier)


def _apart(one, other) -> bool:
    """Whether two intervals do not meet."""
    return (one[1] is not None and other[0] is not None and one[1] < other[0]) or \
        (other[1] is not None and one[0] is not None and other[1] < one[0])


def _stated(fig: Figure) -> str:
    if fig.value is not None:
        number = format(fig.value, "f")
    elif fig.value_min is not None:
        number = f"{format(fig.value_min, 'f')}-{format(fig.value_max, 'f')}"
    else:
        return "no value"
    qualifier = f"{fig.qualifier} " if fig.qualifier else ""
    return f"{qualifier}{number}{fig.multiplier_text or ''}{fig.unit_text or ''}"


def _when(fig: Figure) -> str:
    return fig.period or (f"as of {fig.as_of}" if fig.as_of else "")


def _period_key(fig: Figure) -> str | None:
    return fig.period or (f"asof-{fig.as_of}" if fig.as_of else None)


def conflicting_values(facts: Facts) -> list[Warning_]:
    """Two sources that state different values for one subject, metric, period and unit."""
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for fig in facts.figures.values():
        key = _period_key(fig)
        if key is not None and _figure_interval(fig) is not None:
            groups[(fig.subject, fig.metric, key, fig.unit)].append(fig)
    out = []
    for (subject, metric, _key, _unit), figs in sorted(groups.items(), key=lambda kv: kv[0][:3]):
        figs = sorted(figs, key=lambda f: f.id)
        for i, one in enumerate(figs):
            for other in figs[i + 1:]:
                if one.evidence.source != other.evidence.source and \
                        _apart(_figure_interval(one), _figure_interval(other)):
                    out.append(Warning_(
                        "conflicting-values",
                        f"{metric} of {subject} for {_when(one)}: {one.evidence.source} states "
                        f"{_stated(one)} ({one.id}: 「{one.evidence.quote}」) but "
                        f"{other.evidence.source} states {_stated(other)} ({other.id}: "
                        f"「{other.evidence.quote}」)",
                        (_figure_evidence(one), _figure_evidence(other))))
    return out


def _year_before(key: str) -> str:
    """The same period a year earlier: ``2024-H1`` -> ``2023-H1``, ``asof-2024-08`` ->
    ``asof-2023-08``, ``FY2024`` -> ``FY2023``, ``2024-Q2`` -> ``2023-Q2``."""
    return re.sub(r"\d{4}", lambda m: f"{int(m.group(0)) - 1:04d}", key, count=1)


def _implied(fig: Figure):
    """(earlier period key, interval of the earlier value) a figure's change implies, or None."""
    change, stated = fig.change, _figure_interval(fig)
    if change is None or stated is None or change.unit != "Percent" or fig.unit == "Percent":
        return None
    if change.since:
        earlier = change.since
    elif change.basis == "YearOnYear" and _period_key(fig):
        earlier = _year_before(_period_key(fig))
    else:
        return None
    rate = _interval(change.value, None, None, change.qualifier)
    low, high = (rate[0] / 100, rate[1] / 100)
    if change.direction == "Increase":
        factors = (1 + high, 1 + low)
    elif 1 - high > 0:   # a decrease, or a loss narrowing
        factors = (1 - low, 1 - high)
    else:
        return None
    return earlier, (None if stated[0] is None else stated[0] / factors[0],
                     None if stated[1] is None else stated[1] / factors[1])


def _amount_text(amount: Decimal | None, fig: Figure) -> str:
    """An implied amount in the figure's own multiplier, one digit finer than it is written."""
    if amount is None:
        return "any"
    written = fig.value if fig.value is not None else fig.value_min
    places = Decimal(10) ** (min(written.as_tuple().exponent, 0) - 1)
    number = (amount / fig.multiplier).quantize(places)
    return f"{format(number, 'f')}{fig.multiplier_text or ''}{fig.unit_text or ''}"


def implied_earlier_values(facts: Facts) -> list[Warning_]:
    """A figure whose change implies an earlier value that the series' own figure for that
    period contradicts beyond rounding."""
    by_period: dict[tuple, list[Figure]] = defaultdict(list)
    for fig in facts.figures.values():
        key = _period_key(fig)
        if key is not None:
            by_period[(fig.subject, fig.metric, fig.unit, key)].append(fig)
    out = []
    for fig in sorted(facts.figures.values(), key=lambda f: f.id):
        implied = _implied(fig)
        if implied is None:
            continue
        earlier, interval = implied
        for other in sorted(by_period.get((fig.subject, fig.metric, fig.unit, earlier), []),
                            key=lambda f: f.id):
            stated = _figure_interval(other)
            if stated is None or not _apart(interval, stated):
                continue
            change = fig.change
            out.append(Warning_(
                "implied-earlier-value",
                f"{fig.id} ({fig.evidence.source}) states {_stated(fig)} after a "
                f"{format(change.value, 'f')}% {change.direction.lower()}"
                f"{' since ' + change.since if change.since else ' year on year'}, which implies "
                f"{fig.metric} of {fig.subject} was {_amount_text(interval[0], fig)} to "
                f"{_amount_text(interval[1], fig)} in {earlier.removeprefix('asof-')}, but "
                f"{other.id} ({other.evidence.source}) states {_stated(other)}: "
                f"「{fig.evidence.quote}」 vs 「{other.evidence.quote}」",
                (_figure_evidence(fig), _figure_evidence(other))))
    return out


def check(project=".") -> list[Warning_]:
    """Load ``project``'s inputs and run the data-quality checks.

    Raises:
        InputError: an input file is malformed (exit code 2).
    """
    from kg.inputs.corpus import load_inputs
    from kg.inputs.project import Project

    project = project if isinstance(project, Project) else Project.open(project)
    inputs = load_inputs(project)
    publishers = {s.meta.get("publisher") for s in inputs.sources.values()} - {None}
    facts = inputs.facts
    warnings = (conflicting_values(facts) + implied_earlier_values(facts)
                + mixed_units(facts) + figures_without_period(facts)
                + unused_entities(facts, publishers) + quotes_missing_ends(facts)
                + duplicate_entities(facts))
    return sorted(warnings, key=lambda w: (KINDS.index(w.kind), w.message))
