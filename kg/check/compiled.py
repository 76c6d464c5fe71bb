"""SHACL shapes compiled to SPARQL SELECT queries, run on an in-memory Oxigraph store.

pySHACL pays about a second per process before it checks anything (rdflib parsing the shapes'
SPARQL, loading the shapes), whatever the data size: most of adding one article. Here each
(shape, constraint) becomes one query that returns its violations (focus node, value, path),
and Oxigraph parses and runs it in microseconds. The results, messages included, are those
pySHACL gives (``tests/test_shacl_compiled.py`` checks it on mutated graphs).

Only the SHACL Core components and SPARQL constraints listed in ``_COMPONENTS`` are compiled;
a shapes graph using anything else raises ``Unsupported`` and the caller validates with
pySHACL, whole (never a partial check).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.check.report import ValidationReport, read_results

#: the sh: predicates a shape may use here: targets, metadata and the compiled components
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
_META = {SH.message, SH.severity, SH.deactivated, SH.path, SH.property, SH.name,
         SH.description, SH.order, SH.group, SH.ignoredProperties, SH.declare, SH.prefixes}
_COMPONENTS = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minLength,
               SH.maxLength, SH["in"], SH.hasValue, SH.minCount, SH.maxCount, SH.uniqueLang,
               SH.lessThan, SH.lessThanOrEquals, SH["or"], SH.xone, SH.closed, SH.sparql}
_NOT_SPLITTABLE = re.compile(r"\b(MINUS|LIMIT|OFFSET|GROUP\s+BY|HAVING|VALUES|SERVICE|PREFIX|"
                             r"BASE)\b|\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_SUBCLASS = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/" \
            "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_LANG_FUNCTION = "urn:kg:lang"
_FOCUS = "urn:kg:focus"
#: how every compiled query selects its focus nodes: the shape's targets group (see
#: ``_targets``) run once per group and kept in a graph of its own (``_target_graphs``)
_TARGET = "SELECT DISTINCT ?this WHERE { VALUES_HERE %s }"
#: lexical forms taken as well-typed without asking rdflib (others are checked one by one)
_LEXICAL = {
    XSD.decimal: r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^\\+?[0-9]+$",
    XSD.positiveInteger: r"^\\+?0*[1-9][0-9]*$",
    XSD.dateTime: r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):"
                  r"[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
}


class Unsupported(Exception):
    """The shapes use something the compiler does not handle: validate with pySHACL."""


@dataclass
class Check:
    """One compiled (shape, constraint): its query and how to report what it returns."""

    query: str
    shape: object  # the sh:sourceShape
    component: URIRef
    severity: URIRef
    messages: list = field(default_factory=list)  # the shape's sh:message
    extra: list = field(default_factory=list)  # a SPARQL constraint's own sh:message
    path: object = None  # the sh:resultPath (a shapes-graph node)
    constraint: object = None  # a SPARQL constraint node
    datatype: URIRef | None = None  # a datatype check: candidates rdflib must judge
    prefixes: dict = field(default_factory=dict)
    bound: bool = False  # a SPARQL constraint run once per focus node, $this substituted
    targets: str = ""  # the targets query (``bound`` checks only)
    group: str = ""  # the shape's targets group, as the query selects it (see ``_TARGET``)


class _Names:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"?kg_v{self.count}"


def _term(node) -> str:
    if isinstance(node, BNode):
        raise Unsupported("a blank node as a constraint value")
    return node.n3()


def _path(shapes: Graph, path) -> str:
    """A SHACL property path as a SPARQL path: an IRI, an inverse IRI, or a sequence of them."""
    return "/".join(_steps(shapes, path))


def _steps(shapes: Graph, path) -> list[str]:
    """The steps of a SHACL property path, each an IRI or an inverse IRI."""
    if isinstance(path, URIRef):
        return [path.n3()]
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return ["^" + inverse.n3()]
    if (path, RDF.first, None) in shapes:
        return [s for step in Collection(shapes, path) for s in _steps(shapes, step)]
    raise Unsupported("a property path other than IRIs, inverses and sequences")


def _walk(start: str, steps: list[str], end: str, names: _Names) -> str:
    """Triple patterns from ``start`` along ``steps`` to ``end``, a sequence as a join through
    fresh variables (the variables of the values' pattern)."""
    nodes = [start] + [names() for _ in steps[1:]] + [end]
    return " ".join(f"{a} {step} {b} ." for a, step, b in zip(nodes, steps, nodes[1:]))


def _reaches(start: str, steps: list[str], end: str, names: _Names) -> str:
    """A pattern for "``end`` is reached from ``start`` along ``steps``", for inside FILTER
    (NOT) EXISTS: each later step nested in an EXISTS of its own, the order Oxigraph must
    follow from the bound ``start`` (given a join, it starts at the end with a constant and
    meets ``start`` once per solution: 4 s at 100k triples for one check, 0.04 s nested)."""
    if len(steps) == 1:
        return f"{start} {steps[0]} {end} ."
    middle = names()
    return f"{start} {steps[0]} {middle} . FILTER EXISTS {{ {_reaches(middle, steps[1:], end, names)} }}"


def _check_known(shapes: Graph, shape) -> None:
    for p in set(shapes.predicates(shape, None)):
        if str(p).startswith(str(SH)) and p not in _TARGETS | _META | _COMPONENTS:
            raise Unsupported(f"{p.n3()} is not compiled")


def _one(shapes: Graph, shape, p):
    values = list(shapes.objects(shape, p))
    if len(values) != 1:
        raise Unsupported(f"{len(values)} values of {p.n3()}")
    return values[0]


def _distinct(this: str, path: list[str], n: int, names: _Names) -> str:
    """A pattern matching when ``this`` has at least ``n`` distinct values along ``path``."""
    if n > 4:
        raise Unsupported("a count above 4")
    vs = [names() for _ in range(n)]
    pattern = " ".join(_walk(this, path, v, names) for v in vs)
    pairs = [f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1:]]
    return pattern + (f" FILTER({' && '.join(pairs)})" if pairs else "")


def _violations(shapes: Graph, shape, this: str, names: _Names, *, nested: bool) -> list:
    """(component, pattern, value var or None) for each constraint of ``shape`` on the focus
    node ``this``: the pattern has solutions exactly when the constraint is violated."""
    _check_known(shapes, shape)
    out = []
    path_node = shapes.value(shape, SH.path)
    if path_node is not None:
        path = _steps(shapes, path_node)
        value = names()
        values = _walk(this, path, value, names)
    else:
        path, value, values = [], this, ""

    def add(component, condition: str, value_var=value) -> None:
        out.append((component, f"{values} FILTER({condition})", value_var))

    for cls in shapes.objects(shape, SH["class"]):
        out.append((SH.ClassConstraintComponent,
                    f"{values} FILTER NOT EXISTS {{ {value} {_SUBCLASS} {_term(cls)} }}", value))
    for datatype in shapes.objects(shape, SH.datatype):
        if nested and datatype not in (XSD.string, RDF.langString):
            raise Unsupported("a nested datatype check")
        add(SH.DatatypeConstraintComponent,
            f"!isLiteral({value}) || DATATYPE({value}) != {_term(datatype)}")
    kinds = {SH.IRI: "!isIRI({v})", SH.Literal: "!isLiteral({v})", SH.BlankNode: "!isBlank({v})",
             SH.BlankNodeOrIRI: "isLiteral({v})", SH.BlankNodeOrLiteral: "isIRI({v})",
             SH.IRIOrLiteral: "isBlank({v})"}
    for kind in shapes.objects(shape, SH.nodeKind):
        if kind not in kinds:
            raise Unsupported("an unknown sh:nodeKind")
        add(SH.NodeKindConstraintComponent, kinds[kind].format(v=value))
    for pattern in shapes.objects(shape, SH.pattern):
        flags = shapes.value(shape, SH.flags)
        regex = Literal(str(pattern)).n3()
        extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
        add(SH.PatternConstraintComponent,
            f"isBlank({value}) || !REGEX(STR({value}), {regex}{extra})")
    for length in shapes.objects(shape, SH.minLength):
        add(SH.MinLengthConstraintComponent,
            f"isBlank({value}) || STRLEN(STR({value})) < {int(length)}")
    for length in shapes.objects(shape, SH.maxLength):
        add(SH.MaxLengthConstraintComponent,
            f"isBlank({value}) || STRLEN(STR({value})) > {int(length)}")
    for members in shapes.objects(shape, SH["in"]):
        same = " || ".join(f"sameTerm({value}, {_term(m)})" for m in Collection(shapes, members))
        add(SH.InConstraintComponent, f"!({same or 'false'})")
    for wanted in shapes.objects(shape, SH.hasValue):
        if path:
            out.append((SH.HasValueConstraintComponent,
                        f"FILTER NOT EXISTS {{ {_reaches(this, path, _term(wanted), names)} }}", None))
        else:
            add(SH.HasValueConstraintComponent, f"!sameTerm({this}, {_term(wanted)})")
    out += _counts(shapes, shape, this, path, value, values, names)
    for component, p, op in ((SH.LessThanConstraintComponent, SH.lessThan, "<"),
                             (SH.LessThanOrEqualsConstraintComponent, SH.lessThanOrEquals, "<=")):
        for other in shapes.objects(shape, p):
            w = names()
            out.append((component, f"{values} {this} {_term(other)} {w} . "
                        f"FILTER(!COALESCE({value} {op} {w}, false))", value))
    for p, component in ((SH["or"], SH.OrConstraintComponent),
                         (SH.xone, SH.XoneConstraintComponent)):
        for members in shapes.objects(shape, p):
            conforms = [_conforms(shapes, m, value, names) for m in Collection(shapes, members)]
            if p == SH["or"]:
                add(component, f"!({' || '.join(conforms) or 'false'})")
            else:
                count = " + ".join(f"IF({c}, 1, 0)" for c in conforms) or "0"
                add(component, f"({count}) != 1")
    if nested:  # a shape used inside sh:or / sh:xone: its property shapes count too
        for prop in shapes.objects(shape, SH.property):
            out += _violations(shapes, prop, this, names, nested=True)
        if (shape, SH.closed, None) in shapes or (shape, SH.sparql, None) in shapes or \
                (shape, SH.uniqueLang, None) in shapes:
            raise Unsupported("sh:closed, sh:sparql or sh:uniqueLang in a nested shape")
    return out


def _counts(shapes: Graph, shape, this, path, value, values, names) -> list:
    out = []
    for unique in shapes.objects(shape, SH.uniqueLang):
        if path and unique == Literal(True):
            w = names()
            out.append((SH.UniqueLangConstraintComponent,
                        f"{values} {_walk(this, path, w, names)} FILTER(!sameTerm({value}, {w}) && "
                        f"LANG({value}) != \"\" && LCASE(LANG({value})) = LCASE(LANG({w}))) "
                        f"BIND(LCASE(LANG({value})) AS ?kg_key)", None))
    for low in shapes.objects(shape, SH.minCount):
        if path and int(low) > 0:
            out.append((SH.MinCountConstraintComponent,
                        f"FILTER NOT EXISTS {{ {_distinct(this, path, int(low), names)} }}", None))
    for high in shapes.objects(shape, SH.maxCount):
        if path:
            out.append((SH.MaxCountConstraintComponent,
                        f"FILTER EXISTS {{ {_distinct(this, path, int(high) + 1, names)} }}", None))
    return out


def _conforms(shapes: Graph, shape, node: str, names: _Names) -> str:
    """A SPARQL expression: whether ``node`` conforms to the (nested) ``shape``."""
    parts = [f"{{ {pattern} }}" for _, pattern, _ in
             _violations(shapes, shape, node, names, nested=True)]
    return f"NOT EXISTS {{ {' UNION '.join(parts)} }}" if parts else "true"


def _targets(shapes: Graph, shape, prefixes: dict) -> str:
    """A group binding ``?this`` to each focus node of the top-level ``shape``."""
    parts = [f"?this {_SUBCLASS} {_term(c)} ." for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"VALUES ?this {{ {_term(n)} }}" for n in shapes.objects(shape, SH.targetNode)]
    parts += [f"?this {_term(p)} ?kg_t ." for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"?kg_t {_term(p)} ?this ." for p in shapes.objects(shape, SH.targetObjectsOf)]
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or select is None or \
                re.search(r"\b(PREFIX|BASE)\b", str(select), re.I):
            raise Unsupported("a target other than a SPARQL target")
        prefixes.update(_prefixes(shapes, target))
        parts.append(f"{{ {select} }}")
    return " UNION ".join(f"{{ {part} }}" for part in parts)


def _prefixes(shapes: Graph, node) -> dict:
    out = {}
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            out[str(shapes.value(declaration, SH.prefix))] = \
                str(shapes.value(declaration, SH.namespace))
    return out


def compile_shapes(shapes: Graph) -> list[Check]:
    """The checks of every active top-level shape of ``shapes``.

    Raises:
        Unsupported: a shape uses something not compiled here.
    """
    checks: list[Check] = []
    tops = sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if {SH.node, SH["not"], SH["and"], SH.qualifiedValueShape} & set(
                shapes.predicates(shape, None)):
            raise Unsupported("sh:node, sh:not, sh:and or sh:qualifiedValueShape")
    for p in (SH.node, SH["not"], SH["and"], SH.qualifiedValueShape, SH.equals, SH.disjoint,
              SH.minExclusive, SH.minInclusive, SH.maxExclusive, SH.maxInclusive,
              SH.languageIn, SH.rule, SH.expression):
        if (None, p, None) in shapes:
            raise Unsupported(f"{p.n3()} is not compiled")
    for shape in tops:
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        prefixes: dict = {}
        targets = _targets(shapes, shape, prefixes)
        checks += _shape_checks(shapes, shape, targets, prefixes)
        for prop in shapes.objects(shape, SH.property):
            if (prop, SH.deactivated, Literal(True)) not in shapes:
                checks += _shape_checks(shapes, prop, targets, prefixes)
    return checks


def _shape_checks(shapes: Graph, shape, targets: str, prefixes: dict) -> list[Check]:
    names = _Names()
    severity = shapes.value(shape, SH.severity) or SH.Violation
    messages = sorted(shapes.objects(shape, SH.message))
    path = shapes.value(shape, SH.path)
    head = "SELECT DISTINCT ?this (%s AS ?value) ?kg_key WHERE { { SELECT DISTINCT ?this " \
           "WHERE { VALUES_HERE %s } } %s }"
    out = []

    def check(component, query, **more) -> Check:
        return Check(query, shape, component, severity, messages, path=path,
                     prefixes=dict(prefixes), group=targets, **more)

    for component, pattern, value in _violations(shapes, shape, "?this", names, nested=False):
        if component == SH.DatatypeConstraintComponent:
            continue  # see _datatype_checks
        out.append(check(component, head % (value or "?kg_none", targets, pattern)))
    for datatype in shapes.objects(shape, SH.datatype):
        out.append(check(SH.DatatypeConstraintComponent, _datatype_query(
            shapes, path, datatype, targets), datatype=datatype))
    if path is None and (shape, SH.closed, Literal(True)) in shapes:
        allowed = {p for prop in shapes.objects(shape, SH.property)
                   for p in [shapes.value(prop, SH.path)] if isinstance(p, URIRef)}
        for ignored in shapes.objects(shape, SH.ignoredProperties):
            allowed |= set(Collection(shapes, ignored))
        listed = ", ".join(_term(p) for p in sorted(allowed))
        query = ("SELECT DISTINCT ?this ?path ?value WHERE { { SELECT DISTINCT ?this WHERE "
                 f"{{ VALUES_HERE {targets} }} }} ?this ?path ?value . "
                 f"FILTER(?path NOT IN ({listed})) }}")
        out.append(check(SH.ClosedConstraintComponent, query))
    for constraint in shapes.objects(shape, SH.sparql):
        if path is not None:
            raise Unsupported("a SPARQL constraint on a property shape")
        if (constraint, SH.deactivated, Literal(True)) in shapes:
            continue
        out.append(_sparql_check(shapes, shape, constraint, targets, check))
    return out


#: the datatypes Oxigraph stores as xsd:integer (it keeps values, not lexical forms)
_INTEGERS = {XSD[n] for n in ("integer", "nonNegativeInteger", "positiveInteger",
                              "nonPositiveInteger", "negativeInteger", "long", "int", "short",
                              "byte", "unsignedLong", "unsignedInt", "unsignedShort",
                              "unsignedByte")}


def _datatype_query(shapes: Graph, path, datatype, targets: str) -> str:
    """The focus nodes with a value that may not be of ``datatype``: rdflib judges their
    values (``_datatype_ok``), as Oxigraph has lost the lexical forms and derived types."""
    if isinstance(datatype, BNode):
        raise Unsupported("a blank node as a datatype")
    stored = XSD.integer if datatype in _INTEGERS else datatype
    if datatype in _INTEGERS or (datatype not in (XSD.string, RDF.langString)
                                 and datatype not in _LEXICAL):
        doubt = "true"
    elif datatype in _LEXICAL:
        doubt = f'!REGEX(STR(?kg_v), "{_LEXICAL[datatype]}")'
    else:
        doubt = "false"
    if path is None:
        values = "BIND(?this AS ?kg_v)"
    else:
        if not isinstance(path, URIRef) and shapes.value(path, SH.inversePath) is None:
            raise Unsupported("a datatype check along a sequence path")
        values = f"?this {_path(shapes, path)} ?kg_v ."
    return ("SELECT DISTINCT ?this WHERE { { SELECT DISTINCT ?this WHERE "
            f"{{ VALUES_HERE {targets} }} }} FILTER EXISTS {{ {values} FILTER(!isLiteral(?kg_v) "
            f"|| DATATYPE(?kg_v) != {stored.n3()} || {doubt}) }} }}")


def _datatype_ok(value, rule) -> bool:
    """pySHACL's sh:datatype test of one value."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == rule:
        return getattr(value, "ill_typed", None) is not True and _actual(value, rule)
    if rule == RDFS.Literal or (rule == RDFS.Datatype and value.datatype):
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual(value, rule)
    return bool(rule == RDF.langString and value.language and _actual(value, rule))


def _actual(value: Literal, rule) -> bool:
    import datetime
    from decimal import Decimal

    kinds = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
             XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
             XSD.date: datetime.date, XSD.time: datetime.time, XSD.dateTime: datetime.datetime}
    kind = kinds.get(rule)
    return kind is None or isinstance(value.value, kind)


def _sparql_check(shapes: Graph, shape, constraint, targets: str, check) -> Check:
    select = shapes.value(constraint, SH.select)
    if select is None or set(shapes.objects(constraint, SH.ask)):
        raise Unsupported("a SPARQL constraint without sh:select")
    select = str(select)
    prefixes = _prefixes(shapes, constraint)
    extra = sorted(shapes.objects(constraint, SH.message))
    # the same rewriting as kg.check.shacl._violators_query: the targets joined in the
    # top-level group, where pre-binding $this and joining agree
    head = re.match(r"(?is)\s*SELECT\b([^{]*?)\bWHERE\s*\{", select)
    if _NOT_SPLITTABLE.search(select) or len(re.findall(r"\bSELECT\b", select, re.I)) != 1 \
            or head is None or "*" in head.group(1):
        found = check(SH.SPARQLConstraintComponent, select, extra=extra,
                      constraint=constraint, bound=True)
        found.targets = "SELECT DISTINCT ?this WHERE { VALUES_HERE " + targets + " }"
    else:
        projected = head.group(1)
        if not re.search(r"[?$]this\b", projected):
            projected = " ?this " + projected
        query = (f"SELECT DISTINCT {projected} WHERE {{ {{ SELECT DISTINCT ?this WHERE "
                 f"{{ VALUES_HERE {targets} }} }}\n{select[head.end():]}")
        found = check(SH.SPARQLConstraintComponent, query, extra=extra, constraint=constraint)
    found.prefixes.update(prefixes)
    found.query = re.sub(r"\bLANG\s*\(", f"<{_LANG_FUNCTION}>(", found.query, flags=re.I)
    return found


_COMPILED: dict[str, tuple[Graph, list[Check] | None]] = {}
_SHAPES: dict[str, Graph] = {}


def project_shapes(files: list, label_of, load_shapes, *,
                   cache: str | None = None) -> tuple[Graph, str]:
    """The shapes graph of these files (read by ``load_shapes``) and its key, parsed once per
    process and content; with ``cache`` (a file), the parse and its compiled checks are kept
    there under the shapes' digest (with rdflib's and kg's), for the next process."""
    key = shapes_key([f.read_bytes() for f in files])
    if key not in _SHAPES:
        if len(_SHAPES) > 16:
            _SHAPES.clear()
        _SHAPES[key] = _cached_shapes(files, label_of, load_shapes, key, cache)
    return _SHAPES[key], key


def _cached_shapes(files: list, label_of, load_shapes, key: str, cache: str | None) -> Graph:
    """The shapes graph, from ``cache`` when it was kept there under ``key``, else parsed
    (and compiled, and kept); the checks are put where :func:`compiled` finds them."""
    from kg.inputs.ontology import derived_key
    from kg.rdfio.files import read_cached, write_cached

    if cache is None:
        return load_shapes(files, label_of)
    full = derived_key(key)
    kept = read_cached(cache, full)
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], Graph):
        shapes, checks = kept
    else:
        shapes = load_shapes(files, label_of)
        _COMPILED.pop(key, None)
        checks = compiled(shapes, key)
        write_cached(cache, full, (shapes, checks))
    if len(_COMPILED) > 16:
        _COMPILED.clear()
    _COMPILED[key] = (shapes, checks)
    return shapes


def compiled(shapes: Graph, key: str) -> list[Check] | None:
    """The checks of ``shapes`` (compiled once per process and ``key``, the digest of the
    shapes' text), or None when they use something not compiled here."""
    cached = _COMPILED.get(key)
    if cached is None or cached[0] is not shapes:  # the checks name this graph's blank nodes
        if len(_COMPILED) > 16:
            _COMPILED.clear()
        try:
            checks = compile_shapes(shapes)
        except (Unsupported, ValueError, TypeError):  # not compiled, or not valid: pySHACL says
            checks = None
        cached = _COMPILED[key] = (shapes, checks)
    return cached[1]


def shapes_key(texts: list[bytes]) -> str:
    """The cache key of shapes files with these contents."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(hashlib.sha256(text).digest())
    return digest.hexdigest()


def _to_ox(term, ox):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class _Terms:
    """pyoxigraph terms back as rdflib terms; language tags in the case the data wrote them
    (Oxigraph keeps them in lower case)."""

    def __init__(self, tags: dict, literals: dict) -> None:
        self.tags, self.literals, self.seen = tags, literals, {}

    def __call__(self, term):
        if term is None:
            return None
        found = self.seen.get(term)
        if found is None:
            found = self.seen[term] = self._convert(term)
        return found

    def _convert(self, term):
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        found = self.literals.get(_key(term.value, term.datatype.value, term.language))
        if isinstance(found, ox.Literal):  # as a line wrote it (``LinesData``)
            found = self.literals[_key(term.value, term.datatype.value, term.language)] = \
                _rdflib_term(found, self.tags)
        if found is not None:
            return found
        if term.language:
            return Literal(term.value, lang=self.tags.get(term.language, term.language))
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))


_INTEGER_NAMES = {str(d) for d in _INTEGERS}


def _key(text: str, datatype: str | None, language: str | None) -> tuple:
    """What a literal and Oxigraph's form of it share: the value of a number (Oxigraph
    writes 17.40 as 17.4, a nonNegativeInteger as an integer), the lower-case tag."""
    if language:
        return text, language.lower()
    if datatype in _INTEGER_NAMES or datatype == str(XSD.decimal):
        from decimal import Decimal, InvalidOperation

        try:
            return datatype == str(XSD.decimal), Decimal(text)
        except InvalidOperation:
            pass
    return text, datatype if datatype and datatype != str(XSD.string) else None


def _ill_typed(literal: Literal) -> bool:
    from rdflib.term import XSDToPython

    return literal.ill_typed is True or (literal.datatype is not None and literal.value is None
                                         and literal.datatype in XSDToPython)


def run_checks(data: "Graph | LinesData", shapes: Graph, checks: list[Check],
               focus: list[str] | None = None) -> Graph:
    """The SHACL validation report graph of ``data`` (data and ontology together) against
    the compiled ``checks``, for the ``focus`` nodes only when given."""
    import pyoxigraph as ox

    store = ox.Store()
    tags: dict = {}
    literals: dict = {}  # Oxigraph's form of a literal -> the literal as the data wrote it
    if isinstance(data, LinesData):
        data.load(store, tags, literals)
    else:
        store.extend(_quads(data, tags, literals))
    terms = _Terms(tags, literals)

    def lang(term):  # LANG() as rdflib answers it: the tag as written
        if isinstance(term, ox.Literal):
            return ox.Literal(tags.get(term.language, term.language) if term.language else "")
        return None

    functions = {ox.NamedNode(_LANG_FUNCTION): lang}
    values = ""
    if focus is not None:  # the focus nodes in a graph of their own: a VALUES list of
        # thousands of nodes in every query would cost more to parse than to run
        if not focus:
            return _empty_report()
        mark = ox.NamedNode(_FOCUS)
        store.extend([ox.Quad(ox.NamedNode(f), mark, mark, mark) for f in focus])
        values = f"GRAPH <{_FOCUS}> {{ ?this <{_FOCUS}> <{_FOCUS}> }}"
    targets = _target_graphs(store, checks, values, functions)
    report = Graph()
    top = BNode()
    report.add((top, RDF.type, SH.ValidationReport))
    for check in checks:
        for row in _rows(store, check, values, functions, terms, data, shapes, targets):
            _add_result(report, top, check, data, shapes, *row)
    conforms = not any(report.triples((None, SH.resultSeverity, SH.Violation)))
    report.add((top, SH.conforms, Literal(conforms)))
    return report


def _quads(triples, tags: dict, literals: dict) -> list:
    """The rdflib ``triples`` as Oxigraph quads; ``tags`` and ``literals`` gain what
    ``_Terms`` needs to turn Oxigraph's forms back into them."""
    import pyoxigraph as ox

    quads = []
    for s, p, o in triples:
        if isinstance(o, Literal):
            if _ill_typed(o):  # rdflib and Oxigraph compare these differently: pySHACL decides
                raise Unsupported("an ill-typed literal")
            if o.language:
                tags.setdefault(o.language.lower(), o.language)
            literals.setdefault(_key(str(o), o.datatype and str(o.datatype), o.language), o)
        quads.append(ox.Quad(_to_ox(s, ox), _to_ox(p, ox), _to_ox(o, ox)))
    return quads


_XSD_STRING = str(XSD.string)
_TAG = re.compile(r'"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)[ \t]*\.?[ \t]*(?:\n|$)')
#: the ontology's quads (``_quads``), made once per ontology graph in a process
_ONTOLOGY_QUADS: dict[int, tuple] = {}


class LinesData:
    """N-Triples ``lines`` and the ``ontology`` graph as the data to check: the lines parsed
    by Oxigraph straight into the store the checks run on (an rdflib graph of a thousand
    lines cost more than every check), the rdflib graph of both made only when a result or a
    datatype check needs it (:attr:`graph`): with the same terms the lines wrote."""

    def __init__(self, lines: list[str], ontology: Graph, *, cache: str | None = None) -> None:
        self.text = "".join(line + "\n" for line in lines)
        self.ontology = ontology
        #: where the ontology's quads are kept (a store's folder), None: made in each process
        self._cache = cache
        self._triples: list | None = None
        self._graph: Graph | None = None
        self._tags: dict = {}
        self._by: dict[str, dict] = {}  # predicate -> its lines by their ends (_ontology_and)

    def load(self, store, tags: dict, literals: dict) -> None:
        """Put the quads to check into ``store`` (raises ``Unsupported`` where the lines'
        terms may not come back as written: a tag spelt in two cases, an explicit
        ``xsd:string``, an ill-typed value)."""
        import pyoxigraph as ox

        if f"^^<{_XSD_STRING}>" in self.text:  # rdflib keeps it, Oxigraph drops it
            raise Unsupported("an explicit xsd:string")
        for tag in set(_TAG.findall(self.text)):
            if tags.setdefault(tag.lower(), tag) != tag:
                raise Unsupported("a language tag in two cases")
        self._tags = tags
        kept = self._ontology_quads()
        for lower, tag in kept[2].items():
            if tags.setdefault(lower, tag) != tag:
                raise Unsupported("a language tag in two cases")
        literals.update(kept[3])
        text = self.text.encode()
        try:
            self._triples = list(ox.parse(text, ox.RdfFormat.N_TRIPLES))
        except SyntaxError:  # rdflib's parse (pySHACL's path) says what is wrong
            raise Unsupported("lines Oxigraph does not read") from None
        for triple in self._triples:
            o = triple.object
            if isinstance(o, ox.Literal):
                datatype = o.datatype.value
                if not o.language and datatype != _XSD_STRING and \
                        _ill_typed(Literal(o.value, datatype=URIRef(datatype))):
                    raise Unsupported("an ill-typed literal")
                literals.setdefault(_key(o.value, datatype, o.language), o)
        store.extend(kept[1])
        if "_:" in self.text:  # Oxigraph's loader renames blank nodes: keep the parsed ones
            store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in self._triples])
        else:  # from the text: at 1M triples 4x faster than extending with the parsed quads,
            # whose cost grew 80x for 10x the lines
            store.load(text, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())

    def _ontology_quads(self) -> tuple:
        """(ontology, its quads, tags, literals) as :func:`_quads` makes them: once per
        ontology graph in a process, and kept in ``cache`` under the ontology's parse key
        (``kg.inputs.ontology.ontology_key``), where Oxigraph reads them back in a fifth of
        the conversion (a tenth of a second of each build at a thousand-odd triples)."""
        import pyoxigraph as ox

        from kg.inputs.ontology import ontology_key
        from kg.rdfio.files import read_cached, write_cached

        kept = _ONTOLOGY_QUADS.get(id(self.ontology))
        if kept is not None and kept[0] is self.ontology:
            return kept
        if len(_ONTOLOGY_QUADS) > 4:
            _ONTOLOGY_QUADS.clear()
        key = ontology_key(self.ontology) if self._cache else None
        stored = read_cached(self._cache, f"quads {key}") if key else None
        if isinstance(stored, tuple) and len(stored) == 3:
            quads = list(ox.parse(stored[0], ox.RdfFormat.N_QUADS))
            tags, literals = stored[1], stored[2]
        else:
            tags, literals = {}, {}
            quads = _quads(self.ontology, tags, literals)
            if key:
                write_cached(self._cache, f"quads {key}", (
                    ox.serialize(quads, format=ox.RdfFormat.N_QUADS), tags, literals))
        kept = _ONTOLOGY_QUADS[id(self.ontology)] = (self.ontology, quads, tags, literals)
        return kept

    def objects(self, subject, predicate) -> list:
        """The objects of (``subject``, ``predicate``) in the lines and the ontology, as
        rdflib terms (what a datatype check asks of its suspects, without the whole graph)."""
        return self._ontology_and(subject, predicate, None)

    def subjects(self, predicate, obj) -> list:
        """The subjects of (``predicate``, ``obj``), as :meth:`objects`."""
        return self._ontology_and(None, predicate, obj)

    def _ontology_and(self, subject, predicate, obj) -> list:
        if self._graph is not None or self._triples is None:
            if subject is not None:
                return list(self.graph.objects(subject, predicate))
            return list(self.graph.subjects(predicate, obj))
        # the lines of this predicate, by their ends' values (Oxigraph's terms hash slowly)
        name = str(predicate)
        by = self._by.get(name)
        if by is None:
            by = self._by[name] = {}
            for t in self._triples:
                if t.predicate.value == name:
                    by.setdefault(("s", _ox_key(t.subject)), []).append(t.object)
                    by.setdefault(("o", _ox_key(t.object)), []).append(t.subject)
        key = ("s", _rdflib_key(subject)) if subject is not None else ("o", _rdflib_key(obj))
        found = [_rdflib_term(term, self._tags) for term in by.get(key, ())]
        if subject is not None:
            return found + list(self.ontology.objects(subject, predicate))
        return found + list(self.ontology.subjects(predicate, obj))

    @property
    def graph(self) -> Graph:
        """The lines and the ontology as one rdflib graph."""
        if self._graph is None:
            graph = Graph()
            if self._triples is None:  # not checked here: rdflib reads the lines
                if self.text:
                    graph.parse(data=self.text, format="nt")
            else:
                seen: dict = {}

                def term(node):
                    found = seen.get(node)
                    if found is None:
                        found = seen[node] = _rdflib_term(node, self._tags)
                    return found

                graph.addN((term(t.subject), term(t.predicate), term(t.object), graph)
                           for t in self._triples)
            graph.addN((s, p, o, graph) for s, p, o in self.ontology)
            self._graph = graph
        return self._graph


def _rdflib_term(term, tags: dict):
    """An Oxigraph term parsed from a line as the rdflib term of the same line (its language
    tag in the case written: ``tags``, lower case -> as written)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=tags.get(term.language, term.language))
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _ox_key(term) -> tuple:
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        return ("l", term.value, term.datatype.value, term.language)
    return ("b" if isinstance(term, ox.BlankNode) else "n", term.value)


def _rdflib_key(term) -> tuple:
    """:func:`_ox_key` of the Oxigraph form of an rdflib term."""
    if isinstance(term, Literal):
        datatype = str(RDF.langString) if term.language else str(term.datatype or XSD.string)
        return ("l", str(term), datatype, term.language.lower() if term.language else None)
    return ("b" if isinstance(term, BNode) else "n", str(term))


def _graph(data) -> Graph:
    return data.graph if isinstance(data, LinesData) else data


def _empty_report() -> Graph:
    report = Graph()
    top = BNode()
    report.add((top, RDF.type, SH.ValidationReport))
    report.add((top, SH.conforms, Literal(True)))
    return report


def _target_graphs(store, checks: list[Check], values: str, functions: dict) -> dict:
    """The focus nodes of each targets group of ``checks``, found once (a group is shared by
    every check of a shape and its property shapes: evaluating its class paths in each of
    them cost most of the queries' time) and put in a named graph of ``store`` of their own:
    (group, prefixes) -> (graph IRI, the nodes), or None when a node is a literal."""
    import pyoxigraph as ox

    out: dict = {}
    for check in checks:
        key = (check.group, tuple(sorted(check.prefixes.items())))
        if not check.group or key in out:
            continue
        name = ox.NamedNode(f"{_FOCUS}:target:{len(out)}")
        nodes = [row["this"] for row in store.query(
            (_TARGET % check.group).replace("VALUES_HERE", values, 1),
            prefixes=check.prefixes, custom_functions=functions)]
        if any(isinstance(node, ox.Literal) for node in nodes):  # no subject of a quad:
            out[key] = None  # the checks select them themselves
            continue
        store.extend([ox.Quad(node, name, name, name) for node in nodes])
        out[key] = (name, nodes)
    return out


def _select(check: Check, values: str, targets: dict) -> tuple[str, list | None]:
    """``check``'s query with its focus nodes read from their graph (``_target_graphs``),
    and those nodes; the query as compiled (``values`` in place) when it does not select
    them as ``_TARGET`` does."""
    found = targets.get((check.group, tuple(sorted(check.prefixes.items()))))
    needle = _TARGET % check.group
    query = check.query if check.bound else check.query.replace(needle, "\0", 1)
    if found is None or (not check.bound and "\0" not in query):
        return check.query.replace("VALUES_HERE", values, 1), None
    name = f"<{found[0].value}>"
    return query.replace("\0", f"SELECT DISTINCT ?this WHERE {{ GRAPH {name} {{ ?this "
                                f"{name} {name} }} }}", 1), found[1]


def _rows(store, check: Check, values: str, functions: dict, terms: _Terms, data: Graph,
          shapes: Graph, targets: dict | None = None):
    """(focus, path, value, variables) of each violation ``check`` finds."""
    import pyoxigraph as ox

    query, nodes = _select(check, values, targets or {})
    if not check.bound:
        answer = store.query(query, prefixes=check.prefixes, custom_functions=functions)
        rows = [{v.value: terms(row[v.value]) for v in answer.variables} for row in answer]
    else:  # once per focus node, $this substituted, as pySHACL pre-binds it
        rows = []
        if nodes is None:
            nodes = [target["this"] for target in store.query(
                check.targets.replace("VALUES_HERE", values, 1), prefixes=check.prefixes,
                custom_functions=functions)]
        for this in nodes:
            answer = store.query(check.query, prefixes=check.prefixes,
                                 custom_functions=functions,
                                 substitutions={ox.Variable("this"): this})
            rows += [dict({v.value: terms(row[v.value]) for v in answer.variables},
                          this=terms(this)) for row in answer]
    out = []
    for row in rows:
        focus, value = row.pop("this"), row.pop("value", None)
        path = row.pop("path", None)
        row.pop("kg_key", None)
        if values and not isinstance(focus, URIRef):
            continue
        if check.datatype is not None:  # rdflib judges the values of the suspects
            out += [(focus, None, v, {}) for v in _values(data, shapes, focus, check.path)
                    if not _datatype_ok(v, check.datatype)]
            continue
        out.append((focus, path, value, {k: v for k, v in row.items() if v is not None}))
    return out


def _values(data: Graph, shapes: Graph, focus, path) -> list:
    if path is None:
        return [focus]
    if isinstance(path, URIRef):
        return sorted(set(data.objects(focus, path)))
    return sorted(set(data.subjects(shapes.value(path, SH.inversePath), focus)))


def _add_result(report: Graph, top, check: Check, data: Graph, shapes: Graph, focus, path,
                value, variables: dict) -> None:
    result = BNode()
    report.add((top, SH.result, result))
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.sourceConstraintComponent, check.component))
    report.add((result, SH.sourceShape, check.shape))
    report.add((result, SH.resultSeverity, check.severity))
    report.add((result, SH.focusNode, focus))
    if check.constraint is not None:
        report.add((result, SH.sourceConstraint, check.constraint))
        if value is None and check.path is None:
            value = focus
        bound = dict(variables, this=focus)
        if path is not None:
            bound["path"] = path
        if value is not None:
            bound["value"] = value
        messages = [Literal(_template(str(m), bound)) for m in check.extra + check.messages]
    else:
        if check.component in (SH.OrConstraintComponent, SH.XoneConstraintComponent) and \
                check.path is None:
            value = focus
        messages = check.messages or _generic(check, _graph(data), shapes, focus, value)
    if value is not None:
        report.add((result, SH.value, value))
    result_path = path if path is not None else check.path
    if result_path is not None:
        report.add((result, SH.resultPath, result_path))
    for message in messages:
        report.add((result, SH.resultMessage, message))


def _template(message: str, bound: dict) -> str:
    for name, term in bound.items():
        message = re.sub("{[?$]%s}" % name, str(term).replace("\\", "\\\\"), message)
    return message


def _generic(check: Check, data: Graph, shapes: Graph, focus, value) -> list:
    """pySHACL's own message for a shape without sh:message (only when a result needs it)."""
    from pyshacl.rdfutil.stringify import stringify_node

    def text(node) -> str:
        try:
            return stringify_node(data, node)
        except (LookupError, ValueError):
            return str(node)

    if check.component == SH.ClosedConstraintComponent:
        return [Literal(f"Node {text(focus)} is closed. It cannot have value: {text(value)}")]
    if check.component not in _LOGICAL:
        raise Unsupported("a result without sh:message")
    p, words = _LOGICAL[check.component]
    sg = Graph()  # pySHACL words shapes with the prefixes of the copy it validates with
    for triple in shapes:
        sg.add(triple)
    lists = list(sg.objects(check.shape, p))
    parts = [" , ".join(stringify_node(sg, member) for member in sg.items(node))
             for node in lists]
    listed = parts[0] if len(parts) < 2 else " and ".join(f"({part})" for part in parts)
    return [Literal(f"Node {text(value)} must conform to {words} {listed}")]


_LOGICAL = {SH.OrConstraintComponent: (SH["or"], "one or more shapes in"),
            SH.XoneConstraintComponent: (SH.xone, "exactly one shape in")}


def validate_compiled(data: "Graph | LinesData", shapes: Graph, key: str, *, base: str | None = None,
                      shape_files: list[str] | None = None,
                      focus: list[str] | None = None) -> ValidationReport | None:
    """Validate ``data`` (data and ontology together) against ``shapes`` with the compiled
    checks; None when the shapes use something not compiled here (validate with pySHACL).

    Args:
        data: the graph to validate, or the lines and ontology to (``LinesData``).
        shapes: the shapes graph.
        key: the digest of the shapes' text (``shapes_key``): compiled once per process.
        base: the instance base IRI, for short names in the report.
        shape_files: names of the shapes files, for the report's summary line.
        focus: the IRIs of the focus nodes to validate; None: every one.
    """
    from kg.vocab import bind_prefixes

    checks = compiled(shapes, key)
    if checks is None:
        return None
    try:
        report = run_checks(data, shapes, checks, focus)
    except (Unsupported, SyntaxError):  # a result pySHACL words itself, a query Oxigraph rejects
        return None
    bind_prefixes(report, base)
    report.bind("kgsh", "https://w3id.org/kg/shapes#")
    violations = read_results(report, _graph(data), shapes, base) \
        if (None, SH.result, None) in report else []
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=violations, graph=report,
                            shapes=shape_files or [])
