"""Reading one returned form: is it a form of this year, index set and unit; was anything changed outside
its entry cells; and what does every entry cell say.

Every problem becomes an :class:`~generator.errors.Issue` naming the file, the sheet and the cell, in
plain Vietnamese with a stable code. A file openpyxl cannot open is reported, never raised.
"""

from __future__ import annotations

import os
import unicodedata
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..cellread import parse_value
from ..errors import ERROR, WARNING, DataError, Issue
from ..errors import display_path
from ..model import Edition, Framework
from ..numeric import compact_vi
from .cells import CellError, read_flag, read_input, read_score, read_text, shown
from .container import APPRAISAL_LIMITS, SELF_LIMITS, inspect
from .layout import (
    APPRAISAL,
    COLUMNS,
    COMPUTED_COLUMNS,
    COUNCIL,
    DATA_SHEET,
    FORMAT,
    HEADING,
    KIND_NAMES,
    META_SHEET,
    NOTE_LENGTH,
    SELF,
    SELF_DATA_COLUMNS,
    TITLE_LENGTH,
    URL_LENGTH,
    VERSION,
    WORDING_COLUMNS,
    Found,
    appraisal_locked,
    appraisal_rows,
    appraisal_title,
    describe_key,
    doc_cells,
    entry_columns,
    find_rows,
    legacy_signature,
    self_locked,
    self_rows,
    self_title,
    signature,
    wording_signature,
)
from .package import YearPackage
from .values import Submitted

Where = tuple[str, str, int]  # (sheet, cell, row): where a value came from in its form
LIMITS = {SELF: SELF_LIMITS, APPRAISAL: APPRAISAL_LIMITS}


@dataclass
class Form:
    """What one form holds: the package's text of every entry cell that could be read, with the cell it
    came from, and the cells that could not (a form with cell errors is still read, so that the whole
    year's checks run on the rest in the same round)."""

    path: Path
    shown: str
    kind: str
    owner: str  # the unit id (self-assessment) or the unit type (appraisal)
    sheet: str = ""
    values: dict[tuple, tuple[str | None, Where]] = field(default_factory=dict)  # (unit, indicator, input)
    scores: dict[tuple, tuple[str | None, Where]] = field(default_factory=dict)  # (unit, indicator): claimed or awarded
    flags: dict[tuple, tuple[bool, Where]] = field(default_factory=dict)  # (unit, indicator): «không đánh giá»
    notes: dict[tuple, tuple[str, Where]] = field(default_factory=dict)  # (unit, indicator): the council's note
    evidence: list[tuple[str, str, str, str, Where, Where]] = field(default_factory=list)  # unit, indicator, title, url
    indicator_cells: dict[tuple, Where] = field(default_factory=dict)  # (unit, indicator) → its label cell
    bad_cells: set[str] = field(default_factory=set)  # cells with an error: what the year's checks say there is not repeated
    asked: set[tuple[str, str]] = field(default_factory=set)  # (cell, code) of the questions its cells raised
    found: Found | None = None  # where each row of the layout is in the sheet
    framework: Framework | None = None


@dataclass
class Opened:
    """A workbook opened as a form of the kind collected (whatever else is wrong with it): what a copy
    returned to its sender is written from. ``form`` is None when it could not be read."""

    path: Path
    shown: str
    kind: str
    form: Form | None = None


class Grid:
    """A sheet's non-empty cells, read once (openpyxl's read-only mode streams a sheet: random access
    would read it again for every cell)."""

    def __init__(self, ws):
        self.title = ws.title
        self.cells: dict[tuple[int, str], tuple[object, str]] = {}
        self.formulas: list[tuple[str, object]] = []  # (cell, formula): the workbook is read with its formulas
        for row in ws.iter_rows(min_row=1, min_col=1):
            for cell in row:
                value = getattr(cell, "value", None)
                if value is None or not hasattr(cell, "column_letter"):
                    continue
                if cell.data_type == "f":
                    self.formulas.append((f"{cell.column_letter}{cell.row}", getattr(value, "text", value)))
                self.cells[(cell.row, cell.column_letter)] = (value, cell.number_format or "General")

    def value(self, coord: str):
        return self.cells.get(_split(coord), (None, ""))[0]

    def cell(self, coord: str) -> tuple[object, str]:
        return self.cells.get(_split(coord), (None, "General"))


def _split(coord: str) -> tuple[int, str]:
    letters = coord.rstrip("0123456789")
    return int(coord[len(letters):]), letters


class Reader:
    """Reads forms of one year against its edition, frameworks and package."""

    def __init__(self, edition: Edition, frameworks: dict[str, Framework], package: YearPackage, results: dict, report):
        self.edition = edition
        self.frameworks = frameworks  # by unit type, only those usable
        self.package = package
        self.results = results  # unit type → unit id → UnitResult (for the appraisal's own-data check)
        self.report = report
        self.units = {u.id: u for u in edition.units}
        self.submitted = Submitted(edition)
        self.owners: set[str] = set()  # units (or unit types) a form was found for, usable or not
        self.opened: list[Opened] = []  # every file opened as a form of the kind collected

    # -- issues ------------------------------------------------------------------------

    def _issue(self, shown_path: str, code: str, message: str, sheet: str | None = None, cell: str | None = None, severity: str = ERROR) -> None:
        row = int("".join(ch for ch in cell if ch.isdigit())) if cell else None
        self.report.append(Issue(shown_path, row, None, code, message, severity, sheet, cell))

    # -- the whole file -----------------------------------------------------------------

    def read(self, path: Path, kind: str) -> Form | None:
        """The form in ``path`` if it is one of ``kind`` for this year and can be read; issues otherwise.
        A form with errors in its cells is read too (the cells in error are left out and recorded), so that
        every problem is found in one round. The file is first looked at as a zip
        (:mod:`generator.forms.container`): too big, not a zip, a formula or a link anywhere, and it is
        refused before openpyxl opens it."""
        shown_path = display_path(path)
        findings = inspect(path, LIMITS[kind])
        for finding in findings:
            self._issue(shown_path, finding.code, finding.message, finding.sheet, finding.cell)
        if findings:
            return None
        try:
            from openpyxl import load_workbook

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
                # with its formulas, not the values a spreadsheet cached for them: a formula is never data
                wb = load_workbook(path, read_only=True, data_only=False)
        except Exception as exc:  # a corrupt or foreign file: openpyxl raises many kinds
            self._issue(shown_path, "unreadable", f"không mở được tệp như một bảng tính Excel (.xlsx): {type(exc).__name__}; hãy lưu lại tệp dạng .xlsx")
            return None
        try:
            return self._read(wb, path, shown_path, kind)
        except Exception as exc:  # a sheet openpyxl can open but not read (it parses lazily)
            if os.environ.get("DTI_DEBUG"):
                raise
            self._issue(shown_path, "unreadable", f"không đọc được nội dung tệp ({type(exc).__name__}); hãy mở tệp, lưu lại dạng Excel (.xlsx) rồi gửi lại")
            return None
        finally:
            wb.close()

    def _meta(self, wb, shown_path: str) -> dict[str, object] | None:
        if META_SHEET not in wb.sheetnames:
            self._issue(shown_path, "not-a-form", "tệp này không phải phiếu do lệnh «dti template» tạo ra (thiếu trang ẩn mô tả phiếu); hãy dùng đúng phiếu đã được gửi")
            return None
        ws = wb[META_SHEET]
        pairs = {}
        for row in ws.iter_rows(min_row=1, max_col=2, values_only=True):
            if len(row) == 2 and isinstance(row[0], str):
                pairs[row[0]] = row[1]
        if pairs.get("format") != FORMAT:
            self._issue(shown_path, "not-a-form", f"tệp có trang mô tả phiếu nhưng không đúng định dạng «{FORMAT}»; hãy tạo lại phiếu bằng «dti template»")
            return None
        return pairs

    def _read(self, wb, path: Path, shown_path: str, kind: str) -> Form | None:
        meta = self._meta(wb, shown_path)
        if meta is None:
            return None
        year = self.edition.year
        if meta.get("kind") != kind:
            other = KIND_NAMES.get(str(meta.get("kind")), str(meta.get("kind")))
            hint = "thêm «--appraisal»" if meta.get("kind") == APPRAISAL else "bỏ «--appraisal»"
            self._issue(shown_path, "wrong-kind", f"đây là {other}, không phải {KIND_NAMES[kind]}; hãy thu phiếu này riêng ({hint})")
            return None
        opened = Opened(path, shown_path, kind)
        self.opened.append(opened)
        if str(meta.get("year")) != str(year):
            self._issue(shown_path, "wrong-year", f"đây là phiếu năm {meta.get('year')}, không phải năm {year}; hãy dùng phiếu của năm {year}")
            return None
        owner = str(meta.get("unit" if kind == SELF else "unit_type") or "")
        unit_type = (self.units[owner].group or self.units[owner].type) if kind == SELF and owner in self.units else owner  # the unit's group
        if kind == SELF and owner not in self.units:
            self._issue(shown_path, "unknown-unit", f"phiếu của đơn vị «{owner}», không có trong danh sách đơn vị năm {year}")
            return None
        self.owners.add(owner)
        stem = path.stem
        if kind == SELF and stem in self.units and stem != owner:
            self._issue(
                shown_path, "wrong-unit",
                f"tên tệp là của «{self.units[stem].name}» nhưng phiếu bên trong là của «{self.units[owner].name}» ({owner}); "
                "có thể đã gửi nhầm phiếu của đơn vị khác",
            )
            return None
        expected_fw = self.edition.frameworks.get(unit_type)
        if meta.get("framework") != expected_fw:
            self._issue(shown_path, "wrong-framework", f"phiếu làm theo bộ chỉ số «{meta.get('framework')}», nhưng năm {year} dùng bộ «{expected_fw}» cho {self.edition.group(unit_type).label}")
            return None
        fw = self.frameworks.get(unit_type)
        if fw is None:
            return None
        version = meta.get("version") if isinstance(meta.get("version"), int) else 1
        if kind == APPRAISAL and version < VERSION:
            self._issue(shown_path, "old-form", f"phiếu thẩm định được tạo bằng phiên bản cũ của công cụ, các cột đã đổi chỗ; hãy tạo lại phiếu bằng «dti template {year} … --appraisal» và chép ý kiến sang")
            return None
        if meta.get("signature") != (signature(fw) if version >= 2 else legacy_signature(fw)):
            self._issue(
                shown_path, "framework-changed",
                f"bộ chỉ số «{fw.id}» đã thay đổi điểm tối đa, cách tính, số liệu cần nhập hoặc danh sách chọn sau khi tạo phiếu; "
                "hãy tạo lại phiếu bằng «dti template» và chép số liệu sang",
            )
            return None
        reworded = version >= 2 and meta.get("wording") != wording_signature(fw)
        if reworded:
            self._issue(
                shown_path, "framework-reworded",
                f"bộ chỉ số «{fw.id}» đã sửa tên chỉ số hoặc lời mô tả số liệu sau khi tạo phiếu; điểm tối đa và cách tính không đổi nên phiếu vẫn được đọc. "
                "Lần sau hãy gửi phiếu tạo lại bằng «dti template»", severity=WARNING,
            )
        sheet = DATA_SHEET[kind]
        if sheet not in wb.sheetnames:
            visible = [n for n in wb.sheetnames if wb[n].sheet_state == "visible"]
            self._issue(shown_path, "missing-sheet", f"không tìm thấy trang «{sheet}» (có thể đã bị đổi tên hoặc xóa); các trang hiện có: {', '.join(f'«{n}»' for n in visible)}", sheet)
            return None
        ws = Grid(wb[sheet])
        for coord, formula in ws.formulas:  # found by the container's check already; never read as data
            self._issue(shown_path, "formula-in-form", f"ô có công thức «{shown(formula)}»; phiếu chỉ nhận giá trị gõ vào: hãy xóa công thức và gõ số liệu", ws.title, coord)
        if ws.formulas:
            return None
        form = Form(path, shown_path, kind, owner, sheet, framework=fw)
        form.found = self._rows(ws, form, fw)
        self._compare(ws, form, fw, reworded, version)
        self._entries(ws, form, fw)
        opened.form = form
        return form

    # -- structure ---------------------------------------------------------------------------

    def _rows(self, ws: Grid, form: Form, fw: Framework) -> Found:
        """Every row of the layout, found by its key wherever it is: rows re-ordered, inserted or deleted
        below the table do not matter; a key missing, changed or repeated is an error."""
        cols = COLUMNS[form.kind]
        key_letter, first = cols["key"].letter, cols["indicator"].letter
        # (a form of version 1 has the column's title, not a key, on its header row)
        keys = {r: value for (r, c), (value, _) in ws.cells.items() if c == key_letter and value != cols["key"].title}
        if form.kind == SELF:
            found = find_rows(self_rows(fw), keys, fw)
        else:
            found = find_rows(appraisal_rows(self.edition.units_in(form.owner), fw), keys)  # the ranking group's units
        advice = "Hãy lấy lại phiếu gốc (hoặc tạo lại bằng «dti template») và chép số liệu sang"
        for row in found.missing:
            self._issue(
                form.shown, "rows-changed",
                f"không tìm thấy dòng của {describe_key(row.key, form.kind)}: dòng đã bị xóa, hoặc khóa dòng (cột ẩn {key_letter}) đã bị sửa; "
                f"số liệu của dòng này không đọc được. {advice}", ws.title,
            )
        for r, key in found.unknown:
            self._issue(
                form.shown, "rows-changed",
                f"khóa dòng (cột ẩn {key_letter}) của dòng {r} ghi «{shown(key)}», không phải khóa nào của phiếu gốc: khóa đã bị sửa, "
                f"hoặc dòng được chép từ phiếu khác; dòng này không được đọc. {advice}", ws.title, f"{first}{r}",
            )
        for r, key, at in found.repeated:
            self._issue(
                form.shown, "rows-changed",
                f"dòng {r} có cùng khóa dòng với dòng {at} ({describe_key(key, form.kind)}): có thể dòng đã được chép thêm; "
                f"chỉ dòng {at} được đọc. Hãy xóa dòng {r}", ws.title, f"{first}{r}",
            )
        return found

    def _expected(self, form: Form, fw: Framework) -> tuple[dict[tuple[int, str], object], set[tuple[int, str]]]:
        """What the template wrote in every locked cell of the rows found, by (sheet row, column letter),
        and the cells never compared: entries, the document's free cells, the computed points."""
        kind, found = form.kind, form.found
        year = self.edition.year
        cols = COLUMNS[kind]
        if kind == SELF:
            unit = self.units[form.owner]
            expected = self_locked(found.rows, fw, year, unit)
            body, title = unit.name, self_title(year, unit)
        else:
            expected = appraisal_locked(found.rows)
            results = self.results.get(form.owner, {})
            for r, row in found.rows:
                for name, value in self.submitted.appraisal_shown(row, results.get(row.unit.id)).items():
                    expected[(r, cols[name].letter)] = value
            body, title = COUNCIL, appraisal_title(year, form.owner)
        texts, free = doc_cells(kind, self.edition.province, body, title)
        skipped = set()  # cells never compared: entries, the document's free cells, the computed points
        for key, r in found.docs.items():
            expected.update({(r, letter): text for letter, text in texts[key].items()})
            skipped |= {(r, letter) for letter in free[key]}
        for r, row in found.rows:
            skipped |= {(r, cols[name].letter) for name in entry_columns(kind, row, fw)}
            skipped |= {(r, cols[name].letter) for name in COMPUTED_COLUMNS if name in cols}
        return expected, skipped

    def _compare(self, ws: Grid, form: Form, fw: Framework, reworded: bool, version: int) -> None:
        """Every cell outside the entry cells must be as the template wrote it. Rows without a key (inserted,
        or below the table) are not read: what they hold is a warning."""
        kind, found = form.kind, form.found
        cols = COLUMNS[kind]
        expected, skipped = self._expected(form, fw)
        keyed = found.keyed
        bad_rows = {r for r, _ in found.unknown} | {r for r, _, _ in found.repeated}
        doc_rows = set(found.docs.values())
        heading_rows = {r for r, row in found.rows if row.kind == HEADING}
        first_row = min((r for r, _ in found.rows), default=0)
        letters = {c.letter for c in cols.values()}
        self_data = {cols[n].letter for n in SELF_DATA_COLUMNS} if kind == APPRAISAL else set()
        wording = {cols[n].letter for n in WORDING_COLUMNS if n in cols}
        not_read: dict[int, list[object]] = {}
        for at in sorted(set(expected) | set(ws.cells), key=lambda a: (a[0], len(a[1]), a[1])):
            if at in skipped or at[0] in bad_rows:
                continue
            want, got = expected.get(at), ws.cells.get(at, (None, ""))[0]
            r, col = at
            coord = f"{col}{r}"
            if r not in keyed:
                if not _same(None, got) and not (version < VERSION and r < first_row):  # a form of version 1 has no keyed rows above its table
                    not_read.setdefault(r, []).append(got)
                continue
            if _same(want, got):
                continue
            if col not in letters:
                self._issue(form.shown, "outside-table", f"ô nằm ngoài bảng của phiếu nhưng có nội dung «{shown(got)}»; nội dung này sẽ không được đọc: hãy chuyển vào đúng ô hoặc xóa", ws.title, coord)
            elif r in doc_rows or col in wording or (r in heading_rows and col != cols["indicator"].letter):
                if reworded and r not in doc_rows:
                    continue  # the index set's wording changed since the form was made: one warning says so
                self._issue(
                    form.shown, "label-changed",
                    f"ô đã khóa có nội dung khác phiếu gốc («{shown(got or '')}» thay vì «{shown(want or '')}»); ô này không được đọc nên số liệu không bị ảnh hưởng",
                    ws.title, coord, WARNING,
                )
            elif col in self_data:
                self._issue(
                    form.shown, "self-changed",
                    f"dữ liệu tự đánh giá của đơn vị đã thay đổi sau khi tạo phiếu (phiếu ghi «{shown(got or '')}», hiện nay là «{shown(want or '')}»); hãy xem lại dòng này",
                    ws.title, coord, WARNING,
                )
            else:
                self._issue(
                    form.shown, "edited-outside-entry",
                    f"ô này đã khóa nhưng bị sửa: phiếu gốc ghi «{shown(want or '')}», nay là «{shown(got or '')}». Chỉ nhập vào các ô màu vàng; hãy trả lại nội dung gốc",
                    ws.title, coord,
                )
        first = cols["indicator"].letter
        for r, values in not_read.items():
            texts_ = "; ".join(f"«{shown(v, 40)}»" for v in values[:3]) + (f" và {len(values) - 3} ô khác" if len(values) > 3 else "")
            self._issue(
                form.shown, "row-not-read",
                f"dòng {r} không có trong phiếu gốc (dòng chèn thêm hoặc ghi dưới bảng) nên không được đọc: {texts_}. "
                "Nếu đó là số liệu hay tài liệu kiểm chứng, hãy ghi vào ô màu vàng của đúng chỉ số", ws.title, f"{first}{r}", WARNING,
            )

    # -- entry cells ---------------------------------------------------------------------------

    def _cell(self, form: Form, ws: Grid, coord: str, read):
        """``read(value, number format, ask)`` of one entry cell, and where it is; a CellError becomes a
        located issue (and None), a question a located warning."""
        where = (ws.title, coord, _split(coord)[0])

        def ask(code: str, message: str) -> None:
            self._issue(form.shown, code, message, ws.title, coord, WARNING)
            form.asked.add((coord, code))

        try:
            return read(*ws.cell(coord), ask), where
        except CellError as exc:
            self._issue(form.shown, exc.code, exc.message, ws.title, coord)
            form.bad_cells.add(coord)
            return None, where

    def _entries(self, ws, form: Form, fw: Framework) -> None:
        cols = {name: c.letter for name, c in COLUMNS[form.kind].items()}
        fmt = self.package.format
        value_format = fmt("inputs", "self_value" if form.kind == SELF else "appraised_value")
        score_format = fmt("assessments", "self_score" if form.kind == SELF else "appraised_score")
        score_code = "self-score-over-max" if form.kind == SELF else "appraised-score-over-max"
        changed: dict[tuple, list[tuple[str, str, str]]] = {}  # (unit, indicator) → figures the council changed: (cell, unit's, council's)
        for r, row in form.found.rows:
            if row.kind == HEADING:
                continue
            ind, d = row.indicator, row.input
            unit_id = form.owner if form.kind == SELF else row.unit.id
            key = (unit_id, ind.id)
            names = entry_columns(form.kind, row, fw)
            at = {name: f"{cols[name]}{r}" for name in names}
            if row.first:
                form.indicator_cells[key] = (ws.title, f"{cols['indicator']}{r}", r)
            if "value" in names:
                levels = ind.rule.levels() if ind.rule else ()
                form.values[(unit_id, ind.id, d.name)] = self._cell(
                    form, ws, at["value"], lambda v, f, ask: read_input(d, v, f, levels, ind.max_points, value_format, ask)
                )
                if form.kind == APPRAISAL:
                    change = self._change(row, form.values[(unit_id, ind.id, d.name)][0], value_format)
                    if change:
                        changed.setdefault(key, []).append((at["value"], *change))
            score_name = "self_score" if form.kind == SELF else "appraised_score"
            if score_name in names:
                form.scores[key] = self._cell(form, ws, at[score_name], lambda v, f, ask: read_score(v, f, ind.max_points, score_format, score_code, ask))
            if form.kind == APPRAISAL:
                if "note" in names:
                    note, where = self._cell(form, ws, at["note"], lambda v, f, ask: read_text(v, NOTE_LENGTH, multiline=True))
                    form.notes[key] = (note or "", where)
                continue
            if row.first:
                flag, where = self._cell(form, ws, at["not_evaluated"], lambda v, f, ask: read_flag(v)) if "not_evaluated" in at else (False, form.indicator_cells[key])
                form.flags[key] = (bool(flag), where)
            title, title_at = self._cell(form, ws, at["evidence_title"], lambda v, f, ask: read_text(v, TITLE_LENGTH))
            url, url_at = self._cell(form, ws, at["evidence_url"], lambda v, f, ask: read_text(v, URL_LENGTH))
            if title and not url:
                self._issue(form.shown, "missing-url", "có tên tài liệu kiểm chứng nhưng thiếu đường dẫn; ghi đường dẫn tải về (https://…) hoặc nơi lưu bản giấy", ws.title, url_at[1])
            elif url and not title:
                self._issue(form.shown, "missing-title", "có đường dẫn nhưng thiếu tên tài liệu kiểm chứng; ghi tên văn bản, ví dụ «Kế hoạch số 15/KH-UBND»", ws.title, title_at[1])
            elif title and url:
                form.evidence.append((unit_id, ind.id, title, url, title_at, url_at))
        if form.kind == APPRAISAL:
            self._notes_required(ws, form, changed)

    def _change(self, row, council: str | None, council_format) -> tuple[str, str] | None:
        """(the unit's figure, the council's) when the council's figure differs from the unit's; None when it
        left the cell empty or wrote the same figure."""
        if not council:
            return None
        d, ind = row.input, row.indicator
        levels = ind.rule.levels() if ind.rule else ()
        own = self.submitted.inputs.get((row.unit.id, ind.id, d.name))
        own_text = own.self_value if own is not None else None
        if not own_text:
            return "(đơn vị không ghi)", self._shown_value(d, council, levels, council_format)
        try:
            same = parse_value(d.type, own_text, levels, self.submitted.self_format, d.labels) == parse_value(d.type, council, levels, council_format, d.labels)
        except DataError:
            same = False
        if same:
            return None
        return self._shown_value(d, own_text, levels, self.submitted.self_format), self._shown_value(d, council, levels, council_format)

    @staticmethod
    def _shown_value(d, text: str, levels, fmt) -> str:
        """A figure as a message quotes it: a level's label, a number the Vietnamese way."""
        try:
            value = parse_value(d.type, text, levels, fmt, d.labels)
        except DataError:
            return text
        if isinstance(value, bool) or d.type == "level":
            return d.label(value)
        return compact_vi(value * 100 if d.type == "percent" else value) + (" %" if d.type == "percent" else "")

    def _notes_required(self, ws: Grid, form: Form, changed: dict[tuple, list[tuple[str, str, str]]]) -> None:
        """The council gives its reason for every score it awards and every figure it changes."""
        for key, (note, note_at) in form.notes.items():
            if note or note_at[1] in form.bad_cells:
                continue
            score, score_at = form.scores.get(key, (None, None))
            figures = changed.get(key, [])
            if score is not None:
                why = f"Hội đồng cho điểm ở ô {score_at[1]}"
            elif figures:
                listed = "; ".join(f"ô {cell}: đơn vị ghi {own}, Hội đồng ghi {council}" for cell, own, council in figures[:3])
                why = f"Hội đồng sửa số liệu của đơn vị ({listed})"
            else:
                continue
            self._issue(form.shown, "missing-note", f"{why} thì phải ghi ý kiến thẩm định (lý do) ở ô này; ý kiến được công bố cùng kết quả", ws.title, note_at[1])


def _same(want, got) -> bool:
    """Whether a cell still holds what the template wrote (numbers compared exactly, texts as read)."""
    if want in (None, "") or got in (None, ""):
        return want in (None, "") and (got is None or (isinstance(got, str) and not got.strip()))
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        if isinstance(got, (int, float)) and not isinstance(got, bool):
            return Fraction(Decimal(repr(want))) == Fraction(Decimal(repr(got)))
        return False
    if not isinstance(got, str):
        return False
    normal = lambda t: unicodedata.normalize("NFC", t).replace("\r\n", "\n").strip()  # noqa: E731
    return normal(str(want)) == normal(got)
