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
    yield "{"
    first = True
    for k, v in head.items():
        yield ("\n  " if first else ",\n  ") + f"{json.dumps(k, ensure_ascii=False)}: {_dumps(v, 1)}"
        first = False
    yield ("\n  " if first else ",\n  ") + f"{json.dumps(key, ensure_ascii=False)}: ["
    empty = True
    for item in items:
        yield ("\n    " if empty else ",\n    ") + _dumps(item, 2)
        empty = False
    yield "]" if empty else "\n  ]"
    for k, v in tail.items():
        yield f",\n  {json.dumps(k, ensure_ascii=False)}: {_dumps(v, 1)}"
    yield "\n}\n"
