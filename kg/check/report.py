"""What a SHACL validation found, as a person reads it: the violations, the report, and how a
SHACL results graph is read into them (by pySHACL's path and by the compiled one alike)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from kg.vocab import all_prefixes, label_order


@dataclass(frozen=True)
class Violation:
    """One SHACL result, as a person reads it.

    Attributes:
        focus: IRI of the node that violates a shape.
        label: its English label (else any label, else its id, else its short IRI).
        path: the property path, shortened (``kgo:hasSegment``), or "" for node constraints.
        value: the offending value, shortened, or "".
        message: what is wrong.
        shape: the node shape that reports it, shortened (``kgsh:CompanyShape``).
        severity: ``Violation``, ``Warning`` or ``Info``.
    """

    focus: str
    label: str
    path: str
    value: str
    message: str
    shape: str
    severity: str = "Violation"

    def line(self) -> str:
        """``label (iri) path = value: message [shape]`` on one line."""
        where = f"{self.label} ({self.focus})"
        if self.path:
            where += f" {self.path}"
        if self.value:
            where += f" = {self.value}"
        return f"{where}: {self.message} [{self.shape}]"


@dataclass
class ValidationReport:
    """The outcome of validating a graph: conforms, the violations, and the SHACL report graph."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    shapes: list[str] = field(default_factory=list)
    #: True when not run again: the inputs (shapes included) are those of the last build that
    #: conformed, and builds are deterministic, so its verdict holds.
    reused: bool = False

    def text(self) -> str:
        """A human report: a summary line, then one line per violation."""
        where = ", ".join(self.shapes) or "no shapes"
        if self.conforms:
            return f"conforms to {where}\n"
        lines = [f"does not conform to {where}: {len(self.violations)} violation(s)"]
        lines += ["  " + v.line() for v in self.violations]
        return "\n".join(lines) + "\n"

    def turtle(self) -> bytes:
        """The SHACL validation report graph as Turtle."""
        from kg.rdfio.formats import serialize

        return serialize(self.graph, "turtle")


def read_results(report: Graph, data: Graph, shapes: Graph, base: str | None) -> list[Violation]:
    namespaces = dict(all_prefixes(base), kgsh="https://w3id.org/kg/shapes#")
    from kg.rdfio.results import shorten

    def short(term) -> str:
        if term is None:
            return ""
        if isinstance(term, Literal):
            text = str(term).replace("\n", " ")
            return repr(text[:60] + ("…" if len(text) > 60 else ""))
        if isinstance(term, URIRef):
            return shorten(term, namespaces)
        return _path_text(shapes, term, short)

    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        severity = report.value(result, SH.resultSeverity)
        source = report.value(result, SH.sourceShape)
        out.append(Violation(
            focus=short(focus), label=label_of(data, focus),
            path=short(report.value(result, SH.resultPath)),
            value=short(report.value(result, SH.value)),
            message=str(report.value(result, SH.resultMessage) or "violates a shape"),
            shape=short(node_shape_of(shapes, data, source, focus)),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation"))
    return sorted(out, key=lambda v: (v.shape, v.focus, v.path, v.value, v.message))


def _path_text(shapes: Graph, node, short) -> str:
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + short(inverse)
    return "(complex path)"


def label_of(graph: Graph, node) -> str:
    """The English label of ``node``, else one in the fallback order (``kg.vocab.label_order``),
    else any label, else its id."""
    labels = {getattr(label, "language", None): label for label in
              sorted(graph.objects(node, RDFS.label))}
    for tag in label_order("en"):
        if tag in labels:
            return str(labels[tag])
    if labels:
        return str(next(iter(labels.values())))
    ident = graph.value(node, DCTERMS.identifier)
    return str(ident) if ident is not None else str(node).rsplit("/", 1)[-1]


def node_shape_of(shapes: Graph, data: Graph, shape, focus):
    """The node shape a result belongs to: ``shape`` itself, or the node shape that uses the
    property shape ``shape`` and targets ``focus``."""
    if shape is None or (shape, RDF.type, SH.NodeShape) in shapes:
        return shape
    parents = sorted(shapes.subjects(SH.property, shape))
    if len(parents) <= 1:
        return parents[0] if parents else shape
    classes = set()
    for cls in data.objects(focus, RDF.type):
        classes |= set(data.transitive_objects(cls, RDFS.subClassOf))
    for parent in parents:
        if set(shapes.objects(parent, SH.targetClass)) & classes:
            return parent
    return parents[0]
