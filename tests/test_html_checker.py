"""Markup that standards checkers accept: the W3C Nu HTML checker (vnu) finds no error on a page of every
family, ours or the theme's (Material's few errors are removed by ``generator.engine.theme.tidy``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.slow

# `make test` installs the checker with npm (the vnu-jar package, pinned in the Makefile) into .venv/vnu.
VNU_JAR = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

FAMILIES = {
    "home": "index.html",
    "ranking": "xep-hang/2024/cap-xa/index.html",
    "ranking-2025": "xep-hang/2025/cap-xa/index.html",
    "main-index-ranking": "xep-hang/2024/cap-huyen/chi-so-6/index.html",
    "scorecard": "don-vi/xa-tan-hoa/2024/index.html",
    "scorecard-merged": "don-vi/xa-long-lien/2025/index.html",
    "scorecard-not-ranked": "don-vi/thanh-tra-tinh/2024/index.html",
    "indicator": "bo-chi-so/hai-duong-2405-2024-so/1.2/index.html",
    "methodology": "bo-chi-so/gia-lai-ia-dom-2024-xa/index.html",
    "compare": "so-sanh/index.html",
    "downloads": "du-lieu-mo/index.html",
    "search": "tim-kiem/index.html",
    "glossary": "giai-thich-thuat-ngu/index.html",
    "embed": "nhung/2024/cap-xa/index.html",
    "embed-compact": "nhung/2024/cap-xa/gon/index.html",
    "about": "gioi-thieu/index.html",
    "data-format": "dinh-dang-du-lieu/index.html",
    "not-found": "404.html",
    "objections": "y-kien-don-vi/2025/index.html",
    "scorecard-objection": "don-vi/xa-kim-thinh/2025/index.html",
}


def vnu() -> list[str]:
    jar = Path(os.environ.get("VNU_JAR") or VNU_JAR)
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        pytest.fail(f"the Nu HTML checker needs Java and {jar}: `make test` installs it (npm install vnu-jar)")
    return [java, "-jar", str(jar)]


def test_the_nu_checker_finds_no_error_on_any_page_family(built_site):
    files = [str(built_site / path) for path in FAMILIES.values()]
    done = subprocess.run([*vnu(), "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [(m["url"].split(f"/{built_site.name}/", 1)[-1], m.get("lastLine"), m["message"]) for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == []
