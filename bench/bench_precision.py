"""Precision on real files: how often foi_guard blocks what a careful FOI officer would release,
and whether it still blocks what must not go out.

    python bench/bench_precision.py [--jobs 2] [--list] [CORPUS]

The files are the shared corpus's real/ and real-uk/ (UK public bodies' releases, FOI replies and
journalists' copies of them), never kept in this repository. Their labels are: `clean` (no
personal data of an identifiable private individual: statistics, lists of councils and trusts,
role mailboxes, office holders in their role), `personal` (must block) and `unsure` (not
scored), each with a one-line reason, in bench/precision/labels-*.tsv (one file per batch of
the corpus that one reviewer labelled). They were set by opening
each file, hidden parts included, without the scanner's verdict in view.

Figures: the false-block rate on the clean files (target <= 2%), the recall on the personal
files (target: every one blocked) and, for the files scored wrong, the rule ids that decided.
An `error` verdict (encrypted, unsupported) counts as neither a block nor a pass. A benchmark,
not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from foi_guard.batch import scan_many  # noqa: E402
from foi_guard.limits import Limits  # noqa: E402
from foi_guard.model import FileResult, Severity  # noqa: E402
from foi_guard.policy import load_policy  # noqa: E402
from tests.conftest import corpus_dir  # noqa: E402

LABELS = Path(__file__).resolve().parent / "precision"
MAX_FALSE_BLOCKS = 0.02


def load_labels(folder: Path = LABELS) -> dict[str, tuple[str, str]]:
    """Corpus-relative path -> (label, reason), from every labels-*.tsv in the folder."""
    labels: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.glob("labels-*.tsv")):
        with path.open(encoding="utf-8", newline="") as f:
            labels.update({row["path"]: (row["label"], row["reason"])
                           for row in csv.DictReader(f, delimiter="\t")})
    return labels


def blocking_rules(result: FileResult) -> list[str]:
    return sorted({f.rule for f in result.findings if f.severity == Severity.BLOCK})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=corpus_dir())
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true",
                        help="list every file scored wrong, with its label's reason")
    args = parser.parse_args()
    if args.corpus is None:
        print("no corpus: put ../shared/corpus beside the checkout or name one; nothing measured")
        return
    labels = load_labels()
    paths = sorted(p for p in labels if (args.corpus / p).is_file())
    missing = len(labels) - len(paths)
    results = scan_many([str(args.corpus / p) for p in paths], load_policy(), Limits(),
                        jobs=args.jobs)
    outcome: dict[str, Counter[str]] = {"clean": Counter(), "personal": Counter(),
                                        "unsure": Counter()}
    wrong: list[tuple[str, str, str, list[str]]] = []
    why_false: Counter[str] = Counter()
    for path, result in zip(paths, results, strict=True):
        label, reason = labels[path]
        verdict = str(result.verdict)
        outcome.setdefault(label, Counter())[verdict] += 1
        if (label == "clean" and verdict == "block") or (label == "personal"
                                                          and verdict != "block"):
            wrong.append((label, path, reason, blocking_rules(result)))
            if label == "clean":
                why_false.update(blocking_rules(result))
    _report(outcome, len(paths), missing, why_false)
    if args.list:
        for label, path, reason, rules in wrong:
            print(f"  {'FALSE BLOCK' if label == 'clean' else 'MISSED':11} {path}\n"
                  f"              label: {reason}\n"
                  f"              rules: {', '.join(rules) or '-'}")


def _report(outcome: dict[str, Counter[str]], scanned: int, missing: int,
            why_false: Counter[str]) -> None:
    clean, personal = outcome["clean"], outcome["personal"]
    clean_scored = clean["pass"] + clean["block"]
    personal_scored = personal["pass"] + personal["block"]
    rate = clean["block"] / clean_scored if clean_scored else 0.0
    recall = personal["block"] / personal_scored if personal_scored else 1.0
    print(f"precision set: {scanned} labelled real files scanned"
          + (f" ({missing} labelled files not in this corpus)" if missing else ""))
    for label, counts in outcome.items():
        print(f"  {label:9} {sum(counts.values()):4} files: {counts['pass']} pass, "
              f"{counts['block']} block, {counts['error']} error")
    print(f"false blocks on clean files   {clean['block']}/{clean_scored} = {rate:.1%}   "
          f"target <= {MAX_FALSE_BLOCKS:.0%}  {'OK' if rate <= MAX_FALSE_BLOCKS else 'NOT met'}")
    print(f"recall on personal files      {personal['block']}/{personal_scored} = {recall:.1%}"
          f"   target 100%  {'OK' if recall == 1.0 else 'NOT met'}")
    if why_false:
        print("rules behind the false blocks (files):")
        for rule, count in why_false.most_common(12):
            print(f"  {count:4}  {rule}")


if __name__ == "__main__":
    main()
