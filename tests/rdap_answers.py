"""RDAP answers for tests, from the recorded fixtures in tests/fixtures/rdap/ (see SOURCE.md).

No recorded answer names a private individual, so `registered_to` takes the RFC 9083 domain
example (fictional Joe User, full jCard) and puts the test subject's details in its
registrant card: the shape stays exactly the RFC's.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rdap"
EXCERPT = "iana_bootstrap_dns_excerpt.2024-07-25.json"


@cache
def _raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture(name: str) -> Any:
    return json.loads(_raw(name))


def fixture_bytes(name: str) -> bytes:
    return _raw(name)


def bootstrap_with(**extra: str) -> bytes:
    """IANA's excerpt plus entries such as example="https://rdap.example-registry.test/"."""
    doc = fixture(EXCERPT)
    doc["services"] += [[[tld], [url]] for tld, url in extra.items()]
    return json.dumps(doc).encode()


def registered_to(
    domain: str,
    *,
    name: str = "Eleanor Whitcombe",
    phone: str = "tel:+44.7700900461",
    address: tuple[str, ...] = ("", "", "14 Larkspur Close", "Wickwar", "", "GL12 8QX", ""),
    email: str = "ellie.whitcombe77@example.net",
) -> dict[str, Any]:
    """The RFC 9083 example domain answer, registered to the given person."""
    answer = copy.deepcopy(fixture("rfc9083_example_domain_xn--fo-5ja.example.json"))
    answer["ldhName"] = answer["unicodeName"] = domain
    registrant = answer["entities"][0]
    card = registrant["vcardArray"][1]
    values = {"fn": name, "adr": list(address), "tel": phone, "email": email}
    for prop in card:
        if prop[0] in values:
            prop[3] = values[prop[0]]
    card[:] = [p for p in card if p[0] not in ("org", "title", "role")]
    return answer
