"""One reply's case (body, topic, dates, people, figures) and the letter as blocks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .people import (
    JOB_TITLES,
    ORGS,
    TOPICS,
    YEARS,
    Org,
    Person,
    Topic,
    pick_people,
    requester_email,
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    as_lines: bool = False  # pasted as comma-separated lines rather than drawn as a table


@dataclass(frozen=True)
class Lines:
    """Short lines kept together: a letterhead, a sign-off."""

    lines: tuple[str, ...]


Block = str | Table | Lines


@dataclass(frozen=True)
class Letter:
    blocks: tuple[Block, ...]
    author: str  # document metadata: the signer, or empty
    subject: str


@dataclass
class Case:
    """Everything one reply is built from."""

    rng: random.Random
    org: Org
    topic: Topic
    ref: str
    received: dt.date
    sent: dt.date
    requester: Person
    requester_email: str
    signer: Person
    job_title: str
    others: list[Person]  # third parties, never the requester or the signer
    stats: Table

    @property
    def requester_header(self) -> str:
        return f"{self.requester.full} <{self.requester_email}>"

    def other(self) -> Person:
        return self.others.pop()


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def stats_table(rng: random.Random, org: Org, topic: Topic) -> Table:
    areas = rng.sample(org.areas, rng.randint(4, len(org.areas)))
    rows = []
    for area in areas:
        base = rng.randint(40, 900)
        rows.append((area, *(str(max(10, base + rng.randint(-base // 4, base // 4)))
                             for _ in YEARS)))
    total = tuple(str(sum(int(r[i]) for r in rows)) for i in range(1, len(YEARS) + 1))
    return Table((topic.area_header, *YEARS), (*rows, ("Total", *total)))


def new_case(rng: random.Random, index: int) -> Case:
    org = ORGS[index % len(ORGS)]
    topic = rng.choice(TOPICS[org.kind])
    requester, signer, *others = pick_people(rng, 16)
    received = dt.date(2026, rng.randint(1, 9), rng.randint(1, 28))
    return Case(rng=rng, org=org, topic=topic, ref=f"FOI-2026-{rng.randint(100, 1999):04d}",
                received=received, sent=received + dt.timedelta(days=rng.randint(9, 27)),
                requester=requester, requester_email=requester_email(rng, requester),
                signer=signer, job_title=rng.choice(JOB_TITLES), others=others,
                stats=stats_table(rng, org, topic))
