"""The v2 content stage: thesaurus candidates, the trigram, the learned decisions, the generalised families."""

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from reader.engine import correct, decide, lexicon, ngram, thesaurus
from reader.paths import SEEDS

GENERAL = re.compile(r"\.general(\.\d+)?$")
SEED = (SEEDS / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8")


def words(spun: str) -> set[str]:
    return {c for c, *_ in thesaurus.candidates(spun)}


def test_candidates_are_reinflected_to_the_spun_form():
    assert "met" in words("fulfilled")  # fulfil -> meet, past tense kept
    assert "married" in words("hitched")
    assert "forest" in words("woodland")
    assert "teacher" in words("instructor")
    assert "fulfilled" not in words("fulfilled")


def test_relation_names_how_the_words_relate():
    assert thesaurus.relation("woodland", "forest") is not None
    assert thesaurus.relation("woodland", "xylophone") is None


def test_trigram_prefers_the_source_in_context():
    lm = ngram.model()
    assert lm.window(["the", "two"], ["leaders"], ["met", None]) > lm.window(
        ["the", "two"], ["frontrunners"], ["met", None]
    )
    assert lm.logp("qqzzxx", "the", None) == ngram.FLOOR


def test_logistic_round_trip_and_monotone():
    m = decide.Logistic(("a", "b"), (2.0, -1.0), 0.1, (0.0, 0.0), (1.0, 1.0))
    again = decide.Logistic.from_dict(json.loads(json.dumps(m.to_dict())))
    assert again.prob([1.0, 0.0]) == m.prob([1.0, 0.0])
    assert m.prob([2.0, 0.0]) > m.prob([1.0, 0.0]) > m.prob([0.0, 0.0])
    assert 0.0 < m.prob([1e9, -1e9]) <= 1.0


def test_shipped_weights_load_with_the_features_the_engine_computes():
    from reader.engine import content

    w = decide.shipped()
    assert w is not None
    assert w.replace.names == content.REPLACE_FEATURES
    assert w.suspect.names == content.SUSPECT_FEATURES
    assert 0.0 < w.flag_at < 1.0


def test_content_edits_on_the_seed_are_explained_and_ranked():
    c = correct(SEED)
    content_edits = [e for e in c.edits if e.rule_id == "content.thesaurus"]
    assert content_edits, "the seed is heavily spun: some content words must look spun"
    for e in content_edits:
        assert e.category.id == "synonym"
        assert e.replacements and e.best != e.original_text
        assert "thesaurus" in e.message or "neighbour" in e.message or "reads" in e.message
        assert 0.0 <= e.evidence["suspect"] <= 1.0
        confs = [r.confidence for r in e.replacements]
        assert confs == sorted(confs, reverse=True)


def test_clean_text_gets_no_content_edits():
    clean = (
        "The two leaders met for the 38th time since 2013. They urged the alliance to rule out any expansion, "
        "and the talks ended without a joint statement. Officials said the next meeting would be in Beijing."
    )
    assert correct(clean).edits == ()


def test_every_family_row_has_a_general_model_decided_twin():
    lex = lexicon.load()
    specific = {(r.spun, r.originals) for r in lex.rules if r.category == "padding" and not GENERAL.search(r.id)}
    general = {(r.spun, r.originals): r for r in lex.rules if GENERAL.search(r.id)}
    assert specific <= set(general)
    for r in general.values():
        assert r.needs_spun and r.use_lm and not r.sig
        assert all(c.kind == "doc" or c.negate for c in r.conds)  # no positive word lists, exclusions kept
        assert r.prior <= lexicon.GENERAL_PRIOR


@given(st.text(alphabet="abcdefghij klmnop.,\n", max_size=300))
def test_content_stage_keeps_edits_sorted_and_disjoint(tail):
    c = correct(SEED[:600] + tail)
    ends = 0
    for e in c.edits:
        assert e.offset >= ends
        ends = e.end


def test_every_shipped_thesaurus_entry_is_one_lower_case_word_with_bits_and_channel():
    with open(thesaurus.PATH, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, z, rest = line.rstrip("\n").split("\t")
            for item in rest.split(" "):
                cand, bits, chan, zipf = item.split(":")
                assert re.fullmatch(r"[a-z][a-z'-]*[a-z]", cand), (word, item)
                assert 0 < int(bits) < 128 and float(chan) <= 0.0 and 0.0 <= float(zipf) < 8.0


OTHER_SPUN = (
    "Christine struggled to get the words that are right in her faltering English. She pulled down her pocket "
    "translator and revealed me personally a expression from the display screen. The newest directions pit the "
    "customer bureau, an watchdog that is independent, against the lenders. I had simply consented to end up being "
    "the maid of honor for a bride that is mail-order, and she took me personally to the areas on its borders."
)


def test_spinner_kind_names_the_family_of_marks():
    assert correct(SEED).spinner_kind == "signature"
    other = correct(OTHER_SPUN)
    assert other.spinner_kind == "other"
    assert "the right words" in other.corrected and "an independent watchdog" in other.corrected
    assert "a mail-order bride" in other.corrected
    clean = "The two leaders met for the 38th time since 2013 and agreed to meet again in the spring."
    assert correct(clean).spinner_kind == ""
    assert json.loads(json.dumps(other.to_dict()))["spinner_kind"] == "other"


@given(
    st.lists(st.sampled_from(["the", "two", "leaders", "met", "frontrunners", "qqzx", None]), min_size=4, max_size=4),
    st.lists(st.sampled_from(["leaders", "frontrunners", "met", "fulfilled", "qqzx"]), min_size=1, max_size=5),
)
def test_batched_windows_equal_single_windows(ctx, cands):
    lm = ngram.model()
    left, right = ctx[:2], ctx[2:]
    if left[1] is None:
        left[0] = None
    if right[0] is None:
        right[1] = None
    batch = lm.windows(left, cands, right)
    for c, got in zip(cands, batch, strict=True):
        assert abs(got - lm.window(left, [c], right)) < 1e-4  # the floor rounds to the model's integer logs


def test_family_twins_keep_the_rows_exclusions():
    text = SEED[:600] + "\n\nPayday Lending Faces Tough Brand New Restrictions by Customer Agency\n"
    out = correct(text).corrected
    assert "Tough Brand New Restrictions" in out  # an adjective before it: ordinary English, row 87 excludes it
