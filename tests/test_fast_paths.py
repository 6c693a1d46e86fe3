"""Shortcuts taken for national-size data agree with the careful code they skip.

* The column reader of large files (``tables.read_columns``): large CSVs are parsed whole by pandas' C
  parser and checked one distinct value at a time; anything unusual sends the file to the careful reader,
  which words and locates each problem. On random files it accepts nothing the careful reader would
  report, and what it accepts has the same values; a whole year read either way gives the same edition
  and the same scores; a large file with one bad cell is still reported at its row and column.
* Plain evidence addresses (``urls.web_link``) are taken as written instead of parsed: on random
  addresses the shortcut gives the same link as the full parse.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import tables
from generator.errors import Report
from generator.load import load_year, standard_schema
from generator.tables import _columns, plain_columns, read_columns, read_table
from generator.urls import _parsed_link, web_link
from generator.validate import validate

DATA = Path(__file__).resolve().parent.parent / "data"
ASSESSMENTS = standard_schema("assessments")
NAMES = [f["name"] for f in ASSESSMENTS["fields"]]

# Cells a real or careless file may hold: ids, numbers in several spellings, free text with quotes,
# commas and line breaks, and characters the readers must refuse or normalise.
CELLS = [
    "", " ", "xa-a", "xa-b", "Xa-A", "1.1", "1.2", "2", "0", "5", "10.5", "1,5", "-1", "1e3", "inf", "１２", "x",
    "true", "false", "TRUE", "có", "a,b", 'say "hi"', '"', "line\nbreak", "cr\rhere", "Hòa", "Hòa", "\t", "\x00",
    "\u200b", "\x85", "a" * 70, " 2 ",
]
HEADERS = [NAMES, NAMES[:4], NAMES[::-1], [*NAMES, "extra"], ["unit_id", "indicator_id", "self_score", "self_score"], [" unit_id", *NAMES[1:]]]


# What each column of a plausible row holds; a file made of these alone is one the fast reading takes.
PLAUSIBLE = {
    "unit_id": ["xa-a", "xa-b", "phuong-c", "so-d"], "indicator_id": ["1.1", "1.2", "2", "3.1.4"],
    "self_score": ["", "0", "2.5", "10", "7"], "not_evaluated": ["", "", "có", "false", "1"],
    "note": ["", "Hòa", 'say "hi"', "a,b", " lề "], "appraised_score": ["", "", "1.5"], "published_score": ["", "", "9"],
}


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.sampled_from(HEADERS))
    rows = [header]
    for _ in range(draw(st.integers(0, 6))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, 0, 0, 0, -1, 1]))
        row = [draw(st.sampled_from(PLAUSIBLE.get(name, CELLS))) for name in (header + ["extra"])[:max(width, 0)]]
        if row and draw(st.integers(0, 3)) == 0:  # one cell of anything
            row[draw(st.integers(0, len(row) - 1))] = draw(st.sampled_from(CELLS))
        rows.append(row)
    if draw(st.booleans()):  # written the way a spreadsheet program writes CSV
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
        text = buffer.getvalue()
    else:  # written by hand: no quoting at all
        text = "".join(",".join(r) + "\n" for r in rows)
    return (draw(st.sampled_from(["", "\ufeff"])) + text).encode("utf-8")


def _both(path: Path):
    columns = _columns(ASSESSMENTS, None)
    fast = plain_columns(path, columns, ASSESSMENTS["primaryKey"])
    report = Report()
    rows = read_table(path, "assessments.csv", ASSESSMENTS, report)
    return fast, rows, report


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_files())
def test_the_column_reader_accepts_only_what_the_row_reader_accepts_with_the_same_values(tmp_path, data):
    path = tmp_path / "assessments.csv"
    path.write_bytes(data)
    fast, rows, report = _both(path)
    if fast is None:
        return
    assert not report.issues, f"the column reader accepted a file the row reader reports: {report.issues[:2]}"
    assert rows is not None
    assert fast == {name: [r[name] for r in rows] for name in [*NAMES, "_row"]}


def test_the_column_reader_does_read_plain_files(tmp_path):
    """The property above is not vacuous: a clean file is read by the column reader, typed as the schema says."""
    path = tmp_path / "assessments.csv"
    path.write_text("unit_id,indicator_id,self_score,not_evaluated,note\nxa-a,1.1,2.5,,Hòa\nxa-a,1.2,,có,\nxa-b,1.1,0,,\n", encoding="utf-8")
    fast, rows, report = _both(path)
    assert fast is not None and not report.issues
    assert fast["unit_id"] == ["xa-a", "xa-a", "xa-b"]
    assert [str(v) if v is not None else None for v in fast["self_score"]] == ["5/2", None, "0"]
    assert fast["not_evaluated"] == [None, True, None]
    assert fast["note"] == ["Hòa", None, None]
    assert fast["appraised_score"] == [None, None, None]
    assert fast["_row"] == [2, 3, 4]
    assert fast["unit_id"][0] is fast["unit_id"][1], "a repeated id is one string"


def test_input_texts_come_stripped_and_blank_cells_as_none_from_either_reader(tmp_path):
    """The scorer relies on this: it compares a council's figure with the unit's own as the readers give
    them, without tidying them again (a padded «5» equals «5»; a blank appraised cell means no change)."""
    schema = standard_schema("inputs")
    path = tmp_path / "inputs.csv"
    path.write_text('unit_id,indicator_id,input,self_value,appraised_value\nxa-a,1.2,a," 5 ",   \nxa-a,1.2,b,  ,7\nxa-b,1.2,a,có,\n', encoding="utf-8")
    fast = plain_columns(path, _columns(schema, None), schema["primaryKey"])
    rows = read_table(path, "inputs.csv", schema, Report())
    assert fast is not None and rows is not None
    for table in (fast, {name: [r[name] for r in rows] for name in fast}):
        assert table["self_value"] == ["5", None, "có"]
        assert table["appraised_value"] == [None, "7", None]


def test_the_column_reader_finds_a_repeated_three_column_key_and_only_that(tmp_path):
    """A key of three columns is unique when no two rows agree on all three, however they share two."""
    schema = standard_schema("inputs")
    rows = ["xa-a,1.1,x", "xa-a,1.2,x", "xa-b,1.1,x", "xa-a,1.1,y", "xa-b,1.2,y", "xa-b,1.1,y"]
    path = tmp_path / "inputs.csv"
    header = "unit_id,indicator_id,input,self_value\n"
    path.write_text(header + "".join(f"{r},1\n" for r in rows), encoding="utf-8")
    assert plain_columns(path, _columns(schema, None), schema["primaryKey"]) is not None
    path.write_text(header + "".join(f"{r},1\n" for r in [*rows, "xa-b,1.2,y"]), encoding="utf-8")
    assert plain_columns(path, _columns(schema, None), schema["primaryKey"]) is None
    report = Report()
    assert read_table(path, "inputs.csv", schema, report) is None
    assert [(i.row, i.code) for i in report.issues] == [(8, "duplicate-key")]


def _edition_and_scores(data: Path):
    report = Report()
    editions = {folder.name: load_year(folder, report) for folder in sorted(data.iterdir()) if folder.name.isdigit()}
    dataset, validated = validate(data, workers=1)
    return editions, dataset.results, report.issues + validated.issues


@pytest.mark.slow
def test_the_demo_years_read_by_column_give_the_same_editions_and_scores(monkeypatch):
    by_row = _edition_and_scores(DATA)
    monkeypatch.setattr(tables, "COLUMN_READER_FROM_BYTES", 0)
    by_column = _edition_and_scores(DATA)
    assert by_column[0] == by_row[0]
    assert by_column[1] == by_row[1]
    assert by_column[2] == by_row[2]


def test_a_large_file_with_one_bad_cell_is_reported_at_its_row_and_column(tmp_path):
    """About 1.5 MB of clean rows, then one row whose score is written «1e999999999», one whose note holds
    a NUL, and one that repeats an earlier key: each is reported where it is, as for a small file."""
    lines = ["unit_id,indicator_id,self_score,not_evaluated,note"]
    lines += [f"xa-{i:06d},1.1,{i % 20},,ghi chú số {i}" for i in range(40_000)]
    lines[20_001] = "xa-020000,1.1,1e999999999,,"
    lines[30_001] = "xa-030000,1.1,3,,có\x00ẩn"
    lines.append("xa-000007,1.1,4,,")
    path = tmp_path / "assessments.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > tables.COLUMN_READER_FROM_BYTES
    report = Report()
    assert read_columns(path, "assessments.csv", ASSESSMENTS, report) is None
    found = {(i.row, i.field, i.code) for i in report.issues}
    assert (20_002, "self_score", "bad-type") in found
    assert (30_002, "note", "control-character") in found
    assert (40_002, None, "duplicate-key") in found


URL_PARTS = ["http", "https", "HTTPS", "://", ":", "/", "//", "a", "B", "0", ".", "-", "@", "user:pw@", ":8080", "[::1]", "?q=1", "#x", "%20", " ", "\u00a0", "é", "xn--", "_", "\\"]


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(URL_PARTS), max_size=10).map("".join), st.from_regex(r"https?://[a-z0-9.-]{1,12}(/[!-~]{0,12})?", fullmatch=True), st.text(max_size=30)))
def test_a_plain_address_taken_as_written_is_the_link_the_full_parse_gives(text):
    assert web_link(text) == _parsed_link(text.strip())


@pytest.mark.slow
def test_years_read_in_worker_processes_give_what_one_process_gives():
    """The demo's years, each read, checked and scored in a process of its own that exits after its
    year (what large data gets), against the same years in this process."""
    alone, alone_report = validate(DATA, workers=1)
    shared, shared_report = validate(DATA, workers=3)
    assert len(alone.editions) >= 3
    assert shared.results == alone.results
    assert shared_report.sorted() == alone_report.sorted()
    assert {y: e.units for y, e in shared.editions.items()} == {y: e.units for y, e in alone.editions.items()}


def test_years_that_do_not_divide_among_the_cores_get_one_process_more(monkeypatch, tmp_path):
    """5 national years on 2 cores: 3 processes, so that the fifth year does not run alone at the end."""
    from generator import validate as pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(pipeline, "usable_cores", lambda: 2)
    folders = []
    for year in range(2020, 2026):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "inputs.csv").write_text("unit_id\n", encoding="utf-8")
        folders.append(tmp_path / str(year))
    assert pipeline._workers(folders[:5], None) == 3
    assert pipeline._workers(folders[:3], None) == 3
    assert pipeline._workers(folders[:4], None) == 2
    assert pipeline._workers(folders[:6], None) == 2
    assert pipeline._workers(folders[:1], None) == 1


def test_a_file_larger_than_the_column_readers_limit_is_read_row_by_row(tmp_path, monkeypatch):
    """Memory stays bounded for a huge file: past the limit the column reader is not used at all."""
    path = tmp_path / "assessments.csv"
    path.write_text("unit_id,indicator_id,self_score\n" + "".join(f"xa-{i},1.1,{i % 7}\n" for i in range(2000)), encoding="utf-8")
    monkeypatch.setattr(tables, "COLUMN_READER_FROM_BYTES", 10)
    used = []
    real = tables.plain_columns
    monkeypatch.setattr(tables, "plain_columns", lambda *args: used.append(1) or real(*args))
    assert read_columns(path, "assessments.csv", ASSESSMENTS, Report())["self_score"][:3] == [0, 1, 2]
    assert used == [1]
    monkeypatch.setattr(tables, "COLUMN_READER_UP_TO_BYTES", path.stat().st_size - 1)
    assert read_columns(path, "assessments.csv", ASSESSMENTS, Report())["self_score"][:3] == [0, 1, 2]
    assert used == [1], "the column reader read a file over its limit"
