"""Inspection speed on a PSNI-shaped workbook, against openpyxl merely reading the same cells.

Builds the workbook (visible summary + hidden tab of 10,000 rows x 6 columns), then times, in
this one process and run, the median of several inspections (every part read, every cell with
its hiding reasons) and of openpyxl read-only iterating every cell. Target: inspection <= 0.5 s.
Detection and the verdict are timed by bench_detect.py.

    python bench/bench_inspect.py [--rows 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.timing import median_time  # noqa: E402
from foi_guard.formats import inspect_data  # noqa: E402
from foi_guard.formats.base import Context  # noqa: E402
from foi_guard.limits import Deadline, Limits  # noqa: E402
from foi_guard.pipeline import scan_path  # noqa: E402
from sample_spreadsheets.make_samples import build_psni_style_workforce  # noqa: E402

TARGET_SECONDS = 0.5


def openpyxl_iterate(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(v is not None for v in row)
    wb.close()
    return cells


def inspect(path: Path) -> int:
    limits = Limits()
    return len(list(inspect_data(path.read_bytes(), Context(limits, Deadline(60)))))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build_psni_style_workforce(Path(tmp) / "psni.xlsx", n=args.rows)
        result = scan_path(path)
        if result.error:
            raise SystemExit(f"the workbook did not scan: {result.error}")
        cells = openpyxl_iterate(path)
        ours = median_time(lambda: inspect(path), args.repeat)
        theirs = median_time(lambda: openpyxl_iterate(path), args.repeat)
    print(f"workbook: hidden tab {args.rows:,} rows x 6 columns, {cells:,} non-empty cells, "
          f"{path.name} verdict {result.verdict}")
    print(f"foi_guard inspection: {ours:.3f} s (median of {args.repeat}; "
          f"target <= {TARGET_SECONDS} s: {'met' if ours <= TARGET_SECONDS else 'MISSED'})")
    print(f"openpyxl read-only, iterate cells: {theirs:.3f} s")
    print(f"ratio foi_guard / openpyxl: {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
