"""The accounts scanner's part of the demo's sandbox web: every site in the bundled list answers
like the real site would: "exists" for the candidate's accounts, "missing" otherwise, and one
site blocks the check (so the report shows an unknown). All people and numbers are invented.
"""

from __future__ import annotations

from footprint.net import RecordedWeb
from scanners.accounts.sites import Site, bundled_sites

USERNAMES = ("ewhitcombe", "ellie_w77")
HTML = {"content-type": "text/html; charset=utf-8"}

LINKTREE = """<!doctype html><html><head><title>@ewhitcombe | Linktree</title>
<script id="__NEXT_DATA__" type="application/json">{"props":{"account":{"uuid":"5f1c"}}}</script>
</head><body><h1>@ewhitcombe</h1><p>Eleanor Whitcombe · Wickwar</p>
<a href="https://x.com/ewhitcombe">Campaign news on X</a>
<a href="https://www.tiktok.com/@ellie_w77">Me off duty: baking and running</a>
<a href="https://whitcombeforwickwar.example/">Campaign website</a>
</body></html>"""

X_PROFILE = """<!doctype html><html><head><title>Eleanor Whitcombe (@ewhitcombe) / X</title>
</head><body><h1>Eleanor Whitcombe</h1>
<p>Candidate for Wickwar. Campaign office: 0117 496 0718 ·
eleanor@whitcombeforwickwar.example</p></body></html>"""

STRAVA = """<!doctype html><html><head><title>Ellie W. | Strava</title></head><body>
<h1>Ellie W.</h1><p>Wickwar, Gloucestershire</p>
<ul><li>Morning loop — out of Larkspur Close, round the reservoir, 6.2 km</li>
<li>Parkrun with Isla — my daughter beat me again!</li></ul></body></html>"""

TIKTOK = """<!doctype html><html><head><title>Ellie (@ellie_w77) | TikTok</title>
<meta property="og:description" content="Wickwar mum, cake fiend. Orders: text 07700 900 461">
</head><body><h2>ellie_w77</h2>
<p>Birthday bake for me today! Born 3rd September 1977 and still can't ice a cake 🎂</p>
</body></html>"""

DEPOP = """<!doctype html><html><head><title>ellie_w77's Shop - Depop</title></head><body>
<h1>ellie_w77</h1><p>Preloved kids' clothes. Collection only from GL12 8QX, or I can post.</p>
</body></html>"""

# (site name, username) -> (profile page URL when it differs from the check URL, page HTML)
ACCOUNTS: dict[tuple[str, str], str] = {
    ("Linktree", "ewhitcombe"): LINKTREE,
    ("X (Twitter)", "ewhitcombe"): X_PROFILE,
    ("Strava", "ewhitcombe"): STRAVA,
    ("TikTok", "ellie_w77"): TIKTOK,
    ("Depop", "ellie_w77"): DEPOP,
}
BLOCKED = {("Instagram", "ewhitcombe")}
STRAVA_ATHLETE = "https://www.strava.com/athletes/4417301"


def record_site(web: RecordedWeb, site: Site, username: str) -> None:
    key = (site.name, username)
    method, url, body = site.method, site.check_url(username), site.body(username)
    if key in BLOCKED:
        web.add(
            method,
            url,
            429,
            {"retry-after": "3600", **HTML},
            "Please wait a few minutes.",
            body_match=body,
        )
        return
    if key not in ACCOUNTS:
        web.add(method, url, site.m_code, HTML, f"<html>{site.m_string}</html>", body_match=body)
        return
    page = ACCOUNTS[key]
    if site.name == "Strava":  # answers the check with a redirect to the numeric athlete page
        web.add("GET", url, 301, {"location": STRAVA_ATHLETE, **HTML}, "/athletes/4417301")
        web.add("GET", STRAVA_ATHLETE, 200, HTML, page)
        return
    if site.uri_pretty is None:
        web.add(
            method,
            url,
            site.e_code,
            HTML,
            page.replace("</body>", f"{site.e_string}</body>"),
            body_match=body,
        )
        return
    web.add(
        method,
        url,
        site.e_code,
        {"content-type": "application/json"},
        f'{{"found": {site.e_string!r}}}',
        body_match=body,
    )
    web.add("GET", site.pretty_url(username), 200, HTML, page)


def build(web: RecordedWeb) -> None:
    for site in bundled_sites().valid_sites():
        for username in USERNAMES:
            record_site(web, site, username)
