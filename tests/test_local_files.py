"""The local_files scanner: which files it reads, in what order, and what it skips."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import httpx
import pytest

from footprint.model import Document
from footprint.scanner import Event, ScanContext, ScanOptions, Skipped
from scanners.local_files import LocalFiles


def no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"local_files made a request to {request.url}")


async def scan(*paths: Path | str, scanner: LocalFiles | None = None) -> list[Event]:
    options = ScanOptions(paths=tuple(Path(p) for p in paths))
    async with httpx.AsyncClient(transport=httpx.MockTransport(no_network)) as client:
        ctx = ScanContext(client=client, options=options)
        return [event async for event in (scanner or LocalFiles()).scan(ctx, None)]


def documents(events: list[Event]) -> dict[str, bytes]:
    return {e.location: e.content for e in events if isinstance(e, Document)}


def skipped(events: list[Event]) -> dict[str, str]:
    return {e.location: e.reason for e in events if isinstance(e, Skipped)}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small tree under ./site (relative, as a user would type it)."""
    monkeypatch.chdir(tmp_path)
    root = Path("site")
    (root / "pages" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.html").write_bytes(b"<p>b</p>")
    (root / "a.txt").write_bytes(b"a")
    (root / "pages" / "about.html").write_bytes(b"<p>about</p>")
    (root / "pages" / "deep" / "photo.JPG").write_bytes(b"\xff\xd8\xff")
    (root / "pages" / "script.py").write_bytes(b"print(1)")
    (root / "tool.exe").write_bytes(b"MZ")
    (root / ".git" / "notes.txt").write_bytes(b"hidden dir")
    (root / ".profile.txt").write_bytes(b"hidden file")
    return root


def test_metadata() -> None:
    assert LocalFiles.name == "local_files"
    assert LocalFiles.network is False
    assert LocalFiles.consumes == frozenset() and LocalFiles.produces == frozenset()
    assert LocalFiles.sends == () and LocalFiles.needs == ()
    assert LocalFiles.description


async def test_walks_supported_files_in_sorted_order(tree: Path) -> None:
    events = await scan(tree)
    assert [e.location for e in events] == [
        "site/.profile.txt",
        "site/a.txt",
        "site/b.html",
        "site/pages/about.html",
        "site/pages/deep/photo.JPG",
    ]
    assert all(isinstance(e, Document) and e.media_type is None for e in events)
    assert documents(events)["site/pages/about.html"] == b"<p>about</p>"


async def test_location_keeps_the_path_as_given(tree: Path) -> None:
    events = await scan(Path("site/pages/"), Path("./site/a.txt"))
    assert list(documents(events)) == [
        "site/pages/about.html",
        "site/pages/deep/photo.JPG",
        "site/a.txt",
    ]


async def test_named_file_is_read_whatever_its_extension(tree: Path) -> None:
    events = await scan(tree / "tool.exe")
    assert documents(events) == {"site/tool.exe": b"MZ"}


async def test_missing_path_is_skipped_with_reason(tree: Path) -> None:
    events = await scan(Path("nowhere"), tree / "a.txt")
    assert skipped(events) == {"nowhere": "no such file or directory"}
    assert "site/a.txt" in documents(events)


async def test_dangling_symlink_is_skipped(tree: Path) -> None:
    (tree / "gone.html").symlink_to("does-not-exist.html")
    events = await scan(tree)
    assert skipped(events) == {"site/gone.html": "file vanished or is a broken link"}


async def test_symlinked_directories_are_not_followed(tree: Path) -> None:
    (tree / "pages" / "loop").symlink_to("..")  # would recurse forever if followed
    (tree / "pages" / "elsewhere.html").symlink_to(Path("..") / "b.html")  # files are fine
    events = await scan(tree)
    locations = [e.location for e in events]
    assert len(locations) == len(set(locations))
    assert not any("/loop/" in loc for loc in locations)
    assert documents(events)["site/pages/elsewhere.html"] == b"<p>b</p>"


async def test_too_large_file_is_skipped(tree: Path) -> None:
    class Small(LocalFiles):
        max_bytes = 5

    (tree / "big.txt").write_bytes(b"x" * 6)
    (tree / "fits.txt").write_bytes(b"x" * 5)
    events = await scan(tree, scanner=Small())
    assert "too large" in skipped(events)["site/big.txt"]
    assert documents(events)["site/fits.txt"] == b"xxxxx"


async def test_unreadable_file_is_skipped(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: tests may run as root, who can read a chmod 000 file.
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "b.html":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    events = await scan(tree)
    assert skipped(events) == {"site/b.html": "permission denied"}
    assert "site/a.txt" in documents(events)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
async def test_unreadable_file_really(tree: Path) -> None:
    (tree / "a.txt").chmod(0)
    try:
        events = await scan(tree)
    finally:
        (tree / "a.txt").chmod(0o644)
    assert skipped(events) == {"site/a.txt": "permission denied"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
async def test_fifo_is_skipped_not_read(tree: Path) -> None:
    os.mkfifo(tree / "pipe.txt")  # reading it would block the scan forever
    events = await scan(tree)
    assert skipped(events) == {"site/pipe.txt": "not a regular file"}


async def test_file_vanishing_mid_scan(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_stat = Path.stat

    def vanish(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if self.name == "about.html":
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", vanish)
    events = await scan(tree)
    assert skipped(events) == {"site/pages/about.html": "file vanished or is a broken link"}


async def test_no_paths_yields_nothing() -> None:
    assert await scan() == []


async def test_unsupported_types_are_listed_and_program_files_skipped_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = Path("docs")
    root.mkdir()
    for name in ("cv.doc", "letter.rtf", "setup.exe", "notes.txt", "Budget.numbers",
                 "photos.zip", ".hidden.doc", "Makefile", "talk.mov", "contacts.vcf"):  # fmt: skip
        (root / name).write_bytes(b"x")
    events = await scan(root)
    assert skipped(events) == {
        "docs/Budget.numbers": "not read (type not supported: .numbers)",
        "docs/cv.doc": "not read (type not supported: .doc)",
        "docs/photos.zip": "not read (type not supported: .zip; unpack it and scan the folder)",
    }
    assert set(documents(events)) == {"docs/contacts.vcf", "docs/letter.rtf", "docs/notes.txt"}
    # Sorted order holds across read and listed files alike.
    assert [e.location for e in events] == sorted(e.location for e in events)


async def test_heic_without_the_extra_is_listed_with_the_install_hint(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # as if footprint[heic] were missing
    (tree / "IMG_0001.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic")
    events = await scan(tree)
    assert skipped(events) == {
        "site/IMG_0001.HEIC": "not read (install footprint[heic] to read HEIC photos)"
    }


async def test_heic_with_the_extra_is_read(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pillow_heif", types.ModuleType("pillow_heif"))
    (tree / "IMG_0001.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    events = await scan(tree)
    assert "site/IMG_0001.heic" in documents(events)
    assert skipped(events) == {}


async def test_unsupported_symlinked_directory_and_fifo_are_not_listed(tree: Path) -> None:
    (tree / "archive.old").symlink_to("pages", target_is_directory=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tree / "pipe.doc")
    events = await scan(tree)
    assert skipped(events) == {}
