"""The fast reader of plain worksheets (formats/xlsx/sheetdata.py) reads exactly what the XML
reader reads, and hands every sheet it does not fully understand to the XML reader.

Each case reads a workbook twice, once as the scanner does and once with every sheet streamed
through lxml, and the two must give the same units and facts, or the same error.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foi_guard.formats import inspect_data
from foi_guard.formats.base import Context
from foi_guard.formats.xlsx import sheets, workbook
from foi_guard.limits import Deadline, Limits
from foi_guard.model import ContentUnit, Hidden, InspectionError
from tests.conftest import corpus_dir
from tests.fixtures.xlsx_fixtures import FIXTURES, new_workbook, workbook_bytes

SHEET = "xl/worksheets/sheet1.xml"
CORPUS = corpus_dir()


def _read(data: bytes, limits: Limits | None = None) -> list[tuple] | str:
    try:
        items = list(inspect_data(data, Context(limits or Limits(), Deadline(60.0))))
    except InspectionError as exc:
        return f"error: {exc}"
    return [_plain_fields(i) for i in items]


def _plain_fields(item: object) -> tuple:
    if isinstance(item, ContentUnit):
        return ("unit", item.value, item.part, item.hidden, item.sheet, item.row, item.column,
                item.detail, item.path, item.is_number)
    return ("fact", repr(item))


def _both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch,
               limits: Limits | None = None) -> tuple[object, object, int]:
    """(as scanned, through lxml alone, sheets the fast reader took)."""
    taken = []
    real = sheets._read_plain

    def spy(*args, **kwargs):
        ok = real(*args, **kwargs)
        taken.append(ok)
        return ok

    with monkeypatch.context() as patch:
        patch.setattr(sheets, "_read_plain", spy)
        fast = _read(data, limits)
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "WHOLE_SHEET_BYTES", -1)
        exact = _read(data, limits)
    return fast, exact, sum(taken)


def _plain_book(rows: int = 30) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.append(["Policing district", "Offence", "Recorded", "Rate (%)", "Date"])
    for n in range(rows):
        ws.append([f"District {n % 7}", "Robbery", n * 3, n / 7, f"2024-01-{n % 28 + 1:02d}"])
    return workbook_bytes(wb)


def _with_sheet_xml(edit: Callable[[str], str], data: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data or _plain_book()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == SHEET:
                edited = edit(body.decode("utf-8")).encode("utf-8")
                assert edited != body, "the edit changed nothing: the test would prove nothing"
                body = edited
            target.writestr(info, body)
    return out.getvalue()


def test_a_plain_sheet_is_read_the_fast_way_with_the_same_units(monkeypatch) -> None:
    fast, exact, taken = _both_ways(_plain_book(), monkeypatch)
    assert taken == 1
    assert fast == exact
    assert sum(1 for f in fast if f[0] == "unit" and f[5] and f[5] > 1) == 30 * 5


def _first_cell_value(xml: str, text: str) -> str:
    return re.sub(r'<c r="A2"[^>]*>.*?</c>', lambda m: f'<c r="A2" t="str"><v>{text}</v></c>',
                  xml, count=1)


# Each edit makes a sheet the fast reader must read exactly as lxml does, or hand over to it.
EDITS: dict[str, Callable[[str], str]] = {
    "hidden row": lambda x: x.replace('<row r="5"', '<row r="5" hidden="1"', 1),
    "custom height": lambda x: x.replace('<row r="5"', '<row r="5" ht="0.5" customHeight="1"', 1),
    "outline level": lambda x: x.replace('<row r="5"', '<row r="5" outlineLevel="1"', 1),
    "entity in a value": lambda x: _first_cell_value(x, "Smith &amp; Jones"),
    "character reference": lambda x: _first_cell_value(x, "&#77;ary Kelly"),
    "carriage return in a value": lambda x: _first_cell_value(x, "Mary\r\nKelly"),
    "processing instruction holding the cells": lambda x: re.sub(
        "<sheetData>.*</sheetData>", lambda m: f"<?note {m.group(0)}?><sheetData/>", x,
        flags=re.DOTALL),
    "comment holding a cell": lambda x: x.replace(
        "<sheetData>", '<sheetData><!-- <row r="99"><c r="A99"><v>1</v></c></row> -->', 1),
    "CDATA": lambda x: _first_cell_value(x, "<![CDATA[Mary Kelly]]>"),
    "value metadata": lambda x: x.replace('<c r="B3"', '<c r="B3" vm="1"', 1),
    "inline string": lambda x: x.replace(
        "</row>", '<c r="Z2" t="inlineStr"><is><t>Mary Kelly</t></is></c></row>', 1),
    "cell outside a row": lambda x: x.replace(
        "<sheetData>", '<sheetData><c r="A1"><v>7</v></c>', 1),
    "row inside a row": lambda x: x.replace('<row r="5"', '<row r="40"><row r="5"', 1).replace(
        "</sheetData>", "</row></sheetData>", 1),
    "pretty printed": lambda x: x.replace("<row ", "\n  <row ").replace("<c ", "\n    <c "),
    "self-closing rows": lambda x: x.replace("</sheetData>", '<row r="90"/></sheetData>', 1),
    "lower-case reference": lambda x: x.replace('<c r="B3"', '<c r="b3"', 1),
    "no cell reference": lambda x: re.sub(r'<c r="C4"', "<c", x, count=1),
    "formula and value": lambda x: re.sub(
        r'<c r="C4"([^>]*)><v>', r'<c r="C4"\1><f>SUM(C2:C3)</f><v>', x, count=1),
    "unclosed cell": lambda x: x.replace('</c><c r="B4"', '<c r="B4"', 1),
    "stray end of row": lambda x: x.replace("</sheetData>", "</row></sheetData>", 1),
    "prefixed elements": lambda x: x.replace("<worksheet ", '<x:worksheet xmlns:x='
                                             '"http://schemas.openxmlformats.org/spreadsheetml/'
                                             '2006/main" ', 1),
    "rows outside sheetData": lambda x: x.replace(
        "</sheetData>", '</sheetData><row r="95"><c r="A95" t="str"><v>Mary Kelly</v></c></row>',
        1),
    "every row hidden by default": lambda x: x.replace(
        "<sheetFormatPr ", '<sheetFormatPr zeroHeight="1" ', 1),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_an_unusual_sheet_reads_as_the_xml_reader_reads_it(edit: str, monkeypatch) -> None:
    data = _with_sheet_xml(EDITS[edit])
    fast, exact, _taken = _both_ways(data, monkeypatch)
    assert fast == exact


def test_a_hidden_row_read_the_fast_way_is_still_hidden(monkeypatch) -> None:
    data = _with_sheet_xml(EDITS["hidden row"])
    fast, exact, taken = _both_ways(data, monkeypatch)
    assert taken == 1 and fast == exact
    row5 = [f for f in fast if f[0] == "unit" and f[5] == 5]
    assert row5 and all(Hidden.HIDDEN_ROW in f[3] for f in row5)


def test_a_value_with_an_entity_is_read_unescaped(monkeypatch) -> None:
    fast, _exact, taken = _both_ways(_with_sheet_xml(EDITS["entity in a value"]), monkeypatch)
    assert taken == 0
    assert any(f[1] == "Smith & Jones" for f in fast if f[0] == "unit")


def test_a_sheet_in_another_encoding_goes_to_the_xml_reader(monkeypatch) -> None:
    def utf16(xml: str) -> str:
        return xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')

    source = zipfile.ZipFile(io.BytesIO(_plain_book()))
    xml = utf16(source.read(SHEET).decode("utf-8"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, xml.encode("utf-16") if info.filename == SHEET
                            else source.read(info))
    fast, exact, taken = _both_ways(out.getvalue(), monkeypatch)
    assert taken == 0 and fast == exact
    assert any(f[1] == "Robbery" for f in fast if f[0] == "unit")


def test_a_large_sheet_is_read_in_chunks_the_same(monkeypatch) -> None:
    monkeypatch.setattr("foi_guard.formats.xlsx.sheetdata.CHUNK_BYTES", 2000)
    fast, exact, taken = _both_ways(_plain_book(rows=400), monkeypatch)
    assert taken == 1 and fast == exact


def test_a_sheet_handed_to_the_xml_reader_midway_is_charged_its_text_once(monkeypatch) -> None:
    """The text limit (against shared-string bombs) counts a sheet's text once, though its
    first pieces were read the fast way before an odd row sent it to the XML reader."""
    monkeypatch.setattr("foi_guard.formats.xlsx.sheetdata.CHUNK_BYTES", 2000)
    data = _with_sheet_xml(lambda x: x.replace('<row r="390"', '<row r="390" hidden="1"', 1)
                           .replace('<c r="B391"', '<c r="B391" vm="1"', 1),
                           _plain_book(rows=400))
    everything = _read(data)
    assert isinstance(everything, list)
    text = sum(len(f[1]) for f in everything if f[0] == "unit")
    fast, exact, taken = _both_ways(data, monkeypatch, Limits(max_text_chars=text + 50))
    assert taken == 0
    assert fast == exact == everything


BASE_BOOK = _plain_book(rows=6)


XLSX_FIXTURES = [n for n, e in FIXTURES.items() if e.builder.__name__ != "build_not_a_zip"]


@pytest.mark.parametrize("name", XLSX_FIXTURES)
def test_every_workbook_fixture_reads_the_same_both_ways(name: str, tmp_path: Path,
                                                         monkeypatch) -> None:
    data = FIXTURES[name].builder(tmp_path).read_bytes()
    fast, exact, _taken = _both_ways(data, monkeypatch)
    assert fast == exact


def _corpus_spreadsheets() -> list[Path]:
    if CORPUS is None:
        return []
    return sorted(p for p in CORPUS.rglob("*")
                  if p.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm") and p.is_file())


CORPUS_FILES = _corpus_spreadsheets()


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CORPUS_FILES,
                         ids=[str(p.relative_to(CORPUS)) for p in CORPUS_FILES] if CORPUS else [])
def test_every_corpus_workbook_reads_the_same_both_ways(path: Path, monkeypatch) -> None:
    fast, exact, _taken = _both_ways(path.read_bytes(), monkeypatch)
    assert fast == exact


# Pieces an edit may put in a plain sheet's XML: each is something the fast reader must either
# read exactly as lxml does or hand over to it. The first are what plain sheets hold.
_PLAIN_PIECES = ['<c r="B2"><v>7</v></c>', '<c r="C3" t="str"><v>Mary Kelly</v></c>',
                 '<row r="4"/>', ' hidden="1"', ' customHeight="1" ht="0"', ' outlineLevel="1"',
                 '<c r="D5" s="1"><v>3</v></c>', '<c r="E6"/>', ' ht="20"', ' spans="1:5"',
                 ' x14ac:dyDescent="0.25"', ' customHeight="1" ht="14"', ' hidden="0"',
                 '<row r="30" hidden="1"><c r="A30" t="str"><v>Mary Kelly</v></c></row>',
                 '<c r="F7" t="inlineStr"><is><t xml:space="preserve"> Kelly </t></is></c>',
                 '<c r="G8" t="b"><v>1</v></c>', '<c r="H9" t="e"><v>#N/A</v></c>',
                 "<f>A1</f>", " ", "\n", "\r\n", "é"]
_ODD_PIECES = ["</row>", '<row r="3">', ' s="1"', ' t="inlineStr"', "<is><t>Kelly</t></is>",
               "&amp;", "&#65;", "<!-- x -->", "<?pi x?>", "<![CDATA[x]]>", "]]>", "<v>",
               "</v>", '"', "<x:c/>", "\x00", "\x0c", '<c r="XFE9"><v>1</v></c>',
               ' foo:bar="1"']


@pytest.mark.parametrize("pieces", [_PLAIN_PIECES, _PLAIN_PIECES + _ODD_PIECES],
                         ids=["plain pieces", "any pieces"])
def test_any_edit_of_a_plain_sheet_reads_as_the_xml_reader_reads_it(pieces: list[str],
                                                                    monkeypatch) -> None:
    """Each edit puts a piece after a cell or a row's tag, or, an attribute (it starts with a
    space), into a row's or a cell's start tag."""

    @settings(max_examples=100, deadline=None, derandomize=True)
    @given(edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(pieces)), min_size=1,
                          max_size=3))
    def reads_alike(edits: list[tuple[float, str]]) -> None:
        data = _with_sheet_xml(lambda x: _edited(x, edits), BASE_BOOK)
        fast, exact, _taken = _both_ways(data, monkeypatch)
        assert fast == exact

    reads_alike()


def _edited(xml: str, edits: list[tuple[float, str]]) -> str:
    for where, piece in edits:
        start, end = xml.find("<sheetData>"), xml.find("</sheetData>")
        if piece.startswith(" "):  # an attribute: into a row's or a cell's start tag
            places = [m.end() - len(m.group(1)) - 1
                      for m in re.finditer("<(?:row|c) [^>]*?(/?)>", xml[:end])]
        else:  # anything else: after a cell, a row's start or end, or an empty element
            places = [m.end() for m in re.finditer('</c>|</row>|/>|<row [^>]*[^/]>', xml[:end])]
        places = [p for p in places if p > start] or [start + len("<sheetData>")]
        at = places[int(where * (len(places) - 1))]
        xml = xml[:at] + piece + xml[at:]
    return xml
