"""Shared hypothesis settings and strategies for the property tests (tests/test_props_*.py).

CI-friendly: a modest number of examples, no deadline (a loaded 2-core machine is slow, and
time bounds are asserted explicitly where they matter), derandomized and with no example
database, so every run tries the same inputs and a failure is the same on every machine.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text a hostile page or file may hold: any code point but surrogates (not encodable).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
