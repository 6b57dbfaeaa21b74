"""bench/accuracy.py: per-substitution attribution and edit verdicts, and the script end to end."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.accuracy import Span, change_verdict, main, substitution_outcomes  # noqa: E402
from bench.metrics import score, words  # noqa: E402
from bench.spinner import spin  # noqa: E402

TEXT = """In 2019 the two leaders met in Beijing and said the talks had gone well.
They have agreed to build a new pipeline, and the first gas is due in three years.
Officials said the price of the gas was still secret, and analysts were cautious.
"""


def _spun():
    spun = spin(TEXT, 3, rate=0.5)
    assert any(words(s.source) != words(s.spun) for s in spun.substitutions)
    return spun


def _restore_all(spun) -> list[Span]:
    return [Span(s.spun_start, s.spun_end - s.spun_start, s.source) for s in spun.substitutions]


def test_full_restoration_is_undone_everywhere() -> None:
    spun = _spun()
    changes = _restore_all(spun)
    outcomes = substitution_outcomes(spun, changes)
    assert outcomes and all(o == "undone" for _, o in outcomes), outcomes
    corrected = "".join(_apply_all(spun.text, changes))
    assert corrected == TEXT
    sc = score(spun.text, corrected, TEXT)
    assert sc.errors_before > 0 and sc.undone == 1.0
    assert all(change_verdict(spun, c) in ("right", "neutral") for c in changes)


def test_no_edits_leaves_everything_untouched() -> None:
    spun = _spun()
    outcomes = substitution_outcomes(spun, [])
    assert outcomes and all(o == "untouched" for _, o in outcomes)


def test_partial_worse_and_wrong_are_told_apart() -> None:
    spun = spin("The talks went well and the leaders smiled.", 0, rate=0)
    # Hand-made spun text: "and" padded, "leaders" swapped.
    source = spun.source
    from bench.spinner.core import SpunText, Substitution

    text = "The talks went well and you can the frontrunners smiled."
    a0 = text.index("and you can")
    f0 = text.index("frontrunners")
    s0 = source.index("leaders")
    subs = (
        Substitution(source.index("and"), source.index("and") + 3, a0, a0 + 11, "and", "and you can", "padding"),
        Substitution(s0, s0 + 7, f0, f0 + 12, "leaders", "frontrunners", "synonym"),
    )
    hand = SpunText(source=source, text=text, substitutions=subs, seed=0, rate=1.0)
    half = Span(a0 + 4, 7, "you")  # "and you can" -> "and you": one error left of two
    worse = Span(f0, 12, "front runners")  # one wrong word becomes two
    assert dict(substitution_outcomes(hand, [half, worse])) == {"padding": "partial", "synonym": "worse"}
    fixed = Span(a0, 11, "and")
    assert dict(substitution_outcomes(hand, [fixed])) == {"padding": "undone", "synonym": "untouched"}
    assert change_verdict(hand, fixed) == "right"
    assert change_verdict(hand, worse) == "wrong"
    harm = Span(text.index("talks"), 5, "conversations")  # a correct word changed
    assert change_verdict(hand, harm) == "wrong"
    assert change_verdict(hand, Span(text.index("talks"), 5, "Talks")) == "neutral"


def test_script_prints_every_figure_and_writes_json(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").write_text(TEXT.replace("Beijing", "Moscow"), encoding="utf-8")
    out = tmp_path / "acc.json"
    assert main(["--corpus", str(corpus), "--seeds", "2", "--json", str(out), "--devset", str(tmp_path / "none")]) == 0
    printed = capsys.readouterr().out
    for label in ("spun word errors undone", "correct words harmed", "clean text words changed", "padding", "Devset"):
        assert label in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["seeds"] == [1, 2]
    assert data["synthetic"]["errors_before"] > 0
    assert 0 <= data["clean"]["share"] <= 1
    assert set(data["synthetic"]["substitutions"]) >= {"padding"}


def _apply_all(text: str, changes: list[Span]) -> list[str]:
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: c.offset):
        out += [text[pos : c.offset], c.value]
        pos = c.end
    out.append(text[pos:])
    return out


def test_restoring_some_substitutions_is_credited_to_exactly_those() -> None:
    import random

    for seed in range(15):
        spun = spin(TEXT * 2, seed)
        rng = random.Random(seed)
        picked = [i for i in range(len(spun.substitutions)) if rng.random() < 0.5]
        changes = [_restore_all(spun)[i] for i in picked]
        outcomes = substitution_outcomes(spun, changes)
        visible = [i for i, s in enumerate(spun.substitutions) if words(s.source) != words(s.spun)]
        assert len(outcomes) == len(visible)
        # Two deletions at one point cannot be told apart by an insertion there.
        points = Counter(s.spun_start for s in spun.substitutions if s.spun_start == s.spun_end)
        for i, (_, outcome) in zip(visible, outcomes, strict=True):
            s = spun.substitutions[i]
            if s.spun_start == s.spun_end and points[s.spun_start] > 1:
                continue
            assert outcome == ("undone" if i in picked else "untouched"), (seed, spun.substitutions[i], outcome)
        assert all(change_verdict(spun, c) in ("right", "neutral") for c in changes)
