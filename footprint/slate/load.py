"""Reading a slate: a CSV file (one row per candidate) or a folder of TOML profiles.

Every candidate becomes the same `Profile` a single scan uses, validated by the same code
(`footprint.profile.parse_profile`), so a slate accepts exactly what `footprint scan` accepts.

Rules:
- The CSV header names are the profile's own: `name`, `aliases`, `area`, the private fields
  (`home_address`, `phones`, `emails`, `date_of_birth` as YYYY-MM-DD, `family`,
  `home_coordinates` as `lat;lon`) and the public ones (`public_emails`, `public_phones`,
  `usernames`, `domains`, `urls`), plus an optional `id`. Names are matched ignoring case and
  surrounding spaces. Several values in one cell are separated by `;`.
- A problem with the whole file (not UTF-8, too big, broken quoting, an unknown, repeated or
  missing column, no candidates) is a `SlateError`: nothing runs. A problem with one row or one
  profile file is kept on that candidate (`Candidate.error`): the others still run.
- A byte-order mark is fine; blank rows (also rows of empty cells, as spreadsheets save them)
  are skipped; a row whose first cell starts with `#` is a comment (the template's notes).
- Bounded: the file, the number of candidates, a cell's length and its number of values.
- A candidate's id (file names, and later the store) is the `id` column when given (letters,
  digits, `.`, `_`, `-`), else a stable one from the name and the row: `ellie-whitcombe-r2`.
  For a folder it is the file name without `.toml`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footprint.profile import Profile, ProfileError, load_profile, parse_profile

MAX_SLATE_BYTES = 16 * 1024 * 1024
MAX_CANDIDATES = 5000  # a national slate is about 4,500
MAX_CELL_CHARS = 4000
MAX_CELL_VALUES = 50
MAX_ID_CHARS = 64

# CSV column -> where it goes in the profile's TOML shape, and whether it holds a list.
COLUMNS: dict[str, tuple[str, str, bool]] = {
    "id": ("", "id", False),
    "name": ("", "name", False),
    "aliases": ("", "aliases", True),
    "area": ("", "area", False),
    "home_address": ("private", "home_address", True),
    "phones": ("private", "phones", True),
    "emails": ("private", "emails", True),
    "date_of_birth": ("private", "date_of_birth", False),
    "family": ("private", "family", True),
    "home_coordinates": ("private", "home_coordinates", False),
    "public_emails": ("public", "emails", True),
    "public_phones": ("public", "phones", True),
    "usernames": ("public", "usernames", True),
    "domains": ("public", "domains", True),
    "urls": ("public", "urls", True),
}
# The profile key a validation message names -> the CSV column it came from.
_COLUMN_OF = {
    (f"{table}.{key}" if table else key): column
    for column, (table, key, _) in COLUMNS.items()
    if column != "id"
}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # a file name: never "..", never hidden
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SlateError(ValueError):
    """The slate as a whole cannot be used; str() is the one-line message the CLI prints."""


@dataclass(frozen=True)
class Candidate:
    """One row or profile file. Exactly one of `profile` and `error` is set."""

    id: str
    where: str  # "slate.csv: row 3" or the profile file's path
    name: str  # as written (for the overview), "" if it had none
    profile: Profile | None = None
    error: ProfileError | None = None

    @property
    def problem(self) -> str:
        """What was wrong, without the value (which may be a private detail)."""
        if self.error is None:
            return ""
        field = self.error.key
        return f"{field}: {self.error.problem}" if field else self.error.problem


def load_slate(path: Path) -> list[Candidate]:
    """The candidates of a CSV slate or a folder of profiles; SlateError if none can run."""
    path = Path(path)
    candidates = _load_folder(path) if path.is_dir() else _load_csv(path)
    if not candidates:
        raise SlateError(f"{path}: no candidates in it")
    return candidates


def _load_folder(folder: Path) -> list[Candidate]:
    files = sorted(
        p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")
    )
    if len(files) > MAX_CANDIDATES:
        raise SlateError(f"{folder}: {len(files)} profiles; at most {MAX_CANDIDATES} in one slate")
    candidates: list[Candidate] = []
    used: set[str] = set()
    for file in files:
        cid = _unique(_slug(file.stem) or "candidate", used)
        try:
            profile = load_profile(file)
        except ProfileError as exc:
            candidates.append(Candidate(cid, str(file), "", error=exc))
            continue
        candidates.append(Candidate(cid, str(file), profile.name, profile=profile))
    return candidates


def _read_text(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SLATE_BYTES + 1)
    except FileNotFoundError:
        raise SlateError(f"{path}: no such file or folder") from None
    except OSError as exc:
        raise SlateError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_SLATE_BYTES:
        raise SlateError(f"{path}: larger than {MAX_SLATE_BYTES // (1024 * 1024)} MB")
    try:
        return raw.decode("utf-8-sig")  # a BOM, as spreadsheets write, is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SlateError(
            f"{path}: line {line}: is not UTF-8 text (save the sheet as 'CSV UTF-8')"
        ) from None


def _load_csv(path: Path) -> list[Candidate]:
    return parse_slate_csv(_read_text(path), str(path))


def parse_slate_csv(text: str, path: str = "<slate>") -> list[Candidate]:
    """The candidates of a CSV slate's text; `path` names it in messages."""
    nul = text.find("\x00")
    if nul >= 0:  # a binary file, or a sheet saved as UTF-16
        line = text.count("\n", 0, nul) + 1
        raise SlateError(f"{path}: line {line}: not valid CSV: a NUL character (not a text file?)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    candidates: list[Candidate] = []
    used: set[str] = set()
    line = 0  # the line the next row starts on (the sheet's row number)
    try:
        for cells in reader:
            row, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = _header(path, row, cells)
                continue
            if len(candidates) >= MAX_CANDIDATES:
                raise SlateError(f"{path}: more than {MAX_CANDIDATES} candidates in one slate")
            candidates.append(_candidate(path, row, header, cells, used))
    except csv.Error as exc:
        raise SlateError(f"{path}: row {line + 1}: not valid CSV: {exc}") from None
    if header is None:
        raise SlateError(f"{path}: no header row (run footprint slate --template)")
    return candidates


def _header(path: str, row: int, cells: list[str]) -> list[str]:
    names = [c.strip().lower() for c in cells]
    unknown = [c.strip() for c, n in zip(cells, names, strict=True) if n and n not in COLUMNS]
    if len(cells) == 1 and any(sep in cells[0] for sep in (";", "\t")):
        sep = "tabs" if "\t" in cells[0] else "';'"
        raise SlateError(
            f"{path}: row {row}: the header is one column, separated by {sep}: save the sheet "
            "as CSV with commas (CSV UTF-8)"
        )
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        known = ", ".join(COLUMNS)
        raise SlateError(
            f"{path}: row {row}: unknown column{'s' if len(unknown) > 1 else ''} {listed}"
            f" (expected some of: {known})"
        )
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise SlateError(f"{path}: row {row}: column {name!r} appears twice")
        seen.add(name)
    if "name" not in seen:
        raise SlateError(f"{path}: row {row}: no 'name' column (the header must have one)")
    return names


def _candidate(
    path: str, row: int, header: list[str], cells: list[str], used: set[str]
) -> Candidate:
    where = f"{path}: row {row}"
    named = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
    name = named.get("name", "")
    given_id = named.get("id", "")
    safe = bool(_ID.fullmatch(given_id)) and len(given_id) <= MAX_ID_CHARS
    taken = safe and given_id.casefold() in used
    # A bad id still names its row in the overview: by a safe one, never as written.
    cid = _unique(given_id if safe else f"{_slug(name) or 'candidate'}-r{row}", used)
    try:
        if len(cells) > len(header):
            extra = next((c for c in cells[len(header) :] if c.strip()), "")
            if extra:
                raise ProfileError(where, "", None, "more cells than the header has columns")
        for h, c in zip(header, cells, strict=False):
            if not h and c.strip():
                raise ProfileError(where, "", None, "a value in a column with no name")
        if given_id and not safe:
            raise ProfileError(
                where,
                "id",
                given_id,
                f"letters, digits, '.', '_' and '-' only, at most {MAX_ID_CHARS}",
            )
        if taken:
            raise ProfileError(where, "id", given_id, "already used by an earlier row")
        profile = _profile(where, named)
    except ProfileError as exc:
        return Candidate(cid, where, name, error=exc)
    return Candidate(cid, where, profile.name, profile=profile)


def _profile(where: str, named: dict[str, str]) -> Profile:
    data: dict[str, Any] = {}
    for column, cell in named.items():
        if column == "id" or not cell:
            continue
        if len(cell) > MAX_CELL_CHARS:
            raise ProfileError(
                where, column, cell[:40] + "...", f"longer than {MAX_CELL_CHARS} characters"
            )
        table, key, listed = COLUMNS[column]
        value: Any = cell
        if listed:
            value = [v.strip() for v in cell.split(";") if v.strip()]
            if len(value) > MAX_CELL_VALUES:
                raise ProfileError(
                    where, column, cell[:40] + "...", f"more than {MAX_CELL_VALUES} values"
                )
        elif column == "date_of_birth":
            value = _date(where, cell)
        elif column == "home_coordinates":
            value = _coordinates(where, cell)
        (data.setdefault(table, {}) if table else data)[key] = value
    try:
        return parse_profile(data, where)
    except ProfileError as exc:
        # Name the CSV column, not the TOML key: `private.phones[1]` is the `phones` cell.
        key = re.sub(r"\[\d+\]$", "", exc.key)
        column = _COLUMN_OF.get(key, key)
        raise ProfileError(where, column, exc.value, exc.problem) from None


def _date(where: str, cell: str) -> dt.date:
    try:
        if _DATE.fullmatch(cell):
            return dt.date.fromisoformat(cell)
    except ValueError:
        pass
    raise ProfileError(where, "date_of_birth", cell, "must be a date like 1977-09-03 (YYYY-MM-DD)")


def _coordinates(where: str, cell: str) -> list[float]:
    parts = [p.strip() for p in cell.split(";")]
    try:
        if len(parts) == 2:
            return [float(parts[0]), float(parts[1])]
    except ValueError:
        pass
    raise ProfileError(
        where, "home_coordinates", cell, "must be latitude;longitude, e.g. 51.5;-2.4"
    )


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))[:40].strip("-")


def _unique(cid: str, used: set[str]) -> str:
    """`cid`, or `cid-2`, `cid-3`... if taken (ignoring case: "A1" and "a1" would be one file
    on some disks); recorded as used."""
    n, chosen = 1, cid
    while chosen.casefold() in used:
        n += 1
        chosen = f"{cid}-{n}"
    used.add(chosen.casefold())
    return chosen
