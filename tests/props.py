"""Shared hypothesis settings, strategies and a second subject for the property tests
(tests/test_props_*.py).

CI-friendly: a modest number of examples, no deadline (a loaded 2-core machine is slow, and
time bounds are asserted explicitly where they matter), derandomized and with no example
database, so every run tries the same inputs and a failure is the same on every machine.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from footprint.profile import parse_profile

PROPS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text a hostile page or file may hold: any code point but surrogates (not encodable).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)

# A second subject beside the example candidate, with what the example lacks: a house name
# and a Welsh street (type first), a Cardiff number, a family member whose surname has an
# apostrophe, a birthday pages write in Welsh. Fictional (029 2018 0xxx is an Ofcom drama range).
WELSH = parse_profile(
    {
        "name": "Rhian Llywelyn",
        "private": {
            "home_address": "Tŷ Gwyn, 14 Heol y Coed, Rhiwbina, Caerdydd CF14 6HL",
            "phones": ["029 2018 0123"],
            "emails": ["rhian.llywelyn83@example.org"],
            "date_of_birth": dt.date(1983, 2, 1),
            "family": ["Siôn O’Brien", "Mared Llywelyn"],
        },
    }
)
