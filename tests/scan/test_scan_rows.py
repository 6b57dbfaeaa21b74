"""The one mapping from a Correction to a scan row, on the engine's real output."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from scan_samples import clean_texts, spun_chunks

from reader.engine import correct
from reader.scan.inputs import Doc
from reader.scan.rows import engine_fields
from reader.scan.worker import scan_doc


def test_spun_text_gets_counts_signatures_and_a_kind():
    c = correct(spun_chunks(1)[0])
    f = engine_fields(c)
    assert f["spin_score"] == round(c.spin_score, 4) and f["spin_score"] > 0.9
    assert f["spinner"] == "signature"
    assert sum(f["edits"].values()) + sum(f["flags"].values()) == len(c.edits)
    assert 1 <= len(f["signatures"]) <= 5
    counts = [int(s.rsplit("×", 1)[1]) for s in f["signatures"]]
    assert counts == sorted(counts, reverse=True)
    assert {s.rsplit("×", 1)[0] for s in f["signatures"]} <= {e.rule_id for e in c.edits}


def test_clean_text_is_none_and_tortured_phrases_are_listed():
    f = engine_fields(correct(clean_texts(1)[0]))
    assert f["spinner"] == "none" and f["signatures"] == [] and f["tortured"] == []
    text = (
        "We apply counterfeit consciousness and profound learning to irregular woodland classification; "
        "the bosom peril was evaluated with a choice tree."
    )
    f = engine_fields(correct(text))
    assert f["spinner"] == "tortured"
    assert "counterfeit consciousness → artificial intelligence" in f["tortured"] and f["edits"]["tortured"] >= 3


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_any_text_makes_a_complete_row(text):
    row = scan_doc(Doc("x", "in", text=text))
    assert row["status"] in ("ok", "skipped") and row["error"] in (None, "no text")
    if row["status"] == "ok":
        assert 0.0 <= row["spin_score"] <= 1.0 and row["spinner"]
    assert row["seconds"] >= 0 and row["words"] == len(text.split())


def test_spinner_kind_is_the_engines_and_tortured_papers_are_named():
    from reader.engine import Correction

    assert engine_fields(Correction(text="x", edits=(), spin_score=0.8, spinner_kind="other"))["spinner"] == "other"
    assert engine_fields(Correction(text="x", edits=(), spin_score=0.1))["spinner"] == "none"
