"""The rdap scanner's part of the demo's sandbox web: IANA's bootstrap file and the registry
answer for the campaign domain, registered with the candidate's personal mobile.

The bootstrap entries for .uk, .cymru, .wales, .org, .com and .net are IANA's (publication
2024-07-25, https://data.iana.org/rdap/dns.json); `.example` and its registry
rdap.example-registry.test are fictional, as is everything in the domain answer, which has
the shape of the RFC 9083 domain example (§5.3). All people and numbers are invented.
"""

from __future__ import annotations

import json

from footprint.net import RecordedWeb

BOOTSTRAP_URL = "https://data.iana.org/rdap/dns.json"
REGISTRY = "https://rdap.example-registry.test/"
DOMAIN = "whitcombeforwickwar.example"
RDAP_JSON = {"content-type": "application/rdap+json"}

BOOTSTRAP = {
    "description": "RDAP bootstrap file for Domain Name System registrations",
    "publication": "2024-07-25T00:00:01Z",
    "services": [
        [["cymru"], ["https://rdap.nominet.uk/cymru/"]],
        [["uk"], ["https://rdap.nominet.uk/uk/"]],
        [["wales"], ["https://rdap.nominet.uk/wales/"]],
        [
            ["charity", "foundation", "gives", "giving", "ngo", "ong", "org"],
            ["https://rdap.publicinterestregistry.org/rdap/"],
        ],
        [["com"], ["https://rdap.verisign.com/com/v1/"]],
        [["net"], ["https://rdap.verisign.com/net/v1/"]],
        [["example"], [REGISTRY]],  # fictional
    ],
    "version": "1.0",
}


def _card(*props: list[object]) -> list[object]:
    return ["vcard", [["version", {}, "text", "4.0"], *props]]


# Registered in a hurry in 2023 with her own mobile; the campaign's public email and a PO box.
DOMAIN_ANSWER = {
    "rdapConformance": ["rdap_level_0"],
    "objectClassName": "domain",
    "handle": "D1177-EXAMPLE",
    "ldhName": DOMAIN,
    "status": ["active", "client transfer prohibited"],
    "links": [
        {
            "value": f"{REGISTRY}domain/{DOMAIN}",
            "rel": "self",
            "href": f"{REGISTRY}domain/{DOMAIN}",
            "type": "application/rdap+json",
        }
    ],
    "events": [
        {"eventAction": "registration", "eventDate": "2023-02-11T18:04:22Z"},
        {"eventAction": "expiration", "eventDate": "2027-02-11T18:04:22Z"},
    ],
    "entities": [
        {
            "objectClassName": "entity",
            "handle": "C5512-EXAMPLE",
            "roles": ["registrant", "administrative"],
            "vcardArray": _card(
                ["fn", {}, "text", "Eleanor Whitcombe"],
                ["kind", {}, "text", "individual"],
                [
                    "adr",
                    {"cc": "GB"},
                    "text",
                    ["PO Box 4471", "", "", "Bristol", "", "BS1 9XX", ""],
                ],
                ["tel", {"type": "voice"}, "uri", "tel:+44.7700900461"],
                ["email", {}, "text", "eleanor@whitcombeforwickwar.example"],
            ),
        },
        {
            "objectClassName": "entity",
            "handle": "C5513-EXAMPLE",
            "roles": ["technical"],
            "vcardArray": _card(
                ["fn", {}, "text", "Hostmaster"],
                ["org", {}, "text", "Severn Vale Hosting Ltd"],
                ["tel", {"type": "voice"}, "uri", "tel:+44.1174960999"],
                ["email", {}, "text", "hostmaster@severnvale-hosting.example"],
            ),
        },
        {
            "objectClassName": "entity",
            "handle": "R42",
            "roles": ["registrar"],
            "vcardArray": _card(["fn", {}, "text", "Example Names Ltd"]),
            "entities": [
                {
                    "objectClassName": "entity",
                    "roles": ["abuse"],
                    "vcardArray": _card(["email", {}, "text", "abuse@examplenames.example"]),
                }
            ],
        },
    ],
}


def build(web: RecordedWeb) -> None:
    web.add("GET", BOOTSTRAP_URL, 200, {"content-type": "application/json"}, json.dumps(BOOTSTRAP))
    web.add("GET", f"{REGISTRY}domain/{DOMAIN}", 200, RDAP_JSON, json.dumps(DOMAIN_ANSWER))
