"""The index-set workbook: the shipped sets go out and come back byte for byte; an official fills an empty
workbook for a set covering every rule kind, and the collected set scores hand-worked figures exactly;
every trap and every mistake is reported at its sheet and cell; the «Thử tính» sheet holds what the tool
scores."""

from __future__ import annotations

import csv
import datetime
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import trial
from generator.cli import main
from generator.frameworkbook.collect import collect
from generator.frameworkbook.layout import FIRST_ROW, HEADER_ROW, INDICATOR_SHEET, INFO_SHEET, INPUT_SHEET, RULES_SHEET, TRIAL_SHEET
from generator.frameworkbook.write import export, write_template
from generator.numeric import as_published
from generator.packaging import csv_text
from generator.rules import Values
from generator.validate import validate

from .helpers import FRAMEWORKS, bundled, write_edition

SHIPPED = sorted(p.name for p in FRAMEWORKS.iterdir())
FILES = ("datapackage.json", "indicators.csv", "inputs.csv")


def located(report, errors_only: bool = False) -> set[tuple]:
    return {(i.sheet, i.cell, i.code) for i in (report.errors if errors_only else report.issues)}


# --------------------------------------------------------------------------- the shipped sets


@pytest.mark.parametrize("fid", SHIPPED)
def test_a_shipped_set_goes_out_and_comes_back_byte_for_byte(tmp_path, fid):
    book = tmp_path / f"{fid}.xlsx"
    report, written = export(FRAMEWORKS / fid, book)
    assert report.ok and written
    report, written = collect(book, fid, tmp_path / "data")
    assert report.ok, [str(i) for i in report.errors]
    for name in FILES:
        assert (tmp_path / "data" / "frameworks" / fid / name).read_bytes() == (FRAMEWORKS / fid / name).read_bytes(), name
    assert book in written
    again = tmp_path / "again.xlsx"
    export(FRAMEWORKS / fid, again)
    assert again.read_bytes() == book.read_bytes()  # written back after collecting: the same workbook


def _column(ws, title: str) -> str:
    """A column's letter by the start of its header, as an official finds it."""
    found = [c.column_letter for c in ws[HEADER_ROW] if isinstance(c.value, str) and c.value.startswith(title)]
    assert len(found) == 1, (title, found)
    return found[0]


def test_the_rule_in_words_and_the_trial_points_are_the_tools(tmp_path):
    """The words an official reads in the workbook are the site's (Indicator.describe); the points on the
    «Thử tính» sheet are what the scorer gives the figures beside them, rounded once as published."""
    fw = bundled("hai-duong-2405-2024-huyen")
    book = tmp_path / "huyen.xlsx"
    export(FRAMEWORKS / fw.id, book)
    wb = load_workbook(book)
    ws = wb[INDICATOR_SHEET]
    ids, words = _column(ws, "Mã chỉ số"), _column(ws, "Cách tính bằng lời")
    shown = {ws[f"{ids}{r}"].value: ws[f"{words}{r}"].value for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"{ids}{r}"].value}
    assert shown == {i.id: i.describe() for i in fw.walk()}
    ws = wb[TRIAL_SHEET]
    key, value, points = _column(ws, "Khóa dòng"), _column(ws, "Số liệu thử"), _column(ws, "Điểm công cụ cho")
    typed: dict[str, dict] = {}
    first: dict[str, object] = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        ind_id, _, name = (ws[f"{key}{r}"].value or "").partition("|")
        if name and name != "#":
            typed.setdefault(ind_id, {})[name] = ws[f"{value}{r}"].value
            first.setdefault(ind_id, ws[f"{points}{r}"].value)
    assert set(typed) == {i.id for i in fw.leaves()}
    for ind in fw.leaves():
        if ind.rule.kind == "minmax":
            assert first[ind.id] == "—"
            continue
        values, problems = trial.read_figures(ind, {n: str(v) for n, v in typed[ind.id].items()})
        assert problems == []
        scored = as_published(ind.rule.share(Values(values), ind.max_points) * ind.max_points)  # as the scorer does
        assert Fraction(Decimal(repr(first[ind.id]))) == scored, ind.id


# --------------------------------------------------------------------------- an official fills a new set

METHOD_2_1 = """a = Số máy chủ được cài phần mềm phòng chống mã độc
b = Số máy trạm được cài phần mềm phòng chống mã độc
c = Tổng số máy chủ, máy trạm của UBND xã
- Tỷ lệ = (a+b)/c
- Điểm = Tỷ lệ × Điểm tối đa"""

# The decision's table as an official types it, row by row: (id, parent, level, name, max, rule, formula, item, words, share, other cells).
ROWS = [
    ("1", "", "Chỉ số chính", "Nhận thức số", 40, "Tổng các chỉ số con", "", "", "", "", {}),
    ("1.1", "1", "Chỉ số thành phần", "Người đứng đầu là Trưởng ban Ban chỉ đạo chuyển đổi số", 10, "Theo mức", "truong_ban", "", "Trưởng ban là Chủ tịch UBND xã", "1", {}),
    ("", "", "", "", None, "", "", "", "Trưởng ban là Phó Chủ tịch UBND xã", "1/2", {}),
    ("", "", "", "", None, "", "", "", "Chưa có Ban chỉ đạo", "0", {}),
    ("1.2", "1", "Chỉ số thành phần", "Ban hành kế hoạch chuyển đổi số năm", 10, "Có/không", "da_ban_hanh", "", "", "", {}),
    ("1.3", "1", "Chỉ số thành phần", "Tin, bài trên chuyên mục chuyển đổi số", 10, "Đếm số lượng, có trần", "so_tin_bai", "", "", "",
     {"Đủ điểm khi": 10, "Chỉ chấm khi": "co_chuyen_muc"}),
    ("1.4", "1", "Chỉ số thành phần", "Chuyên mục đầy đủ thông tin", 10, "Theo tiêu chí", "", "du_chuyen_muc", "", "1/2", {}),
    ("", "", "", "", None, "", "", "du_thong_tin", "", "0,5", {}),
    ("2", "", "Chỉ số chính", "Hạ tầng số", 40, "", "", "", "", "", {}),
    ("2.1", "2", "Chỉ số thành phần", "Tỷ lệ máy có phần mềm phòng chống mã độc", 10, "Tỷ lệ", "(a+b)/c", "", "", "",
     {"Khi mẫu số bằng 0": "điểm tối đa", "Cách tính điểm theo văn bản": METHOD_2_1}),
    ("2.2", "2", "Chỉ số thành phần", "Tỷ lệ hồ sơ xử lý trực tuyến", 10, "Tỷ lệ so với chỉ tiêu", "a/b", "", "", "",
     {"Chỉ tiêu": ("percent", 0.8), "Dưới chỉ tiêu": "tỷ lệ × điểm tối đa"}),
    ("2.3", "2", "Chỉ số thành phần", "Kinh phí cho an toàn thông tin", 10, "Theo ngưỡng", "a/b", "0,7%", "", "1", {}),
    ("", "", "", "", None, "", "", "0.4%", "", "70%", {}),
    ("", "", "", "", None, "", "", "từ 0,2% trở lên", "", "0.3", {}),
    ("", "", "", "", None, "", "", "còn lại", "", "0", {}),
    ("2.4", "2", "Chỉ số thành phần", "Người đứng đầu tham gia họp Ban chỉ đạo", 10, "Tỷ lệ có trọng số", "c", "a", "", "1", {}),
    ("", "", "", "", None, "", "", "b", "", "1/2", {}),
    ("3", "", "Chỉ số chính", "Hoạt động chính quyền số", 40, "", "", "", "", "", {}),
    ("3.1", "3", "Chỉ số thành phần", "Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến toàn trình", 5, "Đạt 100 % hoặc 0", "a/b", "", "", "",
     {"Tỷ lệ trên 100 %": "tính là 100 % (không vượt điểm tối đa)"}),
    ("3.2", "3", "Chỉ số thành phần", "Kinh phí chi cho chuyển đổi số", 10, "Min–max giữa các đơn vị", "x", "", "", "", {}),
    ("3.3", "3", "Chỉ số thành phần", "Mức độ hài lòng trên Cổng Dịch vụ công quốc gia", 10, "Tỷ lệ từ hệ thống bên ngoài", "ty_le", "", "", "",
     {"Nguồn": "Cổng Dịch vụ công quốc gia"}),
    ("3.4", "3", "Chỉ số thành phần", "Sáng kiến chuyển đổi số", 5, "Chấm điểm trực tiếp", "diem", "", "", "", {}),
    ("3.5", "3", "Chỉ số thành phần", "Hoạt động có người dân tham gia", 10, "Đếm số lượng, có trần", "so_hoat_dong", "", "", "", {"Điểm cho mỗi": "1"}),
]
INPUTS = [
    ("1.1", "truong_ban", "Mức (của cách tính «Theo mức»)", "Trưởng Ban chỉ đạo chuyển đổi số của xã là ai?", "", "", ""),
    ("1.2", "da_ban_hanh", "Có/không", "Đã ban hành kế hoạch chuyển đổi số năm chưa?", "", "Đã ban hành", "Chưa ban hành"),
    ("1.3", "so_tin_bai", "Số lượng (số nguyên)", "Số tin, bài về chuyển đổi số trong năm", "tin, bài", "", ""),
    ("1.3", "co_chuyen_muc", "Có/không", "Đã có chuyên mục chuyển đổi số chưa?", "", "", ""),
    ("1.4", "du_chuyen_muc", "Có/không", "Có đủ các chuyên mục theo Nghị định 42/2022/NĐ-CP không?", "", "", ""),
    ("1.4", "du_thong_tin", "Có/không", "Các chuyên mục có đủ tin, bài không?", "", "", ""),
    ("2.1", "a", "Số lượng (số nguyên)", "Số máy chủ được cài phần mềm phòng chống mã độc", "máy", "", ""),
    ("2.1", "b", "Số lượng (số nguyên)", "Số máy trạm được cài phần mềm phòng chống mã độc", "máy", "", ""),
    ("2.1", "c", "Số lượng (số nguyên)", "Tổng số máy chủ, máy trạm", "máy", "", ""),
    ("2.2", "a", "Số lượng (số nguyên)", "Số hồ sơ xử lý trực tuyến", "hồ sơ", "", ""),
    ("2.2", "b", "Số lượng (số nguyên)", "Tổng số hồ sơ", "hồ sơ", "", ""),
    ("2.3", "a", "Số (số tiền, số thập phân)", "Kinh phí chi cho an toàn thông tin", "triệu đồng", "", ""),
    ("2.3", "b", "Số (số tiền, số thập phân)", "Tổng chi ngân sách của xã", "triệu đồng", "", ""),
    ("2.4", "a", "Số lượng (số nguyên)", "Số buổi họp người đứng đầu tham gia", "buổi", "", ""),
    ("2.4", "b", "Số lượng (số nguyên)", "Số buổi họp cấp phó tham gia", "buổi", "", ""),
    ("2.4", "c", "Số lượng (số nguyên)", "Tổng số buổi họp", "buổi", "", ""),
    ("3.1", "a", "Số lượng (số nguyên)", "Số thủ tục cung cấp trực tuyến toàn trình", "thủ tục", "", ""),
    ("3.1", "b", "Số lượng (số nguyên)", "Số thủ tục đủ điều kiện", "thủ tục", "", ""),
    ("3.2", "x", "Số (số tiền, số thập phân)", "Kinh phí chi cho chuyển đổi số", "triệu đồng", "", ""),
    ("3.3", "ty_le", "Tỷ lệ phần trăm (0–100)", "Tỷ lệ hài lòng ghi nhận trên Cổng Dịch vụ công quốc gia", "%", "", ""),
    ("3.4", "diem", "Điểm Hội đồng chấm", "Điểm Hội đồng chấm cho sáng kiến", "điểm", "", ""),
    ("3.5", "so_hoat_dong", "Số lượng (số nguyên)", "Số hoạt động có người dân tham gia", "hoạt động", "", ""),
]
INFO = {
    "Tên bộ chỉ số": "Bộ chỉ số chuyển đổi số cấp xã — Tỉnh Bình Sơn (thử nghiệm)",
    "Loại đơn vị": "Cấp xã",
    "Văn bản ban hành": "Quyết định số 123/QĐ-UBND",
    "Ngày ban hành": "2026-02-10",
    "Cơ quan ban hành": "Ủy ban nhân dân tỉnh Bình Sơn",
    "Tỉnh": "Bình Sơn",
    "Tổng điểm": 120,
}


def _label_rows(ws) -> dict[str, int]:
    return {ws[f"A{r}"].value.split(" (")[0].rstrip(" ▾"): r for r in range(FIRST_ROW, ws.max_row + 1) if isinstance(ws[f"A{r}"].value, str)}


def fill(path: Path, rows=ROWS, inputs=INPUTS, info=INFO) -> None:
    """An empty workbook filled as an official fills it: the decision's words from the drop-downs, numbers as
    numbers, shares typed as text in the text-formatted columns, a target typed 80% (a number shown as a
    percentage), the decision's method text pasted with its line breaks, evidence stated."""
    wb = load_workbook(path)
    ws = wb[INFO_SHEET]
    labels = _label_rows(ws)
    for label, value in info.items():
        ws[f"B{next(r for k, r in labels.items() if k.startswith(label))}"] = value
    ws = wb[INDICATOR_SHEET]
    col = {t: _column(ws, t) for t in ("Mã chỉ số", "Chỉ số cha", "Cấp", "Tên chỉ số", "Điểm tối đa", "Cách tính điểm ▾", "Công thức", "Mức / tiêu chí",
                                       "Lời văn bản của mức", "→ phần điểm", "Tài liệu kiểm chứng", "Đơn vị đánh giá")}
    for r, (ind_id, parent, level, name, top, kind, formula, item, words, share, other) in enumerate(rows, FIRST_ROW):
        for title, value in zip(col, (ind_id, parent, level, name, top, kind, formula, item, words, share)):
            if value not in ("", None):
                ws[f"{col[title]}{r}"] = value
        if ind_id and ind_id not in ("1", "2", "3"):
            ws[f"{col['Tài liệu kiểm chứng']}{r}"] = "Báo cáo chuyển đổi số năm của UBND xã"
            ws[f"{col['Đơn vị đánh giá']}{r}"] = "Sở Khoa học và Công nghệ"
        for title, value in other.items():
            cell = ws[f"{_column(ws, title)}{r}"]
            if isinstance(value, tuple):  # typed «80%» where Excel makes it a number shown as a percentage
                cell.value, cell.number_format = value[1], "0%"
            else:
                cell.value = value
    ws = wb[INPUT_SHEET]
    for r, row in enumerate(inputs, FIRST_ROW):
        for c, value in zip("ABCDEFG", row):
            if value:
                ws[f"{c}{r}"] = value
    wb.save(path)


def _unit(uid: str, **figures) -> list[dict]:
    return [dict(unit_id=uid, indicator_id=k.split(":")[0], input=k.split(":")[1], self_value=str(v)) for k, v in figures.items()]


XA_A = {
    "1.1:truong_ban": "Trưởng ban là Phó Chủ tịch UBND xã", "1.2:da_ban_hanh": "Đã ban hành", "1.3:co_chuyen_muc": "có", "1.3:so_tin_bai": 7,
    "1.4:du_chuyen_muc": "có", "1.4:du_thong_tin": "không", "2.1:a": 30, "2.1:b": 20, "2.1:c": 80, "2.2:a": 30, "2.2:b": 50,
    "2.3:a": 5, "2.3:b": 1000, "2.4:a": 3, "2.4:b": 2, "2.4:c": 6, "3.1:a": 12, "3.1:b": 12, "3.2:x": 40, "3.3:ty_le": 85,
    "3.4:diem": 3.5, "3.5:so_hoat_dong": 4,
}
XA_B = {
    "1.1:truong_ban": "Chưa có Ban chỉ đạo", "1.2:da_ban_hanh": "Chưa ban hành", "1.3:co_chuyen_muc": "không", "1.3:so_tin_bai": 12,
    "1.4:du_chuyen_muc": "có", "1.4:du_thong_tin": "có", "2.1:a": 0, "2.1:b": 0, "2.1:c": 0, "2.2:a": 45, "2.2:b": 50,
    "2.3:a": 1, "2.3:b": 1000, "2.4:a": 6, "2.4:b": 0, "2.4:c": 6, "3.1:a": 13, "3.1:b": 12, "3.2:x": 10, "3.3:ty_le": 100,
    "3.4:diem": 5, "3.5:so_hoat_dong": 15,
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    base = tmp_path_factory.mktemp("bo-moi")
    book = base / "bo-chi-so.xlsx"
    write_template(book)
    fill(book)
    report, written = collect(book, "binh-son-123-2026-xa", base / "data")
    return base, book, report, written


def test_a_new_set_filled_as_an_official_would_is_collected(filled):
    base, book, report, written = filled
    assert report.ok, [str(i) for i in report.errors]
    assert report.issues == [], [str(i) for i in report.issues]  # no trap: evidence stated, formulas as the text writes them
    folder = base / "data" / "frameworks" / "binh-son-123-2026-xa"
    assert written[:3] == [folder / name for name in FILES]
    rows = (folder / "indicators.csv").read_text(encoding="utf-8")
    assert "muc_1: 1; muc_2: 1/2; muc_3: 0" in rows  # levels without codes get them by place
    assert ">= 0.7%: 1; >= 0.4%: 70%; >= 0.2%: 0.3; else: 0" in rows  # «0,7%», «từ 0,2% trở lên», «còn lại»
    assert "target: 80%; below: linear" in rows and "full_at: 10; gate: co_chuyen_muc" in rows and "over_100: cap" in rows
    assert "du_chuyen_muc: 1/2; du_thong_tin: 0.5" in rows and "on_zero: max" in rows and "per_item: 1" in rows
    assert '"a = Số máy chủ được cài phần mềm phòng chống mã độc\nb =' in rows  # the pasted text keeps its lines
    inputs = (folder / "inputs.csv").read_text(encoding="utf-8")
    assert "co: Đã ban hành; khong: Chưa ban hành" in inputs
    assert "muc_1: Trưởng ban là Chủ tịch UBND xã; muc_2: Trưởng ban là Phó Chủ tịch UBND xã; muc_3: Chưa có Ban chỉ đạo" in inputs
    assert {r.name for r in bundled_from(folder).leaves()} >= set()  # loads


def bundled_from(folder: Path):
    from generator.load import load_framework

    problems: list = []
    fw = load_framework(folder, problems)
    assert fw is not None and problems == []
    return fw


def test_the_collected_set_scores_hand_worked_figures_exactly(filled, tmp_path):
    base, _, report, _ = filled
    assert report.ok
    data = base / "data"
    units = [dict(id=u, name=f"Xã {u[-1].upper()}", type="commune") for u in ("xa-a", "xa-b", "xa-c")]
    rows = _unit("xa-a", **XA_A) + _unit("xa-b", **XA_B) + _unit("xa-c", **{**XA_A, "3.2:x": 70})
    write_edition(data / "2026", 2026, {"commune": "binh-son-123-2026-xa"}, units, rows)
    dataset, checked = validate(data)
    assert checked.ok, [str(i) for i in checked.errors]
    results = {r.unit.id: r for r in dataset.results[2026]["commune"]}
    a = {k: v.score for k, v in results["xa-a"].indicators.items()}
    assert a["1.1"] == 5  # «Phó Chủ tịch»: 1/2 × 10
    assert a["1.2"] == 10  # «Đã ban hành» (the decision's word for «có»)
    assert a["1.3"] == 7  # gate open, 7 of 10 posts: 7/10 × 10
    assert a["1.4"] == 5  # one criterion of two: 1/2 × 10
    assert a["2.1"] == Fraction(625, 100)  # (30 + 20) / 80 = 62,5 % × 10 = 6,25
    assert a["2.2"] == 6  # 30/50 = 60 % < 80 %, linear below: 60 % × 10
    assert a["2.3"] == 7  # 5/1000 = 0,5 % ≥ 0,4 %: 70 % × 10
    assert a["2.4"] == Fraction(667, 100)  # (3 + 2 × 1/2) / 6 = 2/3 × 10 = 6,666… → 6,67 (rounded once)
    assert a["3.1"] == 5  # 12/12 = 100 %
    assert a["3.2"] == 5  # x = 40 among 10, 40, 70: (40 − 10)/(70 − 10) = 1/2 × 10
    assert a["3.3"] == Fraction(85, 10)  # 85 % × 10
    assert a["3.4"] == Fraction(35, 10)  # the council's 3,5
    assert a["3.5"] == 4  # 4 activities × 1 point
    assert results["xa-a"].score == Fraction(7892, 100)  # 5+10+7+5+6,25+6+7+6,67+5+5+8,5+3,5+4
    assert results["xa-a"].percent == Decimal("65.77")  # 78,92 / 120 = 65,766…
    b = {k: v.score for k, v in results["xa-b"].indicators.items()}
    # 0 (no steering board), 0, 0 (gate closed though 12 posts), 10 (both criteria), 10 (0/0: full by the decision),
    # 10 (90 % ≥ 80 %), 0 (0,1 % below every threshold), 10 ((6 + 0)/6), 5 (13/12 capped at 100 %), 0 (lowest x),
    # 10 (100 %), 5, 10 (15 activities, capped at 10)
    assert [b[i] for i in ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5")] == [0, 0, 0, 10, 10, 10, 0, 10, 5, 0, 10, 5, 10]
    assert results["xa-b"].score == 70
    assert results["xa-c"].score == Fraction(8392, 100)  # xa-a with the highest x: 78,92 − 5 + 10
    assert [r.unit.id for r in dataset.results[2026]["commune"] if r.rank == 1] == ["xa-c"]


def test_the_workbook_written_back_shows_the_rule_the_trial_and_the_printed_table(filled):
    _, book, _, _ = filled
    wb = load_workbook(book)
    fw = bundled_from(book.parent / "data" / "frameworks" / "binh-son-123-2026-xa")
    ws = wb[INDICATOR_SHEET]
    words = _column(ws, "Cách tính bằng lời")
    assert ws[f"{words}{FIRST_ROW + 1}"].value == fw.indicators["1.1"].describe()
    assert "«Trưởng ban là Phó Chủ tịch UBND xã»: 50 % điểm tối đa" in fw.indicators["1.1"].describe()
    printed = [row for row in wb[RULES_SHEET].iter_rows(values_only=True) if row[0] == "2.4"][0]
    assert printed[3] == fw.indicators["2.4"].describe() and printed[4].startswith("Với a = ")
    assert str(wb[RULES_SHEET].page_setup.paperSize) == wb[RULES_SHEET].PAPERSIZE_A4 and wb[RULES_SHEET].page_setup.orientation == "landscape"


# --------------------------------------------------------------------------- the trial sheet


def test_trial_figures_typed_by_an_official_are_scored_by_the_tool(filled, tmp_path):
    _, source, _, _ = filled
    book = tmp_path / "thu.xlsx"
    book.write_bytes(source.read_bytes())
    wb = load_workbook(book)
    ws = wb[TRIAL_SHEET]
    key, value, points, steps = (_column(ws, t) for t in ("Khóa dòng", "Số liệu thử", "Điểm công cụ cho", "Các bước tính"))
    row = {ws[f"{key}{r}"].value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    for k, v in {"2.2|a": 30, "2.2|b": 50, "2.4|a": 3, "2.4|b": 2, "2.4|c": 6, "2.3|a": "mười", "1.1|truong_ban": "Chưa có Ban chỉ đạo"}.items():
        ws[f"{value}{row[k]}"] = v
    wb.save(book)
    report, _ = collect(book, "thu", tmp_path / "data")
    assert report.ok
    assert located(report) == {(TRIAL_SHEET, f"{value}{row['2.3|a']}", "not-a-number")}  # a warning: trial figures are not the set
    ws = load_workbook(book)[TRIAL_SHEET]
    assert ws[f"{points}{row['2.2|a']}"].value == 6  # 30/50 = 60 % < 80 %, linear: 6
    assert ws[f"{points}{row['2.4|a']}"].value == 6.67  # (3 + 1)/6 × 10 = 6,666… → 6,67
    assert "làm tròn một lần như khi công bố (2 chữ số thập phân): 6,67 điểm" in ws[f"{steps}{row['2.4|a']}"].value
    assert ws[f"{points}{row['1.1|truong_ban']}"].value == 0


# --------------------------------------------------------------------------- traps and mistakes, at their cells


def _with(rows, ind_id, **changes):
    """ROWS with one indicator's cells changed (by position: formula, items…) or its other cells."""
    out = []
    for row in rows:
        if row[0] == ind_id:
            fields = dict(zip(("id", "parent", "level", "name", "max", "rule", "formula", "item", "words", "share", "other"), row))
            other = {**fields["other"], **changes.pop("other", {})}
            fields.update(changes, other=other)
            row = tuple(fields.values())
        out.append(row)
    return out


def _collect(tmp_path, rows=ROWS, inputs=INPUTS, info=INFO):
    book = tmp_path / "bo.xlsx"
    write_template(book)
    fill(book, rows, inputs, info)
    return collect(book, "bay", tmp_path / "data", check=True)[0]


def test_each_trap_is_caught_at_its_cell(tmp_path):
    rows = _with(ROWS, "2.1", formula="a+b/c")  # the method text says (a+b)/c
    rows = _with(rows, "2.3", item="10")  # thresholds of 10 %, 5 %, 2 % of a ratio written without %: 1.000 %, 500 %, 200 %
    rows = [r if r[7] not in ("0.4%", "từ 0,2% trở lên") else r[:7] + ({"0.4%": "5", "từ 0,2% trở lên": "từ 2 trở lên"}[r[7]],) + r[8:] for r in rows]
    rows = _with(rows, "1.1", share="0.8")  # the best level gives 80 %: never full points
    rows = _with(rows, "3.4", other={"Tài liệu kiểm chứng": None})
    rows = [r if r[0] != "3" else r[:4] + (45,) + r[5:] for r in rows]  # main index 3 states 45, its rows add up to 40
    report = _collect(tmp_path, rows)
    r = {ind: FIRST_ROW + i for i, ind in enumerate(row[0] for row in ROWS) if ind}
    assert located(report) >= {
        (INDICATOR_SHEET, f"G{r['2.1']}", "formula-precedence"),
        (INDICATOR_SHEET, f"G{r['2.1']}", "formula-differs-from-method"),
        (INDICATOR_SHEET, f"H{r['2.3']}", "threshold-over-ratio"),
        (INDICATOR_SHEET, f"F{r['2.3']}", "rule-never-scores"),
        (INDICATOR_SHEET, f"F{r['1.1']}", "rule-never-full"),
        (INDICATOR_SHEET, f"X{r['3.4']}", "no-evidence-stated"),
        (INDICATOR_SHEET, f"E{r['3']}", "parent-max-mismatch"),
    }, sorted(located(report))


def test_a_target_written_95_is_refused_at_its_cell(tmp_path):
    report = _collect(tmp_path, _with(ROWS, "2.2", other={"Chỉ tiêu": "95"}))
    r = FIRST_ROW + [row[0] for row in ROWS].index("2.2")
    assert located(report, errors_only=True) == {(INDICATOR_SHEET, f"K{r}", "bad-rule")}
    assert "target: 95%" in report.errors[0].message


def test_mistakes_an_official_makes_are_reported_at_their_cells(tmp_path):
    rows = _with(ROWS, "1.2", rule="Có hoặc không")  # not a word of the drop-down
    rows = _with(rows, "3.4", name="")  # the name left empty
    inputs = INPUTS[:-1] + [("3.5", "so_hoat_dong", "Số nguyên", "Số hoạt động", "", "", "")]  # a type that is not in the list
    info = {**INFO, "Loại đơn vị": "Xã"}
    book = tmp_path / "bo.xlsx"
    write_template(book)
    fill(book, rows, inputs, info)
    wb = load_workbook(book)
    ws = wb[INDICATOR_SHEET]
    share = _column(ws, "→ phần điểm")
    r = {ind: FIRST_ROW + i for i, ind in enumerate(row[0] for row in ROWS) if ind}
    ws[f"{share}{r['1.4'] + 1}"].value = datetime.datetime(2026, 1, 2)  # «1/2» made a date by a General cell
    ws[f"E{r['3.3']}"] = "=5+5"  # a formula typed for the maximum
    stray = ws.max_row + 2
    ws[f"{share}{stray}"] = "1/2"  # an item below nothing (after an empty row)
    wb.save(book)
    report = collect(book, "bay", tmp_path / "data")[0]
    assert not (tmp_path / "data" / "frameworks" / "bay").exists()  # nothing written
    info_row = _label_rows(wb[INFO_SHEET])
    expected = {
        (INDICATOR_SHEET, f"F{r['1.2']}", "not-allowed"),
        (INDICATOR_SHEET, f"D{r['3.4']}", "required"),
        (INDICATOR_SHEET, f"{share}{r['1.4'] + 1}", "bad-type"),
        (INDICATOR_SHEET, f"E{r['3.3']}", "workbook-formula"),
        (INPUT_SHEET, f"C{FIRST_ROW + len(INPUTS) - 1}", "not-allowed"),
        (INFO_SHEET, f"B{info_row['Loại đơn vị áp dụng']}", "not-allowed"),
        (INDICATOR_SHEET, f"A{stray}", "required"),
    }
    assert located(report, errors_only=True) >= expected, sorted(located(report, errors_only=True))
    assert all(i.sheet and i.cell for i in report.errors), [str(i) for i in report.errors if not i.cell]


def test_a_formula_naming_an_input_not_declared_is_named_at_its_cell(tmp_path):
    report = _collect(tmp_path, _with(ROWS, "1.3", formula="so_bai"))
    r = FIRST_ROW + [row[0] for row in ROWS].index("1.3")
    assert {(INDICATOR_SHEET, f"G{r}", "undeclared-input"), (INPUT_SHEET, f"B{FIRST_ROW + 2}", "unused-input")} <= located(report, errors_only=True)


def test_an_id_written_twice_is_named_at_its_cell(tmp_path):
    report = _collect(tmp_path, _with(ROWS, "3.5", id="3.3"))
    assert (INDICATOR_SHEET, f"A{FIRST_ROW + len(ROWS) - 1}", "duplicate-key") in located(report, errors_only=True)


def test_not_a_workbook_of_an_index_set(tmp_path):
    other = tmp_path / "khac.xlsx"
    from openpyxl import Workbook

    Workbook().save(other)
    report, written = collect(other, "bay", tmp_path / "data")
    assert [i.code for i in report.errors] == ["not-a-framework-book"] and written == []
    report, _ = collect(other, "Bộ Mới", tmp_path / "data")
    assert [i.code for i in report.errors] == ["bad-framework-id"]


def test_no_text_of_the_data_is_a_formula_in_the_workbook(tmp_path):
    source = FRAMEWORKS / "hai-duong-2405-2024-so"
    folder = tmp_path / "data" / "frameworks" / "doc-hai"
    folder.mkdir(parents=True)
    for name in FILES:
        (folder / name).write_bytes((source / name).read_bytes())
    with open(source / "indicators.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[2][3] = '=HYPERLINK("https://vi.example";"Nhận thức số")'  # 1.1's name
    rows[2][10] = "@SUM(1)"  # its evidence
    rows[3][12] = "-1 điểm nếu không đủ"  # a note
    (folder / "indicators.csv").write_text(csv_text(rows[0], rows[1:]), encoding="utf-8")
    book = tmp_path / "doc-hai.xlsx"
    assert export(folder, book)[0].ok
    with zipfile.ZipFile(book) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]
    report, _ = collect(book, "doc-hai", tmp_path / "lai")
    assert report.ok
    for name in FILES[1:]:
        assert (tmp_path / "lai" / "frameworks" / "doc-hai" / name).read_bytes() == (folder / name).read_bytes()


# --------------------------------------------------------------------------- the commands


def test_framework_check_reports_a_broken_set_and_nothing_of_the_years(tmp_path, capsys):
    from .helpers import copy_frameworks

    copy_frameworks(tmp_path, "hai-duong-2405-2024-so")
    path = tmp_path / "frameworks" / "hai-duong-2405-2024-so" / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("a/(b+c)", "a/(b+d)"), encoding="utf-8")
    write_edition(tmp_path / "2024", 2024, {"department": "hai-duong-2405-2024-so"}, [dict(id="so-a", name="Sở A", type="department")], [])
    assert main(["framework", "check", "hai-duong-2405-2024-so", "--data", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "[undeclared-input]" in out and "indicators.csv, dòng 17, cột formula" in out
    assert "2024" not in out.replace("2405-2024", "") and "no-editions" not in out
    assert main(["framework", "check", "gia-lai-ia-dom-2024-xa"]) == 0
    capsys.readouterr()
    # the broken set still goes out to the workbook, to be corrected there; collecting it says where
    book = tmp_path / "sua.xlsx"
    assert main(["framework", "export", "hai-duong-2405-2024-so", str(book), "--data", str(tmp_path)]) == 1
    assert "Bộ chỉ số còn lỗi: sửa trong sổ" in capsys.readouterr().out
    report, _ = collect(book, "hai-duong-2405-2024-so", tmp_path / "lai")
    ws = load_workbook(book)[INDICATOR_SHEET]
    row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"A{r}"].value == "4.3")
    assert (INDICATOR_SHEET, f"G{row}", "undeclared-input") in located(report, errors_only=True)


def test_framework_try_prints_the_score_the_rule_and_each_step(capsys):
    assert main(["framework", "try", "hai-duong-2405-2024-huyen", "4.7", "a=30", "b=50"]) == 0
    out = capsys.readouterr().out
    assert "Cách tính: Tỷ lệ a/b ≥ 80 %: điểm tối đa; thấp hơn: tỷ lệ / 80 % × điểm tối đa." in out
    assert "1. Tỷ lệ a/b = 30 / 50 = 60 %" in out and "2. 60 % < chỉ tiêu 80 % → 60 % ÷ 80 % = 75 % điểm tối đa" in out
    assert out.rstrip().endswith("Điểm: 7,5 / 10")
    assert main(["framework", "try", "hai-duong-2405-2024-huyen", "4.7", "a=30"]) == 1
    assert "[missing-input]" in capsys.readouterr().err
    assert main(["framework", "try", "hai-duong-2405-2024-huyen", "9.9"]) == 1


def test_framework_template_and_export_commands(tmp_path, capsys):
    assert main(["framework", "template", str(tmp_path / "moi.xlsx")]) == 0
    wb = load_workbook(tmp_path / "moi.xlsx")
    assert wb.sheetnames[:6] == ["Hướng dẫn", INFO_SHEET, INDICATOR_SHEET, INPUT_SHEET, TRIAL_SHEET, RULES_SHEET]
    assert main(["framework", "export", "bac-kan-1294-2022-xa", str(tmp_path / "bk.xlsx")]) == 0
    assert main(["framework", "export", "khong-co", str(tmp_path / "x.xlsx")]) == 1
    assert "[missing-folder]" in capsys.readouterr().out


# --------------------------------------------------------------------------- the guide for officials


def test_the_guide_section_names_every_sheet_rule_kind_and_type_and_its_commands_run():
    import re
    import shlex

    from generator.cli import make_parser
    from generator.frameworkbook.layout import RULE_WORDS, TYPE_WORDS

    from .helpers import ROOT

    text = (ROOT / "content" / "dinh-dang-du-lieu.md").read_text(encoding="utf-8")
    section = text[text.index("## Nhập bộ chỉ số mới"):]
    section = section[: section.index("\n## ", 1)]
    for words in ("Hướng dẫn", INFO_SHEET, INDICATOR_SHEET, INPUT_SHEET, TRIAL_SHEET, RULES_SHEET, *RULE_WORDS.values(), *TYPE_WORDS.values()):
        assert words in section, words
    commands = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines() if line.startswith("dti ")]
    assert {c.split()[2] for c in commands} == {"template", "export", "collect", "try", "check"}
    for command in commands:
        make_parser().parse_args(shlex.split(command)[1:])


def test_the_guides_trial_on_the_command_line_is_what_the_tool_prints(filled, capsys):
    import re

    from .helpers import ROOT

    base = filled[0]
    text = (ROOT / "content" / "dinh-dang-du-lieu.md").read_text(encoding="utf-8")
    start = text.index("### Bước 6 — Thử tính")
    section = text[start:text.index("### Bước 7", start)]
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    assert main(["framework", "try", "binh-son-123-2026-xa", "2.2", "a=30", "b=50", "--data", str(base / "data")]) == 0
    assert capsys.readouterr().out == shown
