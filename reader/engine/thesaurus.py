"""Inverted thesaurus: for a word the spinner may have written, the words it may have replaced.

Built by tools/build_thesaurus.py from WordNet 3.0 (one hop) and Moby (inverted) into
resources/thesaurus/neighbours.tsv.gz; loaded on first use. The spun word is lemmatised and
each candidate re-inflected to the same form with lemminflect ("fulfilled" -> fulfil ->
meet -> "met").
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache

from reader.paths import RESOURCES

PATH = RESOURCES / "thesaurus" / "neighbours.tsv.gz"
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
def candidates(word: str) -> tuple[tuple[str, int], ...]:
    """Surface candidates for a lower-case word, each with its relation bits, in the word's own form."""
    import lemminflect

    found: dict[str, int] = {}
    for upos, tags_of in UPOS_TAGS.items():
        for lemma in lemminflect.getAllLemmas(word, upos).get(upos, ()):
            tags = [t for t in tags_of if word in _forms(lemma).get(t, ())]
            tag = tags[0] if tags else tags_of[0]
            for cand, bits in _links(lemma).items():
                f = _inflect(cand, tag)
                if f and f != word:
                    found[f] = found.get(f, 0) | bits
    for cand, bits in _links(word).items():  # the word as its own lemma (adverbs, odd forms)
        if cand != word:
            found[cand] = found.get(cand, 0) | bits
    return tuple(found.items())


def relation(spun: str, original: str) -> str | None:
    """How `original` relates to `spun` in the thesaurus ('a synonym', ...), or None."""
    for cand, bits in candidates(spun.lower()):
        if cand == original.lower():
            return describe(bits)
    return None


def describe(bits: int) -> str:
    for bit in (1, 8, 16, 2, 4, 32, 64):
        if bits & bit:
            return RELATION_NAMES[bit]
    return "a thesaurus neighbour"
