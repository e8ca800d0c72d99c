"""The transport used in offline mode: fails every request without touching anything."""

from __future__ import annotations

import httpx

from footprint.net.errors import OfflineError


class OfflineTransport(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise OfflineError(f"offline mode: not fetching {request.url}", request=request)
