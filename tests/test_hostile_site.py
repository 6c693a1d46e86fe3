"""A site built from a hostile package: no script runs, no dialog opens, no dangerous link appears.

Every text field of the data that reaches a page carries markup that would run script if it were printed
unescaped (in the body, the <title>, the header, the navigation, attributes, chart data, the embed, search
results), and every URL field carries a link a browser would run or that leads somewhere else than it
says. The site is served over HTTP and each page type is opened in Chromium, on screen and as printed.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import QuietHandler, build_quietly
from .helpers import NEXT_FRAMES, SMALL_FRAMEWORK, SMALL_INPUTS, goto_settled, wait_until_settled, write_edition, write_framework
from .helpers import unit_inputs as small_unit_inputs

PAYLOAD = """<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'&<svg/onload=window.__xss=1>{{7*7}}"""


def hostile(field: str) -> str:
    return f"{field} {PAYLOAD}"


URLS = [
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1",
    "data:text/html,<script>window.__xss=1</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http://user:pass@evil.example/x",
    "http://portal.gov.vn@evil.example/",
    'https://example.org/"><script>window.__xss=1</script>',
    "\\\\may-chu\\tai-lieu.pdf",
]


def framework_rows(prefix: str):
    """The small index set of tests/helpers.py with 1.1 scored by levels (so level labels are shown), every
    name, meaning and unit hostile, hostile texts in the other columns a reader sees, and two texts a
    spreadsheet would take for a formula or a number (2.1)."""
    levels = dict(rule="levels", formula="muc", options="cao: 1; thap: 1/2; khong: 0")
    texts = {
        "1": dict(agency=hostile("agency"), method=hostile("method")),
        "1.1": dict(levels, agency=hostile("agency"), responsible=hostile("responsible"), evidence=hostile("evidence"), method=hostile("method"), note=hostile("note")),
        "1.2": dict(method=hostile("method")),
        "2.1": dict(agency="+84 " + hostile("agency")),
    }
    rows = [dict(r, name=("@SUM(A1) " if r["id"] == "2.1" else "") + hostile(f"{prefix} {r['id']}"), **texts.get(r["id"], {})) for r in SMALL_FRAMEWORK]
    level = dict(indicator_id="1.1", name="muc", type="level", meaning=hostile("meaning"), labels=f"cao: {hostile('label cao')}; thap: {hostile('label thap')}; khong: Không")
    with_unit = {("1.2", "a"), ("2.2", "x")}
    inputs = [level] + [
        dict(i, meaning=hostile(f"meaning {i['name']}"), **({"unit": hostile("unit")} if (i["indicator_id"], i["name"]) in with_unit else {}))
        for i in SMALL_INPUTS if i["indicator_id"] != "1.1"
    ]
    return rows, inputs


def unit_inputs(uid, level, r12, r21, x, appraised=""):
    """One unit's rows for :func:`framework_rows`: SMALL_FRAMEWORK's, with 1.1 a level and the council's figure for 1.2's «a»."""
    rows = small_unit_inputs(uid, level, r12, r21, x)
    for row in rows:
        if row["indicator_id"] == "1.1":
            row["input"] = "muc"
        elif (row["indicator_id"], row["input"]) == ("1.2", "a"):
            row["appraised_value"] = appraised
    return rows


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    for fid, unit_type in (("xa", "commune"), ("huyen", "district")):
        rows, inputs = framework_rows(fid)
        folder = write_framework(data / "frameworks" / fid, rows, inputs, unit_type=unit_type)
        _edit_json(folder / "datapackage.json", lambda d: (
            d.update(title=hostile("framework title")),
            d["dti"]["legal_basis"].update(document=hostile("document"), issuer=hostile("issuer"), part=hostile("part"), replaces=hostile("replaces")),
            d["dti"].update(notes=[hostile("framework note")]),
        ))
    for year in (2023, 2024):
        units = [
            dict(id="huyen-a", name=hostile("district A"), type="district"),
            dict(id="huyen-b", name=hostile("district B"), type="district", not_ranked="có", not_ranked_reason=hostile("not ranked reason")),
            dict(id="xa-a", name=hostile("commune A"), type="commune", parent="huyen-a"),
            dict(id="xa-b", name="=HYPERLINK(\"http://evil.example\")" + hostile(" commune B"), type="commune", parent="huyen-a"),
            dict(id="xa-c", name=hostile("commune C"), type="commune", parent="huyen-b", not_ranked="có", not_ranked_reason=hostile("reason")),
        ]
        inputs = (
            unit_inputs("huyen-a", "cao", (9, 10), (8, 10), 50) + unit_inputs("huyen-b", "thap", (5, 10), (4, 10), 10)
            + unit_inputs("xa-a", "cao", (9, 10), (8, 10), 40, appraised="8") + unit_inputs("xa-b", "khong", (3, 10), (7, 10), 20)
            + unit_inputs("xa-c", "thap", (6, 10), (2, 10), 30)
        )
        assessments = [dict(unit_id="xa-a", indicator_id="1.2", self_score=9, note=hostile("council note")),
                       dict(unit_id="xa-b", indicator_id="2.1", not_evaluated="có", note=hostile("not evaluated note"))]
        evidence = [dict(unit_id="xa-a", indicator_id=iid, title=hostile(f"evidence {n}"), url=url)
                    for n, (iid, url) in enumerate(zip(["1.1", "1.2", "2.1", "2.2", "1.1", "1.2", "2.1", "2.2", "1.1", "1.2"], URLS))]
        evidence.append(dict(unit_id="xa-b", indicator_id="1.1", title=hostile("good evidence"), url="https://example.org/tai-lieu.pdf"))
        bands = [{"label": hostile("band good"), "min_percent": 70}, {"label": hostile("band weak"), "min_percent": 0}]
        folder = write_edition(data / str(year), year, {"commune": "xa", "district": "huyen"}, units, inputs, assessments, evidence, bands)
        _edit_json(folder / "datapackage.json", lambda d: (
            d.update(title=hostile("package title"), licenses=[{"name": hostile("licence"), "title": hostile("licence title"), "path": "javascript:window.__xss=1"}]),
            d["dti"].update(province=hostile("province")),
            d["dti"]["publication"].update(decision=hostile("decision")),
            d["resources"].append({"name": "boundaries", "path": "boundaries.geojson", "title": hostile("boundaries title")}),
        ))
        (folder / "boundaries.geojson").write_text(json.dumps(BOUNDARIES), encoding="utf-8")
    site = root / "dti"
    report = build_quietly(data, site)
    assert report.ok, [str(i) for i in report.errors]
    return site


def _edit_json(path: Path, change) -> None:
    import json

    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    handler = functools.partial(QuietHandler, directory=str(hostile_site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/dti/"
    server.shutdown()


def _square(x: int, y: int, size: int = 1) -> list:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


# Shapes for the map: two communes and both districts (commune C has none and is listed as such); every
# feature also carries the hostile text, as a GeoJSON from elsewhere might.
BOUNDARIES = {
    "type": "FeatureCollection",
    "name": PAYLOAD,
    "features": [
        {"type": "Feature", "properties": {"unit_id": uid, "name": PAYLOAD}, "geometry": {"type": "Polygon", "coordinates": ring}}
        for uid, ring in (("xa-a", _square(0, 0)), ("xa-b", _square(1, 0)), ("huyen-a", _square(0, 0)), ("huyen-b", _square(0, 1, 2)))
    ],
}

PAGES = {
    "home": "",
    "ranking": "xep-hang/2024/cap-xa/",
    "ranking-districts": "xep-hang/2024/cap-huyen/",
    "main-index-ranking": "xep-hang/2024/cap-xa/chi-so-1/",
    "scorecard": "don-vi/xa-a/2024/",
    "scorecard-not-ranked": "don-vi/xa-c/2024/",
    "scorecard-district": "don-vi/huyen-b/2023/",
    "indicator": "bo-chi-so/xa/1.1/",
    "indicator-parent": "bo-chi-so/xa/1/",
    "methodology": "bo-chi-so/xa/",
    "compare": "so-sanh/?nam=2024&loai=commune&don-vi=xa-a,xa-b,xa-c",
    "downloads": "du-lieu-mo/",
    "search": "tim-kiem/?q=commune",
    "embed": "nhung/2024/cap-xa/",
    "about": "gioi-thieu/",
    "not-found": "khong-co-trang-nay/",
}
TITLED_BY_DATA = {"home", "scorecard", "scorecard-not-ranked", "scorecard-district", "indicator", "indicator-parent", "methodology"}
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")

ALL_LINKS = """() => Array.from(document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\\\:href]'))
  .flatMap(el => ['href', 'src', 'action', 'formaction', 'xlink:href'].filter(a => el.hasAttribute(a)).map(a => [el.tagName, a, el.getAttribute(a)]))"""


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_no_script_runs_and_no_dangerous_link_on_any_page(browser, hostile_url, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(hostile_url + PAGES[name], wait_until="networkidle")
        wait_until_settled(page)
        for mark in page.locator(".dti-chart svg path").all()[:6]:  # tooltips show names from the data
            try:
                mark.hover(timeout=500, force=True)
            except Exception:  # noqa: BLE001 - a mark out of view is not a failure of escaping
                pass
        if name == "search":  # results carry the hostile names, and search for them again by typing
            page.locator("#dti-search-results .dti-result").first.wait_for(timeout=10000)
            results = page.inner_text("#dti-search-results")
            assert "commune A <script>window.__xss=1</script>" in results and "{{7*7}}" in results
            page.fill("#dti-search-input", "<script>window.__xss=1</script>")
            page.wait_for_function("document.getElementById('dti-search-status').textContent.includes('<script>')")
            page.fill("#dti-search-input", "commune")
            page.wait_for_function("document.getElementById('dti-search-status').textContent.includes('«commune»')")
            assert page.locator("#dti-search-results a.dti-result-title").count() >= 3
        page.emulate_media(media="print")
        page.wait_for_function("matchMedia('print').matches")
        page.evaluate(NEXT_FRAMES)  # what the change to print sets off has run
        assert page.evaluate("window.__xss") is None, f"script from the data ran on {name}"
        assert dialogs == []
        for tag, attribute, value in page.evaluate(ALL_LINKS):
            scheme = SCHEME.match(value)
            assert scheme is None or scheme.group(1).lower() in ("http", "https"), (name, tag, attribute, value)
            assert "evil.example" not in value.split("//", 1)[-1].split("/", 1)[0] or "@" not in value, value
        if name not in ("about", "not-found", "search"):
            body = page.inner_text("body")
            assert "<script>window.__xss=1</script>" in body and "{{7*7}}" in body, "the data's text must be shown as it is"
        if name in TITLED_BY_DATA:
            assert "<script>window.__xss=1</script>" in page.title()
            assert "<script>window.__xss=1</script>" in page.inner_text("h1")
    finally:
        context.close()


@pytest.mark.browser
def test_credentials_in_evidence_links_are_dropped_and_the_real_host_named(browser, hostile_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_url + PAGES["scorecard"], wait_until="networkidle")
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('.dti-evidence a')).map(a => a.getAttribute('href'))")
    assert "http://evil.example/x" in hrefs and "http://evil.example/" in hrefs
    assert not [h for h in hrefs if "@" in h or "user:pass" in h]
    text = page.inner_text(".dti-evidence >> nth=0")
    assert "evil.example" in page.inner_text("body")
    assert text
    context.close()


def test_downloaded_csv_files_cannot_run_as_spreadsheet_formulas(hostile_site):
    import csv
    import io

    folder = hostile_site / "data" / "2024"
    results = list(csv.DictReader(io.StringIO((folder / "results.csv").read_text(encoding="utf-8"))))
    names = {r["unit_id"]: r["unit_name"] for r in results}
    assert names["xa-b"].startswith("'=HYPERLINK(")
    indicators = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO((folder / "indicators.csv").read_text(encoding="utf-8"))) if r["framework_id"] == "xa"}
    assert indicators["2.1"]["name"].startswith("'@SUM(A1)") and indicators["2.1"]["agency"].startswith("'+84")
    for path in folder.glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                assert not cell.startswith("-") or re.fullmatch(r"-[0-9.]+", cell), (path.name, cell)
    scores = [r["score"] for r in results]
    assert all(re.fullmatch(r"[0-9]+\.[0-9]{2}", s) for s in scores)


def test_downloaded_workbooks_hold_text_never_formulas(hostile_site):
    import zipfile

    from openpyxl import load_workbook

    from generator.opendata_xlsx import SHEET_NAMES

    for path in (hostile_site / "data" / "2024" / "dti-2024.xlsx", hostile_site / "data" / "dti-cac-nam.xlsx"):
        with zipfile.ZipFile(path) as archive:
            sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any("<f>" in s or "<f " in s for s in sheets), path  # not one formula
        wb = load_workbook(path)
        results = wb[SHEET_NAMES["results"]]
        header = [c.value for c in results[1]]
        row = next(r for r in results.iter_rows(min_row=2) if r[header.index("unit_id")].value == "xa-b")
        name = row[header.index("unit_name")]
        assert name.value.startswith('=HYPERLINK("http://evil.example")') and name.data_type == "s" and name.quotePrefix
        assert row[header.index("score")].data_type == "n"
        indicators = wb[SHEET_NAMES["indicators"]]
        cells = {c.value: c for r in indicators.iter_rows(min_row=2) for c in r if isinstance(c.value, str)}
        at = next(c for v, c in cells.items() if v.startswith("@SUM(A1)"))
        plus = next(c for v, c in cells.items() if v.startswith("+84 "))
        assert at.data_type == plus.data_type == "s" and at.quotePrefix and plus.quotePrefix
        text = [c for r in wb.worksheets[0].iter_rows() for c in r if isinstance(c.value, str) and "<script>" in c.value]
        assert text and all(c.data_type == "s" for c in text)  # the hostile province and decision, as text


@pytest.mark.browser
def test_the_map_shows_hostile_names_as_text_in_tooltips_and_its_table(browser, hostile_url):
    """The boundaries file carries markup too; names reach the map's records, tooltips and table as text."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for path, drawn in (("xep-hang/2024/cap-xa/", 2), ("xep-hang/2024/cap-huyen/", 2), ("", 4)):  # the home page maps both types
            goto_settled(page, hostile_url + path)
            shapes = page.locator(".dti-map svg g.dti_units_marks > path")
            shapes.first.wait_for(state="attached", timeout=10000)
            assert shapes.count() == drawn
            shapes.first.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
            box = shapes.first.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 4, box["y"] + box["height"] / 2)  # inside, clear of the rank in the middle
            tooltip = page.locator("#vg-tooltip-element")
            tooltip.wait_for(state="visible", timeout=5000)
            assert "<script>window.__xss=1</script>" in tooltip.inner_text() and tooltip.locator("script, img, svg").count() == 0
            figure = page.locator(".dti-map").first
            assert "<script>window.__xss=1</script>" in figure.locator("figcaption").inner_text()
            assert figure.locator("details table script, details table img").count() == 0
            assert page.evaluate("window.__xss") is None
        goto_settled(page, hostile_url + "xep-hang/2024/cap-xa/")
        caption = page.locator(".dti-map figcaption").inner_text()
        assert "1 đơn vị không có ranh giới" in caption and "commune C" in caption.split("không có ranh giới")[-1]
        goto_settled(page, hostile_url + "xep-hang/2024/cap-huyen/")
        dashed = page.locator(".dti-map svg g.dti_units_marks > path[stroke-dasharray='4,3']")
        dashed.first.wait_for(state="attached", timeout=10000)
        assert dashed.count() == 1 and "district B" in dashed.get_attribute("aria-label")  # not ranked: a dashed outline
        assert page.locator(".dti-map svg .role-legend-label text").all_text_contents()[-1] == "Không xếp hạng"
        page.locator(".dti-map").screenshot(path=str(Path(__file__).parent / "artifacts" / "map-hostile-districts.png"))
    finally:
        context.close()
