"""The embedded ranking as a portal uses it: the snippet from the open-data page pasted into a page of
another site (another origin), the frame 343 px wide as on a phone. The table must fit without sideways
scrolling and show rank, unit, DTI and change; the frame must take the table's height from the embed's
message, and only from that frame, in the expected shape; the compact form works without JavaScript."""

from __future__ import annotations

import functools
import html
import re
import threading
import urllib.request
from http.server import ThreadingHTTPServer

import pytest

from .conftest import QuietHandler
from .helpers import ROOT, goto_settled

pytestmark = pytest.mark.browser

WIDTH = 343
HEIGHT_MESSAGE = "dti-embed-height"


def snippet(site, key: str) -> str:
    page = (site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'<code id="dti-snippet-{key}">(.*?)</code>', page, re.S)
    assert found, key
    return html.unescape(found.group(1))


@pytest.fixture(scope="module")
def host(tmp_path_factory, portal_with_site_url):
    """A page of the portal (another origin than the results site) holding both snippets, 343 px wide."""
    _, site = portal_with_site_url
    folder = tmp_path_factory.mktemp("host")
    for key in ("day-du", "gon"):
        (folder / f"{key}.html").write_text(
            f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cổng thông tin</title></head>'
            f'<body style="margin:0"><h1 style="font-size:16px">Tin tức</h1><div style="width:{WIDTH}px">\n{snippet(site, key)}\n</div><p id="after">Hết bài.</p></body></html>',
            encoding="utf-8",
        )
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def frame_height(page) -> float:
    return page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")


def wait_for_fitted_frame(page):
    """The embed's frame, once the host's script has sized it to the height the embed sent last: the
    frame's own window is then as tall as the embed's page."""
    page.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height !== 640", timeout=10000)
    frame = page.frames[1]
    frame.wait_for_load_state("load")
    frame.wait_for_function("Math.abs(window.innerHeight - Math.ceil(document.documentElement.getBoundingClientRect().height)) <= 1", timeout=10000)
    return frame


# Records every message the host page receives, from then on. Listeners run in the order they were added,
# so a message recorded here has already been handled by the snippet's own listener.
RECORD_MESSAGES = "() => { window.__received = []; window.addEventListener('message', e => window.__received.push(JSON.stringify(e.data))); }"


def wait_until_received(page, *messages) -> None:
    """Waits until the host page has received (and so handled) each of ``messages``."""
    page.wait_for_function("wanted => wanted.every(m => window.__received.includes(JSON.stringify(m)))", arg=list(messages))


@pytest.mark.parametrize("key", ["day-du", "gon"])
def test_the_embed_fits_a_343px_frame_and_takes_the_tables_height(phone, host, portal_with_site_url, artifacts, key):
    base, _ = portal_with_site_url
    goto_settled(phone, host + f"{key}.html")
    frame = wait_for_fitted_frame(phone)
    assert frame.url.startswith(base + "nhung/")
    phone.screenshot(path=str(artifacts / f"embed-{WIDTH}px-{key}.png"), full_page=True)
    # No sideways scrolling inside the frame, and the host page does not grow wider either.
    assert frame.evaluate("document.documentElement.clientWidth") == WIDTH
    assert frame.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert frame.evaluate("document.querySelector('.wrap').scrollWidth <= document.querySelector('.wrap').clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # Rank, unit, DTI and change are shown whole; the total gives way.
    headers = frame.eval_on_selector_all(
        "thead th", "ths => ths.map(th => { const r = th.getBoundingClientRect(); return [th.textContent.trim(), r.width > 0 && getComputedStyle(th).display !== 'none', r.left, r.right]; })"
    )
    shown = {name: (visible, left, right) for name, visible, left, right in headers}
    for name in ("Hạng", "Đơn vị", "DTI", "Thay đổi"):
        visible, left, right = shown[name]
        assert visible and left >= 0 and right <= WIDTH, (name, shown[name])
    assert shown["Điểm"][0] is False
    last = frame.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.lastElementChild.getBoundingClientRect().right)")
    assert last and max(last) <= WIDTH
    # The frame is exactly as tall as the table's page: nothing is cut, nothing scrolls inside.
    content = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert abs(frame_height(phone) - content) <= 1, (frame_height(phone), content)
    assert frame.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    assert phone.problems == []


def test_the_height_is_taken_only_from_that_frame_in_the_expected_shape(phone, host):
    goto_settled(phone, host + "day-du.html")
    frame = wait_for_fitted_frame(phone)
    fitted = frame_height(phone)
    phone.evaluate(RECORD_MESSAGES)
    # From the host page itself, and from another frame: ignored.
    phone.evaluate(f"window.postMessage({{type: '{HEIGHT_MESSAGE}', height: 77}}, '*')")
    phone.evaluate(
        "() => { const f = document.createElement('iframe'); f.srcdoc = `<script>parent.postMessage({type: '" + HEIGHT_MESSAGE + "', height: 66}, '*')<\\/script>`; document.body.appendChild(f); }"
    )
    wait_until_received(phone, {"type": HEIGHT_MESSAGE, "height": 77}, {"type": HEIGHT_MESSAGE, "height": 66})
    assert frame_height(phone) == fitted
    # From the embed, but not the expected shape: ignored.
    wrong = [HEIGHT_MESSAGE, {"type": "other", "height": 55}, {"type": HEIGHT_MESSAGE, "height": "55"}, {"type": HEIGHT_MESSAGE, "height": -5}, {"type": HEIGHT_MESSAGE}]
    for message in wrong:
        frame.evaluate("message => parent.postMessage(message, '*')", message)
    wait_until_received(phone, *wrong)
    assert frame_height(phone) == fitted
    # From the embed, in the expected shape: applied (and capped at a sane height).
    frame.evaluate(f"parent.postMessage({{type: '{HEIGHT_MESSAGE}', height: 300.2}}, '*')")
    phone.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height === 301")
    frame.evaluate(f"parent.postMessage({{type: '{HEIGHT_MESSAGE}', height: 1e9}}, '*')")
    phone.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height === 20000")


def test_the_embed_sends_its_height_when_it_changes(phone, host):
    goto_settled(phone, host + "day-du.html")
    frame = wait_for_fitted_frame(phone)
    before = frame_height(phone)
    frame.evaluate("document.querySelector('tbody').insertAdjacentHTML('beforeend', '<tr><td>99</td><th>Thêm</th><td></td><td>1</td><td>–</td></tr>'.repeat(5))")
    phone.wait_for_function(f"document.querySelector('iframe').getBoundingClientRect().height > {before + 50}")


def test_the_compact_form_works_without_javascript_and_links_to_the_full_ranking(browser, portal):
    base, site = portal
    context = browser.new_context(java_script_enabled=False, viewport={"width": WIDTH, "height": 700})
    page = context.new_page()
    try:
        page.goto(base + "nhung/2024/cap-xa/gon/")
        ranks = [int(t) for t in page.locator("tbody tr td:first-child").all_inner_texts()]
        assert ranks and max(ranks) <= 10 and ranks == sorted(ranks) and len(ranks) >= 10
        assert len(ranks) < 63  # of the 63 ranked communes
        link = page.get_by_role("link", name=re.compile("Xem bảng xếp hạng đầy đủ"))
        href = link.evaluate("a => a.href")
        assert href == base + "xep-hang/2024/cap-xa/" and urllib.request.urlopen(href).status == 200
        assert "63 đơn vị" in link.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    finally:
        context.close()


@pytest.fixture
def page_without_script(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_the_embed_names_units_that_are_not_ranked_and_why(page_without_script, portal):
    base, _ = portal
    page = page_without_script
    page.goto(base + "nhung/2024/so-ban-nganh/")
    note = page.locator("p.unranked").inner_text()
    assert note.startswith("Được đánh giá nhưng không xếp hạng: Thanh tra tỉnh")
    reason = next(line.split(",")[5] for line in (ROOT / "data" / "2024" / "units.csv").read_text(encoding="utf-8").splitlines() if line.startswith("thanh-tra-tinh,"))
    assert reason and reason in note
    assert "Thanh tra tỉnh" not in page.locator("tbody").inner_text()
    page.goto(base + "nhung/2024/so-ban-nganh/gon/")
    assert "1 đơn vị được đánh giá nhưng không xếp hạng" in page.locator("p.unranked").inner_text()


def test_the_embed_says_why_ranks_are_not_compared(page_without_script, portal):
    base, _ = portal
    page = page_without_script
    for path in ("nhung/2025/cap-xa/", "nhung/2025/cap-xa/gon/"):
        page.goto(base + path)
        assert "Không so sánh thứ hạng với năm 2024: số đơn vị được xếp hạng giảm từ 63" in page.inner_text("body")
    page.goto(base + "nhung/2024/cap-xa/")
    assert "Không so sánh thứ hạng" not in page.inner_text("body") and "▲" in page.inner_text("tbody")
