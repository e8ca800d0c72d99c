"""Which URLs belong to the candidate's own site: the same registrable domain.

The registrable domain is a public suffix plus one label, from tldextract's bundled Public
Suffix List snapshot (never fetched, nothing cached on disk). Private suffixes count as
suffixes, so jo.github.io and sam.github.io are two sites, not one. www. and every other
subdomain count as the same site, whatever the scheme or port: whitcombeforwickwar.example,
www.whitcombeforwickwar.example and shop.whitcombeforwickwar.example are one site. A host the
list has no suffix for (reserved names such as .example or .test, localhost) keeps its last
two labels; an IP address is a site of its own (ports aside: 127.0.0.1:8000 and
127.0.0.1:9000 are one site).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import tldextract

from footprint.net.ssrf import parse_ip_literal

_STRIPPED = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL (WHATWG URL)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE = "/%:@!$&'()*+,;=-._~"  # kept as written: reserved and already-encoded characters


@cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(
        cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
    )


@lru_cache(maxsize=1024)  # a crawl asks about the same few hosts again and again
def site_of(host: str) -> str:
    """The site (registrable domain, or IP address) a host belongs to, lower case."""
    host = host.strip().lower().rstrip(".").strip("[]")
    if ":" in host or parse_ip_literal(host) is not None:
        return host
    parts = _extractor()(host)
    if parts.suffix:
        return f"{parts.domain}.{parts.suffix}" if parts.domain else host
    return ".".join(host.split(".")[-2:])


def absolute(href: str, base: str | None = None) -> str | None:
    """`href` (relative to `base`) as a normalised http(s) URL, or None for anything else
    (mailto:, javascript:, a malformed address). Normalised: scheme and host lower case, the
    host in ASCII (IDNA), the default port, any user name or password and the fragment
    dropped, an empty path as "/", unsafe characters percent-encoded (as httpx sends them)."""
    href = _STRIPPED.sub("", href.strip())
    if not href:
        return None
    try:
        parts = urlsplit(urljoin(base, href) if base else href)
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port
        if scheme not in _DEFAULT_PORTS or not host:
            return None
        if not host.isascii():
            host = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(_without_dots(parts.path or "/"), safe=_SAFE)
    query = quote(parts.query, safe=_SAFE + "?")
    return urlunsplit((scheme, netloc, path, query, ""))


def _without_dots(path: str) -> str:
    """RFC 3986 remove_dot_segments for an absolute path ("/a/../b" is "/b")."""
    if "." not in path:
        return path
    segments = path.split("/")
    out: list[str] = []
    for segment in segments:
        if segment == ".":
            continue
        if segment == "..":
            if len(out) > 1:
                out.pop()
            continue
        out.append(segment)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/".join(out) or "/"


def url_site(url: str) -> str | None:
    """The site of a normalised URL, or None without a host."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return site_of(host) if host else None


def origin(url: str) -> str:
    """scheme://host[:port] of a normalised URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
