"""The demo site as a person uses it: served over HTTP under a sub-path, driven in Chromium.

One screenshot per page type is kept in tests/artifacts/ (ignored by git) for people to look at.
"""

from __future__ import annotations

import re

import pytest
from .helpers import goto_settled, serious_accessibility_problems, wait_until_settled, watched_tab

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "ranking": "xep-hang/2024/cap-xa/",
    "main-index-ranking": "xep-hang/2024/cap-huyen/chi-so-6/",
    "scorecard": "don-vi/xa-tan-hoa/2024/",
    "scorecard-not-ranked": "don-vi/thanh-tra-tinh/2024/",
    "indicator": "bo-chi-so/hai-duong-2405-2024-so/1.2/",
    "methodology": "bo-chi-so/gia-lai-ia-dom-2024-xa/",
    "compare": "so-sanh/",
    "downloads": "du-lieu-mo/",
    "search": "tim-kiem/",
    "embed": "nhung/2024/cap-xa/",
    "embed-compact": "nhung/2024/cap-xa/gon/",
    "about": "gioi-thieu/",
    "data-format": "dinh-dang-du-lieu/",
    "objections": "y-kien-don-vi/2025/",
    "scorecard-objection": "don-vi/xa-kim-thinh/2025/",
}
CHART_PAGES = ["home", "scorecard", "indicator"]
PHONE_PAGES = ["home", "ranking", "scorecard", "objections", "scorecard-objection"]


@pytest.fixture
def page(browser, tabs, base_url):
    with watched_tab(tabs, browser, base_url) as page:
        yield page


def open_page(page, base_url, name):
    response = page.goto(base_url + PAGES[name], wait_until="networkidle")
    assert response.ok, (name, response.status)
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_with_no_error_nothing_from_outside_and_no_serious_accessibility_problem(page, base_url, artifacts, name):
    """One visit per page family: every request and console message watched until the network is idle,
    axe on the page once its charts and maps are drawn (the maps of the home page and the ranking
    included), then a screenshot (a full-page one scrolls the page, and Material fades its tabs out
    when the page is scrolled)."""
    open_page(page, base_url, name)
    wait_until_settled(page)
    assert serious_accessibility_problems(page) == []
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=name not in ("scorecard", "data-format"))  # the first screen of the longest pages
    assert page.problems == [], page.problems
    assert page.outside == [], page.outside
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Dữ liệu minh họa" in page.inner_text("body")


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_renders_and_has_a_text_alternative(page, base_url, name):
    open_page(page, base_url, name)
    charts = page.locator(".dti-chart")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.locator("svg").first.wait_for(state="attached", timeout=5000)
        assert len(chart.get_attribute("aria-label")) > 40
        figure = chart.locator("xpath=..")
        assert re.search(r"\d", figure.locator("figcaption").inner_text())
        assert figure.locator("details table tbody tr").count() >= 1
    assert page.problems == []


def column_values(page, table, index):
    return page.eval_on_selector_all(f"#{table} tbody tr:not([hidden])", f"rows => rows.map(r => r.children[{index}].getAttribute('data-value'))")


def test_the_ranking_table_sorts(page, base_url):
    open_page(page, base_url, "ranking")
    headers = page.locator("#dti-ranking thead th")
    dti = next(i for i in range(headers.count()) if headers.nth(i).inner_text().strip().startswith("DTI"))
    ranks_before = [int(v) for v in column_values(page, "dti-ranking", 0)]
    assert ranks_before == sorted(ranks_before)
    headers.nth(dti).locator("button").click()
    ascending = [float(v) for v in column_values(page, "dti-ranking", dti)]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    assert headers.nth(dti).get_attribute("aria-sort") == "ascending"
    headers.nth(dti).locator("button").click()
    descending = [float(v) for v in column_values(page, "dti-ranking", dti)]
    assert descending == sorted(descending, reverse=True)
    headers.nth(1).locator("button").click()
    names = column_values(page, "dti-ranking", 1)
    assert names[0].startswith(("Phường", "Thị trấn", "Xã")) and names != sorted(names, reverse=True)


def test_the_district_filter_filters_communes(page, base_url):
    open_page(page, base_url, "ranking")
    total = page.locator("#dti-ranking tbody tr").count()
    page.select_option("#dti-district", label="Huyện An Phú")
    visible = page.locator("#dti-ranking tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    headers = page.locator("#dti-ranking thead th").all_inner_texts()
    districts = column_values(page, "dti-ranking", next(i for i, h in enumerate(headers) if h.startswith("Huyện")))
    assert set(districts) == {"Huyện An Phú"}
    assert page.inner_text(".dti-count").startswith(f"{visible.count()} đơn vị")
    page.select_option("#dti-district", value="")
    assert page.locator("#dti-ranking tbody tr:not([hidden])").count() == total


def test_the_kind_filter_shows_only_the_wards_of_2025(page, base_url):
    goto_settled(page, base_url + "xep-hang/2025/cap-xa/")
    total = page.locator("#dti-ranking tbody tr").count()
    wards = page.locator("#dti-ranking tbody tr[data-kind='Phường']").count()  # 5 wards of 2025 in the demo's units.csv
    page.select_option("#dti-kind", value="Phường")
    visible = page.locator("#dti-ranking tbody tr:not([hidden])")
    assert visible.count() == wards == 5 and total > wards
    assert all(n.startswith("Phường ") for n in visible.locator("th").all_inner_texts())
    assert page.inner_text(".dti-count") == "5 đơn vị là phường"
    page.select_option("#dti-kind", value="")
    assert page.locator("#dti-ranking tbody tr:not([hidden])").count() == total


def test_compare_shows_the_chosen_units_side_by_side(page, base_url):
    goto_settled(page, base_url + "so-sanh/?nam=2024&loai=commune&don-vi=xa-tan-hoa,xa-quang-thanh")
    header = page.locator("#dti-compare-result thead th")
    header.nth(2).wait_for()
    assert header.all_inner_texts() == ["Chỉ tiêu", "Xã Tân Hòa", "Xã Quang Thành", "Trung vị cùng loại", "Cao nhất cùng loại"]
    rows = {r.split("\t")[0]: r.split("\t")[1:] for r in page.locator("#dti-compare-result tbody tr").all_inner_texts()}
    assert rows["Thứ hạng"][1] == "1"
    page.select_option("#dti-compare-type", "department")
    page.wait_for_function("document.querySelectorAll('#dti-compare-result thead th').length === 5 && document.querySelector('#dti-compare-result caption').textContent.startsWith('Sở')")
    page.select_option("#dti-compare-unit-3", label="Sở Tài chính")
    page.wait_for_function("document.querySelectorAll('#dti-compare-result thead th').length === 6")
    assert "don-vi=" in page.url and "so-tai-chinh" in page.url
    assert page.problems == []


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_no_sideways_scrolling_on_a_phone(browser, base_url, artifacts, name):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto_settled(page, base_url + PAGES[name])
    page.screenshot(path=str(artifacts / f"phone-{name}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_printed_scorecard_summary_fits_one_a4_page(browser, base_url):
    context = browser.new_context(viewport={"width": 703, "height": 1032})  # A4 minus 12 mm margins, at 96 dpi
    page = context.new_page()
    goto_settled(page, base_url + PAGES["scorecard"])
    page.emulate_media(media="print")
    page.locator(".dti-chart svg").first.wait_for(state="attached")
    wait_until_settled(page)
    top = page.evaluate("document.querySelector('.dti-summary').getBoundingClientRect().top + window.scrollY")
    bottom = page.evaluate("document.querySelector('.dti-summary').getBoundingClientRect().bottom + window.scrollY")
    assert bottom <= 1032, f"the summary ends at {bottom}px (starts at {top}px); one printed A4 page holds 1032px"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.dti-summary')).breakAfter") == "page"
    pdf = page.pdf(format="A4", margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
    assert pdf[:4] == b"%PDF"
    context.close()


def test_pages_say_something_useful_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGES["ranking"])
    assert page.locator("#dti-ranking tbody tr").count() == 63
    page.goto(base_url + PAGES["compare"])
    assert page.locator("table.dti-compare thead th").count() == 3
    assert "JavaScript" in page.inner_text("body")
    page.goto(base_url + PAGES["scorecard"])
    assert "Số liệu của biểu đồ" in page.inner_text("body")
    context.close()


def test_compare_offers_only_the_unit_types_assessed_that_year(page, base_url):
    goto_settled(page, base_url + "so-sanh/?nam=2025")
    page.wait_for_function("document.querySelectorAll('#dti-compare-result thead th').length >= 3")
    options = lambda: page.eval_on_selector_all("#dti-compare-type option", "os => os.map(o => o.value)")  # noqa: E731
    # no districts after 2025's reform; departments without procedures and other agencies ranked apart
    assert options() == ["department", "so-khong-tthc", "commune", "agency"]
    page.select_option("#dti-compare-year", "2024")
    # 2025 offers three groups too: wait for 2024's own list, not for a count both years share
    page.wait_for_function("[...document.querySelectorAll('#dti-compare-type option')].some(o => o.value === 'district')")
    assert options() == ["department", "district", "commune"]
