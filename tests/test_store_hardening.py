"""No query makes kg send a request anywhere: SERVICE is refused on both stores, by the store
API and by the served endpoint, whatever comment or line-break trick hides it from one parser;
and a remote store is sent no update, however the text is dressed.

A local TCP listener stands in for the target of the forgery: it must see no connection.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

pyoxigraph = pytest.importorskip("pyoxigraph")

from kg.rdfio.sparql import SERVICE_REFUSED  # noqa: E402

ANSWER = ('{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal",'
          '"value":"forged"}}]}}')


class Listener:
    """A loopback port that counts connections (and answers each with a SPARQL result)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            body = ANSWER.encode()
            try:
                conn.settimeout(2)
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                             b"\r\nContent-Length: " + str(len(body)).encode() +
                             b"\r\nConnection: close\r\n\r\n" + body)
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    target = Listener()
    yield target
    target.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def attacks(port: int) -> list[str]:
    """SERVICE to ``port``, hidden from one reader or another, or plain."""
    url = f"http://127.0.0.1:{port}/x"
    service = f"SERVICE <{url}> {{ ?a ?b ?c }}"
    return [
        f"SELECT * WHERE {{ ?s ?p ?o #\r{service}\n}} LIMIT 1",            # CR ends it for Oxigraph
        f"SELECT * WHERE {{ ?s ?p ?o #\r\n{service}\n}} LIMIT 1",          # CRLF
        f"SELECT * WHERE {{ ?s ?p ?o #\u2028{service}\n}} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o #\u2029{service}\n}} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o #\u0085{service}\n}} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o . {service} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o . SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o . service <{url}> {{ ?a ?b ?c }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {service} }} }} LIMIT 1",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {service} }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o {{ SELECT * WHERE {{ {service} }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {service} }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o . BIND(<{url}> AS ?u) SERVICE ?u {{ ?a ?b ?c }} }} LIMIT 1",
        # a '#' inside an IRI or a string starts no comment: what follows is code
        f"SELECT * WHERE {{ ?s ?p <http://x#> . {service} }} LIMIT 1",
        f'SELECT * WHERE {{ ?s ?p ?o FILTER(?o != "#") {service} }} LIMIT 1',
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o != '''#\n''') {service} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o . SERVICE#c\n<{url}>{{?a ?b ?c}} }} LIMIT 1",
        f"SELECT*WHERE{{?s ?p ?o.SERVICE<{url}>{{?a ?b ?c}}}}LIMIT 1",
    ]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The seed project on the memory store and built into an Oxigraph store."""
    from kg.api import KG
    from tests.conftest import oxigraph_seed

    oxigraph = oxigraph_seed(tmp_path_factory.mktemp("hardening"))
    root = oxigraph.project.root
    return {"memory": KG(root, store="memory"), "oxigraph": oxigraph, "root": root}


def refusal(call) -> str:
    """The message ``call`` is refused with (it must be refused)."""
    from kg.errors import KGError

    with pytest.raises(KGError) as caught:
        call()
    return str(caught.value)


def test_the_listener_sees_what_an_unguarded_oxigraph_sends(listener):
    """Control: pyoxigraph itself, unguarded, does connect; so zero below means refused."""
    store = pyoxigraph.Store()
    node = pyoxigraph.NamedNode("http://example.org/a")
    store.add(pyoxigraph.Quad(node, node, node))
    before = listener.connections
    rows = list(store.query(attacks(listener.port)[0]))
    time.sleep(0.1)
    assert listener.connections > before and len(rows) == 1


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_no_store_sends_service_and_the_refusal_tells_no_port(kind, stores, listener):
    kg, before, closed = stores[kind], listener.connections, closed_port()
    for open_text, closed_text in zip(attacks(listener.port), attacks(closed)):
        for text in (open_text, closed_text):
            for call in (lambda t=text: kg.query(t), lambda t=text: kg.store.query(t)):
                message = refusal(call)
                assert "SERVICE is refused" in message or "comment ends" in message, message
        assert refusal(lambda t=open_text: kg.query(t)).replace(str(listener.port), "PORT") == \
            refusal(lambda t=closed_text: kg.query(t)).replace(str(closed), "PORT")
    time.sleep(0.2)
    assert listener.connections == before


@pytest.mark.parametrize("text", [
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "PREFIX service: <http://x#>\nASK { ?s service:a ?o }",
    "PREFIX ex: <http://x#>\nASK { ?s ex:service ?o }",
    'SELECT ("SERVICE <http://127.0.0.1:1/x> { }" AS ?x) WHERE {}',
    "ASK { ?s <http://example.org/SERVICE> ?o }",
    "# SERVICE <http://127.0.0.1:1/x> { ?a ?b ?c }\r\nASK {}",
    "# a comment\nASK { ?s ?p ?o }",
])
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_service_in_names_strings_iris_and_real_comments_is_no_service(kind, text, stores):
    answer = stores[kind].query(text)
    assert answer.type in ("SELECT", "ASK")


def test_an_ambiguous_comment_is_refused_naming_its_line(stores):
    from kg.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match=r"<inline>:2: a comment ends with a line break"):
        stores["oxigraph"].query("ASK {\n?s ?p ?o # x\rFILTER(true) }")


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_the_served_endpoint_refuses_service_without_connecting(kind, stores, listener,
                                                                tmp_path):
    from starlette.testclient import TestClient

    from kg.serve.app import ServeOptions, create_app

    store = "memory" if kind == "memory" else f"oxigraph:{tmp_path / 'store'}"
    app = create_app(stores["root"], ServeOptions(workers=1, timeout=20, store=store))
    before, closed = listener.connections, closed_port()
    with TestClient(app) as client:
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        for open_text, closed_text in zip(attacks(listener.port), attacks(closed)):
            replies = [client.post("/sparql", data={"query": text},
                                   headers={"Accept": "application/sparql-results+json"})
                       for text in (open_text, closed_text)]
            assert [r.status_code for r in replies] in ([403, 403], [400, 400]), \
                [r.text for r in replies]
            assert replies[0].text == replies[1].text
            assert replies[0].text.strip() == SERVICE_REFUSED or "comment ends" in \
                replies[0].text
    time.sleep(0.2)
    assert listener.connections == before


# ------------------------------------------------------------------ remote: no update is sent

def recording_client(sent: list):
    import httpx

    from kg.store.remote import Client

    def answer(request):
        sent.append(request.content.decode())
        return httpx.Response(200, headers={"Content-Type": "application/sparql-results+json"},
                              text='{"head":{},"boolean":true}')

    client = Client()
    client._http = httpx.Client(transport=httpx.MockTransport(answer))
    return client


@pytest.mark.parametrize("text", [
    "PREFIX a: <http://x#>\nINSERT DATA { a:s a:p a:o }",
    "PREFIX a: <http://x#> # a comment\nDELETE WHERE { a:s ?p ?o }",
    "BASE <http://x#>\nLOAD <http://example.org/data.ttl>",
    "PREFIX a: <http://x#>\nCLEAR ALL",
    "SELECT * {} #\rINSERT DATA { <a:s> <a:p> <a:o> }",
    "INSERT INTO GRAPH <urn:g> { <a:s> <a:p> <a:o> }",  # Virtuoso's syntax: rdflib parses none
    "PREFIX a: <http://x#>\nWITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/x> {{ ?a ?b ?c }} }}",
])
def test_remote_sends_no_update_and_no_service(text):
    from kg.store import remote

    sent: list = []
    client = recording_client(sent)
    message = refusal(lambda: remote.query("http://remote.example/sparql", text, client=client))
    assert "read-only" in message or "SERVICE is refused" in message or \
        "comment ends" in message, message
    assert sent == []


def test_remote_sends_a_query_whose_prefix_iri_holds_a_hash():
    from kg.store import remote

    sent: list = []
    answer = remote.query("http://remote.example/sparql",
                          "PREFIX a: <http://x#>\nASK { a:s ?p ?o }", client=recording_client(sent))
    assert answer.askAnswer is True and len(sent) == 1 and "ASK" in sent[0]
