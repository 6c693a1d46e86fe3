"""The optional boundaries of a year: a GeoJSON FeatureCollection whose features name a unit of the year
in ``properties.unit_id`` and give its shape as a Polygon or MultiPolygon of longitude–latitude pairs.

Every problem is a located issue naming the feature and the property path (``features[3].geometry…``);
a feature with a problem is left out, the others are kept. Whether each unit id names a unit of the year
is an edition check (:mod:`generator.checks`).
"""

from __future__ import annotations

import math

from .errors import Issue
from .model import Boundary
from .text import printable

SHAPES = ("Polygon", "MultiPolygon")


class _Bad(Exception):
    def __init__(self, code: str, where: str, message: str):
        super().__init__(message)
        self.code, self.where, self.message = code, where, message


_NUMBERS = (int, float)


def _position(value, ring: str, k: int) -> tuple[float, float]:
    """The ``k``-th point of the ring at ``ring`` (named in full only in a message: a map has a million points)."""
    if type(value) is not list or len(value) not in (2, 3) or any(type(v) not in _NUMBERS for v in value):  # JSON's numbers; not true/false
        raise _Bad("bad-coordinates", f"{ring}[{k}]", f"mỗi điểm phải là [kinh độ, vĩ độ] (hai số), không phải {printable(value)}")
    lon, lat = value[0], value[1]
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise _Bad("bad-coordinates", f"{ring}[{k}]", f"tọa độ [{printable(lon)}, {printable(lat)}] không phải số hữu hạn")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _Bad(
            "bad-coordinates", f"{ring}[{k}]",
            f"tọa độ [{printable(lon)}, {printable(lat)}] nằm ngoài kinh độ −180…180, vĩ độ −90…90; tọa độ phải là kinh độ, vĩ độ "
            "theo hệ WGS 84 (tệp xuất theo hệ khác, ví dụ VN-2000, cần được chuyển hệ tọa độ)",
        )
    return (float(lon), float(lat))


def _ring(value, where: str) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list) or len(value) < 4:
        raise _Bad("bad-coordinates", where, "mỗi vòng ranh giới phải là một danh sách ít nhất 4 điểm (điểm cuối trùng điểm đầu)")
    ring = tuple(_position(p, where, k) for k, p in enumerate(value))
    if ring[0] != ring[-1]:
        raise _Bad("ring-not-closed", where, f"vòng ranh giới không khép kín: điểm cuối {list(ring[-1])} khác điểm đầu {list(ring[0])}")
    return ring


def _polygon(value, where: str) -> tuple:
    if not isinstance(value, list) or not value:
        raise _Bad("bad-coordinates", where, "một Polygon là danh sách các vòng: vòng ngoài, rồi các lỗ (nếu có)")
    return tuple(_ring(r, f"{where}[{i}]") for i, r in enumerate(value))


def _shape(geometry, where: str) -> tuple:
    if not isinstance(geometry, dict) or geometry.get("type") not in SHAPES:
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        raise _Bad("bad-geometry-type", f"{where}.type" if isinstance(geometry, dict) else where,
                   f"hình của một đơn vị phải là Polygon hoặc MultiPolygon, không phải {printable(kind) if kind is not None else 'trống'}")
    coordinates = geometry.get("coordinates")
    where = f"{where}.coordinates"
    if geometry["type"] == "Polygon":
        return (_polygon(coordinates, where),)
    if not isinstance(coordinates, list) or not coordinates:
        raise _Bad("bad-coordinates", where, "một MultiPolygon là danh sách các Polygon")
    return tuple(_polygon(p, f"{where}[{i}]") for i, p in enumerate(coordinates))


def parse(data, shown: str, report) -> dict[str, Boundary]:
    """The boundaries in the GeoJSON ``data`` read from the file ``shown``, by unit id."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        report.append(Issue(shown, None, "type", "bad-geojson", "tệp ranh giới phải là một GeoJSON FeatureCollection: {\"type\": \"FeatureCollection\", \"features\": […]}"))
        return {}
    found: dict[str, Boundary] = {}
    first: dict[str, int] = {}  # where each unit id first appears
    for i, feature in enumerate(data["features"]):
        where = f"features[{i}]"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            report.append(Issue(shown, None, where, "bad-geojson", "mỗi phần tử của «features» phải là một Feature: {\"type\": \"Feature\", \"properties\": …, \"geometry\": …}"))
            continue
        properties = feature.get("properties")
        unit_id = properties.get("unit_id") if isinstance(properties, dict) else None
        if not isinstance(unit_id, str) or not unit_id.strip():
            report.append(Issue(shown, None, f"{where}.properties.unit_id", "missing-unit-id", "hình không ghi mã đơn vị (properties.unit_id) nên không biết là của đơn vị nào"))
            continue
        unit_id = unit_id.strip()
        if unit_id in first:
            report.append(
                Issue(shown, None, f"{where}.properties.unit_id", "duplicate-boundary", f"đơn vị «{printable(unit_id)}» đã có hình ở features[{first[unit_id]}]; mỗi đơn vị chỉ một hình (dùng MultiPolygon cho nhiều mảnh)")
            )
            continue
        first[unit_id] = i
        try:
            polygons = _shape(feature.get("geometry"), f"{where}.geometry")
        except _Bad as bad:
            report.append(Issue(shown, None, bad.where, bad.code, f"đơn vị «{printable(unit_id)}»: {bad.message}"))
            continue
        found[unit_id] = Boundary(unit_id, polygons, i)
    return found
