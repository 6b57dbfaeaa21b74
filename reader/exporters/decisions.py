"""How each edit is resolved for display and export, from the engine's flags and the user's decisions."""

from __future__ import annotations

from collections.abc import Mapping

from reader.engine.model import Edit
from reader.review import Decision, Status, effective_value


def decision_label(edit: Edit, decision: Decision | None) -> str:
    if decision is None or decision.status is Status.PENDING:
        if not edit.replacements:
            return "flag only: nothing to replace"
        return "pending: applied by the engine" if edit.applied else "pending: suggestion, not applied"
    if decision.status is Status.REJECTED:
        return "rejected: original kept"
    if decision.status is Status.ALTERNATIVE:
        return f"alternative chosen: {quote(decision.value or '')}"
    return "accepted"


def quote(value: str | None) -> str:
    if value is None:
        return "(unchanged)"
    return "(deleted)" if value == "" else f"\u201c{value}\u201d"


def resolved(edits: tuple[Edit, ...], decisions: Mapping[int, Decision]) -> list[str | None]:
    """The value each edit puts in the cleaned text (None keeps the original)."""
    return [effective_value(e, decisions.get(i)) for i, e in enumerate(edits)]
