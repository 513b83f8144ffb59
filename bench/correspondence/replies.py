"""The set: which shape and leaks each reply gets, and the labelled Reply it becomes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from .case import Case, Letter, new_case
from .compose import compose, cover_note
from .leaks import LEAK_WHY, LEAKS, hidden_staff
from .render import (
    DOCX_TYPE,
    XLSX_TYPE,
    Attachment,
    render_csv,
    render_docx,
    render_mail,
    render_pdf,
    render_text,
    render_xlsx,
)


@dataclass(frozen=True)
class Reply:
    name: str  # file name, e.g. "ordinary-03.docx"
    data: bytes
    must: str  # "pass" or "block"
    why: str  # one line: what it contains
    requester: str | None  # "John Smith <j.smith@example.com>" the reply goes to (mail: the To)


PASS, BLOCK = "pass", "block"
SHAPES = ("docx", "pdf", "eml", "eml+xlsx", "eml+csv", "eml+docx")


def build_mail(case: Case, shape: str, letter: Letter, leaks: Sequence[str]) -> bytes:
    base = case.ref
    if shape == "eml+docx":
        name = f"{base} response.docx"
        return render_mail(case, render_text(cover_note(case, name)),
                           [(name, render_docx(letter), DOCX_TYPE)])
    attachments: list[Attachment] = []
    if shape == "eml+xlsx":
        hidden = hidden_staff(case) if "hidden_sheet" in leaks else None
        attachments.append((f"{base} figures.xlsx",
                            render_xlsx(case.stats, hidden, letter.author), XLSX_TYPE))
    elif shape == "eml+csv":
        attachments.append((f"{base} figures.csv", render_csv(case.stats), ("text", "csv")))
    return render_mail(case, render_text(letter), attachments)


def render(case: Case, shape: str, letter: Letter, leaks: Sequence[str]) -> bytes:
    if shape == "docx":
        return render_docx(letter)
    if shape == "pdf":
        return render_pdf(letter)
    return build_mail(case, shape, letter, leaks)


def choose_leaks(rng: random.Random, index: int, shape: str) -> tuple[str, ...]:
    """One leak that rotates through LEAKS, and sometimes a second one."""
    first = LEAKS[(index + index // len(LEAKS)) % len(LEAKS)]
    if first == "hidden_sheet" and shape != "eml+xlsx":
        first = "people_table"
    prose = [leak for leak in LEAKS if leak not in (first, "hidden_sheet")]
    if rng.random() < 0.5:
        return (first, rng.choice(prose))
    return (first,)


def shape_for(index: int, kind: str) -> str:
    offset = index // len(SHAPES)
    first = LEAKS[(index + offset) % len(LEAKS)]
    if kind == "third-party" and first == "hidden_sheet":
        return "eml+xlsx"
    return SHAPES[(index + offset) % len(SHAPES)]


def extension(shape: str) -> str:
    return "eml" if shape.startswith("eml") else shape


def describe(case: Case, shape: str, leaks: Sequence[str]) -> str:
    form = {"docx": "letter (docx)", "pdf": "letter (pdf)", "eml": "mail, letter as body",
            "eml+xlsx": "mail + statistics xlsx", "eml+csv": "mail + statistics csv",
            "eml+docx": "mail + letter as docx attachment"}[shape]
    what = "; ".join(LEAK_WHY[leak] for leak in leaks) if leaks else (
        "ordinary reply: letterhead, requester, signer, ICO paragraph, aggregate counts")
    return f"{form}, {case.org.name}, {case.ref}: {what}"


def build_one(rng: random.Random, kind: str, index: int) -> Reply:
    case = new_case(rng, index)
    shape = shape_for(index, kind)
    leaks = choose_leaks(rng, index, shape) if kind == "third-party" else ()
    letter = compose(case, shape, [leak for leak in leaks if leak != "hidden_sheet"])
    data = render(case, shape, letter, leaks)
    return Reply(name=f"{kind}-{index + 1:02d}.{extension(shape)}", data=data,
                 must=BLOCK if leaks else PASS, why=describe(case, shape, leaks),
                 requester=case.requester_header)


def build(count_per_kind: int = 6, seed: int = 2026) -> list[Reply]:
    """count_per_kind ordinary replies (must pass), then as many naming third parties (block)."""
    rng = random.Random(seed)
    return [build_one(rng, kind, index) for kind in ("ordinary", "third-party")
            for index in range(count_per_kind)]
