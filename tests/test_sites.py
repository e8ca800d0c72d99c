"""Loading and using WhatsMyName-format site lists (scanners.accounts.sites)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from site_entries import site_entry as entry

from scanners.accounts.sites import Presence, Site, SitesError, classify, load_sites, parse_sites

REAL = Path(__file__).parent / "fixtures" / "whatsmyname" / "wmn-data.json"


def site(**over: Any) -> Site:
    fields: dict[str, Any] = {
        "name": "Example",
        "uri_check": "https://example.com/u/{account}",
        "e_code": 200,
        "e_string": "profile-of",
        "m_code": 404,
        "m_string": "no such user",
        "known": ("alice",),
        "cat": "social",
    }
    fields.update(over)
    return Site(**fields)


def write(tmp_path: Path, *sites: dict[str, Any]) -> Path:
    path = tmp_path / "list.json"
    doc = {"license": ["L"], "authors": ["A"], "categories": ["social"], "sites": list(sites)}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# -- loading -------------------------------------------------------------------------------


def test_loads_the_real_whatsmyname_list() -> None:
    sites = load_sites(REAL)
    raw = json.loads(REAL.read_text(encoding="utf-8"))
    assert len(sites.sites) == len(raw["sites"]) == 716
    assert len(sites.valid_sites()) == sum(1 for s in raw["sites"] if s.get("valid", True))
    assert sites.license == tuple(raw["license"])
    assert sites.authors == tuple(raw["authors"])
    assert sites.source == str(REAL)
    anilist = next(s for s in sites.sites if s.name == "AniList")
    assert anilist.method == "POST"
    assert dict(anilist.headers)["Content-Type"] == "application/json"
    assert anilist.uri_pretty == "https://anilist.co/user/{account}"
    medium = next(s for s in sites.sites if s.name == "Medium")
    assert medium.strip_bad_char == "." and medium.method == "GET"
    assert all(isinstance(s.e_code, int) and isinstance(s.known, tuple) for s in sites.sites)


def test_empty_e_string_exists_in_the_real_list() -> None:
    # The brief assumed e_string is never empty; WMN has entries where the status alone decides.
    empty = [s.name for s in load_sites(REAL).sites if s.e_string == ""]
    assert empty, "if WMN fixed these, the empty-string classify test below still covers it"


@pytest.mark.parametrize(
    ("over", "field", "problem"),
    [
        ({"e_code": "200"}, "e_code", "HTTP status code"),
        ({"e_code": True}, "e_code", "HTTP status code"),
        ({"m_code": 700}, "m_code", "HTTP status code"),
        ({"e_string": None}, "e_string", "must be a string"),
        ({"m_string": 5}, "m_string", "must be a string"),
        ({"uri_check": "example.com/{account}"}, "uri_check", "http://"),
        ({"uri_check": "https://example.com/u"}, "uri_check", "{account}"),
        ({"post_body": "user=bob", "headers": {"A": "b"}}, "post_body", "{account}"),
        ({"headers": {"A": 1}}, "headers", "string values"),
        ({"headers": ["A: b"]}, "headers", "string values"),
        ({"known": []}, "known", "at least one"),
        ({"known": ["a", ""]}, "known", "non-empty strings"),
        ({"valid": "no"}, "valid", "true or false"),
        ({"uri_pretty": "/u/{account}"}, "uri_pretty", "http://"),
        ({"strip_bad_char": ["."]}, "strip_bad_char", "must be a string"),
        ({"uri_check": "https://exa[mple.com/{account}"}, "uri_check", "valid host name"),
        ({"uri_pretty": "https://]x.example/{account}"}, "uri_pretty", "valid host name"),
        ({"uri_check": "https:///u/{account}"}, "uri_check", "valid host name"),
    ],
)
def test_bad_field_gives_one_line_error_naming_file_site_field_value(
    tmp_path: Path, over: dict[str, Any], field: str, problem: str
) -> None:
    path = write(tmp_path, entry(name="Good"), entry(name="Broken", **over))
    with pytest.raises(SitesError) as info:
        load_sites(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: site 'Broken': {field} = ")
    assert repr(over[field])[:20] in message
    assert problem in message


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    broken = entry()
    del broken["m_string"]
    with pytest.raises(SitesError, match=r"site 'Example': m_string = None: must be a string"):
        load_sites(write(tmp_path, broken))


def test_site_without_a_name_is_named_by_position(tmp_path: Path) -> None:
    with pytest.raises(SitesError, match=r"sites\[1\]: name = ''"):
        load_sites(write(tmp_path, entry(), entry(name="")))


def test_duplicate_names_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(SitesError, match="duplicate"):
        load_sites(write(tmp_path, entry(), entry()))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "top level must be a JSON object"),
        ('{"sites": {}}', "sites = {}: must be a list"),
        ('{"sites": [], "authors": "me"}', "authors = 'me'"),
        ('{"sites": [1]}', "sites[0] = 1: must be an object"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SitesError, match=re.escape(problem)):
        load_sites(path)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(SitesError, match="cannot be read"):
        load_sites(tmp_path / "absent.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"sites": [], "authors": ["\xe9"]}')
    with pytest.raises(SitesError, match="not UTF-8"):
        load_sites(latin)


def test_unknown_keys_are_tolerated_for_newer_lists() -> None:
    parsed = parse_sites(json.dumps({"sites": [entry(future_field=1)], "extra": True}))
    assert parsed.sites[0].name == "Example"


def test_license_may_be_a_single_string() -> None:
    assert parse_sites(json.dumps({"license": "MIT", "sites": []})).license == ("MIT",)


# -- requests ------------------------------------------------------------------------------


def test_check_url_substitutes_and_quotes_the_username() -> None:
    s = site()
    assert s.check_url("alice") == "https://example.com/u/alice"
    assert s.check_url("a b") == "https://example.com/u/a%20b"
    # Reserved characters cannot change the path or query of the check URL.
    assert s.check_url("x/../admin?y=1#z") == "https://example.com/u/x%2F..%2Fadmin%3Fy%3D1%23z"
    assert s.check_url("Баир") == "https://example.com/u/%D0%91%D0%B0%D0%B8%D1%80"


def test_strip_bad_char_applies_everywhere() -> None:
    s = site(
        uri_check="https://{account}.example.com/",
        uri_pretty="https://example.com/@{account}",
        strip_bad_char="@.",
    )
    assert s.clean("j.o@hn") == "john"
    assert s.check_url("j.o@hn") == "https://john.example.com/"
    assert s.pretty_url("j.o@hn") == "https://example.com/@john"
    post = site(post_body='{"u":"{account}"}', strip_bad_char=".")
    assert post.body("jo.hn") == '{"u":"john"}'


def test_post_body_takes_the_username_verbatim() -> None:
    s = site(uri_check="https://example.com/api", post_body="name={account}&x=1")
    assert s.method == "POST"
    assert s.body("a b&c") == "name=a b&c&x=1"  # as WhatsMyName's checker does
    assert site().body("alice") is None


def test_pretty_url_falls_back_to_check_url() -> None:
    assert site().pretty_url("bob") == "https://example.com/u/bob"
    s = site(uri_pretty="https://example.com/people/{account}")
    assert s.pretty_url("bob") == "https://example.com/people/bob"


def test_hosts_lists_check_then_profile_host() -> None:
    s = site(
        uri_check="https://api.example.com/{account}",
        uri_pretty="https://www.example.com/{account}",
    )
    assert s.hosts("bob") == ["api.example.com", "www.example.com"]
    assert site(uri_pretty="https://example.com/p/{account}").hosts("bob") == ["example.com"]
    assert site(uri_check="https://{account}.example.com/").hosts("bob") == ["bob.example.com"]


# -- classification ------------------------------------------------------------------------


def test_classify_exact_semantics() -> None:
    s = site()
    assert classify(s, 200, "<p>profile-of alice</p>") is Presence.EXISTS
    assert classify(s, 404, "sorry, no such user here") is Presence.MISSING
    # status matches but the string is absent (page changed) -> unknown, never a guess
    assert classify(s, 200, "<p>welcome</p>") is Presence.UNKNOWN
    assert classify(s, 404, "not found") is Presence.UNKNOWN
    # string present but wrong status -> unknown
    assert classify(s, 500, "profile-of alice") is Presence.UNKNOWN
    assert classify(s, 403, "Attention Required! | Cloudflare") is Presence.UNKNOWN
    assert classify(s, 429, "no such user") is Presence.UNKNOWN


def test_classify_when_exists_and_missing_share_a_status() -> None:
    s = site(e_code=200, m_code=200, e_string='"taken":true', m_string='"taken":false')
    assert classify(s, 200, '{"taken":true}') is Presence.EXISTS
    assert classify(s, 200, '{"taken":false}') is Presence.MISSING
    assert classify(s, 200, "<html>captcha</html>") is Presence.UNKNOWN
    assert classify(s, 403, '{"taken":true}') is Presence.UNKNOWN


def test_classify_empty_strings_mean_status_only() -> None:
    redirect_exists = site(e_code=302, e_string="", m_code=404, m_string="User not found")
    assert classify(redirect_exists, 302, "") is Presence.EXISTS
    assert classify(redirect_exists, 404, "") is Presence.UNKNOWN
    empty_missing = site(m_code=302, m_string="")
    assert classify(empty_missing, 302, "anything at all") is Presence.MISSING
    assert classify(empty_missing, 200, "anything at all") is Presence.UNKNOWN


def test_classify_checks_exists_first_like_whatsmyname() -> None:
    # WMN tests e_code/e_string before m_code/m_string; a body holding both reads as exists.
    s = site(e_code=200, m_code=200, e_string="Profile", m_string="")
    assert classify(s, 200, "Profile") is Presence.EXISTS
    assert classify(s, 200, "other") is Presence.MISSING
