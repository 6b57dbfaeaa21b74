"""Copies of one article: a copy whose own gate stays shut is corrected as spun when a sibling clearly is,
unless it reads as the original the sibling was spun from."""

from __future__ import annotations

from pathlib import Path

from bench.spinner import spin
from reader.engine import Correction, Options, correct
from reader.engine.consensus import reads_better, spun_by_siblings

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "corpus"
CLEAN = (CORPUS / "news" / "climate-talks-deal.txt").read_text(encoding="utf-8")


def test_two_spins_of_one_article_read_alike_and_the_original_reads_better():
    one, two = spin(CLEAN, seed=3).text, spin(CLEAN, seed=4).text
    share_spun, judged = reads_better(one, two)
    share_original, _ = reads_better(CLEAN, two)
    assert judged >= 8
    assert share_spun < 0.8 <= share_original


def test_gate_opens_for_a_spun_copy_when_a_sibling_is_clearly_spun():
    me = Correction(text=spin(CLEAN, seed=3).text, edits=(), spin_score=0.0)
    sibling = Correction(text=spin(CLEAN, seed=4).text, edits=(), spin_score=0.9)
    assert spun_by_siblings(me, [sibling])
    assert not spun_by_siblings(
        me, [Correction(text=sibling.text, edits=(), spin_score=0.3)]
    )  # the sibling is not clearly spun
    assert not spun_by_siblings(
        Correction(text=me.text, edits=(), spin_score=0.7), [sibling]
    )  # its own gate is open already


def test_the_original_among_the_copies_is_not_treated_as_spun():
    result = correct(CLEAN, siblings=[spin(CLEAN, seed=4).text])
    assert not spun_by_siblings(Correction(text=CLEAN, edits=(), spin_score=0.0), [correct(spin(CLEAN, seed=4).text)])
    assert result.spinner_kind == ""
    assert not [e for e in result.edits if e.rule_id.startswith("content.")]


def test_assume_spun_opens_the_gate_on_text_without_signatures():
    assert correct(CLEAN).spinner_kind == ""
    assert correct(CLEAN, Options(assume_spun=True)).spinner_kind == "other"
