"""Have I Been Pwned (API v3): the data breaches each email address is in.

HIBP is searched by the address itself (`breachedaccount` takes it URL-encoded; only higher
subscriptions offer a partial-hash search). So public emails are checked by default and a
private one only with the user's `--consent breaches` (footprint.consent): the engine then
gives this scanner, and no other, the private emails, and `footprint plan` lists them.

What the API does (haveibeenpwned.com/API/v3; tests/fixtures/hibp/SOURCE.md):
- GET {endpoint}/breachedaccount/{account}?truncateResponse=false with the `hibp-api-key`
  header and a user agent (the shared client sends footprint's own; without one HIBP says
  403); the full answer is a JSON array of breach models: Name, Title, BreachDate
  (YYYY-MM-DD, approximate), DataClasses, IsVerified, IsSpamList, ... (unknown keys ignored);
- 404 means the address is in no breach: an answer, checked;
- 401 means the key was refused: the whole source fails, since every address would too;
- 429 means over the key's rate, with `retry-after` in seconds: the client's retry layer
  waits and tries again (up to NetSettings.backoff_max); the rate of HIBP's smallest
  subscription, 10 requests a minute, is declared as `endpoint_rate`.

Each breach is a Finding (a fact, not content: nothing is matched): its name, date and the
kinds of data exposed, at the breach's page on haveibeenpwned.com (never a URL holding the
address). High when passwords or other credentials were exposed.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from footprint.consent import CONSENTED_VIA
from footprint.kinds import Kind
from footprint.model import Category, Finding, Identifier, Severity
from footprint.scanner import (
    Checked,
    Event,
    ScanContext,
    Scanner,
    ScanOptions,
    Send,
    Skipped,
    SourceFailed,
    Work,
)

KEY = "HIBP_API_KEY"
BREACH_PAGE = "https://haveibeenpwned.com/Breach/"
MAX_BREACHES = 500  # per address; more are listed as not shown
MAX_CLASSES = 40  # data classes kept per breach
MAX_TEXT = 200  # characters kept of a name, title or data class
# Data classes that let someone into an account: a breach holding one is high severity.
CREDENTIALS = frozenset(
    {
        "passwords",
        "historical passwords",
        "password hints",
        "auth tokens",
        "security questions and answers",
    }
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Breach:
    """What the report says about one breach (from HIBP's breach model)."""

    name: str
    title: str
    date: str  # YYYY-MM-DD, or "" when not given
    data_classes: tuple[str, ...] = ()
    verified: bool = True
    spam_list: bool = False
    fabricated: bool = False
    stealer_log: bool = False

    @property
    def credentials(self) -> bool:
        return any(c.casefold() in CREDENTIALS for c in self.data_classes)


def account_url(endpoint: str, email: str) -> str:
    """The breachedaccount URL for `email` (encoded whole: `@` and `+` too)."""
    return f"{endpoint.rstrip('/')}/breachedaccount/{quote(email.strip(), safe='')}"


PARAMS = {"truncateResponse": "false"}


def parse_breaches(body: bytes) -> list[Breach] | None:
    """The breaches in a 200 answer, or None when it is not the documented array of breach
    models (each an object with a non-empty string Name). Optional fields may be missing or
    null; a truncated answer (names only) is read too."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(data, list):
        return None
    breaches = []
    for item in data:
        breach = _breach(item)
        if breach is None:
            return None
        breaches.append(breach)
    return breaches


def _breach(item: Any) -> Breach | None:
    if not isinstance(item, dict):
        return None
    name = _text(item.get("Name"))
    if not name:
        return None
    date = _text(item.get("BreachDate"))
    classes = item.get("DataClasses")
    kept = [_text(c) for c in classes[:MAX_CLASSES]] if isinstance(classes, list) else []
    return Breach(
        name=name,
        title=_text(item.get("Title")) or name,
        date=date if _DATE_RE.fullmatch(date) else "",
        data_classes=tuple(c for c in kept if c),
        verified=item.get("IsVerified") is not False,
        spam_list=item.get("IsSpamList") is True,
        fabricated=item.get("IsFabricated") is True,
        stealer_log=item.get("IsStealerLog") is True,
    )


def _text(value: object) -> str:
    return " ".join(value.split())[:MAX_TEXT] if isinstance(value, str) else ""


def severity(breach: Breach) -> Severity:
    """High when credentials were exposed; low for a spam list or a fabricated breach;
    medium otherwise (the address itself is out, and with it phishing that looks real)."""
    if breach.credentials:
        return Severity.HIGH
    if breach.spam_list or breach.fabricated:
        return Severity.LOW
    return Severity.MEDIUM


def _note(breach: Breach) -> str:
    notes = []
    if breach.credentials:
        notes.append("passwords or other sign-in details were exposed")
    if breach.stealer_log:
        notes.append("stealer logs: details captured by malware on someone's device")
    if breach.spam_list:
        notes.append("a spam list, not a breach of a site you used")
    if breach.fabricated:
        notes.append("Have I Been Pwned believes this breach is fabricated")
    elif not breach.verified:
        notes.append("Have I Been Pwned has not verified this breach")
    return "; ".join(notes)


class Breaches(Scanner):
    name = "breaches"
    description = "Have I Been Pwned: the data breaches your email addresses are in"
    consumes = frozenset({Kind.EMAIL})
    sends = (Send(Kind.EMAIL, "haveibeenpwned.com"),)
    needs = (KEY,)
    unit = "email"  # "2 of 2 emails checked"
    endpoint = "https://haveibeenpwned.com/api/v3"
    endpoint_rate = (10 / 60, 1)  # the smallest subscription: 10 requests a minute
    consent_sends = frozenset({Kind.EMAIL})
    consent_reason = "Have I Been Pwned is searched by the address itself"

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """The address, to the endpoint's host (haveibeenpwned.com unless overridden)."""
        if identifier is None or identifier.kind is not Kind.EMAIL:
            return []
        return [(identifier.value, self.endpoint_host(options.env))]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.kind is not Kind.EMAIL:
            return
        email = identifier.value.strip()
        yield Work(1, self.unit)
        try:
            response = await ctx.client.get(
                account_url(ctx.endpoint, email),
                params=PARAMS,
                headers={"hibp-api-key": ctx.secrets[KEY], "Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            yield Skipped(email, f"Have I Been Pwned could not be asked: {_describe(exc)}")
            return
        status = response.status_code
        if status == 404:  # in no breach
            yield Checked(email)
            return
        if status == 401:
            raise SourceFailed(f"{KEY} was refused (401)")
        if status == 429:
            yield Skipped(email, _rate_limited(response))
            return
        if status != 200:
            yield Skipped(email, f"Have I Been Pwned answered HTTP {status}")
            return
        breaches = parse_breaches(response.content)
        if breaches is None:
            yield Skipped(email, "Have I Been Pwned's answer was not the documented breach list")
            return
        for breach in breaches[:MAX_BREACHES]:
            yield self._finding(identifier, email, breach)
        yield Checked(email)
        if len(breaches) > MAX_BREACHES:
            extra = len(breaches) - MAX_BREACHES
            yield Skipped(
                f"{email} (breaches after the first {MAX_BREACHES})",
                f"{extra} more breaches not listed: at most {MAX_BREACHES} per address",
            )

    def _finding(self, identifier: Identifier, email: str, breach: Breach) -> Finding:
        when = breach.date or "date not given"
        exposed = ", ".join(breach.data_classes) or "not listed"
        # Which of your addresses: a profile item, or one another scanner found.
        matched = {CONSENTED_VIA: "private.emails", "profile": "public.emails"}
        return Finding(
            category=Category.BREACH,
            severity=severity(breach),
            source=self.name,
            location=BREACH_PAGE + quote(breach.name, safe=""),
            evidence=f"{email} is in the {breach.title} breach ({when}). Exposed: {exposed}",
            matched=matched.get(identifier.via, "email"),
            value=email,
            span=(0, len(email)),
            note=_note(breach),
            provenance=(*identifier.chain(), f"{self.name} (Have I Been Pwned)"),
        )


def _rate_limited(response: httpx.Response) -> str:
    reason = "Have I Been Pwned's rate limit for this key was reached (429)"
    wait = response.headers.get("retry-after", "").strip()
    if wait.isdigit():
        reason += f"; it asked to wait {int(wait)} s"
    return reason


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
