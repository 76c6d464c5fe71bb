"""Serialising graphs and writing the exports, atomically and byte-for-byte reproducibly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from kg.rdfio.files import remove_temporaries, write_together
from kg.store.memory import MANIFEST, exports_intact, read_manifest

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph


def render_exports(project, result, store, *, html: bool = True,
                   inferred: "Graph | None" = None) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The contents of every export but the manifest, by file name (see ``write_exports``),
    and the files the store keeps in ``exports/`` (``store.persist``).

    The data's Turtle is the store's own; the views are drawn from the store's graph when it
    is small enough for the store (``store.draw_limit``).
    """
    from kg.rdfio.formats import serialize

    files: dict[str, bytes] = {
        f"{project.name}.ttl": store.serialize("turtle", base=project.base),
    }
    # a store may keep the ontology's Turtle (it changes far less often than the data)
    ontology = getattr(result, "ontology_turtle", None)
    files["ontology.ttl"] = ontology() if ontology is not None else \
        serialize(result.ontology, "turtle")
    if inferred is not None:
        files[f"{project.name}-inferred.ttl"] = serialize(inferred, "turtle", base=project.base)
    if store.draw_limit is None or result.summary["triples"] <= store.draw_limit:
        from kg.views.graph import render_html
        from kg.views.report import render_report

        graph = store.graph()
        if html:
            files["graph.html"] = render_html(graph, title=project.name).encode()
        files["report.html"] = render_report(graph, base=project.base,
                                             title=project.name,
                                             charts=project.charts).encode()
    return files, store.persist(result)


def write_exports(project, result, store, *, html: bool = True, inferred: "Graph | None" = None,
                  rendered: tuple | None = None) -> dict[str, Path]:
    """Write ``exports/{name}.ttl``, ``exports/ontology.ttl``, the view, the report and the build
    manifest, and with ``inferred`` (see ``kg.graph.reasoning``) ``exports/{name}-inferred.ttl``.

    A build is committed as one unit: everything is rendered, then written to temporaries,
    then renamed into place with the manifest last (:func:`kg.rdfio.files.write_together`).
    A failure before the renames leaves the previous exports as they were; a kill during them
    leaves files that the old manifest's hashes no longer match, so readers
    (:func:`current_manifest`, :func:`kg.store.memory.load_built`) rebuild instead of
    trusting them.  Temporaries a killed build left are removed first.  An inferred export
    left by an earlier build is removed when this build infers nothing, so it is never stale.

    Args:
        project: the project built.
        result: what ``store.build`` returned.
        store: the store built into (a :class:`kg.store.Store`).
        html: write the graph view.
        inferred: the inferred triples, if the build inferred.
        rendered: what ``render_exports`` returned for the same arguments, when already done.
    Every export this module owns (the view, the report, the inferred triples) that this build
    does not write is removed with it, never left stale: ``result.exports_removed`` says which,
    and why (for ``kg build`` to print).
    """
    out = project.exports_dir
    inferred_name = f"{project.name}-inferred.ttl"
    files, kept = rendered if rendered is not None else \
        render_exports(project, result, store, html=html, inferred=inferred)
    files = dict(files)
    stale = {name: why for name, why in _unwritten(project, result, store, html=html).items()
             if name not in files and (out / name).exists()}
    result.exports_removed = stale
    # the digest the build read its inputs at, when it says (hashing the inputs again costs
    # a stat of every file, and a file edited since must not pass for built)
    digest = getattr(result, "inputs_digest", None) or project.input_digest()
    manifest = {"inputs": digest, "graph": f"{project.name}.ttl",
                "summary": result.summary, "html": html and "graph.html" in files,
                "store": store.spec, "kept": {name: _digest(data) for name, data in
                                              sorted(kept.items())},
                "files": {name: _digest(data) for name, data in sorted(files.items())}}
    files.update(kept)
    if inferred is not None:
        manifest["inferred"] = inferred_name
    if result.validation is not None:
        manifest["conforms"] = bool(result.validation.conforms)
    else:
        manifest["validation"] = "skipped"
    files[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                       + "\n").encode()
    remove_temporaries(out, [*files, *stale])

    def drop_stale() -> None:
        for name in stale:
            (out / name).unlink(missing_ok=True)

    write_together({out / name: data for name, data in files.items()}, before_last=drop_stale)
    return {name: out / name for name in files}


def _unwritten(project, result, store, *, html: bool) -> dict[str, str]:
    """Each export kg owns besides the data, with why a build would not write it."""
    triples = result.summary["triples"]
    limit = store.draw_limit
    too_big = (f"{triples:,} triples, above the {limit:,} that store {store.spec} draws"
               if limit is not None and triples > limit else None)
    return {"graph.html": too_big or "--no-html", "report.html": too_big or "not drawn",
            f"{project.name}-inferred.ttl": "this build inferred nothing (--infer writes it)"}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def current_manifest(project, store, *, html: bool = True, validate: bool = True,
                     infer: bool = False) -> dict | None:
    """The manifest of the last build when a build into ``store`` with these options would
    write exactly what ``exports/`` already holds (same inputs digest, store, options, file
    contents) and the store holds the same build, else None."""
    manifest = read_manifest(project)
    if not manifest or manifest.get("inputs") != project.input_digest() or \
            manifest.get("store", "memory") != store.spec or "files" not in manifest:
        return None
    drawn = store.draw_limit is None or manifest["summary"]["triples"] <= store.draw_limit
    if (html and drawn and not manifest.get("html")) or bool(manifest.get("inferred")) != infer \
            or (validate and store.validates and not manifest.get("conforms")):
        return None
    if not store.is_current(project):
        return None
    # the store's own files (the query cache) are not committed: a fresh clone builds
    return manifest if exports_intact(project, manifest) else None
