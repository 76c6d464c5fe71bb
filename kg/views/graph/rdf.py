"""Reading a built graph for the view: every triple indexed once, labels, classes, literals."""

from __future__ import annotations

from collections import defaultdict, deque

from kg.vocab import LANGS

KGO = "https://w3id.org/kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"

_TYPE = RDF + "type"
_LABEL = _RDFS + "label"
_PREF = _SKOS + "prefLabel"
ALT = _SKOS + "altLabel"
COMMENT = _RDFS + "comment"
_SUBCLASS = _RDFS + "subClassOf"

#: kgo: classes whose instances are plumbing, not entities.
NON_ENTITY_CLASSES = frozenset({
    "Statement", "Figure", "Source", "Sentence", "Period", "Change", "Unit", "Qualifier",
    "Direction", "Basis", "Evidence", "Annotation", "Observation", "Mention",
})
#: kgo: predicates never drawn as edges between entities.
NON_EDGE_PREDICATES = frozenset({
    "hasFigure", "figureOf", "metric", "hasEvidence", "claimedBy", "inSentence", "sentenceOf",
    "period", "change", "unit", "qualifier", "direction", "basis", "comparedTo", "mentionOf",
    "statementSubject", "statementRelation", "statementObject",
})

class Index:
    """All triples of a graph as predicate -> subject -> [objects] (one pass)."""

    def __init__(self, graph) -> None:
        from rdflib import URIRef

        self.by_pred: dict[str, dict] = defaultdict(lambda: defaultdict(list))
        self.kgo_links: list[tuple] = []  # (s, local predicate name, o) with URIRef s and o
        for s, p, o in graph.triples((None, None, None)):
            ps = str(p)
            self.by_pred[ps][s].append(o)
            if (ps.startswith(KGO) and isinstance(o, URIRef) and isinstance(s, URIRef)):
                self.kgo_links.append((s, ps[len(KGO):], o))

    def objs(self, s, p: str) -> list:
        table = self.by_pred.get(p)
        if table is None:
            return []
        return sorted(table.get(s, ()), key=term_key)

    def one(self, s, p: str):
        values = self.objs(s, p)
        return values[0] if values else None

    def subjects(self, p: str) -> list:
        return sorted(self.by_pred.get(p, {}).keys(), key=term_key)


def term_key(term) -> tuple:
    lang = getattr(term, "language", None) or ""
    return (type(term).__name__, str(term), lang)


def local(iri) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            tail = text.rsplit(sep, 1)[1]
            if tail:
                return tail
    return text


def slug(iri) -> str:
    text = str(iri)
    if "/entity/" in text:
        return text.rsplit("/entity/", 1)[1]
    return local(text)


def norm_lang(tag: str | None) -> str:
    if not tag:
        return ""
    low = tag.lower()
    for known in LANGS:
        if known.lower() == low:
            return known
    return tag


#: The order a label is looked for in when the wanted language has none (as the page's script).
LABEL_FALLBACK = ("zh-Hant", "en", "zh-Hans", "_")


def pick(labels: dict, lang: str) -> str:
    """The label of ``labels`` (``{lang: text}``, ``"_"`` untagged) in ``lang``, else in the
    first language of :data:`LABEL_FALLBACK` that has one."""
    if labels.get(lang):
        return labels[lang]
    return next((labels[k] for k in LABEL_FALLBACK if labels.get(k)), "")


def lit(value) -> str | None:
    return None if value is None else str(value)


def num(value):
    """A literal number for JSON: an int when integral ("1000.0" -> 1000), else its plain decimal
    text ("3.5"); non-numbers keep their lexical form."""
    if value is None:
        return None
    from decimal import Decimal, InvalidOperation

    text = str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value() and abs(number) < 2 ** 53:
        return int(number)  # a number the page's script reads exactly
    from kg.rdfio.terms import plain_decimal

    return plain_decimal(number)


class Reader:
    """Everything the page needs, read out of an rdflib graph."""

    def __init__(self, graph) -> None:
        from kg.vocab import LANGS

        self.ix = Index(graph)
        ix = self.ix
        # labels by subject: {lang: text}; rdfs:label first, skos:prefLabel fills gaps;
        # "_" holds an untagged label
        self.labels: dict = defaultdict(dict)
        self.other_labels: dict = defaultdict(list)   # [lang, text] in other languages
        for pred in (_LABEL, _PREF):
            for subj, values in ix.by_pred.get(pred, {}).items():
                chosen = self.labels[subj]
                for lit in sorted(values, key=term_key):
                    lang = norm_lang(getattr(lit, "language", None))
                    key = lang if lang in LANGS else ("_" if not lang else None)
                    if key is not None:
                        chosen.setdefault(key, str(lit))
                    elif [lang, str(lit)] not in self.other_labels[subj]:
                        self.other_labels[subj].append([lang, str(lit)])
        # kgo: types
        self.kgo_types: dict = defaultdict(set)
        for subj, values in ix.by_pred.get(_TYPE, {}).items():
            for cls in values:
                text = str(cls)
                if text.startswith(KGO):
                    self.kgo_types[subj].add(text[len(KGO):])
        # class hierarchy by kgo: local name (kgo: superclasses) and by full IRI (all)
        self.superclasses = defaultdict(set)
        self.super_iris = defaultdict(set)
        for subj, values in ix.by_pred.get(_SUBCLASS, {}).items():
            for sup in values:
                self.super_iris[str(subj)].add(str(sup))
                if str(subj).startswith(KGO) and str(sup).startswith(KGO):
                    self.superclasses[str(subj)[len(KGO):]].add(str(sup)[len(KGO):])

    def label_dict(self, term, fallback: str) -> dict:
        out = dict(self.labels.get(term) or {})
        out.setdefault("_", fallback)
        return out

    def term_labels(self, name: str) -> dict:
        """Labels of a kgo: term (class, relation, individual); fallback: its local name."""
        from rdflib import URIRef

        return self.label_dict(URIRef(KGO + name), name)

    def _ancestors(self, cls: str) -> set:
        seen, todo = set(), [cls]
        while todo:
            cur = todo.pop()
            for sup in self.superclasses.get(cur, ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def ancestors(self, cls: str) -> list[str]:
        """Local names of a kgo: class and all its superclasses (any namespace), nearest first."""
        seen, order, queue = set(), [], deque([KGO + cls])
        while queue:
            cur = queue.popleft()
            if cur in seen:
                continue
            seen.add(cur)
            order.append(local(cur))
            queue.extend(sorted(self.super_iris.get(cur, ())))
        return order

    def entity_class(self, subj) -> str | None:
        from rdflib import URIRef

        if not isinstance(subj, URIRef) or str(subj).startswith(KGO):
            return None
        types = self.kgo_types.get(subj)
        if not types or types & {"Statement", "Figure", "Source", "Sentence"}:
            return None
        types = {t for t in types if t not in NON_ENTITY_CLASSES}
        if not types:
            return None
        specific = {t for t in types if not any(t in self._ancestors(u) for u in types if u != t)}
        return sorted(specific or types)[0]
