"""Starting a province, and each year after: the folders a secretariat would otherwise write by hand.

* :func:`init` writes a province folder that builds at once: ``data/`` with the first year's package
  (every resource declared by name and path, header-only tables, Vietnamese number format) and the index
  sets chosen from those shipped with the tool, a ``mkdocs.yml`` holding only what is the province's own,
  ``content/`` with its introduction page, a ``.gitignore`` for everything the tool writes, and
  ``HUONG-DAN.md``, the year's steps in Vietnamese. The theme and the site's assets stay in the package.
* :func:`new_year` starts the next year from the last: the units carried over (to be edited), the
  descriptor with the new year, nothing of the old figures.
* :func:`record_decision` writes the publication decision and date into a year's descriptor.

Every refusal is a :class:`ProvinceError` with a plain Vietnamese message naming what and where.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

from . import bundled
from .errors import display_path
from .load import EDITION_RESOURCES, TEXT_LIMITS, standard_schema
from .packaging import json_text, write_csv
from .tables import control_character

# The index sets a new province gets when it names none: one per unit type still assessed after 2025.
DEFAULT_FRAMEWORKS = ("hai-duong-2405-2024-so", "gia-lai-ia-dom-2024-xa")
BANDS = [{"label": "Tốt", "min_percent": 90}, {"label": "Khá", "min_percent": 70}, {"label": "Trung bình", "min_percent": 50}, {"label": "Yếu", "min_percent": 0}]
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
LOGO_TYPES = (".png", ".svg", ".jpg", ".jpeg", ".webp")
IGNORED = """# Những gì công cụ tạo ra, không ghi vào kho:
/site/
/public/
/public.zip
/.dti-staging-*/
/.dti-old-*/
/.venv/
# Phiếu gửi đi và phiếu nhận về (chứa số liệu chưa kiểm tra của các đơn vị):
/phieu*/
/tham-dinh*/
/tra-lai*/
__pycache__/
"""


class ProvinceError(Exception):
    """A refusal, with its plain explanation."""


def _slug(text: str) -> str:
    """``Tỉnh Bình Sơn`` → ``binh-son``: the province's name as a package name."""
    text = re.sub(r"^(tỉnh|thành phố)\s+", "", text.strip(), flags=re.IGNORECASE).replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "tinh"


def _year_descriptor(province: str, year: int, frameworks: dict[str, str], contact: str) -> dict:
    return {
        "name": f"dti-{_slug(province)}-{year}",
        "title": f"Kết quả đánh giá Chỉ số chuyển đổi số năm {year} — {province}",
        "licenses": [dict(LICENCE)],
        "dti": {
            "kind": "submission",
            "year": year,
            "province": province,
            "frameworks": frameworks,
            "number_format": "vi",
            "missing": "zero",
            "publication": {"decision": "", "date": "", "bands": [dict(b) for b in BANDS]},
            "forms": {"contact": contact} if contact else {},
        },
        "resources": [{"name": name, "path": f"{name}.csv"} for name in EDITION_RESOURCES],
    }


def _header_only(folder: Path, names, keep: dict[str, Path] | None = None) -> None:
    for name in names:
        source = (keep or {}).get(name)
        if source is not None:
            shutil.copyfile(source, folder / f"{name}.csv")
        else:
            write_csv(folder / f"{name}.csv", [f["name"] for f in standard_schema(name)["fields"]], [])


def _choose_frameworks(wanted: list[str] | None) -> dict[str, tuple[str, Path]]:
    """The chosen shipped index sets, by unit type."""
    shipped = bundled.shipped_frameworks()
    chosen: dict[str, tuple[str, Path]] = {}
    for fid in wanted or DEFAULT_FRAMEWORKS:
        if fid not in shipped:
            raise ProvinceError(f"không có bộ chỉ số «{fid}» trong các bộ chỉ số kèm công cụ; các bộ có sẵn: {', '.join(shipped)}")
        unit_type = json.loads((shipped[fid] / "datapackage.json").read_text(encoding="utf-8"))["dti"]["unit_type"]
        if unit_type in chosen:
            raise ProvinceError(f"hai bộ chỉ số cho cùng loại đơn vị «{unit_type}»: {chosen[unit_type][0]} và {fid}; mỗi loại chỉ chọn một")
        chosen[unit_type] = (fid, shipped[fid])
    return chosen


def _check_text(what: str, value: str, limit: int) -> str:
    value = unicodedata.normalize("NFC", value or "").strip()
    if control_character(value) is not None:
        raise ProvinceError(f"{what} chứa ký tự điều khiển hoặc ký tự ẩn; hãy gõ lại")
    if len(value) > limit:
        raise ProvinceError(f"{what} dài {len(value)} ký tự, tối đa {limit}")
    return value


def init(folder: Path, province: str, year: int, frameworks: list[str] | None = None, portal: str = "", contact: str = "", logo: Path | None = None) -> list[Path]:
    """Write a new province folder (see the module's text); the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ProvinceError(f"thư mục {display_path(folder)} đã có nội dung; «dti init» chỉ tạo tỉnh mới trong một thư mục trống hoặc chưa có")
    province = _check_text("tên tỉnh (--province)", province, TEXT_LIMITS["province"])
    if not province:
        raise ProvinceError("hãy ghi tên tỉnh, ví dụ --province \"Tỉnh Bình Sơn\"")
    if not 2000 <= year <= 2100:
        raise ProvinceError(f"năm đánh giá «{year}» không hợp lệ; ví dụ --year 2026")
    portal = _check_text("địa chỉ cổng thông tin (--portal)", portal, 300)
    if portal and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", portal):
        raise ProvinceError(f"địa chỉ cổng thông tin «{portal}» phải bắt đầu bằng https://, ví dụ https://binhson.gov.vn/")
    contact = _check_text("nơi liên hệ (--contact)", contact, TEXT_LIMITS["contact"])
    if logo is not None and (not Path(logo).is_file() or Path(logo).suffix.lower() not in LOGO_TYPES):
        raise ProvinceError(f"biểu trưng «{logo}» phải là một tệp ảnh có sẵn ({', '.join(LOGO_TYPES)})")
    chosen = _choose_frameworks(frameworks)

    data = folder / "data"
    year_dir = data / str(year)
    year_dir.mkdir(parents=True)
    for fid, source in chosen.values():
        shutil.copytree(source, data / "frameworks" / fid)
    (year_dir / "datapackage.json").write_text(json_text(_year_descriptor(province, year, {t: fid for t, (fid, _) in chosen.items()}, contact)), encoding="utf-8")
    _header_only(year_dir, EDITION_RESOURCES)
    content = folder / "content"
    (content / "assets").mkdir(parents=True)
    logo_path = None
    if logo is not None:
        logo_path = f"assets/bieu-trung{Path(logo).suffix.lower()}"
        shutil.copyfile(logo, content / logo_path)
    (content / "gioi-thieu.md").write_text(_introduction(province), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_configuration(province, portal, contact, logo_path), encoding="utf-8")
    (folder / ".gitignore").write_text(IGNORED, encoding="utf-8")
    (folder / "HUONG-DAN.md").write_text(_steps(province, year), encoding="utf-8")
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string, quotes and all


def _configuration(province: str, portal: str, contact: str, logo: str | None) -> str:
    lines = [
        f"# Trang kết quả Chỉ số chuyển đổi số của {province}. Tệp này chỉ ghi những gì là của tỉnh: tên, địa chỉ,",
        "# nơi liên hệ, giấy phép, biểu trưng. Giao diện, các trang kết quả và dữ liệu mở do công cụ tạo ra.",
        f"site_name: {_yaml_text(f'Chỉ số chuyển đổi số — {province}')}",
        "# site_url: https://DIA-CHI-TRANG-KET-QUA/   (địa chỉ công khai của trang kết quả, khi đã có)",
        "docs_dir: content",
        f"copyright: {_yaml_text(f'{province} — kết quả đánh giá Chỉ số chuyển đổi số, dữ liệu mở theo giấy phép CC BY 4.0')}",
        "theme:",
        "  name: material",
    ]
    if logo:
        lines += [f"  logo: {logo}", f"  favicon: {logo}"]
    lines += ["plugins:", "  - dti:", "      data_dir: data"]
    if portal:
        lines.append(f"      portal: {_yaml_text(portal)}")
    if contact:
        lines.append(f"      contact: {_yaml_text(contact)}")
    return "\n".join(lines) + "\n"


def _introduction(province: str) -> str:
    return f"""# Giới thiệu

Trang này công bố kết quả đánh giá **Chỉ số chuyển đổi số (DTI)** của {province}: các sở, ban, ngành và các
xã, phường, đặc khu được đánh giá hằng năm theo bộ chỉ số do Ủy ban nhân dân tỉnh ban hành.

## Quy trình đánh giá

1. **Tự đánh giá.** Mỗi đơn vị tự chấm điểm từng chỉ số và nộp tài liệu kiểm chứng.
2. **Thẩm định.** Hội đồng thẩm định của tỉnh xem xét tài liệu, công nhận hoặc điều chỉnh điểm tự chấm
   của từng chỉ số. Điểm chính thức là **điểm thẩm định**.
3. **Công bố.** Trong quý I năm sau, Ủy ban nhân dân tỉnh quyết định công bố kết quả.

## Cách đọc kết quả

- **Chỉ số DTI** của một đơn vị = tổng điểm đạt / điểm tối đa × 100 %; điểm tối đa đã trừ các chỉ số
  «không đánh giá» đối với đơn vị đó.
- **Thứ hạng** được xếp trong từng loại đơn vị và từng năm; các đơn vị bằng chỉ số DTI cùng thứ hạng.
- Mỗi con số trên trang tính lại được từ dữ liệu mở; cách tính từng con số ghi ở trang «Dữ liệu mở».

## Phiên bản công bố

<!-- dti:phien-ban -->
"""


def _steps(province: str, year: int) -> str:
    return f"""# Hướng dẫn công bố kết quả Chỉ số chuyển đổi số — {province}

Các bước của một năm đánh giá. Mỗi bước là một lệnh hoặc một thao tác trên bảng tính; mọi lỗi đều ghi
tệp, dòng, cột (hoặc trang, ô của phiếu) và cách sửa.

1. **Danh sách đơn vị.** Mở `data/{year}/units.csv` bằng Excel hoặc LibreOffice, ghi mỗi đơn vị một dòng
   (mã, tên, loại `department` hoặc `commune`), lưu dạng «CSV UTF-8». Kiểm tra: `dti validate`.
2. **Gửi phiếu tự đánh giá.** `dti template {year} phieu` tạo một phiếu Excel cho mỗi đơn vị trong thư
   mục `phieu/`; gửi mỗi đơn vị phiếu của mình.
3. **Thu phiếu.** Chép các phiếu nhận về vào `phieu-da-nhan/`, chạy `dti collect {year} phieu-da-nhan --check --return tra-lai`
   để xem mọi lỗi (mỗi lỗi ghi tệp, trang và ô) và nhận trong `tra-lai/` phiếu của từng đơn vị với các ô lỗi
   được tô; gửi lại đơn vị sửa, rồi `dti collect {year} phieu-da-nhan`.
4. **Thẩm định.** `dti template {year} tham-dinh --appraisal` tạo phiếu cho Hội đồng; thu lại bằng
   `dti collect {year} tham-dinh --appraisal`.
5. **Dự thảo lấy ý kiến.** `dti build --draft` dựng trang dự thảo vào `site/`.
6. **Quyết định công bố.** `dti year decision {year} --decision "Quyết định số …/QĐ-UBND ngày …" --date {year + 1}-03-20`,
   ghi vào kho (`git add -A` rồi `git commit -m "Kết quả năm {year}"`), rồi `dti publish {year}`.
7. **Năm sau.** `dti year new {year + 1}` bắt đầu năm mới từ danh sách đơn vị năm nay.

Hướng dẫn đầy đủ: trang «Định dạng dữ liệu đầu vào», mục «Bắt đầu cho một tỉnh mới».
"""


def new_year(data_dir: Path, year: int) -> list[Path]:
    """Start ``year`` from the latest year in ``data_dir``: the descriptor with the new year and no
    publication yet, the units carried over, the other tables with their header only."""
    data_dir = Path(data_dir)
    years = sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)) if data_dir.is_dir() else []
    if not years:
        raise ProvinceError(f"không có năm nào trong {display_path(data_dir)} để bắt đầu từ đó; một tỉnh mới bắt đầu bằng «dti init»")
    if year in years:
        raise ProvinceError(f"đã có thư mục {display_path(data_dir / str(year))}; không ghi đè dữ liệu của một năm")
    if year <= years[-1]:
        raise ProvinceError(f"năm {year} không sau năm gần nhất ({years[-1]}); năm mới bắt đầu từ năm gần nhất")
    last = data_dir / str(years[-1])
    try:
        descriptor = json.loads((last / "datapackage.json").read_text(encoding="utf-8"))
        meta = descriptor["dti"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ProvinceError(f"không đọc được {display_path(last / 'datapackage.json')}; hãy sửa theo «dti validate»") from None
    province = meta.get("province", "")
    meta["year"] = year
    meta["publication"] = {"decision": "", "date": "", "bands": (meta.get("publication") or {}).get("bands", [dict(b) for b in BANDS])}
    if isinstance(meta.get("forms"), dict):
        meta["forms"].pop("deadline", None)
    descriptor["name"] = f"dti-{_slug(province)}-{year}"
    descriptor["title"] = f"Kết quả đánh giá Chỉ số chuyển đổi số năm {year} — {province}"
    resources = descriptor.get("resources") if isinstance(descriptor.get("resources"), list) else []
    declared = {r.get("name"): r.get("path") for r in resources if isinstance(r, dict) and isinstance(r.get("path"), str)}
    descriptor["resources"] = [{"name": name, "path": f"{name}.csv"} for name in EDITION_RESOURCES]
    folder = data_dir / str(year)
    folder.mkdir()
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    units = last / (declared.get("units") or "units.csv")
    _header_only(folder, EDITION_RESOURCES, {"units": units} if units.is_file() else None)
    return sorted(folder.iterdir())


def record_decision(data_dir: Path, year: int, decision: str, when: str) -> Path:
    """Write the publication decision and its date into the year's descriptor (no longer a draft)."""
    path = Path(data_dir) / str(year) / "datapackage.json"
    decision = _check_text("quyết định công bố (--decision)", decision, TEXT_LIMITS["decision"])
    if not decision:
        raise ProvinceError("hãy ghi số và ngày của quyết định, ví dụ --decision \"Quyết định số 123/QĐ-UBND ngày 20/3/2027\"")
    try:
        day = date.fromisoformat(when) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when or "") else None
    except ValueError:
        day = None
    if day is None or day.year <= year:
        raise ProvinceError(f"ngày công bố «{when}» phải viết dạng NĂM-THÁNG-NGÀY và sau năm {year}, ví dụ --date {year + 1}-03-20")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        publication = descriptor["dti"].setdefault("publication", {})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ProvinceError(f"không đọc được {display_path(path)}; hãy kiểm tra năm {year} có trong dữ liệu không") from None
    publication.update(decision=decision, date=when)
    publication.pop("draft", None)
    path.write_text(json_text(descriptor), encoding="utf-8")
    return path

