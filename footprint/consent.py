"""Consent: the one way a private detail may leave the machine, and only where the user says.

A scanner that needs a private detail to work (Have I Been Pwned is searched by the email
address itself) declares the private kinds in `consent_sends`, with a `consent_reason`. It
gets them only when the user names it with `--consent NAME`, and then:

- the engine gives that scanner, and no other, the profile's private values of those kinds
  (`private_seeds`), marked as private (`CONSENTED_VIA`); they are never offered to any other
  scanner, nor are they seeds;
- the wire guard checks that scanner's requests with the private details it was NOT consented
  to send (`consented_checks`): its private email may go, its private phone may not;
- `footprint plan` lists each of those sends, marked as private and sent with consent.

Without `--consent`, nothing here applies: private values are never handed to a scanner and
any request carrying one is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from footprint.kinds import Kind
from footprint.model import Category, Identifier
from footprint.net.wire import Check
from footprint.privacy import PrivateForms
from footprint.profile import Profile
from footprint.scanner import Scanner, ScanOptions

CONSENTED_VIA = "profile (private, sent with your consent)"

# The private kinds a scanner may ask consent for: the profile's values of each, and the
# category of private detail they are (what the wire guard then lets through).
_PRIVATE: dict[Kind, Category] = {Kind.EMAIL: Category.EMAIL, Kind.PHONE: Category.PHONE}


def _values(profile: Profile, kind: Kind) -> tuple[str, ...]:
    if kind is Kind.EMAIL:
        return profile.private.emails
    if kind is Kind.PHONE:
        return profile.private.phones
    return ()


def _kinds(scanner: Scanner | type[Scanner]) -> frozenset[Kind]:
    """The private kinds it may be given: declared for consent, consumed, and ones a profile
    has private values of."""
    return scanner.consent_sends & scanner.consumes & _PRIVATE.keys()


def asks_consent(scanner: Scanner | type[Scanner]) -> bool:
    """Whether the scanner declares private kinds it may send with consent."""
    return bool(_kinds(scanner))


def check_consent(names: Iterable[str], classes: Mapping[str, type[Scanner]]) -> str:
    """A one-line error for a `--consent` name that is not a scanner, or names one that asks
    for no consent (checked before any work), or ""."""
    asking = ", ".join(n for n, cls in classes.items() if asks_consent(cls)) or "none"
    for name in names:
        if name not in classes:
            known = ", ".join(classes) or "none"
            return f"--consent {name!r}: no such scanner (known: {known})"
        if not asks_consent(classes[name]):
            return (
                f"--consent {name!r}: this scanner sends no private detail, so it needs no "
                f"consent (scanners that ask for it: {asking})"
            )
    return ""


def consented_scanners(scanners: Iterable[Scanner], options: ScanOptions) -> list[Scanner]:
    """The chosen scanners the user gave consent to (`--consent`) that ask for it."""
    return [s for s in scanners if s.name in options.consent and asks_consent(s)]


def consented_categories(scanner: Scanner) -> frozenset[Category]:
    """The categories of private detail this scanner may send once consented."""
    return frozenset(_PRIVATE[k] for k in _kinds(scanner))


def private_seeds(profile: Profile, scanner: Scanner) -> list[Identifier]:
    """The private identifiers a consented scanner gets: the profile's values of the kinds it
    declared, marked as private. Give them to that scanner only."""
    return [
        Identifier(kind, value, via=CONSENTED_VIA)
        for kind in sorted(_kinds(scanner))
        for value in _values(profile, kind)
    ]


def consented_checks(
    profile: Profile, scanners: Iterable[Scanner], options: ScanOptions
) -> dict[str, Check]:
    """For the wire guard: each consented scanner's own check, which still refuses every
    private detail it was not consented to send."""
    return {
        s.name: PrivateForms(profile, consented_categories(s)).find
        for s in consented_scanners(scanners, options)
    }
