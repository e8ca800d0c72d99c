"""The search scanner's part of the demo's sandbox web: a SearXNG instance (DEMO_ENV's
SEARXNG_URL) answering every query the demo sends. The name-and-area search finds an old
planning application whose snippet gives the home address (the demo's "a search snippet":
the planning site itself blocks the scanner, so only the engine's copy can be read) and a
parish news page naming a child. Every other query has no results. Answers follow SearXNG's
JSON shape (tests/fixtures/search). All people, pages and numbers are invented.
"""

from __future__ import annotations

import json

from footprint.demo import DEMO_ENV
from footprint.kinds import Kind
from footprint.model import Identifier
from footprint.net import RecordedWeb
from footprint.profile import load_profile
from scanners.search.queries import queries_for
from scanners.search.searxng import SearXNG

BASE = DEMO_ENV["SEARXNG_URL"]
JSON = {"content-type": "application/json"}
HTML = {"content-type": "text/html; charset=utf-8"}
# Identifiers the demo scan finds on the way (accounts: a username linked from Linktree).
FOUND = (Identifier(Kind.USERNAME, "ellie_w77"),)

PLANNING = "https://planning.southcotswold.example/applications/P24-0417"
PARISH = "https://www.wickwarparish.example/news/summer-fete-2024"
RESULTS = {
    '"Eleanor Whitcombe" Wickwar': [
        {
            "url": PLANNING,
            "engine": "google",
            "engines": ["google", "bing"],
            "title": "P24/0417 | Single-storey rear extension | Planning",
            "content": (
                "Applicant: Mrs Eleanor Whitcombe, 14 Larkspur Close, Wickwar, GL12 8QX. "
                "Single-storey rear extension. Decision: approved."
            ),
        },
        {
            "url": PARISH,
            "engine": "bing",
            "engines": ["bing"],
            "title": "Summer fete 2024 | Wickwar Parish Council",
            "content": "Thank you to Eleanor Whitcombe for judging the cake competition.",
        },
    ],
}
PARISH_PAGE = """<!doctype html><html><head><title>Summer fete 2024 | Wickwar Parish Council
</title></head><body><h1>Summer fete 2024</h1>
<p>Thank you to Eleanor Whitcombe for judging the cake competition, and to her daughter Isla
for running the tombola with the Year 6 class.</p></body></html>"""


def answer(query: str) -> str:
    """SearXNG's JSON for `query` (its current shape: no number_of_results)."""
    results = [
        {"template": "default.html", "parsed_url": [], "score": 1.0, "category": "general", **r}
        for r in RESULTS.get(query, [])
    ]
    body = {
        "query": query,
        "results": results,
        "answers": [],
        "corrections": [],
        "infoboxes": [],
        "suggestions": [],
        "unresponsive_engines": [],
    }
    return json.dumps(body, indent=2)


def build(web: RecordedWeb) -> None:
    from footprint.demo import demo_root

    with demo_root() as root:
        profile = load_profile(root / "candidate.toml")
    backend = SearXNG()
    for identifier in (*profile.seeds(), *FOUND):
        for query in queries_for(identifier, profile.area or ""):
            web.add("GET", str(backend.url(BASE, query, {})), 200, JSON, answer(query))
    web.add("GET", PLANNING, 403, HTML, "<html><h1>Access denied</h1></html>")
    web.add("GET", PARISH, 200, HTML, PARISH_PAGE)
