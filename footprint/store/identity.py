"""Stable finding identity: the same exposure has the same id in every scan of a subject.

The id is a SHA-256 over (subject id, normalised location, category, normalised value), where
the value is the profile's own value that was found (its phone number, not its position in the
list: `private.phones[0]` becomes `private.phones[1]` when the list is reordered, the number
does not). Rules:
- a web location is compared as `url_key` (scheme and host case-free, no fragment, no
  trailing slash); any other location (a file path) as written, with its path normalised;
- a value is compared NFKC-normalised, case-folded, with everything but letters and digits
  dropped ("07700 900461" and "07700900461" are one phone; "Ellie@Example.net" one email).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from footprint.model import Finding, url_key
from footprint.profile import Profile

_NOT_WORD = re.compile(r"[\W_]+")


def subject_id(profile: Profile) -> str:
    """A subject's default id: its name as a slug ("eleanor-whitcombe"). A slate gives its own."""
    return normal_value(profile.name, keep="-") or "subject"


def normal_value(value: str, keep: str = "") -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    return _NOT_WORD.sub(keep, text).strip(keep)


def normal_location(location: str) -> str:
    text = location.strip()
    if text.lower().startswith(("http://", "https://")):
        return url_key(text)
    return os.path.normpath(text) if text else text


def finding_id(subject: str, finding: Finding) -> str:
    """The finding's stable id (64 hex digits) for `subject`."""
    parts = (
        subject,
        normal_location(finding.location),
        finding.category.value,
        normal_value(finding.value),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
