"""SPARQL answers written for people and programs: table, CSV, TSV, JSON, or a graph format."""

from __future__ import annotations

import unicodedata

from rdflib import BNode, URIRef
from rdflib.query import Result

from kg.errors import UsageError
from kg.vocab import all_prefixes

RESULT_FORMATS = ("table", "csv", "tsv", "json")

#: SPARQL results format name -> media type (SELECT / ASK)
RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}

GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "xml", "trig")


def display_width(text: str) -> int:
    """Width in terminal cells: East Asian wide and full-width characters count double."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def shorten(term, namespaces: dict[str, str]) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = max(((p, ns) for p, ns in namespaces.items() if iri.startswith(ns)
                    and "/" not in iri[len(ns):] and "#" not in iri[len(ns):]),
                   key=lambda item: len(item[1]), default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term).replace("\n", " ")


def as_result(variables: list[str], rows: list[tuple]) -> Result:
    """SELECT rows (tuples of rdflib terms or None) as an rdflib Result."""
    from rdflib.term import Variable

    result = Result("SELECT")
    result.vars = [Variable(v) for v in variables]
    result.bindings = [{var: term for var, term in zip(result.vars, row) if term is not None}
                       for row in rows]
    return result


#: first characters that make a spreadsheet read a cell as a formula (or split it)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formulas(result: Result) -> Result:
    """``result`` with every value that a spreadsheet would run as a formula (one starting with
    ``= + - @``, a tab or a carriage return) behind a leading ``'``, which spreadsheets read as
    "text follows" and do not show.  For ``kg query --format csv`` only: the values change, so
    the protocol's CSV, TSV and JSON keep them exact."""
    from rdflib import Literal

    defused = Result("SELECT")
    defused.vars = list(result.vars)
    defused.bindings = [
        {var: Literal("'" + str(term)) if isinstance(term, Literal | URIRef)
         and str(term).startswith(FORMULA_STARTS) else term for var, term in row.items()}
        for row in result.bindings]
    return defused


def _json_term(term) -> dict[str, str]:
    """A term as SPARQL results JSON writes it (as rdflib's writer does)."""
    from rdflib import Literal

    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.datatype is not None:
            out["datatype"] = str(term.datatype)
        if term.language is not None:
            out["xml:lang"] = term.language
        return out
    return {"type": "bnode" if isinstance(term, BNode) else "uri", "value": str(term)}


def _csv_cell(term) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def write_select(result: Result, fmt: str) -> bytes:
    """A SELECT answer as SPARQL results ``json``, ``csv``, ``tsv`` (kg's writers, the same
    bytes as rdflib's for JSON and CSV without loading rdflib's SPARQL engine, half a second of
    a cold ``kg query``) or ``xml`` (rdflib's)."""
    if fmt == "json":
        import json

        answer = {"results": {"bindings": [
            {str(var): _json_term(term) for var, term in row.items() if term is not None}
            for row in result.bindings]}, "head": {"vars": [str(v) for v in result.vars]}}
        return json.dumps(answer, allow_nan=False, ensure_ascii=False).encode()
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        out = csv.writer(buffer, delimiter=",")
        out.writerow([str(v) for v in result.vars])
        for row in result.bindings:
            out.writerow([_csv_cell(row.get(var)) for var in result.vars])
        return buffer.getvalue().encode()
    if fmt == "xml":
        return result.serialize(format=fmt, encoding="utf-8")
    if fmt == "tsv":
        from kg.rdfio.terms import rdf_term

        names = [str(v) for v in result.vars]
        lines = ["\t".join("?" + v for v in names)]
        # N-Triples terms, tabs escaped too: a raw tab would split the cell
        lines += ["\t".join(rdf_term(row.get(var), controls=True) for var in result.vars)
                  for row in result.bindings]
        return ("\n".join(lines) + "\n").encode()
    raise UsageError(f"unknown result format '{fmt}'; use json, xml, csv or tsv")


def write_ask(answer: bool, fmt: str) -> bytes:
    """An ASK answer as SPARQL results JSON or XML (rdflib's writers); CSV and TSV: a header
    and true/false."""
    if fmt == "json":
        return ('{"head": {}, "boolean": ' + ("true" if answer else "false") + "}").encode()
    if fmt == "xml":
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result.serialize(format=fmt, encoding="utf-8")
    word = "true" if answer else "false"
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    raise UsageError(f"unknown result format '{fmt}'; use json, xml, csv or tsv")


def format_result(result: Result, fmt: str = "table", *, base: str | None = None) -> str:
    """Format a SELECT or ASK result (``table``, ``csv``, ``tsv``, ``json``) or a graph result.

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
    from kg.text import printable

    if result.type == "ASK":
        if fmt == "table":
            return ("true" if result.askAnswer else "false") + "\n"
        return write_ask(bool(result.askAnswer), fmt).decode()
    if fmt == "csv":
        return write_select(defuse_formulas(result), fmt).decode()
    if fmt != "table":
        return write_select(result, fmt).decode() + ("\n" if fmt == "json" else "")
    variables = [str(v) for v in result.vars]
    rows = list(result)
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
