"""Checks of how a year ranks: its ranking groups, the group of each unit, and its grade bands.

Each check takes the year's :class:`~generator.checks.EditionContext` (its ``edition`` and the index sets,
``frameworks``) and yields located issues; :data:`generator.checks.EDITION_CHECKS` lists them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .errors import Issue
from .model import UNIT_TYPE_SINGULAR, UNIT_TYPES, Band
from .numeric import compact_vi


def _where_group(ed, i: int, field: str) -> str:
    return f"dti.groups[{i}].{field}" if ed.groups_declared else f"dti.frameworks.{ed.groups[i].id}"


def check_groups(ctx) -> Iterator[Issue]:
    """Every group names unit types that exist and an index set that exists and is made for one of them;
    no two groups share an address."""
    ed = ctx.edition
    where = ed.files["datapackage"]
    slugs: dict[str, str] = {}
    for i, g in enumerate(ed.groups):
        bad_types = [t for t in g.unit_types if t not in UNIT_TYPES]
        if bad_types:
            field = _where_group(ed, i, "unit_types") if ed.groups_declared else "dti.frameworks"
            yield Issue(where, None, field, "bad-unit-type", f"loại đơn vị «{bad_types[0]}» không hợp lệ; chỉ dùng: {', '.join(UNIT_TYPES)}")
            continue
        fw = ctx.frameworks.get(g.framework)
        if fw is None:
            yield Issue(where, None, _where_group(ed, i, "framework"), "unknown-framework", f"không có bộ chỉ số «{g.framework}» trong data/frameworks (hoặc bộ chỉ số đó có lỗi)")
        elif not g.fits(fw.unit_type):
            held = ", ".join(UNIT_TYPE_SINGULAR.get(t, t) for t in g.unit_types)
            yield Issue(
                where, None, _where_group(ed, i, "framework"), "framework-type-mismatch",
                f"bộ chỉ số «{g.framework}» dành cho {UNIT_TYPE_SINGULAR.get(fw.unit_type, fw.unit_type)}, nhưng nhóm «{g.id}» gồm {held}",
            )
        if g.slug in slugs:
            yield Issue(where, None, _where_group(ed, i, "id"), "duplicate-group", f"nhóm «{g.id}» trùng mã (hoặc trùng địa chỉ trang «{g.slug}») với nhóm «{slugs[g.slug]}»")
        slugs.setdefault(g.slug, g.id)


def check_unit_groups(ctx) -> Iterator[Issue]:
    """Every unit is ranked in exactly one group that holds its type, and a group ranked within parent
    units has a parent for each of its units."""
    ed = ctx.edition
    where = ed.files["units"]
    groups = {g.id: g for g in ed.groups}
    for unit in ed.units:
        kind = UNIT_TYPE_SINGULAR.get(unit.type, unit.type)
        if unit.group is None:
            holding = [g.id for g in ed.groups if unit.type in g.unit_types]
            if not holding:
                yield Issue(where, unit.row, "type", "no-framework", f"năm {ed.year} không khai báo bộ chỉ số (nhóm xếp hạng) cho loại đơn vị «{unit.type}»")
            else:
                yield Issue(
                    where, unit.row, "group", "ambiguous-group",
                    f"{kind} «{unit.id}» có thể thuộc {len(holding)} nhóm xếp hạng ({', '.join(holding)}): hãy ghi mã nhóm ở cột group",
                )
            continue
        group = groups.get(unit.group)
        if group is None:
            yield Issue(where, unit.row, "group", "unknown-group", f"nhóm xếp hạng «{unit.group}» không có trong dti.groups năm {ed.year}; các nhóm: {', '.join(groups)}")
        elif unit.type not in group.unit_types:
            yield Issue(
                where, unit.row, "group", "group-type-mismatch",
                f"nhóm «{group.id}» ({group.label}) không gồm {kind}; hãy ghi một nhóm có loại «{unit.type}» trong unit_types, hoặc thêm loại đó vào nhóm",
            )
        elif group.within_parent and not unit.parent:
            yield Issue(
                where, unit.row, "parent", "missing-parent-unit",
                f"nhóm «{group.id}» xếp hạng trong từng đơn vị cấp trên nên {kind} «{unit.id}» cần ghi đơn vị cấp trên ở cột parent",
            )


# --------------------------------------------------------------------------- bands

HUNDRED = Decimal(100)


def band_problems(bands: tuple[Band, ...]) -> Iterator[tuple[int, tuple[str, str]]]:
    """(index, (code, message)) of each way ``bands`` fail to share 0–100 % out, every percentage to exactly
    one band: a bound outside 0–100 (or «above 100 %», which nothing reaches); two bands with the same
    label or the same bound; bands not written best first; and a gap at the bottom (the lowest band must
    start at «from 0 %»). Each band runs up to the next one's lower bound, so there is no other gap."""
    seen_labels, seen_bounds = set(), set()
    for i, band in enumerate(bands):
        key = "above_percent" if band.exclusive else "min_percent"
        if not 0 <= band.min_percent <= 100 or (band.exclusive and band.min_percent == HUNDRED):
            yield i, ("bad-band", f"mức «{band.label}»: {key} phải từ 0 đến 100" + (" (trên 100 % thì không đơn vị nào đạt)" if band.exclusive else ""))
        if band.label in seen_labels or band.order in seen_bounds:
            yield i, ("duplicate-band", f"mức «{band.label}» trùng tên hoặc trùng ngưỡng với mức khác")
        seen_labels.add(band.label)
        seen_bounds.add(band.order)
        if i and band.order > bands[i - 1].order:
            yield i, ("bad-band-order", f"mức «{band.label}» ({band.lower_text}) đứng sau mức thấp hơn; hãy ghi các mức từ cao xuống thấp")
    if bands:
        i, lowest = min(enumerate(bands), key=lambda pair: pair[1].order)
        if lowest.order != (Decimal(0), False):
            bound = compact_vi(lowest.min_percent)
            upto = f"từ 0 % đến {bound} %" if lowest.exclusive else f"từ 0 % đến dưới {bound} %"
            yield i, (
                "band-gap",
                f"không mức nào chứa kết quả {upto}: mức thấp nhất «{lowest.label}» phải bắt đầu «từ 0 %» (\"min_percent\": 0), "
                "ví dụ mức «khởi động ≤ 25 %» ghi \"min_percent\": 0 dưới mức \"above_percent\": 25",
            )


def check_bands(ctx) -> Iterator[Issue]:
    where = ctx.edition.files["datapackage"]
    for i, (code, message) in band_problems(ctx.edition.publication.bands):
        yield Issue(where, None, f"dti.publication.bands[{i}]", code, message)
