"""Legacy Word documents (.doc), standalone and embedded in other files: every story and hiding
place is read and located; an ordinary reply passes; what cannot be read is an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from foi_guard.model import Verdict
from foi_guard.pipeline import scan_path
from tests.fixtures.doc_fixtures import DELETED, HIDDEN, Comment, Run, WordDocument
from tests.fixtures.xls_fixtures import Biff, compound_file, save, summary_book
from tests.fixtures.xlsx_fixtures import OFFICERS, VICTIMS, full_name

INTRO = ("Thank you for your request for information about recorded crime in the Belfast "
         "policing district, received on 3 March 2024. The figures are below.")
COUNTS = (("District", "2022", "2023"), ("North", "412", "398"), ("South", "377", "402"),
          ("East", "290", "305"))
REPLY = ("Mr John Smith", "Dear Mr Smith", INTRO, COUNTS, "Yours sincerely",
         "Jane Doherty", "Information Access Officer")
OFFICER_ROWS = (("Surname", "Forename", "Rank", "Station"),
                *((o[1], o[0], o[2], o[4]) for o in OFFICERS))


def _scan(tmp_path: Path, doc: WordDocument, name: str = "reply.doc") -> Any:
    path = tmp_path / name
    path.write_bytes(doc.build())
    return scan_path(path)


def _personal(result: Any) -> list[Any]:
    return [f for f in result.findings if f.category == "personal_data"]


def _where(result: Any) -> list[tuple[str, str, tuple[str, ...], str]]:
    return [(f.rule, f.location.describe(), tuple(f.hidden), f.severity)
            for f in result.findings]


def test_an_ordinary_reply_passes(tmp_path: Path) -> None:
    result = _scan(tmp_path, WordDocument(REPLY, headers=(
        "Police Service of Northern Ireland, 65 Knock Road, Belfast BT5 6LE",)))
    assert result.verdict == Verdict.PASS, (result.error, _where(result))


def test_a_reply_with_no_salutation_still_knows_its_addressee(tmp_path: Path) -> None:
    """'Mr John Smith' and his address above the first sentence, no 'Dear ...': he is the
    requester, and his own email there is his."""
    body = ("Mr John Smith", "john.smith@example.com", INTRO, COUNTS, "Yours sincerely",
            "Information Access Team")
    result = _scan(tmp_path, WordDocument(body))
    assert result.verdict == Verdict.PASS, _where(result)


def test_a_table_of_officers_is_judged_as_columns(tmp_path: Path) -> None:
    result = _scan(tmp_path, WordDocument((INTRO, OFFICER_ROWS)))
    assert result.verdict == Verdict.BLOCK
    hits = _personal(result)
    assert any(f.location.sheet == "table 1" and f.location.columns for f in hits), _where(result)


def test_a_statistics_table_passes(tmp_path: Path) -> None:
    result = _scan(tmp_path, WordDocument((INTRO, COUNTS)), "table.doc")
    assert result.verdict == Verdict.PASS, _where(result)


@pytest.mark.parametrize(("mark", "reason"), [(HIDDEN, "hidden_text"),
                                              (DELETED, "tracked_change")])
def test_a_name_in_hidden_or_deleted_text_blocks_there(tmp_path: Path, mark: str,
                                                       reason: str) -> None:
    victim = VICTIMS[0]
    body = (*REPLY[:3], [Run("One complaint was upheld. "),
                         Run(f"The complainant was {full_name(victim)} of {victim[3]}.",
                             (mark,))], *REPLY[3:])
    result = _scan(tmp_path, WordDocument(body))
    assert result.verdict == Verdict.BLOCK
    assert any(reason in f.hidden and f.severity == "block" for f in _personal(result)), \
        _where(result)
    assert all(victim[1] not in f.message + " ".join(f.evidence) for f in result.findings)


def test_a_comment_naming_a_victim_blocks_and_its_author_is_read(tmp_path: Path) -> None:
    author = full_name(OFFICERS[2])
    note = f"Check this is not {full_name(VICTIMS[1])} again, the victim in March"
    result = _scan(tmp_path, WordDocument(REPLY, comments=(Comment(author, "DM", note),)))
    comments = [f for f in _personal(result) if "comment" in f.hidden]
    assert result.verdict == Verdict.BLOCK
    assert any(f.severity == "block" and "comment 1" in f.location.describe() for f in comments)
    assert any("author of comment 1" in f.location.describe() for f in comments), _where(result)


def test_a_mail_merge_field_code_is_read_as_hidden_text(tmp_path: Path) -> None:
    officer = OFFICERS[0]
    address = f"{officer[0].lower()}.{officer[1].lower().replace(chr(39), '')}@psni.example.uk"
    field = f'\x13 HYPERLINK "mailto:{address}" \x14the duty inspector\x15'
    body = (*REPLY[:3], f"Please contact {field} about this.", *REPLY[3:])
    result = _scan(tmp_path, WordDocument(body))
    hits = [f for f in _personal(result) if f.entity == "EMAIL_ADDRESS"]
    assert any("hidden_text" in f.hidden and "field code" in f.location.describe()
               for f in hits), _where(result)


def test_a_text_box_and_unicode_text_are_read(tmp_path: Path) -> None:
    rows = (("Surname", "Forename"), ("Ó Briain", "Siobhán"), ("Mac Giolla", "Pádraig"),
            ("Ní Dhomhnaill", "Áine"), ("Ó Súilleabháin", "Seán"))
    doc = WordDocument((INTRO,), text_boxes=("Staff on duty:", *(f"{f} {s}" for s, f in rows)),
                       unicode=True)
    result = _scan(tmp_path, doc)
    assert any("drawing_text" in f.hidden for f in _personal(result)), _where(result)


def test_the_author_is_metadata_and_warns(tmp_path: Path) -> None:
    result = _scan(tmp_path, WordDocument(REPLY, associated={6: full_name(OFFICERS[3])}))
    authors = [f for f in _personal(result) if "metadata" in f.hidden]
    assert result.verdict == Verdict.PASS and authors and \
        all(f.severity == "warn" for f in authors), _where(result)


@pytest.mark.parametrize(("doc", "says"), [
    (WordDocument(REPLY, encrypted=True), "encrypted"),
    (WordDocument(REPLY, nfib=0x0065), "word 6.0/95"),
])
def test_what_cannot_be_read_is_an_error(tmp_path: Path, doc: WordDocument, says: str) -> None:
    result = _scan(tmp_path, doc)
    assert result.verdict == Verdict.ERROR and says in (result.error or "").lower()
    assert "\n" not in result.error


@pytest.mark.parametrize(("damage", "says"), [
    (lambda word: word[:1100], "truncated"),  # the text runs past the stream
    (lambda word: word[:-1] + b"\xff", "corrupt"),  # the last property page's run count
])
def test_a_damaged_document_is_an_error(tmp_path: Path, damage: Any, says: str) -> None:
    streams = WordDocument(REPLY).streams()
    streams[("WordDocument",)] = damage(streams[("WordDocument",)])
    path = tmp_path / "damaged.doc"
    path.write_bytes(compound_file(streams))
    result = scan_path(path)
    assert result.verdict == Verdict.ERROR and says in (result.error or ""), result.error


def _workbook_embedding(tmp_path: Path, doc: WordDocument) -> Any:
    wb, _ws = summary_book()
    path = save(tmp_path, "with_doc.xls", Biff(wb).stream(), doc.streams(("MBD00A1B2C3",)))
    return scan_path(path)


def test_a_word_document_embedded_in_a_workbook_is_read_as_a_document(tmp_path: Path) -> None:
    hidden = [Run("Officers: "), Run(", ".join(full_name(o) for o in OFFICERS), (HIDDEN,))]
    result = _workbook_embedding(tmp_path, WordDocument((INTRO, hidden)))
    assert result.verdict == Verdict.BLOCK
    assert any("embedded_object" in f.hidden and "hidden_text" in f.hidden
               for f in _personal(result)), _where(result)


def test_an_embedded_letter_with_its_letterhead_passes(tmp_path: Path) -> None:
    """Its own letterhead, switchboard and signer are what a reply carries, embedded or not."""
    letterhead = ("Department for Infrastructure, Clarence Court, 10-18 Adelaide Street, "
                  "Belfast BT2 8GB. Telephone 0300 200 7899")
    result = _workbook_embedding(tmp_path, WordDocument(REPLY, headers=(letterhead,)))
    assert result.verdict == Verdict.PASS, _where(result)


def test_a_picture_in_the_text_is_said_to_be_unread(tmp_path: Path) -> None:
    result = _scan(tmp_path, WordDocument((INTRO, "Map of the district: \x01", *REPLY[3:])))
    assert any(f.rule == "no_text_layer" or "no OCR" in f.message for f in result.findings), \
        _where(result)
    plain = _scan(tmp_path, WordDocument((INTRO, *REPLY[3:])), "plain.doc")
    assert not any("no OCR" in f.message for f in plain.findings)


LETTERHEAD = (("Our ref:", "FOI/2024/0412", "Direct line:", "028 9065 0222"),
              ("Enquiries to:", "Jane Doherty", "Fax:", "028 9065 0333"),
              ("Date:", "12 March 2024", "Email:", "foi@psni.example.uk"))


def test_a_letterhead_laid_out_as_a_table_is_the_letters_own(tmp_path: Path) -> None:
    """'Enquiries to' and the direct line above the salutation, the same officer asked for
    in the closing paragraph, and the director in the footer: what a reply carries."""
    body = (LETTERHEAD, "Mr John Smith", *REPLY[1:3],
            "If you have any queries please contact Jane Doherty on 028 9065 0222.", *REPLY[3:])
    doc = WordDocument(body, headers=("Legal and Democratic Services", "Sarah Quinn Executive "
                                      "Director", "65 Knock Road, Belfast BT5 6LE"))
    result = _scan(tmp_path, doc)
    assert result.verdict == Verdict.PASS, _where(result)


def test_a_table_of_people_below_the_salutation_still_blocks(tmp_path: Path) -> None:
    body = (LETTERHEAD, *REPLY[:3], OFFICER_ROWS, *REPLY[3:])
    result = _scan(tmp_path, WordDocument(body))
    assert result.verdict == Verdict.BLOCK
    assert any(f.location.sheet == "table 2" for f in _personal(result)), _where(result)
