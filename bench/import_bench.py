"""Library import benchmark: 1,000 generated articles into a fresh temporary library.

    .venv/bin/python bench/import_bench.py [--articles 1000] [--correct 100] [--queries 300] [--seed 7]

Prints: seconds and articles per second for import_file (read, decode, hash, insert, FTS
index), the database size, median and 95th-percentile full-text search latency, and the
cost of running the engine and storing the run on a sample (what `unspin import` adds).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.services import Library  # noqa: E402


def vocabulary(n: int = 6000) -> tuple[list[str], list[float]]:
    try:
        from wordfreq import top_n_list, word_frequency

        words = [w for w in top_n_list("en", n) if w.isalpha()]
        weights = [word_frequency(w, "en") for w in words]
    except ImportError:  # still runs without wordfreq, with a flatter vocabulary
        words = [f"word{i}" for i in range(n)]
        weights = [1.0 / (i + 1) for i in range(n)]
    return words, weights


def article(rng: random.Random, words: list[str], weights: list[float]) -> tuple[str, str]:
    def sentence() -> str:
        ws = rng.choices(words, weights, k=rng.randint(8, 24))
        return " ".join(ws).capitalize() + rng.choice([".", ".", ".", "?", "!"])

    paragraphs = [" ".join(sentence() for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(4, 9))]
    title = " ".join(rng.choices(words, weights, k=rng.randint(3, 8))).title()
    return title, "\n\n".join(paragraphs) + "\n"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--correct", type=int, default=100, help="articles to run the engine on (0: skip)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    words, weights = vocabulary()
    with tempfile.TemporaryDirectory(prefix="unspin-bench-") as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        total_words = 0
        for i in range(a.articles):
            title, text = article(rng, words, weights)
            total_words += len(text.split())
            (src / f"{i:05d}.txt").write_text(f"{title}\n\n{text}", encoding="utf-8")
        files = sorted(src.iterdir())

        t0 = time.perf_counter()
        lib = Library(Path(tmp) / "library")
        opened = time.perf_counter() - t0
        t0 = time.perf_counter()
        for f in files:
            lib.import_file(f)
        seconds = time.perf_counter() - t0
        dup_t0 = time.perf_counter()
        dups = sum(lib.import_file(f).duplicate for f in files[:100])
        dup_ms = (time.perf_counter() - dup_t0) / 100 * 1000

        latencies = []
        mid = words[200:3000]
        for _ in range(a.queries):
            q = " ".join(rng.sample(mid, rng.choice([1, 1, 2])))
            t = time.perf_counter()
            lib.search(q)
            latencies.append((time.perf_counter() - t) * 1000)
        list_t = time.perf_counter()
        lib.list_articles()
        list_ms = (time.perf_counter() - list_t) * 1000

        correct_s = None
        if a.correct:
            ids = [s.id for s in lib.list_articles()][: a.correct]
            t = time.perf_counter()
            for i in ids:
                lib.correct(i)
            correct_s = (time.perf_counter() - t) / len(ids)
        lib.close()
        db = lib.db_path
        size = db.stat().st_size + sum(p.stat().st_size for p in db.parent.glob(db.name + "-*"))

        print(f"articles:            {a.articles} ({total_words:,} words, {total_words // a.articles} per article)")
        print(f"open new library:    {opened * 1000:.0f} ms (creates the schema)")
        print(f"import_file:         {seconds:.2f} s, {a.articles / seconds:.0f} articles/s")
        print(f"re-import duplicate: {dup_ms:.1f} ms per file ({dups}/100 recognised)")
        print(f"database size:       {size / 1e6:.1f} MB ({size / a.articles / 1024:.1f} KB per article)")
        print(
            f"search latency:      median {statistics.median(latencies):.2f} ms, "
            f"95th {pct(latencies, 0.95):.2f} ms over {a.queries} queries"
        )
        print(f"list all articles:   {list_ms:.1f} ms")
        if correct_s is not None:
            print(f"correct + store run: {correct_s * 1000:.0f} ms per article (engine on {a.correct} articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
