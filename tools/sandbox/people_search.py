"""The people_search scanner's part of the demo's sandbox web: a 192.com-style results page
listing the candidate (under both her public names) with an age guide, a partial postcode and
another occupant (her husband), a ukphonebook.com-style listing of her name and town, and "no
results" pages from the BT Phone Book. (With every site's format unconfirmed, "no results"
cannot count as "not listed": a demo of only "no results" beside one listing would be a scan
that checked too little, which exits 3.) The wording follows
the sites' published descriptions (their real formats are unconfirmed: see
scanners/people_search/data/sites.toml). All people and details are invented.
"""

from __future__ import annotations

from footprint.net import RecordedWeb
from scanners.people_search.sites import bundled_sites

NAMES = ("Eleanor Whitcombe", "Ellie Whitcombe")  # footprint/demo/candidate.toml: name, aliases
TOWN = "Wickwar"
HTML = {"content-type": "text/html; charset=utf-8"}

LISTING = """<!doctype html><html><head><title>Eleanor Whitcombe in Wickwar | 192.com</title>
</head><body><h1>1 result for Eleanor Whitcombe in Wickwar</h1>
<div class="result"><h2>Eleanor Whitcombe</h2>
<p>Age guide: 45-49</p><p>Wickwar, GL12</p>
<p>Other occupants: Daniel Whitcombe</p></div></body></html>"""

PHONEBOOK = """<!doctype html><html><head><title>ukphonebook.com</title></head><body>
<p>1 result</p><p>Eleanor Whitcombe, Wickwar. Age guide: 45-49</p></body></html>"""

NO_RESULTS = """<!doctype html><html><head><title>Search | {site}</title></head>
<body><p>No results found for {name} in {town}.</p></body></html>"""


def build(web: RecordedWeb) -> None:
    for site in bundled_sites():
        for name in NAMES:
            if site.host == "www.192.com":
                body = LISTING.replace("Eleanor Whitcombe in", f"{name} in")
            elif site.host == "www.ukphonebook.com" and name == NAMES[0]:
                body = PHONEBOOK
            else:
                body = NO_RESULTS.format(site=site.name, name=name, town=TOWN)
            web.add("GET", site.search_url(name, TOWN), 200, HTML, body)
