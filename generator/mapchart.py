"""The map: DTI % of every unit of one type and year as a choropleth (Altair → Vega-Lite geoshape), with
its text alternative — a sentence with the key figures and a table that links each unit to its scorecard.

The shapes are not in the page: the chart reads them from a GeoJSON file of the site (one per year and
unit type, see :mod:`generator.pages.maps`), so a country-sized year adds a file, not megabytes to pages.
The page holds one small record per unit (name, DTI %, rank, the link to its scorecard), joined to the
shapes by unit id in the browser. Colours run from light to dark blue (one hue, readable by people with
any colour vision); each shape carries its unit's name where the name fits at the size the map is drawn,
its rank where it does not, unranked units a dashed outline, and the tooltip and the table say everything
in words. A tap (or click) on a shape shows a label with its name, DTI % and rank, a second opens its
scorecard; a box above the map highlights the units whose names hold what is typed (the page script sets
the chart's ``dti_sel`` and ``dti_hl`` parameters).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from . import stats
from .charts import Chart, builder, spec_for
from .numeric import vi_count, vi_number
from .scale import AXES, HEADINGS
from .text import fold

# ColorBrewer «Blues» (sequential, safe for colour-blind readers), without its near-white first step so
# that the lowest units still stand out from the page.
BLUES = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
INK = ("#1b1f24", "#ffffff")  # the colour of a rank label: dark on light shapes, white on dark ones
RANKED, UNRANKED = "Được xếp hạng", "Không xếp hạng"
MAX_LABELS = 150  # above this many shapes, names or ranks written on the map would be too small to read
NAME_FONT = 11  # pixels; a name is written on its shape when it fits there at the size the map is drawn
CHAR_WIDTH = 5.8  # pixels a character of a name takes at NAME_FONT, on average (system sans-serif), with room to spare
LINE_HEIGHT = 13  # pixels of height a name needs
SELECTED = "#d84315"  # the outline of the unit whose label is shown (contrast ≥ 3:1 with every blue)
# Vega expressions on the chart's signals: the map's drawn size (width, height) and two parameters the page
# script sets, the unit shown (dti_sel) and the folded text typed in the box above the map (dti_hl).
NAME_FITS = f"min(width * datum.fw, height * datum.fh) >= datum.need && min(width * datum.gw, height * datum.gh) >= {LINE_HEIGHT}"
MATCHES = "dti_hl === '' || indexof(datum.folded, dti_hl) >= 0"
TYPE_WORDS = ("Thị trấn ", "Thị xã ", "Thành phố ", "Phường ", "Huyện ", "Quận ", "Xã ")
LEGEND_HEIGHT = 64  # pixels the legends take under the map
URL = "ranh-gioi.geojson"  # replaced by each page's relative link to the year's shapes
OUTLINES_URL = "ranh-gioi-huyen.geojson"  # replaced by the link to the districts' shapes, drawn as outlines


@dataclass(frozen=True)
class MapChart(Chart):
    links: tuple[str | None, ...] = ()  # per table row: the scorecard of the unit it names
    aspect: float = 1.0  # width / height of the shapes as drawn, so the map is sized to its province

    @property
    def legend_height(self) -> int:
        return LEGEND_HEIGHT


@builder("id", "name", "district", "pct", "percent", "rank", "status", "band", "href", "lon", "lat", "label", "ink", "short", "folded", "fw", "fh", "gw", "gh", "need")
def choropleth(alt, frame, stops: tuple[float, ...], unranked: bool, labels: bool, districts: bool, outlines: bool, titles: tuple[str, str] = ("Chỉ số DTI", "Chỉ số DTI (%)")):
    tooltip = [alt.Tooltip("name:N", title="Đơn vị")]
    tooltip += [alt.Tooltip("district:N", title="Huyện")] if districts else []
    tooltip += [alt.Tooltip("pct:N", title=titles[0]), alt.Tooltip("rank:N", title="Thứ hạng"), alt.Tooltip("band:N", title="Xếp loại")]
    colour = alt.Color(
        "percent:Q",
        title=titles[1],
        scale=alt.Scale(domain=list(stops), range=list(BLUES), interpolate="rgb", clamp=True),
        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=260, titleOrient="top", titleFontSize=12, labelFontSize=12, values=list(range(round(stops[0]), round(stops[-1]) + 1, 10 if stops[-1] - stops[0] <= 50 else 20))),
    )
    dashed = alt.StrokeDash(
        "status:N",
        title=None,
        scale=alt.Scale(domain=[RANKED, UNRANKED], range=[[1, 0], [4, 3]]),
        legend=alt.Legend(orient="bottom", symbolType="square", symbolStrokeColor=INK[0], symbolFillColor="#ffffff", symbolSize=200, labelFontSize=12, values=[UNRANKED]) if unranked else None,
    )
    outlined = "datum.status === '" + UNRANKED + "'"
    selected = "datum.properties.unit_id === dti_sel"
    fields = ["id", "name", "pct", "percent", "rank", "status", "band", "href", "folded"] + (["district"] if districts else [])
    shapes = (
        alt.Chart(alt.UrlData(url=URL, format=alt.JsonDataFormat(type="json", property="features")))
        .transform_lookup(lookup="properties.unit_id", from_=alt.LookupData(data=frame, key="id", fields=fields))
        .transform_filter("isValid(datum.name)")
        .mark_geoshape(cursor="pointer")
        .encode(
            color=colour,
            strokeDash=dashed,
            stroke={"condition": [{"test": selected, "value": SELECTED}, {"test": outlined, "value": INK[0]}], "value": "#ffffff"},
            strokeWidth={"condition": [{"test": selected, "value": 3}, {"test": outlined, "value": 2}], "value": 1},
            fillOpacity=alt.condition(MATCHES, alt.value(1), alt.value(0.2)),
            tooltip=tooltip,
        )
        .properties(name="dti_units")
    )
    layers = [shapes]
    if outlines:
        layers.append(
            alt.Chart(alt.UrlData(url=OUTLINES_URL, format=alt.JsonDataFormat(type="json", property="features")))
            .mark_geoshape(filled=False, fill=None, stroke=INK[0], strokeWidth=2, strokeJoin="round")  # no fill: pointers reach the units below
            .properties(name="dti_districts")
        )
    if labels:
        for name, text, size, weight, shown in (("dti_names", "short", NAME_FONT, "normal", NAME_FITS), ("dti_ranks", "label", 12, "bold", f"!({NAME_FITS})")):
            layers.append(
                alt.Chart(frame)
                .transform_filter("isValid(datum.lon) && datum." + text + " !== ''")
                .mark_text(fontSize=size, fontWeight=weight, cursor="pointer")
                .encode(
                    longitude="lon:Q", latitude="lat:Q", text=f"{text}:N", fill=alt.Fill("ink:N", scale=None),
                    opacity=alt.condition(shown, alt.value(1), alt.value(0)), tooltip=tooltip,
                )
                .properties(name=name)
            )
    params = [alt.param(name="dti_sel", value=""), alt.param(name="dti_hl", value="")]
    return alt.layer(*layers).add_params(*params).project(type="mercator").properties(width="container", height="container")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def fill_of(percent: float, stops: tuple[float, ...]) -> str:
    """The colour the map gives ``percent``: the scale's piecewise interpolation, in RGB, as Vega does it."""
    if percent <= stops[0]:
        return BLUES[0]
    for k in range(1, len(stops)):
        if percent <= stops[k]:
            t = (percent - stops[k - 1]) / (stops[k] - stops[k - 1])
            a, b = BLUES[k - 1], BLUES[k]
            mix = [round(int(a[i : i + 2], 16) * (1 - t) + int(b[i : i + 2], 16) * t) for i in (1, 3, 5)]
            return "#" + "".join(f"{c:02x}" for c in mix)
    return BLUES[-1]


def ink_on(fill: str) -> str:
    """Dark or white text, whichever contrasts more with ``fill`` (WCAG contrast ratio)."""
    lum = _luminance(fill)
    return max(INK, key=lambda ink: (max(lum, _luminance(ink)) + 0.05) / (min(lum, _luminance(ink)) + 0.05))


def scale_stops(percents: list[Decimal]) -> tuple[float, ...]:
    """The colour scale runs over the tens that hold the data (e.g. 40–100), in as many steps as colours."""
    low = math.floor(min(percents) / 10) * 10 if percents else 0
    high = max(low + 10, math.ceil(max(percents) / 10) * 10) if percents else 100
    if high - low > 50 and (high - low) % 20:  # a wide scale is labelled every 20: make its span a multiple of 20
        low -= 10
    return tuple(round(low + (high - low) * k / (len(BLUES) - 1), 4) for k in range(len(BLUES)))


def mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))


def mercator_extent(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Width and height of the box around ``points`` (longitude, latitude) as the Mercator projection
    draws it, in the projection's units (one radian of longitude across)."""
    xs = [math.radians(lon) for lon, _ in points]
    ys = [mercator_y(lat) for _, lat in points]
    return max(xs) - min(xs), max(ys) - min(ys)


def mercator_aspect(points: list[tuple[float, float]]) -> float:
    """Width / height of the box around ``points`` (longitude, latitude) as the Mercator projection draws it."""
    width, height = mercator_extent(points)
    return round(min(4.0, max(0.5, width / height if height else 1.0)), 3)


def short_name(name: str) -> str:
    """A unit's name as its shape shows it, without the word of its type: «Xã Tân Hòa» → «Tân Hòa»."""
    return next((name[len(w):] for w in TYPE_WORDS if name.startswith(w) and len(name) > len(w)), name)


def name_fit(name: str, room: tuple, extent: tuple[float, float]) -> dict:
    """What the chart needs to tell whether ``name`` fits on its shape at the size the map is drawn: the
    room around the label's point (``room``: its horizontal and vertical stretches inside the shape, in
    degrees) as shares of the province's ``extent`` in the projection (the map's scale is the smaller of
    width / extent width and height / extent height), and the pixels the name needs."""
    (left, right), (bottom, top) = room
    across = math.radians(right - left) * 0.9  # a margin on each side
    up = mercator_y(top) - mercator_y(bottom)
    width, height = extent
    return {
        "fw": round(across / width, 5) if width else 0, "fh": round(across / height, 5) if height else 0,
        "gw": round(up / width, 5) if width else 0, "gh": round(up / height, 5) if height else 0,
        "need": round(len(name) * CHAR_WIDTH + 4, 1),
    }


def _pct(value: Decimal | None) -> str:
    return "không có" if value is None else f"{vi_number(value)} %"


def choropleth_map(
    key: str, what: str, url: str, units: list[dict], aspect: float, outlines: str | None = None, extent: tuple[float, float] = (1.0, 1.0), scale: str = "percent"
) -> MapChart:
    """The map of ``units`` (dicts: id, name, district, percent, shown — the result on the year's scale,
    optional — rank, band, href, shape — whether it has one — point — where to write its name or rank, or
    None — and room — the stretches inside its shape through that point, see :func:`name_fit`), whose
    shapes are read from ``url``; ``what`` names them in the sentence («58 xã, phường, thị trấn năm
    2024»); ``extent`` is the province's width and height in the projection. ``outlines`` links to shapes
    drawn over them as outlines (the districts around communes). Colours are always on the percentage;
    the figures written are on the year's ``scale`` (:mod:`generator.scale`)."""
    axis = AXES[scale]
    shown = {u["id"]: u["shown"] if scale != "percent" and u.get("shown") else _pct(u["percent"]) for u in units}
    percents = [u["percent"] for u in units if u["percent"] is not None]
    stops = scale_stops(percents)
    ranked = [u for u in units if u["rank"] is not None]
    labels = any(u["point"] is not None for u in units)
    has_district = any(u["district"] for u in units)
    records = []
    for u in units:
        status = RANKED if u["rank"] is not None else UNRANKED
        record = {
            "id": u["id"], "name": u["name"], "pct": shown[u["id"]],
            "percent": float(u["percent"]) if u["percent"] is not None else None,
            "rank": f"{vi_count(u['rank'])}/{vi_count(len(ranked))}" if u["rank"] is not None else "không xếp hạng",
            "status": status, "band": u["band"] or "–", "href": u["href"], "folded": fold(u["name"]),
        }
        if has_district:
            record["district"] = u["district"] or "–"
        if u["point"] is not None:
            short = short_name(u["name"])
            record.update(
                lon=round(u["point"][0], 5), lat=round(u["point"][1], 5), label=vi_count(u["rank"]) if u["rank"] is not None else "", short=short,
                ink=ink_on(fill_of(float(u["percent"]), stops)) if u["percent"] is not None else INK[0], **name_fit(short, u["room"], extent),
            )
        records.append(record)
    order = sorted(units, key=lambda u: (u["rank"] is None, u["rank"] or 0, -(u["percent"] or 0), u["name"]))
    unranked = [u for u in order if u["rank"] is None]
    dashed = any(u["shape"] for u in unranked)
    titles = () if scale == "percent" else ((HEADINGS[scale], "Tỷ lệ % điểm tối đa"),)  # the percent map's kind keeps its cache key
    spec = spec_for("choropleth", (stops, dashed, labels, has_district, outlines is not None) + titles, records)
    for part in [spec, *spec.get("layer", [])]:  # a chart of one layer has its data at the top
        if part.get("data", {}).get("url") in (URL, OUTLINES_URL):
            part["data"]["url"] = url if part["data"]["url"] == URL else outlines
    spec["autosize"] = {"type": "fit", "contains": "padding"}

    sentence = f"Bản đồ chỉ số DTI của {what}: màu càng đậm, chỉ số càng cao" + ("; trên mỗi vùng ghi tên đơn vị, hoặc thứ hạng khi tên không vừa" if labels else "")
    sentence += ("; viền đậm là ranh giới huyện" if outlines else "") + "."
    if len(ranked) > 1:
        best, worst = order[0], max(ranked, key=lambda u: u["rank"])
        sentence += f" Cao nhất: {best['name']} ({shown[best['id']]}, hạng {vi_count(best['rank'])}); thấp nhất: {worst['name']} ({shown[worst['id']]}, hạng {vi_count(worst['rank'])})."
    if percents:
        sentence += f" Trung vị {axis.text(stats.median(percents))}" + (" điểm tối đa." if scale == "points" else ".")
    if unranked:
        sentence += f" Không xếp hạng: {', '.join(u['name'] for u in unranked)}" + (" (trên bản đồ: viền nét đứt, không ghi thứ hạng)." if dashed else ".")
    missing = [u for u in order if not u["shape"]]
    if missing:
        sentence += f" {vi_count(len(missing))} đơn vị không có ranh giới nên không có trên bản đồ: {', '.join(u['name'] for u in missing)}."

    columns = ("Đơn vị",) + (("Huyện",) if has_district else ()) + (HEADINGS[scale], "Thứ hạng", "Trên bản đồ")
    rows = tuple(
        (u["name"],) + ((u["district"] or "–",) if has_district else ())
        + (shown[u["id"]], vi_count(u["rank"]) if u["rank"] is not None else "không xếp hạng", "có" if u["shape"] else "không có ranh giới")
        for u in order
    )
    return MapChart(key, spec, sentence, columns, rows, links=tuple(u["href"] for u in order), aspect=aspect)
