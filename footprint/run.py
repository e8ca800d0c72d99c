"""Wires a scan together: one client, one engine, and a partial result on Ctrl-C."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, replace

import httpx

from footprint.engine import Engine, Observer, ScanResult
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.net.health import NetworkHealth
from footprint.privacy import PrivateForms
from footprint.profile import Profile
from footprint.scanner import ScanContext, Scanner, ScanOptions
from footprint.seeds import scan_seeds


@dataclass(frozen=True)
class ScanRequest:
    profile: Profile
    scanners: list[Scanner]
    options: ScanOptions
    net: NetSettings
    max_depth: int = 2
    timeout: float | None = None


def polite_settings(net: NetSettings, scanners: Iterable[Scanner]) -> NetSettings:
    """The settings with each scanner's declared host rates added after the settings' own
    (which win: the longest matching host wins, and the first among equals)."""
    declared = tuple(rate for scanner in scanners for rate in scanner.host_rates)
    if not declared:
        return net
    return replace(net, host_rates=(*net.host_rates, *declared))


def run_scan(
    request: ScanRequest,
    transport: httpx.AsyncBaseTransport | None = None,
    observer: Observer | None = None,
) -> ScanResult:
    """Run a scan to completion, or until Ctrl-C, returning whatever was gathered.

    The client carries the wire guard (built from the whole profile), so no request that
    holds a private detail leaves, whichever scanner builds it. Scanners' declared host
    rates apply when requests go to the real network; a given `transport` (the demo's
    recorded web, tests) never reaches those services, so it is not slowed down for them."""
    engines: list[Engine] = []
    net = request.net if transport is not None else polite_settings(request.net, request.scanners)
    health = NetworkHealth()

    async def main() -> ScanResult:
        counter = RequestCounter()
        forms = PrivateForms(request.profile)
        async with build_client(
            net, transport, counter, private=forms.find, health=health
        ) as client:
            ctx = ScanContext(client, request.options)
            engine = Engine(
                request.profile, request.scanners, ctx, counter, request.max_depth, observer
            )
            engines.append(engine)
            return await engine.run(scan_seeds(request.profile, request.options), request.timeout)

    try:
        result = asyncio.run(main())
    except KeyboardInterrupt:
        if not engines:
            raise
        result = engines[0].result(interrupted=True)
        result.by_user = True
    if health.tripped:
        result.network_down = health.describe()
    return result


def scan_notes(result: ScanResult) -> list[str]:
    """Scan-level facts the report must state (they make "nothing found" incomplete)."""
    notes = []
    if result.network_down:
        notes.append(result.network_down + "; web sources could not be checked")
    if result.interrupted:
        notes.append("the scan was interrupted before it finished")
    return notes
