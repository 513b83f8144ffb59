"""Checks that a pattern's match is real: check digits, allocation rules, calendar dates.

Each validator takes the text a pattern matched and answers True or False; none raises. A rule
in rules/entities/*.yaml names its validator (`validator: uk_nino`); VALIDATORS maps the names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date


def _never_raises(check: Callable[[str], bool]) -> Callable[[str], bool]:
    """A validator answers False, never an exception, whatever text a pattern hands it."""

    @functools.wraps(check)
    def safe(s: str) -> bool:
        try:
            return bool(check(s))
        except Exception:
            return False

    return safe

# --- National Insurance numbers (HMRC NIM39110) ---------------------------------------------
# D, F, I, Q, U and V are never used as either prefix letter, nor O as the second. Some
# prefixes were never allocated or are reserved for administrative use.
_NINO = re.compile(r"([A-Z])([A-Z])(\d{6})([A-D])")
_NINO_NOT_FIRST = frozenset("DFIQUV")
_NINO_NOT_SECOND = frozenset("DFIOQUV")
_NINO_NOT_PREFIX = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_SEPARATORS = re.compile(r"[\s\-]+")


@_never_raises
def uk_nino(s: str) -> bool:
    """'AB 12 34 56 C': two prefix letters HMRC allocates, six digits, suffix A to D.

    HMRC's specimen 'QQ 12 34 56 C' has the shape but a Q prefix, so it is not a real number.
    """
    m = _NINO.fullmatch(_SEPARATORS.sub("", s).upper())
    if m is None:
        return False
    first, second = m.group(1), m.group(2)
    return (first not in _NINO_NOT_FIRST and second not in _NINO_NOT_SECOND
            and first + second not in _NINO_NOT_PREFIX)


# --- NHS numbers (and Northern Ireland Health and Care numbers, same algorithm) -----------------
@_never_raises
def nhs_number(s: str) -> bool:
    """Ten digits whose tenth is the modulus 11 check digit of the first nine, in a range that
    is issued: NHS numbers of England, Wales and the Isle of Man start 4, 6 or 7 (9 for test
    patients), Northern Ireland's Health and Care numbers 3; Scotland's CHI numbers start with
    the holder's date of birth (DDMMYY) and are written unspaced. One ten-digit number in
    eleven passes the check digit by chance, so a property reference or a foreign phone
    number must also fall in a range."""
    digits = _SEPARATORS.sub("", s)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    if len(set(digits)) == 1:  # 0000000000 passes the arithmetic but is never issued
        return False
    spaced = digits != s.strip()
    england_or_ni = digits[0] in "34679"
    chi = not spaced and 1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12
    if not (england_or_ni or chi):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# --- Postcodes -----------------------------------------------------------------------------
# Outward code shapes A9, A99, AA9, AA99, A9A, AA9A with the letters Royal Mail allows in each
# position; the inward code is a digit and two letters other than C, I, K, M, O, V.
_POSTCODE = re.compile(
    r"(?:[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?))\s?\d[ABD-HJLNP-UW-Z]{2}"
)
_POSTCODE_AREAS = frozenset({
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA",
    "CB", "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL",
    "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA",
    "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW",
    "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE",
    "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH",
    "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW",
    "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF",
    "WN", "WR", "WS", "WV", "YO", "ZE",
})
_AREA = re.compile(r"[A-Z]{1,2}")


@_never_raises
def uk_postcode(s: str) -> bool:
    """A full postcode of a valid shape in a real postcode area (or Girobank's GIR 0AA)."""
    text = " ".join(s.split()).upper()
    if text in ("GIR 0AA", "GIR0AA"):
        return True
    if _POSTCODE.fullmatch(text) is None:
        return False
    area = _AREA.match(text)
    return area is not None and area.group(0) in _POSTCODE_AREAS


# --- Telephone numbers ---------------------------------------------------------------------
@_never_raises
def uk_phone(s: str) -> bool:
    """A UK number by libphonenumber: valid, or possible with a ten-digit national number on a
    geographic, non-geographic or mobile range (Ofcom's drama numbers, 07700 900xxx and
    028 9649 6xxx, are possible but not 'valid')."""
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - phonenumbers is a dependency of presidio
        return False
    try:
        number = phonenumbers.parse(s, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 44:
        return False
    national = str(number.national_number)
    if len(set(national)) == 1:
        return False
    if phonenumbers.is_valid_number(number):
        return True
    return (phonenumbers.is_possible_number(number) and len(national) == 10
            and national[0] in "1237")


# --- Email addresses -----------------------------------------------------------------------
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59}")


@_never_raises
def email(s: str) -> bool:
    """local@domain.tld: a dot-atom local part of at most 64 characters and a domain of at least
    two labels ending in an alphabetic top-level domain. No network, no suffix list."""
    text = s.strip()
    if text.count("@") != 1 or len(text) > 254:
        return False
    local, domain = text.split("@")
    if not local or len(local) > 64 or _LOCAL.fullmatch(local) is None:
        return False
    labels = domain.rstrip(".").split(".")
    if len(labels) < 2 or len(domain) > 253:
        return False
    if not all(_LABEL.fullmatch(label) for label in labels[:-1]):
        return False
    return _TLD.fullmatch(labels[-1]) is not None


@_never_raises
def personal_email(s: str) -> bool:
    """An address of the right shape whose local part names a person, or on a mail service
    people open themselves; a role mailbox (foi@, school.stats@) is the organisation's."""
    from foi_guard.detect.mailboxes import is_personal_email

    return email(s) and is_personal_email(s.strip())


# --- Calendar dates ------------------------------------------------------------------------
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")
_D_MONTH_Y = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?([A-Za-z]{3,9})\.?,?[\s\-]+(\d{4})",
    re.IGNORECASE,
)
_MONTH_D_Y = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})",
                        re.IGNORECASE)
EARLIEST_YEAR = 1900


def _month(name: str) -> int | None:
    name = name.lower()
    number = _MONTHS.get(name[:3])
    if number is None:
        return None
    full = date(2000, number, 1).strftime("%B").lower()
    # 'Mar', 'March' and 'Sept' are months; 'Marxism' is not
    return number if full.startswith(name) or name == "sept" else None


def _two_digit_year(yy: int, today: date) -> int:
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def parse_date(s: str, today: date | None = None) -> date | None:
    """The date in '14/03/1985', '14.03.85', '14 March 1985', 'March 14, 1985' or '1985-03-14'
    (day first: UK usage), or None."""
    today = today or date.today()
    text = " ".join(s.split())
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DMY.fullmatch(text):
            year = int(m.group(4))
            if len(m.group(4)) == 2:
                year = _two_digit_year(year, today)
            return date(year, int(m.group(3)), int(m.group(1)))
        if m := _D_MONTH_Y.fullmatch(text):
            month = _month(m.group(2))
            return date(int(m.group(3)), month, int(m.group(1))) if month else None
        if m := _MONTH_D_Y.fullmatch(text):
            month = _month(m.group(1))
            return date(int(m.group(3)), month, int(m.group(2))) if month else None
    except (ValueError, OverflowError):
        return None
    return None


@_never_raises
def calendar_date(s: str) -> bool:
    """A real calendar date (no 31 April, no 29 February 2023) from 1900 up to today."""
    today = date.today()
    found = parse_date(s, today)
    return found is not None and date(EARLIEST_YEAR, 1, 1) <= found <= today


# --- Vehicle registration marks ------------------------------------------------------------
# Current GB marks (from September 2001): memory tag, age identifier, three random letters.
_CURRENT = re.compile(r"([A-HJ-PR-Y])([A-HJ-PR-Y])(\d{2})([A-HJ-PR-Z]{3})")
# Prefix marks (1983-2001): age letter, 1-3 digits, three letters.
_PREFIX = re.compile(r"([A-HJ-NP-Y])(\d{1,3})([A-Z]{3})")
# Suffix marks (1963-1983): three letters, 1-3 digits, age letter.
_SUFFIX = re.compile(r"([A-Z]{3})(\d{1,3})([A-HJ-NP-Y])")
# Northern Ireland: an optional serial letter, a two-letter county code with I or Z, 1-4 digits.
_NI = re.compile(r"([A-Z]?)([A-Z]{2})(\d{1,4})")
NI_CODES = frozenset({
    "AZ", "BZ", "CZ", "DZ", "EZ", "FZ", "GZ", "HZ", "IA", "IB", "IG", "IH", "IJ", "IL", "IW",
    "JI", "JZ", "KZ", "LZ", "MZ", "NZ", "OI", "OZ", "PZ", "RZ", "SZ", "TZ", "UI", "UZ", "VZ",
    "WZ", "XI", "XZ", "YZ",
})


def _age_identifier_ok(digits: str, today: date) -> bool:
    """'02' to this year's two digits (March issues), '51' to this year's plus 50 (September)."""
    number = int(digits)
    this_year = today.year % 100
    if 2 <= number <= 50:
        return number <= this_year + 1
    if 51 <= number <= 99:
        return number - 50 <= this_year + 1
    return False


@_never_raises
def vehicle_registration(s: str) -> bool:
    """A current, prefix, suffix or Northern Ireland registration mark of an issued shape."""
    text = re.sub(r"\s+", "", s).upper()
    if not 2 <= len(text) <= 8:
        return False
    if m := _CURRENT.fullmatch(text):
        return _age_identifier_ok(m.group(3), date.today())
    if m := _NI.fullmatch(text):
        return m.group(2) in NI_CODES and m.group(3)[0] != "0"
    if m := _PREFIX.fullmatch(text):
        return m.group(2)[0] != "0"
    if m := _SUFFIX.fullmatch(text):
        return m.group(2)[0] != "0"
    return False


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "uk_nino": uk_nino,
    "nhs_number": nhs_number,
    "uk_postcode": uk_postcode,
    "uk_phone": uk_phone,
    "email": email,
    "personal_email": personal_email,
    "calendar_date": calendar_date,
    "vehicle_registration": vehicle_registration,
}
