"""A draft before the decision: provisional results circulated to units for comments.

``dti build --draft`` (or a latest year marked ``publication.draft``) gives a site whose every page, print
and embed included, says «Dự thảo — chưa công bố chính thức» and asks search engines not to index it,
and whose open-data files carry the same word; ``dti publish`` refuses a year marked as a draft.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import subprocess
import threading
from http.server import ThreadingHTTPServer

import pytest
from frictionless import Package

from generator.cli import main
from generator.model import DRAFT
from generator.publish import PublishError, publish

from .conftest import QuietHandler, build_quietly
from .helpers import ROOT, goto_settled

# The demo built again as a draft, and a draft year built and refused publication.
pytestmark = pytest.mark.slow

NOINDEX = '<meta name="robots" content="noindex, nofollow">'


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("draft") / "dti"
    report = build_quietly(ROOT / "data", site, draft=True)
    assert report.ok
    return site


def test_every_page_says_it_is_a_draft_and_is_not_indexed(draft_site):
    pages = list(draft_site.rglob("*.html"))
    assert len(pages) > 500
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert DRAFT in text and NOINDEX in text, path
    assert (draft_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_open_data_files_carry_the_word_and_still_validate(draft_site, built_site):
    for year in (2024, 2025):
        folder = draft_site / "data" / str(year)
        for name in ("results.csv", "indicator_scores.csv", "indicators.csv"):
            first, rest = (folder / name).read_text(encoding="utf-8").split("\n", 1)
            assert first.startswith("# DỰ THẢO")
            assert rest == (built_site / "data" / str(year) / name).read_text(encoding="utf-8")  # same figures as the final site
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert "DỰ THẢO" in descriptor["title"] and "DỰ THẢO" in descriptor["caveats"][0]
        report = Package(str(folder / "datapackage.json")).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
        results = (folder / "results.csv").read_text(encoding="utf-8").split("\n", 1)[1]
        rows = list(csv.DictReader(io.StringIO(results)))
        read = Package(str(folder / "datapackage.json")).get_resource("results").read_rows()
        assert [r["unit_id"] for r in read] == [r["unit_id"] for r in rows]  # the comment line is skipped as declared


def test_every_sheet_of_the_workbooks_says_it_first(draft_site, built_site):
    from openpyxl import load_workbook

    for path in ("data/2025/dti-2025.xlsx", "data/dti-cac-nam.xlsx"):
        draft, final = load_workbook(draft_site / path, read_only=True), load_workbook(built_site / path, read_only=True)  # values only
        assert draft.sheetnames == final.sheetnames and draft.properties.title.startswith("[DỰ THẢO]")
        for ws in draft.worksheets:
            assert str(next(ws.iter_rows(max_row=1, values_only=True))[0]).startswith("# DỰ THẢO"), (path, ws.title)
        for name in draft.sheetnames[1:]:  # below the word, the same table as the final file's
            rows = list(draft[name].iter_rows(min_row=2, values_only=True))
            assert len(rows) > 1 and rows == list(final[name].iter_rows(values_only=True))


@pytest.mark.browser
def test_the_printed_page_and_the_embed_say_it_too(draft_site, browser):
    handler = functools.partial(QuietHandler, directory=str(draft_site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/dti/"
    context = browser.new_context()
    page = context.new_page()
    try:
        goto_settled(page, base + "don-vi/so-tai-chinh/2025/")
        page.emulate_media(media="print")
        banner = page.locator(".dti-draft")
        assert banner.is_visible() and DRAFT in banner.inner_text()
        goto_settled(page, base + "nhung/2025/cap-xa/")
        assert DRAFT in page.inner_text("body")
    finally:
        context.close()
        server.shutdown()


def test_a_year_marked_as_a_draft_builds_as_a_draft_and_cannot_be_published(tmp_path, capsys):
    root = tmp_path / "kho"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", ".pytest_cache", ".hypothesis", "artifacts", "__pycache__", "*.egg-info"))
    package = root / "data" / "2025" / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["dti"]["publication"]["draft"] = True
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "dữ liệu"]):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    status = main(["build", "--data", str(root / "data"), "--site-dir", str(tmp_path / "trang"), "--config", str(root / "mkdocs.yml")])
    assert status == 0
    assert DRAFT in (tmp_path / "trang" / "index.html").read_text(encoding="utf-8")
    with pytest.raises(PublishError, match="dự thảo"):
        publish(root, 2025)
    assert subprocess.run(["git", "-C", str(root), "tag"], capture_output=True, text=True).stdout == ""
