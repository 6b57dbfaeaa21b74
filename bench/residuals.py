"""Where the held-out errors are left, and what bounds the content stage.

    python bench/residuals.py

Each dev copy is corrected held out (as bench/devscore.py does: its article's own rows and
fitted weights off), then aligned with its hashed source word by word (score.py's own
alignment). Per spinner kind it prints:
  * the spun word errors by kind (a content word swapped 1:1, a function word swapped 1:1,
    words the spinner added, source words missing) and what the engine did with them
    (applied an edit, only suggested or flagged, nothing);
  * for the content slots the content stage scores (content words the tables left alone):
    how many are spun, for how many of those the source word is among the scored thesaurus
    candidates at all (coverage), and how often the learned model ranks it first.
The source words stay hashed: a candidate is right when its hash is the source word's.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import devset  # noqa: E402

from reader.engine import Options, content, decode  # noqa: E402
from reader.engine.lexicon import FUNCTION_WORDS  # noqa: E402


def errors_by_kind(pair: devset.Pair, counts: Counter) -> None:
    """Spun word errors by kind and by what the held-out engine did with them."""
    corr = decode.run(pair.text, Options(), devset.held_out_lexicon(pair.article), devset.fold_weights(pair.article))
    covered: dict[int, bool] = {}  # word -> an applied edit covers it
    for e in corr.edits:
        for k in devset.highlighted_words(pair, [(e.offset, e.end)]):
            covered[k] = covered.get(k, False) or (e.applied and bool(e.replacements))
    sc = devset.score_module()
    s0, s1, o0, o1 = sc.region(pair.hashes, pair.source)
    s, o = pair.hashes[s0:s1], pair.source[o0:o1]
    words = [pair.text[a:b].lower() for a, b in pair.spans]
    for op in Levenshtein.opcodes(s, o):
        if op.tag == "equal":
            continue
        if op.tag == "insert":
            counts["source words missing", "-"] += op.dest_end - op.dest_start
            continue
        one_to_one = op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start
        for k in range(s0 + op.src_start, s0 + op.src_end):
            if not one_to_one:
                kind = "words added or phrase rewritten"
            elif words[k] in FUNCTION_WORDS:
                kind = "function word swapped"
            else:
                kind = "content word swapped"
            done = "applied" if covered.get(k) else ("suggested or flagged" if k in covered else "nothing")
            counts[kind, done] += 1


def content_slots(pair: devset.Pair, counts: Counter) -> None:
    """The content stage's slots: spun or not, source among the candidates, ranked first by the model."""
    lex = devset.held_out_lexicon(pair.article)
    weights = devset.fold_weights(pair.article)
    tp = decode.table_pass(pair.text, Options(), lex)
    al = devset.align(pair)
    lo, hi = al.region
    starts = [a for a, _ in pair.spans]
    for s in content.slots(tp.tok, tp.chosen, lex.by_first):
        w = bisect_left(starts, tp.tok.starts[s.k])
        if w >= len(starts) or starts[w] != tp.tok.starts[s.k] or not lo <= w < hi:
            continue
        counts["slots"] += 1
        if w not in al.wrong:
            continue
        counts["spun slots"] += 1
        hashes = [pair.hash(c[0]) for c in s.cands]
        src = al.source_at.get(w)
        if src not in hashes:
            continue
        counts["source among the scored candidates"] += 1
        if weights is None:
            continue
        top = min(content.TOP_K, len(s.cands))
        probs = [weights.replace.prob(content.replace_features(s, r, tp.spin)) for r in range(top)]
        best = max(range(top), key=probs.__getitem__)
        counts["source ranked first by the model"] += hashes.index(src) == best


def main() -> None:
    errors: dict[str, Counter] = defaultdict(Counter)
    slots: dict[str, Counter] = defaultdict(Counter)
    for pair in devset.pairs():
        errors_by_kind(pair, errors[pair.spinner])
        content_slots(pair, slots[pair.spinner])
    for kind in sorted(errors):
        e = errors[kind]
        total = sum(e.values())
        print(f"{kind}: {total} spun word errors (held out)")
        for what in sorted({w for w, _ in e}):
            row = {d: n for (w, d), n in e.items() if w == what}
            n = sum(row.values())
            parts = ", ".join(f"{d} {v}" for d, v in sorted(row.items()))
            print(f"  {what:34s} {n:5d} ({n / total:5.1%})  {parts}")
        c = slots[kind]
        spun = c["spun slots"]
        cov = c["source among the scored candidates"]
        print(
            f"  content stage: {c['slots']} slots, {spun} spun; source among the scored candidates for {cov} "
            f"({cov / max(spun, 1):.1%}); ranked first by the model for {c['source ranked first by the model']} "
            f"({c['source ranked first by the model'] / max(cov, 1):.1%} of those)"
        )


if __name__ == "__main__":
    main()
