"""Open data that holds what the pages show: every published file declared, with the keys that join the
tables, the reference Frictionless validator passing every descriptor; a merged unit's «Qua các năm»
rebuilt from the downloads alone; why a rank change is blank; the council's notes and the evidence."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.numeric import vi_number
from generator.opendata import SCHEMAS

from .helpers import html_tables


def table(site: Path, year: int, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / str(year) / f"{name}.csv").read_text(encoding="utf-8"))))


def years_of(site: Path) -> list[int]:
    return sorted(int(p.name) for p in (site / "data").iterdir() if p.is_dir())


def descriptors(site: Path) -> list[Path]:
    return sorted((site / "data").rglob("datapackage.json"))


def test_every_published_data_file_is_declared(built_site):
    found = descriptors(built_site)
    assert [p.relative_to(built_site).as_posix() for p in found] == [f"data/{y}/datapackage.json" for y in years_of(built_site)] + ["data/datapackage.json"]
    for path in found:
        declared = {r["path"] for r in json.loads(path.read_text(encoding="utf-8"))["resources"]}
        present = {p.name for p in path.parent.iterdir() if p.is_file()} - {"datapackage.json"}
        assert declared == present, path


def test_the_tables_are_joined_by_their_keys(built_site):
    package = json.loads((built_site / "data" / "2025" / "datapackage.json").read_text(encoding="utf-8"))
    keys = {r["name"]: [(tuple(k["fields"]), k["reference"]["resource"], tuple(k["reference"]["fields"])) for k in r.get("schema", {}).get("foreignKeys", [])] for r in package["resources"]}
    assert (("year", "unit_id"), "results", ("year", "unit_id")) in keys["indicator_scores"]
    assert (("indicator_id",), "indicators", ("indicator_id",)) in keys["indicator_scores"]
    assert keys["lineage"] == [(("year", "unit_id"), "results", ("year", "unit_id"))]
    assert keys["evidence"] == [(("year", "unit_id", "indicator_id"), "indicator_scores", ("year", "unit_id", "indicator_id"))]
    workbook = next(r for r in package["resources"] if r["path"] == "dti-2025.xlsx")
    data = (built_site / "data" / "2025" / "dti-2025.xlsx").read_bytes()
    import hashlib

    assert workbook["bytes"] == len(data) and workbook["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert {r["format"] for r in package["resources"]} == {"csv", "xlsx", "json", "geojson"}


def test_the_reference_frictionless_validator_passes_every_descriptor(built_site):
    from frictionless import Package

    for path in descriptors(built_site):
        report = Package(str(path)).validate()
        errors = [(task.name, e.type, e.message) for task in report.tasks for e in task.errors]
        assert report.valid, (path, errors[:10])
        assert len(report.tasks) == len(json.loads(path.read_text(encoding="utf-8"))["resources"])


def test_a_broken_join_is_caught_by_the_validator(built_site, tmp_path):
    """The keys are checked, not only declared: evidence for a unit the results do not have fails."""
    from frictionless import Package

    folder = tmp_path / "2024"
    folder.mkdir()
    for p in (built_site / "data" / "2024").iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    with (folder / "evidence.csv").open("a", encoding="utf-8") as f:
        f.write("2024,xa-khong-co,1.1,Tài liệu,https://example.org/x.pdf\n")
    report = Package(str(folder / "datapackage.json")).validate()
    assert [e.type for task in report.tasks for e in task.errors] == ["foreign-key"]


def history_from_downloads(site: Path, unit_id: str, year: int) -> list[tuple[str, str, str, str, str]]:
    """The «Qua các năm» table of a scorecard, rebuilt from the open-data files alone: the unit's results
    and, following lineage.csv back year by year, its predecessors' (latest year first), with DTI %, rank
    among the ranked units of the type and whether the year used the same index set."""
    years = [y for y in years_of(site) if y <= year]
    results = {y: {r["unit_id"]: r for r in table(site, y, "results")} for y in years}
    lineage = {y: table(site, y, "lineage") for y in years}
    own = results[year][unit_id]
    current, later, ids = {unit_id}, year, {year: [unit_id]}
    for y in reversed(years[:-1]):
        current |= {row["predecessor_id"] for row in lineage[later] if row["unit_id"] in current}
        ids[y] = sorted(i for i in current if i in results[y])
        later = y
    rows = []
    for y in years:
        for uid in ids.get(y, []):
            r = results[y][uid]
            ranked = sum(1 for x in results[y].values() if x["group_id"] == r["group_id"] and x["rank"])
            assert not r["rank"] or int(r["ranked_among"]) == ranked  # the group's ranked units, counted or read
            rows.append((
                str(y),
                r["unit_name"] + ("" if uid == unit_id else " (đơn vị tiền thân)"),
                f"{vi_number(Decimal(r['percent']))} %" if r["percent"] else "–",
                f"{r['rank']}/{ranked}" if r["rank"] else "không xếp hạng",
                ("Cùng bộ chỉ số" if r["framework_id"] == own["framework_id"] else "Bộ chỉ số khác")  # the set of the unit's group that year
                + ("; công bố ở mức tổng điểm" if r["detail"] == "total" else ""),
            ))
    return rows[::-1]


def shown_history(site: Path, unit_id: str, year: int) -> list[tuple[str, ...]]:
    """The «Qua các năm» table as the page shows it; a rank («5/28 xã, phường, thị trấn») keeps its figures,
    the words that say among whom checked to be there."""
    page = (site / "don-vi" / unit_id / str(year) / "index.html").read_text(encoding="utf-8")
    [history] = [t for t in html_tables(page) if "dti-history" in t["attrs"].get("class", "")]
    rows = [[c.text.split(":")[0] for c in row] for row in history["rows"][1:]]
    for row in rows:
        if row[3] != "không xếp hạng":
            figures, _, among = row[3].partition(" ")
            assert among, row  # a rank says among whom
            row[3] = figures
    return [tuple(row) for row in rows]


def test_a_merged_units_trend_rebuilds_from_the_downloads_alone(built_site):
    results = table(built_site, 2025, "results")
    merged = [r for r in results if r["rank_change_status"] == "merged"]
    assert sum(1 for r in merged if r["unit_type"] == "commune") == 21
    for r in merged:
        rebuilt = history_from_downloads(built_site, r["unit_id"], 2025)
        assert len(rebuilt) > 4  # the unit's year and its predecessors' years
        assert rebuilt == shown_history(built_site, r["unit_id"], 2025), r["unit_id"]
    # and a unit of 2024 formed from two communes of 2023, whose predecessors reach back to 2022
    r = next(r for r in table(built_site, 2024, "results") if r["rank_change_status"] == "merged")
    assert history_from_downloads(built_site, r["unit_id"], 2024) == shown_history(built_site, r["unit_id"], 2024)


def test_every_blank_rank_change_says_why(built_site):
    before: set[str] = set()
    for year in years_of(built_site):
        lineage = {}
        for row in table(built_site, year, "lineage"):
            lineage.setdefault(row["unit_id"], []).append(row["predecessor_id"])
        for r in table(built_site, year, "results"):
            status = r["rank_change_status"]
            assert (r["rank_change"] != "") == (status == "compared"), r
            if status == "merged":  # formed from several of last year's units: those it names, and itself if it was one
                named = lineage[r["unit_id"]]
                assert len(set(named) | ({r["unit_id"]} & before)) >= 2, r
            if status == "not_ranked":
                assert r["rank"] == "" and r["not_ranked_reason"]
            if year == years_of(built_site)[0]:
                assert status in ("first_year", "not_ranked")
        before = {r["unit_id"] for r in table(built_site, year, "results")}


def test_the_councils_notes_and_the_evidence_are_in_the_downloads(built_site):
    scores = {(r["unit_id"], r["indicator_id"]): r for r in table(built_site, 2024, "indicator_scores")}
    evidence = table(built_site, 2024, "evidence")
    page = (built_site / "don-vi" / "xa-tan-hoa" / "2024" / "index.html").read_text(encoding="utf-8")
    notes = [n for (uid, _), r in scores.items() if uid == "xa-tan-hoa" for n in [r["note"]] if n]
    assert notes and all(n.replace("'", "&#39;").replace('"', "&#34;") in page or n in page for n in notes)
    assert any("từ 1.134 xuống 635" in n for n in notes)  # numbers in notes as the site writes them
    links = [e["url"] for e in evidence if e["unit_id"] == "xa-tan-hoa"]
    assert links and all(f'href="{u}"' in page for u in links if u.startswith("https://"))


def test_each_download_is_saved_under_a_name_with_the_province_and_the_year(built_site):
    page = (built_site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" download="([^"]+)"><code>([^<]+)</code></a>', page)
    saved = {href.split("data/", 1)[1]: name for href, name, _ in links}
    assert saved["2024/results.csv"] == "dti-tinh-minh-hoa-2024-results.csv"
    assert saved["2024/dti-2024.xlsx"] == "dti-tinh-minh-hoa-2024.xlsx"
    assert saved["2025/lineage.csv"] == "dti-tinh-minh-hoa-2025-lineage.csv"
    assert saved["dti-cac-nam.xlsx"] == "dti-tinh-minh-hoa-cac-nam.xlsx"
    assert len({name for _, name, _ in links}) == len(links)  # no two downloads share a name
    for href, _, _ in links:
        assert (built_site / "du-lieu-mo" / href).resolve().is_file(), href  # the stable address still serves the file


def test_the_readme_contract_lists_every_file(built_site):
    from .helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contract = readme[readme.index("## Open data (public contract)"):readme.index("## How scores are computed")]
    for name in SCHEMAS:
        assert f"`{name}.csv`" in contract, name
    for words in ("`scorecards.json`", "`ban-do-<type>.geojson`", "`data/datapackage.json`", "`rank_change_status`", "foreignKeys", "download", "`errata.csv`"):
        assert words in contract, words


@pytest.mark.slow
def test_a_corrected_editions_errata_are_declared(tmp_path):
    """A corrected edition publishes data/errata.csv; the descriptor of data/ declares it."""
    from generator.opendata import contract_problems, open_data_files
    from generator.validate import validate

    from .helpers import ROOT

    dataset, _ = validate(ROOT / "data", keep_inputs=False)
    row = {"version": "2025.1", "year": 2025, "unit_id": "so-tai-chinh", "unit_name": "Sở Tài chính", "indicator_id": "1.1", "field": "indicator_score", "old_value": "5.00", "new_value": "6.00", "reason": "Sai số liệu"}
    files = open_data_files(dataset, version="2025.1", errata=[row])
    assert "data/errata.csv" in files
    root = json.loads(files["data/datapackage.json"])
    assert [r["path"] for r in root["resources"]] == ["dti-cac-nam.xlsx", "errata.csv"]
    from generator.pages import data_files

    assert contract_problems(files | data_files(dataset)) == []
