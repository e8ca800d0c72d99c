"""Local files: walks the paths given on the command line and hands readable files to extraction.

Offline and private by construction: nothing is sent anywhere. Directories are walked in
sorted order for reproducible reports; hidden directories (.git, .cache) and symlinked
directories are not entered, which also rules out symlink loops.

Which files found by walking are read, and which are listed as not read:
- a file whose extension extraction reads (SUPPORTED_EXTENSIONS) is read, hidden or not;
  one whose reader needs an optional package that is missing (.heic without
  footprint[heic]) is listed with the install hint instead;
- any other regular file is listed as "not read (type not supported: .doc)", so a .doc,
  .pages, .numbers, .key or .msg never passes silently; archives (.zip, .7z, ...) are
  listed with a hint to unpack them, since documents hide inside;
- except files nobody keeps readable private details in, skipped quietly so they do not
  bury the report: hidden files (.DS_Store), files without an extension, and the types in
  QUIET_EXTENSIONS (programs and libraries, compiled code, scripts and web-page assets,
  disk images and installers, fonts, audio and video, temporary and lock files). Video
  location metadata is a known gap (README, limits).
"""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import ClassVar

from footprint.extract import SUPPORTED_EXTENSIONS, missing_reader
from footprint.model import Document, Identifier
from footprint.scanner import Event, ScanContext, Scanner, ScanOptions, Skipped

MAX_FILE_BYTES = 50 * 1024 * 1024


def _extensions(*groups: str) -> frozenset[str]:
    return frozenset(" ".join(groups).split())


QUIET_EXTENSIONS = _extensions(
    # programs, libraries and compiled code
    ".exe .dll .so .dylib .o .obj .a .lib .pyc .pyo .pyd .class .jar .wasm .sys .ko .elc",
    # scripts, source code and the assets of saved web pages
    ".py .sh .bat .cmd .ps1 .js .mjs .css .map .c .h .cpp .hpp .java .go .rs .rb .php",
    # disk images, installers and packages
    ".iso .img .dmg .msi .msix .pkg .deb .rpm .apk .appimage",
    # fonts
    ".ttf .otf .woff .woff2 .eot",
    # audio and video
    ".mp3 .m4a .aac .wav .flac .ogg .opus .wma .mp4 .m4v .mov .avi .mkv .webm .wmv .3gp",
    # images with no owner or location metadata worth reading
    ".gif .bmp .ico",
    # temporary, lock and swap files, unfinished downloads
    ".tmp .temp .lock .swp .part .crdownload",
)
ARCHIVE_EXTENSIONS = _extensions(".zip .7z .rar .tar .gz .tgz .bz2 .xz .zst .cab")


class LocalFiles(Scanner):
    name = "local_files"
    description = "Documents, pages and photos on this computer (paths given with --path)"
    consumes = frozenset()
    produces = frozenset()
    sends = ()
    needs = ()
    network = False
    unit = "file"
    max_bytes: ClassVar[int] = MAX_FILE_BYTES

    def idle_reason(self, options: ScanOptions) -> str:
        return "" if options.paths else "no --path given"

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        for root in ctx.options.paths:
            for location, path in _candidates(root):
                if isinstance(path, Skipped):
                    yield path
                    continue
                yield await asyncio.to_thread(_read, location, path, self.max_bytes)


def _candidates(root: Path) -> Iterator[tuple[str, Path | Skipped]]:
    """(location, path) for each file to read, or a Skipped for a path that cannot be walked.

    A file named explicitly is read whatever its extension (extraction sniffs the content);
    files found by walking are read, listed or skipped quietly by the module's rules.
    """
    location = str(root)
    try:
        info = root.stat()
    except FileNotFoundError:
        yield location, Skipped(location, "no such file or directory")
        return
    except OSError as exc:
        yield location, Skipped(location, _reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(root, location, {(info.st_dev, info.st_ino)})
    else:
        yield location, root


def _walk(
    directory: Path, location: str, seen: set[tuple[int, int]]
) -> Iterator[tuple[str, Path | Skipped]]:
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield location, Skipped(location, _reason(exc))
        return
    for entry in entries:
        child = os.path.join(location, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name.startswith("."):
                    continue
                info = entry.stat(follow_symlinks=False)
                key = (info.st_dev, info.st_ino)
                if key not in seen:  # bind mounts can make a directory its own descendant
                    seen.add(key)
                    yield from _walk(Path(entry.path), child, seen)
            elif (suffix := Path(entry.name).suffix.lower()) in SUPPORTED_EXTENSIONS:
                if entry.is_symlink() and entry.is_dir():
                    continue  # a symlinked directory with a file-like name: not entered
                missing = missing_reader(suffix)
                yield child, Skipped(child, missing) if missing else Path(entry.path)
            elif entry.is_file() and (reason := _not_read(entry.name, suffix)):
                yield child, Skipped(child, reason)
        except OSError as exc:
            yield child, Skipped(child, _reason(exc))


def _not_read(name: str, suffix: str) -> str | None:
    """Why a walked file of a type extraction does not read is listed; None to skip it quietly."""
    if name.startswith(".") or not suffix or suffix in QUIET_EXTENSIONS:
        return None
    if suffix in ARCHIVE_EXTENSIONS:
        return f"not read (type not supported: {suffix}; unpack it and scan the folder)"
    return f"not read (type not supported: {suffix})"


def _read(location: str, path: Path, max_bytes: int) -> Document | Skipped:
    """Read one file in a worker thread; every failure becomes a Skipped with a reason."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Skipped(location, "not a regular file")  # a FIFO would block forever
        if info.st_size > max_bytes:
            return Skipped(location, f"too large ({_mb(info.st_size)} > {_mb(max_bytes)} limit)")
        with path.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(location, _reason(exc))
    if len(content) > max_bytes:  # grew while we looked
        return Skipped(location, f"too large (over {_mb(max_bytes)} limit)")
    return Document(location=location, content=content, media_type=None)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file vanished or is a broken link"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or type(exc).__name__).lower()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"
