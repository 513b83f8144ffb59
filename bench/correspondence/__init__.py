"""A labelled set of Freedom of Information replies for a precision benchmark.

Two kinds, `count_per_kind` replies each, in the shapes an FOI office sends them: reply letters
as .docx and .pdf, and mails (.eml) whose body is the letter, some with a statistics workbook,
a CSV or the letter as a Word attachment.

- `ordinary` (must pass): letterhead with street address, postcode, switchboard and role
  mailbox; reference and dates; the requester in the salutation; the answer, a statistics
  paragraph naming councils, towns, NHS trusts and police forces, a table of aggregate counts;
  internal review and ICO paragraphs; the signer's name and job title after the closing.
- `third-party` (must block): the same shapes, plus one or two of: a complainant or victim named
  with their home address and postcode, a junior officer named in prose, a neighbour's mobile
  number, a table of people pasted into the letter, a third party's personal email address, an
  attached workbook with a hidden sheet of staff names and ranks.

People are synthetic, built from the small name lists in people.py; the requester, the signer
and any third party in one reply are different people. Phone numbers are in Ofcom's drama
ranges, domains are example.* or made-up public bodies. Output is byte-for-byte deterministic
for a seed (zip timestamps, PDF dates and mail headers are fixed).

    python -m bench.correspondence OUTDIR [--count 6] [--seed 2026]

writes every reply into OUTDIR and an index.tsv (name, must, why, requester).

Modules: people (name pools, public bodies, picking people), case (one reply's case and the
letter as blocks), compose (the letter's text), leaks (what must not be there), render (docx,
pdf, text, xlsx, csv, mail), replies (the set).
"""

from .replies import Reply, build

__all__ = ["Reply", "build"]
