"""The shapes compiled to SPARQL (kg.check.compiled) give exactly pySHACL's violations."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.check.compiled import compile_shapes, validate_compiled
from kg.check.shacl import validate_graph
from tests.test_check_shacl import BREAKS, PREFIXES, load_shapes, small  # noqa: F401
from tests.conftest import ROOT

BASE = "https://w3id.org/kg/resource/"
KGF = "https://w3id.org/kg/resource/figure/"
KGE = "https://w3id.org/kg/resource/entity/"

#: more ways to break the small graph, one per component the shapes use (with BREAKS: each
#: node shape's own break)
MUTATIONS = {
    # a blank node: the lines are loaded as parsed (Oxigraph's loader renames blank nodes)
    "a competitor without a name (blank node)":
        "INSERT DATA { kge:sensetime kgo:competesWith [ a kgo:Person ] }",
    "second English label (uniqueLang)": 'INSERT DATA { kge:xu-li rdfs:label "Lee Xu"@en }',
    "second preferred label (uniqueLang)":
        'INSERT DATA { kge:sensetime skos:prefLabel "Sense Time"@en }',
    "no id (minCount)": "DELETE WHERE { kge:xu-li dcterms:identifier ?i }",
    "second id (maxCount)": 'INSERT DATA { kge:xu-li dcterms:identifier "xu-li-2" }',
    "id not a slug (pattern)": 'DELETE { kge:xu-li dcterms:identifier ?i } INSERT { '
                               'kge:xu-li dcterms:identifier "Xu Li" } WHERE { '
                               'kge:xu-li dcterms:identifier ?i }',
    "id with a language (datatype)": 'DELETE { kge:xu-li dcterms:identifier ?i } INSERT { '
                                     'kge:xu-li dcterms:identifier "xu-li"@en } WHERE { '
                                     'kge:xu-li dcterms:identifier ?i }',
    "alias without a tag (langString)": 'INSERT DATA { kge:xu-li skos:altLabel "XL" }',
    "offset as xsd:integer (derived datatype)": """
        DELETE { ?p oa:start ?s } INSERT { ?p oa:start ?t } WHERE {
            ?p a oa:TextPositionSelector ; oa:start ?s . BIND(xsd:integer(STR(?s)) AS ?t) }""",
    "figure value as a string (decimal)": """
        DELETE { kgf:revenue-2024-h1 kgo:value ?v } INSERT { kgf:revenue-2024-h1 kgo:value "x" }
        WHERE { kgf:revenue-2024-h1 kgo:value ?v }""",
    "sentence start after end (lessThan)": """
        DELETE { ?s kgo:start ?a } INSERT { ?s kgo:start "100000"^^xsd:nonNegativeInteger }
        WHERE { ?s a kgo:Sentence ; kgo:start ?a }""",
    "range minimum above maximum (lessThanOrEquals)": """
        INSERT { ?f kgo:minValue 9.0 ; kgo:maxValue 1.0 } WHERE {
            ?f a kgo:Figure ; kgo:value ?v } """,
    "unknown property on a figure (closed)": 'INSERT DATA { kgf:revenue-2024-h1 kgo:note "x" }',
    "unknown property on a change (closed)": """
        INSERT { ?c rdfs:label "a change" } WHERE { ?c a kgo:Change }""",
    "multiplier not listed (in)": "INSERT { ?f kgo:multiplier 7.0 } WHERE { ?f a kgo:Figure }",
    "unit not listed (in, IRIs)": "INSERT { ?f kgo:unit kgo:Furlong } WHERE { ?f a kgo:Figure }",
    "mention motivated otherwise (hasValue)": """
        DELETE { ?m oa:motivatedBy ?x } INSERT { ?m oa:motivatedBy oa:describing } WHERE {
            ?m a kgo:Mention ; oa:motivatedBy ?x }""",
    "statement subject a literal (nodeKind)": """
        DELETE { ?st kgo:statementSubject ?s } INSERT { ?st kgo:statementSubject "Xu Li" }
        WHERE { ?st a kgo:Statement ; kgo:statementSubject ?s }""",
    "statement with object and value (xone)": """
        INSERT { ?st kgo:statementValue "x" } WHERE { ?st a kgo:Statement ;
            kgo:statementObject ?o }""",
    "relation not in the ontology (or)": """
        DELETE { ?st kgo:statementRelation ?p } INSERT { ?st kgo:statementRelation kgo:nothing }
        WHERE { ?st a kgo:Statement ; kgo:statementRelation ?p }""",
    "figure with no value (or, node shape)": """
        DELETE { kgf:revenue-2024-h1 kgo:value ?v ; kgo:change ?c ; kgo:minValue ?a ;
                 kgo:maxValue ?b } WHERE { kgf:revenue-2024-h1 kgo:value ?v
            OPTIONAL { kgf:revenue-2024-h1 kgo:change ?c } OPTIONAL {
            kgf:revenue-2024-h1 kgo:minValue ?a } OPTIONAL { kgf:revenue-2024-h1 kgo:maxValue ?b } }""",
    "empty quote (minLength)": """
        DELETE { ?q oa:exact ?e } INSERT { ?q oa:exact "" } WHERE {
            ?q a oa:TextQuoteSelector ; oa:exact ?e }""",
    "wrong class of value (class with subclasses)":
        "INSERT DATA { kge:sensetime kgo:partnersWith kge:xu-li }",
    "normalized value off (SPARQL constraint)": """
        DELETE { ?f kgo:normalizedValue ?n } INSERT { ?f kgo:normalizedValue 1.5 } WHERE {
            ?f a kgo:Figure ; kgo:normalizedValue ?n }""",
    "normalized value written 17.40 (lexical forms kept)": """
        DELETE { ?f kgo:normalizedValue ?n } INSERT { ?f kgo:normalizedValue 17.40 } WHERE {
            ?f a kgo:Figure ; kgo:normalizedValue ?n }""",
    "company competes with itself (SPARQL, ?value)":
        "INSERT DATA { kge:sensetime kgo:competesWith kge:sensetime }",
    "labels missing in two languages (SPARQL message template)": """
        DELETE { kge:sensetime rdfs:label ?l } WHERE { kge:sensetime rdfs:label ?l
            FILTER(LANG(?l) != "en") }""",
    "driver pointing at a person (targetSubjectsOf)": """
        INSERT { ?s kgo:costDrivenBy kge:xu-li } WHERE { ?s kgo:statementSubject ?x } """,
    "second owner of a segment (inversePath maxCount)": """
        INSERT { kge:alibaba-cloud kgo:hasSegment ?seg } WHERE {
            kge:sensetime kgo:hasSegment ?seg }""",
    "source with two languages (pattern, maxCount)": """
        INSERT { ?s dcterms:language "not a language" } WHERE { ?s a kgo:Source }""",
}

#: (mutation, focus nodes): validated for these nodes only, as adding one article does
FOCUSED = {
    "focus on the broken node": ("second English label (uniqueLang)", [KGE + "xu-li"]),
    "focus elsewhere": ("second English label (uniqueLang)", [KGE + "sensetime"]),
    "focus on a figure": ("unknown property on a figure (closed)", [KGF + "revenue-2024-h1"]),
    "focus on a company": ("company competes with itself (SPARQL, ?value)",
                           [KGE + "sensetime", KGE + "xu-li"]),
    "empty focus list": ("second id (maxCount)", []),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(sorted((ROOT / "ontology").glob("shapes*.ttl")), str)


def mutated(small: Graph, update: str) -> Graph:  # noqa: F811
    out = Graph()
    for triple in small:
        out.add(triple)
    out.update(PREFIXES + update)
    return out


def results(report) -> set[tuple]:
    return {(v.focus, v.path, v.value, v.shape, v.message, v.severity)
            for v in report.violations}


def compare(graph: Graph, shapes: Graph, focus=None) -> set[tuple]:
    expected = validate_graph(graph, Graph(), shapes, base=BASE, focus=focus)
    got = validate_compiled(graph, shapes, "test-shapes", base=BASE, focus=focus)
    assert got is not None, "the project's shapes are all compiled"
    assert results(got) == results(expected), (
        f"pySHACL only: {sorted(results(expected) - results(got))}\n"
        f"compiled only: {sorted(results(got) - results(expected))}")
    assert got.conforms == expected.conforms
    return results(expected)


def test_the_seed_gives_the_same_verdict(built, shapes):
    assert compare(built.union(), shapes) == set()


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_shape_break_gives_the_same_violations(small, shapes, name):  # noqa: F811
    assert compare(mutated(small, BREAKS[name]), shapes), "the break is reported"


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_component_break_gives_the_same_violations(small, shapes, name):  # noqa: F811
    assert compare(mutated(small, MUTATIONS[name]), shapes), "the mutation is reported"


@pytest.mark.parametrize("name", sorted(FOCUSED))
def test_focus_restriction_gives_the_same_violations(small, shapes, name):  # noqa: F811
    mutation, focus = FOCUSED[name]
    found = compare(mutated(small, MUTATIONS[mutation]), shapes, focus=focus or None)
    if name == "focus elsewhere":
        assert all("xu-li" not in v[0] for v in found)


def test_an_ill_typed_literal_falls_back_to_pyshacl(small, shapes):  # noqa: F811
    # rdflib and Oxigraph compare an ill-typed number differently: pySHACL's verdict holds
    broken = mutated(small, """
        DELETE { ?p oa:end ?e } INSERT { ?p oa:end "ten"^^xsd:nonNegativeInteger } WHERE {
            ?p a oa:TextPositionSelector ; oa:end ?e } """)
    assert validate_compiled(broken, shapes, "test-shapes") is None
    assert validate_compiled(small, shapes, "test-shapes") is not None


def test_the_report_graph_is_a_shacl_report(small, shapes):  # noqa: F811
    from rdflib.namespace import RDF, SH

    got = validate_compiled(mutated(small, BREAKS["CompanyShape"]), shapes, "test-shapes",
                            base=BASE)
    parsed = Graph().parse(data=got.turtle(), format="turtle")
    (node,) = parsed.subjects(RDF.type, SH.ValidationReport)
    assert parsed.value(node, SH.conforms).toPython() is False
    (result,) = parsed.objects(node, SH.result)
    assert parsed.value(result, SH.focusNode) == URIRef(KGE + "sensetime")
    assert str(parsed.value(result, SH.resultMessage)) == \
        "hasSegment must point at a kgo:BusinessSegment"


UNSUPPORTED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kgo: <https://w3id.org/kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:LabelIsNameShape> a sh:NodeShape ; sh:targetClass kgo:Person ;
    sh:property [ sh:path rdfs:label ; sh:equals <urn:x:name> ;
                  sh:message "the label equals the name" ] .
"""


def test_a_shape_not_compiled_falls_back_to_pyshacl_whole(small, project_copy):  # noqa: F811
    from kg.check.compiled import Unsupported
    from kg.check.shacl import validate_lines
    from kg.inputs.project import Project

    own = Graph().parse(data=UNSUPPORTED, format="turtle")
    with pytest.raises(Unsupported):
        compile_shapes(own)
    assert validate_compiled(small, own, "own-shapes") is None
    (project_copy / "ontology" / "shapes-own.ttl").write_text(UNSUPPORTED, encoding="utf-8")
    lines = [line for line in small.serialize(format="nt").splitlines() if line.strip()]
    report = validate_lines(lines, Graph(), Project.open(project_copy))
    messages = {v.message for v in report.violations}
    assert "the label equals the name" in messages  # pySHACL ran: sh:equals was checked
    assert len(report.shapes) == 2


def test_adding_lines_validates_without_pyshacl(small, project_copy, monkeypatch):  # noqa: F811
    import pyshacl

    from kg.check.shacl import validate_lines
    from kg.inputs.project import Project

    def refuse(*args, **kwargs):
        raise AssertionError("pySHACL ran")

    monkeypatch.setattr(pyshacl, "validate", refuse)
    broken = mutated(small, BREAKS["CompanyShape"])
    lines = [line for line in broken.serialize(format="nt").splitlines() if line.strip()]
    report = validate_lines(lines, Graph(), Project.open(project_copy),
                            focus=[KGE + "sensetime"])
    assert [v.shape for v in report.violations] == ["kgsh:CompanyShape"]


def test_each_targets_group_is_found_once_and_gives_what_each_check_finds(small, shapes,  # noqa: F811
                                                                            monkeypatch):
    """The focus nodes of a shape are found once per validation (``_target_graphs``), not in
    each of its checks' queries; the violations are those of the checks selecting them
    themselves, with and without a focus list, literal targets included."""
    from kg.check import compiled as module

    checks = compile_shapes(shapes)
    groups = {(c.group, tuple(sorted(c.prefixes.items()))) for c in checks}
    assert all(c.group for c in checks) and len(groups) < len(checks) / 3
    ran: list[int] = []
    real = module._target_graphs

    def counted(store, checks, values, functions):
        out = real(store, checks, values, functions)
        ran.append(len(out))
        return out

    for name in ("statement subject a literal (nodeKind)", "no id (minCount)",
                 "unknown property on a figure (closed)", "relation not in the ontology (or)"):
        graph = mutated(small, MUTATIONS[name])
        focus = sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef)})[::2]
        for nodes in (None, focus):
            monkeypatch.setattr(module, "_target_graphs", counted)
            shared = validate_compiled(graph, shapes, "test-shapes", base=BASE, focus=nodes)
            monkeypatch.setattr(module, "_target_graphs", lambda *args: {})
            each = validate_compiled(graph, shapes, "test-shapes", base=BASE, focus=nodes)
            assert results(shared) == results(each) and shared.conforms == each.conforms
            if nodes is None:
                assert results(shared), name  # the break is found
    assert ran and all(n == len(groups) for n in ran)


def _lines(graph: Graph) -> list[str]:
    return [line for line in graph.serialize(format="nt").splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_lines_read_by_oxigraph_give_the_violations_of_their_rdflib_graph(small, shapes,  # noqa: F811
                                                                          name):
    """N-Triples lines loaded into the checks' store without an rdflib graph (``LinesData``,
    how a store validates what it is about to write) give the results of their graph."""
    from kg.check.compiled import LinesData

    broken = mutated(small, MUTATIONS[name])
    want = validate_compiled(broken, shapes, "test-shapes", base=BASE)
    got = validate_compiled(LinesData(_lines(broken), Graph()), shapes, "test-shapes",
                            base=BASE)
    assert want is not None and got is not None
    assert not got.conforms
    assert results(got) == results(want)


def test_lines_whose_terms_oxigraph_would_not_give_back_are_not_checked_there(small, shapes):  # noqa: F811
    """A language tag written in two cases (Oxigraph keeps one) or an ill-typed value: the
    compiled check declines (pySHACL decides), as it does for such a graph."""
    from kg.check.compiled import LinesData

    lines = _lines(small)
    data = LinesData(lines, Graph())
    assert validate_compiled(data, shapes, "test-shapes").conforms
    assert data._graph is None  # conforming lines: no rdflib graph of them was made
    tagged = next(line for line in lines if line.endswith('"@zh-Hant .'))
    twice = lines + [tagged.replace("@zh-Hant .", "@zh-hant .").replace('"', '"x', 1)]
    assert validate_compiled(LinesData(twice, Graph()), shapes, "test-shapes") is None
    ill = lines + [f'<{KGE}xu-li> <urn:x:n> "many"^^<http://www.w3.org/2001/XMLSchema#integer> .']
    assert validate_compiled(LinesData(ill, Graph()), shapes, "test-shapes") is None


def test_lines_oxigraph_declines_are_checked_compiled_from_their_graph(small, project_copy,  # noqa: F811
                                                                      monkeypatch):
    import pyshacl

    from kg.check.shacl import validate_lines
    from kg.inputs.project import Project

    def refuse(*args, **kwargs):
        raise AssertionError("pySHACL ran")

    monkeypatch.setattr(pyshacl, "validate", refuse)
    lines = sorted(_lines(small))  # one line whatever the hash seed
    tagged = next(line for line in lines if line.endswith('"@zh-Hant .'))
    # the same label with its tag in another case: a line Oxigraph would not give back as
    # written, in data that conforms
    recased = [tagged.replace("@zh-Hant .", "@zh-hant .") if line == tagged else line
               for line in lines]
    import pyoxigraph as ox

    from kg.check.compiled import LinesData, Unsupported

    with pytest.raises(Unsupported):  # the lines Oxigraph declines...
        LinesData(recased, Graph()).load(ox.Store(), {}, {})
    assert validate_lines(recased, Graph(), Project.open(project_copy)).conforms  # ...checked


@pytest.mark.parametrize("name", ["OrganizationShape", "CompanyShape", "MediaOutletShape"])
def test_a_large_store_s_lines_are_checked_compiled_with_the_whole_graph_s_results(
        small, shapes, project_copy, monkeypatch, name):  # noqa: F811
    """Lines past ``SMALL_VALIDATION`` (a cold build into a store) are checked as a few are:
    Oxigraph reads them, no rdflib parse of them nor validation processes; the violations
    are those of their whole rdflib graph, so the build fails with the same message."""
    from kg.check import shacl
    from kg.inputs.project import Project

    broken = mutated(small, BREAKS[name])
    # articles' worth of triples no shape targets: past the size validated in processes
    filler = [f'<urn:x:doc-{i}> <urn:x:says> "第{i}条 news {i}"@zh-Hans .'
              for i in range(shacl.SMALL_VALIDATION)]
    want = validate_compiled(broken, shapes, "test-shapes", base=BASE)

    def refuse(*args, **kwargs):
        raise AssertionError("the lines were parsed into rdflib or sent to processes")

    parse = Graph.parse

    def parse_no_lines(self, *args, **kwargs):
        if kwargs.get("format") == "nt":
            refuse()
        return parse(self, *args, **kwargs)

    monkeypatch.setattr(shacl, "start_validation", refuse)
    monkeypatch.setattr(Graph, "parse", parse_no_lines)
    got = shacl.validate_lines(filler + _lines(broken), Graph(), Project.open(project_copy))
    assert not got.conforms and want is not None
    assert {(v.focus, v.shape, v.message) for v in got.violations} == \
        {(v.focus, v.shape, v.message) for v in want.violations}
