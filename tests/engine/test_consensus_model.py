"""The learned stage of consensus: every aligned word difference, decided by a logistic model."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.engine import CATEGORIES, Edit, Replacement, consensus, correct
from reader.engine.decide import Logistic

TEXT = "The minister said the plan would lift wages across the region next year."


def _votes_model(apply_at: float = 0.8) -> consensus.Model:
    """A stand-in model: the sibling's word wins only when at least two siblings show it."""
    n = len(consensus.FEATURES)
    coef = [0.0] * n
    coef[consensus.FEATURES.index("votes_y")] = 5.0
    return consensus.Model(Logistic(consensus.FEATURES, tuple(coef), -7.0, (0.0,) * n, (1.0,) * n), apply_at)


def _words_edits(c):
    return [e for e in c.edits if e.evidence.get("consensus") in ("votes", "thesaurus", "table")]


def test_the_view_ties_each_corrected_word_to_the_raw_text_or_an_engine_edit():
    text = "She sang and you can danced in the hall."
    c = correct(text)
    v = consensus.view(c)
    assert " ".join(v.words) == "she sang and danced in the hall"
    for w, (k, a, b) in zip(v.words, v.origin, strict=True):
        source = text if k == -1 else c.edits[k].best
        assert source[a:b].lower() == w
    assert v.brk[0] and not v.brk[1]


def test_two_siblings_showing_a_word_replace_ours_and_one_does_not():
    sib = TEXT.replace("lift", "raise")
    base = correct(TEXT)
    two = consensus.with_siblings(TEXT, base, [sib, sib], model=_votes_model())
    (edit,) = _words_edits(two)
    assert (edit.original_text, edit.best, edit.applied) == ("lift", "raise", True)
    assert edit.evidence["siblings"] == 2 and edit.evidence["sibling_words"] == "raise"
    assert edit.confidence >= 0.8
    assert '2 other copies of this article say "raise" here, where this copy has "lift"' in edit.message
    assert two.corrected == sib
    one = consensus.with_siblings(TEXT, base, [sib, TEXT], model=_votes_model())
    assert _words_edits(one) == [] and one.corrected == base.corrected


def test_the_bar_comes_from_the_model():
    sib = TEXT.replace("lift", "raise")
    result = consensus.with_siblings(TEXT, correct(TEXT), [sib, sib], model=_votes_model(apply_at=0.99))
    assert _words_edits(result) == []


def test_a_sibling_word_rewrites_the_value_of_an_engine_edit_it_falls_in():
    text = "The two frontrunners met in Paris."
    at = text.index("frontrunners")
    # the engine's edit with a wrong guess, as if it had picked another candidate
    engine = Edit(
        at,
        len("frontrunners"),
        "frontrunners",
        (Replacement("favourites", 0.7, ""),),
        "content.thesaurus",
        CATEGORIES["synonym"],
        "",
        "",
        0.7,
        True,
    )
    base = replace(correct(text), edits=(engine,))
    sib = "The two leaders met in Paris."
    result = consensus.with_siblings(text, base, [sib, sib], model=_votes_model())
    (edit,) = _words_edits(result)
    assert (edit.offset, edit.end) == (engine.offset, engine.end)
    assert edit.best == "leaders" and edit.evidence["engine_rule"] == engine.rule_id
    assert result.corrected == sib


def test_the_shipped_model_reads_the_features_the_engine_computes():
    model = consensus.shipped()
    assert model is not None and model.logistic.names == consensus.FEATURES
    assert 0.5 <= model.apply_at < 1.0


VOCAB = ["the", "plan", "would", "lift", "raise", "wages", "pay", "and", "you", "can", "Paris", ",", "."]
words = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=25).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(words, st.lists(words, min_size=1, max_size=3))
def test_learned_edits_stay_sorted_non_overlapping_and_point_into_the_input(text, siblings):
    result = consensus.with_siblings(text, correct(text), siblings, model=_votes_model(apply_at=0.5))
    last = 0
    for e in result.edits:
        assert e.offset >= last and text[e.offset : e.end] == e.original_text
        last = e.end


def test_the_tables_consensus_reads_are_the_ones_given():
    # bench/devscore.py --siblings holds an article's own rows out; the first stage must not read the shipped ones.
    from reader.engine import lexicon

    full = lexicon.load()
    less = lexicon.build([r for r in full.rules if r.spun != ("and", "you", "can")], "test-without-and-you-can")
    assert consensus.table_relation("and you can", "and", full) == "padding"
    assert consensus.table_relation("and you can", "and", less) is None
