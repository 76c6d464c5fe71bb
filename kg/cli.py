"""The ``kg`` command line: a thin shell over the kg library.

Exit codes: 0 ok; 1 a check failed (an ASK answered false, a graph that does not conform);
2 usage or input error; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import functools
import json
import os
import sys

import click

from kg import __version__
from kg.errors import EXIT_USAGE, KGError

EXIT_INTERNAL = 3


def _example(text: str) -> str:
    return "\b\nExample:\n  " + text


def handle_errors(func):
    """Turn library errors into one line on stderr and the documented exit code."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except RecursionError:
            click.echo("kg: error: input nested too deeply", err=True)
            sys.exit(EXIT_USAGE)
        except Exception as exc:  # a bug: one line, never a traceback, unless asked
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"kg: internal error: {type(exc).__name__}: {exc} (KG_DEBUG=1 shows the "
                       "traceback)".splitlines()[0], err=True)
            sys.exit(EXIT_INTERNAL)
    return wrapper


project_option = click.option(
    "--project", "-p", "project", default=".", envvar="KG_PROJECT", show_default=True,
    type=click.Path(file_okay=False), help="Project directory (with data/, ontology/, queries/).")


@click.group(epilog=_example("kg build && kg query competitors"))
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg: build, query and export an evidence-backed knowledge graph."""


@cli.command()
@project_option
@click.option("--html/--no-html", default=True, show_default=True,
              help="Also write exports/graph.html.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
@handle_errors
def build(project: str, html: bool, quiet: bool) -> None:
    """Build the graph from data/ and ontology/ and write exports/.

    Every quote is located in its source; a missing or ambiguous quote stops the build and the
    previous exports stay as they were.
    """
    from kg.facade import KG

    result = KG(project).build(html=html)
    if not quiet:
        click.echo(format_summary(result.summary, result.inputs.project))


build.epilog = _example("kg build --project . --no-html")


def format_summary(summary: dict, project) -> str:
    lines = [f"built exports/{project.name}.ttl: {summary['triples']} triples, "
             f"{summary['entities']} entities, {summary['statements']} statements "
             f"({summary['relations']} relations, {summary['figures']} figures), "
             f"{summary['sources']} source(s), {summary['sentences']} sentences",
             "entities per class:"]
    lines += [f"  {cls:<20} {n}" for cls, n in summary["entities_per_class"].items()]
    return "\n".join(lines)


@cli.command()
@click.argument("sparql", required=False)
@project_option
@click.option("--format", "-f", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld",
                                 "xml"]),
              help="Output: table/csv/tsv/json for SELECT and ASK; turtle etc. for CONSTRUCT.")
@click.option("--bind", "-b", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a variable: <iri>, prefix:name (e.g. kge:xu-li) or a literal.")
@click.option("--list", "list_", is_flag=True, help="List the canned queries and exit.")
@handle_errors
def query(sparql: str | None, project: str, fmt: str, binds: tuple[str, ...],
          list_: bool) -> None:
    """Run SPARQL on the built graph: a canned query name, a .rq file, inline text or - (stdin).

    Common prefixes are predeclared: kgo (the ontology), org, prov, oa, skos, schema, time,
    dcterms, rdf, rdfs, owl, xsd, and for the data kge (entities), kgs (statements), kgf
    (figures) and kgr (the base). An ASK that answers false exits with 1.
    """
    from kg.errors import CheckFailed, UsageError
    from kg.facade import KG
    from kg.query import canned_queries, format_result, parse_bindings

    kg = KG(project)
    proj = kg.project
    if list_:
        for name, canned in canned_queries(proj.queries_dir).items():
            click.echo(f"{name:<24} {canned.title}")
        return
    if not sparql:
        raise UsageError("give a query: a canned name (kg query --list), a .rq file, or SPARQL")
    if sparql == "-":
        sparql = sys.stdin.read()
    result = kg.query(sparql, bindings=parse_bindings(binds, proj.base))
    click.echo(format_result(result, fmt, base=proj.base), nl=False)
    if result.type == "ASK" and not result.askAnswer:
        raise CheckFailed("the ASK query answered false")


query.epilog = _example("kg query competitors --format csv\n"
                        "  kg query 'SELECT ?l WHERE { ?e rdfs:label ?l } LIMIT 5'\n"
                        "  kg query evidence --bind statement=kgs:xu-li-holds-ceo")


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "ntriples", "trig", "jsonld", "xml"]))
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--with-ontology", is_flag=True, help="Include the ontology in the export.")
@handle_errors
def export(project: str, fmt: str, output: str | None, with_ontology: bool) -> None:
    """Export the built graph as Turtle, N-Triples, TriG, JSON-LD or RDF/XML."""
    from kg.export import write_atomic
    from kg.facade import KG

    data = KG(project).export(fmt, ontology=with_ontology)
    if output:
        write_atomic(output, data)
    else:
        click.echo(data.decode(), nl=False)


export.epilog = _example("kg export --format jsonld -o exports/sensetime.jsonld")


@cli.command()
@project_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@handle_errors
def stats(project: str, fmt: str) -> None:
    """Summarise the graph: triples, entities per class, statements, figures, sources."""
    from kg.facade import KG

    kg = KG(project)
    summary = kg.stats()
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        click.echo(format_summary(summary, kg.project).replace("built ", "graph ", 1))


stats.epilog = _example("kg stats --format json")


@cli.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0: any free port; the URL printed says which).")
@click.option("--store", default="memory", show_default=True,
              help="Store to serve the graph from (memory: rdflib in memory).")
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
@click.option("--access-log", is_flag=True, help="Log every request to standard error.")
@handle_errors
def serve(project: str, host: str, port: int, store: str, timeout: float, max_rows: int,
          workers: int, cors: tuple[str, ...], memory_mb: int, cache_mb: int,
          access_log: bool) -> None:
    """Serve the graph: a read-only SPARQL endpoint at /sparql and offline pages.

    / is a query editor with the canned queries, /graph the interactive view, /entity/ID a
    page per entity (Turtle for Accept: text/turtle). Update, LOAD and SERVICE are refused.
    """
    from kg.serve import ServeOptions, describe_ready
    from kg.serve import serve as run_server

    options = ServeOptions(store=store, timeout=timeout, max_rows=max_rows, workers=workers,
                           cors=tuple(cors), memory_mb=memory_mb, cache_mb=cache_mb)

    def ready(url, state) -> None:
        click.echo(describe_ready(url, state))
        sys.stdout.flush()

    run_server(project, host=host, port=port, options=options, on_ready=ready,
               access_log=access_log)


serve.epilog = _example("kg serve --port 8080 --timeout 10\n"
                        "  kg serve --port 0 --workers 4 --cors '*'")


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
