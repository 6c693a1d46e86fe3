"""Years at the level they were published (``dti.detail``: ``total`` or ``main``): results read from the
printed table (``published.csv``) rather than computed from inputs, and every place the table disagrees
with itself, located.

A unit's result is its printed points out of its printed maximum (at ``main`` level, the sums of its main
indices), its percentage worked out once from them (rounded as published), and its rank and band worked
out from that percentage exactly as for any year. What the table prints besides (a total beside its main
indices, a percentage, a rank, a band) is compared with what the figures give, and each difference is a
warning naming the row and the column: the site shows the figures' result, and says what was printed.
Nothing below a main index is invented: such a year has no indicator scores and no points lost.
"""

from __future__ import annotations

from fractions import Fraction

from .errors import ERROR, WARNING, Issue
from .model import Edition, Framework, IndicatorResult, PublishedRow, UnitResult
from .numeric import compact_vi, round_published, vi_count, vi_number


def _percent(points: Fraction, maximum: Fraction):
    return round_published(Fraction(points) / maximum * 100) if maximum else None


class _Reader:
    """Reads one summary year's table, group by group, collecting its problems."""

    def __init__(self, edition: Edition, frameworks: dict[str, Framework]):
        self.edition, self.frameworks = edition, frameworks
        self.where = edition.files.get("published", edition.path)
        self.issues: list[Issue] = []
        self.rows: dict[str, dict[str, PublishedRow]] = {}  # unit → indicator ("" = total) → row
        units = {u.id for u in edition.units}
        for row in edition.published:
            if row.unit_id not in units:
                self._claim_issue(row, "unit_id", "unknown-unit", f"đơn vị «{row.unit_id}» không có trong units.csv năm {edition.year}")
                continue
            seen = self.rows.setdefault(row.unit_id, {})
            if row.indicator_id in seen:
                what = f"chỉ số {row.indicator_id}" if row.indicator_id else "tổng điểm"
                self._claim_issue(row, "indicator_id", "duplicate-key", f"đơn vị «{row.unit_id}» có hai dòng {what} (dòng {seen[row.indicator_id].row} và dòng này)")
                continue
            seen[row.indicator_id] = row
            if row.points > row.max_points:
                self._claim_issue(row, "points", "points-over-max", f"điểm {compact_vi(row.points)} vượt quá điểm tối đa {compact_vi(row.max_points)}")

    def _claim_issue(self, row: PublishedRow, field: str, code: str, message: str, severity: str = ERROR) -> None:
        self.issues.append(Issue(self.where, row.row, field, code, f"đơn vị «{row.unit_id}»: {message}" if not message.startswith("đơn vị") else message, severity))

    def result(self, unit, fw: Framework) -> UnitResult | None:
        rows = self.rows.get(unit.id, {})
        total = rows.get("")
        if self.edition.detail == "total":
            for ind, row in rows.items():
                if ind:
                    self._claim_issue(row, "indicator_id", "bad-published-row", f"năm {self.edition.year} công bố ở mức tổng điểm: để trống indicator_id (dòng tổng của đơn vị)")
            if total is None:
                return self._missing(unit)
            return self._made(unit, fw, total.points, total.max_points, {})
        mains = {m.id for m in fw.main_indices()}
        for ind, row in rows.items():
            if ind and ind not in mains:
                self._claim_issue(row, "indicator_id", "bad-published-row", f"«{ind}» không phải chỉ số chính của bộ chỉ số «{fw.id}» ({', '.join(sorted(mains))})")
        found = [(m, rows[m.id]) for m in fw.main_indices() if m.id in rows]
        if not found:
            return self._missing(unit)
        points = sum((row.points for _, row in found), Fraction(0))
        maximum = sum((row.max_points for _, row in found), Fraction(0))
        indicators = {
            m.id: IndicatorResult(m.id, rows[m.id].max_points, None, rows[m.id].points, True, published=rows[m.id].points) if m.id in rows
            else IndicatorResult(m.id, m.max_points, None, None, False)
            for m in fw.main_indices()
        }
        if total is not None:
            for field, printed, summed in (("points", total.points, points), ("max_points", total.max_points, maximum)):
                if printed != summed:
                    self._claim_issue(
                        total, field, "published-total-differs",
                        f"bảng công bố ghi {'tổng điểm' if field == 'points' else 'điểm tối đa'} {vi_number(printed)}, các chỉ số chính cộng lại {vi_number(summed)}; "
                        "trang dùng tổng các chỉ số chính",
                        WARNING,
                    )
        return self._made(unit, fw, points, maximum, indicators)

    def _missing(self, unit) -> None:
        what = "dòng tổng điểm" if self.edition.detail == "total" else "dòng nào của các chỉ số chính"
        self.issues.append(Issue(self.edition.files["units"], unit.row, "id", "missing-published-row", f"đơn vị «{unit.id}» không có {what} trong published.csv"))
        return None

    def _made(self, unit, fw: Framework, points: Fraction, maximum: Fraction, indicators: dict) -> UnitResult:
        percent = _percent(points, maximum)
        if percent is None:
            self.issues.append(Issue(self.edition.files["units"], unit.row, "id", "nothing-evaluated", f"đơn vị «{unit.id}» có điểm tối đa bằng 0"))
        return UnitResult(self.edition.year, unit, fw.id, Fraction(points), Fraction(maximum), indicators, percent)


def summary_results(edition: Edition, frameworks: dict[str, Framework]) -> tuple[dict[str, list[UnitResult]], list[Issue]]:
    """Results per ranking group of a year published at total or main-index level, and the problems of
    its table (before ranking: see :func:`printed_differences` for ranks and bands)."""
    reader = _Reader(edition, frameworks)
    results: dict[str, list[UnitResult]] = {}
    for group in edition.groups:
        fw = frameworks.get(group.framework)
        if fw is None or not group.fits(fw.unit_type):
            continue
        made = [reader.result(unit, fw) for unit in edition.units_in(group.id)]
        results[group.id] = [r for r in made if r is not None]
    return results, reader.issues


def printed_differences(edition: Edition, ranked: dict[str, list[UnitResult]]) -> list[Issue]:
    """Where the printed percentage, rank or band of a summary year differs from what its points give
    (the ranks and bands computed as for any year), each a located warning."""
    where = edition.files.get("published", edition.path)
    totals = {row.unit_id: row for row in edition.published if row.indicator_id == ""}
    main_rows = [row for row in edition.published if row.indicator_id]
    out = []
    for results in ranked.values():
        for r in results:
            row = totals.get(r.unit.id)
            if row is None:
                continue
            if row.percent is not None and r.percent is not None and Fraction(r.percent) != Fraction(round_published(row.percent)):
                out.append(Issue(where, row.row, "percent", "printed-percent-differs", f"đơn vị «{r.unit.id}»: bảng ghi {vi_number(row.percent)} %, điểm chia điểm tối đa cho {vi_number(r.percent)} %", WARNING))
            if row.rank is not None and row.rank != r.rank:
                shown = f"hạng {vi_count(r.rank)}" if r.rank is not None else "không xếp hạng"
                out.append(Issue(where, row.row, "rank", "printed-rank-differs", f"đơn vị «{r.unit.id}»: bảng ghi hạng {vi_count(row.rank)}, xếp theo điểm thì {shown}", WARNING))
            if row.band is not None and edition.publication.bands and row.band != r.band:
                out.append(Issue(where, row.row, "band", "printed-band-differs", f"đơn vị «{r.unit.id}»: bảng ghi xếp loại «{row.band}», theo tỷ lệ {vi_number(r.percent)} % là «{r.band or '—'}»", WARNING))
    for row in main_rows:
        percent = _percent(row.points, row.max_points)
        if row.percent is not None and percent is not None and Fraction(percent) != Fraction(round_published(row.percent)):
            out.append(Issue(where, row.row, "percent", "printed-percent-differs", f"đơn vị «{row.unit_id}», chỉ số {row.indicator_id}: bảng ghi {vi_number(row.percent)} %, điểm chia điểm tối đa cho {vi_number(percent)} %", WARNING))
    return sorted(out, key=lambda i: (i.row or 0, i.field or ""))
