"""A manifest (``data/published/<version>.json``) edited by hand, broken, or made up is answered with a
message naming the file, never an internal error.

``dti build --edition`` and ``dti export`` read every manifest of the repository (at each tag, for an
export); the pages of an edition print its decision, date, checksums and errata. A fuzz test mutates a
manifest as ``dti publish`` writes it (fields removed, of another type, errata rows broken, the JSON cut
or made of bytes) and reads it as a build does: either it is refused, naming the file and what is wrong,
or every part of it a build uses works (its date, checksums, errata table and errata page).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.editions import ERRATA_FIELDS, FIELD_LABELS, EditionInfo, ManifestError, edition_info, errata_csv, load_manifest
from generator.model import Dataset
from generator.pages.base import environment
from generator.pages.overview import errata_page
from generator.pages.units import _corrections

NAME = "data/published/2024.1.json (thẻ dti-2024.1)"
ROW = {"version": "2024.1", "year": 2024, "unit_id": "so-tai-chinh", "unit_name": "Sở Tài chính", "indicator_id": "3.1",
       "field": "indicator_score", "old_value": "7.50", "new_value": "8.00", "reason": "Hội đồng nhập sai"}
BASE = {
    "version": "2024.1", "year": 2024, "province": "Tỉnh Minh Họa", "decision": "Quyết định số 1/QĐ-UBND", "date": "2025-03-22",
    "correction": "Hội đồng nhập sai", "supersedes": "2024", "generator_version": "0.1.0", "frameworks": {"2024": {"department": "x"}},
    "data_sha256": "a" * 64, "inputs": [{"path": "data/2024/inputs.csv", "sha256": "b" * 64}],
    "outputs": [{"path": "data/2024/results.csv", "sha256": "c" * 64}],
    "errata": [ROW, dict(ROW, field="rank", old_value="3", new_value="2"), dict(ROW, field="total_score", old_value="", new_value="120.25")],
}

# What the downloads page and a corrected unit's scorecard print of an edition's manifests.
NOTES = environment().from_string(
    '{% from "_errata.html" import change %}'
    '{{ (manifest.decision or "–") | dates }}, {{ manifest.date | date }}{% if manifest.correction %} {{ manifest.supersedes }}: {{ manifest.correction }}{% endif %}'
    '{% for m, rows in corrections %}{{ m.version }} {{ m.correction }}{{ "" if m.correction[-1:] in ".!?" else "." }} {{ m.supersedes }}: '
    '{% for row in rows %}{{ change(row, labels) }}{% endfor %}{% endfor %}'
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def manifests(draw) -> bytes:
    manifest = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(0, 3))):
        if not isinstance(manifest, dict):
            break
        kind = draw(st.integers(0, 4))
        if kind == 0:
            manifest.pop(draw(st.sampled_from(sorted(BASE))), None)
        elif kind == 1:
            manifest[draw(st.sampled_from(sorted(BASE)))] = draw(JSON)
        elif kind == 2 and isinstance(manifest.get("errata"), list) and manifest["errata"]:
            row = manifest["errata"][0]
            if isinstance(row, dict):
                key = draw(st.sampled_from(ERRATA_FIELDS))
                if draw(st.booleans()):
                    row.pop(key, None)
                else:
                    row[key] = draw(st.one_of(JSON, st.sampled_from(["", "abc", "1e5", "NaN", "-0.5", "rank", "9" * 40])))
        elif kind == 3:
            manifest[draw(st.sampled_from(["date", "data_sha256", "version"]))] = draw(st.sampled_from(
                ["2025-02-30", "25-03-2025", "0001-01-01", "9999-12-31", "2025-03-22T00:00", "A" * 64, "g" * 64, "2024", "2024.01", ""]
            ))
        else:
            manifest = draw(JSON)
    text = json.dumps(manifest, ensure_ascii=draw(st.booleans())).encode("utf-8")
    damage = draw(st.integers(0, 9))
    if damage == 0:
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == 1:
        text = draw(st.binary(max_size=40))
    elif damage == 2:
        depth = draw(st.integers(1, 100_000))
        text = b"[" * depth + b"]" * depth
    elif damage == 3:
        text = text.replace(b'"year": 2024', b'"year": ' + b"9" * draw(st.integers(1, 10_000)), 1)
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(manifests())
def test_a_manifest_is_refused_naming_its_file_or_every_part_a_build_uses_works(data):
    try:
        manifest = load_manifest(data, NAME, "2024.1")
    except ManifestError as exc:
        assert str(exc).startswith("data/published/2024.1.json"), str(exc)
        return
    info = EditionInfo("2024.1", manifest, (manifest,))
    assert isinstance(info.epoch, int) and len(info.data_sha256) == 64 and isinstance(info.outputs, dict)
    errata_csv(info.errata)
    assert "Đính chính" in errata_page(Dataset(), info).title
    NOTES.render(manifest=manifest, corrections=[c for row in info.errata for c in _corrections(info, row["unit_id"], row["year"])], labels=FIELD_LABELS)


def test_what_publish_writes_passes():
    assert load_manifest(json.dumps(BASE).encode("utf-8"), NAME, "2024.1") == BASE


@pytest.mark.parametrize(
    "text, said",
    [
        (b"{", "data/published/2024.1.json (thẻ dti-2024.1), dòng 1: tệp bảng kê không phải JSON hợp lệ"),
        (b"\xff\xfe", "không phải văn bản UTF-8"),
        (b"[]", "phải chứa một đối tượng JSON"),
        (json.dumps(dict(BASE, version="2023")).encode(), "«version» phải là «2024.1»"),
        (json.dumps(dict(BASE, date="22/03/2025")).encode(), "«date» phải là ngày công bố dạng YYYY-MM-DD"),
        (json.dumps(dict(BASE, errata=[dict(ROW, field="diem")])).encode(), "«field» phải là một trong"),
        (json.dumps(dict(BASE, errata=[dict(ROW, old_value="bảy")])).encode(), "giá trị «bảy» không phải một số"),
    ],
)
def test_each_broken_manifest_is_named_with_what_is_wrong(text, said):
    with pytest.raises(ManifestError) as caught:
        load_manifest(text, NAME, "2024.1")
    assert said in str(caught.value)


def test_building_an_edition_whose_manifests_are_broken_is_a_located_issue(tmp_path, capsys):
    from generator.cli import main

    published = tmp_path / "data" / "published"
    published.mkdir(parents=True)
    (published / "2024.json").write_text(json.dumps(dict(BASE, version="2024", correction=None, supersedes=None, errata=[])), encoding="utf-8")
    (published / "2023.json").write_text('{"version": "2023", ', encoding="utf-8")
    with pytest.raises(ManifestError, match="2023.json, dòng 1"):
        edition_info(tmp_path, "2024")
    status = main(["build", "--edition", "2024", "--data", str(tmp_path / "data"), "--site-dir", str(tmp_path / "site")])
    out = capsys.readouterr()
    assert status == 1 and "Lỗi nội bộ" not in out.out + out.err
    assert "data/published/2023.json, dòng 1: Lỗi: tệp bảng kê không phải JSON hợp lệ" in out.out and "[bad-manifest]" in out.out
