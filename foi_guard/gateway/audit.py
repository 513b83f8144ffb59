"""The gateway's audit log: one JSON line per message, for the mail administrator.

Who sent what to whom, the attachments' names and sha256, the verdict, and the rule ids and
locations that decided it. Never the personal data: findings' masked evidence is left out too,
so the log can be kept and shipped like any mail log.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from foi_guard.gateway.decide import Decision
from foi_guard.model import FileResult, Severity, Verdict


@dataclass(slots=True)
class Envelope:
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    queue_id: str = ""


def attachments(raw: bytes) -> list[dict[str, str]]:
    """Name and sha256 of each attachment (and each inline part that is not the body)."""
    found = []
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in message.walk():
            if part.is_multipart():
                continue
            name = part.get_filename()
            if name is None and part.get_content_maintype() == "text" and \
                    part.get_content_disposition() != "attachment":
                continue
            payload = part.get_payload(decode=True) or b""
            found.append({"name": str(name or f"({part.get_content_type()})"),
                          "sha256": hashlib.sha256(payload).hexdigest()})
    except Exception:  # the scan says what is wrong with the message; the log lists what it can
        pass
    return found


def record(raw: bytes, envelope: Envelope, result: FileResult | None, decision: Decision,
           seconds: float | None = None) -> dict[str, Any]:
    headers = _headers(raw)
    blocking = [f for f in (result.findings if result else []) if f.severity == Severity.BLOCK]
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "queue_id": envelope.queue_id,
        "message_id": headers.get("message-id", ""),
        "sender": envelope.sender,
        "recipients": envelope.recipients,
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        # a scan that ended read every attachment; otherwise the message is parsed again
        "attachments": result.attachments if result is not None and
        result.verdict != Verdict.ERROR else attachments(raw),
        "verdict": decision.verdict,
        "action": str(decision.action),
        "reply": f"{decision.code} {decision.xcode} {decision.reason}".strip()
        if decision.action in ("reject", "tempfail") else "",
        "rules": sorted({f.rule for f in blocking}),
        "locations": list(dict.fromkeys(f.location.describe() for f in blocking))[:50],
        "error": result.error if result else None,
        "seconds": None if seconds is None else round(seconds, 3),
    }


def _headers(raw: bytes) -> dict[str, str]:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    try:
        message = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32)
        return {k.lower(): " ".join(str(v).split()) for k, v in message.items()}
    except Exception:  # the audit line is written whatever the headers hold
        return {}


class AuditLog:
    """Appends JSON lines; safe to share between the milter's threads."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        if self.path is None:
            return
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock, open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
