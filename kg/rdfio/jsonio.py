"""JSON in and out for kg's records and the ``-f json`` answer, by the standard library's own C
accelerator (``_json``): the ``json`` package imports ``re`` (with ``enum``, ``functools`` and
``collections``), a third of what a cold ``kg query`` costs beyond the store's own answer. The
same scanner and encoder ``json.loads`` and ``json.dumps`` run, so the values and bytes are
theirs; where the accelerator is missing (another Python), ``json`` itself does the work.
"""

from __future__ import annotations

try:
    import _json
except ImportError:  # pragma: no cover - CPython always has it
    _json = None

_WHITESPACE = " \t\n\r"  # what json skips around a document
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _Context:
    """What ``_json.make_scanner`` reads off ``json.JSONDecoder``: json.loads's defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


_scan = _json.make_scanner(_Context()) if _json is not None else None


def load_json(text: str):
    """``json.loads(text)`` for a str.

    Raises:
        ValueError: ``text`` is not one JSON document (json's JSONDecodeError, a ValueError).
    """
    if _scan is None:  # pragma: no cover
        import json

        return json.loads(text)
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        value, end = _scan(text, start)
    except StopIteration:
        raise ValueError(f"JSON: expecting a value at character {start}") from None
    if text[end:].strip(_WHITESPACE):
        raise ValueError(f"JSON: extra data at character {end}")
    return value


def read_json(path: str):
    """The JSON document in the UTF-8 file at ``path`` (see :func:`load_json`).

    Raises:
        OSError: the file cannot be read; ValueError: it is not UTF-8 or not JSON.
    """
    with open(path, encoding="utf-8") as handle:
        return load_json(handle.read())


def _refuse(value):
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dump_json(value, *, ensure_ascii: bool = True, separators: tuple[str, str] = (", ", ": "),
              sort_keys: bool = False, allow_nan: bool = True) -> str:
    """``json.dumps(value, ensure_ascii=, separators=, sort_keys=, allow_nan=)``, unindented.

    Raises:
        TypeError: a value JSON cannot hold; ValueError: NaN or infinity without allow_nan,
            or a circular reference.
    """
    if _json is None:  # pragma: no cover
        import json

        return json.dumps(value, ensure_ascii=ensure_ascii, separators=separators,
                          sort_keys=sort_keys, allow_nan=allow_nan)
    encode = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
    if isinstance(value, str):  # as json.dumps: a lone string is written by the string encoder
        return encode(value)
    item_separator, key_separator = separators
    chunks = _json.make_encoder({}, _refuse, encode, None, key_separator, item_separator,
                                sort_keys, False, allow_nan)(value, 0)
    return "".join(chunks)
