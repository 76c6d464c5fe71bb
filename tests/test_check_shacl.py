"""SHACL shapes: the seed conforms, and each shape has a broken graph that it alone reports."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH, Namespace

from kg.check.shacl import load_shapes, validate_graph
from kg.vocab import KGO, OA, PROV
from tests.conftest import ROOT

KGSH = Namespace("https://w3id.org/kg/shapes#")
PREFIXES = """
PREFIX kgo: <https://w3id.org/kg/ontology#>
PREFIX kge: <https://w3id.org/kg/resource/entity/>
PREFIX kgs: <https://w3id.org/kg/resource/statement/>
PREFIX kgf: <https://w3id.org/kg/resource/figure/>
PREFIX kgr: <https://w3id.org/kg/resource/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

#: shape -> SPARQL Update that breaks the seed graph in a way only that shape reports.
BREAKS = {
    "EntityShape": 'DELETE { kge:xu-li rdfs:label ?l } WHERE { kge:xu-li rdfs:label ?l '
                   'FILTER(lang(?l) = "en") }',
    "RelationDomainShape": "INSERT DATA { kge:xu-li kgo:competesWith kge:sensetime }",
    "OrganizationShape": "INSERT DATA { kge:sensetime kgo:competesWith kge:xu-li }",
    "OrganizationalUnitShape": "INSERT DATA { kge:scg kgo:unitOf kge:xu-li }",
    "CompanyShape": "INSERT DATA { kge:sensetime kgo:hasSegment kge:xu-li }",
    "OrganizationGroupShape": "DELETE DATA { kge:sensetime kgo:hasUnit kge:scg } ; "
                              "INSERT DATA { kge:cloud-vendors kgo:hasUnit kge:scg }",
    "BusinessGroupShape": "INSERT DATA { kge:alibaba-cloud kgo:hasUnit kge:scg }",
    "DepartmentShape": "INSERT DATA { kge:alibaba-cloud kgo:hasUnit kge:research-institute }",
    "MediaOutletShape": "INSERT DATA { kge:xu-li dcterms:publisher kge:caixin }",
    "BusinessSegmentShape": """INSERT { kge:alibaba-cloud kgo:hasSegment ?seg } WHERE {
        kge:sensetime kgo:hasSegment ?seg } """,
    "PersonShape": "INSERT DATA { kge:xu-li kgo:holdsPost kge:sensetime }",
    "PostShape": "INSERT DATA { kge:post-ceo kgo:postIn kge:alibaba-cloud }",
    "AnonymousSourceShape": "DELETE WHERE { ?st kgo:claimedBy kge:interviewee }",
    "ProductShape": "INSERT DATA { kge:xu-li-product a kgo:Product ; "
                    'rdfs:label "x"@zh-Hant, "x"@zh-Hans, "x"@en ; '
                    'skos:prefLabel "x"@zh-Hant, "x"@zh-Hans, "x"@en ; '
                    'dcterms:identifier "xu-li-product" }',
    "PlatformShape": """INSERT { kge:alibaba-cloud kgo:offers ?p } WHERE {
        ?p a kgo:Platform } """,
    "StrategyShape": "INSERT { ?s kgo:hasComponent kge:xu-li } WHERE { ?s a kgo:Strategy }",
    "StrategyComponentShape": """INSERT { ?c kgo:drives kge:xu-li } WHERE {
        ?c a kgo:StrategyComponent } """,
    "EventShape": 'INSERT DATA { kge:layoff-2024 kgo:startDate "2024-10"^^xsd:string }',
    "LayoffShape": "INSERT DATA { kge:layoff-2024 kgo:affects kge:xu-li }",
    "RestructuringShape": "INSERT { ?r kgo:establishes kge:xu-li } WHERE { ?r a kgo:Restructuring }",
    "AnniversaryShape": 'INSERT { ?a kgo:startDate "2024-01-01T00:00:00"^^xsd:dateTime ; '
                        'kgo:datePrecision "year" } WHERE { ?a a kgo:Anniversary }',
    "NewsCoverageShape": "DELETE WHERE { kge:layoff-2024-news kgo:newsAbout ?e }",
    "RecruitmentShape": "DELETE WHERE { kge:sensetime-campus-recruitment kgo:carriedOutBy ?o }",
    "InternalLetterShape": "INSERT { ?l kgo:writtenBy kge:sensetime } WHERE { ?l a kgo:InternalLetter }",
    "MetricShape": "DELETE WHERE { kgf:iag-headcount kgo:metric ?m } ;"
                   "INSERT DATA { kgf:iag-headcount kgo:metric kge:operating-loss }",
    "FigureShape": """DELETE { kgf:revenue-2024-h1 kgo:value ?v } INSERT {
        kgf:revenue-2024-h1 kgo:value "17.4" } WHERE { kgf:revenue-2024-h1 kgo:value ?v }""",
    "ChangeShape": """INSERT { ?c kgo:direction kgo:Decrease } WHERE {
        kgf:revenue-2024-h1 kgo:change ?c }""",
    "PeriodShape": 'DELETE WHERE { ?p kgo:periodKind "half-year" }',
    "InstantShape": "DELETE { ?i time:inXSDDateTime ?d } WHERE { ?i a time:Instant ; "
                    "time:inXSDDateTime ?d . FILTER(STRENDS(STR(?i), \"/2018/end\")) }",
    "UnitShape": 'INSERT DATA { kgo:USD kgo:unitSymbol "US$" }',
    "DirectionShape": "DELETE DATA { kgo:Narrowing skos:inScheme kgo:Directions }",
    "QualifierShape": "DELETE DATA { kgo:UpTo skos:inScheme kgo:Qualifiers }",
    "BasisShape": "DELETE DATA { kgo:YearOnYear skos:inScheme kgo:Bases }",
    "StatementShape": "DELETE DATA { kge:xu-li kgo:holdsPost kge:post-ceo }",
    "AnnotationShape": """DELETE { ?q oa:exact ?e } INSERT { ?q oa:exact "商湯董事會執行主席兼首席執行官徐力" }
        WHERE { kgs:xu-li-holds-ceo kgo:hasEvidence/oa:hasTarget/oa:hasSelector ?q .
                ?q oa:exact ?e }""",
    "MentionShape": """DELETE { ?q oa:exact ?e } INSERT { ?q oa:exact "徐力" } WHERE {
        ?m a kgo:Mention ; kgo:mentionOf kge:xu-li ; oa:hasTarget/oa:hasSelector ?q .
        ?q oa:exact ?e }""",
    "SpecificResourceShape": """DELETE { ?t oa:hasSelector ?q } WHERE {
        kgs:xu-li-holds-ceo kgo:hasEvidence/oa:hasTarget ?t . ?t oa:hasSelector ?q .
        ?q a oa:TextQuoteSelector }""",
    "TextQuoteSelectorShape": """DELETE { ?q oa:suffix ?s } INSERT {
        ?q oa:suffix "a suffix longer than sixteen characters" } WHERE {
        kgs:xu-li-holds-ceo kgo:hasEvidence/oa:hasTarget/oa:hasSelector ?q . ?q oa:suffix ?s }""",
    "TextPositionSelectorShape": """DELETE { ?p oa:start ?s ; oa:end ?e }
        INSERT { ?p oa:start "999999"^^xsd:nonNegativeInteger ;
                    oa:end "1000000"^^xsd:nonNegativeInteger }
        WHERE { kgs:xu-li-holds-ceo kgo:hasEvidence/oa:hasTarget/oa:hasSelector ?p .
                ?p a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e }""",
    "SourceShape": 'INSERT { ?s dcterms:language "zh Hant" } WHERE { ?s a kgo:Source }',
    "SentenceShape": "DELETE { ?s kgo:sentenceOf ?src } WHERE { "
                     "kgs:xu-li-holds-ceo kgo:hasEvidence/kgo:inSentence ?s . ?s kgo:sentenceOf ?src }",
    "AuditEntityShape": 'DELETE WHERE { kge:market-compute-services dcterms:identifier ?i }',
    "SourceDocumentShape": "DELETE WHERE { kge:sensetime-announcement kgo:issuedBy ?o }",
    "StatementQualificationShape": "INSERT DATA { kgs:revenue-2024-h1 kgo:statedIn kge:xu-li }",
    "DriverShape": "INSERT DATA { kge:segment-generative-ai kgo:revenueDrivenBy kge:xu-li }",
    "DegreeShape": "DELETE DATA { kgo:Mainly skos:inScheme kgo:Degrees }",
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(sorted((ROOT / "ontology").glob("shapes*.ttl")), str)


@pytest.fixture(scope="module")
def small(built) -> Graph:
    """The seed's data and ontology, with the evidence of most relations left out (the plain
    triples stay): figures and claimed statements keep theirs. Small, so each test is fast."""
    g = built.graph
    anonymous = set(g.subjects(RDF.type, KGO.AnonymousSource))
    claimed, keep = set(), set()
    for st in sorted(g.subjects(RDF.type, KGO.Statement)):
        claimant = g.value(st, KGO.claimedBy)
        if (st, KGO.statementRelation, KGO.hasFigure) in g or str(st).endswith("/xu-li-holds-ceo") or (
                claimant in anonymous and claimant not in claimed):
            keep.add(st)
            claimed.add(claimant)
    keep |= {why for st in keep for why in g.objects(st, KGO.explainedBy)}  # their reasons
    drop = set()
    for st in set(g.subjects(RDF.type, KGO.Statement)) - keep:
        prefix = str(st)
        drop |= {s for s in g.subjects() if str(s) == prefix or str(s).startswith(prefix + "/")}
    used = {g.value(ev, KGO.inSentence) for st in keep for ev in g.objects(st, KGO.hasEvidence)}
    drop |= set(g.subjects(RDF.type, KGO.Sentence)) - used
    for mention in set(g.subjects(RDF.type, KGO.Mention)):
        if g.value(mention, KGO.inSentence) not in used:
            prefix = str(mention)
            drop |= {mention} | {URIRef(prefix + part) for part in ("/target", "/position",
                                                                     "/quote")}
    out = Graph()
    for triple in built.ontology:
        out.add(triple)
    for triple in g:
        if triple[0] not in drop:
            out.add(triple)
    return out


def break_graph(small: Graph, *shapes: str) -> Graph:
    """A copy of ``small`` with the BREAKS of ``shapes`` applied."""
    broken = Graph()
    for triple in small:
        broken.add(triple)
    for shape in shapes:
        broken.update(PREFIXES + BREAKS[shape])
    return broken


def reporting_shapes(report) -> set[str]:
    return {v.shape.removeprefix("kgsh:") for v in report.violations}


def test_the_seed_conforms(built, shapes):
    report = validate_graph(built.graph, built.ontology, shapes)
    assert report.conforms, report.text()
    assert report.violations == []


def test_the_small_graph_conforms(small, shapes):
    report = validate_graph(small, Graph(), shapes)
    assert report.conforms, report.text()


def test_every_shape_has_a_negative_test(shapes):
    node_shapes = {str(s).removeprefix(str(KGSH)) for s in shapes.subjects(RDF.type, SH.NodeShape)
                   if isinstance(s, URIRef)}
    assert node_shapes == set(BREAKS)
    classes = {str(c) for c in shapes.objects(None, SH.targetClass)}
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    from rdflib.namespace import OWL

    own = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KGO))}
    assert own <= classes, f"classes without a shape: {sorted(own - classes)}"


@pytest.mark.parametrize("shape", sorted(BREAKS))
def test_only_this_shape_reports_the_broken_graph(small, shapes, shape):
    before = len(small)
    broken = break_graph(small, shape)
    assert len(broken) != before or "DELETE" in BREAKS[shape] and "INSERT" in BREAKS[shape]
    report = validate_graph(broken, Graph(), shapes)
    assert not report.conforms
    assert reporting_shapes(report) == {shape}, report.text()


def test_report_names_label_path_value_and_message(small, shapes):
    broken = break_graph(small, "CompanyShape")
    report = validate_graph(broken, Graph(), shapes, base="https://w3id.org/kg/resource/")
    (violation,) = report.violations
    assert violation.line() == ("SenseTime (kge:sensetime) kgo:hasSegment = kge:xu-li: "
                                "hasSegment must point at a kgo:BusinessSegment "
                                "[kgsh:CompanyShape]")
    assert report.text().splitlines()[0] == \
        "does not conform to no shapes: 1 violation(s)" or "1 violation(s)" in report.text()


def test_competes_with_only_between_organisations(small, shapes):
    broken = break_graph(small, "RelationDomainShape")
    report = validate_graph(broken, Graph(), shapes, base="https://w3id.org/kg/resource/")
    (violation,) = report.violations
    assert (violation.label, violation.path, violation.value) == ("Xu Li", "kgo:competesWith",
                                                                  "kge:sensetime")
    assert "org:Organization" in violation.message or "Organization" in violation.message


def test_the_quote_check_catches_one_wrong_character(small, shapes):
    broken = break_graph(small, "AnnotationShape")
    report = validate_graph(broken, Graph(), shapes, base="https://w3id.org/kg/resource/")
    (violation,) = report.violations
    assert violation.focus == "kgs:xu-li-holds-ceo/evidence" or "xu-li-holds-ceo" in violation.focus
    assert "徐力" in violation.message


def test_report_graph_is_shacl(small, shapes):
    broken = break_graph(small, "FigureShape")
    report = validate_graph(broken, Graph(), shapes)
    parsed = Graph().parse(data=report.turtle(), format="turtle")
    (node,) = parsed.subjects(RDF.type, SH.ValidationReport)
    assert parsed.value(node, SH.conforms).toPython() is False
    (result,) = parsed.objects(node, SH.result)
    assert parsed.value(result, SH.resultPath) == KGO.value
    assert str(parsed.value(result, SH.focusNode)).endswith("figure/revenue-2024-h1")


def test_claims_by_organisations_are_by_agents(built):
    """The alignment org:Organization ⊑ prov:Agent lets organisations make claims."""
    from rdflib.namespace import RDFS

    from kg.vocab import ORG

    assert (ORG.Organization, RDFS.subClassOf, PROV.Agent) in built.ontology
    assert (ORG.OrganizationalUnit, RDFS.subClassOf, ORG.Organization) in built.ontology
    claimants = set(built.graph.objects(None, KGO.claimedBy))
    assert URIRef("https://w3id.org/kg/resource/entity/caixin") in claimants
    assert OA.Annotation  # the evidence vocabulary is the Web Annotation one


@pytest.mark.parametrize("shape", sorted(name for name in BREAKS if name in {
    "EntityShape", "RelationDomainShape", "FigureShape", "PeriodShape", "StatementShape",
    "AnnotationShape", "MentionShape", "TextPositionSelectorShape", "CompanyShape"}))
def test_sparql_constraints_run_once_per_graph_with_the_same_results(small, shapes, shape,
                                                                      monkeypatch):
    """kg.check.shacl.violator_targets turns per-node SPARQL constraints into SPARQL targets:
    the same violations, with and without it."""
    import kg.check.shacl

    runnable, split = kg.check.shacl.violator_targets(shapes)
    origins = {shape for shapes_of_part in split.values() for shape in shapes_of_part}
    assert KGSH[shape] in origins
    assert not set(runnable.subjects(SH.sparql, None)) & origins
    broken = break_graph(small, shape)
    fast = validate_graph(broken, Graph(), shapes)
    monkeypatch.setattr(kg.check.shacl, "violator_targets", lambda graph: (graph, {}))
    slow = validate_graph(broken, Graph(), shapes)
    assert fast.violations == slow.violations and fast.violations


def test_constraints_that_cannot_be_joined_stay_per_node():
    from kg.check.shacl import violator_targets

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:sparql [ sh:select "SELECT $this (COUNT(?x) AS ?n) WHERE { $this ex:p ?x } GROUP BY $this" ] ,
                      [ sh:select "SELECT $this WHERE { $this ex:p ?x . FILTER(?x > 1) }" ] .
        """, format="turtle")
    runnable, split = violator_targets(shapes)
    assert list(split.values()) == [(URIRef("urn:ex:S"),)]
    (part,) = split
    (target,) = runnable.objects(part, SH.target)
    select = str(runnable.value(target, SH.select))
    assert select.startswith("SELECT DISTINCT ?this WHERE {")
    assert "<urn:ex:C>" in select and "FILTER(?x > 1)" in select
    assert len(list(runnable.objects(URIRef("urn:ex:S"), SH.sparql))) == 1  # the aggregate


def test_a_shared_constraint_reports_once_per_shape_that_targets_the_node():
    """Two shapes share one SPARQL constraint (one query after splitting); a node both target
    gets a result from each, as without splitting."""
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:noLabel a sh:SPARQLConstraint ; sh:message "no label" ;
            sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:ex:label> ?l } }" .
        ex:A a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql ex:noLabel .
        ex:B a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:sparql ex:noLabel .
        """, format="turtle")
    data = Graph().parse(data="""
        @prefix ex: <urn:ex:> .
        ex:both a ex:C ; ex:p 1 .  ex:onlyA a ex:C .  ex:onlyB ex:p 2 .
        ex:fine a ex:C ; ex:p 3 ; ex:label "x" .
        """, format="turtle")
    report = validate_graph(data, Graph(), shapes)
    got = sorted((v.focus, v.shape) for v in report.violations)
    assert got == [("<urn:ex:both>", "<urn:ex:A>"), ("<urn:ex:both>", "<urn:ex:B>"),
                   ("<urn:ex:onlyA>", "<urn:ex:A>"), ("<urn:ex:onlyB>", "<urn:ex:B>")]
    from kg.check.shacl import violator_targets

    assert len(violator_targets(shapes)[1]) == 1


def test_validation_in_shares_reports_what_one_validation_reports(small, shapes):
    """kg build validates in parallel processes, each with a share of the shapes
    (kg.check.shacl.share_of); merged, their reports are the single validation's."""
    from kg.check.shacl import _top_shapes, merge_reports, share_of, violator_targets

    runnable, split = violator_targets(shapes)
    shares = [share_of(runnable, small, i, 3, split=split) for i in range(3)]
    assert all(shares) and set.union(*shares) == set(_top_shapes(runnable))
    assert sum(len(share) for share in shares) == len(_top_shapes(runnable))
    broken = break_graph(small, "AnnotationShape", "EntityShape", "CompanyShape",
                         "SpecificResourceShape", "StatementQualificationShape", "DriverShape")
    whole = validate_graph(broken, Graph(), shapes)
    parts = [validate_graph(broken, Graph(), shapes, share=(i, 3)) for i in range(3)]
    merged = merge_reports(parts)
    assert merged.violations == whole.violations and not merged.conforms
    assert len(list(merged.graph.objects(None, SH.result))) == len(whole.violations)
    assert sum(1 for part in parts if part.violations) >= 2  # the breaks fall in several shares


def test_a_subsidiary_is_a_formal_organisation(small, shapes):
    """hasSubsidiary joins organisations to companies; a unit (not a legal entity) is refused
    with the property shape's message, a company accepted."""
    fine = Graph()
    for triple in small:
        fine.add(triple)
    sensetime = URIRef("https://w3id.org/kg/resource/entity/sensetime")
    company = next(c for c in small.subjects(RDF.type, KGO.Company) if c != sensetime)
    fine.update(PREFIXES + f"INSERT DATA {{ kge:sensetime kgo:hasSubsidiary <{company}> }}")
    report = validate_graph(fine, Graph(), shapes, base="https://w3id.org/kg/resource/")
    assert report.conforms, report.text()
    unit = next(small.objects(sensetime, KGO.hasUnit))
    fine.update(PREFIXES + f"INSERT DATA {{ kge:sensetime kgo:hasSubsidiary <{unit}> }}")
    report = validate_graph(fine, Graph(), shapes, base="https://w3id.org/kg/resource/")
    (violation,) = report.violations
    assert (violation.path, violation.message) == (
        "kgo:hasSubsidiary", "hasSubsidiary must point at a company or other formal organisation")
