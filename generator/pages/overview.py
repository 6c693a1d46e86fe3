"""The home page (the latest year at a glance), open-data downloads and search."""

from __future__ import annotations

from html import escape

from .. import charts, stats
from ..model import DRAFT, Dataset, group_slug
from ..opendata import ALL_YEARS_XLSX, all_years_download_name, citation, descriptor, download_name, xlsx_name
from ..rank import band_steps
from ..scale import AXES
from ..editions import ERRATA_LABELS, FIELD_LABELS
from . import glossary, paths, rankings, search
from .base import Page, render
from .indicators import frameworks_in_use
from .maps import home_maps
from .views import Peers

OPEN_DATA_FILES = (
    ("results.csv", "Kết quả tổng hợp: điểm, chỉ số DTI, thứ hạng, thay đổi hạng và căn cứ của nó (kể cả đơn vị hình thành từ sáp nhập), xếp loại, huyện của xã, lý do không xếp hạng"),
    ("indicator_scores.csv", "Điểm tự chấm và điểm thẩm định của từng chỉ số, từng đơn vị, kèm ý kiến của Hội đồng thẩm định"),
    ("indicators.csv", "Danh mục chỉ số: tên, điểm tối đa, cơ quan thẩm định, tài liệu kiểm chứng, cách tính"),
    ("lineage.csv", "Lịch sử đơn vị: mỗi đơn vị được hình thành từ những đơn vị nào của năm trước (sáp nhập, hợp nhất, đổi tên), để nối kết quả qua các năm"),
    ("evidence.csv", "Tài liệu kiểm chứng đơn vị nộp cho từng chỉ số: tên và địa chỉ"),
    ("datapackage.json", "Mô tả gói dữ liệu (chuẩn Frictionless): mọi tệp của năm, lược đồ các cột, khóa nối các bảng, giấy phép, cách trích dẫn"),
)


def _extra_files(dataset: Dataset, year: int, edition) -> list[tuple[str, str]]:
    """The year's files beyond the tables every year has: the objections to its draft, the changes since it."""
    out = []
    if dataset.editions[year].objections:
        out.append(("objections.csv", "Kiến nghị của các đơn vị về kết quả dự thảo và trả lời của Hội đồng thẩm định (xem trang «Ý kiến của các đơn vị»)"))
    if edition is not None and edition.draft_rows and edition.year == year:
        out.append(("draft_changes.csv", "Điểm, chỉ số DTI và thứ hạng thay đổi giữa bản dự thảo và kết quả công bố, kèm kiến nghị liên quan"))
    return out


def file_size(size: int | None) -> str:
    """A file's size as Vietnamese readers and Windows write it: ``850 byte``, ``196 KB``, ``1,2 MB``."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


EMBED_SCRIPT = """<script>
(function () {{
  var frame = document.getElementById("{frame_id}");
  window.addEventListener("message", function (event) {{
    var data = event.data;
    if (event.source !== frame.contentWindow || event.origin !== new URL(frame.src).origin) return;
    if (!data || data.type !== "dti-embed-height" || typeof data.height !== "number" || !(data.height > 0)) return;
    frame.style.height = Math.min(Math.ceil(data.height), 20000) + "px";
  }});
}})();
</script>"""


def embed_snippet(src: str, title: str, frame_id: str) -> str:
    """What a portal pastes: the frame, and a few lines that set its height from the embed's message
    (only from that frame, from the origin of its address, of the expected shape)."""
    frame = (
        f'<iframe id="{escape(frame_id)}" src="{escape(src)}" title="{escape(title)}" width="100%" height="640" '
        'style="border:0;width:100%;max-width:100%" loading="lazy"></iframe>'
    )
    return frame + "\n" + EMBED_SCRIPT.format(frame_id=frame_id)


def embed_snippets(dataset: Dataset, base_url: str) -> list[dict]:
    """The snippets offered on the downloads page: the latest year's commune ranking (or its first
    type), in full and compact, with the site's public address when it is known; without it, the embed's
    address from the site's root, which the page's script completes with the address the page is read at."""
    year = max(dataset.years)
    types = _types(dataset, year)
    unit_type = "commune" if "commune" in types else types[0]
    root = base_url
    label = dataset.editions[year].group(unit_type).label.lower()
    out = []
    for key, path, caption, title in (
        ("day-du", paths.embed(year, unit_type), f"Bảng đầy đủ: xếp hạng {label} năm {year}", f"Bảng xếp hạng {label} năm {year}"),
        ("gon", paths.embed_compact(year, unit_type), f"Bảng gọn: {rankings.COMPACT_TOP} đơn vị {label} dẫn đầu năm {year}", f"Các đơn vị {label} dẫn đầu năm {year}"),
    ):
        frame_id = f"dti-nhung-{year}-{group_slug(unit_type)}-{key}"
        src = root + paths.url_of(path).replace("index.html", "")
        out.append({"id": f"dti-snippet-{key}", "caption": caption, "code": embed_snippet(src, title, frame_id)})
    return out


def _types(dataset: Dataset, year: int) -> list[str]:
    """The ids of the year's ranking groups (a year without groups: its unit types), in the year's order."""
    return [g.id for g in dataset.groups_of(year)]


def band_palette(bands) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The bands best first, and the chart colour of each."""
    steps = band_steps(tuple(bands))
    ordered = sorted(bands, key=lambda b: b.order, reverse=True)
    return tuple(b.label for b in ordered), tuple(charts.BAND_COLOURS[steps[b.label]] for b in ordered)


def _median_before(now: Peers, before: Peers | None, middle) -> dict | None:
    """Last year's median DTI % of all assessed units of the type, and how this year's differs from it:
    the change of the median of the two years' published values (not a median of units' changes, which
    would speak only of the units kept through a reorganisation)."""
    if before is None:
        return None
    assessed = [r.percent for r in before.results if r.percent is not None]
    if not assessed:
        return None
    median = stats.median(assessed)
    return {"median": median, "count": len(assessed), "change": stats.difference(middle, median), "same_framework": before.framework.id == now.framework.id}


def home_page(dataset: Dataset, peers: dict[tuple[int, str], Peers]) -> Page:
    latest = max(dataset.years)
    previous = max((y for y in dataset.years if y < latest), default=None)
    summaries = []
    dots = []
    for unit_type in _types(dataset, latest):
        p = peers[(latest, unit_type)]
        ranked = p.ranked
        moved = [r for r in ranked if r.rank_change]
        middle = stats.median(r.percent for r in p.results)
        summaries.append(
            {
                "type": unit_type,
                "label": p.label,
                "peers": p,
                "count": len(p.results),
                "ranked": len(ranked),
                "top": ranked[:3],
                "bottom": ranked[-3:][::-1] if len(ranked) > 3 else [],
                "median": middle,
                "before": _median_before(p, peers.get((previous, unit_type)), middle),
                "risers": sorted((r for r in moved if r.rank_change > 0), key=lambda r: (-r.rank_change, r.rank))[:3],
                "fallers": sorted((r for r in moved if r.rank_change < 0), key=lambda r: (r.rank_change, r.rank))[:3],
            }
        )
        dots += [
            {"type": p.label, "unit": r.unit.name, "percent": r.percent, "band": r.band or "", "ranked": "Xếp hạng" if r.rank else charts.NOT_RANKED}
            for r in p.results
            if r.percent is not None
        ]
    html = render(
        "home.html",
        paths.HOME,
        latest=latest,
        previous=previous,
        edition=dataset.editions[latest],
        summaries=summaries,
        chart=charts.distribution("bieu-do-phan-bo-dti", dots, *band_palette(dataset.editions[latest].publication.bands), axis=AXES[dataset.editions[latest].publication.scale]),
        maps=home_maps(dataset, peers),
        years=sorted(dataset.years, reverse=True),
        types={y: dataset.groups_of(y) for y in dataset.years},
        frameworks=frameworks_in_use(dataset),
        paths=paths,
    )
    province = dataset.editions[latest].province
    return Page(paths.HOME, f"Chỉ số chuyển đổi số {province}", html, nav=("Trang chủ",), meta={"charts": True, "hide": ["navigation", "toc"], "index": False})


def downloads_page(dataset: Dataset, base_url: str, edition=None, draft: bool = False, sizes: dict[str, int] | None = None) -> Page:
    """The open-data files (which to use, their sizes and checksums), licence, citation, and how to embed
    a ranking; ``sizes`` are the files' sizes in bytes, by site path."""
    years = sorted(dataset.years, reverse=True)
    packages = {y: descriptor(dataset, y, base_url, edition.version if edition else None, draft) for y in years}
    root = base_url.rstrip("/") + "/" if base_url else ""
    html = render(
        "downloads.html",
        paths.DOWNLOADS,
        years=years,
        editions=dataset.editions,
        packages=packages,
        files=list(OPEN_DATA_FILES),
        extra_files={y: _extra_files(dataset, y, edition) for y in years},
        xlsx_name=xlsx_name,
        download_name=download_name,
        cite=lambda y: citation(dataset.editions[y], "").strip(),
        all_years=ALL_YEARS_XLSX,
        all_years_name=all_years_download_name(dataset),
        size=lambda path: file_size((sizes or {}).get(path)),
        types={y: dataset.groups_of(y) for y in years},
        base_url=root,
        snippets=embed_snippets(dataset, root),
        compact_top=rankings.COMPACT_TOP,
        edition=edition,
        draft=DRAFT if draft else "",
        paths=paths,
    )
    return Page(paths.DOWNLOADS, "Dữ liệu mở", html, nav=("Dữ liệu mở",), meta={"hide": ["toc"], "index": False})


def errata_page(dataset: Dataset, edition) -> Page:
    corrections = [m for m in edition.corrections if m.get("errata")]
    units = {(y, u.id) for y in dataset.years for u in dataset.editions[y].units}
    html = render("errata.html", paths.ERRATA, corrections=corrections, units=units, labels=ERRATA_LABELS, scores=FIELD_LABELS, paths=paths)
    return Page(paths.ERRATA, "Đính chính", html, nav=("Đính chính",), meta={"hide": ["toc"]})


def search_page(dataset: Dataset) -> Page:
    html = render("search.html", paths.SEARCH, paths=paths, examples=search.examples(dataset))
    return Page(paths.SEARCH, "Tìm kiếm", html, nav=("Tìm kiếm",), meta={"hide": ["navigation", "toc"], "index": False})


def pages(dataset: Dataset, peers: dict[tuple[int, str], Peers], base_url: str = "", edition=None, draft: bool = False, sizes: dict[str, int] | None = None) -> list[Page]:
    out = [home_page(dataset, peers), downloads_page(dataset, base_url, edition, draft, sizes), search_page(dataset), glossary.glossary_page()]
    if edition is not None and edition.errata:
        out.append(errata_page(dataset, edition))
    return out
