"""Policies: how much each kind of finding weighs, loaded from rules/policy.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from foi_guard.model import Hidden, InspectionError, Severity
from foi_guard.profile import Profile, Recipient, default_profile, load_profile


def rules_dir() -> Path:
    """The rules folder: $FOI_GUARD_RULES, else the package's own. In a checkout that is a
    symbolic link to the repository's top-level rules/; a built wheel holds a copy."""
    env = os.environ.get("FOI_GUARD_RULES")
    return Path(env) if env else Path(__file__).resolve().parent / "rules"


@dataclass(slots=True, frozen=True)
class Policy:
    name: str
    description: str
    hidden_with_data: Severity
    hidden_empty: Severity
    reasons: dict[str, Severity] = field(default_factory=dict)
    facts: dict[str, Severity] = field(default_factory=dict)
    personal_data: Severity = Severity.BLOCK
    personal_data_in: dict[str, Severity] = field(default_factory=dict)
    small_numbers: Severity = Severity.WARN
    small_number_max: int = 4
    names_alone: Severity = Severity.BLOCK  # a name in visible text with nothing private by it
    allowlist: frozenset[str] = frozenset()
    descriptive_metadata: frozenset[str] = frozenset()
    profile: Profile = field(default_factory=Profile)
    # who the file or message goes to; None: read the addressee from the letter itself
    recipients: tuple[Recipient, ...] | None = None

    def for_personal_data(self, hidden: tuple[Hidden, ...], field: str | None = None) -> Severity:
        """Personal data blocks, unless every place it sits in is one the policy softens
        (author names in document metadata, say); a descriptive metadata `field` (a title,
        keywords) is read as the document's own text."""
        if self.is_descriptive(hidden, field):
            return self.personal_data
        if hidden and all(str(h) in self.personal_data_in for h in hidden):
            weights = [self.personal_data_in[str(h)] for h in hidden]
            return Severity.BLOCK if Severity.BLOCK in weights else Severity.WARN
        return self.personal_data

    def is_descriptive(self, hidden: tuple[Hidden, ...], field: str | None) -> bool:
        """Metadata someone wrote about the document (its title, keywords), not an author."""
        return field is not None and hidden == (Hidden.METADATA,) and \
            field.casefold() in self.descriptive_metadata

    def for_hidden_content(self, hidden: tuple[Hidden, ...]) -> Severity:
        """A hiding place holding data: block if any of its reasons blocks."""
        weights = [self.reasons.get(str(h), self.hidden_with_data) for h in hidden]
        return Severity.BLOCK if Severity.BLOCK in weights else Severity.WARN

    def for_fact(self, kind: str) -> Severity:
        return self.facts.get(kind, self.hidden_empty)


@cache
def load_policy(name: str | None = None, path: str | None = None) -> Policy:
    source = Path(path) if path else rules_dir() / "policy.yaml"
    try:
        doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InspectionError(f"cannot read policy file {source}: {exc}") from None
    chosen = name or doc.get("default")
    spec = (doc.get("policies") or {}).get(chosen)
    if spec is None:
        known = ", ".join(sorted(doc.get("policies") or {}))
        raise InspectionError(f"unknown policy {chosen!r} (known: {known})")
    return Policy(
        name=chosen,
        description=" ".join(str(spec.get("description", "")).split()),
        hidden_with_data=Severity(spec.get("hidden_with_data", "block")),
        hidden_empty=Severity(spec.get("hidden_empty", "warn")),
        reasons={k: Severity(v) for k, v in (spec.get("reasons") or {}).items()},
        facts={k: Severity(v) for k, v in (spec.get("facts") or {}).items()},
        personal_data=Severity(spec.get("personal_data", "block")),
        personal_data_in={k: Severity(v) for k, v in (spec.get("personal_data_in") or {}).items()},
        small_numbers=Severity(spec.get("small_numbers", "warn")),
        names_alone=Severity(spec.get("names_alone", "block")),
        small_number_max=int(spec.get("small_number_max", 4)),
        allowlist=_allowlist(source.parent, doc.get("allowlist")),
        descriptive_metadata=frozenset(str(f).casefold()
                                       for f in doc.get("descriptive_metadata") or []),
        profile=default_profile(rules_dir()),
    )


def _allowlist(folder: Path, name: str | None) -> frozenset[str]:
    """People released on purpose (named chief officers, say): their names are not findings."""
    if not name:
        return frozenset()
    path = folder / name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InspectionError(f"cannot read allowlist {path}: {exc}") from None
    return frozenset(" ".join(str(v).split()).casefold() for v in doc.get("values") or [])


def with_allowlist(policy: Policy, path: str) -> Policy:
    """The policy with the values of another allowlist file added."""
    extra = _allowlist(Path(path).parent, Path(path).name)
    return replace(policy, allowlist=policy.allowlist | extra)


def with_profile(policy: Policy, path: str | Path) -> Policy:
    """The policy with another organisation profile in place of rules/organisation.yaml."""
    return replace(policy, profile=load_profile(path))


def with_recipients(policy: Policy, recipients: tuple[Recipient, ...]) -> Policy:
    """The policy for a file or message that goes to these people only."""
    return replace(policy, recipients=recipients)
