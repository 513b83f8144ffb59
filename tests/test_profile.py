"""Who the organisation is and who a reply goes to: the requester's own details pass when the
reply goes to them alone, the profile's address, mailboxes and signers pass, office holders in
their role warn, and everyone else named still blocks.

Fixtures are built here by code: reply letters (docx) and reply mails.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from foi_guard.cli import main
from foi_guard.gateway.audit import Envelope
from foi_guard.gateway.service import GatewayConfig, Scanner
from foi_guard.limits import Limits
from foi_guard.model import InspectionError, Severity, Verdict
from foi_guard.pipeline import scan_bytes
from foi_guard.policy import load_policy, with_profile, with_recipients
from foi_guard.profile import Recipient, load_profile, mail_recipients, parse_requester
from tests.test_correspondence import blocking, docx_bytes, letter

PROFILE = """\
names: [Northshire Police, Northshire Police Service]
addresses: [65 Knock Road]
postcodes: [BT5 6LE]
phones: [028 9065 0222]
domains: [northshire.police.uk]
mailboxes: [foi, information.governance@northshire.police.uk]
signers: [Jane Doherty]
office_holders: [Simon Burrows]
"""
REQUESTER = "John Smith <j.smith@example.com>"


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "organisation.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def test_a_requester_is_read_as_name_and_address() -> None:
    assert parse_requester(REQUESTER) == Recipient("John Smith", "j.smith@example.com")
    assert parse_requester("j.smith@example.com") == Recipient("", "j.smith@example.com")
    assert parse_requester("John Smith") == Recipient("John Smith", "")
    with pytest.raises(ValueError):
        parse_requester("  ")


def test_a_profile_with_an_unknown_field_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "organisation.yaml"
    path.write_text("names: [Northshire Police]\nsigner: [Jane Doherty]\n", encoding="utf-8")
    with pytest.raises(InspectionError, match=r"unknown field.*signer"):
        load_profile(path)
    path.write_text("names: Northshire Police\n", encoding="utf-8")
    with pytest.raises(InspectionError, match="must be a list"):
        load_profile(path)


def test_the_shipped_profile_is_empty_so_nothing_is_assumed() -> None:
    profile = load_policy().profile
    assert not any((profile.names, profile.domains, profile.signers, profile.mailboxes))


def scan_letter(paragraphs: list[str], requester: str | None = None,
                profile: Path | None = None):  # type: ignore[no-untyped-def]
    policy = load_policy("default")
    if profile is not None:
        policy = with_profile(policy, profile)
    if requester is not None:
        policy = with_recipients(policy, (parse_requester(requester),))
    return scan_bytes(docx_bytes(paragraphs), "reply.docx", policy=policy)


def test_a_reply_to_its_requester_passes_and_to_someone_else_names_a_third_party() -> None:
    assert scan_letter(letter(), REQUESTER).verdict == Verdict.PASS
    assert scan_letter(letter(), "j.smith@example.com").verdict == Verdict.PASS
    other = scan_letter(letter(), "Anne Brown <a.brown@example.org>")
    assert other.verdict == Verdict.BLOCK
    assert {f.entity for f in blocking(other)} == {"PERSON"}


def test_the_requesters_own_address_in_the_letter_goes_to_them() -> None:
    paragraphs = letter("We have replied to you at j.smith@example.com as you asked.")
    assert scan_letter(paragraphs, REQUESTER).verdict == Verdict.PASS
    assert scan_letter(paragraphs).verdict == Verdict.BLOCK  # whose it is is not known


def test_the_profiles_signer_and_own_details_pass_even_beside_a_name(profile_file: Path) -> None:
    """'Jane Doherty, 65 Knock Road, BT5 6LE, jane.doherty@...': a named person makes an
    address in the same paragraph someone's, unless it is the organisation's own."""
    paragraphs = [*letter()[:-3], "The search was made by Jane Doherty, Information Access "
                  "Team, 65 Knock Road, Belfast BT5 6LE (028 9065 0222, "
                  "jane.doherty2@northshire.police.uk, information.governance@northshire."
                  "police.uk), for Northshire Police."]
    assert scan_letter(paragraphs).verdict == Verdict.BLOCK
    assert scan_letter(paragraphs, profile=profile_file).verdict == Verdict.PASS


def test_third_parties_still_block_with_a_profile_and_a_requester(profile_file: Path) -> None:
    paragraphs = letter("On 4 May DC Sarah Quinn attended the home of Mairead Donnelly, who "
                        "lives at 14 Antrim Road, Belfast BT15 2AA (mairead.donnelly@gmail.com).")
    result = scan_letter(paragraphs, REQUESTER, profile_file)
    assert result.verdict == Verdict.BLOCK
    assert {"PERSON", "STREET_ADDRESS", "UK_POSTCODE", "EMAIL_ADDRESS"} <= {
        f.entity for f in blocking(result)}


@pytest.mark.parametrize("sentence", [
    "The motion was moved by Councillor Mary Byrne and carried.",
    "Stephen Farry MP asked the Department for the figures in 2024.",
    "The foreword is by Chief Constable Simon Burrows.",
])
def test_an_office_holder_in_their_role_warns_and_does_not_block(sentence: str) -> None:
    result = scan_letter(letter(sentence))
    assert result.verdict == Verdict.PASS, [(f.rule, f.location) for f in blocking(result)]
    assert any(f.rule == "office_holder" and f.severity == Severity.WARN
               for f in result.findings)


def test_an_office_holder_of_the_profile_warns_by_name_alone(profile_file: Path) -> None:
    """Under `strict` a name in the text blocks, unless the profile says it is an office
    holder's."""
    paragraphs = letter("Simon Burrows approved the release of these figures.")
    strict = load_policy("strict")
    result = scan_bytes(docx_bytes(paragraphs), "reply.docx", policy=strict)
    assert result.verdict == Verdict.BLOCK
    result = scan_bytes(docx_bytes(paragraphs), "reply.docx",
                        policy=with_profile(strict, profile_file))
    assert result.verdict == Verdict.PASS
    assert [f.rule for f in result.findings if f.entity == "PERSON"] == ["office_holder"]


def test_the_cli_takes_the_requester_and_the_profile(tmp_path: Path, profile_file: Path) -> None:
    path = tmp_path / "reply.docx"
    path.write_bytes(docx_bytes(letter()))
    runner = CliRunner()
    assert runner.invoke(main, ["scan", "--requester", REQUESTER, str(path)]).exit_code == 0
    refused = runner.invoke(main, ["scan", "--requester", "Anne Brown <a.brown@example.org>",
                                   "--profile", str(profile_file), str(path)])
    assert refused.exit_code == 1 and "Smith" not in refused.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("nmes: [x]\n", encoding="utf-8")
    assert runner.invoke(main, ["scan", "--profile", str(bad), str(path)]).exit_code == 2


# --- the gateway: recipients from the envelope and the headers --------------------------------

def reply_mail(to: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Northshire Police FOI <foi@northshire.police.uk>"
    message["To"] = to
    message["Subject"] = "Freedom of Information request FOI-2026-0412"
    message.set_content("\n\n".join(letter()))
    return message.as_bytes()


def gateway_decision(raw: bytes, *recipients: str) -> str:
    """As the milter sees it: MAIL FROM and RCPT TO in angle brackets."""
    scanner = Scanner(GatewayConfig(load_policy("default"), Limits()), in_process=True)
    envelope = Envelope("<foi@northshire.police.uk>", [f"<{r}>" for r in recipients])
    return str(scanner.check(raw, envelope).verdict)


def test_a_reply_mail_to_its_requester_passes_and_the_same_mail_elsewhere_blocks() -> None:
    to_requester = reply_mail(REQUESTER)
    assert gateway_decision(to_requester, "j.smith@example.com") == "pass"
    assert gateway_decision(to_requester, "j.smith@example.com", "press@example.net") == "block"
    assert gateway_decision(reply_mail("press@example.net"), "press@example.net") == "block"


def test_a_copy_to_the_organisations_own_mailbox_is_not_another_recipient() -> None:
    raw = reply_mail(f"{REQUESTER}, foi@northshire.police.uk")
    assert gateway_decision(raw, "j.smith@example.com", "foi@northshire.police.uk") == "pass"


def test_scan_mail_takes_exims_recipients() -> None:
    runner = CliRunner()
    raw = reply_mail(REQUESTER)
    assert runner.invoke(main, ["scan-mail"], input=raw).exit_code == 0  # the To header
    elsewhere = runner.invoke(main, ["scan-mail", "--recipient", "press@example.net"],
                              input=raw)
    assert elsewhere.exit_code == 1 and elsewhere.stdout.startswith("BLOCK")


def test_recipients_are_outside_the_organisation(tmp_path: Path) -> None:
    path = tmp_path / "organisation.yaml"
    path.write_text("domains: [northshire.police.uk]\n", encoding="utf-8")
    profile = load_profile(path)
    found = mail_recipients(["<j.smith@example.com>", "records@foi.northshire.police.uk"],
                            ["John Smith <J.Smith@example.com>"], profile)
    assert found == (Recipient("John Smith", "j.smith@example.com"),)

