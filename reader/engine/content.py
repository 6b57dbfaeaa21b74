"""Content-word swaps beyond the tables: thesaurus candidates, ranked by the trigram, decided by a learned model.

After the tables' pass, every remaining content word gets its inverted-thesaurus
candidates (thesaurus.py), each scored in the context the tables produced (ngram.py).
Two small logistic models (decide.py) then give, per word, the probability that the
spinner wrote it and, per candidate, the probability that it is what the source said.
Three outcomes: apply (only when the second is high), suggest (ranked candidates, not
applied), or flag the word as suspect when only the first is high.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from reader.engine import ngram, thesaurus
from reader.engine.candidates import Candidate
from reader.engine.decide import Weights
from reader.engine.lexicon import FUNCTION_WORDS, Rule
from reader.engine.tokens import Tokens

TICK_EVERY = 2000  # words between calls of `tick` (cancel and progress)
TOP_K = 5  # candidates per word the replace model looks at (by trigram gain)
# Candidates per word scored in context: the likeliest by frequency and channel (thesaurus.candidates' order).
# Measured on dev: the source is among the first 25 for 75% of the words where it is a candidate at all
# (40: 84%); held-out figures were the same at 25 and 40, and 25 is 1.6x faster.
SHORTLIST = 25
# A word the trigram finds this likely in its context (log10) is left alone without scoring its candidates.
PREDICTABLE = -1.5
SENTENCE_END = frozenset('.!?;:"“”()[]')
REPLACE_FEATURES = (
    "gain",
    "channel",
    "cand_logp",
    "own_logp",
    "own_zipf",
    "cand_zipf",
    "zipf_gain",
    "rank",
    "margin",
    "n_cands",
    "rel_synonym",
    "rel_hypernym",
    "rel_hyponym",
    "rel_similar",
    "rel_derivation",
    "rel_part",
    "rel_moby",
    "wordnet_links",
    "spin",
    "edits_near",
    "capital",
    "in_table",
    "table_prior",
)
SUSPECT_FEATURES = (
    "own_logp",
    "right_logp",
    "best_gain",
    "gain_top3",
    "own_zipf",
    "best_zipf",
    "n_cands",
    "spin",
    "edits_near",
    "length",
    "capital",
    "in_table",
)


@dataclass(slots=True)
class Slot:
    """One content word the tables left alone, with its context and scored candidates."""

    k: int  # token index
    word: str  # lower case
    left: list[str | None]  # [prev2, prev1]
    right: list[str | None]  # [next1, next2]
    capital: bool
    edits_near: int
    in_table: bool = False  # a one-word table row has this word as its spun side (its context did not hold)
    table: dict[str, float] = field(default_factory=dict)  # those rows' originals -> their prior
    own: float = 0.0  # window log10 P with the spun word
    own_logp: float = 0.0
    right_logp: float = 0.0
    zipf: float = 0.0  # the spun word's frequency
    # (word, relation bits, trigram gain, channel log10, Zipf frequency), best gain first
    cands: list[tuple[str, int, float, float, float]] = field(default_factory=list)


def context(
    tok: Tokens, chosen: list[Candidate], at: list[int] | None = None
) -> tuple[list[str | None], dict[int, int]]:
    """The word stream after the tables' edits (None at sentence and line breaks), and where each kept word sits.

    `at`, when given, is filled with the stream position where each token begins.
    """
    out: list[str | None] = []
    pos: dict[int, int] = {}
    starts = {c.i: c for c in chosen}
    text = tok.text
    k = 0
    n = len(tok)
    while k < n:
        if k and "\n" in text[tok.ends[k - 1] : tok.starts[k]] and out and out[-1] is not None:
            out.append(None)
        if at is not None:
            at.append(len(out))
        c = starts.get(k)
        if c is not None:
            out.extend(w.lower() for w in c.originals[0].split() if w[0].isalnum())
            if at is not None:
                at.extend([len(out)] * (c.j - k - 1))
            k = c.j
            continue
        if tok.words[k]:
            pos[k] = len(out)
            out.append(tok.norms[k])
        elif tok.raw[k] in SENTENCE_END and out and out[-1] is not None:
            out.append(None)
        k += 1
    if at is not None:
        at.append(len(out))
    return out, pos


def _eligible(tok: Tokens, k: int, out: list[str | None], p: int) -> bool:
    raw = tok.raw[k]
    w = tok.norms[k]
    if len(w) < 3 or not raw.isalpha() or w in FUNCTION_WORDS:
        return False
    if tok.capital(k):
        return p == 0 or out[p - 1] is None  # a capital mid-sentence is a name
    return raw[1:].islower()


def slots(
    tok: Tokens, chosen: list[Candidate], table_words: Mapping[str, Sequence[Rule]] | None = None
) -> Iterator[Slot]:
    """The content words the tables left alone, one at a time (a long text never holds them all)."""
    out, pos = context(tok, chosen)
    lm = ngram.model()
    edited = sorted(c.i for c in chosen)
    import bisect

    for k, p in pos.items():
        if not _eligible(tok, k, out, p):
            continue
        cands = thesaurus.candidates(tok.norms[k])
        if not cands:
            continue
        left = [out[p - 2] if p >= 2 and out[p - 1] is not None else None, out[p - 1] if p >= 1 else None]
        right = [out[p + 1] if p + 1 < len(out) else None, out[p + 2] if p + 2 < len(out) else None]
        if right[0] is None:
            right[1] = None
        near = bisect.bisect_right(edited, k + 6) - bisect.bisect_left(edited, k - 6)
        rows = (table_words or {}).get(tok.norms[k], ())
        s = Slot(k, tok.norms[k], left, right, tok.capital(k), near, bool(rows))
        for r in rows:
            for o in r.originals:
                s.table[o] = max(s.table.get(o, 0.0), r.prior)
        s.own = lm.window(left, [s.word], right)
        s.zipf = thesaurus.zipf(s.word)
        s.own_logp = lm.logp(s.word, left[1], left[0])
        if s.own_logp > PREDICTABLE:
            continue
        if right[0] is not None:
            s.right_logp = lm.logp(right[0], s.word, left[1])
        short = cands[:SHORTLIST]
        wins = lm.windows(left, [c for c, *_ in short], right)
        scored = [(c, bits, w - s.own, chan, z) for (c, bits, chan, z), w in zip(short, wins, strict=True)]
        scored.sort(key=lambda t: -t[2])
        s.cands = scored
        yield s


def replace_features(s: Slot, r: int, spin: float) -> list[float]:
    c, bits, gain, chan, cand_z = s.cands[r]
    lm = ngram.model()
    nxt = s.cands[r + 1][2] if r + 1 < len(s.cands) else gain - 5.0
    best = s.cands[0][2]
    own_z = s.zipf
    return [
        max(-10.0, min(10.0, gain)),
        chan,
        lm.logp(c, s.left[1], s.left[0]),
        s.own_logp,
        own_z,
        cand_z,
        cand_z - own_z,
        float(r),
        max(-5.0, min(5.0, gain - (nxt if r == 0 else best))),
        math.log1p(len(s.cands)),
        *(1.0 if bits & b else 0.0 for b in (1, 2, 4, 8, 16, 32, 64)),
        float(bin(bits & 63).count("1")),
        spin,
        float(s.edits_near),
        1.0 if s.capital else 0.0,
        1.0 if s.in_table else 0.0,
        s.table.get(c, 0.0),
    ]


def suspect_features(s: Slot, spin: float) -> list[float]:
    gains = [g for _, _, g, _, _ in s.cands[:3]]
    return [
        s.own_logp,
        s.right_logp,
        max(-10.0, min(10.0, gains[0])),
        max(-10.0, min(10.0, sum(gains) / len(gains))),
        s.zipf,
        s.cands[0][4],
        math.log1p(len(s.cands)),
        spin,
        float(s.edits_near),
        float(len(s.word)),
        1.0 if s.capital else 0.0,
        1.0 if s.in_table else 0.0,
    ]


def propose(
    tok: Tokens,
    chosen: list[Candidate],
    spin: float,
    weights: Weights,
    tick: Callable[[int], None] | None = None,
    table_words: Mapping[str, Sequence[Rule]] | None = None,
) -> list[Candidate]:
    """Candidates for the content words the tables left alone: applied, suggested or flagged.

    `tick(char_offset)` is called every TICK_EVERY words; it may raise to cancel.
    """
    out = []
    for n, s in enumerate(slots(tok, chosen, table_words)):
        if tick is not None and n % TICK_EVERY == 0:
            tick(tok.starts[s.k])
        p_spun = weights.suspect.prob(suspect_features(s, spin))
        ranked = sorted(
            ((weights.replace.prob(replace_features(s, r, spin)), r) for r in range(min(TOP_K, len(s.cands)))),
            reverse=True,
        )
        best_p, best_r = ranked[0]
        if p_spun < weights.flag_at and best_p < 0.5:
            continue
        names = [s.cands[r][0] for _, r in ranked]
        c, bits, gain, _, _ = s.cands[best_r]
        out.append(
            Candidate(
                s.k,
                s.k + 1,
                "synonym",
                tuple(names),
                best_p,
                "content.thesaurus",
                explanation=_why(tok.raw[s.k], names, bits, p_spun, best_p),
                evidence={
                    "suspect": round(p_spun, 3),
                    "relation": thesaurus.describe(bits),
                    "trigram_gain_log10": round(gain, 2),
                    "candidates": [(s.cands[r][0], round(p, 3)) for p, r in ranked],
                },
                confidence=best_p,
                lm_gain=gain,
            )
        )
    return out


def _why(spun: str, names: list[str], bits: int, p_spun: float, best_p: float) -> str:
    """The hover card's sentence: how likely the word is the spinner's, and what the source said only if likely."""
    best = names[0]
    if best_p >= 0.5:
        return (
            f"“{spun}” looks like a thesaurus substitute (how likely: {p_spun:.0%}); “{best}” is "
            f"{thesaurus.describe(bits)} for it that reads far more naturally here, so the source probably said it."
        )
    listed = ", ".join(f"“{n}”" for n in names[:3])
    return (
        f"“{spun}” reads like a thesaurus substitute here (how likely: {p_spun:.0%}), but no candidate is sure; "
        f"the likeliest from the thesaurus: {listed}."
    )
