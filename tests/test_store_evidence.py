"""Evidence records: what was fetched, where, when, its hash; exported as a verifiable zip."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from cli_errors import one_line_error
from local_server import serve
from store_scans import scan
from typer.testing import CliRunner

from footprint.cli import app
from footprint.model import Capture, Category, Document, Finding, Severity
from footprint.profile import Profile
from footprint.store import Store
from footprint.store.evidence import FIELDS, export

runner = CliRunner()
PROFILE = 'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
FAR = "filler text " * 400  # keeps the marker out of any snippet around the hit
PAGE = f"<html><body><p>Call 07700 900461.</p><p>{FAR} MARKER-ONLY-IN-THE-BODY</p></body></html>"


def unzip(path: Path) -> tuple[list[dict], list[dict], dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    rows = json.loads(files.pop("manifest.json"))
    table = list(csv.DictReader(io.StringIO(files.pop("manifest.csv").decode())))
    return rows, table, files


def verify(rows: list[dict], table: list[dict], files: dict[str, bytes]) -> None:
    """Every file in the zip is in the manifest with its hash and size; CSV matches JSON."""
    assert set(files) == {r["file"] for r in rows if r["file"]}
    for row in rows:
        if row["file"]:
            body = files[row["file"]]
            assert hashlib.sha256(body).hexdigest() == row["sha256"]
            assert len(body) == row["size"]
    assert [list(r) for r in table] == [list(FIELDS)] * len(table)
    assert [r["sha256"] for r in table] == [r["sha256"] for r in rows]


def test_page_evidence_records_redirect_status_time_and_body(tmp_path: Path) -> None:
    routes = {
        "/old": (301, {"Location": "/page"}, b""),
        "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.encode()),
    }
    (tmp_path / "me.toml").write_text(PROFILE)
    db, report, out = tmp_path / "h.db", tmp_path / "r.json", tmp_path / "evidence.zip"
    with serve(routes) as (base, _):
        result = runner.invoke(
            app,
            ["scan", str(tmp_path / "me.toml"), "--url", f"{base}/old", "--only", "pages",
             "--allow-private", "--db", str(db), "--format", "json", "-o", str(report), "-q"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "MARKER-ONLY-IN-THE-BODY" not in report.read_text()  # evidence never in reports
    done = runner.invoke(app, ["evidence", "export", "1", str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "1 captured file" in done.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows, table, files = unzip(out)
    verify(rows, table, files)
    (row,) = rows
    assert (row["url"], row["final_url"], row["status"]) == (f"{base}/old", f"{base}/page", 200)
    assert row["category"] == "phone" and row["location"] == f"{base}/page"
    assert row["fetched_at"].startswith("20") and row["truncated"] is False
    assert files[row["file"]] == PAGE.encode() and row["file"].endswith(".html")
    assert row["body_sha256"] == hashlib.sha256(PAGE.encode()).hexdigest()


def test_account_keeps_the_check_response_that_proved_it(tmp_path: Path) -> None:
    answer = b"<html><title>Profile | Quick</title></html>"
    routes = {"/u/ewhitcombe": (200, {"Content-Type": "text/html"}, answer)}
    (tmp_path / "me.toml").write_text(PROFILE + '[public]\nusernames = ["ewhitcombe"]\n')
    db, out = tmp_path / "h.db", tmp_path / "e.zip"
    with serve(routes) as (base, _):
        sites = {"license": ["t"], "authors": ["t"], "categories": ["social"],
                 "sites": [{"name": "Quick", "uri_check": base + "/u/{account}", "e_code": 200,
                            "e_string": "| Quick", "m_code": 404, "m_string": "nope",
                            "known": ["x"], "cat": "social"}]}  # fmt: skip
        (tmp_path / "sites.json").write_text(json.dumps(sites))
        result = runner.invoke(
            app,
            ["scan", str(tmp_path / "me.toml"), "--only", "accounts", "--sites",
             str(tmp_path / "sites.json"), "--allow-private", "--db", str(db), "--format",
             "json", "-o", str(tmp_path / "r.json"), "-q"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["evidence", "export", "1", str(out), "--db", str(db)]).exit_code == 0
    rows, table, files = unzip(out)
    verify(rows, table, files)
    (account,) = [r for r in rows if r["category"] == "account"]
    assert (account["url"], account["status"]) == (f"{base}/u/ewhitcombe", 200)
    assert files[account["file"]] == answer


def test_local_file_evidence_has_no_http_status(tmp_path: Path) -> None:
    assert scan(tmp_path).exit_code == 0
    out = tmp_path / "e.zip"
    assert runner.invoke(
        app, ["evidence", "export", "1", str(out), "--db", str(tmp_path / "h.db")]
    ).exit_code == 0  # fmt: skip
    rows, table, files = unzip(out)
    verify(rows, table, files)
    assert len(rows) == 3 and len(files) == 1  # three findings, one page proves them all
    assert {(r["url"], r["status"], r["file"].endswith(".html")) for r in rows} == {
        (None, None, True)
    }
    assert all(row["status"] == "" for row in table)


def test_body_over_the_cap_is_cut_and_says_so(tmp_path: Path) -> None:
    body = b"x" * 100 + b" 07700 900461"
    capture = Capture("https://a.example/", "https://a.example/", 200, "2026-01-01T00:00:00+00:00")
    doc = Document("https://a.example/", body, "text/plain", capture=capture)
    finding = Finding(
        Category.PHONE, Severity.HIGH, "pages", doc.location, "...", "private.phones[0]",
        "07700 900461", proof=doc,
    )  # fmt: skip
    with Store.open(tmp_path / "h.db", body_cap=10) as store:
        scan_id = store.begin_scan("s", Profile(name="S"), {})
        store.add_finding(scan_id, "s", finding)
        (ev,) = store.evidence(scan_id)
        assert (bytes(ev["body"]), ev["size"], ev["truncated"], ev["body_cap"]) == (
            b"x" * 10, len(body), 1, 10,
        )  # fmt: skip
        assert ev["sha256"] == hashlib.sha256(body).hexdigest()  # of the whole body
        export(store, scan_id, tmp_path / "e.zip")
    rows, table, files = unzip(tmp_path / "e.zip")
    verify(rows, table, files)
    assert rows[0]["truncated"] is True and rows[0]["body_size"] == len(body)


@pytest.mark.parametrize(
    ("scan_id", "name", "message"),
    [("1", "exists.zip", "already exists"), ("7", "new.zip", "no scan 7"),
     ("1", "no/such/folder/e.zip", "does not exist"), ("x", "new.zip", "not a scan id")],
)  # fmt: skip
def test_export_errors_are_one_line_exit_2(
    tmp_path: Path, scan_id: str, name: str, message: str
) -> None:
    with Store.open(tmp_path / "h.db") as store:
        store.begin_scan("s", Profile(name="S"), {})
    (tmp_path / "exists.zip").write_bytes(b"keep me")
    result = runner.invoke(
        app, ["evidence", "export", scan_id, str(tmp_path / name), "--db", str(tmp_path / "h.db")]
    )
    assert message in one_line_error(result)
    assert (tmp_path / "exists.zip").read_bytes() == b"keep me"
    assert not (tmp_path / "new.zip").exists()


def test_csv_cells_never_run_as_formulas() -> None:
    from footprint.store.evidence import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("https://a/") == "https://a/"
