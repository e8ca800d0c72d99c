"""Zip-based documents (OOXML .xlsx/.pptx, OpenDocument .odt/.ods) read under hard limits.

Zip-bomb rules, for every reader built on `Package`:
- the central directory is at most MAX_DIRECTORY_BYTES and lists at most MAX_MEMBERS
  members, checked in the end record (or the ZIP64 one) before zipfile builds its list;
- a part is read only if its declared size is at most MAX_PART_BYTES, and it is inflated in
  CHUNK_BYTES chunks that stop the moment it passes that cap (declared sizes can lie);
- all parts read from one archive together are at most MAX_TOTAL_BYTES.
XML parts go through the project's safe parser settings (no entities, no DTDs, no network,
libxml2's default depth limit); large ones (sheets) are streamed record by record.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

from lxml import etree

from footprint.extract.errors import ExtractError, describe
from footprint.extract.xmlfile import parse

MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END_RECORD = b"PK\x06\x06"
_MAX_COMMENT = 65535


class Package:
    """An open zip archive; `label` ("XLSX") names the format in every error."""

    def __init__(self, content: bytes, label: str) -> None:
        self.label = label
        self.budget = MAX_TOTAL_BYTES
        if content.startswith(_OLE_MAGIC):
            # Office wraps a password-protected .xlsx/.pptx in an OLE container.
            raise ExtractError(f"{label} is password-protected, or an old binary Office file")
        _check_directory(content, label)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(content))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise ExtractError(f"not a valid {label} (bad zip: {describe(exc)})") from None
        if len(infos) > MAX_MEMBERS:
            raise ExtractError(f"{label} has too many parts to read safely ({len(infos)})")
        self.names: dict[str, zipfile.ZipInfo] = {info.filename: info for info in infos}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def chunks(self, name: str) -> Iterator[bytes]:
        """The part's bytes in bounded chunks; raises ExtractError past the caps."""
        info = self.names[name]
        limit = min(MAX_PART_BYTES, self.budget)
        if info.file_size > MAX_PART_BYTES:
            raise ExtractError(f"{self.label} part {name} is too large to read safely")
        if info.file_size > self.budget:
            raise ExtractError(f"{self.label} is too large to read safely")
        read = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    read += len(chunk)
                    if read > MAX_PART_BYTES:  # the directory understated its size
                        raise ExtractError(f"{self.label} part {name} is too large to read safely")
                    if read > limit:
                        raise ExtractError(f"{self.label} is too large to read safely")
                    self.budget -= len(chunk)
                    yield chunk
        except ExtractError:
            raise
        except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError on a cut archive
            raise ExtractError(f"damaged {self.label} ({name}: {describe(exc)})") from None

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def xml(self, name: str) -> etree._Element:
        """The part parsed as a tree (for parts that are small by nature: metadata, slides)."""
        data = self.read(name)
        try:
            return parse(data)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise self.invalid(name, exc) from None

    def records(
        self, name: str, wanted: frozenset[str], starts: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, str, etree._Element]]:
        """Stream a part as records: ("end", local name, element) for each element whose local
        name is in `wanted`, ("start", ...) for those in `starts` (attributes only).

        libxml2 filters the events, so only records cost Python time. Each record is freed,
        with the siblings before it, once the caller moves on: memory holds one record plus
        whatever lies outside the records, which MAX_PART_BYTES bounds."""
        tags = [f"{{*}}{tag}" for tag in wanted | starts]
        parser = etree.XMLPullParser(events=("start", "end"), tag=tags, **_parser_options())
        names: dict[str, str] = {}  # tag -> local name, worked out once per distinct tag
        for chunk in self.chunks(name):
            self._feed(parser, name, chunk)
            for event, node in parser.read_events():
                tag = node.tag
                short = names.get(tag)
                if short is None:
                    short = names[tag] = local(tag)
                if event == "start":
                    if short in starts:
                        yield event, short, node
                elif short in wanted:
                    yield event, short, node
                    release(node)
        self._feed(parser, name, None)

    def _feed(self, parser: etree.XMLPullParser, name: str, chunk: bytes | None) -> None:
        try:
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise self.invalid(name, exc) from None

    def invalid(self, name: str, exc: Exception) -> ExtractError:
        return ExtractError(f"damaged {self.label} ({name} is not valid XML: {describe(exc)})")


def release(node: etree._Element) -> None:
    """Free a streamed element and the siblings already handled before it."""
    node.clear()
    parent = node.getparent()
    if parent is not None:
        while node.getprevious() is not None:
            del parent[0]


def local(tag: object) -> str:
    """`{namespace}name` -> `name` ("" for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _parser_options() -> dict[str, bool]:
    # The settings of xmlfile.safe_parser(), for the pull parser.
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
    }


def _check_directory(content: bytes, label: str) -> None:
    """Refuse an archive whose central directory is too big before zipfile reads it."""
    tail_start = max(0, len(content) - _END_RECORD_SIZE - _MAX_COMMENT)
    at = content.rfind(_END_RECORD, tail_start)
    if at == -1 or len(content) - at < _END_RECORD_SIZE:
        raise ExtractError(f"not a valid {label} (bad zip: no end of central directory)")
    entries, size = struct.unpack("<xxxxxxxxxxHI", content[at : at + 16])
    locator = at - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and content[locator : locator + 4] == _ZIP64_LOCATOR:
        # ZIP64: the real counts are in the ZIP64 end record the locator points to.
        (record,) = struct.unpack("<Q", content[locator + 8 : locator + 16])
        if content[record : record + 4] != _ZIP64_END_RECORD or len(content) < record + 48:
            raise ExtractError(f"not a valid {label} (bad zip: damaged ZIP64 end record)")
        entries, size = struct.unpack("<QQ", content[record + 32 : record + 48])
    if entries > MAX_MEMBERS or size > MAX_DIRECTORY_BYTES:
        raise ExtractError(f"{label} has too many parts to read safely ({entries})")


def external_targets(root: etree._Element) -> list[str]:
    """Hyperlink targets of an OOXML relationships part (mailto:, tel:, http)."""
    targets = []
    for rel in root:
        target = rel.get("Target")
        if rel.get("TargetMode") == "External" and target:
            targets.append(link_text(target))
    return targets


def link_text(target: str) -> str:
    """A link target as the matcher should see it: percent-decoded, without mailto:/tel:."""
    target = unquote(target)
    if target[:7].lower().startswith(("mailto:", "tel:")):
        target = target.partition(":")[2]
    return target
