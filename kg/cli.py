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
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the graph against ontology/shapes*.ttl; refuse to write it if it "
                   "does not conform.")
@click.option("--infer", is_flag=True,
              help="Also write the OWL 2 RL entailments to exports/NAME-inferred.ttl.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
@handle_errors
def build(project: str, html: bool, validate: bool, infer: bool, quiet: bool) -> None:
    """Build the graph from data/ and ontology/ and write exports/.

    Every quote is located in its source; a missing or ambiguous quote stops the build and the
    previous exports stay as they were. So does a graph that does not conform to the SHACL
    shapes (exit 1; kg validate lists the violations).
    """
    from kg.facade import KG

    if not validate:
        click.echo("kg: warning: --no-validate: the exports are not checked against the shapes",
                   err=True)
    result = KG(project).build(html=html, validate=validate, infer=infer)
    if not quiet:
        click.echo(format_summary(result.summary, result.inputs.project))
        if result.inferred is not None:
            click.echo(f"inferred exports/{result.inputs.project.name}-inferred.ttl: "
                       f"{len(result.inferred)} triples")


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
@click.option("--inferred", is_flag=True,
              help="Query the asserted graph plus its OWL 2 RL entailments.")
@handle_errors
def query(sparql: str | None, project: str, fmt: str, binds: tuple[str, ...],
          list_: bool, inferred: bool) -> None:
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
    result = kg.query(sparql, bindings=parse_bindings(binds, proj.base), inferred=inferred)
    click.echo(format_result(result, fmt, base=proj.base), nl=False)
    if result.type == "ASK" and not result.askAnswer:
        raise CheckFailed("the ASK query answered false")


query.epilog = _example("kg query competitors --format csv\n"
                        "  kg query 'SELECT ?l WHERE { ?e rdfs:label ?l } LIMIT 5'\n"
                        "  kg query evidence --bind statement=kgs:xu-li-holds-ceo\n"
                        "  kg query --inferred 'ASK { kge:sensetime a org:Organization }'")


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
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "ttl"]),
              help="text: one line per violation; ttl: the SHACL validation report graph.")
@handle_errors
def validate(project: str, fmt: str) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes*.ttl.

    Exit 0 when it conforms, 1 when there are violations, 2 when something could not be
    loaded. Each violation names the node (by label), the path, the value and the message.
    """
    from kg.errors import CheckFailed
    from kg.facade import KG

    report = KG(project).validate()
    if fmt == "ttl":
        click.echo(report.turtle().decode(), nl=False)
    else:
        click.echo(report.text(), nl=False)
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
    """Data-quality warnings, each with its evidence: a series in mixed units or currencies,
    figures without a period, unused entities, quotes that name neither end, duplicate
    entities (same label once scripts are folded)."""
    from kg.errors import CheckFailed
    from kg.facade import KG

    warnings = KG(project).check()
    if fmt == "json":
        data = [{"kind": w.kind, "message": w.message,
                 "evidence": [{"path": e.path, "line": e.line, "item": e.item, "quote": e.quote}
                              for e in w.evidence]} for w in warnings]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for warning in warnings:
            click.echo("\n".join(warning.lines()))
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
    from kg.facade import KG

    kg = KG(project)
    inferred = kg.infer(html=html)
    click.echo(f"inferred exports/{kg.project.name}-inferred.ttl: {len(inferred)} triples")


infer.epilog = _example("kg infer && kg query --inferred 'SELECT ?u WHERE { ?u kgo:partOf "
                        "kge:sensetime }'")


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
