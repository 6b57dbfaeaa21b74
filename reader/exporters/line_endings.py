"""The edits' JSON in the file's own line endings, so its offsets apply to the text it carries.

The importers read every line ending as "\\n" and the engine's offsets count that text. A file
written with "\\r\\n" throughout gets its text back with "\\r\\n" and every offset and length
moved by the line breaks before it; a lone-"\\r" file gets "\\r" (same offsets); a mixed file
keeps "\\n". `newline` says which; `text` is always carried, so a consumer can apply the edits.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from reader.engine.model import Correction, Edit
from reader.exporters.json_stream import iter_object

_NL = re.compile("\n")


def iter_correction_json(
    correction: Correction, newline: str = "\n", extra: Mapping[str, Any] | None = None
) -> Iterator[str]:
    """`Correction.to_dict()` (+ `extra`) plus `text` and `newline` as JSON text, in pieces (one per edit)."""
    newline = _newline(newline)
    to_dict = edit_dicts(correction.text, newline)
    edits = (to_dict(edit) for edit in correction.edits)
    return iter_object(head(correction), "edits", edits, tail(correction, correction.corrected, newline, extra))


def _newline(newline: str) -> str:
    return newline if newline in ("\r\n", "\r") else "\n"


def edit_dicts(text: str, newline: str) -> Callable[[Edit], dict[str, Any]]:
    """Edit -> its JSON dict, offsets and texts in `newline`'s line endings (`text` is the whole input)."""
    newline = _newline(newline)
    breaks = [m.start() for m in _NL.finditer(text)] if newline == "\r\n" else []

    def moved(pos: int) -> int:
        return pos + bisect.bisect_left(breaks, pos)  # one more character per "\r\n" before pos

    def to_dict(edit: Edit) -> dict[str, Any]:
        e = edit.to_dict()
        if newline != "\n":
            start, end = moved(e["offset"]), moved(e["offset"] + e["length"])
            e["offset"], e["length"] = start, end - start
            e["original_text"] = e["original_text"].replace("\n", newline)
            e["replacements"] = [{**r, "value": r["value"].replace("\n", newline)} for r in e["replacements"]]
        return e

    return to_dict


def head(correction: Correction) -> dict[str, Any]:
    """The fields written before the edits (the edits themselves are not read)."""
    return {
        "spin_score": round(correction.spin_score, 4),
        "engine_version": correction.engine_version,
        "lexicon_version": correction.lexicon_version,
        "spinner_kind": correction.spinner_kind,
        "min_confidence": correction.min_confidence,
    }


def tail(correction: Correction, corrected: str, newline: str, extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields written after the edits; `corrected` is the corrected text (with "\n" line ends)."""
    newline = _newline(newline)
    return {
        "corrected_text": corrected.replace("\n", newline),
        **(extra or {}),
        "newline": newline,
        "text": correction.text.replace("\n", newline),
    }
