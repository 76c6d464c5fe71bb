"""The project's ontology: loading it and knowing its classes and relations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import InputError
from kg.inputs.vocabulary import Vocabulary, vocabulary_of
from kg.vocab import KGO, bind_prefixes


@dataclass
class Ontology:
    """The ontology graph with the kgo: classes, relations and fact vocabulary (units,
    qualifiers, directions, bases) fact files may use."""

    graph: Graph
    classes: frozenset[str]
    relations: frozenset[str]
    vocabulary: Vocabulary

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and everything it is a subclass of, transitively."""
        return set(self.graph.transitive_objects(cls, RDFS.subClassOf))


def parse_turtle_files(files: list[Path], label_of, graph: Graph, *, max_bytes: int) -> Graph:
    """Parse Turtle ``files`` into ``graph``; a file that does not parse is an InputError naming
    it (and the line, when the parser tells)."""
    from kg.inputs.yamlfile import read_text

    for path in files:
        where = label_of(path)
        text = read_text(path, where, max_bytes=max_bytes)
        try:
            graph.parse(data=text, format="turtle", publicID=path.as_uri())
        except Exception as exc:  # rdflib raises several parser exception types
            line, message = turtle_error(exc)
            raise InputError(f"does not parse as Turtle: {message}; fix the Turtle syntax"
                             + (f" near line {line}" if line else ""), path=where,
                             line=line) from None
    return graph


def load_ontology(files: list[Path], label_of, *, cache: str | None = None) -> Ontology:
    """Parse the ontology's Turtle files; a file that does not parse is an InputError.

    With ``cache`` (a file, in a store's folder), the parse is kept there under the digest of
    the files' names and bytes, rdflib's version and kg's code, and read back (a tenth of
    rdflib's parse) while none of them changed."""
    if not files:
        raise InputError("no ontology: put the ontology Turtle file(s) in ontology/",
                         path="ontology/")
    if cache is None:
        return _parse_ontology(files, label_of)
    from kg.rdfio.files import read_cached, write_cached

    try:
        key = files_key(files, label_of)
    except OSError:  # unreadable: the parse says which file, as an InputError
        return _parse_ontology(files, label_of)
    ontology = read_cached(cache, key)
    if not isinstance(ontology, Ontology):
        ontology = _parse_ontology(files, label_of)
        write_cached(cache, key, ontology)
    if len(_KEYS) > 8:
        _KEYS.clear()
    _KEYS[id(ontology.graph)] = (ontology.graph, key)
    return ontology


#: id of an ontology graph loaded through a cache -> (the graph, the key of its parse)
_KEYS: dict[int, tuple[Graph, str]] = {}


def ontology_key(graph: Graph) -> str | None:
    """The key :func:`load_ontology` kept ``graph``'s parse under (the files' digest, rdflib's
    version, kg's code), for what is derived from that graph to be kept under it too (the
    graph is read, never changed, by the builds that load it so); None for a graph not loaded
    through a cache."""
    kept = _KEYS.get(id(graph))
    return kept[1] if kept is not None and kept[0] is graph else None


def files_key(files: list[Path], label_of) -> str:
    """The digest of files' names and bytes, with rdflib's version and kg's code: what a
    parse of them kept in a cache depends on."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(b"\0" + label_of(path).encode() + b"\0" + hashlib.sha256(
            path.read_bytes()).digest())
    return derived_key(digest.hexdigest())


def derived_key(content: str) -> str:
    """``content`` (the digest of what was parsed) with rdflib's version and kg's code: the key
    of a parse kept in a cache, which a new rdflib or a changed kg must not reuse."""
    import rdflib

    from kg.inputs.project import _installed_package_digest

    return f"{content} rdflib {rdflib.__version__} kg {_installed_package_digest()}"


def _parse_ontology(files: list[Path], label_of) -> Ontology:
    graph = parse_turtle_files(files, label_of, bind_prefixes(Graph()), max_bytes=50_000_000)
    ns = str(KGO)
    classes = {str(s)[len(ns):] for s in graph.subjects(RDF.type, OWL.Class)
               if isinstance(s, URIRef) and str(s).startswith(ns)}
    relations = {str(s)[len(ns):] for s in graph.subjects(RDF.type, OWL.ObjectProperty)
                 if isinstance(s, URIRef) and str(s).startswith(ns)}
    return Ontology(graph=graph, classes=frozenset(classes), relations=frozenset(relations),
                    vocabulary=vocabulary_of(graph))


def turtle_error(exc: Exception) -> tuple[int | None, str]:
    """The line and a short reason from an rdflib Turtle parser exception."""
    import re

    text = str(exc)
    match = re.search(r"Bad syntax \((.*?)\) at \^", text, re.S)
    reason = match.group(1) if match else (text.strip().splitlines() or ["syntax error"])[0]
    return _line_of(text), " ".join(reason.split())[:160]


def _line_of(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
