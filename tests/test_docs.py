"""Documentation that cannot silently fall behind the code: every field and rule kind is described."""

import re

import pytest

from generator.load import standard_schema
from generator.rules import RULES

from .helpers import ROOT

FORMAT_PAGE = (ROOT / "content" / "dinh-dang-du-lieu.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("schema", ["units", "assessments", "inputs", "evidence", "objections", "framework-indicators", "framework-inputs"])
def test_every_field_of_the_input_format_is_documented(schema):
    for field in standard_schema(schema)["fields"]:
        assert f"`{field['name']}`" in FORMAT_PAGE, field["name"]


@pytest.mark.parametrize("kind", sorted(RULES))
def test_every_rule_kind_is_documented(kind):
    assert f"`{kind}`" in FORMAT_PAGE


@pytest.mark.parametrize("option", ["on_zero", "over_100", "target", "below", "gate", "full_at", "per_item", "if_all_equal", "source", "else"])
def test_every_rule_option_is_documented(option):
    assert option in FORMAT_PAGE


def test_the_boundaries_resource_is_documented():
    for words in ("`boundaries`", "`properties.unit_id`", "`FeatureCollection`", "`Polygon`", "`MultiPolygon`", "WGS 84", "VN-2000", "20 MB"):
        assert words in FORMAT_PAGE, words


def test_format_page_explains_spreadsheet_export():
    for words in ("Excel", "LibreOffice", "Google", "UTF-8", "dti validate"):
        assert words in FORMAT_PAGE


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make test" in readme


def test_every_open_data_column_and_file_is_in_the_readme_contract():
    from generator.opendata import ALL_YEARS_XLSX, DRAFT_CHANGES_SCHEMA, OBJECTIONS_SCHEMA, SCHEMAS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contract = readme[readme.index("## Open data (public contract)"):readme.index("## How scores are computed")]
    for name, schema in SCHEMAS.items():
        listed = contract[contract.index(f"`{name}.csv`"):].split("\n- ", 1)[0]
        assert [f["name"] for f in schema["fields"]] == [c.strip(" `\n") for c in listed.split(":", 1)[1].split(",")], name
    assert "dti-<year>.xlsx" in contract and ALL_YEARS_XLSX.rsplit("/", 1)[1] in contract
    for name, schema in (("objections", OBJECTIONS_SCHEMA), ("draft_changes", DRAFT_CHANGES_SCHEMA)):
        listed = contract[contract.index(f"`{name}.csv`"):].split("\n- ", 1)[0].split("\n\n", 1)[0]
        assert [f["name"] for f in schema["fields"]] == [c.strip(" `\n") for c in listed.split(":", 1)[1].split(",")], name


def test_the_readme_and_the_command_line_name_the_errata_file_where_it_is_written():
    from generator.cli import make_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "site/data/errata.csv" in readme and not re.search(r"(?<!site/)\bdata/errata\.csv", readme)
    publish = next(a for a in make_parser()._subparsers._group_actions[0].choices["publish"]._actions if "--correction" in a.option_strings)
    assert "site/data/errata.csv" in publish.help


def test_every_link_of_the_readme_and_the_design_notes_leads_to_a_file():
    for page in (ROOT / "README.md", ROOT / "docs" / "design.md", ROOT / "bench" / "HISTORY.md"):
        links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8"))
        assert links, page
        for link in links:
            assert (page.parent / link).exists(), (page.name, link)


def test_the_readme_says_where_a_score_is_computed_a_page_rendered_and_an_error_declared():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Where to look"):].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in table.splitlines() if line.startswith("| ") and line.count("|") == 3}
    assert "generator/score.py" in rows["how a score is computed"]
    assert "generator/pages/" in rows["how a page is rendered"] and "generator/templates/" in rows["how a page is rendered"]
    assert "generator/codes.py" in rows["where an error is declared"]
    for kind in ("a rule kind", "a check", "a page family"):
        assert kind in rows, kind
