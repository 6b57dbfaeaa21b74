"""Word-level alignment and the accuracy scores, computed exactly as shared/devset/score.py does.

Words are `[\\w]+(?:['’][\\w]+)*` runs, lowercased, with ’ read as '. Word lists are compared
by Levenshtein distance (rapidfuzz, over lists, so each word is one symbol):
  undone = 1 - errors_after / errors_before   (share of spun word errors removed)
  harm   = spun words that already matched the source but were changed, over such words
Only the region the spun text and the source share is scored (first to last run of at
least 3 equal words), as in score.py. The functions take word lists of any hashable items,
so they work on plain words and on the devset's hashed words alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"[\w]+(?:['’][\w]+)*")


def words(text: str) -> list[str]:
    """The words score.py compares: lowercased, curly apostrophes straightened."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def hashed_words(text: str, salt: str) -> list[str]:
    """Words hashed as in the devset (sha256 of salt + word, first 10 hex digits)."""
    return [hashlib.sha256((salt + w).encode()).hexdigest()[:10] for w in words(text)]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list:
    """Levenshtein opcodes turning word list a into word list b."""
    return list(Levenshtein.opcodes(a, b))


def distance(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    return Levenshtein.distance(a, b)


def region(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[int, int, int, int]:
    """(a0, a1, b0, b1): the stretch a and b share, from the first to the last equal run of 3+ words."""
    ops = [o for o in Levenshtein.opcodes(a, b) if o.tag == "equal" and o.src_end - o.src_start >= 3]
    if not ops:
        return 0, len(a), 0, len(b)
    return ops[0].src_start, ops[-1].src_end, ops[0].dest_start, ops[-1].dest_end


def project(a: Sequence[Hashable], b: Sequence[Hashable], b0: int, b1: int) -> list:
    """The part of a that aligns with b[b0:b1]."""
    ops = Levenshtein.opcodes(a, b)

    def first(j: int) -> int:
        for o in ops:
            if o.dest_start <= j < o.dest_end:
                return o.src_start + (j - o.dest_start) if o.tag == "equal" else o.src_start
        return len(a)

    def last(j: int) -> int:
        for o in ops:
            if o.dest_start <= j < o.dest_end:
                if o.tag == "equal":
                    return o.src_start + (j - o.dest_start) + 1
                return o.src_end if o.tag == "replace" else o.src_start
        return len(a)

    return list(a[first(b0) : last(b1 - 1)]) if b1 > b0 else []


def changed(a: Sequence[Hashable], b: Sequence[Hashable]) -> set[int]:
    """Indexes of words of a that the alignment with b does not keep."""
    keep: set[int] = set()
    for o in Levenshtein.opcodes(a, b):
        if o.tag == "equal":
            keep.update(range(o.src_start, o.src_end))
    return set(range(len(a))) - keep


@dataclass(frozen=True, slots=True)
class Score:
    """Counts behind undone and harm; add Scores to pool several texts as score.py does."""

    errors_before: int = 0
    errors_after: int = 0
    harmed: int = 0
    correct: int = 0
    words: int = 0

    @property
    def undone(self) -> float:
        """Share of spun word errors removed (negative when the text got worse); 0 with no errors."""
        return 1 - self.errors_after / self.errors_before if self.errors_before else 0.0

    @property
    def harm(self) -> float:
        """Share of already-correct spun words that were changed."""
        return self.harmed / max(self.correct, 1)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.errors_before + other.errors_before,
            self.errors_after + other.errors_after,
            self.harmed + other.harmed,
            self.correct + other.correct,
            self.words + other.words,
        )

    def to_dict(self) -> dict[str, float | int]:
        return {
            "undone": round(self.undone, 4),
            "harm": round(self.harm, 5),
            "errors_before": self.errors_before,
            "errors_after": self.errors_after,
            "harmed": self.harmed,
            "correct": self.correct,
            "words": self.words,
        }


def score_words(spun: Sequence[Hashable], corrected: Sequence[Hashable], source: Sequence[Hashable]) -> Score:
    """score.py's per-pair computation on word lists."""
    s0, s1, o0, o1 = region(spun, source)
    s, o = list(spun[s0:s1]), list(source[o0:o1])
    c = project(list(corrected), list(source), o0, o1)
    before, after = Levenshtein.distance(s, o), Levenshtein.distance(c, o)
    wrong = changed(s, o)
    harmed = len(changed(s, c) - wrong)
    return Score(before, after, harmed, len(s) - len(wrong), len(s))


def score(spun: str, corrected: str, source: str) -> Score:
    """Score a corrected text against its source, as score.py does."""
    return score_words(words(spun), words(corrected), words(source))


def changed_share(before: str, after: str) -> float:
    """Share of the words of `before` that `after` changed (false alarms, when before is clean)."""
    a = words(before)
    return len(changed(a, words(after))) / len(a) if a else 0.0
