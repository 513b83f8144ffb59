"""Build each fixture once and scan it once per test module: the pattern every format's tests
share (tests/test_xlsx_reasons.py, test_xls.py, test_ods.py, test_pdf.py, test_pptx.py,
test_containers.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from foi_guard.model import FileResult


def cached_builder(fixtures: Mapping[str, Any], root: Path) -> Callable[[str], Path]:
    """build(name) writes fixture `name` (its `.builder`) under `root`, once."""
    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            cache[name] = fixtures[name].builder(root)
        return cache[name]

    return build


def cached_scanner(build: Callable[[str], Path],
                   default_policy: str = "strict") -> Callable[..., FileResult]:
    """scan(name, policy=default_policy): the scan of a built fixture, once per policy. Strict
    by default: the ICO's advice, where every hiding place that holds data blocks."""
    from foi_guard.pipeline import scan_path  # imported late so test modules collect without it
    from foi_guard.policy import load_policy

    cache: dict[tuple[str, str], FileResult] = {}

    def scan(name: str, policy: str = default_policy) -> FileResult:
        if (name, policy) not in cache:
            cache[(name, policy)] = scan_path(build(name), policy=load_policy(policy))
        return cache[(name, policy)]

    return scan
