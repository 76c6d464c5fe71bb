"""What every ``kg`` command shares, without click: printing, errors as one line and an exit
code, and the work of ``kg query`` and ``kg build`` (run by the click command and by the quick
path of :mod:`kg.cli`, so both print the same bytes and fail the same way).
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


def emit(text: str, *, nl: bool = True, err: bool = False) -> None:
    """Print a machine format (JSON, CSV, TSV, RDF, SVG) or a fixed line exactly, never
    stripped of what looks like an ANSI sequence (as click's echo prints a str)."""
    _write(text, nl=nl, err=err)


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


def run_build(project: str, *, html: bool = True, validate: bool = True, infer: bool = False,
              quiet: bool = False, force: bool = False, store: str = "memory") -> None:
    """``kg build``: build ``project`` into ``store`` and write its exports, saying what was
    done (run by the click command and by the quick path of :mod:`kg.cli`, so both print the
    same bytes and fail the same way).

    Raises:
        InputError, CheckFailed, UsageError: as :meth:`kg.api.KG.build`.
    """
    from kg.api import KG

    if not validate:
        emit("kg: warning: --no-validate: the exports are not checked against the shapes",
             err=True)
    kg = KG(project, store=store)
    with kg.project.hold_digest():  # the inputs walked and stat'ed once, not by each step
        summary = None if force else kg.up_to_date(html=html, validate=validate, infer=infer)
        if summary is not None:
            if not quiet:
                say(format_summary(summary, kg.project))
                emit("exports up to date with the inputs: nothing rebuilt (--force rebuilds)")
                say(format_next_steps(kg.project))
            return
        result = kg.build(html=html, validate=validate, infer=infer)
    if not quiet:
        say(format_summary(result.summary, kg.project))
        if getattr(result, "inferred", None) is not None:
            emit(f"inferred exports/{kg.project.name}-inferred.ttl: "
                 f"{len(result.inferred)} triples")
        note = kg.store.describe_build(result)
        if note:
            say(note)
        for name, why in sorted(getattr(result, "exports_removed", {}).items()):
            say(f"removed exports/{name}, which this build does not write: {why}")
        say(format_next_steps(kg.project))


_PAGES = (("graph.html", "the graph"), ("report.html", "the report"))


def shown_path(path) -> str:
    """``path`` as a person here would type it: relative when it is inside the current
    directory, else absolute."""
    from pathlib import Path

    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_next_steps(project) -> str:
    """The end of ``kg build``: the pages it wrote to open in a browser and, when the ``kg``
    that runs is not the one on PATH (a virtual environment not activated), how to run it."""
    import shutil
    from pathlib import Path

    from kg.store.memory import read_manifest

    written = set((read_manifest(project) or {}).get("files", ()))
    pages = [f"{shown_path(project.exports_dir / name)} ({what})" for name, what in _PAGES
             if name in written]
    lines = [f"open in a browser: {', '.join(pages)}"] if pages else []
    scripts = Path(sys.executable).parent  # the environment kg runs in (.venv/bin)
    command = scripts / "kg"
    on_path = shutil.which("kg")
    if command.is_file() and (on_path is None or Path(on_path).resolve() != command.resolve()):
        activate = scripts / "activate"
        also = (f", or first: source {shown_path(activate)}" if activate.is_file() else "")
        lines.append(f"kg is not on PATH: run it as {shown_path(command)} (e.g. "
                     f"{shown_path(command)} query --list){also}")
    return "\n".join(lines)


def format_summary(summary: dict, project) -> str:
    lines = [f"built exports/{project.name}.ttl: {summary['triples']} triples, "
             f"{summary['entities']} entities, {summary['statements']} statements "
             f"({summary['relations']} relations, {summary['figures']} figures), "
             f"{summary['sources']} source(s), {summary['sentences']} sentences",
             "entities per class:"]
    lines += [f"  {cls:<20} {n}" for cls, n in summary["entities_per_class"].items()]
    return "\n".join(lines)
