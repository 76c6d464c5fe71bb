"""The fact vocabulary: what a figure in a fact file may say, and the words its labels use.

Units, qualifiers, directions and comparison bases are the ontology's individuals
(``kgo:Unit``, ``kgo:Qualifier``, ``kgo:Direction``, ``kgo:Basis``; a statement's degree,
``kgo:Degree``) with their labels in three languages: adding one to ``ontology/*.ttl`` is enough for fact files to accept it. A fact file
writes a unit by its ``kgo:unitSymbol`` (``元``) and the others by their local name in lower
case with hyphens (``kgo:MoreThan`` -> ``more-than``). Multipliers and period forms are not
in the ontology: they are stated here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.vocab import KGO, LANGS

#: Multipliers as written -> factor.
MULTIPLIERS: dict[str, Decimal] = {
    "萬": Decimal(10) ** 4, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3,
    "百萬": Decimal(10) ** 6, "百万": Decimal(10) ** 6, "千萬": Decimal(10) ** 7,
    "千万": Decimal(10) ** 7, "億": Decimal(10) ** 8, "亿": Decimal(10) ** 8,
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
}
#: ``period:`` / ``since:``: a year, a half-year, a calendar quarter, a month, or a fiscal year
#: as the source names it (``FY2024``: no fixed months, since companies end their fiscal years
#: in different months), or, when the source says when it ends, the fiscal year ending in that
#: month (``FY2024-03``: April 2023 to March 2024; named by the year it ends in).
PERIOD_RE = re.compile(r"^(?:(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?|"
                       r"FY(\d{4})(?:-(0[1-9]|1[0-2]))?)\Z")
PERIOD_FORMS = ("'YYYY', 'YYYY-H1', 'YYYY-H2', 'YYYY-Q1' to 'YYYY-Q4', 'YYYY-MM', 'FYYYYY' "
                "(fiscal year) or 'FYYYYY-MM' (fiscal year ending in month MM)")
#: ``as_of:``: a month or a day, for a stock measured at a moment.
ASOF_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\Z")
ASOF_FORMS = "'YYYY-MM' or 'YYYY-MM-DD'"
#: ``kgo:periodKind`` of each form.
PERIOD_KINDS = ("year", "half-year", "quarter", "month", "fiscal-year", "as-of")

# English figure labels say these shorter words ("about 34 billion CNY, up 21% year on year");
# an individual not named here is said by its English label
_ENGLISH_WORDS = {"Approximately": "about", "MoreThan": "over", "Increase": "up",
                  "Decrease": "down", "Narrowing": "narrowed", "Percent": "%", "GPUCard": "GPUs",
                  "CNY": "CNY", "USD": "USD", "HKD": "HKD", "TWD": "TWD",
                  "EUR": "EUR", "JPY": "JPY", "GBP": "GBP", "PersonCount": "people"}
_SCHEMES = {"units": KGO.Unit, "qualifiers": KGO.Qualifier, "directions": KGO.Direction,
            "bases": KGO.Basis, "degrees": KGO.Degree}


@dataclass(frozen=True)
class Term:
    """One individual of the vocabulary."""

    name: str  # its local name in kgo:, e.g. "MoreThan"
    written: str  # as a fact file writes it: "more-than"; a unit's symbol: "張卡"
    labels: dict[str, str] = field(compare=False)  # rdfs:label by language

    @property
    def iri(self) -> URIRef:
        return KGO[self.name]

    def word(self, lang: str) -> str:
        """The word figure labels in ``lang`` use: the label, or a shorter English word."""
        if lang == "en" and self.name in _ENGLISH_WORDS:
            return _ENGLISH_WORDS[self.name]
        return self.labels.get(lang) or self.labels.get("en") or self.written


@dataclass(frozen=True)
class Vocabulary:
    """The units, qualifiers, directions and bases a project's ontology defines, each by the
    form fact files write (sorted, so error messages list them in a stable order)."""

    units: dict[str, Term]
    qualifiers: dict[str, Term]
    directions: dict[str, Term]
    bases: dict[str, Term]
    #: the hedges of statements (kgo:Degree: essentially, mainly), not of numbers
    degrees: dict[str, Term] = field(default_factory=dict)

    def term(self, name: str) -> Term:
        """The individual with local name ``name`` (as a Figure holds it)."""
        for table in (self.units, self.qualifiers, self.directions, self.bases):
            for term in table.values():
                if term.name == name:
                    return term
        raise KeyError(name)


def written_form(name: str) -> str:
    """A local name as fact files write it: ``MoreThan`` -> ``more-than``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def vocabulary_of(graph: Graph) -> Vocabulary:
    """The fact vocabulary an ontology graph states."""
    ns = str(KGO)
    tables: dict[str, dict[str, Term]] = {}
    for key, cls in _SCHEMES.items():
        table = {}
        for node in graph.subjects(RDF.type, cls):
            if not isinstance(node, URIRef) or not str(node).startswith(ns):
                continue
            name = str(node)[len(ns):]
            labels = {lit.language: str(lit) for lit in graph.objects(node, RDFS.label)
                      if isinstance(lit, Literal) and lit.language in LANGS}
            if key == "units":
                symbol = graph.value(node, KGO.unitSymbol)
                if symbol is None:  # a unit without a symbol cannot be written in a fact file
                    continue
                written = str(symbol)
            else:
                written = written_form(name)
            table[written] = Term(name, written, labels)
        tables[key] = dict(sorted(table.items()))
    return Vocabulary(**tables)


def allowed(table: dict[str, Term]) -> str:
    """The forms of ``table`` for an error message."""
    return ", ".join(table) or "none: the ontology defines no such individuals"
