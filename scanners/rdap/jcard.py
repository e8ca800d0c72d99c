"""The contact fields of an RDAP entity's jCard (RFC 7095, as RDAP uses it: RFC 9083 §5.1).

A jCard is `["vcard", [[name, params, value type, value], ...]]`. Real servers bend the
rules, so nothing is indexed blindly: a parameter is a string or a list of strings, a
structured value (`n`, `adr`) may have fewer components than the RFC's seven, a component may
itself be a list, an address may sit only in the `label` parameter, and a phone is a
`tel:` URI or plain text. A malformed property costs only itself.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PROPERTIES = 200  # per card; real cards have about ten
MAX_VALUE = 500  # characters kept of one value


@dataclass(frozen=True)
class Card:
    """Display strings of the card's contact properties, in card order, empty ones dropped."""

    names: tuple[str, ...] = ()  # fn, then n when it says something fn does not
    orgs: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()  # structured adr components joined, or its label
    phones: tuple[str, ...] = ()  # ("fax", value) are in `faxes`
    faxes: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    kind: str = ""  # "individual", "org", ... when given


def parse_card(vcard_array: object) -> Card:
    """The card's fields; an absent or malformed card is an empty Card."""
    if not (
        isinstance(vcard_array, list)
        and len(vcard_array) >= 2
        and vcard_array[0] == "vcard"
        and isinstance(vcard_array[1], list)
    ):
        return Card()
    fields: dict[str, list[str]] = {}
    for prop in vcard_array[1][:MAX_PROPERTIES]:
        if not (isinstance(prop, list) and len(prop) >= 4 and isinstance(prop[0], str)):
            continue
        name = prop[0].lower()
        params = prop[1] if isinstance(prop[1], dict) else {}
        for key, text in _texts(name, params, prop[3]):
            if text and text not in fields.setdefault(key, []):
                fields[key].append(text)
    names = fields.get("fn", []) + [n for n in fields.get("n", []) if n not in fields.get("fn", [])]
    kinds = fields.get("kind", [])
    return Card(
        names=tuple(names),
        orgs=tuple(fields.get("org", [])),
        addresses=tuple(fields.get("adr", [])),
        phones=tuple(fields.get("tel", [])),
        faxes=tuple(fields.get("fax", [])),
        emails=tuple(fields.get("email", [])),
        kind=kinds[0].lower() if kinds else "",
    )


def _texts(name: str, params: dict[str, object], value: object) -> list[tuple[str, str]]:
    if name in ("fn", "org", "email", "kind"):
        return [(name, _join(value, " "))]
    if name == "n":
        return [("n", _name(value))]
    if name == "adr":
        found = [("adr", _join(value, ", "))]
        label = params.get("label")
        if isinstance(label, str):
            found.append(
                ("adr", _clip(", ".join(p.strip() for p in label.splitlines() if p.strip())))
            )
        return found
    if name == "tel":
        text = _join(value, " ")
        if text.lower().startswith("tel:"):
            text = text[4:]
        return [("fax" if "fax" in _param(params, "type") else "tel", text)]
    return []


def _param(params: dict[str, object], key: str) -> tuple[str, ...]:
    value = params.get(key)
    if isinstance(value, str):
        return (value.lower(),)
    if isinstance(value, list):
        return tuple(v.lower() for v in value if isinstance(v, str))
    return ()


def _flatten(value: object, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, list) and depth < 3:
        return [text for item in value for text in _flatten(item, depth + 1)]
    return []


def _join(value: object, sep: str) -> str:
    return _clip(sep.join(part for part in _flatten(value) if part))


def _name(value: object) -> str:
    """n = [family, given, additional, prefixes, suffixes], said in reading order."""
    if not isinstance(value, list):
        return _join(value, " ")
    parts = [*value[3:4], *value[1:3], *value[0:1], *value[4:5]]
    return _join(parts, " ")


def _clip(text: str) -> str:
    return " ".join(text.split())[:MAX_VALUE]
