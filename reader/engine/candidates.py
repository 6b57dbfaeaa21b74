"""The lattice of candidate edits: every table row whose phrase and context match the text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reader.engine import thesaurus
from reader.engine.lexicon import DETERMINERS, FUNCTION_WORDS, PRONOUNS, Cond, Lexicon, Rule
from reader.engine.tokens import Tokens

CLAUSE_OPENERS = frozenset('.!?:;"“”(')
CLAUSE_CLOSERS = frozenset('.,!?:;"“”)')


@dataclass(slots=True)
class Candidate:
    """A span of tokens [i, j) that may be the spinner's, with what it may have replaced."""

    i: int
    j: int
    category: str
    originals: tuple[str, ...]
    prior: float
    rule_id: str
    rule: Rule | None = None
    explanation: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    needs_spun: bool = False  # only in documents that pass the spin gate
    use_lm: bool = False  # the language model confirms and ranks
    sig: bool = False  # a spinner signature: counts toward the spin score
    confidence: float = 0.0
    lm_gain: float | None = None


class DocContext:
    """Document-level facts the conditions ask about: which words and phrases occur."""

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.words = frozenset(tokens.norms)
        self._lower: str | None = None
        self._phrases: dict[str, bool] = {}

    def has(self, phrase: str) -> bool:
        if " " not in phrase:
            return phrase in self.words
        hit = self._phrases.get(phrase)
        if hit is None:
            if self._lower is None:
                self._lower = self.tokens.text.lower().replace("’", "'")
            # A plain substring scan first (fast); the word-boundary check only when it is there.
            hit = phrase in self._lower and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", self._lower) is not None
            self._phrases[phrase] = hit
        return hit

    def found(self, values: tuple[str, ...]) -> list[str]:
        return [v for v in values if self.has(v)]


def _word_class(tok: Tokens, k: int, value: str) -> bool:
    raw = tok.raw[k]
    if value == "Cap":
        return tok.capital(k)
    if value == "low":
        return raw[0].islower() or k in tok.titled
    if value == "num":
        return raw[0].isdigit()
    if value.startswith("pos:"):
        w = tok.norms[k]
        pos = value[4:]
        if pos == "det":
            return w in DETERMINERS
        if pos == "pron":
            return w in PRONOUNS
        if pos == "adj":
            return w not in FUNCTION_WORDS and thesaurus.mainly_adjective(w)
        return tok.is_word(k) and w not in FUNCTION_WORDS
    return tok.norms[k] == value


def _side_holds(tok: Tokens, k: int | None, cond: Cond, boundary: str, gap: str) -> bool:
    """Does the neighbouring token k (None: none) satisfy one of the condition's values?"""
    broken = k is None or "\n" in gap
    if not broken and tok.norms[k] in cond.words:
        return True
    for v in cond.special:
        if v == boundary:
            if broken:
                return True
            if boundary == "^" and tok.raw[k] in CLAUSE_OPENERS:
                return True
            if boundary == "$" and tok.raw[k] in CLAUSE_CLOSERS:
                return True
        elif not broken and _word_class(tok, k, v):
            return True
    return False


SENTENCE_ENDS = frozenset(".!?")
SENTENCE_REACH = 40  # tokens each side a `sent=` condition looks at


def _sentence_has(tok: Tokens, i: int, j: int, words: frozenset[str]) -> bool:
    """One of `words` in the sentence around tokens [i, j) (not in the span itself), on the same line."""
    text = tok.text
    k = i - 1
    while (
        k >= max(0, i - SENTENCE_REACH)
        and tok.raw[k] not in SENTENCE_ENDS
        and "\n" not in text[tok.ends[k] : tok.starts[k + 1]]
    ):
        if tok.norms[k] in words:
            return True
        k -= 1
    k = j
    while (
        k < min(len(tok), j + SENTENCE_REACH)
        and tok.raw[k] not in SENTENCE_ENDS
        and "\n" not in text[tok.ends[k - 1] : tok.starts[k]]
    ):
        if tok.norms[k] in words:
            return True
        k += 1
    return False


def conditions_hold(tok: Tokens, i: int, j: int, conds: tuple[Cond, ...], doc: DocContext) -> bool:
    text = tok.text
    for c in conds:
        if c.kind == "doc":
            ok = bool(doc.found(c.values))
        elif c.kind == "sent":
            ok = _sentence_has(tok, i, j, c.words)
        elif c.kind == "prev":
            k = i - 1 if i > 0 else None
            gap = text[tok.ends[k] : tok.starts[i]] if k is not None else ""
            ok = _side_holds(tok, k, c, "^", gap)
        else:
            k = j if j < len(tok) else None
            gap = text[tok.ends[j - 1] : tok.starts[k]] if k is not None else ""
            ok = _side_holds(tok, k, c, "$", gap)
        if ok == c.negate:
            return False
    return True


TICK_EVERY = 16384  # tokens between calls of `tick` (cancel and progress)


def match_rules(
    tok: Tokens, lex: Lexicon, doc: DocContext, tick: Callable[[int], None] | None = None
) -> list[Candidate]:
    """Every (position, rule) whose phrase matches the tokens and whose conditions hold.

    `tick(char_offset)` is called every TICK_EVERY tokens; it may raise to cancel.
    """
    out: list[Candidate] = []
    norms = tok.norms
    n = len(norms)
    by_first, by_pair = lex.by_first, lex.by_pair
    empty: tuple[Rule, ...] = ()
    for i in range(n):
        if tick is not None and i % TICK_EVERY == 0:
            tick(tok.starts[i])
        single = by_first.get(norms[i], empty)
        multi = by_pair.get((norms[i], norms[i + 1]), empty) if i + 1 < n else empty
        if not single and not multi:
            continue
        for r in multi + single:
            m = len(r.spun)
            if i + m > n:
                continue
            if m > 1 and (tuple(norms[i : i + m]) != r.spun or not tok.joined(i, i + m)):
                continue
            if r.conds and not conditions_hold(tok, i, i + m, r.conds, doc):
                continue
            ev: dict[str, Any] = {"table": r.category, "row": f"{r.phrase} -> {' | '.join(r.originals)}"}
            ev["source"] = r.source
            for c in r.conds:
                if c.kind == "doc" and not c.negate:
                    ev["document"] = "text mentions " + ", ".join(doc.found(c.values))
            out.append(
                Candidate(
                    i,
                    i + m,
                    r.category,
                    r.originals,
                    r.prior,
                    r.id,
                    r,
                    r.explanation,
                    ev,
                    needs_spun=r.needs_spun,
                    use_lm=r.use_lm,
                    sig=r.sig,
                ),  # fmt: skip
            )
    return out
