"""HTML tables as records: each row keyed by its column headers, or a two-column table as one.

Rules:
- a row of two or more header cells (all <th>) sets the column headers for the rows below it
  (until the next such row); each row below with a data cell (<td>) is a record, its cells
  named by the header above them ("Name", "Date of birth", "Postcode");
- in a table without column headers, rows that start with a header cell followed by data
  cells ("<th>Date of birth</th><td>March 1982</td>") together make one record for the table,
  each row a field;
- other tables (no header cells, layout grids) give no records: their text is still searched;
- a nested table is its own table: a row belongs to its nearest <table>.

One pass over the page's rows (lexbor's selector walk, in C); cells are read only for tables
with header cells, and the shared RecordSink bounds the work on a page of huge tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from footprint.extract.records import RecordSink

_SECTIONS = frozenset(("tbody", "thead", "tfoot"))


@dataclass
class _Table:
    number: int
    headers: list[str] | None = None
    rows: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)


def table_records(tree: LexborHTMLParser, sink: RecordSink) -> None:
    """Records of every table with header cells (rules in the module doc), into `sink`."""
    tables: dict[int, _Table] = {}
    for row in tree.css("tr"):
        if sink.full:
            break
        owner = row.parent
        if owner is not None and owner.tag in _SECTIONS:
            owner = owner.parent
        if owner is None or owner.tag != "table":
            continue
        table = tables.get(owner.mem_id)
        if table is None:
            table = tables[owner.mem_id] = _Table(len(tables) + 1)
        cells = [c for c in row.iter() if c.tag in ("th", "td")]
        if not cells:
            continue
        heads = [c.tag == "th" for c in cells]
        if all(heads):
            if len(cells) >= 2:
                table.headers = [_text(c) for c in cells]
            continue
        table.rows += 1
        if table.headers is not None:
            names = table.headers
            fields = (
                (names[i] if i < len(names) and names[i] else f"column {i + 1}", _text(c))
                for i, c in enumerate(cells)
            )
            sink.add(fields, f"table {table.number}, row {table.rows}")
        elif heads[0] and len(cells) >= 2:
            value = " ".join(t for t in map(_text, cells[1:]) if t)
            table.pairs.append((_text(cells[0]), value))
    for table in tables.values():
        if table.pairs:
            sink.add(table.pairs, f"table {table.number}")


def _text(cell: LexborNode) -> str:
    return " ".join(cell.text(deep=True, separator=" ").split())
