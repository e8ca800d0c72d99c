"""The gravatar scanner's part of the demo's sandbox web: a Gravatar profile for the candidate's
public campaign email, whose location gives her street (the demo's "a Gravatar location"), with
its public page on gravatar.com. The answer follows the Gravatar REST API v3 unauthenticated
shape (tests/fixtures/gravatar). All people and details are invented.
"""

from __future__ import annotations

import json

from footprint.net import RecordedWeb
from scanners.gravatar import API, email_hash

EMAIL = "eleanor@whitcombeforwickwar.example"
PAGE = "https://gravatar.com/eleanorwhitcombe"

PROFILE = {
    "hash": email_hash(EMAIL),
    "display_name": "Eleanor Whitcombe",
    "profile_url": PAGE,
    "avatar_url": f"https://0.gravatar.com/avatar/{email_hash(EMAIL)}",
    "avatar_alt_text": "",
    "location": "Larkspur Close, Wickwar",
    "description": "Standing for Wickwar parish council. Baker, runner, mum of two.",
    "job_title": "Parish council candidate",
    "company": "",
    "verified_accounts": [
        {
            "service_type": "twitter",
            "service_label": "X",
            "service_icon": "https://gravatar.com/icons/x-alt.svg",
            "url": "https://x.com/ewhitcombe",
            "is_hidden": False,
        }
    ],
    "pronunciation": "",
    "pronouns": "she/her",
}

PAGE_HTML = """<!doctype html><html><head><title>Eleanor Whitcombe - Gravatar Profile</title>
</head><body><h1>Eleanor Whitcombe</h1><p>Larkspur Close, Wickwar</p>
<p>Standing for Wickwar parish council. Baker, runner, mum of two.</p>
<a href="https://x.com/ewhitcombe">X</a></body></html>"""


def build(web: RecordedWeb) -> None:
    headers = {
        "content-type": "application/json",
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": "99",
    }
    body = json.dumps(PROFILE, indent=2)
    web.add("GET", f"{API}/profiles/{email_hash(EMAIL)}", 200, headers, body)
    web.add("GET", PAGE, 200, {"content-type": "text/html; charset=utf-8"}, PAGE_HTML)
