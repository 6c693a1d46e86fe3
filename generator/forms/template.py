"""``dti template``: a self-assessment form per unit, or an appraisal workbook per unit type.

A form is built from the framework of the unit's type and filled with what the package already holds, so
the same form serves to submit and to correct. Layout and texts come from :mod:`generator.forms.layout`;
the reader checks a returned form against the same layout.
"""

from __future__ import annotations

from pathlib import Path

from ..checks import run_framework_checks
from ..errors import WARNING, Issue, Report
from ..errors import display_path
from ..load import load_dataset
from ..model import UNIT_TYPE_LABELS, Dataset, Edition, Framework, Unit
from ..text import slug
from . import document, sheets
from .document import TOP_KEYS
from .guide import appraisal_guide, self_guide
from .layout import (
    APPRAISAL,
    APPRAISAL_COLUMNS,
    APPRAISAL_SHEET,
    COLUMNS,
    COUNCIL,
    FIRST_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    HEADING,
    HINT_ROW,
    SELF,
    SELF_COLUMNS,
    SELF_SHEET,
    SIDES,
    TITLE_ROW,
    Row,
    appraisal_locked,
    appraisal_rows,
    appraisal_title,
    cell_checks,
    doc_cells,
    doc_lines,
    meta,
    self_locked,
    self_rows,
    self_title,
)
from .layout import SUMMARY_YEAR
from .package import YearPackage, read_package
from .values import Submitted

LABELS = ("indicator", "name", "max", "rule")
NUMBER_COLUMNS = ("max", "value", "self_value", "self_score", "points", "appraised_score")


def appraisal_file(unit_type: str) -> str:
    """``tham-dinh-cap-xa.xlsx``: one appraisal workbook per unit type."""
    return f"tham-dinh-{slug(UNIT_TYPE_LABELS.get(unit_type, unit_type))}.xlsx"


DOC_FONTS = {
    "body": sheets.DOC, "body-bold": sheets.DOC_BOLD, "nation": sheets.DOC_BOLD, "motto": sheets.MOTTO,
    "date": sheets.DOC_ITALIC, "sign": sheets.DOC_BOLD, "sign-hint": sheets.DOC_ITALIC, "name": sheets.DOC_BOLD,
}


def _doc_line(ws, r: int, line, kind: str) -> None:
    """One row of the document's parts: its two blocks merged across their columns, centred."""
    side = SIDES[kind]
    for block, (first, last) in (("left", side.left), ("right", side.right)):
        text = getattr(line, block)
        style = getattr(line, f"{block}_style")
        free = block in line.free
        sheets.merge(ws, f"{first}{r}:{last}{r}")
        sheets.put(ws, f"{first}{r}", text or None, font=DOC_FONTS[style], border=sheets.Border(), alignment=sheets.DOC_ALIGN, locked=not free)
    lines = max(len(line.left.split("\n")), len(line.right.split("\n")))
    ws.row_dimensions[r].height = sheets.height(document.SIGN_SPACE if line.key == document.BOTTOM_KEYS[2] else lines) + 2


def _top(ws, kind: str, texts: dict[str, dict[str, object]], lines) -> None:
    """The rows above the table: the national heading beside the issuing body, the place and date line,
    the title, the hint and the header; each with its key in the hidden key column."""
    kind_columns = COLUMNS[kind]
    key_letter = kind_columns["key"].letter
    for r, line in enumerate(lines[:3], 1):
        _doc_line(ws, r, line, kind)
    title, hint = texts[TOP_KEYS[3]]["A"], texts[TOP_KEYS[4]]["A"]
    last = list(kind_columns.values())[-2].letter  # the key column stays out of the printed width
    for row, text, font in ((TITLE_ROW, title, sheets.TITLE), (HINT_ROW, hint, sheets.HINT)):
        sheets.merge(ws, f"A{row}:{last}{row}")
        sheets.put(ws, f"A{row}", text, font=font, border=sheets.Border(), alignment=sheets.WRAP_CENTER if row == TITLE_ROW else sheets.WRAP)
    width = sum(c.width for c in list(kind_columns.values())[:-1])
    ws.row_dimensions[TITLE_ROW].height = sheets.height(sheets.lines(title, width * 0.75, True)) + 8
    ws.row_dimensions[HINT_ROW].height = sheets.height(sheets.lines(hint, width))
    tallest = 1
    for col in kind_columns.values():
        sheets.put(ws, f"{col.letter}{HEADER_ROW}", col.title, font=sheets.HEADER, fill=sheets.HEADER_FILL, alignment=sheets.HEADER_ALIGN)
        ws.column_dimensions[col.letter].width = col.width
        tallest = max(tallest, sheets.lines(col.title, col.width, True))
    ws.row_dimensions[HEADER_ROW].height = sheets.height(tallest)
    ws.column_dimensions[key_letter].hidden = True
    for r, key in enumerate(TOP_KEYS, 1):
        sheets.put(ws, f"{key_letter}{r}", key, font=sheets.KEY, border=sheets.Border(), alignment=sheets.KEY_ALIGN)


def _bottom(ws, kind: str, last_row: int, lines) -> int:
    """The signature block below the table (after one empty row); the last row it takes."""
    key_letter = COLUMNS[kind]["key"].letter
    r = last_row + 1
    for line in lines[3:]:
        r += 1
        _doc_line(ws, r, line, kind)
        sheets.put(ws, f"{key_letter}{r}", line.key, font=sheets.KEY, border=sheets.Border(), alignment=sheets.KEY_ALIGN)
    return r


def _alignment(name: str):
    return sheets.WRAP_CENTER if name in NUMBER_COLUMNS or name == "not_evaluated" else sheets.WRAP


# --------------------------------------------------------------------------- a unit's self-assessment form


def _heading_row(ws, r: int, row: Row, text: str) -> int:
    """A parent indicator across the table, shaded by its level; the lines it needs."""
    cols = list(SELF_COLUMNS.values())
    fill = sheets.LEVEL_FILLS.get(row.indicator.level, sheets.SUB_FILL)
    sheets.put(ws, f"A{r}", row.indicator.id, font=sheets.BOLD, fill=fill)
    sheets.merge(ws, f"B{r}:{cols[-2].letter}{r}")
    sheets.put(ws, f"B{r}", text, font=sheets.BOLD, fill=fill)
    for col in cols[2:-1]:
        sheets.put(ws, f"{col.letter}{r}", None, fill=fill)
    sheets.put(ws, f"{cols[-1].letter}{r}", row.key, font=sheets.KEY, alignment=sheets.KEY_ALIGN)
    return sheets.lines(text, sum(c.width for c in cols[1:-1]), True)


def write_self_form(path: Path, edition: Edition, fw: Framework, unit: Unit, package: YearPackage, submitted: Submitted) -> None:
    wb = sheets.new_workbook()
    sheets.write_guide(wb, GUIDE_SHEET, self_guide(edition.year, edition.province, fw, unit, package.deadline, package.contact))
    ws = wb.create_sheet(SELF_SHEET)
    lists = sheets.Lists(wb)
    rows = self_rows(fw, submitted.evidence_counts(unit.id))
    placed = list(enumerate(rows, FIRST_ROW))
    locked = self_locked(placed, fw, edition.year, unit)
    texts, _ = doc_cells(SELF, edition.province, unit.name, self_title(edition.year, unit))
    lines = doc_lines(SELF, edition.province, unit.name)
    values = submitted.self_form(unit.id, fw, rows)
    cols = SELF_COLUMNS
    _top(ws, SELF, texts, lines)
    checks = {}
    shade = False
    last_letter = cols["evidence_url"].letter
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        if row.kind == HEADING:
            ws.row_dimensions[r].height = sheets.height(_heading_row(ws, r, row, locked[(r, "B")]))
            continue
        if row.first:
            shade = not shade
        base_fill = sheets.SHADE_FILL if shade else sheets.PLAIN_FILL
        border = sheets.GRID_TOP if row.first else sheets.GRID
        row_checks = cell_checks(SELF, row, fw)
        needed = 1
        for col in cols.values():
            coord = f"{col.letter}{r}"
            if col.name == "key":
                sheets.put(ws, coord, row.key, font=sheets.KEY, border=border, alignment=sheets.KEY_ALIGN)
                continue
            if col.name in LABELS:  # the indicator's labels, on its first row, read as one cell down its block
                last = i == len(rows) - 1 or rows[i + 1].first or rows[i + 1].kind == HEADING
                label_border = sheets.GRID_TOP if row.first and last else sheets.BLOCK_FIRST if row.first else sheets.BLOCK_LAST if last else sheets.BLOCK_REST
                value = locked.get((r, col.letter))
                sheets.put(ws, coord, value, font=sheets.BOLD if col.name in ("indicator", "max") else sheets.NORMAL,
                           fill=base_fill, border=label_border, alignment=_alignment(col.name))
                needed = max(needed, sheets.lines(value, col.width, col.name in ("indicator", "max")))
                continue
            if col.name in row_checks:
                value = values.get(i, {}).get(col.name)
                text_format = "@" if col.name in ("evidence_title", "evidence_url") or isinstance(value, str) and col.name == "value" else None
                sheets.put(ws, coord, value, fill=sheets.ENTRY_FILL, border=border, alignment=_alignment(col.name), locked=False, number_format=text_format)
                checks[coord] = row_checks[col.name]
                if col.name in ("evidence_title", "evidence_url", "value"):
                    needed = max(needed, sheets.lines(value, col.width))
                continue
            unused = col.name in ("value", "self_score", "not_evaluated")
            value = locked.get((r, col.letter))
            sheets.put(ws, coord, value, fill=sheets.UNUSED_FILL if unused else base_fill, border=border, alignment=_alignment(col.name))
            if col.name in ("meaning", "how"):
                needed = max(needed, sheets.lines(value, col.width))
        sheets.auto_height(ws, r, needed)
    sheets.add_checks(ws, checks, lists)
    last_row = FIRST_ROW + len(rows) - 1
    end = _bottom(ws, SELF, last_row, lines)
    ws.freeze_panes = f"B{FIRST_ROW}"
    sheets.print_setup(ws, last_letter, end, f"{HEADER_ROW}:{HEADER_ROW}")
    sheets.protect(ws)
    lists.finish()
    sheets.write_meta(wb, meta(SELF, edition.year, fw, unit.id, len(rows)))
    first_entry = next((c for c in checks), f"A{FIRST_ROW}")
    ws.sheet_view.selection[0].activeCell = ws.sheet_view.selection[0].sqref = first_entry
    sheets.save(wb, path)


# --------------------------------------------------------------------------- a unit type's appraisal workbook


def write_appraisal(path: Path, edition: Edition, fw: Framework, unit_type: str, results: dict, package: YearPackage, submitted: Submitted) -> None:
    units = edition.units_in(unit_type)
    wb = sheets.new_workbook()
    guide = appraisal_guide(edition.year, edition.province, fw, unit_type, len(units), package.deadline, package.contact, path.name)
    sheets.write_guide(wb, GUIDE_SHEET, guide)
    ws = wb.create_sheet(APPRAISAL_SHEET)
    lists = sheets.Lists(wb)
    rows = appraisal_rows(units, fw)
    placed = list(enumerate(rows, FIRST_ROW))
    locked = appraisal_locked(placed)
    texts, _ = doc_cells(APPRAISAL, edition.province, COUNCIL, appraisal_title(edition.year, unit_type))
    lines = doc_lines(APPRAISAL, edition.province, COUNCIL)
    cols = APPRAISAL_COLUMNS
    _top(ws, APPRAISAL, texts, lines)
    checks = {}
    shade, previous_unit = False, None
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        if row.first:
            shade = not shade
        new_unit = row.unit.id != previous_unit
        previous_unit = row.unit.id
        fill = sheets.SHADE_FILL if shade else sheets.PLAIN_FILL
        border = sheets.GRID_TOP if new_unit else sheets.GRID
        result = results.get(row.unit.id)
        shown = submitted.appraisal_shown(row, result)
        shown["points"] = submitted.points(row, result)
        entries = submitted.appraisal_entries(row)
        row_checks = cell_checks(APPRAISAL, row, fw)
        needed = 1
        for col in cols.values():
            coord = f"{col.letter}{r}"
            if col.name == "key":
                sheets.put(ws, coord, row.key, font=sheets.KEY, border=border, alignment=sheets.KEY_ALIGN)
            elif col.name in row_checks:
                value = entries.get(col.name)
                sheets.put(ws, coord, value, fill=sheets.ENTRY_FILL, border=border, alignment=_alignment(col.name), locked=False,
                           number_format="@" if col.name == "note" or isinstance(value, str) and col.name == "value" else None)
                checks[coord] = row_checks[col.name]
                needed = max(needed, sheets.lines(value, col.width))
            else:
                value = locked.get((r, col.letter), shown.get(col.name))
                unused = col.name in ("value", "appraised_score", "note")
                font = sheets.BOLD if col.name in ("unit", "indicator", "points") else sheets.NORMAL
                sheets.put(ws, coord, value, font=font, fill=sheets.UNUSED_FILL if unused else sheets.COMPUTED_FILL if col.name == "points" else fill,
                           border=border, alignment=_alignment(col.name))
                needed = max(needed, sheets.lines(value, col.width, col.name == "unit"))
        sheets.auto_height(ws, r, needed)
    sheets.add_checks(ws, checks, lists)
    last_row = FIRST_ROW + len(rows) - 1
    last_letter = cols["note"].letter
    end = _bottom(ws, APPRAISAL, last_row, lines)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{max(last_row, HEADER_ROW)}"
    ws.freeze_panes = f"C{FIRST_ROW}"
    sheets.print_setup(ws, last_letter, end, f"{HEADER_ROW}:{HEADER_ROW}")
    sheets.protect(ws, autofilter=True)
    lists.finish()
    sheets.write_meta(wb, meta(APPRAISAL, edition.year, fw, unit_type, len(rows)))
    sheets.save(wb, path)


# --------------------------------------------------------------------------- the command


def _year(dataset: Dataset, loaded: Report, year: int, report: Report) -> Edition | None:
    edition = dataset.editions.get(year)
    if edition is None:
        report.extend(i for i in loaded.issues if i.is_error)
        report.append(Issue(f"{year}", None, None, "no-year", f"không đọc được dữ liệu năm {year} (thư mục data/{year} thiếu hoặc có lỗi ở trên)"))
    elif edition.summary:
        report.append(Issue(edition.files["datapackage"], None, "dti.detail", "summary-year-no-forms", SUMMARY_YEAR.format(year=year, note=edition.detail_note)))
        return None
    return edition





def _framework(dataset: Dataset, edition: Edition, unit_type: str, report: Report) -> Framework | None:
    fw = dataset.frameworks.get(edition.frameworks.get(unit_type, ""))
    if fw is None:
        report.append(Issue(edition.files["datapackage"], None, f"dti.frameworks.{unit_type}", "unknown-framework", f"năm {edition.year} không có bộ chỉ số dùng được cho loại đơn vị «{unit_type}»"))
        return None
    problems = [p for p in run_framework_checks(fw) if p.is_error]
    if problems:
        report.extend(problems)
        return None
    return fw


def make_templates(data_dir: Path, year: int, outdir: Path, unit_id: str | None = None, appraisal: bool = False) -> tuple[list[Path], Report]:
    """Write the forms of ``year`` into ``outdir``; nothing is written if the year or a framework cannot be used."""
    report = Report()
    if appraisal:
        from ..validate import validate

        dataset, loaded = validate(data_dir)
    else:
        dataset, loaded = load_dataset(data_dir)
    edition = _year(dataset, loaded, year, report)
    if edition is None:
        return [], report
    package = read_package(Path(data_dir) / str(year), report)
    if package is None or not report.ok:
        return [], report
    submitted = Submitted(edition)
    if appraisal:
        return _appraisals(dataset, edition, loaded, package, submitted, Path(outdir), report)
    units = list(edition.units)
    if unit_id is not None:
        units = [u for u in units if u.id == unit_id]
        if not units:
            report.append(Issue(display_path(Path(edition.files["units"])), None, "id", "unknown-unit", f"năm {year} không có đơn vị «{unit_id}»"))
            return [], report
    frameworks = {g: _framework(dataset, edition, g, report) for g in sorted({u.group or u.type for u in units})}  # by ranking group
    if not report.ok:
        return [], report
    written = []
    for unit in units:
        path = Path(outdir) / f"{unit.id}.xlsx"
        write_self_form(path, edition, frameworks[unit.group or unit.type], unit, package, submitted)
        written.append(path)
    return written, report


def _appraisals(dataset, edition, loaded, package, submitted, outdir: Path, report: Report) -> tuple[list[Path], Report]:
    types = [t for t in edition.frameworks if edition.units_in(t)]  # ranking groups with units
    frameworks = {t: _framework(dataset, edition, t, report) for t in types}
    if not report.ok:
        return [], report
    errors = [i for i in loaded.errors if i.file.startswith(edition.path)]
    if errors:
        report.append(
            Issue(
                edition.path, None, None, "data-has-errors",
                f"dữ liệu năm {edition.year} còn {len(errors)} lỗi (chạy «dti validate» để xem); phiếu thẩm định vẫn được tạo, "
                "điểm tự đánh giá của các chỉ số có lỗi để trống", WARNING,
            )
        )
    written = []
    results = dataset.results.get(edition.year, {})
    for unit_type in types:
        path = outdir / appraisal_file(unit_type)
        by_unit = {r.unit.id: r for r in results.get(unit_type, [])}
        write_appraisal(path, edition, frameworks[unit_type], unit_type, by_unit, package, submitted)
        written.append(path)
    return written, report
