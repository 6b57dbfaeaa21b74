"""The edits' JSON in the file's own line endings, so its offsets apply to the text it carries.

The importers read every line ending as "\\n" and the engine's offsets count that text. A file
written with "\\r\\n" throughout gets its text back with "\\r\\n" and every offset and length
moved by the line breaks before it; a lone-"\\r" file gets "\\r" (same offsets); a mixed file
keeps "\\n". `newline` says which; `text` is always carried, so a consumer can apply the edits.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from typing import Any

from reader.engine.model import Correction
from reader.exporters.json_stream import iter_object

_NL = re.compile("\n")


def iter_correction_json(
    correction: Correction, newline: str = "\n", extra: Mapping[str, Any] | None = None
) -> Iterator[str]:
    """`Correction.to_dict()` (+ `extra`) plus `text` and `newline` as JSON text, in pieces (one per edit)."""
    if newline not in ("\r\n", "\r"):
        newline = "\n"
    text = correction.text
    breaks = [m.start() for m in _NL.finditer(text)] if newline == "\r\n" else []

    def moved(pos: int) -> int:
        return pos + bisect.bisect_left(breaks, pos)  # one more character per "\r\n" before pos

    def edits() -> Iterator[dict[str, Any]]:
        for edit in correction.edits:
            e = edit.to_dict()
            if newline != "\n":
                start, end = moved(e["offset"]), moved(e["offset"] + e["length"])
                e["offset"], e["length"] = start, end - start
                e["original_text"] = e["original_text"].replace("\n", newline)
                e["replacements"] = [{**r, "value": r["value"].replace("\n", newline)} for r in e["replacements"]]
            yield e

    head = {
        "spin_score": round(correction.spin_score, 4),
        "engine_version": correction.engine_version,
        "lexicon_version": correction.lexicon_version,
        "spinner_kind": correction.spinner_kind,
        "min_confidence": correction.min_confidence,
    }
    tail = {
        "corrected_text": correction.corrected.replace("\n", newline),
        **(extra or {}),
        "newline": newline,
        "text": text.replace("\n", newline),
    }
    return iter_object(head, "edits", edits(), tail)
