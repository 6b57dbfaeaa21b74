"""The correction engine: spun text in, a Correction (edits with offsets) out. Qt-free."""

from __future__ import annotations

from collections.abc import Sequence

from reader.engine.model import (
    CATEGORIES,
    DEFAULT_MIN_CONFIDENCE,
    ENGINE_VERSION,
    Cancelled,
    Category,
    Correction,
    Edit,
    Options,
    Replacement,
    apply_values,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_MIN_CONFIDENCE",
    "ENGINE_VERSION",
    "Cancelled",
    "Category",
    "Correction",
    "Edit",
    "Options",
    "Replacement",
    "apply_values",
    "correct",
    "with_siblings",
]


def correct(text: str, options: Options | None = None, siblings: Sequence[str] = ()) -> Correction:
    """Find the spinner's substitutions in `text` and what they probably replaced.

    `siblings` are other spun copies of the same article: where they relate to this copy's
    words they add or confirm edits (see reader.engine.consensus).
    """
    from reader.engine.decode import run  # the lexicon and model load on first use

    result = run(text, options or Options())
    return with_siblings(text, result, siblings) if siblings else result


def with_siblings(text: str, correction: Correction, siblings: Sequence[str]) -> Correction:
    """`correction` of `text` with evidence from other copies of the same article."""
    from reader.engine import consensus

    return consensus.with_siblings(text, correction, siblings)
