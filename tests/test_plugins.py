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
    # Every scanner is named, in order (whatever other built-ins sit between these).
    with pytest.raises(SelectionError, match=r"known: accounts, (\w+, )*example, (\w+, )*local"):
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


class Keyed(Scanner):
    name = "keyed_api"
    description = "test: a keyed API"
    consumes = frozenset({Kind.USERNAME})
    needs = ("KEYED_API_KEY",)
    endpoint = "https://api.keyed.example"

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield identifier  # type: ignore[misc]


def test_a_scanner_gets_only_its_own_keys_and_its_endpoint() -> None:
    from footprint.scanner import ScanOptions

    env = {"KEYED_API_KEY": "k-123", "OTHER_SECRET": "s-456", "HOME": "/root"}
    shared = ScanContext(object(), ScanOptions(env=env))  # type: ignore[arg-type]
    ctx = Keyed().context(shared)
    assert dict(ctx.secrets) == {"KEYED_API_KEY": "k-123"}
    assert dict(ctx.options.env) == {}  # never the whole environment
    assert ctx.endpoint == "https://api.keyed.example"
    assert "k-123" not in repr(ctx)
    override = ScanOptions(env={**env, "FOOTPRINT_KEYED_API_URL": "http://127.0.0.1:8080/"})
    assert Keyed().context(ScanContext(object(), override)).endpoint == "http://127.0.0.1:8080"  # type: ignore[arg-type]
    assert Keyed().endpoint_for(override.env) == (
        "http://127.0.0.1:8080",
        "FOOTPRINT_KEYED_API_URL",
    )


def test_scanners_command_shows_each_endpoint_and_where_it_came_from(monkeypatch) -> None:
    from typer.testing import CliRunner

    from footprint import cli

    monkeypatch.setattr(plugins, "scanner_classes", lambda pm=None: {"keyed_api": Keyed})
    monkeypatch.setenv("FOOTPRINT_KEYED_API_URL", "http://127.0.0.1:9/")
    result = CliRunner().invoke(cli.app, ["scanners"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:9 (from FOOTPRINT_KEYED_API_URL)" in result.output
