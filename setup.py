"""The package carries what a province's site needs besides its data and pages: the theme overrides
(``theme/``), the stylesheet and page script (``content/assets/``) and the index sets shipped with the tool
(``data/frameworks/``). This repository keeps them where a reader of the demo province expects them; a
built package copies them into ``generator/bundled/`` (see ``generator/bundled.py``)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = {"theme": HERE / "theme", "assets": HERE / "content" / "assets", "frameworks": HERE / "data" / "frameworks"}
LEFT_OUT = shutil.ignore_patterns("*.png", "__pycache__")  # the README's screenshot is not a site asset


class BuildWithBundled(build_py):
    def run(self):
        super().run()
        for name, source in BUNDLED.items():
            target = Path(self.build_lib) / "generator" / "bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=LEFT_OUT)


setup(cmdclass={"build_py": BuildWithBundled})
