"""What the site takes from the theme: its files less Material's built-in search (lunr and its worker,
~1.2 MB; the site searches with Pagefind) and the source maps of its scripts and stylesheets (~1.3 MB);
and the same context under every engine."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import File

UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")  # Material's own search: Pagefind searches
SOURCE_MAP = re.compile(rb"\n?/[*/][#@] sourceMappingURL=[^\n]*?(\*/)?\s*$")


def lighten(files, config) -> None:
    """Remove the unused files from the build's ``files``, and the comments that name the source maps
    from the scripts and stylesheets."""
    for file in list(files):
        uri = file.src_uri
        if uri.startswith(UNUSED_THEME_FILES) or uri.endswith(".map"):
            files.remove(file)
        elif uri.startswith("assets/") and uri.endswith((".js", ".css")) and not file.generated_by and file.abs_src_path:
            data = Path(file.abs_src_path).read_bytes()
            stripped = SOURCE_MAP.sub(b"\n", data[-300:])
            if stripped != data[-300:]:
                files.remove(file)
                files.append(File.generated(config, uri, content=data[:-300] + stripped))


# Material names the engine in every page (``<meta name="generator" content="mkdocs-{{ mkdocs_version }},
# mkdocs-material-…">``), and ProperDocs gives "ProperDocs 1.6.7" there. Pages name the MkDocs release
# whose page building both engines run, so that changing the engine changes no byte of the site.
ENGINE_IN_PAGES = "1.6.1"


def same_for_every_engine(context):
    """The theme's ``context`` with what it says of the engine the same under every engine."""
    context["mkdocs_version"] = ENGINE_IN_PAGES
    return context
