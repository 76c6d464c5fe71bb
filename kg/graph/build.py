"""Turning sources, facts and the ontology into one evidence-backed RDF graph in memory.

The graph's shape (docs/model.md) is written once, as N-Triples lines, by ``kg.graph.writer``:
the Oxigraph store bulk-loads those lines, and this module turns the same lines into rdflib
terms (each distinct term made once), so both stores hold exactly the same triples.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.errors import UsageError
from kg.graph import writer
from kg.inputs.corpus import Inputs, load_inputs
from kg.inputs.project import Project
from kg.vocab import KGO, bind_prefixes


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

    def _state(self) -> str:
        validation = self.validation
        state = ("not validated" if validation is None else
                 "conforms" if getattr(validation, "conforms", False) else "does not conform")
        if self.inferred is not None:
            state += f", {len(self.inferred)} inferred triples"
        return state

    def __repr__(self) -> str:
        """One line: the project and its counts (the graphs themselves are not printed)."""
        counts = self.summary
        shown = ", ".join(f"{counts[key]} {key}" for key in _COUNTED if key in counts)
        return f"<kg BuildResult {self.inputs.project.name}: {shown}; {self._state()}>"

    def _repr_html_(self) -> str:
        """The summary as an HTML table for a notebook (every value escaped)."""
        from html import escape

        counts = self.summary
        rows = [(key, counts[key]) for key in _COUNTED if key in counts]
        rows += [(f"entities: {cls}", n) for cls, n in
                 sorted(counts.get("entities_per_class", {}).items())]
        body = "".join(f"<tr><th>{escape(str(key))}</th><td>{escape(str(value))}</td></tr>"
                       for key, value in rows)
        return (f"<p><b>kg build</b> of {escape(self.inputs.project.name)}: "
                f"{escape(self._state())}</p><table class=\"kg-build\">{body}</table>")


#: The counts of a build summary a one-line repr shows, in order.
_COUNTED = ("triples", "entities", "relations", "figures", "statements", "sources", "sentences",
            "mentions")


def build(project: Project | str = ".", *, max_triples: int | None = None) -> BuildResult:
    """Build the graph of a project, checking every quote against its source.

    Args:
        project: a Project or the path of a project directory.
        max_triples: refuse a graph of more triples than this (before rdflib holds it).

    Returns:
        The BuildResult; nothing is written (see ``kg.exports.bundle.write_exports``).

    Raises:
        InputError: a file is malformed or a quote is absent or ambiguous in its source.
        TooLarge: the graph has more than ``max_triples`` triples.
    """
    if not isinstance(project, Project):
        project = Project.open(project)
    inputs = load_inputs(project)
    graph = make_graph(inputs, max_triples=max_triples)
    return BuildResult(graph=graph, ontology=inputs.ontology.graph, inputs=inputs,
                       summary=summarize(graph, inputs))


class TooLarge(UsageError):
    """A graph is larger than the memory store takes (``max_triples``)."""

    def __init__(self, triples: int, limit: int) -> None:
        super().__init__(f"the graph has about {triples:,} triples, over the memory store's limit of "
                         f"{limit:,} (KG_MEMORY_LIMIT): build it into Oxigraph instead, "
                         "--store oxigraph:PATH (e.g. kg build --store oxigraph:store)")
        self.triples, self.limit = triples, limit


def make_graph(inputs: Inputs, *, max_triples: int | None = None) -> Graph:
    """The instance data of ``inputs`` as an rdflib graph: the triples ``kg.graph.writer`` writes.

    Raises:
        InputError: a quote is absent or ambiguous in its source.
        TooLarge: more than ``max_triples`` triples.
    """
    lines = writer.data_lines(inputs)
    if max_triples is not None and len(lines) > max_triples:
        raise TooLarge(len(lines), max_triples)  # rdflib would take minutes and gigabytes
    graph = bind_prefixes(Graph(), inputs.project.base)
    store = graph.store  # Graph.add checks each term's type: these are made right here
    for triple in parse_lines(lines):
        store.add(triple, graph, False)
    return graph


def build_graph(project: Project | str = ".") -> Graph:
    """The built graph, data and ontology together (what ``kg query`` sees)."""
    return build(project).union()


_ESCAPED = re.compile(r"\\(.)")
_UNESCAPE = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The rdflib triples of N-Triples ``lines`` as ``kg.graph.writer`` writes them (IRIs without
    spaces, literals escaped by ``kg.rdfio.terms``, no blank nodes): not a general parser.

    Each distinct term is made once: subjects, predicates and most objects repeat, and making
    a term costs more than looking it up.
    """
    made: dict[str, URIRef | Literal] = {}
    for line in lines:
        s, p, o = line[:-2].split(" ", 2)
        subject = made.get(s)
        if subject is None:
            subject = made[s] = URIRef(s[1:-1])
        predicate = made.get(p)
        if predicate is None:
            predicate = made[p] = URIRef(p[1:-1])
        obj = made.get(o)
        if obj is None:
            obj = made[o] = _object(o)
        yield subject, predicate, obj


def _object(term: str) -> URIRef | Literal:
    if term[0] == "<":
        return URIRef(term[1:-1])
    close = term.rindex('"')
    lexical, rest = term[1:close], term[close + 1:]
    if "\\" in lexical:
        lexical = _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], lexical)
    if not rest:
        return Literal(lexical)
    if rest[0] == "@":
        return Literal(lexical, lang=rest[1:])
    return Literal(lexical, datatype=URIRef(rest[3:-1]))  # ^^<datatype>


def summarize(graph: Graph, inputs: Inputs) -> dict:
    """Counts a person checks after a build."""
    facts, more = inputs.facts, Counter(inputs.elsewhere)  # what a partial build did not read
    per_class = Counter(e.cls for e in facts.entities.values())
    relations = len(facts.statements) + more["statements"]
    figures = len(facts.figures) + more["figures"]
    resolutions = len(facts.resolutions) + more["resolutions"]
    return {
        "triples": len(graph),
        "entities": len(facts.entities),
        "entities_per_class": dict(sorted(per_class.items())),
        "statements": relations + figures + resolutions,
        "relations": relations,
        "figures": figures,
        "sources": len(inputs.sources) + more["sources"],
        "sentences": sum(len(s.sentences) for s in inputs.sources.values()) + more["sentences"],
        "resolutions": resolutions,
        "mentions": sum(1 for _ in graph.subjects(RDF.type, KGO.Mention)),
    }
