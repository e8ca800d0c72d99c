"""Find a subject's private details in extracted text and photo GPS.

One module per kind of detail (phones, emails, addresses, dates, family, geo); each module's
docstring states its rules. `Matcher` compiles them once per profile.
"""

from footprint.matcher.core import Matcher, best_hits

__all__ = ["Matcher", "best_hits"]
