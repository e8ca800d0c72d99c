"""A tomllib syntax error told plainly: line, column, and the key and value when known.

tomllib gives only a message with "(at line L, column C)" or "(at end of document)". That
position points at a line of the file; when the line is a `key = value` statement, the key
(with its [table]) and the value as written are recovered from it, so the error can name them:
`date_of_birth = 1980-02-30` is a syntax error to tomllib ("Invalid date or datetime").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

_POSITION = re.compile(
    r"(?s)(?P<msg>.*) \((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)"
)
_STATEMENT = re.compile(
    r'\s*(?P<key>[A-Za-z0-9_-]+|"[^"\n]*")\s*=\s*(?P<value>.*?)\s*(?:#[^"\']*)?'
)
_HEADER = re.compile(r"\s*\[\[?\s*(?P<name>[A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(?:#.*)?")
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt ][0-9:.+\-Zz]*)?")
_MAX_VALUE = 60

# tomllib's wording -> plain wording for someone filling in a profile.
_PLAIN = {
    "Invalid date or datetime": "not a real date",
    "Unterminated string": "a string is missing its closing quote",
    "Invalid value": 'not a TOML value (text needs quotes, e.g. "like this"; dates are 1977-09-03)',
    "Expected '=' after a key in a key/value pair": "expected '=' after the key (key = value)",
    "Cannot overwrite a value": "a key is given twice",
    "Expected newline or end of document after a statement": (
        "unexpected text after the value (one key = value per line)"
    ),
    "Unclosed array": "a list is missing its closing ]",
}


@dataclass(frozen=True)
class TomlProblem:
    line: int
    column: int | None  # None when tomllib points at the end of the file
    key: str | None  # dotted, e.g. "private.date_of_birth", when the line is `key = value`
    value: str | None  # the value exactly as written on that line (shortened if long)
    problem: str


def describe(text: str, exc: tomllib.TOMLDecodeError) -> TomlProblem:
    """Where and what the syntax error is, in the words a profile's author would use."""
    lines = text.split("\n")
    found = _POSITION.fullmatch(str(exc))
    message = found.group("msg") if found else str(exc)
    if found and found.group("line"):
        line, column = int(found.group("line")), int(found.group("col"))
    else:  # end of document: the last line holding a statement
        line = max(
            (i for i, t in enumerate(lines, 1) if t.strip() and not t.lstrip().startswith("#")),
            default=1,
        )
        column = None
    key, value = _statement(lines, line)
    problem = _plain(message)
    if value is not None and _DATE_LIKE.fullmatch(value):
        problem = _PLAIN["Invalid date or datetime"]  # 1980-13-01 fails as "1980" then text
    return TomlProblem(line, column, key, value, problem)


def _plain(message: str) -> str:
    if message in _PLAIN:
        return _PLAIN[message]
    table = re.fullmatch(r"Cannot declare \((.*)\) twice", message)
    if table:
        name = ".".join(part.strip(" '\"") for part in table.group(1).split(",") if part.strip())
        return f"the table [{name}] is declared twice"
    return message[:1].lower() + message[1:]


def _statement(lines: list[str], line: int) -> tuple[str | None, str | None]:
    """(dotted key, value as written) when `line` is a `key = value` statement."""
    if not 1 <= line <= len(lines):
        return None, None
    found = _STATEMENT.fullmatch(lines[line - 1])
    if not found:
        return None, None
    key = found.group("key").strip('"')
    for earlier in reversed(lines[: line - 1]):
        header = _HEADER.fullmatch(earlier)
        if header:
            key = f"{header.group('name').replace(' ', '')}.{key}"
            break
    value = found.group("value")
    if len(value) > _MAX_VALUE:
        value = value[: _MAX_VALUE - 3] + "..."
    return key, value
