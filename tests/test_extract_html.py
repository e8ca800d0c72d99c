"""HTML extraction: every place a detail can hide in a page, and what must stay out."""

from __future__ import annotations

import json

import pytest

from footprint.extract import extract
from footprint.extract.cfemail import decode_cfemail, encode_cfemail
from footprint.model import Document


def html(markup: str, **kwargs: object) -> str:
    return extract(Document("https://example.org/page.html", markup.encode(), **kwargs)).text


def words(text: str) -> list[str]:
    return text.split()


def test_visible_text_and_entities_decoded() -> None:
    text = html("<p>Tom &amp; Jerry &lt;3 caf&eacute; &#8211; &#x27;hi&#x27;</p>")
    assert "Tom & Jerry <3 café – 'hi'" in text


def test_adjacent_cells_do_not_glue() -> None:
    text = html("<table><tr><td>14 Larkspur Close</td><td>Wickwar</td></tr></table>")
    assert "CloseWickwar" not in text
    assert "Close" in words(text) and "Wickwar" in words(text)


def test_phone_split_across_tags_keeps_digit_order() -> None:
    text = html("<p>Call 07700 <span>900</span>461 today</p>")
    digits = "".join(ch for ch in text.split("Call", 1)[1].split("today")[0] if ch.isdigit())
    assert digits == "07700900461"


@pytest.mark.parametrize(
    "markup",
    [
        '<div style="display:none">secret-a</div>',
        "<div hidden>secret-a</div>",
        '<span aria-hidden="true">secret-a</span>',
        "<noscript><p>secret-a</p></noscript>",
        "<template><p>secret-a</p></template>",
        "<!-- secret-a -->",
        "<textarea>secret-a</textarea>",
        "<head><title>secret-a</title></head>",
    ],
)
def test_hidden_text_is_included(markup: str) -> None:
    assert "secret-a" in html(f"<html>{markup}<body><p>shown</p></body></html>")


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="#" title="secret-b">x</a>', "secret-b"),
        ('<img src="a.png" alt="secret-b">', "secret-b"),
        ('<button aria-label="secret-b"></button>', "secret-b"),
        ('<input type="hidden" value="secret-b">', "secret-b"),
        ('<meta name="author" content="secret-b">', "secret-b"),
        ('<div data-owner="secret-b"></div>', "secret-b"),
        ("<div data-owner='single quoted'></div>", "single quoted"),
        ('<img alt="Tom &amp; Jerry">', "Tom & Jerry"),
        ('<A HREF="https://example.org/UPPER-CASE">x</A>', "https://example.org/UPPER-CASE"),
    ],
)
def test_attribute_values_are_included(markup: str, expected: str) -> None:
    assert expected in html(markup)


def test_src_urls_are_not_text() -> None:
    assert "pixel-tracker" not in html('<img src="https://example.org/pixel-tracker.gif">')


def test_tel_link_is_decoded() -> None:
    text = html('<a href="tel:+44%207700%20900461">Ring me</a>')
    assert "+44 7700 900461" in text


def test_mailto_link_is_decoded_including_entity_disguise() -> None:
    # "&#101;&#108;..." is how some sites hide a mailto from naive scrapers.
    disguised = "".join(f"&#{ord(c)};" for c in "ellie@example.net")
    text = html(f'<a href="mailto:{disguised}?subject=Hello%20there">Email</a>')
    assert "ellie@example.net" in text
    assert "Hello there" in text


def test_query_plus_reads_as_space() -> None:
    text = html('<a href="https://maps.example.com/?q=14+Larkspur+Close">map</a>')
    assert "14 Larkspur Close" in text


def test_json_ld_values_are_emitted() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Eleanor Whitcombe",
        "telephone": "07700 900461",
        "email": "mailto:ellie.whitcombe77@example.net",
        "birthDate": "1977-09-03",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "14 Larkspur Close",
            "addressLocality": "Wickwar",
            "postalCode": "GL12 8QX",
        },
    }
    markup = f'<script type="application/ld+json">{json.dumps(data)}</script><p>Bio</p>'
    text = html(markup)
    for value in ("07700 900461", "ellie.whitcombe77@example.net", "1977-09-03", "GL12 8QX"):
        assert value in text
    # An object's values share a line so the address parts stay together.
    assert "14 Larkspur Close, Wickwar, GL12 8QX" in text
    assert '"telephone"' not in text  # parsed, not dumped raw


def test_invalid_json_ld_falls_back_to_raw_text() -> None:
    text = html('<script type="application/ld+json">{"telephone": "07700 900461",</script>')
    assert "07700 900461" in text


def test_other_scripts_and_styles_are_ignored() -> None:
    text = html(
        "<head><style>.secret-style { color: red }</style>"
        "<script>var secretScript = 'x';</script></head>"
        "<body><p>kept</p><script type='module'>let secretModule = 1</script></body>"
    )
    assert "kept" in text
    for dropped in ("secret-style", "secretScript", "secretModule"):
        assert dropped not in text


def test_mixed_case_script_and_style_are_ignored_too() -> None:
    text = html("<Script>var secretMixed = 1</Script><STYLE>.secretUpper{}</STYLE><p>kept</p>")
    assert "kept" in text
    assert "secretMixed" not in text and "secretUpper" not in text


def test_cfemail_vector_computed_from_the_algorithm() -> None:
    encoded = encode_cfemail("ellie.whitcombe77@example.net", key=0x5A)
    assert encoded[:2] == "5a"
    assert decode_cfemail(encoded) == "ellie.whitcombe77@example.net"
    span = f'<span class="__cf_email__" data-cfemail="{encoded}">[email&#160;protected]</span>'
    markup = f"<p>Email: {span}</p>"
    text = html(markup)
    assert "Email: ellie.whitcombe77@example.net" in " ".join(text.split())


def test_cfemail_published_vector() -> None:
    # Seen verbatim on a public site template built with Cloudflare email protection
    # (key 0x59); the page showed "email@example.com" to visitors.
    encoded = "593c34383035193c21383429353c773a3634"
    assert decode_cfemail(encoded) == "email@example.com"
    assert "email@example.com" in html(f'<a data-cfemail="{encoded}">[email protected]</a>')


def test_cfemail_href_form() -> None:
    encoded = encode_cfemail("ellie.whitcombe77@example.net", key=0x21)
    text = html(f'<a href="/cdn-cgi/l/email-protection#{encoded}">Contact</a>')
    assert "ellie.whitcombe77@example.net" in text


@pytest.mark.parametrize("bad", ["", "zz", "abc", "5a"])
def test_cfemail_rejects_garbage(bad: str) -> None:
    assert decode_cfemail(bad) is None
    assert html(f'<span data-cfemail="{bad}">x</span>')  # no crash, text still extracted


def test_empty_and_broken_markup_do_not_raise() -> None:
    assert html("").strip() == ""
    assert "unclosed" in html("<div><p>unclosed <b>tags <i")


def test_media_type_wins_over_extension() -> None:
    doc = Document("https://example.org/data.json", b"<p>a &amp; b</p>", "text/html")
    assert "a & b" in extract(doc).text
