"""Redacting Word documents: every hiding place a scan finds is gone from the copy (searched in
the unzipped XML, not only in what a reader shows), the copy re-scans clean, the words a reader
sees survive around the markers, and the layout (tables, styles) is the input's."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from foi_guard.limits import Limits
from foi_guard.model import Verdict
from foi_guard.pipeline import scan_in_full, scan_path
from foi_guard.redact import redact
from foi_guard.redact.docx import story_texts
from tests.fixtures.docx_fixtures import DISTRICTS, FIXTURES, INTRO

REDACTABLE = sorted(n for n, e in FIXTURES.items() if e.verdict != "error")


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def hidden_values(path: Path) -> set[str]:
    """Values found only in hiding places of the input: none may reach the copy."""
    scan = scan_in_full(path.read_bytes(), str(path))
    visible = "\n".join(u.value for u in scan.units if not u.hidden)
    return {u.value for u in scan.units if u.hidden and len(u.value) >= 5
            and u.value not in visible and not u.value.isdigit()
            and "Information Rights" not in u.value and "FOI reply" not in u.value}


@pytest.mark.parametrize("name", REDACTABLE)
def test_every_fixture_redacts_to_a_copy_that_passes(name: str, tmp_path: Path) -> None:
    source = FIXTURES[name].builder(tmp_path)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    job = redact(source)
    assert job.ok, job.error
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before, "input was modified"
    out = Path(job.outputs[0])
    assert out.name == source.stem + ".redacted.docx"
    assert scan_path(out).verdict == Verdict.PASS
    text = package_text(out)
    leaked = sorted(v for v in hidden_values(source) if v in text)
    assert not leaked, f"hidden content survived: {[v[:4] for v in leaked]}"
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".foi-guard-")] == []


def test_blocked_names_are_replaced_and_the_letter_kept(tmp_path: Path) -> None:
    source = FIXTURES["tracked_insertion"].builder(tmp_path)
    out = Path(redact(source).outputs[0])
    texts = list(story_texts(out.read_bytes(), Limits()).values())
    assert INTRO in texts
    assert [row[0] for row in DISTRICTS] == [t for t in texts if t in
                                             {r[0] for r in DISTRICTS}]
    sentence = next(t for t in texts if t.startswith("One complaint was upheld."))
    assert "[redacted: PERSON]" in sentence and "Donnelly" not in sentence
    assert "The complainant was" in sentence, "an accepted insertion keeps its other words"


def test_a_table_of_officers_keeps_its_header_and_shape(tmp_path: Path) -> None:
    source = FIXTURES["visible_names"].builder(tmp_path)
    job = redact(source)
    texts = story_texts(Path(job.outputs[0]).read_bytes(), Limits())
    officers = {k[1][1:3]: v for k, v in texts.items() if k[1][0] == "table 2"}
    assert officers[(1, 1)] == "Surname" and officers[(1, 3)] == "Rank"
    assert all(v.startswith("[redacted:") for (row, _c), v in officers.items() if row > 1)
    before = {k[1][1:3] for k in story_texts(source.read_bytes(), Limits()) if k[1][0] == "table 2"}
    assert set(officers) == before, "every cell of the input's table is still there"
    assert any(c["action"] == "redacted PERSON" and "*" in str(c["evidence"])
               for c in job.changes)


def test_deleted_text_hidden_runs_and_field_codes_are_gone_from_the_xml(
        tmp_path: Path) -> None:
    for name, gone in (("tracked_deletion", "w:delText"), ("hidden_text", "w:vanish"),
                       ("field_code", "w:instrText"), ("comment", "commentReference")):
        out = Path(redact(FIXTURES[name].builder(tmp_path)).outputs[0])
        assert gone not in package_text(out), name


def test_embedded_workbook_and_chart_are_not_copied(tmp_path: Path) -> None:
    out = Path(redact(FIXTURES["embedded_workbook"].builder(tmp_path)).outputs[0])
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert not [n for n in names if "embeddings" in n or "charts/" in n]
    assert "c:chart" not in package_text(out)


def test_macro_enabled_document_becomes_a_plain_document(tmp_path: Path) -> None:
    out = Path(redact(FIXTURES["macro"].builder(tmp_path)).outputs[0])
    assert out.suffix == ".docx"
    text = package_text(out)
    assert "vbaProject" not in text and "macroEnabled" not in text


def test_metadata_is_neutral(tmp_path: Path) -> None:
    out = Path(redact(FIXTURES["metadata"].builder(tmp_path)).outputs[0])
    with zipfile.ZipFile(out) as zf:
        core = zf.read("docProps/core.xml").decode()
    assert "creator" not in core


def test_workbook_format_is_refused_for_a_document(tmp_path: Path) -> None:
    source = FIXTURES["visible_names"].builder(tmp_path)
    job = redact(source, fmt="csv")
    assert not job.ok and "docx" in (job.error or "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


def test_truncated_document_gives_a_reason_and_no_output(tmp_path: Path) -> None:
    source = FIXTURES["truncated"].builder(tmp_path)
    job = redact(source)
    assert not job.ok and job.error and "\n" not in job.error
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


def test_python_docx_reads_the_copy(tmp_path: Path) -> None:
    """An independent reader opens the copy (LibreOffice is tried in test_redact.py)."""
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    out = Path(redact(FIXTURES["visible_names"].builder(tmp_path)).outputs[0])
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == INTRO
    assert len(document.tables) == 2


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-writer-nogui to run this check")
def test_libreoffice_opens_the_copy(tmp_path: Path) -> None:
    out = Path(redact(FIXTURES["tracked_insertion"].builder(tmp_path)).outputs[0])
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "txt:Text", "--outdir", str(tmp_path / "txt"),
                           str(out)], capture_output=True, timeout=180, check=False)
    text = (tmp_path / "txt" / f"{out.stem}.txt").read_text("utf-8-sig")
    assert done.returncode == 0
    assert INTRO in text and "[redacted: PERSON]" in text and "Donnelly" not in text
