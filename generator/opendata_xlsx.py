"""The open-data tables as Excel workbooks, for people who open them in a spreadsheet, written as
SpreadsheetML directly (they are plain tables; a general workbook library spends seconds per workbook on
its cell objects).

Excel on Windows opens a UTF-8 CSV file with garbled diacritics unless it is imported by hand, so each
year's tables are also published as one ``.xlsx`` workbook, and all years as one more. A workbook holds
exactly the rows and columns of the CSV files, with the same rounded numbers:

* the first sheet, «Giới thiệu», says what the file is, how to cite it, and what every column means;
* then one sheet per table, named in Vietnamese and after its CSV file, whose first row is the CSV header;
* numbers are stored as numbers (two decimals shown), empty cells stay empty, and every text cell is
  stored as text, never as a formula. A text a spreadsheet would take for a formula (``=…``, ``+…``, ``@…``)
  keeps its own characters and gets Excel's «quote prefix», the stored form of the apostrophe that the CSV
  files carry;
* a draft says so in the first row of every sheet, as the CSV files do in their comment line.

The bytes depend only on the data: the workbook's dates come from the publication date and the zip entries
carry that date too, so an edition rebuilt later gives the same file and the same SHA-256.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import islice
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from .packaging import needs_quote_prefix

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SHEET_NAMES = {
    "results": "Kết quả (results)",
    "indicator_scores": "Điểm chỉ số (indicator_scores)",
    "indicators": "Danh mục chỉ số (indicators)",
    "lineage": "Lịch sử đơn vị (lineage)",
    "evidence": "Tài liệu kiểm chứng (evidence)",
}
INTRO = "Giới thiệu"
WIDE = {"unit_name": 40, "parent_name": 28, "name": 60, "agency": 30, "evidence": 40, "method": 60, "not_ranked_reason": 40, "note": 50, "predecessor_name": 40, "title": 50, "url": 50}

# Cell styles, by index in styles.xml: (font, wrapped, number format, quote prefix). Fonts: 0 plain,
# 1 bold, 2 title; number formats: Excel's built-in 1 («0») and 2 («0.00»).
PLAIN, BOLD, TITLE, WRAP, INTEGER, DECIMAL, QUOTED, BOLD_QUOTED, TITLE_QUOTED, WRAP_QUOTED = range(10)
STYLES = ((0, False, 0, False), (1, False, 0, False), (2, False, 0, False), (0, True, 0, False), (0, False, 1, False),
          (0, False, 2, False), (0, False, 0, True), (1, False, 0, True), (2, False, 0, True), (0, True, 0, True))


def fixed_moment(iso_date: str | None, fallback_year: int) -> datetime:
    """The workbook's date: the publication date; 1 January of the year after the assessment without one."""
    try:
        day = date.fromisoformat(iso_date or "")
    except ValueError:
        day = date(fallback_year + 1, 1, 1)
    return datetime(max(day.year, 1980), day.month, day.day)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(text: str, style: int) -> str:
    """A text cell after its reference (``<c r="B7"`` comes before): an inline string, never a formula."""
    value = ILLEGAL.sub("\ufffd", text)
    if needs_quote_prefix(value):
        style = {PLAIN: QUOTED, BOLD: BOLD_QUOTED, TITLE: TITLE_QUOTED, WRAP: WRAP_QUOTED}.get(style, style)
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f' t="inlineStr"{styled}><is><t{space}>{escape(value)}</t></is></c>'


class Sheet:
    """One worksheet written as SpreadsheetML text, row by row: a text is always an inline string (never a
    formula), a number a number; what a spreadsheet could take for a formula gets the quote prefix."""

    def __init__(self, name: str, widths: list[float], frozen_rows: int = 0):
        self.name = name
        self.widths = widths
        self.frozen_rows = frozen_rows
        self.rows: list[str] = []  # row XML not yet written out
        self.written = 0  # rows already written out (:meth:`write_to`)
        self.letters: list[str] = []
        self.merged: list[str] = []

    def text(self, value: str, style: int = PLAIN) -> tuple:
        return ("s", value, style)

    def append(self, cells: list, span: bool = False) -> None:
        """``cells``: None (empty), a str, an int or Decimal (a number), or ``("s", text, style)``. With
        ``span`` the last cell spreads over the remaining columns. A row with wrapped text is given the
        height its lines need, since spreadsheets do not always work it out when they open the file."""
        r = self.written + len(self.rows) + 1
        if span and len(cells) < len(self.widths):
            self.merged.append(f"{_column_letter(len(cells) - 1)}{r}:{_column_letter(len(self.widths) - 1)}{r}")
        self._letters(len(cells))
        out = []
        for letter, cell in zip(self.letters, cells):
            if cell is None:
                continue
            if isinstance(cell, tuple) and cell[0] == "n":
                out.append(f'<c r="{letter}{r}" s="{cell[2]}"><v>{cell[1]}</v></c>')
                continue
            style = PLAIN
            if isinstance(cell, tuple):
                _, cell, style = cell
            out.append(f'<c r="{letter}{r}"{_text_cell(cell, style)}')
        lines = 1
        for i, cell in enumerate(cells):
            if isinstance(cell, tuple) and cell[0] == "s" and cell[2] in (WRAP, WRAP_QUOTED):
                width = sum(self.widths[i:]) if span and i == len(cells) - 1 else self.widths[i]
                per_line = max(1, int(width * 1.1))
                lines = max(lines, sum(-(-max(1, len(part)) // per_line) for part in cell[1].split("\n")))
        height = f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""
        self.rows.append(f'<row r="{r}"{height}>{"".join(out)}</row>')

    def _letters(self, count: int) -> None:
        while len(self.letters) < count:
            self.letters.append(_column_letter(len(self.letters)))

    def append_data(self, rows, kinds: list[str]) -> None:
        """Rows of a table as the CSV file has them: ``integer`` and ``number`` columns become numbers, the
        rest plain text; an empty value an empty cell. The same cells :meth:`append` writes, made faster
        for tables of a million rows: a cell's text after its reference is worked out once per value."""
        self._letters(len(kinds))
        tails: dict[tuple[str, object], str] = {}
        rows_out = self.rows
        for row in rows:
            r = self.written + len(rows_out) + 1
            out = []
            for letter, value, kind in zip(self.letters, row, kinds):
                if value is None or value == "":
                    continue
                # Only texts are remembered: Decimal("2.0") == Decimal("2.00") but they are written differently.
                key = (kind, value) if type(value) is str else None
                tail = tails.get(key) if key else None
                if tail is None:
                    if kind == "integer":
                        tail = f' s="{INTEGER}"><v>{int(value)}</v></c>'
                    elif kind == "number":
                        tail = f' s="{DECIMAL}"><v>{Decimal(str(value))}</v></c>'
                    else:
                        tail = _text_cell(str(value), PLAIN)
                    if key:
                        tails[key] = tail
                out.append(f'<c r="{letter}{r}"{tail}')
            rows_out.append(f'<row r="{r}">{"".join(out)}</row>')

    def xml(self) -> str:
        return self._start() + "".join(self.rows) + self._end()

    def write_to(self, out, rows=(), kinds: list[str] = (), batch: int = 5000) -> None:
        """Write the sheet into the binary stream ``out``, with ``rows`` of table data (as
        :meth:`append_data` takes them) after the rows appended so far, a batch at a time: a table of a
        million rows is never held whole, neither as rows nor as text."""
        out.write(self._start().encode("utf-8"))
        rows = iter(rows)
        while True:
            out.write("".join(self.rows).encode("utf-8"))
            self.written += len(self.rows)
            self.rows = []
            chunk = list(islice(rows, batch))
            if not chunk:
                break
            self.append_data(chunk, kinds)
        out.write(self._end().encode("utf-8"))

    def _start(self) -> str:
        pane = ""
        if self.frozen_rows:
            top = f"A{self.frozen_rows + 1}"
            pane = f'<pane ySplit="{self.frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(self.widths, 1))
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{cols}</cols><sheetData>"
        )

    def _end(self) -> str:
        merged = f'<mergeCells count="{len(self.merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in self.merged) + "</mergeCells>" if self.merged else ""
        return f"</sheetData>{merged}</worksheet>"


def _data_sheet(name: str, schema: dict, draft_line: str) -> Sheet:
    """A table's sheet with its header row; the rows follow when it is written (:meth:`Sheet.write_to`)."""
    fields = schema["fields"]
    sheet = Sheet(SHEET_NAMES[name], [WIDE.get(f["name"], max(12, len(f["name"]) + 2)) for f in fields], 2 if draft_line else 1)
    if draft_line:
        sheet.append([("s", draft_line, BOLD)])
    sheet.append([("s", f["name"], BOLD) for f in fields])
    return sheet


def _intro_sheet(title: str, facts: list[tuple[str, str]], caveats: list[str], schemas: dict, draft_line: str) -> Sheet:
    sheet = Sheet(INTRO, [34, 20, 26, 90])
    t = sheet.text
    if draft_line:
        sheet.append([t(draft_line, TITLE)])
    sheet.append([t(title, TITLE)])
    sheet.append([])
    for label, value in facts:
        sheet.append([t(label, BOLD), t(value, WRAP)], span=True)
    sheet.append([])
    sheet.append([t("Lưu ý khi dùng số liệu", BOLD)])
    for c in caveats:
        sheet.append(["•", t(c, WRAP)], span=True)
    sheet.append([])
    sheet.append([t("Ý nghĩa các cột", BOLD)])
    sheet.append([t(h, BOLD) for h in ("Trang tính", "Cột (tên trong tệp CSV)", "Tên cột", "Ý nghĩa")])
    for name, schema in schemas.items():
        for f in schema["fields"]:
            sheet.append([SHEET_NAMES[name], f["name"], f["title"], t(f["description"], WRAP)])
    return sheet


COMMON_FACTS = [
    ("Cùng số liệu với", "Các tệp CSV (UTF-8) cùng tên trong thư mục dữ liệu mở: mỗi trang tính là một tệp, cùng các cột, cùng các số đã làm tròn 2 chữ số thập phân như trên trang."),
    ("Ô chữ", "Mọi ô chữ được lưu dạng chữ, không bao giờ là công thức; ô trống là không có giá trị (ví dụ đơn vị không xếp hạng không có thứ hạng)."),
]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _styles() -> str:
    fonts = ('<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
             '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
             '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>')
    xfs = []
    for font, wrap, number, quote in STYLES:
        attrs = f'numFmtId="{number}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
        attrs += ' applyFont="1"' if font else ""
        attrs += ' applyNumberFormat="1"' if number else ""
        attrs += ' quotePrefix="1"' if quote else ""
        wrapped = ' wrapText="1"' if wrap else ""
        xfs.append(f'<xf {attrs} applyAlignment="1"><alignment vertical="top"{wrapped}/></xf>')
    return (
        f'{XML_HEAD}<styleSheet xmlns="{MAIN}"><fonts count="3">{fonts}</fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


def _package(sheets: list[Sheet], title: str, author: str, moment: datetime) -> dict[str, str]:
    """The parts of the workbook's zip before its sheets, by name."""
    n = len(sheets)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    sheet_types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    parts = {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{sheet_types}"
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{XML_HEAD}<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        ),
        "docProps/core.xml": (
            f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator><dc:language>vi-VN</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
        ),
        "xl/workbook.xml": (
            f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(sheets, 1))
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{RELS}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _styles(),
    }
    return parts


def workbook_bytes(title: str, facts: list[tuple[str, str]], caveats: list[str], tables: dict, schemas: dict, moment: datetime, author: str, draft_line: str = "") -> bytes:
    """A workbook: an introduction sheet, then one sheet per table (``tables``: name → rows as in the CSV).
    Every zip entry is dated ``moment`` with the same attributes on any machine, so the bytes depend only
    on the data."""
    sheets = [_intro_sheet(title, facts + COMMON_FACTS, caveats, schemas, draft_line)]
    sheets += [_data_sheet(name, schemas[name], draft_line) for name in tables]
    parts = _package(sheets, f"[DỰ THẢO] {title}" if draft_line else title, author, moment)
    when = moment.timetuple()[:6]

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=when)
        info.compress_type = zipfile.ZIP_DEFLATED  # at zlib's default level
        info.create_system = 0
        info.external_attr = 0
        return info

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(entry(name), text.encode("utf-8"))
        with archive.open(entry("xl/worksheets/sheet1.xml"), "w") as stream:
            sheets[0].write_to(stream)
        for i, (sheet, (table, rows)) in enumerate(zip(sheets[1:], tables.items()), 2):
            with archive.open(entry(f"xl/worksheets/sheet{i}.xml"), "w") as stream:
                sheet.write_to(stream, rows, [f["type"] for f in schemas[table]["fields"]])
    return out.getvalue()
