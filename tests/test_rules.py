"""Every rule kind, on a seed row, with the expected points worked out by hand.

Seeds: 004 = Hải Dương QĐ 2405/2024 (P1 departments, P2 districts); 000 = Ia Dom commune set;
002 = Bắc Kạn commune set (Côn Minh plan); 001 = Thanh Hóa district set (Triệu Sơn plan).
The rules come from the bundled framework data, so these tests check the encoding as well as the engine.
"""

from fractions import Fraction as F

import pytest

from generator.errors import DataError
from generator.formula import Formula, FormulaSyntaxError
from generator.rules import RuleSpecError, build_rule

from .helpers import bundled, score_of


@pytest.fixture(scope="module")
def p1():
    return bundled("hai-duong-2405-2024-so")


@pytest.fixture(scope="module")
def p2():
    return bundled("hai-duong-2405-2024-huyen")


@pytest.fixture(scope="module")
def iadom():
    return bundled("gia-lai-ia-dom-2024-xa")


@pytest.fixture(scope="module")
def backan():
    return bundled("bac-kan-1294-2022-xa")


@pytest.fixture(scope="module")
def thanhhoa():
    return bundled("thanh-hoa-3716-2021-huyen")


# yes/no — 004 P1 2.1 (10 points): "Đã ban hành: Điểm tối đa; Chưa ban hành: 0 điểm".
def test_yes_no(p1):
    assert score_of(p1, "2.1", da_ban_hanh="có") == 10
    assert score_of(p1, "2.1", da_ban_hanh="không") == 0


# levels — 004 P1 1.1 (20): head of unit → max; deputy → 1/2 × max = 10; none → 0.
def test_levels(p1):
    assert score_of(p1, "1.1", truong_ban="nguoi_dung_dau") == 20
    assert score_of(p1, "1.1", truong_ban="cap_pho") == 10
    assert score_of(p1, "1.1", truong_ban="khong") == 0


# levels — 004 P2 1.6 (10): broadcast weekly → 10; monthly → 5; rarer → 0.
def test_levels_frequency(p2):
    assert [score_of(p2, "1.6", tan_suat=v) for v in ("hang_tuan", "hang_thang", "it_hon")] == [10, 5, 0]


# ratio — 004 P2 3.4 (5): (a+b)/c with a=40, b=110, c=200 → 150/200 = 0.75 → 3.75.
def test_ratio_sum_over_total(p2):
    assert score_of(p2, "3.4", a=40, b=110, c=200) == F("3.75")


# ratio — 004 P2 4.4 (10): (a+b+c+d)/e with 2+3+1+4 = 10 of e=50 → 0.2 → 2.
def test_ratio_four_terms(p2):
    assert score_of(p2, "4.4", a=2, b=3, c=1, d=4, e=50) == 2


# ratio — 004 P2 6.7 (10): (b+d)/(a+c), a=200 residents asked, b=150 satisfied, c=40 firms, d=30 → 180/240 → 7.5.
def test_ratio_satisfaction(p2):
    assert score_of(p2, "6.7", a=200, b=150, c=40, d=30) == F("7.5")


# ratio — 000 6.2 (30): (c+d)/(a+b) with a=20, b=10, c=12, d=9 → 21/30 = 0.7 → 21.
def test_ratio_commune_online_services(iadom):
    assert score_of(iadom, "6.2", a=20, b=10, c=12, d=9) == 21


# ratio to a target, scaled — 004 P2 4.7 (10, T = 80 %): 30/50 = 60 % → 0.6/0.8 × 10 = 7.5; 45/50 = 90 % → 10.
def test_ratio_target_scaled(p2):
    assert score_of(p2, "4.7", a=30, b=50) == F("7.5")
    assert score_of(p2, "4.7", a=45, b=50) == 10
    assert score_of(p2, "4.7", a=40, b=50) == 10  # exactly the target: full points


# ratio to a target — 002 3.3 (15, T = 95 %): 76 % → 0.76/0.95 × 15 = 12; 002 7.9 (20, T = 2 %): 1.5 % → 15.
def test_ratio_target_backan(backan):
    assert score_of(backan, "3.3", a=76, b=100) == 12
    assert score_of(backan, "7.9", a=15, b=1000) == 15


# target, linear below — 000 7.1 (10, T = 80 %): 60 % → 0.6 × 10 = 6; 000 7.4 (40, T = 5 %): 3 % → 0.03 × 40 = 1.2.
def test_ratio_target_linear(iadom):
    assert score_of(iadom, "7.1", a=30, b=50) == 6
    assert score_of(iadom, "7.4", a=3, b=100) == F("1.2")
    assert score_of(iadom, "7.4", a=5, b=100) == 40


# tiers on a ratio — 004 P2 6.12 (10): ≥ 0.7 % → 10, ≥ 0.4 % → 7, ≥ 0.2 % → 3, else 0 (lower bounds inclusive).
def test_tiers_on_ratio(p2):
    assert score_of(p2, "6.12", a=700, b=100000) == 10  # exactly 0.7 %
    assert score_of(p2, "6.12", a=500, b=100000) == 7
    assert score_of(p2, "6.12", a=200, b=100000) == 3  # exactly 0.2 %
    assert score_of(p2, "6.12", a=199, b=100000) == 0


# tiers on a count — 000 1.4 (20): ≥ 10 posts → 20; 5–9 → 10; < 5 → 5; no section → 0. Exactly 10 is "10 or more".
def test_tiers_on_count_with_gate(iadom):
    assert score_of(iadom, "1.4", co_chuyen_muc="có", so_tin_bai=10) == 20
    assert score_of(iadom, "1.4", co_chuyen_muc="có", so_tin_bai=9) == 10
    assert score_of(iadom, "1.4", co_chuyen_muc="có", so_tin_bai=4) == 5
    assert score_of(iadom, "1.4", co_chuyen_muc="không") == 0


# tiers on amounts — 002 5.8.2 (5): 150 million → "≥ 100 million: 70 %" → 3.5; 002 5.8.1 (10): (5+3)/100 = 8 % → 70 % → 7.
def test_tiers_on_amounts(backan):
    assert score_of(backan, "5.8.2", kinh_phi_giam_sat=150) == F("3.5")
    assert score_of(backan, "5.8.2", kinh_phi_giam_sat=49) == 0
    assert score_of(backan, "5.8.1", a=5, b=3, c=100) == 7


# capped count — 004 P1 1.3 (10): 6 posts → 6/10 × 10 = 6; 14 → capped at 10; no section → 0.
def test_capped_count(p1):
    assert score_of(p1, "1.3", co_chuyen_muc="có", so_tin_bai=6) == 6
    assert score_of(p1, "1.3", co_chuyen_muc="có", so_tin_bai=14) == 10
    assert score_of(p1, "1.3", co_chuyen_muc="không") == 0


# points per item — 000 8.4 (40): 1 point per effective activity, at most 40: 25 → 25; 47 → 40.
def test_points_per_item(iadom):
    assert score_of(iadom, "8.4", so_hoat_dong=25) == 25
    assert score_of(iadom, "8.4", so_hoat_dong=47) == 40


# weighted shares — 004 P1 1.2 (10): a/c × 10 + b/c × 1/2 × 10, a=4, b=2, c=8 → 5 + 1.25 = 6.25.
def test_weighted_shares(p1):
    assert score_of(p1, "1.2", a=4, b=2, c=8) == F("6.25")


# checklist — 004 P1 1.4 (10): sections complete (1/2) but content not → 5. 000 6.1 (10): 4/5 + 1/5.
def test_checklist(p1, iadom):
    assert score_of(p1, "1.4", du_chuyen_muc="có", du_thong_tin="không") == 5
    assert score_of(iadom, "6.1", dap_ung_chuc_nang="không", ipv6="có") == 2
    assert score_of(iadom, "6.1", dap_ung_chuc_nang="có", ipv6="không") == 8


# zero denominator → max — 004 P1 5.3 (10): a unit with no servers (b = 0) gets 10; with b=4, a=3 → 7.5.
def test_zero_denominator_max(p1):
    assert score_of(p1, "5.3", a=0, b=0) == 10
    assert score_of(p1, "5.3", a=3, b=4) == F("7.5")


# conditional zero denominator — 004 P1 5.7 (10): b = 0 and all systems monitored → 10; b = 0 otherwise → 0.
def test_zero_denominator_conditional(p1, p2):
    assert score_of(p1, "5.7", a=0, b=0, du_cap_nhat_giam_sat="có") == 10
    assert score_of(p1, "5.7", a=0, b=0, du_cap_nhat_giam_sat="không") == 0
    assert score_of(p1, "5.7", a=3, b=4) == F("7.5")
    assert score_of(p2, "5.5", a=0, b=0, du_cap_nhat_giam_sat="có") == 10


# no policy in the decision → a data error, not a guess — 004 P1 3.1 with no staff at all.
def test_zero_denominator_without_policy_is_an_error(p1):
    with pytest.raises(DataError) as exc:
        score_of(p1, "3.1", a=0, b=0)
    assert exc.value.code == "zero-denominator"


# all or nothing — 002 6.1 (15): 100 % of eligible services fully online → 15; 19 of 20 → 0. The commune's
# full-online services (a) are not only those counted among the eligible ones (b), so 22 of 20 is a real
# figure, and reaching the eligible count earns the maximum: 15 (the row's reading, in its note).
def test_all_or_nothing(backan):
    assert score_of(backan, "6.1", a=20, b=20) == 15
    assert score_of(backan, "6.1", a=19, b=20) == 0
    assert score_of(backan, "6.1", a=22, b=20) == 15


# 002 3.1 (15): "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa", a = computers, b = officials. Every official has
# a computer once a ≥ b, so 20 computers for 18 officials is the maximum, 15, not a data error; 9 for 18 → 7.5.
def test_backan_computers_per_official_is_capped_at_the_maximum(backan):
    assert score_of(backan, "3.1", a=20, b=18) == 15
    assert score_of(backan, "3.1", a=9, b=18) == F("7.5")


# external rate — 004 P2 6.2 (10): 87.5 % on the National Public Service Portal → 8.75.
def test_external_rate(p2):
    assert score_of(p2, "6.2", ty_le="87.5") == F("8.75")
    assert score_of(p2, "6.2", ty_le="87.5%") == F("8.75")


# points awarded directly — 001 I.1.1.2 (2 points): the council awards 1.5 → 1.5; more than the maximum is an error.
def test_points_awarded(thanhhoa):
    assert score_of(thanhhoa, "I.1.1.2", diem="1.5") == F("1.5")
    with pytest.raises(DataError) as exc:
        score_of(thanhhoa, "I.1.1.2", diem="2.5")
    assert exc.value.code == "points-over-max"


# a ratio above 100 % is a data error (DOMAIN: "not a score above max") — 004 P1 3.1 with a > b.
def test_ratio_over_100_is_an_error(p1):
    with pytest.raises(DataError) as exc:
        score_of(p1, "3.1", a=120, b=100)
    assert exc.value.code == "ratio-over-100"


# …unless the decision caps the score — 000 3.7 (10): more computers than staff, "Điểm luôn <= 10".
def test_ratio_capped_where_the_decision_says_so(iadom):
    assert score_of(iadom, "3.7", so_may_tinh=30, so_cbcc=25) == 10


def test_missing_input_is_named(p1):
    with pytest.raises(DataError) as exc:
        score_of(p1, "3.1", a=5)
    assert exc.value.code == "missing-input" and exc.value.input_name == "b"


# sums — 004 P2 3.6 (5) = 3.6.1 (2.5) + 3.6.2 (2.5); a parent's maximum is the sum of its children's.
def test_parent_is_sum_of_children(p2):
    parent = p2.indicators["3.6"]
    assert parent.children == ("3.6.1", "3.6.2")
    assert parent.max_points == 5
    total = score_of(p2, "3.6.1", a=8, b=10) + score_of(p2, "3.6.2", a=3, b=4)
    assert total == F(2) + F("1.875")


@pytest.mark.parametrize(
    "text",
    ["__import__('os').system('true')", "a ** 2", "a.b", "f(a)", "a if b else c", "[a]", "a < b", "'x'", "True"],
)
def test_formulas_cannot_run_code(text):
    with pytest.raises(FormulaSyntaxError):
        Formula.parse(text)


@pytest.mark.parametrize("text", ["1e999999999", "a * 1e400", "-1e309 + b"])
def test_a_number_too_big_for_a_formula_is_refused_not_a_crash(text):
    """Python reads 1e999999999 as infinity, which has no exact value (found by the mutation test)."""
    with pytest.raises(FormulaSyntaxError, match="quá lớn"):
        Formula.parse(text)


def test_formula_arithmetic_is_exact():
    assert Formula.parse("(c+d)/(a+b)").evaluate({"a": F(1), "b": F(2), "c": F(1), "d": F(0)}) == F(1, 3)


@pytest.mark.parametrize(
    "kind, formula, options, fragment",
    [
        ("ratio_target", "a/b", "", "target"),
        ("tiers", "a/b", ">= 10%: 1", "else"),
        ("tiers", "a/b", ">= 1%: 1; >= 5%: 0.5; else: 0", "cao xuống thấp"),
        ("levels", "x", "cao: 1", "hai mức"),
        ("checklist", "", "a: 1/2; b: 1/3", "100 %"),
        ("capped_count", "n", "full_at: 10; per_item: 1", "đúng một"),
        ("ratio", "a/b", "on_zero: maybe", "on_zero"),
        ("ratio", "a/b", "colour: red", "colour"),
        ("levels", "x", "cao: 2; thap: 0", "0 đến 1"),
        ("nonsense", "a", "", "không có cách tính"),
    ],
)
def test_bad_rule_specifications_are_explained(kind, formula, options, fragment):
    with pytest.raises(RuleSpecError) as exc:
        build_rule(kind, formula, options)
    assert fragment in str(exc.value)
