"""The client matrix (issue 17): the clients people point at a SPARQL endpoint get, from a real
``kg serve``, the same answers as ``kg query`` for every canned query.

For every ``queries/*.rq`` (listed by :func:`kg.inputs.queries.canned_queries`): SPARQLWrapper
asking for JSON, XML, CSV and TSV, rdflib's ``SPARQLStore`` with ``returnFormat`` json and xml,
and Apache Jena's ``rsparql`` get the rows ``kg query --format json`` gives, compared as multisets
of rows of RDF terms.  A CONSTRUCT and a DESCRIBE are in the matrix too (SPARQLWrapper asking for
Turtle, SPARQLStore in both formats, rsparql), compared with ``kg query --format ntriples`` as
graphs.  Each answer is read as its format defines it: JSON, XML and TSV keep every term
exactly (lexical forms, datatypes, language tags; TSV may write integers, decimals, doubles and
booleans bare), CSV keeps only each term's text, so only for CSV are the expected rows reduced
the same way.  Blank nodes match blank nodes (labels are local to an answer); language tags
compare in lower case (RDF 1.1: their value space is lower case); a simple literal is an
``xsd:string`` one.  One server serves the whole module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
import rdflib.namespace as ns

from kg.cli import cli
from kg.inputs.project import Project
from kg.inputs.queries import canned_queries
from kg.serve.pages import prefixed_query
from tests.conftest import ROOT
from tests.jena import jena_command
from tests.serving import running_server

pytest.importorskip("SPARQLWrapper")

CANNED = canned_queries(ROOT / "queries")
#: graph queries added to the matrix (no canned query is a CONSTRUCT or a DESCRIBE); the
#: CONSTRUCT makes a blank node per figure (one label language: blank nodes that could be
#: swapped for one another would make the graph comparison search every permutation)
GRAPH_QUERIES = {
    "construct-figures": "CONSTRUCT { ?figure kgo:value ?value ; rdfs:label ?label ; "
                         "kgo:note [ rdf:value ?metric ] } WHERE { ?figure a kgo:Figure ; "
                         "kgo:value ?value ; kgo:metric/rdfs:label ?metric . "
                         "FILTER(lang(?metric) = \"en\") OPTIONAL { ?figure rdfs:label ?label "
                         "FILTER(lang(?label) = \"en\") } }",
    "describe-sensetime": "DESCRIBE kge:sensetime",
}
ROW_CLIENTS = ("sparqlwrapper-json", "sparqlwrapper-xml", "sparqlwrapper-csv",
               "sparqlwrapper-tsv", "sparqlstore-json", "sparqlstore-xml", "rsparql")
GRAPH_CLIENTS = ("sparqlwrapper-turtle", "sparqlstore-json", "sparqlstore-xml", "rsparql")
BASE = Project.open(ROOT).base
BNODE_TERM = ("bnode",)


def query_text(name: str) -> str:
    """The query as a client sends it: with PREFIX lines for the kg prefixes it uses."""
    text = CANNED[name].text if name in CANNED else GRAPH_QUERIES[name]
    return prefixed_query(text, BASE)


# ------------------------------------------------------------------ RDF terms, as formats say

def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> tuple:
    """A literal as compared: its lexical form as written, its datatype (xsd:string for a
    simple literal, rdf:langString with a language) and its language tag in lower case."""
    if lang:
        return ("literal", lexical, str(ns.RDF.langString), lang.lower())
    return ("literal", lexical, str(datatype or ns.XSD.string), None)


def json_term(value: dict) -> tuple:
    """A term of SPARQL 1.1 Query Results JSON."""
    kind = value["type"]
    if kind == "uri":
        return ("iri", value["value"])
    if kind == "bnode":
        return BNODE_TERM
    assert kind in ("literal", "typed-literal"), value
    return literal(value["value"], value.get("datatype"), value.get("xml:lang"))


def json_rows(document: dict) -> tuple[list[str], Counter]:
    names = document["head"]["vars"]
    rows = Counter(tuple(json_term(b[v]) if v in b else None for v in names)
                   for b in document["results"]["bindings"])
    return names, rows


def xml_rows(document) -> tuple[list[str], Counter]:
    """Rows of SPARQL Query Results XML, from the DOM SPARQLWrapper gives."""
    names = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    rows = Counter()
    for result in document.getElementsByTagName("result"):
        row = {}
        for binding in result.getElementsByTagName("binding"):
            node = next(c for c in binding.childNodes if c.nodeType == c.ELEMENT_NODE)
            text = "".join(t.data for t in node.childNodes
                           if t.nodeType in (t.TEXT_NODE, t.CDATA_SECTION_NODE))
            tag = node.localName
            if tag == "uri":
                row[binding.getAttribute("name")] = ("iri", text)
            elif tag == "bnode":
                row[binding.getAttribute("name")] = BNODE_TERM
            else:
                assert tag == "literal", tag
                row[binding.getAttribute("name")] = literal(
                    text, node.getAttribute("datatype") or None,
                    node.getAttribute("xml:lang") or None)
        rows[tuple(row.get(v) for v in names)] += 1
    return names, rows


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_BARE = ((re.compile(r"[+-]?\d+\Z"), ns.XSD.integer),
         (re.compile(r"[+-]?\d*\.\d+\Z"), ns.XSD.decimal),
         (re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+\Z"), ns.XSD.double),
         (re.compile(r"(true|false)\Z"), ns.XSD.boolean))


def _unescape(text: str) -> str:
    def one(match: re.Match) -> str:
        if match.group(3) is not None:
            assert match.group(3) in _ECHAR, f"not a Turtle escape: \\{match.group(3)}"
            return _ECHAR[match.group(3)]
        return chr(int(match.group(1) or match.group(2), 16))
    return _ESCAPE.sub(one, text)


def tsv_term(cell: str) -> tuple | None:
    """A term of SPARQL 1.1 Query Results TSV: Turtle syntax, empty when unbound."""
    if cell == "":
        return None
    if cell.startswith("<") and cell.endswith(">"):
        return ("iri", _unescape(cell[1:-1]))
    if cell.startswith("_:"):
        return BNODE_TERM
    for pattern, datatype in _BARE:
        if pattern.match(cell):
            return literal(cell, datatype)
    match = re.fullmatch(r"""(["'])((?:(?!\1)[^\\]|\\.)*)\1(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)"""
                         r"""|\^\^<([^>]*)>)?""", cell, re.S)
    assert match, f"not a TSV term: {cell!r}"
    return literal(_unescape(match.group(2)), match.group(4) and _unescape(match.group(4)),
                   match.group(3))


def tsv_rows(data: bytes) -> tuple[list[str], Counter]:
    lines = data.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    names = [name.removeprefix("?") for name in lines[0].split("\t")]
    rows = Counter()
    for line in lines[1:]:
        cells = line.removesuffix("\r").split("\t")
        assert len(cells) == len(names), line
        rows[tuple(tsv_term(cell) for cell in cells)] += 1
    return names, rows


def csv_rows(data: bytes) -> tuple[list[str], Counter]:
    table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    names = table[0]
    return names, Counter(tuple("_:" if cell.startswith("_:") else cell for cell in row)
                          for row in table[1:])


def as_csv(rows: Counter) -> Counter:
    """Rows reduced to what CSV keeps: an IRI's text, a literal's lexical form, ``_:`` for a
    blank node, empty for unbound."""
    def text(term):
        if term is None:
            return ""
        return {"iri": lambda: term[1], "literal": lambda: term[1],
                "bnode": lambda: "_:"}[term[0]]()
    return Counter({tuple(text(t) for t in row): n for row, n in rows.items()})


def rdflib_term(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return BNODE_TERM
    assert isinstance(term, Literal), term
    return literal(str(term), term.datatype, term.language)


def reorder(names: list[str], rows: Counter, expected: list[str]) -> Counter:
    """``rows`` with their columns in the order of ``expected`` (same variables)."""
    assert sorted(names) == sorted(expected), (names, expected)
    index = [names.index(name) for name in expected]
    return Counter({tuple(row[i] for i in index): n for row, n in rows.items()})


# ------------------------------------------------------------------ the clients

def sparqlwrapper(endpoint: str, text: str, fmt: str):
    from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV,
                            "turtle": TURTLE}[fmt])
    return client.query().convert()


def sparqlstore(endpoint: str, text: str, fmt: str):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat=fmt)
    return Graph(store=store).query(text)


def client_rows(endpoint: str, client: str, name: str, rsparql_out: dict) -> tuple:
    """(variables, rows) one client gets for a SELECT."""
    text = query_text(name)
    kind, _, fmt = client.partition("-")
    if kind == "sparqlwrapper":
        answer = sparqlwrapper(endpoint, text, fmt)
        return {"json": lambda: json_rows(answer), "xml": lambda: xml_rows(answer),
                "csv": lambda: csv_rows(answer), "tsv": lambda: tsv_rows(answer)}[fmt]()
    if kind == "sparqlstore":
        result = sparqlstore(endpoint, text, fmt)
        names = [str(v) for v in result.vars]
        return names, Counter(tuple(rdflib_term(row[v]) for v in names) for row in result)
    return json_rows(json.loads(rsparql_out[name]))


def client_graph(endpoint: str, client: str, name: str, rsparql_out: dict) -> Graph:
    text = query_text(name)
    kind, _, fmt = client.partition("-")
    if kind == "sparqlwrapper":
        return Graph().parse(data=sparqlwrapper(endpoint, text, fmt), format="turtle")
    if kind == "sparqlstore":
        result = sparqlstore(endpoint, text, fmt)
        assert result.type in ("CONSTRUCT", "DESCRIBE")
        graph = Graph()
        for triple in result.graph:
            graph.add(triple)
        return graph
    return Graph().parse(data=rsparql_out[name], format="turtle")


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def endpoint():
    with running_server("--workers", "2", "--timeout", "30") as url:
        yield url + "sparql"


@pytest.fixture(scope="module")
def expected():
    """name -> what ``kg query`` answers: (variables, rows) for SELECT, a Graph otherwise."""
    out = {}
    runner = CliRunner()
    for name in list(CANNED) + list(GRAPH_QUERIES):
        graph = name in GRAPH_QUERIES
        spec = GRAPH_QUERIES[name] if graph else name
        result = runner.invoke(cli, ["query", spec, "--format", "ntriples" if graph else "json",
                                     "-p", str(ROOT)])
        assert result.exit_code == 0, result.output
        out[name] = (Graph().parse(data=result.output, format="nt") if graph
                     else json_rows(json.loads(result.output)))
    return out


@pytest.fixture(scope="module")
def rsparql_out(endpoint, tmp_path_factory):
    """name -> what Jena's rsparql printed (SELECT: results JSON; graphs: Turtle), the JVMs
    run a few at a time."""
    workdir = tmp_path_factory.mktemp("jena")
    command = jena_command("arq.rsparql", workdir)

    def run(name: str) -> tuple[str, str]:
        path = workdir / f"{name}.rq"
        path.write_text(query_text(name), encoding="utf-8")
        fmt = "--results=json" if name in CANNED else "--results=ttl"
        done = subprocess.run(command + ["--service", endpoint, "--query", str(path), fmt],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{name}: {done.stderr[-2000:]}"
        return name, done.stdout

    with ThreadPoolExecutor(3) as pool:
        return dict(pool.map(run, list(CANNED) + list(GRAPH_QUERIES)))


def test_every_canned_query_is_in_the_matrix_and_answers_rows(expected):
    assert sorted(CANNED) == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert len(CANNED) >= 9
    for name in CANNED:
        names, rows = expected[name]
        assert names and sum(rows.values()) > 0, name  # a matrix of empty answers proves nothing
    for name in GRAPH_QUERIES:
        assert len(expected[name]) > 5, name
    bnodes = [o for o in expected["construct-figures"].objects() if isinstance(o, BNode)]
    assert bnodes  # the CONSTRUCT does make blank nodes


@pytest.mark.parametrize("client", ROW_CLIENTS)
@pytest.mark.parametrize("name", sorted(CANNED))
def test_client_gets_the_rows_of_kg_query(endpoint, expected, client, name, request):
    rsparql = request.getfixturevalue("rsparql_out") if client == "rsparql" else {}
    names, rows = client_rows(endpoint, client, name, rsparql)
    want_names, want_rows = expected[name]
    if client.endswith("-csv"):
        assert names == want_names
        assert rows == as_csv(want_rows)
        return
    assert reorder(names, rows, want_names) == want_rows


@pytest.mark.parametrize("client", GRAPH_CLIENTS)
@pytest.mark.parametrize("name", sorted(GRAPH_QUERIES))
def test_client_gets_the_graph_of_kg_query(endpoint, expected, client, name, request):
    rsparql = request.getfixturevalue("rsparql_out") if client == "rsparql" else {}
    graph = client_graph(endpoint, client, name, rsparql)
    assert len(graph) == len(expected[name])
    assert isomorphic(graph, expected[name])


def test_tsv_and_xml_readers_read_the_formats_exactly():
    """The matrix's own readers: TSV escapes, bare numbers and tags; XML language tags."""
    from xml.dom.minidom import parseString

    names, rows = tsv_rows(b'?a\t?b\t?c\n"x\\ty\\n\\u00e9"@ZH-Hant\t12\t<http://e/\\u00e9>\n'
                           b'1.50\t\t"2"^^<http://www.w3.org/2001/XMLSchema#integer>\n')
    assert names == ["a", "b", "c"]
    assert rows == Counter({
        (literal("x\ty\né", lang="zh-hant"), literal("12", ns.XSD.integer), ("iri", "http://e/é")): 1,
        (literal("1.50", ns.XSD.decimal), None, literal("2", ns.XSD.integer)): 1})
    document = parseString(
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/>'
        '<variable name="y"/></head><results><result><binding name="x"><literal xml:lang="en">'
        'a &amp; b</literal></binding></result><result><binding name="y"><bnode>b0</bnode>'
        '</binding></result></results></sparql>')
    assert xml_rows(document) == (["x", "y"], Counter({(literal("a & b", lang="en"), None): 1,
                                                      (None, BNODE_TERM): 1}))
    assert as_csv(Counter({(literal("1.50", ns.XSD.decimal), BNODE_TERM, None): 2})) == \
        Counter({("1.50", "_:", ""): 2})
