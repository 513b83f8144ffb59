"""The letter's text: letterhead, salutation, paragraphs, leaks spliced in, sign-off."""

from __future__ import annotations

from collections.abc import Sequence

from .case import Block, Case, Letter, Lines, long_date
from .leaks import leak_blocks
from .people import YEARS

SALUTATIONS = ("title_surname", "title_surname", "full_name", "sir_madam", "requester")
CLOSINGS = ("Yours sincerely", "Yours faithfully", "Kind regards", "Regards", "Many thanks")
ICO = ("If you remain dissatisfied after the internal review, you have the right to complain to "
       "the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire "
       "SK9 5AF, telephone 0303 123 1113, website www.ico.org.uk. The Commissioner will usually "
       "expect the internal review procedure to have been exhausted first.")


def letterhead(case: Case) -> list[Block]:
    org = case.org
    lines = (org.name, org.team, org.address, f"{org.town} {org.postcode}",
             f"Telephone: {org.switchboard}", f"Email: {org.mailbox()}", f"www.{org.domain}")
    refs = [f"Our reference: {case.ref}", f"Date: {long_date(case.sent)}"]
    if case.rng.random() < 0.4:
        refs.insert(1, f"Request received: {long_date(case.received)}")
    return [Lines(lines), Lines(tuple(refs))]


def salutation(case: Case) -> str:
    form = case.rng.choice(SALUTATIONS)
    person = case.requester
    if form == "title_surname":
        title = "Dr" if case.rng.random() < 0.25 else person.title
        if person.female and title == "Ms" and case.rng.random() < 0.3:
            title = "Mrs"
        text = f"Dear {title} {person.surname}"
    elif form == "full_name":
        text = f"Dear {person.full}"
    elif form == "sir_madam":
        text = "Dear Sir/Madam"
    else:
        text = "Dear Requester"
    return text + ("," if case.rng.random() < 0.4 else "")


def request_paragraphs(case: Case, where: str) -> list[Block]:
    years = f"{YEARS[0]}, {YEARS[1]} and {YEARS[2]}"
    return [
        f"Freedom of Information Act 2000 – request {case.ref}",
        f"Thank you for your request for information received on {long_date(case.received)}, "
        f"which has been dealt with under the Freedom of Information Act 2000.",
        f"You asked: \"Please provide the number of {case.topic.request} in {years}.\"",
        f"{case.org.name} holds the information you requested. It is set out {where}. The "
        f"figures are taken from our case management system as at {long_date(case.sent)} and "
        f"may change slightly as records are updated.",
    ]


def statistics_paragraph(case: Case) -> str:
    rows = sorted(case.stats.rows[:-1], key=lambda r: -int(r[-1]))
    first, second, last = rows[0], rows[1], rows[-1]
    partner_a, partner_b = case.rng.sample(case.org.partners, 2)
    return (f"In {YEARS[-1]} {first[0]} recorded the most {case.topic.measure} ({first[-1]}), "
            f"followed by {second[0]} ({second[-1]}); {last[0]} recorded the fewest "
            f"({last[-1]}). Some cases are dealt with jointly with {partner_a} and "
            f"{partner_b}, and may also appear in figures those bodies publish. Comparable "
            f"figures for other areas are published by each council and force.")


def optional_paragraphs(case: Case) -> list[Block]:
    rng, org = case.rng, case.org
    choices = [
        "Counts from one to four would have been shown as '<5' so that no individual can be "
        "identified; none arise in this response.",
        f"Earlier figures are already published on our website at www.{org.domain}/statistics "
        f"and are therefore exempt under section 21 of the Act (information reasonably "
        f"accessible to the applicant).",
        "We have not included the names of individual members of staff below senior level. "
        "This information is exempt under section 40(2) of the Act because disclosure would "
        "breach the data protection principles.",
        "The information supplied is subject to copyright. You may re-use it under the Open "
        "Government Licence; see www.nationalarchives.gov.uk/doc/open-government-licence.",
    ]
    return rng.sample(choices, rng.randint(1, 3))


def review_paragraph(case: Case) -> str:
    org = case.org
    return (f"If you are dissatisfied with the handling of your request, you have the right to "
            f"ask for an internal review. Please write within 40 working days, quoting "
            f"{case.ref}, to {org.mailbox(1)} or to the {org.team}, {org.address}, {org.town} "
            f"{org.postcode}.")


def sign_off(case: Case) -> list[Block]:
    return [Lines((case.rng.choice(CLOSINGS),)),
            Lines((case.signer.full, case.job_title, case.org.name))]


def compose(case: Case, shape: str, leaks: Sequence[str]) -> Letter:
    attached = shape in ("eml+xlsx", "eml+csv")
    where = "in the attached spreadsheet" if attached else "in the table below"
    blocks: list[Block] = [*letterhead(case), salutation(case),
                           *request_paragraphs(case, where)]
    if not attached or case.rng.random() < 0.5:
        blocks.append(case.stats)
    blocks.append(statistics_paragraph(case))
    blocks += leak_blocks(case, leaks, shape)
    blocks += optional_paragraphs(case)
    blocks += [review_paragraph(case), ICO, *sign_off(case)]
    author = case.signer.full if case.rng.random() < 0.5 else ""
    return Letter(tuple(blocks), author, f"Freedom of Information request {case.ref}")


def cover_note(case: Case, attachment: str) -> Letter:
    """A mail's body when the letter goes as an attachment."""
    closing, signer = sign_off(case)
    blocks: list[Block] = [
        salutation(case),
        f"Please find attached our response to your request {case.ref} ({attachment}). It "
        f"explains how to ask for an internal review if you are not satisfied.",
        closing, Lines((*signer.lines, f"Telephone: {case.org.switchboard}",
                        case.org.mailbox())),
    ]
    return Letter(tuple(blocks), "", "")
