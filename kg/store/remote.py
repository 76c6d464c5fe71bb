"""A remote SPARQL server for graphs that outgrow one machine: pushing and querying over HTTP.

- ``push``: the SPARQL 1.1 Graph Store HTTP Protocol: ``PUT`` replaces the graph with the first
  chunk of N-Triples, ``POST`` appends the others (servers refuse very large requests; Virtuoso's
  ``INSERT DATA`` fails above about 1,200 triples, its Graph Store takes millions).
- ``query``: the SPARQL 1.1 Protocol (``POST`` of ``query=``), with kg's prefixes predeclared.
  Servers cap result sets (Virtuoso's ``ResultSetMaxRows``, 10,000 by default) and say so only
  in a header (``X-SPARQL-MaxRows``); an answer that reaches the cap is an error here, not a
  silently short table.

HTTP Digest authentication (what Virtuoso's ``/sparql-graph-crud-auth`` and ``/sparql-auth``
want; httpx's ``DigestAuth``) and Basic are answered from ``user``/``password``; the first request of a push is a small
one, so that large bodies are sent once, already authenticated.
"""

from __future__ import annotations

import io
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
    """What a push sent: triples, requests, and the HTTP status of each request."""

    graph: str
    triples: int
    statuses: list[int] = field(default_factory=list)


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
            raise RemoteError(f"{method} {_short(url)}: HTTP {response.status_code} "
                              f"{response.reason_phrase}" + (f": {detail}" if detail else ""))
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
    if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", graph, re.I):
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
        graph: query only this graph (``default-graph-uri``); default: the server's default.

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
    form = {"query": full}
    if graph:
        form["default-graph-uri"] = graph
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
