"""Serialising graphs and writing the exports, atomically and byte-for-byte reproducibly."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import UsageError
from kg.namespaces import bind_prefixes

#: --format name -> (rdflib format, file extension, media type)
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("turtle", "ttl", "text/turtle"),
    "ntriples": ("nt", "nt", "application/n-triples"),
    "trig": ("trig", "trig", "application/trig"),
    "jsonld": ("json-ld", "jsonld", "application/ld+json"),
    "xml": ("xml", "rdf", "application/rdf+xml"),
}
MANIFEST = ".kg-build.json"
#: data and ontology as JSON rows of terms: read back about three times as fast as Turtle.
QUERY_CACHE = ".kg-graph.json"


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialize(graph: Graph, fmt: str = "turtle", *, graphs: dict[str, Graph] | None = None,
              base: str | None = None) -> bytes:
    """Serialise ``graph`` in one of FORMATS, deterministically.

    Args:
        graph: the graph to write.
        fmt: a key of FORMATS.
        graphs: for ``trig``, named graphs (IRI -> graph) to write instead of ``graph``.
        base: the instance base IRI, bound as the ``kgr:`` prefix.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt][0]
    if fmt == "ntriples":
        text = graph.serialize(format="nt")
        return ("\n".join(sorted(line for line in text.splitlines() if line)) + "\n").encode()
    if fmt == "trig":
        dataset = Dataset()
        bind_prefixes(dataset, base)
        for name, part in sorted((graphs or {"urn:x-kg:default": graph}).items()):
            named = dataset.graph(URIRef(name))
            for triple in part:
                named.add(triple)
        return dataset.serialize(format="trig").encode()
    if fmt == "turtle":
        from kg.namespaces import all_prefixes
        from kg.turtle import has_blank_nodes, write_turtle

        if not has_blank_nodes(graph):
            return write_turtle(graph, all_prefixes(base)).encode()
    bind_prefixes(graph, base)
    if fmt == "jsonld":
        text = graph.serialize(format="json-ld", sort_keys=True, indent=1)
        return text.encode()
    return graph.serialize(format=rdf_format).encode()


def render_exports(result, *, html: bool = True, inferred: Graph | None = None) -> dict[str, bytes]:
    """The contents of every export but the manifest, by file name (see ``write_exports``)."""
    project = result.inputs.project
    files: dict[str, bytes] = {
        f"{project.name}.ttl": serialize(result.graph, "turtle", base=project.base),
        "ontology.ttl": serialize(result.ontology, "turtle"),
    }
    if inferred is not None:
        files[f"{project.name}-inferred.ttl"] = serialize(inferred, "turtle", base=project.base)
    union = result.union()
    if html:
        from kg.viz import render_html

        files["graph.html"] = render_html(union, title=project.name).encode()
    from kg.report import render_report

    files["report.html"] = render_report(union, base=project.base, title=project.name).encode()
    files[QUERY_CACHE] = dump_triples(union)
    return files


def write_exports(result, *, html: bool = True, inferred: Graph | None = None,
                  rendered: dict[str, bytes] | None = None) -> dict[str, Path]:
    """Write ``exports/{name}.ttl``, ``exports/ontology.ttl``, the view, the report and the build
    manifest, and with ``inferred`` (see ``kg.reasoning``) ``exports/{name}-inferred.ttl``.

    Everything is rendered first and then renamed into place, so a failure leaves the previous
    exports as they were. An inferred export left by an earlier build is removed when this build
    infers nothing, so it is never stale.

    Args:
        result: the BuildResult.
        html: write the graph view.
        inferred: the inferred triples, if the build inferred.
        rendered: what ``render_exports`` returned for the same arguments, when already done.
    """
    project = result.inputs.project
    out = project.exports_dir
    inferred_name = f"{project.name}-inferred.ttl"
    files = dict(rendered if rendered is not None else
                 render_exports(result, html=html, inferred=inferred))
    manifest = {"inputs": project.input_digest(), "graph": f"{project.name}.ttl",
                "summary": result.summary, "html": html,
                "files": {name: hashlib.sha256(data).hexdigest()
                          for name, data in sorted(files.items()) if name != QUERY_CACHE}}
    if inferred is not None:
        manifest["inferred"] = inferred_name
    if result.validation is not None:
        manifest["conforms"] = bool(result.validation.conforms)
    files[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                       + "\n").encode()
    written = {}
    for name, data in files.items():
        write_atomic(out / name, data)
        written[name] = out / name
    if inferred is None:
        (out / inferred_name).unlink(missing_ok=True)
    return written


def current_manifest(project, *, html: bool = True, validate: bool = True,
                     infer: bool = False) -> dict | None:
    """The manifest of the last build when a build with these options would write exactly
    what ``exports/`` already holds (same inputs digest, options, file contents), else None."""
    manifest = read_manifest(project)
    if not manifest or manifest.get("inputs") != project.input_digest() or \
            manifest.get("store", "memory") != "memory" or "files" not in manifest:
        return None
    if (html and not manifest.get("html")) or bool(manifest.get("inferred")) != infer or \
            (validate and not manifest.get("conforms")):
        return None
    if not (project.exports_dir / QUERY_CACHE).is_file():  # not committed: a fresh clone builds
        return None
    for name, digest in manifest["files"].items():
        try:
            data = (project.exports_dir / name).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
    return manifest


def read_manifest(project) -> dict | None:
    """The manifest of the last build, or None."""
    path = project.exports_dir / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _encode(term) -> str | list[str]:
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return ["_:", str(term)]
    return [str(term), term.language or "", str(term.datatype or "")]


def dump_triples(graph: Graph) -> bytes:
    """The triples of ``graph`` as JSON rows (IRI as a string; literal as [text, lang, datatype];
    blank node as ["_:", id]), sorted, for a fast and safe reload."""
    rows = sorted(json.dumps([_encode(t) for t in triple], ensure_ascii=False)
                  for triple in graph)
    return ("[\n" + ",\n".join(rows) + "\n]\n").encode()


def load_triples(data: bytes, graph: Graph) -> Graph:
    """Add the triples written by ``dump_triples`` to ``graph``."""
    iris: dict[str, URIRef] = {}

    def term(value):
        if isinstance(value, str):
            node = iris.get(value)
            if node is None:
                node = iris[value] = URIRef(value)
            return node
        if len(value) == 2:
            return BNode(value[1])
        text, lang, datatype = value
        return Literal(text, lang=lang or None, datatype=term(datatype) if datatype else None)

    graph.addN((term(s), term(p), term(o), graph) for s, p, o in json.loads(data))
    return graph


def load_built(project, *, inferred: bool = False) -> Graph | None:
    """Data and ontology from ``exports/`` when they are up to date with the inputs, else None.

    With ``inferred``, also the inferred export; None when the last build did not infer.
    """
    manifest = read_manifest(project)
    if not manifest or manifest.get("inputs") != project.input_digest():
        return None
    if manifest.get("store", "memory") != "memory":  # written from another store's build
        return None
    if inferred and not manifest.get("inferred"):
        return None
    # not context-aware: about twice as fast to fill, and a built graph has no contexts
    graph = bind_prefixes(Graph(store="SimpleMemory"), project.base)
    cache = project.exports_dir / QUERY_CACHE
    try:
        if cache.exists():
            load_triples(cache.read_bytes(), graph)
        else:
            graph.parse(project.exports_dir / manifest["graph"], format="turtle")
            graph.parse(project.exports_dir / "ontology.ttl", format="turtle")
        if inferred:
            graph.parse(project.exports_dir / manifest["inferred"], format="turtle")
    except Exception:  # a damaged export is rebuilt, not trusted
        return None
    return graph
