"""The open-data tables as Excel workbooks, for people who open them in a spreadsheet.

Excel on Windows opens a UTF-8 CSV file with garbled diacritics unless it is imported by hand, so each
year's tables are also published as one ``.xlsx`` workbook, and all years as one more. A workbook holds
exactly the rows and columns of the CSV files, with the same rounded numbers:

* the first sheet, «Giới thiệu», says what the file is, how to cite it, and what every column means;
* then one sheet per table, named in Vietnamese and after its CSV file, whose first row is the CSV header;
* numbers are stored as numbers (two decimals shown), empty cells stay empty, and every text cell is
  stored as text, never as a formula. A text a spreadsheet would take for a formula (``=…``, ``+…``, ``@…``)
  keeps its own characters and gets Excel's «quote prefix», the stored form of the apostrophe that the CSV
  files carry;
* a draft says so in the first row of every sheet, as the CSV files do in their comment line.

The bytes depend only on the data: the workbook's dates come from the publication date and the zip entries
carry that date too, so an edition rebuilt later gives the same file and the same SHA-256.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from .packaging import FORMULA_START, PLAIN_NUMBER

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_NAMES = {
    "results": "Kết quả (results)",
    "indicator_scores": "Điểm chỉ số (indicator_scores)",
    "indicators": "Danh mục chỉ số (indicators)",
}
INTRO = "Giới thiệu"
WIDE = {"unit_name": 40, "parent_name": 28, "name": 60, "agency": 30, "evidence": 40, "method": 60, "not_ranked_reason": 40}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


def fixed_moment(iso_date: str | None, fallback_year: int) -> datetime:
    """The workbook's date: the publication date; 1 January of the year after the assessment without one."""
    try:
        day = date.fromisoformat(iso_date or "")
    except ValueError:
        day = date(fallback_year + 1, 1, 1)
    return datetime(max(day.year, 1980), day.month, day.day)


def _clean(text: str) -> str:
    return ILLEGAL.sub("\ufffd", text)


def text_cell(ws, value: str, font=None, wrap: bool = False) -> WriteOnlyCell:
    """A cell that holds ``value`` as text whatever it looks like: never a formula, never a number."""
    cell = WriteOnlyCell(ws, _clean(value))
    cell.data_type = "s"
    if value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = WRAP
    return cell


def _needs_protection(value: str) -> bool:
    """Whether a spreadsheet could read this text as something else: a formula, an error code, or a
    formula-like text that the CSV files neutralise with an apostrophe."""
    return value.startswith(FORMULA_START) or value.startswith("#") or ILLEGAL.search(value) is not None


def _data_sheet(wb: Workbook, name: str, schema: dict, rows, draft_line: str) -> None:
    ws = wb.create_sheet(SHEET_NAMES[name])
    fields = schema["fields"]
    for i, f in enumerate(fields):
        ws.column_dimensions[_column_letter(i)].width = WIDE.get(f["name"], max(12, len(f["name"]) + 2))
    ws.freeze_panes = "A3" if draft_line else "A2"
    if draft_line:
        ws.append([text_cell(ws, draft_line, BOLD)])
    ws.append([text_cell(ws, f["name"], BOLD) for f in fields])
    # One number cell per column, reused row after row (openpyxl writes a row as it is appended): a
    # workbook of a hundred thousand cells is written in a second or two.
    numbers = {}
    for i, f in enumerate(fields):
        if f["type"] in ("integer", "number"):
            numbers[i] = WriteOnlyCell(ws)
            numbers[i].number_format = "0" if f["type"] == "integer" else "0.00"
    kinds = [f["type"] for f in fields]
    for row in rows:
        out = []
        for i, (value, kind) in enumerate(zip(row, kinds)):
            if value is None or value == "":
                out.append(None)
            elif i in numbers:
                cell = numbers[i]
                cell.value = int(value) if kind == "integer" else Decimal(str(value))
                out.append(cell)
            else:
                text = str(value)
                out.append(text_cell(ws, text) if _needs_protection(text) else text)
        ws.append(out)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _intro_sheet(wb: Workbook, title: str, facts: list[tuple[str, str]], caveats: list[str], schemas: dict, draft_line: str) -> None:
    ws = wb.create_sheet(INTRO)
    for letter, width in zip("ABCD", (34, 20, 26, 90)):
        ws.column_dimensions[letter].width = width
    if draft_line:
        ws.append([text_cell(ws, draft_line, TITLE)])
    ws.append([text_cell(ws, title, TITLE)])
    ws.append([])
    for label, value in facts:
        ws.append([text_cell(ws, label, BOLD), text_cell(ws, value, wrap=True)])
    ws.append([])
    ws.append([text_cell(ws, "Lưu ý khi dùng số liệu", BOLD)])
    for c in caveats:
        ws.append([text_cell(ws, "•"), text_cell(ws, c, wrap=True)])
    ws.append([])
    ws.append([text_cell(ws, "Ý nghĩa các cột", BOLD)])
    ws.append([text_cell(ws, h, BOLD) for h in ("Trang tính", "Cột (tên trong tệp CSV)", "Tên cột", "Ý nghĩa")])
    for name, schema in schemas.items():
        for f in schema["fields"]:
            ws.append([text_cell(ws, SHEET_NAMES[name]), text_cell(ws, f["name"]), text_cell(ws, f["title"]), text_cell(ws, f["description"], wrap=True)])


COMMON_FACTS = [
    ("Cùng số liệu với", "Các tệp CSV (UTF-8) cùng tên trong thư mục dữ liệu mở: mỗi trang tính là một tệp, cùng các cột, cùng các số đã làm tròn 2 chữ số thập phân như trên trang."),
    ("Ô chữ", "Mọi ô chữ được lưu dạng chữ, không bao giờ là công thức; ô trống là không có giá trị (ví dụ đơn vị không xếp hạng không có thứ hạng)."),
]


def workbook_bytes(title: str, facts: list[tuple[str, str]], caveats: list[str], tables: dict, schemas: dict, moment: datetime, author: str, draft_line: str = "") -> bytes:
    """A workbook: an introduction sheet, then one sheet per table (``tables``: name → rows as in the CSV)."""
    wb = Workbook(write_only=True)
    _intro_sheet(wb, title, facts + COMMON_FACTS, caveats, schemas, draft_line)
    for name, rows in tables.items():
        _data_sheet(wb, name, schemas[name], rows, draft_line)
    props = wb.properties
    props.title = f"[DỰ THẢO] {title}" if draft_line else title
    props.creator = author
    props.language = "vi-VN"
    props.created = props.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed_zip(buffer.getvalue(), moment)


def _fixed_zip(data: bytes, moment: datetime) -> bytes:
    """The same zip with every entry dated ``moment`` and the same attributes on any machine."""
    when = time.struct_time(moment.timetuple())[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
