"""The open-data page as a journalist and a portal's IT officer use it: which file to take, how big each
is, and the embed snippet, with the site's own address when it is known, copied with one button."""

from __future__ import annotations

import html
import re

import pytest

from generator.pages.overview import EMBED_PLACEHOLDER, file_size

FILE_LINK = re.compile(r'<a href="([^"]+)"><code>([^<]+)</code></a> <span class="dti-size">\(([^,]+), ([^)]+)\)</span>')


def downloads(site) -> str:
    return (site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")


def test_file_size_is_written_the_vietnamese_way():
    assert [file_size(n) for n in (0, 850, 1024, 199284, 1024 * 1024, 1_300_000)] == ["0 byte", "850 byte", "1 KB", "195 KB", "1,0 MB", "1,2 MB"]


def test_every_download_shows_its_real_size(built_site):
    page = downloads(built_site)
    links = FILE_LINK.findall(page)
    names = [name for _, name, _, _ in links]
    assert "dti-cac-nam.xlsx" in names
    for year in (2022, 2023, 2024, 2025):
        for name in (f"dti-{year}.xlsx", "results.csv", "indicator_scores.csv", "indicators.csv", "datapackage.json"):
            assert name in names
    assert len(links) == 1 + 4 * 5
    for href, name, kind, size in links:
        path = built_site / "du-lieu-mo" / href
        assert path.resolve().is_file() and path.name == name
        assert size == file_size(path.stat().st_size), (name, size)
        assert kind == {"xlsx": "Excel", "csv": "CSV UTF-8", "json": "JSON"}[name.rsplit(".", 1)[1]]


def test_the_page_says_which_file_to_use(built_site):
    page = downloads(built_site)
    which = page[page.index("Nên tải tệp nào?"):page.index('<h2 id="tat-ca-cac-nam">')]
    assert "Excel" in which and "<code>.xlsx</code>" in which
    assert "CSV" in which and "UTF-8" in which and "Python" in which
    assert page.index("dti-2025.xlsx") < page.index("data/2025/results.csv")  # the workbook comes first


@pytest.mark.slow
def test_the_snippet_uses_the_sites_address_when_site_url_is_set(portal_with_site_url):
    base, site = portal_with_site_url
    page = downloads(site)
    code = html.unescape(re.search(r'<code id="dti-snippet-day-du">(.*?)</code>', page, re.S).group(1))
    assert f'src="{base}nhung/2025/cap-xa/"' in code
    assert "event.origin !== new URL(frame.src).origin" in code and "event.source !== frame.contentWindow" in code
    compact = html.unescape(re.search(r'<code id="dti-snippet-gon">(.*?)</code>', page, re.S).group(1))
    assert f'src="{base}nhung/2025/cap-xa/gon/"' in compact
    assert EMBED_PLACEHOLDER not in page
    assert f"Địa chỉ cố định: <code>{base}data/dti-cac-nam.xlsx</code>" in page


def test_without_site_url_the_snippet_has_an_explicit_placeholder(built_site):
    page = downloads(built_site)
    code = html.unescape(re.search(r'<code id="dti-snippet-day-du">(.*?)</code>', page, re.S).group(1))
    assert f'src="{EMBED_PLACEHOLDER}nhung/2025/cap-xa/"' in code
    assert "site_url" in page and "hãy thay bằng địa chỉ" in page


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
