"""``kg serve``: a read-only SPARQL 1.1 endpoint and offline pages over a built graph.

Routes:

* ``/sparql`` — the SPARQL 1.1 Protocol (query operation): GET ``?query=``, POST form
  (``application/x-www-form-urlencoded``) or POST ``application/sparql-query``.  SELECT and ASK
  answer in SPARQL Results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle, N-Triples,
  JSON-LD or RDF/XML, chosen by the ``Accept`` header (or a ``format=`` parameter; Turtle
  when neither names an RDF format).  Without a query, a GET returns the service description
  (a POST without one, or an empty query: 400).  The dataset is one default graph with no
  named graphs (``GRAPH`` patterns match nothing, on every store).  Update (including LOAD)
  and SERVICE get 403, a dataset clause 400, an answer over the row cap 422, a query over the
  time limit 503.  The service description says what is refused (``kgo:refusedParameter``,
  ``kgo:refusedLanguage``, ``kgo:refusedFeature``: sd: names only what a service supports).  A POST from a page on another origin (not
  allowed by ``--cors``) gets 403.

Every route refuses (403) a ``Host`` that is not the server's (on loopback: 127.0.0.1,
localhost or [::1] with the port), and every answer forbids framing
(:mod:`kg.serve.guard`).  A client has ``request_timeout`` seconds to send each request.
* ``/favicon.ico`` — the site's icon (an SVG).
* ``/`` — the query editor (YASGUI, vendored) with the canned queries as tabs.
* ``/graph`` — the interactive graph view (:func:`kg.views.graph.render_html`).
* ``/entity/`` — every entity; ``/entity/{id}`` — one entity: HTML for browsers, Turtle
  (N-Triples, JSON-LD) for ``Accept: text/turtle`` etc.  The data IRIs are ``{base}entity/{id}``:
  the server answers for the path below the base, so a base that resolves to the server (a
  w3id.org redirect, or ``base: http://host:port/`` in ``data/kg.yaml``) makes IRIs dereference.

Queries run in worker processes (:mod:`kg.serve.workers`) that are killed and replaced when a query
overruns ``--timeout``; answers are cached (the graph cannot change while it is served).
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs

from kg.errors import KGError, UsageError
from kg.vocab import LANGS

#: format name -> media types that select it, for SELECT/ASK answers (in preference order)
RESULT_OFFERS: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
#: format name -> media types, for graphs (CONSTRUCT, DESCRIBE, entity descriptions)
GRAPH_OFFERS: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/x-turtle", "text/n3"),
    "ntriples": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "xml": ("application/rdf+xml", "application/xml", "text/xml"),
}
#: ``format=`` values -> (result format, graph format); None leaves that kind to Accept
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"), "xml": ("xml", "xml"), "csv": ("csv", None),
    "tsv": ("tsv", None), "turtle": (None, "turtle"), "ttl": (None, "turtle"),
    "n3": (None, "turtle"), "nt": (None, "ntriples"), "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"), "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "rdfxml": (None, "xml"), "rdf+xml": (None, "xml"),
}
#: protocol parameters the endpoint refuses (400): it serves one default graph, no other dataset
REFUSED_PARAMETERS = ("default-graph-uri", "named-graph-uri")
#: seconds the graph view may take to render (it is not a user's query; cached once drawn)
GRAPH_TIMEOUT = 60.0
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


@dataclass
class ServeOptions:
    """Settings of a server.

    Args:
        store: a store spec (``memory``, ``oxigraph:PATH``: :func:`kg.store.parse_spec`).
        timeout: seconds a query may run.
        max_rows: most rows (SELECT) or triples (CONSTRUCT) an answer may have.
        workers: query worker processes.
        cors: origins allowed to call the endpoint from other sites (``*``: any); none by default.
        memory_mb: address-space limit of each worker in MiB (0: none).
        cache_mb: size of the answer cache in MiB (0: no cache).
        max_body: largest accepted POST body, in bytes.
        allowed_hosts: Host headers accepted, port included (others: 403); by default, for a
            loopback address, only the loopback names with the server's port (this keeps web
            pages from reaching the server through DNS rebinding).
        request_timeout: seconds a client has to send a whole request (head and body), also
            counted before its first request and between requests; then it is disconnected.
        idle_timeout: seconds an idle keep-alive connection stays open after an answer.
    """

    store: str = "memory"
    timeout: float = 5.0
    max_rows: int = 10_000
    workers: int = 2
    cors: tuple[str, ...] = ()
    memory_mb: int = 2048
    cache_mb: int = 64
    max_body: int = 1_000_000
    allowed_hosts: tuple[str, ...] | None = None
    request_timeout: float = 10.0
    idle_timeout: float = 5.0


# ---------------------------------------------------------------------------- negotiation

def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as ``[(media range, q)]``; a missing or empty header accepts anything."""
    out = []
    for part in (header or "*/*").split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out or [("*/*", 1.0)]


def _quality(accept: list[tuple[str, float]], media: str, *, exact: bool = False) -> float:
    kind = media.split("/")[0]
    best, specificity = 0.0, -1
    for pattern, q in accept:
        if pattern == media:
            level = 2
        elif exact:
            continue
        elif pattern == f"{kind}/*":
            level = 1
        elif pattern == "*/*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def negotiate(header: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    """The offered format the client prefers (ties: the server's order), or None.

    A format's first media type matches ranges (``text/*``, ``*/*``); its alternatives (such as
    ``application/json`` for JSON-LD) count only when named exactly.
    """
    accept = parse_accept(header)
    best, best_q = None, 0.0
    for name, types in offers.items():
        q = max([_quality(accept, types[0])] + [_quality(accept, t, exact=True)
                                                 for t in types[1:]])
        if q > best_q:
            best, best_q = name, q
    return best


def wants_html(header: str | None) -> bool:
    """True when the client prefers HTML to every RDF format (a browser)."""
    accept = parse_accept(header)
    html = max(_quality(accept, "text/html"), _quality(accept, "application/xhtml+xml"))
    rdf = max(_quality(accept, t) for types in GRAPH_OFFERS.values() for t in types)
    return html > 0 and html >= rdf and any(p in ("text/html", "application/xhtml+xml")
                                            for p, _ in accept)


# ---------------------------------------------------------------------------- the cache

class AnswerCache:
    """A least-recently-used cache of answers, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self.items: OrderedDict = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key):
        item = self.items.get(key)
        if item is None:
            self.misses += 1
            return None
        self.items.move_to_end(key)
        self.hits += 1
        return item

    def put(self, key, reply: dict) -> None:
        cost = len(reply.get("body") or b"") + 512
        if cost > self.max_bytes // 4:
            return
        if key in self.items:
            return
        self.items[key] = reply
        self.size += cost
        while self.size > self.max_bytes and self.items:
            _, old = self.items.popitem(last=False)
            self.size -= len(old.get("body") or b"") + 512


# ---------------------------------------------------------------------------- the app

class _State:
    """What the running app holds: the project, the pool, the cache, the canned queries."""

    def __init__(self, root, options: ServeOptions, on_ready, on_failure) -> None:
        from kg.inputs.project import Project

        self.project = Project.open(root)
        self.options = options
        self.on_ready, self.on_failure = on_ready, on_failure
        self.pool = None
        self.workdir: str | None = None
        self.spec = None
        self.triples: int | None = None
        self.cache = AnswerCache(options.cache_mb * 1024 * 1024) if options.cache_mb else None
        self.inflight: dict = {}
        self.canned = self._canned()

    def _canned(self) -> list[dict]:
        from kg.inputs.queries import canned_queries
        from kg.serve.pages import prefixed_query

        if not self.project.queries_dir.is_dir():
            return []
        return [{"name": q.name, "title": q.title,
                 "query": prefixed_query(q.text, self.project.base)}
                for q in canned_queries(self.project.queries_dir).values()]

    def prepare(self) -> None:
        """Prepare the store (in this process, before the event loop serves)."""
        from kg.serve.stores import prepare_store

        self.workdir = tempfile.mkdtemp(prefix="kg-serve-")
        self.spec = prepare_store(self.options.store, self.project, Path(self.workdir))

    async def start(self) -> None:
        from kg.serve.workers import QueryPool

        if self.spec is None:
            await asyncio.to_thread(self.prepare)
        self.pool = QueryPool(self.spec, workers=self.options.workers,
                              timeout=self.options.timeout,
                              memory_mb=self.options.memory_mb or None)
        await self.pool.start()
        reply = await self.pool.run({"kind": "count"})
        self.triples = reply.get("data")

    async def stop(self) -> None:
        if self.pool is not None:
            await self.pool.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    async def run(self, task: dict, *, cache: bool = True, timeout: float | None = None,
                  client: object = None) -> dict:
        """Run a task on the pool, through the cache; pool failures become error answers.

        Identical tasks in flight at the same time run once and share the answer.  ``client``
        (a connection) lets the pool keep a client that sent a long query off the worker kept
        for short ones (:class:`kg.serve.workers.QueryPool`).
        """
        key = tuple(sorted(task.items())) if cache else None
        if key is not None and self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return hit
        if key is None:
            return await self._run(task, timeout, client)
        pending = self.inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        pending = asyncio.get_running_loop().create_future()
        self.inflight[key] = pending
        try:
            reply = await self._run(task, timeout, client)
        except BaseException as exc:
            pending.set_exception(exc)
            pending.exception()  # retrieved: no "never retrieved" warning
            raise
        finally:
            self.inflight.pop(key, None)
        pending.set_result(reply)
        if self.cache is not None and reply.get("status") in (200, 400, 403, 404, 406, 422):
            self.cache.put(key, reply)
        return reply

    async def _run(self, task: dict, timeout: float | None = None, client: object = None) -> dict:
        from kg.serve.tasks import error
        from kg.serve.workers import PoolError

        try:
            reply = await self.pool.run(task, timeout=timeout, client=client)
        except PoolError as exc:
            return error(exc.status, str(exc))
        reply.pop("elapsed", None)
        return reply


def create_app(root: str | Path = ".", options: ServeOptions | None = None, *,
               on_ready: Callable[["_State"], None] | None = None,
               on_failure: Callable[[Exception], None] | None = None):
    """The Starlette application serving the project at ``root``.

    Args:
        root: the project directory.
        options: server settings.
        on_ready: called once the workers have opened the store.
        on_failure: called (instead of raising) when the workers cannot start.
    """
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    options = options or ServeOptions()
    state = _State(root, options, on_ready, on_failure)

    @asynccontextmanager
    async def lifespan(app):
        try:
            await state.start()
        except (KGError, OSError) as exc:
            await state.stop()
            if on_failure is None:
                raise
            on_failure(exc)
            yield
            return
        if on_ready is not None:
            on_ready(state)
        try:
            yield
        finally:
            await state.stop()

    from kg.serve.guard import RequestGuard

    # outermost: a refused request reaches neither CORS nor the routes; every answer gets the
    # security headers
    middleware = [Middleware(RequestGuard, allowed_hosts=options.allowed_hosts,
                             cors=options.cors)]
    if options.cors:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(options.cors),
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"],
                                     expose_headers=["KG-Row-Limit", "KG-Rows"], max_age=600))
    routes = [
        Route("/", _handler(state, editor), methods=["GET"]),
        Route("/sparql", _handler(state, sparql), methods=["GET", "POST"]),
        Route("/graph", _handler(state, graph_view), methods=["GET"]),
        Route("/entity/", _handler(state, entity_index), methods=["GET"]),
        Route("/entity", _handler(state, entity_index), methods=["GET"]),
        Route("/entity/{id}", _handler(state, entity), methods=["GET"]),
        Route("/favicon.ico", _handler(state, favicon), methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.kg = state
    return app


def _handler(state: _State, func):
    async def endpoint(request):
        response = await func(state, request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response
    return endpoint


def _response(reply: dict, *, vary: bool = True, html_errors: bool = False):
    from starlette.responses import HTMLResponse, Response

    status = reply.get("status", 500)
    if status >= 400 and html_errors:
        from kg.serve.pages import PAGE_CSP, error_page

        message = (reply.get("body") or b"").decode("utf-8", "replace").strip()
        return HTMLResponse(error_page(status, message), status_code=status,
                            headers={"Content-Security-Policy": PAGE_CSP})
    headers = dict(reply.get("headers") or {})
    if vary:
        headers["Vary"] = "Accept"
    return Response(reply.get("body") or b"", status_code=status,
                    media_type=reply.get("content_type"), headers=headers)


def _text(status: int, message: str):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.strip() + "\n", status_code=status)


def _html(text: str, status: int = 200, *, csp: bool = True):
    from starlette.responses import HTMLResponse

    from kg.serve.pages import PAGE_CSP

    return HTMLResponse(text, status_code=status,
                        headers={"Content-Security-Policy": PAGE_CSP} if csp else None)


#: the site's icon (browsers ask every page for /favicon.ico): a small SVG, no file to ship
FAVICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
           b'<circle cx="4" cy="12" r="3" fill="#2a6f97"/><circle cx="12" cy="4" r="3" '
           b'fill="#2a6f97"/><path d="M4 12 12 4" stroke="#2a6f97" stroke-width="1.5"/></svg>')


async def favicon(state: _State, request):
    from starlette.responses import Response

    return Response(FAVICON, media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


async def editor(state: _State, request):
    from kg.serve.pages import editor_page

    return _html(editor_page(state.canned, title=state.project.name,
                                 base=state.project.base))


async def graph_view(state: _State, request):
    """``/graph``: the interactive view; ``?focus=ID`` draws one entity's neighbourhood and
    ``?lang=zh-Hant|zh-Hans|en`` picks the labels' language."""
    lang = request.query_params.get("lang") or None
    if lang is not None and lang not in LANGS:
        return _text(400, f"lang must be {', '.join(LANGS[:-1])} or {LANGS[-1]}")
    reply = await state.run({"kind": "graph_html", "title": state.project.name, "lang": lang,
                             "focus": request.query_params.get("focus") or None,
                             "base": state.project.base},
                            timeout=max(state.options.timeout, GRAPH_TIMEOUT))
    # the view carries its own Content-Security-Policy (script hashes, no network)
    return _response(reply, vary=False, html_errors=True)


async def entity_index(state: _State, request):
    from kg.serve.pages import entity_index_page

    reply = await state.run({"kind": "entities", "base": state.project.base})
    if reply.get("status") != 200:
        return _response(reply, html_errors=True)
    return _html(entity_index_page(reply["data"], title=state.project.name))


async def entity(state: _State, request):
    """``/entity/{id}``: HTML for browsers, an RDF description for RDF clients."""
    from kg.serve.pages import entity_page

    entity_id = request.path_params["id"]
    fmt = request.query_params.get("format")
    graph_format = FORMAT_PARAM.get(fmt.lower(), (None, None))[1] if fmt else None
    accept = request.headers.get("accept")
    if graph_format is None and (fmt == "html" or wants_html(accept)):
        reply = await state.run({"kind": "entity", "id": entity_id,
                                 "base": state.project.base})
        if reply.get("status") != 200:
            return _response(reply, html_errors=True)
        key = ("entity-page", entity_id)
        cached = state.cache.get(key) if state.cache else None
        if cached is None:
            cached = {"status": 200, "body": entity_page(reply["data"], base=state.project.base)
                      .encode(), "content_type": "text/html; charset=utf-8"}
            if state.cache:
                state.cache.put(key, cached)
        response = _html(cached["body"].decode())
        response.headers["Vary"] = "Accept"
        return response
    if graph_format is None:
        graph_format = negotiate(accept, GRAPH_OFFERS)
    if graph_format is None:
        return _text(406, "this resource is available as text/html, text/turtle, "
                          "application/n-triples, application/ld+json and application/rdf+xml")
    reply = await state.run({"kind": "entity_rdf", "id": entity_id, "base": state.project.base,
                             "graph_format": graph_format})
    return _response(reply)


async def _read_body(request, limit: int) -> bytes | None:
    """The request body, or None when it is over ``limit`` bytes.

    Raises:
        ClientDisconnect: the client went (or was disconnected for sending too slowly).
    """
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def sparql(state: _State, request):
    """The SPARQL 1.1 Protocol query operation (and the service description)."""
    params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return _text(403, "SPARQL Update is refused: this endpoint is read-only")
        from starlette.requests import ClientDisconnect

        try:
            body = await _read_body(request, state.options.max_body)
        except ClientDisconnect:  # no one is left to read an answer
            return _text(408, "the request body did not arrive in time")
        if body is None:
            return _text(413, f"the request body is larger than {state.options.max_body} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "the request body is not UTF-8")
        if ctype == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(text)
        else:
            return _text(415, "send a query as application/x-www-form-urlencoded (query=...) or "
                              "application/sparql-query")
    if "update" in params:
        return _text(403, "SPARQL Update is refused: this endpoint is read-only")
    if any(params.get(name) for name in REFUSED_PARAMETERS):
        return _text(400, "default-graph-uri and named-graph-uri are not supported: the "
                          "endpoint serves one graph, its default graph")
    queries = params.get("query", [])
    if not queries and request.method == "POST":  # only a GET without a query describes
        return _text(400, "the request has no query: send query=... (a form) or the query "
                          "text (application/sparql-query)")
    if not queries:
        if request.method == "GET" and wants_html(request.headers.get("accept")):
            from starlette.responses import RedirectResponse

            return RedirectResponse("/", status_code=303)
        return service_description(state, request)
    if len(queries) > 1:
        return _text(400, "give exactly one query parameter")
    if not queries[0].strip():  # not an update either: nothing to refuse, nothing to run
        return _text(400, "the query is empty: send a SPARQL query")
    accept = request.headers.get("accept")
    result_format = negotiate(accept, RESULT_OFFERS)
    # a graph answer is sent as Turtle when Accept names no RDF format (HTTP allows it): a
    # client asking for results JSON (rdflib's SPARQLStore) gets a graph it can still read
    graph_format = negotiate(accept, GRAPH_OFFERS) or "turtle"
    for value in params.get("format", []):
        forced = FORMAT_PARAM.get(value.lower())
        if forced:
            result_format = forced[0] or result_format
            graph_format = forced[1] or graph_format
    reply = await state.run({"kind": "sparql", "query": queries[0], "base": state.project.base,
                             "result_format": result_format, "graph_format": graph_format,
                             "max_rows": state.options.max_rows},
                            client=tuple(request.client) if request.client else None)
    response = _response(reply)
    response.headers["KG-Row-Limit"] = str(state.options.max_rows)
    response.headers["KG-Timeout"] = f"{state.options.timeout:g}"
    return response


def service_description(state: _State, request):
    """The SPARQL 1.1 Service Description of the endpoint, in a negotiated RDF format."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, XSD
    from starlette.responses import Response

    from kg.rdfio.formats import serialize
    from kg.serve.tasks import GRAPH_TYPES

    fmt = negotiate(request.headers.get("accept"), GRAPH_OFFERS)
    if fmt is None:
        return _text(406, "the service description is available as text/turtle, "
                          "application/n-triples, application/ld+json and application/rdf+xml")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    void = Namespace("http://rdfs.org/ns/void#")
    url = URIRef(str(request.url.replace(query="", fragment="")).rstrip("?"))
    graph = Graph()
    graph.bind("sd", sd)
    graph.bind("formats", formats)
    graph.bind("void", void)
    graph.add((url, RDF.type, sd.Service))
    graph.add((url, sd.endpoint, url))
    graph.add((url, sd.supportedLanguage, sd.SPARQL11Query))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        graph.add((url, sd.resultFormat, formats[name]))
    dataset, default = BNode("dataset"), BNode("default")
    graph.add((url, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, sd.defaultGraph, default))
    graph.add((default, RDF.type, sd.Graph))
    if state.triples is not None:
        graph.add((default, void.triples, Literal(state.triples, datatype=XSD.integer)))
    graph.add((url, RDFS.label, Literal(f"kg: {state.project.name}", lang="en")))
    graph.add((url, RDFS.comment, Literal(
        "Read-only: SPARQL Update (and LOAD) is refused (403), and so is SERVICE (403). The "
        "dataset is the one default graph: the protocol parameters default-graph-uri and "
        "named-graph-uri and the clauses FROM and FROM NAMED are refused (400). Each query may "
        f"run for {state.options.timeout:g} s and answer at most {state.options.max_rows} rows "
        "or triples; beyond either limit the query is refused, never cut short.", lang="en")))
    _describe_refusals(graph, url, sd)
    return Response(serialize(graph, fmt), media_type=GRAPH_TYPES[fmt], headers={"Vary": "Accept"})


#: kg terms of the service description for what the sd: vocabulary cannot say (sd: lists what
#: a service supports, never what it refuses); defined in the description itself
REFUSAL_TERMS = {
    "refusedParameter": ("refused parameter", "A SPARQL Protocol parameter the service refuses "
                         "(HTTP 400) instead of ignoring it."),
    "refusedLanguage": ("refused language", "A language the service refuses (SPARQL 1.1 Update: "
                        "HTTP 403); it is read-only."),
    "refusedFeature": ("refused feature", "A feature the service refuses (HTTP 403), such as "
                       "federated queries (SERVICE)."),
}


def _describe_refusals(graph, url, sd) -> None:
    """Add to a service description what the endpoint refuses, and define the terms it uses."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.vocab import KGO

    graph.bind("kgo", KGO)
    for parameter in REFUSED_PARAMETERS:
        graph.add((url, KGO.refusedParameter, Literal(parameter)))
    graph.add((url, KGO.refusedLanguage, sd.SPARQL11Update))
    graph.add((url, KGO.refusedFeature, sd.BasicFederatedQuery))
    ranges = {"refusedParameter": XSD.string, "refusedLanguage": sd.Language,
              "refusedFeature": sd.Feature}
    for name, (label, comment) in REFUSAL_TERMS.items():
        term = KGO[name]
        graph.add((term, RDF.type, RDF.Property))
        graph.add((term, RDFS.label, Literal(label, lang="en")))
        graph.add((term, RDFS.comment, Literal(comment, lang="en")))
        graph.add((term, RDFS.domain, sd.Service))
        graph.add((term, RDFS.range, ranges[name]))
        graph.add((term, RDFS.isDefinedBy, url))


# ---------------------------------------------------------------------------- running it

def serve(root: str | Path = ".", *, host: str = "127.0.0.1", port: int = 8000,
          options: ServeOptions | None = None,
          on_ready: Callable[[str, "_State"], None] | None = None,
          access_log: bool = False) -> None:
    """Serve the project at ``root`` until interrupted (Ctrl-C or SIGTERM).

    Args:
        root: the project directory.
        host: address to listen on (loopback by default).
        port: TCP port; 0 picks a free one (the URL given to ``on_ready`` says which).
        options: server settings.
        on_ready: called with the server's URL once it accepts queries.
        access_log: log every request to standard error.

    Raises:
        UsageError: the address is taken or invalid, or the store is unknown.
        KGError: the store cannot be opened.
    """
    import socket

    import uvicorn

    from kg.serve.guard import MAX_HEAD, guarded_h11, is_loopback, loopback_hosts
    from kg.store import parse_spec

    options = options or ServeOptions()
    parse_spec(options.store)  # a wrong spec is an error before the port is taken
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None
    # accepted connections inherit TCP_NODELAY: without it, a keep-alive client waits 40 ms
    # (Nagle and delayed ACK) for every response sent in two writes
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.listen(2048)
    bound = sock.getsockname()[1]
    if options.allowed_hosts is None and is_loopback(host):
        options.allowed_hosts = loopback_hosts(host, bound)
    url = f"http://{f'[{host}]' if ':' in host else host}:{bound}/"
    failures: list[Exception] = []
    server_box: list = []

    def ready(state: _State) -> None:
        if on_ready is not None:
            on_ready(url, state)

    def failed(exc: Exception) -> None:
        failures.append(exc)
        if server_box:
            server_box[0].should_exit = True

    app = None
    try:
        app = create_app(root, options, on_ready=ready, on_failure=failed)
        app.state.kg.prepare()  # build/load the graph now: errors surface as one line
        config = uvicorn.Config(app, log_level="warning", access_log=access_log,
                                log_config=_log_config(), lifespan="on",
                                timeout_graceful_shutdown=3, server_header=False,
                                http=guarded_h11(options.request_timeout),
                                timeout_keep_alive=max(1, round(options.idle_timeout)),
                                h11_max_incomplete_event_size=MAX_HEAD)
        if access_log:  # log_level set uvicorn.access to warning too: it would log nothing
            import logging

            logging.getLogger("uvicorn.access").setLevel(logging.INFO)
        server = uvicorn.Server(config)
        server_box.append(server)
        server.run(sockets=[sock])
    finally:
        sock.close()
        if app is not None:
            shutil.rmtree(app.state.kg.workdir or "", ignore_errors=True)
    if failures:
        exc = failures[0]
        raise exc if isinstance(exc, KGError) else KGError(str(exc))


def _log_config() -> dict:
    """uvicorn's logging configuration, with the access log on standard error (as ``kg serve
    --access-log`` says): standard output carries only the line saying the server is ready."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def describe_ready(url: str, state: _State) -> str:
    """The line ``kg serve`` prints once it accepts queries."""
    opts = state.options
    return (f"kg: serving {state.project.name} ({state.triples} triples, store {opts.store}) "
            f"at {url} — SPARQL endpoint {url}sparql; {opts.workers} worker(s), timeout "
            f"{opts.timeout:g} s, at most {opts.max_rows} rows; Ctrl-C stops")


__all__ = ["ServeOptions", "create_app", "serve", "negotiate", "parse_accept", "wants_html",
           "AnswerCache", "describe_ready", "RESULT_OFFERS", "GRAPH_OFFERS"]
