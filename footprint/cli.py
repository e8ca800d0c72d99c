"""The `footprint` command line."""

from __future__ import annotations

import os
import stat
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from footprint import __version__, plugins, privatefile
from footprint.cachedir import default_cache_dir
from footprint.profile import Profile, ProfileError, load_profile
from footprint.scanner import Scanner, ScanOptions
from footprint.selection import SelectionError, readiness, select_scanners
from footprint.slate.command import register as register_slate
from footprint.store import cli as store_cli
from footprint.termtext import inert

if TYPE_CHECKING:
    import httpx

    from footprint.model import Severity
    from footprint.run import ScanRequest
    from reports.builder import Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Online-footprint health check for UK election candidates and their campaign staff.",
)

FORMATS = ("html", "json", "md", "csv")
# Exit codes (README: "What a scan tells you, and its exit code"). 0: the scan checked what it
# set out to, with or without findings. 2: bad input, nothing scanned. 3: the report is written
# but the check is incomplete (a source failed, the network was down, the time limit hit,
# nothing checked). 4: the report could not be written where asked; it was saved elsewhere
# (path on stderr). 5: --fail-on found a finding at that severity (store_cli.EXIT_FINDINGS).
# 130: interrupted with Ctrl-C (a partial report is written).
EXIT_BAD_INPUT = 2
EXIT_INCOMPLETE = 3
EXIT_REPORT_ELSEWHERE = 4
EXIT_INTERRUPTED = 130
Only = Annotated[list[str] | None, typer.Option("--only", help="Run only this scanner.")]
Skip = Annotated[list[str] | None, typer.Option("--skip", help="Do not run this scanner.")]
Urls = Annotated[
    list[str] | None,
    typer.Option("--url", help="A page to read and match (repeatable), beside public.urls."),
]
Sites = Annotated[
    Path | None, typer.Option("--sites", help="WhatsMyName-format site list to use instead.")
]
Consent = Annotated[
    list[str] | None,
    typer.Option(
        "--consent",
        help="Let this scanner send the private details it asks for (repeatable; "
        "footprint plan shows what and where).",
    ),
]
Requests = Annotated[
    Path | None,
    typer.Option(
        "--requests",
        help="Folder to save a ready-to-send removal request in, one file per place.",
    ),
]


def _positive(value: float) -> float:
    if not value > 0:  # also refuses nan
        raise fail(f"--timeout {value:g}: must be more than 0 seconds")
    return value


def _not_negative(value: int) -> int:
    if value < 0:
        raise fail(f"--max-depth {value}: must be 0 or more")
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"footprint {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Online-footprint health check for UK election candidates and their campaign staff."""


def fail(message: str) -> typer.Exit:
    """One line on stderr, exit code 2, no traceback. Echoed input cannot drive the terminal."""
    typer.echo(f"footprint: error: {inert(message)}", err=True)
    return typer.Exit(2)


def warn(message: str) -> None:
    """One line on stderr; the command carries on."""
    typer.echo(f"footprint: warning: {inert(message)}", err=True)


def _profile(path: Path) -> Profile:
    try:
        subject = load_profile(path)
    except ProfileError as exc:
        raise fail(str(exc)) from None
    if subject.private.empty:
        # Not an error (the public checks still run), but a clean result would mean nothing.
        warn(f"{path}: [private] is empty: nothing can be found without private details")
    return subject


def _scanners(only: list[str] | None, skip: list[str] | None) -> list[Scanner]:
    try:
        return select_scanners(plugins.scanner_classes(), only or (), skip or ())
    except SelectionError as exc:
        raise fail(str(exc)) from None


def _check_paths(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise fail(f"--path {str(path)!r}: no such file or directory")


def _check_urls(urls: list[str]) -> list[str]:
    for url in urls:
        if not url.startswith(("http://", "https://")) or len(url) < 11 or " " in url:
            raise fail(f"--url {url!r}: must be a web address starting with http:// or https://")
    return urls


def _check_output(target: Path, given: bool = True) -> None:
    """Fail now, not after the scan, if the report could not be written at `target`."""
    if str(target) == "-":
        return
    reason = privatefile.unwritable(target)
    if reason is None:
        return
    if given:
        raise fail(f"--output {str(target)!r}: {reason}")
    raise fail(f"report {str(target)!r}: {reason} (choose where with --output)")


def _check_consent(names: list[str] | None) -> tuple[str, ...]:
    from footprint.consent import check_consent

    problem = check_consent(names or (), plugins.scanner_classes())
    if problem:
        raise fail(problem)
    return tuple(dict.fromkeys(names or ()))


def _check_requests(folder: Path | None) -> None:
    """Fail now, not after the scan, if the requests could not be saved in `folder`."""
    if folder is None:
        return
    from reports.requests import unusable_folder

    reason = unusable_folder(folder)
    if reason is not None:
        raise fail(f"--requests {str(folder)!r}: {reason}")


def _check_options(scanners: list[Scanner], options: ScanOptions) -> None:
    """Each chosen scanner checks the options it reads (a --sites file) before any work."""
    for scanner in scanners:
        problem = scanner.check_options(options)
        if problem:
            raise fail(problem)


@app.command()
def scan(
    profile: Annotated[Path, typer.Argument(help="Subject profile (TOML).")],
    path: Annotated[
        list[Path] | None, typer.Option("--path", help="File or folder to check (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="html, json, md or csv.")] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Report file ('-' for stdout).")
    ] = None,
    reveal: Annotated[bool, typer.Option(help="Show full private values in the report.")] = False,
    offline: Annotated[bool, typer.Option(help="Guarantee no network access.")] = False,
    only: Only = None,
    skip: Skip = None,
    sites: Sites = None,
    url: Urls = None,
    consent: Consent = None,
    requests: Requests = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching private/loopback addresses (testing).")
    ] = False,
    max_depth: Annotated[
        int,
        typer.Option(
            callback=_not_negative,
            help="How far to follow discovered identifiers (0: only the profile's own).",
        ),
    ] = 2,
    timeout: Annotated[
        float, typer.Option(callback=_positive, help="Whole-scan time limit in seconds.")
    ] = 900.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    db: store_cli.Db = None,
    resume: store_cli.Resume = False,
    fail_on: store_cli.FailOn = None,
) -> None:
    """Scan public sources and local files for the subject's private details."""
    subject = _profile(profile)
    level = store_cli.check_fail_on(fail_on)
    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    target = output or Path(f"footprint-report.{fmt}")
    _check_output(target, given=output is not None)
    _check_requests(requests)
    paths = path or []
    _check_paths(paths)
    from footprint.net import NetSettings
    from footprint.run import ScanRequest

    urls = tuple(_check_urls(url or []))
    consents = _check_consent(consent)
    env = dict(os.environ)
    cache = default_cache_dir()
    options = ScanOptions(
        tuple(paths), sites, offline, env, urls=urls, consent=consents, cache_dir=cache
    )
    chosen = _scanners(only, skip)
    _check_options(chosen, options)
    request = ScanRequest(
        subject,
        chosen,
        options,
        NetSettings(allow_private=allow_private, offline=offline),
        max_depth,
        timeout,
    )
    recording = store_cli.begin(db, subject, request, resume)
    _execute(request, fmt, target, reveal, quiet, None, requests, recording, level)


def _execute(
    request: ScanRequest,
    fmt: str,
    target: Path,
    reveal: bool,
    quiet: bool,
    transport: httpx.AsyncBaseTransport | None = None,
    requests_to: Path | None = None,
    recording: store_cli.Recording | None = None,
    fail_on: Severity | None = None,
) -> None:
    from footprint.progress import ProgressObserver
    from footprint.run import run_scan, scan_notes
    from footprint.scrub import declared_secrets
    from footprint.status import gaps
    from reports import build_report, print_summary, render, write_report

    err = Console(stderr=True, highlight=False)
    show_progress = not quiet and err.is_terminal
    if show_progress:
        with ProgressObserver(err) as progress:
            observer = recording.observer(progress) if recording else progress
            result = run_scan(request, transport, observer, recording and recording.resume)
    else:
        observer = recording.observer() if recording else None
        result = run_scan(request, transport, observer, recording and recording.resume)
    notes = scan_notes(result)
    secrets = declared_secrets(request.scanners, request.options.env)
    report = build_report(
        request.profile,
        result.findings,
        result.sources,
        secrets=secrets,
        notes=notes,
        roots=request.options.paths,
        matcher=result.matcher,
    )
    text = render(report, fmt, reveal=reveal)
    failure: str | None = None
    if str(target) == "-":
        sys.stdout.write(text)
    else:
        try:
            write_report(target, text)
        except (OSError, UnicodeError) as exc:  # disk full, folder gone since the check...
            failure = getattr(exc, "strerror", None) or str(exc)
    incomplete = gaps(report.sources, notes)
    if recording is not None:
        recording.finish(result, bool(incomplete))
    if not quiet:
        print_summary(report, err)
        if result.withheld_seeds:
            n = len(result.withheld_seeds)
            err.print(
                Text(
                    f"{n} public identifier{'s' if n > 1 else ''} in the profile "
                    f"{'were' if n > 1 else 'was'} not searched: "
                    f"{'they hold' if n > 1 else 'it holds'} a private detail "
                    "(see footprint plan).",
                    "yellow",
                )
            )
        if str(target) != "-" and failure is None:
            err.print(Text(f"Report written to {inert(target)}"))
    if requests_to is not None:
        _save_requests(report, requests_to, reveal, quiet, err)
    if failure is not None:
        _save_elsewhere(text, fmt, target, failure)
    if result.by_user:
        raise typer.Exit(EXIT_INTERRUPTED)
    if failure is not None:
        raise typer.Exit(EXIT_REPORT_ELSEWHERE)
    if store_cli.at_or_above((f.severity for f in result.findings), fail_on):
        raise typer.Exit(store_cli.EXIT_FINDINGS)
    if incomplete:
        raise typer.Exit(EXIT_INCOMPLETE)


def _save_requests(report: Report, folder: Path, reveal: bool, quiet: bool, err: Console) -> None:
    """Requests are in the report too, so a folder that fails now costs a warning, not them."""
    from reports.requests import write_requests
    from reports.view import build_view

    requests = [q for _, q in build_view(report, reveal).requests]
    try:
        written = write_requests(folder, requests)
    except OSError as exc:
        warn(
            f"could not save the requests in {str(folder)!r}: {exc.strerror or exc}; "
            "they are in the report"
        )
        return
    if not quiet:
        n = len(written)
        what = f"{n} ready-to-send request{'s' if n != 1 else ''}"
        err.print(Text(f"{what} saved in {inert(folder)}" if n else "No requests to send."))


def _save_elsewhere(text: str, fmt: str, target: Path, failure: str) -> None:
    """The scan is done but its report could not be written: never lose it."""
    from reports.output import save_fallback

    saved = save_fallback(text, fmt)
    problem = f"footprint: error: could not write the report to {str(target)!r}: {failure}"
    if saved is None:
        typer.echo(inert(f"{problem}; no folder would take it, so here it is:"), err=True)
        sys.stdout.write(text)
    else:
        typer.echo(inert(f"{problem}; saved it to {str(saved)!r} instead"), err=True)


def _check_init_target(path: Path, force: bool) -> None:
    """A profile is written only as a regular file: never into a folder or through a symlink."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise fail(f"{path}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISLNK(mode):
        raise fail(f"{path}: is a symbolic link; footprint will not write through it")
    if mode is not None and stat.S_ISDIR(mode):
        raise fail(f"{path}: is a folder; give a file name, e.g. {path / 'me.toml'}")
    if mode is not None and not stat.S_ISREG(mode):
        raise fail(f"{path}: is not a regular file")
    if mode is not None and not force:
        raise fail(f"{path}: already exists (use --force to overwrite)")
    reason = privatefile.unwritable(path)
    if reason is not None:
        raise fail(f"{path}: {reason}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the profile template.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented profile template to fill in."""
    _check_init_target(path, force)
    template = resources.files("footprint").joinpath("data/profile-template.toml").read_text()
    try:
        if force and path.is_file():
            privatefile.replace(path, template)  # atomic, and 0600 whatever the old mode was
        else:
            privatefile.create(path, template)  # O_EXCL | O_NOFOLLOW: nothing is written through
    except FileExistsError:
        raise fail(f"{path}: already exists (use --force to overwrite)") from None
    except OSError as exc:
        raise fail(f"{path}: cannot be written: {exc.strerror or exc}") from None
    typer.echo(inert(f"Wrote {path}. Fill it in, then run: footprint plan {path}"))


@app.command()
def plan(
    profile: Annotated[Path, typer.Argument(help="Subject profile (TOML).")],
    offline: Annotated[bool, typer.Option(help="Plan for an offline scan.")] = False,
    only: Only = None,
    skip: Skip = None,
    sites: Sites = None,
    url: Urls = None,
    consent: Consent = None,
) -> None:
    """Show exactly which identifiers each scanner would send to which hosts."""
    from footprint.plan import plan as make_plan
    from footprint.plan import unconsented, withheld

    subject = _profile(profile)
    scanners = _scanners(only, skip)
    urls = tuple(_check_urls(url or []))
    consents = _check_consent(consent)
    cache = default_cache_dir()
    options = ScanOptions(
        (), sites, offline, dict(os.environ), urls=urls, consent=consents, cache_dir=cache
    )
    _check_options(scanners, options)
    sends = make_plan(subject, scanners, options)
    asking = {s.name: s for s in unconsented(subject, scanners, options)}
    out = Console()
    for scanner in scanners:
        state = readiness(scanner, options.env, offline)
        idle = scanner.idle_reason(options)
        if idle and state == "ready":
            state = f"not run: {idle}"  # e.g. no search backend configured
        mine = [s for s in sends if s.scanner == scanner.name]
        # Usernames, hosts and plugin names are untrusted: Text (no markup) and escaped.
        out.print(Text(inert(scanner.name), "bold").append(f" ({inert(state)})", ""))
        if not mine:
            out.print("  sends nothing off this machine")
        for send in mine:
            line = f"  {inert(send.kind)} {inert(repr(send.value))} -> {inert(send.host)}"
            text = Text(line)
            if send.private:
                text.append("  PRIVATE, sent with your consent", "bold red")
            out.print(text, highlight=False)
        if scanner.name in asking:
            kinds = " and ".join(sorted(f"{k.value}s" for k in scanner.consent_sends))
            out.print(
                Text(
                    f"  your private {kinds}: not sent; add --consent {inert(scanner.name)} "
                    f"to check them too ({inert(scanner.consent_reason)})"
                )
            )
    refused = withheld(subject, options)
    if refused:
        out.print(Text("\nNot sent: these public identifiers hold a private detail", "bold"))
        from reports.labels import CATEGORY_LABELS

        for seed, category in refused:
            what = CATEGORY_LABELS[category].lower()
            out.print(Text(f"  {inert(seed.kind)} {inert(repr(seed.value))}: it holds your {what}"))
    if any(send.private for send in sends):
        rule = (
            "\nPrivate details are never sent, except those marked PRIVATE above: you gave "
            "--consent for them, and they go only to that scanner's host."
        )
    else:
        rule = (
            "\nPrivate details are never sent: none of the sends above is private, and none "
            "needs your consent."
        )
    out.print(
        Text(
            f"{rule} Public pages found during a scan may lead to further public identifiers "
            "(e.g. a linked username), sent to the same hosts as above; any that holds a "
            "private detail is withheld, and every request is checked for private details "
            "before it leaves."
        )
    )


@app.command("scanners")
def list_scanners(
    offline: Annotated[bool, typer.Option(help="Show status for an offline scan.")] = False,
) -> None:
    """List scanners with their status (ready / needs KEY / offline-only) and endpoints."""
    out = Console(highlight=False)
    for scanner in select_scanners(plugins.scanner_classes()):
        base, origin = scanner.endpoint_for(os.environ)
        consumes = ", ".join(sorted(k.value for k in scanner.consumes)) or "-"
        produces = ", ".join(sorted(k.value for k in scanner.produces)) or "-"
        # Plugin text: no markup, controls escaped.
        state = readiness(scanner, os.environ, offline)
        idle = scanner.idle_reason(ScanOptions(offline=offline, env=dict(os.environ)))
        if idle and state == "ready":
            state = "not run"  # nothing configured to do (the reason follows)
        out.print(Text(inert(scanner.name), "bold").append(f" ({inert(state)})", ""))
        out.print(Text(f"  {inert(scanner.description)}"))
        out.print(Text(f"  consumes: {consumes}; produces: {produces}"))
        if scanner.consent_sends:
            kinds = " and ".join(sorted(f"{k.value}s" for k in scanner.consent_sends))
            name = inert(scanner.name)
            out.print(Text(f"  with --consent {name} only: also your private {kinds}"))
        if base:
            variable = scanner.endpoint_variable()
            source = f"default; {variable} changes it" if origin == "default" else f"from {origin}"
            out.print(Text(f"  endpoint: {inert(base)} ({source})"))
        for service in scanner.endpoints:
            url, came = scanner.endpoints_for(os.environ)[service.name]
            source = (
                f"from {came}" if came != "default" else f"default; {service.variable} changes it"
            )
            shown = f"{url} ({source})" if url else f"off (set {service.variable} to use it)"
            out.print(Text(f"  {inert(service.name)}: {inert(shown)}"))
        if scanner.wants:
            wanted = (f"{v} ({'set' if os.environ.get(v) else 'not set'})" for v in scanner.wants)
            out.print(Text(f"  optional: {inert(', '.join(wanted))}"))
        if idle:
            out.print(Text(f"  not run: {inert(idle)}"))


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Report file.")] = Path(
        "footprint-demo.html"
    ),
    fmt: Annotated[str, typer.Option("--format", help="html, json, md or csv.")] = "html",
    reveal: Annotated[bool, typer.Option(help="Show full values (all fictional).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    requests: Requests = None,
) -> None:
    """Scan a fictional candidate against a bundled sandbox web: no network needed."""
    from footprint.demo import demo_request, demo_transport

    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    _check_output(output)
    _check_requests(requests)
    with demo_request() as request:
        _execute(request, fmt, output, reveal, quiet, demo_transport(), requests)


register_slate(app)  # `footprint slate` (footprint/slate/command.py)
store_cli.register(app)  # history, diff, evidence export
# Plugins (built-ins among them) add their own commands, e.g. `footprint sites update`.
plugins.plugin_manager().hook.register_commands(cli=app)


def main() -> None:  # pragma: no cover - console entry
    app()
