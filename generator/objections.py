"""Units' objections to the draft (*kiến nghị*) and the council's answers: read from a year's optional
``objections.csv``, checked against the year once it is scored, and counted for the pages.

Between the draft sent out for comments and the decision, a unit may object to a score (or to its whole
result); the council answers each objection: accepted, accepted in part, or rejected, and where the score
changed the table gives it before and after. The decision publishes every objection with its answer.
Objections are institutional texts: a unit's request and the council's answer, never a person's name.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from .errors import Issue, display_path
from .numeric import round_published
from .tables import NumberFormat, read_table

RESOURCE = "objections"
FILE = "objections.csv"
OUTCOMES = {"accepted": "Chấp nhận", "partly": "Chấp nhận một phần", "rejected": "Không chấp nhận"}
UNANSWERED = "Chưa trả lời"
SCORE_COLUMNS = ("score_before", "score_after")


class Objection(NamedTuple):
    id: str
    unit_id: str
    indicator_id: str  # "" for the unit's whole result
    received: str  # YYYY-MM-DD
    request: str
    answer: str
    outcome: str  # accepted, partly, rejected; "" while unanswered
    score_before: Fraction | None
    score_after: Fraction | None
    row: int

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, UNANSWERED)

    @property
    def changed(self) -> bool:
        """Whether the council's answer changed a score."""
        return self.score_before is not None and self.score_after is not None and self.score_before != self.score_after


def read(folder: Path, descriptor: dict, schema: dict, fmt: NumberFormat | None, report) -> tuple[tuple[Objection, ...], str | None]:
    """The year's objections and the file they came from, when its descriptor declares the resource
    «objections» (an undeclared file is reported with the year's other files)."""
    found = next((r for r in descriptor.get("resources", []) if isinstance(r, dict) and r.get("name") == RESOURCE), None)
    if found is None:
        return (), None
    path = found.get("path")
    if not isinstance(path, str) or path != Path(path).name or not path.endswith(".csv"):
        report.append(Issue(display_path(folder / "datapackage.json"), None, f"resources.{RESOURCE}.path", "bad-path", "đường dẫn phải là tên một tệp .csv nằm trong thư mục của gói"))
        return (), None
    shown = display_path(folder / path)
    formats = {c: fmt for c in SCORE_COLUMNS} if fmt else None
    rows = read_table(folder / path, shown, schema, report, formats)
    if rows is None:
        return (), shown
    out = tuple(
        Objection(r["id"], r["unit_id"], r.get("indicator_id") or "", r["received"], r["request"], r.get("answer") or "", r.get("outcome") or "",
                  r.get("score_before"), r.get("score_after"), r["_row"])
        for r in rows
    )
    return out, shown


# --------------------------------------------------------------------------- checks against the scored year


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _published(value: Fraction | None):
    return None if value is None else round_published(value)


def check(edition, results: dict, frameworks: dict) -> Iterator[Issue]:
    """Each objection against the year: a known unit and an indicator of its index set, a date in the cycle
    (after the year assessed, not after the decision), an answer and an outcome once the decision is
    recorded, a score changed where accepted and none where rejected, and the after-score equal to the
    score the decision publishes."""
    if not edition.objections:
        return
    where = edition.files.get(RESOURCE, "")
    units = {u.id: u for u in edition.units}
    by_unit = {r.unit.id: r for rs in results.values() for r in rs}
    decided = not edition.publication.draft
    earliest = date(edition.year + 1, 1, 1)
    latest = _date(edition.publication.date) if decided and edition.publication.date else None
    for o in edition.objections:
        unit = units.get(o.unit_id)
        if unit is None:
            yield Issue(where, o.row, "unit_id", "objection-unknown-unit", f"kiến nghị {o.id}: đơn vị «{o.unit_id}» không có trong units.csv của năm {edition.year}")
            continue
        fid = edition.frameworks.get(unit.group or unit.type)  # a year's index sets are by ranking group
        fw = frameworks.get(fid) if fid else None
        if o.indicator_id and fw is not None and o.indicator_id not in fw.indicators:
            yield Issue(where, o.row, "indicator_id", "objection-unknown-indicator", f"kiến nghị {o.id}: bộ chỉ số «{fid}» của {unit.name} không có chỉ số «{o.indicator_id}»")
            continue
        yield from _check_date(o, where, edition.year, earliest, latest)
        yield from _check_answer(o, where, decided)
        result = by_unit.get(o.unit_id)
        if decided and result is not None and o.score_after is not None:
            if o.indicator_id:
                i = result.indicators.get(o.indicator_id)
                published, what = (i.score if i else None), f"điểm chỉ số {o.indicator_id}"
            else:
                published, what = result.score, "tổng điểm"
            if _published(published) != _published(o.score_after):
                shown = "không có" if published is None else str(_published(published)).replace(".", ",")
                yield Issue(where, o.row, "score_after", "objection-after-differs",
                            f"kiến nghị {o.id}: điểm sau ({str(_published(o.score_after)).replace('.', ',')}) khác {what} của {unit.name} theo kết quả công bố ({shown})")


def _check_date(o: Objection, where: str, year: int, earliest: date, latest: date | None) -> Iterator[Issue]:
    when = _date(o.received)
    if when is None:
        yield Issue(where, o.row, "received", "objection-date", f"kiến nghị {o.id}: ngày nhận «{o.received}» không phải một ngày có thật (NĂM-THÁNG-NGÀY)")
    elif when < earliest:
        yield Issue(where, o.row, "received", "objection-date", f"kiến nghị {o.id}: ngày nhận {o.received} trước khi năm đánh giá {year} kết thúc; kiến nghị về dự thảo được gửi từ năm {year + 1}")
    elif latest is not None and when > latest:
        yield Issue(where, o.row, "received", "objection-date", f"kiến nghị {o.id}: ngày nhận {o.received} sau ngày công bố {latest.isoformat()}; kiến nghị phải được trả lời trước quyết định")


def _check_answer(o: Objection, where: str, decided: bool) -> Iterator[Issue]:
    if decided and (not o.outcome or not o.answer):
        field = "outcome" if not o.outcome else "answer"
        yield Issue(where, o.row, field, "objection-unanswered", f"kiến nghị {o.id}: chưa có trả lời hoặc kết quả của Hội đồng, mà năm đã ghi quyết định công bố")
    if o.outcome == "accepted" and not o.changed:
        yield Issue(where, o.row, "score_after", "objection-score-unchanged", f"kiến nghị {o.id} được chấp nhận nhưng không ghi điểm thay đổi (điểm trước và điểm sau)")
    if o.outcome == "rejected" and o.changed:
        yield Issue(where, o.row, "score_after", "objection-score-changed", f"kiến nghị {o.id} không được chấp nhận nhưng lại ghi điểm thay đổi")
    if (o.score_before is None) != (o.score_after is None):
        yield Issue(where, o.row, "score_before" if o.score_before is None else "score_after", "objection-score-changed",
                    f"kiến nghị {o.id}: ghi cả điểm trước và điểm sau khi điểm thay đổi, hoặc để trống cả hai")


# --------------------------------------------------------------------------- for the pages


def counts(objections: Iterable[Objection]) -> dict[str, int]:
    """How many were received, and how many of each outcome (``unanswered`` too)."""
    out = {"received": 0, "accepted": 0, "partly": 0, "rejected": 0, "unanswered": 0}
    for o in objections:
        out["received"] += 1
        out[o.outcome or "unanswered"] += 1
    return out


def anchor(o: Objection) -> str:
    """The objection's anchor on the objections page."""
    return f"kien-nghi-{o.id.lower()}"


def concerning(objections: Iterable[Objection], unit_id: str) -> list[Objection]:
    return sorted((o for o in objections if o.unit_id == unit_id), key=lambda o: (o.received, o.id))
