"""The review report as JSON: every edit with its decision, the spin score and versions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from reader.engine.model import Correction
from reader.exporters.decisions import decision_label, resolved
from reader.review import Decision, Status, cleaned_text, counts

REPORT_VERSION = 1


def report_dict(
    correction: Correction,
    decisions: Mapping[int, Decision] | None = None,
    *,
    title: str = "",
    source_path=None,
    spam_removed: int = 0,
) -> dict[str, Any]:
    decisions = decisions or {}
    values = resolved(correction.edits, decisions)
    edits = []
    for i, e in enumerate(correction.edits):
        d = decisions.get(i)
        item = {"index": i, **e.to_dict()}
        item["decision"] = {
            "status": (d.status if d else Status.PENDING).value,
            "value": d.value if d else None,
            "label": decision_label(e, d),
        }
        item["effective_value"] = values[i]
        edits.append(item)
    return {
        "report": "unspin-review",
        "report_version": REPORT_VERSION,
        "title": title,
        "source_path": str(source_path) if source_path is not None else None,
        "spin_score": round(correction.spin_score, 4),
        "engine_version": correction.engine_version,
        "lexicon_version": correction.lexicon_version,
        "min_confidence": correction.min_confidence,
        "decision_counts": counts(correction, decisions),
        "spam_removed": spam_removed,  # injected spam passages left out of cleaned_text (reject one to keep it)
        "edits": edits,
        "text": correction.text,
        "cleaned_text": cleaned_text(correction, decisions),
    }


def render(correction: Correction, decisions: Mapping[int, Decision] | None = None, **kw: Any) -> str:
    return json.dumps(report_dict(correction, decisions, **kw), ensure_ascii=False, indent=2, default=str) + "\n"
