"""Wires a scan together: one client, one engine, and a partial result on Ctrl-C."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Protocol

import httpx

from footprint.consent import consented_checks
from footprint.engine import Engine, Observer, ScanResult
from footprint.model import Category
from footprint.net import NetSettings, RequestCounter, build_client
from footprint.net.health import NetworkHealth
from footprint.privacy import PrivateForms
from footprint.profile import Profile
from footprint.resume import Resume
from footprint.scanner import ScanContext, Scanner, ScanOptions
from footprint.seeds import scan_seeds


class Gate(Protocol):
    """What the engine's gate asks: the category of a private detail `text` holds, or None."""

    def find(self, text: str) -> Category | None: ...


@dataclass(frozen=True)
class ScanRequest:
    profile: Profile
    scanners: list[Scanner]
    options: ScanOptions
    net: NetSettings
    max_depth: int = 2
    timeout: float | None = None


def run_scan(
    request: ScanRequest,
    transport: httpx.AsyncBaseTransport | None = None,
    observer: Observer | None = None,
    resume: Resume | None = None,
) -> ScanResult:
    """Run a scan to completion, or until Ctrl-C, returning whatever was gathered.

    The client carries the wire guard (built from the whole profile), so no request that
    holds a private detail leaves, whichever scanner builds it; a scanner given `--consent`
    may send exactly the private details it asked for, and no others. `resume` carries on an
    earlier, unfinished run of the same scan (footprint.resume)."""
    engines: list[Engine] = []
    health = NetworkHealth()

    async def main() -> ScanResult:
        counter = RequestCounter()
        forms = PrivateForms(request.profile)
        consented = consented_checks(request.profile, request.scanners, request.options)
        async with build_client(
            net_settings(request),
            transport,
            counter,
            private=forms.find,
            consented=consented,
            health=health,
        ) as client:
            return await run_engine(request, client, counter, observer, engines, resume=resume)

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


async def run_engine(
    request: ScanRequest,
    client: httpx.AsyncClient,
    counter: RequestCounter,
    observer: Observer | None = None,
    engines: list[Engine] | None = None,
    gate: Gate | None = None,
    resume: Resume | None = None,
) -> ScanResult:
    """Run one subject's engine on a client built elsewhere (a slate shares one client across
    its candidates). The client must carry a wire guard covering this profile's private
    details; `counter` must be the one that client's counting transport adds this subject's
    requests to. The engine is appended to `engines` before it runs (for a partial result).
    `gate`: what the engine withholds identifiers by, instead of this profile's own forms (a
    slate's covers every candidate, as its wire guard does). `resume`: carry on an earlier,
    unfinished run of the same scan (footprint.resume)."""
    ctx = ScanContext(client, replace(request.options, area=request.profile.area or ""))
    engine = Engine(
        request.profile,
        request.scanners,
        ctx,
        counter,
        request.max_depth,
        observer,
        resume,
        forms=gate,  # type: ignore[arg-type]  # it only asks find()
    )
    if engines is not None:
        engines.append(engine)
    return await engine.run(scan_seeds(request.profile, request.options), request.timeout)


def net_settings(request: ScanRequest) -> NetSettings:
    """The request's network settings plus each scanner's documented rates for its services'
    hosts (`Scanner.endpoint_rate`, `Endpoint.rate`); a rate already set for a host is kept."""
    env = request.options.env
    rates = [rate for s in request.scanners for rate in s.host_rates(env)]
    known = {host.lower() for host, _, _ in request.net.host_rates}
    extra = tuple(r for r in rates if r[0].lower() not in known)
    if not extra:
        return request.net
    return replace(request.net, host_rates=(*request.net.host_rates, *extra))


def scan_notes(result: ScanResult) -> list[str]:
    """Scan-level facts the report must state (they make "nothing found" incomplete)."""
    notes = []
    if result.network_down:
        notes.append(result.network_down + "; web sources could not be checked")
    if result.interrupted:
        notes.append("the scan was interrupted before it finished")
    return notes
