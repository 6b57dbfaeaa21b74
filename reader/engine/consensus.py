"""Evidence from sibling copies: other spins of the same article, aligned word by word.

One source is spun by many sites, each with its own random choices, so where this copy
shows a thesaurus neighbour another copy often kept the source word. Plain voting is a
trap (it fixes about 10-14% of errors and harms 7-8% of good words), so a sibling's word
counts only when it *relates* to this copy's word (`relation(spun, other)`: a table row
maps one to the other, or both point back to the same original) and is not itself
spun-looking. `with_siblings` is a post-pass over the engine's Correction: it confirms the
engine's own candidates (raising suggestions a sibling shows), adds table rows the engine
left out, takes a sibling's word where the engine suspects this copy's and the trigram
clearly prefers the sibling's, and explains the engine's padding edits with the siblings
that lack the padding. bench/siblings.py measures each kind on the dev copies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from reader.engine import lexicon, ngram
from reader.engine.model import CATEGORIES, Correction, Edit, Replacement
from reader.engine.tokens import norm, tokenize

# relation(spun, other) -> a kind ("table", "padding", ...) when `other` is plausibly what the
# spinner replaced with `spun`, else None. Phrases are normalised words joined by one space.
Relation = Callable[[str, str], str | None]

MAX_SPAN = 4  # longest phrase (in words) compared across copies; longer differences are other text
CONFIDENCE = {"table": 0.9, "padding": 0.88, "shared": 0.8, "suspect": 0.75, "engine": 0.9}
TABLE_LM_GAIN = 0.0  # log10 (trigram): a table row the engine did not apply must at least fit the context as well
SUSPECT_LM_GAIN = 2.0  # log10 (trigram): where the engine suspects ours, the sibling's word must fit clearly better
# Kinds that only explain an edit the engine applied with the same result. Padding a sibling lacks
# was measured (bench/siblings.py, engine 2.0) to harm more words than it restores when it adds
# or promotes edits: the engine's padding rows already decide with the trigram.
EVIDENCE_ONLY = frozenset({"padding"})
BOOST = 0.4  # added to an engine edit's confidence when a sibling shows its candidate


@dataclass(frozen=True, slots=True)
class _Words:
    text: str
    words: list[str]  # normalised
    starts: list[int]
    ends: list[int]


def _words(text: str) -> _Words:
    tok = tokenize(text)
    idx = [i for i in range(len(tok)) if tok.words[i]]
    return _Words(text, [tok.norms[i] for i in idx], [tok.starts[i] for i in idx], [tok.ends[i] for i in idx])


def _phrase(tokens: Sequence[str]) -> str:
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """spun phrase -> originals (normalised words) from the engine's tables; and the padding phrases."""
    lex = lexicon.load()
    table: dict[str, set[str]] = {}
    padding: set[str] = set()
    for rule in lex.rules:
        spun = _phrase(t for t in rule.spun if t[0].isalnum())
        if not spun:
            continue
        originals = table.setdefault(spun, set())
        for o in rule.originals:
            originals.add(_phrase(norm(w) for w in _words(o).words))
        if rule.category == "padding":
            padding.add(spun)
    return {k: frozenset(v) for k, v in table.items()}, frozenset(padding)


def table_relation(spun: str, other: str) -> str | None:
    """The engine's tables: a row rewrites `spun` as `other` ("padding" for the padding family)."""
    table, padding = _table()
    if other in table.get(spun, ()):
        return "padding" if spun in padding else "table"
    return None


def spun_looking(phrase: str, this: str) -> bool:
    """A sibling's phrase that a table row would rewrite as this copy's phrase: the sibling is the spun one."""
    table, _ = _table()
    return this in table.get(phrase, ())


def _points_back(spun: str, other: str) -> str | None:
    """An original both phrases are table rows for (the candidate the copies point back to)."""
    table, _ = _table()
    common = table.get(spun, frozenset()) & table.get(other, frozenset())
    common -= {spun, other}
    return min(common) if len(common) == 1 else None


@dataclass(slots=True)
class _Proposal:
    i: int  # word span [i, j) of this copy
    j: int
    value: str  # normalised words ("" = delete)
    kind: str
    support: int  # siblings showing it
    delete_left: bool = False  # a deletion also removes the space before it


@dataclass(frozen=True, slots=True)
class _Copy:
    words: _Words
    suspect: frozenset[int]  # indices of words the engine edits or suggests editing in this copy


def _copy(text: str, correction: Correction) -> _Copy:
    w = _words(text)
    spans = sorted((e.offset, e.end) for e in correction.edits if e.replacements)
    suspect = set()
    k = 0
    for n, (a, b) in enumerate(zip(w.starts, w.ends, strict=True)):
        while k < len(spans) and spans[k][1] <= a:
            k += 1
        if k < len(spans) and spans[k][0] < b:
            suspect.add(n)
    return _Copy(w, frozenset(suspect))


def _case_like(value: str, spun: str) -> str:
    if value and spun[:1].isupper() and not value[:1].isupper():
        if spun.isupper() and len(spun) > 1:
            return value.upper()
        return value[0].upper() + value[1:]
    return value


def _views(me: _Words, sib: _Words) -> list[tuple[int, int, int, int]]:
    """(i, j, k, m): this copy's words [i, j) read [k, m) in the sibling, for short differences between agreeing words."""
    out = []
    block: list[int] | None = None
    for o in Levenshtein.opcodes(me.words, sib.words):
        if o.tag != "equal":
            if block is None:
                block = [o.src_start, o.src_end, o.dest_start, o.dest_end]
            else:
                block[1], block[3] = o.src_end, o.dest_end
            continue
        if block is not None:
            i, j, k, m = block
            if 0 < j - i <= MAX_SPAN and m - k <= MAX_SPAN and i > 0:
                out.append((i, j, k, m))  # else a passage one copy lacks, or text too different to pair
            block = None
    return out


def _gain(me: _Words, i: int, j: int, value: list[str]) -> float:
    """Trigram log10 gain of `value` over this copy's words [i, j), with two words of context each side."""
    model = ngram.model()
    w = me.words
    left: list[str | None] = [w[i - 2] if i >= 2 else None, w[i - 1] if i >= 1 else None]
    right: list[str | None] = [w[j] if j < len(w) else None, w[j + 1] if j + 1 < len(w) else None]
    return model.window(left, value, right) - model.window(left, w[i:j], right)


def _propose(me: _Copy, sibs: list[_Copy], relation: Relation) -> list[_Proposal]:
    found: dict[tuple[int, int, str], _Proposal] = {}
    w = me.words.words

    def add(i: int, j: int, value: str, kind: str, delete_left: bool = False) -> None:
        key = (i, j, value)
        if key in found:
            found[key].support += 1
        else:
            found[key] = _Proposal(i, j, value, kind, 1, delete_left)

    for sib in sibs:
        for i, j, k, m in _views(me.words, sib.words):
            mine, other = w[i:j], sib.words.words[k:m]
            suspect = any(n in me.suspect for n in range(i, j))
            if not other:  # words this copy has and the sibling lacks
                left = w[i - 1] if i > 0 else None
                right = w[j] if j < len(w) else None
                if left and relation(_phrase([left, *mine]), left):
                    add(i, j, "", "padding", delete_left=True)
                elif right and relation(_phrase([*mine, right]), right):
                    add(i, j, "", "padding")
                elif relation(_phrase(mine), "") or suspect and _gain(me.words, i, j, []) > 0:
                    add(i, j, "", "padding", delete_left=True)
                continue
            pairs = [(i, j, k, m)]
            if len(mine) == len(other) > 1:
                pairs += [(i + n, i + n + 1, k + n, k + n + 1) for n in range(len(mine))]
            for a, b, c, d in pairs:
                sm, so = _phrase(w[a:b]), _phrase(sib.words.words[c:d])
                sib_suspect = any(n in sib.suspect for n in range(c, d))
                if sib_suspect or spun_looking(so, sm):
                    back = _points_back(sm, so)
                    if back is not None:
                        add(a, b, back, "shared")
                    continue
                kind = relation(sm, so)
                if kind and (b - a != 1 or _gain(me.words, a, b, so.split()) > TABLE_LM_GAIN):
                    add(a, b, so, kind)
                elif (
                    b - a == d - c == 1
                    and any(n in me.suspect for n in range(a, b))
                    and _gain(me.words, a, b, so.split()) > SUSPECT_LM_GAIN
                ):
                    add(a, b, so, "suspect")
    return list(found.values())


def _span(me: _Words, p: _Proposal) -> tuple[int, int] | None:
    """Character span of a proposal; deletions take one neighbouring space with them."""
    a, b = me.starts[p.i], me.ends[p.j - 1]
    if p.value:
        return a, b
    if p.delete_left and p.i > 0:
        a = me.ends[p.i - 1]
    elif p.j < len(me.words):
        b = me.starts[p.j]
    gap = me.text[a:b]
    if "\n" in gap or any(not (c.isalnum() or c in " '’") for c in gap):
        return None  # punctuation inside: not a clean phrase
    return a, b


def _message(count: int, value: str, mine: str) -> str:
    copies = "1 other copy" if count == 1 else f"{count} other copies"
    if value:
        return (
            f'{copies} of this article {"says" if count == 1 else "say"} "{value}" here, where this copy has "{mine}".'
        )
    return f'{copies} of this article {"does" if count == 1 else "do"} not have "{mine}" here: spinner padding.'


# Copies longer than this are not aligned: a word alignment costs len(a) * len(b) / 64 steps in one C call
# that holds the GIL (about 10 ms at this size, seconds at 200,000 words), and spun web copies are far shorter.
MAX_WORDS = 20_000


def _long(text: str) -> bool:
    return text.count(" ") > MAX_WORDS and len(text.split()) > MAX_WORDS


def with_siblings(
    text: str,
    correction: Correction,
    siblings: Sequence[str | Correction],
    relation: Relation = table_relation,
) -> Correction:
    """`correction` (the engine's result for `text`) with evidence from other copies of the same article.

    A sibling's word is used only where `relation` ties it to this copy's word, or where the
    engine suspects this copy's word and not the sibling's. Siblings given as text are run
    through the engine first (pass their Corrections to save that). Edits stay sorted and
    non-overlapping with offsets into `text`, rule ids `consensus.<kind>`.
    """
    from reader.engine import correct

    if _long(text):
        return correction
    sibs = []
    for s in siblings:
        if _long(s.text if isinstance(s, Correction) else s):
            continue
        sc = s if isinstance(s, Correction) else correct(s) if s and s.strip() else None
        if sc is not None and sc.text.strip():
            sibs.append(_copy(sc.text, sc))
    if not sibs:
        return correction
    mine_copy = _copy(text, correction)
    me = mine_copy.words
    props = _propose(mine_copy, sibs, relation)
    # One proposal per span, the best supported; the longest span first when two overlap.
    props.sort(key=lambda p: (-p.support, -(p.j - p.i), p.i))
    edits = list(correction.edits)
    min_conf = correction.min_confidence
    taken: list[tuple[int, int]] = []
    for p in props:
        span = _span(me, p)
        if span is None or any(a < span[1] and span[0] < b for a, b in taken):
            continue
        mine = text[me.starts[p.i] : me.ends[p.j - 1]]
        value = _case_like(p.value, mine)
        message = _message(p.support, value, mine)
        evidence = {"siblings": p.support, "sibling_words": p.value, "consensus": p.kind}
        overlapping = [k for k, e in enumerate(edits) if e.offset < span[1] and span[0] < e.end]
        if overlapping:
            k = overlapping[0]
            e = edits[k]
            agree = [r for r in e.replacements if _same(text, span, value, (e.offset, e.end), r.value)]
            if len(overlapping) > 1 or (not agree and (e.offset, e.end) != span):
                continue  # the engine saw something else here; the sibling does not overrule it
            if p.kind in EVIDENCE_ONLY and not (agree and e.applied and agree[0] is e.replacements[0]):
                continue
            if not agree:  # same words, another value: the copies outvote the engine's guess
                edits.pop(k)
                edits.append(_new_edit(text, span, value, p, message, evidence, min_conf, e))
                taken.append(span)
                continue
            reps = sorted(e.replacements, key=lambda r: r is not agree[0])
            conf = min(0.99, max(e.confidence, CONFIDENCE["engine"]) if e.applied else e.confidence + BOOST)
            edits[k] = replace(
                e,
                replacements=tuple(reps),
                confidence=round(conf, 4),
                applied=conf >= min_conf,
                message=f"{e.message} {message}",
                evidence={**dict(e.evidence), **evidence},
            )
            taken.append((e.offset, e.end))
            continue
        if p.kind in EVIDENCE_ONLY:
            continue
        edits.append(_new_edit(text, span, value, p, message, evidence, min_conf, None))
        taken.append(span)
    edits.sort(key=lambda e: (e.offset, e.length))
    return replace(correction, edits=tuple(edits))


def _new_edit(
    text: str,
    span: tuple[int, int],
    value: str,
    p: _Proposal,
    message: str,
    evidence: dict,
    min_conf: float,
    engine: Edit | None,
) -> Edit:
    """A consensus edit; the engine's own candidates for the span (if any) follow as alternatives."""
    conf = CONFIDENCE.get(p.kind, CONFIDENCE["table"])
    reps = [Replacement(value, conf, "what the other copies say")]
    if engine is not None:
        reps += [r for r in engine.replacements if r.value.lower() != value.lower()]
        evidence = {**dict(engine.evidence), **evidence, "engine_rule": engine.rule_id}
    category = engine.category if engine is not None else CATEGORIES["padding" if p.kind == "padding" else "synonym"]
    return Edit(
        offset=span[0],
        length=span[1] - span[0],
        original_text=text[span[0] : span[1]],
        replacements=tuple(reps),
        rule_id=f"consensus.{p.kind}",
        category=category,
        message=message,
        short_message="Other copies differ",
        confidence=conf,
        applied=conf >= min_conf,
        evidence=evidence,
    )


def _same(text: str, span: tuple[int, int], value: str, other: tuple[int, int], other_value: str) -> bool:
    """True when two edits give the same words (e.g. deleting "you can" and rewriting "and you can" as "and")."""
    a, b = max(0, min(span[0], other[0]) - 30), min(len(text), max(span[1], other[1]) + 30)

    def result(s: tuple[int, int], v: str) -> list[str]:
        return [norm(w) for w in _words(text[a : s[0]] + v + text[s[1] : b]).words]

    return result(span, value) == result(other, other_value)
