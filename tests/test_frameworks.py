"""The bundled index sets are complete, consistent and say what the decisions say.

Counts and totals below are read off the seed documents by hand.
"""

import json
from collections import Counter

import pytest

from generator.checks import run_framework_checks
from generator.load import standard_schema

from .helpers import FRAMEWORKS, bundled

EXPECTED = {
    # id: (unit type, stated total, number of main indices, number of leaves)
    "hai-duong-2405-2024-so": ("department", 300, 6, 23),  # 004 P1: 1.1–1.4, 2.1–2.2, 3.1–3.2, 4.1–4.3, 5.1–5.7, 6.1–6.5
    "hai-duong-2405-2024-huyen": ("district", 600, 8, 62),  # 004 P2: 61 components, 3.6 split into 3.6.1 and 3.6.2
    "gia-lai-ia-dom-2024-xa": ("commune", 1000, 8, 52),  # 000: "Thang điểm 1000, Tổng số: 52 chỉ số thành phần"
    "bac-kan-1294-2022-xa": ("commune", 900, 8, 64),  # 002: 6+6+7+7+7 (+6 under 5.8) +7+9+9 rows
    "thanh-hoa-3716-2021-huyen": ("district", 270, 19, 130),  # 001: pillars 160 + 75 + 35 with 6 + 6 + 7 main indices
}


@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_bundled_framework_matches_its_decision(fid):
    fw = bundled(fid)
    unit_type, total, mains, leaves = EXPECTED[fid]
    assert fw.unit_type == unit_type
    assert fw.total_points == total == fw.max_points
    assert len(fw.main_indices()) == mains
    assert len(fw.leaves()) == leaves
    assert not [i for i in run_framework_checks(fw) if i.is_error]


def test_hai_duong_main_index_maxima():
    # 004 §3a: departments 50/30/20/30/70 + 100; districts 60/50/30/70/50 + 170/80/90, groups 260 + 340.
    so, huyen = bundled("hai-duong-2405-2024-so"), bundled("hai-duong-2405-2024-huyen")
    assert [i.max_points for i in so.main_indices()] == [50, 30, 20, 30, 70, 100]
    assert [i.max_points for i in huyen.main_indices()] == [60, 50, 30, 70, 50, 170, 80, 90]
    assert [(g.name, g.max_points) for g in huyen.groups()] == [("Nhóm chỉ số nền tảng chung", 260), ("Nhóm chỉ số hoạt động", 340)]


def test_hai_duong_department_set_has_23_components_not_22():
    # 004 P1: the structure table says 22 components (3 in main index 1), the detailed table lists 1.1–1.4.
    fw = bundled("hai-duong-2405-2024-so")
    assert [i.id for i in fw.walk() if i.parent == "1"] == ["1.1", "1.2", "1.3", "1.4"]
    assert any("22" in note and "23" in note for note in fw.notes)


def test_hai_duong_district_3_6_is_the_sum_of_two_criteria():
    fw = bundled("hai-duong-2405-2024-huyen")
    assert [(fw.indicators[c].id, fw.indicators[c].max_points) for c in fw.indicators["3.6"].children] == [("3.6.1", 2.5), ("3.6.2", 2.5)]


def test_backan_section_totals_that_do_not_add_up_are_reported_not_hidden():
    # 002: section 5 states 100 but its rows add up to 90; section 7 states 100 but its rows add up to 110.
    fw = bundled("bac-kan-1294-2022-xa")
    warnings = {i.message.split(" ghi ")[0]: i for i in run_framework_checks(fw) if i.code == "acknowledged-discrepancy"}
    assert set(warnings) == {"chỉ số 5", "chỉ số 7"}
    assert (fw.indicators["5"].stated_max, fw.indicators["5"].max_points) == (100, 90)
    assert (fw.indicators["7"].stated_max, fw.indicators["7"].max_points) == (100, 110)


def test_rule_kinds_cited_in_the_domain_notes_are_encoded_as_such():
    kinds = {fid: {i.id: i.rule_kind for i in bundled(fid).leaves()} for fid in EXPECTED}
    so, huyen, iadom, backan = (kinds[f] for f in ("hai-duong-2405-2024-so", "hai-duong-2405-2024-huyen", "gia-lai-ia-dom-2024-xa", "bac-kan-1294-2022-xa"))
    assert {so[i] for i in ("2.1", "2.2")} == {"yes_no"}
    assert {huyen[i] for i in ("2.1", "2.2", "2.3", "2.4", "2.5", "6.8", "6.9", "6.10", "6.11")} == {"yes_no"}
    assert {so["1.1"], so["5.5"], so["5.6"], huyen["1.6"]} == {"levels"}
    assert {huyen["3.4"], huyen["4.4"], huyen["6.7"], iadom["6.2"]} == {"ratio"}
    assert {huyen["4.7"], iadom["6.3"], iadom["8.2"], backan["3.3"], backan["8.1"], backan["7.9"], iadom["7.1"], iadom["7.4"]} == {"ratio_target"}
    assert {huyen["6.12"], huyen["6.13"], iadom["1.4"], backan["5.8.1"], backan["5.8.2"]} == {"tiers"}
    assert {so["1.3"], iadom["8.4"]} == {"capped_count"}
    assert so["1.2"] == huyen["1.2"] == "weighted_shares"
    assert {so["1.4"], iadom["6.1"], backan["6.5"]} == {"checklist"}
    assert {backan["6.1"], backan["6.6"], backan["4.7"]} == {"all_or_nothing"}
    assert {backan[i] for i in ("4.6", "5.1", "5.6", "8.5", "8.6")} == {"minmax"}
    assert huyen["6.2"] == "external_rate"
    assert set(kinds["thanh-hoa-3716-2021-huyen"].values()) == {"points"}


@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_every_indicator_has_its_decision_text(fid):
    fw = bundled(fid)
    for ind in fw.walk():
        assert ind.name and ind.level
        for d in ind.inputs:
            assert d.meaning, (fid, ind.id, d.name)
    if fid != "thanh-hoa-3716-2021-huyen":  # the Triệu Sơn plan lists points only, no method text
        assert all(i.method for i in fw.leaves())


@pytest.mark.parametrize("folder", sorted(p.name for p in FRAMEWORKS.iterdir()))
def test_packages_embed_the_standard_schemas(folder):
    descriptor = json.loads((FRAMEWORKS / folder / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert by_name["indicators"]["schema"] == standard_schema("framework-indicators")
    assert by_name["inputs"]["schema"] == standard_schema("framework-inputs")


def test_all_rule_kinds_are_used_somewhere():
    used = Counter(i.rule_kind for fid in EXPECTED for i in bundled(fid).leaves())
    from generator.rules import RULES

    assert set(RULES) <= set(used)
