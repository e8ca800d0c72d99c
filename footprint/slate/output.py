"""Writing a slate's results: each candidate's report as it finishes, then the overview.

The output folder (`--output`, default `footprint-slate`) holds:
- `index.html`: the overview, candidates x categories (reports/slate_html.py);
- `candidates/ID.FORMAT`: each candidate's full report, in `--format`;
- `findings.csv` with `--format csv`: every candidate's findings in one sheet, appended as
  each candidate finishes (written as `.findings.csv.part`, renamed when the slate is done).
Every file is private (0600) and written atomically; the folders are created 0700. A report
that cannot be written is saved elsewhere (reports/output.py) and the overview says where.
Only one overview row per candidate is kept in memory, never findings.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from footprint import privatefile
from footprint.engine import Observer, ScanResult
from footprint.slate.load import Candidate
from reports import build_report, render, write_report
from reports.builder import Report
from reports.csv_export import header_row, rows_text
from reports.output import save_fallback
from reports.slate import SlateRow, report_link, row_from_report, row_not_checked, row_not_run
from reports.slate_html import render_slate_html
from reports.view import ReportView, build_view

INDEX = "index.html"
REPORTS = "candidates"
FINDINGS_CSV = "findings.csv"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def unusable_folder(folder: Path) -> str | None:
    """Why the slate's results could not be written in `folder`, or None (checked first)."""
    if str(folder) == "-":
        return "a slate writes a folder (an overview and a report per candidate): name it"
    if folder.is_symlink():
        return "is a symbolic link; footprint will not write through it"
    if folder.exists():
        if not folder.is_dir():
            return "is a file, not a folder"
        return privatefile.unwritable(folder / INDEX)
    reason = privatefile.unwritable(folder)  # its parent must exist and take a new entry
    return f"cannot be created: {reason}" if reason else None


class SlateWriter:
    """A slate sink (footprint.slate.run.SlateSink) that writes reports and keeps one
    overview row per candidate."""

    def __init__(self, folder: Path, fmt: str, reveal: bool, secrets: tuple[str, ...] = ()) -> None:
        self.folder, self.fmt, self.reveal, self.secrets = Path(folder), fmt, reveal, secrets
        self.rows: dict[str, SlateRow] = {}
        self.saved_elsewhere: list[tuple[str, Path | None]] = []
        self._csv: Path | None = None
        self.csv_failed = ""  # why findings.csv could not be completed, if it could not

    def open(self) -> None:
        for folder in (self.folder, self.folder / REPORTS):
            folder.mkdir(mode=0o700, exist_ok=True)
        if self.fmt == "csv":
            self._csv = self.folder / f".{FINDINGS_CSV}.part"
            with contextlib.suppress(FileNotFoundError):
                self._csv.unlink()
            privatefile.create(self._csv, header_row())

    # -- the sink -------------------------------------------------------------------------------

    def started(self, candidate: Candidate) -> Observer | None:
        return None

    def finished(self, candidate: Candidate, result: ScanResult, notes: list[str]) -> None:
        assert candidate.profile is not None
        report = build_report(
            candidate.profile,
            result.findings,
            result.sources,
            secrets=self.secrets,
            notes=notes,
            matcher=result.matcher,
        )
        view = build_view(report, self.reveal)
        target = self.folder / REPORTS / f"{candidate.id}.{self.fmt}"
        link = self._write(
            candidate, report, view, target, report_link(REPORTS, candidate.id, self.fmt)
        )
        self.rows[candidate.id] = row_from_report(candidate.id, report, link, self.reveal, view)
        self._append_csv(candidate, view)

    def _write(
        self, candidate: Candidate, report: Report, view: ReportView, target: Path, link: str
    ) -> str:
        """Write the candidate's report; the overview's link to it ("" if saved elsewhere)."""
        if self.fmt == "csv":  # the candidate column holds the id, as in findings.csv
            text = header_row() + rows_text(view, candidate.id)
        else:
            text = render(report, self.fmt, reveal=self.reveal)
        try:
            write_report(target, text)
        except (OSError, UnicodeError):
            self.saved_elsewhere.append((candidate.id, save_fallback(text, self.fmt)))
            return ""
        return link

    def _append_csv(self, candidate: Candidate, view: ReportView) -> None:
        if self._csv is not None and not self.csv_failed:
            try:
                fd = os.open(self._csv, os.O_WRONLY | os.O_APPEND | _NOFOLLOW)
                with os.fdopen(fd, "ab") as handle:
                    handle.write(rows_text(view, candidate.id).encode("utf-8"))
            except OSError as exc:  # the candidates' own files still have every finding
                self.csv_failed = exc.strerror or str(exc)

    # -- rows for candidates that did not run -----------------------------------------------------

    def earlier(self, candidate: Candidate, report: Report) -> bool:
        """A candidate checked in an earlier run of this slate (`--resume`): its row from
        `report` (rebuilt from the database); its report file is the one written then, and
        is written from `report` only if it is missing. True when it had to be rebuilt."""
        target = self.folder / REPORTS / f"{candidate.id}.{self.fmt}"
        link = report_link(REPORTS, candidate.id, self.fmt)
        view = build_view(report, self.reveal)
        rebuilt = not target.is_file()
        if rebuilt:
            link = self._write(candidate, report, view, target, link)
        self.rows[candidate.id] = row_from_report(candidate.id, report, link, self.reveal, view)
        self._append_csv(candidate, view)
        return rebuilt

    def rejected(self, candidate: Candidate) -> None:
        error = candidate.error
        full = str(error) if error is not None else ""
        self.rows[candidate.id] = row_not_checked(
            candidate.id, candidate.name, candidate.where, candidate.problem, full, self.reveal
        )

    def not_run(self, candidate: Candidate, why: str) -> None:
        self.rows[candidate.id] = row_not_run(candidate.id, candidate.name, why)

    # -- the end ----------------------------------------------------------------------------------

    def close(
        self,
        order: list[Candidate],
        title: str,
        sources: dict[str, tuple[int, int]],
        notes: list[str],
    ) -> Path | None:
        """Write the overview (rows in the slate's order); returns where it went if it had to
        be saved elsewhere, else None."""
        if self._csv is not None and not self.csv_failed:
            try:
                os.replace(self._csv, self.folder / FINDINGS_CSV)
            except OSError as exc:
                self.csv_failed = exc.strerror or str(exc)
        rows = [self.rows[c.id] for c in order if c.id in self.rows]
        html = render_slate_html(title, rows, sources, reveal=self.reveal, notes=notes)
        try:
            write_report(self.folder / INDEX, html)
        except (OSError, UnicodeError):
            return save_fallback(html, "html") or Path("-")
        return None
