"""Years entered at the level they were published (``dti.detail``): totals, or main indices, from the
printed table in ``published.csv``; what the table prints is checked against what its points give."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from generator.packaging import header_of, write_csv
from generator.pages.views import build_peers
from generator.validate import validate

from .helpers import write_edition
from .test_groups import points_framework

PUBLISHED_HEADER = ["unit_id", "indicator_id", "points", "max_points", "percent", "rank", "band"]

# Lâm Đồng 2023, the top four of its ranking, out of 1.000 as printed:
#   Sở Tài chính 914,31 → 914,31/1.000 × 100 = 91,431 → 91,43 %  rank 1
#   Công an tỉnh 913,89 → 91,389 → 91,39 %                        rank 2
#   Sở GD&ĐT     909,58 → 90,958 → 90,96 %                        rank 3
#   VP UBND tỉnh 896,94 → 89,694 → 89,69 %                        rank 4
LAM_DONG_UNITS = [
    dict(id="so-tai-chinh", name="Sở Tài chính", type="department"),
    dict(id="cong-an-tinh", name="Công an tỉnh", type="agency"),
    dict(id="so-gd-dt", name="Sở Giáo dục và Đào tạo", type="department"),
    dict(id="vp-ubnd-tinh", name="Văn phòng UBND tỉnh", type="department"),
]
LAM_DONG_ROWS = [
    ["so-tai-chinh", "", "914.31", "1000", "", "1", ""],
    ["cong-an-tinh", "", "913.89", "1000", "", "2", ""],
    ["so-gd-dt", "", "909.58", "1000", "", "3", ""],
    ["vp-ubnd-tinh", "", "896.94", "1000", "", "4", ""],
]
GROUPS = [{"id": "so-co-tthc", "label": "Sở có thủ tục hành chính", "unit_types": ["department", "agency"], "framework": "so-1000"}]


def summary_year(root, rows, detail="total", units=LAM_DONG_UNITS, groups=GROUPS, bands=(), year=2023):
    points_framework(root / "frameworks" / "so-1000", "department", 600, 400)
    folder = write_edition(root / str(year), year, {}, units, [], groups=groups, detail=detail, bands=bands)
    for name in ("assessments", "inputs"):
        (folder / f"{name}.csv").unlink()
    write_csv(folder / "published.csv", PUBLISHED_HEADER, rows)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("assessments", "inputs")] + [{"name": "published", "path": "published.csv"}]
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return root


def year_warnings(report) -> list:
    """The warnings about the year (the small index set's own, «no evidence stated», left aside)."""
    return [i for i in report.warnings if "/frameworks/" not in i.file]


def test_the_published_header_is_the_standard_one():
    assert header_of("published") == PUBLISHED_HEADER


def test_lam_dong_2023_entered_at_total_level(tmp_path):
    dataset, report = validate(summary_year(tmp_path, LAM_DONG_ROWS))
    assert report.ok and not year_warnings(report), [str(i) for i in report.issues]
    found = [(r.unit.id, r.score, r.max_score, r.percent, r.rank) for r in dataset.results[2023]["so-co-tthc"]]
    assert found == [
        ("so-tai-chinh", Fraction("914.31"), 1000, Decimal("91.43"), 1),
        ("cong-an-tinh", Fraction("913.89"), 1000, Decimal("91.39"), 2),
        ("so-gd-dt", Fraction("909.58"), 1000, Decimal("90.96"), 3),
        ("vp-ubnd-tinh", Fraction("896.94"), 1000, Decimal("89.69"), 4),
    ]
    assert all(r.indicators == {} for r in dataset.results[2023]["so-co-tthc"])  # no indicator invented
    assert dataset.editions[2023].detail_note == "công bố ở mức tổng điểm"
    peers = build_peers(dataset)[(2023, "so-co-tthc")]
    assert peers.rank_among(peers.by_unit["cong-an-tinh"]) == "2/4 sở có thủ tục hành chính"


def test_what_the_table_prints_is_checked_and_every_difference_located(tmp_path):
    # row 2 prints 91,44 % (91,431 rounds to 91,43); row 4 prints rank 2 (909,58 is third); row 3 prints
    # band «Khá» where 91,39 % is «Tốt» (bands: Tốt from 90 %, Khá from 70 %, Yếu from 0).
    rows = [list(r) for r in LAM_DONG_ROWS]
    rows[0][4] = "91.44"
    rows[1][6] = "Khá"
    rows[2][5] = "2"
    bands = [{"label": "Tốt", "min_percent": 90}, {"label": "Khá", "min_percent": 70}, {"label": "Yếu", "min_percent": 0}]
    dataset, report = validate(summary_year(tmp_path, rows, bands=bands))
    assert report.ok
    found = [(i.file.rsplit("/", 1)[-1], i.row, i.field, i.code) for i in year_warnings(report)]
    assert found == [
        ("published.csv", 2, "percent", "printed-percent-differs"),
        ("published.csv", 3, "band", "printed-band-differs"),
        ("published.csv", 4, "rank", "printed-rank-differs"),
    ]
    assert dataset.results[2023]["so-co-tthc"][2].rank == 3  # the site keeps the rank the points give


def test_a_year_at_main_index_level_adds_its_main_indices(tmp_path):
    # main index 1 of so-1000 is the whole set (1.000): a unit's total row 900 beside main 1 at 880 → warning,
    # the result is the main indices' sum, 880/1.000 = 88,00 %
    units = LAM_DONG_UNITS[:1]
    rows = [["so-tai-chinh", "1", "880", "1000", "", "", ""], ["so-tai-chinh", "", "900", "1000", "", "", ""]]
    dataset, report = validate(summary_year(tmp_path, rows, detail="main", units=units))
    assert report.ok
    assert [(i.row, i.field, i.code) for i in year_warnings(report)] == [(3, "points", "published-total-differs")]
    [r] = dataset.results[2023]["so-co-tthc"]
    assert (r.score, r.percent, list(r.indicators)) == (880, Decimal("88.00"), ["1"])
    assert dataset.editions[2023].detail_note == "công bố ở mức chỉ số chính"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["so-tai-chinh", "1", "914.31", "1000", "", "", ""]], [("published.csv", 2, "indicator_id", "bad-published-row"), ("units.csv", 2, "id", "missing-published-row")]),
        ([["so-khac", "", "1", "10", "", "", ""], ["so-tai-chinh", "", "11", "10", "", "", ""]], [("published.csv", 2, "unit_id", "unknown-unit"), ("published.csv", 3, "points", "points-over-max")]),
    ],
)
def test_a_bad_printed_row_is_named_not_a_traceback(tmp_path, rows, expected):
    _, report = validate(summary_year(tmp_path, rows, units=LAM_DONG_UNITS[:1]))
    assert [(i.file.rsplit("/", 1)[-1], i.row, i.field, i.code) for i in report.errors] == expected


def test_a_summary_year_has_no_forms(tmp_path):
    from generator.forms.template import make_templates

    summary_year(tmp_path, LAM_DONG_ROWS)
    written, report = make_templates(tmp_path, 2023, tmp_path / "phieu")
    assert written == [] and [(i.field, i.code) for i in report.errors] == [("dti.detail", "summary-year-no-forms")]
