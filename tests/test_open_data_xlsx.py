"""The open-data tables as Excel workbooks: one per year and one with all years, holding exactly the CSV
files' columns and rounded numbers, numbers as numbers, text always as text, and bytes that depend only
on the data (workbook and zip dates from the publication date)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from generator.opendata import SCHEMAS, all_years_workbook, year_workbook
from generator.opendata_xlsx import INTRO, SHEET_NAMES

from .helpers import ROOT

YEARS = (2021, 2022, 2023, 2024, 2025)  # 2021: entered from its printed totals


@pytest.fixture(scope="module")
def dataset():
    from generator.validate import validate

    data, report = validate(ROOT / "data")
    assert report.ok
    return data


def csv_rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def sheet_rows(ws):
    return [list(row) for row in ws.iter_rows()]


def assert_same_as_csv(cells, expected, fields):
    """A sheet's cells hold the CSV's rows: the same header, numbers as numbers of the same value, text
    as text (a formula-like text without the CSV's apostrophe, with Excel's quote prefix instead)."""
    assert [c.value for c in cells[0]] == expected[0] == [f["name"] for f in fields]
    assert len(cells) == len(expected)
    for row, want in zip(cells[1:], expected[1:]):
        values = [c for c in row] + [None] * (len(want) - len(row))
        for cell, text, field in zip(values, want, fields):
            value = None if cell is None else cell.value
            if text == "":
                assert value is None, (field["name"], value)
            elif field["type"] in ("integer", "number"):
                assert cell.data_type == "n" and not isinstance(value, str), (field["name"], value)
                assert Decimal(str(value)) == Decimal(text), (field["name"], value, text)
            else:
                assert cell.data_type == "s", (field["name"], text)
                if text.startswith("'") and cell.style_array.quotePrefix:
                    text = text[1:]
                assert value == text, (field["name"], value, text)


@pytest.mark.slow
@pytest.mark.parametrize("year", YEARS)
def test_each_years_workbook_holds_the_csv_tables_cell_for_cell(built_site, year):
    folder = built_site / "data" / str(year)
    wb = load_workbook(folder / f"dti-{year}.xlsx", read_only=True)  # values, types and the quote prefix: read as a stream
    assert wb.sheetnames == [INTRO, *SHEET_NAMES.values()]
    for name, schema in SCHEMAS.items():
        assert_same_as_csv(sheet_rows(wb[SHEET_NAMES[name]]), csv_rows(folder / f"{name}.csv"), schema["fields"])


@pytest.mark.slow
def test_the_all_years_workbook_holds_every_years_rows(built_site):
    wb = load_workbook(built_site / "data" / "dti-cac-nam.xlsx", read_only=True)
    for name in ("results", "indicator_scores"):
        expected = [csv_rows(built_site / "data" / str(y) / f"{name}.csv") for y in YEARS]
        rows = [expected[0][0]] + [r for e in expected for r in e[1:]]
        assert_same_as_csv(sheet_rows(wb[SHEET_NAMES[name]]), rows, SCHEMAS[name]["fields"])
    seen, indicators = set(), []
    for y in YEARS:
        for r in csv_rows(built_site / "data" / str(y) / "indicators.csv")[1:]:
            if tuple(r) not in seen:
                seen.add(tuple(r))
                indicators.append(r)
    assert_same_as_csv(sheet_rows(wb[SHEET_NAMES["indicators"]]), [[f["name"] for f in SCHEMAS["indicators"]["fields"]]] + indicators, SCHEMAS["indicators"]["fields"])
    assert len(indicators) < sum(len(csv_rows(built_site / "data" / str(y) / "indicators.csv")) - 1 for y in YEARS)  # index sets used in several years once


def test_the_first_sheet_explains_the_file_and_every_column_in_vietnamese(built_site):
    wb = load_workbook(built_site / "data" / "2024" / "dti-2024.xlsx")
    intro = [[c for c in row] for row in wb[INTRO].iter_rows(values_only=True)]
    assert intro[0][0] == "Kết quả Chỉ số chuyển đổi số năm 2024 — Tỉnh Minh Họa"
    facts = {row[0]: row[1] for row in intro if row and row[0] and len(row) > 1 and row[1]}
    descriptor = json.loads((built_site / "data" / "2024" / "datapackage.json").read_text(encoding="utf-8"))
    assert facts["Năm đánh giá"] == "2024" and facts["Ngày công bố"] == "21/03/2025"
    assert "Creative Commons" in facts["Giấy phép"] and "Tỉnh Minh Họa" in facts["Trích dẫn"]
    described = {(row[0], row[1]): (row[2], row[3]) for row in intro if len(row) >= 4 and row[3]}
    for name, schema in SCHEMAS.items():
        for f in schema["fields"]:
            assert described[(SHEET_NAMES[name], f["name"])] == (f["title"], f["description"])
    assert any("DỮ LIỆU MINH HỌA" in (row[1] or "") for row in intro if len(row) > 1)
    assert descriptor["caveats"][0].startswith("DỮ LIỆU MINH HỌA")


def test_workbook_bytes_depend_on_the_data_not_the_clock(dataset):
    first = year_workbook(dataset, 2024)
    assert first == year_workbook(dataset, 2024) and all_years_workbook(dataset) == all_years_workbook(dataset)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2025, 3, 21, 0, 0, 0)}  # the publication date
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2025-03-21T00:00:00Z") == 2  # created and modified
    edition = dataset.editions[2024]
    later = replace(edition, publication=replace(edition.publication, date="2025-04-01"))
    moved = replace(dataset, editions={**dataset.editions, 2024: later})
    assert year_workbook(moved, 2024) != first


def test_numbers_show_two_decimals_and_the_header_stays_in_view(built_site):
    wb = load_workbook(built_site / "data" / "2024" / "dti-2024.xlsx")
    ws = wb[SHEET_NAMES["results"]]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    row = ws[2]
    assert row[header.index("percent")].number_format == "0.00" and row[header.index("year")].number_format == "0"
    assert row[header.index("unit_name")].data_type == "s"
