"""The ``kg`` commands (click): a thin shell over the kg library (see :mod:`kg.cli`).

Exit codes: 0 ok; 1 a check failed (an ASK answered false, a graph that does not conform);
2 usage or input error; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import json
import os
import sys

import click

from kg.cli.shell import (EXIT_INTERNAL, QUERY_FORMATS, debugging, emit,  # noqa: F401
                          exit_on_broken_pipe, flush_stdout, format_next_steps, format_summary,
                          handle_errors, run_build, run_query, say, shown_path, tell)
from kg.errors import EXIT_USAGE, one_line
from kg.version import __version__
from kg.vocab import DEFAULT_LANG, LANGS


def _example(text: str) -> str:
    return "\b\nExample:\n  " + text


def find_project(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """--project as given (or KG_PROJECT); without either, the project this directory is in
    (kg.inputs.project.find_root: the nearest directory up from here with data/kg.yaml)."""
    if value is not None:
        return value
    from kg.inputs.project import find_root

    return str(find_root())


project_option = click.option(
    "--project", "-p", "project", default=None, envvar="KG_PROJECT", callback=find_project,
    type=click.Path(file_okay=False),
    help="Project directory (with data/, ontology/, queries/)  [default: this directory, or "
         "the nearest one above it with data/kg.yaml]")
store_option = click.option(
    "--store", "store", default="memory", envvar="KG_STORE", show_default=True,
    metavar="memory|oxigraph:PATH",
    help="Where the graph is kept: memory (rdflib) or oxigraph:PATH (on disk, built "
         "incrementally, for large corpora).")



def endpoint_credentials(lead: str = ""):
    """The --user and --password options of a SPARQL endpoint (HTTP Digest), read from the
    environment by default; ``lead`` starts their help text."""
    def decorate(command):
        command = click.option("--password", envvar="KG_ENDPOINT_PASSWORD", default=None,
                               help=f"{lead}Password [env KG_ENDPOINT_PASSWORD].")(command)
        return click.option("--user", envvar="KG_ENDPOINT_USER", default=None,
                            help=f"{lead}User name (HTTP Digest) [env KG_ENDPOINT_USER].")(command)
    return decorate


class OneLineUsageError(click.ClickException):
    """A usage error of click's (a bad option value, an unknown option, a missing argument) as
    one line, ``kg: error: ...`` and where the help is, with the exit code of usage errors."""

    exit_code = EXIT_USAGE

    def __init__(self, error: click.UsageError, command: str | None = None) -> None:
        super().__init__(error.format_message())
        ctx = error.ctx
        self.command = command or (ctx.command_path if ctx is not None else "kg")

    def show(self, file=None) -> None:
        say(f"kg: error: {one_line(self.format_message())} (see '{self.command} --help')",
            err=True)


def _parsed(command: click.Command, make, info_name, args, parent, extra) -> click.Context:
    """``make(info_name, args, parent=parent, **extra)``, a usage error made one line naming
    the command (click gives some, a missing option value, no context)."""
    try:
        return make(info_name, args, parent=parent, **extra)
    except click.UsageError as exc:
        path = " ".join(p for p in (parent.command_path if parent else "",
                                    info_name or command.name or "kg") if p)
        raise OneLineUsageError(exc, path) from None


class Command(click.Command):
    """A ``kg`` command: click's usage errors in its arguments are one line."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        return _parsed(self, super().make_context, info_name, args, parent, extra)


class Group(click.Group):
    """The ``kg`` group: click's usage errors, raised while the group's or a command's
    arguments are parsed or checked, are reported in one line (:class:`OneLineUsageError`);
    ``--help`` is click's own."""

    command_class = Command

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        return _parsed(self, super().make_context, info_name, args, parent, extra)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise OneLineUsageError(exc) from None


@click.group(name="kg", cls=Group, epilog=_example("kg build && kg query competitors"))
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg: build, query and export an evidence-backed knowledge graph."""


@cli.command()
@project_option
@click.option("--html/--no-html", default=True, show_default=True,
              help="Also write exports/graph.html.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the graph against ontology/shapes*.ttl; refuse to write it if it "
                   "does not conform.")
@click.option("--infer", is_flag=True,
              help="Also write the OWL 2 RL entailments to exports/NAME-inferred.ttl.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
@click.option("--force", is_flag=True,
              help="Build even when exports/ is up to date with the inputs.")
@store_option
@handle_errors
def build(project: str, html: bool, validate: bool, infer: bool, quiet: bool, force: bool,
          store: str) -> None:
    """Build the graph from data/ and ontology/ and write exports/.

    Every quote is located in its source; a missing or ambiguous quote stops the build and the
    previous exports stay as they were. So does a graph that does not conform to the SHACL
    shapes (exit 1; kg validate lists the violations). When the inputs, kg itself and the
    exports are unchanged since the last build, nothing is rebuilt.
    """
    run_build(project, html=html, validate=validate, infer=infer, quiet=quiet, force=force,
              store=store)


build.epilog = _example("kg build --project . --no-html")


@cli.command()
@click.argument("sparql", required=False)
@project_option
@click.option("--format", "-f", "fmt", default="table", show_default=True,
              type=click.Choice(QUERY_FORMATS),
              help="Output: table/csv/tsv/json for SELECT and ASK; turtle etc. for CONSTRUCT. "
                   "csv is for spreadsheets: a value starting with = + - @, tab or CR gets a "
                   "leading ' (no formula runs); tsv and json keep values exact.")
@click.option("--bind", "-b", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a variable: <iri>, prefix:name (e.g. kge:xu-li) or a literal.")
@click.option("--list", "list_", is_flag=True, help="List the canned queries and exit.")
@click.option("--inferred", is_flag=True,
              help="Query the asserted graph plus its OWL 2 RL entailments.")
@store_option
@click.option("--endpoint", metavar="URL", default=None,
              help="Query this SPARQL endpoint instead of the local graph.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="With --endpoint: query this graph (default: the server's default graph).")
@endpoint_credentials("With --endpoint: ")
@handle_errors
def query(sparql: str | None, project: str, fmt: str, binds: tuple[str, ...],
          list_: bool, store: str, endpoint: str | None, graph_iri: str | None,
          user: str | None, password: str | None, inferred: bool) -> None:
    """Run SPARQL on the built graph: a canned query name, a .rq file, inline text or - (stdin).

    Common prefixes are predeclared: kgo (the ontology), org, prov, oa, skos, schema, time,
    dcterms, rdf, rdfs, owl, xsd, and for the data kge (entities), kgs (statements), kgf
    (figures) and kgr (the base). An ASK that answers false exits with 1.

    When data/, ontology/ or kg changed since the last build, it first says so on standard
    error and rebuilds as kg build with the options of the last build (--infer, --no-html).
    """
    run_query(sparql, project, fmt=fmt, binds=binds, list_=list_, store=store,
              endpoint=endpoint, graph_iri=graph_iri, user=user, password=password,
              inferred=inferred)


query.epilog = _example("kg query competitors --format csv\n"
                        "  kg query 'SELECT ?l WHERE { ?e rdfs:label ?l } LIMIT 5'\n"
                        "  kg query evidence --bind statement=kgs:xu-li-holds-ceo\n"
                        "  kg query --inferred 'ASK { kge:sensetime a org:Organization }'\n"
                        "  kg query losses --store oxigraph:store\n"
                        "  kg query losses --endpoint http://localhost:8890/sparql")


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "ntriples", "trig", "jsonld", "xml"]))
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically; a FIFO or device is written, a link "
                   "written through) instead of standard output; - is standard output.")
@click.option("--with-ontology", is_flag=True,
              help="Include the ontology (classes, properties, and the units, qualifiers and "
                   "directions figures name): without it, figure queries on the export alone "
                   "show blank units.")
@store_option
@handle_errors
def export(project: str, fmt: str, output: str | None, with_ontology: bool, store: str) -> None:
    """Export the built graph as Turtle, N-Triples, TriG, JSON-LD or RDF/XML: the data only,
    unless --with-ontology (in TriG, as its own named graph).

    When data/, ontology/ or kg changed since the last build, it first says so on standard
    error and rebuilds as kg build with the options of the last build (--infer, --no-html).
    """
    from kg.api import KG
    from kg.rdfio.files import write_output

    data = KG(project, store=store, notify=tell).export(fmt, ontology=with_ontology)
    if output:
        write_output(output, data)
    else:
        emit(data.decode(), nl=False)


export.epilog = _example("kg export --format jsonld -o exports/sensetime.jsonld\n"
                         "  kg export --with-ontology -o all.ttl")


LANG_CHOICE = click.Choice(LANGS)


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@click.option("--lang", "-l", default=DEFAULT_LANG, show_default=True, type=LANG_CHOICE,
              help="Language of the entity labels.")
@store_option
@handle_errors
def stats(project: str, fmt: str, lang: str, store: str) -> None:
    """Summarise the graph: counts, statements per relation, degree and PageRank top-10,
    connected components, Louvain communities, entities no statement mentions.

    When data/, ontology/ or kg changed since the last build, it first says so on standard
    error and rebuilds as kg build with the options of the last build (--infer, --no-html).
    """
    from kg.api import KG
    from kg.query.analytics import format_structure

    kg = KG(project, store=store, notify=tell)
    summary = kg.stats(lang=lang)
    if fmt == "json":
        emit(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        say(format_summary(summary, kg.project).replace("built ", "graph ", 1))
        say(format_structure(summary["structure"]))


stats.epilog = _example("kg stats --lang en\n  kg stats --format json")


@cli.command()
@click.argument("source")
@click.argument("target")
@project_option
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(1, 20),
              help="The longest path to look for.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="The most paths to show.")
@click.option("--lang", "-l", default=DEFAULT_LANG, show_default=True, type=LANG_CHOICE,
              help="Language of entity and relation labels.")
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@handle_errors
def path(source: str, target: str, project: str, max_hops: int, limit: int, lang: str,
         fmt: str) -> None:
    """Explain how two entities connect: the shortest paths, each hop with its relation and
    the quote it rests on.

    SOURCE and TARGET are entity ids or any label or alias in any script (商湯, 商汤 and
    SenseTime name the same entity). No path within --max-hops exits with 1.

    When data/, ontology/ or kg changed since the last build, it first says so on standard
    error and rebuilds as kg build with the options of the last build (--infer, --no-html).
    """
    from kg.api import KG

    result = KG(project, notify=tell).path(source, target, max_hops=max_hops, lang=lang,
                                           limit=limit)
    if fmt == "json":
        emit(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    else:
        say(result.format_text(), nl=False)


path.epilog = _example("kg path 徐立 商湯\n"
                       "  kg path xu-li alibaba-cloud --lang en --max-hops 5 --format json")


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="html", show_default=True,
              type=click.Choice(["html", "svg", "png"]),
              help="html: the whole report; svg or png: one chart (--chart).")
@click.option("--chart", "-c", default=None, metavar="NAME",
              help="The chart for svg/png, by name: the report's charts (named in data/kg.yaml "
                   "charts:, else chosen from the data); without it the names are listed.")
@click.option("--lang", "-l", default=DEFAULT_LANG, show_default=True, type=LANG_CHOICE,
              help="Language of labels and captions.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Where to write (atomically; - is standard output); default "
                   "exports/report.html for html, standard output for svg.")
@click.option("--scale", default=2.0, show_default=True, type=click.FloatRange(0.5, 8),
              help="PNG pixels per SVG pixel.")
@click.option("--subject", "-s", default=None, metavar="ID",
              help="Only this company's part of the html report: its figures and those of its "
                   "units, segments, products and posts.")
@handle_errors
def report(project: str, fmt: str, chart: str | None, lang: str, output: str | None,
           scale: float, subject: str | None) -> None:
    """Write the report: the companies it covers, each company's figure series as charts and
    the graph's structure, on one offline page; or one chart as SVG or PNG (PNG is drawn by
    headless Chromium).

    When data/, ontology/ or kg changed since the last build, it first says so on standard
    error and rebuilds as kg build with the options of the last build (--infer, --no-html).
    """
    from kg.api import KG
    from kg.errors import UsageError
    from kg.rdfio.files import write_output

    kg = KG(project, notify=tell)
    if fmt == "html":
        if chart:
            raise UsageError("--chart goes with --format svg or png")
        default = "report.html" if subject is None else f"report-{subject}.html"
        target = output or kg.project.exports_dir / default
        write_output(target, kg.report(lang=lang, subject=subject).encode())
        if str(target) != "-":
            say(f"wrote {target}")
        return
    if subject is not None:
        raise UsageError("--subject goes with --format html; a chart's name already names "
                         "its company")
    if not chart:
        names = ", ".join(kg.chart_names(lang=lang)) or "none: the graph has no figures"
        raise UsageError(f"--format {fmt} draws one chart: add --chart NAME ({names})")
    data = kg.chart(chart, fmt, lang=lang, scale=scale)
    if output:
        write_output(output, data)
    elif fmt == "png":
        raise UsageError("--format png needs --output FILE")
    else:
        emit(data.decode(), nl=False)


report.epilog = _example("kg report\n"
                         "  kg report --subject sensetime -o sensetime.html\n"
                         "  kg report --format png --chart losses -o losses.png\n"
                         "  kg report --format svg --chart segments --lang en -o segments.svg")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@project_option
@click.option("--id", "ident", default=None,
              help="Source id (default: a slug of the file name). One file only.")
@click.option("--title", default=None,
              help="Title (default: from the HTML, Markdown or first line). One file only.")
@click.option("--language", default=None, help="BCP 47 tag (default: detected zh-Hant, zh-Hans, en).")
@click.option("--publisher", default=None, help="Entity id of the publisher.")
@click.option("--date", default=None,
              help="Publication date YYYY-MM-DD (also the year of 今年). One file only.")
@click.option("--force", is_flag=True, help="Replace a source with the same id.")
@click.option("--extractor", default="rules", show_default=True, type=click.Choice(["rules", "llm"]),
              help="Who proposes relations: the built-in rules, or a model server (llm).")
@click.option("--llm-url", default=None,
              help="--extractor llm: your OpenAI-compatible server, e.g. http://127.0.0.1:8080.")
@click.option("--llm-model", default=None, help="--extractor llm: the model name to ask for.")
@click.option("--strict", is_flag=True, help="Exit 1 when a file duplicates a source.")
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@handle_errors
def ingest(paths: tuple[str, ...], project: str, ident: str | None, title: str | None,
           language: str | None, publisher: str | None, date: str | None, force: bool,
           extractor: str, llm_url: str | None, llm_model: str | None, strict: bool,
           fmt: str) -> None:
    """Add .txt, .md and .html articles to data/sources/ and report what kg recognises.

    PATH is a file or a folder (its .txt, .md, .markdown, .html and .htm files, recursively,
    in sorted order; other files are skipped and counted). Links every known entity name
    (across scripts and case), finds figures and periods, and writes proposed entities,
    aliases, relations (each with the quote that states it) and figure statements to
    data/sources/ID.draft.yaml for review. Nothing is added
    to the facts automatically.

    An article already ingested (the same text, whitespace and Chinese script aside; also
    twice in one call) is not added again: the summary names the source it duplicates. A file
    that cannot be ingested gets its one-line error in the summary and the other files are
    still ingested. A file may have at most 8,000,000 bytes and its text 200,000 characters.
    Each source is registered (ID.yaml) only once its text and draft are written, so an
    interrupted ingest leaves nothing a build takes in.

    Exit codes: 0 every file ingested or a duplicate; 1 with --strict, a duplicate; 2 a file
    not ingested (the others are); 3 a bug in kg. A progress bar is shown on standard error
    when it is a terminal and the work takes over a second.
    """
    from kg.api import KG
    from kg.ingest.batch import batch_dict, describe_unregistered, format_batch, row_dict
    from kg.ingest.intake import format_report, report_dict

    kg = KG(project)
    single = len(paths) == 1 and not os.path.isdir(paths[0])
    progress = None if fmt == "json" or single else ProgressBar("ingesting")
    try:
        batch = kg.ingest_many(paths, on_file=progress, ident=ident, title=title,
                               language=language, publisher=publisher, date=date, force=force,
                               extractor=extractor, llm_url=llm_url, llm_model=llm_model)
    finally:
        if progress is not None:
            progress.close()
    first = batch.outcomes[0]
    if single and first.result is None and not first.duplicate_of:
        pass  # its error, below
    elif single and fmt == "json":
        emit(json.dumps(report_dict(first.result) if first.result else row_dict(first),
                        ensure_ascii=False, indent=1))
    elif single:
        say(format_report(first.result) if first.result else first.error + "\n", nl=False)
    elif fmt == "json":
        emit(json.dumps(batch_dict(batch), ensure_ascii=False, indent=1))
    else:
        say(format_batch(batch), nl=False)
    warning = describe_unregistered(batch.unregistered)
    if warning:
        say(f"kg: warning: {warning}", err=True)
    code = batch.exit_code(strict=strict)
    if single and code and not first.duplicate_of:
        say(f"kg: error: {first.error}", err=True)
    elif code and code != 1:
        say(f"kg: error: {batch.count('error')} of {len(batch.outcomes)} file(s) not ingested "
            "(see the summary); the others were", err=True)
    elif code:
        say(f"kg: error: --strict: {batch.count('duplicate')} file(s) duplicate a source",
            err=True)
    if code:
        sys.exit(code)


ingest.epilog = _example("kg ingest article.html --id acme-2024 --date 2024-09-01\n"
                         "  kg ingest articles/ more/2024-10-*.txt --format json\n"
                         "  kg ingest article.txt --extractor llm --llm-url http://127.0.0.1:8080 "
                         "--llm-model qwen2.5")


class ProgressBar:
    """A progress bar on standard error, drawn only when that is a terminal and once the work
    has taken ``delay`` seconds (nothing on a pipe, nothing for quick work); called with (done,
    total, item) after each item, as ``kg.ingest.batch.ingest_many``'s ``on_file``."""

    def __init__(self, label: str, *, stream=None, delay: float = 1.0, clock=None) -> None:
        import time

        self.label, self.delay = label, delay
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.drawn = False
        try:
            self.tty = self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False

    def __call__(self, done: int, total: int, item) -> None:
        if not self.tty or (not self.drawn and self.clock() - self.started < self.delay):
            return
        import shutil

        from kg.text import printable

        width = shutil.get_terminal_size((80, 24)).columns
        bar = 24
        filled = bar * done // max(total, 1)
        line = f"{self.label} [{'#' * filled}{'.' * (bar - filled)}] {done}/{total} "
        name = printable(os.path.basename(str(item)))
        line += name[: max(0, width - len(line) - 1)]
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar (if drawn), so what follows starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@cli.command()
@project_option
@click.option("--source", "-s", default=None, help="Only this source id.")
@click.option("--format", "-f", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json"]))
@click.option("--check", is_flag=True, help="Exit 1 when a figure is not covered.")
@handle_errors
def coverage(project: str, source: str | None, fmt: str, check: bool) -> None:
    """Show which figures and sentences of each source no statement in data/ backs yet.

    A figure found in a source is covered when the quote of some statement or figure overlaps
    it; a sentence is backed when some quote overlaps it.
    """
    from kg.api import KG
    from kg.errors import CheckFailed
    from kg.ingest.coverage import format_table

    reports = KG(project).coverage(source=source)
    if fmt == "json":
        emit(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=1))
    else:
        say(format_table(reports), nl=False)
    missing = sum(len(r.uncovered_figures) for r in reports)
    if check and missing:
        raise CheckFailed(f"{missing} figure(s) not covered by any statement")


coverage.epilog = _example("kg coverage --source sensetime-layoffs-2024 --check")


@cli.command()
@project_option
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port on 127.0.0.1 (0: any free port; the URL printed says which).")
@click.option("--no-browser", is_flag=True, help="Print the URL only; do not open a browser.")
@handle_errors
def review(project: str, port: int, no_browser: bool) -> None:
    """Review the drafts of kg ingest in a browser: accept, edit or reject each proposal.

    Serves a page on 127.0.0.1 only, at a URL with a random token (printed); requests without
    it, from other origins or with another Host are refused. Each proposal shows its quote in
    its sentence, its confidence and rule; accepting writes data/facts/SOURCE.yaml only when
    the result loads and validates; a rejected figure is dismissed with a reason.
    """
    from kg.api import KG

    def ready(url: str) -> None:
        click.echo(f"kg: reviewing the drafts at {url} — Ctrl-C stops")
        sys.stdout.flush()

    KG(project).review(port=port, open_browser=not no_browser, on_ready=ready)


review.epilog = _example("kg review --no-browser --port 8765")


@cli.command()
@click.argument("source")
@click.argument("ids", nargs=-1)
@project_option
@click.option("--list", "list_", is_flag=True, help="List the proposals left and exit.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Refuse unless the graph with the accepted facts conforms to the shapes.")
@handle_errors
def accept(source: str, ids: tuple[str, ...], project: str, list_: bool, validate: bool) -> None:
    """Accept proposals of the draft of SOURCE into data/facts/SOURCE.yaml (no IDS: all).

    Review-only keys are dropped; items with TODO left are refused, naming what to fill. The
    fact file is written atomically, and only when the project with it loads, every quote is
    found and the graph validates; accepted items leave the draft.
    """
    from kg.api import KG

    kg = KG(project)
    if list_:
        from kg.ingest.review import format_proposals

        say(format_proposals(kg.proposals(source)), nl=False)
        return
    done = kg.accept(source, list(ids) or None, validate=validate)
    kept = "" if done.comments_kept else " (written anew: its comments could not be kept)"
    say(f"accepted {len(done.ids)} item(s) into {kg.project.rel(done.path)}{kept}: "
        f"{', '.join(done.ids)}")


accept.epilog = _example("kg accept yunqi-2024 yunqi revenue-2024-h1\n"
                         "  kg accept yunqi-2024 --list")


@cli.command()
@click.argument("source")
@click.argument("ident", metavar="ID")
@click.option("--reason", required=True, help="Why the figure is not a fact (recorded).")
@project_option
@handle_errors
def dismiss(source: str, ident: str, reason: str, project: str) -> None:
    """Dismiss figure ID of the draft of SOURCE: kg coverage stops counting it as uncovered.

    Records the figure's quote, the figure as written and the reason under dismissals: in
    data/facts/SOURCE.yaml, and drops it from the draft.
    """
    from kg.api import KG

    kg = KG(project)
    done = kg.dismiss(source, ident, reason=reason)
    say(f"dismissed {ident} in {kg.project.rel(done.path)}")


dismiss.epilog = _example("kg dismiss yunqi-2024 yunqi-2024-figure-6 --reason 'a forecast'")


@cli.command()
@project_option
@click.option("--endpoint", metavar="URL", required=True,
              help="Graph Store endpoint, e.g. http://host:8890/sparql-graph-crud-auth.")
@click.option("--graph", "graph_iri", metavar="IRI", required=True,
              help="The graph IRI G to push under: G/source/ID, G/shared (or its parts "
                   "G/shared/K-of-N), G/ontology, listed in G/index.")
@endpoint_credentials()
@click.option("--chunk", default=250_000, show_default=True, type=click.IntRange(1),
              help="Triples per request (the first replaces the graph, the others append).")
@click.option("--with-ontology/--no-ontology", default=True, show_default=True,
              help="Push the ontology too, as G/ontology (canned queries need it).")
@click.option("--full", is_flag=True,
              help="Send every graph, changed or not (and delete those no longer built).")
@store_option
@handle_errors
def push(project: str, endpoint: str, graph_iri: str, user: str | None, password: str | None,
         chunk: int, with_ontology: bool, full: bool, store: str) -> None:
    """Push the built graph to a SPARQL server (Graph Store HTTP Protocol), incrementally.

    Each source's graph, the shared graph and the ontology go under G as named graphs; only
    those changed since the last push to that endpoint and graph are sent, and those of
    removed sources deleted (exports/.kg-push.json records what was pushed; when it and the
    server disagree, everything is sent). kg query --endpoint --graph G queries their union.
    Large graphs go in chunks of N-Triples; HTTP Digest and Basic authentication are answered.
    """
    from kg.api import KG

    result = KG(project, store=store).push(endpoint, graph_iri, user=user, password=password,
                                           chunk=chunk, ontology=with_ontology, full=full)
    if result.full:
        click.echo(f"full push: {result.reason}")
    click.echo(f"pushed {result.triples} triples to <{result.graph}> in "
               f"{len(result.requests)} request(s), {result.seconds:.2f} s: "
               f"{len(result.sent)} graph(s) sent, {len(result.unchanged)} unchanged, "
               f"{len(result.deleted)} deleted")
    for verb, names in (("sent", result.sent), ("deleted", result.deleted)):
        for name in names[:_LISTED]:
            click.echo(f"  {verb:<7} <{name}>")
        if len(names) > _LISTED:
            click.echo(f"  ... and {len(names) - _LISTED} more {verb}")


_LISTED = 20  # graphs named one per line in kg push's output


push.epilog = _example("kg push --endpoint http://localhost:8890/sparql-graph-crud-auth "
                       "--graph https://example.org/kg --user dba")


@cli.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0: any free port; the URL printed says which).")
@store_option
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) an answer may have; larger answers are refused "
                   "(422), never cut.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN call the endpoint (repeat; * for any). Default: none.")
@click.option("--memory", "memory_mb", default=2048, show_default=True,
              type=click.IntRange(min=0), help="Memory limit of each worker in MiB (0: none).")
@click.option("--cache", "cache_mb", default=64, show_default=True, type=click.IntRange(min=0),
              help="Size of the answer cache in MiB (0: no cache).")
@click.option("--request-timeout", default=10.0, show_default=True,
              type=click.FloatRange(min=0.1),
              help="Seconds a client has to send a request (idle connections are closed).")
@click.option("--access-log", is_flag=True, help="Log every request to standard error.")
@handle_errors
def serve(project: str, host: str, port: int, store: str, timeout: float, max_rows: int,
          workers: int, cors: tuple[str, ...], memory_mb: int, cache_mb: int,
          request_timeout: float, access_log: bool) -> None:
    """Serve the graph: a read-only SPARQL endpoint at /sparql and offline pages.

    / is a query editor with the canned queries, /graph the interactive view, /entity/ID a
    page per entity (Turtle for Accept: text/turtle). Update, LOAD and SERVICE are refused.
    """
    from kg.serve.app import ServeOptions, describe_ready
    from kg.serve.app import serve as run_server

    options = ServeOptions(store=store, timeout=timeout, max_rows=max_rows, workers=workers,
                           cors=tuple(cors), memory_mb=memory_mb, cache_mb=cache_mb,
                           request_timeout=request_timeout)

    def ready(url, state) -> None:
        click.echo(describe_ready(url, state))
        sys.stdout.flush()

    run_server(project, host=host, port=port, options=options, on_ready=ready,
               access_log=access_log)


serve.epilog = _example("kg serve --port 8080 --timeout 10\n"
                        "  kg serve --port 0 --workers 4 --cors '*'")


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "ttl"]),
              help="text: one line per violation; ttl: the SHACL validation report graph.")
@handle_errors
def validate(project: str, fmt: str) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes*.ttl.

    Exit 0 when it conforms, 1 when there are violations, 2 when something could not be
    loaded. Each violation names the node (by label), the path, the value and the message.
    """
    from kg.api import KG
    from kg.errors import CheckFailed

    report = KG(project).validate()
    if fmt == "ttl":
        emit(report.turtle().decode(), nl=False)
    else:
        say(report.text(), nl=False)
    if not report.conforms:
        raise CheckFailed(f"{len(report.violations)} SHACL violation(s)")


validate.epilog = _example("kg validate --format ttl > report.ttl")


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@click.option("--strict", is_flag=True, help="Exit 1 when there is any warning.")
@handle_errors
def check(project: str, fmt: str, strict: bool) -> None:
    """Data-quality warnings, one line each, then its evidence: two sources stating different
    values for one subject, metric and period; a change whose implied earlier value contradicts
    its series (beyond the rounding of the digits written); a series in mixed units or
    currencies, figures without a period, unused entities, quotes that name neither end,
    duplicate entities (same label once scripts are folded). Exit 0; with --strict, 1 when
    there is any warning."""
    from kg.api import KG
    from kg.errors import CheckFailed

    warnings = KG(project).check()
    if fmt == "json":
        data = [{"kind": w.kind, "message": w.message,
                 "evidence": [{"path": e.path, "line": e.line, "item": e.item, "quote": e.quote}
                              for e in w.evidence]} for w in warnings]
        emit(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for warning in warnings:
            say("\n".join(warning.lines()))
        click.echo(f"{len(warnings)} warning(s)")
    if strict and warnings:
        raise CheckFailed(f"{len(warnings)} data-quality warning(s)")


check.epilog = _example("kg check --format json")


@cli.command()
@project_option
@click.option("--html/--no-html", default=True, show_default=True,
              help="Also write exports/graph.html.")
@handle_errors
def infer(project: str, html: bool) -> None:
    """Build, then materialise the OWL 2 RL closure into exports/NAME-inferred.ttl.

    The entailments (inverse and symmetric relations, superclasses from ORG, PROV-O and
    schema.org, transitive unit membership) are kept apart from the asserted graph; query them
    with kg query --inferred.
    """
    from kg.api import KG

    kg = KG(project)
    inferred = kg.infer(html=html)
    click.echo(f"inferred exports/{kg.project.name}-inferred.ttl: {len(inferred)} triples")


infer.epilog = _example("kg infer && kg query --inferred 'SELECT ?u WHERE { ?u kgo:partOf "
                        "kge:sensetime }'")
