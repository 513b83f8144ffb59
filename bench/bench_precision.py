"""Precision on real files: how often foi_guard blocks what a careful FOI officer would release,
and whether it still blocks what must not go out.

    python bench/bench_precision.py [--jobs 2] [--list] [--replies 24] [CORPUS]

The files are the shared corpus's real/ and real-uk/ (UK public bodies' releases, FOI replies and
journalists' copies of them), never kept in this repository. Their labels are: `clean` (no
personal data of an identifiable private individual: statistics, lists of councils and trusts,
role mailboxes, office holders in their role), `personal` (must block) and `unsure` (not
scored), each with a one-line reason, in bench/precision/labels-*.tsv (one file per batch of
the corpus that one reviewer labelled). They were set by opening
each file, hidden parts included, without the scanner's verdict in view.

Figures: the false-block rate on the clean files (target <= 2%), the recall on the personal
files (target: every one blocked) and, for the files scored wrong, the rule ids that decided.
An `error` verdict (encrypted, unsupported) counts as neither a block nor a pass.

Then the correspondence figures, on a generated set of FOI replies (bench/correspondence:
letters in docx and pdf, mails with and without attachments; `--replies` of each kind): every
ordinary reply must pass and every reply naming a third party must block, read three ways: as
`foi-guard scan` reads a file (the addressee taken from the letter), with `--requester`, and at
the mail gateway (mails only; the envelope goes to the requester). A benchmark, not a test: it
exits 0.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.correspondence import Reply, build  # noqa: E402
from foi_guard.batch import scan_many  # noqa: E402
from foi_guard.gateway.audit import Envelope  # noqa: E402
from foi_guard.gateway.service import GatewayConfig, Scanner  # noqa: E402
from foi_guard.limits import Limits  # noqa: E402
from foi_guard.model import FileResult, Severity  # noqa: E402
from foi_guard.pipeline import scan_bytes  # noqa: E402
from foi_guard.policy import Policy, load_policy, with_recipients  # noqa: E402
from foi_guard.profile import parse_requester  # noqa: E402
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
    parser.add_argument("--replies", type=int, default=24,
                        help="generated replies of each kind (ordinary, third-party)")
    args = parser.parse_args()
    if args.corpus is None:
        print("no corpus: put ../shared/corpus beside the checkout or name one; real files "
              "not measured")
    else:
        _real_files(args)
    _correspondence(build(args.replies), load_policy(), args.list)


def _real_files(args: argparse.Namespace) -> None:
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


def _correspondence(replies: list[Reply], policy: Policy, show: bool) -> None:
    print(f"correspondence: {len(replies)} generated replies "
          f"({sum(r.must == 'pass' for r in replies)} ordinary, "
          f"{sum(r.must == 'block' for r in replies)} naming third parties)")
    ways = {"scan (addressee from the letter)": _as_scanned(policy, with_requester=False),
            "scan --requester": _as_scanned(policy, with_requester=True),
            "gateway, to the requester (mails)": _at_the_gateway(policy)}
    for way, verdict_of in ways.items():
        right = Counter[str]()
        total = Counter[str]()
        wrong = []
        for reply in replies:
            verdict = verdict_of(reply)
            if verdict is None:
                continue
            total[reply.must] += 1
            if verdict == reply.must:
                right[reply.must] += 1
            else:
                wrong.append(f"{reply.name} ({verdict}: {reply.why})")
        print(f"  {way:35} ordinary pass {right['pass']}/{total['pass']}   third-party block "
              f"{right['block']}/{total['block']}   target all  "
              f"{'OK' if not wrong else 'NOT met'}")
        if show:
            for line in wrong:
                print(f"      wrong: {line}")


def _as_scanned(policy: Policy, with_requester: bool):  # type: ignore[no-untyped-def]
    def verdict_of(reply: Reply) -> str:
        chosen = policy
        if with_requester and reply.requester:
            chosen = with_recipients(policy, (parse_requester(reply.requester),))
        return str(scan_bytes(reply.data, reply.name, policy=chosen).verdict)
    return verdict_of


def _at_the_gateway(policy: Policy):  # type: ignore[no-untyped-def]
    scanner = Scanner(GatewayConfig(policy, Limits()), in_process=True)

    def verdict_of(reply: Reply) -> str | None:
        if not reply.name.endswith(".eml") or not reply.requester:
            return None
        address = parse_requester(reply.requester).address
        return str(scanner.check(reply.data, Envelope(recipients=[address])).verdict)
    return verdict_of


if __name__ == "__main__":
    main()
