"""Checking a built graph against the SHACL shapes in ``ontology/shapes*.ttl`` with pySHACL."""

from __future__ import annotations

import os
import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.check.report import ValidationReport, Violation, read_results  # noqa: F401 (Violation: API)
from kg.errors import InputError, KGError
from kg.vocab import bind_prefixes


def load_shapes(files: list[Path], label_of) -> Graph:
    """Parse the SHACL shapes files; a file that does not parse is an InputError."""
    from kg.inputs.ontology import parse_turtle_files

    shapes = parse_turtle_files(files, label_of, Graph(), max_bytes=5_000_000)
    return shapes


def validate_graph(data: Graph, ontology: Graph, shapes: Graph, *, base: str | None = None,
                   shape_files: list[str] | None = None, share: tuple[int, int] | None = None,
                   focus: list[str] | None = None) -> ValidationReport:
    """Validate instance ``data`` (with its ``ontology``) against SHACL ``shapes``.

    The data graph pySHACL sees is data and ontology together, so class checks follow the
    ontology's subclass axioms and the controlled individuals (units, ...) are checked too.

    Args:
        data: the instance graph.
        ontology: the ontology graph.
        shapes: the SHACL shapes graph.
        base: the instance base IRI, for short names in the report.
        shape_files: names of the shapes files, for the report's summary line.
        share: (i, n): validate with the i-th of n groups of the shapes only (``share_of``).
        focus: the IRIs of the focus nodes to validate; None: every one.

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

    if len(ontology):
        merged = _PreparedQueryGraph()
        for triple in ontology:
            merged.add(triple)
        for triple in data:
            merged.add(triple)
    else:  # data is already the union: share its triples, do not copy them
        merged = _PreparedQueryGraph(store=data.store, identifier=data.identifier)
    runnable, split = violator_targets(shapes)
    members = share_of(runnable, merged, *share, split=split) if share else None
    if members is not None:
        for shape in _top_shapes(runnable):
            if shape not in members:
                runnable.add((shape, SH.deactivated, Literal(True)))
    try:
        conforms, report, _ = pyshacl.validate(merged, shacl_graph=runnable, inference="none",
                                               advanced=True, inplace=True, allow_warnings=True,
                                               focus_nodes=focus or None)
    except (ShapeLoadError, ReportableRuntimeError) as exc:
        _bad_shapes(str(exc), names)
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure for bad shapes
        _bad_shapes(str(report), names)
    _attribute(report, split, shapes, merged)  # the shapes as written, not the split-off parts
    bind_prefixes(report, base)
    report.bind("kgsh", "https://w3id.org/kg/shapes#")
    violations = read_results(report, merged, shapes, base)
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=violations, graph=report,
                            shapes=names)


#: Query forms where joining with the targets is not the same as pre-binding ``$this``.
_NOT_SPLITTABLE = re.compile(r"\b(MINUS|LIMIT|OFFSET|GROUP\s+BY|HAVING|VALUES|SERVICE)\b|"
                             r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_RDF_TYPE_SUBCLASS = ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
                      "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*")


def violator_targets(shapes: Graph) -> tuple[Graph, dict]:
    """The shapes, with each node shape's SPARQL constraints run once per graph, not per node.

    pySHACL runs a SPARQL constraint once per focus node, which made validation several times
    slower than everything else in a build. For each SPARQL constraint of a node shape, this
    moves the constraint to a shape of its own whose SPARQL target (SHACL-AF) is the query
    itself joined with the shape's targets: it selects, in one query, exactly the focus nodes
    for which the constraint reports something, and pySHACL then runs the constraint on those
    alone (none, in a conforming graph). Shapes that share a constraint share that query. The
    results are the same; constraints whose query could mean something else when joined
    instead of pre-bound (subqueries, MINUS, aggregates, LIMIT, ...) are left as they are.

    Args:
        shapes: the shapes graph as written; not modified.

    Returns:
        The shapes graph to validate with, and a map from each split-off shape to the shapes it
        came from (to report results against the shapes as written; see ``_attribute``).
    """
    out = Graph()
    for triple in shapes:
        out.add(triple)
    users: dict = {}  # (constraint, severities) -> [(shape, pattern, prefixes)]
    for shape in sorted(set(shapes.subjects(SH.sparql, None))):
        if (shape, SH.path, None) in shapes or (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        targets = _target_pattern(shapes, shape)
        if targets is None:
            continue
        severities = tuple(sorted(shapes.objects(shape, SH.severity)))
        for constraint in sorted(shapes.objects(shape, SH.sparql)):
            users.setdefault((constraint, severities), []).append((shape, *targets))
    split: dict = {}
    numbers: dict = {}
    for (constraint, severities), uses in users.items():
        select = shapes.value(constraint, SH.select)
        # shapes sharing a constraint share one query: parsing it costs more than running it
        pattern = " UNION ".join(f"{{ {pattern} }}" for _, pattern, _ in uses)
        query = _violators_query(str(select), pattern) if select is not None else None
        if query is None:
            continue
        first = uses[0][0]
        numbers[first] = numbers.get(first, 0) + 1
        part = URIRef(f"{first}-sparql-{numbers[first]}")
        target = BNode()
        out.add((part, RDF.type, SH.NodeShape))
        out.add((part, SH.sparql, constraint))
        out.add((part, SH.target, target))
        for severity in severities:
            out.add((part, SH.severity, severity))
        out.add((target, RDF.type, SH.SPARQLTarget))
        out.add((target, SH.select, Literal(query)))
        prefixes = set(shapes.objects(constraint, SH.prefixes))
        for shape, _, target_prefixes in uses:
            out.remove((shape, SH.sparql, constraint))
            prefixes |= target_prefixes
        for prefix in prefixes:
            out.add((target, SH.prefixes, prefix))
        split[part] = tuple(shape for shape, _, _ in uses)
    return out, split


def _attribute(report: Graph, split: dict, shapes: Graph, data: Graph) -> None:
    """Give each result of a split-off shape the shape it came from as ``sh:sourceShape``:
    of the shapes that share its constraint, each one that targets the focus node (one
    result each, as validating with the shapes as written gives)."""
    tops = set(report.subjects(RDF.type, SH.ValidationReport))
    for result, part in sorted(report.subject_objects(SH.sourceShape)):
        origins = split.get(part)
        if origins is None:
            continue
        focus = report.value(result, SH.focusNode)
        matching = [s for s in origins if _targets(shapes, s, focus, data)] or [origins[0]]
        report.set((result, SH.sourceShape, matching[0]))
        for shape in matching[1:]:
            twin = BNode()
            for _, p, o in list(report.triples((result, None, None))):
                report.add((twin, p, shape if p == SH.sourceShape else o))
            for top in tops:
                report.add((top, SH.result, twin))


def _targets(shapes: Graph, shape, node, data: Graph) -> bool:
    """Whether ``shape``'s class, node, subjects-of or objects-of targets select ``node`` (a
    SPARQL target is taken to: only a shape of its own has one here)."""
    if (shape, SH.target, None) in shapes or (shape, SH.targetNode, node) in shapes:
        return True
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.add(shape)
    for cls in data.objects(node, RDF.type):
        if classes & set(data.transitive_objects(cls, RDFS.subClassOf)):
            return True
    return any((node, p, None) in data for p in shapes.objects(shape, SH.targetSubjectsOf)) or \
        any((None, p, node) in data for p in shapes.objects(shape, SH.targetObjectsOf))


def _target_pattern(shapes: Graph, shape) -> tuple[str, set] | None:
    """A SPARQL group binding ``?this`` to each focus node of ``shape``, with the prefixes
    its SPARQL targets need; None when a target cannot be written so."""
    parts, prefixes = [], set()
    classes = set(shapes.objects(shape, SH.targetClass))
    if {(shape, RDF.type, RDFS.Class), (shape, RDF.type, OWL.Class)} & set(
            shapes.triples((shape, RDF.type, None))):
        classes.add(shape)
    parts += [f"?this {_RDF_TYPE_SUBCLASS} {c.n3()} ." for c in sorted(classes)]
    parts += [f"VALUES ?this {{ {n.n3()} }}" for n in sorted(shapes.objects(shape, SH.targetNode))]
    parts += [f"?this {p.n3()} ?kg_target_object ." for p in
              sorted(shapes.objects(shape, SH.targetSubjectsOf))]
    parts += [f"?kg_target_subject {p.n3()} ?this ." for p in
              sorted(shapes.objects(shape, SH.targetObjectsOf))]
    for target in sorted(shapes.objects(shape, SH.target)):
        select = shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or select is None:
            return None  # a custom target type: leave the shape alone
        parts.append(_inline_target(str(select), len(parts)) or f"{{ {select} }}")
        prefixes |= set(shapes.objects(target, SH.prefixes))
    if not parts:
        return None
    return " UNION ".join(f"{{ {part} }}" for part in parts), prefixes


_TARGET_SELECT = re.compile(r"(?is)\s*SELECT\s+(?:DISTINCT\s+)?[?$]this\s+WHERE\s*\{(.*)\}\s*")
_QUOTED_MARK = re.compile(r"<[^>]*[?$][^>]*>|\"[^\"]*[?$]|'[^']*[?$]")


def _inline_target(select: str, number: int) -> str | None:
    """A SPARQL target ``SELECT [DISTINCT] ?this WHERE { body }`` as the group ``{ body }``,
    its variables but ``?this`` renamed apart (``?kg_target_N_name``); None when it has
    anything else (modifiers, subqueries, aggregates, ``?`` in an IRI or a string).

    Joined as a subquery, rdflib pairs every target with every row of the constraint
    (a nested loop: the relation-domain check took 191 s at 100k triples, 4.7 s at 30k);
    joined as a group, it evaluates the constraint once per target, bound."""
    match = _TARGET_SELECT.fullmatch(select)
    if match is None or _NOT_SPLITTABLE.search(select) or \
            len(re.findall(r"\bSELECT\b", select, re.I)) != 1:
        return None
    body = match.group(1)
    if _QUOTED_MARK.search(body) or "{" in body:
        return None
    renamed = re.sub(r"[?$](\w+)", lambda m: "?this" if m.group(1) == "this"
                     else f"?kg_target_{number}_{m.group(1)}", body)
    return f"{{ {renamed} }}"


def _violators_query(select: str, pattern: str) -> str | None:
    """``select`` (a constraint's query, using ``$this``) as a query for the ``?this`` it
    reports, with ``pattern`` (the targets) joined in its top-level group."""
    if _NOT_SPLITTABLE.search(select) or len(re.findall(r"\bSELECT\b", select, re.I)) != 1:
        return None
    head = re.match(r"(?is)(.*?)\bSELECT\b[^{]*?\{", select)
    if head is None:
        return None
    body = select[head.end():]
    return f"{head.group(1)}SELECT DISTINCT ?this WHERE {{ {pattern}\n{body}"


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


class PendingValidation:
    """A validation started by ``start_validation``; ``report()`` waits for its outcome."""

    def __init__(self, result, children: list[tuple[int, int]] | None = None, *,
                 focus: list[str] | None = None, done: ValidationReport | None = None) -> None:
        self._result, self._children, self._focus = result, children or [], focus
        self._done = done

    def report(self) -> ValidationReport:
        """The ValidationReport (computed here when no child process runs it).

        Raises:
            InputError: the shapes do not load.
        """
        if self._done is not None:
            return self._done
        if not self._children:
            return validate(result=self._result, focus=self._focus)
        import pickle

        children, self._children = self._children, []

        answers = []
        for pid, reader in children:
            with os.fdopen(reader, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if not data or os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError("a validation process ended without an answer")
            answers.append(pickle.loads(data))  # our own child's answer, through a private pipe
        for outcome, value in answers:
            if outcome == "error":
                raise value
            if outcome == "crash":
                raise RuntimeError(f"validation failed: {value}")
        return merge_reports([value for _, value in answers],
                             self._result.inputs.project.base)


    def cancel(self) -> None:
        """Stop the validation processes, if they still run (the build failed otherwise)."""
        import signal

        children, self._children = self._children, []
        for pid, reader in children:
            os.close(reader)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)


def merge_reports(parts: list[ValidationReport], base: str | None = None) -> ValidationReport:
    """One ValidationReport from reports of the same graph against disjoint sets of shapes."""
    conforms = all(part.conforms for part in parts)
    graph = bind_prefixes(Graph(), base)
    graph.bind("kgsh", "https://w3id.org/kg/shapes#")
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for part in parts:
        tops = set(part.graph.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in part.graph:
            if s not in tops:
                graph.add((s, p, o))
            elif p == SH.result:
                graph.add((report, p, o))
    violations = sorted((v for part in parts for v in part.violations),
                        key=lambda v: (v.shape, v.focus, v.path, v.value, v.message))
    return ValidationReport(conforms=conforms, violations=violations, graph=graph,
                            shapes=parts[0].shapes if parts else [])


def start_validation(result, *, processes: int | None = None,
                     focus: list[str] | None = None) -> PendingValidation:
    """Start validating a BuildResult while the caller goes on (rendering the exports, say).

    Shapes that compile to SPARQL (``kg.check.compiled``) are checked at once, here, on an
    in-memory Oxigraph store. Otherwise pySHACL, the slowest step of a build, which shares
    nothing with rendering, so it runs in forked child processes, each with its share of the shapes (see ``share_of``). Where
    ``fork`` is unavailable, or threads are running (forking those is unsafe), it all runs when
    ``report()`` is called.

    Args:
        result: the BuildResult to validate.
        processes: how many; by default one per core, at most three (each also pays for
            loading pySHACL and the shapes).
        focus: validate these focus nodes (IRIs) only; None: all.
    """
    import threading

    done = _validate_compiled(result.union(), result.inputs.project, focus)
    if done is not None:  # here: faster than pySHACL in every process (2.5 s vs 12 s at 100k)
        return PendingValidation(result, done=done)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return PendingValidation(result, focus=focus)
    if processes is None:
        processes = min(3, os.cpu_count() or 1)
    _prepare_sparql_parser()  # once here, not once in each process
    children = [_fork(lambda share=share: validate(
        result=result, share=(share, processes) if processes > 1 else None, focus=focus))
        for share in range(processes)]
    return PendingValidation(result, children)


def _prepare_sparql_parser() -> None:
    """Parse one small query, so rdflib's SPARQL grammar is set up (pyparsing streamlines it
    and compiles its patterns on first use, about a quarter of a second) before processes
    fork: they, and the report's queries, inherit it ready."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery('SELECT ?s WHERE { ?s a <urn:c> ; <urn:p>/<urn:q>* "x"@en . '
                 'OPTIONAL { ?s <urn:r> ?o } FILTER(LANG(?o) = "en" && ?o != 1) }')


def _fork(run) -> tuple[int, int]:
    """Run ``run()`` (returning a ValidationReport) in a child process: its pid, and the pipe
    its pickled answer comes through."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    code = 1
    try:  # the child: answer through the pipe, then leave without running exit handlers
        import pickle

        os.close(reader)
        try:
            answer = ("ok", run())
        except KGError as exc:
            answer = ("error", exc)
        except Exception as exc:  # a bug: tell the parent what, rather than just dying
            answer = ("crash", f"{type(exc).__name__}: {exc}")
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(answer))
        code = 0
    finally:
        os._exit(code)


#: Estimated costs, in units of one core constraint on one focus node (measured on the seed):
#: of a SPARQL query run once (mostly rdflib parsing it), of each focus node it checks; and
#: the focus nodes assumed for a SPARQL target, which are not counted.
_QUERY_COST, _QUERY_NODE_COST, _SPARQL_TARGET_NODES = 600, 6, 250
_SHAPE_REFERENCES = (SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH.qualifiedValueShape)


def _top_shapes(shapes: Graph) -> list:
    """The shapes with targets of their own."""
    return sorted({s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                               SH.targetObjectsOf, SH.target) for s in shapes.subjects(p, None)})


def share_of(shapes: Graph, data: Graph, share: int, shares: int,
             split: dict | None = None) -> set | None:
    """The top-level shapes of ``shapes`` that validation ``share`` of ``shares`` runs: the
    shapes split into groups of about equal estimated cost on ``data``, largest first onto the
    lightest group. None (all of them) when a top-level shape is also used inside another
    shape, which deactivating it would change.

    Args:
        shapes: the shapes to validate with (after ``violator_targets``).
        data: the graph to validate.
        share: which group (from 0).
        shares: how many groups.
        split: the split-off shapes and the shapes they came from (``violator_targets``).
    """
    tops = _top_shapes(shapes)
    if shares < 2 or {o for p in _SHAPE_REFERENCES for o in shapes.objects(None, p)} & set(tops):
        return None
    split = split or {}

    def focus_count(shape) -> int:
        count = len(list(shapes.objects(shape, SH.targetNode)))
        for cls in shapes.objects(shape, SH.targetClass):
            count += len({s for c in data.transitive_subjects(RDFS.subClassOf, cls)
                          for s in data.subjects(RDF.type, c)})
        count += sum(len(set(data.subjects(p, None)))
                     for p in shapes.objects(shape, SH.targetSubjectsOf))
        count += sum(len(set(data.objects(None, p)))
                     for p in shapes.objects(shape, SH.targetObjectsOf))
        return count

    def cost(shape) -> int:
        if shape in split:  # one query over the focus nodes of the shapes it came from
            return _QUERY_COST + _QUERY_NODE_COST * sum(
                focus_count(origin) or _SPARQL_TARGET_NODES for origin in split[shape])
        nodes = focus_count(shape) + _SPARQL_TARGET_NODES * len(
            list(shapes.objects(shape, SH.target)))
        return nodes * (1 + len(list(shapes.objects(shape, SH.property))))

    costs = {shape: cost(shape) for shape in tops}
    groups: list[tuple[int, int, set]] = [(0, i, set()) for i in range(shares)]
    for shape in sorted(tops, key=lambda s: (-costs[s], str(s))):
        load, i, members = min(groups, key=lambda g: g[:2])
        members.add(shape)
        groups[i] = (load + costs[shape], i, members)
    return groups[share][2]


def validate(project=".", result=None, *, share: tuple[int, int] | None = None,
             focus: list[str] | None = None) -> ValidationReport:
    """Build ``project`` (unless ``result``, a BuildResult, is given) and validate it.

    With ``share`` = (i, n), only with the i-th of n groups of the shapes (``share_of``).

    Raises:
        InputError: an input file or the shapes do not load (exit code 2).
    """
    from kg.graph.build import build
    from kg.inputs.project import Project

    if result is None:
        project = project if isinstance(project, Project) else Project.open(project)
        result = build(project)
    project = result.inputs.project
    files = project.shapes_files()
    shapes = load_shapes(files, project.rel)
    return validate_graph(result.union(), Graph(), shapes, base=project.base,
                          shape_files=[project.rel(p) for p in files], share=share, focus=focus)


class _LinesGraph:
    """What ``start_validation`` needs of a build: the graph to validate and the project."""

    def __init__(self, graph: Graph, project) -> None:
        self.graph = graph
        self.inputs = type("Inputs", (), {"project": project})()

    def union(self) -> Graph:
        return self.graph


def validate_lines(lines: list[str], ontology: Graph, project,
                   focus: list[str] | None = None, *,
                   cache: str | None = None) -> ValidationReport:
    """Validate N-Triples ``lines`` (with the ``ontology``) against ``project``'s shapes: how
    a store that keeps N-Triples, not an rdflib graph, validates the graphs a build is about
    to write. With the compiled checks on the lines as Oxigraph reads them when it can;
    else their rdflib graph, with pySHACL in processes (``start_validation``) when large.

    ``cache``: a file where the shapes' parse and compiled checks are kept (a store's).

    Raises:
        InputError: the shapes do not load.
    """
    from kg.check.compiled import LinesData

    data = LinesData(lines, ontology, cache=cache and os.path.join(os.path.dirname(cache),
                                                                    ONTOLOGY_QUADS_CACHE))
    # at every size: parsing the lines into rdflib cost more than the compiled checks (47 s
    # of 98 s at 1M triples), and grew faster than the lines
    report = _validate_compiled(data, project, focus, cache)
    if report is not None:
        return report
    if len(lines) < SMALL_VALIDATION:  # each process would pay more to start than it saves
        # lines Oxigraph would not give back as written: their rdflib graph
        report = _validate_compiled(data.graph, project, focus, cache)
        if report is not None:
            return report
        return validate(result=_LinesGraph(data.graph, project), focus=focus)
    return start_validation(_LinesGraph(data.graph, project), focus=focus).report()


def _validate_compiled(graph, project, focus: list[str] | None,
                       cache: str | None = None) -> ValidationReport | None:
    """``graph`` (an rdflib graph, or ``kg.check.compiled.LinesData``) validated with the
    shapes compiled to SPARQL (``kg.check.compiled``): the same results as pySHACL without
    its second of start-up; None when the shapes use something not compiled there (validate
    with pySHACL)."""
    from kg.check.compiled import project_shapes, validate_compiled

    files = project.shapes_files()
    try:  # an odd shapes file (not regular, too large, unreadable): pySHACL's path says why
        if not all(f.is_file() and f.stat().st_size <= 5_000_000 for f in files):
            return None
        shapes, key = project_shapes(files, project.rel, load_shapes, cache=cache)
    except OSError:
        return None
    return validate_compiled(graph, shapes, key, base=project.base,
                             shape_files=[project.rel(p) for p in files], focus=focus)


#: below this many data triples, pySHACL (when the shapes do not compile) runs in the calling
#: process: one article's graph validated in 1.7 s there, in 2.6 s shared among forked
#: processes (each loads the shapes and parses its SPARQL again)
SMALL_VALIDATION = 20_000
#: the ontology's quads for the compiled checks (``LinesData``), beside a store's shapes cache
ONTOLOGY_QUADS_CACHE = "kg-ontology-quads.pickle"
