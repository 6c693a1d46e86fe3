"""Benchmark: validation, page generation and full builds at province and national size, in one run.

Generates illustrative data of several sizes (``dti demo``), then measures each stage in a fresh child
process (time, and peak memory of that process and its children):

* validate + score a national-size dataset (12,700 communes, 700 districts, 25 departments × 5 years);
* the full build (validation, pages, MkDocs, search index) of the bundled demo province, of a large
  province (600 communes × 5 years) and of a national year (12,700 communes × 1 year);
* the build at N and 2N units (300 and 600 communes × 5 years): the ratio shows whether cost is linear;
* the same scorecards (one per unit and year, with its indicator table) as a plain mkdocs-material
  project builds them and as a bare Jinja loop renders them, against the generator's own rate.

Prints a table with each target marked PASS or FAIL and writes ``bench/results.json`` with the figures
and the machine they came from. Not a test; run it by hand:

    .venv/bin/python bench/run.py                 # full sizes (tens of minutes on 2 cores)
    .venv/bin/python bench/run.py --quick         # small sizes, a smoke run
    .venv/bin/python bench/run.py --only province scaling --work ../dti-bench

``python bench/report.py --write`` then puts the figures of ``bench/results.json`` into the README.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the generator of this checkout, not of another install

FIVE_YEARS = list(range(2020, 2025))

# Data sets: keyword arguments of generator.demo.write_demo (years None: the demo's own years).
FULL = {
    "province": {"communes": 64},
    "n": {"communes": 300, "years": FIVE_YEARS, "districts": 12},
    "large": {"communes": 600, "years": FIVE_YEARS, "districts": 24},
    "national5": {"communes": 12700, "years": FIVE_YEARS, "departments": 25, "districts": 700},
    "national1": {"communes": 12700, "years": [2024], "departments": 25, "districts": 700},
}
QUICK = {
    "province": {"communes": 64},
    "n": {"communes": 64, "years": FIVE_YEARS, "districts": 6},
    "large": {"communes": 128, "years": FIVE_YEARS, "districts": 12},
    "national5": {"communes": 1000, "years": FIVE_YEARS, "departments": 25, "districts": 55},
    "national1": {"communes": 1000, "years": [2024], "departments": 25, "districts": 55},
}

# Measurements, in the order they run: (name, child kind, data set, what it is).
TASKS = [
    ("build-province", "build", "province", "Build, province (bundled demo)"),
    ("build-n", "build", "n", "Build, N"),
    ("build-large", "build", "large", "Build, large province = 2N"),
    ("pages-n", "pages", "n", "Generator page generation at N"),
    ("jinja-n", "jinja", "n", "Bare Jinja at N"),
    ("mkdocs-n", "mkdocs", "n", "Plain mkdocs-material at N"),
    ("validate-national", "validate", "national5", "Validate + score, national"),
    ("build-national", "build", "national1", "Build, national year"),
]
STAGES = {
    "province": ["build-province"],
    "large": ["build-large"],
    "scaling": ["build-n", "build-large"],
    "baselines": ["build-n", "pages-n", "jinja-n", "mkdocs-n"],
    "national-validate": ["validate-national"],
    "national-build": ["build-national"],
}
METHOD = (
    "Each measurement runs in a fresh child process. Times: total_seconds from the child's start "
    "(imports included, as the command would take; used for the targets), seconds for the measured call alone, "
    "cpu_seconds of the child and its children. peak_mb: the most the child and its children held at once "
    "(proportional set size, sampled every 0.2 s), and at least the largest max RSS getrusage reports for them."
)
TARGET_KB = 100  # largest scorecard page, kB (1 kB = 1,000 bytes)


# --------------------------------------------------------------------------------------------------
# The scorecards as plain tables: what the baselines render


COLUMNS = ("Mã", "Chỉ số", "Tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm chưa đạt", "Trung vị", "Ý kiến thẩm định")
ALIGN = ("---", "---", "---:", "---:", "---:", "---:", "---:", "---")


@dataclass(frozen=True)
class Card:
    """One unit's scorecard of one year, reduced to its indicator table (cells as published text)."""

    path: str  # the generator's source path, e.g. don-vi/<unit>/<year>.md
    title: str
    rows: tuple[tuple[str, ...], ...]  # one per indicator of the unit's framework, cells as COLUMNS


def scorecard_tables(dataset, peers) -> list[Card]:
    """Every scorecard of the dataset as a table: one row per indicator, the same figures the site shows."""
    from generator.numeric import compact_vi, vi_number
    from generator.pages import paths

    cards = []
    for (year, _), p in sorted(peers.items()):
        if dataset.editions[year].summary:  # a year entered from its printed totals has no indicator rows
            continue
        indicators = list(p.framework.walk())
        for r in p.results:
            rows = []
            for ind in indicators:
                i = r.indicators[ind.id]
                if i.evaluated:
                    figures = (vi_number(i.self_score), vi_number(i.score), vi_number(i.lost), vi_number(p.indicator_median[ind.id]))
                else:
                    figures = ("Không đánh giá", "", "", "")
                rows.append((ind.id, ind.name, compact_vi(i.max_points), *figures, i.note))
            cards.append(Card(paths.scorecard(r.unit.id, year), f"{r.unit.name} — năm {year}", tuple(rows)))
    return cards


def _md_cell(text: str) -> str:
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def markdown_page(card: Card) -> str:
    """A scorecard as a hand-made MkDocs page: a heading and the indicator table in Markdown."""
    lines = [f"# {_md_cell(card.title)}", "", "| " + " | ".join(COLUMNS) + " |", "|" + "|".join(ALIGN) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in card.rows]
    return "\n".join(lines) + "\n"


JINJA_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ card.title }}</title></head>
<body><h1>{{ card.title }}</h1>
<table>
<thead><tr>{% for c in columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in card.rows %}<tr><td>{{ row[0] }}</td><th scope="row">{{ row[1] }}</th>{% for c in row[2:] %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table></body></html>
"""

PLAIN_MKDOCS = "site_name: Scorecards\ntheme:\n  name: material\n"  # theme defaults: search, full navigation


def write_plain_project(cards: list[Card], folder: Path) -> None:
    """A plain mkdocs-material project with one Markdown page per scorecard."""
    docs = folder / "docs"
    for card in cards:
        target = docs / card.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown_page(card), encoding="utf-8")
    (docs / "index.md").write_text("# Scorecards\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Child processes: one measurement each


def _validated(data: Path):
    from generator.validate import validate

    dataset, report = validate(data)
    if not report.ok:
        raise SystemExit("invalid data: " + "; ".join(str(i) for i in report.errors[:5]))
    return dataset


def _tree_size(folder: Path) -> int:
    """The bytes of the files in ``folder``, without the build's marker (a record of the build, not a page)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != ".dti-site")


def child_gen(spec: dict) -> dict:
    from generator.demo import write_demo

    data = Path(spec["data"])
    args = {k: v for k, v in spec["params"].items() if v is not None}
    if "years" in args:
        args["years"] = tuple(args["years"])
    start = time.perf_counter()
    written = write_demo(data, ROOT / "data" / "frameworks", past=False, **args)  # every year at indicator level
    seconds = time.perf_counter() - start
    per_year = {f.name: sum(1 for _ in open(f / "units.csv", encoding="utf-8")) - 1 for f in written}
    return {"seconds": seconds, "units_per_year": per_year, "unit_years": sum(per_year.values()), "bytes": _tree_size(data)}


def child_validate(spec: dict) -> dict:
    """What ``dti validate`` does: read, check and score every unit of every year, keeping the report."""
    from generator.validate import _workers, validate
    from generator.load import year_folders
    from generator.errors import Report

    data = Path(spec["data"])
    start = time.perf_counter()
    dataset, report = validate(data, report_only=True)
    seconds = time.perf_counter() - start
    if not report.ok:
        raise SystemExit("invalid data: " + "; ".join(str(i) for i in report.errors[:5]))
    scored = sum(len(e.units) for e in dataset.editions.values())
    return {"seconds": seconds, "scored_units": scored, "workers": _workers(year_folders(data, Report()), None)}


ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|meta name="dti-vega" content)="([^"]+)"')


def page_transfer(site: Path, page: Path) -> dict:
    """What a reader's browser receives for ``page`` and what it loads (stylesheets, scripts, and on a
    chart page the Vega bundle): bytes as stored, and as sent by a server that sends a file's
    pre-compressed copy (``.gz``, ``.br``) where the site has one and compresses the rest as it sends them
    (gzip at level 6, Brotli at quality 5, usual on-the-fly settings)."""
    import gzip

    import brotli

    html = page.read_text(encoding="utf-8")
    files = [page] + sorted({(page.parent / href).resolve() for href in ASSET.findall(html) if not href.startswith(("http:", "https:", "//"))})
    out = {"files": len(files), "raw": 0, "gzip": 0, "brotli": 0}
    for path in files:
        data = path.read_bytes()
        out["raw"] += len(data)
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        out["gzip"] += gz.stat().st_size if gz.is_file() else len(gzip.compress(data, 6, mtime=0))
        out["brotli"] += br.stat().st_size if br.is_file() else len(brotli.compress(data, quality=5))
    return out


def child_build(spec: dict) -> dict:
    from generator.build import build_site

    data, site = Path(spec["data"]), Path(spec["site"])
    start = time.perf_counter()
    report = build_site(data, site, ROOT / "mkdocs.yml")
    seconds = time.perf_counter() - start
    if not report.ok:
        raise SystemExit("build failed: " + "; ".join(str(i) for i in report.errors[:5]))
    scorecards = sorted((site / "don-vi").glob("*/*/index.html"))
    largest = max(scorecards, key=lambda p: p.stat().st_size)
    pagefind = site / "pagefind"
    out = {
        "seconds": seconds,
        "html_pages": sum(1 for _ in site.rglob("*.html")),
        "scorecards": len(scorecards),
        "largest_scorecard_bytes": largest.stat().st_size,
        "largest_scorecard": largest.relative_to(site).as_posix(),
        "site_bytes": _tree_size(site),
        "chart_page_transfer": page_transfer(site, largest),  # the largest scorecard, a chart page
        "search": {
            "index_chunks": sum(1 for p in (pagefind / "index").glob("*") if p.is_file()),
            "fragments": sum(1 for p in (pagefind / "fragment").glob("*") if p.is_file()),
            "bytes": _tree_size(pagefind),
        },
    }
    out["search"]["chunked"] = out["search"]["index_chunks"] > 1
    if not spec.get("keep"):
        shutil.rmtree(site)
    return out


def child_pages(spec: dict) -> dict:
    """The generator's page generation alone (no MkDocs, no files): scorecards, then every page, each
    body rendered (a build renders the scorecards' and indicators' bodies only when it writes them)."""
    from generator.pages import site_content, units
    from generator.pages.views import build_peers

    dataset = _validated(Path(spec["data"]))
    start = time.perf_counter()
    scorecards = [p.html for p in units.pages(dataset, build_peers(dataset)) if p.path.startswith("don-vi/")]
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    pages, _ = site_content(dataset)
    html_bytes = sum(len(page.html) for page in pages)
    all_seconds = time.perf_counter() - start
    return {"seconds": seconds, "scorecards": len(scorecards), "all_pages": len(pages), "all_pages_seconds": all_seconds, "all_pages_characters": html_bytes}


def child_jinja(spec: dict) -> dict:
    """The floor: the same tables through a minimal Jinja template, one file per scorecard. Also writes
    the plain mkdocs-material project the next child builds."""
    from jinja2 import Environment

    from generator.pages import paths
    from generator.pages.views import build_peers

    dataset = _validated(Path(spec["data"]))
    start = time.perf_counter()
    cards = scorecard_tables(dataset, build_peers(dataset))
    table_seconds = time.perf_counter() - start
    out = Path(spec["out"])
    start = time.perf_counter()
    template = Environment(autoescape=True).from_string(JINJA_PAGE)
    for card in cards:
        target = out / paths.url_of(card.path) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(card=card, columns=COLUMNS), encoding="utf-8")
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    write_plain_project(cards, Path(spec["plain"]))
    return {"seconds": seconds, "scorecards": len(cards), "table_seconds": table_seconds, "rows": sum(len(c.rows) for c in cards)}


def child_mkdocs(spec: dict) -> dict:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    project = Path(spec["plain"])
    site = project / "site"
    start = time.perf_counter()
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    seconds = time.perf_counter() - start
    scorecards = sorted((site / "don-vi").glob("*/*/index.html"))
    out = {
        "seconds": seconds,
        "scorecards": len(scorecards),
        "largest_scorecard_bytes": max(p.stat().st_size for p in scorecards),
        "search_index_bytes": (site / "search" / "search_index.json").stat().st_size,
    }
    if not spec.get("keep"):
        shutil.rmtree(project)
    return out


CHILDREN = {"gen": child_gen, "validate": child_validate, "build": child_build, "pages": child_pages, "jinja": child_jinja, "mkdocs": child_mkdocs}


def child_main(kind: str, spec: dict, result: Path) -> None:
    started = time.perf_counter()
    out = CHILDREN[kind](spec)
    out["total_seconds"] = time.perf_counter() - started  # with imports: what the command would take
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out["cpu_seconds"] = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    out["maxrss_self_mb"] = own.ru_maxrss / 1024
    out["maxrss_children_mb"] = children.ru_maxrss / 1024
    result.write_text(json.dumps(out), encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# The parent: runs children with a time limit and watches their memory


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between the processes sharing them), else RSS."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


class Watch(threading.Thread):
    """Samples the memory of a process and its children; stops the process above ``cap_mb``."""

    def __init__(self, proc: subprocess.Popen, cap_mb: float, every: float = 0.2):
        super().__init__(daemon=True)
        self.proc, self.cap_mb, self.every = proc, cap_mb, every
        self.peak_mb = 0.0
        self.capped = False

    def run(self) -> None:
        while self.proc.poll() is None:
            total = sum(_memory_kb(p) for p in _descendants(self.proc.pid)) / 1024
            self.peak_mb = max(self.peak_mb, total)
            if self.cap_mb and total > self.cap_mb:
                self.capped = True
                _kill(self.proc)
                return
            time.sleep(self.every)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the child leads its own process group
    except ProcessLookupError:
        pass


def run_child(kind: str, spec: dict, name: str, logs: Path, timeout: float, cap_mb: float) -> dict:
    """Run one child; its figures, plus ``status`` (ok, timeout, memory-cap, killed, failed), its wall
    time and its peak memory."""
    result = logs / f"{name}.json"
    result.unlink(missing_ok=True)
    log = logs / f"{name}.log"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--spec", json.dumps(spec), "--result", str(result)]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
        watch = Watch(proc, cap_mb)
        watch.start()
        try:
            proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.wait()
            timed_out = True
        except BaseException:
            _kill(proc)
            proc.wait()
            raise
        watch.join()
    wall = time.perf_counter() - start
    figures = json.loads(result.read_text(encoding="utf-8")) if proc.returncode == 0 and result.is_file() else {}
    rss = max(figures.get("maxrss_self_mb", 0), figures.get("maxrss_children_mb", 0))
    record = {"status": "ok", "wall_seconds": round(wall, 2), "peak_mb": round(max(watch.peak_mb, rss), 1), **figures}
    record["load_average_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]  # before and after
    if timed_out:
        record["status"] = "timeout"
        record["note"] = f"stopped after the {timeout:.0f} s time limit"
    elif watch.capped:
        record["status"] = "memory-cap"
        record["note"] = f"stopped when its processes held more than {cap_mb:.0f} MB"
    elif proc.returncode == -signal.SIGKILL:
        record["status"] = "killed"
        record["note"] = "killed by SIGKILL (most likely out of memory)"
    elif proc.returncode != 0 or not figures:
        record["status"] = "failed"
        tail = " | ".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:])
        record["note"] = tail.replace(str(logs.parent), "<work>").replace(str(ROOT), ".")
    return record


# --------------------------------------------------------------------------------------------------
# Reporting


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines() if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal:")), 0)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {n: ver(n) for n in ("mkdocs", "mkdocs-material", "jinja2", "pagefind")},
    }


def run_info(mode: str, stages: list[str]) -> dict:
    """When and from which commit one run measured which stages."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = "", False
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": commit + ("+uncommitted changes" if dirty else ""),
        "mode": mode,
        "stages": stages,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def describe(params: dict) -> str:
    years = params.get("years")
    span = "2022–2025" if years is None else (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]))
    count = 4 if years is None else len(years)
    extra = [f"{params[k]} {k}" for k in ("districts", "departments") if params.get(k)]
    return f"{params['communes']:,} communes{' (' + ', '.join(extra) + ')' if extra else ''} × {count} year{'s' if count > 1 else ''} ({span})"


def _ok(results: dict, name: str) -> dict | None:
    r = results["measurements"].get(name)
    return r if r and r.get("status") == "ok" else None


def derived(results: dict) -> dict:
    """Ratios and rates computed from the measurements."""
    out = {}
    n, large = _ok(results, "build-n"), _ok(results, "build-large")
    if n and large:
        units_ratio = results["data"]["large"]["unit_years"] / results["data"]["n"]["unit_years"]  # both generated
        out["scaling"] = {
            "n_seconds": round(n["seconds"], 2), "2n_seconds": round(large["seconds"], 2),
            "ratio": round(large["seconds"] / n["seconds"], 3), "unit_years_ratio": round(units_ratio, 3),
            "cpu_ratio": round(large["cpu_seconds"] / n["cpu_seconds"], 3),
            "note": "ratio: of build_site times (without interpreter start and imports); cpu_ratio: of the CPU time of the whole child, which a busy machine does not inflate",
        }
    rates = {}
    if n:
        rates["generator_full_build"] = n["scorecards"] / n["seconds"]
    for name, key in (("pages-n", "generator_page_generation"), ("jinja-n", "bare_jinja"), ("mkdocs-n", "plain_mkdocs_material")):
        if r := _ok(results, name):
            rates[key] = r["scorecards"] / r["seconds"]
    if rates:
        out["scorecards_per_second"] = {k: round(v, 1) for k, v in rates.items()}
        if "plain_mkdocs_material" in rates:
            base = rates["plain_mkdocs_material"]
            out["times_plain_mkdocs_material"] = {k: round(v / base, 2) for k, v in rates.items() if k != "plain_mkdocs_material"}
    return out


def targets(results: dict) -> list[dict]:
    """Each target with its figure and PASS (True), FAIL (False) or unknown (None). A stage stopped at its
    time or memory limit still fails a target its time or memory so far already exceeds."""
    m, d = results["measurements"], results.get("derived", {})
    stopped = {"timeout": "wall_seconds", "memory-cap": "peak_mb"}

    def fig(name, key):
        """(value, status, whether the value is only a lower bound)"""
        r = m.get(name)
        if not r:
            return None, "not run", False
        if r["status"] == "ok":
            return r[key], "ok", False
        if r["status"] in stopped and (key == "peak_mb" or stopped[r["status"]] == "wall_seconds"):
            return r.get("wall_seconds" if key.endswith("seconds") else key), r["status"], True
        return None, r["status"], False

    rows = []

    def add(what, found, limit, unit, at_most=True):
        value, status, lower_bound = found
        if value is None:
            passed = None
        elif lower_bound:
            passed = False if value > limit else None
        else:
            passed = value <= limit if at_most else value >= limit
        rows.append({"target": what, "limit": limit, "unit": unit, "value": None if value is None else round(value, 2),
                     "at_least": lower_bound, "status": status, "pass": passed})

    add("demo build ≤ 6 s", fig("build-province", "total_seconds"), 6, "s")
    add("large province build ≤ 60 s", fig("build-large", "total_seconds"), 60, "s")
    add("national year build ≤ 180 s", fig("build-national", "total_seconds"), 180, "s")
    add("national year build peak memory ≤ 2 GB", fig("build-national", "peak_mb"), 2048, "MB")
    add("validate + score, national × 5 years ≤ 60 s", fig("validate-national", "total_seconds"), 60, "s")
    ratio = d.get("scaling", {}).get("ratio")
    add("build time 2N / N ≤ 2.1", (ratio, "ok" if ratio else "not run", False), 2.1, "×")
    times = d.get("times_plain_mkdocs_material", {}).get("generator_full_build")
    add("scorecards/s (full build) ≥ 3 × plain mkdocs-material", (times, "ok" if times else "not run", False), 3, "×", at_most=False)
    size, status, _ = fig("build-province", "largest_scorecard_bytes")
    add(f"largest scorecard HTML (demo) ≤ {TARGET_KB} kB", (None if size is None else size / 1000, status, False), TARGET_KB, "kB")
    return rows


def _num(value, places: int = 1) -> str:
    return "–" if value is None else f"{value:,.{places}f}"


def print_report(results: dict) -> None:
    m, data = results["measurements"], results["data"]
    rows = []
    for name, kind, key, label in TASKS:
        r = m.get(name)
        if not r:
            continue
        ok = r["status"] == "ok"
        time_s = r.get("total_seconds") if kind in ("build", "validate") else r.get("seconds")
        rows.append((label, data.get(key, {}).get("description", ""), _num(data.get(key, {}).get("unit_years"), 0), _num(r.get("scorecards"), 0),
                     _num(time_s) if ok else f"{r['status'].upper()} > {r['wall_seconds']:.0f}" if r["status"] in ("timeout", "memory-cap") else r["status"].upper(),
                     _num(r.get("cpu_seconds")) if kind in ("build", "validate") else "",
                     _num(r.get("peak_mb"), 0) if ok else f"> {r['peak_mb']:,.0f}" if r.get("peak_mb") else "–"))
    head = ("Stage", "Data", "Unit-years", "Scorecards", "Time s", "CPU s", "Peak MB")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    print()
    for row in [head, *rows]:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    builds = [(label, m[name]) for name, kind, _, label in TASKS if kind == "build" and m.get(name, {}).get("status") == "ok"]
    if builds:
        print("\nSites:")
        for label, r in builds:
            s = r["search"]
            print(f"  {label:<34} {r['html_pages']:>6,} HTML pages, {r['site_bytes'] / 1e6:>7.1f} MB; largest scorecard {r['largest_scorecard_bytes']:>7,} bytes; "
                  f"search index: {s['index_chunks']:,} index chunk{'s' if s['index_chunks'] != 1 else ''}, {s['fragments']:,} fragments")
    d = results.get("derived", {})
    if s := d.get("scaling"):
        print(f"\nBuild N → 2N: {s['n_seconds']} s → {s['2n_seconds']} s, ratio {s['ratio']}; CPU time ratio {s['cpu_ratio']} (unit-years × {s['unit_years_ratio']})")
    if rates := d.get("scorecards_per_second"):
        times = d.get("times_plain_mkdocs_material", {})
        print(f"\nScorecards per second at N ({data.get('n', {}).get('description', '')}):")
        for key, label in (
            ("plain_mkdocs_material", "plain mkdocs-material (mkdocs build)"),
            ("generator_full_build", "generator, full build"),
            ("generator_page_generation", "generator, page generation only"),
            ("bare_jinja", "bare Jinja (table only)"),
        ):
            if key in rates:
                extra = f"  ({times[key]} × plain mkdocs-material)" if key in times else ""
                print(f"  {label:<38} {rates[key]:>8.1f}{extra}")
    if len(results["runs"]) > 1:
        print("\nRuns:")
        for i, run in enumerate(results["runs"], 1):
            commit = run["git_commit"][:12] + (" with uncommitted changes" if "+" in run["git_commit"] else "")
            print(f"  {i}. {run['date']} at {commit}: {', '.join(run['stages'])}")
    print("\nTargets" + (" (set for the full sizes; this was a --quick run):" if results["mode"] == "quick" else ":"))
    for t in results["targets"]:
        verdict = {True: "PASS", False: "FAIL", None: t["status"].upper()}[t["pass"]]
        if t["pass"] is False and t["status"] != "ok":
            verdict += f" ({t['status']})"
        shown = ("> " if t.get("at_least") else "") + _num(t["value"], 2)
        print(f"  {t['target']:<56} {shown:>10} {t['unit']:<3} {verdict}")


# --------------------------------------------------------------------------------------------------


def stamp() -> str:
    return datetime.datetime.now().strftime("%H:%M:%S")


def _make_data(key: str, params: dict, work: Path, logs: Path, args, cap: float, results: dict) -> None:
    """Generate one data set (or reuse the one the work folder holds, made by the same generator)."""
    folder = work / "data" / key
    marker = folder / ".bench-complete.json"
    described = describe(params)
    made_by = hashlib.sha256((ROOT / "generator" / "demo.py").read_bytes()).hexdigest()[:12]
    if marker.is_file() and {k: v for k, v in json.loads(marker.read_text()).items() if k in ("params", "generator")} == {"params": params, "generator": made_by}:
        info = json.loads(marker.read_text())
    else:
        shutil.rmtree(folder, ignore_errors=True)
        gen = run_child("gen", {"data": str(folder), "params": params}, f"gen-{key}", logs, args.gen_timeout, cap)
        if gen["status"] != "ok":
            info = {"params": params, "status": gen["status"], "note": gen.get("note", "")}
            print(f"[{stamp()}] data {key}: {described}: generation {gen['status']} ({info['note']})", flush=True)
            results["data"][key] = {"description": described, **info}
            return
        info = {"params": params, "generator": made_by, "status": "ok", "unit_years": gen["unit_years"], "units_per_year": gen["units_per_year"],
                "bytes": gen["bytes"], "generation_seconds": round(gen["seconds"], 1)}
        marker.write_text(json.dumps(info), encoding="utf-8")
    results["data"][key] = {"description": described, **info}
    print(f"[{stamp()}] data {key}: {described}: {info['unit_years']:,} unit-years, {info['bytes'] / 1e6:.1f} MB", flush=True)


def _measure(task: tuple, work: Path, logs: Path, args, cap: float, results: dict, run: dict, number: int) -> None:
    """Run one measured stage in a child process and record what it gave."""
    name, kind, key, label = task
    if results["data"][key].get("status") != "ok":
        results["measurements"][name] = {"status": "skipped", "note": "its data could not be generated", "run": number}
        return
    spec = {"data": str(work / "data" / key), "site": str(work / "sites" / name), "keep": bool(args.work),
            "out": str(work / "jinja" / key), "plain": str(work / "plain" / key)}
    if kind == "mkdocs" and results["measurements"].get("jinja-n", {}).get("status") != "ok":
        results["measurements"][name] = {"status": "skipped", "note": "the plain project is written by the Jinja stage", "run": number}
        return
    r = run_child(kind, spec, name, logs, args.timeout, cap)
    if (before := results["measurements"].get(name)) is not None:
        run.setdefault("replaced", {})[name] = {k: before[k] for k in ("run", "status", "note") if k in before}
    results["measurements"][name] = {**r, "run": number}
    if r["status"] == "ok":
        shown = r["total_seconds"] if kind in ("build", "validate") else r["seconds"]
        extra = f", {r['scorecards']:,} scorecards" if "scorecards" in r else ""
        print(f"[{stamp()}] {label}: {shown:.1f} s, peak {r['peak_mb']:,.0f} MB{extra}", flush=True)
    else:
        print(f"[{stamp()}] {label}: {r['status']} ({r.get('note', '')})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (64/128 communes, 1,000 for national), a smoke run")
    parser.add_argument("--only", nargs="+", choices=sorted(STAGES), metavar="STAGE", help=f"run these stages only: {', '.join(STAGES)}")
    parser.add_argument("--work", type=Path, help="keep generated data and sites in this folder (reused by the next run)")
    parser.add_argument("--out", type=Path, help="results file (default bench/results.json; results-quick.json for --quick, results-partial.json for --only)")
    parser.add_argument("--update", action="store_true", help="update the results file: replace the stages run now, keep the others (the file lists each run)")
    parser.add_argument("--report", action="store_true", help="only recompute the derived figures and targets of the results file, and print its table")
    parser.add_argument("--timeout", type=float, default=900, help="time limit of each measured stage, seconds (default 900)")
    parser.add_argument("--gen-timeout", type=float, default=2400, help="time limit of generating one data set, seconds (default 2400)")
    parser.add_argument("--memory-cap", type=float, help="stop a stage whose processes hold more than this many MB (default 3/4 of the memory available at start)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child, json.loads(args.spec), args.result)
        return

    sizes = QUICK if args.quick else FULL
    wanted = {t for stage in (args.only or STAGES) for t in STAGES[stage]}
    tasks = [t for t in TASKS if t[0] in wanted]
    mode = "quick" if args.quick else "full"
    out_file = args.out or ROOT / "bench" / ("results-quick.json" if args.quick else "results-partial.json" if args.only and not args.update else "results.json")
    if args.report:
        results = json.loads(out_file.read_text(encoding="utf-8"))
        results["derived"] = derived(results)
        results["targets"] = targets(results)
        out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print_report(results)
        return
    available = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemAvailable:")), 0) / 1024
    cap = args.memory_cap if args.memory_cap is not None else available * 0.75
    run = run_info(mode, sorted(args.only or STAGES))
    run["limits"] = {"timeout_seconds": args.timeout, "memory_cap_mb": round(cap)}
    if args.update and out_file.is_file():
        results = json.loads(out_file.read_text(encoding="utf-8"))
        if results["mode"] != mode:
            raise SystemExit(f"{out_file.name} holds a {results['mode']} run; it cannot be updated by a {mode} run")
    else:
        results = {"mode": mode, "machine": {}, "method": METHOD, "runs": [], "data": {}, "measurements": {}}
    results["machine"] = machine()
    results["runs"].append(run)
    number = len(results["runs"])  # measurements name the run they come from, 1 first

    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="dti-bench-"))
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"Work folder: {work}")

    try:
        for key in sorted({t[2] for t in tasks}, key=list(sizes).index):
            _make_data(key, sizes[key], work, logs, args, cap, results)
        for task in tasks:
            _measure(task, work, logs, args, cap, results, run, number)
    finally:
        run["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        results["derived"] = derived(results)
        results["targets"] = targets(results)
        out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print_report(results)
    try:
        shown = out_file.relative_to(ROOT)
    except ValueError:
        shown = out_file
    print(f"\nWrote {shown}")


if __name__ == "__main__":
    main()
