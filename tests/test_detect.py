"""Personal-data detection: what a demanding FOI officer expects to block, warn about and pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from foi_guard.cli import main
from foi_guard.model import Hidden, Severity, Verdict
from foi_guard.pipeline import scan_path
from foi_guard.policy import load_policy
from sample_spreadsheets.make_samples import build_psni_style_workforce
from tests.fixtures import detect_fixtures as fx


def personal(result, entity: str | None = None):
    return [f for f in result.findings if f.category == "personal_data"
            and (entity is None or f.entity == entity)]


def test_psni_shaped_workbook_names_people_ranks_and_units_in_the_hidden_sheet(
        tmp_path: Path) -> None:
    result = scan_path(build_psni_style_workforce(tmp_path / "psni.xlsx"))
    assert result.verdict == Verdict.BLOCK
    in_hidden = [f for f in personal(result) if Hidden.HIDDEN_SHEET in f.hidden]
    entities = {f.entity for f in in_hidden}
    assert {"PERSON", "POLICE_RANK", "POLICE_UNIT"} <= entities
    surname = next(f for f in in_hidden if f.entity == "PERSON" and "Surname" in
                   (f.location.detail or ""))
    assert surname.location.sheet == "Data" and surname.location.columns == "A"
    assert surname.count == 200 and surname.severity == Severity.BLOCK
    # the visible summary is counts by rank: not personal data
    assert not [f for f in personal(result) if f.location.sheet == "Summary"]


def test_officer_numbers_by_rank_pass(tmp_path: Path) -> None:
    result = scan_path(fx.build_officers_by_rank(tmp_path / "ranks.xlsx"))
    assert result.verdict == Verdict.PASS, [f.message for f in result.findings]
    assert not personal(result)


def test_force_areas_that_are_surnames_pass(tmp_path: Path) -> None:
    result = scan_path(fx.build_force_areas(tmp_path / "areas.xlsx"))
    assert result.verdict == Verdict.PASS, [f.message for f in result.findings]


def test_visible_victims_table_blocks(tmp_path: Path) -> None:
    result = scan_path(fx.build_victims_visible(tmp_path / "victims.xlsx"))
    assert result.verdict == Verdict.BLOCK
    entities = {f.entity for f in personal(result)}
    assert {"PERSON", "VICTIM", "AGE", "STREET_ADDRESS", "UK_POSTCODE"} <= entities
    assert all(not f.hidden for f in personal(result))


def test_statement_in_a_comment_is_found(tmp_path: Path) -> None:
    result = scan_path(fx.build_statement_note(tmp_path / "note.xlsx"))
    assert result.verdict == Verdict.BLOCK
    in_comment = [f for f in personal(result) if Hidden.COMMENT in f.hidden]
    entities = {f.entity for f in in_comment}
    assert {"PERSON", "STREET_ADDRESS", "UK_POSTCODE"} <= entities
    person = next(f for f in in_comment if f.entity == "PERSON")
    assert person.location.cell == "B2"
    assert all("O'Neill" not in e for f in in_comment for e in f.evidence)


def test_small_numbers_in_a_table_about_people_warn(tmp_path: Path) -> None:
    result = scan_path(fx.build_small_numbers(tmp_path / "wards.xlsx"))
    small = [f for f in result.findings if f.category == "small_number"]
    assert len(small) == 1 and small[0].severity == Severity.WARN
    assert small[0].count == 2 and small[0].location.range == "B3:B5"
    assert result.verdict == Verdict.PASS


def test_allowlisted_chief_officers_are_not_findings(tmp_path: Path) -> None:
    path = fx.build_chief_officers(tmp_path / "chiefs.xlsx")
    assert scan_path(path).verdict == Verdict.BLOCK
    allow = tmp_path / "allow.yaml"
    allow.write_text("values:\n  - Jonathan Boutcher\n  - bobby  singleton\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", "--allowlist", str(allow), str(path)])
    assert result.exit_code == 0, result.stdout


def test_baseline_accepts_a_re_release_of_the_same_file(tmp_path: Path) -> None:
    path = fx.build_victims_visible(tmp_path / "victims.xlsx")
    baseline = tmp_path / "baseline.json"
    first = CliRunner().invoke(main, ["scan", "--write-baseline", str(baseline), str(path)])
    assert first.exit_code == 1
    text = baseline.read_text(encoding="utf-8")
    assert "McAteer" not in text and json.loads(text)["findings"]
    again = CliRunner().invoke(main, ["scan", "--baseline", str(baseline), str(path)])
    assert again.exit_code == 0 and "accepted in the baseline" in again.stdout
    other = fx.build_statement_note(tmp_path / "other.xlsx")
    assert CliRunner().invoke(main, ["scan", "--baseline", str(baseline),
                                     str(other)]).exit_code == 1


def test_hidden_statistics_warn_by_default_and_block_under_strict(tmp_path: Path) -> None:
    path = fx.build_hidden_statistics(tmp_path / "hidden.xlsx")
    default = scan_path(path)
    assert default.verdict == Verdict.PASS
    assert any(Hidden.HIDDEN_SHEET in f.hidden and f.severity == Severity.WARN
               for f in default.findings)
    assert scan_path(path, policy=load_policy("strict")).verdict == Verdict.BLOCK


def test_author_names_in_metadata_warn(tmp_path: Path) -> None:
    result = scan_path(fx.build_author_metadata(tmp_path / "authors.xlsx"))
    names = personal(result, "PERSON")
    assert names and all(f.severity == Severity.WARN for f in names)
    assert all(Hidden.METADATA in f.hidden for f in names)
    assert result.verdict == Verdict.PASS


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_no_report_shows_a_name_in_full(tmp_path: Path, fmt: str) -> None:
    path = fx.build_victims_visible(tmp_path / "victims.xlsx")
    out = CliRunner().invoke(main, ["scan", "--format", fmt, str(path)]).stdout
    for name, *_ in fx.VICTIMS:
        for part in name.split():
            assert part not in out, f"{part} shown in the {fmt} report"


def test_missing_model_is_a_clear_error_not_a_download(tmp_path: Path, monkeypatch) -> None:
    from foi_guard.detect import text

    monkeypatch.setattr(text, "MODEL_PACKAGE", "no_such_spacy_model")
    text.load_model.cache_clear()
    text._batch_engine.cache_clear()
    try:
        result = scan_path(fx.build_statement_note(tmp_path / "note.xlsx"))
    finally:
        text.load_model.cache_clear()
        text._batch_engine.cache_clear()
    assert result.verdict == Verdict.ERROR
    assert "no_such_spacy_model is not installed" in result.error


@pytest.mark.parametrize("name", ["hidden_row", "filtered_row", "out_of_view"])
def test_one_person_hidden_in_a_statistics_table_blocks_under_the_default_policy(
        name: str, tmp_path: Path) -> None:
    """A single complainant or informant out of sight in a table of counts: the default policy
    (which only warns about hidden content as such) must still find the person."""
    from tests.fixtures.xlsx_fixtures import FIXTURES

    result = scan_path(FIXTURES[name].builder(tmp_path))
    hits = [f for f in result.findings if f.category == "personal_data" and f.hidden]
    assert str(result.verdict) == "block" and any(f.entity == "PERSON" for f in hits), [
        (f.rule, f.entity, f.location.describe()) for f in result.findings]
