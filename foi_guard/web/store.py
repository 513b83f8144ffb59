"""Uploads kept in memory for a short time, so the page can offer downloads after a scan.

Why keep them at all: a redacted copy is made from the original file, and asking the officer to
upload it again for each download is error-prone. So after a scan the uploaded bytes and the
scan's result are kept in this process's memory (never on disk) under an unguessable token
(secrets.token_urlsafe), bound to the browser that uploaded them (its CSRF cookie), and:

- the original is deleted as soon as a redacted copy of it has been downloaded; the copy (which
  re-scanned as clean) and the reports (masked evidence only) stay until the entry expires, so
  a download can be repeated;
- every entry expires MAX_SECONDS after the scan (15 minutes by default);
- the store holds at most `max_bytes` in all; the least recently used entries go first, and a
  file larger than the whole store is not kept (the page says so);
- "Forget these files" on the page deletes them at once; stopping the server forgets everything.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from foi_guard.model import FileResult
from foi_guard.policy import Policy


@dataclass(slots=True)
class Download:
    filename: str
    media_type: str
    body: bytes


@dataclass(slots=True)
class Redacted:
    """One redaction of an entry's file, in one format: the copy, or why none was made, and
    the redaction report."""

    ok: bool
    error: str | None
    copy: Download | None
    report: Download


@dataclass(slots=True)
class Entry:
    name: str
    owner: str
    result: FileResult
    kind: str | None                    # "workbook", "document" or None (not redactable)
    data: bytes | None
    policy: Policy | None = None         # as checked (with its requester): redaction uses it
    expires: float = 0.0
    redactions: dict[str, Redacted] = field(default_factory=dict)

    @property
    def size(self) -> int:
        extra = sum(len(r.report.body) + (len(r.copy.body) if r.copy else 0)
                    for r in self.redactions.values())
        return len(self.data or b"") + extra


class UploadStore:
    """Entries by token, with expiry and a cap on the bytes held; safe across threads."""

    def __init__(self, max_bytes: int, max_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self.clock = clock
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, entry: Entry) -> str | None:
        """Keep an entry; its token, or None when it is larger than the whole store."""
        with self._lock:
            self._expire()
            if entry.size > self.max_bytes:
                return None
            token = secrets.token_urlsafe(32)
            entry.expires = self.clock() + self.max_seconds
            self._entries[token] = entry
            self._shrink()
            return token

    def get(self, token: str, owner: str) -> Entry | None:
        """The entry, if it exists, has not expired and belongs to `owner`."""
        with self._lock:
            self._expire()
            entry = self._entries.get(token)
            if entry is None or not hmac.compare_digest(entry.owner, owner):
                return None
            self._entries.move_to_end(token)
            return entry

    def changed(self, token: str) -> None:
        """An entry grew (a redaction was added): keep the store within its cap."""
        with self._lock:
            if token in self._entries:
                self._entries.move_to_end(token)
            self._shrink()

    def forget(self, token: str, owner: str) -> bool:
        with self._lock:
            entry = self._entries.get(token)
            if entry is None or not hmac.compare_digest(entry.owner, owner):
                return False
            del self._entries[token]
            return True

    @property
    def bytes_held(self) -> int:
        with self._lock:
            return sum(e.size for e in self._entries.values())

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def _expire(self) -> None:
        now = self.clock()
        for token in [t for t, e in self._entries.items() if e.expires <= now]:
            del self._entries[token]

    def _shrink(self) -> None:
        total = sum(e.size for e in self._entries.values())
        while total > self.max_bytes and self._entries:
            _token, oldest = self._entries.popitem(last=False)
            total -= oldest.size
