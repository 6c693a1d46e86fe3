"""How a year shows a unit's result (``dti.scale``): as a percentage of its maximum (``percent``, the
default), as points out of the maximum (``points``: Lâm Đồng's «914,31» of 1.000), or as an index on 0–1
with four decimals (``index``: the national provincial DTI's «0,8002»).

Every scale is worked out from the same published figures: the index is the published percentage divided
by 100 (71,64 % → 0,7164: rounding 2 decimals of a percentage and 4 of an index is the same rounding), the
points are the published total. Ranks and bands are always on the percentage, whatever the scale.
"""

from __future__ import annotations

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
