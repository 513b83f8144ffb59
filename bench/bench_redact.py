"""Redacting the PSNI-shaped workbook (10,000 hidden rows): the whole job, from reading the input
to the proven copy on disk (scan, plan, write, re-scan, read-back). Target: <= 2 s.

    python bench/bench_redact.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.timing import median_time  # noqa: E402
from foi_guard.redact import redact  # noqa: E402
from sample_spreadsheets.make_samples import build_psni_style_workforce  # noqa: E402

TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = build_psni_style_workforce(Path(tmp) / "psni.xlsx", n=args.rows)
        out = Path(tmp) / "psni.redacted.xlsx"

        def job() -> None:
            done = redact(source, out, force=True)
            if not done.ok:
                raise SystemExit(f"redaction failed: {done.error}")

        seconds = median_time(job, args.repeat)
    print(f"redact PSNI-shaped workbook ({args.rows:,} hidden rows x 6 columns + summary): "
          f"{seconds:.2f} s (median of {args.repeat}; target <= {TARGET_SECONDS:g} s: "
          f"{'met' if seconds <= TARGET_SECONDS else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
