"""Which site engine builds the site: ProperDocs, the maintained continuation of MkDocs 1.6, or MkDocs 1.6.

Both run the same ``mkdocs.plugins`` entry points and Material unchanged, and write the same site byte for
byte (``tests/test_engine.py``). The modules of this package import MkDocs' names (``mkdocs.config``,
``mkdocs.plugins``…); ProperDocs answers to those names through the import alias its own ``properdocs``
command installs first (``properdocs.replacement``), so the engine is chosen once per process, before any
of them is imported, here:

* the engine already running, when ``mkdocs build`` or ``properdocs build`` loads the plugin;
* otherwise the one the environment variable ``DTI_ENGINE`` names (``properdocs`` or ``mkdocs``);
* otherwise ProperDocs when it is installed (a dependency of the project), else MkDocs.

A wrong ``DTI_ENGINE`` does not stop the import: the build reports it, located at the variable (:data:`PROBLEM`).
"""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec

NAMES = {"properdocs": "ProperDocs", "mkdocs": "MkDocs"}  # the engines' packages, the default first
VARIABLE = "DTI_ENGINE"


def _choose() -> tuple[str, str | None]:
    """The engine's package, and why the engine asked for cannot be used (None when it can)."""
    running = sys.modules.get("mkdocs")
    if running is not None:
        return running.__name__, None
    installed = [name for name in NAMES if find_spec(name) is not None] or ["mkdocs"]
    wanted = os.environ.get(VARIABLE, "").strip().lower()
    if not wanted:
        return installed[0], None
    if wanted not in NAMES:
        return installed[0], f"giá trị «{wanted}» không chỉ trình dựng trang nào; hãy đặt «properdocs» hoặc «mkdocs», hoặc bỏ biến này để dùng {NAMES[installed[0]]}"
    if wanted not in installed:
        return installed[0], f"biến này chọn {NAMES[wanted]} nhưng {NAMES[wanted]} chưa được cài (pip install {wanted})"
    return wanted, None


ENGINE, PROBLEM = _choose()
if ENGINE == "properdocs" and "mkdocs" not in sys.modules:
    import properdocs.replacement  # noqa: F401  (from now on ``mkdocs.*`` names are ProperDocs' modules)
