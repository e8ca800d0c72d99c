"""The wire guard and request counts for a slate: one client, many candidates.

A single scan's client is built with its profile's check (`PrivateForms.find`). A slate shares
one client across every candidate (so the per-host limits hold for the whole slate), so its
check must know whose request it is looking at: the candidate's task sets `current_candidate`
(contextvars follow the task through httpx, as `current_source` does), and then:

- a request is refused if it carries any form of the requesting candidate's private details,
  exactly as in a single scan (the same `PrivateForms`, the same weak-form rule);
- it is also refused if it carries any form of ANY OTHER candidate's private details (a spouse
  on the same slate, a discovered page that leads from one candidate to another's home), except
  a form that the requesting candidate's own public identifiers also hold: a candidate named
  John Smith may search by his own name although a colleague lists a John Smith as family;
- a scanner the user consented to (`--consent`) may send only the requesting candidate's own
  consented details (`footprint.consent.consented_checks` for that candidate): never another
  candidate's, never a detail it was not consented to send;
- a request made outside any candidate's task is checked against every candidate, no
  exception.
The engine's gate for each candidate asks the same (`gate_for`): an identifier holding another
candidate's detail is withheld, not followed and then refused on the wire.

Every candidate's forms are the ones a single scan builds (`PrivateForms`), and checking them
all must not cost a regex per form per request (a slate of 500 has thousands of forms): each
form is indexed by the letters and digits any match of it holds in a row
(`PrivateForms.patterns`), so only the few forms a text could hold are tried, and a text seen
before (header lines repeat on every request) is looked up. For 500 candidates that is about
0.1 ms a request, less than one profile's forms tried one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

from footprint.consent import consented_categories, consented_scanners
from footprint.model import Category
from footprint.net import RequestCounter
from footprint.net.wire import Check
from footprint.privacy import PrivateForms, normalise, squeeze
from footprint.profile import Profile
from footprint.scanner import Scanner, ScanOptions

# Set in each candidate's task; "" outside any (checked against every candidate).
current_candidate: ContextVar[str] = ContextVar("footprint_current_candidate", default="")


@dataclass(frozen=True)
class _Form:
    owner: str
    category: Category
    regex: re.Pattern[str]
    needs: str  # letters and digits every match holds in a row (PrivateForms.patterns)


_GRAM = 4  # forms are indexed by the first four characters they need
_CACHED_TEXT = 512  # header lines repeat on every request: their hits are remembered
_CACHE_SIZE = 4096


class SlateGuard:
    """The wire guard's checks for a slate: `find` for every scanner, `consented()` for the
    scanners the user gave `--consent` to (see the module docstring for the rules)."""

    def __init__(
        self, profiles: Mapping[str, Profile], scanners: Iterable[Scanner], options: ScanOptions
    ) -> None:
        chosen = list(scanners)
        # --consent is the slate's: the same scanners for every candidate, each sending only
        # its own candidate's details of these categories.
        self._consented = {
            s.name: consented_categories(s) for s in consented_scanners(chosen, options)
        }
        self._public = {cid: [normalise(s.value) for s in p.seeds()] for cid, p in profiles.items()}
        # Each candidate's forms as a single scan builds them (the weak-form rule included).
        self._forms = tuple(
            _Form(cid, category, regex, needs)
            for cid, p in profiles.items()
            for category, regex, needs in PrivateForms(p).patterns()
        )
        # Which forms a text may hold, found without running thousands of regexes: by the
        # first four characters each needs, or (fewer than four: "977" of a short date) by
        # the whole short run.
        self._by_gram: dict[str, list[int]] = {}
        self._short: dict[str, list[int]] = {}
        for i, form in enumerate(self._forms):
            table, key = (
                (self._by_gram, form.needs[:_GRAM])
                if len(form.needs) >= _GRAM
                else (self._short, form.needs)
            )
            table.setdefault(key, []).append(i)
        self._hit_cache: dict[str, tuple[int, ...]] = {}
        self._exempt: dict[tuple[str, int], bool] = {}

    def find(self, text: str) -> Category | None:
        """The default check: any form of the requester's own details, or of anyone else's
        that the requester's own public identifiers do not hold."""
        return self._refused(current_candidate.get(), text, frozenset())

    def gate_for(self, cid: str) -> _Gate:
        """The engine's gate for one candidate: an identifier a scanner discovers (or a
        public one in the profile) is withheld if it holds any candidate's private detail,
        by the rules of `find`, rather than followed and then refused on the wire."""
        return _Gate(self, cid)

    def consented(self) -> dict[str, Check]:
        """For the wire guard's `consented`: scanner name -> its check. A consented scanner
        may send the requester's own consented details and nothing else."""
        return {name: self._consented_check(name, cats) for name, cats in self._consented.items()}

    def _consented_check(self, scanner: str, categories: frozenset[Category]) -> Check:
        def check(text: str) -> Category | None:
            return self._refused(current_candidate.get(), text, categories)

        return check

    def _refused(self, cid: str, text: str, allowed: frozenset[Category]) -> Category | None:
        """The category of the first form `text` holds that `cid` may not send. `allowed`:
        the requester's own categories its scanner was consented to send."""
        for i in self._hits(text):
            form = self._forms[i]
            if form.owner == cid:
                if form.category not in allowed:
                    return form.category
            elif not self._exempted(cid, i):
                return form.category
        return None

    def _hits(self, text: str) -> tuple[int, ...]:
        """Every form (of any candidate) that `text` holds."""
        if not text or not self._forms:
            return ()
        cached = self._hit_cache.get(text)
        if cached is not None:
            return cached
        folded = normalise(text)
        squeezed = squeeze(folded)
        maybe = [i for key, ids in self._short.items() if key in squeezed for i in ids]
        grams = {squeezed[j : j + _GRAM] for j in range(len(squeezed) - _GRAM + 1)}
        for gram in grams & self._by_gram.keys():
            maybe.extend(self._by_gram[gram])
        hits = tuple(
            i
            for i in sorted(set(maybe))
            if self._forms[i].needs in squeezed and self._forms[i].regex.search(folded)
        )
        if len(text) <= _CACHED_TEXT:
            if len(self._hit_cache) >= _CACHE_SIZE:
                self._hit_cache.clear()  # bounded: a scan's URLs do not repeat much
            self._hit_cache[text] = hits
        return hits

    def _exempted(self, cid: str, i: int) -> bool:
        """Whether the requester's own public identifiers hold this form (cached)."""
        key = (cid, i)
        known = self._exempt.get(key)
        if known is None:
            regex = self._forms[i].regex
            known = any(regex.search(p) for p in self._public.get(cid, ()))
            self._exempt[key] = known
        return known


@dataclass
class SlateCounter(RequestCounter):
    """Counts for the whole slate (`counts`, `refused`) and, routed by `current_candidate`,
    each candidate's own counter (`of(cid)`), which that candidate's engine reports from."""

    candidates: dict[str, RequestCounter] = field(default_factory=dict)

    def of(self, cid: str) -> RequestCounter:
        return self.candidates.setdefault(cid, RequestCounter())

    def add(self, source: str | None = None) -> None:
        super().add(source)
        self.of(current_candidate.get()).add(source)

    def refuse(self, source: str | None = None) -> None:
        super().refuse(source)
        self.of(current_candidate.get()).refuse(source)

    def forget(self, cid: str) -> None:
        """Drop a finished candidate's counter (its counts are in its report by then)."""
        self.candidates.pop(cid, None)


class _Gate:
    """`PrivateForms.find` as the slate guard answers it for one candidate (footprint.run.Gate)."""

    def __init__(self, guard: SlateGuard, cid: str) -> None:
        self._guard, self._cid = guard, cid

    def find(self, text: str) -> Category | None:
        return self._guard._refused(self._cid, text, frozenset())
