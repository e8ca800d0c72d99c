"""The removal plan: findings grouped by place, ordered, in plain words, highlighted, redacted."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from bs4 import BeautifulSoup
from report_formats import readable, rendered
from test_report_samples import (
    ADDRESS,
    DOB,
    GENERATED,
    HOSTILE,
    PHONE,
    PRIVATE_STRINGS,
    PROFILE,
    SON,
    finding,
    sample_findings,
    sample_sources,
)

from footprint.model import Category, Severity
from footprint.profile import PrivateDetails, parse_profile
from reports import ADVICE, build_report, render_html, render_markdown
from reports.advice import load_catalogue
from reports.plan import PlanDataError, parse_plan_data, plan_data
from reports.view import build_view

PAGE = "https://parish-news.example/committee"


def _three_on_one_page(location: str = PAGE, severity: Severity = Severity.HIGH) -> list:
    return [
        finding(
            Category.HOME_ADDRESS,
            severity,
            location,
            ADDRESS,
            "14 Larkspur Close",
            matched="private.home_address",
        ),
        finding(Category.PHONE, severity, location, PHONE, PHONE, matched="private.phones[0]"),
        finding(
            Category.DATE_OF_BIRTH,
            severity,
            location,
            DOB,
            "3 September 1977",
            matched="private.date_of_birth",
        ),
    ]


def _report(findings, **kwargs):
    return build_report(PROFILE, findings, sample_sources(), GENERATED, **kwargs)


def test_one_page_showing_three_details_is_one_action_with_three_details() -> None:
    view = build_view(_report(_three_on_one_page()))
    (action,) = view.actions
    assert action.headline == "Ask the owner of this page to remove three details"
    assert [d.label for d in action.details] == [
        "your home address",
        "your personal phone number",
        "your date of birth",
    ]
    assert action.shows == "your home address, your personal phone number and your date of birth"
    assert action.route is not None and action.route.id == "ask-site-owner"
    assert action.effort_key == "letter"


def test_a_single_detail_is_named_in_the_action() -> None:
    (action,) = build_view(_report(_three_on_one_page()[:1])).actions
    assert action.headline == "Ask the owner of this page to remove your home address"


def test_actions_are_ordered_by_severity_then_details_removed_then_effort() -> None:
    one_high_page = finding(
        Category.PHONE,
        Severity.HIGH,
        "https://a.example/",
        PHONE,
        PHONE,
        matched="private.phones[0]",
    )
    one_high_file = dataclasses.replace(one_high_page, location="docs/a.txt", source="files")
    three_medium = _three_on_one_page("https://m.example/", Severity.MEDIUM)
    three_high = _three_on_one_page("https://z.example/")
    report = _report([one_high_page, *three_medium, one_high_file, *three_high])
    order = [a.location for a in report.actions]
    # High before medium; among high: three details before one; among one: the quick file
    # clean-up (about 5 minutes) before the letter to a site owner.
    assert order == ["https://z.example/", "docs/a.txt", "https://a.example/", "https://m.example/"]


def test_severity_outranks_how_many_places_show_a_detail() -> None:
    """A phone on three pages does not outrank a home address on one (the old 'what to do
    first' counted places)."""
    phones = [
        finding(Category.PHONE, Severity.MEDIUM, f"https://p{i}.example/", PHONE, PHONE)
        for i in range(3)
    ]
    address = _three_on_one_page("https://home.example/")[:1]
    report = _report([*phones, *address])
    assert report.actions[0].location == "https://home.example/"


def test_an_account_that_merely_exists_is_listed_with_its_place_but_not_counted() -> None:
    shop = "https://www.depop.example/ellie_w77/"
    address = _three_on_one_page(shop)[:1]
    account = finding(
        Category.ACCOUNT, Severity.LOW, shop, "ellie_w77", "ellie_w77", matched="public.usernames"
    )
    (action,) = build_view(_report([*address, account])).actions
    assert action.kind == "account" and action.removes == 1
    assert action.headline == "Remove your home address from this account or profile"
    assert "an account under your username" in action.shows
    (alone,) = build_view(_report([account])).actions
    assert alone.removes == 0 and alone.request is None
    assert alone.headline == "Check what this account shows, and who can see it"


def _texts(report, reveal: bool = False) -> dict[str, str]:
    return {fmt: readable(fmt, out) for fmt, out in rendered(report, reveal).items()}


@pytest.mark.parametrize("reveal", [False, True])
def test_no_format_shows_internal_names(reveal: bool) -> None:
    geo = finding(
        Category.GEOLOCATION, Severity.LOW, "photos/far.jpg", "51.5, -2.6", "51.5, -2.6",
        matched="photo_gps", source="files",
    )  # fmt: skip
    report = _report([*sample_findings(), geo])
    for fmt, text in _texts(report, reveal).items():
        if fmt == "json":
            # JSON keeps `matched` as a machine identifier; it says it in words as `detail`.
            data = json.loads(rendered(report, reveal)["json"])
            for f in data["findings"]:
                f.pop("matched")
                assert f["detail"] and "private" not in f["detail"]
            text = readable("json", json.dumps(data))
        # "private.home_address", "private.phones[0]" ("keep the file private." is prose).
        assert not re.search(r"\bprivate\.\w", text), fmt
        for internal in ("photo_gps", "home_coordinates", "public.usernames"):
            assert internal not in text, (fmt, internal)
    words = _texts(report, reveal)["html"]
    assert "where a photo was taken (its gps location)" in words.lower()
    assert "where your home is (a photo's gps location" in words.lower()


def test_the_hit_is_marked_redacted_and_escaped() -> None:
    hostile = finding(
        Category.PHONE, Severity.HIGH, PAGE, PHONE, PHONE, before=f"{HOSTILE} call ",
        matched="private.phones[0]",
    )  # fmt: skip
    soup = BeautifulSoup(render_html(_report([hostile])), "html.parser")
    (mark,) = soup.find("article").find_all("mark")
    assert mark.get_text() == "07700 9•••61"
    assert mark.parent.get_text() == f"{HOSTILE} call 07700 9•••61 (updated 2024)"
    assert soup.find("script") is None
    revealed = BeautifulSoup(render_html(_report([hostile]), reveal=True), "html.parser")
    assert revealed.find("article").find("mark").get_text() == PHONE
    assert "**07700 9•••61**" in render_markdown(_report([hostile]))


def test_the_banner_example_is_the_readers_own_detail_masked() -> None:
    other = dataclasses.replace(
        PROFILE,
        private=dataclasses.replace(PROFILE.private, phones=("07700 900123",)),
    )
    report = build_report(other, [], [], GENERATED)
    assert build_view(report).banner_example == "07700 9•••23"
    html = render_html(report)
    assert "07700 9•••23" in html and "9•••61" not in html
    no_phone = dataclasses.replace(PROFILE, private=dataclasses.replace(PROFILE.private, phones=()))
    assert build_view(build_report(no_phone, [], [])).banner_example == "e•••@example.net"
    empty = dataclasses.replace(PROFILE, private=PrivateDetails())
    assert build_view(build_report(empty, [], [])).banner_example == "07700 9•••00"
    assert build_view(report, reveal=True).banner_example == ""


def test_999_and_the_police_red_flags_are_in_the_summary() -> None:
    report = _report(sample_findings())
    soup = BeautifulSoup(render_html(report), "html.parser")
    summary = soup.find("section", id="summary").get_text(" ", strip=True)
    assert "Call 999 if you are in immediate danger" in summary
    assert "personal information about you that is not already public" in summary
    md = render_markdown(report)
    assert md.index("Call 999") < md.index("## The plan, one place at a time")
    assert md.index("not already public") < md.index("## The plan, one place at a time")
    assert "Call 999" in _texts(report)["terminal"]


def test_the_overview_table_comes_before_the_details_one_row_per_place() -> None:
    soup = BeautifulSoup(render_html(_report(_three_on_one_page())), "html.parser")
    table = soup.find("table", class_="overview")
    assert table.find_next("article") is not None  # the details follow the table
    (row,) = table.tbody.find_all("tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1] == PAGE.removeprefix("https://")
    assert cells[2] == "Your home address, your personal phone number and your date of birth"
    assert cells[3] == "Ask the site owner to take it down"
    assert cells[4].startswith("An email or letter")
    assert row.find("a", href="#advice-ask-site-owner") is not None


def test_each_action_has_a_printable_tick_box() -> None:
    soup = BeautifulSoup(render_html(_report(sample_findings())), "html.parser")
    for article in soup.find_all("article", class_="action"):
        assert "☐ Done" in article.find("p", class_="tick").get_text(" ", strip=True)
    assert "☐ Done" in render_markdown(_report(sample_findings()))


def test_key_contacts_box() -> None:
    soup = BeautifulSoup(render_html(_report([])), "html.parser")
    box = soup.find("section", id="contacts")
    text = box.get_text(" ", strip=True)
    for who in ("elected-official adviser", "election agent", "returning officer"):
        row = next(r for r in box.find_all("tr") if who in r.th.get_text())
        assert row.find("span", class_="blank") is not None, who  # a line to fill in
    assert "08 08 16 89 111" in text and "999" in text and "101" in text
    assert "## Key contacts" in render_markdown(_report([]))


def test_the_security_survey_step_wherever_a_home_address_can_be_found() -> None:
    address = _three_on_one_page()[:1]
    in_a_file = [dataclasses.replace(address[0], location="docs/a.txt")]
    phone_only = _three_on_one_page("https://p.example/")[1:2]
    view = build_view(_report([*address, *in_a_file, *phone_only]))
    steps = {a.location: a.safety for a in view.actions}
    assert "security survey of your home and workplace" in steps[PAGE]
    assert steps["docs/a.txt"] == "" and steps["https://p.example/"] == ""
    assert "security survey of your home and workplace" in render_markdown(_report(address))


def test_local_files_are_shown_relative_to_the_scanned_folder() -> None:
    root = "/home/ellie/campaign"
    f = dataclasses.replace(_three_on_one_page()[0], location=f"{root}/docs/leaflet.txt")
    report = _report([f], roots=[root])
    view = build_view(report)
    assert view.actions[0].location == "docs/leaflet.txt"
    assert view.findings[0].location == "docs/leaflet.txt"
    assert view.roots == (root,)
    data = json.loads(rendered(report)["json"])
    assert data["findings"][0]["location"] == f"{root}/docs/leaflet.txt"  # identity: exact
    assert data["plan"][0]["display_location"] == "docs/leaflet.txt"
    terminal = _texts(report)["terminal"]
    assert "docs/leaflet.txt" in terminal and f"{root}/docs" not in terminal
    # Two folders scanned: each file keeps its folder's name, so names stay apart.
    two = build_view(_report([f], roots=[root, "/home/ellie/other"]))
    assert two.actions[0].location == "campaign/docs/leaflet.txt"


def test_a_folder_name_holding_a_detail_is_masked_where_the_roots_are_shown() -> None:
    root = "/home/ellie/14 Larkspur Close"
    f = dataclasses.replace(_three_on_one_page()[0], location=f"{root}/a.txt")
    for fmt, text in _texts(_report([f], roots=[root])).items():
        if fmt != "json":
            assert "Larkspur" not in text, fmt


def test_every_first_route_has_an_effort_and_the_plan_data_names_real_routes() -> None:
    data = plan_data()
    firsts = {rule.advice[0] for rule in load_catalogue().rules}
    missing = sorted(firsts - set(data.route_efforts))
    assert not missing, f"add these advice ids to reports/data/plan.toml [route]: {missing}"
    assert set(data.route_efforts) <= set(ADVICE)
    orders = [e.order for e in data.efforts.values()]
    assert len(orders) == len(set(orders))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"default_effort": "soon"}, "default_effort 'soon'"),
        ({"route": {"no-such-route": {"effort": "quick"}}}, "route.no-such-route is not"),
        ({"route": {"ask-site-owner": {"effort": "never"}}}, "effort 'never'"),
        ({"kind": {"web": {"action": "Remove {what}"}}}, "kind.web.action: bad placeholder"),
    ],
)
def test_bad_plan_data_is_named(change: dict, message: str) -> None:
    import tomllib
    from importlib import resources

    raw = tomllib.loads(resources.files("reports").joinpath("data/plan.toml").read_text())
    for key, value in change.items():
        raw[key] = {**raw.get(key, {}), **value} if isinstance(value, dict) else value
    with pytest.raises(PlanDataError, match=re.escape(message)):
        parse_plan_data(raw)


def test_plain_labels_number_several_details_of_a_kind() -> None:
    two_phones = parse_profile(
        {"name": "Eleanor Whitcombe", "private": {"phones": [PHONE, "07700 900123"]}}
    )
    second = finding(
        Category.PHONE, Severity.HIGH, PAGE, "07700 900123", "07700 900123",
        matched="private.phones[1]",
    )  # fmt: skip
    view = build_view(build_report(two_phones, [second], [], GENERATED))
    assert view.actions[0].details[0].label == "your second personal phone number"
    assert view.findings[0].detail == "your second personal phone number"


def test_the_plan_is_redacted_in_every_format() -> None:
    family = finding(Category.FAMILY, Severity.LOW, PAGE, SON, SON, matched="private.family[0]")
    report = _report([*sample_findings(), *_three_on_one_page("https://z.example/"), family])
    for fmt, text in _texts(report).items():
        if fmt == "json":
            data = json.loads(rendered(report)["json"])
            for item in [*data["findings"], *data["plan"]]:
                item.pop("location")  # the identity, exact by design
            text = readable("json", json.dumps(data))
        for secrets in PRIVATE_STRINGS.values():
            for secret in secrets:
                assert secret not in text, (fmt, secret)


def test_every_category_has_its_plain_detail_wording() -> None:
    from footprint.model import Category
    from reports.labels import detail_label

    for category in Category:
        label = detail_label(category, "x")
        assert label and "." not in label and "_" not in label, category
