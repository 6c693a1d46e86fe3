"""``dti build``: the site and its open-data files, built from the bundled data as a user would."""

import csv
import io
import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from frictionless import Package
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main

from .conftest import published_texts
from .helpers import ROOT, any_of

DATA = ROOT / "data"
CONFIG = ROOT / "mkdocs.yml"
# Columns are only ever added at the end (round two: rank_change_status, note) and tables as new files.
CONTRACT = {
    "results.csv": "year,unit_id,unit_name,unit_type,score,max_score,percent,rank,rank_change,band,parent_id,parent_name,not_ranked_reason,rank_change_status,"
    "group_id,group_label,ranked_among,scale,shown,detail,framework_id",  # added with ranking groups and scales, at the end
    "indicator_scores.csv": "year,unit_id,indicator_id,max_points,self_score,score,status,basis,percent,note",
    "indicators.csv": "framework_id,unit_type,indicator_id,parent_id,name,max_points,agency,evidence,method",
    "lineage.csv": "year,unit_id,unit_name,predecessor_year,predecessor_id,predecessor_name",
    "evidence.csv": "year,unit_id,indicator_id,title,url",
}


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def read(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_open_data_files_follow_the_contract(site, year):
    folder = site / "data" / str(year)
    for name, header in CONTRACT.items():
        assert (folder / name).read_text(encoding="utf-8").splitlines()[0] == header
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert str(year) in descriptor["citation"] and descriptor["caveats"]


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_results_are_consistent_and_rounded_as_published(site, year):
    rows = read(site / "data" / str(year) / "results.csv")
    units = read(DATA / str(year) / "units.csv")
    assert sorted(r["unit_id"] for r in rows) == sorted(u["id"] for u in units)
    for r in rows:
        for column in ("score", "max_score", "percent"):
            assert len(r[column].split(".")[1]) == 2
        assert abs(Decimal(r["percent"]) - Decimal(r["score"]) / Decimal(r["max_score"]) * 100) < Decimal("0.01")
    for unit_type in ("department", "district", "commune"):
        ranked = [r for r in rows if r["unit_type"] == unit_type and r["rank"]]
        for r in ranked:
            assert int(r["rank"]) == 1 + sum(Decimal(o["percent"]) > Decimal(r["percent"]) for o in ranked)


def test_indicator_scores_add_up_to_the_totals(site):
    results = {r["unit_id"]: r for r in read(site / "data" / "2024" / "results.csv")}
    scores = read(site / "data" / "2024" / "indicator_scores.csv")
    parents = {(r["unit_type"], r["parent_id"]) for r in read(site / "data" / "2024" / "indicators.csv") if r["parent_id"]}
    for unit_id, result in results.items():
        kind = result["unit_type"]
        leaves = [s for s in scores if s["unit_id"] == unit_id and (kind, s["indicator_id"]) not in parents and s["status"] == "evaluated"]
        total = sum(Fraction(s["score"]) for s in leaves)
        assert abs(total - Fraction(result["score"])) <= Fraction(len(leaves), 200)
        assert sum(Fraction(s["max_points"]) for s in leaves) == Fraction(result["max_score"])


def test_rank_change_and_unranked_units_in_results(site):
    rows = read(site / "data" / "2024" / "results.csv")
    unranked = [r for r in rows if not r["rank"]]
    assert len(unranked) == 1 and unranked[0]["rank_change"] == ""
    assert any(r["rank_change"] not in ("", "0") for r in rows)
    assert {r["band"] for r in rows} <= {"Tốt", "Khá", "Trung bình", "Yếu"}


def test_results_name_each_communes_district_and_why_a_unit_is_not_ranked(site):
    rows = read(site / "data" / "2024" / "results.csv")
    units = {u["id"]: u for u in read(DATA / "2024" / "units.csv")}
    communes = [r for r in rows if r["unit_type"] == "commune"]
    assert communes and all(r["parent_id"] == units[r["unit_id"]]["parent"] and r["parent_id"] for r in communes)
    assert all(r["parent_name"] == units[r["parent_id"]]["name"] for r in communes)
    assert {r["parent_id"] for r in rows if r["unit_type"] != "commune"} == {""}
    unranked = [r for r in rows if not r["rank"]]
    assert [r["not_ranked_reason"] for r in unranked] == [units[r["unit_id"]]["not_ranked_reason"] for r in unranked]
    assert unranked[0]["not_ranked_reason"] and all(r["not_ranked_reason"] == "" for r in rows if r["rank"])
    two_tier = read(site / "data" / "2025" / "results.csv")  # 2025: communes under the province, no district
    assert {r["parent_id"] for r in two_tier} == {""}
    schema = json.loads((site / "data" / "2024" / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]["schema"]
    titles = {f["name"]: f["title"] for f in schema["fields"]}
    assert titles["parent_name"] == "Tên huyện" and titles["not_ranked_reason"] == "Lý do không xếp hạng"


def test_home_page_lists_every_years_rankings(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    for year in (2022, 2023, 2024):
        for slug in ("so-ban-nganh", "cap-huyen", "cap-xa"):
            assert f'href="xep-hang/{year}/{slug}/"' in home
            assert (site / "xep-hang" / str(year) / slug / "index.html").is_file()


def test_ranking_page_shows_each_unit_with_its_rank(site):
    page = (site / "xep-hang" / "2024" / "so-ban-nganh" / "index.html").read_text(encoding="utf-8")
    for r in read(site / "data" / "2024" / "results.csv"):
        if r["unit_type"] == "department":
            assert r["unit_name"].replace(",", ",") in page.replace("&#39;", "'")
    assert "không xếp hạng" in page and "Thanh tra tỉnh" in page


def test_every_page_says_the_data_is_illustrative(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert "Dữ liệu minh họa" in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_no_personal_data_is_published(site):
    secrets = set()
    for units in sorted(DATA.glob("20*/units.csv")):  # every year's contacts
        for u in read(units):
            secrets |= {u.get("contact_name") or "", u.get("contact_phone") or "", u.get("contact_email") or ""}
    secrets.discard("")
    assert len(secrets) > 300
    any_secret = any_of(secrets)  # one pass over each file
    searched = 0
    for path, text in published_texts(site):
        leaked = any_secret.findall(text)
        assert not leaked, (path, leaked[:3])
        searched += path.suffix.startswith(".pf_")
    assert searched > 100  # the search index was read, decompressed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("aăâbđ0.@ ", min_size=1, max_size=6), min_size=1, max_size=12), st.text("aăâbđ0.@ xy", max_size=60))
def test_the_pattern_of_the_contacts_finds_a_contact_wherever_it_is(strings, text):
    """The personal-data test's pattern (:func:`tests.helpers.any_of`) finds a text exactly when one of
    the strings is in it, strings that begin other strings included."""
    assert (any_of(strings).search(text) is not None) == any(s in text for s in strings)


def test_nothing_is_written_when_the_data_has_errors(tmp_path, capsys):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("bản cũ", encoding="utf-8")
    lines = (data / "2024" / "inputs.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].rsplit(",", 2)[0] + ",mười,"
    (data / "2024" / "inputs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status = main(["build", "--data", str(data), "--site-dir", str(site), "--config", str(CONFIG)])
    out = capsys.readouterr().out
    assert status == 1
    assert "2024/inputs.csv, dòng 6, cột self_value" in out
    assert [p.name for p in site.iterdir()] == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]


def test_a_scorecard_for_every_unit_and_year_and_a_page_for_every_indicator(site):
    from generator.validate import validate

    dataset, _ = validate(DATA)
    for year in dataset.years:
        for unit in dataset.editions[year].units:
            assert (site / "don-vi" / unit.id / str(year) / "index.html").is_file()
        for unit_type, slug in {"department": "so-ban-nganh", "district": "cap-huyen", "commune": "cap-xa"}.items():
            assessed = unit_type in dataset.editions[year].frameworks  # no districts in the two-tier year 2025
            assert (site / "nhung" / str(year) / slug / "index.html").is_file() == assessed
            assert (site / "xep-hang" / str(year) / slug / "index.html").is_file() == assessed
    for fid in set(dataset.editions[2024].frameworks.values()):
        assert (site / "bo-chi-so" / fid / "index.html").is_file()
        for ind in dataset.frameworks[fid].walk():
            assert (site / "bo-chi-so" / fid / ind.id / "index.html").is_file()


def test_numbers_are_written_the_vietnamese_way(site):
    page = (site / "xep-hang" / "2024" / "cap-xa" / "index.html").read_text(encoding="utf-8")
    percents = re.findall(r"<strong>(\d{1,3},\d{2})\xa0%</strong>", page.replace("&nbsp;", "\xa0"))
    assert len(percents) == 63
    assert "1.000" in page  # thousands grouped with a dot
    assert not re.search(r"<strong>\d+\.\d{2}", page)


def test_the_site_language_is_vietnamese(site):
    assert '<html lang="vi"' in (site / "index.html").read_text(encoding="utf-8")


def test_evidence_that_is_not_a_web_address_is_text_not_a_link(site):
    evidence = read(DATA / "2024" / "evidence.csv")
    odd = next(e for e in evidence if not e["url"].startswith(("http://", "https://")))
    page = (site / "don-vi" / odd["unit_id"] / "2024" / "index.html").read_text(encoding="utf-8")
    assert odd["title"] in page and "không phải đường dẫn web" in page
    assert 'href="\\\\' not in page and "may-chu" in page
    good = next(e for e in evidence if e["unit_id"] == odd["unit_id"] and e["url"].startswith("https://"))
    assert f'href="{good["url"]}"' in page


@pytest.mark.slow
def test_no_page_shows_a_level_code_to_a_reader(site):
    """Level inputs are shown with the decision's words («Trưởng ban là người đứng đầu…»), never their codes."""
    from generator.validate import validate

    dataset, _ = validate(DATA)
    used = {fid for e in dataset.editions.values() for fid in e.frameworks.values()}
    codes = {code for fid in used for ind in dataset.frameworks[fid].leaves() for code in (ind.rule.levels() if ind.rule else ()) if "_" in code}
    assert {"nguoi_dung_dau", "kiem_nhiem", "cap_pho"} <= codes
    any_code = re.compile(r"\b(" + "|".join(sorted(map(re.escape, codes))) + r")\b")
    for path in site.rglob("*.html"):
        if path.parent.name == "dinh-dang-du-lieu":  # the input format, written for the people who prepare data
            continue
        page = re.sub(r"<script\b.*?</script>", " ", path.read_text(encoding="utf-8"), flags=re.S)
        shown = sorted(set(any_code.findall(page)))
        assert not shown, (path, shown)
