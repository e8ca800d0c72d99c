"""Third-party scanners plug in through the same hook as the built-ins."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from footprint import plugins
from footprint.hookspecs import hookimpl
from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.scanner import Event, ScanContext, Scanner, Send
from footprint.selection import SelectionError, select_scanners


class Example(Scanner):
    name = "example"
    description = "Looks the username up on example.org"
    consumes = frozenset({Kind.USERNAME})
    sends = (Send(Kind.USERNAME, "example.org"),)

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield identifier  # type: ignore[misc]


class ExamplePlugin:
    @hookimpl
    def register_scanners(self) -> list[type[Scanner]]:
        return [Example]


class Clash:
    @hookimpl
    def register_scanners(self) -> list[type[Scanner]]:
        return [type("Other", (Example,), {"name": "accounts"})]


def test_plugin_scanner_is_listed_beside_builtins() -> None:
    classes = plugins.scanner_classes(plugins.plugin_manager([ExamplePlugin()]))
    assert classes["example"] is Example
    assert {"local_files", "accounts"} <= set(classes)


def test_duplicate_scanner_names_are_refused() -> None:
    with pytest.raises(ValueError, match="accounts"):
        plugins.scanner_classes(plugins.plugin_manager([Clash()]))


def test_only_and_skip() -> None:
    classes = plugins.scanner_classes(plugins.plugin_manager([ExamplePlugin()]))
    assert [s.name for s in select_scanners(classes, only=["example"])] == ["example"]
    assert "example" not in [s.name for s in select_scanners(classes, skip=["example"])]
    with pytest.raises(SelectionError, match="known: accounts, example, local_files"):
        select_scanners(classes, only=["nope"])


def test_plan_lists_plugin_sends_for_public_seeds(candidate) -> None:
    from footprint.plan import plan
    from footprint.scanner import ScanOptions

    sends = plan(candidate, [Example()], ScanOptions())
    assert [(s.scanner, s.kind, s.value, s.host) for s in sends] == [
        ("example", "username", "ewhitcombe", "example.org")
    ]


def test_plugins_add_commands_through_register_commands() -> None:
    import typer
    from typer.testing import CliRunner

    class Commands:
        @hookimpl
        def register_commands(self, cli: typer.Typer) -> None:
            @cli.command("hello")
            def hello() -> None:
                typer.echo("hello from a plugin")

    app = typer.Typer()

    @app.command("noop")
    def noop() -> None:  # a second command, so typer keeps subcommands
        pass

    plugins.plugin_manager([Commands()]).hook.register_commands(cli=app)
    result = CliRunner().invoke(app, ["hello"])
    assert result.exit_code == 0 and "hello from a plugin" in result.output


def test_the_builtin_accounts_plugin_registers_sites_update() -> None:
    from typer.testing import CliRunner

    from footprint.cli import app

    result = CliRunner().invoke(app, ["sites", "--help"])
    assert result.exit_code == 0 and "update" in result.output
    # The WhatsMyName code lives with the accounts scanner, not in the core.
    import importlib.util

    assert importlib.util.find_spec("footprint.sites") is None
    assert importlib.util.find_spec("scanners.accounts.sites") is not None
