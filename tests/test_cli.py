"""The command line as scripts use it: exit codes, folders, standard input, text and SARIF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from foi_guard.cli import main
from tests.fixtures.xlsx_fixtures import (
    SURNAMES,
    build_clean_stats,
    build_hidden_sheet,
    build_not_a_zip,
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    folder = root / "outgoing" / "nested"
    folder.mkdir(parents=True)
    return {
        "clean": build_clean_stats(root / "outgoing" / "clean.xlsx"),
        "leak": build_hidden_sheet(folder / "leak.xlsx"),
        "broken": build_not_a_zip(root / "broken.xlsx"),
        "folder": root / "outgoing",
    }


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_folder_is_scanned_recursively_and_the_worst_verdict_wins(files) -> None:
    result = run("scan", "--format", "json", str(files["folder"]))
    report = json.loads(result.stdout)
    assert {Path(f["path"]).name for f in report["files"]} == {"clean.xlsx", "leak.xlsx"}
    assert result.exit_code == 1 and report["verdict"] == "block"
    result = run("scan", "--format", "json", str(files["folder"]), str(files["broken"]))
    assert result.exit_code == 2


def test_standard_input_is_scanned(files) -> None:
    result = run("scan", "-", stdin=files["leak"].read_bytes())
    assert result.exit_code == 1
    assert "<stdin>" in result.stdout and "hidden_sheet" in result.stdout


def test_text_report_says_where_and_never_shows_a_surname(files) -> None:
    result = run("scan", str(files["leak"]))
    assert result.exit_code == 1
    assert "BLOCK" in result.stdout and "sheet 'Officers'" in result.stdout
    assert not [s for s in SURNAMES if s in result.stdout]


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    result = run("scan", str(tmp_path / "nope.xlsx"))
    assert result.exit_code == 2 and "no such file" in result.stdout


def test_sarif_report_is_valid_shape_and_written_to_file(files, tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    result = run("scan", "--format", "sarif", "--output", str(out), str(files["leak"]),
                 str(files["broken"]))
    assert result.exit_code == 2 and result.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0"
    run_ = doc["runs"][0]
    rules = {r["id"] for r in run_["tool"]["driver"]["rules"]}
    assert run_["results"] and all(r["ruleId"] in rules for r in run_["results"])
    assert any(r["level"] == "error" and "hidden_sheet" in r["properties"]["hidden"]
               for r in run_["results"])
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert run_["invocations"][0]["executionSuccessful"] is False and len(notes) == 1
    assert not [s for s in SURNAMES if s in out.read_text(encoding="utf-8")]


def test_unknown_policy_is_a_usage_error(files) -> None:
    result = run("scan", "--policy", "no-such-policy", str(files["clean"]))
    assert result.exit_code == 2 and "unknown policy" in result.output


def test_jobs_scan_in_parallel_with_the_same_results_in_the_same_order(files) -> None:
    paths = [str(files["clean"]), str(files["broken"]), str(files["folder"])]
    one = json.loads(run("scan", "--format", "json", *paths).stdout)
    two = run("scan", "--format", "json", "--jobs", "2", *paths)
    assert two.exit_code == 2
    assert json.loads(two.stdout) == one


def test_a_worker_that_dies_is_an_error_not_a_pass(files) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from foi_guard import batch

    dead: Future = Future()
    dead.set_exception(BrokenProcessPool("killed"))
    result = batch._outcome(dead, str(files["clean"]))
    assert str(result.verdict) == "error" and "died" in (result.error or "")


def test_progress_bar_only_for_people_watching_text() -> None:
    from foi_guard.cli import wants_progress

    assert wants_progress("text", on_terminal=True, files=3)
    assert not wants_progress("json", on_terminal=True, files=3)
    assert not wants_progress("sarif", on_terminal=True, files=3)
    assert not wants_progress("text", on_terminal=False, files=3)


def test_forced_progress_bar_goes_to_stderr_and_leaves_json_intact(files) -> None:
    result = CliRunner().invoke(main, ["scan", "--format", "json", "--progress",
                                       str(files["folder"])])
    assert json.loads(result.stdout)["verdict"] == "block"
