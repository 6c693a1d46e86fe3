"""A real year goes in: council-awarded scores, published tables that do not add up, missing data,
numbers as offices write them, level labels.

Expected values are worked out by hand below from the 50-point commune index set REAL_YEAR_FRAMEWORK of
tests/helpers.py; the Côn Minh case uses seed 002's 2023 table exactly as printed
(tests/fixtures/con-minh-2023, worked in its EXPECTED.md).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

import pytest

from generator.opendata import open_data_files
from generator.validate import validate

from .helpers import FRAMEWORKS, REAL_YEAR_FRAMEWORK, REAL_YEAR_INPUTS, ROOT, write_edition, write_framework


def inputs_of(uid, da_co="có", ab=(9, 10), muc="cao", diem="7", p="60", skip=()):
    rows = [
        ("1.1", "da_co", da_co), ("1.2", "a", ab[0]), ("1.2", "b", ab[1]), ("2.1", "muc", muc), ("2.2", "diem", diem), ("2.3", "p", p),
    ]
    return [dict(unit_id=uid, indicator_id=i, input=n, self_value=v) for i, n, v in rows if i not in skip]


def package(tmp_path: Path, units, inputs, assessments=(), **meta) -> Path:
    write_framework(tmp_path / "frameworks" / "r", REAL_YEAR_FRAMEWORK, REAL_YEAR_INPUTS)
    folder = write_edition(tmp_path / "2024", 2024, {"commune": "r"}, units, inputs, assessments)
    if meta:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        descriptor["dti"].update(meta.get("dti", {}))
        for resource in descriptor["resources"]:
            for field in resource.get("schema", {}).get("fields", []):
                field.update(meta.get("formats", {}).get((resource["name"], field["name"]), {}))
        (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def issues(report, code):
    return [i for i in report.sorted() if i.code == code]


UNITS = [dict(id="a", name="Xã A", type="commune"), dict(id="b", name="Xã B", type="commune")]
NOTE = "Hội đồng chỉ công nhận một phần tài liệu kiểm chứng."


# --------------------------------------------------------------------------- 1. the council's awarded score

# Xã A, worked by hand (seed 002 row 4.4: a yes/no indicator scored 5 of 15 by the council; here 5 of 10):
#   1.1 council 5 (its figure «có» gives 10 by the rule)   1.2 9/10 → 9     2.1 «thap» → 5
#   2.2 points entered 7                                    2.3 60 %/80 % × 10 = 7.5
#   total 5 + 9 + 5 + 7 + 7.5 = 33.5 of 50 → 67 %
# Xã B: 1.2 awarded 4 by the council with no inputs at all (inputs are optional then); the rest as A's
#   defaults: 10 + 4 + 10 + 7 + 7.5 = 38.5 → 77 %.
@pytest.fixture
def council(tmp_path):
    inputs = inputs_of("a", muc="thap") + inputs_of("b", skip=("1.2",))
    assessments = [dict(unit_id="a", indicator_id="1.1", appraised_score=5, note=NOTE), dict(unit_id="b", indicator_id="1.2", appraised_score=4, note=NOTE)]
    return package(tmp_path, UNITS, inputs, assessments)


def test_the_council_score_is_official_and_the_formula_score_is_kept_beside_it(council):
    dataset, report = validate(council)
    assert report.ok, [str(i) for i in report.errors]
    a, b = ({r.unit.id: r for r in dataset.results[2024]["commune"]}[u] for u in "ab")
    one = a.indicators["1.1"]
    assert (one.score, one.formula_score, one.basis, one.note) == (5, 10, "council", NOTE)
    assert (a.score, a.percent) == (F("33.5"), Decimal("67.00"))
    assert (b.indicators["1.2"].score, b.indicators["1.2"].formula_score, b.score) == (4, None, F("38.5"))
    assert [a.indicators[i].basis for i in ("1", "1.2", "2.1", "2.2", "2.3")] == ["", "computed", "computed", "direct", "computed"]
    warned = issues(report, "council-score-off-rule")  # 5 is neither 0 nor 10 on a yes/no indicator
    assert [(w.row, w.field) for w in warned] == [(2, "appraised_score")] and "0, 10" in warned[0].message


def test_the_basis_column_is_added_at_the_end_of_indicator_scores(council):
    dataset, _ = validate(council)
    text = open_data_files(dataset)["data/2024/indicator_scores.csv"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "year,unit_id,indicator_id,max_points,self_score,score,status,basis,percent,note"
    basis = {(r["unit_id"], r["indicator_id"]): (r["score"], r["basis"]) for r in rows}
    assert basis[("a", "1.1")] == ("5.00", "council") and basis[("a", "2.2")] == ("7.00", "direct")
    assert basis[("a", "1.2")] == ("9.00", "computed") and basis[("a", "1")] == ("14.00", "")


@pytest.mark.parametrize(
    "assessment, code, field",
    [
        (dict(unit_id="a", indicator_id="1.1", appraised_score=5), "missing-note", "note"),
        (dict(unit_id="a", indicator_id="1.1", appraised_score=12, note=NOTE), "appraised-score-over-max", "appraised_score"),
        (dict(unit_id="a", indicator_id="1", appraised_score=12, note=NOTE), "appraised-score-on-parent", "appraised_score"),
        (dict(unit_id="a", indicator_id="1.1", appraised_score=5, note=NOTE, not_evaluated="có"), "appraised-score-not-evaluated", "appraised_score"),
        (dict(unit_id="a", indicator_id="1.1", published_score=5), "published-score-on-leaf", "published_score"),
    ],
)
def test_a_council_score_must_be_on_a_leaf_within_its_maximum_with_a_note(tmp_path, assessment, code, field):
    _, report = validate(package(tmp_path, UNITS, inputs_of("a") + inputs_of("b"), [assessment]))
    found = issues(report, code)
    assert found and found[0].is_error and (found[0].row, found[0].field) == (2, field), [str(i) for i in report.sorted()]


# --------------------------------------------------------------------------- 2. published tables that do not add up


def test_con_minh_2023_as_printed_is_told_line_by_line_where_it_does_not_add_up(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "con-minh-2023" / "2023", data / "2023")
    shutil.copytree(FRAMEWORKS / "bac-kan-1294-2022-xa", data / "frameworks" / "bac-kan-1294-2022-xa")
    dataset, report = validate(data)
    assert report.ok, [str(i) for i in report.errors]
    rows = {(r["indicator_id"]): n for n, r in enumerate(csv.DictReader((data / "2023" / "assessments.csv").open(encoding="utf-8")), start=2)}
    differs = {(i.row, i.field): i.message for i in issues(report, "published-total-differs")}
    # EXPECTED.md §1 (seed 002 lines 139–190): 4 printed 45, rows 40; 5 printed 0, rows as printed 7 (5.8 = 7);
    # 5.8 printed 7, sub-rows 0; 6 printed 0, rows 10 (6.1 = 10). Nothing else.
    assert set(differs) == {(rows[i], "published_score") for i in ("4", "5", "5.8", "6")}
    for ind, printed, rows_sum in (("4", "45", "40"), ("5", "0", "7"), ("5.8", "7", "0"), ("6", "0", "10")):
        message = differs[(rows[ind], "published_score")]
        assert f"chỉ số {ind}:" in message and f"ghi tổng {printed} " in message and f"cộng lại {rows_sum} " in message
    assert "5.8 = 7" in differs[(rows["5"], "published_score")] and "6.1 = 10" in differs[(rows["6"], "published_score")]
    # Section maxima printed as 100 while their rows give 90 (5) and 110 (7): seed 002 lines 151 and 191.
    maxima = {i.message for i in issues(report, "acknowledged-discrepancy")}
    assert any("chỉ số 5 ghi điểm tối đa 100" in m and "cộng lại 90" in m for m in maxima)
    assert any("chỉ số 7 ghi điểm tối đa 100" in m and "cộng lại 110" in m for m in maxima)
    # Scores the rule cannot give (EXPECTED.md §5): 4.4 = 5/15, 4.7 = 5/10, 6.1 = 10/15.
    assert {i.row for i in issues(report, "council-score-off-rule")} == {rows["4.4"], rows["4.7"], rows["6.1"]}
    # The computed total is the sum of the leaves (EXPECTED.md §2): 100 of 900, 11.11 %; per main index §4.
    [result] = dataset.results[2023]["commune"]
    assert (result.score, result.max_score, result.percent) == (100, 900, Decimal("11.11"))
    assert {m: result.indicators[m].score for m in "12345678"} == {"1": 20, "2": 0, "3": 30, "4": 40, "5": 0, "6": 10, "7": 0, "8": 0}
    assert (result.indicators["4"].published, result.indicators["5.8"].published) == (45, 7)
    assert result.indicators["8.9"].status == "no_data"  # no figure printed (seed line 224)


# --------------------------------------------------------------------------- 3. missing data


def test_without_a_policy_an_indicator_with_no_data_is_an_error_located_at_the_unit(tmp_path):
    _, report = validate(package(tmp_path, UNITS, inputs_of("a") + inputs_of("b", skip=("1.2", "2.3"))))
    [error] = report.errors
    assert (error.code, error.file.endswith("2024/units.csv"), error.row) == ("missing-data", True, 3)
    assert "1.2, 2.3" in error.message


def test_under_the_zero_policy_no_data_scores_0_with_its_own_status(tmp_path):
    # Xã B gave nothing for 1.2 and 2.3: 10 + 0 + 10 + 7 + 0 = 27 of 50 → 54 %.
    dataset, report = validate(package(tmp_path, UNITS, inputs_of("a") + inputs_of("b", skip=("1.2", "2.3")), dti={"missing": "zero"}))
    assert report.ok
    [warning] = issues(report, "no-data")
    assert (warning.row, warning.severity) == (3, "warning") and "1.2, 2.3" in warning.message
    b = {r.unit.id: r for r in dataset.results[2024]["commune"]}["b"]
    assert (b.score, b.percent) == (27, Decimal("54.00"))
    assert [(b.indicators[i].status, b.indicators[i].score) for i in ("1.2", "2.3")] == [("no_data", 0), ("no_data", 0)]
    statuses = {(r["unit_id"], r["indicator_id"]): r["status"] for r in csv.DictReader(io.StringIO(open_data_files(dataset)["data/2024/indicator_scores.csv"]))}
    assert statuses[("b", "1.2")] == "no_data" and statuses[("a", "1.2")] == "evaluated"


def test_some_inputs_missing_is_still_an_error_under_the_zero_policy(tmp_path):
    rows = [r for r in inputs_of("a") if (r["indicator_id"], r["input"]) != ("1.2", "b")] + inputs_of("b")
    _, report = validate(package(tmp_path, UNITS, rows, dti={"missing": "zero"}))
    assert [i.code for i in report.errors] == ["missing-input"]


# --------------------------------------------------------------------------- 4. numbers as offices write them


VIETNAMESE = {("inputs", "self_value"): {"decimalChar": ",", "groupChar": "."}, ("inputs", "appraised_value"): {"decimalChar": ",", "groupChar": "."}}


def test_declared_vietnamese_number_format(tmp_path):
    # 1.2: 900 of «1.000» (one thousand) → 9 points; 2.3: «85,5» % ≥ 80 % → 10. Total 10 + 9 + 10 + 7 + 10 = 46.
    rows = inputs_of("a", ab=("900", "1.000"), p="85,5") + inputs_of("b")
    dataset, report = validate(package(tmp_path, UNITS, rows, formats=VIETNAMESE))
    assert report.ok, [str(i) for i in report.errors]
    a = {r.unit.id: r for r in dataset.results[2024]["commune"]}["a"]
    assert (a.indicators["1.2"].score, a.indicators["2.3"].score, a.score) == (9, 10, 46)


def test_a_count_with_a_fractional_part_is_not_silently_read(tmp_path):
    _, report = validate(package(tmp_path, UNITS, inputs_of("a", ab=("900", "1.000")) + inputs_of("b")))
    [error] = report.errors
    assert (error.code, error.row, error.field) == ("not-a-count", 4, "self_value")
    assert "1.000" in error.message and "groupChar" in error.message


@pytest.mark.parametrize("written", ["85%", "85 %", "85"])
def test_a_percent_may_carry_its_sign(tmp_path, written):
    dataset, report = validate(package(tmp_path, UNITS, inputs_of("a", p=written) + inputs_of("b")))
    assert report.ok
    assert {r.unit.id: r for r in dataset.results[2024]["commune"]}["a"].indicators["2.3"].score == 10  # 85 % ≥ 80 %


def test_a_percent_column_written_as_fractions_is_warned_about(tmp_path):
    _, report = validate(package(tmp_path, UNITS, inputs_of("a", p="0.85") + inputs_of("b", p="0.6")))
    [warning] = issues(report, "percent-as-fraction")
    assert (warning.row, warning.field, warning.severity) == (7, "self_value", "warning")
    assert "«p»" in warning.message and "0.85 %" in warning.message and "85 %" in warning.message


def test_a_level_may_be_given_by_the_decisions_words(tmp_path):
    rows = inputs_of("a", muc="Triển khai một phần") + inputs_of("b", muc="  triển khai đầy đủ ")
    dataset, report = validate(package(tmp_path, UNITS, rows))
    assert report.ok, [str(i) for i in report.errors]
    r = {x.unit.id: x for x in dataset.results[2024]["commune"]}
    assert (r["a"].indicators["2.1"].score, r["b"].indicators["2.1"].score) == (5, 10)


def test_a_wrong_level_lists_the_decisions_words(tmp_path):
    _, report = validate(package(tmp_path, UNITS, inputs_of("a", muc="một nửa") + inputs_of("b")))
    [error] = report.errors
    assert error.code == "bad-level" and "«Triển khai một phần» (thap)" in error.message


def test_the_scorecard_marks_council_scores_and_shows_both_totals(tmp_path):
    from generator.pages import site_content

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "con-minh-2023" / "2023", data / "2023")
    shutil.copytree(FRAMEWORKS / "bac-kan-1294-2022-xa", data / "frameworks" / "bac-kan-1294-2022-xa")
    dataset, _ = validate(data)
    pages, _ = site_content(dataset)
    scorecard = next(p for p in pages if p.path == "don-vi/con-minh/2023.md").html
    section_4 = scorecard[scorecard.index('id="chi-so-4"'):scorecard.index('id="chi-so-5"')]
    assert "4. Nhân lực số — 40,00/100 điểm" in section_4 and "(bảng công bố ghi 45,00)" in section_4  # seed 002 line 139
    row_4 = section_4[section_4.index("4.4</a>"):]
    row_4 = row_4[: row_4.index("</tr>")]
    assert 'title="Hội đồng thẩm định chấm">HĐ</abbr> 5,00' in row_4 and "Hội đồng chấm 5,00 điểm" in row_4
    assert "Điểm công bố năm 2023" in row_4  # the council's reason
    section_5 = scorecard[scorecard.index('id="chi-so-5"'):scorecard.index('id="chi-so-6"')]
    row_58 = section_5[section_5.index("5.8</a>"):]
    row_58 = row_58[: row_58.index("</tr>")]
    assert "bảng công bố ghi 7,00" in row_58 and "trang dùng tổng các chỉ số con (0,00)" in row_58
    section_8 = scorecard[scorecard.index('id="chi-so-8"'):]
    row_89 = section_8[section_8.index("8.9</a>"):]
    assert "Không có số liệu" in row_89[: row_89.index("</tr>")]
