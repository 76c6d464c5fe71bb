"""What people look at: the interactive graph page (graph), the report (report) and its charts (charts).

``write_network(net, path)`` writes a pyvis Network (``KG.network()``, or one changed or built
the pyvis way) as kg's offline graph page; see :func:`kg.views.graph.write_network`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyvis.network import Network

    from kg.views.graph.page import ViewSummary

__all__ = ["write_network"]


def write_network(net: "Network", path: str | os.PathLike) -> "ViewSummary":
    """Write the pyvis Network ``net`` to ``path`` as kg's self-contained, offline graph page
    (kg's template, vendored vis-network, strict Content-Security-Policy, data as escaped JSON),
    atomically.  Returns what the page shows.

    Raises:
        UsageError: a node without an id or with another's id, an edge naming no node.
    """
    from kg.views.graph import write_network as write

    return write(net, path)
