"""The README's performance figures, rendered from ``bench/results.json``.

The part of README.md between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` is written by this
script, never by hand, so that the README always shows what the last benchmark run measured:

    python bench/report.py            # print the part as it would be written
    python bench/report.py --write    # rewrite that part of README.md
    python bench/report.py --check    # exit 1 if README.md differs from what results.json gives

Standard library only: it needs neither the generator nor its dependencies.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "README.md"
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"

# The stages table, in the order shown: (measurement in results.json, its data set, what it is).
STAGES = [
    ("build-province", "province", "Build, bundled demo"),
    ("build-n", "n", "Build, N"),
    ("build-large", "large", "Build, 2N (large province)"),
    ("build-national", "national1", "Build, national year"),
    ("validate-national", "national5", "Validate + score, national (`dti validate`)"),
]

# The scorecards-per-second comparison at N, slowest first: (key in derived figures, what it is).
RATES = [
    ("plain_mkdocs_material", "plain mkdocs-material: one Markdown table per page, theme defaults, `mkdocs build`"),
    ("generator_full_build", "this generator, full build (validation, pages, MkDocs, search index)"),
    ("generator_page_generation", "this generator, page generation only (one process, bodies rendered)"),
    ("bare_jinja", "bare Jinja: the table alone, one template loop"),
]

PACKAGES = {"mkdocs": "MkDocs", "mkdocs-material": "mkdocs-material", "jinja2": "Jinja2", "pagefind": "Pagefind"}


def _num(value: float, places: int = 1) -> str:
    return f"{value:,.{places}f}"


def _seconds(value: float) -> str:
    return f"{_num(value)} s"


def _stage_row(label: str, data: dict, m: dict) -> str:
    ok = m.get("status") == "ok"
    scorecards = _num(m["scorecards"], 0) if m.get("scorecards") else "–"
    if ok:
        time, cpu, peak = _seconds(m["total_seconds"]), _seconds(m["cpu_seconds"]), f"{_num(m['peak_mb'], 0)} MB"
    else:
        stopped = m.get("status") in ("timeout", "memory-cap") and m.get("wall_seconds")
        time = f"{m.get('status', 'not run')}" + (f" after {_num(m['wall_seconds'], 0)} s" if stopped else "")
        cpu, peak = "–", f"> {_num(m['peak_mb'], 0)} MB" if stopped and m.get("peak_mb") else "–"
    units = _num(data["unit_years"], 0) if data.get("unit_years") else "–"
    return f"| {label} | {data.get('description', '')} | {units} | {scorecards} | {time} | {cpu} | {peak} | {m.get('run', '')} |"


def _machine(results: dict) -> str:
    mc = results.get("machine", {})
    packages = ", ".join(f"{PACKAGES.get(n, n)} {v}" for n, v in mc.get("packages", {}).items() if v)
    system = mc.get("os", "").split("-", 1)[0]
    cores = mc.get("cores_usable") or mc.get("cores")
    return f"{mc.get('cpu', '')}, {cores} cores, {mc.get('memory_gb')} GB of memory, {system}, Python {mc.get('python', '')}; {packages}"


def _target_figure(t: dict, results: dict) -> str:
    if t.get("value") is None:
        return "–"
    m, d = results["measurements"], results.get("derived", {})
    value, unit = t["value"], t["unit"]
    shown = ("> " if t.get("at_least") else "") + {
        "s": _seconds(value), "MB": f"{_num(value, 0)} MB", "kB": f"{_num(value)} kB",
    }.get(unit, f"{value:.2f} {unit}")
    if t["target"].startswith("build time 2N / N") and (cpu := d.get("scaling", {}).get("cpu_ratio")):
        shown += f" (CPU time: {cpu:.2f})"
    if t["target"].startswith("largest scorecard"):
        others = [f"{_num(m[name]['largest_scorecard_bytes'] / 1000)} kB {where}" for name, where in (("build-large", "at 2N"), ("build-national", "national"))
                  if m.get(name, {}).get("status") == "ok" and m[name].get("largest_scorecard_bytes")]
        if others:
            shown += f" ({', '.join(others)})"
    return shown


def render(results: dict) -> str:
    """The README's generated part, markers excluded."""
    m, data, d = results["measurements"], results["data"], results.get("derived", {})
    out = []
    if results.get("mode") != "full":
        out += [f"**A {results.get('mode')} run: the sizes are smaller than the targets are set for.**", ""]
    out += [
        f"Measured on: {_machine(results)}. \"Run\" is the run's number in `bench/results.json`'s `runs`, which names its date and commit.",
        "",
        "| Stage | Data | Unit-years | Scorecards | Time | CPU | Peak memory | Run |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    out += [_stage_row(label, data.get(key, {}), m[name]) for name, key, label in STAGES if name in m]
    rates, times = d.get("scorecards_per_second", {}), d.get("times_plain_mkdocs_material", {})
    if rates:
        count = next((f"{_num(r['scorecards'], 0)} " for r in (m.get("build-n"), m.get("pages-n")) if r and r.get("scorecards")), "")
        out += ["", f"The {count}scorecards of N (one page per unit and year with its indicator table), in scorecards per second:", ""]
        out += ["| Built by | Scorecards/s | × plain mkdocs-material |", "|---|---:|---:|"]
        for key, label in RATES:
            if key in rates:
                ratio = "1" if key == "plain_mkdocs_material" else _num(times[key]) if key in times else "–"
                out.append(f"| {label} | {_num(rates[key], 0) if rates[key] >= 1000 else _num(rates[key])} | {ratio} |")
    transfer = m.get("build-province", {}).get("chart_page_transfer")
    if transfer:
        out += ["", f"What a reader's browser receives for the demo's largest scorecard (a chart page) and the {transfer['files'] - 1} files it loads,",
                "Vega bundle included: as stored, and from a server that sends the site's pre-compressed copies and compresses the page itself:", ""]
        out += ["| Sent | Bytes | Share |", "|---|---:|---:|"]
        for key, label in (("raw", "uncompressed"), ("gzip", "gzip (`.gz` copies)"), ("brotli", "Brotli (`.br` copies)")):
            out.append(f"| {label} | {_num(transfer[key] / 1000, 0)} kB | {transfer[key] / transfer['raw']:.0%} |")
    out += ["", "| Target | Figure | Met |", "|---|---|---|"]
    for t in results.get("targets", []):
        met = {True: "yes", False: "no"}.get(t.get("pass"), t.get("status", "not run"))
        out.append(f"| {t['target'][:1].upper()}{t['target'][1:]} | {_target_figure(t, results)} | {met} |")
    return "\n".join(out) + "\n"


def splice(readme: str, part: str) -> str:
    """README text with the generated part replaced."""
    head, found, rest = readme.partition(START + "\n")
    middle, found_end, tail = rest.partition(END)
    if not found or not found_end:
        raise SystemExit(f"README.md has no {START} … {END} part")
    return head + START + "\n" + part + END + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the generated part of README.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md's generated part is not what results.json gives")
    args = parser.parse_args()
    part = render(json.loads(RESULTS.read_text(encoding="utf-8")))
    readme = README.read_text(encoding="utf-8")
    if args.write:
        README.write_text(splice(readme, part), encoding="utf-8")
    elif args.check:
        if splice(readme, part) != readme:
            sys.exit("README.md's performance figures differ from bench/results.json: run python bench/report.py --write")
    else:
        sys.stdout.write(part)


if __name__ == "__main__":
    main()
