"""Pre-compressed copies of the site's large text assets: beside ``assets/vendor/vega.js`` a
``vega.js.gz`` and a ``vega.js.br``, and so for the theme's and the site's scripts and stylesheets and
the search's scripts. A portal's web server that serves such copies when they are there (nginx
``gzip_static``/``brotli_static``, Apache ``mod_rewrite`` rules, most CDNs) sends a chart page's scripts at
about a third of their size without compressing them at every request; a server that does not simply
ignores them.

Only the assets are compressed: the open data keeps exactly the files its descriptors declare, and the
pages, many and small, are left to the server. The copies are the same bytes for the same file on any
machine (gzip without a name or a date, Brotli at its highest quality); Brotli at that quality takes a
second for the Vega bundle, so each copy is kept in the user's cache folder under the file's SHA-256.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from .. import usercache

FOLDERS = ("assets", "pagefind")  # of the site: the theme's and the site's assets, and the search's
TEXT = (".js", ".mjs", ".css", ".json", ".svg")
LARGE = 10 * 1024  # bytes; smaller files gain too little for two more files each


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_of(data: bytes) -> bytes:
    """The Brotli copy of ``data`` at quality 11, from the user's cache folder when it was made before."""
    import brotli

    cached = usercache.folder() / "brotli" / f"{hashlib.sha256(data).hexdigest()}-{brotli.version}.br"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    made = brotli.compress(data, quality=11)
    usercache.keep(cached, made)
    return made


def candidates(site: Path) -> list[Path]:
    """The files that get compressed copies: text assets of at least LARGE bytes."""
    return sorted(
        p for folder in FOLDERS if (site / folder).is_dir() for p in (site / folder).rglob("*")
        if p.is_file() and p.suffix in TEXT and p.stat().st_size >= LARGE
    )


def precompress(site: Path) -> list[Path]:
    """Write a ``.gz`` and a ``.br`` copy beside each of :func:`candidates`; returns the files compressed."""
    done = candidates(site)
    for path in done:
        data = path.read_bytes()
        path.with_name(path.name + ".gz").write_bytes(gzipped(data))
        path.with_name(path.name + ".br").write_bytes(brotli_of(data))
    return done
