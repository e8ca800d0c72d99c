"""A profile's matcher is compiled once per scan (25-70 ms each): the engine's is shared by the
in-process extraction and by every view of the report (the redactor), in a scan and in each
candidate of a slate. Worker processes compile their own (not counted here: none start)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from footprint.cli import app
from footprint.matcher import Matcher
from footprint.model import Category
from footprint.net import NetSettings
from footprint.scanner import ScanOptions
from footprint.slate.command import execute
from footprint.slate.load import parse_slate_csv
from footprint.slate.run import SlateRequest
from scanners.pages import Pages

SLATE = (
    "id,name,phones,urls\n"
    "ellie,Eleanor Whitcombe,07700 900461,https://people.example/ellie\n"
    "sam,Sam Jones,07700 900777,https://people.example/sam\n"
)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    real = Matcher.__init__

    def counting(self: Matcher, profile: object, *args: object, **kwargs: object) -> None:
        built.append(getattr(profile, "name", ""))
        real(self, profile, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Matcher, "__init__", counting)
    return built


def test_each_slate_candidate_compiles_its_matcher_once(tmp_path: Path, builds: list[str]) -> None:
    source = tmp_path / "slate.csv"
    source.write_text(SLATE, encoding="utf-8")

    def web(request: httpx.Request) -> httpx.Response:
        who = request.url.path.rsplit("/", 1)[-1]
        phone = "07700 900461" if who == "ellie" else "07700 900777"
        return httpx.Response(
            200, text=f"<p>Call {phone}</p>", headers={"content-type": "text/html"}
        )

    candidates = parse_slate_csv(SLATE, str(source))
    request = SlateRequest(candidates, [Pages()], ScanOptions(), NetSettings(allow_private=True))
    execute(request, source, tmp_path / "out", "html", False, True, httpx.MockTransport(web))
    assert sorted(builds) == ["Eleanor Whitcombe", "Sam Jones"]
    html = (tmp_path / "out" / "candidates" / "ellie.html").read_text(encoding="utf-8")
    assert "07700 900461" not in html and "07700 9•••61" in html  # still redacted


def test_a_scan_compiles_its_matcher_once_for_the_scan_the_report_and_the_summary(
    tmp_path: Path, builds: list[str]
) -> None:
    (tmp_path / "me.toml").write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
    )
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "note.txt").write_text("ring 07700 900461")
    args = ["scan", str(tmp_path / "me.toml"), "--offline", "--path", str(tmp_path / "files")]
    args += ["-o", str(tmp_path / "r.md"), "--format", "md", "--db", str(tmp_path / "h.db")]
    result = CliRunner().invoke(app, args)  # not --quiet: the summary is a view too
    assert result.exit_code == 0, result.output
    assert builds == ["Eleanor Whitcombe"]
    assert Category.PHONE.value in (tmp_path / "r.md").read_text(encoding="utf-8").lower()
