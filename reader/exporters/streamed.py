"""`unspin correct` on a long text, written piece by piece: one piece's edits in memory, not the whole text's.

The engine corrects a long text in pieces (reader.engine.pieces.iter_pieces). Holding every
piece's edits until the end took about 2 kB per edit (200 MB for a million words); these
writers turn each piece's edits into output and let them go. The bytes are those of the
whole-Correction writers (cleaned text via without_spam + apply_values, the JSON of
line_endings.iter_correction_json), which the tests check.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace

from reader.engine.model import Category, Correction, Edit, apply_values
from reader.engine.pieces import join
from reader.exporters import json_stream, line_endings
from reader.exporters.spam import without_spam

Part = tuple[int, int, Correction]  # (start, end, the piece's Correction), as iter_pieces yields them
_NEIGHBOUR = Category("neighbour", "")  # an edit already written, shown to without_spam only for where it ends


def _shifted(part: Part) -> list[Edit]:
    a, _, c = part
    return [e if a == 0 else replace(e, offset=e.offset + a) for e in c.edits]


def iter_cleaned_text(text: str, parts: Iterable[Part], keep_spam: bool = False) -> Iterator[str]:
    """The corrected text (injected spam removed unless `keep_spam`), one string per piece.

    Spam removal looks at the edits either side of each flag, so a piece's edits wait for the
    next piece that has any (its first edit is their right neighbour).
    """
    pos = 0
    before: Edit | None = None  # the last edit written
    waiting: list[Edit] = []

    def write(edits: list[Edit], after: Edit | None) -> str:
        nonlocal pos, before
        if not keep_spam:
            left = [replace(before, category=_NEIGHBOUR)] if before else []  # not spam: not widened twice
            ctx = left + edits + ([after] if after else [])
            done = without_spam(Correction(text, tuple(ctx), 0.0), {})[0].edits
            edits = list(done[1 if before else 0 : len(done) - (1 if after else 0)])
        out = []
        for e in edits:
            value = e.best if e.applied else None  # as apply_values
            if value is None:
                continue
            out.append(text[pos : e.offset])
            out.append(value)
            pos = e.end
        before = edits[-1] if edits else before
        return "".join(out)

    for part in parts:
        edits = _shifted(part)
        if not edits:
            continue
        if waiting:
            yield write(waiting, edits[0])
        waiting = edits
    if waiting:
        yield write(waiting, None)
    yield text[pos:]


def iter_correction_json(text: str, parts: Iterable[Part], newline: str = "\n") -> Iterator[str]:
    """line_endings.iter_correction_json of the joined pieces, the same bytes; edits wait in a temporary file.

    The fields before the edits (spin score, spinner kind) need every piece, so the edits'
    JSON goes to a temporary file first and is copied out after them.
    """
    to_dict = line_endings.edit_dicts(text, newline)
    corrected: list[str] = []
    summaries: list[Part] = []
    empty = True
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        for a, b, c in parts:
            for e in _shifted((a, b, c)):
                spool.write(json_stream.item_text(to_dict(e), empty))
                empty = False
            corrected.append(apply_values(c.text, c.edits))
            summaries.append((a, b, replace(c, edits=(), text="")))  # join needs the scores, not the text
            del c
        whole = join(text, summaries)
        yield json_stream.opening(line_endings.head(whole), "edits")
        spool.seek(0)
        while chunk := spool.read(1 << 20):
            yield chunk
    tail = line_endings.tail(whole, "".join(corrected), newline, None)
    yield json_stream.closing(tail, empty)


def counted(parts: Iterable[Part], seen: list[int]) -> Iterator[Part]:
    """`parts` unchanged, adding each piece's number of edits to seen[0]."""
    for part in parts:
        seen[0] += len(part[2].edits)
        yield part
