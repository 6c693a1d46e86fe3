"""Boundaries for the map: the optional GeoJSON resource of a year, read and checked with located messages,
and the plane geometry the map and the demo rely on (exact unions of grid cells, ring orientation, where
a label goes)."""

import json
from fractions import Fraction

import pytest

from generator.geometry import area, contains, label_point, oriented, signed_area, union_of_cells
from generator.load import MAX_BOUNDARY_BYTES
from generator.pages import site_content
from generator.validate import validate

from .helpers import SMALL_FRAMEWORK, SMALL_INPUTS, unit_inputs, write_edition, write_framework

UNITS = [
    dict(id="a", name="Xã A", type="commune"),
    dict(id="b", name="Xã B", type="commune"),
    dict(id="c", name="Xã C", type="commune", not_ranked="có", not_ranked_reason="Thành lập giữa năm"),
]
GOOD_INPUTS = unit_inputs("a", "có", (9, 10), (8, 10), 50) + unit_inputs("b", "không", (5, 10), (4, 10), 10) + unit_inputs("c", "có", (7, 10), (6, 10), 30)


def square(x, y, size=0.1):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def feature(unit_id, *rings, kind="Polygon"):
    return {"type": "Feature", "properties": {"unit_id": unit_id}, "geometry": {"type": kind, "coordinates": list(rings)}}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def data(tmp_path):
    write_framework(tmp_path / "frameworks" / "t", SMALL_FRAMEWORK, SMALL_INPUTS)
    write_edition(tmp_path / "2024", 2024, {"commune": "t"}, UNITS, GOOD_INPUTS)
    return tmp_path


def with_boundaries(data, content, path="boundaries.geojson"):
    """Declare the boundaries resource in the year's package and write ``content`` (data or text) to it."""
    package = data / "2024" / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "boundaries", "path": path, "format": "geojson"})
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    if content is not None:
        (data / "2024" / "boundaries.geojson").write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return validate(data)


def found(report, file="2024/boundaries.geojson"):
    """(field, code, severity) of every issue about ``file``."""
    return [(i.field, i.code, i.severity) for i in report.issues if i.file.endswith(file)]


REST = (feature("b", square(1, 1)), feature("c", square(2, 2)))  # shapes for the other units, so no unit lacks one
GOOD = collection(feature("a", square(0, 0)), feature("b", square(0.1, 0)), feature("c", square(0, 0.1), square(0.02, 0.12, 0.02)))


def test_a_year_without_boundaries_has_no_map_and_no_message(data):
    dataset, report = validate(data)
    assert report.ok and dataset.editions[2024].boundaries == {} and "boundaries" not in dataset.editions[2024].files


def test_good_boundaries_are_read_by_unit(data):
    dataset, report = with_boundaries(data, GOOD)
    assert report.ok and found(report) == []
    shapes = dataset.editions[2024].boundaries
    assert sorted(shapes) == ["a", "b", "c"]
    assert shapes["a"].polygons == ((tuple((x, y) for x, y in square(0, 0)),),)
    assert len(shapes["c"].polygons[0]) == 2 and shapes["c"].index == 2  # an exterior and a hole
    assert dataset.editions[2024].files["boundaries"].endswith("2024/boundaries.geojson")


@pytest.mark.parametrize(
    "content, expected",
    [
        (feature("a", square(0, 0)), [("type", "bad-geojson", "error")]),
        ([], [("type", "bad-geojson", "error")]),
        (collection(feature("a", square(0, 0)), "b", *REST), [("features[1]", "bad-geojson", "error")]),
        (collection(feature("a", square(0, 0)), {"type": "Feature", "properties": {"name": "Xã B"}, "geometry": None}, *REST), [("features[1].properties.unit_id", "missing-unit-id", "error")]),
        (collection(feature("a", square(0, 0)), feature("   ", square(1, 0)), *REST), [("features[1].properties.unit_id", "missing-unit-id", "error")]),
        (collection(feature("a", square(0, 0)), feature("a", square(1, 0)), *REST), [("features[1].properties.unit_id", "duplicate-boundary", "error")]),
        (collection({"type": "Feature", "properties": {"unit_id": "a"}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}), [("features[0].geometry.type", "bad-geometry-type", "error")]),
        (collection({"type": "Feature", "properties": {"unit_id": "a"}, "geometry": None}), [("features[0].geometry", "bad-geometry-type", "error")]),
        (collection(feature("a", [[0, 0], [1, 0], [1, 1], [0, 0.5]])), [("features[0].geometry.coordinates[0]", "ring-not-closed", "error")]),
        (collection(feature("a", [[0, 0], [1, 0], [0, 0]])), [("features[0].geometry.coordinates[0]", "bad-coordinates", "error")]),
        (collection(feature("a", [[0, 0], [1, 0], [1, "1"], [0, 0]])), [("features[0].geometry.coordinates[0][2]", "bad-coordinates", "error")]),
        (collection(feature("a", [[0, 0], [1, 0], [1, True], [0, 0]])), [("features[0].geometry.coordinates[0][2]", "bad-coordinates", "error")]),
        (collection(feature("a", [[0, 0], [181, 0], [1, 1], [0, 0]])), [("features[0].geometry.coordinates[0][1]", "bad-coordinates", "error")]),
        (collection(feature("a", [square(0, 0)], [[[0, 0], [0, 1], [1, -91], [0, 0]]], kind="MultiPolygon")), [("features[0].geometry.coordinates[1][0][2]", "bad-coordinates", "error")]),
        (collection(feature("a", square(0, 0)), feature("xa-khac", square(1, 0)), feature("b", square(2, 0)), feature("c", square(3, 0))), [("features[1].properties.unit_id", "unknown-boundary-unit", "warning")]),
        (collection(feature("a", square(0, 0))), [(None, "missing-boundary", "warning"), (None, "missing-boundary", "warning")]),
    ],
)
def test_each_problem_is_located_at_its_feature_and_property(data, content, expected):
    _, report = with_boundaries(data, content)
    assert found(report) == expected, [str(i) for i in report.issues]
    assert report.ok == all(severity == "warning" for *_, severity in expected)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_coordinates_are_located(data, literal):
    text = '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"unit_id": "a"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, %s], [0, 0]]]}}]}' % literal
    _, report = with_boundaries(data, text)
    [issue] = [i for i in report.issues if i.code == "bad-coordinates"]
    assert issue.field == "features[0].geometry.coordinates[0][2]" and "hữu hạn" in issue.message


def test_projected_coordinates_are_explained(data):
    _, report = with_boundaries(data, collection(feature("a", [[580000, 2300000], [581000, 2300000], [581000, 2301000], [580000, 2300000]])))
    [issue] = [i for i in report.issues if i.code == "bad-coordinates"]
    assert "WGS 84" in issue.message and "VN-2000" in issue.message and issue.field == "features[0].geometry.coordinates[0][0]"


def test_the_other_features_are_kept_when_one_is_broken(data):
    dataset, report = with_boundaries(data, collection(feature("a", square(0, 0)), feature("b", [[0, 0], [1, 0], [1, 1]]), feature("c", square(1, 1))))
    assert sorted(dataset.editions[2024].boundaries) == ["a", "c"] and not report.ok


def test_broken_json_is_located_at_its_line(data):
    _, report = with_boundaries(data, '{"type": "FeatureCollection",\n "features": [\n {"type": "Feature",')
    [issue] = [i for i in report.issues if i.file.endswith("boundaries.geojson")]
    assert (issue.code, issue.row) == ("bad-json", 3)


def test_an_oversized_file_is_refused_before_it_is_read(data):
    padding = " " * (MAX_BOUNDARY_BYTES + 1)
    _, report = with_boundaries(data, '{"type": "FeatureCollection", "features": []}' + padding)
    [issue] = [i for i in report.issues if i.file.endswith("boundaries.geojson")]
    assert issue.code == "bad-json" and "quá lớn" in issue.message and "ranh giới" in issue.message


@pytest.mark.parametrize("path", ["../boundaries.geojson", "/etc/boundaries.geojson", "boundaries.csv", "a\\boundaries.geojson"])
def test_a_path_outside_the_package_or_of_another_kind_is_refused(data, path):
    _, report = with_boundaries(data, None, path=path)
    assert found(report, "2024/datapackage.json") == [("resources.boundaries.path", "bad-path", "error")]


def test_a_declared_file_that_is_missing_is_an_error(data):
    _, report = with_boundaries(data, None)
    assert found(report) == [(None, "missing-file", "error")]


def test_a_unit_type_without_any_shape_is_not_reported(data, tmp_path):
    """Departments have no area: a year whose shapes are all communes warns about no department."""
    units = UNITS + [dict(id="so", name="Sở A", type="commune")]
    write_edition(data / "2024", 2024, {"commune": "t"}, units, GOOD_INPUTS + unit_inputs("so", "có", (9, 10), (8, 10), 50))
    _, report = with_boundaries(data, GOOD)
    assert found(report) == [(None, "missing-boundary", "warning")] and "«so»" in report.issues[-1].message


# --------------------------------------------------------------------------- geometry

HEX = ((7, -4), (7, 4), (0, 8), (-7, 4), (-7, -4), (0, -8))


def hexagon(cx, cy):
    ring = tuple((cx + dx, cy + dy) for dx, dy in HEX)
    return ring + ring[:1]


def test_two_neighbouring_hexagons_become_one_outline_without_their_shared_edge():
    [polygon] = union_of_cells([hexagon(0, 0), hexagon(14, 0)])
    [ring] = polygon
    assert len(ring) == 11 and ring[0] == ring[-1] == min(ring)  # 10 corners: 6 + 6 less the shared edge's 2
    assert (7, 4) in ring and (7, -4) in ring  # the shared edge's ends stay, the edge goes
    assert signed_area(ring) == 2 * 168 > 0  # counter-clockwise, exactly two hexagons of 14 × 8 + 2 × 14 × 8 / 2


def test_a_ring_of_six_hexagons_has_a_hole_where_the_seventh_would_be():
    around = [hexagon(14, 0), hexagon(-14, 0), hexagon(7, 12), hexagon(-7, 12), hexagon(7, -12), hexagon(-7, -12)]
    [polygon] = union_of_cells(around)
    exterior, hole = polygon
    assert signed_area(exterior) > 0 > signed_area(hole) and abs(signed_area(hole)) == 168
    assert area([polygon]) == 6 * 168 and contains(exterior, (0, 0)) and contains(hole, (0, 0))


def test_separate_cells_give_separate_polygons():
    polygons = union_of_cells([hexagon(0, 0), hexagon(100, 0)])
    assert len(polygons) == 2 and area(polygons) == 2 * 168


def test_an_outline_that_touches_itself_is_refused():
    squares = [((0, 0), (1, 0), (1, 1), (0, 1), (0, 0)), ((1, 1), (2, 1), (2, 2), (1, 2), (1, 1))]
    with pytest.raises(ValueError):
        union_of_cells(squares)


def test_exact_areas_with_fractions():
    ring = [(Fraction(p[0]) / 100, Fraction(p[1]) / 100) for p in hexagon(7, 8)]
    assert signed_area(ring) == Fraction(168, 10000)


def test_orientation_for_the_map_library_is_clockwise_outside_and_counter_clockwise_in_holes():
    around = [hexagon(14, 0), hexagon(-14, 0), hexagon(7, 12), hexagon(-7, 12), hexagon(7, -12), hexagon(-7, -12)]
    [polygon] = union_of_cells(around)
    exterior, hole = oriented(polygon, exterior_clockwise=True)
    assert signed_area(exterior) < 0 < signed_area(hole)
    assert oriented(oriented(polygon, True), False) == polygon


def test_a_shape_with_no_inside_still_gets_a_label_point_and_the_site_builds(data):
    flat = [[0, 0], [0.1, 0], [0.2, 0], [0, 0]]
    assert label_point([(tuple(map(tuple, flat)),)]) == (0, 0)
    dataset, report = with_boundaries(data, collection(feature("a", flat), feature("b", square(1, 0)), feature("c", square(2, 0))))
    assert report.ok
    pages, files = site_content(dataset)
    assert "data/2024/ban-do-cap-xa.geojson" in files and any("dti-map" in p.html for p in pages)


def test_a_label_goes_well_inside_a_bent_shape():
    bent = [((0, 0), (10, 0), (10, 2), (2, 2), (2, 10), (0, 10), (0, 0))]  # an L: its centroid (2.9, 2.9) is outside
    x, y = label_point([bent])
    assert contains(bent[0], (x, y)) and min(x, y) >= 0.9 and (x <= 1.1 or y <= 1.1)  # in an arm, 1 from its sides
    assert label_point([(hexagon(0, 0),)]) == (0, 0)
    small, [large] = (hexagon(0, 0),), union_of_cells([hexagon(100, 0), hexagon(114, 0)])
    assert contains(large[0], label_point([small, large]))  # on the largest part of a MultiPolygon
