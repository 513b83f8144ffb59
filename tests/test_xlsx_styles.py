from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Color, Font, PatternFill
from openpyxl.styles.colors import COLOR_INDEX

from foi_guard.formats.xlsx.styles import (
    LEGACY_PALETTE,
    CellStyles,
    apply_tint,
    split_sections,
)
from foi_guard.model import Hidden

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
DML = "http://schemas.openxmlformats.org/drawingml/2006/main"
STRICT_DML = "http://purl.oclc.org/ooxml/drawingml/main"

W = Hidden.WHITE_TEXT
F = Hidden.HIDDEN_NUMBER_FORMAT


def styles_xml(fonts: list[str], fills: list[str] | None = None, xfs: list[str] | None = None,
               numfmts: list[tuple[int, str]] | None = None, extra: str = "",
               ns: str = MAIN) -> etree._Element:
    fills = fills if fills is not None else ['<patternFill patternType="none"/>']
    xfs = xfs if xfs is not None else [f'fontId="{i}"' for i in range(len(fonts))]
    fmts = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{code.replace(chr(34), "&quot;")}"/>'
        for i, code in numfmts or []
    )
    xml = (
        f'<styleSheet xmlns="{ns}">'
        f'<numFmts count="{len(numfmts or [])}">{fmts}</numFmts>'
        f'<fonts>{"".join(f"<font>{f}</font>" for f in fonts)}</fonts>'
        f'<fills>{"".join(f"<fill>{f}</fill>" for f in fills)}</fills>'
        f'<cellXfs>{"".join(f"<xf {x}/>" for x in xfs)}</cellXfs>'
        f"{extra}</styleSheet>"
    )
    return etree.fromstring(xml.encode())


def theme_xml(ns: str = DML, lt1: str = '<a:sysClr val="window" lastClr="FFFFFF"/>',
              dk1: str = '<a:sysClr val="windowText" lastClr="000000"/>') -> etree._Element:
    xml = (
        f'<a:theme xmlns:a="{ns}" name="T"><a:themeElements><a:clrScheme name="S">'
        f"<a:dk1>{dk1}</a:dk1><a:lt1>{lt1}</a:lt1>"
        '<a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>'
        '<a:accent1><a:srgbClr val="4F81BD"/></a:accent1>'
        "</a:clrScheme></a:themeElements></a:theme>"
    )
    return etree.fromstring(xml.encode())


def font_reasons(color: str, fill: str | None = None, theme: etree._Element | None = None,
                 extra: str = "") -> tuple[Hidden, ...]:
    fills = ['<patternFill patternType="none"/>']
    xf = 'fontId="0"'
    if fill is not None:
        fills.append(fill)
        xf = 'fontId="0" fillId="1"'
    styles = CellStyles.from_roots(styles_xml([color], fills, [xf], extra=extra), theme)
    return styles.reasons(0, is_number=False)


def format_styles(code: str) -> CellStyles:
    root = styles_xml(["<sz val=\"11\"/>"], xfs=['numFmtId="164"'], numfmts=[(164, code)])
    return CellStyles.from_roots(root, None)


# --- colours ---------------------------------------------------------------------------------

def test_white_font_on_default_background_is_hidden() -> None:
    assert font_reasons('<color rgb="FFFFFFFF"/>') == (W,)


def test_font_without_colour_is_black_and_shown() -> None:
    assert font_reasons('<sz val="11"/>') == ()
    assert font_reasons('<color auto="1"/>') == ()


def test_black_on_black_fill_is_hidden_but_white_on_black_is_shown() -> None:
    black_fill = '<patternFill patternType="solid"><fgColor rgb="FF000000"/></patternFill>'
    assert font_reasons('<color rgb="FF000000"/>', black_fill) == (W,)
    assert font_reasons('<color auto="1"/>', black_fill) == (W,)
    assert font_reasons('<color rgb="FFFFFFFF"/>', black_fill) == ()


def test_non_solid_pattern_leaves_white_background() -> None:
    gray = '<patternFill patternType="gray125"><fgColor rgb="FF000000"/></patternFill>'
    assert font_reasons('<color rgb="FF000000"/>', gray) == ()
    assert font_reasons('<color rgb="FFFFFFFF"/>', gray) == (W,)


def test_alpha_is_ignored() -> None:
    assert font_reasons('<color rgb="00FFFFFF"/>') == (W,)


def test_theme_zero_is_lt1_white_and_one_is_dk1() -> None:
    theme = theme_xml()
    assert font_reasons('<color theme="0"/>', theme=theme) == (W,)
    assert font_reasons('<color theme="1"/>', theme=theme) == ()


def test_theme_colour_compared_with_theme_fill() -> None:
    theme = theme_xml(lt1='<a:srgbClr val="123456"/>')
    fill = '<patternFill patternType="solid"><fgColor rgb="FF123456"/></patternFill>'
    assert font_reasons('<color theme="0"/>', fill, theme) == (W,)
    assert font_reasons('<color theme="0"/>', None, theme) == ()


def test_missing_theme_uses_office_defaults() -> None:
    assert font_reasons('<color theme="0"/>') == (W,)
    assert font_reasons('<color theme="1"/>') == ()
    assert font_reasons('<color theme="2"/>') == ()  # lt2 E7E6E6 is visible on white


def test_tint_can_make_a_colour_near_white() -> None:
    theme = theme_xml()
    assert font_reasons('<color theme="4" tint="0.95"/>', theme=theme) == (W,)
    assert font_reasons('<color theme="4" tint="0.8"/>', theme=theme) == ()
    assert font_reasons('<color theme="0" tint="-0.05"/>', theme=theme) == (W,)
    assert font_reasons('<color theme="0" tint="-0.15"/>', theme=theme) == ()


def test_tint_matches_excel_values() -> None:
    assert apply_tint((255, 255, 255), -0.05) == (242, 242, 242)
    assert apply_tint((255, 255, 255), -0.5) == (128, 128, 128)
    assert apply_tint((0x4F, 0x81, 0xBD), 0.8) == (0xDC, 0xE6, 0xF2)
    assert apply_tint((0, 0, 0), 0.5) == (128, 128, 128)


def test_indexed_colours() -> None:
    assert font_reasons('<color indexed="9"/>') == (W,)
    assert font_reasons('<color indexed="1"/>') == (W,)
    assert font_reasons('<color indexed="8"/>') == ()
    assert font_reasons('<color indexed="65"/>') == (W,)
    assert font_reasons('<color indexed="64"/>') == ()


def test_indexed_palette_matches_openpyxl() -> None:
    assert [f"00{r:02X}{g:02X}{b:02X}" for r, g, b in LEGACY_PALETTE] == list(COLOR_INDEX[:64])


def test_indexed_colours_override() -> None:
    override = ('<colors><indexedColors>'
                + '<rgbColor rgb="FF000000"/>' * 9 + '<rgbColor rgb="FFFFFFFF"/>'
                + "</indexedColors></colors>")
    assert font_reasons('<color indexed="9"/>', extra=override) == (W,)
    assert font_reasons('<color indexed="8"/>', extra=override) == ()
    assert font_reasons('<color indexed="9"/>') == (W,)
    override_9_black = override.replace('<rgbColor rgb="FFFFFFFF"/>', '<rgbColor rgb="FF000000"/>')
    assert font_reasons('<color indexed="9"/>', extra=override_9_black) == ()


def test_near_white_grey_hidden_mid_grey_and_red_shown() -> None:
    assert font_reasons('<color rgb="FFFAFAFA"/>') == (W,)
    assert font_reasons('<color rgb="FF808080"/>') == ()
    assert font_reasons('<color rgb="FFFF0000"/>') == ()
    red_fill = '<patternFill patternType="solid"><fgColor rgb="FFFF0000"/></patternFill>'
    assert font_reasons('<color rgb="FFFE0101"/>', red_fill) == (W,)


def test_gradient_hides_only_if_every_stop_matches() -> None:
    def gradient(a: str, b: str) -> str:
        return (f'<gradientFill><stop position="0"><color rgb="FF{a}"/></stop>'
                f'<stop position="1"><color rgb="FF{b}"/></stop></gradientFill>')
    assert font_reasons('<color rgb="FF000000"/>', gradient("000000", "000000")) == (W,)
    assert font_reasons('<color rgb="FF000000"/>', gradient("000000", "FFFFFF")) == ()


def test_malformed_values_never_raise() -> None:
    assert font_reasons('<color rgb="zzzzzz"/>') == ()
    assert font_reasons('<color rgb="FFF"/>') == ()
    assert font_reasons('<color theme="x"/>') == ()
    assert font_reasons('<color indexed="999"/>') == ()
    assert font_reasons('<color rgb="FFFFFFFF" tint="nan"/>') == (W,)
    root = styles_xml(['<color rgb="FFFFFFFF"/>'], xfs=['fontId="a" fillId="-3" numFmtId="b"'])
    assert CellStyles.from_roots(root, None).reasons(0, is_number=False) == (W,)
    bad_theme = theme_xml(lt1='<a:srgbClr val="nothex"/>')
    assert font_reasons('<color theme="0"/>', theme=bad_theme) == (W,)


def test_strict_namespaces() -> None:
    root = styles_xml(
        ['<color theme="0"/>', '<color rgb="FF000000"/>'],
        xfs=['fontId="0"', 'fontId="1" numFmtId="164"'],
        numfmts=[(164, ";;;")],
        ns=STRICT,
    )
    theme = theme_xml(STRICT_DML, lt1='<a:srgbClr val="000000"/>')
    styles = CellStyles.from_roots(root, theme)
    # Strict theme redefines lt1 as black, so theme 0 text on white is visible.
    assert styles.reasons(0, is_number=False) == ()
    assert styles.reasons(1, is_number=True, number=5) == (F,)
    plain = CellStyles.from_roots(styles_xml(['<color theme="0"/>'], ns=STRICT), None)
    assert plain.reasons(0, is_number=False) == (W,)


def test_out_of_range_index_and_empty() -> None:
    styles = CellStyles.from_roots(styles_xml(['<color rgb="FFFFFFFF"/>']), None)
    assert styles.reasons(0, is_number=False) == (W,)
    assert styles.reasons(1, is_number=False) == ()
    assert styles.reasons(-1, is_number=False) == ()
    assert styles.reasons(10**9, is_number=True, number=1.0) == ()
    assert CellStyles.empty().reasons(0, is_number=True, number=0) == ()
    assert CellStyles.from_roots(None, None).reasons(0, is_number=False) == ()


# --- number formats --------------------------------------------------------------------------

def test_split_sections_respects_quotes_and_escapes() -> None:
    assert split_sections(';;;') == ["", "", "", ""]
    assert split_sections('"a;b";\\;;_;x') == ['"a;b"', "\\;", "_;x"]


@pytest.mark.parametrize("number", [5.0, -5.0, 0.0, None])
def test_three_semicolons_hide_everything(number: float | None) -> None:
    styles = format_styles(";;;")
    assert styles.reasons(0, is_number=True, number=number) == (F,)
    assert styles.reasons(0, is_number=False) == (F,)


def test_empty_literals_hide_numbers_but_three_sections_show_text() -> None:
    styles = format_styles('"";"";""')
    for number in (1, -1, 0):
        assert styles.reasons(0, is_number=True, number=number) == (F,)
    assert styles.reasons(0, is_number=False) == ()


def test_two_semicolons_show_text() -> None:
    styles = format_styles(";;")
    assert styles.reasons(0, is_number=True, number=3) == (F,)
    assert styles.reasons(0, is_number=False) == ()


def test_zero_section_only() -> None:
    styles = format_styles("0;-0;;@")
    assert styles.reasons(0, is_number=True, number=0) == (F,)
    assert styles.reasons(0, is_number=True, number=7) == ()
    assert styles.reasons(0, is_number=True, number=-7) == ()
    assert styles.reasons(0, is_number=True) == ()
    assert styles.reasons(0, is_number=False) == ()


def test_text_section_at_shows_text() -> None:
    styles = format_styles(";;;@")
    assert styles.reasons(0, is_number=False) == ()
    assert styles.reasons(0, is_number=True, number=12) == (F,)


def test_colour_only_sections_are_general() -> None:
    styles = format_styles("[Red];[Blue];")
    assert styles.reasons(0, is_number=True, number=0) == (F,)
    assert styles.reasons(0, is_number=True, number=1) == ()
    assert styles.reasons(0, is_number=True, number=-1) == ()


def test_two_section_format_zero_uses_first() -> None:
    styles = format_styles(";0")
    assert styles.reasons(0, is_number=True, number=0) == (F,)
    assert styles.reasons(0, is_number=True, number=4) == (F,)
    assert styles.reasons(0, is_number=True, number=-4) == ()


@pytest.mark.parametrize("code", ['[Red]"";[Blue]""', "_-* ;_-* ;_-* ;_-* ", '" ";" ";" ";" "',
                                  ";;;[Red]"])
def test_invisible_sections(code: str) -> None:
    styles = format_styles(code)
    assert styles.reasons(0, is_number=True, number=1) == (F,)


@pytest.mark.parametrize("code", ["0", '"x";;;', "\\-;;;", "[h]:mm", "[h]", "General",
                                  '#,##0;[Red]"("#,##0")"'])
def test_visible_formats(code: str) -> None:
    assert format_styles(code).reasons(0, is_number=True, number=1) == ()


def test_builtin_ids_never_hide_and_overrides_apply() -> None:
    root = styles_xml(['<sz val="11"/>'], xfs=['numFmtId="0"', 'numFmtId="49"',
                                               'numFmtId="200"', 'numFmtId="3"'],
                      numfmts=[(3, ";;;")])
    styles = CellStyles.from_roots(root, None)
    assert styles.reasons(0, is_number=True, number=1) == ()
    assert styles.reasons(1, is_number=False) == ()
    assert styles.reasons(2, is_number=True, number=1) == ()
    assert styles.reasons(3, is_number=True, number=1) == (F,)


def test_white_text_and_hidden_format_together() -> None:
    root = styles_xml(['<color rgb="FFFFFFFF"/>'], xfs=['fontId="0" numFmtId="164"'],
                      numfmts=[(164, "0;-0;;@")])
    styles = CellStyles.from_roots(root, None)
    assert styles.reasons(0, is_number=True, number=0) == (W, F)
    assert styles.reasons(0, is_number=True, number=1) == (W,)


def test_is_date_format() -> None:
    codes = ["yyyy-mm-dd", "[h]:mm", "0.00", '0" days"', "[Red]0", "\\d0", "hh:mm AM/PM",
             "General"]
    root = styles_xml(['<sz val="11"/>'],
                      xfs=[f'numFmtId="{164 + i}"' for i in range(len(codes))]
                      + ['numFmtId="14"', 'numFmtId="47"', 'numFmtId="2"', 'numFmtId="x"'],
                      numfmts=[(164 + i, c) for i, c in enumerate(codes)])
    styles = CellStyles.from_roots(root, None)
    got = [styles.is_date_format(i) for i in range(len(codes) + 4)]
    assert got == [True, True, False, False, False, False, True, False,
                   True, True, False, False]
    assert not styles.is_date_format(999)


# --- round trips through openpyxl ------------------------------------------------------------

def roundtrip(tmp_path: Path, cells: dict[str, tuple[object, dict[str, object]]]
              ) -> tuple[CellStyles, dict[str, int]]:
    wb = Workbook()
    ws = wb.active
    for ref, (value, attrs) in cells.items():
        ws[ref] = value
        for name, attr in attrs.items():
            setattr(ws[ref], name, attr)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        styles_root = etree.fromstring(zf.read("xl/styles.xml"))
        theme_root = etree.fromstring(zf.read("xl/theme/theme1.xml"))
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    xf = {c.get("r"): int(c.get("s", "0")) for c in sheet.iter(f"{{{MAIN}}}c")}
    return CellStyles.from_roots(styles_root, theme_root), xf


def test_openpyxl_colours(tmp_path: Path) -> None:
    styles, xf = roundtrip(tmp_path, {
        "A1": ("plain", {}),
        "A2": ("white", {"font": Font(color="FFFFFFFF")}),
        "A3": ("black on black", {"font": Font(color="FF000000"),
                                  "fill": PatternFill("solid", fgColor="FF000000")}),
        "A4": ("theme lt1", {"font": Font(color=Color(theme=0))}),
        "A5": ("near white", {"font": Font(color="FFFAFAFA")}),
        "A6": ("grey", {"font": Font(color="FF808080")}),
        "A7": ("red", {"font": Font(color="FFFF0000")}),
        "A8": ("indexed white", {"font": Font(color=Color(indexed=9))}),
        "A9": ("tinted", {"font": Font(color=Color(theme=4, tint=0.95))}),
        "A10": ("yellow on yellow", {"font": Font(color="FFFFFF00"),
                                     "fill": PatternFill("solid", fgColor="FFFFFF00")}),
    })
    expected = {"A1": (), "A2": (W,), "A3": (W,), "A4": (W,), "A5": (W,), "A6": (), "A7": (),
                "A8": (W,), "A9": (W,), "A10": (W,)}
    got = {ref: styles.reasons(xf[ref], is_number=False) for ref in expected}
    assert got == expected


def test_openpyxl_number_formats(tmp_path: Path) -> None:
    styles, xf = roundtrip(tmp_path, {
        "A1": (5, {"number_format": ";;;"}),
        "A2": ("text", {"number_format": ";;;"}),
        "A3": (0, {"number_format": "0;-0;;@"}),
        "A4": (3, {"number_format": "0;-0;;@"}),
        "A5": ("text", {"number_format": ";;;@"}),
        "A6": (0, {"number_format": "[Red];[Blue];"}),
        "A7": (-2, {"number_format": '"";"";""'}),
        "A8": (45000, {"number_format": "yyyy-mm-dd"}),
        "A9": (7, {"number_format": "0.00"}),
    })
    values = {"A1": 5, "A3": 0, "A4": 3, "A6": 0, "A7": -2, "A8": 45000, "A9": 7}

    def reasons(ref: str) -> tuple[Hidden, ...]:
        number = values.get(ref)
        return styles.reasons(xf[ref], is_number=number is not None, number=number)

    assert {ref: reasons(ref) for ref in [f"A{i}" for i in range(1, 10)]} == {
        "A1": (F,), "A2": (F,), "A3": (F,), "A4": (), "A5": (), "A6": (F,), "A7": (F,),
        "A8": (), "A9": (),
    }
    assert styles.is_date_format(xf["A8"])
    assert not styles.is_date_format(xf["A9"])
