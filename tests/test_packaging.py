"""An installed foi-guard (a mail gateway's, a web server's) works without a checkout beside it:
the wheel carries the rules, and the code finds its own copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
SAMPLES = REPO / "sample_spreadsheets"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the tree (a build writes build/ and egg-info)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, tree / name)
    for name in ("foi_guard", "rules"):
        shutil.copytree(REPO / name, tree / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--disable-pip-version-check", "-w", str(out),
                    str(tree)], check=True, timeout=300, capture_output=True)
    return next(out.glob("foi_guard-*.whl"))


def test_the_wheel_carries_every_rule_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = {f"foi_guard/rules/{p.relative_to(RULES).as_posix()}" for p in RULES.rglob("*")
             if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts}
    assert len(rules) > 20
    assert rules <= names, sorted(rules - names)
    assert "foi_guard/web/templates/index.html" in names


def test_an_unpacked_wheel_scans_with_its_own_rules(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "FOI_GUARD_RULES"}
    env["PYTHONPATH"] = str(site)  # ahead of the checkout's editable install

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, text=True,
                              capture_output=True, timeout=120, check=False)

    found = run("-c", "from foi_guard.policy import rules_dir; print(rules_dir())")
    assert found.stdout.strip() == str(site / "foi_guard" / "rules"), found.stderr
    clean = run("-m", "foi_guard.cli", "scan", str(SAMPLES / "crime_stats_clean.xlsx"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    leak = run("-m", "foi_guard.cli", "scan", str(SAMPLES / "psni_style_workforce.xlsx"))
    assert leak.returncode == 1, leak.stdout + leak.stderr
