"""The site as its users meet it: a citizen on a phone, a journalist reading the numbers, an official
printing a scorecard, someone comparing units. Each test would have caught a stumble found by trying the
site that way; figures are checked against the open data, orders against Vietnamese collation.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from generator.text import sort_key

from .conftest import reused_tab
from .helpers import goto_settled

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, tabs):
    with reused_tab(tabs, browser, "ux-phone", **PHONE) as page:
        yield page


@pytest.fixture
def desk(browser, tabs):
    with reused_tab(tabs, browser, "ux-desk", viewport={"width": 1280, "height": 900}) as page:
        yield page


def results(built_site, year):
    return list(csv.DictReader(io.StringIO((built_site / "data" / str(year) / "results.csv").read_text(encoding="utf-8"))))


# --------------------------------------------------------------------------- phones


def test_on_a_phone_the_ranking_keeps_the_unit_and_its_dti_in_view(phone, base_url):
    goto_settled(phone, base_url + "xep-hang/2024/cap-xa/")
    first = phone.locator("#dti-ranking tbody tr").first
    name, dti = first.locator("th"), first.locator("td").nth(1)
    assert dti.inner_text().endswith("%")
    box = dti.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box  # DTI % on screen without scrolling
    phone.eval_on_selector("#dti-ranking", "t => t.closest('.dti-table-wrap').scrollLeft = 5000")
    phone.wait_for_function("() => { const w = document.querySelector('#dti-ranking').closest('.dti-table-wrap'); return w.scrollLeft > 0 && w.scrollLeft >= w.scrollWidth - w.clientWidth - 1; }")
    box = name.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375  # the name stays while the other columns scroll
    assert first.locator("td").last.bounding_box()["x"] < 375  # the main-index columns are reachable


def test_on_a_phone_a_scorecard_shows_every_figure_of_an_indicator(phone, base_url):
    goto_settled(phone, base_url + "don-vi/xa-tan-hoa/2024/")
    row = phone.locator("table.dti-indicators tbody tr:not(.dti-parent)").first
    for label in ("Điểm tự đánh giá", "Điểm thẩm định", "Điểm chưa đạt"):
        cell = row.locator(f'td[data-label="{label}"]')
        box = cell.bounding_box()
        assert box and box["x"] + box["width"] <= 375, label
        assert cell.evaluate("e => getComputedStyle(e, '::before').content") == f'"{label}"'  # the figure is labelled
    assert row.locator("th").bounding_box()["width"] > 250  # a name is not wrapped a word per line
    legend = phone.locator("#bieu-do-chi-so-chinh svg").inner_html()
    assert "Cao nhất cùng loại" in legend
    label = phone.locator("#bieu-do-chi-so-chinh svg text", has_text="Cao nhất cùng loại").first.bounding_box()
    assert label["x"] + label["width"] <= 375
    years = phone.locator("table.dti-history tbody th")
    assert all(re.fullmatch(r"\d{4}", t) for t in years.all_inner_texts())
    one_line = "e => { const r = document.createRange(); r.selectNodeContents(e.querySelector('a')); return r.getClientRects().length; }"
    assert [years.nth(i).evaluate(one_line) for i in range(years.count())] == [1] * years.count()  # «2024», never «202/4»


def test_year_and_type_switches_are_big_enough_to_touch(phone, base_url):
    goto_settled(phone, base_url + "xep-hang/2024/cap-xa/")
    links = phone.locator(".dti-switch a")
    assert links.count() >= 6
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, links.nth(i).inner_text()


def test_the_header_title_is_not_cut_on_a_phone(phone, base_url):
    goto_settled(phone, base_url)
    title = phone.locator(".md-header__title .md-header__topic").first.locator(".md-ellipsis")
    assert title.inner_text().strip() == "Chỉ số chuyển đổi số — Tỉnh Minh Họa"
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1")


# --------------------------------------------------------------------------- reading the numbers


def test_bands_have_colours_a_legend_and_always_their_words(desk, base_url, built_site):
    goto_settled(desk, base_url + "xep-hang/2024/cap-xa/")
    legend = desk.locator(".dti-band-legend")
    assert [b.strip() for b in legend.locator(".dti-band").all_inner_texts()] == ["Tốt", "Khá", "Trung bình", "Yếu"]
    expected = {r["unit_name"]: r["band"] for r in results(built_site, 2024) if r["unit_type"] == "commune" and r["rank"]}
    rows = desk.locator("#dti-ranking tbody tr")
    colours = {}
    for i in range(rows.count()):
        badge = rows.nth(i).locator(".dti-band")
        assert badge.inner_text() == expected[rows.nth(i).locator("th").inner_text()]
        colours.setdefault(badge.inner_text(), set()).add(badge.evaluate("e => getComputedStyle(e).backgroundColor"))
    assert all(len(c) == 1 for c in colours.values()) and len({next(iter(c)) for c in colours.values()}) == len(colours)


def test_home_says_assessed_and_ranked_and_marks_unranked_units_in_the_chart(desk, base_url, built_site):
    goto_settled(desk, base_url)
    # the departments without procedures, a group of 2025 holding a unit assessed but not ranked
    rows = [r for r in results(built_site, 2025) if r["group_id"] == "so-khong-tthc"]
    ranked = sum(1 for r in rows if r["rank"])
    assert ranked < len(rows)
    card = desk.locator(".dti-card", has_text="Sở, ban, ngành không có thủ tục hành chính")
    assert f"{len(rows)} đơn vị được đánh giá, {ranked} được xếp hạng" in card.inner_text()
    desk.locator("#bieu-do-phan-bo-dti svg").wait_for()
    assert "Không xếp hạng" in desk.locator("#bieu-do-phan-bo-dti svg").inner_html()
    triangles = desk.locator("#bieu-do-phan-bo-dti svg path[aria-roledescription='point']").evaluate_all(
        "ps => ps.filter(p => (p.getAttribute('aria-label') || '').includes('Không xếp hạng')).length"
    )
    assert triangles == sum(1 for r in results(built_site, 2025) if not r["rank"])


def test_official_terms_on_the_scorecard(desk, base_url):
    goto_settled(desk, base_url + "don-vi/xa-tan-hoa/2024/")
    headers = desk.locator("table.dti-indicators").first.locator("thead th").all_inner_texts()
    assert {"Điểm tự đánh giá", "Điểm thẩm định", "Điểm chưa đạt"} <= set(headers)
    assert "Tự chấm" not in desk.inner_text("main") and "Mất" not in headers


def test_indicator_pages_list_the_decision_line_by_line_and_units_in_vietnamese_order(desk, base_url):
    goto_settled(desk, base_url + "bo-chi-so/gia-lai-ia-dom-2024-xa/1.1/")
    lines = desk.locator(".dti-quote .dti-line").all_inner_texts()
    assert len(lines) >= 3 and all(line.startswith("-") for line in lines)
    names = desk.locator("#dti-indicator-units tbody th").all_inner_texts()
    assert names == sorted(names, key=sort_key) and len(names) > 60
    header = desk.locator("#dti-indicator-units thead th").nth(1).bounding_box()
    cell = desk.locator("#dti-indicator-units tbody tr").first.locator("td").first.bounding_box()
    assert abs((header["x"] + header["width"]) - (cell["x"] + cell["width"])) < 2  # year heads right-aligned like numbers


def test_every_list_and_drop_down_is_in_vietnamese_order(desk, base_url):
    goto_settled(desk, base_url + "xep-hang/2024/cap-xa/")
    districts = desk.locator("#dti-district option").all_inner_texts()[1:]
    assert districts == sorted(districts, key=sort_key)
    assert districts.index("Huyện Bắc Thủy") < districts.index("Huyện Bình Sơn")
    goto_settled(desk, base_url + "so-sanh/?nam=2024&loai=department")
    desk.wait_for_function("document.querySelectorAll('#dti-compare-unit-1 option').length > 10")
    units = desk.locator("#dti-compare-unit-1 option").all_inner_texts()[1:]
    assert units == sorted(units, key=sort_key)
    assert units.index("Sở Kế hoạch và Đầu tư") < units.index("Sở Khoa học và Công nghệ")


def test_methodology_states_bands_once_and_dates_one_way(desk, base_url):
    goto_settled(desk, base_url + "bo-chi-so/hai-duong-2405-2024-so/")
    text = desk.inner_text("article")
    assert text.count("Tốt (từ 90") == 1 and "các năm 2022, 2023, 2024, 2025" in text
    dates = re.findall(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text)
    assert dates and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in dates), dates
    assert "Ghi chú về văn bản nguồn" in text


# --------------------------------------------------------------------------- print


def test_a_printed_scorecard_looks_official_on_page_one(browser, base_url):
    context = browser.new_context(viewport={"width": 703, "height": 1032})
    page = context.new_page()
    goto_settled(page, base_url + "don-vi/xa-tan-hoa/2024/")
    page.emulate_media(media="print")
    head = page.locator(".dti-print-head")
    assert head.is_visible()
    text = head.inner_text()
    assert "Tỉnh Minh Họa" in text and "Quyết định số 655/QĐ-UBND ngày 21/03/2025" in text and "Bản xem trước" in text
    assert page.url.split("#")[0] in text and re.search(r"In ngày \d{2}/\d{2}/\d{4}", text)
    top_of_head = head.bounding_box()["y"]
    assert top_of_head < page.locator("h1").bounding_box()["y"]  # the official line comes first
    assert top_of_head + head.bounding_box()["height"] < 1032
    for selector in ("h2", "h3"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
    body = page.locator("section.dti-details > p").first.evaluate("e => getComputedStyle(e).fontSize")
    table = page.locator("table.dti-indicators td").first.evaluate("e => getComputedStyle(e).fontSize")
    assert table == body
    page.emulate_media(media="screen")
    assert not head.is_visible()
    context.close()


# --------------------------------------------------------------------------- compare


def test_compare_shows_median_and_best_marks_differences_and_draws_a_chart(desk, base_url, built_site):
    goto_settled(desk, base_url + "so-sanh/?nam=2024&loai=commune&don-vi=xa-tan-hoa,xa-quang-thanh,phuong-ha-loi")
    desk.locator("#dti-compare-result svg").first.wait_for(timeout=5000)
    rows = {r.split("\t")[0]: r.split("\t")[1:] for r in desk.locator("#dti-compare-result tbody tr").all_inner_texts()}
    dti = rows["Chỉ số DTI (%)"]
    percents = {r["unit_id"]: r["percent"] for r in results(built_site, 2024)}
    assert [re.sub(r"[^\d,]", "", v) for v in dti[:3]] == [percents[u].replace(".", ",") for u in ("xa-tan-hoa", "xa-quang-thanh", "phuong-ha-loi")]
    communes = sorted(float(r["percent"]) for r in results(built_site, 2024) if r["unit_type"] == "commune")
    assert dti[4].replace(",", ".") == f"{max(communes):.2f}"
    best = desk.locator("#dti-compare-result tbody tr").nth(1).locator("td.dti-best")
    assert best.count() == 1 and "cao nhất trong các đơn vị đã chọn" in best.inner_text()
    assert desk.locator("#dti-compare-result td.dti-below").count() > 0
    assert "dưới trung vị" in desk.locator("#dti-compare-result td.dti-below").first.inner_text()


def test_compare_keeps_all_chosen_units_in_view_on_a_phone(phone, base_url):
    goto_settled(phone, base_url + "so-sanh/?nam=2024&loai=commune&don-vi=xa-tan-hoa,xa-quang-thanh,phuong-ha-loi,xa-minh-ha")
    phone.locator("#dti-compare-result tbody tr").first.wait_for()
    row = phone.locator("#dti-compare-result tbody tr").nth(1)
    cells = row.locator("td")
    assert cells.count() == 6
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
