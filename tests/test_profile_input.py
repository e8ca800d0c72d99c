"""Profile input gaps: plain TOML errors with line and column, impossible UK numbers, handles,
template placeholders, and a detail listed as both private and public."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from footprint.profile import ProfileError, load_profile, parse_profile

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str | bytes, name: str = "me.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def error(tmp_path: Path, text: str | bytes) -> tuple[Path, ProfileError]:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert "\n" not in str(info.value)
    return path, info.value


# -- TOML syntax and file errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'name = "X"\n[private]\ndate_of_birth = 1980-02-30\n',
            "line 3: private.date_of_birth = 1980-02-30: not a real date",
        ),
        (
            'name = "X"\n[private]\ndate_of_birth = 1980-13-01   # my birthday\n',
            "line 3: private.date_of_birth = 1980-13-01: not a real date",
        ),
        (
            'name = "X"\n\nfoo bar\n',
            "line 3, column 5: invalid TOML: expected '=' after the key (key = value)",
        ),
        ('name = "Eleanor', 'line 1: name = "Eleanor: a string is missing its closing quote'),
        ("name = Eleanor\n", "line 1: name = Eleanor: not a TOML value (text needs quotes"),
        (
            'name = "X"\n[private]\n[private]\n',
            "line 3, column 9: invalid TOML: the table [private] is declared twice",
        ),
        ('name = "X"\nname = "Y"\n\n# end\n', 'line 2: name = "Y": a key is given twice'),
    ],
)
def test_syntax_errors_keep_line_column_and_name_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path, err = error(tmp_path, text)
    assert str(err).startswith(f"{path}: {message}")
    assert "(syntax)" not in str(err) and "Invalid date or datetime" not in str(err)


def test_syntax_error_carries_its_position(tmp_path: Path) -> None:
    _, err = error(tmp_path, 'name = "X"\n\nfoo bar\n')
    assert (err.line, err.column) == (3, 5)


def test_missing_profile_is_plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProfileError) as info:
        load_profile("nosuch.toml")
    assert str(info.value) == "nosuch.toml: no such file"


def test_a_folder_is_not_a_profile(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="is a folder, not a profile file"):
        load_profile(tmp_path)


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    path, err = error(tmp_path, b'name = "X"\n# caf\xe9\n')
    assert str(err) == f"{path}: line 2: is not UTF-8 text"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, '\ufeffname = "A Person"\n')).name == "A Person"


# -- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("07700 90012", "UK numbers starting 07 have 11 digits (this has 10)"),
        ("+44 7700 90012", "UK numbers starting 07 have 11 digits (this has 10)"),
        ("07700 9001234", "UK numbers starting 07 have 11 digits (this has 12)"),
        ("020 7946 012", "UK numbers starting 02 have 11 digits (this has 10)"),
        ("0113 496 01", "UK numbers starting 01 have 10 or 11 digits (this has 9)"),
        ("0400 123456", "no UK numbers start 04"),
        ("07700 9001", "UK numbers starting 07 have 11 digits (this has 9)"),
        ("012", "UK numbers starting 01 have 10 or 11 digits (this has 3)"),
    ],
)
def test_uk_numbers_of_impossible_length_are_rejected(
    tmp_path: Path, number: str, why: str
) -> None:
    path, err = error(tmp_path, f'name = "X"\n[private]\nphones = ["{number}"]\n')
    assert str(err) == f"{path}: private.phones[0] = {number!r}: not a possible phone number: {why}"


# Ofcom's numbers for TV and radio drama: never a real line, so profiles and tests use them.
DRAMA = [
    "07700 900001", "07700 900999",
    "01632 960001", "01632 960999",
    "0113 496 0001", "0113 496 0999", "0114 496 0001", "0115 496 0001", "0116 496 0001",
    "0117 496 0001", "0117 496 0999", "0118 496 0001", "0121 496 0001", "0131 496 0001",
    "0141 496 0001", "0141 496 0999", "0151 496 0001", "0161 496 0001", "0191 498 0001",
    "020 7946 0001", "020 7946 0999",
    "028 9649 6001", "028 9649 6999",
    "029 2018 0001", "029 2018 0999",
    "0808 157 0001", "0909 879 0001", "03069 990001",
    "+44 7700 900461", "+44 (0)20 7946 0123",
]  # fmt: skip


def test_every_drama_range_is_accepted(tmp_path: Path) -> None:
    # phonenumbers' validity rules reject some; the profile must not.
    assert any(not phonenumbers.is_valid_number(phonenumbers.parse(n, "GB")) for n in DRAMA)
    quoted = ", ".join(f'"{n}"' for n in DRAMA)
    profile = load_profile(write(tmp_path, f'name = "X"\n[private]\nphones = [{quoted}]\n'))
    assert profile.private.phones == tuple(DRAMA)


@pytest.mark.parametrize(
    "number", ["016977 3456", "0800 1111", "0800 123456", "+1 202 555 0143", "+33 1 23 45 67 89"]
)
def test_other_possible_numbers_are_accepted(tmp_path: Path, number: str) -> None:
    text = f'name = "X"\n[public]\nphones = ["{number}"]\n'
    assert load_profile(write(tmp_path, text)).public.phones == (number,)


# -- usernames -----------------------------------------------------------------------------


def usernames(*names: str) -> tuple[str, ...]:
    return parse_profile({"name": "X", "public": {"usernames": list(names)}}).public.usernames


def test_usernames_lose_a_leading_at_and_spaces() -> None:
    assert usernames("@jobloggs", " @jobloggs ", "@ jobloggs", "jo.bloggs") == (
        "jobloggs",
        "jobloggs",
        "jobloggs",
        "jo.bloggs",
    )


def test_markup_like_usernames_stay_as_written() -> None:
    assert usernames("ellie[dim]w", "ellie[/]") == ("ellie[dim]w", "ellie[/]")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("@", "not a username"),
        ("jo bloggs", "not a username"),
        ("jo\x1bbloggs", "not a username"),
        ("@@jobloggs", "no @ inside"),
        ("jo@example.org", "no @ inside"),
        ("x.com/jobloggs", "a link"),
        ("https://x.com/jobloggs", "a link"),
    ],
)
def test_bad_usernames_are_rejected(name: str, why: str) -> None:
    with pytest.raises(ProfileError) as info:
        usernames("ok", name)
    assert str(info.value).startswith(f"<profile>: public.usernames[1] = {name!r}: ")
    assert why in str(info.value)


# -- the same detail private and public ----------------------------------------------------


@pytest.mark.parametrize(
    ("key", "private", "public"),
    [
        ("phones", ["07700 900461"], ["0117 496 0718", "+44 7700 900461"]),
        ("phones", ["07700900461"], ["+44 (0)7700 900 461"]),
        ("emails", ["Ellie@Example.net"], ["ellie@example.NET"]),
    ],
)
def test_a_detail_both_private_and_public_is_an_error(
    key: str, private: list[str], public: list[str]
) -> None:
    data = {"name": "X", "private": {key: private}, "public": {key: public}}
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    message = str(info.value)
    assert message.startswith(f"<profile>: private.{key}[0] = ")
    assert f"public.{key}[{len(public) - 1}]" in message and "not both" in message


def test_different_private_and_public_details_are_fine() -> None:
    data = {
        "name": "X",
        "private": {"phones": ["07700 900461"], "emails": ["a@example.net"]},
        "public": {"phones": ["07700 900462"], "emails": ["b@example.net"]},
    }
    assert parse_profile(data).public.phones == ("07700 900462",)


# -- the template's placeholders -----------------------------------------------------------


def template_examples() -> list[tuple[str, str, Any]]:
    """(table, key, value) for every example line in the template, uncommented."""
    text = resources.files("footprint").joinpath("data/profile-template.toml").read_text()
    data = tomllib.loads(re.sub(r"^# (?=[a-z_]+ = )", "", text, flags=re.MULTILINE))
    rows = [("", k, v) for k, v in data.items() if not isinstance(v, dict)]
    rows += [(t, k, v) for t in ("private", "public") for k, v in data[t].items()]
    return rows


def _is_text(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


TEXT_EXAMPLES = [row for row in template_examples() if _is_text(row[2])]


def test_the_template_examples_cover_every_kind_of_text() -> None:
    keys = {f"{table}.{key}".lstrip(".") for table, key, _ in TEXT_EXAMPLES}
    assert {"name", "private.home_address", "private.phones", "public.usernames"} <= keys
    assert len(TEXT_EXAMPLES) >= 10


@pytest.mark.parametrize(("table", "key", "value"), TEXT_EXAMPLES)
def test_every_template_example_is_refused(table: str, key: str, value: Any) -> None:
    data: dict[str, Any] = {"name": "Eleanor Whitcombe"}
    if table:
        data[table] = {key: value}
    else:
        data[key] = value
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    path = f"{table}.{key}".lstrip(".")
    assert str(info.value).startswith(f"<profile>: {path}")
    assert str(info.value).endswith("is the template's example: replace it")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"name": "your  NAME"}, "name"),
        ({"name": "A", "aliases": ["Your Name"]}, "aliases[0]"),
        ({"name": "A", "private": {"phones": ["+44 7700 900000"]}}, "private.phones[0]"),
        ({"name": "A", "private": {"phones": ["0117 496 0000"]}}, "private.phones[0]"),
        ({"name": "A", "public": {"usernames": ["@yourhandle"]}}, "public.usernames[0]"),
        ({"name": "A", "public": {"urls": ["https://yourcampaign.example"]}}, "public.urls[0]"),
        ({"name": "A", "public": {"emails": ["You@YourCampaign.example"]}}, "public.emails[0]"),
    ],
)
def test_template_examples_are_recognised_in_any_form(data: dict[str, Any], path: str) -> None:
    with pytest.raises(ProfileError, match=re.escape(f"{path} = ")):
        parse_profile(data)


def test_the_readme_example_and_a_real_looking_birthday_are_not_placeholders() -> None:
    profile = load_profile(ROOT / "examples" / "candidate.toml")
    assert profile.name == "Eleanor Whitcombe"
    # The template's example date and coordinates could be someone's real ones.
    data = {
        "name": "A",
        "private": {"date_of_birth": load_date(), "home_coordinates": [51.5, -0.1]},
    }
    assert parse_profile(data).private.home_coordinates == (51.5, -0.1)


def load_date() -> Any:
    return tomllib.loads("d = 1980-01-31")["d"]
