"""Writing a report to disk: private by default (0600) and never half-written."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_report(path: Path, text: str) -> None:
    """Write `text` to `path` atomically with mode 0600 (temp file in the same dir + os.replace)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # Created 0600 from the start, so the report is never readable by others, even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)  # os.open's mode is filtered by umask; make it exact
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
