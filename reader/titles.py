"""Titles: the one the user sees and exports is the corrected title, never a template's name.

Qt-free and SQL-free: `unspin correct` and the library (services) share it.
"""

from __future__ import annotations

from reader.engine.model import Correction, Options
from reader.importers.assemble import title_from_text

# Titles that name the program or template, not the article: the first heading or line stands in.
GENERIC_TITLES = frozenset(
    {"", "untitled", "untitled document", "document", "word document", "microsoft word document", "new document"}
)


def real_title(title: str, text_: str) -> str:
    """The title, or the text's first heading or line when the title is empty or generic ("Word Document")."""
    t = " ".join((title or "").split())
    if t.casefold() not in GENERIC_TITLES and not t.casefold().startswith("microsoft word - "):
        return t
    return title_from_text(text_, t or "Untitled")


def corrected_title(title: str, correction: Correction) -> str | None:
    """The title as the engine corrects it, or None when it has nothing to change.

    Most articles begin with their title: its corrected line is taken from the document's
    own correction (same edits, same spin evidence). Otherwise the title is corrected with
    the start of the text as context, so the spin gate sees the document.
    """
    from dataclasses import replace as _replace

    from reader.engine import apply_values, correct

    title = " ".join(title.split())
    if not title:
        return None
    text_ = correction.text
    start = len(text_) - len(text_.lstrip())
    end = text_.find("\n", start)
    end = len(text_) if end < 0 else end
    first = " ".join(text_[start:end].lstrip("#").split())
    if first.casefold() == title.casefold():
        inside = [_replace(e, offset=e.offset - start) for e in correction.edits if e.offset >= start and e.end <= end]
        fixed = apply_values(text_[start:end], inside)
    else:
        probe = correct(f"{title}\n\n{text_[:4000]}", Options(min_confidence=correction.min_confidence))
        fixed = probe.corrected.split("\n", 1)[0]
    fixed = " ".join(fixed.lstrip("#").split())
    return fixed if fixed and fixed != title else None
