"""Canned queries (``queries/*.rq``): by name, as a file, or inline SPARQL; and --bind values."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kg.errors import UsageError
from kg.record import Record
from kg.vocab import all_prefixes

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")
#: an absolute IRI as SPARQL writes it between < and > (RFC 3987's scheme, none of <>"{}|^`\
#: or space and controls)
_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*\Z")


class CannedQuery(Record):
    """A query kept as ``queries/NAME.rq``; its first ``# title:`` comment names it."""

    _fields = __slots__ = ("name", "path", "title", "text")

    def __init__(self, name: str, path: Path, title: str, text: str) -> None:
        self.name, self.path, self.title, self.text = name, path, title, text


def scan_queries(queries_dir: Path) -> tuple[dict[str, CannedQuery], dict[str, str]]:
    """Every readable ``*.rq`` file in ``queries_dir`` by name, and what is wrong with each
    one that cannot be read (not a file, not UTF-8), by name: one bad file spoils no other."""
    out: dict[str, CannedQuery] = {}
    broken: dict[str, str] = {}
    for path in sorted(queries_dir.glob("*.rq")):
        read = _read_query(path, queries_dir)
        if isinstance(read, str):
            broken[path.stem] = read
        else:
            out[path.stem] = read
    return out, broken


def _read_query(path: Path, queries_dir: Path) -> "CannedQuery | str":
    """The canned query in ``path``, or what is wrong with the file."""
    where = f"{queries_dir.name}/{path.name}"
    if not path.is_file():
        return f"{where}: not a file; remove it or make it a .rq file"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return f"{where}: not UTF-8 (byte {exc.start}); save it as UTF-8"
    except OSError as exc:
        return f"{where}: cannot be read ({exc.strerror})"
    match = re.search(r"^#\s*title:\s*(.+)$", text, re.M)
    return CannedQuery(path.stem, path, match.group(1).strip() if match else path.stem, text)


def canned_queries(queries_dir: Path) -> dict[str, CannedQuery]:
    """Every readable ``*.rq`` file in ``queries_dir``, by name (see :func:`scan_queries`)."""
    return scan_queries(queries_dir)[0]


def resolve(spec: str, queries_dir: Path) -> tuple[str, str]:
    """Turn a canned name, a ``.rq`` file path or inline SPARQL into (label, text)."""
    if _NAME_RE.match(spec) and os.path.lexists(queries_dir / f"{spec}.rq"):
        # a canned name: its one file read (the others only to list them when it is unknown)
        read = _read_query(queries_dir / f"{spec}.rq", queries_dir)
        if isinstance(read, str):
            raise UsageError(read)
        return f"queries/{spec}.rq", read.text
    canned, broken = scan_queries(queries_dir) if queries_dir.is_dir() else ({}, {})
    if spec in canned:
        return f"queries/{spec}.rq", canned[spec].text
    if spec in broken:
        raise UsageError(broken[spec])
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
    if not pairs:  # rdflib is imported only for bindings (a cold kg query without them skips it)
        return out
    from rdflib import Literal, URIRef

    namespaces = all_prefixes(base)
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UsageError(f"--bind '{pair}': write NAME=VALUE, e.g. statement=kgs:xu-li-holds-ceo")
        if value.startswith("<") and value.endswith(">"):
            out[name] = URIRef(_checked_iri(value[1:-1], pair))
        elif ":" in value and value.split(":", 1)[0] in namespaces:
            prefix, local = value.split(":", 1)
            out[name] = URIRef(_checked_iri(namespaces[prefix] + local, pair))
        else:
            out[name] = Literal(value)
    return out


def _checked_iri(iri: str, pair: str) -> str:
    """``iri`` if it is an absolute IRI SPARQL can write; else a usage error naming ``pair``."""
    if not _IRI_RE.match(iri):
        raise UsageError(f"--bind '{pair}': <{iri}> is not an absolute IRI (a scheme, then no "
                         "spaces or <>\"{}|^`\\); e.g. <https://example.org/x> or kge:xu-li")
    return iri
