"""Property: whatever a profile file holds, loading it gives a Profile or the one-line
ProfileError the CLI prints (`path: [line L: ]key = value: problem`), never another exception.

Two generators: TOML-ish text built from the pieces real profiles (and their typos) are made of,
written as bytes (so BOMs, invalid UTF-8 and NULs are tried too); and documents of the right
shape (the profile's own tables and keys) holding arbitrary TOML values, given straight to
parse_profile as tomllib would.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from props import ANY_TEXT, PROPS

from footprint.profile import Profile, ProfileError, load_profile, parse_profile
from footprint.termtext import inert

_KEYS = (
    "name", "aliases", "area", "home_address", "phones", "emails", "date_of_birth", "family",
    "home_coordinates", "usernames", "domains", "urls", "private", "public", '"name"', "a.b",
    "", "naem",
)  # fmt: skip
_VALUES = (
    '"Eleanor Whitcombe"', '"14 Larkspur Close, Wickwar GL12 8QX"', '["07700 900461"]',
    '["ellie@example.net"]', "1977-09-03", "1980-02-30", "1977-09-03T10:00:00", "10:00:00",
    "[51.6001, -2.3987]", "[nan, inf]", "[1e400, -0]", "true", "0x1F", "1_000", '""', "''",
    '"""multi\nline"""', "'''raw\\n'''", '"\\u0000\\u202e"', '"unterminated', "[", "[[]]", "{}",
    '{a = 1}', "Eleanor", '"@ewhitcombe"', '["https://x.example/", "ftp://y"]', "-", "=",
    '"\\x"', '"tab\there"',
)  # fmt: skip
_LINES = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(_KEYS), st.sampled_from(_VALUES)),
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from(_KEYS), ANY_TEXT),
    st.sampled_from(
        ("[private]", "[public]", "[[private]]", "[private", "[private.x]", "[]", "# note", "")
    ),
    ANY_TEXT,
)
_ENDS = st.sampled_from(("\n", "\r\n", "\r", "\u2028", "\x0c", "\x00"))
_TOMLISH = st.builds(
    lambda lines, end: end.join(lines),
    st.lists(_LINES, max_size=12),
    _ENDS,
)
_ENCODED = st.one_of(
    _TOMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _TOMLISH.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    st.builds(lambda t, junk: t.encode() + junk, _TOMLISH, st.binary(max_size=40)),
)


def _one_line_error(exc: ProfileError, where: str) -> None:
    message = str(exc)
    assert message.startswith(where + ": "), message
    assert "\n" not in message, message
    assert exc.problem and "Traceback" not in message
    # What the CLI prints: `footprint: error: ...`, made inert - one terminal line.
    assert len(inert(message).splitlines()) == 1, message


def _load(path: Path, content: bytes) -> Profile | ProfileError:
    path.write_bytes(content)
    try:
        return load_profile(path)
    except ProfileError as exc:
        return exc


@PROPS
@given(_ENCODED)
def test_any_file_loads_or_fails_in_one_line(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "me.toml"
        got = _load(path, content)
    if isinstance(got, ProfileError):
        _one_line_error(got, str(path))
    else:
        assert isinstance(got, Profile) and got.name


# Values tomllib can produce, arbitrary in type and content.
_SCALARS = st.one_of(
    ANY_TEXT,
    st.sampled_from(("Eleanor Whitcombe", "07700 900461", "a@b.example", "GL12 8QX", " ", "")),
    st.integers(),
    st.floats(),  # nan and inf too: TOML has them
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.times(),
)
_VALUES_ANY = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
Strategy = st.SearchStrategy[Any]
_PHONEISH = st.text(st.sampled_from("0123456789 +()-.x#*ext\u00a0\uff10"), max_size=24)
_NAMES = st.text(st.characters(categories=("L", "Zs", "Pd")), min_size=1, max_size=30).filter(
    str.strip
)
_STRINGS = st.lists(st.one_of(ANY_TEXT, _PHONEISH), max_size=3)
# Per key: mostly the right type with arbitrary content (reaching the deeper checks), else
# anything at all.
_PLAUSIBLE: dict[str, Strategy] = {
    "home_address": st.one_of(
        st.builds(lambda a, b: f"{a} Larkspur Close {b}", _PHONEISH, ANY_TEXT), ANY_TEXT, _STRINGS
    ),
    "phones": _STRINGS,
    "emails": st.lists(st.builds(lambda a, b: f"{a}@{b}", ANY_TEXT, ANY_TEXT), max_size=3),
    "date_of_birth": st.dates(),
    "family": _STRINGS,
    "home_coordinates": st.lists(st.one_of(st.floats(), st.integers()), min_size=1, max_size=3),
    "usernames": _STRINGS,
    "domains": _STRINGS,
    "urls": st.lists(st.builds(lambda t: "https://" + t, ANY_TEXT), max_size=2),
}


def _mostly(good: Strategy, anything: Strategy) -> Strategy:
    """`good` four times in five (one_of would weigh by the branches inside each)."""
    return st.integers(0, 4).flatmap(lambda i: good if i else anything)


def _keys(names: tuple[str, ...]) -> Strategy:
    return st.fixed_dictionaries(
        {}, optional={k: _mostly(_PLAUSIBLE[k], _VALUES_ANY) for k in names}
    )


_PRIVATE = _keys(
    ("home_address", "phones", "emails", "date_of_birth", "family", "home_coordinates")
)
_PUBLIC = _keys(("emails", "phones", "usernames", "domains", "urls"))
_DOCUMENTS = st.fixed_dictionaries(
    {"name": _mostly(_NAMES, st.one_of(ANY_TEXT, _VALUES_ANY))},
    optional={
        "aliases": _mostly(st.lists(_NAMES, max_size=2), st.one_of(_STRINGS, _VALUES_ANY)),
        "area": _mostly(_NAMES, _VALUES_ANY),
        "private": _mostly(_PRIVATE, _VALUES_ANY),
        "public": _mostly(_PUBLIC, _VALUES_ANY),
    },
)


@PROPS
@given(_DOCUMENTS)
def test_any_value_in_a_valid_shape_parses_or_fails_in_one_line(data: dict[str, Any]) -> None:
    try:
        profile = parse_profile(data, "me.toml")
    except ProfileError as exc:
        _one_line_error(exc, "me.toml")
        assert exc.key, str(exc)  # a value problem names its key
    else:
        assert profile.name == data["name"].strip()
