"""kg query on an Oxigraph store writes its answers from light terms (no rdflib), and writes
exactly what the rdflib path writes for the same answer, in every result format."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, oxigraph_seed
from kg.cli import cli
from kg.rdfio.results import RESULT_FORMATS, Answer, format_result, write_select
from kg.rdfio.terms import Iri, Lit, rdflib_lexical
from kg.vocab import all_prefixes

pytest.importorskip("pyoxigraph")

BASE = "https://w3id.org/kg/resource/"
#: values whose writing differs between kinds of term and between lexical forms: formula
#: starts, escapes, datatypes rdflib normalises (double, float, dateTime, time), tags, IRIs,
#: blank nodes and an unbound variable
TRICKY = """SELECT ?v ?w WHERE {
  VALUES (?v ?w) { ("=1+2" 1.50) ("-x" 2e3) ("a\\tb" "2024-01-01T00:00:00.5Z"^^xsd:dateTime)
    ("line\\nbreak" "12:30:00Z"^^xsd:time) ("q\\"uote" "3.0"^^xsd:float) ("x"@en-US true)
    (<http://e.x/=a> "2024-01-01"^^xsd:date) ("01"^^xsd:integer "2024"^^xsd:gYear)
    ("-0.0"^^xsd:decimal "NaN"^^xsd:double) ("@home" UNDEF) (UNDEF "P1Y"^^xsd:duration)
    ("abc"^^xsd:integer "+5"^^xsd:int) ("" "x"^^<http://e.x/type>) }
}"""


@pytest.fixture(scope="module")
def oxi(tmp_path_factory):
    return oxigraph_seed(tmp_path_factory.mktemp("oxi"))


def _queries(kg) -> list[str]:
    names = sorted(p.stem for p in kg.project.queries_dir.glob("*.rq"))
    return [*names, TRICKY, "SELECT ?b WHERE { ?s ?p ?o . BIND(BNODE('x') AS ?b) } LIMIT 2",
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 400",
            "ASK { ?s ?p ?o }", "ASK { kge:no-such-entity ?p ?o }"]


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_light_answers_are_written_as_the_rdflib_ones(oxi, fmt):
    from kg.inputs.queries import resolve

    prefixes = all_prefixes(oxi.project.base)
    rows = 0
    for spec in _queries(oxi):
        label, text = resolve(spec, oxi.project.queries_dir)
        light = oxi.store.answer(text, prefixes, label=label)
        assert isinstance(light, Answer)
        rows += len(light)
        through_rdflib = oxi.store.query(text, prefixes, label=label)
        assert format_result(light, fmt, base=BASE) == \
            format_result(through_rdflib, fmt, base=BASE), (spec, fmt)
    assert rows > 400  # the queries answered something to compare


def test_tricky_values_reach_the_output(oxi):
    table = format_result(oxi.store.answer(TRICKY, all_prefixes(BASE)), "json")
    values = [b["w"]["value"] for b in json.loads(table)["results"]["bindings"] if "w" in b]
    # rdflib's lexical forms, as kg query wrote them before answers were read without rdflib
    assert values[:4] == ["1.5", "2000.0", "2024-01-01T00:00:00.500000+00:00", "12:30:00+00:00"]
    csv = format_result(oxi.store.answer(TRICKY, all_prefixes(BASE)), "csv")
    assert "'=1+2" in csv and "'-x" in csv and "'@home" in csv


def test_xml_and_bindings_of_light_terms(oxi):
    from rdflib import URIRef

    text = "SELECT ?e ?name WHERE { ?e rdfs:label ?name . FILTER(lang(?name) = 'en') }"
    prefixes = all_prefixes(BASE)
    light = oxi.store.answer(text, prefixes, bindings={"e": Iri(BASE + "entity/sensetime")})
    rdflib_bound = oxi.store.query(text, prefixes, bindings={"e": URIRef(BASE + "entity/sensetime")})
    assert [str(r[1]) for r in light] == [str(r[1]) for r in rdflib_bound] == ["SenseTime"]
    assert write_select(light, "xml") == write_select(rdflib_bound, "xml")


@pytest.mark.parametrize(("value", "datatype"), [
    ("0", "integer"), ("-17", "integer"), ("1234567890123456789", "integer"),
    ("1.5", "decimal"), ("-0.10", "decimal"), ("34", "decimal"), ("0", "decimal"),
    ("true", "boolean"), ("false", "boolean"), ("2024-02-29", "date"), ("2023-02-30", "date"),
    ("1999", "gYear"),
])
def test_forms_kept_without_rdflib_are_the_ones_rdflib_keeps(value, datatype):
    from rdflib import Literal, URIRef

    xsd = "http://www.w3.org/2001/XMLSchema#" + datatype
    assert rdflib_lexical(value, xsd) == value == str(Literal(value, datatype=URIRef(xsd)))


def test_other_forms_are_rdflibs():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert rdflib_lexical("2000", xsd + "double") == "2000.0"
    assert rdflib_lexical("01", xsd + "integer") == "1"
    assert rdflib_lexical("1.0E-7", xsd + "double") == "1e-07"


def test_the_command_writes_the_light_answer(oxi):
    args = ["query", "competitors", "-p", str(oxi.project.root), "--store", oxi.store.spec]
    for fmt in RESULT_FORMATS:
        out = CliRunner().invoke(cli, [*args, "-f", fmt], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert out.stdout_bytes.decode() == format_result(oxi.query("competitors"), fmt, base=oxi.project.base)
        assert "Alibaba Cloud" in out.output


def _modules_after_query(args: list[str], cwd) -> list[str]:
    probe = ("import sys, json\nfrom kg.cli import main\n"
             f"sys.argv = ['kg', *{args!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(sorted(m for m in ('rdflib', 'click') if m in sys.modules)), "
             "file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=cwd,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert "Alibaba Cloud" in out.stdout or "true" in out.stdout, out.stderr
    return json.loads(out.stderr.strip().splitlines()[-1])


def test_a_cold_query_on_oxigraph_imports_no_rdflib(oxi):
    oxi.ensure_built()
    root = str(oxi.project.root)
    for fmt in RESULT_FORMATS:  # the quick form of kg query (kg.cli.quick): no click either
        assert _modules_after_query(["query", "competitors", "-p", root, "-f", fmt,
                                     "--store", oxi.store.spec], root) == []
    assert _modules_after_query(["query", "ASK { ?s ?p ?o }", "-p", root,
                                 "--store", oxi.store.spec], root) == ["click"]


def test_light_terms_keep_their_kind_through_pickle():
    import pickle

    term = Lit("34", "http://www.w3.org/2001/XMLSchema#decimal")
    back = pickle.loads(pickle.dumps(term))
    assert (str(back), back.datatype, back.language, type(back)) == \
        ("34", term.datatype, None, Lit)
