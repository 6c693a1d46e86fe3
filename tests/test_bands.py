"""Grade bands as provinces write them: from a bound inclusive (``min_percent``, Kon Tum) or strictly above
it (``above_percent``, Lào Cai), checked to share 0–100 % out with no gap and no overlap."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.groupchecks import band_problems
from generator.model import Band
from generator.rank import band_for
from generator.validate import validate

from .helpers import write_edition
from .test_groups import points, points_framework

# Lào Cai: dẫn dắt > 75 %, nâng cao > 50–≤ 75 %, hình thành > 25–≤ 50 %, khởi động ≤ 25 %.
LAO_CAI = (
    Band("Dẫn dắt", Decimal(75), True),
    Band("Nâng cao", Decimal(50), True),
    Band("Hình thành", Decimal(25), True),
    Band("Khởi động", Decimal(0)),
)
# Kon Tum: Tốt ≥ 90, Khá 70–< 90, Trung bình 50–< 70, Yếu < 50.
KON_TUM = (Band("Tốt", Decimal(90)), Band("Khá", Decimal(70)), Band("Trung bình", Decimal(50)), Band("Yếu", Decimal(0)))


def test_lao_cai_bands_are_exclusive_below():
    assert list(band_problems(LAO_CAI)) == []
    assert band_for(Decimal("75.00"), LAO_CAI) == "Nâng cao"  # 75 % is not above 75 %
    assert band_for(Decimal("75.01"), LAO_CAI) == "Dẫn dắt"
    assert band_for(Decimal("50.00"), LAO_CAI) == "Hình thành"
    assert band_for(Decimal("25.00"), LAO_CAI) == "Khởi động"
    assert band_for(Decimal("0.00"), LAO_CAI) == "Khởi động"


def test_kon_tum_bands_are_inclusive_from():
    assert list(band_problems(KON_TUM)) == []
    assert band_for(Decimal("90.00"), KON_TUM) == "Tốt"
    assert band_for(Decimal("89.99"), KON_TUM) == "Khá"


def test_a_lowest_band_that_does_not_start_at_zero_leaves_a_gap():
    # «khởi động» written as above 0 %: a unit at exactly 0,00 % would have no band
    [(index, (code, message))] = list(band_problems(LAO_CAI[:3] + (Band("Khởi động", Decimal(0), True),)))
    assert (index, code) == (3, "band-gap") and "từ 0 % đến 0 %" in message
    [(index, (code, _))] = list(band_problems(KON_TUM[:3]))  # no «Yếu»: 0–< 50 % in no band
    assert (index, code) == (2, "band-gap")


def test_exclusive_bands_in_a_year_are_read_checked_and_applied(tmp_path):
    # max 100 (60 + 40): a 45 + 30 = 75 → 75,00 % «nâng cao»; b 45,01 + 30 = 75,01 → 75,01 % «dẫn dắt»
    points_framework(tmp_path / "frameworks" / "so", "department", 60, 40)
    units = [dict(id="a", name="Sở A", type="department"), dict(id="b", name="Sở B", type="department")]
    bands = [{"label": "Dẫn dắt", "above_percent": 75}, {"label": "Nâng cao", "above_percent": 50}, {"label": "Hình thành", "above_percent": 25}, {"label": "Khởi động", "min_percent": 0}]
    write_edition(tmp_path / "2023", 2023, {"department": "so"}, units, points("a", 45, 30) + points("b", "45.01", 30), bands=bands)
    dataset, report = validate(tmp_path)
    assert report.ok, [str(i) for i in report.errors]
    found = {r.unit.id: (r.percent, r.band) for r in dataset.results[2023]["department"]}
    assert found == {"a": (Decimal("75.00"), "Nâng cao"), "b": (Decimal("75.01"), "Dẫn dắt")}


def test_a_band_with_two_bounds_or_none_is_reported(tmp_path):
    points_framework(tmp_path / "frameworks" / "so", "department", 60, 40)
    units = [dict(id="a", name="Sở A", type="department")]
    bands = [{"label": "Tốt", "min_percent": 90, "above_percent": 90}, {"label": "Yếu"}]
    write_edition(tmp_path / "2023", 2023, {"department": "so"}, units, points("a", 45, 30), bands=bands)
    _, report = validate(tmp_path)
    assert [(i.field, i.code) for i in report.errors] == [("dti.publication.bands[0]", "bad-metadata"), ("dti.publication.bands[1]", "bad-metadata")]


# --------------------------------------------------------------------------- the coverage check, exhaustively

# Bounds are whole percents, so every difference between two sets of bands shows at a whole percent or a
# hundredth either side of one: these points are enough to see every band's share of 0–100 %.
GRID = sorted({Decimal(v).scaleb(-2) for t in range(101) for v in (100 * t - 1, 100 * t, 100 * t + 1) if 0 <= v <= 10000})

band_strategy = st.lists(st.tuples(st.integers(-1, 101), st.booleans()), min_size=1, max_size=5)


def _bands(spec) -> tuple[Band, ...]:
    return tuple(Band(f"Mức {i}", Decimal(t), excl) for i, (t, excl) in enumerate(spec))


def shares_out_exactly(bands: tuple[Band, ...]) -> bool:
    """By brute force over the grid: bounds within 0–100, written best first, every percentage in exactly
    one band, and every band holding some percentage. A percentage is in a band when it reaches the band's
    bound and no higher band's."""
    if any(not 0 <= b.min_percent <= 100 for b in bands):
        return False
    if any(bands[i].order <= bands[i + 1].order for i in range(len(bands) - 1)):
        return False  # not best first, or two bands with one bound (both would claim the same percentages)
    held = {b.label: 0 for b in bands}
    for p in GRID:
        reached = [b for b in bands if b.admits(p)]
        if not reached:
            return False  # a gap
        best = max(reached, key=lambda b: b.order)
        held[best.label] += 1
    return all(held.values())


@settings(max_examples=300, deadline=None)
@given(band_strategy)
def test_the_coverage_check_accepts_exactly_the_bands_that_share_0_100_out(spec):
    bands = _bands(spec)
    assert (list(band_problems(bands)) == []) == shares_out_exactly(bands)
