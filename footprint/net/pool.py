"""The real-network transport: connection pools sharded by origin, each guarded at connect.

Each pool is an `Http11Pool` (footprint/net/http11.py): idle connections by origin, no
locks, cost per request independent of how many connections it holds. Sharding was for
httpcore's pool, whose cost grew with the square of its connections; it now only splits the
idle connections kept. An origin always maps to the same shard, so keep-alive reuse is
unaffected.
"""

from __future__ import annotations

import ssl
import zlib
from collections.abc import Sequence

import httpcore
import httpx

from footprint.net.guard import GuardedBackend, Resolver, system_resolve
from footprint.net.http11 import Http11Pool
from footprint.net.settings import NetSettings, in_flight_limit
from footprint.net.sockets import AsyncioBackend


class ShardedTransport(httpx.AsyncBaseTransport):
    """Routes each request to one of `shards` by a stable hash of its origin."""

    def __init__(self, shards: Sequence[httpx.AsyncBaseTransport]) -> None:
        if not shards:
            raise ValueError("at least one shard is needed")
        self.shards = tuple(shards)

    def shard_for(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        if len(self.shards) == 1:
            return self.shards[0]
        key = f"{url.scheme}://{url.host}:{url.port}".encode()
        return self.shards[zlib.crc32(key) % len(self.shards)]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.shard_for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        for shard in self.shards:
            await shard.aclose()


def _pool_transport(
    ssl_context: ssl.SSLContext,
    backend: httpcore.AsyncNetworkBackend,
    max_keepalive: int,
) -> Http11Pool:
    return Http11Pool(backend, ssl_context, max_idle=max_keepalive)


def network_transport(
    settings: NetSettings,
    resolver: Resolver = system_resolve,
    backend: httpcore.AsyncNetworkBackend | None = None,
) -> ShardedTransport:
    """`settings.pool_shards` pools whose sockets are opened by `backend` (default: the
    real network, `AsyncioBackend`) and, unless `allow_private`, checked by `GuardedBackend`
    first."""
    backend = backend or AsyncioBackend()
    if not settings.allow_private:
        backend = GuardedBackend(resolver, backend)
    context = httpx.create_ssl_context()  # honours SSL_CERT_FILE like httpx; built once
    shards = settings.pool_shards
    # The global cap above bounds connections in use; a shard may take them all (hosts do not
    # hash evenly), but keeps only its share of idle ones.
    limit = in_flight_limit(settings.concurrency)
    keepalive = max(2, -(-min(limit, 20) // shards))
    return ShardedTransport([_pool_transport(context, backend, keepalive) for _ in range(shards)])
