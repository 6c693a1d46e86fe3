"""Forms an office fills once (issue 27), on real workbooks of the tiny commune year of test_forms.py:

* numbers typed the Vietnamese way are read whatever the year's CSV format, and written back in it; a
  reading that may not be what the office meant is a question at its cell, never a silent reading;
* one ``collect --check`` reports the cells' errors and the whole year's checks together;
* rows are found by their hidden key: re-ordered, inserted or deleted below the table, they are read;
  a name corrected in the index set is a warning;
* an indicator without data is located at its empty cells, in the office's words;
* the council's workbook shows the points its figures give (the tool's own scoring), and a figure the
  council changed needs a note;
* ``--return`` writes each form back with its problems marked at their cells.
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.forms.annotate import ERROR_FILL, ERRORS_SHEET, QUESTION_FILL, RECEIVED_SHEET
from generator.forms.collect import collect, collect_forms
from generator.forms.layout import APPRAISAL_SHEET, SELF_SHEET
from generator.forms.numbers import NotANumber, read_typed
from generator.load import NUMBER_FORMATS
from generator.numeric import round_published
from generator.validate import validate

from .test_forms import A, S, collect_one, edit, filled_rows, key_rows, located, self_form, set_cells, table, templates, tiny, tiny_year  # noqa: F401

VI = NUMBER_FORMATS["vi"]


def vi_year(root: Path, **kwargs) -> Path:
    """The tiny year, its figures declared in the Vietnamese way (``dti.number_format: "vi"``)."""
    data = tiny_year(root, **kwargs)
    path = data / "2024" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["dti"]["number_format"] = "vi"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return data


def values_of(data: Path, unit: str = "xa-a", column: str = "self_value") -> dict[str, str]:
    return {r["input"]: r[column] for r in table(data / "2024" / "inputs.csv") if r["unit_id"] == unit}


def issue_at(report, cell: str, code: str):
    return next(i for i in report.issues if i.cell == cell and i.code == code)


# --------------------------------------------------------------------------- numbers the Vietnamese way


@pytest.mark.parametrize(
    "typed, value, percent, asks",
    [
        ("12", 12, False, False), ("1250", 1250, False, False), ("1250,5", Fraction(2501, 2), False, False),
        ("0,85", Fraction(85, 100), False, False), ("1.250,5", Fraction(2501, 2), False, False),
        ("1.250.000", 1250000, False, False), ("1 250,5", Fraction(2501, 2), False, False),
        ("420,0", 420, False, False), ("85%", 85, True, False), ("85 %", 85, True, False), ("81,3%", Fraction(813, 10), True, False),
        ("75.5", Fraction(151, 2), False, False), ("0.850", Fraction(85, 100), False, False), ("1/3", Fraction(1, 3), False, False),
        ("1.250", 1250, False, True), ("1.000", 1000, False, True),
    ],
)
def test_a_typed_number_is_read_the_vietnamese_way(typed, value, percent, asks):
    got = read_typed(typed)
    assert (got.value, got.percent, bool(got.question)) == (value, percent, asks)
    assert not read_typed(typed, VI).question  # a year that writes 1.250 for 1250 reads it the same: nothing to ask


@pytest.mark.parametrize("typed", ["mười", "1,250.5", "1,2,3", "12.500.5", "1" * 40])
def test_anything_else_is_not_a_number(typed):
    with pytest.raises(NotANumber):
        read_typed(typed)


def fill_vietnamese(form: Path, percent="0,85") -> dict[str, int]:
    return set_cells(form, SELF_SHEET, S, {
        ("1.3|a", "value"): "1.234", ("1.3|b", "value"): "1.500", ("2.1|kinh_phi", "value"): "1.234,5",
        ("2.2|ty_le", "value"): percent, ("2.3|diem", "value"): "4,5", ("2.3|diem", "self_score"): "4,5",
    })


def test_vietnamese_text_numbers_are_read_and_written_in_the_years_format(tmp_path):
    """A year without a declared format writes 1234.5; the same form in a year declared «vi» writes 1234,5.
    Whatever the year, nothing typed the Vietnamese way is refused."""
    data = tiny_year(tmp_path / "en", inputs=filled_rows())
    form = self_form(data, tmp_path / "phieu-en")
    rows = fill_vietnamese(form, percent="81,3%")
    report = collect_one(data, form)
    assert report.ok, [str(i) for i in report.errors]
    assert values_of(data) | {} == {"truong_ban": "cap_pho", "da_ban_hanh": "có", "a": "1234", "b": "1500", "kinh_phi": "1234.5", "ty_le": "81.3", "diem": "4.5"}
    assert {r["indicator_id"]: r["self_score"] for r in table(data / "2024" / "assessments.csv") if r["self_score"]} == {"2.3": "4.5"}
    # 1.234 and 1.500 could be read 1,234 and 1,5 by this year's own format: asked at their cells, read the Vietnamese way
    asked = {(i.cell, i.code) for i in report.warnings}
    assert {(f"{S['value']}{rows['1.3|a']}", "ambiguous-number"), (f"{S['value']}{rows['1.3|b']}", "ambiguous-number")} <= asked
    assert issue_at(report, f"{S['value']}{rows['1.3|a']}", "ambiguous-number").message == (
        "«1.234» được đọc là 1234 (dấu chấm phân cách hàng nghìn, theo cách viết số của Việt Nam); nếu ý là 1,234, hãy ghi 1,234")

    data = vi_year(tmp_path / "vi", inputs=filled_rows())
    form = self_form(data, tmp_path / "phieu-vi")
    fill_vietnamese(form, percent="85 %")
    report = collect_one(data, form)
    assert report.ok and not [i for i in report.warnings if i.code == "ambiguous-number"], [str(i) for i in report.issues]
    assert values_of(data) == {"truong_ban": "cap_pho", "da_ban_hanh": "có", "a": "1234", "b": "1500", "kinh_phi": "1234,5", "ty_le": "85", "diem": "4,5"}
    assert not [i for i in validate(data)[1].issues if i.file.endswith("inputs.csv") or i.file.endswith("assessments.csv")]  # the year reads them


def test_a_fraction_of_one_in_a_percentage_cell_is_asked_at_its_cell(tmp_path):
    data = vi_year(tmp_path / "data", inputs=filled_rows())
    form = self_form(data, tmp_path / "phieu")
    rows = fill_vietnamese(form, percent="0,85")
    report = collect_one(data, form)
    cell = f"{S['value']}{rows['2.2|ty_le']}"
    question = issue_at(report, cell, "percent-fraction")
    assert (question.severity, question.sheet, question.message) == ("warning", SELF_SHEET, "0,85 nghĩa là 0,85 %; nếu là 85 % hãy ghi 85")
    assert str(question).endswith(f"xa-a.xlsx, trang «{SELF_SHEET}», ô {cell}: Cảnh báo: 0,85 nghĩa là 0,85 %; nếu là 85 % hãy ghi 85 [percent-fraction]")
    assert [i.code for i in report.issues if i.cell == cell] == ["percent-fraction"]  # the year's own check does not say it again
    assert values_of(data)["ty_le"] == "0,85"  # read as written, and asked
    set_cells(form, SELF_SHEET, S, {("2.2|ty_le", "value"): 0.85})  # a real number 0.85, not formatted as a percentage
    assert issue_at(collect_one(data, form), cell, "percent-fraction")
    set_cells(form, SELF_SHEET, S, {("2.2|ty_le", "value"): "0,85%"})  # the office said 0,85 %: the form asks nothing
    assert "percent-fraction" not in {i.code for i in collect_one(data, form).issues if i.cell == cell}


def test_a_number_written_the_english_way_is_refused_saying_how_to_write_it(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("2.1|kinh_phi", "value"): "1,234.5"})
    (error,) = collect_one(tiny, form).errors
    assert (error.cell, error.code) == (f"{S['value']}{rows['2.1|kinh_phi']}", "not-a-number")
    assert error.message == "«1,234.5» phải là một số: viết theo kiểu tiếng Anh, dấu phẩy phân cách hàng nghìn; hãy ghi 1234,5"


def test_the_guide_says_what_to_type_with_examples(tiny, tmp_path):
    from generator.forms.layout import GUIDE_SHEET

    form = self_form(tiny, tmp_path / "phieu")
    guide = "\n".join(str(c.value) for row in load_workbook(form)[GUIDE_SHEET].iter_rows() for c in row if c.value)
    for example in ("1250,5", "1.250,5", "87,5%", "0,85", "0,85 %"):
        assert example in guide, example


# --------------------------------------------------------------------------- every problem in one round


def test_cell_errors_and_the_whole_years_checks_come_in_one_round(tiny, tmp_path):
    """A form with a word for a number, a ratio over 100 % and an indicator left empty: all three, and the
    other form's ratio over 100 %, in one run of collect --check."""
    folder = tmp_path / "phieu"
    templates(tiny, folder)
    rows = set_cells(folder / "xa-a.xlsx", SELF_SHEET, S, {
        ("2.1|kinh_phi", "value"): "mười", ("1.3|a", "value"): 12, ("1.3|b", "value"): 10, ("2.2|ty_le", "value"): None,
    })
    set_cells(folder / "xa-b.xlsx", SELF_SHEET, S, {
        ("1.1|truong_ban", "value"): "Cấp phó", ("1.2|da_ban_hanh", "value"): "Có", ("1.3|a", "value"): 30, ("1.3|b", "value"): 20,
        ("2.1|kinh_phi", "value"): 10, ("2.2|ty_le", "value"): 50, ("2.3|diem", "value"): 1,
    })
    report, written = collect_forms(tiny, 2024, folder, check=True)
    assert written == []
    assert located(report) == {
        ("xa-a.xlsx", SELF_SHEET, f"{S['value']}{rows['2.1|kinh_phi']}", "not-a-number"),
        ("xa-a.xlsx", SELF_SHEET, f"{S['value']}{rows['1.3|a']}", "ratio-over-100"),
        ("xa-a.xlsx", SELF_SHEET, f"{S['value']}{rows['2.2|ty_le']}", "missing-data"),
        ("xa-b.xlsx", SELF_SHEET, f"{S['value']}{rows['1.3|a']}", "ratio-over-100"),
    }


def test_an_indicator_without_data_is_located_at_its_empty_cells_in_the_offices_words(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): None, ("1.3|b", "value"): None})
    (error,) = collect_one(tiny, form).errors
    g = S["value"]
    assert (error.code, error.sheet, error.cell) == ("missing-data", SELF_SHEET, f"{g}{rows['1.3|a']}")
    assert error.message == (
        f"chưa nhập ô {g}{rows['1.3|a']}–{g}{rows['1.3|b']}: chỉ số 1.3 «Tỷ lệ cán bộ được tập huấn» chưa có số liệu. "
        "Hãy nhập số liệu, hoặc chọn «Không đánh giá» nếu chỉ số không áp dụng với đơn vị"
    )
    assert not any(word in error.message for word in ("inputs.csv", "appraised_score", "dti.missing", "xa-a"))


def test_an_indicator_without_data_is_a_located_warning_where_the_year_scores_it_zero(tmp_path):
    data = tiny_year(tmp_path / "data", inputs=filled_rows())
    path = data / "2024" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["dti"]["missing"] = "zero"
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    form = self_form(data, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("2.2|ty_le", "value"): None})
    report = collect_one(data, form)
    warning = issue_at(report, f"{S['value']}{rows['2.2|ty_le']}", "no-data")
    assert report.ok and warning.message.endswith("; nếu để trống, chỉ số được 0 điểm") and "dti.missing" not in warning.message


# --------------------------------------------------------------------------- rows found by their key


def reorder(ws, first: int, second: int) -> None:
    """Swap two rows whole, as cutting and pasting them would (their hidden keys go with them)."""
    width = ws.max_column
    a = [ws.cell(row=first, column=c).value for c in range(1, width + 1)]
    b = [ws.cell(row=second, column=c).value for c in range(1, width + 1)]
    for c in range(1, width + 1):
        ws.cell(row=first, column=c).value, ws.cell(row=second, column=c).value = b[c - 1], a[c - 1]


def test_rows_reordered_inserted_or_deleted_below_the_table_are_read_by_their_key(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    rows = set_cells(form, SELF_SHEET, S, {("2.1|kinh_phi", "value"): 120, ("1.3|b", "value"): 16})

    def reshuffle(wb):
        ws = wb[SELF_SHEET]
        reorder(ws, rows["1.3|a"], rows["2.3|diem"])  # two inputs of different indicators swap places
        reorder(ws, rows["1.1|truong_ban"], rows["1.2|da_ban_hanh"])
        ws.insert_rows(rows["2.1|kinh_phi"])  # an empty row in the table
        ws.insert_rows(rows["1.3|b"] + 1)  # … and one with the office's own note, which is not read
        ws.cell(row=rows["1.3|b"] + 1, column=5, value="Ghi chú: số liệu theo báo cáo quý IV")
        keys = {ws.cell(row=r, column=12).value: r for r in range(1, ws.max_row + 1)}
        ws.delete_rows(keys["#cuoi-1"], 4)  # the signature block below the table, deleted

    edit(form, reshuffle)
    report = collect_one(tiny, form)
    assert report.ok, [str(i) for i in report.errors]
    assert {i.code for i in report.warnings} <= {"row-not-read", "other-errors", "missing-forms"}
    assert "«Ghi chú: số liệu theo báo cáo quý IV»" in next(i.message for i in report.warnings if i.code == "row-not-read")
    assert values_of(tiny) == {"truong_ban": "cap_pho", "da_ban_hanh": "có", "a": "8", "b": "16", "kinh_phi": "120", "ty_le": "85", "diem": "4"}


def test_a_name_corrected_in_the_index_set_is_a_warning_a_changed_maximum_voids_the_form(tiny, tmp_path):
    form = self_form(tiny, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): 9})
    indicators = tiny / "frameworks" / "t-xa" / "indicators.csv"
    original = indicators.read_text(encoding="utf-8")
    indicators.write_text(original.replace("Tỷ lệ cán bộ được tập huấn", "Tỷ lệ cán bộ và công chức được tập huấn"), encoding="utf-8")
    inputs = tiny / "frameworks" / "t-xa" / "inputs.csv"
    inputs.write_text(inputs.read_text(encoding="utf-8").replace("Tổng số cán bộ", "Tổng số cán bộ và công chức"), encoding="utf-8")
    report = collect_one(tiny, form)
    assert report.ok and [i.code for i in report.warnings if i.file.endswith("xa-a.xlsx")] == ["framework-reworded"]
    assert values_of(tiny)["a"] == "9"
    assert ">= 100: 1" in original
    indicators.write_text(original.replace(">= 100: 1", ">= 120: 1"), encoding="utf-8")  # a threshold of the rule: the scoring changed
    assert located(collect_one(tiny, form)) == {("xa-a.xlsx", None, None, "framework-changed")}


# --------------------------------------------------------------------------- the council's workbook


def points_column(path: Path) -> dict[str, object]:
    ws = load_workbook(path)[APPRAISAL_SHEET]
    return {key: ws[f"{A['points']}{r}"].value for key, r in key_rows(ws, A["key"]).items() if ws[f"{A['name']}{r}"].value}


def test_the_councils_workbook_shows_the_points_the_tools_scoring_gives(tmp_path):
    inputs = filled_rows("xa-a") + filled_rows("xa-b", filled_ones())
    data = tiny_year(tmp_path / "data", inputs=inputs, assessments=[{"unit_id": "xa-b", "indicator_id": "2.3", "appraised_score": "3", "note": "Chấm lại."}])
    (path,) = templates(data, tmp_path / "hd", appraisal=True)
    dataset, _ = validate(data)
    scored = {(r.unit.id, i): v for r in dataset.results[2024]["commune"] for i, v in r.indicators.items()}
    shown = points_column(path)
    ws = load_workbook(path)[APPRAISAL_SHEET]
    rows = key_rows(ws, A["key"])
    for key, points in shown.items():
        unit, ind, _ = key.split("|")
        result = scored[(unit, ind)]
        computed = result.formula_score if result.basis == "council" else result.score  # what the figures give, beside a council's own score
        assert points == float(round_published(computed)), key
        assert ws[f"{A['self_score']}{rows[key]}"].value == float(round_published(result.self_score)), key  # the self-assessed points beside
    assert shown["xa-a|1.3|a"] == 8 and shown["xa-b|2.3|diem"] == 2  # 2 from the figure, though the council awarded 3


def filled_ones() -> dict:
    from .test_forms import FILLED

    return {**FILLED, ("1.3", "a"): "5", ("2.3", "diem"): "2"}


def test_a_figure_the_council_changed_needs_a_note_and_the_returned_workbook_shows_its_points(tiny, tmp_path):
    (path,) = templates(tiny, tmp_path / "hd", appraisal=True)
    rows = set_cells(path, APPRAISAL_SHEET, A, {
        ("xa-a|1.3|a", "value"): 6,  # changed, no note
        ("xa-a|1.2|da_ban_hanh", "value"): "Có",  # the unit's own answer: not a change
        ("xa-a|2.2|ty_le", "value"): "85,0",  # the same figure written another way: not a change
        ("xa-a|2.1|kinh_phi", "value"): "40", ("xa-a|2.1|kinh_phi", "note"): "Chứng từ chỉ có 40 triệu đồng.",  # changed, with its note
    })
    done = collect(tiny, 2024, path.parent, appraisal=True, check=True, return_dir=tmp_path / "tra")
    (error,) = done.report.errors
    assert (error.code, error.cell) == ("missing-note", f"{A['note']}{rows['xa-a|1.3|a']}")
    assert error.message == f"Hội đồng sửa số liệu của đơn vị (ô {A['value']}{rows['xa-a|1.3|a']}: đơn vị ghi 8, Hội đồng ghi 6) thì phải ghi ý kiến thẩm định (lý do) ở ô này; ý kiến được công bố cùng kết quả"
    (copy,) = done.returned
    points = points_column(copy)
    assert (points["xa-a|1.3|a"], points["xa-a|2.1|kinh_phi"], points["xa-b|1.3|a"]) == (6, 0, "Chưa có số liệu")  # as the collected year scores
    ws = load_workbook(copy)[APPRAISAL_SHEET]
    note = ws[error.cell]
    assert note.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:]) and "[missing-note]" in note.comment.text

    set_cells(path, APPRAISAL_SHEET, A, {("xa-a|1.3|a", "note"): "Hai cán bộ chưa có chứng nhận."})
    report, written = collect_forms(tiny, 2024, path.parent, appraisal=True)
    assert report.ok and written, [str(i) for i in report.errors]
    notes = {r["indicator_id"]: r["note"] for r in table(tiny / "2024" / "assessments.csv") if r["unit_id"] == "xa-a" and r["note"]}
    assert notes == {"1.3": "Hai cán bộ chưa có chứng nhận.", "2.1": "Chứng từ chỉ có 40 triệu đồng."}


# --------------------------------------------------------------------------- the answer in the office's own workbook


def test_return_marks_every_problem_at_its_cell_and_lists_them_with_links(tiny, tmp_path):
    folder = tmp_path / "phieu"
    templates(tiny, folder)
    rows = set_cells(folder / "xa-a.xlsx", SELF_SHEET, S, {("1.3|a", "value"): "mười", ("2.2|ty_le", "value"): "0,85", ("1.3|a", "self_score"): 12})
    set_cells(folder / "xa-b.xlsx", SELF_SHEET, S, {(k, "value"): v for k, v in {
        "1.1|truong_ban": "Cấp phó", "1.2|da_ban_hanh": "Có", "1.3|a": 5, "1.3|b": 10, "2.1|kinh_phi": 10, "2.2|ty_le": 50, "2.3|diem": 1}.items()})
    done = collect(tiny, 2024, folder, check=True, return_dir=tmp_path / "tra")
    assert [p.name for p in done.returned] == ["xa-a.xlsx", "xa-b.xlsx"] and done.written == []
    wb = load_workbook(tmp_path / "tra" / "xa-a.xlsx")
    assert wb.sheetnames[0] == ERRORS_SHEET and wb.active.title == ERRORS_SHEET
    ws = wb[SELF_SHEET]
    marked = {c.coordinate: (c.fill.fgColor.rgb[-6:], c.comment.text) for row in ws.iter_rows() for c in row if c.comment is not None}
    g, h = f"{S['value']}{rows['1.3|a']}", f"{S['self_score']}{rows['1.3|a']}"
    percent = f"{S['value']}{rows['2.2|ty_le']}"
    assert set(marked) == {g, h, percent}
    assert marked[g] == (ERROR_FILL.fgColor.rgb[-6:], "Lỗi: «mười» phải là một số nguyên (số lượng) [not-a-count]")
    assert marked[h][0] == ERROR_FILL.fgColor.rgb[-6:] and "[self-score-over-max]" in marked[h][1]
    assert marked[percent] == (QUESTION_FILL.fgColor.rgb[-6:], "Cần xem lại: 0,85 nghĩa là 0,85 %; nếu là 85 % hãy ghi 85 [percent-fraction]")
    listing = wb[ERRORS_SHEET]
    links = {c.value: c.hyperlink.location for row in listing.iter_rows() for c in row if c.hyperlink is not None}
    assert links == {g: f"'{SELF_SHEET}'!{g}", h: f"'{SELF_SHEET}'!{h}", percent: f"'{SELF_SHEET}'!{percent}"}
    levels = [row[1] for row in listing.iter_rows(values_only=True) if row[0] in (1, 2, 3)]
    assert levels == ["Lỗi", "Lỗi", "Cần xem lại"]
    clean = load_workbook(tmp_path / "tra" / "xa-b.xlsx")
    assert clean.sheetnames[0] == RECEIVED_SHEET and "không có lỗi" in clean[RECEIVED_SHEET]["A2"].value
    assert not [c for row in clean[SELF_SHEET].iter_rows() for c in row if c.comment is not None]
    # the checks and drop-down lists are still there, and the same forms give the same bytes
    assert len(wb[SELF_SHEET].data_validations.dataValidation) == len(load_workbook(folder / "xa-a.xlsx")[SELF_SHEET].data_validations.dataValidation)
    again = collect(tiny, 2024, folder, check=True, return_dir=tmp_path / "tra-2")
    assert [p.read_bytes() for p in again.returned] == [p.read_bytes() for p in done.returned]


def test_a_returned_copy_fixed_and_sent_back_is_collected_and_its_marks_are_gone(tiny, tmp_path):
    folder = tmp_path / "phieu"
    form = self_form(tiny, folder)
    rows = set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): "mười", ("2.2|ty_le", "value"): "0,85"})
    done = collect(tiny, 2024, folder, check=True, return_dir=tmp_path / "tra")
    back = tmp_path / "nhan-lai"
    back.mkdir()
    shutil.copy(done.returned[0], back / "xa-a.xlsx")
    set_cells(back / "xa-a.xlsx", SELF_SHEET, S, {("1.3|a", "value"): "9", ("2.2|ty_le", "value"): "85"})  # the office fixes the marked cells
    final = collect(tiny, 2024, back, return_dir=tmp_path / "tra-lan-2")
    assert final.report.ok and final.written, [str(i) for i in final.report.errors]
    assert values_of(tiny)["a"] == "9" and values_of(tiny)["ty_le"] == "85"
    wb = load_workbook(final.returned[0])
    assert wb.sheetnames[0] == RECEIVED_SHEET and ERRORS_SHEET not in wb.sheetnames
    assert "Số liệu đã được ghi vào dữ liệu năm 2024" in wb[RECEIVED_SHEET]["A2"].value
    ws = wb[SELF_SHEET]
    g = ws[f"{S['value']}{rows['1.3|a']}"]
    assert g.comment is None and g.fill.fgColor.rgb[-6:] == "FFF2CC"  # yellow again, as the template wrote it


def test_return_on_the_command_line_and_never_into_the_forms_folder(tiny, tmp_path, capsys):
    form = self_form(tiny, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): "mười"})
    assert main(["collect", "2024", str(form.parent), "--data", str(tiny), "--check", "--return", str(tmp_path / "tra")]) == 1
    assert "Đã ghi 1 bản trả lại" in capsys.readouterr().out and (tmp_path / "tra" / "xa-a.xlsx").is_file()
    assert main(["collect", "2024", str(form.parent), "--data", str(tiny), "--return", str(form.parent)]) == 1
    assert "[return-into-forms]" in capsys.readouterr().out
    load_workbook(form)  # the form itself untouched


def test_a_form_refused_before_it_is_opened_gets_no_copy(tiny, tmp_path):
    from .test_forms_hostile import put_formula

    form = self_form(tiny, tmp_path / "phieu")
    put_formula(form, SELF_SHEET, f"{S['value']}{key_rows(load_workbook(form)[SELF_SHEET], S['key'])['1.3|a']}", "4+4", "8")
    done = collect(tiny, 2024, form.parent, check=True, return_dir=tmp_path / "tra")
    assert "formula-in-form" in {i.code for i in done.report.errors} and done.returned == []


def test_a_self_form_made_before_this_layout_is_still_read(tiny, tmp_path):
    """A form of version 1 (no version, one fingerprint of scoring and wording, no keyed rows around the
    table, the key column's title on its header row) sent out before an upgrade is collected."""
    from openpyxl.cell.cell import MergedCell

    from generator.forms.layout import META_SHEET, legacy_signature
    from generator.load import load_framework
    from generator.errors import Report

    from .test_forms import meta_cell

    form = self_form(tiny, tmp_path / "phieu")
    set_cells(form, SELF_SHEET, S, {("1.3|a", "value"): 9})
    fw = load_framework(tiny / "frameworks" / "t-xa", Report())

    def older(wb):
        meta_cell(wb, "signature").value = legacy_signature(fw)
        for key in ("version", "wording"):
            ms = wb[META_SHEET]
            row = next(r for r in range(1, ms.max_row + 1) if ms.cell(row=r, column=1).value == key)
            ms.cell(row=row, column=1).value = ms.cell(row=row, column=2).value = None
        ws = wb[SELF_SHEET]
        for r in range(1, ws.max_row + 1):
            key = ws[f"{S['key']}{r}"].value
            if isinstance(key, str) and key.startswith("#cuoi"):  # no signature block below the table
                for row in ws.iter_rows(min_row=r, max_row=r):
                    for cell in row:
                        if not isinstance(cell, MergedCell):
                            cell.value = None
            elif isinstance(key, str) and key.startswith("#"):
                ws[f"{S['key']}{r}"] = "Khóa dòng (không sửa)" if key == "#dau-6" else None

    edit(form, older)
    report = collect_one(tiny, form)
    assert report.ok and {i.code for i in report.issues} <= {"missing-forms", "other-errors"}, [str(i) for i in report.issues]
    assert values_of(tiny)["a"] == "9"
