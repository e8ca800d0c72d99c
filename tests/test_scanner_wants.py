"""Optional keys (`wants`), further endpoints (`endpoints`), declared host rates and the area:
what a scanner gets in its context, and what the report masks."""

from __future__ import annotations

from collections.abc import AsyncIterator

from typer.testing import CliRunner

from footprint import plugins
from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.net import NetSettings
from footprint.run import ScanRequest, net_settings
from footprint.scanner import Endpoint, Event, ScanContext, Scanner, ScanOptions
from footprint.scrub import declared_secrets


class Backends(Scanner):
    name = "backends"
    description = "test: several services, each optional"
    consumes = frozenset({Kind.NAME})
    needs = ("MUST_KEY",)
    wants = ("NICE_KEY", "OTHER_NICE_KEY")
    endpoints = (
        Endpoint("alpha", "https://alpha.example/v1", "FOOTPRINT_BACKENDS_ALPHA_URL", (1.0, 1)),
        Endpoint("beta", "", "BETA_URL"),
    )

    def idle_reason(self, options: ScanOptions) -> str:
        return "" if options.env.get("BETA_URL") else "no beta: set BETA_URL"

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield identifier  # type: ignore[misc]


def _ctx(env: dict[str, str]) -> ScanContext:
    return Backends().context(ScanContext(object(), ScanOptions(env=env)))  # type: ignore[arg-type]


def test_wanted_keys_are_passed_when_set_and_never_required() -> None:
    env = {"MUST_KEY": "m-111", "NICE_KEY": "n-222", "UNRELATED": "u-333"}
    ctx = _ctx(env)
    assert dict(ctx.secrets) == {"MUST_KEY": "m-111", "NICE_KEY": "n-222"}
    assert dict(ctx.options.env) == {}
    assert Backends().missing_needs({"MUST_KEY": "m"}) == []  # a want is never a need


def test_wanted_keys_are_masked_like_needed_ones() -> None:
    env = {"MUST_KEY": "m-111", "NICE_KEY": "n-222", "UNRELATED": "u-333"}
    assert declared_secrets([Backends()], env) == ("m-111", "n-222")


def test_each_further_endpoint_has_its_default_or_its_override() -> None:
    assert dict(_ctx({}).endpoints) == {"alpha": "https://alpha.example/v1", "beta": ""}
    env = {"FOOTPRINT_BACKENDS_ALPHA_URL": "http://127.0.0.1:9/", "BETA_URL": "https://b.example/"}
    assert dict(_ctx(env).endpoints) == {"alpha": "http://127.0.0.1:9", "beta": "https://b.example"}
    assert Backends().endpoints_for(env)["alpha"] == (
        "http://127.0.0.1:9",
        "FOOTPRINT_BACKENDS_ALPHA_URL",
    )


def test_an_endpoints_documented_rate_applies_to_its_host_default_or_override(
    candidate,
) -> None:
    assert Backends().host_rates({}) == [("alpha.example", 1.0, 1)]
    moved = {"FOOTPRINT_BACKENDS_ALPHA_URL": "http://127.0.0.1:9"}
    assert Backends().host_rates(moved) == [("127.0.0.1", 1.0, 1)]
    request = ScanRequest(candidate, [Backends()], ScanOptions(), NetSettings())
    assert net_settings(request).rate_for("alpha.example") == (1.0, 1)
    assert net_settings(request).rate_for("other.example") == (2.0, 4)
    mine = NetSettings(host_rates=(("alpha.example", 5.0, 5),))
    assert net_settings(ScanRequest(candidate, [Backends()], ScanOptions(), mine)).rate_for(
        "alpha.example"
    ) == (5.0, 5)


def test_scanners_command_shows_endpoints_optional_keys_and_why_it_would_not_run(
    monkeypatch,
) -> None:
    from footprint import cli

    monkeypatch.setattr(plugins, "scanner_classes", lambda pm=None: {"backends": Backends})
    monkeypatch.delenv("BETA_URL", raising=False)
    monkeypatch.setenv("MUST_KEY", "m-1")
    monkeypatch.setenv("NICE_KEY", "n-2")
    out = CliRunner().invoke(cli.app, ["scanners"], env={"COLUMNS": "250"}).output
    assert "backends (not run)" in out
    assert (
        "alpha: https://alpha.example/v1 (default; FOOTPRINT_BACKENDS_ALPHA_URL changes it)" in out
    )
    assert "beta: off (set BETA_URL to use it)" in out
    assert "optional: NICE_KEY (set), OTHER_NICE_KEY (not set)" in out
    assert "not run: no beta: set BETA_URL" in out
    assert "n-2" not in out and "m-1" not in out
    monkeypatch.setenv("BETA_URL", "https://b.example")
    out = CliRunner().invoke(cli.app, ["scanners"], env={"COLUMNS": "250"}).output
    assert "backends (ready)" in out and "beta: https://b.example (from BETA_URL)" in out
    assert "not run" not in out


class _Area(Scanner):
    name = "area"
    description = "test: sends the name with the area"
    consumes = frozenset({Kind.NAME})

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        assert identifier is not None
        return [(f"{identifier.value} {options.area}".strip(), "search.example")]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        yield identifier  # type: ignore[misc]


def test_plan_gives_scanners_the_area_and_drops_a_value_holding_a_private_detail(
    candidate,
) -> None:
    from dataclasses import replace

    from footprint.plan import plan

    sends = plan(candidate, [_Area()], ScanOptions())
    names = (candidate.name, *candidate.aliases)
    assert {s.value for s in sends} == {f"{n} {candidate.area}" for n in names}
    assert candidate.area
    # An area that is itself private (the home postcode) never reaches the plan.
    leaky = replace(candidate, area="GL12 8QX")
    assert plan(leaky, [_Area()], ScanOptions()) == []
