"""A small site with ranking groups, an index-scale year and a year entered at total level: the pages
and downloads a reader meets, built for real."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import build_quietly
from .helpers import write_edition
from .test_groups import GROUPS, INPUTS, UNITS, grouped_data
from .test_summary_years import summary_year

# 2023 at total level (out of 1.000, Lâm Đồng's way): ca 913,89 → 91,39 % rank 2; s1 914,31 → 91,43 % rank 1;
# s2 909,58 → 90,96 % rank 3. 2025 as tests/test_groups.py works out, on the index scale:
#   ca 910/1.000 → 91,00 % → 0,9100, rank 1 of 3 «sở có thủ tục hành chính».
ROWS_2023 = [
    ["s1", "", "914.31", "1000", "", "1", ""],
    ["ca", "", "913.89", "1000", "", "2", ""],
    ["s2", "", "909.58", "1000", "", "3", ""],
]
UNITS_2023 = [dict(id="s1", name="Sở Tài chính", type="department"), dict(id="ca", name="Công an tỉnh", type="agency"), dict(id="s2", name="Sở Xây dựng", type="department")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    grouped_data(data)
    write_edition(data / "2025", 2025, {}, UNITS, INPUTS, groups=GROUPS, scale="index")
    summary_year(data, ROWS_2023, units=UNITS_2023, groups=GROUPS[:1])
    target = tmp_path_factory.mktemp("site") / "site"
    build_quietly(data, target)
    return target


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_each_group_has_its_ranking_at_its_own_address(site):
    with_procedures = page(site, "xep-hang/2025/so-co-tthc")
    assert "Sở có thủ tục hành chính" in with_procedures and "0,9100" in with_procedures
    assert "Ban Dân tộc" not in with_procedures  # ranked in the other group
    assert "Ban Dân tộc" in page(site, "xep-hang/2025/so-khong-tthc")


def test_a_scorecard_says_among_whom_and_shows_the_total_level_year(site):
    card = page(site, "don-vi/ca/2025")
    assert "sở có thủ tục hành chính" in card
    assert "công bố ở mức tổng điểm" in card  # 2023 in «Qua các năm»
    old = page(site, "don-vi/ca/2023")
    assert "Năm 2023 công bố ở mức tổng điểm" in old and "91,39" in old
    assert not (site / "don-vi" / "ca" / "2023" / "chi-so-1").exists()


def test_the_total_level_year_is_ranked_and_marked(site):
    ranking = page(site, "xep-hang/2023/so-co-tthc")
    assert "công bố ở mức tổng điểm" in ranking
    assert ranking.index("Sở Tài chính") < ranking.index("Công an tỉnh") < ranking.index("Sở Xây dựng")
    rows = {r["unit_id"]: r for r in csv.DictReader(io.StringIO((site / "data" / "2023" / "results.csv").read_text(encoding="utf-8")))}
    assert (rows["ca"]["percent"], rows["ca"]["rank"], rows["ca"]["detail"]) == ("91.39", "2", "total")
    assert (site / "data" / "2023" / "indicator_scores.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_the_demo_ranks_other_agencies_apart_and_shows_its_2021_totals(built_site):
    agencies = page(built_site, "xep-hang/2025/co-quan-khac")
    assert "Công an tỉnh" in agencies and "Bảo hiểm xã hội tỉnh" in agencies and "Sở Tài chính" not in agencies
    card = page(built_site, "don-vi/cong-an-tinh/2025")
    assert "cơ quan khác (công an, bảo hiểm xã hội)" in card
    assert "công bố ở mức tổng điểm" in page(built_site, "xep-hang/2021/so-ban-nganh")


def test_commune_level_units_are_told_apart_as_xa_phuong_dac_khu():
    from generator.pages.rankings import commune_kind

    assert [commune_kind(n) for n in ("Xã Tân Phú", "Phường Hòa An", "Đặc khu Côn Đảo", "Thị trấn Minh Hải", "Xãhội", "Sở Y tế")] == [
        "Xã", "Phường", "Đặc khu", "Thị trấn", "", "",
    ]


def test_a_ranking_without_districts_filters_communes_by_kind(built_site):
    import re

    ranking = page(built_site, "xep-hang/2025/cap-xa")
    kinds = re.findall(r'<tr data-district=""(?: data-kind="([^"]+)")?>', ranking)
    names = re.findall(r'<th scope="row" data-value="([^"]+)" class="dti-sticky-2">', ranking)
    # every row says its kind, as its name begins; the filter offers the kinds there are
    assert kinds == [n.split(" ")[0] for n in names] and set(kinds) == {"Xã", "Phường"}
    assert '<option value="Xã">Xã</option><option value="Phường">Phường</option>' in ranking
    assert "data-kind" not in page(built_site, "xep-hang/2024/cap-xa")  # before 2025, the district filter
