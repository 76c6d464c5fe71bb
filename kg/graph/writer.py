"""The one writer of the graph's shape (docs/model.md): N-Triples text written straight from the
facts, one named graph per source.

Every store reads what this module writes: the Oxigraph store bulk-loads the lines, the memory
build (``kg.graph.build``) turns them into rdflib terms. The lines are made without any
per-triple Python objects beyond the line itself, grouped into named graphs so that a store can
replace one source's graph when only that source or its facts changed:

- ``{base}graph/source/{id}``: the source and its sentences, the entities defined in the fact
  files about it, and the statements and figures of those files (with their evidence);
- ``{base}graph/shared``: what several sources may assert alike, kept once: the plain relation
  triples (``s kgo:p o``) and the periods figures refer to;
- ``{base}graph/ontology``: the ontology, as parsed from ``ontology/*.ttl``.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from kg.graph.labels import figure_value_text, period_bounds, period_labels
from kg.inputs.corpus import Inputs, locate_quote
from kg.inputs.facts import Evidence, Figure
from kg.rdfio.terms import dec, iri, text, typed
from kg.vocab import LANGS

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
#: the code that decides a named graph's triples: a change to it rebuilds every graph
_CODE = sorted(Path(__file__).resolve().parent.glob("*.py"))


@dataclass
class GraphPlan:
    """One named graph to be written: its IRI, the hash of what it is made from, its maker."""

    name: str
    digest: str
    kind: str  # "source" | "shared" | "ontology"
    key: str = ""  # the source id for kind "source"


def _term(ns: str, name: str) -> str:
    return f"<{ns}{name}>"


# the IRIs the writer uses for every item, formatted once
A = TYPE
_LABEL, _COMMENT = _term(_RDFS, "label"), _term(_RDFS, "comment")
_PREF_LABEL, _ALT_LABEL = _term(_SKOS, "prefLabel"), _term(_SKOS, "altLabel")
_SAME_AS = _term(_OWL, "sameAs")
_IDENTIFIER, _TITLE, _LANGUAGE, _PUBLISHER = (
    _term(_DCT, n) for n in ("identifier", "title", "language", "publisher"))
_DERIVED_FROM = _term(_PROV, "wasDerivedFrom")
_DATE_PUBLISHED, _ALTERNATE_NAME = _term(_SCHEMA, "datePublished"), _term(_SCHEMA, "alternateName")
(_OA_ANNOTATION, _OA_MOTIVATED_BY, _OA_DESCRIBING, _OA_IDENTIFYING, _OA_HAS_BODY,
 _OA_HAS_TARGET, _OA_SPECIFIC_RESOURCE, _OA_HAS_SOURCE, _OA_HAS_SELECTOR, _OA_QUOTE_SELECTOR,
 _OA_POSITION_SELECTOR, _OA_EXACT, _OA_PREFIX, _OA_SUFFIX, _OA_START, _OA_END) = (
    _term(_OA, n) for n in ("Annotation", "motivatedBy", "describing", "identifying", "hasBody",
                            "hasTarget", "SpecificResource", "hasSource", "hasSelector",
                            "TextQuoteSelector", "TextPositionSelector", "exact", "prefix",
                            "suffix", "start", "end"))
(_K_STATEMENT, _K_HAS_EVIDENCE, _K_CLAIMED_BY, _K_IN_SENTENCE, _K_MENTION, _K_MENTION_OF,
 _K_MATCHED_LABEL, _K_SOURCE, _K_CHAR_COUNT, _K_SENTENCE, _K_SENTENCE_OF, _K_INDEX, _K_START,
 _K_END, _K_TEXT, _K_HAS_FIGURE, _K_START_DATE, _K_DATE_PRECISION, _K_DATE_TEXT,
 _K_STATEMENT_SUBJECT, _K_STATEMENT_RELATION, _K_STATEMENT_OBJECT, _K_STATEMENT_VALUE) = (
    _term(_KGO, n) for n in ("Statement", "hasEvidence", "claimedBy", "inSentence", "Mention",
                             "mentionOf", "matchedLabel", "Source", "charCount", "Sentence",
                             "sentenceOf", "index", "start", "end", "text", "hasFigure",
                             "startDate", "datePrecision", "dateText", "statementSubject",
                             "statementRelation", "statementObject", "statementValue"))
_IN_DATE_TIME = _term(_TIME, "inXSDDateTime")
#: the precision of a date as written in the facts (YYYY, YYYY-MM, YYYY-MM-DD), by its length
_PRECISION = {4: "year", 7: "month", 10: "day"}
# what qualifies a statement (docs/model.md, "Qualified statements")
(_K_STATED_IN, _K_STARTED_BY, _K_ENDED_BY, _K_IN_MARKET, _K_EXCLUDING, _K_DEGREE,
 _K_EXPLAINED_BY) = (_term(_KGO, n) for n in ("statedIn", "startedBy", "endedBy", "inMarket",
                                              "excludingPart", "degree", "explainedBy"))
_NNI = f"^^<{_XSD}nonNegativeInteger>"  # after the closing quote of an integer literal
_PI = f"^^<{_XSD}positiveInteger>"


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
    from kg.version import __version__

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
    for res in facts.resolutions.values():
        writer.g.add(*_resolution_triple(writer, res))
    for fig in facts.figures.values():
        if fig.period or fig.as_of:
            writer.period(fig.period, fig.as_of)
        if fig.change and fig.change.since:
            writer.period(fig.change.since, None)
    return sorted(set(writer.g))  # in one order however its parts were read


def source_lines(inputs: Inputs, source_id: str, graph: str | None = None) -> list[str]:
    """The named graph of one source, each triple once (N-Quads in ``graph`` when given)."""
    writer = _Writer(inputs, graph)
    writer.source(source_id)
    return list(dict.fromkeys(writer.g))


def data_lines(inputs: Inputs) -> list[str]:
    """Every triple of the instance data (each source's graph, then the shared graph) as
    N-Triples lines: what the memory build holds."""
    lines: list[str] = []
    for source_id in inputs.sources:
        lines += source_lines(inputs, source_id)
    lines += shared_lines(inputs)
    return lines


def mentions(inputs: Inputs) -> dict[str, list]:
    """The mentions of known names in each source (``kg.inputs.mentions``), found once per Inputs."""
    cached = getattr(inputs, "_kg_mentions", None)
    if cached is not None:
        return cached
    from kg.inputs.index import linker_for
    from kg.inputs.mentions import link_sources

    found = link_sources(inputs.facts, inputs.sources, linker_for(inputs),  # within the limits
                         counted=inputs.elsewhere.get("mentions", 0))
    inputs._kg_mentions = found
    return found


def _resolution_triple(writer: "_Writer", res) -> tuple[str, str, str]:
    if res.alias is not None:
        return writer.entity(res.entity), f"<{_SKOS}altLabel>", text(res.alias, res.lang)
    return writer.entity(res.entity), f"<{_OWL}sameAs>", writer.entity(res.same_as)


def date_time(date: str) -> str:
    """The ``xsd:dateTime`` literal of the first moment of a date written YYYY, YYYY-MM or
    YYYY-MM-DD, with no time zone: one datatype that compares and sorts in every store (the
    precision and the text as written are kept beside it)."""
    day = (date + "-01-01")[:10] if len(date) < 10 else date
    return typed(f"{day}T00:00:00", "dateTime")


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
    def written(items):  # in the order of the files and lines, however they were read in
        return sorted(items, key=lambda item: (item.where.path, item.where.line))

    for entity in written(facts.entities.values()):
        sid = facts.file_sources.get(entity.where.path)
        if sid in out:
            out[sid][0].append(entity)
    for st in written(facts.statements.values()):
        out[st.evidence.source][1].append(st)
    for fig in written(facts.figures.values()):
        out[fig.evidence.source][2].append(fig)
    for res in written(facts.resolutions.values()):
        out[res.evidence.source][3].append(res)
    inputs._kg_by_source = out
    return out


class _Writer:
    """Writes the triples of docs/model.md as N-Triples lines.

    The hot paths (mentions, statements, sentences) format each line in one f-string from
    IRIs formatted once, and append a source's lines in a few ``extend`` calls: at millions of
    triples the cost per line is the cost of the build.
    """

    def __init__(self, inputs: Inputs, graph: str | None = None) -> None:
        self.inputs, self.facts = inputs, inputs.facts
        self.base = inputs.project.base
        self.g = _Lines(graph)
        self.end = self.g.end
        self.periods: set[str] = set()
        self._entity = f"<{self.base}entity/"
        self._sentences: dict[str, tuple[list[int], list]] = {}

    def node(self, *parts: str) -> str:
        return "<" + self.base + "/".join(parts) + ">"

    def entity(self, ident: str) -> str:
        return f"{self._entity}{ident}>"

    def sentence_node(self, source, offset: int) -> str:
        """The node of the sentence of ``source`` at ``offset`` (as ``Source.sentence_at``)."""
        found = self._sentences.get(source.id)
        if found is None:
            found = self._sentences[source.id] = ([s.start for s in source.sentences],
                                                  source.sentences)
        starts, sentences = found
        # sentences do not overlap and are in text order: the one holding offset, if any,
        # is the last that starts at or before it
        at = bisect_right(starts, offset) - 1
        if at >= 0 and offset < sentences[at].end:
            sentence = sentences[at]
        else:
            sentence = source.sentence_at(offset)
        return f"<{self.base}source/{source.id}/sentence/{sentence.index}>"

    def source(self, source_id: str) -> None:
        entities, statements, figures, resolutions = _by_source(self.inputs).get(
            source_id, ([], [], [], []))
        self.add_source(source_id)
        for entity in entities:
            self.add_entity(entity)
        entity = self.entity
        for st in statements:
            self.add_statement(st.id, entity(st.subject), f"<{_KGO}{st.relation}>",
                               entity(st.object), st.evidence, st.where)
            self.add_qualification(st)
        for fig in figures:
            node = self.add_figure(fig)
            subject = entity(fig.subject)
            self.g.add(subject, _K_HAS_FIGURE, node)
            self.add_statement(fig.id, subject, _K_HAS_FIGURE, node, fig.evidence, fig.where)
        for res in resolutions:
            subject, predicate, obj = _resolution_triple(self, res)
            self.add_statement(res.id, subject, predicate, obj, res.evidence, res.where)
        found = mentions(self.inputs).get(source_id, [])
        if found:
            source = self.inputs.sources[source_id]
            source_node = f"<{self.base}source/{source_id}>"
            for mention in found:
                self.add_mention(source, source_node, mention)

    def add_mention(self, source, source_node: str, mention) -> None:
        e, start = self.end, mention.start
        base = f"{self.base}source/{source.id}/mention/{start}"
        node, target = f"<{base}>", f"<{base}/target>"
        position, quote = f"<{base}/position>", f"<{base}/quote>"
        lines = [f"{node} {A} {_K_MENTION}{e}", f"{node} {_OA_MOTIVATED_BY} {_OA_IDENTIFYING}{e}"]
        for ident in mention.entities:
            body = f"{self._entity}{ident}>"
            lines += (f"{node} {_OA_HAS_BODY} {body}{e}", f"{node} {_K_MENTION_OF} {body}{e}")
        lines += (
            f"{node} {_K_MATCHED_LABEL} {text(mention.name.text, mention.name.lang)}{e}",
            f"{node} {_K_IN_SENTENCE} {self.sentence_node(source, start)}{e}",
            f"{node} {_OA_HAS_TARGET} {target}{e}",
            f"{target} {A} {_OA_SPECIFIC_RESOURCE}{e}",
            f"{target} {_OA_HAS_SOURCE} {source_node}{e}",
            f"{target} {_OA_HAS_SELECTOR} {position}{e}",
            f"{target} {_OA_HAS_SELECTOR} {quote}{e}",
            f"{position} {A} {_OA_POSITION_SELECTOR}{e}",
            f'{position} {_OA_START} "{start}"{_NNI}{e}',
            f'{position} {_OA_END} "{mention.end}"{_NNI}{e}',
            f"{quote} {A} {_OA_QUOTE_SELECTOR}{e}",
            f"{quote} {_OA_EXACT} {text(mention.text)}{e}")
        self.g.extend(lines)

    def add_entity(self, entity) -> None:
        e, node, labels = self.end, self.entity(entity.id), entity.labels
        lines = [f"{node} {A} <{_KGO}{entity.cls}>{e}",
                 f"{node} {_IDENTIFIER} {text(entity.id)}{e}"]
        for lang in LANGS:
            label = text(labels[lang], lang)
            lines += (f"{node} {_LABEL} {label}{e}", f"{node} {_PREF_LABEL} {label}{e}")
        for lang, label in labels.items():
            if lang not in LANGS:
                lines.append(f"{node} {_LABEL} {text(label, lang)}{e}")
        for lang, aliases in entity.aliases.items():
            for alias in aliases:
                lines.append(f"{node} {_ALT_LABEL} {text(alias, lang)}{e}")
        if entity.note:
            lines.append(f"{node} {_COMMENT} {text(entity.note, 'en')}{e}")
        if entity.date:
            lines += (f"{node} {_K_START_DATE} {date_time(entity.date)}{e}",
                      f"{node} {_K_DATE_PRECISION} {text(_PRECISION[len(entity.date)])}{e}")
        if entity.date_text:
            lines.append(f"{node} {_K_DATE_TEXT} {text(entity.date_text)}{e}")
        self.g.extend(lines)

    def add_source(self, source_id: str) -> None:
        source = self.inputs.sources[source_id]
        add, node = self.g.add, self.node("source", source.id)
        add(node, TYPE, _K_SOURCE)
        add(node, _IDENTIFIER, text(source.id))
        add(node, _TITLE, text(source.title, source.language))
        add(node, _LANGUAGE, text(source.language))
        add(node, _K_CHAR_COUNT, f'"{len(source.text)}"{_NNI}')
        meta = source.meta
        if meta.get("publisher"):
            add(node, _PUBLISHER, self.entity(meta["publisher"]))
        if meta.get("date"):
            add(node, _DATE_PUBLISHED, date_time(str(meta["date"])))
        if meta.get("date_note"):
            add(node, _COMMENT, text(meta["date_note"], "en"))
        if meta.get("original_name"):
            add(node, _ALTERNATE_NAME, text(meta["original_name"]))
        prefix = f"<{self.base}source/{source.id}/sentence/"
        lang, e, lines = source.language, self.end, []
        for sentence in source.sentences:
            index = sentence.index
            snode = f"{prefix}{index}>"
            lines += (f"{snode} {A} {_K_SENTENCE}{e}",
                      f"{snode} {_K_SENTENCE_OF} {node}{e}",
                      f'{snode} {_K_INDEX} "{index}"{_PI}{e}',
                      f'{snode} {_K_START} "{sentence.start}"{_NNI}{e}',
                      f'{snode} {_K_END} "{sentence.end}"{_NNI}{e}',
                      f"{snode} {_K_TEXT} {text(sentence.text, lang)}{e}")
        self.g.extend(lines)

    def add_statement(self, ident: str, subject: str, predicate: str, obj: str,
                      evidence: Evidence, where) -> None:
        # the plain triple (subject predicate object) of a relation is in the shared graph
        source, start, end = locate_quote(self.inputs, evidence, ident, where)
        prefix, suffix = source.context(start, end)
        e = self.end
        base = f"{self.base}statement/{ident}"
        st, ev, target = f"<{base}>", f"<{base}/evidence>", f"<{base}/target>"
        quote, position = f"<{base}/quote>", f"<{base}/position>"
        source_node = f"<{self.base}source/{source.id}>"
        lines = [f"{st} {A} {_K_STATEMENT}{e}",
                 f"{st} {_IDENTIFIER} {text(ident)}{e}",
                 f"{st} {_K_STATEMENT_SUBJECT} {subject}{e}",
                 f"{st} {_K_STATEMENT_RELATION} {predicate}{e}",
                 f"{st} {_K_STATEMENT_OBJECT if obj[0] == '<' else _K_STATEMENT_VALUE} {obj}{e}",
                 f"{st} {_K_HAS_EVIDENCE} {ev}{e}",
                 f"{st} {_DERIVED_FROM} {source_node}{e}"]
        if evidence.claimed_by:
            lines.append(f"{st} {_K_CLAIMED_BY} {self.entity(evidence.claimed_by)}{e}")
        if evidence.stated_in:
            lines.append(f"{st} {_K_STATED_IN} {self.entity(evidence.stated_in)}{e}")
        if evidence.note:
            lines.append(f"{st} {_COMMENT} {text(evidence.note, 'en')}{e}")
        lines += (
            f"{ev} {A} {_OA_ANNOTATION}{e}",
            f"{ev} {_OA_MOTIVATED_BY} {_OA_DESCRIBING}{e}",
            f"{ev} {_OA_HAS_BODY} {st}{e}",
            f"{ev} {_OA_HAS_TARGET} {target}{e}",
            f"{ev} {_K_IN_SENTENCE} {self.sentence_node(source, start)}{e}",
            f"{target} {A} {_OA_SPECIFIC_RESOURCE}{e}",
            f"{target} {_OA_HAS_SOURCE} {source_node}{e}",
            f"{target} {_OA_HAS_SELECTOR} {quote}{e}",
            f"{target} {_OA_HAS_SELECTOR} {position}{e}",
            f"{quote} {A} {_OA_QUOTE_SELECTOR}{e}",
            f"{quote} {_OA_EXACT} {text(evidence.quote)}{e}",
            f"{quote} {_OA_PREFIX} {text(prefix)}{e}",
            f"{quote} {_OA_SUFFIX} {text(suffix)}{e}",
            f"{position} {A} {_OA_POSITION_SELECTOR}{e}",
            f'{position} {_OA_START} "{start}"{_NNI}{e}',
            f'{position} {_OA_END} "{end}"{_NNI}{e}')
        self.g.extend(lines)

    def add_qualification(self, statement) -> None:
        """What limits a statement: when it holds, its market, the parts it excludes, its
        degree and the statements that give its reason, on the statement's node."""
        q, e = statement.qualification, self.end
        node = f"<{self.base}statement/{statement.id}>"
        entity = self.entity
        lines = [f"{node} {prop} {entity(ident)}{e}" for prop, ident in (
            (_K_STARTED_BY, q.started_by), (_K_ENDED_BY, q.ended_by), (_K_IN_MARKET, q.market),
            *((_K_EXCLUDING, x) for x in q.excluding)) if ident]
        if q.degree:
            lines.append(f"{node} {_K_DEGREE} {iri(_KGO + q.degree)}{e}")
        lines += [f"{node} {_K_EXPLAINED_BY} <{self.base}statement/{reason}>{e}"
                  for reason in q.because]
        self.g.extend(lines)

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
            add(node, _IN_DATE_TIME, date_time(end))
        else:
            add(node, TYPE, f"<{_TIME}ProperInterval>")
            for edge, day in (("start", begin), ("end", end)) if begin else ():
                instant = self.node("period", key, edge)
                add(node, f"<{_TIME}hasBeginning>" if edge == "start" else f"<{_TIME}hasEnd>",
                    instant)
                add(instant, TYPE, f"<{_TIME}Instant>")
                add(instant, _IN_DATE_TIME, date_time(day))
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
            for driver in fig.change.driven_by:
                add(change, f"<{_KGO}changeDrivenBy>",
                    self.node("figure" if self.facts.has_figure(driver) else "entity", driver))
        metric = self.facts.entities[fig.metric].labels
        subject = self.facts.entities[fig.subject].labels
        vocabulary = self.inputs.ontology.vocabulary
        for i, lang in enumerate(LANGS):
            when = f" {period_text[lang]}" if period_text[lang] else ""
            value = figure_value_text(fig, i, vocabulary)
            label = f"{subject[lang]} {metric[lang]}{when}: {value}"
            add(node, f"<{_RDFS}label>", text(label, lang))
        return node
