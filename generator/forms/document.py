"""The parts that make a printed form an official document: the national heading (Quốc hiệu, tiêu ngữ)
beside the issuing body's name, the place and date line, and the signature block below the table.

Their rows carry keys in the hidden key column like every row of the table (``#dau-1``, ``#cuoi-2``), so
the reader finds them wherever they are and compares their texts; a difference there is only a warning,
since nothing in them is read. The cells where someone writes the date or a name are left unlocked and
are never read. Nothing here reads or writes a file.

The layout follows the usual presentation of an administrative document (Nghị định 30/2020/NĐ-CP): the
body's name on the left, the national heading on the right with the motto under it, the place and date
line under the motto, and the signature block on the right at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DATE_TEXT = "ngày ..... tháng ..... năm ........"

# The rows above the table and below it, by key: top rows first, then the table's title, hint and header.
TOP_KEYS = ("#dau-1", "#dau-2", "#dau-3", "#dau-4", "#dau-5", "#dau-6")
BOTTOM_KEYS = ("#cuoi-1", "#cuoi-2", "#cuoi-3", "#cuoi-4")
DOC_KEYS = frozenset(TOP_KEYS + BOTTOM_KEYS)
SIGN_SPACE = 4  # the row left for a signature and seal is this many lines tall


@dataclass(frozen=True)
class Side:
    """Where the left block (the issuing body) and the right block (national heading, signature) sit:
    the first and last column letter of each."""

    left: tuple[str, str]
    right: tuple[str, str]


@dataclass(frozen=True)
class Line:
    """One row of the document's parts: its key, the text of the left and right blocks, their style
    (``body``, ``nation``, ``motto``, ``date``, ``sign``, ``sign-hint``, ``name``), and whether each block
    is a cell someone writes in (never read)."""

    key: str
    left: str = ""
    right: str = ""
    left_style: str = "body"
    right_style: str = "body"
    free: tuple[str, ...] = ()  # "left", "right": cells left unlocked for a date or a name


def place(province: str) -> str:
    """The place a document is dated at: the province's name without «Tỉnh»/«Thành phố»."""
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "):
        if province.startswith(prefix):
            return province[len(prefix):].strip()
    return province.strip()


def heading(province: str, body: str) -> list[Line]:
    """The three rows above the title: the province and the issuing body beside the national heading,
    then the place and date line (a free cell: the office writes the date it signs)."""
    return [
        Line(TOP_KEYS[0], province.upper(), NATION, "body", "nation"),
        Line(TOP_KEYS[1], body.upper(), MOTTO, "body-bold", "motto"),
        Line(TOP_KEYS[2], "", f"{place(province)}, {DATE_TEXT}", "body", "date", ("right",)),
    ]


def self_signature() -> list[Line]:
    """Below a unit's form: who made it and the head of the unit, who signs and seals it."""
    return [
        Line(BOTTOM_KEYS[0], "NGƯỜI LẬP PHIẾU", "THỦ TRƯỞNG ĐƠN VỊ", "sign", "sign"),
        Line(BOTTOM_KEYS[1], "(ký, ghi rõ họ tên)", "(ký, ghi rõ họ tên, đóng dấu)", "sign-hint", "sign-hint"),
        Line(BOTTOM_KEYS[2]),
        Line(BOTTOM_KEYS[3], "", "", "name", "name", ("left", "right")),
    ]


def council_signature() -> list[Line]:
    """Below the council's workbook: its secretary, and its chair who signs for the council."""
    return [
        Line(BOTTOM_KEYS[0], "THƯ KÝ HỘI ĐỒNG", "TM. HỘI ĐỒNG THẨM ĐỊNH\nCHỦ TỊCH", "sign", "sign"),
        Line(BOTTOM_KEYS[1], "(ký, ghi rõ họ tên)", "(ký, ghi rõ họ tên, đóng dấu)", "sign-hint", "sign-hint"),
        Line(BOTTOM_KEYS[2]),
        Line(BOTTOM_KEYS[3], "", "", "name", "name", ("left", "right")),
    ]


def cells(line: Line, side: Side) -> dict[str, tuple[str, str, bool]]:
    """The first column letter of each block of a line: (text, style, free)."""
    return {
        side.left[0]: (line.left, line.left_style, "left" in line.free),
        side.right[0]: (line.right, line.right_style, "right" in line.free),
    }
