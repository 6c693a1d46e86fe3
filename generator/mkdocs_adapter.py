"""The only code that talks to MkDocs: a plugin that adds the generated pages and open-data files.

Generated pages are kept out of the navigation unless a page asks for a place in it (rankings do; unit
and indicator pages will not), so build time grows linearly with the number of units. The nav entry
``dti:rankings`` in ``mkdocs.yml`` is replaced by the ranking pages, grouped by year.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .model import Dataset
from .opendata import open_data_files
from .pages import Page, site_pages

RANKINGS_MARKER = "dti:rankings"


class DtiConfig(Config):
    data_dir = config_options.Type(str, default="data")


class DtiPlugin(BasePlugin[DtiConfig]):
    """Adds the pages and files computed from the data packages to a MkDocs build."""

    def __init__(self):
        super().__init__()
        self.dataset: Dataset | None = None
        self.pages: dict[str, Page] = {}
        self.files: dict[str, str] = {}

    def on_config(self, config):
        if self.dataset is None:
            from .validate import validate

            data_dir = Path(config.config_file_path).parent / self.config.data_dir
            dataset, report = validate(data_dir)
            if not report.ok:
                details = "\n".join(str(i) for i in report.sorted() if i.is_error)
                raise PluginError(f"Dữ liệu có lỗi; hãy chạy «dti validate».\n{details}")
            self.dataset = dataset
        self.pages = {p.path: p for p in site_pages(self.dataset)}
        self.files = open_data_files(self.dataset, config.site_url or "")
        config.extra["illustrative"] = any(e.illustrative for e in self.dataset.editions.values())
        if config.nav:
            config.nav = self._expand_nav(config.nav)
        return config

    def _rankings_nav(self) -> list:
        years: dict[str, list] = {}
        for page in self.pages.values():
            if page.nav and page.nav[0] == "Xếp hạng":
                years.setdefault(page.nav[1], []).append({page.nav[2]: page.path})
        return [{year: entries} for year, entries in years.items()]

    def _expand_nav(self, nav):
        out = []
        for item in nav:
            if isinstance(item, dict):
                [(title, value)] = item.items()
                if value == RANKINGS_MARKER:
                    out.append({title: self._rankings_nav()})
                elif isinstance(value, list):
                    out.append({title: self._expand_nav(value)})
                else:
                    out.append(item)
            else:
                out.append(item)
        return out

    def on_files(self, files, config):
        for page in self.pages.values():
            files.append(File.generated(config, page.path, content=f"# {page.title}\n"))
        for path, text in self.files.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        return markdown

    def on_page_content(self, html, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        return f"<h1>{_escape(generated.title)}</h1>\n{generated.html}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
