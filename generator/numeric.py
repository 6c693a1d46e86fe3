"""Exact numbers in, published numbers out.

Scores are computed as exact fractions and rounded once, at the end, the way results are published:
two decimals, half away from zero.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal
from fractions import Fraction

from gmpy2 import mpq as Rational  # exact rationals, like fractions.Fraction (they compare and hash equal) but in C

PLACES = 2
MAX_NUMBER_LENGTH = 30

_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def parse_fraction(text: str) -> Fraction:
    """Read ``1``, ``2.5``, ``1/2``, ``70%`` or ``0.25%`` as an exact fraction.

    Raises ValueError with a short Vietnamese reason for anything else (for example ``2,5``).
    """
    s = (text or "").strip()
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    if "/" in s:
        num, _, den = s.partition("/")
        if not (_NUMBER.fullmatch(num.strip()) and _NUMBER.fullmatch(den.strip())):
            raise ValueError(f"«{text}» không phải là một số hoặc phân số")
        if Rational(den.strip()) == 0:
            raise ValueError(f"«{text}» có mẫu số bằng 0")
        value = Rational(num.strip()) / Rational(den.strip())
    elif _NUMBER.fullmatch(s):
        value = Rational(s)
    elif re.fullmatch(r"[+-]?[0-9]+,[0-9]+", s):
        raise ValueError(f"«{text}» dùng dấu phẩy; hãy dùng dấu chấm cho phần thập phân (ví dụ 2.5)")
    else:
        raise ValueError(f"«{text}» không phải là một số")
    return value / 100 if percent else value


@dataclass(frozen=True)
class NumberFormat:
    """How numbers are written in a column: the decimal mark and an optional thousands separator."""

    decimal: str = "."
    group: str = ""

    def pattern(self) -> re.Pattern:
        dec, grp = re.escape(self.decimal), re.escape(self.group)
        whole = rf"[0-9]{{1,3}}(?:{grp}[0-9]{{3}})+|[0-9]+" if self.group else "[0-9]+"
        return re.compile(rf"[+-]?(?:{whole})(?:{dec}[0-9]+)?", re.ASCII)

    def parse(self, text: str) -> int | Fraction | None:
        """The exact value of ``text`` written in this format, or None if it is not such a number: an int
        for a whole number, else a Fraction (both exact, and cheaper to make than parsing into Fraction)."""
        s = text.strip()
        if len(s) > MAX_NUMBER_LENGTH or not self._regex.fullmatch(s):
            return None
        if self.group:
            s = s.replace(self.group, "")
        whole, _, decimals = s.partition(self.decimal)
        if not decimals:
            return int(whole)
        return Rational(int(whole + decimals), 10 ** len(decimals))

    @cached_property
    def _regex(self) -> re.Pattern:
        return _pattern(self)

    def describe(self) -> str:
        example = "1234.5" if not self.group and self.decimal == "." else f"1{self.group}234{self.decimal}5"
        return f"dấu thập phân «{self.decimal}»" + (f", dấu phân cách hàng nghìn «{self.group}»" if self.group else "") + f", ví dụ {example}"


DEFAULT_FORMAT = NumberFormat()
_PATTERNS: dict[NumberFormat, re.Pattern] = {}


def _pattern(fmt: NumberFormat) -> re.Pattern:
    if fmt not in _PATTERNS:
        _PATTERNS[fmt] = fmt.pattern()
    return _PATTERNS[fmt]


def read_number(text: str, fmt: NumberFormat = DEFAULT_FORMAT) -> Fraction:
    """A figure as an office typed it, in the column's declared format: ``12``, ``2.5`` (or ``2,5`` where the
    decimal mark is a comma), ``1.234,5`` with a thousands separator, or a fraction ``1/2``. Raises
    ValueError with a short Vietnamese reason."""
    s = (text or "").strip()
    if "/" in s:
        return parse_fraction(s)
    value = fmt.parse(s)
    if value is not None:
        return value
    other = "," if fmt.decimal == "." else "."
    if re.fullmatch(rf"[+-]?[0-9]+{re.escape(other)}[0-9]+", s, re.ASCII) and other != fmt.group:
        raise ValueError(f"«{text}» dùng dấu «{other}» làm dấu thập phân nhưng cột này dùng dấu «{fmt.decimal}» ({fmt.describe()}); hãy sửa số hoặc khai báo decimalChar cho cột")
    raise ValueError(f"«{text}» không phải là một số ({fmt.describe()})")




def round_published(value: Fraction, places: int = PLACES) -> Decimal:
    """Round an exact value half away from zero to ``places`` decimals (integer arithmetic only)."""
    return Decimal(_rounded_whole(value, places)).scaleb(-places)


def as_published(value: Fraction | int | None):
    """The exact value of ``value`` once rounded as published (2 decimals, half away from zero), as an
    exact rational: what a leaf indicator's score is from then on, so that every total is the sum of its
    parts as printed. A value already in hundredths is returned as it is."""
    if value is None:
        return None
    if 100 % int(value.denominator) == 0:
        return value
    return Rational(_rounded_whole(value, PLACES), 10**PLACES)


def differ_as_published(a: Fraction, b: Fraction) -> bool:
    """Whether two exact values differ once each is rounded as published (equal values never do)."""
    return a != b and _rounded_whole(a, PLACES) != _rounded_whole(b, PLACES)


def _rounded_whole(value: Fraction, places: int) -> int:
    """``value`` × 10^places rounded half away from zero, as a whole number."""
    if isinstance(value, Decimal) or isinstance(value, float):
        value = Fraction(value)
    n, d = int(value.numerator), int(value.denominator)
    whole = (2 * abs(n) * 10**places + d) // (2 * d)  # floor(|value| × 10^places + 1/2)
    return -whole if n < 0 else whole


def plain(value: Decimal | None) -> str:
    """A published number for machine-readable files: ``85.25``; empty for None."""
    if value is None:
        return ""
    return f"{value:.{PLACES}f}"


REMEMBERED = 1 << 16  # texts kept per function; past that, numbers are formatted each time


def remembered(text_of: Callable[[object], str]) -> Callable[[object], str]:
    """``text_of`` (the text of an exact number, rounded by :func:`round_published`) remembered by the
    number's value, as numerator and denominator. Equal values round alike whatever their type (an mpq, a
    Fraction, an int), and a year's scores take few distinct values: a national year's millions of
    published numbers are rounded and formatted a few thousand times. Other values (None, a Decimal) are
    formatted each time."""
    texts: dict = {}

    def remembered_text(value) -> str:
        try:
            key = (value.numerator, value.denominator)
        except AttributeError:
            return text_of(value)
        text = texts.get(key)
        if text is None:
            text = text_of(value)
            if len(texts) < REMEMBERED:
                texts[key] = text
        return text

    return remembered_text


def _vi_text(value: Decimal, places: int) -> str:
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


_vi_rounded = remembered(lambda value: _vi_text(round_published(value), PLACES))


def vi_number(value: Decimal | Fraction | int | None, places: int = PLACES) -> str:
    """A published number as Vietnamese readers write it: ``1.234,5`` → here ``85,25``.

    Thousands are grouped with a dot and the decimal mark is a comma. A Decimal is taken as already
    published; any other number is rounded first.
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _vi_text(value, places)
    if places == PLACES:
        return _vi_rounded(value)
    return _vi_text(round_published(value, places), places)


def vi_count(value: int | None) -> str:
    """A count or a rank as Vietnamese readers write it: ``12.700``, ``1.234``; ``""`` for None. (A year is
    never one: it is written as it is.)"""
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def compact_vi(value: Decimal | Fraction | int | None) -> str:
    """Like :func:`vi_number` but without trailing zeros: ``10``, ``2,5``, ``85,25``."""
    text = vi_number(value)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text
