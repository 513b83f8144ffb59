"""A private Postfix with the foi-guard milter in front of it, for the integration test and the
gateway benchmark.

Nothing under /etc/postfix is touched and the machine's own Postfix (if any) is left alone:
everything lives in one temporary folder. As root, `postfix -c DIR` accepts a configuration
directory that the default main.cf does not list in alternate_config_directories (that check is
only made for unprivileged callers), and `postqueue -c DIR` works for root too.

    ROOT/etc/main.cf     written from scratch (no site settings: relayhost, TLS files, maps)
    ROOT/etc/master.cf   /etc/postfix/master.cf without its inet services, nothing chrooted,
                         plus one smtpd per listener on 127.0.0.1:<free port>
    ROOT/spool           queue_directory (Postfix makes its subfolders at start)
    ROOT/lib             data_directory (owned by postfix)
    ROOT/mail/inbox/     the maildir that every recipient at TEST_DOMAIN is delivered to
                         (the virtual delivery agent, as user nobody)
    ROOT/maillog         Postfix's log (maillog_file, via postlogd)
    ROOT/milter-NAME.log, ROOT/audit-NAME.jsonl   each milter's output and audit log

Mail to any other domain goes to the error transport: nothing can leave the machine.
Each milter is the real CLI (`foi-guard milter`) in a process of its own session, so stopping it
also ends its scanning processes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import pwd
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parent.parent
SBIN = Path("/usr/sbin")
TEST_DOMAIN = "foi-test.example"
HOSTNAME = "foi-guard-test.localdomain"
SENDER = f"foi-team@{HOSTNAME}"
RECIPIENT = f"requester@{TEST_DOMAIN}"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PLAIN = "plain"  # the listener without a milter
MILTER_START_SECONDS = 90.0  # the milter loads the detection model in every worker first
T = TypeVar("T")


class Unavailable(Exception):
    """This machine cannot run the gateway: the message says what is missing."""


class HarnessError(Exception):
    """Postfix or the milter did not start or stop as expected."""


# --- what the machine needs -------------------------------------------------------------------

def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidate = SBIN / name
    return str(candidate) if candidate.exists() else None


def foi_guard_command() -> str | None:
    venv = REPO / ".venv" / "bin" / "foi-guard"
    return str(venv) if venv.exists() else shutil.which("foi-guard")


def missing_requirement() -> str | None:
    """Why the gateway cannot run here, or None when it can."""
    for tool in ("postfix", "postconf", "postqueue"):
        if _tool(tool) is None:
            return (f"{tool} is not installed: apt-get install postfix (see .ci/run)")
    if os.geteuid() != 0:
        return "a private Postfix instance needs root (postfix -c DIR start)"
    if importlib.util.find_spec("Milter") is None:
        return ("pymilter is not installed: apt-get install libmilter-dev, then "
                "pip install 'foi_guard[milter]'")
    if foi_guard_command() is None:
        return "the foi-guard command is not installed (pip install -e .)"
    try:
        pwd.getpwnam("postfix")
    except KeyError:
        return "there is no 'postfix' user: apt-get install postfix (see .ci/run)"
    return None


# --- small helpers ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(probe: Callable[[], T | None], timeout: float, what: str,
             interval: float = 0.05) -> T:
    """Poll `probe` until it returns something other than None (or False), within `timeout`."""
    end = time.monotonic() + timeout
    while True:
        found = probe()
        if found not in (None, False):
            return found  # type: ignore[return-value]
        if time.monotonic() > end:
            raise HarnessError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _run(*argv: str) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise HarnessError(f"{' '.join(argv)} failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-800:]}")
    return done.stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[-1].startswith("Z")


# --- sending ---------------------------------------------------------------------------------

@dataclass(slots=True, frozen=True)
class Reply:
    """The server's last answer for one message and the command it answered."""

    code: int
    text: str
    stage: str  # "mail", "rcpt" or "data"
    seconds: float = 0.0  # from the end of DATA to this reply (stage "data" only)

    @property
    def queue_id(self) -> str | None:
        found = re.search(r"queued as ([0-9A-Za-z]+)", self.text)
        return found.group(1) if found else None

    def __str__(self) -> str:
        return f"{self.code} {self.text} (at {self.stage})"


def mail(attachments: Sequence[tuple[str, bytes]] = (),
         body: str = "Please find attached the information you asked for.\n",
         subject: str = "Your FOI request", content_type: tuple[str, str] = XLSX_TYPE,
         message_id: str | None = None) -> tuple[str, bytes]:
    """A message with attachments, and its Message-ID (to find it in the mailbox and audit)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = SENDER
    message["To"] = RECIPIENT
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain=HOSTNAME)
    message.set_content(body)
    for name, data in attachments:
        maintype, subtype = ("application", "zip") if name.endswith(".zip") else content_type
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return str(message["Message-ID"]), message.as_bytes()


def send(port: int, raw: bytes, sender: str = SENDER,
         recipients: Sequence[str] = (RECIPIENT,), timeout: float = 120.0) -> Reply:
    """Send one message over SMTP; the first refusal, or the reply to its data."""
    with smtplib.SMTP("127.0.0.1", port, timeout=timeout) as smtp:
        return _transaction(smtp, raw, sender, recipients)


def _transaction(smtp: smtplib.SMTP, raw: bytes, sender: str,
                 recipients: Sequence[str]) -> Reply:
    smtp.ehlo()
    code, text = smtp.mail(sender)
    if code != 250:
        return Reply(code, text.decode(errors="replace"), "mail")
    for recipient in recipients:
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):
            return Reply(code, text.decode(errors="replace"), "rcpt")
    code, text = smtp.docmd("DATA")
    if code != 354:
        return Reply(code, text.decode(errors="replace"), "data")
    payload = smtplib.quotedata(raw.decode("latin-1")).encode("latin-1")
    if not payload.endswith(b"\r\n"):
        payload += b"\r\n"
    smtp.send(payload)
    smtp.send(b".\r\n")
    start = time.perf_counter()  # the last byte is out: what follows is the server's work
    code, text = smtp.getreply()
    return Reply(code, text.decode(errors="replace"), "data", time.perf_counter() - start)


# --- the milter ------------------------------------------------------------------------------

@dataclass
class MilterProcess:
    """`foi-guard milter` on 127.0.0.1:port, started in a session of its own."""

    name: str
    port: int
    root: Path
    on_block: str = "reject"
    workers: int = 2
    extra_args: Sequence[str] = ()
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def audit_log(self) -> Path:
        return self.root / f"audit-{self.name}.jsonl"

    @property
    def output(self) -> Path:
        return self.root / f"milter-{self.name}.log"

    @property
    def postfix_spec(self) -> str:
        return f"inet:127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def launch(self) -> None:
        command = foi_guard_command()
        assert command is not None, missing_requirement()
        argv = [command, "milter", "--socket", f"inet:{self.port}@127.0.0.1",
                "--workers", str(self.workers), "--on-block", self.on_block,
                "--audit-log", str(self.audit_log), *self.extra_args]
        with open(self.output, "ab") as out:
            self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True,
                                            cwd=REPO)

    def wait_ready(self, timeout: float = MILTER_START_SECONDS) -> None:
        def ready() -> bool:
            if self.process is None or self.process.poll() is not None:
                raise HarnessError(f"milter {self.name} exited: {self.tail()}")
            return port_open(self.port)

        wait_for(ready, timeout, f"milter {self.name} on port {self.port}", interval=0.1)

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def terminate(self) -> None:
        """Ask it to stop (SIGTERM); `stop` waits. libmilter may take up to 5 s to notice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then whatever is left of its session (its scanning processes) is ended."""
        self.terminate()
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        # the milter's session id is its pid: only processes it started are in that group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        wait_for(lambda: not port_open(self.port), 10, f"port {self.port} to close")

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.output.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no output)"

    def audit_entries(self) -> list[dict]:
        if not self.audit_log.exists():
            return []
        return [json.loads(line) for line in self.audit_log.read_text().splitlines() if line]


# --- Postfix ---------------------------------------------------------------------------------

@dataclass
class PostfixInstance:
    """A private Postfix: `listeners` maps a name to the milter its smtpd uses (None: none)."""

    root: Path
    listeners: Mapping[str, str | None]
    default_milter: str | None = None
    ports: dict[str, int] = field(default_factory=dict)
    started: bool = False

    @property
    def config_dir(self) -> Path:
        return self.root / "etc"

    @property
    def queue_dir(self) -> Path:
        return self.root / "spool"

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / "inbox"

    @property
    def maillog(self) -> Path:
        return self.root / "maillog"

    def postconf(self, *args: str) -> str:
        return _run(_tool("postconf") or "postconf", "-c", str(self.config_dir), *args)

    def configure(self) -> None:
        for sub in ("etc", "spool", "lib", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        postfix_user = pwd.getpwnam("postfix")
        os.chown(self.root / "lib", postfix_user.pw_uid, postfix_user.pw_gid)
        os.chmod(self.root / "lib", 0o700)
        mailbox_owner = _mailbox_owner()
        os.chown(self.root / "mail", mailbox_owner.pw_uid, mailbox_owner.pw_gid)
        shutil.copy(Path("/etc/postfix/master.cf"), self.config_dir / "master.cf")
        (self.config_dir / "main.cf").write_text(
            "# private foi-guard test instance; written by tests/postfix_harness.py\n")
        self.postconf("-e", *self._main_settings(mailbox_owner))
        self._configure_services()

    def _main_settings(self, owner: pwd.struct_passwd) -> list[str]:
        milter = self.default_milter or ""
        settings = {
            "compatibility_level": "3.6",
            "queue_directory": str(self.queue_dir),
            "data_directory": str(self.root / "lib"),
            "myhostname": HOSTNAME,
            "mydomain": "localdomain",
            "myorigin": "$myhostname",
            "mydestination": "localhost",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "smtpd_relay_restrictions": "permit_mynetworks, reject_unauth_destination",
            "alias_maps": "",
            "alias_database": "",
            "biff": "no",
            # nothing leaves the machine: only TEST_DOMAIN is delivered, the rest bounces
            "relayhost": "",
            "default_transport": "error:mail leaves nowhere from the foi-guard test instance",
            "relay_transport": "error:mail leaves nowhere from the foi-guard test instance",
            "virtual_mailbox_domains": TEST_DOMAIN,
            "virtual_mailbox_base": str(self.root / "mail"),
            "virtual_mailbox_maps": "static:inbox/",
            "virtual_uid_maps": f"static:{owner.pw_uid}",
            "virtual_gid_maps": f"static:{owner.pw_gid}",
            "virtual_minimum_uid": str(min(owner.pw_uid, 100)),
            "maillog_file": str(self.maillog),
            "maillog_file_prefixes": str(self.root),
            "smtpd_milters": milter,
            "non_smtpd_milters": milter,
            "milter_default_action": "tempfail",
            "milter_protocol": "6",
        }
        return [f"{name}={value}" for name, value in settings.items()]

    def _configure_services(self) -> None:
        for line in self.postconf("-M").splitlines():
            fields = line.split()
            if len(fields) > 1 and fields[1] == "inet":  # the site's smtp/submission ports
                self.postconf("-MX", f"{fields[0]}/inet")
        self.postconf("-M", "postlog/unix-dgram=postlog unix-dgram n - n - 1 postlogd")
        for name, milter in self.listeners.items():
            port = self.ports.setdefault(name, free_port())
            service = f"127.0.0.1:{port}"
            options = f" -o syslog_name=postfix/{name} -o smtpd_milters={milter or ''}"
            self.postconf("-M", f"{service}/inet={service} inet n - n - - smtpd{options}")
        # no chroot: the temporary queue has none of the files a chroot needs
        self.postconf("-F", "*/*/chroot=n")

    def start(self, timeout: float = 30.0) -> None:
        postfix = _tool("postfix") or "postfix"
        _run(postfix, "-c", str(self.config_dir), "check")
        _run(postfix, "-c", str(self.config_dir), "start")
        self.started = True
        for name, port in self.ports.items():
            wait_for(lambda port=port: port_open(port), timeout,
                     f"Postfix smtpd '{name}' on port {port}")

    def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        pid = self.master_pid()
        with contextlib.suppress(HarnessError):
            _run(_tool("postfix") or "postfix", "-c", str(self.config_dir), "stop")
        if pid is not None:
            wait_for(lambda: not _alive(pid), 15, "the Postfix master to exit")

    def master_pid(self) -> int | None:
        try:
            return int((self.queue_dir / "pid" / "master.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    # --- what happened to the mail ---

    def log_text(self) -> str:
        try:
            return self.maillog.read_text(errors="replace")
        except OSError:
            return ""

    def wait_log(self, pattern: str, timeout: float = 30.0) -> str:
        """The first maillog line matching the regular expression `pattern`."""
        regex = re.compile(pattern)

        def found() -> str | None:
            return next((line for line in self.log_text().splitlines() if regex.search(line)),
                        None)

        return wait_for(found, timeout, f"a maillog line matching {pattern!r}")

    def queue(self) -> list[dict]:
        """`postqueue -j`: one dict per queued message (queue_name, queue_id, recipients)."""
        out = _run(_tool("postqueue") or "postqueue", "-c", str(self.config_dir), "-j")
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def held(self) -> list[str]:
        return [entry["queue_id"] for entry in self.queue() if entry.get("queue_name") == "hold"]

    def queued_headers(self, queue_id: str) -> str:
        return _run(_tool("postcat") or "postcat", "-c", str(self.config_dir), "-h", "-q",
                    queue_id)

    def delivered(self) -> list[Path]:
        folder = self.maildir / "new"
        return sorted(folder.iterdir()) if folder.is_dir() else []

    def find_delivered(self, message_id: str) -> bytes | None:
        needle = message_id.encode()
        for path in self.delivered():
            with contextlib.suppress(OSError):
                data = path.read_bytes()
                if needle in data.split(b"\n\n", 1)[0]:
                    return data
        return None

    def wait_delivered(self, message_id: str, timeout: float = 30.0) -> bytes:
        return wait_for(lambda: self.find_delivered(message_id), timeout,
                        f"delivery of {message_id}")


def _mailbox_owner() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return pwd.getpwnam("postfix")


# --- the whole gateway -----------------------------------------------------------------------

@dataclass
class Gateway:
    postfix: PostfixInstance
    milters: dict[str, MilterProcess]

    def port(self, listener: str) -> int:
        return self.postfix.ports[listener]

    def send(self, listener: str, raw: bytes, **kwargs: object) -> Reply:
        return send(self.port(listener), raw, **kwargs)  # type: ignore[arg-type]

    def diagnostics(self) -> str:
        """The end of the maillog and of every milter's output, for a failing assertion."""
        log = "\n".join(self.postfix.log_text().splitlines()[-25:])
        milters = "\n".join(f"--- milter {m.name}:\n{m.tail()}" for m in self.milters.values())
        return f"--- maillog:\n{log}\n{milters}"


@contextlib.contextmanager
def running_gateway(milters: Mapping[str, str] | None = None, plain: bool = False,
                    workers: int = 2, extra_args: Sequence[str] = (),
                    keep: bool = False) -> Iterator[Gateway]:
    """Start the milters (name -> on-block action; each gets an smtpd listener of the same
    name), then Postfix; stop both and delete the temporary folder afterwards (`keep`, or
    FOI_GUARD_KEEP_POSTFIX=1, leaves it for a look). Raises Unavailable when the machine
    cannot do it."""
    reason = missing_requirement()
    if reason:
        raise Unavailable(reason)
    milters = dict(milters or {"guard": "reject"})
    root = Path(tempfile.mkdtemp(prefix="foi-guard-postfix-"))
    root.chmod(0o755)  # the delivery agent (user nobody) must reach ROOT/mail
    running = {name: MilterProcess(name, free_port(), root, on_block, workers, extra_args)
               for name, on_block in milters.items()}
    listeners: dict[str, str | None] = {n: m.postfix_spec for n, m in running.items()}
    if plain:
        listeners[PLAIN] = None
    first = next(iter(running.values()))
    postfix = PostfixInstance(root, listeners, default_milter=first.postfix_spec)
    try:
        for milter in running.values():  # launched together: their warm-ups overlap
            milter.launch()
        postfix.configure()
        postfix.start()
        for milter in running.values():
            milter.wait_ready()
        yield Gateway(postfix, running)
    finally:
        try:
            postfix.stop()
        finally:
            for milter in running.values():
                milter.terminate()
            for milter in running.values():
                milter.stop()
            if not (keep or os.environ.get("FOI_GUARD_KEEP_POSTFIX")):
                shutil.rmtree(root, ignore_errors=True)
