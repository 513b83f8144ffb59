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
from foi_guard.limits import Limits, MiB
from foi_guard.model import InspectionError
from foi_guard.policy import load_policy, with_allowlist
from foi_guard.report import EXIT_CODES, json, overall, sarif, text
from foi_guard.report.redaction import redaction_json, redaction_text

RENDERERS = {"text": text.render, "json": json.render, "sarif": sarif.render}
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
         policy_file: str | None, allowlist: str | None, baseline: str | None,
         write_baseline: str | None, max_seconds: float, max_file_mb: int,
         max_inflated_mb: int, max_depth: int, jobs: int, progress: bool | None) -> None:
    """Scan files or folders (recursively); '-' reads standard input.

    Exit status: 0 every file passes, 1 a file would leak (block), 2 a file could not be fully
    inspected (error). The worst wins.
    """
    limits = Limits(max_file_bytes=max_file_mb * MiB,
                    max_total_uncompressed=max_inflated_mb * MiB,
                    max_seconds=max_seconds, max_depth=max_depth)
    try:
        policy = load_policy(policy_name, policy_file)
        if allowlist:
            policy = with_allowlist(policy, allowlist)
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
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--bom", is_flag=True, help="Start CSV files with a UTF-8 byte order mark (Excel).")
@click.option("--marker", default="[redacted: {entity}]", show_default=True,
              help="What replaces personal data; {entity} names what it was.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Write the redaction report as JSON to FILE.")
def redact_command(source: Path, output: Path | None, fmt: str | None, policy_name: str | None,
                   allowlist: str | None, force: bool, bom: bool, marker: str,
                   report_path: str | None) -> None:
    """Write a copy of SOURCE that is safe to release, and prove it by scanning it again.

    Exit status: 0 the copy was written and passes; 2 no copy was written (the reason is given).
    """
    from foi_guard.redact import redact

    try:
        policy = load_policy(policy_name)
        if allowlist:
            policy = with_allowlist(policy, allowlist)
    except InspectionError as exc:
        raise click.UsageError(str(exc)) from None
    job = redact(source, output, fmt, policy, force=force, bom=bom, marker=marker)
    click.echo(redaction_text(job), nl=False)
    if report_path:
        Path(report_path).write_text(redaction_json(job), encoding="utf-8")
    sys.exit(0 if job.ok else 2)


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


if __name__ == "__main__":
    main()
