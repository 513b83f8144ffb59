"""Scan the whole shared corpus (every file, every type) the way `foi-guard scan --jobs N` does,
and print verdicts, error reasons and time by type.

    python bench/bench_corpus.py [--jobs 2] [CORPUS]

The figure to watch is the whole corpus's wall time, and the count of internal errors (a bug
whenever it is not zero). Baseline in the same run: the time to read every file's bytes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from foi_guard.batch import scan_many  # noqa: E402
from foi_guard.limits import Limits  # noqa: E402
from foi_guard.policy import load_policy  # noqa: E402
from foi_guard.sniff import sniff  # noqa: E402
from tests.conftest import corpus_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=corpus_dir())
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.corpus is None:
        raise SystemExit("no corpus: put ../shared/corpus beside the checkout or name one")
    files = sorted(str(p) for p in args.corpus.rglob("*")
                   if p.is_file() and p.name != "MANIFEST.tsv")
    start = time.perf_counter()
    kinds = {f: sniff(Path(f).read_bytes()) for f in files}
    read_time = time.perf_counter() - start
    start = time.perf_counter()
    results = scan_many(files, load_policy(), Limits(), jobs=args.jobs)
    wall = time.perf_counter() - start
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: Counter[str] = Counter()
    for path, result in zip(files, results, strict=True):
        by_kind[kinds[path]][str(result.verdict)] += 1
        if result.error:
            reasons[_reason_kind(result.error)] += 1
    print(f"corpus: {len(files)} files, scanned with --jobs {args.jobs} in {wall:.0f} s wall "
          f"({len(files) / wall:.1f} files/s); reading and sniffing alone: {read_time:.1f} s")
    print(f"{'type':8} {'files':>6} {'pass':>6} {'block':>6} {'error':>6}")
    for kind, counts in sorted(by_kind.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"{kind:8} {sum(counts.values()):6} {counts['pass']:6} {counts['block']:6} "
              f"{counts['error']:6}")
    internal = sum(n for r, n in reasons.items() if r.startswith("internal error"))
    print(f"internal errors: {internal} (target 0: {'met' if internal == 0 else 'NOT met'})")
    print("most common error reasons:")
    for reason, count in reasons.most_common(15):
        print(f"  {count:5}  {reason}")


def _reason_kind(error: str) -> str:
    """The reason without the part or member it names, so like reasons count together."""
    tail = error.rsplit(": ", 1)[-1] if ": " in error else error
    return tail[:90]


if __name__ == "__main__":
    main()
