"""`footprint slate`: audit every candidate of a slate in one run (README: "Slate audits").

Registered on the app by `register` (one line in footprint/cli.py). The CLI's helpers are
imported inside it, so this module can be imported first without a cycle; annotations are
evaluated as written (no `from __future__ import annotations`), since typer reads the
options' types from the function defined inside `register`.
"""

import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from footprint.termtext import inert

if TYPE_CHECKING:
    import httpx

    from footprint.engine import ScanResult
    from footprint.model import Severity
    from footprint.slate.load import Candidate
    from footprint.slate.record import SlateRecorder
    from footprint.slate.run import SlateRequest, SlateSink

DEFAULT_OUTPUT = Path("footprint-slate")
MAX_PARALLEL = 8


def template_text() -> str:
    return resources.files("footprint").joinpath("data/slate-template.csv").read_text("utf-8")


def register(app: typer.Typer) -> None:
    from footprint import cli
    from footprint.store import cli as store_cli

    @app.command()
    def slate(
        source: Annotated[
            Path | None,
            typer.Argument(
                metavar="SLATE",
                help="Slate CSV (one row per candidate) or a folder of TOML profiles; "
                "with --template, where to write the template ('-' or nothing: stdout).",
            ),
        ] = None,
        template: Annotated[
            bool, typer.Option("--template", help="Write a commented CSV header to fill in.")
        ] = False,
        force: Annotated[bool, typer.Option(help="With --template: overwrite a file.")] = False,
        fmt: Annotated[
            str,
            typer.Option("--format", help="Each candidate's report: html, json, md or csv."),
        ] = "html",
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="Folder for the overview (index.html) and the candidates' reports.",
            ),
        ] = None,
        reveal: Annotated[
            bool, typer.Option(help="Show full private values in the reports.")
        ] = False,
        offline: Annotated[bool, typer.Option(help="Guarantee no network access.")] = False,
        only: cli.Only = None,
        skip: cli.Skip = None,
        sites: cli.Sites = None,
        consent: cli.Consent = None,
        allow_private: Annotated[
            bool, typer.Option(help="Allow fetching private/loopback addresses (testing).")
        ] = False,
        max_depth: Annotated[
            int,
            typer.Option(callback=cli._not_negative, help="How far to follow discoveries."),
        ] = 2,
        timeout: Annotated[
            float,
            typer.Option(callback=cli._positive, help="Time limit per candidate in seconds."),
        ] = 900.0,
        parallel: Annotated[
            int, typer.Option(help=f"Candidates checked at once (1 to {MAX_PARALLEL}).")
        ] = 2,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
        db: store_cli.Db = None,
        resume: Annotated[
            bool,
            typer.Option(
                "--resume", help="Carry on the last unfinished run of this slate (same options)."
            ),
        ] = False,
        fail_on: store_cli.FailOn = None,
    ) -> None:
        """Check every candidate of a slate; writes an overview and one report each."""
        if template:
            _write_template(source, force)
            return
        if source is None:
            raise cli.fail("give a slate CSV or a folder of profiles (or --template)")
        level = store_cli.check_fail_on(fail_on)
        if fmt not in cli.FORMATS:
            raise cli.fail(f"--format {fmt!r}: expected one of {', '.join(cli.FORMATS)}")
        if not 1 <= parallel <= MAX_PARALLEL:
            raise cli.fail(f"--parallel {parallel}: must be 1 to {MAX_PARALLEL}")
        from footprint.cachedir import default_cache_dir
        from footprint.net import NetSettings
        from footprint.scanner import ScanOptions
        from footprint.slate.load import SlateError, load_slate
        from footprint.slate.output import unusable_folder
        from footprint.slate.record import begin
        from footprint.slate.run import SlateRequest

        try:
            candidates = load_slate(source)
        except SlateError as exc:
            raise cli.fail(str(exc)) from None
        folder = output or DEFAULT_OUTPUT
        reason = unusable_folder(folder)
        if reason is not None:
            raise cli.fail(f"--output {str(folder)!r}: {reason}")
        consents = cli._check_consent(consent)
        options = ScanOptions(
            (), sites, offline, dict(os.environ), consent=consents, cache_dir=default_cache_dir()
        )
        chosen = cli._scanners(only, skip)
        cli._check_options(chosen, options)
        bad = [c for c in candidates if c.error is not None]
        if len(bad) == len(candidates):
            for candidate in bad:
                cli.warn(f"{candidate.error}; this candidate is not checked")
            raise cli.fail(f"{source}: no candidate could be read (see above)")
        request = SlateRequest(
            candidates,
            chosen,
            options,
            NetSettings(allow_private=allow_private, offline=offline),
            max_depth,
            timeout,
            parallel,
        )
        record = begin(db, source, request, resume)  # a resume of another slate: exit 2
        for candidate in bad:
            cli.warn(f"{candidate.error}; this candidate is not checked")
        for candidate in candidates:
            if candidate.profile is not None and candidate.profile.private.empty:
                cli.warn(f"{candidate.where}: no private details: nothing can be found for it")
        execute(request, source, folder, fmt, reveal, quiet, record=record, fail_on=level)


def _write_template(target: Path | None, force: bool) -> None:
    from footprint import cli, privatefile

    text = template_text()
    if target is None or str(target) == "-":
        sys.stdout.write(text)
        return
    cli._check_init_target(target, force)  # as `footprint init`: no symlink, no folder
    try:
        if force and target.is_file():
            privatefile.replace(target, text)
        else:
            privatefile.create(target, text)
    except FileExistsError:
        raise cli.fail(f"{target}: already exists (use --force to overwrite)") from None
    except OSError as exc:
        raise cli.fail(f"{target}: cannot be written: {exc.strerror or exc}") from None
    typer.echo(
        inert(f"Wrote {target}. Fill in one row per candidate, then: footprint slate {target}")
    )


class _Progress:
    """One line per candidate as it finishes (stderr), unless --quiet."""

    def __init__(self, total: int, console: Console | None) -> None:
        self.total, self.done, self.console = total, 0, console

    def started(self, candidate: "Candidate") -> None:
        return None

    def finished(self, candidate: "Candidate", result: "ScanResult", notes: list[str]) -> None:
        from footprint.status import gaps

        self.done += 1
        if self.console is None:
            return
        found = result.findings
        high = sum(1 for f in found if f.severity == "high")
        line = f"[{self.done}/{self.total}] {candidate.name or candidate.id}: "
        line += f"{len(found)} finding{'s' if len(found) != 1 else ''}"
        line += f" ({high} high)" if high else ""
        line += "; incomplete" if gaps(result.sources, notes) else ""
        self.console.print(Text(inert(line)))


def execute(
    request: "SlateRequest",
    source: Path,
    folder: Path,
    fmt: str,
    reveal: bool,
    quiet: bool,
    transport: "httpx.AsyncBaseTransport | None" = None,
    sinks: "Sequence[SlateSink]" = (),
    record: "SlateRecorder | None" = None,
    fail_on: "Severity | None" = None,
) -> None:
    """Run the slate, write every report and the overview, exit with the slate's code.
    `sinks`: told about each candidate too, after the report is written (`started` may return
    an engine Observer to record findings as they are found). `record`: the history database's
    sink (footprint.slate.record); on --resume, the candidates it holds as finished are not
    checked again. `fail_on`: exit 5 when any candidate has a finding at or above it."""
    from footprint import cli
    from footprint.scrub import declared_secrets
    from footprint.slate.output import FINDINGS_CSV, INDEX, SlateWriter
    from footprint.slate.record import stored_report
    from footprint.slate.run import run_slate
    from footprint.store import cli as store_cli

    err = Console(stderr=True, highlight=False)
    writer = SlateWriter(
        folder, fmt, reveal, declared_secrets(request.scanners, request.options.env)
    )
    try:
        writer.open()
    except OSError as exc:
        raise cli.fail(f"--output {str(folder)!r}: {exc.strerror or exc}") from None
    done = record.done() if record is not None else {}
    earlier_requests: dict[str, int] = {}
    for candidate in request.candidates:
        row = done.get(candidate.id)
        if row is None or candidate.profile is None:
            continue
        assert record is not None
        report = stored_report(record.store, row, candidate.profile, writer.secrets)
        for status in report.sources:
            earlier_requests[status.name] = earlier_requests.get(status.name, 0) + status.requests
        if writer.earlier(candidate, report) and not quiet:
            cli.warn(
                f"{candidate.id}'s report from the earlier run was missing: "
                f"rebuilt from the history database (scan {row.id})"
            )
    runnable = [c for c in request.candidates if c.profile is not None and c.id not in done]
    if done and not quiet:
        err.print(
            Text(
                f"{len(done)} candidate{'s' if len(done) != 1 else ''} already checked in "
                f"slate run {record.run_id if record else ''}: not checked again"
            )
        )
    progress = _Progress(len(runnable), None if quiet else err)
    extra: list[SlateSink] = [record] if record is not None else []
    outcome = run_slate(
        request,
        [writer, *sinks, *extra, progress],
        transport,
        skip=frozenset(done),
        resume=record.resume_for if record is not None else None,
    )
    by_id = {c.id: c for c in request.candidates}
    for candidate in request.candidates:
        if candidate.error is not None:
            writer.rejected(candidate)
    for cid in outcome.not_started:
        writer.not_run(by_id[cid], "interrupted before it started")
    counter = outcome.counter
    sent = {n: counter.counts.get(n, 0) + earlier_requests.get(n, 0) for n in counter.counts}
    sent.update({n: k for n, k in earlier_requests.items() if k and n not in sent})
    # The candidates checked in an earlier run (--resume) count too.
    sources = {
        name: (sent.get(name, 0), counter.refused.get(name, 0))
        for name in {*sent, *counter.refused}
    }
    notes = ["The slate was interrupted before it finished."] if outcome.by_user else []
    elsewhere = writer.close(list(request.candidates), source.name, sources, notes)
    if writer.csv_failed:
        cli.warn(
            f"could not write {str(folder / FINDINGS_CSV)!r}: {writer.csv_failed}; "
            "each candidate's own CSV report has their findings"
        )
    for cid, saved in writer.saved_elsewhere:
        cli.warn(f"could not write {cid}'s report in {str(folder)!r}; saved it to {str(saved)!r}")
    if elsewhere is not None:
        typer.echo(
            inert(
                f"footprint: error: could not write the overview to {str(folder / INDEX)!r}; "
                f"saved it to {str(elsewhere)!r} instead"
            ),
            err=True,
        )
    elif not quiet:
        err.print(Text(f"Overview written to {inert(folder / INDEX)}"))
    incomplete = any(row.incomplete for row in writer.rows.values())
    if record is not None:
        record.finish_run(outcome.by_user, incomplete)
    if outcome.by_user:
        raise typer.Exit(cli.EXIT_INTERRUPTED)
    if elsewhere is not None or writer.saved_elsewhere or writer.csv_failed:
        raise typer.Exit(cli.EXIT_REPORT_ELSEWHERE)
    if store_cli.at_or_above((r.highest for r in writer.rows.values() if r.highest), fail_on):
        raise typer.Exit(store_cli.EXIT_FINDINGS)
    if incomplete:
        raise typer.Exit(cli.EXIT_INCOMPLETE)
