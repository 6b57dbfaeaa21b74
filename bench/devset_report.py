"""Per-edit diagnosis on the dev set (../shared/devset): which rules help, which harm.

    .venv/bin/python bench/devset_report.py [--pairs PATH] [--rules] [--worst N]

The dev set's sources are hashed words, so an edit is judged by what it does to the word
edit distance between the spun copy and the source: applying it alone lowers the distance
(helps), raises it or changes words that matched the source (harms), or leaves it (neutral, e.g. the source itself was reworded).
Prints the overall figures the judge computes, then a table by category and by rule.
The substitution table in ../shared/data was mined from these copies, so figures here
flatter the engine; treat them as a regression check, not a promise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEVSET = ROOT.parent / "shared" / "devset"

from devset import score_module  # noqa: E402

from reader.engine import apply_values, correct  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", default=str(DEVSET / "dev-pairs.json"))
    ap.add_argument("--rules", action="store_true", help="print the table by rule")
    ap.add_argument("--worst", type=int, default=0, help="print the N most harmful edits with context")
    a = ap.parse_args()
    sc = score_module(Path(a.pairs).parent)
    data = json.loads(Path(a.pairs).read_text(encoding="utf-8"))
    salt = data["salt"]
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    worst: list[tuple[int, str, str]] = []
    before = after = harm = right = 0
    for pair in data["pairs"]:
        src = pair["source_words_hashed"]
        text = pair["spun_text"]
        spun = sc.hashed(text, salt)
        s0, s1, o0, o1 = sc.region(spun, src)
        s, o = spun[s0:s1], src[o0:o1]
        corr = correct(text)
        c = sc.project(sc.hashed(corr.corrected, salt), src, o0, o1)
        b, r = Levenshtein.distance(s, o), Levenshtein.distance(c, o)
        wrong = sc.changed(s, o)
        harm += len(sc.changed(s, c) - wrong)
        right += len(s) - len(wrong)
        before += b
        after += r
        print(f"{pair['id']:36s} words {len(s):4d} errors {b:4d} -> {r:4d}  undone {1 - r / b:6.1%}")
        base = Levenshtein.distance(sc.project(spun, src, o0, o1), o)
        for k, e in enumerate(corr.edits):
            if not e.applied:
                continue
            one = apply_values(text, corr.edits, {k: e.best})
            proj = sc.project(sc.hashed(one, salt), src, o0, o1)
            d = Levenshtein.distance(proj, o) - base
            hurt = len(sc.changed(s, proj) - wrong)
            slot = 1 if d > 0 or (d == 0 and hurt) else (0 if d < 0 else 2)
            by_cat[e.category.id][slot] += 1
            by_rule[e.rule_id][slot] += 1
            if d > 0 or hurt:
                ctx = text[max(0, e.offset - 40) : e.end + 40].replace("\n", " ")
                worst.append((max(d, hurt), e.rule_id, f"{e.original_text!r} -> {e.best!r} | ...{ctx}..."))
    print(f"\nundone={1 - after / before:.1%} harm={harm / max(right, 1):.2%} (errors {before} -> {after})")
    print(f"\n{'category':12s} {'helps':>6s} {'harms':>6s} {'neutral':>8s}")
    for cat, (h, x, n) in sorted(by_cat.items(), key=lambda kv: -kv[1][0]):
        print(f"{cat:12s} {h:6d} {x:6d} {n:8d}")
    if a.rules:
        print(f"\n{'rule':48s} {'helps':>6s} {'harms':>6s} {'neutral':>8s}")
        for rule, (h, x, n) in sorted(by_rule.items(), key=lambda kv: (kv[1][1] - kv[1][0], kv[0])):
            print(f"{rule:48s} {h:6d} {x:6d} {n:8d}")
    for d, rule, line in sorted(worst, reverse=True)[: a.worst]:
        print(f"+{d} {rule}: {line}")


if __name__ == "__main__":
    main()
