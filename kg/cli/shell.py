"""What every ``kg`` command shares, without click: printing, errors as one line and an exit
code, and the work of ``kg query`` (run by the click command and by the quick path of
:mod:`kg.cli`, so both print the same bytes and fail the same way).
"""

from __future__ import annotations

import os
import sys

from kg.errors import EXIT_BROKEN_PIPE, EXIT_USAGE, KGError, one_line

EXIT_INTERNAL = 3

#: the choices of ``kg query --format``
QUERY_FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld", "xml")


def _write(text: str, *, nl: bool, err: bool) -> None:
    """``text`` to standard output (or error), flushed, as click's echo writes a str."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # pythonw, or a closed descriptor: nowhere to write
        return
    stream.write(text + "\n" if nl else text)
    stream.flush()


def say(text: str, *, nl: bool = True, err: bool = False) -> None:
    """Print text meant for a person: controls, bidi and zero-width characters from labels and
    articles are shown escaped (kg.text.printable), line breaks kept. Machine formats (JSON,
    CSV, TSV, RDF) go through :func:`emit` and keep their bytes."""
    from kg.text import printable

    # escaped, the text holds no ESC: nothing for click's ANSI stripping to remove either
    _write(printable(text, keep="\n"), nl=nl, err=err)


def emit(text: str, *, nl: bool = True) -> None:
    """Print a machine format (JSON, CSV, TSV, RDF, SVG) exactly, never stripped of what looks
    like an ANSI sequence."""
    _write(text, nl=nl, err=False)


def tell(message: str) -> None:
    """A note for the user on standard error (``kg: ...``): what a read command rebuilds."""
    say(f"kg: {message}", err=True)


def debugging() -> bool:
    """Whether KG_DEBUG asks for tracebacks: 1, true or yes (KG_DEBUG=0 does not)."""
    return os.environ.get("KG_DEBUG", "").strip().lower() in ("1", "true", "yes")


def exit_on_broken_pipe() -> None:
    """Exit quietly because the reader of standard output left (``kg stats | head -1``)."""
    # what is still buffered would fail again at exit ("Exception ignored ..."): let it go
    # to /dev/null instead
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_BROKEN_PIPE)


def _click_own(exc: BaseException) -> bool:
    """Whether ``exc`` is click's own exit or usage error, which click reports (click is
    looked up, not imported: the quick path runs without it)."""
    click = sys.modules.get("click")
    return click is not None and isinstance(
        exc, (click.exceptions.Exit, click.ClickException, click.Abort))


def handle_errors(func):
    """Turn library errors into one line on stderr and the documented exit code (a decorator:
    :func:`run_handled` around each call)."""
    import functools  # here: the quick path calls run_handled, without functools' imports

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return run_handled(func, *args, **kwargs)
    return wrapper


def run_handled(func, *args, **kwargs):
    """``func(*args, **kwargs)``, a library error turned into one line on stderr and the
    documented exit code (SystemExit), a bug into one line and exit 3 (KG_DEBUG=1: raised)."""
    try:
        return func(*args, **kwargs)
    except KGError as exc:
        say(f"kg: error: {one_line(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except BrokenPipeError:  # before Exception: a reader that left is not a bug
        exit_on_broken_pipe()
    except RecursionError:
        _write("kg: error: input nested too deeply", nl=True, err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug: one line, never a traceback, unless asked
        if _click_own(exc) or debugging():
            raise
        say(f"kg: internal error: {type(exc).__name__}: {one_line(str(exc))} (KG_DEBUG=1 "
            "shows the traceback)", err=True)
        sys.exit(EXIT_INTERNAL)


def flush_stdout() -> None:
    """Flush standard output at the end of ``kg``: a pipe closed after the last write fails
    here, not at the interpreter's exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        exit_on_broken_pipe()
    except (OSError, ValueError):
        pass


def run_query(sparql: str | None, project: str, *, fmt: str = "table",
              binds: tuple[str, ...] = (), list_: bool = False, store: str = "memory",
              endpoint: str | None = None, graph_iri: str | None = None,
              user: str | None = None, password: str | None = None,
              inferred: bool = False) -> None:
    """``kg query``: print the answer to ``sparql`` (a canned name, a .rq file, inline text or
    ``-``) on ``project``'s graph in ``store`` (or at ``endpoint``), or the canned queries.

    Raises:
        UsageError: no query, an unknown name, a bad binding.
        CheckFailed: an ASK answered false.
    """
    from kg.api import KG
    from kg.errors import CheckFailed, UsageError
    from kg.inputs.queries import parse_bindings, scan_queries
    from kg.rdfio.results import format_result

    kg = KG(project, store=store, notify=tell)
    proj = kg.project
    if list_:
        canned, broken = scan_queries(proj.queries_dir)
        for problem in broken.values():
            say(f"kg: warning: skipped {problem}", err=True)
        for name, query_ in canned.items():
            say(f"{name:<24} {query_.title}")
        return
    if not sparql:
        raise UsageError("give a query: a canned name (kg query --list), a .rq file, or SPARQL")
    if sparql == "-":
        sparql = sys.stdin.read()
    bindings = parse_bindings(binds, proj.base)
    if endpoint:
        result = kg.query_endpoint(endpoint, sparql, bindings=bindings, graph=graph_iri,
                                   user=user, password=password)
    else:
        result = kg.answer(sparql, bindings=bindings, inferred=inferred)
    emit(format_result(result, fmt, base=proj.base), nl=False)
    if result.type == "ASK" and not result.askAnswer:
        raise CheckFailed("the ASK query answered false")
