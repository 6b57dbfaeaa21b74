"""A JSON object written piece by piece: the same text as json.dumps(obj, indent=2), never all in memory.

A review of a 10-million-character article holds ~400,000 edits; one json.dumps of it, its
encoding and the list of dicts before it took 4.6 GB. Here each edit becomes text on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


def _dumps(value: Any, depth: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return text.replace("\n", "\n" + "  " * depth)


def iter_object(head: Mapping[str, Any], key: str, items: Iterable[Any], tail: Mapping[str, Any]) -> Iterator[str]:
    """{**head, key: [*items], **tail} as json.dumps(..., indent=2) text, in pieces, with a final newline."""
    yield opening(head, key)
    empty = True
    for item in items:
        yield item_text(item, empty)
        empty = False
    yield closing(tail, empty)


def opening(head: Mapping[str, Any], key: str) -> str:
    """iter_object's text up to and including the list's "["."""
    out = ["{"]
    first = True
    for k, v in head.items():
        out.append(("\n  " if first else ",\n  ") + f"{json.dumps(k, ensure_ascii=False)}: {_dumps(v, 1)}")
        first = False
    out.append(("\n  " if first else ",\n  ") + f"{json.dumps(key, ensure_ascii=False)}: [")
    return "".join(out)


def item_text(item: Any, first: bool) -> str:
    """One list item as iter_object writes it (`first`: no comma before it)."""
    return ("\n    " if first else ",\n    ") + _dumps(item, 2)


def closing(tail: Mapping[str, Any], empty: bool) -> str:
    """iter_object's text from the list's "]" to the end (`empty`: the list had no item)."""
    out = ["]" if empty else "\n  ]"]
    for k, v in tail.items():
        out.append(f",\n  {json.dumps(k, ensure_ascii=False)}: {_dumps(v, 1)}")
    out.append("\n}\n")
    return "".join(out)
