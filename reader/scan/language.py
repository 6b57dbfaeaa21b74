"""Language guess for the scan: py3langid (offline, its model ships in the wheel, ~0.1 ms a page).

The engine's tables are English; other languages are skipped and counted, not corrected.
"""

from __future__ import annotations

SAMPLE_CHARS = 2000  # the start of a page decides; the whole of a long paper costs time and says no more
MIN_LETTERS = 40  # below this a guess is noise: treat the text as English and let the engine judge it


def guess(text: str) -> str:
    """An ISO 639-1 code ("en", "fr" ...), or "en" for a text too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample[:400]) < MIN_LETTERS:
        return "en"
    import py3langid  # loads its model once per process, on first use

    lang, _ = py3langid.classify(sample)
    return lang


def warm_up() -> None:
    guess("Load the language model once, before the first document arrives, on every worker.")
