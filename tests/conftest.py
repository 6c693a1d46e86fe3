"""Shared fixtures: the demo site built once per test run and served over HTTP under a sub-path,
and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import fcntl
import functools
import gzip
import io
import json
import shutil
import socket
import threading
import zipfile
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.build import build_site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SUB_PATH = "dti"

# A test that asks for one of these fixtures must carry the marker, so that `make test-fast`
# (-m "not browser and not office and not slow") never needs Chromium or LibreOffice.
MARKER_OF_FIXTURE = {"browser": "browser", "soffice": "office"}


def pytest_runtest_setup(item):
    """Fails a test that uses Chromium or LibreOffice without saying so, before its fixtures start them."""
    for fixture, marker in MARKER_OF_FIXTURE.items():
        if fixture in item.fixturenames and item.get_closest_marker(marker) is None:
            pytest.fail(f"{item.nodeid} uses the {fixture} fixture: mark it @pytest.mark.{marker}", pytrace=False)


@contextmanager
def no_network():
    """Any attempt to open a network connection or resolve a name fails, and is recorded."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network access during the build")

    saved = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection
    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.getaddrinfo = socket.create_connection = refuse
    try:
        yield attempts
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = saved


def build_quietly(data: Path, target: Path, config: Path = ROOT / "mkdocs.yml", **kwargs):
    """Build a site with the network cut off; the build must not have tried to use it."""
    with no_network() as attempts:
        report = build_site(data, target, config, **kwargs)
    assert attempts == [], f"the build tried to reach the network: {attempts}"
    return report


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, request) -> Path:
    """The demo data built into ``<tmp>/dti`` so it can be served as ``/dti/``, like on a portal: built
    once for the whole run, by the first test runner that needs it (the others wait for it), and only
    read by the tests."""
    runners = hasattr(request.config, "workerinput")  # pytest-xdist's test runners share the parent folder
    shared = tmp_path_factory.getbasetemp().parent if runners else tmp_path_factory.getbasetemp()
    target = shared / "portal" / SUB_PATH
    with open(shared / "portal.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "portal.built").exists():
            shutil.rmtree(target.parent, ignore_errors=True)
            report = build_quietly(ROOT / "data", target)
            assert report.ok, [str(i) for i in report.errors]
            (shared / "portal.report.json").write_text(json.dumps(report.as_json(), ensure_ascii=False), encoding="utf-8")
            (shared / "portal.built").write_text("built\n", encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def built_site_report(built_site) -> dict:
    """The report of the build of :func:`built_site` (``Report.as_json``: its issues, warnings included)."""
    return json.loads((built_site.parent.parent / "portal.report.json").read_text(encoding="utf-8"))


def published_texts(site: Path):
    """(path, text) of every file of a built site, compressed files (the search index) decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"\n".join(archive.read(name) for name in archive.namelist())
        yield path, data.decode("utf-8", errors="ignore")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    handler = functools.partial(QuietHandler, directory=str(built_site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    server.shutdown()


@pytest.fixture(scope="session")
def tabs(browser):
    """Browser tabs kept for the whole run, one per kind of screen: a test that only reads pages opens
    them in the tab of its screen (:func:`reused_tab`) rather than in a new browser context, which saves
    starting a page's process and compiling the site's scripts again for every test."""
    kept: dict = {}
    yield kept
    for tab in kept.values():
        tab.context.close()


@contextmanager
def reused_tab(tabs: dict, browser, key: str, **options):
    """The kept tab of screen ``key`` (made with ``options`` the first time), for one test; afterwards it
    is left on a blank page, printed media emulation and viewport as they were made."""
    tab = tabs.get(key)
    if tab is None or tab.is_closed():
        tab = browser.new_context(**options).new_page()
        tabs[key] = tab
    try:
        yield tab
    finally:
        if not tab.is_closed():
            tab.emulate_media(media="null")
            if options.get("viewport"):
                tab.set_viewport_size(options["viewport"])
            tab.goto("about:blank")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = ROOT / "tests" / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class PortalHandler(QuietHandler):
    """Serves files like a portal does: a missing path under the site gets the site's 404.html, status 404."""

    not_found: Path | None = None

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.not_found is None or not self.not_found.is_file():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def portal_server(folder: Path, site: Path):
    """An HTTP server on 127.0.0.1 for ``folder`` that answers missing paths with ``site``/404.html;
    yields it before anything is served, so a site can be built with its address."""
    handler = functools.partial(type("Handler", (PortalHandler,), {"not_found": site / "404.html"}), directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()


def config_with(tmp: Path, **settings) -> Path:
    """A copy of mkdocs.yml in ``tmp`` with ``settings`` added (e.g. site_url), reading the project's pages and theme."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}").replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    text += "".join(f"\n{key}: {value}\n" for key, value in settings.items())
    tmp.mkdir(parents=True, exist_ok=True)
    config = tmp / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="session")
def portal(built_site):
    """The demo site (built without site_url) served under /dti/ by a server that answers missing paths
    with 404.html, as portals do: ``(base URL, site folder)``."""
    with portal_server(built_site.parent, built_site) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/", built_site


@pytest.fixture(scope="session")
def portal_with_site_url(tmp_path_factory):
    """The demo site built with ``site_url`` naming the address it is served at (under /dti/), served by
    a server that answers missing paths with 404.html: ``(base URL, site folder)``."""
    root = tmp_path_factory.mktemp("portal-url")
    site = root / "public" / SUB_PATH
    site.parent.mkdir()
    with portal_server(site.parent, site) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
        report = build_quietly(ROOT / "data", site, config_with(root / "config", site_url=url))
        assert report.ok, [str(i) for i in report.errors]
        yield url, site
