"""What a province's ``mkdocs.yml`` may leave out, supplied by the generator.

A province writes only what is its own (the site's name, its portal's address, the secretariat's contact,
the licence, a logo); everything that makes the site this site comes with the installed package: the
theme overrides and Material's settings, the Markdown extensions the pages use, the stylesheet and page
script, and the navigation. A setting the province does write wins; the theme overrides the province
adds (``custom_dir``) come before the package's, which come before Material's.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.structure.files import File

from .. import bundled

THEME = {
    "language": "vi",
    "font": False,
    "features": ["navigation.tabs", "navigation.indexes", "navigation.top"],
    "palette": {"primary": "indigo", "accent": "indigo"},
}
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}
COPYRIGHT = "Kết quả đánh giá Chỉ số chuyển đổi số — dữ liệu mở theo giấy phép CC BY 4.0"
NAV = [
    {"Trang chủ": "index.md"},
    {"Xếp hạng": "dti:rankings"},
    {"Bộ chỉ số": "dti:frameworks"},
    {"So sánh": "so-sanh.md"},
    {"Dữ liệu mở": "du-lieu-mo.md"},
    {"Đính chính": "dti:errata"},
    {"Giới thiệu": ["gioi-thieu.md", {"Giải thích thuật ngữ": "dti:glossary"}]},
    {"Tìm kiếm": "tim-kiem.md"},
]


class _Written(yaml.SafeLoader):
    """Reads what a configuration file says, without building anything: MkDocs' own tags are read as text."""


_Written.add_constructor("!ENV", lambda loader, node: None)
_Written.add_constructor("!relative", lambda loader, node: None)


def written(config_file: str | None) -> dict:
    """The settings a configuration file writes itself (not those the engine supplies)."""
    if not config_file:
        return {}
    try:
        data = yaml.load(Path(config_file).read_text(encoding="utf-8-sig"), Loader=_Written)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def complete(config) -> None:
    """Fill in what the province's configuration leaves out (see the module's text)."""
    own = written(config.config_file_path)
    own_theme = own.get("theme") if isinstance(own.get("theme"), dict) else {}
    theme = config.theme
    package_theme = str(bundled.theme_dir())
    if package_theme not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, package_theme)
    for key, value in THEME.items():
        if key not in own_theme:
            theme[key] = value
    if "markdown_extensions" not in own:
        config.markdown_extensions = list(EXTENSIONS)
        config.mdx_configs = dict(EXTENSION_CONFIGS)
    for key, asset in (("extra_css", "assets/dti.css"), ("extra_javascript", "assets/dti.js")):
        listed = [str(x) for x in config[key]]
        if asset not in listed:
            config[key].append(asset)
    if "generator" not in (own.get("extra") or {}):
        config.extra["generator"] = False
    if not config.copyright:
        config.copyright = COPYRIGHT
    if not own.get("nav"):
        config.nav = [kept for entry in NAV if (kept := _present(entry, config))]


def _present(entry: dict, config) -> dict | None:
    """A default navigation entry, with a hand-written page only when the province's pages hold it (a
    section without its first page keeps the rest: the glossary without an introduction page)."""
    [(title, target)] = entry.items()
    if isinstance(target, list):
        kept = [item for item in target if (item if isinstance(item, dict) else _present({title: item}, config))]
        if kept and isinstance(kept[0], str):
            return {title: kept}
        return kept[0] if len(kept) == 1 else ({title: kept} if kept else None)
    if target.startswith("dti:") or target in ("index.md", "so-sanh.md", "du-lieu-mo.md", "tim-kiem.md"):
        return entry
    return entry if (Path(config.docs_dir) / target).is_file() else None


def add_assets(files, config) -> None:
    """The stylesheet and page script every page loads, from the package when the province's pages do not
    hold their own."""
    for name in bundled.SITE_ASSETS:
        if files.get_file_from_path(f"assets/{name}") is None:
            files.append(File.generated(config, f"assets/{name}", content=bundled.asset(name)))
