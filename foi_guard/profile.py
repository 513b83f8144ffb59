"""Who the organisation is, and who a reply goes to: what every FOI reply carries is not a leak.

The organisation profile (rules/organisation.yaml, or `--profile FILE`) names the body's own
names, addresses, postcodes, phone numbers, mail domains and role mailboxes, the staff who sign
its replies and its public office holders. The recipients are the requester a reply goes to
(`--requester "John Smith <j.smith@example.com>"`, or at the gateway the message's envelope and
To/Cc): their own details go to them. Both travel inside the Policy, so the worker processes of a
batch or of the gateway see them.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from foi_guard.model import InspectionError

PROFILE_FILE = "organisation.yaml"
FIELDS = ("names", "addresses", "postcodes", "phones", "domains", "mailboxes", "signers",
          "office_holders")
_NOT_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone a reply goes to: their name as written ('John Smith', may be empty) and address."""

    name: str = ""
    address: str = ""

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2].lower()


@dataclass(frozen=True, slots=True)
class Profile:
    """The organisation's own details, as written in the profile (see rules/organisation.yaml)."""

    source: str = ""
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    mailboxes: tuple[str, ...] = ()
    signers: tuple[str, ...] = ()
    office_holders: tuple[str, ...] = ()

    def is_own_domain(self, domain: str) -> bool:
        """The domain or one of its parents is the organisation's ('foi.northshire.gov.uk')."""
        domain = domain.lower().rstrip(".")
        return any(domain == d or domain.endswith("." + d) for d in self.domains)

    def is_own_mailbox(self, address: str) -> bool:
        address = address.strip().lower()
        return any(address == m or (("@" not in m) and address.partition("@")[0] == m
                                    and self.is_own_domain(address.partition("@")[2]))
                   for m in self.mailboxes)

    def is_own_postcode(self, text: str) -> bool:
        return postcode_key(text) in {postcode_key(p) for p in self.postcodes}

    def is_own_phone(self, text: str) -> bool:
        return phone_key(text) in {phone_key(p) for p in self.phones}


def postcode_key(text: str) -> str:
    return "".join(text.split()).upper()


def phone_key(text: str) -> str:
    """'+44 (0)28 9065 0222', '028 9065 0222' -> '2890650222'."""
    digits = _NOT_DIGITS.sub("", text)
    if digits.startswith("44"):
        digits = digits[2:]
    return digits.lstrip("0")


def load_profile(path: str | Path) -> Profile:
    """The profile in a YAML file; a missing or malformed one is a one-line error."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InspectionError(f"cannot read the organisation profile {path}: {exc}") from None
    if not isinstance(doc, dict):
        raise InspectionError(f"{path}: the organisation profile must be a mapping of lists")
    unknown = sorted(set(doc) - set(FIELDS))
    if unknown:
        raise InspectionError(f"{path}: unknown field(s) {', '.join(unknown)} "
                              f"(known: {', '.join(FIELDS)})")
    return Profile(source=str(path), **{f: _strings(doc.get(f), path, f) for f in FIELDS})


def default_profile(folder: Path) -> Profile:
    """rules/organisation.yaml when it is there, else an empty profile."""
    path = folder / PROFILE_FILE
    return load_profile(path) if path.exists() else Profile()


def _strings(value: object, path: Path, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise InspectionError(f"{path}: {field} must be a list of strings")
    return tuple(" ".join(str(v).split()) for v in value if str(v).strip())


def parse_requester(spec: str) -> Recipient:
    """'John Smith <j.smith@example.com>', 'j.smith@example.com' or 'John Smith'."""
    name, address = email.utils.parseaddr(spec)
    if not address or "@" not in address:
        name, address = spec.strip(), ""
    if not (name or address):
        raise ValueError(f"cannot read a requester from {spec!r}")
    return Recipient(" ".join(name.split()), address.lower())


def mail_recipients(envelope: Iterable[str], to_and_cc: Iterable[str],
                    profile: Profile, sender: str = "") -> tuple[Recipient, ...]:
    """Who a message goes to outside the organisation: the envelope recipients and the To and
    Cc headers' addresses, less the organisation's own (its domains, the sender's domain). A
    name comes from the headers when they give one for the address."""
    named = {address.lower(): name for name, address in
             email.utils.getaddresses(list(to_and_cc)) if address}
    sender = sender.strip("<> ").lower()  # the milter's MAIL FROM is '<foi@council.gov.uk>'
    own = {Recipient(address=sender).domain} if "@" in sender else set()
    out: dict[str, Recipient] = {}
    for address in [*(a.strip("<> ").lower() for a in envelope), *named]:
        if "@" not in address:
            continue
        recipient = Recipient(" ".join(named.get(address, "").split()), address)
        if recipient.domain in own or profile.is_own_domain(recipient.domain):
            continue
        out.setdefault(address, recipient)
    return tuple(out.values())
