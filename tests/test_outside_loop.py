"""Scorecards and indicator pages are rendered outside MkDocs' page loop, on both cores, and written as
soon as they are made: the site must be the one MkDocs' own loop writes, byte for byte."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.engine.shells import Shells
from generator.parallel import Shared

from .conftest import ROOT, build_quietly, config_with
from .helpers import assert_same_site


@pytest.fixture(scope="module")
def loop_only_site(tmp_path_factory, built_site):
    """The demo built with every page going through MkDocs' own page loop (the plugin's option
    ``render_outside_loop: false``)."""
    folder = tmp_path_factory.mktemp("loop")
    config = config_with(folder / "config")
    text = config.read_text(encoding="utf-8")
    assert "  - dti:\n      data_dir: data\n" in text
    config.write_text(text.replace("  - dti:\n      data_dir: data\n", "  - dti:\n      data_dir: data\n      render_outside_loop: false\n"), encoding="utf-8")
    target = folder / "dti"
    made = []
    original = Shells.__init__

    def recording(self, *args):
        original(self, *args)
        made.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Shells, "__init__", recording)
        patch.setenv("DTI_WORKERS", "1")
        assert build_quietly(ROOT / "data", target, config).ok
    [shells] = made
    assert shells.filled == shells.rendered == 0  # no page was written outside the loop
    return target


@pytest.mark.slow
def test_pages_written_outside_the_loop_are_the_pages_the_loop_writes(built_site, loop_only_site):
    """Same theme, header, footer, navigation, links and search attributes: every file is the same."""
    scorecards = list(built_site.glob("don-vi/*/*/index.html"))
    assert len(scorecards) > 200  # enough for a second process (see generator.parallel.PARALLEL_FROM)
    assert_same_site(built_site, loop_only_site)


@pytest.mark.slow
def test_one_process_writes_the_same_site(tmp_path, built_site, monkeypatch):
    monkeypatch.setenv("DTI_WORKERS", "1")
    assert build_quietly(ROOT / "data", tmp_path / "dti").ok
    assert_same_site(tmp_path / "dti", built_site)


WAIT = 30  # seconds; the events below come in milliseconds, the bound only keeps a broken run from hanging


def test_shared_jobs_run_once_each_and_come_back_in_order():
    """Two processes take jobs from one list: every job runs exactly once, results keep the jobs' order,
    and both processes take part (the helper starts first and holds its first job until this one has
    taken one too)."""
    fork = multiprocessing.get_context("fork")
    parent = os.getpid()
    helper_started, parent_joined = fork.Event(), fork.Event()

    def job(i):
        def run():
            if os.getpid() == parent:
                parent_joined.set()
            elif not helper_started.is_set():
                helper_started.set()
                assert parent_joined.wait(WAIT), "this process never took a job"
            return i * i, os.getpid()

        return run

    shared = Shared([job(i) for i in range(400)], helpers=1)
    assert helper_started.wait(WAIT), "the helper never took a job"
    results = shared.finish()
    assert [square for square, _ in results] == [i * i for i in range(400)]
    assert {pid for _, pid in results} >= {os.getpid()} and len({pid for _, pid in results}) == 2


def _fails():
    raise ValueError("trang 7 hỏng")


def test_a_job_that_fails_in_the_helper_fails_the_build():
    taken = multiprocessing.get_context("fork").Event()
    shared = Shared([lambda: (taken.set(), _fails())], helpers=1)
    assert taken.wait(WAIT), "the helper never took the only job"
    with pytest.raises(ValueError, match="trang 7 hỏng"):
        shared.finish()
    assert shared.pool is None


@pytest.fixture
def shells_made(monkeypatch):
    """The :class:`~generator.engine.shells.Shells` of the builds run in the test, on this process only."""
    made = []
    original = Shells.__init__

    def recording(self, *args):
        original(self, *args)
        made.append(self)

    monkeypatch.setattr(Shells, "__init__", recording)
    monkeypatch.setenv("DTI_WORKERS", "1")
    return made


def _canonical(page: Path) -> str:
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', page.read_text(encoding="utf-8"))
    assert len(found) == 1
    return found[0]


@pytest.mark.slow
def test_pages_filled_in_from_a_shell_carry_their_own_address(tmp_path, shells_made):
    """With site_url, every page names its own canonical address, though nearly all of them were filled
    in from a shell rendered for another page."""
    url = "https://chuyendoiso.example.gov.vn/dti/"
    site = tmp_path / "site"
    assert build_quietly(ROOT / "data", site, config_with(tmp_path / "config", site_url=url)).ok
    [shells] = shells_made
    scorecards = sorted(site.glob("don-vi/*/*/index.html"))
    assert shells.filled > len(scorecards) and shells.rendered <= 4 * shells.PROOF * len(shells.shells)
    for page in scorecards + sorted(site.glob("bo-chi-so/*/*/index.html")):
        assert _canonical(page) == url + str(page.parent.relative_to(site)) + "/"


@pytest.mark.slow
def test_a_shell_that_does_not_fit_its_pages_is_not_used(tmp_path, shells_made):
    """A theme that prints something of the page the shell does not know (here its address) makes every
    shell fail its proof: each page is then rendered in full, and is right."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    main = theme / "main.html"
    text = main.read_text(encoding="utf-8")
    assert "{% block extrahead %}\n  {{ super() }}\n" in text
    main.write_text(text.replace("{% block extrahead %}\n  {{ super() }}\n", '{% block extrahead %}\n  {{ super() }}\n  <meta name="dti-test-page" content="{{ page.url }}">\n'), encoding="utf-8")
    config = config_with(tmp_path / "config")
    config.write_text(config.read_text(encoding="utf-8").replace(f"custom_dir: {ROOT / 'theme'}", f"custom_dir: {theme}"), encoding="utf-8")
    site = tmp_path / "site"
    assert build_quietly(ROOT / "data", site, config).ok
    [shells] = shells_made
    assert shells.filled == 0 and shells.shells and all(shell is None for shell in shells.shells.values())
    for page in sorted(site.glob("don-vi/*/*/index.html")):
        address = str(page.parent.relative_to(site)) + "/"
        assert f'<meta name="dti-test-page" content="{address}">' in page.read_text(encoding="utf-8")
