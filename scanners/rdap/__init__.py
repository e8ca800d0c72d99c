"""The `rdap` scanner: who each public domain is registered to, and what that record shows."""

from scanners.rdap.scanner import Rdap

__all__ = ["Rdap"]
