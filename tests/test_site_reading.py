"""Reading long tables and finding one's way, on a 360-px phone and a 1366-px desktop: header rows that
stay in view, the first column that stays while a table scrolls sideways, a visible sign that it does, the
skip link, the glossary, and what the pages say and show without JavaScript."""

from __future__ import annotations

import pytest

from .conftest import CHROMIUM, reused_tab
from .helpers import NEXT_FRAMES, goto_settled

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}

# The four kinds of long table: (address, the table).
TABLES = {
    "ranking": ("xep-hang/2024/cap-xa/", "#dti-ranking"),
    "compare": ("so-sanh/?nam=2024&loai=commune&don-vi=xa-tan-hoa,xa-quang-thanh,phuong-ha-loi,xa-minh-ha", "#dti-compare-result table"),
    "indicator": ("bo-chi-so/gia-lai-ia-dom-2024-xa/1.1/", "#dti-indicator-units"),
    "scorecard": ("don-vi/xa-tan-hoa/2024/", "table.dti-indicators"),  # the one with most rows
}


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, tabs):
    with reused_tab(tabs, browser, f"reading-{request.param}", **SCREENS[request.param]) as page:
        page.screen = request.param
        page.problems = []
        record = lambda e: page.problems.append(str(e))  # noqa: E731
        page.on("pageerror", record)
        yield page
        page.remove_listener("pageerror", record)


def open_table(page, base_url, kind):
    address, selector = TABLES[kind]
    goto_settled(page, base_url + address)
    page.locator(selector).first.locator("tbody tr").first.wait_for()
    longest = page.eval_on_selector_all(selector, "ts => ts.map(t => t.tBodies[0].rows.length).reduce((best, n, i, all) => n > all[best] ? i : best, 0)")
    return page.locator(selector).nth(longest)


def scroll_to_last_rows_of(page, table):
    """Scrolls the page until the table's last row is near the bottom of the screen, its first rows gone
    by under the site's header."""
    page.evaluate("t => { const b = t.tBodies[0].getBoundingClientRect(); window.scrollBy(0, b.bottom - innerHeight + 60); }", table.element_handle())
    page.evaluate(NEXT_FRAMES)


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


@pytest.mark.parametrize("kind", list(TABLES))
def test_a_long_tables_header_row_stays_in_view(screen, base_url, artifacts, kind):
    page = screen
    table = open_table(page, base_url, kind)
    if kind == "scorecard" and page.screen == "phone":
        # On a phone an indicator table is a list of blocks in which every figure carries its label.
        assert table.locator("thead").evaluate("h => getComputedStyle(h).display") == "none"
        for row in table.locator("tbody tr:not(.dti-parent)").all()[:5]:
            for cell in row.locator("td.num").all():
                assert cell.evaluate("e => getComputedStyle(e, '::before').content").strip('"') == cell.get_attribute("data-label")
        return
    scroll_to_last_rows_of(page, table)
    head = table.locator("thead")
    box = head.bounding_box()
    top = header_bottom(page)
    assert abs(box["y"] - top) <= 1.5, (box, top)  # just under the site's header
    first_row = table.locator("tbody tr").first.bounding_box()
    assert first_row["y"] + first_row["height"] < top  # the table's first rows have gone by
    heads = head.locator("th:visible")
    for i in range(heads.count()):
        cell = heads.nth(i).bounding_box()
        x, y = cell["x"] + min(cell["width"] / 2, 12), cell["y"] + cell["height"] / 2
        if 0 < x < page.viewport_size["width"]:
            assert heads.nth(i).evaluate(f"e => e.contains(document.elementFromPoint({x}, {y}))"), heads.nth(i).inner_text()
    page.screenshot(path=str(artifacts / f"sticky-{kind}-{page.screen}.png"))
    assert page.problems == []


@pytest.mark.parametrize("kind", ["ranking", "indicator", "scorecard"])
def test_the_first_column_stays_while_a_wide_table_scrolls_sideways(screen, base_url, kind):
    page = screen
    table = open_table(page, base_url, kind)
    wrap = table.locator("xpath=ancestor::div[contains(@class, 'dti-table-wrap')][1]")
    if not wrap.evaluate("w => w.scrollWidth > w.clientWidth + 1"):
        assert kind == "scorecard" or page.screen == "desktop" and kind == "indicator", "this table should be wider than the screen"
        return
    scroll_to_last_rows_of(page, table)
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    page.evaluate(NEXT_FRAMES)
    left = wrap.bounding_box()["x"]
    row = table.locator("tbody tr").nth(-2)
    first = row.locator("th, td").first.bounding_box()
    assert abs(first["x"] - left) <= 1.5, (first, left)
    name = row.locator("th").first
    box = name.bounding_box()
    assert name.evaluate(f"e => e.contains(document.elementFromPoint({box['x'] + 5}, {box['y'] + box['height'] / 2}))")
    head = table.locator("thead th").first.bounding_box()
    assert abs(head["x"] - left) <= 1.5 and abs(head["y"] - header_bottom(page)) <= 1.5


@pytest.fixture(scope="module")
def with_scrollbars(browser):
    """Chromium as people run it, drawing scrollbars (Playwright's headless Chromium hides them)."""
    shown = browser.browser_type.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"], ignore_default_args=["--hide-scrollbars"])
    yield shown
    shown.close()


@pytest.mark.parametrize("name", list(SCREENS))
@pytest.mark.parametrize("kind", ["ranking", "indicator"])
def test_a_table_wider_than_its_box_shows_that_it_scrolls(with_scrollbars, base_url, artifacts, kind, name):
    context = with_scrollbars.new_context(**SCREENS[name])
    page = context.new_page()
    table = open_table(page, base_url, kind)
    wrap = table.locator("xpath=ancestor::div[contains(@class, 'dti-table-wrap')][1]")
    if not wrap.evaluate("w => w.scrollWidth > w.clientWidth + 1"):
        assert kind == "indicator" and name == "desktop"
        assert wrap.evaluate("w => w.offsetHeight - w.clientHeight") == 0 and wrap.locator("xpath=preceding-sibling::*[1][contains(@class, 'dti-scroll-hint')]").count() == 0
        context.close()
        return
    assert wrap.evaluate("w => w.offsetHeight - w.clientHeight") >= 8  # a scrollbar that is drawn, also on a phone
    assert "radial-gradient" in wrap.evaluate("w => getComputedStyle(w).backgroundImage")  # the shadow at the hidden edge
    hint = wrap.locator("xpath=preceding-sibling::*[1]")
    assert "cuộn ngang" in hint.inner_text() and hint.is_visible()
    wrap.evaluate("w => w.scrollIntoView({block: 'end'})")
    page.screenshot(path=str(artifacts / f"wide-{kind}-{name}.png"))
    context.close()


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(browser, base_url):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    for address in ("", "xep-hang/2024/cap-xa/", "don-vi/xa-tan-hoa/2024/", "bo-chi-so/hai-duong-2405-2024-so/1.2/", "giai-thich-thuat-ngu/", "dinh-dang-du-lieu/"):
        goto_settled(page, base_url + address)
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.inner_text() == "Bỏ qua, đến nội dung chính", address
        assert skip.is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "noi-dung-chinh", address
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('noi-dung-chinh').contains(document.activeElement)"), address
    context.close()


def test_the_glossary_is_one_click_from_a_scorecard(browser, base_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    goto_settled(page, base_url + "don-vi/xa-tan-hoa/2024/")
    page.locator("#mat-diem ~ p a", has_text="trung vị").first.click()
    page.wait_for_url("**/giai-thich-thuat-ngu/#trung-vi")
    term = page.locator("#trung-vi")
    assert term.is_visible() and "Giá trị ở giữa" in page.locator("#trung-vi + dd").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    abbr = page.locator("abbr", has_text="TTĐT").first
    assert abbr.get_attribute("title") == "thông tin điện tử"
    context.close()


@pytest.mark.parametrize("name", list(SCREENS))
def test_without_javascript_a_ranking_says_what_works_and_charts_give_their_tables(browser, base_url, artifacts, name):
    context = browser.new_context(java_script_enabled=False, **SCREENS[name])
    page = context.new_page()
    page.goto(base_url + "xep-hang/2024/cap-xa/")
    assert page.locator("#dti-ranking tbody tr").count() == 63
    note = page.locator("noscript + *, .dti-note", has_text="tắt JavaScript").first
    assert note.is_visible() and "sắp xếp theo cột" in note.inner_text().lower() and "xếp theo thứ hạng" in note.inner_text()
    assert not page.get_by_text("Bấm vào tiêu đề cột để sắp xếp").is_visible()
    assert not page.locator("#dti-district").is_visible()
    map_table = page.locator(".dti-map details table")
    assert map_table.is_visible() and map_table.locator("tbody tr a").count() == 63  # every unit reachable without the map
    assert not page.locator(".dti-map .dti-chart").is_visible()
    page.screenshot(path=str(artifacts / f"no-script-ranking-{name}.png"))
    page.goto(base_url + "don-vi/xa-tan-hoa/2024/")
    for figure in page.locator("figure.dti-figure").all():
        assert not figure.locator(".dti-chart").is_visible()  # no empty box
        assert figure.locator("details table tbody tr").first.is_visible()  # the chart's table in its place
    context.close()


def test_with_javascript_each_charts_table_waits_behind_its_summary(browser, base_url):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    goto_settled(page, base_url + "don-vi/xa-tan-hoa/2024/")
    for figure in page.locator("figure.dti-figure").all():
        assert figure.locator(".dti-chart svg").count() >= 1
        assert not figure.locator("details table").is_visible()
    summary = page.locator("figure.dti-figure details summary").first
    summary.click()
    assert page.locator("figure.dti-figure details table").first.is_visible()
    assert page.get_by_text("Bấm vào tiêu đề cột để sắp xếp").count() == 0
    goto_settled(page, base_url + "xep-hang/2024/cap-xa/")
    assert page.get_by_text("Bấm vào tiêu đề cột để sắp xếp").is_visible()
    context.close()
