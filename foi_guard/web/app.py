"""The web page: upload files, see for each the verdict in words, the findings grouped by where
they hide with what to do about them, and a picture of each affected sheet; download a redacted
copy, the redaction report and an HTML report.

Pages are rendered on the server (Jinja2); the only script is static/dropzone.js (drag and
drop), and every form works without it. Scans run in worker threads, a few at a time.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, quote

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from foi_guard.limits import Limits, MiB
from foi_guard.model import FileResult, Verdict
from foi_guard.pipeline import scan_in_full
from foi_guard.policy import Policy, load_policy, with_recipients
from foi_guard.profile import parse_requester
from foi_guard.report import html as html_report
from foi_guard.report.redaction import redaction_json
from foi_guard.sniff import sniff
from foi_guard.web import grid
from foi_guard.web.explain import group_findings, verdict_words, warnings_count
from foi_guard.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    SESSION_SECONDS,
    LoginThrottle,
    SecurityHeaders,
    Sessions,
    cookie_options,
    csrf_matches,
    new_csrf_token,
)
from foi_guard.web.store import Download, Entry, Redacted, UploadStore
from foi_guard.web.templating import STATIC, environment
from foi_guard.web.upload import Refused, UploadLimits, megabytes, read_upload

MAX_FORM_BYTES = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPIRED = ("This file is no longer held here. Files are forgotten {minutes} minutes after "
           "they were checked, when their redacted copy has been downloaded, or when you asked. "
           "Upload it again to download more.")
BAD_FORM = ("This form has expired or did not come from this page. Go back, reload the page "
            "and try again.")


@dataclass(slots=True)
class WebConfig:
    """Everything `foi-guard serve` can set."""

    policy: Policy | None = None
    limits: Limits = field(default_factory=lambda: Limits(max_seconds=60.0))
    max_file_bytes: int = 50 * MiB
    max_request_bytes: int = 200 * MiB
    max_files: int = 20
    store_bytes: int = 512 * MiB
    store_seconds: float = 15 * 60
    password: str | None = None
    scan_threads: int = 2


@dataclass(slots=True)
class FileView:
    """One checked file, as the results page shows it."""

    number: int
    name: str
    result: FileResult
    verdict: str
    groups: list
    pictures: list[grid.Picture]
    tabs: list[grid.TabBar]
    warnings: int
    kind: str | None
    token: str | None = None
    not_kept: bool = False

    @property
    def css(self) -> str:
        return str(self.result.verdict)


class FoiGuardApp:
    """The routes and their state: the store of uploads, sessions and limits."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.policy = config.policy or load_policy()
        self.limits = replace(config.limits, max_file_bytes=min(config.limits.max_file_bytes,
                                                                config.max_file_bytes))
        self.upload_limits = UploadLimits(config.max_file_bytes, config.max_request_bytes,
                                          config.max_files)
        self.store = UploadStore(config.store_bytes, config.store_seconds)
        self.sessions = Sessions(config.password) if config.password else None
        self.throttle = LoginThrottle()
        self.scan_limiter = anyio.CapacityLimiter(config.scan_threads)
        self.templates = Jinja2Templates(env=environment())

    # --- plumbing -------------------------------------------------------------------------

    def page(self, request: Request, template: str, status: int = 200, **context: object
             ) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
        context.update(csrf=token, config=self.config, megabytes=megabytes,
                       password_mode=self.sessions is not None,
                       logged_in=self.logged_in(request))
        response = self.templates.TemplateResponse(request, template, context,
                                                   status_code=status)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, **cookie_options(_secure(request)))
        return response

    def message(self, request: Request, status: int, title: str, text: str) -> Response:
        return self.page(request, "message.html", status, title=title, text=text)

    def expired(self, request: Request) -> Response:
        minutes = round(self.config.store_seconds / 60)
        return self.message(request, 410, "File no longer held", EXPIRED.format(minutes=minutes))

    def logged_in(self, request: Request) -> bool:
        return self.sessions is None or self.sessions.valid(request.cookies.get(SESSION_COOKIE))

    async def small_form(self, request: Request) -> dict[str, list[str]]:
        """An urlencoded form of a few fields, read with a cap (Starlette's parser has none)."""
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise Refused(413, "The form sent too much.")
        return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)

    async def checked_form(self, request: Request) -> dict[str, list[str]]:
        form = await self.small_form(request)
        if not csrf_matches(request.cookies.get(CSRF_COOKIE), _one(form, CSRF_FIELD)):
            raise Refused(403, BAD_FORM)
        return form

    # --- pages ----------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        if not self.logged_in(request):
            return RedirectResponse("/login", status_code=303)
        return self.page(request, "index.html")

    async def scan(self, request: Request) -> Response:
        if not self.logged_in(request):
            return RedirectResponse("/login", status_code=303)
        cookie = request.cookies.get(CSRF_COOKIE)

        def check(fields: dict[str, str]) -> None:
            if not csrf_matches(cookie, fields.get(CSRF_FIELD)):
                raise Refused(403, BAD_FORM)

        try:
            fields, uploads = await read_upload(
                request.headers.get("content-type"), request.headers.get("content-length"),
                request.stream(), self.upload_limits, check)
        except Refused as exc:
            return self.refused(request, exc)
        if not uploads:
            return self.message(request, 400, "No file chosen",
                                "Choose one or more files to check, then press Check files.")
        try:
            policy = self.policy_for(fields.get("requester", ""))
        except ValueError:
            return self.message(request, 400, "Requester not understood",
                                "Give the requester as a name, an email address or both, "
                                "such as John Smith <j.smith@example.com>.")
        views = []
        for number, upload in enumerate(uploads, 1):
            view = await anyio.to_thread.run_sync(
                self.check_file, number, upload.name, upload.data, cookie or "", policy,
                limiter=self.scan_limiter)
            views.append(view)
        return self.page(request, "results.html", files=views,
                         overall=Verdict.worst([v.result.verdict for v in views]))

    def policy_for(self, requester: str) -> Policy:
        """The policy for an upload: its requester's own details, when given, go to them."""
        if not requester.strip():
            return self.policy
        return with_recipients(self.policy, (parse_requester(requester),))

    def check_file(self, number: int, name: str, data: bytes, owner: str,
                   policy: Policy | None = None) -> FileView:
        policy = policy or self.policy
        scan = scan_in_full(data, name, policy, self.limits)
        result = scan.result
        kind = None
        if result.verdict != Verdict.ERROR:
            kind = "document" if sniff(data) == "docx" else "workbook" if scan.sheets else None
        view = FileView(number, name, result, verdict_words(result),
                        group_findings(result.findings), grid.pictures(scan),
                        grid.tab_bars(scan), warnings_count(result), kind)
        if result.verdict != Verdict.ERROR:
            entry = Entry(name, owner, result, kind, data if kind else None, policy)
            view.token = self.store.put(entry)
            view.not_kept = view.token is None
        return view

    async def download(self, request: Request) -> Response:
        if not self.logged_in(request):
            return RedirectResponse("/login", status_code=303)
        try:
            form = await self.checked_form(request)
        except Refused as exc:
            return self.refused(request, exc)
        token, what = _one(form, "token") or "", _one(form, "what") or ""
        entry = self.store.get(token, request.cookies.get(CSRF_COOKIE) or "")
        if entry is None:
            return self.expired(request)
        if what == "report-html":
            body = html_report.render([entry.result]).encode()
            return _attachment(Download(f"{_stem(entry.name)}.foi-guard.html",
                                        "text/html; charset=utf-8", body))
        fmt = what.removeprefix("redacted-") if what.startswith("redacted-") else None
        if what == "redaction-report":
            fmt = next(iter(entry.redactions), None) or _default_format(entry)
        if fmt not in _formats(entry):
            return self.message(request, 400, "Nothing to download",
                                "This file cannot be redacted here: redact it by hand.")
        redacted = entry.redactions.get(fmt)
        if redacted is None:
            if entry.data is None:
                return self.expired(request)
            redacted = await anyio.to_thread.run_sync(
                self.redact_entry, entry, fmt, limiter=self.scan_limiter)
            entry.redactions[fmt] = redacted
            self.store.changed(token)
        if what == "redaction-report":
            return _attachment(redacted.report)
        if not redacted.ok or redacted.copy is None:
            return self.message(request, 422, "No redacted copy",
                                f"A redacted copy could not be made: {redacted.error}")
        entry.data = None  # the original is not kept once its safe copy has gone out
        self.store.changed(token)
        return _attachment(redacted.copy)

    def redact_entry(self, entry: Entry, fmt: str) -> Redacted:
        """Redact in a private temporary folder (0700), removed before returning."""
        from foi_guard.redact import redact

        folder = Path(tempfile.mkdtemp(prefix="foi-guard-web-"))
        try:
            suffix = ".docx" if entry.kind == "document" else ".xlsx"
            source = folder / f"upload{suffix}"
            source.write_bytes(entry.data or b"")
            target = folder / f"upload.redacted.{fmt}"
            job = redact(source, target, None if fmt == "docx" else fmt,
                         entry.policy or self.policy, self.limits)
            stem = _stem(entry.name)
            files = [(Path(p).name.replace("upload", stem, 1), Path(p).read_bytes())
                     for p in job.outputs]
            job.input = entry.name
            job.outputs = [n for n, _ in files]
            for rescan, (name, _) in zip(job.rescans, files, strict=False):
                rescan.path = name
            report = Download(f"{stem}.redaction.json", "application/json",
                              redaction_json(job).encode())
            copy = _copy(files, fmt, stem) if job.ok and files else None
            return Redacted(job.ok and copy is not None, job.error, copy, report)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    async def forget(self, request: Request) -> Response:
        if not self.logged_in(request):
            return RedirectResponse("/login", status_code=303)
        try:
            form = await self.checked_form(request)
        except Refused as exc:
            return self.refused(request, exc)
        owner = request.cookies.get(CSRF_COOKIE) or ""
        gone = sum(self.store.forget(t, owner) for t in form.get("token", []))
        return self.message(request, 200, "Files forgotten",
                            f"{gone} file(s) deleted from this server's memory.")

    # --- password mode --------------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        if self.sessions is None or self.logged_in(request):
            return RedirectResponse("/", status_code=303)
        return self.page(request, "login.html")

    async def login(self, request: Request) -> Response:
        if self.sessions is None:
            return RedirectResponse("/", status_code=303)
        client = request.client.host if request.client else "unknown"
        wait = self.throttle.wait(client)
        if wait:
            minutes = max(1, round(wait / 60))
            return self.message(request, 429, "Too many attempts",
                                f"Too many wrong passwords. Try again in {minutes} minute(s).")
        try:
            form = await self.checked_form(request)
        except Refused as exc:
            return self.refused(request, exc)
        if not self.sessions.password_ok(_one(form, "password") or ""):
            self.throttle.failed(client)
            return self.page(request, "login.html", 401, failed=True)
        self.throttle.succeeded(client)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, self.sessions.issue(),
                            **cookie_options(_secure(request), SESSION_SECONDS))
        return response

    async def logout(self, request: Request) -> Response:
        try:
            await self.checked_form(request)
        except Refused as exc:
            return self.refused(request, exc)
        if self.sessions is not None:
            self.sessions.revoke(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login" if self.sessions else "/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # --- errors ---------------------------------------------------------------------------

    def refused(self, request: Request, exc: Refused) -> Response:
        titles = {400: "Cannot read the upload", 403: "Form refused", 413: "Too large",
                  429: "Too many attempts"}
        return self.message(request, exc.status, titles.get(exc.status, "Refused"), str(exc))

    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        texts = {404: ("Not found", "There is no such page here."),
                 405: ("Not allowed", "Use the form on the front page.")}
        title, text = texts.get(status, ("Something went wrong",
                                         "The page failed. Nothing was kept; please try again."))
        return self.message(request, status, title, text)

    def starlette(self) -> Starlette:
        routes = [
            Route("/", self.index, methods=["GET"]),
            Route("/scan", self.scan, methods=["POST"]),
            Route("/download", self.download, methods=["POST"]),
            Route("/forget", self.forget, methods=["POST"]),
            Route("/login", self.login_page, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", self.logout, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]
        handlers = {404: self.http_error, 405: self.http_error, 500: self.http_error}
        app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                        exception_handlers=handlers)  # type: ignore[arg-type]
        app.state.foi_guard = self
        return app


def create_app(config: WebConfig | None = None) -> Starlette:
    return FoiGuardApp(config or WebConfig()).starlette()


def serve(config: WebConfig, host: str = "127.0.0.1", port: int = 8080) -> None:
    import uvicorn

    from foi_guard.web.security import log_config

    uvicorn.run(create_app(config), host=host, port=port, log_config=log_config(),
                server_header=False, proxy_headers=True)


def _one(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _stem(name: str) -> str:
    stem = Path(name).stem or "file"
    return "".join(c if c.isalnum() or c in " -_." else "_" for c in stem).strip() or "file"


def _formats(entry: Entry) -> tuple[str, ...]:
    return {"workbook": ("xlsx", "csv"), "document": ("docx",)}.get(entry.kind or "", ())


def _default_format(entry: Entry) -> str | None:
    formats = _formats(entry)
    return formats[0] if formats else None


def _copy(files: list[tuple[str, bytes]], fmt: str, stem: str) -> Download:
    """The redacted file; several CSV files (one per sheet) in one zip."""
    if len(files) == 1:
        name, body = files[0]
        media = {"xlsx": XLSX_TYPE, "docx": DOCX_TYPE}.get(fmt, "text/csv; charset=utf-8")
        return Download(name, media, body)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files:
            archive.writestr(name, body)
    return Download(f"{stem}.redacted.csv.zip", "application/zip", buffer.getvalue())


def _attachment(download: Download) -> Response:
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_"
                         for c in download.filename)
    disposition = (f"attachment; filename=\"{ascii_name}\"; "
                   f"filename*=UTF-8''{quote(download.filename, safe='')}")
    return Response(download.body, media_type=download.media_type,
                    headers={"content-disposition": disposition})
