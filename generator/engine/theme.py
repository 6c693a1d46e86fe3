"""What the site leaves out of the theme's files: Material's built-in search (lunr and its worker, ~1.2 MB;
the site searches with Pagefind) and the source maps of its scripts and stylesheets (~1.3 MB)."""

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
