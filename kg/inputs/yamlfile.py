"""A safe YAML reader that remembers line numbers and refuses what a fact file never needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from kg.errors import InputError

MAX_BYTES = 5_000_000
MAX_DEPTH = 12


class Mapping(dict):
    """A dict that knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Checks:
    """Line numbers, and no aliases or deep nesting: shared by both loaders below."""

    _label: str
    _depth: int

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise InputError("YAML aliases (*name) are not allowed in kg files; write the value out",
                             path=self._label, line=event.start_mark.line + 1)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise InputError(f"YAML nested deeper than {MAX_DEPTH} levels; flatten the structure",
                             path=self._label, line=mark.line + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        result = Mapping()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise InputError(f"mapping key {key!r} is not a string; quote it",
                                 path=self._label, line=key_node.start_mark.line + 1)
            if key in result:
                raise InputError(f"duplicate key '{key}' in one mapping; keep one",
                                 path=self._label, line=key_node.start_mark.line + 1)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result


class _Loader(_Checks, yaml.SafeLoader):
    def __init__(self, stream: str, label: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._label = label
        self._depth = 0


_Loader.add_constructor("tag:yaml.org,2002:map", _Checks.construct_mapping)


def _use_core_schema(loader: type) -> None:
    """Resolve plain scalars by YAML 1.2 core rules instead of PyYAML's YAML 1.1 ones.

    YAML 1.1 reads ``012`` as 10 (octal), ``1:30`` as 90 (base 60), ``0x1F`` as 31, ``1_000`` as
    1000, ``yes``/``on`` as true and ``2024-05-01`` as a date, all silently. Here only decimal
    numbers, ``true``/``false`` and ``null`` are typed (``012`` is 12); everything else stays the
    text the author wrote, so a checker that wants a number refuses it by name."""
    loader.yaml_implicit_resolvers = {}  # drop the YAML 1.1 resolvers inherited from Resolver
    for tag, pattern, first in (
            ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
            ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
            ("tag:yaml.org,2002:float",
             r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
             r"|[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
             "-+0123456789."),
            ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])):
        loader.add_implicit_resolver(tag, re.compile(pattern), list(first))
    # decimal only: PyYAML's int constructor would read a leading 0 as octal
    loader.add_constructor("tag:yaml.org,2002:int",
                           lambda self, node: int(self.construct_scalar(node), 10))
    loader.add_constructor("tag:yaml.org,2002:float", lambda self, node: WrittenFloat(
        yaml.SafeLoader.construct_yaml_float(self, node), self.construct_scalar(node)))


class WrittenFloat(float):
    """A YAML float that keeps the text written: a float in arithmetic, and ``text`` for
    readers that want the number exactly (``0.10``, or 400 digits, which as a float is inf)."""

    text: str

    def __new__(cls, value: float, text: str | None = None) -> "WrittenFloat":
        number = super().__new__(cls, value)
        number.text = repr(float(value)) if text is None else text
        return number

    def __getnewargs__(self) -> tuple[float, str]:  # pickled and copied with its text
        return float(self), self.text


# written back (a draft read, changed and saved) as it was written
yaml.SafeDumper.add_representer(
    WrittenFloat, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float",
                                                                value.text))


_use_core_schema(_Loader)

try:  # libyaml parses and composes ~9x faster; the checks then walk the composed nodes
    from yaml import CSafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CSafeLoader = None

#: flow brackets above which the pure-Python loader is used (libyaml composes recursively)
_MAX_BRACKETS = 5000

class _Refused(Exception):
    """An alias or deep nesting, found after composing: load again in Python for the message."""


if CSafeLoader is not None:
    class _FastLoader(_Checks, CSafeLoader):
        def __init__(self, stream: str, label: str) -> None:
            CSafeLoader.__init__(self, stream)
            self._label = label
            self._depth = 0

        def get_single_data(self):
            node = self.get_single_node()
            if node is None:
                return None
            self._check_nodes(node)
            return self.construct_document(node)

        def _check_nodes(self, root) -> None:
            """What the Python loader checks while composing: no aliases, no deep nesting."""
            seen: set[int] = set()
            stack = [(root, 1)]
            while stack:
                node, depth = stack.pop()
                if id(node) in seen or depth > MAX_DEPTH:
                    raise _Refused  # the Python loader says where, exactly
                seen.add(id(node))
                if isinstance(node.value, list):
                    for item in node.value:
                        if isinstance(item, tuple):
                            stack += [(item[0], depth + 1), (item[1], depth + 1)]
                        else:
                            stack.append((item, depth + 1))

    _FastLoader.add_constructor("tag:yaml.org,2002:map", _Checks.construct_mapping)
    _use_core_schema(_FastLoader)


def read_text(path: Path, label: str, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file strictly, with a clear error for what is not plain UTF-8 text."""
    if path.is_symlink() or not path.is_file():
        kind = "a symbolic link" if path.is_symlink() else "not a regular file"
        raise InputError(f"is {kind}; put a real file there", path=label)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"is {size:,} bytes, over the {max_bytes:,}-byte limit; split it",
                         path=label)
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("is a binary file (NUL byte), not UTF-8 text; give a text file",
                         path=label, line=line)
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError("starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM",
                         path=label, line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"is not valid UTF-8 (byte {exc.start}); convert it to UTF-8 "
                         "(e.g. iconv -f GBK -t UTF-8)", path=label, line=line) from None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise InputError("has CR or CRLF line ends; convert to LF line ends", path=label, line=line)
    return text


def load_yaml(path: Path, label: str) -> Any:
    """Parse one YAML file; errors name ``label`` and the line."""
    text = read_text(path, label)
    if not text.strip():
        raise InputError("is empty; add content or remove the file", path=label, line=1)
    fast = CSafeLoader is not None and text.count("[") + text.count("{") < _MAX_BRACKETS
    loader = (_FastLoader if fast else _Loader)(text, label)
    try:
        try:
            return loader.get_single_data()
        except _Refused:
            loader.dispose()
            loader = _Loader(text, label)
            return loader.get_single_data()
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(f"YAML syntax error: {problem}; fix the YAML",
                         path=label, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}".splitlines()[0], path=label) from None
    finally:
        loader.dispose()
