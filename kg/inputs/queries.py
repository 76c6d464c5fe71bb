"""Canned queries (``queries/*.rq``): by name, as a file, or inline SPARQL; and --bind values."""

from __future__ import annotations

import os

from kg.errors import UsageError
from kg.record import Record
from kg.vocab import all_prefixes

TYPE_CHECKING = False  # typing's flag without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

#: an absolute IRI as SPARQL writes it between < and > (RFC 3987's scheme, none of <>"{}|^`\
#: or space and controls); compiled by re when a binding is checked
_IRI = r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*\Z"
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_NAME_REST = _NAME_START | {"_", "-"}


def is_query_name(text: str) -> bool:
    """Whether ``text`` can name a canned query: a lowercase letter or digit, then those, ``_``
    and ``-`` (``[a-z0-9][a-z0-9_-]*``; a test holds it to that pattern). Checked without re:
    a cold ``kg query`` imports no re."""
    return bool(text) and text[0] in _NAME_START and all(c in _NAME_REST for c in text)


class CannedQuery(Record):
    """A query kept as ``queries/NAME.rq``; its first ``# title:`` comment names it."""

    _fields = __slots__ = ("name", "path", "title", "text")

    def __init__(self, name: str, path: Path, title: str, text: str) -> None:
        self.name, self.path, self.title, self.text = name, path, title, text


def scan_queries(queries_dir: Path) -> tuple[dict[str, CannedQuery], dict[str, str]]:
    """Every readable ``*.rq`` file in ``queries_dir`` by name, and what is wrong with each
    one that cannot be read (not a file, not UTF-8), by name: one bad file spoils no other."""
    import re

    out: dict[str, CannedQuery] = {}
    broken: dict[str, str] = {}
    for path in sorted(queries_dir.glob("*.rq")):
        text, problem = _read_query(str(path), queries_dir)
        if text is None:
            broken[path.stem] = problem
            continue
        match = re.search(r"^#\s*title:\s*(.+)$", text, re.M)
        out[path.stem] = CannedQuery(path.stem, path, match.group(1).strip() if match else
                                     path.stem, text)
    return out, broken


def _read_query(path: str, queries_dir) -> tuple[str | None, str]:
    """(the text, "") of the canned query file ``path``, or (None, what is wrong with the
    file); read with no Path made (a cold query imports no pathlib)."""
    where = f"{os.path.basename(os.path.normpath(queries_dir))}/{os.path.basename(path)}"
    if not os.path.isfile(path):
        return None, f"{where}: not a file; remove it or make it a .rq file"
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(), ""
    except UnicodeDecodeError as exc:
        return None, f"{where}: not UTF-8 (byte {exc.start}); save it as UTF-8"
    except OSError as exc:
        return None, f"{where}: cannot be read ({exc.strerror})"


def canned_queries(queries_dir: Path) -> dict[str, CannedQuery]:
    """Every readable ``*.rq`` file in ``queries_dir``, by name (see :func:`scan_queries`)."""
    return scan_queries(queries_dir)[0]


def resolve(spec: str, queries_dir: "Path | str") -> tuple[str, str]:
    """Turn a canned name, a ``.rq`` file path or inline SPARQL into (label, text)."""
    canned_file = os.path.join(queries_dir, f"{spec}.rq")
    if is_query_name(spec) and os.path.lexists(canned_file):
        # a canned name: its one file read (the others only to list them when it is unknown)
        text, problem = _read_query(canned_file, queries_dir)
        if text is None:
            raise UsageError(problem)
        return f"queries/{spec}.rq", text
    from pathlib import Path

    queries_dir = Path(queries_dir)
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
    if is_query_name(spec):
        raise UsageError(f"'{spec}' is not a canned query (known: {', '.join(canned) or 'none'}); "
                         "list them with: kg query --list")
    return "<inline>", spec


def parse_bindings(pairs: tuple[str, ...] | list[str], base: str) -> dict[str, object]:
    """``NAME=VALUE`` pairs as initial bindings: ``<iri>``, ``prefix:local``, or a literal."""
    out: dict[str, object] = {}
    if not pairs:  # rdflib is imported only for bindings (a cold kg query without them skips it)
        return out
    import re

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
    import re

    if not re.match(_IRI, iri):
        raise UsageError(f"--bind '{pair}': <{iri}> is not an absolute IRI (a scheme, then no "
                         "spaces or <>\"{}|^`\\); e.g. <https://example.org/x> or kge:xu-li")
    return iri
