"""Every namespace kg uses, bound once here; the languages of labels and their fallback.

Importing this module does not import rdflib (``kg --help`` stays fast): the namespaces as
rdflib ``Namespace`` objects (``KGO``, ``ORG``, ``OA``, ``SCHEMA`` and rdflib's own ``RDF``,
``RDFS``, ...) are made on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's flag without importing typing (3 ms of a cold command)
if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

_KG_NAMESPACES = {"KGO": "https://w3id.org/kg/ontology#", "ORG": "http://www.w3.org/ns/org#",
                  "OA": "http://www.w3.org/ns/oa#", "SCHEMA": "https://schema.org/"}
_RDFLIB_NAMESPACES = ("DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD")

DEFAULT_BASE = "https://w3id.org/kg/resource/"

#: The languages of every label: as written (Traditional Chinese), Simplified, English.
LANGS: tuple[str, ...] = ("zh-Hant", "zh-Hans", "en")
#: The language labels and words are shown in unless one is asked for: the graph view, the
#: report (exports/report.html and kg report) and the commands' --lang all start from it.
DEFAULT_LANG: str = LANGS[0]
#: After the language asked for, labels fall back in this order, then to the id.
LABEL_FALLBACK: tuple[str, ...] = ("zh-Hant", "en", "zh-Hans")


def label_order(lang: str) -> tuple[str, ...]:
    """The languages to try, in order, for a label shown in ``lang``."""
    return (lang,) + tuple(tag for tag in LABEL_FALLBACK if tag != lang)

#: prefix -> namespace, in the order they are bound and predeclared in queries.
PREFIXES: dict[str, str] = {
    "kgo": _KG_NAMESPACES["KGO"],
    "org": _KG_NAMESPACES["ORG"],
    "prov": "http://www.w3.org/ns/prov#",
    "oa": _KG_NAMESPACES["OA"],
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": _KG_NAMESPACES["SCHEMA"],
    "time": "http://www.w3.org/2006/time#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def __getattr__(name: str):
    """The rdflib ``Namespace`` objects, made on first use."""
    if name in _KG_NAMESPACES:
        from rdflib import Namespace

        value = globals()[name] = Namespace(_KG_NAMESPACES[name])
        return value
    if name in _RDFLIB_NAMESPACES:
        import rdflib.namespace

        value = globals()[name] = getattr(rdflib.namespace, name)
        return value
    raise AttributeError(f"module 'kg.vocab' has no attribute {name!r}")


#: prefixes for the instance data, relative to the project's base IRI.
BASE_PREFIXES: dict[str, str] = {"kgr": "", "kge": "entity/", "kgs": "statement/",
                                 "kgf": "figure/"}


def all_prefixes(base: str | None = None) -> dict[str, str]:
    """PREFIXES plus ``kgr:`` (the base), ``kge:`` (entities), ``kgs:`` (statements) and
    ``kgf:`` (figures) for the instance base ``base``."""
    out = dict(PREFIXES)
    if base:
        out.update({prefix: base + path for prefix, path in BASE_PREFIXES.items()})
    return out


def bind_prefixes(graph: "Graph", base: str | None = None) -> "Graph":
    """Bind kg's prefixes (and those of the instance base, when given) on ``graph``."""
    for prefix, iri in all_prefixes(base).items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph

__all__ = ["LANGS", "DEFAULT_LANG", "LABEL_FALLBACK", "label_order", "PREFIXES", "BASE_PREFIXES",
           "DEFAULT_BASE",
           "all_prefixes", "bind_prefixes", *_KG_NAMESPACES, *_RDFLIB_NAMESPACES]
