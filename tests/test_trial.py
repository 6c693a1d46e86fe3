"""Trial figures (generator/trial.py) and the traps caught in an index set before any unit is scored.

Every expected score below is worked out by hand from the rule and the figures, in the comment beside it.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from generator import trial
from generator.checks import run_framework_checks
from generator.load import load_framework

from .helpers import bundled, write_framework

INDICATORS = [
    dict(id="1", level="main", name="Chính", max_points=50),
    dict(id="1.1", parent="1", level="component", name="Tỷ lệ (a+b)/c", max_points=10, rule="ratio", formula="a+b/c", method="Tỷ lệ = (a+b)/c; Điểm = Tỷ lệ × Điểm tối đa", evidence="Báo cáo"),
    dict(id="1.2", parent="1", level="component", name="Tổng chia", max_points=10, rule="ratio", formula="a+b/c", method="Tổng số hồ sơ a và b chia cho tổng số hồ sơ c", evidence="Báo cáo"),
    dict(id="1.3", parent="1", level="component", name="Ngưỡng không %", max_points=10, rule="tiers", formula="a/b", options=">= 10: 1; >= 5: 1/2; else: 0", evidence="Báo cáo"),
    dict(id="1.4", parent="1", level="component", name="Mức không đủ", max_points=10, rule="levels", formula="muc", options="cao: 1/2; thap: 1/4; khong: 0", evidence="Báo cáo"),
    dict(id="1.5", parent="1", level="component", name="Không ghi tài liệu", max_points=10, rule="ratio_target", formula="(a+b)/c", options="target: 80%", method="Tỷ lệ = (a+b)/c"),
]
INPUTS = (
    [dict(indicator_id=i, name=n, type="count", meaning=f"Số {n}") for i in ("1.1", "1.2") for n in "abc"]
    + [dict(indicator_id="1.3", name=n, type="count", meaning=f"Số {n}") for n in "ab"]
    + [dict(indicator_id="1.4", name="muc", type="level", meaning="Mức triển khai", labels="cao: Cao; thap: Thấp; khong: Chưa có")]
    + [dict(indicator_id="1.5", name=n, type="count", meaning=f"Số {n}") for n in "abc"]
)


@pytest.fixture(scope="module")
def traps(tmp_path_factory):
    folder = write_framework(tmp_path_factory.mktemp("bo") / "bay", INDICATORS, INPUTS)
    problems: list = []
    fw = load_framework(folder, problems)
    assert fw is not None and problems == []
    return fw, {(i.row, i.field, i.code) for i in run_framework_checks(fw)}


def test_precedence_against_the_decisions_fraction_is_caught_at_its_row(traps):
    _, found = traps
    assert (3, "formula", "formula-differs-from-method") in found  # 1.1: «(a+b)/c» in the method text
    assert (4, "formula", "formula-differs-from-method") in found  # 1.2: «Tổng … chia cho …»
    assert (7, "formula", "formula-differs-from-method") not in found  # 1.5 is written as the text says


def test_rules_that_never_score_or_never_reach_the_maximum_are_caught(traps):
    _, found = traps
    assert (5, "rule", "rule-never-scores") in found and (5, "options", "threshold-over-ratio") in found  # 1.3: ≥ 10 on a ratio
    assert (6, "rule", "rule-never-full") in found  # 1.4: the best level gives half
    assert not {code for row, _, code in found if row in (3, 4, 7) and code.startswith("rule-never")}


def test_an_indicator_without_evidence_is_named(traps):
    _, found = traps
    assert {(row, code) for row, _, code in found if code == "no-evidence-stated"} == {(7, "no-evidence-stated")}


def test_the_shipped_sets_fall_in_no_trap_of_formulas_or_extremes():
    for fid in ("hai-duong-2405-2024-so", "hai-duong-2405-2024-huyen", "gia-lai-ia-dom-2024-xa", "bac-kan-1294-2022-xa", "thanh-hoa-3716-2021-huyen"):
        codes = {i.code for i in run_framework_checks(bundled(fid))}
        assert not codes & {"formula-precedence", "formula-differs-from-method", "threshold-over-ratio", "rule-never-scores", "rule-never-full"}, fid


# --------------------------------------------------------------------------- steps of the arithmetic


def test_a_ratio_to_a_target_shows_each_step_and_the_rounding_as_published(traps):
    fw, _ = traps
    got = trial.run(fw.indicators["1.5"], {"a": 30, "b": 20, "c": 80})
    # (30 + 20) / 80 = 62,5 %; below the 80 % target, scaled: 62,5 % ÷ 80 % = 78,125 % of 10 = 7,8125 → 7,81
    assert (got.share, got.exact, got.points) == (Fraction(625, 800), Fraction(78125, 10000), Fraction(781, 100))
    assert got.steps == (
        "Tỷ lệ (a+b)/c = (30 + 20) / 80 = 62,5 %",
        "62,5 % < chỉ tiêu 80 % → 62,5 % ÷ 80 % = 78,125 % điểm tối đa",
        "Điểm = 78,125 % × 10 = 7,8125; làm tròn một lần như khi công bố (2 chữ số thập phân): 7,81 điểm",
    )


def test_a_gate_a_level_and_a_zero_denominator_in_words():
    so = bundled("hai-duong-2405-2024-so")
    gate = trial.run(so.indicators["1.3"], {"co_chuyen_muc": False, "so_tin_bai": 12})
    assert gate.points == 0 and "0 điểm (điều kiện để được chấm chưa đạt)" in gate.steps[0]
    level = trial.run(so.indicators["1.1"], {"truong_ban": "cap_pho"})  # «cấp phó»: ½ of 20 = 10
    assert level.points == 10 and "«Trưởng ban/Tổ trưởng là Phó giám đốc cơ quan, đơn vị» → 50 % điểm tối đa" in level.steps[0]
    zero = trial.run(so.indicators["5.3"], {"a": 0, "b": 0})  # no server: the decision gives full points (on_zero: max)
    assert zero.points == 10 and zero.steps[0].startswith("Mẫu số b = 0: được điểm tối đa")


def test_a_problem_is_said_not_raised():
    so = bundled("hai-duong-2405-2024-so")
    over = trial.run(so.indicators["4.3"], {"a": 30, "b": 10, "c": 10})  # 30 / 20 = 150 %: a data error
    assert over.points is None and over.problem.code == "ratio-over-100" and "150 %" in over.text()


def test_read_figures_accepts_a_comma_and_the_decisions_words():
    so = bundled("hai-duong-2405-2024-so")
    values, problems = trial.read_figures(so.indicators["1.1"], {"truong_ban": "Trưởng ban/Tổ trưởng là người đứng đầu cơ quan, đơn vị"})
    assert values == {"truong_ban": "nguoi_dung_dau"} and problems == []
    huyen = bundled("hai-duong-2405-2024-huyen")
    values, problems = trial.read_figures(huyen.indicators["6.12"], {"a": "2,5", "b": "1000", "x": "1"})
    assert values == {"a": Fraction(5, 2), "b": 1000} and [p.code for p in problems] == ["unknown-input"]


def test_examples_give_part_of_the_maximum_where_a_rule_can():
    for fid in ("hai-duong-2405-2024-so", "gia-lai-ia-dom-2024-xa", "bac-kan-1294-2022-xa"):
        for ind in bundled(fid).leaves():
            got = trial.run(ind, trial.example(ind))
            assert got.problem is None, (fid, ind.id, got.text())
            if ind.rule.kind in ("ratio", "ratio_target", "tiers", "levels", "checklist", "capped_count", "weighted_shares", "external_rate"):
                assert 0 < got.share < 1, (fid, ind.id, got.text())
