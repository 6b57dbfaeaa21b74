"""Held-out-article figures on the shared dev set, per spinner kind, with detection figures.

    python bench/devscore.py [--show] [--mirror]

For each copy, the lexicon rows whose only evidence is that copy's own article (its copies,
or the observed table's rows for it) are switched off, and so is every learned weight fitted
on it (tools/fit_content.py fits one model per held-out article). That is the figure to
move; `--mirror` also prints the figure with everything on (what ../shared/devset/score.py
gives through `unspin correct`). Detection: recall = share of spun words under any
highlight (edit, suggestion or flag); precision = share of highlighted words that are spun.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devset  # noqa: E402

from reader.engine import Options, decode  # noqa: E402


def correct(pair: devset.Pair, held_out: bool, options: Options | None = None):
    options = options or Options()
    if not held_out:
        return decode.run(pair.text, options)
    return decode.run(pair.text, options, devset.held_out_lexicon(pair.article), devset.fold_weights(pair.article))


RELIABILITY: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # bucket -> [edits, right, wrong]


def judge_edits(pair: devset.Pair, corr) -> None:
    """Each edit applied alone: right when it lowers the copy's errors, wrong when it raises them."""
    from reader.engine import apply_values

    base = devset.score_text(pair, pair.text)[1]
    for e in corr.edits:
        if not e.replacements:
            continue
        after = devset.score_text(pair, apply_values(pair.text, [e], {0: e.best}))[1]
        b = RELIABILITY[min(9, int(e.confidence * 10))]
        b[0] += 1
        b[1] += after < base
        b[2] += after > base


CONSENSUS_FOLDS = devset.ROOT / "bench" / "models" / "consensus-folds.json"


def consensus_fold(article: str):
    """The sibling-word model fitted without `article` (tools/fit_consensus.py writes one per dev article)."""
    import json

    from reader.engine import consensus

    if not CONSENSUS_FOLDS.exists():
        raise SystemExit(f"{CONSENSUS_FOLDS}: not found; run tools/fit_consensus.py first")
    data = json.loads(CONSENSUS_FOLDS.read_text(encoding="utf-8"))
    return consensus.Model.from_dict(data[article]) if article in data else None


def with_siblings(pair: devset.Pair, held_out: bool):
    """The copy corrected with the other copies of its article as siblings (each corrected the same way).

    Held out, the consensus pass uses the tables, content weights and sibling-word model
    that never saw this article, like the engine's own stages.
    """
    from reader.engine import consensus

    base = correct(pair, held_out)
    sibs = [correct(p, held_out) for p in devset.pairs() if p.article == pair.article and p.id != pair.id]
    if not sibs:
        return None
    if consensus.spun_by_siblings(base, sibs):  # as reader.engine.correct does
        base = correct(pair, held_out, Options(assume_spun=True))
    if not held_out:
        return consensus.with_siblings(pair.text, base, sibs)
    return consensus.with_siblings(
        pair.text,
        base,
        sibs,
        lex=devset.held_out_lexicon(pair.article),
        model=consensus_fold(pair.article),
        weights=devset.fold_weights(pair.article),
    )


def figures(held_out: bool, show: bool, siblings: bool = False) -> dict[str, list[int]]:
    kinds: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for pair in devset.pairs():
        corr = with_siblings(pair, held_out) if siblings else correct(pair, held_out)
        if corr is None:
            continue
        if held_out and not siblings:
            judge_edits(pair, corr)
        b, a, h, c = devset.score_text(pair, corr.corrected)
        al = devset.align(pair)
        lo, hi = al.region
        lit = devset.highlighted_words(pair, [(e.offset, e.end) for e in corr.edits]) & set(range(lo, hi))
        hit = len(lit & al.wrong)
        k = kinds[pair.spinner]
        for n, v in enumerate((b, a, h, c, len(al.wrong), hit, len(lit))):
            k[n] += v
        if show:
            print(
                f"  {pair.id[:44]:44s} errors {b:4d} -> {a:4d}  undone {1 - a / max(b, 1):6.1%}  harmed {h:2d}"
                f"  lit {hit}/{len(lit)} of {len(al.wrong)} spun"
            )
    return kinds


def _only_with_siblings(kinds: dict[str, list[int]]) -> dict[str, list[int]]:
    """figures() again over the copies that have siblings only, for a like-for-like comparison."""
    out: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    arts = [p.article for p in devset.pairs()]
    for pair in devset.pairs():
        if arts.count(pair.article) < 2:
            continue
        corr = correct(pair, True)
        b, a, h, c = devset.score_text(pair, corr.corrected)
        al = devset.align(pair)
        lo, hi = al.region
        lit = devset.highlighted_words(pair, [(e.offset, e.end) for e in corr.edits]) & set(range(lo, hi))
        for n, v in enumerate((b, a, h, c, len(al.wrong), len(lit & al.wrong), len(lit))):
            out[pair.spinner][n] += v
    return out


def report(title: str, kinds: dict[str, list[int]]) -> None:
    print(title)
    tot = [sum(v[n] for v in kinds.values()) for n in range(7)]
    for name, (b, a, h, c, w, hit, lit) in [*sorted(kinds.items()), ("all", tot)]:
        print(
            f"  {name:9s} undone={1 - a / max(b, 1):6.1%}  harm={h / max(c, 1):.2%}  (errors {b} -> {a})"
            f"  detection recall={hit / max(w, 1):6.1%} precision={hit / max(lit, 1):6.1%}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="one line per copy")
    ap.add_argument("--mirror", action="store_true", help="also the figure with every row and weight on")
    ap.add_argument("--siblings", action="store_true", help="also each copy with its article's other copies")
    a = ap.parse_args()
    report("held out (each article's own rows and fitted weights off):", figures(True, a.show))
    print("reliability, held out (each edit applied alone; right = fewer errors, wrong = more):")
    for k in sorted(RELIABILITY):
        n, right, wrong = RELIABILITY[k]
        print(
            f"  confidence {k / 10:.1f}-{(k + 1) / 10:.1f}: {n:5d} edits, {right / n:6.1%} right, {wrong / n:6.1%} wrong"
        )
    if a.siblings:
        report("held out, copies that have siblings, alone:", _only_with_siblings(figures(True, False)))
        report("held out, the same copies with their siblings:", figures(True, a.show, siblings=True))
    if a.mirror:
        report("mirror (everything on, as `unspin correct` runs):", figures(False, a.show))
        if a.siblings:
            report("mirror, the copies with their siblings:", figures(False, a.show, siblings=True))


if __name__ == "__main__":
    main()
