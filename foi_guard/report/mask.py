"""Masked evidence: enough to recognise a value, never enough to re-leak it."""

from __future__ import annotations

MAX_STARS = 8


def mask(value: str) -> str:
    """'McLaughlin' -> 'Mc********'; 'AB123456C' -> 'AB******C'; short values show one char."""
    text = " ".join(value.split())
    n = len(text)
    if n <= 2:
        return "*" * n
    if n <= 4:
        return text[0] + "*" * (n - 1)
    head = text[:2]
    tail = text[-1] if n >= 8 and text[-1].isalnum() and any(c.isdigit() for c in text) else ""
    return head + "*" * min(n - 2 - len(tail), MAX_STARS) + tail
