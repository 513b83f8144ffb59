"""The page's own safety: CSRF tokens, the shared-password mode, response headers and logs.

CSRF: each browser gets a random token in a cookie (HttpOnly, SameSite=Strict); every form
carries it in a hidden field and a POST is refused (403) unless the two match
(hmac.compare_digest). SameSite=Strict alone already keeps other sites' forms from sending the
cookie; the field guards against browsers and proxies that do not honour it.

Password mode (a team deployment behind a reverse proxy): a login form; a correct password
gives a session cookie signed with HMAC-SHA256 under a secret drawn at random when the process
starts (restarting the server logs everyone out), expiring after SESSION_SECONDS. Failed logins
are limited per client address (behind a proxy: for everyone together), MAX_FAILURES in
FAILURE_WINDOW seconds, then refused (429) until the window has passed.

Logs: uvicorn's access log is reduced to method, path (query string dropped) and status, with
no client address; paths never hold file names (downloads are POSTs with the token in the
body). Tracebacks in the error log are cut to the exception's type and where it was raised,
since an exception's message can quote data.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

CSRF_COOKIE = "foi_guard_csrf"
CSRF_FIELD = "csrf"
SESSION_COOKIE = "foi_guard_session"
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(cookie: str | None, field: str | None) -> bool:
    if not cookie or not field:
        return False
    return hmac.compare_digest(cookie.encode(), field.encode())


def cookie_options(secure: bool, max_age: int | None = None) -> dict[str, Any]:
    return {"httponly": True, "samesite": "strict", "secure": secure, "path": "/",
            "max_age": max_age}


class Sessions:
    """Signed, expiring session cookies for the shared-password mode."""

    def __init__(self, password: str, clock: Callable[[], float] = time.time) -> None:
        self._password = hashlib.sha256(password.encode()).digest()
        self._secret = secrets.token_bytes(32)
        self.clock = clock
        self._revoked: set[str] = set()

    def password_ok(self, attempt: str) -> bool:
        return hmac.compare_digest(hashlib.sha256(attempt.encode()).digest(), self._password)

    def issue(self) -> str:
        body = f"{int(self.clock())}.{secrets.token_urlsafe(16)}"
        return f"{body}.{self._sign(body)}"

    def valid(self, cookie: str | None) -> bool:
        if not cookie or cookie.count(".") != 2:
            return False
        body, _dot, signature = cookie.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(body)):
            return False
        issued, nonce = body.split(".")
        return (issued.isdigit() and nonce not in self._revoked
                and 0 <= self.clock() - int(issued) < SESSION_SECONDS)

    def revoke(self, cookie: str | None) -> None:
        if self.valid(cookie):
            assert cookie is not None
            self._revoked.add(cookie.split(".")[1])

    def _sign(self, body: str) -> str:
        return hmac.new(self._secret, body.encode(), hashlib.sha256).hexdigest()


class LoginThrottle:
    """At most MAX_FAILURES failed logins per client in FAILURE_WINDOW seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds before this client may try again; 0 when it may now."""
        with self._lock:
            recent = self._recent(client)
            if len(recent) < MAX_FAILURES:
                return 0.0
            return max(0.0, recent[0] + FAILURE_WINDOW - self.clock())

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float]:
        recent = self._failures[client]
        while recent and recent[0] <= self.clock() - FAILURE_WINDOW:
            recent.popleft()
        return recent


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response, and no-store to every
    response but the static files (results pages hold masked evidence)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"cache-control", b"server")]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                headers.append((b"cache-control",
                                b"no-cache" if static else b"no-store, max-age=0"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessFormatter(logging.Formatter):
    """uvicorn's access records as 'METHOD /path STATUS': no client address, no query."""

    def format(self, record: logging.LogRecord) -> str:
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) == 5:
            _client, method, path, _version, status = args
            record = logging.makeLogRecord({**record.__dict__, "args": (),
                                            "msg": f"{method} {str(path).split('?')[0]} "
                                                   f"{status}"})
        return super().format(record)


class NoTracebackText(logging.Filter):
    """Replace a traceback by the exception's type and the line that raised it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            place = f" at {tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else ""
            record.msg = f"{record.getMessage()} ({type(exc).__name__}{place})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the access log reduced and tracebacks cut."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"no_traceback": {"()": f"{__name__}.NoTracebackText"}},
        "formatters": {
            "default": {"format": "%(asctime)s foi-guard %(levelname)s %(message)s"},
            "access": {"()": f"{__name__}.AccessFormatter",
                       "format": "%(asctime)s foi-guard %(message)s"},
        },
        "handlers": {
            "default": {"formatter": "default", "class": "logging.StreamHandler",
                        "stream": "ext://sys.stderr", "filters": ["no_traceback"]},
            "access": {"formatter": "access", "class": "logging.StreamHandler",
                       "stream": "ext://sys.stdout"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
