"""Unit scorecards (one per unit and year) and the compare page with the data its script reads."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial

from markupsafe import Markup, escape

from .. import charts, stats
from ..model import Dataset, Evidence, Indicator, IndicatorResult, UnitResult
from ..numeric import round_published, vi_count
from ..editions import ERRATA_LABELS as FIELD_LABELS
from ..objections import anchor as objection_anchor, concerning
from ..score import changed
from ..text import sort_key
from . import objections as objection_pages
from . import paths
from .base import Page, num_or_dash, render, vi_or_dash
from .views import Histories, Peers


@dataclass(frozen=True)
class Row:
    """One indicator on a scorecard: the unit's figures next to its peers'."""

    ind: Indicator
    depth: int
    result: IndicatorResult
    median: Decimal | None  # the peers' median score, of their published scores
    best: Decimal | None
    evidence: tuple[Evidence, ...]

    @property
    def changed(self) -> bool:
        return changed(self.result)


@dataclass(frozen=True)
class Gap:
    """What it takes to reach the next better rank."""

    rank: int
    units: tuple[UnitResult, ...]
    percent_points: Decimal
    points: Decimal


def next_rank_gap(result: UnitResult, peers: Peers) -> Gap | None:
    if result.rank is None or result.rank == 1:
        return None
    percents, at = peers.percents_ranked_with(result)
    target = percents[bisect_right(percents, result.percent)]  # the next higher DTI % among the ranked
    leaders = tuple(at[target])
    gap = target - result.percent
    needed = round_published(Fraction(gap) * result.max_score / 100)
    return Gap(leaders[0].rank, leaders, gap, needed)


def _depth(fw, ind_id: str) -> int:
    return len(fw.ancestors(ind_id))


def scorecard_page(
    dataset: Dataset, peers: dict[tuple[int, str], Peers], here: Peers, result: UnitResult, published=None, histories: Histories | None = None, base_url: str = "",
    evidence_of: dict[str, list[Evidence]] | None = None, contact: str = "",
) -> Page:
    """One unit's scorecard, its body rendered when it is asked for (a site has one per unit and year).
    ``evidence_of`` (the year's evidence by unit) spares each page a pass over all of the year's evidence."""
    path = paths.scorecard(result.unit.id, here.year)
    histories = histories or Histories(dataset)
    body = partial(scorecard_html, dataset, peers, here, result, published, histories, base_url, evidence_of, contact)
    # found through its search record; a year published as totals has no chart but the trend, when it has one
    charts_shown = not dataset.editions[here.year].summary or len(histories.of(result.unit, here.year)) > 1
    meta = {"charts": charts_shown, "index": False, "hide": ["navigation", "toc"]}
    return Page(path, f"{result.unit.name} — năm {here.year}", body, meta=meta)


def scorecard_html(
    dataset: Dataset, peers: dict[tuple[int, str], Peers], here: Peers, result: UnitResult, published, histories: Histories, base_url: str,
    evidence_of: dict[str, list[Evidence]] | None, contact: str = "",
) -> str:
    year, fw, unit = here.year, here.framework, result.unit
    path = paths.scorecard(unit.id, year)
    edition = dataset.editions[year]
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for e in (evidence_of[unit.id] if evidence_of is not None else [e for e in edition.evidence if e.unit_id == unit.id]):
        evidence[e.indicator_id].append(e)

    sections = []
    for main in fw.main_indices() if not edition.summary else ():  # a year published as totals has no indicator rows
        rows = [
            Row(ind, _depth(fw, ind.id) - _depth(fw, main.id), result.indicators[ind.id], here.indicator_median[ind.id], here.indicator_best[ind.id], tuple(evidence.get(ind.id, ())))
            for ind in fw.walk([main.id])
        ]
        sections.append((main, here.main_of(unit.id, main.id), here.main_median(main.id), here.main_best(main.id), rows))

    leaves = [row for _, _, _, _, rows in sections for row in rows if row.ind.is_leaf and row.result.evaluated and row.result.score is not None]
    losses = sorted((row for row in leaves if row.result.lost > 0), key=lambda row: (-row.result.lost, row.ind.row))[:8]
    total_lost = sum((row.result.lost for row in leaves), Fraction(0))

    main_chart = None if edition.summary else charts.main_indices(
        "bieu-do-chi-so-chinh",
        unit.name,
        [{"label": f"{m.id}. {m.name}", "unit": mr.percent, "median": med, "best": best} for m, mr, med, best, _ in sections],
    )
    past = histories.of(unit, year)
    previous_year = max((y for y in dataset.years if y < year and here.group_id in dataset.results[y]), default=None)
    trend_rows = [
        {
            "year": h.year,
            "unit": h.unit.name,
            "predecessor": not h.own,
            "percent": h.result.percent,
            "rank": peers[(h.year, h.unit.group)].rank_among(h.result) if h.result.rank else "không xếp hạng",
            "framework": "Cùng bộ chỉ số" if h.result.framework_id == fw.id else "Bộ chỉ số khác",
        }
        for h in past
    ]
    trend_chart = charts.trend("bieu-do-xu-huong", trend_rows) if len(trend_rows) > 1 else None
    unit_objections = concerning(edition.objections, unit.id)
    return render(
        "scorecard.html",
        path,
        r=result,
        peers=here,
        fw=fw,
        edition=edition,
        district=here.district_of(result),
        sections=sections,
        losses=losses,
        total_lost=total_lost,
        gap=next_rank_gap(result, here),
        previous_year=previous_year,
        rank_note=rank_note(dataset, peers, here, result, previous_year),
        formed_from=histories.predecessors(unit, year),
        fate=histories.fate(unit, year),
        history=past,
        history_frameworks={h.year: dataset.frameworks[h.result.framework_id] for h in past},
        ranked_among={(h.year, h.unit.id): peers[(h.year, h.unit.group)].rank_among(h.result) for h in past},
        shown_in_year={(h.year, h.unit.id): peers[(h.year, h.unit.group)].shown(h.result) for h in past},
        summary_mains=[(m, here.main_of(unit.id, m.id)) for m in fw.main_indices() if m.id in here.main] if edition.summary else [],
        detail_notes={h.year: dataset.editions[h.year].detail_note for h in past},
        main_chart=main_chart,
        trend_chart=trend_chart,
        changed_rows=[row for _, _, _, _, rows in sections for row in rows if row.ind.is_leaf and row.changed],
        not_evaluated=[row for _, _, _, _, rows in sections for row in rows if row.ind.is_leaf and not row.result.evaluated],
        council_rows=[row for _, _, _, _, rows in sections for row in rows if row.result.basis == "council"],
        no_data_rows=[row for _, _, _, _, rows in sections for row in rows if row.result.no_data],
        corrections=_corrections(published, unit.id, year),
        version=published.version if published else None,
        address=f"{base_url.rstrip('/')}/{paths.url_of(path)}" if base_url else "",
        contact=contact,
        labels=FIELD_LABELS,
        paths=paths,
        indicator_rows=indicator_rows,
        objections=unit_objections,
        objection_notes=objection_notes(unit_objections, paths.relative(paths.url_of(path), objection_pages.objections_path(year))),
        objections_page=objection_pages.objections_path(year),
        objection_anchor=objection_anchor,
    )


COUNCIL_BADGE = '<abbr class="dti-badge" title="Hội đồng thẩm định chấm">HĐ</abbr> '
ADJUSTED_MARK = '<span aria-hidden="true">✎ </span><span class="dti-sr">điều chỉnh: </span>'
NOT_EVALUATED_CELLS = '<td colspan="4" class="dti-muted dti-wide">Không đánh giá (không tính vào điểm đạt và điểm tối đa)</td>'


def evidence_item(e: Evidence) -> str:
    """A document a unit gave as evidence: a link when its address is a web link, else its title and address as text."""
    link = e.link
    if link is None:
        return f'{escape(e.title)} <span class="dti-muted">({escape(e.url)} — không phải đường dẫn web)</span>'
    host = f' <span class="dti-muted">(liên kết dẫn tới máy chủ <code>{escape(link.host)}</code>)</span>' if link.had_credentials or link.unusual_host else ""
    return f'<a href="{escape(link.href)}" rel="noopener nofollow">{escape(e.title)}</a>{host}'


def objection_notes(found, page: str) -> dict[str, str]:
    """By indicator, the cell notes of a unit's objections on it and the council's answers."""
    notes: dict[str, str] = defaultdict(str)
    for o in found:
        if o.indicator_id:
            change = f" ({vi_or_dash(o.score_before)} → {vi_or_dash(o.score_after)})" if o.changed else ""
            notes[o.indicator_id] += (
                f'<p class="dti-cell-note dti-objection-note"><strong><a href="{escape(page)}#{objection_anchor(o)}">Kiến nghị {escape(o.id)}</a>:</strong> {escape(o.request)} '
                f"<strong>Trả lời — {escape(o.outcome_label)}{change}:</strong> {escape(o.answer or 'chưa trả lời.')}</p>"
            )
    return dict(notes)


def indicator_rows(rows: list[Row], fw_id: str, link, year: int, objections: dict[str, str] | None = None) -> Markup:
    """The rows of a scorecard's indicator table. Written in Python rather than in the template: a site
    has one per unit, year and indicator, and this is most of a scorecard's cost. Numbers are made by the
    project's own formatting (digits and separators only); every text from the data is escaped."""
    out = []
    for row in rows:
        i, ind = row.result, row.ind
        adjusted = row.changed
        council = i.basis == "council"
        score = vi_or_dash(i.score)
        published = vi_or_dash(i.published) if i.published is not None else None
        if published == score:
            published = None
        classes = ("" if ind.is_leaf else "dti-parent") + (" dti-changed" if adjusted else "") + (" dti-council" if council else "") + (" dti-no-data" if i.no_data else "")
        out.append(
            f'    <tr class="{classes}">\n      <td class="dti-id"><a href="{escape(link(paths.indicator(fw_id, ind.id)))}">{escape(ind.id)}</a></td>\n'
            f'      <th scope="row" class="dti-depth-{row.depth}">{escape(ind.name)}</th>\n      <td class="num" data-label="Tối đa">{num_or_dash(i.max_points)}</td>\n'
        )
        if i.evaluated:
            mark = COUNCIL_BADGE if council else ADJUSTED_MARK if adjusted else ""
            printed = f'<br><span class="dti-published">bảng công bố ghi {published}</span>' if published else ""
            out.append(
                f'      <td class="num" data-label="Điểm tự đánh giá">{vi_or_dash(i.self_score)}</td>\n      <td class="num" data-label="Điểm thẩm định">{mark}{score}{printed}</td>\n'
                f'      <td class="num" data-label="Điểm chưa đạt">{vi_or_dash(i.lost)}</td>\n      <td class="num" data-label="Trung vị">{vi_or_dash(row.median)}</td>\n'
            )
        else:
            out.append(f"      {NOT_EVALUATED_CELLS}\n")
        notes = []
        if i.no_data:
            notes.append(f'<p class="dti-cell-note"><strong>Không có số liệu:</strong> đơn vị không gửi số liệu của chỉ số này; theo quy định năm {year}, chỉ số được 0 điểm.</p>')
        if council:
            formula = f"; theo công thức: {vi_or_dash(i.formula_score)}" if i.formula_score is not None else ""
            notes.append(f'<p class="dti-cell-note"><strong>Hội đồng chấm {score} điểm</strong>{formula}.</p>')
        if published:
            notes.append(f'<p class="dti-cell-note">Bảng công bố ghi tổng {published} điểm; trang dùng tổng các chỉ số con ({score}).</p>')
        if i.note:
            notes.append(f'<p class="dti-cell-note">{escape(i.note)}</p>')
        if row.evidence:
            notes.append('<ul class="dti-evidence">' + "".join(f"<li>{evidence_item(e)}</li>" for e in row.evidence) + "</ul>")
        if objections and ind.id in objections:
            notes.append(objections[ind.id])
        out.append(f'      <td class="dti-wide dti-notes">{"".join(notes)}</td>\n    </tr>\n')
    return Markup("".join(out))


def rank_note(dataset: Dataset, peers: dict[tuple[int, str], Peers], here: Peers, result: UnitResult | None, previous_year: int | None) -> str:
    """Why there is no rank change to show, in a few words; empty when there is one (or nothing to say)."""
    if previous_year is None or (previous_year, here.group_id) not in peers:
        return ""
    before = len(peers[(previous_year, here.group_id)].ranked)
    if result is not None and result.merged_from:
        return f"đơn vị hình thành từ {vi_count(len(result.merged_from))} đơn vị của năm {previous_year}"
    if not here.comparable_with(peers[(previous_year, here.group_id)]):
        direction = "giảm" if len(here.ranked) < before else "tăng"
        return f"số đơn vị được xếp hạng {direction} từ {vi_count(before)} (năm {previous_year}) còn {vi_count(len(here.ranked))} (năm {here.year})" if direction == "giảm" else f"số đơn vị được xếp hạng tăng từ {vi_count(before)} (năm {previous_year}) lên {vi_count(len(here.ranked))} (năm {here.year})"
    return ""


def _corrections(edition, unit_id: str, year: int) -> list[tuple[dict, list[dict]]]:
    """The corrections of this edition that changed this unit's figures: (manifest, its rows for the unit)."""
    if edition is None:
        return []
    found = []
    for manifest in edition.corrections:
        rows = [row for row in manifest.get("errata", []) if row["unit_id"] == unit_id and row["year"] == year]
        if rows:
            found.append((manifest, rows))
    return found


def compare_data(dataset: Dataset, peers: dict[tuple[int, str], Peers]) -> dict[str, str]:
    """Per year, the published figures of every unit, for the compare page's script."""
    files = {}
    for year in dataset.years:
        types = {}
        # a year published at total or main-index level has no indicator scores to compare: it is not offered
        for unit_type in (g.id for g in dataset.groups_of(year) if not dataset.editions[year].summary):
            p = peers[(year, unit_type)]
            fw = p.framework
            types[unit_type] = {
                "label": p.label,
                "framework": fw.id,
                "indicators": [
                    {
                        "id": i.id, "name": i.name, "level": i.level, "max": _num(i.max_points), "main": i.level == "main",
                        "median": _num(p.indicator_median[i.id]), "best": _num(p.indicator_best[i.id]),
                    }
                    for i in fw.walk()
                    if i.level != "group"
                ],
                "mains": [
                    {"id": m.id, "median": _float(p.main_median(m.id)), "best": _float(p.main_best(m.id))} for m in fw.main_indices()
                ],
                "percent": {"median": _float(stats.median(r.percent for r in p.results)), "best": _float(stats.best(r.percent for r in p.results))},
                "units": [
                    {
                        "id": r.unit.id,
                        "name": r.unit.name,
                        "district": p.district_of(r),
                        "rank": r.rank,
                        "percent": float(r.percent) if r.percent is not None else None,
                        "score": _num(r.score),
                        "max": _num(r.max_score),
                        "band": r.band,
                        "url": paths.url_of(paths.scorecard(r.unit.id, year)),
                        "scores": {k: (_num(v.score) if v.evaluated and v.score is not None else None) for k, v in r.indicators.items()},
                        "maxima": {k: _num(v.max_points) for k, v in r.indicators.items() if not v.evaluated or fw.indicators[k].level == "main"},
                        "main_percent": {m.id: _float(p.main_of(r.unit.id, m.id).percent) for m in fw.main_indices()},
                    }
                    for r in sorted(p.results, key=lambda r: (sort_key(r.unit.name), r.unit.id))
                ],
            }
        body = {"year": year, "province": dataset.editions[year].province, "types": types, "order": list(types)}
        files[paths.scorecards_json(year)] = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return files


def _num(value: Fraction | None) -> float | None:
    return None if value is None else float(round_published(value))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)




def compare_page(dataset: Dataset, peers: dict[tuple[int, str], Peers]) -> Page:
    years = [y for y in dataset.years if not dataset.editions[y].summary] or dataset.years
    latest = max(years)
    first_type = dataset.groups_of(latest)[0].id
    p = peers[(latest, first_type)]
    default = p.ranked[:2]
    html = render(
        "compare.html",
        paths.COMPARE,
        years=sorted(years, reverse=True),
        types={y: dataset.groups_of(y) for y in dataset.years},
        peers=p,
        default=default,
        mains=[m for m in p.framework.main_indices() if all(m.id in r.indicators for r in default)],  # none for a year published as totals
        paths=paths,
    )
    return Page(paths.COMPARE, "So sánh các đơn vị", html, nav=("So sánh",), meta={"hide": ["navigation", "toc"], "index": False, "charts": True})


def pages(dataset: Dataset, peers: dict[tuple[int, str], Peers], edition=None, base_url: str = "", contact: str = "") -> list[Page]:
    out = [compare_page(dataset, peers)]
    histories = Histories(dataset)
    evidence_of: dict[int, dict[str, list[Evidence]]] = {}
    for year in dataset.years:
        evidence_of[year] = defaultdict(list)
        for e in dataset.editions[year].evidence:
            evidence_of[year][e.unit_id].append(e)
    order = {(y, g.id): i for y in dataset.years for i, g in enumerate(dataset.groups_of(y))}
    for (year, unit_type), p in sorted(peers.items(), key=lambda kv: (-kv[0][0], order[kv[0]])):
        out += [scorecard_page(dataset, peers, p, r, edition, histories, base_url, evidence_of[year], contact) for r in p.results]
    return out



