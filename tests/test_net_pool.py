"""The real-network transport: origins sharded over pools, every shard guarded at connect."""

from __future__ import annotations

import httpcore
import httpx
import pytest

from footprint.net import BlockedAddressError, NetSettings, build_client
from footprint.net.health import NetworkHealth
from footprint.net.pool import ShardedTransport, network_transport


def tagged(name: str, seen: list[tuple[str, str]]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((name, request.url.host))
        return httpx.Response(200)

    return httpx.MockTransport(handler)


async def test_an_origin_always_goes_to_the_same_shard_and_hosts_spread() -> None:
    seen: list[tuple[str, str]] = []
    sharded = ShardedTransport([tagged(f"shard{i}", seen) for i in range(4)])
    async with httpx.AsyncClient(transport=sharded) as client:
        for _ in range(3):
            for i in range(40):
                await client.get(f"https://h{i}.example.org/x")
    by_host: dict[str, set[str]] = {}
    for shard, host in seen:
        by_host.setdefault(host, set()).add(shard)
    assert len(by_host) == 40
    assert all(len(shards) == 1 for shards in by_host.values())
    assert {shard for shard, _ in seen} == {"shard0", "shard1", "shard2", "shard3"}


def test_default_transport_has_the_configured_shards() -> None:
    assert len(network_transport(NetSettings()).shards) == NetSettings().pool_shards
    assert len(network_transport(NetSettings(pool_shards=3)).shards) == 3
    with pytest.raises(ValueError):
        NetSettings(pool_shards=0)


class RecordingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.targets: list[tuple[str, int]] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.targets.append((host, port))
        raise httpcore.ConnectError("recorded only")


async def test_every_shard_checks_addresses_before_connecting() -> None:
    answers = {"good": "93.184.215.14", "bad": "10.1.2.3"}

    async def resolver(host: str, port: int) -> list[str]:
        return [answers[host.split("-")[0]]]

    backend = RecordingBackend()
    settings = NetSettings(retries=0, per_host_rate=1000.0, per_host_burst=1000)
    hosts = [f"{kind}-{i}.example.org" for kind in ("good", "bad") for i in range(24)]
    shards = network_transport(settings)
    assert {id(shards.shard_for(httpx.URL(f"https://{h}/"))) for h in hosts} == {
        id(s) for s in shards.shards
    }  # the hosts below reach every shard
    never_down = NetworkHealth(threshold=10**6)  # every good host fails to connect, by design
    async with build_client(
        settings, resolver=resolver, network_backend=backend, health=never_down
    ) as client:
        for host in hosts:
            error = BlockedAddressError if host.startswith("bad") else httpx.ConnectError
            with pytest.raises(error):
                await client.get(f"https://{host}/")
    # Only the checked public address was dialled, once per good host, never a name.
    assert backend.targets == [("93.184.215.14", 443)] * 24
