"""The review report as JSON: every edit with its decision, the spin score and versions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reader.engine.model import Correction
from reader.exporters.decisions import decision_label
from reader.exporters.json_stream import iter_object
from reader.review import Decision, Status, cleaned_text, counts, effective_value

REPORT_VERSION = 1


def report_dict(
    correction: Correction,
    decisions: Mapping[int, Decision] | None = None,
    *,
    title: str = "",
    source_path=None,
    spam_removed: int = 0,
) -> dict[str, Any]:
    head, edits, tail = _parts(correction, decisions or {}, title=title, source_path=source_path)
    return {**head, "edits": list(edits), **tail}


def _edit_items(correction: Correction, decisions: Mapping[int, Decision]) -> Iterator[dict[str, Any]]:
    for i, e in enumerate(correction.edits):
        d = decisions.get(i)
        item = {"index": i, **e.to_dict()}
        item["decision"] = {
            "status": (d.status if d else Status.PENDING).value,
            "value": d.value if d else None,
            "label": decision_label(e, d),
        }
        item["effective_value"] = effective_value(e, d)
        yield item


def _parts(
    correction: Correction, decisions: Mapping[int, Decision], *, title: str, source_path, spam_removed: int = 0
):
    head = {
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
    }
    tail = {"text": correction.text, "cleaned_text": cleaned_text(correction, decisions)}
    return head, _edit_items(correction, decisions), tail


def iter_render(correction: Correction, decisions: Mapping[int, Decision] | None = None, **kw: Any) -> Iterator[str]:
    """The report as text in pieces (one per edit), for writing without holding it whole."""
    kw.setdefault("title", "")
    kw.setdefault("source_path", None)
    head, edits, tail = _parts(correction, decisions or {}, **kw)
    return iter_object(head, "edits", edits, tail)


def render(correction: Correction, decisions: Mapping[int, Decision] | None = None, **kw: Any) -> str:
    return "".join(iter_render(correction, decisions, **kw))
