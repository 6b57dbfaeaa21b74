"""Fit the content-swap decisions (reader/engine/decide.py) on the shared dev set, article by article held out.

    python tools/fit_content.py

Rows: every content word the tables' pass leaves alone in a dev copy (tables with that
copy's own article switched off, as bench/devscore.py runs them), with its thesaurus
candidates scored by the trigram. Labels come from the hashed sources: a word is spun when
score.py's alignment says it differs from the source; a candidate is right when its hash
is the source word's. Fits one model per held-out article (bench/models/content-folds.json,
what bench/devscore.py uses) and one on everything (resources/models/content.json, what
ships), and prints held-out reliability tables. Needs scikit-learn (the bench extra).
"""

from __future__ import annotations

import json
import sys
from bisect import bisect_left
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import devset  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from reader.engine import Options, content, decode  # noqa: E402
from reader.engine.decide import Logistic, Weights  # noqa: E402

FLAG_PRECISION = 0.80  # a highlight on a word the tables left alone should be right this often


def rows(pair: devset.Pair):
    lex = devset.held_out_lexicon(pair.article)
    tp = decode.table_pass(pair.text, Options(), lex)
    al = devset.align(pair)
    lo, hi = al.region
    starts = [a for a, _ in pair.spans]
    sus, rep = [], []
    for s in content.slots(tp.tok, tp.chosen, lex.by_first):
        w = bisect_left(starts, tp.tok.starts[s.k])
        if w >= len(starts) or starts[w] != tp.tok.starts[s.k] or not lo <= w < hi:
            continue
        spun = w in al.wrong
        sus.append((content.suspect_features(s, tp.spin), int(spun)))
        src = al.source_at.get(w) if spun else None
        for r in range(min(content.TOP_K, len(s.cands))):
            right = src is not None and pair.hash(s.cands[r][0]) == src
            rep.append((content.replace_features(s, r, tp.spin), int(right), (pair.id, s.k), spun))
    return sus, rep


def fit(x: list[list[float]], y: list[int], names: tuple[str, ...], c: float = 0.3) -> Logistic:
    a = np.array(x, dtype=float)
    mean = a.mean(axis=0)
    scale = a.std(axis=0)
    scale[scale == 0] = 1.0
    m = LogisticRegression(C=c, max_iter=2000).fit((a - mean) / scale, np.array(y))
    return Logistic(names, tuple(m.coef_[0]), float(m.intercept_[0]), tuple(mean), tuple(scale))


def flag_threshold(model: Logistic, data: list[tuple[list[float], int]]) -> float:
    """The lowest suspect probability at which highlights are still right FLAG_PRECISION of the time."""
    ps = sorted(((model.prob(x), y) for x, y in data), reverse=True)
    best, hit = 0.99, 0
    for n, (p, y) in enumerate(ps, 1):
        hit += y
        if n >= 20 and hit / n >= FLAG_PRECISION:
            best = p
    return best


def fit_weights(data: dict[str, tuple[list, list]], articles: list[str]) -> Weights:
    sus = [r for a in articles for r in data[a][0]]
    rep = [r for a in articles for r in data[a][1]]
    suspect = fit([x for x, _ in sus], [y for _, y in sus], content.SUSPECT_FEATURES)
    replace = fit([x for x, *_ in rep], [y for _, y, *_ in rep], content.REPLACE_FEATURES)
    return Weights(replace, suspect, flag_threshold(suspect, sus))


def main() -> None:
    data: dict[str, tuple[list, list]] = {}
    for pair in devset.pairs():
        sus, rep = rows(pair)
        d = data.setdefault(pair.article, ([], []))
        d[0].extend(sus)
        d[1].extend(rep)
    arts = sorted(data)
    folds = {}
    buckets = np.zeros((10, 2))
    flags = [0, 0]
    for a in arts:
        w = fit_weights(data, [b for b in arts if b != a])
        folds[a] = w.to_dict()
        # held-out reliability: best candidate per word, confidence bucket -> share right
        best: dict[int, tuple[float, int]] = {}
        for x, y, slot, _spun in data[a][1]:
            p = w.replace.prob(x)
            if slot not in best or p > best[slot][0]:
                best[slot] = (p, y)
        for p, y in best.values():
            buckets[min(9, int(p * 10))] += (1, y)
        for x, y in data[a][0]:
            if w.suspect.prob(x) >= w.flag_at:
                flags[0] += 1
                flags[1] += y
    (ROOT / "bench" / "models").mkdir(exist_ok=True)
    (ROOT / "bench" / "models" / "content-folds.json").write_text(json.dumps(folds, indent=1) + "\n")
    full = fit_weights(data, arts)
    n_sus = sum(len(data[a][0]) for a in arts)
    n_rep = sum(len(data[a][1]) for a in arts)
    out = {
        "fitted_by": "tools/fit_content.py on ../shared/devset (20 copies, 8 articles)",
        "rows": {"suspect": n_sus, "replace": n_rep},
        "weights": full.to_dict(),
    }
    path = ROOT / "resources" / "models" / "content.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"rows: {n_sus} words, {n_rep} candidates; flag threshold (all data) {full.flag_at:.3f}")
    print("held-out reliability of the best candidate per word (confidence -> share right):")
    for k in range(10):
        n, r = buckets[k]
        if n:
            print(f"  {k / 10:.1f}-{(k + 1) / 10:.1f}: {int(n):5d} words, {r / n:6.1%} right")
    print(f"held-out suspect highlights: {flags[0]} words, {flags[1] / max(flags[0], 1):.1%} spun")


if __name__ == "__main__":
    main()
