"""Shared test set-up: where the real-world corpus lives, when it is there."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path | None:
    """`../shared/corpus` beside the checkout (or $FOI_GUARD_CORPUS), if present."""
    env = os.environ.get("FOI_GUARD_CORPUS")
    found = Path(env) if env else REPO.parent / "shared" / "corpus"
    return found if (found / "MANIFEST.tsv").is_file() else None
