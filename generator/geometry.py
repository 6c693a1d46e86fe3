"""Plane geometry of boundaries: areas and orientation of rings, the outline of a union of grid cells,
and a point inside a shape to put its label on.

A ring is a closed sequence of (x, y) points (x = longitude, y = latitude; the last point repeats the
first); a polygon is its exterior ring followed by its holes. With integer or Fraction coordinates every
result is exact, which is how the demo's merged communes are checked against their predecessors.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

Point = tuple
Ring = tuple  # of Points, closed
Polygon = tuple  # of Rings: the exterior, then holes


def signed_area(ring: Sequence[Point]):
    """The area enclosed by ``ring``, positive when it runs counter-clockwise (the shoelace formula)."""
    total = 0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        total += x0 * y1 - x1 * y0
    return total / 2


def polygon_area(polygon: Sequence[Sequence[Point]]):
    exterior, *holes = polygon
    return abs(signed_area(exterior)) - sum(abs(signed_area(h)) for h in holes)


def area(polygons: Iterable[Sequence[Sequence[Point]]]):
    return sum((polygon_area(p) for p in polygons), 0)


def oriented(polygon: Sequence[Sequence[Point]], exterior_clockwise: bool) -> Polygon:
    """The polygon with its exterior running one way and its holes the other.

    GeoJSON (RFC 7946) asks for counter-clockwise exteriors; the d3-geo library that Vega draws maps with
    reads rings on the sphere and takes a small counter-clockwise ring for the whole world except that
    ring, so what Vega draws needs clockwise exteriors.
    """
    out = []
    for i, ring in enumerate(polygon):
        clockwise = signed_area(ring) < 0
        want = exterior_clockwise if i == 0 else not exterior_clockwise
        out.append(tuple(ring) if clockwise == want else tuple(reversed(ring)))
    return tuple(out)


def contains(ring: Sequence[Point], point: Point) -> bool:
    """Whether ``point`` lies inside ``ring`` (even–odd rule; a point on an edge may go either way)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def union_of_cells(cells: Iterable[Sequence[Point]]) -> list[Polygon]:
    """The outline of a union of cells of a tiling, exactly: every edge two cells share cancels, and the
    edges left over chain into rings. Cells must meet edge to edge (as in a grid) and run
    counter-clockwise; exteriors come out counter-clockwise, holes clockwise, each ring starting at its
    smallest point, and the polygons in order of their smallest point.

    Raises ValueError where the outline touches itself at a point (possible in a square grid, never in a
    hexagonal one), since the rings are then not determined by the edges alone.
    """
    edges = Counter()
    for cell in cells:
        for a, b in zip(cell, cell[1:]):
            edges[(a, b)] += 1
    outline = [e for e in edges if (e[1], e[0]) not in edges]
    after: dict[Point, Point] = {}
    for a, b in outline:
        if a in after:
            raise ValueError(f"the outline touches itself at {a}")
        after[a] = b
    rings = []
    while after:
        start = min(after)
        ring = [start]
        point = after.pop(start)
        while point != start:
            ring.append(point)
            point = after.pop(point)
        ring.append(start)
        rings.append(tuple(ring))
    exteriors = sorted((r for r in rings if signed_area(r) > 0), key=lambda r: r[0])
    holes = [r for r in rings if signed_area(r) < 0]
    polygons = {r: [r] for r in exteriors}
    for hole in holes:
        around = [r for r in exteriors if contains(r, hole[0])]
        polygons[min(around, key=signed_area)].append(hole)
    return [tuple(polygons[r]) for r in exteriors]


def _distance_to_segment(point: Point, a: Point, b: Point) -> float:
    (x, y), (x0, y0), (x1, y1) = point, a, b
    dx, dy = x1 - x0, y1 - y0
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
    return ((x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2) ** 0.5


def label_point(polygons: Sequence[Sequence[Sequence[Point]]], lines: int = 16) -> Point:
    """A point well inside the largest polygon, to write a label on: of the midpoints of the stretches
    inside it along ``lines`` - 1 horizontal lines, the one farthest from its edges (the centroid can fall
    outside a bent shape, or close to its edge)."""
    polygon = max(polygons, key=polygon_area)
    ys = [y for _, y in polygon[0]]
    low, high = min(ys), max(ys)
    candidates = []
    for k in range(1, lines):
        y = low + (high - low) * k / lines
        crossings = sorted(
            x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            for ring in polygon
            for (x0, y0), (x1, y1) in zip(ring, ring[1:])
            if (y0 > y) != (y1 > y)
        )
        candidates += [((left + right) / 2, y) for left, right in zip(crossings[::2], crossings[1::2])]
    if not candidates:  # a shape with no inside (all its points on one line): its first point
        return tuple(polygon[0][0])
    edges = [(a, b) for ring in polygon for a, b in zip(ring, ring[1:])]
    clearance = lambda p: min(_distance_to_segment(p, a, b) for a, b in edges)  # noqa: E731
    return max(candidates, key=clearance)


def _crossings(polygon, value: float, axis: int) -> list:
    """Where the line ``coordinate[axis] == value`` crosses the polygon's edges, along the other axis, sorted."""
    other = 1 - axis
    return sorted(
        a[other] + (value - a[axis]) * (b[other] - a[other]) / (b[axis] - a[axis])
        for ring in polygon
        for a, b in zip(ring, ring[1:])
        if (a[axis] > value) != (b[axis] > value)
    )


def room_at(polygons: Sequence[Sequence[Sequence[Point]]], point: Point) -> tuple[Point, Point]:
    """The stretches inside the shape through ``point``: ((left, right), (bottom, top)), the room a label
    written there has; the point's own coordinates where a line finds no inside around it."""
    x, y = point
    spans = []
    for axis, along, value in ((1, x, y), (0, y, x)):
        found = (along, along)
        for polygon in polygons:
            crossings = _crossings(polygon, value, axis)
            found = next(((lo, hi) for lo, hi in zip(crossings[::2], crossings[1::2]) if lo <= along <= hi), found)
            if found != (along, along):
                break
        spans.append(found)
    return spans[0], spans[1]
