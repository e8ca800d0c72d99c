"""Matcher throughput on a deterministic synthetic web corpus (single core).

Run: python benchmarks/bench_matcher.py [--mb 30] [--repeat 3] [--dense]

Builds HTML pages of several kinds (news articles, directory listings heavy with numbers and
street names, council minutes, company-officer pages, digit-heavy data tables): mostly
irrelevant text, with the subject's surname, family first names and street among many others,
and private details planted in one page in ten. --dense narrows the names and streets to the
subject's own (a stress test). Prints MB/s of HTML for
  (a) Matcher.match() on already-extracted text, per detector and in total;
  (b) footprint.extract.extract() + match() end to end, when footprint.extract is importable.
Figures are the best of N runs in CPU time of this one process (steady on a shared machine).
For where extract() spends its time (lexbor parse, tree text, attribute scans), run
benchmarks/bench_extract.py: with one tag per ~16 bytes here, the lexbor parse alone takes
about as long as match().
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from footprint.matcher import Matcher  # noqa: E402
from footprint.model import Document, Extracted  # noqa: E402
from footprint.profile import load_profile  # noqa: E402


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(  # includes kinship words and common words that are also first names
    "the council meeting residents parish planning application community hall library election "
    "agent register notice minutes agenda item consultation budget school road traffic village "
    "green spring autumn report members voted approved deferred objection support local news "
    "said would could after before during about with from their there which other people year "
    "week month daughter son family wife husband island will grace rose mark born birth date"
)
_STREETS = _words(
    "Larkspur Acacia Church Station Mill Orchard Meadow Kingsway Victoria Albert Queens Park "
    "Manor Grange Highfield Springfield Windsor Chestnut Beech Willow Rowan Hazel Foxglove"
)
_DENSE_STREETS = ("Larkspur", "Acacia", "Church")
_TYPES = ("Close", "Road", "Street", "Lane", "Avenue", "Cl", "Rd", "St.", "Drive", "Way")
_TOWNS = ("Wickwar", "Yate", "Chipping Sodbury", "Thornbury", "Bristol", "Leeds", "Bath")
_FIRST = _words(
    "Daniel Isla Eleanor Oliver Amelia George Grace Will Rose Jack Olivia Harry Emily Noah Ava "
    "Leo Mia Oscar Freya Arthur Lily Henry Sophie Alfie Evie Charlie Poppy Thomas Ruby James "
    "Chloe William Jessica Joseph Ella Samuel Lucy Edward Hannah Adam Megan Ben Holly"
)
_DENSE_FIRST = ("Daniel", "Isla", "Eleanor", "Will", "Rose")
_LAST = _words(
    "Whitcombe Smith Jones Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson"
)
_DENSE_LAST = ("Whitcombe", "Smith", "Jones")


@dataclass(frozen=True)
class Pools:
    """Names and streets the generator draws from."""

    first: Sequence[str] = tuple(_FIRST)
    last: Sequence[str] = tuple(_LAST)
    streets: Sequence[str] = tuple(_STREETS)


DENSE = Pools(_DENSE_FIRST, _DENSE_LAST, _DENSE_STREETS)
_PLANTED = (
    "Call Ellie on 07700 900461",
    "mailto:ellie.whitcombe77@example.net",
    "14 Larkspur Close, Wickwar, GL12 8QX",
    "Date of birth: September 1977",
    "her husband Daniel Whitcombe",
    "our daughter Isla",
    "born 3rd September 1977",
)


def _sentence(rng: random.Random, pools: Pools, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(n), f"{rng.choice(pools.first)} {rng.choice(pools.last)}")
    if rng.random() < 0.2:
        words.insert(rng.randrange(n), f"£{rng.randint(1, 9999)}")
    if rng.random() < 0.1:
        words.insert(rng.randrange(n), "“quoted” café")
    return " ".join(words).capitalize() + "."


def _phone(rng: random.Random) -> str:
    return rng.choice(("01632 960{:03d}", "0113 496 0{:03d}", "07700 900{:03d}")).format(
        rng.randint(0, 999)
    )


def _address(rng: random.Random, pools: Pools) -> str:
    return (
        f"{rng.randint(1, 120)} {rng.choice(pools.streets)} {rng.choice(_TYPES)}, "
        f"{rng.choice(_TOWNS)} BS{rng.randint(1, 40)} {rng.randint(1, 9)}AB"
    )


def _head(title: str) -> str:
    style = ".c{color:red} " * 150
    script = "var cfg = {" + ",".join(f'"k{i}": {i * 7919}' for i in range(300)) + "};"
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='description' content='{title} - local news and notices'>"
        f"<style>{style}</style><script>{script}</script></head><body>"
    )


def _nav() -> str:
    items = "".join(
        f'<li><a href="/section/{i}?ref=nav&amp;page={i}" title="Section {i}">Section {i}</a></li>'
        for i in range(30)
    )
    return f"<nav><ul>{items}</ul></nav>"


def _article(rng: random.Random, pools: Pools) -> str:
    paras = "".join(f"<p>{_sentence(rng, pools, rng.randint(20, 60))}</p>" for _ in range(80))
    return _head("Village news") + _nav() + f"<main><article>{paras}</article></main></body></html>"


def _directory(rng: random.Random, pools: Pools) -> str:
    rows = "".join(
        f'<tr data-id="{rng.randint(10**9, 10**10)}"><td>{rng.choice(pools.first)} '
        f"{rng.choice(pools.last)}</td><td>{_address(rng, pools)}</td>"
        f'<td><a href="tel:{_phone(rng).replace(" ", "")}">{_phone(rng)}</a></td>'
        f"<td>{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}</td></tr>"
        for _ in range(400)
    )
    return _head("Directory") + _nav() + f"<main><table>{rows}</table></main></body></html>"


def _minutes(rng: random.Random, pools: Pools) -> str:
    items = "".join(
        f"<h3>Item {i}: {rng.choice(pools.streets)} {rng.choice(_TYPES)}</h3>"
        f"<p>{_sentence(rng, pools, 30)} Ref {rng.randint(10**5, 10**6)}/{rng.randint(10, 99)}. "
        f"{_sentence(rng, pools, 30)}</p>"
        for i in range(120)
    )
    return _head("Parish council minutes") + _nav() + f"<main>{items}</main></body></html>"


def _officers(rng: random.Random, pools: Pools) -> str:
    months = ("January", "March", "May", "July", "September", "November")
    rows = "".join(
        f"<div class='officer'><h2>{rng.choice(pools.last).upper()}, {rng.choice(pools.first)}</h2>"
        f"<dl><dt>Date of birth</dt><dd>{rng.choice(months)} {rng.randint(1940, 2000)}</dd>"
        f"<dt>Appointed on</dt><dd>{rng.randint(1, 28)} {rng.choice(months)} "
        f"{rng.randint(1990, 2026)}</dd><dt>Correspondence address</dt>"
        f"<dd>{_address(rng, pools)}</dd>"
        "</dl></div>"
        for _ in range(250)
    )
    return _head("Officers") + _nav() + f"<main>{rows}</main></body></html>"


def _data_table(rng: random.Random, pools: Pools) -> str:
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{rng.randint(0, 10 ** rng.randint(1, 9))}</td>" for _ in range(12))
        + "</tr>"
        for _ in range(500)
    )
    return _head("Statistics") + f"<main><table>{rows}</table></main></body></html>"


_KINDS: tuple[Callable[[random.Random, Pools], str], ...] = (
    _article,
    _article,
    _directory,
    _minutes,
    _officers,
    _data_table,
)


def build_corpus(total_mb: float, seed: int = 1, dense: bool = False) -> list[bytes]:
    """Deterministic pages totalling about total_mb MB; one in ten carries a planted detail.

    `dense` narrows names and streets to the subject's own family and street, so nearly every
    paragraph has something the matcher must look at closely (a stress test)."""
    rng = random.Random(seed)
    pools = DENSE if dense else Pools()
    pages: list[bytes] = []
    size = 0
    while size < total_mb * 1_000_000:
        html = rng.choice(_KINDS)(rng, pools)
        if rng.random() < 0.1:
            cut = html.rfind("</main>")
            html = html[:cut] + f"<p>{rng.choice(_PLANTED)}</p>" + html[cut:]
        page = html.encode("utf-8")
        pages.append(page)
        size += len(page)
    return pages


def _strip_tags(html: bytes) -> str:
    """Stand-in extraction when footprint.extract is unavailable: tags become spaces."""
    text = html.decode("utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", text)


def _best_of(repeat: int, run: Callable[[], object]) -> float:
    """Best CPU time of `repeat` runs: steadier than wall time on a shared machine, and the
    same thing on an idle one (everything here is single-threaded)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=30.0, help="corpus size in MB of HTML")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; best is shown")
    parser.add_argument("--dense", action="store_true", help="stress: subject's names everywhere")
    args = parser.parse_args()

    profile = load_profile(ROOT / "examples" / "candidate.toml")
    start = time.perf_counter()
    matcher = Matcher(profile)
    compile_ms = (time.perf_counter() - start) * 1000
    pages = build_corpus(args.mb, dense=args.dense)
    html_mb = sum(map(len, pages)) / 1e6

    try:
        from footprint.extract import extract
    except ImportError as exc:
        extract = None
        print(f"footprint.extract not importable ({exc}); using a crude tag stripper for (a)")

    docs = [
        Document(f"https://example.org/p{i}.html", page, "text/html")
        for i, page in enumerate(pages)
    ]
    if extract is not None:
        texts = [extract(doc) for doc in docs]
    else:
        texts = [Extracted(_strip_tags(page)) for page in pages]
    text_mb = sum(len(t.text) for t in texts) / 1e6
    print(f"corpus: {len(pages)} pages, {html_mb:.1f} MB HTML, {text_mb:.1f} M chars extracted")
    print(f"Matcher(profile) compile: {compile_ms:.1f} ms")

    hits = [matcher.match(t) for t in texts]
    pages_hit = sum(1 for h in hits if h)
    print(f"hits: {sum(map(len, hits))} in {pages_hit} pages")

    elapsed = _best_of(args.repeat, lambda: [matcher.match(t) for t in texts])
    print(
        f"(a) match() on extracted text: {html_mb / elapsed:7.1f} MB/s of HTML "
        f"({text_mb / elapsed:.1f} M chars/s of text, {elapsed:.2f} s)"
    )
    for part in matcher._text_matchers:  # per detector, for tuning
        part_s = _best_of(args.repeat, lambda p=part: [list(p.find(t.text)) for t in texts])
        print(f"      {type(part).__name__:<15} {html_mb / part_s:8.1f} MB/s of HTML")

    if extract is None:
        print("(b) skipped: footprint.extract is not importable")
        return
    extract_s = _best_of(args.repeat, lambda: [extract(d) for d in docs])
    both_s = _best_of(args.repeat, lambda: [matcher.match(extract(d)) for d in docs])
    print(f"(b) extract() alone:           {html_mb / extract_s:7.1f} MB/s of HTML")
    print(f"(b) extract() + match():       {html_mb / both_s:7.1f} MB/s of HTML  (goal >= 50)")


if __name__ == "__main__":
    main()
