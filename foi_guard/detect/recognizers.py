"""Recognisers as data: entity rules from rules/entities/*.yaml, ranks from rules/ranks.yaml and
column-header rules from rules/headers.yaml, used three ways:

* `match_cell`: does a whole spreadsheet cell hold an entity? Called for up to a million cells,
  so every rule's cell patterns are also joined into one regex that rejects most cells at once.
* `find_in_text`: entity spans in free text (comments, notes, text boxes).
* `presidio_recognizers`: the same rules as Presidio PatternRecognizers for an AnalyzerEngine.

The format of an entity file is described at the top of rules/entities/uk_nino.yaml. A pattern
that `needs_context` counts only when a context word stands within CONTEXT_WINDOW characters
before it in text (or CONTEXT_AFTER after it), or when the caller says the column header named
the entity (`context_ok`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from foi_guard.detect.validators import VALIDATORS
from foi_guard.model import InspectionError

CONTEXT_WINDOW = 40       # characters before a match searched for a context word
CONTEXT_AFTER = 20        # and after it ('SC clearance', '14/03/1985 (DOB)')
MAX_CELL_LENGTH = 256     # a longer cell is text: match_cell says nothing, use find_in_text
MAX_RANK_LENGTH = 64      # no rank or grade is written longer
_FLAGS = {"IGNORECASE": ("i", re.IGNORECASE), "MULTILINE": ("m", re.MULTILINE),
          "DOTALL": ("s", re.DOTALL), "VERBOSE": ("x", re.VERBOSE), "ASCII": ("a", re.ASCII)}
_RULE_KEYS = {"entity", "description", "patterns", "context", "validator", "needs_context",
              "flags", "checksum", "terms", "vocabulary", "enabled", "other_numbers"}
OTHER_WINDOW = CONTEXT_WINDOW  # and for an `other_numbers` word
_PATTERN_KEYS = {"name", "regex", "vocabulary", "score", "flags", "needs_context", "scope"}
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']+|\bwww\.[^\s<>\"']+", re.IGNORECASE)
URL_ENTITIES = {"EMAIL_ADDRESS"}  # the only entity a web address may carry ('mailto:' aside)
_TERM = re.compile(r"\{\{(\w+)(:after)?\}\}")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _default_rules_dir() -> Path:
    from foi_guard.policy import rules_dir

    return rules_dir()


def _folder(rules_dir: Path | str | None) -> str:
    return str(Path(rules_dir) if rules_dir is not None else _default_rules_dir())


# --- entity rules ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, eq=False)
class Pattern:
    """One compiled pattern of a rule, with where it applies and whether it needs context."""

    name: str
    regex: re.Pattern[str]
    score: float
    in_cells: bool = True
    in_text: bool = True
    cell_needs_context: bool = False
    text_needs_context: bool = False
    keys: frozenset[str] | None = None   # vocabulary patterns: a whole cell is looked up by
                                         # rank_key() here instead of matching the regex

    def inline_source(self) -> str:
        """The regex with its flags written inline, for engines that compile it themselves."""
        letters = "".join(letter for letter, flag in _FLAGS.values()
                          if self.regex.flags & flag)
        return f"(?{letters}){self.regex.pattern}" if letters else self.regex.pattern


@dataclass(frozen=True, slots=True, eq=False)
class EntityRule:
    """An entity's recognisers from one rules file. Compared and hashed by identity."""

    entity: str
    description: str
    patterns: tuple[Pattern, ...]
    context: tuple[str, ...]
    needs_context: bool          # the file's default; each Pattern carries its own answer
    validator: Callable[[str], bool] | None
    validator_name: str | None = None
    checksum: bool = False
    source: str = ""
    context_regex: re.Pattern[str] | None = None
    other_regex: re.Pattern[str] | None = None  # 'UPRN 1002427746' is not an NHS number

    def named_otherwise(self, text: str, start: int, end: int) -> bool:
        """Words straight before the match say it is another kind of number, or it is part of
        a web address ('profile.php?id=7730584433')."""
        rx = self.other_regex
        if rx is not None and rx.search(text[max(0, start - OTHER_WINDOW):start]) is not None:
            return True
        return self.entity not in URL_ENTITIES and _in_url(text, start, end)

    def context_near(self, text: str, start: int, end: int) -> bool:
        """A context word in the CONTEXT_WINDOW characters before the match at start:end, or in
        the CONTEXT_AFTER characters after it."""
        rx = self.context_regex
        if rx is None:
            return False
        return (rx.search(text[max(0, start - CONTEXT_WINDOW):start]) is not None
                or rx.search(text[end:end + CONTEXT_AFTER]) is not None)

    def context_in(self, text: str) -> bool:
        return self.context_regex is not None and self.context_regex.search(text) is not None

    def valid(self, value: str) -> bool:
        return self.validator is None or self.validator(value)


def load_entity_rules(rules_dir: Path | None = None) -> list[EntityRule]:
    """Every enabled rule in <rules>/entities/*.yaml (ranks from <rules>/ranks.yaml). Cached."""
    return list(_entity_rules(_folder(rules_dir)))


@cache
def _entity_rules(folder: str) -> tuple[EntityRule, ...]:
    entities = Path(folder) / "entities"
    files = sorted(entities.glob("*.yaml"))
    if not files:
        raise InspectionError(f"no entity rules in {entities}; reinstall foi_guard")
    rules = []
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InspectionError(f"cannot read entity rule {path}: {exc}") from None
        if not isinstance(doc, dict):
            raise InspectionError(f"entity rule {path}: expected a mapping")
        if doc.get("enabled", True) is False:
            continue
        try:
            rules.append(_build_rule(doc, path, folder))
        except KeyError as exc:
            raise InspectionError(f"entity rule {path}: missing key or term {exc}") from None
        except (TypeError, ValueError, re.error) as exc:
            raise InspectionError(f"entity rule {path}: {exc}") from None
    return tuple(rules)


def _build_rule(doc: dict[str, Any], path: Path, folder: str) -> EntityRule:
    unknown = set(doc) - _RULE_KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)} (known: {sorted(_RULE_KEYS)})")
    entity = str(doc["entity"]).strip()
    if not entity:
        raise ValueError("empty entity name")
    default_flags = _flags(doc.get("flags") or [])
    default_needs = _needs_context(doc.get("needs_context", False))
    terms = {str(k): [str(w) for w in v] for k, v in (doc.get("terms") or {}).items()}
    vocabulary_file = str(doc.get("vocabulary") or "ranks.yaml")
    specs = doc.get("patterns") or []
    if not specs:
        raise ValueError("a rule needs at least one pattern")
    patterns = []
    for spec in specs:
        unknown = set(spec) - _PATTERN_KEYS
        if unknown:
            raise ValueError(f"pattern {spec.get('name')!r}: unknown keys {sorted(unknown)}")
        flags = _flags(spec["flags"]) if "flags" in spec else default_flags
        keys = None
        if "vocabulary" in spec:
            vocabulary = _rank_vocabulary(str(Path(folder) / vocabulary_file))
            source = vocabulary.regex_source(str(spec["vocabulary"]),
                                             case_sensitive=not flags & re.IGNORECASE)
            keys = vocabulary.keys(str(spec["vocabulary"]))
        else:
            source = _TERM.sub(lambda m: _term_regex(terms[m.group(1)], bool(m.group(2))),
                               str(spec["regex"]))
        cell_needs, text_needs = (_needs_context(spec["needs_context"])
                                  if "needs_context" in spec else default_needs)
        scope = str(spec.get("scope", "both"))
        if scope not in ("both", "cell", "text"):
            raise ValueError(f"pattern {spec['name']!r}: scope is both, cell or text")
        patterns.append(Pattern(
            name=str(spec["name"]), regex=re.compile(source, flags),
            score=float(spec.get("score", 0.5)), in_cells=scope != "text",
            in_text=scope != "cell", cell_needs_context=cell_needs,
            text_needs_context=text_needs, keys=keys))
    validator_name = doc.get("validator")
    validator = None
    if validator_name:
        if validator_name not in VALIDATORS:
            raise ValueError(f"unknown validator {validator_name!r} "
                             f"(known: {', '.join(sorted(VALIDATORS))})")
        validator = VALIDATORS[validator_name]
    context = tuple(" ".join(str(w).split()).lower() for w in doc.get("context") or [])
    return EntityRule(
        entity=entity, description=" ".join(str(doc.get("description", "")).split()),
        patterns=tuple(patterns), context=context, needs_context=default_needs[0],
        validator=validator, validator_name=validator_name,
        checksum=bool(doc.get("checksum", False)), source=path.stem,
        context_regex=_context_regex(context),
        other_regex=_context_regex([" ".join(str(w).split()).lower()
                                    for w in doc.get("other_numbers") or []]))


def _flags(names: Iterable[str]) -> int:
    flags = 0
    for name in names:
        if str(name).upper() not in _FLAGS:
            raise ValueError(f"unknown regex flag {name!r} (known: {', '.join(_FLAGS)})")
        flags |= _FLAGS[str(name).upper()][1]
    return flags


def _needs_context(value: Any) -> tuple[bool, bool]:
    """(in a cell, in text) from `true`, `false` or `text`."""
    if value is True or value is False:
        return value, value
    if str(value).lower() == "text":
        return False, True
    raise ValueError(f"needs_context is true, false or text, not {value!r}")


def _literal(word: str) -> str:
    return r"\s+".join(re.escape(part) for part in str(word).split())


def _term_regex(words: Iterable[str], after: bool = False) -> str:
    """Any of the words; with `after`, the place straight after any of them (and a space), as
    fixed-width look-behinds, so that the word is context but not part of the match."""
    unique = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    if after:
        behind = [rf"(?<=(?<![\w/-]){re.escape(' '.join(w.split()))}{space})"
                  for w in unique for space in ("", " ")]
        return "(?:" + "|".join(behind) + ")"
    return "(?:" + "|".join(_literal(w) for w in unique) + ")"


def _in_url(text: str, start: int, end: int) -> bool:
    if "://" not in text and "www." not in text.lower():
        return False
    return any(m.start() <= start and end <= m.end() for m in _URL.finditer(text))


def _context_regex(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"(?<!\w)" + _term_regex(words) + r"(?!\w)", re.IGNORECASE)


# --- whole cells ----------------------------------------------------------------------------
_Entry = tuple[EntityRule, Pattern]


@dataclass(frozen=True, slots=True)
class _Gate:
    """Cell patterns joined into one regex, each alternative in a group named after its place.
    Alternatives are tried in order, so the one that matched is the first whose pattern can
    match the cell: only it and the patterns after it need trying."""

    regex: re.Pattern[str] | None
    entries: tuple[_Entry, ...]          # in the regex, in order
    ungated: tuple[_Entry, ...]          # patterns that cannot be joined: always tried
    start: dict[str, int]                # group name -> index in entries
    keyed: tuple[_Entry, ...] = ()       # vocabulary patterns: a set lookup each


def _scoped(pattern: re.Pattern[str]) -> str:
    letters = "".join(letter for letter, flag in _FLAGS.values() if pattern.flags & flag)
    body = pattern.pattern + ("\n" if pattern.flags & re.VERBOSE else "")
    return f"(?{letters}:{body})" if letters else f"(?:{body})"


def _gate(entries: Sequence[_Entry]) -> _Gate:
    keyed = tuple((r, p) for r, p in entries if p.keys is not None)
    entries = [(r, p) for r, p in entries if p.keys is None]
    joinable = tuple((r, p) for r, p in entries
                     if not p.regex.groupindex and not _BACKREFERENCE.search(p.regex.pattern))
    ungated = tuple((r, p) for r, p in entries if not any(p is q for _, q in joinable))
    names = {f"g{i}": i for i in range(len(joinable))}
    try:
        regex = re.compile("|".join(f"(?P<g{i}>{_scoped(p.regex)})"
                                    for i, (_, p) in enumerate(joinable))) if joinable else None
    except re.error:
        return _Gate(None, (), tuple(entries), {}, keyed)
    return _Gate(regex, joinable, ungated, names, keyed)


def _width(pattern: re.Pattern[str]) -> tuple[int, int]:
    """The shortest and longest text a pattern can match, (0, huge) when unknown."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        low, high = _parser.parse(pattern.pattern, pattern.flags).getwidth()
        return int(low), int(high)
    except Exception:
        return 0, 1 << 62


class _CellPlan:
    """The cell patterns of a list of rules, joined into one gate per context setting and cell
    length (a 7-character cell is never tried against a 10-digit NHS number pattern)."""

    def __init__(self, rules: tuple[EntityRule, ...]):
        everything = [(r, p) for r in rules for p in r.patterns if p.in_cells]
        self._entries = {
            True: [(r, p, _width(p.regex)) for r, p in everything],
            False: [(r, p, _width(p.regex)) for r, p in everything if not p.cell_needs_context],
        }
        self._by_length: dict[tuple[bool, int], _Gate] = {}
        self._by_subset: dict[tuple[bool, tuple[int, ...]], _Gate] = {}

    def gate(self, context_ok: bool, length: int) -> _Gate:
        gate = self._by_length.get((context_ok, length))
        if gate is None:
            entries = self._entries[context_ok]
            subset = tuple(i for i, (_, p, (low, high)) in enumerate(entries)
                           if p.keys is not None or low <= length <= high)
            gate = self._by_subset.get((context_ok, subset))
            if gate is None:
                gate = _gate([entries[i][:2] for i in subset])
                self._by_subset[(context_ok, subset)] = gate
            self._by_length[(context_ok, length)] = gate
        return gate


_PLANS: dict[tuple[EntityRule, ...], _CellPlan] = {}


def _plan(rules: Sequence[EntityRule]) -> _CellPlan:
    key = tuple(rules)
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) > 64:
            _PLANS.clear()
        plan = _PLANS[key] = _CellPlan(key)
    return plan


def match_cell(value: str, rules: Sequence[EntityRule], context_ok: bool = False) -> set[str]:
    """Entities for which the whole (stripped) cell value matches a pattern and its validator
    passes. Patterns that need context count only when `context_ok` (the column header named
    the entity). A cell longer than MAX_CELL_LENGTH matches nothing."""
    text = value.strip() if isinstance(value, str) else str(value).strip()
    if not text or len(text) > MAX_CELL_LENGTH:
        return set()
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    gate = _plan(rules).gate(context_ok, len(text))
    found: set[str] = set()
    if gate.regex is not None:
        m = gate.regex.fullmatch(text)
        if m is not None:
            first = gate.start[m.lastgroup or "g0"]
            rule, _ = gate.entries[first]
            if rule.valid(text):
                found.add(rule.entity)
            for rule, pattern in gate.entries[first + 1:]:
                if (rule.entity not in found and pattern.regex.fullmatch(text)
                        and rule.valid(text)):
                    found.add(rule.entity)
    for rule, pattern in gate.ungated:
        if rule.entity not in found and pattern.regex.fullmatch(text) and rule.valid(text):
            found.add(rule.entity)
    if gate.keyed and len(text) <= MAX_RANK_LENGTH:
        key = rank_key(text)
        for rule, pattern in gate.keyed:
            if (pattern.keys is not None and key in pattern.keys and rule.entity not in found
                    and rule.valid(text)):
                found.add(rule.entity)
    return found


# --- free text ------------------------------------------------------------------------------
def find_in_text(text: str, rules: Sequence[EntityRule],
                 context_ok: bool = False) -> list[tuple[str, int, int, float]]:
    """(entity, start, end, score) for each match in free text, in order of start. Patterns that
    need context count when a context word stands within CONTEXT_WINDOW characters before the
    match or CONTEXT_AFTER after it (or when `context_ok`). Overlapping matches of one entity
    keep the best."""
    if not text or not text.strip():
        return []
    hits: list[tuple[str, int, int, float]] = []
    for rule in rules:
        context_anywhere: bool | None = None
        for pattern in rule.patterns:
            if not pattern.in_text:
                continue
            needs = pattern.text_needs_context and not context_ok
            if needs:
                if context_anywhere is None:
                    context_anywhere = rule.context_in(text)
                if not context_anywhere:
                    continue
            for m in pattern.regex.finditer(text):
                start, end = m.span()
                if start == end or (needs and not rule.context_near(text, start, end)) or \
                        rule.named_otherwise(text, start, end):
                    continue
                if rule.valid(m.group()):
                    hits.append((rule.entity, start, end, pattern.score))
    return _best(hits)


def _best(hits: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    kept: list[tuple[str, int, int, float]] = []
    for hit in sorted(hits, key=lambda h: (-h[3], h[1] - h[2], h[1])):
        entity, start, end, _ = hit
        if not any(k[0] == entity and k[1] < end and start < k[2] for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h[1], h[2], h[0]))


# --- Presidio -------------------------------------------------------------------------------
def presidio_recognizers(rules: Sequence[EntityRule]) -> list[Any]:
    """The rules' text patterns as Presidio PatternRecognizers (language 'en'). A match the
    rule's validator rejects is dropped; a checksum validator raises a match to 1.0; a pattern
    that needs context is dropped unless a context word stands near it (as in find_in_text) or
    is passed to `AnalyzerEngine.analyze(context=[...])`."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    recognizer = _presidio_class()
    return [recognizer(rule) for rule in rules if any(p.in_text for p in rule.patterns)]


@cache
def _presidio_class() -> type:
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    from presidio_analyzer import Pattern as PresidioPattern
    from presidio_analyzer import PatternRecognizer

    class RulePatternRecognizer(PatternRecognizer):  # type: ignore[misc]
        """An EntityRule in Presidio's clothes."""

        def __init__(self, rule: EntityRule) -> None:
            self.rule = rule
            text_patterns = [p for p in rule.patterns if p.in_text]
            self._needs_context = {p.name: p.text_needs_context for p in text_patterns}
            super().__init__(
                supported_entity=rule.entity,
                name=f"foi_guard.{rule.source or rule.entity}",
                supported_language="en",
                patterns=[PresidioPattern(name=p.name, regex=p.inline_source(), score=p.score)
                          for p in text_patterns],
                context=list(rule.context) or None,
                global_regex_flags=0,  # each pattern carries its own flags inline
            )

        def validate_result(self, pattern_text: str) -> bool | None:
            if self.rule.validator is None:
                return None
            if not self.rule.validator(pattern_text):
                return False
            return True if self.rule.checksum else None

        def enhance_using_context(self, text: str, raw_recognizer_results: list[Any],
                                  other_raw_recognizer_results: list[Any], nlp_artifacts: Any,
                                  context: list[str] | None = None) -> list[Any]:
            given = " ".join(context or [])
            given_ok = bool(given) and self.rule.context_in(given)
            kept = []
            for result in raw_recognizer_results:
                explanation = result.analysis_explanation
                name = explanation.pattern_name if explanation is not None else None
                if (self._needs_context.get(name, False) and not given_ok
                        and not self.rule.context_near(text, result.start, result.end)) or \
                        self.rule.named_otherwise(text, result.start, result.end):
                    continue
                kept.append(result)
            return kept

    return RulePatternRecognizer


def presidio_nlp_engine(nlp: Any = None) -> Any:
    """A Presidio SpacyNlpEngine around a loaded spaCy pipeline, or around a blank English
    tokenizer when `nlp` is None: nothing is downloaded and no model is needed (no NER, no
    lemmas, so Presidio's own context boost does nothing; our needs_context check still works).
    """
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    if nlp is None:
        import spacy

        nlp = spacy.blank("en")
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": nlp.meta.get("name", "")}])
    engine.nlp = {"en": nlp}  # never engine.load(): it downloads a model it cannot find
    return engine


# --- column headers -------------------------------------------------------------------------
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def normalise_header(header: str) -> str:
    """'OfficerSurname' / 'officer_surname' / ' Officer  Surname ' -> 'officer surname'."""
    return " ".join(_CAMEL.sub(" ", header).replace("_", " ").split()).lower()


@dataclass(frozen=True, slots=True)
class HeaderRule:
    entity: str
    patterns: tuple[tuple[re.Pattern[str], float], ...]
    vetoes: tuple[re.Pattern[str], ...]

    def weight(self, header: str) -> float:
        best = max((w for rx, w in self.patterns if rx.search(header)), default=0.0)
        if best and any(rx.search(header) for rx in self.vetoes):
            return 0.0
        return best


class HeaderRules:
    """Column-header patterns per entity (rules/headers.yaml), with `not` patterns that veto an
    entity ('Station name' is not a person's name) and aggregate patterns ('Number of ...')."""

    def __init__(self, rules: Sequence[HeaderRule], aggregate: Sequence[re.Pattern[str]],
                 payees: Sequence[re.Pattern[str]] = (),
                 office_holders: Sequence[re.Pattern[str]] = (),
                 says_what: Sequence[re.Pattern[str]] = ()):
        self.rules = tuple(rules)
        self.says_what = tuple(says_what)
        self.aggregate = tuple(aggregate)
        self.payees = tuple(payees)
        self.office_holders = tuple(office_holders)
        self._judged: dict[str, dict[str, float]] = {}

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(r.entity for r in self.rules)

    def judge(self, header: str) -> dict[str, float]:
        """Entity -> weight (0-1) for the entities this header speaks of."""
        cached = self._judged.get(header)
        if cached is None:
            text = normalise_header(header or "")
            cached = {}
            if text:
                for rule in self.rules:
                    weight = rule.weight(text)
                    if weight > cached.get(rule.entity, 0.0):
                        cached[rule.entity] = weight
            if len(self._judged) > 8192:
                self._judged.clear()
            self._judged[header] = cached
        return dict(cached)

    def is_aggregate(self, header: str) -> bool:
        """The header marks a count or statistic ('Number of officers', 'Total', '%')."""
        return _any_match(self.aggregate, header)

    def says_what_it_is(self, header: str) -> bool:
        """The header names the quantity ('Votes', 'Post Unique Reference', 'DAY'): the
        column is not to be guessed from the rest of the table."""
        return _any_match(self.says_what, header)

    def is_office_holders(self, header: str) -> bool:
        """The header marks a table of office holders ('Party', 'Votes', 'Ward councillor')."""
        return _any_match(self.office_holders, header)

    def is_payees(self, header: str) -> bool:
        """The header names who was paid ('Supplier', 'Payee', 'Vendor name')."""
        return _any_match(self.payees, header)


def _any_match(patterns: tuple[re.Pattern[str], ...], header: str) -> bool:
    text = normalise_header(header or "")
    return bool(text) and any(rx.search(text) for rx in patterns)


def load_header_rules(rules_dir: Path | None = None) -> HeaderRules:
    return _header_rules(_folder(rules_dir))


@cache
def _header_rules(folder: str) -> HeaderRules:
    path = Path(folder) / "headers.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = []
        for entity, spec in (doc.get("entities") or {}).items():
            patterns = tuple((re.compile(p["regex"], re.IGNORECASE), float(p["weight"]))
                             for p in spec.get("match") or [])
            vetoes = tuple(re.compile(p, re.IGNORECASE) for p in spec.get("not") or [])
            rules.append(HeaderRule(str(entity), patterns, vetoes))
        lists = [[re.compile(p, re.IGNORECASE) for p in doc.get(key) or []]
                 for key in ("aggregate", "payees", "office_holders", "says_what_it_is")]
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError,
            re.error) as exc:
        raise InspectionError(f"cannot read header rules {path}: {exc}") from None
    return HeaderRules(rules, *lists)


# --- police ranks ---------------------------------------------------------------------------
_KEY_DROP = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"[^\W_]+")
_SEP = r"[\s./-]*"


_KEY_FAST_DROP = str.maketrans("", "", " \t\n\r./-_,'()&")


def rank_key(text: str) -> str:
    """The form a rank is compared in: 'Det. Sgt', 'D/Sgt' -> 'detsgt', 'dsgt'."""
    key = text.translate(_KEY_FAST_DROP).lower()
    return key if key.isalnum() or not key else _KEY_DROP.sub("", key)


@dataclass(frozen=True, slots=True)
class RankForm:
    text: str                  # as built: 'A/Det Sgt'
    key: str                   # rank_key(text)
    tokens: tuple[str, ...]    # ('A', 'Det', 'Sgt')
    title: str                 # the entry: 'Sergeant'
    ambiguous: bool
    officer: bool              # a police officer's rank (not a staff grade)
    names_follow: bool         # may stand before a name: 'Sgt McLaughlin'
    explicit: bool = True      # written in the file (not built from a modifier)
    numbered: bool = False     # shown with a collar number: 'PC 1234', not 'CC85'


class RankVocabulary:
    """Every written form of every rank and grade in rules/ranks.yaml."""

    def __init__(self, forms: Sequence[RankForm]):
        # one answer per normalised key. Forms written in the file decide, and among them
        # ambiguous wins ('DC' is a Detective Constable and a Deputy Commissioner). A key only
        # built from modifiers is ambiguous when every way of building it is: 'T/DCI' is
        # distinctive although 'T' + 'D/CI' (from the ambiguous 'CI') builds the same key.
        ambiguous_keys: dict[str, bool] = {}
        for f in forms:
            if f.explicit:
                ambiguous_keys[f.key] = ambiguous_keys.get(f.key, False) or f.ambiguous
        built: dict[str, bool] = {}
        for f in forms:
            if not f.explicit and f.key not in ambiguous_keys:
                built[f.key] = built.get(f.key, True) and f.ambiguous
        ambiguous_keys.update(built)
        self.forms = tuple(
            f if f.ambiguous == ambiguous_keys[f.key] else
            RankForm(f.text, f.key, f.tokens, f.title, ambiguous_keys[f.key], f.officer,
                     f.names_follow, f.explicit, f.numbered)
            for f in forms)
        self._titles: dict[str, str] = {}
        for f in self.forms:
            self._titles.setdefault(f.key, f.title)
        self._distinctive = frozenset(f.key for f in self.forms if not f.ambiguous)
        self._numbered = frozenset(f.title for f in self.forms if f.numbered)
        self._acronyms = frozenset(t.lower() for f in self.forms for t in f.tokens
                                   if t.isalpha() and t.isupper() and 2 <= len(t) <= 4)

    def is_rank(self, cell: str, include_ambiguous: bool = True) -> bool:
        """The whole cell is a rank or grade, ignoring case, spaces, dots, slashes, hyphens."""
        if not cell or len(cell) > MAX_RANK_LENGTH:
            return False
        key = rank_key(cell)
        return key in self._titles if include_ambiguous else key in self._distinctive

    def ranked_names(self, text: str) -> list[re.Match[str]]:
        """rank_name_regex's matches, a number only after a rank that shows collar numbers
        ('PC 1234 Kelly', 'Sgt 567 Kelly'; not 'CC85 Roads', a cost code)."""
        return [m for m in self.rank_name_regex.finditer(text) if not m.group("number")
                or self._titles.get(rank_key(m.group("rank"))) in self._numbered]

    def rank_of(self, cell: str) -> str | None:
        """The rank or grade a cell names ('Det. Sgt' -> 'Sergeant'), or None."""
        if not cell or len(cell) > MAX_RANK_LENGTH:
            return None
        return self._titles.get(rank_key(cell))

    def keys(self, kind: str = "all") -> frozenset[str]:
        """The normalised forms (rank_key) of a kind: 'distinctive', 'ambiguous' or 'all'."""
        if kind == "all":
            return frozenset(self._titles)
        if kind == "distinctive":
            return self._distinctive
        if kind == "ambiguous":
            return frozenset(self._titles) - self._distinctive
        raise ValueError(f"vocabulary is distinctive, ambiguous or all, not {kind!r}")

    def title_words(self) -> frozenset[str]:
        """Lower-case words that stand straight before a name ('sgt', 'inspector', 'pc',
        'constable', 'pcso'): the last word of each officer rank's forms (and of grades marked
        names_follow)."""
        return frozenset(f.tokens[-1].lower() for f in self.forms
                         if f.names_follow and len(f.tokens[-1]) > 1 and f.tokens[-1].isalpha())

    def regex_source(self, kind: str = "all", case_sensitive: bool = False,
                     names_follow_only: bool = False) -> str:
        """A regex (source) for the forms of a kind: 'distinctive', 'ambiguous' or 'all'.
        Separators between words are free ('D/Sgt', 'D Sgt', 'DSgt'), initialisms may be
        dotted ('D.C.I.'). Case sensitive: the forms as written in the file."""
        if kind not in ("distinctive", "ambiguous", "all"):
            raise ValueError(f"vocabulary is distinctive, ambiguous or all, not {kind!r}")
        chosen = [f.tokens for f in self.forms
                  if (kind == "all" or f.ambiguous == (kind == "ambiguous"))
                  and (f.names_follow or not names_follow_only)]
        if not chosen:
            return r"(?!x)x"
        body = _trie_regex(chosen, not case_sensitive, self._acronyms)
        return rf"(?<![\w/]){body}\.?(?![\w/])"

    @cached_property
    def rank_name_regex(self) -> re.Pattern[str]:
        """A rank, perhaps a collar number, then a capitalised name: 'PC John Smith',
        'DS 1234 Jones', 'Sgt McLaughlin'. Groups: rank, number, name."""
        distinctive = self.regex_source("distinctive", False, names_follow_only=True)
        ambiguous = self.regex_source("ambiguous", True, names_follow_only=True)
        # the sources end with (?![\w/]); here a collar number may follow at once: 'PC1234 Kelly'
        distinctive = distinctive.removesuffix(r"(?![\w/])")
        ambiguous = ambiguous.removesuffix(r"(?![\w/])")
        word = r"(?:Mc|Mac|O['’]|D['’]|Fitz)?[A-Z][a-z]+(?:-(?:Mc|Mac|O['’])?[A-Z][a-z]+)?"
        name = rf"(?:[A-Z]\.?\s+){{0,2}}{word}(?:\s+{word}){{0,2}}"
        return re.compile(
            rf"(?P<rank>(?i:{distinctive})|{ambiguous})"
            rf"(?:\s*(?P<number>[A-Z]?\d{{2,6}}[A-Z]{{0,2}}))?\s+(?P<name>{name})(?![\w'’-])")


def _token_regex(token: str, acronyms: frozenset[str]) -> str:
    if token.lower() in acronyms:
        return r"\.?".join(re.escape(c) for c in token)
    return re.escape(token)


def _trie_regex(sequences: Iterable[tuple[str, ...]], fold: bool,
                acronyms: frozenset[str]) -> str:
    """One regex for many word sequences, as a trie so that shared beginnings are tried once."""
    end = ""
    root: dict[str, Any] = {}
    for tokens in sequences:
        node = root
        for token in tokens:
            node = node.setdefault(token.lower() if fold else token, {})
        node[end] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for token in sorted((t for t in node if t != end), key=lambda t: (-len(t), t)):
            child = node[token]
            rest = [t for t in child if t != end]
            branch = _token_regex(token, acronyms)
            if rest:
                branch += f"(?:{_SEP}{emit(child)})" + ("?" if end in child else "")
            branches.append(branch)
        return "(?:" + "|".join(branches) + ")"

    return emit(root)


def rank_vocabulary(rules_dir: Path | None = None) -> RankVocabulary:
    """The rank vocabulary of <rules>/ranks.yaml. Cached."""
    return _rank_vocabulary(str(Path(_folder(rules_dir)) / "ranks.yaml"))


@cache
def _rank_vocabulary(path: str) -> RankVocabulary:
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        modifiers = list(doc.get("modifiers") or [])
        forms: list[RankForm] = []
        for section, officer in (("ranks", True), ("staff_grades", False)):
            for entry in doc.get(section) or []:
                forms += _entry_forms(entry, modifiers, officer)
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise InspectionError(f"cannot read rank vocabulary {path}: {exc}") from None
    return RankVocabulary(forms)


def _entry_forms(entry: dict[str, Any], modifiers: list[dict[str, Any]],
                 officer: bool) -> list[RankForm]:
    title = str(entry["title"])
    ambiguous = [str(a) for a in entry.get("ambiguous") or []]
    base = [(title, title in ambiguous, True)]
    base += [(str(f), False, True) for f in entry.get("forms") or []]
    base += [(a, True, True) for a in ambiguous if a != title]
    allowed = set(entry.get("modifiers") or [])
    combined = entry.get("combined") or {}
    inner: list[tuple[str, bool, bool]] = []   # built by modifiers on the base forms only
    outer: list[tuple[str, bool, bool]] = []
    for modifier in modifiers:
        key = modifier["key"]
        if key not in allowed:
            continue
        to_all = modifier.get("to", "base") == "all"
        sources = base + inner if to_all else base
        built = [(f"{word} {text}", False, False) for text, _, _ in sources
                 for word in modifier.get("words") or []]
        built += [(f"{letter}/{text}", amb, False) for text, amb, _ in sources
                  for letter in modifier.get("letters") or []]
        extra = combined.get(key) or {}
        built += [(str(f), False, True) for f in extra.get("forms") or []]
        built += [(str(a), True, True) for a in extra.get("ambiguous") or []]
        (outer if to_all else inner).extend(built)
    names_follow = bool(entry.get("names_follow", officer))
    numbered = bool(entry.get("collar_number", False))
    out = []
    for text, amb, explicit in dict.fromkeys(base + inner + outer):
        tokens = tuple(_TOKEN.findall(text))
        if tokens:
            out.append(RankForm(text, rank_key(text), tokens, title, amb, officer, names_follow,
                                explicit, numbered))
    return out
