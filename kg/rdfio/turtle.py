"""A fast, canonical Turtle writer for graphs without blank nodes.

rdflib's Turtle serializer spends most of its time choosing prefixes term by term and grows
faster than linearly; kg's data graphs have no blank nodes, so a plain writer suffices: subjects,
predicates and objects sorted, prefixed names where the local part allows it, literals always
quoted with their language or datatype. Same graph, same bytes.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.rdfio.terms import escape

_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_iri_char(match: re.Match) -> str:
    return "\\u%04X" % ord(match.group())


def has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)


class _Names:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so kge: wins over kgr: for entity IRIs
        self.prefixes = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self.cache: dict[str, str] = {}
        self.used: set[str] = set()

    def iri(self, term: URIRef) -> str:
        text = str(term)
        name = self.cache.get(text)
        if name is None:
            name = "<" + _IRI_UNSAFE.sub(_escape_iri_char, text) + ">"
            for prefix, namespace in self.prefixes:
                if text.startswith(namespace) and _LOCAL.match(text[len(namespace):]):
                    name = f"{prefix}:{text[len(namespace):]}"
                    break
            self.cache[text] = name
        if not name.startswith("<"):
            self.used.add(name.split(":", 1)[0])
        return name

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, Literal):
            body = escape(str(term), controls=True)
            if term.language:
                return f'"{body}"@{term.language}'
            if term.datatype and term.datatype != XSD.string:
                return f'"{body}"^^{self.iri(term.datatype)}'
            return f'"{body}"'
        raise ValueError(f"blank node {term!r}: use rdflib's serializer for graphs with them")


def _key(term) -> tuple:
    if isinstance(term, Literal):
        return (1, str(term), term.language or "", str(term.datatype or ""))
    return (0, str(term), "", "")


def write_turtle(graph: Graph, prefixes: dict[str, str]) -> str:
    """Turtle text of ``graph`` (no blank nodes), with ``prefixes`` declared where used.

    Args:
        graph: an rdflib graph without blank nodes.
        prefixes: prefix -> namespace IRI.
    """
    names = _Names(prefixes)
    subjects: dict = {}
    for s, p, o in graph:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    blocks = []
    for subject in sorted(subjects, key=_key):
        predicates = subjects[subject]
        order = sorted(predicates, key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for predicate in order:
            verb = "a" if predicate == RDF.type else names.iri(predicate)
            objects = ",\n        ".join(names.term(o) for o in sorted(predicates[predicate],
                                                                        key=_key))
            lines.append(f"{verb} {objects}")
        blocks.append(f"{names.term(subject)} " + " ;\n    ".join(lines) + " .\n")
    head = "".join(f"@prefix {prefix}: <{namespace}> .\n"
                   for prefix, namespace in sorted(prefixes.items()) if prefix in names.used)
    return head + "\n" + "\n".join(blocks)
