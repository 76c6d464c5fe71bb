"""Canned queries (``queries/*.rq``): by name, as a file, or inline SPARQL; and --bind values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import UsageError
from kg.vocab import all_prefixes

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")


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
