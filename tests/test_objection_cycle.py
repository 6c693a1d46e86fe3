"""The whole cycle from draft to decision, in a temporary git repository of the project holding the small
province of tests/cycle_province.py (its figures and every expected value are worked out by hand there):
the draft recorded → objections collected from the workbook → the council's answers → the decision with
two accepted, one partly accepted and two rejected objections → scorecards, the objections page, the
changes since the draft and the open data → a text-only correction and a score correction, each with its
own decision → every edition exported byte for byte as its manifest says."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import pytest

from generator.publish import read_manifests

from . import cycle_province as cp
from .helpers import html_tables, goto_settled, run_cli
from .test_objections import EXPECTED_CHANGES, texts
from .test_publish import project_repo, run_git, run_in

pytestmark = pytest.mark.slow


def cli(repo: Path, capsys, *args: str) -> tuple[int, str]:
    status, out, err = run_cli(repo, capsys, *args)
    return status, out + err


def state(repo: Path) -> tuple[str, str]:
    return run_git(repo, "rev-parse", "HEAD"), run_git(repo, "tag")


fill = cp.fill_objections


def page_text(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return html.split('<article', 1)[1].split("</article>", 1)[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return project_repo(
        tmp_path_factory.mktemp("cycle") / "dti", cp.write_province, "Tỉnh thử nghiệm: bản dự thảo năm 2024",
        "/site/\n/public/\n/public.zip\n/so-kien-nghi/\n/hoi-dong/\n/du-thao/\n",
    )


@pytest.fixture(scope="module")
def cycle(repo):
    """Every step of the cycle, through the command line as the secretariat runs it; what each step
    printed and left, for the tests below."""
    seen: dict = {}
    run = functools.partial(run_in, repo)

    # 1. the draft sent out for comments on 10/02/2025, recorded
    assert run("publish", "2024", "--draft", "--date", cp.DRAFT_SENT) == 0
    seen["draft_record"] = json.loads((repo / "data/published/du-thao/2024.json").read_text(encoding="utf-8"))
    seen["draft_results"] = cp.read_csv((repo / "data/published/du-thao/2024.csv").read_text(encoding="utf-8"))
    # 2. objections received, written in the workbook by the secretariat and collected
    assert run("template", "2024", "so-kien-nghi", "--objections") == 0
    book = repo / "so-kien-nghi" / "kien-nghi-2024.xlsx"
    fill(book, {5 + n: {"B": label, "C": ind or None, "D": day, "E": text} for n, (_, label, ind, day, text) in enumerate(cp.RECEIVED)})
    assert run("collect", "2024", "so-kien-nghi", "--objections") == 0
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "--quiet", "-m", "Kiến nghị đã nhận")
    # the draft site shows those received so far
    assert run("build", "--draft", "--site-dir", "du-thao") == 0
    seen["draft_page"] = page_text(repo / "du-thao", "y-kien-don-vi/2024")
    # 3. the council answers in the same workbook, made again with the five prefilled, and changes the figures
    assert run("template", "2024", "hoi-dong", "--objections") == 0
    book = repo / "hoi-dong" / "kien-nghi-2024.xlsx"
    fill(book, {5 + n: {"F": a, "G": o, "H": b, "I": s} for n, (a, o, b, s) in enumerate(cp.ANSWERS.values())})
    cp.apply_decision(repo / "data" / "2024")
    assert run("collect", "2024", "hoi-dong", "--objections") == 0
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "--quiet", "-m", "Trả lời kiến nghị, quyết định công bố")
    # 4. the decision published
    assert run("publish", "2024") == 0
    seen["site_2024"] = {p.relative_to(repo / "site").as_posix(): p.read_bytes() for p in (repo / "site").rglob("*") if p.is_file()}
    return seen


def test_the_draft_is_recorded_with_its_results_and_checksum(repo, cycle):
    record = cycle["draft_record"]
    assert record["date"] == "2025-02-10" and record["path"] == "data/published/du-thao/2024.csv"
    assert record["sha256"] == sha(repo / "data/published/du-thao/2024.csv")
    totals = {r["unit_id"]: (r["score"], r["percent"], r["rank"]) for r in cycle["draft_results"] if r["indicator_id"] == ""}
    # the draft's table in tests/cycle_province.py
    assert totals == {"xa-an": ("47.00", "94.00", "1"), "xa-binh": ("36.50", "73.00", "2"), "xa-chau": ("32.00", "64.00", "5"),
                      "xa-dong": ("34.00", "68.00", "4"), "xa-em": ("35.00", "70.00", "3")}
    assert "Ghi kết quả dự thảo" in run_git(repo, "log", "--format=%s")


def test_a_draft_cannot_be_recorded_once_the_year_is_published_nor_without_its_date(repo, cycle, capsys):
    before = state(repo)
    status, out = cli(repo, capsys, "publish", "2024", "--draft", "--date", "2025-03-20")
    assert status == 1 and "Không ghi dự thảo: năm 2024 đã được công bố (thẻ dti-2024)" in out, out
    status, out = cli(repo, capsys, "publish", "2024", "--draft")
    assert status == 1 and "cần --date" in out
    assert state(repo) == before


def test_the_draft_site_shows_the_objections_received_so_far(cycle):
    page = cycle["draft_page"]
    assert "Bản dự thảo" in page and "5 kiến nghị đã nhận đến nay" in page
    counts = texts(html_tables(page)[0])
    assert counts == [["Nhóm xếp hạng", "Đã nhận", "Chấp nhận", "Chấp nhận một phần", "Không chấp nhận", "Chưa trả lời"], ["Cấp xã", "5", "0", "0", "0", "5"]]
    assert page.count("Chưa trả lời.") == 5


def test_the_decisions_manifest_names_its_objections_and_draft_with_checksums(repo, cycle):
    manifest = read_manifests(repo)["2024"]
    assert manifest["objections"] == {"path": "data/2024/objections.csv", "sha256": sha(repo / "data/2024/objections.csv")}
    outputs = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    site = cycle["site_2024"]
    assert manifest["draft"] == {
        "path": "data/published/du-thao/2024.csv", "sha256": cycle["draft_record"]["sha256"], "date": "2025-02-10",
        "comparison": {"path": "data/2024/draft_changes.csv", "sha256": hashlib.sha256(site["data/2024/draft_changes.csv"]).hexdigest()},
    }
    for name in ("data/2024/objections.csv", "data/2024/draft_changes.csv"):
        assert outputs[name] == hashlib.sha256(site[name]).hexdigest()


def test_the_objections_page_and_the_open_data_agree_with_the_hand_worked_answers(cycle):
    html = cycle["site_2024"]["y-kien-don-vi/2024/index.html"].decode("utf-8")
    # KN-01, KN-02 accepted; KN-03 partly; KN-04, KN-05 rejected
    assert texts(html_tables(html)[0])[1] == ["Cấp xã", "5", "2", "1", "2"]
    rows = cp.read_csv(cycle["site_2024"]["data/2024/objections.csv"].decode("utf-8"))
    assert [(r["objection_id"], r["outcome"], r["score_before"], r["score_after"]) for r in rows] == [
        ("KN-01", "accepted", "5.00", "10.00"), ("KN-02", "accepted", "0.00", "10.00"), ("KN-03", "partly", "9.00", "9.50"),
        ("KN-04", "rejected", "", ""), ("KN-05", "rejected", "", ""),
    ]
    card = cycle["site_2024"]["don-vi/xa-binh/2024/index.html"].decode("utf-8")
    assert "Kiến nghị KN-01" in card and "Chấp nhận (5,00 → 10,00)" in card


def test_the_changes_since_the_draft_are_listed_each_with_its_objection(cycle):
    rows = cp.read_csv(cycle["site_2024"]["data/2024/draft_changes.csv"].decode("utf-8"))
    assert sorted((r["unit_id"], r["indicator_id"], r["field"], r["draft_value"], r["decision_value"], r["objection_id"]) for r in rows) == sorted(EXPECTED_CHANGES)
    html = cycle["site_2024"]["thay-doi-du-thao/2024/index.html"].decode("utf-8")
    table = texts(html_tables(html.split("<article", 1)[1])[0])
    assert len(table) == 1 + len(EXPECTED_CHANGES)
    assert ["Xã Châu", "–", "thứ hạng", "5", "2", "KN-02"] in table and ["Xã Êm", "–", "thứ hạng", "3", "4", "–"] in table
    assert ["Xã Đông", "2.3", "điểm chỉ số", "9,00", "9,50", "KN-03"] in table
    assert 'href="../../y-kien-don-vi/2024/#kien-nghi-kn-03"' in html


def test_a_correction_needs_its_own_decision_and_date(repo, cycle, capsys):
    folder = repo / "data" / "2024"
    notes = (folder / "assessments.csv").read_text(encoding="utf-8")
    (folder / "assessments.csv").write_text(notes.replace("trên cổng của xã.", "trên cổng thông tin của xã."), encoding="utf-8")
    for decision, when, said in (
        (cp.DECISION[0], "2025-04-01", "là quyết định của phiên bản 2024"),
        ("Quyết định số 130/QĐ-UBND ngày 1/4/2025", cp.DECISION[1], "là ngày của phiên bản 2024"),
        ("Quyết định số 130/QĐ-UBND ngày 1/3/2025", "2025-03-01", "trước ngày của phiên bản 2024"),
    ):
        cp.set_decision(folder, decision, when)
        run_git(repo, "commit", "--quiet", "-am", "Thử đính chính")
        before = state(repo)
        status, said_out = cli(repo, capsys, "publish", "2024", "--correction", "Sửa lời ý kiến thẩm định")
        assert status == 1 and said in said_out, said_out
        assert state(repo) == before


def test_a_text_only_correction_then_a_score_correction(repo, cycle, capsys, tmp_path_factory):
    folder = repo / "data" / "2024"
    cp.set_decision(folder, "Quyết định số 130/QĐ-UBND ngày 1/4/2025", "2025-04-01")
    evidence = (folder / "evidence.csv").read_text(encoding="utf-8")
    (folder / "evidence.csv").write_text(evidence.replace("Chuyên mục chuyển đổi số", "Chuyên mục Chuyển đổi số của xã"), encoding="utf-8")
    run_git(repo, "commit", "--quiet", "-am", "Đính chính lời")
    # a site folder that cannot be written: refused before anything is committed or tagged
    before = state(repo)
    status, out = cli(repo, capsys, "publish", "2024", "--correction", "Sửa lời", "--site-dir", "/proc/khong-co/site")
    assert status == 1 and "[site-dir-unwritable]" in out and state(repo) == before
    status, out = cli(repo, capsys, "publish", "2024", "--correction", "Sửa lời ý kiến thẩm định và tên tài liệu kiểm chứng của Xã Châu")
    assert status == 0 and "site/data/errata.csv" in out, out
    errata = read_manifests(repo)["2024.1"]["errata"]
    # the note of xa-chau 1.1 (test_a_correction_needs_its_own_decision_and_date changed it) and its evidence title; no score
    assert [(r["unit_id"], r["indicator_id"], r["field"]) for r in errata] == [("xa-chau", "1.1", "note"), ("xa-chau", "1.1", "evidence")]
    page = page_text(repo / "site", "dinh-chinh")
    assert "Bản đính chính này không thay đổi điểm hay thứ hạng nào." in page and "Nội dung chữ được đính chính" in page
    assert "trên cổng thông tin của xã." in page
    # the score correction: xa-dong's 2.2 was 5, the council's minutes say 7
    inputs = (folder / "inputs.csv").read_text(encoding="utf-8")
    (folder / "inputs.csv").write_text(inputs.replace("xa-dong,2.2,diem,5,", "xa-dong,2.2,diem,5,7"), encoding="utf-8")
    assessments = (folder / "assessments.csv").read_text(encoding="utf-8")
    (folder / "assessments.csv").write_text(assessments.rstrip("\n") + "\nxa-dong,2.2,,,Biên bản của Hội đồng ghi 7 điểm,,\n", encoding="utf-8")
    cp.set_decision(folder, "Quyết định số 150/QĐ-UBND ngày 15/4/2025", "2025-04-15")
    run_git(repo, "commit", "--quiet", "-am", "Đính chính điểm")
    status, out = cli(repo, capsys, "publish", "2024", "--correction", "Hội đồng nhập sai điểm chỉ số 2.2 của Xã Đông")
    assert status == 0, out
    errata = read_manifests(repo)["2024.2"]["errata"]
    # xa-dong: 2.2 5 → 7, main index 2 19,5 → 21,5, total 34,5 → 36,5 (73,00 %), rank 5 → 4 (above xa-em's 35); xa-em 4 → 5;
    # and, apart from the scores, the council's new note on xa-dong's 2.2
    assert sorted((r["unit_id"], r["indicator_id"], r["field"], r["old_value"], r["new_value"]) for r in errata) == sorted([
        ("xa-dong", "2.2", "indicator_score", "5.00", "7.00"), ("xa-dong", "2", "indicator_score", "19.50", "21.50"),
        ("xa-dong", "", "total_score", "34.50", "36.50"), ("xa-dong", "", "percent", "69.00", "73.00"), ("xa-dong", "", "rank", "5", "4"),
        ("xa-em", "", "rank", "4", "5"), ("xa-dong", "2.2", "note", "", "Biên bản của Hội đồng ghi 7 điểm"),
    ])
    errata_csv = cp.read_csv((repo / "site" / "data" / "errata.csv").read_text(encoding="utf-8"))
    assert [r["version"] for r in errata_csv] == ["2024.1"] * 2 + ["2024.2"] * 7
    # the export: every edition rebuilt from its tag, its open data as its manifest says, byte for byte
    out_dir = cycle["export"] = tmp_path_factory.mktemp("export") / "public"
    status, out = cli(repo, capsys, "export", str(out_dir))
    assert status == 0, out
    for version in ("2024", "2024.1", "2024.2"):
        manifest = read_manifests(repo)[version]
        for o in manifest["outputs"]:
            assert sha(out_dir / version / o["path"]) == o["sha256"], (version, o["path"])
        assert {"data/2024/objections.csv", "data/2024/draft_changes.csv"} <= {o["path"] for o in manifest["outputs"]}
    exported = {p.relative_to(out_dir / "2024").as_posix(): p.read_bytes() for p in (out_dir / "2024").rglob("*") if p.is_file() and p.name != ".dti-site"}
    assert {k: v for k, v in exported.items() if k.endswith((".csv", ".json")) and k.startswith("data/")} == {
        k: v for k, v in cycle["site_2024"].items() if k.endswith((".csv", ".json")) and k.startswith("data/")
    }


@pytest.mark.browser
def test_the_new_pages_read_well_in_a_browser_and_on_a_phone(repo, cycle, browser, artifacts):
    """The last edition's pages of the cycle (the score correction 2024.2), exported and served over HTTP: the changes
    since the draft, the objections, the errata and a scorecard with its objection; no error, nothing from
    outside, no serious accessibility problem, no sideways scrolling on a phone."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from .conftest import QuietHandler
    from .helpers import serious_accessibility_problems, watched_page

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(cycle["export"].parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/public/"
    base = root + "latest/"
    pages = {"draft-changes": "thay-doi-du-thao/2024/", "objections-decided": "y-kien-don-vi/2024/", "errata-text": "dinh-chinh/", "scorecard-objections": "don-vi/xa-binh/2024/"}
    try:
        with watched_page(browser, root) as page:
            for name, path in pages.items():
                assert goto_settled(page, base + path).ok, path
                assert serious_accessibility_problems(page) == [], path  # before a full-page screenshot scrolls the page (Material fades its tabs)
                page.screenshot(path=str(artifacts / f"cycle-{name}.png"), full_page=True)
            # the theme's version selector of an exported edition reports each page once (the same on every edition's page)
            assert [p for p in page.problems if p != "Failed to construct 'URL': Invalid URL"] == [] and page.outside == [], (page.problems, page.outside)
        context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
        phone = context.new_page()
        for name, path in pages.items():
            goto_settled(phone, base + path)
            phone.screenshot(path=str(artifacts / f"phone-cycle-{name}.png"))
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
        context.close()
    finally:
        server.shutdown()
