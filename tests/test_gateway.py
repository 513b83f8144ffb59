"""The mail gateway without an MTA: decisions and their SMTP replies, the audit log, scan-mail's
exit codes, and the milter's callbacks driven by pymilter's test context. The real Postfix run
is tests/test_postfix.py."""

from __future__ import annotations

import json
import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from foi_guard.cli import main
from foi_guard.gateway.audit import AuditLog, Envelope
from foi_guard.gateway.decide import Action, OnBlock, decide
from foi_guard.gateway.service import GatewayConfig, Scanner, scan_message
from foi_guard.limits import Limits
from foi_guard.policy import load_policy
from tests.fixtures import mail_fixtures as mf
from tests.fixtures.xlsx_fixtures import SURNAMES


@pytest.fixture(scope="module")
def mails(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("mail")
    return {
        "clean": mf.build_clean_reply(root).read_bytes(),
        "leak": mf.build_hidden_sheet_attachment(root).read_bytes(),
        "zipped": mf.build_zip_in_mail(root).read_bytes(),
        "encrypted": mf.build_encrypted_attachment(root).read_bytes(),
    }


def config(on_block: OnBlock = OnBlock.REJECT, **limits: float) -> GatewayConfig:
    return GatewayConfig(load_policy(), Limits(**limits), on_block)  # type: ignore[arg-type]


def no_surname(text: str) -> None:
    leaked = [s for s in SURNAMES if len(s) > 3 and s in text]
    assert not leaked, f"personal data in gateway output: {[s[:2] for s in leaked]}"


# --- decisions --------------------------------------------------------------------------------
def test_clean_reply_is_accepted_with_a_pass_header(mails: dict[str, bytes]) -> None:
    decision = decide(scan_message(mails["clean"], load_policy(), Limits()), OnBlock.REJECT)
    assert decision.action == Action.ACCEPT and decision.header == "pass"


def test_leak_is_rejected_550_naming_the_attachment_and_place_not_the_data(
        mails: dict[str, bytes]) -> None:
    decision = decide(scan_message(mails["leak"], load_policy(), Limits()), OnBlock.REJECT)
    assert (decision.action, decision.code, decision.xcode) == (Action.REJECT, "550", "5.7.1")
    assert "summary.xlsx" in decision.reason and "hidden_sheet" in decision.reason
    assert decision.reason.isascii() and "\n" not in decision.reason
    assert len(decision.reason) <= 400
    no_surname(decision.reason)


def test_zipped_leak_is_rejected_with_its_path(mails: dict[str, bytes]) -> None:
    decision = decide(scan_message(mails["zipped"], load_policy(), Limits()), OnBlock.REJECT)
    assert decision.code == "550" and "y.zip > z.xlsx" in decision.reason


def test_uninspectable_attachment_is_a_permanent_554(mails: dict[str, bytes]) -> None:
    decision = decide(scan_message(mails["encrypted"], load_policy(), Limits()), OnBlock.REJECT)
    assert (decision.code, decision.xcode) == ("554", "5.7.1")
    assert "password" in decision.reason


def test_quarantine_and_tag_let_smtp_accept_but_say_why(mails: dict[str, bytes]) -> None:
    result = scan_message(mails["leak"], load_policy(), Limits())
    held = decide(result, OnBlock.QUARANTINE)
    assert held.action == Action.QUARANTINE and "summary.xlsx" in held.reason
    tagged = decide(result, OnBlock.TAG)
    assert tagged.action == Action.TAG and tagged.header and tagged.header.startswith("block")
    no_surname(tagged.header)


def test_a_scan_that_failed_is_a_tempfail_never_an_accept() -> None:
    decision = decide(None, OnBlock.TAG, fault="the scanning process died")
    assert (decision.action, decision.code, decision.xcode) == (Action.TEMPFAIL, "451", "4.7.1")


# --- the scanner: size, time, dead workers ----------------------------------------------------
def test_message_over_the_size_limit_is_refused_554(mails: dict[str, bytes]) -> None:
    cfg = config()
    cfg.max_message_bytes = 1024
    decision = Scanner(cfg, in_process=True).check(mails["clean"])
    assert decision.code == "554" and "limit" in decision.reason


def test_a_scan_that_outruns_its_budget_is_a_tempfail(mails: dict[str, bytes]) -> None:
    # A budget the worker cannot meet: the gateway stops waiting and asks for a retry.
    scanner = Scanner(config(max_seconds=-4.99))
    try:
        decision = scanner.check(mails["leak"])
    finally:
        scanner.close()
    assert decision.action == Action.TEMPFAIL and "longer than" in decision.reason


def _die(*_args: object) -> None:
    os._exit(3)


def test_a_worker_that_dies_is_a_tempfail(mails: dict[str, bytes],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from foi_guard.gateway import service

    monkeypatch.setattr(service, "scan_message", _die)
    scanner = Scanner(config())
    try:
        first = scanner.check(mails["clean"])
        monkeypatch.setattr(service, "scan_message", scan_message)
        second = scanner.check(mails["clean"])  # a new pool replaces the broken one
    finally:
        scanner.close()
    assert first.action == Action.TEMPFAIL and "died" in first.reason
    assert second.action == Action.ACCEPT


# --- the audit log ----------------------------------------------------------------------------
def test_audit_log_has_one_line_per_message_with_hashes_and_no_personal_data(
        mails: dict[str, bytes], tmp_path: Path) -> None:
    import hashlib

    log = tmp_path / "audit.jsonl"
    scanner = Scanner(config(), AuditLog(log), in_process=True)
    envelope = Envelope("foi@policing.example", ["requester@example.org"], "4XyZ1")
    scanner.check(mails["leak"], envelope)
    scanner.check(mails["clean"], envelope)
    lines = log.read_text("utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["verdict"] == "block" and first["action"] == "reject"
    assert first["queue_id"] == "4XyZ1" and first["recipients"] == ["requester@example.org"]
    assert first["attachments"][0]["name"] == "summary.xlsx"
    assert first["attachments"][0]["sha256"] == hashlib.sha256(mf.xlsx("hidden")).hexdigest()
    assert first["rules"] and first["locations"] and first["seconds"] >= 0
    assert json.loads(lines[1])["verdict"] == "pass"
    no_surname(log.read_text("utf-8"))


@pytest.mark.parametrize("build", [mf.build_forwarded, mf.build_encrypted_attachment,
                                   mf.build_zip_in_mail, mf.build_clean_reply])
def test_audit_lists_the_attachments_the_scan_read_as_a_parse_of_the_message_does(
        build, tmp_path: Path) -> None:
    """The list comes from the scan (no second parse of a large message), or, when the scan
    ended in an error, from parsing the message: the same either way."""
    from foi_guard.gateway.audit import attachments

    raw = build(tmp_path).read_bytes()
    log = tmp_path / "audit.jsonl"
    Scanner(config(), AuditLog(log), in_process=True).check(raw)
    listed = json.loads(log.read_text("utf-8"))["attachments"]
    assert listed == attachments(raw)
    if build is not mf.build_clean_reply:
        assert listed


# --- scan-mail --------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "code", "word"), [("clean", 0, "PASS"), ("leak", 1, "BLOCK"),
                                                    ("encrypted", 2, "ERROR")])
def test_scan_mail_exit_status_as_clamscan(mails: dict[str, bytes], name: str, code: int,
                                           word: str) -> None:
    result = CliRunner().invoke(main, ["scan-mail"], input=mails[name])
    assert result.exit_code == code, result.output
    assert result.stdout.startswith(word) and result.stdout.count("\n") == 1
    no_surname(result.stdout)


def test_scan_mail_reads_exims_scan_folder_and_writes_json(mails: dict[str, bytes],
                                                          tmp_path: Path) -> None:
    (tmp_path / "1qXyZ-000Abc-7D.eml").write_bytes(mails["zipped"])
    result = CliRunner().invoke(main, ["scan-mail", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert any("y.zip › z.xlsx" in f["location"]["file"] for f in report["files"][0]["findings"])


# --- the milter's callbacks -------------------------------------------------------------------
milter = pytest.importorskip("Milter", reason="pymilter is not installed (pip install "
                                              "'foi_guard[milter]'; needs libmilter-dev)")


def _feed(raw: bytes, on_block: OnBlock = OnBlock.REJECT, max_bytes: int | None = None):
    import Milter
    from Milter.testctx import TestCtx

    from foi_guard.gateway.milter import GuardMilter

    cfg = config(on_block)
    if max_bytes is not None:
        cfg.max_message_bytes = max_bytes
    Milter.factory = type("TestGuard", (GuardMilter,), {"scanner": Scanner(cfg,
                                                                          in_process=True)})
    class Ctx(TestCtx):
        def quarantine(self, reason: str) -> int:  # TestCtx has none; Postfix's hold queue
            self._quarantine = reason
            return Milter.CONTINUE

    ctx = Ctx(logfile=os.devnull)
    ctx._setsymval("i", "4XyZ1")
    assert ctx._connect() == Milter.CONTINUE
    rc = ctx._feedFile(BytesIO(raw.replace(b"\r\n", b"\n")), "foi@policing.example",
                       "requester@example.org")
    return rc, ctx


def test_milter_rejects_a_leak_with_550(mails: dict[str, bytes]) -> None:
    import Milter

    rc, ctx = _feed(mails["leak"])
    assert rc == Milter.REJECT
    code, xcode, text = ctx._reply[:3]
    assert (code, xcode) == ("550", "5.7.1") and "summary.xlsx" in text


def test_milter_accepts_a_clean_reply_and_marks_it(mails: dict[str, bytes]) -> None:
    import Milter

    rc, ctx = _feed(mails["clean"])
    assert rc == Milter.ACCEPT
    assert re.search(rb"X-FOI-Guard: pass", ctx._body.getvalue() if ctx._body else b"") or \
        ("X-FOI-Guard", "pass") in [(h[0], h[1]) for h in ctx._msg.items()]


def test_milter_quarantines_when_told(mails: dict[str, bytes]) -> None:
    import Milter

    rc, ctx = _feed(mails["leak"], OnBlock.QUARANTINE)
    assert rc == Milter.ACCEPT and ctx._quarantine and "summary.xlsx" in ctx._quarantine


def test_milter_refuses_an_oversized_message_without_keeping_it(mails: dict[str, bytes]) -> None:
    import Milter

    rc, ctx = _feed(mails["clean"], max_bytes=2048)
    assert rc == Milter.REJECT and ctx._reply[0] == "554"


def test_scan_mail_with_nothing_on_standard_input_is_an_error_not_a_pass() -> None:
    """A misconfigured MTA that pipes nothing must not have every message passed."""
    result = CliRunner().invoke(main, ["scan-mail"], input=b"")
    assert result.exit_code == 2 and result.stdout.startswith("ERROR")
