"""The statistics pages show, computed from the values as they are published.

A reader who downloads ``results.csv`` or ``indicator_scores.csv`` must get every median, best value,
change and gap a page shows, to the digit, from the numbers in the file. So every statistic here takes
published values (2 decimals) and rounds its own result once, the way the site rounds everything: half
away from zero (:func:`generator.numeric.round_published`). The median of an even count of values is the
mean of the two in the middle, which can end in a 5 in the third decimal (23,50 and 23,51 give 23,505,
shown 23,51).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .numeric import round_published


def _exact(value) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (Decimal, int)):
        return Fraction(value)
    return Fraction(int(value.numerator), int(value.denominator))  # an exact rational of another kind


def median(values) -> Decimal | None:
    """The median of published values, rounded as published; None for no values."""
    ordered = sorted(_exact(v) for v in values if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    mid = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round_published(mid)


def best(values) -> Decimal | None:
    """The highest of published values; None for no values."""
    present = [_exact(v) for v in values if v is not None]
    return round_published(max(present)) if present else None


def lowest(values) -> Decimal | None:
    """The lowest of published values; None for no values."""
    present = [_exact(v) for v in values if v is not None]
    return round_published(min(present)) if present else None


def difference(now, before) -> Decimal | None:
    """``now − before`` of two published values (exact: both have 2 decimals)."""
    if now is None or before is None:
        return None
    return round_published(_exact(now) - _exact(before))


def share_of(points, maximum) -> Decimal | None:
    """Points as a percentage of a maximum, rounded as published; None without a maximum."""
    if points is None or not maximum:
        return None
    return round_published(_exact(points) / _exact(maximum) * 100)
