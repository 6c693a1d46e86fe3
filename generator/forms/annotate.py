"""``dti collect … --return DIR``: the answer written into each sender's own workbook.

Every file opened as a form of the kind collected gets a copy in ``DIR`` under its own name:

* each cell a problem names is filled (red for an error, orange for a question) and carries the message
  in a comment;
* a first sheet, «Lỗi cần sửa», lists every problem of the form with a link to its cell; a form with no
  error gets a «Đã nhận» sheet instead (listing the questions, if any);
* an appraisal workbook shows again, in its computed column, the points the council's figures give as
  the tool scored the collected year;
* its drop-down lists and checks are put back as the template wrote them (a spreadsheet may have saved
  them in a form openpyxl does not keep).

A copy returned and sent back again is read like the original: the answer sheet, the comments and the
fills of the previous round are taken away first (the fills a copy changed are recorded in its metadata
sheet). A file refused before it was opened (a formula, a link outside, too big) gets no copy: saving it
again would carry what was refused.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.hyperlink import Hyperlink

from ..errors import Issue, Report
from ..model import Edition, Framework
from . import sheets
from .layout import APPRAISAL, COLUMNS, DATA_SHEET, HEADING, LISTS_SHEET, META_SHEET, cell_checks, entry_columns
from .read import Opened
from .values import Submitted

ERRORS_SHEET = "Lỗi cần sửa"
RECEIVED_SHEET = "Đã nhận"
ANSWER_SHEETS = (ERRORS_SHEET, RECEIVED_SHEET)
MARKED = "marked"  # metadata key: the cells a returned copy filled, with the fill each had before
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
QUESTION_FILL = PatternFill("solid", fgColor="FFEB9C")
LINK = Font(name=sheets.FONT, size=10, color="0563C1", underline="single")
AUTHOR = "Văn phòng thường trực"


def return_copies(opened: list[Opened], report: Report, folder: Path, edition: Edition, frameworks: dict[str, Framework], merged: dict, received: bool) -> list[Path]:
    """A copy of every opened form in ``folder`` with its problems marked; the copies written."""
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    written = []
    submitted = Submitted(edition)
    for item in opened:
        target = folder / item.path.name
        _write(item, by_file.get(item.shown, []), target, edition, submitted, merged, received)
        written.append(target)
    return written


def _write(item: Opened, issues: list[Issue], target: Path, edition: Edition, submitted: Submitted, merged: dict, received: bool) -> None:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not keep
        wb = load_workbook(item.path)
    sheet = DATA_SHEET[item.kind]
    ws = wb[sheet] if sheet in wb.sheetnames else None
    _undo_previous(wb, ws)
    form = item.form
    if ws is not None and form is not None and form.found is not None:
        _put_checks_back(wb, ws, item.kind, form)
        if item.kind == APPRAISAL:
            _points(ws, form, submitted, merged)
        _fit(ws, item.kind, form)
    marked = _mark(ws, [i for i in issues if i.sheet == sheet and i.cell]) if ws is not None else []
    _answer(wb, item, issues, sheet, edition, received)
    _record(wb, marked)
    target.parent.mkdir(parents=True, exist_ok=True)
    sheets.save(wb, target)


# --------------------------------------------------------------------------- the previous round


def _meta_pairs(wb) -> dict[str, object]:
    if META_SHEET not in wb.sheetnames:
        return {}
    return {row[0]: row[1] for row in wb[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True) if len(row) == 2 and isinstance(row[0], str)}


def _undo_previous(wb, ws) -> None:
    """Take away what an earlier return added: its answer sheet, its comments and fills."""
    for name in ANSWER_SHEETS:
        if name in wb.sheetnames:
            wb.remove(wb[name])
    if ws is None:
        return
    for row in ws.iter_rows():
        for cell in row:
            if cell.comment is not None:
                cell.comment = None
    for part in str(_meta_pairs(wb).get(MARKED) or "").split(";"):
        coord, _, color = part.partition(":")
        if coord:
            ws[coord].fill = PatternFill("solid", fgColor=color) if color else PatternFill(fill_type=None)


def _record(wb, marked: list[tuple[str, str]]) -> None:
    """Remember in the metadata sheet which cells this copy filled and what fill each had before."""
    if META_SHEET not in wb.sheetnames:
        return
    ms = wb[META_SHEET]
    text = ";".join(f"{coord}:{color}" for coord, color in marked)
    row = next((r for r in range(1, ms.max_row + 1) if ms.cell(row=r, column=1).value == MARKED), None)
    if row is None:
        if not text:
            return
        row = ms.max_row + 1
        sheets.set_value(ms.cell(row=row, column=1), MARKED)
    sheets.set_value(ms.cell(row=row, column=2), text or None)


# --------------------------------------------------------------------------- the form's own sheet


def _anchor(ws, coord: str) -> str:
    """The cell that shows ``coord``: the first cell of the merged range holding it, or itself."""
    for merged in ws.merged_cells.ranges:
        if coord in merged:
            return merged.start_cell.coordinate
    return coord


def _mark(ws, issues: list[Issue]) -> list[tuple[str, str]]:
    """Fill each cell a problem names and put its messages in a comment; (cell, the fill it had before)."""
    by_cell: dict[str, list[Issue]] = {}
    for issue in issues:
        by_cell.setdefault(_anchor(ws, issue.cell), []).append(issue)
    marked = []
    for coord in sorted(by_cell, key=lambda c: CellRange(c).min_row * 1000 + CellRange(c).min_col):
        found = by_cell[coord]
        cell = ws[coord]
        before = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" and isinstance(cell.fill.fgColor.rgb, str) else ""
        marked.append((coord, before[-6:] if before else ""))
        cell.fill = ERROR_FILL if any(i.is_error for i in found) else QUESTION_FILL
        text = "\n\n".join(f"{'Lỗi' if i.is_error else 'Cần xem lại'}: {i.message} [{i.code}]" for i in found)
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 360, min(400, 60 + 18 * (len(text) // 55 + 1))
        cell.comment = comment
    return marked


def _points(ws, form, submitted: Submitted, merged: dict) -> None:
    """The points the council's figures give, as the tool scored the collected year, in the computed column."""
    letter = COLUMNS[APPRAISAL]["points"].letter
    results = merged.get(form.owner, {})
    for r, row in form.found.rows:
        if row.first:
            sheets.set_value(ws[f"{letter}{r}"], submitted.points(row, results.get(row.unit.id)))


def _fit(ws, kind: str, form) -> None:
    """The table's rows as tall as what the sender typed needs, so that the copy prints every word."""
    columns = [c for c in COLUMNS[kind].values() if c.name != "key"]
    widths = {c.letter: c.width for c in columns}
    bold = tuple(c.letter for c in columns if c.name in ("indicator", "max", "unit", "points"))
    sheets.fit_rows(ws, [r for r, row in form.found.rows if row.kind != HEADING], widths, bold)


def _put_checks_back(wb, ws, kind: str, form) -> None:
    """The drop-down lists and checks of every entry cell, as the template wrote them."""
    cols = COLUMNS[kind]
    ws.data_validations.dataValidation = []
    if LISTS_SHEET in wb.sheetnames:
        wb.remove(wb[LISTS_SHEET])
    lists = sheets.Lists(wb)
    checks = {}
    for r, row in form.found.rows:
        row_checks = cell_checks(kind, row, form.framework)
        for name in entry_columns(kind, row, form.framework):
            checks[f"{cols[name].letter}{r}"] = row_checks[name]
    sheets.add_checks(ws, checks, lists)
    lists.finish()


# --------------------------------------------------------------------------- the answer sheet


def _answer(wb, item: Opened, issues: list[Issue], sheet: str, edition: Edition, received: bool) -> None:
    """The first sheet: «Lỗi cần sửa» listing every problem with a link to its cell, or «Đã nhận»."""
    errors = [i for i in issues if i.is_error]
    questions = [i for i in issues if not i.is_error]
    name = ERRORS_SHEET if errors else RECEIVED_SHEET
    ws = wb.create_sheet(name, 0)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True
    widths = {"A": 6, "B": 13, "C": 9, "D": 90, "E": 22}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    if errors:
        title = f"LỖI CẦN SỬA — {item.path.name}"
        lines = [
            f"Phiếu có {len(errors)} lỗi" + (f" và {len(questions)} điểm cần xem lại" if questions else "") + ", liệt kê dưới đây. "
            f"Ô có lỗi được tô đỏ ở trang «{sheet}», ô cần xem lại tô vàng cam; đưa chuột vào ô để đọc lời nhắn, "
            "hoặc bấm vào ô ở cột «Ô» để tới đúng chỗ.",
            "Sửa xong, lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, và gửi lại cả tệp. Không xóa trang này: Văn phòng đọc lại phiếu và bỏ nó đi.",
        ]
    else:
        title = f"ĐÃ NHẬN — {item.path.name}"
        lines = ["Văn phòng đã đọc phiếu: không có lỗi." + (f" Số liệu đã được ghi vào dữ liệu năm {edition.year}." if received else "")]
        if questions:
            lines.append(f"Có {len(questions)} điểm cần xem lại (ô tô vàng cam ở trang «{sheet}»): nếu đúng như đã ghi thì không cần làm gì; nếu sai, hãy sửa và gửi lại cả tệp.")
    sheets.put(ws, "A1", title, font=sheets.TITLE, border=sheets.Border(), alignment=Alignment(vertical="center"))
    ws.row_dimensions[1].height = sheets.height(1) + 10
    r = 2
    for text in lines:
        ws.merge_cells(f"A{r}:E{r}")
        sheets.put(ws, f"A{r}", text, border=sheets.Border())
        ws.row_dimensions[r].height = sheets.height(sheets.lines(text, sum(widths.values())))
        r += 1
    listed = errors + questions
    if listed:
        r += 1
        for letter, text in zip("ABCDE", ("STT", "Mức", "Ô", "Nội dung", "Mã")):
            sheets.put(ws, f"{letter}{r}", text, font=sheets.HEADER, fill=sheets.HEADER_FILL, alignment=sheets.HEADER_ALIGN)
        ws.print_title_rows = f"{r}:{r}"
        order = sorted(listed, key=lambda i: (not i.is_error, i.sheet != sheet, i.row or 0, len(i.cell or ""), i.cell or "", i.code))
        for n, issue in enumerate(order, 1):
            r += 1
            level = "Lỗi" if issue.is_error else "Cần xem lại"
            sheets.put(ws, f"A{r}", n, alignment=sheets.WRAP_CENTER)
            sheets.put(ws, f"B{r}", level, font=sheets.BOLD if issue.is_error else sheets.NORMAL, fill=ERROR_FILL if issue.is_error else QUESTION_FILL)
            cell = sheets.put(ws, f"C{r}", issue.cell or "", alignment=sheets.WRAP_CENTER, font=LINK if issue.cell else sheets.NORMAL)
            if issue.cell and issue.sheet:
                cell.hyperlink = Hyperlink(ref=f"C{r}", location=f"'{issue.sheet}'!{issue.cell}", display=issue.cell)
            sheets.put(ws, f"D{r}", issue.message)
            sheets.put(ws, f"E{r}", issue.code, font=sheets.KEY)
            ws.row_dimensions[r].height = sheets.height(sheets.lines(issue.message, widths["D"]))
    sheets.print_setup(ws, "E", r, ws.print_title_rows if listed else None)
    sheets.protect(ws)

