"""A journalist recomputes every figure the pages show from the open data of the same build.

For the demo and for a generated province of 200 communes, the pages are read as a reader sees them (the
text of their tables and sentences) and every number on them is worked out again from ``results.csv``,
``indicator_scores.csv`` and ``indicators.csv`` of the same build, with nothing but what the methodology
page states: a percentage is points / maximum × 100, a median is the middle published value (the mean of
the two middle ones for an even count), both rounded to 2 decimals half away from zero; ranks are
competition ranks (1, 2, 2, 4); a total is the sum of its rows. The arithmetic here is this file's own
(exact fractions), not the generator's.

Page families: the home page's cards and chart, every ranking and every ranking by main index, the
scorecards (every unit of the demo's latest year, a sample of the province's, and a sample of the
earlier years) and every indicator page's chart.
"""

from __future__ import annotations

import csv
import html as htmllib
import random
import re
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from generator.demo import write_demo
from generator.model import group_slug
from generator.pages.paths import TYPE_SLUGS

from .conftest import build_quietly
from .helpers import FRAMEWORKS, html_tables, vi_value

NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?")
UNIT_LINK = re.compile(r"don-vi/([^/]+)/(\d{4})/")

pytestmark = pytest.mark.slow  # builds a province of 200 communes besides the demo


def half_up(value) -> Decimal:
    """2 decimals, half away from zero, in exact integer arithmetic."""
    q = Fraction(value)
    whole = (abs(q.numerator) * 200 + q.denominator) // (2 * q.denominator)
    return Decimal(-whole if q < 0 else whole).scaleb(-2)


def median(values) -> Decimal | None:
    ordered = sorted(Fraction(v) for v in values)
    if not ordered:
        return None
    m = len(ordered) // 2
    return half_up(ordered[m] if len(ordered) % 2 else (ordered[m - 1] + ordered[m]) / 2)


def share(points, maximum) -> Decimal:
    return half_up(Fraction(points) / Fraction(maximum) * 100)


def competition_ranks(values: dict[str, Decimal]) -> dict[str, int]:
    return {k: 1 + sum(1 for w in values.values() if w > v) for k, v in values.items()}


def dec(text: str) -> Decimal | None:
    return Decimal(text) if text not in ("", None) else None


def text_of(fragment: str) -> str:
    """What a reader sees of a piece of HTML: tags dropped, entities read, spaces collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\xa0", " ").split())


def numbers(text: str) -> list[Decimal]:
    return [vi_value(n) for n in NUMBER.findall(text)]


class OpenData:
    """The open-data files of one build, as a journalist loads them."""

    def __init__(self, site: Path):
        self.results: dict[tuple[int, str], dict] = {}
        self.scores: dict[tuple[int, str, str], dict] = {}
        # (year, ranking group) → its units; a year without dti.groups has one group per unit type, named after it
        self.of_type: dict[tuple[int, str], list[dict]] = defaultdict(list)
        self.indicators: dict[tuple[int, str], list[dict]] = {}  # (year, ranking group) → its index set's rows
        self.years = sorted(int(p.name) for p in (site / "data").iterdir() if p.name.isdigit())
        for year in self.years:
            folder = site / "data" / str(year)
            for row in self._rows(folder / "results.csv"):
                self.results[(year, row["unit_id"])] = row
                self.of_type[(year, row["group_id"])].append(row)
            for row in self._rows(folder / "indicator_scores.csv"):
                self.scores[(year, row["unit_id"], row["indicator_id"])] = row
            by_framework: dict[str, list[dict]] = {}
            for row in self._rows(folder / "indicators.csv"):
                by_framework.setdefault(row["framework_id"], []).append(row)
            for (y, group), rows in self.of_type.items():  # each group's index set, as results.csv names it
                if y == year:
                    self.indicators[(year, group)] = by_framework[rows[0]["framework_id"]]

    @staticmethod
    def _rows(path: Path) -> list[dict]:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(line for line in f if not line.startswith("#")))

    def leaves(self, year: int, unit_type: str) -> list[str]:
        rows = self.indicators[(year, unit_type)]
        parents = {r["parent_id"] for r in rows}
        return [r["indicator_id"] for r in rows if r["indicator_id"] not in parents]

    def peer_scores(self, year: int, unit_type: str, indicator_id: str) -> list[Decimal]:
        """The published scores of the type's units evaluated on an indicator."""
        out = []
        for r in self.of_type[(year, unit_type)]:
            s = self.scores[(year, r["unit_id"], indicator_id)]
            if s["status"] != "not_evaluated" and s["score"] != "":
                out.append(Decimal(s["score"]))
        return out

    def main_percents(self, year: int, unit_type: str, main_id: str) -> dict[str, Decimal]:
        """Each unit's published percentage on a main index (units evaluated on it)."""
        out = {}
        for r in self.of_type[(year, unit_type)]:
            s = self.scores[(year, r["unit_id"], main_id)]
            if s["percent"] != "":
                assert Decimal(s["percent"]) == share(Decimal(s["score"]), Decimal(s["max_points"]))
                out[r["unit_id"]] = Decimal(s["percent"])
        return out

    def ranked(self, year: int, unit_type: str) -> list[dict]:
        return [r for r in self.of_type[(year, unit_type)] if r["rank"]]


# --------------------------------------------------------------------------- the sites


@pytest.fixture(scope="module")
def demo(built_site):
    return built_site, OpenData(built_site)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """A generated province of 200 communes, built like the demo: 2023 and 2024 with districts and rank
    changes, 2025 after the mergers (the demo has the earlier years)."""
    data = tmp_path_factory.mktemp("province") / "data"
    write_demo(data, FRAMEWORKS, communes=200, seed="tinh-200", years=(2023, 2024, 2025))
    site = tmp_path_factory.mktemp("site") / "dti"
    report = build_quietly(data, site)
    assert report.ok, [str(i) for i in report.errors]
    return site, OpenData(site)


SITES = ["demo", pytest.param("province", marks=pytest.mark.slow)]


@pytest.fixture(params=SITES)
def built(request):
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------- the data itself


def test_every_total_and_percent_recomputes_from_the_rows(built):
    """results.csv's total is the sum of the unit's leaf rows; each parent row the sum of its children;
    DTI % and each row's percent is its points over its maximum."""
    _, od = built
    for (year, uid), r in od.results.items():
        if r["detail"] == "total":  # entered from the printed totals: the total is all there is, its percent still recomputes
            assert Decimal(r["percent"]) == share(Decimal(r["score"]), Decimal(r["max_score"]))
            assert not any(k[:2] == (year, uid) for k in od.scores)
            continue
        rows = od.indicators[(year, r["group_id"])]
        children = defaultdict(list)
        for row in rows:
            children[row["parent_id"]].append(row["indicator_id"])
        evaluated = lambda iid: od.scores[(year, uid, iid)]["status"] != "not_evaluated"  # noqa: E731
        for parent, kids in children.items():
            if parent and evaluated(parent):
                assert Decimal(od.scores[(year, uid, parent)]["score"]) == sum(Decimal(od.scores[(year, uid, k)]["score"]) for k in kids if evaluated(k))
        leaves = [i for i in od.leaves(year, r["group_id"]) if evaluated(i)]
        assert Decimal(r["score"]) == sum(Decimal(od.scores[(year, uid, i)]["score"]) for i in leaves)
        assert Decimal(r["max_score"]) == sum(Decimal(od.scores[(year, uid, i)]["max_points"]) for i in leaves)
        assert Decimal(r["percent"]) == share(Decimal(r["score"]), Decimal(r["max_score"]))


def test_ranks_and_rank_changes_recompute(built):
    _, od = built
    for (year, unit_type), rows in od.of_type.items():
        ranked = {r["unit_id"]: Decimal(r["percent"]) for r in rows if r["rank"]}
        assert {uid: int(od.results[(year, uid)]["rank"]) for uid in ranked} == competition_ranks(ranked)
        for r in rows:
            if r["rank_change"]:
                before = od.results[(year - 1, r["unit_id"])] if (year - 1, r["unit_id"]) in od.results else None
                if before is not None:
                    assert int(r["rank_change"]) == int(before["rank"]) - int(r["rank"])


# --------------------------------------------------------------------------- the home page


def test_the_home_page_cards_recompute(built):
    site, od = built
    page = (site / "index.html").read_text(encoding="utf-8")
    latest = od.years[-1]
    for unit_type in TYPE_SLUGS:
        rows = od.of_type.get((latest, unit_type))
        if not rows:
            continue
        card = page[page.index(f'aria-labelledby="the-{unit_type}"'):]
        card = card[: card.index("</section>")]
        said = text_of(card)
        now = median(Decimal(r["percent"]) for r in rows if r["percent"])
        assert f"{len(rows)} đơn vị được đánh giá" in said
        assert f"trung vị chỉ số DTI của các đơn vị được đánh giá: {vi(now)} %" in said
        before_rows = od.of_type.get((latest - 1, unit_type))
        if before_rows:
            before = median(Decimal(r["percent"]) for r in before_rows if r["percent"])
            change = now - before
            words = f"tăng {vi(change)}" if change > 0 else f"giảm {vi(-change)}" if change < 0 else "không đổi, 0"
            assert f"Năm {latest - 1}: {vi(before)} % ({len(before_rows)} đơn vị); trung vị {words} điểm phần trăm" in said
        top = card[card.index('<ol class="dti-mini">'): card.index("</ol>")]
        shown = [(UNIT_LINK.search(item).group(1), numbers(text_of(item))[-1]) for item in top.split("<li>")[1:]]
        expected = sorted((r for r in rows if r["rank"]), key=lambda r: int(r["rank"]))[:3]
        assert [p for _, p in shown] == [Decimal(r["percent"]) for r in expected]
        assert all(Decimal(od.results[(latest, uid)]["percent"]) == p for uid, p in shown)
    chart = text_of(page[page.index('id="bieu-do-phan-bo-dti"'):page.index("</figcaption>")])
    for unit_type in TYPE_SLUGS:
        rows = od.of_type.get((latest, unit_type))
        if rows:
            percents = [Decimal(r["percent"]) for r in rows if r["percent"]]
            assert f"{len(percents)} đơn vị được đánh giá" in chart
            assert f"từ {vi(min(percents))} % đến {vi(max(percents))} %, trung vị {vi(median(percents))} %" in chart


def vi(value: Decimal) -> str:
    """A published number as the pages write it (``1.234,56``)."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


# --------------------------------------------------------------------------- rankings


def ranking_pages(site: Path, od: OpenData):
    for year, unit_type in sorted(od.of_type):
        yield year, unit_type, site / "xep-hang" / str(year) / group_slug(unit_type) / "index.html"


def test_every_ranking_recomputes(built):
    site, od = built
    for year, unit_type, path in ranking_pages(site, od):
        page = path.read_text(encoding="utf-8")
        [table] = [t for t in html_tables(page) if t["attrs"].get("id") == "dti-ranking"]
        header = [c.text for c in table["rows"][0]]
        col = {name: header.index(name) for name in ("Hạng", "Đơn vị", "DTI", "Thay đổi hạng", "Tổng điểm")}
        mains = {i: h.split(". ", 1)[0] for i, h in enumerate(header) if re.match(r"^\d+(\.\d+)*\. ", h)}
        seen = set()
        for row in table["rows"][1:]:
            uid = UNIT_LINK.search(row[col["Đơn vị"]].href).group(1)
            r = od.results[(year, uid)]
            seen.add(uid)
            assert int(row[col["Hạng"]].text) == int(r["rank"])
            assert numbers(row[col["DTI"]].text) == [Decimal(r["percent"])]
            assert numbers(row[col["Tổng điểm"]].text) == [Decimal(r["score"]), Decimal(r["max_score"])]
            assert row[col["Thay đổi hạng"]].attrs["data-value"] == r["rank_change"]
            for i, main_id in mains.items():
                s = od.scores[(year, uid, main_id)]
                cell = row[i].text
                if s["status"] == "not_evaluated":
                    assert cell == "KĐG"
                elif "(% điểm tối đa của đơn vị)" in header[i]:
                    assert numbers(cell) == [Decimal(s["percent"]), Decimal(s["score"]), Decimal(s["max_points"])]
                    assert row[i].attrs["data-value"] == s["percent"]
                else:
                    assert numbers(cell) == [Decimal(s["score"])]
                    # a column in points: every unit of the ranking has the same maximum, the one its header states
                    assert Decimal(s["max_points"]) == numbers(header[i].rsplit("(", 1)[1])[0]
        assert seen == {r["unit_id"] for r in od.ranked(year, unit_type)}
        for i, main_id in mains.items():
            maxima = {od.scores[(year, u, main_id)]["max_points"] for u in seen if od.scores[(year, u, main_id)]["percent"]}
            assert ("(% điểm tối đa của đơn vị)" in header[i]) == (len(maxima) > 1)
        if 'class="dti-map' in page or "Bản đồ chỉ số DTI" in page:
            caption = text_of(page[page.index("Bản đồ chỉ số DTI"):][:4000])
            percents = [Decimal(r["percent"]) for r in od.of_type[(year, unit_type)] if r["percent"]]
            assert f"Trung vị {vi(median(percents))} %" in caption


def test_every_ranking_by_main_index_recomputes(built):
    site, od = built
    for year, unit_type, path in ranking_pages(site, od):
        for folder in sorted(path.parent.glob("chi-so-*")):
            main_id = folder.name[len("chi-so-"):]
            percents = od.main_percents(year, unit_type, main_id)
            ranked = {u: p for u, p in percents.items() if od.results[(year, u)]["rank"]}
            ranks = competition_ranks(ranked)
            [table] = html_tables((folder / "index.html").read_text(encoding="utf-8"))
            for row in table["rows"][1:]:
                uid = UNIT_LINK.search(row[1].href).group(1)
                s = od.scores[(year, uid, main_id)]
                assert row[0].text == (str(ranks[uid]) if uid in ranks else "–")
                assert numbers(row[2].text) == ([Decimal(s["score"])] if s["percent"] else [])
                assert numbers(row[3].text) == [Decimal(s["max_points"])]
                assert numbers(row[4].text) == ([Decimal(s["percent"])] if s["percent"] else [])
                assert row[5].text == (od.results[(year, uid)]["rank"] or "–")


# --------------------------------------------------------------------------- scorecards


def scorecards(site: Path, od: OpenData, sample: int = 40, latest_sample: int = 80):
    """Every unit of the latest year (a fixed sample of ``latest_sample`` of them in a province with more:
    the generated province's pages are read in full by the ranking tests) and a fixed sample of the
    earlier years' units."""
    latest = od.years[-1]
    keys = sorted(k for k in od.results if k[0] == latest)
    if len(keys) > latest_sample:
        keys = sorted(random.Random(12).sample(keys, latest_sample))
    earlier = sorted(k for k in od.results if k[0] != latest)
    keys += random.Random(21).sample(earlier, min(sample, len(earlier)))
    for year, uid in keys:
        yield year, uid, (site / "don-vi" / uid / str(year) / "index.html").read_text(encoding="utf-8")


def test_every_figure_of_a_scorecard_recomputes(built):
    site, od = built
    for year, uid, page in scorecards(site, od):
        r = od.results[(year, uid)]
        unit_type = r["group_id"]  # the unit's ranking group (its unit type in a year without dti.groups)
        kpis = text_of(page[page.index('<dl class="dti-kpis">'):page.index("</dl>")])
        if r["rank"]:
            assert re.search(r"Thứ hạng (\d+) ?/(\d+)", kpis).groups() == (r["rank"], str(len(od.ranked(year, unit_type))))
        assert numbers(kpis.split("Chỉ số DTI", 1)[1].split("Tổng điểm")[0]) == [Decimal(r["percent"])]
        assert numbers(kpis.split("Tổng điểm", 1)[1].split("Xếp loại")[0].split("Thay đổi")[0]) == [Decimal(r["score"]), Decimal(r["max_score"])]
        if r["detail"] == "total":  # no main indices, indicators or points lost to recompute: the page says why
            assert f"Năm {year} công bố ở mức tổng điểm" in text_of(page)
            continue
        tables = html_tables(page)
        _main_results(od, year, uid, unit_type, page, tables[0])
        _indicator_rows(od, year, uid, unit_type, tables)
        _losses_and_gap(od, year, uid, unit_type, page, tables)


def _main_results(od, year, uid, unit_type, page, chart_table):
    """The main indices against the peers: the chart's table and each section's heading."""
    for row in chart_table["rows"][1:]:
        main_id = row[0].text.split(". ", 1)[0]
        percents = od.main_percents(year, unit_type, main_id)
        unit, mid, best = (numbers(c.text) for c in row[1:4])
        assert unit == ([percents[uid]] if uid in percents else [])
        assert mid == [median(percents.values())]
        assert best == [max(percents.values())]
        ranked = {u: p for u, p in percents.items() if od.results[(year, u)]["rank"]}
        heading = text_of(re.search(rf'<h3 id="chi-so-{re.escape(main_id)}">(.*?)</h3>', page).group(1))
        s = od.scores[(year, uid, main_id)]
        figures = heading.split(" — ", 1)[1]
        assert numbers(figures.split("(bảng")[0])[:2] == [Decimal(s["score"]), Decimal(s["max_points"])]
        rank = competition_ranks(ranked).get(uid)
        assert (f"hạng {rank}" in figures) == (rank is not None)


def _indicator_rows(od, year, uid, unit_type, tables):
    for table in (t for t in tables if "dti-indicators" in t["attrs"].get("class", "")):
        for row in table["rows"][1:]:
            iid = row[0].text
            s = od.scores[(year, uid, iid)]
            cells = {c.attrs.get("data-label"): c.text for c in row}
            assert numbers(cells["Tối đa"]) == [Decimal(s["max_points"])]
            if s["status"] == "not_evaluated":
                assert "Điểm thẩm định" not in cells
                continue
            assert numbers(cells["Điểm tự đánh giá"]) == ([Decimal(s["self_score"])] if s["self_score"] else [])
            assert numbers(cells["Điểm thẩm định"])[0] == Decimal(s["score"])
            assert numbers(cells["Điểm chưa đạt"]) == [Decimal(s["max_points"]) - Decimal(s["score"])]
            assert numbers(cells["Trung vị"]) == [median(od.peer_scores(year, unit_type, iid))]


def _losses_and_gap(od, year, uid, unit_type, page, tables):
    r = od.results[(year, uid)]
    leaves = [od.scores[(year, uid, i)] for i in od.leaves(year, unit_type)]
    lost = {s["indicator_id"]: Decimal(s["max_points"]) - Decimal(s["score"]) for s in leaves if s["status"] != "not_evaluated"}
    total = sum(lost.values())
    assert total == Decimal(r["max_score"]) - Decimal(r["score"])
    if total:
        assert f"Tổng cộng đơn vị chưa đạt {vi(total)} điểm" in text_of(page)
        [losses] = [t for t in tables if "dti-losses" in t["attrs"].get("class", "")]
        shown = []
        for row in losses["rows"][1:]:
            iid = row[0].text.split(" ", 1)[0]
            s = od.scores[(year, uid, iid)]
            assert numbers(row[1].text) == [lost[iid]]
            assert numbers(row[2].text) == [Decimal(s["score"]), Decimal(s["max_points"])]
            assert numbers(row[3].text) == [median(od.peer_scores(year, unit_type, iid))]
            shown.append(lost[iid])
        assert shown == sorted(shown, reverse=True) and shown[0] == max(lost.values())
    gap = re.search(r"Để lên hạng (\d+) \(bằng .*?, ([\d.,]+) %\), đơn vị cần thêm ([\d.,]+) điểm phần trăm, tức khoảng ([\d.,]+) điểm trên tổng ([\d.,]+) điểm", text_of(page))
    if r["rank"] and int(r["rank"]) > 1:
        higher = sorted({Decimal(x["percent"]) for x in od.ranked(year, unit_type) if Decimal(x["percent"]) > Decimal(r["percent"])})[0]
        next_rank = min(int(x["rank"]) for x in od.ranked(year, unit_type) if Decimal(x["percent"]) == higher)
        assert gap is not None
        assert (int(gap.group(1)), vi_value(gap.group(2))) == (next_rank, higher)
        points_gap = higher - Decimal(r["percent"])
        assert vi_value(gap.group(3)) == points_gap
        assert vi_value(gap.group(4)) == half_up(Fraction(points_gap) * Fraction(Decimal(r["max_score"])) / 100)
        assert vi_value(gap.group(5)) == Decimal(r["max_score"])
    else:
        assert gap is None


# --------------------------------------------------------------------------- indicator pages


def test_every_indicator_pages_distribution_recomputes(built):
    site, od = built
    by_framework = defaultdict(list)
    for (year, unit_type), rows in od.indicators.items():
        if od.of_type[(year, unit_type)][0]["detail"] == "indicators":  # a year of printed totals has no indicator rows
            by_framework[rows[0]["framework_id"]].append((year, unit_type))
    for fid, used in by_framework.items():
        for ind in od.indicators[used[0]]:
            path = site / "bo-chi-so" / fid / ind["indicator_id"] / "index.html"
            page = path.read_text(encoding="utf-8")
            if "Phân bố điểm thẩm định" not in page:
                assert not any(od.peer_scores(y, t, ind["indicator_id"]) for y, t in used)
                continue
            [table] = [t for t in html_tables(page) if [c.text for c in t["rows"][0]][:2] == ["Năm", "Số đơn vị"]]
            for row in table["rows"][1:]:
                y = int(row[0].text)
                # every unit scored on the index set that year, whatever its group (2025: departments and other agencies)
                values = [v for yy, t in used if yy == y for v in od.peer_scores(y, t, ind["indicator_id"])]
                maximum = Decimal(ind["max_points"])
                assert [c.text for c in row[1:3]] == [str(len(values)), str(sum(1 for v in values if v >= maximum))]
                assert [numbers(c.text)[0] for c in row[3:6]] == [min(values), median(values), max(values)]
