"""The Oxigraph store (``oxigraph:PATH``): a persistent Oxigraph store on disk (pyoxigraph).

Built by the bulk path (``kg.graph.writer``): one named graph per source, each replaced only when
its inputs changed, loaded with Oxigraph's bulk loader and serialised with Oxigraph's own
writers. A build of an unchanged corpus only hashes the input files. Queries run on the union
of the graphs. The store writes nothing outside its directory: ``kg.exports`` writes
``exports/`` from its Turtle and its graph.

Oxigraph keeps literal values, not their spelling: decimals come back canonical ("34" for
"34.0"), integer subtypes such as ``xsd:nonNegativeInteger`` as ``xsd:integer``, language tags
in lower case. Answers are the same by value; so that ``FILTER(lang(?x) = "zh-Hant")`` keeps
working, such comparisons are made case-insensitive (``kg.rdfio.sparql.fold_lang_comparisons``)
before a query runs on Oxigraph.
"""

from __future__ import annotations

import os

from kg.errors import UsageError
from kg.rdfio.jsonio import dump_json, read_json
from kg.record import Record
from kg.vocab import LANGS, all_prefixes

TYPE_CHECKING = False  # typing's flag without importing typing (3 ms of a cold command)
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Mapping

    from rdflib import Graph
    from rdflib.query import Result

    from pathlib import Path

    from kg.inputs.project import Project
    from kg.store import StoreSpec

META_FILE = "kg-store.json"
#: the inputs digest and project of the last build, as in META_FILE (``is_current``)
CURRENT_FILE = "kg-current.json"
SHARED_FILE = "kg-shared.nt"  # the shared graph's lines, to validate only what changed
INDEX_FILE = "kg-inputs.json"  # what the last build read (kg.inputs.index)
FOLDED_FILE = "kg-folded.txt"  # every source's folded text, where a new name is looked for
ONTOLOGY_FILE = "kg-ontology.ttl"  # exports/ontology.ttl, kept for the ontology it was made of
ONTOLOGY_CACHE = "kg-ontology.pickle"  # the ontology's parse, kept with its files' digest
_TAGS = {lang.lower(): lang for lang in LANGS}
_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ERROR_AT = r"(?s)error at (\d+):(\d+): (.*)"  # compiled by re when an error needs it


class StoreBuild(Record):
    """What a build into a store did.

    Attributes:
        summary: the counts of ``kg.graph.build.summarize``.
        rebuilt: IRIs of the named graphs written by this build.
        kept: IRIs of the named graphs left as they were (their inputs did not change).
        up_to_date: the store held the current inputs already: nothing was written to it.
        validation: the SHACL report of the graphs validated by this build (None: none was).
        validated, verdicts_reused: the graphs validated by this build, and those whose
            recorded verdict held.
        sources_read: a build of added files: the sources it read (the added ones and those
            their names occur in), of ``sources_total``; None for a build that read every input.
        ontology_loader: the ontology graph, or how to read it (an up-to-date build needs it
            only for exports).
        ontology_turtle: the ontology's Turtle for ``exports/ontology.ttl``, kept by the store
            for its content.
        inputs_digest: the input digest the build read at its start (what the exports'
            manifest records).
    """

    # no __slots__: the exports add what they removed (``exports_removed``)
    _fields = ("summary", "rebuilt", "kept", "up_to_date", "validation", "validated",
               "verdicts_reused", "sources_read", "sources_total", "inferred", "inputs_digest")

    def __init__(self, summary: dict, rebuilt: list[str] | None = None,
                 kept: list[str] | None = None, up_to_date: bool = False,
                 validation: object = None, validated: list[str] | None = None,
                 verdicts_reused: list[str] | None = None,
                 sources_read: list[str] | None = None, sources_total: int = 0,
                 inferred: "Graph | None" = None,
                 ontology_loader: "Callable[[], Graph] | None" = None,
                 _ontology: "Graph | None" = None,
                 ontology_turtle: "Callable[[], bytes] | None" = None,
                 inputs_digest: str | None = None) -> None:
        self.summary, self.up_to_date, self.validation = summary, up_to_date, validation
        self.rebuilt = [] if rebuilt is None else rebuilt
        self.kept = [] if kept is None else kept
        self.validated = [] if validated is None else validated
        self.verdicts_reused = [] if verdicts_reused is None else verdicts_reused
        self.sources_read, self.sources_total = sources_read, sources_total
        self.inferred, self.inputs_digest = inferred, inputs_digest
        self.ontology_loader, self._ontology = ontology_loader, _ontology
        self.ontology_turtle = ontology_turtle

    @property
    def ontology(self) -> "Graph | None":
        """The project's ontology as read from the inputs (for ``exports/ontology.ttl``)."""
        if self._ontology is None and self.ontology_loader is not None:
            self._ontology = self.ontology_loader()
        return self._ontology


# ------------------------------------------------------------------ terms and results

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """A pyoxigraph term as the equivalent rdflib term (``xsd:string`` as a plain literal)."""
    from rdflib import BNode, Literal, URIRef

    return _convert(term, URIRef, BNode, lambda value, language=None, datatype=None: Literal(
        value, lang=language, datatype=URIRef(datatype) if datatype else None))


def to_light(term):
    """A pyoxigraph term as a light kg term (``kg.rdfio.terms``), shown exactly as
    :func:`to_rdflib`'s term would be, without importing rdflib for the common literals."""
    from kg.rdfio.terms import Blank, Iri, Lit, rdflib_lexical

    def literal(value, language=None, datatype=None):
        if datatype is None:
            return Lit(value, language=language) if language else Lit(value)
        return Lit(rdflib_lexical(value, datatype), datatype)

    return _convert(term, Iri, Blank, literal)


def _convert(term, iri, blank, literal):
    """``term`` (pyoxigraph) made by ``iri(value)``, ``blank(id)`` or ``literal(value,
    language=, datatype=)``; an ``xsd:string`` literal is made plain."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return iri(term.value)
    if isinstance(term, ox.BlankNode):
        return blank(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return literal(term.value, language=term.language)
        datatype = term.datatype.value
        return literal(term.value) if datatype == _XSD_STRING else \
            literal(term.value, datatype=datatype)
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term):
    """An rdflib term or a light kg term (``kg.rdfio.terms``) as the equivalent pyoxigraph
    term."""
    import pyoxigraph as ox

    from kg.rdfio.terms import term_kind

    kind = term_kind(term)
    if kind == "uri":
        return ox.NamedNode(str(term))
    if kind == "bnode":
        return ox.BlankNode(str(term))
    if kind == "literal":
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def answer_from_oxigraph(answer):
    """A pyoxigraph SELECT or ASK answer as a ``kg.rdfio.results.Answer`` of light terms
    (what ``kg query`` writes, with no rdflib); a graph answer as :func:`result_from_oxigraph`
    makes it (rdflib's Graph)."""
    import pyoxigraph as ox

    from kg.rdfio.results import Answer

    if isinstance(answer, ox.QueryBoolean):
        return Answer("ASK", ask=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return result_from_oxigraph(answer)
    names = [v.value for v in answer.variables]
    converted: dict = {}  # rows repeat terms (labels, units, periods): convert each once
    rows = []
    for solution in answer:
        row = []
        for name in names:
            value = solution[name]
            if value is not None:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = to_light(value)
                value = term
            row.append(value)
        rows.append(tuple(row))
    return Answer("SELECT", names, rows)


def result_from_oxigraph(answer) -> "Result":
    """A pyoxigraph query answer as an rdflib Result (what ``kg.rdfio.results.format_result`` takes)."""
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Variable

    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QueryTriples):
        result = Result("CONSTRUCT")
        graph = Graph()
        for triple in answer:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        result.graph = graph
        return result
    result = Result("SELECT")
    names = [v.value for v in answer.variables]
    variables = [Variable(name) for name in names]
    result.vars = variables
    bindings = []
    converted: dict = {}  # rows repeat terms (labels, units, periods): convert each once
    for solution in answer:
        row = {}
        for variable, name in zip(variables, names):
            value = solution[name]
            if value is not None:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = to_rdflib(value)
                row[variable] = term
        bindings.append(row)
    result.bindings = bindings
    return result


def _syntax_error(exc: SyntaxError, text: str, label: str) -> Exception:
    """The error to raise for Oxigraph's SyntaxError on ``text``: a UsageError for an update,
    else a QuerySyntaxError with the line and column."""
    from kg.errors import QuerySyntaxError
    from kg.rdfio.sparql import check_read_only

    import re

    check_read_only(text, label)
    message = str(exc)
    match = re.match(_ERROR_AT, message)
    if match:
        line, col, what = match.groups()
        what = " ".join(what.split())[:160]
        return QuerySyntaxError(f"SPARQL syntax error at line {line}, column {col}: "
                                f"{what}; fix the query", path=label, line=int(line))
    return QuerySyntaxError(f"SPARQL error: {message.splitlines()[0]}; fix the query",
                            path=label)


# ------------------------------------------------------------------ Oxigraph


class OxigraphStore:
    """A persistent Oxigraph store in a directory, built by the bulk path.

    Args:
        path: the store's directory (made on first build). kg keeps its bookkeeping (input
            digest, one content hash per named graph, the summary) in ``PATH/kg-store.json``.
    """

    validates = True  # per named graph, inside build (see ``build``'s ``check``)
    validates_in_build = True
    infers = False
    draw_limit = 50_000  # reading the store back into rdflib to draw it costs minutes at 1M

    def __init__(self, path: "Path | str", base: str | None = None) -> None:
        self._folder = os.fspath(path)  # what a cold query opens, with no Path made
        self._path = None if isinstance(path, str) else path
        self.base = base
        self._reader = None  # a read-only handle, kept between queries
        self._writer = None  # the write handle of a build, closed when it ends
        self._before_shared: set[str] | None = None  # the shared graph before a build

    @classmethod
    def open(cls, arg: str, project: "Project | None" = None) -> "OxigraphStore":
        """The store in directory ``arg`` (``oxigraph:PATH``) for ``project``.

        Raises:
            UsageError: pyoxigraph is not installed.
        """
        # imported, not looked for with importlib.util (one more import on a cold query):
        # every use of the store imports it anyway
        try:
            import pyoxigraph  # noqa: F401
        except ImportError:
            raise UsageError("--store oxigraph needs pyoxigraph: run "
                             "pip install -e '.[oxigraph]' in kg's source directory") from None
        return cls(arg, base=project.base if project is not None else None)

    @property
    def path(self) -> "Path":
        """The store's directory, a Path (made when first asked for)."""
        if self._path is None:
            from pathlib import Path

            self._path = Path(self._folder)
        return self._path

    def cache_file(self, name: str) -> str:
        """Where the store keeps what it derives from unchanged inputs (a parse), by name."""
        return os.path.join(self._folder, name)

    @property
    def spec(self) -> str:
        return f"oxigraph:{self.path}"

    # -- bookkeeping
    def meta(self) -> dict:
        """The bookkeeping of the last build, or an empty record."""
        try:
            meta = read_json(os.path.join(self._folder, META_FILE))
            return meta if isinstance(meta, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_meta(self, meta: dict) -> None:
        from kg.rdfio.files import write_atomic

        # the build's inputs alone, read by is_current on every command (the whole record is
        # 250 kB at 1M triples); gone while the record is written, so never ahead of it
        current = os.path.join(self._folder, CURRENT_FILE)
        if os.path.lexists(current):
            os.unlink(current)
        # one line: json's C encoder does not indent (an indented record of 1,000 graphs
        # costs more than the rest of an incremental build's bookkeeping)
        write_atomic(self.path / META_FILE, (dump_json(meta, ensure_ascii=False,
                                                       separators=(",", ":"),
                                                       sort_keys=True) + "\n").encode())
        if meta.get("inputs"):
            write_atomic(current, dump_json([meta["inputs"], meta.get("root")]).encode())

    def _open(self, *, write: bool):
        import pyoxigraph as ox

        if os.path.exists(self._folder) and not os.path.isdir(self._folder):
            raise UsageError(f"{self.path}: not a directory; --store oxigraph:PATH needs a "
                             "directory")
        try:
            if write:
                self._reader = None
                if getattr(self, "_writer", None) is None:  # opened once a build
                    self._writer = ox.Store(str(self.path))
                return self._writer
            if self._reader is None:
                self._reader = ox.Store.read_only(self._folder)
            return self._reader
        except OSError as exc:
            raise UsageError(f"cannot open the Oxigraph store {self.path}: "
                             f"{str(exc).splitlines()[0]} (is another kg writing to it?)") from None

    def is_current(self, project: "Project") -> bool:
        """True when the store holds a build of ``project``'s current inputs."""
        try:
            inputs, root = read_json(os.path.join(self._folder, CURRENT_FILE))
        except (OSError, ValueError, TypeError):  # none (an older build): the whole record
            meta = self.meta()
            inputs, root = meta.get("inputs"), meta.get("root")
        return bool(inputs) and inputs == project.input_digest() and root == project.path()

    # -- build
    def build(self, project: "Project", *, check: "Callable | None" = None) -> StoreBuild:
        """Build ``project`` into the store, replacing only the graphs whose inputs changed.

        With ``check`` (called with N-Triples lines, the ontology graph and the IRIs of the
        focus nodes to validate, None for all; it raises when they do not conform), every graph without a verdict for its current content and shapes is
        validated before anything is written: the changed graphs, with the triples of the
        unchanged graphs about the nodes they name. The verdict is recorded per graph with its
        digest (content and shapes); an unchanged graph whose verdict digest matches is not
        validated again. Without ``check`` the graphs written carry no verdict.

        When files were only added since the last build (sources and fact files; nothing
        edited or removed, the ontology, shapes and kg unchanged), only the added files are
        read, with the sources their new names occur in, against the input index the last
        build kept (``kg.inputs.index``); the store and exports are the same as a build from
        every input would make.

        Raises:
            InputError: as ``kg.graph.build.build``.
            CheckFailed: what ``check`` raised; the store is then left as it was.
        """
        from kg.graph import writer as bulk
        from kg.inputs.corpus import load_inputs
        from kg.inputs.index import added_files, load_added
        from kg.inputs.ontology import load_ontology

        meta = self.meta()
        digest = project.input_digest()
        self.base = project.base
        shapes = _shapes_digest(project)
        if meta.get("inputs") == digest and meta.get("root") == str(project.root) and \
                (check is None or _verified(meta, shapes)):
            graphs = sorted(meta.get("graphs", {}))
            built = StoreBuild(summary=meta["summary"], kept=graphs, up_to_date=True,
                               verdicts_reused=graphs if check is not None else [],
                               ontology_loader=lambda: load_ontology(
                                   project.ontology_files(), project.rel,
                                   cache=self.cache_file(ONTOLOGY_CACHE)).graph,
                               inputs_digest=digest)
            built.ontology_turtle = self._ontology_turtle(meta, built)
            return built
        old = meta.get("graphs", {}) if meta.get("root") == str(project.root) else {}
        index = self._index(project, meta, shapes) if old else None
        added = added_files(project.hashes, index) if index is not None and \
            (check is None or _verified(meta, shapes)) else None
        added = added or None  # nothing added (a verdict to renew): read every input
        if added is not None:  # only files added: read those, and the sources they touch
            folded, spans = self._folded(index)
            inputs = load_added(project, index, added, folded, spans,
                                ontology_cache=self.cache_file(ONTOLOGY_CACHE))
        else:
            inputs = load_inputs(project, ontology_cache=self.cache_file(ONTOLOGY_CACHE))
        plans = bulk.plan(inputs)
        shared, appended = None, {}
        self._before_shared = None
        for plan in plans:
            if plan.kind == "shared":
                shared = bulk.shared_lines(inputs)
                if added is not None:  # the graph of every file, with what the added ones add
                    self._before_shared = set(self._shared_lines())
                    new = set(shared) - self._before_shared
                    shared = sorted(self._before_shared | new)
                    # only lines are added: the store's graph is extended, not loaded again
                    # (dropping it costs a walk of every quad it holds)
                    appended[plan.name] = sorted(new)
                plan.digest = bulk.content_digest(shared)
        changed = [p for p in plans if old.get(p.name, {}).get("hash") != p.digest]
        kept = set(old) - {p.name for p in plans} if added is not None else set()
        lines_of = {p.name: self._plan_lines(inputs, p, shared) for p in changed}
        validation, verdicts = None, {}
        try:
            if check is not None:
                validation, verdicts = self._validate(inputs, plans, old, lines_of, shared,
                                                      shapes, check)
            self._write(project, inputs, plans, old, changed, lines_of, verdicts, kept, digest,
                        appended={n: v for n, v in appended.items() if n in old})
        finally:
            self._writer = None  # the one write handle of this build, closed
        meta = self.meta()
        self._write_index(project, inputs, index if added is not None else None, shapes,
                          shared, folded if added is not None else None,
                          spans if added is not None else None)
        graphs = meta["graphs"]
        built = StoreBuild(summary=meta["summary"], rebuilt=sorted(p.name for p in changed),
                           kept=sorted(name for name in graphs if name not in
                                       {p.name for p in changed}),
                           _ontology=inputs.ontology.graph, inputs_digest=digest)
        built.ontology_turtle = self._ontology_turtle(meta, built)
        built.validation = validation
        if added is not None:
            built.sources_read, built.sources_total = sorted(inputs.sources), \
                meta["summary"].get("sources", 0)
        built.validated = sorted(verdicts)
        built.verdicts_reused = sorted(set(graphs) - set(verdicts)) if check is not None else []
        return built

    def _ontology_turtle(self, meta: dict, built: StoreBuild) -> "Callable[[], bytes]":
        """How to get ``exports/ontology.ttl``: rdflib's Turtle of ``built.ontology``, kept in
        the store's directory with the ontology graph's hash and rdflib's version, so that a
        build where the ontology did not change does not serialise it again."""

        def turtle() -> bytes:
            import rdflib

            from kg.rdfio.files import write_atomic
            from kg.rdfio.formats import serialize

            key = next((info.get("hash") for info in meta.get("graphs", {}).values()
                        if info.get("kind") == "ontology"), None)
            head = f"# kg {key} rdflib {rdflib.__version__}\n".encode()
            path = self.path / ONTOLOGY_FILE
            try:
                data = path.read_bytes()
                if key and data.startswith(head):
                    return data[len(head):]
            except OSError:
                pass
            data = serialize(built.ontology, "turtle")
            if key:
                write_atomic(path, head + data)
            return data

        return turtle

    def _index(self, project: "Project", meta: dict, shapes: str) -> dict | None:
        """The input index of the last build, when a build of added files may use it."""
        from kg.inputs.index import read_index

        index = read_index(self.path / INDEX_FILE)
        if index is None or meta.get("inputs") is None or index.get("shapes") != shapes or \
                index.get("root") != str(project.root) or index.get("inputs") != meta["inputs"]:
            return None
        return index

    def _folded(self, index: dict) -> tuple[str, list[list]]:
        return (self.path / FOLDED_FILE).read_text(encoding="utf-8"), index.get("folded", [])

    def _shared_lines(self) -> list[str]:
        return [line for line in (self.path / SHARED_FILE).read_text(
            encoding="utf-8").split("\n") if line]

    def _write_index(self, project, inputs, index: dict | None, shapes: str,
                     shared: list[str] | None, folded: str | None, spans) -> None:
        """Record what this build read (``kg.inputs.index``), for a next build of added files."""
        from kg.graph import writer as bulk
        from kg.inputs.index import (append_folded, extend_index, folded_texts, index_inputs,
                                     join_folded, write_index)
        from kg.rdfio.files import write_atomic

        before = self._old_shared() if index is not None else None
        if shared is not None and before is None:
            write_atomic(self.path / SHARED_FILE, ("\n".join(shared) + "\n").encode())
        elif shared is not None:  # files only added: the shared graph only gained lines
            gained = [line for line in shared if line not in before]
            if gained:
                with (self.path / SHARED_FILE).open("ab") as handle:
                    handle.write(("\n".join(gained) + "\n").encode())
        found = bulk.mentions(inputs)
        texts = folded_texts(inputs.sources)
        if index is None:
            new = index_inputs(inputs, found, extra={"shapes": shapes,
                                                     "root": str(project.root)})
            joined, new["folded"] = join_folded(texts)
            write_atomic(self.path / FOLDED_FILE, joined.encode())
        else:  # files only added: the new sources' texts appended, as the index's change
            new = extend_index(index, inputs, found)
            tail, new["folded"] = append_folded(folded, spans, texts)
            if tail:
                with (self.path / FOLDED_FILE).open("ab") as handle:
                    handle.write(tail.encode())
        new["inputs"] = self.meta().get("inputs")  # the build it is the index of
        write_index(self.path / INDEX_FILE, new, before=index)

    def _plan_lines(self, inputs, plan, shared: list[str] | None) -> list[str]:
        from kg.graph import writer as bulk

        if plan.kind == "source":
            return bulk.source_lines(inputs, plan.key)
        if plan.kind == "shared":
            return shared or []
        return _ontology_lines(inputs)

    def _validate(self, inputs, plans, old: dict, lines_of: dict, shared, shapes: str, check):
        """Validate every graph whose verdict digest does not match (see ``build``): returns
        what ``check`` returned and the new verdicts by graph."""
        todo = [p for p in plans if p.kind != "ontology"
                and old.get(p.name, {}).get("verdict") != _verdict(p.digest, shapes)]
        if not todo:
            return None, {}
        checked: list[str] = []
        fresh = set()  # graphs whose every line is checked
        for plan in todo:
            if plan.kind == "source":
                checked += lines_of.get(plan.name) or self._plan_lines(inputs, plan, shared)
                fresh.add(plan.name)
        renewed = {_subject(line) for line in checked}
        shared_plan = next((p for p in plans if p.kind == "shared"), None)
        if shared_plan is not None and shared:
            before = self._old_shared() if old.get(shared_plan.name, {}).get("verdict") == \
                _verdict(old.get(shared_plan.name, {}).get("hash", ""), shapes) else None
            if before is None:
                checked += shared
            else:  # new lines, and lines about the nodes of the graphs checked
                checked += [line for line in shared if line not in before
                            or _subject(line) in renewed or _object(line) in renewed]
        if not any(name in old for name in {p.name for p in plans}):
            report = check(checked, inputs.ontology.graph, None)  # the whole graph
        else:  # the nodes these lines describe, with what the other graphs say of them
            focus = sorted({_subject(line) for line in checked})
            context = self._context(checked, exclude=[p.name for p in plans
                                                      if p.name in fresh or p.kind != "source"],
                                    shared=shared or [])
            report = check(list(dict.fromkeys(checked + context)), inputs.ontology.graph,
                           [node[1:-1] for node in focus if node.startswith("<")])
        verdicts = {p.name: _verdict(p.digest, shapes) for p in todo}
        return report, verdicts

    def _old_shared(self) -> set[str] | None:
        if getattr(self, "_before_shared", None) is not None:
            return self._before_shared  # read once by this build
        try:
            return set((self.path / SHARED_FILE).read_text(encoding="utf-8").splitlines())
        except OSError:
            return None

    def _context(self, lines: list[str], exclude: list[str], shared: list[str]) -> list[str]:
        """The triples about the nodes ``lines`` name and do not describe, from the store's
        graphs (but ``exclude``) and the new ``shared`` lines, and the classes of the nodes
        those triples name: what a shape needs to judge ``lines`` (classes of values, labels
        and periods of focus nodes)."""
        by_subject: dict[str, list[str]] = {}
        for line in shared:
            by_subject.setdefault(_subject(line), []).append(line)
        described = {_subject(line) for line in lines}
        wanted = sorted(n for n in {_object(line) for line in lines} | described if n)
        out = self._triples_about(wanted, exclude, types_only=False)
        out += [line for node in wanted for line in by_subject.get(node, ())]
        values = sorted({_object(line) for line in out} - set(wanted) - {""})
        out += self._triples_about(values, exclude, types_only=True)
        out += [line for node in values for line in by_subject.get(node, ())
                if line.split(" ", 2)[1] == f"<{_RDF_NS}type>"]
        return out

    def _triples_about(self, nodes: list[str], exclude: list[str], *,
                       types_only: bool) -> list[str]:
        if not nodes or not (self.path / META_FILE).exists():
            return []
        store = self._open(write=True)
        skip = ", ".join(f"<{name}>" for name in exclude)
        out: list[str] = []
        predicate = "a ?o BIND(rdf:type AS ?p)" if types_only else "?p ?o"
        for start in range(0, len(nodes), 2000):
            values = " ".join(nodes[start:start + 2000])
            text = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s "
                    f"{predicate} }} {f'FILTER(?g NOT IN ({skip}))' if skip else ''} }}")
            for row in store.query(text, prefixes={"rdf": _RDF_NS}):
                value = str(row["o"])
                language = getattr(row["o"], "language", None)
                if language:  # Oxigraph keeps tags in lower case: the shapes name "zh-Hant"
                    value = value[:value.rfind("@") + 1] + _TAGS.get(language, language)
                out.append(f"{row['s']} {row['p']} {value} .")
        return out

    def _write(self, project, inputs, plans, old: dict, changed, lines_of: dict,
               verdicts: dict, kept: set[str], digest: str, *,
               appended: dict[str, list[str]] | None = None) -> None:
        """Replace the changed graphs in the store (bulk loads) and record the build;
        ``kept``: graphs no plan is for that stay as they are; ``digest``: of the inputs read;
        ``appended``: graphs that only gain lines, by name: those lines are loaded into the
        graph as it is."""
        import pyoxigraph as ox

        wanted = {p.name for p in plans} | kept
        store = self._open(write=True)
        # mark what is about to change as dirty first: an interrupted build is redone
        graphs = {name: info for name, info in old.items()
                  if name in wanted and name not in {p.name for p in changed}}
        self._write_meta({"inputs": None, "root": str(project.root), "graphs": graphs})
        for name in sorted(set(old) - wanted):
            _drop(store, name)
        appended = appended or {}
        for plan in changed:  # every drop before the first load: loads run on another thread
            if plan.name in old and plan.name not in appended:
                _drop(store, plan.name)
        prefixes = all_prefixes(project.base)
        batch: list[bytes] = []  # one bulk load per batch: each load has a set cost
        size = loaded = 0
        with _Loader(store) as loader:
            for plan in changed:
                lines = lines_of.pop(plan.name)
                text = ("\n".join(lines) + "\n").encode()
                load = appended.get(plan.name)
                load = text if load is None else ("".join(line + "\n" for line in load)).encode()
                # N-Triples to N-Quads in one pass: a raw newline only ever ends a line
                batch.append(load.replace(b" .\n", f" <{plan.name}> .\n".encode()))
                size += load.count(b"\n")
                loaded += load.count(b"\n")
                if size >= _BATCH:  # bounded memory; the next batch is made while this loads
                    loader.load(b"".join(batch))
                    batch, size = [], 0
                if plan.kind != "ontology":  # its Turtle for the exports, made without the store
                    self._write_chunk(plan.name, ox.serialize(
                        ox.parse(text, ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                        prefixes=prefixes))
                graphs[plan.name] = {"hash": plan.digest, "triples": len(lines),
                                     "kind": plan.kind}
            loader.load(b"".join(batch))
            del batch
        for name, verdict in verdicts.items():
            graphs[name]["verdict"] = verdict
        for name in sorted(set(old) - wanted):
            (self._chunk_path(name)).unlink(missing_ok=True)
        store.flush()
        if loaded >= _BATCH:
            # each bulk load adds its own files to every index: lookups then read all of them
            # (3x slower queries at 1M triples) until they are compacted into one
            store.optimize()
        summary = _summary(inputs, graphs)
        self._write_meta({"inputs": digest, "root": str(project.root),  # as read at the start
                          "graphs": graphs, "summary": summary, "base": project.base})
        del store

    def ensure(self, project: "Project") -> None:
        """Build the store (incrementally) when it is not current with the inputs."""
        if not self.is_current(project):
            self.build(project)

    def infer(self, built) -> "Graph":
        raise UsageError("--infer works with the memory store only")

    def persist(self, built) -> dict[str, bytes]:
        """Nothing: the store keeps its own data, in its directory."""
        return {}

    def describe_build(self, built: StoreBuild) -> str:
        """What the build did to the store's named graphs."""
        line = f"store {self.spec}: " + ("up to date, nothing rebuilt" if built.up_to_date else
                                         f"{len(built.rebuilt)} graph(s) rebuilt, "
                                         f"{len(built.kept)} unchanged")
        if built.sources_read is not None:
            line += (f" (files only added: {len(built.sources_read)} of "
                     f"{built.sources_total} source(s) read)")
        if built.validated or built.verdicts_reused:
            line += (f"; SHACL: {len(built.validated)} graph(s) validated, "
                     f"{len(built.verdicts_reused)} kept the verdict recorded for their content")
        elif built.validation is None:
            line += "; SHACL: not validated (--no-validate)"
        return line

    def snapshot(self, workdir: Path) -> "StoreSpec":
        """Workers open the store read-only, in place (``workdir`` is not needed)."""
        from kg.store import StoreSpec

        return StoreSpec("kg.store.oxigraph:OxigraphStore", (str(self.path.resolve()),
                                                             self.base))

    def summary(self) -> dict:
        """The counts the last build kept."""
        return self.meta().get("summary", {})

    def data_graphs(self, *, ontology: bool = False) -> list[str]:
        """IRIs of the named graphs with instance data (and the ontology's, if asked), sorted."""
        return _graph_names(self.meta(), ontology)

    # -- read
    def query(self, text: str, prefixes: "Mapping[str, str] | None" = None, *,
              label: str = "<inline>", bindings: dict | None = None,
              inferred: bool = False) -> "Result":
        """Run SPARQL ``text`` on the union of the store's graphs (data and ontology); the
        answer as an rdflib Result.

        Raises:
            QuerySyntaxError: with the line and column of the error.
            UsageError: for an update, SERVICE (``kg.rdfio.sparql.check_no_service``), or
                ``inferred`` (the store keeps no entailments).
        """
        return result_from_oxigraph(self._run(text, prefixes, label, bindings, inferred))

    def answer(self, text: str, prefixes: "Mapping[str, str] | None" = None, *,
               label: str = "<inline>", bindings: dict | None = None,
               inferred: bool = False):
        """As :meth:`query`, but a SELECT or ASK answer comes as a ``kg.rdfio.results.Answer``
        of light terms, for writing it (``kg query``) without importing rdflib; ``bindings``
        may be rdflib or light terms."""
        return answer_from_oxigraph(self._run(text, prefixes, label, bindings, inferred))

    def _run(self, text: str, prefixes, label: str, bindings: dict | None, inferred: bool):
        """pyoxigraph's answer to ``text`` (see :meth:`query`)."""
        import pyoxigraph as ox

        from kg.rdfio.sparql import check_no_service, fold_lang_comparisons

        if inferred:
            raise UsageError("--inferred works with the memory store only")
        # pyoxigraph (0.5) has no service handler to make SERVICE fail, and it would send the
        # request: the text it runs is read by the grammar's tokens, as Oxigraph reads it
        folded = fold_lang_comparisons(text)
        check_no_service(folded, label)
        # Oxigraph's query() parses queries only (an update is a syntax error to it) and the
        # store is opened read-only: rdflib's parser (tens of ms) runs only to name an update
        store = self._open(write=False)
        substitutions = {ox.Variable(str(name)): to_oxigraph(value)
                         for name, value in (bindings or {}).items()}
        try:
            return store.query(folded,
                               prefixes=dict(prefixes) if prefixes else all_prefixes(self.base),
                               use_default_graph_as_union=True, named_graphs=[],  # as memory: no GRAPH
                               substitutions=substitutions or None)
        except SyntaxError as exc:
            raise _syntax_error(exc, text, label) from None

    def serialize(self, fmt: str = "turtle", *, base: str | None = None,
                  ontology: bool = False) -> bytes:
        """The data graphs (and the ontology, if asked) in one of ``kg.rdfio.formats.FORMATS``,
        written by Oxigraph, deterministically (the store orders by content)."""
        import pyoxigraph as ox

        from kg.rdfio.formats import FORMATS

        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
        meta = self.meta()  # read once: 250 kB of JSON at a million triples
        names = _graph_names(meta, ontology)
        prefixes = all_prefixes(base)
        if fmt == "turtle" and not ontology and base == meta.get("base"):
            # the Turtle of each graph was written when the graph was built: reading an
            # on-disk store back costs a lookup per term
            return _concat_turtle(self._read_chunk(name) for name in names)
        if fmt == "ntriples" and base == meta.get("base"):
            parts = [ox.serialize(ox.parse(self._read_chunk(name), ox.RdfFormat.TURTLE),
                                  format=ox.RdfFormat.N_TRIPLES)
                     for name in _graph_names(meta, False)]
            if ontology:
                onto = sorted(set(self.data_graphs(ontology=True)) - set(self.data_graphs()))
                parts += [self._open(write=False).dump(format=ox.RdfFormat.N_TRIPLES,
                                                       from_graph=ox.NamedNode(name))
                          for name in onto]
            lines = b"".join(parts).split(b"\n")
            return b"\n".join(sorted(set(line for line in lines if line))) + b"\n"
        store = self._open(write=False)
        if fmt == "turtle":
            return _concat_turtle(store.dump(format=ox.RdfFormat.TURTLE,
                                             from_graph=ox.NamedNode(name), prefixes=prefixes)
                                  for name in names)
        if fmt == "ntriples":
            lines: list[bytes] = []
            for name in names:
                lines += store.dump(format=ox.RdfFormat.N_TRIPLES,
                                    from_graph=ox.NamedNode(name)).splitlines()
            return b"\n".join(sorted(set(line for line in lines if line))) + b"\n"
        if fmt == "trig":
            quads = (q for name in names
                     for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
            return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
        triples = (q.triple for name in names
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        rdf_format = {"jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}[fmt]
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes)

    def graph(self, *, inferred: bool = False, ontology: bool = True) -> "Graph":
        """The store's content as an rdflib Graph (slow for millions of triples)."""
        from rdflib import Graph

        if inferred:
            raise UsageError("inferred triples are kept only by the memory store")
        from kg.vocab import bind_prefixes

        base = self.meta().get("base")
        graph = bind_prefixes(Graph(), base)
        graph.parse(data=self.serialize("ntriples", base=base, ontology=ontology).decode(),
                    format="nt")
        return graph

    def count(self) -> int:
        """Triples in the data graphs (as counted by the last build)."""
        graphs = self.meta().get("graphs", {})
        return sum(info["triples"] for info in graphs.values() if info.get("kind") != "ontology")

    def _chunk_path(self, name: str) -> Path:
        return self.path / "kg-turtle" / _chunk_name(name)

    def _read_chunk(self, name: str) -> bytes:
        """The Turtle of graph ``name``, written when it was built (read through a str, not a
        Path: an export reads one per source)."""
        with open(os.path.join(self._folder, "kg-turtle", _chunk_name(name)), "rb") as handle:
            return handle.read()

    def _write_chunk(self, name: str, data: bytes) -> None:
        from kg.rdfio.files import write_atomic

        write_atomic(self._chunk_path(name), data)

_BATCH = 100_000  # quads per bulk load


def _bulk_load(store, data: bytes) -> None:
    import pyoxigraph as ox

    if data:
        store.bulk_load(data, ox.RdfFormat.N_QUADS)


class _Loader:
    """Bulk loads batches of N-Quads on a thread of its own while the caller makes the next.

    Oxigraph's loader releases the GIL, so loading (native, itself on two threads) and making
    N-Triples (Python) run side by side. One load at a time: Oxigraph does not document
    concurrent bulk loads into one store. The exports are written by the caller, in its own
    order.
    """

    THREADS = 1

    def __init__(self, store) -> None:
        import queue
        import threading

        self.store, self.error = store, None
        self.queue: "queue.Queue[bytes | None]" = queue.Queue(maxsize=self.THREADS)
        self.threads = [threading.Thread(target=self._run, name=f"kg-bulk-load-{i}", daemon=True)
                        for i in range(self.THREADS)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:  # after a failure, drain: the caller must not block
                try:
                    _bulk_load(self.store, data)
                except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
                    self.error = exc

    def load(self, data: bytes) -> None:
        """Queue ``data`` (N-Quads) for loading; raises what an earlier load raised."""
        if self.error is not None:
            raise self.error
        if data:
            self.queue.put(data)

    def __enter__(self) -> "_Loader":
        return self

    def __exit__(self, kind, *_) -> None:
        for _thread in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if kind is None and self.error is not None:
            raise self.error


def _drop(store, name: str) -> None:
    import pyoxigraph as ox

    node = ox.NamedNode(name)
    if store.contains_named_graph(node):
        store.remove_graph(node)


def _ontology_lines(inputs) -> list[str]:
    text = inputs.ontology.graph.serialize(format="nt")
    return sorted(line.rstrip() for line in text.splitlines() if line.strip())


def _graph_names(meta: dict, ontology: bool) -> list[str]:
    """IRIs of the named graphs with instance data (and the ontology's, if asked) that the
    store's record ``meta`` lists, sorted."""
    graphs = meta.get("graphs", {})
    return sorted(name for name, info in graphs.items()
                  if ontology or info.get("kind") != "ontology")


def _chunk_name(name: str) -> str:
    """The file name of graph ``name``'s Turtle in the store's ``kg-turtle`` folder."""
    import hashlib

    return hashlib.sha256(name.encode()).hexdigest()[:32] + ".ttl"


def _concat_turtle(chunks) -> bytes:
    """Turtle documents with the same prefixes as one document: the prefixes written once."""
    out: list[bytes] = []
    for i, chunk in enumerate(chunks):
        if i:
            at = 0  # past the prefix lines, found without splitting the whole chunk
            while chunk.startswith(b"@prefix ", at):
                end = chunk.find(b"\n", at)
                at = len(chunk) if end < 0 else end + 1
            chunk = chunk[at:]
        out.append(chunk)
    return b"".join(out)


class _Counts:
    """What ``kg.graph.build.summarize`` asks of a graph, answered from counts the build kept."""

    def __init__(self, triples: int, mentions: int) -> None:
        self.triples, self.mentions = triples, mentions

    def __len__(self) -> int:
        return self.triples

    def subjects(self, predicate=None, obj=None):
        from rdflib.namespace import RDF

        from kg.vocab import KGO

        if (predicate, obj) != (RDF.type, KGO.Mention):
            raise NotImplementedError("summarize asks the store graph something new")
        return iter(range(self.mentions))


def _summary(inputs, graphs: dict) -> dict:
    from kg.graph import writer as bulk
    from kg.graph.build import summarize

    triples = sum(info["triples"] for info in graphs.values() if info.get("kind") != "ontology")
    mentions = sum(len(found) for found in bulk.mentions(inputs).values()) + \
        inputs.elsewhere.get("mentions", 0)
    return summarize(_Counts(triples, mentions), inputs)


def _shapes_digest(project: "Project") -> str:
    """What a verdict also depends on: the shapes, the ontology and kg's version."""
    import hashlib

    from kg.version import __version__

    digest = hashlib.sha256(__version__.encode())
    for path in project.shapes_files() + project.ontology_files():
        digest.update(project.rel(path).encode() + b"\0" + hashlib.sha256(
            path.read_bytes()).digest())
    return digest.hexdigest()


def _verified(meta: dict, shapes: str) -> bool:
    """Whether every data graph of the store has a verdict for its content and ``shapes``."""
    return all(info.get("verdict") == _verdict(info.get("hash", ""), shapes)
               for info in meta.get("graphs", {}).values() if info.get("kind") != "ontology")


def _verdict(content: str, shapes: str) -> str:
    """The digest a graph's verdict is recorded with: its content's and the shapes'."""
    import hashlib

    return hashlib.sha256(f"{content}\0{shapes}".encode()).hexdigest()


def _subject(line: str) -> str:
    return line.split(" ", 1)[0]


def _object(line: str) -> str:
    """The IRI (or blank node) at the end of an N-Triples line, else ""."""
    end = line.rstrip(" .")
    if end.endswith(">"):
        start = end.rfind("<")
        if start > 0 and end[start - 1] == " " and not end[:start].endswith("^^"):
            return end[start:]
    elif " _:" in end:
        tail = end.rsplit(" ", 1)[-1]
        return tail if tail.startswith("_:") else ""
    return ""
