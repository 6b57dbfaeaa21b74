"""Learning curve: learn the substitutions of k articles from their sources, correct the others.

    .venv/bin/python bench/learning.py [--draws 5] [--kmax 4] [--seed 7]

Simulated, and it says so: the dev set's sources are hashed words, so learning (which needs
the source text) runs on bench/corpus spun by the synthetic spinner in bench/spinner. Each
article is spun once (its seed fixed), as one spinning site would; for k = 1..kmax and each
of --draws random draws, the rows mined from k articles (reader.engine.user_lexicon.mine)
are applied to every other article (leave-the-articles-out) after the engine. Prints undone
and harm without and with the learned rows, averaged over the draws, and the row count.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.spinner import spin  # noqa: E402
from reader.engine import correct  # noqa: E402
from reader.engine import user_lexicon as ul  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--draws", type=int, default=5, help="random choices of the k training articles per k")
    ap.add_argument("--kmax", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    paths = sorted((ROOT / "bench" / "corpus").glob("*/*.txt"))
    sources = [p.read_text(encoding="utf-8") for p in paths]
    spun = [spin(src, seed=1000 + n).text for n, src in enumerate(sources)]
    base = [correct(s) for s in spun]
    alone = [ul.score(s, src, c.corrected) for s, src, c in zip(spun, sources, base, strict=True)]
    mined = [ul.mine(s, src, source=f"article {n}") for n, (s, src) in enumerate(zip(spun, sources, strict=True))]
    rng = random.Random(a.seed)
    print(f"{len(paths)} corpus articles, spun by the synthetic spinner (simulation: the dev sources are hashed)")
    print(" k   rows  undone alone -> with rows   harm alone -> with rows")
    for k in range(1, a.kmax + 1):
        totals = [0.0, 0.0, 0.0, 0.0, 0.0]
        for _ in range(a.draws):
            train = set(rng.sample(range(len(paths)), k))
            rows = {(r.spun, r.original, r.context): r for n in sorted(train) for r in mined[n]}
            learned = list(rows.values())
            before = after = errors = harm0 = harm1 = correct_words = 0
            for n in range(len(paths)):
                if n in train:
                    continue
                with_rows = ul.apply_rows(spun[n], base[n], learned)
                sc = ul.score(spun[n], sources[n], with_rows.corrected)
                errors += sc.errors_before
                before += alone[n].errors_after
                after += sc.errors_after
                harm0 += alone[n].harmed
                harm1 += sc.harmed
                correct_words += sc.correct_words
            totals[0] += len(learned)
            totals[1] += 1 - before / errors
            totals[2] += 1 - after / errors
            totals[3] += harm0 / correct_words
            totals[4] += harm1 / correct_words
        rows_n, u0, u1, h0, h1 = (t / a.draws for t in totals)
        print(f"{k:2d} {rows_n:6.0f}  {u0:12.1%} -> {u1:6.1%}      {h0:9.2%} -> {h1:6.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
