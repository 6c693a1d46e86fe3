"""Every published number can be defended: the figures a journalist recomputes from the downloads.

Each section is one numbered point of the published-numbers issue, with its expected values worked out
by hand in the comments from the rows written here. The index sets are tiny: most leaves are «points
entered directly» (rule ``points``), so a unit's score on a leaf is the number written for it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from generator.opendata import open_data_files
from generator.pages import paths, site_content
from generator.validate import validate

from .helpers import html_tables, set_formats, write_edition, write_framework


def points_framework(root: Path, fid: str, mains: dict[str, dict[str, int]], unit_type: str = "commune") -> None:
    """An index set of main indices, each with leaves scored by points entered directly:
    ``{"1": {"1.1": 40}, …}`` (leaf id → maximum)."""
    rows, inputs = [], []
    for main, leaves in mains.items():
        rows.append(dict(id=main, level="main", name=f"Chỉ số chính {main}", max_points=sum(leaves.values())))
        for leaf, maximum in leaves.items():
            rows.append(dict(id=leaf, parent=main, level="component", name=f"Chỉ số {leaf}", max_points=maximum, rule="points", formula="p"))
            inputs.append(dict(indicator_id=leaf, name="p", type="points", meaning="Điểm chấm"))
    write_framework(root / "frameworks" / fid, rows, inputs, unit_type=unit_type)


def points(uid: str, **by_leaf: str) -> list[dict]:
    """Input rows of one unit: ``l1_1="23.496"`` is 23.496 points on leaf 1.1."""
    return [dict(unit_id=uid, indicator_id=k[1:].replace("_", "."), input="p", self_value=v) for k, v in by_leaf.items()]


def valid(root: Path):
    dataset, report = validate(root)
    assert report.ok, [str(i) for i in report.errors]
    return dataset


def page(dataset, path: str) -> str:
    pages, _ = site_content(dataset)
    return next(p for p in pages if p.path == path).html


def csv_rows(files: dict, year: int, name: str) -> list[dict]:
    text = files[paths.open_data(year, name)]
    return list(csv.DictReader(io.StringIO(text if isinstance(text, str) else text.decode("utf-8"))))


# --------------------------------------------------------------------------- 1. the home page's trend

# One leaf of 100 points, so DTI % = the points written.
#   2023: A 70, B 75, C 80, D 90            → median (75 + 80)/2 = 77,50 % of 4 units
#   2024: A 60,25, E 61                     → median (60,25 + 61)/2 = 60,625 → 60,63 % (half up; half to
#                                             even would print 60,62)
#   change of the medians: 60,63 − 77,50 = −16,87 → «giảm 16,87 điểm phần trăm».
#   (The median of the units' own changes, which the page printed before, would speak of A alone:
#   60,25 − 70 = −9,75.)
@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    root = tmp_path_factory.mktemp("trend")
    points_framework(root, "p", {"1": {"1.1": 100}})
    write_edition(root / "2023", 2023, {"commune": "p"}, [dict(id=u, name=f"Xã {u.upper()}", type="commune") for u in "abcd"],
                  points("a", l1_1="70") + points("b", l1_1="75") + points("c", l1_1="80") + points("d", l1_1="90"))
    write_edition(root / "2024", 2024, {"commune": "p"}, [dict(id="a", name="Xã A", type="commune"), dict(id="e", name="Xã E", type="commune")],
                  points("a", l1_1="60.25") + points("e", l1_1="61"))
    return valid(root)


def test_the_home_page_says_how_the_median_of_all_assessed_units_changed(two_years):
    html = page(two_years, paths.HOME)
    card = html[html.index('id="the-commune"'):]
    card = " ".join(card[: card.index("</p>")].replace("&nbsp;", " ").split())
    assert "trung vị chỉ số DTI của các đơn vị được đánh giá: 60,63 %" in card
    assert "Năm 2023: 77,50 % (4 đơn vị); trung vị giảm 16,87 điểm phần trăm" in card
    assert "9,75" not in card


def test_the_trend_recomputes_from_the_two_years_results_csv(two_years):
    files = open_data_files(two_years)
    medians = []
    for year in (2023, 2024):
        values = sorted(Decimal(r["percent"]) for r in csv_rows(files, year, "results.csv"))
        mid = values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
        medians.append(mid.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))
    assert medians == [Decimal("77.50"), Decimal("60.63")]
    assert medians[1] - medians[0] == Decimal("-16.87")


# --------------------------------------------------------------------------- 2. main-index columns of a ranking

# Departments, main index 2 of 100 points = 2.1 (60) + 2.2 (40); main index 1 = 1.1 (40).
#   X: 2.1 not evaluated → main 2 is 28,81 of 40 = 72,025 → 72,03 %  (raw points would sort it last)
#   Y: 30 + 20 = 50 of 100 = 50,00 %;  Z: 60 + 30 = 90 of 100 = 90,00 %
#   Main 1 has one maximum (40) for all: its column stays in points.
#   Sorted by main 2: Z 90,00 %, X 72,03 %, Y 50,00 %.
@pytest.fixture(scope="module")
def departments(tmp_path_factory):
    root = tmp_path_factory.mktemp("departments")
    points_framework(root, "s", {"1": {"1.1": 40}, "2": {"2.1": 60, "2.2": 40}}, unit_type="department")
    units = [dict(id=u, name=f"Sở {u.upper()}", type="department") for u in "xyz"]
    rows = points("x", l1_1="30", l2_2="28.81") + points("y", l1_1="20", l2_1="30", l2_2="20") + points("z", l1_1="10", l2_1="60", l2_2="30")
    write_edition(root / "2025", 2025, {"department": "s"}, units, rows, [dict(unit_id="x", indicator_id="2.1", not_evaluated="yes")])
    return valid(root)


def test_a_main_index_whose_maxima_differ_is_ranked_by_percent_of_each_units_maximum(departments):
    [table] = [t for t in html_tables(page(departments, paths.ranking(2025, "department"))) if t["attrs"].get("id") == "dti-ranking"]
    header = [c.text for c in table["rows"][0]]
    main1, main2 = header.index("1. Chỉ số chính 1 (40)"), header.index("2. Chỉ số chính 2 (% điểm tối đa của đơn vị)")
    cells = {row[1].text: row for row in table["rows"][1:]}
    assert cells["Sở X"][main2].text == "72,03 % 28,81/40" and cells["Sở X"][main2].attrs["data-value"] == "72.03"
    assert cells["Sở Y"][main2].text == "50,00 % 50,00/100"
    assert cells["Sở Z"][main2].text == "90,00 % 90,00/100"
    assert [cells[u][main1].text for u in ("Sở X", "Sở Y", "Sở Z")] == ["30,00", "20,00", "10,00"]
    by_main2 = sorted(cells, key=lambda u: -float(cells[u][main2].attrs["data-value"]))
    assert by_main2 == ["Sở Z", "Sở X", "Sở Y"]


def test_the_main_index_percent_is_in_the_open_data(departments):
    rows = {(r["unit_id"], r["indicator_id"]): r for r in csv_rows(open_data_files(departments), 2025, "indicator_scores.csv")}
    assert (rows[("x", "2")]["score"], rows[("x", "2")]["max_points"], rows[("x", "2")]["percent"]) == ("28.81", "40.00", "72.03")
    assert rows[("x", "2.1")]["percent"] == ""  # not evaluated
    assert rows[("z", "2")]["percent"] == "90.00"


# --------------------------------------------------------------------------- 3. statistics from published values

# Communes, 1 = 1.1 (50) + 1.2 (50), points written with three decimals:
#   A: 1.1 23,496 → 23,50;  1.2 10,005 → 10,01 (half up)  → total 23,50 + 10,01 = 33,51 → 33,51 %
#      (unrounded, 33,501 → 33,50: the total printed would not be the sum of its printed rows)
#   B: 1.1 23,5051 → 23,51; 1.2 0 → total 23,51
#   C: 1.1 20;  D: 1.1 30 (1.2 0 for both)
#   Peer median of 1.1 from the published values 20; 23,50; 23,51; 30 → (23,50 + 23,51)/2 = 23,505 → 23,51
#   (from the unrounded values it would be (23,496 + 23,5051)/2 = 23,50055 → 23,50).
#   A's points lost: 1.1 50 − 23,50 = 26,50; 1.2 50 − 10,01 = 39,99; in all 66,49 = 100 − 33,51.
@pytest.fixture(scope="module")
def three_decimals(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    points_framework(root, "c", {"1": {"1.1": 50, "1.2": 50}})
    units = [dict(id=u, name=f"Xã {u.upper()}", type="commune") for u in "abcd"]
    rows = points("a", l1_1="23.496", l1_2="10.005") + points("b", l1_1="23.5051", l1_2="0") + points("c", l1_1="20", l1_2="0") + points("d", l1_1="30", l1_2="0")
    write_edition(root / "2024", 2024, {"commune": "c"}, units, rows)
    return valid(root)


def test_a_total_is_the_sum_of_its_rows_as_published(three_decimals):
    files = open_data_files(three_decimals)
    a = next(r for r in csv_rows(files, 2024, "results.csv") if r["unit_id"] == "a")
    assert (a["score"], a["percent"]) == ("33.51", "33.51")
    leaves = [r for r in csv_rows(files, 2024, "indicator_scores.csv") if r["unit_id"] == "a" and "." in r["indicator_id"]]
    assert [r["score"] for r in leaves] == ["23.50", "10.01"]
    assert sum(Decimal(r["score"]) for r in leaves) == Decimal(a["score"])


def test_a_scorecards_peer_median_and_points_lost_are_those_of_the_published_values(three_decimals):
    html = page(three_decimals, paths.scorecard("a", 2024))
    [indicators] = [t for t in html_tables(html) if "dti-indicators" in t["attrs"].get("class", "")]
    rows = {r[0].text: {c.attrs.get("data-label"): c.text for c in r} for r in indicators["rows"][1:]}
    assert rows["1.1"]["Trung vị"] == "23,51"
    assert (rows["1.1"]["Điểm thẩm định"], rows["1.1"]["Điểm chưa đạt"]) == ("23,50", "26,50")
    assert (rows["1.2"]["Điểm thẩm định"], rows["1.2"]["Điểm chưa đạt"]) == ("10,01", "39,99")
    assert "Tổng cộng đơn vị chưa đạt 66,49 điểm" in html


# --------------------------------------------------------------------------- 4. no score outside [0, max]

# 1.1 = (a − b)/b × 10 with a = 13, b = 19 → −6/19 = −31,58 % → −3,16 points: refused, located at the
# unit's first input row of 1.1 (row 2 of inputs.csv), naming the unit, the indicator and both figures.
def test_a_formula_that_would_give_a_negative_score_is_a_located_error(tmp_path):
    write_framework(tmp_path / "frameworks" / "n", [
        dict(id="1", level="main", name="Chính", max_points=10),
        dict(id="1.1", parent="1", level="component", name="Tăng trưởng", max_points=10, rule="ratio", formula="(a-b)/b"),
    ], [dict(indicator_id="1.1", name="a", type="count", meaning="Năm nay"), dict(indicator_id="1.1", name="b", type="count", meaning="Năm trước")])
    write_edition(tmp_path / "2024", 2024, {"commune": "n"}, [dict(id="xa-a", name="Xã A", type="commune")], [
        dict(unit_id="xa-a", indicator_id="1.1", input="a", self_value="13"), dict(unit_id="xa-a", indicator_id="1.1", input="b", self_value="19"),
    ])
    _, report = validate(tmp_path)
    [error] = report.errors
    assert (error.code, Path(error.file).name, error.row, error.field) == ("score-out-of-range", "inputs.csv", 2, "appraised_value")
    for part in ("«xa-a»", "chỉ số 1.1", "(a-b)/b", "-31,58 %", "-3,16", "a = 13", "b = 19"):
        assert part in error.message


# --------------------------------------------------------------------------- 5. each side in its own number format

# 1.1: tiers on an amount, ≥ 10 → 10 points, else 0. Both columns hold the text «1.500»; the council's
# column declares groupChar «.» and decimalChar «,», so its «1.500» is 1500 → 10 points; the office's
# column declares nothing, so its «1.500» is 1,5 → 0 points.
def test_equal_texts_in_columns_with_different_number_formats_are_two_figures(tmp_path):
    write_framework(tmp_path / "frameworks" / "f", [
        dict(id="1", level="main", name="Chính", max_points=10),
        dict(id="1.1", parent="1", level="component", name="Kinh phí", max_points=10, rule="tiers", formula="x", options=">= 10: 1; else: 0"),
    ], [dict(indicator_id="1.1", name="x", type="amount", meaning="Kinh phí", unit="triệu đồng")])
    folder = write_edition(tmp_path / "2024", 2024, {"commune": "f"}, [dict(id="a", name="Xã A", type="commune")],
                           [dict(unit_id="a", indicator_id="1.1", input="x", self_value="1.500", appraised_value="1.500")])
    set_formats(folder, {("inputs", "appraised_value"): {"decimalChar": ",", "groupChar": "."}})
    [a] = valid(tmp_path).results[2024]["commune"]
    assert (a.indicators["1.1"].score, a.indicators["1.1"].self_score) == (10, 0)


# --------------------------------------------------------------------------- 6. rules written as a decision prints them

def trap_framework(root: Path, formula: str, rule: str, options: str = "") -> Path:
    return write_framework(root / "frameworks" / "t", [
        dict(id="1", level="main", name="Chính", max_points=10),
        dict(id="1.1", parent="1", level="component", name="Tỷ lệ", max_points=10, rule=rule, formula=formula, options=options),
    ], [dict(indicator_id="1.1", name=n, type="count", meaning=f"Số {n}") for n in ("a", "b", "c") if n in formula])


def three_communes(root: Path, **figures: str) -> None:
    units = [dict(id=u, name=f"Xã {u.upper()}", type="commune") for u in "pqr"]
    rows = [dict(unit_id=u, indicator_id="1.1", input=n, self_value=v) for u in "pqr" for n, v in figures.items()]
    write_edition(root / "2024", 2024, {"commune": "t"}, units, rows)


def located(report, code):
    return [(Path(i.file).name, i.row, i.field, i.severity) for i in report.sorted() if i.code == code]


# «a+b/c» copied from a fraction (a + b over c): with a = 30, b = 50, c = 100 Python reads 30 + 0,5 =
# 30,5 = 3.050 %, capped to 100 % → every unit full points. Two warnings at row 3 of indicators.csv (1.1):
# how the formula is read, and that all 3 units got the maximum.
def test_a_formula_copied_from_a_fraction_bar_is_warned_about_where_it_is_written(tmp_path):
    trap_framework(tmp_path, "a+b/c", "ratio", "over_100: cap")
    three_communes(tmp_path, a="30", b="50", c="100")
    _, report = validate(tmp_path)
    assert located(report, "formula-precedence") == [("indicators.csv", 3, "formula", "warning")]
    assert "a + (b / c)" in next(i.message for i in report.issues if i.code == "formula-precedence")
    assert located(report, "rule-all-max") == [("indicators.csv", 3, "formula", "warning")]
    assert "cả 3 đơn vị" in next(i.message for i in report.issues if i.code == "rule-all-max")


# Tiers «>= 10: 1; >= 7: 0.7» on a/b: a ratio lies in 0–1, so 10 means 1.000 % and no unit can reach it;
# with a = 9, b = 10 (90 %) every unit scores 0: a warning at the options cell, and the all-zero warning.
def test_tier_thresholds_without_a_percent_sign_on_a_ratio_are_warned_about(tmp_path):
    trap_framework(tmp_path, "a/b", "tiers", ">= 10: 1; >= 7: 0.7; else: 0")
    three_communes(tmp_path, a="9", b="10")
    _, report = validate(tmp_path)
    assert located(report, "threshold-over-ratio") == [("indicators.csv", 3, "options", "warning")]
    assert "«>= 10%»" in next(i.message for i in report.issues if i.code == "threshold-over-ratio")
    assert located(report, "rule-all-zero") == [("indicators.csv", 3, "formula", "warning")]


def test_a_target_of_95_on_a_ratio_says_to_write_95_percent(tmp_path):
    trap_framework(tmp_path, "a/b", "ratio_target", "target: 95")
    three_communes(tmp_path, a="9", b="10")
    _, report = validate(tmp_path)
    [error] = [i for i in report.errors if Path(i.file).name == "indicators.csv"]
    assert (error.row, error.field) == (3, "options")
    assert "9.500 %" in error.message and "«target: 95%»" in error.message


# --------------------------------------------------------------------------- 7. a unit's history is its own

def every_type(root: Path) -> dict[str, str]:
    for fid, unit_type in (("so", "department"), ("huyen", "district"), ("xa", "commune")):
        points_framework(root, fid, {"1": {"1.1": 10}}, unit_type=unit_type)
    return {"department": "so", "district": "huyen", "commune": "xa"}


def year(root: Path, y: int, units: list[dict]) -> None:
    present = {u["type"] for u in units}
    frameworks = {t: f for t, f in every_type(root).items() if t in present}
    write_edition(root / str(y), y, frameworks, units, [r for u in units for r in points(u["id"], l1_1="5")])


def test_an_id_that_changes_type_between_years_is_an_error(tmp_path):
    year(tmp_path, 2024, [dict(id="x", name="Sở X", type="department")])
    year(tmp_path, 2025, [dict(id="x", name="Xã X", type="commune")])
    _, report = validate(tmp_path)
    assert located(report, "unit-type-changed") == [("units.csv", 2, "type", "error")]


# 2023: A and B; 2024: A continues B; 2025: B continues A — a circle.
def test_a_lineage_that_runs_in_a_circle_is_an_error(tmp_path):
    year(tmp_path, 2023, [dict(id="a", name="Xã A", type="commune"), dict(id="b", name="Xã B", type="commune")])
    year(tmp_path, 2024, [dict(id="a", name="Xã A", type="commune", predecessors="b")])
    year(tmp_path, 2025, [dict(id="b", name="Xã B", type="commune", predecessors="a")])
    _, report = validate(tmp_path)
    assert located(report, "lineage-cycle") == [("units.csv", 2, "predecessors", "error")]


# 2023: P; 2024: Q only; 2025: R names P, absent in 2024.
def test_a_predecessor_that_skips_a_year_is_warned_about(tmp_path):
    year(tmp_path, 2023, [dict(id="p", name="Xã P", type="commune")])
    year(tmp_path, 2024, [dict(id="q", name="Xã Q", type="commune")])
    year(tmp_path, 2025, [dict(id="r", name="Xã R", type="commune", predecessors="p")])
    _, report = validate(tmp_path)
    assert located(report, "predecessor-gap") == [("units.csv", 2, "predecessors", "warning")]
    assert "năm 2024" in next(i.message for i in report.issues if i.code == "predecessor-gap")


def test_only_a_commune_has_a_parent_unit_and_it_is_a_district(tmp_path):
    year(tmp_path, 2024, [
        dict(id="h", name="Huyện H", type="district"),
        dict(id="x", name="Xã X", type="commune", parent="h"),
        dict(id="s", name="Sở S", type="department", parent="h"),
        dict(id="k", name="Huyện K", type="district", parent="x"),
    ])
    _, report = validate(tmp_path)
    assert located(report, "bad-parent-unit") == [("units.csv", 4, "parent", "error"), ("units.csv", 5, "parent", "error")]
