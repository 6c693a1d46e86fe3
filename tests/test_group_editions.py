"""Ranking groups and years entered as published, through the annual publication: a year known only from
its printed table of totals is published, a year ranked in two department groups goes out as a draft,
then by decision, then corrected; the draft record, the editions, the errata and the pages all speak per
group, and the summary year invents nothing.

The province, worked by hand (index sets of tests/test_groups.py, scored by points entered):

2023, at total level (Lâm Đồng 2023's top four, points out of 1.000, ``dti.scale: points``):
    so-tai-chinh 914,31 → 91,43 % rank 1; cong-an-tinh 913,89 → 91,39 % 2; so-gd-dt 909,58 → 90,96 % 3;
    vp-ubnd-tinh 896,94 → 89,69 % 4.

2024, in two groups (tests/test_groups.py's Lâm Đồng-style data):
    so-co-tthc (max 1.000):  ca 910 → 91,00 % 1; s1 900 → 90,00 % 2; s2 700 → 70,00 % 3
    so-khong-tthc (max 800): k2 800 → 100,00 % 1; k1 720 → 90,00 % 2

The correction: k2's 1.1 was 500, the council's real figure is 400, so k2 = 400 + 300 = 700 of 800
→ 87,50 %; k1 (90,00 %) moves to rank 1 and k2 to rank 2 in their group. The other group is untouched:
s1 keeps 90,00 % and rank 2, although k1 now has the same percentage and rank 1 in its own group.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import pytest

from generator.province import record_decision

from .helpers import write_edition
from .test_groups import GROUPS, UNITS, points, points_framework
from .test_publish import project_repo, run_git, run_in
from .test_summary_years import GROUPS as SUMMARY_GROUPS
from .test_summary_years import LAM_DONG_ROWS, LAM_DONG_UNITS, PUBLISHED_HEADER

pytestmark = pytest.mark.slow

INPUTS = points("s1", 500, 400) + points("s2", 400, 300) + points("ca", 550, 360) + points("k1", 450, 270) + points("k2", 500, 300)
REASON = "Hội đồng nhập sai điểm chỉ số 1.1 của Văn phòng Đoàn ĐBQH"


def write_province(data: Path) -> None:
    points_framework(data / "frameworks" / "so-1000", "department", 600, 400)
    points_framework(data / "frameworks" / "so-800", "department", 500, 300)
    summary = write_edition(data / "2023", 2023, {}, LAM_DONG_UNITS, [], groups=SUMMARY_GROUPS, detail="total", scale="points")
    for name in ("assessments", "inputs"):
        (summary / f"{name}.csv").unlink()
    (summary / "published.csv").write_text(
        ",".join(PUBLISHED_HEADER) + "\n" + "".join(",".join(row) + "\n" for row in LAM_DONG_ROWS), encoding="utf-8"
    )
    descriptor = json.loads((summary / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("assessments", "inputs")] + [{"name": "published", "path": "published.csv"}]
    (summary / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    write_edition(data / "2024", 2024, {}, UNITS, INPUTS, groups=GROUPS)


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return project_repo(tmp_path_factory.mktemp("nhom") / "dti", write_province, "Tỉnh thử nghiệm: 2023 theo bảng tổng điểm, 2024 theo hai nhóm sở")


@pytest.fixture(scope="module")
def flow(repo):
    """2023 published; 2024 as a draft, then by decision; then 2024 corrected; what each step left."""
    seen: dict = {}
    run = functools.partial(run_in, repo)
    assert run("publish", "2023") == 0
    seen["site_2023"] = {p.relative_to(repo / "site").as_posix() for p in (repo / "site").rglob("*") if p.is_file()}
    assert run("publish", "2024", "--draft", "--date", "2025-02-10") == 0
    seen["draft"] = rows(repo / "data" / "published" / "du-thao" / "2024.csv")
    assert run("publish", "2024") == 0
    seen["results_2024"] = rows(repo / "site" / "data" / "2024" / "results.csv")
    inputs = repo / "data" / "2024" / "inputs.csv"
    text = inputs.read_text(encoding="utf-8")
    assert "k2,1.1,diem,500," in text
    inputs.write_text(text.replace("k2,1.1,diem,500,", "k2,1.1,diem,500,400"), encoding="utf-8")
    record_decision(repo / "data", 2024, "Quyết định số 99/QĐ-UBND ngày 15/4/2025 (đính chính)", "2025-04-15")
    run_git(repo, "commit", "--quiet", "-am", "Sửa điểm thẩm định năm 2024")
    assert run("publish", "2024", "--correction", REASON) == 0
    seen["site"] = repo / "site"
    return seen


def test_a_year_published_as_totals_goes_out_with_its_ranking_and_no_indicator_pages(flow):
    site = flow["site"]
    results = {r["unit_id"]: r for r in rows(site / "data" / "2023" / "results.csv")}
    assert {u: (r["percent"], r["rank"]) for u, r in results.items()} == {
        "so-tai-chinh": ("91.43", "1"), "cong-an-tinh": ("91.39", "2"), "so-gd-dt": ("90.96", "3"), "vp-ubnd-tinh": ("89.69", "4"),
    }
    assert results["so-tai-chinh"]["shown"] == "914.31" and results["so-tai-chinh"]["detail"] == "total"
    ranking = (site / "xep-hang" / "2023" / "so-co-tthc" / "index.html").read_text(encoding="utf-8")
    assert "914,31/1.000" in ranking and "công bố ở mức tổng điểm" in ranking
    # no indicator scores invented: the 2023 edition's open data has none, and no unit page of it lists any
    assert rows(site / "data" / "2023" / "indicator_scores.csv") == []
    assert "don-vi/so-tai-chinh/2023/index.html" in flow["site_2023"]
    scorecard = (site / "don-vi" / "so-tai-chinh" / "2023" / "index.html").read_text(encoding="utf-8")
    assert "914,31/1.000" in scorecard and "Chính quyền số" not in scorecard


def test_the_draft_record_holds_each_units_group_and_rank_among_it(flow):
    draft = {r["unit_id"]: r for r in flow["draft"] if not r["indicator_id"]}  # a unit's result row
    assert {u: (r["group"], r["rank"]) for u, r in draft.items()} == {
        "ca": ("so-co-tthc", "1"), "s1": ("so-co-tthc", "2"), "s2": ("so-co-tthc", "3"), "k2": ("so-khong-tthc", "1"), "k1": ("so-khong-tthc", "2"),
    }


def test_the_correction_changes_ranks_only_within_the_corrected_group(flow):
    before = {r["unit_id"]: (r["percent"], r["rank"]) for r in flow["results_2024"]}
    after = {r["unit_id"]: (r["percent"], r["rank"]) for r in rows(flow["site"] / "data" / "2024" / "results.csv")}
    assert before["k2"] == ("100.00", "1") and after["k2"] == ("87.50", "2")
    assert before["k1"] == ("90.00", "2") and after["k1"] == ("90.00", "1")
    assert all(before[u] == after[u] for u in ("ca", "s1", "s2"))
    errata = rows(flow["site"] / "data" / "errata.csv")
    changed = {(r["unit_id"], r["indicator_id"], r["field"]): (r["old_value"], r["new_value"]) for r in errata}
    assert changed[("k2", "1.1", "indicator_score")] == ("500.00", "400.00")
    assert changed[("k2", "", "percent")] == ("100.00", "87.50")
    assert changed[("k2", "", "rank")] == ("1", "2") and changed[("k1", "", "rank")] == ("2", "1")
    assert {u for u, _, _ in changed} == {"k1", "k2"} and {r["reason"] for r in errata} == {REASON}
    page = (flow["site"] / "dinh-chinh" / "index.html").read_text(encoding="utf-8")
    assert "Văn phòng Đoàn ĐBQH" in page and "Sở Tài chính" not in page
