"""SPARQL answers written for people and programs: table, CSV, TSV, JSON, or a graph format.

The writers take an rdflib ``Result`` or an :class:`Answer` (rows of light terms, which a
store reads without rdflib) and write the same bytes for the same answer.
"""

from __future__ import annotations

from kg.errors import UsageError
from kg.rdfio.terms import Lit, term_kind
from kg.vocab import all_prefixes

TYPE_CHECKING = False  # typing's flag without importing typing (3 ms of a cold command)
if TYPE_CHECKING:  # pragma: no cover
    from rdflib.query import Result

RESULT_FORMATS = ("table", "csv", "tsv", "json")

#: SPARQL results format name -> media type (SELECT / ASK)
RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}

GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "xml", "trig")


class Answer:
    """A SELECT or ASK answer without rdflib: variable names, and rows of light terms
    (``kg.rdfio.terms``: ``Iri``, ``Blank``, ``Lit``) or None where a variable is unbound.

    It reads as an rdflib ``Result`` does where the writers and ``kg query`` read one:
    ``type``, ``vars``, ``askAnswer``, ``len()`` and iteration over the rows.
    """

    def __init__(self, type_: str, variables: list[str] | None = None,
                 rows: list[tuple] | None = None, ask: bool | None = None) -> None:
        self.type = type_
        self.vars = list(variables or [])
        self.rows = list(rows or [])
        self.askAnswer = ask

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_rdflib(self) -> "Result":
        """The same answer as an rdflib ``Result`` (imports rdflib)."""
        from rdflib import BNode, Literal, URIRef
        from rdflib.query import Result

        if self.type == "ASK":
            result = Result("ASK")
            result.askAnswer = bool(self.askAnswer)
            return result

        def convert(term):
            kind = term_kind(term)
            if kind == "literal" and isinstance(term, Lit):
                return Literal(str(term), lang=term.language,
                               datatype=URIRef(term.datatype) if term.datatype else None)
            if kind == "uri" and not isinstance(term, URIRef):
                return URIRef(term)
            if kind == "bnode" and not isinstance(term, BNode):
                return BNode(term)
            return term

        return as_result(self.vars, [tuple(convert(t) for t in row) for row in self.rows])


def _names(result) -> list[str]:
    return [str(v) for v in result.vars or []]


def _rows(result) -> list[tuple]:
    """The rows of a SELECT answer, one term (or None) per variable, in the variables' order."""
    if isinstance(result, Answer):
        return result.rows
    return [tuple(row.get(var) for var in result.vars) for row in result.bindings]


def _bound(result) -> list[list[tuple]]:
    """Each row's bound (name, term) pairs, in the order the answer keeps them."""
    if isinstance(result, Answer):
        return [[(name, term) for name, term in zip(result.vars, row) if term is not None]
                for row in result.rows]
    return [[(str(var), term) for var, term in row.items() if term is not None]
            for row in result.bindings]


def display_width(text: str) -> int:
    """Width in terminal cells: East Asian wide and full-width characters count double."""
    import unicodedata  # here: only the table measures widths

    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def shorten(term, namespaces: dict[str, str]) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    kind = term_kind(term)
    if kind == "uri":
        iri = str(term)
        best = max(((p, ns) for p, ns in namespaces.items() if iri.startswith(ns)
                    and "/" not in iri[len(ns):] and "#" not in iri[len(ns):]),
                   key=lambda item: len(item[1]), default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"
    if kind == "bnode":
        return f"_:{term}"
    return str(term).replace("\n", " ")


def as_result(variables: list[str], rows: list[tuple]) -> "Result":
    """SELECT rows (tuples of rdflib terms or None) as an rdflib Result."""
    from rdflib.query import Result
    from rdflib.term import Variable

    result = Result("SELECT")
    result.vars = [Variable(v) for v in variables]
    result.bindings = [{var: term for var, term in zip(result.vars, row) if term is not None}
                       for row in rows]
    return result


#: first characters that make a spreadsheet read a cell as a formula (or split it)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formulas(result):
    """``result`` with every value that a spreadsheet would run as a formula (one starting with
    ``= + - @``, a tab or a carriage return) behind a leading ``'``, which spreadsheets read as
    "text follows" and do not show.  For ``kg query --format csv`` only: the values change, so
    the protocol's CSV, TSV and JSON keep them exact."""
    def dangerous(term) -> bool:
        return term_kind(term) in ("literal", "uri") and str(term).startswith(FORMULA_STARTS)

    if isinstance(result, Answer):
        return Answer("SELECT", result.vars, [
            tuple(Lit("'" + str(term)) if dangerous(term) else term for term in row)
            for row in result.rows])
    from rdflib import Literal
    from rdflib.query import Result

    defused = Result("SELECT")
    defused.vars = list(result.vars)
    defused.bindings = [
        {var: Literal("'" + str(term)) if dangerous(term) else term
         for var, term in row.items()} for row in result.bindings]
    return defused


def _json_term(term) -> dict[str, str]:
    """A term as SPARQL results JSON writes it (as rdflib's writer does)."""
    kind = term_kind(term)
    if kind == "literal":
        out = {"type": "literal", "value": str(term)}
        if term.datatype is not None:
            out["datatype"] = str(term.datatype)
        if term.language is not None:
            out["xml:lang"] = term.language
        return out
    return {"type": "bnode" if kind == "bnode" else "uri", "value": str(term)}


def _csv_cell(term) -> str:
    if term is None:
        return ""
    return f"_:{term}" if term_kind(term) == "bnode" else str(term)


def write_select(result, fmt: str) -> bytes:
    """A SELECT answer (an rdflib ``Result`` or an :class:`Answer`) as SPARQL results
    ``json``, ``csv``, ``tsv`` (kg's writers, the same bytes as rdflib's for JSON and CSV
    without loading rdflib's SPARQL engine, half a second of a cold ``kg query``) or ``xml``
    (rdflib's)."""
    if fmt == "json":
        from kg.rdfio.jsonio import dump_json

        answer = {"results": {"bindings": [{name: _json_term(term) for name, term in row}
                                           for row in _bound(result)]},
                  "head": {"vars": _names(result)}}
        return dump_json(answer, allow_nan=False, ensure_ascii=False).encode()
    if fmt == "csv":
        import io

        from _csv import writer  # csv.writer itself, without the csv module's import of re

        buffer = io.StringIO()
        out = writer(buffer, delimiter=",")
        out.writerow(_names(result))
        out.writerows([_csv_cell(term) for term in row] for row in _rows(result))
        return buffer.getvalue().encode()
    if fmt == "xml":
        if isinstance(result, Answer):
            result = result.to_rdflib()
        return result.serialize(format=fmt, encoding="utf-8")
    if fmt == "tsv":
        from kg.rdfio.terms import rdf_term

        lines = ["\t".join("?" + v for v in _names(result))]
        # N-Triples terms, tabs escaped too: a raw tab would split the cell
        lines += ["\t".join(rdf_term(term, controls=True) for term in row)
                  for row in _rows(result)]
        return ("\n".join(lines) + "\n").encode()
    raise UsageError(f"unknown result format '{fmt}'; use json, xml, csv or tsv")


def write_ask(answer: bool, fmt: str) -> bytes:
    """An ASK answer as SPARQL results JSON or XML (rdflib's writers); CSV and TSV: a header
    and true/false."""
    if fmt == "json":
        return ('{"head": {}, "boolean": ' + ("true" if answer else "false") + "}").encode()
    if fmt == "xml":
        return Answer("ASK", ask=bool(answer)).to_rdflib().serialize(format=fmt,
                                                                     encoding="utf-8")
    word = "true" if answer else "false"
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    raise UsageError(f"unknown result format '{fmt}'; use json, xml, csv or tsv")


def format_result(result, fmt: str = "table", *, base: str | None = None) -> str:
    """Format a SELECT or ASK result (``table``, ``csv``, ``tsv``, ``json``) or a graph result
    (an rdflib ``Result``; a SELECT or ASK answer may also be an :class:`Answer`).

    ``csv`` is for spreadsheets: formulas are defused (:func:`defuse_formulas`); ``tsv`` and
    ``json`` keep every value exact (for programs, Jena's TSV readers among them).
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from kg.rdfio.formats import serialize

        graph_fmt = "turtle" if fmt == "table" else fmt
        if graph_fmt not in GRAPH_FORMATS:
            raise UsageError(f"--format {fmt} does not apply to a graph; use turtle, ntriples, "
                             "jsonld or xml")
        return serialize(result.graph, graph_fmt, base=base).decode()
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"--format {fmt} does not apply to SELECT/ASK; use table, csv, tsv or json")
    if result.type == "ASK":
        if fmt == "table":
            return ("true" if result.askAnswer else "false") + "\n"
        return write_ask(bool(result.askAnswer), fmt).decode()
    if fmt == "csv":
        return write_select(defuse_formulas(result), fmt).decode()
    if fmt != "table":
        return write_select(result, fmt).decode() + ("\n" if fmt == "json" else "")
    from kg.text import printable  # the table only: JSON, CSV and TSV keep their bytes

    variables = _names(result)
    rows = _rows(result)
    namespaces = all_prefixes(base)
    # escaped cell by cell, so the widths are those of what the terminal shows
    cells = [[printable(shorten(v, namespaces)) for v in row] for row in rows]
    widths = [max([display_width(v)] + [display_width(r[i]) for r in cells])
              for i, v in enumerate(variables)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
