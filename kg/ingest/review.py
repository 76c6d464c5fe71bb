"""Reviewing a draft: list a source's proposals, edit them, accept them into the source's fact
file, reject them, or dismiss a figure with a reason.

A draft (``data/sources/SOURCE.draft.yaml``, written by ``kg ingest``) holds proposed
``entities``, ``resolutions`` (aliases of known entities), ``relations`` and ``figures``.
Accepting moves items into ``data/facts/SOURCE.yaml`` (entities, resolutions, relations as
``statements:``, figures), without the review-only keys, and only when the project with the
new fact file loads, every quote is found and the graph conforms to the shapes; the file is
written atomically, appended to when it exists (its comments kept), and the accepted items
leave the draft. Dismissing a figure records it under ``dismissals:`` (its quote, the figure as
written, the reason), which ``kg coverage`` honours. Rejecting any other proposal drops it.

Proposal ids are opaque: whatever ``kg ingest`` wrote.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import InputError, UsageError
from kg.ingest.draft import REVIEW_ONLY
from kg.inputs.project import Project
from kg.inputs.sources import ID_RE, LANG_RE, Source
from kg.inputs.vocabulary import ASOF_FORMS, ASOF_RE, PERIOD_FORMS, PERIOD_RE
from kg.vocab import LANGS

#: draft list -> (the kind of its proposals, the fact-file list they go into)
SECTIONS = {"entities": ("entity", "entities"), "resolutions": ("alias", "resolutions"),
            "relations": ("relation", "statements"), "figures": ("figure", "figures")}
_ENTITY_KEYS = ("id", "class", "label", "aliases", "note", "date", "date_text")
#: what each kind of proposal lets a reviewer change (``edit``)
EDITABLE = {"entity": ("id", "class", "label"), "alias": ("entity", "alias", "lang"),
            "relation": ("relation", "subject", "object", "claimed_by"),
            "figure": ("subject", "metric", "period", "as_of", "claimed_by")}
_ENDS = {"entity": (), "alias": ("entity", "same_as"),
         "relation": ("subject", "object", "claimed_by"),
         "figure": ("subject", "metric", "claimed_by")}
TODO = "TODO"

_lock = threading.Lock()  # one change at a time (the review page serves several requests)


@dataclass
class Proposal:
    """One item of a draft, as a reviewer sees it."""

    source: str
    kind: str  # entity | alias | relation | figure
    id: str
    item: dict
    todo: list[str] = field(default_factory=list)  # what is still TODO ("label.en", "subject")
    quote: str | None = None
    span: tuple[int, int] | None = None  # the quote's offsets in the source, when found
    sentence: tuple[int, int] | None = None  # the sentence(s) around it
    confidence: Any = None
    rule: str | None = None

    def as_dict(self, text: str) -> dict:
        """JSON-ready, with the quote in its sentence: ``before``, ``quote``, ``after``."""
        out = {"source": self.source, "kind": self.kind, "id": self.id, "item": self.item,
               "todo": self.todo, "confidence": self.confidence, "rule": self.rule,
               "before": "", "quote": self.quote or "", "after": "", "found": False}
        if self.span and self.sentence:
            (a, b), (s, e) = self.span, self.sentence
            out.update(before=text[s:a], quote=text[a:b], after=text[b:e], found=True)
        return out


@dataclass
class Accepted:
    """What ``accept`` wrote."""

    source: str
    path: Path
    ids: list[str]
    comments_kept: bool = True


# ------------------------------------------------------------------------------ reading a draft

def draft_path(project: Project, source: str) -> Path:
    return project.data_dir / "sources" / f"{source}.draft.yaml"


def fact_path(project: Project, source: str) -> Path:
    return project.data_dir / "facts" / f"{source}.yaml"


def draft_sources(project: Project | str) -> list[str]:
    """The ids of the sources that have a draft, sorted."""
    project = _open(project)
    folder = project.data_dir / "sources"
    return sorted(p.name[: -len(".draft.yaml")] for p in folder.glob("*.draft.yaml"))


def read_draft(project: Project | str, source: str) -> dict:
    """The draft of ``source`` as plain data.

    Raises:
        UsageError: the source has no draft.
        InputError: the draft is not a YAML mapping.
    """
    from kg.inputs.yamlfile import load_yaml

    project = _open(project)
    if not ID_RE.match(source or ""):
        raise UsageError(f"'{source}' is not a source id (lowercase letters, digits, hyphens)")
    path = draft_path(project, source)
    if not path.is_file():
        known = ", ".join(draft_sources(project)) or "none"
        raise UsageError(f"no draft for source '{source}' ({project.rel(path)}; drafts: {known});"
                         " kg ingest the article first")
    doc = _plain(load_yaml(path, project.rel(path)))
    if not isinstance(doc, dict):
        raise InputError("a draft must be a mapping (source:, entities:, figures:, ...)",
                         path=project.rel(path))
    for key in SECTIONS:
        if not isinstance(doc.get(key) or [], list):
            raise InputError(f"'{key}' must be a list", path=project.rel(path))
        doc[key] = [item for item in doc.get(key) or [] if isinstance(item, dict)]
    return doc


def proposals(project: Project | str, source: str) -> list[Proposal]:
    """Every proposal of the draft of ``source``: entities, aliases, relations, figures."""
    project = _open(project)
    draft = read_draft(project, source)
    text_source = _load_source(project, source)
    out = []
    for section, (kind, _) in SECTIONS.items():
        for item in draft[section]:
            out.append(_proposal(text_source, source, kind, item))
    return out


def _proposal(source: Source | None, sid: str, kind: str, item: dict) -> Proposal:
    quote, occurrence = item.get("quote"), item.get("occurrence")
    prop = Proposal(source=sid, kind=kind, id=str(item.get("id")), item=item,
                    todo=_todos(item), quote=quote if isinstance(quote, str) else None,
                    confidence=item.get("confidence"),
                    rule=item.get("rule") or item.get("found_by"))
    if source is not None and prop.quote:
        try:
            start, end = source.find(prop.quote, occurrence=occurrence if isinstance(
                occurrence, int) else None, where="", line=None, item=prop.id)
        except InputError:
            return prop
        prop.span = (start, end)
        first, last = source.sentence_at(start), source.sentence_at(max(start, end - 1))
        prop.sentence = (min(first.start, start), max(last.end, end))
    return prop


def _todos(item: Any, prefix: str = "") -> list[str]:
    """The keys (dotted) whose value is still TODO."""
    found = []
    if isinstance(item, dict):
        for key, value in item.items():
            if key in REVIEW_ONLY:
                continue
            found += _todos(value, f"{prefix}{key}.")
    elif isinstance(item, list):
        for n, value in enumerate(item):
            found += _todos(value, f"{prefix}{n}.")
    elif isinstance(item, str) and item.strip() == TODO:
        found.append(prefix.rstrip("."))
    return found


# ------------------------------------------------------------------------------------ changing

def accept(project: Project | str, source: str, ids: list[str] | None = None, *,
           validate: bool = True) -> Accepted:
    """Accept the proposals ``ids`` of the draft of ``source`` (all of them when None).

    Writes ``data/facts/SOURCE.yaml`` (appending when it exists) and the draft without them,
    both atomically, and only when the project with the new fact file loads, every quote is
    found and (``validate``) the graph conforms to the shapes.

    Raises:
        UsageError: an unknown id, an item with TODO left, or a figure or relation naming a
            proposed entity that is not accepted with it.
        InputError: the fact file would not load, a quote is not found, or the graph would not
            conform (naming the item and the fix).
    """
    project = _open(project)
    with _lock:
        draft = read_draft(project, source)
        chosen = _choose(draft, source, ids)
        if not chosen:
            raise UsageError(f"the draft of '{source}' has nothing left to accept")
        for kind, item in chosen:
            todo = _todos(item)
            if todo:
                raise UsageError(f"draft item '{item.get('id')}' ({kind}) of '{source}': fill "
                                 f"{', '.join(todo)} (still TODO) before accepting it; edit it "
                                 f"in kg review or in {project.rel(draft_path(project, source))}")
        _check_ends(project, draft, chosen, source)
        entries: dict[str, list[dict]] = {}
        for kind, item in chosen:
            target = next(t for k, t in SECTIONS.values() if k == kind)
            entries.setdefault(target, []).append(fact_entry(kind, item))
        text, kept = _fact_text(project, source, entries)
        _check_facts(project, source, text, validate=validate)
        taken = {id(item) for _, item in chosen}
        for section in SECTIONS:
            draft[section] = [item for item in draft[section] if id(item) not in taken]
        _write_both(project, source, text, draft)
    return Accepted(source=source, path=fact_path(project, source),
                    ids=[str(item["id"]) for _, item in chosen], comments_kept=kept)


def edit(project: Project | str, source: str, ident: str, changes: dict[str, Any]) -> dict:
    """Change proposal ``ident`` of the draft of ``source`` and return it as it is now.

    ``changes`` maps what ``EDITABLE`` allows for its kind to new values: an entity's
    ``class``, ``label`` (a mapping of languages, merged) or ``id`` (a known entity's id merges
    the proposal into it: references follow, the proposal goes); an alias's ``entity``, ``alias``
    and ``lang``; a relation's ``relation`` and ends; a figure's ``subject``, ``metric``,
    ``period`` or ``as_of`` (setting one drops the other; empty text drops it).

    Raises:
        UsageError: an unknown id or key, or a value that is not allowed (the message names it
            and what is).
    """
    from kg.inputs.corpus import load_inputs

    project = _open(project)
    with _lock:
        draft = read_draft(project, source)
        kind, item = _find(draft, source, ident)
        inputs = load_inputs(project)
        allowed_keys = EDITABLE[kind]
        for key in changes:
            if key not in allowed_keys:
                raise UsageError(f"cannot edit '{key}' of {kind} '{ident}'; editable: "
                                 f"{', '.join(allowed_keys)}")
        proposed = {str(e.get("id")) for e in draft["entities"]}
        for key, value in changes.items():
            _edit_one(inputs, draft, kind, item, key, value, proposed)
        _write_draft(project, source, draft)
        return item


def reject(project: Project | str, source: str, ident: str, *, reason: str | None = None
           ) -> str:
    """Reject proposal ``ident``: a figure is dismissed (``reason`` required: see
    :func:`dismiss`), any other proposal is dropped from the draft (an entity with the proposed
    relations that name it). Returns what was done:
    ``"dismissed"`` or ``"removed"``."""
    project = _open(project)
    draft = read_draft(project, source)
    kind, _ = _find(draft, source, ident)
    if kind == "figure":
        dismiss(project, source, ident, reason=reason or "")
        return "dismissed"
    with _lock:
        draft = read_draft(project, source)
        kind, item = _find(draft, source, ident)
        gone = [item]
        if kind == "entity":
            # a proposed relation stands or falls with its ends; a figure is a fact of its own
            # whose subject or metric the reviewer must point elsewhere first
            gone += [r for r in draft["relations"] if ident in (r.get("subject"), r.get("object"))]
            users = [u for u in _users_of(draft, ident)
                     if u not in {str(r.get("id")) for r in gone}]
            if users:
                raise UsageError(f"proposed entity '{ident}' is named by {', '.join(users)}; "
                                 "edit or reject those first")
        for section in SECTIONS:
            draft[section] = [i for i in draft[section] if not any(i is g for g in gone)]
        _write_draft(project, source, draft)
    return "removed"


def dismiss(project: Project | str, source: str, ident: str, *, reason: str) -> Accepted:
    """Dismiss figure ``ident`` of the draft of ``source``: record its quote, occurrence, the
    figure as written and ``reason`` under ``dismissals:`` in ``data/facts/SOURCE.yaml``, and
    drop it from the draft.

    Raises:
        UsageError: not a figure of the draft, or no reason given.
    """
    project = _open(project)
    reason = (reason or "").strip()
    with _lock:
        draft = read_draft(project, source)
        kind, item = _find(draft, source, ident)
        if kind != "figure":
            raise UsageError(f"'{ident}' is a proposed {kind}, not a figure: only figures are "
                             f"dismissed; reject it instead (kg review) or leave it")
        if not reason:
            raise UsageError(f"dismissing figure '{ident}' needs a reason: --reason TEXT (e.g. "
                             "'a forecast, not a result')")
        text_source = _load_source(project, source)
        entry: dict = {"id": str(item["id"]), "quote": item.get("quote")}
        if item.get("occurrence") is not None:
            entry["occurrence"] = item["occurrence"]
        texts = _figure_texts(text_source, item) if text_source is not None else []
        if texts:
            entry["text"] = texts
        entry["reason"] = reason
        text, kept = _fact_text(project, source, {"dismissals": [entry]})
        _check_facts(project, source, text, validate=False)
        draft["figures"] = [i for i in draft["figures"] if i is not item]
        _write_both(project, source, text, draft)
    return Accepted(source=source, path=fact_path(project, source), ids=[entry["id"]],
                    comments_kept=kept)


# ------------------------------------------------------------------------------------- helpers

def _open(project: Project | str) -> Project:
    return project if isinstance(project, Project) else Project.open(project)


def _plain(value: Any) -> Any:
    """Mappings of the line-aware loader as plain dicts, all the way down."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _load_source(project: Project, source: str) -> Source | None:
    from kg.inputs.sources import load_source

    meta = project.data_dir / "sources" / f"{source}.yaml"
    return load_source(meta, project.rel) if meta.is_file() else None


def _find(draft: dict, source: str, ident: str) -> tuple[str, dict]:
    for section, (kind, _) in SECTIONS.items():
        for item in draft[section]:
            if str(item.get("id")) == ident:
                return kind, item
    known = [str(i.get("id")) for s in SECTIONS for i in draft[s]]
    raise UsageError(f"no proposal '{ident}' in the draft of '{source}' (left: "
                     f"{', '.join(known[:12]) or 'none'}{' ...' if len(known) > 12 else ''})")


def _choose(draft: dict, source: str, ids: list[str] | None) -> list[tuple[str, dict]]:
    if not ids:
        return [(kind, item) for s, (kind, _) in SECTIONS.items() for item in draft[s]]
    chosen, seen = [], set()
    for ident in ids:
        if ident not in seen:
            seen.add(ident)
            chosen.append(_find(draft, source, ident))
    return chosen


def _users_of(draft: dict, ident: str) -> list[str]:
    """The ids of the draft's items that name entity ``ident``."""
    users = []
    for section, (kind, _) in SECTIONS.items():
        for item in draft[section]:
            if any(item.get(key) == ident for key in _ENDS[kind]):
                users.append(str(item.get("id")))
    return users


def _check_ends(project: Project, draft: dict, chosen: list[tuple[str, dict]],
                source: str) -> None:
    """A chosen item may name a proposed entity only when that entity is accepted with it."""
    proposed = {str(e.get("id")) for e in draft["entities"]}
    accepted = {str(item.get("id")) for kind, item in chosen if kind == "entity"}
    for kind, item in chosen:
        for key in _ENDS[kind]:
            value = item.get(key)
            if value in proposed and value not in accepted:
                raise UsageError(f"{kind} '{item.get('id')}' of '{source}': its {key} '{value}' "
                                 f"is a proposed entity not accepted; accept '{value}' with it "
                                 f"(kg accept {source} {value} {item.get('id')}) or edit the "
                                 f"{key}")


def fact_entry(kind: str, item: dict) -> dict:
    """A draft item as a fact-file item: review-only keys dropped (an entity keeps only what a
    fact file's entity has: its quote is the draft's evidence, not the graph's)."""
    if kind == "entity":
        return {k: item[k] for k in _ENTITY_KEYS if item.get(k) is not None}
    return {k: v for k, v in item.items() if k not in REVIEW_ONLY and v is not None}


def _figure_texts(source: Source, item: dict) -> list[str]:
    """The figures as written inside ``item``'s quote that ``item`` stands for: those whose value
    is the item's value or change (all of them when none is)."""
    from kg.ingest.coverage import reference_day, reference_year
    from kg.ingest.figures import detect_figures

    try:
        start, end = source.find(item.get("quote") or "", occurrence=item.get("occurrence"),
                                 where="", line=None, item=str(item.get("id")))
    except InputError:
        return []
    found = [f for f in detect_figures(source.text, year=reference_year(source),
                                       sentences=source.sentences, date=reference_day(source))
             if start <= f.start and f.end <= end]
    wanted = {_decimal(item.get(k)) for k in ("value", "value_min", "value_max")}
    if isinstance(item.get("change"), dict):
        wanted.add(_decimal(item["change"].get("value")))
    wanted.discard(None)
    same = [f for f in found if {f.value, f.value_min, f.value_max} & wanted]
    return list(dict.fromkeys(f.text for f in (same or found)))


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _edit_one(inputs, draft: dict, kind: str, item: dict, key: str, value: Any,
              proposed: set[str]) -> None:
    ident = item.get("id")
    if key == "label":
        if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip()
                                                  for v in value.values()):
            raise UsageError(f"label of '{ident}' must map languages to non-empty text")
        bad = [lang for lang in value if lang not in LANGS]
        if bad:
            raise UsageError(f"label language '{bad[0]}' of '{ident}': use {', '.join(LANGS)}")
        item["label"] = {**(item.get("label") or {}), **{k: v.strip() for k, v in value.items()}}
        return
    value = value.strip() if isinstance(value, str) else value
    if key in ("period", "as_of"):
        _edit_period(item, key, value)
        return
    if not isinstance(value, str) or not value:
        if key == "claimed_by":
            item.pop(key, None)
            return
        raise UsageError(f"'{key}' of '{ident}' must be non-empty text")
    if key == "class":
        _need(value, inputs.ontology.classes, f"class of '{ident}'", "classes")
    elif key == "relation":
        _need(value, inputs.ontology.relations, f"relation of '{ident}'", "relations")
    elif key == "lang":
        if not LANG_RE.match(value):
            raise UsageError(f"lang '{value}' of '{ident}' is not a language tag (zh-Hant, ...)")
    elif key == "id":
        _rename(inputs, draft, item, value)
        return
    elif key != "alias":
        _need_entity(inputs, value, proposed, key, ident, metric=key == "metric")
    item[key] = value


def _need(value: str, known, what: str, kind: str) -> None:
    if value not in known:
        raise UsageError(f"unknown {what}: '{value}'; use one of the ontology's {kind}: "
                         f"{', '.join(sorted(known))}"[:400])


def _need_entity(inputs, value: str, proposed: set[str], key: str, ident, *, metric: bool
                 ) -> None:
    entity = inputs.facts.entities.get(value)
    if entity is None and value not in proposed:
        raise UsageError(f"{key} '{value}' of '{ident}' is neither a known entity nor proposed "
                         "in this draft; use an entity id (kg query entities lists them)")
    if metric and entity is not None and entity.cls != "Metric":
        raise UsageError(f"metric '{value}' of '{ident}' is a {entity.cls}, not a Metric")


def _edit_period(item: dict, key: str, value: Any) -> None:
    if value in (None, ""):
        item.pop(key, None)
        return
    value = str(value)
    pattern, forms = (PERIOD_RE, PERIOD_FORMS) if key == "period" else (ASOF_RE, ASOF_FORMS)
    if not pattern.match(value):
        raise UsageError(f"{key} '{value}' of '{item.get('id')}' is not a period; write {forms}")
    item[key] = value
    item.pop("as_of" if key == "period" else "period", None)


def _rename(inputs, draft: dict, item: dict, new: str) -> None:
    """A proposed entity's new id; a known entity's id merges the proposal into that entity."""
    old = str(item.get("id"))
    if not ID_RE.match(new):
        raise UsageError(f"id '{new}' is not a valid id: lowercase ASCII letters, digits, hyphens")
    taken = {str(e.get("id")) for e in draft["entities"]} - {old}
    if new in taken:
        raise UsageError(f"id '{new}' is another proposal of this draft; pick another")
    for section, (kind, _) in SECTIONS.items():
        for other in draft[section]:
            for key in _ENDS[kind]:
                if other.get(key) == old:
                    other[key] = new
    if new in inputs.facts.entities:  # the same thing as a known entity: the proposal goes
        draft["entities"] = [e for e in draft["entities"] if e is not item]
    else:
        item["id"] = new


# --------------------------------------------------------------------------- the fact file text

def _dump_items(items: list[dict], indent: str) -> str:
    import yaml

    text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    return "".join(indent + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def _fact_text(project: Project, source: str, entries: dict[str, list[dict]]
               ) -> tuple[str, bool]:
    """The fact file of ``source`` with ``entries`` (fact-file list -> items) appended, and
    whether its comments are kept (the text is edited in place; if that cannot be done the
    file is written anew from its data)."""
    import yaml

    from kg.inputs.yamlfile import load_yaml

    path = fact_path(project, source)
    if not path.exists():
        head = (f"# Facts of source {source}, accepted from its draft (kg accept / kg review).\n"
                f"source: {source}\n")
        body = "".join(f"{key}:\n{_dump_items(items, '  ')}" for key, items in entries.items())
        return head + body, True
    label = project.rel(path)
    doc = load_yaml(path, label)
    if not isinstance(doc, dict):
        raise InputError("a fact file must be a mapping with source:, entities:, ...", path=label)
    if doc.get("source") != source:
        raise InputError(f"states facts of source '{doc.get('source')}', not of '{source}'; "
                         f"move it to data/facts/{doc.get('source')}.yaml", path=label)
    text = path.read_text(encoding="utf-8")
    expected = _plain(doc)
    for key, items in entries.items():
        if not isinstance(expected.get(key) or [], list):
            raise InputError(f"'{key}' must be a list of items", path=label)
        expected[key] = list(expected.get(key) or []) + items
    try:
        edited = _append_in_place(text, doc, entries)
        if _read_text_as_yaml(edited, label) == expected:
            return edited, True
    except (InputError, ValueError):
        pass
    return yaml.safe_dump(expected, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None), False


def _read_text_as_yaml(text: str, label: str) -> Any:
    """``text`` read as the project reads a fact file (``kg.inputs.yamlfile``), as plain data."""
    from kg.inputs.yamlfile import load_yaml

    with tempfile.TemporaryDirectory(prefix="kg-accept-") as tmp:
        path = Path(tmp) / "facts.yaml"
        path.write_text(text, encoding="utf-8")
        return _plain(load_yaml(path, label))


def _append_in_place(text: str, doc, entries: dict[str, list[dict]]) -> str:
    """``text`` with each list of ``entries`` appended to its top-level key's block."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = sorted((doc.line_of(k) - 1, k) for k in doc)  # 0-based line of each top-level key
    inserts: dict[int, str] = {}  # line index -> text to put before it
    replace: dict[int, str] = {}
    tail = ""
    for key, items in entries.items():
        if key not in doc:
            tail += f"{key}:\n{_dump_items(items, '  ')}"
            continue
        at = next(i for i, (line, k) in enumerate(starts) if k == key)
        first = starts[at][0]
        end = starts[at + 1][0] if at + 1 < len(starts) else len(lines)
        if not doc[key]:  # "key:", "key: []" or "key: null"
            replace[first] = f"{key}:\n{_dump_items(items, '  ')}"
            continue
        block = lines[first:end]
        dash = next((ln for ln in block[1:] if ln.lstrip().startswith("- ")), None)
        if dash is None:
            raise ValueError("not a block list")
        indent = dash[: len(dash) - len(dash.lstrip())]
        last = first + max(i for i, ln in enumerate(block)
                           if ln.strip() and not (ln.startswith("#")))
        inserts[last + 1] = inserts.get(last + 1, "") + _dump_items(items, indent)
    out = []
    for i, line in enumerate(lines):
        out.append(inserts.get(i, ""))
        out.append(replace.get(i, line))
    out.append(inserts.get(len(lines), ""))
    return "".join(out) + tail


# ----------------------------------------------------------------------------- checking, writing

def _check_facts(project: Project, source: str, text: str, *, validate: bool) -> None:
    """Refuse ``text`` as ``data/facts/SOURCE.yaml`` unless the project with it loads, every
    quote is found and (``validate``) the graph conforms to the shapes."""
    from kg.graph.build import BuildResult, make_graph
    from kg.inputs.corpus import Inputs, load_inputs, locate_quote
    from kg.inputs.facts import load_facts

    target = fact_path(project, source)
    label = project.rel(target)
    current = load_inputs(project)  # the project as it is must load first
    ontology, sources = current.ontology, current.sources
    others = [p for p in project.fact_files() if p.resolve() != target.resolve()]
    with tempfile.TemporaryDirectory(prefix="kg-accept-") as tmp:
        candidate = Path(tmp) / target.name
        candidate.write_text(text, encoding="utf-8")

        def label_of(path: Path) -> str:
            return label if path == candidate else project.rel(path)

        try:
            facts = load_facts(others + [candidate], label_of, classes=ontology.classes,
                               relations=ontology.relations, vocabulary=ontology.vocabulary,
                               sources=set(sources))
        except InputError as exc:
            raise InputError(f"accepting would make the facts invalid: {exc}") from None
    inputs = Inputs(project=project, ontology=ontology, sources=sources, facts=facts)
    try:
        for item in facts.dismissals.values():
            locate_quote(inputs, item.evidence, item.id, item.where)
        graph = make_graph(inputs)  # every quote found in its source
    except InputError as exc:
        raise InputError(f"accepting would make the facts invalid: {exc}") from None
    if validate:
        from kg.check.shacl import validate as validate_shacl

        report = validate_shacl(project, BuildResult(graph=graph, ontology=ontology.graph,
                                                     inputs=inputs))
        if not report.conforms:
            first = report.violations[0].line() if report.violations else "see kg validate"
            raise InputError(f"accepting would make the graph not conform to the shapes "
                             f"({len(report.violations)} violation(s)): {first}", path=label)


def _draft_bytes(project: Project, source: str, draft: dict) -> bytes:
    from kg.ingest.draft import dump_draft

    text_source = _load_source(project, source)
    if text_source is None:
        import yaml

        return yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100,
                              default_flow_style=None).encode("utf-8")
    return dump_draft(draft, text_source)


def _write_draft(project: Project, source: str, draft: dict) -> None:
    from kg.rdfio.files import write_atomic

    write_atomic(draft_path(project, source), _draft_bytes(project, source, draft))


def _write_both(project: Project, source: str, text: str, draft: dict) -> None:
    """The fact file, then the draft, each atomically; when the draft cannot be written the
    fact file is put back as it was, so an item is never in both or in neither."""
    from kg.rdfio.files import write_atomic

    target = fact_path(project, source)
    before = target.read_bytes() if target.exists() else None
    data = _draft_bytes(project, source, draft)
    write_atomic(target, text.encode("utf-8"))
    try:
        write_atomic(draft_path(project, source), data)
    except BaseException:
        if before is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, before)
        raise


def format_proposals(items: list[Proposal]) -> str:
    """A plain-text list: one line per proposal (kind, id, what it says, TODO left)."""
    lines = []
    for p in items:
        item = p.item
        if p.kind == "entity":
            label = item.get("label") or {}
            what = f"{item.get('class')} {' / '.join(str(v) for v in label.values())}"
        elif p.kind == "alias":
            what = f"{item.get('entity')} also named {item.get('alias')}"
        elif p.kind == "relation":
            what = f"{item.get('subject')} {item.get('relation')} {item.get('object')}"
        else:
            what = f"{item.get('subject')} {item.get('metric')} = {item.get('value', '')}"
        todo = f"  TODO: {', '.join(p.todo)}" if p.todo else ""
        lines.append(f"{p.kind:<8} {p.id:<32} {what}{todo}")
    return "\n".join(lines) + ("\n" if lines else "")

