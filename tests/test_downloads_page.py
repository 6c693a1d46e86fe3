"""The open-data page as a journalist and a portal's IT officer use it: which file to take, how big each
is, and the embed snippet, with the site's own address when it is known, copied with one button."""

from __future__ import annotations

import html
import re

import pytest

from generator.pages.overview import file_size

FILE_LINK = re.compile(r'<a href="([^"]+)" download="([^"]+)"><code>([^<]+)</code></a> <span class="dti-size">\(([^,]+), ([^)]+)\)</span>')


def downloads(site) -> str:
    return (site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")


def test_file_size_is_written_the_vietnamese_way():
    assert [file_size(n) for n in (0, 850, 1024, 199284, 1024 * 1024, 1_300_000)] == ["0 byte", "850 byte", "1 KB", "195 KB", "1,0 MB", "1,2 MB"]


def test_every_download_shows_its_real_size(built_site):
    page = downloads(built_site)
    links = FILE_LINK.findall(page)
    files = [href.split("data/", 1)[1] for href, _, _, _, _ in links]
    assert "dti-cac-nam.xlsx" in files and "datapackage.json" in files
    for year in (2021, 2022, 2023, 2024, 2025):  # 2021, entered from its printed totals, has the same seven files
        for name in (f"dti-{year}.xlsx", "results.csv", "indicator_scores.csv", "indicators.csv", "lineage.csv", "evidence.csv", "datapackage.json"):
            assert f"{year}/{name}" in files
    assert "2025/objections.csv" in files and "2024/objections.csv" not in files  # the demo's objections are to its last year's draft
    assert len(links) == 2 + 5 * 7 + 1
    for href, saved, shown, kind, size in links:
        path = built_site / "du-lieu-mo" / href
        assert path.resolve().is_file() and shown == saved
        assert saved == path.name or saved.startswith("dti-tinh-minh-hoa-"), saved  # saved under the province's name
        assert size == file_size(path.stat().st_size), (saved, size)
        assert kind == {"xlsx": "Excel", "csv": "CSV UTF-8", "json": "JSON"}[path.name.rsplit(".", 1)[1]]


def test_the_page_says_which_file_to_use(built_site):
    page = downloads(built_site)
    which = page[page.index("Nên tải tệp nào?"):page.index('<h2 id="tat-ca-cac-nam">')]
    assert "Excel" in which and "<code>.xlsx</code>" in which
    assert "CSV" in which and "UTF-8" in which and "Python" in which
    year = page[page.index('<h2 id="nam-2025">'):]
    assert year.index("dti-tinh-minh-hoa-2025.xlsx") < year.index("dti-tinh-minh-hoa-2025-results.csv")  # the workbook comes first


@pytest.mark.slow
def test_the_snippet_uses_the_sites_address_when_site_url_is_set(portal_with_site_url):
    base, site = portal_with_site_url
    page = downloads(site)
    code = html.unescape(re.search(r'<code id="dti-snippet-day-du">(.*?)</code>', page, re.S).group(1))
    assert f'src="{base}nhung/2025/cap-xa/"' in code
    assert "event.origin !== new URL(frame.src).origin" in code and "event.source !== frame.contentWindow" in code
    compact = html.unescape(re.search(r'<code id="dti-snippet-gon">(.*?)</code>', page, re.S).group(1))
    assert f'src="{base}nhung/2025/cap-xa/gon/"' in compact
    assert "DIA-CHI" not in page and "data-dti-root" not in page
    assert f'Địa chỉ cố định: <code data-dti-href="../data/dti-cac-nam.xlsx">{base}data/dti-cac-nam.xlsx</code>' in page
    assert f'<span data-dti-href="../data/2025/">{base}data/2025/</span>' in page  # the citation's full address


def test_without_site_url_the_public_page_shows_no_placeholder(built_site):
    """Without site_url the page names no placeholder address and nothing meant for the secretariat (the
    build warns them): addresses are given from the site's root, and the page's script completes them."""
    page = downloads(built_site)
    code = html.unescape(re.search(r'<code id="dti-snippet-day-du" data-dti-root="../">(.*?)</code>', page, re.S).group(1))
    assert 'src="nhung/2025/cap-xa/"' in code
    assert "site_url" not in page and "DIA-CHI" not in page and "hãy thay bằng" not in page and "example.gov.vn" not in page


@pytest.mark.browser
def test_without_site_url_the_script_gives_whole_addresses(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base_url + "du-lieu-mo/", wait_until="networkidle")
        assert f'src="{base_url}nhung/2025/cap-xa/"' in page.locator("#dti-snippet-day-du").inner_text()
        assert page.locator('[data-dti-href="../data/2024/results.csv"]').inner_text() == f"{base_url}data/2024/results.csv"
        citation = page.locator("p", has_text="Trích dẫn:").first.inner_text()
        assert citation.endswith(f"{base_url}data/2025/") and "Tỉnh Minh Họa" in citation
    finally:
        context.close()


@pytest.mark.browser
def test_the_copy_button_copies_the_snippet(browser, portal_with_site_url, artifacts):
    base, site = portal_with_site_url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/").rsplit("/", 1)[0])
    page = context.new_page()
    try:
        page.goto(base + "du-lieu-mo/", wait_until="networkidle")
        button = page.locator('button.dti-copy[data-copy="dti-snippet-gon"]')
        assert button.is_visible() and button.inner_text() == "Sao chép đoạn mã"
        button.click()
        status = button.locator("xpath=..").locator(".dti-copy-status")
        status.wait_for(state="visible")
        assert status.inner_text() == "Đã sao chép đoạn mã."
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#dti-snippet-gon").inner_text()
        assert copied.startswith(f'<iframe id="dti-nhung-2025-cap-xa-gon" src="{base}nhung/2025/cap-xa/gon/"')
        page.locator("#nhung").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "downloads-embed-snippet.png"))
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_copy_buttons_stay_hidden_and_the_snippet_shows(browser, built_site, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "du-lieu-mo/")
        assert page.locator("button.dti-copy").count() == 2
        assert not page.locator("button.dti-copy").first.is_visible()
        assert "<iframe" in page.locator("#dti-snippet-day-du").inner_text()
    finally:
        context.close()
