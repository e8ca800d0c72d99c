"""Registers the built-in scanners through the same hook third-party plugins use.

Imports happen inside the hook so that loading the plugin has no side effects.
"""

from __future__ import annotations

import typer

from footprint.hookspecs import hookimpl
from footprint.scanner import Scanner


@hookimpl
def register_scanners() -> list[type[Scanner]]:
    from scanners.accounts import Accounts
    from scanners.breaches import Breaches
    from scanners.companies_house import CompaniesHouse
    from scanners.gravatar import Gravatar
    from scanners.local_files import LocalFiles
    from scanners.pages import Pages
    from scanners.people_search import PeopleSearch
    from scanners.rdap import Rdap
    from scanners.search import Search
    from scanners.wayback import Wayback
    from scanners.website import Website

    return [
        LocalFiles,
        Accounts,
        Website,
        Pages,
        Breaches,
        Gravatar,
        Search,
        Rdap,
        Wayback,
        CompaniesHouse,
        PeopleSearch,
    ]


@hookimpl
def register_commands(cli: typer.Typer) -> None:
    from scanners.accounts.commands import sites_app

    cli.add_typer(sites_app, name="sites")
