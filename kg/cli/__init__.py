"""The ``kg`` command line: a thin shell over the kg library.

Exit codes: 0 ok; 1 a check failed (an ASK answered false, a graph that does not conform);
2 usage or input error; 3 internal error (a bug: please report it).

The commands are click's (:mod:`kg.cli.commands`, also reachable here: ``from kg.cli import
cli``). ``kg query NAME [--store S] [-f FMT] [-p DIR]`` alone is run without importing click
(:mod:`kg.cli.quick`): a cold canned query costs little more than the store's own answer;
so is ``kg build`` with its own options (click's import is a tenth of adding one article).
"""

from __future__ import annotations

import sys


def main() -> None:
    """The ``kg`` console command."""
    from kg.cli.quick import run_quick
    from kg.cli.shell import flush_stdout

    try:
        if not run_quick(sys.argv[1:]):
            from kg.cli.commands import cli

            cli(prog_name="kg")  # always ends in SystemExit (click's standalone mode)
    finally:
        flush_stdout()


def __getattr__(name: str):
    """The click commands and their helpers (``cli``, ``ProgressBar``, ...), imported when
    first asked for."""
    import importlib

    if name.startswith("__"):
        raise AttributeError(f"module 'kg.cli' has no attribute {name!r}")
    try:
        return getattr(importlib.import_module("kg.cli.commands"), name)
    except AttributeError:
        raise AttributeError(f"module 'kg.cli' has no attribute {name!r}") from None
