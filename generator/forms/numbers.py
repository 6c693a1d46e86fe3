"""A number an office typed in a form, read the Vietnamese way whatever the year's CSV format.

A form's guide tells offices to write numbers as Vietnamese spreadsheets show them: a comma before the
decimals (``1250,5``, ``0,85``), a dot between thousands if they like (``1.250,5``), a percentage with or
without its sign (``85``, ``85%``, ``85 %``). A number cell (a real number) is read exactly as it is; a
text is read by :func:`read_typed`:

========================  =================  ==========================================================
typed                     read as            note
========================  =================  ==========================================================
``12``, ``1250``          12, 1250
``1250,5``, ``0,85``      1250.5, 0.85       the comma is the decimal mark
``1.250,5``, ``1.250.000``  1250.5, 1250000  dots group thousands (at least two groups, or decimals)
``1.250``                 1250               a question when the year's own format would read 1.25
``75.5``, ``0.850``       75.5, 0.85         a dot that cannot group thousands is a decimal mark
``85%``, ``85 %``         85 (percent)       only in a percentage cell
``1/3``                   1/3                a fraction the template wrote for a value no decimal holds
``1,250.5``               refused            written the English way: the message says how to write it
========================  =================  ==========================================================

Whatever is read is written back to the package in the year's declared number format
(:func:`package_text`), so the CSV files stay as the year declares them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..numeric import DEFAULT_FORMAT, MAX_NUMBER_LENGTH, NumberFormat

SPACES = "\u00a0\u202f\u2009\u2007"  # spaces a spreadsheet may put in a number it formats
MINUS = "\u2212\u2013"  # minus signs that are not «-»
VI_PLAIN = NumberFormat(",", "")  # how a message quotes a number: a comma before the decimals

WHOLE = re.compile(r"[0-9]+")
COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]+")
DOT_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
SPACE_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:,[0-9]+)?")
DOT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
ENGLISH_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
FRACTION = re.compile(r"([0-9]+)/([0-9]+)")


class NotANumber(ValueError):
    """The text is not a number a form accepts; ``hint`` (Vietnamese, may be empty) says how to write it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Typed:
    """A number read from a cell: its exact value, whether it carried a percent sign (or a percentage
    format), and a question to ask the office when the text could mean something else."""

    value: Fraction
    percent: bool = False
    question: str = ""  # why the reading may not be what the office meant, and how to write the other


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    for ch in SPACES:
        text = text.replace(ch, " ")
    for ch in MINUS:
        text = text.replace(ch, "-")
    return text


def _decimal(whole: str, decimals: str) -> Fraction:
    return Fraction(int(whole + decimals), 10 ** len(decimals)) if decimals else Fraction(int(whole))


def read_typed(text: str, year_format: NumberFormat = DEFAULT_FORMAT) -> Typed:
    """The number a text in a form means, read the Vietnamese way (see the module's table). Raises
    :class:`NotANumber` for anything else. ``year_format`` is only asked whether the year reads a text
    the same way: where it would read ``1.250`` as 1.25, the reading 1250 comes with a question."""
    s = _normalised(text)
    if len(s) > MAX_NUMBER_LENGTH:
        raise NotANumber(f"«{text.strip()[:20]}…» quá dài", f"dài quá {MAX_NUMBER_LENGTH} ký tự")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    sign = 1
    if s[:1] and s[:1] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:].lstrip()
    question = ""
    if WHOLE.fullmatch(s):
        value = Fraction(int(s))
    elif COMMA_DECIMAL.fullmatch(s):
        value = _decimal(*s.split(","))
    elif DOT_GROUPS.fullmatch(s) or SPACE_GROUPS.fullmatch(s):
        whole, _, decimals = s.partition(",")
        digits = whole.replace(".", "").replace(" ", "")
        value = _decimal(digits, decimals)
        if re.fullmatch(r"[0-9]+\.[0-9]{3}", s) and year_format.group != ".":
            written = exact_vi(Fraction(s))  # the year's own format (and an English spreadsheet) would read a decimal
            question = (
                f"«{text.strip()}» được đọc là {digits} (dấu chấm phân cách hàng nghìn, theo cách viết số của Việt Nam); "
                f"nếu ý là {written}, hãy ghi {written}"
            )
    elif DOT_DECIMAL.fullmatch(s):
        value = _decimal(*s.split("."))
    elif FRACTION.fullmatch(s):
        num, den = FRACTION.fullmatch(s).groups()
        if int(den) == 0:
            raise NotANumber(f"«{text.strip()}» có mẫu số bằng 0", "mẫu số bằng 0")
        value = Fraction(int(num), int(den))
    elif ENGLISH_GROUPS.fullmatch(s):
        whole, _, decimals = s.partition(".")
        vi = f"{whole.replace(',', '')},{decimals}" if decimals else whole.replace(",", "")
        raise NotANumber(f"«{text.strip()}» viết theo kiểu tiếng Anh", f"viết theo kiểu tiếng Anh, dấu phẩy phân cách hàng nghìn; hãy ghi {vi}")
    else:
        raise NotANumber(f"«{text.strip()}» không phải là một số (ví dụ 1250 hoặc 1250,5)")
    return Typed(sign * value, percent, question)


def package_text(value: Fraction, fmt: NumberFormat = DEFAULT_FORMAT) -> str:
    """A number as the year's package writes it: no exponent, no thousands separator, the declared
    decimal mark; a value no decimal holds exactly (1/3) as a fraction, which every reader takes."""
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", fmt.decimal) if fmt.decimal != "." else text


def exact_vi(value: Fraction) -> str:
    """A number exactly as a Vietnamese reader writes it, without thousands separators: ``1,234``."""
    return package_text(value, VI_PLAIN)


def percent_question(value: Fraction) -> str:
    """The question a percentage between 0 and 1 asks: 0,85 in a percentage cell means 0,85 %."""
    typed, as_percent = exact_vi(value), exact_vi(value * 100)
    return f"{typed} nghĩa là {typed} %; nếu là {as_percent} % hãy ghi {as_percent}"
