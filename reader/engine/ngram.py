"""A trigram language model for ranking candidates: the CMU US-English model in the pocketsphinx wheel.

pocketsphinx (BSD-2) ships `en-us.lm.bin` (72.5k words, 2.05M bigrams, 1.67M trigrams,
27 MB) and a C reader that loads it in about 0.06 s and answers a look-up in under a
microsecond. Words are lower case, no punctuation; unknown words get a floor.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

LOG10_BASE = math.log10(1.0001)  # pocketsphinx answers integer logs in base 1.0001
FLOOR = -7.0  # log10 probability given to a word the model does not know


class Trigram:
    def __init__(self, path: Path) -> None:
        from pocketsphinx import NGramModel

        self._m = NGramModel.readfile(str(path))
        self._cache: dict[tuple[str, str | None, str | None], float] = {}

    def logp(self, w: str, prev1: str | None, prev2: str | None) -> float:
        """log10 P(w | prev2 prev1); None ends the history (a sentence or line boundary)."""
        key = (w, prev1, prev2)
        got = self._cache.get(key)
        if got is None:
            hist = [h for h in (prev1, prev2) if h is not None] if prev1 is not None else []
            got = max(FLOOR, self._m.prob([w, *hist]) * LOG10_BASE)
            if len(self._cache) > 200_000:  # about 40 MB; a long text's look-ups repeat mostly nearby
                self._cache.clear()
            self._cache[key] = got
        return got

    def window(self, left: list[str | None], words: list[str], right: list[str | None]) -> float:
        """log10 P of `words` and of up to two following words, given two words of history.

        `left` is [prev2, prev1]; `right` is [next1, next2]; None marks a boundary.
        """
        seq: list[str | None] = [*left, *words, *right]
        total = 0.0
        start = len(left)
        stop = start + len(words) + len(right)
        for k in range(start, stop):
            w = seq[k]
            if w is None:
                break
            total += self.logp(w, seq[k - 1] if k >= 1 else None, seq[k - 2] if k >= 2 and seq[k - 1] else None)
        return total

    def windows(self, left: list[str | None], cands: list[str], right: list[str | None]) -> list[float]:
        """window(left, [c], right) for each single word c, in one tight loop over the C model (no memo).

        The content stage scores tens of candidates per word; most of these look-ups are
        never asked again, so a memo only costs here.
        """
        prob = self._m.prob
        floor = int(FLOOR / LOG10_BASE)
        l2, l1 = left
        r1, r2 = right
        h = [l1, l2] if l1 is not None and l2 is not None else ([l1] if l1 is not None else [])
        out = []
        for c in cands:
            t = max(floor, prob([c, *h]))
            if r1 is not None:
                t += max(floor, prob([r1, c, l1] if l1 is not None else [r1, c]))
                if r2 is not None:
                    t += max(floor, prob([r2, r1, c]))
            out.append(t * LOG10_BASE)
        return out


@lru_cache(maxsize=1)
def model() -> Trigram:
    import pocketsphinx

    return Trigram(Path(pocketsphinx.__file__).parent / "model" / "en-us" / "en-us.lm.bin")
