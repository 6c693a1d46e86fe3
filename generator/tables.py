"""Reading one CSV table of a data package against its Table Schema, row by row, with located issues.

The project's standard schemas (``generator/schemas``) follow the Frictionless Table Schema: field types
``string``, ``number``, ``integer`` and ``boolean``; the constraints ``required``, ``enum``, ``pattern``,
``minimum``, ``maximum`` and ``maxLength``; ``trueValues``/``falseValues``; ``decimalChar``/``groupChar``;
and a ``primaryKey``. This reader applies exactly that subset, streaming, so that:

* every problem names the file, the row as a spreadsheet numbers it (header = row 1) and the column;
* what a careless or hostile file can do is bounded: cells with control characters, numbers written as
  ``inf``, ``1e999999999``, ``١٢`` or ``１２``, ids with a trailing newline, whitespace-only required cells,
  over-long ids and misspelt column names are all reported instead of being read;
* a file with any problem yields no rows (later checks do not pile noise on the real problem), and a huge
  broken file costs time in proportion to its size, not memory (the column reader of large files holds at
  most :data:`COLUMN_READER_UP_TO_BYTES` of a file at once).
"""

from __future__ import annotations

import csv
import difflib
import io
import operator
import re
import unicodedata
from fractions import Fraction
from pathlib import Path

from .errors import WARNING, Issue
from .numeric import DEFAULT_FORMAT, NumberFormat

csv.field_size_limit(1 << 20)  # one cell may hold at most 1 MiB of text

# What a shortcut reader gives when it cannot decide: only Column.read, which words every problem, can.
NEEDS_CAREFUL_READ = object()
# Free-text columns in which a line break is a legitimate part of the text.
MULTILINE = frozenset({"note", "method", "evidence", "meaning", "not_ranked_reason", "options"})

# Characters no text of a data package may hold: control characters, invisible formatting (zero-width,
# bidirectional overrides, the byte-order mark), and what cannot be written out at all: a lone surrogate
# (from a JSON «\ud800») and the Unicode non-characters (U+FFFE, U+FDD0…, the last two of every plane).
_NEVER = "\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)
)
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NEVER}]")
_CONTROL_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_NEVER}]")


def control_character(text: str, multiline: bool = False) -> str | None:
    """A description of the first control (or invisible formatting) character in ``text``, or None."""
    found = (_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(text)
    if found is None:
        return None
    char = found.group()
    names = {"\x00": "NUL", "\t": "tab", "\n": "xuống dòng", "\r": "về đầu dòng"}
    return names.get(char, f"U+{ord(char):04X}")


def number_format(field: dict) -> NumberFormat:
    return NumberFormat(str(field.get("decimalChar", ".")), str(field.get("groupChar", "")))


class Column:
    """One field of a schema, ready to check and type cells quickly."""

    def __init__(self, field: dict, fmt: NumberFormat | None = None):
        self.name = field["name"]
        self.type = field.get("type", "string")
        c = field.get("constraints", {})
        self.required = bool(c.get("required"))
        self.enum = frozenset(c["enum"]) if "enum" in c else None
        self.pattern = re.compile(c["pattern"], re.ASCII) if "pattern" in c else None
        self.minimum = Fraction(str(c["minimum"])) if "minimum" in c else None
        self.maximum = Fraction(str(c["maximum"])) if "maximum" in c else None
        self.max_length = c.get("maxLength")
        self.true = {v.casefold() for v in field.get("trueValues", ["true"])}
        self.false = {v.casefold() for v in field.get("falseValues", ["false"])}
        self.format = fmt or number_format(field)
        self.multiline = self.name in MULTILINE
        self.field = field

    def quick(self, raw: str):
        """The typed value of a cell of a clean row (no control characters, NFC) in the common cases, or
        :data:`NEEDS_CAREFUL_READ` when only :meth:`read` can decide (an error, or an unusual cell)."""
        if self.type == "string":
            if self.pattern is not None:
                if (self.max_length is None or len(raw) <= self.max_length) and self.pattern.fullmatch(raw):
                    return raw if self.enum is None or raw in self.enum else NEEDS_CAREFUL_READ
                return None if not raw and not self.required else NEEDS_CAREFUL_READ
            if self.enum is not None:
                return raw if raw in self.enum else (None if not raw and not self.required else NEEDS_CAREFUL_READ)
            value = raw if self.multiline else raw.strip()
            if not value.strip():
                return NEEDS_CAREFUL_READ if self.required else None
            return value if self.max_length is None or len(value.strip()) <= self.max_length else NEEDS_CAREFUL_READ
        if self.type == "boolean":
            low = raw.strip().casefold()
            if low in self.true:
                return True
            if low in self.false:
                return False
            return None if not low and not self.required else NEEDS_CAREFUL_READ
        if not raw:
            return NEEDS_CAREFUL_READ if self.required else None
        value = self.format.parse(raw) if self.type == "number" else DEFAULT_FORMAT.parse(raw)
        if value is None or (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            return NEEDS_CAREFUL_READ
        if self.type == "integer":
            return int(value) if value.denominator == 1 else NEEDS_CAREFUL_READ
        return value

    def expected(self) -> str:
        if self.type == "number":
            return f"một số ({self.format.describe()})"
        if self.type == "integer":
            return "một số nguyên"
        if self.type == "boolean":
            values = self.field.get("trueValues", []) + self.field.get("falseValues", [])
            return "«có» hoặc «không» (" + ", ".join(values) + ")"
        return f"kiểu {self.type}"

    def read(self, raw: str, clean: bool = False) -> tuple[object, tuple[str, str] | None]:
        """The typed value of one cell, and (code, message) if the cell is not acceptable. ``clean`` says
        the whole row has already been found free of control characters and in NFC."""
        if clean:
            text = raw
        else:
            bad = control_character(raw, self.multiline)
            if bad:
                return None, ("control-character", f"ô chứa ký tự điều khiển hoặc ký tự ẩn ({bad}); hãy gõ lại nội dung ô này")
            text = unicodedata.normalize("NFC", raw)
        stripped = text.strip()
        if not stripped:
            if self.required:
                return None, ("required", "ô này không được để trống" + (" (chỉ có dấu cách)" if text else ""))
            return None, None
        if self.max_length is not None and len(stripped) > self.max_length:
            return None, ("too-long", f"giá trị dài {len(stripped)} ký tự, tối đa {self.max_length}")
        shown = stripped if len(stripped) <= 60 else stripped[:57] + "…"
        if self.type == "string":
            if self.pattern is not None and not self.pattern.fullmatch(text):
                return None, ("bad-pattern", f"giá trị «{shown}» không đúng dạng (chỉ gồm chữ thường không dấu, số và dấu gạch nối/chấm theo quy định, không có dấu cách)")
            if self.enum is not None and stripped not in self.enum:
                return None, ("not-allowed", f"giá trị «{shown}» không hợp lệ; chỉ được dùng: {', '.join(sorted(self.enum))}")
            return text if self.multiline else stripped, None
        if self.type == "boolean":
            low = stripped.casefold()
            if low in self.true:
                return True, None
            if low in self.false:
                return False, None
            return None, ("bad-type", f"giá trị «{shown}» phải là {self.expected()}")
        if self.type in ("number", "integer"):
            return self._read_number(stripped, shown)
        return stripped, None

    def _read_number(self, stripped: str, shown: str) -> tuple[object, tuple[str, str] | None]:
        value = self.format.parse(stripped) if self.type == "number" else DEFAULT_FORMAT.parse(stripped)
        if value is None or (self.type == "integer" and value.denominator != 1):
            return None, ("bad-type", f"giá trị «{shown}» phải là {self.expected()}")
        if self.minimum is not None and value < self.minimum:
            return None, ("below-minimum", f"giá trị «{shown}» nhỏ hơn mức tối thiểu {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            return None, ("above-maximum", f"giá trị «{shown}» lớn hơn mức tối đa {self.maximum}")
        return (int(value) if self.type == "integer" else value), None


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def probable_column(name: str, known: list[str]) -> str | None:
    """The known column a misspelt header most probably means, if it is close enough to one."""
    normal = _normal(name)
    for k in known:
        if _normal(k) == normal:
            return k
    close = difflib.get_close_matches(normal, known, n=1, cutoff=0.8)
    return close[0] if close else None


def _columns(schema: dict, formats: dict[str, NumberFormat] | None) -> dict[str, Column]:
    formats = formats or {}
    return {f["name"]: Column(f, formats.get(f["name"])) for f in schema["fields"]}


def read_table(path: Path, shown: str, schema: dict, report, formats: dict[str, NumberFormat] | None = None) -> list[dict] | None:
    """Rows of one CSV as dicts typed by ``schema``, each with ``_row``; None if the file has any error.

    ``formats`` gives, per column, how numbers are written when the package declares it
    (``decimalChar``/``groupChar`` on the field of its embedded schema).
    """
    return _read_rows(path, shown, _columns(schema, formats), schema.get("primaryKey", []), report)


def _read_rows(path: Path, shown: str, columns: dict[str, Column], key: list[str], report, collect=None):
    if not path.is_file():
        report.append(Issue(shown, None, None, "missing-file", "không tìm thấy tệp này"))
        return None
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        report.append(Issue(shown, None, None, "unreadable", f"không mở được tệp: {exc.strerror}"))
        return None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except UnicodeDecodeError:
            report.append(Issue(shown, None, None, "unreadable", "tệp không phải UTF-8; hãy lưu lại dưới dạng «CSV UTF-8»"))
            return None
        except csv.Error as exc:
            report.append(Issue(shown, 1, None, "unreadable", f"không đọc được dòng tiêu đề: {exc}"))
            return None
        if header is None:
            report.append(Issue(shown, None, None, "empty-file", "tệp trống: cần ít nhất dòng tiêu đề"))
            return None
        layout = _header(header, columns, shown, report)
        if layout is None:
            return _count_rest(reader, shown, report)
        return _rows(reader, layout, columns, key, shown, report, collect)


def _header(header: list[str], columns: dict[str, Column], shown: str, report) -> list[Column | None] | None:
    """The column of each position of the header (None for a column to ignore); None if unusable."""
    names = [unicodedata.normalize("NFC", h).strip() for h in header]
    problems = []
    known = list(columns)
    layout: list[Column | None] = []
    for i, name in enumerate(names):
        label = name or f"#{i + 1}"
        if name in columns:
            if names.index(name) != i:
                problems.append(Issue(shown, 1, name, "duplicate-column", f"cột «{name}» xuất hiện nhiều lần"))
            layout.append(columns[name])
            continue
        layout.append(None)
        if ";" in name or "\t" in name:
            problems.append(Issue(shown, 1, None, "bad-delimiter", "tiêu đề chứa dấu «;» hoặc tab: tệp phải phân cách bằng dấu phẩy (CSV chuẩn)"))
            continue
        if control_character(name):
            problems.append(Issue(shown, 1, f"#{i + 1}", "control-character", "tên cột chứa ký tự điều khiển hoặc ký tự ẩn"))
            continue
        meant = probable_column(name, known) if name else None
        if meant is not None and meant not in names:
            problems.append(Issue(shown, 1, label, "misspelt-column", f"cột «{name}» không thuộc định dạng; có lẽ là «{meant}»: hãy sửa tên cột, nếu không số liệu của cột sẽ bị bỏ qua"))
        else:
            report.append(Issue(shown, 1, label, "unknown-column", f"cột «{name}» không thuộc định dạng và sẽ bị bỏ qua", WARNING))
    for name, column in columns.items():
        if column.required and name not in names:
            problems.append(Issue(shown, 1, name, "missing-column", f"thiếu cột bắt buộc «{name}»"))
    if problems:
        report.extend(problems)
        return None
    return layout


class FastRow:
    """Most rows of a real file are plain: this checks a whole row with one regular expression (ids and
    allowed values) and a little Python for the rest, and gives the typed record, or None when the row
    needs the cell-by-cell reading that locates and words every problem. It never accepts a row that
    :meth:`Column.read` would reject."""

    SEP = "\x1f"  # a control character: a clean row never contains it

    def __init__(self, layout: list[Column | None], columns: dict[str, Column]):
        parts, self.post = [], []
        for i, column in enumerate(layout):
            if column is None:
                parts.append("[^\x1f]*")
                continue
            group = f"c{i}"
            if column.type == "string" and column.pattern is not None and column.enum is None:
                limit = f"(?=[^\x1f]{{0,{column.max_length}}}(?:\x1f|$))" if column.max_length else ""
                body = f"{limit}(?:{column.pattern.pattern})"
                parts.append(f"(?P<{group}>{body})" if column.required else f"(?P<{group}>{body}|)")
                self.post.append((group, column.name, None if column.required else _empty_none))
            elif column.type == "string" and column.enum is not None and not column.multiline:
                body = "|".join(re.escape(v) for v in sorted(column.enum, key=len, reverse=True))
                parts.append(f"(?P<{group}>{body})" if column.required else f"(?P<{group}>{body}|)")
                self.post.append((group, column.name, None if column.required else _empty_none))
            else:
                parts.append(f"(?P<{group}>[^\x1f]*)")
                self.post.append((group, column.name, _plain_text(column) or column.quick))
        self.regex = re.compile(self.SEP.join(parts), re.ASCII if all(c is None or c.type != "string" or c.pattern is not None or c.enum is not None for c in layout) else 0)
        self.blank = {name: None for name in columns}

    def record(self, cells: list[str]) -> dict | None:
        match = self.regex.fullmatch(self.SEP.join(cells))
        if match is None:
            return None
        record = dict(self.blank)
        for group, name, post in self.post:
            value = match.group(group)
            if post is not None:
                value = post(value)
                if value is NEEDS_CAREFUL_READ:
                    return None
            record[name] = value
        return record


def _empty_none(value: str):
    return value or None


def _plain_text(column: Column):
    """A faster reader for an optional single-line text column (a figure as typed, a note)."""
    if column.type != "string" or column.required or column.multiline or column.pattern is not None or column.enum is not None:
        return None
    limit = column.max_length

    def read(value: str):
        value = value.strip()
        if not value:
            return None
        return value if limit is None or len(value) <= limit else NEEDS_CAREFUL_READ

    return read


def _shaped(cells: list[str], layout, shown: str, number: int, report) -> list[str] | None:
    """A row's cells, one per column of the header (a row may stop early when the cells it leaves out belong
    to optional columns); None, with the problem reported, for a blank row or one of the wrong width."""
    width = len(layout)
    if not "".join(cells).strip():
        report.append(Issue(shown, number, None, "blank-row", "dòng trống; hãy xóa dòng này"))
        return None
    if len(cells) > width:
        extra = next((c for c in cells[width:] if c.strip()), "")
        if extra or len(cells) > width + 1:
            report.append(Issue(shown, number, None, "extra-cell", f"dòng có nhiều ô hơn số cột của tiêu đề (ô thừa «{extra[:40]}»)"))
            return None
    elif len(cells) < width:
        lacking = [c.name for c in layout[len(cells):] if c is not None and c.required]
        if lacking:
            report.append(Issue(shown, number, None, "missing-cell", f"dòng có ít ô hơn số cột của tiêu đề (thiếu ô của cột «{lacking[0]}»)"))
            return None
        cells = cells + [""] * (width - len(cells))
    return cells


def _careful_record(cells: list[str], layout, blank: dict, clean: bool, shown: str, number: int, report) -> tuple[dict, bool]:
    """A row read cell by cell (each cell quickly when it can be, else carefully), and whether every cell
    was acceptable; each problem is reported at its column."""
    record = dict(blank)
    ok = True
    for column, raw in zip(layout, cells):
        if column is None:
            continue
        value = column.quick(raw) if clean else NEEDS_CAREFUL_READ
        if value is NEEDS_CAREFUL_READ:
            value, problem = column.read(raw, clean)
            if problem is not None:
                ok = False
                report.append(Issue(shown, number, column.name, problem[0], problem[1]))
        record[column.name] = value
    return record, ok


def _key_problem(values: tuple, key: list[str], seen_keys: dict[tuple, int], shown: str, number: int) -> Issue | None:
    if all(v is None for v in values):
        return Issue(shown, number, None, "missing-key", f"thiếu giá trị khóa ({', '.join(key)})")
    if values in seen_keys:
        return Issue(shown, number, None, "duplicate-key", f"trùng khóa ({', '.join(key)}) với dòng {seen_keys[values]}")
    return None


class Columns:
    """Rows collected as one list per column, each repeated text kept once: what :func:`read_columns` gives
    for a file read row by row, without holding a record per row (a 200 MB file has millions)."""

    def __init__(self, names):
        self.names = [*names, "_row"]
        self.lists: dict[str, list] = {name: [] for name in self.names}
        self.texts: dict[str, str] = {}

    def shared(self, record: dict) -> dict:
        """The record with each of its texts replaced by the one kept for it (the key of every row read so
        far holds them too)."""
        texts = self.texts
        for name, value in record.items():
            if type(value) is str:
                record[name] = texts.setdefault(value, value)
        return record

    def append(self, record: dict) -> None:
        for name in self.names:
            self.lists[name].append(record[name])


def _rows(reader, layout, columns, key: list[str], shown: str, report, collect=None):
    """Every row of a table, or None once any row has a problem (the reading goes on, to report them all).
    A plain row is read by :class:`FastRow` in one step; any other, cell by cell. ``collect`` (a
    :class:`Columns`) takes the rows instead of a list of records, and is what is given back."""
    rows: list[dict] = []
    keep = rows.append if collect is None else collect.append
    seen_keys: dict[tuple, int] = {}
    blank = {name: None for name in columns}
    fast = FastRow(layout, columns)
    key_of = (lambda r, k=key[0]: (r[k],)) if len(key) == 1 else operator.itemgetter(*key) if key else None
    failed = False
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            cells = _shaped(cells, layout, shown, number, report)
            if cells is None:
                failed = True
                continue
            joined = " ".join(cells)
            clean = _CONTROL_SINGLE_LINE.search(joined) is None and (joined.isascii() or unicodedata.is_normalized("NFC", joined))
            record = fast.record(cells) if clean else None
            if record is not None and collect is not None:
                record = collect.shared(record)
            if record is not None and key:
                values = key_of(record)
                if values in seen_keys or (None in values and all(v is None for v in values)):
                    record = None  # read again below, where the problem is reported
            if record is None:
                record, ok = _careful_record(cells, layout, blank, clean, shown, number, report)
                failed = failed or not ok
                if collect is not None:
                    record = collect.shared(record)
                values = tuple(record.get(k) for k in key) if key else ()
                problem = _key_problem(values, key, seen_keys, shown, number) if key else None
                if problem is not None:
                    failed = True
                    report.append(problem)
            if key and not failed:
                seen_keys[values] = number
            if not failed:
                record["_row"] = number
                keep(record)
    except UnicodeDecodeError:
        report.append(Issue(shown, number + 1, None, "unreadable", "tệp không phải UTF-8 từ dòng này; hãy lưu lại dưới dạng «CSV UTF-8»"))
        return None
    except csv.Error as exc:
        report.append(Issue(shown, number + 1, None, "unreadable", f"không đọc được dòng này: {exc}"))
        return None
    if failed:
        return None
    return rows if collect is None else collect


def _count_rest(reader, shown: str, report) -> None:
    """Read to the end of a file whose header is unusable, only to report an unreadable encoding."""
    try:
        for _ in reader:
            pass
    except (UnicodeDecodeError, csv.Error):
        report.append(Issue(shown, None, None, "unreadable", "tệp không phải CSV UTF-8 hợp lệ; hãy lưu lại dưới dạng «CSV UTF-8»"))
    return None


# --------------------------------------------------------------------------- large files, column by column

COLUMN_READER_FROM_BYTES = 1 << 20  # smaller files are read row by row: importing the column reader costs more
# Larger files are read row by row too, whose memory does not grow with the file: the column reader holds a
# whole file, and a national year's largest is under 40 MB.
COLUMN_READER_UP_TO_BYTES = 128 << 20
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # all but tab, LF and CR


def read_columns(path: Path, shown: str, schema: dict, report, formats: dict[str, NumberFormat] | None = None) -> dict[str, list] | None:
    """The table :func:`read_table` reads, as one list per column of the schema plus ``_row``; None if the
    file has any error.

    A file of :data:`COLUMN_READER_FROM_BYTES` to :data:`COLUMN_READER_UP_TO_BYTES` is first read whole by pandas' C parser and checked one
    distinct value at a time (:func:`plain_columns`). Whenever that reading finds anything unusual, even
    something harmless, the file is read again row by row by :func:`read_table`, which words and locates
    every problem: the fast reading only ever accepts files the careful one accepts, with the same values.
    """
    columns, key = _columns(schema, formats), schema.get("primaryKey", [])
    try:
        large = path.is_file() and COLUMN_READER_FROM_BYTES <= path.stat().st_size <= COLUMN_READER_UP_TO_BYTES
    except OSError:
        large = False
    if large:
        plain = plain_columns(path, columns, key)
        if plain is not None:
            return plain
    read = _read_rows(path, shown, columns, key, report, Columns(columns))
    return None if read is None else read.lists


def plain_columns(path: Path, columns: dict[str, Column], key: list[str]) -> dict[str, list] | None:
    """The typed columns of a CSV in which every cell is one the row-by-row reader takes without a word
    (:meth:`Column.quick` on a cell free of control characters and in NFC), the header names exactly the
    schema's columns and the key is unique; None as soon as anything is otherwise.

    Each distinct value of a column is checked and typed once, and every cell holding it shares the
    result: ids repeated over a million rows cost one check and one string."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):  # the parser might drop or split on these; the careful reader reports them
        return None
    import numpy
    import pandas  # only for large files: its import costs more than a small file takes to read

    try:
        frame = pandas.read_csv(
            io.BytesIO(data), header=None, dtype=object, na_filter=False, keep_default_na=False, skip_blank_lines=False,
            index_col=False, encoding="utf-8-sig", engine="c",
        )
    except Exception:  # anything the parser cannot take whole: the careful reader says what and where
        return None
    del data
    if len(frame) == 0:
        return None
    header = frame.iloc[0].tolist()
    if any(type(h) is not str or h not in columns for h in header) or len(set(header)) != len(header):
        return None
    present = {h: columns[h] for h in header}
    if not any(c.required for c in present.values()) or any(c.required and n not in present for n, c in columns.items()):
        return None
    count = len(frame) - 1
    out: dict[str, list] = {}
    key_codes = {}
    for position, name in zip(frame.columns, header):
        column = present[name]
        # Each distinct text once; a cell the parser left without text would be numbered -1: refused.
        codes, distinct = pandas.factorize(frame[position].to_numpy()[1:])
        if count and codes.min() < 0:
            return None
        typed = _typed_distinct(column, distinct)
        if typed is None:
            return None
        out[name] = numpy.fromiter(typed, dtype=object, count=len(typed))[codes].tolist()
        if name in key:  # the key compares typed values: texts that read alike are the same key
            alike: dict = {}
            key_codes[name] = numpy.fromiter((alike.setdefault(v, len(alike)) for v in typed), dtype=numpy.int64, count=len(typed))[codes]
    del frame
    for name in columns:
        out.setdefault(name, [None] * count)
    if key and not _unique_rows([key_codes.get(k, numpy.zeros(count, dtype=numpy.int64)) for k in key], pandas, numpy):
        return None
    if key and not any(columns[k].required for k in key) and any(all(v is None for v in k) for k in zip(*(out[k] for k in key))):
        return None
    out["_row"] = list(range(2, count + 2))
    return out


def _typed_distinct(column: Column, distinct) -> list | None:
    """The typed value of each distinct text of a column, or None as soon as one needs the careful reader
    (or holds a control character, or is not in NFC)."""
    typed = []
    for value in distinct:
        if type(value) is not str or _CONTROL_SINGLE_LINE.search(value) or not (value.isascii() or unicodedata.is_normalized("NFC", value)):
            return None
        typed.append(column.quick(value))
        if typed[-1] is NEEDS_CAREFUL_READ:
            return None
    return typed


def _unique_rows(codes: list, pandas, numpy) -> bool:
    """Whether no two rows have the same codes in every column (each column's codes count from 0)."""
    combined = codes[0]
    for more in codes[1:]:
        width = int(more.max(initial=0)) + 1
        combined = pandas.factorize(combined * width + more)[0]  # renumbered, so the next product stays small
    ordered = numpy.sort(combined)
    return not (ordered[1:] == ordered[:-1]).any()
