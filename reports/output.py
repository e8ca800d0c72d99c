"""Writing a report to disk: private by default (0600), never half-written, never lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path

from footprint import privatefile


def write_report(path: Path, text: str) -> None:
    """Write `text` to `path` atomically with mode 0600 (temp file in the same dir + os.replace)."""
    privatefile.replace(Path(path), text)


def fallback_folders() -> list[Path]:
    """Where a report goes when its own destination fails: here, home, then the temp folder."""
    folders: list[Path] = []
    for where in (Path.cwd, Path.home, lambda: Path(tempfile.gettempdir())):
        with contextlib.suppress(OSError, RuntimeError, KeyError):  # deleted cwd, no HOME
            folders.append(where())
    return folders


def save_fallback(text: str, fmt: str, folders: Iterable[Path] | None = None) -> Path | None:
    """Save a report that could not be written where asked; returns where, or None if nowhere.

    A new private file (0600, O_EXCL) in the first folder that takes it, named so it cannot
    clobber anything. Unencodable characters (e.g. from odd file names) are backslash-escaped:
    the point is that the scan's results survive.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder in fallback_folders() if folders is None else folders:
        for n in range(100):
            name = f"footprint-report-unsaved-{stamp}{f'-{n}' if n else ''}.{fmt}"
            path = folder / name
            try:
                privatefile.create(path, text, errors="backslashreplace")
            except FileExistsError:
                continue
            except OSError:
                break  # this folder is no good: try the next
            return path
    return None
