"""What search finds: one record per unit, indicator, index set and ranking, computed from the dataset.

The generated pages are not indexed as they are: a scorecard names every indicator (so «Sach» would find
every unit through «Ngân sách»), and its title says «năm 2024» (so «Nam» would find every unit). Instead
each page that search should find gets a short record of the words that identify it, with weights, and
the figures a result shows (a unit's latest year, rank and DTI %). Hand-written pages are indexed as
written. Đ/đ is also written as D/d (:func:`~generator.text.plain_d`), since search engines fold
diacritics by removing marks and Đ has none.

* A unit appears once, at its latest year. A commune carries its district; where its latest year had no
  districts (2025's two-tier province), the district of its latest year that had one, or of the units it
  was formed from. A unit no longer assessed says what became of it.
* No I/O here: :mod:`generator.engine.pagefind` writes the records as small documents and runs the indexer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape

from .. import scale as scales
from ..model import UNIT_TYPE_LABELS, UNIT_TYPE_SINGULAR, Dataset, Unit
from ..numeric import compact_vi
from ..text import fold, plain_d, sort_key
from . import paths
from .base import environment
from .indicators import frameworks_in_use, years_using
from .views import Histories

# Kinds of records. Units alone carry a filter (kind: don-vi), so the search page can look for units and
# for everything else separately: one filter value keeps the index byte-identical from build to build
# (Pagefind writes several values of a filter in no fixed order).
UNIT, INDICATOR, FRAMEWORK, RANKING = "don-vi", "chi-so", "bo-chi-so", "xep-hang"
NAME, PLACE, OTHER = 10, 3, 1  # weights: what names the page, where it is, what else describes it


@dataclass(frozen=True)
class SearchRecord:
    """One search result: the page it leads to, the words that find it, and what the result shows."""

    path: str  # the page's source path (see :mod:`generator.pages.paths`)
    kind: str
    title: str
    words: tuple[tuple[str, int], ...]  # (text, weight), each also written with Đ as D
    show: dict = field(default_factory=dict)  # what the result shows beside its title (the search page's script reads it)

    @property
    def show_json(self) -> str:
        return json.dumps({"kind": self.kind, **self.show}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def url(self) -> str:
        return paths.url_of(self.path)

    @property
    def index_path(self) -> str:
        """Where the record's document goes so that the indexer gives it the page's URL."""
        return self.url + "index.html"


def weighted_words(*pairs: tuple[str, int]) -> tuple[tuple[str, int], ...]:
    """Each (text, weight) once, and again with Đ written as D where that differs."""
    out: list[tuple[str, int]] = []
    for text, weight in pairs:
        if text and (text, weight) not in out:
            out.append((text, weight))
        if text and plain_d(text) != text and (plain_d(text), weight) not in out:
            out.append((plain_d(text), weight))
    return tuple(out)


class UnitPlaces:
    """The district of each commune, following lineage back to a year that had districts."""

    def __init__(self, dataset: Dataset, histories: Histories):
        self.histories = histories
        self.years = dataset.years
        self.districts = {y: {u.id: u.name for u in dataset.editions[y].units if u.type == "district"} for y in dataset.years}

    def of(self, unit: Unit, year: int) -> tuple[list[str], int | None]:
        """The district names of ``unit`` and the year they are from (None when it has none)."""
        if unit.type != "commune":
            return [], None
        lineage = self.histories.lineage(unit, year)
        for t in sorted((y for y in self.years if y <= year), reverse=True):
            ids = [unit.id] if t == year else lineage.get(t, [])
            parents = {self.histories.units[(t, i)].parent for i in ids if (t, i) in self.histories.units}
            names = sorted({self.districts[t][p] for p in parents if p in self.districts[t]})
            if names:
                return names, t
        return [], None


def _fate_note(histories: Histories, unit: Unit, year: int) -> str:
    fate = histories.fate(unit, year)
    if fate is None:
        return ""
    if fate.successors:
        verb = "sáp nhập vào" if len(fate.successors) == 1 else "được chia, sáp nhập vào"
        return f"Năm {fate.year} {verb} {', '.join(u.name for u in fate.successors)}."
    if fate.type_ended:
        return f"Từ năm {fate.year} không còn đánh giá {UNIT_TYPE_LABELS[unit.type].lower()}."
    return f"Không có trong danh sách đánh giá năm {fate.year}."


def unit_records(dataset: Dataset, histories: Histories | None = None) -> list[SearchRecord]:
    histories = histories or Histories(dataset)
    places = UnitPlaces(dataset, histories)
    ranked: dict[tuple[int, str, str], int] = {}  # (year, group, parent unit when the group ranks within parents) → units ranked together
    for y in dataset.years:
        for g in dataset.groups_of(y):
            for r in dataset.results[y][g.id]:
                if r.rank is not None:
                    key = (y, g.id, (r.unit.parent or "") if g.within_parent else "")
                    ranked[key] = ranked.get(key, 0) + 1
    results = {(y, r.unit.id): r for y in dataset.years for rs in dataset.results[y].values() for r in rs}
    names: dict[str, list[str]] = {}
    for y in dataset.years:
        for u in dataset.editions[y].units:
            names.setdefault(u.id, [])
            if u.name not in names[u.id]:
                names[u.id].append(u.name)
    latest: dict[str, int] = {}
    for year, unit_id in results:
        latest[unit_id] = max(year, latest.get(unit_id, year))
    out = []
    for unit_id, year in sorted(latest.items()):
        result = results[(year, unit_id)]
        unit = result.unit
        districts, since = places.of(unit, year)
        former = [n for n in names[unit_id] if n != unit.name]
        show = {
            "year": year,
            "type": UNIT_TYPE_LABELS[unit.type],
            "rank": result.rank,
            "ranked": ranked.get((year, unit.group, (unit.parent or "") if dataset.editions[year].group(unit.group).within_parent else ""), 0),
            "percent": scales.shown_text(dataset.editions[year].publication.scale, result.percent, result.score, result.max_score),
            "district": districts,
            "since": since if districts and since != year else None,  # the district is that of an earlier year
            "former": former,
            "note": _fate_note(histories, unit, year),
        }
        words = weighted_words((unit.name, NAME), *((d, PLACE) for d in districts), *((n, PLACE) for n in former), (UNIT_TYPE_SINGULAR[unit.type], OTHER))
        out.append(SearchRecord(paths.scorecard(unit_id, year), UNIT, unit.name, words, {k: v for k, v in show.items() if v not in (None, "", [])}))
    return out


def indicator_records(dataset: Dataset) -> list[SearchRecord]:
    out = []
    for fw in frameworks_in_use(dataset):
        label = UNIT_TYPE_LABELS[fw.unit_type]
        years = years_using(dataset, fw)
        out.append(
            SearchRecord(
                paths.methodology(fw.id),
                FRAMEWORK,
                fw.title,
                weighted_words(
                    (fw.title, NAME),
                    *((fw.legal_basis.get(k, ""), PLACE) for k in ("document", "issuer", "province", "part")),
                    (f"Bộ chỉ số {label.lower()}: cấu trúc, phương pháp và cách tính điểm", OTHER),
                ),
                {"type": label, "basis": fw.legal_basis.get("document", ""), "years": years},
            )
        )
        for ind in fw.walk():
            out.append(
                SearchRecord(
                    paths.indicator(fw.id, ind.id),
                    INDICATOR,
                    f"Chỉ số {ind.id}: {ind.name}",
                    weighted_words((f"Chỉ số {ind.id}", NAME), (ind.name, NAME), (label, OTHER)),
                    {"id": ind.id, "framework": fw.title, "type": label, "max": f"{compact_vi(ind.max_points)} điểm"},
                )
            )
    return out


def ranking_records(dataset: Dataset) -> list[SearchRecord]:
    out = []
    for year in sorted(dataset.years, reverse=True):
        for group in dataset.groups_of(year):
            unit_type, label = group.id, group.label
            title = f"Xếp hạng {label.lower()} năm {year}"
            count = len(dataset.results[year][unit_type])
            out.append(SearchRecord(paths.ranking(year, unit_type), RANKING, title, weighted_words((title, NAME), ("Bảng xếp hạng", OTHER)), {"year": year, "type": label, "count": count}))
    return out


def records(dataset: Dataset) -> list[SearchRecord]:
    """Every record, in a stable order (so two builds of the same data index the same documents)."""
    return unit_records(dataset) + indicator_records(dataset) + ranking_records(dataset)


def examples(dataset: Dataset) -> dict[str, str]:
    """What the search page suggests typing, taken from the data: a unit whose name has Đ (typed without
    diacritics), a district and an indicator id; empty strings where the data has none."""
    latest = max(dataset.years)
    units = sorted(dataset.editions[latest].units, key=lambda u: (u.type != "commune", "đ" not in u.name.lower(), sort_key(u.name)))
    with_districts = [y for y in dataset.years if any(u.type == "district" for u in dataset.editions[y].units)]
    districts = sorted((u.name for u in dataset.editions[max(with_districts)].units if u.type == "district"), key=sort_key) if with_districts else []
    indicator = next((i.id for fw in frameworks_in_use(dataset) for i in fw.leaves() if "." in i.id), "")
    unit = units[0].name if units else ""
    return {"unit": unit, "typed": fold(unit), "district": districts[0] if districts else "", "indicator": indicator}


def document(record: SearchRecord) -> str:
    """The record as the small HTML document the indexer reads (everything escaped)."""
    return environment().get_template("search_record.html").render(r=record, unit=UNIT)


def folded_words(html: str) -> str:
    """The words of a page that contain Đ/đ, written with D/d, each once, in order of appearance."""
    text = re.sub(r"<[^>]*>", " ", html)
    seen: dict[str, None] = {}
    for word in re.findall(r"\w*[đĐ]\w*", text):
        seen.setdefault(plain_d(word), None)
    return " ".join(seen)


def as_written(page_html: str, content_html: str) -> str:
    """A page indexed as written, for the indexer, with its words that contain Đ also written with D in a
    field search matches but never shows (so its excerpts keep the page's own spelling)."""
    tags = f'<meta data-pagefind-meta="folded[content]" content="{escape(folded_words(content_html))}">'
    head = page_html.find("</head>")
    return page_html[:head] + tags + page_html[head:] if head >= 0 else tags + page_html
