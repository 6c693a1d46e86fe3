"""Reading a submission's cells: each text read as the type its index set declares.

An office writes «có», «Cấp phó», «1.234,5» or «85 %»; :func:`parse_value` turns one such text into the
exact value the rules compute with (a bool, a level code, an int or an exact fraction), or raises
:class:`generator.errors.DataError` saying why it cannot. A year repeats a few thousand distinct texts
hundreds of thousands of times, so the checks and the scorer read them through one :class:`CellReader`,
which keeps each distinct text of a column once, with its value: that is the only cache.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from typing import Mapping

from .errors import DataError
from .numeric import DEFAULT_FORMAT, NumberFormat, Rational, read_number

NUMERIC_TYPES = ("count", "amount", "percent")
YES = {"yes", "có", "co", "true", "1", "x"}
NO = {"no", "không", "khong", "false", "0"}



def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def parse_value(
    input_type: str,
    text: str,
    levels: tuple[str, ...] = (),
    fmt: NumberFormat = DEFAULT_FORMAT,
    labels: Mapping[str, str] | tuple[tuple[str, str], ...] | None = None,
) -> Fraction | int | bool | str:
    """Read one cell of a submission as the type its framework declares; raise DataError if it is not.

    A level or a yes/no answer may be given by its code or by the decision's wording (``labels``, a
    mapping or (code, label) pairs); numbers are read in the column's declared format ``fmt``. Whole
    numbers come back as ints, others as Fractions: both exact. Whoever reads many cells reads them
    through a :class:`CellReader`, which reads each distinct text of a column once.
    """
    if input_type in NUMERIC_TYPES:  # levels and labels do not matter to a number
        return _parse_value(input_type, text, (), fmt, {})
    return _parse_value(input_type, text, tuple(levels), fmt, dict(labels) if labels else {})


class CellReader:
    """A year's input cells read as their inputs' types, each distinct (input, column, text) once: a year
    repeats «có», «0», «10» hundreds of thousands of times, and a number reads the same whatever its
    indicator. Shared by the checks, which report what cannot be read, and the scorer, which uses it."""

    def __init__(self, formats: Mapping[str, NumberFormat]):
        self.formats = formats
        self.tables: dict[tuple, CellTexts] = {}

    def table(self, d, column: str, levels: tuple[str, ...] = ()) -> "CellTexts":
        """The texts of ``column`` for the input defined by ``d`` (an index set's ``InputDef``; ``levels``,
        its rule's): one table per numeric type and column, since a number reads the same whatever its
        input, else one per input and column."""
        numeric = d.type in NUMERIC_TYPES
        key = (d.type, column) if numeric else (id(d), column)  # the frameworks outlive the reader
        found = self.tables.get(key)
        if found is None:
            fmt = self.formats.get(column, DEFAULT_FORMAT)
            found = self.tables[key] = CellTexts(d.type, fmt) if numeric else CellTexts(d.type, fmt, tuple(levels), d.labels)
        return found


class CellTexts(dict):
    """Cell texts of one column of an input, each with its value (Fractions as the rules' exact type) or
    the :class:`DataError` it raises; ``texts[text]`` reads a text the first time it is looked up."""

    __slots__ = ("input_type", "fmt", "levels", "labels")

    def __init__(self, input_type: str, fmt: NumberFormat, levels: tuple[str, ...] = (), labels=None):
        super().__init__()
        self.input_type, self.fmt, self.levels, self.labels = input_type, fmt, levels, labels

    def __missing__(self, text: str):
        try:
            value = parse_value(self.input_type, text, self.levels, self.fmt, self.labels)
            if type(value) is Fraction:
                value = Rational(value.numerator, value.denominator)
        except DataError as exc:
            value = exc
        self[text] = value
        return value


READ_WELL = frozenset({bool, int, str, type(Rational(1))})  # the types of a value read without a problem


def _parse_value(input_type: str, text: str, levels: tuple[str, ...], fmt: NumberFormat, labels: Mapping[str, str]):
    s = text.strip()
    if input_type == "yes_no":
        low = _normal(s)
        if low in YES or low == _normal(labels.get("co", "có")):
            return True
        if low in NO or low == _normal(labels.get("khong", "không")):
            return False
        raise DataError("bad-yes-no", f"«{s}» phải là «có» hoặc «không» (yes/no)")
    if input_type == "level":
        if s in levels:
            return s
        by_label = {_normal(labels[code]): code for code in levels if code in labels}
        if _normal(s) in by_label:
            return by_label[_normal(s)]
        allowed = "; ".join(f"«{labels[c]}» ({c})" if c in labels else c for c in levels)
        raise DataError("bad-level", f"«{s}» không phải là một mức của chỉ số này; các mức hợp lệ: {allowed}")
    percent = s.endswith("%")
    body = s[:-1].strip() if percent else s
    if percent and input_type != "percent":
        code = "not-a-count" if input_type == "count" else "not-a-number"
        raise DataError(code, f"«{s}» có dấu %, nhưng đầu vào này là {'số lượng' if input_type == 'count' else 'một số'}, không phải tỷ lệ phần trăm")
    try:
        value = read_number(body, fmt)
    except ValueError as exc:
        raise DataError("not-a-number", str(exc)) from None
    if value < 0:
        raise DataError("negative-value", f"«{s}» là số âm; số liệu phải lớn hơn hoặc bằng 0")
    if input_type == "count" and (value.denominator != 1 or (fmt.decimal in body and "/" not in body)):
        hint = ""
        if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", body) and fmt.decimal == ".":
            hint = f"; nếu là {body.replace('.', '')}, hãy ghi {body.replace('.', '')} (không có dấu chấm) hoặc khai báo groupChar «.» cho cột này"
        raise DataError("not-a-count", f"«{s}» có phần thập phân; số lượng phải là một số nguyên{hint}")
    if input_type == "percent":
        value = Rational(value) / 100
        if value > 1:
            raise DataError("percent-over-100", f"«{s}» vượt quá 100 %")
    return value
