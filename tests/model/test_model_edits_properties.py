"""Whatever the model answers, the merged edits are sorted, disjoint, true to the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.engine import CATEGORIES, Correction, Edit, Replacement, apply_values
from reader.engine.local_model import Answer, ModelConfig, refine
from reader.engine.model_edits import WORD, check_edits

VOCAB = [
    "the",
    "plan",
    "slammed",
    "and",
    "you",
    "can",
    "Leeds",
    "2,000",
    "said",
    "“quote”",
    "a",
    "new",
    "brand",
    "—",
    "it",
]


class TableClient:
    """Stands in for the HTTP client (the server tests cover HTTP): answers from a function."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.requests = 0

    def chat(self, system: str, user: str, max_tokens: int | None = None) -> Answer:
        self.requests += 1
        return Answer(self.answer(user))


texts = st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=14), min_size=1, max_size=3).map(
    lambda paras: "\n\n".join(" ".join(p) + "." for p in paras)
)


@settings(max_examples=150, deadline=None)
@given(text=texts, data=st.data(), refuse=st.booleans())
def test_merged_edits_keep_the_invariants(text, data, refuse):
    words = list(WORD.finditer(text))
    edits = []
    pos = 0
    for m in words:  # some engine edits on whole words, applied or not
        if m.start() >= pos and data.draw(st.integers(0, 4)) == 0:
            applied = data.draw(st.booleans())
            value = data.draw(st.sampled_from(["", "criticised", "the"]))
            edits.append(
                Edit(
                    m.start(),
                    m.end() - m.start(),
                    m.group(),
                    (Replacement(value, 0.7),),
                    "t.x",
                    CATEGORIES["synonym"],
                    "m",
                    "s",
                    0.9 if applied else 0.3,
                    applied,
                )
            )
            pos = m.end()

    def answer(user: str) -> str:
        ws = user.split(" ")
        ops = data.draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40), st.sampled_from(VOCAB)), max_size=4))
        for op, at, w in ops:
            at = at % (len(ws) + 1)
            if op == 0:
                ws.insert(at, w)
            elif op == 1 and at < len(ws):
                ws[at] = w
            elif at < len(ws):
                del ws[at]
        return " ".join(ws)

    engine = Correction(text=text, edits=tuple(edits), spin_score=0.5)
    result, report = refine(
        text, engine, ModelConfig("http://127.0.0.1:1/v1", refuse=refuse), client=TableClient(answer)
    )
    check_edits(text, result.edits)
    assert result.text == text
    for e in result.edits:
        assert 0 <= e.offset <= e.end <= len(text)
        assert e.applied == (bool(e.replacements) and e.confidence >= result.min_confidence) or e.rule_id == "t.x"
    apply_values(text, result.edits)  # applies without error
    # every engine edit is either still there or replaced by a model edit over it
    for e in edits:
        assert any(r.offset <= e.offset and e.end <= r.end for r in result.edits)


def test_engine_edit_comes_back_when_the_model_change_over_it_loses_an_overlap():
    """Found by the property above: the answer adds a word on each side of "slammed" (the engine had deleted
    "the" after it); the second change, which replaced the engine's deletion, lost its overlap with the first
    and the deletion went with it."""
    text = "the.\n\nslammed the."
    k = text.rindex("the")
    deletion = Edit(k, 3, "the", (Replacement("", 0.7),), "t.x", CATEGORIES["synonym"], "m", "s", 0.9, True)

    def answer(user: str) -> str:
        return "the slammed plan ." if user.startswith("slammed") else user

    engine = Correction(text=text, edits=(deletion,), spin_score=0.5)
    result, _ = refine(text, engine, ModelConfig("http://127.0.0.1:1/v1"), client=TableClient(answer))
    check_edits(text, result.edits)
    assert any(e.offset <= k and k + 3 <= e.end and e.best == "" for e in result.edits)
    assert any(e.rule_id.startswith("model.") for e in result.edits)
