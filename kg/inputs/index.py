"""The input index: what a build read, kept with the store it built, so that the next build, when
files were only added, reads the files added and the sources their new names occur in, not the
whole corpus.

The index holds each input file's hash, every entity (as the fact files define it, with the
aliases resolutions gave it), where every item id is written, the statements that tell who owns
what, and per source its files and counts; beside it, the folded text of every source (where a
new name is looked for). It is plain JSON and text: reading it runs no code.

A build may use it only when every file it records is unchanged and the new files are sources
and fact files (:func:`added_files`); anything else (a file edited or removed, the ontology, the
shapes, ``data/kg.yaml`` or kg itself changed) is a build from every input.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

from kg.inputs.corpus import Inputs, check_publishers
from kg.inputs.facts import Entity, Facts, Where, load_facts
from kg.inputs.mentions import (OWNER_RELATIONS, Linker, _companies, _owners, name_keys,
                                owner_statements)
from kg.inputs.project import Project, _installed_package_digest
from kg.inputs.sources import Source, load_source
from kg.text import fold

INDEX_VERSION = 1
_ENTITY_FIELDS = ("cls", "labels", "aliases", "note", "where", "date", "date_text", "generic")


def index_inputs(inputs: Inputs, found: dict[str, list], *, extra: dict) -> dict:
    """The index of a build of every input (``found``: the mentions of each source);
    ``extra``: what the store records with it (its shapes' digest)."""
    facts = inputs.facts
    return {
        "version": INDEX_VERSION, "code": _installed_package_digest(), **extra,
        "files": dict(inputs.project.hashes),
        "entities": {ident: _entity_row(e) for ident, e in sorted(facts.entities.items())},
        "keys": {ident: name_keys(e) for ident, e in sorted(facts.entities.items())},
        "seen": _seen(facts),
        "statements": sorted(facts.statements), "figures": sorted(facts.figures),
        "resolutions": len(facts.resolutions),
        "owners": _owner_rows(owner_statements(facts)),
        "sources": {sid: _source_row(inputs, source, len(found.get(sid, ())))
                    for sid, source in sorted(inputs.sources.items())},
    }


def extend_index(index: dict, inputs: Inputs, found: dict[str, list]) -> dict:
    """``index`` with what a build of added files read (``inputs``, partial)."""
    facts = inputs.facts
    out = dict(index, files=dict(inputs.project.hashes))
    old = index["entities"]
    # an entity the index holds is read from its row: only an added resolution changes it
    # (its aliases); rows of the others are not made again (a build of one article at 1M
    # triples would spend more on them than on its own graph)
    dirty = {i: e for i, e in facts.entities.items() if i not in old or
             e.aliases != old[i][2] or e.where.path != old[i][4]["path"]}
    rows = {i: _entity_row(e) for i, e in sorted(dirty.items())}
    out["entities"] = {**old, **rows}
    out["keys"] = {**index["keys"], **{
        i: name_keys(e) for i, e in dirty.items() if rows[i] != old.get(i)}}
    out["seen"] = {**index["seen"], **_seen(facts, dirty)}
    out["statements"] = sorted(set(index["statements"]) | set(facts.statements))
    out["figures"] = sorted(set(index["figures"]) | set(facts.figures))
    new = [r for r in facts.resolutions.values() if "s:" + r.id not in index["seen"]]
    out["resolutions"] = index["resolutions"] + len(new)
    known = {row[0] for row in index["owners"]}
    out["owners"] = sorted(index["owners"] + [row for row in _owner_rows(
        owner_statements(facts)) if row[0] not in known])
    out["sources"] = {**index["sources"], **{
        sid: _source_row(inputs, source, len(found.get(sid, ())))
        for sid, source in sorted(inputs.sources.items())}}
    return out


def read_index(path: Path) -> dict | None:
    """The index at ``path``, or None when there is none, it is not this kg's, or a line of it
    is torn (a build killed while appending: the next build then reads every input).

    The file is JSON Lines: the index a build of every input made, then one change a line,
    each appended by a build of added files (:func:`write_index`)."""
    try:
        lines = path.read_bytes().split(b"\n")
        index = json.loads(lines[0])
        if not isinstance(index, dict):
            return None
        for line in lines[1:]:
            if line:
                index = _apply(index, json.loads(line))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if index.get("version") != INDEX_VERSION or index.get("code") != _installed_package_digest():
        return None
    return index


def index_bytes(index: dict) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


#: the lists of the index that are kept sorted (a change adds to them)
_SORTED = ("statements", "figures", "owners")


def write_index(path: Path, index: dict, before: dict | None = None) -> None:
    """Record ``index`` at ``path``: with ``before`` (the index as read from ``path``), as
    one appended line of what changed, so that adding an article to a large corpus does not
    write the whole index again; else, or when the appended lines have grown to the size of
    the whole, as a new file, written atomically."""
    from kg.rdfio.files import write_atomic

    if before is not None:
        change = _change(before, index)
        line = json.dumps(change, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).encode() + b"\n"
        try:
            size, first = path.stat().st_size, _first_line_size(path)
        except OSError:
            size = first = 0
        if first and size - first + len(line) < first and _apply(before, change) == index:
            with path.open("ab") as handle:  # a torn line makes the index unreadable: rebuilt
                handle.write(line)
            return
    write_atomic(path, index_bytes(index) + b"\n")


def _first_line_size(path: Path) -> int:
    with path.open("rb") as handle:
        return len(handle.readline())


def _change(old: dict, new: dict) -> dict:
    """What turns ``old`` into ``new`` (see :func:`_apply`), key by key."""
    out: dict = {}
    for key, value in new.items():
        was = old.get(key)
        if was == value:
            continue
        if isinstance(was, dict) and isinstance(value, dict):
            out[key] = {"set": {k: v for k, v in value.items() if was.get(k, _NONE) != v},
                        "drop": sorted(k for k in was if k not in value)}
        elif isinstance(was, list) and isinstance(value, list) and key in _SORTED:
            known = {_hashable(item) for item in was}
            out[key] = {"add": [item for item in value if _hashable(item) not in known]}
        elif isinstance(was, list) and isinstance(value, list) and value[:len(was)] == was:
            out[key] = {"append": value[len(was):]}
        else:
            out[key] = {"value": value}
    return out


_NONE = object()


def _hashable(item):
    return tuple(item) if isinstance(item, list) else item


def _apply(index: dict, change: dict) -> dict:
    """``index`` with ``change`` (of :func:`_change`) made, as a new dict."""
    out = dict(index)
    for key, how in change.items():
        if "value" in how:
            out[key] = how["value"]
        elif "set" in how:
            merged = {**index[key], **how["set"]}
            for gone in how["drop"]:
                merged.pop(gone, None)
            out[key] = merged
        elif "add" in how:
            out[key] = sorted(index[key] + how["add"])
        else:
            out[key] = index[key] + how["append"]
    return out


def folded_texts(sources: dict[str, Source]) -> dict[str, str]:
    """What a new name is looked for in, per source: its title and text, folded."""
    return {sid: fold(source.title + "\n" + source.text) for sid, source in sources.items()}


def append_folded(folded: str, spans: list[list], texts: dict[str, str]) -> tuple[str, list]:
    """What to append to the joined ``folded`` texts (of :func:`join_folded`, with their
    ``spans``) for the ``texts`` of sources it does not hold, and the spans then."""
    known = {sid for sid, _ in spans}
    parts, spans, at = [], list(spans), len(folded) + 1
    for sid, text in sorted(texts.items()):
        if sid not in known:
            spans.append([sid, at])
            parts.append("\0" + text)
            at += len(text) + 1
    return "".join(parts), spans


def join_folded(folded: dict[str, str]) -> tuple[str, list[list]]:
    """The folded texts as one text, and ``[source, start]`` of each, in text order."""
    parts, spans, at = [], [], 0
    for sid, text in sorted(folded.items()):
        spans.append([sid, at])
        parts.append(text)
        at += len(text) + 1
    return "\0".join(parts), spans


def added_files(hashes: dict[str, str], index: dict) -> list[str] | None:
    """The input files added since ``index`` was made, when nothing else changed; else None.
    ``hashes``: every input file's (``Project.hashes``, as ``input_digest`` read them)."""
    old = index.get("files", {})
    if any(hashes.get(rel) != digest for rel, digest in old.items()):
        return None  # edited or removed
    added = sorted(set(hashes) - set(old))
    prefixes = ("data/sources/", "data/facts/")
    if not all(rel.startswith(prefixes) for rel in added):
        return None
    return added


def load_added(project: Project, index: dict, added: list[str], folded: str,
               spans: list[list], *, ontology_cache: str | None = None) -> Inputs:
    """The inputs of a build of the files ``added`` to those ``index`` records: the sources
    added and those an added name occurs in (``folded``/``spans``: the folded texts of the
    indexed sources), the fact files about them, and every entity; ``facts.elsewhere`` names
    the other items. ``ontology_cache``: as ``load_inputs``'s.

    Raises:
        InputError: as ``load_inputs``, for the files read.
    """
    from kg.inputs.ontology import load_ontology

    ontology = load_ontology(project.ontology_files(), project.rel, cache=ontology_cache)
    root = project.root
    new_sources = _load_sources(project, [root / rel for rel in added
                                          if rel.startswith("data/sources/")
                                          and rel.endswith(".yaml")], index)
    facts = Facts(entities={i: _entity(i, row) for i, row in index["entities"].items()})
    seen = {key: Where(path, line) for key, (path, line) in index["seen"].items()}
    all_sources = set(index["sources"]) | set(new_sources)
    kinds = dict(classes=ontology.classes, relations=ontology.relations,
                 vocabulary=ontology.vocabulary, sources=all_sources)
    new_files = [root / rel for rel in added if rel.startswith("data/facts/")]
    facts.elsewhere = {"statements": frozenset(index["statements"]),
                       "figures": frozenset(index["figures"])}
    before = {i: {lang: list(names) for lang, names in e.aliases.items()}
              for i, e in facts.entities.items()}
    load_facts(new_files, project.rel, into=facts, seen=seen, **kinds)
    check_publishers(project, new_sources.values(), facts)  # one the added facts define too
    indexed = [_owner(row) for row in index["owners"]]
    owners = indexed + _owner_rows(owner_statements(facts), objects=True)
    about = {facts.file_sources[project.rel(path)] for path in new_files
             if project.rel(path) in facts.file_sources}  # a new fact file of an old source
    touched = (_touched(facts, before, indexed, owners, folded, spans) | about) - set(new_sources)
    sources = {**new_sources, **_load_sources(
        project, [root / index["sources"][sid]["meta"] for sid in sorted(touched)], index)}
    old_files = sorted({f for sid in touched for f in index["sources"][sid]["files"]})
    if old_files:  # unchanged files: read again for their sources' graphs
        again = load_facts([root / rel for rel in old_files], project.rel, **kinds,
                           into=Facts(entities=dict(facts.entities),
                                      elsewhere=facts.elsewhere))
        for name in ("statements", "figures", "resolutions", "dismissals", "file_sources"):
            getattr(facts, name).update(getattr(again, name))
    loaded = set(facts.statements) | set(facts.figures)
    facts.elsewhere = {"statements": frozenset(index["statements"]) - loaded,
                       "figures": frozenset(index["figures"]) - loaded}
    return Inputs(project=project, ontology=ontology, sources=sources, facts=facts,
                  owner_statements=owners, elsewhere=_counts_elsewhere(index, sources, facts),
                  keys=index["keys"])


def _load_sources(project: Project, metas: list[Path], index: dict) -> dict[str, Source]:
    from kg.errors import InputError

    out: dict[str, Source] = {}
    for meta in metas:
        source = load_source(meta, project.rel)
        first = index["sources"].get(source.id, {}).get("meta")
        if source.id in out or (first and first != project.rel(meta)):
            raise InputError(f"duplicate source id '{source.id}' (also in {first}); give each "
                             "source its own id", path=project.rel(meta), item=source.id)
        out[source.id] = source
    return out


def _touched(facts: Facts, before: dict, indexed: list, owners: list, folded: str,
             spans: list[list]) -> set[str]:
    """The indexed sources whose mentions an added file may change: where a name of a new
    entity, a new alias, or an entity whose company changed occurs (folded)."""
    classes = {i: e.cls for i, e in facts.entities.items()}
    old_owners = _owners(classes, indexed)
    old_company = _companies(classes, old_owners)
    company = _companies(classes, _owners(classes, owners))
    dirty = [e for i, e in facts.entities.items() if i not in before or
             old_company.get(i) != company.get(i) or e.aliases != before[i]]
    keys = {fold(n.strip()) for e in dirty
            for n in (*e.labels.values(), *(a for v in e.aliases.values() for a in v))}
    starts = [start for _, start in spans]
    out: set[str] = set()
    for key in keys:
        if len(key) < 2:
            continue
        at = folded.find(key)
        while at >= 0:
            sid = spans[bisect.bisect_right(starts, at) - 1][0]
            out.add(sid)
            at = folded.find(key, at + 1)
    return out


def linker_for(inputs: Inputs) -> Linker | None:
    """The linker for a build of added files: the names that occur in its sources, with the
    owners of every entity; None for a build of every input."""
    owners = inputs.owner_statements
    if owners is None:
        return None
    texts = [t for s in inputs.sources.values() for t in (s.title, s.text)]
    return Linker.for_texts(inputs.facts.entities.values(), owners, texts, keys=inputs.keys)


def _counts_elsewhere(index: dict, sources: dict, facts: Facts) -> dict:
    rows = [row for sid, row in index["sources"].items() if sid not in sources]
    resolutions = index["resolutions"] - sum(1 for r in facts.resolutions.values()
                                             if "s:" + r.id in index["seen"])
    return {"sources": len(rows), "sentences": sum(r["sentences"] for r in rows),
            "mentions": sum(r["mentions"] for r in rows),
            "statements": len(facts.elsewhere["statements"]),
            "figures": len(facts.elsewhere["figures"]), "resolutions": resolutions}


def _source_row(inputs: Inputs, source: Source, mentions: int) -> dict:
    rel = inputs.project.rel
    files = sorted(p for p, s in inputs.facts.file_sources.items() if s == source.id)
    return {"meta": rel(source.path.with_suffix(".yaml")), "files": files,
            "sentences": len(source.sentences), "mentions": mentions}


def _seen(facts: Facts, entities: dict[str, Entity] | None = None) -> dict[str, list]:
    """Where each item of ``facts`` is written (of ``entities`` only, when given)."""
    entities = facts.entities if entities is None else entities
    out = {"e:" + i: [e.where.path, e.where.line] for i, e in entities.items()}
    for scope, items in (("s:", facts.statements), ("s:", facts.figures),
                         ("s:", facts.resolutions), ("d:", facts.dismissals)):
        out.update((scope + i, [item.where.path, item.where.line]) for i, item in items.items())
    return out


def _owner_rows(statements, *, objects: bool = False) -> list:
    rows = [[st.id, st.relation, st.subject, st.object, st.evidence.claimed_by]
            for st in sorted(statements, key=lambda s: s.id)
            if st.relation in OWNER_RELATIONS or st.evidence.claimed_by]
    return [_owner(row) for row in rows] if objects else rows


class _Owner:
    """A statement as the linker reads who owns what: id, relation, ends and claimant (its
    ``evidence`` is itself: one small object per row, made for every row of the index)."""

    __slots__ = ("id", "relation", "subject", "object", "claimed_by")

    def __init__(self, ident: str, relation: str, subject: str, obj: str,
                 claimed_by: str | None) -> None:
        self.id, self.relation, self.subject, self.object = ident, relation, subject, obj
        self.claimed_by = claimed_by

    @property
    def evidence(self) -> "_Owner":
        return self


def _owner(row: list) -> _Owner:
    return _Owner(*row)


def _entity_row(entity: Entity) -> list:
    where = entity.where
    return [entity.cls, dict(entity.labels), {k: list(v) for k, v in entity.aliases.items()},
            entity.note, {"path": where.path, "line": where.line, "keys": dict(where.keys)},
            entity.date, entity.date_text, list(entity.generic)]


def _entity(ident: str, row: list) -> Entity:
    values = dict(zip(_ENTITY_FIELDS, row))
    values["where"] = Where(**values["where"])
    # its own lists: an added resolution appends an alias to them, which the index read
    # must not take in (else the change is not seen, and the alias is lost to the next build)
    values["aliases"] = {lang: list(names) for lang, names in values["aliases"].items()}
    return Entity(id=ident, **values)
