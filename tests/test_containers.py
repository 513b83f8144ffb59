"""Containers: zip archives, mail (.eml) and Outlook messages (.msg).

Each fixture (tests/fixtures/mail_fixtures.py) is a reply or an archive hiding one thing: the
scanner must find it at the right place ('reply.eml › y.zip › z.xlsx'), mask the evidence, and
fail closed on what it cannot read. Below them, the readers' pieces (HTML hiding rules, RTF,
TNEF, the compound file writer the .msg fixtures rely on), and a corpus run.
"""

from __future__ import annotations

import csv
import json
import random
import sysconfig
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import olefile
import pytest

from foi_guard.formats.eml import html_runs, paragraphs, parse_html, unique_name
from foi_guard.formats.msg import decompress_rtf, rtf_text
from foi_guard.limits import Deadline, Limits
from foi_guard.model import Hidden, InspectionError
from foi_guard.pipeline import scan_bytes, scan_in_full, scan_path
from foi_guard.policy import load_policy
from foi_guard.report import json as json_report
from foi_guard.sniff import sniff
from tests.conftest import corpus_dir
from tests.fixture_cache import cached_builder, cached_scanner
from tests.fixtures.mail_fixtures import (
    FIXTURES,
    VICTIM,
    attach,
    build_clean_msg,
    build_clean_reply,
    build_clean_zip,
    build_many_parts,
    cfb_bytes,
    compress_rtf,
    mail_bytes,
    reply,
    tnef_bytes,
    xlsx,
    zip_bytes,
)
from tests.fixtures.xlsx_fixtures import SURNAMES

NAMES = sorted(FIXTURES)
FOUND = sorted(n for n, e in FIXTURES.items() if e.file is not None)
ERRORS = sorted(n for n, e in FIXTURES.items() if e.verdict == "error")
KIND = {".eml": "eml", ".zip": "zip", ".msg": "msg"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    return cached_builder(FIXTURES, tmp_path_factory.mktemp("mail_fixtures"))


@pytest.fixture(scope="module")
def scanned(built: Callable[[str], Path]) -> Callable[..., Any]:
    return cached_scanner(built)


def _describe(result: Any) -> str:
    lines = [f"verdict={result.verdict!s} error={result.error!r} notes={result.notes}"]
    lines += [f"  {f.severity!s:5} {f.rule} {[str(h) for h in f.hidden]} {f.location!r}"
              for f in result.findings]
    return "\n".join(lines)


# --- the fixtures themselves ------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_what_it_claims(name: str, built: Callable[[str], Path]) -> None:
    path = built(name)
    data = path.read_bytes()
    expected = FIXTURES[name]
    if not name.endswith("truncated"):
        assert sniff(data) == KIND[path.suffix], name
    if expected.absent is not None:
        assert expected.absent not in data, "only decoding may reveal this"


# --- verdicts, places and reasons -------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_verdict(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    expected = FIXTURES[name]
    verdict = "pass" if expected.verdict == "warn-only" else expected.verdict
    assert str(result.verdict) == verdict, _describe(result)
    if expected.verdict == "warn-only":
        assert result.findings and all(str(f.severity) == "warn" for f in result.findings)
    assert "internal error" not in (result.error or "")


@pytest.mark.parametrize("name", FOUND)
def test_finding_is_located(name: str, scanned: Callable[[str], Any]) -> None:
    """A finding at the exact nested file and part, with the reason the fixture hides."""
    result = scanned(name)
    expected = FIXTURES[name]
    severity = "block" if expected.verdict == "block" else "warn"
    matches = [f for f in result.findings
               if f.location.file == expected.file and str(f.severity) == severity
               and (expected.part is None or f.location.part == expected.part)
               and (expected.rule is None or f.rule == expected.rule)
               and _has_reason(f, expected.reason)]
    assert matches, _describe(result)


def _has_reason(finding: Any, reason: str | None) -> bool:
    if reason is None:
        return True
    if reason == "":  # visible content: personal data with nothing hiding it
        return finding.category == "personal_data" and not finding.hidden
    return reason in [str(h) for h in finding.hidden]


@pytest.mark.parametrize("name", ERRORS)
def test_error_reason(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    assert FIXTURES[name].error in (result.error or ""), _describe(result)
    assert "\n" not in result.error and len(result.error) < 300
    assert not result.findings


def test_notes(scanned: Callable[[str], Any]) -> None:
    for name, expected in FIXTURES.items():
        if expected.note:
            assert any(expected.note in n for n in scanned(name).notes), name


def test_json_never_shows_a_surname(scanned: Callable[[str], Any]) -> None:
    rendered = json_report.render([scanned(n) for n in NAMES])
    json.loads(rendered)
    leaked = sorted(s for s in SURNAMES if s in rendered)
    assert not leaked


def test_evidence_is_masked(scanned: Callable[[str], Any]) -> None:
    victim_words = {VICTIM[0], VICTIM[1], "Glen"}
    for name in ("qp_body", "tnef_rtf_body", "msg_body", "zip_xml"):
        for finding in scanned(name).findings:
            assert not any(w in e for e in finding.evidence for w in victim_words), name


# --- the default policy: what a real reply looks like ----------------------------------------
@pytest.mark.parametrize("builder", [build_clean_reply, build_clean_zip, build_clean_msg])
def test_clean_release_passes_default_policy(builder: Callable[[Path], Path],
                                             tmp_path: Path) -> None:
    result = scan_path(builder(tmp_path), policy=load_policy("default"))
    assert str(result.verdict) == "pass", _describe(result)


def test_requester_address_in_headers_warns(tmp_path: Path) -> None:
    """The reply names its requester in To: expected, so metadata (warn), not a block."""
    result = scan_path(build_clean_reply(tmp_path), policy=load_policy("default"))
    in_headers = [f for f in result.findings if f.location.part == "headers"]
    assert any(f.entity == "EMAIL_ADDRESS" for f in in_headers), _describe(result)
    assert all(str(f.severity) == "warn" and f.hidden == (Hidden.METADATA,) for f in in_headers)


def test_attachment_clean_and_leaky_are_told_apart(scanned: Callable[[str], Any]) -> None:
    """Two attachments called summary.xlsx: only the second (the leaky one) is named."""
    files = {f.location.file for f in scanned("duplicate_names").findings
             if Hidden.HIDDEN_SHEET in f.hidden}
    assert files == {"dupes.eml › summary (2).xlsx"}


def test_preamble_boilerplate_is_not_hidden_text() -> None:
    def hidden(preamble: str) -> list[Any]:
        msg = attach(reply(), b"district,count\nBelfast,12\n", "stats.csv", ("text", "csv"))
        msg.preamble = preamble
        result = scan_bytes(mail_bytes(msg), "p.eml", policy=load_policy("strict"))
        return [f for f in result.findings if Hidden.HIDDEN_TEXT in f.hidden]

    assert not hidden("This is a multi-part message in MIME format.\n")
    assert not hidden("This message is in MIME format. Since your mail reader\ndoes not "
                      "understand this format, some or all of this message may not be legible.")
    found = hidden("This is a multi-part message in MIME format.\nDraft: check with legal\n")
    assert found and found[0].location.part == "MIME structure"


# --- limits -----------------------------------------------------------------------------------
def test_mime_part_limit(tmp_path: Path) -> None:
    path = build_many_parts(tmp_path)
    assert str(scan_path(path).verdict) == "pass"
    result = scan_path(path, limits=Limits(max_parts=5))
    assert result.error == "more than 5 MIME parts"


def test_deadline_is_checked(tmp_path: Path) -> None:
    data = build_clean_reply(tmp_path).read_bytes()
    scan = scan_in_full(data, "reply.eml", deadline=Deadline(0))
    assert "longer than" in (scan.result.error or "")


def test_depth_limit_counts_forwarded_messages() -> None:
    msg = reply()
    for level in range(5):
        outer = reply(subject=f"Fwd {level}", text="Forwarded.\n")
        outer.add_attachment(msg)
        msg = outer
    result = scan_bytes(mail_bytes(msg), "chain.eml")
    assert "nested deeper than 4 levels" in (result.error or ""), _describe(result)


# --- HTML bodies ------------------------------------------------------------------------------
def _runs(markup: str) -> list[tuple[str, tuple[str, ...], str]]:
    return [(t, tuple(str(h) for h in r), w) for t, r, w, _ in html_runs(parse_html(markup))]


def test_html_hiding_rules() -> None:
    runs = _runs(
        "<html><head><title>T</title><meta name='author' content='Jo Bloggs'></head><body>"
        "<p>Seen <b>bold</b> text</p><!-- a note -->"
        "<div style='DISPLAY : none'>gone <span>deep</span></div>after"
        "<p style='font-size:0px'>tiny</p><p style='font-size:0.5em'>small</p>"
        "<p hidden>attr</p><span style='mso-hide:all'>outlook</span>"
        "<img src='x.png' alt='Logo of the unit'></body></html>")
    assert ("Seen bold text", (), "paragraph") in runs
    assert ("a note", ("hidden_text",), "HTML comment") in runs
    assert ("gone deep", ("hidden_text",), "hidden text") in runs
    assert ("after", (), "paragraph") in runs
    assert ("tiny", ("hidden_text",), "hidden text") in runs
    assert ("small", (), "paragraph") in runs
    assert ("attr", ("hidden_text",), "hidden text") in runs
    assert ("outlook", ("hidden_text",), "hidden text") in runs
    assert ("Logo of the unit", ("alt_text",), "alt text") in runs
    assert ("T", ("metadata",), "title") in runs
    assert ("Jo Bloggs", ("metadata",), "meta author") in runs


def test_html_tables_are_grids() -> None:
    markup = ("<p>Before</p><table><tr><th>Surname</th><th colspan=2>Forename</th><th>Unit</th>"
              "</tr><tr><td><p>Kelly</p><p>(acting)</p></td><td>Aoife</td><td></td>"
              "<td><span style='display:none'>CID</span></td></tr></table>")
    cells = {(t, tuple(str(h) for h in r), c) for t, r, _, c in html_runs(parse_html(markup))}
    assert cells >= {("Surname", (), ("table 1", 1, 1)), ("Forename", (), ("table 1", 1, 2)),
                     ("Unit", (), ("table 1", 1, 4)), ("Kelly (acting)", (), ("table 1", 2, 1)),
                     ("Aoife", (), ("table 1", 2, 2)),
                     ("CID", ("hidden_text",), ("table 1", 2, 4)), ("Before", (), None)}


def test_html_table_of_names_blocks(tmp_path: Path) -> None:
    """A table pasted into a reply: its surname column is judged as a column."""
    from tests.fixtures.xlsx_fixtures import OFFICERS

    rows = "".join(f"<tr><td>{o[1]}</td><td>{o[0]}</td><td>{o[2]}</td></tr>" for o in OFFICERS)
    html = (f"<p>Dear requester,</p><table><tr><th>Surname</th><th>Forename</th><th>Rank</th>"
            f"</tr>{rows}</table>")
    result = scan_bytes(mail_bytes(reply(text="Dear requester,\n", html=html)), "t.eml")
    columns = [f for f in result.findings if f.rule.startswith("column.")
               and f.location.part == "body (text/html)"]
    assert columns and columns[0].location.sheet == "MIME part 2, table 1", _describe(result)
    assert str(result.verdict) == "block"


def test_html_deep_nesting() -> None:
    """Read without recursion to libxml2's limit; past it, an error, never text dropped."""
    markup = "<div>" * 2000 + "bottom" + "</div>" * 2000
    assert any(t == "bottom" for t, _, _ in _runs(markup))
    with pytest.raises(InspectionError, match="deeply nested"):
        parse_html("<div>" * 3000 + "bottom")


def test_html_empty() -> None:
    assert html_runs(parse_html("   ")) == []
    assert html_runs(parse_html("")) == []


# --- RTF and TNEF -----------------------------------------------------------------------------
def test_decompress_rtf_example_from_the_spec() -> None:
    """[MS-OXRTFCP] 3.1.3.1: back-references into the preloaded dictionary."""
    example = bytes.fromhex("2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af320"
                            "68656c090020627705b06c647d0a800fa0")
    assert decompress_rtf(example) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    broken = bytearray(example)
    broken[-3] ^= 0xFF
    with pytest.raises(InspectionError, match="corrupt"):
        decompress_rtf(bytes(broken))


def test_compress_rtf_round_trip() -> None:
    rtf = b"{\\rtf1 " + bytes(range(32, 127)) * 3 + b"}"
    assert decompress_rtf(compress_rtf(rtf)) == rtf


def test_rtf_text() -> None:
    rtf = (rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\*\generator Riched20;}\pard "
           rb"Caf\'e9 d\u233?j\u224?\par {\*\htmltag84 <p>}Second{\*\htmltag92 </p>}\par "
           rb"{\pict\pngblip 89504e47}A\tab B\bin4 \x00\x01\x02\x03}")
    assert rtf_text(rtf) == "Café déjà\nSecond\nA\tB"


def test_tnef_checksum_is_checked() -> None:
    tnef = bytearray(tnef_bytes(attachments=[("stats.csv", b"district,count\nBelfast,12\n")]))
    tnef[-10] ^= 0x01
    result = scan_bytes(mail_bytes(attach(reply(), bytes(tnef), "winmail.dat",
                                          ("application", "ms-tnef"))), "t.eml")
    assert "checksum" in (result.error or ""), _describe(result)


# --- names and paragraphs ---------------------------------------------------------------------
def test_unique_name() -> None:
    taken: set[str] = set()
    assert unique_name("summary.xlsx", taken) == "summary.xlsx"
    assert unique_name("Summary.xlsx", taken) == "Summary (2).xlsx"
    assert unique_name("C:\\Users\\me\\summary.xlsx", taken) == "summary (3).xlsx"
    assert unique_name("a › b", taken) == "a > b"
    assert unique_name("", taken) == "unnamed"


def test_paragraphs() -> None:
    assert paragraphs("one\r\ntwo\r\n\r\nthree\n \nfour") == ["one\ntwo", "three", "four"]
    long = "\n".join(["x" * 99] * 100)
    assert all(len(p) <= 4000 for p in paragraphs(long))
    assert "".join(paragraphs(long)).count("x") == 9900


# --- the compound file writer behind the .msg fixtures ----------------------------------------
def test_cfb_writer_round_trip() -> None:
    big = bytes(range(256)) * 40  # over the 4096-byte mini stream cutoff
    tree = {"small": b"abc", "empty": b"", "big": big,
            "Storage": {"inner": b"x" * 100, "Deeper": {"leaf": b"y" * 4096}}}
    with olefile.OleFileIO(cfb_bytes(tree)) as ole:
        assert ole.openstream("small").read() == b"abc"
        assert ole.openstream("empty").read() == b""
        assert ole.openstream("big").read() == big
        assert ole.openstream("Storage/inner").read() == b"x" * 100
        assert ole.openstream("Storage/Deeper/leaf").read() == b"y" * 4096
        assert sorted("/".join(p) for p in ole.listdir()) == [
            "Storage/Deeper/leaf", "Storage/inner", "big", "empty", "small"]


# --- zip details ------------------------------------------------------------------------------
def test_zip_lists_names_and_reads_comments() -> None:
    from foi_guard.formats.base import Context
    from foi_guard.formats.zip import inspect

    data = zip_bytes({"docs/readme.txt": b"Recorded crime\n"}, comment=b"prepared by the unit")
    units = list(inspect(data, Context(Limits(), Deadline(60))))
    assert [(u.value, u.part, u.hidden) for u in units[:2]] == [
        ("prepared by the unit", "file list", (Hidden.METADATA,)),
        ("docs/readme.txt", "file list", ())]
    assert any(u.path == ("docs/readme.txt",) and u.value == "Recorded crime" for u in units)


def test_macos_folder_listing_is_read() -> None:
    """A .DS_Store names the files of the folder it came from, left-out ones included."""
    from foi_guard.formats.base import Context
    from foi_guard.formats.zip import inspect

    ds_store = b"\x00\x00\x00\x01Bud1" + bytes(20) + "withheld_list.xlsx".encode("utf-16-be")
    units = list(inspect(zip_bytes({".DS_Store": ds_store}), Context(Limits(), Deadline(60))))
    assert any(u.value == "withheld_list.xlsx" and u.hidden == (Hidden.METADATA,)
               and u.path == (".DS_Store",) for u in units)


def test_empty_members_are_skipped() -> None:
    result = scan_bytes(zip_bytes({"empty.txt": b"", "stats.xlsx": xlsx("clean")}), "e.zip")
    assert str(result.verdict) == "pass", _describe(result)


# --- damaged files ----------------------------------------------------------------------------
def _mutations(data: bytes, rng: random.Random, count: int) -> list[bytes]:
    out = []
    for _ in range(count):
        damaged = bytearray(data)
        start = rng.randrange(len(damaged))
        if rng.random() < 0.5:
            damaged = damaged[:start]
        else:
            end = min(len(damaged), start + rng.randint(1, 300))
            damaged[start:end] = bytes(rng.randrange(256) for _ in range(end - start))
        out.append(bytes(damaged))
    return out


@pytest.mark.parametrize("name", ["forwarded", "html_hidden", "tnef_attachment",
                                  "tnef_rtf_body", "clean_zip", "msg_embedded", "msg_rtf_only"])
def test_damaged_containers_never_crash(name: str, built: Callable[[str], Path]) -> None:
    """Truncated or overwritten bytes: any verdict, but never an internal error."""
    rng = random.Random(name)
    for damaged in _mutations(built(name).read_bytes(), rng, 25):
        result = scan_bytes(damaged, name)
        assert "internal error" not in (result.error or ""), result.error


def test_python_email_test_messages() -> None:
    """The standard library's own test messages (odd MIME of every kind), when installed:
    read to the end or refused with a reason, never a crash."""
    from foi_guard.formats import eml
    from foi_guard.formats.base import Context

    folder = Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"
    messages = sorted(folder.glob("msg_*.txt"))
    if not messages:
        pytest.skip("the standard library's email test data is not installed")
    read = 0
    for path in messages:
        try:
            items = list(eml.inspect(path.read_bytes(), Context(Limits(), Deadline(30))))
        except InspectionError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            read += 1
            assert items, path.name
    assert read >= len(messages) * 0.9


# --- the real-world corpus --------------------------------------------------------------------
def _manifest(root: Path) -> dict[str, dict[str, str]]:
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return {row["path"]: row for row in csv.DictReader(f, delimiter="\t")}


def test_corpus() -> None:
    """Every corpus file that sniffs as a plain zip (no eml or msg are in it), and a sample of
    all files wrapped in a zip and attached to a reply: the wrapped scan must give the verdict
    the file gives alone, and nothing may end in an internal error."""
    root = corpus_dir()
    if root is None:
        pytest.skip("the real-world corpus (shared/corpus) is not here")
    manifest = _manifest(root)
    start = time.monotonic()
    verdicts: Counter[str] = Counter()
    disagree = []
    for rel, row in sorted(manifest.items()):
        path = root / rel
        if not path.is_file() or sniff(path.read_bytes()) not in ("zip", "eml", "msg"):
            continue
        result = scan_path(path)
        verdicts[str(result.verdict)] += 1
        assert "internal error" not in (result.error or ""), rel
        # an archive no zip reader opens must be an error; openpyxl's refusal of a zip without
        # [Content_Types].xml is not: it is an archive like any other here
        if row["load_error"].startswith("zip:") != (str(result.verdict) == "error"):
            disagree.append((rel, row["load_error"], result.error))
    assert verdicts.total() >= 1 and not disagree, disagree

    files = sorted(root / rel for rel in manifest if (root / rel).is_file())
    mismatched = []
    for path in files[::60]:
        data = path.read_bytes()
        alone = scan_bytes(data, path.name)
        if "internal error" in (alone.error or ""):
            continue  # another reader's fault, reported by its own tests
        member = "file" + path.suffix.lower()
        wrapped = (scan_bytes(zip_bytes({member: data}), "wrapped.zip"),
                   scan_bytes(mail_bytes(attach(reply(), data, member,
                                                ("application", "octet-stream"))), "w.eml"))
        for result in wrapped:
            assert "internal error" not in (result.error or ""), (path, result.error)
            if result.verdict != alone.verdict:
                mismatched.append((str(path.relative_to(root)), str(alone.verdict),
                                   str(result.verdict), result.error))
    assert not mismatched, mismatched
    assert time.monotonic() - start < 120
