"""The user's cache folder (``$XDG_CACHE_HOME/dti``, else ``~/.cache/dti``): what a build makes the same way
every time and is slow to make (the Vega bundle, the chart kinds) is kept there between builds. Nothing
depends on it: without a writable folder the things are made anew."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dti"


def keep(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` whole and swap it in, so a reader never sees half of it; a
    folder that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        binary = isinstance(text, bytes)
        with tempfile.NamedTemporaryFile("wb" if binary else "w", encoding=None if binary else "utf-8", dir=path.parent, delete=False, suffix=".tmp") as out:
            out.write(text)
        os.replace(out.name, path)
    except OSError:
        pass
