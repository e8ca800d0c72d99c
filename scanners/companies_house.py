"""Companies House public data API: officer records under the candidate's name and aliases.

What the API does (tests/fixtures/companies_house/SOURCES.md):
- HTTP Basic with the key as user name and an empty password; 401 means the key was
  refused: the whole source fails, since every request would too;
- 600 requests per 5 minutes per application (declared as `endpoint_rate`); over it, 429
  for the rest of the window, with `X-Ratelimit-Remain` and `X-Ratelimit-Reset` (epoch s);
- GET /search/officers?q=NAME&items_per_page=N&start_index=K: items with `title`,
  `date_of_birth` {month, year}, `address` and `links.self` = /officers/{id}/appointments;
- GET /officers/{id}/appointments: the officer's `name` and `date_of_birth` at the top and
  one item per appointment (`appointed_to`, `officer_role`, `appointed_on`, `address`).

Many officers share a name, so this scanner judges nothing: it hands every search page and,
for each appointment, one record of that officer's name and date of birth with the
appointment (company, role, dates, correspondence address) to the matcher, which reads
them as data. Only a private detail that matches (month and year of birth, the home
address) makes a finding; a namesake with neither makes none. Each document is located at
the page of the public register that shows it (find-and-update.company-information...), and
its capture keeps the API's answer it was taken from, as sent, for the evidence record.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx

from footprint.capture import captured
from footprint.kinds import Kind
from footprint.model import Capture, Document, Identifier
from footprint.scanner import (
    Checked,
    Event,
    ScanContext,
    Scanner,
    ScanOptions,
    Send,
    Skipped,
    SourceFailed,
    Work,
)

KEY = "COMPANIES_HOUSE_API_KEY"
REGISTER = "https://find-and-update.company-information.service.gov.uk"
PER_PAGE = 50  # search results and appointments per request
MAX_PAGES = 2  # search pages per name
MAX_OFFICERS = 20  # officers per name whose appointments are read
MAX_APPOINTMENTS = 50  # appointments read per officer (one page)
_OFFICER_RE = re.compile(r"/officers/([A-Za-z0-9_-]{1,64})/appointments")
# What one appointment record keeps of an appointment item: who, where, as what, when.
_APPOINTMENT_KEYS = (
    "appointed_to",
    "officer_role",
    "appointed_on",
    "appointed_before",
    "resigned_on",
    "address",
)


def search_url(endpoint: str) -> str:
    return f"{endpoint.rstrip('/')}/search/officers"


def search_params(name: str, page: int) -> dict[str, str]:
    return {"q": name, "items_per_page": str(PER_PAGE), "start_index": str(page * PER_PAGE)}


def appointments_url(endpoint: str, officer_id: str) -> str:
    return f"{endpoint.rstrip('/')}/officers/{officer_id}/appointments"


APPOINTMENT_PARAMS = {"items_per_page": str(MAX_APPOINTMENTS)}


def register_search_page(name: str) -> str:
    """The register's own page of the same search (where a reader sees it)."""
    return f"{REGISTER}/search/officers?q={quote(name)}"


def officer_ids(search: dict[str, Any]) -> list[str]:
    """The officer IDs of a search page's items, in order, from `links.self`."""
    found = []
    for item in search.get("items") or ():
        officer = _officer_id(item)
        if officer and officer not in found:
            found.append(officer)
    return found


def _officer_id(item: object) -> str | None:
    links = item.get("links") if isinstance(item, dict) else None
    link = links.get("self") if isinstance(links, dict) else None
    match = _OFFICER_RE.fullmatch(link) if isinstance(link, str) else None
    return match.group(1) if match else None


def appointment_records(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per appointment: the officer's name and date of birth, then the
    appointment's company, role, dates and address, as the API wrote them."""
    records = []
    for item in data.get("items") or ():
        if isinstance(item, dict):
            # The company and role beside the date of birth and before the address, so that
            # the evidence around either detail names them.
            record = {k: item[k] for k in ("appointed_to", "officer_role") if k in item}
            if "date_of_birth" in data:
                record["date_of_birth"] = data["date_of_birth"]
            record.update({k: item[k] for k in _APPOINTMENT_KEYS if k in item})
            if "name" in data:
                record["name"] = data["name"]
            if "address" in item:
                record["address"] = record.pop("address")
            records.append(record)
    return records


def _company_page(record: dict[str, Any], officer_id: str) -> str:
    company = record.get("appointed_to")
    number = company.get("company_number") if isinstance(company, dict) else None
    if isinstance(number, str) and re.fullmatch(r"[A-Za-z0-9]{1,10}", number):
        return f"{REGISTER}/company/{number}/officers"
    return f"{REGISTER}/officers/{officer_id}/appointments"


def _json(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("items", []), list) else None


class CompaniesHouse(Scanner):
    name = "companies_house"
    description = "Companies House: officer records under your name showing your details"
    consumes = frozenset({Kind.NAME})
    sends = (Send(Kind.NAME, "api.company-information.service.gov.uk"),)
    needs = (KEY,)
    unit = "request"
    endpoint = "https://api.company-information.service.gov.uk"
    endpoint_rate = (2.0, 20)  # 600 requests per 5 minutes per application

    def planned(self, identifier: Identifier | None, options: ScanOptions) -> list[tuple[str, str]]:
        """The name (or alias), to the endpoint's host."""
        if identifier is None or identifier.kind is not Kind.NAME:
            return []
        return [(identifier.value, self.endpoint_host(options.env))]

    async def scan(self, ctx: ScanContext, identifier: Identifier | None) -> AsyncIterator[Event]:
        if identifier is None or identifier.kind is not Kind.NAME:
            return
        name = " ".join(identifier.value.split())
        auth = (ctx.secrets[KEY], "")
        ids: list[str] = []
        # At most MAX_PAGES pages, handed on at the end, each with the answer it came from.
        searches: list[tuple[dict[str, Any], Capture]] = []
        read: set[str] = set()  # officers whose appointments were read
        page, total = 0, 0
        yield Work(1, self.unit)
        while True:
            where = f"{register_search_page(name)} (page {page + 1})"
            data = None
            async for event in self._get(
                ctx, search_url(ctx.endpoint), search_params(name, page), auth, where
            ):
                if isinstance(event, tuple):
                    data, capture = event
                else:
                    yield event
            if data is None:
                break
            searches.append((data, capture))
            yield Checked(where)
            ids += [i for i in officer_ids(data) if i not in ids]
            total = data.get("total_results") if isinstance(data.get("total_results"), int) else 0
            page += 1
            if page * PER_PAGE >= total or not data.get("items"):
                break
            if page >= MAX_PAGES:
                yield Skipped(
                    f"{register_search_page(name)} (results after the first {page * PER_PAGE})",
                    f"{total - page * PER_PAGE} more officers named like this not read: "
                    f"at most {MAX_PAGES} pages of {PER_PAGE}",
                )
                break
            yield Work(1, self.unit)
        if len(ids) > MAX_OFFICERS:
            yield Skipped(
                f"{register_search_page(name)} (officers after the first {MAX_OFFICERS})",
                f"{len(ids) - MAX_OFFICERS} more officers' appointments not read: "
                f"at most {MAX_OFFICERS} per name",
            )
        ids = ids[:MAX_OFFICERS]
        if ids:
            yield Work(len(ids), self.unit)
        for officer_id in ids:
            page_url = f"{REGISTER}/officers/{officer_id}/appointments"
            data = None
            async for event in self._get(
                ctx, appointments_url(ctx.endpoint, officer_id), APPOINTMENT_PARAMS, auth, page_url
            ):
                if isinstance(event, tuple):
                    data, capture = event
                else:
                    yield event
            if data is None:
                continue
            records = appointment_records(data)
            if records:
                read.add(officer_id)
            for record in records:
                yield Document(
                    _company_page(record, officer_id),
                    json.dumps(record).encode(),
                    "application/json",
                    parent=identifier,
                    capture=capture,  # the evidence is the whole answer, as sent
                )
            yield Checked(page_url)
            listed = data.get("total_results")
            if isinstance(listed, int) and listed > len(data.get("items") or ()):
                yield Skipped(
                    f"{page_url} (appointments after the first {len(data.get('items') or ())})",
                    f"{listed - len(data.get('items') or ())} more appointments not read: "
                    f"at most {MAX_APPOINTMENTS} per officer",
                )
        # An officer whose appointments were read is shown there, with the company: the same
        # details on the search page would be the same exposure twice. The search page is
        # judged only for the officers not read (over the limit, or their request failed).
        for data, capture in searches:
            rest = [item for item in data.get("items") or () if _officer_id(item) not in read]
            if rest:
                yield Document(
                    register_search_page(name),
                    json.dumps({**data, "items": rest}).encode(),
                    "application/json",
                    parent=identifier,
                    capture=capture,
                )

    async def _get(
        self,
        ctx: ScanContext,
        url: str,
        params: dict[str, str],
        auth: tuple[str, str],
        where: str,
    ) -> AsyncIterator[Any]:
        """The JSON object answered with its capture, or a Skipped saying why there is none."""
        try:
            response = await ctx.client.get(
                url, params=params, auth=auth, headers={"Accept": "application/json"}
            )
        except httpx.HTTPError as exc:
            yield Skipped(where, f"Companies House could not be asked: {_describe(exc)}")
            return
        status = response.status_code
        if status == 401:
            raise SourceFailed(f"{KEY} was refused (401)")
        if status == 429:
            yield Skipped(where, _rate_limited(response))
            return
        if status != 200:
            yield Skipped(where, f"Companies House answered HTTP {status}")
            return
        data = _json(response.content)
        if data is None:
            yield Skipped(where, "Companies House's answer was not the documented JSON")
            return
        yield data, captured(response, body_type="application/json")


def _rate_limited(response: httpx.Response) -> str:
    reason = "Companies House's rate limit (600 requests per 5 minutes) was reached (429)"
    remain = response.headers.get("x-ratelimit-remain", "").strip()
    reset = response.headers.get("x-ratelimit-reset", "").strip()
    if remain.isdigit():
        reason += f"; {int(remain)} requests remain"
    if reset.isdigit():
        reason += f"; the window resets at {int(reset)} (Unix time): try again after it"
    else:
        reason += "; try again in 5 minutes"
    return reason


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
