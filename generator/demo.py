"""Illustrative submissions for a fictional province, "Tỉnh Minh Họa", generated deterministically.

The generator reads the frameworks' rules and produces plausible inputs for every unit, year and
indicator: strong and weak units, units that improve, indicators not evaluated, self-assessments the
appraisal council lowered (with a note), evidence links on example.org, a unit assessed but not ranked,
and two communes merged into one with their lineage recorded. Its last year, 2025, is the two-tier
province: no districts, five department mergers, every commune formed from one to four communes of 2024,
a few indicators without data (scored 0 under the year's policy) and a few scores the council awarded
itself. Each year also has plainly fictional boundaries for the map: a grid of hexagons, one per commune,
laid out district by district; a merged commune, and a district, covers exactly its communes' hexagons.
The same seed always gives the same files. Everything it writes says it is illustrative.
"""

from __future__ import annotations

import ast
import json
import math
import random
import shutil
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .geometry import union_of_cells
from .load import load_framework
from .model import Framework, Indicator
from .numeric import compact_vi, plain, round_published
from .packaging import header_of, json_text, resource, write_csv
from .cellread import parse_value
from .rules import Values
from .text import shorten, slug

PROVINCE = "Tỉnh Minh Họa"
FRAMEWORKS = {
    "department": "hai-duong-2405-2024-so",
    "district": "hai-duong-2405-2024-huyen",
    "commune": "gia-lai-ia-dom-2024-xa",
}
# From 2025 the departments without administrative procedures (NO_PUBLIC_SERVICES) rank apart on the
# departments' set without its three online-public-service indicators (see that set's notes), as Lâm Đồng
# and Lào Cai rank theirs; the key is a ranking group's, not a unit type's.
WITHOUT_SERVICES = "so-khong-tthc"
FRAMEWORKS[WITHOUT_SERVICES] = "hai-duong-2405-2024-so-khong-dvc"
YEARS = (2022, 2023, 2024, 2025)
# A past year that exists only as the province's printed table of totals (dti.detail: total): departments and
# districts, out of their index sets' maxima, as a province going online enters its earlier results.
PAST = 2021
TWO_TIER = 2025  # from 1 July 2025: no districts, communes merged, departments merged earlier in the year
BEFORE = tuple(y for y in YEARS if y < TWO_TIER)
PUBLICATIONS = {
    2021: ("Quyết định số 468/QĐ-UBND ngày 25/3/2022 (minh họa)", "2022-03-25"),
    2022: ("Quyết định số 512/QĐ-UBND ngày 24/3/2023 (minh họa)", "2023-03-24"),
    2023: ("Quyết định số 604/QĐ-UBND ngày 22/3/2024 (minh họa)", "2024-03-22"),
    2024: ("Quyết định số 655/QĐ-UBND ngày 21/3/2025 (minh họa)", "2025-03-21"),
    2025: ("Quyết định số 402/QĐ-UBND ngày 20/3/2026 (minh họa)", "2026-03-20"),
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
# Departments merged in early 2025, as most provinces did: the continuing department (or a new one) and
# the departments it absorbed.
DEPARTMENT_MERGERS = {
    "Sở Tài chính": ("Sở Kế hoạch và Đầu tư",),
    "Sở Khoa học và Công nghệ": ("Sở Thông tin và Truyền thông",),
    "Sở Nội vụ": ("Sở Lao động, Thương binh và Xã hội",),
    "Sở Xây dựng": ("Sở Giao thông vận tải",),
    "Sở Nông nghiệp và Môi trường": ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"),
}
# Other agencies assessed from 2025 on the departments' index set and ranked apart (unit type «agency»), with
# the unit's made-up strength: the provincial police and social insurance, as Lâm Đồng's rankings hold.
AGENCIES = (("Công an tỉnh", 0.93), ("Bảo hiểm xã hội tỉnh", 0.2))
GROUP_SIZES = (1, 2, 2, 3, 3, 3, 4, 4)  # how many 2024 communes form one 2025 commune
COUNCIL_AWARDS = 4  # indicators of 2025 the council scores itself, with its reason
MISSING = 3  # units of 2025 that sent no data for an indicator (they score 0 under dti.missing: zero)

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
    predecessors: tuple[str, ...] = ()  # named in the unit's first year
    years: tuple[int, ...] = YEARS
    predecessors_from: int | None = None  # the year from which a continuing unit names them


def _clamp(x: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, x))


def _made_up_names(base: list[str], count: int, rng: random.Random, prefix: str) -> list[str]:
    """``count`` names: the bundled ones first, then made-up ones (for larger, synthetic provinces)."""
    names = list(base[:count])
    seen = set(names)
    while len(names) < count:
        name = f"{prefix} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append(name)
    return names


def _units(communes: int, seed: str, years: tuple[int, ...] = YEARS, departments: int | None = None, districts: int | None = None) -> list[DemoUnit]:
    """The units of every year. With the defaults this is the bundled province; more departments or
    districts (and any number of communes) make a larger synthetic one, for benchmarks."""
    rng = random.Random(f"{seed}-units")
    extra = random.Random(f"{seed}-extra-names")
    department_names = _made_up_names(DEPARTMENTS, departments or len(DEPARTMENTS), extra, "Ban")
    district_names = _made_up_names(DISTRICTS, districts or len(DISTRICTS), extra, "Huyện")
    units: list[DemoUnit] = []
    taken: set[str] = set()

    def add(name: str, unit_type: str, parent: str | None = None, **extra) -> DemoUnit:
        uid = base = slug(name)
        copy = 1
        while uid in taken:  # the same name elsewhere (a large province repeats names): -2, -3, …
            copy += 1
            uid = f"{base}-{copy}"
        taken.add(uid)
        unit = DemoUnit(uid, name, unit_type, parent, round(rng.uniform(0.35, 0.97), 3), round(rng.uniform(-0.01, 0.07), 3), **extra)
        units.append(unit)
        return unit

    before_reform = tuple(y for y in years if y < TWO_TIER)
    for name in department_names[: len(DEPARTMENTS)]:
        add(name, "department", years=years)
    districts = [add(name, "district", years=before_reform) for name in district_names]
    names: set[str] = {MERGED[0], MERGED[1], MERGED[2]}
    taken_in: dict[str, set[str]] = {}
    for i in range(communes - 2):
        district = districts[i % len(districts)]
        urban = district.name.startswith(("Thành phố", "Thị xã"))
        first_in_district = i < len(districts)
        prefix = "Phường" if urban else ("Thị trấn" if first_in_district else "Xã")
        here = taken_in.setdefault(district.id, set())
        for attempt in range(200):
            name = f"{prefix} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
            unique = name not in here if len(names) > len(SYLLABLES) ** 2 // 2 else name not in names
            if unique and len(set(name.split()[-2:])) == 2:
                break
        else:
            name = f"{name} {i}"
        names.add(name)
        here.add(name)
        add(name, "commune", district.id, years=years)
    merged_district = districts[min(2, len(districts) - 1)].id
    early = tuple(y for y in years if y < 2024)
    late = tuple(y for y in before_reform if y >= 2024)
    first = add(MERGED[0], "commune", merged_district, years=early)
    second = add(MERGED[1], "commune", merged_district, years=early)
    add(MERGED[2], "commune", merged_district, predecessors=(first.id, second.id) if early else (), years=late)
    for name in department_names[len(DEPARTMENTS):]:
        add(name, "department", years=years)
    units = [u for u in units if u.years]
    return _two_tier(units, districts, names, seed) if TWO_TIER in years else units


def _two_tier(units: list[DemoUnit], districts: list[DemoUnit], names: set[str], seed: str) -> list[DemoUnit]:
    """The province of 2025: no districts; merged departments; every commune formed from one to four
    communes of 2024 in the same former district (a commune formed from one keeps its id and name)."""
    rng = random.Random(f"{seed}-{TWO_TIER}")
    out: list[DemoUnit] = []
    by_name = {u.name: u for u in units}
    absorbed = {name for sources in DEPARTMENT_MERGERS.values() for name in sources}
    taken = {u.id for u in units}
    for u in units:
        if u.type == "district" or (u.type == "department" and u.name in absorbed):
            out.append(replace(u, years=tuple(y for y in u.years if y < TWO_TIER)))
        elif u.type == "department" and u.name in DEPARTMENT_MERGERS:
            out.append(replace(u, predecessors=tuple(by_name[n].id for n in DEPARTMENT_MERGERS[u.name]), predecessors_from=TWO_TIER))
        elif u.type == "commune" and 2024 in u.years:
            out.append(replace(u, years=tuple(y for y in u.years if y < TWO_TIER)))
        else:
            out.append(u)
    for name, sources in DEPARTMENT_MERGERS.items():
        if name not in by_name:
            parts = [by_name[n] for n in sources]
            uid = slug(name)
            out.append(DemoUnit(uid, name, "department", None, round(sum(p.strength for p in parts) / len(parts), 3), 0.02, tuple(p.id for p in parts), (TWO_TIER,)))
    for district in districts:
        members = [u for u in units if u.type == "commune" and u.parent == district.id and 2024 in u.years]
        urban = district.name.startswith(("Thành phố", "Thị xã"))
        while members:
            size = min(len(members), rng.choice(GROUP_SIZES))
            group, members = members[:size], members[size:]
            strength = round(sum(m.strength for m in group) / size + rng.uniform(-0.03, 0.03), 3)
            growth = round(rng.uniform(0.0, 0.05), 3)
            if size == 1 and not group[0].name.startswith("Thị trấn"):  # the commune goes on as it was
                keep = group[0]
                out[out.index(next(u for u in out if u.id == keep.id))] = replace(keep, years=keep.years + (TWO_TIER,))
                continue
            if size == 1:  # towns (thị trấn) became communes: the same commune, renamed
                name = "Xã " + group[0].name.removeprefix("Thị trấn ")
                if name not in names and slug(name) not in taken:
                    names.add(name)
                    taken.add(slug(name))
                    out.append(DemoUnit(slug(name), name, "commune", None, group[0].strength, group[0].growth, (group[0].id,), (TWO_TIER,)))
                    continue
            while True:
                name = f"{'Phường' if urban else 'Xã'} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
                if name not in names and len(set(name.split()[-2:])) == 2 and slug(name) not in taken:
                    break
            names.add(name)
            taken.add(slug(name))
            out.append(DemoUnit(slug(name), name, "commune", None, strength, growth, tuple(m.id for m in group), (TWO_TIER,)))
    return out


# --------------------------------------------------------------------------- the map: a grid of hexagons


# A hexagon of the grid, counter-clockwise around its centre, in hundredths of a degree: 14 wide, 16 high,
# so that rows 12 apart and every other row shifted by 7 tile the plane. Whole numbers keep areas exact.
HEXAGON = ((7, -4), (7, 4), (0, 8), (-7, 4), (-7, -4), (0, -8))


def _grid_path(cells: int) -> list[tuple[int, int]]:
    """(column, row) of ``cells`` hexagons, each next to the one before: down one column and up the next
    across a strip of rows, the next strip back the other way. Consecutive communes of a district thus
    form one patch, and any run of them is a connected shape."""
    height = max(2, round(math.sqrt(cells / len(DISTRICTS))))
    columns = math.ceil(math.sqrt(cells * 1.2)) | 1  # odd, so that each strip ends at its bottom row
    path: list[tuple[int, int]] = []
    strip = 0
    while len(path) < cells:
        order = range(columns) if strip % 2 == 0 else range(columns - 1, -1, -1)
        for k, column in enumerate(order):
            rows = range(strip * height, (strip + 1) * height)
            path += [(column, row) for row in (rows if k % 2 == 0 else reversed(rows))]
        strip += 1
    return path[:cells]


def _hexagon(column: int, row: int, rows: int) -> tuple[tuple[int, int], ...]:
    """The closed ring of the hexagon at (column, row) of a grid of ``rows`` rows, row 0 the northernmost;
    the grid's south-west corner is at longitude 0, latitude 0 (nowhere anyone lives)."""
    cx, cy = 7 + 14 * column + (7 if row % 2 else 0), 8 + 12 * (rows - 1 - row)
    ring = tuple((cx + dx, cy + dy) for dx, dy in HEXAGON)
    return ring + ring[:1]


def _cells(units: list[DemoUnit]) -> dict[str, list[tuple]]:
    """The hexagons of every commune and district of any year: each first-year commune has one, laid out
    district by district; a commune formed by a merger covers its predecessors' cells."""
    start = min(y for u in units for y in u.years)
    first = [u for u in units if u.type == "commune" and start in u.years]
    ordered = [u for d in units if d.type == "district" for u in first if u.parent == d.id]
    places = _grid_path(len(ordered))
    rows = 1 + max(row for _, row in places)
    cells = {u.id: [_hexagon(column, row, rows)] for u, (column, row) in zip(ordered, places)}
    for u in units:
        if u.type == "commune" and u.id not in cells:
            cells[u.id] = [c for p in u.predecessors for c in cells[p]]
    for u in units:
        if u.type == "district":
            cells[u.id] = [c for m in units if m.type == "commune" and m.parent == u.id and start in m.years for c in cells[m.id]]
    return cells


def _degrees(value: int) -> int | float:
    return value // 100 if value % 100 == 0 else value / 100


def boundaries_text(units: list[DemoUnit], year: int, cells: dict[str, list[tuple]]) -> str:
    """The year's GeoJSON: one feature per commune and district, the exact outline of its cells (shared
    edges cancelled), rings counter-clockwise as RFC 7946 asks, one feature per line."""
    lines = []
    for u in units:
        if year not in u.years or u.type not in ("commune", "district") or not cells.get(u.id):
            continue  # a district of a tiny synthetic province may have no commune, hence no shape
        polygons = union_of_cells(cells[u.id])
        coordinates = [[[[_degrees(x), _degrees(y)] for x, y in ring] for ring in polygon] for polygon in polygons]
        geometry = {"type": "Polygon", "coordinates": coordinates[0]} if len(coordinates) == 1 else {"type": "MultiPolygon", "coordinates": coordinates}
        feature = {"type": "Feature", "properties": {"unit_id": u.id}, "geometry": geometry}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


BOUNDARIES_RESOURCE = {
    "name": "boundaries",
    "path": "boundaries.geojson",
    "title": "Ranh giới các đơn vị (minh họa)",
    "description": "Ranh giới giả định: mỗi xã năm đầu là một ô lục giác, xếp theo huyện; xã sáp nhập là hợp các ô của các xã tiền thân. Không phải bản đồ của nơi nào.",
    "format": "geojson",
    "mediatype": "application/geo+json",
    "encoding": "utf-8",
}


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
    # The note is text the site shows: its figures are written as the site writes numbers (14.247, 12,5).
    return {name: str(lowered)}, NOTES["number"].format(value=compact_vi(Fraction(str(lowered))), old=compact_vi(number), name=shorten(d.meaning, 70).rstrip(" ,;"))


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


def scored_as(unit: DemoUnit, year: int) -> str:
    """The key in FRAMEWORKS of the index set that scores ``unit`` in ``year``: other agencies use the
    departments'; from 2025 departments without procedures have their own."""
    if unit.type == "department" and year == TWO_TIER and unit.name in NO_PUBLIC_SERVICES:
        return WITHOUT_SERVICES
    return "department" if unit.type == "agency" else unit.type


def group_of(unit: DemoUnit, year: int) -> str:
    """The unit's ``group`` in units.csv: written for the departments of 2025, which may be in either of
    two groups (the other units' groups follow from their type)."""
    if unit.type != "department" or year != TWO_TIER:
        return ""
    return WITHOUT_SERVICES if scored_as(unit, year) == WITHOUT_SERVICES else "department"


def _groups(year: int) -> list[dict] | None:
    """The year's ranking groups (dti.groups), in 2025 only: departments and communes as before, and the
    other agencies ranked apart on the departments' index set; None for the years that need none."""
    if year != TWO_TIER:
        return None
    return [
        {"id": "department", "label": "Sở, ban, ngành có thủ tục hành chính", "unit_types": ["department"], "framework": FRAMEWORKS["department"], "among": "sở, ban, ngành có thủ tục hành chính"},
        {
            "id": WITHOUT_SERVICES, "label": "Sở, ban, ngành không có thủ tục hành chính", "unit_types": ["department"], "framework": FRAMEWORKS[WITHOUT_SERVICES],
            "among": "sở, ban, ngành không có thủ tục hành chính",
        },
        {"id": "commune", "label": "Cấp xã", "unit_types": ["commune"], "framework": FRAMEWORKS["commune"], "among": "xã, phường, đặc khu"},
        {"id": "agency", "label": "Cơ quan khác", "unit_types": ["agency"], "framework": FRAMEWORKS["department"], "among": "cơ quan khác (công an, bảo hiểm xã hội)"},
    ]


def _agencies() -> list[DemoUnit]:
    return [DemoUnit(slug(name), name, "agency", None, strength, 0.0, years=(TWO_TIER,)) for name, strength in AGENCIES]


def _edition_rows(units: list[DemoUnit], frameworks: dict[str, Framework], year: int, seed: str):
    unit_rows, assessment_rows, input_rows, evidence_rows = [], [], [], []
    present = {u.id for u in units if year in u.years}
    special = _specials(units, frameworks, year, seed)
    for index, unit in enumerate(units):
        if year not in unit.years:
            continue
        rng = random.Random(f"{seed}-{year}-{unit.id}")
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        named = unit.predecessors if year == (unit.predecessors_from or unit.years[0]) else ()
        group = group_of(unit, year)
        unranked = unit.name in NOT_RANKED
        unit_rows.append([
            unit.id, unit.name, unit.type, unit.parent if unit.parent in present else "", "yes" if unranked else "",
            NOT_RANKED.get(unit.name, "") if unranked else "", " ".join(named),
            f"{surname} {given}", "Chuyên viên đầu mối chuyển đổi số", f"0200 555 {index:04d}",
            f"dau-moi.{unit.id}@minhhoa.example",
        ] + ([group] if group else []))
        fw = frameworks[scored_as(unit, year)]
        skipped = _not_evaluated(unit, fw, year)
        level = _clamp(unit.strength + unit.growth * (year - 2022), 0.1, 0.99)
        for ind in fw.leaves():
            if ind.id in skipped:
                assessment_rows.append([unit.id, ind.id, "", "yes", "Đơn vị không có đối tượng đánh giá của chỉ số này.", "", ""])
                continue
            if special.get((unit.id, ind.id)) == "missing":
                continue  # the unit sent nothing for this indicator
            irng = random.Random(f"{seed}-{year}-{unit.id}-{ind.id}")
            quality = _clamp(level + irng.gauss(0, 0.12))
            own = generate_inputs(ind, quality, irng)
            corrected, note = ({}, "")
            if irng.random() < 0.05 + 0.12 * (1 - quality):
                corrected, note = appraise(ind, own, irng)
            claimed = _share(ind, own)
            awarded = ""
            if special.get((unit.id, ind.id)) == "council" and claimed is not None and claimed > 0:
                awarded = plain(round_published(claimed * ind.max_points / 2))
                note = COUNCIL_NOTE
            assessment_rows.append([unit.id, ind.id, plain(round_published(claimed * ind.max_points)) if claimed is not None else "", "", note, awarded, ""])
            for d in ind.inputs:
                if d.name in own:
                    input_rows.append([unit.id, ind.id, d.name, own[d.name], corrected.get(d.name, "")])
            if irng.random() < 0.3:
                title = shorten((ind.evidence or f"Tài liệu kiểm chứng chỉ số {ind.id}").split(";")[0].strip(" -."), 90)
                evidence_rows.append([unit.id, ind.id, title, f"https://example.org/minh-hoa/{year}/{unit.id}/{ind.id}.pdf"])
    if evidence_rows:
        first = evidence_rows[0]
        evidence_rows.insert(1, [first[0], first[1], "Bản giấy lưu tại bộ phận một cửa", "\\\\may-chu\\tlkc\\ban-giay.pdf"])
    return unit_rows, assessment_rows, input_rows, evidence_rows


COUNCIL_NOTE = "Hội đồng thẩm định chấm một nửa số điểm: văn bản đã ban hành nhưng chưa đủ nội dung theo hướng dẫn, cách tính của bộ chỉ số không có mức này."


def _specials(units: list[DemoUnit], frameworks: dict[str, Framework], year: int, seed: str) -> dict[tuple[str, str], str]:
    """In the two-tier year: a few indicators a unit sent no data for, and a few the council scored
    itself (yes/no indicators given half the points, which the rule cannot give)."""
    if year != TWO_TIER:
        return {}
    rng = random.Random(f"{seed}-{year}-specials")
    communes = [u for u in units if year in u.years and u.type == "commune"]
    departments = [u for u in units if year in u.years and u.type == "department"]
    out: dict[tuple[str, str], str] = {}
    for unit in rng.sample(communes, MISSING):
        ind = rng.choice([i for i in frameworks["commune"].leaves() if i.rule.kind in ("ratio", "ratio_target", "yes_no")])
        out[(unit.id, ind.id)] = "missing"
    for unit in rng.sample(departments + communes, COUNCIL_AWARDS):
        ind = rng.choice([i for i in frameworks[unit.type].leaves() if i.rule.kind == "yes_no"])
        out.setdefault((unit.id, ind.id), "council")
    return out


def _objections(rows, frameworks: dict[str, Framework], units: list[DemoUnit], year: int, seed: str) -> list[list[str]]:
    """A few objections to the last year's draft, answered by the council (illustrative): two accepted (a
    yes/no indicator the draft scored 0 before the unit sent its evidence, now at its maximum), one
    accepted in part (an indicator the council then scored itself, at half its points), two rejected (a
    figure the council had corrected, and a unit's whole result). Each after-score is the published one."""
    unit_rows, assessment_rows, input_rows, _ = rows
    # The objections come from departments and communes (the agencies ranked apart object to nothing).
    unit_rows = [r for r in unit_rows if r[2] != "agency"]
    assessment_rows = [r for r in assessment_rows if r[0] in {u[0] for u in unit_rows}]
    types = {r[0]: r[2] for r in unit_rows}
    names = {r[0]: r[1] for r in unit_rows}
    corrected = {(r[0], r[1]) for r in input_rows if r[4] != ""}
    own = {(r[0], r[1]): r[3] for r in input_rows}
    awarded = [r for r in assessment_rows if r[5]]
    full = [
        r for r in assessment_rows
        if not r[3] and not r[5] and (r[0], r[1]) not in corrected and frameworks[types[r[0]]].indicators[r[1]].rule.kind == "yes_no" and own.get((r[0], r[1])) == "có"
    ]
    adjusted = [r for r in assessment_rows if (r[0], r[1]) in corrected and not r[5]]
    if not awarded or len(full) < 2 or not adjusted:
        return []
    rng = random.Random(f"{seed}-{year}-objections")
    out = []
    for n, r in enumerate(rng.sample(full, 2), 1):
        ind = frameworks[types[r[0]]].indicators[r[1]]
        out.append((r[0], r[1], "Đơn vị đã ban hành văn bản của chỉ số này; bản dự thảo chấm 0 điểm vì chưa thấy tài liệu kiểm chứng, đơn vị gửi bổ sung.",
                    "Tài liệu bổ sung đúng yêu cầu của chỉ số; chấm đủ điểm.", "accepted", "0", plain(round_published(ind.max_points))))
    r = awarded[0]
    out.append((r[0], r[1], "Đề nghị chấm đủ điểm vì đơn vị đã ban hành văn bản.", "Văn bản đã ban hành nhưng chưa đủ nội dung theo hướng dẫn; Hội đồng chấm một nửa số điểm.",
                "partly", "0", r[5]))
    r = rng.choice(adjusted)
    out.append((r[0], r[1], "Đề nghị giữ số liệu đơn vị đã kê khai.", "Số liệu kê khai không khớp tài liệu kiểm chứng; giữ số liệu đã thẩm định.", "rejected", "", ""))
    whole = rng.choice(sorted(u for u in names if u not in {o[0] for o in out}))
    out.append((whole, "", "Đề nghị xem xét lại toàn bộ kết quả của đơn vị.", "Các chỉ số đã được thẩm định theo tài liệu kiểm chứng đơn vị gửi; giữ nguyên kết quả.", "rejected", "", ""))
    return [[f"KN-{n:02d}", u, i, f"{year + 1}-02-{10 + 2 * n:02d}", request, answer, outcome, before, after]
            for n, (u, i, request, answer, outcome, before, after) in enumerate(out, 1)]


def _share(ind: Indicator, own: dict[str, str]) -> Fraction | None:
    """The share a unit claims from its own inputs (min–max cannot be claimed alone: None)."""
    if ind.rule.peer_relative:
        return None
    levels = ind.rule.levels()
    types = {d.name: d.type for d in ind.inputs}
    values = Values({n: parse_value(types[n], v, levels) for n, v in own.items()})
    return ind.rule.share(values, ind.max_points)


def _past_year(units: list[DemoUnit], frameworks: dict[str, Framework], seed: str) -> tuple[list[list], list[list]]:
    """The rows of ``units.csv`` and ``published.csv`` of the past year: each department's and district's
    total as the printed table gives it, with its rank and band; one printed percentage is cut off instead
    of rounded, as real tables sometimes are, which validation reports."""
    shown = [u for u in units if YEARS[0] in u.years and u.type in ("department", "district")]
    unit_rows, totals = [], []
    for index, unit in enumerate(shown):
        rng = random.Random(f"{seed}-{PAST}-{unit.id}")
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        unit_rows.append([
            unit.id, unit.name, unit.type, "", "yes" if unit.name in NOT_RANKED else "", NOT_RANKED.get(unit.name, ""), "",
            f"{surname} {given}", "Chuyên viên đầu mối chuyển đổi số", f"0200 555 {index:04d}", f"dau-moi.{unit.id}@minhhoa.example", "",
        ])
        maximum = frameworks[unit.type].max_points
        level = _clamp(unit.strength + unit.growth * (PAST - YEARS[0]) + rng.gauss(0, 0.03), 0.1, 0.99)
        totals.append((unit, round_published(Fraction(level) * maximum), maximum))
    rows = []
    for unit_type in ("department", "district"):
        mine = [(u, points, maximum) for u, points, maximum in totals if u.type == unit_type]
        percents = {u.id: round_published(Fraction(points) / maximum * 100) for u, points, maximum in mine}
        ranked = [u for u, _, _ in mine if u.name not in NOT_RANKED]
        cut = {u.id: Decimal(int(Fraction(points) / maximum * 10000)).scaleb(-2) for u, points, maximum in mine}
        # the printed table cut one district's percentage off at two decimals instead of rounding it
        odd = next((u.id for u, _, _ in mine if unit_type == "district" and cut[u.id] != percents[u.id]), None)
        for unit, points, maximum in mine:
            percent = percents[unit.id]
            rank = "" if unit.name in NOT_RANKED else str(1 + sum(percents[o.id] > percent for o in ranked))
            band = next(b["label"] for b in BANDS if percent >= b["min_percent"])
            printed = cut[unit.id] if unit.id == odd else percent
            rows.append([unit.id, "", plain(points), plain(round_published(maximum)), plain(printed), rank, band])
    return unit_rows, rows


def write_demo(
    out: Path,
    frameworks_dir: Path,
    communes: int = 64,
    seed: str = "minh-hoa",
    years: tuple[int, ...] = YEARS,
    departments: int | None = None,
    districts: int | None = None,
    past: bool = True,
) -> list[Path]:
    """Write data packages for ``years`` (2022–2025 by default) into ``out`` (and copy the frameworks there
    if needed). More communes, departments or districts, or other years, make a synthetic province of any
    size, for benchmarks; 2025 (if among the years) is the two-tier reform. With ``past``, 2021 (if among
    the years, with 2022) is a year entered from its published table of totals (``dti.detail: total``), as
    ``dti demo`` writes the bundled province."""
    out = Path(out)
    frameworks_dir = Path(frameworks_dir)
    if (out / "frameworks").resolve() != frameworks_dir.resolve():
        for fid in FRAMEWORKS.values():
            shutil.copytree(frameworks_dir / fid, out / "frameworks" / fid, dirs_exist_ok=True)
    problems: list = []
    frameworks = {t: load_framework(frameworks_dir / fid, problems) for t, fid in FRAMEWORKS.items()}
    if problems or any(f is None for f in frameworks.values()):
        raise SystemExit("Bộ chỉ số dùng cho dữ liệu minh họa có lỗi; hãy chạy «dti validate» trước.")
    past = past and PAST in years and YEARS[0] in years  # 2021 entered from its printed totals, before a full 2022
    units = _units(communes, seed, tuple(sorted(y for y in years if y != PAST or not past)), departments, districts)
    units += _agencies() if TWO_TIER in years else []
    cells = _cells(units)
    written = []
    if past:
        written.append(_write_past(out / str(PAST), units, frameworks, seed))
    for year in sorted(y for y in years if y != PAST or not past):
        folder = out / str(year)
        rows = _edition_rows(units, frameworks, year, seed)
        for name, table in zip(("units", "assessments", "inputs", "evidence"), rows):
            write_csv(folder / f"{name}.csv", header_of(name), table)
        decision, date = PUBLICATIONS.get(year, (f"Quyết định số {100 + year % 100}/QĐ-UBND ngày 20/3/{year + 1} (minh họa)", f"{year + 1}-03-20"))
        in_use = {t: fid for t, fid in FRAMEWORKS.items() if any(u.type == t and year in u.years for u in units)}
        descriptor = _descriptor(
            year, "dữ liệu minh họa",
            {**({"groups": _groups(year)} if _groups(year) else {"frameworks": in_use}), "missing": "zero", "publication": {"decision": decision, "date": date, "bands": BANDS}},
            [resource(name, name) for name in ("units", "assessments", "inputs", "evidence")] + [BOUNDARIES_RESOURCE],
        )
        objections = _objections(rows, frameworks, units, year, seed) if year == max(years) else []
        if objections:
            write_csv(folder / "objections.csv", header_of("objections"), objections)
            descriptor["resources"].append(resource("objections", "objections"))
        (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
        (folder / "boundaries.geojson").write_text(boundaries_text(units, year, cells), encoding="utf-8")
        written.append(folder)
    return written


def _descriptor(year: int, what: str, dti: dict, resources: list[dict]) -> dict:
    """A demo year's ``datapackage.json``: its name, title (``what`` in brackets), the notice that it is
    illustrative, the licence, then the year's own ``dti`` fields and resources."""
    return {
        "name": f"minh-hoa-dti-{year}",
        "title": f"Kết quả đánh giá Chỉ số chuyển đổi số năm {year} — {PROVINCE} ({what})",
        "description": "Dữ liệu minh họa do máy tạo cho một tỉnh không có thật; không phản ánh kết quả của bất kỳ cơ quan, địa phương nào.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "dti": {"kind": "submission", "year": year, "province": PROVINCE, "illustrative": True, **dti},
        "resources": resources,
    }


def _write_past(folder: Path, units: list[DemoUnit], frameworks: dict[str, Framework], seed: str) -> Path:
    unit_rows, rows = _past_year(units, frameworks, seed)
    write_csv(folder / "units.csv", header_of("units"), unit_rows)
    write_csv(folder / "published.csv", header_of("published"), rows)
    decision, date = PUBLICATIONS[PAST]
    descriptor = _descriptor(
        PAST, "dữ liệu minh họa, nhập từ bảng tổng điểm đã công bố",
        {"detail": "total", "frameworks": {t: FRAMEWORKS[t] for t in ("department", "district")}, "publication": {"decision": decision, "date": date, "bands": BANDS}},
        [resource("units", "units"), resource("published", "published")],
    )
    (folder / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    return folder
