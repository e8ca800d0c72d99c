"""How long a UK number can be, by its leading digit (Ofcom's National Telephone Numbering Plan).

phonenumbers' GB metadata allows 7, 9 or 10 national digits for any GB number, so
`07700 90012`, a digit short of every mobile, passes `is_possible_number`; and its validity
rules reject Ofcom's drama ranges (07700 900xxx, 01632 960xxx...), which profiles and tests use
on purpose. The plan's lengths per leading digit are stable and are what a profile needs:
a number of impossible length can never match anything, so it is a typo to point out.
"""

from __future__ import annotations

# First digit of the national significant number (after the trunk 0) -> allowed lengths.
_LENGTHS: dict[str, tuple[int, ...]] = {
    "1": (9, 10),  # geographic 01xxx xxxxxx; a few areas keep 01xxx xxxxx
    "2": (10,),  # geographic 02x xxxx xxxx
    "3": (10,),  # non-geographic at geographic rates, 03xx xxx xxxx
    "5": (10,),  # corporate and VoIP, 055 / 056
    "7": (10,),  # mobiles, personal numbers and pagers, 07xxx xxxxxx
    "8": (7, 9, 10),  # freephone and special rates: 0800 xxxxxx, 0808 xxx xxxx, 0800 1111
    "9": (10,),  # premium rate, 09xx xxx xxxx
}


def _digits(lengths: tuple[int, ...]) -> str:
    """Lengths as written with the leading 0, e.g. (9, 10) -> '10 or 11'."""
    shown = [str(n + 1) for n in lengths]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def length_problem(nsn: str) -> str | None:
    """Why a UK national significant number (e.g. '7700900461') cannot exist, or None."""
    # phonenumbers keeps the trunk 0 of a number too short to be anything ('011349601').
    nsn = nsn.removeprefix("0")
    lengths = _LENGTHS.get(nsn[:1])
    if not nsn:
        return "it has no digits"
    if lengths is None:
        return f"no UK numbers start 0{nsn[:1]}"
    if len(nsn) not in lengths:
        start, has = nsn[:1], len(nsn) + 1
        return f"UK numbers starting 0{start} have {_digits(lengths)} digits (this has {has})"
    return None
