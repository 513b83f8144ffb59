"""Accuracy of personal-data detection on labelled workbooks, at column level.

Builds the benchmark (bench/accuracy/generate.py: ~169 tables in 5 workbooks, one third record
level personal tables, two thirds clean look-alikes) into a temporary folder, scans each workbook
with `scan_path(path, policy=load_policy("default"))` and compares the `personal_data` findings
with the ground truth:

- a column's predicted entities are those of the personal_data findings on its sheet whose
  `location.columns` (or range, or cell) include it;
- per entity: true positive if expected and predicted; false negative if expected and not
  predicted; false positive if predicted and neither expected nor allowed (truth.json, "allowed");
- a clean table is wrongly blocked if any personal_data finding on its sheet has severity block.

    python bench/bench_accuracy.py [--seed 2024] [--keep DIR] [--misses 30]

A benchmark, not a test: it always exits 0 and prints its figures next to the targets.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _p in (str(REPO), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from accuracy.generate import DEFAULT_SEED, build, summary  # noqa: E402

ENTITIES = ("PERSON", "POLICE_RANK", "POLICE_UNIT", "SERVICE_NUMBER", "UK_NINO", "NHS_NUMBER",
            "UK_POSTCODE", "STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_OF_BIRTH",
            "AGE", "VEHICLE_REGISTRATION", "VETTING_LEVEL")
ROLES = ("VICTIM", "WITNESS", "SUSPECT", "OFFENDER", "COMPLAINANT")
NAME_KINDS = frozenset({"surname", "forename", "full_name", "rank_name"})
INITIAL_KINDS = frozenset({"initial", "initials"})
TARGET_NAME_RECALL = 0.98
TARGET_RANK_RECALL = 0.99
TARGET_SERVICE_RECALL = 0.99
TARGET_CLEAN_BLOCKED = 0.02
PERSONAL = "personal_data"

Key = tuple[str, str, str]  # workbook, sheet, column letter


@dataclass(frozen=True, slots=True)
class TruthColumn:
    workbook: str
    sheet: str
    letter: str
    header: str
    kind: str
    table_kind: str
    personal_table: bool
    entities: frozenset[str]
    allowed: frozenset[str]

    @property
    def key(self) -> Key:
        return self.workbook, self.sheet, self.letter


@dataclass
class Scan:
    """What the detector said, per column and per table."""

    predicted: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    blocked: set[tuple[str, str]] = field(default_factory=set)
    flagged: set[tuple[str, str]] = field(default_factory=set)
    findings: int = 0
    unplaced: int = 0
    errors: list[str] = field(default_factory=list)
    errored: set[str] = field(default_factory=set)
    seconds: float = 0.0


# --- truth -------------------------------------------------------------------------------------
def truth_columns(truth: dict[str, Any]) -> list[TruthColumn]:
    out = []
    for workbook, sheets in truth["workbooks"].items():
        for sheet, table in sheets.items():
            for letter, c in table["columns"].items():
                out.append(TruthColumn(workbook, sheet, letter, c["header"], c["kind"],
                                       table["kind"], table["personal"],
                                       frozenset(c["entities"]), frozenset(c["allowed"])))
    return out


def truth_tables(truth: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(wb, sheet): t for wb, sheets in truth["workbooks"].items()
            for sheet, t in sheets.items()}


# --- detector ----------------------------------------------------------------------------------
def load_detector() -> tuple[Callable[[Path], Any] | None, str]:
    """scan(path) with the default policy, or None and why not."""
    try:
        from foi_guard.pipeline import scan_path
        from foi_guard.policy import load_policy
    except Exception as exc:
        return None, f"cannot import the detector: {type(exc).__name__}: {exc}"
    try:
        policy = load_policy("default")
        note = "policy 'default'"
    except Exception as exc:
        policy = load_policy()
        note = f"policy 'default' not loadable ({exc}); used the file's default"
    return (lambda path: scan_path(path, policy=policy)), note


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha()).upper()


def parse_columns(text: str | None) -> set[str]:
    """'C' | 'C,E' | 'C:D' | 'B2:D40' | 'C5' -> the column letters; unreadable items skipped."""
    found: set[str] = set()
    for item in (text or "").split(","):
        item = item.strip()
        if not item or item.startswith("…"):
            continue
        first, sep, last = item.partition(":")
        if not sep:
            first, sep, last = item.partition("-")
        a, b = _letters(first), _letters(last or first)
        if not a or not b or len(a) > 3 or len(b) > 3:
            continue
        from foi_guard.formats.xlsx.cells import col_index, col_letters

        lo, hi = sorted((col_index(a), col_index(b)))
        found.update(col_letters(i) for i in range(lo, hi + 1))
    return found


def finding_columns(location: Any) -> set[str]:
    cols = parse_columns(getattr(location, "columns", None))
    if not cols:
        cols = parse_columns(getattr(location, "range", None) or getattr(location, "cell", None))
    return cols


def record(scan: Scan, workbook: str, finding: Any) -> None:
    scan.findings += 1
    sheet = finding.location.sheet
    if sheet is None:
        scan.unplaced += 1
        return
    scan.flagged.add((workbook, sheet))
    if str(finding.severity) == "block":
        scan.blocked.add((workbook, sheet))
    cols = finding_columns(finding.location)
    if not cols or not finding.entity:
        scan.unplaced += 1
    for letter in cols:
        if finding.entity:
            scan.predicted[(workbook, sheet, letter)].add(str(finding.entity))


def scan_all(folder: Path, workbooks: Iterable[str], scan_fn: Callable[[Path], Any]) -> Scan:
    scan = Scan()
    start = time.perf_counter()
    for name in workbooks:
        try:
            result = scan_fn(folder / name)
        except Exception as exc:
            scan.errors.append(f"{name}: scan raised {type(exc).__name__}: {exc}")
            scan.errored.add(name)
            traceback.print_exc(limit=3)
            continue
        if str(result.verdict) == "error":
            scan.errors.append(f"{name}: verdict error: {result.error}")
            scan.errored.add(name)
            continue
        for finding in result.findings:
            if finding.category == PERSONAL:
                record(scan, name, finding)
    scan.seconds = time.perf_counter() - start
    return scan


# --- scoring -----------------------------------------------------------------------------------
def entity_counts(cols: list[TruthColumn], scan: Scan, entity: str) -> tuple[int, int, int]:
    tp = fn = fp = 0
    for c in cols:
        got = entity in scan.predicted.get(c.key, ())
        if entity in c.entities:
            tp, fn = tp + got, fn + (not got)
        elif got and entity not in c.allowed:
            fp += 1
    return tp, fn, fp


def recall(cols: list[TruthColumn], scan: Scan, entity: str) -> tuple[int, int]:
    """(columns with `entity` predicted, columns) among `cols`."""
    return sum(entity in scan.predicted.get(c.key, ()) for c in cols), len(cols)


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  n/a"


def verdict(value: float | None, target: float, higher_is_better: bool) -> str:
    if value is None:
        return ""
    ok = value >= target if higher_is_better else value <= target
    return "OK" if ok else "MISS"


def fmt_set(values: Iterable[str]) -> str:
    items = sorted(values)
    return "{" + ",".join(items) + "}" if items else "-"


# --- report ------------------------------------------------------------------------------------
def print_entity_table(cols: list[TruthColumn], scan: Scan) -> None:
    print("\nColumn level, per entity         expected    TP    FN    FP  precision  recall")
    for entity in (*ENTITIES, *ROLES):
        tp, fn, fp = entity_counts(cols, scan, entity)
        if entity == ROLES[0]:
            print("  roles:")
        print(f"  {entity:<28} {tp + fn:>9} {tp:>5} {fn:>5} {fp:>5}  "
              f"{ratio(tp, tp + fp):>9}  {ratio(tp, tp + fn):>6}")


def headline_line(label: str, hit: int, total: int, target: float, sign: str = ">=") -> None:
    value = hit / total if total else None
    shown = f"{hit}/{total} = {value:.3f}" if value is not None else "n/a"
    mark = verdict(value, target, sign == ">=")
    print(f"  {label:<44} {shown:>18}   target {sign} {target:<5} {mark}")


def print_headlines(cols: list[TruthColumn], scan: Scan,
                    tables: dict[tuple[str, str], dict[str, Any]]) -> None:
    print("\nHeadline (columns)                                        value")
    names = [c for c in cols if c.kind in NAME_KINDS]
    headline_line("surname/name column recall (PERSON)", *recall(names, scan, "PERSON"),
                  TARGET_NAME_RECALL)
    ranks = [c for c in cols if c.kind == "rank"]
    headline_line("rank column recall (POLICE_RANK)", *recall(ranks, scan, "POLICE_RANK"),
                  TARGET_RANK_RECALL)
    numbers = [c for c in cols if c.kind == "service_number"]
    headline_line("service-number column recall (SERVICE_NUMBER)",
                  *recall(numbers, scan, "SERVICE_NUMBER"), TARGET_SERVICE_RECALL)
    clean = [k for k, t in tables.items() if not t["personal"]]
    wrong = [k for k in clean if k in scan.blocked]
    headline_line("clean tables wrongly blocked", len(wrong), len(clean), TARGET_CLEAN_BLOCKED,
                  "<=")
    print("\nOther figures (no target)")
    by_kind = Counter(tables[k]["kind"] for k in wrong)
    if by_kind:
        text = ", ".join(f"{k}\0{v}" for k, v in by_kind.most_common())
        print(textwrap.fill(text, 98, initial_indent="  wrongly blocked clean tables by kind: ",
                            subsequent_indent="    ").replace("\0", " "))
    personal = [k for k, t in tables.items() if t["personal"]]
    print(f"  personal tables blocked (table-level recall)  "
          f"{sum(k in scan.blocked for k in personal)}/{len(personal)}")
    print(f"  clean tables with any personal_data finding   "
          f"{sum(k in scan.flagged for k in clean)}/{len(clean)}")
    for label, kinds in (("initial / initials-only column recall (PERSON)", INITIAL_KINDS),
                         ("free-text notes column recall (PERSON)", {"notes"})):
        hit, total = recall([c for c in cols if c.kind in kinds], scan, "PERSON")
        print(f"  {label:<46} {hit}/{total} = {ratio(hit, total)}")
    per_name_kind = ", ".join(
        "{} {}/{}".format(kind, *recall([c for c in names if c.kind == kind], scan, "PERSON"))
        for kind in sorted(NAME_KINDS))
    print(f"  name recall by column kind: {per_name_kind}")
    by_mode = defaultdict(list)
    for c in names:
        by_mode[tables[(c.workbook, c.sheet)]["header_mode"]].append(c)
    print("  name recall by header mode: " + ", ".join(
        "{} {}/{}".format(mode, *recall(group, scan, "PERSON"))
        for mode, group in sorted(by_mode.items())))
    expected = [c for c in cols if c.entities]
    full = sum(c.entities <= scan.predicted.get(c.key, set()) for c in expected)
    print(f"  columns with every expected entity found      {full}/{len(expected)}"
          f" = {ratio(full, len(expected))}")


def print_roles(cols: list[TruthColumn], scan: Scan) -> None:
    print("\nRoles (role recall is separate from PERSON recall; 'both' = PERSON and role found)")
    for role in ROLES:
        group = [c for c in cols if role in c.entities]
        hit, total = recall(group, scan, role)
        both = sum({"PERSON", role} <= scan.predicted.get(c.key, set())
                   for c in group if "PERSON" in c.entities)
        print(f"  {role:<12} columns {total:>3}   role recall {ratio(hit, total)}   "
              f"both {both}/{sum('PERSON' in c.entities for c in group)}")


def headline_entities(kind: str) -> set[str]:
    """The entity a headline figure checks on a column of this kind."""
    if kind in NAME_KINDS:
        return {"PERSON"}
    return {"rank": {"POLICE_RANK"}, "service_number": {"SERVICE_NUMBER"}}.get(kind, set())


def miss_lines(cols: list[TruthColumn], scan: Scan,
               tables: dict[tuple[str, str], dict[str, Any]]) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for c in cols:
        got = scan.predicted.get(c.key, set())
        missing = c.entities - got
        extra = got - c.entities - c.allowed
        where = f"{c.workbook[:-5]}/{c.sheet}!{c.letter}"
        text = f"{where:<34} {c.header[:22]!r:<24} {c.kind:<16} "
        if len(c.entities) > 3 or len(got) > 3:  # free-text notes: say only what differs
            text += f"truth {len(c.entities)} entities, missing {fmt_set(missing)}"
            text += f", extra {fmt_set(extra)}" if extra else ""
        else:
            text += f"truth {fmt_set(c.entities)}  predicted {fmt_set(got)}"
        if missing:
            priority = 0 if missing & headline_entities(c.kind) else 2
            lines.append((priority, "FN " + text))
        elif extra:
            lines.append((3, "FP " + text))
    for key, t in tables.items():
        if not t["personal"] and key in scan.blocked:
            lines.append((1, f"BLOCKED clean table {key[0][:-5]}/{key[1]} ({t['kind']})"))
    return sorted(lines, key=lambda x: x[0])


def print_misses(cols: list[TruthColumn], scan: Scan,
                 tables: dict[tuple[str, str], dict[str, Any]], cap: int) -> None:
    lines = miss_lines(cols, scan, tables)
    print(f"\nMisses ({len(lines)}: FN false negative, FP false positive; headline columns and "
          f"wrongly blocked tables first)")
    blocked_cap = max(3, cap // 3)  # leave room for the column misses
    shown = [ln for ln in lines if ln[0] != 1][:cap]
    shown = sorted(shown + [ln for ln in lines if ln[0] == 1][:blocked_cap],
                   key=lambda x: x[0])[:cap]
    for _, line in shown:
        print("  " + line)
    if len(lines) > len(shown):
        print(f"  … {len(lines) - len(shown)} more (--misses N to see more)")


def scored_part(truth: dict[str, Any], errored: set[str]) -> dict[str, Any]:
    """The truth without the workbooks the detector could not scan (they are not scored)."""
    return {**truth, "workbooks": {k: v for k, v in truth["workbooks"].items()
                                   if k not in errored}}


def report(truth: dict[str, Any], scan: Scan, gen_seconds: float, note: str, cap: int) -> None:
    print(f"Benchmark: {summary(truth)}")
    for error in scan.errors:
        print(f"  ERROR {error}")
    if scan.errored:
        truth = scored_part(truth, scan.errored)
        if not truth["workbooks"]:
            print("No workbook could be scanned: no figures.")
            return
        print(f"Scoring only the workbooks scanned without error: {summary(truth)}")
    cols = truth_columns(truth)
    tables = truth_tables(truth)
    print(f"{len(cols)} columns, {sum(bool(c.entities) for c in cols)} with entities. "
          f"Generated in {gen_seconds:.1f} s, scanned in {scan.seconds:.1f} s ({note}).")
    print(f"{scan.findings} personal_data findings ({scan.unplaced} without a sheet, column or "
          f"entity, not scored per column).")
    if not scan.findings:
        print("  NOTE: the detector made no personal_data finding at all: is it wired in yet?")
    print_entity_table(cols, scan)
    print_headlines(cols, scan, tables)
    print_roles(cols, scan)
    print_misses(cols, scan, tables, cap)


def run(seed: int, folder: Path, cap: int) -> None:
    start = time.perf_counter()
    truth = build(folder, seed)
    gen_seconds = time.perf_counter() - start
    scan_fn, note = load_detector()
    if scan_fn is None:
        print(f"Benchmark: {summary(truth)}\n{note}")
        return
    scan = scan_all(folder, sorted(truth["workbooks"]), scan_fn)
    report(truth, scan, gen_seconds, note, cap)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", metavar="DIR", help="write the workbooks and truth.json here")
    parser.add_argument("--misses", type=int, default=30, help="lines of misses to print")
    args = parser.parse_args()
    try:
        if args.keep:
            run(args.seed, Path(args.keep), args.misses)
        else:
            with tempfile.TemporaryDirectory(prefix="foi_accuracy_") as tmp:
                run(args.seed, Path(tmp), args.misses)
    except Exception:
        traceback.print_exc()
        print("benchmark failed (see above); exiting 0 as a benchmark does")
    return 0


if __name__ == "__main__":
    sys.exit(main())
