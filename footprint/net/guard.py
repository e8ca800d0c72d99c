"""Enforcing the SSRF policy on requests (transport) and on connections (network backend).

The transport refuses bad schemes, local names and non-public IP literals on every hop,
redirects included, because httpx sends each hop through the transport. Host names are
checked where the socket is opened: `GuardedBackend` resolves the name, refuses if ANY
address is non-public, then connects to exactly those addresses. Checking at connect time
closes the DNS-rebinding gap of resolve-then-connect; TLS still verifies the original name
because httpcore takes the server name from the request, not the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence

import httpcore
import httpx

from footprint.net.sockets import AsyncioBackend
from footprint.net.ssrf import check_address, check_host, check_scheme

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]


async def system_resolve(host: str, port: int) -> list[str]:
    """Addresses for `host` from the system resolver, in its preferred order.

    getaddrinfo runs in a daemon thread of its own rather than the loop's executor: a lookup
    cannot be interrupted, and an unreachable resolver retries for seconds, so a cancelled
    lookup (Ctrl-C, the time limit, the network seen down) must not hold up the end of the
    scan or the exit of the process, as joining an executor's threads would."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[tuple]] = loop.create_future()

    def settle(result: list[tuple] | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result or [])

    def lookup() -> None:
        try:
            found = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, flags=socket.AI_ADDRCONFIG
            )
        except Exception as exc:
            outcome: tuple[list[tuple] | None, BaseException | None] = (None, exc)
        else:
            outcome = (found, None)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=lookup, name="footprint-resolve", daemon=True).start()
    infos = await future
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class SSRFGuardTransport(httpx.AsyncBaseTransport):
    """Refuses requests the policy forbids; with `resolver`, also checks resolved names.

    Pass a resolver only when the inner transport is not a `GuardedBackend` transport
    (e.g. to test the policy over a mock); the backend already checks at connect time.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
    ) -> None:
        self._inner = inner
        self._allow_private = allow_private
        self._resolver = resolver

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        check_scheme(url.scheme, str(url))
        if not self._allow_private:
            host = url.host
            if check_host(host) is None and self._resolver is not None:
                port = url.port or (443 if url.scheme == "https" else 80)
                for address in await self._resolver(host, port):
                    check_address(host, address)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend that only opens TCP connections to public addresses."""

    def __init__(
        self,
        resolver: Resolver = system_resolve,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._resolver = resolver
        self._inner = inner or AsyncioBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        literal = check_host(host)
        if literal is not None:
            addresses: Sequence[str] = [str(literal)]
        else:
            addresses = await self._resolve(host, port, timeout)
            for address in addresses:
                check_address(host, address)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        raise last_error or httpcore.ConnectError(f"cannot connect to {host}")

    async def _resolve(self, host: str, port: int, timeout: float | None) -> Sequence[str]:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolver(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no addresses")
        return addresses

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
