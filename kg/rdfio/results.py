"""SPARQL answers written for people and programs: table, CSV, TSV, JSON, or a graph format."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from rdflib import BNode, URIRef
from rdflib.query import Result

from kg.errors import UsageError
from kg.vocab import all_prefixes

RESULT_FORMATS = ("table", "csv", "tsv", "json")


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


def _nt(term) -> str:
    if term is None:
        return ""
    return term.n3()


def format_result(result: Result, fmt: str = "table", *, base: str | None = None) -> str:
    """Format a SELECT or ASK result (``table``, ``csv``, ``tsv``, ``json``) or a graph result."""
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
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    variables = [str(v) for v in result.vars]
    rows = list(result)
    if fmt == "json":
        return result.serialize(format="json").decode() + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(_nt(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    namespaces = all_prefixes(base)
    cells = [[shorten(v, namespaces) for v in row] for row in rows]
    widths = [max([display_width(v)] + [display_width(r[i]) for r in cells])
              for i, v in enumerate(variables)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
