"""The correction engine: spun text in, a Correction (edits with offsets) out. Qt-free."""

from __future__ import annotations

from reader.engine.local_model import ModelConfig, ModelReport, refine
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
    "ModelConfig",
    "ModelReport",
    "Options",
    "Replacement",
    "apply_values",
    "correct",
    "refine",
]


def correct(text: str, options: Options | None = None) -> Correction:
    """Find the spinner's substitutions in `text` and what they probably replaced."""
    from reader.engine.decode import run  # the lexicon and model load on first use

    return run(text, options or Options())
