"""CSV and TSV files: the text as it is, plus each row as a record keyed by the header row.

Rules:
- the delimiter is the commonest of comma, tab, semicolon and bar in the first line (tab for
  a .tsv whose first line has one); quoting is the csv module's (RFC 4180);
- the first non-blank row is a header if it has two or more cells, at least one with a
  letter, and none that is only a number; otherwise the file gives no records (rows without
  names say nothing a text search would not);
- each later row is a record ("row N", counting data rows from 1), its cells named by the
  header above them, extra cells "column N"; blank cells are left out;
- a malformed file (a field past the csv module's size limit) keeps the records read so far.

Reading stops once the RecordSink is full (footprint.extract.records), so a file of a million
rows costs no more than the limits allow; its text is still searched whole.
"""

from __future__ import annotations

import csv
import io

from footprint.extract.charset import decode
from footprint.extract.records import MAX_NAME, RecordSink, clip, with_lines
from footprint.model import Extracted, Record

_DELIMITERS = (",", "\t", ";", "|")
_SNIFF = 65536


def csv_document(content: bytes, charset: str | None) -> Extracted:
    text = decode(content, charset)
    records = csv_records(text)
    return Extracted(with_lines(text, records), records=records)


def csv_records(text: str) -> tuple[Record, ...]:
    """Records of CSV text (rules in the module doc)."""
    first = text[:_SNIFF].lstrip("\ufeff\r\n").partition("\n")[0]
    delimiter = max(_DELIMITERS, key=first.count)
    if not first.count(delimiter):
        return ()
    sink = RecordSink()
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    number = 0
    try:
        for row in rows:
            if sink.full:
                break
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if header is None:
                if not _is_header(cells):
                    return ()
                header = [clip(c.lstrip("\ufeff"), MAX_NAME) for c in cells]
                continue
            number += 1
            fields = (
                (header[i] if i < len(header) and header[i] else f"column {i + 1}", value)
                for i, value in enumerate(cells)
            )
            sink.add(fields, f"row {number}")
    except csv.Error:
        pass  # malformed from here on: keep what was read
    return sink.records()


def _is_header(cells: list[str]) -> bool:
    named = [c for c in cells if c]
    return (
        len(named) >= 2
        and any(any(ch.isalpha() for ch in c) for c in named)
        and not any(_is_number(c) for c in named)
    )


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
