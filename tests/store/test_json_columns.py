"""Large JSON columns are written and read item by item; the round trip must be exact."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store.db import _dumps, _loads

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(values, min_size=1, max_size=20))
def test_long_lists_round_trip(sample):
    items = (sample * (300 // len(sample) + 1))[:300]  # over the item-by-item threshold
    text = _dumps(items)
    assert json.loads(text) == items
    assert _loads(text) == items


def test_edits_with_tricky_strings_round_trip():
    items = [{"original_text": f'a, "b" ] [ \\ {i} ’', "replacements": [{"value": "], ["}]} for i in range(5000)]
    text = _dumps(items)
    assert len(text) > 65536
    assert _loads(text) == items
    assert _loads(" [ ]".strip()) == []
