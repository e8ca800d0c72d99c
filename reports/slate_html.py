"""The slate overview as one self-contained HTML page.

Like the candidate reports (reports/html_report.py): inline CSS, escaped values, no remote
resources. Sorting and filtering need a script: it is inline, and the page's CSP allows that
one script only, by its SHA-256 hash (no 'unsafe-inline'). Without it the page reads the same:
the table is complete and the controls, which only the script can use, stay hidden.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports.clean import clean_name, clean_text
from reports.slate import SlateRow, category_headers

_STATE_ORDER = {
    "exposures": 6,
    "incomplete": 5,
    "unchecked": 4,
    "invalid": 3,
    "not_run": 2,
    "clear": 1,
}


@dataclass(frozen=True)
class SlateView:
    title: str
    generated_at: str
    generated_human: str
    revealed: bool
    rows: tuple[SlateRow, ...]
    categories: tuple[tuple[str, str], ...]
    summary: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int, int], ...]  # (source, requests, refused) for the slate
    notes: tuple[str, ...]
    script: str
    script_hash: str
    state_order: Mapping[str, int]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def script() -> tuple[str, str]:
    """The overview's script and its CSP source expression ('sha256-...')."""
    text = resources.files("reports").joinpath("templates/slate.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def render_slate_html(
    title: str,
    rows: Iterable[SlateRow],
    sources: Mapping[str, tuple[int, int]],
    generated_at: dt.datetime | None = None,
    reveal: bool = False,
    notes: Iterable[str] = (),
) -> str:
    """`sources`: source name -> (requests, refused) for the whole slate."""
    when = generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    kept = tuple(rows)
    text, digest = script()
    summary = (
        ("Candidates", len(kept)),
        ("With exposures", sum(r.state == "exposures" for r in kept)),
        ("With something high", sum(r.highest == "high" for r in kept)),
        ("Not fully checked", sum(r.incomplete for r in kept)),
    )
    view = SlateView(
        title=clean_text(title),
        generated_at=when.isoformat(),
        generated_human=f"{when.day} {when:%B %Y, %H:%M} UTC",
        revealed=reveal,
        rows=kept,
        categories=category_headers(),
        summary=summary,
        sources=tuple(
            (clean_name(name), n, refused) for name, (n, refused) in sorted(sources.items())
        ),
        notes=tuple(clean_text(n) for n in notes),
        script=text,
        script_hash=digest,
        state_order=_STATE_ORDER,
    )
    return _environment().get_template("slate.html").render(s=view)
