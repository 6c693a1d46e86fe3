"""Read the data packages under ``data/``: frameworks and one edition per assessment year.

Each CSV is read against the project's standard Table Schema by :mod:`generator.tables` (types, required
cells, allowed values, patterns, lengths, duplicate keys, control characters); every problem becomes a
located :class:`~generator.errors.Issue`. Columns may come in any order and optional columns may be left
out. A resource with structural errors is not used further, so later checks do not pile up noise on top
of the real problem. Every folder under ``data/`` is a framework (under ``frameworks/``), a year, the
``published`` manifests, or reported.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import replace
from datetime import date
from fractions import Fraction
from functools import cache, partial
from importlib import resources as importlib_resources
from pathlib import Path

from . import boundaries, objections as objection_table
from .errors import WARNING, Issue, Report, display_path
from .model import (
    Assessment,
    Dataset,
    Discrepancy,
    Edition,
    Evidence,
    Framework,
    Indicator,
    InputDef,
    InputValue,
    Publication,
    Unit,
)
from .numeric import Rational
from .rules import RuleSpecError, build_rule, parse_options
from .yearspec import published_rows, read_bands, read_detail, read_groups, read_scale
from .tables import NumberFormat, control_character, number_format, read_columns, read_table

FRAMEWORK_RESOURCES = {"indicators": "framework-indicators", "inputs": "framework-inputs"}
EDITION_RESOURCES = {"units": "units", "assessments": "assessments", "inputs": "inputs", "evidence": "evidence"}
OPTIONAL_RESOURCES = {"evidence"}
# A year published at total or main-index level (dti.detail) holds the printed table instead of the inputs.
SUMMARY_RESOURCES = {"units": "units", "published": "published", "evidence": "evidence"}
YEAR_DIR = re.compile(r"[0-9]{4}", re.ASCII)
FRAMEWORK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}", re.ASCII)
SPECIAL_DIRS = {"frameworks", "published"}
MISSING_POLICIES = ("error", "zero")
MAX_JSON_BYTES = 5 * 1024 * 1024
BOUNDARIES = "boundaries"  # the optional GeoJSON resource of a year: each unit's shape on the map
MAX_BOUNDARY_BYTES = 20 * 1024 * 1024


@cache
def standard_schema(name: str) -> dict:
    text = importlib_resources.files("generator").joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


# --------------------------------------------------------------------------- JSON descriptors


def _not_a_number(text: str):
    raise ValueError(f"«{text}» không phải là một số hợp lệ")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"số «{text[:30]}» quá lớn")
    return value


def read_json(path: Path, report, limit: int = MAX_JSON_BYTES, what: str = "một tệp mô tả gói dữ liệu", strict_numbers: bool = True) -> dict | list | None:
    """A JSON file as data, or None with a located issue: broken syntax, NaN or Infinity, numbers too large
    to be real, nesting too deep, or a file larger than ``limit`` bytes (too large to be ``what``).

    With ``strict_numbers=False``, NaN, Infinity and numbers too large become non-finite floats, for a
    reader that reports each at its place in the data (the coordinates of a boundary)."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            report.append(Issue(shown, None, None, "bad-json", f"tệp quá lớn ({size // 1024} KB, tối đa {limit // 1024} KB) để là {what}"))
            return None
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        report.append(Issue(shown, None, None, "missing-file", f"không tìm thấy {path.name}"))
        return None
    except UnicodeDecodeError:
        report.append(Issue(shown, None, None, "unreadable", "tệp không phải UTF-8"))
        return None
    except OSError as exc:
        report.append(Issue(shown, None, None, "unreadable", f"không đọc được tệp: {exc.strerror}"))
        return None
    try:
        if not strict_numbers:
            return json.loads(text, parse_constant=float, parse_float=float)
        return json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except json.JSONDecodeError as exc:
        report.append(Issue(shown, exc.lineno, None, "bad-json", f"JSON không hợp lệ: {exc.msg} (cột {exc.colno})"))
    except RecursionError:
        report.append(Issue(shown, None, None, "bad-json", "JSON lồng nhau quá sâu"))
    except ValueError as exc:
        report.append(Issue(shown, None, None, "bad-json", f"JSON không hợp lệ: {exc}"))
    return None


MULTILINE_KEYS = frozenset({"notes", "description", "explanation", "caveats"})
# The longest text a descriptor may hold, by key: a name shown on every page is short; the rest, a paragraph.
TEXT_LIMITS = {"province": 200, "title": 500, "name": 200, "decision": 500, "label": 200, "contact": 500}
TEXT_LIMIT = 5000


def _check_texts(value, where: str, path: str, report) -> None:
    """Report control and invisible formatting characters, and texts too long to show, anywhere in a
    descriptor."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_texts(v, where, f"{path}.{k}" if path else str(k), report)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_texts(v, where, f"{path}[{i}]", report)
    elif isinstance(value, str):
        name = path.rsplit(".", 1)[-1].split("[")[0]
        bad = control_character(value, multiline=name in MULTILINE_KEYS)
        if bad:
            report.append(Issue(where, None, path, "control-character", f"chứa ký tự điều khiển hoặc ký tự ẩn ({bad}); hãy gõ lại nội dung này"))
        limit = TEXT_LIMITS.get(name, TEXT_LIMIT)
        if len(value) > limit:
            count = f"{len(value):,}".replace(",", ".")
            report.append(Issue(where, None, path, "too-long", f"dài {count} ký tự, tối đa {limit}; hãy rút gọn"))


def _read_descriptor(folder: Path, report) -> dict | None:
    path = folder / "datapackage.json"
    shown = display_path(path)
    descriptor = read_json(path, report)
    if descriptor is None:
        return None
    if not isinstance(descriptor, dict):
        report.append(Issue(shown, None, None, "bad-json", "datapackage.json phải là một đối tượng JSON {…}"))
        return None
    if not isinstance(descriptor.get("dti"), dict):
        report.append(Issue(shown, None, "dti", "missing-metadata", "thiếu khối «dti» mô tả gói dữ liệu"))
        return None
    if not isinstance(descriptor.get("resources"), list):
        report.append(Issue(shown, None, "resources", "missing-resource", "datapackage.json phải có danh sách «resources»"))
        return None
    problems = Report()
    _check_texts(descriptor, shown, "", problems)
    if problems.issues:
        report.extend(problems.issues)
        return None
    return descriptor


# The columns of a year's tables that hold figures, read in the year's number format (``dti.number_format``).
VALUE_COLUMNS = {"inputs": ("self_value", "appraised_value"), "assessments": ("self_score", "appraised_score", "published_score")}
NUMBER_FORMATS = {"vi": NumberFormat(",", "."), "en": NumberFormat(".", "")}
# The files a year's package may hold, and a folder of the year's forms.
YEAR_FILES = {f"{name}.csv" for name in EDITION_RESOURCES | SUMMARY_RESOURCES} | {f"{BOUNDARIES}.geojson", "datapackage.json", objection_table.FILE}


def stated_formats(meta: dict, shown: str, report) -> dict[str, dict[str, NumberFormat]]:
    """How the year writes the figures of each table's value columns, when its ``dti.number_format`` says
    (``"vi"``: 1.234,5; ``"en"``: 1234.5): by resource, then column. Empty when it does not say."""
    stated = meta.get("number_format")
    if stated is None:
        return {}
    if stated not in NUMBER_FORMATS:
        report.append(Issue(shown, None, "dti.number_format", "bad-metadata", f"dti.number_format phải là «vi» (số viết 1.234,5) hoặc «en» (số viết 1234.5), đang là «{str(stated)[:40]}»"))
        return {}
    return {name: {column: NUMBER_FORMATS[stated] for column in columns} for name, columns in VALUE_COLUMNS.items()}


def _check_kind(meta: dict, kind: str, shown: str, report) -> None:
    stated = meta.get("kind")
    if stated is not None and stated != kind:
        what = "gói dữ liệu của một năm" if kind == "submission" else "một bộ chỉ số"
        report.append(Issue(shown, None, "dti.kind", "bad-metadata", f"dti.kind của {what} phải là «{kind}», đang là «{str(stated)[:40]}»"))


def _check_date(text: str, year: int | None, shown: str, report) -> None:
    """The publication date: ``YYYY-MM-DD``, after the year assessed."""
    if not text:
        return
    try:
        when = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        when = None
    if when is None:
        report.append(Issue(shown, None, "dti.publication.date", "bad-date", f"ngày công bố «{text[:40]}» phải viết dạng NĂM-THÁNG-NGÀY, ví dụ «{(year or 2025) + 1}-03-20»"))
    elif year is not None and when.year <= year:
        report.append(Issue(shown, None, "dti.publication.date", "bad-date", f"ngày công bố {text} phải sau năm đánh giá {year} (kết quả năm {year} công bố từ năm {year + 1})"))


def _undeclared_files(folder: Path, descriptor: dict, shown: str, report) -> None:
    """Every file of a year folder is declared in its descriptor, or reported: a table present but not
    declared would be silently left out (every evidence link gone from the site)."""
    resources = descriptor.get("resources")
    # a path that is not a text is reported where the resource is read (bad-path); it declares no file here
    declared = {r.get("path") for r in (resources if isinstance(resources, list) else []) if isinstance(r, dict) and isinstance(r.get("path"), str)}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == "datapackage.json" or path.name in declared:
            continue
        if path.name in YEAR_FILES:
            name = path.stem
            report.append(Issue(
                display_path(path), None, None, "undeclared-resource",
                f"tệp {path.name} có trong thư mục năm nhưng datapackage.json không khai báo nên không được đọc; hãy thêm "
                f"{{\"name\": \"{name}\", \"path\": \"{path.name}\"}} vào danh sách «resources»",
            ))
        else:
            report.append(Issue(display_path(path), None, None, "unknown-file", "tệp này không thuộc gói dữ liệu của năm nên không được đọc; hãy chuyển nó ra khỏi thư mục năm", WARNING))


def _resource_paths(folder: Path, descriptor: dict, wanted: dict[str, str], report) -> dict[str, tuple[str, dict[str, NumberFormat]]]:
    """The CSV path of each resource, and the number format its embedded schema declares per column.

    A package may embed a schema; every field it declares must be a field of the standard schema with the
    same type (columns may be left out; ``decimalChar``/``groupChar`` say how numbers are written).
    """
    shown = display_path(folder / "datapackage.json")
    declared = {r["name"]: r for r in descriptor.get("resources", []) if isinstance(r, dict) and isinstance(r.get("name"), str)}
    found = {}
    for name, schema_name in wanted.items():
        resource = declared.get(name)
        if resource is None:
            if name not in OPTIONAL_RESOURCES:
                report.append(Issue(shown, None, "resources", "missing-resource", f"gói dữ liệu thiếu tài nguyên «{name}»"))
            continue
        path = resource.get("path")
        if not _safe_path(path, (".csv",)):
            report.append(Issue(shown, None, f"resources.{name}.path", "bad-path", "đường dẫn phải là tên một tệp .csv nằm trong thư mục của gói"))
            continue
        standard = {f["name"]: f["type"] for f in standard_schema(schema_name)["fields"]}
        formats: dict[str, NumberFormat] = {}
        embedded = resource.get("schema")
        if embedded is not None:
            fields = embedded.get("fields") if isinstance(embedded, dict) else None
            if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
                report.append(Issue(shown, None, f"resources.{name}.schema", "schema-differs", "lược đồ khai báo phải có danh sách «fields»"))
                continue
            wrong = [str(f.get("name")) for f in fields if not isinstance(f.get("name"), str) or standard.get(f["name"]) != f.get("type")]
            if wrong:
                report.append(
                    Issue(shown, None, f"resources.{name}.schema", "schema-differs", f"lược đồ khai báo khác định dạng chuẩn ở cột «{wrong[0]}»; hãy chép lại lược đồ chuẩn của dự án")
                )
                continue
            for f in fields:
                if "decimalChar" in f or "groupChar" in f:
                    fmt = number_format(f)
                    if len(fmt.decimal) != 1 or len(fmt.group) > 1 or fmt.decimal == fmt.group or fmt.decimal.isalnum() or fmt.group.isalnum():
                        report.append(Issue(shown, None, f"resources.{name}.schema.{f['name']}", "bad-number-format", "decimalChar và groupChar phải là một ký tự dấu, khác nhau (ví dụ «,» và «.»)"))
                        continue
                    formats[f["name"]] = fmt
        found[name] = (path, formats)
    return found


def _safe_path(path, suffixes: tuple[str, ...]) -> bool:
    """A resource path that names a file inside the package's folder, of one of these kinds."""
    return isinstance(path, str) and ".." not in Path(path).parts and not Path(path).is_absolute() and path.endswith(suffixes) and "\\" not in path


def _boundaries(folder: Path, descriptor: dict, report) -> tuple[dict, str | None]:
    """The year's optional boundaries resource (GeoJSON, by unit id) and the file it was read from."""
    resource = next((r for r in descriptor.get("resources", []) if isinstance(r, dict) and r.get("name") == BOUNDARIES), None)
    if resource is None:
        return {}, None
    path = resource.get("path")
    if not _safe_path(path, (".geojson", ".json")):
        report.append(Issue(display_path(folder / "datapackage.json"), None, f"resources.{BOUNDARIES}.path", "bad-path", "đường dẫn phải là tên một tệp .geojson nằm trong thư mục của gói"))
        return {}, None
    shown = display_path(folder / path)
    data = read_json(folder / path, report, limit=MAX_BOUNDARY_BYTES, what="một tệp ranh giới (hãy đơn giản hóa ranh giới)", strict_numbers=False)
    return (boundaries.parse(data, shown, report) if data is not None else {}), shown


def _read(folder: Path, path: str, schema_name: str, formats: dict[str, NumberFormat], report, reader=read_table):
    """A resource of a package read against its standard schema: as rows (``read_table``) or columns."""
    return reader(folder / path, display_path(folder / path), standard_schema(schema_name), report, formats)


class Metadata:
    """Typed access to a package's ``dti`` block; a field of the wrong kind is reported and defaulted."""

    KINDS = {dict: "một đối tượng {…}", list: "một danh sách […]", str: "một chuỗi", int: "một số nguyên", bool: "true hoặc false"}

    def __init__(self, block: dict, where: str, report, prefix: str = "dti"):
        self.block, self.where, self.report, self.prefix = block, where, report, prefix

    def get(self, key: str, kind: type, default=None, required: bool = False):
        value = self.block.get(key)
        if value is None:
            if required:
                self.report.append(Issue(self.where, None, f"{self.prefix}.{key}", "missing-metadata", f"thiếu trường «{self.prefix}.{key}»"))
            return default
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = self.KINDS.get(kind, kind.__name__)
            self.report.append(Issue(self.where, None, f"{self.prefix}.{key}", "bad-metadata", f"trường «{self.prefix}.{key}» phải là {expected}"))
            return default
        if kind is str:
            return unicodedata.normalize("NFC", value).strip()
        return value

    def number(self, key: str) -> Fraction | None:
        value = self.block.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 10**12:
            return Fraction(str(value))
        self.report.append(Issue(self.where, None, f"{self.prefix}.{key}", "bad-metadata", f"trường «{self.prefix}.{key}» phải là một số"))
        return None

    def child(self, key: str) -> "Metadata":
        return Metadata(self.get(key, dict, {}), self.where, self.report, f"{self.prefix}.{key}")


def _text(value) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


# --------------------------------------------------------------------------- frameworks


def _input_defs(rows: list[dict], shown: str, report) -> dict[str, list[InputDef]]:
    """An index set's inputs by indicator, their level labels read (``code: label; …``)."""
    inputs: dict[str, list[InputDef]] = {}
    for r in rows:
        try:
            labels = tuple((code, _text(label)) for code, label in parse_options(_text(r["labels"])))
        except RuleSpecError as exc:
            report.append(Issue(shown, r["_row"], "labels", "bad-labels", f"đầu vào «{r['name']}» của chỉ số {r['indicator_id']}: {exc}"))
            labels = ()
        d = InputDef(r["indicator_id"], r["name"], r["type"], _text(r["meaning"]), _text(r["unit"]), r["_row"], labels)
        inputs.setdefault(d.indicator_id, []).append(d)
    return inputs


def _indicators(rows: list[dict], inputs: dict[str, list[InputDef]], shown: str, report) -> dict[str, Indicator]:
    """An index set's indicators by id, each leaf with its rule built from its row."""
    children: dict[str, list[str]] = {}
    for r in rows:
        if r["parent"]:
            children.setdefault(r["parent"], []).append(r["id"])
    indicators: dict[str, Indicator] = {}
    for r in rows:
        rule = None
        kind = _text(r["rule"]) or None
        if kind == "sum":
            kind = None
        if kind and r["id"] not in children:
            try:
                rule = build_rule(kind, _text(r["formula"]), _text(r["options"]))
            except RuleSpecError as exc:
                field = "options" if _text(r["options"]) and "formula" not in str(exc) else "formula"
                report.append(Issue(shown, r["_row"], field, "bad-rule", f"chỉ số {r['id']}: {exc}"))
        indicators[r["id"]] = Indicator(
            id=r["id"],
            parent=r["parent"] or None,
            level=r["level"],
            name=_text(r["name"]),
            stated_max=r["max_points"],
            rule_kind=kind,
            formula=_text(r["formula"]),
            options=_text(r["options"]),
            agency=_text(r["agency"]),
            responsible=_text(r["responsible"]),
            evidence=_text(r["evidence"]),
            method=_text(r["method"]),
            note=_text(r["note"]),
            row=r["_row"],
            children=tuple(children.get(r["id"], ())),
            inputs=tuple(inputs.get(r["id"], ())),
            rule=rule,
        )
    return indicators


def _discrepancies(info, shown: str, report) -> list[Discrepancy]:
    """The inconsistencies of the decision the package acknowledges (``dti.discrepancies``)."""
    discrepancies = []
    for i, d in enumerate(info.get("discrepancies", list, [])):
        try:
            stated = d["stated_max"]
            if isinstance(stated, bool) or not isinstance(stated, (int, float)):
                raise TypeError
            discrepancies.append(Discrepancy(str(d["indicator"]), Fraction(str(stated)), _text(d.get("explanation", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            report.append(Issue(shown, None, f"dti.discrepancies[{i}]", "bad-metadata", "mỗi mục cần «indicator» và «stated_max» (một số)"))
    return discrepancies


def load_framework(folder: Path, report) -> Framework | None:
    if linked(folder, report):
        return None
    descriptor = _read_descriptor(folder, report)
    if descriptor is None:
        return None
    shown_pkg = display_path(folder / "datapackage.json")
    _check_kind(descriptor["dti"], "framework", shown_pkg, report)
    if not FRAMEWORK_ID.fullmatch(folder.name):
        report.append(
            Issue(
                display_path(folder), None, None, "bad-framework-id",
                f"tên thư mục bộ chỉ số «{folder.name}» dùng làm địa chỉ trang nên chỉ được gồm chữ thường không dấu, số và dấu gạch nối (tối đa 64 ký tự)",
            )
        )
        return None
    found = _resource_paths(folder, descriptor, FRAMEWORK_RESOURCES, report)
    tables = {name: _read(folder, path, FRAMEWORK_RESOURCES[name], formats, report) for name, (path, formats) in found.items()}
    if len(tables) < len(FRAMEWORK_RESOURCES) or any(t is None for t in tables.values()):
        return None
    meta = descriptor["dti"]
    shown_ind = display_path(folder / found["indicators"][0])
    shown_inp = display_path(folder / found["inputs"][0])

    inputs = _input_defs(tables["inputs"], shown_inp, report)
    indicators = _indicators(tables["indicators"], inputs, shown_ind, report)
    if _cyclic(indicators, shown_ind, report):
        return None
    indicators = _with_effective_max(indicators)
    info = Metadata(meta, shown_pkg, report)
    discrepancies = _discrepancies(info, shown_pkg, report)
    total = info.number("total_points")
    legal = info.get("legal_basis", dict, {}, required=True)
    return Framework(
        id=folder.name,
        title=_text(descriptor.get("title")) or folder.name,
        unit_type=info.get("unit_type", str, "", required=True),
        legal_basis={str(k): _text(v) for k, v in legal.items() if isinstance(v, (str, int, float))},
        total_points=total,
        notes=tuple(_text(n) for n in info.get("notes", list, []) if isinstance(n, (str, int, float))),
        discrepancies=tuple(discrepancies),
        indicators=indicators,
        roots=tuple(r["id"] for r in tables["indicators"] if not r["parent"]),
        path=shown_pkg,
        files={"indicators": shown_ind, "inputs": shown_inp},
        input_defs=tuple(d for ds in inputs.values() for d in ds),
        allows_not_evaluated=info.get("not_evaluated_allowed", bool, True),
    )


def _cyclic(indicators: dict[str, Indicator], shown: str, report) -> bool:
    for ind in indicators.values():
        seen = {ind.id}
        parent = ind.parent
        while parent in indicators:
            if parent in seen:
                report.append(Issue(shown, ind.row, "parent", "cycle", f"chỉ số {ind.id} nằm trong một vòng lặp cha–con"))
                return True
            seen.add(parent)
            parent = indicators[parent].parent
    return False


def _with_effective_max(indicators: dict[str, Indicator]) -> dict[str, Indicator]:
    """A parent's maximum is the sum of its children's; a leaf's is what the decision states."""
    effective: dict[str, Fraction] = {}

    def compute(i: str) -> Fraction:
        if i in effective:
            return effective[i]
        ind = indicators[i]
        value = sum((compute(c) for c in ind.children), Rational(0)) if ind.children else Rational(ind.stated_max)
        effective[i] = value
        return value

    return {i: replace(ind, max_points=compute(i)) for i, ind in indicators.items()}


# --------------------------------------------------------------------------- editions


def _licence(descriptor: dict, shown: str, report) -> dict:
    licences = descriptor.get("licenses")
    licence = licences[0] if isinstance(licences, list) and licences and isinstance(licences[0], dict) else {}
    licence = {k: _text(v) for k, v in licence.items() if k in ("name", "title", "path") and isinstance(v, str) and v.strip()}
    if licence and not (licence.get("name") or licence.get("title")):
        report.append(Issue(shown, None, "licenses[0]", "bad-metadata", "giấy phép cần «name» hoặc «title»; dùng giấy phép mặc định CC BY 4.0", WARNING))
        return {}
    path = licence.get("path", "")
    if path and not path.lower().startswith(("http://", "https://")):
        report.append(Issue(shown, None, "licenses[0].path", "not-a-link", f"đường dẫn giấy phép «{path[:60]}» không phải http/https; sẽ không thành liên kết", WARNING))
        licence.pop("path")
    return licence


def _evidence(table: dict[str, list] | None, shown: str, report) -> tuple[Evidence, ...]:
    """Evidence documents, each once: a repeated (unit, indicator, title, URL) row is reported and dropped."""
    out: dict[tuple, Evidence] = {}
    if not table:
        return ()
    # The reader gives single-line text stripped and in NFC already: no need to tidy it again.
    for unit_id, indicator_id, title, url, row in zip(table["unit_id"], table["indicator_id"], table["title"], table["url"], table["_row"]):
        e = Evidence(unit_id, indicator_id, title or "", url or "", row)
        key = e[:4]  # unit, indicator, title, address
        if key in out:
            report.append(Issue(shown, e.row, None, "duplicate-evidence", f"tài liệu kiểm chứng trùng với dòng {out[key].row}; chỉ hiển thị một lần", WARNING))
            continue
        out[key] = e
    return tuple(out.values())


def load_edition(folder: Path, report) -> Edition | None:
    descriptor = _read_descriptor(folder, report)
    if descriptor is None:
        return None
    shown = display_path(folder / "datapackage.json")
    meta = descriptor["dti"]
    detail = read_detail(meta.get("detail"), shown, report)
    resources = EDITION_RESOURCES if detail == "indicators" else SUMMARY_RESOURCES
    found = _resource_paths(folder, descriptor, resources, report)
    _check_kind(meta, "submission", shown, report)
    _undeclared_files(folder, descriptor, shown, report)
    stated = stated_formats(meta, shown, report)  # the year states how its figures are written; a column's own schema may say otherwise
    found = {name: (path, {**stated.get(name, {}), **formats}) for name, (path, formats) in found.items()}
    tables = {name: _read(folder, path, resources[name], formats, report, read_columns) for name, (path, formats) in found.items()}
    required_missing = [n for n in resources if n not in OPTIONAL_RESOURCES and tables.get(n) is None]
    if required_missing or any(t is None for t in tables.values()):
        return None

    info = Metadata(meta, shown, report)
    year = info.get("year", int, required=True)
    groups = read_groups(meta["groups"], shown, report) if meta.get("groups") is not None else ()
    frameworks = info.get("frameworks", dict, {}, required=not groups)
    if isinstance(meta.get("frameworks"), dict) and not frameworks and not groups:
        report.append(Issue(shown, None, "dti.frameworks", "missing-metadata", "dti.frameworks phải khai báo bộ chỉ số của ít nhất một loại đơn vị"))
    if groups:  # the groups say which index set each group uses; dti.frameworks is then not read
        frameworks = {g.id: g.framework for g in groups}
    if year is None or not frameworks:
        return None
    missing = info.get("missing", str, "error")
    if missing not in MISSING_POLICIES:
        report.append(Issue(shown, None, "dti.missing", "bad-metadata", f"dti.missing phải là một trong: {', '.join(MISSING_POLICIES)}"))
        missing = "error"
    publication = info.child("publication")
    _check_date(publication.get("date", str, ""), year, shown, report)
    bands = read_bands(publication.get("bands", list, []), shown, report)
    scale = read_scale(meta.get("scale"), shown, report)

    t = tables["units"]
    units = tuple(
        Unit(
            id=uid,
            name=_text(name),
            type=kind,
            parent=parent or None,
            not_ranked=bool(not_ranked),
            not_ranked_reason=_text(reason),
            predecessors=tuple(_text(predecessors).split()),
            row=row,
            group=group or None,
        )
        for uid, name, kind, parent, not_ranked, reason, predecessors, row, group in zip(
            t["id"], t["name"], t["type"], t["parent"], t["not_ranked"], t["not_ranked_reason"], t["predecessors"], t["_row"], t["group"]
        )
    )
    if detail != "indicators":
        assessments, inputs, published = (), (), published_rows(tables["published"])
    else:
        assessments, inputs, published = _submitted(tables), _inputs(tables), ()
    shapes, shapes_file = _boundaries(folder, descriptor, report)
    evidence = _evidence(tables.get("evidence"), display_path(folder / found["evidence"][0]) if "evidence" in found else "", report)
    objections, objections_file = objection_table.read(folder, descriptor, standard_schema("objections"), NUMBER_FORMATS.get(meta.get("number_format")), report)
    return Edition(
        year=year,
        name=_text(descriptor.get("name")),
        title=_text(descriptor.get("title")),
        province=info.get("province", str, "", required=True),
        illustrative=info.get("illustrative", bool, False),
        frameworks={str(k): str(v) for k, v in frameworks.items()},
        publication=Publication(publication.get("decision", str, ""), publication.get("date", str, ""), bands, publication.get("draft", bool, False), scale),
        licence=_licence(descriptor, shown, report),
        units=units,
        assessments=assessments,
        inputs=inputs,
        evidence=evidence,
        path=display_path(folder),
        files={name: display_path(folder / path) for name, (path, _) in found.items()} | {"datapackage": shown} | ({BOUNDARIES: shapes_file} if shapes_file else {})
        | ({objection_table.RESOURCE: objections_file} if objections_file else {}),
        missing=missing,
        value_formats=dict(found["inputs"][1]) if "inputs" in found else {},
        boundaries=shapes,
        objections=objections,
        groups=groups,
        detail=detail,
        published=published,
    )


def _submitted(tables) -> tuple[Assessment, ...]:
    t = tables["assessments"]
    notes = {note: _text(note) for note in set(t["note"])}
    return tuple(
        map(
            partial(tuple.__new__, Assessment),  # what Assessment._make does, without a Python call per row
            zip(
                t["unit_id"], t["indicator_id"], t["self_score"], map(bool, t["not_evaluated"]), map(notes.__getitem__, t["note"]), t["_row"],
                t["appraised_score"], t["published_score"],
            ),
        )
    )


def _inputs(tables) -> tuple[InputValue, ...]:
    t = tables["inputs"]
    return tuple(map(partial(tuple.__new__, InputValue), zip(t["unit_id"], t["indicator_id"], t["input"], t["self_value"], t["appraised_value"], t["_row"])))


# --------------------------------------------------------------------------- the whole data folder


def _looks_like_year(name: str) -> bool:
    """A folder name a person probably meant as a year: 4 digits of any script, with extra text or spaces."""
    folded = unicodedata.normalize("NFKC", name)
    return bool(re.search(r"\d{4}", folded)) and not YEAR_DIR.fullmatch(name)


def _folders(data_dir: Path, report) -> list[Path]:
    """The year folders; every other folder under ``data/`` is reported unless it is known."""
    years = []
    for p in sorted(data_dir.iterdir()):
        if not p.is_dir():
            continue
        if YEAR_DIR.fullmatch(p.name):
            years.append(p)
        elif p.name in SPECIAL_DIRS:
            continue
        elif _looks_like_year(p.name):
            report.append(
                Issue(
                    display_path(p), None, None, "bad-year-folder",
                    f"thư mục «{p.name}» trông như một năm nhưng tên không phải đúng 4 chữ số 0–9 (không dấu cách, không thêm chữ); "
                    "dữ liệu trong đó không được đọc. Hãy đổi tên (ví dụ «2025») hoặc chuyển thư mục ra khỏi data/",
                )
            )
        else:
            report.append(
                Issue(display_path(p), None, None, "unknown-folder", f"thư mục «{p.name}» không phải một năm, «frameworks» hay «published» nên không được đọc", WARNING)
            )
    return years


def load_frameworks(data_dir: Path, report) -> dict[str, Framework] | None:
    """Every index set under ``data/frameworks``; None when the data folder itself is missing."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        report.append(Issue(display_path(data_dir), None, None, "missing-folder", "không tìm thấy thư mục dữ liệu"))
        return None
    frameworks = {}
    framework_root = data_dir / "frameworks"
    for folder in sorted(p for p in framework_root.iterdir() if p.is_dir()) if framework_root.is_dir() else []:
        framework = load_framework(folder, report)
        if framework is not None:
            frameworks[framework.id] = framework
    return frameworks


def year_folders(data_dir: Path, report) -> list[Path]:
    years = _folders(Path(data_dir), report)
    if not years:
        report.append(Issue(display_path(data_dir), None, None, "no-editions", "không có thư mục năm nào (ví dụ data/2024)"))
    return years


def linked(folder: Path, report) -> bool:
    """Whether a package folder is, or holds, a symbolic link (each reported). A link may point anywhere on
    the machine: its target would be read, published and hashed as if it were data, so a package holding
    one is not read at all."""
    links = [folder] if folder.is_symlink() else []
    if not links:
        for root, dirs, files in os.walk(folder):
            links += [Path(root) / name for name in sorted(dirs + files) if (Path(root) / name).is_symlink()]
    for link in links[:20]:
        report.append(Issue(
            display_path(link), None, None, "symlink",
            "đây là một liên kết tượng trưng (symlink) tới một tệp hay thư mục khác; dữ liệu phải là tệp thật nằm trong thư mục data/: "
            "hãy chép tệp vào đây thay cho liên kết",
        ))
    return bool(links)


def load_year(folder: Path, report) -> Edition | None:
    """The edition in a year folder, or None (with issues) if it cannot be used."""
    if linked(folder, report):
        return None
    edition = load_edition(folder, report)
    if edition is not None and edition.year != int(folder.name):
        report.append(Issue(display_path(folder / "datapackage.json"), None, "dti.year", "year-mismatch", f"dti.year là {edition.year} nhưng thư mục là {folder.name}"))
        return None
    return edition


def check_some_year(data_dir: Path, years: list[Path], dataset: Dataset, report) -> None:
    if years and not dataset.editions and report.ok:  # every year was set aside: say so, never build an empty site
        report.append(Issue(display_path(data_dir), None, None, "no-editions", "không đọc được năm nào; hãy xem các cảnh báo ở trên"))


def load_dataset(data_dir: Path) -> tuple[Dataset, Report]:
    report = Report()
    dataset = Dataset()
    frameworks = load_frameworks(data_dir, report)
    if frameworks is None:
        return dataset, report
    dataset.frameworks.update(frameworks)
    years = year_folders(data_dir, report)
    for folder in years:
        edition = load_year(folder, report)
        if edition is not None:
            dataset.editions[edition.year] = edition
    check_some_year(data_dir, years, dataset, report)
    return dataset, report
