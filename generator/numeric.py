"""Exact numbers in, published numbers out.

Scores are computed as exact fractions and rounded once, at the end, the way results are published:
two decimals, half away from zero.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

PLACES = 2

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
        if Fraction(den.strip()) == 0:
            raise ValueError(f"«{text}» có mẫu số bằng 0")
        value = Fraction(num.strip()) / Fraction(den.strip())
    elif _NUMBER.fullmatch(s):
        value = Fraction(s)
    elif re.fullmatch(r"[+-]?[0-9]+,[0-9]+", s):
        raise ValueError(f"«{text}» dùng dấu phẩy; hãy dùng dấu chấm cho phần thập phân (ví dụ 2.5)")
    else:
        raise ValueError(f"«{text}» không phải là một số")
    return value / 100 if percent else value


def round_published(value: Fraction, places: int = PLACES) -> Decimal:
    """Round an exact value half away from zero to ``places`` decimals (integer arithmetic only)."""
    if not isinstance(value, Fraction):
        value = Fraction(value)
    n, d = value.numerator, value.denominator
    whole = (2 * abs(n) * 10**places + d) // (2 * d)  # floor(|value| × 10^places + 1/2)
    return Decimal(-whole if n < 0 else whole).scaleb(-places)


def plain(value: Decimal | None) -> str:
    """A published number for machine-readable files: ``85.25``; empty for None."""
    if value is None:
        return ""
    return f"{value:.{PLACES}f}"


def vi_number(value: Decimal | Fraction | int | None, places: int = PLACES) -> str:
    """A published number as Vietnamese readers write it: ``1.234,5`` → here ``85,25``.

    Thousands are grouped with a dot and the decimal mark is a comma.
    """
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = round_published(Fraction(value), places)
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def compact_vi(value: Decimal | Fraction | int | None) -> str:
    """Like :func:`vi_number` but without trailing zeros: ``10``, ``2,5``, ``85,25``."""
    text = vi_number(value)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text
