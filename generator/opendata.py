"""The open-data files of each year: a public contract that pages and users' scripts rely on.

``site/data/<year>/`` holds ``results.csv``, ``indicator_scores.csv``, ``indicators.csv``,
``lineage.csv`` (which units a unit was formed from), ``evidence.csv`` (the documents units gave), the
same tables as a workbook, and a ``datapackage.json`` that declares every file of the folder (the tables
with their schemas and the keys that join them, the workbook with its size and checksum, the files the
compare page and the map read), licence, citation and caveats. ``site/data/datapackage.json`` declares
the workbook of all years (and the errata of a corrected edition). Every number is rounded exactly as the
site shows it. Nothing personal (contact details of the people who prepared a submission) is ever written.
"""

from __future__ import annotations

from datetime import date

import hashlib

from . import stats
from .model import DETAILS, DRAFT, SCALES, Dataset, Edition, group_slug
from .scale import shown_number
from .numeric import plain, remembered, round_published
from .packaging import public_csv_text, json_text, resource
from .rank import comparable, sources
from .text import slug

DEFAULT_LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}


def _field(name, type_, title, description, **constraints):
    field = {"name": name, "type": type_, "title": title, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


UNIT_TYPE = {"enum": ["department", "district", "commune", "agency"]}

RESULTS_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm được đánh giá (kết quả công bố vào quý I năm sau).", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Mã ổn định của đơn vị, giữ nguyên qua các năm.", required=True),
        _field("unit_name", "string", "Tên đơn vị", "Tên đơn vị được đánh giá.", required=True),
        _field("unit_type", "string", "Loại đơn vị", "department = sở, ban, ngành; district = cấp huyện; commune = cấp xã; agency = cơ quan khác (công an, bảo hiểm xã hội, bộ chỉ huy quân sự…).", required=True, **UNIT_TYPE),
        _field("score", "number", "Tổng điểm", "Tổng điểm thẩm định, làm tròn 2 chữ số thập phân.", required=True, minimum=0),
        _field("max_score", "number", "Điểm tối đa", "Điểm tối đa của đơn vị, đã trừ các chỉ số «không đánh giá».", required=True, minimum=0),
        _field("percent", "number", "Chỉ số DTI (%)", "Tổng điểm / điểm tối đa × 100, làm tròn 2 chữ số thập phân.", minimum=0, maximum=100),
        _field("rank", "integer", "Thứ hạng", "Thứ hạng trong cùng nhóm xếp hạng (group_id) và năm — trong từng đơn vị cấp trên nếu nhóm xếp hạng như vậy; các đơn vị bằng điểm cùng hạng; để trống nếu không xếp hạng.", minimum=1),
        _field("rank_change", "integer", "Thay đổi thứ hạng", "Thứ hạng năm trước trừ thứ hạng năm nay (dương = tăng hạng); để trống khi không có gì để so sánh."),
        _field("band", "string", "Xếp loại", "Mức xếp loại theo quyết định công bố; để trống nếu không xếp loại."),
        _field("parent_id", "string", "Mã huyện", "Với đơn vị cấp xã: mã huyện, thị xã, thành phố của xã trong năm đó; để trống với các đơn vị khác và với xã không thuộc huyện nào (từ năm 2025)."),
        _field("parent_name", "string", "Tên huyện", "Với đơn vị cấp xã: tên huyện, thị xã, thành phố của xã; để trống với các đơn vị khác."),
        _field("not_ranked_reason", "string", "Lý do không xếp hạng", "Với đơn vị được đánh giá nhưng không xếp hạng (rank để trống): lý do; để trống với đơn vị được xếp hạng."),
        _field(
            "rank_change_status", "string", "Căn cứ của thay đổi thứ hạng",
            "compared = có thay đổi thứ hạng (rank_change); first_year = năm đầu tiên có loại đơn vị này, không có năm trước để so sánh; "
            "not_ranked = đơn vị không được xếp hạng năm nay; merged = đơn vị hình thành từ sáp nhập nhiều đơn vị của năm trước (xem lineage.csv); "
            "reorganised = số đơn vị được xếp hạng của loại này thay đổi hơn một phần mười so với năm trước (tổ chức lại), thứ hạng hai năm không tương ứng; "
            "new = không có đơn vị tương ứng năm trước; previous_not_ranked = đơn vị tương ứng năm trước không được xếp hạng.",
            required=True, enum=["compared", "first_year", "not_ranked", "merged", "reorganised", "new", "previous_not_ranked"],
        ),
        _field(
            "group_id", "string", "Mã nhóm xếp hạng",
            "Nhóm các đơn vị được xếp hạng cùng nhau (dti.groups của năm); năm không khai báo nhóm thì mỗi loại đơn vị là một nhóm, mã nhóm là loại đơn vị.",
            required=True,
        ),
        _field("group_label", "string", "Tên nhóm xếp hạng", "Tên nhóm như quyết định gọi, ví dụ «Sở có thủ tục hành chính».", required=True),
        _field(
            "ranked_among", "integer", "Số đơn vị cùng xếp hạng",
            "Số đơn vị được xếp hạng cùng đơn vị này (rank/ranked_among, ví dụ 12/18): cả nhóm, hoặc các đơn vị cùng đơn vị cấp trên nếu nhóm xếp hạng trong từng đơn vị cấp trên; "
            "để trống nếu không xếp hạng.",
            minimum=1,
        ),
        _field(
            "scale", "string", "Thang công bố",
            "Cách năm đó công bố kết quả (dti.scale): percent = tỷ lệ % điểm tối đa; points = điểm trên điểm tối đa; index = chỉ số từ 0 đến 1.",
            required=True, enum=list(SCALES),
        ),
        _field(
            "shown", "number", "Kết quả theo thang công bố",
            "Kết quả đúng như trang hiển thị theo thang của năm: percent = cột percent; points = cột score; index = percent / 100, 4 chữ số thập phân "
            "(71,64 % → 0,7164). Các cột score, max_score, percent vẫn giữ nguyên nghĩa; thứ hạng và xếp loại luôn tính theo percent.",
            minimum=0,
        ),
        _field(
            "detail", "string", "Mức dữ liệu",
            "indicators = năm có điểm từng chỉ số (indicator_scores.csv); main = năm nhập từ bảng công bố theo chỉ số chính (indicator_scores.csv chỉ có các chỉ số chính); "
            "total = năm nhập từ bảng công bố tổng điểm (công bố ở mức tổng điểm: không có điểm chỉ số).",
            required=True, enum=list(DETAILS),
        ),
        _field(
            "framework_id", "string", "Mã bộ chỉ số",
            "Bộ chỉ số dùng để chấm đơn vị (xem indicators.csv): bộ chỉ số của nhóm xếp hạng; cơ quan khác (agency) có thể được chấm theo bộ chỉ số của sở.",
            required=True,
        ),
    ],
    "primaryKey": ["year", "unit_id"],
}

INDICATOR_SCORES_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm được đánh giá.", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Mã đơn vị (xem results.csv).", required=True),
        _field("indicator_id", "string", "Mã chỉ số", "Mã chỉ số trong bộ chỉ số (xem indicators.csv).", required=True),
        _field("max_points", "number", "Điểm tối đa", "Điểm tối đa tính cho đơn vị; với chỉ số cha là tổng các chỉ số con được đánh giá.", required=True, minimum=0),
        _field("self_score", "number", "Điểm tự đánh giá", "Điểm đơn vị tự chấm; để trống nếu không có.", minimum=0),
        _field("score", "number", "Điểm thẩm định", "Điểm do Hội đồng thẩm định công nhận; để trống nếu không đánh giá.", minimum=0),
        _field(
            "status", "string", "Trạng thái",
            "evaluated = được đánh giá; not_evaluated = không đánh giá (không tính vào điểm đạt và điểm tối đa); "
            "no_data = đơn vị không có số liệu, được 0 điểm theo quy định của năm.",
            required=True, enum=["evaluated", "not_evaluated", "no_data"],
        ),
        _field(
            "basis", "string", "Căn cứ của điểm",
            "Với chỉ số lá: computed = tính từ số liệu theo cách tính của bộ chỉ số; council = điểm Hội đồng thẩm định chấm; "
            "direct = chỉ số mà cách tính là chấm điểm trực tiếp. Để trống với chỉ số cha, chỉ số không đánh giá và chỉ số không có số liệu.",
            enum=["computed", "council", "direct"],
        ),
        _field(
            "percent", "number", "Tỷ lệ đạt (%)",
            "Điểm thẩm định / điểm tối đa × 100, làm tròn 2 chữ số thập phân (nửa lên); với chỉ số chính, là cột chỉ số chính của bảng xếp hạng "
            "và giá trị dùng để tính trung vị, cao nhất và thứ hạng theo chỉ số chính. Để trống nếu không đánh giá.",
            minimum=0, maximum=100,
        ),
        _field("note", "string", "Ý kiến thẩm định", "Ý kiến của Hội đồng thẩm định về chỉ số của đơn vị (lý do điều chỉnh, lý do chấm điểm); để trống nếu không có."),
    ],
    "primaryKey": ["year", "unit_id", "indicator_id"],
    "foreignKeys": [
        {"fields": ["year", "unit_id"], "reference": {"resource": "results", "fields": ["year", "unit_id"]}},
        {"fields": ["indicator_id"], "reference": {"resource": "indicators", "fields": ["indicator_id"]}},
    ],
}

INDICATORS_SCHEMA = {
    "fields": [
        _field("framework_id", "string", "Mã bộ chỉ số", "Bộ chỉ số áp dụng.", required=True),
        _field("unit_type", "string", "Loại đơn vị", "Loại đơn vị áp dụng bộ chỉ số.", required=True, **UNIT_TYPE),
        _field("indicator_id", "string", "Mã chỉ số", "Mã chỉ số theo văn bản ban hành.", required=True),
        _field("parent_id", "string", "Mã chỉ số cha", "Để trống với chỉ số cấp cao nhất."),
        _field("name", "string", "Tên chỉ số", "Tên chỉ số theo văn bản ban hành.", required=True),
        _field("max_points", "number", "Điểm tối đa", "Điểm tối đa của chỉ số.", required=True, minimum=0),
        _field("agency", "string", "Đơn vị thẩm định", "Cơ quan phụ trách đánh giá, thẩm định."),
        _field("evidence", "string", "Tài liệu kiểm chứng", "Tài liệu kiểm chứng yêu cầu."),
        _field("method", "string", "Cách tính điểm", "Cách tính điểm, nguyên văn văn bản ban hành."),
    ],
    "primaryKey": ["framework_id", "indicator_id"],
}

LINEAGE_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm của đơn vị.", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Đơn vị của năm đó (xem results.csv).", required=True),
        _field("unit_name", "string", "Tên đơn vị", "Tên đơn vị năm đó.", required=True),
        _field("predecessor_year", "integer", "Năm của đơn vị tiền thân", "Năm đánh giá liền trước, năm của đơn vị tiền thân (results.csv của năm đó)."),
        _field("predecessor_id", "string", "Mã đơn vị tiền thân", "Đơn vị của năm trước mà đơn vị này được hình thành từ đó (sáp nhập, hợp nhất, đổi tên); mỗi đơn vị tiền thân một dòng.", required=True),
        _field("predecessor_name", "string", "Tên đơn vị tiền thân", "Tên đơn vị tiền thân trong năm của nó; để trống nếu năm đó không có đơn vị mang mã này."),
    ],
    "primaryKey": ["year", "unit_id", "predecessor_id"],
    "foreignKeys": [{"fields": ["year", "unit_id"], "reference": {"resource": "results", "fields": ["year", "unit_id"]}}],
}

EVIDENCE_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm được đánh giá.", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Đơn vị nộp tài liệu (xem results.csv).", required=True),
        _field("indicator_id", "string", "Mã chỉ số", "Chỉ số mà tài liệu chứng minh (xem indicator_scores.csv).", required=True),
        _field("title", "string", "Tên tài liệu", "Tên tài liệu kiểm chứng, như đơn vị ghi.", required=True),
        _field("url", "string", "Địa chỉ", "Địa chỉ của tài liệu, như đơn vị ghi; trang kết quả chỉ tạo liên kết cho địa chỉ http/https."),
    ],
    "foreignKeys": [{"fields": ["year", "unit_id", "indicator_id"], "reference": {"resource": "indicator_scores", "fields": ["year", "unit_id", "indicator_id"]}}],
}

SCHEMAS = {"results": RESULTS_SCHEMA, "indicator_scores": INDICATOR_SCORES_SCHEMA, "indicators": INDICATORS_SCHEMA, "lineage": LINEAGE_SCHEMA, "evidence": EVIDENCE_SCHEMA}
TITLES = {
    "results": "Kết quả tổng hợp và thứ hạng",
    "indicator_scores": "Điểm từng chỉ số của từng đơn vị, kèm ý kiến thẩm định",
    "indicators": "Danh mục chỉ số của các bộ chỉ số áp dụng",
    "lineage": "Đơn vị được hình thành từ những đơn vị nào của năm trước",
    "evidence": "Tài liệu kiểm chứng của từng đơn vị, từng chỉ số",
}
# Files of a year's folder that feed the site's own scripts: declared, not part of the contract.
SCORECARDS_JSON = "scorecards.json"
ERRATA_CSV = "data/errata.csv"
# The figures an erratum or a draft's change names (column «field»), and the column of the indicator changed.
FIGURES = {"indicator_score": "điểm chỉ số", "total_score": "tổng điểm", "percent": "chỉ số DTI (%)", "rank": "thứ hạng"}
FIGURES_TEXT = "; ".join(f"{k} = {v}" for k, v in FIGURES.items())
INDICATOR_CHANGED = _field("indicator_id", "string", "Mã chỉ số", "Chỉ số có điểm thay đổi; để trống với tổng điểm, chỉ số DTI và thứ hạng.")
ERRATA_SCHEMA = {
    "fields": [
        _field("version", "string", "Phiên bản", "Phiên bản đính chính (ví dụ 2024.1).", required=True),
        _field("year", "integer", "Năm đánh giá", "Năm của kết quả được đính chính.", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Đơn vị có kết quả thay đổi.", required=True),
        _field("unit_name", "string", "Tên đơn vị", "Tên đơn vị.", required=True),
        INDICATOR_CHANGED,
        _field(
            "field", "string", "Nội dung",
            FIGURES_TEXT + "; đính chính phần chữ: unit_name = tên đơn vị; note = ý kiến thẩm định; evidence = tài liệu kiểm chứng (tên <địa chỉ>; …); objection = kiến nghị và trả lời.",
            required=True, enum=[*FIGURES, "unit_name", "note", "evidence", "objection"],
        ),
        _field("old_value", "string", "Giá trị cũ", "Giá trị trong phiên bản trước; để trống nếu không có."),
        _field("new_value", "string", "Giá trị mới", "Giá trị trong phiên bản đính chính; để trống nếu không có."),
        _field("reason", "string", "Lý do", "Lý do đính chính.", required=True),
    ],
}
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A year's units' objections to the draft and the council's answers (a year with an objections table), and,
# in an edition published after a recorded draft, every figure that changed between the draft and the decision.
OBJECTIONS_CSV = "objections.csv"
OBJECTIONS_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm được đánh giá.", required=True),
        _field("objection_id", "string", "Số kiến nghị", "Số của kiến nghị trong năm; là địa chỉ của kiến nghị trên trang «Ý kiến của các đơn vị».", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Đơn vị gửi kiến nghị (xem results.csv).", required=True),
        _field("unit_name", "string", "Tên đơn vị", "Tên đơn vị gửi kiến nghị.", required=True),
        _field("indicator_id", "string", "Mã chỉ số", "Chỉ số được kiến nghị; để trống khi kiến nghị về cả kết quả của đơn vị."),
        _field("received", "date", "Ngày nhận", "Ngày cơ quan thường trực nhận kiến nghị.", required=True),
        _field("request", "string", "Nội dung kiến nghị", "Nội dung đơn vị kiến nghị (văn bản của cơ quan, không ghi tên cá nhân).", required=True),
        _field("answer", "string", "Trả lời của Hội đồng", "Trả lời của Hội đồng thẩm định; để trống khi chưa trả lời (bản dự thảo)."),
        _field("outcome", "string", "Kết quả", "accepted = chấp nhận; partly = chấp nhận một phần; rejected = không chấp nhận; để trống khi chưa trả lời.", enum=["accepted", "partly", "rejected"]),
        _field("score_before", "number", "Điểm trước", "Điểm trong bản dự thảo, khi điểm thay đổi.", minimum=0),
        _field("score_after", "number", "Điểm sau", "Điểm sau trả lời của Hội đồng, như kết quả công bố, khi điểm thay đổi.", minimum=0),
    ],
    "primaryKey": ["year", "objection_id"],
    "foreignKeys": [{"fields": ["year", "unit_id"], "reference": {"resource": "results", "fields": ["year", "unit_id"]}}],
}
DRAFT_CHANGES_CSV = "draft_changes.csv"
DRAFT_CHANGES_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm được đánh giá.", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Đơn vị có kết quả thay đổi (xem results.csv).", required=True),
        _field("unit_name", "string", "Tên đơn vị", "Tên đơn vị.", required=True),
        INDICATOR_CHANGED,
        _field("field", "string", "Nội dung", FIGURES_TEXT + ".", required=True, enum=list(FIGURES)),
        _field("draft_value", "string", "Giá trị trong dự thảo", "Giá trị trong bản dự thảo đã gửi lấy ý kiến; để trống nếu không có."),
        _field("decision_value", "string", "Giá trị theo quyết định", "Giá trị trong kết quả công bố theo quyết định; để trống nếu không có."),
        _field("objection_id", "string", "Kiến nghị liên quan", "Số các kiến nghị (objections.csv) được chấp nhận, toàn bộ hay một phần, đã làm thay đổi giá trị, cách nhau bằng dấu cách; để trống nếu không có."),
    ],
    "primaryKey": ["year", "unit_id", "indicator_id", "field"],
    "foreignKeys": [{"fields": ["year", "unit_id"], "reference": {"resource": "results", "fields": ["year", "unit_id"]}}],
}


def map_file_name(group_id: str) -> str:
    """The shapes of one year's units of one ranking group (a year without groups: of one type), read by
    the site's map: a file of the year's folder."""
    return f"ban-do-{group_slug(group_id)}.geojson"


def mapped_types(dataset: Dataset, year: int) -> list[str]:
    """The ranking groups of ``year`` (a year without groups: its unit types) that have at least one
    shape, in the year's order."""
    shapes = dataset.editions[year].boundaries
    results = dataset.results.get(year, {})
    return [g.id for g in dataset.groups_of(year) if any(r.unit.id in shapes for r in results[g.id])]


def download_name(edition: Edition, name: str) -> str:
    """The name a file is saved under from the downloads page: its province and year, then its own name
    (``dti-tinh-minh-hoa-2024-results.csv``); the file keeps its stable address."""
    stem = f"dti-{slug(edition.province)}-{edition.year}"
    return f"{stem}.xlsx" if name == xlsx_name(edition.year) else f"{stem}-{name}"


def all_years_download_name(dataset: Dataset) -> str:
    latest = dataset.editions[dataset.years[-1]]
    return f"dti-{slug(latest.province)}-cac-nam.xlsx"


def _header(name: str) -> list[str]:
    return [f["name"] for f in SCHEMAS[name]["fields"]]


_number = remembered(lambda value: "" if value is None else plain(round_published(value)))


NO_REASON = "Không nêu lý do"
NOT_EVALUATED = "Không có chỉ số nào được đánh giá"


def not_ranked_reason(result) -> str:
    """Why a unit has no rank, in words: the reason its year gives, or why no rank could be computed."""
    if result.rank is not None:
        return ""
    if result.unit.not_ranked:
        return result.unit.not_ranked_reason or NO_REASON
    return NOT_EVALUATED if result.percent is None else NO_REASON


def _previous(dataset: Dataset, year: int, unit_type: str):
    """The results of the last year before ``year`` that assessed ``unit_type``, the year rank changes
    compare with; None when there is none."""
    return next((dataset.results[y][unit_type] for y in reversed(dataset.years) if y < year and unit_type in dataset.results.get(y, {})), None)


def rank_change_status(result, previous: dict | None, compared: bool) -> str:
    """Why a unit has a rank change, or why it has none (``rank_change_status`` of results.csv):
    ``previous`` is last time's results by unit id, ``compared`` whether the two years' ranks compare
    (:func:`generator.rank.comparable`)."""
    if result.rank is None:
        return "not_ranked"
    if previous is None:
        return "first_year"
    if result.merged_from:
        return "merged"
    if not compared:
        return "reorganised"
    if not sources(result, previous):
        return "new"
    return "previous_not_ranked" if result.rank_change is None else "compared"


def _exact_text(value) -> str:
    """A published decimal with as many places as it has (an index has 4): ``0.7164``."""
    return "" if value is None else f"{value:f}"


def ranked_among(results) -> dict[str, int]:
    """How many units each ranked unit of a group is ranked among, by unit id: the group's ranked units,
    or, for a group ranked within parent units, those of the same parent."""
    within = {}
    for r in results:
        if r.rank is not None:
            within[r.unit.parent or ""] = within.get(r.unit.parent or "", 0) + 1
    return within


def results_rows(dataset: Dataset, year: int):
    edition = dataset.editions[year]
    units = {u.id: u for u in edition.units}
    scale = edition.publication.scale
    for group_id in sorted(dataset.results[year]):
        group = edition.group(group_id)
        before = _previous(dataset, year, group_id)
        previous = {r.unit.id: r for r in before} if before else None
        results = dataset.results[year][group_id]
        compared = comparable(results, before)
        in_parent = ranked_among(results)
        everyone = sum(in_parent.values())
        for r in results:
            parent = units.get(r.unit.parent or "") if r.unit.type == "commune" else None
            among = "" if r.rank is None else in_parent[r.unit.parent or ""] if group.within_parent else everyone
            yield [
                year, r.unit.id, r.unit.name, r.unit.type, _number(r.score), _number(r.max_score), plain(r.percent), r.rank, r.rank_change, r.band,
                parent.id if parent else "", parent.name if parent else "", not_ranked_reason(r), rank_change_status(r, previous, compared),
                group.id, group.label, among, scale, _exact_text(shown_number(scale, r.percent, r.score)), edition.detail, r.framework_id,
            ]


def indicator_score_rows(dataset: Dataset, year: int):
    percents: dict = {}  # (score, maximum) → its text: a year's rows take few distinct pairs
    for group_id in sorted(dataset.results[year]):
        for r in dataset.results[year][group_id]:
            for i in r.indicators.values():
                key = (i.score, i.max_points)
                percent = percents.get(key)
                if percent is None:
                    percent = percents[key] = plain(stats.share_of(i.score, i.max_points)) if i.evaluated else ""
                yield [year, r.unit.id, i.indicator_id, _number(i.max_points), _number(i.self_score), _number(i.score), i.status, i.basis, percent, i.note]


def indicator_rows(dataset: Dataset, year: int):
    edition = dataset.editions[year]
    # each index set once, even when two groups use it
    used = sorted((dataset.frameworks[fid] for fid in set(edition.frameworks.values())), key=lambda fw: (fw.unit_type, fw.id))
    for fw in used:
        for ind in fw.walk():
            yield [fw.id, fw.unit_type, ind.id, ind.parent, ind.name, _number(ind.max_points), ind.agency, ind.evidence, ind.method]


def lineage_rows(dataset: Dataset, year: int):
    """Each unit of ``year`` that names predecessors, one row per predecessor (a unit of the year before)."""
    before = max((y for y in dataset.years if y < year), default=None)
    names = {u.id: u.name for u in dataset.editions[before].units} if before else {}
    for u in sorted(dataset.editions[year].units, key=lambda u: u.id):
        for p in u.predecessors:
            yield [year, u.id, u.name, before if before else None, p, names.get(p, "")]


def evidence_rows(dataset: Dataset, year: int):
    for e in dataset.editions[year].evidence:
        yield [year, e.unit_id, e.indicator_id, e.title, e.url]


def citation(edition: Edition, url: str) -> str:
    decision = f", {edition.publication.decision}" if edition.publication.decision else ""
    return f"{edition.province} ({edition.year + 1}). Kết quả đánh giá Chỉ số chuyển đổi số năm {edition.year}{decision}. {url}"


def year_address(base_url: str, year: int) -> str:
    """The address of a year's open data: in full with the site's public address, else the site path."""
    return f"{base_url.rstrip('/')}/data/{year}/" if base_url else f"data/{year}/"


def _caveats(edition: Edition, draft: bool) -> list[str]:
    caveats = [
        "Điểm và tỷ lệ được làm tròn 2 chữ số thập phân (làm tròn nửa lên, xa số 0) đúng như trên trang; tổng các điểm đã làm tròn có thể lệch 0,01 so với tổng công bố.",
        "Chỉ số DTI (%) = tổng điểm đạt / (điểm tối đa − điểm các chỉ số «không đánh giá») × 100; các đơn vị có thể có điểm tối đa khác nhau.",
        "Chỉ so sánh các đơn vị cùng loại; khi bộ chỉ số thay đổi giữa các năm, điểm số các năm không so sánh trực tiếp được.",
        "Ô chữ bắt đầu bằng =, +, -, @ hoặc dấu tab được thêm dấu nháy đơn ' ở đầu để bảng tính không hiểu nhầm thành công thức.",
    ]
    if edition.illustrative:
        caveats.insert(0, "DỮ LIỆU MINH HỌA: không phản ánh kết quả của bất kỳ cơ quan, địa phương có thật nào.")
    if draft:
        caveats.insert(0, f"{DRAFT.upper()}: kết quả tạm thời để lấy ý kiến, chưa phải kết quả công bố theo quyết định.")
    return caveats


def _file_resource(name: str, path: str, title: str, fmt: str, mediatype: str, content: bytes | None = None, **extra) -> dict:
    """A file that is not a table of the contract, declared with its format (and, when its bytes are known,
    its size and SHA-256, which the validator checks)."""
    out = {"name": name, "path": path, "type": "json" if fmt in ("json", "geojson") else "file", "title": title, "format": fmt, "mediatype": mediatype}
    if content is not None:
        out |= {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}
    return out | extra


def descriptor(dataset: Dataset, year: int, base_url: str = "", version: str | None = None, draft: bool = False, workbook: bytes | None = None, changes: bool = False) -> dict:
    """The year's descriptor: every file of its folder (``workbook``: the year's workbook, whose size and
    checksum it states; ``changes``: whether the folder holds the changes since the draft), licence,
    citation and caveats."""
    edition = dataset.editions[year]
    url = year_address(base_url, year)
    caveats = _caveats(edition, draft)
    resources = [resource(name, schema, title=TITLES[name]) for name, schema in SCHEMAS.items()]
    if edition.objections:
        resources.append(resource("objections", OBJECTIONS_SCHEMA, title="Kiến nghị của các đơn vị về bản dự thảo và trả lời của Hội đồng", path=OBJECTIONS_CSV))
    if changes:
        resources.append(resource("draft_changes", DRAFT_CHANGES_SCHEMA, title="Điểm và thứ hạng thay đổi so với bản dự thảo", path=DRAFT_CHANGES_CSV))
    if draft:
        for r in resources:
            r["dialect"] = {"commentChar": "#"}
    resources.append(_file_resource("workbook", xlsx_name(year), "Các bảng trên trong một tệp Excel, kèm trang giải thích các cột", "xlsx", XLSX_MEDIATYPE, workbook))
    unofficial = "Không thuộc dữ liệu mở cam kết: cấu trúc có thể thay đổi; để dùng lâu dài, hãy dùng các bảng CSV."
    resources.append(_file_resource("scorecards", SCORECARDS_JSON, "Số liệu cho trang So sánh", "json", "application/json", description=unofficial))
    for unit_type in mapped_types(dataset, year):
        name = map_file_name(unit_type)
        resources.append(_file_resource(name.rsplit(".", 1)[0], name, "Ranh giới các đơn vị cho bản đồ (GeoJSON, WGS 84)", "geojson", "application/geo+json", description=unofficial))
    return {
        "profile": "data-package",
        "name": f"dti-{year}-du-thao" if draft else f"dti-{year}",
        "title": (f"[{DRAFT.upper()}] " if draft else "") + f"Kết quả Chỉ số chuyển đổi số năm {year} — {edition.province}",
        "description": " ".join(caveats),
        "version": version or str(year),
        "licenses": [edition.licence or DEFAULT_LICENCE] if edition.licence else [DEFAULT_LICENCE],
        "citation": citation(edition, url),
        "homepage": url,
        "caveats": caveats,
        "resources": resources,
    }


ALL_YEARS_XLSX = "data/dti-cac-nam.xlsx"  # every year's tables in one workbook


def xlsx_name(year: int) -> str:
    return f"dti-{year}.xlsx"


def all_years_descriptor(dataset: Dataset, base_url: str = "", version: str | None = None, draft: bool = False, workbook: bytes | None = None, errata: bool = False) -> dict:
    """The descriptor of ``data/``: the workbook of all years (and the errata of a corrected edition)."""
    years = dataset.years
    latest = dataset.editions[years[-1]]
    url = f"{base_url.rstrip('/')}/data/" if base_url else "data/"
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    resources = [_file_resource("workbook", ALL_YEARS_XLSX.rsplit("/", 1)[1], f"Kết quả, điểm từng chỉ số, danh mục chỉ số, lịch sử đơn vị và tài liệu kiểm chứng các năm {span}, mỗi bảng một trang tính", "xlsx", XLSX_MEDIATYPE, workbook)]
    if errata:
        resources.append(resource("errata", ERRATA_SCHEMA, title="Các giá trị đã đính chính", path=ERRATA_CSV.rsplit("/", 1)[1]))
    citation_text = f"{latest.province} ({years[-1] + 1}). Kết quả đánh giá Chỉ số chuyển đổi số các năm {span}. {url}"
    return {
        "profile": "data-package",
        "name": "dti-cac-nam-du-thao" if draft else "dti-cac-nam",
        "title": (f"[{DRAFT.upper()}] " if draft else "") + f"Kết quả Chỉ số chuyển đổi số các năm {span} — {latest.province}",
        "description": " ".join(_caveats(latest, draft)) + " Dữ liệu từng năm, với lược đồ các cột, ở các thư mục data/<năm>/.",
        "version": version or str(years[-1]),
        "licenses": [latest.licence or DEFAULT_LICENCE],
        "citation": citation_text,
        "homepage": url,
        "resources": resources,
    }


def _workbook_facts(edition: Edition, version: str | None) -> list[tuple[str, str]]:
    licence = edition.licence or DEFAULT_LICENCE
    facts = [
        ("Tỉnh", edition.province),
        ("Quyết định công bố", edition.publication.decision or "Chưa ghi quyết định công bố"),
        ("Ngày công bố", _vi_date(edition.publication.date)),
    ]
    if version:
        facts.append(("Phiên bản công bố", version))
    facts.append(("Giấy phép", " — ".join(v for v in (licence.get("title") or licence.get("name") or "", licence.get("path") or "") if v)))
    return facts


def _vi_date(iso: str) -> str:
    """``2025-03-21`` → ``21/03/2025``, as the pages write dates."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return iso or "Chưa ghi"


ROWS = {"results": results_rows, "indicator_scores": indicator_score_rows, "indicators": indicator_rows, "lineage": lineage_rows, "evidence": evidence_rows}


def year_tables(dataset: Dataset, year: int) -> dict[str, list[list]]:
    """The year's tables as the CSV files hold them, by file name without ``.csv``."""
    return {name: list(rows(dataset, year)) for name, rows in ROWS.items()}


def year_workbook(dataset: Dataset, year: int, version: str | None = None, draft: bool = False, tables: dict | None = None, base_url: str = "") -> bytes:
    """The year's tables in one Excel workbook, with a sheet that explains them; ``tables`` are the year's
    tables when the caller has them (:func:`year_tables`). The citation gives the data's full address when
    the site's public address (``base_url``) is known."""
    from .opendata_xlsx import fixed_moment, workbook_bytes

    edition = dataset.editions[year]
    caveats = _caveats(edition, draft)
    facts = [("Năm đánh giá", str(year)), *_workbook_facts(edition, version), ("Trích dẫn", citation(edition, year_address(base_url, year) if base_url else "").strip())]
    tables = tables or year_tables(dataset, year)
    title = f"Kết quả Chỉ số chuyển đổi số năm {year} — {edition.province}"
    return workbook_bytes(title, facts, caveats, tables, SCHEMAS, fixed_moment(edition.publication.date, year), edition.province, _draft_line(draft))


def all_years_workbook(dataset: Dataset, version: str | None = None, draft: bool = False, base_url: str = "") -> bytes:
    """Every year's tables in one workbook: rows of all years one after another (each row names its year);
    an index set used in several years is listed once."""
    from .opendata_xlsx import fixed_moment, workbook_bytes

    years = dataset.years
    latest = dataset.editions[years[-1]]
    caveats = _caveats(latest, draft)
    facts = [("Các năm đánh giá", ", ".join(str(y) for y in years)), *_workbook_facts(latest, version)]
    facts[2] = ("Quyết định công bố (năm gần nhất)", facts[2][1])
    facts[3] = ("Ngày công bố (năm gần nhất)", facts[3][1])
    if base_url:
        facts.append(("Địa chỉ", f"{base_url.rstrip('/')}/data/ (mỗi năm: data/<năm>/)"))

    def indicators():
        seen = set()
        for year in years:
            for row in indicator_rows(dataset, year):
                key = tuple(str(v) for v in row)
                if key not in seen:
                    seen.add(key)
                    yield row

    def every_year(rows):
        return (row for y in years for row in rows(dataset, y))

    tables = {name: indicators() if name == "indicators" else every_year(rows) for name, rows in ROWS.items()}
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    title = f"Kết quả Chỉ số chuyển đổi số các năm {span} — {latest.province}"
    return workbook_bytes(title, facts, caveats, tables, SCHEMAS, fixed_moment(latest.publication.date, years[-1]), latest.province, _draft_line(draft))


def _draft_line(draft: bool) -> str:
    return f"# {DRAFT.upper()}: kết quả tạm thời để lấy ý kiến" if draft else ""


def objection_rows(dataset: Dataset, year: int):
    names = {u.id: u.name for u in dataset.editions[year].units}
    for o in sorted(dataset.editions[year].objections, key=lambda o: (o.received, o.id)):
        yield [year, o.id, o.unit_id, names.get(o.unit_id, ""), o.indicator_id, o.received, o.request, o.answer, o.outcome, _number(o.score_before), _number(o.score_after)]


def open_data_files(
    dataset: Dataset, base_url: str = "", version: str | None = None, draft: bool = False, errata: list[dict] | tuple = (), compared: dict | None = None,
) -> dict[str, str | bytes]:
    """Every open-data file of every year, as ``{"data/<year>/<file>": text}`` (bytes for the Excel
    workbooks), the all-years workbook and its descriptor, and with ``errata`` (a corrected edition's rows)
    ``data/errata.csv``; ``version`` names the edition; ``compared`` gives, by year, the changes since the
    recorded draft (:func:`generator.drafts.changes`). In a draft every CSV starts with a comment line
    (declared in the descriptor) that says so, and every sheet of a workbook with the same line."""
    from .drafts import changes_csv
    from .editions import errata_csv

    files: dict[str, str | bytes] = {}
    mark = _draft_line(draft) + "\n" if draft else ""
    for year in dataset.years:
        folder = f"data/{year}"
        tables = year_tables(dataset, year)
        for name, rows in tables.items():
            files[f"{folder}/{name}.csv"] = mark + public_csv_text(_header(name), rows)
        workbook = files[f"{folder}/{xlsx_name(year)}"] = year_workbook(dataset, year, version, draft, tables, base_url)
        if dataset.editions[year].objections:
            files[f"{folder}/{OBJECTIONS_CSV}"] = mark + public_csv_text([f["name"] for f in OBJECTIONS_SCHEMA["fields"]], objection_rows(dataset, year))
        changed = (compared or {}).get(year)
        if changed is not None:
            files[f"{folder}/{DRAFT_CHANGES_CSV}"] = changes_csv(changed)
        files[f"{folder}/datapackage.json"] = json_text(descriptor(dataset, year, base_url, version, draft, workbook, changed is not None))
        del tables  # before the next year's are made: a national year's scores are a million rows
    if dataset.years:
        workbook = files[ALL_YEARS_XLSX] = all_years_workbook(dataset, version, draft, base_url)
        if errata:
            files[ERRATA_CSV] = errata_csv(list(errata))
        files["data/datapackage.json"] = json_text(all_years_descriptor(dataset, base_url, version, draft, workbook, bool(errata)))
    return files


def contract_problems(files: dict[str, str]) -> list[str]:
    """Where the open-data files break their own published descriptors (checked with Frictionless: every
    file declared is there, the tables follow their schemas and keys), as plain lines; empty when every
    package is valid. ``files`` are the site's data files (:func:`open_data_files` and the files the
    site's scripts read). Run before an edition is published."""
    import tempfile
    from pathlib import Path

    from frictionless import Package

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, content in files.items():
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        for descriptor in sorted(Path(tmp).glob("data/**/datapackage.json")):
            report = Package(str(descriptor)).validate()
            for task in report.tasks:
                for error in task.errors[:20]:
                    problems.append(f"{descriptor.parent.relative_to(tmp).as_posix()}/{task.name}: {error.message}")
    return problems
