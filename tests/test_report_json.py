"""JSON report: exact shape, redaction by default, full values with reveal."""

from __future__ import annotations

import datetime as dt
import json

from test_report_samples import (
    GENERATED,
    PRIVATE_STRINGS,
    PROFILE,
    SUBJECT,
    sample_findings,
    sample_sources,
)

from footprint.model import Category
from reports import build_report, render_json

FINDING_KEYS = {
    "category",
    "severity",
    "source",
    "location",
    "display_location",
    "location_note",
    "field",
    "evidence",
    "matched",
    "detail",
    "value",
    "partial",
    "note",
    "advice",
    "provenance",
}
SOURCE_KEYS = {
    "name", "state", "reason", "requests", "documents", "duration_s", "skipped",
    "coverage", "checked", "total", "unit",
}  # fmt: skip


def _report():
    return build_report(PROFILE, sample_findings(), sample_sources(), GENERATED)


def test_json_shape() -> None:
    data = json.loads(render_json(_report()))
    assert set(data) == {
        "subject", "generated_at", "verdict", "complete", "gaps", "findings", "plan", "sources"
    }  # fmt: skip
    assert data["subject"] == SUBJECT
    assert dt.datetime.fromisoformat(data["generated_at"]) == GENERATED
    assert len(data["findings"]) == len(sample_findings())
    for f in data["findings"]:
        assert set(f) >= FINDING_KEYS
        assert f["category"] in {c.value for c in Category}
        assert f["severity"] in {"high", "medium", "low"}
        assert isinstance(f["partial"], bool)
        assert f["advice"] and all(isinstance(a, str) for a in f["advice"])
        assert isinstance(f["provenance"], list)
    for s in data["sources"]:
        assert set(s) == SOURCE_KEYS
        assert s["state"] in {"ok", "partial", "failed", "skipped", "not_run"}
    files = next(s for s in data["sources"] if s["name"] == "files")
    assert files["skipped"] == [
        {"location": "examples/pages/documents/broken.pdf", "reason": "corrupt PDF: no xref"}
    ]
    account = next(f for f in data["findings"] if f["category"] == "account")
    assert account["provenance"] == [
        "username ewhitcombe",
        "accounts",
        "https://github.com/ewhitcombe",
    ]


def test_json_is_redacted_by_default_and_full_with_reveal() -> None:
    redacted = render_json(_report())
    revealed = render_json(_report(), reveal=True)
    for category, secrets in PRIVATE_STRINGS.items():
        for secret in secrets:
            assert secret not in redacted, (category, secret)
    phone = next(f for f in json.loads(revealed)["findings"] if f["category"] == "phone")
    assert phone["value"] == "07700 900461"
    assert "07700 900461" in phone["evidence"]
    masked = next(f for f in json.loads(redacted)["findings"] if f["category"] == "phone")
    assert masked["value"] == "07700 9•••61"
    for value in ("14 Larkspur Close", "ellie.whitcombe77@example.net", "51.600123"):
        assert value in revealed


def test_zero_findings_json() -> None:
    data = json.loads(render_json(build_report(PROFILE, [], sample_sources(), GENERATED)))
    assert data["findings"] == [] and len(data["sources"]) == 4
