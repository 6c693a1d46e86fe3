"""Where everything is in a form: sheets, columns, rows and their hidden keys, the locked texts and the
check of every entry cell.

The writer (:mod:`generator.forms.template`) and the reader (:mod:`generator.forms.collect`) both work from
this module, so a form and the reading of it cannot drift apart. Nothing here reads or writes a file.

A **self-assessment form** (one per unit) has one row per input of every leaf indicator, in the decision's
order, under a heading row for each parent indicator. The cells that belong to the indicator as a whole
(claimed self-score, «không đánh giá», the labels) sit on the first row of its block; every row of a block
is one slot for an evidence document, and a block gets extra rows when the unit already has more
documents than inputs. An **appraisal workbook** (one per unit type) has one row per unit and input, the
unit's name repeated on every row so that the council can filter by unit or by indicator.

Every row carries a key in a hidden column, and the reader finds rows by their keys
(:func:`find_rows`): rows an office re-orders, inserts or deletes below the table do not matter, only a
key that is missing, changed or repeated. The rows above and below the table (the national heading, the
title, the signature block: :mod:`generator.forms.document`) carry keys too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable, Mapping

from ..model import UNIT_TYPE_LABELS, Framework, Indicator, InputDef, Unit
from ..numeric import compact_vi
from . import document
from .document import DOC_KEYS, TOP_KEYS, Side

FORMAT = "dti-phieu/1"
# The layout's version, in the metadata: 2 added the document's heading and signature rows (keyed), the
# council's computed points and the fingerprints that tell a change of scoring from a change of wording.
# A self-assessment form of version 1 is still read; an appraisal workbook of version 1 is not (its
# columns moved).
VERSION = 2
SELF, APPRAISAL = "tu-danh-gia", "tham-dinh"
KIND_NAMES = {SELF: "phiếu tự đánh giá", APPRAISAL: "phiếu thẩm định"}

GUIDE_SHEET = "Hướng dẫn"
SELF_SHEET = "Tự đánh giá"
APPRAISAL_SHEET = "Thẩm định"
LISTS_SHEET = "Danh sách"
META_SHEET = "_dti"
DATA_SHEET = {SELF: SELF_SHEET, APPRAISAL: APPRAISAL_SHEET}

# Rows as the template writes them (the reader finds every row by its key instead): three rows of the
# national heading, the title, the hint, the header, then the table.
TITLE_ROW, HINT_ROW, HEADER_ROW, FIRST_ROW = 4, 5, 6, 7
NOT_EVALUATED = "Không đánh giá"
NO_INPUT = "(chỉ số này không cần số liệu; ghi điểm tự chấm nếu có)"

# Lengths the package's schemas allow.
TITLE_LENGTH, URL_LENGTH, NOTE_LENGTH, VALUE_LENGTH = 500, 2000, 5000, 200


@dataclass(frozen=True)
class Column:
    name: str
    letter: str
    title: str
    width: float


def _columns(*specs: tuple[str, str, float]) -> dict[str, Column]:
    return {name: Column(name, chr(ord("A") + i), title, width) for i, (name, title, width) in enumerate(specs)}


SELF_COLUMNS = _columns(
    ("indicator", "Mã chỉ số", 6),
    ("name", "Tên chỉ số", 22),
    ("max", "Điểm tối đa", 6.5),
    ("rule", "Cách tính điểm", 26),
    ("meaning", "Số liệu cần nhập", 26),
    ("how", "Đơn vị tính, cách nhập", 11),
    ("value", "Số liệu của đơn vị", 17),
    ("self_score", "Điểm tự chấm", 7.5),
    ("not_evaluated", "Không đánh giá", 9.5),
    ("evidence_title", "Tài liệu kiểm chứng: tên văn bản", 18),
    ("evidence_url", "Tài liệu kiểm chứng: đường dẫn", 20),
    ("key", "Khóa dòng (không sửa)", 12),
)
APPRAISAL_COLUMNS = _columns(
    ("unit", "Đơn vị", 17),
    ("indicator", "Mã chỉ số", 6.5),
    ("name", "Tên chỉ số", 22),
    ("max", "Điểm tối đa", 6.5),
    ("meaning", "Số liệu", 26),
    ("self_value", "Số liệu tự đánh giá", 13),
    ("evidence", "Tài liệu kiểm chứng", 22),
    ("value", "Số liệu thẩm định", 13),
    ("self_score", "Điểm tự đánh giá", 8.5),
    ("points", "Điểm theo số liệu thẩm định", 9.5),
    ("appraised_score", "Điểm Hội đồng chấm", 9),
    ("note", "Ý kiến thẩm định", 28),
    ("key", "Khóa dòng (không sửa)", 12),
)
COLUMNS = {SELF: SELF_COLUMNS, APPRAISAL: APPRAISAL_COLUMNS}
# Columns that show the unit's own data in an appraisal workbook: a difference there means the data
# changed after the workbook was made (a warning), not that someone edited a label.
SELF_DATA_COLUMNS = ("self_value", "self_score", "evidence")
# Columns the tool computes (the points the appraised figures give): written when the workbook is made
# and when it is returned, never compared (a spreadsheet does not recompute them) and never read.
COMPUTED_COLUMNS = ("points",)
# Columns of wording (the index set's names and meanings, the generator's rule and typing hint), never
# read back: a difference there is a warning, not fatal, so that a form sent out before a correction of a
# name in the index set, or an upgrade of the generator, is still collected.
WORDING_COLUMNS = ("name", "meaning", "rule", "how")
# Where the issuing body (left) and the national heading and signature (right) sit on the printed page.
SIDES = {SELF: Side(("A", "D"), ("F", "K")), APPRAISAL: Side(("A", "C"), ("H", "L"))}


def letter(kind: str, name: str) -> str:
    return COLUMNS[kind][name].letter


# --------------------------------------------------------------------------- rows

HEADING, INPUT, EXTRA = "heading", "input", "extra"


@dataclass(frozen=True)
class Row:
    key: str  # written in the hidden key column: which indicator and input the row holds
    kind: str  # HEADING (a parent indicator), INPUT (one input of a leaf) or EXTRA (one more evidence slot)
    indicator: Indicator
    input: InputDef | None = None
    first: bool = False  # the first row of its indicator's block, where the per-indicator cells are
    size: int = 1  # on the first row: how many rows the block has (as the template writes it)
    unit: Unit | None = None  # in an appraisal workbook: whose row it is


def _block(prefix: str, ind: Indicator, extra: int, unit: Unit | None = None) -> list[Row]:
    rows = [Row(f"{prefix}{ind.id}|{d.name}", INPUT, ind, d, unit=unit) for d in ind.inputs]
    if not rows:
        rows = [Row(f"{prefix}{ind.id}|", INPUT, ind, unit=unit)]
    rows += [Row(f"{prefix}{ind.id}|+{n}", EXTRA, ind, unit=unit) for n in range(1, extra + 1)]
    first = rows[0]
    rows[0] = Row(first.key, first.kind, ind, first.input, True, len(rows), unit)
    return rows


def self_rows(fw: Framework, evidence_counts: Mapping[str, int] | None = None) -> list[Row]:
    """The rows of a unit's self-assessment form: a heading per parent, a block per leaf with enough
    evidence slots for the documents the unit already has."""
    counts = evidence_counts or {}
    rows: list[Row] = []
    for ind in fw.walk():
        if not ind.is_leaf:
            rows.append(Row(f"{ind.id}|#", HEADING, ind, first=True))
            continue
        slots = max(len(ind.inputs), 1)
        rows += _block("", ind, max(0, counts.get(ind.id, 0) - slots))
    return rows


@dataclass
class Found:
    """The rows of a returned sheet, found by the keys in its key column."""

    rows: list[tuple[int, Row]] = field(default_factory=list)  # (sheet row, row), in the layout's order
    docs: dict[str, int] = field(default_factory=dict)  # a document row's key → its sheet row
    missing: list[Row] = field(default_factory=list)  # rows holding entries whose key is nowhere
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (sheet row, key) of a key the layout has not
    repeated: list[tuple[int, str, int]] = field(default_factory=list)  # (sheet row, key, row it is first at)

    @property
    def keyed(self) -> set[int]:
        """Sheet rows that hold a key (known or not)."""
        return {r for r, _ in self.rows} | set(self.docs.values()) | {r for r, _ in self.unknown} | {r for r, _, _ in self.repeated}


EXTRA_KEY = re.compile(r"(.+)\|\+([1-9][0-9]{0,3})")


def find_rows(expected: list[Row], keys: Mapping[int, object], fw: Framework | None = None) -> Found:
    """Where each expected row is in a returned sheet (``keys``: sheet row → the text of its key cell).
    With ``fw`` (a self-assessment form), extra evidence rows (``1.2|+1``) of a leaf are found too,
    whatever their number, after its block. A heading row is not missed: it holds nothing to read."""
    found = Found()
    at: dict[str, int] = {}
    for r in sorted(keys):
        key = keys[r]
        key = str(key).strip() if key is not None else ""
        if not key:
            continue
        if key in at:
            found.repeated.append((r, key, at[key]))
        else:
            at[key] = r
    known = {row.key for row in expected}
    extras: dict[str, list[int]] = {}
    if fw is not None:
        for key in at:
            m = EXTRA_KEY.fullmatch(key)
            if m and m.group(1) in fw.indicators and fw.indicators[m.group(1)].is_leaf:
                extras.setdefault(m.group(1), []).append(int(m.group(2)))
    for i, row in enumerate(expected):
        if row.key in at:
            found.rows.append((at[row.key], row))
        elif row.kind != HEADING:
            found.missing.append(row)
        last_of_block = i + 1 == len(expected) or expected[i + 1].first
        if last_of_block and row.kind != HEADING and row.indicator.id in extras:
            for n in sorted(extras[row.indicator.id]):
                key = f"{row.indicator.id}|+{n}"
                found.rows.append((at[key], Row(key, EXTRA, row.indicator, unit=row.unit)))
                known.add(key)
    for key, r in at.items():
        if key in DOC_KEYS:
            found.docs[key] = r
        elif key not in known:
            found.unknown.append((r, key))
    found.unknown.sort()
    return found


def describe_key(key: str, kind: str) -> str:
    """What a row key names, in words: «chỉ số 1.3, số liệu «a»», with the unit in an appraisal."""
    parts = key.split("|")
    if len(parts) < 2:
        return f"«{key}»"
    what = f"chỉ số {parts[-2]}"
    if parts[-1] and parts[-1] != "#" and not parts[-1].startswith("+"):
        what += f", số liệu «{parts[-1]}»"
    if kind == APPRAISAL and len(parts) == 3:
        what = f"đơn vị «{parts[0]}», {what}"
    return what


def appraisal_rows(units: Iterable[Unit], fw: Framework) -> list[Row]:
    """One block per unit and leaf indicator, in the order of units.csv and the decision."""
    return [row for unit in units for ind in fw.leaves() for row in _block(f"{unit.id}|", ind, 0, unit)]


def entry_columns(kind: str, row: Row, fw: Framework) -> tuple[str, ...]:
    """The column names of the cells someone fills on this row; every other cell is locked."""
    if kind == SELF:
        if row.kind == HEADING:
            return ()
        names = ["value"] if row.kind == INPUT and row.input is not None else []
        if row.first:
            names.append("self_score")
            if fw.allows_not_evaluated:
                names.append("not_evaluated")
        return (*names, "evidence_title", "evidence_url")
    names = ["value"] if row.input is not None else []
    if row.first:
        names += ["appraised_score", "note"]
    return tuple(names)


# --------------------------------------------------------------------------- texts of locked cells


def number(value: Fraction) -> int | float:
    """A maximum as a spreadsheet number (maxima are decimals, so a float holds them exactly enough)."""
    return int(value) if value.denominator == 1 else float(value)


def how(d: InputDef | None, max_points: Fraction) -> str:
    """What to type, in a clerk's words."""
    if d is None:
        return ""
    unit = f"{d.unit}\n" if d.unit else ""
    return {
        "count": f"{unit}(số nguyên ≥ 0, ví dụ 1250)",
        "amount": f"{unit}(số ≥ 0, ví dụ 1250,5)",
        "percent": "%\n(số từ 0 đến 100, ví dụ 87,5)",
        "points": f"điểm\n(từ 0 đến {compact_vi(max_points)})",
        "level": "chọn trong danh sách ▾",
        "yes_no": "chọn Có hoặc Không ▾",
    }.get(d.type, unit)


def meaning(d: InputDef | None) -> str:
    """What the input means; the decision's own letters (a, b, c), which the rule's formula uses, in front."""
    if d is None:
        return NO_INPUT
    return f"{d.name} = {d.meaning}" if len(d.name) == 1 else d.meaning


def heading(ind: Indicator) -> str:
    return f"{ind.name} — tối đa {compact_vi(ind.max_points)} điểm"


def self_title(year: int, unit: Unit) -> str:
    return f"PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {year} — {unit.name.upper()}"


def appraisal_title(year: int, unit_type: str) -> str:
    return f"PHIẾU THẨM ĐỊNH CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {year} — {UNIT_TYPE_LABELS.get(unit_type, unit_type).upper()}"


SELF_HINT = (
    "Chỉ nhập vào các ô màu vàng; các ô khác đã khóa. Ô có dấu ▾: chọn trong danh sách. Số viết kiểu Việt Nam: "
    "1250,5 hoặc 1.250,5; tỷ lệ 87,5 hoặc 87,5%. Đọc trang «Hướng dẫn» trước khi điền. Không đổi tên trang, không xóa cột."
)
APPRAISAL_HINT = (
    "Hội đồng chỉ nhập vào các ô màu vàng: số liệu thẩm định (bỏ trống = công nhận số liệu của đơn vị), "
    "điểm Hội đồng chấm (chỉ khi cho điểm khác cách tính) và ý kiến thẩm định, bắt buộc khi Hội đồng sửa số liệu hoặc cho điểm. "
    "Cột «Điểm theo số liệu thẩm định» do máy tính lại khi thu phiếu. Dùng nút lọc ở dòng tiêu đề để xem từng đơn vị hoặc từng chỉ số."
)
COUNCIL = "Hội đồng thẩm định"


def headers(kind: str) -> dict[str, str]:
    return {c.letter: c.title for c in COLUMNS[kind].values()}


def doc_lines(kind: str, province: str, body: str) -> list[document.Line]:
    """The document's rows above and below the table: the national heading, the signature block."""
    return document.heading(province, body) + (document.self_signature() if kind == SELF else document.council_signature())


def doc_cells(kind: str, province: str, body: str, title: str) -> tuple[dict[str, dict[str, object]], dict[str, set[str]]]:
    """By key of each document row: the texts its locked cells hold (by column letter), and the letters of
    its free cells (a date, a name: unlocked, never read)."""
    texts: dict[str, dict[str, object]] = {}
    free: dict[str, set[str]] = {}
    for line in doc_lines(kind, province, body):
        cells = document.cells(line, SIDES[kind])
        texts[line.key] = {letter: text for letter, (text, _, is_free) in cells.items() if text and not is_free}
        free[line.key] = {letter for letter, (_, _, is_free) in cells.items() if is_free}
    texts[TOP_KEYS[3]] = {"A": title}
    texts[TOP_KEYS[4]] = {"A": SELF_HINT if kind == SELF else APPRAISAL_HINT}
    texts[TOP_KEYS[5]] = headers(kind)
    free.update({key: set() for key in TOP_KEYS[3:]})
    key_letter = COLUMNS[kind]["key"].letter
    for key, row in texts.items():
        row[key_letter] = key  # the hidden key column holds the row's key, the header row's included
    return texts, free


def self_locked(rows: list[tuple[int, Row]], fw: Framework, year: int, unit: Unit) -> dict[tuple[int, str], object]:
    """Every locked cell of the table of a self-assessment sheet that holds something, by (sheet row,
    column letter), for the rows where they are (``rows``: (sheet row, row))."""
    c = {name: col.letter for name, col in SELF_COLUMNS.items()}
    cells: dict[tuple[int, str], object] = {}
    for r, row in rows:
        cells[(r, c["key"])] = row.key
        ind = row.indicator
        if row.kind == HEADING:
            cells[(r, c["indicator"])] = ind.id
            cells[(r, c["name"])] = heading(ind)
            continue
        if row.first:
            cells[(r, c["indicator"])] = ind.id
            cells[(r, c["name"])] = ind.name
            cells[(r, c["max"])] = number(ind.max_points)
            cells[(r, c["rule"])] = ind.describe()
        if row.kind == INPUT:
            cells[(r, c["meaning"])] = meaning(row.input)
            cells[(r, c["how"])] = how(row.input, ind.max_points)
    return {k: v for k, v in cells.items() if v not in (None, "")}


def appraisal_locked(rows: list[tuple[int, Row]]) -> dict[tuple[int, str], object]:
    """The locked labels of an appraisal sheet's table (the unit's own data is compared apart), by
    (sheet row, column letter)."""
    c = {name: col.letter for name, col in APPRAISAL_COLUMNS.items()}
    cells: dict[tuple[int, str], object] = {}
    for r, row in rows:
        ind = row.indicator
        cells[(r, c["key"])] = row.key
        cells[(r, c["unit"])] = row.unit.name
        cells[(r, c["indicator"])] = ind.id
        cells[(r, c["meaning"])] = meaning(row.input) + (f" ({row.input.unit})" if row.input is not None and row.input.unit else "")
        if row.first:
            cells[(r, c["name"])] = ind.name
            cells[(r, c["max"])] = number(ind.max_points)
    return cells


def _fingerprint(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def signature(fw: Framework) -> str:
    """A fingerprint of what in the index set changes how a form is read or scored: the tree of
    indicators, their maxima and rules, their inputs' names and types, and the labels offices choose
    from (a label is a value typed in a cell). A form made from an index set that differs here is refused."""
    parts = []
    for ind in fw.walk():
        parts.append(f"{ind.id}\t{ind.parent}\t{ind.max_points}\t{ind.rule_kind}\t{ind.formula}\t{ind.options}")
        parts += [f"  {d.name}\t{d.type}\t{d.labels}" for d in ind.inputs]
    return _fingerprint(parts)


def wording_signature(fw: Framework) -> str:
    """A fingerprint of the index set's wording a form shows and never reads: names, what each input
    means, its unit. A form made before a correction there is read, with a warning."""
    parts = []
    for ind in fw.walk():
        parts.append(f"{ind.id}\t{ind.name}")
        parts += [f"  {d.name}\t{d.meaning}\t{d.unit}" for d in ind.inputs]
    return _fingerprint(parts)


def legacy_signature(fw: Framework) -> str:
    """The single fingerprint forms of version 1 carry: scoring and wording together."""
    parts = []
    for ind in fw.walk():
        parts.append(f"{ind.id}\t{ind.name}\t{ind.max_points}\t{ind.rule_kind}\t{ind.formula}\t{ind.options}")
        parts += [f"  {d.name}\t{d.type}\t{d.meaning}\t{d.unit}\t{d.labels}" for d in ind.inputs]
    return _fingerprint(parts)


# --------------------------------------------------------------------------- checks of entry cells


@dataclass(frozen=True)
class Check:
    """A data validation: a whole number, a decimal, an item of a list (kept on the lists sheet) or a
    text of limited length; with the prompt shown when the cell is selected and the refusal message."""

    type: str
    operator: str | None = None
    formula1: str | None = None
    formula2: str | None = None
    items: tuple[str, ...] = ()
    prompt: str = ""
    error: str = ""


def _plain(value: Fraction) -> str:
    return str(number(value))


def options(d: InputDef) -> tuple[str, ...]:
    """The labels a clerk chooses from: the decision's wording of every level, or Có/Không."""
    if d.type == "yes_no":
        return (d.label(True), d.label(False))
    return tuple(label for _, label in d.labels)


def value_check(d: InputDef, max_points: Fraction) -> Check:
    if d.type in ("level", "yes_no"):
        return Check("list", items=options(d), prompt="Chọn một mục trong danh sách.", error="Hãy chọn một mục trong danh sách, không gõ chữ khác.")
    if d.type == "count":
        return Check("whole", "greaterThanOrEqual", "0", prompt="Số nguyên từ 0 trở lên, ví dụ 1250 (không ghi dấu chấm).", error="Ô này cần một số nguyên từ 0 trở lên (số lượng).")
    if d.type == "percent":
        return Check("decimal", "between", "0", "100", prompt="Số từ 0 đến 100, ví dụ 87,5 (nghĩa là 87,5 %); không cần dấu %.", error="Ô này cần một tỷ lệ phần trăm từ 0 đến 100.")
    if d.type == "points":
        top = compact_vi(max_points)
        return Check("decimal", "between", "0", _plain(max_points), prompt=f"Điểm từ 0 đến {top}.", error=f"Ô này cần một số điểm từ 0 đến {top}.")
    return Check("decimal", "greaterThanOrEqual", "0", prompt="Một số từ 0 trở lên, ví dụ 1250,5 (dấu phẩy trước phần thập phân).", error="Ô này cần một số từ 0 trở lên.")


def score_check(max_points: Fraction, who: str = "Điểm tự chấm") -> Check:
    top = compact_vi(max_points)
    return Check(
        "decimal", "between", "0", _plain(max_points),
        prompt=f"{who}: từ 0 đến {top}. Bỏ trống nếu không chấm.", error=f"Điểm phải từ 0 đến {top} (điểm tối đa của chỉ số).",
    )


FLAG_CHECK = Check("list", items=(NOT_EVALUATED,), prompt="Chọn «Không đánh giá» chỉ khi chỉ số không áp dụng với đơn vị.", error="Chỉ chọn «Không đánh giá» hoặc để trống.")


def text_check(length: int, what: str) -> Check:
    return Check("textLength", "lessThanOrEqual", str(length), prompt="", error=f"{what} dài tối đa {length} ký tự.")


TITLE_CHECK = text_check(TITLE_LENGTH, "Tên tài liệu")
URL_CHECK = text_check(URL_LENGTH, "Đường dẫn")
NOTE_CHECK = text_check(NOTE_LENGTH, "Ý kiến thẩm định")


def cell_checks(kind: str, row: Row, fw: Framework) -> dict[str, Check]:
    """The check of every entry cell of a row, by column name."""
    ind = row.indicator
    checks: dict[str, Check] = {}
    for name in entry_columns(kind, row, fw):
        if name == "value":
            checks[name] = value_check(row.input, ind.max_points)
        elif name == "self_score":
            checks[name] = score_check(ind.max_points)
        elif name == "appraised_score":
            checks[name] = score_check(ind.max_points, "Điểm Hội đồng chấm")
        elif name == "not_evaluated":
            checks[name] = FLAG_CHECK
        elif name == "evidence_title":
            checks[name] = TITLE_CHECK
        elif name == "evidence_url":
            checks[name] = URL_CHECK
        elif name == "note":
            checks[name] = NOTE_CHECK
    return checks


# --------------------------------------------------------------------------- metadata


def meta(kind: str, year: int, fw: Framework, owner: str, rows: int) -> list[tuple[str, object]]:
    """What the very hidden sheet records: which year, index set, unit (or unit type) and kind of form."""
    return [
        ("format", FORMAT),
        ("kind", kind),
        ("year", year),
        ("framework", fw.id),
        ("unit" if kind == SELF else "unit_type", owner),
        ("sheet", DATA_SHEET[kind]),
        ("first_row", FIRST_ROW),
        ("rows", rows),
        ("signature", signature(fw)),
        ("version", VERSION),
        ("wording", wording_signature(fw)),
    ]


# A year entered from its published table has no indicator figures to collect (generator.summary).
SUMMARY_YEAR = (
    "năm {year} {note}: dữ liệu là bảng kết quả đã công bố, không thu số liệu từng chỉ số, nên không có phiếu; "
    "phiếu chỉ dùng cho năm có số liệu từng chỉ số (dti.detail không ghi, hoặc «indicators»)"
)
