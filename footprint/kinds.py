"""The closed set of identifier kinds scanners consume and produce."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A kind of *public* identifier a scanner can search by or discover."""

    NAME = "name"
    USERNAME = "username"
    EMAIL = "email"
    PHONE = "phone"
    DOMAIN = "domain"
    URL = "url"  # one page to read (a profile page another scanner found, a --url)
    SITE = "site"  # the candidate's own site, to crawl (from public.domains and public.urls)
