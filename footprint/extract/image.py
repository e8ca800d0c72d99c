"""Image metadata: EXIF GPS position and owner fields, PNG text chunks, XMP. No pixel decoding."""

from __future__ import annotations

import io
import math
import re
from typing import Any

from lxml import etree
from PIL import Image

from footprint.extract.errors import ExtractError, describe
from footprint.extract.fields import FieldLine, join_lines
from footprint.extract.xmlfile import parse
from footprint.model import Field, GeoPoint

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
# IFD0 tags that name people, places or machines.
_IFD0_TEXT = {
    0x010E: "ImageDescription",
    0x013B: "Artist",
    0x8298: "Copyright",
    0x013C: "HostComputer",
    0x010D: "DocumentName",
}
_IFD0_UTF16 = {0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords",
               0x9C9F: "XPSubject"}  # fmt: skip
_EXIF_TEXT = {
    0xA430: "CameraOwnerName",
    0xA431: "BodySerialNumber",
    0xA435: "LensSerialNumber",
    0x9286: "UserComment",
}
_XMP_TIFF_TAG = 700
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heif")
_XMP_COORD = re.compile(r"^\s*(\d{1,3}),(\d{1,2}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?([NSEW])\s*$")
_XMP_EXIF_NS = "http://ns.adobe.com/exif/1.0/"


def image_metadata(content: bytes) -> tuple[str, tuple[GeoPoint, ...], tuple[Field, ...]]:
    """(text of owner fields, GPS positions, where each named field sits) of an image."""
    if content[4:8] == b"ftyp" and content[8:12] in _HEIF_BRANDS:
        _register_heif()
    try:
        with Image.open(io.BytesIO(content)) as image:
            exif = image.getexif()
            parts = _exif_text(exif)
            gps = _exif_gps(exif)
            parts.extend(_info_text(image))
            xmp = _xmp_bytes(image, exif)
    except ExtractError:
        raise
    except Image.DecompressionBombError:
        raise ExtractError("image dimensions are implausibly large (decompression bomb?)") from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, struct.error...
        raise ExtractError(f"unreadable image ({describe(exc)})") from None
    if xmp:
        xmp_parts, xmp_gps = _xmp(xmp)
        parts.extend(xmp_parts)
        if not gps and xmp_gps:
            gps = xmp_gps
    text, fields = join_lines(parts)
    return text, tuple(gps), fields


HEIF_MISSING = "not read (install footprint[heic] to read HEIC photos)"


def heif_missing() -> str | None:
    """The reason HEIC photos cannot be read here (the optional extra is missing), or None."""
    try:
        import pillow_heif  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return HEIF_MISSING
    return None


def _register_heif() -> None:
    try:
        from pillow_heif import register_heif_opener  # type: ignore[import-not-found]
    except ImportError:
        raise ExtractError(HEIF_MISSING) from None
    register_heif_opener()


def _exif_text(exif: Image.Exif) -> list[str]:
    parts = [_field(_as_text(exif.get(tag)), name) for tag, name in _IFD0_TEXT.items()]
    parts += [_field(_utf16(exif.get(tag)), name) for tag, name in _IFD0_UTF16.items()]
    sub = exif.get_ifd(_EXIF_IFD) if _EXIF_IFD in exif else {}
    for tag, name in _EXIF_TEXT.items():
        value = sub.get(tag)
        parts.append(_field(_user_comment(value) if tag == 0x9286 else _as_text(value), name))
    return [p for p in parts if p]


def _field(value: str | None, name: str) -> str | None:
    """An EXIF value, remembered as the field a photo editor shows it under."""
    return FieldLine(value, f"the photo's EXIF {name} field") if value else value


def _exif_gps(exif: Image.Exif) -> list[GeoPoint]:
    if _GPS_IFD not in exif:
        return []
    gps = exif.get_ifd(_GPS_IFD)
    lat = _degrees(gps.get(2), gps.get(1), "S")
    lon = _degrees(gps.get(4), gps.get(3), "W")
    point = _point(lat, lon)
    return [point] if point else []


def _degrees(value: Any, ref: Any, negative: str) -> float | None:
    """Decimal degrees from EXIF (degrees, minutes, seconds) rationals and an N/S/E/W ref."""
    try:
        parts = [float(v) for v in value] if isinstance(value, tuple | list) else [float(value)]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not parts or any(math.isnan(p) or math.isinf(p) for p in parts):
        return None
    degrees = sum(p / 60**i for i, p in enumerate(parts[:3]))
    ref_text = _as_text(ref).upper()
    return -degrees if ref_text.startswith(negative) else degrees


def _point(lat: float | None, lon: float | None) -> GeoPoint | None:
    if lat is None or lon is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None  # 0,0 is what cameras write before they have a fix
    return GeoPoint(round(lat, 7), round(lon, 7))


def _info_text(image: Image.Image) -> list[str]:
    """PNG tEXt/zTXt/iTXt chunks and JPEG/GIF comments."""
    parts: list[str] = []
    text_chunks = getattr(image, "text", None)
    if isinstance(text_chunks, dict):
        for key, value in text_chunks.items():
            if not key.startswith("XML:com.adobe.xmp"):
                parts.append(f"{key}: {_as_text(value)}")
    comment = image.info.get("comment")
    if comment:
        parts.append(_as_text(comment))
    return parts


def _xmp_bytes(image: Image.Image, exif: Image.Exif) -> bytes | None:
    for value in (
        image.info.get("xmp"),
        image.info.get("XML:com.adobe.xmp"),
        exif.get(_XMP_TIFF_TAG),
    ):
        if value:
            return value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return None


def _xmp(raw: bytes) -> tuple[list[str], list[GeoPoint]]:
    start = raw.find(b"<x:xmpmeta")
    end = raw.rfind(b"</x:xmpmeta>")
    if start == -1 or end == -1:
        return [], []
    try:
        root = parse(raw[start : end + len(b"</x:xmpmeta>")])
    except (etree.XMLSyntaxError, ValueError):
        return [], []
    lat = _xmp_coord(root, "GPSLatitude")
    lon = _xmp_coord(root, "GPSLongitude")
    point = _point(lat, lon)
    return _xmp_lines(root), [point] if point else []


# XMP properties a person would recognise, by local name (Dublin Core, IPTC, EXIF schemas).
_XMP_LABELS = {
    "creator": "Creator", "rights": "Copyright", "description": "Description",
    "title": "Title", "subject": "Keywords", "Artist": "Artist", "OwnerName": "Owner",
    "CameraOwnerName": "Camera owner", "SerialNumber": "Camera serial number",
    "BodySerialNumber": "Camera serial number", "CreatorContactInfo": "Creator contact",
}  # fmt: skip


def _xmp_lines(root: etree._Element) -> list[str]:
    """Text, attribute values and tails of the XMP packet in document order, with the values
    of known properties (and of everything inside them) as named fields. One walk with a
    stack of the labels in force, so deep packets cost linear time."""
    lines: list[str] = []
    labels: list[str | None] = []

    def add(text: str | None, label: str | None) -> None:
        if text and text.strip():
            value = text.strip()
            lines.append(FieldLine(value, f"the photo's XMP {label} field") if label else value)

    for event, node in etree.iterwalk(root, events=("start", "end", "comment")):
        if event == "comment":
            add(node.text, labels[-1] if labels else None)
            add(node.tail, labels[-1] if labels else None)
            continue
        if event == "start":
            name = node.tag.rpartition("}")[2] if isinstance(node.tag, str) else ""
            label = _XMP_LABELS.get(name) or (labels[-1] if labels else None)
            labels.append(label)
            for value in node.attrib.values():
                add(value, label)
            add(node.text, label)
        else:
            labels.pop()
            if node is not root:
                add(node.tail, labels[-1] if labels else None)
    return lines


def _xmp_coord(root: etree._Element, name: str) -> float | None:
    """XMP writes GPS as "DDD,MM,SSk" or "DDD,MM.mmk", as an attribute or an element."""
    qualified = f"{{{_XMP_EXIF_NS}}}{name}"
    value = None
    for node in root.iter():
        value = node.get(qualified) or (node.text if node.tag == qualified else None)
        if value:
            break
    match = _XMP_COORD.match(value or "")
    if not match:
        return None
    deg, minutes, seconds, ref = match.groups()
    degrees = float(deg) + float(minutes) / 60 + float(seconds or 0) / 3600
    return -degrees if ref in "SW" else degrees


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).replace("\x00", " ").strip()


def _utf16(value: Any) -> str:
    """Windows XP* tags: UTF-16LE bytes (Pillow sometimes hands back a tuple of ints)."""
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        value = bytes(value)
    if isinstance(value, bytes):
        return value.decode("utf-16-le", errors="replace").replace("\x00", " ").strip()
    return str(value).strip()


def _user_comment(value: Any) -> str:
    """EXIF UserComment: an 8-byte charset code, then the text."""
    if not isinstance(value, bytes):
        return _as_text(value)
    code, body = value[:8], value[8:]
    if code.startswith(b"UNICODE"):
        # Byte order follows the file's; ASCII-range text shows which byte is zero.
        little = body[1::2].count(0) >= body[0::2].count(0)
        text = body.decode("utf-16-le" if little else "utf-16-be", errors="replace")
    else:
        text = body.decode("utf-8", errors="replace")
    return text.replace("\x00", " ").strip()
