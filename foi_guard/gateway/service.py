"""Scanning messages for the gateway: in worker processes, so one slow message never stalls
the rest, each within a time budget; whatever goes wrong ends as a decision, never as mail let
through unscanned."""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from foi_guard.formats.eml import decode_header
from foi_guard.gateway.audit import AuditLog, Envelope, record
from foi_guard.gateway.decide import Decision, OnBlock, decide
from foi_guard.limits import Limits, MiB
from foi_guard.model import FileResult, Verdict
from foi_guard.pipeline import collector_paused, scan_bytes
from foi_guard.policy import Policy, with_recipients
from foi_guard.profile import mail_recipients

log = logging.getLogger("foi_guard.gateway")
MESSAGE_LABEL = "message.eml"
GRACE_SECONDS = 5.0  # beyond the scan's own deadline, before the gateway gives up waiting
# Waiting for a free worker does not count against a scan's budget; the whole wait stays under
# Postfix's milter_content_timeout (300 s), so the MTA never gives up first.
QUEUE_SECONDS = 120.0
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


def _unblock_stop_signals() -> None:
    """Workers inherit the milter's blocked stop signals; they must stay stoppable one by one."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def scan_message(raw: bytes, policy: Policy, limits: Limits) -> FileResult:
    """The message as the MTA has it: headers, body and every attachment, recursively."""
    with collector_paused():
        return scan_bytes(raw, MESSAGE_LABEL, policy, limits, kind="eml")


def for_its_recipients(policy: Policy, raw: bytes, envelope: Envelope) -> Policy:
    """The policy for this message: the requester's own details pass only when it goes to them
    alone. Recipients are the envelope's and the To and Cc headers', less the organisation's
    own addresses; with two or more outside it, nobody's details are expected."""
    headers = _address_headers(raw)
    recipients = mail_recipients(envelope.recipients, headers["to"] + headers["cc"],
                                 policy.profile, envelope.sender or _first(headers["from"]))
    return with_recipients(policy, recipients if len(recipients) == 1 else ())


def _address_headers(raw: bytes) -> dict[str, list[str]]:
    """To, Cc and From as written; unreadable headers give none (the scan reports them)."""
    found: dict[str, list[str]] = {"to": [], "cc": [], "from": []}
    try:
        head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        for name in found:
            found[name] = [decode_header(v) for v in head.get_all(name) or []]
    except Exception:  # a malformed header only means no names are expected
        pass
    return found


def _first(values: list[str]) -> str:
    return email.utils.getaddresses(values)[0][1] if values else ""


@dataclass(slots=True)
class GatewayConfig:
    policy: Policy
    limits: Limits
    on_block: OnBlock = OnBlock.REJECT
    max_message_bytes: int = 50 * MiB
    workers: int = 2


class Scanner:
    """Decides on whole messages; shared by every milter connection thread."""

    def __init__(self, config: GatewayConfig, audit: AuditLog | None = None,
                 in_process: bool = False) -> None:
        self.config = config
        self.audit = audit or AuditLog(None)
        self.in_process = in_process  # tests and scan-mail: no worker processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def check(self, raw: bytes, envelope: Envelope | None = None,
              size: int | None = None) -> Decision:
        """Decide on a message; `size` when only part of it was kept (it was over the limit)."""
        return self.assess(raw, envelope, size)[1]

    def assess(self, raw: bytes, envelope: Envelope | None = None,
               size: int | None = None) -> tuple[FileResult | None, Decision]:
        """The scan's result (None when the scan failed) and the decision, audited."""
        envelope = envelope or Envelope()
        started = time.monotonic()
        policy = for_its_recipients(self.config.policy, raw, envelope)
        result, fault = self._scan(raw, len(raw) if size is None else size, policy)
        decision = decide(result, self.config.on_block, fault)
        self.audit.write(record(raw, envelope, result, decision, time.monotonic() - started))
        log.info("%s %s %s", envelope.queue_id or "-", decision.action,
                 decision.reason or "clean")
        return result, decision

    def _scan(self, raw: bytes, size: int,
              policy: Policy) -> tuple[FileResult | None, str | None]:
        cfg = self.config
        if size > cfg.max_message_bytes:
            return FileResult(MESSAGE_LABEL, Verdict.ERROR, error=(
                f"message is {size / MiB:.1f} MiB, over the "
                f"{cfg.max_message_bytes / MiB:.0f} MiB limit")), None
        if self.in_process:
            return self._guarded(lambda: scan_message(raw, policy, cfg.limits))
        return self._in_worker(raw, policy)

    def _in_worker(self, raw: bytes, policy: Policy) -> tuple[FileResult | None, str | None]:
        cfg = self.config
        try:
            future = self._executor().submit(scan_message, raw, policy, cfg.limits)
            return future.result(
                timeout=QUEUE_SECONDS + cfg.limits.max_seconds + GRACE_SECONDS), None
        except FutureTimeout:
            if future.cancel():  # never started: do not scan mail already answered 451
                return None, f"no scanner was free within {QUEUE_SECONDS:g} s"
            return None, f"the scan took longer than {cfg.limits.max_seconds:g} s"
        except BrokenProcessPool:
            self._reset()
            return None, "the scanning process died"
        except Exception as exc:  # fail closed: tempfail, never accept
            return None, f"internal error ({type(exc).__name__})"

    @staticmethod
    def _guarded(scan: Callable[[], FileResult]) -> tuple[FileResult | None, str | None]:
        try:
            return scan(), None
        except Exception as exc:  # scan_bytes already turns faults into errors; be sure
            return None, f"internal error ({type(exc).__name__})"

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=self.config.workers,
                                                 initializer=_unblock_stop_signals)
            return self._pool

    def _reset(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def warm_up(self) -> None:
        """Load the detection model in every worker before the first message waits for it."""
        if self.in_process:
            return
        probe = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\nHello\r\n"
        futures = [self._executor().submit(scan_message, probe, self.config.policy,
                                           self.config.limits)
                   for _ in range(self.config.workers)]
        for future in futures:
            future.result()

    def close(self) -> None:
        self._reset()
