"""Cell formats that make a cell's value invisible: text coloured like its background, and custom
number formats whose section for the value renders nothing.

Everything is decided once per cellXfs entry when the styles part is read, so that classifying a
cell is a few list lookups. Elements are matched by local name, so ISO Strict and Transitional
parts read the same, and malformed attribute values count as absent rather than raising.
"""

from __future__ import annotations

import colorsys
import math
import unicodedata
from dataclasses import dataclass

from lxml import etree

from foi_guard.model import Hidden

RGB = tuple[int, int, int]
Reasons = tuple[Hidden, ...]

BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)

# Office 2013-2022 "Office Theme", what Excel writes into new workbooks, in Excel's theme-index
# order (lt1, dk1, lt2, dk2, accent1..6, hlink, folHlink). Used where the theme part or one of its
# colours is missing. Office 2007 used lt2 EEECE1 / dk2 1F497D; both pairs are visible on white.
DEFAULT_THEME: tuple[RGB, ...] = tuple(
    (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
    for h in ("FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31",
              "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72")
)
_SCHEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                 "accent5", "accent6", "hlink", "folHlink")
_SYS_COLOURS = {"window": WHITE, "windowText": BLACK}

_LEGACY_PALETTE_HEX = (
    "000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF "
    "000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF "
    "800000 008000 000080 808000 800080 008080 C0C0C0 808080 "
    "9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF "
    "000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF "
    "00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99 "
    "3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 "
    "003366 339966 003300 333300 993300 993366 333399 333333"
)
LEGACY_PALETTE: tuple[RGB, ...] = tuple(
    (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)) for h in _LEGACY_PALETTE_HEX.split()
)
SYSTEM_FOREGROUND = 64
SYSTEM_BACKGROUND = 65

# CIE76 ΔE (Euclidean distance in CIELAB). About 2.3 is the just-noticeable difference for large
# colour patches; thin glyph strokes need several times that to be noticed at all. Below 5 the
# text is invisible in practice: FAFAFA (ΔE 1.7) and Excel's "White, darker 5%" F2F2F2 (ΔE 4.5) on
# white are caught, while "darker 15%" D9D9D9 (ΔE 13) and "Accent 1, lighter 80%"
# DCE6F1 (ΔE 11) are not.
INDISTINGUISHABLE_DELTA_E = 5.0

BUILTIN_DATE_IDS = frozenset(range(14, 23)) | {45, 46, 47}
_ELAPSED_TIME = frozenset("hms")
_DATE_LETTERS = frozenset("dmyhs")

_TEXT, _POSITIVE, _NEGATIVE, _ZERO, _ANY_NUMBER = range(5)
_REASON_SETS: dict[tuple[bool, bool], Reasons] = {
    (False, False): (),
    (True, False): (Hidden.WHITE_TEXT,),
    (False, True): (Hidden.HIDDEN_NUMBER_FORMAT,),
    (True, True): (Hidden.WHITE_TEXT, Hidden.HIDDEN_NUMBER_FORMAT),
}


# --- attribute parsing -----------------------------------------------------------------------

def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _hex_rgb(value: str | None) -> RGB | None:
    """RGB from 'RRGGBB' or 'AARRGGBB' (alpha ignored, as Excel does)."""
    if value is None:
        return None
    value = value.strip()
    if len(value) == 8:
        value = value[2:]
    if len(value) != 6:
        return None
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return None


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true")


# --- colours ---------------------------------------------------------------------------------

def apply_tint(rgb: RGB, tint: float) -> RGB:
    """Excel's tint: darken (tint < 0) or lighten (tint > 0) the HLS luminance."""
    tint = max(-1.0, min(1.0, tint))
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    lum = lum * (1 + tint) if tint < 0 else lum + (1 - lum) * tint
    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return _to_byte(r), _to_byte(g), _to_byte(b)


def _to_byte(channel: float) -> int:
    return max(0, min(255, round(channel * 255)))


def _lab(rgb: RGB) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    lin = [_linear(c / 255) for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    fx, fy, fz = _lab_f(x), _lab_f(y), _lab_f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab_f(t: float) -> float:
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


def delta_e(a: RGB, b: RGB) -> float:
    """CIE76 colour difference."""
    return math.dist(_lab(a), _lab(b))


def indistinguishable(a: RGB, b: RGB) -> bool:
    return delta_e(a, b) < INDISTINGUISHABLE_DELTA_E


@dataclass(slots=True, frozen=True)
class Palette:
    """What theme and indexed colour references mean in one workbook."""

    theme: tuple[RGB, ...] = DEFAULT_THEME
    indexed: tuple[RGB, ...] = LEGACY_PALETTE

    @classmethod
    def from_roots(cls, styles_root: etree._Element | None,
                   theme_root: etree._Element | None) -> Palette:
        return cls(_theme_colours(theme_root), _indexed_colours(styles_root))

    def resolve(self, el: etree._Element | None, default: RGB) -> RGB:
        """The RGB a CT_Color element stands for; `default` when absent, automatic or unusable."""
        if el is None or _truthy(el.get("auto")):
            return default
        rgb = self._base(el)
        if rgb is None:
            return default
        tint = _float(el.get("tint"))
        return apply_tint(rgb, tint) if tint else rgb

    def _base(self, el: etree._Element) -> RGB | None:
        rgb = _hex_rgb(el.get("rgb"))
        if rgb is not None:
            return rgb
        theme = _int(el.get("theme"))
        if theme is not None and 0 <= theme < len(self.theme):
            return self.theme[theme]
        index = _int(el.get("indexed"))
        if index is None:
            return None
        if 0 <= index < len(self.indexed):
            return self.indexed[index]
        return {SYSTEM_FOREGROUND: BLACK, SYSTEM_BACKGROUND: WHITE}.get(index)


def _theme_colours(theme_root: etree._Element | None) -> tuple[RGB, ...]:
    if theme_root is None:
        return DEFAULT_THEME
    scheme = next(theme_root.iter("{*}clrScheme"), None)
    if scheme is None:
        return DEFAULT_THEME
    found: dict[str, RGB] = {}
    for child in scheme:
        if not isinstance(child.tag, str):
            continue
        rgb = _scheme_colour(child)
        if rgb is not None:
            found.setdefault(etree.QName(child).localname, rgb)
    return tuple(found.get(name, fallback) for name, fallback in zip(_SCHEME_ORDER, DEFAULT_THEME,
                                                                      strict=True))


def _scheme_colour(slot: etree._Element) -> RGB | None:
    for el in slot:
        if not isinstance(el.tag, str):
            continue
        kind = etree.QName(el).localname
        if kind == "srgbClr":
            return _hex_rgb(el.get("val"))
        if kind == "sysClr":
            return _hex_rgb(el.get("lastClr")) or _SYS_COLOURS.get(el.get("val") or "")
    return None


def _indexed_colours(styles_root: etree._Element | None) -> tuple[RGB, ...]:
    if styles_root is None:
        return LEGACY_PALETTE
    custom = next(styles_root.iter("{*}indexedColors"), None)
    if custom is None:
        return LEGACY_PALETTE
    palette = list(LEGACY_PALETTE)
    for i, el in enumerate(custom.iterchildren("{*}rgbColor")):
        rgb = _hex_rgb(el.get("rgb"))
        if i < len(palette) and rgb is not None:
            palette[i] = rgb
    return tuple(palette)


# --- fonts and fills -------------------------------------------------------------------------

def _font_colour(font: etree._Element | None, palette: Palette) -> RGB:
    """Automatic and unspecified font colours are window text, which Excel draws black."""
    colour = None if font is None else next(font.iterchildren("{*}color"), None)
    return palette.resolve(colour, BLACK)


def _backgrounds(fill: etree._Element | None, palette: Palette) -> tuple[RGB, ...]:
    """The colours a cell's text is drawn over: every stop of a gradient, the foreground of a
    solid pattern, otherwise the white window."""
    if fill is None:
        return (WHITE,)
    gradient = next(fill.iterchildren("{*}gradientFill"), None)
    if gradient is not None:
        stops = [palette.resolve(next(stop.iterchildren("{*}color"), None), BLACK)
                 for stop in gradient.iterchildren("{*}stop")]
        return tuple(stops) or (WHITE,)
    pattern = next(fill.iterchildren("{*}patternFill"), None)
    if pattern is None or (pattern.get("patternType") or "").strip() != "solid":
        return (WHITE,)
    # A solid pattern is drawn in the pattern (foreground) colour, automatic meaning window text.
    return (palette.resolve(next(pattern.iterchildren("{*}fgColor"), None), BLACK),)


# --- number formats --------------------------------------------------------------------------

def split_sections(code: str) -> list[str]:
    """Split a format code on semicolons outside quotes, brackets and escapes."""
    sections: list[str] = []
    start = i = 0
    n = len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            i = n if end < 0 else end + 1
        elif ch == "[":
            end = code.find("]", i + 1)
            i = n if end < 0 else end + 1
        elif ch in "\\_*":
            i += 2
        elif ch == ";":
            sections.append(code[start:i])
            start = i = i + 1
        else:
            i += 1
    sections.append(code[start:])
    return sections


def _invisible(text: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs") for ch in text)


def renders_nothing(section: str) -> bool:
    """True when a format section draws nothing visible.

    `_x` (a gap the width of x), `*x` (repeat x to fill) and whitespace draw nothing visible. A
    section made only of bracket codes such as `[Red]` is General in that colour, so it shows.
    """
    if not section:
        return True
    i, n = 0, len(section)
    only_brackets = True
    while i < n:
        ch = section[i]
        if ch == "[":
            end = section.find("]", i + 1)
            end = n if end < 0 else end
            if _is_elapsed_time(section[i + 1:end]):
                return False
            i = end + 1
            continue
        only_brackets = False
        if ch == '"':
            end = section.find('"', i + 1)
            end = n if end < 0 else end
            if not _invisible(section[i + 1:end]):
                return False
            i = end + 1
        elif ch == "\\":
            if not _invisible(section[i + 1:i + 2]):
                return False
            i += 2
        elif ch in "_*":
            i += 2
        elif _invisible(ch):
            i += 1
        else:
            return False
    return not only_brackets


def _is_elapsed_time(bracket: str) -> bool:
    lowered = bracket.lower()
    return bool(lowered) and len(set(lowered)) == 1 and lowered[0] in _ELAPSED_TIME


def hiding_sections(code: str) -> tuple[bool, bool, bool, bool]:
    """Whether the format hides (text, positive, negative, zero) values."""
    sections = split_sections(code)
    empty = [renders_nothing(s) for s in sections]
    text = len(sections) >= 4 and empty[3]
    if len(sections) == 1:
        return text, empty[0], empty[0], empty[0]
    if len(sections) == 2:
        return text, empty[0], empty[1], empty[0]
    return text, empty[0], empty[1], empty[2]


def is_date_code(code: str) -> bool:
    """Whether a format code shows a date or time: d, m, y, h or s outside quotes and brackets
    (or an elapsed-time bracket such as [h])."""
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            i = n if end < 0 else end + 1
        elif ch == "[":
            end = code.find("]", i + 1)
            end = n if end < 0 else end
            if _is_elapsed_time(code[i + 1:end]):
                return True
            i = end + 1
        elif ch in "\\_*":
            i += 2
        elif ch.lower() in _DATE_LETTERS:
            return True
        else:
            i += 1
    return False


# --- the cell format table -------------------------------------------------------------------

_NO_HIDING = (False, False, False, False)


def _children(root: etree._Element | None, container: str, item: str) -> list[etree._Element]:
    if root is None:
        return []
    parent = next(root.iterchildren(f"{{*}}{container}"), None)
    return [] if parent is None else list(parent.iterchildren(f"{{*}}{item}"))


def _custom_formats(styles_root: etree._Element | None) -> dict[int, str]:
    formats: dict[int, str] = {}
    for el in _children(styles_root, "numFmts", "numFmt"):
        fmt_id = _int(el.get("numFmtId"))
        code = el.get("formatCode")
        if fmt_id is not None and code is not None:
            formats[fmt_id] = code
    return formats


class CellStyles:
    """Per cell-format (cellXfs index) answers to "would a reader see a cell in this format?"."""

    __slots__ = ("_dates", "_table", "signed")

    def __init__(self, table: list[tuple[Reasons, ...]], dates: list[bool]) -> None:
        self._table = table
        self._dates = dates
        # formats that hide a number or not by its sign (a section for negatives, say)
        self.signed = frozenset(i for i, row in enumerate(table)
                                if not row[_POSITIVE] == row[_NEGATIVE] == row[_ZERO])

    @classmethod
    def empty(cls) -> CellStyles:
        """No styles part: nothing is hidden."""
        return cls([], [])

    @classmethod
    def from_roots(cls, styles_root: etree._Element | None,
                   theme_root: etree._Element | None) -> CellStyles:
        """Precompute hiding reasons for every cellXfs entry of xl/styles.xml."""
        palette = Palette.from_roots(styles_root, theme_root)
        fonts = _children(styles_root, "fonts", "font")
        fills = _children(styles_root, "fills", "fill")
        formats = _custom_formats(styles_root)
        font_rgbs = [_font_colour(f, palette) for f in fonts]
        fill_rgbs = [_backgrounds(f, palette) for f in fills]
        code_cache: dict[str, tuple[bool, bool, bool, bool]] = {}
        white_cache: dict[tuple[RGB, tuple[RGB, ...]], bool] = {}
        table: list[tuple[Reasons, ...]] = []
        dates: list[bool] = []
        for xf in _children(styles_root, "cellXfs", "xf"):
            font_id, fill_id = _int(xf.get("fontId")) or 0, _int(xf.get("fillId")) or 0
            text_rgb = font_rgbs[font_id] if 0 <= font_id < len(font_rgbs) else BLACK
            backs = fill_rgbs[fill_id] if 0 <= fill_id < len(fill_rgbs) else (WHITE,)
            key = (text_rgb, backs)
            if key not in white_cache:
                white_cache[key] = all(indistinguishable(text_rgb, b) for b in backs)
            fmt_id = _int(xf.get("numFmtId")) or 0
            code = formats.get(fmt_id)
            if code is None:
                hides = _NO_HIDING
            else:
                hides = code_cache.setdefault(code, hiding_sections(code))
            table.append(_row(white_cache[key], hides))
            dates.append(is_date_code(code) if code is not None else fmt_id in BUILTIN_DATE_IDS)
        return cls(table, dates)

    def reasons(self, xf_index: int, *, is_number: bool,
                number: float | None = None) -> Reasons:
        """Hiding reasons the cell format gives a cell holding this value (possibly both).

        A number whose value is not given counts as hidden by the format only if every numeric
        section hides.
        """
        if not 0 <= xf_index < len(self._table):
            return ()
        row = self._table[xf_index]
        if not is_number:
            return row[_TEXT]
        if number is None:
            return row[_ANY_NUMBER]
        if number > 0:
            return row[_POSITIVE]
        if number < 0:
            return row[_NEGATIVE]
        return row[_ZERO]

    def is_date_format(self, xf_index: int) -> bool:
        """Whether the cell format displays a serial number as a date or time."""
        return 0 <= xf_index < len(self._dates) and self._dates[xf_index]

    def __len__(self) -> int:
        return len(self._table)


def _row(white: bool, hides: tuple[bool, bool, bool, bool]) -> tuple[Reasons, ...]:
    text, positive, negative, zero = hides
    every_number = positive and negative and zero
    return tuple(_REASON_SETS[white, h] for h in (text, positive, negative, zero, every_number))

