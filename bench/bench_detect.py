"""Full-scan speed (inspection + detection + verdict), against Presidio called per cell.

Prints, in one run on this machine:
- the CLI's start-up: importing foi_guard, and loading the NLP engine (spaCy model + Presidio);
- the PSNI-shaped workbook (hidden tab of 10,000 rows x 6 columns, plus the visible summary)
  fully scanned after start-up, median of several runs (target <= 1 s);
- Presidio's AnalyzerEngine (same recognisers, same spaCy model) called on each cell of that
  workbook: a sample timed and extrapolated to every cell, and the ratio (target >= 50x);
- a 1,000,000-cell workbook scanned by `foi-guard scan` in a child process: wall time and peak
  RSS (targets <= 15 s, <= 400 MB).

    python bench/bench_detect.py [--sample 300] [--repeat 5] [--skip-million]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

START = time.perf_counter()
from bench.timing import median_time  # noqa: E402
from foi_guard.formats import inspect_data  # noqa: E402
from foi_guard.formats.base import Context  # noqa: E402
from foi_guard.limits import Deadline, Limits  # noqa: E402
from foi_guard.model import ContentUnit  # noqa: E402
from foi_guard.pipeline import scan_path  # noqa: E402

IMPORTED = time.perf_counter() - START

from sample_spreadsheets.make_samples import build_psni_style_workforce  # noqa: E402

MILLION = 1_000_000


def cell_values(path: Path) -> list[str]:
    items = inspect_data(path.read_bytes(), Context(Limits(), Deadline(60)))
    return [u.value for u in items if isinstance(u, ContentUnit) and u.row is not None]


def presidio_per_cell(values: list[str], sample: int) -> tuple[float, int]:
    """Seconds per cell for Presidio's analyze() on a random sample of cells."""
    from foi_guard.detect.text import _batch_engine

    analyzer = _batch_engine().analyzer_engine
    chosen = random.Random(7).sample(values, min(sample, len(values)))
    analyzer.analyze(text=chosen[0], language="en")  # warm-up
    start = time.perf_counter()
    for value in chosen:
        analyzer.analyze(text=value, language="en")
    return (time.perf_counter() - start) / len(chosen), len(chosen)


def million_cell_workbook(dest: Path) -> Path:
    import xlsxwriter

    from sample_spreadsheets.make_samples import workforce_rows

    rows = workforce_rows(2000)
    wb = xlsxwriter.Workbook(str(dest), {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Surname", "Initial", "Rank/Grade", "Location", "Unit", "Department"])
    for i in range(MILLION // 6):
        ws.write_row(i + 1, 0, rows[i % len(rows)])
    wb.close()
    return dest


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args()
    from foi_guard.detect.columns import detectors
    from foi_guard.detect.text import _batch_engine

    start = time.perf_counter()
    detectors()
    rules_load = time.perf_counter() - start
    start = time.perf_counter()
    _batch_engine()
    engine_load = time.perf_counter() - start
    print(f"start-up: import foi_guard {IMPORTED:.2f} s; name lists and rules {rules_load:.2f} s; "
          f"NLP engine (spaCy model + Presidio) {engine_load:.2f} s, loaded only when a file has "
          "free text worth NER")
    with tempfile.TemporaryDirectory() as tmp:
        path = build_psni_style_workforce(Path(tmp) / "psni.xlsx", n=10_000)
        result = scan_path(path)
        if result.error:
            raise SystemExit(f"the workbook did not scan: {result.error}")
        ours = median_time(lambda: scan_path(path), args.repeat)
        values = cell_values(path)
        per_cell, sampled = presidio_per_cell(values, args.sample)
        theirs = per_cell * len(values)
        entities = sorted({f.entity for f in result.findings if f.entity})
        print(f"PSNI-shaped workbook: {len(values):,} cells, verdict {result.verdict}, "
              f"entities {', '.join(entities)}")
        print(f"foi_guard full scan: {ours:.3f} s (median of {args.repeat}; target <= 1 s: "
              f"{'met' if ours <= 1 else 'MISSED'})")
        print(f"Presidio AnalyzerEngine per cell: {per_cell * 1000:.2f} ms/cell over {sampled} "
              f"sampled cells -> {theirs:.1f} s for all {len(values):,} cells (extrapolated)")
        print(f"ratio Presidio per cell / foi_guard: {theirs / ours:.0f}x (target >= 50x: "
              f"{'met' if theirs / ours >= 50 else 'MISSED'})")
        if not args.skip_million:
            big = million_cell_workbook(Path(tmp) / "million.xlsx")
            command = [sys.executable, "-m", "foi_guard.cli", "scan", str(big)]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"1,000,000-cell workbook: foi-guard scan exit {done.returncode}, "
                  f"wall {wall:.1f} s (target <= 15 s), "
                  f"peak RSS {peak:.0f} MB (target <= 400 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
