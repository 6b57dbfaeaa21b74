"""A user's review of one Correction: which edits are accepted, rejected or changed.

Qt-free, so the CLI, the exporters and the window share it. Until the user decides, an
edit follows the engine (applied edits count as accepted, suggestions as not taken).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from reader.engine.model import Correction, Edit, apply_values


class Status(StrEnum):
    PENDING = "pending"  # no decision: the engine's choice stands
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ALTERNATIVE = "alternative"  # accepted with another candidate than the first


@dataclass(frozen=True, slots=True)
class Decision:
    status: Status
    value: str | None = None  # the chosen replacement for ALTERNATIVE (or ACCEPTED)


def effective_value(edit: Edit, decision: Decision | None) -> str | None:
    """What replaces the edit's span in the cleaned text; None keeps the original."""
    if decision is None or decision.status is Status.PENDING:
        return edit.best if edit.applied else None
    if decision.status is Status.REJECTED:
        return None
    if decision.value is not None:
        return decision.value
    return edit.best


def cleaned_text(correction: Correction, decisions: Mapping[int, Decision]) -> str:
    """The input text with every edit resolved by its decision (or the engine's default)."""
    values = {i: effective_value(e, decisions.get(i)) for i, e in enumerate(correction.edits)}
    return apply_values(correction.text, correction.edits, values)


def counts(correction: Correction, decisions: Mapping[int, Decision]) -> dict[str, int]:
    """How many edits are pending, accepted (any value) and rejected."""
    out = {"pending": 0, "accepted": 0, "rejected": 0}
    for i, _ in enumerate(correction.edits):
        d = decisions.get(i)
        if d is None or d.status is Status.PENDING:
            out["pending"] += 1
        elif d.status is Status.REJECTED:
            out["rejected"] += 1
        else:
            out["accepted"] += 1
    return out
