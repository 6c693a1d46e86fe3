"""Chart kinds are built with Altair once per machine and kept in the user's cache folder: a build that
finds them there writes the same specifications without importing Altair or pandas."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from generator import charts


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    charts._template.cache_clear()
    charts._kept.cache_clear()
    yield tmp_path / "dti"
    charts._template.cache_clear()
    charts._kept.cache_clear()


def some_charts() -> list[str]:
    made = [
        charts.main_indices("a", "Xã An", [{"label": "1. Nhận thức", "unit": Decimal("62.5"), "median": Decimal("50"), "best": Decimal("90")}]),
        charts.indicator_scores("b", Fraction(10), [{"year": 2024, "score": 7.5}, {"year": 2024, "score": 10.0}, {"year": 2023, "score": 2.0}]),
        charts.distribution("c", [{"type": "Cấp xã", "unit": "Xã An", "percent": Decimal("61.25"), "band": None, "ranked": "Xếp hạng"}]),
    ]
    return [c.spec_json() for c in made]


def test_a_chart_kind_read_from_the_cache_is_the_one_built_anew(fresh_cache, monkeypatch):
    built = some_charts()
    [kept] = fresh_cache.glob("charts-*.json")
    assert len(json.loads(kept.read_text(encoding="utf-8"))) == 3
    charts._template.cache_clear()
    charts._kept.cache_clear()

    def must_not_build(*args):
        raise AssertionError("a kind in the cache was built again")

    for kind, (_, columns) in list(charts.BUILDERS.items()):
        monkeypatch.setitem(charts.BUILDERS, kind, (must_not_build, columns))
    assert some_charts() == built


def test_a_damaged_cache_file_is_ignored(fresh_cache):
    built = some_charts()
    [kept] = fresh_cache.glob("charts-*.json")
    kept.write_text('{"broken', encoding="utf-8")
    charts._template.cache_clear()
    charts._kept.cache_clear()
    assert some_charts() == built
    assert len(json.loads(kept.read_text(encoding="utf-8"))) == 3  # written again, whole


def test_another_altair_or_other_chart_code_uses_another_cache_file():
    code = (charts.Path(charts.__file__).parent / "charts.py").read_bytes()
    name = charts.cache_name("6.0.0", code)
    assert charts.cache_name("6.0.1", code) != name
    assert charts.cache_name("6.0.0", code + b"\n# one more line") != name
    assert charts.cache_name("6.0.0", code) == name
