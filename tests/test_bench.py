"""The benchmark's baselines render the scorecards they are compared with: every indicator, one row each;
the README's figures are what ``bench/report.py`` renders from ``bench/results.json``.

Nothing here is timed; the benchmark itself is ``bench/run.py``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import markdown
import pytest

from generator.pages.views import build_peers
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def report():
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cards(bench):
    dataset, report = validate(ROOT / "data")
    assert report.ok
    return dataset, bench.scorecard_tables(dataset, build_peers(dataset))


def test_one_card_per_scorecard_and_one_row_per_indicator(cards):
    dataset, tables = cards
    # one card per unit of every year with indicator rows (2021 of the demo is entered from its printed totals: 30 units, no card)
    full = [y for y in dataset.years if not dataset.editions[y].summary]
    assert len(tables) == sum(len(rs) for y in full for rs in dataset.results[y].values())
    for card in tables:
        year = int(card.path.rsplit("/", 1)[1].removesuffix(".md"))
        unit_id = card.path.split("/")[1]
        group = next(u.group for u in dataset.editions[year].units if u.id == unit_id)  # its ranking group's index set
        assert [row[0] for row in card.rows] == [i.id for i in dataset.framework_for(year, group).walk()]


def test_markdown_page_is_a_table_with_one_row_per_indicator(bench, cards):
    _, tables = cards
    card = tables[0]
    html = markdown.markdown(bench.markdown_page(card), extensions=["tables"])
    assert html.count("<table>") == 1
    assert html.count("<tr>") == len(card.rows) + 1  # the header row


def test_markdown_cells_keep_pipes_and_line_breaks_inside_their_cell(bench):
    card = bench.Card("don-vi/x/2024.md", "Xã A | B", (("1", "Tên có | gạch\nxuống dòng", "5", "1", "2", "3", "4", "ghi chú <b>"),))
    html = markdown.markdown(bench.markdown_page(card), extensions=["tables"])
    body = html.split("<tbody>")[1]
    assert body.count("<td") == len(bench.COLUMNS)
    assert "Tên có | gạch xuống dòng" in body
    assert "<b>" not in body


def test_the_readmes_figures_are_those_of_results_json(report):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = report.render(json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8")))
    shown = readme.split(report.START + "\n", 1)[1].split(report.END, 1)[0]
    assert shown == part, "README.md's performance figures differ from bench/results.json: run python bench/report.py --write"


def test_the_readme_shows_every_build_and_validation_the_benchmark_measures(bench, report):
    measured = [(name, key) for name, kind, key, _ in bench.TASKS if kind in ("build", "validate")]
    assert sorted(measured) == sorted((name, key) for name, key, _ in report.STAGES)


def test_a_stage_that_did_not_finish_is_shown_as_such(report):
    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    results["measurements"]["build-national"] = {"status": "timeout", "wall_seconds": 900.4, "peak_mb": 6500.0, "run": 3}
    row = next(line for line in report.render(results).splitlines() if line.startswith("| Build, national year |"))
    assert row.endswith("| 13,424 | – | timeout after 900 s | – | > 6,500 MB | 3 |")


def test_a_chart_page_is_measured_as_stored_and_as_sent_compressed(bench, built_site):
    page = built_site / "don-vi" / "xa-tan-hoa" / "2024" / "index.html"
    sent = bench.page_transfer(built_site, page)
    assert sent["files"] >= 6 and sent["raw"] > 1_000_000  # the page, its stylesheets and scripts, the Vega bundle
    assert sent["brotli"] < sent["gzip"] < sent["raw"] / 2
    vega = built_site / "assets" / "vendor" / "vega.js"
    assert (vega.parent / "vega.js.br").stat().st_size < vega.stat().st_size / 3
