"""The store a server runs queries on: prepared once, in the server process, then opened by
every worker from the spec the store gives (:meth:`kg.store.Store.snapshot`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.inputs.project import Project
    from kg.store import StoreSpec


def prepare_store(spec: str | None, project: "Project", workdir: Path) -> "StoreSpec":
    """Open the store named by ``spec`` (see :func:`kg.store.parse_spec`), build it when it is
    not current with the inputs, and return how a worker opens it.

    Raises:
        UsageError: ``spec`` is not a known store.
    """
    from kg.store import open_store

    store = open_store(spec, project)
    store.ensure(project)
    return store.snapshot(Path(workdir))
