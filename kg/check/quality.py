"""Data-quality checks beyond the shapes: what is well-formed but suspicious (``kg check``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.inputs.facts import Entity, Facts, Figure
from kg.text import name_key, printable

#: Warning kinds, in report order.
KINDS = ("mixed-units", "figure-without-period", "unused-entity", "quote-misses-ends",
         "duplicate-entity")


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
        used |= {st.subject, st.object, st.evidence.claimed_by}
    for fig in facts.figures.values():
        used |= {fig.subject, fig.metric, fig.evidence.claimed_by}
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
    warnings = (mixed_units(facts) + figures_without_period(facts)
                + unused_entities(facts, publishers) + quotes_missing_ends(facts)
                + duplicate_entities(facts))
    return sorted(warnings, key=lambda w: (KINDS.index(w.kind), w.message))
