"""The breaches scanner's part of the demo's sandbox web: Have I Been Pwned's answer for the
candidate's public campaign email, in one fictional breach (a made-up canvassing app on an
.example domain, shaped like HIBP's documented breach model). The private email is never
asked for: the demo gives no --consent.
"""

from __future__ import annotations

import json

from footprint.net import RecordedWeb
from scanners.breaches import PARAMS, Breaches, account_url

PUBLIC_EMAIL = "eleanor@whitcombeforwickwar.example"
BREACH = {
    "Name": "Canvassly",
    "Title": "Canvassly",
    "Domain": "canvassly.example",
    "BreachDate": "2023-03-18",
    "AddedDate": "2023-05-02T09:14:27Z",
    "ModifiedDate": "2023-05-02T09:14:27Z",
    "PwnCount": 48213,
    "Description": "In March 2023, the canvassing app <em>Canvassly</em> (fictional) exposed "
    "its users' accounts.",
    "LogoPath": "https://haveibeenpwned.com/Content/Images/PwnedLogos/List.png",
    "DataClasses": ["Email addresses", "Names", "Passwords", "Phone numbers"],
    "IsVerified": True,
    "IsFabricated": False,
    "IsSensitive": False,
    "IsRetired": False,
    "IsSpamList": False,
    "IsMalware": False,
    "IsSubscriptionFree": False,
    "IsStealerLog": False,
}


def build(web: RecordedWeb) -> None:
    query = "&".join(f"{k}={v}" for k, v in PARAMS.items())
    url = f"{account_url(Breaches.endpoint, PUBLIC_EMAIL)}?{query}"
    body = json.dumps([BREACH], separators=(",", ":"))
    web.add("GET", url, 200, {"content-type": "application/json; charset=utf-8"}, body)
