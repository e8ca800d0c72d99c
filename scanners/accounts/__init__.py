"""The accounts scanner and the WhatsMyName-format site lists it checks: the list code, its
data and its `footprint sites` commands live here with the scanner, not in the core."""

from scanners.accounts.scanner import Accounts, check_site, linked_usernames, site_list

__all__ = ["Accounts", "check_site", "linked_usernames", "site_list"]
