"""Chart specifications (Altair → Vega-Lite), each with a text alternative.

Pages embed the specification as JSON; the browser draws it with the Vega bundle shipped with the site,
so nothing is loaded from elsewhere. Every chart carries a sentence with its key numbers and a table of
all its data for people who cannot see it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

from . import stats, usercache
from .numeric import round_published, vi_count, vi_number
from .scale import AXES, Axis

VI_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " đ"]}}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEN_STEPS = list(range(0, 101, 10))  # the ticks of a percentage axis
COLOURS = {"unit": "#3f51b5", "median": "#757575", "best": "#2e7d32", "changed": "#c62828"}


@dataclass(frozen=True)
class Chart:
    key: str
    spec: dict
    description: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def spec_json(self) -> str:
        """The specification (described by the chart's sentence) as JSON safe inside a <script> element:
        ``<``, ``>`` and ``&`` are written as JSON escapes, so no text from the data can end the element."""
        spec = dict(self.spec, description=self.description)
        text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _finish(chart) -> dict:
    chart = chart.configure(locale=VI_LOCALE, font=FONT, autosize={"type": "fit-x", "contains": "padding"})
    chart = chart.configure_view(stroke=None).configure_axis(labelFontSize=11, titleFontSize=11)
    return chart.to_dict(validate=True)


BUILDERS = {}


def builder(*columns: str):
    """Register how to build one kind of chart from a data frame with ``columns``."""

    def register(fn):
        BUILDERS[fn.__name__] = (fn, columns)
        return fn

    return register


def cache_name(altair_version: str, code: bytes) -> str:
    """The name of the file the chart kinds are kept in: it changes with Altair's version and the code
    that builds the charts, so a kind is never read back from another version of either."""
    digest = hashlib.sha256(altair_version.encode() + b"\0" + code).hexdigest()
    return f"charts-{digest[:16]}.json"


def _cache_file() -> Path:
    """Where the chart kinds built on this machine are kept: the user's cache folder."""
    from importlib.metadata import version

    code = b"".join((Path(__file__).parent / module).read_bytes() for module in ("charts.py", "mapchart.py"))
    return usercache.folder() / cache_name(version("altair"), code)


@cache
def _kept() -> dict:
    try:
        return json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _keep(key: str, made: list) -> None:
    """Add one chart kind to the cache file (two builds writing at once may lose an entry, which is then
    made again)."""
    kept = _kept()
    kept[key] = made
    usercache.keep(_cache_file(), json.dumps(kept, ensure_ascii=False, sort_keys=True))


@cache
def _template(kind: str, params: tuple) -> tuple[str, str]:
    """A kind of chart built (and validated against the Vega-Lite schema) once, without its data. Built
    kinds are kept in the user's cache folder, so that a build seldom needs Altair (and pandas) at all:
    importing them and validating a kind costs about as much as the rest of a small province's build."""
    key = repr((kind, params))
    if key in _kept():
        text, name = _kept()[key]
        return text, name
    import altair as alt
    import pandas as pd

    fn, columns = BUILDERS[kind]
    spec = _finish(fn(alt, pd.DataFrame(columns=list(columns)), *params))
    name = next(iter(spec["datasets"]))
    spec["datasets"] = {}
    made = [json.dumps(spec, ensure_ascii=False, sort_keys=True), name]
    _keep(key, made)
    return made[0], made[1]


def spec_for(kind: str, params: tuple, records: list[dict]) -> dict:
    """The chart specification of ``kind`` with ``records`` as its data."""
    text, name = _template(kind, params)
    spec = json.loads(text)
    spec["datasets"] = {name: records}
    return spec



def _groups(records: list[dict], column: str) -> dict[object, list[dict]]:
    """The records by their value in ``column``, in the order each value first appears."""
    groups: dict[object, list[dict]] = {}
    for r in records:
        groups.setdefault(r[column], []).append(r)
    return groups


def _pct(value: Decimal | None) -> str:
    return "không có" if value is None else f"{vi_number(value)} %"


BAND_COLOURS = ("#2e7d32", "#1565c0", "#a67c00", "#d84315", "#c62828")  # strong colours of rank.band_steps
NOT_RANKED = "Không xếp hạng"


@builder("type", "unit", "percent", "band", "ranked")
def dots(alt, frame, bands: tuple[str, ...], colours: tuple[str, ...], axis: tuple[str, float, int, str] = ("Chỉ số DTI (%)", 100, 2, "DTI (%)")):
    title, top, places, short = axis
    colour = (
        alt.Color("band:N", title="Xếp loại", scale=alt.Scale(domain=list(bands), range=list(colours)), legend=alt.Legend(orient="bottom", direction="vertical"))
        if bands
        else alt.value(COLOURS["unit"])
    )
    return (
        alt.Chart(frame)
        .mark_point(size=70, opacity=0.85, filled=True)
        .encode(
            x=alt.X("percent:Q", title=title, scale=alt.Scale(domain=[0, top]), axis=alt.Axis(values=TEN_STEPS if top == 100 else [v / 100 for v in TEN_STEPS])),
            y=alt.Y("type:N", title=None, sort=None),
            color=colour,
            shape=alt.Shape("ranked:N", title=None, scale=alt.Scale(domain=["Xếp hạng", NOT_RANKED], range=["circle", "triangle-up"]), legend=alt.Legend(orient="bottom", direction="vertical")),
            tooltip=[
                alt.Tooltip("unit:N", title="Đơn vị"),
                alt.Tooltip("percent:Q", title=short, format=f",.{places}f"),
                alt.Tooltip("band:N", title="Xếp loại"),
                alt.Tooltip("ranked:N", title=" "),
            ],
        )
        .properties(width="container", height=alt.Step(44))
    )


def distribution(key: str, rows: list[dict], bands: tuple[str, ...] = (), colours: tuple[str, ...] = (), axis: Axis = AXES["percent"]) -> Chart:
    """DTI % of every unit, one row of dots per unit type (home page), coloured by grade band; units not
    ranked are drawn as triangles and counted apart in the text. ``axis`` is the year's scale as drawn
    (the index on 0–1 for an index year)."""
    records = [
        {"type": r.get("type"), "unit": r.get("unit"), "percent": float(axis.value(r["percent"])), "band": "" if r.get("band") is None else r["band"], "ranked": r.get("ranked")}
        for r in rows
    ]
    percents = _groups([{"type": r.get("type"), "percent": r["percent"], "ranked": r.get("ranked")} for r in rows], "type")
    summary = []
    table = []
    for label, group in percents.items():
        values = sorted(r["percent"] for r in group)
        low, mid, high = (axis.text(v) for v in (values[0], stats.median(values), values[-1]))
        unranked = sum(1 for r in group if r["ranked"] == NOT_RANKED)
        counted = f"{vi_count(len(values))} đơn vị được đánh giá" + (f" ({vi_count(unranked)} không xếp hạng)" if unranked else "")
        summary.append(f"{label}: {counted}, từ {low} đến {high}, trung vị {mid}")
        table.append((label, vi_count(len(values)), vi_count(len(values) - unranked), low, mid, high))
    default = axis == AXES["percent"]  # the percent chart's kind keeps its cache key
    return Chart(
        key,
        spec_for("dots", (tuple(bands), tuple(colours)) + (() if default else ((axis.title, float(axis.top), axis.places, axis.title.replace("Chỉ số ", "")),)), records),
        "Phân bố chỉ số DTI. " + "; ".join(summary) + ".",
        ("Loại đơn vị", "Được đánh giá", "Được xếp hạng", "Thấp nhất", "Trung vị", "Cao nhất"),
        tuple(table),
    )


@builder("index", "series", "percent")
def bars_with_ticks(alt, frame, order: tuple[str, ...]):
    base = alt.Chart(frame).encode(
        y=alt.Y("index:N", title=None, sort=list(order), axis=alt.Axis(labelLimit=150)),
        x=alt.X("percent:Q", title="% điểm tối đa của chỉ số", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=TEN_STEPS)),
        tooltip=[alt.Tooltip("index:N", title="Chỉ số"), alt.Tooltip("series:N", title=" "), alt.Tooltip("percent:Q", title="%", format=",.2f")],
    )
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=["Đơn vị", "Trung vị cùng loại", "Cao nhất cùng loại"], range=[COLOURS["unit"], COLOURS["median"], COLOURS["best"]]),
        legend=alt.Legend(orient="bottom", direction="vertical"),
    )
    bars = base.transform_filter(alt.datum.series == "Đơn vị").mark_bar(height=14).encode(color=colour)
    ticks = base.transform_filter(alt.datum.series != "Đơn vị").mark_tick(thickness=3, size=22).encode(color=colour)
    return alt.layer(bars, ticks).properties(width="container", height=alt.Step(30))


def main_indices(key: str, unit_name: str, rows: list[dict]) -> Chart:
    """A unit's result on each main index (% of its maximum) against the peer median and the best."""
    records = []
    for r in rows:
        for series, field in (("Đơn vị", "unit"), ("Trung vị cùng loại", "median"), ("Cao nhất cùng loại", "best")):
            if r[field] is not None:
                records.append({"index": r["label"], "series": series, "percent": float(r[field])})
    weakest = min((r for r in rows if r["unit"] is not None), key=lambda r: r["unit"], default=None)
    sentence = f"Kết quả các chỉ số chính của {unit_name} so với trung vị và đơn vị cao nhất cùng loại."
    if weakest:
        sentence += f" Thấp nhất: {weakest['label']} ({_pct(weakest['unit'])}, trung vị {_pct(weakest['median'])})."
    return Chart(
        key,
        spec_for("bars_with_ticks", (tuple(r["label"] for r in rows),), records),
        sentence,
        ("Chỉ số chính", "Đơn vị", "Trung vị cùng loại", "Cao nhất cùng loại"),
        tuple((r["label"], _pct(r["unit"]), _pct(r["median"]), _pct(r["best"])) for r in rows),
    )


@builder("year", "unit", "percent", "rank", "framework", "role")
def line_by_year(alt, frame):
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title="Năm", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("percent:Q", title="Chỉ số DTI (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            alt.Tooltip("year:O", title="Năm"),
            alt.Tooltip("unit:N", title="Đơn vị"),
            alt.Tooltip("role:N", title=" "),
            alt.Tooltip("percent:Q", title="DTI (%)", format=",.2f"),
            alt.Tooltip("rank:N", title="Thứ hạng"),
            alt.Tooltip("framework:N", title="Bộ chỉ số"),
        ],
    )
    colour = alt.Color(
        "role:N", title=None, legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=["Đơn vị", "Đơn vị tiền thân"], range=[COLOURS["unit"], COLOURS["median"]]),
    )
    line = base.mark_line().encode(detail="unit:N", color=colour)
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("framework:N", title="Bộ chỉ số", legend=alt.Legend(orient="bottom")),
        color=colour,
    )
    return alt.layer(line, points).properties(width="container", height=200)


def trend(key: str, rows: list[dict]) -> Chart:
    """DTI % over the years, the unit's own and its predecessors' (told apart); years assessed with another
    index set are marked."""
    role = lambda r: "Đơn vị tiền thân" if r.get("predecessor") else "Đơn vị"  # noqa: E731
    records = [
        {"year": str(r["year"]), "unit": r["unit"], "percent": float(r["percent"]), "rank": r["rank"], "framework": r["framework"], "role": role(r)}
        for r in rows
        if r["percent"] is not None
    ]
    parts = [f"{r['year']}: {_pct(r['percent'])}" + (f" ({r['unit']}, đơn vị tiền thân)" if r.get("predecessor") else "") for r in rows]
    return Chart(
        key,
        spec_for("line_by_year", (), records),
        "Chỉ số DTI qua các năm — " + "; ".join(parts) + ".",
        ("Năm", "Đơn vị", "Chỉ số DTI", "Thứ hạng", "Bộ chỉ số"),
        tuple((str(r["year"]), r["unit"] + (" (đơn vị tiền thân)" if r.get("predecessor") else ""), _pct(r["percent"]), str(r["rank"]), r["framework"]) for r in rows),
    )


@builder("year", "score")
def counts_by_year(alt, frame, max_points: float):
    return (
        alt.Chart(frame)
        .mark_circle(color=COLOURS["unit"], opacity=0.8)
        .encode(
            x=alt.X("score:Q", title="Điểm thẩm định", scale=alt.Scale(domain=[0, max_points])),
            y=alt.Y("year:O", title="Năm", sort="descending"),
            size=alt.Size("count():Q", title="Số đơn vị", legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("year:O", title="Năm"), alt.Tooltip("score:Q", title="Điểm", format=",.2f"), alt.Tooltip("count():Q", title="Số đơn vị")],
        )
        .properties(width="container", height=alt.Step(40))
    )


def indicator_scores(key: str, max_points, rows: list[dict]) -> Chart:
    """How many units got each score on one indicator, per year."""
    max_points = Fraction(int(max_points.numerator), int(max_points.denominator))
    records = [{"year": str(r["year"]), "score": float(r["score"])} for r in rows]
    summary, table = [], []
    for year, group in sorted(_groups(records, "year").items(), reverse=True):
        values = sorted(round_published(Decimal(str(r["score"]))) for r in group)
        full = sum(1 for v in values if v >= max_points)
        mid = stats.median(values)
        summary.append(f"năm {year}: {vi_count(len(values))} đơn vị, {vi_count(full)} đạt điểm tối đa, trung vị {vi_number(mid)}, thấp nhất {vi_number(values[0])}")
        table.append((year, vi_count(len(values)), vi_count(full), vi_number(values[0]), vi_number(mid), vi_number(values[-1])))
    return Chart(
        key,
        spec_for("counts_by_year", (float(max_points),), records),
        f"Phân bố điểm thẩm định (tối đa {vi_number(max_points)}): " + "; ".join(summary) + ".",
        ("Năm", "Số đơn vị", "Đạt tối đa", "Thấp nhất", "Trung vị", "Cao nhất"),
        tuple(table),
    )
