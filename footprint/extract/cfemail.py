"""Cloudflare email obfuscation: hex string whose first byte XORs every following byte."""

from __future__ import annotations


def decode_cfemail(encoded: str) -> str | None:
    """The email hidden in a `data-cfemail` value or email-protection fragment, or None."""
    encoded = encoded.strip()
    if len(encoded) < 4 or len(encoded) % 2:
        return None
    try:
        raw = bytes.fromhex(encoded)
    except ValueError:
        return None
    key = raw[0]
    # Cloudflare's decoder percent-decodes the result, i.e. the bytes are UTF-8.
    return bytes(b ^ key for b in raw[1:]).decode("utf-8", errors="replace")


def encode_cfemail(email: str, key: int) -> str:
    """Inverse of decode_cfemail (for tests and fixtures)."""
    if not 0 <= key <= 255:
        raise ValueError("key must be a byte")
    return bytes([key, *(b ^ key for b in email.encode("utf-8"))]).hex()
