"""The real-network transport: connection pools sharded by origin, each guarded at connect.

httpcore's pool scans all its connections for every queued request on every state change,
so its CPU cost per request grows with the square of the connections it holds. A sweep over
hundreds of hosts keeps a pool full; hashing origins over several small pools keeps each
scan short (it matters from about 100 connections; at 32 the cost is small either way). An
origin always maps to the same shard, so keep-alive reuse is unaffected.
"""

from __future__ import annotations

import ssl
import zlib
from collections.abc import Sequence

import httpcore
import httpx

from footprint.net.guard import GuardedBackend, Resolver, system_resolve
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
    backend: httpcore.AsyncNetworkBackend | None,
    max_connections: int,
    max_keepalive: int,
) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(verify=ssl_context)
    # httpx does not expose the backend; swap in an equivalent pool that uses ours.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=max_connections,
        max_keepalive_connections=max_keepalive,
        network_backend=backend,
    )
    return transport


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
    return ShardedTransport(
        [_pool_transport(context, backend, limit, keepalive) for _ in range(shards)]
    )
