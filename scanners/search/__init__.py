"""Web search through SearXNG, Brave Search, Mojeek or Google Programmable Search."""

from scanners.search.scanner import BACKENDS, Search

__all__ = ["BACKENDS", "Search"]
