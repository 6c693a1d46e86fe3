"""The site engine: the demo builds byte for byte the same with ProperDocs and with MkDocs, only
``generator/engine`` knows the engine, its private calls pass one version check, and rendering outside
the page loop is an option of the plugin."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from generator.engine import mkdocs_private
from generator.engine.plugin import DtiConfig

from .conftest import ROOT, build_quietly
from .helpers import assert_same_site

GENERATOR = ROOT / "generator"
ENGINE = GENERATOR / "engine"
ENGINE_PACKAGES = {"mkdocs", "properdocs", "material"}
PRIVATE = {"_build_page", "_current_page", "_title_from_render"}  # MkDocs' own page step, and what it sets


# Each build runs in its own process: the engine is chosen once per process, when ``generator.engine`` is
# imported (before anything imports ``mkdocs``); the build then says which package the ``mkdocs`` names were.
BUILD = "import sys; from pathlib import Path; from generator.build import build_site; import mkdocs; ok = build_site(Path('data'), Path(sys.argv[1]), Path('mkdocs.yml')).ok; print(mkdocs.__name__, mkdocs.__version__); sys.exit(0 if ok else 1)"


def installed(package: str) -> bool:
    try:
        version(package)
    except PackageNotFoundError:
        return False
    return True


def run(*args: str, engine: str | None = None) -> subprocess.CompletedProcess:
    """``python args`` in the project's folder, with ``DTI_ENGINE`` set to ``engine`` (unset when None)."""
    env = {k: v for k, v in os.environ.items() if k != "DTI_ENGINE"} | ({"DTI_ENGINE": engine} if engine else {})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(not (installed("mkdocs") and installed("properdocs")), reason="builds with both engines: MkDocs and ProperDocs must both be installed (pip install -e .)")
def test_the_demo_is_the_same_site_byte_for_byte_with_properdocs_and_with_mkdocs(tmp_path, built_site):
    import generator.engine

    # the test runners build with ProperDocs, the default (the demo site the browser tests read); MkDocs
    # builds the same data in a process of its own
    assert generator.engine.ENGINE == "properdocs"
    result = run("-c", BUILD, str(tmp_path / "mkdocs"), engine="mkdocs")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[0] == "mkdocs"  # MkDocs built it
    assert_same_site(built_site, tmp_path / "mkdocs")
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">' in page


@pytest.mark.skipif(not installed("properdocs"), reason="ProperDocs is not installed")
def test_properdocs_is_the_default_when_installed():
    result = run("-c", "import generator.engine, mkdocs; print(generator.engine.ENGINE, mkdocs.__name__)")
    assert result.stdout.split() == ["properdocs", "properdocs"], result.stderr


def test_a_wrong_engine_variable_is_a_located_issue_and_nothing_is_written(tmp_path):
    result = run("-m", "generator.cli", "build", "--site-dir", str(tmp_path / "site"), engine="mkdocs2")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "biến môi trường DTI_ENGINE: Lỗi: không xây dựng được trang: giá trị «mkdocs2» không chỉ trình dựng trang nào;" in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


def modules(folder: Path = GENERATOR):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def names(tree: ast.AST):
    """Every name a module uses, with its node: attributes, variables, imported names, and strings
    (``getattr(config, "_current_page")``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node.attr, node
        elif isinstance(node, ast.Name):
            yield node.id, node
        elif isinstance(node, ast.alias):
            yield node.name.rsplit(".", 1)[-1], node
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, node


def test_only_the_engine_package_imports_the_engine():
    """Imports inside functions count too: moving to another engine touches one package."""
    found = []
    for path, tree in modules():
        if ENGINE in path.parents:
            continue
        for node in ast.walk(tree):
            imported = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in imported if name.split(".")[0] in ENGINE_PACKAGES]
    assert found == []


def test_private_engine_calls_are_made_only_in_the_one_function_that_checks_the_version():
    gate = next(n for n in ast.parse((ENGINE / "mkdocs_private.py").read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef) and n.name == "internals")
    assert {name for name, _ in names(gate)} >= PRIVATE
    found = []
    for path, tree in modules():
        if path == ENGINE / "mkdocs_private.py":
            tree.body = [n for n in tree.body if not (isinstance(n, ast.FunctionDef) and n.name == "internals")]
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name, node in names(tree) if name in PRIVATE]
    assert found == []


def test_the_page_loop_module_is_read_only_there_but_for_the_build_command():
    """Besides its private names, MkDocs' page-loop module makes the context of a page (``get_context``):
    nothing of it is plugin interface, so only the version-checked module reads it; ``run`` calls the
    build command itself."""
    found = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "mkdocs.commands.build":
                found += [(path.name, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module == "mkdocs.commands":
                found += [(path.name, f"{node.module}.{a.name}") for a in node.names]
    assert sorted(found) == [("mkdocs_private.py", "mkdocs.commands.build"), ("mkdocs_private.py", "mkdocs.commands.build"), ("run.py", "build")]


def test_an_engine_version_the_private_calls_were_not_read_in_is_refused_in_plain_words(monkeypatch):
    monkeypatch.setattr(mkdocs_private, "running_engine", lambda: ("mkdocs", "2.0.0"))
    try:
        mkdocs_private.internals.__wrapped__()
    except mkdocs_private.PluginError as exc:
        message = str(exc)
    else:
        raise AssertionError("MkDocs 2.0.0 was accepted")
    assert message.startswith("Chưa dựng được trang bằng MkDocs 2.0.0: ")
    assert "pyproject.toml" in message


def test_a_build_with_such_an_engine_stops_with_a_located_issue_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs_private, "running_engine", lambda: ("properdocs", "1.7.0"))
    mkdocs_private.internals.cache_clear()
    try:
        report = build_quietly(ROOT / "data", tmp_path / "site")
    finally:
        mkdocs_private.internals.cache_clear()
    assert [(i.file, i.code, i.message.split(":")[0]) for i in report.errors] == [("mkdocs.yml", "build-failed", "Chưa dựng được trang bằng ProperDocs 1.7.0")]
    assert not (tmp_path / "site").exists()


def test_rendering_outside_the_loop_is_an_option_of_the_plugin_declared_with_its_default():
    from mkdocs.config import config_options

    option = DtiConfig.render_outside_loop
    assert isinstance(option, config_options.Type) and option.default is True
    config = DtiConfig()
    config.load_dict({"render_outside_loop": "no"})
    failed, _ = config.validate()
    assert [name for name, _ in failed] == ["render_outside_loop"]


def test_no_module_of_the_engine_holds_a_switch():
    """A build's choices are the plugin's options, not module globals a caller sets before building."""
    found = []
    for path, tree in modules(ENGINE):
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_a_theme_template_is_compiled_once_and_again_when_it_or_the_settings_change(tmp_path, monkeypatch):
    """Every build makes a new Jinja environment; the compiled code of a template is kept for the next one,
    in this process and in the user's cache folder for the next (generator.compiled), but not
    reused for another text of the file or other settings, and a damaged cache file is compiled again."""
    import jinja2

    from generator.compiled import COMPILED, CompiledTemplates

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "theme"
    folder.mkdir()
    template = folder / "main.html"
    template.write_text("Xin chào {{ who }}\n  {% if who %}!{% endif %}", encoding="utf-8")
    cache, compiled = CompiledTemplates(), []

    def render(**settings) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, bytecode_cache=cache, **settings)
        compile_now = env.compile
        env.compile = lambda source, name=None, filename=None, *rest: compiled.append(name) or compile_now(source, name, filename, *rest)
        return env.get_template("main.html").render(who="<xã>")

    assert render() == "Xin chào <xã>\n  !" and compiled == ["main.html"]
    assert render() == "Xin chào <xã>\n  !" and compiled == ["main.html"]  # a second build: nothing compiled
    cache = CompiledTemplates()  # the next process: read from the user's cache folder
    assert render() == "Xin chào <xã>\n  !" and compiled == ["main.html"]
    assert render(trim_blocks=True, lstrip_blocks=True) == "Xin chào <xã>\n!" and len(compiled) == 2
    assert render(autoescape=True) == "Xin chào &lt;xã&gt;\n  !" and len(compiled) == 3
    cache = CompiledTemplates()  # escaping chosen by a function, made anew by the next process: the same choice
    assert render(autoescape=jinja2.select_autoescape()) == "Xin chào &lt;xã&gt;\n  !" and len(compiled) == 3
    template.write_text("Chào {{ who }}", encoding="utf-8")
    assert render() == "Chào <xã>" and len(compiled) == 4
    assert render(trim_blocks=True, lstrip_blocks=True) == "Chào <xã>" and len(compiled) == 5
    assert render() == "Chào <xã>" and len(compiled) == 5
    kept = sorted((tmp_path / "cache" / "dti" / "templates").iterdir())
    assert len(kept) == 3  # one file per set of settings: the changed text replaced the first
    other = tmp_path / "ban-sao"  # the same theme in another folder (an export's checkout): compiled for its own file
    shutil.copytree(folder, other)
    folder, cache = other, CompiledTemplates()
    assert render() == "Chào <xã>" and len(compiled) == 6
    assert render() == "Chào <xã>" and len(compiled) == 6
    assert len(list((tmp_path / "cache" / "dti" / "templates").iterdir())) == 3  # in place of the first folder's
    for path in kept:
        path.write_bytes(path.read_bytes()[:40] + b"\x00hong")
    cache = CompiledTemplates()
    assert render() == "Chào <xã>" and len(compiled) == 7
    from generator.engine import plugin

    assert plugin.COMPILED is COMPILED  # what the plugin gives every build's environment (on_env)
