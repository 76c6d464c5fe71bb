"""Named exceptions. The CLI turns each into a one-line message and an exit code."""

from __future__ import annotations

#: Exit codes, documented in the README (0: ok; 3, an internal error: kg.cli).
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
#: standard output was closed early: the status a shell reports for `yes | head` (128 + SIGPIPE)
EXIT_BROKEN_PIPE = 141


def one_line(message: str) -> str:
    """``message`` with line breaks, other control, bidi and zero-width characters escaped
    (:func:`kg.text.printable`): an error quoting a value from a file (an id ending in a newline,
    an alias with a right-to-left override) is still one line, shown as it is."""
    from kg.text import printable

    return printable(message)


class KGError(Exception):
    """Base class of every error kg reports to a user."""

    exit_code = EXIT_USAGE


class UsageError(KGError):
    """A command was called wrongly: unknown option value, unknown query name, ..."""


class InputError(KGError):
    """An input file (facts, source, ontology, query) is malformed.

    Args:
        message: what is wrong and how to fix it.
        path: the file, relative to the project when possible.
        line: 1-based line number in that file, when known.
        item: the id of the entity, statement or figure concerned, when known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 item: str | None = None) -> None:
        self.path, self.line, self.item, self.detail = path, line, item, message
        where = path or ""
        if path and line:
            where += f":{line}"
        if item:
            where += f" [{item}]" if where else f"[{item}]"
        super().__init__(one_line(f"{where}: {message}" if where else message))

    def __reduce__(self):  # keep path, line and item across processes (see kg.check.shacl)
        from functools import partial

        return partial(type(self), path=self.path, line=self.line, item=self.item), (self.detail,)


class QuerySyntaxError(InputError):
    """A SPARQL query does not parse."""


class CheckFailed(KGError):
    """A check ran and answered no (an ASK that is false, a graph that does not conform)."""

    exit_code = EXIT_CHECK_FAILED


class RemoteError(KGError):
    """A remote SPARQL server cannot be reached, refused a request, or truncated an answer."""
