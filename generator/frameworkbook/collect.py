"""``dti framework collect``: a filled index-set workbook into ``data/frameworks/<id>/``.

The workbook is read into texts (:mod:`generator.frameworkbook.read`), written as a package into a
temporary folder and checked there exactly as ``dti validate`` checks an index set; every problem is put
at the cell its text came from. Nothing is written unless there is no error. Then the package is written
and the workbook is written again from it, with the tool's answers: the rule in words on every
indicator, the points its trial figures give and each step, and the printable table of rules.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from ..cellread import parse_value
from ..errors import WARNING, DataError, Issue, Report
from ..forms.cells import CellError, read_input
from ..load import FRAMEWORK_ID, standard_schema
from ..model import Framework
from ..numeric import DEFAULT_FORMAT, NumberFormat
from ..packaging import csv_text, header_of, json_text
from ..validate import validate_framework
from .layout import DISCREPANCY_KEYS, LEGAL_KEYS, TRIAL_SHEET
from .read import Book, read_book
from .write import write_book

RESOURCES = (("indicators", "framework-indicators"), ("inputs", "framework-inputs"))


def _json_number(text: str):
    """A number of the descriptor: an int when whole, else a float (the text is the cell's, read exactly)."""
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def descriptor(book: Book, fid: str) -> dict:
    """The package's ``datapackage.json``, its keys always in the same order."""
    info = book.info
    legal = {key: info[key] for key in LEGAL_KEYS if info.get(key)}
    dti: dict = {"kind": "framework", "unit_type": info.get("unit_type", ""), "legal_basis": legal}
    if info.get("total_points"):
        dti["total_points"] = _json_number(info["total_points"])
    dti["notes"] = list(book.notes)
    dti["discrepancies"] = []
    for row in book.discrepancies:
        entry = {}
        for key in DISCREPANCY_KEYS:
            value = row.values.get(key, "")
            if value:
                entry[key] = _json_number(value) if key in ("stated_max", "children_sum") else value
        dti["discrepancies"].append(entry)
    if info.get("not_evaluated_allowed") in (True, False):
        dti["not_evaluated_allowed"] = info["not_evaluated_allowed"]
    out = {"name": fid}
    if info.get("title"):
        out["title"] = info["title"]
    out["dti"] = dti
    out["resources"] = [
        {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8", "schema": standard_schema(schema)}
        for name, schema in RESOURCES
    ]
    return out


def write_package(folder: Path, meta: dict, indicators: list[dict], inputs: list[dict]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "datapackage.json"]
    written[0].write_text(json_text(meta), encoding="utf-8")
    for (name, schema), rows in zip(RESOURCES, (indicators, inputs)):
        header = header_of(schema)
        path = folder / f"{name}.csv"
        path.write_text(csv_text(header, ([r.get(h, "") for h in header] for r in rows)), encoding="utf-8")
        written.append(path)
    return written


def figures(book: Book, fw: Framework, report: Report) -> dict[str, dict]:
    """The trial figures typed on the «Thử tính» sheet, read as their inputs' types; one that cannot be
    read is a warning at its cell (trial figures are not part of the index set)."""
    out: dict[str, dict] = {}
    for ind_id, typed in book.figures.items():
        ind = fw.indicators.get(ind_id)
        if ind is None or ind.rule is None:
            continue
        levels = ind.rule.levels()
        for name, (value, number_format, cell) in typed.items():
            d = ind.input(name)
            if d is None:
                continue
            try:
                text = read_input(d, value, number_format, levels, ind.max_points, DEFAULT_FORMAT)
                if text is None:
                    continue
                fmt = NumberFormat(",", ".") if "," in text and "." not in text else DEFAULT_FORMAT
                out.setdefault(ind_id, {})[name] = parse_value(d.type, text, levels, fmt, d.labels)
            except (CellError, DataError) as exc:
                book.issue(report, exc.code, f"số liệu thử của chỉ số {ind_id}, «{name}»: {exc.message}", TRIAL_SHEET, cell, WARNING)
    return out


def collect(path: Path, fid: str, data_dir: Path, check: bool = False) -> tuple[Report, list[Path]]:
    """Read the workbook at ``path`` into ``data_dir/frameworks/fid``; the report, and what was written."""
    report = Report()
    if not FRAMEWORK_ID.fullmatch(fid):
        report.append(Issue(fid, None, None, "bad-framework-id", f"mã bộ chỉ số «{fid}» dùng làm tên thư mục và địa chỉ trang nên chỉ được gồm chữ thường không dấu, số và dấu gạch nối (tối đa 64 ký tự)"))
        return report, []
    book = read_book(Path(path), report)
    if book is None:
        return report, []
    meta, indicator_rows, input_rows = descriptor(book, fid), book.indicator_rows(), book.input_rows()
    with tempfile.TemporaryDirectory() as tmp:
        trial_folder = Path(tmp) / fid
        write_package(trial_folder, meta, indicator_rows, input_rows)
        fw, checked = validate_framework(trial_folder)
        book.locate(checked.sorted(), report)
        typed = figures(book, fw, report) if fw is not None else {}
    if not report.ok or check:
        return report, []
    target = Path(data_dir) / "frameworks" / fid
    written = write_package(target, meta, indicator_rows, input_rows)
    fw, _ = validate_framework(target)
    write_book(Path(path), fid, meta, indicator_rows, input_rows, fw, typed)
    return report, written + [Path(path)]

