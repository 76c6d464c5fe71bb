"""Checks on SPARQL text before any store runs it: the one read-only check and the one SERVICE
policy (refused everywhere), by rdflib's parser and by the grammar's tokens."""

from __future__ import annotations

from kg.errors import QuerySyntaxError, UsageError

TYPE_CHECKING = False  # typing's flag without importing typing
if TYPE_CHECKING:  # pragma: no cover
    import re

# The patterns are compiled on first use (:func:`_compiled`): a cold ``kg query`` whose text
# holds no possible SERVICE imports no re (language comparisons are folded by a scan).


# The SPARQL 1.1 grammar's tokens that can hide a keyword from a scan of the text: strings,
# IRIs and comments.  A comment ends at CR or LF (section 19.8; Oxigraph reads it so, rdflib's
# parser only at LF); here it also ends at every other line break, so that more of the text is
# scanned as code, never less.
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TOKEN = (
    r'(?s)"""(?:(?:"|"")?(?:[^"\\]|\\[tbnrf\\"\']))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\[tbnrf\\\"\']))*'''"
    r'|"(?:[^"\\\n\r]|\\[tbnrf\\"\'])*"'
    r"|'(?:[^'\\\n\r]|\\[tbnrf\\\"\'])*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|(?P<comment>#[^" + _LINE_BREAKS + r"]*)"
    r'|(?P<code>[^"\'<#]+|.)')
# a line break other than LF and CRLF after a comment: parsers disagree on where it ends
_AMBIGUOUS_END = r"\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_CODEPOINT = r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})"
# a keyword, not part of a variable (?x) or prefixed name (ex:service, service:x); after '.'
# or '-' it counts ("?o.SERVICE<...>"), so a local name like ex:a.service is refused too
_KEYWORD = r"(?i)(?<![\w:?$\\])(?:%s)(?![\w:\-])"
_SERVICE = _KEYWORD % "service"
_UPDATE = _KEYWORD % "insert|delete|load|clear|drop|create|add|move|copy|with"
#: what can make a reading of the text hold SERVICE or an ambiguous comment end besides the
#: letters themselves: an escape (decoded, it is another reading), a line break other than LF,
#: and the characters a case-insensitive match takes for s and i (U+017F, U+0130, U+0131)
_SUSPECT = "\\" + _LINE_BREAKS.replace("\n", "") + "\u017f\u0130\u0131"


_COMPILED: dict[str, "re.Pattern[str]"] = {}


def _compiled(pattern: str) -> "re.Pattern[str]":
    """``pattern`` compiled, once per process."""
    found = _COMPILED.get(pattern)
    if found is None:
        import re

        found = _COMPILED[pattern] = re.compile(pattern)
    return found


SERVICE_REFUSED = ("SERVICE is refused: kg never sends a query to another server; "
                   "remove the SERVICE clause")


class UpdateRefused(UsageError):
    """The text is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...): kg only reads."""


class ServiceRefused(UsageError):
    """The query holds SERVICE: kg never makes a request to another server for a query."""


def parse_query(text: str, label: str = "<inline>"):
    """``text`` parsed by rdflib's SPARQL parser (``parseQuery``'s ParseResults).

    Raises:
        UpdateRefused: ``text`` is a SPARQL Update.
        QuerySyntaxError: ``text`` is neither a query nor an update, with its line and column.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            raise QuerySyntaxError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                                   f"{exc.msg}; fix the query", path=label,
                                   line=exc.lineno) from None
        raise UpdateRefused(f"{label}: SPARQL Update is not allowed; kg query is read-only") \
            from None


def check_read_only(text: str, label: str = "<inline>") -> None:
    """Raise UpdateRefused when ``text`` is a SPARQL Update, read by rdflib's parser or by the
    grammar's tokens (an update keyword outside strings, IRIs and comments: no query has one).

    Other text that does not parse passes: the store that runs it reports the syntax error in
    its own words (Oxigraph and remote servers accept syntax rdflib's parser does not).
    """
    try:
        parse_query(text, label)
    except (QuerySyntaxError, RecursionError):
        pass
    if any(_compiled(_UPDATE).search(code) for code in _code_readings(text, label)):
        raise UpdateRefused(f"{label}: SPARQL Update is not allowed; kg query is read-only")


def check_no_service(text: str, label: str = "<inline>", parsed=None) -> None:
    """The one SERVICE policy of kg (CLI, every store, the server): refuse any query that any
    reader could see SERVICE in, before a store runs it.

    Read three ways: by rdflib's parse (``parsed``, when the caller has it), by the SPARQL
    grammar's tokens as written, and with ``\\uXXXX`` escapes decoded (the grammar decodes them
    before parsing).  A comment ended by a line break other than LF or CRLF is refused: rdflib
    and Oxigraph end it in different places, so one of them would run what the other skipped.

    Raises:
        ServiceRefused: a reading holds SERVICE (``SERVICE_REFUSED``, whatever the address).
        QuerySyntaxError: a comment ends ambiguously, with its line.
    """
    # the scan only when a reading could hold SERVICE or a comment could end ambiguously
    scan = "service" in text.lower() or any(c in text for c in _SUSPECT)
    if scan and any(_compiled(_SERVICE).search(code) for code in _code_readings(text, label)) \
            or (parsed is not None and uses(parsed, "ServiceGraphPattern")):
        raise ServiceRefused(f"{label}: {SERVICE_REFUSED}")


def _code_readings(text: str, label: str) -> list[str]:
    """``text`` with its strings, IRIs and comments blanked out, as written and with codepoint
    escapes decoded; raise QuerySyntaxError for a comment whose end parsers read differently."""
    readings = []
    for version in dict.fromkeys((text, _compiled(_CODEPOINT).sub(_decode_codepoint, text))):
        code = []
        for match in _compiled(_TOKEN).finditer(version):
            if match.group("code") is not None:
                code.append(match.group("code"))
                continue
            if match.group("comment") is not None and \
                    _compiled(_AMBIGUOUS_END).match(version, match.end()):
                line = version.count("\n", 0, match.start()) + 1
                raise QuerySyntaxError(
                    "a comment ends with a line break other than LF or CRLF (CR alone, U+0085, "
                    "U+2028, U+2029, ...), which SPARQL parsers read differently; end comments "
                    "with a newline", path=label, line=line)
            code.append(" ")
        readings.append("".join(code))
    return readings


def _decode_codepoint(match: "re.Match[str]") -> str:
    value = int(match.group(1) or match.group(2), 16)
    return chr(value) if value <= 0x10FFFF else match.group(0)


def query_form(parsed) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, for what :func:`parse_query` returned."""
    return parsed[1].name.replace("Query", "").upper()


def uses(parsed, name: str) -> bool:
    """True when the parsed query holds a part called ``name`` (e.g. ``ServiceGraphPattern``,
    ``DatasetClause``: names of rdflib's SPARQL grammar)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == name:
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return False


def fold_lang_comparisons(text: str) -> str:
    """``lang(?x) = "zh-Hant"`` -> ``lcase(lang(?x)) = "zh-hant"`` (and ``"zh-Hant" = lang(?x)``
    likewise): language tags are case-insensitive (BCP 47), and stores keep them in their own
    case (Oxigraph and Virtuoso in lower case), so a comparison written for rdflib would match
    nothing there.

    What is rewritten is what ``(?i)\\blang\\s*\\(\\s*[?$]\\w+\\s*\\)\\s*=\\s*"[^"\\\\]*"`` (or the
    quote ``'``) finds, then the reverse order (the string first, no ``\\b``) in the result; read
    by a scan, as ``re.sub`` reads them (a test holds the two to the same answers), since a
    cold ``kg query`` imports no re."""
    if "lang" not in text.lower():  # the patterns ignore case, and no other letter is l, a, n, g
        return text
    return _fold_reversed(_fold_forward(text))


def _fold_forward(text: str) -> str:
    """Each ``lang(?x) = "tag"`` (``lang`` after no word character) as
    ``lcase(lang(?x)) = "tag"`` in lower case."""
    out, i, start = [], 0, 0
    while True:
        i = _find_lang(text, i)
        if i < 0:
            break
        call = _lang_call(text, i) if i == 0 or not _is_word(text[i - 1]) else -1
        equals = _equals(text, call) if call >= 0 else -1
        end = _quoted(text, equals) if equals >= 0 else -1
        if end < 0:
            i += 1
            continue
        out += [text[start:i], f"lcase({text[i:call]})", text[call:equals],
                text[equals:end].lower()]
        i = start = end
    return "".join(out) + text[start:]


def _fold_reversed(text: str) -> str:
    """Each ``"tag" = lang(?x)`` as ``"tag" = lcase(lang(?x))``, the tag in lower case."""
    out, i, start = [], 0, 0
    while i < len(text):
        if text[i] not in "\"'":
            i += 1
            continue
        quoted = _quoted(text, i)
        equals = _equals(text, quoted) if quoted >= 0 else -1
        end = _lang_call(text, equals) if equals >= 0 else -1
        if end < 0:
            i += 1
            continue
        out += [text[start:i], text[i:quoted].lower(), text[quoted:equals],
                f"lcase({text[equals:end]})"]
        i = start = end
    return "".join(out) + text[start:]


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # re's \w


def _find_lang(text: str, start: int) -> int:
    """Where ``lang`` in any case next starts at or after ``start``, or -1."""
    for i in range(start, len(text) - 3):
        if text[i] in "lL" and text[i + 1] in "aA" and text[i + 2] in "nN" and text[i + 3] in "gG":
            return i
    return -1


def _spaces(text: str, i: int) -> int:
    """The end of the white space (re's \\s) at ``i``."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _lang_call(text: str, i: int) -> int:
    """The end of ``lang ( ?var )`` (any case, any white space) at ``i``, or -1."""
    if i + 4 > len(text) or text[i:i + 4].lower() != "lang" or not text[i:i + 4].isascii():
        return -1
    i = _spaces(text, i + 4)
    if i >= len(text) or text[i] != "(":
        return -1
    i = _spaces(text, i + 1)
    if i >= len(text) or text[i] not in "?$":
        return -1
    name = i = i + 1
    while i < len(text) and _is_word(text[i]):
        i += 1
    i = _spaces(text, i) if i > name else -1
    return i + 1 if 0 <= i < len(text) and text[i] == ")" else -1


def _equals(text: str, i: int) -> int:
    """The end of `` = `` (white space around one ``=``) at ``i``, or -1."""
    i = _spaces(text, i)
    return _spaces(text, i + 1) if i < len(text) and text[i] == "=" else -1


def _quoted(text: str, i: int) -> int:
    """The end of a string in ``"`` or ``'`` holding neither its quote nor a backslash, at
    ``i``, or -1."""
    if i >= len(text) or text[i] not in "\"'":
        return -1
    for j in range(i + 1, len(text)):
        if text[j] == text[i]:
            return j + 1
        if text[j] == "\\":
            return -1
    return -1
