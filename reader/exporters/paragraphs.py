"""Splitting text into paragraphs the same way for every exporter."""

from __future__ import annotations

import re

BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a text without blank lines has one paragraph per line."""
    text = text.strip()
    if not text:
        return []
    parts = BLANK_LINES.split(text) if BLANK_LINES.search(text) else text.split("\n")
    return [p.strip() for p in parts if p.strip()]
