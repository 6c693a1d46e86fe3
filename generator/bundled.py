"""What the installed package carries for every province's site: the theme overrides, the stylesheet and
page script, and the index sets shipped with the tool.

A built package holds them in ``generator/bundled/`` (copied there by ``setup.py``); a checkout of the
repository (and an editable install) reads them where the repository keeps them, ``theme/``,
``content/assets/`` and ``data/frameworks/``. A province's folder never holds a copy of the theme.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_IN_REPOSITORY = {"theme": PACKAGE.parent / "theme", "assets": PACKAGE.parent / "content" / "assets", "frameworks": PACKAGE.parent / "data" / "frameworks"}
SITE_ASSETS = ("dti.css", "dti.js")  # every page loads these


def folder(name: str) -> Path:
    """The folder of ``theme``, ``assets`` or ``frameworks`` this installation carries."""
    inside = PACKAGE / "bundled" / name
    return inside if inside.is_dir() else _IN_REPOSITORY[name]


def theme_dir() -> Path:
    return folder("theme")


def asset(name: str) -> bytes:
    """One of :data:`SITE_ASSETS`, as the package carries it."""
    return (folder("assets") / name).read_bytes()


def shipped_frameworks() -> dict[str, Path]:
    """The index sets shipped with the tool, by id."""
    root = folder("frameworks")
    return {p.name: p for p in sorted(root.iterdir()) if (p / "datapackage.json").is_file()} if root.is_dir() else {}
