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
from . import sheets
from .guide import appraisal_guide, self_guide
from .layout import (
    APPRAISAL,
    APPRAISAL_COLUMNS,
    APPRAISAL_SHEET,
    FIRST_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    HEADING,
    HINT_ROW,
    SELF,
    SELF_COLUMNS,
    SELF_SHEET,
    TITLE_ROW,
    Row,
    appraisal_locked,
    appraisal_rows,
    cell_checks,
    meta,
    self_locked,
    self_rows,
)
from .package import YearPackage, read_package
from .values import Submitted

SELF_MERGED = ("name", "rule")  # the long texts of an indicator span its block
LABELS = ("indicator", "name", "max", "rule")
NUMBER_COLUMNS = ("max", "value", "self_value", "self_score", "appraised_score")


def appraisal_file(unit_type: str) -> str:
    """``tham-dinh-cap-xa.xlsx``: one appraisal workbook per unit type."""
    return f"tham-dinh-{slug(UNIT_TYPE_LABELS.get(unit_type, unit_type))}.xlsx"


def _header(ws, kind_columns, title: str, hint: str) -> None:
    last = list(kind_columns.values())[-2].letter  # the key column stays out of the printed width
    for row, text, font in ((TITLE_ROW, title, sheets.TITLE), (HINT_ROW, hint, sheets.HINT)):
        sheets.merge(ws, f"A{row}:{last}{row}")
        sheets.put(ws, f"A{row}", text, font=font, border=sheets.Border(), alignment=sheets.WRAP)
    width = sum(c.width for c in list(kind_columns.values())[:-1])
    ws.row_dimensions[TITLE_ROW].height = sheets.height(sheets.lines(title, width * 0.75, True)) + 4
    ws.row_dimensions[HINT_ROW].height = sheets.height(sheets.lines(hint, width))
    tallest = 1
    for col in kind_columns.values():
        sheets.put(ws, f"{col.letter}{HEADER_ROW}", col.title, font=sheets.HEADER, fill=sheets.HEADER_FILL, alignment=sheets.HEADER_ALIGN)
        ws.column_dimensions[col.letter].width = col.width
        tallest = max(tallest, sheets.lines(col.title, col.width, True))
    ws.row_dimensions[HEADER_ROW].height = sheets.height(tallest)
    key = list(kind_columns.values())[-1]
    ws.column_dimensions[key.letter].hidden = True


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


def _set_heights(ws, heights: dict[int, int], blocks: list[tuple[int, int, int]]) -> None:
    """Row heights from the lines each row needs (``heights``), the last row of a block made taller when
    the texts spanning the block (``blocks``: first row, rows, lines) need more than its rows have."""
    for start, size, need in blocks:
        have = sum(heights[x] for x in range(start, start + size))
        if need > have:
            heights[start + size - 1] += need - have
    for r, n in heights.items():
        ws.row_dimensions[r].height = sheets.height(n)


def write_self_form(path: Path, edition: Edition, fw: Framework, unit: Unit, package: YearPackage, submitted: Submitted) -> None:
    wb = sheets.new_workbook()
    sheets.write_guide(wb, GUIDE_SHEET, self_guide(edition.year, edition.province, fw, unit, package.deadline, package.contact))
    ws = wb.create_sheet(SELF_SHEET)
    lists = sheets.Lists(wb)
    rows = self_rows(fw, submitted.evidence_counts(unit.id))
    locked = self_locked(rows, fw, edition.year, unit)
    values = submitted.self_form(unit.id, fw, rows)
    cols = SELF_COLUMNS
    _header(ws, cols, locked[(TITLE_ROW, "A")], locked[(HINT_ROW, "A")])
    checks = {}
    heights: dict[int, int] = {}
    blocks: list[tuple[int, int, int]] = []  # (first row, rows, lines its spanning texts need)
    shade = False
    last_letter = cols["evidence_url"].letter
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        if row.kind == HEADING:
            heights[r] = _heading_row(ws, r, row, locked[(r, "B")])
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
            if col.name in LABELS:  # the indicator's labels read as one cell down its block
                last = i == len(rows) - 1
                label_border = sheets.GRID_TOP if row.first and last else sheets.BLOCK_FIRST if row.first else sheets.GRID if last else sheets.BLOCK_REST
                value = locked.get((r, col.letter))
                sheets.put(ws, coord, value, font=sheets.BOLD if col.name in ("indicator", "max") else sheets.NORMAL,
                           fill=base_fill, border=label_border, alignment=_alignment(col.name))
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
        heights[r] = needed
        if row.first:
            if row.size > 1:
                for name in SELF_MERGED:
                    letter = cols[name].letter
                    sheets.merge(ws, f"{letter}{r}:{letter}{r + row.size - 1}")
            # the texts that span the block need its rows to be tall enough together
            need = max(sheets.lines(locked.get((r, cols[n].letter)), cols[n].width) for n in ("name", "rule"))
            blocks.append((r, row.size, need))
    _set_heights(ws, heights, blocks)
    sheets.add_checks(ws, checks, lists)
    last_row = FIRST_ROW + len(rows) - 1
    ws.freeze_panes = f"B{FIRST_ROW}"
    sheets.print_setup(ws, last_letter, last_row, f"{HEADER_ROW}:{HEADER_ROW}")
    sheets.protect(ws)
    lists.finish()
    sheets.write_meta(wb, meta(SELF, edition.year, fw, unit.id, len(rows)))
    first_entry = next((c for c in checks), f"A{FIRST_ROW}")
    ws.sheet_view.selection[0].activeCell = ws.sheet_view.selection[0].sqref = first_entry
    sheets.save(wb, path)


# --------------------------------------------------------------------------- a unit type's appraisal workbook


def write_appraisal(path: Path, edition: Edition, fw: Framework, unit_type: str, results: dict, package: YearPackage, submitted: Submitted) -> None:
    units = edition.units_of(unit_type)
    wb = sheets.new_workbook()
    guide = appraisal_guide(edition.year, edition.province, fw, unit_type, len(units), package.deadline, package.contact, path.name)
    sheets.write_guide(wb, GUIDE_SHEET, guide)
    ws = wb.create_sheet(APPRAISAL_SHEET)
    lists = sheets.Lists(wb)
    rows = appraisal_rows(units, fw)
    locked = appraisal_locked(rows, edition.year, unit_type)
    cols = APPRAISAL_COLUMNS
    _header(ws, cols, locked[(TITLE_ROW, "A")], locked[(HINT_ROW, "A")])
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
        shown = submitted.appraisal_shown(row, results.get(row.unit.id))
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
                sheets.put(ws, coord, value, font=sheets.BOLD if col.name in ("unit", "indicator") else sheets.NORMAL,
                           fill=sheets.UNUSED_FILL if unused else fill, border=border, alignment=_alignment(col.name))
                needed = max(needed, sheets.lines(value, col.width, col.name == "unit"))
        ws.row_dimensions[r].height = sheets.height(needed)
    sheets.add_checks(ws, checks, lists)
    last_row = FIRST_ROW + len(rows) - 1
    last_letter = cols["note"].letter
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{max(last_row, HEADER_ROW)}"
    ws.freeze_panes = f"C{FIRST_ROW}"
    sheets.print_setup(ws, last_letter, last_row, f"{HEADER_ROW}:{HEADER_ROW}")
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
    frameworks = {t: _framework(dataset, edition, t, report) for t in sorted({u.type for u in units})}
    if not report.ok:
        return [], report
    written = []
    for unit in units:
        path = Path(outdir) / f"{unit.id}.xlsx"
        write_self_form(path, edition, frameworks[unit.type], unit, package, submitted)
        written.append(path)
    return written, report


def _appraisals(dataset, edition, loaded, package, submitted, outdir: Path, report: Report) -> tuple[list[Path], Report]:
    types = [t for t in edition.frameworks if edition.units_of(t)]
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
