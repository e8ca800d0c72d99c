"""HTML extraction throughput on synthetic corpora, against lexbor's bare parse as the floor.

Run: python benchmarks/bench_extract.py [--pages N] [--repeat R]
Prints MB/s of HTML (single core, best of R runs in CPU time of this process, which stays
steady on a shared machine) for two page shapes:
  listing - tag-dense directory table (about 35 bytes of markup per tag, like a results page)
  typical - the same content plus inline scripts, styles and an SVG icon sprite, as modern
            sites ship (roughly 40% of bytes in script/style)
and where extract() spends it: the lexbor parse, dropping script/style and reading the tree's
text, and the regex scans for data-carrying attributes (footprint.extract.attributes).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from footprint.extract import extract
from footprint.extract.attributes import attribute_values
from footprint.model import Document

_WORDS = [
    "council",
    "ward",
    "candidate",
    "meeting",
    "residents",
    "parish",
    "planning",
    "application",
    "road",
    "close",
    "lane",
    "community",
    "hall",
    "library",
    "election",
    "agent",
    "register",
    "notice",
    "minutes",
    "agenda",
    "item",
    "consultation",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def _listing(rng: random.Random, rows: int) -> str:
    nav = "".join(
        f'<li><a href="/section/{i}?ref=nav&amp;q=a%20b" title="Section {i}">Section {i}</a></li>'
        for i in range(40)
    )
    body_rows = "".join(
        f'<tr class="row" data-id="{i}"><td>{rng.choice(_WORDS).title()} {i}</td>'
        f"<td>{rng.randint(1, 200)} {rng.choice(_WORDS).title()} Close</td>"
        f'<td><a href="tel:01632960{rng.randint(100, 999)}">01632 960{rng.randint(100, 999)}</a>'
        f'</td><td><span style="display:none">hidden {i}</span>'
        f'<img src="/i/{i}.png" alt="photo {i}"></td></tr>'
        for i in range(rows)
    )
    prose = "".join(f"<p>{_sentence(rng, 40)} <b>{_sentence(rng, 5)}</b></p>" for _ in range(60))
    ld = json.dumps({"@type": "Person", "name": "A Person", "telephone": "07700 900123"})
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Directory</title>"
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><nav><ul>{nav}</ul></nav><main><table>{body_rows}</table>{prose}</main>"
        "<!-- generated --><footer>&copy; 2026 Example &amp; Co</footer></body></html>"
    )


def _typical(rng: random.Random, rows: int) -> str:
    script = "window.cfg={" + ",".join(f'"key{i}":"value {i}"' for i in range(1500)) + "};"
    style = "".join(f".c{i}{{color:#{i % 999:03d};margin:{i % 7}px}}" for i in range(1200))
    sprite = "".join(
        f'<symbol id="i{i}"><path d="M{i} 0L{i + 5} 10Z M3 4 C 5 6 7 8 9 10"/></symbol>'
        for i in range(150)
    )
    page = _listing(rng, rows)
    head_end = page.index("</head>")
    return (
        page[:head_end]
        + f"<style>{style}</style><script>{script}</script>"
        + page[head_end:].replace("<body>", f'<body><svg style="display:none">{sprite}</svg>')
    )


def _best(docs: list[Document], func: Callable[[Document], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            func(doc)
        best = min(best, time.process_time() - start)
    return best


def _tree_text(doc: Document) -> str:
    tree = LexborHTMLParser(doc.content)
    tree.strip_tags(["script", "style"])
    return tree.root.text(separator=" ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for shape, build in (("listing", _listing), ("typical", _typical)):
        rng = random.Random(1)
        docs = [
            Document(f"https://example.org/p{i}.html", build(rng, 300).encode(), "text/html")
            for i in range(args.pages)
        ]
        mb = sum(len(d.content) for d in docs) / 1e6
        floor = _best(docs, lambda d: LexborHTMLParser(d.content), args.repeat)
        tree_text = _best(docs, _tree_text, args.repeat)
        attributes = _best(docs, lambda d: attribute_values(d.content), args.repeat)
        full = _best(docs, extract, args.repeat)
        print(
            f"{shape:8s} {args.pages} pages, {mb:.1f} MB ({mb * 1e3 / args.pages:.0f} KB/page): "
            f"extract {mb / full:.0f} MB/s; lexbor parse alone {mb / floor:.0f} MB/s\n"
            f"         CPU s: extract {full:.2f} = parse {floor:.2f} "
            f"+ strip script/style and tree text {tree_text - floor:.2f} "
            f"+ attributes {attributes:.2f} + rest {full - tree_text - attributes:.2f}"
        )


if __name__ == "__main__":
    main()
