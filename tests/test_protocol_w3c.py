"""The W3C SPARQL 1.1 Protocol test cases, sent to a real ``kg serve`` (issue 17).

The cases are read from the vendored manifest (``tests/fixtures/w3c-protocol/manifest.ttl``, the
``protocol`` manifest of the w3c rdf-tests repository) and every request of every case goes,
byte for byte, to a server on 127.0.0.1 over HTTP/1.1.  Two things are mapped: the manifest's
endpoint ``/sparql/`` is kg's ``/sparql``, and the ``Host`` is the server's own (kg refuses any
other Host, a guard against DNS rebinding).

Every case either passes (``PASSING``: the server answers what the case requires), or is listed
in ``REFUSED`` with the documented design decision that refuses it (the same table is in
``docs/serve.md``); a refused case is still run, and the server must refuse it as documented.
A case of the manifest in neither list fails, so the pass list cannot shrink unnoticed.
"""

from __future__ import annotations

import http.client
import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.query import Result

from tests.conftest import ROOT
from tests.serving import running_server

MANIFEST = ROOT / "tests" / "fixtures" / "w3c-protocol" / "manifest.ttl"
MANIFEST_IRI = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl"
DOCS = ROOT / "docs" / "serve.md"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
#: the manifest's endpoint path, and kg's
MANIFEST_ENDPOINT, ENDPOINT = "/sparql/", "/sparql"

#: the two design decisions that refuse cases (docs/serve.md says why)
DATASET = "dataset parameters"
UPDATE = "update"
#: case -> (decision, the status kg refuses it with, whether the case's expectations hold once
#: the refused parameters are left out of the request)
REFUSED: dict[str, tuple[str, int, bool]] = {
    "query_post_form": (DATASET, 400, True),
    "query_dataset_default_graphs_get": (DATASET, 400, False),
    "query_dataset_default_graphs_post": (DATASET, 400, False),
    "query_dataset_named_graphs_post": (DATASET, 400, False),
    "query_dataset_named_graphs_get": (DATASET, 400, False),
    "query_dataset_full": (DATASET, 400, False),
    "query_multiple_dataset": (DATASET, 400, False),
    "query_get": (DATASET, 400, True),
    "query_content_type_select": (DATASET, 400, True),
    "query_content_type_ask": (DATASET, 400, True),
    "query_content_type_describe": (DATASET, 400, True),
    "query_content_type_construct": (DATASET, 400, True),
    "update_dataset_default_graph": (UPDATE, 403, False),
    "update_dataset_default_graphs": (UPDATE, 403, False),
    "update_dataset_named_graphs": (UPDATE, 403, False),
    "update_dataset_full": (UPDATE, 403, False),
    "update_post_form": (UPDATE, 403, False),
    "update_post_direct": (UPDATE, 403, False),
    "update_base_uri": (UPDATE, 403, False),
}
#: the cases kg passes as the manifest states them
PASSING: tuple[str, ...] = (
    "query_post_direct",
    "bad_query_method",
    "bad_multiple_queries",
    "bad_query_wrong_media_type",
    "bad_query_missing_form_type",
    "bad_query_missing_direct_type",
    "bad_query_non_utf8",
    "bad_query_syntax",
    "bad_update_get",
    "bad_multiple_updates",
    "bad_update_wrong_media_type",
    "bad_update_missing_form_type",
    "bad_update_non_utf8",
    "bad_update_syntax",
    "bad_update_dataset_conflict",
)
#: the protocol parameters kg refuses (a request carrying one is answered 400, an update 403)
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")

RESULT_TYPES = {"application/sparql-results+json": "json",
                "application/sparql-results+xml": "xml", "text/csv": "csv",
                "text/tab-separated-values": "tsv"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
#: what this test reads of a request and of a response; anything else in the manifest fails it
REQUEST_KEYS = {RDF.type, HT.absolutePath, HT.body, HT.headers, HT.httpVersion, HT.methodName,
                HT.resp}
RESPONSE_KEYS = {RDF.type, MF.expectedStatus, MF.expectedFormat, MF.expectedBoolean,
                 MF.expectation}
STATUS_CLASSES = {HT.StatusCode2xx: 2, HT.StatusCode3xx: 3, HT.StatusCode4xx: 4,
                  HT.StatusCode5xx: 5}


@dataclass
class Request:
    """One HTTP request of a case and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # status classes: 2 for 2xx ...
    format: str | None = None  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None
    expectation: str | None = None

    @property
    def is_update(self) -> bool:
        ctype = self.headers.get("content-type", "").split(";")[0].strip()
        form = ctype == "application/x-www-form-urlencoded" and self.body is not None and \
            re.match(rb"(.*&)?update=", self.body) is not None
        return ctype == "application/sparql-update" or form or "update=" in self.path


@dataclass
class Case:
    """A test case of the manifest: its local name, its name and its requests, in order."""

    id: str
    name: str
    requests: list[Request] = field(default_factory=list)


def read_manifest() -> list[Case]:
    """Every entry of the manifest, in its order.

    Raises:
        ValueError: the manifest has an entry or a term this test does not know how to run.
    """
    graph = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST_IRI)
    manifest = URIRef(MANIFEST_IRI)
    cases = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        local = str(entry).rpartition("#")[2]
        if (entry, RDF.type, MF.ProtocolTest) not in graph:
            raise ValueError(f"{local}: not an mf:ProtocolTest; teach this test to run it")
        case = Case(local, str(graph.value(entry, MF.name)))
        action = graph.value(entry, MF.action)
        for node in Collection(graph, graph.value(action, HT.requests)):
            case.requests.append(_read_request(graph, node, local))
        cases.append(case)
    return cases


def _read_request(graph: Graph, node, case: str) -> Request:
    unknown = set(graph.predicates(node)) - REQUEST_KEYS
    if unknown:
        raise ValueError(f"{case}: a request uses {sorted(unknown)}, which this test does not read")
    path = str(graph.value(node, HT.absolutePath))
    if not path.startswith(MANIFEST_ENDPOINT):
        raise ValueError(f"{case}: the request is not sent to {MANIFEST_ENDPOINT}: {path}")
    headers = {}
    listed = graph.value(node, HT.headers)
    for header in Collection(graph, listed) if listed is not None else ():
        headers[str(graph.value(header, HT.fieldName)).lower()] = \
            str(graph.value(header, HT.fieldValue))
    body = graph.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding.lower())  # UTF-16: with BOM
    resp = graph.value(node, HT.resp)
    unknown = set(graph.predicates(resp)) - RESPONSE_KEYS
    if unknown:
        raise ValueError(f"{case}: a response uses {sorted(unknown)}, which this test does not "
                         "check")
    boolean = graph.value(resp, MF.expectedBoolean)
    expected_format = graph.value(resp, MF.expectedFormat)
    if expected_format is not None and str(expected_format) not in ("boolean", "tabular", "RDF"):
        raise ValueError(f"{case}: unknown mf:expectedFormat {expected_format}")
    return Request(method=str(graph.value(node, HT.methodName)),
                   path=ENDPOINT + path[len(MANIFEST_ENDPOINT):], headers=headers, body=data,
                   statuses={STATUS_CLASSES[s] for s in graph.objects(resp, MF.expectedStatus)},
                   format=str(expected_format) if expected_format is not None else None,
                   boolean=boolean.toPython() if boolean is not None else None,
                   expectation=str(graph.value(resp, MF.expectation) or "") or None)


CASES = read_manifest()


# ------------------------------------------------------------------ sending and checking

@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


def send(url: str, request: Request, *, drop: tuple[str, ...] = ()) -> Answer:
    """Send ``request`` as it is written (its query string and body untouched) to the server at
    ``url``, leaving out the query parameters named in ``drop``."""
    parts = urlsplit(url)
    path = request.path
    if drop:
        target, _, query = path.partition("?")
        kept = [p for p in query.split("&") if p and p.split("=")[0] not in drop]
        path = target + ("?" + "&".join(kept) if kept else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(request.method, path, skip_accept_encoding=True)
        for name, value in request.headers.items():
            connection.putheader(name, value)
        if request.body is not None or request.method in ("POST", "PUT"):
            connection.putheader("Content-Length", str(len(request.body or b"")))
        connection.endheaders(request.body)
        response = connection.getresponse()
        return Answer(response.status, response.getheader("Content-Type", ""), response.read())
    finally:
        connection.close()


def check(answer: Answer, request: Request) -> None:
    """Assert that ``answer`` is what the manifest requires of ``request``."""
    assert answer.status // 100 in request.statuses, (answer.status, answer.body[:300])
    if request.format is None:
        return
    assert answer.status // 100 == 2, (answer.status, answer.body[:300])
    media = answer.content_type.split(";")[0].strip().lower()
    if request.format == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=answer.body, format=RDF_TYPES[media])  # well-formed
        return
    assert media in RESULT_TYPES, media
    if request.format == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
    result = Result.parse(io.BytesIO(answer.body), format=RESULT_TYPES[media])
    if request.format == "boolean":
        assert result.type == "ASK"
        if request.boolean is not None:
            assert result.askAnswer is request.boolean
    else:
        assert result.type == "SELECT"
        assert result.vars  # a table, with its variables


@pytest.fixture(scope="module")
def server():
    with running_server("--workers", "1", "--timeout", "10") as url:
        yield url


@pytest.fixture(scope="module")
def outcomes(request):
    """case -> "pass" or "refused: ..."; printed as the pass list when the module ends."""
    seen: dict[str, str] = {}
    yield seen
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and seen:
        passed = [case for case, outcome in seen.items() if outcome == "pass"]
        reporter.write_line(f"\nW3C SPARQL 1.1 Protocol: {len(passed)} of {len(CASES)} cases "
                            f"pass, {len(seen) - len(passed)} refused by design")
        for case, outcome in seen.items():
            reporter.write_line(f"  {outcome:<28} {case}")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_protocol_case(case: Case, server, outcomes):
    if case.id in PASSING:
        for request in case.requests:
            check(send(server, request), request)
        outcomes[case.id] = "pass"
    elif case.id in REFUSED:
        decision, status, passes_without = REFUSED[case.id]
        check_refused(server, case, decision, status, passes_without)
        outcomes[case.id] = f"refused ({decision})"
    else:
        pytest.fail(f"{case.id} ({case.name}) is in the manifest but neither in PASSING nor in "
                    "REFUSED: run it and list it in one of them (and in docs/serve.md if refused)")


def check_refused(url: str, case: Case, decision: str, status: int, passes_without: bool) -> None:
    """kg refuses the case as documented: a dataset parameter gets ``status`` (and, when the
    case does not depend on the dataset, the request without the parameters passes); an update
    gets ``status`` and changes nothing (the case's follow-up queries find none of its data)."""
    if decision == DATASET:
        for request in case.requests:
            assert any(f"{p}=" in request.path for p in DATASET_PARAMETERS), request.path
            answer = send(url, request)
            assert answer.status == status, (answer.status, answer.body[:300])
            assert b"default-graph-uri" in answer.body  # the one-line reason names the parameter
            if passes_without:
                check(send(url, request, drop=DATASET_PARAMETERS), request)
        return
    assert decision == UPDATE and not passes_without
    assert case.requests[0].is_update
    for request in case.requests:
        answer = send(url, request)
        if request.is_update:
            assert answer.status == status, (answer.status, answer.body[:300])
            assert b"read-only" in answer.body
            continue
        # a query after the refused update: answered, and finding nothing the update would add
        assert answer.status == 200, (answer.status, answer.body[:300])
        media = answer.content_type.split(";")[0].strip()
        result = Result.parse(io.BytesIO(answer.body), format=RESULT_TYPES[media])
        if request.format == "boolean":
            assert result.askAnswer is False
        else:
            assert list(result) == []


def test_every_manifest_case_is_run_or_listed():
    """The pass list and the refusal table together are exactly the manifest's cases."""
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)) == 34  # the manifest's 34 entries (a new copy: recount)
    assert not set(PASSING) & set(REFUSED)
    assert set(ids) == set(PASSING) | set(REFUSED), {
        "not listed": sorted(set(ids) - set(PASSING) - set(REFUSED)),
        "listed, not in the manifest": sorted((set(PASSING) | set(REFUSED)) - set(ids))}


def test_docs_list_the_same_refusals():
    """docs/serve.md's table of refused cases is the test's REFUSED table."""
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+?) \| (\d{3}) \| (yes|no) \|", DOCS.read_text(
        encoding="utf-8"), re.M)
    documented = {case: (decision, int(status), passes == "yes")
                  for case, decision, status, passes in rows}
    assert documented == REFUSED


def test_manifest_requests_are_read_exactly():
    """The reader keeps what the cases send: the UTF-16 body with its BOM, raw query strings,
    absent content types, and follow-up requests."""
    by_id = {case.id: case for case in CASES}
    utf16 = by_id["bad_query_non_utf8"].requests[0]
    assert utf16.body == "ASK {}".encode("utf-16") and len(utf16.body) == 14
    assert utf16.headers == {"content-type": "application/sparql-query; charset=UTF-16"}
    assert by_id["bad_query_missing_form_type"].requests[0].headers == {}
    assert by_id["bad_multiple_queries"].requests[0].path == \
        "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"
    assert [len(by_id[c].requests) for c in ("update_dataset_full", "update_base_uri")] == [2, 2]
    assert by_id["query_post_direct"].requests[0].boolean is True


# ------------------------------------------------------------------ the service description

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
KGO = Namespace("https://w3id.org/kg/ontology#")


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"),
                                         ("application/ld+json", "json-ld")])
def test_service_description_says_what_is_refused(server, accept, fmt):
    """``GET /sparql`` without a query: the sd: description names the refused parameters, the
    refused update language and SERVICE in RDF, defines the kg terms it uses for them, and the
    server does refuse exactly what it says."""
    endpoint = server + "sparql"
    answer = send(server, Request("GET", ENDPOINT, {"accept": accept}, None, {2}))
    assert answer.status == 200 and answer.content_type.startswith(accept)
    graph = Graph().parse(data=answer.body, format=fmt)
    service = URIRef(endpoint)
    assert (service, RDF.type, SD.Service) in graph
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, KGO.refusedLanguage)) == {SD.SPARQL11Update}
    assert set(graph.objects(service, KGO.refusedFeature)) == {SD.BasicFederatedQuery}
    refused = {str(p) for p in graph.objects(service, KGO.refusedParameter)}
    assert refused == set(DATASET_PARAMETERS)
    for term in (KGO.refusedParameter, KGO.refusedLanguage, KGO.refusedFeature):
        assert (term, RDF.type, RDF.Property) in graph
        assert (term, RDFS.domain, SD.Service) in graph
        assert graph.value(term, RDFS.comment) is not None
    comment = str(graph.value(service, RDFS.comment))
    assert "default-graph-uri" in comment and "Update" in comment
    # what the description says is what the server does
    for parameter in refused:
        path = f"{ENDPOINT}?query=ASK%20%7B%7D&{parameter}=http%3A%2F%2Fexample.org%2Fg"
        assert send(server, Request("GET", path, {}, None, {4})).status == 400
    update = Request("POST", ENDPOINT, {"content-type": "application/sparql-update"},
                     b"CLEAR ALL", {4})
    assert send(server, update).status == 403
    service_query = Request("POST", ENDPOINT, {"content-type": "application/sparql-query"},
                            b"SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", {4})
    assert send(server, service_query).status == 403
