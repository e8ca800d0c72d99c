"""Spreadsheet rows as text the matcher can use: every cell next to its column's header.

Rules, shared by the .xlsx and .ods readers:
- Each sheet starts with a "Sheet: NAME" line. Its header row is its first non-empty row
  (while that row has a single cell, a title, the next row with more cells replaces it); the
  header row is written as is, "Name; Mobile; Email".
- Every later row is one line, "Name: Ellie Whitcombe; Mobile: 07700900461; DOB: 1977-09-03":
  each cell after its column's header (cut to HEADER_CHARS), a cell with no header alone. One
  line per row keeps a record's address parts together and puts "Mobile" right before the
  number; line breaks inside a cell become ", ".
- Numbers are written in plain decimal ("7700900461", never "7.700900461E9").
- Phone numbers stored as numbers have lost their trunk 0 (07700 900461 is kept as
  7700900461), and the matcher needs a prefix before the national number. So a whole number
  of 10 digits is written with its 0 restored ("07700900461") when it starts with 7 (a UK
  mobile's shape) in any column, since a cell holding exactly a private mobile's digits is
  that number whatever the column is called; and when it starts with 1 or 2 (a landline's
  shape) in a column whose header looks like a phone (phone, tel, mobile, mob, cell,
  contact, WhatsApp, number). Other numbers are left alone; a 12-digit 447700900461 already
  carries its country code.
- Dates stored as serial numbers (Excel's day count) become ISO dates ("1977-09-03", with
  " HH:MM" when the serial has a time part): in cells formatted as dates, and in numeric
  cells of a column whose header looks like a date (date, DOB, born, birth, birthday) when
  the number is a serial of the years 1900-2099. Excel's 1900 system (with its fictitious
  29 February 1900) and 1904 system are both handled.
- One spreadsheet's text is capped at MAX_TEXT_CHARS: a shared string repeated in every cell
  could otherwise blow a small file up into gigabytes of text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from footprint.extract.errors import ExtractError

MAX_TEXT_CHARS = 64 * 1024 * 1024
HEADER_CHARS = 40

_PHONE_HEADER = re.compile(
    r"phone|\btel|mobile|\bmob\b|\bcell|contact|whats\s*app|\bnumber\b", re.IGNORECASE
)
_DATE_HEADER = re.compile(r"date|\bdob\b|d\.o\.b|born|birth|\bbday\b", re.IGNORECASE)
_LAST_SERIAL = 2_958_465  # 9999-12-31
_SERIAL_2100 = 73_051
_EXCEL_1900 = dt.date(1899, 12, 30)  # day 0 once the fictitious 1900-02-29 (day 60) is past
_EXCEL_1904 = dt.date(1904, 1, 1)


def cell_line(text: str) -> str:
    """A cell's text on one line: line breaks become ", ", other whitespace runs a space."""
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())
    lines = (" ".join(part.split()) for part in text.splitlines())
    return ", ".join(line for line in lines if line)


def whole_number(text: str, default: int = -1) -> int:
    """A small non-negative integer attribute (an index, a repeat count); `default` if it is
    not one (Python refuses to parse integers of thousands of digits)."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 9 else default


@functools.lru_cache(maxsize=4096)
def _header_kind(header: str) -> tuple[bool, bool]:
    """(looks like a phone column, looks like a date column); a sheet has few headers."""
    return bool(_PHONE_HEADER.search(header)), bool(_DATE_HEADER.search(header))


def number_text(
    raw: str, header: str = "", *, date_format: bool = False, date1904: bool = False
) -> str:
    """A numeric cell's text under the module's rules; `raw` is the stored value."""
    phone_column, date_column = _header_kind(header)
    if raw.isdigit() and len(raw) < 16 and not (date_format or date_column):
        text = str(int(raw))  # the common case, without Decimal
    else:
        value = _decimal(raw)
        if value is None:
            return raw.strip()
        if date_format or (date_column and 1 <= value < _SERIAL_2100):
            iso = serial_date(value, date1904=date1904)
            if iso:
                return iso
        text = _plain(value)
    national = len(text) == 10 and text.isdigit()
    if national and (text[0] == "7" or (text[0] in "12" and phone_column)):
        return "0" + text
    return text


def serial_date(value: Decimal, *, date1904: bool = False) -> str | None:
    """ISO date (and time) of a spreadsheet serial day number, or None if it is not one."""
    if not 0 <= value <= _LAST_SERIAL:
        return None
    days = int(value)
    if date1904:
        day = _EXCEL_1904 + dt.timedelta(days=days)
    elif days in (0, 60):
        return None  # 1900-01-00, and 1900-02-29 (Lotus's bug, kept by Excel): no real date
    elif days < 60:
        day = _EXCEL_1900 + dt.timedelta(days=days + 1)
    else:
        day = _EXCEL_1900 + dt.timedelta(days=days)
    seconds = round((value - days) * 86400)
    if 0 < seconds < 86400:
        return f"{day.isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}"
    return day.isoformat()


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, ValueError):
        return None
    # A huge exponent would print as millions of digits.
    if not value.is_finite() or abs(value.adjusted()) > 30:
        return None
    return value


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


class SheetText:
    """The lines of one spreadsheet, sheet by sheet, under MAX_TEXT_CHARS."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.lines: list[str] = []
        self._size = 0
        self._header: dict[int, str] | None = None

    def sheet(self, name: str) -> None:
        self._header = None
        self.add(f"Sheet: {name}" if name else "Sheet")

    def header_of(self, column: int) -> str:
        return (self._header or {}).get(column, "")

    def row(self, cells: list[tuple[int, str]]) -> None:
        """One row's (column index, text) cells; empty cells are dropped."""
        cells = [(column, text) for column, text in cells if text]
        if not cells:
            return
        header = self._header
        if header is None or (len(header) == 1 and len(cells) > 1):
            self._header = {column: text[:HEADER_CHARS] for column, text in cells}
            self.add("; ".join(text for _, text in cells))
            return
        parts = [f"{header[col]}: {text}" if header.get(col) else text for col, text in cells]
        self.add("; ".join(parts))

    def add(self, line: str) -> None:
        self._size += len(line) + 1
        if self._size > MAX_TEXT_CHARS:
            raise ExtractError(
                f"{self.label} holds more text than footprint reads safely "
                f"({MAX_TEXT_CHARS // (1024 * 1024)} MB)"
            )
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines)
