"""Maps on the home page and the ranking pages: which years and unit types have shapes, the map of one of
them as seen from one page (every link relative to that page), and the GeoJSON files the maps read."""

from __future__ import annotations

import json
from functools import lru_cache

from ..geometry import label_point, oriented, room_at
from ..mapchart import MAX_LABELS, MapChart, choropleth_map, mercator_aspect, mercator_extent
from ..model import Boundary, Dataset, group_slug
from ..numeric import vi_count
from ..opendata import mapped_types
from . import paths
from .paths import relative, url_of
from .views import Peers

PLACES = 5  # decimals of a degree kept in the site's shapes: about a metre, plenty for a map of a province


def _rounded(polygon) -> list:
    return [[[round(x, PLACES), round(y, PLACES)] for x, y in ring] for ring in oriented(polygon, exterior_clockwise=True)]


def shape_files(dataset: Dataset) -> dict[str, str]:
    """Per year and mapped unit type, the shapes of its units as GeoJSON, one feature per line, with rings
    wound as the map library reads them (see :func:`generator.geometry.oriented`)."""
    files = {}
    for year in dataset.years:
        shapes = dataset.editions[year].boundaries
        for unit_type in mapped_types(dataset, year):
            lines = []
            for r in sorted(dataset.results[year][unit_type], key=lambda r: r.unit.id):
                b = shapes.get(r.unit.id)
                if b is None:
                    continue
                geometry = {"type": "MultiPolygon", "coordinates": [_rounded(p) for p in b.polygons]}
                lines.append(json.dumps({"type": "Feature", "properties": {"unit_id": r.unit.id}, "geometry": geometry}, separators=(",", ":")))
            files[paths.map_shapes(year, unit_type)] = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    return files


def map_for(dataset: Dataset, peers: Peers, page: str) -> MapChart | None:
    """The map of ``peers``' units as shown on the page at source path ``page``, or None without shapes."""
    year, unit_type = peers.year, peers.group_id
    if unit_type not in mapped_types(dataset, year):
        return None
    here = url_of(page)
    shapes = dataset.editions[year].boundaries
    drawn = [r for r in peers.results if r.unit.id in shapes]
    labelled = len(drawn) <= MAX_LABELS
    units = [
        {
            "id": r.unit.id, "name": r.unit.name, "district": peers.district_of(r), "percent": r.percent, "shown": peers.shown(r), "rank": r.rank, "band": r.band,
            "href": relative(here, paths.scorecard(r.unit.id, year)),
            "shape": r.unit.id in shapes,
            "point": _label(shapes[r.unit.id]) if r.unit.id in shapes and labelled else None,
            "room": _room(shapes[r.unit.id]) if r.unit.id in shapes and labelled else None,
        }
        for r in peers.results
    ]
    corners = [p for r in drawn for polygon in shapes[r.unit.id].polygons for p in polygon[0]]
    what = f"{vi_count(len(units))} {peers.among} năm {year}"
    districts = unit_type == "commune" and "district" in mapped_types(dataset, year)
    outlines = relative(here, paths.map_shapes(year, "district")) if districts else None
    return choropleth_map(
        f"ban-do-{group_slug(unit_type)}-{year}", what, relative(here, paths.map_shapes(year, unit_type)), units, mercator_aspect(corners), outlines,
        mercator_extent(corners), peers.scale,
    )


@lru_cache(maxsize=4096)
def _label(boundary: Boundary) -> tuple[float, float]:
    """Where a unit's name or rank is written on the map (worked out once per build, not once per page)."""
    return label_point(boundary.polygons)


@lru_cache(maxsize=4096)
def _room(boundary: Boundary) -> tuple:
    """The room a label has at its point (:func:`generator.geometry.room_at`)."""
    return room_at(boundary.polygons, _label(boundary))


def home_maps(dataset: Dataset, peers: dict[tuple[int, str], Peers]) -> list[MapChart]:
    latest = max(dataset.years)
    return [map_for(dataset, peers[(latest, t)], paths.HOME) for t in mapped_types(dataset, latest)]
