"""Evidence from sibling copies: other spins of the same article, aligned word by word.

One source is spun by many sites, each with its own random choices, so where this copy
shows a thesaurus neighbour another copy often kept the source word. Plain voting is a
trap (it fixes about 10-14% of errors and harms 7-8% of good words), and so is the
thesaurus alone: where our word X and a sibling's word Y are neighbours, one of them is
likely the source, but which one? A small logistic model (decide.Logistic, fitted by
tools/fit_consensus.py with each dev article held out, shipped as
resources/models/consensus.json) answers per aligned word: how many copies show X and Y,
whether each is in the other's thesaurus candidates or table rows, how common each word
is (spinners pick rarer neighbours), how each fits the trigram in this copy's context and
in the sibling's, and whether the engine edited or doubted X here or Y there.

The copies are compared as the engine left them (its applied edits in), so a sibling's
word Y replaces either a word the engine left or the value of one of its edits.
`with_siblings` is a post-pass over the engine's Correction; it also explains the
engine's padding deletions with the siblings that lack the padding.
bench/siblings.py and bench/devscore.py --siblings measure it.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from reader.engine import content, decide, document, lexicon, ngram, thesaurus
from reader.engine.decide import Logistic
from reader.engine.lexicon import FUNCTION_WORDS
from reader.engine.model import CATEGORIES, Correction, Edit, Replacement
from reader.engine.tokens import WORD_RE, norm, tokenize
from reader.paths import RESOURCES

# relation(spun, other) -> a kind ("table", "padding", ...) when `other` is plausibly what the
# spinner replaced with `spun`, else None. Phrases are normalised words joined by one space.
Relation = Callable[[str, str], str | None]

MODEL_PATH = RESOURCES / "models" / "consensus.json"
MAX_SPAN = 4  # longest phrase (in words) compared across copies; longer differences are other text
BREAK = frozenset('.!?;:"“”()[]\n')
FEATURES = (
    "votes_y",  # siblings that show Y here
    "votes_x",  # siblings that show X here
    "votes_other",  # siblings that show a third word
    "rel_xy",  # Y is among X's thesaurus candidates (X may be a spun Y)
    "rel_yx",  # X is among Y's candidates
    "chan_xy",  # the thesaurus channel log10 of Y for X (-6 when none)
    "chan_yx",
    "table_xy",  # a table row rewrites X as Y
    "table_yx",
    "uni_x",  # unigram log10 of each word (spinners pick rarer neighbours)
    "uni_y",
    "gain_me",  # trigram log10 gain of Y over X in this copy's context
    "gain_sib",  # the same in the siblings' contexts (mean over those showing Y)
    "x_engine",  # X is (in) an engine replacement in this copy
    "y_engine",  # share of Y's siblings where Y is (in) an engine replacement
    "x_doubt",  # the engine suggests or flags X's raw word (content model's P(spun) when it says)
    "y_doubt",
    "x_function",
    "y_function",
    "similar",  # normalised character similarity of X and Y (inflections, typos)
    "block",  # words in the differing block (1 = a lone word)
    "spin",
    "signature",  # the engine sees the signature (padding) spinner in this copy
    "sus_x",  # the content model's P(X is the spinner's word), in this copy's context
    "sus_y",  # P(Y is the spinner's word) in the siblings' contexts
    "rep_xy",  # the content model's P(Y is what the source said) for X here
    "rep_yx",  # P(X is what the source said) for Y in the siblings' contexts
    "loose",  # the pair sits in a block of several differing words and nothing relates them
    "y_engine_cand",  # the engine itself proposed Y for X in this copy (a suggestion or an alternative)
    "x_engine_cand",  # share of Y's siblings whose engine proposed X for Y
    "unan_x",  # log(1 + places where every copy shows X): a word of the source's own vocabulary
    "unan_y",
    "gain_both",  # the smaller of the two gains: Y fits better in both contexts
    "gain_related",  # gain_both where the thesaurus or a table relates X and Y, else 0
    "gain_doubted",  # gain_me where the engine edited or doubted X, else 0
)


@dataclass(frozen=True, slots=True)
class Model:
    """The fitted decision: P(the siblings' word Y is the source word where this copy has X)."""

    logistic: Logistic
    apply_at: float  # probability from which the siblings' word is applied

    @classmethod
    def from_dict(cls, d: dict) -> Model:
        return cls(Logistic.from_dict(d["model"]), d["apply_at"])

    def to_dict(self) -> dict:
        return {"model": self.logistic.to_dict(), "apply_at": self.apply_at}


@lru_cache(maxsize=1)
def shipped(path: Path = MODEL_PATH) -> Model | None:
    """resources/models/consensus.json, or None before tools/fit_consensus.py has run (no word consensus)."""
    if not path.exists():
        return None
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass(slots=True)
class View:
    """A copy as the engine left it: its corrected words, each tied to the raw text or to one engine edit."""

    correction: Correction
    words: list[str]  # normalised words of the corrected text
    origin: list[tuple[int, int, int]]  # (-1, start, end) in the raw text, (k, start, end) in edit k's value, or -2
    doubt: list[float]  # the engine's doubt about a raw word it left (0 = none)
    brk: list[bool]  # a sentence or line break before the word
    caps: list[bool] = field(default_factory=list)  # the word is written with a capital
    alts: list[frozenset[str]] = field(default_factory=list)  # other words the engine proposed for this one
    signature: bool = False
    spin: float = 0.0

    def context(self, i: int) -> tuple[list[str | None], list[str | None]]:
        """Two words each side of word i for the trigram, None across a break."""
        w, b, n = self.words, self.brk, len(self.words)
        l1 = w[i - 1] if i >= 1 and not b[i] else None
        l2 = w[i - 2] if l1 is not None and i >= 2 and not b[i - 1] else None
        r1 = w[i + 1] if i + 1 < n and not b[i + 1] else None
        r2 = w[i + 2] if r1 is not None and i + 2 < n and not b[i + 2] else None
        return [l2, l1], [r1, r2]


def view(c: Correction) -> View:
    """The corrected words of `c` and where each came from."""
    text = c.text
    parts: list[str] = []
    pieces: list[tuple[int, int, int]] = []  # (start in corrected text, edit index or -1, raw start)
    doubts: list[tuple[int, int, float, frozenset[str]]] = []
    pos = cpos = 0
    for k, e in enumerate(c.edits):
        if e.applied and e.replacements:
            pieces.append((cpos, -1, pos))
            parts.append(text[pos : e.offset])
            cpos += e.offset - pos
            pieces.append((cpos, k, 0))
            parts.append(e.best or "")
            cpos += len(e.best or "")
            pos = e.end
        else:
            d = e.evidence.get("suspect") if e.replacements else None
            alts = frozenset(norm(r.value) for r in e.replacements if r.value and " " not in r.value)
            doubts.append((e.offset, e.end, float(d) if isinstance(d, int | float) else 0.5, alts))
    pieces.append((cpos, -1, pos))
    parts.append(text[pos:])
    pieces.append((cpos + len(text) - pos, -3, 0))  # sentinel
    corrected = "".join(parts)
    starts = [p[0] for p in pieces]
    dstarts = [d[0] for d in doubts]
    v = View(c, [], [], [], [], signature=c.spinner_kind == "signature", spin=c.spin_score)
    last = 0
    for m in WORD_RE.finditer(corrected):
        a, b = m.span()
        n = bisect_right(starts, a) - 1
        cs, k, raw = pieces[n]
        if b > starts[n + 1]:
            origin = (-2, 0, 0)  # a word made of two pieces: not editable
        elif k == -1:
            origin = (-1, raw + a - cs, raw + b - cs)
        else:
            origin = (k, a - cs, b - cs)
        doubt = 0.0
        alts: frozenset[str] = frozenset()
        if origin[0] == -1:
            d = bisect_right(dstarts, origin[1]) - 1
            if d >= 0 and doubts[d][1] > origin[1]:
                doubt, alts = doubts[d][2], doubts[d][3]
        elif origin[0] >= 0:
            alts = frozenset(norm(r.value) for r in c.edits[origin[0]].replacements[1:] if " " not in r.value)
        gap = corrected[last:a]
        v.words.append(norm(m.group()))
        v.origin.append(origin)
        v.doubt.append(doubt)
        v.brk.append(len(v.words) == 1 or not BREAK.isdisjoint(gap))
        v.caps.append(m.group()[:1].isupper())
        v.alts.append(alts)
        last = b
    return v


@lru_cache(maxsize=50_000)
def _unigram(word: str) -> float:
    return ngram.model().logp(word, None, None)


def _chan(x: str, y: str) -> float:
    for cand, _bits, chan, _z in thesaurus.candidates(x):
        if cand == y:
            return chan
    return -6.0


@dataclass(slots=True)
class Row:
    """One word a sibling shows where this copy has another: its features and who shows it."""

    i: int  # word index in this copy's view
    y: str
    votes: int
    features: list[float] = field(default_factory=list)


def _slot(v: View, i: int, word: str, lex: lexicon.Lexicon, wanted: str) -> tuple[content.Slot, int] | None:
    """The content stage's view of `word` at word i of `v` (as content.slots builds it), and `wanted`'s rank."""
    if len(word) < 3 or not word.isalpha() or word in FUNCTION_WORDS or (v.caps[i] and not v.brk[i]):
        return None
    cands = thesaurus.candidates(word)
    if not cands:
        return None
    lm = ngram.model()
    left, right = v.context(i)
    near = sum(1 for k in range(max(0, i - 6), min(len(v.words), i + 7)) if v.origin[k][0] >= 0)
    rules = lex.by_first.get(word, ())
    s = content.Slot(i, word, left, right, v.caps[i], near, bool(rules))
    for r in rules:
        for o in r.originals:
            s.table[o] = max(s.table.get(o, 0.0), r.prior)
    s.own = lm.window(left, [word], right)
    s.zipf = thesaurus.zipf(word)
    s.own_logp = lm.logp(word, left[1], left[0])
    if right[0] is not None:
        s.right_logp = lm.logp(right[0], word, left[1])
    short = list(cands[: content.SHORTLIST])
    if all(c != wanted for c, *_ in short):
        short += [c for c in cands if c[0] == wanted]
    wins = lm.windows(left, [c for c, *_ in short], right)
    s.cands = sorted(
        ((c, bits, w - s.own, chan, z) for (c, bits, chan, z), w in zip(short, wins, strict=True)),
        key=lambda t: -t[2],
    )
    rank = next((r for r, c in enumerate(s.cands) if c[0] == wanted), -1)
    return s, rank


def _content(
    v: View, i: int, word: str, other: str, lex: lexicon.Lexicon, w: decide.Weights | None
) -> tuple[float, float]:
    """(P(word is the spinner's), P(other is what the source said there)) by the content model, 0 where it has no say."""
    got = _slot(v, i, word, lex, other) if w is not None else None
    if got is None:
        return 0.0, 0.0
    s, rank = got
    sus = w.suspect.prob(content.suspect_features(s, v.spin))
    return sus, w.replace.prob(content.replace_features(s, rank, v.spin)) if rank >= 0 else 0.0


def rows(
    me: View, sibs: Sequence[View], lex: lexicon.Lexicon | None = None, weights: decide.Weights | None = None
) -> list[Row]:
    """Every (position, sibling word) pair where aligned siblings differ from this copy word for word.

    `weights` are the content model's (default: the shipped ones).
    """
    lex = lex or lexicon.load()
    weights = weights if weights is not None else decide.shipped()
    table = _table(lex)[0]
    n = len(me.words)
    same = [0] * n
    other = [0] * n
    shows: dict[int, dict[str, list[tuple[int, int, int]]]] = {}  # i -> Y -> [(sibling, j, block)]
    for s, sib in enumerate(sibs):
        for o in Levenshtein.opcodes(me.words, sib.words):
            if o.tag == "equal":
                for i in range(o.src_start, o.src_end):
                    same[i] += 1
            elif o.tag == "replace":
                size = o.src_end - o.src_start
                if size == o.dest_end - o.dest_start <= MAX_SPAN:
                    for d in range(size):
                        y = sib.words[o.dest_start + d]
                        shows.setdefault(o.src_start + d, {}).setdefault(y, []).append((s, o.dest_start + d, size))
                else:
                    for i in range(o.src_start, o.src_end):
                        other[i] += 1
    unanimous: dict[str, int] = {}
    for i in range(n):
        if same[i] == len(sibs):
            unanimous[me.words[i]] = unanimous.get(me.words[i], 0) + 1
    lm = ngram.model()
    out = []
    for i, by_y in sorted(shows.items()):
        x = me.words[i]
        if me.origin[i][0] == -2:
            continue
        left, right = me.context(i)
        own = lm.window(left, [x], right)
        total = sum(len(v) for v in by_y.values())
        for y, where in by_y.items():
            sib_gain = 0.0
            y_engine = y_doubt = sus_y = rep_yx = x_cand = 0.0
            for s, j, _ in where:
                sl, sr = sibs[s].context(j)
                sib_gain += lm.window(sl, [y], sr) - lm.window(sl, [x], sr)
                y_engine += sibs[s].origin[j][0] >= 0
                y_doubt += sibs[s].doubt[j]
                x_cand += x in sibs[s].alts[j]
                a, b = _content(sibs[s], j, y, x, lex, weights)
                sus_y += a
                rep_yx += b
            k = len(where)
            sus_x, rep_xy = _content(me, i, x, y, lex, weights)
            related = _chan(x, y) > -6.0 or _chan(y, x) > -6.0 or y in table.get(x, ()) or x in table.get(y, ())
            block = min(w[2] for w in where)
            row = Row(i, y, k)
            row.features = [
                float(k),
                float(same[i]),
                float(total - k + other[i]),
                float(_chan(x, y) > -6.0),
                float(_chan(y, x) > -6.0),
                _chan(x, y),
                _chan(y, x),
                float(y in table.get(x, ())),
                float(x in table.get(y, ())),
                _unigram(x),
                _unigram(y),
                max(-10.0, min(10.0, lm.window(left, [y], right) - own)),
                max(-10.0, min(10.0, sib_gain / k)),
                float(me.origin[i][0] >= 0),
                y_engine / k,
                me.doubt[i],
                y_doubt / k,
                float(x in FUNCTION_WORDS),
                float(y in FUNCTION_WORDS),
                1.0 - Levenshtein.normalized_distance(x, y),
                float(block),
                me.spin,
                float(me.signature),
                sus_x,
                sus_y / k,
                rep_xy,
                rep_yx / k,
                float(block > 1 and not related),
                float(y in me.alts[i]),
                x_cand / k,
                math.log1p(unanimous.get(x, 0)),
                math.log1p(unanimous.get(y, 0)),
            ]
            gain_me, gain_sib = row.features[11], row.features[12]
            both = min(gain_me, gain_sib)
            row.features += [both, both if related else 0.0, gain_me if me.doubt[i] or me.origin[i][0] >= 0 else 0.0]
            out.append(row)
    return out


def choose(
    me: View,
    sibs: Sequence[View],
    model: Model,
    lex: lexicon.Lexicon | None = None,
    weights: decide.Weights | None = None,
) -> list[tuple[Row, float]]:
    """The siblings' words to apply: the likeliest per position, when its probability reaches the model's bar."""
    best: dict[int, tuple[Row, float]] = {}
    for r in rows(me, sibs, lex, weights):
        p = model.logistic.prob(r.features)
        if p >= model.apply_at and (r.i not in best or p > best[r.i][1]):
            best[r.i] = (r, p)
    return [best[i] for i in sorted(best)]


def _kind(r: Row) -> str:
    f = dict(zip(FEATURES, r.features, strict=True))
    if f["table_xy"] or f["table_yx"]:
        return "table"
    if f["rel_xy"] or f["rel_yx"]:
        return "thesaurus"
    return "votes"


def _apply_words(c: Correction, me: View, chosen: list[tuple[Row, float]]) -> list[Edit]:
    """The engine's edits with the chosen sibling words in: new edits on raw words, engine edits' values rewritten."""
    text = c.text
    edits = list(c.edits)
    offsets = [e.offset for e in edits]
    inside: dict[int, list[tuple[int, int, Row, float]]] = {}
    drop: set[int] = set()
    new: list[Edit] = []
    for r, p in chosen:
        k, a, b = me.origin[r.i]
        if k >= 0:
            inside.setdefault(k, []).append((a, b, r, p))
            continue
        n = bisect_right(offsets, b - 1) - 1
        engine = None
        if n >= 0 and edits[n].end > a:  # an edit the engine did not apply covers this word
            engine = edits[n]
            if (engine.offset, engine.end) != (a, b) or not engine.replacements or n in drop:
                continue
            drop.add(n)
        mine = text[a:b]
        value = _case_like(r.y, mine)
        new.append(_model_edit(text, (a, b), value, mine, r, p, c.min_confidence, engine))
    for k, changes in inside.items():
        e = edits[k]
        value = e.best or ""
        for a, b, r, _ in sorted(changes, key=lambda t: -t[0]):
            value = value[:a] + _case_like(r.y, value[a:b]) + value[b:]
        a, b, r, p = max(changes, key=lambda t: t[3])
        new.append(_model_edit(text, (e.offset, e.end), value, (e.best or "")[a:b], r, p, c.min_confidence, e))
        drop.add(k)
    out = [e for n, e in enumerate(edits) if n not in drop] + new
    out.sort(key=lambda e: (e.offset, e.length))
    return out


def _model_edit(
    text: str,
    span: tuple[int, int],
    value: str,
    mine: str,
    r: Row,
    p: float,
    min_conf: float,
    engine: Edit | None,
) -> Edit:
    """A consensus edit; the engine's own candidates for the span (if any) follow as alternatives."""
    kind = _kind(r)
    word = _case_like(r.y, mine)
    message = _message(r.votes, word, mine)
    if kind == "thesaurus":
        how = thesaurus.relation(mine, r.y) or thesaurus.relation(r.y, mine)
        message += f" The two are thesaurus neighbours ({how}), the spinner's kind of swap."
    elif kind == "table":
        message += " One of the spinner tables swaps the two."
    conf = round(p, 4)
    evidence = {"siblings": r.votes, "sibling_words": r.y, "consensus": kind, "probability": conf}
    return _consensus_edit(text, span, value, kind, "synonym", conf, message, evidence, min_conf, engine)


def _consensus_edit(
    text: str,
    span: tuple[int, int],
    value: str,
    kind: str,
    category: str,
    conf: float,
    message: str,
    evidence: dict,
    min_conf: float,
    engine: Edit | None,
) -> Edit:
    """An edit rule `consensus.<kind>`; the engine's own candidates for the span (if any) follow as alternatives
    and its category wins over `category`."""
    reps = [Replacement(value, conf, "what the other copies say")]
    if engine is not None:
        reps += [x for x in engine.replacements if x.value.lower() != value.lower()]
        evidence = {**dict(engine.evidence), **evidence, "engine_rule": engine.rule_id}
    return Edit(
        offset=span[0],
        length=span[1] - span[0],
        original_text=text[span[0] : span[1]],
        replacements=tuple(reps),
        rule_id=f"consensus.{kind}",
        category=engine.category if engine is not None else CATEGORIES[category],
        message=message,
        short_message="Other copies differ",
        confidence=conf,
        applied=conf >= min_conf,
        evidence=evidence,
    )


def _message(count: int, value: str, mine: str) -> str:
    copies = "1 other copy" if count == 1 else f"{count} other copies"
    if value:
        return (
            f'{copies} of this article {"says" if count == 1 else "say"} "{value}" here, where this copy has "{mine}".'
        )
    return f'{copies} of this article {"does" if count == 1 else "do"} not have "{mine}" here: spinner padding.'


def _case_like(value: str, spun: str) -> str:
    if value and spun[:1].isupper() and not value[:1].isupper():
        if spun.isupper() and len(spun) > 1:
            return value.upper()
        return value[0].upper() + value[1:]
    return value


# -- the first stage: table rows and the engine's own doubts ------------------------------------------------


# Confidence of each kind of the first stage (measured in bench/siblings.py).
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


_TABLES: dict[str, tuple[dict[str, frozenset[str]], frozenset[str]]] = {}


def _table(lex: lexicon.Lexicon) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """spun phrase -> originals (normalised words) from `lex`'s rows; and the padding phrases."""
    got = _TABLES.get(lex.version)
    if got is not None:
        return got
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
    if len(_TABLES) >= 16:
        _TABLES.clear()
    got = _TABLES[lex.version] = ({k: frozenset(v) for k, v in table.items()}, frozenset(padding))
    return got


def table_relation(spun: str, other: str, lex: lexicon.Lexicon | None = None) -> str | None:
    """The engine's tables (`lex`, default the shipped ones): a row rewrites `spun` as `other` ("padding" for padding)."""
    table, padding = _table(lex or lexicon.load())
    if other in table.get(spun, ()):
        return "padding" if spun in padding else "table"
    return None


def spun_looking(phrase: str, this: str, lex: lexicon.Lexicon) -> bool:
    """A sibling's phrase that a table row would rewrite as this copy's phrase: the sibling is the spun one."""
    table, _ = _table(lex)
    return this in table.get(phrase, ())


def _points_back(spun: str, other: str, lex: lexicon.Lexicon) -> str | None:
    """An original both phrases are table rows for (the candidate the copies point back to)."""
    table, _ = _table(lex)
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


def _propose(me: _Copy, sibs: list[_Copy], relation: Relation, lex: lexicon.Lexicon) -> list[_Proposal]:
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
                if sib_suspect or spun_looking(so, sm, lex):
                    back = _points_back(sm, so, lex)
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


def first_stage(
    text: str,
    correction: Correction,
    siblings: Sequence[Correction],
    relation: Relation | None = None,
    lex: lexicon.Lexicon | None = None,
) -> Correction:
    """The first stage: siblings' words that the tables relate to this copy's, or that the engine doubts too."""
    lex = lex or lexicon.load()
    relation = relation or (lambda a, b: table_relation(a, b, lex))
    sibs = [_copy(s.text, s) for s in siblings]
    mine_copy = _copy(text, correction)
    me = mine_copy.words
    props = _propose(mine_copy, sibs, relation, lex)
    # One proposal per span, the best supported; the longest span first when two overlap.
    props.sort(key=lambda p: (-p.support, -(p.j - p.i), p.i))
    edits = list(correction.edits)
    # spans stay where they are (edits are replaced in place), so the overlap search can bisect
    offsets = [e.offset for e in edits]
    ends = [e.end for e in edits]
    added: list[Edit] = []
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
        overlapping = range(bisect_right(ends, span[0]), bisect_left(offsets, span[1]))
        if overlapping:
            k = overlapping[0]
            e = edits[k]
            agree = [r for r in e.replacements if _same(text, span, value, (e.offset, e.end), r.value)]
            if len(overlapping) > 1 or (not agree and (e.offset, e.end) != span):
                continue  # the engine saw something else here; the sibling does not overrule it
            if p.kind in EVIDENCE_ONLY and not (agree and e.applied and agree[0] is e.replacements[0]):
                continue
            if not agree:  # same words, another value: the copies outvote the engine's guess
                edits[k] = _rule_edit(text, span, value, p, message, evidence, min_conf, e)
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
        added.append(_rule_edit(text, span, value, p, message, evidence, min_conf, None))
        taken.append(span)
    edits += added
    edits.sort(key=lambda e: (e.offset, e.length))
    return replace(correction, edits=tuple(edits))


def _rule_edit(
    text: str,
    span: tuple[int, int],
    value: str,
    p: _Proposal,
    message: str,
    evidence: dict,
    min_conf: float,
    engine: Edit | None,
) -> Edit:
    """A first-stage consensus edit, at its kind's fixed confidence."""
    conf = CONFIDENCE.get(p.kind, CONFIDENCE["table"])
    category = "padding" if p.kind == "padding" else "synonym"
    return _consensus_edit(text, span, value, p.kind, category, conf, message, evidence, min_conf, engine)


def _same(text: str, span: tuple[int, int], value: str, other: tuple[int, int], other_value: str) -> bool:
    """True when two edits give the same words (e.g. deleting "you can" and rewriting "and you can" as "and")."""
    a, b = max(0, min(span[0], other[0]) - 30), min(len(text), max(span[1], other[1]) + 30)

    def result(s: tuple[int, int], v: str) -> list[str]:
        return [norm(w) for w in _words(text[a : s[0]] + v + text[s[1] : b]).words]

    return result(span, value) == result(other, other_value)


# Copies longer than this are not aligned: a word alignment costs len(a) * len(b) / 64 steps in one C call
# that holds the GIL (about 10 ms at this size, seconds at 200,000 words), and spun web copies are far shorter.
MAX_WORDS = 20_000


def _long(text: str) -> bool:
    return text.count(" ") > MAX_WORDS and len(text.split()) > MAX_WORDS


# A sibling whose own signatures put its spin score this high is clearly spun (document.gate is 1 from 0.6).
SPUN_SIBLING = 0.6
# Where two copies differ, the share of places where this copy's words fit the trigram better (by 0.5 log10)
# from which this copy is taken for the original the sibling was spun from, not another spin of it. Measured
# (bench corpus, 25 originals against a spin of each): 0.87-0.98; dev copies against each other: 0.43-0.72.
READS_AS_ORIGINAL = 0.8
MIN_DIFFERENCES = 8  # fewer differing places say nothing either way


def reads_better(text: str, sibling: str) -> tuple[float, int]:
    """(share of the places where the two copies differ at which `text`'s words fit better, places judged)."""
    me, sib = _words(text), _words(sibling).words
    better = worse = 0
    for o in Levenshtein.opcodes(me.words, sib):
        i, j, k, m = o.src_start, o.src_end, o.dest_start, o.dest_end
        if o.tag != "replace" or j - i > 3 or m - k > 3:
            continue
        d = -_gain(me, i, j, sib[k:m])  # how much better this copy's words fit than the sibling's
        better += d > 0.5
        worse += d < -0.5
    return better / max(better + worse, 1), better + worse


def spun_by_siblings(correction: Correction, siblings: Sequence[Correction]) -> bool:
    """True when this copy's spin gate is shut but another copy of the same article is clearly spun.

    Copies of one article are spins of one source, so the gate opens for this copy too
    (Options.assume_spun): other spinners leave too few signatures for the gate on their own.
    Not when this copy reads as the original itself: where the two differ, its words fit
    the context better almost everywhere (a spun copy's fit about half the time).
    """
    if correction.spin_score > document.GATE_LOW or _long(correction.text):
        return False
    for s in siblings:
        if s.spin_score < SPUN_SIBLING or _long(s.text):
            continue
        share, judged = reads_better(correction.text, s.text)
        if judged >= MIN_DIFFERENCES and share < READS_AS_ORIGINAL:
            return True
    return False


def with_siblings(
    text: str,
    correction: Correction,
    siblings: Sequence[str | Correction],
    relation: Relation | None = None,
    lex: lexicon.Lexicon | None = None,
    model: Model | None = None,
    weights: decide.Weights | None = None,
) -> Correction:
    """`correction` (the engine's result for `text`) with evidence from other copies of the same article.

    Two stages: the rules (a sibling's word that `relation` ties to this copy's word,
    default the tables of `lex`, or that the engine doubts here too), then the learned
    model (`model`, with the content model's `weights`) on every remaining difference.
    Defaults are the shipped tables and models; bench/ passes those fitted without the
    article. Siblings given as text are run through the engine first (pass their
    Corrections to save that). Edits stay sorted and non-overlapping with offsets into
    `text`; the siblings' words carry rule ids `consensus.<kind>` and evidence `siblings`,
    `sibling_words`, `consensus`.
    """
    from reader.engine import correct

    if _long(text):
        return correction
    sibs: list[Correction] = []
    for s in siblings:
        if _long(s.text if isinstance(s, Correction) else s):
            continue
        sc = s if isinstance(s, Correction) else correct(s) if s and s.strip() else None
        if sc is not None and sc.text.strip():
            sibs.append(sc)
    if not sibs:
        return correction
    lex = lex or lexicon.load()
    result = first_stage(text, correction, sibs, relation, lex)
    model = model if model is not None else shipped()
    if model is None:
        return result
    me = view(result)
    chosen = choose(me, [view(s) for s in sibs], model, lex, weights)
    if not chosen:
        return result
    return replace(result, edits=tuple(_apply_words(result, me, chosen)))
