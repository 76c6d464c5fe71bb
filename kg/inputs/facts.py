"""Fact files (``data/facts/*.yaml``): entities, statements and figures, checked as they load."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.inputs.sources import ID_RE, LANG_RE, is_real_day
from kg.inputs.vocabulary import (
    ASOF_FORMS,
    ASOF_RE,
    MULTIPLIERS,
    PERIOD_FORMS,
    PERIOD_RE,
    Term,
    Vocabulary,
    allowed,
)
from kg.inputs.yamlfile import Mapping, load_yaml
from kg.text import fold, is_blank
from kg.vocab import LANGS

def _code_points(text: str) -> str:
    """The characters of ``text`` that are not spaces, as code points: U+200B U+202E."""
    return " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(text) if not c.isspace()) or "none"


_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?\Z")

_FILE_KEYS = {"source", "entities", "statements", "figures", "resolutions", "dismissals"}
_ENTITY_KEYS = {"id", "class", "label", "aliases", "generic", "note", "date", "date_text"}
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\Z")
_EVIDENCE_KEYS = {"quote", "occurrence", "claimed_by", "stated_in", "note"}
#: what limits or qualifies a statement (docs/model.md, "Qualified statements")
_QUALIFICATION_KEYS = {"started_by", "ended_by", "market", "excluding", "qualifier", "because"}
_STATEMENT_KEYS = {"id", "subject", "relation", "object"} | _EVIDENCE_KEYS | _QUALIFICATION_KEYS
_FIGURE_KEYS = {"id", "subject", "metric", "value", "value_min", "value_max", "multiplier",
                "unit", "qualifier", "period", "as_of", "change", "flags"} | _EVIDENCE_KEYS
_RESOLUTION_KEYS = {"id", "entity", "alias", "lang", "same_as"} | _EVIDENCE_KEYS
_CHANGE_KEYS = {"value", "unit", "direction", "basis", "since", "qualifier", "driven_by"}
_DISMISSAL_KEYS = {"id", "quote", "occurrence", "text", "reason", "note"}


@dataclass
class Where:
    """Where an item was written: file (project-relative) and line."""

    path: str
    line: int
    keys: dict[str, int] = field(default_factory=dict)

    def at(self, key: str) -> int:
        """The line of ``key`` in the item, or of the item itself."""
        return self.keys.get(key, self.line)


@dataclass
class Entity:
    id: str
    cls: str
    labels: dict[str, str]
    aliases: dict[str, list[str]]
    note: str | None
    where: Where
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    date_text: str | None = None  # the date as written in the source
    #: labels or aliases that are common words (集團, 應用, CEO): linked only in company context
    generic: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    source: str
    quote: str
    occurrence: int | None
    claimed_by: str | None
    note: str | None
    #: the entity id of the document the source credits (財報顯示: a kgo:SourceDocument)
    stated_in: str | None = None


@dataclass
class Qualification:
    """What limits a statement: the events it holds from and until, the market it holds in,
    the segments whose part it excludes, its degree (a kgo:Qualifier local name) and the
    statements that give its reason."""

    started_by: str | None = None
    ended_by: str | None = None
    market: str | None = None
    excluding: list[str] = field(default_factory=list)
    degree: str | None = None
    because: list[str] = field(default_factory=list)


@dataclass
class Statement:
    id: str
    subject: str
    relation: str
    object: str
    evidence: Evidence
    where: Where
    qualification: Qualification = field(default_factory=Qualification)


@dataclass
class Change:
    value: Decimal
    unit: str
    direction: str
    basis: str | None  # "YearOnYear"
    since: str | None  # period key compared to
    qualifier: str | None
    driven_by: list[str] = field(default_factory=list)  # entity (kgo:Factor) or figure ids


@dataclass
class Figure:
    id: str
    subject: str
    metric: str
    value: Decimal | None
    value_min: Decimal | None
    value_max: Decimal | None
    multiplier_text: str | None
    unit: str | None  # kgo local name
    unit_text: str | None
    qualifier: str | None
    period: str | None  # "2018", "2024-H1", "2024-08"
    as_of: str | None  # "2023-12" or "2023-12-31"
    change: Change | None
    flags: list[str]
    evidence: Evidence
    where: Where

    @property
    def multiplier(self) -> Decimal:
        return MULTIPLIERS[self.multiplier_text] if self.multiplier_text else Decimal(1)


@dataclass
class Resolution:
    """Two names found to be one entity: ``alias`` (in ``lang``) is another name of ``entity``,
    or entity ``same_as`` is the same thing as ``entity``; with the evidence that says so."""

    id: str
    entity: str
    alias: str | None
    lang: str | None
    same_as: str | None
    evidence: Evidence
    where: Where


@dataclass
class Dismissal:
    """A figure found in the source that a reviewer judged not worth a fact (``kg dismiss``):
    the figure as written (``texts``) inside the quote, and why. Not in the graph; ``kg coverage``
    counts the figure as dismissed, not as uncovered."""

    id: str
    texts: list[str]  # the figures as written inside the quote (all of them when empty)
    reason: str
    evidence: Evidence
    where: Where


@dataclass
class Facts:
    """Everything the fact files state, checked for form and references."""

    entities: dict[str, Entity] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    dismissals: dict[str, Dismissal] = field(default_factory=dict)
    #: fact file (project-relative) -> the id of the source it states facts from
    file_sources: dict[str, str] = field(default_factory=dict)
    #: ids of the statements and figures of fact files not read in (an incremental build
    #: reads the files added; their items may name items of the others)
    elsewhere: dict[str, frozenset[str]] = field(default_factory=dict)

    def has_statement(self, ident: str) -> bool:
        return ident in self.statements or ident in self.elsewhere.get("statements", ())

    def has_figure(self, ident: str) -> bool:
        return ident in self.figures or ident in self.elsewhere.get("figures", ())


class _Reader:
    """Reads one fact file, raising InputError with file, line and item."""

    def __init__(self, path: str, classes: frozenset[str], relations: frozenset[str],
                 vocabulary: Vocabulary, sources: set[str]) -> None:
        self.path, self.classes, self.relations, self.sources = path, classes, relations, sources
        self.vocabulary = vocabulary

    def fail(self, message: str, node: Any, key: str | None = None, item: str | None = None):
        line = None
        if isinstance(node, Mapping):
            line = node.line_of(key) if key else node.line
        raise InputError(message, path=self.path, line=line, item=item)

    def mapping(self, node: Any, allowed: set[str], what: str, parent: Any = None,
                item: str | None = None) -> Mapping:
        if not isinstance(node, Mapping):
            self.fail(f"each {what} must be a mapping of keys, got {type(node).__name__}",
                      parent, item=item)
        for key in node:
            if key not in allowed:
                self.fail(f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})",
                          node, key, item)
        return node

    def text(self, node: Mapping, key: str, item: str | None, *, required: bool = True,
             what: str = "non-empty text") -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.fail(f"'{key}' is required; add {key}: ...", node, None, item)
            return None
        if not isinstance(value, str) or not value.strip():
            hint = "a lowercase slug like 'xu-li'" if what == "an id" else "some text"
            self.fail(f"'{key}' must be {what}, got {value!r}"[:160] + f"; write {hint}", node,
                      key, item)
        return value

    def ident(self, node: Mapping, key: str, item: str | None, required: bool = True) -> str | None:
        value = self.text(node, key, item, required=required, what="an id")
        if value is not None and not ID_RE.match(value):
            self.fail(f"'{key}' value '{value[:40]}' is not a valid id: use lowercase ASCII letters, "
                      "digits and single hyphens (e.g. 'xu-li')", node, key, item)
        return value

    def number(self, node: Mapping, key: str, item: str | None) -> Decimal | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(f"'{key}' must be a number, got {value!r}"[:100] + "; write it like 17.4",
                      node, key, item)
        text = getattr(value, "text", str(value)).strip()  # as written: exact, never inf
        if not _NUMBER_RE.match(text):
            self.fail(f"'{key}' must be a number, got '{text[:30]}'; write it like 17.4 (no "
                      "units or commas)", node, key, item)
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            self.fail(f"'{key}' is not a number: '{text}'", node, key, item)

    def choice(self, node: Mapping, key: str, table: dict[str, Term], item: str | None,
               what: str) -> str | None:
        """The kgo: local name of the vocabulary term ``node[key]`` writes, if given."""
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in table:
            self.fail(f"unknown {what} {value!r} (allowed: {allowed(table)})"[:240], node, key,
                      item)
        return table[value].name

    def evidence(self, node: Mapping, item: str, source: str) -> Evidence:
        quote = self.text(node, "quote", item)
        occurrence = node.get("occurrence")
        if occurrence is not None and (isinstance(occurrence, bool) or
                                       not isinstance(occurrence, int) or occurrence < 1):
            self.fail(f"'occurrence' must be a whole number from 1, got {occurrence!r}"[:80]
                      + "; write it like occurrence: 2", node, "occurrence", item)
        return Evidence(source=source, quote=quote, occurrence=occurrence,
                        claimed_by=self.ident(node, "claimed_by", item, required=False),
                        note=self.text(node, "note", item, required=False),
                        stated_in=self.ident(node, "stated_in", item, required=False))

    def idents(self, node: Mapping, key: str, item: str) -> list[str]:
        """``node[key]``: one id or a list of ids (none when absent)."""
        values = node.get(key)
        if values is None:
            return []
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) and ID_RE.match(v)
                                                   for v in values):
            self.fail(f"'{key}' must be an id or a list of ids like [xu-li, sensetime]", node,
                      key, item)
        return list(values)

    def qualification(self, node: Mapping, item: str) -> Qualification:
        return Qualification(
            started_by=self.ident(node, "started_by", item, required=False),
            ended_by=self.ident(node, "ended_by", item, required=False),
            market=self.ident(node, "market", item, required=False),
            excluding=self.idents(node, "excluding", item),
            degree=self.choice(node, "qualifier", self.vocabulary.degrees, item,
                               "qualifier of a statement"),
            because=self.idents(node, "because", item))

    def term(self, node, key: str, known: frozenset[str], ident: str | None) -> str:
        """``node[key]`` as text, which must be one of the ontology's ``known`` terms (its
        classes or its relations)."""
        value = self.text(node, key, ident)
        if value not in known:
            kind = "classes" if key == "class" else "relations"
            self.fail(f"unknown {key} '{value}'; use one of the ontology's {kind}: "
                      f"{', '.join(sorted(known))}"[:400], node, key, ident)
        return value

    def entity(self, node: Any, parent: Any) -> Entity:
        node = self.mapping(node, _ENTITY_KEYS, "entity", parent)
        ident = self.ident(node, "id", None)
        cls = self.term(node, "class", self.classes, ident)
        labels = node.get("label")
        if not isinstance(labels, Mapping):
            self.fail("'label' must map languages to text; write {zh-Hant: ..., zh-Hans: ..., "
                      "en: ...}",
                      node, "label" if "label" in node else None, ident)
        for lang, value in labels.items():
            self._lang(labels, lang, ident)
            if not isinstance(value, str) or not value.strip():
                self.fail(f"label '{lang}' must be non-empty text", labels, lang, ident)
            if is_blank(value):
                self.fail(f"label '{lang}' shows nothing: it is only invisible characters "
                          f"({_code_points(value)}) and spaces; write the name", labels, lang,
                          ident)
        for lang in LANGS:
            if lang not in labels:
                self.fail(f"label in '{lang}' is missing; every entity needs zh-Hant, zh-Hans and en",
                          labels, None, ident)
        aliases: dict[str, list[str]] = {}
        raw = node.get("aliases") or Mapping()
        if not isinstance(raw, Mapping):
            self.fail("'aliases' must map languages to lists of text; write {zh-Hant: [...], "
                      "en: [...]}", node, "aliases", ident)
        for lang, values in raw.items():
            self._lang(raw, lang, ident)
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip()
                                                       for v in values):
                self.fail(f"aliases in '{lang}' must be a list of text", raw, lang, ident)
            for value in values:
                if is_blank(value):
                    self.fail(f"an alias in '{lang}' shows nothing: it is only invisible "
                              f"characters ({_code_points(value)}) and spaces; write the name "
                              "or remove it", raw, lang, ident)
            aliases[lang] = list(values)
        date = node.get("date")
        date = str(date) if isinstance(date, int) and not isinstance(date, bool) else date
        if date is not None and (not isinstance(date, str) or not DATE_RE.match(date)):
            self.fail(f"'date' {date!r} must be YYYY, YYYY-MM or YYYY-MM-DD (quote it)", node,
                      "date", ident)
        if date is not None and len(date) == 10 and not is_real_day(date):
            self.fail(f"'date' {date!r} is not a real date; check the day", node, "date", ident)
        return Entity(id=ident, cls=cls, labels=dict(labels), aliases=aliases,
                      note=self.text(node, "note", ident, required=False),
                      where=Where(self.path, node.line, dict(node.key_lines)), date=date,
                      date_text=self.text(node, "date_text", ident, required=False),
                      generic=self.generic(node, labels, aliases, ident))

    def generic(self, node: Mapping, labels: Mapping, aliases: dict[str, list[str]],
                ident: str) -> list[str]:
        """The ``generic:`` names of an entity: each one of its labels or aliases."""
        values = node.get("generic") or []
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip()
                                                   for v in values):
            self.fail("'generic' must be a list of the entity's labels or aliases that are "
                      "common words; write generic: [集團, CEO]", node, "generic", ident)
        names = {fold(n.strip()) for n in list(labels.values()) +
                 [a for values in aliases.values() for a in values]}
        for value in values:
            if fold(value.strip()) not in names:
                self.fail(f"generic name '{value[:40]}' is not a label or alias of '{ident}'; "
                          "list only names given under label: or aliases:", node, "generic",
                          ident)
        return list(values)

    def _lang(self, node: Mapping, lang: Any, item: str | None) -> None:
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            self.fail(f"'{lang}' is not a language tag (use zh-Hant, zh-Hans, en)", node, lang, item)

    def statement(self, node: Any, parent: Any, source: str) -> Statement:
        node = self.mapping(node, _STATEMENT_KEYS, "statement", parent)
        ident = self.ident(node, "id", None)
        relation = self.term(node, "relation", self.relations, ident)
        return Statement(id=ident, subject=self.ident(node, "subject", ident), relation=relation,
                         object=self.ident(node, "object", ident),
                         evidence=self.evidence(node, ident, source),
                         where=Where(self.path, node.line, dict(node.key_lines)),
                         qualification=self.qualification(node, ident))

    def period(self, node: Mapping, key: str, pattern: re.Pattern, item: str) -> str | None:
        value = node.get(key)
        if value is None:
            return None
        value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(value, str) or not pattern.match(value):
            forms = PERIOD_FORMS if key != "as_of" else ASOF_FORMS
            self.fail(f"'{key}' {value!r} is not a period; write {forms}"[:200], node, key, item)
        parts = value.split("-")
        if len(parts) == 3:
            import calendar

            if int(parts[2]) > calendar.monthrange(int(parts[0]), int(parts[1]))[1]:
                self.fail(f"'{key}' {value!r} is not a real date; check the day", node, key, item)
        return value

    def figure(self, node: Any, parent: Any, source: str) -> Figure:
        node = self.mapping(node, _FIGURE_KEYS, "figure", parent)
        ident = self.ident(node, "id", None)
        value = self.number(node, "value", ident)
        value_min = self.number(node, "value_min", ident)
        value_max = self.number(node, "value_max", ident)
        if value is not None and (value_min is not None or value_max is not None):
            self.fail("give either 'value' or 'value_min'/'value_max', not both", node, "value",
                      ident)
        if (value_min is None) != (value_max is None):
            self.fail("a range needs both 'value_min' and 'value_max'", node, None, ident)
        if value_min is not None and value_min > value_max:
            self.fail("'value_min' is larger than 'value_max'; swap them", node, "value_min",
                      ident)
        multiplier = node.get("multiplier")
        if multiplier is not None and (not isinstance(multiplier, str) or
                                       multiplier not in MULTIPLIERS):
            self.fail(f"unknown multiplier {multiplier!r} (allowed: {', '.join(MULTIPLIERS)})",
                      node, "multiplier", ident)
        vocabulary = self.vocabulary
        unit = self.choice(node, "unit", vocabulary.units, ident, "unit or currency")
        period = self.period(node, "period", PERIOD_RE, ident)
        as_of = self.period(node, "as_of", ASOF_RE, ident)
        if period and as_of:
            self.fail("give either 'period' or 'as_of', not both", node, "as_of", ident)
        change = None
        if node.get("change") is not None:
            raw = self.mapping(node["change"], _CHANGE_KEYS, "change", node, ident)
            change_value = self.number(raw, "value", ident)
            if change_value is None:
                self.fail("a change needs a 'value'", raw, None, ident)
            direction = self.choice(raw, "direction", vocabulary.directions, ident, "direction")
            if direction is None:
                self.fail(f"a change needs a 'direction' ({allowed(vocabulary.directions)})",
                          raw, None, ident)
            basis = raw.get("basis")
            if basis is not None and (not isinstance(basis, str) or
                                      basis not in vocabulary.bases):
                self.fail(f"unknown basis {basis!r} (allowed: {allowed(vocabulary.bases)}, or "
                          "since: YYYY-MM)"[:240], raw, "basis", ident)
            since = self.period(raw, "since", PERIOD_RE, ident)
            unit_of_change = self.choice(raw, "unit", vocabulary.units, ident, "unit")
            if unit_of_change is None:  # a change is stated in % unless it says otherwise
                unit_of_change = vocabulary.units["%"].name if "%" in vocabulary.units else None
            if unit_of_change is None:
                self.fail("a change needs a 'unit' (the ontology has no unit written %)", raw,
                          None, ident)
            change = Change(value=change_value, unit=unit_of_change, direction=direction,
                            basis=vocabulary.bases[basis].name if basis else None, since=since,
                            qualifier=self.choice(raw, "qualifier", vocabulary.qualifiers, ident,
                                                  "qualifier"),
                            driven_by=self.idents(raw, "driven_by", ident))
        if value is None and value_min is None and change is None:
            self.fail("a figure needs a 'value', a 'value_min'/'value_max' range or a 'change'",
                      node, None, ident)
        flags = node.get("flags") or []
        if not isinstance(flags, list) or not all(isinstance(f, str) and ID_RE.match(f)
                                                  for f in flags):
            self.fail("'flags' must be a list of slugs like currency-inconsistent", node, "flags",
                      ident)
        return Figure(id=ident, subject=self.ident(node, "subject", ident),
                      metric=self.ident(node, "metric", ident), value=value, value_min=value_min,
                      value_max=value_max, multiplier_text=multiplier, unit=unit,
                      unit_text=node.get("unit"),
                      qualifier=self.choice(node, "qualifier", vocabulary.qualifiers, ident,
                                            "qualifier"),
                      period=period, as_of=as_of, change=change, flags=list(flags),
                      evidence=self.evidence(node, ident, source),
                      where=Where(self.path, node.line, dict(node.key_lines)))

    def resolution(self, node: Any, parent: Any, source: str) -> Resolution:
        node = self.mapping(node, _RESOLUTION_KEYS, "resolution", parent)
        ident = self.ident(node, "id", None)
        alias = self.text(node, "alias", ident, required=False)
        if alias is not None and is_blank(alias):
            self.fail(f"alias shows nothing: it is only invisible characters "
                      f"({_code_points(alias)}) and spaces; write the name", node, "alias", ident)
        same_as = self.ident(node, "same_as", ident, required=False)
        if (alias is None) == (same_as is None):
            self.fail("a resolution gives either 'alias' (with 'lang') or 'same_as'", node, None,
                      ident)
        lang = self.text(node, "lang", ident, required=alias is not None)
        if lang is not None:
            self._lang(node, lang, ident)
        return Resolution(id=ident, entity=self.ident(node, "entity", ident), alias=alias,
                          lang=lang, same_as=same_as, evidence=self.evidence(node, ident, source),
                          where=Where(self.path, node.line))

    def dismissal(self, node: Any, parent: Any, source: str) -> Dismissal:
        node = self.mapping(node, _DISMISSAL_KEYS, "dismissal", parent)
        ident = self.ident(node, "id", None)
        texts = node.get("text")
        texts = [texts] if isinstance(texts, str) else texts
        if texts is not None and (not isinstance(texts, list) or not all(
                isinstance(t, str) and t.strip() for t in texts)):
            self.fail("'text' must be the figure as written (text, or a list of text)", node,
                      "text", ident)
        return Dismissal(id=ident, texts=list(texts or []),
                         reason=self.text(node, "reason", ident),
                         evidence=self.evidence(node, ident, source),
                         where=Where(self.path, node.line, dict(node.key_lines)))

    def read(self, doc: Any, facts: Facts, seen: dict[str, Where]) -> None:
        if not isinstance(doc, Mapping):
            raise InputError("a fact file must be a mapping with source:, entities:, statements:, "
                             "figures:", path=self.path, line=1)
        self.mapping(doc, _FILE_KEYS, "fact file")
        source = self.ident(doc, "source", None)
        if source not in self.sources:
            self.fail(f"source '{source}' is not in data/sources/ (known: "
                      f"{', '.join(sorted(self.sources)) or 'none'}); use a known id or add "
                      "the article with kg ingest", doc, "source")
        facts.file_sources[self.path] = source
        for key, reader, target in (("entities", self.entity, facts.entities),
                                    ("statements", self.statement, facts.statements),
                                    ("figures", self.figure, facts.figures),
                                    ("resolutions", self.resolution, facts.resolutions),
                                    ("dismissals", self.dismissal, facts.dismissals)):
            items = doc.get(key) or []
            if not isinstance(items, list):
                self.fail(f"'{key}' must be a list of items", doc, key)
            for node in items:
                item = reader(node, doc) if key == "entities" else reader(node, doc, source)
                kind = {"entities": "entity", "dismissals": "dismissal"}.get(
                    key, "statement or figure")
                scope = {"entities": "e:", "dismissals": "d:"}.get(key, "s:")
                if scope + item.id in seen:
                    first = seen[scope + item.id]
                    raise InputError(f"duplicate {kind} id '{item.id}' (first at {first.path}:"
                                     f"{first.line}); give each a unique id", path=self.path,
                                     line=item.where.line, item=item.id)
                seen[scope + item.id] = item.where
                target[item.id] = item


def load_facts(files: list[Path], label_of, *, classes: frozenset[str],
               relations: frozenset[str], vocabulary: Vocabulary, sources: set[str],
               into: Facts | None = None, seen: dict[str, Where] | None = None) -> Facts:
    """Load and check every fact file against the ontology's classes, relations and fact
    vocabulary (``kg.inputs.vocabulary``); references between items are checked too.

    ``into`` holds what other fact files define (their entities, and the ids of their items in
    ``elsewhere``), ``seen`` where each of their ids (``e:``, ``s:``, ``d:`` + id) is written:
    the files are then read on top of them, and only their own items' references are checked.
    """
    facts, seen = into or Facts(), {} if seen is None else seen
    for path in files:
        label = label_of(path)
        _Reader(label, classes, relations, vocabulary, sources).read(load_yaml(path, label),
                                                                     facts, seen)
    check_references(facts)
    return facts


def check_references(facts: Facts) -> None:
    """Every id a statement or figure names must be a defined entity."""
    def need(ident: str | None, role: str, where: Where, item: str, cls: str | None = None):
        if ident is None:
            return
        entity = facts.entities.get(ident)
        if entity is None:
            raise InputError(f"{role} '{ident}' is not a defined entity; define it under "
                             "entities: or fix the id", path=where.path, line=where.at(role),
                             item=item)
        if cls and entity.cls != cls:
            raise InputError(f"{role} '{ident}' is a {entity.cls}, not a {cls}", path=where.path,
                             line=where.at(role), item=item)

    for st in facts.statements.values():
        need(st.subject, "subject", st.where, st.id)
        need(st.object, "object", st.where, st.id)
        need(st.evidence.claimed_by, "claimed_by", st.where, st.id)
        need(st.evidence.stated_in, "stated_in", st.where, st.id)
        q = st.qualification
        for role, ident in (("started_by", q.started_by), ("ended_by", q.ended_by),
                            ("market", q.market), *(("excluding", e) for e in q.excluding)):
            need(ident, role, st.where, st.id)
        for reason in q.because:
            if not facts.has_statement(reason) or reason == st.id:
                raise InputError(f"because '{reason}' is not another statement's id; name a "
                                 "statement under statements:", path=st.where.path,
                                 line=st.where.at("because"), item=st.id)
    for fig in facts.figures.values():
        need(fig.subject, "subject", fig.where, fig.id)
        need(fig.metric, "metric", fig.where, fig.id, cls="Metric")
        need(fig.evidence.claimed_by, "claimed_by", fig.where, fig.id)
        need(fig.evidence.stated_in, "stated_in", fig.where, fig.id)
        for driver in fig.change.driven_by if fig.change else ():
            if driver == fig.id or (not facts.has_figure(driver) and
                                    getattr(facts.entities.get(driver), "cls", None) != "Factor"):
                raise InputError(f"driven_by '{driver}' is not a Factor entity or another "
                                 "figure; define it under entities: (class: Factor) or fix the id",
                                 path=fig.where.path, line=fig.where.at("change"), item=fig.id)
    for res in facts.resolutions.values():
        need(res.entity, "entity", res.where, res.id)
        need(res.same_as, "same_as", res.where, res.id)
        need(res.evidence.claimed_by, "claimed_by", res.where, res.id)
        need(res.evidence.stated_in, "stated_in", res.where, res.id)
        if res.alias is not None:  # the alias is a name of the entity from now on (linking too)
            names = facts.entities[res.entity].aliases.setdefault(res.lang, [])
            if res.alias not in names:
                names.append(res.alias)
