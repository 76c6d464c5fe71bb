"""The bulk build: N-Triples text written straight from the facts, one named graph per source.

The default build (``kg.build``) makes rdflib term objects for every triple, which is right for
a few thousand triples and slow for millions. This module writes the same triples as N-Triples
lines, without any per-triple Python objects beyond the line itself, grouped into named graphs
so that a store can replace one source's graph when only that source or its facts changed:

- ``{base}graph/source/{id}``: the source and its sentences, the entities defined in the fact
  files about it, and the statements and figures of those files (with their evidence);
- ``{base}graph/shared``: what several sources may assert alike, kept once: the plain relation
  triples (``s kgo:p o``) and the periods figures refer to;
- ``{base}graph/ontology``: the ontology, as parsed from ``ontology/*.ttl``.

A test checks that the union of these graphs equals the graph ``kg.build`` makes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.build import Inputs, figure_value_text, period_bounds, period_labels
from kg.facts import LANGS, Evidence, Figure

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_KGO = "https://w3id.org/kg/ontology#"
_OA = "http://www.w3.org/ns/oa#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TIME = "http://www.w3.org/2006/time#"
_SCHEMA = "https://schema.org/"
_OWL = "http://www.w3.org/2002/07/owl#"

TYPE = f"<{_RDF}type>"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_CODE = [Path(__file__).with_name(name) for name in ("bulk.py", "build.py")]


def iri(value: str) -> str:
    """An IRI as an N-Triples term."""
    return f"<{value}>"


def text(value: str, lang: str | None = None) -> str:
    """A plain (``xsd:string``) or language-tagged literal as an N-Triples term."""
    body = '"' + value.translate(_ESCAPES) + '"'
    return f"{body}@{lang}" if lang else body


def typed(value: str, datatype: str) -> str:
    """A literal of XSD ``datatype`` (a local name such as ``decimal``)."""
    return '"' + value.translate(_ESCAPES) + f'"^^<{_XSD}{datatype}>'


def dec(value: Decimal) -> str:
    """An ``xsd:decimal`` in the same canonical form as ``kg.build.dec``."""
    body = format(value.normalize(), "f")
    return typed(body if "." in body else body + ".0", "decimal")


@dataclass
class GraphPlan:
    """One named graph to be written: its IRI, the hash of what it is made from, its maker."""

    name: str
    digest: str
    kind: str  # "source" | "shared" | "ontology"
    key: str = ""  # the source id for kind "source"


class _Lines(list):
    """N-Triples lines, or N-Quads lines when made with a graph name."""

    def __init__(self, graph: str | None = None) -> None:
        super().__init__()
        self.end = f" <{graph}> ." if graph else " ."

    def add(self, s: str, p: str, o: str) -> None:
        self.append(f"{s} {p} {o}{self.end}")


def graph_names(base: str) -> dict[str, str]:
    """The IRIs of the shared graphs of a project with instance base ``base``."""
    return {"shared": base + "graph/shared", "ontology": base + "graph/ontology"}


def source_graph(base: str, source_id: str) -> str:
    """The IRI of the named graph of one source."""
    return f"{base}graph/source/{source_id}"


def _sha(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def plan(inputs: Inputs) -> list[GraphPlan]:
    """The named graphs of a build, each with the content hash of its inputs.

    A source's graph depends on the source's files, the fact files about it, the labels of the
    entities its figures name (they go into the figures' labels), the base IRI and kg's code;
    the shared graph on what it is made of.
    """
    from kg import __version__

    project, facts = inputs.project, inputs.facts
    code = b"".join(path.read_bytes() for path in _CODE) + __version__.encode()
    files_of: dict[str, list[str]] = {}
    for path, source in facts.file_sources.items():
        files_of.setdefault(source, []).append(path)
    labels_of: dict[str, set[str]] = {}
    for fig in facts.figures.values():
        labels_of.setdefault(fig.evidence.source, set()).update((fig.subject, fig.metric))
    plans = []
    for source in inputs.sources.values():
        meta = source.path.parent / f"{source.id}.yaml"
        parts = [code, project.base.encode(), source.id.encode(), meta.read_bytes(),
                 source.text.encode()]
        for path in sorted(files_of.get(source.id, [])):
            parts += [path.encode(), (project.root / path).read_bytes()]
        used = {e: facts.entities[e].labels for e in sorted(labels_of.get(source.id, ()))}
        parts.append(json.dumps(used, ensure_ascii=False, sort_keys=True).encode())
        # the names linked in its text depend on every entity's labels: hash what was found
        parts.append(repr(mentions(inputs).get(source.id, [])).encode())
        plans.append(GraphPlan(source_graph(project.base, source.id), _sha(*parts), "source",
                               source.id))
    names = graph_names(project.base)
    plans.append(GraphPlan(names["shared"], "", "shared"))  # hashed from its content
    onto = [code] + [p.read_bytes() for p in project.ontology_files()]
    plans.append(GraphPlan(names["ontology"], _sha(*onto), "ontology"))
    return plans


def shared_lines(inputs: Inputs, graph: str | None = None) -> list[str]:
    """The shared graph: plain relation triples and periods, each once, in a stable order;
    as N-Quads in ``graph`` when given, else as N-Triples."""
    writer = _Writer(inputs, graph)
    facts = inputs.facts
    for st in facts.statements.values():
        writer.g.add(writer.entity(st.subject), iri(_KGO + st.relation), writer.entity(st.object))
    for res in getattr(facts, "resolutions", {}).values():
        writer.g.add(*_resolution_triple(writer, res))
    for fig in facts.figures.values():
        if fig.period or fig.as_of:
            writer.period(fig.period, fig.as_of)
        if fig.change and fig.change.since:
            writer.period(fig.change.since, None)
    return list(dict.fromkeys(writer.g))


def source_lines(inputs: Inputs, source_id: str, graph: str | None = None) -> list[str]:
    """The named graph of one source, each triple once (N-Quads in ``graph`` when given)."""
    writer = _Writer(inputs, graph)
    writer.source(source_id)
    return list(dict.fromkeys(writer.g))


def mentions(inputs: Inputs) -> dict[str, list]:
    """The mentions of known names in each source (``kg.mentions``), found once per Inputs."""
    cached = getattr(inputs, "_kg_mentions", None)
    if cached is not None:
        return cached
    try:
        from kg.mentions import Linker
    except ImportError:  # a kg without mention linking
        found: dict[str, list] = {}
    else:
        linker = Linker.from_entities(inputs.facts.entities.values())
        found = {sid: linker.find(source.text) for sid, source in inputs.sources.items()}
    inputs._kg_mentions = found
    return found


def _resolution_triple(writer: "_Writer", res) -> tuple[str, str, str]:
    if res.alias is not None:
        return writer.entity(res.entity), f"<{_SKOS}altLabel>", text(res.alias, res.lang)
    return writer.entity(res.entity), f"<{_OWL}sameAs>", writer.entity(res.same_as)


def content_digest(lines: list[str]) -> str:
    """The hash of a graph made in this module (its lines are in a stable order)."""
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _by_source(inputs: Inputs) -> dict[str, tuple[list, list, list, list]]:
    """Entities, statements, figures and resolutions of each source (once per Inputs)."""
    cached = getattr(inputs, "_kg_by_source", None)
    if cached is not None:
        return cached
    facts = inputs.facts
    out: dict[str, tuple[list, list, list, list]] = {sid: ([], [], [], [])
                                                     for sid in inputs.sources}
    for entity in facts.entities.values():
        sid = facts.file_sources.get(entity.where.path)
        if sid in out:
            out[sid][0].append(entity)
    for st in facts.statements.values():
        out[st.evidence.source][1].append(st)
    for fig in facts.figures.values():
        out[fig.evidence.source][2].append(fig)
    for res in getattr(facts, "resolutions", {}).values():
        out[res.evidence.source][3].append(res)
    inputs._kg_by_source = out
    return out


class _Writer:
    """Writes the triples of ``kg.build._Builder`` as N-Triples lines."""

    def __init__(self, inputs: Inputs, graph: str | None = None) -> None:
        self.inputs, self.facts = inputs, inputs.facts
        self.base = inputs.project.base
        self.g = _Lines(graph)
        self.periods: set[str] = set()

    def node(self, *parts: str) -> str:
        return "<" + self.base + "/".join(parts) + ">"

    def entity(self, ident: str) -> str:
        return f"<{self.base}entity/{ident}>"

    def source(self, source_id: str) -> None:
        entities, statements, figures, resolutions = _by_source(self.inputs).get(
            source_id, ([], [], [], []))
        self.add_source(source_id)
        for entity in entities:
            self.add_entity(entity)
        for st in statements:
            self.add_statement(st.id, self.entity(st.subject), iri(_KGO + st.relation),
                               self.entity(st.object), st.evidence, st.where)
        for fig in figures:
            node = self.add_figure(fig)
            subject = self.entity(fig.subject)
            self.g.add(subject, f"<{_KGO}hasFigure>", node)
            self.add_statement(fig.id, subject, f"<{_KGO}hasFigure>", node, fig.evidence,
                               fig.where)
        for res in resolutions:
            subject, predicate, obj = _resolution_triple(self, res)
            self.add_statement(res.id, subject, predicate, obj, res.evidence, res.where)
        for mention in mentions(self.inputs).get(source_id, []):
            self.add_mention(source_id, mention)

    def add_mention(self, source_id: str, mention) -> None:
        source = self.inputs.sources[source_id]
        add, key = self.g.add, str(mention.start)
        source_node = self.node("source", source_id)
        base = f"{self.base}source/{source_id}/mention/{key}"
        node, target = f"<{base}>", f"<{base}/target>"
        position, quote = f"<{base}/position>", f"<{base}/quote>"
        add(node, TYPE, f"<{_KGO}Mention>")
        add(node, f"<{_OA}motivatedBy>", f"<{_OA}identifying>")
        for ident in mention.entities:
            add(node, f"<{_OA}hasBody>", self.entity(ident))
            add(node, f"<{_KGO}mentionOf>", self.entity(ident))
        add(node, f"<{_KGO}matchedLabel>", text(mention.name.text, mention.name.lang))
        sentence = source.sentence_at(mention.start)
        add(node, f"<{_KGO}inSentence>", self.node("source", source_id, "sentence",
                                                   str(sentence.index)))
        add(node, f"<{_OA}hasTarget>", target)
        add(target, TYPE, f"<{_OA}SpecificResource>")
        add(target, f"<{_OA}hasSource>", source_node)
        add(target, f"<{_OA}hasSelector>", position)
        add(target, f"<{_OA}hasSelector>", quote)
        add(position, TYPE, f"<{_OA}TextPositionSelector>")
        add(position, f"<{_OA}start>", typed(str(mention.start), "nonNegativeInteger"))
        add(position, f"<{_OA}end>", typed(str(mention.end), "nonNegativeInteger"))
        add(quote, TYPE, f"<{_OA}TextQuoteSelector>")
        add(quote, f"<{_OA}exact>", text(mention.text))

    def add_entity(self, entity) -> None:
        add, node = self.g.add, self.entity(entity.id)
        add(node, TYPE, iri(_KGO + entity.cls))
        add(node, f"<{_DCT}identifier>", text(entity.id))
        for lang in LANGS:
            label = text(entity.labels[lang], lang)
            add(node, f"<{_RDFS}label>", label)
            add(node, f"<{_SKOS}prefLabel>", label)
        for lang, label in entity.labels.items():
            if lang not in LANGS:
                add(node, f"<{_RDFS}label>", text(label, lang))
        for lang, aliases in entity.aliases.items():
            for alias in aliases:
                add(node, f"<{_SKOS}altLabel>", text(alias, lang))
        if entity.note:
            add(node, f"<{_RDFS}comment>", text(entity.note, "en"))
        if entity.date:
            kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(entity.date)]
            add(node, f"<{_KGO}startDate>", typed(entity.date, kind))
        if entity.date_text:
            add(node, f"<{_KGO}dateText>", text(entity.date_text))

    def add_source(self, source_id: str) -> None:
        source = self.inputs.sources[source_id]
        add, node = self.g.add, self.node("source", source.id)
        add(node, TYPE, f"<{_KGO}Source>")
        add(node, f"<{_DCT}identifier>", text(source.id))
        add(node, f"<{_DCT}title>", text(source.title, source.language))
        add(node, f"<{_DCT}language>", text(source.language))
        add(node, f"<{_KGO}charCount>", typed(str(len(source.text)), "nonNegativeInteger"))
        meta = source.meta
        if meta.get("publisher"):
            add(node, f"<{_DCT}publisher>", self.entity(meta["publisher"]))
        if meta.get("date"):
            add(node, f"<{_SCHEMA}datePublished>", typed(str(meta["date"]), "date"))
        if meta.get("date_note"):
            add(node, f"<{_RDFS}comment>", text(meta["date_note"], "en"))
        if meta.get("original_name"):
            add(node, f"<{_SCHEMA}alternateName>", text(meta["original_name"]))
        prefix = f"<{self.base}source/{source.id}/sentence/"
        lang = source.language
        for sentence in source.sentences:
            snode = f"{prefix}{sentence.index}>"
            add(snode, TYPE, f"<{_KGO}Sentence>")
            add(snode, f"<{_KGO}sentenceOf>", node)
            add(snode, f"<{_KGO}index>", typed(str(sentence.index), "positiveInteger"))
            add(snode, f"<{_KGO}start>", typed(str(sentence.start), "nonNegativeInteger"))
            add(snode, f"<{_KGO}end>", typed(str(sentence.end), "nonNegativeInteger"))
            add(snode, f"<{_RDF}value>", text(sentence.text, lang))

    def add_statement(self, ident: str, subject: str, predicate: str, obj: str,
                      evidence: Evidence, where) -> None:
        # the plain triple (subject predicate object) of a relation is in the shared graph
        source = self.inputs.sources[evidence.source]
        start, end = source.find(evidence.quote, occurrence=evidence.occurrence,
                                 where=where.path, line=where.at("quote"), item=ident)
        prefix, suffix = source.context(start, end)
        add = self.g.add
        base = f"{self.base}statement/{ident}"
        st, ev, target = f"<{base}>", f"<{base}/evidence>", f"<{base}/target>"
        quote, position = f"<{base}/quote>", f"<{base}/position>"
        source_node = self.node("source", source.id)
        add(st, TYPE, f"<{_KGO}Statement>")
        add(st, f"<{_DCT}identifier>", text(ident))
        add(st, f"<{_RDF}subject>", subject)
        add(st, f"<{_RDF}predicate>", predicate)
        add(st, f"<{_RDF}object>", obj)
        add(st, f"<{_KGO}hasEvidence>", ev)
        add(st, f"<{_PROV}wasDerivedFrom>", source_node)
        if evidence.claimed_by:
            add(st, f"<{_KGO}claimedBy>", self.entity(evidence.claimed_by))
        if evidence.note:
            add(st, f"<{_RDFS}comment>", text(evidence.note, "en"))
        add(ev, TYPE, f"<{_OA}Annotation>")
        add(ev, f"<{_OA}motivatedBy>", f"<{_OA}describing>")
        add(ev, f"<{_OA}hasBody>", st)
        add(ev, f"<{_OA}hasTarget>", target)
        sentence = source.sentence_at(start)
        add(ev, f"<{_KGO}inSentence>", self.node("source", source.id, "sentence",
                                                 str(sentence.index)))
        add(target, TYPE, f"<{_OA}SpecificResource>")
        add(target, f"<{_OA}hasSource>", source_node)
        add(target, f"<{_OA}hasSelector>", quote)
        add(target, f"<{_OA}hasSelector>", position)
        add(quote, TYPE, f"<{_OA}TextQuoteSelector>")
        add(quote, f"<{_OA}exact>", text(evidence.quote))
        add(quote, f"<{_OA}prefix>", text(prefix))
        add(quote, f"<{_OA}suffix>", text(suffix))
        add(position, TYPE, f"<{_OA}TextPositionSelector>")
        add(position, f"<{_OA}start>", typed(str(start), "nonNegativeInteger"))
        add(position, f"<{_OA}end>", typed(str(end), "nonNegativeInteger"))

    def period(self, period: str | None, as_of: str | None) -> str:
        key = period or f"asof-{as_of}"
        node = self.node("period", key)
        if key in self.periods:
            return node
        self.periods.add(key)
        add = self.g.add
        add(node, TYPE, f"<{_KGO}Period>")
        for lang, label in period_labels(period, as_of).items():
            add(node, f"<{_RDFS}label>", text(label, lang))
        kind, begin, end = period_bounds(period, as_of)
        add(node, f"<{_KGO}periodKind>", text(kind))
        if kind == "as-of":
            add(node, TYPE, f"<{_TIME}Instant>")
            add(node, f"<{_TIME}inXSDDate>", typed(end, "date"))
        else:
            add(node, TYPE, f"<{_TIME}ProperInterval>")
            for edge, day in (("start", begin), ("end", end)):
                instant = self.node("period", key, edge)
                add(node, f"<{_TIME}hasBeginning>" if edge == "start" else f"<{_TIME}hasEnd>",
                    instant)
                add(instant, TYPE, f"<{_TIME}Instant>")
                add(instant, f"<{_TIME}inXSDDate>", typed(day, "date"))
        return node

    def period_node(self, period: str | None, as_of: str | None) -> str:
        return self.node("period", period or f"asof-{as_of}")

    def add_figure(self, fig: Figure) -> str:
        add, node = self.g.add, self.node("figure", fig.id)
        add(node, TYPE, f"<{_KGO}Figure>")
        add(node, f"<{_DCT}identifier>", text(fig.id))
        add(node, f"<{_KGO}figureOf>", self.entity(fig.subject))
        add(node, f"<{_KGO}metric>", self.entity(fig.metric))
        factor = fig.multiplier
        for prop, norm, value in (("value", "normalizedValue", fig.value),
                                  ("minValue", "normalizedMinValue", fig.value_min),
                                  ("maxValue", "normalizedMaxValue", fig.value_max)):
            if value is not None:
                add(node, f"<{_KGO}{prop}>", dec(value))
                add(node, f"<{_KGO}{norm}>", dec(value * factor))
        if fig.multiplier_text:
            add(node, f"<{_KGO}multiplier>", dec(factor))
            add(node, f"<{_KGO}multiplierText>", text(fig.multiplier_text))
        if fig.unit:
            add(node, f"<{_KGO}unit>", iri(_KGO + fig.unit))
        if fig.qualifier:
            add(node, f"<{_KGO}qualifier>", iri(_KGO + fig.qualifier))
        period_text = {lang: "" for lang in LANGS}
        if fig.period or fig.as_of:
            add(node, f"<{_KGO}period>", self.period_node(fig.period, fig.as_of))
            period_text = period_labels(fig.period, fig.as_of)
        for flag in fig.flags:
            add(node, f"<{_KGO}flag>", text(flag))
        if fig.change:
            change = self.node("figure", fig.id, "change")
            add(node, f"<{_KGO}change>", change)
            add(change, TYPE, f"<{_KGO}Change>")
            add(change, f"<{_KGO}value>", dec(fig.change.value))
            add(change, f"<{_KGO}unit>", iri(_KGO + fig.change.unit))
            add(change, f"<{_KGO}direction>", iri(_KGO + fig.change.direction))
            if fig.change.basis:
                add(change, f"<{_KGO}basis>", iri(_KGO + fig.change.basis))
            if fig.change.since:
                add(change, f"<{_KGO}comparedTo>", self.period_node(fig.change.since, None))
            if fig.change.qualifier:
                add(change, f"<{_KGO}qualifier>", iri(_KGO + fig.change.qualifier))
        metric = self.facts.entities[fig.metric].labels
        subject = self.facts.entities[fig.subject].labels
        for i, lang in enumerate(LANGS):
            when = f" {period_text[lang]}" if period_text[lang] else ""
            label = f"{subject[lang]} {metric[lang]}{when}: {figure_value_text(fig, i)}"
            add(node, f"<{_RDFS}label>", text(label, lang))
        return node
