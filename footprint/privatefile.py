"""Private files: created 0600 (exactly, whatever the umask), never through a symlink.

Profiles and reports hold a candidate's private details. Every file footprint writes is opened
with O_EXCL | O_NOFOLLOW, so an existing file or a planted symlink is never written through,
and is fchmod'ed to 0600 before any byte goes in. Replacing a file is done atomically: a new
private temp file in the same folder, then os.replace (which swaps the directory entry, so a
symlink at the target is replaced, not followed).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC


def create(path: Path, data: str | bytes, errors: str = "strict") -> None:
    """Write a new file at `path`, mode 0600. Raises FileExistsError if anything is there (a
    file, a folder, a symlink, even a dangling one); on any failure the new file is removed."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", errors)
    fd = os.open(path, _NEW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)  # the mode given to open is filtered by umask
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def replace(path: Path, data: str | bytes) -> None:
    """Write `path` atomically with mode 0600: readers see the old file or the whole new one."""
    path = Path(path)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")  # fail before touching disk
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    create(tmp, raw)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def unwritable(path: Path) -> str | None:
    """Why a file could not be written at `path` (a short phrase), or None if it can.

    Checked before a long job starts, so a bad destination fails in a second, not after the
    work: the folder must exist, and a real (immediately removed) file must be creatable in it.
    """
    path = Path(path)
    if path.is_dir():
        return "is a folder, not a file name"
    folder = path.parent
    if not folder.exists():
        return f"folder {str(folder)!r} does not exist"
    if not folder.is_dir():
        return f"{str(folder)!r} is not a folder"
    probe = folder / f".footprint-probe-{secrets.token_hex(6)}"
    try:
        os.close(os.open(probe, _NEW, 0o600))
    except OSError as exc:
        return f"cannot write in folder {str(folder)!r}: {exc.strerror or exc}"
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None
