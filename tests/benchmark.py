"""Benchmark: how validation, page generation and the full site build scale with the number of units.

Generates illustrative provinces of several sizes (three years each) and times every stage, taking the
median of several runs. Not part of the test suite; run it by hand:

    .venv/bin/python tests/benchmark.py --communes 64 250 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, nargs="+", default=[64, 250])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from generator.build import build_site
    from generator.demo import write_demo
    from generator.pages import site_content
    from generator.validate import validate

    print(f"{'communes':>8} {'units':>6} {'pages':>6} {'validate s':>11} {'pages s':>8} {'build s':>8} {'pages/s':>8}")
    for communes in args.communes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            write_demo(data, ROOT / "data" / "frameworks", communes=communes)
            t_validate, (dataset, report) = timed(lambda: validate(data), args.repeat)
            assert report.ok, [str(i) for i in report.errors][:5]
            t_pages, (pages, _) = timed(lambda: site_content(dataset), args.repeat)
            t_build, _ = timed(lambda: build_site(data, Path(tmp) / "site", ROOT / "mkdocs.yml"), args.repeat)
            units = sum(len(e.units) for e in dataset.editions.values())
            print(f"{communes:>8} {units:>6} {len(pages):>6} {t_validate:>11.2f} {t_pages:>8.2f} {t_build:>8.2f} {len(pages) / t_build:>8.1f}")


if __name__ == "__main__":
    main()
