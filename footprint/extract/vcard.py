"""vCard (.vcf, versions 2.1, 3.0 and 4.0): one "Label (types): value" line per property.

Read: FN, and N as "Given Additional Family"; TEL and EMAIL (without tel:/mailto:); ADR with
its parts joined by ", " ("14 Larkspur Close, Wickwar, GL12 8QX"); BDAY and ANNIVERSARY as
ISO dates; RELATED and Apple's related names with their labels; and every other text
property (ORG, TITLE, NOTE, URL, IMPP, GEO, X-...) under its own name. Skipped: binary data
(PHOTO, LOGO, SOUND, KEY as base64 or data: URIs) and housekeeping (VERSION, PRODID, UID,
REV). Syntax (folding, quoted-printable, escapes) is contentlines.py's.
"""

from __future__ import annotations

from footprint.extract.contentlines import content_lines, iso_date, split_value, unescape
from footprint.extract.errors import ExtractError

_LABELS = {
    "FN": "Name", "N": "Name", "TEL": "Phone", "EMAIL": "Email", "ADR": "Address",
    "LABEL": "Address", "BDAY": "Birthday", "ANNIVERSARY": "Anniversary",
    "NICKNAME": "Nickname", "ORG": "Organisation", "TITLE": "Title", "ROLE": "Role",
    "NOTE": "Note", "URL": "Web", "RELATED": "Related", "X-ABRELATEDNAMES": "Related",
    "X-ABLABEL": "Label", "GEO": "Location", "IMPP": "Messaging",
}  # fmt: skip
_SKIP = frozenset(
    {"BEGIN", "END", "VERSION", "PRODID", "UID", "REV", "PHOTO", "LOGO", "SOUND", "KEY",
     "CLIENTPIDMAP", "SORT-STRING", "X-ABUID", "X-ABSHOWAS"}
)  # fmt: skip
_DATES = frozenset({"BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "DEATHDATE"})


def vcard_text(content: bytes, charset: str | None = None) -> str:
    lines: list[str] = []
    cards = 0
    for line in content_lines(content, charset):
        if line.name == "BEGIN" and line.value.strip().upper() == "VCARD":
            cards += 1
        if line.binary or line.name in _SKIP or line.value.lower().startswith("data:"):
            continue
        value = _value(line.name, line.value)
        if not value:
            continue
        label = _LABELS.get(line.name, line.name)
        types = [t for t in line.types() if t not in ("pref", "internet", "x400")]
        lines.append(f"{label} ({', '.join(types)}): {value}" if types else f"{label}: {value}")
    if not cards:
        raise ExtractError("not a vCard file (no BEGIN:VCARD)")
    return "\n".join(lines)


def _value(name: str, raw: str) -> str:
    if name == "N":
        family, given, additional, prefix, suffix = (split_value(raw) + [""] * 5)[:5]
        text = " ".join(_one_line(p) for p in (prefix, given, additional, family, suffix) if p)
    elif name == "ADR":
        text = ", ".join(_one_line(p) for p in split_value(raw) if p.strip())
    else:
        text = _one_line(unescape(raw))
    if name in _DATES:
        return iso_date(text)
    if name == "X-ABLABEL":
        return text.removeprefix("_$!<").removesuffix(">!$_")
    if text[:7].lower().startswith(("tel:", "mailto:")):
        return text.partition(":")[2]
    return text


def _one_line(text: str) -> str:
    return ", ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
