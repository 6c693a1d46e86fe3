"""How a year shows a unit's result (``dti.scale``): as a percentage of its maximum (``percent``, the
default), as points out of the maximum (``points``: Lâm Đồng's «914,31» of 1.000), or as an index on 0–1
with four decimals (``index``: the national provincial DTI's «0,8002»).

Every scale is worked out from the same published figures: the index is the published percentage divided
by 100 (71,64 % → 0,7164: rounding 2 decimals of a percentage and 4 of an index is the same rounding), the
points are the published total. Ranks and bands are always on the percentage, whatever the scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .numeric import compact_vi, round_published, vi_number

INDEX_PLACES = 4
HEADINGS = {"percent": "Chỉ số DTI", "points": "Tổng điểm", "index": "Chỉ số DTI (0–1)"}
WORDS = {
    "percent": "tỷ lệ phần trăm điểm đạt trên điểm tối đa",
    "points": "điểm đạt trên điểm tối đa",
    "index": "chỉ số từ 0 đến 1 (điểm đạt chia điểm tối đa), 4 chữ số thập phân",
}


def index_of(percent: Decimal | None) -> Decimal | None:
    """A published percentage as an index on 0–1: 71.64 → 0.7164."""
    return None if percent is None else percent.scaleb(-2)


def shown_number(scale: str, percent: Decimal | None, score: Fraction | None) -> Decimal | None:
    """The figure a year's scale shows, as a published decimal: the percentage, the index or the points."""
    if scale == "index":
        return index_of(percent)
    if scale == "points":
        return None if score is None else round_published(score)
    return percent


def shown_text(scale: str, percent: Decimal | None, score: Fraction | None, maximum: Fraction | None) -> str:
    """The figure as the site writes it: «71,64 %», «0,7164», «914,31/1.000»; «–» without one."""
    if percent is None and scale != "points":
        return "–"
    if scale == "index":
        return vi_number(index_of(percent), INDEX_PLACES)
    if scale == "points":
        return "–" if score is None else f"{vi_number(score)}/{compact_vi(maximum)}"
    return f"{vi_number(percent)}\u00a0%"


@dataclass(frozen=True)
class Axis:
    """How a chart or a map of one year draws its units: the index on 0–1 for an index year, else the
    percentage (a points year's units may have different maxima, so they are drawn as % of their own)."""

    title: str  # the axis or legend title
    shift: int  # powers of ten the percentage is moved by: 0, or -2 for the index
    places: int  # decimals of a figure written in the text beside the chart
    unit: str  # written after such a figure

    @property
    def top(self) -> Decimal:
        return Decimal(100).scaleb(self.shift)

    def value(self, percent: Decimal) -> Decimal:
        """The figure drawn for a published percentage."""
        return percent.scaleb(self.shift)

    def text(self, percent: Decimal | None) -> str:
        """The figure drawn, as the chart's sentence and table write it: «71,64 %», «0,7164»."""
        return "không có" if percent is None else vi_number(self.value(percent), self.places) + self.unit


AXES = {
    "percent": Axis("Chỉ số DTI (%)", 0, 2, " %"),
    "index": Axis("Chỉ số DTI (0–1)", -2, INDEX_PLACES, ""),
    "points": Axis("Tỷ lệ % điểm tối đa", 0, 2, " %"),
}
