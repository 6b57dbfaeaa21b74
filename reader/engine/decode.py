"""Placeholder until the decoder lands: returns no edits."""

from __future__ import annotations

from reader.engine.model import Correction, Options


def run(text: str, options: Options) -> Correction:
    return Correction(text=text, edits=(), spin_score=0.0, min_confidence=options.min_confidence)
