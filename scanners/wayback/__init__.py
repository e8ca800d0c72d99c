"""The `wayback` scanner: archived copies of the public domains and pages (Internet Archive)."""

from scanners.wayback.scanner import Wayback

__all__ = ["Wayback"]
