"""Scanning many files: one after another, or in worker processes, results in input order.

A worker that dies (a fault in a C library, the kernel's out-of-memory killer) costs the files it
had not finished an `error` verdict, never the run: nothing is passed that was not scanned.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from foi_guard.limits import Limits
from foi_guard.model import FileResult, Verdict
from foi_guard.pipeline import collector_paused, scan_bytes, scan_path
from foi_guard.policy import Policy

STDIN = "-"
Progress = Callable[[str], None]


def scan_many(paths: list[str], policy: Policy, limits: Limits, jobs: int = 1,
              advance: Progress | None = None) -> list[FileResult]:
    """Scan every path (STDIN reads standard input), calling `advance(path)` as each ends."""
    advance = advance or (lambda _path: None)
    if jobs <= 1 or len(paths) <= 1:
        results = []
        for path in paths:
            results.append(scan_one(path, policy, limits))
            advance(path)
        return results
    return _in_workers(paths, policy, limits, jobs, advance)


def scan_one(path: str, policy: Policy, limits: Limits) -> FileResult:
    if path == STDIN:
        data = sys.stdin.buffer.read()
        with collector_paused():
            return scan_bytes(data, "<stdin>", policy, limits)
    if not Path(path).exists():
        return FileResult(path, Verdict.ERROR, error="no such file")
    with collector_paused():
        return scan_path(path, policy, limits)


def _in_workers(paths: list[str], policy: Policy, limits: Limits, jobs: int,
                advance: Progress) -> list[FileResult]:
    results: dict[int, FileResult] = {}
    local = [i for i, p in enumerate(paths) if p == STDIN]  # standard input is ours alone
    for i in local:
        results[i] = scan_one(paths[i], policy, limits)
        advance(paths[i])
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures: dict[Future[FileResult], int] = {
            pool.submit(scan_one, p, policy, limits): i
            for i, p in enumerate(paths) if i not in results}
        for future in as_completed(futures):
            i = futures[future]
            results[i] = _outcome(future, paths[i])
            advance(paths[i])
    return [results[i] for i in range(len(paths))]


def _outcome(future: Future[FileResult], path: str) -> FileResult:
    try:
        return future.result()
    except BrokenProcessPool:
        return FileResult(path, Verdict.ERROR,
                          error="internal error (the worker process scanning it died)")
    except Exception as exc:  # fail closed: a result that did not come back is an error
        return FileResult(path, Verdict.ERROR,
                          error=f"internal error ({type(exc).__name__}: {str(exc)[:100]})")
