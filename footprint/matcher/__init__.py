"""Find a subject's private details in extracted text and photo GPS.

One module per kind of detail (phones, emails, addresses, dates, family, geo); each module's
docstring states its rules. datefields finds a date of birth written as labelled parts in
text, records judges structured records (Extracted.records). `Matcher` compiles them once
per profile.
"""

from footprint.matcher.core import Matcher, best_hits
from footprint.matcher.geo import PHOTO_GPS

__all__ = ["PHOTO_GPS", "Matcher", "best_hits"]
