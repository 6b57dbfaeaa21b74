"""Inverted thesaurus: for a word the spinner may have written, the words it may have replaced.

Built by tools/build_thesaurus.py from WordNet 3.0 (one hop) and Moby (inverted), with each
candidate already re-inflected to the spun word's form ("fulfilled" -> "met") and ranked by
prior (frequency and the channel: one over the source word's neighbour count), into
resources/thesaurus/candidates.tsv.gz. Loaded on first use; a line is parsed only when its
word is met.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from reader.paths import RESOURCES

PATH = RESOURCES / "thesaurus" / "candidates.tsv.gz"
BITS = {"synonym": 1, "hypernym": 2, "hyponym": 4, "similar": 8, "derivation": 16, "part": 32, "moby": 64}
RELATION_NAMES = {  # read as "'leader' is ... for 'frontrunner'"
    1: "a synonym",
    2: "a more general word",  # the candidate is a hypernym of the spun word
    4: "a more specific word",
    8: "a close neighbour",
    16: "a related form",
    32: "a part or whole",
    64: "a thesaurus neighbour",
}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    with gzip.open(PATH, "rt", encoding="utf-8") as f:
        for line in f:
            if line[0] != "#":
                k, _, v = line.partition("\t")
                out[k] = v
    return out


@lru_cache(maxsize=50000)
def candidates(word: str) -> tuple[tuple[str, int, float, float], ...]:
    """(candidate, relation bits, channel log10, Zipf frequency) for a lower-case word, likeliest first by prior."""
    raw = _table().get(word)
    if not raw:
        return ()
    out = []
    for item in raw.partition("\t")[2].split():
        w, b, ch, z = item.split(":")
        out.append((w, int(b), float(ch), float(z)))
    return tuple(out)


def zipf(word: str) -> float:
    """The word's Zipf frequency (wordfreq, stored at build time), 0 for a word without candidates."""
    raw = _table().get(word)
    return float(raw.partition("\t")[0]) if raw else 0.0


def relation(spun: str, original: str) -> str | None:
    """How `original` relates to `spun` in the thesaurus ('a synonym', ...), or None."""
    for cand, bits, _, _ in candidates(spun.lower()):
        if cand == original.lower():
            return describe(bits)
    return None


def describe(bits: int) -> str:
    for bit in (1, 8, 16, 2, 4, 32, 64):
        if bits & bit:
            return RELATION_NAMES[bit]
    return "a thesaurus neighbour"
