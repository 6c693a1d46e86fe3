"""Where everything is in an index-set workbook, and how its cells become a package's texts and back.

The writer (:mod:`generator.frameworkbook.write`) and the reader (:mod:`generator.frameworkbook.read`) both
work from this module: the sheets and their columns, the words of every drop-down, and how a rule's
``options`` text is spread over labelled columns and item rows (:func:`spread_options`) and put back
together (:func:`join_options`). Nothing here reads or writes a file.

An indicator is one row of the «Chỉ số» sheet, like a row of the decision's table. A rule kind with items
(the levels of «Theo mức» with their words, the thresholds of «Theo ngưỡng» written «từ … trở lên → …
phần điểm tối đa», the criteria of «Theo tiêu chí», the parts of «Tỷ lệ có trọng số») has its first item on
the indicator's row and each further item on a row below, whose id cell is empty. Options are always put
back in one order: the items, then ``else``, then :data:`OPTION_ORDER`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..model import UNIT_TYPE_LABELS
from ..rules import RULES, RuleSpecError, parse_options

FORMAT = "dti-bo-chi-so/1"
GUIDE_SHEET = "Hướng dẫn"
INFO_SHEET = "Thông tin chung"
INDICATOR_SHEET = "Chỉ số"
INPUT_SHEET = "Số liệu đầu vào"
TRIAL_SHEET = "Thử tính"
RULES_SHEET = "Bảng quy tắc tính điểm"
META_SHEET = "_dti"  # the very hidden sheet, named as in the forms
AUTHORED = (INFO_SHEET, INDICATOR_SHEET, INPUT_SHEET)  # the sheets an official fills

TITLE_ROW, HINT_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
SPARE_ROWS = 300  # rows below the last one with drop-downs and text formats ready for more indicators


@dataclass(frozen=True)
class Column:
    name: str
    letter: str
    title: str
    width: float
    text: bool = True  # cells take text as typed (Excel's «@» format: «1/2» stays 1/2, «1.10» stays 1.10)


def _columns(*specs) -> dict[str, Column]:
    return {spec[0]: Column(spec[0], get_column_letter(i), *spec[1:]) for i, spec in enumerate(specs, 1)}


INDICATOR_COLUMNS = _columns(
    ("id", "Mã chỉ số", 8),
    ("parent", "Chỉ số cha", 8),
    ("level", "Cấp ▾", 14),
    ("name", "Tên chỉ số", 36),
    ("max_points", "Điểm tối đa", 8, False),
    ("rule", "Cách tính điểm ▾", 20),
    ("formula", "Công thức, hoặc số liệu được xét (a, b, c…)", 14),
    ("item", "Mức / tiêu chí / ngưỡng «từ … trở lên» / đầu vào có trọng số (mỗi mục một dòng)", 18),
    ("item_words", "Lời văn bản của mức", 28),
    ("item_share", "→ phần điểm tối đa", 10),
    ("target", "Chỉ tiêu", 9),
    ("below", "Dưới chỉ tiêu ▾", 18),
    ("full_at", "Đủ điểm khi số lượng đạt", 10),
    ("per_item", "Điểm cho mỗi đơn vị tính", 10),
    ("gate", "Chỉ chấm khi đầu vào này là «có»", 15),
    ("on_zero", "Khi mẫu số bằng 0 ▾", 18),
    ("on_zero_if", "… đầu vào có/không của điều kiện", 15),
    ("over_100", "Tỷ lệ trên 100 % ▾", 16),
    ("if_all_equal", "Khi mọi đơn vị bằng nhau ▾", 18),
    ("source", "Nguồn của tỷ lệ", 18),
    ("method", "Cách tính điểm theo văn bản (dán nguyên văn)", 44),
    ("agency", "Đơn vị đánh giá, thẩm định", 20),
    ("responsible", "Đơn vị chủ trì, phối hợp", 20),
    ("evidence", "Tài liệu kiểm chứng", 28),
    ("note", "Ghi chú khi nhập", 24),
    ("words", "Cách tính bằng lời (công cụ ghi khi thu, khi xuất; không cần sửa)", 44),
)
INPUT_COLUMNS = _columns(
    ("indicator_id", "Mã chỉ số", 9),
    ("name", "Tên đầu vào (chữ cái a, b, c… của văn bản, hoặc tên ngắn không dấu)", 18),
    ("type", "Kiểu ▾", 24),
    ("meaning", "Ý nghĩa (theo văn bản)", 56),
    ("unit", "Đơn vị tính", 14),
    ("yes_words", "Lời văn bản cho «Có» (nếu khác «Có»)", 24),
    ("no_words", "Lời văn bản cho «Không» (nếu khác «Không»)", 24),
)
ITEM_FIELDS = ("item", "item_words", "item_share")
TOOL_FIELDS = ("words",)  # written by the tool, never read
# The CSV columns of indicators.csv, each with the workbook column it comes from (options is spread out).
INDICATOR_FIELDS = ("id", "parent", "level", "name", "max_points", "rule", "formula", "agency", "responsible", "evidence", "method", "note")
MULTILINE_FIELDS = frozenset({"method", "evidence", "note", "meaning", "item_words"})

# The options in labelled columns, in the order they are written back after the items and «else».
OPTION_ORDER = ("target", "below", "full_at", "per_item", "on_zero", "over_100", "if_all_equal", "source", "gate")
ITEM_KINDS = ("levels", "tiers", "checklist", "weighted_shares")

# --------------------------------------------------------------------------- words of the drop-downs

SUM = "sum"
LEVEL_WORDS = {"group": "Nhóm chỉ số", "main": "Chỉ số chính", "component": "Chỉ số thành phần", "criterion": "Tiêu chí"}
RULE_WORDS = {SUM: "Tổng các chỉ số con", **{kind: cls.label for kind, cls in RULES.items()}}
TYPE_WORDS = {
    "count": "Số lượng (số nguyên)",
    "amount": "Số (số tiền, số thập phân)",
    "percent": "Tỷ lệ phần trăm (0–100)",
    "yes_no": "Có/không",
    "level": "Mức (của cách tính «Theo mức»)",
    "points": "Điểm Hội đồng chấm",
}
UNIT_WORDS = dict(UNIT_TYPE_LABELS)
BELOW_WORDS = {"scaled": "tỷ lệ ÷ chỉ tiêu × điểm tối đa", "linear": "tỷ lệ × điểm tối đa"}
ON_ZERO_WORDS = {"max": "điểm tối đa", "zero": "0 điểm", "max_if": "điểm tối đa nếu đầu vào bên cạnh là «có», ngược lại 0"}
OVER_100_WORDS = {"error": "báo lỗi số liệu", "cap": "tính là 100 % (không vượt điểm tối đa)"}
IF_ALL_EQUAL_WORDS = {"max": "điểm tối đa", "zero": "0 điểm", "max_if_positive": "điểm tối đa nếu lớn hơn 0, ngược lại 0"}
RESOLUTION_WORDS = {"children": "dùng tổng các chỉ số con"}
ALLOWED_WORDS = {True: "Có", False: "Không"}
ELSE_WORDS = ("còn lại", "thấp hơn", "dưới các ngưỡng trên", "else")
CHOICES = {  # a column of a drop-down: its words by code
    "level": LEVEL_WORDS, "rule": RULE_WORDS, "type": TYPE_WORDS, "below": BELOW_WORDS, "on_zero": ON_ZERO_WORDS,
    "over_100": OVER_100_WORDS, "if_all_equal": IF_ALL_EQUAL_WORDS,
}


def normal(text: str) -> str:
    """A text compared with a drop-down's words: NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def code_of(words: dict, text: str):
    """The code whose words (or which itself) a cell holds; None if none."""
    wanted = normal(text)
    for code, shown in words.items():
        if wanted in (normal(shown), normal(str(code))):
            return code
    return None


# --------------------------------------------------------------------------- the information sheet

# (key, label, the descriptor's path, drop-down words or None); rows from FIRST_ROW in this order.
INFO_FIELDS = (
    ("id", "Mã bộ chỉ số (tên thư mục; chỉ để xem, mã khi thu là mã ghi trong lệnh)", None, None),
    ("title", "Tên bộ chỉ số", ("title",), None),
    ("unit_type", "Loại đơn vị áp dụng ▾", ("dti", "unit_type"), UNIT_WORDS),
    ("document", "Văn bản ban hành (số, ký hiệu)", ("dti", "legal_basis", "document"), None),
    ("date", "Ngày ban hành (NĂM-THÁNG-NGÀY)", ("dti", "legal_basis", "date"), None),
    ("issuer", "Cơ quan ban hành", ("dti", "legal_basis", "issuer"), None),
    ("province", "Tỉnh", ("dti", "legal_basis", "province"), None),
    ("part", "Phần của văn bản (phụ lục)", ("dti", "legal_basis", "part"), None),
    ("replaces", "Văn bản được thay thế", ("dti", "legal_basis", "replaces"), None),
    ("total_points", "Tổng điểm theo văn bản", ("dti", "total_points"), None),
    ("not_evaluated_allowed", "Cho phép đánh dấu «Không đánh giá» ▾ (trống: có)", ("dti", "not_evaluated_allowed"), ALLOWED_WORDS),
)
INFO_ROW = {key: FIRST_ROW + i for i, (key, *_) in enumerate(INFO_FIELDS)}
LEGAL_KEYS = ("document", "date", "issuer", "province", "part", "replaces")
NOTES_HEADING = "Ghi chú về văn bản nguồn (mỗi ghi chú một dòng, ở cột B)"
DISCREPANCY_HEADING = "Chỉ số cha mà văn bản ghi điểm tối đa khác tổng các chỉ số con"
DISCREPANCY_COLUMNS = _columns(
    ("indicator", "Mã chỉ số", 26, True),
    ("explanation", "Giải thích", 70, True),
    ("stated_max", "Điểm tối đa văn bản ghi", 12, False),
    ("children_sum", "Tổng các chỉ số con", 12, False),
    ("resolution", "Cách xử lý ▾", 22, True),
)
DISCREPANCY_KEYS = ("indicator", "stated_max", "children_sum", "resolution", "explanation")  # the descriptor's order

# --------------------------------------------------------------------------- the trial and the printed rules

TRIAL_COLUMNS = _columns(
    ("indicator", "Mã chỉ số", 8),
    ("name", "Tên chỉ số", 30),
    ("max", "Điểm tối đa", 8, False),
    ("meaning", "Số liệu", 34),
    ("how", "Đơn vị tính, cách nhập", 14),
    ("value", "Số liệu thử (nhập ở ô màu vàng)", 16),
    ("points", "Điểm công cụ cho", 10, False),
    ("steps", "Các bước tính (công cụ ghi)", 60),
    ("key", "Khóa dòng (không sửa)", 12),
)
RULES_COLUMNS = _columns(
    ("indicator", "Mã", 7),
    ("name", "Chỉ số", 34),
    ("max", "Điểm tối đa", 8, False),
    ("rule", "Cách tính điểm", 50),
    ("example", "Ví dụ tính", 58),
)


# --------------------------------------------------------------------------- options ⇄ cells


@dataclass(frozen=True)
class Item:
    """One item row of a rule: a level (code, words, share), a threshold, a criterion or a weighted input."""

    key: str
    share: str
    words: str = ""


def threshold_text(text: str) -> str:
    """A threshold as written in a cell, without «≥», «>=», «từ» and «trở lên»."""
    s = text.strip()
    s = re.sub(r"^(>=|≥|từ)\s*", "", s, flags=re.IGNORECASE)
    return re.sub(r"\s*trở lên$", "", s, flags=re.IGNORECASE).strip()


def spread_options(kind: str, options: str) -> tuple[list[Item], dict[str, str]]:
    """A rule's ``options`` text as item rows and labelled cells (column name → text). Raises
    RuleSpecError when the text cannot be read."""
    items: list[Item] = []
    cells: dict[str, str] = {}
    for key, value in parse_options(options):
        if key == "else":
            items.append(Item(ELSE_WORDS[0], value))
        elif key == "on_zero":
            words = value.split()
            cells["on_zero"] = words[0] if words else value
            if len(words) > 1:
                cells["on_zero_if"] = " ".join(words[1:])
        elif key in OPTION_ORDER:
            cells[key] = value
        elif kind == "tiers" and key.startswith((">=", "≥")):
            items.append(Item(threshold_text(key), value))
        else:
            items.append(Item(key, value))
    return items, cells


def join_options(kind: str, items: list[Item], cells: dict[str, str]) -> str:
    """The ``options`` text of item rows and labelled cells, in one order: the items, ``else``, then
    :data:`OPTION_ORDER`. A level without a code is given ``muc_1``, ``muc_2``… by its place."""
    parts: list[tuple[str, str]] = []
    otherwise = None
    for n, item in enumerate(items, 1):
        if kind == "tiers" and normal(item.key) in [normal(w) for w in ELSE_WORDS]:
            otherwise = item.share
        elif kind == "tiers":
            parts.append((f">= {threshold_text(item.key)}", item.share))
        else:
            parts.append((item.key or (f"muc_{n}" if kind == "levels" else ""), item.share))
    if otherwise is not None:
        parts.append(("else", otherwise))
    for key in OPTION_ORDER:
        value = cells.get(key, "")
        if key == "on_zero" and cells.get("on_zero_if"):
            value = f"{value or 'max_if'} {cells['on_zero_if']}"
        if value:
            parts.append((key, value))
    return "; ".join(f"{k}: {v}" for k, v in parts)


def level_labels(items: list[Item]) -> str:
    """The ``labels`` text of a level input, from the words of its rule's level rows."""
    return "; ".join(f"{item.key}: {item.words}" for item in items if item.words)


def yes_no_labels(yes: str, no: str) -> str:
    return "; ".join(f"{code}: {words}" for code, words in (("co", yes), ("khong", no)) if words)


def split_yes_no_labels(labels: str) -> tuple[str, str] | None:
    """A yes/no input's ``labels`` as its words for «có» and «không», when written in that order."""
    try:
        pairs = parse_options(labels)
    except RuleSpecError:
        return None
    found = dict(pairs)
    if [k for k, _ in pairs] not in (["co", "khong"], ["co"], ["khong"]):
        return None
    return found.get("co", ""), found.get("khong", "")
