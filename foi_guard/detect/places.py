"""Places and bodies that share words with people: 'Milton Keynes', 'West Berkshire', 'Alder
Hey Children's', 'Grant Thornton LLP', 'St Thomas''.

Every FOI table names councils, towns, wards, trusts and suppliers. Their names are made of
forenames and surnames, so a name list alone takes them for people. The gazetteers and words
under rules/places/ (see words.yaml there) say which capitalised phrases are a place or a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from foi_guard.model import InspectionError
from foi_guard.policy import rules_dir

GAZETTEERS = ("places.txt", "local_authorities.txt", "public_bodies.txt")
_DROP = re.compile(r"['’‘`.]")
_SPACES = re.compile(r"[\s,]+")


def key(text: str) -> str:
    """'Kings Lynn', "King's Lynn", 'KING’S LYNN' -> "kings lynn"; '&' is 'and'."""
    return _SPACES.sub(" ", _DROP.sub("", text.replace("&", " and ")).casefold()).strip()


_LAST_WORD = re.compile(r"(\w+)[ \t]+$")
_HOUSE_NUMBER = re.compile(r"(?:^|[\s,(])\d{1,4}[A-Za-z]?,?[ \t]+$")
_TOWN_AFTER = re.compile(r",[ \t]*([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})")


@dataclass(frozen=True, slots=True)
class Places:
    names: frozenset[str]
    directions: tuple[str, ...]   # keys, longest first
    saints: frozenset[str]
    body_words: frozenset[str]
    body_suffixes: frozenset[str]
    street_words: frozenset[str]
    trading_names: frozenset[str] = frozenset()  # firms named like people: payee cells only
    body_phrases: tuple[str, ...] = ()  # 'church hall': two words that make a building
    place_prefixes: frozenset[str] = frozenset()  # 'heol', 'parc': before the name

    def is_place_or_body(self, text: str, following: str | None = None) -> bool:
        """The phrase (with the capitalised words after it, when given: 'Victoria' + 'Street',
        'Francis Bacon' + 'Pupil Referral Unit') names a place, a street or a body."""
        phrase = key(text)
        if not phrase:
            return False
        words = phrase.split(" ")
        after = key(following).split(" ") if following else []
        following = after[0] if after else None
        last_words = {words[-1]} | set(after[:1]) | set(after[-1:])  # 'Bryn Cefni Business Park'
        if last_words & (self.street_words | self.body_suffixes) or \
                (set(words) | set(after)) & self.body_words:
            return True
        if words[0] in self.saints and len(words) >= 2:
            return True
        padded = f" {phrase} {' '.join(after)} "
        if any(f" {p} " in padded for p in self.body_phrases):
            return True
        if len(words) >= 2 and (words[-1] in self.directions
                                or (words[0] in self.names and words[0] not in forenames())):
            return True  # 'Bedford Central', 'Birmingham Trees'
        return self._in_gazetteer(phrase) or (
            following is not None and self._in_gazetteer(f"{phrase} {following}"))

    def is_place_in_context(self, before: str, after: str) -> bool:
        """What stands either side makes the phrase a place's or a body's name: a Welsh street
        or body word before it ('Parc Busnes Bryn Cefni', 'Cyngor Sir Ynys'), or a house number
        before it and a town after a comma ('6 Horn Hall, Stanhope'), not '1 Jane Doherty,
        Constable'."""
        word = _LAST_WORD.search(before)
        if word is not None and key(word.group(1)) in self.place_prefixes:
            return True
        town = _TOWN_AFTER.match(after)
        return _HOUSE_NUMBER.search(before) is not None and town is not None and \
            self.is_place_or_body(town.group(1))

    def _in_gazetteer(self, phrase: str) -> bool:
        phrase = phrase.removeprefix("the ")
        if phrase in self.names:
            return True
        for direction in self.directions:
            if phrase.startswith(direction + " ") and phrase[len(direction) + 1:] in self.names:
                return True
        return False

    def is_trading_name(self, text: str) -> bool:
        """'Robert Half', 'Bevan Brittan LLP's short form, 'Sue Ryder Care': a firm or charity,
        where a payee is expected."""
        words = key(text).split(" ")
        return any(" ".join(words[:n]) in self.trading_names for n in range(2, len(words) + 1))

    def share(self, values: list[str]) -> float:
        """The share of values that are places or bodies."""
        values = [v for v in values if v.strip()]
        if not values:
            return 0.0
        return sum(self.is_place_or_body(v) for v in values) / len(values)


@cache
def forenames() -> frozenset[str]:
    from foi_guard.detect.names import load_names

    return frozenset(key(n) for n in load_names().forenames)


def _read(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {key(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


@cache
def places() -> Places:
    folder = rules_dir() / "places"
    try:
        doc = yaml.safe_load((folder / "words.yaml").read_text(encoding="utf-8")) or {}
        streets = yaml.safe_load((rules_dir() / "entities" / "street_address.yaml").read_text(
            encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InspectionError(f"cannot read the place rules in {folder}: {exc}") from None
    names: set[str] = set()
    for name in GAZETTEERS:
        names |= _read(folder / name)
    if not names:
        raise InspectionError(f"no gazetteer in {folder}; reinstall foi_guard")
    street_words = {key(w) for w in (streets.get("terms") or {}).get("suffix", [])
                    if " " not in w}
    return Places(
        names=frozenset(names),
        directions=tuple(sorted({key(w) for w in doc.get("directions") or []},
                                key=lambda d: -len(d))),
        saints=frozenset(key(w) for w in doc.get("saints") or []),
        body_words=frozenset(key(w) for w in doc.get("body_words") or []),
        body_suffixes=frozenset(key(w) for w in doc.get("body_suffixes") or []),
        street_words=frozenset(street_words),
        trading_names=frozenset(_read(folder / "trading_names.txt")),
        body_phrases=tuple(key(w) for w in doc.get("body_phrases") or []),
        place_prefixes=frozenset(key(w) for w in doc.get("place_prefixes") or []),
    )
