"""The `foi-guard` command. Exit status as clamscan: 0 all pass, 1 something blocks, 2 error."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from foi_guard import __version__
from foi_guard.baseline import apply_baseline, load_baseline
from foi_guard.baseline import write_baseline as write_baseline_file
from foi_guard.batch import STDIN, scan_many
from foi_guard.gateway.decide import OnBlock
from foi_guard.gateway.service import GatewayConfig
from foi_guard.limits import Limits, MiB
from foi_guard.model import InspectionError
from foi_guard.policy import Policy, load_policy, with_allowlist, with_profile, with_recipients
from foi_guard.profile import parse_requester
from foi_guard.report import EXIT_CODES, html, json, overall, sarif, text
from foi_guard.report.redaction import redaction_json, redaction_text

RENDERERS = {"text": text.render, "json": json.render, "sarif": sarif.render,
             "html": html.render}
_DEFAULTS = Limits()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="foi-guard")
def main() -> None:
    """Stop personal data leaving in a Freedom of Information response."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--policy", "policy_name", default=None,
              help="Policy from rules/policy.yaml (default: the file's 'default').")
@click.option("--policy-file", type=click.Path(exists=True, dir_okay=False),
              help="Another policy file.")
@click.option("--allowlist", type=click.Path(exists=True, dir_okay=False),
              help="A YAML file of values released on purpose (names of chief officers...).")
@click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
              help="The organisation profile (default: rules/organisation.yaml).")
@click.option("--requester", default=None, metavar='"NAME <ADDRESS>"',
              help="Who the reply goes to: their own name and address in it pass.")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False),
              help="Ignore findings accepted in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, writable=True),
              help="Write every finding of this run to FILE as accepted.")
@click.option("--max-seconds", type=float, default=_DEFAULTS.max_seconds, show_default=True,
              help="Time limit for one file.")
@click.option("--max-file-mb", type=int, default=_DEFAULTS.max_file_bytes // MiB,
              show_default=True, help="Largest file accepted.")
@click.option("--max-inflated-mb", type=int, default=_DEFAULTS.max_total_uncompressed // MiB,
              show_default=True, help="Largest total uncompressed size of a package.")
@click.option("--max-depth", type=int, default=_DEFAULTS.max_depth, show_default=True,
              help="Deepest nesting of embedded files.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Scan this many files at once, in separate processes.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: on a terminal, for text reports).")
def scan(paths: tuple[str, ...], fmt: str, output: str | None, policy_name: str | None,
         policy_file: str | None, allowlist: str | None, profile_path: str | None,
         requester: str | None, baseline: str | None, write_baseline: str | None,
         max_seconds: float, max_file_mb: int, max_inflated_mb: int, max_depth: int,
         jobs: int, progress: bool | None) -> None:
    """Scan files or folders (recursively); '-' reads standard input.

    Exit status: 0 every file passes, 1 a file would leak (block), 2 a file could not be fully
    inspected (error). The worst wins.
    """
    limits = Limits(max_file_bytes=max_file_mb * MiB,
                    max_total_uncompressed=max_inflated_mb * MiB,
                    max_seconds=max_seconds, max_depth=max_depth)
    policy = _chosen_policy(policy_name, allowlist, policy_file, profile_path, requester)
    try:
        accepted = load_baseline(baseline) if baseline else frozenset()
    except InspectionError as exc:
        raise click.UsageError(str(exc)) from None
    files = list(_expand(paths))
    show = wants_progress(fmt, sys.stderr.isatty(), len(files)) if progress is None else progress
    with _progress_bar(show, len(files)) as advance:
        scanned = scan_many(files, policy, limits, jobs, advance)
    results = [apply_baseline(r, accepted) for r in scanned]
    if write_baseline:
        write_baseline_file(write_baseline, results)
    report = RENDERERS[fmt](results)
    if output:
        Path(output).write_text(report, encoding="utf-8")
    else:
        click.echo(report, nl=False)
    sys.exit(EXIT_CODES[overall(results)])


@main.command(name="redact")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the copy (default: NAME.redacted.EXT beside the input).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "docx"]), default=None,
              help="Workbooks: xlsx (default) or one CSV per visible sheet (the ICO's advice). "
                   "Word documents: docx.")
@click.option("--policy", "policy_name", default=None, help="Policy from rules/policy.yaml.")
@click.option("--allowlist", type=click.Path(exists=True, dir_okay=False),
              help="A YAML file of values released on purpose.")
@click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
              help="The organisation profile (default: rules/organisation.yaml).")
@click.option("--requester", default=None, metavar='"NAME <ADDRESS>"',
              help="Who the reply goes to: their own name and address in it pass.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--bom", is_flag=True, help="Start CSV files with a UTF-8 byte order mark (Excel).")
@click.option("--marker", default="[redacted: {entity}]", show_default=True,
              help="What replaces personal data; {entity} names what it was.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Write the redaction report as JSON to FILE.")
def redact_command(source: Path, output: Path | None, fmt: str | None, policy_name: str | None,
                   allowlist: str | None, profile_path: str | None, requester: str | None,
                   force: bool, bom: bool, marker: str, report_path: str | None) -> None:
    """Write a copy of SOURCE that is safe to release, and prove it by scanning it again.

    Exit status: 0 the copy was written and passes; 2 no copy was written (the reason is given).
    """
    from foi_guard.redact import redact

    policy = _chosen_policy(policy_name, allowlist, profile=profile_path, requester=requester)
    job = redact(source, output, fmt, policy, force=force, bom=bom, marker=marker)
    click.echo(redaction_text(job), nl=False)
    if report_path:
        Path(report_path).write_text(redaction_json(job), encoding="utf-8")
    sys.exit(0 if job.ok else 2)


def _chosen_policy(name: str | None, allowlist: str | None, path: str | None = None,
                   profile: str | None = None, requester: str | None = None) -> Policy:
    """The policy the options choose, with the allowlist, organisation profile and requester
    added; a bad one is a usage error."""
    try:
        policy = load_policy(name, path)
        if allowlist:
            policy = with_allowlist(policy, allowlist)
        if profile:
            policy = with_profile(policy, profile)
        if requester is not None:
            policy = with_recipients(policy, (parse_requester(requester),))
        return policy
    except (InspectionError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None


def _expand(paths: tuple[str, ...]) -> Iterator[str]:
    for raw in paths:
        path = Path(raw)
        if raw == STDIN or not path.is_dir():
            yield raw
            continue
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.is_symlink():
                yield str(child)


def wants_progress(fmt: str, on_terminal: bool, files: int) -> bool:
    """A bar only where a person watches: a terminal, a text report, more than one file."""
    return on_terminal and fmt == "text" and files > 1


@contextmanager
def _progress_bar(show: bool, total: int) -> Iterator[Callable[[str], None]]:
    if not show:
        yield lambda _path: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("scanning", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("scan", total=total)
        yield lambda _path: bar.advance(task)



def _gateway_options(fn: Callable) -> Callable:
    """Options shared by the milter and scan-mail."""
    for option in reversed([
        click.option("--policy", "policy_name", default=None,
                     help="Policy from rules/policy.yaml."),
        click.option("--allowlist", type=click.Path(exists=True, dir_okay=False),
                     help="A YAML file of values released on purpose."),
        click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
                     help="The organisation profile (default: rules/organisation.yaml)."),
        click.option("--on-block", type=click.Choice([str(o) for o in OnBlock]),
                     default="reject", show_default=True,
                     help="reject (550), quarantine (hold queue) or tag (X-FOI-Guard header, "
                          "for trial runs)."),
        click.option("--audit-log", type=click.Path(dir_okay=False),
                     help="Append one JSON line per message to FILE."),
        click.option("--max-message-mb", type=int, default=50, show_default=True,
                     help="Largest message scanned; larger ones are refused (554)."),
        click.option("--max-seconds", type=float, default=60.0, show_default=True,
                     help="Time budget for one message; over it the sender is asked to retry "
                          "(451)."),
        click.option("--max-inflated-mb", type=int,
                     default=_DEFAULTS.max_total_uncompressed // MiB, show_default=True,
                     help="Largest total uncompressed size of an attachment."),
        click.option("--max-depth", type=int, default=_DEFAULTS.max_depth, show_default=True,
                     help="Deepest nesting (forwards, zips, embedded files)."),
    ]):
        fn = option(fn)
    return fn


def _gateway_config(policy_name: str | None, allowlist: str | None, profile_path: str | None,
                    on_block: str, max_message_mb: int, max_seconds: float,
                    max_inflated_mb: int, max_depth: int, workers: int = 1) -> GatewayConfig:
    policy = _chosen_policy(policy_name, allowlist, profile=profile_path)
    limits = Limits(max_seconds=max_seconds, max_depth=max_depth,
                    max_total_uncompressed=max_inflated_mb * MiB,
                    max_file_bytes=max(max_message_mb, 1) * MiB * 2)
    return GatewayConfig(policy, limits, OnBlock(on_block), max_message_mb * MiB, workers)


@main.command(name="milter")
@click.option("--socket", "socket_spec", default="inet:8899@127.0.0.1", show_default=True,
              help="libmilter socket: inet:PORT@HOST or unix:/PATH.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Scanning processes: this many messages are scanned at once.")
@_gateway_options
def milter_command(socket_spec: str, workers: int, policy_name: str | None,
                   allowlist: str | None, profile_path: str | None, on_block: str,
                   audit_log: str | None, max_message_mb: int, max_seconds: float,
                   max_inflated_mb: int, max_depth: int) -> None:
    """Run the pre-send milter for Postfix or Sendmail until stopped.

    Postfix: smtpd_milters = inet:127.0.0.1:8899 with milter_default_action = tempfail.
    """
    import logging
    import signal

    from foi_guard.gateway.service import STOP_SIGNALS

    try:
        from foi_guard.gateway.milter import serve
    except ImportError:
        raise click.UsageError("the milter needs pymilter: pip install 'foi_guard[milter]' "
                               "(Debian: apt-get install libmilter-dev first)") from None
    from foi_guard.gateway.audit import AuditLog
    from foi_guard.gateway.service import Scanner

    # Our own lines only: libraries (pdfminer, pypdf, presidio) may quote what they parse.
    logging.basicConfig(level=logging.ERROR, format="%(asctime)s foi-guard %(message)s")
    logging.getLogger("foi_guard").setLevel(logging.INFO)
    # libmilter stops cleanly (its loop returns, `finally` closes the pool) only when its own
    # signal thread receives SIGTERM/SIGINT/SIGHUP: block them before any thread or worker
    # exists, or a Python thread takes the signal and the scanning processes are orphaned.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    config = _gateway_config(policy_name, allowlist, profile_path, on_block, max_message_mb,
                             max_seconds, max_inflated_mb, max_depth, workers)
    scanner = Scanner(config, AuditLog(audit_log))
    scanner.warm_up()
    click.echo(f"foi-guard milter listening on {socket_spec} ({workers} workers, "
               f"on block: {on_block})", err=True)
    try:
        serve(scanner, socket_spec)
    finally:
        scanner.close()


@main.command(name="scan-mail")
@click.argument("message", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["line", "json"]), default="line",
              show_default=True, help="One line (for MTAs) or the full JSON report.")
@click.option("--recipient", "recipients", multiple=True, metavar="ADDRESS",
              help="An envelope recipient (Exim: $recipients); otherwise the To and Cc "
                   "headers say who the message goes to. Repeat for each.")
@_gateway_options
def scan_mail_command(message: Path | None, fmt: str, recipients: tuple[str, ...],
                      policy_name: str | None, allowlist: str | None,
                      profile_path: str | None, on_block: str, audit_log: str | None,
                      max_message_mb: int, max_seconds: float, max_inflated_mb: int,
                      max_depth: int) -> None:
    """Scan one RFC 822 message (standard input, a file, or Exim's scan folder holding one
    .eml) for MTAs without milter support.

    Exit status: 0 pass, 1 would leak, 2 cannot be inspected (or the scan failed).
    """
    from foi_guard.gateway.audit import AuditLog, Envelope
    from foi_guard.gateway.service import Scanner

    config = _gateway_config(policy_name, allowlist, profile_path, on_block, max_message_mb,
                             max_seconds, max_inflated_mb, max_depth)
    raw = _read_message(message)
    scanner = Scanner(config, AuditLog(audit_log), in_process=True)
    result, decision = scanner.assess(raw, Envelope(recipients=[
        r for spec in recipients for r in spec.replace(",", " ").split()]))
    if fmt == "json" and result is not None:
        click.echo(json.render([result]), nl=False)
    else:
        click.echo(f"{decision.verdict.upper()} {decision.reason or 'no personal data found'}")
    sys.exit({"pass": 0, "block": 1}.get(decision.verdict, 2))


def _read_message(message: Path | None) -> bytes:
    if message is None:
        return sys.stdin.buffer.read()
    if message.is_dir():  # Exim's av_scanner cmdline hands over a folder with the .eml in it
        found = sorted(message.glob("*.eml"))
        if len(found) != 1:
            raise click.UsageError(f"{message}: expected one .eml file, found {len(found)}")
        message = found[0]
    return message.read_bytes()


@main.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the default unless behind a reverse proxy.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ask for the shared password in FILE (its first line); or set "
                   "FOI_GUARD_PASSWORD.")
@click.option("--policy", "policy_name", default=None, help="Policy from rules/policy.yaml.")
@click.option("--allowlist", type=click.Path(exists=True, dir_okay=False),
              help="A YAML file of values released on purpose.")
@click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
              help="The organisation profile (default: rules/organisation.yaml).")
@click.option("--max-file-mb", type=click.IntRange(min=1), default=50, show_default=True,
              help="Largest file accepted; larger ones are refused (413).")
@click.option("--max-request-mb", type=click.IntRange(min=1), default=200, show_default=True,
              help="Largest upload (all files together).")
@click.option("--max-files", type=click.IntRange(min=1), default=20, show_default=True,
              help="Most files in one upload.")
@click.option("--max-seconds", type=float, default=60.0, show_default=True,
              help="Time limit for checking one file.")
@click.option("--keep-minutes", type=click.IntRange(min=1), default=15, show_default=True,
              help="How long an upload is kept in memory for its downloads.")
def serve_command(host: str, port: int, password_file: Path | None, policy_name: str | None,
                  allowlist: str | None, profile_path: str | None, max_file_mb: int,
                  max_request_mb: int, max_files: int, max_seconds: float,
                  keep_minutes: int) -> None:
    """Run the web page for FOI officers: drop in a response, see what would leak, take away
    a safe copy."""
    import os

    from foi_guard.web.app import WebConfig, serve

    policy = _chosen_policy(policy_name, allowlist, profile=profile_path)
    password = os.environ.get("FOI_GUARD_PASSWORD") or None
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0].strip() if lines else ""
        if not password:
            raise click.UsageError(f"{password_file}: the first line holds no password")
    if host not in ("127.0.0.1", "localhost", "::1") and not password:
        click.echo("warning: listening beyond this machine without a password; use "
                   "--password-file behind a TLS reverse proxy", err=True)
    config = WebConfig(policy=policy,
                       limits=Limits(max_seconds=max_seconds, max_file_bytes=max_file_mb * MiB),
                       max_file_bytes=max_file_mb * MiB, max_request_bytes=max_request_mb * MiB,
                       max_files=max_files, store_seconds=keep_minutes * 60, password=password)
    click.echo(f"foi-guard web page on http://{host}:{port}/"
               f"{' (password required)' if password else ''}", err=True)
    serve(config, host, port)


if __name__ == "__main__":
    main()
