"""A remote SPARQL server for graphs that outgrow one machine: pushing and querying over HTTP.

- ``push``: the SPARQL 1.1 Graph Store HTTP Protocol: ``PUT`` replaces the graph with the first
  chunk of N-Triples, ``POST`` appends the others (servers refuse very large requests; Virtuoso's
  ``INSERT DATA`` fails above about 1,200 triples, its Graph Store takes millions).
- ``push_graphs``: kg's named graphs (one per source, the shared graph, the ontology) pushed
  under one graph IRI ``G`` as ``G/source/ID``, ``G/shared`` (in parts ``G/shared/K-of-N``
  when large: :func:`split_shared`), ``G/ontology``, sending only
  those whose digest changed since the last push to that endpoint and graph; ``G/index`` lists
  them with their digests and triple counts, and ``exports/.kg-push.json`` records the same
  locally. When the two disagree (the record is missing, another kg pushed, the server was
  emptied), everything is sent. A query with ``graph=G`` runs on the graphs ``G/index`` lists.
- ``query``: the SPARQL 1.1 Protocol (``POST`` of ``query=``), with kg's prefixes predeclared.
  Servers cap result sets (Virtuoso's ``ResultSetMaxRows``, 10,000 by default) and say so only
  in a header (``X-SPARQL-MaxRows``); an answer that reaches the cap is an error here, not a
  silently short table.

HTTP Digest authentication (what Virtuoso's ``/sparql-graph-crud-auth`` and ``/sparql-auth``
want; httpx's ``DigestAuth``) and Basic are answered from ``user``/``password``; the first request of a push is a small
one, so that large bodies are sent once, already authenticated.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import httpx

from kg.errors import RemoteError
from kg.vocab import all_prefixes

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.query import Result

#: triples per request of a push
CHUNK_TRIPLES = 250_000
_PREFIX_RE = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_ACCEPT = ("application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8")


@dataclass
class PushResult:
    """What a push sent: triples, requests, and the HTTP status of each request.

    Attributes:
        graph: the graph IRI the push was given.
        triples: triples sent.
        statuses: the HTTP status of each request that sent data (PUT, then POSTs).
        sent, unchanged, deleted: IRIs of the remote named graphs sent, left as they were
            (their digest had not changed), and deleted (their source is gone).
        full: everything was sent; ``reason`` says why (``--full``, no record, ...).
        requests: every request of the push, as (method, graph IRI, status).
        seconds: how long the push took.
    """

    graph: str
    triples: int
    statuses: list[int] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    full: bool = True
    reason: str = ""
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    seconds: float = 0.0


class Client:
    """HTTP to one server (httpx), answering Digest (or Basic) challenges with
    ``user``/``password``.

    Args:
        user: user name; default ``$KG_ENDPOINT_USER``.
        password: password; default ``$KG_ENDPOINT_PASSWORD``.
        timeout: seconds to wait for each response.
    """

    def __init__(self, user: str | None = None, password: str | None = None, *,
                 timeout: float = 600) -> None:
        self.user = user if user is not None else os.environ.get("KG_ENDPOINT_USER")
        self.password = password if password is not None else \
            os.environ.get("KG_ENDPOINT_PASSWORD")
        self.timeout = timeout
        self._http = None

    def _client(self) -> httpx.Client:
        if self._http is None:
            auth = _ChallengeAuth(self.user, self.password or "") if self.user is not None \
                else None
            self._http = httpx.Client(auth=auth, timeout=self.timeout)
        return self._http

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """Send one request; returns (status, headers with lower-case names, body).

        Raises:
            RemoteError: the server cannot be reached, refuses the credentials, or answers an
                error status.
        """
        try:
            response = self._client().request(method, url, content=body,
                                              headers=dict(headers or {}))
        except httpx.HTTPError as exc:
            raise RemoteError(f"{method} {_short(url)}: cannot reach the server ({exc})") \
                from None
        if response.status_code == 401:
            why = ("give --user and --password (HTTP Digest)" if self.user is None else
                   "the server refused the user name or password")
            error = RemoteError(f"{method} {_short(url)}: 401 Unauthorized; {why}")
            error.status = 401
            raise error
        if response.status_code >= 400:
            detail = " ".join(response.content.decode("utf-8", "replace").split())[:200]
            error = RemoteError(f"{method} {_short(url)}: HTTP {response.status_code} "
                                f"{response.reason_phrase}" + (f": {detail}" if detail else ""))
            error.status = response.status_code
            raise error
        return (response.status_code, {k.lower(): v for k, v in response.headers.items()},
                response.content)


class _ChallengeAuth(httpx.Auth):
    """httpx's DigestAuth, or its BasicAuth when the server asks for Basic."""

    def __init__(self, user: str, password: str) -> None:
        self.digest = httpx.DigestAuth(user, password)
        self.basic = httpx.BasicAuth(user, password)
        self.use_basic = False

    def auth_flow(self, request):
        if self.use_basic:
            yield from self.basic.auth_flow(request)
            return
        flow = self.digest.auth_flow(request)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            try:
                outgoing = flow.send(response)
            except StopIteration:
                break
        challenge = response.headers.get("www-authenticate", "")
        if response.status_code == 401 and challenge.lower().startswith("basic"):
            self.use_basic = True
            yield from self.basic.auth_flow(request)


def _short(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"


def chunks(ntriples: bytes, size: int = CHUNK_TRIPLES) -> list[bytes]:
    """N-Triples split into requests of at most ``size`` lines each (when the data has no
    blank nodes; lines with blank nodes all go into the first request, since a blank node
    label names the same node only within one request)."""
    lines = [line for line in ntriples.split(b"\n") if line.strip()]
    blank = [line for line in lines if b"_:" in line]
    rest = [line for line in lines if b"_:" not in line] if blank else lines
    first = max(size - len(blank), 0)
    out = [blank + rest[:first]]
    out += [rest[i:i + size] for i in range(first, len(rest), size)]
    return [b"\n".join(part) + b"\n" for part in out if part] or [b""]


def push(ntriples: bytes, endpoint: str, graph: str, *, client: Client | None = None,
         chunk_triples: int = CHUNK_TRIPLES) -> PushResult:
    """Replace ``graph`` on a Graph Store Protocol ``endpoint`` with ``ntriples``.

    Args:
        ntriples: the graph as N-Triples.
        endpoint: the Graph Store endpoint, e.g. ``http://host:8890/sparql-graph-crud-auth``.
        graph: the IRI of the graph to replace.
        client: the HTTP client (credentials); default from ``$KG_ENDPOINT_USER``/``PASSWORD``.
        chunk_triples: triples per request: the first is a PUT, the rest POSTs.

    Raises:
        RemoteError: the server refused a request or cannot be reached.
    """
    if not _IRI_RE.match(graph):
        raise RemoteError(f"--graph '{graph}' is not an absolute IRI")
    client = client or Client()
    url = _graph_url(endpoint, graph)
    try:  # a small request first: the credentials are settled before a large body is sent
        client.request("HEAD", url)
    except RemoteError as exc:
        if getattr(exc, "status", None) == 401:
            raise
    parts = chunks(ntriples, chunk_triples)
    result = PushResult(graph=graph, triples=sum(p.count(b"\n") for p in parts if p.strip()))
    for i, part in enumerate(parts):
        status, _, _ = client.request("PUT" if i == 0 else "POST", url, part,
                                      {"Content-Type": "application/n-triples"})
        result.statuses.append(status)
    return result


#: triples of the shared graph per named graph a push sends (:func:`split_shared`)
SHARED_PART = 1_000
#: the local record of pushes, in the project's ``exports/`` (beside the build manifest)
PUSH_RECORD = ".kg-push.json"
_SD_NAMED = "<http://www.w3.org/ns/sparql-service-description#namedGraph>"
_DIGEST = "<https://w3id.org/kg/push#digest>"
_TRIPLES = "<http://rdfs.org/ns/void#triples>"
_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
_IRI_RE = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", re.I)


@dataclass
class LocalGraph:
    """One named graph of a build, as a push sees it.

    Attributes:
        name: its place under the pushed graph IRI: ``source/ID``, ``shared`` or ``ontology``.
        digest: the content hash the store keeps for it (same inputs, same digest).
        data: makes its N-Triples (called only when the graph is sent).
    """

    name: str
    digest: str
    data: Callable[[], bytes]


def remote_name(graph: str, name: str) -> str:
    """The IRI of named graph ``name`` (``source/ID``...) under the pushed ``graph`` IRI."""
    return graph + name if graph.endswith(("/", "#")) else f"{graph}/{name}"


def index_name(graph: str) -> str:
    """The IRI of the graph that lists what a push put under ``graph``."""
    return remote_name(graph, "index")


def read_record(path: Path, endpoint: str, graph: str) -> dict | None:
    """The graphs (IRI -> digest and triples) the last push to ``endpoint`` and ``graph``
    recorded in ``path``, or None."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for target in record.get("targets", []) if isinstance(record, dict) else []:
        if target.get("endpoint") == endpoint and target.get("graph") == graph:
            graphs = target.get("graphs")
            return graphs if isinstance(graphs, dict) else None
    return None


def write_record(path: Path, endpoint: str, graph: str, graphs: dict) -> None:
    """Record (atomically) that ``graphs`` are on ``endpoint`` under ``graph``; the records of
    other endpoints and graphs are kept."""
    from kg.rdfio.files import write_atomic

    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        targets = [t for t in record.get("targets", [])
                   if (t.get("endpoint"), t.get("graph")) != (endpoint, graph)]
    except (OSError, ValueError, AttributeError):
        targets = []
    targets.append({"endpoint": endpoint, "graph": graph, "graphs": graphs})
    targets.sort(key=lambda t: (t["endpoint"], t["graph"]))
    write_atomic(path, (json.dumps({"targets": targets}, indent=1, sort_keys=True)
                        + "\n").encode())


def index_ntriples(graph: str, graphs: dict) -> bytes:
    """The index graph: ``graph sd:namedGraph g`` and each g's digest and triple count."""
    lines = []
    for name, info in sorted(graphs.items()):
        lines += [f"<{graph}> {_SD_NAMED} <{name}> .",
                  f'<{name}> {_DIGEST} "{info["digest"]}" .',
                  f'<{name}> {_TRIPLES} "{int(info["triples"])}"^^{_INTEGER} .']
    return ("\n".join(lines) + "\n").encode()


def parse_index(body: bytes, kind: str, graph: str) -> dict:
    """The graphs an index graph lists (IRI -> digest and triples)."""
    from rdflib import Graph, URIRef

    fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}.get(kind, "nt")
    index = Graph().parse(data=body.decode("utf-8"), format=fmt)
    out = {}
    for name in index.objects(URIRef(graph), URIRef(_SD_NAMED[1:-1])):
        digest = index.value(name, URIRef(_DIGEST[1:-1]))
        triples = index.value(name, URIRef(_TRIPLES[1:-1]))
        out[str(name)] = {"digest": str(digest), "triples": int(triples or 0)}
    return out


def _fetch_index(client: Client, endpoint: str, graph: str) -> dict | None:
    """The index graph on the server (None when there is none); the push's first request,
    small, so that the credentials are settled before a large body is sent."""
    try:
        _, headers, body = client.request("GET", _graph_url(endpoint, index_name(graph)),
                                          headers={"Accept": "application/n-triples, "
                                                             "text/turtle;q=0.9"})
    except RemoteError as exc:
        if getattr(exc, "status", None) == 404:
            return None
        raise
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return parse_index(body, kind, graph) or None


def _delete(client: Client, endpoint: str, name: str) -> int:
    """DELETE one graph; a graph that is not there (404) is already deleted."""
    try:
        status, _, _ = client.request("DELETE", _graph_url(endpoint, name))
    except RemoteError as exc:
        if getattr(exc, "status", None) != 404:
            raise
        status = 404
    return status


def _full_reason(full: bool, recorded: dict | None, remote: dict | None) -> str:
    """Why everything must be sent ("" when only the changes need to be)."""
    if full:
        return "--full"
    if recorded is None:
        return "no record of a push to this endpoint and graph"
    if remote is None:
        return "the server has no index of the graphs (emptied, or never pushed to)"
    if remote != recorded:
        return "the server's graphs differ from the record of the last push (pushed by " \
               "someone else?)"
    return ""


def push_graphs(graphs: list[LocalGraph], endpoint: str, graph: str, record: Path, *,
                client: Client | None = None, chunk_triples: int = CHUNK_TRIPLES,
                full: bool = False) -> PushResult:
    """Push a build's named graphs under ``graph``, sending only those whose digest changed
    since the last push to ``endpoint`` and ``graph`` (as ``record`` and the server's index
    graph both say); graphs no longer built are deleted. ``record`` is rewritten only after
    every request succeeded: a failed push is resent by the next.

    Args:
        graphs: the named graphs of the build (:class:`LocalGraph`).
        endpoint: the Graph Store endpoint.
        graph: the graph IRI the named graphs go under (``graph/source/ID``...).
        record: the local record file (``exports/.kg-push.json``).
        full: send every graph (and delete the remote ones no longer built).

    Raises:
        RemoteError: the server refused a request or cannot be reached.
    """
    if not _IRI_RE.match(graph):
        raise RemoteError(f"--graph '{graph}' is not an absolute IRI")
    started = time.perf_counter()
    client = client or Client()
    wanted = {remote_name(graph, g.name): g for g in graphs}
    remote = _fetch_index(client, endpoint, graph)
    recorded = read_record(record, endpoint, graph)
    reason = _full_reason(full, recorded, remote)
    result = PushResult(graph=graph, triples=0, full=bool(reason), reason=reason)
    result.requests.append(("GET", index_name(graph), 200 if remote is not None else 404))
    previous = {} if reason else dict(recorded)
    gone = set(recorded or {}) | set(remote or {}) if reason else set(recorded)
    done: dict[str, dict] = {}
    for name, local in sorted(wanted.items()):
        if name in previous and previous[name].get("digest") == local.digest:
            done[name] = previous[name]
            result.unchanged.append(name)
            continue
        url = _graph_url(endpoint, name)
        parts = chunks(local.data(), chunk_triples)
        triples = sum(p.count(b"\n") for p in parts if p.strip())
        for i, part in enumerate(parts):
            status, _, _ = client.request("PUT" if i == 0 else "POST", url, part,
                                          {"Content-Type": "application/n-triples"})
            result.statuses.append(status)
            result.requests.append(("PUT" if i == 0 else "POST", name, status))
        done[name] = {"digest": local.digest, "triples": triples}
        result.sent.append(name)
        result.triples += triples
    if reason:
        gone.add(graph)  # what an older kg pushed: everything in the one graph
    for name in sorted(gone - set(wanted)):
        result.requests.append(("DELETE", name, _delete(client, endpoint, name)))
        if name != graph:
            result.deleted.append(name)
    status, _, _ = client.request("PUT", _graph_url(endpoint, index_name(graph)),
                                  index_ntriples(graph, done),
                                  {"Content-Type": "application/n-triples"})
    result.requests.append(("PUT", index_name(graph), status))
    write_record(record, endpoint, graph, done)
    result.seconds = time.perf_counter() - started
    return result


def split_shared(lines: list[str], *, part: int = SHARED_PART) -> list[LocalGraph]:
    """The shared graph as the named graphs a push sends: ``shared`` while it has at most
    ``part`` triples, else ``shared/K-of-N`` (N a power of two, each triple in the part the
    hash of its subject picks), so that a new article's few shared triples, most about its own
    entities, resend a few parts, not all."""
    import zlib

    lines = sorted(line.strip() for line in lines if line.strip())
    parts = 1
    while parts * part < len(lines):
        parts *= 2
    buckets: list[list[str]] = [[] for _ in range(parts)]
    for line in lines:
        buckets[zlib.crc32(line.split(" ", 1)[0].encode("utf-8")) % parts].append(line)
    out = []
    for i, bucket in enumerate(buckets):
        data = ("\n".join(bucket) + "\n").encode("utf-8") if bucket else b""
        out.append(LocalGraph("shared" if parts == 1 else f"shared/{i + 1}-of-{parts}",
                              hashlib.sha256(data).hexdigest(), lambda data=data: data))
    return out


def collect_graphs(store, project, *, ontology: bool = True) -> list[LocalGraph]:
    """The named graphs of ``store``'s current build of ``project``: from the store's own
    bookkeeping when it keeps them (the Oxigraph store: digests as its last build recorded,
    N-Triples dumped from it), else made from the inputs (``kg.graph.writer``, as the memory
    build makes them). With ``ontology`` False, the ontology's graph is left out."""
    prefix = project.base + "graph/"
    kept = store.meta().get("graphs") if hasattr(store, "meta") else None
    if kept:
        import pyoxigraph as ox

        reader: list = []

        def dump(name: str) -> bytes:
            if not reader:
                reader.append(ox.Store.read_only(str(store.path)))
            return reader[0].dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))

        out = []
        for name, info in sorted(kept.items()):
            if info.get("kind") == "shared":
                out += split_shared(dump(name).decode("utf-8").splitlines())
            elif ontology or info.get("kind") != "ontology":
                out.append(LocalGraph(name.removeprefix(prefix), info["hash"],
                                      lambda name=name: dump(name)))
        return out
    from kg.graph import writer
    from kg.inputs.corpus import load_inputs

    inputs = load_inputs(project)
    shared = writer.shared_lines(inputs)
    out = []
    for plan in writer.plan(inputs):
        if plan.kind == "source":
            make = (lambda key=plan.key: writer.source_lines(inputs, key))
        elif plan.kind == "shared":
            out += split_shared(shared)
            continue
        elif ontology:
            make = (lambda: [line for line in inputs.ontology.graph.serialize(
                format="nt").splitlines() if line.strip()])
        else:
            continue
        out.append(LocalGraph(plan.name.removeprefix(prefix), plan.digest,
                              lambda make=make: ("\n".join(make()) + "\n").encode()))
    return out


def pushed_graphs(endpoint: str, graph: str, client: Client, *, page: int = 5_000) -> list[str]:
    """The graphs a push put under ``graph`` (as its index lists them), or ``[graph]`` when
    ``graph`` has no index (a graph kg did not push, or an older kg's single graph)."""
    names: list[str] = []
    while True:
        text = (f"SELECT ?g WHERE {{ GRAPH <{index_name(graph)}> {{ <{graph}> {_SD_NAMED} ?g }} }}"
                f" ORDER BY ?g LIMIT {page} OFFSET {len(names)}")
        _, _, body = client.request(
            "POST", endpoint, urllib.parse.urlencode({"query": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded",
             "Accept": "application/sparql-results+json"})
        rows = json.loads(body)["results"]["bindings"]
        names += [row["g"]["value"] for row in rows]
        if len(rows) < page:
            return names or [graph]


def prologue(text: str, base: str | None) -> str:
    """PREFIX declarations of kg's prefixes that ``text`` does not declare, on one line (so
    that line numbers in the server's messages still match the query)."""
    declared = {m.group(1) or "" for m in _PREFIX_RE.finditer(text)}
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in all_prefixes(base).items()
                    if p not in declared)


def values_clause(bindings: dict) -> str:
    """Bindings as a trailing ``VALUES`` block (the protocol has no initial bindings)."""
    if not bindings:
        return ""
    names = list(bindings)
    terms = " ".join(bindings[name].n3() for name in names)
    return "\nVALUES (" + " ".join(f"?{name}" for name in names) + ") { (" + terms + ") }"


def query(endpoint: str, text: str, *, bindings: dict | None = None, base: str | None = None,
          graph: str | None = None, client: Client | None = None,
          label: str = "<inline>") -> "Result":
    """Run SPARQL ``text`` on a remote ``endpoint``; the answer as an rdflib Result.

    Args:
        endpoint: the SPARQL endpoint, e.g. ``http://host:8890/sparql``.
        text: the query (kg's prefixes are predeclared).
        bindings: variable -> rdflib term, sent as a ``VALUES`` block.
        base: the project's instance base IRI (for the ``kge:``... prefixes).
        graph: query only this graph (``default-graph-uri``), or when it is a graph kg pushed
            to (:func:`push_graphs`), the union of the graphs its index lists; default: the
            server's default graph.

    Raises:
        RemoteError: the server cannot be reached or refused the query, or the answer reached
            the server's row limit (it would be silently short).
        UsageError: for an update or SERVICE, refused before anything is sent.
    """
    from rdflib import Graph
    from rdflib.query import Result

    from kg.rdfio.sparql import check_no_service, check_read_only, fold_lang_comparisons

    # servers keep language tags in their own case (Virtuoso: lower): compare them as tags
    folded = fold_lang_comparisons(text)
    check_read_only(folded, label)
    check_no_service(folded, label)
    client = client or Client()
    full = prologue(text, base) + " " + folded + values_clause(bindings or {})
    form = [("query", full)]
    if graph:
        form += [("default-graph-uri", name) for name in pushed_graphs(endpoint, graph, client)]
    status, headers, body = client.request(
        "POST", endpoint, urllib.parse.urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT})
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("application/sparql-results+json", "application/json"):
        result = Result.parse(io.BytesIO(body), format="json")
        cap = headers.get("x-sparql-maxrows")
        if cap and result.type == "SELECT" and len(result.bindings) >= int(cap):
            raise RemoteError(f"the server capped the answer at {cap} rows (X-SPARQL-MaxRows): "
                              "it may be incomplete; raise ResultSetMaxRows on the server or "
                              "page with LIMIT/OFFSET")
        return result
    if kind in ("text/turtle", "application/n-triples", "text/plain", "application/rdf+xml"):
        fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml"}.get(kind, "nt")
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
        return result
    raise RemoteError(f"POST {_short(endpoint)}: unexpected answer of type '{kind or 'none'}' "
                      f"(HTTP {status})")
