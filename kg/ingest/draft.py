"""The draft: what ``kg ingest`` proposes for review, in (nearly) the fact-file format, and its
YAML file ``data/sources/ID.draft.yaml`` (never read by builds)."""

from __future__ import annotations

import re

from kg.ingest.documents import HAN, slug
from kg.ingest.entities import Candidate
from kg.ingest.figures import FoundFigure
from kg.ingest.known import entry_named
from kg.inputs.mentions import Mention
from kg.inputs.sources import Source
from kg.inputs.vocabulary import ASOF_RE, MULTIPLIERS, PERIOD_RE, Vocabulary, written_form


def make_draft(source: Source, entities: dict, mentions: list[Mention],
               figures: list[FoundFigure], candidates: list[Candidate], *,
               vocabulary: Vocabulary, taken: set[str] | frozenset[str] = frozenset()) -> dict:
    """The draft facts for a person to review: a dict in (nearly) the fact-file format, in
    the project's fact ``vocabulary`` (what it lacks goes into the figure's notes).

    Every proposal gets a stable id (:func:`entity_slug`, ``SOURCE-SUBJECT-METRIC-PERIOD`` for
    figures): the same input gives the same ids, none of them an id of ``entities`` or in
    ``taken`` (the ids of the project's other drafts and fact files)."""
    from kg.text import _converter

    t2s, s2t = _converter("t2s"), _converter("s2t")
    entities = _Taken(entities, taken)
    linked: dict[str, dict] = {}
    for m in mentions:
        for ident in m.entities:
            entry = linked.setdefault(ident, {"count": 0, "as_written": []})
            entry["count"] += 1
            if m.text not in entry["as_written"]:
                entry["as_written"].append(m.text)
    proposed, aliases, used = [], [], set()
    for c in candidates:
        quote = _unique_quote(source, c.start, c.end)
        if c.alias_of:
            aliases.append({"id": _free_id(f"{c.alias_of}-alias-{len(aliases) + 1}", entities,
                                           used),
                            "entity": c.alias_of, "alias": c.name,
                            "lang": _lang_of(c.name, source.language), **quote,
                            "found_by": c.found_by})
            continue
        fallback = f"{source.id}-{slug(written_form(c.cls))}-{len(proposed) + 1}"
        known = entry_named(c.name)  # a well-known organisation: its key and its labels
        known = known if known is not None and known.cls == c.cls else None
        ident = _free_id((known.key if known else entity_slug(c.name, c.cls)) or fallback,
                         entities, used)
        han = bool(HAN.search(c.name))
        label = dict(known.labels) if known else {
            "zh-Hant": s2t.convert(c.name) if han else "TODO",
            "zh-Hans": t2s.convert(c.name) if han else "TODO", "en": "TODO" if han else c.name}
        entry = {"id": ident, "name": c.name, "class": c.cls, "label": label}
        if c.short:  # the shorter names it is written with (阿里巴巴 of 阿里巴巴集团)
            entry["aliases"] = _short_aliases(c.short, s2t, t2s)
        proposed.append({**entry, "mentions": c.count, "found_by": c.found_by, **quote})
    names = {p["id"]: c.name for p, c in zip(proposed, [c for c in candidates
                                                           if not c.alias_of])}
    statements = []
    # a percentage change pairs with its amount; a change of an amount or in points stays apart
    levels = [f for f in figures if not f.is_change or f.unit != "Percent"]
    changes_of: dict[int, FoundFigure] = {}
    for f in figures:
        if not f.is_change or f.unit != "Percent":
            continue
        level = _level_for(source.text, f, levels)
        if level is not None and id(level) not in changes_of:
            changes_of[id(level)] = f
    attached = {id(c) for c in changes_of.values()}
    for n, f in enumerate(figures, 1):
        if id(f) in attached:
            continue
        change = changes_of.get(id(f))
        start = min(f.start, change.start) if change else f.start
        end = max(f.end, change.end) if change else f.end
        entry = _figure_entry(source, f, change, start, end, mentions, entities,
                              f"{source.id}-figure-{n}", vocabulary, names)
        key = entry.get("period") or (f"asof-{entry['as_of']}" if "as_of" in entry else "")
        entry["id"] = _free_id(slug("-".join([source.id, entry["subject"], entry["metric"], key])),
                               entities, used)
        statements.append(entry)
    draft = {"source": source.id, "linked": linked, "entities": proposed,
             "resolutions": aliases, "relations": [], "figures": statements}
    draft["_used"] = used  # the ids given so far, for add_relations (not written)
    return draft


class _Taken(dict):
    """The known entities, and ``in`` also true of every id in ``taken``."""

    def __init__(self, entities: dict, taken) -> None:
        super().__init__(entities)
        self.taken = taken  # read only

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.taken


def entity_slug(name: str, cls: str = "") -> str | None:
    """A readable id for a new entity named ``name``: the slug of a Latin name (``tencent``),
    the pinyin of a Chinese one (``yang-fan`` for a person, ``yunqi-zhineng`` for others); None
    when neither can be made."""
    if not HAN.search(name):
        return slug(name) or None
    from pypinyin import lazy_pinyin

    han = "".join(HAN.findall(name))
    if cls == "Person" and 2 <= len(han) <= 4:
        syllables = lazy_pinyin(han)
        return slug(f"{syllables[0]} {''.join(syllables[1:])}") or None
    import jieba

    words = ["".join(lazy_pinyin(w)) for w in jieba.cut(name) if w.strip()]
    return slug(" ".join(words)) or None


class TakenIds:
    """The ids the fact files and the project's drafts give, read once for many ingests.

    ``for_source(ID)`` is every id but those of ``ID``'s own draft (re-ingesting a source
    replaces its draft); ``record(ID, draft)`` adds a draft just written, so a folder of
    articles reads each draft once, not once per later article.
    """

    def __init__(self, facts) -> None:
        self._facts = frozenset(facts.entities) | frozenset(facts.statements) | \
            frozenset(facts.figures) | frozenset(facts.resolutions)
        self._drafts: dict[str, frozenset[str]] = {}
        self._all: set[str] = set(self._facts)

    @classmethod
    def of_project(cls, sources_dir, facts) -> "TakenIds":
        """The fact files' ids and those of every draft in ``sources_dir`` (a draft that does
        not read as YAML is skipped: its ids are checked again when its items are accepted)."""
        from kg.errors import InputError
        from kg.inputs.yamlfile import load_yaml

        taken = cls(facts)
        for path in sorted(sources_dir.glob("*.draft.yaml")):
            try:
                doc = load_yaml(path, path.name)
            except InputError:
                continue
            taken.record(path.name[:-len(".draft.yaml")], doc)
        return taken

    def record(self, source_id: str, draft) -> None:
        """Take in the ids of ``source_id``'s draft ``draft`` (replacing what it had)."""
        ids: set[str] = set()
        for key in ("entities", "resolutions", "relations", "figures"):
            items = draft.get(key) if isinstance(draft, dict) else None
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids.add(item["id"])
        replaced = source_id in self._drafts
        self._drafts[source_id] = frozenset(ids)
        if replaced:
            self._all = set(self._facts).union(*self._drafts.values())
        else:
            self._all |= ids

    def for_source(self, source_id: str) -> set[str] | frozenset[str]:
        """Every id but those only ``source_id``'s own draft gives (do not change it)."""
        if source_id not in self._drafts:
            return self._all
        others = [ids for sid, ids in self._drafts.items() if sid != source_id]
        return set(self._facts).union(*others)


def taken_ids(sources_dir, facts, source_id: str) -> set[str] | frozenset[str]:
    """Every id the fact files and the other drafts in ``sources_dir`` give."""
    return TakenIds.of_project(sources_dir, facts).for_source(source_id)


def add_relations(draft: dict, source: Source, extraction, entities: dict,
                  taken: set[str] | frozenset[str] = frozenset()) -> None:
    """Put ``extraction``'s proposals into ``draft['relations']`` (fact-file statements with
    the review-only ``confidence`` and ``rule``), and the entities it proposed on the way
    (posts) into ``draft['entities']``, each under a free stable id."""
    known = _Taken(entities, taken)
    used = draft.pop("_used", set())
    rename: dict[str, str] = {}
    for item in extraction.new_entities:
        ident = _free_id(item["id"], known, used)
        rename[item["id"]] = ident
        a, b = item["span"]
        draft["entities"].append({"id": ident, "name": item["name"], "class": item["class"],
                                  "label": item["label"],
                                  "mentions": item["mentions"], "found_by": item["found_by"],
                                  **_unique_quote(source, a, b)})
    for p in extraction.proposals:
        subject, obj = rename.get(p.subject, p.subject), rename.get(p.object, p.object)
        ident = _free_id(f"{subject}-{written_form(p.relation)}-{obj}", known, used)
        entry = {"id": ident, "subject": subject, "relation": p.relation, "object": obj,
                 **_quote_between(source, p.start, p.end)}
        if p.claimed_by:
            entry["claimed_by"] = p.claimed_by
        entry["confidence"] = p.confidence
        entry["rule"] = p.rule
        draft["relations"].append(entry)


def _short_aliases(names: tuple[str, ...], s2t, t2s) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in names:
        forms = {"zh-Hant": s2t.convert(name), "zh-Hans": t2s.convert(name)} \
            if HAN.search(name) else {"en": name}
        for lang, form in forms.items():
            out.setdefault(lang, []).append(form)
    return out


def _lang_of(name: str, default: str) -> str:
    if not HAN.search(name):
        return "en"
    return default if default.startswith("zh") else "zh-Hans"


def _free_id(base: str, entities: dict, used: set) -> str:
    base = base or "candidate"
    ident, n = base, 2
    while ident in entities or ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return ident


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    stops = ",，;；。!！?？\n"
    a = start
    while a > 0 and text[a - 1] not in stops:
        a -= 1
    b = end
    while b < len(text) and text[b] not in stops:
        b += 1
    while a < b and text[a].isspace():
        a += 1
    return a, b


def _unique_quote(source: Source, start: int, end: int) -> dict:
    """The clause around a span as an exact quote, with its occurrence when not unique."""
    return _quote_between(source, *_clause(source.text, start, end))


def _quote_between(source: Source, a: int, b: int) -> dict:
    """``text[a:b]`` as a fact-file quote, with its occurrence when it is not unique."""
    quote = source.text[a:b].strip()
    starts = [m.start() for m in re.finditer(re.escape(quote), source.text)]
    out = {"quote": quote}
    if len(starts) > 1:
        out["occurrence"] = starts.index(a) + 1 if a in starts else 1
    return out


def _level_for(text: str, change: FoundFigure, levels: list[FoundFigure]) -> FoundFigure | None:
    """The amount a percentage change belongs to: just before it ("17.4億元,同比增長21%") or
    just after it with 至 / to ("減少7.7%至7.34億元")."""
    before = [f for f in levels if f.end <= change.start and change.start - f.end <= 12
              and not re.search(r"[。;；\n]", text[f.end:change.start])]
    if before:
        return before[-1]
    after = [f for f in levels if f.start >= change.end and f.start - change.end <= 4
             and re.match(r"\s*(?:至|到|to)\s*$", text[change.end:f.start])]
    return after[0] if after else None


def _figure_entry(source: Source, f: FoundFigure, change: FoundFigure | None, start: int,
                  end: int, mentions: list[Mention], entities: dict, ident: str,
                  vocabulary: Vocabulary, proposed: dict[str, str] | None = None) -> dict:
    sentence = source.sentence_at(start)
    clause_start, _ = _clause(source.text, start, start)
    before = [m for m in mentions if sentence.start <= m.start < start]
    metric = next((m.entities[0] for m in reversed(before) if m.start >= clause_start
                   and entities[m.entities[0]].cls == "Metric"), "TODO")
    # the subject: the nearest known entity (not a metric, post or source) or proposed entity
    named = [(m.start, m.entities[0]) for m in before
             if entities[m.entities[0]].cls not in ("Metric", "Post", "AnonymousSource",
                                                    "MediaOutlet", "StrategyComponent")]
    for candidate, name in (proposed or {}).items():
        at = source.text.rfind(name, sentence.start, start)
        if at >= 0:
            named.append((at, candidate))
    subject = max(named)[1] if named else "TODO"
    entry: dict = {"id": ident, "subject": subject, "metric": metric}
    notes = []
    level = f if not f.is_change or f.unit != "Percent" else None  # 增加3億元: an amount
    if level is not None:
        if f.value is not None:
            entry["value"] = _plain(f.value)
        else:
            entry["value_min"], entry["value_max"] = _plain(f.value_min), _plain(f.value_max)
        if f.multiplier_text:
            if f.multiplier_text.lower() in MULTIPLIERS:
                entry["multiplier"] = f.multiplier_text.lower() if f.multiplier_text.isascii() \
                    else f.multiplier_text
            else:
                notes.append(f"multiplier {f.multiplier_text} = {f.multiplier}")
        unit = _written(vocabulary.units, f.unit)
        if unit is not None:
            entry["unit"] = unit
        elif f.unit_text:
            notes.append(f"unit as written: {f.unit_text}")
        if f.qualifier in vocabulary.qualifiers:
            entry["qualifier"] = f.qualifier
        elif f.qualifier:
            notes.append(f"qualifier: {f.qualifier}")
    period = f.period or (change.period if change else None)
    if period is not None:
        if period.as_of and ASOF_RE.match(period.key):
            entry["as_of"] = period.key
        elif PERIOD_RE.match(period.key):
            entry["period"] = period.key
        else:
            notes.append(f"period: {period.text} ({period.key})")
        if period.carried:
            notes.append(f"the period '{period.text}' is carried over from an earlier sentence")
        elif period.inferred:
            notes.append(f"the year of '{period.text}' is inferred")
    pct = change if change else (f if f.is_change else None)
    if pct is not None:
        if pct.direction in vocabulary.directions and "%" in vocabulary.units and \
                pct.unit == "Percent":  # a change in points or of an amount: noted
            c: dict = {"value": _plain(pct.value) if pct.value is not None else
                       _plain(pct.value_min), "unit": "%", "direction": pct.direction}
            if pct.basis in vocabulary.bases:
                c["basis"] = pct.basis
            elif pct.compared_to is not None and PERIOD_RE.match(pct.compared_to.key):
                c["since"] = pct.compared_to.key
            if pct.qualifier in vocabulary.qualifiers:
                c["qualifier"] = pct.qualifier
            entry["change"] = c
        else:
            notes.append(f"change {pct.text}: {pct.direction}")
    entry.update(_unique_quote_span(source, start, end))
    entry["sentence"] = sentence.index
    if f.normalized is not None:
        entry["normalized"] = format(f.normalized.normalize(), "f")
    if notes:
        entry["note"] = "; ".join(notes)
    return entry


def _written(table: dict, name: str | None) -> str | None:
    """How a fact file writes the vocabulary term with local name ``name``, if it has one."""
    return next((written for written, term in table.items() if term.name == name), None)


def _unique_quote_span(source: Source, start: int, end: int) -> dict:
    a, _ = _clause(source.text, start, start)
    _, b = _clause(source.text, end, end)
    return _quote_between(source, a, b)


def _plain(value):
    text = format(value.normalize(), "f")
    return int(text) if "." not in text else float(text)


#: what a draft item carries for a reviewer only, never written into a fact file
REVIEW_ONLY = ("linked", "name", "mentions", "found_by", "sentence", "normalized", "confidence",
               "rule")


def dump_draft(draft: dict, source: Source) -> bytes:
    """The draft as YAML with a header telling a reviewer what to do with it."""
    import yaml

    header = (f"# DRAFT facts proposed by `kg ingest` for source {source.id}: review every item.\n"
              "# Nothing here is in the graph: builds skip *.draft.yaml, and no proposal is ever\n"
              f"# written into data/facts/ by itself. `kg accept {source.id} [IDS...]` or the page of\n"
              f"# `kg review` moves accepted items into data/facts/{source.id}.yaml; by hand, move them\n"
              "# there yourself (format: docs/model.md) and replace every TODO.\n"
              "# Keys that must stay: id, quote, and occurrence where present (which occurrence of\n"
              "# a quote that is not unique is meant: without it the build fails), claimed_by.\n"
              f"# Review-only keys, dropped on acceptance: {', '.join(REVIEW_ONLY)}.\n"
              "# entities: new entities. resolutions: names that are a known entity's name plus a\n"
              "# suffix; an accepted one becomes a skos:altLabel of that entity. relations:\n"
              "# statements (subject relation object), each with the clause that states it.\n"
              "# figures: figure statements. Ids are slugs of names and the source, unique across\n"
              "# the project's facts and drafts, and the same on every ingest of the same text.\n")
    draft = {key: value for key, value in draft.items() if not key.startswith("_")}
    body = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    return (header + body).encode("utf-8")
