"""The bench's synthetic spinner: `spin(text, seed, rate)` -> SpunText with every substitution recorded."""

from __future__ import annotations

from .core import CATEGORIES, DEFAULT_RATE, SpunText, Substitution, spin

__all__ = ["CATEGORIES", "DEFAULT_RATE", "SpunText", "Substitution", "spin"]
