"""WhatsMyName-format site entries shared by the site-list and accounts tests."""

from __future__ import annotations

from typing import Any


def site_entry(
    name: str = "Example", uri_check: str = "https://example.com/u/{account}", **over: Any
) -> dict[str, Any]:
    """A valid entry: exists = 200 + "profile-of", missing = 404 + "no such user"."""
    data: dict[str, Any] = {
        "name": name,
        "uri_check": uri_check,
        "e_code": 200,
        "e_string": "profile-of",
        "m_string": "no such user",
        "m_code": 404,
        "known": ["alice"],
        "cat": "social",
    }
    data.update(over)
    return data
