"""Where the nodes of the view go (the page draws with physics off), and how big they are
(PageRank).

Everything is laid out here, in pure Python, so the page is the same in every environment.
Graphs of up to ``PHYSICS_MAX_NODES`` entities: ``readable_layout`` (room for every label, see
below).  Larger ones: each connected component as a balloon (radial) tree around its
highest-PageRank node, components packed in rows (``layout``).
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
    adjacency = _adjacency(n, edges)
    components = _components(n, adjacency)
    boxes: list[tuple[dict, float, float, float, float]] = []
    isolated = [c[0] for c in components if len(c) == 1]
    for comp in components:
        if len(comp) == 1:
            continue
        pos = _balloon(comp, adjacency, rank)
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


# ---------------------------------------------------------------------------------------------
# Graphs small enough to read (up to PHYSICS_MAX_NODES entities): a force layout that makes room
# for every label.  Each node is a box (the shape, with its label under it); the layout is a
# balloon tree refined by stress majorization, then the boxes are pushed apart until no
# two overlap.  Components are laid out on their own and the largest stays at the origin, so
# an entity unrelated to the rest moves nothing but the components packed after it.

#: Labels wrap at this width (px at zoom 1); app.js sets the same vis widthConstraint.
LABEL_WRAP = 150.0
_GAP = 10.0


def label_width(text: str, font: float) -> float:
    """Estimated drawn width of ``text`` at ``font`` px: wide (CJK, full-width) characters one
    em, narrow ones about half."""
    import unicodedata

    return sum(font if unicodedata.east_asian_width(ch) in "WF" else font * 0.56 for ch in text)


def label_box(texts: list[str], font: float, size: float) -> tuple[float, float]:
    """(width, height) of a node drawn ``size`` big with the longest of ``texts`` (its labels
    in every language) under it, wrapped at ``LABEL_WRAP`` on spaces as vis-network does."""
    width, lines = 2 * size, 1
    for text in texts:
        rows, row = [], ""
        for word in text.split(" "):
            trial = f"{row} {word}" if row else word
            if row and label_width(trial, font) > LABEL_WRAP:
                rows.append(row)
                row = word
            else:
                row = trial
        rows.append(row)
        width = max(width, max(label_width(r, font) for r in rows))
        lines = max(lines, len(rows))
    return width, 2 * size + lines * font * 1.15 + 4


def _stress(pos: list[list[float]], links: list[tuple[int, int]], length: float,
            rounds: int) -> None:
    """Stress majorization (Gansner, Koren and North) of ``pos`` in place: each pair of nodes
    wants to be ``length`` times its graph distance apart, near pairs weigh most."""
    m = len(pos)
    near: list[list[int]] = [[] for _ in range(m)]
    for a, b in links:
        near[a].append(b)
        near[b].append(a)
    hops = []
    for src in range(m):   # breadth-first graph distances
        dist = [0] * m
        seen = [False] * m
        seen[src] = True
        frontier = [src]
        while frontier:
            nxt = []
            for cur in frontier:
                for other in near[cur]:
                    if not seen[other]:
                        seen[other] = True
                        dist[other] = dist[cur] + 1
                        nxt.append(other)
            frontier = nxt
        hops.append(dist)
    xs = [p[0] for p in pos]
    ys = [p[1] for p in pos]
    targets = []   # per node: (others, wanted distances, weights, sum of weights)
    for a in range(m):
        others = [b for b in range(m) if b != a]
        dists = [hops[a][b] * length for b in others]
        weights = [1.0 / (d * d) for d in dists]
        targets.append((others, dists, weights, sum(weights)))
    sqrt = math.sqrt
    for _ in range(rounds):
        for a in range(m):
            ax, ay = xs[a], ys[a]
            sx = sy = 0.0
            others, dists, weights, total = targets[a]
            for b, d, w in zip(others, dists, weights):
                bx, by = xs[b], ys[b]
                dx, dy = ax - bx, ay - by
                scale = d / (sqrt(dx * dx + dy * dy) or 0.01)
                sx += w * (bx + dx * scale)
                sy += w * (by + dy * scale)
            xs[a], ys[a] = sx / total, sy / total
    for a in range(m):
        pos[a][0], pos[a][1] = xs[a], ys[a]


def _separate(pos: list[list[float]], boxes: list[tuple[float, float, float]],
              rounds: int = 120) -> None:
    """Push overlapping boxes apart (in place) along the axis where they overlap least, until
    none overlap.  ``boxes[i]`` is (width, height, size): the node is at the top of its box."""
    m = len(pos)
    half = [w / 2 + _GAP / 2 for w, _h, _s in boxes]
    for _ in range(rounds):
        moved = False
        order = sorted(range(m), key=lambda i: pos[i][0] - half[i])
        lefts = [pos[i][0] - half[i] for i in order]
        for oi, a in enumerate(order):
            pa = pos[a]
            ha, sa = boxes[a][1], boxes[a][2]
            right = pa[0] + half[a]
            for ob in range(oi + 1, m):
                if lefts[ob] >= right:
                    break
                b = order[ob]
                pb = pos[b]
                top_a, top_b = pa[1] - sa, pb[1] - boxes[b][2]
                bottom_a, bottom_b = top_a + ha + _GAP, top_b + boxes[b][1] + _GAP
                over_y = (bottom_a if bottom_a < bottom_b else bottom_b) - (
                    top_a if top_a > top_b else top_b)
                if over_y <= 0:
                    continue
                right_b = pb[0] + half[b]
                over_x = (right if right < right_b else right_b) - (
                    lefts[oi] if lefts[oi] > lefts[ob] else lefts[ob])
                if over_x <= 0:
                    continue
                moved = True
                if over_x * 0.6 < over_y:   # sideways is cheaper (labels are wide)
                    shift = over_x / 2 + 0.5
                    sign = 1.0 if (pa[0], a) < (pb[0], b) else -1.0
                    pa[0] -= sign * shift
                    pb[0] += sign * shift
                else:
                    shift = over_y / 2 + 0.5
                    sign = 1.0 if (top_a, a) < (top_b, b) else -1.0
                    pa[1] -= sign * shift
                    pb[1] += sign * shift
                right = pa[0] + half[a]
        if not moved:
            return


def _component_layout(comp: list[int], adjacency: list[list[int]], rank: list[float],
                      boxes: list[tuple[float, float, float]]) -> dict[int, tuple[float, float]]:
    """One connected component: the balloon tree scaled to the boxes, forces, separation."""
    # rank, to 3 digits of the component's best: what else enters the graph (and so shifts
    # every PageRank a little) must not reorder near-ties and with them the whole layout
    top = max(rank[i] for i in comp) or 1.0
    coarse = list(rank)
    for i in comp:
        coarse[i] = round(rank[i] / top, 3)
    unit = _balloon(comp, adjacency, coarse)
    mean_w = sum(boxes[i][0] for i in comp) / len(comp)
    length = max(90.0, mean_w * 0.9)
    local_index = {node: k for k, node in enumerate(comp)}
    pos = [[unit[node][0] * length, unit[node][1] * length] for node in comp]
    links = sorted({(min(local_index[u], local_index[v]), max(local_index[u], local_index[v]))
                    for u in comp for v in adjacency[u] if u != v})
    rounds = max(8, min(80, int(800_000 / max(1, len(comp)) ** 2)))
    _stress(pos, links, length, rounds)
    _separate(pos, [boxes[i] for i in comp])
    return {node: (pos[k][0], pos[k][1]) for k, node in enumerate(comp)}


def _bounds(pos: dict, boxes) -> tuple[float, float, float, float]:
    return (min(p[0] - boxes[i][0] / 2 for i, p in pos.items()),
            min(p[1] - boxes[i][2] for i, p in pos.items()),
            max(p[0] + boxes[i][0] / 2 for i, p in pos.items()),
            max(p[1] - boxes[i][2] + boxes[i][1] for i, p in pos.items()))


def readable_layout(n: int, edges: list[tuple[int, int]], rank: list[float],
                    boxes: list[tuple[float, float, float]],
                    order: list | None = None) -> list[tuple[float, float]]:
    """Positions (px at zoom 1) of ``n`` nodes whose boxes (label width, height, node size;
    see :func:`label_box`) must not overlap.  The largest component's root sits near the
    origin; the other components follow in rows under it, then the nodes without relations
    in a grid, sorted by ``order`` (a sort key per node; default the index)."""
    adjacency = _adjacency(n, edges)
    components = _components(n, adjacency)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    placed = [c for c in components if len(c) > 1]
    isolated = sorted((c[0] for c in components if len(c) == 1),
                      key=lambda i: (order[i] if order is not None else 0, i))
    laid = [_component_layout(c, adjacency, rank, boxes) for c in placed]
    row_width = 0.0
    if laid:
        x0, _y0, x1, _y1 = _bounds(laid[0], boxes)
        row_width = max(x1 - x0, math.sqrt(sum(
            (b[2] - b[0]) * (b[3] - b[1]) for b in map(lambda p: _bounds(p, boxes), laid))))
    cursor_x = cursor_y = row_height = 0.0
    left = 0.0
    for k, pos in enumerate(laid):
        x0, y0, x1, y1 = _bounds(pos, boxes)
        if k == 0:   # the largest stays where the forces left it
            shift = (0.0, 0.0)
            left, cursor_y = x0, y1 + 4 * _GAP
            cursor_x = left
        else:
            if cursor_x > left and cursor_x + (x1 - x0) > left + row_width:
                cursor_x, cursor_y, row_height = left, cursor_y + row_height + 4 * _GAP, 0.0
            shift = (cursor_x - x0, cursor_y - y0)
            cursor_x += x1 - x0 + 4 * _GAP
            row_height = max(row_height, y1 - y0)
        for node, (px, py) in pos.items():
            out[node] = (px + shift[0], py + shift[1])
    if isolated:
        top = cursor_y + row_height + (6 * _GAP if len(laid) > 1 else 2 * _GAP)
        step_x = max(boxes[i][0] for i in isolated) + 3 * _GAP
        step_y = max(boxes[i][1] for i in isolated) + 3 * _GAP
        cols = max(1, min(len(isolated), int(max(row_width, step_x * math.sqrt(
            len(isolated) * 1.5)) // step_x)))
        width = (cols - 1) * step_x
        centre = (left + row_width / 2) if laid else width / 2
        for k, node in enumerate(isolated):
            out[node] = (centre - width / 2 + (k % cols) * step_x,
                         top + boxes[node][2] + (k // cols) * step_y)
    return [(round(x, 1), round(y, 1)) for x, y in out]


def _adjacency(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """Each node's neighbours in the undirected graph, sorted (self-loops dropped)."""
    neighbours: list[set] = [set() for _ in range(n)]
    for u, v in edges:
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    return [sorted(a) for a in neighbours]


def _components(n: int, adjacency: list[list[int]]) -> list[list[int]]:
    """Connected components, largest first (ties: smallest index)."""
    seen = [False] * n
    components: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        comp, todo = [start], [start]
        while todo:
            for nxt in adjacency[todo.pop()]:
                if not seen[nxt]:
                    seen[nxt] = True
                    comp.append(nxt)
                    todo.append(nxt)
        components.append(sorted(comp))
    components.sort(key=lambda c: (-len(c), c[0]))
    return components
