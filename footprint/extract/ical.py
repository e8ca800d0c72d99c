"""iCalendar (.ics): one "Label: value" line per property of every event, to-do and note.

Read: SUMMARY, DESCRIPTION, LOCATION, COMMENT, CONTACT, CATEGORIES, RESOURCES, URL, GEO and
any other text property; ATTENDEE and ORGANIZER as "Daniel Whitcombe <daniel@example.net>";
the address and title that Apple's structured locations carry as parameters; DTSTART, DTEND,
DUE and RECURRENCE-ID as ISO dates (a yearly "birthday" event shows a date of birth).
Skipped: time-zone definitions, housekeeping (UID, DTSTAMP, SEQUENCE, PRODID, VERSION,
CALSCALE, METHOD, TRANSP, STATUS, CREATED, LAST-MODIFIED, RRULE, alarm triggers) and binary
attachments. Syntax (folding, escapes) is contentlines.py's.
"""

from __future__ import annotations

from footprint.extract.contentlines import content_lines, iso_date, unescape
from footprint.extract.errors import ExtractError

_LABELS = {
    "SUMMARY": "Summary", "DESCRIPTION": "Description", "LOCATION": "Location",
    "ATTENDEE": "Attendee", "ORGANIZER": "Organiser", "CONTACT": "Contact",
    "COMMENT": "Comment", "DTSTART": "Start", "DTEND": "End", "DUE": "Due",
    "RECURRENCE-ID": "Date", "X-WR-CALNAME": "Calendar", "X-ALT-DESC": "Description",
}  # fmt: skip
_SKIP = frozenset(
    {"BEGIN", "END", "UID", "DTSTAMP", "SEQUENCE", "PRODID", "VERSION", "CALSCALE", "METHOD",
     "TRANSP", "STATUS", "CREATED", "LAST-MODIFIED", "RRULE", "EXDATE", "RDATE", "ACTION",
     "TRIGGER", "PRIORITY", "CLASS", "X-WR-TIMEZONE", "TZID", "X-MICROSOFT-CDO-BUSYSTATUS"}
)  # fmt: skip
_DATES = frozenset({"DTSTART", "DTEND", "DUE", "RECURRENCE-ID"})
_PEOPLE = frozenset({"ATTENDEE", "ORGANIZER"})
_TEXT_PARAMS = ("X-TITLE", "X-ADDRESS", "LABEL")


def ical_text(content: bytes, charset: str | None = None) -> str:
    lines: list[str] = []
    calendars = timezone = 0
    for line in content_lines(content, charset):
        kind = line.value.strip().upper()
        if line.name == "BEGIN":
            calendars += kind == "VCALENDAR"
            timezone += kind == "VTIMEZONE"
        elif line.name == "END" and kind == "VTIMEZONE":
            timezone = max(0, timezone - 1)
        if timezone or line.binary or line.name in _SKIP:
            continue
        label = _LABELS.get(line.name, line.name)
        extras = [line.params[p] for p in _TEXT_PARAMS if line.params.get(p)]
        value = _value(line.name, line.params, line.value)
        for text in (*extras, value):
            if text:
                lines.append(f"{label}: {text}")
    if not calendars:
        raise ExtractError("not an iCalendar file (no BEGIN:VCALENDAR)")
    return "\n".join(lines)


def _value(name: str, params: dict[str, str], raw: str) -> str:
    text = ", ".join(" ".join(p.split()) for p in unescape(raw).splitlines() if p.strip())
    if name in _DATES:
        return iso_date(text)
    if name in _PEOPLE:
        address = text.partition(":")[2] if text[:7].lower() == "mailto:" else text
        person = params.get("CN", "")
        return f"{person} <{address}>" if person and address else person or address
    return text
