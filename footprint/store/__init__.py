"""Scan history in a SQLite file: scans, source outcomes, findings with stable identities.

See footprint.store.store for the API and docs/schema.md for the tables.
"""

from footprint.store.db import StoreError, default_db_path
from footprint.store.identity import finding_id, subject_id
from footprint.store.sink import StoreObserver
from footprint.store.store import Store, StoreResume, final_state

__all__ = [
    "Store",
    "StoreError",
    "StoreObserver",
    "StoreResume",
    "default_db_path",
    "final_state",
    "finding_id",
    "subject_id",
]
