"""``kg query NAME`` and ``kg build`` without click: the one form a cold canned query takes,
and a build's options, recognised from the arguments and run by the function the click command
runs (:func:`kg.cli.shell.run_query`, :func:`kg.cli.shell.run_build`, with its error handling);
anything else, or anything in doubt, is left to click (whose import is a tenth of what adding
one article to a large store costs)."""

from __future__ import annotations

import os
import sys

from kg.cli.shell import QUERY_FORMATS, run_build, run_handled, run_query
from kg.inputs.queries import is_query_name

#: option spellings -> the parameter they set (as ``kg query``'s click options)
_OPTIONS = {"--store": "store", "--format": "fmt", "-f": "fmt", "--project": "project",
            "-p": "project"}


def parse_quick(args: list[str]) -> dict[str, str] | None:
    """The parameters of ``query NAME [--store S] [-f|--format FMT] [-p|--project DIR]``
    (each option at most once, ``--opt=value`` allowed), or None for any other command line."""
    if not args or args[0] != "query":
        return None
    found: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        if not arg.startswith("-"):
            # a canned query's name: never an option, a file or SPARQL text
            if "sparql" in found or not is_query_name(arg):
                return None
            found["sparql"] = arg
            continue
        given = _option_value(arg, rest, _OPTIONS)
        if given is None or given[0] in found:
            return None
        found[given[0]] = given[1]
    if "sparql" not in found or found.get("fmt", "table") not in QUERY_FORMATS:
        return None
    return found


def _option_value(arg: str, rest, options: dict[str, str]) -> tuple[str, str] | None:
    """(parameter, value) of an option with a value, ``--opt=value`` or ``-o value`` (taking
    the value from ``rest``), among ``options``; None for anything else or an empty value."""
    option, eq, value = arg.partition("=")
    if option not in options or (eq and not option.startswith("--")):
        return None
    if not eq:
        value = next(rest, None)
        if value is None or value.startswith("-"):
            return None
    return (options[option], value) if value else None


#: ``kg build``'s flags -> (the parameter they set, its value); options with a value as _OPTIONS
_BUILD_FLAGS = {"--html": ("html", True), "--no-html": ("html", False),
                "--validate": ("validate", True), "--no-validate": ("validate", False),
                "--infer": ("infer", True), "--quiet": ("quiet", True), "-q": ("quiet", True),
                "--force": ("force", True)}
_BUILD_OPTIONS = {"--store": "store", "--project": "project", "-p": "project"}


def parse_quick_build(args: list[str]) -> dict | None:
    """The parameters of ``build`` with any of its flags and ``--store S``, ``-p|--project
    DIR`` (each parameter set at most once, ``--opt=value`` allowed), or None for any other
    command line."""
    if not args or args[0] != "build":
        return None
    found: dict = {}
    rest = iter(args[1:])
    for arg in rest:
        given = _BUILD_FLAGS.get(arg) or _option_value(arg, rest, _BUILD_OPTIONS)
        if given is None:
            return None
        key, value = given
        if key in found:
            return None
        found[key] = value
    return found


def _from_env(name: str) -> str | None:
    """An option's environment variable as click reads it (empty counts as unset)."""
    return os.environ.get(name) or None


def run_quick(args: list[str]) -> bool:
    """Run ``args`` when they are the quick form of ``kg query`` (see :func:`parse_quick`) or
    a ``kg build`` (:func:`parse_quick_build`); False, having done nothing, when click should
    run them."""
    found = parse_quick(args)
    build = parse_quick_build(args) if found is None else None
    if found is None and build is None:
        return False
    found = found if found is not None else build
    project = found.pop("project", None) or _from_env("KG_PROJECT")
    if project is not None and os.path.exists(project) and not os.path.isdir(project):
        return False  # click names the problem (a file given as --project)
    store = found.pop("store", None) or _from_env("KG_STORE") or "memory"

    def run() -> None:
        root = project
        if root is None:
            from kg.inputs.project import find_root_path

            root = find_root_path()  # as find_root, with no Path made
        if build is not None:
            run_build(root, store=store, **build)
        else:
            run_query(found["sparql"], root, fmt=found.get("fmt", "table"), store=store)

    try:
        run_handled(run)
    except (EOFError, KeyboardInterrupt):  # as click's standalone mode reports them
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    return True
