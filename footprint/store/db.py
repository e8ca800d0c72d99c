"""Opening the database file: private (0600), WAL, migrated to the current schema.

Migrations follow the sqlite-utils / Datasette style: `schema.MIGRATIONS` is a numbered list of
functions, `PRAGMA user_version` says how many have been applied, and each one still to apply
runs once, in its own transaction that also bumps the version (so a crash mid-migration leaves
the previous version intact). A file written by a newer footprint (a higher version) is refused,
never downgraded.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from footprint.store.schema import MIGRATIONS

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class StoreError(Exception):
    """The database cannot be used; str() is the one-line reason the CLI prints."""


def default_db_path() -> Path:
    """footprint.db in the user's data folder (platformdirs: ~/.local/share/footprint on Linux,
    ~/Library/Application Support/footprint on macOS, %LOCALAPPDATA%\\footprint on Windows)."""
    from platformdirs import user_data_path

    return user_data_path("footprint", appauthor=False) / "footprint.db"


def _private_file(path: Path) -> None:
    """Create `path` 0600 if missing (never through a symlink); tighten it if it is wider.
    SQLite gives the -wal and -shm files the main file's mode, so they are private too."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise StoreError(f"database {str(path)!r}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"database {str(path)!r}: not a regular file")
        if info.st_mode & 0o077 and hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # it holds private details: owner only
    finally:
        os.close(fd)


def connect(path: Path, create_folder: bool = False) -> sqlite3.Connection:
    """An open, migrated connection to the database at `path`.

    The default folder is created (0700) when `create_folder`; a folder given with --db must
    exist. Raises StoreError with a one-line reason."""
    path = Path(path)
    folder = path.parent
    if create_folder and not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"database folder {str(folder)!r}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise StoreError(f"database {str(path)!r}: folder {str(folder)!r} does not exist")
    if path.is_dir():
        raise StoreError(f"database {str(path)!r}: is a folder, not a file name")
    _private_file(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: safe, no fsync per commit
        conn.execute("PRAGMA busy_timeout = 5000")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        with contextlib.suppress(Exception):
            conn.close()
        raise StoreError(f"database {str(path)!r}: {exc}") from None
    if str(mode).lower() != "wal":
        conn.close()
        raise StoreError(f"database {str(path)!r}: cannot use WAL journal mode ({mode})")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration not yet applied, each once in its own transaction; the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(
            f"schema version {version} is newer than this footprint knows ({len(MIGRATIONS)}); "
            "upgrade footprint"
        )
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return len(MIGRATIONS)
