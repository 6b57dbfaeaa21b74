"""Offline bigram model over the Google Books counts bundled with symspellpy (build time: tools/build_tortured.py).

The unigram and bigram files use different scales, so P(b|a) is taken from the bigram
file's own left marginals, and unseen pairs back off to a scaled unigram probability
(stupid backoff). Scores are log10. Loaded once, lazily, on the first edit that needs it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

BACKOFF = 0.4
UNKNOWN_LOG10 = -9.0


class BigramModel:
    def __init__(self, unigrams: dict[str, int], bigrams: dict[str, int]) -> None:
        self._bigrams = bigrams
        left: dict[str, int] = {}
        for key, c in bigrams.items():
            a = key[: key.index(" ")]
            left[a] = left.get(a, 0) + c
        self._left = left
        total = sum(unigrams.values()) or 1
        self._uni_log = {w: math.log10(c / total) for w, c in unigrams.items()}

    def unigram(self, w: str) -> float:
        return self._uni_log.get(w, UNKNOWN_LOG10)

    def known(self, w: str) -> bool:
        return w in self._uni_log

    def bigram_count(self, a: str, b: str) -> int:
        return self._bigrams.get(f"{a} {b}", 0)

    def logp(self, a: str | None, b: str) -> float:
        """log10 P(b | a); a=None means b starts a clause."""
        if a is not None:
            c = self._bigrams.get(f"{a} {b}")
            if c:
                return math.log10(c / self._left[a])
            return math.log10(BACKOFF) + self.unigram(b)
        return self.unigram(b)

    def score(self, prev: str | None, words: list[str], nxt: str | None) -> float:
        """log10 probability of `words` between the context words prev and nxt."""
        total = 0.0
        a = prev
        for w in words:
            total += self.logp(a, w)
            a = w
        if nxt is not None:
            total += self.logp(a, nxt)
        return total


def _read_counts(name: str, nwords: int) -> dict[str, int]:
    out: dict[str, int] = {}
    text = resources.files("symspellpy").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) == nwords + 1:
            key = " ".join(parts[:nwords]).lower()
            out[key] = out.get(key, 0) + int(parts[nwords])
    return out


@lru_cache(maxsize=1)
def model() -> BigramModel:
    return BigramModel(
        _read_counts("frequency_dictionary_en_82_765.txt", 1),
        _read_counts("frequency_bigramdictionary_en_243_342.txt", 2),
    )
