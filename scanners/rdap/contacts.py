"""The registrant, administrative and technical contacts of an RDAP domain answer (RFC 9083).

Entities nest (a registrar's abuse desk sits inside the registrar) and one entity can hold
several roles, so every entity is visited and its `roles` searched. The registrar, its abuse
desk, resellers and sponsors are not the subject and are left out.

A contact is *protected* when nothing personal (name, address, phone, email) is left once
redaction is taken away: empty values, placeholders ("REDACTED FOR PRIVACY", "Data
Protected", redacted@nominet.uk), an address with only a region and country, or a privacy /
proxy service standing in for the registrant ("Domains By Proxy", "Withheld for Privacy").
What is left of the others is written out as plain text for the matcher, which alone decides
whether any of it is the subject's private detail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanners.rdap.jcard import Card, parse_card

CONTACT_ROLES = ("registrant", "administrative", "technical")
ROLE_LABELS = {
    "registrant": "Registrant",
    "administrative": "Administrative contact",
    "technical": "Technical contact",
}
MAX_ENTITIES = 50  # per answer; real ones have about five
MAX_DEPTH = 4  # nesting levels followed

# What servers put where redacted data was: a short placeholder (compared whole) or a
# sentence saying so ("This individual has chosen to opt-out of the WHOIS").
_PLACEHOLDER = re.compile(r"private|n/?a|none|unknown|-+|\.+", re.IGNORECASE)
_REDACTION_TEXT = re.compile(
    r"redacted|opted? ?out|opt-out|withheld|not disclosed|data protected|non-public|"
    r"gdpr masked|statutory masking",
    re.IGNORECASE,
)
_PLACEHOLDER_EMAIL = re.compile(r"^(redacted|privacy|protected|noreply|no-reply)@", re.I)
# Privacy and proxy services seen in registration data (names and forwarding domains).
_PROXY_NAMES = re.compile(
    r"domains? by proxy|withheld for privacy|contact privacy|whois ?guard|privacy ?guardian|"
    r"perfect privacy|whois privacy|privacy protect|identity protect|super privacy|"
    r"domain privacy|privacy service|proxy service|registration private|private registration",
    re.IGNORECASE,
)
_PROXY_DOMAINS = (
    "withheldforprivacy.com",
    "domainsbyproxy.com",
    "contactprivacy.com",
    "whoisguard.com",
    "privacyguardian.org",
    "whoisprivacyprotect.com",
    "perfectprivacy.com",
    "anonymised.email",
)


@dataclass(frozen=True)
class Contact:
    roles: tuple[str, ...]  # its contact roles, registrant first
    card: Card  # only the values that survived redaction
    proxy: str = ""  # the privacy/proxy service named in place of the registrant, if any
    redacted: bool = False  # the server says it removed data (remarks or placeholders)

    @property
    def protected(self) -> bool:
        card = self.card
        return bool(self.proxy) or not (card.names or card.addresses or card.phones or card.emails)

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.roles[0]]


def contacts(answer: object) -> list[Contact]:
    """The contact entities of a domain answer, in answer order."""
    found: list[Contact] = []
    for entity in _entities(answer):
        roles = _roles(entity)
        wanted = tuple(r for r in CONTACT_ROLES if r in roles)
        if wanted:
            found.append(_contact(entity, wanted))
    return found


def _entities(answer: object) -> Iterator[dict[str, object]]:
    """Every entity, depth first, within MAX_DEPTH levels and MAX_ENTITIES in all."""
    stack = [(child, 1) for child in reversed(_children(answer))]
    seen = 0
    while stack and seen < MAX_ENTITIES:
        entity, depth = stack.pop()
        seen += 1
        yield entity
        if depth < MAX_DEPTH:
            stack.extend((child, depth + 1) for child in reversed(_children(entity)))


def _children(node: object) -> list[dict[str, object]]:
    children = node.get("entities") if isinstance(node, dict) else None
    if not isinstance(children, list):
        return []
    return [child for child in children[:MAX_ENTITIES] if isinstance(child, dict)]


def _roles(entity: dict[str, object]) -> tuple[str, ...]:
    roles = entity.get("roles")
    if not isinstance(roles, list):
        return ()
    return tuple(r.strip().lower() for r in roles if isinstance(r, str))


def _contact(entity: dict[str, object], roles: tuple[str, ...]) -> Contact:
    raw = parse_card(entity.get("vcardArray"))
    proxy = _proxy(raw)
    card = Card(
        names=_kept(raw.names),
        orgs=_kept(raw.orgs),
        addresses=tuple(a for a in _kept(raw.addresses) if _says_where(a)),
        phones=_kept(raw.phones),
        faxes=_kept(raw.faxes),
        emails=tuple(e for e in _kept(raw.emails) if not _PLACEHOLDER_EMAIL.match(e)),
        kind=raw.kind,
    )
    redacted = _remarks_redacted(entity) or card != raw
    return Contact(roles, card, proxy, redacted)


def _kept(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        v for v in values if v and not _PLACEHOLDER.fullmatch(v) and not _REDACTION_TEXT.search(v)
    )


def _says_where(address: str) -> bool:
    """More than a region and a country: MarkMonitor's redacted ["","","","","CA","","US"]
    joins to "CA, US", which places no one."""
    parts = [p for p in address.split(", ") if p]
    return len(parts) > 2 or any(ch.isdigit() for ch in address)


def _proxy(card: Card) -> str:
    for text in (*card.orgs, *card.names, *card.addresses):
        if _PROXY_NAMES.search(text):
            return text
    for email in card.emails:
        domain = email.rpartition("@")[2].lower()
        if any(domain == d or domain.endswith("." + d) for d in _PROXY_DOMAINS):
            return domain
    return ""


def _remarks_redacted(entity: dict[str, object]) -> bool:
    remarks = entity.get("remarks")
    if not isinstance(remarks, list):
        return False
    for remark in remarks:
        if not isinstance(remark, dict):
            continue
        texts = [remark.get("title"), remark.get("type")]
        description = remark.get("description")
        if isinstance(description, list):
            texts += description
        if any(isinstance(t, str) and _REDACTION_TEXT.search(t) for t in texts):
            return True
    return False


def contact_text(domain: str, server: str, found: list[Contact]) -> str:
    """Plain text for the matcher: one "Registrant phone: ..." line per surviving value."""
    lines = [f"Registration data of {domain} (RDAP, {server})"]
    for contact in found:
        if contact.proxy:
            continue  # the proxy's own details are not the registrant's
        label, card = contact.label, contact.card
        others = [ROLE_LABELS[r].lower() for r in contact.roles[1:]]
        if others:
            lines.append(f"{label} (also the {' and '.join(others)})")
        lines += [f"{label} name: {v}" for v in card.names]
        lines += [f"{label} organisation: {v}" for v in card.orgs]
        lines += [f"{label} address: {v}" for v in card.addresses]
        lines += [f"{label} phone: {v}" for v in card.phones]
        lines += [f"{label} fax: {v}" for v in card.faxes]
        lines += [f"{label} email: {v}" for v in card.emails]
    return "\n".join(lines) + "\n"


def protection(found: list[Contact]) -> str:
    """How the contacts are protected: "privacy service: X" or "redacted for privacy"."""
    for contact in found:
        if contact.proxy:
            return f"privacy service: {contact.proxy}"
    return "redacted for privacy"


def related_link(answer: object) -> str | None:
    """A thin registry's pointer to the registrar's RDAP answer (rel "related", RDAP type)."""
    links = answer.get("links") if isinstance(answer, dict) else None
    if not isinstance(links, list):
        return None
    for link in links:
        if not isinstance(link, dict):
            continue
        href, rel, kind = link.get("href"), link.get("rel"), link.get("type")
        if (
            rel == "related"
            and isinstance(href, str)
            and href.startswith(("https://", "http://"))
            and (kind is None or kind == "application/rdap+json")
        ):
            return href
    return None
