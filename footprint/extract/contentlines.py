"""Content lines, the shared syntax of vCard (RFC 6350, 2426, vCard 2.1) and iCalendar (RFC 5545).

`NAME;PARAM=VALUE;PARAM="quoted":value`, folded over several physical lines by starting
each continuation with a space or tab. Rules:
- unfolding joins continuation lines; vCard 2.1's quoted-printable values also continue
  after a line ending in "=" (a soft line break);
- a group prefix ("item1.TEL") is dropped, names are upper-cased;
- values are unescaped (\\n, \\N, \\, \\; \\\\), quoted-printable values decoded in their
  CHARSET, base64 values (photos, sounds, keys) marked binary so callers skip them.
One pass over the lines, linear in the input.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass

from footprint.extract.charset import decode


@dataclass(frozen=True)
class ContentLine:
    name: str
    params: dict[str, str]  # upper-case names; a bare 2.1 parameter ("CELL") is a TYPE
    value: str  # raw (escaped) value
    binary: bool = False

    def types(self) -> list[str]:
        return [t.strip().lower() for t in self.params.get("TYPE", "").split(",") if t.strip()]


def content_lines(content: bytes, charset: str | None = None) -> Iterator[ContentLine]:
    for physical in _unfold(decode(content, charset).splitlines()):
        line = _parse(physical)
        if line is not None:
            yield line


def _unfold(lines: list[str]) -> Iterator[str]:
    current: list[str] = []
    soft_break = printable = False
    for line in lines:
        if current and line[:1] in (" ", "\t"):
            current.append(line[1:])
        elif current and soft_break:
            current.append(line)
        else:
            if current:
                yield "".join(current)
            current = [line]
            head = line[: line.find(":")] if ":" in line else line
            printable = "QUOTED-PRINTABLE" in head.upper()
        soft_break = printable and line.endswith("=")
        if soft_break:
            current[-1] = current[-1][:-1]
    if current:
        yield "".join(current)


def _parse(line: str) -> ContentLine | None:
    """Split NAME;PARAMS:VALUE; the first colon outside a quoted parameter ends the name."""
    colon = line.find(":")
    if colon == -1:
        return None
    if '"' in line[:colon]:  # a quoted parameter may hold a colon (ALTREP="http://...")
        quoted = False
        for index, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            elif char == ":" and not quoted:
                colon = index
                break
        else:
            return None
    head, value = line[:colon], line[colon + 1 :]
    name, *raw_params = _split_params(head)
    name = name.rpartition(".")[2].strip().upper()
    if not name:
        return None
    params: dict[str, str] = {}
    for raw in raw_params:
        key, sep, val = raw.partition("=")
        key, val = key.strip().upper(), val.strip().strip('"')
        if not sep:  # vCard 2.1: TEL;CELL;VOICE:... or ;QUOTED-PRINTABLE
            key, val = ("ENCODING", key) if key in _ENCODINGS else ("TYPE", key)
        params[key] = f"{params[key]},{val}" if key in params else val
    encoding = params.get("ENCODING", "").upper()
    if encoding in ("B", "BASE64"):
        return ContentLine(name, params, value, binary=True)
    if encoding == "QUOTED-PRINTABLE":
        raw_bytes = quopri.decodestring(value.encode("utf-8", errors="replace"))
        value = decode(raw_bytes, params.get("CHARSET") or "utf-8")
    return ContentLine(name, params, value)


_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})


def _split_params(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")
    parts: list[str] = []
    quoted = False
    start = 0
    for index, char in enumerate(head):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append(head[start:index])
            start = index + 1
    parts.append(head[start:])
    return parts


def unescape(value: str) -> str:
    """RFC 6350/5545 text escapes; a lone backslash is kept."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(_unescaped, value)


_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)


def _unescaped(match: re.Match[str]) -> str:
    following = match.group(1)
    return "\n" if following in ("n", "N") else following or "\\"


def split_value(value: str, sep: str = ";") -> list[str]:
    """Split a structured value (N, ADR) on unescaped `sep`, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(unescape("".join(current)))
    return parts


def iso_date(value: str) -> str:
    """19770903 -> 1977-09-03, 20240301T100000Z -> 2024-03-01 10:00; others unchanged."""
    value = value.strip()
    day, _, time = value.partition("T")
    day = day.replace("-", "")
    if len(day) != 8 or not day.isdigit():
        return value
    iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    time = time.replace(":", "")
    if len(time) >= 4 and time[:4].isdigit() and time[:4] != "0000":
        iso += f" {time[:2]}:{time[2:4]}"
    return iso
