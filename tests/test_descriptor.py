"""Validation covers a year's whole descriptor, and a year may state its number format once.

Each case starts from the catalogue's valid two-commune year (tests/bad_inputs/_base) and changes one
thing a new secretariat gets wrong; the message names the file and field and says what to write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.validate import validate

from .test_hostile_data import data, run  # noqa: F401 (data is a fixture)


def edit_descriptor(folder: Path, change) -> None:
    path = folder / "2024" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def issues(folder: Path, code: str):
    _, report = validate(folder, report_only=True)
    return [(Path(i.file).name, i.field, i.severity, i.message) for i in report.sorted() if i.code == code]


@pytest.mark.parametrize("written, words", [
    ("20/3/2027", "phải viết dạng NĂM-THÁNG-NGÀY, ví dụ «2025-03-20»"),
    ("2027-02-30", "phải viết dạng NĂM-THÁNG-NGÀY"),
    ("2024-12-31", "phải sau năm đánh giá 2024"),
])
def test_a_publication_date_is_a_date_after_the_year(data, written, words):
    edit_descriptor(data, lambda d: d["dti"]["publication"].update(date=written))
    [(file, field, severity, message)] = issues(data, "bad-date")
    assert (file, field, severity) == ("datapackage.json", "dti.publication.date", "error") and words in message


def test_the_kind_of_a_package_is_what_it_is(data):
    edit_descriptor(data, lambda d: d["dti"].update(kind="nop"))
    [(file, field, severity, message)] = issues(data, "bad-metadata")
    assert (file, field, severity) == ("datapackage.json", "dti.kind", "error") and "«submission»" in message and "«nop»" in message


def test_bands_are_listed_best_first(data):
    edit_descriptor(data, lambda d: d["dti"]["publication"].update(bands=[{"label": "Khá", "min_percent": 70}, {"label": "Tốt", "min_percent": 90}, {"label": "Yếu", "min_percent": 0}]))
    [(file, field, severity, message)] = issues(data, "bad-band-order")
    assert (file, field, severity) == ("datapackage.json", "dti.publication.bands[1]", "error") and "từ cao xuống thấp" in message


def test_an_evidence_table_present_but_not_declared_is_an_error_naming_it(data):
    edit_descriptor(data, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "evidence"]))
    [(file, field, severity, message)] = issues(data, "undeclared-resource")
    assert (file, severity) == ("evidence.csv", "error")
    assert '{"name": "evidence", "path": "evidence.csv"}' in message


def test_another_file_in_a_year_folder_is_a_warning(data):
    (data / "2024" / "ghi-chu.txt").write_text("nháp", encoding="utf-8")
    assert issues(data, "unknown-file") == [("ghi-chu.txt", None, "warning", "tệp này không thuộc gói dữ liệu của năm nên không được đọc; hãy chuyển nó ra khỏi thư mục năm")]


def test_a_commune_of_a_year_with_districts_names_its_district(data):
    units = data / "2024" / "units.csv"
    lines = units.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    district = ["h", "Huyện H", "district"] + [""] * (len(header) - 3)
    lines.append(",".join(district))
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edit_descriptor(data, lambda d: d["dti"]["frameworks"].update(district=d["dti"]["frameworks"]["commune"]))
    found = issues(data, "missing-parent-unit")
    assert [(f, field, s) for f, field, s, _ in found] == [("units.csv", "parent", "error")] * 2


def test_a_resource_by_name_and_path_alone_reads_vietnamese_numbers_when_the_year_says_so(data):
    """«vi»: a count «1.000» is a thousand, «0,85» is 0.85 — in the inputs and in the scores."""
    inputs = data / "2024" / "inputs.csv"
    text = inputs.read_text(encoding="utf-8")
    edit_descriptor(data, lambda d: (d["dti"].update(number_format="vi"), d.update(resources=[{"name": r["name"], "path": r["path"]} for r in d["resources"]])))
    lines = text.splitlines()
    # rows 3 and 4 are unit a's 1.2 a and b (9 of 10 in the base); written the Vietnamese way: 900 of «1.000»
    lines[2] = lines[2].rsplit(",", 2)[0] + ",900,"
    lines[3] = lines[3].rsplit(",", 2)[0] + ",1.000,"
    inputs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset, report = validate(data)
    assert report.ok, [str(i) for i in report.errors]
    a = {r.unit.id: r for r in dataset.results[2024]["commune"]}["a"]
    assert a.indicators["1.2"].score == 9  # 900 / 1000 × 10


def test_an_unknown_number_format_is_named(data):
    edit_descriptor(data, lambda d: d["dti"].update(number_format="vietnam"))
    [(file, field, severity, message)] = issues(data, "bad-metadata")
    assert (field, severity) == ("dti.number_format", "error") and "«vi»" in message
