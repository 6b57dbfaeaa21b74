"""Hand-built corrections for store, exporter and CLI tests (the engine may return no edits yet)."""

from __future__ import annotations

from reader.engine.model import CATEGORIES, Correction, Edit, Replacement

SAMPLE_TEXT = (
    "The brand new council and you can the mayor said Asia would pay.\n\n"
    "Critics called it a <b>cooler war</b> & worse, unquestionably.\n"
)


def _edit(text: str, span: str, reps: list[tuple[str, float]], cat: str, conf: float, applied: bool, **kw) -> Edit:
    offset = kw.pop("offset", None)
    offset = text.index(span) if offset is None else offset
    return Edit(
        offset=offset,
        length=len(span),
        original_text=span,
        replacements=tuple(Replacement(v, c, "") for v, c in reps),
        rule_id=kw.pop("rule_id", f"{cat}.test"),
        category=CATEGORIES[cat],
        message=kw.pop("message", f'"{span}" looks spun; the source probably said something else.'),
        short_message=kw.pop("short_message", f"{CATEGORIES[cat].name}"),
        confidence=conf,
        applied=applied,
        evidence={"test": True},
    )


def sample_correction(text: str = SAMPLE_TEXT) -> Correction:
    """Five edits: two applied paddings, a suggestion with alternatives, a deletion, a gap flag."""
    t = text
    edits = (
        _edit(t, "The brand new", [("The", 0.95)], "padding", 0.95, True),
        _edit(t, " and you can", [(" and", 0.9)], "padding", 0.9, True),
        _edit(t, "Asia", [("China", 0.45), ("Japan", 0.2)], "entity", 0.45, False),
        _edit(
            t,
            "cooler war",
            [("cold war", 0.8)],
            "idiom",
            0.8,
            True,
            message='"cooler war" is a broken idiom <script>alert(1)</script> & the source said "cold war".',
        ),
        _edit(t, ", unquestionably", [("", 0.7)], "padding", 0.7, True),
        _edit(t, "", [], "gap", 0.6, False, offset=t.index("Critics"), message="A date seems to be missing here."),
    )
    edits = tuple(sorted(edits, key=lambda e: (e.offset, e.length)))
    return Correction(text=t, edits=edits, spin_score=0.62, lexicon_version="test-lex")
