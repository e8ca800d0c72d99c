"""The curated site list obeys the WhatsMyName JSON Schema (tests/fixtures/whatsmyname).

`jsonschema` is not a dependency, so a small validator below interprets the draft-07 keywords
that schema uses. It is checked against the real WMN list (must pass) and broken copies (must
fail), so a validator that accepts everything cannot slip through.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from scanners.accounts import Accounts
from scanners.accounts.sites import bundled_sites, load_sites

FIXTURES = Path(__file__).parent / "fixtures" / "whatsmyname"
CURATED = Path(__file__).parents[1] / "scanners" / "accounts" / "data" / "sites.json"
TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}


def errors(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Draft-07 subset: type, const, enum, required, properties, additionalProperties,
    minProperties, items, minItems, uniqueItems, minLength, pattern, minimum, maximum,
    allOf, if/then/else. ("format" is an annotation in draft-07 and is not asserted.)"""
    found: list[str] = []
    kind = schema.get("type")
    if kind is not None:
        ok = isinstance(value, TYPES[kind]) and not (kind == "integer" and isinstance(value, bool))
        if not ok:
            return [f"{path}: expected {kind}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: must equal the schema's constant")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in enum")
    if isinstance(value, dict):
        found += _object(value, schema, path)
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{path}: fewer than {schema['minItems']} items")
        if schema.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            found.append(f"{path}: items not unique")
        for i, item in enumerate(value):
            found += errors(item, schema.get("items", {}), f"{path}[{i}]")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: shorter than {schema['minLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
    number = isinstance(value, int) and not isinstance(value, bool)
    if number and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        found.append(f"{path}: {value} out of range")
    for sub in schema.get("allOf", []):
        found += errors(value, sub, path)
    if "if" in schema:
        branch = "then" if not errors(value, schema["if"], path) else "else"
        found += errors(value, schema.get(branch, {}), path)
    return found


def _object(value: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    found = [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
    if len(value) < schema.get("minProperties", 0):
        found.append(f"{path}: fewer than {schema['minProperties']} properties")
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            found += errors(item, props[key], f"{path}.{key}")
        elif extra is False:
            found.append(f"{path}: unexpected property {key!r}")
        elif isinstance(extra, dict):
            found += errors(item, extra, f"{path}.{key}")
    return found


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads((FIXTURES / "wmn-data-schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def own_licence_schema(schema: dict[str, Any]) -> dict[str, Any]:
    # The WMN schema pins "license" to WMN's own copyright text; the curated list is ours and
    # carries the footprint licence instead, so only that constant is relaxed.
    relaxed = copy.deepcopy(schema)
    relaxed["properties"]["license"] = {"type": "array", "minItems": 1, "items": {"type": "string"}}
    return relaxed


def real_list() -> dict[str, Any]:
    return json.loads((FIXTURES / "wmn-data.json").read_text(encoding="utf-8"))


def test_validator_accepts_the_real_whatsmyname_list(schema: dict[str, Any]) -> None:
    assert errors(real_list(), schema) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda s: s.pop("known"), "missing known"),
        (lambda s: s.update(e_code="200"), "expected integer"),
        (lambda s: s.update(e_code=True), "expected integer"),
        (lambda s: s.update(m_code=99), "out of range"),
        (lambda s: s.update(cat="politics"), "not in enum"),
        (lambda s: s.update(uri_check="ftp://example.com/{account}"), "does not match"),
        (lambda s: s.update(uri_check="https://example.com/user"), "does not match"),
        (lambda s: s.update(valid=True), "constant"),
        (lambda s: s.update(extra="x"), "unexpected property"),
        (lambda s: s.update(post_body="name=x", headers={"A": "b"}), "does not match"),
        (lambda s: s.update(post_body="name={account}"), "missing headers"),
        (lambda s: s.update(known=["a", "a"]), "not unique"),
    ],
)
def test_validator_rejects_broken_entries(
    schema: dict[str, Any], mutate: Any, expected: str
) -> None:
    data = real_list()
    site = next(s for s in data["sites"] if s["name"] == "GitLab")
    mutate(site)
    problems = errors(data, schema)
    assert any(expected in p for p in problems), problems


def test_curated_list_matches_the_schema(own_licence_schema: dict[str, Any]) -> None:
    data = json.loads(CURATED.read_text(encoding="utf-8"))
    assert errors(data, own_licence_schema) == []


def test_curated_list_is_ours_not_a_copy() -> None:
    data = json.loads(CURATED.read_text(encoding="utf-8"))
    assert not any("Micah Hoffman" in line for line in data["license"])
    assert "footprint" in " ".join(data["license"])
    assert sorted({s["cat"] for s in data["sites"]}) == sorted(data["categories"])


def test_curated_list_loads_and_every_site_has_a_known_account() -> None:
    curated = load_sites(CURATED)
    assert 30 <= len(curated.sites) <= 60
    assert all(site.known and site.valid for site in curated.sites)
    assert bundled_sites().sites == curated.sites


def test_curated_list_covers_the_kinds_of_site_candidates_use() -> None:
    names = {site.name for site in bundled_sites().sites}
    for wanted in ("Strava", "Linktree", "Tripadvisor", "YouTube", "GitHub", "Facebook"):
        assert wanted in names
    cats = {site.cat for site in bundled_sites().sites}
    assert {"social", "video", "blog", "health", "shopping", "finance", "political"} <= cats


def test_declared_send_names_the_bundled_site_count() -> None:
    (send,) = Accounts.sends
    count = int(re.search(r"\((\d+) sites", send.host).group(1))  # type: ignore[union-attr]
    assert count == len(bundled_sites().valid_sites())
