"""Serialising graphs and writing the exports, atomically and byte-for-byte reproducibly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rdflib import Graph

from kg.rdfio.files import write_atomic
from kg.rdfio.formats import dump_triples, serialize
from kg.store.memory import MANIFEST, QUERY_CACHE, read_manifest


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
        from kg.views.graph import render_html

        files["graph.html"] = render_html(union, title=project.name).encode()
    from kg.views.report import render_report

    files["report.html"] = render_report(union, base=project.base, title=project.name,
                                         charts=project.charts).encode()
    files[QUERY_CACHE] = dump_triples(union)
    return files


def write_exports(result, *, html: bool = True, inferred: Graph | None = None,
                  rendered: dict[str, bytes] | None = None) -> dict[str, Path]:
    """Write ``exports/{name}.ttl``, ``exports/ontology.ttl``, the view, the report and the build
    manifest, and with ``inferred`` (see ``kg.graph.reasoning``) ``exports/{name}-inferred.ttl``.

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










