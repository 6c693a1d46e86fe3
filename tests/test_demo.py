"""The bundled demo data: a fictional province with the variety the issue asks for, reproducible."""

import csv
import json
from collections import Counter
from fractions import Fraction

import pytest

from generator.demo import write_demo
from generator.geometry import area
from generator.score import changed
from generator.validate import validate

from .helpers import FRAMEWORKS, ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def demo():
    dataset, report = validate(DATA)
    assert report.ok, [str(i) for i in report.errors]
    return dataset


def full_years(demo) -> list[int]:
    """The years with every indicator (2021 is entered from its printed totals)."""
    return [y for y in demo.years if not demo.editions[y].summary]


def test_five_years_of_one_illustrative_province_the_first_as_published_the_last_without_districts(demo):
    assert demo.years == [2021, 2022, 2023, 2024, 2025]
    assert [y for y in demo.years if demo.editions[y].detail == "total"] == [2021]
    for edition in demo.editions.values():
        assert edition.illustrative and edition.province == "Tỉnh Minh Họa"
        assert "minh họa" in edition.title
        assert edition.missing == ("error" if edition.year == 2021 else "zero")  # 2021 has no inputs to miss
        # 2025 declares its ranking groups: departments with procedures and communes as before, departments
        # without procedures and other agencies apart
        expected = {"department", "so-khong-tthc", "commune", "agency"} if edition.year == 2025 else {"department", "district"} if edition.year == 2021 else {"department", "district", "commune"}
        assert set(edition.frameworks) == expected
    assert demo.editions[2025].groups_declared and demo.editions[2025].group("agency").framework == demo.editions[2025].frameworks["department"]
    # the two departments without procedures: ranked apart on the departments' set less 6.2–6.4 (300 − 3 × 20 = 240 points)
    apart = demo.editions[2025].units_in("so-khong-tthc")
    assert sorted(u.name for u in apart) == ["Ban Quản lý các khu công nghiệp", "Thanh tra tỉnh"]
    # (Thanh tra tỉnh is assessed but not ranked, as in every year)
    assert [r.max_score for r in demo.results[2025]["so-khong-tthc"]] == [240, 240] and {r.rank for r in demo.results[2025]["so-khong-tthc"]} == {1, None}
    assert demo.frameworks["hai-duong-2405-2024-so-khong-dvc"].total_points == 240


def test_unit_counts(demo):
    for edition in demo.editions.values():
        counts = Counter(u.type for u in edition.units)
        if edition.year == 2021:  # the printed table of 2021: departments and districts
            assert counts["department"] == 18 and counts["district"] == 12 and counts["commune"] == 0
        elif edition.year < 2025:
            assert counts["department"] == 18 and counts["district"] == 12 and counts["commune"] >= 60
        else:  # five mergers of departments, no districts, communes merged 1–4 into one
            assert counts["department"] == 13 and counts["district"] == 0 and 20 <= counts["commune"] <= 32
            assert counts["agency"] == 2  # the provincial police and social insurance, ranked apart


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
            if len(percents) >= 5:  # not the two departments without procedures, nor the two other agencies of 2025
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
    for year in full_years(demo):
        leaves = [
            (r, i)
            for rs in demo.results[year].values()
            for r in rs
            for i in r.indicators.values()
            if demo.frameworks[r.framework_id].indicators[i.indicator_id].is_leaf
        ]
        # (2025: fewer, since its departments without procedures have no online-public-service indicators at all)
        assert sum(1 for _, i in leaves if not i.evaluated) >= (2 if year == 2025 else 5)
        lowered = [(r, i) for r, i in leaves if changed(i)]
        assert len(lowered) >= 50
        assert all(i.note for _, i in lowered)
        assert all(i.score <= i.self_score for _, i in lowered)


def test_evidence_links_point_to_example_org(demo):
    for edition in (demo.editions[y] for y in full_years(demo)):
        links = [e for e in edition.evidence if e.is_link]
        assert len(links) > 100
        assert all(e.url.startswith("https://example.org/") for e in links)


def shapes(year: int) -> dict[str, tuple]:
    """The demo's polygons of one year by unit id, read exactly (coordinates as fractions)."""
    text = (DATA / str(year) / "boundaries.geojson").read_text(encoding="utf-8")
    features = json.loads(text, parse_float=Fraction)["features"]
    out = {}
    for f in features:
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        assert f["properties"]["unit_id"] not in out
        out[f["properties"]["unit_id"]] = [[[tuple(p) for p in ring] for ring in polygon] for polygon in polygons]
    return out


def edges(polygons) -> set[frozenset]:
    return {frozenset(pair) for polygon in polygons for ring in polygon for pair in zip(ring, ring[1:])}


HEXAGON_AREA = Fraction(168, 100 * 100)  # 14 × 8 + 2 × (14 × 4 / 2) hundredths of a degree, squared


def test_every_commune_and_district_of_each_year_has_exactly_one_shape(demo):
    for year in full_years(demo):
        mapped = shapes(year)
        wanted = {u.id for u in demo.editions[year].units if u.type in ("commune", "district")}
        assert set(mapped) == wanted and set(demo.editions[year].boundaries) == wanted
        assert all(len(polygons) == 1 for polygons in mapped.values()), "every unit is one connected piece"


def test_shapes_cover_the_same_province_every_year_without_overlap(demo):
    communes = {y: [u.id for u in demo.editions[y].units if u.type == "commune"] for y in demo.years}
    first = len(communes[2022])
    for year in full_years(demo):
        mapped = shapes(year)
        assert sum(area(mapped[c]) for c in communes[year]) == first * HEXAGON_AREA
        if year < 2025:
            districts = [u.id for u in demo.editions[year].units if u.type == "district"]
            assert sum(area(mapped[d]) for d in districts) == first * HEXAGON_AREA


def test_a_merged_commune_is_exactly_the_union_of_its_predecessors(demo):
    for year in (2024, 2025):
        now, before = shapes(year), shapes(year - 1)
        merged = [u for u in demo.editions[year].units if u.type == "commune" and u.predecessors]
        assert len(merged) >= (15 if year == 2025 else 1)
        for unit in merged:
            assert area(now[unit.id]) == sum(area(before[p]) for p in unit.predecessors), unit.id
            old_edges = Counter(edge for p in unit.predecessors for edge in edges(before[p]))
            assert edges(now[unit.id]) == {e for e, n in old_edges.items() if n == 1}, "the outline: every edge of the predecessors but those two of them share"
        for unit in demo.editions[year].units:  # a commune that goes on unmerged keeps its shape
            if unit.type == "commune" and not unit.predecessors and unit.id in before:
                assert now[unit.id] == before[unit.id]


def test_a_district_covers_exactly_its_communes(demo):
    for year in (2022, 2023, 2024):
        mapped = shapes(year)
        for district in (u for u in demo.editions[year].units if u.type == "district"):
            members = [u.id for u in demo.editions[year].units if u.parent == district.id]
            assert area(mapped[district.id]) == sum(area(mapped[m]) for m in members)


def test_the_shapes_are_plainly_fictional_and_small(demo):
    for year in full_years(demo):
        path = DATA / str(year) / "boundaries.geojson"
        assert path.stat().st_size < 20_000
        numbers = [c for polygons in shapes(year).values() for polygon in polygons for ring in polygon for p in ring for c in p]
        assert all((c * 100).denominator == 1 for c in numbers), "coordinates in hundredths of a degree"
        assert all(0 <= c < 3 for c in numbers), "near longitude 0, latitude 0, where no province lies"
        resource = next(r for r in json.loads((DATA / str(year) / "datapackage.json").read_text(encoding="utf-8"))["resources"] if r["name"] == "boundaries")
        assert resource["path"] == "boundaries.geojson" and "minh họa" in resource["title"]


def test_committed_demo_data_is_what_the_generator_writes(tmp_path):
    write_demo(tmp_path, FRAMEWORKS, years=(2021, 2022, 2023, 2024, 2025))  # what «dti demo» writes
    assert sorted(p.name for p in (tmp_path / "2021").iterdir()) == ["datapackage.json", "published.csv", "units.csv"]
    for name in ("datapackage.json", "units.csv", "published.csv"):
        assert (tmp_path / "2021" / name).read_bytes() == (DATA / "2021" / name).read_bytes(), name
    for year in (2022, 2023, 2024, 2025):
        for name in ("datapackage.json", "units.csv", "assessments.csv", "inputs.csv", "evidence.csv", "boundaries.geojson"):
            assert (tmp_path / str(year) / name).read_bytes() == (DATA / str(year) / name).read_bytes(), (year, name)


def test_contact_details_are_present_in_the_input(demo):
    with open(DATA / "2024" / "units.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(r["contact_email"] and r["contact_phone"] and r["contact_name"] for r in rows)


def test_unit_ids_stay_unique_and_short_at_national_size():
    """12,700 communes repeat names many times over; each repeat gets a numbered id, within 64 characters."""
    from generator.demo import _units

    units = _units(12700, "minh-hoa", (2024,), departments=25, districts=700)
    ids = [u.id for u in units]
    assert len(ids) == len(set(ids)) == 25 + 700 + 12700 - 1  # two communes merged into one before 2024
    assert max(len(i) for i in ids) <= 64


@pytest.mark.parametrize("cells", [64, 600, 3000])
def test_the_grid_path_steps_to_a_neighbour_each_time_at_any_size(cells):
    """Consecutive communes of a district sit side by side, so any merger of them is one piece."""
    from generator.demo import _grid_path, _hexagon
    from generator.geometry import union_of_cells

    path = _grid_path(cells)
    rows = 1 + max(r for _, r in path)
    assert len(path) == len(set(path)) == cells
    for a, b in zip(path, path[1:]):
        assert len(union_of_cells([_hexagon(*a, rows), _hexagon(*b, rows)])) == 1, (a, b)


@pytest.mark.parametrize("communes, years", [(12, (2022, 2023, 2024, 2025)), pytest.param(40, (2020, 2021, 2022, 2023, 2024), marks=pytest.mark.slow)])
def test_a_synthetic_province_of_any_size_and_years_is_valid(tmp_path, communes, years):
    """Smaller than its districts (12 communes for 12 districts: some have none, hence no shape) or over
    other years, ``dti demo`` writes packages that validate."""
    write_demo(tmp_path, FRAMEWORKS, communes=communes, years=years)
    dataset, report = validate(tmp_path)
    assert report.ok, [str(i) for i in report.errors][:5]
    assert dataset.years == list(years)
    assert sum(1 for u in dataset.editions[2024].units if u.type == "commune") >= communes - 2


def test_texts_are_shortened_at_a_word_never_inside_one():
    from generator.text import shorten

    assert shorten("Báo cáo kết quả chuyển đổi số năm 2024", 20) == "Báo cáo kết quả…"
    assert shorten("Ngắn", 20) == "Ngắn"
    assert shorten("Mộtchữrấtdàikhôngcódấucách", 10) == "Mộtchữrấtd…"


def test_evidence_titles_and_council_notes_read_as_the_site_writes():
    """The committed demo data (what the generator writes, see above)."""
    import re

    def rows(path):
        return list(csv.DictReader(path.open(encoding="utf-8")))

    sources = [r["evidence"].split(";")[0].strip(" -.") for p in sorted(FRAMEWORKS.glob("*/indicators.csv")) for r in rows(p)]  # as the demo takes them
    cut = 0
    for year in (2022, 2023, 2024, 2025):
        for row in rows(ROOT / "data" / str(year) / "evidence.csv"):
            title = row["title"]
            if title.endswith("…"):
                cut += 1
                source = next(s for s in sources if s.startswith(title[:-1]))
                assert source[len(title) - 1] in " ,;:-–", title  # cut where a word ends
        for row in rows(ROOT / "data" / str(year) / "assessments.csv"):
            for figure in re.findall(r"từ (\S+) xuống (\S+) vì", row["note"])[0] if "xuống" in row["note"] else ():
                assert not re.search(r"\d{4}", figure), row["note"]  # 14.247, never 14247
    assert cut > 0
