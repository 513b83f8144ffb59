"""What the gateway does with a scanned message, and the SMTP reply that says why.

A reply names rule ids, attachments and where in them, never the data itself; it is plain ASCII
on one line, as SMTP requires, and short enough for any client to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from foi_guard.model import FileResult, Finding, Severity, Verdict

MAX_REPLY = 400
HEADER = "X-FOI-Guard"


class OnBlock(StrEnum):
    REJECT = "reject"          # 550 5.7.1: the sender is told, nothing is sent
    QUARANTINE = "quarantine"  # held in Postfix's hold queue for an administrator
    TAG = "tag"                # a header is added and the message goes (trial runs)


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    QUARANTINE = "quarantine"
    TAG = "tag"
    TEMPFAIL = "tempfail"


@dataclass(slots=True, frozen=True)
class Decision:
    verdict: str  # pass, block, error (cannot be inspected) or tempfail (the scan failed)
    action: Action
    code: str = "250"
    xcode: str = "2.0.0"
    reason: str = ""
    header: str | None = None  # the X-FOI-Guard value, when one is added


def decide(result: FileResult | None, on_block: OnBlock, fault: str | None = None) -> Decision:
    """`result` of scanning the message, or `fault` when the scan itself failed (a crash, a
    scan that outran its time): then the sender's server must try again later."""
    if result is not None and result.verdict == Verdict.ERROR and result.transient:
        fault = result.error
    if result is None or fault is not None:
        return Decision("tempfail", Action.TEMPFAIL, "451", "4.7.1",
                        _ascii(f"FOI guard could not scan this message ({fault or 'no result'});"
                               " try again later"))
    if result.verdict == Verdict.ERROR:
        return Decision("error", Action.REJECT, "554", "5.7.1",
                        _ascii(f"FOI guard cannot inspect this message: {result.error}"))
    if result.verdict == Verdict.PASS:
        return Decision("pass", Action.ACCEPT, header="pass")
    reason = "FOI guard: personal or hidden data would leak: " + blocking_summary(result)
    if on_block == OnBlock.QUARANTINE:
        return Decision("block", Action.QUARANTINE, reason=_ascii(reason),
                        header="block; quarantined")
    if on_block == OnBlock.TAG:
        return Decision("block", Action.TAG, reason=_ascii(reason),
                        header=_ascii("block; " + blocking_summary(result)))
    return Decision("block", Action.REJECT, "550", "5.7.1", _ascii(reason))


def blocking_summary(result: FileResult) -> str:
    """Where it would leak and by which rules: "response.zip > summary.xlsx > sheet 'Officers'
    (hidden_sheet): column.header+values, column.ranks; message body: pattern.PHONE_NUMBER"."""
    places: dict[str, list[str]] = {}
    for finding in result.findings:
        if finding.severity == Severity.BLOCK:
            rules = places.setdefault(_where(finding), [])
            if finding.rule not in rules:
                rules.append(finding.rule)
    bits = [f"{where}: {', '.join(rules[:3])}{' ...' if len(rules) > 3 else ''}"
            for where, rules in places.items()]
    more = f"; and {len(bits) - 3} more places" if len(bits) > 3 else ""
    return "; ".join(bits[:3]) + more


def _where(finding: Finding) -> str:
    loc = finding.location
    where = [*loc.file.split(" › ")[1:]] or ["message"]
    if loc.sheet:
        where.append(f"sheet '{loc.sheet}'")
    hidden = f" ({', '.join(str(h) for h in finding.hidden)})" if finding.hidden else ""
    return " > ".join(where) + hidden


def _ascii(text: str) -> str:
    """One line of printable ASCII, within MAX_REPLY characters (SMTP replies are 7-bit)."""
    plain = text.replace("›", ">").replace("…", "...")
    plain = "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in " ".join(plain.split()))
    return plain if len(plain) <= MAX_REPLY else plain[: MAX_REPLY - 3] + "..."
