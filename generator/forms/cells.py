"""Values between the package's text and a spreadsheet cell, both ways.

Writing: a stored figure becomes a number cell, a level or a yes/no answer becomes the decision's label
(never a code). Reading: a number cell is converted exactly through its shortest representation
(``Decimal(repr(x))``: the 0.1 a clerk typed stays 0.1), a text cell is read the Vietnamese way
(:mod:`generator.forms.numbers`) and written for the package in the year's declared number format, a
label becomes its code; anything else raises :class:`CellError` with a stable code and a message for the
clerk, and a reading worth a second look (``1.250``, ``0,85`` in a percentage) is asked, not refused.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Callable

from ..errors import DataError
from ..model import InputDef
from ..numeric import DEFAULT_FORMAT, NumberFormat, compact_vi
from ..cellread import parse_value
from ..tables import control_character
from .layout import NOT_EVALUATED, VALUE_LENGTH
from .numbers import NotANumber, package_text, percent_question, read_typed

YES_TEXT, NO_TEXT = "có", "không"


class CellError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def shown(value, length: int = 60) -> str:
    """A value quoted in a message, cut to ``length`` characters."""
    text = str(value).strip()
    return text if len(text) <= length else text[: length - 3] + "…"


# --------------------------------------------------------------------------- writing


def cell_number(value: Fraction) -> int | float | str:
    """A number for a cell: an int, a float whose shortest form is the exact value, else the fraction as
    text (``1/3``), which the reader reads back exactly."""
    if value.denominator == 1:
        return int(value)
    as_float = float(value)
    if Fraction(Decimal(repr(as_float))) == value:
        return as_float
    return f"{value.numerator}/{value.denominator}"


def display_value(d: InputDef, text: str | None, levels: tuple[str, ...], fmt: NumberFormat = DEFAULT_FORMAT):
    """What a form shows for a stored figure: a label or a number; text that cannot be read is shown as
    it is, so nothing is lost and the reader reports it."""
    if text is None or not text.strip():
        return None
    try:
        value = parse_value(d.type, text, levels, fmt, dict(d.labels))
    except DataError:
        return text.strip()
    if isinstance(value, bool) or d.type == "level":
        return d.label(value)
    return cell_number(value * 100 if d.type == "percent" else value)


# --------------------------------------------------------------------------- reading


def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def cell_decimal(value, number_format: str = "General") -> Decimal | None:
    """The exact number a numeric cell holds (None for a text cell); a cell formatted as a percentage
    holds a fraction of 1 (85 % is 0.85) and is given back as a percentage."""
    if isinstance(value, bool):
        raise CellError("not-a-number", f"ô chứa giá trị đúng/sai ({'TRUE' if value else 'FALSE'}), không phải một số")
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise CellError("not-a-number", "ô chứa một ngày tháng hoặc giờ (bảng tính có thể đã tự đổi số bạn gõ); hãy định dạng ô là số và gõ lại")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("not-a-number", "ô chứa một giá trị không phải số hữu hạn")
        number = Decimal(repr(value))
    else:
        return None
    if "%" in (number_format or ""):
        number *= 100
    return number


def csv_number(number: Decimal, fmt: NumberFormat = DEFAULT_FORMAT) -> str:
    """A number as the package writes it: no exponent, no trailing zeros, the declared decimal mark."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", fmt.decimal) if fmt.decimal != "." else text


Ask = Callable[[str, str], None]  # (code, message) of a question a cell raises without being refused


def _no_question(code: str, message: str) -> None:
    pass


def _number(value, number_format: str, fmt: NumberFormat, what: str, code: str, ask: Ask) -> tuple[Fraction, str, bool]:
    """(exact value, text for the package in the year's format ``fmt``, whether a percent sign or format
    came with it) of a number cell or of a number typed as text, read the Vietnamese way
    (:mod:`generator.forms.numbers`); a reading that may not be what the office meant is asked."""
    number = cell_decimal(value, number_format)
    if number is not None:
        exact = Fraction(number)
        return exact, package_text(exact, fmt), "%" in (number_format or "")
    text = _text(value)
    bad = control_character(text)
    if bad:
        raise CellError("control-character", f"ô chứa ký tự điều khiển hoặc ký tự ẩn ({bad}); hãy gõ lại")
    try:
        typed = read_typed(text, fmt)
    except NotANumber as exc:
        raise CellError(code, f"«{shown(text)}» phải là {what}" + (f": {exc.hint}" if exc.hint else "")) from None
    if typed.question:
        ask("ambiguous-number", typed.question)
    return typed.value, package_text(typed.value, fmt), typed.percent


def read_input(d: InputDef, value, number_format: str, levels: tuple[str, ...], max_points: Fraction, fmt: NumberFormat = DEFAULT_FORMAT, ask: Ask = _no_question) -> str | None:
    """The text inputs.csv records for one entry cell (a code for a label, a number in the year's format),
    or None for an empty cell. A reading worth a second look is passed to ``ask`` (code, message)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if d.type == "level":
        text = _text(value)
        by_label = {_normal(label): code for code, label in d.labels}
        code = by_label.get(_normal(text)) or (text if text in levels else None)
        if code is None:
            allowed = "; ".join(f"«{label}»" for _, label in d.labels) or ", ".join(levels)
            raise CellError("bad-level", f"«{shown(text)}» không có trong danh sách; hãy chọn một trong: {allowed}")
        return code
    if d.type == "yes_no":
        try:
            answer = parse_value("yes_no", _text(value), labels=dict(d.labels))
        except DataError:
            raise CellError("bad-yes-no", f"«{shown(value)}» phải là «{d.label(True)}» hoặc «{d.label(False)}» (chọn trong danh sách)") from None
        return YES_TEXT if answer else NO_TEXT
    what, code = ("một số nguyên (số lượng)", "not-a-count") if d.type == "count" else ("một số", "not-a-number")
    questions: list[tuple[str, str]] = []
    number, text, percent = _number(value, number_format, fmt, what, code, lambda c, m: questions.append((c, m)))
    typed = shown(value if isinstance(value, str) else compact_vi(number))
    if percent and d.type != "percent":
        raise CellError(code, f"«{typed}» có dấu %, nhưng ô này cần {what}, không phải tỷ lệ phần trăm")
    if len(text) > VALUE_LENGTH:
        raise CellError("too-long", f"giá trị dài {len(text)} ký tự, tối đa {VALUE_LENGTH}")
    if number < 0:
        raise CellError("negative-value", f"«{typed}» là số âm; số liệu phải lớn hơn hoặc bằng 0")
    if d.type == "count" and number.denominator != 1:
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,3},[0-9]{3}", _text(value)):
            hint = f"; nếu là {_text(value).replace(',', '')}, hãy ghi {_text(value).replace(',', '')} (dấu phẩy là dấu thập phân)"
        raise CellError("not-a-count", f"«{typed}» phải là một số nguyên (số lượng){hint}")
    if d.type == "percent" and number > 100:
        raise CellError("percent-over-100", f"«{typed}» vượt quá 100 %")
    if d.type == "points" and number > max_points:
        raise CellError("points-over-max", f"điểm chấm {compact_vi(number)} vượt quá điểm tối đa {compact_vi(max_points)}")
    for question in questions:  # asked once the cell is not refused
        ask(*question)
    if d.type == "percent" and not percent and 0 < number <= 1:
        ask("percent-fraction", percent_question(number))
    return text


def read_score(value, number_format: str, max_points: Fraction, fmt: NumberFormat, code_over: str, ask: Ask = _no_question) -> str | None:
    """A claimed or awarded score: a number from 0 to the indicator's maximum, in the year's format."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    questions: list[tuple[str, str]] = []
    number, text, percent = _number(value, number_format, fmt, "một số (điểm)", "not-a-number", lambda c, m: questions.append((c, m)))
    typed = shown(value if isinstance(value, str) else compact_vi(number))
    if percent:
        raise CellError("not-a-number", f"«{typed}» phải là một số điểm, không phải tỷ lệ phần trăm")
    if number < 0:
        raise CellError("negative-value", f"«{typed}» là số âm; điểm phải từ 0 đến {compact_vi(max_points)}")
    if number > max_points:
        raise CellError(code_over, f"điểm {compact_vi(number)} vượt quá điểm tối đa {compact_vi(max_points)} của chỉ số")
    for question in questions:
        ask(*question)
    return text


def read_flag(value) -> bool:
    """The «Không đánh giá» cell: the list's one entry (or «có», «x») marks the indicator; empty or «không» does not."""
    if value is None:
        return False
    text = _normal(_text(value))
    if text in ("", "không", "khong", "no", "0", "false"):
        return False
    if text in (_normal(NOT_EVALUATED), "có", "co", "x", "yes", "1", "true"):
        return True
    raise CellError("bad-flag", f"«{shown(value)}» không hợp lệ; chọn «{NOT_EVALUATED}» hoặc để trống")


def read_text(value, max_length: int, multiline: bool = False) -> str:
    """A free text (evidence title, address, the council's note), checked like the package's text cells."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = csv_number(Decimal(repr(value)))
    else:
        text = unicodedata.normalize("NFC", str(value))
    text = text.strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = control_character(text, multiline)
    if bad:
        raise CellError("control-character", f"ô chứa ký tự điều khiển hoặc ký tự ẩn ({bad}); hãy gõ lại nội dung ô này")
    if len(text) > max_length:
        raise CellError("too-long", f"nội dung dài {len(text)} ký tự, tối đa {max_length}")
    return text
