"""PDFs, one per hiding place (tests/fixtures/pdf_fixtures.py): the scanner must find what each
hides, say where, mask the evidence, not cry wolf on ordinary drawing, and fail closed on files
it cannot read. Last, the real-world corpus: every PDF in it must scan without internal error."""

from __future__ import annotations

import csv
import io
import json
import random
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from foi_guard.formats import inspect_data
from foi_guard.formats.base import Context
from foi_guard.limits import Deadline, Limits
from foi_guard.model import ContentUnit, Fact, Hidden
from foi_guard.pipeline import scan_bytes, scan_in_full, scan_path
from foi_guard.policy import load_policy
from foi_guard.report import json as json_report
from foi_guard.sniff import sniff
from tests.conftest import corpus_dir
from tests.fixture_cache import cached_builder, cached_scanner
from tests.fixtures.pdf_fixtures import FIXTURES, OFFICERS, SURNAMES, VICTIMS, Expected

CONTENT = sorted(n for n, e in FIXTURES.items()
                 if e.verdict in ("block", "warn-only") and e.fact is None)
FACTS = sorted(n for n, e in FIXTURES.items() if e.fact is not None)
CLEAN = sorted(n for n, e in FIXTURES.items() if e.verdict == "pass")
ERRORS = sorted(n for n, e in FIXTURES.items() if e.verdict == "error")
READABLE = sorted(n for n, e in FIXTURES.items() if e.verdict != "error")


# --- building and scanning, once per module ---------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    return cached_builder(FIXTURES, tmp_path_factory.mktemp("pdf_fixtures"))


@pytest.fixture(scope="module")
def scanned(built: Callable[[str], Path]) -> Callable[..., Any]:
    return cached_scanner(built)


def _describe(result: Any) -> str:
    lines = [f"verdict={result.verdict!s} error={result.error!r} notes={result.notes!r}"]
    for f in result.findings:
        lines.append(f"  {f.severity!s:5} {f.rule} {[str(h) for h in f.hidden]} "
                     f"{f.location.as_dict()}")
    return "\n".join(lines)


def _matching(result: Any, expected: Expected) -> list[Any]:
    """Findings with the expected reason (none at all for visible data) and location."""
    if expected.fact is not None:
        found = [f for f in result.findings if f.rule == expected.fact]
    elif expected.reason == "":
        found = [f for f in result.findings if not f.hidden and f.category == "personal_data"]
    else:
        found = [f for f in result.findings if expected.reason in {str(h) for h in f.hidden}]
    assert found, f"no finding for {expected.reason or expected.fact!r}\n{_describe(result)}"
    for attr, want in (("part", expected.part), ("detail", expected.detail),
                       ("file", expected.file)):
        if want is not None:
            found = [f for f in found if want in (getattr(f.location, attr) or "")]
            assert found, f"no such finding with {attr} containing {want!r}\n{_describe(result)}"
    return found


def _units(data: bytes, limits: Limits | None = None) -> tuple[list[ContentUnit], list[Fact],
                                                                 list[str]]:
    ctx = Context(limits or Limits(), Deadline(60))
    items = list(inspect_data(data, ctx))
    return ([i for i in items if isinstance(i, ContentUnit)],
            [i for i in items if isinstance(i, Fact)], ctx.notes)


def _reasons(units: list[ContentUnit]) -> set[str]:
    return {str(h) for u in units for h in u.hidden}


# --- the fixtures themselves ------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_holds_what_it_claims(name: str, built: Callable[[str], Path]) -> None:
    data = built(name).read_bytes()
    assert data.startswith(b"%PDF-")
    assert FIXTURES[name].probe is None or FIXTURES[name].probe in data


def test_fixtures_are_deterministic(tmp_path: Path) -> None:
    for name in ("clean_stats", "hidden_layer", "earlier_revision", "attachment"):
        first = FIXTURES[name].builder(tmp_path / "a").read_bytes()
        assert FIXTURES[name].builder(tmp_path / "b").read_bytes() == first, name


# --- what the scanner says --------------------------------------------------------------------
@pytest.mark.parametrize("name", CONTENT)
def test_hidden_content_is_found(name: str, scanned: Callable[[str], Any]) -> None:
    expected = FIXTURES[name]
    result = scanned(name)
    found = _matching(result, expected)
    assert any(str(f.severity) == expected.severity for f in found), _describe(result)
    if expected.verdict == "warn-only":
        assert str(result.verdict) == "pass", _describe(result)
        assert not [f for f in result.findings if str(f.severity) == "block"], _describe(result)
    else:
        assert str(result.verdict) == expected.verdict, _describe(result)
    assert result.error is None, _describe(result)


@pytest.mark.parametrize("name", FACTS)
def test_page_without_text_layer_is_said(name: str, scanned: Callable[[str], Any]) -> None:
    expected = FIXTURES[name]
    result = scanned(name)
    found = _matching(result, expected)
    assert all(f.location.detail == "page 1" and str(f.severity) == "warn" for f in found), (
        _describe(result))
    assert str(result.verdict) == "pass", _describe(result)


@pytest.mark.parametrize("policy", ["default", "strict"])
@pytest.mark.parametrize("name", CLEAN)
def test_clean_statistics_pass(name: str, policy: str, built: Callable[[str], Path]) -> None:
    result = scan_path(built(name), policy=load_policy(policy))
    assert str(result.verdict) == "pass" and result.error is None, _describe(result)
    # Nothing at all beyond the document information (producer, dates) warning.
    assert all({str(h) for h in f.hidden} == {"metadata"} for f in result.findings), (
        _describe(result))


@pytest.mark.parametrize("name", ERRORS)
def test_unreadable_files_fail_closed(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    assert str(result.verdict) == "error", _describe(result)
    assert FIXTURES[name].error in result.error, _describe(result)
    assert "\n" not in result.error and "Traceback" not in result.error


@pytest.mark.parametrize("name", READABLE)
def test_evidence_is_masked(name: str, scanned: Callable[[str], Any]) -> None:
    report = json_report.render([scanned(name)])
    json.loads(report)
    leaked = sorted(s for s in SURNAMES if s in report)
    assert not leaked, f"the JSON report shows {leaked} in full"


# --- the text layer, unit by unit -------------------------------------------------------------
def _page(draw: Callable[[Canvas], None], pages: int = 1) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=0)
    c.setFont("Helvetica", 10)
    for _ in range(pages):
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_covered_words_are_not_also_visible(built: Callable[[str], Path]) -> None:
    units, _, _ = _units(built("covered_text").read_bytes())
    visible = " ".join(u.value for u in units if not u.hidden)
    covered = [u for u in units if u.hidden == (Hidden.COVERED_TEXT,)]
    assert "Victims:" in visible and "Belfast City" in visible
    assert {u.value for u in covered} == {f"{v[0]} {v[1]}" for v in VICTIMS[:3]}
    assert not [v for v in VICTIMS[:3] if v[1] in visible]
    assert all(u.part == "page 1" and u.row is None and u.column is None for u in units
               if u.part == "page 1")


def test_box_painted_before_text_is_a_background() -> None:
    def shaded(c: Canvas) -> None:
        c.setFillColorRGB(0.2, 0.2, 0.2)
        c.rect(60, 690, 300, 40, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)  # white on dark grey: readable
        c.drawString(72, 705, f"Prepared by {OFFICERS[0][0]} {OFFICERS[0][1]}")

    units, _, _ = _units(_page(shaded))
    assert not _reasons(units) & {"covered_text", "white_text"}, units
    assert any(OFFICERS[0][1] in u.value for u in units if not u.hidden)


def test_translucent_box_and_thin_rules_do_not_cover() -> None:
    def marked(c: Canvas) -> None:
        c.drawString(72, 705, f"Highlighted {VICTIMS[0][0]} {VICTIMS[0][1]}")
        c.drawString(72, 650, f"Struck out {VICTIMS[1][0]} {VICTIMS[1][1]}")
        c.setFillColorRGB(1, 1, 0)
        c.setFillAlpha(0.35)
        c.rect(70, 702, 200, 12, stroke=0, fill=1)
        c.setFillAlpha(1)
        c.setFillColorRGB(0, 0, 0)
        c.rect(70, 653, 200, 0.6, stroke=0, fill=1)  # a strike-through line drawn as a box

    units, _, _ = _units(_page(marked))
    assert "covered_text" not in _reasons(units), units


def test_layer_shown_by_default_is_visible(built: Callable[[str], Path]) -> None:
    writer = PdfWriter(clone_from=PdfReader(built("hidden_layer")))
    writer.root_object["/OCProperties"]["/D"][NameObject("/OFF")] = ArrayObject()
    buf = io.BytesIO()
    writer.write(buf)
    units, _, _ = _units(buf.getvalue())
    assert "optional_content" not in _reasons(units)
    assert any(OFFICERS[4][1] in u.value for u in units if not u.hidden)


def test_empty_user_password_is_noted(scanned: Callable[[str], Any]) -> None:
    result = scanned("encrypted_empty_password")
    assert any("empty user password" in n for n in result.notes), result.notes


def test_update_that_removes_nothing_is_quiet(built: Callable[[str], Path]) -> None:
    writer = PdfWriter(io.BytesIO(built("clean_stats").read_bytes()), incremental=True)
    writer.add_annotation(0, Text(text="Figures checked", rect=(400, 700, 420, 720)))
    buf = io.BytesIO()
    writer.write(buf)
    units, _, notes = _units(buf.getvalue())
    assert any("earlier revision" in n for n in notes), notes
    assert "earlier_revision" not in _reasons(units)


def test_cut_off_update_is_an_error(built: Callable[[str], Path]) -> None:
    data = built("earlier_revision").read_bytes()
    cut = data[: data.rfind(b"%%EOF") - 40]  # the update's cross-reference section is gone
    result = scan_bytes(cut, "cut.pdf")
    assert str(result.verdict) == "error", _describe(result)
    assert "truncated" in (result.error or ""), _describe(result)


def test_attachment_of_unknown_type_is_an_error(built: Callable[[str], Path]) -> None:
    writer = PdfWriter(clone_from=PdfReader(built("clean_stats")))
    writer.add_attachment("blob.bin", bytes(range(256)) * 8)
    buf = io.BytesIO()
    writer.write(buf)
    result = scan_bytes(buf.getvalue(), "with_blob.pdf")
    assert str(result.verdict) == "error" and "blob.bin" in (result.error or ""), (
        _describe(result))


def test_undecodable_font_is_said() -> None:
    """Glyphs of a font with no character map come out as (cid:N): the text is not read."""
    data = _page(lambda c: c.drawString(72, 700, "Statistics"))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    fonts = writer.pages[0]["/Resources"]["/Font"]
    for name in list(fonts):
        fonts[NameObject(name)] = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/Mystery"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([DictionaryObject({
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/CIDFontType2"),
                NameObject("/BaseFont"): NameObject("/Mystery"),
                NameObject("/CIDSystemInfo"): DictionaryObject({
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): TextStringObject("0")}),
            })]),
        })
    buf = io.BytesIO()
    writer.write(buf)
    _, facts, _ = _units(buf.getvalue())
    assert [f.where for f in facts if f.kind == "no_text_layer"] == ["page 1"], facts


# --- limits -----------------------------------------------------------------------------------
def test_too_many_pages_is_an_error() -> None:
    data = _page(lambda c: c.drawString(72, 700, "Counts"), pages=3)
    result = scan_bytes(data, "pages.pdf", limits=Limits(max_parts=2))
    assert str(result.verdict) == "error" and "too many pages" in (result.error or "")


def test_deadline_is_kept(built: Callable[[str], Path]) -> None:
    data = built("clean_stats").read_bytes()
    result = scan_in_full(data, "slow.pdf", deadline=Deadline(-1)).result
    assert str(result.verdict) == "error" and "longer than" in (result.error or "")


def test_deflate_bomb_is_refused(built: Callable[[str], Path]) -> None:
    """A content stream that inflates past pypdf's limits is refused before pdfminer, which
    inflates without limit, gets to it."""
    writer = PdfWriter(clone_from=PdfReader(built("clean_stats")))
    bomb = EncodedStreamObject()
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    bomb._data = zlib.compress(b" " * 80_000_000, 9)
    page = writer.pages[0]
    page[NameObject("/Contents")] = ArrayObject([page.raw_get("/Contents"),
                                                  writer._add_object(bomb)])
    buf = io.BytesIO()
    writer.write(buf)
    result = scan_bytes(buf.getvalue(), "bomb.pdf")
    assert str(result.verdict) == "error", _describe(result)
    assert "page 1" in result.error and "decompression limit" in result.error, _describe(result)


def test_hidden_layer_inside_a_form_xobject(built: Callable[[str], Path]) -> None:
    """A form XObject marked /OC with a layer that is off hides everything it draws."""
    writer = PdfWriter(clone_from=PdfReader(built("clean_stats")))
    layer = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject("x")}))
    writer.root_object[NameObject("/OCProperties")] = DictionaryObject({
        NameObject("/OCGs"): ArrayObject([layer]),
        NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([layer])})})
    page = writer.pages[0]
    form = DecodedStreamObject()
    form.set_data(b"BT /F1 10 Tf 72 100 Td (Officer " + OFFICERS[6][1].encode() + b") Tj ET")
    form.update({NameObject("/Type"): NameObject("/XObject"),
                 NameObject("/Subtype"): NameObject("/Form"), NameObject("/OC"): layer,
                 NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 600, 800)]),
                 NameObject("/Resources"): page["/Resources"].get_object()})
    page["/Resources"].get_object()[NameObject("/XObject")] = DictionaryObject(
        {NameObject("/Fx"): writer._add_object(form)})
    call = DecodedStreamObject()
    call.set_data(b"q /Fx Do Q")
    page[NameObject("/Contents")] = ArrayObject([page.raw_get("/Contents"),
                                                  writer._add_object(call)])
    buf = io.BytesIO()
    writer.write(buf)
    units, _, _ = _units(buf.getvalue())
    hidden = [u for u in units if OFFICERS[6][1] in u.value]
    assert hidden and all(u.hidden == (Hidden.OPTIONAL_CONTENT,) for u in hidden), hidden


# --- damaged files ----------------------------------------------------------------------------
_SPLICES = (b"0", b" ", b"<<", b">>", b"[", b"]", b"/", b"(", b"R", b"obj", b"-1", b"99999999")


def _damage(data: bytes, rng: random.Random) -> bytes:
    """Overwrite, delete and insert bytes at a few random places."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        pos = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.5:
            out[pos] = rng.randrange(256)
        elif roll < 0.75:
            del out[pos:pos + rng.randint(1, 40)]
        else:
            out[pos:pos] = rng.choice(_SPLICES)
    return bytes(out)


def test_damaged_files_never_cause_internal_errors(built: Callable[[str], Path]) -> None:
    rng = random.Random(2024)
    names = ["clean_stats", "hidden_layer", "form_field", "stamp", "earlier_revision",
             "attachment", "encrypted_empty_password", "strike_out"]
    originals = {name: built(name).read_bytes() for name in names}
    verdicts: Counter[str] = Counter()
    for _ in range(120):
        name = rng.choice(names)
        result = scan_bytes(_damage(originals[name], rng), f"{name}.pdf")
        verdicts[str(result.verdict)] += 1
        assert not (result.error or "").startswith("internal error"), (name, result.error)
        assert result.verdict != "error" or "\n" not in (result.error or "")
    assert verdicts["error"] and verdicts["error"] < 120, verdicts


# --- the real-world corpus --------------------------------------------------------------------
def _manifest_pdfs(root: Path) -> list[tuple[Path, dict[str, str]]]:
    """Every corpus file sniffed as a PDF (sniff decides from the first kilobyte)."""
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    found = []
    for row in rows:
        path = root / row["path"]
        if path.is_file():
            with path.open("rb") as f:
                if sniff(f.read(1024)) == "pdf":
                    found.append((path, row))
    return found


def test_corpus_pdfs_scan_without_internal_errors() -> None:
    root = corpus_dir()
    if root is None:
        pytest.skip("the real-world corpus (../shared/corpus) is not present")
    files = _manifest_pdfs(root)
    assert files, "the corpus holds no PDF"
    policy = load_policy()
    verdicts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    disagreements = []
    start = time.monotonic()
    for path, row in files:
        result = scan_path(path, policy=policy)
        verdicts[str(result.verdict)] += 1
        assert not (result.error or "").startswith("internal error"), (path, result.error)
        hidden = Counter(str(h) for f in result.findings for h in f.hidden)
        needs_password = row.get("load_error", "").startswith("encrypted(user password)")
        if needs_password:
            errors[result.error or ""] += 1
            assert str(result.verdict) == "error" and "password" in (result.error or ""), path
        else:  # every other PDF in the corpus opens: none may fail
            assert str(result.verdict) != "error", (path, result.error)
        if int(row.get("embeddings") or 0) and not hidden["attachment"]:
            disagreements.append(f"{path.name}: MANIFEST embeddings, no attachment found")
        if int(row.get("comments") or 0) and not hidden["annotation"]:
            disagreements.append(f"{path.name}: MANIFEST comments, no annotation found")
    elapsed = time.monotonic() - start
    print(f"\n{len(files)} PDFs in {elapsed:.1f} s: {dict(verdicts)}; errors {dict(errors)}")
    assert not disagreements, disagreements


def _glyph_by_glyph(words: list[str], gap_em: float, tracking_em: float = 0.0) -> bytes:
    """A page drawing each letter on its own, no space glyphs: words apart by `gap_em` of the
    font size, letters by `tracking_em` (as statements of persons nominated are printed)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    size, x = 10.0, 72.0
    canvas.setFont("Helvetica", size)
    for word in words:
        for letter in word:
            canvas.drawString(x, 700, letter)
            x += canvas.stringWidth(letter, "Helvetica", size) + tracking_em * size
        x += gap_em * size
    canvas.save()
    return buf.getvalue()


def _page_lines(data: bytes) -> list[str]:
    return [u.value for u in _units(data)[0] if u.part == "page 1"]


def test_words_a_pdf_leaves_no_space_between_are_still_apart() -> None:
    words = ["Mairead", "Donnelly", "14", "Antrim", "Road"]
    assert _page_lines(_glyph_by_glyph(words, gap_em=0.278)) == \
        ["Mairead Donnelly 14 Antrim Road"]
    tracked = _glyph_by_glyph(["STATEMENT", "OF", "PERSONS"], 0.278, tracking_em=0.08)
    assert _page_lines(tracked) == ["STATEMENT OF PERSONS"]
