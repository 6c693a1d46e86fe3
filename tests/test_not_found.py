"""The "page not found" page as a person meets it: the portal serves the site under /dti/ and answers a
missing address with the site's 404.html. Opened several folders deep, it must look like the site (its
stylesheet loaded, no giant logo), speak Vietnamese, carry the illustrative-data banner, and its links
must lead to real pages: with ``site_url`` set and without it."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

MISSING = [
    "xep-hang/2099/cap-xa/khong-co/trang/nay/",  # under one of the site's folders, five levels down
    "khong-co/thu-muc/nay/o/day/",  # under no folder the site has: the page finds its root by asking
    "trang-khong-co.html",
]


@pytest.fixture(params=["without-site-url", pytest.param("with-site-url", marks=pytest.mark.slow)])  # with: a second build of the demo
def served(request):
    return request.getfixturevalue("portal" if request.param == "without-site-url" else "portal_with_site_url")


def test_the_server_answers_missing_paths_with_the_sites_404_page(served):
    base, site = served
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base + MISSING[0])
    assert missing.value.code == 404
    assert missing.value.read() == (site / "404.html").read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize("where", MISSING)
def test_a_missing_page_deep_under_the_sub_path_is_styled_vietnamese_and_leads_home(browser, served, artifacts, where, request):
    base, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = page.goto(base + where, wait_until="load")
        assert response.status == 404
        name = request.node.callspec.id.replace("/", "-")
        page.screenshot(path=str(artifacts / f"not-found-{name}.png"))
        # Every stylesheet, script and icon of the page is the site's own and exists. (Without site_url
        # the browser's look-ahead may ask for them beside the missing address before the page has set
        # its base: those requests are not used.)
        resources = page.eval_on_selector_all("link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)")
        assert len(resources) >= 5
        for url in resources:
            assert url.startswith(base) and where.split("/")[0] not in url.removeprefix(base)[:12], url
            assert urllib.request.urlopen(url).status == 200, url
        assert page.evaluate("Array.from(document.styleSheets).filter(s => s.href).every(s => s.cssRules.length > 0)")
        assert errors == []
        # Styled: Material's stylesheet and the site's own are applied, so the logo is icon-sized.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        logo = page.locator(".md-header__button.md-logo svg, .md-header__button.md-logo img").first
        box = logo.bounding_box()
        assert box and box["width"] <= 48 and box["height"] <= 48, box
        assert page.evaluate("getComputedStyle(document.querySelector('.md-banner')).display") != "none"
        # Vietnamese.
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.inner_text("h1") == "Không tìm thấy trang"
        assert page.title().startswith("Không tìm thấy trang")
        body = page.inner_text("body")
        assert "Not found" not in body and "404 -" not in body
        assert "Dữ liệu minh họa" in body
        # Its links lead to the site's real pages.
        links = page.locator("ul.dti-not-found a")
        targets = {links.nth(i).inner_text(): links.nth(i).evaluate("a => a.href") for i in range(links.count())}
        assert targets == {"Về trang chủ": base, "Tìm kiếm": base + "tim-kiem/", "Dữ liệu mở": base + "du-lieu-mo/"}
        nav = page.eval_on_selector_all(".md-tabs a, .md-nav a", "as => as.map(a => a.href)")
        assert len(nav) > 5 and all(href.startswith(base) for href in nav), nav[:5]
        page.get_by_role("link", name="Tìm kiếm", exact=True).last.click()
        page.wait_for_url(base + "tim-kiem/", wait_until="load")
        assert page.inner_text("h1") == "Tìm kiếm"
        page.go_back(wait_until="load")
        page.locator("ul.dti-not-found a", has_text="Về trang chủ").click()
        page.wait_for_url(base, wait_until="load")
        assert "Chỉ số chuyển đổi số" in page.inner_text("h1")
    finally:
        context.close()


@pytest.mark.slow
def test_with_site_url_the_page_is_written_with_its_absolute_links(portal_with_site_url):
    base, site = portal_with_site_url
    html = (site / "404.html").read_text(encoding="utf-8")
    path = base.split("127.0.0.1", 1)[1].split("/", 1)[1]  # "dti/"
    assert f'href="/{path}assets/dti.css"' in html
    assert "document.createElement(\"base\")" not in html


def test_without_site_url_no_link_of_the_page_is_root_absolute(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert 'href="/' not in html and 'src="/' not in html
    assert "Không tìm thấy trang" in html and "Not found" not in html
