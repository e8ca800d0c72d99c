"""`footprint sites ...`: the accounts scanner's own commands, registered through the
`register_commands` hook like any plugin's."""

from __future__ import annotations

from pathlib import Path

import typer

sites_app = typer.Typer(no_args_is_help=True, help="Manage WhatsMyName-format site lists.")


@sites_app.command("update")
def sites_update() -> None:
    """Download and cache the current WhatsMyName list (with its licence)."""
    import asyncio

    import httpx

    from footprint.cli import fail
    from footprint.net import NetSettings, build_client
    from footprint.termtext import inert
    from scanners.accounts.sites_update import default_cache_dir, update_sites

    async def main() -> Path:
        async with build_client(NetSettings()) as client:
            return await update_sites(client, default_cache_dir())

    try:
        path = asyncio.run(main())
    except (httpx.HTTPError, ValueError) as exc:
        raise fail(f"sites update: {exc}") from None
    typer.echo(inert(f"Saved the WhatsMyName list to {path}; use it with --sites {path}"))
