"""Fail closed on hostile or oversized input: zip bombs, deep nesting, time limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from foi_guard.limits import Limits
from foi_guard.model import Verdict
from foi_guard.pipeline import scan_bytes, scan_path
from foi_guard.policy import load_policy
from tests.fixtures.bombs import GiB, build_sheet_bomb
from tests.fixtures.xlsx_fixtures import build_clean_stats, build_embedded_object


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean_stats(tmp_path_factory.mktemp("clean") / "clean.xlsx")


def test_bomb_is_refused_from_its_directory_without_inflating(clean: Path, tmp_path: Path) -> None:
    bomb = build_sheet_bomb(clean, tmp_path / "bomb.xlsx", inflated=3 * GiB)
    assert bomb.stat().st_size < 4 * 2**20
    result = scan_path(bomb)
    assert result.verdict == Verdict.ERROR
    assert "xl/worksheets/sheet1.xml" in result.error and "zip bomb" in result.error


def test_bomb_that_lies_about_its_size_is_refused_while_inflating(clean: Path,
                                                                  tmp_path: Path) -> None:
    bomb = build_sheet_bomb(clean, tmp_path / "liar.xlsx", inflated=256 * 2**20, declared=4096)
    result = scan_path(bomb)
    assert result.verdict == Verdict.ERROR
    assert "sheet1.xml" in result.error


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _with_extra_members(path: Path, extra: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    return _zip({**members, **extra})


def test_too_many_parts_is_an_error(clean: Path) -> None:
    data = _with_extra_members(clean, {f"junk/{i}.txt": b"x" for i in range(50)})
    result = scan_bytes(data, "many.xlsx", limits=Limits(max_parts=40))
    assert result.verdict == Verdict.ERROR and "too many parts" in result.error


def test_oversized_part_is_an_error(clean: Path) -> None:
    data = _with_extra_members(clean, {"junk/big.txt": b"a" * 300_000})
    result = scan_bytes(data, "big.xlsx", limits=Limits(max_part_uncompressed=200_000))
    assert result.verdict == Verdict.ERROR and "junk/big.txt" in result.error


def test_total_inflated_size_limit(clean: Path) -> None:
    result = scan_bytes(clean.read_bytes(), "c.xlsx", limits=Limits(max_total_uncompressed=1000))
    assert result.verdict == Verdict.ERROR and "limit" in result.error


def test_oversized_file_is_an_error(clean: Path) -> None:
    result = scan_bytes(clean.read_bytes(), "c.xlsx", limits=Limits(max_file_bytes=100))
    assert result.verdict == Verdict.ERROR and "limit" in result.error


def test_time_limit_is_an_error(clean: Path) -> None:
    result = scan_bytes(clean.read_bytes(), "c.xlsx", limits=Limits(max_seconds=0))
    assert result.verdict == Verdict.ERROR and "longer than" in result.error


def test_embedded_workbooks_nested_too_deep_are_an_error(tmp_path: Path) -> None:
    outer = build_embedded_object(tmp_path / "outer.xlsx")
    assert scan_path(outer, policy=load_policy("strict")).verdict == Verdict.BLOCK
    result = scan_path(outer, limits=Limits(max_depth=0))
    assert result.verdict == Verdict.ERROR and "nested deeper" in result.error


def test_text_limit_stops_shared_string_bombs(clean: Path) -> None:
    result = scan_bytes(clean.read_bytes(), "c.xlsx", limits=Limits(max_text_chars=50))
    assert result.verdict == Verdict.ERROR and "more text than the limit" in result.error
