"""Tiny real data packages for tests, written with the project's standard schemas."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from generator.load import load_framework
from generator.marker import MARKER
from generator.packaging import header_of, json_text, resource, write_csv
from generator.cellread import parse_value
from generator.rules import Values

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "data" / "frameworks"


def bundled(framework_id: str):
    problems: list = []
    fw = load_framework(FRAMEWORKS / framework_id, problems)
    assert fw is not None and not [p for p in problems if p.is_error], problems
    return fw


def score_of(fw, indicator_id: str, **inputs) -> Fraction:
    """The points one unit earns on one indicator from its inputs (min–max excluded)."""
    ind = fw.indicators[indicator_id]
    types = {d.name: d.type for d in ind.inputs}
    values = Values({k: parse_value(types[k], str(v), ind.rule.levels()) for k, v in inputs.items()})
    return ind.rule.share(values, ind.max_points) * ind.max_points


INDICATOR_HEADER = header_of("framework-indicators")


def write_framework(folder: Path, indicators: list[dict], inputs: list[dict], unit_type: str = "commune", total=None, **meta) -> Path:
    """A framework package; ``indicators`` rows are dicts with any of the indicators.csv columns."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "indicators.csv", INDICATOR_HEADER, [[r.get(h, "") for h in INDICATOR_HEADER] for r in indicators])
    header = header_of("framework-inputs")
    write_csv(folder / "inputs.csv", header, [[r.get(h, "") for h in header] for r in inputs])
    if total is None:
        total = sum(Fraction(str(r["max_points"])) for r in indicators if not r.get("parent"))
    descriptor = {
        "name": folder.name,
        "title": f"Test framework {folder.name}",
        "dti": {
            "kind": "framework",
            "unit_type": unit_type,
            "legal_basis": {"document": "Quyết định số 1/QĐ-UBND", "date": "2024-01-01", "province": "Thử nghiệm"},
            "total_points": float(total) if Fraction(total).denominator != 1 else int(total),
            "notes": [],
            "discrepancies": meta.get("discrepancies", []),
        },
        "resources": [resource("indicators", "framework-indicators"), resource("inputs", "framework-inputs")],
    }
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    return folder


def write_edition(
    folder: Path,
    year: int,
    frameworks: dict[str, str],
    units: list[dict],
    inputs: list[dict],
    assessments: list[dict] = (),
    evidence: list[dict] = (),
    bands=(),
    **dti,
) -> Path:
    """A year's package; ``dti`` adds fields to its ``dti`` block (``groups``, ``scale``…), and
    ``frameworks`` left empty is not written (a year that declares ``groups``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("units", units), ("assessments", assessments), ("inputs", inputs), ("evidence", evidence)):
        header = header_of(name)
        write_csv(folder / f"{name}.csv", header, [[r.get(h, "") for h in header] for r in rows])
    descriptor = {
        "name": f"test-{year}",
        "title": f"Test {year}",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "dti": {
            "kind": "submission",
            "year": year,
            "province": "Tỉnh Thử Nghiệm",
            "illustrative": True,
            **({"frameworks": frameworks} if frameworks else {}),
            "publication": {"decision": f"Quyết định số {year}/QĐ-UBND", "date": f"{year + 1}-03-01", "bands": list(bands)},
            **dti,
        },
        "resources": [resource(n, n) for n in ("units", "assessments", "inputs", "evidence")],
    }
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    return folder


def any_of(strings) -> re.Pattern:
    """A pattern matching any of ``strings``, written as a tree of their common beginnings: it tries only
    the strings that can still match at each character, where an alternation of hundreds of strings tries
    every one of them at every position of the text (one pass over a site of 50 MB in about 0.3 s rather
    than 4 s)."""
    tree: dict = {}
    for text in strings:
        node = tree
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(pattern(tree))


def poll_until(condition, seconds: float, every: float = 0.02):
    """Asks ``condition()`` every ``every`` seconds until it gives something true, and returns that; after
    ``seconds`` without, returns its last answer (false), for the caller's assertion to fail on."""
    deadline = time.monotonic() + seconds
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(every)
    return found


# --------------------------------------------------------------------------- the small index set

# A commune index set of 50 points, small enough to work expected scores out by hand. Main index 1 is the
# same in both variants:
#   1 «Nhận thức số» (20): 1.1 yes/no «da_co» (10), 1.2 ratio a/b (10)
# main index 2 «Hoạt động» (30) comes in two:
#   SMALL_FRAMEWORK      2.1 a/b against a target of 80 % (10), 2.2 min–max of an amount «x» among peers (20)
#   REAL_YEAR_FRAMEWORK  2.1 a level «muc» (10), 2.2 points «diem» the council enters (10), 2.3 a percent
#                        «p» against a target of 80 % (10): the kinds of figure a real year's table holds
SMALL_MAIN_1 = [
    dict(id="1", level="main", name="Nhận thức số", max_points=20),
    dict(id="1.1", parent="1", level="component", name="Có chuyên mục", max_points=10, rule="yes_no", formula="da_co"),
    dict(id="1.2", parent="1", level="component", name="Tỷ lệ", max_points=10, rule="ratio", formula="a/b"),
]
SMALL_MAIN_1_INPUTS = [
    dict(indicator_id="1.1", name="da_co", type="yes_no", meaning="Đã có chuyên mục chưa"),
    dict(indicator_id="1.2", name="a", type="count", meaning="Số đạt"),
    dict(indicator_id="1.2", name="b", type="count", meaning="Tổng số"),
]
SMALL_FRAMEWORK = SMALL_MAIN_1 + [
    dict(id="2", level="main", name="Hoạt động", max_points=30),
    dict(id="2.1", parent="2", level="component", name="Chỉ tiêu", max_points=10, rule="ratio_target", formula="a/b", options="target: 80%"),
    dict(id="2.2", parent="2", level="component", name="So sánh", max_points=20, rule="minmax", formula="x"),
]
SMALL_INPUTS = SMALL_MAIN_1_INPUTS + [
    dict(indicator_id="2.1", name="a", type="count", meaning="Số đạt"),
    dict(indicator_id="2.1", name="b", type="count", meaning="Tổng số"),
    dict(indicator_id="2.2", name="x", type="amount", meaning="Kinh phí", unit="triệu đồng"),
]
REAL_YEAR_FRAMEWORK = SMALL_MAIN_1 + [
    dict(id="2", level="main", name="Hoạt động", max_points=30),
    dict(id="2.1", parent="2", level="component", name="Mức triển khai", max_points=10, rule="levels", formula="muc", options="cao: 1; thap: 1/2; khong: 0"),
    dict(id="2.2", parent="2", level="component", name="Hội đồng chấm", max_points=10, rule="points", formula="diem"),
    dict(id="2.3", parent="2", level="component", name="Tỷ lệ trên cổng quốc gia", max_points=10, rule="ratio_target", formula="p", options="target: 80%"),
]
REAL_YEAR_INPUTS = SMALL_MAIN_1_INPUTS + [
    dict(indicator_id="2.1", name="muc", type="level", meaning="Mức triển khai", labels="cao: Triển khai đầy đủ; thap: Triển khai một phần; khong: Chưa triển khai"),
    dict(indicator_id="2.2", name="diem", type="points", meaning="Điểm Hội đồng chấm"),
    dict(indicator_id="2.3", name="p", type="percent", meaning="Tỷ lệ hồ sơ trực tuyến", unit="%"),
]


def unit_inputs(uid, da_co, r12, r21, x) -> list[dict]:
    """One unit's input rows for SMALL_FRAMEWORK: 1.1 «da_co», 1.2 and 2.1 as (a, b), 2.2 «x» (left out when None)."""
    rows = [dict(unit_id=uid, indicator_id="1.1", input="da_co", self_value=da_co)]
    for ind, (a, b) in (("1.2", r12), ("2.1", r21)):
        rows += [dict(unit_id=uid, indicator_id=ind, input="a", self_value=a), dict(unit_id=uid, indicator_id=ind, input="b", self_value=b)]
    if x is not None:
        rows.append(dict(unit_id=uid, indicator_id="2.2", input="x", self_value=x))
    return rows


def copy_frameworks(target: Path, *ids: str) -> None:
    for fid in ids:
        shutil.copytree(FRAMEWORKS / fid, target / "frameworks" / fid)


DESKTOP_PAGE = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}


def watch(page, base_url: str) -> dict:
    """Records the page's console errors (``page.problems``) and every request that leaves the site
    (``page.outside``), from now on; returns the handlers, by event."""
    page.problems, page.outside = [], []
    handlers = {
        "console": lambda m: page.problems.append(m.text) if m.type == "error" else None,
        "pageerror": lambda e: page.problems.append(str(e)),
        "request": lambda r: None if r.url.startswith(base_url) or r.url.startswith("data:") else page.outside.append(r.url),
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    return handlers


@contextmanager
def watched_page(browser, base_url: str):
    """A desktop-sized page in a context of its own that records console errors (``page.problems``) and
    every request that leaves the site (``page.outside``)."""
    context = browser.new_context(**DESKTOP_PAGE)
    page = context.new_page()
    watch(page, base_url)
    try:
        yield page
    finally:
        context.close()


@contextmanager
def watching(page, base_url: str):
    """``page`` watched as :func:`watch` does while the block lasts, and no longer after it (a tab kept
    for several tests)."""
    handlers = watch(page, base_url)
    try:
        yield page
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)


@contextmanager
def watched_tab(tabs: dict, browser, base_url: str):
    """As :func:`watched_page`, in the desktop tab kept for the run (``reused_tab`` in conftest.py)."""
    from .conftest import reused_tab

    with reused_tab(tabs, browser, "desktop", **DESKTOP_PAGE) as tab, watching(tab, base_url):
        yield tab


# A page has settled when the site's script has shown what it draws: every chart and map whose
# specification is on the page drawn (vega-embed's SVG in place, and hidden from screen readers, which
# the script does once the drawing is done), and on the compare page the comparison of the units chosen
# (its peer columns, or a note) in place of the example written into the page.
SETTLED = """() => {
  const compare = document.getElementById('dti-compare-result');
  if (compare && !compare.querySelector('th.dti-peer, .dti-note')) return false;
  return Array.from(document.querySelectorAll('.dti-chart-canvas[data-spec]'))
    .filter(el => document.getElementById(el.getAttribute('data-spec')))
    .every(el => el.querySelector('svg[aria-hidden="true"]'));
}"""

# Resolves once the page has rendered two more frames and then run a task: what a change of media or a
# scroll sets off (media-query listeners, intersection observers) has run by then.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))"


def serious_accessibility_problems(page) -> list[tuple]:
    """What axe finds of serious or critical impact on the page as it is now: (rule, impact, the first
    three elements) of each."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]


def goto_settled(page, url: str):
    """Goes to ``url`` and waits until the page is loaded and has drawn its charts and maps: what a test
    reading or driving the page needs (a test of every request the page makes waits for the network to
    be idle instead). Returns the response."""
    response = page.goto(url, wait_until="load")
    wait_until_settled(page)
    return response


def wait_until_settled(page, timeout: float = 10_000) -> None:
    """Waits until the page has drawn its charts and maps (see ``SETTLED``); fails with the page's errors
    when it does not within ``timeout`` ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SETTLED, timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"{page.url}: charts not drawn after {timeout / 1000:g} s; errors: {getattr(page, 'problems', '?')}") from None


def set_formats(folder: Path, formats: dict[tuple[str, str], dict]) -> None:
    """Declare number formats in a year's descriptor: ``{(resource, field): {"decimalChar": ",", …}}``."""
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        for f in res.get("schema", {}).get("fields", []):
            f.update(formats.get((res["name"], f["name"]), {}))
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


class Cell(NamedTuple):
    tag: str  # td or th
    text: str  # the text a reader sees, spaces collapsed
    attrs: dict
    href: str | None = None  # the first link in the cell


class _Tables(HTMLParser):
    """Every table of a page as rows of cells (header rows included), in the order they appear."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._open: list[dict] = []
        self._cell: list | None = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._open.append({"attrs": attrs, "rows": []})
        elif tag == "tr" and self._open:
            self._open[-1]["rows"].append([])
        elif tag in ("td", "th") and self._open:
            self._cell = [tag, [], attrs, None]
        elif tag == "br" and self._cell is not None:
            self._cell[1].append(" ")
        elif tag == "a" and self._cell is not None and self._cell[3] is None:
            self._cell[3] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "table" and self._open:
            self.tables.append(self._open.pop())
        elif tag in ("td", "th") and self._cell is not None and self._open and self._open[-1]["rows"]:
            tag_, parts, attrs, href = self._cell
            self._open[-1]["rows"][-1].append(Cell(tag_, " ".join("".join(parts).split()), attrs, href))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1].append(data)


def html_tables(html: str) -> list[dict]:
    """The tables of a page: each ``{"attrs": {...}, "rows": [[Cell, …], …]}``."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def vi_value(text: str):
    """A number as the site writes it (``1.234,56``, ``85,25 %``, ``–``) as an exact Decimal, or None."""
    s = text.replace("\xa0", " ").replace("%", "").strip()
    if s in ("", "–"):
        return None
    return Decimal(s.replace(".", "").replace(",", "."))


def files_of(site: Path) -> dict[str, bytes]:
    """Every file's bytes; a gzip file's content, as its header holds the build's date (two builds on
    either side of midnight differ there and nowhere else). The build's marker is left out: it records
    the folder it was written for and the files' times, so it differs from one build to the next."""
    return {
        str(p.relative_to(site)): gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        for p in sorted(site.rglob("*")) if p.is_file() and p.name != MARKER
    }


def assert_same_site(site: Path, expected: Path) -> None:
    got, wanted = files_of(site), files_of(expected)
    assert sorted(got) == sorted(wanted)
    differ = [name for name in wanted if got[name] != wanted[name]]
    assert differ == []


def run_cli(repo: Path, capsys, *args: str) -> tuple[int, str, str]:
    """``dti ARGS`` run in ``repo`` as a person runs it there: (exit status, what it printed, what it said on
    stderr); never an internal error or a traceback."""
    from generator.cli import main

    try:
        os.chdir(repo)
        status = main(list(args))
    finally:
        os.chdir(ROOT)
    out = capsys.readouterr()
    assert "Lỗi nội bộ" not in out.out + out.err and "Traceback" not in out.out + out.err, out.err
    return status, out.out, out.err
