"""Written forms of private details the redactor masks on top of the matcher's own.

`Matcher.spans` gives every form the matcher accepts, whatever its context. These are the
partial or looser forms a reader could still use, built from the whole profile (over-redaction
is accepted here):
- home address: the street name alone, with any separators ("larkspur_close",
  "Larkspur%20Close"), unless it is one of the commonest street names ("High Street"); the
  full postcode in any spacing; each half of the postcode standing alone (outward "GL12", with
  its sector "GL12 8"; inward "8QX"); the house name ("The" optional) and a Northern Ireland
  townland; a Welsh street with its type ("Heol y Coed", masked "Heol •••");
- email: the local part alone ("ellie.whitcombe77" in a URL path), with ".", "_", "-", "+" or
  an obfuscated dot between its words, and its distinctive runs alone ("whitcombe77": six
  characters or more, or four with a digit; never a word of the subject's name) - unless it is
  also a public username or the local part of a public email;
- date of birth: DDMMYYYY and YYYYMMDD, numeric with spaces or mixed separators, day and month
  without the year ("3rd September", Welsh "3ydd o Fedi"), month and year ("Sept '77",
  "/09/1977", "Medi '77"), date fields as CSV rows and flattened JSON write them ("3,9,1977",
  "9, 1977", "1977, 9, 3"), and any day, month or date written after a birth label ("DOB: 17",
  "Born: 3rd", "d.o.b. 03/09", Welsh "Dyddiad geni: 3ydd", "Ganwyd ar 3");
- family: the full name with any separator or none ("danielwhitcombe", "daniel-whitcombe",
  "Daniel%20Whitcombe", "zoe-o%27hara", "ciaran-mc-allister"), as written and without its
  accents ("sean-o-donaill" for Seán Ó Dónaill), and each given name alone in any case, with
  or without its accents - never the surname, nor a word of the subject's own name or
  aliases, which are public;
- home coordinates: any decimal number within 0.1 degrees of the home latitude or longitude.

Forms are matched in the lower-cased text (`lowered`, offsets kept). Most patterns start with
a literal, so `re` skips to its occurrences in C, and every form is skipped outright when none
of its `needles` is in the text; repeats are bounded, so a scan costs time linear in the text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from footprint.address import UKAddress, parse_uk_address, street_text, type_first
from footprint.matcher.dates import MONTHS, WELSH_MONTHS
from footprint.matcher.names import fold, name_words, split_name
from footprint.matcher.phones import national_digits
from footprint.matcher.places import COMMON_STREETS
from footprint.model import Category
from footprint.profile import Profile
from reports.masks import MASK, mask_coordinates, mask_date_of_birth, mask_name, mask_postcode

# Between words in prose, URLs and file names: spaces, hyphens, underscores, dots, plus, %20.
_SEP = r"(?:[\s\-_.+]|%20){1,3}"
_JOIN = r"(?:[\s\-_.+]|%20){0,3}"  # ... or nothing at all ("danielwhitcombe")
_NAME_JOIN = r"(?:[\s\-_.+'’‘]|%20|%27|%e2%80%99){0,3}"  # ... or an apostrophe ("o'hara")
_LETTER, _ALNUM = r"[^\W\d_]", r"[^\W_]"
_NO_LETTER_AFTER, _NO_ALNUM_AFTER = rf"(?!{_LETTER})", rf"(?!{_ALNUM})"
_LOCAL_DOT = (
    r"(?:[._\-+]|%2e|\s{0,3}[\[({<]\s{0,3}(?:dot|\.)\s{0,3}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3})"
)
_ORD = r"(?:st|nd|rd|th|af|il|ail|ydd|edd|ed|fed|eg|ain)?"  # English and Welsh (dates.py)
_LABELS = ("date of birth", "birth date", "birthdate", "birthday", "born", "birth", "dob")
_WELSH_LABELS = ("dyddiad geni", "ganwyd", "ganed", "genedigaeth", "pen-blwydd", "penblwydd")
_LABELS_DOTTED = ("d.o.b", "d. o. b", "d o b")
_STOP_WORDS = frozenset({"st", "saint", "the", "old", "new", "upper", "lower", "y", "yr", "'r"})


def _month(spellings: Iterable[str]) -> str:
    """('september', 'sept', 'sep') as 'sep(?:tember|t)?' and an optional dot: literal-led,
    so `re` scans fast."""
    words = sorted(spellings, key=len, reverse=True)
    head = _common_prefix(words)
    tails = [w[len(head) :] for w in words if w != head]
    rest = f"(?:{'|'.join(tails)})" + ("?" if head in words else "") if tails else ""
    return f"{head}{rest}" + r"\.?"


def _common_prefix(words: Iterable[str]) -> str:
    words = list(words)
    head = min(words, key=len)
    while not all(w.startswith(head) for w in words):
        head = head[:-1]
    return head


_WELSH_MONTH = "|".join(re.escape(w) for m in WELSH_MONTHS for w in m)
_ANY_MONTH = "(?:" + "|".join(_month(m) for m in MONTHS) + "|" + _WELSH_MONTH + ")"
_DATEISH = rf"(?:\d{{1,4}}{_ORD}|{_ANY_MONTH})(?!{_ALNUM})"
# A birth label, then whatever day, month or date follows it ("DOB: 17", "born on 3rd May").
_LABELLED_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s{1,3}") for w in (*_LABELS, *_LABELS_DOTTED, *_WELSH_LABELS)
    )
    + r")(?!\w)\.?[\s:=\-,.]{0,4}(?:(?:on|in|is|ar|yn|ym|yng|mis|y)\s{1,3}){0,2}"
    + rf"(?P<date>{_DATEISH}(?:(?:[\s./\-,'’]{{1,3}}|\s{{1,3}}of\s{{1,3}}){_DATEISH}){{0,2}})"
)


def _led(literal: str, rest: str, before: str | None) -> str:
    """literal, then rest; `before` (a one-character class) may not precede the literal. The
    check comes after the literal so `re` can skip to the literal's occurrences in C."""
    lit = re.escape(literal)
    return lit + (f"(?<!{before}{lit})" if before else "") + rest


@dataclass(frozen=True)
class Form:
    """One written form of one private value, matched in lower-cased text (`lowered`).
    `mask` replaces the text of `group`; `needles`: one of them is in every match."""

    category: Category
    value: str  # the profile value it gives away
    regex: re.Pattern[str]
    mask: Callable[[str], str]
    needles: tuple[str, ...]
    group: str | int = 0
    near: tuple[float, ...] = ()  # coordinates: only numbers this close (abs) count

    def spans(self, low: str) -> Iterator[tuple[int, int]]:
        """Where the form occurs in `low`, a lowered(text)."""
        if not any(n in low for n in self.needles):
            return  # the usual case: `in` costs far less than a regex scan
        for m in self.regex.finditer(low):
            start, end = m.span(self.group)
            if start < end and (not self.near or _near(m.group(0), self.near)):
                yield start, end

    def sub(self, text: str) -> str:
        """text with every occurrence masked."""
        out: list[str] = []
        pos = 0
        for start, end in self.spans(lowered(text)):
            if start >= pos:
                out += (text[pos:start], self.mask(text[start:end]))
                pos = end
        return "".join(out) + text[pos:] if out else text


def lowered(text: str) -> str:
    """text.lower() with every offset kept (a few characters grow when lowered: kept as is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _near(number: str, targets: tuple[float, ...]) -> bool:
    return any(abs(abs(float(number)) - t) < 0.1 for t in targets)


def _const(text: str) -> Callable[[str], str]:
    return lambda _found: text


def public_words(profile: Profile) -> frozenset[str]:
    """Lower-case words of the subject's own name and aliases: public, never masked alone."""
    return frozenset(w.lower() for n in (profile.name, *profile.aliases) for w in _words(n))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def extra_forms(profile: Profile) -> list[Form]:
    """Every extra form of every private detail in the profile."""
    private = profile.private
    public = public_words(profile)
    forms: list[Form] = []
    for address in private.home_addresses:
        forms += address_forms(address)
    for email in private_emails(profile):
        forms += _email_forms(email, profile)
    if private.date_of_birth is not None:
        forms += _date_forms(private.date_of_birth)
    for name in private.family:
        forms += _family_forms(name, public)
    if private.home_coordinates is not None:
        forms.append(_coordinate_form(*private.home_coordinates))
    return forms


def private_emails(profile: Profile) -> list[str]:
    """Private emails that are not also public (the matcher skips those too)."""
    public = {e.lower() for e in profile.public.emails}
    return [e for e in profile.private.emails if e.lower() not in public]


def private_phones(profile: Profile) -> list[tuple[str, str, str]]:
    """(country code, NSN, trunk) of each private phone that is not also public."""
    public = {d[1] for p in profile.public.phones if (d := national_digits(p))}
    found = (national_digits(p) for p in profile.private.phones)
    return [d for d in found if d is not None and d[1] not in public]


# -- home address -------------------------------------------------------------------------------


def address_forms(value: str, within: bool = False) -> list[Form]:
    """The address's parts, each masked where it stands: postcode, its halves, street, house.
    With `within`, for masking inside a mention the matcher found, the street name of one of
    the commonest streets too (alone, it is not a form)."""
    addr = parse_uk_address(value)
    if addr is None:
        return []
    forms: list[Form] = []
    cat = Category.HOME_ADDRESS
    if addr.postcode:
        outward, inward = addr.postcode.lower().split()
        masked = _const(mask_postcode(addr.postcode))
        full = _led(outward, rf"{_JOIN}{inward}{_NO_ALNUM_AFTER}", _ALNUM)
        sector = rf"(?:{_JOIN}{inward[0]}{_NO_ALNUM_AFTER})?"
        half = _led(outward, sector + _NO_ALNUM_AFTER, _ALNUM)
        forms.append(Form(cat, value, re.compile(full), masked, (outward,)))
        forms.append(Form(cat, value, re.compile(half), masked, (outward,)))
        # Also after "%20": "GL12%208QX" cut to "%208QX" at a snippet's edge.
        lit = re.escape(inward)
        cut = rf"{lit}(?:(?<!{_ALNUM}{lit})|(?<=%20{lit})){_NO_ALNUM_AFTER}"
        forms.append(Form(cat, value, re.compile(cut), _const(MASK), (inward,)))
    if addr.street_name and (within or distinctive_street(addr)):
        forms.append(_street_form(value, addr))
    for name in (addr.house_name, addr.townland):
        words = [w.lower() for w in _words(name or "")]
        if words[:1] == ["the"] and len(words) > 1:
            words = words[1:]  # "Old Forge" gives "The Old Forge" away too
        if words:
            first, *rest = words
            tail = "".join(_SEP + re.escape(w) for w in rest) + _NO_LETTER_AFTER
            regex = re.compile(_led(first, tail, _LETTER))
            forms.append(Form(cat, value, regex, _const(first[0].upper() + MASK), (first,)))
    return forms


def distinctive_street(addr: UKAddress) -> bool:
    """Whether the street name alone points at the street: not 'The Green', 'High Street'."""
    name = addr.street_name or ""
    full = street_text(addr).replace("'", "")
    letters = sum(len(t) for t in name.split() if t not in _STOP_WORDS)
    return letters >= 3 and full not in COMMON_STREETS


def _street_form(value: str, addr: UKAddress) -> Form:
    """The street name alone, with any separators; a Welsh one with its type ("heol y coed")."""
    welsh = type_first(addr.street_type)
    name = street_text(addr) if welsh else addr.street_name or ""
    tokens = name.split()
    runs = [r for t in tokens for r in re.findall(r"[a-z0-9]+", t) if t not in ("st", "saint")]
    lead = re.match(r"[a-z0-9]+", tokens[0]) if tokens[0] not in ("st", "saint") else None
    rest = _SEP.join(_street_token(t) for t in tokens)
    if lead is not None:  # literal-led: "larkspur", "o" of "o'neil's"
        pattern = _led(lead.group(0), rest[len(re.escape(lead.group(0))) :], _LETTER)
    else:
        pattern = rf"(?<!{_LETTER})" + rest
    regex = re.compile(pattern + _NO_LETTER_AFTER)
    masked = _const(f"{tokens[0].title()} {MASK}" if welsh else name[0].upper() + MASK)
    return Form(Category.HOME_ADDRESS, value, regex, masked, (max(runs, key=len),))


def _street_token(token: str) -> str:
    if token in ("st", "saint"):
        return r"(?:st\.?|saint)"
    pieces = [re.escape(p).replace("'", "['’]?") for p in token.split("-")]
    return r"(?:[\s\-_]|%20){0,3}".join(pieces)


# -- email ---------------------------------------------------------------------------------------


def _email_forms(value: str, profile: Profile) -> list[Form]:
    local = value.partition("@")[0].lower()
    public = {u.lower() for u in profile.public.usernames}
    public |= {e.partition("@")[0].lower() for e in profile.public.emails}
    runs = list(dict.fromkeys(re.findall(r"[a-z0-9]+", local)))
    if len(local) < 4 or local in public or not runs:
        return []
    rest = "".join(_LOCAL_DOT if c in "._-+" else re.escape(c) for c in local)
    if local.startswith(runs[0]):
        rest = rest[len(re.escape(runs[0])) :]
        # Short: only as a whole word; long: anywhere ("xellie.whitcombe77" still shows it).
        pattern = _led(runs[0], rest, _ALNUM if len(local) < 8 else None)
    else:
        pattern = rest
    if len(local) < 8:
        pattern += _NO_ALNUM_AFTER
    needles = (max(runs, key=len),)
    cat = Category.EMAIL
    forms = [Form(cat, value, re.compile(pattern), _const(local[0] + MASK), needles)]
    # A distinctive run of it alone ("whitcombe77" of "ellie.whitcombe77"), as a snippet may
    # cut the rest off; never a word of the subject's name.
    names = public_words(profile)
    for run in runs:
        distinctive = len(run) >= 6 or (len(run) >= 4 and any(c.isdigit() for c in run))
        if distinctive and run != local and run not in names and run not in public:
            regex = re.compile(re.escape(run))
            forms.append(Form(cat, value, regex, _const(run[0] + MASK), (run,)))
    return forms


# -- date of birth ---------------------------------------------------------------------------------


def _date_forms(dob: dt.date) -> list[Form]:
    d, m, y, yy = dob.day, dob.month, dob.year, f"{dob.year % 100:02d}"
    day = rf"(?<!\d)0?{d}" if d < 10 else rf"(?<!\d){d}"
    mon_num = f"0?{m}" if m < 10 else str(m)
    mon = _month(MONTHS[m - 1])
    month_word = MONTHS[m - 1][-1]  # the shortest spelling is in all of them
    gap = r"\s{0,3}[./\-\s]\s{0,3}"
    compact = (f"{d:02d}{m:02d}{y}", f"{y}{m:02d}{d:02d}")
    head = _common_prefix(MONTHS[m - 1])
    led_mon = _led(head, mon[len(head) :], r"\w")  # "sep(?<!\wsep)...": not inside a word
    patterns = [
        (rf"(?:{'|'.join(compact)})(?<!\d.{{8}})(?!\d)", compact),
        (rf"{day}{gap}{mon_num}{gap}(?:{y}|{yy})(?!\d)", (yy,)),
        (rf"{day}{_ORD}(?:\s{{1,3}}of)?[\s\-]{{1,3}}{mon}{_NO_LETTER_AFTER}", (month_word,)),
        (rf"{led_mon}[\s\-]{{1,3}}{day}{_ORD}(?!\d)", (month_word,)),
        (rf"{led_mon}[\s\-,]{{0,3}}['’]?{yy}(?!\d)", (month_word,)),
        (rf"(?<!\d)0?{m}\s{{0,3}}[./\-]\s{{0,3}}{y}(?!\d)", (str(y),)),  # "09/1977", anywhere
        # Date fields as CSV rows and JSON values lines write them: "3,9,1977", "9, 1977",
        # "1977, 9, 3".
        (rf"(?<![\d.])(?:{day},\s{{0,3}})?0?{m},\s{{0,3}}{y}(?![\d.])", (str(y),)),
        (rf"(?<![\d.]){y},\s{{0,3}}0?{m}(?:,\s{{0,3}}0?{d})?(?![\d.])", (str(y),)),
    ]
    for welsh in WELSH_MONTHS[m - 1]:  # each spelling literal-led: mutations share no prefix
        patterns += [
            (rf"{day}{_ORD}(?:\s{{1,3}}o)?[\s\-]{{1,3}}{welsh}{_NO_LETTER_AFTER}", (welsh,)),
            (_led(welsh, rf"\.?[\s\-]{{1,3}}{day}{_ORD}(?!\d)", r"\w"), (welsh,)),
            (_led(welsh, rf"\.?[\s\-,]{{0,3}}['’]?{yy}(?!\d)", r"\w"), (welsh,)),
        ]
    value, cat = dob.isoformat(), Category.DATE_OF_BIRTH
    forms = [Form(cat, value, re.compile(p), mask_date_of_birth, n) for p, n in patterns]
    # One of these is in every label.
    labels = ("birth", "born", "dob", *_LABELS_DOTTED, "geni", "ganwyd", "ganed", "blwydd")
    forms.append(Form(cat, value, _LABELLED_RE, mask_date_of_birth, labels, group="date"))
    return forms


# -- family ----------------------------------------------------------------------------------------


def _family_forms(value: str, public: frozenset[str]) -> list[Form]:
    forms: list[Form] = []
    cat = Category.FAMILY
    public = public | {fold(w) for w in public}
    given, surname = split_name(value)
    for spelling in dict.fromkeys((value, fold(value))):
        tokens = [t.lower() for t in name_words(spelling.split())]
        if not tokens:
            continue
        if len(tokens) > 1:
            rest = "".join(_NAME_JOIN + re.escape(t) for t in tokens[1:]) + _NO_LETTER_AFTER
            regex = re.compile(_led(tokens[0], rest, _LETTER))
            forms.append(Form(cat, value, regex, mask_name, (tokens[0],)))
        words = name_words(given) if surname else tokens
        for word in dict.fromkeys(w.lower() for w in words):
            if spelling != value:
                word = fold(word)
            if len(word) >= 2 and word not in public:
                regex = re.compile(_led(word, _NO_LETTER_AFTER, _LETTER))
                forms.append(Form(cat, value, regex, mask_name, (word,)))
    return forms


# -- home coordinates ------------------------------------------------------------------------------


def _coordinate_form(lat: float, lon: float) -> Form:
    """Decimals within 0.1 degrees of the home latitude or longitude (whole degrees as needles:
    '51.' and '2.' for 51.6001, -2.3987)."""
    near = (abs(lat), abs(lon))
    wholes = sorted({str(math.floor(t + d)) for t in near for d in (-0.1, 0.1) if t + d >= 0})
    regex = re.compile(rf"(?<![\d.])-?(?:{'|'.join(wholes)})\.\d{{2,}}")
    needles = tuple(f"{w}." for w in wholes)
    return Form(Category.GEOLOCATION, f"{lat}, {lon}", regex, mask_coordinates, needles, near=near)


# -- snippet edges -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fragments:
    """What a snippet cut mid-word may still show of a detail at its start or end: letters of
    a sensitive word ('spur' of 'larkspur') or phrase ('l y coed' of 'heol y coed'), or digits
    of a number ('9004' of the phone)."""

    words: tuple[str, ...]  # lower case
    numbers: tuple[tuple[str, int], ...]  # (digits, fewest digits that count)
    # The date of birth cut mid-month: (at the start, at the end) - see date_edges.
    dates: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def fragments(profile: Profile) -> Fragments:
    private = profile.private
    public = public_words(profile)
    words: list[str] = []
    for value in private.home_addresses:
        addr = parse_uk_address(value)
        if addr is None:
            continue
        if distinctive_street(addr):
            words += [t for t in _words(addr.street_name or "") if t not in _STOP_WORDS]
            if type_first(addr.street_type or ""):  # "l y Coed": the cut is in the type
                words.append(street_text(addr))
        words += _words(addr.house_name or "") + _words(addr.townland or "")
        if addr.house_name:  # "ŷ Gwyn": the cut is in a word before the distinctive one
            words += [addr.house_name, fold(addr.house_name)]
        words += addr.postcode.lower().split() if addr.postcode else []
    words += [e.partition("@")[0] for e in private_emails(profile)]
    for name in private.family:
        given, surname = split_name(name)
        tokens = name_words(given) if surname else _words(name)
        words += tokens + [fold(t) for t in tokens]
        words += [name, fold(name)]  # "iôn O’Brien": cut in the given name, surname whole
    numbers: list[tuple[str, int]] = []
    for cc, nsn, trunk in private_phones(profile):
        numbers += [(nsn, 3), (trunk + nsn, 3), (cc + nsn, 3), ("00" + cc + nsn, 3)]
    dob = private.date_of_birth
    if dob is not None:
        numbers += [(f"{dob.day:02d}{dob.month:02d}{dob.year}", 5), (f"{dob:%Y%m%d}", 5)]
    kept = (w.lower() for w in words if len(w) >= 2 and w.lower() not in public)
    dates = date_edges(dob) if dob is not None else None
    return Fragments(tuple(dict.fromkeys(kept)), tuple(dict.fromkeys(numbers)), dates)


def date_edges(dob: dt.date) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The date of birth cut mid-month at a snippet's edge, English or Welsh: at the start,
    the end of its month then its year ("tember 1977", "di '77"); at the end, its day then
    the start of its month ("3rd Se", "3ydd o Fed", "3 S"), or its day as an ordinal ("3rd",
    "3ydd o"). Only the birthday's own month: "3rd Ma" is not the 3rd of September. Matched in
    the lower-cased text."""
    spellings = [*MONTHS[dob.month - 1], *WELSH_MONTHS[dob.month - 1]]
    ends = _alternatives(w[i:] for w in spellings for i in range(1, len(w) - 1))
    starts = _alternatives(w[:i] for w in spellings for i in range(1, len(w) + 1))
    yy = f"{dob.year % 100:02d}"
    head = rf"\A\s*(?:{ends})\.?[\s\-,]{{1,3}}['’]?(?:{dob.year}|{yy})(?!\d)"
    ordinal, month = _ORD.removesuffix("?"), rf"[\s\-]{{1,3}}(?:{starts})\.?"
    tail = (
        rf"(?<!\d)0?{dob.day}(?:{ordinal}(?:\s{{1,3}}(?:of|o))?(?:{month})?|{month})\s*\Z"
    )
    return re.compile(head), re.compile(tail)


def _alternatives(words: Iterable[str]) -> str:
    """Literal alternatives, longest first (so the longest cut is masked)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
