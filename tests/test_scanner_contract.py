"""Every registered scanner (built-in or plugin) obeys the metadata rules."""

from __future__ import annotations

import inspect
import re

import pytest

from footprint import plugins
from footprint.kinds import Kind
from footprint.scanner import Scanner, Send

SCANNERS = plugins.scanner_classes()


def test_builtins_are_registered_through_the_entry_point() -> None:
    assert {"local_files", "accounts"} <= set(SCANNERS)


@pytest.mark.parametrize("cls", SCANNERS.values(), ids=list(SCANNERS))
def test_metadata(cls: type[Scanner]) -> None:
    assert issubclass(cls, Scanner)
    assert re.fullmatch(r"[a-z][a-z0-9_]*", cls.name)
    assert isinstance(cls.description, str) and cls.description.strip()
    for kinds in (cls.consumes, cls.produces):
        assert isinstance(kinds, frozenset)
        assert all(isinstance(k, Kind) for k in kinds)
    assert all(isinstance(s, Send) for s in cls.sends)
    # A scanner can only send identifiers it consumes, and only network scanners send.
    assert {s.kind for s in cls.sends} <= cls.consumes
    assert cls.network or not cls.sends
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", var) for var in cls.needs)
    assert inspect.isasyncgenfunction(cls.scan), "scan must be an async generator"


@pytest.mark.parametrize("cls", SCANNERS.values(), ids=list(SCANNERS))
def test_sends_name_a_host(cls: type[Scanner]) -> None:
    # `footprint plan` shows these hosts to the user; an empty one would hide where data goes.
    for send in cls.sends:
        assert send.host.strip()


def test_scanner_instantiation_has_no_side_effects() -> None:
    for cls in SCANNERS.values():
        cls()  # no network, no files: constructors take no arguments
