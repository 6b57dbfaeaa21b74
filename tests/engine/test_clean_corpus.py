"""Clean text must stay clean: on unspun articles every change the engine makes is a false alarm."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.engine import Options, correct

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import changed, words  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
MAX_CHANGED_SHARE = 0.003
MIN_FILES = 10


def test_engine_changes_at_most_0_3_percent_of_clean_corpus_words() -> None:
    files = sorted(CORPUS.rglob("*.txt"))
    if len(files) < MIN_FILES:
        pytest.skip(f"bench/corpus has {len(files)} .txt files, fewer than {MIN_FILES}: no clean-text figure yet")
    total = changed_words = 0
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        before = words(text)
        after = words(correct(text, Options()).corrected)
        n = len(changed(before, after))
        total += len(before)
        changed_words += n
        if n:
            offenders.append(f"{path.relative_to(CORPUS)}: {n} of {len(before)}")
    share = changed_words / total
    assert share <= MAX_CHANGED_SHARE, (
        f"engine changed {changed_words} of {total} clean words ({share:.2%} > {MAX_CHANGED_SHARE:.1%}): "
        + "; ".join(offenders)
    )
