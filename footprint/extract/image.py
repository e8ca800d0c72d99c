"""Image metadata: EXIF GPS position and owner fields, PNG text chunks, XMP. No pixel decoding."""

from __future__ import annotations

import io
import math
import re
from typing import Any

from lxml import etree
from PIL import Image

from footprint.extract.errors import ExtractError, describe
from footprint.extract.xmlfile import element_text, parse
from footprint.model import GeoPoint

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


def image_metadata(content: bytes) -> tuple[str, tuple[GeoPoint, ...]]:
    """(text of owner fields, GPS positions) of an image."""
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
    return "\n".join(p for p in parts if p), tuple(gps)


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
    parts = [_as_text(exif.get(tag)) for tag in _IFD0_TEXT]
    parts += [_utf16(exif.get(tag)) for tag in _IFD0_UTF16]
    sub = exif.get_ifd(_EXIF_IFD) if _EXIF_IFD in exif else {}
    for tag in _EXIF_TEXT:
        value = sub.get(tag)
        parts.append(_user_comment(value) if tag == 0x9286 else _as_text(value))
    return [p for p in parts if p]


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
    return element_text(root), [point] if point else []


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
