"""Totals, DTI %, not-evaluated exclusion, min–max among peers, ranks, bands and lineage.

The small commune index set of tests/helpers.py (SMALL_FRAMEWORK, 50 points) and six units whose expected
results are worked out by hand below.
"""

from decimal import Decimal
from fractions import Fraction as F

import pytest

from generator.numeric import round_published
from generator.score import changed
from generator.validate import validate

from .helpers import SMALL_FRAMEWORK, SMALL_INPUTS, unit_inputs, write_edition, write_framework

BANDS = [{"label": "Tốt", "min_percent": 90}, {"label": "Khá", "min_percent": 70}, {"label": "Trung bình", "min_percent": 50}, {"label": "Yếu", "min_percent": 0}]


# Hand-worked year 2023 (min–max 2.2 among x = 50, 10, 30, 30, 50 → low 10, high 50):
#   A: 10 + 9 (council: 9 of 10) + 10 (80 % ≥ target) + 20 (x = 50)          = 49 / 50 = 98 %
#   B: 10 + 10 + 5 (40 %/80 % × 10) + 0 (x = 10)                               = 25 / 50 = 50 %
#   C: 0 + 5 + 10 + 10 ((30 − 10)/(50 − 10) × 20)                              = 25 / 50 = 50 %
#   D: 10 + 1 + 2.5 (20 %/80 % × 10) + 10                                       = 23.5 / 50 = 47 %
#   E: 2.2 not evaluated → 10 + 7.5 (3/4) + 8.75 (70 %/80 % × 10)               = 26.25 / 30 = 87.5 %
#   F: not ranked; 10 + 10 + 10 + 20                                            = 50 / 50 = 100 %
#   ranks: A 1, E 2, B 3, C 3, D 5 (ties share a rank; F has none)
YEAR1_UNITS = [dict(id=u.lower(), name=f"Xã {u}", type="commune") for u in "ABCDE"] + [
    dict(id="f", name="Xã F", type="commune", not_ranked="yes", not_ranked_reason="Thành lập giữa năm")
]
YEAR1_INPUTS = (
    unit_inputs("a", "có", (10, 10), (8, 10), 50)
    + unit_inputs("b", "có", (10, 10), (4, 10), 10)
    + unit_inputs("c", "không", (5, 10), (8, 10), 30)
    + unit_inputs("d", "có", (1, 10), (2, 10), 30)
    + unit_inputs("e", "có", (3, 4), (7, 10), None)
    + unit_inputs("f", "có", (10, 10), (10, 10), 50)
)
YEAR1_ASSESSMENTS = [
    dict(unit_id="a", indicator_id="1.2", self_score=10, note="Hội đồng chỉ công nhận 9 trên 10."),
    dict(unit_id="e", indicator_id="2.2", not_evaluated="yes"),
]
# 2024: A loses 1.1 (39/50 = 78 %); G continues B alone; H was formed from C and D.
#   min–max among A 50, G 10, H 30 → A 20, G 0, H 10.  E 87.5 %, A 78 %, G 50 %, H 50 %.
#   ranks: E 1 (+1), A 2 (−1), G 3 (B was 3 → 0), H 3 (two ranked predecessors → no change shown)
YEAR2_UNITS = [
    dict(id="a", name="Xã A", type="commune"),
    dict(id="e", name="Xã E", type="commune"),
    dict(id="g", name="Xã G", type="commune", predecessors="b"),
    dict(id="h", name="Xã H", type="commune", predecessors="c d"),
]
YEAR2_INPUTS = (
    unit_inputs("a", "không", (10, 10), (8, 10), 50)
    + unit_inputs("e", "có", (3, 4), (7, 10), None)
    + unit_inputs("g", "có", (10, 10), (4, 10), 10)
    + unit_inputs("h", "không", (5, 10), (8, 10), 30)
)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_framework(root / "frameworks" / "t", SMALL_FRAMEWORK, SMALL_INPUTS)
    year1_inputs = [dict(r, appraised_value="9") if (r["unit_id"], r["indicator_id"], r["input"]) == ("a", "1.2", "a") else r for r in YEAR1_INPUTS]
    write_edition(root / "2023", 2023, {"commune": "t"}, YEAR1_UNITS, year1_inputs, YEAR1_ASSESSMENTS, bands=BANDS)
    write_edition(root / "2024", 2024, {"commune": "t"}, YEAR2_UNITS, YEAR2_INPUTS, [dict(unit_id="e", indicator_id="2.2", not_evaluated="yes")], bands=BANDS)
    ds, report = validate(root)
    assert report.ok, [str(i) for i in report.errors]
    return ds


def by_id(ds, year):
    return {r.unit.id.upper(): r for r in ds.results[year]["commune"]}


def test_totals_and_percentages(dataset):
    r = by_id(dataset, 2023)
    assert {u: (r[u].score, r[u].max_score) for u in "ABCDEF"} == {
        "A": (49, 50), "B": (25, 50), "C": (25, 50), "D": (F("23.5"), 50), "E": (F("26.25"), 30), "F": (50, 50),
    }
    assert [r[u].percent for u in "ABCDEF"] == [Decimal("98.00"), Decimal("50.00"), Decimal("50.00"), Decimal("47.00"), Decimal("87.50"), Decimal("100.00")]


def test_main_index_totals(dataset):
    a = by_id(dataset, 2023)["A"].indicators
    assert (a["1"].score, a["1"].max_points, a["2"].score, a["2"].max_points) == (19, 20, 30, 30)


def test_not_evaluated_is_out_of_both_achieved_and_maximum(dataset):
    e = by_id(dataset, 2023)["E"].indicators
    assert e["2.2"].status == "not_evaluated" and e["2.2"].score is None
    assert e["2"].max_points == 10  # 2.1 only


def test_minmax_among_peers_of_the_same_type_and_year(dataset):
    r = by_id(dataset, 2023)
    assert [r[u].indicators["2.2"].score for u in "ABCDF"] == [20, 0, 10, 10, 20]


def test_ranks_share_ties_and_skip(dataset):
    r = by_id(dataset, 2023)
    assert [r[u].rank for u in "AEBCD"] == [1, 2, 3, 3, 5]
    assert r["F"].rank is None  # scored, not ranked


def test_display_order_puts_unranked_last(dataset):
    assert [x.unit.id for x in dataset.results[2023]["commune"]] == ["a", "e", "b", "c", "d", "f"]


def test_bands(dataset):
    r = by_id(dataset, 2023)
    assert [r[u].band for u in "AEBCD"] == ["Tốt", "Khá", "Trung bình", "Trung bình", "Yếu"]


def test_self_score_and_council_change(dataset):
    a = by_id(dataset, 2023)["A"].indicators["1.2"]
    assert (a.self_score, a.score) == (10, 9)
    assert changed(a) and a.note == "Hội đồng chỉ công nhận 9 trên 10."
    assert not changed(by_id(dataset, 2023)["B"].indicators["1.2"])


def test_rank_change_with_lineage(dataset):
    r = by_id(dataset, 2024)
    assert {u: (r[u].rank, r[u].rank_change) for u in "EAGH"} == {"E": (1, 1), "A": (2, -1), "G": (3, 0), "H": (3, None)}
    assert all(x.rank_change is None for x in dataset.results[2023]["commune"])  # nothing to compare with


def test_published_rounding_is_half_away_from_zero():
    assert round_published(F(1, 8)) == Decimal("0.13")
    assert round_published(F("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert round_published(F("-0.125")) == Decimal("-0.13")
    assert round_published(F(2, 3) * 100) == Decimal("66.67")
    assert round_published(F("0.004999")) == Decimal("0.00")


def test_parent_self_score_that_does_not_add_up_is_an_error(tmp_path):
    # Seed 002 (Côn Minh): section 4 is scored "45" while its rows add up to 40. Here: 1.1 + 1.2 claim 10 + 5,
    # the parent claims 20.
    write_framework(tmp_path / "frameworks" / "t", SMALL_FRAMEWORK, SMALL_INPUTS)
    assessments = [
        dict(unit_id="a", indicator_id="1.1", self_score=10),
        dict(unit_id="a", indicator_id="1.2", self_score=5),
        dict(unit_id="a", indicator_id="1", self_score=20),
    ]
    write_edition(tmp_path / "2024", 2024, {"commune": "t"}, [dict(id="a", name="Xã A", type="commune")], unit_inputs("a", "có", (5, 10), (8, 10), 5), assessments)
    _, report = validate(tmp_path)
    [issue] = [i for i in report.errors]
    assert issue.code == "parent-self-score-mismatch"
    assert (issue.file.endswith("2024/assessments.csv"), issue.row, issue.field) == (True, 4, "self_score")
    assert "20" in issue.message and "15" in issue.message
