"""The milter: Postfix or Sendmail hands each message over before it is queued; we rebuild it,
scan it and answer accept, reject (550), quarantine (Postfix's hold queue), tag, reject as
uninspectable (554) or tempfail (451). Built on pymilter (libmilter), whose connection threads
wait for the scan while a worker process does it."""

from __future__ import annotations

from typing import Any

import Milter

from foi_guard.gateway.audit import Envelope
from foi_guard.gateway.decide import HEADER, Action, Decision
from foi_guard.gateway.service import Scanner

NAME = "foi-guard"


def _reply_text(text: str) -> str:
    return text.replace("%", "%%")  # libmilter formats replies with printf


class GuardMilter(Milter.Base):
    """One instance per SMTP connection; one message at a time within it."""

    scanner: Scanner  # set on the class by serve()

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.envelope = Envelope()
        self.chunks: list[bytes] = []
        self.size = 0

    def _keep(self, data: bytes) -> None:
        """Keep the message up to the limit, then only count it: a huge message never fills
        memory, and is refused by its size."""
        self.size += len(data)
        if self.size <= self.scanner.config.max_message_bytes:
            self.chunks.append(data)
        else:
            self.chunks = []

    def envfrom(self, mailfrom: str, *params: str) -> int:
        self._reset()
        self.envelope.sender = mailfrom
        return Milter.CONTINUE

    def envrcpt(self, to: str, *params: str) -> int:
        self.envelope.recipients.append(to)
        return Milter.CONTINUE

    @Milter.decode("bytes")  # the header as sent: no decoding guesses before the scan
    def header(self, field: bytes | str, value: bytes | str) -> int:
        name = field if isinstance(field, bytes) else field.encode("ascii", "replace")
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")
        self._keep(name + b": " + raw + b"\r\n")
        return Milter.CONTINUE

    def eoh(self) -> int:
        self._keep(b"\r\n")
        return Milter.CONTINUE

    def body(self, chunk: bytes) -> int:
        self._keep(chunk)
        return Milter.CONTINUE

    def eom(self) -> int:
        self.envelope.queue_id = self.getsymval("i") or ""
        decision = self.scanner.check(b"".join(self.chunks), self.envelope, size=self.size)
        return self._act(decision)

    def _act(self, decision: Decision) -> int:
        if decision.header:
            self.addheader(HEADER, decision.header)
        if decision.action == Action.REJECT:
            self.setreply(decision.code, decision.xcode, _reply_text(decision.reason))
            return Milter.REJECT
        if decision.action == Action.TEMPFAIL:
            self.setreply(decision.code, decision.xcode, _reply_text(decision.reason))
            return Milter.TEMPFAIL
        if decision.action == Action.QUARANTINE:
            try:
                self.quarantine(decision.reason)
            except Exception:  # the MTA would not hold it: never let it through instead
                self.setreply("451", "4.7.1", "FOI guard could not quarantine this message; "
                              "try again later")
                return Milter.TEMPFAIL
        return Milter.ACCEPT

    def abort(self) -> int:
        self._reset()
        return Milter.CONTINUE

    def close(self) -> int:
        return Milter.CONTINUE


def serve(scanner: Scanner, socket: str, timeout: int = 600) -> None:
    """Run until stopped (SIGINT/SIGTERM). `socket` is libmilter's: inet:PORT@HOST, unix:PATH."""
    cls: Any = type("ConfiguredGuardMilter", (GuardMilter,), {"scanner": scanner})
    Milter.factory = cls
    Milter.set_flags(Milter.ADDHDRS | Milter.QUARANTINE)
    Milter.runmilter(NAME, socket, timeout)
