"""JSON output: a stable, machine-readable shape for campaign staff tooling."""

from __future__ import annotations

import json
from typing import Any

from reports.builder import Report
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
                "value": f.value,
                "partial": f.partial,
                "note": f.note,
                "advice": list(f.advice_ids),
                "provenance": list(f.provenance),
            }
            for f in view.findings
        ],
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
