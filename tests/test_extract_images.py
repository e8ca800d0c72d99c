"""Image metadata: EXIF GPS and owner fields, PNG text chunks, XMP; never pixel decoding."""

from __future__ import annotations

import io
import sys

import pytest
from PIL import Image, ImageFile, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

from footprint.extract import ExtractError, extract
from footprint.model import Document, Extracted, GeoPoint

GPS_IFD, EXIF_IFD = 0x8825, 0x8769


def dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    return (float(degrees), float(minutes), round((minutes_full - minutes) * 60, 4))


def jpeg(
    lat: float | None = None,
    lon: float | None = None,
    fmt: str = "JPEG",
    **tags: object,
) -> bytes:
    exif = Image.Exif()
    if lat is not None and lon is not None:
        gps = exif.get_ifd(GPS_IFD)
        gps[1] = "N" if lat >= 0 else "S"
        gps[2] = dms(abs(lat))
        gps[3] = "E" if lon >= 0 else "W"
        gps[4] = dms(abs(lon))
    for tag, value in tags.items():
        number = int(tag.removeprefix("t"), 16)
        if number in (0xA430, 0xA431, 0x9286):
            exif.get_ifd(EXIF_IFD)[number] = value
        else:
            exif[number] = value
    out = io.BytesIO()
    # Serialised first: Pillow's TIFF writer drops sub-IFDs given as an Exif object.
    Image.new("RGB", (16, 16), "white").save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def extracted(location: str, content: bytes) -> Extracted:
    return extract(Document(location, content))


def test_gps_north_west_in_decimal_degrees() -> None:
    result = extracted("garden.jpg", jpeg(51.6001, -2.3987))
    assert len(result.gps) == 1
    point = result.gps[0]
    assert point.lat == pytest.approx(51.6001, abs=1e-5)
    assert point.lon == pytest.approx(-2.3987, abs=1e-5)


def test_gps_south_east() -> None:
    (point,) = extracted("trip.jpg", jpeg(-33.8568, 151.2153)).gps
    assert point == GeoPoint(pytest.approx(-33.8568, abs=1e-5), pytest.approx(151.2153, abs=1e-5))


def test_gps_with_zero_denominator_is_ignored() -> None:
    exif = Image.Exif()
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[3] = "N", "W"
    gps[2] = (IFDRational(51, 1), IFDRational(0, 0), IFDRational(0, 1))
    gps[4] = (IFDRational(2, 1), IFDRational(23, 1), IFDRational(55, 1))
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "JPEG", exif=exif)
    assert extracted("odd.jpg", out.getvalue()).gps == ()


def test_no_gps_means_no_points() -> None:
    result = extracted("plain.jpg", jpeg())
    assert result.gps == ()


def test_owner_fields_become_text() -> None:
    content = jpeg(
        t013B="Eleanor Whitcombe",  # Artist
        t8298="(c) Whitcombe family",  # Copyright
        t010E="Our garden, 14 Larkspur Close",  # ImageDescription
        t9C9D="Isla Whitcombe\x00".encode("utf-16-le"),  # XPAuthor
        t9C9C="Taken at home".encode("utf-16-le"),  # XPComment
        tA430="Daniel Whitcombe",  # CameraOwnerName
        t9286=b"ASCII\x00\x00\x00Birthday 1977-09-03",  # UserComment
    )
    text = extracted("garden.jpeg", content).text
    for value in (
        "Eleanor Whitcombe",
        "(c) Whitcombe family",
        "Our garden, 14 Larkspur Close",
        "Isla Whitcombe",
        "Taken at home",
        "Daniel Whitcombe",
        "Birthday 1977-09-03",
    ):
        assert value in text, value
    assert "\x00" not in text


def test_unicode_user_comment() -> None:
    comment = b"UNICODE\x00" + "Zoë’s phone".encode("utf-16-be")
    text = extracted("a.jpg", jpeg(t9286=comment)).text
    assert "Zoë’s phone" in text


def test_tiff_metadata() -> None:
    content = jpeg(51.5, -0.1, fmt="TIFF", t013B="Eleanor Whitcombe")
    result = extracted("scan.tif", content)
    assert "Eleanor Whitcombe" in result.text
    assert result.gps and result.gps[0].lat == pytest.approx(51.5, abs=1e-5)


def test_png_text_chunks() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Eleanor Whitcombe")
    info.add_text("Comment", "compressed 07700 900461", zip=True)
    info.add_itxt("Description", "Zoë’s garden", lang="en")
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)
    text = extracted("avatar.png", out.getvalue()).text
    assert "Eleanor Whitcombe" in text
    assert "compressed 07700 900461" in text
    assert "Zoë’s garden" in text


def test_xmp_text_and_gps_fallback() -> None:
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        'exif:GPSLatitude="51,36.006N" exif:GPSLongitude="2,23.922W">'
        "<dc:creator><rdf:Seq><rdf:li>Eleanor Whitcombe</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", xmp=xmp.encode())
    result = extracted("x.jpg", out.getvalue())
    assert "Eleanor Whitcombe" in result.text
    (point,) = result.gps
    assert point.lat == pytest.approx(51.6001, abs=1e-4)
    assert point.lon == pytest.approx(-2.3987, abs=1e-4)


def test_decompression_bomb_is_an_extract_error(monkeypatch: pytest.MonkeyPatch) -> None:
    content = jpeg(51.6, -2.4, t013B="Big Picture")
    # Over twice the limit Pillow refuses even to open (a decompression bomb): a clear reason.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 16x16 = 256 pixels
    with pytest.raises(ExtractError, match="large"):
        extracted("bomb.jpg", content)


@pytest.mark.parametrize("cut", [0, 3, 20])
def test_truncated_image_is_an_extract_error(cut: int) -> None:
    with pytest.raises(ExtractError, match="image"):
        extracted("photo.jpg", jpeg(51.6, -2.4)[:cut])


def test_not_an_image_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="image"):
        extracted("photo.png", b"<html>definitely not a png</html>")


def test_heic_without_plugin_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # as if the extra were not installed
    content = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(ExtractError, match=r"not read \(install footprint\[heic\] to read HEIC"):
        extracted("IMG_0001.HEIC", content)


def test_metadata_is_read_without_decoding_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Image.Image) -> None:
        raise AssertionError("pixels decoded")

    content = jpeg(51.6, -2.4, t013B="Eleanor Whitcombe")
    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    result = extracted("p.jpg", content)
    assert "Eleanor Whitcombe" in result.text and len(result.gps) == 1
