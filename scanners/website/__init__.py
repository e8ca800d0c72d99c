"""The candidate's own site, crawled: every page, document and photo on the same domain."""

from scanners.website.scanner import Website

__all__ = ["Website"]
