"""Turning sources, facts and the ontology into one evidence-backed RDF graph."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.errors import InputError
from kg.inputs.corpus import Inputs, load_inputs, locate_quote
from kg.inputs.facts import LANGS, Evidence, Figure
from kg.inputs.project import Project
from kg.inputs.sources import Source
from kg.vocab import KGO, OA, SCHEMA, bind_prefixes

_MONTHS_EN = [calendar.month_abbr[m] for m in range(13)]
_DIRECTION_WORDS = {"Increase": ("增長", "增长", "up"), "Decrease": ("下降", "下降", "down"),
                    "Narrowing": ("收窄", "收窄", "narrowed")}
_QUALIFIER_WORDS = {"Approximately": ("約", "约", "about "), "MoreThan": ("超過", "超过", "over "),
                    "Nearly": ("接近", "接近", "nearly "), "UpTo": ("高達", "高达", "up to ")}
_TO_HANS = str.maketrans({"億": "亿", "萬": "万", "張": "张", "較": "较"})
_UNIT_EN = {"CNY": "CNY", "USD": "USD", "Percent": "%", "GPUCard": "GPUs",
            "PetaFLOPS": "PetaFLOPS", "EnterpriseCount": "enterprises", "PersonCount": "people"}




@dataclass
class BuildResult:
    """The built graph (instance data only), the ontology, and a summary."""

    graph: Graph
    ontology: Graph
    inputs: Inputs
    summary: dict = field(default_factory=dict)
    validation: object = None  # a kg.check.shacl.ValidationReport, when validated
    inferred: Graph | None = None  # OWL 2 RL entailments, when inferred (kg.graph.reasoning)

    _union: Graph | None = field(default=None, repr=False, compare=False)

    def union(self) -> Graph:
        """Data and ontology in one graph, as queries see them (made once, then shared: treat
        it as read-only)."""
        if self._union is None:
            merged = bind_prefixes(Graph(), self.inputs.project.base)
            for triple in self.ontology:
                merged.add(triple)
            for triple in self.graph:
                merged.add(triple)
            self._union = merged
        return self._union




def build(project: Project | str = ".") -> BuildResult:
    """Build the graph of a project, checking every quote against its source.

    Args:
        project: a Project or the path of a project directory.

    Returns:
        The BuildResult; nothing is written (see ``kg.exports.bundle.write_exports``).

    Raises:
        InputError: a file is malformed or a quote is absent or ambiguous in its source.
    """
    if not isinstance(project, Project):
        project = Project.open(project)
    inputs = load_inputs(project)
    graph = _Builder(inputs).run()
    return BuildResult(graph=graph, ontology=inputs.ontology.graph, inputs=inputs,
                       summary=summarize(graph, inputs))


def build_graph(project: Project | str = ".") -> Graph:
    """The built graph, data and ontology together (what ``kg query`` sees)."""
    return build(project).union()




def dec(value: Decimal) -> Literal:
    """An ``xsd:decimal`` literal in canonical form: no exponent, at least one decimal digit."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Builder:
    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.base = inputs.project.base
        self.g = bind_prefixes(Graph(), self.base)
        self.facts = inputs.facts

    def iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def entity(self, ident: str) -> URIRef:
        return self.iri("entity", ident)

    def run(self) -> Graph:
        for source in self.inputs.sources.values():
            self.add_source(source)
        for entity in self.facts.entities.values():
            node = self.entity(entity.id)
            self.g.add((node, RDF.type, KGO[entity.cls]))
            self.g.add((node, DCTERMS.identifier, Literal(entity.id)))
            for lang in LANGS:
                label = Literal(entity.labels[lang], lang=lang)
                self.g.add((node, RDFS.label, label))
                self.g.add((node, SKOS.prefLabel, label))
            for lang, label in entity.labels.items():
                if lang not in LANGS:
                    self.g.add((node, RDFS.label, Literal(label, lang=lang)))
            for lang, aliases in entity.aliases.items():
                for alias in aliases:
                    self.g.add((node, SKOS.altLabel, Literal(alias, lang=lang)))
            if entity.note:
                self.g.add((node, RDFS.comment, Literal(entity.note, lang="en")))
            if entity.date:
                kind = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(entity.date)]
                self.g.add((node, KGO.startDate, Literal(entity.date, datatype=kind)))
            if entity.date_text:
                self.g.add((node, KGO.dateText, Literal(entity.date_text)))
        self.add_mentions()
        for st in self.facts.statements.values():
            self.add_statement(st.id, self.entity(st.subject), KGO[st.relation],
                               self.entity(st.object), st.evidence, st.where)
        for fig in self.facts.figures.values():
            node = self.add_figure(fig)
            self.add_statement(fig.id, self.entity(fig.subject), KGO.hasFigure, node,
                               fig.evidence, fig.where)
        for res in self.facts.resolutions.values():  # entity resolution, with its evidence
            if res.alias is not None:
                self.add_statement(res.id, self.entity(res.entity), SKOS.altLabel,
                                   Literal(res.alias, lang=res.lang), res.evidence, res.where)
            else:
                self.add_statement(res.id, self.entity(res.entity), OWL.sameAs,
                                   self.entity(res.same_as), res.evidence, res.where)
        return self.g

    def add_source(self, source: Source) -> None:
        node = self.iri("source", source.id)
        g = self.g
        g.add((node, RDF.type, KGO.Source))
        g.add((node, DCTERMS.identifier, Literal(source.id)))
        g.add((node, DCTERMS.title, Literal(source.title, lang=source.language)))
        g.add((node, DCTERMS.language, Literal(source.language)))
        g.add((node, KGO.charCount, Literal(len(source.text), datatype=XSD.nonNegativeInteger)))
        if source.meta.get("publisher"):
            g.add((node, DCTERMS.publisher, self.entity(source.meta["publisher"])))
        if source.meta.get("date"):
            g.add((node, SCHEMA.datePublished, Literal(str(source.meta["date"]),
                                                       datatype=XSD.date)))
        if source.meta.get("date_note"):
            g.add((node, RDFS.comment, Literal(source.meta["date_note"], lang="en")))
        if source.meta.get("original_name"):
            g.add((node, SCHEMA.alternateName, Literal(source.meta["original_name"])))
        for sentence in source.sentences:
            snode = self.iri("source", source.id, "sentence", str(sentence.index))
            g.add((snode, RDF.type, KGO.Sentence))
            g.add((snode, KGO.sentenceOf, node))
            g.add((snode, KGO["index"], Literal(sentence.index, datatype=XSD.positiveInteger)))
            g.add((snode, KGO.start, Literal(sentence.start, datatype=XSD.nonNegativeInteger)))
            g.add((snode, KGO.end, Literal(sentence.end, datatype=XSD.nonNegativeInteger)))
            g.add((snode, RDF.value, Literal(sentence.text, lang=source.language)))

    def add_mentions(self) -> None:
        """Link every known name in every source (kg.inputs.mentions) and record each mention."""
        from kg.inputs.mentions import Linker

        linker = Linker.from_entities(self.facts.entities.values())
        for source in self.inputs.sources.values():
            source_node = self.iri("source", source.id)
            for mention in linker.find(source.text):
                self.add_mention(source, source_node, mention)

    def add_mention(self, source: Source, source_node: URIRef, mention) -> None:
        g, key = self.g, str(mention.start)
        node = self.iri("source", source.id, "mention", key)
        target = self.iri("source", source.id, "mention", key, "target")
        position = self.iri("source", source.id, "mention", key, "position")
        quote = self.iri("source", source.id, "mention", key, "quote")
        g.add((node, RDF.type, KGO.Mention))
        g.add((node, OA.motivatedBy, OA.identifying))
        for ident in mention.entities:
            g.add((node, OA.hasBody, self.entity(ident)))
            g.add((node, KGO.mentionOf, self.entity(ident)))
        g.add((node, KGO.matchedLabel, Literal(mention.name.text, lang=mention.name.lang)))
        sentence = source.sentence_at(mention.start)
        g.add((node, KGO.inSentence, self.iri("source", source.id, "sentence",
                                              str(sentence.index))))
        g.add((node, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, source_node))
        g.add((target, OA.hasSelector, position))
        g.add((target, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(mention.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(mention.end, datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(mention.text)))

    def add_statement(self, ident: str, subject: URIRef, predicate: URIRef, obj: URIRef | Literal,
                      evidence: Evidence, where) -> None:
        source, start, end = locate_quote(self.inputs, evidence, ident, where)
        prefix, suffix = source.context(start, end)
        g = self.g
        st = self.iri("statement", ident)
        ev, target = self.iri("statement", ident, "evidence"), self.iri("statement", ident, "target")
        quote, position = self.iri("statement", ident, "quote"), self.iri("statement", ident,
                                                                          "position")
        source_node = self.iri("source", source.id)
        g.add((subject, predicate, obj))
        g.add((st, RDF.type, KGO.Statement))
        g.add((st, DCTERMS.identifier, Literal(ident)))
        g.add((st, RDF.subject, subject))
        g.add((st, RDF.predicate, predicate))
        g.add((st, RDF.object, obj))
        g.add((st, KGO.hasEvidence, ev))
        g.add((st, PROV.wasDerivedFrom, source_node))
        if evidence.claimed_by:
            g.add((st, KGO.claimedBy, self.entity(evidence.claimed_by)))
        if evidence.note:
            g.add((st, RDFS.comment, Literal(evidence.note, lang="en")))
        g.add((ev, RDF.type, OA.Annotation))
        g.add((ev, OA.motivatedBy, OA.describing))
        g.add((ev, OA.hasBody, st))
        g.add((ev, OA.hasTarget, target))
        sentence = source.sentence_at(start)
        g.add((ev, KGO.inSentence, self.iri("source", source.id, "sentence", str(sentence.index))))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, source_node))
        g.add((target, OA.hasSelector, quote))
        g.add((target, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(evidence.quote)))
        g.add((quote, OA.prefix, Literal(prefix)))
        g.add((quote, OA.suffix, Literal(suffix)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))

    def add_period(self, period: str | None, as_of: str | None) -> tuple[URIRef, dict[str, str]]:
        key = period or f"asof-{as_of}"
        node = self.iri("period", key)
        labels = period_labels(period, as_of)
        if (node, RDF.type, KGO.Period) in self.g:
            return node, labels
        g = self.g
        g.add((node, RDF.type, KGO.Period))
        for lang, text in labels.items():
            g.add((node, RDFS.label, Literal(text, lang=lang)))
        kind, begin, end = period_bounds(period, as_of)
        g.add((node, KGO.periodKind, Literal(kind)))
        if kind == "as-of":
            g.add((node, RDF.type, TIME.Instant))
            g.add((node, TIME.inXSDDate, Literal(end, datatype=XSD.date)))
        else:
            g.add((node, RDF.type, TIME.ProperInterval))
            for edge, day in (("start", begin), ("end", end)):
                instant = self.iri("period", key, edge)
                g.add((node, TIME.hasBeginning if edge == "start" else TIME.hasEnd, instant))
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
        return node, labels

    def add_figure(self, fig: Figure) -> URIRef:
        g, node = self.g, self.iri("figure", fig.id)
        g.add((node, RDF.type, KGO.Figure))
        g.add((node, DCTERMS.identifier, Literal(fig.id)))
        g.add((node, KGO.figureOf, self.entity(fig.subject)))
        g.add((node, KGO.metric, self.entity(fig.metric)))
        factor = fig.multiplier
        for prop, norm, value in ((KGO.value, KGO.normalizedValue, fig.value),
                                  (KGO.minValue, KGO.normalizedMinValue, fig.value_min),
                                  (KGO.maxValue, KGO.normalizedMaxValue, fig.value_max)):
            if value is not None:
                g.add((node, prop, dec(value)))
                g.add((node, norm, dec(value * factor)))
        if fig.multiplier_text:
            g.add((node, KGO.multiplier, dec(factor)))
            g.add((node, KGO.multiplierText, Literal(fig.multiplier_text)))
        if fig.unit:
            g.add((node, KGO.unit, KGO[fig.unit]))
        if fig.qualifier:
            g.add((node, KGO.qualifier, KGO[fig.qualifier]))
        period_text = {lang: "" for lang in LANGS}
        if fig.period or fig.as_of:
            period_node, period_text = self.add_period(fig.period, fig.as_of)
            g.add((node, KGO.period, period_node))
        for flag in fig.flags:
            g.add((node, KGO.flag, Literal(flag)))
        if fig.change:
            change = self.iri("figure", fig.id, "change")
            g.add((node, KGO.change, change))
            g.add((change, RDF.type, KGO.Change))
            g.add((change, KGO.value, dec(fig.change.value)))
            g.add((change, KGO.unit, KGO[fig.change.unit]))
            g.add((change, KGO.direction, KGO[fig.change.direction]))
            if fig.change.basis:
                g.add((change, KGO.basis, KGO[fig.change.basis]))
            if fig.change.since:
                g.add((change, KGO.comparedTo, self.add_period(fig.change.since, None)[0]))
            if fig.change.qualifier:
                g.add((change, KGO.qualifier, KGO[fig.change.qualifier]))
        metric = self.facts.entities[fig.metric].labels
        subject = self.facts.entities[fig.subject].labels
        for i, lang in enumerate(LANGS):
            when = f" {period_text[lang]}" if period_text[lang] else ""
            text = f"{subject[lang]} {metric[lang]}{when}: {figure_value_text(fig, i)}"
            g.add((node, RDFS.label, Literal(text, lang=lang)))
        return node


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


def summarize(graph: Graph, inputs: Inputs) -> dict:
    """Counts a person checks after a build."""
    facts = inputs.facts
    per_class = Counter(e.cls for e in facts.entities.values())
    return {
        "triples": len(graph),
        "entities": len(facts.entities),
        "entities_per_class": dict(sorted(per_class.items())),
        "statements": len(facts.statements) + len(facts.figures) + len(facts.resolutions),
        "relations": len(facts.statements),
        "figures": len(facts.figures),
        "sources": len(inputs.sources),
        "sentences": sum(len(s.sentences) for s in inputs.sources.values()),
        "resolutions": len(facts.resolutions),
        "mentions": sum(1 for _ in graph.subjects(RDF.type, KGO.Mention)),
    }
