"""Picks one non-overlapping set of edits from the candidate lattice and gives each a confidence.

Two passes. First the rows that need no language model (padding signatures, numbers,
entity rows with document evidence) are chosen; then the rows marked `lm` are scored with
the bigram model in the context those first edits produce, so "and you can criticised"
is judged as "and criticised". Rows that are also ordinary English only fire past the
document's spin gate, which keeps clean text clean.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.engine import content, decide, document, explain, inversions, lexicon, ngram
from reader.engine.candidates import Candidate, DocContext, match_rules
from reader.engine.model import CATEGORIES, Cancelled, Correction, Edit, Options, Replacement
from reader.engine.numbers import number_candidates
from reader.engine.tokens import WORD_RE, Tokens, tokenize

LM_WEIGHT = 0.55  # confidence logit per log10 unit of language-model gain
LM_CLIP = 6.0
SUGGEST_FLOOR = 0.2  # below this a candidate is not even shown as a suggestion
SINGLE_TORTURED = 0.55  # one lone tortured phrase in a document is only a suggestion


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


LONGER_BONUS = 0.05  # per extra token: a specific phrase row beats the shorter row inside it


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Greedy: most confident first, with a small bonus for longer spans, no overlaps.

    The bonus lets "different frontrunner -> foreign leader" (0.9) win over the one-word
    row "frontrunner -> leader" that the language model pushed to 0.95.
    """
    taken: list[Candidate] = []
    used: set[int] = set()
    for c in sorted(cands, key=lambda c: (-(c.confidence + LONGER_BONUS * (c.j - c.i - 1)), -(c.j - c.i), c.i)):
        span = range(c.i, c.j)
        if any(k in used for k in span):
            continue
        used.update(span)
        taken.append(c)
    taken.sort(key=lambda c: c.i)
    return taken


def _score_lm(c: Candidate, tok: Tokens, out: list[str | None], at: list[int], model: ngram.Trigram) -> None:
    """Rank the row's originals with the trigram, two words of context each side, the first pass applied."""
    spun = [tok.norms[k] for k in range(c.i, c.j) if tok.is_word(k)]
    a, b = at[c.i], at[c.j]
    left = [out[a - 2] if a >= 2 and out[a - 1] is not None else None, out[a - 1] if a >= 1 else None]
    right = [out[b] if b < len(out) else None, out[b + 1] if b + 1 < len(out) and b < len(out) and out[b] else None]
    base = model.window(left, spun, right)
    gains = [(model.window(left, [w.lower() for w in o.split()], right) - base, o) for o in c.originals]
    gains.sort(key=lambda g: -g[0])
    gain, _ = gains[0]
    c.originals = tuple(o for _, o in gains)
    c.lm_gain = gain
    c.confidence = _sigmoid(_logit(c.confidence) + LM_WEIGHT * max(-LM_CLIP, min(LM_CLIP, gain)))


def _case_like(value: str, spun: str) -> str:
    if not value:
        return value
    if any(ch.isupper() for ch in value):
        return value  # the table gave the exact form (a name, an acronym)
    if len(spun) > 1 and spun.isupper() and spun.isalpha():
        return value.upper()
    # Words kept from the spun phrase keep their capitals: "winter months Olympics" -> "winter Olympics".
    forms = {w.lower(): w for w in WORD_RE.findall(spun) if w[:1].isupper()}
    if forms:
        value = WORD_RE.sub(lambda m: forms.get(m.group().lower(), m.group()), value)
    if spun[:1].isupper():
        return value[0].upper() + value[1:]
    return value


def _edit(c: Candidate, tok: Tokens, spin: float, curly: bool, min_conf: float) -> Edit:
    text = tok.text
    start, end = tok.starts[c.i], tok.ends[c.j - 1]
    if c.originals[0] == "" and c.j < len(tok) and "\n" not in text[end : tok.starts[c.j]]:
        end = tok.starts[c.j]  # deleting a phrase takes its following space with it
    spun = text[start:end]
    values = []
    for o in c.originals:
        v = _case_like(o, spun)
        if curly or "’" in spun:
            v = v.replace("'", "’")
        values.append(v)
    reps = tuple(
        Replacement(v, round(c.confidence if n == 0 else c.confidence * 0.5 / n, 4), "most likely" if n == 0 else "")
        for n, v in enumerate(values)
    )
    evidence: dict[str, Any] = dict(c.evidence)
    evidence["prior"] = c.prior
    evidence["spin_score"] = round(spin, 3)
    if c.lm_gain is not None:
        evidence["lm_gain_log10"] = round(c.lm_gain, 2)
    cat = CATEGORIES[c.category]
    shown = spun.strip()
    return Edit(
        offset=start,
        length=end - start,
        original_text=spun,
        replacements=reps,
        rule_id=c.rule_id,
        category=cat,
        message=explain.message(c.category, shown, values[0], c.confidence, c.explanation, evidence),
        short_message=(
            f"{explain.SHORT_BY_RULE.get(c.rule_id) or explain.SHORT.get(c.category, cat.name)}: "
            f"{shown} → {values[0] or '(delete)'}"
        ),
        confidence=round(c.confidence, 4),
        applied=c.confidence >= min_conf,
        evidence=evidence,
    )


def _flag_edit(f: document.Flag, text: str, min_conf: float) -> Edit:
    reps: tuple[Replacement, ...] = ()
    conf = f.confidence
    if f.delete_confidence is not None:
        reps = (Replacement("", f.delete_confidence, "delete the injected text"),)
        conf = f.delete_confidence
    return Edit(
        offset=f.offset,
        length=f.length,
        original_text=text[f.offset : f.offset + f.length],
        replacements=reps,
        rule_id=f.rule_id,
        category=CATEGORIES[f.category],
        message=f.message,
        short_message=f.short_message,
        confidence=conf,
        applied=bool(reps) and conf >= min_conf,
        evidence={"pattern": f.rule_id},
    )


def _checker(options: Options, total: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        if options.cancel is not None and options.cancel():
            raise Cancelled()
        if options.progress is not None:
            options.progress(done, total)

    return tick


@dataclass(slots=True)
class TablePass:
    """What the tables' pass leaves for the content stage and the edits: tokens, chosen rows, spin."""

    tok: Tokens
    chosen: list[Candidate]
    spin: float
    gate: float
    words: int
    kind: str


def table_pass(text: str, options: Options, lex: lexicon.Lexicon | None = None) -> TablePass:
    """Tokenize, match every table row, score the document's spin and pick one set of table edits."""
    lex = lex or lexicon.load()
    tick = _checker(options, len(text))
    tick(0)
    tok = tokenize(text)
    doc = DocContext(tok)
    words = sum(tok.words)
    # Matching runs progress to 50%, the content stage (decode.run) from there to 100%.
    cands = match_rules(tok, lex, doc, lambda at: tick(at // 2)) + number_candidates(tok)
    spintax = inversions.spintax_leftovers(text)
    cands += inversions.inversion_candidates(tok) + inversions.spintax_candidates(tok, spintax)
    tick(len(text) // 2)
    off = options.disabled_categories
    if off:
        cands = [c for c in cands if c.category not in off]

    # Document evidence: how spun is this text?
    signatures = _select([c for c in cands if c.sig or (not c.needs_spun and not c.use_lm and c.prior >= 0.9)])
    marks = inversions.article_mismatches(tok) + len(spintax)
    spin = document.spin_score(len(signatures) + marks, words)
    other = marks + sum(
        1 for c in signatures if c.rule_id == "padding.inversion" or (c.rule and c.rule.table == "otherspinners")
    )
    kind = "" if spin <= document.GATE_LOW else ("other" if other * 2 >= len(signatures) + marks else "signature")
    g = document.gate(spin)
    if options.assume_spun:
        g = 1.0
        kind = kind or "other"  # spun, without the seed's spinner's signatures
    tortured = {c.rule_id for c in cands if c.category == "tortured"}

    for c in cands:
        conf = c.prior * (g if c.needs_spun else 1.0)
        if c.category == "tortured" and len(tortured) < 2:
            conf *= SINGLE_TORTURED
        c.confidence = conf
    cands = [c for c in cands if c.confidence > 0 and (c.use_lm or c.confidence >= SUGGEST_FLOOR)]

    fixed = _select([c for c in cands if not c.use_lm])
    scored = [c for c in cands if c.use_lm]
    if scored:
        at: list[int] = []
        out, _ = content.context(tok, fixed, at)
        model = ngram.model()
        for c in scored:
            _score_lm(c, tok, out, at, model)
        scored = [c for c in scored if c.confidence >= SUGGEST_FLOOR]
    return TablePass(tok, _select(fixed + scored), spin, g, words, kind)


def run(
    text: str, options: Options, lex: lexicon.Lexicon | None = None, weights: decide.Weights | None = None
) -> Correction:
    """Correct `text`; `lex` and `weights` replace the shipped tables and fitted model (bench/ holds an article out)."""
    lex = lex or lexicon.load()
    tp = table_pass(text, options, lex)
    tok, spin, words = tp.tok, tp.spin, tp.words
    off = options.disabled_categories
    chosen = tp.chosen
    tick = _checker(options, len(text))
    w = weights if weights is not None else decide.shipped()
    flags = []
    if "gap" not in off:
        flags += document.gap_flags(text)
    if "injected" not in off:
        flags += document.spam_flags(text, words)
    if w is not None and tp.gate > 0 and "synonym" not in off:
        flagged = sorted((f.offset, f.offset + f.length) for f in flags)
        half = len(text) // 2

        def clear(c: Candidate) -> bool:  # flags (spam, gaps) win over a content swap inside them
            k = bisect.bisect_right(flagged, (tok.starts[c.i], len(text)))
            return k == 0 or flagged[k - 1][1] <= tok.starts[c.i]

        found = content.propose(tok, chosen, spin, w, lambda at: tick(half + at // 2), lex.by_first)
        extra = [c for c in found if clear(c)]
        chosen = sorted(chosen + extra, key=lambda c: c.i)
    tick(len(text))
    inversions.agree_articles(tok, chosen)

    min_conf = options.min_confidence
    curly = text.count("’") > text.count("'")
    edits = [_edit(c, tok, spin, curly, min_conf) for c in chosen]
    if flags:
        spans = [(e.offset, e.end) for e in edits]  # sorted, disjoint
        for f in sorted(flags, key=lambda f: f.offset):
            end = f.offset + f.length
            k = bisect.bisect_left(spans, (f.offset, end))
            clash = (k > 0 and spans[k - 1][1] > f.offset) or (k < len(spans) and spans[k][0] < end)
            if not clash:
                spans.insert(k, (f.offset, end))
                edits.append(_flag_edit(f, text, min_conf))
        edits.sort(key=lambda e: e.offset)
    return Correction(
        text=text,
        edits=tuple(edits),
        spin_score=round(spin, 4),
        lexicon_version=lex.version,
        min_confidence=min_conf,
        spinner_kind=tp.kind,
    )
