"""A small province for the cycle from draft to decision: five communes on the 50-point index set
REAL_YEAR_FRAMEWORK (tests/helpers.py), scored by hand below.

The index set: 1.1 yes/no «da_co» (10); 1.2 a/b × 10 with b = 10 here, so a points; 2.1 a level «muc»
(cao 10, thap 5, khong 0); 2.2 points «diem» the council enters (the points themselves); 2.3 a percent
«p» against a target of 80 %: p ≥ 80 → 10, else p / 80 × 10.

The draft (every figure as the unit gave it, the council accepting them all):

    unit     1.1  1.2  | 1 || 2.1  2.2  2.3    | 2    || total | DTI %  | rank
    xa-an     10    9  | 19 ||  10    8  10     | 28   || 47    | 94,00  | 1
    xa-binh   10    8  | 18 ||   5    6   7,5   | 18,5 || 36,5  | 73,00  | 2   (p = 60: 60/80 × 10)
    xa-chau    0   10  | 10 ||  10    7   5     | 22   || 32    | 64,00  | 5   (p = 40: 40/80 × 10)
    xa-dong   10    5  | 15 ||   5    5   9     | 19   || 34    | 68,00  | 4   (p = 72: 72/80 × 10)
    xa-em     10    6  | 16 ||   0    9  10     | 19   || 35    | 70,00  | 3

The objections, answered by the council:

    KN-01 xa-binh 2.1  accepted  the unit runs it in full: muc thap → cao, 5 → 10
    KN-02 xa-chau 1.1  accepted  the section exists: da_co không → có, 0 → 10
    KN-03 xa-dong 2.3  partly    the unit says 80 %, the council finds 76 %: 9 → 76/80 × 10 = 9,5
    KN-04 xa-em   2.1  rejected  no change
    KN-05 xa-an   (its whole result) rejected  no change

The decision (the council's figures in the appraised columns):

    unit     1    2     total  DTI %  rank
    xa-an    19   28    47     94,00  1
    xa-chau  20   22    42     84,00  2
    xa-binh  18   23,5  41,5   83,00  3
    xa-em    16   19    35     70,00  4
    xa-dong  15   19,5  34,5   69,00  5
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator.packaging import header_of, json_text, resource, write_csv

from .helpers import REAL_YEAR_FRAMEWORK, REAL_YEAR_INPUTS, write_edition, write_framework

YEAR = 2024
UNITS = [("xa-an", "Xã An"), ("xa-binh", "Xã Bình"), ("xa-chau", "Xã Châu"), ("xa-dong", "Xã Đông"), ("xa-em", "Xã Êm")]
DRAFT_FIGURES = {  # unit: (da_co, a of 1.2, muc, diem, p)
    "xa-an": ("có", 9, "cao", 8, 80),
    "xa-binh": ("có", 8, "thap", 6, 60),
    "xa-chau": ("không", 10, "cao", 7, 40),
    "xa-dong": ("có", 5, "thap", 5, 72),
    "xa-em": ("có", 6, "khong", 9, 80),
}
# What the council changed after the objections: (unit, indicator, input) → the appraised figure, and its note.
COUNCIL = {("xa-binh", "2.1", "muc"): "cao", ("xa-chau", "1.1", "da_co"): "có", ("xa-dong", "2.3", "p"): "76"}
NOTES = {
    ("xa-binh", "2.1"): "Chấp nhận kiến nghị KN-01: biên bản cho thấy xã triển khai đầy đủ.",
    ("xa-chau", "1.1"): "Chấp nhận kiến nghị KN-02: chuyên mục đã có trên cổng của xã.",
    ("xa-dong", "2.3"): "Chấp nhận một phần kiến nghị KN-03: tỷ lệ kiểm tra được là 76 %.",
}
EVIDENCE = [dict(unit_id="xa-chau", indicator_id="1.1", title="Chuyên mục chuyển đổi số", url="https://xa-chau.example.gov.vn/chuyen-doi-so")]
DECISION = ("Quyết định số 100/QĐ-UBND ngày 10/3/2025", "2025-03-10")
DRAFT_SENT = "2025-02-10"

# The objections as the secretariat received them (unit label as the workbook lists it, indicator, date, text) …
RECEIVED = [
    ("KN-01", "Xã Bình (xa-binh)", "2.1", "12/02/2025", "Xã đã triển khai đầy đủ nền tảng số ở mọi thôn; đề nghị chấm mức «Triển khai đầy đủ»."),
    ("KN-02", "Xã Châu (xa-chau)", "1.1", "13/02/2025", "Xã đã có chuyên mục chuyển đổi số trên cổng thông tin từ tháng 6."),
    ("KN-03", "Xã Đông (xa-dong)", "2.3", "14/02/2025", "Tỷ lệ hồ sơ trực tuyến của xã là 80 %, không phải 72 %."),
    ("KN-04", "Xã Êm (xa-em)", "2.1", "17/02/2025", "Đề nghị xem xét mức triển khai của xã."),
    ("KN-05", "Xã An (xa-an)", "", "20/02/2025", "Đề nghị xem lại toàn bộ kết quả của xã."),
]
# … and the council's answers: outcome as the workbook's list words it, score before and after.
ANSWERS = {
    "KN-01": ("Biên bản kiểm tra xác nhận xã triển khai đầy đủ; chấm lại mức «Triển khai đầy đủ».", "Chấp nhận", 5, 10),
    "KN-02": ("Chuyên mục có trên cổng của xã; chấm lại «Có».", "Chấp nhận", 0, 10),
    "KN-03": ("Số liệu trên cổng quốc gia kiểm tra được là 76 %, không phải 80 %.", "Chấp nhận một phần", "9", "9,5"),
    "KN-04": ("Xã chưa triển khai; giữ nguyên mức chấm.", "Không chấp nhận", None, None),
    "KN-05": ("Kết quả đã được thẩm định theo đúng số liệu xã gửi; giữ nguyên.", "Không chấp nhận", None, None),
}


def _inputs(council: bool) -> list[dict]:
    rows = []
    for uid, (da_co, a12, muc, diem, p) in DRAFT_FIGURES.items():
        for ind, name, value in (("1.1", "da_co", da_co), ("1.2", "a", a12), ("1.2", "b", 10), ("2.1", "muc", muc), ("2.2", "diem", diem), ("2.3", "p", p)):
            appraised = COUNCIL.get((uid, ind, name), "") if council else ""
            rows.append(dict(unit_id=uid, indicator_id=ind, input=name, self_value=value, appraised_value=appraised))
    return rows


def write_province(data: Path, draft: bool = True) -> Path:
    """``data/`` with the index set and the year as the draft sent out (``draft``: marked so in its package)."""
    write_framework(data / "frameworks" / "r", REAL_YEAR_FRAMEWORK, REAL_YEAR_INPUTS)
    folder = write_edition(data / str(YEAR), YEAR, {"commune": "r"}, [dict(id=i, name=n, type="commune") for i, n in UNITS], _inputs(False), evidence=EVIDENCE)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["dti"]["publication"] = {"decision": "", "date": "", "draft": True} if draft else {"decision": DECISION[0], "date": DECISION[1]}
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    return folder


def apply_decision(folder: Path) -> None:
    """The council's answers in the year's figures and notes, and the decision in its package."""
    write_csv(folder / "inputs.csv", header_of("inputs"), [[r.get(h, "") for h in header_of("inputs")] for r in _inputs(True)])
    rows = [dict(unit_id=u, indicator_id=i, note=n) for (u, i), n in NOTES.items()]
    write_csv(folder / "assessments.csv", header_of("assessments"), [[r.get(h, "") for h in header_of("assessments")] for r in rows])
    set_decision(folder, *DECISION)


def set_decision(folder: Path, decision: str, when: str) -> None:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["dti"]["publication"] = {"decision": decision, "date": when}
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")


def objections_rows(answered: bool = True) -> list[dict]:
    """The objections as objections.csv holds them (for tests that do not go through the workbook)."""
    codes = {"Chấp nhận": "accepted", "Chấp nhận một phần": "partly", "Không chấp nhận": "rejected"}
    out = []
    for oid, label, ind, day, request in RECEIVED:
        d, m, y = day.split("/")
        answer, outcome, before, after = ANSWERS[oid] if answered else ("", "", None, None)
        out.append(dict(
            id=oid, unit_id=label.rsplit("(", 1)[1].rstrip(")"), indicator_id=ind, received=f"{y}-{m}-{d}", request=request, answer=answer,
            outcome=codes.get(outcome, ""), score_before="" if before is None else str(before).replace(",", "."), score_after="" if after is None else str(after).replace(",", "."),
        ))
    return out


def write_objections(folder: Path, rows: list[dict]) -> None:
    write_csv(folder / "objections.csv", header_of("objections"), [[r.get(h, "") for h in header_of("objections")] for r in rows])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    if not any(r["name"] == "objections" for r in descriptor["resources"]):
        descriptor["resources"].append(resource("objections", "objections"))
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def fill_objections(path: Path, rows: dict[int, dict[str, object]]) -> None:
    """Type into the objections workbook as the secretariat would: by row, column letter → value."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Kiến nghị"]
    for r, cells in rows.items():
        for letter, value in cells.items():
            ws[f"{letter}{r}"] = value
    wb.save(path)
