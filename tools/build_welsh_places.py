"""Rebuild footprint/data/welsh-places.csv and uk-towns.csv from two Debian packages
(see footprint/data/places.SOURCE.md).

Run on a Debian machine with the packages installed (or unpacked, see --locale and --lib):
    apt-get install iso-codes libgeonames-common libgeonames0
    python tools/build_welsh_places.py footprint/data

- principal areas: ISO 3166-2:GB subdivision names, "Swansea [Abertawe GB-ATA]", from
  iso-codes' iso_3166-2.json (the English name, then the Welsh one in brackets);
- towns: GeoNames' Welsh (cy) alternate names of UK places, from libgeonames-common's
  geonames.mo catalogues (keyed by GeoNames id), with each id's English name and nation read
  from the city table libgeonames0 compiles in (a GResource, read through GLib's gio).
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import gettext
import json
import re
import sys
from pathlib import Path

_ISO = Path("/usr/share/iso-codes/json/iso_3166-2.json")
_LOCALE = Path("/usr/share/locale")
_LIB = "libgeonames.so.0"
_NATIONS = {"WLS": "Wales", "ENG": "England", "SCT": "Scotland", "NIR": "Northern Ireland"}


def principal_areas(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for sub in json.loads(path.read_text(encoding="utf-8"))["3166-2"]:
        if sub.get("parent") != "GB-WLS" and sub["code"] != "GB-WLS":
            continue
        m = re.fullmatch(r"(?P<en>[^\[]+?)(?: \[(?P<cy>[^\]]+?)(?: GB-[A-Z]{3})?\])?", sub["name"])
        if m is None:
            continue
        english = m.group("en")
        if english.endswith(", The"):  # "Vale of Glamorgan, The"
            english = english.removesuffix(", The")
        welsh = m.group("cy") or english
        kind = "country" if sub["code"] == "GB-WLS" else "principal area"
        rows.append((english, welsh, kind, f"ISO 3166-2 {sub['code']}"))
    return rows


def _city_table(lib: str) -> bytes:
    gio = ctypes.CDLL("libgio-2.0.so.0")
    geonames = ctypes.CDLL(lib)
    geonames.geonames_get_resource.restype = ctypes.c_void_p
    gio.g_resource_lookup_data.restype = ctypes.c_void_p
    gio.g_resource_lookup_data.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_void_p,
    ]
    gio.g_bytes_get_data.restype = ctypes.c_void_p
    gio.g_bytes_get_data.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
    data = gio.g_resource_lookup_data(
        geonames.geonames_get_resource(), b"/com/lomiri/geonames/cities.compiled", 0, None
    )
    size = ctypes.c_size_t()
    return ctypes.string_at(gio.g_bytes_get_data(data, ctypes.byref(size)), size.value)


def uk_towns(locale: Path, lib: str) -> list[tuple[str, str, str, str]]:
    """(English name, Welsh name or "", nation, GeoNames id) of every UK place in the table."""
    mo = (locale / "cy/LC_MESSAGES/geonames.mo").open("rb")
    catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    pattern = rb"\x00(\d+)\x00([^\x00]+)\x00([A-Z]{3})\x00[^\x00]*\x00GB\x00United Kingdom\x00"
    rows = []
    for gid, name, nation in re.findall(pattern, _city_table(lib)):
        english, welsh = name.decode(), catalog.get(gid.decode(), "")
        welsh = welsh if welsh != english else ""
        rows.append((english, welsh, _NATIONS[nation.decode()], gid.decode()))
    return sorted(rows)


def _write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path, help="folder for welsh-places.csv and uk-towns.csv")
    parser.add_argument("--iso", type=Path, default=_ISO)
    parser.add_argument("--locale", type=Path, default=_LOCALE)
    parser.add_argument("--lib", default=_LIB)
    args = parser.parse_args()
    towns = uk_towns(args.locale, args.lib)
    pairs = principal_areas(args.iso) + [
        (en, cy, f"town ({nation})", f"GeoNames {gid}") for en, cy, nation, gid in towns if cy
    ]
    _write(args.out / "welsh-places.csv", ("english", "welsh", "kind", "source"), pairs)
    _write(args.out / "uk-towns.csv", ("name", "welsh", "nation", "geonames_id"), towns)
    print(f"{len(pairs)} Welsh/English pairs, {len(towns)} UK towns", file=sys.stderr)


if __name__ == "__main__":
    main()
