"""What a visitor downloads: nothing the site never uses (Material's built-in search, source maps), and
the ~900 KB Vega bundle only on pages with charts, fetched after the text rather than blocking it."""

from __future__ import annotations

import re

import pytest

from .helpers import NEXT_FRAMES

VEGA = "assets/vendor/vega.js"
NO_CHARTS = ["xep-hang/2024/cap-huyen/chi-so-6/", "bo-chi-so/gia-lai-ia-dom-2024-xa/", "du-lieu-mo/", "tim-kiem/", "gioi-thieu/", "nhung/2024/cap-xa/"]
# The ranking pages draw a map; the compare page draws its chart once units are chosen (by the script).
CHARTS = ["", "don-vi/xa-tan-hoa/2024/", "bo-chi-so/hai-duong-2405-2024-so/1.2/", "xep-hang/2024/cap-xa/"]
DRAWN_BY_SCRIPT = {"so-sanh/index.html"}
TEXT = (".html", ".js", ".css", ".json", ".xml", ".txt")


def test_no_source_maps_or_builtin_search_files_are_shipped(built_site):
    files = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith(".map")]
    assert not [f for f in files if "lunr" in f or f.startswith("assets/javascripts/workers/")]
    assert "assets/javascripts/" + next(f.rsplit("/", 1)[1] for f in files if f.startswith("assets/javascripts/bundle.")) in files
    shipped = sum((built_site / f).stat().st_size for f in files if f.startswith("assets/") and f != VEGA and not f.endswith((".gz", ".br")))
    assert shipped < 600_000, shipped  # Material's scripts and styles, the site's own, the images (a compressed copy is sent instead of its file)


def test_nothing_refers_to_the_files_left_out(built_site):
    wanted = re.compile(r"sourceMappingURL|\.map\b[\"')]|javascripts/lunr|workers/search")
    checked = 0
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in TEXT and not path.name.startswith("pagefind"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            found = wanted.search(text)
            assert found is None, (path.relative_to(built_site).as_posix(), text[max(0, found.start() - 60):found.end() + 20])
            checked += 1
    assert checked > 400


def test_the_vega_bundle_is_named_only_by_chart_pages_and_never_as_a_blocking_script(built_site):
    named = 0
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*vega\.js", html), path
        has_chart = "dti-chart-canvas" in html or path.relative_to(built_site).as_posix() in DRAWN_BY_SCRIPT
        assert ('name="dti-vega"' in html) == has_chart, path
        named += has_chart
    assert named > 100  # every scorecard and indicator page, and the home page


@pytest.mark.browser
@pytest.mark.parametrize("where", NO_CHARTS)
def test_pages_without_charts_never_fetch_the_bundle(browser, base_url, where):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(base_url + where, wait_until="networkidle")
        page.mouse.wheel(0, 5000)
        page.wait_for_function("() => window.scrollY >= Math.min(5000, document.documentElement.scrollHeight - window.innerHeight) - 1")
        page.evaluate(NEXT_FRAMES)  # the scroll's intersection observers have run
        assert page.locator('script[src$="vega.js"]').count() == 0
        assert requested and not [u for u in requested if u.endswith("vega.js")]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("where", CHARTS)
def test_chart_pages_fetch_the_bundle_after_the_text_and_draw(browser, base_url, where):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + where, wait_until="networkidle")
        page.locator(".dti-chart svg").first.wait_for(state="attached", timeout=5000)
        timing = page.evaluate(
            """() => {
                const bundle = performance.getEntriesByType('resource').find(e => e.name.endsWith('/assets/vendor/vega.js'));
                const nav = performance.getEntriesByType('navigation')[0];
                return bundle && {start: bundle.startTime, parsed: nav.domInteractive, blocking: bundle.renderBlockingStatus};
            }"""
        )
        assert timing, "the bundle was not fetched"
        assert timing["start"] >= timing["parsed"], timing  # asked for once the page's text was parsed
        assert timing["blocking"] != "blocking"
        assert page.locator("script[src$='vega.js']").evaluate_all("els => els.every(e => e.async)")
    finally:
        context.close()


def test_the_large_text_assets_have_pre_compressed_copies(built_site):
    """Beside each large script and stylesheet, a .gz and a .br copy that decompress to the same bytes
    (a portal's server sends them to browsers that accept them); none among the open data."""
    import gzip

    import brotli

    copied = sorted(p for p in built_site.rglob("*.br"))
    names = {p.relative_to(built_site).as_posix() for p in copied}
    assert {"assets/vendor/vega.js.br", "assets/dti.js.br", "assets/dti.css.br", "pagefind/pagefind.js.br"} <= names
    assert any(n.startswith("assets/javascripts/bundle.") for n in names) and any(n.startswith("assets/stylesheets/main.") for n in names)
    assert not any(n.startswith("data/") for n in names) and not list((built_site / "data").rglob("*.gz"))
    for br in copied:
        original = br.with_suffix("")
        data = original.read_bytes()
        assert brotli.decompress(br.read_bytes()) == data and gzip.decompress(original.with_name(original.name + ".gz").read_bytes()) == data
        assert len(br.read_bytes()) < len(data) / 2, br
    assert original.with_name(original.name + ".gz").read_bytes()[4:8] == b"\0\0\0\0"  # no date in the gzip header: the same bytes at every build
