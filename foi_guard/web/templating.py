"""The Jinja2 environment of the page and of the HTML report; templates and static files are
found beside this module (the package is installed editable, or with its data)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from foi_guard.web import explain

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

VERDICT_CLASS = {"pass": "pass", "block": "block", "error": "error"}


def number(n: int) -> str:
    return f"{n:,}"


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    env.globals.update(
        plural=plural,
        explain=explain.explain,
        where=explain.where,
        what_found=explain.what_found,
        reasons_words=explain.reasons_words,
        verdict_words=explain.verdict_words,
        group_findings=explain.group_findings,
        verdict_class=lambda v: VERDICT_CLASS.get(str(v), "error"),
    )
    return env
