"""Where the nodes of a large view go (physics off), and how big they are (PageRank).

Graphs of more than ``PHYSICS_MAX_NODES`` entities are laid out here, in pure Python, so the
page is the same in every environment: each connected component as a balloon (radial) tree
around its highest-PageRank node, components packed in rows.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque


def ranks_of(n: int, edges: list[tuple[int, int]]) -> list[float]:
    """PageRank of the undirected entity graph, by kg's own pure-Python power iteration (the
    same in every environment, so the page is byte-identical with or without scipy)."""
    if n == 0:
        return []
    from kg.query.analytics import pagerank

    pairs = sorted({(min(u, v), max(u, v)) for u, v in edges if u != v})
    ranks = pagerank(range(n), tol=1e-10, edges=[e for u, v in pairs for e in ((u, v), (v, u))])
    return [ranks[i] for i in range(n)]


GOLDEN = math.pi * (3 - math.sqrt(5))


def _balloon(component: list[int], adjacency: list[list[int]], rank: list[float]) -> dict:
    """A balloon (radial) tree layout of one connected component, in units of node spacing:
    leaves on a sunflower disk around their parent, subtrees on a ring outside it."""
    order_key = {i: (-rank[i], i) for i in component}
    root = min(component, key=order_key.__getitem__)
    parent = {root: None}
    order = [root]
    queue = deque([root])
    children: dict[int, list[int]] = defaultdict(list)
    while queue:
        cur = queue.popleft()
        for nxt in sorted(adjacency[cur], key=order_key.__getitem__):
            if nxt not in parent:
                parent[nxt] = cur
                children[cur].append(nxt)
                order.append(nxt)
                queue.append(nxt)
    radius: dict[int, float] = {}
    disk: dict[int, float] = {}
    ring: dict[int, float] = {}
    for node in reversed(order):
        kids = children.get(node, [])
        leaves = [c for c in kids if not children.get(c)]
        inner = [c for c in kids if children.get(c)]
        d = 0.9 * math.sqrt(len(leaves) + 0.5) if leaves else 0.0
        disk[node] = d
        if inner:
            biggest = max(radius[c] for c in inner)
            span = sum(2 * radius[c] for c in inner) * 1.15 + 2 * biggest  # + a slot for parent
            r = max(d + biggest + 0.6, span / (2 * math.pi))
            ring[node] = r
            radius[node] = r + biggest
        else:
            ring[node] = 0.0
            radius[node] = max(0.5, d + 0.5)
    pos = {root: (0.0, 0.0)}
    away = {root: 0.0}
    for node in order:
        x0, y0 = pos[node]
        kids = children.get(node, [])
        leaves = [c for c in kids if not children.get(c)]
        inner = [c for c in kids if children.get(c)]
        base = away[node]
        for k, leaf in enumerate(leaves):
            rr = 0.9 * math.sqrt(k + 0.7)
            ang = base + math.pi + k * GOLDEN if node != root else k * GOLDEN
            pos[leaf] = (x0 + rr * math.cos(ang), y0 + rr * math.sin(ang))
            away[leaf] = ang
        if inner:
            weights = [radius[c] for c in inner]
            gap = max(weights) if node != root else 0.0   # keep the parent's direction free
            total = sum(weights) + gap
            # start just after the parent slot: parent lies at base + pi
            cursor = base + math.pi + (gap / total) * math.pi if node != root else 0.0
            for child, w in zip(inner, weights):
                ang = cursor + (w / total) * math.pi
                cursor += (w / total) * 2 * math.pi
                r = ring[node]
                pos[child] = (x0 + r * math.cos(ang), y0 + r * math.sin(ang))
                away[child] = ang
    return pos


def layout(n: int, edges: list[tuple[int, int]], rank: list[float],
           spacing: float = 90.0) -> list[tuple[float, float]]:
    """Positions for ``n`` nodes: each connected component as a balloon tree, components packed
    in rows (largest first), isolated nodes in a grid at the end."""
    adjacency: list[set] = [set() for _ in range(n)]
    for u, v in edges:
        if u != v:
            adjacency[u].add(v)
            adjacency[v].add(u)
    seen = [False] * n
    components: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        comp, todo = [start], [start]
        while todo:
            cur = todo.pop()
            for nxt in adjacency[cur]:
                if not seen[nxt]:
                    seen[nxt] = True
                    comp.append(nxt)
                    todo.append(nxt)
        components.append(sorted(comp))
    components.sort(key=lambda c: (-len(c), c[0]))
    adjacency_lists = [sorted(a) for a in adjacency]
    boxes: list[tuple[dict, float, float, float, float]] = []
    isolated = [c[0] for c in components if len(c) == 1]
    for comp in components:
        if len(comp) == 1:
            continue
        pos = _balloon(comp, adjacency_lists, rank)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs), max(ys)))
    if isolated:
        side = math.ceil(math.sqrt(len(isolated)))
        pos = {node: (float(i % side), float(i // side)) for i, node in enumerate(isolated)}
        boxes.append((pos, 0.0, 0.0, float(min(side, len(isolated)) - 1),
                      float((len(isolated) - 1) // side)))
    margin = 1.5
    area = sum((b[3] - b[1] + margin) * (b[4] - b[2] + margin) for b in boxes)
    row_width = max([b[3] - b[1] + margin for b in boxes] + [math.sqrt(area) * 1.25])
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row_height = 0.0
    for pos, x0, y0, x1, y1 in boxes:
        width, height = x1 - x0 + margin, y1 - y0 + margin
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            out[node] = ((px - x0 + x) * spacing, (py - y0 + y) * spacing)
        x += width
        row_height = max(row_height, height)
    # centre on the origin
    if n:
        cx = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
        cy = (min(p[1] for p in out) + max(p[1] for p in out)) / 2
        out = [(round(px - cx, 1), round(py - cy, 1)) for px, py in out]
    return out
