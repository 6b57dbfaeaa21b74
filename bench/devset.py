"""The shared dev set, read in-process: pairs, their articles, word alignment with the hashed sources.

Used by bench/devscore.py (held-out-article figures) and tools/fit_content.py (fitting the
content-swap model). The scoring functions are ../shared/devset/score.py's own, imported,
so the figures are computed exactly as the judges compute them.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset"
OBSERVED = SHARED / "data" / "spin-substitutions-real.tsv"
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"


@lru_cache(maxsize=4)
def score_module(devset: Path = DEVSET):
    """../shared/devset/score.py as a module: its own hashing, alignment and scoring functions."""
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Pair:
    id: str
    article: str
    spinner: str
    text: str
    source: list[str]  # hashed source words
    salt: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # code-point span of each scored word
    hashes: list[str] = field(default_factory=list)

    def hash(self, word: str) -> str:
        return score_module().hashed(word, self.salt)[0] if word else ""


def article_of(pair_id: str) -> str:
    base = pair_id.removesuffix("-otherspinner")
    return base.rsplit("-", 1)[0]


@lru_cache(maxsize=1)
def pairs() -> tuple[Pair, ...]:
    if not (DEVSET / "dev-pairs.json").exists():
        raise SystemExit(f"{DEVSET / 'dev-pairs.json'}: not found (the shared dev set sits beside the project)")
    data = json.loads((DEVSET / "dev-pairs.json").read_text(encoding="utf-8"))
    sc = score_module()
    out = []
    for p in data["pairs"]:
        pair = Pair(
            p["id"],
            article_of(p["id"]),
            p.get("spinner", "signature"),
            p["spun_text"],
            p["source_words_hashed"],
            data["salt"],
        )
        pair.spans = [m.span() for m in sc.WORD.finditer(pair.text)]
        pair.hashes = sc.hashed(pair.text, data["salt"])
        out.append(pair)
    return tuple(out)


def articles() -> list[str]:
    return sorted({p.article for p in pairs()})


@dataclass
class Alignment:
    """Spun word index -> what the source has there (within the scored region)."""

    region: tuple[int, int]
    wrong: set[int]  # spun words that differ from the source (score.py's `changed`)
    source_at: dict[int, str]  # spun word -> source word hash, for 1:1 replacements and equal words


def align(pair: Pair) -> Alignment:
    sc = score_module()
    from rapidfuzz.distance import Levenshtein

    s0, s1, o0, o1 = sc.region(pair.hashes, pair.source)
    s, o = pair.hashes[s0:s1], pair.source[o0:o1]
    wrong = {s0 + k for k in sc.changed(s, o)}
    source_at: dict[int, str] = {}
    for op in Levenshtein.opcodes(s, o):
        if op.tag in ("equal", "replace") and op.src_end - op.src_start == op.dest_end - op.dest_start:
            for k in range(op.src_end - op.src_start):
                source_at[s0 + op.src_start + k] = o[op.dest_start + k]
    return Alignment((s0, s1), wrong, source_at)


def score_text(pair: Pair, corrected: str) -> tuple[int, int, int, int]:
    """(errors before, errors after, correct words harmed, correct words) as score.py counts them."""
    sc = score_module()
    s0, s1, o0, o1 = sc.region(pair.hashes, pair.source)
    s, o = pair.hashes[s0:s1], pair.source[o0:o1]
    c = sc.project(sc.hashed(corrected, pair.salt), pair.source, o0, o1)
    from rapidfuzz.distance import Levenshtein

    before, after = Levenshtein.distance(s, o), Levenshtein.distance(c, o)
    wrong = sc.changed(s, o)
    harm = len(sc.changed(s, c) - wrong)
    return before, after, harm, len(s) - len(wrong)


def highlighted_words(pair: Pair, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the scored words that any of the character spans touches."""
    out = set()
    import bisect

    starts = [a for a, _ in pair.spans]
    for a, b in spans:
        k = max(0, bisect.bisect_right(starts, a) - 1)
        while k < len(pair.spans) and pair.spans[k][0] < b:
            if pair.spans[k][1] > a:
                out.add(k)
            k += 1
    return out


_PHRASE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def _toks(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _PHRASE.findall(text)]


def _contains(hay: list[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    first = needle[0]
    return any(hay[k] == first and tuple(hay[k : k + n]) == needle for k in range(len(hay) - n + 1))


@lru_cache(maxsize=1)
def row_articles() -> dict[tuple[str, ...], frozenset[str]]:
    """For every lexicon row that dev copies could have taught us: the dev articles it was seen in.

    A row counts as an article's when its spun phrase occurs in that article's copies or the
    observed table lists the substitution for it. Rows also seen in the seed or named by the
    field guide have evidence beyond the dev set and are never switched off.
    """
    from reader.engine import lexicon

    lex = lexicon.load()
    observed: dict[tuple[str, ...], set[str]] = {}
    for line in OBSERVED.read_text(encoding="utf-8").splitlines()[1:]:
        spun, _orig, _count, arts = line.split("\t")
        observed.setdefault(tuple(_toks(spun)), set()).update(arts.split(","))
    texts: dict[str, list[list[str]]] = {}
    for p in pairs():
        texts.setdefault(p.article, []).append(_toks(p.text))
    seed = _toks(SEED.read_text(encoding="utf-8"))
    guide = _toks((SHARED / "docs" / "spinner-field-guide.md").read_text(encoding="utf-8"))
    out: dict[tuple[str, ...], frozenset[str]] = {}
    for r in lex.rules:
        if r.source in ("pps", "guide") or _contains(seed, r.spun) or _contains(guide, r.spun):
            continue
        arts = set(observed.get(r.spun, ()))
        arts.update(a for a, copies in texts.items() if any(_contains(t, r.spun) for t in copies))
        if arts:
            out[r.spun] = frozenset(arts)
    return out


@lru_cache(maxsize=16)
def held_out_lexicon(article: str):
    """The shipped lexicon less the rows whose only evidence is `article`'s own copies."""
    from reader.engine import lexicon

    lex = lexicon.load()
    owners = row_articles()
    keep = [r for r in lex.rules if owners.get(r.spun, frozenset({"*"})) - {article}]
    return lexicon.build(keep, lex.version + "-without-" + article)


def observed_pairs(exclude: str | None = None) -> dict[tuple[str, str], int]:
    """(spun, original) -> count from the observed table, less rows seen only in `exclude`."""
    out: dict[tuple[str, str], int] = {}
    for line in OBSERVED.read_text(encoding="utf-8").splitlines()[1:]:
        spun, orig, count, arts = line.split("\t")
        a = set(arts.split(","))
        if exclude and a <= {exclude}:
            continue
        out[(spun.lower(), orig.lower())] = int(count)
    return out


FOLDS = ROOT / "bench" / "models" / "content-folds.json"


def fold_weights(article: str):
    """The content model fitted without `article` (tools/fit_content.py writes one per dev article)."""
    if not FOLDS.exists():
        return None
    folds = _folds()
    return folds.get(article)


@lru_cache(maxsize=1)
def _folds() -> dict:
    from reader.engine import decide

    data = json.loads(FOLDS.read_text(encoding="utf-8"))
    return {a: decide.Weights.from_dict(w) for a, w in data.items()}
