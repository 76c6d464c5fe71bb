"""SPARQL over the built graph: canned queries, running them, and formatting the answers."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import QuerySyntaxError, UsageError
from kg.namespaces import all_prefixes

RESULT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "xml", "trig")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class CannedQuery:
    """A query kept as ``queries/NAME.rq``; its first ``# title:`` comment names it."""

    name: str
    path: Path
    title: str
    text: str


def canned_queries(queries_dir: Path) -> dict[str, CannedQuery]:
    """Every ``*.rq`` file in ``queries_dir``, by name."""
    out = {}
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^#\s*title:\s*(.+)$", text, re.M)
        out[path.stem] = CannedQuery(path.stem, path, match.group(1).strip() if match else
                                     path.stem, text)
    return out


def resolve(spec: str, queries_dir: Path) -> tuple[str, str]:
    """Turn a canned name, a ``.rq`` file path or inline SPARQL into (label, text)."""
    canned = canned_queries(queries_dir) if queries_dir.is_dir() else {}
    if spec in canned:
        return f"queries/{spec}.rq", canned[spec].text
    path = Path(spec)
    if len(spec) < 4096 and "\n" not in spec and path.suffix in (".rq", ".sparql") :
        if not path.is_file():
            raise UsageError(f"{spec}: query file not found")
        return spec, path.read_text(encoding="utf-8")
    if _NAME_RE.match(spec):
        raise UsageError(f"'{spec}' is not a canned query (known: {', '.join(canned) or 'none'}); "
                         "list them with: kg query --list")
    return "<inline>", spec


def parse_bindings(pairs: tuple[str, ...] | list[str], base: str) -> dict[str, object]:
    """``NAME=VALUE`` pairs as initial bindings: ``<iri>``, ``prefix:local``, or a literal."""
    out: dict[str, object] = {}
    namespaces = all_prefixes(base)
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UsageError(f"--bind '{pair}': write NAME=VALUE, e.g. statement=kgs:xu-li-holds-ceo")
        if value.startswith("<") and value.endswith(">"):
            out[name] = URIRef(value[1:-1])
        elif ":" in value and value.split(":", 1)[0] in namespaces:
            prefix, local = value.split(":", 1)
            out[name] = URIRef(namespaces[prefix] + local)
        else:
            out[name] = Literal(value)
    return out


def run(graph: Graph, text: str, *, label: str = "<inline>", bindings: dict | None = None,
        base: str | None = None) -> Result:
    """Run SPARQL ``text`` on ``graph`` with kg's prefixes predeclared.

    Raises:
        QuerySyntaxError: with the line and column of the error in ``text``.
        UsageError: for an update (kg query is read-only).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    namespaces = all_prefixes(base)
    check_read_only(text, label)
    try:
        prepared = prepareQuery(text, initNs=namespaces)
    except ParseException as exc:
        raise QuerySyntaxError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                               f"{exc.msg}; fix the query", path=label, line=exc.lineno) from None
    except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QuerySyntaxError(f"SPARQL error: {str(exc).splitlines()[0]}; fix the query",
                               path=label) from None
    return graph.query(prepared, initBindings=bindings or {})


def check_read_only(text: str, label: str = "<inline>") -> None:
    """Raise UsageError when ``text`` is a SPARQL Update: kg query is read-only."""
    if re.search(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                 _strip_prologue(text), re.I):
        raise UsageError(f"{label}: SPARQL Update is not allowed; kg query is read-only")


def _strip_prologue(text: str) -> str:
    text = re.sub(r"#[^\n]*", "", text)
    return re.sub(r"^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", text, flags=re.I)


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
        from kg.export import serialize

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
