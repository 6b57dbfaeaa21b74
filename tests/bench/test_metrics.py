"""bench.metrics agrees with shared/devset/score.py on the figures the engine is judged by."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import Score, changed, changed_share, hashed_words, score, score_words, words  # noqa: E402

SCORE_PY = ROOT.parent / "shared" / "devset" / "score.py"
# score.py scores the stretch between the first and last runs of 3+ equal words, so the
# examples start and end with untouched words.
SOURCE = (
    "Vladimir Putin and Xi Jinping met in Beijing. The two leaders met for the 38th time since 2013, "
    "and they pledged to deepen their strategic coordination, officials in Moscow said on Friday."
)
SPUN = (
    "Vladimir Putin and Xi Jinping met in Beijing. The 2 frontrunners fulfilled for the 38th big date once the 2013, "
    "and you can they pledged so you can deepen their proper dexterity, officials in Moscow said on Friday."
)


def _score_py():
    if not SCORE_PY.is_file():
        pytest.skip(f"{SCORE_PY} not found (shared/ is not beside the checkout)")
    spec = importlib.util.spec_from_file_location("devset_score", SCORE_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _reference(mod, spun: list, corrected: list, source: list) -> tuple[int, int, int, int]:
    """score.py's main loop body for one pair, on word lists."""
    s0, s1, o0, o1 = mod.region(spun, source)
    s, o = spun[s0:s1], source[o0:o1]
    c = mod.project(corrected, source, o0, o1)
    b, r = mod.Levenshtein.distance(s, o), mod.Levenshtein.distance(c, o)
    wrong = mod.changed(s, o)
    return b, r, len(mod.changed(s, c) - wrong), len(s) - len(wrong)


def test_words_are_tokenized_like_score_py() -> None:
    assert words("China’s Xi-Jinping, 1,000 “no limits”") == ["china's", "xi", "jinping", "1", "000", "no", "limits"]
    mod = _score_py()
    text = "China’s state-run Xinhua said: “it’s 100,000 troops”."
    assert hashed_words(text, "salt") == mod.hashed(text, "salt")


def test_identity_undoes_nothing_and_harms_nothing() -> None:
    sc = score(SPUN, SPUN, SOURCE)
    assert sc.errors_before > 0 and sc.errors_after == sc.errors_before
    assert sc.undone == 0.0 and sc.harm == 0.0 and sc.harmed == 0


def test_perfect_restoration_undoes_everything() -> None:
    sc = score(SPUN, SOURCE, SOURCE)
    assert sc.undone == 1.0 and sc.errors_after == 0 and sc.harmed == 0


def test_partial_fix_and_harm_are_counted() -> None:
    # Undo "and you can" -> "and" (2 word errors) but break "pledged" (a correct word).
    corrected = SPUN.replace("and you can", "and").replace("pledged", "promised")
    sc = score(SPUN, corrected, SOURCE)
    assert sc.errors_after == sc.errors_before - 2 + 1
    assert sc.harmed == 1
    assert sc.harm == pytest.approx(1 / sc.correct)
    assert 0 < sc.undone < 1


def test_scores_pool_like_score_py() -> None:
    a = Score(10, 4, 1, 50, 60)
    b = Score(30, 30, 0, 100, 120)
    pooled = a + b
    assert pooled.undone == pytest.approx(1 - 34 / 40)
    assert pooled.harm == pytest.approx(1 / 150)
    assert Score().undone == 0.0 and Score().harm == 0.0


def test_agrees_with_score_py_on_random_edits() -> None:
    mod = _score_py()
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(30)]
    for _ in range(200):
        source = [rng.choice(vocab) for _ in range(rng.randint(5, 40))]
        spun = _mutate(rng, source, vocab)
        corrected = _mutate(rng, spun if rng.random() < 0.5 else source, vocab)
        if rng.random() < 0.2:
            spun = ["junk", "x"] + spun + ["tail"]  # outside the shared region
        expected = _reference(mod, spun, corrected, source)
        sc = score_words(spun, corrected, source)
        assert (sc.errors_before, sc.errors_after, sc.harmed, sc.correct) == expected


def test_changed_share_on_clean_text() -> None:
    assert changed_share(SOURCE, SOURCE) == 0.0
    n = len(words(SOURCE))
    assert changed_share(SOURCE, SOURCE.replace("leaders", "frontrunners")) == pytest.approx(1 / n)
    assert changed_share(SOURCE, SOURCE.replace(" and ", " and you can ")) == 0.0  # insertions change no word
    assert changed(["a", "b", "c"], ["a", "x", "c"]) == {1}


def _mutate(rng: random.Random, seq: list[str], vocab: list[str]) -> list[str]:
    out = list(seq)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        i = rng.randrange(len(out) + 1)
        if op < 0.4 and i < len(out):
            out[i] = rng.choice(vocab)
        elif op < 0.7:
            out.insert(i, rng.choice(vocab))
        elif i < len(out):
            del out[i]
    return out
