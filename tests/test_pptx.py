"""PowerPoint decks (tests/fixtures/pptx_fixtures.py): every hiding place is found and located,
evidence is masked, generated text is not mistaken for content, unreadable decks fail closed."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from foi_guard.formats import pptx
from foi_guard.formats.base import Context
from foi_guard.limits import Deadline, Limits
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError
from tests.conftest import corpus_dir
from tests.fixture_cache import cached_builder, cached_scanner
from tests.fixtures import ooxml
from tests.fixtures import pptx_fixtures as fx
from tests.fixtures.pptx_fixtures import FIXTURES, Expected
from tests.fixtures.xlsx_fixtures import SURNAMES, VICTIMS, full_name

HIDING = sorted(n for n, e in FIXTURES.items() if e.verdict in ("block", "warn-only"))
CLEAN = sorted(n for n, e in FIXTURES.items() if e.verdict == "pass")
ERRORS = sorted(n for n, e in FIXTURES.items() if e.verdict == "error")
READABLE = sorted(n for n, e in FIXTURES.items() if e.verdict != "error")


# --- building and scanning, once per session --------------------------------------------------
@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    return cached_builder(FIXTURES, tmp_path_factory.mktemp("pptx_fixtures"))


@pytest.fixture(scope="session")
def scanned(built: Callable[[str], Path]) -> Callable[[str, str], Any]:
    return cached_scanner(built)


def items_of(data: bytes) -> list[ContentUnit | Fact]:
    return list(pptx.inspect(data, Context(Limits(), Deadline(60))))


def units_of(data: bytes) -> list[ContentUnit]:
    return [u for u in items_of(data) if isinstance(u, ContentUnit)]


def _describe(result: Any) -> str:
    lines = [f"verdict={result.verdict!s} error={result.error!r}"]
    for f in result.findings:
        lines.append(f"  {f.severity!s:5} {f.category} {[str(h) for h in f.hidden]} "
                     f"{f.location!r}")
    return "\n".join(lines)


def covers(location: Any, cell: str) -> bool:
    row, col = coordinate_to_tuple(cell)
    for ref in (location.cell, location.range):
        if ref:
            c0, r0, c1, r1 = range_boundaries(ref)
            if (c0 or 1) <= col <= (c1 or c0 or 1) and (r0 or 1) <= row <= (r1 or r0 or 1):
                return True
    return False


def _matching(result: Any, expected: Expected) -> list[Any]:
    """Findings carrying the expected reason(s) and matching every expected location field."""
    wanted = {expected.reason, *expected.also}
    found = [f for f in result.findings if wanted <= {str(h) for h in f.hidden}]
    assert found, f"no finding with hidden ⊇ {sorted(wanted)}\n{_describe(result)}"
    checks: list[tuple[str, Callable[[Any], bool]]] = [
        ("part", lambda f: expected.part in (f.location.part or "")),
        ("file", lambda f: expected.file in (f.location.file or "")),
        ("sheet", lambda f: f.location.sheet == expected.sheet),
        ("detail", lambda f: expected.detail in (f.location.detail or "")),
        ("cell", lambda f: covers(f.location, expected.cell)),
    ]
    for name, check in checks:
        if getattr(expected, name) is not None:
            found = [f for f in found if check(f)]
            assert found, f"no such finding with {name} {getattr(expected, name)!r}\n" \
                          f"{_describe(result)}"
    return found


# --- the fixtures themselves ------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_holds_what_it_claims(name: str, built: Callable[[str], Path]) -> None:
    path = built(name)
    expected = FIXTURES[name]
    assert expected.probe is not None
    member, needle = expected.probe
    if member == "":
        data = path.read_bytes()
    else:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(member)
    assert needle in data, f"{name}: {member or 'file'} lacks {needle!r}"


def test_fixtures_are_deterministic(tmp_path: Path) -> None:
    first = fx.build_chart_workbook(tmp_path / "a").read_bytes()
    assert first == fx.build_chart_workbook(tmp_path / "b").read_bytes()


def test_decks_are_sniffed_as_pptx(built: Callable[[str], Path]) -> None:
    from foi_guard.sniff import sniff

    for name in ("clean", "clean_slideshow", "macro", "hidden_slide"):
        assert sniff(built(name).read_bytes()) == "pptx", name


# --- the scanner ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", HIDING)
def test_hidden_content_is_found(name: str, scanned: Callable[..., Any]) -> None:
    expected = FIXTURES[name]
    result = scanned(name)
    found = _matching(result, expected)
    assert any(str(f.severity) == expected.severity for f in found), (
        f"expected severity {expected.severity}\n{_describe(result)}")
    if expected.verdict == "warn-only":
        assert str(result.verdict) == "pass", _describe(result)
        assert not [f for f in result.findings if str(f.severity) == "block"], _describe(result)
    else:
        assert str(result.verdict) == "block", _describe(result)
    assert result.error is None
    if expected.personal:
        assert any(f.category == "personal_data" for f in found), (
            f"no personal-data finding in the hiding place\n{_describe(result)}")


@pytest.mark.parametrize("name", CLEAN)
@pytest.mark.parametrize("policy", ["default", "strict"])
def test_clean_deck_passes(name: str, policy: str, scanned: Callable[..., Any]) -> None:
    result = scanned(name, policy)
    assert str(result.verdict) == "pass", _describe(result)
    assert result.error is None
    # Nothing at all beyond, possibly, a metadata warning (the deck's title).
    assert all({str(h) for h in f.hidden} <= {"metadata"} for f in result.findings), (
        _describe(result))


def test_speaker_notes_block_under_the_default_policy(scanned: Callable[..., Any]) -> None:
    result = scanned("speaker_notes", "default")
    assert str(result.verdict) == "block", _describe(result)
    assert any(f.category == "personal_data" and "speaker_notes" in f.hidden
               for f in result.findings), _describe(result)


@pytest.mark.parametrize("name", ERRORS)
def test_unreadable_decks_fail_closed(name: str, scanned: Callable[..., Any]) -> None:
    result = scanned(name)
    assert str(result.verdict) == "error", _describe(result)
    assert isinstance(result.error, str) and result.error.strip(), _describe(result)
    assert "\n" not in result.error and "Traceback" not in result.error
    assert not result.error.startswith("internal error"), result.error


def test_truncated_deck_is_an_inspection_error(built: Callable[[str], Path],
                                               tmp_path: Path) -> None:
    data = fx.build_truncated(tmp_path).read_bytes()
    with pytest.raises(InspectionError, match="zip"):
        items_of(data)


def test_missing_presentation_part_is_an_error(built: Callable[[str], Path]) -> None:
    parts = ooxml.read_package(built("clean"))
    del parts["ppt/presentation.xml"]
    with pytest.raises(InspectionError, match="presentation part"):
        items_of(ooxml.package_bytes(parts))


@pytest.mark.parametrize("name", READABLE)
def test_evidence_is_masked(name: str, scanned: Callable[..., Any]) -> None:
    from foi_guard.report.json import render

    result = scanned(name)
    report = render([result])
    leaked = sorted(s for s in SURNAMES if s in report)
    assert not leaked, f"{name}: the JSON report shows {leaked} in full"


# --- what the reader yields, and where --------------------------------------------------------
def test_generated_master_text_is_not_content(built: Callable[[str], Path]) -> None:
    """Prompts, slide numbers and dates in masters, layouts and the notes master are not read;
    a real text box on the master is visible content."""
    units = units_of(built("clean").read_bytes())
    values = {u.value for u in units}
    for generated in ("Click to edit Master title style", "Click to edit Master text styles",
                      "Second level", "‹#›", "01/03/2024"):
        assert generated not in values
    footer = [u for u in units if u.value == fx.MASTER_FOOTER_TEXT]
    assert footer and footer[0].hidden == ()
    assert footer[0].part == "ppt/slideMasters/slideMaster1.xml"
    assert footer[0].detail == "slide master 1 text"


def test_notes_page_reads_notes_not_the_slide_number(built: Callable[[str], Path]) -> None:
    notes = [u for u in units_of(built("speaker_notes").read_bytes())
             if u.part == "ppt/notesSlides/notesSlide1.xml"]
    assert [u.value for u in notes] == ["Figures are provisional.", notes[1].value]
    assert "Declan Murphy" in notes[1].value
    assert all(u.hidden == (Hidden.SPEAKER_NOTES,) for u in notes)
    assert all(u.detail == "speaker notes of slide 1" for u in notes)


def test_table_cells_have_grid_coordinates(built: Callable[[str], Path]) -> None:
    cells = [u for u in units_of(built("clean").read_bytes()) if u.sheet == "slide 2 table 1"]
    by_place = {(u.row, u.column): u for u in cells}
    assert by_place[(1, 1)].value == "Policing district"
    assert by_place[(2, 1)].value == "Belfast City"
    assert by_place[(2, 2)].is_number and not by_place[(1, 2)].is_number
    assert all(u.detail is None and u.part == "ppt/slides/slide2.xml" for u in cells)
    assert len(cells) == 12 * 4


@pytest.mark.parametrize("name, part", [("comment", "ppt/commentAuthors.xml"),
                                        ("modern_comment", "ppt/authors.xml")])
def test_comment_authors_are_comment_units(name: str, part: str,
                                           built: Callable[[str], Path]) -> None:
    authors = [u for u in units_of(built(name).read_bytes()) if u.part == part]
    assert [u.value for u in authors] == [fx.NEUTRAL_CREATOR]
    assert authors[0].hidden == (Hidden.COMMENT,)


def test_everything_under_a_hidden_slide_is_hidden_slide(tmp_path: Path) -> None:
    """Notes, comments, charts and the chart's workbook of a hidden slide all carry it."""
    deck = fx.DeckBuilder()
    visible = deck.add_slide(fx.title(2, "Recorded crime"))
    hidden = deck.add_slide(fx.title(2, "Notes for the panel"), hidden=True)
    deck.add_notes(hidden, ["Panel chaired by Inspector Declan Murphy"])
    comments = (f'{fx.XML_DECL}<p:cmLst {fx.NS_DECL}><p:cm authorId="0" idx="1">'
                "<p:text>Remove before release</p:text></p:cm></p:cmLst>")
    deck.relate(hidden, fx.REL("comments"), "ppt/comments/comment1.xml", comments,
                fx.CT_COMMENTS)
    chart_part = "ppt/charts/chart1.xml"
    wb_rid = deck.relate(chart_part, fx.REL("package"), f"ppt/embeddings/{fx.EMBEDDED_NAME}",
                         fx.chart_workbook(), ooxml.CT_XLSX_PACKAGE)
    rid = deck.relate(hidden, fx.REL("chart"), chart_part,
                      fx._chart_xml(wb_rid, ["Belfast City"], [12]), ooxml.CT_CHART)
    deck.add_shapes(hidden, fx.chart_frame(3, rid))
    image_xml = fx.png_1x1()
    for slide in (visible, hidden):  # a picture both slides show belongs to the visible one
        deck.relate(slide, fx.REL("image"), "ppt/media/image1.png", image_xml)
    units = units_of(deck.to_bytes())
    under = [u for u in units if u.part.startswith(("ppt/notesSlides/", "ppt/comments/",
                                                    "ppt/charts/")) or u.path]
    assert {u.part.split("/")[1] for u in under if not u.path} == {
        "notesSlides", "comments", "charts"}
    assert any(u.path == (f"ppt/embeddings/{fx.EMBEDDED_NAME}",) for u in under)
    assert all(Hidden.HIDDEN_SLIDE in u.hidden for u in under), [
        (u.part, u.hidden) for u in under if Hidden.HIDDEN_SLIDE not in u.hidden]
    assert all(Hidden.HIDDEN_SLIDE not in u.hidden for u in units
               if u.part == "ppt/slides/slide1.xml")


def test_group_children_are_placed_through_the_group(built: Callable[[str], Path]) -> None:
    """Only the child that the group's offset and scaling put below the slide is out of view."""
    units = units_of(built("off_slide_group").read_bytes())
    caption = next(u for u in units if u.value == fx.GROUP_CAPTION)
    complainant = next(u for u in units if u.value.startswith("Complainant:"))
    assert caption.hidden == ()
    assert complainant.hidden == (Hidden.OUT_OF_VIEW,)


def test_unlisted_slide_is_an_unknown_part(built: Callable[[str], Path]) -> None:
    """A slide part the presentation does not list is never shown."""
    parts = ooxml.read_package(built("clean"))
    orphan = parts["ppt/slides/slide1.xml"].replace(
        b"Recorded crime by policing district, Q1 2024", b"Witness: Kieran Campbell")
    ooxml.set_part(parts, "ppt/slides/slide9.xml", orphan, fx.CT_SLIDE)
    found = [u for u in units_of(ooxml.package_bytes(parts)) if u.part == "ppt/slides/slide9.xml"]
    assert found and all(u.hidden == (Hidden.UNKNOWN_PART,) for u in found)
    assert "Witness: Kieran Campbell" in {u.value for u in found}


def test_text_under_a_merged_cell_is_covered() -> None:
    frame = fx.table_frame(3, [["Station", "Officers"], ["Musgrave", "Ciaran O'Neill"]])
    second_row = frame.index('<a:tr h="370840">', frame.index("</a:tr>"))
    last_cell = frame.rindex("<a:tc>")
    assert last_cell > second_row
    frame = frame[:last_cell] + '<a:tc hMerge="1">' + frame[last_cell + len("<a:tc>"):]
    deck = fx.DeckBuilder()
    deck.add_slide(frame)
    cell = next(u for u in units_of(deck.to_bytes()) if u.value == "Ciaran O'Neill")
    assert (cell.row, cell.column, cell.sheet) == (2, 2, "slide 1 table 1")
    assert cell.hidden == (Hidden.COVERED_TEXT,)


def test_smartart_text_is_read_once_and_visible() -> None:
    deck = fx.DeckBuilder()
    slide = deck.add_slide(fx.title(2, "Structure"))
    point = ('<dgm:pt modelId="{{1}}"><dgm:t><a:bodyPr/><a:lstStyle/>{}</dgm:t></dgm:pt>')
    data = (f'{fx.XML_DECL}<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/'
            f'drawingml/2006/diagram" xmlns:a="{ooxml.NS_A}"><dgm:ptLst>'
            + point.format(fx.para("Response policing")) + "</dgm:ptLst></dgm:dataModel>")
    drawing = (f'{fx.XML_DECL}<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/'
               f'drawing/2008/diagram" xmlns:a="{ooxml.NS_A}"><dsp:spTree><dsp:sp><dsp:txBody>'
               f'<a:bodyPr/>{fx.para("Response policing")}</dsp:txBody></dsp:sp></dsp:spTree>'
               "</dsp:drawing>")
    ct = "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"
    deck.relate(slide, fx.REL("diagramData"), "ppt/diagrams/data1.xml", data, ct)
    deck.relate(slide, "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing",
                "ppt/diagrams/drawing1.xml", drawing,
                "application/vnd.ms-office.drawingml.diagramDrawing+xml")
    found = [u for u in units_of(deck.to_bytes()) if u.value == "Response policing"]
    assert len(found) == 1
    assert found[0].hidden == () and found[0].detail == "SmartArt text on slide 1"


def test_strict_ooxml_deck_is_read(built: Callable[[str], Path]) -> None:
    """ISO Strict namespaces: elements are matched by local name, so nothing changes."""
    parts = ooxml.read_package(built("hidden_slide"))
    ooxml.replace_text(parts, (
        ("http://schemas.openxmlformats.org/presentationml/2006/main",
         "http://purl.oclc.org/ooxml/presentationml/main"), *ooxml.STRICT_URIS))
    units = units_of(ooxml.package_bytes(parts))
    roster = [u for u in units if u.sheet == "slide 3 table 1"]
    assert len(roster) == 9 * 5
    assert all(u.hidden == (Hidden.HIDDEN_SLIDE,) for u in roster)


def test_each_part_is_read_once(built: Callable[[str], Path]) -> None:
    """No part is read twice: the same unit never appears twice in a plain deck."""
    units = units_of(built("comment").read_bytes())
    keys = Counter((u.part, u.value, u.row, u.column) for u in units if not u.path)
    assert not [k for k, n in keys.items() if n > 1]
    victim = full_name(VICTIMS[0])
    assert sum(victim in u.value for u in units) == 1


class _Types:
    """Stands in for a Package where a reader is chosen: only the content type is asked."""

    def __init__(self, content_type: str) -> None:
        self.ctype = content_type

    def content_type(self, part: str) -> str:
        return self.ctype


_PML = "application/vnd.openxmlformats-officedocument.presentationml"


@pytest.mark.parametrize("content_type, part, reader", [
    (f"{_PML}.slide+xml", "ppt/slides/slide9.xml", "_unlisted_slide"),
    (f"{_PML}.notesslide+xml", "ppt/notesSlides/notesSlide1.xml", "_notes"),
    (f"{_PML}.comments+xml", "ppt/comments/comment1.xml", "_legacy_comments"),
    ("application/vnd.ms-powerpoint.comments+xml", "ppt/comments/modernComment_1.xml",
     "_modern_comments"),
    ("application/vnd.ms-powerpoint.authors+xml", "ppt/authors.xml", "_comment_authors"),
    (f"{_PML}.tags+xml", "ppt/tags/tag1.xml", "_tags"),
    ("application/vnd.ms-office.drawingml.diagramdrawing+xml", "ppt/diagrams/drawing1.xml",
     "_diagram_drawing"),
    ("application/inkml+xml", "ppt/ink/ink1.xml", "_ink"),
    ("image/jpeg", "docProps/thumbnail.jpeg", "_thumbnail"),
    ("application/pdf", "ppt/embeddings/oleObject1.pdf", "_embedded"),
    ("", "ppt/media/image1.jfif", "_nothing"),
    ("video/mp4", "ppt/media/media1.mp4", "_nothing"),
    ("application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
     "ppt/charts/chart1.xml", "_shared_reader"),
    ("application/x-unheard-of+xml", "ppt/strange.xml", "_shared_reader"),
])
def test_each_kind_of_part_has_its_reader(content_type: str, part: str, reader: str) -> None:
    chosen = pptx._reader_for(_Types(content_type), part)  # type: ignore[arg-type]
    assert chosen is getattr(pptx, reader)


def test_change_history_names_editors_as_metadata(built: Callable[[str], Path]) -> None:
    parts = ooxml.read_package(built("clean"))
    history = (f'{fx.XML_DECL}<pc:chgInfo xmlns:pc="http://schemas.microsoft.com/office/'
               'powerpoint/2013/main/command"><pc:docChgLst><pc:chgData name="Declan Murphy" '
               'userId="S::declan.murphy@police.example::1a2b" providerId="AD"/>'
               "</pc:docChgLst></pc:chgInfo>")
    ooxml.set_part(parts, "ppt/changesInfos/changesInfo1.xml", history,
                   "application/vnd.ms-powerpoint.changesinfo+xml")
    found = {u.value: u for u in units_of(ooxml.package_bytes(parts))
             if u.part == "ppt/changesInfos/changesInfo1.xml"}
    assert set(found) == {"Declan Murphy", "S::declan.murphy@police.example::1a2b"}
    assert all(u.hidden == (Hidden.METADATA,) for u in found.values())


# --- the real-world corpus --------------------------------------------------------------------
def _corpus_decks(root: Path) -> Iterator[tuple[str, bytes]]:
    """Every corpus file sniffed as a deck, and every deck embedded in a corpus package."""
    from foi_guard.sniff import sniff

    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        path = root / row["path"]
        if not path.is_file() or path.stat().st_size > 64 * 1024 * 1024:
            continue
        data = path.read_bytes()
        if sniff(data) == "pptx":
            yield row["path"], data
        elif row["container"] == "zip":
            yield from _embedded_decks(row["path"], data, sniff)


def _embedded_decks(label: str, data: bytes,
                    sniff: Callable[[bytes], str]) -> Iterator[tuple[str, bytes]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if "embeddings/" in i.filename.lower()
                 and i.file_size < 32 * 1024 * 1024]
        for info in infos:
            inner = zf.read(info)
            if sniff(inner) == "pptx":
                yield f"{label} › {info.filename}", inner
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return


def test_corpus_decks() -> None:
    root = corpus_dir()
    if root is None:
        pytest.skip("the real-world corpus (../shared/corpus) is not present")
    from foi_guard.pipeline import scan_bytes
    from foi_guard.policy import load_policy

    strict = load_policy("strict")
    start = time.monotonic()
    verdicts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for label, data in _corpus_decks(root):
        result = scan_bytes(data, label, strict)
        verdicts[str(result.verdict)] += 1
        if result.error:
            errors[result.error[:60]] += 1
        assert not (result.error or "").startswith("internal error"), (label, result.error)
    elapsed = time.monotonic() - start
    print(f"\ncorpus decks: {sum(verdicts.values())} {dict(verdicts)} errors {dict(errors)} "
          f"in {elapsed:.1f} s")
    assert elapsed < 60
