"""The bundled demo: a fictional candidate, sample documents and a recorded sandbox web.

`footprint demo` runs the real code path (every built-in scanner, the engine, the matcher and
the report) with the network swapped for `RecordedTransport`, so it works offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from footprint import plugins
from footprint.net import NetSettings, RecordedTransport
from footprint.profile import load_profile
from footprint.run import ScanRequest
from footprint.scanner import ScanOptions
from footprint.selection import select_scanners

# What the demo scan is configured with: clearly fake endpoints and keys the sandbox answers.
DEMO_ENV = {
    "HIBP_API_KEY": "demo-key",
    "COMPANIES_HOUSE_API_KEY": "demo-key",
    "SEARXNG_URL": "https://searx.demo.example",  # a SearXNG instance with JSON output on
}
# Pages the demo reads as if given with --url (recorded in tools/sandbox/website.py).
DEMO_URLS = (
    "https://wickwar-parish.example/news/may-fair-thank-you",
    "https://www.facebook.com/groups/wickwar.community/posts/1029384756",
)


@contextmanager
def demo_root() -> Iterator[Path]:
    with resources.as_file(resources.files("footprint").joinpath("demo")) as root:
        yield root


@contextmanager
def demo_request() -> Iterator[ScanRequest]:
    """A scan of the demo candidate with every registered scanner and only DEMO_ENV set:
    fake keys and endpoints, answered by the sandbox web."""
    with demo_root() as root:
        options = ScanOptions(paths=(root / "files",), env=dict(DEMO_ENV), urls=DEMO_URLS)
        scanners = select_scanners(plugins.scanner_classes())
        # The recorded web answers at once: the services' documented rates (endpoint_rate)
        # protect the real ones, so the demo does not wait on its recorded copies of them.
        instant = tuple((r[0], 100.0, 100) for s in scanners if (r := s.host_rate(options.env)))
        # The recorded web never opens sockets; allow_private only skips DNS-based checks.
        net = NetSettings(allow_private=True, host_rates=instant)
        yield ScanRequest(load_profile(root / "candidate.toml"), scanners, options, net)


def demo_transport() -> RecordedTransport:
    with demo_root() as root:
        return RecordedTransport(root / "web")
