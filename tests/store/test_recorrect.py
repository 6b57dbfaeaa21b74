"""Decisions survive re-correction; long texts are corrected in pieces; the text limit (issue 10, cases 1 and 3)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reader.engine
from reader.engine import pieces
from reader.engine.model import Correction
from reader.errors import ImportFailed
from reader.review import Decision, Status, carry_decisions, counts
from reader.services import Library

SEED_TEXT = (
    "Xi and you can Putin met in the cooler war era and said the brand new deal was big.\n\n"
    "The council and you can the mayor said Asia would pay, unquestionably, for the cooler war.\n"
)


def _decide_three(lib, run):
    edits = [i for i, e in enumerate(run.correction.edits) if e.replacements]
    assert len(edits) >= 3
    lib.decide_many(run.id, {edits[0]: Decision(Status.ACCEPTED), edits[1]: Decision(Status.ACCEPTED)})
    lib.decide(run.id, edits[2], Decision(Status.REJECTED))
    return edits[:3]


def test_correcting_again_keeps_every_decision(lib):
    """Case 1: Ctrl+R took the status from "2 accepted, 1 rejected" to "0, 0"."""
    aid = lib.import_text(SEED_TEXT, "Seed").article.id
    run = lib.correct(aid)
    _decide_three(lib, run)
    plan = lib.plan_recorrect(aid)
    assert plan.previous.id == run.id and plan.carried.lost == []
    new = lib.commit_recorrect(plan)
    assert new.id != run.id and lib.latest_run(aid).id == new.id
    c = counts(new.correction, lib.decisions(new.id))
    assert (c["accepted"], c["rejected"]) == (2, 1)
    lib.delete_run(new.id)  # what Undo does: the previous run is the latest again, decisions and all
    assert lib.latest_run(aid).id == run.id and len(lib.decisions(run.id)) == 3


def test_what_cannot_be_carried_is_reported_not_dropped(lib, monkeypatch):
    aid = lib.import_text(SEED_TEXT, "Seed").article.id
    run = lib.correct(aid)
    picked = _decide_three(lib, run)
    real = reader.engine.correct
    gone = run.correction.edits[picked[2]]

    def without_one(text, options=None):  # a new engine no longer suggests one of the decided changes
        c = real(text, options)
        return replace(c, edits=tuple(e for e in c.edits if e.offset != gone.offset))

    monkeypatch.setattr(reader.engine, "correct", without_one)
    plan = lib.plan_recorrect(aid)
    assert [(e.original_text, d.status) for e, d in plan.carried.lost] == [(gone.original_text, Status.REJECTED)]
    assert len(plan.carried.decisions) == 2
    assert f"“{gone.original_text}” (rejected)" in plan.carried.describe_lost()


def test_carrying_moves_decisions_to_the_nearest_same_text_and_keeps_the_value_accepted():
    text = "aa big bb big cc"
    from samples import _edit  # tests/store/samples.py

    old = Correction(text, (_edit(text, "big", [("large", 0.9)], "synonym", 0.9, True, offset=3),), 0.5)
    moved = Correction(text, (_edit(text, "big", [("huge", 0.9)], "synonym", 0.9, True, offset=10),), 0.5)
    carried = carry_decisions(old, {0: Decision(Status.ACCEPTED)}, moved)
    assert carried.decisions == {0: Decision(Status.ACCEPTED, "large")}  # the text the user accepted
    far = Correction(text + " " * 600 + "big", (_edit(text + " " * 600 + "big", "big", [("x", 1)], "synonym", 1, True, offset=616),), 0.5)  # fmt: skip
    assert carry_decisions(old, {0: Decision(Status.REJECTED)}, far).lost[0][1] == Decision(Status.REJECTED)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.integers(0, 5),
        st.sampled_from([Decision(Status.ACCEPTED), Decision(Status.REJECTED), Decision(Status.ALTERNATIVE, "x")]),
    )
)
def test_the_same_correction_again_keeps_every_decision(decided):
    from samples import sample_correction

    c = sample_correction()
    decisions = {i: d for i, d in decided.items() if c.edits[i].replacements}
    carried = carry_decisions(c, decisions, c)
    assert carried.decisions == decisions and carried.lost == []


# -- long texts ------------------------------------------------------------------------------------
def test_pieces_cut_at_paragraphs_and_their_edits_line_up(monkeypatch):
    monkeypatch.setattr(pieces, "PIECE_CHARS", 300)
    text = (SEED_TEXT * 12).strip()
    cuts = pieces.split_points(text, 300)
    assert cuts[0] == 0 and cuts[-1] == len(text) and len(cuts) > 4
    assert all(text[c - 2 : c] == "\n\n" or text[c - 1] == "\n" for c in cuts[1:-1])
    seen = []
    whole = pieces.correct_text(text, reader.engine.Options(progress=lambda d, t: seen.append((d, t))))
    assert whole.text == text and len(whole.edits) > 12
    for e in whole.edits:
        assert text[e.offset : e.end] == e.original_text
    assert all(a.end <= b.offset for a, b in zip(whole.edits, whole.edits[1:], strict=False))
    one = reader.engine.correct(SEED_TEXT.strip())
    assert whole.corrected.count(one.corrected.split("\n")[0]) >= 10  # each piece corrected as on its own
    assert seen and seen[-1][1] == len(text) and all(d <= t for d, t in seen)


def test_text_over_the_limit_is_refused_with_the_reason(tmp_path, monkeypatch):
    import reader.importers as importers
    import reader.services as services

    monkeypatch.setattr(importers, "MAX_TEXT_CHARS", 1000)
    monkeypatch.setattr(services, "MAX_TEXT_CHARS", 1000)
    src = tmp_path / "long.txt"
    src.write_text("word " * 300, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        importers.import_path(src)
    assert str(info.value) == (
        f"{src}: its text is 1,499 characters, over the 1,000 one article may hold "
        "(correcting more would need over 1 GB of memory); split it into smaller files"
    )
    with Library(tmp_path / "lib") as lib, pytest.raises(ImportFailed):
        lib.import_text("word " * 300, "Long")
