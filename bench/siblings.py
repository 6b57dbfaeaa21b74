"""Each dev copy corrected alone vs with the other copies of its article as siblings.

    .venv/bin/python bench/siblings.py [--pairs PATH] [--show] [--worst N] [--ceiling]
    .venv/bin/python bench/siblings.py --speed

This is the mirror: shipped tables and models, which saw these copies (the held-out
figure is bench/devscore.py --siblings). `--speed` times the post-pass alone on the seed
with 2 siblings (the engine's own output and a copy with every 6th content word swapped
for a thesaurus neighbour), against the engine's time on the seed.

Copies of one article share their hashed source (the id prefix before the site part);
a copy without siblings is left out of both figures. Scored as ../shared/devset/score.py
scores (its functions are imported): undone = share of spun word errors removed,
harm = share of words that matched the source and were changed, per spinner kind.
`--worst N` prints the consensus edits that raised the distance to the source.
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

from reader.engine import apply_values, correct, with_siblings  # noqa: E402


def _ceiling(sc, salt: str, corrected: str, siblings: list[str], src, o0: int, o1: int) -> int:
    """Errors left when every short sibling difference that helps (judged by the hashed source) is taken."""
    from reader.engine.tokens import WORD_RE, norm

    def dist(words: list[str]) -> int:
        return Levenshtein.distance(sc.project(sc.hashed(" ".join(words), salt), list(src), o0, o1), list(src)[o0:o1])

    me = [norm(w) for w in WORD_RE.findall(corrected)]
    best = dist(me)
    for sib in siblings:
        other = [norm(w) for w in WORD_RE.findall(correct(sib).corrected)]
        for o in reversed(Levenshtein.opcodes(me, other)):
            if o.tag == "equal" or max(o.src_end - o.src_start, o.dest_end - o.dest_start) > 3:
                continue
            trial = me[: o.src_start] + other[o.dest_start : o.dest_end] + me[o.src_end :]
            d = dist(trial)
            if d < best:
                me, best = trial, d
    return best


def speed() -> None:
    import statistics
    import time

    from devset import SEED

    from reader.engine import consensus, thesaurus
    from reader.engine.tokens import WORD_RE

    text = SEED.read_text(encoding="utf-8")
    base = correct(text)
    swapped, n = [], 0
    last = 0
    for m in WORD_RE.finditer(text):
        cands = thesaurus.candidates(m.group().lower()) if m.group().islower() else ()
        if cands:
            n += 1
            if n % 6 == 0:
                swapped += [text[last : m.start()], cands[0][0]]
                last = m.end()
    swapped.append(text[last:])
    sibs = [correct(base.corrected), correct("".join(swapped))]

    def median(f, runs: int = 7) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            f()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    consensus.with_siblings(text, base, sibs)  # warm the caches
    post = median(lambda: consensus.with_siblings(text, base, sibs))
    engine = median(lambda: correct(text), runs=3)
    words = len(WORD_RE.findall(text))
    edits = sum(1 for e in consensus.with_siblings(text, base, sibs).edits if "consensus" in e.evidence)
    print(
        f"seed ({words} words) with 2 siblings: post-pass median {post * 1000:.1f} ms, engine alone {engine * 1000:.0f} ms"
        f" (post-pass / engine = {post / engine:.2f}); {edits} edits carry consensus evidence"
    )


def main() -> None:
    if "--speed" in sys.argv[1:]:
        speed()
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", default=str(DEVSET / "dev-pairs.json"))
    ap.add_argument("--show", action="store_true", help="one line per copy")
    ap.add_argument("--worst", type=int, default=0, help="print the N consensus edits that harmed most")
    ap.add_argument(
        "--ceiling",
        action="store_true",
        help="also print what a perfect chooser would reach: after the engine, every short difference from a sibling"
        " (a word, a deletion, an insertion of up to 3 words) kept when it brings the copy closer to the source",
    )
    a = ap.parse_args()
    sc = score_module(Path(a.pairs).parent)
    data = json.loads(Path(a.pairs).read_text(encoding="utf-8"))
    salt = data["salt"]
    family: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for pair in data["pairs"]:
        family[tuple(pair["source_words_hashed"])].append(pair)
    # kind -> [errors before, after alone, after with siblings, harm alone, harm with, correct words]
    kinds: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    added = confirmed = 0
    row_ceiling: dict[str, int] = defaultdict(int)
    bad: list[tuple[int, str, str]] = []
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # lower, raise, neither; harmed words
    for src, copies in family.items():
        if len(copies) < 2:
            continue
        for pair in copies:
            text = pair["spun_text"]
            siblings = [p["spun_text"] for p in copies if p is not pair]
            spun = sc.hashed(text, salt)
            s0, s1, o0, o1 = sc.region(spun, list(src))
            s, o = spun[s0:s1], list(src)[o0:o1]
            wrong = sc.changed(s, o)
            alone = correct(text)
            both = with_siblings(text, alone, siblings)
            row = kinds[pair.get("spinner", "signature")]
            row[0] += Levenshtein.distance(s, o)
            row[5] += len(s) - len(wrong)
            for k, corr in ((1, alone), (2, both)):
                c = sc.project(sc.hashed(corr.corrected, salt), list(src), o0, o1)
                row[k] += Levenshtein.distance(c, o)
                row[k + 2] += len(sc.changed(s, c) - wrong)
            before_d = Levenshtein.distance(sc.project(sc.hashed(alone.corrected, salt), list(src), o0, o1), o)
            for n, e in enumerate(both.edits):
                ev = e.evidence.get("consensus")
                if not ev or not e.applied:
                    continue
                if e.rule_id.startswith("consensus."):
                    added += 1
                else:
                    confirmed += 1
                # the edit's own effect: the with-siblings text without it
                values = {m: (x.best if x.applied else None) for m, x in enumerate(both.edits) if m != n}
                without = apply_values(text, both.edits, values)
                c0 = sc.project(sc.hashed(without, salt), list(src), o0, o1)
                c1 = sc.project(sc.hashed(both.corrected, salt), list(src), o0, o1)
                d0, d1 = Levenshtein.distance(c0, o), Levenshtein.distance(c1, o)
                harmed = len(sc.changed(s, c1) - wrong) - len(sc.changed(s, c0) - wrong)
                tally = by_kind[ev if e.rule_id.startswith("consensus.") else f"confirms {e.category.id}"]
                tally[0 if d1 < d0 else 1 if d1 > d0 else 2] += 1
                tally[3] += harmed
                if d1 > d0 or harmed > 0:
                    bad.append((d1 - d0 + harmed, pair["id"], f"{e.rule_id} {e.original_text!r} -> {e.best!r} ({ev})"))
            if a.ceiling:
                row_ceiling[pair.get("spinner", "signature")] += _ceiling(
                    sc, salt, alone.corrected, siblings, src, o0, o1
                )
            if a.show:
                after_d = Levenshtein.distance(sc.project(sc.hashed(both.corrected, salt), list(src), o0, o1), o)
                print(f"{pair['id']:58s} errors {Levenshtein.distance(s, o):4d} alone {before_d:4d} with {after_d:4d}")
    tot = [sum(r[i] for r in kinds.values()) for i in range(6)]
    for name, r in [*sorted(kinds.items()), ("all", tot)]:
        b = max(r[0], 1)
        print(
            f"{name:9s} errors {r[0]:5d}  alone: undone {1 - r[1] / b:6.1%} harm {r[3] / max(r[5], 1):5.2%}"
            f"  with siblings: undone {1 - r[2] / b:6.1%} harm {r[4] / max(r[5], 1):5.2%}"
            f"  (+{(r[1] - r[2]) / b:.1%} points)"
        )
    if a.ceiling:
        for name, r in sorted(kinds.items()):
            print(f"{name:9s} ceiling with a perfect chooser: undone {1 - row_ceiling[name] / max(r[0], 1):6.1%}")
    print(f"consensus edits applied: {added} new, {confirmed} engine edits confirmed")
    for kind, (h, x, z, w) in sorted(by_kind.items()):
        print(f"  {kind:20s} lowers the distance {h:4d}  raises it {x:3d}  neither {z:4d}  good words changed {w:3d}")
    for d, pid, what in sorted(bad, reverse=True)[: a.worst]:
        print(f"  +{d} {pid}: {what}")


if __name__ == "__main__":
    main()
