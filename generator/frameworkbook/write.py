"""Writing an index-set workbook: an empty one (``dti framework template``), an existing set
(``dti framework export``), and a collected one written back with the tool's answers.

The texts come from the package as written (the CSV cells and the descriptor), so that a workbook read
back gives the same package byte for byte; the words, the trial scores and the printed rules come from
the index set as loaded (:class:`generator.model.Framework`), as the site shows them.
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

from .. import trial
from ..errors import WARNING, Issue, Report, display_path
from ..forms import sheets
from ..forms.guide import _date
from ..forms.layout import Check, how, meaning, value_check
from ..model import Framework, Indicator, InputDef
from ..numeric import compact_vi
from ..rules import RuleSpecError
from ..validate import validate_framework
from .guide import book_guide
from .layout import (
    ALLOWED_WORDS,
    CHOICES,
    DISCREPANCY_COLUMNS,
    DISCREPANCY_HEADING,
    FIRST_ROW,
    FORMAT,
    GUIDE_SHEET,
    HEADER_ROW,
    HINT_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    INFO_FIELDS,
    INFO_SHEET,
    INPUT_COLUMNS,
    INPUT_SHEET,
    LEVEL_WORDS,
    NOTES_HEADING,
    RESOLUTION_WORDS,
    RULE_WORDS,
    RULES_COLUMNS,
    RULES_SHEET,
    SPARE_ROWS,
    TITLE_ROW,
    TRIAL_COLUMNS,
    TRIAL_SHEET,
    TYPE_WORDS,
    UNIT_WORDS,
    spread_options,
    split_yes_no_labels,
)

MAX_LINES = 18  # a very long method text is cut off on screen past this (the cell holds it whole)
PROMPTS = {
    "item": "Theo mức: mã ngắn không dấu (bỏ trống: tự đặt). Theo ngưỡng: ngưỡng, ví dụ 10 hoặc 0,7%; «còn lại» cho mức dưới mọi ngưỡng. "
            "Theo tiêu chí, tỷ lệ có trọng số: tên đầu vào. Mỗi mục một dòng.",
    "item_share": "Phần điểm tối đa: 1, 1/2, 0,5 hoặc 50%. Với tỷ lệ có trọng số: trọng số.",
    "formula": "Tên một đầu vào, hoặc công thức như văn bản: (a+b)/c. Đặt tử số trong ngoặc.",
    "target": "Chỉ tiêu của tỷ lệ, kèm dấu %: 80%.",
}


# --------------------------------------------------------------------------- cells


def _texts_stay_text(wb) -> None:
    """No text of the data is ever a live formula: every text cell goes through the forms' one rule for it
    (:func:`generator.forms.sheets.set_value`)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    sheets.set_value(cell, cell.value)


def _number(text: str):
    """A number of the package as a number cell, when the cell gives the same text back; else the text."""
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        return text
    if value.denominator == 1 and str(value.numerator) == text:
        return int(value)
    as_float = float(value)
    return as_float if repr(as_float) == text else text


def _amount(value) -> int | float:
    """Points (a maximum, a score rounded as published: decimals) as a number cell."""
    return int(value) if Fraction(value).denominator == 1 else float(Fraction(value))


def _figure_cell(d: InputDef, value):
    """A trial figure as its cell shows it: a number (a percentage as typed, 75 for 75 %) or the decision's words."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, str):
        return d.label(value)
    shown = Fraction(value) * 100 if d.type == "percent" else Fraction(value)
    return int(shown) if shown.denominator == 1 else float(shown)


def _header(ws, columns, title: str, hint: str, last: str | None = None) -> None:
    last = last or list(columns.values())[-1].letter
    for row, text, font in ((TITLE_ROW, title, sheets.TITLE), (HINT_ROW, hint, sheets.HINT)):
        sheets.merge(ws, f"A{row}:{last}{row}")
        sheets.put(ws, f"A{row}", text, font=font, border=sheets.Border(), alignment=sheets.WRAP)
    width = sum(c.width for c in columns.values())
    ws.row_dimensions[TITLE_ROW].height = sheets.height(sheets.lines(title, width * 0.75, True)) + 4
    ws.row_dimensions[HINT_ROW].height = sheets.height(sheets.lines(hint, width))
    tallest = 1
    for col in columns.values():
        sheets.put(ws, f"{col.letter}{HEADER_ROW}", col.title, font=sheets.HEADER, fill=sheets.HEADER_FILL, alignment=sheets.HEADER_ALIGN)
        ws.column_dimensions[col.letter].width = col.width
        if col.text:
            ws.column_dimensions[col.letter].number_format = "@"
        tallest = max(tallest, sheets.lines(col.title, col.width, True))
    ws.row_dimensions[HEADER_ROW].height = sheets.height(tallest)
    ws.freeze_panes = f"A{FIRST_ROW}"


def _lists(ws, lists: sheets.Lists, drops: dict[str, dict], columns, last_row: int, prompts: dict[str, str] | None = None) -> None:
    """Drop-downs (and prompts) on whole columns, from the first row to the spare rows below the last."""
    checks = {}
    for name, words in drops.items():
        letter = columns[name].letter
        items = tuple(str(w) for w in words.values())
        checks[f"{letter}{FIRST_ROW}:{letter}{last_row + SPARE_ROWS}"] = Check("list", items=items, prompt="Chọn trong danh sách.", error="Hãy chọn một mục trong danh sách.")
    for name, prompt in (prompts or {}).items():
        letter = columns[name].letter
        checks[f"{letter}{FIRST_ROW}:{letter}{last_row + SPARE_ROWS}"] = Check(None, prompt=prompt)
    sheets.add_checks(ws, checks, lists)


def _height(texts: list[tuple[object, float]]) -> float:
    return sheets.height(min(MAX_LINES, max(sheets.lines(t, w) for t, w in texts)))


# --------------------------------------------------------------------------- the sheets an official fills


def _info_sheet(ws, lists, descriptor: dict, fid: str) -> None:
    widths = {"A": 48, "B": 70, "C": 12, "D": 12, "E": 22}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
        ws.column_dimensions[letter].number_format = "@" if letter in "ABE" else "General"
    sheets.merge(ws, f"A{TITLE_ROW}:E{TITLE_ROW}")
    sheets.put(ws, f"A{TITLE_ROW}", "THÔNG TIN CHUNG CỦA BỘ CHỈ SỐ", font=sheets.TITLE, border=sheets.Border())
    sheets.merge(ws, f"A{HINT_ROW}:E{HINT_ROW}")
    sheets.put(ws, f"A{HINT_ROW}", "Ghi ở cột B. Các ô có dấu ▾: chọn trong danh sách. Ghi chú và các chỉ số cha có điểm khác tổng: thêm dòng nếu cần.", font=sheets.HINT, border=sheets.Border())
    ws.row_dimensions[HINT_ROW].height = sheets.height(2)
    dti = descriptor.get("dti", {}) if isinstance(descriptor.get("dti"), dict) else {}
    legal = dti.get("legal_basis", {}) if isinstance(dti.get("legal_basis"), dict) else {}
    values = {
        "id": fid, "title": descriptor.get("title", ""), "unit_type": UNIT_WORDS.get(dti.get("unit_type"), dti.get("unit_type", "")),
        "total_points": dti.get("total_points"), "not_evaluated_allowed": ALLOWED_WORDS.get(dti.get("not_evaluated_allowed"), ""),
        **{key: legal.get(key, "") for key in ("document", "date", "issuer", "province", "part", "replaces")},
    }
    checks = {}
    r = FIRST_ROW
    for key, label, _, words in INFO_FIELDS:
        sheets.put(ws, f"A{r}", label, font=sheets.BOLD, fill=sheets.SHADE_FILL)
        value = values.get(key)
        sheets.put(ws, f"B{r}", None if value in (None, "") else value, fill=sheets.PLAIN_FILL if key == "id" else sheets.ENTRY_FILL)
        ws.row_dimensions[r].height = _height([(label, 48), (value, 70)])
        if words:
            checks[f"B{r}"] = Check("list", items=tuple(words.values()), prompt="Chọn trong danh sách.", error="Hãy chọn một mục trong danh sách.")
        r += 1
    notes = [n for n in dti.get("notes", []) if isinstance(n, str)] if isinstance(dti.get("notes"), list) else []
    r += 1
    sheets.put(ws, f"A{r}", NOTES_HEADING, font=sheets.BOLD, fill=sheets.LEVEL_FILLS["main"])
    sheets.put(ws, f"B{r}", None, fill=sheets.LEVEL_FILLS["main"])
    for i, note in enumerate(notes + [None] * max(3, 6 - len(notes)), 1):
        r += 1
        sheets.put(ws, f"A{r}", f"Ghi chú {i}", font=sheets.HINT)
        sheets.put(ws, f"B{r}", note, fill=sheets.ENTRY_FILL)
        ws.row_dimensions[r].height = _height([(note, 70)])
    discrepancies = [d for d in dti.get("discrepancies", []) if isinstance(d, dict)] if isinstance(dti.get("discrepancies"), list) else []
    r += 2
    sheets.put(ws, f"A{r}", DISCREPANCY_HEADING, font=sheets.BOLD, fill=sheets.LEVEL_FILLS["main"])
    r += 1
    for col in DISCREPANCY_COLUMNS.values():
        sheets.put(ws, f"{col.letter}{r}", col.title, font=sheets.HEADER, fill=sheets.HEADER_FILL, alignment=sheets.HEADER_ALIGN)
    ws.row_dimensions[r].height = sheets.height(2)
    for d in discrepancies + [{}] * max(2, 3 - len(discrepancies)):
        r += 1
        for col in DISCREPANCY_COLUMNS.values():
            value = d.get(col.name)
            if col.name == "resolution":
                value = RESOLUTION_WORDS.get(value, value)
            sheets.put(ws, f"{col.letter}{r}", value, fill=sheets.ENTRY_FILL, alignment=sheets.WRAP_CENTER if not col.text else sheets.WRAP)
        checks[f"E{r}"] = Check("list", items=tuple(RESOLUTION_WORDS.values()), prompt="Chọn trong danh sách.", error="Hãy chọn một mục trong danh sách.")
        ws.row_dimensions[r].height = _height([(d.get("explanation"), 70), (d.get("indicator"), 48)])
    sheets.add_checks(ws, checks, lists)
    sheets.print_setup(ws, "E", r, None, landscape=False)


def _indicator_cells(raw: dict, ind: Indicator | None, fw: Framework | None, report: Report, shown: str) -> list[dict[str, object]]:
    """The rows of one indicator: its own cells on the first, its items one per row."""
    kind = raw.get("rule", "")
    try:
        items, cells = spread_options(kind, raw.get("options", ""))
    except RuleSpecError as exc:
        report.append(Issue(shown, None, None, "bad-rule", f"chỉ số {raw.get('id')}: tham số «{raw.get('options')}» không ghi được vào sổ ({exc}); hãy ghi lại ở sổ", WARNING))
        items, cells = [], {}
    words = {}
    if kind == "levels" and ind is not None and ind.rule is not None and ind.rule.formula is not None:
        d = ind.input(ind.rule.formula.names[0])
        if d is not None and [c for c, _ in d.labels] == [i.key for i in items]:
            words = dict(d.labels)
    first: dict[str, object] = {name: raw.get(name, "") for name in ("id", "parent", "name", "formula", "method", "agency", "responsible", "evidence", "note")}
    first["level"] = LEVEL_WORDS.get(raw.get("level", ""), raw.get("level", ""))
    first["rule"] = RULE_WORDS.get(kind, kind)
    first["max_points"] = _number(raw.get("max_points", ""))
    for name, value in cells.items():
        first[name] = CHOICES[name].get(value, value) if name in CHOICES else value
    if ind is not None:
        first["words"] = ind.describe() if ind.rule is not None or not ind.is_leaf else ""
    rows = [first] + [{} for _ in items[1:]]
    for row, item in zip(rows, items):
        row.update(item=item.key, item_share=item.share, item_words=words.get(item.key, item.words))
    return rows


def _indicator_sheet(ws, lists, rows: list[dict], fw: Framework | None, report: Report, shown: str, title: str) -> None:
    cols = INDICATOR_COLUMNS
    _header(ws, cols, f"CÁC CHỈ SỐ — {title.upper()}" if title else "CÁC CHỈ SỐ CỦA BỘ CHỈ SỐ",
            "Mỗi chỉ số một dòng như bảng của quyết định. Cách tính có nhiều mức, ngưỡng, tiêu chí: mục đầu ở dòng của chỉ số, mỗi mục sau một dòng "
            "bên dưới (để trống mã chỉ số). Cột cuối do công cụ ghi. Xem trang «Hướng dẫn».")
    r = FIRST_ROW
    for raw in rows:
        ind = fw.indicators.get(raw.get("id", "")) if fw else None
        fill = sheets.LEVEL_FILLS.get(raw.get("level", ""), sheets.PLAIN_FILL)
        for i, cells in enumerate(_indicator_cells(raw, ind, fw, report, shown)):
            for col in cols.values():
                value = cells.get(col.name)
                value = None if value == "" else value
                font = sheets.BOLD if col.name in ("id", "max_points") and i == 0 else sheets.NORMAL
                cell_fill = sheets.SHADE_FILL if col.name == "words" else fill
                sheets.put(ws, f"{col.letter}{r}", value, font=font, fill=cell_fill, border=sheets.GRID_TOP if i == 0 else sheets.GRID,
                           alignment=sheets.WRAP_CENTER if col.name == "max_points" else sheets.WRAP)
            ws.row_dimensions[r].height = _height([(cells.get(n), cols[n].width) for n in ("name", "method", "words", "evidence", "item_words", "item")])
            r += 1
    _lists(ws, lists, {name: CHOICES[name] for name in ("level", "rule", "below", "on_zero", "over_100", "if_all_equal")}, cols, r, PROMPTS)
    sheets.print_setup(ws, cols["words"].letter, max(r - 1, HEADER_ROW), f"{HEADER_ROW}:{HEADER_ROW}")


def _input_sheet(ws, lists, rows: list[dict], fw: Framework | None) -> None:
    cols = INPUT_COLUMNS
    _header(ws, cols, "SỐ LIỆU ĐẦU VÀO CỦA CÁC CHỈ SỐ",
            "Mỗi số liệu đơn vị phải nộp một dòng: mã chỉ số, tên dùng trong công thức, kiểu, ý nghĩa như văn bản. "
            "Lời của các mức ghi ở trang «Chỉ số» (cột «Lời văn bản của mức»).")
    levels_on_items = set()
    if fw is not None:
        for ind in fw.indicators.values():
            if ind.rule is not None and ind.rule.kind == "levels" and ind.rule.formula is not None:
                d = ind.input(ind.rule.formula.names[0])
                if d is not None and [c for c, _ in d.labels] == list(ind.rule.levels()):
                    levels_on_items.add((ind.id, d.name))
    r = FIRST_ROW
    for raw in rows:
        cells = {name: raw.get(name, "") for name in ("indicator_id", "name", "meaning", "unit")}
        cells["type"] = TYPE_WORDS.get(raw.get("type", ""), raw.get("type", ""))
        labels = raw.get("labels", "")
        if labels and (raw.get("indicator_id"), raw.get("name")) not in levels_on_items:
            split = split_yes_no_labels(labels)
            if split is not None:
                cells["yes_words"], cells["no_words"] = split
        for col in cols.values():
            value = cells.get(col.name)
            sheets.put(ws, f"{col.letter}{r}", None if value == "" else value)
        ws.row_dimensions[r].height = _height([(cells.get("meaning"), cols["meaning"].width)])
        r += 1
    _lists(ws, lists, {"type": TYPE_WORDS}, cols, r)
    sheets.print_setup(ws, cols["no_words"].letter, max(r - 1, HEADER_ROW), f"{HEADER_ROW}:{HEADER_ROW}")


# --------------------------------------------------------------------------- the tool's answers


def trial_of(ind: Indicator, figures: dict | None) -> trial.Trial:
    """The trial of one leaf: the figures an official typed where there are any, else the tool's example."""
    values = figures if figures else trial.example(ind)
    return trial.run(ind, values)


def _trial_sheet(ws, lists, fw: Framework | None, figures: dict) -> None:
    cols = TRIAL_COLUMNS
    _header(ws, cols, "THỬ TÍNH ĐIỂM", "Gõ số liệu thử ở các ô màu vàng rồi thu sổ («dti framework collect»): công cụ ghi điểm nó sẽ cho và từng bước tính. "
            "Số liệu ở đây chỉ để thử, không vào bộ chỉ số.", last=cols["steps"].letter)
    ws.column_dimensions[cols["key"].letter].hidden = True
    if fw is None:
        sheets.put(ws, f"A{FIRST_ROW}", "(Trang này có nội dung sau khi thu sổ lần đầu.)", font=sheets.HINT, border=sheets.Border())
        sheets.protect(ws)
        return
    checks = {}
    r = FIRST_ROW
    for ind in fw.walk():
        if not ind.is_leaf:
            fill = sheets.LEVEL_FILLS.get(ind.level, sheets.SUB_FILL)
            for col in cols.values():
                value = {"indicator": ind.id, "name": f"{ind.name} — tối đa {compact_vi(ind.max_points)} điểm", "key": f"{ind.id}|#"}.get(col.name)
                sheets.put(ws, f"{col.letter}{r}", value, font=sheets.BOLD, fill=fill)
            r += 1
            continue
        result = trial_of(ind, figures.get(ind.id)) if ind.rule is not None else None
        block = list(ind.inputs) or [None]
        for i, d in enumerate(block):
            cells = {"key": f"{ind.id}|{d.name if d else ''}", "meaning": meaning(d), "how": how(d, ind.max_points)}
            if i == 0:
                cells.update(indicator=ind.id, name=ind.name, max=_amount(ind.max_points))
                if result is not None:
                    cells["points"] = "—" if result.points is None else _amount(result.points)  # «—»: scored among the units
                    cells["steps"] = result.text()
            for col in cols.values():
                entry = col.name == "value" and d is not None
                value = _figure_cell(d, (result.values if result else {}).get(d.name)) if entry else cells.get(col.name)
                sheets.put(ws, f"{col.letter}{r}", value, fill=sheets.ENTRY_FILL if entry else sheets.PLAIN_FILL, locked=not entry,
                           font=sheets.BOLD if col.name in ("indicator", "points") else sheets.KEY if col.name == "key" else sheets.NORMAL,
                           border=sheets.GRID_TOP if i == 0 else sheets.GRID, alignment=sheets.WRAP_CENTER if col.name in ("max", "points", "value") else sheets.WRAP)
                if entry:
                    checks[f"{col.letter}{r}"] = value_check(d, ind.max_points)
            ws.row_dimensions[r].height = _height([(cells.get("meaning"), cols["meaning"].width), (cells.get("steps"), cols["steps"].width * len(block))]) if len(block) == 1 else _height([(cells.get("meaning"), cols["meaning"].width)])
            r += 1
        if len(block) > 1:
            for name in ("name", "steps", "points"):
                letter = cols[name].letter
                sheets.merge(ws, f"{letter}{r - len(block)}:{letter}{r - 1}")
            need = max(sheets.lines(result.text() if result else "", cols["steps"].width), sheets.lines(ind.name, cols["name"].width))
            have = sum(sheets.lines(meaning(d), cols["meaning"].width) for d in block)
            if need > have:
                ws.row_dimensions[r - 1].height = sheets.height(min(MAX_LINES, sheets.lines(meaning(block[-1]), cols["meaning"].width) + need - have))
    sheets.add_checks(ws, checks, lists)
    sheets.print_setup(ws, cols["steps"].letter, r - 1, f"{HEADER_ROW}:{HEADER_ROW}")
    sheets.protect(ws)


def _example_text(ind: Indicator, figures: dict | None) -> str:
    result = trial_of(ind, figures)
    # the decision's letters are given first; an input with a name is named by its meaning in the steps
    given = ", ".join(f"{d.name} = {trial.figure(d, result.values.get(d.name))}" for d in ind.inputs if d.name in result.values and len(d.name) == 1)
    return (f"Với {given}:\n" if given else "Ví dụ:\n") + "\n".join(f"{i}) {s}" for i, s in enumerate(result.steps, 1))


def _rules_sheet(ws, fw: Framework | None, figures: dict, descriptor: dict) -> None:
    cols = RULES_COLUMNS
    title = str(descriptor.get("title", "")) or (fw.title if fw else "")
    legal = (descriptor.get("dti") or {}).get("legal_basis") or {}
    basis = " ".join(p for p in (legal.get("document", ""), f"ngày {_date(legal['date'])}" if legal.get("date") else "", f"của {legal['issuer']}" if legal.get("issuer") else "") if p)
    _header(ws, cols, f"BẢNG QUY TẮC TÍNH ĐIỂM — {title.upper()}" if title else "BẢNG QUY TẮC TÍNH ĐIỂM",
            (f"Theo {basis}. " if basis else "") + "Mỗi chỉ số: cách tính điểm bằng lời (như trang kết quả hiển thị) và một ví dụ tính. "
            "Điểm của mỗi chỉ số được làm tròn một lần, 2 chữ số thập phân, như khi công bố.")
    if fw is None:
        sheets.put(ws, f"A{FIRST_ROW}", "(Trang này có nội dung sau khi thu sổ lần đầu.)", font=sheets.HINT, border=sheets.Border())
        sheets.protect(ws)
        return
    r = FIRST_ROW
    for ind in fw.walk():
        parent = not ind.is_leaf
        fill = sheets.LEVEL_FILLS.get(ind.level, sheets.SUB_FILL) if parent else sheets.PLAIN_FILL
        cells = {
            "indicator": ind.id, "name": ind.name, "max": _amount(ind.max_points),
            "rule": ind.describe() if ind.rule is not None or parent else "(chưa có cách tính)",
            "example": _example_text(ind, figures.get(ind.id)) if ind.rule is not None else "",
        }
        for col in cols.values():
            sheets.put(ws, f"{col.letter}{r}", cells[col.name] or None, fill=fill, font=sheets.BOLD if parent or col.name == "indicator" else sheets.NORMAL,
                       alignment=sheets.WRAP_CENTER if col.name == "max" else sheets.WRAP)
        ws.row_dimensions[r].height = sheets.height(max(sheets.lines(cells[n], cols[n].width) for n in ("name", "rule", "example")))
        r += 1
    sheets.put(ws, f"A{r}", "Tổng", font=sheets.BOLD)
    sheets.put(ws, f"C{r}", _amount(fw.max_points), font=sheets.BOLD, alignment=sheets.WRAP_CENTER)
    last = r
    r += 2
    for letter, who in (("B", "NGƯỜI LẬP BẢNG"), ("D", "CHỦ TỊCH HỘI ĐỒNG THẨM ĐỊNH")):
        sheets.put(ws, f"{letter}{r}", who, font=sheets.BOLD, border=sheets.Border(), alignment=sheets.HEADER_ALIGN)
        sheets.put(ws, f"{letter}{r + 1}", "(Ký, ghi rõ họ tên)", font=sheets.HINT, border=sheets.Border(), alignment=sheets.HEADER_ALIGN)
    ws.row_dimensions[r + 2].height = sheets.height(4)
    sheets.print_setup(ws, cols["example"].letter, max(last, r + 3), f"{HEADER_ROW}:{HEADER_ROW}")
    sheets.protect(ws)


# --------------------------------------------------------------------------- whole workbooks


def write_book(path: Path, fid: str, descriptor: dict, indicator_rows: list[dict], input_rows: list[dict], fw: Framework | None,
               figures: dict | None = None, report: Report | None = None) -> Report:
    """Write the workbook of a package (its descriptor and CSV rows as texts) with the tool's answers
    (``fw`` loaded from it, ``figures`` the trial figures by indicator)."""
    report = report if report is not None else Report()
    figures = figures or {}
    wb = sheets.new_workbook()
    title = str(descriptor.get("title", ""))
    sheets.write_guide(wb, GUIDE_SHEET, book_guide(title))
    wb[GUIDE_SHEET].page_setup.fitToHeight = 0
    info, indicators, inputs = wb.create_sheet(INFO_SHEET), wb.create_sheet(INDICATOR_SHEET), wb.create_sheet(INPUT_SHEET)
    trials, rules = wb.create_sheet(TRIAL_SHEET), wb.create_sheet(RULES_SHEET)
    lists = sheets.Lists(wb)
    _info_sheet(info, lists, descriptor, fid)
    _indicator_sheet(indicators, lists, indicator_rows, fw, report, display_path(path), title)
    _input_sheet(inputs, lists, input_rows, fw)
    _trial_sheet(trials, lists, fw, figures)
    _rules_sheet(rules, fw, figures, descriptor)
    lists.finish()
    sheets.write_meta(wb, [("format", FORMAT), ("framework", fid)])
    _texts_stay_text(wb)
    sheets.save(wb, path)
    return report


def write_template(path: Path) -> None:
    """An empty workbook for a new index set."""
    write_book(path, "", {}, [], [], None)


def package_texts(folder: Path) -> tuple[dict, list[dict], list[dict]]:
    """A package as written: its descriptor and the rows of its two tables, every cell a text."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    tables = []
    for name in ("indicators", "inputs"):
        with open(folder / (paths.get(name) or f"{name}.csv"), encoding="utf-8-sig", newline="") as f:
            tables.append([{k: v or "" for k, v in row.items() if k is not None} for row in csv.DictReader(f)])
    return descriptor, tables[0], tables[1]


def export(folder: Path, path: Path, figures: dict | None = None) -> tuple[Report, bool]:
    """``dti framework export``: an existing index set in the workbook; the report, and whether the
    workbook was written. A set that cannot be read is refused; one with errors is written (its problems
    listed), so that it can be corrected there."""
    fw, report = validate_framework(folder)
    if fw is None:
        return report, False
    descriptor, indicator_rows, input_rows = package_texts(folder)
    return write_book(path, folder.name, descriptor, indicator_rows, input_rows, fw, figures, report), True


def example_figures(fw: Framework) -> dict[str, dict]:
    """The trial figures the tool chooses for every leaf (what a new workbook's «Thử tính» holds)."""
    return {ind.id: trial.example(ind) for ind in fw.leaves() if ind.rule is not None}

