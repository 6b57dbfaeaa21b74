"""The edits' JSON in the file's own line endings, so its offsets apply to the text it carries.

The importers read every line ending as "\\n" and the engine's offsets count that text. A file
written with "\\r\\n" throughout gets its text back with "\\r\\n" and every offset and length
moved by the line breaks before it; a mixed file keeps "\\n" (its `newline` says so).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

_NL = re.compile("\n")


def correction_json(correction_dict: dict[str, Any], text: str, newline: str = "\n") -> dict[str, Any]:
    """`Correction.to_dict()` plus `text` and `newline`; offsets, spans and values in that text's line endings."""
    out = dict(correction_dict)
    if newline not in ("\r\n", "\r"):
        newline = "\n"
    out["newline"] = newline
    if newline == "\n":
        out["text"] = text
        return out
    breaks = [m.start() for m in _NL.finditer(text)] if newline == "\r\n" else []
    extra = len(newline) - 1

    def moved(pos: int) -> int:
        return pos + extra * bisect.bisect_left(breaks, pos)

    edits = []
    for e in correction_dict["edits"]:
        e = dict(e)
        start, end = moved(e["offset"]), moved(e["offset"] + e["length"])
        e["offset"], e["length"] = start, end - start
        e["original_text"] = e["original_text"].replace("\n", newline)
        e["replacements"] = [{**r, "value": r["value"].replace("\n", newline)} for r in e["replacements"]]
        edits.append(e)
    out["edits"] = edits
    out["corrected_text"] = correction_dict["corrected_text"].replace("\n", newline)
    out["text"] = text.replace("\n", newline)
    return out
