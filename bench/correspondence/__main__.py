"""A labelled set of Freedom of Information replies for a precision benchmark.

    python -m bench.correspondence OUTDIR [--count 6] [--seed 2026]

writes every reply into OUTDIR and an index.tsv (name, must, why, requester).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

from .replies import Reply, build


def write(replies: Sequence[Reply], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for reply in replies:
        (folder / reply.name).write_bytes(reply.data)
    with (folder / "index.tsv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(("name", "must", "why", "requester"))
        writer.writerows((r.name, r.must, r.why, r.requester or "") for r in replies)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.correspondence",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=6, help="replies of each kind")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    replies = build(args.count, args.seed)
    write(replies, args.outdir)
    print(f"{len(replies)} replies and index.tsv written to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
