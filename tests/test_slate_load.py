"""Reading a slate: CSV rows and TOML folders become the same Profiles a scan uses; bad rows
are kept with their row, field and reason; whole-file problems stop before any work."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footprint.cli import app
from footprint.profile import parse_profile
from footprint.slate import load
from footprint.slate.command import template_text
from footprint.slate.load import COLUMNS, SlateError, load_slate

HEADER = "name,aliases,area,home_address,phones,emails,date_of_birth,family,home_coordinates," + (
    "public_emails,public_phones,usernames,domains,urls"
)
ELLIE = (
    'Eleanor Whitcombe,Ellie Whitcombe,Wickwar,"14 Larkspur Close, Wickwar, GL12 8QX",'
    "07700 900461;07700 900462,ellie.whitcombe77@gmail.example,1977-09-03,"
    "Daniel Whitcombe; Rosie Whitcombe,51.5966;-2.3989,ellie@whitcombe4wickwar.example,"
    "0117 496 0123,ewhitcombe;@elliew,whitcombe4wickwar.example,https://whitcombe4wickwar.example/"
)


def write(tmp_path: Path, text: str, name: str = "slate.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def test_a_row_becomes_the_profile_its_toml_would() -> None:
    path_text = HEADER + "\n" + ELLIE + "\n"
    [candidate] = load.parse_slate_csv(path_text, "slate.csv")
    expected = parse_profile(
        {
            "name": "Eleanor Whitcombe",
            "aliases": ["Ellie Whitcombe"],
            "area": "Wickwar",
            "private": {
                "home_address": ["14 Larkspur Close, Wickwar, GL12 8QX"],
                "phones": ["07700 900461", "07700 900462"],
                "emails": ["ellie.whitcombe77@gmail.example"],
                "date_of_birth": dt.date(1977, 9, 3),
                "family": ["Daniel Whitcombe", "Rosie Whitcombe"],
                "home_coordinates": [51.5966, -2.3989],
            },
            "public": {
                "emails": ["ellie@whitcombe4wickwar.example"],
                "phones": ["0117 496 0123"],
                "usernames": ["ewhitcombe", "@elliew"],
                "domains": ["whitcombe4wickwar.example"],
                "urls": ["https://whitcombe4wickwar.example/"],
            },
        }
    )
    assert candidate.error is None
    assert candidate.profile == expected
    assert candidate.id == "eleanor-whitcombe-r2"  # from the name and the row: stable


def test_bom_blank_rows_empty_cells_rows_and_comments_are_skipped(tmp_path: Path) -> None:
    text = "# notes\r\n\r\n" + HEADER + "\r\n,,,,\r\n\r\n# a comment row\r\n" + ELLIE + "\r\n"
    path = write(tmp_path, "\ufeff" + text)
    [candidate] = load_slate(path)
    assert candidate.profile is not None and candidate.profile.name == "Eleanor Whitcombe"
    assert candidate.where == f"{path}: row 7"  # the sheet's row, counting the skipped ones


def test_header_names_ignore_case_and_spaces_and_id_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, " ID , Name ,PHONES\nc-01,Sam Jones,07700 900777\n")
    [candidate] = load_slate(path)
    assert candidate.id == "c-01"
    assert candidate.profile is not None and candidate.profile.private.phones == ("07700 900777",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name,phone,home\nSam,1,2\n",
            "row 1: unknown columns 'phone', 'home' (expected some of: id, name,",
        ),
        ("name,phones,Phones\nSam,,\n", "row 1: column 'phones' appears twice"),
        ("phones\n07700 900777\n", "row 1: no 'name' column"),
        ("# only a comment\n", "no header row (run footprint slate --template)"),
        (HEADER + "\n", "no candidates in it"),
        ('name\n"Sam\n', "not valid CSV"),
        ("name\nSam\x00\n", "not valid CSV"),
    ],
)
def test_whole_file_problems_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SlateError) as caught:
        load_slate(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "slate.csv"
    path.write_bytes(b"name\nS\xe9bastien\n")
    with pytest.raises(SlateError, match=r"line 2: is not UTF-8 text"):
        load_slate(path)


@pytest.mark.parametrize(
    ("cells", "field", "problem"),
    [
        ("Sam Jones,07700,,,", "phones", "not a possible phone number"),
        ("Sam Jones,,1980-02-30,,", "date_of_birth", "must be a date like 1977-09-03"),
        ("Sam Jones,,03/09/1977,,", "date_of_birth", "must be a date like 1977-09-03"),
        ("Sam Jones,,1850-01-01,,", "date_of_birth", "is not a plausible date of birth"),
        ("Sam Jones,,,51.5,", "home_coordinates", "must be latitude;longitude"),
        ("Sam Jones,,,91;0,", "home_coordinates", "latitude must be -90..90"),
        ("Sam Jones,,,nan;0,", "home_coordinates", "must be [latitude, longitude]"),
        ("Sam Jones,,,,no-at-sign", "emails", "not an email address"),
        (",07700 900777,,,", "name", "is required"),
    ],
)
def test_a_bad_row_keeps_its_row_field_and_reason_and_the_others_load(
    tmp_path: Path, cells: str, field: str, problem: str
) -> None:
    text = "name,phones,date_of_birth,home_coordinates,emails\n" + cells + "\nAl Good,,,,\n"
    path = write(tmp_path, text)
    bad, good = load_slate(path)
    assert bad.profile is None and bad.error is not None
    message = str(bad.error)
    assert message.startswith(f"{path}: row 2: {field} = ")
    assert problem in message
    assert bad.problem.startswith(f"{field}: ")  # without the value (it may be private)
    assert good.profile is not None and good.error is None


def test_bad_ids_and_duplicate_ids_are_row_errors(tmp_path: Path) -> None:
    text = "id,name\na1,Sam\na1,Al\n../x,Bo\n.hidden,Cy\nA1,Di\n"
    rows = load_slate(write(tmp_path, text))
    assert [r.error is None for r in rows] == [True, False, False, False, False]
    assert "already used by an earlier row" in str(rows[1].error)
    assert "letters, digits" in str(rows[2].error)
    assert "letters, digits" in str(rows[3].error)  # a file name must not start with a dot
    # A1 and a1 would be one file on a case-insensitive disk.
    assert "already used by an earlier row" in str(rows[4].error)
    assert len({r.id.casefold() for r in rows}) == len(rows)  # every row still has its own id
    assert [r.id for r in rows[2:4]] == ["bo-r4", "cy-r5"]  # never as written when unsafe


def test_default_ids_are_unique_and_safe(tmp_path: Path) -> None:
    text = "name\nSam Jones\nSam Jones\nÉlise Ó Dónaill\n???\n"
    ids = [c.id for c in load_slate(write(tmp_path, text))]
    assert ids == ["sam-jones-r2", "sam-jones-r3", "elise-o-donaill-r4", "candidate-r5"]


def test_more_cells_than_columns_and_values_in_unnamed_columns(tmp_path: Path) -> None:
    text = "name,,phones\nSam,,\nAl,x,\nBo,,,extra\nCy,,,,\n"
    rows = load_slate(write(tmp_path, text))
    assert [r.error is None for r in rows] == [True, False, False, True]
    assert "a value in a column with no name" in str(rows[1].error)
    assert "more cells than the header has columns" in str(rows[2].error)


def test_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_cell = "name,family\nSam," + "A" * (load.MAX_CELL_CHARS + 1) + "\n"
    [row] = load_slate(write(tmp_path, long_cell))
    assert f"longer than {load.MAX_CELL_CHARS} characters" in str(row.error)
    many = "name,family\nSam," + ";".join(f"Kid{i} Jones" for i in range(51)) + "\n"
    [row] = load_slate(write(tmp_path, many, "many.csv"))
    assert f"more than {load.MAX_CELL_VALUES} values" in str(row.error)
    monkeypatch.setattr(load, "MAX_CANDIDATES", 2)
    with pytest.raises(SlateError, match="more than 2 candidates"):
        load_slate(write(tmp_path, "name\nA\nB\nC\n", "three.csv"))
    monkeypatch.setattr(load, "MAX_SLATE_BYTES", 100)
    with pytest.raises(SlateError, match="larger than"):
        load_slate(write(tmp_path, "name\n" + "Sam\n" * 50, "big.csv"))


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(load.MAX_SLATE_BYTES + 10)  # sparse: costs no disk
    with pytest.raises(SlateError, match="larger than 16 MB"):
        load_slate(path)


def test_a_folder_of_profiles(tmp_path: Path) -> None:
    (tmp_path / "ellie.toml").write_text(
        'name = "Eleanor Whitcombe"\n[private]\nphones = ["07700 900461"]\n'
    )
    (tmp_path / "bad.toml").write_text('name = "Sam"\n[private]\nphone = "1"\n')
    (tmp_path / "notes.txt").write_text("not a profile")
    (tmp_path / ".hidden.toml").write_text("broken")
    bad, ellie = load_slate(tmp_path)
    assert (bad.id, ellie.id) == ("bad", "ellie")
    assert ellie.profile is not None and ellie.profile.private.phones == ("07700 900461",)
    assert bad.error is not None and "private.phone" in str(bad.error)
    assert bad.where == str(tmp_path / "bad.toml")


def test_the_template_header_is_every_column_and_loads_as_empty(tmp_path: Path) -> None:
    lines = [line for line in template_text().splitlines() if not line.startswith("#")]
    assert lines == [",".join(COLUMNS)]
    with pytest.raises(SlateError, match="no candidates in it"):
        load_slate(write(tmp_path, template_text()))
    filled = template_text() + "x1,Sam Jones,,,,07700 900777,,,,,,,,,\n"
    [row] = load_slate(write(tmp_path, filled, "filled.csv"))
    assert row.error is None and row.id == "x1"


def test_template_to_stdout_and_to_a_private_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["slate", "--template"])
    assert result.exit_code == 0 and result.stdout == template_text()
    target = tmp_path / "new.csv"
    result = runner.invoke(app, ["slate", "--template", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text() == template_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    again = runner.invoke(app, ["slate", "--template", str(target)])
    assert again.exit_code == 2 and "already exists (use --force to overwrite)" in again.output
    assert runner.invoke(app, ["slate", "--template", "--force", str(target)]).exit_code == 0


def test_cli_unknown_column_is_exit_2_before_any_work(tmp_path: Path) -> None:
    path = write(tmp_path, "name,phone_number\nSam,07700 900777\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["slate", str(path), "--offline", "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"footprint: error: {path}: row 1: unknown column 'phone_number' (expected some of: "
        + ", ".join(COLUMNS)
        + ")"
    ]
    assert not out.exists()


def test_cli_every_row_bad_is_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "name,phones\nSam,123\n")
    result = CliRunner().invoke(app, ["slate", str(path), "--offline", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "row 2: phones = '123'" in result.output
    assert "no candidate could be read" in result.output


def test_the_readme_example_slate_loads() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Slate audits", 1)[1].split("```csv\n", 1)[1].split("```", 1)[0]
    [row] = load.parse_slate_csv(example, "README")
    assert row.error is None and row.profile is not None
    assert row.profile.private.family == ("Daniel Whitcombe", "Isla Whitcombe")


def test_a_sheet_saved_with_semicolons_or_tabs_says_so(tmp_path: Path) -> None:
    for text, sep in [("name;phones\nSam;07700 900777\n", "';'"), ("name\tphones\n", "tabs")]:
        with pytest.raises(SlateError, match=f"separated by {sep}: save the sheet as CSV"):
            load_slate(write(tmp_path, text))


def test_a_cell_past_the_csv_field_limit_is_a_file_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'name,family\nSam,"' + "A" * 200_000 + '"\n')
    with pytest.raises(SlateError, match=r"row 2: not valid CSV: field larger than field limit"):
        load_slate(path)


def test_cli_missing_slate_and_no_slate(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "missing.csv"
    result = runner.invoke(app, ["slate", str(missing), "--offline"])
    assert result.exit_code == 2
    assert result.output.strip() == f"footprint: error: {missing}: no such file or folder"
    result = runner.invoke(app, ["slate"])
    assert result.exit_code == 2 and "give a slate CSV or a folder of profiles" in result.output
    result = runner.invoke(app, ["slate", str(missing), "--parallel", "0"])
    assert result.exit_code == 2 and "--parallel 0: must be 1 to 8" in result.output
