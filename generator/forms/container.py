"""A returned workbook looked at as what it is, a zip of XML parts, before a spreadsheet library opens it.

A form ``dti template`` writes is a dozen small parts with no formula, no link to another file and no
macro. Whatever comes back is checked here first:

1. **Its size, from the zip's directory alone** (nothing is inflated): the file, the number of parts, each
   part and all of them uncompressed, and how much each part inflates. A zip bomb (a 1.5 MB file that
   inflates to 1.5 GB) is refused before a byte of it is read.
2. **Parts that reach outside**: links to other workbooks (``xl/externalLinks/``), data connections and
   web queries, macros, ActiveX controls and embedded objects, and relationships to external targets
   other than hyperlinks (a linked picture is fetched when the file is opened).
3. **Formulas**, read from every part's XML with a streaming parser: a cell holding a formula, whatever
   value the spreadsheet cached beside it (a reader asking only for values would take the cached value
   for typed data); a defined name, a drop-down list, a data validation or a conditional format whose
   formula points to another workbook, a file, an address or a function that calls out (``WEBSERVICE``).

Each finding names the sheet and cell where there is one. Nothing here raises on a bad file: a file that
is not a zip, or a part that cannot be inflated or parsed, is a finding too.
"""

from __future__ import annotations

import functools
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from .cells import shown

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How big a returned workbook may be. The demo's forms measure (uncompressed): a department's form
    about 90 KB, the largest commune's 130 KB, in 12 parts whose largest (the sheet) inflates about 10
    times; the appraisal workbook of 28 communes 1.9 MB, about 70 KB per commune, so some 42 MB for a
    province of 600 communes (the largest before 2025 had under 600). Excel and LibreOffice add a few
    parts and write similar sizes. Every limit leaves a wide margin above that, and stays far below what
    would strain the machine: reading a workbook takes some five times its uncompressed size in memory (233 MB for that 42 MB)."""

    file: int  # the .xlsx file on disk
    total: int  # all parts, uncompressed
    part: int  # any one part, uncompressed
    parts: int = 1000  # a form has 12; a spreadsheet adds at most a few dozen (printer settings, themes, …)
    ratio: int = 100  # how many times a part may inflate: sheet XML inflates 5–20 times, a bomb ~1000 times
    ratio_from: int = 1 * MB  # … checked on parts at least this big (a small part may inflate as it likes)


# A self-assessment form: every text cell at its maximum length (500-character titles, 2,000-character
# addresses on 150 rows) would still stay under 2 MB; 32 MB is over ten times that.
SELF_LIMITS = Limits(file=16 * MB, total=32 * MB, part=32 * MB)
# An appraisal workbook: one for all units of a type, ~42 MB for 600 communes; 256 MB is six times that,
# and some 1.3 GB of memory to read at worst.
APPRAISAL_LIMITS = Limits(file=64 * MB, total=256 * MB, part=256 * MB)

MAIN_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
# Parts that make a workbook reach outside or run something when it is opened: (path prefix, what it is,
# whether it is a link).
LIVE_PARTS = (
    ("xl/externallinks/", "liên kết tới một sổ tính khác", True),
    ("xl/connections.xml", "kết nối dữ liệu ngoài", True),
    ("xl/querytables/", "truy vấn dữ liệu từ bên ngoài", True),
    ("xl/vbaproject", "macro (VBA)", False),
    ("xl/activex/", "điều khiển ActiveX", False),
    ("xl/embeddings/", "đối tượng nhúng (OLE)", False),
)
CALLS_OUT = re.compile(
    r"(?<![\w.])(?:_xlfn\.|_xludf\.)?(WEBSERVICE|FILTERXML|RTD|CALL|REGISTER(?:\.ID)?|HYPERLINK|IMAGE|STOCKHISTORY|INDIRECT)\s*\(", re.I
)
OTHER_WORKBOOK = re.compile(r"\[(?:\d+|[^\]]*\.xl\w*)\]", re.I)  # [1]Sheet1!A1, '[book.xlsx]Sheet1'!A1
ADDRESS = re.compile(r"://|\\\\|\bfile:|\w\|", re.I)  # a URL, a network path, a DDE call (cmd|' /c …'!A0)
LISTED = 20  # formulas listed one by one in a sheet; the rest are counted
CHUNK = 1 * MB  # a part is parsed in pieces this big


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    sheet: str | None = None
    cell: str | None = None


def size_vi(n: int) -> str:
    """A size as a clerk reads it: «1,5 MB», «320 KB»."""
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} KB"


def points_outside(formula: str) -> str | None:
    """Why a formula reaches outside the workbook, in Vietnamese, or None."""
    if OTHER_WORKBOOK.search(formula):
        return "trỏ tới một sổ tính khác"
    called = CALLS_OUT.search(formula)
    if called:
        return f"gọi hàm {called.group(1).upper()}, hàm lấy dữ liệu hoặc mở địa chỉ ngoài phiếu"
    if ADDRESS.search(formula):
        return "chứa một địa chỉ, đường dẫn tệp hoặc lệnh ngoài phiếu"
    return None


# --------------------------------------------------------------------------- the zip's directory


def _sizes(archive: zipfile.ZipFile, limits: Limits) -> list[Finding]:
    """The directory's sizes against the limits, without inflating anything."""
    advice = "một phiếu thật chỉ vài trăm KB; hãy lấy lại phiếu gốc và chép số liệu sang"
    infos = archive.infolist()
    if len(infos) > limits.parts:
        return [Finding("form-too-large", f"tệp có {len(infos)} phần nén bên trong (tối đa {limits.parts}); {advice}")]
    found = []
    for info in infos:
        if info.file_size > limits.part:
            found.append(Finding("form-too-large", f"phần «{shown(info.filename)}» khi giải nén dài {size_vi(info.file_size)} (tối đa {size_vi(limits.part)}); {advice}"))
        elif info.file_size >= limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
            times = f"{info.file_size // max(info.compress_size, 1):,}".replace(",", ".")
            found.append(Finding("form-too-large", f"phần «{shown(info.filename)}» nén {size_vi(info.compress_size)} nhưng giải nén thành {size_vi(info.file_size)} (gấp {times} lần, tối đa {limits.ratio} lần): tệp có thể đã bị làm giả; {advice}"))
    total = sum(i.file_size for i in infos)
    if total > limits.total:
        found.append(Finding("form-too-large", f"các phần của tệp khi giải nén dài tổng cộng {size_vi(total)} (tối đa {size_vi(limits.total)}); {advice}"))
    return found


def _live_parts(archive: zipfile.ZipFile) -> list[Finding]:
    found = []
    for name in archive.namelist():
        lower = name.lower().lstrip("/")
        if "/_rels/" in lower:
            continue  # a live part's relationships: where it points is reported with the relationships
        for prefix, what, link in LIVE_PARTS:
            if lower.startswith(prefix):
                code = "external-link" if link else "live-content"
                action = (
                    "hãy ngắt liên kết (Dữ liệu › Sửa liên kết › Ngắt liên kết), hoặc lấy lại phiếu gốc và chép số liệu sang bằng «dán giá trị»"
                    if link else "hãy lấy lại phiếu gốc và chép số liệu sang bằng «dán giá trị»"
                )
                found.append(Finding(code, f"phiếu chứa {what}, ở phần «{shown(name)}» của tệp; phiếu chỉ được chứa số liệu gõ vào: {action}"))
                break
    return found


# --------------------------------------------------------------------------- parsing parts


class _Unparsable(Exception):
    pass


def _parse(archive: zipfile.ZipFile, part: str, start, end=None, text=None) -> None:
    """Stream a part through expat (in chunks: a big part is never held whole) with namespace-qualified
    names («uri local»); a DTD (Office never writes one) or malformed XML raises :class:`_Unparsable`."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def no_doctype(*_):
        raise _Unparsable("DTD")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _Unparsable(str(exc)) from None


@functools.lru_cache(maxsize=4096)
def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) of an element or attribute name as expat gives it."""
    uri, _, local = name.rpartition(" ")
    return uri, local


def _relationships(archive: zipfile.ZipFile, part: str) -> list[dict[str, str]]:
    rels = []
    _parse(archive, part, lambda name, attrs: rels.append(attrs) if _local(name)[1] == "Relationship" else None)
    return rels


def _target(base: str, target: str) -> str:
    """A relationship's target as a part name of the zip (``xl/worksheets/sheet2.xml``)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


@dataclass
class _Workbook:
    sheets: dict[str, str]  # part name → sheet name
    names: list[tuple[str, str | None, str]]  # defined names: (name, sheet of a local name, formula)
    external_references: int


def _workbook(archive: zipfile.ZipFile) -> _Workbook:
    """The workbook part (found as a spreadsheet finds it: the package's officeDocument relationship),
    its sheets by part name, and its defined names."""
    members = set(archive.namelist())
    part = "xl/workbook.xml"
    if "_rels/.rels" in members:
        for rel in _relationships(archive, "_rels/.rels"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                part = _target("", rel.get("Target", ""))
    if part not in members:
        return _Workbook({}, [], 0)
    targets = {}
    if _rels_of(part) in members:
        targets = {r.get("Id"): _target(part, r.get("Target", "")) for r in _relationships(archive, _rels_of(part))}
    order: list[tuple[str, str]] = []  # (sheet name, relationship id)
    names: list[tuple[str, str | None, str]] = []
    state = {"name": None, "text": [], "external": 0}

    def start(name, attrs):
        local = _local(name)[1]
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k)[1] == "id"), "")
            order.append((attrs.get("name", ""), rid))
        elif local == "definedName":
            state["name"] = (attrs.get("name", ""), attrs.get("localSheetId"))
            state["text"] = []
        elif local == "externalReference":
            state["external"] += 1

    def end(name):
        if _local(name)[1] == "definedName" and state["name"]:
            label, local_id = state["name"]
            sheet = order[int(local_id)][0] if local_id and local_id.isdigit() and int(local_id) < len(order) else None
            names.append((label, sheet, "".join(state["text"])))
            state["name"] = None

    def text(data):
        if state["name"]:
            state["text"].append(data)

    _parse(archive, part, start, end, text)
    return _Workbook({targets[rid]: sheet for sheet, rid in order if rid in targets}, names, state["external"])


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Sheet:
    """One pass over a part's XML: every cell with a formula (its text and the value cached beside it),
    and every formula of a data validation or conditional format with the cells it applies to."""

    def __init__(self):
        self.formulas: list[tuple[str, str, str]] = []  # (cell, formula, cached value)
        self.counted = 0  # formulas beyond the first LISTED
        self.rules: list[tuple[str, str]] = []  # (cells, formula) of validations and conditional formats
        self.row = self.col = 0
        self.cell: str | None = None
        self.has_formula = False
        self.formula: list[str] = []
        self.cached: list[str] = []
        self.collect: list[str] | None = None
        self.rule_cells: str | None = None  # inside a data validation or conditional format: its cells
        self.rule_sqref: list[str] = []  # … or, in Excel 2010's extensions, the cells as an element
        self.rule_formulas: list[list[str]] = []

    def start(self, name, attrs):
        uri, local = _local(name)
        if local == "row" and uri in MAIN_NAMESPACES:
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.col = 0
        elif local == "c" and uri in MAIN_NAMESPACES:
            self.col += 1
            ref = attrs.get("r") or f"{_column(self.col)}{self.row}"
            self.cell, self.has_formula, self.formula, self.cached = ref, False, [], []
        elif local in ("dataValidation", "conditionalFormatting"):
            self.rule_cells, self.rule_sqref, self.rule_formulas = attrs.get("sqref", ""), [], []
        elif self.rule_cells is not None and local in ("formula", "formula1", "formula2", "f"):
            self.rule_formulas.append([])
            self.collect = self.rule_formulas[-1]
        elif self.rule_cells is not None and local == "sqref":
            self.collect = self.rule_sqref
        elif self.cell is not None and local == "f":
            self.has_formula = True
            self.collect = self.formula
        elif self.cell is not None and local == "v":
            self.collect = self.cached

    def end(self, name):
        uri, local = _local(name)
        if local == "c" and uri in MAIN_NAMESPACES and self.cell is not None:
            if self.has_formula:
                if len(self.formulas) < LISTED:
                    self.formulas.append((self.cell, "".join(self.formula), "".join(self.cached)))
                else:
                    self.counted += 1
            self.cell = None
        elif local in ("dataValidation", "conditionalFormatting") and self.rule_cells is not None:
            cells = self.rule_cells or "".join(self.rule_sqref)
            self.rules += [(cells, "".join(f)) for f in self.rule_formulas if "".join(f).strip()]
            self.rule_cells = None
        self.collect = None if local in ("f", "v", "formula", "formula1", "formula2", "sqref") else self.collect

    def text(self, data):
        if self.collect is not None:
            self.collect.append(data)


def _formulas(part: str, sheet: str | None, scan: _Sheet) -> list[Finding]:
    found = []
    where = sheet
    for cell, formula, cached in scan.formulas:
        outside = points_outside(formula)
        value = f"giá trị bảng tính lưu kèm: «{shown(cached, 40)}»" if cached else "không có giá trị lưu kèm"
        message = (
            f"ô có công thức «={shown(formula, 60)}» ({value}){'; công thức này ' + outside if outside else ''}. "
            "Phiếu chỉ nhận giá trị gõ vào: hãy xóa công thức và gõ số liệu (hoặc dán dạng «chỉ giá trị»)"
        )
        found.append(Finding("formula-in-form", message if sheet else f"phần «{part}»: {message}", where, cell))
    if scan.counted:
        found.append(Finding("formula-in-form", f"và {scan.counted} ô khác có công thức{'' if sheet else f' trong phần «{part}»'}", where))
    for cells, formula in scan.rules:
        outside = points_outside(formula)
        if outside:
            first = cells.split()[0].split(":")[0] if cells.strip() else None
            found.append(Finding(
                "external-link",
                f"danh sách chọn, điều kiện nhập hoặc định dạng có điều kiện của các ô {shown(cells, 40)} dùng công thức «{shown(formula, 60)}», {outside}; "
                "hãy lấy lại phiếu gốc và chép số liệu sang",
                where, first if first and re.fullmatch(r"[A-Z]{1,3}[0-9]+", first) else None,
            ))
    return found


# --------------------------------------------------------------------------- the whole file


def inspect(path: Path, limits: Limits) -> list[Finding]:
    """Everything wrong with ``path`` as a container: too big, not a zip, parts or formulas that reach
    outside or would be taken for typed data. Empty when the workbook can be handed to openpyxl."""
    try:
        if not path.is_file():  # a folder, a pipe, a device: nothing to open
            raise zipfile.BadZipFile("not a file")
        if path.stat().st_size > limits.file:
            return [Finding("form-too-large", f"tệp dài {size_vi(path.stat().st_size)} (tối đa {size_vi(limits.file)}); một phiếu thật chỉ vài trăm KB: hãy lấy lại phiếu gốc và chép số liệu sang")]
        with zipfile.ZipFile(path) as archive:
            found = _sizes(archive, limits)
            if found:
                return found  # nothing is inflated
            return _live_parts(archive) + _inside(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError, ValueError, NotImplementedError, OSError, RuntimeError, KeyError):
        return [Finding("unreadable", "tệp không phải một bảng tính Excel (.xlsx) hoặc đã hỏng (không giải nén được); hãy mở tệp, lưu lại dạng «Excel (.xlsx)» rồi gửi lại")]
    except _Unparsable:
        return [Finding("unreadable", "một phần của tệp không đọc được (XML hỏng hoặc có khai báo DTD mà bảng tính không bao giờ ghi); hãy lấy lại phiếu gốc và chép số liệu sang")]


def _inside(archive: zipfile.ZipFile) -> list[Finding]:
    """The parts' XML: relationships to outside targets, defined names, formulas in every part."""
    found: list[Finding] = []
    names = [n for n in archive.namelist() if not n.endswith("/")]
    for name in names:
        if name.endswith(".rels"):
            for rel in _relationships(archive, name):
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                if rel.get("TargetMode") == "External" and kind != "hyperlink":
                    found.append(Finding(
                        "external-link",
                        f"phần «{shown(name)}» của tệp liên kết tới «{shown(rel.get('Target', ''), 60)}» bên ngoài phiếu (loại «{kind}»), được mở khi mở phiếu; "
                        "hãy lấy lại phiếu gốc và chép số liệu sang bằng «dán giá trị»",
                    ))
    book = _workbook(archive)
    if book.external_references:
        found.append(Finding("external-link", f"sổ tính khai báo {book.external_references} liên kết tới sổ tính khác; hãy ngắt liên kết (Dữ liệu › Sửa liên kết › Ngắt liên kết)"))
    for label, sheet, formula in book.names:
        outside = points_outside(formula)
        if outside:
            found.append(Finding("external-link", f"tên «{shown(label, 40)}» được định nghĩa là «{shown(formula, 60)}», {outside}; hãy xóa tên này (Công thức › Quản lý tên)", sheet))
    for name in names:
        if not name.lower().endswith(".xml"):
            continue
        scan = _Sheet()
        _parse(archive, name, scan.start, scan.end, scan.text)
        found += _formulas(name, book.sheets.get(name), scan)
    return found
