"""How a source's final state follows from what it really checked."""

from __future__ import annotations

from footprint.model import SourceState, SourceStatus
from footprint.status import describe, gaps, settle


def settled(status: SourceStatus, ran: bool = True, errors: tuple[str, ...] = ()) -> SourceStatus:
    settle(status, ran=ran, errors=errors, consumes=("username",))
    return status


def test_every_unit_checked_is_ok() -> None:
    status = settled(SourceStatus("accounts", total=57, checked=57, unit="site", documents=3))
    assert status.state is SourceState.OK and status.reason == ""
    assert describe(status) == "57 of 57 sites checked, 3 documents read"


def test_some_units_unanswered_is_partial_with_counts() -> None:
    status = SourceStatus("accounts", total=57, checked=52, unit="site")
    status.skipped_items = [(f"https://s{i}.example/", "unknown") for i in range(5)]
    settled(status)
    assert status.state is SourceState.PARTIAL
    assert status.reason == "5 sites not checked"


def test_no_unit_checked_is_failed_even_without_an_error() -> None:
    status = SourceStatus("accounts", total=57, unit="site")
    status.skipped_items = [("u", "ConnectError")] * 57
    assert settled(status).state is SourceState.FAILED


def test_an_error_after_some_work_is_partial_and_before_any_is_failed() -> None:
    assert settled(SourceStatus("x", documents=2), errors=("boom",)).state is SourceState.PARTIAL
    assert settled(SourceStatus("x"), errors=("boom",)).state is SourceState.FAILED


def test_never_started_or_nothing_reported_is_not_run() -> None:
    never = settled(SourceStatus("accounts"), ran=False)
    assert never.state is SourceState.NOT_RUN
    assert never.reason == "nothing to search by (no username in the profile or found)"
    silent = settled(SourceStatus("plugin"))
    assert silent.state is SourceState.NOT_RUN and "found nothing to check" in silent.reason


def test_a_scanners_notes_follow_the_reasons_and_never_change_the_state() -> None:
    protected = "registration details of w.example are protected (redacted for privacy)"
    ok = settled(SourceStatus("rdap", total=1, checked=1, unit="domain", notes=[protected]))
    assert ok.state is SourceState.OK and ok.reason == protected
    part = SourceStatus("rdap", total=2, checked=1, unit="domain", notes=[protected])
    part.skipped_items = [("x.example", "HTTP 503")]
    assert settled(part).state is SourceState.PARTIAL
    assert part.reason == f"1 domain not checked; {protected}"


def test_skipped_keeps_its_reason() -> None:
    status = SourceStatus("ch", SourceState.SKIPPED, reason="needs KEY")
    assert settled(status).reason == "needs KEY"


def test_gaps_name_what_makes_nothing_found_incomplete() -> None:
    ok = settled(SourceStatus("a", total=10, checked=10))
    thin = settled(SourceStatus("b", total=10, checked=4, skipped_items=[("x", "y")] * 6))
    fine_partial = settled(SourceStatus("c", total=10, checked=9, skipped_items=[("x", "y")]))
    offline = SourceStatus("d", SourceState.SKIPPED, reason="offline")
    assert gaps([ok, fine_partial, offline]) == []
    assert gaps([ok, thin]) == ["b checked only 4 of 10"]
    assert gaps([offline]) == ["nothing could be checked"]
    assert gaps([ok], ["the scan was interrupted"]) == ["the scan was interrupted"]


def test_notes_are_shown_after_the_reasons_and_never_change_the_state() -> None:
    ok = settled(SourceStatus("website", total=3, checked=3, notes=["robots.txt asks ..."]))
    assert ok.state is SourceState.OK and ok.reason == "robots.txt asks ..."
    partial = SourceStatus("website", total=3, checked=2, unit="page", notes=["robots.txt"])
    settled(partial)
    assert partial.state is SourceState.PARTIAL
    assert partial.reason == "1 page not checked; robots.txt"
