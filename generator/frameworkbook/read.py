"""Reading a filled index-set workbook into a package's texts, remembering the cell each came from.

Cells are read exactly: a number through its shortest representation (``Decimal(repr(x))``, as the
forms do), a cell formatted as a percentage as that percentage (0.8 shown as 80 % is «80%»), a text as
typed (NFC, spaces around it removed; a line break in a one-line field becomes a space). A drop-down's
words become their code. Whatever cannot be read is an issue naming the sheet and the cell; the package's
own checks run afterwards (:mod:`generator.frameworkbook.collect`) and their issues are put at the cells
the texts came from (:meth:`Book.locate`).
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import ERROR, Issue, Report, display_path
from ..forms.cells import csv_number
from .layout import (
    ALLOWED_WORDS,
    CHOICES,
    DISCREPANCY_COLUMNS,
    DISCREPANCY_HEADING,
    FIRST_ROW,
    FORMAT,
    INDICATOR_COLUMNS,
    INDICATOR_FIELDS,
    INDICATOR_SHEET,
    INFO_FIELDS,
    INFO_SHEET,
    INPUT_COLUMNS,
    INPUT_SHEET,
    ITEM_FIELDS,
    META_SHEET,
    MULTILINE_FIELDS,
    NOTES_HEADING,
    OPTION_ORDER,
    RESOLUTION_WORDS,
    TRIAL_COLUMNS,
    TRIAL_SHEET,
    TYPE_WORDS,
    UNIT_WORDS,
    Item,
    code_of,
    join_options,
    level_labels,
    normal,
    yes_no_labels,
)

Cell = tuple[object, str]  # (value, number format)
PARAM_FIELDS = ("formula", "item", "item_share", "target", "full_at", "per_item")  # texts in the options language
NUMBER_FIELDS = ("max_points", "total_points", "stated_max", "children_sum")


class Grid:
    """A sheet's non-empty cells, read once; formulas typed by someone are reported and left out."""

    def __init__(self, ws, book: "Book", report: Report):
        self.title = ws.title
        self.cells: dict[tuple[int, str], Cell] = {}
        self.max_row = 0
        for row in ws.iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if value is None or not hasattr(cell, "column_letter"):
                    continue
                self.max_row = max(self.max_row, cell.row)
                if getattr(cell, "data_type", None) == "f":
                    formula_code = "workbook-formula"
                    book.issue(report, formula_code, f"ô chứa công thức bảng tính «{str(value)[:40]}»; hãy xóa công thức và gõ giá trị", self.title, cell.coordinate)
                    continue
                self.cells[(cell.row, cell.column_letter)] = (value, cell.number_format or "General")

    def get(self, row: int, letter: str) -> Cell:
        return self.cells.get((row, letter), (None, "General"))


class Unreadable(ValueError):
    """A cell whose value cannot be a text of the package: said to the official with its place."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _plain_number(value, number_format: str) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if "%" in (number_format or ""):
        return f"{csv_number(number * 100)}%"
    return csv_number(number)


def text_of(cell: Cell, name: str) -> str:
    """The package's text of one cell."""
    value, number_format = cell
    if value is None:
        return ""
    if isinstance(value, bool):
        raise Unreadable("bad-type", f"ô chứa giá trị đúng/sai ({'TRUE' if value else 'FALSE'}); hãy gõ chữ")
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        if name == "date" and isinstance(value, (datetime.date, datetime.datetime)):
            return value.strftime("%Y-%m-%d")
        raise Unreadable("bad-type", "bảng tính đã đổi nội dung ô thành ngày tháng (ví dụ gõ 1/2); hãy định dạng ô là văn bản (Text) rồi gõ lại")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise Unreadable("bad-type", "ô chứa một giá trị không phải số hữu hạn")
        return _plain_number(value, number_format)
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    if name not in MULTILINE_FIELDS:
        text = re.sub(r"\s*\n\s*", " ", text)
    if name in PARAM_FIELDS or name in NUMBER_FIELDS:
        text = re.sub(r"(?<=\d),(?=\d)", ".", text) if "." not in text else text  # 0,5 → 0.5; 2,5% → 2.5%
        text = re.sub(r"\s+%$", "%", text)
    if name == "formula":
        text = text.replace("×", "*").replace("÷", "/")
    return text


def chosen(words: dict, text: str, where: str):
    """The code of a drop-down's words (or of the code itself); raises Unreadable for anything else."""
    if not text:
        return ""
    code = code_of(words, text)
    if code is None:
        allowed = "; ".join(f"«{w}»" for w in words.values())
        raise Unreadable("not-allowed", f"«{text[:60]}» không có trong danh sách {where}; hãy chọn một trong: {allowed}")
    return code


@dataclass
class Row:
    """One row of the package (an indicator, an input) with the cell each of its texts came from."""

    values: dict[str, str]
    cells: dict[str, str]  # field → cell coordinate
    items: list[Item] = field(default_factory=list)
    item_cells: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Book:
    path: Path
    shown: str
    info: dict[str, str] = field(default_factory=dict)
    info_cells: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    discrepancies: list[Row] = field(default_factory=list)
    discrepancy_heading: str = ""
    indicators: list[Row] = field(default_factory=list)
    inputs: list[Row] = field(default_factory=list)
    figures: dict[str, dict[str, tuple[object, str, str]]] = field(default_factory=dict)  # indicator → input → (value, format, cell)
    reported: set[tuple[str, str]] = field(default_factory=set)  # (sheet, cell) already said

    def issue(self, report: Report, code: str, message: str, sheet: str, cell: str | None, severity: str = ERROR) -> None:
        row = int(re.sub(r"[A-Z]", "", cell)) if cell else None
        report.append(Issue(self.shown, row, None, code, message, severity, sheet, cell))
        if cell:
            self.reported.add((sheet, cell))

    # -- the package's texts -------------------------------------------------------

    def indicator_rows(self) -> list[dict[str, str]]:
        out = []
        for row in self.indicators:
            out.append({**{f: row.values.get(f, "") for f in INDICATOR_FIELDS}, "options": row.values.get("options", "")})
        return out

    def input_rows(self) -> list[dict[str, str]]:
        return [dict(row.values) for row in self.inputs]

    # -- issues of the package, at their cells -----------------------------------------

    def locate(self, issues, report: Report) -> None:
        """Put the package's issues at the cells their texts came from (one already said by the reader is left out)."""
        for i in issues:
            sheet, cell = self._place(i)
            if sheet is not None and (sheet, cell) in self.reported:
                continue
            row = int(re.sub(r"[A-Z]", "", cell)) if cell else None
            report.append(Issue(self.shown, row, None, i.code, i.message, i.severity, sheet, cell))

    def _place(self, issue: Issue) -> tuple[str | None, str | None]:
        name = Path(issue.file).name
        if name == "datapackage.json":
            return INFO_SHEET, self._info_cell(issue.field or "")
        if name == "indicators.csv":
            rows, sheet, columns = self.indicators, INDICATOR_SHEET, INDICATOR_COLUMNS
        elif name == "inputs.csv":
            rows, sheet, columns = self.inputs, INPUT_SHEET, INPUT_COLUMNS
        else:
            return None, None
        if issue.row is None or not 2 <= issue.row < len(rows) + 2:
            col = columns.get(issue.field or "") or next(iter(columns.values()))
            return sheet, f"{col.letter}{FIRST_ROW - 1}"
        row = rows[issue.row - 2]
        if issue.field == "options":
            return sheet, self._option_cell(row, issue)
        if issue.field == "labels":
            return self._labels_cell(row)
        return sheet, row.cells.get(issue.field or "") or row.cells.get("id") or row.cells.get("indicator_id")

    def _info_cell(self, path: str) -> str | None:
        found = re.match(r"dti\.discrepancies\[(\d+)\]", path)
        if found and int(found.group(1)) < len(self.discrepancies):
            return self.discrepancies[int(found.group(1))].cells.get("indicator")
        if path.startswith("dti.discrepancies"):
            return self.discrepancy_heading
        key = path.rsplit(".", 1)[-1]
        return self.info_cells.get(key) or self.info_cells.get("title")

    def _option_cell(self, row: Row, issue: Issue) -> str:
        """The cell of the option a message is about: a threshold, a level, a target…; else the first item,
        else the rule's cell."""
        message = issue.message
        share = any(word in message for word in ("mức điểm", "phần điểm", "trọng số"))
        for item, cells in zip(row.items, row.item_cells):
            if item.key and (f"«>= {item.key}»" in message or f"«{item.key}»" in message):
                return cells["item_share" if share else "item"]
        for name in OPTION_ORDER + ("on_zero_if",):
            if name in row.cells and (name in message or f"«{row.values.get(name)}»" in message):
                return row.cells[name]
        if row.item_cells:
            return row.item_cells[0]["item_share" if share else "item"]
        return row.cells.get("rule") or row.cells.get("id")

    def _labels_cell(self, row: Row) -> tuple[str, str]:
        owner = next((r for r in self.indicators if r.values.get("id") == row.values.get("indicator_id") and r.values.get("formula") == row.values.get("name")), None)
        if row.values.get("type") == "level" and owner is not None and owner.item_cells:
            empty = [c for item, c in zip(owner.items, owner.item_cells) if not item.words]
            return INDICATOR_SHEET, (empty or owner.item_cells)[0].get("item_words")
        return INPUT_SHEET, row.cells.get("yes_words") or row.cells.get("name")


# --------------------------------------------------------------------------- the sheets


def _info(book: Book, grid: Grid, report: Report) -> None:
    labels = {normal(label): key for key, label, _, _ in INFO_FIELDS}
    words = {"unit_type": UNIT_WORDS, "not_evaluated_allowed": ALLOWED_WORDS}
    notes_row = discrepancy_row = None
    for r in range(FIRST_ROW, grid.max_row + 1):
        label = grid.get(r, "A")[0]
        if not isinstance(label, str):
            continue
        if normal(label) == normal(NOTES_HEADING):
            notes_row = r
        elif normal(label) == normal(DISCREPANCY_HEADING):
            discrepancy_row = r
        elif normal(label) in labels and notes_row is None:
            key = labels[normal(label)]
            book.info_cells[key] = f"B{r}"
            try:
                text = text_of(grid.get(r, "B"), key if key != "total_points" else "total_points")
                book.info[key] = chosen(words[key], text, f"«{label.rstrip(' ▾')}»") if key in words else text
            except Unreadable as exc:
                book.issue(report, exc.code, exc.message, INFO_SHEET, f"B{r}")
    missing = [label for key, label, _, _ in INFO_FIELDS if key not in book.info_cells]
    if missing or notes_row is None or discrepancy_row is None:
        what = f"«{missing[0]}»" if missing else f"«{NOTES_HEADING if notes_row is None else DISCREPANCY_HEADING}»"
        book.issue(report, "not-a-framework-book", f"không tìm thấy dòng {what} ở cột A; hãy lấy lại sổ gốc (dti framework template) và chép nội dung sang", INFO_SHEET, None)
        return
    for r in range(notes_row + 1, discrepancy_row):
        try:
            note = text_of(grid.get(r, "B"), "note")
        except Unreadable as exc:
            book.issue(report, exc.code, exc.message, INFO_SHEET, f"B{r}")
            continue
        if note:
            book.notes.append(note)
    book.discrepancy_heading = f"A{discrepancy_row}"
    for r in range(discrepancy_row + 2, grid.max_row + 1):
        row = _read_row(book, grid, r, DISCREPANCY_COLUMNS, INFO_SHEET, report, {"resolution": RESOLUTION_WORDS})
        if row is not None:
            book.discrepancies.append(row)


def _read_row(book: Book, grid: Grid, r: int, columns, sheet: str, report: Report, drops: dict) -> Row | None:
    """The texts of one row (None when it is empty); a cell that cannot be read is said and left empty."""
    values, cells = {}, {}
    for name, col in columns.items():
        if name in ("words", "key"):
            continue
        cells[name] = f"{col.letter}{r}"
        try:
            text = text_of(grid.get(r, col.letter), name)
            values[name] = chosen(drops[name], text, f"ở cột «{col.title.rstrip(' ▾')}»") if name in drops else text
        except Unreadable as exc:
            book.issue(report, exc.code, exc.message, sheet, cells[name])
            values[name] = ""
            values.setdefault("_unreadable", name)
    if not any(v for k, v in values.items() if not k.startswith("_")) and "_unreadable" not in values:
        return None
    values.pop("_unreadable", None)
    return Row(values, cells)


def _indicators(book: Book, grid: Grid, report: Report) -> None:
    drops = {name: CHOICES[name] for name in ("level", "rule", "below", "on_zero", "over_100", "if_all_equal")}
    current: Row | None = None
    for r in range(FIRST_ROW, grid.max_row + 1):
        row = _read_row(book, grid, r, INDICATOR_COLUMNS, INDICATOR_SHEET, report, drops)
        if row is None:
            current = None  # an indicator's items follow it without an empty row
            continue
        has_item = any(row.values.get(f) for f in ITEM_FIELDS)
        others = [f for f, v in row.values.items() if v and f not in ITEM_FIELDS]
        if not row.values.get("id") and not others and has_item:
            if current is None:
                book.issue(report, "required", "dòng này có một mục (mức, ngưỡng, tiêu chí) nhưng không nằm dưới chỉ số nào: hãy ghi mã chỉ số ở dòng trên cùng", INDICATOR_SHEET, row.cells["id"])
                continue
            _add_item(current, row)
            continue
        if not row.values.get("id"):
            book.issue(report, "required", "dòng có nội dung nhưng chưa ghi mã chỉ số (một dòng mục của chỉ số bên trên chỉ ghi ở ba cột mức, lời, phần điểm)", INDICATOR_SHEET, row.cells["id"])
            current = None
            continue
        current = row
        book.indicators.append(row)
        if has_item:
            _add_item(row, row)
    for row in book.indicators:
        kind = row.values.get("rule", "")
        if kind == "levels":  # a level without a code is given one by its place: muc_1, muc_2…
            row.items = [Item(item.key or f"muc_{n}", item.share, item.words) for n, item in enumerate(row.items, 1)]
        params = {name: row.values.get(name, "") for name in (*OPTION_ORDER, "on_zero_if")}
        row.values["options"] = join_options(kind, row.items, params)
        for name in OPTION_ORDER + ("on_zero_if",):
            if not row.values.get(name):
                row.cells.pop(name, None)


def _add_item(owner: Row, row: Row) -> None:
    owner.items.append(Item(row.values.get("item", ""), row.values.get("item_share", ""), row.values.get("item_words", "")))
    owner.item_cells.append({f: row.cells[f] for f in ITEM_FIELDS})


def _inputs(book: Book, grid: Grid, report: Report) -> None:
    level_words = {}
    for ind in book.indicators:
        if ind.values.get("rule") == "levels" and ind.items:
            level_words[(ind.values.get("id"), ind.values.get("formula"))] = (level_labels(ind.items), ind)
    for r in range(FIRST_ROW, grid.max_row + 1):
        row = _read_row(book, grid, r, INPUT_COLUMNS, INPUT_SHEET, report, {"type": TYPE_WORDS})
        if row is None:
            continue
        yes, no = row.values.pop("yes_words", ""), row.values.pop("no_words", "")
        labels = yes_no_labels(yes, no)
        from_levels, owner = level_words.get((row.values.get("indicator_id"), row.values.get("name")), ("", None))
        if labels and from_levels:
            book.issue(report, "bad-labels", f"đầu vào «{row.values.get('name')}» có lời cho «Có»/«Không» trong khi là mức của chỉ số {owner.values.get('id')}; "
                       "lời của các mức ghi ở trang «Chỉ số»", INPUT_SHEET, row.cells["yes_words" if yes else "no_words"])
        row.values = {"indicator_id": row.values.get("indicator_id", ""), "name": row.values.get("name", ""), "type": row.values.get("type", ""),
                      "meaning": row.values.get("meaning", ""), "unit": row.values.get("unit", ""), "labels": from_levels or labels}
        book.inputs.append(row)


def _figures(book: Book, grid: Grid) -> None:
    key, value = TRIAL_COLUMNS["key"].letter, TRIAL_COLUMNS["value"].letter
    for r in range(FIRST_ROW, grid.max_row + 1):
        k = grid.get(r, key)[0]
        if not isinstance(k, str) or "|" not in k or k.endswith("|#"):
            continue
        indicator, _, name = k.partition("|")
        cell = grid.get(r, value)
        if name and cell[0] is not None and not (isinstance(cell[0], str) and not cell[0].strip()):
            book.figures.setdefault(indicator, {})[name] = (cell[0], cell[1], f"{value}{r}")


def read_book(path: Path, report: Report) -> Book | None:
    """The workbook at ``path`` read into texts, or None (with an issue) when it is not an index-set workbook."""
    shown = display_path(path)
    book = Book(path, shown)
    try:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # a corrupt or foreign file: openpyxl raises many kinds
        report.append(Issue(shown, None, None, "unreadable", f"không mở được tệp như một bảng tính Excel (.xlsx): {type(exc).__name__}; hãy lưu lại tệp dạng .xlsx"))
        return None
    try:
        missing = [s for s in (INFO_SHEET, INDICATOR_SHEET, INPUT_SHEET) if s not in wb.sheetnames]
        if missing:
            report.append(Issue(shown, None, None, "not-a-framework-book", f"tệp không có trang «{missing[0]}»: đây không phải sổ bộ chỉ số do «dti framework template» tạo (hoặc trang đã bị đổi tên)"))
            return None
        if META_SHEET in wb.sheetnames:
            meta = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(values_only=True) if row and len(row) > 1}
            if meta.get("format") not in (None, FORMAT):
                report.append(Issue(shown, None, None, "not-a-framework-book", f"sổ ghi định dạng «{meta.get('format')}», công cụ này đọc «{FORMAT}»"))
                return None
        _info(book, Grid(wb[INFO_SHEET], book, report), report)
        _indicators(book, Grid(wb[INDICATOR_SHEET], book, report), report)
        _inputs(book, Grid(wb[INPUT_SHEET], book, report), report)
        if TRIAL_SHEET in wb.sheetnames:
            _figures(book, Grid(wb[TRIAL_SHEET], book, report))
    finally:
        wb.close()
    return book

