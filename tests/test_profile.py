"""Profile loading: the exact schema, and one-line errors naming file, key and value."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from footprint.kinds import Kind
from footprint.profile import Profile, ProfileError, load_profile

VALID = """
name = "Eleanor Whitcombe"
aliases = ["Ellie Whitcombe"]
area = "Wickwar"

[private]
home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"
phones = ["07700 900461"]
emails = ["Ellie.Whitcombe77@example.net"]
date_of_birth = 1977-09-03
family = ["Daniel Whitcombe", "Isla Whitcombe"]
home_coordinates = [51.6001, -2.3987]

[public]
emails = ["eleanor@whitcombeforwickwar.example"]
phones = ["0117 496 0718"]
usernames = ["ewhitcombe"]
domains = ["whitcombeforwickwar.example"]
urls = ["https://whitcombeforwickwar.example/"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "subject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_profile_loads_every_field(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    assert profile.name == "Eleanor Whitcombe"
    assert profile.aliases == ("Ellie Whitcombe",)
    assert profile.private.home_addresses == (
        "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX",
    )
    assert profile.private.emails == ("ellie.whitcombe77@example.net",)
    assert profile.private.date_of_birth == dt.date(1977, 9, 3)
    assert profile.private.home_coordinates == (51.6001, -2.3987)
    assert profile.public.usernames == ("ewhitcombe",)


def test_address_may_be_a_list(tmp_path: Path) -> None:
    text = VALID.replace(
        'home_address = "14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX"',
        'home_address = ["14 Larkspur Close, Wickwar GL12 8QX", "Flat 3, 27 Acacia Avenue, Leeds"]',
    )
    assert len(load_profile(write(tmp_path, text)).private.home_addresses) == 2


def test_seeds_hold_public_identifiers_only(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    seeds = profile.seeds()
    values = {s.value for s in seeds}
    private = {
        *profile.private.phones,
        *profile.private.emails,
        *profile.private.family,
        *profile.private.home_addresses,
    }
    assert not values & private
    assert {s.kind for s in seeds} == set(Kind)
    assert ("ewhitcombe" in values) and ("Eleanor Whitcombe" in values)


def test_minimal_profile(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, 'name = "A Person"\n')) == Profile(name="A Person")


BAD = [
    ("", "name", "is required"),
    ('name = "X"\nnickname = "Y"', "nickname", "unknown key"),
    ('name = "X"\n[private]\nphone = ["07700 900461"]', "private.phone", "unknown key"),
    ('name = "X"\n[public]\nhandles = ["x"]', "public.handles", "unknown key"),
    ("name = 42", "name", "non-empty string"),
    ('name = "X"\naliases = "Ellie"', "aliases", "list of strings"),
    ('name = "X"\n[private]\nphones = ["12"]', "private.phones[0]", "possible phone"),
    ('name = "X"\n[private]\nphones = ["07700 900461", "call me"]', "private.phones[1]", "phone"),
    ('name = "X"\n[public]\nphones = ["0117 496 07181234"]', "public.phones[0]", "phone"),
    ('name = "X"\n[private]\nemails = ["nobody"]', "private.emails[0]", "email"),
    ('name = "X"\n[private]\ndate_of_birth = "3 Sept 1977"', "private.date_of_birth", "TOML date"),
    ('name = "X"\n[private]\ndate_of_birth = 2199-01-01', "private.date_of_birth", "plausible"),
    ('name = "X"\n[private]\nhome_address = "somewhere nice"', "private.home_address", "postcode"),
    ('name = "X"\n[private]\nhome_coordinates = [51.6]', "private.home_coordinates", "latitude"),
    ('name = "X"\n[private]\nhome_coordinates = [95, 0]', "private.home_coordinates", "-90..90"),
    ('name = "X"\n[public]\nurls = ["example.org"]', "public.urls[0]", "http"),
    ('name = "X"\n[public]\ndomains = ["https://x.org/"]', "public.domains[0]", "domain"),
    ('name = "X"\nprivate = "no"', "private", "table"),
]


@pytest.mark.parametrize(("text", "key", "problem"), BAD)
def test_bad_input_names_file_key_and_value(tmp_path: Path, text: str, key: str, problem: str):
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {key} = ")
    assert problem in message


def test_bad_value_is_quoted_in_message(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "X"\n[private]\nphones = ["07700 90"]')
    with pytest.raises(ProfileError, match=re.escape("'07700 90'")):
        load_profile(path)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"subject\.toml"):
        load_profile(tmp_path / "subject.toml")
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(ProfileError, match="UTF-8"):
        load_profile(tmp_path / "bin.toml")


def test_drama_numbers_accepted_though_not_valid(tmp_path: Path) -> None:
    # Ofcom drama ranges fail phonenumbers.is_valid_number; profiles must still accept them.
    text = 'name = "X"\n[private]\nphones = ["07700 900461", "01632 960123", "0113 496 0000"]'
    assert len(load_profile(write(tmp_path, text)).private.phones) == 3


@pytest.mark.parametrize(
    "home",
    [
        "Ivy Lodge, Church Lane, Little Snoring NR21 0AA",
        "The Old Forge, Wickwar",
        "Flat 2/1, 14 Hyndland Road, Glasgow G12 9UX",
        "14 Heol y Coed, Abertawe",
        "Tullyneagh, Ballygawley, BT70 2HR",
    ],
)
def test_house_name_tenement_welsh_and_townland_addresses_are_accepted(
    tmp_path: Path, home: str
) -> None:
    text = VALID.replace("14 Larkspur Close, Wickwar, Wotton-under-Edge GL12 8QX", home)
    assert load_profile(write(tmp_path, text)).private.home_addresses == (home,)
