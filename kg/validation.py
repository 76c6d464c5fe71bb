"""Checking a built graph against the SHACL shapes in ``ontology/shapes*.ttl`` with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from kg.errors import InputError
from kg.namespaces import all_prefixes, bind_prefixes


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
        from kg.export import serialize

        return serialize(self.graph, "turtle")


def load_shapes(files: list[Path], label_of) -> Graph:
    """Parse the SHACL shapes files; a file that does not parse is an InputError."""
    from kg.ontology import turtle_error
    from kg.yamlfile import read_text

    shapes = Graph()
    for path in files:
        where = label_of(path)
        text = read_text(path, where, max_bytes=5_000_000)
        try:
            shapes.parse(data=text, format="turtle", publicID=path.as_uri())
        except Exception as exc:  # rdflib raises several parser exception types
            line, message = turtle_error(exc)
            raise InputError(f"does not parse as Turtle: {message}; fix the Turtle syntax"
                             + (f" near line {line}" if line else ""), path=where,
                             line=line) from None
    return shapes


def validate_graph(data: Graph, ontology: Graph, shapes: Graph, *, base: str | None = None,
                   shape_files: list[str] | None = None) -> ValidationReport:
    """Validate instance ``data`` (with its ``ontology``) against SHACL ``shapes``.

    The data graph pySHACL sees is data and ontology together, so class checks follow the
    ontology's subclass axioms and the controlled individuals (units, ...) are checked too.

    Args:
        data: the instance graph.
        ontology: the ontology graph.
        shapes: the SHACL shapes graph.
        base: the instance base IRI, for short names in the report.
        shape_files: names of the shapes files, for the report's summary line.

    Returns:
        The ValidationReport.

    Raises:
        InputError: the shapes graph is not valid SHACL.
    """
    names = shape_files or []
    if not len(shapes):
        return ValidationReport(conforms=True, shapes=names)
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError, ShapeLoadError

    merged = _PreparedQueryGraph()
    for triple in ontology:
        merged.add(triple)
    for triple in data:
        merged.add(triple)
    try:
        conforms, report, _ = pyshacl.validate(merged, shacl_graph=shapes, inference="none",
                                               advanced=True, inplace=True, allow_warnings=True)
    except (ShapeLoadError, ReportableRuntimeError) as exc:
        _bad_shapes(str(exc), names)
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure for bad shapes
        _bad_shapes(str(report), names)
    bind_prefixes(report, base)
    report.bind("kgsh", "https://w3id.org/kg/shapes#")
    violations = _read_results(report, merged, shapes, base)
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=violations, graph=report,
                            shapes=names)


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL runs a SPARQL constraint once per focus node with the same text; rdflib would parse
    it every time, which dominates validation time.
    """

    _prepared: dict[str, object] = {}  # shared: the same shapes give the same texts

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                from rdflib.plugins.sparql import prepareQuery

                if len(self._prepared) > 1000:
                    self._prepared.clear()
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _bad_shapes(message: str, names: list[str]) -> None:
    first = [line for line in message.strip().splitlines() if line.strip()]
    text = first[0].removeprefix("ValidationFailure: ") if first else "unknown error"
    raise InputError(f"is not valid SHACL: {text}; fix the shapes"[:300],
                     path=names[0] if names else "ontology/shapes.ttl")


def _read_results(report: Graph, data: Graph, shapes: Graph, base: str | None) -> list[Violation]:
    namespaces = dict(all_prefixes(base), kgsh="https://w3id.org/kg/shapes#")
    from kg.query import shorten

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
    """The English label of ``node``, else any label, else its id, else ""."""
    labels = list(graph.objects(node, RDFS.label))
    for label in labels:
        if isinstance(label, Literal) and label.language == "en":
            return str(label)
    if labels:
        return str(sorted(labels)[0])
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


def validate(project=".", result=None) -> ValidationReport:
    """Build ``project`` (unless ``result``, a BuildResult, is given) and validate it.

    Raises:
        InputError: an input file or the shapes do not load (exit code 2).
    """
    from kg.build import build
    from kg.project import Project

    if result is None:
        project = project if isinstance(project, Project) else Project.open(project)
        result = build(project)
    project = result.inputs.project
    files = project.shapes_files()
    shapes = load_shapes(files, project.rel)
    return validate_graph(result.graph, result.ontology, shapes, base=project.base,
                          shape_files=[project.rel(p) for p in files])
