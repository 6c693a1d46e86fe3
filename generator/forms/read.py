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

from ..errors import ERROR, WARNING, Issue
from ..errors import display_path
from ..model import UNIT_TYPE_LABELS, Edition, Framework
from .cells import CellError, read_flag, read_input, read_score, read_text, shown
from .container import APPRAISAL_LIMITS, SELF_LIMITS, inspect
from .layout import (
    APPRAISAL,
    COLUMNS,
    DATA_SHEET,
    FIRST_ROW,
    FORMAT,
    HEADING,
    KIND_NAMES,
    META_SHEET,
    NOTE_LENGTH,
    SELF,
    SELF_DATA_COLUMNS,
    WORDING_COLUMNS,
    TITLE_LENGTH,
    URL_LENGTH,
    Row,
    appraisal_locked,
    appraisal_rows,
    entry_columns,
    read_self_keys,
    self_locked,
    signature,
)
from .package import YearPackage
from .values import Submitted

Where = tuple[str, str, int]  # (sheet, cell, row): where a value came from in its form
LIMITS = {SELF: SELF_LIMITS, APPRAISAL: APPRAISAL_LIMITS}


@dataclass
class Form:
    """What one clean form holds: the package's text of every entry cell, with the cell it came from."""

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

    # -- issues ------------------------------------------------------------------------

    def _issue(self, shown_path: str, code: str, message: str, sheet: str | None = None, cell: str | None = None, severity: str = ERROR) -> None:
        row = int("".join(ch for ch in cell if ch.isdigit())) if cell else None
        self.report.append(Issue(shown_path, row, None, code, message, severity, sheet, cell))

    # -- the whole file -----------------------------------------------------------------

    def read(self, path: Path, kind: str) -> Form | None:
        """The form in ``path`` if it is one of ``kind`` for this year and usable; issues otherwise. The file
        is first looked at as a zip (:mod:`generator.forms.container`): too big, not a zip, a formula or a
        link anywhere, and it is refused before openpyxl opens it."""
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
        if str(meta.get("year")) != str(year):
            self._issue(shown_path, "wrong-year", f"đây là phiếu năm {meta.get('year')}, không phải năm {year}; hãy dùng phiếu của năm {year}")
            return None
        owner = str(meta.get("unit" if kind == SELF else "unit_type") or "")
        unit_type = self.units[owner].type if kind == SELF and owner in self.units else owner
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
            self._issue(shown_path, "wrong-framework", f"phiếu làm theo bộ chỉ số «{meta.get('framework')}», nhưng năm {year} dùng bộ «{expected_fw}» cho {UNIT_TYPE_LABELS.get(unit_type, unit_type)}")
            return None
        fw = self.frameworks.get(unit_type)
        if fw is None:
            return None
        if meta.get("signature") != signature(fw):
            self._issue(shown_path, "framework-changed", f"phiếu được tạo từ một phiên bản khác của bộ chỉ số «{fw.id}»; hãy tạo lại phiếu bằng «dti template» và chép số liệu sang")
            return None
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
        rows = self._rows(ws, shown_path, kind, fw, owner)
        if rows is None:
            return None
        before = len(self.report.errors)
        self._compare(ws, shown_path, kind, rows, fw, owner)
        form = Form(path, shown_path, kind, owner, sheet)
        self._entries(ws, form, rows, fw)
        return form if len(self.report.errors) == before else None

    # -- structure ---------------------------------------------------------------------------

    def _rows(self, ws, shown_path: str, kind: str, fw: Framework, owner: str) -> list[Row] | None:
        cols = COLUMNS[kind]
        key_letter = cols["key"].letter
        last = max((r for r, c in ws.cells if c == key_letter), default=FIRST_ROW - 1)
        keys = [ws.value(f"{key_letter}{r}") for r in range(FIRST_ROW, last + 1)]
        while keys and keys[-1] in (None, ""):
            keys.pop()
        if kind == SELF:
            rows, bad, want = read_self_keys(fw, keys)
        else:
            rows = appraisal_rows(self.edition.units_of(owner), fw)
            wanted = [r.key for r in rows]
            bad = next((i for i, (a, b) in enumerate(zip(wanted, keys)) if a != b), None)
            if bad is None and len(wanted) != len(keys):
                bad = min(len(wanted), len(keys))
            want = wanted[bad] if bad is not None and bad < len(wanted) else ""
        if bad is None:
            return rows
        r = FIRST_ROW + bad
        first = cols["indicator"].letter
        if want:
            what = want.split("|")
            expected = f"chỉ số {what[-2]}" + (f", số liệu «{what[-1]}»" if what[-1] and what[-1] != "#" and not what[-1].startswith("+") else "")
            if kind == APPRAISAL:
                expected = f"đơn vị «{what[0]}», {expected}"
            message = f"dòng {r} không phải dòng phiếu mong đợi ({expected}): có thể một dòng đã bị xóa, chèn hoặc chuyển chỗ"
        else:
            message = f"từ dòng {r} có các dòng thừa mà phiếu gốc không có: có thể một dòng đã bị chèn hoặc chép thêm"
        if kind == APPRAISAL and not want and len(keys) < len(rows):
            message = f"phiếu thiếu dòng từ dòng {r}"
        self._issue(shown_path, "rows-changed", message + ". Hãy lấy lại phiếu gốc (hoặc tạo lại bằng «dti template») và chép số liệu sang", ws.title, f"{first}{r}")
        return None

    def _compare(self, ws, shown_path: str, kind: str, rows: list[Row], fw: Framework, owner: str) -> None:
        """Every cell outside the entry cells must be as the template wrote it; past the table, empty."""
        year = self.edition.year
        cols = COLUMNS[kind]
        if kind == SELF:
            expected = self_locked(rows, fw, year, self.units[owner])
        else:
            expected = appraisal_locked(rows, year, owner)
            results = self.results.get(owner, {})
            for r, row in enumerate(rows, FIRST_ROW):
                for name, value in self.submitted.appraisal_shown(row, results.get(row.unit.id)).items():
                    expected[(r, cols[name].letter)] = value
        entries = {(r, cols[name].letter) for r, row in enumerate(rows, FIRST_ROW) for name in entry_columns(kind, row, fw)}
        last_row = FIRST_ROW + len(rows) - 1
        letters = {c.letter for c in cols.values()}
        self_data = {cols[n].letter for n in SELF_DATA_COLUMNS} if kind == APPRAISAL else set()
        wording = {cols[n].letter for n in WORDING_COLUMNS if n in cols}
        for at in sorted(set(expected) | set(ws.cells), key=lambda a: (a[0], len(a[1]), a[1])):
            if at in entries:
                continue
            want, got = expected.get(at), ws.cells.get(at, (None, ""))[0]
            if _same(want, got):
                continue
            r, col = at
            coord = f"{col}{r}"
            if r > last_row or col not in letters:
                self._issue(shown_path, "outside-table", f"ô nằm ngoài bảng của phiếu nhưng có nội dung «{shown(got)}»; nội dung này sẽ không được đọc: hãy chuyển vào đúng ô hoặc xóa", ws.title, coord)
            elif r < FIRST_ROW or col in wording:
                self._issue(
                    shown_path, "label-changed",
                    f"ô đã khóa có nội dung khác phiếu gốc («{shown(got or '')}» thay vì «{shown(want or '')}»); ô này không được đọc nên số liệu không bị ảnh hưởng",
                    ws.title, coord, WARNING,
                )
            elif col in self_data:
                self._issue(
                    shown_path, "self-changed",
                    f"dữ liệu tự đánh giá của đơn vị đã thay đổi sau khi tạo phiếu (phiếu ghi «{shown(got or '')}», hiện nay là «{shown(want or '')}»); hãy xem lại dòng này",
                    ws.title, coord, WARNING,
                )
            else:
                self._issue(
                    shown_path, "edited-outside-entry",
                    f"ô này đã khóa nhưng bị sửa: phiếu gốc ghi «{shown(want or '')}», nay là «{shown(got or '')}». Chỉ nhập vào các ô màu vàng; hãy trả lại nội dung gốc",
                    ws.title, coord,
                )

    # -- entry cells ---------------------------------------------------------------------------

    def _cell(self, form: Form, ws: Grid, coord: str, read):
        """``read(value, number format)`` of one entry cell, and where it is; a CellError becomes a located
        issue (and None)."""
        where = (ws.title, coord, _split(coord)[0])
        try:
            return read(*ws.cell(coord)), where
        except CellError as exc:
            self._issue(form.shown, exc.code, exc.message, ws.title, coord)
            return None, where

    def _entries(self, ws, form: Form, rows: list[Row], fw: Framework) -> None:
        cols = {name: c.letter for name, c in COLUMNS[form.kind].items()}
        fmt = self.package.format
        value_format = fmt("inputs", "self_value" if form.kind == SELF else "appraised_value")
        score_format = fmt("assessments", "self_score" if form.kind == SELF else "appraised_score")
        score_code = "self-score-over-max" if form.kind == SELF else "appraised-score-over-max"
        for r, row in enumerate(rows, FIRST_ROW):
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
                    form, ws, at["value"], lambda v, f: read_input(d, v, f, levels, ind.max_points, value_format)
                )
            score_name = "self_score" if form.kind == SELF else "appraised_score"
            if score_name in names:
                form.scores[key] = self._cell(form, ws, at[score_name], lambda v, f: read_score(v, f, ind.max_points, score_format, score_code))
            if form.kind == APPRAISAL:
                if "note" in names:
                    note, where = self._cell(form, ws, at["note"], lambda v, f: read_text(v, NOTE_LENGTH, multiline=True))
                    form.notes[key] = (note or "", where)
                    if form.scores[key][0] is not None and not note:
                        self._issue(form.shown, "missing-note", f"Hội đồng cho điểm ở ô {form.scores[key][1][1]} thì phải ghi ý kiến thẩm định (lý do) ở ô này", ws.title, at["note"])
                continue
            if row.first:
                flag, where = self._cell(form, ws, at["not_evaluated"], lambda v, f: read_flag(v)) if "not_evaluated" in at else (False, form.indicator_cells[key])
                form.flags[key] = (bool(flag), where)
            title, title_at = self._cell(form, ws, at["evidence_title"], lambda v, f: read_text(v, TITLE_LENGTH))
            url, url_at = self._cell(form, ws, at["evidence_url"], lambda v, f: read_text(v, URL_LENGTH))
            if title and not url:
                self._issue(form.shown, "missing-url", "có tên tài liệu kiểm chứng nhưng thiếu đường dẫn; ghi đường dẫn tải về (https://…) hoặc nơi lưu bản giấy", ws.title, url_at[1])
            elif url and not title:
                self._issue(form.shown, "missing-title", "có đường dẫn nhưng thiếu tên tài liệu kiểm chứng; ghi tên văn bản, ví dụ «Kế hoạch số 15/KH-UBND»", ws.title, title_at[1])
            elif title and url:
                form.evidence.append((unit_id, ind.id, title, url, title_at, url_at))


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
