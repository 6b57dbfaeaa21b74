"""Import cost of family detection: N generated articles into a fresh library, with and without it.

    .venv/bin/python bench/family_import.py [--articles 10000] [--spun 0.1] [--seed 7]

A share of the articles (--spun) are re-spins of an earlier one (half their words swapped
for other words, the way a spinner rewrites), so families exist to be found. Prints, for
each mode, seconds and articles per second for Library.import_text (hash, insert, FTS
index, and with detection: fingerprint, band keys, candidate query), the ratio, the
database size, and how many of the planted copies were put in the right family.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import article, vocabulary  # noqa: E402

from reader.services import Library  # noqa: E402


def respin(rng: random.Random, text: str, words: list[str], weights: list[float], rate: float = 0.5) -> str:
    out = []
    for w in text.split(" "):
        if rng.random() < rate and w.isalpha():
            w = rng.choices(words, weights)[0]
        out.append(w)
    return " ".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--spun", type=float, default=0.1, help="share of articles that re-spin an earlier one")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    words, weights = vocabulary()
    docs: list[tuple[str, str, int]] = []  # title, text, index of the article it re-spins (or itself)
    for i in range(a.articles):
        if docs and rng.random() < a.spun:
            j = rng.randrange(len(docs))
            root = docs[j][2]
            docs.append((docs[j][0], respin(rng, docs[root][1], words, weights), root))
        else:
            title, text = article(rng, words, weights)
            docs.append((title, text, i))

    # Both libraries are filled in turn, article by article, so the machine's load and disk
    # latency (shared machines vary minute to minute) fall on both modes alike.
    with tempfile.TemporaryDirectory(prefix="unspin-bench-") as tmp:
        libs = {mode: Library(Path(tmp) / f"library-{mode}", detect_families=mode) for mode in (False, True)}
        wall = {False: 0.0, True: 0.0}
        cpu = {False: 0.0, True: 0.0}
        ids = []
        for title, text, _root in docs:
            for mode, lib in libs.items():
                w0, c0 = time.perf_counter(), time.process_time()
                got = lib.import_text(text, title).article.id
                wall[mode] += time.perf_counter() - w0
                cpu[mode] += time.process_time() - c0
            ids.append(got)
        found = wrong = planted = 0
        root_of = {ids[k]: docs[k][2] for k in range(len(docs))}
        for k, (_t, _x, root) in enumerate(docs):
            if root == k:
                continue
            planted += 1
            fam = libs[True].family(ids[k])
            found += any(root_of[f] == root for f in fam)
            wrong += any(root_of[f] != root for f in fam)
        for mode, lib in libs.items():
            size = lib.db_path.stat().st_size
            lib.close()
            label = "with family detection   " if mode else "without family detection"
            print(
                f"{label}: {wall[mode]:7.1f} s ({len(docs) / wall[mode]:5.0f} articles/s), CPU {cpu[mode]:6.1f} s,"
                f" database {size / 1e6:6.1f} MB"
            )
    print(f"  planted copies put with their source: {found}/{planted}; put with another article: {wrong}")
    print(
        f"ratio with/without: {wall[True] / wall[False]:.2f}x wall, {cpu[True] / cpu[False]:.2f}x CPU"
        f" ({len(docs)} articles)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
