"""The milter in front of a real Postfix: what the sender's client sees, what is delivered or
held, and what the audit log keeps.

A private Postfix instance (tests/postfix_harness.py: its own config, queue, mailbox and log under
a temporary folder; /etc/postfix untouched) runs with two `foi-guard milter` processes started by
the real CLI: "guard" (--on-block reject), the default for smtpd, and "hold" (--on-block
quarantine) behind a second smtpd port. Skips, saying why, without postfix, pymilter or root.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sample_spreadsheets.make_samples import build_psni_style_workforce, workforce_rows
from tests.fixtures.xlsx_fixtures import build_clean_stats, build_encrypted_password
from tests.postfix_harness import RECIPIENT, Gateway, Unavailable, mail, running_gateway

WORKFORCE_ROWS = 200
GUARD, HOLD = "guard", "hold"
CLEAN_BODY = ("Dear requester,\n\nPlease find attached recorded crime by policing district for "
              "2024, as you asked.\n\nFOI team\n")


@dataclass(frozen=True)
class Attachments:
    leak: tuple[str, bytes]       # the PSNI-shaped workbook: 200 people in a hidden sheet
    clean: tuple[str, bytes]      # recorded crime by district: nothing personal
    encrypted: tuple[str, bytes]  # password-protected: cannot be inspected
    zipped_leak: tuple[str, bytes]


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    try:
        with running_gateway({GUARD: "reject", HOLD: "quarantine"}, workers=1) as running:
            yield running
    except Unavailable as missing:
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def attachments(tmp_path_factory: pytest.TempPathFactory) -> Attachments:
    folder = tmp_path_factory.mktemp("attachments")
    leak = build_psni_style_workforce(folder / "psni_style_workforce.xlsx", n=WORKFORCE_ROWS)
    clean = build_clean_stats(folder)
    encrypted = build_encrypted_password(folder)
    return Attachments(leak=(leak.name, leak.read_bytes()),
                       clean=(clean.name, clean.read_bytes()),
                       encrypted=(encrypted.name, encrypted.read_bytes()),
                       zipped_leak=("response.zip", _zipped(leak)))


def _zipped(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"FOI-2024-0117/{path.name}", path.read_bytes())
    return buffer.getvalue()


def workbook_surnames() -> set[str]:
    return {str(row[0]) for row in workforce_rows(WORKFORCE_ROWS)}


def surnames_in(text: str) -> list[str]:
    return sorted(name for name in workbook_surnames()
                  if re.search(rf"(?<![A-Za-z']){re.escape(name)}(?![A-Za-z'])", text))


# --- (a)-(d): what the sender is told --------------------------------------------------------

def test_leaking_workbook_is_refused_at_end_of_data(gateway: Gateway,
                                                    attachments: Attachments) -> None:
    _, raw = mail([attachments.leak])
    reply = gateway.send(GUARD, raw)
    assert (reply.stage, reply.code) == ("data", 550), f"{reply}\n{gateway.diagnostics()}"
    assert reply.text.startswith("5.7.1"), reply
    assert attachments.leak[0] in reply.text, "the reply names the attachment"
    assert "hidden_sheet" in reply.text, "the reply says why"
    assert surnames_in(reply.text) == []
    gateway.postfix.wait_log(r"milter-reject: END-OF-MESSAGE .* 5\.7\.1 .*psni_style_workforce")


def test_clean_reply_is_delivered_with_pass_header(gateway: Gateway,
                                                   attachments: Attachments) -> None:
    message_id, raw = mail([attachments.clean], body=CLEAN_BODY)
    reply = gateway.send(GUARD, raw)
    assert (reply.stage, reply.code) == ("data", 250), f"{reply}\n{gateway.diagnostics()}"
    assert reply.queue_id, reply
    delivered = gateway.postfix.wait_delivered(message_id)
    headers = delivered.split(b"\n\n", 1)[0]
    assert re.search(rb"^X-FOI-Guard: pass\r?$", headers, re.MULTILINE), headers.decode()
    assert hashlib.sha256(attachments.clean[1]).hexdigest() == _attachment_sha256(delivered)
    gateway.postfix.wait_log(rf"{reply.queue_id}: to=<{re.escape(RECIPIENT)}>.*status=sent")


def test_encrypted_attachment_is_refused_as_uninspectable(gateway: Gateway,
                                                          attachments: Attachments) -> None:
    _, raw = mail([attachments.encrypted])
    reply = gateway.send(GUARD, raw)
    assert (reply.stage, reply.code) == ("data", 554), f"{reply}\n{gateway.diagnostics()}"
    assert reply.text.startswith("5.7.1"), reply
    assert "encrypted" in reply.text


def test_leak_inside_a_zip_is_refused(gateway: Gateway, attachments: Attachments) -> None:
    _, raw = mail([attachments.zipped_leak])
    reply = gateway.send(GUARD, raw)
    assert (reply.stage, reply.code) == ("data", 550), f"{reply}\n{gateway.diagnostics()}"
    assert reply.text.startswith("5.7.1"), reply
    assert "response.zip" in reply.text and attachments.leak[0] in reply.text
    assert surnames_in(reply.text) == []


# --- (e): no milter, no mail -----------------------------------------------------------------

def test_stopped_milter_means_try_again_later(gateway: Gateway,
                                              attachments: Attachments) -> None:
    milter = gateway.milters[GUARD]
    message_id, raw = mail([attachments.clean], body=CLEAN_BODY)
    milter.stop()
    try:
        reply = gateway.send(GUARD, raw)
    finally:
        milter.start()
    assert 400 <= reply.code < 500, f"{reply}\n{gateway.diagnostics()}"
    assert "4.7.1" in reply.text, reply
    assert message_id not in {m.get("message_id") for m in milter.audit_entries()}
    # back up: the same message now goes through
    again = gateway.send(GUARD, raw)
    assert again.code == 250, f"{again}\n{gateway.diagnostics()}"


# --- (f): quarantine --------------------------------------------------------------------------

def test_quarantined_leak_is_accepted_but_held(gateway: Gateway,
                                               attachments: Attachments) -> None:
    message_id, raw = mail([attachments.leak])
    reply = gateway.send(HOLD, raw)
    assert (reply.stage, reply.code) == ("data", 250), f"{reply}\n{gateway.diagnostics()}"
    queue_id = reply.queue_id
    assert queue_id
    postfix = gateway.postfix
    postfix.wait_log(rf"{queue_id}: milter-hold: END-OF-MESSAGE")
    assert queue_id in postfix.held(), postfix.queue()
    assert re.search(r"^X-FOI-Guard: block; quarantined$", postfix.queued_headers(queue_id),
                     re.MULTILINE)
    assert postfix.find_delivered(message_id) is None
    [entry] = [e for e in gateway.milters[HOLD].audit_entries()
               if e["message_id"] == message_id]
    assert (entry["verdict"], entry["action"]) == ("block", "quarantine")


# --- (g): the audit log -----------------------------------------------------------------------

def test_audit_log_has_one_line_per_message_without_personal_data(
        gateway: Gateway, attachments: Attachments) -> None:
    sent = {}
    for kind, attachment, body in (("block", attachments.leak, CLEAN_BODY),
                                   ("pass", attachments.clean, CLEAN_BODY),
                                   ("error", attachments.encrypted, CLEAN_BODY)):
        message_id, raw = mail([attachment], body=body)
        gateway.send(GUARD, raw)
        sent[message_id] = (kind, attachment)
    milter = gateway.milters[GUARD]
    entries = milter.audit_entries()  # every line is JSON, or this fails
    for message_id, (verdict, (name, data)) in sent.items():
        mine = [e for e in entries if e["message_id"] == message_id]
        assert len(mine) == 1, f"{message_id}: {len(mine)} audit lines"
        entry = mine[0]
        assert entry["verdict"] == verdict, entry
        assert entry["queue_id"], entry
        assert entry["recipients"] == [f"<{RECIPIENT}>"], entry
        assert entry["attachments"] == [{"name": name,
                                         "sha256": hashlib.sha256(data).hexdigest()}], entry
    blocked = next(e for e in entries if e["message_id"] in sent and e["verdict"] == "block")
    assert blocked["rules"] and blocked["locations"], blocked
    assert surnames_in(milter.audit_log.read_text()) == []


def _attachment_sha256(message: bytes) -> str:
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    [part] = [p for p in parsed.walk() if p.get_filename()]
    return hashlib.sha256(part.get_payload(decode=True)).hexdigest()
