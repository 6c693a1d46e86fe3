"""Properties of scoring that must hold for any data, checked with Hypothesis.

* a score never leaves [0, max] — for every rule of every bundled framework;
* a larger numerator (or count) never lowers a score;
* marking an indicator not evaluated for one unit never changes another unit's scores, except
  through min–max (which compares units);
* ranks are standard competition ranks of the published percentages; rounding is half away from zero.
"""

import ast
import tempfile
from decimal import Decimal
from fractions import Fraction as F
from functools import cache
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.errors import DataError
from generator.load import load_framework
from generator.model import Assessment, Edition, InputValue, Publication, Unit
from generator.numeric import round_published
from generator.rank import rank
from generator.rules import Values
from generator.score import EditionScorer

from .helpers import SMALL_FRAMEWORK, SMALL_INPUTS, bundled, write_framework

FRAMEWORK_IDS = ["hai-duong-2405-2024-so", "hai-duong-2405-2024-huyen", "gia-lai-ia-dom-2024-xa", "bac-kan-1294-2022-xa", "thanh-hoa-3716-2021-huyen"]
FRAMEWORKS = {fid: bundled(fid) for fid in FRAMEWORK_IDS}
LEAVES = [(fid, ind.id) for fid, fw in FRAMEWORKS.items() for ind in fw.leaves() if not ind.rule.peer_relative]


def value_strategy(ind, d):
    if d.type == "yes_no":
        return st.booleans()
    if d.type == "level":
        return st.sampled_from(ind.rule.levels())
    if d.type == "percent":
        return st.fractions(min_value=0, max_value=1, max_denominator=10000)
    if d.type == "points":
        return st.fractions(min_value=0, max_value=ind.max_points, max_denominator=100)
    if d.type == "count":
        return st.integers(min_value=0, max_value=5000).map(F)
    return st.fractions(min_value=0, max_value=10**6, max_denominator=100)


@st.composite
def leaf_and_inputs(draw):
    fid, iid = draw(st.sampled_from(LEAVES))
    ind = FRAMEWORKS[fid].indicators[iid]
    values = {d.name: draw(value_strategy(ind, d)) for d in ind.inputs}
    return ind, values


@settings(max_examples=600, deadline=None)
@given(leaf_and_inputs())
def test_a_score_never_leaves_zero_to_max(case):
    ind, values = case
    try:
        share = ind.rule.share(Values(values), ind.max_points)
    except DataError:
        return  # impossible data is reported, never scored
    assert 0 <= share * ind.max_points <= ind.max_points


def numerator_inputs(ind):
    rule = ind.rule
    if rule.kind == "weighted_shares":
        return [n for n, _ in rule.shares]
    if rule.kind in ("capped_count",):
        return list(rule.formula.names)
    if rule.formula is None or any(d.type not in ("count", "amount") for d in ind.inputs if d.name in rule.formula.names):
        return []
    tree = ast.parse(rule.formula.text, mode="eval").body
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        return sorted({n.id for n in ast.walk(tree.left) if isinstance(n, ast.Name)} - {n.id for n in ast.walk(tree.right) if isinstance(n, ast.Name)})
    return list(rule.formula.names) if rule.kind == "tiers" else []


MONOTONE = [(fid, iid) for fid, iid in LEAVES if numerator_inputs(FRAMEWORKS[fid].indicators[iid])]


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(st.sampled_from(MONOTONE), st.data())
def test_a_larger_numerator_never_lowers_the_score(leaf, data):
    ind = FRAMEWORKS[leaf[0]].indicators[leaf[1]]
    values = {d.name: data.draw(value_strategy(ind, d)) for d in ind.inputs}
    name = data.draw(st.sampled_from(numerator_inputs(ind)))
    bigger = dict(values, **{name: values[name] + data.draw(st.integers(min_value=1, max_value=500))})
    try:
        before = ind.rule.share(Values(values), ind.max_points)
        after = ind.rule.share(Values(bigger), ind.max_points)
    except DataError:
        assume(False)
    assert after >= before


# --------------------------------------------------------------------------- not evaluated


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return {flag: tiny_framework(tmp_path_factory.mktemp("fw"), flag) for flag in (False, True)}


def tiny_framework(root, with_minmax):
    rows = [r for r in SMALL_FRAMEWORK if with_minmax or r["id"] != "2.2"]
    rows = [dict(r, max_points=10) if r["id"] == "2" and not with_minmax else r for r in rows]
    inputs = [i for i in SMALL_INPUTS if with_minmax or i["indicator_id"] != "2.2"]
    problems = []
    fw = load_framework(write_framework(root / "t", rows, inputs), problems)
    assert fw is not None and not [p for p in problems if p.is_error]
    return fw


@st.composite
def editions(draw, framework):
    n = draw(st.integers(min_value=2, max_value=6))
    units = tuple(Unit(f"u{i}", f"Xã {i}", "commune", None, False, "", (), i + 2) for i in range(n))
    rows = []
    for u in units:
        rows.append(InputValue(u.id, "1.1", "da_co", draw(st.sampled_from(["có", "không"])), None, 0))
        for ind in ("1.2", "2.1"):
            b = draw(st.integers(min_value=1, max_value=50))
            rows += [InputValue(u.id, ind, "a", str(draw(st.integers(0, b))), None, 0), InputValue(u.id, ind, "b", str(b), None, 0)]
        if "2.2" in framework.indicators:
            rows.append(InputValue(u.id, "2.2", "x", str(draw(st.integers(0, 100))), None, 0))
    leaf = draw(st.sampled_from([i.id for i in framework.walk()]))
    target = draw(st.sampled_from(units)).id
    return units, tuple(rows), target, leaf


def make_edition(units, rows, assessments=()):
    files = {k: f"{k}.csv" for k in ("units", "assessments", "inputs", "evidence", "datapackage")}
    return Edition(2024, "t", "t", "T", True, {"commune": "t"}, Publication("", ""), {}, units, tuple(assessments), rows, (), "t", files)


def scores(framework, edition):
    return {r.unit.id: {k: v.score for k, v in r.indicators.items()} for r in EditionScorer(edition, framework).score()}


@pytest.mark.parametrize("with_minmax", [False, True])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_not_evaluated_changes_other_units_only_through_minmax(tiny, with_minmax, data):
    fw = tiny[with_minmax]
    units, rows, target, leaf = data.draw(editions(fw))
    before = scores(fw, make_edition(units, rows))
    after = scores(fw, make_edition(units, rows, [Assessment(target, leaf, None, True, "", 0)]))
    others = [u for u in before if u != target]
    if not with_minmax:  # nothing compares units: every score of every other unit stays the same
        assert [before[u] for u in others] == [after[u] for u in others]
    independent = [i.id for i in fw.leaves() if not i.rule.peer_relative]
    for u in others:
        assert [before[u][i] for i in independent] == [after[u][i] for i in independent]


# --------------------------------------------------------------------------- ranks and rounding


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10000), min_size=1, max_size=30), st.data())
def test_ranks_are_competition_ranks_of_published_percentages(hundredths, data):
    from generator.model import UnitResult

    flags = [data.draw(st.booleans()) if len(hundredths) > 1 else False for _ in hundredths]
    results = [
        UnitResult(2024, Unit(f"u{i}", f"Đơn vị {i}", "commune", None, flag, "", (), i), "t", F(0), F(1), {}, Decimal(h).scaleb(-2))
        for i, (h, flag) in enumerate(zip(hundredths, flags))
    ]
    ranked = rank(results)
    pool = [r.percent for r in ranked if not r.unit.not_ranked]
    for r in ranked:
        if r.unit.not_ranked:
            assert r.rank is None
        else:
            assert r.rank == 1 + sum(1 for p in pool if p > r.percent)
    positions = [r.rank for r in ranked if r.rank is not None]
    assert positions == sorted(positions)


@given(st.fractions(min_value=-1000, max_value=1000))
def test_rounding_is_within_half_a_hundredth_and_half_away_from_zero(x):
    rounded = round_published(x)
    assert abs(F(rounded) - x) <= F(1, 200)
    if abs(F(rounded) - x) == F(1, 200):
        assert abs(F(rounded)) > abs(x)
    assert round_published(F(rounded)) == rounded


@given(st.lists(st.fractions(min_value=-1000, max_value=1000, max_denominator=24), min_size=1, max_size=60), st.randoms())
def test_a_remembered_number_text_is_the_text_made_afresh(values, rng):
    """Published numbers are formatted once per value and then remembered (:func:`remembered`): whatever
    order values come in, and whether a value comes as a Fraction, an mpq or an int, its text is the one
    rounding and formatting it afresh gives: ``85,25`` on pages, ``85.25`` in open-data files. (Scoring
    also gives Fractions whose parts are gmpy2 integers, which an mpq cannot be compared with.)"""
    from gmpy2 import mpq, mpz

    from generator.numeric import PLACES, _vi_text, plain, remembered, vi_number

    page_text = remembered(lambda v: _vi_text(round_published(v), PLACES))
    file_text = remembered(lambda v: plain(round_published(v)))
    as_given = [v if v.denominator != 1 or i % 3 == 0 else int(v) for i, v in enumerate(values)] + [mpq(v.numerator, v.denominator) for v in values] + [F(mpz(v.numerator), mpz(v.denominator)) for v in values]
    rng.shuffle(as_given)
    for value in as_given:
        exact = F(int(value.numerator), int(value.denominator))
        whole = (2 * abs(exact.numerator) * 100 + exact.denominator) // (2 * exact.denominator)
        fresh = f"{'-' if exact < 0 and whole else ''}{whole // 100}.{whole % 100:02d}"
        assert file_text(value) == fresh
        assert page_text(value) == vi_number(value) == _vi_text(Decimal(fresh), PLACES)


SEGMENT = st.sampled_from(["xep-hang", "2024", "cap-xa", "don-vi", "xa-a", "a", "b", "index.md", "du-lieu-mo.md", "x.csv"])


@given(st.lists(SEGMENT, max_size=4), st.lists(SEGMENT, max_size=4), st.booleans())
def test_site_links_are_what_relpath_gives(to, here, page):
    """Links between the site's own paths are computed by common prefix, for speed; for any two clean
    paths they are what ``posixpath.relpath`` gives."""
    import posixpath

    from generator.pages.paths import _relpath

    directory = "/".join(here) + ("/" if here else "")
    target = "/".join(to) + ("/" if to and page else "")
    assert _relpath(target, directory) == posixpath.relpath(target or ".", directory.rstrip("/") or ".")


# --------------------------------------------------------------------------- published numbers


def _published_view(results):
    """What a unit's results publish, by unit id: total, maximum, DTI % and every indicator's scores."""
    return {
        r.unit.id: (r.score, r.max_score, r.percent, {k: (v.max_points, v.self_score, v.score, v.status) for k, v in r.indicators.items()})
        for r in results
    }


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_results_do_not_depend_on_the_order_of_rows(tiny, data):
    """Shuffling the rows of units.csv, inputs.csv and assessments.csv changes nothing published (min–max,
    which compares units, included)."""
    fw = tiny[True]
    units, rows, target, leaf = data.draw(editions(fw))
    assessments = [Assessment(target, leaf, None, True, "", 0)]
    before = _published_view(EditionScorer(make_edition(units, rows, assessments), fw).score())
    shuffled_units = tuple(data.draw(st.permutations(units)))
    shuffled_rows = tuple(data.draw(st.permutations(rows)))
    after = _published_view(EditionScorer(make_edition(shuffled_units, shuffled_rows, assessments), fw).score())
    assert before == after


def _hundredths(value) -> bool:
    return value is None or 100 % int(F(int(value.numerator), int(value.denominator)).denominator) == 0


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_total_is_the_sum_of_its_rows_as_published(tiny, data):
    """A leaf's score is a published number (whole hundredths); a parent's score, and the unit's total,
    is exactly the sum of its evaluated rows as published, so a reader adding up indicator_scores.csv gets
    results.csv's total to the digit; DTI % is that total over the maximum, rounded once."""
    fw = tiny[True]
    units, rows, target, leaf = data.draw(editions(fw))
    results = EditionScorer(make_edition(units, rows, [Assessment(target, leaf, None, True, "", 0)]), fw).score()
    for r in results:
        for ind in fw.walk():
            i = r.indicators[ind.id]
            assert _hundredths(i.score) and _hundredths(i.self_score)
            if not ind.is_leaf and i.evaluated:
                children = [r.indicators[c] for c in ind.children if r.indicators[c].evaluated]
                assert i.score == sum((c.score for c in children), F(0))
                assert i.max_points == sum((c.max_points for c in children), F(0))
        roots = [r.indicators[root] for root in fw.roots if r.indicators[root].evaluated]
        assert r.score == sum((i.score for i in roots), F(0))
        if r.max_score:
            assert r.percent == round_published(F(r.score) / F(r.max_score) * 100)


NAMES = st.sampled_from(["a", "b", "c"])


@st.composite
def formula_texts(draw, depth=0):
    """Arithmetic over a, b, c as a decision might write it: any mix of + − × ÷ and brackets."""
    if depth >= 3 or draw(st.booleans()):
        return draw(NAMES)
    op = draw(st.sampled_from(["+", "-", "*", "/"]))
    return f"({draw(formula_texts(depth + 1))}{op}{draw(formula_texts(depth + 1))})"


@pytest.mark.slow
@settings(max_examples=800, deadline=None)
@given(formula_texts(), st.sampled_from(["ratio", "ratio_target", "tiers", "capped_count", "all_or_nothing"]), st.booleans(), st.data())
def test_no_rule_of_any_formula_gives_a_score_outside_zero_to_max(text, kind, cap, data):
    """Whatever a formula gives (negative for (a−b)/b with a < b, above 1 for a+b/c), a rule either
    refuses the figures with a located problem or gives a share in [0, 1]."""
    from generator.rules import build_rule

    options = {
        "ratio": "over_100: cap" if cap else "",
        "ratio_target": "target: 80%" + ("; over_100: cap" if cap else ""),
        "tiers": ">= 1/2: 1; >= 1/4: 1/2; else: 0",
        "capped_count": "full_at: 10",
        "all_or_nothing": "over_100: cap" if cap else "",
    }[kind]
    rule = build_rule(kind, text, options)
    values = {n: data.draw(st.integers(min_value=0, max_value=60).map(F)) for n in rule.formula.names}
    try:
        share = rule.share(Values(values), F(10))
    except DataError:
        return
    assert 0 <= share <= 1


FORMATS = st.sampled_from([("", "."), (".", ","), ("", ","), (",", "."), (" ", ",")])  # (groupChar, decimalChar)


def _written(value: F, group: str, decimal: str) -> str:
    """An exact value with at most 3 decimals, written in a column's declared format."""
    whole, rest = divmod(int(value * 1000), 1000)
    digits = f"{whole:,}".replace(",", group) if group else str(whole)
    return digits + (f"{decimal}{rest:03d}" if rest else "")


TIERS = ">= 1000: 1; >= 1: 1/2; else: 0"


@cache
def _tiers_framework():
    rows = [
        dict(id="1", level="main", name="Chính", max_points=10),
        dict(id="1.1", parent="1", level="component", name="Kinh phí", max_points=10, rule="tiers", formula="x", options=TIERS),
    ]
    problems = []
    fw = load_framework(write_framework(Path(tempfile.mkdtemp()) / "k", rows, [dict(indicator_id="1.1", name="x", type="amount", meaning="Kinh phí")]), problems)
    assert fw is not None and not [p for p in problems if p.is_error], problems
    return fw


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=3_000_000).map(lambda n: F(n, 1000)), st.integers(min_value=0, max_value=3_000_000).map(lambda n: F(n, 1000)), FORMATS, FORMATS, st.booleans())
def test_each_side_scores_its_own_figure_read_in_its_own_columns_format(own, council, self_format, council_format, same_text):
    """The office's figure is read in self_value's declared number format and the council's in
    appraised_value's, whatever the other column holds: equal texts in two columns that read numbers
    differently («1.500» is 1.5 in one and 1500 in the other) are two figures, and a figure equal in
    meaning written in each column's own way is one."""
    from dataclasses import replace

    from generator.numeric import NumberFormat
    from generator.rules import build_rule

    own_text = _written(own, *self_format)
    council_fmt = NumberFormat(council_format[1], council_format[0])
    if same_text:
        council_text = own_text
        council = council_fmt.parse(own_text)
        assume(council is not None)
    else:
        council_text = _written(council, *council_format)
    unit = Unit("u", "Xã U", "commune", None, False, "", (), 2)
    edition = make_edition((unit,), (InputValue("u", "1.1", "x", own_text, council_text, 2),))
    formats = {"self_value": NumberFormat(self_format[1], self_format[0]), "appraised_value": council_fmt}
    [result] = EditionScorer(replace(edition, value_formats=formats), _tiers_framework()).score()
    rule = build_rule("tiers", "x", TIERS)
    assert result.indicators["1.1"].score == rule.share(Values({"x": F(council)}), F(10)) * 10
    assert result.indicators["1.1"].self_score == rule.share(Values({"x": own}), F(10)) * 10
