"""The piecewise JSON writer gives exactly json.dumps(indent=2), so big reports can be streamed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.exporters.json_stream import iter_object

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_objects = st.dictionaries(st.text(max_size=6).filter(lambda k: k != "edits"), _values, max_size=4)


@settings(max_examples=150, deadline=None)
@given(_objects, st.lists(_values, max_size=4), _objects)
def test_pieces_join_to_json_dumps(head, items, tail):
    tail = {k: v for k, v in tail.items() if k not in head}
    expected = json.dumps({**head, "edits": items, **tail}, ensure_ascii=False, indent=2) + "\n"
    assert "".join(iter_object(head, "edits", iter(items), tail)) == expected
