"""Relation proposals: the extractor interface, the verification every proposal goes through,
and the built-in rule-based extractor.

An *extractor* reads a source (its text, sentences and language) with the entities it names
(known entities linked in it, and the entities this draft proposes) and returns
:class:`Proposal` objects: subject, relation, object, the quote that states it, a confidence
and the rule that found it. Whatever an extractor returns is kept only if :func:`verify`
accepts it: the quote is in the source verbatim and within one sentence, it names both ends,
the relation is one of the ontology's statement relations, both ends exist (known ids or this
draft's ids) and their classes fit the relation's ``rdfs:domain`` and ``rdfs:range``
(subclasses allowed). Everything else is counted by reason.

The rule-based extractor (:class:`RuleExtractor`) works on one sentence at a time, with every
entity occurrence replaced by one marker character, so a rule is a regular expression over
``S`` (subject), ``O`` (object) and cue words: a rule matches only when the cue binds the two
ends with no other name between them (a list of names without a cue proposes nothing). Cues are
written once (Traditional Chinese or English) and folded like the text (:func:`kg.text.fold`),
so one rule reads zh-Hant and zh-Hans alike. A reference back to the company the sentence
named first (公司, 該公司, the company; it / its opening a clause) is marked as that company, and
its quote is widened to name it, so that verification holds it like any other proposal; a
reference to a name outside the sentence is never resolved (its quote could not name both ends).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS

from kg.inputs.mentions import (PLACES, common_english, common_words, dictionary_entries,
                                is_generic, is_generic_head)
from kg.inputs.ontology import Ontology
from kg.inputs.sources import Source
from kg.text import fold
from kg.vocab import KGO, OA, ORG, PROV, SKOS

#: why a proposal was not kept (the keys of :attr:`Extraction.rejected`)
REASONS = {
    "malformed": "not a proposal with subject, relation, object and quote",
    "unknown-relation": "the relation is not one of the ontology's",
    "unknown-entity": "an end is neither a known entity nor proposed in this draft",
    "same-ends": "subject and object are the same entity",
    "domain-range": "the ends' classes do not fit the relation's domain and range",
    "quote-not-in-source": "the quote is not in the source verbatim",
    "quote-spans-sentences": "the quote is not within one sentence",
    "quote-lacks-name": "the quote does not name both ends",
    "claimed-by": "claimed_by is not a known agent",
    "already-stated": "the fact files state it already",
}


@dataclass(frozen=True)
class End:
    """An entity a relation may join: its id, class, every name it goes by, and where the
    source names it."""

    id: str
    cls: str
    names: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()
    proposed: bool = False
    labels: dict = field(default_factory=dict, compare=False)  # language -> label


@dataclass(frozen=True)
class Relation:
    """A statement relation of the ontology with the classes its ends must have."""

    name: str
    domain: frozenset[URIRef]
    range: frozenset[URIRef]
    meaning: str
    symmetric: bool = False


@dataclass
class Proposal:
    """One proposed statement, with its evidence: ``quote`` at ``start``..``end`` of the text
    (an extractor gives the quote, the offsets, or both; :func:`verify` settles them)."""

    subject: str
    relation: str
    object: str
    quote: str | None
    start: int | None = None
    end: int | None = None
    confidence: float = 0.5
    rule: str = ""
    claimed_by: str | None = None
    sentence: int | None = None  # a 1-based sentence number, a hint for locating the quote


@dataclass
class Context:
    """What every extractor is given: the source, the entities it may relate, the relations."""

    source: Source
    ends: dict[str, End]
    relations: dict[str, Relation]
    ontology: Ontology
    #: organisation id -> the ids of its known posts (from ``postIn`` statements)
    posts: dict[str, list[str]] = field(default_factory=dict)
    #: (subject, relation, object) the fact files state already
    stated: set[tuple[str, str, str]] = field(default_factory=set)
    #: entities an extractor proposes on the way (a post of a company), as draft entries
    new_entities: dict[str, dict] = field(default_factory=dict)

    def is_a(self, cls: str, targets: Iterable[URIRef]) -> bool:
        """Whether class ``cls`` (a kgo: local name) is one of ``targets`` or under one."""
        targets = set(targets)
        return OWL.Thing in targets or bool(self.ontology.superclasses(KGO[cls]) & targets)

    def fits(self, relation: str, subject: str, obj: str) -> bool:
        """Whether ``relation`` may join these two ends, by their classes."""
        rel, s, o = self.relations.get(relation), self.ends.get(subject), self.ends.get(obj)
        return bool(rel and s and o and self.is_a(s.cls, rel.domain) and
                    self.is_a(o.cls, rel.range))

    def propose_entity(self, ident: str, cls: str, labels: dict[str, str], written: str,
                       start: int, end: int, found_by: str) -> str:
        """Add an entity this draft proposes (with where the text names it); returns its id."""
        if ident not in self.ends:
            names = [written, *(v for v in labels.values() if v != "TODO")]
            self.ends[ident] = End(ident, cls, tuple(dict.fromkeys(names)), ((start, end),),
                                   proposed=True, labels=dict(labels))
            self.new_entities[ident] = {"id": ident, "name": written, "class": cls,
                                        "label": dict(labels),
                                        "mentions": 1, "found_by": found_by,
                                        "span": (start, end)}
        return ident


class Extractor(Protocol):
    """Proposes relations for a source; :func:`verify` decides what is kept."""

    name: str

    def propose(self, context: Context) -> list[Proposal]:
        """Every relation the extractor reads in ``context.source``."""


@dataclass
class Extraction:
    """What :func:`extract` kept, and how many it rejected, by reason."""

    proposals: list[Proposal]
    rejected: Counter
    new_entities: list[dict]
    extractor: str


_INTERNAL = (KGO.Figure, KGO.Change, KGO.Statement, OA.Annotation, KGO.Sentence, KGO.Source,
             KGO.Period, SKOS.Concept)


def statement_relations(ontology: Ontology) -> dict[str, Relation]:
    """The relations a fact-file statement may use between two entities: every kgo: object
    property with its domain and range (a union is its members), except those of the graph's
    own bookkeeping (figures, evidence, sentences, vocabularies)."""
    graph, out = ontology.graph, {}
    symmetric = set(graph.subjects(None, OWL.SymmetricProperty))
    for name in sorted(ontology.relations):
        prop = KGO[name]
        domain, range_ = _classes(graph, prop, RDFS.domain), _classes(graph, prop, RDFS.range)
        if not domain or not range_:
            continue
        touched = set().union(*(ontology.superclasses(c) for c in domain | range_))
        if touched & set(_INTERNAL):
            continue
        meaning = next((str(c) for c in graph.objects(prop, RDFS.comment)
                        if getattr(c, "language", None) == "en"), name)
        out[name] = Relation(name, frozenset(domain), frozenset(range_), meaning,
                             prop in symmetric)
    return out


def _classes(graph, prop: URIRef, key: URIRef) -> set[URIRef]:
    node = graph.value(prop, key)
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        return {m for m in Collection(graph, members)} if members is not None else set()
    return {node} if node is not None else set()


def make_context(source: Source, ontology: Ontology, facts, mentions,
                 proposed: list[dict]) -> Context:
    """The context for ``source``: the known entities it names (unambiguous mentions), every
    entity of the fact files (an extractor may name one by id), and the draft's ``proposed``
    entities (``id``, ``class``, ``label``, and ``name`` as written) with their occurrences."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        if len(m.entities) == 1:
            spans.setdefault(m.entities[0], []).append((m.start, m.end))
    ends: dict[str, End] = {}
    for ident, entity in facts.entities.items():
        names = [*entity.labels.values(), *(a for v in entity.aliases.values() for a in v)]
        ends[ident] = End(ident, entity.cls, tuple(dict.fromkeys(names)),
                          tuple(spans.get(ident, ())), labels=dict(entity.labels))
    covered = sorted(s for v in spans.values() for s in v)
    folded = fold(source.text)
    for item in proposed:
        name = item.get("name") or next(iter(item["label"].values()))
        names = tuple(dict.fromkeys([name, *(v for v in item["label"].values() if v != "TODO"),
                                     *(a for v in (item.get("aliases") or {}).values()
                                       for a in v)]))
        found = []
        for written in {fold(n) for n in names if len(n) >= 2}:
            for match in re.finditer(_bounded(written), folded):
                a, b = match.span()
                if not any(s < b and a < e for s, e in covered):
                    found.append((a, b))
        ends[item["id"]] = End(item["id"], item["class"], names, tuple(sorted(set(found))),
                               proposed=True, labels=dict(item["label"]))
    posts: dict[str, list[str]] = {}
    stated = set()
    # a fact stated one way is stated the other way too (hasMember of memberOf): never news
    inverse: dict[str, str] = {}
    for a, b in ontology.graph.subject_objects(OWL.inverseOf):
        if str(a).startswith(str(KGO)) and str(b).startswith(str(KGO)):
            inverse[str(a)[len(str(KGO)):]] = str(b)[len(str(KGO)):]
            inverse[str(b)[len(str(KGO)):]] = str(a)[len(str(KGO)):]
    for st in facts.statements.values():
        stated.add((st.subject, st.relation, st.object))
        if st.relation in inverse:
            stated.add((st.object, inverse[st.relation], st.subject))
        if st.relation == "postIn":
            posts.setdefault(st.object, []).append(st.subject)
    return Context(source, ends, statement_relations(ontology), ontology, posts, stated)


def _bounded(written: str) -> str:
    """A pattern of ``written`` that a Latin name matches only as whole words (Intel, not
    the start of intelligence); Han names have no word boundaries to keep."""
    head = r"(?<![A-Za-z0-9])" if written[:1].isascii() and written[:1].isalnum() else ""
    tail = r"(?![A-Za-z0-9])" if written[-1:].isascii() and written[-1:].isalnum() else ""
    return head + re.escape(written) + tail


def extract(context: Context, extractor: Extractor) -> Extraction:
    """Run ``extractor`` and keep what :func:`verify` accepts."""
    proposals = extractor.propose(context)
    kept, rejected = verify(context, proposals)
    used = {p.subject for p in kept} | {p.object for p in kept}
    new = [e for ident, e in context.new_entities.items() if ident in used]
    return Extraction(kept, rejected, new, extractor.name)


def verify(context: Context, proposals: Iterable) -> tuple[list[Proposal], Counter]:
    """The proposals that hold, one per triple (the most confident), and the rest counted by
    reason (:data:`REASONS`)."""
    best: dict[tuple[str, str, str], Proposal] = {}
    rejected: Counter = Counter()
    for p in proposals:
        reason = _check(context, p) if isinstance(p, Proposal) else "malformed"
        if reason:
            rejected[reason] += 1
            continue
        key = (p.subject, p.relation, p.object)
        if context.relations[p.relation].symmetric and p.object < p.subject:
            key = (p.object, p.relation, p.subject)
        if key in context.stated or (key[2], key[1], key[0]) in context.stated and \
                context.relations[p.relation].symmetric:
            rejected["already-stated"] += 1
            continue
        if key not in best or p.confidence > best[key].confidence:
            best[key] = p
    return sorted(best.values(), key=lambda p: (p.start, p.subject, p.relation, p.object)), \
        rejected


def _check(context: Context, p: Proposal) -> str | None:
    """Why ``p`` cannot be kept, or None (then its quote, offsets and confidence are set)."""
    if not all(isinstance(v, str) and v for v in (p.subject, p.relation, p.object)):
        return "malformed"
    if p.relation not in context.relations:
        return "unknown-relation"
    if p.subject not in context.ends or p.object not in context.ends:
        return "unknown-entity"
    if p.subject == p.object:
        return "same-ends"
    if not context.fits(p.relation, p.subject, p.object):
        return "domain-range"
    span = _locate(context, p)
    if span is None:
        return "quote-not-in-source"
    start, end = span
    text = context.source.text
    sentence = context.source.sentence_at(start)
    if not (sentence.start <= start and end <= sentence.end) and \
            not _antecedent_quote(context, p, sentence, end):
        return "quote-spans-sentences"
    quote = fold(text[start:end])
    for ident in (p.subject, p.object):
        if not any(len(n) >= 2 and fold(n) in quote for n in context.ends[ident].names):
            return "quote-lacks-name"
    if p.claimed_by is not None:
        agent = context.ends.get(p.claimed_by)
        if not isinstance(p.claimed_by, str) or agent is None or \
                not context.is_a(agent.cls, {PROV.Agent}):
            return "claimed-by"
    p.start, p.end, p.quote = start, end, text[start:end]
    try:
        p.confidence = round(min(1.0, max(0.0, float(p.confidence))), 2)
    except (TypeError, ValueError):
        p.confidence = 0.5
    return None


def _antecedent_quote(context: Context, p: Proposal, sentence, end: int) -> bool:
    """Whether a built-in rule's quote runs from a company named in one sentence into the next,
    whose 該公司 / 其 / "It" refers to it (an extractor's own quotes stay in one sentence)."""
    sentences = context.source.sentences
    if p.rule.startswith("rules:") and p.rule.endswith(_MAIN_RULE):
        return end - sentence.start <= _MAIN_REACH + 200
    return p.rule.startswith("rules:") and sentence.index < len(sentences) and \
        end <= sentences[sentence.index].end


def _locate(context: Context, p: Proposal) -> tuple[int, int] | None:
    """Where the proposal's quote is: at its offsets when the text there is the quote, else
    the first verbatim occurrence that names both ends (in the hinted sentence first)."""
    text = context.source.text
    quote = p.quote
    offsets = isinstance(p.start, int) and isinstance(p.end, int) and \
        0 <= p.start < p.end <= len(text)
    if quote is None:
        return (p.start, p.end) if offsets else None
    if not isinstance(quote, str) or not quote.strip():
        return None
    quote = quote.strip()
    if offsets and text[p.start:p.end].strip() == quote:
        return p.start + text[p.start:p.end].index(quote), \
            p.start + text[p.start:p.end].index(quote) + len(quote)
    starts, at = [], text.find(quote)
    while at >= 0:
        starts.append(at)
        at = text.find(quote, at + len(quote))
    if not starts:
        return None
    hint = p.sentence if isinstance(p.sentence, int) else None
    starts.sort(key=lambda a: context.source.sentence_at(a).index != hint)
    return starts[0], starts[0] + len(quote)


# ---------------------------------------------------------------------------------------------
# The rule-based extractor
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """One way a sentence states a relation: ``template`` over ``{S}`` / ``{Ss}`` (the
    subject, or a list of subjects), ``{O}`` / ``{Os}`` (object, list of objects), ``{cue}``
    (one of ``cues``), and the gaps ``{g}`` (a few characters within a clause, never across
    another name), ``{W}`` (a few English words, never across another name) and ``{G}`` (more,
    across the names of markets or products, never across 與 / 和): every gap stays in its
    clause. A template without a subject (or an object) takes the first end of the sentence
    before the match that fits (the layoff a clause goes on about, the company that raised a
    round). The first of ``relations`` whose domain and range the ends fit is proposed.
    ``strength``: how surely the cue states it."""

    name: str
    relations: tuple[str, ...]
    strength: float
    template: str
    cues: tuple[str, ...] = ()
    #: False when the template states the negation itself (未受影響: spared)
    negatable: bool = True
    #: the kgo: class (or ``org:`` one) the subject must be of, when the domain is wider than
    #: the rule's sense
    subject_class: str | None = None
    #: the same for the object (a group a company is one of)
    object_class: str | None = None


def _class_uri(name: str) -> URIRef:
    return ORG[name[4:]] if name.startswith("org:") else KGO[name]


def _of_classes(context: Context, rule: Rule, subject: str, obj: str) -> bool:
    """Whether the ends are of the classes the rule asks for beyond the relation's."""
    return all(cls is None or context.is_a(context.ends[end].cls, {_class_uri(cls)})
               for cls, end in ((rule.subject_class, subject), (rule.object_class, obj)))


_LINK_ZH = ("與", "和", "同", "跟")
_SHIFTS_ZH = ("調整為", "調整到", "轉向", "轉為", "轉移到", "轉到", "轉型為", "轉型到", "切換到", "換成")
_SHIFTS_EN = ("shifted", "shifts", "shifting", "moved", "moves", "moving", "pivoted", "pivots",
              "pivoting", "switched", "switches", "redirected")
_SUBSIDIARY_ZH = ("全資子公司", "控股子公司", "子公司", "附屬公司")
_SUBSIDIARY_EN = ("wholly owned subsidiary", "wholly-owned subsidiary", "subsidiary", "subsidiaries")
#: what a product's name names when one of these follows it: a team (混元大模型團隊)
_TEAMS = ("團隊", "部門", "事業部", "事業群", "實驗室", "項目組", "小組")
#: between a maker and "its": no other name, no other party its "its" could be (its rival)
_ITS_GAP = (r"(?:(?!{M}|\b(?:rivals?|competitors?|partners?|customers?|clients?|peers?|"
            r"investors?|parent|subsidiary|suppliers?)\b)[^,;。!?]){0,80}?")
# --- the cue tables: per relation family; Chinese written once (folded to match either script)
RULES: tuple[Rule, ...] = (
    # competition
    # 競爭 as a verb: A與B競爭; not the noun of A和B是其競爭對手 (both are a third party's rivals)
    Rule("competes-zh", ("competesWith",), 0.9, "{S}{g}(?:{link}){Os}{G}{cue}(?!對手|者|力)",
         ("競爭", "競逐", "角逐", "爭奪", "搶奪", "比拼", "較量")),
    # 曠視、商湯和雲從科技在政府項目上的競爭已明顯加劇: the last of a list competes with each
    # one before it (competes-zh pairs the two names around the link); never a list after a
    # link (A與B、C和D競爭: A's rivals, not each other's)
    Rule("competes-list-zh", ("competesWith",), 0.85,
         "(?<![与和及跟同])(?P<s>{M}(?:\\s?、\\s?{M}){1,6})\\s?(?:{link})\\s?{Os}{G}{cue}(?!對手|者|力)",
         ("競爭", "競逐", "角逐", "比拼", "較量")),
    Rule("rival-zh", ("competesWith",), 0.85,
         "{S}(?:的)?(?:(?:主要|最大|直接|頭號)(?:的)?)?{cue}(?:包括|有|是|為|如)?{Os}",
         ("競爭對手", "對手")),
    Rule("rival-of-zh", ("competesWith",), 0.85,
         "{Ss}(?:都|均|也|亦)?(?:是|為|成為|成了)(?:了)?{O}(?:的)?(?:(?:主要|最大|直接|頭號)(?:的)?)?{cue}", ("競爭對手", "對手")),
    Rule("competes-en", ("competesWith",), 0.9,
         r"{S}{g}\b{cue}\s+(?:[\w-]+\s+){0,2}?(?:with|against)\s+{Os}",
         ("competes", "compete", "competed", "competing")),
    Rule("rival-en", ("competesWith",), 0.85,
         r"{S}'s\s+(?:\w+\s+)?{cue},?\s+(?:include\s+|are\s+|is\s+|such as\s+)?{Os}",
         ("rivals", "rival", "competitors", "competitor")),
    Rule("rival-of-en", ("competesWith",), 0.8,
         r"{Ss}(?:,\s+|{R}\s+(?:is|are|was|were)\s+)(?:a|an|the)\s+(?:\w+\s+)?{cue}\s+(?:of|to)\s+{O}",
         ("rival", "competitor")),
    Rule("poss-rival-en", ("competesWith",), 0.8,
         r"{Ss}\s+(?:is|are|was|were|remains|remain|became|has become)\s+(?:also\s+)?{O}'s\s+"
         r"(?:\w+\s+){0,2}?{cue}", ("rival", "rivals", "competitor", "competitors")),
    Rule("counts-rivals-en", ("competesWith",), 0.8,
         r"{S},?\s+(?:which\s+|that\s+)?(?:counts|counted|lists|listed)\s+{Os}\s+(?:among|as)\s+"
         r"(?:its\s+|one of its\s+)?(?:\w+\s+)?{cue}", ("rivals", "competitors")),
    Rule("rivals-en", ("competesWith",), 0.8, r"{S}\s+and\s+{O}\s+are\s+(?:\w+\s+)?{cue}",
         ("rivals", "competitors")),
    Rule("compete-pair-en", ("competesWith",), 0.85,
         r"{S}\s+and\s+{O}\s+(?:\w+\s+)?{cue}\b", ("compete", "competed", "are competing", "vie",
                                                 "battle", "jostle")),
    Rule("rivals-such-as-en", ("competesWith",), 0.85,
         r"{S}{W}\b(?:faces|face|faced|facing|against|takes on|took on|competes with|"
         r"competing with)\s+(?:\w+\s+){0,2}?{cue},?\s+(?:such as|including|like|led by)\s+{Os}",
         ("rivals", "competitors", "competition")),
    # “AI四小龙”(商汤科技、云从科技、旷视科技、依图科技): a group and its members listed in
    # brackets right after it (two or more: one name in brackets is another name of it)
    Rule("group-list", ("hasMember",), 0.8,
         # a member linked by a shorter name than written (商湯 of 商湯科技)
         r"{S}[”」\"]?\s*\((?P<o>{N}(?:\s*(?:、|,|和|及|与|and)\s*{N})+)\)", (),
         subject_class="OrganizationGroup"),
    # membership: a company one of a group (商湯是“AI四小龍”之一, 作為AI四小龍之一的曠視,
    # 四小龍中的依圖, 是“AI四小龍”中吸金最多的一家, Megvii, one of China's AI dragons): the
    # object a group by its class (kgo:OrganizationGroup), not any company; 不是之一 is negated
    Rule("one-of-zh", ("memberOf",), 0.8,
         "{Ss}{g}(?:是|為|作為|身為|位列|躋身|屬於|同屬)(?:了)?(?:所謂的)?[“「\"]?{O}[”」\"]?"
         "(?:之一|成員之一|的成員|的一員|中的一員)", (), object_class="OrganizationGroup"),
    # 曠視科技與商湯、雲從、依圖並稱為“AI四小龍”: the members named together as the group
    Rule("named-together-zh", ("memberOf",), 0.8,
         "{Ss}{g}{cue}(?:了)?(?:[^,;。!?]{0,16}?的)?[“「\"]?{O}", ("並稱為", "並稱", "合稱為", "合稱",
                                                              "統稱為", "被稱為", "被稱作", "號稱"),
         object_class="OrganizationGroup"),
    Rule("as-one-of-zh", ("memberOf",), 0.8,
         "(?:作為|身為|同為|同屬)(?:所謂的)?[“「\"]?{O}[”」\"]?(?:之一|成員之一|的一員)(?:的)?,?{Ss}", (),
         object_class="OrganizationGroup"),
    Rule("of-group-zh", ("memberOf",), 0.75, "[“「\"]?{O}[”」\"]?(?:之中|當中|中)的{Ss}", (),
         object_class="OrganizationGroup"),
    # “AI四小龍”中,商湯的湯曉鷗...: the member opening the clause after the group
    Rule("group-opens-zh", ("memberOf",), 0.7, "[“「\"]?{O}[”」\"]?(?:之中|當中|中)[,:]{Ss}", (),
         object_class="OrganizationGroup"),
    Rule("among-group-zh", ("memberOf",), 0.7,
         "(?:^|,)(?:也|還|更|則|均|都)?(?:是|為)[“「\"]?{O}[”」\"]?(?:之中|當中|中){g}的一(?:家|個|員)", (),
         object_class="OrganizationGroup"),
    Rule("one-of-en", ("memberOf",), 0.8,
         r"{Ss}(?:,\s+|\s+(?:is|was|are|were|became|remains|remain)\s+(?:also\s+)?)(?:one|a\s+member|"
         r"members|part)\s+of\s+(?:the\s+|china's\s+)?(?:so-called\s+)?[\"“]?{O}", (),
         object_class="OrganizationGroup"),
    # sentence's company, a clause before
    Rule("facing-rivals-en", ("competesWith",), 0.8,
         r"{S}(?:'s)?[^;。!?]{0,80}?,\s+(?:while\s+|and\s+)?(?:facing|faces|faced)\s+"
         r"(?:\w+\s+){0,3}?{cue},?\s+(?:such as|including|like|led by)\s+{Os}",
         ("rivals", "competitors")),
    # Tencent reported higher sales, as evidenced by rival JD.com / Alibaba, like rival JD.com:
    # a rival named right after its own cue, in a later clause of the company's sentence
    Rule("named-rival-en", ("competesWith",), 0.75,
         r"{S}{W},\s+(?:\w+\s+){0,4}?(?:its\s+|fellow\s+|local\s+|domestic\s+)?{cue}\s+{O}",
         ("rival", "competitor")),
    Rule("vies-en", ("competesWith",), 0.85,
         r"{S}{g}\b{cue}\s+(?:[\w-]+\s+){0,2}?(?:with|against)\s+{Os}",
         ("vies", "vying", "vied", "battles", "battling", "battled", "jostles", "jostling",
          "spars", "sparring")),
    # Puma has lost ground to competitors like On and Hoka: the rivals listed after their cue,
    # in the company's clause (no other name between)
    Rule("rivals-like-en", ("competesWith",), 0.75,
         # (never across a verb of saying: "CloudWalk said rivals such as Megvii", whose?)
         r"{S}(?:(?!\b(?:said|says|told|tells|added|noted|warned|reported|claimed)\b)"
         r"[^\ue000-\uf8ff,;。!?]){0,40}?\b{cue},?\s+(?:such as|including|like|led by|namely)\s+{Os}",
         ("rivals", "competitors", "rival", "competitor"),
         negatable=False),  # "lost ground to rivals like" negates no rivalry
    Rule("faces-zh", ("competesWith",), 0.85,
         "{S}{g}(?:面臨|面對|遭遇|迎戰)(?:來自)?{Os}(?:等)?{g}{cue}", ("競爭", "挑戰")),
    # 尤其搜索廣告等傳統業務面臨字節跳動、騰訊等業者的激烈競爭: who faces it is named before
    Rule("faces-dropped-zh", ("competesWith",), 0.75,
         "(?:面臨|面對|遭遇)(?:來自)?{Os}(?:等)?{g}(?:的)?{g}{cue}", ("競爭", "挑戰")),
    # A and B pose a challenge to C's search business / A對B構成威脅
    Rule("challenge-en", ("competesWith",), 0.8,
         r"{Ss}\s+(?:[\w-]+\s+){0,2}?{cue}\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:challenge|threat)s?"
         r"\s+to\s+{O}", ("posing", "pose", "poses", "posed")),
    Rule("challenge-zh", ("competesWith",), 0.8,
         "{Ss}{g}(?:對|給){O}(?:的{g})?{cue}(?:了)?{g}(?:威脅|挑戰|衝擊)", ("構成", "帶來", "形成")),
    Rule("benchmarks-zh", ("competesWith",), 0.8, "{S}{g}{cue}(?:了)?{Os}", ("對標", "叫板", "硬剛")),
    # 相較於A(00020.HK)、B、C等競爭對手,X在...: the company opening the next clause
    Rule("compared-rivals-zh", ("competesWith",), 0.8,
         "(?:相較於|相比於|相較|相比|比起|對比)(?:{skip}){Os}(?:等)?(?:其他|其它)?(?:的)?{cue},{S}",
         ("競爭對手", "對手", "同行", "友商")),
    # Compared with rivals A, B and C, X ... / Unlike its rivals A and B, X ...
    Rule("compared-rivals-en", ("competesWith",), 0.8,
         r"\b(?:compared\s+(?:with|to)|unlike|relative\s+to|versus)\s+(?:its\s+|their\s+)?"
         r"(?:\w+\s+)?{cue},?\s+(?:such\s+as\s+|like\s+|including\s+)?{Os},\s+{S}",
         ("rivals", "competitors", "peers")),
    # partnership
    Rule("partners-zh", ("partnersWith",), 0.9, "{S}{g}(?:{link}){Os}{G}{cue}",
         ("達成合作", "達成戰略合作", "展開合作", "開展合作", "簽署合作", "簽訂合作", "簽署戰略合作",
          # 與約克大學聯合創建了實驗室, 與英偉達聯合推出: what the two make together
          "聯合創建", "聯合創立", "聯合研發", "聯合開發", "聯合推出", "聯合發布", "共同研發",
          "共同開發", "共同推出", "共建",
          "建立合作", "深化合作", "戰略合作", "合作", "攜手", "聯手", "牽手", "結盟", "合資")),
    # 小米與寧德時代簽署了電池供應協議
    Rule("agreement-zh", ("partnersWith",), 0.85,
         "{S}{g}(?:{link}){Os}(?:正式|已|已經)?(?:簽署|簽訂|簽約|達成|訂立|簽)(?:了)?{G}{cue}",
         ("協議", "協定", "合約", "合同", "備忘錄", "框架協議")),
    Rule("joins-hands-zh", ("partnersWith",), 0.85, "{S}{g}{cue}(?:了)?{Os}",
         ("攜手", "聯手", "牽手", "聯合")),
    Rule("partner-zh", ("partnersWith",), 0.85,
         "{S}(?:的)?(?:(?:戰略|重要|長期|主要|最大)(?:的)?)?{cue}(?:包括|有|是|為|如)?{Os}", ("合作夥伴", "夥伴")),
    Rule("partner-of-zh", ("partnersWith",), 0.85,
         "{Ss}(?:都|均|也|亦)?(?:是|為|成為|成了)(?:了)?{O}(?:的)?(?:戰略|重要|長期)?(?:的)?{cue}", ("合作夥伴", "夥伴")),
    Rule("partners-en", ("partnersWith",), 0.9, r"{S}{g}\b{cue}\s+with\s+{Os}",
         ("partners", "partnered", "partner", "partnering", "teamed up", "teams up", "team up",
          "teaming up", "cooperates", "cooperated", "cooperating", "collaborates",
          "collaborated", "collaborating", "joined forces", "joins forces", "join forces",
          "joined hands", "joins hands", "allied")),
    Rule("partnership-with-en", ("partnersWith",), 0.85, r"{S}{W}\b{cue}\s+with\s+{Os}",
         ("partnership", "alliance", "tie-up", "joint venture", "collaboration",
          "cooperation agreement", "partnership agreement", "strategic cooperation")),
    Rule("partner-of-en", ("partnersWith",), 0.85,
         r"{Ss}\s+(?:is|are|was|were|became|has become|remains)\s+(?:also\s+)?(?:a|an|one of)?"
         r"\s*(?:\w+\s+)?{cue}\s+(?:of|to)\s+{O}", ("partner", "partners", "ally", "allies")),
    Rule("poss-partners-en", ("partnersWith",), 0.85,
         r"{S}'s\s+(?:\w+\s+)?{cue}\s+(?:include|includes|included|are|is)\s+{Os}",
         ("partners", "partner", "allies")),
    Rule("partnership-en", ("partnersWith",), 0.85,
         r"{S}{g}\b(?:signed|formed|announced|struck|entered into|reached|set up)\s+(?:a|an)\s+"
         r"(?:[\w-]+\s+){0,2}?{cue}\s+with\s+{Os}", ("partnership", "alliance", "agreement",
                                                     "cooperation", "deal", "pact", "contract",
                                                     "memorandum of understanding")),
    Rule("co-verb-en", ("partnersWith",), 0.85, r"{S}\s+and\s+{O}\s+(?:have\s+|has\s+|will\s+)?{cue}\b",
         ("co-launched", "co-launch", "co-developed", "co-develop", "jointly launched",
          "jointly developed", "jointly built", "co-founded a", "set up a joint venture")),
    # Stellantis and Leapmotor announced a long-term partnership
    Rule("pair-partnership-en", ("partnersWith",), 0.85,
         r"{S}\s+and\s+{O}\s+(?:have\s+|has\s+|had\s+|will\s+|jointly\s+)?(?:signed|formed|announced|"
         r"struck|entered into|reached|set up|agreed on|unveiled|launched)\s+(?:a|an|the)\s+"
         r"(?:[\w-]+\s+){0,2}?{cue}", ("partnership", "alliance", "joint venture", "cooperation",
                                     "agreement", "tie-up", "collaboration")),
    Rule("partnership-between-en", ("partnersWith",), 0.85,
         r"\b{cue}\s+between\s+{S}\s+and\s+{O}", ("partnership", "alliance")),
    # customers and supply: supplies(supplier, customer)
    Rule("customer-of-zh", ("supplies",), 0.85,
         "{Os}(?:已|已經|也|均|都|亦|一直|正式)?(?:是|為|成為|成了)(?:了)?{S}(?:的)?{g}{cue}", ("客戶",)),
    Rule("customers-list-zh", ("supplies",), 0.8,
         "{S}{g}{cue}(?:群)?(?:包括|涵蓋|覆蓋)(?:了)?{Os}", ("客戶",)),
    Rule("supplier-of-zh", ("supplies",), 0.85,
         "{Ss}(?:已|已經|也|一直)?(?:是|為|成為|成了)(?:了)?{O}的{g}{cue}",
         ("供應商", "供貨商", "提供商", "服務商")),
    Rule("suppliers-zh", ("supplies",), 0.8,
         "{O}(?:的)?(?:主要|核心|重要)?{cue}(?:包括|有|為|是|涵蓋)(?:了)?{Ss}",
         ("供應商", "供貨商")),
    Rule("customers-zh", ("supplies",), 0.8,
         "{S}(?:的)?(?:(?:主要|重要|大|最大|核心)(?:的)?)?{cue}(?:主要|多|均|大多)?(?:包括|有|涵蓋|如|為|是)?{Os}",
         ("客戶",)),
    Rule("supply-to-zh", ("supplies",), 0.85, "{S}{g}(?:為|向|給){Os}{g}{cue}",
         ("提供", "供應", "供貨", "交付")),
    Rule("uses-chips-zh", ("supplies",), 0.85,
         "{Os}{g}(?:採用|使用|搭載|購買|採購|訂購|租用|選用|部署)(?:了)?{Ss}(?:的)?{G}{cue}",
         ("芯片", "晶片", "GPU", "處理器", "加速卡", "算力", "雲服務", "服務器", "伺服器", "技術",
          "方案", "解決方案", "大模型", "模型", "系統", "平台", "產品", "服務")),
    Rule("chips-include-zh", ("supplies",), 0.75,
         "(?:合作|採用|使用|選用|適配)的{g}{cue}(?:廠商|供應商|品牌)?(?:包括|有|如|涵蓋)(?:了)?{Ss}",
         ("芯片", "晶片", "GPU", "加速卡", "雲服務", "處理器")),
    Rule("based-on-zh", ("supplies",), 0.8, "{O}{g}基於{Ss}(?:的)?{g}{cue}",
         ("芯片", "晶片", "GPU", "處理器", "加速卡", "算力", "雲", "大模型")),
    Rule("offers-zh", ("offers",), 0.75,
         "{S}{g}(?:推出|發布|發佈|提供|上線|亮相|開源|升級)(?:了)?(?:{g}[「“\"《])?{Os}", ()),
    Rule("offers-dropped-zh", ("offers",), 0.7,
         "(?:^|,)(?:屆時|並|還|也|同時|隨後|此外)(?:將|已|會)?(?:正式)?(?:推出|發布|發佈|上線)(?:了)?"
         "(?:全新的?|新一代的?|新版)?{Os}", ()),
    Rule("offered-by-zh", ("offers",), 0.75,
         "{Os}(?:是|為|由)(?:了)?{S}(?:所|自主|自)?(?:推出|開發|研發|發布|打造)", ()),
    Rule("poss-product-zh", ("offers",), 0.7, "{S}(?:的|旗下的|推出的|自研的){O}", ()),
    # 鷹瞳科技宣布自主研發的萬語醫療大模型: what the maker says it developed itself
    Rule("developed-product-zh", ("offers",), 0.7,
         "{S}(?:公司)?(?:宣布|宣佈|表示|稱)?(?:其)?(?:自主研發|自主開發|自研)的{O}", ()),
    # 阿里巴巴正式发布了其...能力最强的模型Qwen3-Max: the product's head after what describes it
    Rule("offers-head-zh", ("offers",), 0.7,
         "{S}{g}(?:推出|發布|發佈|上線|開源|升級)(?:了)?{G}{cue}(?:[「“\"《])?{O}",
         ("大模型", "模型", "產品", "平台", "App", "應用", "芯片", "手機", "系統", "助手", "框架")),
    # 騰訊的元寶、ima、QQ瀏覽器等產品: products listed after their maker, closed by their kind
    Rule("products-list-zh", ("offers",), 0.7,
         "{S}(?:的|旗下的|旗下|推出的|自研的){Os}等(?:多款|[一二三四五六七八九十幾多0-9]+款)?(?:AI)?{cue}",
         ("產品", "應用", "App", "APP", "服務", "工具")),
    # 宏達電旗艦手機U11, 華為的昇騰芯片: a product's head between its maker and its name
    Rule("head-product-zh", ("offers",), 0.7,
         "{S}(?:的|旗下的|自研的)?(?:旗艦|新款|最新|新一代|自研)?{cue}(?:[“「\"])?{O}",
         ("手機", "芯片", "晶片", "處理器", "大模型", "模型", "平台", "汽車", "車型", "App", "應用")),
    # 全新小鵬MONA M03, 特斯拉Optimus: a product named right after its maker, nothing between
    # (騰訊混元大模型團隊: a team named after the product, no launch)
    Rule("maker-product-zh", ("offers",), 0.7,
         "{S}(?:全新|新款|新一代|旗艦|最新)?{O}(?!" + "|".join(_TEAMS) + ")", (),
         object_class="Product"),
    # PDD Holdings warned ..., after the Chinese owner of discount shopping sites Temu and
    # Pinduoduo reported: the owner is the company the sentence names before
    Rule("owner-of-en", ("offers", "hasSubsidiary"), 0.75,
         # (not "OpenAI, the developer of ChatGPT": the name right before is the maker,
         # maker-of-en's)
         r"(?<![\ue000-\uf8ff],\s)(?<![\ue000-\uf8ff],)\b(?:the|its|a)\s+(?:[\w-]+\s+){0,2}?{cue}\s+of\s+"
         r"(?:[\w-]+\s+){0,3}?{Os}",
         ("owner", "operator", "maker", "developer", "creator"), object_class="Product"),
    # its proprietary deep learning framework MegEngine, SenseTime's chatbot, SenseChat: a
    # product named after its kind, right after its maker's possessive
    Rule("poss-kind-product-en", ("offers",), 0.75,
         r"{S}['’]s\s+(?:[\w-]+\s+){0,3}?{cue},?\s+(?:the\s+)?{O}",
         ("model", "models", "chatbot", "platform", "framework", "app", "apps", "assistant",
          "chip", "chips", "processor", "service", "brand", "brands", "smartphone", "robot",
          "operating system", "search engine", "browser", "game", "car", "vehicle", "suv"),
         object_class="Product"),
    # Alibaba Cloud cut prices for its Qwen models / Megvii would open-source its proprietary
    # framework MegEngine: "its" in the clause of the company named last before it
    Rule("its-product-en", ("offers",), 0.7,
         r"{S}" + _ITS_GAP + r"\bits\s+(?:own\s+|new\s+|latest\s+|flagship\s+)?{O}\s+"
         r"{cue}\b", ("model", "models", "chatbot", "chatbots", "app", "apps", "chip", "chips",
                      "platform", "model family", "series", "brand", "service"),
         object_class="Product"),
    Rule("its-kind-product-en", ("offers",), 0.7,
         r"{S}" + _ITS_GAP + r"\bits\s+(?:[\w-]+\s+){0,3}?{cue},?\s+(?:the\s+)?{O}",
         ("model", "models", "chatbot", "platform", "framework", "app", "assistant", "chip",
          "processor", "service", "brand", "smartphone", "robot", "operating system",
          "search engine", "browser", "game", "car", "vehicle", "suv", "robotaxi service"),
         object_class="Product"),
    # 小鵬汽車...包括新版本MONA M03,以及新款G6和G9: new models of the company the sentence
    # named before (never right after another name: 華為新款Mate 70 is maker-product-zh's)
    Rule("new-models-zh", ("offers",), 0.65,
         "(?<![\ue000-\uf8ff])(?:全新|新款|新一代|新版本|新版)(?:的)?{Os}", (), object_class="Product"),
    # The upgraded AI chatbot Qwen, Alibaba's answer to OpenAI's ChatGPT
    Rule("answer-to-en", ("offers",), 0.75,
         r"{O},\s+{S}['’]s\s+(?:own\s+|latest\s+)?{cue}\s+to\b", ("answer", "response", "rival",
                                                                  "challenger"),
         object_class="Product"),
    Rule("customer-of-en", ("supplies",), 0.85,
         r"{Os}\s+(?:is|are|was|were|became)\s+(?:a|an|one of)?\s*(?:\w+\s+)?{cue}\s+of\s+{S}",
         ("customers", "customer", "client", "clients")),
    Rule("customer-poss-en", ("supplies",), 0.85,
         r"{Os}\s+(?:is|are|was|were|became)\s+{S}'s\s+(?:\w+\s+)?{cue}",
         ("customers", "customer", "client", "clients")),
    Rule("customers-en", ("supplies",), 0.8,
         r"{S}'s\s+(?:\w+\s+)?{cue}\s+(?:include|includes|included|are)\s+{Os}",
         ("customers", "clients")),
    Rule("customers-such-as-en", ("supplies",), 0.8,
         r"{S}{W}\b{cue}\s+(?:such as|including|like)\s+{Os}", ("customers", "clients")),
    Rule("counts-customers-en", ("supplies",), 0.8,
         r"{S}{g}\b(?:counts|counted|lists|listed|names|named)\s+{Os}\s+(?:among|as)\s+"
         r"(?:its\s+|one of its\s+)?(?:\w+\s+)?{cue}", ("customers", "clients", "customer")),
    # Volcano Engine sells cloud services to carmakers, and counts Geely among its customers:
    # the company the clause before opens with (no other name between)
    Rule("and-counts-customers-en", ("supplies",), 0.75,
         r"{S}(?:(?!{M})[^,;。!?]){0,60}?,\s+and\s+(?:also\s+)?(?:counts|counted|lists|listed)\s+"
         r"{Os}\s+(?:among|as)\s+(?:its\s+|one of its\s+)?(?:\w+\s+)?{cue}",
         ("customers", "clients", "customer")),
    Rule("its-customers-en", ("supplies",), 0.8,
         r"{Os}\s+(?:is|are|was|were|remain|remains|became)\s+(?:also\s+)?{S}(?:'s)?\s+(?:\w+\s+){0,2}?"
         r"{cue}\b", ("customers", "customer", "clients", "client")),
    Rule("supplier-of-en", ("supplies",), 0.85,
         r"{S}(?:,\s+|\s+(?:is|was|became|remains)\s+)(?:a|an|the|one of the)\s+"
         r"(?:\w+\s+){0,2}?{cue}\s+(?:to|of|for)\s+{Os}",
         ("supplier", "suppliers", "vendor", "vendors", "provider")),
    Rule("suppliers-en", ("supplies",), 0.8,
         r"{O}'s\s+(?:\w+\s+)?{cue}\s+(?:include|includes|included|are)\s+{Ss}",
         ("suppliers", "vendors")),
    Rule("supplies-en", ("supplies",), 0.85, r"{S}{g}\b{cue}\s+(?:[\w-]+\s+){0,4}?to\s+{Os}",
         ("supplies", "supplied", "sells", "sold", "provides", "provided")),
    Rule("supplies-direct-en", ("supplies",), 0.8, r"{S}{g}\b{cue}\s+{Os}(?:\s+with)?\b",
         ("supplies", "supplied", "supply", "supplying")),
    # Huawei Cloud will provide ByteDance with computing capacity
    Rule("provides-with-en", ("supplies",), 0.8, r"{S}{g}\b{cue}\s+{Os}\s+with\b",
         ("provides", "provided", "provide", "providing", "equips", "equipped", "equip")),
    Rule("uses-chips-en", ("supplies",), 0.85,
         r"{O}{g}\b(?:uses|used|relies on|relied on|buys|bought|rents|rented|runs on)\s+"
         r"(?:[\w-]+\s+){0,3}?{cue}\s+(?:from|made by|supplied by|of)\s+{Ss}",
         ("chips", "gpus", "processors", "accelerators", "computing power", "cloud services",
          "servers", "compute")),
    Rule("uses-poss-en", ("supplies",), 0.8,
         r"{O}{g}\b(?:uses|used|relies on|relied on|buys|bought|rents|rented)\s+{Ss}'s?\s+"
         r"(?:[\w-]+\s+){0,2}?{cue}",
         ("chips", "gpus", "processors", "accelerators", "computing power", "cloud services",
          "servers")),
    Rule("powered-by-en", ("supplies",), 0.85,
         r"{O}{W}\b(?:is\s+|are\s+|was\s+|were\s+)?(?:powered|driven|built|running|run|based)\s+"
         r"(?:by|on|upon)\s+{Ss}(?:'s?)?\s+(?:[\w-]+\s+){0,4}?{cue}",
         ("chips", "chip", "gpus", "processors", "processor", "accelerators", "computing power",
          "cloud", "servers", "models", "compute")),
    Rule("offers-en", ("offers",), 0.75,
         r"{S}{g}\b{cue}\s+(?:its\s+|the\s+|a\s+|an\s+)?{words}{Os}",
         ("launched", "launches", "released", "releases", "offers", "unveiled", "unveils",
          "introduced", "introduces", "rolled out", "rolls out", "debuted", "sells", "makes",
          "develops", "developed", "built", "open-sourced")),
    Rule("products-including-en", ("offers",), 0.7,
         r"{S}(?:'s)?(?:\s+[\w-]+){0,2},?\s+(?:including|such as|like)\s+{Os}\s+{cue}\b",
         ("products", "devices", "apps", "brands", "phones", "smartphones", "models")),
    Rule("offered-by-en", ("offers",), 0.75,
         r"{Os},?\s+(?:which\s+)?(?:was\s+|is\s+|were\s+|are\s+)?(?:first\s+)?{cue}\s+by\s+{S}",
         ("launched", "developed", "made", "built", "released", "offered")),
    Rule("poss-product-en", ("offers",), 0.7, r"{S}'s\s+{words}{O}", ()),
    # the firm would open-source its proprietary deep learning framework MegEngine: a launch
    # verb, then what the product is right before its name
    Rule("offers-head-en", ("offers",), 0.7,
         r"{S}{W}\b(?:launched|launches|released|releases|unveiled|unveils|introduced|introduces|"
         r"rolled out|rolls out|debuted|open-sourced|open-source|open-sources|developed|built)\s+"
         r"(?:its|their|the|a|an)\s+(?:[\w-]+\s+){0,4}?{cue}\s+{O}",
         ("platform", "framework", "model", "chatbot", "app", "assistant", "engine", "chip",
          "operating system")),
    # OpenAI, the developer of ChatGPT / ChatGPT開發商OpenAI: a maker named by what it makes
    Rule("maker-of-en", ("offers",), 0.8,
         r"{S},\s+(?:the|a|an|its)\s+(?:[\w-]+\s+){0,2}?{cue}\s+(?:of|behind)\s+{Os}",
         ("developer", "maker", "creator", "company", "firm", "start-up", "startup")),
    Rule("maker-of-zh", ("offers",), 0.8, "{O}(?:的)?{cue}{S}", ("開發商", "研發商", "製造商", "開發者")),
    # 豆包(字節跳動)、文心一言(百度): a product with its maker in brackets (a company in
    # brackets after a company is a gloss: the classes keep it out)
    Rule("maker-in-brackets-zh", ("offers",), 0.75, "{O}\\s?\\({S}\\)", ()),
    # Google母公司Alphabet / Alphabet, the parent of Google / Google's parent Alphabet
    Rule("parent-zh", ("hasSubsidiary", "hasUnit"), 0.85, "{O}(?:的)?{cue}(?:為|是)?{S}", ("母公司",)),
    Rule("parent-of-en", ("hasSubsidiary", "hasUnit"), 0.85,
         r"{S},\s+(?:the\s+|its\s+)?{cue}\s+of\s+{O}", ("parent company", "parent")),
    Rule("poss-parent-en", ("hasSubsidiary", "hasUnit"), 0.85,
         r"{O}(?:'s)?\s+{cue},?\s+{S}", ("parent company", "parent")),
    # investment and acquisition
    Rule("stake-zh", ("investsIn",), 0.85,
         "{S}{g}(?:收購|買入|購入|增持|入股|持有)(?:了)?{O}(?:的)?{g}{cue}",
         ("股份", "股權")),
    Rule("invests-zh", ("investsIn",), 0.85, "{S}{g}{cue}(?:了)?{Os}",
         ("入股", "投資", "注資", "領投", "參投", "戰略投資")),
    # 此前小米投資的智芯半導體、博泰車聯網等企業: the companies it invested in (not 投資的X的Y)
    Rule("invested-of-zh", ("investsIn",), 0.8,
         "{S}(?:所|曾經|曾|已經|已|先後|此前)?{cue}(?:過)?的{Os}(?!的)", ("投資", "入股", "參投", "領投", "注資")),
    Rule("invested-by-zh", ("investsIn",), 0.8,
         "{O}{g}(?:獲得?|接受|迎來)(?:了)?{Ss}(?:的)?{g}{cue}",
         ("投資", "注資", "入股", "融資")),
    Rule("invested-by-dropped-zh", ("investsIn",), 0.75,
         # ...創立曠視科技,2016年獲富士康、建銀國際等1億美元C輪融資: a date may open the clause
         "(?:^|,)(?:[0-9]{2,4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?)?"
         "(?:此後|隨後|之後|其後|後來|今年|去年|此前|並|又|還|也|先後|相繼|曾){0,3}"
         "(?:獲得?|接受|迎來)(?:了)?{Ss}(?:等)?(?:機構|基金|資本)?(?:的)?{g}{cue}",
         ("投資", "注資", "入股", "融資")),
    Rule("acquires-zh", ("acquires",), 0.85,
         # Google今天同意以21億美元(新台幣645億元)收購穿戴式裝置公司Fitbit: the price, the kind
         "{S}{g}(?:以{g}(?:\\([^()]{1,24}\\))?{g})?{cue}(?:了)?{kind}{O}(?!{g}(?:股份|股權))",
         ("收購", "併購", "吞併", "買下", "全資收購")),
    Rule("acquired-by-zh", ("acquires",), 0.85, "{O}{g}(?:被|遭|獲){S}(?:以{g})?(?:全資|正式)?{cue}",
         ("收購", "併購", "買下", "收入囊中")),
    Rule("acquisition-of-zh", ("acquires",), 0.85, "{S}{g}(?:完成|宣布|擬)(?:了)?對{O}(?:的)?(?:全資)?{cue}",
         ("收購", "併購")),
    Rule("invests-to-zh", ("investsIn",), 0.85,
         "{S}{g}(?:向|對){O}(?:進行|完成)?(?:了)?{g}{cue}", ("投資", "注資", "增資", "入股", "戰略投資")),
    Rule("shareholders-zh", ("investsIn",), 0.85,
         # 曠視投資方還包括創新工場、富士康
         "{O}(?:的)?(?:主要|大|第一大|最大|重要|現有)?{cue}(?:還|也|則|亦)?(?:包括|有|為|是|如|還有|中,|之中,|當中,)"
         "(?:了)?{Ss}",
         ("股東", "投資方", "投資者", "投資人", "投資機構", "出資方")),
    Rule("shareholder-of-zh", ("investsIn",), 0.85,
         # 螞蟻集團為曠視大股東: 的 may be left out
         "{Ss}(?:已|也|均)?(?:是|為|成為|成了)(?:了)?{O}(?:的)?(?:主要|大|第一大|最大|重要|戰略)?{cue}",
         ("股東", "投資方", "投資者", "投資人")),
    # 小米參與了智譜AI的B輪融資
    Rule("joined-round-zh", ("investsIn",), 0.8,
         "{Ss}{g}(?:參與|參投|跟投|領投)(?:了)?{O}(?:的)?{g}{cue}", ("融資", "投資", "募資")),
    Rule("led-round-zh", ("investsIn",), 0.8,
         "(?:由)?{Ss}(?:等)?(?:機構|基金|資本)?(?:共同|聯合)?{cue}(?!了?{M})",
         ("領投", "跟投", "參投", "聯合領投")),
    Rule("stake-en", ("investsIn",), 0.85,
         r"{S}{g}\b(?:took|takes|taken|acquired|acquires|bought|buys|holds|held|owns|has)\s+"
         r"(?:a|an)\s+(?:[\d.]+\s?%\s+|[\w-]+\s+){0,2}?{cue}\s+in\s+{O}", ("stake", "interest")),
    Rule("invests-en", ("investsIn",), 0.85,
         r"{S}{g}\b{cue}\s+(?:[\w$£€¥.,()-]+\s+){0,7}?in\s+{O}",
         ("invests", "invested", "investing", "invest")),
    Rule("acquires-en", ("acquires",), 0.85,
         r"{S}{g}\b{cue}\s+{O}(?!'s\s|\s+(?:[\w-]+\s+)?(?:chips?|gpus?|shares|products|servers|"
         r"services|processors|accelerators|stakes?)\b)",
         ("acquires", "acquired", "will acquire", "to acquire", "buys", "bought", "takes over",
          "took over")),
    Rule("acquired-by-en", ("acquires",), 0.85,
         r"{O}\s+(?:was|is|has been|will be|had been|agreed to be|agrees to be)\s+{cue}\s+by\s+{S}",
         ("acquired", "bought", "taken over", "purchased")),
    Rule("acquisition-en", ("acquires",), 0.8, r"{S}'s\s+(?:\w+\s+)?{cue}\s+of\s+{O}(?!'s\s)",
         ("acquisition", "purchase", "takeover", "buyout")),
    Rule("agreed-to-buy-en", ("acquires",), 0.85,
         r"{S}{g}\b(?:agreed|agrees|plans|planned|offered|moved|is set|was set)\s+to\s+{cue}\s+{O}"
         r"(?!'s\s)", ("buy", "acquire", "take over", "purchase")),
    Rule("completed-acquisition-en", ("acquires",), 0.85,
         r"{S}{g}\b(?:completed|completes|announced|announces|closed|closes|finalised|finalized|"
         r"made)\s+(?:its\s+|the\s+|an?\s+)?(?:[\w$.-]+\s+){0,3}?{cue}\s+of\s+{O}(?!'s\s)",
         ("acquisition", "purchase", "takeover")),
    Rule("backed-by-en", ("investsIn",), 0.85,
         r"{O},?\s+(?:which\s+|that\s+)?(?:is\s+|are\s+|was\s+|were\s+|has been\s+|have been\s+)?"
         r"(?:also\s+|jointly\s+|partly\s+)?{cue}\s+by\s+{Ss}",
         ("backed", "funded", "financed", "bankrolled")),
    Rule("startup-backed-en", ("investsIn",), 0.8,
         r"\b(?:start-?up|company|firm|venture)\s+{S}\s+(?:had\s+|has\s+)?{cue},?\s+{O}",
         ("backed", "funded", "invested in")),
    Rule("funded-en", ("investsIn",), 0.8,
         r"{Ss},?(?:\s+\w+,)?\s+(?:recently\s+|also\s+|have\s+|has\s+|jointly\s+)*{cue}\s+"
         r"(?:another\s+|a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:start-?up|company|firm|developer|"
         r"maker),?\s+{O}", ("funded", "backed", "financed")),
    Rule("poured-into-en", ("investsIn",), 0.75,
         r"{S}{g}\b{cue}\s+(?:[\w$.,-]+\s+){0,5}?into\s+(?:[\w-]+\s+){0,6}?(?:like|such as|"
         r"including)\s+{Os}", ("poured", "has poured", "invested", "put")),
    Rule("dash-backed-en", ("investsIn",), 0.85,
         r"{Ss}-{cue}\s+(?:(?:ai\s+)?(?:start-?up|company|firm|unicorn|rival|maker|developer|group)\s+)?{O}",
         ("backed", "funded")),
    # ... has reportedly led a funding round of over US$ 600 million for AI startup MiniMax:
    # the round's size after it, what the company is before its name
    Rule("led-round-en", ("investsIn",), 0.85,
         r"{S}{g}\b(?:(?:reportedly|also|jointly|recently)\s+)?(?:led|co-led|joined|participated in)"
         r"\s+(?:the\s+|a\s+|an\s+)?(?:[\w$.-]+\s+){0,4}?{cue}"
         r"(?:\s+(?:of|worth|totalling|totaling)(?:\s+[\w$.,-]+){1,5}?)?\s+(?:in|for|into|of)\s+"
         r"(?:(?:ai|tech|chinese|local)\s+)?(?:(?:start-?up|company|firm|developer|unicorn)\s+)?{O}",
         ("round", "investment", "financing", "fundraising")),
    # MiniMax has attracted funding at a valuation of $2.5 billion, with Alibaba and HongShan
    # investing: the backers in the clause after the company's raise
    Rule("with-investing-en", ("investsIn",), 0.8,
         r"{O}{g}\b(?:raised|raises|attracted|attracts|secured|secures|received|receives|closed|"
         r"closes)\b(?:(?!{M})[^;。!?]){0,80}?,\s+with\s+{Ss}\s+(?:also\s+)?{cue}\b",
         ("investing", "participating", "joining", "taking part")),
    Rule("raised-from-en", ("investsIn",), 0.8,
         r"{O}{g}\b(?:raised|raises|secured|secures|received|receives|got)\s+(?:[\w$.,-]+\s+){0,6}?"
         r"{cue}\s+{Ss}", ("from", "led by")),
    Rule("round-led-by-en", ("investsIn",), 0.8,
         r"\b(?:round|financing|investment)\s+(?:was\s+)?{cue}\s+by\s+{Ss}(?!\s+(?:in|for|into)\s)",
         ("led", "co-led")),
    Rule("counts-backers-en", ("investsIn",), 0.8,
         r"{O},?\s+(?:which\s+|that\s+)?(?:counts|counted|lists|listed)\s+{Ss}\s+(?:among|as)\s+"
         r"(?:its\s+|one of its\s+)?(?:\w+\s+)?{cue}", ("backers", "investors", "shareholders")),
    Rule("poss-investor-en", ("investsIn",), 0.8,
         r"{Ss}\s+(?:is|are|was|were|remains|remain|became|has become)\s+(?:also\s+)?{O}'s\s+"
         r"(?:\w+\s+){0,2}?{cue}", ("shareholder", "shareholders", "investor", "investors",
                                    "backer", "backers")),
    Rule("poss-supplier-en", ("supplies",), 0.8,
         r"{Ss}\s+(?:is|are|was|were|remains|remain|became|has become)\s+(?:also\s+)?{O}'s\s+"
         r"(?:\w+\s+){0,2}?{cue}", ("supplier", "suppliers", "vendor", "provider")),
    Rule("poss-partner-en", ("partnersWith",), 0.8,
         r"{Ss}\s+(?:is|are|was|were|remains|remain|became|has become)\s+(?:also\s+)?{O}'s\s+"
         r"(?:\w+\s+){0,2}?{cue}", ("partner", "partners", "ally")),
    Rule("investors-en", ("investsIn",), 0.8,
         r"{O}'s\s+(?:\w+\s+)?{cue}\s+(?:include|includes|included|are)\s+{Ss}",
         ("investors", "backers", "shareholders")),
    # Nvidia's recent investments in the sector, including a $5 billion stake in Intel
    Rule("poss-stake-en", ("investsIn",), 0.8,
         r"{S}'s\s+(?:[\w-]+\s+){0,2}?{cue}\b[^;。!?]{0,60}?\b(?:stake|stakes|holding)\s+in\s+{Os}",
         ("investments", "investment", "bets", "deals")),
    Rule("investor-of-en", ("investsIn",), 0.8,
         r"{Ss}(?:,\s+|\s+(?:is|are|was|were|remains)\s+)(?:an?\s+|one of\s+)?(?:the\s+)?"
         r"(?:\w+\s+){0,2}?{cue}\s+(?:in|of)\s+{O}",
         ("investor", "investors", "shareholder", "shareholders", "backer", "backers")),
    # units and segments
    # subsidiaries: a company a company controls (hasSubsidiary), else a unit
    Rule("subsidiary-of-zh", ("hasSubsidiary", "hasUnit"), 0.85,
         "{Os}(?:是|為|屬於|成為)(?:了)?{S}(?:的)?(?:全資|控股|附屬|旗下)?(?:的)?{cue}", _SUBSIDIARY_ZH),
    Rule("subsidiaries-zh", ("hasSubsidiary", "hasUnit"), 0.8,
         "{S}(?:的|旗下的?)?(?:全資|控股|附屬)?{cue}(?:包括|有|為|如)?{Os}", _SUBSIDIARY_ZH),
    Rule("subsidiary-of-en", ("hasSubsidiary", "hasUnit"), 0.85,
         r"{Os}(?:,\s+|\s+(?:is|was|became|remains)\s+)(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?{cue}\s+of\s+{S}",
         _SUBSIDIARY_EN),
    Rule("poss-subsidiary-en", ("hasSubsidiary", "hasUnit"), 0.8,
         r"{S}'s\s+(?:[\w-]+\s+){0,2}?{cue},?\s+{Os}", _SUBSIDIARY_EN),
    # (not hasSubsidiary: 旗下 opens lists that run on past its items: 中國電信旗下的天翼雲、中國移動)
    Rule("under-zh", ("hasUnit", "hasSegment", "offers"), 0.85,
         "{S}(?:的)?{cue}(?:的|有|擁有|包括|設有)?{g}{Os}", ("旗下", "下屬", "下設的", "麾下")),
    Rule("belongs-zh", ("hasUnit", "hasSegment", "offers"), 0.8,
         "{Os}(?:是|為)?{cue}{S}", ("隸屬於", "隸屬", "歸屬於", "從屬於")),
    Rule("is-under-zh", ("hasUnit", "hasSegment", "offers"), 0.8,
         "{Os}(?:是|為|屬於){S}(?:的)?(?:全資)?{cue}",
         ("旗下", "下屬", "子公司", "部門", "事業部", "事業群", "業務部門", "分部", "業務")),
    Rule("segments-zh", ("hasSegment", "hasUnit"), 0.8,
         "{S}(?:的)?{g}{cue}(?:包括|分為|涵蓋|有){Os}", ("業務", "分部", "板塊", "部門")),
    # 美團高級副總裁、城市事業部總經理王莆中: a unit named between two titles of one person
    # (its abbreviation may follow it: 雲與智慧產業事業群(CSIG)CEO)
    Rule("unit-between-titles-zh", ("hasUnit", "hasSegment"), 0.8,
         "{S}\\s?(?:的|公司|科技|集團|集團公司)?{T}(?:、|,|兼){O}(?:\\s?\\([A-Za-z]{2,8}\\))?\\s?{T}", ()),
    # 台達電企業投資部副總裁劉亮甫: a unit written right after its company, a title after it
    Rule("unit-then-title-zh", ("hasUnit",), 0.8, "{S}(?:的|旗下)?{O}\\s?{T}", ()),
    # 架構已被四大業務板塊取代,包括A、B、C: units listed after a count of units
    Rule("counted-units-zh", ("hasUnit", "hasSegment"), 0.75,
         "{S}{C}(?:兩|二|三|四|五|六|七|八|九|十|幾)(?:大|個)(?:業務)?{cue}{g}(?:,)?(?:包括|分別是|分別為|即)(?:了)?{Os}",
         ("板塊", "業務集團", "事業群", "業務單元", "分部")),
    # 商湯把業務重心調整為A、B和C三個板塊: units listed before their count
    Rule("units-counted-zh", ("hasUnit", "hasSegment"), 0.75,
         "{S}{C}(?:依賴|依靠|包括|分為|調整為|調整成|整合為|重組為|劃分為)(?:了)?{Os}(?:等)?"
         "(?:兩|二|三|四|五|六|七|八|九|十|幾)(?:大|個)(?:業務)?{cue}", ("板塊", "分部", "事業群", "業務集團")),
    # ATH事業群整合了通義實驗室、千問事業部: the units it brings together (units only)
    Rule("integrates-zh", ("hasUnit",), 0.75, "{S}{g}{cue}(?:了)?{Os}", ("整合", "下轄", "統管", "統轄"),
         subject_class="org:OrganizationalUnit"),
    # 華碩打造「基礎方案事業群」: a unit it sets up, maybe in quotes
    Rule("sets-up-zh", ("hasUnit",), 0.75, "{S}{g}{cue}(?:了)?[「“\"]?{Os}",
         ("下設", "設有", "成立", "組建", "打造", "設立", "新設")),
    Rule("unit-of-en", ("hasUnit", "hasSegment", "offers"), 0.85,
         r"{Os}(?:,\s+|\s+(?:is|was)\s+)(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?{cue}\s+of\s+{S}",
         ("unit", "division", "subsidiary", "arm", "segment", "business", "department")),
    Rule("poss-unit-en", ("hasUnit", "hasSegment", "offers"), 0.75,
         r"{S}'s\s+{O}\s+{cue}\b", ("unit", "division", "business", "segment", "arm")),
    Rule("its-unit-en", ("hasUnit", "hasSegment"), 0.75,
         r"{S}(?:'s)?\s+(?:(?!and\b)[\w-]+\s+){0,3}?{cue},?\s+{O}",
         ("unit", "division", "subsidiary", "arm", "segment", "department", "business group")),
    # the Programmable Solutions Group at Intel Corporation: a unit at its organisation
    Rule("unit-at-en", ("hasUnit",), 0.8, r"\bthe\s+{O}\s+(?:at|of)\s+{S}", ()),
    Rule("units-en", ("hasSegment", "hasUnit"), 0.8,
         r"{S}'s\s+(?:\w+\s+)?{cue}\s+(?:include|includes|are|comprise)\s+{Os}",
         ("units", "segments", "businesses", "divisions")),
    # events: whom they affect or spare, what a restructuring reorganises
    Rule("affects-zh", ("affects",), 0.85, "{S}{g}{cue}(?:了|到)?{Os}", ("涉及", "波及", "影響", "衝擊")),
    Rule("spares-zh", ("spares",), 0.85, "{S}{g}{cue}(?:了|到)?{Os}",
         ("未涉及", "沒有涉及", "不涉及", "未波及", "保留", "豁免")),
    Rule("restructures-zh", ("restructures",), 0.8, "{S}{g}{cue}(?:了)?{Os}",
         ("調整", "重組", "改組", "整合")),
    Rule("spared-zh", ("spares",), 0.85,
         "{Os}(?:則|也|均|都|並|亦|暫時|暫)?(?:未|沒有|並未|不|未曾)(?:受到?|被)?(?:影響|波及|衝擊|涉及)", (),
         negatable=False),
    Rule("cuts-zh", ("affects",), 0.8, "(?:削減|裁撤|砍掉|縮減|精簡|收縮)(?:了)?{Os}", ()),
    Rule("hit-zh", ("affects",), 0.8,
         "{Os}(?:也|均|都|亦|同樣|首當其衝地)?(?:受到|遭到|受)(?:了)?(?:波及|影響|衝擊)", ()),
    Rule("carries-out-zh", ("carriedOutBy",), 0.8,
         "{O}{g}(?:啟動|進行|宣布|開啟|展開|實施|開始|推進)(?:了)?(?:新一輪|大規模|新一波|第二輪)?{S}", ()),
    Rule("spared-en", ("spares",), 0.85,
         r"{Os}\s+(?:was|were|has been|have been|had been)\s+(?:largely\s+|mostly\s+)?(?:spared|"
         r"not\s+affected|not\s+hit|unaffected)", (), negatable=False),
    Rule("hit-en", ("affects",), 0.8,
         r"{Os}\s+(?:was|were|has been|have been)\s+(?:also\s+|hardest\s+|most\s+|badly\s+)?"
         r"(?:hit|affected)\b", ()),
    Rule("layoffs-at-en", ("carriedOutBy",), 0.75, r"{S}\s+at\s+{O}", ()),
    Rule("poss-event-en", ("carriedOutBy",), 0.75, r"{O}'s\s+(?:[\w-]+\s+)?{S}", ()),
    Rule("affects-en", ("affects",), 0.85, r"{S}{g}\b{cue}\s+(?:staff\s+(?:at|in)\s+)?{Os}",
         ("hit", "hits", "affected", "affects", "affect")),
    Rule("spares-en", ("spares",), 0.85, r"{S}{g}\b{cue}\s+{Os}",
         ("spared", "spares", "did not affect", "did not hit")),
    Rule("restructures-en", ("restructures",), 0.8, r"{S}{g}\b{cue}\s+{Os}",
         ("reorganised", "reorganized", "restructured", "reorganises", "reorganizes")),
    # strategy
    Rule("focus-zh", ("shiftsFocusTo", "pursues"), 0.8, "{S}{g}{cue}(?:於|在)?(?:{g}[「“\"《])?{Os}",
         ("聚焦", "專注", "押注", "轉向", "發力", "主攻", "加碼", "重倉", "all in", "全力投入",
          "重點發展", "大力發展", "深耕", "佈局")),
    Rule("focus-from-zh", ("shiftsFocusFrom",), 0.75, "{S}{g}{cue}(?:了)?{Os}",
         ("淡出", "退出", "剝離", "收縮", "放棄")),
    Rule("pursues-zh", ("pursues",), 0.75, "{S}{g}{cue}(?:了)?{O}", ("推行", "實施", "提出", "啟動", "堅持")),
    Rule("drives-zh", ("drives",), 0.8, "{S}{g}{cue}(?:了)?{Os}", ("驅動", "帶動", "推動", "拉動")),
    Rule("drives-en", ("drives",), 0.8, r"{S}{g}\b{cue}\s+(?:the\s+)?(?:growth\s+of\s+)?{Os}",
         ("drives", "drive", "drove", "powers", "fuels", "boosts")),
    Rule("focus-en", ("shiftsFocusTo", "pursues"), 0.8,
         r"{S}{W}\b{cue}\s+(?:its\s+|their\s+)?(?:focus\s+|attention\s+|resources\s+)?"
         r"(?:(?:big|heavily|more|squarely|firmly)\s+)?(?:on|to|towards|onto)\s+{Os}",
         ("focuses", "focused", "focusing", "focus", "shifts", "shifted", "shifting", "bets", "bet",
          "betting", "pivots", "pivoted", "pivoting", "doubles down", "doubled down",
          "doubling down", "refocuses", "refocused", "concentrates", "concentrated",
          "concentrating", "is shifting", "was shifting")),
    # 把業務中心從X調整為Y / shifted its focus from X to Y
    Rule("shift-from-zh", ("shiftsFocusFrom",), 0.8, "{S}{g}從{g}{Os}{C}{cue}", _SHIFTS_ZH),
    Rule("shift-to-zh", ("shiftsFocusTo",), 0.8, "{S}{g}從{C}{cue}{g}{Os}", _SHIFTS_ZH),
    Rule("shift-from-en", ("shiftsFocusFrom",), 0.8,
         r"{S}{g}\b{cue}\s+(?:its\s+|their\s+)?(?:focus\s+|business\s+|resources\s+)?from\s+{Os}"
         r"\s+(?:to|towards|toward|into)\b", _SHIFTS_EN),
    Rule("shift-to-en", ("shiftsFocusTo",), 0.8,
         r"{S}{g}\b{cue}\s+(?:its\s+|their\s+)?(?:focus\s+|business\s+|resources\s+)?from\s+{C}"
         r"\s+(?:to|towards|toward|into)\s+{Os}", _SHIFTS_EN),
    Rule("poss-focus-en", ("shiftsFocusTo",), 0.75,
         r"{S}'s\s+(?:\w+\s+)?{cue}\s+on\s+{Os}", ("focus", "bet", "bets")),
    Rule("focus-from-en", ("shiftsFocusFrom",), 0.75,
         r"{S}{g}\b{cue}\s+(?:its\s+)?(?:focus\s+)?away\s+from\s+{Os}", ("shifts", "shifted", "moves",
                                                                        "moved")),
    Rule("pursues-en", ("pursues",), 0.75, r"{S}{g}\b{cue}\s+(?:its\s+|the\s+|a\s+)?{O}",
         ("pursues", "pursued", "adopted", "adopts")),
)
#: list separators inside {Os} / {Ss}
_JOINERS = ("、", ",", "，", "和", "及", "與", "以及", "and", "&", ", and")
#: a negation before the cue (in the same clause) cancels the rule; the characters of
#: _NOT cancel it only right before the cue (未來, 不同 are no negations)
_NEGATIONS = ("不再", "不會", "不與", "不和", "不同意", "未能", "未與", "未和", "並未", "從未", "尚未",
              "未曾", "沒有", "拒絕", "否認", "終止", "停止", "結束", "取消", "放棄", "並非", "不是",
              "暫停", "叫停", "not", "no longer", "never", "denied", "ended", "halted", "n't", "lost",
              "former", "formerly", "rumoured", "rumored", "未來可能", "傳聞", "不屬於", "並不")
_NOT = ("不", "未", "沒", "無", "非", "勿", "別")
#: post titles: key -> labels, and every way a text writes the title (longest first)
POST_TITLES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "executive-chairman": ({"zh-Hant": "執行主席", "zh-Hans": "执行主席", "en": "Executive Chairman"},
                           ("董事會執行主席", "執行董事長", "執行主席", "executive chairman")),
    "vice-chairman": ({"zh-Hant": "副董事長", "zh-Hans": "副董事长", "en": "Vice Chairman"},
                      ("副董事長", "董事會副主席", "vice chairman", "vice-chairman")),
    "chairman": ({"zh-Hant": "董事長", "zh-Hans": "董事长", "en": "Chairman"},
                 ("董事會主席", "董事局主席", "董事長", "chairman", "chairwoman", "chair")),
    "ceo": ({"zh-Hant": "首席執行官", "zh-Hans": "首席执行官", "en": "Chief Executive Officer"},
            ("首席執行官", "行政總裁", "執行長", "CEO", "chief executive officer", "chief executive")),
    "cto": ({"zh-Hant": "首席技術官", "zh-Hans": "首席技术官", "en": "Chief Technology Officer"},
            ("首席技術官", "技術長", "CTO", "chief technology officer")),
    "cfo": ({"zh-Hant": "首席財務官", "zh-Hans": "首席财务官", "en": "Chief Financial Officer"},
            ("首席財務官", "財務長", "CFO", "chief financial officer")),
    "coo": ({"zh-Hant": "首席運營官", "zh-Hans": "首席运营官", "en": "Chief Operating Officer"},
            ("首席運營官", "營運長", "COO", "chief operating officer")),
    "chief-strategy-officer": ({"zh-Hant": "首席戰略官", "zh-Hans": "首席战略官",
                                "en": "Chief Strategy Officer"},
                               ("首席戰略官", "首席策略官", "策略長", "chief strategy officer")),
    "chief-scientist": ({"zh-Hant": "首席科學家", "zh-Hans": "首席科学家", "en": "Chief Scientist"},
                        ("首席科學家", "chief scientist")),
    "co-founder": ({"zh-Hant": "聯合創始人", "zh-Hans": "联合创始人", "en": "Co-founder"},
                   ("聯合創始人", "聯合創辦人", "共同創辦人", "共同創始人", "co-founder",
                    "cofounder")),
    "founder": ({"zh-Hant": "創始人", "zh-Hans": "创始人", "en": "Founder"},
                ("創始人", "創辦人", "founder")),
    "vice-president": ({"zh-Hant": "副總裁", "zh-Hans": "副总裁", "en": "Vice President"},
                       ("高級執行副總裁", "高級副總裁", "資深副總裁", "執行副總裁", "副總裁", "senior vice president",
                        "executive vice president", "corporate vice president", "vice president")),
    "spokesperson": ({"zh-Hant": "發言人", "zh-Hans": "发言人", "en": "Spokesperson"},
                     ("發言人", "spokesperson", "spokesman", "spokeswoman")),
    "head": ({"zh-Hant": "院長", "zh-Hans": "院长", "en": "Head"},
             ("聯席院長", "院長", "所長", "局長", "co-dean", "dean")),
    "director": ({"zh-Hant": "主任", "zh-Hans": "主任", "en": "Director"},
                 ("主任", "總監", "director")),
    "board-member": ({"zh-Hant": "董事", "zh-Hans": "董事", "en": "Board Member"},
                     ("執行董事", "非執行董事", "獨立非執行董事", "board of directors", "board")),
    "president": ({"zh-Hant": "總裁", "zh-Hans": "总裁", "en": "President"},
                  ("總裁", "president")),
    "general-manager": ({"zh-Hant": "總經理", "zh-Hans": "总经理", "en": "General Manager"},
                        ("總經理", "general manager")),
    # a chair at a university (English only: 教授 follows a name as a courtesy, 湯曉鷗教授)
    "professor": ({"zh-Hant": "教授", "zh-Hans": "教授", "en": "Professor"},
                  ("assistant professor", "associate professor", "professor")),
}
_POST_TEMPLATES = (
    # 商湯董事會執行主席兼首席執行官徐立 / 云启智能创始人兼首席执行官王海峰
    # Google 裝置與服務資深副總裁歐斯特羅: a space after a Latin name, a unit of the company
    # ... and 副總裁 Mario Queiroz: a space before a Latin name
    # Alibaba Group Holding chief executive Eddie Wu: a legal form after the name; a space
    # before the person is any marker's (the marker stands for the name: no letter to look at)
    # 商湯的兩名聯合創始人徐立和徐冰: the people listed after the title each hold it;
    # 前首席執行官(CEO)唐臻怡: the title glossed in brackets
    ("post-zh", 0.9, "{S}(?:\\s+(?:holdings?|inc\\.?|ltd\\.?|corp\\.?)(?=\\s))?\\s?"
                     "(?:的|公司|科技|集團|集團公司)?(?:兩名|两名|三名|幾位|几位)?{u}{titles}"
                     "(?:\\([a-z]{2,5}\\))?\\s?{Ps}"),
    # 唐臻怡將加盟商湯科技,出任副總裁 / 唐臻怡在中信里昂證券擔任董事長
    # ... 唐臻怡將加盟商湯科技: the company linked by a shorter name (商湯)
    ("post-joins-zh", 0.85, "{P}{g}(?:加盟|加入)(?:了)?{S}(?:科技|集團|控股|公司)?\\s?,?"
                            "(?:並|并)?(?:出任|擔任|任)(?:其)?{titles}"),
    ("post-at-zh", 0.85, "{P}(?:曾|此前|先後)?在{S}(?:科技|集團|控股|公司)?"
                         "(?:擔任|出任|任職|任)(?:了)?{titles}"),
    # 美團高級副總裁、城市事業部總經理王莆中: the first title is at the company, the one
    # after the unit at the unit (post-zh)
    ("post-then-unit-zh", 0.85, "{S}\\s?(?:的|公司|科技|集團|集團公司)?{titles}(?:、|,|兼)"
                                # 雲與智慧產業 事業群: a unit joining two words, a space before its kind
                                "(?:{Y}|(?:(?!{M})[^,;。!?、的与和及\\s]){1,6}[与和暨]"
                                "(?:(?!{M})[^,;。!?、的与和及]){2,10}?|"
                                "(?:(?!{M})[^,;。!?、的与和及\\s]){1,10}?)(?:\\s?\\([A-Za-z]{2,8}\\))?\\s?{T}\\s?{P}"),
    # 徐立擔任商湯首席執行官
    # ... 印奇當選力帆科技董事長: elected to the post
    ("post-holds-zh", 0.85, "{P}{g}(?:擔任|出任|現任|任|兼任|作為|身為|是|當選|獲選|獲委任為|獲任)(?:了)?"
                            "{S}(?:的)?{titles}"),
    # 商湯的首席執行官為徐立
    ("post-is-zh", 0.85, "{S}(?:的)?(?:現任)?{titles}(?:為|是|由){P}"),
    # Xu Li, chief executive of SenseTime / Xu Li, SenseTime's chief executive
    ("post-of-en", 0.9, r"{P},?\s+(?:is\s+|was\s+|became\s+|as\s+|who\s+is\s+|who\s+was\s+)?"
                        r"(?:the\s+|its\s+)?(?:acting\s+|interim\s+|current\s+)?{titles}\s+(?:of|at)\s+"
                        # ... chief executive at Shenzhen-based iiMedia Research
                        r"(?:[\w-]+-based\s+)?"
                        # ... general manager of the Programmable Solutions Group at Intel
                        r"(?:the\s+(?:{M}|[\w-]+(?:\s+[\w-]+){0,3})\s+at\s+)?{S}"),
    # Lei Jun, the founder of Xiaomi, is also chairman of Kingsoft
    ("post-is-en", 0.85, r"{P},[^,;]{1,60},\s+(?:is|was|became|remains|has been)\s+(?:also\s+)?"
                         r"(?:the\s+)?(?:acting\s+|interim\s+)?{titles}\s+(?:of|at)\s+{S}"),
    # Xu Li, Tang's fellow founder and SenseTime's chief executive officer
    ("post-poss-en", 0.85, r"{P},\s+(?:[^,;]{1,40}?\s+and\s+)?{S}'s\s+{titles}"),
    # Zhou Bowen, a Tsinghua professor / Jane Wu, a Tencent vice president, said
    ("post-apposition-en", 0.8, r"{P},\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?{S}\s+{titles}\b"),
    # Yang Zhilin, a young assistant professor at Beijing's prestigious Tsinghua University
    ("post-apposition-at-en", 0.8, r"{P},\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?{titles}\s+(?:at|of)\s+"
                                   r"(?:[\w'’-]+\s+){0,3}?{S}"),
    # Kingsoft Cloud lost money; chief executive Zou Tao said: a title opening a later clause
    # ..., co-Chief Executive Officer Zhao said on PDD's call: the company named after
    # ... as Puma battles a drop, with new CEO Arthur Hoeld struggling / and company chairman
    # and CEO Yang told Reuters: after "with" or "and", the company's new or current one
    ("post-dropped-en", 0.75, r"(?:^|[,;][”\"’]?\s+|\bwith\s+|\band\s+)(?:its\s+|the\s+)?"
                              r"(?:company\s+|group\s+)?(?:new\s+|current\s+|incoming\s+)?(?:co-)?"
                              r"{titles}\s+(?:(?:dr|mr|ms|mrs|prof)\.?\s+)?{P}"
                              r"(?=\s+(?:said|says|told|added|noted|emphasized|emphasised|stressed|"
                              r"confirmed|explained|struggling|announced|wrote)\b|,|$)"),
    # McNamara will join Horizon Robotics' board of directors
    ("post-joins-en", 0.8, r"{P}\s+(?:will\s+join|joins|joined|has\s+joined|is\s+to\s+join)\s+"
                           r"{S}(?:'s?)?\s+{titles}\b"),
    # 深蘭科技第一次進軍東北，董事長陳海波說: the title opens a clause of the company's sentence
    # 在電話會上,CEO 李想宣布: a space after a Latin title, a verb of announcing after the name
    # 參會高管包括董事長兼首席執行官馬化騰、總裁劉熾平以及首席財務官羅碩瀚: a list of them
    ("post-dropped-zh", 0.75, "(?:^|,|、|包括|以及|及|和)(?::)?{titles}\\s?{P}(?=表示|稱|說|認為|指出|透露|介紹|"
                              "強調|坦言|宣布|宣佈|補充|說明|回應|提到|談到|直言|,|、|以及|及|和|。|;|$)"),
    # 阿里巴巴宣布成立ATH事業群,由集團CEO吳泳銘領導: 集團 is the company named first
    ("post-group-zh", 0.75, "(?:^|,|由|的)(?:集團|公司)(?:的)?{titles}{P}"),
    # SenseTime chief executive Xu Li / SenseTime's CEO, Xu Li
    ("post-en", 0.85, r"{S}(?:\s+(?:inc|ltd|corp|co)\.?)?(?:'s)?\s+(?:acting\s+|interim\s+)?{titles},?\s+"
                      r"(?:(?:dr|mr|ms|mrs|prof)\.?\s+)?{P}"),
)
#: founding: the people who founded a company ({P} / {Ps}) and the company ({S}); the cue
#: (創立, co-founded) says whether they are its founders or co-founders
_PEOPLE_EN = r"(?P<p>{M}(?:(?:\s*,\s*|,?\s+and\s+){M}){0,6})"  # Yin Qi, Tang and Yang
_FOUNDED_TEMPLATES = (
    # 印奇與唐文斌、楊沐三位清華大學計算機科學實驗班人才,創立了中國AI公司曠視科技
    ("founded-zh", 0.8, "{Ps}{C}(?<![將要擬想])(?P<cue>聯合創立|共同創立|聯合創辦|共同創辦|聯合創建|共同創建|"
                        "創立|創辦|創建)(?:了)?{kind}{S}"),
    # 曠視科技由印奇、唐文斌和楊沐創立
    ("founded-by-zh", 0.8, "{S}(?:於{g})?由{Ps}{g}(?P<cue>聯合創立|共同創立|聯合創辦|共同創辦|創立|創辦|創建)"),
    # Megvii was founded in 2011 by Yin Qi / Frontis, which was co-founded by Zhou Bowen
    ("founded-by-en", 0.8, r"{S}(?:,\s+which)?\s+(?:was|is|were|had\s+been|has\s+been)\s+"
                           r"(?P<cue>co-founded|founded|cofounded)\s+(?:in\s+\d{4}\s+)?by\s+" + _PEOPLE_EN),
    # Founded in 2021 by former SenseTime employees, including Yan Junjie, MiniMax makes: the
    # founders named opening the sentence, the company after them
    ("founded-opening-en", 0.75, r"^(?P<cue>co-founded|cofounded|founded)\s+(?:in\s+\d{4}\s+)?by\s+"
                                 r"(?:[^,;]{0,60}?,\s+(?:including|such as|led by|among them)\s+)?"
                                 + _PEOPLE_EN + r",\s+{S}"),
    # 由王興興創立的宇樹科技 / 王興興創立的宇樹科技: the founders before the company they made
    ("founded-before-zh", 0.75, "(?:由)?{Ps}(?:於{g})?(?P<cue>聯合創立|共同創立|聯合創辦|共同創辦|創立|創辦|創建)的"
                                "{kind}{S}"),
    # Yin Qi and Tang Wenbin co-founded Megvii / Yin Qi, who founded Megvii
    ("founded-en", 0.8, _PEOPLE_EN + r"(?:,\s+who)?\s+(?:also\s+|first\s+)?"
                        r"(?P<cue>co-founded|cofounded|founded)\s+{S}"),
)
#: attribution: who says what the sentence states (its proposals get claimed_by)
_CLAIM_TEMPLATES = (
    "據{X}(?:的)?(?:報道|報導|消息|援引|透露|披露|統計|數據|了解)",
    "{X}(?:在{g}(?:中|上|時|表示))?(?:向{Y})?(?:表示|稱|透露|指出|認為|說|介紹|披露|證實|坦言|強調|回應)",
    "{X}(?:的)?(?:報道|報導|報告|公告|財報)(?:稱|顯示|指出)",
    r"\baccording\s+to\s+{X}",
    r"{X}\s+(?:also\s+|later\s+|previously\s+)?(?:said|says|told|reported|reports|claimed|claims|"
    r"confirmed|noted|added|stated|disclosed)\b",
    r"\b(?:said|says|told|added)\s+{X}",
)

#: a reference back to the company the sentence named first (folded text: lower case)
_ANAPHOR = (r"(?:^|(?<=[,;:、\s(\"“「]))(?P<a>(?:该|这家|此)?公司(?![\u4e00-\u9fff]{0,1}(?:法|章程))"
            # 其 opening a clause: "其CEO李娜", "其云业务" (not 其中, 其他, 其实, 其余, 其次)
            r"|其(?![中他它实余次后间])(?=[\u4e00-\u9fffA-Za-z]))"
            # the Beijing-based AI firm: up to three describing words
            # (not the parent / rival / other company, not the company of someone else)
            r"|\b(?P<a2>the\s+(?:(?!(?:parent|holding|sister|mother|rival|partner|client|"
            r"portfolio|other|another|subsidiary)\b)[\w-]+\s+){0,3}?(?:company|firm|group|start-?up))\b"
            # ... and its possessive: the company's upgraded AI chatbot Qwen
            r"(?!\s+of\b)"
            r"|(?:^|(?<=[,;:]\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bwhile\s)|(?<=\bsaid\s)|(?<=\bthat\s))"
            r"(?P<a3>its|it)\b(?!['’]s)"
            # A和B是其竞争对手: 其 after 是 / 为, before a role, is the company the clause
            # before names (or the sentence before), never one of the clause's own names
            r"|(?<=[是为])(?P<a4>其)(?=(?:主要|最大|直接|头号|重要|核心|长期|战略|大)?(?:的)?"
            r"(?:竞争对手|对手|合作伙伴|伙伴|客户|供应商|股东|投资方|投资者))")
#: the relations whose strong cues may propose the end they bind (companies)
_OPEN = frozenset({"competesWith", "partnersWith", "investsIn", "acquires", "supplies"})
#: rules whose lists bind only named entities: a span no entity covers would open the list
#: (業內人士指出,科大訊飛、百度和雲知聲...的競爭)
_CLOSED = frozenset({"competes-list-zh"})
#: words that end a name in a run of Chinese characters (besides the cues): the verbs,
#: particles and adverbs the templates put between a name and a cue
_NAME_BREAKS = ("已經", "已", "也", "均", "都", "亦", "一直", "正式", "是", "為", "成為", "成了", "了",
                "確實", "正在", "仍然", "再次", "首次", "共同", "一起", "得益於", "越來越",
                "的", "等", "由", "被", "遭", "獲得", "獲", "接受", "迎來", "向", "對", "給", "與",
                "和", "同", "跟", "及", "以及", "包括", "有", "如", "涵蓋", "覆蓋", "還有", "此後", "隨後",
                "之後", "其後", "後來", "今年", "去年", "此前", "並", "又", "還", "先後", "相繼",
                "曾", "將", "在", "把", "宣布", "宣佈", "表示", "稱", "據", "則", "其", "雙方", "共同",
                "主要", "最大", "直接", "重要", "長期", "戰略", "機構", "基金", "進行", "完成", "擬",
                "以", "全資", "採用", "使用", "搭載", "購買", "採購", "訂購", "參與", "租用", "選用", "部署", "基於", "達成",
                "展開", "開展", "簽署", "簽訂", "建立", "深化", "而", "但", "同時", "面臨", "面對",
                "遭遇", "迎戰", "來自", "正在", "計劃", "有望", "近日", "日前", "目前", "首次")
#: characters no company's name starts with (numbers, determiners, pronouns: 一家, 新一輪,
#: 該, 自研)
_NAME_LEADS = frozenset(fold(c) for c in "一二三四五六七八九十兩百千萬億幾多每各該這那此本新前原首某"
                        "自所另其他她它我你們")
#: jieba's tags of a dictionary word that names something (organisations, people, brands)
_NAME_TAGS = frozenset({"nt", "nz", "nr", "nrt", "nrfg"})
_EN_NAME_RE = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[.&-][A-Za-z0-9]+)*"
                         r"(?:\s+(?:&\s+)?[A-Z][A-Za-z0-9]*(?:[.&-][A-Za-z0-9]+)*){0,3}")
#: capitalised words that open a sentence or clause but no name
_EN_LEADS = frozenset("""the a an its it their our his her this that these those and or but as
in on at by for from with according analysts people shares meanwhile however also if unless
whether when
while after before since last next earlier later""".split())
_EN_DATES = frozenset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
thursday friday saturday sunday us uk eu hk prc usd rmb hkd eur""".split())
#: the id prefix of a name-like span tried as an end (the antecedent of 公司, it only
#: when the sentence names no company before them)
_PROVISIONAL = "\0end:"
#: what ends an organisation's name after a run (國家集成電路產業投資基金, 紅杉資本), although
#: the run's break words include it
_ORG_TAIL = "(?:產業)?(?:投資)?(?:基金會|基金|資本)"
#: how a kind of company ends (穿戴式裝置公司, 自動駕駛技術公司): before a name, no name itself
_KIND_END = re.compile(fold("(?:公司|企業|廠商|製造商)$"))
_MARK = "\ue000-\uf8ff"
_M = f"[{_MARK}]"
#: what makes a name the owner of the name after it (中國電信旗下的天翼雲), not an item itself
_OWNER = "旗下(?:的)?"
_OWNER_RE = re.compile(_OWNER + _M)
#: the names a list of subjects or objects holds after its first (far more than any article's)
_LIST_MORE = 40
_COMPILED: dict = {}


def _alternation(words: Iterable[str]) -> str:
    folded = sorted({fold(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


def _pattern(template: str, cues: Iterable[str], titles: str = "") -> re.Pattern:
    joiner = f"\\s*(?:{_alternation(j for j in _JOINERS if fold(j) != ',')})\\s*"
    # a comma joins no name that opens the next clause (A，B則未受影響)
    # a name in a list may be followed by a short gloss in brackets: SCG(智慧城市和商業事業羣)、IAG
    # ... or by its owner (百度旗下的蘿蔔快跑: the item is 蘿蔔快跑, :func:`_listed` drops 百度)
    item = f"(?:{_M}{_OWNER})?{_M}(?:\\s*\\([^()]{{1,24}}\\))?"
    # at most _LIST_MORE names more: a list is read in time linear in the sentence's length,
    # however long a run of names the sentence is (each start tries a bounded list)
    more = (f"(?:{joiner}{item}|\\s*,\\s*{_M}(?![则也均都亦并却未没不是为被已将])(?:\\s*\\([^()]{{1,24}}\\))?)"
            f"{{0,{_LIST_MORE}}}")
    unit = f"[^{_MARK},，;；。!?！？的与和及、对向为被是在将投资收购\\s]"
    pieces = {
        "S": f"(?P<s>{_M})", "O": f"(?P<o>{_M})",
        "Ss": f"(?P<s>{item}{more})", "Os": f"(?P<o>{item}{more})",
        "P": f"(?P<p>{_M})", "Ps": f"(?P<p>{_M}(?:\\s*(?:、|和|及|与|以及)\\s*{_M}){{0,6}})", "X": f"(?P<x>{_M})", "Y": f"(?:{_M})",
        "g": f"(?:(?!'s\\b)[^{_MARK},，;；。!?！？]){{0,12}}?",
        "G": f"(?:(?!{_alternation(_LINK_ZH)})[^,，;；。!?！？]){{0,24}}?",
        # a few words; never across a word naming another party (its rival is powered by)
        "C": "[^;；。!?！？]{0,30}?",  # across commas and names, within the sentence
        "R": r"(?:,\s+(?:which|who|that|an?|the|its|backed|based|founded|headquartered|listed)\b"
             r"[^,;。]{0,60},)?",
        "I": r"(?:\s+(?:has\s+|have\s+|had\s+)?(?:announced|unveiled|revealed|confirmed|outlined)\s+"
             r"(?:plans?|a\s+plan)\s+to|\s+(?:plans|planned|agreed|agrees|intends|intended|aims|aimed|"
             r"is\s+set|was\s+set|expects|is\s+expected|is\s+poised|has\s+pledged|pledged|promised|"
             r"is\s+preparing)\s+to)?",
        # one list item that no entity names, before the named ones (A(00020.HK)、X: a name
        # the text does not link); never a cue's words
        # a kind of company right before its name (穿戴式裝置公司Fitbit): no name, no particle
        "kind": f"(?:[^{_MARK},，;；。!?！？的与和及、]{{0,10}}?(?:公司|企业|厂商|制造商|初创企业)\\s?)?",
        # a company linked by a shorter name than the one written (商湯 of 商湯科技)
        "N": f"{_M}(?:科技|集团|控股)?",
        "skip": f"(?:[^{_MARK},，;；。!?！？、與与和及]{{1,8}}(?:\\([^()]{{1,24}}\\))?、)?",
        "W": f"(?:(?!(?:rival|competitor|partner|customer|client|investor|shareholder|supplier)s?"
             f"\\b)[^{_MARK},，;；。!?！？]){{0,40}}?", "M": _M,
        # up to three describing words before a name: never a conjunction or preposition
        "words": r"(?:(?!(?:and|or|to|against|for|with|of|from|by|on|in|at|over|about|into|"
                 r"rivals?|competitors?)\b)"
                 r"[\w-]+\s+){0,3}?",
        "cue": f"(?P<cue>{_alternation(cues)})" if cues else "", "link": _alternation(_LINK_ZH),
        "titles": titles,
        # the titles again, without their group: a title of another post in the template
        "T": titles.replace("(?P<titles>", "(?:", 1),
        # a unit's words between a company and a title (Google 裝置與服務資深副總裁): no other
        # name, no particle or verb that would make the title someone else's
        # 裝置與服務: 與 / 和 / 暨 inside the unit's name, between two words of two or more
        "u": f"(?:{unit}{{2,6}}[与和暨](?={unit}{{2}}))?{unit}{{0,8}}?",
    }
    folded = fold(template)  # the Chinese words of the template, folded like the text
    literal = "".join(f if not c.isascii() else c for c, f in zip(template, folded))
    literal = literal.replace(r"\s+{O", r"\s+(?:(?:the|its|their|an?)\s+)?{O")
    # an English subject may carry an apposition or a relative clause: "X, which ..., competes"
    # ... and an intent before its verb: "Nvidia has announced plans to invest", "agreed to"
    literal = literal.replace("{S}{g}\\b", "{S}{R}{I}{g}\\b")
    # a curly apostrophe as well as a straight one: Nvidia’s
    literal = literal.replace("'s", "['’]s")
    return re.compile(_TOKEN.sub(lambda m: pieces[m.group(1)], literal))


_TOKEN = re.compile(r"\{(S|O|Ss|Os|Ps|P|X|Y|M|g|G|C|R|I|W|u|words|cue|link|titles|T|skip|kind|N)\}")


def _compiled() -> dict:
    """The rules' regular expressions, made once (folding needs OpenCC)."""
    if not _COMPILED:
        title = "(?:" + _alternation(c for _, cues in POST_TITLES.values() for c in cues) + ")"
        # founder, chairman, and CEO of Baidu: a comma before the last "and" too
        joined = f"(?P<titles>{title}(?:\\s*(?:兼|、|及|和|暨|与|,\\s*and|,|and|&)\\s*{title})*)"
        _COMPILED["rules"] = [(rule, _pattern(rule.template, rule.cues, joined)) for rule in RULES]
        _COMPILED["founded"] = [(name, strength, _pattern(t, ()))
                                for name, strength, t in _FOUNDED_TEMPLATES]
        _COMPILED["posts"] = [(name, strength, _pattern(t, (), joined))
                              for name, strength, t in _POST_TEMPLATES]
        _COMPILED["claims"] = [_pattern(t, ()) for t in _CLAIM_TEMPLATES]
        _COMPILED["title"] = re.compile(title)
        _COMPILED["titled"] = re.compile(_TITLE_LEAD + joined.replace("(?P<titles>", "(?:", 1)
                                         + r"\s?")
        _COMPILED["titles"] = {fold(c): key for key, (_, cues) in POST_TITLES.items()
                               for c in cues}
        # an English negation is a whole word ("another startup" holds no "not")
        zh = _alternation(w for w in _NEGATIONS if not w.isascii())
        en = _alternation(w for w in _NEGATIONS if w.isascii() and w != "n't")
        _COMPILED["negation"] = re.compile(f"(?:{zh}|(?<![a-z])(?:{en})(?![a-z])|n't)")
        _COMPILED["not"] = tuple(fold(c) for c in _NOT)
        _COMPILED["anaphor"] = re.compile(_ANAPHOR)
        _COMPILED["inferred"] = {f"rules:{r.name}" for r in RULES
                                 if not re.search(r"\{Ss?\}", r.template)
                                 or not re.search(r"\{Os?\}", r.template)}
        # the rules whose cue binds a name no entity covers: both ends in the template
        _COMPILED["open"] = {r.name for r in RULES if r.cues and set(r.relations) <= _OPEN
                             and f"rules:{r.name}" not in _COMPILED["inferred"]
                             and r.name not in _CLOSED}
        words = [c for r in RULES for c in r.cues if not c.isascii()] + list(_NAME_BREAKS)
        _COMPILED["breaks"] = re.compile(f"(?:{_alternation(words)})")
        _COMPILED["org_tail"] = re.compile(fold(_ORG_TAIL))
        _COMPILED["org_tail_end"] = re.compile(fold(_ORG_TAIL) + "$")
    return _COMPILED


@dataclass
class _Marked:
    """A sentence folded, with each entity occurrence replaced by one marker character."""

    text: str
    ends: list[tuple[str, int, int]]  # (entity id, start, end) in the source, by marker
    offsets: list[int]  # source offset of each character of ``text``
    source: str  # the source text
    start: int  # where the sentence starts and ends in it
    stop: int
    #: marker index -> where its antecedent is named, for the markers of an anaphor
    anchors: dict[int, int] = field(default_factory=dict)
    #: where the clause breaks are, found once (:func:`_breaks`): in the source, in ``text``
    stops: list[int] | None = None
    commas: list[int] | None = None
    #: the markers that are the first of their entity, found once (:meth:`RuleExtractor._pairs`)
    firsts: list[int] | None = None


_STOPS_RE = re.compile("[,，;；。!！?？\n]")
_COMMAS_RE = re.compile("[,，;；]")


def _breaks(marked: _Marked) -> tuple[list[int], list[int]]:
    """The offsets of the clause breaks of the sentence in the source, and of the commas and
    semicolons in ``marked.text``, found once per sentence: the clause of each match is then
    found by bisection, not by reading the sentence again (linear in a long sentence)."""
    if marked.stops is None:
        marked.stops = [m.start() for m in _STOPS_RE.finditer(marked.source, marked.start,
                                                              marked.stop)]
        marked.commas = [m.start() for m in _COMMAS_RE.finditer(marked.text)]
    return marked.stops, marked.commas


class _Spans(list):
    """Occurrences (start, end, id) by start, with the length of the longest: the ones
    overlapping a sentence are found by bisection (:func:`_overlapping`)."""

    longest = 0


def _all_spans(context: Context) -> list[tuple[int, int, str]]:
    """Every occurrence of every end, by start; not posts: the rules read titles as words."""
    spans = _Spans(sorted((a, b, end.id) for end in context.ends.values() if end.spans
                          and not context.is_a(end.cls, {ORG.Post}) for a, b in end.spans))
    spans.longest = max((b - a for a, b, _ in spans), default=0)
    return spans


def _overlapping(spans: list[tuple[int, int, str]], start: int,
                 stop: int) -> list[tuple[int, int, str]]:
    """The spans (sorted by start) that overlap ``start``..``stop``: by bisection when the
    longest is known, so that the cost is that of the sentence, not of the source."""
    from bisect import bisect_left

    if isinstance(spans, _Spans):
        spans = spans[bisect_left(spans, (start - spans.longest,)):
                      bisect_left(spans, (stop,))]
    return [s for s in spans if s[0] < stop and start < s[1]]


def _mark(context: Context, sentence, spans: list[tuple[int, int, str]],
          least: int = 2) -> _Marked | None:
    """The sentence marked (:class:`_Marked`), or None when it names fewer than ``least``
    entities."""
    from bisect import bisect_left

    inside = []
    for i in range(bisect_left(spans, (sentence.start, -1, "")), len(spans)):
        a, b, ident = spans[i]
        if a >= sentence.end:
            break
        if b <= sentence.end:
            inside.append((a, b, ident))
    chosen: list[tuple[int, int, str]] = []
    # longest first, none overlapping one chosen: a character taken once is not taken again
    taken, first = bytearray(sentence.end - sentence.start), sentence.start
    for a, b, ident in sorted(inside, key=lambda s: (s[0] - s[1], s[0])):
        if taken.find(1, a - first, b - first) < 0:
            chosen.append((a, b, ident))
            taken[a - first:b - first] = b"\x01" * (b - a)
    if not chosen:
        return None
    chosen.sort()
    text = context.source.text
    folded = fold(text[sentence.start:sentence.end])
    anaphors = _anaphors(context, folded, sentence.start, chosen,
                         _previous_subject(context, sentence, spans))
    if len(chosen) + len(anaphors) < least:
        return None
    parts, offsets, ends, pos, anchors = [], [], [], sentence.start, {}
    for a, b, ident in sorted(chosen + list(anaphors)):
        parts.append(folded[pos - sentence.start:a - sentence.start])
        offsets.extend(range(pos, a))
        if (a, b, ident) in anaphors:
            anchors[len(ends)] = anaphors[(a, b, ident)]
        parts.append(chr(0xE000 + len(ends)))
        offsets.append(a)
        ends.append((ident, a, b))
        pos = b
    parts.append(folded[pos - sentence.start:])
    offsets.extend(range(pos, sentence.end))
    return _Marked("".join(parts), ends, offsets, text, sentence.start, sentence.end, anchors)


def _previous_subject(context: Context, sentence, spans: list[tuple[int, int, str]],
                      paragraphs: bool = False) -> tuple[int, str] | None:
    """(where, id) of the company the sentence before names first, in the same paragraph: what
    該公司, 其 or "It was founded by" at the start of a sentence refers to; ``paragraphs``: also
    in the paragraph before (a lead naming the company, then a paragraph of its executives)."""
    from bisect import bisect_left

    sentences = context.source.sentences
    k = sentence.index - 2
    if k < 0 or k >= len(sentences) or sentences[k].end > sentence.start or not paragraphs and \
            "\n" in context.source.text[sentences[k].start:sentence.start].strip(" \t"):
        return None
    before = sentences[k]
    inside = []
    for i in range(bisect_left(spans, (before.start, -1, "")), len(spans)):
        if spans[i][0] >= before.end:
            break
        inside.append(spans[i])
    for a, b, ident in inside:
        # never a piece of a longer name (Kingsoft of Kingsoft Cloud): the longer one counts
        if context.is_a(context.ends[ident].cls, {KGO.Company}) and \
                not ident.startswith(_PROVISIONAL) and \
                not any(x <= a and b <= y and y - x > b - a for x, y, _ in inside):
            return a, ident
    return None


def _anaphors(context: Context, folded: str, offset: int, chosen: list[tuple[int, int, str]],
              previous: tuple[int, str] | None = None) -> dict[tuple[int, int, str], int]:
    """The company a sentence refers back to (公司, 該公司, 其, the company; it and its opening
    a clause: "..., and its chips are made by") as occurrences of the first company it names
    before them: (start, end, id) -> where that company is named; when it names none before
    them, the company the sentence before names first (``previous``: "出門問問成立於2012年。
    該公司與騰訊達成合作"), the quote then spanning both sentences."""
    from bisect import bisect_left

    out = {}
    # chosen is by start and overlap-free: its ends rise with its starts, so the first company
    # named (of those no cue proposed, else of those) is the one of every anaphor after it
    starts = [s for s, _, _ in chosen]
    chosen_ids = {ident for _, _, ident in chosen}
    companies = [(ident.startswith(_PROVISIONAL), s, e, ident) for s, e, ident in chosen
                 if context.is_a(context.ends[ident].cls, {KGO.Company})]
    firsts = [min((c for c in companies if c[0] == provisional), default=None)
              for provisional in (False, True)]
    for match in _compiled()["anaphor"].finditer(folded):
        group = next(g for g in ("a", "a2", "a3", "a4") if match.group(g) is not None)
        a, b = offset + match.start(group), offset + match.end(group)
        at = bisect_left(starts, b) - 1  # the last name starting before the anaphor ends
        if at >= 0 and chosen[at][1] > a:
            continue
        if group == "a4":
            out.update(_role_anaphor(folded, offset, match.start(group), companies, previous,
                                     chosen_ids))
            continue
        # a company the source names before a name-like span tried as one (Liang Rubo, chief
        # executive of ByteDance, said the company ...)
        company = next((c for c in firsts if c is not None and c[2] <= a), None)
        if company is not None:
            out[(a, b, company[3])] = company[1]
        elif previous is not None and previous[1] not in chosen_ids:
            out[(a, b, previous[1])] = previous[0]
    return out


def _role_anaphor(folded: str, offset: int, at: int, companies: list, previous,
                  chosen_ids: set[str]) -> dict[tuple[int, int, str], int]:
    """The antecedent of 其 in "A和B是其竞争对手": the first company named before the clause
    that holds it (the clause's own names are the rivals, not whose rivals they are), else the
    company the sentence before names first."""
    clause = max(folded.rfind(c, 0, at) for c in ",;:，；：") + 1 + offset
    company = next((c for c in sorted(companies) if c[2] <= clause), None)
    if company is not None:
        return {(offset + at, offset + at + 1, company[3]): company[1]}
    if previous is not None and previous[1] not in chosen_ids:
        return {(offset + at, offset + at + 1, previous[1]): previous[0]}
    return {}


#: a speech verb right after a person: what follows is what they say
_SAYS = re.compile(fold(r"\s*(?:said|says|told|表示|稱|說|指出|透露)(?![a-z])"))


def _unnamed_post_org(context: Context, marked: _Marked, match: re.Match, orgs,
                      where: tuple | None) -> tuple[str | None, int | None, bool]:
    """(id, where it is named) of the company of a title a sentence names without any
    organisation (參會高管包括董事長兼首席執行官馬化騰、總裁劉熾平; 財務與會計副總裁吳佳銘表示):
    the company the sentence before names first, also across a paragraph break, as 該公司
    would refer to it; when it names none, the article's main company (:func:`_main_company_before`,
    the third value True). Never when the sentence names an organisation: the title may be its."""
    if where is None or "s" in match.re.groupindex:
        return None, None, False
    # what the person says names no organisation of theirs (Chief executive Zou Tao said revenue
    # from the Xiaomi and Kingsoft ecosystem grew; 總裁楊帆表示,騰訊...)
    said = _SAYS.match(marked.text, match.end())
    named = [ident for n, (ident, _, _) in enumerate(marked.ends)
             if said is None or marked.text.index(chr(0xE000 + n)) < match.end()]
    if any(context.is_a(context.ends[ident].cls, orgs) for ident in named):
        return None, None, False
    previous = _previous_subject(context, *where, paragraphs=True)
    if previous is None:
        main = _main_company_before(context, *where)
        return (main[1], main[0], True) if main is not None else (None, None, False)
    return previous[1], previous[0], False


#: how far back the article's main company may be named for a title without its company: the
#: quote runs from there to the person
_MAIN_REACH = 400
_MAIN_RULE = "+main-company"


def _main_company_before(context: Context, sentence,
                         spans: list[tuple[int, int, str]]) -> tuple[int, str] | None:
    """(where, id) of the article's main company (:func:`_article_subject`) for a title whose
    sentence, and the sentence before, name no company ("Chief financial officer Henry He said",
    首席財務官羅碩瀚表示): the company a news report's unqualified executive works for. Only when
    the person's paragraph names no other company before the sentence, nor any paragraph after
    the one naming the main company last, at most :data:`_MAIN_REACH` characters back (the quote
    runs from that mention to the person)."""
    subject = _article_subject(context)
    if subject is None:
        return None
    text = context.source.text
    para = _paragraph_start(text, sentence.start)
    last, others = None, []
    for a, b, ident in spans:
        if a >= sentence.start:
            break
        if a < sentence.start - _MAIN_REACH:
            continue
        if ident == subject:
            last = a
        elif context.is_a(context.ends[ident].cls, {KGO.Company}) and \
                not any(x <= a and b <= y and i == subject for x, y, i in spans):
            if a >= para:
                return None  # the paragraph is (also) about another company
            others.append(a)
    # a paragraph between about another company (Lenovo ... \n\n Dell grew ... \n\n CEO Yang)
    if last is None or any(_paragraph_start(text, a) > _paragraph_start(text, last)
                           for a in others):
        return None
    return last, subject


def _paragraph_start(text: str, at: int) -> int:
    """Where the paragraph holding ``at`` starts: after the last line break before it."""
    return text.rfind("\n", 0, max(at, 0)) + 1


def _self_reference(marked: _Marked, inside: list[int], *pair: int) -> bool:
    """Whether an anaphor of the pair has its antecedent named inside the same match ("Xiaomi
    and Kingsoft, its shareholders": its is not Xiaomi's)."""
    for i in pair:
        if i in marked.anchors and any(marked.ends[j][0] == marked.ends[i][0] and j != i
                                       for j in inside):
            return True
    return False


#: the posts that head the unit they are in (a unit's CEO, president, general manager, head)
_UNIT_HEADS = frozenset({"ceo", "president", "general-manager", "head"})
#: what may stand between a company and its unit written after it (台達電企業投資部, 騰訊的CSIG)
_UNIT_OWNER_GAP = re.compile(r"(?:的|旗下(?:的)?)?\s?$")


def _unit_owner(context: Context, marked: _Marked, match: re.Match,
                org_marker: int | None) -> str | None:
    """The company a post's unit is written right after (台達電企業投資部副總裁: 台達電), when
    the post's organisation is a unit (a business group, a department) of a template's
    subject; None otherwise."""
    units = context.relations.get("hasUnit")
    if units is None or org_marker is None or "s" not in match.re.groupindex:
        return None
    org = marked.ends[org_marker][0]
    if not context.is_a(context.ends[org].cls, units.range):
        return None
    gap = _UNIT_OWNER_GAP.search(marked.text, max(0, match.start("s") - 4), match.start("s"))
    prior = _markers(marked.text[gap.start() - 1]) if gap and gap.start() > 0 else []
    if not prior:
        return None
    owner = marked.ends[prior[0]][0]
    # a unit after a unit (騰訊CSIG雲業務部) is the second's: only a company owns here
    return owner if owner != org and context.fits("hasUnit", owner, org) and \
        not context.is_a(context.ends[owner].cls, units.range) else None


def _markers(group: str) -> list[int]:
    """The marker indexes in a matched group."""
    return [ord(c) - 0xE000 for c in group if 0xE000 <= ord(c) <= 0xF8FF]


def _listed(marked: _Marked, group: str) -> list[int]:
    """The marker indexes of a list of names, without a reference back (公司, its) that a
    comma puts after the first: it opens the next clause (對手是A和B,公司的目標是...); nor
    the owner an item is written after (對手包括百度旗下的蘿蔔快跑: 百度 is no rival)."""
    found = [i for i in _markers(group)
             if not _OWNER_RE.match(group, group.index(chr(0xE000 + i)) + 1)]
    return found[:1] + [i for i in found[1:] if i not in marked.anchors or not
                        _after_comma(marked.text, marked.text.index(chr(0xE000 + i)))]


def _after_comma(text: str, at: int) -> bool:
    """Whether ``text[at]`` follows a comma, spaces aside (read back from ``at`` only)."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at > 0 and text[at - 1] == ","


def _ends_in(marked: _Marked, group: str) -> list[tuple[str, int, int]]:
    return [marked.ends[ord(c) - 0xE000] for c in group if 0xE000 <= ord(c) <= 0xF8FF]


def _span(marked: _Marked, a: int, b: int) -> tuple[int, int]:
    """The source span of ``marked.text[a:b]``."""
    char = marked.text[b - 1]
    end = marked.ends[ord(char) - 0xE000][2] if 0xE000 <= ord(char) <= 0xF8FF \
        else marked.offsets[b - 1] + 1
    return marked.offsets[a], end


def _clause_span(marked: _Marked, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` widened to the clause(s) of the sentence it lies in."""
    from bisect import bisect_left

    text, stops = marked.source, _breaks(marked)[0]
    a = start
    if a > marked.start:  # after the last break before start, else the sentence's start
        at = bisect_left(stops, a) - 1
        a = stops[at] + 1 if at >= 0 else marked.start
    b = end
    if b < marked.stop:  # at the first break from end on, else the sentence's end
        at = bisect_left(stops, b)
        b = stops[at] if at < len(stops) else marked.stop
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _name_spans(context: Context, sentence, spans: list[tuple[int, int, str]],
                compiled: dict, known: set[str]) -> list[tuple[int, int]]:
    """Spans of ``sentence`` that read as a name no entity covers: a run of Chinese
    characters between the cue words, particles and joiners that end a name (阿里巴巴 of
    獲得了阿里巴巴領投), or a capitalised English phrase (Toyota, Kingsoft Office); never a
    common word, a title, a number or a date, nor a name in ``known`` (the context's
    entities')."""
    from bisect import bisect_left

    text, start, stop = context.source.text, sentence.start, sentence.end
    covered = [(a, b) for a, b, _ in _overlapping(spans, start, stop)]
    starts, longest = [a for a, _ in covered], max((b - a for a, b in covered), default=0)
    taken = bytearray(stop - start)  # the characters of the sentence an entity covers
    for a, b in covered:
        taken[max(a, start) - start:min(b, stop) - start] = b"\x01" * (min(b, stop) - max(a, start))
    folded = fold(text[start:stop])
    out = []
    for a, b in _han_runs(folded, start, compiled):
        if a > 0 and (text[a - 1].isdigit() or fold(text[a - 1]) in _NAME_LEADS) or \
                text[b:b + 1].isdigit():
            continue  # a count: 500家企業, 超過500
        if _KIND_END.search(fold(text[a:b])) and b < stop and \
                (taken[b - start] or text[b].isascii() and text[b].isalpha()):
            continue  # a kind of company before its name: 穿戴式裝置公司Fitbit
        if taken.find(1, a - start, b - start) < 0 and _han_name(fold(text[a:b]), compiled):
            out.append((a, b))
    for match in _EN_NAME_RE.finditer(text, start, stop):
        a, b = next((match.start() + w.start() for w in re.finditer(r"\S+", match.group())
                     if w.group().lower() not in _EN_LEADS), None), match.end()
        if a is None or re.match(r"[$\d]", text[b:b + 1]) or \
                not _en_name(text[a:b], compiled):
            continue  # US$400 million
        if re.search(r"['’]s?\s+$", text[max(0, a - 4):a]):
            continue  # Intel's ADAS: a thing someone has, no company
        inside = [(s, e) for s, e in covered[bisect_left(starts, a - longest):
                                             bisect_left(starts, b)] if s < b and a < e]
        if any(not (a <= s and e <= b) for s, e in inside):
            continue
        if inside and max(e for _, e in inside) == b:
            continue  # Chinese MNC Alibaba, US chipmaker Nvidia: words describing the name
        if inside and all(common_english(w.lower()) for w in _outside(text, a, b, inside)):
            continue  # Alibaba Cloud around Alibaba: a unit of the known company
        out.append((a, b))
    return [(a, b) for a, b in out if fold(text[a:b]) not in known]


def _han_runs(folded: str, offset: int, compiled: dict) -> list[tuple[int, int]]:
    """The runs of Chinese characters of ``folded`` (at ``offset`` in the source) between the
    words that end a name."""
    out = []
    for run in re.finditer(r"[\u3400-\u9fff]+", folded):
        text, pos = run.group(), 0
        while pos < len(text):
            piece = compiled["breaks"].search(text, pos)
            end = piece.start() if piece else len(text)
            tail = compiled["org_tail"].match(text, end) if end > pos else None
            if tail is not None:
                end = tail.end()
            if end - pos >= 2:
                out.append((offset + run.start() + pos, offset + run.start() + end))
            pos = end if tail is not None else (piece.end() if piece else len(text))
    return out


def _look_up_names(text: str, compiled: dict) -> None:
    """Look up in jieba's dictionary, at once, every word :func:`_han_name` may ask about in
    ``text`` (each look-up searches the dictionary file)."""
    words = set()
    for a, b in _han_runs(fold(text), 0, compiled):
        key = fold(text[a:b])
        if len(key) <= 8:
            words.update(key[i:j] for i in range(len(key)) for j in range(i + 2, len(key) + 1))
    if words:
        dictionary_entries(frozenset(words))


def _outside(text: str, a: int, b: int, inside: list[tuple[int, int]]) -> list[str]:
    """The words of ``text[a:b]`` outside the ``inside`` spans."""
    kept, pos = [], a
    for s, e in sorted(inside):
        kept.append(text[pos:s])
        pos = e
    kept.append(text[pos:b])
    return " ".join(kept).split() or [""]


def _han_name(key: str, compiled: dict) -> bool:
    """Whether the folded Chinese ``key`` may be a company's name: two to eight characters,
    not opening with a number or determiner, not a title, and not a common word (a name in
    jieba's dictionary is one; a place before a word that is no common noun makes a name:
    中國平安, not 中國市場)."""
    longest = 12 if compiled["org_tail_end"].search(key) else 8  # a fund's name is long
    if not 2 <= len(key) <= longest or key[0] in _NAME_LEADS or compiled["title"].search(key):
        return False
    if key.endswith("者"):  # who does something (後者, 投資者, 消費者), never a company
        return False
    entry = dictionary_entries(frozenset({key})).get(key)
    if entry is not None:
        return entry[1] in _NAME_TAGS
    if is_generic_head(key):
        return False
    rest = next((key[len(p):] for p in PLACES if key.startswith(p) and len(key) - len(p) >= 2),
                None)
    if rest is not None:
        tag = (dictionary_entries(frozenset({rest})).get(rest) or (0, ""))[1]
        return not is_generic_head(rest) and tag[:1] not in ("n", "v")
    pieces = frozenset(key[i:j] for i in range(len(key)) for j in range(i + 2, len(key) + 1))
    return not is_generic(key, key, None, common_words(pieces))


def _en_name(written: str, compiled: dict) -> bool:
    """Whether a capitalised English phrase may be a company's name: not a date, a number,
    a title, nor made only of common words."""
    words = [w.lower() for w in written.split()]
    if any(w in _EN_DATES or w.isdigit() for w in words) or \
            compiled["title"].fullmatch(fold(written)):
        return False
    return not is_generic(fold(written), written, None, frozenset())


def _propose_company(context: Context, written: str, a: int, b: int, rule: str,
                     cls: str = "Company") -> str:
    """Propose the company (or the entity of class ``cls``) named ``written`` at ``a``..``b``
    (once per name); its id."""
    from kg.ingest.documents import HAN
    from kg.ingest.draft import entity_slug
    from kg.text import _converter

    from kg.ingest.entities import joined_name

    written, a = joined_name(context.source.text, a, written)
    for ident, entry in context.new_entities.items():
        if fold(entry["name"]) == fold(written):
            return ident
    base = entity_slug(written, cls) or f"{context.source.id}-{cls.lower()}"
    ident, n = base, 1
    while ident in context.ends:
        n += 1
        ident = f"{base}-{n}"
    han = bool(HAN.search(written))
    labels = {"zh-Hant": _converter("s2t").convert(written) if han else "TODO",
              "zh-Hans": _converter("t2s").convert(written) if han else "TODO",
              "en": "TODO" if han else written}
    return context.propose_entity(ident, cls, labels, written, a, b, rule)


#: the tails a company's full name has and its short name drops (小鵬汽車 -> 小鵬, 京东集团 ->
#: 京东, Lenovo Group -> Lenovo), longest first; folded
_LEGAL_TAILS = tuple(fold(t) for t in ("集團股份有限公司", "股份有限公司", "有限責任公司", "有限公司",
                                        "集團公司", "集團", "控股", "科技", "汽車", "公司", "股份"))
_LATIN_TAIL = re.compile(r"\s+(?:group|holdings?|inc\.?|ltd\.?|limited|corp\.?|corporation|co\.)$")


def _short_forms(name: str) -> list[str]:
    """The shorter names a company's full name ``name`` (folded) goes by in running text: its
    tails dropped one after another (宇树科技股份有限公司: 宇树科技, 宇树)."""
    out, key = [], name
    while True:
        latin = _LATIN_TAIL.search(key)
        tail = next((t for t in _LEGAL_TAILS if key.endswith(t) and len(key) > len(t)), None)
        if latin is not None:
            key = key[:latin.start()]
        elif tail is not None:
            key = key[:-len(tail)]
        else:
            return out
        if len(key) < (3 if key.isascii() else 2) or is_generic_head(key) or \
                (common_english(key) if key.isascii() else bool(common_words(frozenset({key})))):
            return out
        out.append(key)


def _cover_short_names(context: Context) -> None:
    """Give each company the source names by its full name every place it names it by a short
    one (小鵬汽車 ... 小鵬P7, Lenovo Group ... Lenovo has), where no other end is named: the
    rules then read the sentences that say 小鵬 or Lenovo alone."""
    from dataclasses import replace

    folded = fold(context.source.text)
    taken = [(a, b) for end in context.ends.values() for a, b in end.spans]
    for ident, end in list(context.ends.items()):
        if not end.spans or not context.is_a(end.cls, {KGO.Company}):
            continue
        spans, used = list(end.spans), []
        for short in dict.fromkeys(s for n in end.names for s in _short_forms(fold(n))):
            for m in re.finditer(_bounded(short), folded):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    spans.append(m.span())
                    taken.append(m.span())
                    used.append(context.source.text[m.start():m.end()])
        if used:  # the short names as written: what a quote naming the company holds
            context.ends[ident] = replace(end, spans=tuple(sorted(spans)),
                                          names=tuple(dict.fromkeys(end.names + tuple(used))))


#: a model's name written right after its maker's Chinese name (特斯拉Optimus, 小鵬P7, 英偉達H20):
#: letters and digits, or a word with a lower-case letter; not an abbreviation (AI, GPU)
_MODEL_AFTER = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?: [A-Z0-9][A-Za-z0-9-]*)?(?![A-Za-z0-9])")
_MODEL_WORDS = frozenset("pro max plus ultra mini lite air se app apps ai".split())


def _model_name(written: str) -> bool:
    """Whether ``written`` reads as a product's or model's name: a letter with digits (P7,
    Mate 60), or a word of three letters or more with a lower-case one (Optimus, xIQ) that is
    no common English word."""
    words = written.lower().split()
    if any(w in _MODEL_WORDS for w in words) or len(written) > 16 or \
            re.fullmatch(r"(?:q[1-4]|h[12]|fy\d*|\d+)", words[0]):  # 小米Q1財報: a period
        return False
    if any(c.isdigit() for c in written):
        return True
    return len(written) >= 3 and any(c.islower() for c in written) and \
        not all(common_english(w) for w in words)


def _models_after_makers(context: Context) -> list[Proposal]:
    """offers for a model named right after a company's Chinese name (特斯拉Optimus搁浅, 全新
    小鵬P7將於下周上市), the model proposed as a product: the maker and the model's name
    together are the quote. Not a name any end goes by (商湯SenseTime: the company's own)."""
    text, spans = context.source.text, _all_spans(context)
    names = {fold(n) for end in context.ends.values() for n in end.names}
    starts = {a for a, _, _ in spans}
    out = []
    for a, b, ident in spans:
        if not ("\u4e00" <= text[b - 1] <= "\u9fff") or b in starts or \
                not context.is_a(context.ends[ident].cls, {KGO.Company}):
            continue
        m = _MODEL_AFTER.match(text, b)
        if m is None or fold(m.group()) in names or not _model_name(m.group()) or \
                fold(text[m.end():m.end() + 3]).startswith(tuple(fold(t) for t in _TEAMS)) or \
                any(s < m.end() and m.start() < e for s, e, _ in spans):
            continue
        product = _propose_company(context, m.group(), m.start(), m.end(), "rules:maker-model",
                                   "Product")
        if context.fits("offers", ident, product):
            out.append(Proposal(ident, "offers", product, text[a:m.end()], a, m.end(), 0.7,
                                "rules:maker-model"))
    return out


def _cover_new_companies(context: Context) -> bool:
    """Give each company a cue proposed (named once, where the cue bound it) every place the
    source names it, where no other end is named; whether any gained one."""
    from dataclasses import replace

    folded = fold(context.source.text)
    taken = [(a, b) for end in context.ends.values() for a, b in end.spans]
    grown = False
    for ident, entry in context.new_entities.items():
        end = context.ends.get(ident)
        if entry["class"] != "Company" or end is None or len(end.spans) != 1:
            continue
        key, spans = fold(entry["name"]), list(end.spans)
        edge = r"\b" if key[:1].isascii() else ""
        pattern = re.compile(edge + re.escape(key) + (r"\b" if key[-1:].isascii() else ""))
        for m in pattern.finditer(folded):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                spans.append(m.span())
                taken.append(m.span())
        if len(spans) > 1:
            context.ends[ident] = replace(end, spans=tuple(sorted(spans)))
            entry["mentions"] = len(spans)
            grown = True
    return grown


def _article_subject(context: Context) -> str | None:
    """The company the source is about: the one it names most often (three times or more),
    more often than any other; None when no company stands out."""
    companies = {ident: end.spans for ident, end in context.ends.items()
                 if end.spans and not ident.startswith(_PROVISIONAL)
                 and context.is_a(end.cls, {KGO.Company})}
    every = [span for spans in companies.values() for span in spans]
    # a piece of a longer name (Kingsoft of Kingsoft Cloud) is the longer one's mention
    counts = sorted(((sum(not any(x <= a and b <= y and y - x > b - a for x, y in every)
                          for a, b in spans), ident) for ident, spans in companies.items()),
                    reverse=True)
    if not counts or counts[0][0] < 3 or len(counts) > 1 and counts[1][0] == counts[0][0]:
        return None
    return counts[0][1]


#: a unit named in lower case after its company's possessive (Lenovo's infrastructure solutions
#: group, the company's battery swap unit): two to four words and the unit's kind (one word, a
#: smartphone unit, describes a unit more often than it names one)
_POSSESSED_UNIT = re.compile(r"['’]s\s+(?P<u>(?:[a-z][a-z-]*\s+(?:and\s+)?){2,4}?"
                             r"(?:business\s+group|group|unit|division|arm))\b")
#: words no unit's name opens with: what the company's unit is, not its name
_UNIT_LEADS = frozenset("""the a an its their our this that own other main core key biggest largest
smallest new former fastest-growing loss-making profitable struggling whole entire""".split())
#: the company's, the firm's: the company the sentence before names, opening a sentence
_COMPANY_OPENS = re.compile(r"[\s“”\"'‘’(]*(?:the\s+)?(?:company|firm|group)$", re.I)


def _possessed_units(context: Context) -> list[Proposal]:
    """hasUnit for a unit written in lower case after its company's possessive: "Lenovo's
    infrastructure solutions group grew", and "The company's cloud unit" opening a sentence
    after one that names the company the source is about (the quote spans both). The unit is
    proposed as a business group."""
    text, spans, out = context.source.text, _all_spans(context), []
    owners = [(a, b, ident) for a, b, ident in spans if context.is_a(context.ends[ident].cls,
                                                                      {KGO.Company})]
    subject = _article_subject(context)
    for sentence in context.source.sentences:
        for m in _POSSESSED_UNIT.finditer(text, sentence.start, sentence.end):
            words = m.group("u").lower().split()
            if words[0] in _UNIT_LEADS or all(common_english(w) for w in words[:-1]):
                continue
            owner = next(((a, ident) for a, b, ident in owners if b == m.start()), None)
            before = context.source.sentences[sentence.index - 2] \
                if sentence.index >= 2 else None
            if owner is None and subject and before and _COMPANY_OPENS.fullmatch(
                    text[sentence.start:m.start()]) and "\n" not in text[before.end:sentence.start]:
                owner = next(((a, ident) for a, b, ident in owners if ident == subject and
                              before.start <= a and b <= before.end), None)
            if owner is None:
                continue
            unit = _propose_company(context, m.group("u"), m.start("u"), m.end("u"),
                                    "rules:possessed-unit", "BusinessGroup")
            if context.fits("hasUnit", owner[1], unit):
                out.append(Proposal(owner[1], "hasUnit", unit, text[owner[0]:m.end("u")],
                                    owner[0], m.end("u"), 0.7, "rules:possessed-unit"))
    return out


#: a sentence opening with a rival's name: whose rival is the company the text is about
_RIVAL_OPENS = re.compile(r"[\s“\"'‘(]*(?:(?:Its\s+)?(?:[Rr]ivals?|[Cc]ompetitors?)\s+|(?:其)?(?:競爭|竞争)?(?:對手|对手))$")


def _rival_openers(context: Context) -> list[Proposal]:
    """competesWith for a sentence that opens with a rival's name ("Rival Baidu AI Cloud also
    reported", 競爭對手阿里雲亦下調價格) and names no other company: the rival of the one
    company the sentence before names in its paragraph, else of the article's main company
    (:func:`_main_company_before`); the quote runs from that company's mention to the rival."""
    text, spans, out = context.source.text, _all_spans(context), []
    companies = [(a, b, i) for a, b, i in spans if not i.startswith(_PROVISIONAL)
                 and context.is_a(context.ends[i].cls, {KGO.Company})]
    for sentence in context.source.sentences:
        inside = [(a, b, i) for a, b, i in companies if sentence.start <= a < sentence.end]
        if not inside or not _RIVAL_OPENS.match(text, sentence.start, inside[0][0]) or \
                any(i != inside[0][2] for _, _, i in _whole(inside)):
            continue
        a, b, rival = inside[0]
        before = _sole_company_before(context, sentence, companies) or \
            _main_company_before(context, sentence, spans)
        if before is None or before[1] == rival or not context.fits("competesWith", before[1],
                                                                      rival):
            continue
        out.append(Proposal(before[1], "competesWith", rival, text[before[0]:b], before[0], b,
                            0.7, f"rules:rival-opens{_MAIN_RULE}"))
    return out


def _whole(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans that are no piece of a longer one (Kingsoft of Kingsoft Cloud)."""
    return [(a, b, i) for a, b, i in spans
            if not any(x <= a and b <= y and y - x > b - a for x, y, _ in spans)]


def _sole_company_before(context: Context, sentence,
                         companies: list[tuple[int, int, str]]) -> tuple[int, str] | None:
    """(where, id) of the one company the sentence before names, in the same paragraph."""
    sentences = context.source.sentences
    if sentence.index < 2:
        return None
    before = sentences[sentence.index - 2]
    if "\n" in context.source.text[before.end:sentence.start]:
        return None
    named = _whole([c for c in companies if before.start <= c[0] < before.end])
    if len({i for _, _, i in named}) != 1:
        return None
    return named[-1][0], named[-1][2]


#: what may stand between a company's name and a title before a person (folded): a stock
#: code in brackets, 的, 公司, 集團 (泡泡瑪特董事長, 廣達(2382)董事長, 商湯科技的首席執行官)
_TITLE_LEAD = fold(r"(?:\s?\([0-9A-Za-z.: ]{2,14}\))?\s?(?:的|公司|集團|集團公司)?")


def _titled_people(context: Context) -> None:
    """Propose as a person the Chinese name no entity covers right after a company's title
    (泡泡瑪特董事長兼 CEO 王寧化身帶貨博主): the post rules then bind it to the post. Only
    after a company's name: a title alone (總裁表示) names no one's post."""
    from kg.ingest.entities import is_name, person_after_title

    text, spans = context.source.text, _all_spans(context)
    titled, starts = _compiled()["titled"], [a for a, _, _ in spans]
    for _a, b, ident in list(spans):
        if ident.startswith(_PROVISIONAL) or not context.is_a(context.ends[ident].cls,
                                                              {ORG.Organization}):
            continue
        match = titled.match(fold(text[b:b + 40]))  # a title is short: a bounded slice
        if match is None:
            continue
        at = b + match.end()
        name = person_after_title(text, at)
        # the name checks entity proposals pass (重回創始人時代: an era, no one's name)
        if name is None or _covered(spans, starts, *name) or \
                not is_name(text[name[0]:name[1]], "Person"):
            continue
        _propose_company(context, text[name[0]:name[1]], *name, "rules:titled-person", "Person")


def _covered(spans: list[tuple[int, int, str]], starts: list[int], a: int, b: int) -> bool:
    """Whether an end's span overlaps ``a``..``b`` (the spans by start, no longer than
    ``spans.longest``)."""
    from bisect import bisect_left

    return any(s < b and a < e for s, e, _ in spans[bisect_left(starts, a - spans.longest):
                                                    bisect_left(starts, b)])


#: a launch and what may stand between it and the products it names (folded): 新品不斷推出,
#: 包括: / 推出全球首批量產的 (what the product is, up to 的)
_LAUNCH = re.compile(fold(r"(?:新品|新產品)?(?:不斷|陸續|相繼|正式|首次|再次|已|將)?(?:推出|發布|發佈|亮相|量產)(?:了)?"
                          r"(?:,?\s?(?:包括|包含|涵蓋):?\s?|[^,;。:、\s的]{0,12}的\s?)?"))
#: a product's name as launched: Latin letters or digits first (800V SiC, LBR iisy), then
#: the Chinese words of what it is up to a list's break (高轉速電動壓縮機, 協作機器人)
_LAUNCHED = re.compile(r"(?P<latin>[A-Za-z0-9][A-Za-z0-9.+-]*(?: [A-Za-z0-9][A-Za-z0-9.+-]*){0,3})"
                       r"(?: ?[\u4e00-\u9fff]{1,10}?)?(?=[、,;。!?\s]|等|的|及|和|与|$)")
#: the Latin words of no product's name (AI大模型, GPU服務器, 5G手機)
_NOT_PRODUCT = frozenset("ai app apps gpu gpus cpu api ev suv pc 5g 4g iot saas ai+ aigc llm".split())
#: a maker no entity names, opening the clause right before the launch: a name that ends like
#: a company's (美的威靈汽車部件公司, 庫卡中國)
_MAKER_BEFORE = re.compile(r"(?:^|(?<=[,;:、\s]))(?P<m>[\u4e00-\u9fff]{2,12}?(?:"
                           + fold("公司|集團|中國|科技") + "))$")


def _launched_products(context: Context) -> list[Proposal]:
    """offers for the products a maker launches, named in Latin letters first: 庫卡中國新品不斷
    推出,包括:LBR iisy協作機器人、KR SCARA機器人家族 / 美的威靈汽車部件公司推出全球首批量產的800V
    SiC高轉速電動壓縮機. The maker is the company named right before the launch (proposed when no
    entity names it and its name ends like a company's); each product no entity names is proposed."""
    text, spans, out = context.source.text, _all_spans(context), []
    starts = [a for a, _, _ in spans]
    for sentence in context.source.sentences:
        folded = fold(text[sentence.start:sentence.end])
        for launch in _LAUNCH.finditer(folded):
            at = sentence.start + launch.start()
            maker = _maker_before(context, spans, starts, sentence.start, folded[:launch.start()], at)
            if maker is None:
                continue
            pos = launch.end()
            while True:
                item = _LAUNCHED.match(folded, pos)  # (the fold is lower case: read the text)
                if item is None or not _launched_name(text[sentence.start + item.start("latin"):
                                                           sentence.start + item.end("latin")]):
                    break
                a, b = sentence.start + item.start(), sentence.start + item.end()
                product = _product_at(context, spans, starts, a, b)
                if product and context.fits("offers", maker[0], product):
                    out.append(Proposal(maker[0], "offers", product, text[maker[1]:b], maker[1], b,
                                        0.7, "rules:launched-products"))
                sep = re.match(r"、|和|及|与", folded[item.end():])
                if sep is None:
                    break
                pos = item.end() + sep.end()
    return out


def _launched_name(latin: str) -> bool:
    """Whether the Latin words a launched product opens with read as a name: a model's
    (:func:`_model_name`) or a word of capitals (KR SCARA), never only common words."""
    words = latin.lower().split()
    if all(w in _NOT_PRODUCT for w in words) or not re.search("[A-Za-z]", latin):
        return False
    return _model_name(latin) or bool(re.search(r"[A-Z]{2,}", latin))


def _maker_before(context: Context, spans, starts, offset: int, before: str,
                  at: int) -> tuple[str, int] | None:
    """(id, start) of the company named right before a launch at ``at``: an end, else a name
    ending like a company's that opens the clause (proposed)."""
    from bisect import bisect_left

    i = bisect_left(starts, at) - 1
    while i >= 0 and spans[i][1] > at:
        i -= 1
    if i >= 0 and spans[i][1] == at and context.is_a(context.ends[spans[i][2]].cls, {KGO.Company}):
        return spans[i][2], spans[i][0]
    named = _MAKER_BEFORE.search(before)
    if named is None or _crossed(spans, starts, offset + named.start("m"), at) or \
            common_words(frozenset({named.group("m")})):
        return None
    a = offset + named.start("m")
    return _propose_company(context, context.source.text[a:at], a, at,
                            "rules:launched-products"), a


def _crossed(spans, starts: list[int], a: int, b: int) -> bool:
    """Whether an end's span overlaps ``a``..``b`` and runs past it (one inside it does not:
    美的 of 美的威靈汽車部件公司)."""
    from bisect import bisect_left

    return any(s < b and a < e and (s < a or e > b)
               for s, e, _ in spans[bisect_left(starts, a - spans.longest):bisect_left(starts, b)])


def _product_at(context: Context, spans, starts, a: int, b: int) -> str | None:
    """The product named at ``a``..``b``: the end there, else a new one (none when another end
    runs past it: a shorter one inside, 機器人 of 協作機器人, is a piece of the longer name)."""
    from bisect import bisect_left

    here = [s for s in spans[bisect_left(starts, a - spans.longest):bisect_left(starts, b)]
            if s[0] < b and a < s[1]]
    exact = next((ident for s, e, ident in here if (s, e) == (a, b)), None)
    if exact is not None or _crossed(spans, starts, a, b):
        return exact
    return _propose_company(context, context.source.text[a:b], a, b, "rules:launched-products",
                            "Product")


_GROUP_NAME_END = re.compile(fold("(?:集團|事業群|事業羣|事業部|事業)$"))


def _units_in_names(context: Context) -> list[Proposal]:
    """hasUnit for a proposed unit whose name opens with its company's (阿里巴巴中国电商集团 of
    阿里巴巴) or follows a Latin one (HTC智慧手機暨物聯網事業): the unit's name where the text
    writes it (with the company's before it) is the quote naming both ends."""
    units = {KGO.OrganizationalUnit, ORG.OrganizationalUnit}
    owners: dict[str, str] = {}  # a company's folded name -> its id
    for end in context.ends.values():
        if context.is_a(end.cls, {ORG.Organization}) and not context.is_a(end.cls, units):
            for n in end.names:
                if len(n) >= 2:
                    owners.setdefault(fold(n), end.id)
    text, out = context.source.text, []
    for end in context.ends.values():
        if not end.proposed or not context.is_a(end.cls, units):
            continue
        for a, b in end.spans[:1]:
            written = fold(text[a:b])
            if not _GROUP_NAME_END.search(written):
                continue  # 曠視研究院, 深蘭鞍山智能工業研究院: an institute may be a body of its own
            owner = next((owners[written[:k]] for k in range(len(written) - 2, 1, -1)
                          if written[:k] in owners and not written[:k].isascii()), None)
            if owner is None:  # HTC智慧手機暨物聯網事業: a Latin name right before the unit
                before = re.search(r"([a-z][a-z0-9&.-]*(?: [a-z][a-z0-9&.-]*){0,2}) ?$",
                                   fold(text[max(0, a - 30):a]))
                if before and before.group(1) in owners:
                    owner, a = owners[before.group(1)], a - len(before.group())
            relation = next((r for r in ("hasUnit", "hasSegment")
                             if owner and context.fits(r, owner, end.id)), None)
            if relation:
                out.append(Proposal(owner, relation, end.id, text[a:b], a, b, 0.8,
                                    "rules:unit-in-name"))
    return out


class RuleExtractor:
    """The built-in extractor: the cue rules of :data:`RULES`, posts and attributions."""

    name = "rules"

    def propose(self, context: Context) -> list[Proposal]:
        """Relations each sentence with two or more named entities states by a cue; when a
        cue proposed a new company, the source is read once more with every place that names
        it (the sentences before the one that proposed it, too)."""
        compiled = _compiled()
        _look_up_names(context.source.text, compiled)
        _cover_short_names(context)
        _titled_people(context)
        rounds = _round_backers(context)
        out = _without_co_backers(context, self._read(context, compiled), rounds) + \
            _units_in_names(context) + _models_after_makers(context) + \
            _possessed_units(context) + _launched_products(context) + _rival_openers(context) + \
            rounds
        if _cover_new_companies(context):
            seen = {(p.subject, p.relation, p.object, p.start, p.end) for p in out}
            out += [p for p in self._read(context, compiled)
                    if (p.subject, p.relation, p.object, p.start, p.end) not in seen]
        return out

    def _read(self, context: Context, compiled: dict) -> list[Proposal]:
        """One pass over the sentences: the rules, posts, attributions and unnamed ends."""
        spans = _all_spans(context)
        known = {fold(n) for end in context.ends.values() for n in end.names}
        out: list[Proposal] = []
        for sentence in context.source.sentences:
            marked = _mark(context, sentence, spans)
            found: list[Proposal] = []
            if marked is not None:
                for rule, pattern in compiled["rules"]:
                    for match in pattern.finditer(marked.text):
                        found.extend(self._apply(context, marked, rule, match))
                found.extend(self._posts(context, marked, compiled, (sentence, spans)))
                found.extend(self._founders(context, marked, compiled))
                related = {frozenset((p.subject, p.object)) for p in found}
                found.extend(trigger_proposals(context, marked, related))
            found.extend(self._unnamed_ends(context, sentence, spans, compiled, known))
            if marked is None:  # one person and a title: the company of the sentence before
                alone = _mark(context, sentence, spans, least=1)
                found.extend(self._posts(context, alone, compiled, (sentence, spans))
                             if alone is not None else [])
                out.extend(found)
                continue
            claim = self._claimant(context, marked, compiled)
            if claim is not None:
                ident, a, b = claim
                found = [p for p in found if not (p.rule in _compiled()["inferred"] and
                                                  ident in (p.subject, p.object))]
                found.extend(self._reported(context, marked, ident))
                for p in found:  # what the claimant says: not its own post, nor what it does
                    if ident not in (p.subject, p.object) and not p.rule.startswith("rules:post"):
                        p.claimed_by = ident
            out.extend(found)
        return out

    def _unnamed_ends(self, context: Context, sentence, spans: list[tuple[int, int, str]],
                      compiled: dict, known: set[str]) -> list[Proposal]:
        """What a strong cue states between an entity and a name-like span of the sentence
        that no entity covers (:func:`_name_spans`): the sentence is marked again with those
        spans as entities of the class the relation's end needs (a company), and each one
        that such a rule binds, to an entity the sentence names, is proposed as a new entity
        (:meth:`Context.propose_entity`), with the relation. Verification is the same."""
        names = _name_spans(context, sentence, spans, compiled, known)
        if not names:
            return []
        provisional = {f"{_PROVISIONAL}{n}": (a, b) for n, (a, b) in enumerate(names)}
        written = {ident: context.source.text[a:b] for ident, (a, b) in provisional.items()}
        for ident, (a, b) in provisional.items():
            context.ends[ident] = End(ident, "Company", (written[ident],), ((a, b),),
                                      proposed=True)
        try:
            merged = sorted(_overlapping(spans, sentence.start, sentence.end) +
                            [(a, b, ident) for ident, (a, b) in provisional.items()])
            marked = _mark(context, sentence, merged)
            found: list[Proposal] = []
            if marked is not None:
                for rule, pattern in compiled["rules"]:
                    if rule.name not in compiled["open"]:
                        continue
                    for match in pattern.finditer(marked.text):
                        # a pair of named ends too: the unnamed one broke their list (with
                        # Alibaba and HongShan investing)
                        found.extend(p for p in self._apply(context, marked, rule, match)
                                     if p.subject not in provisional or
                                     p.object not in provisional)
        finally:
            for ident in provisional:
                del context.ends[ident]
        out = []
        for p in found:
            if p.subject not in provisional and p.object not in provisional:
                out.append(p)
                continue
            new = p.subject if p.subject in provisional else p.object
            ident = _propose_company(context, written[new], *provisional[new], p.rule)
            if p.subject == new:
                p.subject = ident
            else:
                p.object = ident
            p.confidence *= 0.9  # the end is new to the project as well
            out.append(p)
        return out

    @staticmethod
    def _negated(marked: _Marked, match: re.Match) -> bool:
        """A negation between the last clause break before the cue and the cue (anywhere in
        the match for a template without a cue): the clause, not the match, so that "Megvii
        ended its partnership" is negated when the match starts at "its"."""
        if "cue" not in match.re.groupindex or match.start("cue") < 0:
            return bool(_compiled()["negation"].search(marked.text[match.start():match.end()]))
        from bisect import bisect_left

        cue, commas = match.start("cue"), _breaks(marked)[1]
        at = bisect_left(commas, cue) - 1  # the text after the last comma before the cue
        before = marked.text[commas[at] + 1 if at >= 0 else 0:cue]
        # a gloss in brackets negates nothing: HongShan (formerly Sequoia China) investing
        before = re.sub(r"\([^()]{0,40}\)", "", before)
        return bool(_compiled()["negation"].search(before)) or \
            before.endswith(_compiled()["not"])

    def _apply(self, context: Context, marked: _Marked, rule: Rule,
               match: re.Match) -> list[Proposal]:
        if rule.negatable and (self._negated(marked, match) or _supposed(marked, match)):
            return []
        a, b = _span(marked, *match.span())
        named = sum(e - s for _, s, e in _ends_in(marked, match.group()))
        cue = len(match.group("cue")) if "cue" in match.re.groupindex and \
            match.group("cue") else 0
        gap = max(0, (b - a) - named - cue)
        confidence = rule.strength * (1 - min(gap, 40) / 100)
        start, end = _clause_span(marked, a, b)
        groups = match.re.groupindex
        subjects = _listed(marked, match.group("s")) if "s" in groups else None
        objects = _listed(marked, match.group("o")) if "o" in groups else None
        inside = _markers(match.group())
        out = []
        for s, o in self._pairs(context, marked, rule, match, subjects, objects):
            if _self_reference(marked, inside, s[1], o[1]):
                continue
            relation = next((r for r in rule.relations if context.fits(r, s[0], o[0])), None)
            if relation is None or s[0] == o[0] or not _of_classes(context, rule, s[0], o[0]):
                continue
            first = min([start] + [marked.anchors.get(i, marked.ends[i][1]) for i in (s[1], o[1])])
            out.append(Proposal(s[0], relation, o[0], None, first, end, confidence,
                                f"rules:{rule.name}"))
        return out

    @staticmethod
    def _pairs(context: Context, marked: _Marked, rule: Rule, match: re.Match,
               subjects: list[int] | None, objects: list[int] | None):
        """(id, marker) pairs of subject and object; a template without one of them takes the
        first end named before the other that fits (the layoff a clause goes on about)."""
        if subjects is None or objects is None:
            given = subjects if objects is None else objects
            if marked.firsts is None:  # an entity named again fits as it did the first time
                seen: set[str] = set()
                marked.firsts = [i for i, (e, _, _) in enumerate(marked.ends)
                                 if not (e in seen or seen.add(e))]
            for g in given:
                ident = marked.ends[g][0]
                for i in marked.firsts:  # the ends named before this one, first first
                    if i >= g:
                        break
                    other = marked.ends[i][0]
                    pair = ((ident, g), (other, i)) if objects is None else ((other, i), (ident, g))
                    if any(context.fits(r, pair[0][0], pair[1][0]) for r in rule.relations):
                        yield pair
                        break
            return
        for s in subjects:
            for o in objects:
                yield (marked.ends[s][0], s), (marked.ends[o][0], o)

    def _posts(self, context: Context, marked: _Marked, compiled: dict,
               where: tuple | None = None) -> list[Proposal]:
        """The posts the sentence names and who holds them. ``where``: (the sentence, every
        occurrence of the source), for a title the sentence names without its company."""
        holds, post_in = context.relations.get("holdsPost"), context.relations.get("postIn")
        if holds is None or post_in is None:
            return []
        out = []
        for name, strength, pattern in compiled["posts"]:
            for match in pattern.finditer(marked.text):
                org_marker = self._post_org(context, marked, match, post_in.range)
                org, named, main = (marked.ends[org_marker][0], None, False) \
                    if org_marker is not None else \
                    _unnamed_post_org(context, marked, match, post_in.range, where)
                if org is None:
                    continue
                people = [e for e, _, _ in _ends_in(marked, match.group("p"))
                          if context.is_a(context.ends[e].cls, holds.domain)]
                if not people or self._negated(marked, match):
                    continue
                start, end = _clause_span(marked, *_span(marked, *match.span()))
                if named is not None:  # the quote runs from where the sentence before names it
                    start = named
                elif "s" not in pattern.groupindex:
                    start = min(start, marked.ends[org_marker][1])  # the one the sentence names
                    end = max(end, marked.ends[org_marker][2])
                elif _self_reference(marked, _markers(match.group()), org_marker):
                    continue
                start = min([start] + [marked.anchors[i] for i in [org_marker]
                                       if i in marked.anchors])
                owner, rule = _unit_owner(context, marked, match, org_marker), \
                    f"rules:{name}{_MAIN_RULE if main else ''}"
                for title in compiled["title"].finditer(marked.text, *match.span("titles")):
                    key = compiled["titles"].get(title.group())
                    # 台達電企業投資部副總裁: a post in a unit is its company's, the unit's
                    # too when it heads the unit (CSIG CEO)
                    orgs = [org] if owner is None else \
                        [owner] + ([org] if key in _UNIT_HEADS else [])
                    for at in orgs:
                        post = self._post_of(context, at, title.group(),
                                             *_span(marked, *title.span()))
                        if post is None:
                            continue
                        out.extend(Proposal(person, "holdsPost", post, None, start, end, strength,
                                            rule) for person in people)
                        out.append(Proposal(post, "postIn", at, None, start, end, strength, rule))
        return out

    def _founders(self, context: Context, marked: _Marked, compiled: dict) -> list[Proposal]:
        """The people who founded a company (:data:`_FOUNDED_TEMPLATES`) hold its founder's
        post; its co-founder's when the cue says so or they are several. Never a company an
        anaphor stands for: "Matrix funded Frontis. It was founded by" is Frontis's."""
        out = []
        for name, strength, pattern in compiled["founded"]:
            for match in pattern.finditer(marked.text):
                (org_marker,) = _markers(match.group("s"))
                org = marked.ends[org_marker][0]
                people = [e for e, _, _ in _ends_in(marked, match.group("p"))
                          if context.is_a(context.ends[e].cls, {KGO.Person})]
                if not people or not context.is_a(context.ends[org].cls, {ORG.Organization}) \
                        or self._negated(marked, match) or _supposed(marked, match) \
                        or org_marker in marked.anchors:  # It was founded by: which one?
                    continue
                cue = match.group("cue")
                key = "co-founder" if len(people) > 1 or cue.startswith(("联合", "共同", "co-")) \
                    else "founder"
                post = self._post_of(context, org, fold(POST_TITLES[key][0]["zh-Hant"]),
                                     *_span(marked, *match.span("cue")))
                if post is None:
                    continue
                start, end = _clause_span(marked, *_span(marked, *match.span()))
                rule = f"rules:{name}"
                out.extend(Proposal(person, "holdsPost", post, None, start, end, strength, rule)
                           for person in people)
                out.append(Proposal(post, "postIn", org, None, start, end, strength, rule))
        return out

    @staticmethod
    def _post_org(context: Context, marked: _Marked, match: re.Match, orgs) -> int | None:
        """The marker of the organisation a post is in: the template's subject, or for a
        template without one the first organisation the sentence names before the match."""
        if "s" in match.re.groupindex:
            (marker,) = _markers(match.group("s"))
            end = context.ends[marked.ends[marker][0]]
            # a new organisation named once by a common word is a department's word (財務與會計
            # 副總裁); one the source names again is a company whose name is a word (百度董事長)
            common = end.proposed and len(end.spans) < 2 and \
                bool(common_words(frozenset({fold(end.names[0])})))
            return marker if context.is_a(end.cls, orgs) and not common else None
        before = next((i for i in _markers(marked.text[:match.start()])
                       if context.is_a(context.ends[marked.ends[i][0]].cls, orgs)
                       and context.ends[marked.ends[i][0]].cls != "Post"), None)
        if before is not None:
            return before
        # none before: the article's own company, when the sentence names it after (執行董事兼
        # 首席執行官何小鵬表示,全新小鵬P7將於下周上市)
        subject = _article_subject(context)
        return next((i for i in _markers(marked.text[match.end():])
                     if marked.ends[i][0] == subject and i not in marked.anchors), None)

    @staticmethod
    def _post_of(context: Context, org: str, written_folded: str, a: int, b: int) -> str | None:
        """The post a title names in ``org``: a known post of it with that title, or a new
        one proposed (``ORG-TITLE``)."""
        key = _compiled()["titles"].get(written_folded)
        if key is None:
            return None
        labels, cues = POST_TITLES[key]
        forms = {fold(c) for c in cues} | {fold(v) for v in labels.values()}
        for post in context.posts.get(org, []):
            if post in context.ends and any(fold(n) in forms for n in context.ends[post].names):
                return post
        written = context.source.text[a:b]
        # labelled with its organisation's name, so that the title alone names no new post
        named = context.ends[org].labels
        own = {lang: (f"{named[lang]} {label}" if lang == "en" else f"{named[lang]}{label}")
               if named.get(lang) not in (None, "TODO") else "TODO"
               for lang, label in labels.items()}
        return context.propose_entity(f"{org}-{key}", "Post", own, written, a, b, "rules:post")

    @staticmethod
    def _claimant(context: Context, marked: _Marked, compiled: dict):
        """(id, start, end) of whoever the sentence says is speaking or reporting."""
        for pattern in compiled["claims"]:
            match = pattern.search(marked.text)
            if match and not set(_markers(match.group("x"))) & set(marked.anchors):
                (ident, a, b), = _ends_in(marked, match.group("x"))
                if context.is_a(context.ends[ident].cls, {PROV.Agent}):
                    return ident, a, b
        return None

    @staticmethod
    def _reported(context: Context, marked: _Marked, outlet: str) -> list[Proposal]:
        """The events the sentence names, reported by the media outlet it cites. A company is
        not what an outlet reports (據路透社報道，小米正與騰訊洽談: the talks are): the claims
        the sentence makes carry the outlet as their claimant instead."""
        if not context.is_a(context.ends[outlet].cls, {KGO.MediaOutlet}):
            return []
        out = []
        organisation = {ORG.Organization}
        events = [i for i, _, _ in marked.ends if i != outlet and
                  not context.is_a(context.ends[i].cls, organisation) and
                  context.fits("reportedBy", i, outlet)]
        for ident, a, b in marked.ends:
            if ident in events:
                at = next(x for i, x, _ in marked.ends if i == outlet)
                start, end = _clause_span(marked, min(a, at), max(b, at + 1))
                out.append(Proposal(ident, "reportedBy", outlet, None, start, end, 0.7,
                                    "rules:reported-by"))
        return out


# ---------------------------------------------------------------------------------------------
# The clause-level trigger extractor: beside the templates, for wordings no template reads
# ---------------------------------------------------------------------------------------------

#: what makes a clause a supposition in every rule's eyes (如果騰訊收購曠視, if Tencent buys)
#: ... but 如果再加上 (if one adds) counts what was done: no supposition
_SUPPOSITIONS = re.compile(fold("(?:(?:如果|假如|倘若|假設|若是|若)(?!再?(?:加上|算上|計入|算入|包括))|"
                                "(?<![a-z])(?:if|unless|whether)(?![a-z]))"))


def _supposed(marked: _Marked, match: re.Match) -> bool:
    """Whether the clause a template's match opens in supposes what it says."""
    from bisect import bisect_left

    commas = _breaks(marked)[1]
    at = bisect_left(commas, match.start()) - 1
    return bool(_SUPPOSITIONS.search(marked.text, commas[at] + 1 if at >= 0 else 0, match.end()))


@dataclass(frozen=True)
class Trigger:
    """Words that state ``relation`` between two adjacent names of one clause. ``kind``:
    ``verb`` (the word between them, its subject first: A收購B, A invested in B; passive: A被B
    收購, A acquired by B), ``pair`` (the word right after a joined pair: A與B合作, A and B
    compete; 向 / 對 for a one-way relation: A向B注資), ``noun`` (a role: A是B的股東, A is a
    rival of B, A的客戶包括B, A's investors include B). ``reverse``: the word reads the
    relation from its object's side (A uses B: B supplies A; A是B的客戶: B supplies A)."""

    relation: str
    words: tuple[str, ...]
    kind: str
    reverse: bool = False


TRIGGERS: tuple[Trigger, ...] = (
    Trigger("competesWith", ("競爭", "比拼", "搶佔", "角逐", "競逐", "爭奪", "compete", "competes",
                             "competed", "competing", "vie", "vies"), "pair"),
    Trigger("competesWith", ("competes with", "competed with", "competing with", "vies with",
                             "rivals"), "verb"),
    # a company challenging another: its rival (谷歌挑戰蘋果, 向阿里叫板, Xiaomi challenges Apple)
    Trigger("competesWith", ("挑戰", "叫板", "challenges", "challenged", "challenging"), "verb"),
    Trigger("competesWith", ("競爭對手", "對手", "rival", "rivals", "competitor", "competitors"),
            "noun"),
    Trigger("partnersWith", ("合作", "聯手", "攜手", "簽約", "結盟", "牽手", "partner", "partnered",
                             "team up", "teamed up", "collaborate", "collaborated", "cooperate",
                             "cooperated"), "pair"),
    Trigger("partnersWith", ("聯手", "攜手", "牽手", "partnered with", "partners with",
                             "teamed up with", "teams up with", "collaborates with",
                             "collaborated with"), "verb"),
    Trigger("partnersWith", ("合作夥伴", "夥伴", "partner", "partners", "ally", "allies"), "noun"),
    Trigger("supplies", ("供應", "供貨", "提供給", "supplies", "supplied", "sells to", "sold to"),
            "verb"),
    Trigger("supplies", ("採用", "使用", "採購", "選用", "uses", "used", "buys chips from"), "verb",
            reverse=True),
    Trigger("supplies", ("供應", "供貨", "提供"), "pair"),
    Trigger("supplies", ("供應商", "供貨商", "supplier", "suppliers", "vendor", "vendors"), "noun"),
    Trigger("supplies", ("客戶", "customer", "customers", "client", "clients"), "noun",
            reverse=True),
    Trigger("investsIn", ("投資", "入股", "領投", "參投", "注資", "invests in", "invested in",
                          "a stake in", "backs", "backed", "funded"), "verb"),
    Trigger("investsIn", ("投資", "入股", "領投", "參投", "注資", "增資"), "pair"),
    Trigger("investsIn", ("股東", "投資方", "投資者", "投資人", "investor", "investors",
                          "shareholder", "shareholders", "backer", "backers"), "noun"),
    Trigger("acquires", ("收購", "併購", "acquires", "acquired", "bought", "took over",
                         "takes over"), "verb"),
    Trigger("acquires", ("收購", "併購"), "pair"),
    Trigger("offers", ("推出", "發布", "發佈", "上線", "開源", "launches", "launched", "releases",
                       "released", "unveils", "unveiled", "open-sourced"), "verb"),
)
_SYMMETRIC_TRIGGERS = frozenset({"competesWith", "partnersWith"})
#: what turns a pair's verb into a noun after it: 競爭對手, 競爭者, 競爭力, 合作夥伴, 合作方
_NOT_A_NOUN = "(?!對手|对手|者|力|夥伴|伙伴|方|商)"
#: words that make the name after them the trigger's subject (A被B收購, A獲B投資)
_PASSIVE_ZH = ("被", "遭", "由", "獲得", "獲", "接受", "迎來")
#: words that make a clause a hypothesis or a rumour: it states nothing
_HYPOTHESES = ("一旦", "是否", "或將", "可能", "據傳", "傳聞", "would", "could", "might",
               "rumours", "rumors", "reportedly", "talks")
#: what may follow a verb's object: the clause's end, a joiner, a time or a preposition
_OBJECT_ENDS = re.compile(fold(
    r"(?:\s*$|\s*[.,;:、。]|(?:並|以|後|之後|在|於|等|和|與|及|時|時候)|\s+(?:in|for|on|at|to|with|"
    r"and|last|this|earlier|from|as|after|since|over|into|during|through|via|under|while|"
    r"when|early|late|back|for)\b)"))
#: the characters (Chinese) besides the trigger allowed between the names, or after the second
_TRIGGER_GAP = 10

#: what joins the names of a list (曠視、雲從科技和小米)
_LIST_JOINERS = frozenset({"、", ",", "，", "和", "及", "与", "與", "以及", "跟", "同"})


def _trigger_forms() -> list[tuple[Trigger, dict[str, re.Pattern]]]:
    """Each trigger with the patterns of its forms, folded like the text: ``gap`` ones read the
    text between two adjacent names, ``tail`` ones the text after the second."""
    if "triggers" in _COMPILED:
        return _COMPILED["triggers"]
    filler = f"[^{_MARK}的'’]{{0,{_TRIGGER_GAP}}}?"  # no 的 / 's: the name's is someone else's
    words = r"(?:\s+(?!(?:and|or|but|with|by|of|to|from)\b)[\w-]+){0,3}?"  # has quietly
    det = r"(?:(?:the|its|their|a|an)\s+)?"
    out = []
    for t in TRIGGERS:
        zh = [w for w in t.words if not w.isascii()]
        en = [w for w in t.words if w.isascii()]
        zcue = f"(?P<cue>{_alternation(zh)})" if zh else "(?!)"
        ecue = rf"(?P<cue>\b(?:{_alternation(en)})\b)" if en else "(?!)"
        forms: dict[str, str] = {}
        if t.kind == "verb":
            forms["verb"] = f"^(?:{filler}{zcue}(?:了|過)?|{words}\\s+{ecue.replace('cue', 'cue2')}\\s+{det})$"
            forms["passive"] = f"^{filler}(?:{_alternation(_PASSIVE_ZH)})(?:了)?$"
            forms["passive-tail"] = f"^[^{_MARK}的]{{0,6}}?{zcue}"
            forms["passive-en"] = (rf"^\s+(?:(?:is|are|was|were|has been|have been|had been)\s+)?"
                                   rf"(?:\w+\s+)?{ecue}\s+by\s+$")
        elif t.kind == "pair":
            link = _alternation(_LINK_ZH + ("and", "&")) if t.relation in _SYMMETRIC_TRIGGERS \
                else _alternation(("向", "對", "為", "給"))
            forms["link"] = f"^\\s*(?:{link})\\s*$"
            # the verb, not the noun it starts (A和B是其競爭對手, 合作夥伴: a third party's)
            forms["pair-tail"] = (f"^[^{_MARK}]{{0,{_TRIGGER_GAP}}}?(?:{zcue}{_NOT_A_NOUN}|"
                                  f"{ecue.replace('cue', 'cue2')})")
        else:
            forms["copula"] = ("^(?:已經|已|也|均|一直)?(?:是|為|成為|成了)(?:了)?$|"
                               rf"^\s+(?:is|are|was|were|became|remains)\s+(?:also\s+)?"
                               rf"(?:a|an|the|one of(?:\s+the)?)?\s*(?:[\w-]+\s+)?"
                               rf"{ecue.replace('cue', 'cue2')}\s+(?:of|to|in)\s+$")
            forms["copula-tail"] = f"^的(?:主要|最大|重要|直接|戰略|長期|核心|大)?(?:的)?{zcue}"
            forms["poss"] = (f"^(?:的)?(?:主要|最大|重要|直接|戰略|長期|核心)?(?:的)?{zcue}"
                             f"(?:主要)?(?:包括|有|是|為|如)?$|"
                             rf"^['’]s\s+(?:[\w-]+\s+)?{ecue.replace('cue', 'cue2')},?\s+"
                             rf"(?:(?:include|includes|included|are|such as|including)\s+)?$")
        out.append((t, {k: re.compile(p) for k, p in forms.items()}))
    _COMPILED["triggers"] = out
    return out


def _cue(match: re.Match) -> str:
    groups = match.groupdict()
    return groups.get("cue") or groups.get("cue2") or ""


def _trigger_reading(gap: str, tail: str) -> list[tuple[str, bool, str, str]]:
    """(relation, whether the first name is the subject, the trigger as written, the form)
    for each trigger that binds two adjacent names with ``gap`` between them and ``tail``
    after the second."""
    out = []
    # A投資B的子公司, Tencent bought Nvidia chips: B names what is bought, no object itself
    possessed = not _OBJECT_ENDS.match(tail)
    if _OWNER_RE.match(tail + "\ue000"):  # A的對手包括B旗下的C: B owns what is related
        return []
    for t, forms in _trigger_forms():
        found: list[tuple[bool, re.Match, str]] = []
        if t.kind == "verb":
            m = forms["verb"].match(gap)
            if m and not possessed:
                found.append((True, m, "verb"))
            m = forms["passive-en"].match(gap)
            if m:
                found.append((False, m, "passive"))
            m = forms["passive"].match(gap) and forms["passive-tail"].match(tail)
            if m:
                found.append((False, m, "passive"))
        elif t.kind == "pair":
            m = forms["link"].match(gap) and forms["pair-tail"].match(tail)
            if m:
                found.append((True, m, "pair"))
        else:
            m = forms["copula"].match(gap)
            if m and not _cue(m):  # the Chinese copula: the role follows the second name
                m = forms["copula-tail"].match(tail)
            if m:
                found.append((True, m, "role"))
            m = forms["poss"].match(gap)
            if m:
                found.append((False, m, "role-of"))
        out.extend((t.relation, first != t.reverse, _cue(m), form) for first, m, form in found)
    return out


def _hedged(clause: str) -> bool:
    """Whether a clause denies or supposes what it says (未, 沒有, 否認, not; 如果, 若, if)."""
    compiled = _compiled()
    if compiled["negation"].search(clause) or any(c in clause for c in compiled["not"]):
        return True
    if "hedges" not in compiled:
        zh = _alternation(w for w in _HYPOTHESES if not w.isascii())
        en = _alternation(w for w in _HYPOTHESES if w.isascii())
        compiled["hedges"] = re.compile(f"(?:{zh}|(?<![a-z])(?:{en})(?![a-z]))")
    return bool(compiled["hedges"].search(clause) or _SUPPOSITIONS.search(clause))


def trigger_proposals(context: Context, marked: _Marked,
                      related: set[frozenset[str]]) -> list[Proposal]:
    """What the trigger words of :data:`TRIGGERS` state between two adjacent names of a clause
    (no other name between them), in no clause that denies or supposes it, for the pairs the
    templates did not relate (``related``), when the ends' classes fit the relation. Less
    sure than a template: the rule names the trigger (``rules:trigger-partnersWith:合作``)."""
    from bisect import bisect_left

    text, commas = marked.text, _breaks(marked)[1]
    out = []
    positions = [i for i, c in enumerate(text) if 0xE000 <= ord(c) <= 0xF8FF]
    for k in range(len(positions) - 1):
        a, b = positions[k], positions[k + 1]
        clause_at = bisect_left(commas, a)
        stop = commas[clause_at] if clause_at < len(commas) else len(text)
        if b > stop:
            continue  # a comma between them: two clauses
        first = commas[clause_at - 1] + 1 if clause_at > 0 else 0
        following = positions[k + 2] if k + 2 < len(positions) else len(text)
        gap, tail = text[a + 1:b], text[b + 1:min(stop, following)]
        if _hedged(text[first:stop]):
            continue
        i, j = ord(text[a]) - 0xE000, ord(text[b]) - 0xE000
        x, y = marked.ends[i][0], marked.ends[j][0]
        if x == y or frozenset((x, y)) in related:
            continue
        listed = k > 0 and text[positions[k - 1] + 1:a].strip() in _LIST_JOINERS
        for relation, forward, cue, form in _trigger_reading(gap, tail):
            s, o = (x, y) if forward else (y, x)
            # A與B、C和D競爭: C and D end a list, the pair is A's and each of them (the
            # templates read lists), not C's and D's
            if not context.fits(relation, s, o) or form == "pair" and listed:
                continue
            end = b + 1 + len(tail) if form in ("pair", "role", "passive") else b + 1
            start, stop_at = _clause_span(marked, *_span(marked, a, end))
            start = min([start] + [marked.anchors[n] for n in (i, j) if n in marked.anchors])
            out.append(Proposal(s, relation, o, None, start, stop_at, 0.6,
                                f"rules:trigger-{relation}:{cue}"))
            related.add(frozenset((x, y)))
            break
    return out


# ---------------------------------------------------------------------------------------------
# Funding rounds: who backs whose round
# ---------------------------------------------------------------------------------------------

#: a company's round right after its name (and the quote or bracket closing it): X近日完成...融资,
#: X宣布获得A轮融资, X已先后获得A、B等机构的投资, X的又一轮融资
_OWNS_ROUND = re.compile(r"[\s”\"’)]*(?:(?:近日|日前|今日|今天|昨日|已经|已|正式|宣布|再度|再次|又|先后|相继)"
                         r"{0,3}(?:(?:完成|获得|获|启动|迎来|敲定|筹集|募集|拿下)(?:了)?[^,;。!?\n]{0,30}?"
                         r"(?:融资|募资)|(?:获得|获|接受|迎来)(?:了)?[^,;。!?\n]{2,80}?(?:的)?(?:投资|注资))|"
                         r"的[^,;。!?\n]{0,16}?(?:融资|募资))")
#: a sentence that goes on about the round a sentence before names: 本轮融资由...领投
_THIS_ROUND = re.compile(r"(?:本|此|该|这|次)轮|(?:本|此|这)次(?:融资|投资)")
#: where a clause's backers stand: after 投资方包括, before 领投 / 跟投 / 参与投资, between 获得
#: and 投资 (on folded text)
_BACKERS_AFTER = re.compile(r"(?:投资方|投资者|投资人|投资机构|出资方|参投方)(?:主要)?"
                            r"(?:包括|为|是|有|涵盖|分别为|分别是)[:]?")
_BACKERS_BEFORE = re.compile(r"(?:继续|共同|联合|也|亦|还|均)?(?:联合领投|领投|跟投|参投|参与投资|"
                             r"参与了?(?:本|此|该)轮(?:融资|投资)|追加投资)")
_BACKED_BY = re.compile(r"(?:获得|获|接受|迎来)(?:了)?(?P<list>[^,;。!?\n]{2,60}?)(?:等)?"
                        r"(?:机构|基金|资本)?(?:的)?(?:联合|共同|战略)?(?:投资|注资)")


def _round_backers(context: Context) -> list[Proposal]:
    """investsIn for the backers of a round, zh: the companies listed after 投资方包括, before
    领投 / 跟投 / 参与投资, or between 获得 and 投资, in a clause of a sentence that names the
    round's company before 完成...融资 (月之暗面近日完成新一轮融资,投资方包括阿里巴巴、美团等), or
    of the sentence after it that speaks of that round (本轮融资由阿里巴巴领投: the quote runs from
    where the sentence before names the company)."""
    if "investsIn" not in context.relations:
        return []
    text, out = context.source.text, []
    owner: tuple[str, int, int] | None = None  # the round's company, where the last sentence names it
    for sentence, folded, named in _round_sentences(context):
        mine = next(((e, a, b) for a, b, e in named
                     if _OWNS_ROUND.match(folded, b - sentence.start)), None)
        # a round goes on for one sentence after the one naming its company
        carried = owner if mine is None and _THIS_ROUND.search(folded) else None
        owner = mine
        if mine is None and carried is None:
            continue
        company, at, to = mine or carried
        for backer, a, b in _backers(folded, sentence.start, named):
            if backer == company or not context.fits("investsIn", backer, company):
                continue
            start = min(at, a) if mine else at
            out.append(Proposal(backer, "investsIn", company, text[start:max(b, to)], start,
                                max(b, to), 0.75, "rules:round-backers"))
    return out


def _round_sentences(context: Context):
    """(sentence, its folded text, the ends it names as (start, end, id)) of each sentence."""
    text, spans = context.source.text, _all_spans(context)
    for sentence in context.source.sentences:
        named = [(a, b, e) for a, b, e in _overlapping(spans, sentence.start, sentence.end)
                 if sentence.start <= a and b <= sentence.end]
        yield sentence, fold(text[sentence.start:sentence.end]), named


def _without_co_backers(context: Context, proposals: list[Proposal],
                        rounds: list[Proposal]) -> list[Proposal]:
    """``proposals`` without an investment in a company that backs a round in the same sentence
    (本轮融资由阿里巴巴领投,砺思资本跟投: 砺思资本 backs the round, not 阿里巴巴)."""
    def sentence(p: Proposal) -> int:  # where it ends: a round's quote may open a sentence before
        return context.source.sentence_at(p.end - 1).index

    backers = {(p.subject, sentence(p)) for p in rounds}
    return [p for p in proposals if p.relation != "investsIn" or p.end is None or
            (p.object, sentence(p)) not in backers]


def _backers(folded: str, offset: int, named: list[tuple[int, int, str]]):
    """(id, start, end) of the names in a backer's place in the sentence ``folded`` (at
    ``offset``), the end taken to the cue after a name listed before it; none in a hedged or
    negated clause."""
    for clause in re.finditer(r"[^,;]+", folded):
        if _hedged(clause.group()):
            continue
        c0, c1 = offset + clause.start(), offset + clause.end()
        inside = [(a, b, e) for a, b, e in named if c0 <= a and b <= c1]
        for cue in _BACKERS_AFTER.finditer(clause.group()):
            yield from ((e, a, b) for a, b, e in inside if a >= c0 + cue.end())
        for cue in _BACKERS_BEFORE.finditer(clause.group()):
            yield from ((e, a, c0 + cue.end()) for a, b, e in inside if b <= c0 + cue.start())
        for cue in _BACKED_BY.finditer(clause.group()):
            yield from ((e, a, c0 + cue.end()) for a, b, e in inside
                        if c0 + cue.start("list") <= a and b <= c0 + cue.end("list"))
