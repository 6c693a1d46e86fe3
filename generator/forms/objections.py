"""The workbook the secretariat keeps units' objections to the draft in, and the council's answers.

``dti template YEAR OUTDIR --objections`` writes ``OUTDIR/kien-nghi-YEAR.xlsx``: one row per objection
(number, unit chosen from a list, indicator or empty for the whole result, date received, what the unit
asked, the council's answer, the outcome chosen from a list, the score before and after where it changed),
prefilled with the objections the year already holds, so that the same workbook goes from the
secretariat (objections received) to the council (answers) and back. ``dti collect YEAR FOLDER
--objections`` reads every such workbook in FOLDER (or one file) into ``data/YEAR/objections.csv``, declares
it in the year's descriptor, and checks it against the year as ``dti validate`` does; every problem is
named at its sheet and cell, and nothing is written unless every row is clean.

Like the other forms, nothing of the data becomes a formula (:func:`.sheets.set_value`), a returned
workbook is inspected as a container before it is opened (:mod:`.container`), and numbers are read the
Vietnamese way (:mod:`.numbers`). Texts are institutional: no person's name belongs in them.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..errors import ERROR, Issue, Report, display_path
from ..model import UNIT_TYPE_LABELS
from ..objections import OUTCOMES, RESOURCE
from ..packaging import header_of, json_text, resource, write_csv
from .container import SELF_LIMITS, inspect
from .layout import FORMAT, META_SHEET, Check
from .numbers import NotANumber, package_text, read_typed
from .sheets import (
    ENTRY_FILL, HEADER, HEADER_ALIGN, HEADER_FILL, HINT, TITLE, Lists, add_checks, new_workbook, print_setup, protect, put, save, write_guide,
    write_meta,
)

KIND = "kien-nghi"
SHEET = "Kiến nghị"
GUIDE = "Hướng dẫn"
FIRST = 5  # the first row of the table
SPARE = 60  # empty rows after those the year already holds
# (field, heading, width)
COLUMNS = (
    ("id", "Số kiến nghị", 10),
    ("unit", "Đơn vị", 28),
    ("indicator_id", "Mã chỉ số (trống: cả kết quả)", 11),
    ("received", "Ngày nhận (ngày/tháng/năm)", 12),
    ("request", "Nội dung kiến nghị của đơn vị", 40),
    ("answer", "Trả lời của Hội đồng thẩm định", 40),
    ("outcome", "Kết quả", 16),
    ("score_before", "Điểm trước (theo dự thảo)", 10),
    ("score_after", "Điểm sau (theo trả lời)", 10),
)
LETTER = {name: chr(ord("A") + i) for i, (name, _, _) in enumerate(COLUMNS)}
FIELD_OF = {letter: name for name, letter in LETTER.items()}
OUTCOME_CODES = {label: code for code, label in OUTCOMES.items()}
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")


def file_name(year: int) -> str:
    return f"kien-nghi-{year}.xlsx"


def _unit_label(unit) -> str:
    return f"{unit.name} ({unit.id})"


def _load(data_dir: Path, year: int, report: Report):
    from ..validate import validate

    dataset, checked = validate(data_dir, keep_inputs=False)
    if year not in dataset.editions:
        report.extend([i for i in checked.sorted() if i.is_error][:20])
        report.append(Issue(display_path(Path(data_dir) / str(year)), None, None, "no-year", f"không đọc được dữ liệu năm {year}; hãy sửa các lỗi (dti validate)"))
        return None
    return dataset


def _vi_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _number_cell(value: Fraction | None):
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def make_workbook(data_dir: Path, year: int, out: Path) -> tuple[list[Path], Report]:
    """Write the objections workbook of ``year`` into the folder ``out``."""
    report = Report()
    dataset = _load(Path(data_dir), year, report)
    if dataset is None:
        return [], report
    edition = dataset.editions[year]
    units = sorted(edition.units, key=lambda u: (list(UNIT_TYPE_LABELS).index(u.type) if u.type in UNIT_TYPE_LABELS else 9, u.name))
    wb = new_workbook()
    write_guide(wb, GUIDE, _guide(year, edition.province))
    ws = wb.create_sheet(SHEET)
    lists = Lists(wb)
    put(ws, "A1", f"Kiến nghị của các đơn vị về kết quả dự thảo năm {year} — {edition.province}", font=TITLE, border=_no_border())
    put(ws, "A2", "Chỉ nhập vào các ô màu vàng. Mỗi kiến nghị một dòng; chọn đơn vị và kết quả trong danh sách (▾). Số điểm viết kiểu Việt Nam: 9,5. "
        "Không ghi tên cá nhân: kiến nghị và trả lời là văn bản của cơ quan, được công bố.", font=HINT, border=_no_border())
    for name, heading, width in COLUMNS:
        letter = LETTER[name]
        ws.column_dimensions[letter].width = width
        put(ws, f"{letter}4", heading, font=HEADER, fill=HEADER_FILL, alignment=HEADER_ALIGN)
    existing = sorted(edition.objections, key=lambda o: (o.received, o.id))
    by_id = {u.id: u for u in edition.units}
    checks: dict[str, Check] = {}
    unit_check = Check("list", items=tuple(_unit_label(u) for u in units), prompt="Chọn đơn vị gửi kiến nghị", error="Hãy chọn một đơn vị trong danh sách")
    outcome_check = Check("list", items=tuple(OUTCOMES.values()), prompt="Kết quả trả lời của Hội đồng", error="Hãy chọn một kết quả trong danh sách")
    taken = {o.id for o in existing}
    spare_ids = (f"KN-{n:02d}" for n in range(1, 10000) if f"KN-{n:02d}" not in taken)
    last = FIRST + len(existing) + SPARE - 1
    for r in range(FIRST, last + 1):
        o = existing[r - FIRST] if r - FIRST < len(existing) else None
        values = {
            "id": o.id if o else next(spare_ids),
            "unit": _unit_label(by_id[o.unit_id]) if o and o.unit_id in by_id else (o.unit_id if o else None),
            "indicator_id": o.indicator_id or None if o else None,
            "received": _vi_date(o.received) if o else None,
            "request": o.request if o else None,
            "answer": (o.answer or None) if o else None,
            "outcome": OUTCOMES.get(o.outcome) if o else None,
            "score_before": _number_cell(o.score_before) if o else None,
            "score_after": _number_cell(o.score_after) if o else None,
        }
        for name, _, _ in COLUMNS:
            fmt = "0.00" if name.startswith("score") else "@" if name in ("id", "indicator_id", "received") else None
            put(ws, f"{LETTER[name]}{r}", values[name], fill=ENTRY_FILL, locked=False, number_format=fmt)
        checks[f"{LETTER['unit']}{r}"] = unit_check
        checks[f"{LETTER['outcome']}{r}"] = outcome_check
    add_checks(ws, checks, lists)
    lists.finish()
    ws.freeze_panes = f"A{FIRST}"
    print_setup(ws, LETTER["score_after"], last, "4:4")
    protect(ws)
    write_meta(wb, [("format", FORMAT), ("kind", KIND), ("year", year), ("province", edition.province)])
    wb.active = wb.sheetnames.index(SHEET)
    path = Path(out) / file_name(year)
    save(wb, path)
    return [path], report


def _no_border():
    from openpyxl.styles import Border

    return Border()


def _guide(year: int, province: str) -> list[tuple[str, str, str]]:
    return [
        ("title", "", f"Sổ kiến nghị về kết quả dự thảo năm {year}"),
        ("text", "", f"{province}. Sổ này ghi các kiến nghị của đơn vị về kết quả dự thảo gửi lấy ý kiến, và trả lời của Hội đồng thẩm định. "
                     "Cơ quan thường trực ghi kiến nghị khi nhận; Hội đồng ghi trả lời, kết quả và điểm; sổ được thu lại bằng «dti collect --objections»."),
        ("heading", "", "Các cột"),
        ("field", "Số kiến nghị", "Số của kiến nghị trong năm (KN-01, KN-02…), đã ghi sẵn; giữ nguyên số của một kiến nghị đã có, vì đó là địa chỉ của nó trên trang kết quả."),
        ("field", "Đơn vị", "Chọn trong danh sách đơn vị được đánh giá năm " + str(year) + "."),
        ("field", "Mã chỉ số", "Mã chỉ số được kiến nghị, ví dụ 2.1; để trống khi đơn vị kiến nghị về cả kết quả."),
        ("field", "Ngày nhận", "Ngày cơ quan thường trực nhận kiến nghị, ví dụ 12/02/" + str(year + 1) + "; sau khi năm đánh giá kết thúc và trước ngày công bố."),
        ("field", "Nội dung, trả lời", "Văn bản của cơ quan, đơn vị, được công bố nguyên văn trên trang kết quả; không ghi họ tên, số điện thoại hay thông tin cá nhân."),
        ("field", "Kết quả", "Chấp nhận, Chấp nhận một phần hoặc Không chấp nhận; để trống khi Hội đồng chưa trả lời (bản dự thảo)."),
        ("field", "Điểm trước, sau", "Khi điểm thay đổi: điểm theo dự thảo và điểm sau trả lời (bằng điểm công bố), ví dụ 9 và 9,5. "
                                    "Kiến nghị được chấp nhận phải ghi cả hai; kiến nghị không được chấp nhận thì để trống."),
        ("heading", "", "Thu lại"),
        ("example", "", f"dti collect {year} thu-muc-so-kien-nghi --objections --check"),
        ("text", "", "Mỗi lỗi ghi tên tệp, trang và ô; không ghi gì vào dữ liệu khi còn lỗi. Khi không còn lỗi, chạy lại lệnh không có «--check»."),
    ]


# --------------------------------------------------------------------------- reading


@dataclass
class Read:
    rows: list[dict] = field(default_factory=list)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # objection id → (file shown, sheet row)


def _text(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _date(value) -> str | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _text(value)
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if found:
            return datetime.date(int(found.group(3)), int(found.group(2)), int(found.group(1))).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        return None
    return None


def _score(value) -> Fraction | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time)):
        raise NotANumber("ô không chứa một số")
    if isinstance(value, (int, float)):
        return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    return read_typed(str(value)).value


class _Cells:
    def __init__(self, report: Report, shown: str):
        self.report, self.shown = report, shown

    def issue(self, row: int, name: str, code: str, message: str) -> None:
        self.report.append(Issue(self.shown, row, None, code, message, ERROR, SHEET, f"{LETTER[name]}{row}"))


def _unit_of(text: str, units: dict, names: dict) -> str | None:
    found = re.search(r"\(([a-z0-9][a-z0-9-]*)\)\s*$", text)
    if found and found.group(1) in units:
        return found.group(1)
    if text in units:
        return text
    return names.get(text.casefold())


def _row(values: dict, r: int, cells: _Cells, units: dict, names: dict) -> dict | None:
    ok = True
    out = {"id": _text(values["id"]), "indicator_id": _text(values["indicator_id"]), "request": _text(values["request"]), "answer": _text(values["answer"])}
    if not ID.fullmatch(out["id"]):
        cells.issue(r, "id", "bad-pattern", f"số kiến nghị «{out['id'][:40]}» phải gồm chữ không dấu, số và dấu gạch nối, ví dụ KN-01")
        ok = False
    unit_text = _text(values["unit"])
    out["unit_id"] = _unit_of(unit_text, units, names)
    if out["unit_id"] is None:
        cells.issue(r, "unit", "objection-unknown-unit", f"«{unit_text[:60]}» không phải một đơn vị của năm; hãy chọn trong danh sách" if unit_text else "chưa chọn đơn vị gửi kiến nghị")
        ok = False
    out["received"] = _date(values["received"])
    if out["received"] is None:
        cells.issue(r, "received", "objection-date", f"ngày nhận «{_text(values['received'])[:30]}» không phải một ngày; hãy ghi ngày/tháng/năm, ví dụ 12/02/2025")
        ok = False
    if not out["request"]:
        cells.issue(r, "request", "required", "chưa ghi nội dung kiến nghị của đơn vị")
        ok = False
    outcome = _text(values["outcome"])
    out["outcome"] = OUTCOME_CODES.get(outcome, outcome if outcome in OUTCOMES else None)
    if outcome and out["outcome"] is None:
        cells.issue(r, "outcome", "not-allowed", f"kết quả «{outcome[:40]}» không có trong danh sách: {', '.join(OUTCOMES.values())}")
        ok = False
    for name in ("score_before", "score_after"):
        try:
            out[name] = _score(values[name])
        except NotANumber as exc:
            cells.issue(r, name, "not-a-number", str(exc))
            ok = False
    return out if ok else None


def read_workbook(path: Path, year: int, units: dict, report: Report, read: Read) -> None:
    """The objections in one returned workbook, added to ``read``; issues at their cells."""
    shown = display_path(path)
    findings = inspect(path, SELF_LIMITS)
    for f in findings:
        report.append(Issue(shown, None, None, f.code, f.message, ERROR, f.sheet, f.cell))
    if findings:
        return
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # a corrupt or foreign file: openpyxl raises many kinds
        report.append(Issue(shown, None, None, "unreadable", f"không mở được tệp như một bảng tính Excel (.xlsx): {type(exc).__name__}; hãy lưu lại tệp dạng .xlsx"))
        return
    try:
        meta = {}
        if META_SHEET in wb.sheetnames:
            meta = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True) if len(row) == 2 and isinstance(row[0], str)}
        if meta.get("format") != FORMAT or meta.get("kind") != KIND:
            report.append(Issue(shown, None, None, "not-a-form", "tệp này không phải sổ kiến nghị do «dti template --objections» tạo; hãy dùng đúng sổ đã được gửi"))
            return
        if str(meta.get("year")) != str(year):
            report.append(Issue(shown, None, None, "wrong-year", f"đây là sổ kiến nghị năm {meta.get('year')}, không phải năm {year}"))
            return
        if SHEET not in wb.sheetnames:
            report.append(Issue(shown, None, None, "missing-sheet", f"không còn trang «{SHEET}»; hãy lấy lại sổ gốc"))
            return
        names: dict[str, str | None] = {}
        for u in units.values():
            names[u.name.casefold()] = None if u.name.casefold() in names else u.id
        cells = _Cells(report, shown)
        for r, row in enumerate(wb[SHEET].iter_rows(min_row=FIRST, max_col=len(COLUMNS), values_only=True), FIRST):
            values = {name: (row[i] if i < len(row) else None) for i, (name, _, _) in enumerate(COLUMNS)}
            if all(values[n] is None or _text(values[n]) == "" for n in LETTER if n != "id"):
                continue
            got = _row(values, r, cells, units, names)
            if got is None:
                continue
            if got["id"] in read.where:
                at = read.where[got["id"]]
                cells.issue(r, "id", "duplicate-key", f"số kiến nghị {got['id']} đã dùng ở {at[0]}, dòng {at[1]}; mỗi kiến nghị một số riêng")
                continue
            read.rows.append(got)
            read.where[got["id"]] = (shown, r)
    finally:
        wb.close()


def _workbooks(folder: Path, report: Report) -> list[Path]:
    if folder.is_file():
        return [folder]
    found = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", ".~lock.", "."))) if folder.is_dir() else []
    if not found:
        report.append(Issue(display_path(folder), None, None, "no-forms", "không có sổ kiến nghị (.xlsx) nào ở đây"))
    return found


def _csv_rows(rows: list[dict], fmt) -> list[list]:
    header = header_of("objections")
    out = []
    for o in sorted(rows, key=lambda o: (o["received"], o["id"])):
        cells = {**o, "outcome": o["outcome"] or "", "score_before": "" if o["score_before"] is None else package_text(o["score_before"], fmt),
                 "score_after": "" if o["score_after"] is None else package_text(o["score_after"], fmt)}
        out.append([cells.get(h, "") for h in header])
    return out


def _descriptor_with_objections(descriptor: dict) -> dict:
    if not any(isinstance(r, dict) and r.get("name") == RESOURCE for r in descriptor.get("resources", [])):
        descriptor = dict(descriptor, resources=[*descriptor.get("resources", []), resource(RESOURCE, "objections")])
    return descriptor


def collect(data_dir: Path, year: int, folder: Path, check: bool = False) -> tuple[Report, list[Path]]:
    """Read the objections workbooks in ``folder`` (or the one file) into ``data/YEAR/objections.csv``,
    checked against the year; nothing is written when there is an error, or with ``check``."""
    from ..load import NUMBER_FORMATS
    from ..validate import YearWork

    report = Report()
    dataset = _load(Path(data_dir), year, report)
    if dataset is None:
        return report, []
    edition = dataset.editions[year]
    units = {u.id: u for u in edition.units}
    read = Read()
    for path in _workbooks(Path(folder), report):
        read_workbook(path, year, units, report, read)
    if not report.ok:
        return report, []
    year_folder = Path(edition.path)
    descriptor = _descriptor_with_objections(json.loads((year_folder / "datapackage.json").read_text(encoding="utf-8")))
    fmt = NUMBER_FORMATS.get(descriptor.get("dti", {}).get("number_format"), NUMBER_FORMATS["en"])
    rows = _csv_rows(read.rows, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / str(year)
        shutil.copytree(year_folder, trial)
        write_csv(trial / "objections.csv", header_of("objections"), rows)
        (trial / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
        _, _, checked = YearWork(dataset.frameworks, dataset.frameworks, "report")(trial)
    order = sorted(read.rows, key=lambda o: (o["received"], o["id"]))
    for issue in checked.sorted():
        if not issue.file.endswith("objections.csv") or not issue.row or issue.row - 2 >= len(order):
            continue
        shown, r = read.where[order[issue.row - 2]["id"]]
        name = {"unit_id": "unit", "indicator_id": "indicator_id"}.get(issue.field or "", issue.field or "id")
        name = name if name in LETTER else "id"
        report.append(Issue(shown, r, None, issue.code, issue.message, issue.severity, SHEET, f"{LETTER[name]}{r}"))
    if not report.ok or check:
        return report, []
    target = year_folder / "objections.csv"
    write_csv(target, header_of("objections"), rows)
    (year_folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    return report, [target, year_folder / "datapackage.json"]
