"""JSON output: a stable, machine-readable shape for campaign staff tooling.

Fields are only ever added. `findings[].matched` stays the profile item's path (a machine
identifier, e.g. "private.phones[0]"); `detail` is the same in plain words. `plan` is the
removal plan: one entry per place, in the order to work through them.
"""

from __future__ import annotations

import json
from typing import Any

from reports.builder import Report
from reports.plan_view import ActionView
from reports.requests import RequestView
from reports.view import build_view


def render_json(report: Report, reveal: bool = False) -> str:
    view = build_view(report, reveal)
    data: dict[str, Any] = {
        "subject": view.subject,
        "generated_at": view.generated_at,
        "verdict": view.verdict,
        "complete": not view.gaps and view.verdict_level != "unchecked",
        "gaps": list(view.gaps),
        "findings": [
            {
                "category": f.category,
                "severity": f.severity,
                "source": f.source,
                "location": f.exact_location,
                "display_location": f.location,
                "location_note": f.location_note,
                "field": f.field,
                "evidence": f.evidence,
                "matched": f.matched,
                "detail": f.detail,
                "value": f.value,
                "partial": f.partial,
                "note": f.note,
                "advice": list(f.advice_ids),
                "provenance": list(f.provenance),
            }
            for f in view.findings
        ],
        "plan": [_action(a) for a in view.actions],
        "sources": [
            {
                "name": s.name,
                "state": s.state,
                "reason": s.reason,
                "coverage": s.coverage,
                "checked": s.checked,
                "total": s.total,
                "unit": s.unit,
                "requests": s.requests,
                "documents": s.documents,
                "duration_s": s.duration_s,
                # Not a finding's identity: shown redacted, like every other string.
                "skipped": [{"location": loc, "reason": why} for loc, why in s.skipped],
            }
            for s in view.sources
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _action(a: ActionView) -> dict[str, Any]:
    return {
        "number": a.number,
        "location": a.exact_location,
        "display_location": a.location,
        "kind": a.kind,
        "severity": a.severity,
        "action": a.headline,
        "shows": a.shows,
        "route": a.route.id if a.route else None,
        "effort": a.effort_key,
        "advice": list(a.advice_ids),
        "safety": a.safety,
        "details": [
            {
                "category": d.category,
                "detail": d.label,
                "severity": d.severity,
                "evidence": d.evidence,
                "hit": d.hit,
                "field": d.field,
                "partial": d.partial,
            }
            for d in a.details
        ],
        "request": _request(a.request) if a.request else None,
    }


def _request(q: RequestView) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "title": q.title,
        "to": q.to,
        "link": q.link,
        "subject": q.subject,
        "body": q.body,
        "note": q.note,
        "file_name": q.file_name,
    }
