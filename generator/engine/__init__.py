"""The only code that knows the site engine (ProperDocs or MkDocs 1.6): the ``dti`` plugin that adds the
generated pages and files to a build, and the build itself. One module per job:

* :mod:`.choose` — which engine runs, chosen before any of its modules is imported;
* :mod:`.failures` — what the package raises: a located problem, never a traceback;
* :mod:`.safe_config` — the configuration refused, at its line, when it could run code or exhaust the machine,
  before the engine reads it;
* :mod:`.run` — a build: the configuration checked and read, the plugin given the data, the site written;
* :mod:`.plugin` — the plugin's events: pages and files in, the theme's context, the pages' writing started;
* :mod:`.navigation` — the ``dti:`` entries of the navigation, and one navigation per folder for the pages
  outside it;
* :mod:`.outside_loop` — which pages are rendered outside MkDocs' page loop, and how one is rendered in full;
* :mod:`.mkdocs_private` — the private MkDocs calls that rendering needs, behind one version check;
* :mod:`.shells` — the theme rendered once around many such pages;
* :mod:`.theme` — the theme's files the site leaves out, and what pages say of the engine, the same under both;
* :mod:`.vega` — the offline chart library;
* :mod:`.pagefind` — the search index made after the build.
"""

from .choose import ENGINE  # first: the engine's modules are imported from here on
from .failures import BuildFailed, ConfigRefused
from .run import build, read_config
from .safe_config import check_config

__all__ = ["ENGINE", "BuildFailed", "ConfigRefused", "build", "check_config", "read_config"]
