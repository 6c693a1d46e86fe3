"""How a year ranks and shows its results, as the ``dti`` block of its descriptor says: its ranking
groups (``dti.groups``), its grade bands (``dti.publication.bands``), and its scale (``dti.scale``).

Only the shape of each entry is read here (a missing label, a number that is not one); whether the
entries fit together (known index sets, unit types, bands that cover 0–100 %) is for
:mod:`generator.checks`, which reports it with the rest of the year's problems.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from .errors import Issue
from fractions import Fraction

from .model import DETAILS, SCALES, SCOPES, Band, PublishedRow, RankingGroup

GROUP_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}", re.ASCII)
GROUP_FIELDS = "id, label, unit_types, framework, scope, among"


def _text(value) -> str:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def read_group(entry, i: int, shown: str, report) -> RankingGroup | None:
    """One entry of ``dti.groups``, or None (reported) when it cannot be used."""
    where = f"dti.groups[{i}]"

    def bad(field: str, why: str) -> None:
        report.append(Issue(shown, None, f"{where}.{field}" if field else where, "bad-metadata", f"nhóm xếp hạng thứ {i + 1}: {why}"))

    if not isinstance(entry, dict):
        bad("", f"mỗi nhóm là một đối tượng {{…}} với các trường {GROUP_FIELDS}")
        return None
    gid, label, fid = _text(entry.get("id")), _text(entry.get("label")), _text(entry.get("framework"))
    types = entry.get("unit_types", entry.get("unit_type"))
    types = [types] if isinstance(types, str) else types
    scope = entry.get("scope", "province")
    problems = 0
    if not GROUP_ID.fullmatch(gid):
        bad("id", "«id» dùng làm địa chỉ trang nên chỉ gồm chữ thường không dấu, số và dấu gạch nối (tối đa 64 ký tự)")
        problems += 1
    if not label:
        bad("label", "thiếu «label», tên tiếng Việt của nhóm (ví dụ «Sở có thủ tục hành chính»)")
        problems += 1
    if not isinstance(types, list) or not types or not all(isinstance(t, str) and t.strip() for t in types):
        bad("unit_types", "«unit_types» là danh sách loại đơn vị của nhóm, ví dụ [\"department\", \"agency\"]")
        problems += 1
    if not fid:
        bad("framework", "thiếu «framework», mã bộ chỉ số của nhóm (tên thư mục trong data/frameworks)")
        problems += 1
    if scope not in SCOPES:
        bad("scope", f"«scope» là «province» (xếp hạng toàn tỉnh) hoặc «parent» (xếp hạng trong từng đơn vị cấp trên), không phải «{scope}»")
        problems += 1
    among = _text(entry.get("among")) or _lower_first(label)
    if problems:
        return None
    return RankingGroup(gid, label, tuple(t.strip() for t in types), fid, scope, among)


def read_groups(raw, shown: str, report) -> tuple[RankingGroup, ...]:
    if not isinstance(raw, list) or not raw:
        report.append(Issue(shown, None, "dti.groups", "bad-metadata", f"dti.groups là một danh sách các nhóm xếp hạng, mỗi nhóm có {GROUP_FIELDS}"))
        return ()
    return tuple(g for i, entry in enumerate(raw) if (g := read_group(entry, i, shown, report)) is not None)


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Decimal(str(value))


def read_bands(raw: list, shown: str, report) -> tuple[Band, ...]:
    """Each band with its label and one lower bound: ``min_percent`` (from, inclusive) or ``above_percent``
    (strictly above)."""
    bands = []
    for i, b in enumerate(raw):
        label = _text(b.get("label")) if isinstance(b, dict) else ""
        bounds = [(key, _number(b.get(key))) for key in ("min_percent", "above_percent") if isinstance(b, dict) and key in b]
        if not label or len(bounds) != 1 or bounds[0][1] is None:
            report.append(
                Issue(
                    shown, None, f"dti.publication.bands[{i}]", "bad-metadata",
                    "mỗi mức xếp loại cần «label» (một chuỗi) và đúng một ngưỡng dưới là một số: «min_percent» (từ ngưỡng trở lên) "
                    "hoặc «above_percent» (trên ngưỡng)",
                )
            )
            continue
        key, low = bounds[0]
        bands.append(Band(label, low, key == "above_percent"))
    return tuple(bands)


def _one_of(value, allowed, default: str, field: str, words: str, shown: str, report) -> str:
    """``value`` when it is one of ``allowed``, ``default`` when it is not given; anything else is reported
    at ``field`` (``words`` say what may be written) and read as ``default``."""
    if value is None:
        return default
    if value not in allowed:
        report.append(Issue(shown, None, field, "bad-metadata", words))
        return default
    return value


def read_scale(value, shown: str, report) -> str:
    return _one_of(
        value, SCALES, "percent", "dti.scale",
        "dti.scale là «percent» (tỷ lệ % điểm tối đa), «points» (điểm trên điểm tối đa) hoặc «index» (chỉ số 0–1, 4 chữ số thập phân)", shown, report,
    )


def read_detail(value, shown: str, report) -> str:
    """What the year holds: ``indicators`` (the default), or, for a year entered from a printed table,
    ``main`` (main indices) or ``total`` (totals)."""
    return _one_of(
        value, DETAILS, "indicators", "dti.detail",
        "dti.detail là «indicators» (mặc định: số liệu từng chỉ số), «main» (bảng công bố theo chỉ số chính) hoặc «total» (bảng công bố tổng điểm)", shown, report,
    )


def _fraction(value) -> Fraction | None:
    return None if value is None else Fraction(value)


def published_rows(t: dict[str, list]) -> tuple[PublishedRow, ...]:
    """The rows of ``published.csv`` (already read against its schema)."""
    return tuple(
        PublishedRow(uid, ind or "", _fraction(points), _fraction(maximum), _fraction(percent), rank, _text(band) or None, row)
        for uid, ind, points, maximum, percent, rank, band, row in zip(
            t["unit_id"], t["indicator_id"], t["points"], t["max_points"], t["percent"], t["rank"], t["band"], t["_row"]
        )
    )
