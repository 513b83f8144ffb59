"""The web page (foi-guard serve) and the HTML report: verdicts in words, grouped findings with
their explanations, pictures of sheets with masked values, downloads that re-scan clean, and
the page's own safety (CSRF, sizes, headers, password mode, logs). The last tests drive the
real app in a real headless Chromium."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import socket
import sys
import threading
import warnings
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from foi_guard.cli import main
from foi_guard.model import Hidden, Verdict
from foi_guard.pipeline import scan_bytes, scan_in_full
from foi_guard.report import html as html_report
from foi_guard.web import grid
from foi_guard.web.app import WebConfig, create_app
from foi_guard.web.explain import explanations, group_findings, verdict_words
from foi_guard.web.security import (
    CONTENT_SECURITY_POLICY,
    CSRF_COOKIE,
    MAX_FAILURES,
    SESSION_SECONDS,
    AccessFormatter,
    NoTracebackText,
    Sessions,
)
from foi_guard.web.store import Entry, UploadStore
from sample_spreadsheets.make_samples import SURNAMES as PSNI_SURNAMES
from sample_spreadsheets.make_samples import build_psni_style_workforce
from tests.fixtures.docx_fixtures import build_visible_names
from tests.fixtures.xlsx_fixtures import (
    OFFICERS,
    build_clean_stats,
    build_not_a_zip,
    build_truncated,
    new_workbook,
)

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx 0.28 is what we pin
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
FACT_KINDS = ("thumbnail", "ink", "missing_slide", "missing_sheet", "formula_like",
              "mail_defect", "no_text_layer", "defined_name", "macro", "hidden_slide")


# --- helpers ---------------------------------------------------------------------------------

def client_for(config: WebConfig | None = None) -> TestClient:
    client = TestClient(create_app(config or WebConfig()))
    assert client.get("/").status_code == 200  # sets the CSRF cookie
    return client


def csrf(client: TestClient) -> str:
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


def upload(client: TestClient, *paths: Path, token: str | None = None, **kw):
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    data = {} if token == "" else {"csrf": csrf(client) if token is None else token}
    return client.post("/scan", data=data, files=files, **kw)


def tokens(page: str) -> list[str]:
    return re.findall(r'name="token" value="([^"]+)"', page)


def download(client: TestClient, token: str, what: str):
    return client.post("/download", data={"csrf": csrf(client), "token": token, "what": what})


def leaked_surnames(text: str, surnames: set[str]) -> list[str]:
    """Surnames appearing as words, raw or HTML-escaped (O&#39;Neill)."""
    found = []
    for name in surnames:
        for form in {name, html.escape(name)}:
            if re.search(rf"(?<![\w&]){re.escape(form)}(?!\w)", text):
                found.append(name)
    return found


def workbook_surnames(path: Path) -> set[str]:
    """Every value of the 'Surname' column, as the scanner read it."""
    units = scan_in_full(path.read_bytes(), path.name).units
    column = next(u.column for u in units if u.value == "Surname")
    return {u.value for u in units if u.column == column and u.row and u.row > 1
            and u.sheet == "Data"}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("web")
    return {
        "psni": build_psni_style_workforce(root / "psni_style_workforce.xlsx"),
        "clean": build_clean_stats(root / "crime_stats_clean.xlsx"),
        "not_a_zip": build_not_a_zip(root / "not_a_zip.xlsx"),
        "truncated": build_truncated(root / "truncated.xlsx"),
        "word": build_visible_names(root / "visible_names.docx"),
    }


@pytest.fixture(scope="module")
def psni_page(samples: dict[str, Path]) -> tuple[TestClient, str]:
    client = client_for()
    response = upload(client, samples["psni"])
    assert response.status_code == 200
    return client, response.text


# --- the results page ------------------------------------------------------------------------

def test_psni_sample_is_blocked_for_personal_data_in_a_hidden_sheet(psni_page) -> None:
    _client, page = psni_page
    assert "<strong>Do not release</strong>: personal data in a hidden sheet" in page
    assert re.search(r'<h4 id="file-1-g-1" class="group-title">\s*<span class="badge '
                     r'badge-block">Blocks release</span>\s*Hidden sheets', page)
    assert "Where it hides" in page and "How to fix it by hand" in page
    assert "sheet &#39;Data&#39;, range A2:A201, column A &#39;Surname&#39;" in page


def test_the_picture_marks_the_hidden_sheet_and_flags_its_cells(psni_page) -> None:
    _client, page = psni_page
    figures = re.findall(r'<figure class="picture[^"]*".*?</figure>', page, re.S)
    (data,) = [f for f in figures if "Sheet “Data”" in f]
    assert data.startswith('<figure class="picture picture-hidden"')
    assert '<span class="tag tag-strong">hidden sheet</span>' in data
    assert "Hidden from anyone opening the file." in data
    assert re.search(r'<li class="tab tab-hidden">Data <span class="tag">hidden sheet</span>',
                     page)
    assert data.count('class="flag-personal"') == 49 * 6  # rows 2-50 of the first 50, 6 columns
    assert "rows 51–201 not shown (151 rows with data)" in data
    assert "… 151 more rows not shown" in data
    assert figures.index(data) == 0  # the hidden sheet comes first


def test_no_surname_from_the_workbook_appears_anywhere(psni_page, samples) -> None:
    _client, page = psni_page
    surnames = workbook_surnames(samples["psni"])
    assert len(surnames) > 20 and surnames <= set(PSNI_SURNAMES)
    assert leaked_surnames(page, surnames) == []


def test_clean_statistics_are_cleared(samples) -> None:
    page = upload(client_for(), samples["clean"]).text
    assert "<strong>Cleared for release</strong>" in page
    assert "Do not release" not in page
    assert 'class="verdict verdict-pass"' in page


@pytest.mark.parametrize("name", ["not_a_zip", "truncated"])
def test_a_corrupt_file_gets_a_clear_error(samples, name: str) -> None:
    page = upload(client_for(), samples[name]).text
    expected = scan_bytes(samples[name].read_bytes(), name).error
    assert expected
    assert f"<strong>Could not be checked</strong>: {html.escape(expected)}" in page
    assert "has <strong>not</strong> been cleared" in page
    assert 'name="token"' not in page  # nothing kept, nothing to download


def test_several_files_at_once_each_with_its_verdict(samples) -> None:
    page = upload(client_for(), samples["psni"], samples["clean"], samples["not_a_zip"]).text
    assert "3 files checked" in page
    verdicts = re.findall(r'class="verdict-text"><strong>([^<]+)</strong>', page)
    assert verdicts == ["Do not release", "Cleared for release", "Could not be checked"]


def test_file_names_are_escaped(tmp_path: Path, samples) -> None:
    hostile = tmp_path / "<img src=x onerror=alert(1)>.xlsx"
    shutil.copy(samples["clean"], hostile)
    page = upload(client_for(), hostile).text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.xlsx" in page


def test_headings_are_in_order_and_the_page_says_its_language(psni_page) -> None:
    _client, page = psni_page
    assert '<html lang="en">' in page
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", page)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels


def test_every_form_control_is_labelled() -> None:
    page = client_for().get("/").text
    controls = re.findall(r'<input (?![^>]*type="hidden")[^>]*id="([^"]+)"', page)
    assert controls == ["requester", "files"]
    assert '<label class="dropzone-label" id="dropzone-label" for="files">' in page
    assert '<label for="requester">' in page
    assert 'aria-describedby="files-help"' in page
    assert 'aria-describedby="requester-help"' in page


# --- downloads -------------------------------------------------------------------------------

def test_the_redacted_copy_passes_and_the_original_is_then_forgotten(samples) -> None:
    client = client_for()
    token = tokens(upload(client, samples["psni"]).text)[0]
    report = download(client, token, "redaction-report")
    assert report.status_code == 200 and report.headers["content-type"] == "application/json"
    changes = json.loads(report.text)
    assert changes["ok"] and {"action": "removed sheet", "sheet": "Data"} in changes["changes"]
    assert changes["input"] == "psni_style_workforce.xlsx"
    copy = download(client, token, "redacted-xlsx")
    assert copy.status_code == 200
    assert 'filename="psni_style_workforce.redacted.xlsx"' in copy.headers["content-disposition"]
    assert scan_bytes(copy.content, "redacted.xlsx").verdict == Verdict.PASS
    again = download(client, token, "redacted-xlsx")
    assert again.content == copy.content  # the proven copy can be downloaded again
    other = download(client, token, "redacted-csv")
    assert other.status_code == 410 and "no longer held" in other.text  # original gone
    surnames = workbook_surnames(samples["psni"])
    assert leaked_surnames(report.text, surnames) == []


def test_csv_copy_and_html_report(samples) -> None:
    client = client_for()
    token = tokens(upload(client, samples["psni"]).text)[0]
    copy = download(client, token, "redacted-csv")
    assert copy.headers["content-type"].startswith("text/csv")
    assert scan_bytes(copy.content, "redacted.csv").verdict == Verdict.PASS
    assert "Workforce by rank and grade" in copy.text
    report = download(client, token, "report-html")
    assert report.headers["content-disposition"].startswith("attachment;")
    assert "<script" not in report.text and "Do not release" in report.text


def test_a_word_document_is_redacted_to_docx(samples) -> None:
    client = client_for()
    page = upload(client, samples["word"]).text
    assert "Do not release" in page and 'value="redacted-docx"' in page
    copy = download(client, tokens(page)[0], "redacted-docx")
    assert copy.status_code == 200
    assert scan_bytes(copy.content, "redacted.docx").verdict == Verdict.PASS


def test_a_token_is_useless_to_another_browser_and_after_forgetting(samples) -> None:
    owner, stranger = client_for(), client_for()
    token = tokens(upload(owner, samples["psni"]).text)[0]
    assert download(stranger, token, "report-html").status_code == 410
    forgotten = owner.post("/forget", data={"csrf": csrf(owner), "token": token})
    assert forgotten.status_code == 200 and "1 file(s) deleted" in forgotten.text
    assert download(owner, token, "report-html").status_code == 410


def test_the_store_expires_entries_and_keeps_within_its_cap() -> None:
    now = [0.0]
    store = UploadStore(max_bytes=100, max_seconds=60, clock=lambda: now[0])
    result = scan_bytes(b"a,b\n1,2\n", "x.csv")

    def entry(size: int, owner: str = "me") -> Entry:
        return Entry("x.csv", owner, result, "workbook", b"x" * size)

    first = store.put(entry(60))
    assert first and store.get(first, "me") is not None
    assert store.get(first, "someone else") is None
    second = store.put(entry(60))  # over the cap: the least recently used goes
    assert second and store.get(first, "me") is None and store.get(second, "me") is not None
    assert store.put(entry(101)) is None  # larger than the whole store: not kept
    now[0] = 61.0
    assert store.get(second, "me") is None and len(store) == 0


# --- the page's own safety -------------------------------------------------------------------

@pytest.mark.parametrize("token", ["", "wrong"])
def test_an_upload_without_the_csrf_token_is_refused(samples, token: str) -> None:
    client = client_for()
    response = upload(client, samples["psni"], token=token)
    assert response.status_code == 403
    assert "Form refused" in response.text and "Do not release" not in response.text


def test_a_post_without_the_csrf_cookie_is_refused(samples) -> None:
    client = client_for()
    token = csrf(client)
    client.cookies.clear()
    assert upload(client, samples["psni"], token=token).status_code == 403
    for path in ("/download", "/forget"):
        assert client.post(path, data={"csrf": token, "token": "x"}).status_code == 403


def test_downloads_and_forgetting_need_the_csrf_token(samples) -> None:
    client = client_for()
    token = tokens(upload(client, samples["psni"]).text)[0]
    refused = client.post("/download", data={"csrf": "forged", "token": token,
                                              "what": "redacted-xlsx"})
    assert refused.status_code == 403
    assert client.post("/forget", data={"token": token}).status_code == 403
    assert download(client, token, "report-html").status_code == 200  # still held


def test_oversize_uploads_are_refused_with_413(samples) -> None:
    size = samples["psni"].stat().st_size
    per_file = client_for(WebConfig(max_file_bytes=size - 1))
    response = upload(per_file, samples["psni"])
    assert response.status_code == 413
    assert "Too large to check here: psni_style_workforce.xlsx" in response.text
    per_request = client_for(WebConfig(max_request_bytes=size // 2))
    response = upload(per_request, samples["psni"])
    assert response.status_code == 413 and "The upload is too large" in response.text
    count = client_for(WebConfig(max_files=1))
    response = upload(count, samples["clean"], samples["clean"])
    assert response.status_code == 413 and "Too many files: up to 1" in response.text


def test_no_file_chosen_is_a_clear_message() -> None:
    client = client_for()
    response = client.post("/scan", data={"csrf": csrf(client)},
                           files=[("files", ("", b"", "application/octet-stream"))])
    assert response.status_code == 400 and "Choose one or more files" in response.text


def test_security_headers_on_every_page(psni_page) -> None:
    client, _page = psni_page
    for response in (client.get("/"), client.get("/static/style.css"),
                     client.get("/nowhere")):
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "server" not in response.headers
    assert client.get("/").headers["cache-control"].startswith("no-store")
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_results_are_not_cached_and_the_cookie_is_strict(samples) -> None:
    client = TestClient(create_app())
    first = client.get("/")
    cookie = first.headers["set-cookie"].lower()
    assert "samesite=strict" in cookie and "httponly" in cookie and "path=/" in cookie
    response = upload(client, samples["clean"])
    assert response.headers["cache-control"].startswith("no-store")


def test_pages_load_nothing_from_other_hosts(psni_page) -> None:
    client, page = psni_page
    for text in (page, client.get("/").text):
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
        assert re.findall(r"<script[^>]*>", text) == [
            '<script src="/static/dropzone.js" defer>']
        assert " style=" not in text and "<style" not in text  # CSP: style-src 'self'
    assert client.get("/static/dropzone.js").status_code == 200


def test_password_mode(samples) -> None:
    client = TestClient(create_app(WebConfig(password="correct horse")),
                        follow_redirects=False)
    assert client.get("/").headers["location"] == "/login"
    assert client.get("/login").status_code == 200
    wrong = client.post("/login", data={"csrf": csrf(client), "password": "guess"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    assert upload(client, samples["clean"]).status_code == 303  # not signed in
    right = client.post("/login", data={"csrf": csrf(client), "password": "correct horse"})
    assert right.status_code == 303 and "samesite=strict" in right.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200
    assert "Cleared for release" in upload(client, samples["clean"]).text
    client.post("/logout", data={"csrf": csrf(client)})
    assert client.get("/").status_code == 303


def test_failed_logins_are_rate_limited() -> None:
    client = TestClient(create_app(WebConfig(password="secret")), follow_redirects=False)
    client.get("/login")
    codes = [client.post("/login", data={"csrf": csrf(client), "password": "no"}).status_code
             for _ in range(MAX_FAILURES + 1)]
    assert codes == [401] * MAX_FAILURES + [429]
    late = client.post("/login", data={"csrf": csrf(client), "password": "secret"})
    assert late.status_code == 429  # even the right password waits


def test_session_cookies_are_signed_and_expire() -> None:
    now = [1_000_000.0]
    sessions = Sessions("pw", clock=lambda: now[0])
    cookie = sessions.issue()
    assert sessions.valid(cookie)
    issued, nonce, signature = cookie.split(".")
    assert not sessions.valid(f"{int(issued) + 1}.{nonce}.{signature}")
    assert not Sessions("pw").valid(cookie)  # another process's secret
    now[0] += SESSION_SECONDS + 1
    assert not sessions.valid(cookie)


def test_the_access_log_shows_method_path_and_status_only() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("192.0.2.7:5123", "POST", "/scan?name=Smith.xlsx", "1.1", 200),
                               None)
    line = AccessFormatter("%(message)s").format(record)
    assert line == "POST /scan 200"


def test_tracebacks_in_the_error_log_are_cut_to_type_and_line() -> None:
    try:
        raise ValueError("cell value McLaughlin")
    except ValueError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                                   "Exception in ASGI application", (), sys.exc_info())
    assert NoTracebackText().filter(record)
    line = logging.Formatter("%(message)s").format(record)
    assert line.startswith("Exception in ASGI application (ValueError at ")
    assert "McLaughlin" not in line and "Traceback" not in line


# --- pictures of sheets ----------------------------------------------------------------------

def test_hidden_rows_beyond_the_cap_are_brought_into_view(tmp_path: Path) -> None:
    wb: Workbook = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["District", "Recorded crimes"])
    for n in range(2, 121):
        ws.append([f"District {n}", n * 3])
    ws["A100"], ws["B100"] = "Complainant", f"{OFFICERS[0][0]} {OFFICERS[0][1]}"
    ws.row_dimensions[100].hidden = True
    ws.column_dimensions["D"].hidden = True
    ws["D5"] = OFFICERS[1][1]
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    (picture,) = grid.pictures(scan_in_full(path.read_bytes(), path.name))
    lines = {r.line.number: r for r in picture.rows if not r.line.gap}
    assert lines[100].line.reasons == ("hidden_row",)
    assert max(n for n in lines if n < 100) == grid.MAX_ROWS
    gaps = [r.line for r in picture.rows if r.line.gap]
    assert [(g.number, g.gap_end, g.gap_with_data) for g in gaps] == [(51, 99, 49),
                                                                     (101, 120, 20)]
    column_d = next(c for c in picture.columns if c.number == 4)
    assert column_d.reasons == ("hidden_column",)
    assert picture.rows_left_out == 120 - grid.MAX_ROWS - 1
    assert all(c.text in ("", "*") or "*" in c.text for r in picture.rows for c in r.cells)


# --- explanations and the HTML report --------------------------------------------------------

def test_explanations_cover_every_hidden_reason_and_fact() -> None:
    known = explanations()
    missing = [str(h) for h in Hidden if str(h) not in known]
    assert missing == []
    for key in ("personal_data", "small_number", *FACT_KINDS):
        assert key in known, key
    for entry in known.values():
        assert entry.title and entry.place and entry.what and entry.why and entry.fix


def test_verdict_words(samples) -> None:
    psni = scan_bytes(samples["psni"].read_bytes(), "psni.xlsx")
    assert verdict_words(psni) == "Do not release: personal data in a hidden sheet"
    assert group_findings(psni.findings)[0].key == "hidden_sheet"
    assert group_findings(psni.findings)[0].values == 1206
    clean = scan_bytes(samples["clean"].read_bytes(), "clean.xlsx")
    assert verdict_words(clean) == "Cleared for release"
    broken = scan_bytes(samples["not_a_zip"].read_bytes(), "broken.xlsx")
    assert verdict_words(broken) == f"Could not be checked: {broken.error}"


def test_scan_format_html_writes_a_self_contained_report(tmp_path: Path, samples) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["scan", "--format", "html", "--output", str(out),
                                       str(samples["psni"]), str(samples["clean"]),
                                       str(samples["not_a_zip"])])
    assert result.exit_code == 2, result.output
    report = out.read_text(encoding="utf-8")
    assert report.startswith("<!doctype html>") and '<html lang="en">' in report
    assert "<script" not in report and "<link" not in report and "<style>" in report
    assert not re.search(r"https?://", report)
    assert "@import" not in report
    for words in ("Do not release", "Cleared for release", "Could not be checked"):
        assert words in report
    assert "How to fix it by hand" in report and "Hidden sheets" in report
    assert leaked_surnames(report, workbook_surnames(samples["psni"])) == []


def test_html_report_renders_an_empty_run() -> None:
    assert "0 files checked" in html_report.render([])


# --- a real browser --------------------------------------------------------------------------

def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[dev]'"
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return ("chromium is not installed: apt-get install chromium chromium-driver "
                "(see .ci/run)")
    return None


browser = pytest.mark.skipif(_browser_missing() is not None,
                             reason=_browser_missing() or "")


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """The real app under uvicorn on a free port; the socket listens before the thread
    starts, so the first request queues instead of racing the start-up."""
    import uvicorn

    from foi_guard.web.security import log_config

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), log_config=log_config(),
                                           server_header=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def chrome(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1280,1400", "--disable-gpu"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _check(driver, base: str, path: Path) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/")
    driver.find_element(By.ID, "files").send_keys(str(path))
    assert path.name in driver.find_element(By.ID, "chosen").text  # our script listed it
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR,
                                                                    ".verdict")))
    return driver.find_element(By.CSS_SELECTOR, ".verdict").text


@browser
def test_browser_psni_blocked_with_picture_screenshot_and_download(live_server, chrome,
                                                                   samples) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    verdict = _check(chrome, live_server, samples["psni"])
    assert "Do not release: personal data in a hidden sheet" in verdict
    titles = [h.text for h in chrome.find_elements(By.CSS_SELECTOR, ".group-title")]
    assert any("Hidden sheets" in t and "BLOCKS RELEASE" in t.upper() for t in titles)
    hidden = chrome.find_element(By.CSS_SELECTOR, ".picture-hidden .picture-title")
    assert "Data" in hidden.text and "HIDDEN SHEET" in hidden.text.upper()
    hatched = chrome.find_element(By.CSS_SELECTOR, ".picture-hidden td.flag-personal")
    assert "repeating-linear-gradient" in hatched.value_of_css_property("background-image")
    assert chrome.get_log("browser") == []  # no CSP violations, no script errors
    surnames = workbook_surnames(samples["psni"])
    assert leaked_surnames(chrome.page_source, surnames) == []

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "web-psni-results.png"
    for _ in range(2):  # the height changes once the window no longer needs a scroll bar
        height = chrome.execute_script("return document.documentElement.scrollHeight")
        chrome.set_window_size(1280, min(height + 140, 8000))  # + the window's own chrome
    chrome.save_screenshot(str(shot))
    chrome.set_window_size(1280, 1400)
    print(f"\nscreenshot of the results page: {shot}")
    assert shot.stat().st_size > 10_000

    chrome.find_element(By.CSS_SELECTOR, 'button[value="redacted-xlsx"]').click()
    target = chrome.downloads / "psni_style_workforce.redacted.xlsx"
    WebDriverWait(chrome, 30).until(lambda _d: target.exists() and not any(
        p.suffix == ".crdownload" for p in chrome.downloads.iterdir()))
    result = CliRunner().invoke(main, ["scan", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("PASS")


@browser
def test_browser_clean_table_is_cleared(live_server, chrome, samples) -> None:
    assert "Cleared for release" in _check(chrome, live_server, samples["clean"])


@browser
def test_browser_corrupt_file_is_a_clear_error(live_server, chrome, samples) -> None:
    verdict = _check(chrome, live_server, samples["truncated"])
    assert "Could not be checked: " in verdict
    assert len(verdict.split("Could not be checked: ", 1)[1]) > 5


@browser
def test_browser_keyboard_reaches_the_drop_zone_the_file_input_and_the_button(
        live_server, chrome) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    chrome.get(live_server + "/")
    chrome.execute_script("document.activeElement.blur()")
    reached = []
    for _ in range(8):
        ActionChains(chrome).send_keys(Keys.TAB).perform()
        reached.append(chrome.execute_script(
            "var e = document.activeElement; return e.id || e.className || e.tagName;"))
    assert reached.index("dropzone-label") < reached.index("files") < reached.index("check")
    unlabelled = chrome.execute_script(
        "return Array.from(document.querySelectorAll('input:not([type=hidden]), button, "
        "select, textarea')).filter(e => !(e.labels && e.labels.length) && "
        "!e.textContent.trim() && !e.getAttribute('aria-label')).length;")
    assert unlabelled == 0
    label = chrome.find_element("id", "dropzone-label")
    assert label.get_attribute("tabindex") == "0" and label.get_attribute("role") == "button"


def test_the_requester_field_says_whose_own_details_the_reply_may_carry(tmp_path: Path) -> None:
    from tests.test_correspondence import docx_bytes, letter

    reply = tmp_path / "reply.docx"
    reply.write_bytes(docx_bytes(letter()))
    client = client_for()

    def verdict(requester: str) -> str:
        files = [("files", (reply.name, reply.read_bytes(), "application/octet-stream"))]
        page = client.post("/scan", data={"csrf": csrf(client), "requester": requester},
                           files=files).text
        return "pass" if "Cleared for release" in page else "block"

    assert verdict("John Smith <j.smith@example.com>") == "pass"
    assert verdict("Anne Brown <a.brown@example.org>") == "block"
    assert verdict("") == "pass"  # the addressee is read from the letter
