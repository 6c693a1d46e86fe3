"""The open-data files of each year: a public contract that pages and users' scripts rely on.

``site/data/<year>/`` holds ``results.csv``, ``indicator_scores.csv``, ``indicators.csv`` and a
``datapackage.json`` that describes them (licence, citation, caveats). Every number is rounded exactly
as the site shows it. Nothing personal (contact details of the people who prepared a submission) is
ever written.
"""

from __future__ import annotations

from datetime import date

from . import stats
from .model import DRAFT, Dataset, Edition
from .numeric import plain, remembered, round_published
from .packaging import public_csv_text, json_text, resource

DEFAULT_LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}


def _field(name, type_, title, description, **constraints):
    field = {"name": name, "type": type_, "title": title, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


UNIT_TYPE = {"enum": ["department", "district", "commune"]}

RESULTS_SCHEMA = {
    "fields": [
        _field("year", "integer", "Năm đánh giá", "Năm được đánh giá (kết quả công bố vào quý I năm sau).", required=True),
        _field("unit_id", "string", "Mã đơn vị", "Mã ổn định của đơn vị, giữ nguyên qua các năm.", required=True),
        _field("unit_name", "string", "Tên đơn vị", "Tên đơn vị được đánh giá.", required=True),
        _field("unit_type", "string", "Loại đơn vị", "department = sở, ban, ngành; district = cấp huyện; commune = cấp xã.", required=True, **UNIT_TYPE),
        _field("score", "number", "Tổng điểm", "Tổng điểm thẩm định, làm tròn 2 chữ số thập phân.", required=True, minimum=0),
        _field("max_score", "number", "Điểm tối đa", "Điểm tối đa của đơn vị, đã trừ các chỉ số «không đánh giá».", required=True, minimum=0),
        _field("percent", "number", "Chỉ số DTI (%)", "Tổng điểm / điểm tối đa × 100, làm tròn 2 chữ số thập phân.", minimum=0, maximum=100),
        _field("rank", "integer", "Thứ hạng", "Thứ hạng trong cùng loại đơn vị và năm; các đơn vị bằng điểm cùng hạng; để trống nếu không xếp hạng.", minimum=1),
        _field("rank_change", "integer", "Thay đổi thứ hạng", "Thứ hạng năm trước trừ thứ hạng năm nay (dương = tăng hạng); để trống khi không có gì để so sánh."),
        _field("band", "string", "Xếp loại", "Mức xếp loại theo quyết định công bố; để trống nếu không xếp loại."),
        _field("parent_id", "string", "Mã huyện", "Với đơn vị cấp xã: mã huyện, thị xã, thành phố của xã trong năm đó; để trống với các đơn vị khác và với xã không thuộc huyện nào (từ năm 2025)."),
        _field("parent_name", "string", "Tên huyện", "Với đơn vị cấp xã: tên huyện, thị xã, thành phố của xã; để trống với các đơn vị khác."),
        _field("not_ranked_reason", "string", "Lý do không xếp hạng", "Với đơn vị được đánh giá nhưng không xếp hạng (rank để trống): lý do; để trống với đơn vị được xếp hạng."),
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
    ],
    "primaryKey": ["year", "unit_id", "indicator_id"],
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

SCHEMAS = {"results": RESULTS_SCHEMA, "indicator_scores": INDICATOR_SCORES_SCHEMA, "indicators": INDICATORS_SCHEMA}


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


def results_rows(dataset: Dataset, year: int):
    units = {u.id: u for u in dataset.editions[year].units}
    for unit_type in sorted(dataset.results[year]):
        for r in dataset.results[year][unit_type]:
            parent = units.get(r.unit.parent or "") if r.unit.type == "commune" else None
            yield [
                year, r.unit.id, r.unit.name, r.unit.type, _number(r.score), _number(r.max_score), plain(r.percent), r.rank, r.rank_change, r.band,
                parent.id if parent else "", parent.name if parent else "", not_ranked_reason(r),
            ]


def indicator_score_rows(dataset: Dataset, year: int):
    percents: dict = {}  # (score, maximum) → its text: a year's rows take few distinct pairs
    for unit_type in sorted(dataset.results[year]):
        for r in dataset.results[year][unit_type]:
            for i in r.indicators.values():
                key = (i.score, i.max_points)
                percent = percents.get(key)
                if percent is None:
                    percent = percents[key] = plain(stats.share_of(i.score, i.max_points)) if i.evaluated else ""
                yield [year, r.unit.id, i.indicator_id, _number(i.max_points), _number(i.self_score), _number(i.score), i.status, i.basis, percent]


def indicator_rows(dataset: Dataset, year: int):
    edition = dataset.editions[year]
    for unit_type, fid in sorted(edition.frameworks.items()):
        fw = dataset.frameworks[fid]
        for ind in fw.walk():
            yield [fid, unit_type, ind.id, ind.parent, ind.name, _number(ind.max_points), ind.agency, ind.evidence, ind.method]


def citation(edition: Edition, url: str) -> str:
    decision = f", {edition.publication.decision}" if edition.publication.decision else ""
    return f"{edition.province} ({edition.year + 1}). Kết quả đánh giá Chỉ số chuyển đổi số năm {edition.year}{decision}. {url}"


def descriptor(dataset: Dataset, year: int, base_url: str = "", version: str | None = None, draft: bool = False) -> dict:
    edition = dataset.editions[year]
    url = f"{base_url.rstrip('/')}/data/{year}/" if base_url else f"data/{year}/"
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
    resources = [
        resource("results", RESULTS_SCHEMA, title="Kết quả tổng hợp và thứ hạng"),
        resource("indicator_scores", INDICATOR_SCORES_SCHEMA, title="Điểm từng chỉ số của từng đơn vị"),
        resource("indicators", INDICATORS_SCHEMA, title="Danh mục chỉ số của các bộ chỉ số áp dụng"),
    ]
    if draft:
        for r in resources:
            r["dialect"] = {"commentChar": "#"}
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


def year_tables(dataset: Dataset, year: int) -> dict[str, list[list]]:
    """The year's three tables as the CSV files hold them, by file name without ``.csv``."""
    return {"results": list(results_rows(dataset, year)), "indicator_scores": list(indicator_score_rows(dataset, year)), "indicators": list(indicator_rows(dataset, year))}


def year_workbook(dataset: Dataset, year: int, version: str | None = None, draft: bool = False, tables: dict | None = None) -> bytes:
    """The year's three tables in one Excel workbook, with a sheet that explains them; ``tables`` are
    the year's tables when the caller has them (:func:`year_tables`)."""
    from .opendata_xlsx import fixed_moment, workbook_bytes

    edition = dataset.editions[year]
    caveats = descriptor(dataset, year, "", version, draft)["caveats"]
    facts = [("Năm đánh giá", str(year)), *_workbook_facts(edition, version), ("Trích dẫn", citation(edition, "").strip())]
    tables = tables or year_tables(dataset, year)
    title = f"Kết quả Chỉ số chuyển đổi số năm {year} — {edition.province}"
    return workbook_bytes(title, facts, caveats, tables, SCHEMAS, fixed_moment(edition.publication.date, year), edition.province, _draft_line(draft))


def all_years_workbook(dataset: Dataset, version: str | None = None, draft: bool = False) -> bytes:
    """Every year's tables in one workbook: rows of all years one after another (each row names its year);
    an index set used in several years is listed once."""
    from .opendata_xlsx import fixed_moment, workbook_bytes

    years = dataset.years
    latest = dataset.editions[years[-1]]
    caveats = descriptor(dataset, years[-1], "", version, draft)["caveats"]
    facts = [("Các năm đánh giá", ", ".join(str(y) for y in years)), *_workbook_facts(latest, version)]
    facts[2] = ("Quyết định công bố (năm gần nhất)", facts[2][1])
    facts[3] = ("Ngày công bố (năm gần nhất)", facts[3][1])

    def indicators():
        seen = set()
        for year in years:
            for row in indicator_rows(dataset, year):
                key = tuple(str(v) for v in row)
                if key not in seen:
                    seen.add(key)
                    yield row

    tables = {
        "results": (row for y in years for row in results_rows(dataset, y)),
        "indicator_scores": (row for y in years for row in indicator_score_rows(dataset, y)),
        "indicators": indicators(),
    }
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    title = f"Kết quả Chỉ số chuyển đổi số các năm {span} — {latest.province}"
    return workbook_bytes(title, facts, caveats, tables, SCHEMAS, fixed_moment(latest.publication.date, years[-1]), latest.province, _draft_line(draft))


def _draft_line(draft: bool) -> str:
    return f"# {DRAFT.upper()}: kết quả tạm thời để lấy ý kiến" if draft else ""


def open_data_files(dataset: Dataset, base_url: str = "", version: str | None = None, draft: bool = False) -> dict[str, str | bytes]:
    """Every open-data file of every year, as ``{"data/<year>/<file>": text}`` (bytes for the Excel
    workbooks); ``version`` names the edition. In a draft every CSV starts with a comment line (declared
    in the descriptor) that says so, and every sheet of a workbook with the same line."""
    files: dict[str, str | bytes] = {}
    mark = _draft_line(draft) + "\n" if draft else ""
    for year in dataset.years:
        folder = f"data/{year}"
        tables = year_tables(dataset, year)
        for name, rows in tables.items():
            files[f"{folder}/{name}.csv"] = mark + public_csv_text(_header(name), rows)
        files[f"{folder}/datapackage.json"] = json_text(descriptor(dataset, year, base_url, version, draft))
        files[f"{folder}/{xlsx_name(year)}"] = year_workbook(dataset, year, version, draft, tables)
        del tables  # before the next year's are made: a national year's scores are a million rows
    if dataset.years:
        files[ALL_YEARS_XLSX] = all_years_workbook(dataset, version, draft)
    return files


def contract_problems(files: dict[str, str]) -> list[str]:
    """Where the open-data files break their own published schemas (checked with Frictionless), as
    plain lines; empty when every year's package is valid. Run before an edition is published."""
    import tempfile
    from pathlib import Path

    from frictionless import Package

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, content in files.items():
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        for descriptor in sorted(Path(tmp).glob("data/*/datapackage.json")):
            report = Package(str(descriptor)).validate()
            for task in report.tasks:
                for error in task.errors[:20]:
                    problems.append(f"{descriptor.parent.name}/{task.name}: {error.message}")
    return problems
