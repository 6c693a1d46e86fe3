"""Page logic on a small fixture whose commune index set changes between 2023 and 2024:
gap to the next rank, history across a merger, years assessed with another index set, the list of
changes between index sets, main-index ranks, and Vietnamese number formats."""

from decimal import Decimal
from fractions import Fraction as F

import pytest

from generator.numeric import vi_number
from generator.pages import paths, site_content, vi_date, vi_percent
from generator.pages.indicators import changes
from generator.pages.units import next_rank_gap
from generator.pages.views import build_peers, history
from generator.validate import validate

from .helpers import write_edition, write_framework

OLD = [
    dict(id="1", level="main", name="Nhận thức số", max_points=20),
    dict(id="1.1", parent="1", level="component", name="Có chuyên mục", max_points=10, rule="yes_no", formula="co"),
    dict(id="1.2", parent="1", level="component", name="Tỷ lệ", max_points=10, rule="ratio", formula="a/b"),
]
NEW = [
    dict(id="1", level="main", name="Nhận thức số", max_points=25),
    dict(id="1.1", parent="1", level="component", name="Có chuyên mục", max_points=10, rule="yes_no", formula="co"),
    dict(id="1.2", parent="1", level="component", name="Tỷ lệ", max_points=10, rule="ratio_target", formula="a/b", options="target: 80%"),
    dict(id="1.3", parent="1", level="component", name="Kế hoạch", max_points=5, rule="yes_no", formula="co"),
]
INPUTS = [
    dict(indicator_id="1.1", name="co", type="yes_no", meaning="Có chưa"),
    dict(indicator_id="1.2", name="a", type="count", meaning="Số đạt"),
    dict(indicator_id="1.2", name="b", type="count", meaning="Tổng số"),
]
NEW_INPUTS = INPUTS + [dict(indicator_id="1.3", name="co", type="yes_no", meaning="Đã ban hành chưa")]


def inputs(uid, co, a, b, plan=None):
    rows = [dict(unit_id=uid, indicator_id="1.1", input="co", self_value=co), dict(unit_id=uid, indicator_id="1.2", input="a", self_value=a), dict(unit_id=uid, indicator_id="1.2", input="b", self_value=b)]
    if plan is not None:
        rows.append(dict(unit_id=uid, indicator_id="1.3", input="co", self_value=plan))
    return rows


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_framework(root / "frameworks" / "cu", OLD, INPUTS)
    write_framework(root / "frameworks" / "moi", NEW, NEW_INPUTS)
    units_2023 = [dict(id=u, name=f"Xã {u.upper()}", type="commune") for u in ("an", "binh", "cuong", "dung")]
    # 2023 (20 points): an 10+10 = 100 %; binh 10+5 = 75 %; cuong 0+8 = 40 %; dung 10+2 = 60 %.
    write_edition(root / "2023", 2023, {"commune": "cu"}, units_2023,
                  inputs("an", "có", 10, 10) + inputs("binh", "có", 5, 10) + inputs("cuong", "không", 8, 10) + inputs("dung", "có", 2, 10))
    # 2024 (25 points): "binh" and "cuong" merged into "hop", "an" stays, "dung" stays.
    #   an:   10 + 10 (≥ 80 %) + 5 = 25 → 100 %
    #   hop:  10 + 7.5 (60 %/80 %) + 5 = 22.5 → 90 %
    #   dung: 10 + 2.5 (20 %/80 %) + 0 = 12.5 → 50 %
    units_2024 = [dict(id="an", name="Xã An", type="commune"), dict(id="hop", name="Xã Hợp", type="commune", predecessors="binh cuong"), dict(id="dung", name="Xã Dũng", type="commune")]
    write_edition(root / "2024", 2024, {"commune": "moi"}, units_2024,
                  inputs("an", "có", 9, 10, "có") + inputs("hop", "có", 6, 10, "có") + inputs("dung", "có", 2, 10, "không"))
    ds, report = validate(root)
    assert report.ok, [str(i) for i in report.errors]
    return ds


@pytest.fixture(scope="module")
def built(dataset):
    pages, files = site_content(dataset)
    return {p.path: p for p in pages}, files


def by_id(dataset, year):
    return {r.unit.id: r for r in dataset.results[year]["commune"]}


def test_gap_to_the_next_rank(dataset):
    peers = build_peers(dataset)[(2024, "commune")]
    dung = by_id(dataset, 2024)["dung"]
    gap = next_rank_gap(dung, peers)
    # Xã Dũng (50 %) is third; Xã Hợp has 90 %: 40 percentage points of Dũng's 25 points = 10 points.
    assert (gap.rank, [u.unit.id for u in gap.units], gap.percent_points, gap.points) == (2, ["hop"], Decimal("40.00"), Decimal("10.00"))
    assert next_rank_gap(by_id(dataset, 2024)["an"], peers) is None


def test_history_follows_the_merger(dataset):
    hop = by_id(dataset, 2024)["hop"].unit
    entries = [(h.year, h.unit.id, h.own) for h in history(dataset, hop, 2024)]
    assert entries == [(2023, "binh", False), (2023, "cuong", False), (2024, "hop", True)]


def test_scorecard_marks_years_assessed_with_another_index_set(built, dataset):
    pages, _ = built
    html = pages[paths.scorecard("hop", 2024)].html
    assert html.count("Bộ chỉ số khác:") == 2  # both predecessors' 2023 rows
    assert "Xã BINH" in html and "(đơn vị tiền thân)" in html
    assert "không so sánh trực tiếp" in html
    assert "Bộ chỉ số khác" not in pages[paths.scorecard("an", 2023)].html


def test_changes_between_index_sets(dataset):
    found = {(c.indicator_id, c.what) for c in changes(dataset.frameworks["cu"], dataset.frameworks["moi"])}
    assert found == {("1", "Đổi điểm tối đa"), ("1.2", "Đổi cách tính"), ("1.3", "Thêm mới")}


def test_methodology_says_what_changed(built):
    pages, _ = built
    new = pages[paths.methodology("moi")].html
    assert "chuyển từ" in new and "Thêm mới" in new and "Đổi cách tính" in new
    old = pages[paths.methodology("cu")].html
    assert "Thêm mới" not in old


def test_main_index_ranks_and_the_page_per_main_index(dataset, built):
    peers = build_peers(dataset)[(2023, "commune")]
    assert {m.result.unit.id: m.rank for m in peers.main["1"]} == {"an": 1, "binh": 2, "dung": 3, "cuong": 4}
    pages, _ = built
    assert paths.main_ranking(2023, "commune", "1") in pages


def test_every_indicator_of_every_index_set_in_use_has_a_page(dataset, built):
    pages, _ = built
    for fid in ("cu", "moi"):
        for ind in dataset.frameworks[fid].walk():
            page = pages[paths.indicator(fid, ind.id)]
            assert ind.name in page.title and page.nav is None  # out of the navigation


def test_unit_and_indicator_pages_stay_out_of_the_navigation(built):
    pages, _ = built
    in_nav = {p.path for p in pages.values() if p.nav}
    assert not {p for p in in_nav if p.startswith("don-vi/") or (p.startswith("bo-chi-so/") and p.count("/") == 2)}
    assert {paths.methodology("cu"), paths.methodology("moi"), paths.ranking(2024, "commune")} <= in_nav


def test_compare_data_has_every_unit_rounded_as_published(built, dataset):
    import json

    _, files = built
    data = json.loads(files["data/2024/scorecards.json"])
    units = {u["id"]: u for u in data["types"]["commune"]["units"]}
    assert units["hop"]["percent"] == 90.0 and units["hop"]["scores"]["1.2"] == 7.5 and units["dung"]["rank"] == 3


def test_vietnamese_formats():
    assert vi_number(Decimal("1234.5")) == "1.234,50"
    assert vi_number(F(1, 3)) == "0,33"
    assert str(vi_percent(Decimal("85.25"))) == "85,25&nbsp;%"
    assert vi_date("2025-03-21") == "21/03/2025" and vi_date("2024-03") == "03/2024"


@pytest.mark.parametrize(
    "here, target, expected",
    [
        ("", "xep-hang/2024/cap-xa.md", "xep-hang/2024/cap-xa/"),
        ("don-vi/an/2024/", "so-sanh.md", "../../../so-sanh/"),
        ("don-vi/an/2024/", "data/2024/results.csv", "../../../data/2024/results.csv"),
        ("nhung/2024/cap-xa/index.html", "don-vi/an/2024.md", "../../../don-vi/an/2024/"),
        ("bo-chi-so/moi/", "bo-chi-so/moi/1.2.md", "1.2/"),
        ("xep-hang/2024/cap-xa/", "xep-hang/2024/cap-xa.md", "./"),
    ],
)
def test_links_are_relative(here, target, expected):
    assert paths.relative(here, target) == expected


