"""Illustrative submissions for a fictional province, "Tỉnh Minh Họa", generated deterministically.

The generator reads the frameworks' rules and produces plausible inputs for every unit, year and
indicator: strong and weak units, units that improve, indicators not evaluated, self-assessments the
appraisal council lowered (with a note), evidence links on example.org, a unit assessed but not ranked,
and two communes merged into one with their lineage recorded. The same seed always gives the same files.
Everything it writes says it is illustrative.
"""

from __future__ import annotations

import ast
import random
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .load import load_framework
from .model import Framework, Indicator
from .numeric import plain, round_published
from .packaging import header_of, json_text, resource, write_csv
from .rules import Values, parse_value
from .text import slug

PROVINCE = "Tỉnh Minh Họa"
FRAMEWORKS = {
    "department": "hai-duong-2405-2024-so",
    "district": "hai-duong-2405-2024-huyen",
    "commune": "gia-lai-ia-dom-2024-xa",
}
YEARS = (2022, 2023, 2024)
PUBLICATIONS = {
    2022: ("Quyết định số 512/QĐ-UBND ngày 24/3/2023 (minh họa)", "2023-03-24"),
    2023: ("Quyết định số 604/QĐ-UBND ngày 22/3/2024 (minh họa)", "2024-03-22"),
    2024: ("Quyết định số 655/QĐ-UBND ngày 21/3/2025 (minh họa)", "2025-03-21"),
}
BANDS = [
    {"label": "Tốt", "min_percent": 90},
    {"label": "Khá", "min_percent": 70},
    {"label": "Trung bình", "min_percent": 50},
    {"label": "Yếu", "min_percent": 0},
]
DEPARTMENTS = [
    "Văn phòng UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương", "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Sở Y tế", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Lao động, Thương binh và Xã hội", "Sở Tư pháp", "Sở Giao thông vận tải", "Sở Xây dựng", "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
]
DISTRICTS = [
    "Thành phố Minh Họa", "Thị xã Đông Hòa", "Huyện An Phú", "Huyện Bình Sơn", "Huyện Tân Lạc", "Huyện Nam Sách",
    "Huyện Phú Thạnh", "Huyện Mỹ Hưng", "Huyện Thuận Yên", "Huyện Lạc Sơn", "Huyện Tây Giang", "Huyện Bắc Thủy",
]
SYLLABLES = (
    "Tân Phú Hòa An Bình Thạnh Mỹ Long Hưng Phước Thuận Đông Tây Trung Quang Minh Đức Lộc Thành Vĩnh Xuân Hải "
    "Sơn Lâm Điền Khánh Thọ Phong Nghĩa Hiệp Lợi Cường Thịnh Vinh Hà Kim Ngọc Liên Tiến"
).split()
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương".split()
GIVEN = "Văn An|Thị Bình|Minh Châu|Quốc Dũng|Thu Hà|Đức Hải|Thanh Hương|Ngọc Lan|Văn Long|Thị Mai|Hữu Nam|Kim Oanh".split("|")
NOT_RANKED = {"Thanh tra tỉnh": "Không có thủ tục hành chính và dịch vụ công trực tuyến; được đánh giá nhưng không xếp hạng theo quyết định công bố."}
NO_PUBLIC_SERVICES = {"Thanh tra tỉnh", "Ban Quản lý các khu công nghiệp"}
MERGED = ("Xã Tân An", "Xã Hòa Lạc", "Xã Tân Hòa")  # two communes of 2022–2023 merged into one in 2024

# Plausible sizes for counted and measured inputs, found by a word of the input's meaning.
SIZES = [
    ("máy chủ", (0, 8)), ("hệ thống thông tin", (2, 14)), ("HTTT", (2, 14)), ("buổi họp", (4, 12)),
    ("sự cố", (0, 6)), ("báo cáo", (12, 90)), ("nền tảng", (4, 12)), ("thôn", (6, 20)),
    ("UBND cấp xã", (8, 24)), ("xã, phường", (8, 24)), ("UBND các cấp", (9, 25)), ("đài truyền thanh", (8, 24)),
    ("điểm phục vụ", (6, 30)), ("trạm y tế", (8, 24)), ("cơ sở y tế", (8, 30)), ("cơ sở giáo dục", (10, 60)),
    ("khu du lịch", (2, 10)), ("nhà văn hóa", (10, 40)), ("OCOP", (4, 30)), ("văn bản", (300, 6000)),
    ("hồ sơ", (800, 60000)), ("DVCTT", (40, 400)), ("doanh nghiệp", (40, 2500)), ("hộ kinh doanh", (200, 4000)),
    ("máy trạm", (20, 400)), ("máy tính", (20, 400)), ("công chức", (20, 600)), ("viên chức", (20, 600)),
    ("CBCC", (20, 600)), ("lao động", (3000, 90000)), ("hộ", (1500, 40000)), ("dân số", (5000, 150000)),
    ("người", (3000, 120000)), ("tài khoản", (500, 30000)), ("giao dịch", (200, 20000)), ("bưu gửi", (2000, 60000)),
    ("kinh phí", (2000, 400000)), ("chi", (2000, 400000)), ("tin, bài", (0, 30)),
]
NOTES = {
    "number": "Hội đồng thẩm định điều chỉnh «{name}» từ {old} xuống {value} vì một phần tài liệu kiểm chứng không hợp lệ.",
    "yes_no": "Văn bản ban hành sau thời hạn hoặc chưa đủ nội dung theo yêu cầu; Hội đồng thẩm định không công nhận.",
    "level": "Tài liệu kiểm chứng chưa chứng minh được mức đơn vị tự đánh giá; Hội đồng thẩm định hạ một mức.",
    "percent": "Số liệu được lấy theo Cổng Dịch vụ công quốc gia tại thời điểm thẩm định.",
}


@dataclass(frozen=True)
class DemoUnit:
    id: str
    name: str
    type: str
    parent: str | None
    strength: float
    growth: float
    predecessors: tuple[str, ...] = ()
    years: tuple[int, ...] = YEARS


def _clamp(x: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, x))


def _units(communes: int, seed: str) -> list[DemoUnit]:
    rng = random.Random(f"{seed}-units")
    units: list[DemoUnit] = []
    taken: set[str] = set()

    def add(name: str, unit_type: str, parent: str | None = None, **extra) -> DemoUnit:
        uid = slug(name)
        while uid in taken:
            uid += "-2"
        taken.add(uid)
        unit = DemoUnit(uid, name, unit_type, parent, round(rng.uniform(0.35, 0.97), 3), round(rng.uniform(-0.01, 0.07), 3), **extra)
        units.append(unit)
        return unit

    for name in DEPARTMENTS:
        add(name, "department")
    districts = [add(name, "district") for name in DISTRICTS]
    names: set[str] = {MERGED[0], MERGED[1], MERGED[2]}
    for i in range(communes - 2):
        district = districts[i % len(districts)]
        urban = district.name.startswith(("Thành phố", "Thị xã"))
        first_in_district = i < len(districts)
        prefix = "Phường" if urban else ("Thị trấn" if first_in_district else "Xã")
        while True:
            name = f"{prefix} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
            if name not in names and len(set(name.split()[-2:])) == 2:
                break
        names.add(name)
        add(name, "commune", district.id)
    merged_district = districts[2].id
    first = add(MERGED[0], "commune", merged_district, years=YEARS[:-1])
    second = add(MERGED[1], "commune", merged_district, years=YEARS[:-1])
    add(MERGED[2], "commune", merged_district, predecessors=(first.id, second.id), years=YEARS[-1:])
    return units


# --------------------------------------------------------------------------- inputs for one indicator


def _size(meaning: str, input_type: str, rng: random.Random) -> int:
    for word, (low, high) in SIZES:
        if word.lower() in meaning.lower():
            return rng.randint(low, high)
    return rng.randint(10, 200) if input_type == "count" else rng.randint(1000, 100000)


def _names(node: ast.expr) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def _split(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """Split a whole number in proportion to weights, exactly."""
    if not weights:
        return []
    weight_sum = sum(weights) or len(weights)
    parts = [total * (w or 1) // weight_sum for w in weights]
    for _ in range(total - sum(parts)):
        parts[rng.randrange(len(parts))] += 1
    return parts


def _fill_ratio(ind: Indicator, formula: str, ratio: float, rng: random.Random, denominator_zero: bool = False) -> dict[str, str]:
    """Inputs for a formula ``numerator / denominator`` whose value is about ``ratio``."""
    types = {d.name: d for d in ind.inputs}
    tree = ast.parse(formula, mode="eval").body
    if not isinstance(tree, ast.BinOp) or not isinstance(tree.op, ast.Div):
        name = _names(tree)[0]
        return {name: str(int(ratio)) if types[name].type == "count" else f"{ratio:.1f}"}
    top, bottom = _names(tree.left), _names(tree.right)
    bases = [0 if denominator_zero else max(1, _size(types[n].meaning, types[n].type, rng)) for n in bottom]
    total = sum(bases)
    numerator = min(total, round(_clamp(ratio, 0, 1) * total)) if ratio <= 1 else round(ratio * total)
    if len(top) == len(bottom):
        parts = _split(numerator, bases, rng)
    else:
        parts = _split(numerator, [rng.randint(1, 3) for _ in top], rng)
    values = {n: str(v) for n, v in zip(bottom, bases)}
    values.update({n: str(v) for n, v in zip(top, parts)})
    return values


def _ratio_share(kind: str, rule, quality: float, rng: random.Random) -> float:
    if kind == "ratio_target":
        target = float(rule.target)
        return _clamp(target * (0.45 + 0.75 * quality + rng.gauss(0, 0.08)))
    if kind == "all_or_nothing":
        return 1.0 if rng.random() < quality else rng.uniform(0.7, 0.97)
    if kind == "tiers":
        thresholds = [float(t) for t, _ in rule.steps]
        bucket = min(len(thresholds), int((1 - quality) * (len(thresholds) + 1) + rng.random() * 0.8))
        high = thresholds[bucket - 1] if bucket > 0 else thresholds[0] * 1.8
        low = thresholds[bucket] if bucket < len(thresholds) else 0.0
        return rng.uniform(low, high * 0.999)
    return _clamp(0.25 + 0.75 * quality + rng.gauss(0, 0.07))


def generate_inputs(ind: Indicator, quality: float, rng: random.Random) -> dict[str, str]:
    """Self-assessed inputs for one leaf indicator, as they would be typed into inputs.csv."""
    rule = ind.rule
    kind = rule.kind
    yes = lambda p: "có" if rng.random() < p else "không"  # noqa: E731
    values: dict[str, str] = {}
    if rule.gate:
        values[rule.gate] = yes(0.55 + 0.45 * quality)
        if values[rule.gate] == "không":
            return values
    name = rule.formula.names[0] if rule.formula is not None and rule.formula.names else None
    if kind == "yes_no":
        values[name] = yes(0.2 + 0.85 * quality)
    elif kind == "levels":
        levels = rule.levels()
        roll = rng.random()
        values[name] = levels[0] if roll < quality else (levels[1] if roll < quality + (1 - quality) * 0.6 else levels[-1])
    elif kind == "checklist":
        for item, _ in rule.items:
            values[item] = yes(0.25 + 0.8 * quality)
    elif kind == "capped_count":
        if rule.full_at is not None:
            values[name] = str(max(0, round(float(rule.full_at) * _clamp(quality * 1.25 + rng.gauss(0, 0.15), 0, 1.6))))
        else:
            values[name] = str(max(0, round(float(ind.max_points / rule.per_item) * _clamp(quality + rng.gauss(0, 0.1)))))
    elif kind == "weighted_shares":
        total_name = rule.formula.names[0]
        meetings = rng.randint(4, 12)
        head = round(meetings * _clamp(quality + rng.gauss(0, 0.1)))
        deputy = round((meetings - head) * rng.uniform(0.3, 1.0))
        (first, _), (second, _) = rule.shares[0], rule.shares[1]
        values.update({total_name: str(meetings), first: str(head), second: str(deputy)})
    elif kind == "external_rate":
        values[name] = f"{_clamp(0.55 + 0.45 * quality + rng.gauss(0, 0.04)) * 100:.2f}"
    elif kind == "points":
        values[name] = f"{float(ind.max_points) * _clamp(quality + rng.gauss(0, 0.1)):.1f}"
    else:  # ratio, ratio_target, all_or_nothing, tiers, minmax
        zero = rule.on_zero is not None and rng.random() < 0.15
        share = _ratio_share(kind, rule, quality, rng)
        values.update(_fill_ratio(ind, rule.formula.text, share, rng, denominator_zero=zero))
        if rule.on_zero and rule.on_zero.condition:
            values[rule.on_zero.condition] = yes(0.3 + 0.7 * quality)
    return values


def appraise(ind: Indicator, own: dict[str, str], rng: random.Random) -> tuple[dict[str, str], str]:
    """The council's corrections to some inputs, and the note that explains them."""
    rule = ind.rule
    types = {d.name: d for d in ind.inputs}
    candidates = [n for n in _adjustable(ind) if n in own]
    if not candidates:
        return {}, ""
    name = rng.choice(sorted(candidates))
    d = types[name]
    value = own[name]
    if d.type == "yes_no":
        if value != "có":
            return {}, ""
        return {name: "không"}, NOTES["yes_no"]
    if d.type == "level":
        levels = rule.levels()
        position = levels.index(value)
        if position == len(levels) - 1:
            return {}, ""
        return {name: levels[position + 1]}, NOTES["level"]
    if d.type == "percent":
        lowered = f"{float(value) * rng.uniform(0.85, 0.97):.2f}"
        return {name: lowered}, NOTES["percent"]
    number = Fraction(value)
    if number <= 1:
        return {}, ""
    lowered = int(number * Fraction(rng.randint(55, 90), 100)) if d.type == "count" else round(float(number) * rng.uniform(0.55, 0.9), 1)
    meaning = d.meaning if len(d.meaning) <= 70 else d.meaning[:70].rsplit(" ", 1)[0] + "…"
    return {name: str(lowered)}, NOTES["number"].format(value=lowered, old=value, name=meaning.rstrip(" ,;"))


def _adjustable(ind: Indicator) -> list[str]:
    """The inputs a council would correct: what is achieved, not the totals it is measured against."""
    rule = ind.rule
    if rule.kind == "checklist":
        return [n for n, _ in rule.items]
    if rule.kind == "weighted_shares":
        return [n for n, _ in rule.shares]
    tree = ast.parse(rule.formula.text, mode="eval").body
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        return _names(tree.left)
    return list(rule.formula.names)


# --------------------------------------------------------------------------- one edition


def _not_evaluated(unit: DemoUnit, fw: Framework, year: int) -> set[str]:
    ids: set[str] = set()
    if unit.name in NO_PUBLIC_SERVICES and unit.type == "department":
        ids |= {"6.2", "6.3", "6.4"}
    if unit.type == "district" and unit.name.startswith(("Thành phố", "Huyện Bắc")):
        ids.add("3.6.2")  # no provincial-level tourist site in these districts
    if unit.type == "commune" and unit.name.startswith("Phường") and int(unit.strength * 100) % 4 == 0:
        ids.add("3.4")
    return {i for i in ids if i in fw.indicators}


def _edition_rows(units: list[DemoUnit], frameworks: dict[str, Framework], year: int, seed: str):
    unit_rows, assessment_rows, input_rows, evidence_rows = [], [], [], []
    for index, unit in enumerate(units):
        if year not in unit.years:
            continue
        rng = random.Random(f"{seed}-{year}-{unit.id}")
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        unit_rows.append([
            unit.id, unit.name, unit.type, unit.parent or "", "yes" if unit.name in NOT_RANKED else "",
            NOT_RANKED.get(unit.name, ""), " ".join(unit.predecessors),
            f"{surname} {given}", "Chuyên viên đầu mối chuyển đổi số", f"0200 555 {index:04d}",
            f"dau-moi.{unit.id}@minhhoa.example",
        ])
        fw = frameworks[unit.type]
        skipped = _not_evaluated(unit, fw, year)
        level = _clamp(unit.strength + unit.growth * (year - YEARS[0]), 0.1, 0.99)
        for ind in fw.leaves():
            if ind.id in skipped:
                assessment_rows.append([unit.id, ind.id, "", "yes", "Đơn vị không có đối tượng đánh giá của chỉ số này."])
                continue
            irng = random.Random(f"{seed}-{year}-{unit.id}-{ind.id}")
            quality = _clamp(level + irng.gauss(0, 0.12))
            own = generate_inputs(ind, quality, irng)
            corrected, note = ({}, "")
            if irng.random() < 0.05 + 0.12 * (1 - quality):
                corrected, note = appraise(ind, own, irng)
            claimed = _share(ind, own)
            assessment_rows.append([unit.id, ind.id, plain(round_published(claimed * ind.max_points)) if claimed is not None else "", "", note])
            for d in ind.inputs:
                if d.name in own:
                    input_rows.append([unit.id, ind.id, d.name, own[d.name], corrected.get(d.name, "")])
            if irng.random() < 0.3:
                title = (ind.evidence or f"Tài liệu kiểm chứng chỉ số {ind.id}").split(";")[0].strip(" -.")[:90]
                evidence_rows.append([unit.id, ind.id, title, f"https://example.org/minh-hoa/{year}/{unit.id}/{ind.id}.pdf"])
    if evidence_rows:
        first = evidence_rows[0]
        evidence_rows.insert(1, [first[0], first[1], "Bản giấy lưu tại bộ phận một cửa", "\\\\may-chu\\tlkc\\ban-giay.pdf"])
    return unit_rows, assessment_rows, input_rows, evidence_rows


def _share(ind: Indicator, own: dict[str, str]) -> Fraction | None:
    """The share a unit claims from its own inputs (min–max cannot be claimed alone: None)."""
    if ind.rule.peer_relative:
        return None
    levels = ind.rule.levels()
    types = {d.name: d.type for d in ind.inputs}
    values = Values({n: parse_value(types[n], v, levels) for n, v in own.items()})
    return ind.rule.share(values, ind.max_points)


def write_demo(out: Path, frameworks_dir: Path, communes: int = 64, seed: str = "minh-hoa") -> list[Path]:
    """Write data packages for 2022–2024 into ``out`` (and copy the frameworks there if needed)."""
    out = Path(out)
    frameworks_dir = Path(frameworks_dir)
    if (out / "frameworks").resolve() != frameworks_dir.resolve():
        for fid in FRAMEWORKS.values():
            shutil.copytree(frameworks_dir / fid, out / "frameworks" / fid, dirs_exist_ok=True)
    problems: list = []
    frameworks = {t: load_framework(frameworks_dir / fid, problems) for t, fid in FRAMEWORKS.items()}
    if problems or any(f is None for f in frameworks.values()):
        raise SystemExit("Bộ chỉ số dùng cho dữ liệu minh họa có lỗi; hãy chạy «dti validate» trước.")
    units = _units(communes, seed)
    written = []
    for year in YEARS:
        folder = out / str(year)
        rows = _edition_rows(units, frameworks, year, seed)
        for name, table in zip(("units", "assessments", "inputs", "evidence"), rows):
            write_csv(folder / f"{name}.csv", header_of(name), table)
        decision, date = PUBLICATIONS[year]
        descriptor = {
            "name": f"minh-hoa-dti-{year}",
            "title": f"Kết quả đánh giá Chỉ số chuyển đổi số năm {year} — {PROVINCE} (dữ liệu minh họa)",
            "description": "Dữ liệu minh họa do máy tạo cho một tỉnh không có thật; không phản ánh kết quả của bất kỳ cơ quan, địa phương nào.",
            "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
            "dti": {
                "kind": "submission",
                "year": year,
                "province": PROVINCE,
                "illustrative": True,
                "frameworks": dict(FRAMEWORKS),
                "publication": {"decision": decision, "date": date, "bands": BANDS},
            },
            "resources": [resource(name, name) for name in ("units", "assessments", "inputs", "evidence")],
        }
        (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
        written.append(folder)
    return written
