"""Pages as data: the scored dataset in, page objects (path, title, HTML body, navigation place) out.

No I/O and nothing about the site engine here: :mod:`generator.mkdocs_adapter` is the only code that
talks to MkDocs. Bodies are rendered with Jinja templates from ``generator/templates``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .model import UNIT_TYPE_LABELS, Dataset
from .numeric import compact_vi, vi_number

TYPE_SLUGS = {"department": "so-ban-nganh", "district": "cap-huyen", "commune": "cap-xa"}
DOWNLOADS = "du-lieu-mo.md"
OPEN_DATA_FILES = (
    ("results.csv", "Kết quả tổng hợp, thứ hạng, xếp loại của mọi đơn vị"),
    ("indicator_scores.csv", "Điểm tự đánh giá và điểm thẩm định của từng chỉ số, từng đơn vị"),
    ("indicators.csv", "Danh mục chỉ số: tên, điểm tối đa, cơ quan thẩm định, tài liệu kiểm chứng, cách tính"),
    ("datapackage.json", "Mô tả gói dữ liệu (Frictionless): lược đồ, giấy phép, cách trích dẫn"),
)


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    html: str
    nav: tuple[str, ...] | None = None
    meta: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return url_of(self.path)


def url_of(path: str) -> str:
    """The directory URL MkDocs gives a Markdown source path: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def relative(from_url: str, to: str) -> str:
    """A link from the page at ``from_url`` to a site path (a page URL or a file), valid under any sub-path."""
    target = to if not to.endswith(".md") else url_of(to)
    start = from_url or "."
    rel = posixpath.relpath(target or ".", start)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    return rel if rel != "./" else "./"


def ranking_path(year: int, unit_type: str) -> str:
    return f"xep-hang/{year}/{TYPE_SLUGS[unit_type]}.md"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vi"] = vi_number
    env.filters["num"] = compact_vi
    env.filters["type_label"] = UNIT_TYPE_LABELS.get
    return env


def render(template: str, page_url: str, **context) -> str:
    link = lambda to: relative(page_url, to)  # noqa: E731
    return environment().get_template(template).render(link=link, **context)


def ranking_page(dataset: Dataset, year: int, unit_type: str) -> Page:
    path = ranking_path(year, unit_type)
    results = dataset.results[year][unit_type]
    label = UNIT_TYPE_LABELS[unit_type]
    title = f"Xếp hạng {label.lower()} năm {year}"
    html = render(
        "ranking.html",
        url_of(path),
        year=year,
        unit_type=unit_type,
        ranked=[r for r in results if r.rank is not None],
        unranked=[r for r in results if r.rank is None],
        framework=dataset.framework_for(year, unit_type),
        edition=dataset.editions[year],
        has_bands=bool(dataset.editions[year].publication.bands),
    )
    return Page(path, title, html, nav=("Xếp hạng", str(year), label))


def home_page(dataset: Dataset) -> Page:
    years = sorted(dataset.years, reverse=True)
    html = render(
        "home.html",
        "",
        years=years,
        editions=dataset.editions,
        rankings={y: [(t, ranking_path(y, t)) for t in sorted(dataset.results[y], key=list(TYPE_SLUGS).index)] for y in years},
        downloads=DOWNLOADS,
    )
    province = dataset.editions[years[0]].province if years else ""
    return Page("index.md", f"Chỉ số chuyển đổi số {province}".strip(), html, nav=("Trang chủ",))


def downloads_page(dataset: Dataset) -> Page:
    years = sorted(dataset.years, reverse=True)
    html = render("downloads.html", url_of(DOWNLOADS), years=years, editions=dataset.editions, files=OPEN_DATA_FILES)
    return Page(DOWNLOADS, "Dữ liệu mở", html, nav=("Dữ liệu mở",))


def site_pages(dataset: Dataset) -> list[Page]:
    pages = [home_page(dataset)]
    for year in sorted(dataset.years, reverse=True):
        for unit_type in sorted(dataset.results[year], key=list(TYPE_SLUGS).index):
            pages.append(ranking_page(dataset, year, unit_type))
    pages.append(downloads_page(dataset))
    return pages
