"""Drawing workbooks with openpyxl: styles, row heights, drop-down lists on a hidden sheet, data
validations, protection, print setup, the guide and metadata sheets, and a byte-for-byte repeatable save.

Only :mod:`generator.forms.template` uses this module; the reader never needs it.
"""

from __future__ import annotations

import copy
import datetime
import io
import math
import weakref
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.writer.excel import ExcelWriter

from ..packaging import needs_quote_prefix
from .layout import LISTS_SHEET, META_SHEET, Check

FONT = "Arial"  # Excel has it; LibreOffice draws it with the metric-compatible Liberation Sans
FIXED_TIME = datetime.datetime(2000, 1, 1)  # workbook dates: the same data gives the same bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LINE_HEIGHT, PADDING = 12.75, 4.0  # points, for Arial 10

NORMAL = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
TITLE = Font(name=FONT, size=13, bold=True, color="1F3864")
HINT = Font(name=FONT, size=10, italic=True, color="404040")
HEADER = Font(name=FONT, size=10, bold=True, color="FFFFFF")
KEY = Font(name=FONT, size=8, color="808080")
EXAMPLE = Font(name="Courier New", size=9)
DOC = Font(name=FONT, size=11)  # the document's heading and signature block
DOC_BOLD = Font(name=FONT, size=11, bold=True)
DOC_ITALIC = Font(name=FONT, size=11, italic=True)
MOTTO = Font(name=FONT, size=11, bold=True, underline="single")

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
ENTRY_FILL = PatternFill("solid", fgColor="FFF2CC")  # «các ô màu vàng»
SHADE_FILL = PatternFill("solid", fgColor="F2F2F2")
PLAIN_FILL = PatternFill(fill_type=None)
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
COMPUTED_FILL = PatternFill("solid", fgColor="E2EFDA")  # what the tool computes (the council's points)
LEVEL_FILLS = {"group": PatternFill("solid", fgColor="BDD7EE"), "main": PatternFill("solid", fgColor="DDEBF7")}
SUB_FILL = PatternFill("solid", fgColor="EEF4FB")

THIN = Side(style="thin", color="A6A6A6")
STRONG = Side(style="medium", color="1F4E79")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
GRID_TOP = Border(left=THIN, right=THIN, top=STRONG, bottom=THIN)
BLOCK_FIRST = Border(left=THIN, right=THIN, top=STRONG)  # label cells of an indicator's block: no line inside it
BLOCK_REST = Border(left=THIN, right=THIN)
BLOCK_LAST = Border(left=THIN, right=THIN, bottom=THIN)

WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
KEY_ALIGN = Alignment(vertical="top")  # not wrapped: a hidden column draws nothing
DOC_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.creator = props.lastModifiedBy = "dti"
    props.created = props.modified = FIXED_TIME
    props.language = "vi-VN"
    wb.security = WorkbookProtection(lockStructure=True)  # no renaming, moving, deleting or unhiding sheets
    return wb


def save(wb: Workbook, path: Path) -> None:
    """Write the workbook so that the same content gives the same bytes: fixed document dates and fixed
    times on every member of the zip archive (openpyxl stamps both with the clock)."""
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)
    wb.properties.modified = FIXED_TIME
    ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- row heights


def lines(text, width: float, bold: bool = False) -> int:
    """How many lines a wrapped text needs in a column ``width`` characters wide (a generous estimate:
    a cut-off text is worse than a little white space)."""
    if text is None or text == "":
        return 1
    per_line = max(1, int(width * (1.15 if bold else 1.3)) - 1)
    count = 0
    for paragraph in str(text).split("\n"):
        used, n = 0, 1
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                n += 1
                used = 0
            if size > per_line:
                n += math.ceil(size / per_line) - 1
                used = size % per_line
            else:
                used = used + 1 + size if used else size
        count += n
    return count


MAX_HEIGHT = 409.0  # points: the tallest row a spreadsheet keeps


def height(n_lines: int) -> float:
    return min(MAX_HEIGHT, round(n_lines * LINE_HEIGHT + PADDING, 2))


class AutoHeight(RowDimension):
    """A row whose height is written but not marked as set by hand: Excel and LibreOffice fit it again to
    what is typed in it, so a long title an office types in wraps onto as many lines as it needs (a row
    marked custom keeps its height and cuts the text)."""

    @property
    def customHeight(self):
        return False


def auto_height(ws, r: int, n_lines: int) -> None:
    """Row ``r`` as tall as ``n_lines`` lines, growing with what is typed in it later."""
    ws.row_dimensions[r] = AutoHeight(ws, index=r, ht=height(n_lines))


def fit_rows(ws, rows, widths: dict[str, float], bold: tuple[str, ...] = ()) -> None:
    """Each of ``rows`` as tall as the wrapped texts of its cells need (``widths``: column letter → width;
    ``bold``: letters written in bold), whatever has been typed in them."""
    for r in rows:
        needed = max((lines(ws[f"{letter}{r}"].value, width, letter in bold) for letter, width in widths.items()), default=1)
        auto_height(ws, r, needed)


# --------------------------------------------------------------------------- cells


_STYLES: "weakref.WeakKeyDictionary[Workbook, dict]" = weakref.WeakKeyDictionary()


def set_value(cell, value) -> None:
    """Give a cell its value. A text always stays text: openpyxl makes a text that begins with ``=`` a live
    formula (and ``#N/A`` an error), so the cell is told it holds a string, and a text a spreadsheet could
    take for a formula gets the quote prefix, which keeps it text when someone edits the cell. Every cell
    a form holds is written through here: no text of the data ever becomes a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if needs_quote_prefix(value):
            cell.quotePrefix = True


def put(ws, coord: str, value, font=NORMAL, fill=PLAIN_FILL, border=GRID, alignment=WRAP, locked: bool = True, number_format: str | None = None):
    """Write a value with a style. Each combination of style objects is registered with the workbook once
    and then copied, which is many times faster than letting openpyxl hash every style of every cell."""
    cell = ws[coord]
    cache = _STYLES.setdefault(ws.parent, {})
    key = (id(font), id(fill), id(border), id(alignment), locked, number_format)
    if key not in cache:
        cell.font, cell.fill, cell.border, cell.alignment = font, fill, border, alignment
        cell.protection = LOCKED if locked else UNLOCKED
        if number_format:
            cell.number_format = number_format
        cache[key] = copy.copy(cell._style)
    else:
        cell._style = copy.copy(cache[key])
    if value is not None:
        set_value(cell, value)
    return cell


def merge(ws, ref: str) -> None:
    """Merge a range, keeping the styles already given to each of its cells (openpyxl's own merge_cells
    replaces them and recomputes borders, slowly)."""
    ws.merged_cells.add(MergedCellRange(ws, ref))


class Lists:
    """Drop-down lists, each once, in the columns of a hidden sheet (labels contain commas and can be long,
    so a list written inline in the validation would break)."""

    def __init__(self, wb: Workbook):
        self.ws = wb.create_sheet(LISTS_SHEET)
        self.ws.sheet_state = "hidden"
        self.refs: dict[tuple[str, ...], str] = {}

    def ref(self, items: tuple[str, ...]) -> str:
        if items not in self.refs:
            col = len(self.refs) + 1
            letter = self.ws.cell(row=1, column=col).column_letter
            self.ws.cell(row=1, column=col, value=f"Danh sách {col}").font = BOLD
            for i, item in enumerate(items, 2):
                cell = self.ws.cell(row=i, column=col)
                cell.font = NORMAL
                set_value(cell, item)
            self.ws.column_dimensions[letter].width = min(80, max(12, max(len(i) for i in items) * 0.9))
            self.refs[items] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(items) + 1}"
        return self.refs[items]

    def finish(self) -> None:
        self.ws.protection.sheet = True


def add_checks(ws, checks: dict[str, Check], lists: Lists) -> None:
    """One data validation per distinct check, covering every cell that uses it, in first-use order."""
    grouped: dict[Check, list[str]] = {}
    for coord, check in checks.items():
        grouped.setdefault(check, []).append(coord)
    for check, coords in grouped.items():
        formula1 = lists.ref(check.items) if check.type == "list" else check.formula1
        dv = DataValidation(
            type=check.type, operator=check.operator, formula1=formula1, formula2=check.formula2, allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle="Giá trị không hợp lệ", error=check.error,
            showInputMessage=bool(check.prompt), promptTitle="Cách nhập" if check.prompt else None, prompt=check.prompt or None,
        )
        dv.sqref = MultiCellRange(" ".join(coords))
        ws.add_data_validation(dv)


def protect(ws, autofilter: bool = False) -> None:
    """Only unlocked cells can be changed; columns and rows may still be resized (nothing is lost by that),
    and in an appraisal workbook the filter may be used. No password: the protection guards against
    mistakes, not people."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    if autofilter:
        p.autoFilter = False


def print_setup(ws, last_column: str, last_row: int, title_rows: str | None, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_area = f"A1:{last_column}{last_row}"
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 8


# --------------------------------------------------------------------------- the guide and the metadata


def write_guide(wb: Workbook, name: str, guide: list[tuple[str, str, str]]) -> None:
    """The «Hướng dẫn» sheet, printed on A4 portrait: titles and headings in column A (they run on into B),
    a field's label in A and its value in B, paragraphs in the wide column B. No merged cells."""
    ws = wb.create_sheet(name)
    widths = {"A": 22, "B": 80}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    no_wrap = Alignment(vertical="center")
    for r, (style, label, text) in enumerate(guide, 1):
        if style in ("title", "heading"):
            put(ws, f"A{r}", text, font=TITLE if style == "title" else BOLD, border=Border(), alignment=no_wrap)
            if style == "heading":
                put(ws, f"B{r}", None, fill=LEVEL_FILLS["main"], border=Border())
                ws[f"A{r}"].fill = LEVEL_FILLS["main"]
            ws.row_dimensions[r].height = height(1) + (10 if style == "title" else 6)
            continue
        if style == "field":
            put(ws, f"A{r}", label, font=BOLD, border=Border())
        font, fill = (EXAMPLE, SHADE_FILL) if style == "example" else (NORMAL, PLAIN_FILL)
        put(ws, f"B{r}", text, font=font, fill=fill, border=Border())
        ws.row_dimensions[r].height = height(max(lines(label, widths["A"], True), lines(text, widths["B"] * (0.8 if style == "example" else 1))))
    print_setup(ws, "B", len(guide), None, landscape=False)
    ws.page_setup.fitToHeight = 1
    protect(ws)


def write_meta(wb: Workbook, pairs: list[tuple[str, object]]) -> None:
    """The very hidden sheet naming the year, index set, unit (or unit type) and kind of form."""
    ws = wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate(pairs, 1):
        set_value(ws.cell(row=r, column=1), key)
        set_value(ws.cell(row=r, column=2), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
