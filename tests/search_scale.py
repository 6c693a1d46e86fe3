"""Search at the scale of a national year: the size of the index and of what a query fetches.

Indexes 12,700 commune records shaped like the search module's (random names from Vietnamese syllables,
700 districts) with the demo's indicator, index-set and ranking records, then reports the index: the
browser fetches only the word chunks that hold the typed words and one fragment per result it shows.
Not part of the test suite; run it by hand:

    .venv/bin/python tests/search_scale.py --units 12700
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = (
    "An Bình Châu Đông Đức Điền Hòa Hưng Khánh Kim Lạc Lâm Liên Long Lợi Minh Mỹ Nam Nghĩa Ngọc Phong Phú Phước "
    "Quang Sơn Tân Tây Thạnh Thành Thịnh Thọ Thuận Tiến Trung Vinh Vĩnh Xuân Yên Hải Hà Bắc Cường Hiệp Gia Lộc"
).split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=12700)
    parser.add_argument("--districts", type=int, default=700)
    args = parser.parse_args()

    from generator.pages import search
    from generator.validate import validate

    dataset, report = validate(ROOT / "data")
    assert report.ok
    rnd = random.Random(1)
    records = [r for r in search.records(dataset) if r.kind != search.UNIT]
    districts = [f"Huyện {rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}" for _ in range(args.districts)]
    for i in range(args.units):
        name = f"{rnd.choice(['Xã', 'Phường', 'Thị trấn'])} {rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}"
        district = rnd.choice(districts)
        words = search.weighted_words((name, search.NAME), (district, search.PLACE), ("xã, phường, thị trấn", search.OTHER))
        show = {"year": 2025, "type": "Cấp xã", "rank": i + 1, "ranked": args.units, "percent": "80,00\u00a0%", "district": [district]}
        records.append(search.SearchRecord(f"don-vi/xa-{i}/2025.md", search.UNIT, name, words, show))
    with tempfile.TemporaryDirectory() as tmp:
        source, bundle = Path(tmp) / "source", Path(tmp) / "pagefind"
        for r in records:
            target = source / r.index_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(search.document(r), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle), "--force-language", "vi", "--silent"], check=True)
        sizes = {p.relative_to(bundle).as_posix(): p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
    chunks = [n for f, n in sizes.items() if f.startswith("index/")]
    fragments = [n for f, n in sizes.items() if f.startswith("fragment/")]
    once = sum(n for f, n in sizes.items() if f in ("pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind") or f.endswith(".pf_meta"))
    print(f"records {len(records)}, index {sum(sizes.values()) / 1e6:.1f} MB")
    print(f"fetched once by the search page: {once / 1e3:.0f} kB (code, wasm, the table of chunks)")
    print(f"word chunks: {len(chunks)}, largest {max(chunks) / 1e3:.0f} kB (a query fetches those holding its words)")
    print(f"fragments: {len(fragments)}, mean {sum(fragments) / len(fragments):.0f} bytes (one per result shown)")


if __name__ == "__main__":
    main()
