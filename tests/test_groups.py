"""Ranking groups (``dti.groups``): units ranked apart on their own index sets and maxima, other agencies
ranked among departments, communes ranked within their district, and a rank that says among whom.

Every index set here is scored by points the council enters («points»), so each unit's total is the sum
of the two numbers in its rows and every expected figure is worked out by hand beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Unit, UnitResult
from generator.opendata import results_rows
from generator.pages.views import build_peers
from generator.rank import rank
from generator.validate import validate

from .helpers import write_edition, write_framework


def points_framework(folder, unit_type: str, first: int, second: int):
    """One main index «1» with two leaves scored by points entered: 1.1 (``first``) and 1.2 (``second``)."""
    indicators = [
        dict(id="1", level="main", name="Chính quyền số", max_points=first + second),
        dict(id="1.1", parent="1", level="component", name="Dịch vụ công", max_points=first, rule="points", formula="diem"),
        dict(id="1.2", parent="1", level="component", name="Hạ tầng số", max_points=second, rule="points", formula="diem"),
    ]
    inputs = [
        dict(indicator_id="1.1", name="diem", type="points", meaning="Điểm Hội đồng chấm"),
        dict(indicator_id="1.2", name="diem", type="points", meaning="Điểm Hội đồng chấm"),
    ]
    return write_framework(folder, indicators, inputs, unit_type=unit_type)


def points(uid: str, first, second) -> list[dict]:
    return [
        dict(unit_id=uid, indicator_id="1.1", input="diem", self_value=str(first)),
        dict(unit_id=uid, indicator_id="1.2", input="diem", self_value=str(second)),
    ]


GROUPS = [
    {"id": "so-co-tthc", "label": "Sở có thủ tục hành chính", "unit_types": ["department", "agency"], "framework": "so-1000"},
    {"id": "so-khong-tthc", "label": "Sở không có thủ tục hành chính", "unit_types": ["department"], "framework": "so-800"},
]
# Lâm Đồng's way (QĐ 454): departments with procedures out of 1.000, the rest out of 800, ranked apart;
# the provincial police (an «agency») ranked among the departments with procedures.
#   so-co-tthc (max 1.000):  ca  550 + 360 = 910 → 91,00 %  rank 1
#                            s1  500 + 400 = 900 → 90,00 %  rank 2
#                            s2  400 + 300 = 700 → 70,00 %  rank 3
#   so-khong-tthc (max 800): k2  500 + 300 = 800 → 100,00 % rank 1
#                            k1  450 + 270 = 720 → 90,00 %  rank 2
# Ranked together s1 and k1 (both 90,00 %) would tie; apart, each is second of its own group.
UNITS = [
    dict(id="s1", name="Sở Tài chính", type="department", group="so-co-tthc"),
    dict(id="s2", name="Sở Xây dựng", type="department", group="so-co-tthc"),
    dict(id="ca", name="Công an tỉnh", type="agency"),  # the only group holding agencies: no group cell needed
    dict(id="k1", name="Ban Dân tộc", type="department", group="so-khong-tthc"),
    dict(id="k2", name="Văn phòng Đoàn ĐBQH", type="department", group="so-khong-tthc"),
]
INPUTS = points("s1", 500, 400) + points("s2", 400, 300) + points("ca", 550, 360) + points("k1", 450, 270) + points("k2", 500, 300)


def grouped_data(root, units=UNITS, groups=GROUPS):
    points_framework(root / "frameworks" / "so-1000", "department", 600, 400)
    points_framework(root / "frameworks" / "so-800", "department", 500, 300)
    write_edition(root / "2025", 2025, {}, units, INPUTS, groups=groups)
    return root


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    dataset, report = validate(grouped_data(tmp_path_factory.mktemp("data")))
    assert report.ok, [str(i) for i in report.errors]
    return dataset


def by_id(results) -> dict[str, UnitResult]:
    return {r.unit.id: r for r in results}


def test_two_department_groups_are_ranked_apart_with_their_own_maxima(grouped):
    assert list(grouped.results[2025]) == ["so-co-tthc", "so-khong-tthc"]
    with_procedures = by_id(grouped.results[2025]["so-co-tthc"])
    without = by_id(grouped.results[2025]["so-khong-tthc"])
    assert {u: (r.score, r.max_score, r.percent, r.rank) for u, r in with_procedures.items()} == {
        "ca": (910, 1000, Decimal("91.00"), 1),
        "s1": (900, 1000, Decimal("90.00"), 2),
        "s2": (700, 1000, Decimal("70.00"), 3),
    }
    assert {u: (r.score, r.max_score, r.percent, r.rank) for u, r in without.items()} == {
        "k2": (800, 800, Decimal("100.00"), 1),
        "k1": (720, 800, Decimal("90.00"), 2),
    }
    assert with_procedures["ca"].unit.type == "agency" and with_procedures["ca"].framework_id == "so-1000"


def test_a_rank_says_among_whom(grouped):
    peers = build_peers(grouped)
    here = peers[(2025, "so-co-tthc")]
    assert here.rank_among(by_id(here.results)["s1"]) == "2/3 sở có thủ tục hành chính"
    there = peers[(2025, "so-khong-tthc")]
    assert there.rank_among(by_id(there.results)["k1"]) == "2/2 sở không có thủ tục hành chính"


def test_open_data_names_the_group_and_how_many_a_rank_is_among(grouped):
    rows = {r[1]: r for r in results_rows(grouped, 2025)}
    # … rank, …, group_id, group_label, ranked_among, then scale and shown
    assert rows["s1"][7] == 2 and rows["s1"][14:17] == ["so-co-tthc", "Sở có thủ tục hành chính", 3]
    assert rows["k1"][7] == 2 and rows["k1"][14:17] == ["so-khong-tthc", "Sở không có thủ tục hành chính", 2]
    assert rows["ca"][3] == "agency"


def test_a_year_without_groups_has_one_group_per_unit_type_at_the_usual_addresses(tmp_path):
    points_framework(tmp_path / "frameworks" / "so", "department", 60, 40)
    units = [dict(id="a", name="Sở A", type="department"), dict(id="b", name="Sở B", type="department")]
    write_edition(tmp_path / "2024", 2024, {"department": "so"}, units, points("a", 50, 30) + points("b", 60, 40))
    dataset, report = validate(tmp_path)
    assert report.ok, [str(i) for i in report.errors]
    edition = dataset.editions[2024]
    assert [(g.id, g.label, g.unit_types, g.framework) for g in edition.groups] == [("department", "Sở, ban, ngành", ("department",), "so")]
    assert not edition.groups_declared
    from generator.pages import paths

    assert paths.ranking(2024, "department") == "xep-hang/2024/so-ban-nganh.md"
    peers = build_peers(dataset)[(2024, "department")]
    # b: 100/100 rank 1; a: 80/100 rank 2
    assert peers.rank_among(by_id(peers.results)["a"]) == "2/2 sở, ban, ngành"


# --------------------------------------------------------------------------- communes within districts

# Tây Ninh's way: communes ranked within each district. Max 100 (60 + 40).
#   Huyện Một: x1 50 + 30 = 80 %, x2 30 + 30 = 60 %          → x1 1, x2 2
#   Huyện Hai: x3 40 + 30 = 70 %, x4 30 + 20 = 50 %, x5 70 % → x3 1, x5 1, x4 3
# Province-wide the same figures would rank x1 1, x3 2, x5 2, x2 4, x4 5.
COMMUNE_UNITS = [
    dict(id="h1", name="Huyện Một", type="district"),
    dict(id="h2", name="Huyện Hai", type="district"),
    dict(id="x1", name="Xã Một", type="commune", parent="h1"),
    dict(id="x2", name="Xã Hai", type="commune", parent="h1"),
    dict(id="x3", name="Xã Ba", type="commune", parent="h2"),
    dict(id="x4", name="Xã Bốn", type="commune", parent="h2"),
    dict(id="x5", name="Xã Năm", type="commune", parent="h2"),
]
COMMUNE_INPUTS = (
    points("h1", 50, 40) + points("h2", 40, 40)
    + points("x1", 50, 30) + points("x2", 30, 30) + points("x3", 40, 30) + points("x4", 30, 20) + points("x5", 40, 30)
)
COMMUNE_GROUPS = [
    {"id": "huyen", "label": "Huyện, thị xã, thành phố", "unit_types": ["district"], "framework": "huyen"},
    {"id": "xa", "label": "Xã, phường, thị trấn", "unit_types": ["commune"], "framework": "xa", "scope": "parent"},
]


@pytest.fixture(scope="module")
def within(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    points_framework(root / "frameworks" / "huyen", "district", 60, 40)
    points_framework(root / "frameworks" / "xa", "commune", 60, 40)
    write_edition(root / "2022", 2022, {}, COMMUNE_UNITS, COMMUNE_INPUTS, groups=COMMUNE_GROUPS)
    dataset, report = validate(root)
    assert report.ok, [str(i) for i in report.errors]
    return dataset


def test_communes_are_ranked_within_their_district(within):
    ranks = {r.unit.id: (r.percent, r.rank) for r in within.results[2022]["xa"]}
    assert ranks == {
        "x1": (Decimal("80.00"), 1), "x2": (Decimal("60.00"), 2),
        "x3": (Decimal("70.00"), 1), "x5": (Decimal("70.00"), 1), "x4": (Decimal("50.00"), 3),
    }
    peers = build_peers(within)[(2022, "xa")]
    results = by_id(peers.results)
    assert peers.rank_among(results["x4"]) == "3/3 xã, phường, thị trấn của Huyện Hai"
    assert peers.rank_among(results["x2"]) == "2/2 xã, phường, thị trấn của Huyện Một"
    # main index 1 is the whole score here: its ranks are within the district too
    assert {m.result.unit.id: m.rank for m in peers.main["1"]} == {"x1": 1, "x2": 2, "x3": 1, "x5": 1, "x4": 3}
    rows = {r[1]: r for r in results_rows(within, 2022)}
    assert rows["x4"][16] == 3 and rows["x1"][16] == 2


def test_a_commune_ranked_within_its_district_must_name_it(tmp_path):
    points_framework(tmp_path / "frameworks" / "huyen", "district", 60, 40)
    points_framework(tmp_path / "frameworks" / "xa", "commune", 60, 40)
    units = [dict(u, parent="") if u["id"] == "x1" else u for u in COMMUNE_UNITS]
    write_edition(tmp_path / "2022", 2022, {}, units, COMMUNE_INPUTS, groups=COMMUNE_GROUPS)
    _, report = validate(tmp_path)
    found = [(i.row, i.field, i.code) for i in report.errors]
    assert (4, "parent", "missing-parent-unit") in found  # x1 is the third unit: row 4 of units.csv


# --------------------------------------------------------------------------- bad groups, located


def issues_of(tmp_path, units=UNITS, groups=GROUPS) -> list[tuple]:
    _, report = validate(grouped_data(tmp_path, units, groups))
    return [(i.file.rsplit("/", 1)[-1], i.row, i.field, i.code, i.message) for i in report.errors]


def test_a_unit_two_groups_could_hold_must_name_its_group(tmp_path):
    units = [dict(u, group="") if u["id"] == "s2" else u for u in UNITS]
    [(file, row, field, code, message)] = issues_of(tmp_path, units)
    assert (file, row, field, code) == ("units.csv", 3, "group", "ambiguous-group")
    assert "so-co-tthc, so-khong-tthc" in message and "cột group" in message


def test_a_group_that_is_not_declared_or_does_not_hold_the_type_is_named(tmp_path):
    units = [dict(u, group="so-tthc") if u["id"] == "s1" else dict(u, group="so-khong-tthc") if u["id"] == "ca" else u for u in UNITS]
    found = [(file, row, field, code) for file, row, field, code, _ in issues_of(tmp_path, units)]
    assert found == [("units.csv", 2, "group", "unknown-group"), ("units.csv", 4, "group", "group-type-mismatch")]


def test_a_group_on_an_index_set_for_another_type_is_refused(tmp_path):
    groups = [GROUPS[0], dict(GROUPS[1], unit_types=["commune"])]
    found = [(file, field, code) for file, _, field, code, _ in issues_of(tmp_path, groups=groups)]
    assert ("datapackage.json", "dti.groups[1].framework", "framework-type-mismatch") in found


def test_a_group_entry_without_its_fields_is_reported_not_a_traceback(tmp_path):
    groups = [GROUPS[0], {"id": "Sở Khác!", "unit_types": "department", "framework": "so-800", "scope": "huyen"}]
    found = [(field, code) for _, _, field, code, _ in issues_of(tmp_path, groups=groups)]
    assert ("dti.groups[1].id", "bad-metadata") in found
    assert ("dti.groups[1].label", "bad-metadata") in found
    assert ("dti.groups[1].scope", "bad-metadata") in found


# --------------------------------------------------------------------------- properties of ranking

def _result(uid: str, parent: str, hundredths: int) -> UnitResult:
    unit = Unit(uid, uid, "commune", parent, False, "", (), 2)
    return UnitResult(2024, unit, "t", 0, 1, {}, Decimal(hundredths).scaleb(-2))


units_strategy = st.lists(st.tuples(st.sampled_from(["h1", "h2", "h3"]), st.integers(0, 10000)), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(units_strategy)
def test_within_parent_a_rank_depends_only_on_the_units_of_the_same_parent(spec):
    results = [_result(f"u{i}", parent, h) for i, (parent, h) in enumerate(spec)]
    ranked = {r.unit.id: r.rank for r in rank(results, within_parent=True)}
    for parent in {p for p, _ in spec}:
        alone = [r for r in results if r.unit.parent == parent]
        # ranked alone, the same units get the same ranks: the other districts' communes change nothing
        assert {r.unit.id: r.rank for r in rank(alone)} == {r.unit.id: ranked[r.unit.id] for r in alone}
        for r in alone:  # and each is one more than the number of its district's units strictly above it
            assert ranked[r.unit.id] == 1 + sum(o.percent > r.percent for o in alone)


def test_the_results_columns_of_the_contract_keep_their_places():
    from generator.opendata import _header

    # the contract's columns before groups (README, «Open data»), then the three added at the end
    assert _header("results") == [
        "year", "unit_id", "unit_name", "unit_type", "score", "max_score", "percent", "rank", "rank_change", "band",
        "parent_id", "parent_name", "not_ranked_reason", "rank_change_status", "group_id", "group_label", "ranked_among", "scale", "shown", "detail", "framework_id",
    ]


def test_objections_are_counted_by_ranking_group_and_checked_on_the_groups_index_set(tmp_path):
    """Objections in a year with groups: each is counted in its unit's group (the objections page), the
    methodology page of an index set counts only the groups scored on it, and an objection names an
    indicator of the index set of its unit's group."""
    import json

    from generator.packaging import header_of, json_text, resource, write_csv
    from generator.pages import site_content

    from .helpers import html_tables

    root = grouped_data(tmp_path / "data")
    # Three objections, all rejected (no score changes): s1 and ca are in so-co-tthc, k1 in so-khong-tthc.
    rows = [
        ["KN-01", "s1", "", "2026-01-10", "Đề nghị xem xét lại.", "Giữ nguyên kết quả.", "rejected", "", ""],
        ["KN-02", "ca", "1.1", "2026-01-12", "Đề nghị chấm lại chỉ số 1.1.", "Giữ nguyên điểm.", "rejected", "", ""],
        ["KN-03", "k1", "1.2", "2026-01-15", "Đề nghị chấm lại chỉ số 1.2.", "Giữ nguyên điểm.", "rejected", "", ""],
    ]
    folder = root / "2025"
    write_csv(folder / "objections.csv", header_of("objections"), rows)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append(resource("objections", "objections"))
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    dataset, report = validate(root)
    assert report.ok, [str(i) for i in report.errors]
    pages = {p.path: p for p in site_content(dataset)[0]}

    def cells(html, first):
        table = next(t for t in html_tables(html) if t["rows"][0][0].text == first)
        return [[c.text for c in row] for row in table["rows"]]

    # so-co-tthc: KN-01, KN-02 → 2 received, 2 rejected; so-khong-tthc: KN-03 → 1; all: 3.
    assert cells(pages["y-kien-don-vi/2025.md"].html, "Nhóm xếp hạng")[1:] == [
        ["Sở có thủ tục hành chính", "2", "0", "0", "2"],
        ["Sở không có thủ tục hành chính", "1", "0", "0", "1"],
        ["Tất cả", "3", "0", "0", "3"],
    ]
    # The 800-point index set scores only so-khong-tthc: its methodology page counts KN-03 alone.
    assert cells(pages["bo-chi-so/so-800.md"].html, "Năm")[1:] == [["2025", "1", "0", "0", "1"]]

    # An indicator that the unit's group's index set does not have is named at its row.
    write_csv(folder / "objections.csv", header_of("objections"), [rows[0], ["KN-02", "k1", "9.9", "2026-01-12", "Đề nghị.", "Giữ nguyên.", "rejected", "", ""]])
    _, report = validate(root)
    assert [(i.row, i.field) for i in report.sorted() if i.code == "objection-unknown-indicator"] == [(3, "indicator_id")]
