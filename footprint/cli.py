"""The `footprint` command line."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from footprint import plugins
from footprint.profile import Profile, ProfileError, load_profile
from footprint.scanner import Scanner, ScanOptions
from footprint.selection import SelectionError, readiness, select_scanners

if TYPE_CHECKING:
    import httpx

    from footprint.run import ScanRequest

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Online-footprint health check for UK election candidates and their campaign staff.",
)
sites_app = typer.Typer(no_args_is_help=True, help="Manage WhatsMyName-format site lists.")
app.add_typer(sites_app, name="sites")

FORMATS = ("html", "json", "md")
Only = Annotated[list[str] | None, typer.Option("--only", help="Run only this scanner.")]
Skip = Annotated[list[str] | None, typer.Option("--skip", help="Do not run this scanner.")]
Sites = Annotated[
    Path | None, typer.Option("--sites", help="WhatsMyName-format site list to use instead.")
]


def fail(message: str) -> typer.Exit:
    """One line on stderr, exit code 2, no traceback."""
    typer.echo(f"footprint: error: {message}", err=True)
    return typer.Exit(2)


def _profile(path: Path) -> Profile:
    try:
        return load_profile(path)
    except ProfileError as exc:
        raise fail(str(exc)) from None


def _scanners(only: list[str] | None, skip: list[str] | None) -> list[Scanner]:
    try:
        return select_scanners(plugins.scanner_classes(), only or (), skip or ())
    except SelectionError as exc:
        raise fail(str(exc)) from None


def _check_paths(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise fail(f"--path {str(path)!r}: no such file or directory")


def _check_sites(sites: Path | None) -> None:
    if sites is None:
        return
    from footprint.sites import SitesError, load_sites

    try:
        load_sites(sites)
    except SitesError as exc:
        raise fail(str(exc)) from None


@app.command()
def scan(
    profile: Annotated[Path, typer.Argument(help="Subject profile (TOML).")],
    path: Annotated[
        list[Path] | None, typer.Option("--path", help="File or folder to check (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="html, json or md.")] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Report file ('-' for stdout).")
    ] = None,
    reveal: Annotated[bool, typer.Option(help="Show full private values in the report.")] = False,
    offline: Annotated[bool, typer.Option(help="Guarantee no network access.")] = False,
    only: Only = None,
    skip: Skip = None,
    sites: Sites = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching private/loopback addresses (testing).")
    ] = False,
    max_depth: Annotated[int, typer.Option(help="How far to follow discovered identifiers.")] = 2,
    timeout: Annotated[float, typer.Option(help="Whole-scan time limit in seconds.")] = 900.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Scan public sources and local files for the subject's private details."""
    subject = _profile(profile)
    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    paths = path or []
    _check_paths(paths)
    _check_sites(sites)
    from footprint.net import NetSettings
    from footprint.run import ScanRequest

    options = ScanOptions(tuple(paths), sites, offline, dict(os.environ))
    request = ScanRequest(
        subject,
        _scanners(only, skip),
        options,
        NetSettings(allow_private=allow_private, offline=offline),
        max_depth,
        timeout,
    )
    _execute(request, fmt, output, reveal, quiet)


def _execute(
    request: ScanRequest,
    fmt: str,
    output: Path | None,
    reveal: bool,
    quiet: bool,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    from footprint.progress import ProgressObserver
    from footprint.run import run_scan
    from footprint.scrub import declared_secrets
    from reports import build_report, print_summary, render, write_report

    err = Console(stderr=True)
    show_progress = not quiet and err.is_terminal
    if show_progress:
        with ProgressObserver(err) as observer:
            result = run_scan(request, transport, observer)
    else:
        result = run_scan(request, transport)
    secrets = declared_secrets(request.scanners, request.options.env)
    report = build_report(request.profile, result.findings, result.sources, secrets=secrets)
    text = render(report, fmt, reveal=reveal)
    target = output or Path(f"footprint-report.{fmt}")
    if str(target) == "-":
        sys.stdout.write(text)
    else:
        write_report(target, text)
    if not quiet:
        print_summary(report, err)
        if result.interrupted:
            err.print("[yellow]Scan interrupted: the report is partial.[/]")
        if str(target) != "-":
            err.print(f"Report written to {target}")
    if result.by_user:
        raise typer.Exit(130)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the profile template.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented profile template to fill in."""
    if path.exists() and not force:
        raise fail(f"{path}: already exists (use --force to overwrite)")
    template = resources.files("footprint").joinpath("data/profile-template.toml").read_text()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(template)
    typer.echo(f"Wrote {path}. Fill it in, then run: footprint plan {path}")


@app.command()
def plan(
    profile: Annotated[Path, typer.Argument(help="Subject profile (TOML).")],
    offline: Annotated[bool, typer.Option(help="Plan for an offline scan.")] = False,
    only: Only = None,
    skip: Skip = None,
    sites: Sites = None,
) -> None:
    """Show exactly which identifiers each scanner would send to which hosts."""
    from footprint.plan import plan as make_plan

    subject = _profile(profile)
    _check_sites(sites)
    scanners = _scanners(only, skip)
    options = ScanOptions((), sites, offline, dict(os.environ))
    sends = make_plan(subject, scanners, options)
    out = Console()
    for scanner in scanners:
        state = readiness(scanner, options.env, offline)
        mine = [s for s in sends if s.scanner == scanner.name]
        out.print(f"[bold]{scanner.name}[/] ({state})")
        if not mine:
            out.print("  sends nothing off this machine")
        for send in mine:
            out.print(f"  {send.kind} {send.value!r} -> {send.host}", highlight=False)
    out.print(
        "\nPrivate details are never sent. Public pages found during a scan may lead to further "
        "public identifiers (e.g. a linked username), sent to the same hosts as above."
    )


@app.command("scanners")
def list_scanners(
    offline: Annotated[bool, typer.Option(help="Show status for an offline scan.")] = False,
) -> None:
    """List scanners with their status (ready / needs KEY / offline-only)."""
    from rich.table import Table

    table = Table("scanner", "status", "consumes", "produces", "description")
    for scanner in select_scanners(plugins.scanner_classes()):
        table.add_row(
            scanner.name,
            readiness(scanner, os.environ, offline),
            ", ".join(sorted(k.value for k in scanner.consumes)) or "-",
            ", ".join(sorted(k.value for k in scanner.produces)) or "-",
            scanner.description,
        )
    Console().print(table)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Report file.")] = Path(
        "footprint-demo.html"
    ),
    fmt: Annotated[str, typer.Option("--format", help="html, json or md.")] = "html",
    reveal: Annotated[bool, typer.Option(help="Show full values (all fictional).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Scan a fictional candidate against a bundled sandbox web: no network needed."""
    from footprint.demo import demo_request, demo_transport

    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    with demo_request() as request:
        _execute(request, fmt, output, reveal, quiet, transport=demo_transport())


@sites_app.command("update")
def sites_update() -> None:
    """Download and cache the current WhatsMyName list (with its licence)."""
    import asyncio

    import httpx

    from footprint.net import NetSettings, build_client
    from footprint.sites_update import default_cache_dir, update_sites

    async def main() -> Path:
        async with build_client(NetSettings()) as client:
            return await update_sites(client, default_cache_dir())

    try:
        path = asyncio.run(main())
    except (httpx.HTTPError, ValueError) as exc:
        raise fail(f"sites update: {exc}") from None
    typer.echo(f"Saved the WhatsMyName list to {path}; use it with --sites {path}")


def main() -> None:  # pragma: no cover - console entry
    app()
