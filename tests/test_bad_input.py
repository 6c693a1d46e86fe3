"""Bad inputs: every case is answered with a located, plain-language message and exit status 1.

A valid two-unit edition is written, one file is broken in one way, and ``dti validate`` is run as a user
would run it. The message must name the file, the row (header = row 1) and the column.
"""

import json
import re

import pytest

from generator.cli import main

from .helpers import write_edition, write_framework
from .test_scoring import FRAMEWORK, INPUTS, unit_inputs

UNITS = [dict(id="a", name="Xã A", type="commune"), dict(id="b", name="Xã B", type="commune")]
# inputs.csv rows: a → 1.1 da_co (2), 1.2 a (3), 1.2 b (4), 2.1 a (5), 2.1 b (6), 2.2 x (7); b → rows 8–13.
GOOD_INPUTS = unit_inputs("a", "có", (9, 10), (8, 10), 50) + unit_inputs("b", "không", (5, 10), (4, 10), 10)


@pytest.fixture
def data(tmp_path):
    write_framework(tmp_path / "frameworks" / "t", FRAMEWORK, INPUTS)
    write_edition(tmp_path / "2024", 2024, {"commune": "t"}, UNITS, GOOD_INPUTS, [dict(unit_id="a", indicator_id="1.2", self_score=9)])
    return tmp_path


def run(data, capsys):
    status = main(["validate", str(data)])
    out = capsys.readouterr()
    return status, out.out + out.err


def replace_line(path, row, new):
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[row - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def remove_line(path, row):
    lines = path.read_text(encoding="utf-8").splitlines()
    del lines[row - 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_good_data_passes(data, capsys):
    status, out = run(data, capsys)
    assert status == 0, out
    assert "Có 0 lỗi" in out or "không có lỗi" in out


CASES = {
    # name: (mutation, file, row, column, code, words the message must contain)
    "not a number": (lambda d: replace_line(d / "2024/inputs.csv", 3, "a,1.2,a,chín,"), "2024/inputs.csv", 3, "self_value", "not-a-number", "chín"),
    "comma decimal": (lambda d: replace_line(d / "2024/inputs.csv", 13, 'b,2.2,x,"2,5",'), "2024/inputs.csv", 13, "self_value", "not-a-number", "dấu chấm"),
    "count with decimals": (lambda d: replace_line(d / "2024/inputs.csv", 4, "a,1.2,b,10.5,"), "2024/inputs.csv", 4, "self_value", "not-a-count", "số nguyên"),
    "bad yes/no": (lambda d: replace_line(d / "2024/inputs.csv", 2, "a,1.1,da_co,chưa rõ,"), "2024/inputs.csv", 2, "self_value", "bad-yes-no", "có"),
    "negative": (lambda d: replace_line(d / "2024/inputs.csv", 13, "b,2.2,x,-3,"), "2024/inputs.csv", 13, "self_value", "negative-value", "-3"),
    "ratio above 100 %": (lambda d: replace_line(d / "2024/inputs.csv", 3, "a,1.2,a,9,12"), "2024/inputs.csv", 3, "appraised_value", "ratio-over-100", "100 %"),
    "zero denominator": (lambda d: (replace_line(d / "2024/inputs.csv", 3, "a,1.2,a,0,"), replace_line(d / "2024/inputs.csv", 4, "a,1.2,b,0,")), "2024/inputs.csv", 3, "appraised_value", "zero-denominator", "không đánh giá"),
    "unknown unit": (lambda d: replace_line(d / "2024/assessments.csv", 2, "z,1.2,9,,"), "2024/assessments.csv", 2, "unit_id", "unknown-unit", "«z»"),
    "unknown indicator": (lambda d: replace_line(d / "2024/assessments.csv", 2, "a,9.9,9,,"), "2024/assessments.csv", 2, "indicator_id", "unknown-indicator", "9.9"),
    "self score above max": (lambda d: replace_line(d / "2024/assessments.csv", 2, "a,1.2,12,,"), "2024/assessments.csv", 2, "self_score", "self-score-over-max", "12"),
    "bad boolean": (lambda d: replace_line(d / "2024/assessments.csv", 2, "a,1.2,9,có lẽ,"), "2024/assessments.csv", 2, "not_evaluated", "bad-type", "có lẽ"),
    "unknown input": (lambda d: replace_line(d / "2024/inputs.csv", 7, "a,2.2,y,50,"), "2024/inputs.csv", 7, "input", "unknown-input", "«y»"),
    "missing input": (lambda d: remove_line(d / "2024/inputs.csv", 6), "2024/inputs.csv", 5, "appraised_value", "missing-input", "«b»"),
    "bad level of unit type": (lambda d: replace_line(d / "2024/units.csv", 3, "b,Xã B,village,,,,,,,,"), "2024/units.csv", 3, "type", "not-allowed", "village"),
    "duplicate unit": (lambda d: replace_line(d / "2024/units.csv", 3, "a,Xã B,commune,,,,,,,,"), "2024/units.csv", 3, None, "duplicate-key", "dòng 2"),
    "unit id with capitals": (lambda d: replace_line(d / "2024/units.csv", 3, "Xa-B,Xã B,commune,,,,,,,,"), "2024/units.csv", 3, "id", "bad-pattern", "Xa-B"),
    "empty required cell": (lambda d: replace_line(d / "2024/units.csv", 3, "b,,commune,,,,,,,,"), "2024/units.csv", 3, "name", "required", "trống"),
    "unknown predecessor": (lambda d: replace_line(d / "2024/units.csv", 3, "b,Xã B,commune,,,,x-cu,,,,"), "2024/units.csv", 3, "predecessors", "unknown-predecessor", "x-cu"),
    "unknown parent unit": (lambda d: replace_line(d / "2024/units.csv", 3, "b,Xã B,commune,huyen-x,,,,,,,"), "2024/units.csv", 3, "parent", "unknown-parent-unit", "huyen-x"),
    "extra cell": (lambda d: replace_line(d / "2024/inputs.csv", 2, "a,1.1,da_co,có,,thừa"), "2024/inputs.csv", 2, None, "extra-cell", "thừa"),
    "missing column": (lambda d: replace_line(d / "2024/units.csv", 1, "id,name,parent,not_ranked,not_ranked_reason,predecessors,contact_name,contact_title,contact_phone,contact_email,x"), "2024/units.csv", 1, "type", "missing-column", "type"),
    "semicolons": (lambda d: (d / "2024/evidence.csv").write_text("unit_id;indicator_id;title;url\n", encoding="utf-8"), "2024/evidence.csv", 1, None, "bad-delimiter", "dấu phẩy"),
    "not utf-8": (lambda d: (d / "2024/units.csv").write_bytes("id,name,type\na,Xà A,commune\n".encode("latin-1")), "2024/units.csv", None, None, "unreadable", "UTF-8"),
    "broken json": (lambda d: (d / "2024/datapackage.json").write_text('{"name": "x",\n "dti": {\n', encoding="utf-8"), "2024/datapackage.json", 3, None, "bad-json", "JSON"),
    "year mismatch": (lambda d: _edit_json(d / "2024/datapackage.json", lambda j: j["dti"].update(year=2023)), "2024/datapackage.json", None, "dti.year", "year-mismatch", "2023"),
    "unknown framework": (lambda d: _edit_json(d / "2024/datapackage.json", lambda j: j["dti"].update(frameworks={"commune": "khong-co"})), "2024/datapackage.json", None, "dti.frameworks.commune", "unknown-framework", "khong-co"),
    "year as text": (lambda d: _edit_json(d / "2024/datapackage.json", lambda j: j["dti"].update(year="2024")), "2024/datapackage.json", None, "dti.year", "bad-metadata", "số nguyên"),
    "package is a list": (lambda d: (d / "2024/datapackage.json").write_text("[1, 2]", encoding="utf-8"), "2024/datapackage.json", None, None, "bad-json", "đối tượng"),
    "framework notes not a list": (lambda d: _edit_json(d / "frameworks/t/datapackage.json", lambda j: j["dti"].update(notes=5, legal_basis=None)), "frameworks/t/datapackage.json", None, "dti.notes", "bad-metadata", "danh sách"),
    "framework parent max": (lambda d: replace_line(d / "frameworks/t/indicators.csv", 2, "1,,main,Nhận thức số,25,,,,,,,,"), "frameworks/t/indicators.csv", 2, "max_points", "parent-max-mismatch", "25"),
    "framework total": (lambda d: _edit_json(d / "frameworks/t/datapackage.json", lambda j: j["dti"].update(total_points=60)), "frameworks/t/datapackage.json", None, "dti.total_points", "total-mismatch", "60"),
    "framework undeclared input": (lambda d: replace_line(d / "frameworks/t/indicators.csv", 4, "1.2,1,component,Tỷ lệ,10,ratio,a/c,,,,,,"), "frameworks/t/indicators.csv", 4, "formula", "undeclared-input", "«c»"),
    "framework bad option": (lambda d: replace_line(d / "frameworks/t/indicators.csv", 6, "2.1,2,component,Chỉ tiêu,10,ratio_target,a/b,target: tám mươi,,,,,"), "frameworks/t/indicators.csv", 6, "options", "bad-rule", "target"),
    "framework unsafe formula": (lambda d: replace_line(d / "frameworks/t/indicators.csv", 4, "1.2,1,component,Tỷ lệ,10,ratio,__import__('os'),,,,,,"), "frameworks/t/indicators.csv", 4, "formula", "bad-rule", "công thức"),
    "framework cycle": (lambda d: replace_line(d / "frameworks/t/indicators.csv", 2, "1,1.1,main,Nhận thức số,20,,,,,,,,"), "frameworks/t/indicators.csv", None, "parent", "cycle", "vòng lặp"),
    "framework unknown parent": (lambda d: replace_line(d / "frameworks/t/indicators.csv", 7, "2.2,9,component,So sánh,20,minmax,x,,,,,,"), "frameworks/t/indicators.csv", 7, "parent", "unknown-parent", "«9»"),
    "framework wrong input type": (lambda d: replace_line(d / "frameworks/t/inputs.csv", 2, "1.1,da_co,count,Đã có chưa,"), "frameworks/t/inputs.csv", 2, "type", "wrong-input-type", "yes_no"),
}


def _edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_a_located_message_and_exit_1(data, capsys, case):
    mutate, file, row, column, code, words = CASES[case]
    mutate(data)
    status, out = run(data, capsys)
    assert status == 1, out
    assert "Traceback" not in out
    location = f"{data / file}" if row is None else f"{data / file}, dòng {row}"
    if column:
        location += f", cột {column}" if row is not None else ""
    lines = [line for line in out.splitlines() if line.startswith(str(data / file)) and (code is None or f"[{code}]" in line)]
    assert lines, f"no [{code}] issue for {file}:\n{out}"
    line = next((l for l in lines if l.startswith(location)), None)
    assert line is not None, f"expected {location!r} in:\n{out}"
    if column and row is None:
        assert f"cột {column}" in line
    assert "Lỗi:" in line and words in line


def test_blank_row_is_located(data, capsys):
    replace_line(data / "2024/inputs.csv", 8, "")
    status, out = run(data, capsys)
    assert status == 1 and re.search(r"2024/inputs\.csv, dòng 8: Lỗi: dòng trống", out), out


def test_several_problems_are_all_reported(data, capsys):
    replace_line(data / "2024/inputs.csv", 3, "a,1.2,a,chín,")
    replace_line(data / "2024/assessments.csv", 2, "z,1.2,9,,")
    status, out = run(data, capsys)
    assert status == 1
    assert "[not-a-number]" in out and "[unknown-unit]" in out
    assert "Có 2 lỗi" in out


def test_warnings_alone_exit_0(data, capsys):
    (data / "2024/evidence.csv").write_text("unit_id,indicator_id,title,url\na,1.1,Bản giấy,\\\\may-chu\\a.pdf\n", encoding="utf-8")
    status, out = run(data, capsys)
    assert status == 0
    assert "2024/evidence.csv, dòng 2, cột url: Cảnh báo:" in out and "[not-a-link]" in out


def test_missing_data_folder(tmp_path, capsys):
    status, out = run(tmp_path / "khong-co", capsys)
    assert status == 1 and "không tìm thấy thư mục dữ liệu" in out
