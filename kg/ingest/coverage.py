"""Coverage: which figures and sentences of each source no statement in ``data/`` backs yet.

A figure found in a source (``kg.ingest.figures``) is *covered* when the evidence span (the located
quote) of some statement or figure of the fact files overlaps it; a sentence is *backed* when
some evidence span overlaps it. A figure is *dismissed* when a dismissal of the fact files
(``dismissals:``, written by ``kg dismiss``) has a quote that contains it and names it as written
(or names nothing): a reviewer judged it not worth a fact, so it is not counted as uncovered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.figures import FoundFigure, detect_figures, detect_periods
from kg.inputs.project import Project
from kg.inputs.sources import Sentence, Source

_YEAR_RE = re.compile(r"(?:19|20)\d{2}")


@dataclass
class SourceCoverage:
    """The coverage of one source."""

    source: Source
    figures: list[tuple[FoundFigure, list[str]]]  # each figure with the ids that back it
    sentences: list[tuple[Sentence, list[str]]]
    mentions: int = 0
    entities: list[str] = field(default_factory=list)  # ids of the entities linked in it
    year: int | None = None
    #: index in ``figures`` -> (dismissal id, reason)
    dismissed: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def uncovered_figures(self) -> list[FoundFigure]:
        return [f for n, (f, ids) in enumerate(self.figures) if not ids and n not in self.dismissed]

    @property
    def dismissed_figures(self) -> list[tuple[FoundFigure, str, str]]:
        """Each dismissed figure that no statement covers, with the dismissal's id and reason."""
        return [(self.figures[n][0], *why) for n, why in sorted(self.dismissed.items())
                if not self.figures[n][1]]

    @property
    def unbacked_sentences(self) -> list[Sentence]:
        return [s for s, ids in self.sentences if not ids]

    def as_dict(self) -> dict:
        """A JSON-ready report."""
        return {
            "source": self.source.id,
            "title": self.source.title,
            "reference_year": self.year,
            "sentences": len(self.sentences),
            "sentences_backed": len(self.sentences) - len(self.unbacked_sentences),
            "figures": len(self.figures),
            "figures_covered": sum(1 for _, ids in self.figures if ids),
            "figures_dismissed": len(self.dismissed_figures),
            "mentions": self.mentions,
            "entities_linked": self.entities,
            "figure_details": [dict(f.as_dict(), backed_by=ids, dismissed_by=self.dismissed.get(
                n, (None,))[0]) for n, (f, ids) in enumerate(self.figures)],
            "unbacked_sentences": [{"index": s.index, "start": s.start, "end": s.end,
                                    "text": s.text} for s in self.unbacked_sentences],
        }


def reference_year(source: Source) -> int | None:
    """The year that 今年 / this year means in ``source``: the year of its ``date`` when given,
    else the latest year the text states (a heuristic; periods using it are marked inferred)."""
    date = source.meta.get("date")
    if date:
        match = _YEAR_RE.match(str(date))
        if match:
            return int(match.group())
    years = [int(y) for p in detect_periods(source.text) for y in p.years if y.isdigit()]
    return max(years) if years else None


def reference_day(source: Source) -> str | None:
    """The article's day (YYYY-MM-DD) that 今天 / "on Tuesday" are said from: its ``date``,
    when that is a day."""
    date = str(source.meta.get("date") or "")
    return date[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date[:10]) else None


def evidence_spans(inputs) -> dict[str, list[tuple[int, int, str]]]:
    """For each source id, the (start, end, item id) of every located quote in the fact files."""
    from kg.inputs.corpus import locate_quote

    spans: dict[str, list[tuple[int, int, str]]] = {sid: [] for sid in inputs.sources}
    items = list(inputs.facts.statements.values()) + list(inputs.facts.figures.values()) + \
        list(inputs.facts.resolutions.values())
    for item in items:
        source, start, end = locate_quote(inputs, item.evidence, item.id, item.where)
        spans[source.id].append((start, end, item.id))
    return spans


def dismissal_spans(inputs) -> dict[str, list[tuple[int, int, str, tuple[str, ...], str]]]:
    """For each source id, the (start, end, id, figure texts, reason) of every dismissal."""
    from kg.inputs.corpus import locate_quote

    spans: dict[str, list] = {sid: [] for sid in inputs.sources}
    for item in inputs.facts.dismissals.values():
        source, start, end = locate_quote(inputs, item.evidence, item.id, item.where)
        spans[source.id].append((start, end, item.id, tuple(item.texts), item.reason))
    return spans


def _dismissal_of(dismissals, figure: FoundFigure) -> tuple[str, str] | None:
    for start, end, ident, texts, reason in dismissals:
        if start <= figure.start and figure.end <= end and (not texts or figure.text in texts):
            return ident, reason
    return None


def _backing(spans: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    return sorted({ident for s, e, ident in spans if s < end and start < e})


def source_coverage(source: Source, spans: list[tuple[int, int, str]], linker=None,
                    dismissals: list | None = None) -> SourceCoverage:
    """The coverage of one source given the evidence spans (and the ``dismissal_spans``) that
    fall in it."""
    year = reference_year(source)
    figures = detect_figures(source.text, year=year, sentences=source.sentences,
                             date=reference_day(source))
    report = SourceCoverage(
        source=source, year=year,
        figures=[(f, _backing(spans, f.start, f.end)) for f in figures],
        sentences=[(s, _backing(spans, s.start, s.end)) for s in source.sentences])
    for n, figure in enumerate(figures):
        why = _dismissal_of(dismissals or (), figure)
        if why is not None:
            report.dismissed[n] = why
    if linker is not None:
        mentions = linker.find(source.text, title=source.title)
        report.mentions = len(mentions)
        report.entities = sorted({e for m in mentions for e in m.entities})
    return report


def coverage(project: Project | str = ".", *, source: str | None = None
             ) -> list[SourceCoverage]:
    """Coverage of every source of ``project`` (or only of ``source``).

    Raises:
        UsageError: ``source`` is not a source id of the project.
        InputError: a fact file is malformed or a quote is not in its source.
    """
    from kg.errors import UsageError
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker

    if not isinstance(project, Project):
        project = Project.open(project)
    inputs = load_inputs(project)
    if source is not None and source not in inputs.sources:
        raise UsageError(f"no source '{source}' (known: {', '.join(sorted(inputs.sources))})")
    spans, dismissed = evidence_spans(inputs), dismissal_spans(inputs)
    linker = Linker.from_facts(inputs.facts)
    return [source_coverage(src, spans[sid], linker, dismissed[sid])
            for sid, src in sorted(inputs.sources.items()) if source is None or sid == source]


def format_table(reports: list[SourceCoverage], *, details: bool = True) -> str:
    """A plain-text report: one summary row per source, then what is not covered."""
    from kg.rdfio.results import display_width
    from kg.text import printable

    rows = [("source", "sentences", "backed", "figures", "covered", "mentions", "entities")]
    for r in reports:
        d = r.as_dict()
        rows.append((printable(r.source.id), str(d["sentences"]), str(d["sentences_backed"]),
                     str(d["figures"]), str(d["figures_covered"]), str(r.mentions),
                     str(len(r.entities))))
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row) -> str:
        return "  ".join(cell + " " * (w - display_width(cell)) for cell, w in
                         zip(row, widths)).rstrip()

    out = [line(rows[0]), line(tuple("-" * w for w in widths))] + [line(r) for r in rows[1:]]
    if not details:
        return "\n".join(out) + "\n"
    for r in reports:
        out.append("")
        missing, dismissed = r.uncovered_figures, r.dismissed_figures
        also = f", {len(dismissed)} dismissed" if dismissed else ""
        if not missing:
            out.append(f"{r.source.id}: every figure is covered ({len(r.figures) - len(dismissed)}"
                       f"/{len(r.figures)}{also})")
        else:
            out.append(f"{r.source.id}: {len(missing)} of {len(r.figures)} figures not covered"
                       f"{also}:")
            for f in missing:
                d = f.as_dict()
                value = d.get("normalized") or f"{d.get('value_min')}-{d.get('value_max')}"
                period = ("as of " if d.get("as_of") else "") + (d.get("period") or "no period")
                out.append(f"  [{f.start}-{f.end}] {f.text}  = {value} {f.unit or f.unit_text or ''}"
                           f"  ({period})".replace("  (", " (").replace("   ", "  "))
        for f, ident, reason in dismissed:
            out.append(f"  dismissed [{f.start}-{f.end}] {f.text} ({ident}): {reason}")
        unbacked = r.unbacked_sentences
        out.append(f"{r.source.id}: {len(unbacked)} of {len(r.sentences)} sentences not backed"
                   + (":" if unbacked else ""))
        for s in unbacked:
            text = s.text if len(s.text) <= 60 else s.text[:59] + "…"
            out.append(f"  #{s.index} [{s.start}-{s.end}] {text}")
    # the quoted figures and sentences are the sources' text: escaped for the terminal too
    return printable("\n".join(out) + "\n", keep="\n")
