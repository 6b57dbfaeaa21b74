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


@dataclass(frozen=True)
class Carried:
    """Decisions moved from one run's edits to another's, and those that had nowhere to go."""

    decisions: dict[int, Decision]  # new edit index -> decision
    lost: list[tuple[Edit, Decision]]  # the old edit and its decision, in text order

    def describe_lost(self, limit: int = 5) -> str:
        """“fast” (accepted), “big” (rejected) and 3 more."""
        names = [f"“{e.original_text}” ({d.status.value})" for e, d in self.lost[:limit]]
        more = len(self.lost) - len(names)
        return ", ".join(names) + (f" and {more} more" if more > 0 else "")


CARRY_WINDOW = 500  # code points: how far the same spun text may have moved and still take the decision


def carry_decisions(old: Correction, decisions: Mapping[int, Decision], new: Correction) -> Carried:
    """Move each decision of `old` to the edit of `new` that is the same change.

    The same change is an edit with the same span and spun text, else the nearest edit with the
    same spun text within CARRY_WINDOW. An accepted edit whose best replacement changed keeps the
    value the user accepted. What has no match is returned in `lost`, never dropped silently.
    """
    out: dict[int, Decision] = {}
    lost: list[tuple[Edit, Decision]] = []
    exact = {(e.offset, e.length, e.original_text): i for i, e in enumerate(new.edits) if e.replacements}
    by_text: dict[str, list[int]] = {}
    for i, e in enumerate(new.edits):
        if e.replacements:
            by_text.setdefault(e.original_text, []).append(i)
    pending: list[tuple[Edit, Decision]] = []
    for i in sorted(decisions):
        d = decisions[i]
        if d.status is Status.PENDING or not 0 <= i < len(old.edits):
            continue
        e = old.edits[i]
        j = exact.get((e.offset, e.length, e.original_text))
        if j is None or j in out:
            pending.append((e, d))
        else:
            out[j] = _moved(e, d, new.edits[j])
    for e, d in pending:
        near = [j for j in by_text.get(e.original_text, ()) if j not in out]
        near = [j for j in near if abs(new.edits[j].offset - e.offset) <= CARRY_WINDOW]
        if not near:
            lost.append((e, d))
            continue
        j = min(near, key=lambda j: (abs(new.edits[j].offset - e.offset), j))
        out[j] = _moved(e, d, new.edits[j])
    lost.sort(key=lambda item: item[0].offset)
    return Carried(out, lost)


def _moved(old: Edit, d: Decision, new: Edit) -> Decision:
    """The decision as it applies to `new`: “accept” means the value the user saw accepted."""
    if d.status is Status.ACCEPTED and d.value is None and old.best != new.best and old.best is not None:
        return Decision(Status.ACCEPTED, old.best)
    return d
