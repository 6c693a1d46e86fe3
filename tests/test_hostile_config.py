"""``mkdocs.yml`` runs no code and cannot exhaust the machine, whatever the secretariat (or anyone) writes in it.

The engine reads the configuration with PyYAML's full loader and lets Python-Markdown import and call
what ``markdown_extensions`` names; each hostile configuration below would run a command, or take minutes
and gigabytes, if it reached the engine. ``dti build`` must refuse each one at its file and line, with a
code, before anything is validated or built, and never print an internal error. A fuzz test then throws
random YAML (tags, anchors and aliases, merge keys, directives, huge values, deep nesting) at the reading
of the configuration: it answers with a located refusal or a configuration, and nothing ever runs.
"""

from __future__ import annotations

import string
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.engine import BuildFailed, check_config, read_config

from .helpers import ROOT

RAN: list = []  # what a hostile configuration managed to call
HERE = "tests.test_hostile_config"


def ran(*args, **kwargs):
    """Called if a configuration manages to build a Python object or call a function: it must never be."""
    RAN.append((args, kwargs))
    return "đã chạy"


ENV = ran  # what «!ENV» names once a %TAG directive points «!» at this module


class Ran:
    def __init__(self, *args, **kwargs):
        ran(*args, **kwargs)

    def __new__(cls, *args, **kwargs):
        ran(*args, **kwargs)
        return super().__new__(cls)


@pytest.fixture(autouse=True)
def nothing_ran():
    RAN.clear()
    yield
    assert RAN == [], "the configuration ran code"


GOOD = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

# (name, configuration, code, line)
HOSTILE = [
    ("python object", f'site_name: x\nextra:\n  x: !!python/object/apply:{HERE}.ran ["touch /tmp/da-chay"]\n', "config-tag", 3),
    ("python name", f"site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_generator: !!python/name:{HERE}.ran\n", "config-tag", 4),
    ("python new", f"site_name: x\nextra: !!python/object/new:{HERE}.Ran [1]\n", "config-tag", 2),
    ("verbatim tag", f"site_name: x\nextra: !<tag:yaml.org,2002:python/object/apply:{HERE}.ran> []\n", "config-tag", 2),
    ("tag directive", f"%TAG !e! tag:yaml.org,2002:python/object/apply:\n---\nsite_name: x\nextra: !e!{HERE}.ran []\n", "config-tag", 1),
    ("ENV redefined", f"%TAG ! tag:yaml.org,2002:python/object/apply:{HERE}.\n---\nsite_name: !ENV [x]\n", "config-tag", 1),
    ("unknown tag", "site_name: !foo x\n", "config-tag", 1),
    ("tagged key", "site_name: x\n? !ENV [KHONG_CO_BIEN_NAY, hooks]\n: [tep.py]\n", "config-tag", 2),
    ("alias bomb", BOMB, "config-alias", 2),
    ("merge key", "site_name: x\n<<: {hooks: [tep.py]}\n", "config-alias", 2),
    ("module:Class extension", f"site_name: x\nmarkdown_extensions:\n  - toc\n  - {HERE}:Ran:\n      args: [touch, /tmp/da-chay]\n", "config-code", 4),
    ("module:Class as mapping", f"site_name: x\nmarkdown_extensions:\n  {HERE}:Ran: {{}}\n", "config-code", 3),
    ("any module", "site_name: x\nmarkdown_extensions: [tables, antigravity]\n", "config-code", 2),
    ("extension from the environment", "site_name: x\nmarkdown_extensions: [!ENV [KHONG_CO_BIEN_NAY, antigravity]]\n", "config-code", 2),
    ("hooks", "site_name: x\nhooks:\n  - tests/conftest.py\n", "config-code", 2),
    ("too large", "site_name: x\nextra:\n" + "".join(f"  k{n}: {'v' * 60}\n" for n in range(5000)), "config-too-large", None),
    ("long value", f"site_name: {'Tỉnh ' * 1000}\n", "config-too-large", 1),
    ("deep nesting", "site_name: x\nextra: " + "[" * 5000 + "]" * 5000 + "\n", "config-too-large", 2),
    ("deep block nesting", "site_name: x\n" + "".join(" " * n + f"k{n}:\n" for n in range(60)), "config-too-large", 22),
    ("not text", "site_name: x\nextra: \xff\xfe\n".encode("latin-1"), "config-unreadable", 2),
    ("control character", "site_name: x\x07\n", "config-unreadable", 1),
    ("syntax", "site_name: x\n  nav: [\n", "config-unreadable", 2),
    ("two documents", "site_name: x\n---\nsite_name: y\n", "config-unreadable", 2),
    ("inherit loop", "INHERIT: c.yml\nsite_name: x\n", "config-unreadable", 1),
    ("inherit missing", "INHERIT: khong-co.yml\nsite_name: x\n", "config-unreadable", 1),
    ("inherit from the environment", "INHERIT: !ENV [KHONG_CO_BIEN_NAY, c.yml]\n", "config-unreadable", 1),
]


def build(config: Path, tmp_path: Path, capsys) -> tuple[int, str]:
    # No data folder at all: the configuration is refused before the engine reads it, whatever the data.
    status = main(["build", "--data", str(tmp_path / "khong-co-du-lieu"), "--site-dir", str(tmp_path / "site"), "--config", str(config)])
    out = capsys.readouterr()
    assert "Lỗi nội bộ" not in out.out + out.err and "Traceback" not in out.out + out.err
    return status, out.out


@pytest.mark.parametrize("name, text, code, line", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_configuration_is_refused_at_its_line_before_anything_runs(tmp_path, capsys, name, text, code, line):
    config = tmp_path / "c.yml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    start = time.perf_counter()
    status, out = build(config, tmp_path, capsys)
    assert time.perf_counter() - start < 10
    assert status == 1
    place = f"{config}, dòng {line}: Lỗi: " if line else f"{config}: Lỗi: "
    assert place in out and f"[{code}]" in out, out
    assert not (tmp_path / "site").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["c.yml"]


def test_an_inherited_file_is_checked_too_and_named(tmp_path, capsys):
    (tmp_path / "chung.yml").write_text(f"theme: {{name: material}}\nextra: !!python/object/apply:{HERE}.ran []\n", encoding="utf-8")
    config = tmp_path / "c.yml"
    config.write_text("INHERIT: chung.yml\nsite_name: x\n", encoding="utf-8")
    status, out = build(config, tmp_path, capsys)
    assert status == 1 and f"{tmp_path / 'chung.yml'}, dòng 2: Lỗi: thẻ YAML «!!python/object/apply:{HERE}.ran»" in out


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    problems = check_config(config)
    assert time.perf_counter() - start < 1
    assert {p.code for p in problems} == {"config-alias"} and len(problems) == 20  # the first 20 of its 72 aliases


def test_the_projects_configuration_and_the_documented_tags_pass(tmp_path):
    assert check_config(ROOT / "mkdocs.yml") == []
    (tmp_path / "chung.yml").write_text("theme:\n  name: material\n", encoding="utf-8")
    config = tmp_path / "c.yml"
    config.write_text(
        "INHERIT: chung.yml\n"
        "site_name: !ENV [TEN_TRANG_KHONG_DAT, 'Chỉ số chuyển đổi số']\n"
        "markdown_extensions:\n  - toc:\n      permalink: false\n  - pymdownx.details\n  - markdown.extensions.def_list\n"
        "  - pymdownx.snippets:\n      base_path: !relative $config_dir\n"
        "hooks: []\n",
        encoding="utf-8",
    )
    assert check_config(config) == []


# --------------------------------------------------------------------------- fuzz

TAGS = [
    "!ENV", "!relative", "!!str", "!!int", "!!float", "!!binary", "!!timestamp", "!!set", "!!omap", "!!python/none", "!foo", "!",
    f"!!python/object/apply:{HERE}.ran", f"!!python/object/new:{HERE}.Ran", f"!!python/object:{HERE}.Ran", f"!!python/name:{HERE}.ran",
    f"!!python/module:{HERE}", f"!<tag:yaml.org,2002:python/object/apply:{HERE}.ran>", "!e!x",
]
KEYS = ["site_name", "nav", "markdown_extensions", "hooks", "INHERIT", "theme", "plugins", "extra", "docs_dir", "site_url", "<<", "? [a]", "dti", "strict"]
WORDS = ["x", "Tỉnh Minh Họa", "2024-02-30", "2024-01-01", "1e999", "0x1F", "~", "null", "yes", "'quoted'", '"a\\x07"', "-", "|", ">",
         "toc", f"{HERE}:Ran", "subprocess:Popen", "pymdownx.details", "$config_dir/x", "c.yml", "{}", "[]", "\t", "#"]


@st.composite
def scalars(draw) -> str:
    word = draw(st.one_of(st.sampled_from(WORDS), st.text(alphabet=string.printable + "ơư€\x00\ufeff", max_size=12)))
    if draw(st.integers(0, 20)) == 0:
        word = word * draw(st.integers(100, 3000))  # a huge value
    if draw(st.booleans()):
        word = f"{draw(st.sampled_from(TAGS))} {word}"
    if draw(st.integers(0, 4)) == 0:
        word = f"&{draw(st.sampled_from('abc'))} {word}"
    return word


@st.composite
def values(draw, depth: int = 0) -> str:
    kind = draw(st.integers(0, 5 if depth < 4 else 1))
    if kind == 0:
        return draw(scalars())
    if kind == 1:
        return f"*{draw(st.sampled_from('abcz'))}"
    if kind == 2:
        n = draw(st.integers(1, 400))
        return "[" * n + draw(scalars()) + "]" * draw(st.sampled_from([n, n - 1, n + 1]))
    if kind == 3:
        return "[" + ", ".join(draw(st.lists(values(depth + 1), max_size=4))) + "]"
    if kind == 4:
        return "{" + ", ".join(f"{draw(st.sampled_from(KEYS))}: {v}" for v in draw(st.lists(values(depth + 1), max_size=3))) + "}"
    items = draw(st.lists(values(depth + 1), min_size=1, max_size=3))
    return "\n" + "".join(f"{'  ' * (depth + 1)}- {v}\n" for v in items)


@st.composite
def configurations(draw) -> bytes:
    lines = []
    if draw(st.integers(0, 6)) == 0:
        lines.append(draw(st.sampled_from([f"%TAG !e! tag:yaml.org,2002:python/object/apply:{HERE}.", "%TAG ! tag:yaml.org,2002:", "%YAML 1.1"])) + "\n---")
    for _ in range(draw(st.integers(0, 8))):
        lines.append(f"{draw(st.sampled_from(KEYS))}: {draw(values())}")
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 8)) == 0:
        text += "---\n" + text
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 10)) == 0:
        data += draw(st.binary(max_size=20))
    return data


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(configurations())
def test_no_configuration_runs_code_or_ends_in_an_internal_error(tmp_path, data):
    config = tmp_path / "c.yml"
    config.write_bytes(data)
    start = time.perf_counter()
    try:
        read_config(config, tmp_path / "site")
    except BuildFailed as exc:
        for problem in exc.problems():
            assert problem.code.startswith("config-") or problem.code in {"build-failed", "no-plugin"}, problem.code
            assert problem.message and (problem.row is None or problem.row >= 1)
    assert time.perf_counter() - start < 20
    assert RAN == [], data
