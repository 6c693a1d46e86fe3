"""Submissions by spreadsheet: the forms `dti template` writes, read back cell by cell; filled forms
collected into a year; a located message for every way a returned form can be wrong.

These tests use a tiny commune index set with one input of every type; the demo year's round trip is in
``test_forms_cycle.py``, and the forms as LibreOffice prints them in ``test_forms_print.py``.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.errors import Issue
from generator.forms.collect import collect_forms
from generator.forms.layout import (
    APPRAISAL_COLUMNS,
    APPRAISAL_SHEET,
    FIRST_ROW,
    GUIDE_SHEET,
    LISTS_SHEET,
    META_SHEET,
    NOT_EVALUATED,
    SELF_COLUMNS,
    SELF_SHEET,
)
from generator.forms.template import make_templates

from .helpers import write_edition, write_framework

S = {name: c.letter for name, c in SELF_COLUMNS.items()}
A = {name: c.letter for name, c in APPRAISAL_COLUMNS.items()}
FORMS = {"deadline": "2025-01-15", "contact": "Văn phòng Sở KH&CN, điện thoại 0200 555 1234"}

# --------------------------------------------------------------------------- a tiny year with every input type

LEVEL_LABELS = "nguoi_dung_dau: Người đứng đầu, hoặc cấp phó được giao phụ trách; cap_pho: Cấp phó; khong: Chưa có"
INDICATORS = [
    {"id": "1", "level": "main", "name": "Nhận thức số", "max_points": 30},
    {"id": "1.1", "parent": "1", "level": "component", "name": "Trưởng ban chỉ đạo", "max_points": 10, "rule": "levels", "formula": "truong_ban", "options": "nguoi_dung_dau: 1; cap_pho: 1/2; khong: 0"},
    {"id": "1.2", "parent": "1", "level": "component", "name": "Kế hoạch chuyển đổi số", "max_points": 10, "rule": "yes_no", "formula": "da_ban_hanh"},
    {"id": "1.3", "parent": "1", "level": "component", "name": "Tỷ lệ cán bộ được tập huấn", "max_points": 10, "rule": "ratio", "formula": "a/b"},
    {"id": "2", "level": "main", "name": "Hạ tầng số", "max_points": 25},
    {"id": "2.1", "parent": "2", "level": "component", "name": "Kinh phí chuyển đổi số", "max_points": 10, "rule": "tiers", "formula": "kinh_phi", "options": ">= 100: 1; >= 50: 1/2; else: 0"},
    {"id": "2.2", "parent": "2", "level": "component", "name": "Tỷ lệ hồ sơ trực tuyến", "max_points": 10, "rule": "external_rate", "formula": "ty_le"},
    {"id": "2.3", "parent": "2", "level": "component", "name": "Hội đồng chấm", "max_points": 5, "rule": "points", "formula": "diem"},
]
INPUTS = [
    {"indicator_id": "1.1", "name": "truong_ban", "type": "level", "meaning": "Trưởng Ban chỉ đạo là ai?", "labels": LEVEL_LABELS},
    {"indicator_id": "1.2", "name": "da_ban_hanh", "type": "yes_no", "meaning": "Đã ban hành kế hoạch chưa?"},
    {"indicator_id": "1.3", "name": "a", "type": "count", "meaning": "Số cán bộ được tập huấn", "unit": "người"},
    {"indicator_id": "1.3", "name": "b", "type": "count", "meaning": "Tổng số cán bộ", "unit": "người"},
    {"indicator_id": "2.1", "name": "kinh_phi", "type": "amount", "meaning": "Kinh phí chi cho chuyển đổi số", "unit": "triệu đồng"},
    {"indicator_id": "2.2", "name": "ty_le", "type": "percent", "meaning": "Tỷ lệ hồ sơ trực tuyến"},
    {"indicator_id": "2.3", "name": "diem", "type": "points", "meaning": "Điểm Hội đồng chấm"},
]
UNITS = [{"id": "xa-a", "name": "Xã An", "type": "commune"}, {"id": "xa-b", "name": "Xã Bình", "type": "commune"}]
FILLED = {  # a clean submission of xa-a, as the package stores it
    ("1.1", "truong_ban"): "cap_pho", ("1.2", "da_ban_hanh"): "có", ("1.3", "a"): "8", ("1.3", "b"): "10",
    ("2.1", "kinh_phi"): "75.5", ("2.2", "ty_le"): "85", ("2.3", "diem"): "4",
}


def tiny_year(root: Path, inputs=(), assessments=(), evidence=(), forms=FORMS, formats=None) -> Path:
    """data/ with the tiny index set and 2024: two communes."""
    write_framework(root / "frameworks" / "t-xa", INDICATORS, INPUTS)
    folder = write_edition(root / "2024", 2024, {"commune": "t-xa"}, UNITS, list(inputs), list(assessments), list(evidence))
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    if forms is not None:
        descriptor["dti"]["forms"] = forms
    for resource in descriptor["resources"]:
        for f in resource["schema"]["fields"]:
            if formats and (resource["name"], f["name"]) in formats:
                f["decimalChar"] = formats[(resource["name"], f["name"])]
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return root


def filled_rows(unit="xa-a", values=FILLED):
    return [{"unit_id": unit, "indicator_id": i, "input": n, "self_value": v} for (i, n), v in values.items()]


@pytest.fixture
def tiny(tmp_path) -> Path:
    return tiny_year(tmp_path / "data", inputs=filled_rows())


def templates(data: Path, out: Path, **kwargs) -> list[Path]:
    written, report = make_templates(data, 2024, out, **kwargs)
    assert report.ok, [str(i) for i in report.issues]
    return written


def free_cells(ws, column: str) -> set[str]:
    """The cells of the document's date line and signers' names: unlocked, never read."""
    rows = {r for r in range(1, ws.max_row + 1) if ws[f"{column}{r}"].value in ("#dau-3", "#cuoi-4")}
    return {c.coordinate for row in ws.iter_rows() for c in row if c.row in rows}


def key_rows(ws, column: str) -> dict[str, int]:
    """The rows of the table by key (the document's rows, keyed «#…», left out)."""
    return {ws[f"{column}{r}"].value: r for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"{column}{r}"].value and not ws[f"{column}{r}"].value.startswith("#")}


def edit(path: Path, change) -> None:
    wb = load_workbook(path)
    change(wb)
    wb.save(path)


def table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def located(report, warnings: bool = False) -> set[tuple]:
    """(file name, sheet, cell, code) of every error (and warning)."""
    return {(Path(i.file).name, i.sheet, i.cell, i.code) for i in (report.issues if warnings else report.errors)}


# --------------------------------------------------------------------------- Issue


def test_issue_names_sheet_and_cell_and_csv_issues_read_as_before():
    form = Issue("phieu/so-tai-chinh.xlsx", 14, None, "not-a-count", "«mười» phải là một số nguyên (số lượng)", sheet="Tự đánh giá", cell="G14")
    assert str(form) == "phieu/so-tai-chinh.xlsx, trang «Tự đánh giá», ô G14: Lỗi: «mười» phải là một số nguyên (số lượng) [not-a-count]"
    row = Issue("data/2024/inputs.csv", 14, "appraised_value", "ratio-over-100", "tỷ lệ vượt quá 100 %")
    assert str(row) == "data/2024/inputs.csv, dòng 14, cột appraised_value: Lỗi: tỷ lệ vượt quá 100 % [ratio-over-100]"
    assert Issue("phieu/x.xlsx", None, None, "missing-sheet", "…", sheet="Tự đánh giá").location() == "phieu/x.xlsx, trang «Tự đánh giá»"


# --------------------------------------------------------------------------- what a template holds


def resolve_list(wb, formula: str) -> list[str]:
    sheet, cells = formula.rsplit("!", 1)
    assert sheet.strip("'") == LISTS_SHEET
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in wb[LISTS_SHEET][f"{first}:{last}"] for c in row]


def validations(ws) -> dict[str, object]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in rng.cells:
                out[f"{ws.cell(row=row[0], column=row[1]).column_letter}{row[0]}"] = dv
    return out


def test_every_validation_of_a_self_form_reads_back_as_its_input_type(tiny, tmp_path):
    (path,) = templates(tiny, tmp_path / "phieu", unit_id="xa-a")
    wb = load_workbook(path)
    ws = wb[SELF_SHEET]
    rows, checks = key_rows(ws, S["key"]), validations(ws)
    expected = {  # input → (type, operator, formula1, formula2) or the labels of its list
        "1.1|truong_ban": ["Người đứng đầu, hoặc cấp phó được giao phụ trách", "Cấp phó", "Chưa có"],
        "1.2|da_ban_hanh": ["Có", "Không"],
        "1.3|a": ("whole", "greaterThanOrEqual", "0", None),
        "1.3|b": ("whole", "greaterThanOrEqual", "0", None),
        "2.1|kinh_phi": ("decimal", "greaterThanOrEqual", "0", None),
        "2.2|ty_le": ("decimal", "between", "0", "100"),
        "2.3|diem": ("decimal", "between", "0", "5"),
    }
    for key, want in expected.items():
        dv = checks[f"{S['value']}{rows[key]}"]
        if isinstance(want, list):
            assert dv.type == "list" and resolve_list(wb, dv.formula1) == want, key  # labels on the hidden sheet, never inline
        else:
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == want, key
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop") and dv.error
    maxima = {"1.1": "10", "1.2": "10", "1.3": "10", "2.1": "10", "2.2": "10", "2.3": "5"}
    for ind, top in maxima.items():
        first = min(r for k, r in rows.items() if k.startswith(f"{ind}|"))
        score = checks[f"{S['self_score']}{first}"]
        assert (score.type, score.operator, score.formula1, score.formula2) == ("decimal", "between", "0", top)
        flag = checks[f"{S['not_evaluated']}{first}"]
        assert flag.type == "list" and resolve_list(wb, flag.formula1) == [NOT_EVALUATED]
        for r in (r for k, r in rows.items() if k.startswith(f"{ind}|")):
            assert (checks[f"{S['evidence_title']}{r}"].type, checks[f"{S['evidence_title']}{r}"].formula1) == ("textLength", "500")
            assert (checks[f"{S['evidence_url']}{r}"].type, checks[f"{S['evidence_url']}{r}"].formula1) == ("textLength", "2000")
    # only the validated cells are unlocked (and, in the document's rows, the date and the signer's name),
    # and every sheet is protected
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    assert unlocked - free_cells(ws, S["key"]) == set(checks)
    assert all(wb[name].protection.sheet for name in wb.sheetnames)
    assert wb.security.lockStructure
    assert [wb[n].sheet_state for n in (GUIDE_SHEET, SELF_SHEET, LISTS_SHEET, META_SHEET)] == ["visible", "visible", "hidden", "veryHidden"]
    assert ws.column_dimensions[S["key"]].hidden and rows["1.3|b"] == rows["1.3|a"] + 1
    meta = {k: v for k, v in wb[META_SHEET].iter_rows(values_only=True)}
    assert (meta["kind"], meta["year"], meta["framework"], meta["unit"]) == ("tu-danh-gia", 2024, "t-xa", "xa-a")
    # printing: landscape A4, fitting the width, the header row repeated; the header row frozen
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == ("landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$6:$6" and ws.freeze_panes == f"B{FIRST_ROW}"


def test_a_self_form_shows_labels_and_numbers_already_submitted(tmp_path):
    evidence = [{"unit_id": "xa-a", "indicator_id": "1.2", "title": f"Kế hoạch số {n}", "url": f"https://example.org/{n}.pdf"} for n in range(1, 4)]
    data = tiny_year(tmp_path / "data", inputs=filled_rows(), evidence=evidence,
                     assessments=[{"unit_id": "xa-a", "indicator_id": "2.3", "self_score": "4.5", "not_evaluated": ""},
                                  {"unit_id": "xa-a", "indicator_id": "2", "not_evaluated": "có"}])
    (path,) = templates(data, tmp_path / "phieu", unit_id="xa-a")
    ws = load_workbook(path)[SELF_SHEET]
    rows = key_rows(ws, S["key"])
    value = lambda key: ws[f"{S['value']}{rows[key]}"].value  # noqa: E731
    assert value("1.1|truong_ban") == "Cấp phó" and value("1.2|da_ban_hanh") == "Có"  # labels, never codes
    assert (value("1.3|a"), value("2.1|kinh_phi"), value("2.2|ty_le")) == (8, 75.5, 85)
    assert ws[f"{S['self_score']}{rows['2.3|diem']}"].value == 4.5
    assert [ws[f"{S['not_evaluated']}{rows[k]}"].value for k in ("2.1|kinh_phi", "1.1|truong_ban")] == [NOT_EVALUATED, None]  # marked on the parent
    # three documents for a one-input indicator: the block grows two rows so none is lost
    assert [k for k in rows if k.startswith("1.2|")] == ["1.2|da_ban_hanh", "1.2|+1", "1.2|+2"]
    assert [ws[f"{S['evidence_title']}{rows[k]}"].value for k in ("1.2|da_ban_hanh", "1.2|+1", "1.2|+2")] == ["Kế hoạch số 1", "Kế hoạch số 2", "Kế hoạch số 3"]
    guide = "\n".join(str(c.value) for row in load_workbook(path)[GUIDE_SHEET].iter_rows() for c in row if c.value)
    assert "15/01/2025" in guide and FORMS["contact"] in guide and "DTI (%)" in guide and "truong_ban" not in guide
    # returned as it is, the form changes nothing: the documents all come back, the parent's mark moves to its leaves
    report, _ = collect_forms(data, 2024, path.parent)
    assert report.ok, [str(i) for i in report.errors]
    assert [r["title"] for r in table(data / "2024" / "evidence.csv")] == ["Kế hoạch số 1", "Kế hoạch số 2", "Kế hoạch số 3"]
    marked = {r["indicator_id"] for r in table(data / "2024" / "assessments.csv") if r["not_evaluated"] == "có"}
    assert marked == {"2.1", "2.2", "2.3"}


def test_a_missing_deadline_and_contact_are_labelled_lines(tmp_path):
    data = tiny_year(tmp_path / "data", forms=None)
    (path,) = templates(data, tmp_path / "phieu", unit_id="xa-b")
    ws = load_workbook(path)[GUIDE_SHEET]
    lines = {ws[f"A{r}"].value: ws[f"B{r}"].value for r in range(1, ws.max_row + 1)}
    assert lines["Hạn nộp phiếu"].startswith("(chưa ghi") and lines["Nơi nhận phiếu, liên hệ"].startswith("(chưa ghi")


def test_a_bad_deadline_is_reported_and_no_form_written(tmp_path):
    data = tiny_year(tmp_path / "data", forms={"deadline": "15/01/2025"})
    written, report = make_templates(data, 2024, tmp_path / "phieu")
    assert written == [] and not list((tmp_path / "phieu").glob("*"))
    assert [(i.field, i.code) for i in report.errors] == [("dti.forms.deadline", "bad-metadata")]


def test_the_same_data_gives_byte_identical_forms(tiny, tmp_path):
    first = templates(tiny, tmp_path / "a") + templates(tiny, tmp_path / "a", appraisal=True)
    second = templates(tiny, tmp_path / "b") + templates(tiny, tmp_path / "b", appraisal=True)
    assert [p.name for p in first] == ["xa-a.xlsx", "xa-b.xlsx", "tham-dinh-cap-xa.xlsx"]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))


def test_every_validation_of_an_appraisal_workbook_reads_back(tiny, tmp_path):
    (path,) = templates(tiny, tmp_path / "hd", appraisal=True)
    wb = load_workbook(path)
    ws = wb[APPRAISAL_SHEET]
    rows, checks = key_rows(ws, A["key"]), validations(ws)
    assert list(rows) == [f"{u}|{k}" for u in ("xa-a", "xa-b") for k in ("1.1|truong_ban", "1.2|da_ban_hanh", "1.3|a", "1.3|b", "2.1|kinh_phi", "2.2|ty_le", "2.3|diem")]
    r = rows["xa-a|1.3|a"]
    assert (ws[f"{A['unit']}{r}"].value, ws[f"{A['self_value']}{r}"].value, ws[f"{A['self_score']}{r}"].value) == ("Xã An", 8, 8)
    assert ws[f"{A['unit']}{rows['xa-b|2.3|diem']}"].value == "Xã Bình"  # the unit named on every row, for the filter
    level = checks[f"{A['value']}{rows['xa-b|1.1|truong_ban']}"]
    assert resolve_list(wb, level.formula1)[0] == "Người đứng đầu, hoặc cấp phó được giao phụ trách"
    awarded = checks[f"{A['appraised_score']}{r}"]
    assert (awarded.type, awarded.operator, awarded.formula1, awarded.formula2) == ("decimal", "between", "0", "10")
    assert (checks[f"{A['note']}{r}"].type, checks[f"{A['note']}{r}"].formula1) == ("textLength", "5000")
    assert f"{A['appraised_score']}{rows['xa-a|1.3|b']}" not in checks  # once per indicator, on its first row
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    assert unlocked - free_cells(ws, A["key"]) == set(checks)
    assert ws.protection.sheet and ws.protection.autoFilter is False and ws.auto_filter.ref.startswith("A6:")


# --------------------------------------------------------------------------- collecting: the cells as written


def self_form(data: Path, folder: Path, unit="xa-a") -> Path:
    (path,) = templates(data, folder, unit_id=unit)
    return path


def set_cells(path: Path, sheet: str, column: dict, cells: dict) -> dict[str, int]:
    """Write ``{(row key, column name): value}`` into a form; the rows by key."""
    wb = load_workbook(path)
    ws = wb[sheet]
    rows = key_rows(ws, column["key"])
    for (key, name), value in cells.items():
        ws[f"{column[name]}{rows[key]}"] = value
    wb.save(path)
    return rows


def test_collected_values_are_codes_and_exact_numbers_and_council_columns_stay(tmp_path):
    inputs = [dict(r, appraised_value="6" if (r["indicator_id"], r["input"]) == ("1.3", "a") else "") for r in filled_rows()]
    assessments = [{"unit_id": "xa-a", "indicator_id": "1.3", "self_score": "9", "note": "Hai cán bộ chưa có chứng nhận."}]
    data = tiny_year(tmp_path / "data", inputs=inputs, assessments=assessments)
    form = self_form(data, tmp_path / "phieu")
    percent_cell = {}

    def typed(wb):
        ws = wb[SELF_SHEET]
        rows = key_rows(ws, S["key"])
        ws[f"{S['value']}{rows['1.1|truong_ban']}"] = "Người đứng đầu, hoặc cấp phó được giao phụ trách"
        ws[f"{S['value']}{rows['2.1|kinh_phi']}"] = 0.1  # stays 0.1, not 0.1000000000000000055…
        ws[f"{S['value']}{rows['2.2|ty_le']}"] = 0.875  # typed «87,5%»: the spreadsheet keeps 0.875 in a % cell
        ws[f"{S['value']}{rows['2.2|ty_le']}"].number_format = "0.0%"
        ws[f"{S['value']}{rows['2.3|diem']}"] = "4"  # a number typed as text
        ws[f"{S['self_score']}{rows['1.3|a']}"] = None
        ws[f"{S['not_evaluated']}{rows['2.1|kinh_phi']}"] = NOT_EVALUATED
        ws[f"{S['evidence_title']}{rows['1.3|b']}"] = "Danh sách tập huấn"
        ws[f"{S['evidence_url']}{rows['1.3|b']}"] = "https://example.org/tap-huan.pdf"
        percent_cell["row"] = rows["2.2|ty_le"]

    edit(form, typed)
    report, written = collect_forms(data, 2024, form.parent)
    assert report.ok, [str(i) for i in report.issues]
    assert {p.name for p in written} == {"inputs.csv", "assessments.csv", "evidence.csv"}
    values = {(r["indicator_id"], r["input"]): (r["self_value"], r["appraised_value"]) for r in table(data / "2024" / "inputs.csv") if r["unit_id"] == "xa-a"}
    assert values[("1.1", "truong_ban")] == ("nguoi_dung_dau", "")
    assert values[("1.2", "da_ban_hanh")] == ("có", "")
    assert values[("1.3", "a")] == ("8", "6")  # the council's figure kept
    assert values[("2.1", "kinh_phi")] == ("0.1", "")
    assert values[("2.2", "ty_le")] == ("87.5", "")
    assert values[("2.3", "diem")] == ("4", "")
    claims = {r["indicator_id"]: r for r in table(data / "2024" / "assessments.csv") if r["unit_id"] == "xa-a"}
    assert claims["1.3"]["self_score"] == "" and claims["1.3"]["note"] == "Hai cán bộ chưa có chứng nhận."  # note kept
    assert claims["2.1"]["not_evaluated"] == "có"
    assert [(r["indicator_id"], r["title"]) for r in table(data / "2024" / "evidence.csv")] == [("1.3", "Danh sách tập huấn")]


def test_a_text_number_is_read_in_the_years_declared_format(tmp_path):
    data = tiny_year(tmp_path / "data", inputs=filled_rows(), formats={("inputs", "self_value"): ","})
    form = self_form(data, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("2.1|kinh_phi", "value"): "75,5", ("2.3|diem", "value"): 2.5})
    report, _ = collect_forms(data, 2024, form.parent)
    assert report.ok, [str(i) for i in report.issues]
    values = {r["input"]: r["self_value"] for r in table(data / "2024" / "inputs.csv")}
    assert (values["kinh_phi"], values["diem"]) == ("75,5", "2,5")
    set_cells(form, SELF_SHEET, S, {("2.1|kinh_phi", "value"): "75.5.1"})
    report, _ = collect_forms(data, 2024, form.parent)
    assert ("xa-a.xlsx", SELF_SHEET, f"G{key_rows(load_workbook(form)[SELF_SHEET], 'L')['2.1|kinh_phi']}", "not-a-number") in located(report)


# --------------------------------------------------------------------------- collecting: located messages


def collect_one(data: Path, form: Path, **kwargs):
    before = {p.name: p.read_bytes() for p in (data / "2024").glob("*.csv")}
    report, written = collect_forms(data, 2024, form.parent, **kwargs)
    after = {p.name: p.read_bytes() for p in (data / "2024").glob("*.csv")}
    if not report.ok:
        assert written == [] and after == before, "nothing is written unless every form is clean"
    return report


@pytest.mark.parametrize(
    "key, column, value, code, message",
    [
        ("1.3|a", "value", "mười", "not-a-count", "«mười» phải là một số nguyên (số lượng)"),
        ("1.3|a", "value", 12.5, "not-a-count", "«12,5» phải là một số nguyên (số lượng)"),
        ("1.1|truong_ban", "value", "Trưởng phòng", "bad-level", "«Trưởng phòng» không có trong danh sách; hãy chọn một trong: «Người đứng đầu, hoặc cấp phó được giao phụ trách»; «Cấp phó»; «Chưa có»"),
        ("1.2|da_ban_hanh", "value", "Chưa", "bad-yes-no", "«Chưa» phải là «Có» hoặc «Không» (chọn trong danh sách)"),
        ("2.2|ty_le", "value", 120, "percent-over-100", "«120» vượt quá 100 %"),
        ("2.1|kinh_phi", "value", -3, "negative-value", "«-3» là số âm; số liệu phải lớn hơn hoặc bằng 0"),
        ("2.3|diem", "value", 7, "points-over-max", "điểm chấm 7 vượt quá điểm tối đa 5"),
        ("1.3|a", "self_score", 12, "self-score-over-max", "điểm 12 vượt quá điểm tối đa 10 của chỉ số"),
        ("1.3|a", "not_evaluated", "Có lẽ", "bad-flag", "«Có lẽ» không hợp lệ; chọn «Không đánh giá» hoặc để trống"),
        ("1.3|a", "evidence_title", "Danh sách", "missing-url", "có tên tài liệu kiểm chứng nhưng thiếu đường dẫn; ghi đường dẫn tải về (https://…) hoặc nơi lưu bản giấy"),
    ],
)
def test_a_bad_entry_is_reported_at_its_cell(tiny, tmp_path, key, column, value, code, message):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {(key, column): value})
    cell = f"{S[column] if column != 'evidence_title' else S['evidence_url']}{rows[key]}"
    report = collect_one(tiny, form)
    (issue,) = report.errors
    assert (Path(issue.file).name, issue.sheet, issue.cell, issue.code, issue.message) == ("xa-a.xlsx", SELF_SHEET, cell, code, message)
    assert str(issue).endswith(f"xa-a.xlsx, trang «{SELF_SHEET}», ô {cell}: Lỗi: {message} [{code}]")


def test_a_ratio_above_100_percent_is_reported_at_the_form_cell_and_blocks(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): 12, ("1.3|b", "value"): 10})
    report = collect_one(tiny, form)
    assert ("xa-a.xlsx", SELF_SHEET, f"G{rows['1.3|a']}", "ratio-over-100") in located(report)
    assert all(i.cell for i in report.errors)


def test_a_missing_figure_is_reported_at_its_empty_cell(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("1.3|b", "value"): None})
    assert ("xa-a.xlsx", SELF_SHEET, f"G{rows['1.3|b']}", "missing-input") in located(collect_one(tiny, form))


def test_a_renamed_sheet_is_reported(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    edit(form, lambda wb: setattr(wb[SELF_SHEET], "title", "Sheet1"))
    report = collect_one(tiny, form)
    assert located(report) >= {("xa-a.xlsx", SELF_SHEET, None, "missing-sheet")}
    assert "«Sheet1»" in report.errors[0].message


def test_edits_outside_the_entry_cells_are_reported_at_the_cell(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("1.3|a", "max"): 100, ("1.2|da_ban_hanh", "indicator"): "1.9"})
    report = collect_one(tiny, form)
    assert located(report) == {("xa-a.xlsx", SELF_SHEET, f"C{rows['1.3|a']}", "edited-outside-entry"), ("xa-a.xlsx", SELF_SHEET, f"A{rows['1.2|da_ban_hanh']}", "edited-outside-entry")}
    assert "phiếu gốc ghi «10», nay là «100»" in " ".join(i.message for i in report.errors)


def test_a_changed_wording_is_a_warning_and_does_not_block(tiny, tmp_path):
    """The rule in words and the typing hint are the generator's text, never read back: a form made by an
    earlier version of the generator is still collected."""
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("1.3|a", "rule"): "Cách tính cũ", ("1.3|a", "how"): "người"})
    report = collect_one(tiny, form)
    assert report.ok and located(report, warnings=True) >= {
        ("xa-a.xlsx", SELF_SHEET, f"D{rows['1.3|a']}", "label-changed"), ("xa-a.xlsx", SELF_SHEET, f"F{rows['1.3|a']}", "label-changed")}


def test_a_deleted_row_or_a_changed_key_is_an_error_an_inserted_row_a_warning(tiny, tmp_path):
    """Rows are found by their hidden key: an inserted row is not read (a warning when it holds
    something); a row whose key is gone, changed or repeated is an error."""
    form = self_form(tiny, tmp_path / "phieu")
    rows = key_rows(load_workbook(form)[SELF_SHEET], S["key"])
    edit(form, lambda wb: wb[SELF_SHEET].delete_rows(rows["1.3|a"]))
    report = collect_one(tiny, form)
    assert located(report) == {("xa-a.xlsx", SELF_SHEET, None, "rows-changed")}
    assert "không tìm thấy dòng của chỉ số 1.3, số liệu «a»" in report.errors[0].message
    form = self_form(tiny, tmp_path / "phieu2")
    edit(form, lambda wb: wb[SELF_SHEET].insert_rows(rows["2.1|kinh_phi"]))
    assert collect_one(tiny, form).ok

    def changed_key(wb):
        wb[SELF_SHEET][f"{S['key']}{rows['1.3|b']}"] = "1.3|c"
        wb[SELF_SHEET][f"{S['key']}{rows['2.1|kinh_phi']}"] = "1.2|da_ban_hanh"

    form = self_form(tiny, tmp_path / "phieu3")
    edit(form, changed_key)
    report = collect_one(tiny, form)
    assert located(report) >= {
        ("xa-a.xlsx", SELF_SHEET, f"A{rows['1.3|b']}", "rows-changed"),  # a key no row of the form has
        ("xa-a.xlsx", SELF_SHEET, f"A{rows['2.1|kinh_phi']}", "rows-changed"),  # another row's key, repeated
    }


def test_text_typed_below_the_table_is_a_warning_it_is_not_read(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    edit(form, lambda wb: wb[SELF_SHEET].cell(row=wb[SELF_SHEET].max_row + 2, column=3, value="ghi chú"))
    report = collect_one(tiny, form)
    assert report.ok and "row-not-read" in {c[3] for c in located(report, warnings=True)}
    assert "«ghi chú»" in next(i.message for i in report.warnings if i.code == "row-not-read")


def meta_cell(wb, key: str):
    ws = wb[META_SHEET]
    return next(ws.cell(row=r, column=2) for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == key)


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda wb: setattr(meta_cell(wb, "year"), "value", 2023), "wrong-year"),
        (lambda wb: setattr(meta_cell(wb, "framework"), "value", "gia-lai-ia-dom-2024-xa"), "wrong-framework"),
        (lambda wb: setattr(meta_cell(wb, "unit"), "value", "xa-khac"), "unknown-unit"),
        (lambda wb: setattr(meta_cell(wb, "kind"), "value", "tham-dinh"), "wrong-kind"),
        (lambda wb: setattr(meta_cell(wb, "signature"), "value", "0"), "framework-changed"),
        (lambda wb: wb.remove(wb[META_SHEET]), "not-a-form"),
    ],
)
def test_a_form_of_another_year_framework_unit_or_kind_is_refused(tiny, tmp_path, change, code):
    form = self_form(tiny, tmp_path / "phieu")
    edit(form, change)
    assert located(collect_one(tiny, form)) >= {("xa-a.xlsx", None, None, code)}


def test_the_form_of_another_unit_under_this_units_name_is_refused(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    shutil.copy(form, form.with_name("xa-b.xlsx"))
    form.unlink()
    report = collect_one(tiny, form.with_name("xa-b.xlsx"))
    assert located(report, warnings=True) == {("xa-b.xlsx", None, None, "wrong-unit"), ("phieu", None, None, "missing-forms")}
    assert "«Xã Bình»" in report.errors[0].message and "«Xã An»" in report.errors[0].message


def test_a_corrupt_file_and_two_forms_of_one_unit_are_reported(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    shutil.copy(form, tmp_path / "phieu" / "ban-sao.xlsx")
    (tmp_path / "phieu" / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "phieu" / "~$xa-a.xlsx").write_bytes(b"lock file of Excel")
    report = collect_one(tiny, form)
    codes = located(report)
    assert ("hong.xlsx", None, None, "unreadable") in codes and ("xa-a.xlsx", None, None, "duplicate-form") in codes
    assert not any(name.startswith("~$") for name, *_ in codes)


def test_a_missing_form_is_a_warning_listing_the_units(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    report = collect_one(tiny, form)
    assert report.ok
    (warning,) = [i for i in report.warnings if i.code == "missing-forms"]
    assert warning.message == "chưa có phiếu của 1 đơn vị: xa-b (Xã Bình)"


def test_check_only_reports(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): 9})
    before = (tiny / "2024" / "inputs.csv").read_bytes()
    report, written = collect_forms(tiny, 2024, form.parent, check=True)
    assert report.ok and written == [] and (tiny / "2024" / "inputs.csv").read_bytes() == before


def test_the_appraisal_checks_its_scores_and_notes_at_their_cells(tiny, tmp_path):
    (path,) = templates(tiny, tmp_path / "hd", appraisal=True)
    rows = set_cells(path, APPRAISAL_SHEET, A, {
        ("xa-a|1.3|a", "appraised_score"): 12,
        ("xa-a|1.2|da_ban_hanh", "appraised_score"): 5,
        ("xa-a|1.1|truong_ban", "value"): "Phó phòng",
    })
    report = collect_one(tiny, path, appraisal=True)
    assert located(report) == {
        ("tham-dinh-cap-xa.xlsx", APPRAISAL_SHEET, f"{A['appraised_score']}{rows['xa-a|1.3|a']}", "appraised-score-over-max"),
        ("tham-dinh-cap-xa.xlsx", APPRAISAL_SHEET, f"{A['note']}{rows['xa-a|1.2|da_ban_hanh']}", "missing-note"),
        ("tham-dinh-cap-xa.xlsx", APPRAISAL_SHEET, f"{A['value']}{rows['xa-a|1.1|truong_ban']}", "bad-level"),
    }


def test_the_appraisal_is_read_into_the_councils_columns_only(tiny, tmp_path):
    (path,) = templates(tiny, tmp_path / "hd", appraisal=True)
    set_cells(path, APPRAISAL_SHEET, A, {
        ("xa-a|1.2|da_ban_hanh", "appraised_score"): 5, ("xa-a|1.2|da_ban_hanh", "note"): "Kế hoạch ban hành muộn.",
        ("xa-a|1.3|a", "value"): 6, ("xa-a|1.3|a", "note"): "Hai cán bộ chưa có chứng nhận.",
    })
    report = collect_one(tiny, path, appraisal=True)
    assert [i.code for i in report.errors] == [] and "missing-forms" not in {i.code for i in report.issues}
    values = {(r["indicator_id"], r["input"]): (r["self_value"], r["appraised_value"]) for r in table(tiny / "2024" / "inputs.csv")}
    assert values[("1.3", "a")] == ("8", "6") and values[("1.1", "truong_ban")] == ("cap_pho", "")
    awarded = {r["indicator_id"]: (r["appraised_score"], r["note"]) for r in table(tiny / "2024" / "assessments.csv")}
    assert awarded == {"1.2": ("5", "Kế hoạch ban hành muộn."), "1.3": ("", "Hai cán bộ chưa có chứng nhận.")}


def test_the_appraisal_warns_where_a_units_figure_changed_after_the_workbook_was_made(tiny, tmp_path):
    (path,) = templates(tiny, tmp_path / "hd", appraisal=True)
    rows = key_rows(load_workbook(path)[APPRAISAL_SHEET], A["key"])
    inputs = tiny / "2024" / "inputs.csv"
    inputs.write_text(inputs.read_text(encoding="utf-8").replace("xa-a,1.3,b,10,", "xa-a,1.3,b,11,"), encoding="utf-8")
    report = collect_one(tiny, path, appraisal=True)
    assert report.ok and ("tham-dinh-cap-xa.xlsx", APPRAISAL_SHEET, f"{A['self_value']}{rows['xa-a|1.3|b']}", "self-changed") in located(report, warnings=True)


def test_a_self_form_collected_with_appraisal_is_refused(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    assert located(collect_one(tiny, form, appraisal=True)) >= {("xa-a.xlsx", None, None, "wrong-kind")}


def test_the_commands(tiny, tmp_path, capsys):
    out = tmp_path / "phieu"
    assert main(["template", "2024", str(out), "--data", str(tiny), "--unit", "xa-a"]) == 0
    assert [p.name for p in out.iterdir()] == ["xa-a.xlsx"]
    set_cells(out / "xa-a.xlsx", SELF_SHEET, S, {("1.3|a", "value"): "mười"})
    assert main(["collect", "2024", str(out), "--data", str(tiny)]) == 1
    printed = capsys.readouterr().out
    assert "xa-a.xlsx, trang «Tự đánh giá», ô G" in printed and "«mười» phải là một số nguyên (số lượng) [not-a-count]" in printed
    assert "Không ghi gì" in printed


def test_collect_check_json_gives_each_problem_with_its_sheet_and_cell(tiny, tmp_path, capsys):
    """``dti collect … --check --json``: the report a portal can show, each problem at its form's cell."""
    from generator.cli import main

    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): "mười"})
    code = main(["collect", "2024", str(form.parent), "--check", "--json", "--data", str(tiny)])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["valid"] is False and out["errors"] == 1 and out["written"] == []
    [issue] = [i for i in out["issues"] if i["severity"] == "error"]
    assert (Path(issue["file"]).name, issue["sheet"], issue["cell"], issue["code"], issue["severity"]) == ("xa-a.xlsx", SELF_SHEET, f"G{rows['1.3|a']}", "not-a-count", "error")
    assert issue["message"] == "«mười» phải là một số nguyên (số lượng)"
    assert issue["guide"] == "dinh-dang-du-lieu/#ma-not-a-count"
