"""Readers that cannot drift: every shortcut that reads a cell is held to the careful reader, for every
column of every standard schema.

A cell of a data package can be read five ways: :meth:`Column.read` (the careful reader, which words and
locates every problem), and four shortcuts taken for speed: :meth:`Column.quick` (a cell of a clean row),
``_plain_text`` (an optional one-line text column), :class:`FastRow` (a whole plain row with one regular
expression) and :func:`plain_columns` (a large file, one distinct value at a time). Each shortcut may
decline (and hand the cell, row or file to the careful reader), but whatever it accepts it must read
exactly as the careful reader does, and it must never accept what the careful reader reports.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Report
from generator.load import standard_schema
from generator.numeric import NumberFormat
from generator.tables import NEEDS_CAREFUL_READ, Column, FastRow, _columns, _plain_text, plain_columns, read_table

SCHEMAS = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "generator" / "schemas").glob("*.json"))
FORMATS = [None, NumberFormat(",", "."), NumberFormat(",", ""), NumberFormat(".", ",")]

# Texts anybody may type into any cell: blanks, ids, numbers in several spellings, words in NFC and in
# decomposed form, over-long text, and characters the readers must refuse.
ANY = [
    "", " ", "  x ", "xa-a", "Xa-A", "xa a", "1", "1.1", "2", "0", "-1", "10.5", "1,5", "1.234,5", "1,234.5", "1.000", "1e3", "inf",
    "nan", "１２", "٣", "true", "FALSE", "có", "Không", "yes", "x", "main", "sum", "ratio", "count", "a,b", 'say "hi"', "Hòa",
    "Hòa", "line\nbreak", "\t", "\x00", "\u200b", "\x85", "\u202e", "a" * 70, "b" * 210, " 2 ", "3.1.4", "a_b", "đ",
]

pytestmark = pytest.mark.slow  # hundreds of property searches


def column_texts(column: Column) -> st.SearchStrategy[str]:
    """Texts for one column: its own plausible values, and anything."""
    own: list[str] = []
    if column.enum:
        own += sorted(column.enum) + [v.upper() for v in sorted(column.enum)] + [f" {v}" for v in sorted(column.enum)]
    if column.type == "boolean":
        own += sorted(column.true) + sorted(column.false) + ["Có", " yes ", "2"]
    if column.type in ("number", "integer"):
        own += ["0", "5", "2.5", "2,5", "1.234,5", "1,234.5", "100", "12.50", "-0", "+3", "007"]
    if column.pattern is not None:
        own += ["xa-a", "phuong-b", "1.2", "3.1.4", "a_b", "tieu_chi", "x" * 40, "y" * 65, "A", "1..2"]
    return st.one_of(st.sampled_from(own or ["Hòa", "Sở Tài chính"]), st.sampled_from(ANY), st.text(max_size=12))


def careful(column: Column, text: str):
    """What the careful reader makes of a cell: (value, problem code or None)."""
    value, problem = column.read(text)
    return value, (problem[0] if problem else None)


def clean(text: str) -> bool:
    """What a row must be for the quick readers to be asked at all: no control characters, NFC."""
    from generator.tables import control_character

    return control_character(text) is None and unicodedata.is_normalized("NFC", text)


def every_column():
    for name in SCHEMAS:
        schema = standard_schema(name)
        for fmt in FORMATS:
            for column in _columns(schema, {f["name"]: fmt for f in schema["fields"]} if fmt else None).values():
                yield pytest.param(column, id=f"{name}.{column.name}{'' if fmt is None else f'[{fmt.decimal}{fmt.group}]'}")


@pytest.mark.parametrize("column", list(every_column()))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_quick_and_plain_text_read_only_what_the_careful_reader_accepts_and_as_it_does(column, data):
    text = data.draw(column_texts(column))
    if not clean(text):
        return
    value, problem = careful(column, text)
    for name, shortcut in (("quick", column.quick), ("_plain_text", _plain_text(column))):
        if shortcut is None:
            continue
        got = shortcut(text)
        if got is NEEDS_CAREFUL_READ:
            continue
        assert problem is None, f"{name} accepted «{text!r}», which the careful reader reports ({problem})"
        assert got == value and type(got) is type(value), f"{name} read «{text!r}» as {got!r}, the careful reader as {value!r}"


@st.composite
def rows_of(draw, name: str, fmt: NumberFormat | None):
    schema = standard_schema(name)
    columns = _columns(schema, {f["name"]: fmt for f in schema["fields"]} if fmt else None)
    return columns, [draw(column_texts(c)) for c in columns.values()]


@pytest.mark.parametrize("name", SCHEMAS)
@pytest.mark.parametrize("fmt", FORMATS, ids=["point", "vi", "comma", "en"])
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_whole_plain_row_reads_as_its_cells_read_carefully(name, fmt, data):
    columns, cells = data.draw(rows_of(name, fmt))
    if not all(clean(c) for c in cells):  # the row reader asks the plain reader about clean rows only
        return
    layout = list(columns.values())
    record = FastRow(layout, columns).record(cells)
    if record is None:
        return
    for column, text in zip(layout, cells):
        value, problem = careful(column, text)
        assert problem is None, f"the plain row reader accepted «{text!r}» in {column.name}, which the careful reader reports ({problem})"
        assert record[column.name] == value and type(record[column.name]) is type(value), column.name


def test_the_row_reader_does_take_plain_rows():
    """The property above is not vacuous: a plain row of each schema is read by the fast row reader."""
    plain = {
        "units": ["xa-a", "Xã A", "commune", "", "", "", "", "", "", "", "", ""],
        "assessments": ["xa-a", "1.1", "2.5", "có", "Hòa", "", ""],
        "inputs": ["xa-a", "1.1", "a", "12", ""],
        "evidence": ["xa-a", "1.1", "Kế hoạch", "https://a.example/k.pdf"],
        "framework-indicators": ["1.1", "1", "component", "Tên", "10", "ratio", "a/b", "", "", "", "", "", ""],
        "framework-inputs": ["1.1", "a", "count", "Số đạt", "", ""],
    }
    for name, cells in plain.items():
        columns = _columns(standard_schema(name), None)
        assert FastRow(list(columns.values()), columns).record(cells) is not None, name


@st.composite
def files_of(draw, name: str):
    """A CSV of a schema as a spreadsheet or a person writes it: its header (in order, shuffled, or
    missing a column), rows of the schema's own texts and, now and then, one cell of anything."""
    schema = standard_schema(name)
    columns = _columns(schema, None)
    header = list(columns)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.integers(0, 4)) == 0:
        header = header[:-1]
    rows = [header]
    for _ in range(draw(st.integers(0, 5))):
        rows.append([draw(column_texts(columns[h])) if draw(st.integers(0, 5)) else draw(st.sampled_from(ANY)) for h in header])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    return schema, (draw(st.sampled_from(["", "\ufeff"])) + buffer.getvalue()).encode("utf-8")


@pytest.mark.parametrize("name", SCHEMAS)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_column_reader_of_large_files_reads_every_schema_as_the_row_reader(tmp_path, name, data):
    schema, content = data.draw(files_of(name))
    path = tmp_path / f"{name}.csv"
    path.write_bytes(content)
    columns = _columns(schema, None)
    fast = plain_columns(path, columns, schema.get("primaryKey") or [])
    if fast is None:
        return
    report = Report()
    rows = read_table(path, path.name, schema, report)
    assert not report.errors, f"the column reader accepted a file the row reader reports: {report.errors[:2]}"
    assert rows is not None
    assert fast == {n: [r[n] for r in rows] for n in [*columns, "_row"]}
