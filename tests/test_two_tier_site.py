"""The demo's 2025, the two-tier province, on the built site: merged units show where they came from and
their predecessors' results (labelled as such), predecessors say what they became, districts end with
2024, and no rank change is invented. Figures are compared with the validated data, not with the pages.
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from generator.validate import validate

from .helpers import ROOT


@pytest.fixture(scope="module")
def demo():
    dataset, report = validate(ROOT / "data")
    assert report.ok
    return dataset


def text_of(path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def links_of(path) -> list[str]:
    return re.findall(r'href="([^"]+)"', path.read_text(encoding="utf-8"))


def by_id(dataset, year):
    return {r.unit.id: r for rs in dataset.results[year].values() for r in rs}


def test_a_merged_commune_shows_its_predecessors_and_their_results_as_theirs(built_site, demo):
    merged = next(u for u in demo.editions[2025].units if u.type == "commune" and len(u.predecessors) >= 3)
    page = built_site / "don-vi" / merged.id / "2025" / "index.html"
    text = text_of(page)
    before = by_id(demo, 2024)
    names = [before[p].unit.name for p in merged.predecessors]
    assert f"{merged.name} được hình thành năm 2025 từ" in text
    assert all(name in text for name in names)
    for p in merged.predecessors:
        assert f"../../{p}/2024/" in links_of(page)
        percent = f"{before[p].percent:.2f}".replace(".", ",")
        assert re.search(rf"{re.escape(before[p].unit.name)} \(đơn vị tiền thân\) {percent} %", text), before[p].unit.name
    assert "Thay đổi hạng Không so sánh" in text
    assert by_id(demo, 2025)[merged.id].rank_change is None


def test_a_predecessor_says_what_it_became(built_site, demo):
    merged = next(u for u in demo.editions[2025].units if u.type == "commune" and len(u.predecessors) >= 2)
    successor_link = f"../../{merged.id}/2025/"
    for p in merged.predecessors:
        page = built_site / "don-vi" / p / "2024" / "index.html"
        assert f"Năm 2025, {by_id(demo, 2024)[p].unit.name} sáp nhập vào {merged.name}" in text_of(page)
        assert successor_link in links_of(page)
        assert not (built_site / "don-vi" / p / "2025").exists()


def test_a_department_that_absorbed_another_shows_both_histories(built_site, demo):
    text = text_of(built_site / "don-vi" / "so-tai-chinh" / "2025" / "index.html")
    assert "Năm 2025, Sở Tài chính hợp nhất thêm Sở Kế hoạch và Đầu tư" in text
    assert "Sở Kế hoạch và Đầu tư (đơn vị tiền thân)" in text
    absorbed = text_of(built_site / "don-vi" / "so-ke-hoach-va-dau-tu" / "2024" / "index.html")
    assert "Năm 2025, Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính" in absorbed


def test_district_pages_end_with_2024(built_site, demo):
    district = next(u for u in demo.editions[2024].units if u.type == "district")
    assert (built_site / "don-vi" / district.id / "2024" / "index.html").is_file()
    assert not (built_site / "don-vi" / district.id / "2025").exists()
    assert "Từ năm 2025 không còn đánh giá cấp huyện" in text_of(built_site / "don-vi" / district.id / "2024" / "index.html")
    assert not (built_site / "xep-hang" / "2025" / "cap-huyen").exists() and not (built_site / "nhung" / "2025" / "cap-huyen").exists()
    ranking = built_site / "xep-hang" / "2025" / "cap-xa" / "index.html"
    assert not [link for link in links_of(ranking) if "cap-huyen" in link and "2025" in link]
    assert 'id="dti-district"' not in ranking.read_text(encoding="utf-8")  # no districts to filter by


def test_the_2025_rankings_say_why_ranks_are_not_compared(built_site, demo):
    communes = demo.results[2025]["commune"]
    assert all(r.rank_change is None for r in communes)
    before = sum(1 for r in demo.results[2024]["commune"] if r.rank is not None)
    now = sum(1 for r in communes if r.rank is not None)
    text = text_of(built_site / "xep-hang" / "2025" / "cap-xa" / "index.html")
    assert f"giảm từ {before} (năm 2024) còn {now} (năm 2025)" in text
    merged = sum(1 for r in communes if r.merged_from)
    assert f"{merged} đơn vị được hình thành từ sáp nhập" in text
    departments = text_of(built_site / "xep-hang" / "2025" / "so-ban-nganh" / "index.html")
    assert "Thứ hạng năm 2025 không so sánh với năm 2024" in departments


def test_home_and_open_data_handle_a_year_without_districts(built_site, demo):
    home = text_of(built_site / "index.html")
    assert "Cấp huyện" not in home.split("Năm 2025 trong nháy mắt")[1].split("Các năm")[0]
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "2025" / "results.csv").read_text(encoding="utf-8"))))
    assert {r["unit_type"] for r in rows} == {"department", "commune", "agency"}  # no district; other agencies ranked apart
    assert len(rows) == len(demo.editions[2025].units) and all(r["rank_change"] == "" for r in rows)
    embed = text_of(built_site / "nhung" / "2025" / "cap-xa" / "index.html")
    ranked = [r for r in demo.results[2025]["commune"] if r.rank is not None]
    assert all(r.unit.name in embed for r in ranked)
