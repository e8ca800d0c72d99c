"""The wayback scanner's part of the demo's sandbox web: the Internet Archive's index and copies
of the campaign site, whose old contact page (since deleted) gave the candidate's home address.

The index answers have the documented CDX JSON shape (wayback-cdx-server README: a header row,
then one row of strings per capture) for exactly the queries the scanner sends; every page the
accounts part of the sandbox serves as a profile is looked up too, and has no copies. The live
old contact page is gone (404); the website scanner's part records the live home page, so
this module does not. All people, places and numbers are invented.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import httpx

from footprint.demo import DEMO_URLS
from footprint.net import RecordedWeb
from scanners.accounts.sites import bundled_sites
from scanners.wayback.cdx import FIELDS, query
from scanners.wayback.scanner import WAYBACK

SITE = "whitcombeforwickwar.example"
HOME = f"https://{SITE}/"
OLD_CONTACT = f"http://{SITE}/contact-old.html"
HTML = {"content-type": "text/html; charset=utf-8"}

OLD_CONTACT_PAGE = """<!doctype html><html><head><title>Contact Ellie</title>
</head><body><h1>Get in touch</h1>
<p>I'm standing for Wickwar because I live here. Drop a letter through my door any time:
14 Larkspur Close, Wickwar GL12 8QX, or email eleanor@whitcombeforwickwar.example.</p>
</body></html>"""

OLD_HOME_PAGE = """<!doctype html><html><head><title>Whitcombe for Wickwar</title></head><body>
<h1>Eleanor Whitcombe for Wickwar</h1><p>Campaign launch on Saturday at the village hall.</p>
<p><a href="/contact-old.html">Contact me</a></p></body></html>"""

# (timestamp, original, digest, page): the index lists the copies; /web/<ts>id_/ serves them.
COPIES = (
    ("20230304091200", OLD_CONTACT, "QJ3V7YBAXB3Y6KZ2M6TQ5CXNXWJ4OFLR", OLD_CONTACT_PAGE),
    ("20230304091155", f"http://{SITE}/", "7N2KXM3R4ZL5Q7YV6W2D5JBEHCA3TUGF", OLD_HOME_PAGE),
)


def _urlkey(original: str) -> str:
    """The index's SURT key: host labels reversed, then the path."""
    rest = original.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return ",".join(reversed(host.split("."))) + ")/" + path


def _index(rows: list[tuple[str, str, str]]) -> str:
    body: list[list[str]] = [list(FIELDS)]
    for ts, original, digest in rows:
        body.append([_urlkey(original), ts, original, "text/html", "200", digest])
    return json.dumps(body)


# Pages the gravatar and pages parts of the sandbox lead the scanner to (the demo's --url pages).
OTHER_LEADS = ("https://gravatar.com/eleanorwhitcombe", *DEMO_URLS)


def _record_index(web: RecordedWeb, value: str, domain: bool, body: str) -> None:
    url, params = query(WAYBACK, value, domain)
    web.add("GET", str(httpx.URL(url, params=params)), 200, {"content-type": "text/plain"}, body)


def _profile_pages() -> list[str]:
    """The profile pages the accounts part of the sandbox serves (the scanner's URL leads)."""
    path = Path(__file__).with_name("accounts.py")
    spec = importlib.util.spec_from_file_location("sandbox_accounts_pages", path)
    assert spec is not None and spec.loader is not None
    accounts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(accounts)
    sites = {site.name: site for site in bundled_sites().valid_sites()}
    return [sites[name].pretty_url(user) for name, user in accounts.ACCOUNTS]


def build(web: RecordedWeb) -> None:
    _record_index(web, SITE, True, _index([(ts, o, d) for ts, o, d, _ in COPIES]))
    # The index keys pages without their scheme: the https home page has the http copy.
    home = [(ts, o, d) for ts, o, d, _ in COPIES if _urlkey(o) == _urlkey(HOME)]
    _record_index(web, HOME, False, _index(home))
    # Pages other scanners lead it to (profile pages, the Gravatar page, known pages): no copies.
    for page in [*_profile_pages(), *OTHER_LEADS]:
        _record_index(web, page, False, _index([]))
    for ts, original, _, page in COPIES:
        web.add("GET", f"{WAYBACK}/web/{ts}id_/{original}", 200, HTML, page)
    web.add("GET", OLD_CONTACT, 404, HTML, "<html><body>Page not found</body></html>")
