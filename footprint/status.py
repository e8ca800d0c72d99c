"""A source's final state, from what it really checked (never a false all-clear).

Rules, applied once when a scan ends:
- skipped (offline, missing key) and not-run (nothing to do) sources keep their state;
- a source that was never started (nothing of the kinds it consumes was found) is not run;
- a source that declared units of work (`Work`) is ok only when every unit was checked and
  nothing was skipped; partial when some were; failed when none were;
- a source that declared none counts the documents it handed over against what it skipped;
  one that ran but reported nothing it checked is not run ("found nothing to check");
- an error or interruption makes an otherwise ok source partial (failed if nothing was checked);
- the scanner's notes (good outcomes, how it checked) follow the reasons above; they never
  change the state.
"""

from __future__ import annotations

from collections.abc import Sequence

from footprint.model import SourceState, SourceStatus


def plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def coverage(status: SourceStatus) -> tuple[int, int]:
    """(checked, out of) in the source's own units."""
    if status.total:
        return status.checked, status.total
    done = status.checked + status.documents
    return done, done + len(status.skipped_items)


def describe(status: SourceStatus) -> str:
    """'52 of 57 sites checked, 3 documents read'."""
    done, out_of = coverage(status)
    parts = [f"{done} of {plural(out_of, status.unit)} checked"]
    if status.total and status.documents:
        parts.append(f"{plural(status.documents, 'document')} read")
    return ", ".join(parts)


def settle(
    status: SourceStatus, *, ran: bool, errors: Sequence[str], consumes: Sequence[str]
) -> None:
    """Set `status.state` and `status.reason` from its counts (see the module's rules)."""
    if status.state in (SourceState.SKIPPED, SourceState.NOT_RUN):
        return
    if not ran:
        wanted = " or ".join(consumes) or "input"
        status.state = SourceState.NOT_RUN
        status.reason = f"nothing to search by (no {wanted} in the profile or found)"
        return
    done, out_of = coverage(status)
    notes = list(errors)
    missed = out_of - done
    if status.total and missed:
        notes.append(f"{plural(missed, status.unit)} not checked")
    # Skipped units are already counted above; the rest are extra items (a page, a file).
    extra = len(status.skipped_items) - (missed if status.total else 0)
    if extra > 0:
        others = "other " if status.total and missed else ""
        notes.append(f"{plural(extra, others + 'item')} could not be read")
    if status.withheld:
        notes.append(
            f"{plural(status.withheld, 'discovered identifier')} withheld: "
            f"{'it holds' if status.withheld == 1 else 'they hold'} private details"
        )
    if status.undeclared:
        notes.append(
            f"{plural(status.undeclared, 'discovered identifier')} of a kind the scanner "
            "does not declare refused"
        )
    if status.refused:
        notes.append(
            f"{plural(status.refused, 'request')} refused: "
            f"{'it carried' if status.refused == 1 else 'they carried'} a private detail"
        )
    notes.extend(status.notes)  # facts about how it checked: shown, never a gap
    incomplete = bool(errors) or done < out_of or bool(status.skipped_items)
    if done == 0 and out_of == 0 and not errors:
        # Ran but reported nothing it checked: unclear coverage is never an all-clear.
        status.state = SourceState.NOT_RUN
        notes.insert(0, "found nothing to check")
    elif done == 0:
        status.state = SourceState.FAILED
    elif incomplete:
        status.state = SourceState.PARTIAL
    else:
        status.state = SourceState.OK
    status.reason = "; ".join(notes)


def ran_anything(statuses: Sequence[SourceStatus]) -> bool:
    """Whether any source checked at least one item."""
    return any(coverage(s)[0] > 0 for s in statuses)


def gaps(statuses: Sequence[SourceStatus], notes: Sequence[str] = ()) -> list[str]:
    """Why a scan's "nothing found" would overstate what was checked; [] when it would not.

    Scan-level `notes` (interrupted, network down) always count, and so does a scan that
    checked nothing at all. A source that failed counts; a partly checked source counts when
    less than half of it was checked. Sources the user's own choices left out (--offline, no
    key, nothing to do) are listed in the report as not checked but do not count.
    """
    found = list(notes)
    if not ran_anything(statuses):
        found.append("nothing could be checked")
    for s in statuses:
        done, out_of = coverage(s)
        if s.state is SourceState.FAILED:
            found.append(f"{s.name} failed")
        elif s.state is SourceState.PARTIAL and out_of and done * 2 < out_of:
            found.append(f"{s.name} checked only {done} of {out_of}")
    return found
