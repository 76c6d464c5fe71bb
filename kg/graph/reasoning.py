"""OWL 2 RL reasoning: the entailments of the asserted graph, kept in a graph of their own."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import bind_prefixes

#: Entailments that say nothing about the data and are left out of the inferred graph.
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def infer(data: Graph, ontology: Graph, *, base: str) -> Graph:
    """Materialise the OWL 2 RL closure of ``data`` with ``ontology`` and return only what is
    new about the instance data.

    The asserted graph is not changed. The result holds the triples whose subject is an
    instance resource (its IRI starts with ``base``) that the closure adds, without the
    trivial ones (``owl:sameAs`` a node with itself, types ``owl:Thing`` / ``rdfs:Resource``) and
    the types that are anonymous classes (blank nodes), so that its export is the same on every
    build.
    Data, ontology and the result together are the closure a query with ``--inferred`` sees.

    Args:
        data: the asserted instance graph.
        ontology: the ontology graph.
        base: the project's instance base IRI.
    """
    import owlrl

    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    for triple in data:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    inferred = bind_prefixes(Graph(), base)
    for s, p, o in closure:
        if not (isinstance(s, URIRef) and str(s).startswith(base)):
            continue
        if (s, p, o) in data or (p == OWL.sameAs and s == o):
            continue
        if p == RDF.type and (o in _TRIVIAL_TYPES or isinstance(o, BNode)):
            # a blank-node type is an anonymous class of the ontology (an owl:unionOf range):
            # the inferred graph does not define it, and its label changes on every build
            continue
        inferred.add((s, p, o))
    return inferred
