"""What every page family shares: the page object, the templates' environment and the small pieces of
markup (numbers, bands, rank changes, score cells) that tables repeat thousands of times."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from decimal import Decimal
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..compiled import COMPILED
from ..model import UNIT_TYPE_LABELS, UNIT_TYPE_SINGULAR
from ..numeric import compact_vi, vi_count, vi_number
from ..urls import safe_href
from . import paths
from .paths import relative, url_of


@dataclass(frozen=True, eq=False)
class Page:
    path: str
    title: str
    # The HTML, or what renders it when it is asked for: a site has a scorecard per unit and year, and
    # holding them all at once would take gigabytes for a national year.
    body: str | Callable[[], str]
    nav: tuple[str, ...] | None = None
    # For the theme (``hide``, ``charts``, ``search``), and ``index``: whether search indexes the page as
    # written (the default). Pages that search finds through a record of their own (units, indicators,
    # index sets, rankings: see :mod:`generator.pages.search`) say False.
    meta: dict = field(default_factory=dict)

    @property
    def html(self) -> str:
        return self.body if isinstance(self.body, str) else self.body()

    @property
    def deferred(self) -> bool:
        """Whether the body is rendered only when asked for."""
        return not isinstance(self.body, str)

    @property
    def url(self) -> str:
        return url_of(self.path)

    @property
    def standalone(self) -> bool:
        """A complete HTML document written as it is (embeds), not a page of the site's theme."""
        return self.path.endswith(".html")


def vi_or_dash(value) -> str:
    """A published number, or «–» where there is none (the templates' ``vi`` filter)."""
    return "–" if value is None else vi_number(value)


def num_or_dash(value) -> str:
    """A maximum or a threshold as short as it is exact, or «–» (the templates' ``num`` filter)."""
    return "–" if value is None else compact_vi(value)


def scorecard_links(link) -> Callable[[str, int], str]:
    """Links from a page outside the scorecards' folder to scorecards: the way to the folder is worked out
    once, for tables that link thousands of them."""
    to_folder = link(paths.SCORECARDS)
    start = len(paths.SCORECARDS)
    return lambda unit_id, year: to_folder + url_of(paths.scorecard(unit_id, year))[start:]


def vi_percent(value) -> Markup:
    if value is None:
        return Markup("–")
    return Markup(f"{vi_number(value)}&nbsp;%")


def vi_dates(text: str) -> str:
    """Dates written day/month/year inside a text, in one format: ``ngày 24/2/2023`` → ``ngày 24/02/2023``."""
    return re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", lambda m: f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}", text or "")


def vi_date(iso: str) -> str:
    """``2025-03-21`` → ``21/03/2025``; a year-month ``2024-03`` → ``03/2024``; anything else as it is."""
    parts = (iso or "").split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[1]}/{parts[0]}"
    return iso or ""


def score_cell(i, href: str | None = None) -> Markup:
    """A table cell with an indicator result: the score (a link if ``href`` is given), «KĐG» when not
    evaluated, «–» when absent. Written in Python rather than as a template macro: a site calls it for
    every unit and indicator."""
    if not i:
        return Markup('<td class="num" data-value=""><span class="dti-muted">–</span></td>')
    if not i.evaluated:
        return Markup('<td class="num" data-value=""><abbr title="không đánh giá">KĐG</abbr></td>')
    value = "" if i.score is None else repr(float(i.score))
    badge = ""
    if i.basis == "council":
        badge = '<abbr class="dti-badge" title="Hội đồng thẩm định chấm">HĐ</abbr> '
    elif i.no_data:
        badge = '<abbr class="dti-badge" title="không có số liệu">KCSL</abbr> '
    shown = vi_or_dash(i.score)
    if href:
        shown = f'<a href="{escape(href)}">{shown}</a>'
    return Markup(f'<td class="num" data-value="{value}">{badge}{shown}</td>')


def rank_change(value: int | None) -> Markup:
    """A change of rank: an arrow and the number of places for the eye, the words for a screen reader."""
    if value is None:
        return Markup('<span aria-hidden="true">–</span><span class="dti-sr">không có so sánh</span>')
    if value > 0:
        return Markup(f'<span class="dti-up" aria-hidden="true">▲&nbsp;{int(value)}</span><span class="dti-sr">tăng {int(value)} bậc</span>')
    if value < 0:
        return Markup(f'<span class="dti-down" aria-hidden="true">▼&nbsp;{-int(value)}</span><span class="dti-sr">giảm {-int(value)} bậc</span>')
    return Markup('<span aria-hidden="true">=</span><span class="dti-sr">giữ nguyên thứ hạng</span>')


def band(label: str | None, peers) -> Markup:
    """A grade band as a badge: its words are always there; the colour only repeats them."""
    if not label:
        return Markup("")
    return Markup(f'<span class="dti-band dti-band-{peers.band_step.get(label, 2)}">{escape(label)}</span>')


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,  # compiled once, not at every process's first build
    )
    env.filters.update(
        vi=vi_or_dash,
        num=num_or_dash,
        count=vi_count,
        pct=vi_percent,
        date=vi_date,
        dates=vi_dates,
        href=safe_href,
        type_label=UNIT_TYPE_LABELS.get,
        type_singular=UNIT_TYPE_SINGULAR.get,
    )
    env.globals.update(Decimal=Decimal, score_cell=score_cell, rank_change=rank_change, band=band)
    return env


def render(template: str, path: str, **context) -> str:
    """Render a body template for the page at ``path``; ``link(x)`` in templates gives a relative URL."""
    here = url_of(path)
    return environment().get_template(template).render(link=lambda to: relative(here, to), here=here, **context)
