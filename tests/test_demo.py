"""The bundled demo data: a fictional province with the variety the issue asks for, reproducible."""

import csv
from collections import Counter

import pytest

from generator.demo import write_demo
from generator.score import changed
from generator.validate import validate

from .helpers import FRAMEWORKS, ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def demo():
    dataset, report = validate(DATA)
    assert report.ok, [str(i) for i in report.errors]
    return dataset


def test_four_years_of_one_illustrative_province_the_last_without_districts(demo):
    assert demo.years == [2022, 2023, 2024, 2025]
    for edition in demo.editions.values():
        assert edition.illustrative and edition.province == "Tỉnh Minh Họa"
        assert "minh họa" in edition.title
        assert edition.missing == "zero"
        expected = {"department", "commune"} if edition.year == 2025 else {"department", "district", "commune"}
        assert set(edition.frameworks) == expected


def test_unit_counts(demo):
    for edition in demo.editions.values():
        counts = Counter(u.type for u in edition.units)
        if edition.year < 2025:
            assert counts["department"] == 18 and counts["district"] == 12 and counts["commune"] >= 60
        else:  # five mergers of departments, no districts, communes merged 1–4 into one
            assert counts["department"] == 13 and counts["district"] == 0 and 20 <= counts["commune"] <= 32


def test_2025_communes_are_formed_from_one_to_four_communes_of_2024(demo):
    before = {u.id: u for u in demo.editions[2024].units if u.type == "commune"}
    now = [u for u in demo.editions[2025].units if u.type == "commune"]
    sources = {u.id: (u.predecessors or (u.id,)) for u in now}
    assert all(1 <= len(s) <= 4 and set(s) <= set(before) for s in sources.values())
    covered = [p for s in sources.values() for p in s]
    assert sorted(covered) == sorted(before)  # every 2024 commune goes into exactly one 2025 commune
    assert sum(1 for s in sources.values() if len(s) >= 2) >= 15 and all(u.parent is None for u in now)
    districts = {u.parent for u in before.values()}
    for s in sources.values():  # a merger stays within one former district
        assert len({before[p].parent for p in s}) == 1 and {before[p].parent for p in s} <= districts


def test_2025_merges_at_least_two_pairs_of_departments(demo):
    merged = [u for u in demo.editions[2025].units if u.type == "department" and u.predecessors]
    assert len(merged) >= 2
    names = {u.name: {p for p in u.predecessors} for u in merged}
    assert names["Sở Tài chính"] == {"so-ke-hoach-va-dau-tu"} and names["Sở Khoa học và Công nghệ"] == {"so-thong-tin-va-truyen-thong"}


def test_2025_has_a_few_indicators_without_data_and_scores_the_council_awarded(demo):
    leaves = [i for rs in demo.results[2025].values() for r in rs for i in r.indicators.values()]
    assert 1 <= sum(1 for i in leaves if i.status == "no_data") <= 5
    council = [i for i in leaves if i.basis == "council"]
    assert 2 <= len(council) <= 5 and all(i.note and i.formula_score is not None and i.score < i.formula_score for i in council)


def test_strong_and_weak_units(demo):
    for year in demo.years:
        for results in demo.results[year].values():
            percents = [r.percent for r in results]
            assert max(percents) >= 85 and min(percents) <= 60 and max(percents) - min(percents) >= 30


def test_one_unit_assessed_but_not_ranked(demo):
    for year in demo.years:
        unranked = [r for rs in demo.results[year].values() for r in rs if r.rank is None]
        assert len(unranked) == 1 and unranked[0].percent is not None and unranked[0].unit.not_ranked_reason


def test_merged_communes_keep_their_lineage(demo):
    merged = [u for u in demo.editions[2024].units if len(u.predecessors) == 2]
    assert len(merged) == 1
    ids_2023 = {u.id for u in demo.editions[2023].units}
    ids_2024 = {u.id for u in demo.editions[2024].units}
    assert set(merged[0].predecessors) <= ids_2023 and not set(merged[0].predecessors) & ids_2024


def test_not_evaluated_indicators_and_council_changes_with_notes(demo):
    for year in demo.years:
        leaves = [
            (r, i)
            for rs in demo.results[year].values()
            for r in rs
            for i in r.indicators.values()
            if demo.frameworks[r.framework_id].indicators[i.indicator_id].is_leaf
        ]
        assert sum(1 for _, i in leaves if not i.evaluated) >= 5
        lowered = [(r, i) for r, i in leaves if changed(i)]
        assert len(lowered) >= 50
        assert all(i.note for _, i in lowered)
        assert all(i.score <= i.self_score for _, i in lowered)


def test_evidence_links_point_to_example_org(demo):
    for edition in demo.editions.values():
        links = [e for e in edition.evidence if e.is_link]
        assert len(links) > 100
        assert all(e.url.startswith("https://example.org/") for e in links)


def test_committed_demo_data_is_what_the_generator_writes(tmp_path):
    write_demo(tmp_path, FRAMEWORKS)
    for year in (2022, 2023, 2024, 2025):
        for name in ("datapackage.json", "units.csv", "assessments.csv", "inputs.csv", "evidence.csv"):
            assert (tmp_path / str(year) / name).read_bytes() == (DATA / str(year) / name).read_bytes(), (year, name)


def test_contact_details_are_present_in_the_input(demo):
    with open(DATA / "2024" / "units.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(r["contact_email"] and r["contact_phone"] and r["contact_name"] for r in rows)
