"""SSRF policy: schemes, literal addresses in every spelling, local names, resolved
names, and redirect hops (no sockets; see test_net_local.py for real connections)."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from footprint.net import BlockedAddressError, NetSettings, build_client
from footprint.net.ssrf import address_class, parse_ip_literal

PUBLIC_IP = "93.184.215.14"  # a globally routed address; never contacted (mock transport)


def ok_handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="ok")


def client_with(handler=ok_handler, **kwargs) -> httpx.AsyncClient:
    resolver = kwargs.pop("resolver", None)
    return build_client(
        NetSettings(**kwargs), transport=httpx.MockTransport(handler), resolver=resolver
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://192.168.0.10:8080/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "address"),  # reserved (Python lists it as private too)
        ("http://localhost/", "local host name"),
        ("http://LOCALHOST./admin", "local host name"),
        ("http://printer.local/", "local host name"),
        ("http://app.localhost:3000/", "local host name"),
        ("http://2130706433/", "loopback"),  # decimal
        ("http://0x7f.1/", "loopback"),  # hex, short form
        ("http://0177.1/", "loopback"),  # octal (httpx itself rejects 0177.0.0.1)
        ("http://127.1/", "loopback"),
        ("http://0xa9fea9fe/", "link-local"),  # 169.254.169.254 in hex
        ("http://[::ffff:127.0.0.1]/", "127.0.0.1, a loopback"),  # IPv4-mapped IPv6
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://[2002:a00:1::]/", "embedding 10.0.0.1"),  # 6to4 around a private address
        ("http://[64:ff9b::a9fe:a9fe]/", "link-local"),  # NAT64 to the metadata service
        ("http://[fe80::1%25eth0]/", "link-local"),
        ("http://[fc00::1]/", "private"),
        ("http://192.0.2.1/", "private"),  # documentation range: not global either
    ],
)
async def test_non_public_targets_are_refused(url: str, reason: str) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200)

    async with client_with(handler) as client:
        with pytest.raises(BlockedAddressError) as info:
            await client.get(url)
    assert reason in str(info.value)
    assert calls == []  # refused before the inner transport


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x.example/"]
)
async def test_non_http_schemes_are_refused(url: str) -> None:
    async with client_with() as client:
        with pytest.raises((BlockedAddressError, httpx.UnsupportedProtocol)):
            await client.get(url)


async def test_scheme_refusal_at_the_transport() -> None:
    # The client may reject some schemes itself; the guard must too, for any caller.
    async with client_with() as client:
        request = httpx.Request("GET", "ftp://example.org/file")
        with pytest.raises(BlockedAddressError, match="scheme 'ftp'"):
            await client._transport.handle_async_request(request)


async def test_public_literal_and_names_pass() -> None:
    async with client_with() as client:
        assert (await client.get(f"http://{PUBLIC_IP}/")).status_code == 200
        assert (await client.get("https://www.example.org/")).status_code == 200
        assert (await client.get("http://[2606:4700::1]/")).status_code == 200


async def test_blocked_error_names_host_and_class() -> None:
    async with client_with() as client:
        with pytest.raises(BlockedAddressError) as info:
            await client.get("http://10.9.8.7/")
    error = info.value
    assert error.host == "10.9.8.7"
    assert "private" in error.reason
    assert "10.9.8.7" in str(error) and "private address" in str(error)
    assert isinstance(error, httpx.TransportError)  # scanners handling HTTPError cope


async def test_resolved_private_name_is_refused_and_names_address() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        assert port == 443
        return {"intranet.example.org": [PUBLIC_IP, "10.0.0.7"]}.get(host, [PUBLIC_IP])

    async with client_with(resolver=resolver) as client:
        assert (await client.get("https://www.example.org/")).status_code == 200
        with pytest.raises(BlockedAddressError) as info:
            await client.get("https://intranet.example.org/")
    # ANY private address refuses the host, even if another one is public.
    assert "intranet.example.org" in str(info.value)
    assert "resolves to 10.0.0.7" in str(info.value)


async def test_redirect_to_private_host_is_refused_at_the_hop() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "www.example.org":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest"})
        return httpx.Response(200, text="secret credentials")

    async with client_with(handler) as client:
        with pytest.raises(BlockedAddressError, match="link-local"):
            await client.get("https://www.example.org/start")
    assert seen == ["https://www.example.org/start"]


async def test_redirect_to_name_resolving_private_is_refused() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["192.168.1.1"] if host == "router.example.net" else [PUBLIC_IP]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "www.example.org":
            return httpx.Response(301, headers={"Location": "http://router.example.net/"})
        return httpx.Response(200)

    async with client_with(handler, resolver=resolver) as client:
        with pytest.raises(BlockedAddressError, match=r"router\.example\.net"):
            await client.get("https://www.example.org/")


async def test_allow_private_lets_everything_through() -> None:
    async with client_with(allow_private=True) as client:
        for url in ("http://127.0.0.1/", "http://localhost/", "http://10.0.0.1/"):
            assert (await client.get(url)).status_code == 200


def test_literal_parsing_matches_inet_aton_forms() -> None:
    assert parse_ip_literal("2130706433") == ipaddress.ip_address("127.0.0.1")
    assert parse_ip_literal("0x7f.0.0.1") == ipaddress.ip_address("127.0.0.1")
    assert parse_ip_literal("[::1]") == ipaddress.ip_address("::1")
    assert parse_ip_literal("cafe.example") is None
    assert parse_ip_literal("example.org") is None
    assert address_class(ipaddress.ip_address(PUBLIC_IP)) is None
    assert address_class(ipaddress.ip_address("2002:5db8:d70e::1")) is None  # 6to4 of public
