"""One object for working with a project from Python, mirroring the command line."""

from __future__ import annotations

from kg.errors import UsageError
from kg.inputs.project import Project
from kg.vocab import DEFAULT_LANG

TYPE_CHECKING = False  # typing's flag without importing typing (3 ms of a cold command)
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from collections.abc import Callable

    from networkx import MultiDiGraph
    from rdflib import Graph

    from kg.check.shacl import ValidationReport
    from kg.graph.build import BuildResult
    from kg.ingest.coverage import SourceCoverage
    from kg.ingest.batch import BatchResult
    from kg.ingest.intake import IngestResult
    from kg.ingest.review import Accepted, Proposal
    from kg.query.analytics import PathResult
    from kg.query.sparql import QueryResult
    from kg.views.inline import InlineView
    from pyvis.network import Network


#: the shapes' parse and compiled checks, kept by a store that keeps derived files
SHAPES_CACHE = "kg-shapes.pickle"


class KG:
    """A kg project: build it, query it, export it.

    Example:
        >>> from kg import KG
        >>> project = KG("path/to/project")
        >>> project.build().summary["entities"]
        >>> for row in project.query("competitors"): print(row.name)
        >>> turtle = project.export("turtle")

    In a notebook: ``query(...).to_dataframe()`` (pandas), ``networkx()`` (the entity graph),
    ``rdflib()`` (the RDF graph), ``view()`` (the graph page inline); a build result, a query
    result and a path display as HTML tables (``examples/tour.ipynb``).

    Reading (``query``, ``graph``, ``path``, ``stats``, ``export``, ``report``) when the inputs
    changed since the last build rebuilds first, never silently: ``notify`` is told what is
    rebuilt (see :meth:`ensure_built`).

    Args:
        root: the project directory (with ``data/``, ``ontology/``, ``queries/``).
        store: where the graph is kept: ``memory`` (default, rdflib) or ``oxigraph:PATH``
            (a persistent Oxigraph store, built incrementally; see ``kg.store.oxigraph``).
        notify: called with a line for the user before a read rebuilds (default: a warning
            of the ``kg`` logger, which Python prints on standard error unless configured).
    """

    def __init__(self, root: str | Path = ".", *, store: str | None = None,
                 notify: "Callable[[str], None] | None" = None) -> None:
        from kg.store import open_store

        self.project = Project.open(root)
        self.store = open_store(store, self.project)
        self.notify = notify or _log_warning

    def build(self, *, write: bool = True, html: bool = True, validate: bool = True,
              infer: bool = False) -> "BuildResult":
        """Build the graph into the store; unless ``write`` is false, write ``exports/``
        atomically.

        Args:
            write: write the exports.
            html: also write ``exports/graph.html``.
            validate: check the graph against ``ontology/shapes*.ttl`` first and refuse to
                write exports that do not conform (the Oxigraph store validates each named
                graph whose recorded verdict does not match its content, before writing it).
                When false, the manifest records ``"validation": "skipped"``.
            infer: also materialise the OWL 2 RL entailments (``result.inferred``) and write
                them to ``exports/{name}-inferred.ttl``.

        Raises:
            InputError: a file is malformed or a quote is absent or ambiguous in its source.
            CheckFailed: ``validate`` and the graph does not conform to the shapes.
            UsageError: ``infer`` with a store that keeps no entailments.
        """
        from kg.exports.bundle import render_exports, write_exports

        if infer and not self.store.infers:
            raise UsageError("--infer works with the memory store only")
        if getattr(self.store, "validates_in_build", False):  # before the store is written
            result = self._build_checked(validate)
            pending = None
        else:
            result = self.store.build(self.project)
            pending = self._start_validation(result) if validate and self.store.validates \
                else None
        try:
            if infer:
                result.inferred = self.store.infer(result)
            rendered = render_exports(self.project, result, self.store, html=html,
                                      inferred=result.inferred) if write else None
        except BaseException:
            if pending is not None:
                pending.cancel()
            raise
        if pending is not None:
            result.validation = pending.report()
        if result.validation is not None:
            _refuse_nonconforming(result.validation)
        if write:
            write_exports(self.project, result, self.store, html=html, inferred=result.inferred,
                          rendered=rendered)
        return result

    def _build_checked(self, validate: bool):
        """Build into a store that validates its graphs as it builds (``validates_in_build``):
        ``result.validation`` holds the report of what was validated, or a reused verdict
        when every graph's recorded verdict held; None when ``validate`` is false."""
        from kg.check.shacl import ValidationReport

        result = self.store.build(self.project, check=self._check_lines if validate else None)
        if validate and result.validation is None:
            result.validation = ValidationReport(
                conforms=True, reused=True,
                shapes=[self.project.rel(p) for p in self.project.shapes_files()])
        return result

    def _check_lines(self, lines: list[str], ontology: "Graph", focus: list[str] | None):
        """Validate the N-Triples a store is about to write (``validates_in_build`` stores);
        raises CheckFailed when they do not conform."""
        from kg.check.shacl import validate_lines

        cache_file = getattr(self.store, "cache_file", None)  # a store that keeps derived files
        cache = cache_file(SHAPES_CACHE) if cache_file is not None else None
        return _refuse_nonconforming(validate_lines(lines, ontology, self.project, focus,
                                                    cache=cache))

    def _start_validation(self, result):
        """Validation of ``result`` started in other processes (it runs while the exports are
        rendered), or None when the last build of the same inputs conformed (then reused)."""
        from kg.check.shacl import ValidationReport, start_validation
        from kg.store.memory import read_manifest

        last = read_manifest(self.project) or {}
        if last.get("conforms") and last.get("inputs") == self.project.input_digest():
            result.validation = ValidationReport(
                conforms=True, reused=True,
                shapes=[self.project.rel(p) for p in self.project.shapes_files()])
            return None
        result.union()  # made once, before the fork, for both processes
        return start_validation(result)

    def up_to_date(self, *, html: bool = True, validate: bool = True,
                   infer: bool = False) -> dict | None:
        """The summary of the last build when the store and ``exports/`` already hold what
        ``build`` with these options would write (the inputs and kg itself unchanged, the
        files intact), else None."""
        from kg.exports.bundle import current_manifest

        manifest = current_manifest(self.project, self.store, html=html, validate=validate,
                                    infer=infer)
        return manifest["summary"] if manifest else None

    def _refuse_inferred(self, inferred: bool) -> None:
        """Refuse ``inferred`` at once (before any build) for a store that keeps no entailments."""
        if inferred and not self.store.infers:
            raise UsageError("--inferred works with the memory store only")

    def _ensure(self) -> None:
        self.ensure_built()

    def ensure_built(self) -> str | None:
        """Make the store hold the current inputs before a read, saying so through
        ``notify``; returns what was said (None when the store was current).

        When the last build (``exports/.kg-build.json``) was into this store, or there is none,
        this is ``kg build`` with the options of the last build (``--infer``, ``--no-html``,
        ``--no-validate``), so no export it wrote is dropped (``NAME-inferred.ttl`` stays);
        else (the exports are another store's) the store alone is built.

        Raises:
            InputError, CheckFailed: as :meth:`build`; the exports are then left as they were.
        """
        if self.store.is_current(self.project):
            return None
        from kg.store.memory import read_manifest  # after: a current store reads no manifest

        last = read_manifest(self.project)
        if last is not None and last.get("store", "memory") != self.store.spec:
            message = (f"the inputs changed since store {self.store.spec} was built, and "
                       f"exports/ was built into {last.get('store')}: building store "
                       f"{self.store.spec} (exports/ left as they were)")
            self.notify(message)
            if getattr(self.store, "validates_in_build", False):
                self._build_checked(True)
            else:
                self.store.ensure(self.project)
            return message
        html = bool(last.get("html", True)) if last else True
        validate = "conforms" in last if last and self.store.validates else True
        infer = bool(last.get("inferred")) and self.store.infers if last else False
        options = " ".join(o for o, on in (("--infer", infer), ("--no-html", not html),
                                           ("--no-validate", not validate)) if on)
        command = "kg build" + (" " + options if options else "")
        changed = "data/, ontology/ or kg itself changed since the last build" \
            if not last or last.get("inputs") != self.project.input_digest() else \
            "exports/ are not what the last build wrote (a file is missing, torn or edited)"
        message = ((f"{changed}: rebuilding exports/ first, as {command} (the options of the "
                    "last build)") if last
                   else f"nothing built yet: building exports/ first, as {command}")
        self.notify(message)
        self.build(html=html, validate=validate, infer=infer)
        return message

    def rdflib(self, *, inferred: bool = False) -> "Graph":
        """The built graph (data and ontology) as an rdflib ``Graph``: read from the store
        (for the memory store: from ``exports/``) if up to date, else built. The same as
        :meth:`graph`.

        Args:
            inferred: add the OWL 2 RL entailments (from ``exports/`` when the last build
                inferred, else computed in memory).
        """
        return self.graph(inferred=inferred)

    def networkx(self) -> "MultiDiGraph":
        """The entity graph as a networkx ``MultiDiGraph`` (``kg.query.analytics.to_networkx``):
        a node per entity (id) with ``class``, ``label_zh-Hant``, ``label_zh-Hans``,
        ``label_en`` and ``pagerank``; an edge per statement between two entities, keyed by the
        statement id, with ``relation``, ``statement``, ``quote``, ``source``, ``start``,
        ``end`` (the quote's offsets in the source) and ``claimed_by``."""
        from kg.query.analytics import to_networkx

        return to_networkx(self.graph(), self.project.base)

    def view(self, *, lang: str = DEFAULT_LANG, focus: str | None = None, hops: int = 1,
             max_nodes: int | None = None, height: int = 600) -> "InlineView":
        """The interactive graph page (as ``exports/graph.html``, with these options), as an
        object Jupyter shows inline: an iframe whose ``srcdoc`` is the whole offline page,
        sandboxed (scripts only), under the page's own Content-Security-Policy.

        Args:
            lang, focus, hops, max_nodes: as ``kg.views.graph.render_html``.
            height: the iframe's height in CSS pixels.

        Raises:
            UsageError: an unknown ``lang`` or ``focus``, a bad ``hops``, ``max_nodes`` or
                ``height``.
        """
        from kg.views.graph import render_html
        from kg.views.inline import InlineView

        if isinstance(height, bool) or not isinstance(height, int) or height < 100:
            raise UsageError(f"height must be a whole number of pixels >= 100, not {height!r}")
        page = render_html(self.graph(), lang=lang, focus=focus, hops=hops,
                           max_nodes=max_nodes, title=self.project.name)
        return InlineView(page=page, height=height, title=self.project.name)

    def graph(self, *, inferred: bool = False) -> "Graph":
        """The built graph (data and ontology): read from the store (for the memory store:
        from ``exports/``) if up to date, else built (:meth:`rdflib` is the same).

        Args:
            inferred: add the OWL 2 RL entailments (from ``exports/`` when the last build
                inferred, else computed in memory).
        """
        self._refuse_inferred(inferred)
        self._ensure()
        return self.store.graph(inferred=inferred)

    def validate(self) -> "ValidationReport":
        """Check the built graph against the SHACL shapes in ``ontology/shapes*.ttl``.

        Raises:
            InputError: an input or the shapes do not load.
        """
        from kg.check.shacl import start_validation
        from kg.graph.build import build

        result = build(self.project)
        result.union()  # made once, before the validation processes fork
        return start_validation(result).report()

    def check(self) -> list:
        """Data-quality warnings (see ``kg.check.quality``): values that two sources state
        differently, implied earlier values that contradict their series, mixed units in a
        series, figures without a period, unused entities, quotes naming neither end, duplicate
        entities."""
        from kg.check.quality import check

        return check(self.project)

    def infer(self, *, write: bool = True, html: bool = True) -> "Graph":
        """Build with OWL 2 RL inference; returns the inferred triples only (see
        ``kg.graph.reasoning.infer``) and, unless ``write`` is false, writes all exports."""
        return self.build(write=write, html=html, infer=True).inferred

    def query(self, sparql: str, *, bindings: dict | None = None,
              inferred: bool = False) -> "QueryResult":
        """Run a canned query by name, a ``.rq`` file, or inline SPARQL on the built graph.

        Returns:
            an rdflib ``Result`` with ``.to_dataframe()`` and an HTML table for notebooks
            (``kg.query.sparql.QueryResult``).

        Args:
            sparql: canned name (``competitors``), path of a ``.rq`` file, or SPARQL text.
            bindings: initial variable bindings (rdflib terms by variable name).
            inferred: query the asserted graph plus its OWL 2 RL entailments.
        """
        from kg.query.sparql import QueryResult

        label, text, prefixes = self._prepare(sparql, inferred)
        return QueryResult(self.store.query(text, prefixes, label=label, bindings=bindings,
                                            inferred=inferred), prefixes)

    def answer(self, sparql: str, *, bindings: dict | None = None, inferred: bool = False):
        """As :meth:`query`, but the answer in the lightest form the store gives, for
        writing it with ``kg.rdfio.results.format_result`` (what ``kg query`` prints): from a
        store with an ``answer`` method (Oxigraph) a SELECT or ASK answer is a
        ``kg.rdfio.results.Answer`` read without rdflib; else the store's rdflib Result."""
        run = getattr(self.store, "answer", None)  # an optional fast path
        if run is None:
            label, text, prefixes = self._prepare(sparql, inferred)
            return self.store.query(text, prefixes, label=label, bindings=bindings,
                                    inferred=inferred)
        label, text, prefixes = self._prepare(sparql, inferred, ensure=False)
        with self.project.hold_digest():
            # the store answers while the inputs are stat'ed (each half mostly waits on the
            # system, not on Python): a cold query costs the longer of the two, not the sum.
            # The answer is kept only if the store turns out current; else it is built and
            # asked again, as if it had been made current first
            checked = _in_background(self.project.input_digest)
            try:
                early, failed = run(text, prefixes, label=label, bindings=bindings,
                                    inferred=inferred), None
            except Exception as exc:  # raised below only if the store was current
                early, failed = None, exc
            checked()  # an input error first, as the check made first would raise it
            if self.ensure_built() is None:
                if failed is not None:
                    raise failed
                return early
        return run(text, prefixes, label=label, bindings=bindings, inferred=inferred)

    def _prepare(self, sparql: str, inferred: bool, *,
                 ensure: bool = True) -> tuple[str, str, dict[str, str]]:
        """(label, text, prefixes) of a query, the store made current first (unless
        ``ensure`` is false)."""
        from kg.inputs.queries import resolve
        from kg.vocab import all_prefixes

        label, text = resolve(sparql, self.project.path("queries"))  # no Path: a cold query
        self._refuse_inferred(inferred)
        if ensure:
            self._ensure()
        return label, text, all_prefixes(self.project.base)

    def export(self, fmt: str = "turtle", *, ontology: bool = False) -> bytes:
        """The graph serialised as ``fmt`` (turtle, ntriples, trig, jsonld, xml).

        Args:
            fmt: output format.
            ontology: include the ontology (for trig: as its own named graph).
        """
        self._ensure()
        return self.store.serialize(fmt, base=self.project.base, ontology=ontology)

    def stats(self, *, lang: str = DEFAULT_LANG) -> dict:
        """Counts (triples, entities per class, statements, figures, sources, sentences) and,
        under ``structure``, the structural summary (``kg.query.analytics.summarize_structure``).

        With an Oxigraph store, the structure is computed from the store's triples read into
        rdflib: minutes at a million triples."""
        from kg.query.analytics import summarize_structure

        self._ensure()
        return {**self.store.summary(), "structure": summarize_structure(
            self.store.graph(), self.project.base, lang=lang)}

    def path(self, source: str, target: str, *, max_hops: int = 4, lang: str = DEFAULT_LANG,
             limit: int = 10) -> "PathResult":
        """The shortest explained paths between two entities (id, IRI or any label or alias).

        Raises:
            UsageError: an unknown or ambiguous entity.
            CheckFailed: no path of at most ``max_hops`` hops.
        """
        from kg.query.analytics import find_paths

        return find_paths(self.graph(), source, target, base=self.project.base,
                          max_hops=max_hops, lang=lang, limit=limit)

    def report(self, *, lang: str = DEFAULT_LANG, graph_href: str = "graph.html",
               subject: str | None = None) -> str:
        """The report page (``exports/report.html``): the companies it covers, their figures as
        charts, the graph's structure; with ``subject`` (a company's id), only that company's
        part (its figures and its units', segments', products' and posts').

        Raises:
            UsageError: ``subject`` is not a company with figures (the message lists them).
        """
        from kg.views.report import render_report

        return render_report(self.graph(), base=self.project.base, title=self.project.name,
                             lang=lang, graph_href=graph_href, charts=self.project.charts,
                             subject=subject)

    def chart_names(self, *, lang: str = DEFAULT_LANG) -> list[str]:
        """The names of the charts the report draws for this project (``charts:`` in
        ``data/kg.yaml``, else chosen from the data), in the report's order."""
        from kg.views.report import chart_names

        return chart_names(self.graph(), lang=lang, base=self.project.base,
                           specs=self.project.charts)

    def chart(self, name: str, fmt: str = "svg", *, lang: str = DEFAULT_LANG,
              scale: float = 2.0) -> bytes:
        """One chart of the report as SVG, or as PNG rasterised by headless Chromium.

        Raises:
            UsageError: unknown chart or format; for PNG, Playwright or Chromium missing.
        """
        from kg.views.report import rasterise, render_chart

        if fmt not in ("svg", "png"):
            raise UsageError(f"unknown chart format '{fmt}'; use svg or png")
        svg = render_chart(self.graph(), name, lang=lang, base=self.project.base,
                           specs=self.project.charts)
        return svg.encode() if fmt == "svg" else rasterise(svg, scale=scale)

    def network(self, *, lang: str = DEFAULT_LANG, focus: str | None = None, hops: int = 1,
                max_nodes: int | None = None) -> "Network":
        """The graph view (``exports/graph.html``) as a ``pyvis.network.Network``: a node per
        entity (id, label, class, colour, shape, size, position, figures with evidence), an edge
        per relation (label, evidence), the options.  Change it the pyvis way (``add_node``,
        ``add_edge``, ``set_options``) and write it with ``kg.views.write_network(net, path)``:
        kg's own page, one offline file under a strict Content-Security-Policy.

        Don't use ``net.show()`` or ``net.write_html()``: pyvis's templates load vis-network
        (and Bootstrap) from a CDN or a ``lib/`` folder beside the file, set no
        Content-Security-Policy, insert ``heading`` as raw HTML and can show node titles
        through ``innerHTML``; they have none of kg's search, filters or evidence panel.
        See docs/views.md.

        Args:
            lang: ``zh-Hant`` (default), ``zh-Hans`` or ``en``: the language of the labels.
            focus: an entity id (e.g. ``xu-li``) or IRI: only its neighbourhood.
            hops: the neighbourhood's radius, in edges, with ``focus``.
            max_nodes: at most this many entities, those with the highest PageRank.

        Raises:
            UsageError: unknown ``lang`` or ``focus``, negative ``hops``, ``max_nodes`` < 1.
        """
        from kg.views.graph import build_network

        return build_network(self.graph(), lang=lang, focus=focus, hops=hops,
                             max_nodes=max_nodes, title=self.project.name)

    def ingest(self, path: str | Path, **options) -> "IngestResult":
        """Add an article to ``data/sources/`` and write its draft facts (``kg.ingest.intake.ingest``).

        Args:
            path: a .txt, .md or .html file.
            **options: ``ident``, ``title``, ``language``, ``publisher``, ``date``, ``force``,
                ``extractor`` (``rules`` or ``llm``), ``llm_url``, ``llm_model``.

        Raises:
            DuplicateSource: the text is that of a source already ingested
                (``kg.ingest.duplicates``).
        """
        from kg.ingest.intake import ingest

        return ingest(self.project, path, **options)

    def ingest_many(self, paths, *, on_file=None, **options) -> "BatchResult":
        """Add the articles of files and folders (``kg ingest PATH...``): each file is ingested
        as by :meth:`ingest`, against the sources there and the files before it; a file that
        fails or duplicates a source is recorded in its outcome, not raised
        (``kg.ingest.batch.ingest_many``).

        Args:
            paths: files, and folders (their .txt, .md, .markdown, .html and .htm files,
                recursively, in sorted order).
            on_file: called with (files done, files in all, the file) after each file.
            **options: as :meth:`ingest`; ``ident``, ``title`` and ``date`` with one file only.

        Raises:
            UsageError: a one-source option with several files, or no article files at all.
            InputError: the project's inputs do not load (nothing is ingested).
        """
        from kg.ingest.batch import ingest_many

        return ingest_many(self.project, paths, on_file=on_file, **options)

    def coverage(self, *, source: str | None = None) -> list["SourceCoverage"]:
        """Which figures and sentences of each source no statement backs (``kg.ingest.coverage``)."""
        from kg.ingest.coverage import coverage

        return coverage(self.project, source=source)

    def proposals(self, source: str) -> list["Proposal"]:
        """What the draft of ``source`` still proposes (``kg.ingest.review.proposals``)."""
        from kg.ingest.review import proposals

        return proposals(self.project, source)

    def accept(self, source: str, ids: list[str] | None = None, *,
               validate: bool = True) -> "Accepted":
        """Move proposals ``ids`` (all when None) of the draft of ``source`` into
        ``data/facts/SOURCE.yaml``, only when the result loads and validates
        (``kg.ingest.review.accept``).

        Raises:
            UsageError: an unknown id, TODO left, or a proposed entity named but not accepted.
            InputError: the facts would not load, a quote is not found, or the graph would not
                conform to the shapes.
        """
        from kg.ingest.review import accept

        return accept(self.project, source, ids, validate=validate)

    def edit(self, source: str, ident: str, changes: dict) -> dict:
        """Change a proposal of the draft of ``source`` (``kg.ingest.review.edit``)."""
        from kg.ingest.review import edit

        return edit(self.project, source, ident, changes)

    def reject(self, source: str, ident: str, *, reason: str | None = None) -> str:
        """Reject a proposal: a figure is dismissed (with ``reason``), anything else dropped."""
        from kg.ingest.review import reject

        return reject(self.project, source, ident, reason=reason)

    def dismiss(self, source: str, ident: str, *, reason: str) -> "Accepted":
        """Record that figure ``ident`` of the draft of ``source`` is not a fact, and why:
        ``kg coverage`` no longer counts it as uncovered (``kg.ingest.review.dismiss``)."""
        from kg.ingest.review import dismiss

        return dismiss(self.project, source, ident, reason=reason)

    def review(self, *, port: int = 0, open_browser: bool = True, on_ready=None) -> None:
        """Serve the review page on 127.0.0.1 until interrupted (``kg.serve.review.serve``)."""
        from kg.serve.review import serve

        serve(self.project, port=port, open_browser=open_browser, on_ready=on_ready)

    def query_endpoint(self, endpoint: str, sparql: str, *, bindings: dict | None = None,
                       graph: str | None = None, user: str | None = None,
                       password: str | None = None) -> "QueryResult":
        """Run a canned query, a ``.rq`` file or SPARQL on a remote SPARQL ``endpoint`` (the
        answer as :meth:`query` gives it).

        Raises:
            RemoteError: the server cannot be reached, refused the query, or capped the answer.
        """
        from kg.inputs.queries import resolve
        from kg.query.sparql import QueryResult
        from kg.store.remote import Client, query
        from kg.vocab import all_prefixes

        label, text = resolve(sparql, self.project.queries_dir)
        return QueryResult(query(endpoint, text, bindings=bindings, base=self.project.base,
                                 graph=graph, client=Client(user, password), label=label),
                           all_prefixes(self.project.base))

    def push(self, endpoint: str, graph: str, *, user: str | None = None,
             password: str | None = None, chunk: int = 250_000, ontology: bool = True,
             full: bool = False):
        """Push the built graph's named graphs under ``graph`` on a Graph Store endpoint
        (``graph/source/ID``, ``graph/shared``, ``graph/ontology``, listed in ``graph/index``),
        sending only those that changed since the last push there (``exports/.kg-push.json``
        records it) and deleting those of removed sources; ``full`` sends everything.

        Returns:
            a ``kg.store.remote.PushResult`` (graphs sent, unchanged, deleted; requests).

        Raises:
            RemoteError: the server cannot be reached or refused a request (the record is
                left as it was: the next push sends again what this one did not).
        """
        from kg.store.remote import PUSH_RECORD, Client, collect_graphs, push_graphs

        self._ensure()
        graphs = collect_graphs(self.store, self.project, ontology=ontology)
        return push_graphs(graphs, endpoint, graph, self.project.exports_dir / PUSH_RECORD,
                           client=Client(user, password), chunk_triples=chunk, full=full)


def _refuse_nonconforming(report: "ValidationReport") -> "ValidationReport":
    """``report`` when it conforms, else CheckFailed with its first violation."""
    if report.conforms:
        return report
    from kg.errors import CheckFailed

    first = report.violations[0].line() if report.violations else ""
    raise CheckFailed(f"the graph does not conform to {', '.join(report.shapes)}: "
                      f"{len(report.violations)} violation(s), first: {first}; "
                      "see kg validate; the store and exports left as they were")


def _in_background(func: "Callable[[], object]") -> "Callable[[], object]":
    """Start ``func()`` in another thread; the function returned waits for it and gives what it
    returned, or raises what it raised. ``_thread``, not ``threading``: threading's imports
    (functools, weakref sets) cost a cold query more than the overlap saves."""
    import _thread

    done = _thread.allocate_lock()
    done.acquire()
    outcome: list = []

    def work() -> None:
        try:
            outcome.append((True, func()))
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits
            outcome.append((False, exc))
        finally:
            done.release()

    _thread.start_new_thread(work, ())

    def wait() -> object:
        with done:
            ok, value = outcome[0]
        if not ok:
            raise value
        return value
    return wait


def _log_warning(message: str) -> None:
    import logging

    logging.getLogger("kg").warning("kg: %s", message)
