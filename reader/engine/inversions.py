"""Other spinners' marks found by code: clause inversions, article mismatches, leftover spintax.

Some spinners turn an adjective into a relative clause: "the right words" becomes "the
words that are right", "an independent watchdog" becomes "an watchdog that is
independent" (the article still fits the adjective that moved). Ordinary English writes
"a problem that is common" too, so each inversion is restored only when the trigram
prefers the restored order, and counts as a spinner signature only when it prefers it
by a wide margin or the article gives the move away.
"""

from __future__ import annotations

import bisect
import math
import re

from reader.engine import ngram, thesaurus
from reader.engine.candidates import Candidate
from reader.engine.lexicon import FUNCTION_WORDS
from reader.engine.tokens import Tokens

DETERMINERS = frozenset("a an the this these those my your his her its our their some any no every each".split())
COPULA = frozenset(("is", "are"))  # "a work that was published" is an ordinary passive
PRIOR = 0.4
LM_WEIGHT = 0.55
SIGNATURE_GAIN = 2.0  # log10: the restored order is a hundred times likelier
VOWEL = re.compile(r"^[aeio]|^u(?!ni|se|su|ro|ti)", re.IGNORECASE)
SPINTAX = re.compile(r"\{[^{}|\n]{1,80}(?:\|[^{}|\n]{1,80})+\}|\w\|[^{}|\n\s][^{}|\n]{0,80}\}")


def _content(tok: Tokens, k: int) -> bool:
    return tok.words[k] and tok.norms[k] not in FUNCTION_WORDS and tok.raw[k].isalpha()


def article_for(word: str) -> str:
    """'a' or 'an' for a word, by its first letters (a rule of thumb: 'an idea', 'a union')."""
    return "an" if VOWEL.match(word) else "a"


def agree_articles(tok: Tokens, chosen: list[Candidate]) -> None:
    """Take 'a'/'an' into an edit when the restored word needs the other one ("a frontrunner" -> "an ally").

    Only where every replacement starts with a lower-case word of three or more letters that
    does not start with 'h' ("an hour", "a house": the letters do not tell), and the article
    is not itself inside another edit. Candidates are changed in place.
    """
    taken = {k for c in chosen for k in range(c.i, c.j)}
    for c in chosen:
        k = c.i - 1
        if k < 0 or k in taken or tok.norms[k] not in ("a", "an") or not c.originals:
            continue
        firsts = [o.split(" ", 1)[0] for o in c.originals]
        if not all(len(f) >= 3 and f.isalpha() and f.islower() and f[0] != "h" for f in firsts):
            continue
        if all(article_for(f) == tok.norms[k] for f in firsts):
            continue
        c.i = k
        c.originals = tuple(f"{article_for(f)} {o}" for f, o in zip(firsts, c.originals, strict=True))
        c.evidence = {**c.evidence, "article": "a/an made to agree with the restored word"}
        taken.add(k)


INSERTED = frozenset({"certainly"})  # "a decision that is certainly difficult": the family's filler


def inversion_candidates(tok: Tokens) -> list[Candidate]:
    """[det] N [N] that is/are [certainly] ADJ -> [det] ADJ N [N], where the trigram agrees.

    Without a determiner ("more loan that is payday", "to be study that is language") the noun
    phrase must follow a function word or a break, and the rewrite never counts as a signature.
    """
    out: list[Candidate] = []
    norms = tok.norms
    n = len(tok)
    lm = None
    for t in range(1, n - 2):
        if norms[t] != "that" or norms[t + 1] not in COPULA:
            continue
        a = t + 2  # the moved word
        if norms[a] in INSERTED and a + 1 < n:
            a += 1
        if not _content(tok, a):
            continue
        end = a + 1  # one past the moved word; "mail-order" is three tokens
        glued = end + 1 < n and tok.ends[a] == tok.starts[end] and tok.ends[end] == tok.starts[end + 1]
        if glued and tok.raw[end] == "-" and tok.words[end + 1]:
            end += 2
        if end < n and tok.words[end] and norms[end] not in FUNCTION_WORDS:
            continue  # "that is good news": the clause goes on
        adj = tok.text[tok.starts[a] : tok.ends[end - 1]]
        if end == a + 1 and not thesaurus.is_adjective(norms[a]):
            continue
        for width in (1, 2):
            first = t - width  # the first noun
            if first < 0 or not all(_content(tok, k) for k in range(first, t)):
                continue
            d = first - 1
            has_det = d >= 0 and norms[d] in DETERMINERS
            if not has_det and d >= 0 and tok.words[d] and norms[d] not in FUNCTION_WORDS:
                continue  # a content word before: the noun phrase starts earlier
            start = d if has_det else first
            if not tok.joined(start, end):
                continue
            lm = lm or ngram.model()
            nouns = [norms[k] for k in range(first, t)]
            det = [norms[d]] if has_det else []
            new_det = [article_for(adj) if det[0] in ("a", "an") else det[0]] if det else []
            left = [norms[start - 2] if start >= 2 else None, norms[start - 1] if start >= 1 else None]
            right = [norms[end] if end < n and tok.words[end] else None, None]
            adj_words = [w.lower() for w in adj.split("-")]
            spun = lm.window(left, [*det, *nouns, *(norms[k] for k in range(t, a)), *adj_words], right)
            restored = lm.window(left, [*new_det, *adj_words, *nouns], right)
            gain = restored - spun
            if gain <= 0:
                continue
            mismatch = (
                bool(det) and det[0] in ("a", "an") and det[0] != article_for(nouns[0]) and det[0] == article_for(adj)
            )
            z = math.log(PRIOR / (1 - PRIOR)) + LM_WEIGHT * min(6.0, gain) + (1.5 if mismatch else 0.0)
            conf = 1 / (1 + math.exp(-z))
            value = " ".join([*new_det, adj, *(tok.raw[k] for k in range(first, t))])
            out.append(
                Candidate(
                    start,
                    end,
                    "padding",
                    (value,),
                    conf,
                    "padding.inversion",
                    explanation=(
                        f"Some spinners turn an adjective into a clause (“the words that are right” for “the right "
                        f"words”); “{value}” reads far more naturally here."
                    ),
                    evidence={"pattern": "noun that is adjective", "trigram_gain_log10": round(gain, 2)},
                    needs_spun=True,
                    sig=has_det and (mismatch or gain >= SIGNATURE_GAIN),
                    confidence=conf,
                    lm_gain=gain,
                )
            )
            break
    return out


def article_mismatches(tok: Tokens) -> int:
    """'a expression', 'an watchdog': an article that fits no word after it (a word moved or was swapped)."""
    hits = 0
    norms, raw = tok.norms, tok.raw
    for k in range(len(tok) - 1):
        if norms[k] not in ("a", "an") or not tok.words[k + 1] or not raw[k + 1].islower() or not raw[k + 1].isalpha():
            continue
        nxt = norms[k + 1]
        if nxt[0] == "h" or len(nxt) < 3:
            continue  # an hour, a historic: both are written
        if norms[k] != article_for(nxt):
            hits += 1
    return hits


SPINTAX_PRIOR = 0.88  # below decode's 0.9 signature cut: each leftover already counts as a mark
PROSE = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")  # words only: "{GET|POST}" in a manual is not a template


def spintax_candidates(tok: Tokens, found: list[re.Match[str]]) -> list[Candidate]:
    """'{a|b}' -> the choice the trigram prefers; 'x a|b}' (the brace lost) -> 'x a', the words before the bar.

    A spinner writes its output from a template of choices; a bad copy leaves the template
    in the text. Every choice is the spinner's, so none is known to be the source; the one
    that reads best in context is kept.
    """
    out: list[Candidate] = []
    text, starts, ends = tok.text, tok.starts, tok.ends
    lm = None
    for m in found:
        a, b = m.span()
        full = text[a] == "{"
        i = bisect.bisect_right(starts, a) - 1  # the partial form's match starts inside the word before the bar
        j = bisect.bisect_left(starts, b)
        if i < 0 or i >= j or ends[j - 1] != b or (full and starts[i] != a) or (not full and not tok.words[i]):
            continue
        a = starts[i]
        choices = [c.strip() for c in text[a:b].strip("{}").split("|")]
        if not all(PROSE.match(c) for c in choices) or all(c.isupper() for c in choices):
            continue  # "{GET|POST}", "{0|1}": a manual's notation, not a template
        if full:
            lm = lm or ngram.model()
            left = [tok.norms[i - 2] if i >= 2 else None, tok.norms[i - 1] if i >= 1 else None]
            right = [tok.norms[j] if j < len(tok) else None, tok.norms[j + 1] if j + 1 < len(tok) else None]
            choices.sort(key=lambda c: -lm.window(left, c.lower().split(), right))
            value, why = (
                choices[0],
                f"the spinner's choices “{text[a:b]}” were left in the text; “{choices[0]}” reads best here",
            )
        else:
            value = choices[0]
            why = f"the end of a spinner's choices (“…{text[a:b]}”) was left in the text; the words before the bar stay"
        out.append(
            Candidate(
                i,
                j,
                "padding",
                (value, *choices[1:]) if full else (value,),
                SPINTAX_PRIOR,
                "padding.spintax",
                explanation=why[0].upper() + why[1:] + ".",
                evidence={"pattern": "leftover spintax", "choices": choices},
                confidence=SPINTAX_PRIOR,
            )
        )
    return out


def spintax_leftovers(text: str) -> list[re.Match[str]]:
    """'{a|b}' or 'rate of interest|interest that is annual}': a spinner's template left in the text.

    Each one is a mark for the spin score and, where it is prose, a candidate (spintax_candidates).
    """
    return list(SPINTAX.finditer(text))
