"""robots.txt, read to be shown (RFC 9309 groups), never obeyed: anyone can read those pages.

The rules shown are the Disallow paths of the groups for footprint's user agent if there is
one, else of the "*" groups (several matching groups are merged, as RFC 9309 says). Sitemap
lines are collected wherever they are. Only the first MAX_BYTES are read (RFC 9309 asks
crawlers to read at least 500 KiB), at most MAX_RULES paths and MAX_SITEMAPS sitemaps; a
value longer than MAX_VALUE characters is ignored: no real path or sitemap address is that
long, and a hostile file's one 500 KB line would otherwise be shown in the report and asked
for as a URL.
"""

from __future__ import annotations

from dataclasses import dataclass

AGENT = "footprint"
MAX_BYTES = 512 * 1024
MAX_RULES = 1000
MAX_SITEMAPS = 50
MAX_VALUE = 2048  # characters: about the longest URL browsers, servers and CDNs take


@dataclass(frozen=True)
class Robots:
    disallowed: tuple[str, ...] = ()  # paths (patterns) it asks crawlers like us not to read
    sitemaps: tuple[str, ...] = ()  # URLs as written


@dataclass
class _Group:
    agents: set[str]
    disallowed: list[str]


def parse_robots(content: bytes, agent: str = AGENT) -> Robots:
    """The rules that apply to `agent` (a product token, compared case-insensitively), and
    the sitemaps; malformed lines are ignored."""
    text = content[:MAX_BYTES].decode("utf-8", errors="replace")
    groups: list[_Group] = []
    current: _Group | None = None
    in_rules = False
    sitemaps: list[str] = []
    for raw in text.splitlines():
        key, sep, value = raw.split("#", 1)[0].partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if len(value) > MAX_VALUE:
            continue
        if key == "user-agent":
            if current is None or in_rules:
                current = _Group(set(), [])
                groups.append(current)
                in_rules = False
            current.agents.add(value.lower())
        elif key in ("allow", "disallow"):
            in_rules = True
            if key == "disallow" and value and current is not None:
                current.disallowed.append(value)  # bounded by MAX_BYTES read
        elif key == "sitemap" and value and len(sitemaps) < MAX_SITEMAPS:
            sitemaps.append(value)
    ours = [g for g in groups if agent.lower() in g.agents]
    chosen = ours or [g for g in groups if "*" in g.agents]
    paths = dict.fromkeys(p for g in chosen for p in g.disallowed)
    return Robots(tuple(paths)[:MAX_RULES], tuple(dict.fromkeys(sitemaps)))


def literal_paths(robots: Robots, limit: int) -> list[str]:
    """Disallowed paths that name a place (no wildcard, not the whole site), at most `limit`:
    worth a look, since a site lists there what it would rather nobody found."""
    found = []
    for path in robots.disallowed:
        path = path.removesuffix("$")
        if path.startswith("/") and path != "/" and "*" not in path and "$" not in path:
            found.append(path)
        if len(found) >= limit:
            break
    return found
