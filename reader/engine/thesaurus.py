"""Inverted thesaurus: for a word the spinner may have written, the words it may have replaced.

Built by tools/build_thesaurus.py from WordNet 3.0 (one hop) and Moby (inverted) into
resources/thesaurus/neighbours.tsv.gz; loaded on first use. The spun word is lemmatised and
each candidate re-inflected to the same form with lemminflect ("fulfilled" -> fulfil ->
meet -> "met").
"""

from __future__ import annotations

import gzip
import math
from functools import cache, lru_cache

from reader.paths import RESOURCES

PATH = RESOURCES / "thesaurus" / "neighbours.tsv.gz"
DEGREE_PATH = RESOURCES / "thesaurus" / "degree.tsv.gz"
BITS = {"synonym": 1, "hypernym": 2, "hyponym": 4, "similar": 8, "derivation": 16, "part": 32, "moby": 64}
RELATION_NAMES = {
    1: "a synonym",
    2: "a more general word",
    4: "a more specific word",
    8: "a close neighbour",
    16: "a related form",
    32: "a part or whole",
    64: "a thesaurus neighbour",
}
UPOS = ("VERB", "NOUN", "ADJ", "ADV")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    with gzip.open(PATH, "rt", encoding="utf-8") as f:
        for line in f:
            if line[0] != "#":
                k, _, v = line.partition("\t")
                out[k] = v
    return out


@lru_cache(maxsize=1)
def _degrees() -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    with gzip.open(DEGREE_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            if line[0] != "#":
                w, a, b = line.split("\t")
                out[w] = (int(a), int(b))
    return out


def channel(source_lemma: str, bits: int) -> float:
    """log10 P(the spinner picks this neighbour | source): one over the source word's neighbour count.

    A spinner that replaces a word picks one of its thesaurus neighbours; a source word with
    few neighbours gives each of them a high chance (the noisy-channel half of the ranking).
    """
    wn, moby = _degrees().get(source_lemma, (0, 0))
    best = 0
    if bits & BITS["moby"] and moby:
        best = moby
    if bits & ~BITS["moby"] and wn and (not best or wn < best):
        best = wn
    return -math.log10(best) if best else -3.0


def _links(lemma: str) -> dict[str, int]:
    raw = _table().get(lemma)
    if not raw:
        return {}
    out = {}
    for item in raw.split():
        w, _, b = item.rpartition(":")
        out[w] = int(b)
    return out


UPOS_TAGS = {
    "VERB": ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"),
    "NOUN": ("NN", "NNS"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB", "RBR", "RBS"),
}
TAG_ALTS = {"VBD": "VBN", "VBN": "VBD", "VBP": "VB", "VB": "VBP"}


@cache
def _forms(lemma: str) -> dict[str, tuple[str, ...]]:
    """Penn tag -> spellings for a lemma, read from lemminflect's tables without its per-call deep copies."""
    from lemminflect import Inflections

    inf = Inflections()
    forms = dict(inf._getInflDict().get(lemma, {}))
    forms.update(inf._getOverridesDict().get(lemma, {}))
    return forms


def _inflect(lemma: str, tag: str) -> str | None:
    forms = _forms(lemma)
    got = forms.get(tag) or forms.get(TAG_ALTS.get(tag, ""))
    if got:
        return got[0]
    return lemma if tag in ("VB", "VBP", "NN", "JJ", "RB") else None


@lru_cache(maxsize=50000)
def candidates(word: str) -> tuple[tuple[str, int, float], ...]:
    """Surface candidates for a lower-case word, in the word's own form: (word, relation bits, channel log10)."""
    import lemminflect

    found: dict[str, int] = {}
    chan: dict[str, float] = {}
    for upos, tags_of in UPOS_TAGS.items():
        for lemma in lemminflect.getAllLemmas(word, upos).get(upos, ()):
            tags = [t for t in tags_of if word in _forms(lemma).get(t, ())]
            tag = tags[0] if tags else tags_of[0]
            for cand, bits in _links(lemma).items():
                f = _inflect(cand, tag)
                if f and f != word:
                    found[f] = found.get(f, 0) | bits
                    chan[f] = max(chan.get(f, -9.0), channel(cand, bits))
    for cand, bits in _links(word).items():  # the word as its own lemma (adverbs, odd forms)
        if cand != word:
            found[cand] = found.get(cand, 0) | bits
            chan[cand] = max(chan.get(cand, -9.0), channel(cand, bits))
    return tuple((w, b, chan[w]) for w, b in found.items())


def relation(spun: str, original: str) -> str | None:
    """How `original` relates to `spun` in the thesaurus ('a synonym', ...), or None."""
    for cand, bits, _ in candidates(spun.lower()):
        if cand == original.lower():
            return describe(bits)
    return None


def describe(bits: int) -> str:
    for bit in (1, 8, 16, 2, 4, 32, 64):
        if bits & bit:
            return RELATION_NAMES[bit]
    return "a thesaurus neighbour"
