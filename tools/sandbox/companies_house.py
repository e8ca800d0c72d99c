"""The companies_house scanner's part of the demo's sandbox web: the officer search for the
candidate's name (two officers named Eleanor Whitcombe) and each one's appointments. The
candidate is a director of a fictional parish trading company whose appointment shows her
home address as the correspondence address; the namesake, born 1962 and living elsewhere,
must produce no finding. The alias's search finds nobody. Shaped like the recorded samples in
tests/fixtures/companies_house/ (fictional names, IDs and company)."""

from __future__ import annotations

import json

import httpx

from footprint.net import RecordedWeb
from scanners.companies_house import (
    APPOINTMENT_PARAMS,
    CompaniesHouse,
    appointments_url,
    search_params,
    search_url,
)

SUBJECT = "zzWhitcombeEleanorJane00001"
NAMESAKE = "zzFictionalOfficerId0000962"
HOME = {"premises": "14", "address_line_1": "Larkspur Close", "locality": "Wickwar",
        "region": "Gloucestershire", "postal_code": "GL12 8QX"}  # fmt: skip
ELSEWHERE = {"premises": "3", "address_line_1": "Mill Lane", "locality": "Chipping Sodbury",
             "postal_code": "BS37 6AA"}  # fmt: skip
OFFICERS = {
    SUBJECT: ({"month": 9, "year": 1977}, HOME, "WICKWAR COMMUNITY SHOP LIMITED", "12345678"),
    NAMESAKE: ({"month": 4, "year": 1962}, ELSEWHERE, "SODBURY LETTINGS LTD", "07654321"),
}


def _search_item(officer_id: str) -> dict[str, object]:
    dob, address, _, _ = OFFICERS[officer_id]
    return {
        "kind": "searchresults#officer",
        "title": "Eleanor WHITCOMBE",
        "date_of_birth": dob,
        "address": address,
        "appointment_count": 1,
        "description": "Total number of appointments 1",
        "description_identifiers": ["appointment-count"],
        "links": {"self": f"/officers/{officer_id}/appointments"},
        "matches": {"snippet": []},
        "snippet": "",
    }


def _appointments(officer_id: str) -> dict[str, object]:
    dob, address, company, number = OFFICERS[officer_id]
    return {
        "kind": "personal-appointment",
        "name": "Eleanor WHITCOMBE",
        "date_of_birth": dob,
        "is_corporate_officer": False,
        "items": [
            {
                "address": address,
                "appointed_on": "2019-06-01",
                "appointed_to": {
                    "company_name": company,
                    "company_number": number,
                    "company_status": "active",
                },
                "name": "Eleanor WHITCOMBE",
                "links": {"company": f"/company/{number}"},
                "nationality": "British",
                "officer_role": "director",
            }
        ],
        "items_per_page": 50,
        "start_index": 0,
        "total_results": 1,
        "active_count": 1,
        "inactive_count": 0,
        "resigned_count": 0,
        "links": {"self": f"/officers/{officer_id}/appointments"},
    }


def _search(items: list[dict[str, object]]) -> dict[str, object]:
    return {"kind": "search#officers", "items": items, "items_per_page": 50, "page_number": 1,
            "start_index": 0, "total_results": len(items)}  # fmt: skip


def build(web: RecordedWeb) -> None:
    headers = {"content-type": "application/json"}
    base = CompaniesHouse.endpoint
    for name, items in (
        ("Eleanor Whitcombe", [_search_item(SUBJECT), _search_item(NAMESAKE)]),
        ("Ellie Whitcombe", []),
    ):
        url = str(httpx.URL(search_url(base), params=search_params(name, 0)))
        web.add("GET", url, 200, headers, json.dumps(_search(items)))
    for officer_id in OFFICERS:
        url = str(httpx.URL(appointments_url(base, officer_id), params=APPOINTMENT_PARAMS))
        web.add("GET", url, 200, headers, json.dumps(_appointments(officer_id)))
