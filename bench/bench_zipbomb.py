"""A 3 MB workbook whose sheet inflates to 3 GB: how fast, and in how little memory, it is refused.

Runs `foi-guard scan` on it in a child process and prints wall time and the child's peak RSS.
Targets: under 5 s, under 300 MB.

    python bench/bench_zipbomb.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fixtures.bombs import GiB, build_sheet_bomb  # noqa: E402
from tests.fixtures.xlsx_fixtures import build_clean_stats  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        clean = build_clean_stats(Path(tmp) / "clean.xlsx")
        bomb = build_sheet_bomb(clean, Path(tmp) / "bomb.xlsx", inflated=3 * GiB)
        command = [sys.executable, "-m", "foi_guard.cli", "scan", str(bomb)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = bomb.stat().st_size / 2**20
    print(f"bomb: {size_mb:.1f} MB file, sheet part inflates to 3.0 GiB")
    print(f"foi-guard scan exit {done.returncode}: {done.stdout.splitlines()[0]}")
    print(f"wall {wall:.2f} s (target < 5 s), peak RSS {peak_mb:.0f} MB (target < 300 MB)")
    return 0 if done.returncode == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
