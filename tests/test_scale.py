"""A year shown on the scale its province publishes (``dti.scale``): percent (the default), points out of
the maximum, or an index on 0–1 with four decimals; open data keeps the exact figures beside it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.opendata import results_rows
from generator.pages.rankings import embed_page, ranking_rows
from generator.pages.views import build_peers
from generator.validate import validate

from .helpers import write_edition
from .test_groups import points, points_framework

UNITS = [dict(id="a", name="Sở A", type="department"), dict(id="b", name="Sở B", type="department")]
# Max 100 (60 + 40). a: 45 + 26,64 = 71,64 → 71,64 % → index 0,7164; b: 60 + 30 = 90 → 90,00 % → 0,9000.
INPUTS = points("a", 45, "26.64") + points("b", 60, 30)


def year_on(tmp_path, scale: str | None, first=60, second=40, inputs=INPUTS):
    points_framework(tmp_path / "frameworks" / "so", "department", first, second)
    extra = {"scale": scale} if scale else {}
    write_edition(tmp_path / "2022", 2022, {"department": "so"}, UNITS, inputs, **extra)
    dataset, report = validate(tmp_path)
    return dataset, report


@pytest.fixture
def index_year(tmp_path):
    dataset, report = year_on(tmp_path, "index")
    assert report.ok, [str(i) for i in report.errors]
    return dataset


def test_an_index_year_shows_0_7164_where_the_percent_is_71_64(index_year):
    [b, a] = index_year.results[2022]["department"]
    assert (a.unit.id, a.percent, a.rank) == ("a", Decimal("71.64"), 2)
    peers = build_peers(index_year)[(2022, "department")]
    assert peers.shown(a) == "0,7164" and peers.shown(b) == "0,9000"
    rows = str(ranking_rows(peers, [], False, False, lambda to: to))
    assert "<strong>0,7164</strong>" in rows and "71,64\u00a0%" not in rows
    embed = embed_page(index_year, peers).body
    assert "0,7164" in embed and "DTI (0–1)" in embed


def test_open_data_keeps_the_exact_figures_beside_the_shown_one(index_year):
    rows = {r[1]: r for r in results_rows(index_year, 2022)}
    # score, max_score, percent keep their meaning; scale and shown are the last two columns
    assert rows["a"][4:7] == ["71.64", "100.00", "71.64"]
    assert rows["a"][17:19] == ["index", "0.7164"]


def test_a_points_year_shows_points_out_of_the_maximum(tmp_path):
    # Lâm Đồng 2023 publishes points out of 1.000: 600 + 400 max; a 514,31 + 400 = 914,31 → 91,43 %
    inputs = points("a", "514.31", 400) + points("b", 500, 300)
    dataset, report = year_on(tmp_path, "points", 600, 400, inputs)
    assert report.ok, [str(i) for i in report.errors]
    peers = build_peers(dataset)[(2022, "department")]
    a = peers.by_unit["a"]
    assert a.percent == Decimal("91.43") and peers.shown(a) == "914,31/1.000"
    assert {r[1]: r[17:19] for r in results_rows(dataset, 2022)}["a"] == ["points", "914.31"]


def test_a_year_without_a_scale_is_shown_in_percent(tmp_path):
    dataset, report = year_on(tmp_path, None)
    assert report.ok
    peers = build_peers(dataset)[(2022, "department")]
    assert peers.shown(peers.by_unit["a"]) == "71,64\u00a0%"


def test_an_unknown_scale_is_reported(tmp_path):
    _, report = year_on(tmp_path, "0-1")
    assert [(i.field, i.code) for i in report.errors] == [("dti.scale", "bad-metadata")]


def test_an_index_years_home_chart_draws_and_writes_the_index(index_year):
    from generator.charts import distribution
    from generator.scale import AXES

    peers = build_peers(index_year)[(2022, "department")]
    rows = [{"type": "Sở", "unit": r.unit.name, "percent": r.percent, "band": r.band, "ranked": "Xếp hạng"} for r in peers.results]
    chart = distribution("phan-bo", rows, axis=AXES["index"])
    # 71,64 % and 90,00 % → 0,7164 and 0,9000; their median (71,64 + 90,00) / 2 = 80,82 % → 0,8082
    assert sorted(r["percent"] for r in next(iter(chart.spec["datasets"].values()))) == [0.7164, 0.9]
    x = chart.spec["encoding"]["x"] if "encoding" in chart.spec else chart.spec["layer"][0]["encoding"]["x"]
    assert x["title"] == "Chỉ số DTI (0–1)" and x["scale"]["domain"] == [0, 1.0]
    assert "từ 0,7164 đến 0,9000, trung vị 0,8082" in chart.description
    assert chart.rows == (("Sở", "2", "2", "0,7164", "0,8082", "0,9000"),)


def test_an_index_years_map_and_search_result_write_the_index(index_year):
    from generator.mapchart import choropleth_map
    from generator.pages.search import unit_records

    peers = build_peers(index_year)[(2022, "department")]
    units = [
        {"id": r.unit.id, "name": r.unit.name, "district": None, "percent": r.percent, "shown": peers.shown(r), "rank": r.rank, "band": r.band,
         "href": "#", "shape": True, "point": None, "room": None}
        for r in peers.results
    ]
    chart = choropleth_map("ban-do", "2 sở năm 2022", "ranh-gioi.geojson", units, 1.0, scale="index")
    assert {r["name"]: r["pct"] for r in next(iter(chart.spec["datasets"].values()))} == {"Sở A": "0,7164", "Sở B": "0,9000"}
    assert "Cao nhất: Sở B (0,9000, hạng 1); thấp nhất: Sở A (0,7164, hạng 2). Trung vị 0,8082." in chart.description
    assert chart.columns[1] == "Chỉ số DTI (0–1)" and [row[1] for row in chart.rows] == ["0,9000", "0,7164"]
    tooltips = [t for layer in chart.spec.get("layer", [chart.spec]) for t in layer.get("encoding", {}).get("tooltip", [])]
    assert {"field": "pct", "title": "Chỉ số DTI (0–1)", "type": "nominal"} in tooltips
    assert {r.title: r.show["percent"] for r in unit_records(index_year)} == {"Sở A": "0,7164", "Sở B": "0,9000"}
