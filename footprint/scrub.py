"""Secrets out of text: API keys and URL query strings never reach a report.

- `scrub_secrets(text, secrets)`: every declared secret value - the environment variables
  scanners name in `needs` or `wants`, see `declared_secrets` - as written and percent-encoded,
  becomes "•••". Values shorter than MIN_SECRET characters are left alone: masking every "1" or "ab"
  would garble the text, and no real API key is that short.
- `scrub_queries(text)`: every http(s)/ws(s)/ftp URL keeps its scheme, host and path; its query
  string becomes "?…" ("https://x.example/s?q=Ellie&key=sk-1" -> "https://x.example/s?…").
  Queries carry search terms and keys; the path is enough to tell which request failed.

The engine scrubs exception text with `scrub_secrets` before storing it; the report view applies
both to every reason and error it shows, whatever the engine did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote, quote_plus

if TYPE_CHECKING:
    from footprint.scanner import Scanner

MASK = "•••"
MIN_SECRET = 4
# Always matches a whole URL (the query is optional), so a scan never restarts inside one.
_URL_RE = re.compile(r"\b((?:https?|wss?|ftp)://[^\s?#\"'<>]*)(\?[^\s#\"'<>]*)?", re.IGNORECASE)


def declared_secrets(scanners: Iterable[Scanner], env: Mapping[str, str]) -> tuple[str, ...]:
    """The values of every environment variable the scanners declare they need or want."""
    names = (name for scanner in scanners for name in (*scanner.needs, *scanner.wants))
    values = (env.get(name) or "" for name in names)
    return tuple(dict.fromkeys(v for v in values if v))


def scrub_secrets(text: str, secrets: Iterable[str]) -> str:
    """text with every secret (raw, percent-encoded, form-encoded) replaced by MASK."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) < MIN_SECRET:
            continue
        for form in dict.fromkeys((secret, quote(secret, safe=""), quote_plus(secret))):
            if form in text:
                text = text.replace(form, MASK)
    return text


def scrub_queries(text: str) -> str:
    """text with the query string of every URL replaced by '?…'."""
    if "://" not in text:
        return text
    return _URL_RE.sub(_cut_query, text)


def _cut_query(m: re.Match[str]) -> str:
    query = m.group(2)
    if not query:
        return m.group(0)
    # Punctuation closing the sentence is not part of the query: "see https://x/?q=1, then".
    return m.group(1) + "?…" + query[len(query.rstrip(".,;:!)]")) :]
