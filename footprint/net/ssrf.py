"""Which URLs and addresses the client may reach (pure functions, no I/O).

Only http and https to globally routable addresses are allowed. Hosts are checked as
literals in every form a resolver accepts (dotted, decimal, octal, hex, short "127.1",
bracketed IPv6 with zone ids) and, for addresses embedding IPv4 (IPv4-mapped, 6to4, NAT64),
by the embedded address too.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket

from footprint.net.errors import BlockedAddressError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Names that never mean a public site (RFC 6761, RFC 8375, common LAN suffixes).
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
_NUMERIC_HOST = re.compile(r"[0-9a-fA-FxX.]+")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address `host` denotes if it is an IP literal in any accepted spelling."""
    bare = host.strip("[]").split("%", 1)[0]  # drop IPv6 zone id ("%25eth0" in URLs)
    if ":" not in bare and not bare[:1].isdigit():
        return None  # every IPv4 spelling starts with a digit and IPv6 has a colon: a name
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    # inet_aton accepts the legacy forms (2130706433, 0x7f.1, 0177.0.0.1, 127.1).
    if bare and _NUMERIC_HOST.fullmatch(bare) and any(c.isdigit() for c in bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


# Remembered: the checks below walk ipaddress's lists of special networks on every new
# connection, and many sites share addresses (CDNs, hosting). A pure function of `ip`.
@functools.lru_cache(maxsize=4096)
def address_class(ip: IPAddress) -> str | None:
    """Why `ip` must not be contacted, or None if it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = address_class(embedded)
            if inner is not None:
                return f"an IPv6 address embedding {embedded}, {inner}"
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT, "a carrier-grade NAT address"),
        (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "a site-local address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "a non-global address"),
    )
    for hit, label in checks:
        if hit:
            return label
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def is_local_name(host: str) -> bool:
    name = host.lower().rstrip(".")
    return name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES)


def check_scheme(scheme: str, url: str) -> None:
    if not scheme:
        raise BlockedAddressError(url, "not an absolute http or https URL")
    if scheme.lower() not in ALLOWED_SCHEMES:
        raise BlockedAddressError(url, f"scheme {scheme!r} is not http or https")


def check_host(host: str) -> IPAddress | None:
    """Refuse local names and non-public IP literals; return the literal address if any."""
    if not host:
        raise BlockedAddressError(host, "the URL has no host")
    if is_local_name(host):
        raise BlockedAddressError(host, "a local host name")
    ip = parse_ip_literal(host)
    if ip is not None:
        check_address(host, str(ip), literal=True)
    return ip


def check_address(host: str, address: str, *, literal: bool = False) -> None:
    """Refuse `address` (as resolved for `host`) unless it is public."""
    ip = parse_ip_literal(address)
    if ip is None:
        raise BlockedAddressError(host, "an unparseable address", address)
    reason = address_class(ip)
    if reason is not None:
        raise BlockedAddressError(host, reason, str(ip), literal=literal)
