"""The map of DTI % by unit, on the demo site as a person uses it (served under a sub-path, in Chromium),
and what it costs a page.

One screenshot of each map, on a desktop and on a phone, is kept in tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from generator.numeric import vi_number

from .helpers import serious_accessibility_problems, wait_until_settled, watched_tab

MAPS = {  # page → (year, unit type, open-data unit_type)
    "home": ("", 2025, "commune"),
    "ranking": ("xep-hang/2024/cap-xa/", 2024, "commune"),
    "ranking-districts": ("xep-hang/2023/cap-huyen/", 2023, "district"),
}
SHAPES = ".dti-map svg g.dti_units_marks > path"


@pytest.fixture
def page(browser, tabs, base_url):
    with watched_tab(tabs, browser, base_url) as page:
        yield page


def draw(page, base_url, name):
    response = page.goto(base_url + MAPS[name][0], wait_until="networkidle")
    assert response.ok
    page.locator(SHAPES).first.wait_for(state="attached", timeout=10000)
    return page


def results(site, year, unit_type):
    text = (site / "data" / str(year) / "results.csv").read_text(encoding="utf-8")
    return [r for r in csv.DictReader(io.StringIO(text)) if r["unit_type"] == unit_type]


def shown(percent: str) -> str:
    return f"{vi_number(Decimal(percent))} %"


@pytest.mark.browser
@pytest.mark.parametrize("name", list(MAPS))
def test_the_map_draws_one_shape_per_unit_with_no_error_and_nothing_from_outside(page, base_url, built_site, artifacts, name):
    _, year, unit_type = MAPS[name]
    draw(page, base_url, name)
    rows = results(built_site, year, unit_type)
    shapes = json.loads((built_site / "data" / str(year) / f"ban-do-{'cap-xa' if unit_type == 'commune' else 'cap-huyen'}.geojson").read_text(encoding="utf-8"))
    assert len(shapes["features"]) == len(rows) > 10
    assert page.locator(SHAPES).count() == len(rows)
    box = page.locator(".dti-map svg").first.bounding_box()
    for i in range(0, len(rows), 7):  # each shape is a region of the map, not the whole world
        shape = page.locator(SHAPES).nth(i).bounding_box()
        assert 0 < shape["width"] < box["width"] / 3 and 0 < shape["height"] < box["height"] / 2
    page.locator(".dti-map").first.screenshot(path=str(artifacts / f"map-{name}.png"))
    assert page.problems == [] and page.outside == [], (page.problems, page.outside)


@pytest.mark.browser
@pytest.mark.parametrize("name", list(MAPS))
def test_the_text_alternative_gives_the_open_data_numbers_and_links_every_unit(page, base_url, built_site, name):
    _, year, unit_type = MAPS[name]
    draw(page, base_url, name)
    figure = page.locator(".dti-map").first
    rows = {r["unit_name"]: r for r in results(built_site, year, unit_type)}
    table = figure.locator("details table tbody tr")
    assert table.count() == len(rows)
    headers = figure.locator("details table thead th").all_text_contents()
    dti, rank = headers.index("Chỉ số DTI"), headers.index("Thứ hạng")
    for i in range(table.count()):
        cells = table.nth(i).locator("th, td").all_text_contents()
        row = rows[cells[0]]
        assert cells[dti] == shown(row["percent"]) and cells[rank] == (row["rank"] or "không xếp hạng")
        assert cells[-1] == "có"
        href = table.nth(i).locator("th a").get_attribute("href")
        assert href.endswith(f"don-vi/{row['unit_id']}/{year}/") and not href.startswith(("/", "http"))
    best = min((r for r in rows.values() if r["rank"]), key=lambda r: int(r["rank"]))
    sentence = figure.locator("figcaption").inner_text()
    assert f"Cao nhất: {best['unit_name']} ({shown(best['percent'])}, hạng 1)" in sentence
    assert figure.locator(".dti-chart").get_attribute("aria-label") == sentence
    assert "màu càng đậm, chỉ số càng cao" in sentence


PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


def shape_of(page, name):
    shape = page.locator(f"{SHAPES}[aria-label*='Đơn vị: {name};']")
    assert shape.count() == 1, name
    shape.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    return shape


def point_in(shape, page):
    """A point of the shape that is the shape's own (not under a name or rank written on it)."""
    box = shape.bounding_box()
    for fx, fy in [(0.25, 0.5), (0.75, 0.5)] + [(i / 6, j / 6) for j in range(1, 6) for i in range(1, 6)]:
        x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
        if shape.evaluate(f"e => document.elementFromPoint({x}, {y}) === e"):
            return x, y
    raise AssertionError("no point of the shape is free")


@pytest.mark.browser
@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("name", ["home", "ranking"])
def test_a_tap_shows_name_dti_and_rank_and_a_second_tap_opens_the_scorecard(browser, base_url, built_site, artifacts, name, screen):
    _, year, unit_type = MAPS[name]
    context = browser.new_context(**(PHONE if screen == "phone" else DESKTOP))
    page = context.new_page()
    draw(page, base_url, name)
    wait_until_settled(page)
    row = sorted(results(built_site, year, unit_type), key=lambda r: r["unit_id"])[3]
    shape = shape_of(page, row["unit_name"])
    x, y = point_in(shape, page)
    tap = page.touchscreen.tap if screen == "phone" else page.mouse.click
    tap(x, y)
    label = page.locator(".dti-map-label").first
    label.wait_for(state="visible", timeout=5000)
    text = label.inner_text()
    ranked = sum(1 for r in results(built_site, year, unit_type) if r["rank"])
    assert row["unit_name"] in text and f"DTI {shown(row['percent'])}" in text
    assert (f"hạng {row['rank']}/{ranked}" if row["rank"] else "không xếp hạng") in text
    assert shape.get_attribute("stroke") == "#d84315"  # the unit shown is outlined
    assert page.url.startswith(base_url + MAPS[name][0]) and "don-vi" not in page.url  # the first tap opens nothing
    box = label.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    page.screenshot(path=str(artifacts / f"map-label-{name}-{screen}.png"))
    with page.expect_navigation():
        tap(x, y)
    assert page.url == f"{base_url}don-vi/{row['unit_id']}/{year}/"
    assert row["unit_name"] in page.inner_text("h1")
    context.close()


@pytest.mark.browser
def test_the_label_link_opens_the_scorecard_and_a_hover_still_shows_the_tooltip(page, base_url, built_site):
    draw(page, base_url, "ranking")
    wait_until_settled(page)
    row = sorted(results(built_site, 2024, "commune"), key=lambda r: r["unit_id"])[5]
    shape = shape_of(page, row["unit_name"])
    x, y = point_in(shape, page)
    page.mouse.move(x, y)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert row["unit_name"] in tooltip.inner_text() and shown(row["percent"]) in tooltip.inner_text()
    page.mouse.click(x, y)
    link = page.locator(".dti-map-label a")
    assert link.inner_text() == "Mở bảng điểm"
    with page.expect_navigation():
        link.click()
    assert page.url == f"{base_url}don-vi/{row['unit_id']}/2024/"
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_names_are_written_where_they_fit_and_ranks_where_they_do_not(browser, base_url, built_site, artifacts, screen):
    context = browser.new_context(**(PHONE if screen == "phone" else DESKTOP))
    page = context.new_page()
    draw(page, base_url, "ranking")
    wait_until_settled(page)
    shapes = {re.search(r"Đơn vị: ([^;]+);", s.get_attribute("aria-label")).group(1): s.bounding_box() for s in page.locator(SHAPES).all()}
    names = [t for t in page.locator(".dti-map svg g.dti_names_marks > text").all() if t.get_attribute("opacity") != "0"]
    ranks = [t for t in page.locator(".dti-map svg g.dti_ranks_marks > text").all() if t.get_attribute("opacity") != "0"]
    for t in names:
        unit = re.search(r"Đơn vị: ([^;]+);", t.get_attribute("aria-label")).group(1)
        box, shape = t.bounding_box(), shapes[unit]
        assert unit.endswith(t.text_content()) and shape["x"] <= box["x"] and box["x"] + box["width"] <= shape["x"] + shape["width"], unit
    assert len(names) + len(ranks) == len(shapes)  # each shape shows one of the two
    if screen == "desktop":
        assert len(names) >= 0.8 * len(shapes)  # names on a 1366-px screen
    else:
        assert len(ranks) >= 0.8 * len(shapes)  # a phone's hexagons hold a rank, not a name
    page.locator(".dti-map").first.screenshot(path=str(artifacts / f"map-names-{screen}.png"))
    context.close()


@pytest.mark.browser
def test_the_box_above_the_map_highlights_units_by_name_typed_with_or_without_marks(page, base_url, built_site):
    draw(page, base_url, "ranking")
    wait_until_settled(page)
    box = page.locator("#ban-do-cap-xa-2024-tim")
    assert box.is_visible() and box.bounding_box()["y"] < page.locator(".dti-map svg").first.bounding_box()["y"]
    rows = results(built_site, 2024, "commune")
    box.fill("phuong")
    found = page.locator(".dti-map-found").first
    wards = [r for r in rows if r["unit_name"].startswith("Phường")]
    page.wait_for_function("document.querySelector('.dti-map-found').textContent.length > 0")
    assert found.inner_text().startswith(f"{len(wards)} đơn vị có tên chứa «phuong»")
    dimmed = [s for s in page.locator(SHAPES).all() if s.get_attribute("fill-opacity") == "0.2"]
    assert len(dimmed) == len(rows) - len(wards)
    one = sorted(rows, key=lambda r: r["unit_id"])[7]
    box.fill(one["unit_name"].split(" ", 1)[1].lower())
    page.wait_for_function("document.querySelector('.dti-map-label') && !document.querySelector('.dti-map-label').hidden")
    assert one["unit_name"] in page.locator(".dti-map-label").first.inner_text()
    box.fill("khong co ten nay")
    assert "Không có đơn vị nào" in found.inner_text()
    box.fill("")
    assert page.locator(f"{SHAPES}[fill-opacity='0.2']").count() == 0
    assert page.problems == []


@pytest.mark.browser
def test_the_table_under_the_map_opens_a_scorecard_from_the_keyboard(page, base_url, built_site):
    draw(page, base_url, "ranking")
    figure = page.locator(".dti-map").first
    figure.locator("details summary").focus()
    page.keyboard.press("Enter")
    link = figure.locator("details table tbody tr").first.locator("a")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/don-vi/[a-z0-9-]+/2024/$", page.url)


@pytest.mark.browser
def test_the_commune_map_outlines_its_districts_and_the_legend_reads_dti(page, base_url):
    draw(page, base_url, "ranking")
    assert page.locator(".dti-map svg g.dti_districts_marks > path").count() == 12
    assert page.locator(".dti-map svg g.dti_ranks_marks > text").count() == page.locator(SHAPES).count()
    assert page.locator(".dti-map svg .role-legend-title").all_text_contents() == ["Chỉ số DTI (%)"]
    labels = [int(t) for t in page.locator(".dti-map svg .role-legend-label text").all_text_contents()]
    steps = {b - a for a, b in zip(labels, labels[1:])}
    assert len(steps) == 1 and steps <= {10, 20} and labels[-1] == 100 and len(labels) >= 4  # even steps up to 100


@pytest.mark.browser
def test_a_phone_shows_the_whole_map_without_sideways_scrolling(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    for name in ("home", "ranking"):
        draw(page, base_url, name)
        wait_until_settled(page)
        figure = page.locator(".dti-map").first
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(artifacts / f"phone-map-{name}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        svg = page.locator(".dti-map svg").first.bounding_box()
        assert svg["x"] >= 0 and svg["x"] + svg["width"] <= 375
        assert 250 <= svg["height"] <= 600, svg  # sized to the province, not a fixed tall box
    context.close()


@pytest.mark.browser
def test_no_serious_accessibility_problem_on_the_district_map(page, base_url):
    """The home page's and the commune ranking's maps are checked by axe with the rest of their pages, once
    drawn (tests/test_browser.py); the district map is on the district rankings only."""
    draw(page, base_url, "ranking-districts")
    assert serious_accessibility_problems(page) == []


def test_the_shapes_are_a_file_beside_the_data_not_part_of_any_page(built_site):
    """Pages hold one short record per unit; the geometry is fetched by the map from its own file."""
    pages = {p: p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}
    with_map = [p.relative_to(built_site).as_posix() for p, text in pages.items() if 'class="dti-figure dti-map"' in text]
    assert "index.html" in with_map and "xep-hang/2024/cap-xa/index.html" in with_map
    assert all(p == "index.html" or re.fullmatch(r"xep-hang/\d{4}/cap-(xa|huyen)/index\.html", p) for p in with_map), with_map
    assert not any('"coordinates"' in text for text in pages.values())
    geometry = (built_site / "data" / "2024" / "ban-do-cap-xa.geojson").read_text(encoding="utf-8")
    assert '"coordinates"' in geometry and "../../../data/2024/ban-do-cap-xa.geojson" in pages[built_site / "xep-hang/2024/cap-xa/index.html"]


def test_a_province_of_600_communes_adds_a_file_not_megabytes_to_its_pages(tmp_path):
    """Each page with a map holds the chart and one short record and table row per unit; the shapes of all
    600 communes are one file beside the data that the map fetches, and other pages carry nothing of them."""
    from generator.demo import _grid_path, _hexagon
    from generator.pages import site_content
    from generator.validate import validate

    from .helpers import SMALL_FRAMEWORK, SMALL_INPUTS, unit_inputs, write_edition, write_framework

    count = 600
    units = [dict(id=f"xa-{i:03d}", name=f"Xã Số {i:03d}", type="commune") for i in range(count)]
    inputs = [row for i in range(count) for row in unit_inputs(f"xa-{i:03d}", "có" if i % 3 else "không", (i % 10 + 1, 10), (i % 7 + 3, 10), i % 50 + 1)]
    write_framework(tmp_path / "frameworks" / "t", SMALL_FRAMEWORK, SMALL_INPUTS)
    folder = write_edition(tmp_path / "2024", 2024, {"commune": "t"}, units, inputs)
    places = _grid_path(count)
    rows = 1 + max(r for _, r in places)
    features = [
        {"type": "Feature", "properties": {"unit_id": u["id"]}, "geometry": {"type": "Polygon", "coordinates": [[[106 + x / 100, 20 + y / 100] for x, y in _hexagon(c, r, rows)]]}}
        for u, (c, r) in zip(units, places)
    ]
    (folder / "boundaries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "boundaries", "path": "boundaries.geojson"})
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    dataset, report = validate(tmp_path)
    assert report.ok, [str(i) for i in report.errors]

    pages, files = site_content(dataset)
    shapes = files["data/2024/ban-do-cap-xa.geojson"]
    assert len(json.loads(shapes)["features"]) == count and len(shapes) > 100_000
    by_path = {p.path: p.html for p in pages}
    for path in ("index.md", "xep-hang/2024/cap-xa.md"):
        html = by_path[path]
        figure = re.search(r'<figure class="dti-figure dti-map".*?</figure>', html, re.S).group(0)
        assert '"coordinates"' not in html and len(figure.encode()) < 450 * count, (path, len(figure))
        spec = json.loads(re.search(r'<script type="application/json" id="ban-do-cap-xa-2024-spec">(.*?)</script>', html, re.S).group(1))
        assert "layer" not in spec or all(part.get("mark", {}).get("type") != "text" for part in spec["layer"])  # ranks are not written on 600 shapes
    assert sum('class="dti-figure dti-map"' in html for html in by_path.values()) == 2
