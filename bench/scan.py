"""`unspin scan` at 1 and 2 workers: documents/s, words/s, peak memory per worker, and ROC AUC of spin_score.

    .venv/bin/python bench/scan.py [--clean-copies 4] [--synthetic-seeds 1] [--workers 1 2]

The mix is written to a temporary folder: the team's clean corpus (bench/corpus, each file
--clean-copies times), the bench spinner's spins of it (--synthetic-seeds seeds), the devset's
real spun copies (../shared/devset, if present) and the seed article cut in four. Each worker
count gets a fresh LocalCluster; its start-up is timed apart from the scan. Peak memory is each
worker process's maximum resident set (getrusage), read after the scan.

Columns: start = LocalCluster start-up; scan = run_scan wall time (connect, table loading on each
worker, every part); docs/s and words/s over that; steady = documents/s between the first and the
last finished part; s/doc = mean per-document seconds in the rows (read + language + engine);
docs/cpu-s = documents per CPU second the worker processes used during the scan, tables already
loaded (user + system, reading, writing and Dask overhead included): the figure that depends least
on other load on the machine.

ROC AUC: the chance a spun document scores above a clean one (ties count half), from the rows of
the first scan: the devset's "signature" spinner (the seed's), its "other" spinners, the bench's
synthetic spinner and the seed, each against the 50 clean files.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.spinner import spin  # noqa: E402
from reader.scan import ScanRequest, run_scan  # noqa: E402
from reader.scan.output import read_rows  # noqa: E402
from reader.scan.worker import EngineLoader  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset" / "dev-pairs.json"


def build_mix(folder: Path, clean_copies: int, synthetic_seeds: int) -> dict[str, str]:
    """Write the documents; return {shown path: group}."""
    groups: dict[str, str] = {}

    def put(name: str, text: str, group: str) -> None:
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        groups[str(p)] = group

    clean = sorted((ROOT / "bench" / "corpus").glob("*/*.txt"))
    for f in clean:
        text = f.read_text(encoding="utf-8")
        for k in range(clean_copies):
            put(f"clean/{f.stem}.{k}.txt", text, "clean" if k == 0 else "clean copy")
        for s in range(synthetic_seeds):
            put(f"synthetic/{f.stem}.{s}.txt", spin(text, seed=s + 1).text, "synthetic spinner")
    if DEVSET.exists():
        for p in json.loads(DEVSET.read_text(encoding="utf-8"))["pairs"]:
            put(f"devset/{p['id']}.txt", p["spun_text"], f"devset {p['spinner']}")
    seed = (ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8")
    paras = [x for x in seed.split("\n") if x.strip()]
    for i in range(4):
        put(f"seed/part{i}.txt", "\n\n".join(paras[i * len(paras) // 4 : (i + 1) * len(paras) // 4]), "seed")
    return groups


def roc_auc(pos: list[float], neg: list[float]) -> float:
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def scan_once(folder: Path, out: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
    )
    started = time.perf_counter() - t0
    try:
        req = ScanRequest(inputs=[str(folder)], out=str(out), scheduler=cluster.scheduler_address, part_size=10)
        marks: list[tuple[float, int]] = []  # (time a part finished, its documents)
        with Client(cluster) as client:  # tables loaded first, so the CPU figure is the scan's own
            client.register_plugin(EngineLoader(), name=EngineLoader.name)
            cpu0 = client.run(_cpu_seconds)
        summary = run_scan(req, progress=False, on_part=lambda st: marks.append((time.perf_counter(), st["docs"])))
        with Client(cluster) as client:
            peaks = client.run(_peak_rss_mb)
            cpu = sum(c - cpu0.get(w, 0.0) for w, c in client.run(_cpu_seconds).items())
    finally:
        cluster.close()
    # Steady rate: documents finished after the first part, over the time from the first part to the last
    # (leaves out connecting, the workers' table loading and the tail where a worker idles).
    steady = sum(d for _, d in marks[1:]) / max(1e-9, marks[-1][0] - marks[0][0]) if len(marks) > 1 else 0.0
    return {"summary": summary, "start": started, "peaks": sorted(peaks.values()), "steady": steady, "cpu": cpu}


def _cpu_seconds() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_per_document(groups: dict[str, str], per_group: int = 20) -> dict[str, tuple[float, float, float]]:
    """Mean CPU ms (read + language + engine) on a first pass and on a second pass over the same files,
    and mean words, for up to `per_group` files of each group. The engine fills per-word caches as it
    meets words: the first pass pays for that, the second shows a long scan's warm cost."""
    from reader.scan.inputs import plan, read_part
    from reader.scan.worker import scan_doc, warm_up

    warm_up()
    sample = {g: [p for p, gg in groups.items() if gg == g][:per_group] for g in sorted(set(groups.values()))}
    cold: dict[str, float] = {}
    out = {}
    for run in (1, 2):
        for g, paths in sample.items():
            t0 = time.process_time()
            rows = [scan_doc(d) for part in plan(paths, len(paths)) for d in read_part(part)]
            ms = 1000 * (time.process_time() - t0) / len(rows)
            if run == 1:
                cold[g] = ms
            else:
                out[g] = (cold[g], ms, sum(r["words"] for r in rows) / len(rows))
    return out


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clean-copies", type=int, default=4)
    ap.add_argument("--synthetic-seeds", type=int, default=1)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="unspin-scan-bench-") as tmp:
        folder = Path(tmp) / "mix"
        groups = build_mix(folder, args.clean_copies, args.synthetic_seeds)
        n = len(groups)
        print(
            f"mix: {n} documents ({', '.join(f'{g} {list(groups.values()).count(g)}' for g in sorted(set(groups.values())))})"
        )
        first_rows = None
        print(
            f"{'workers':>7} {'start s':>8} {'scan s':>7} {'docs/s':>7} {'steady':>7} {'words/s':>8} "
            f"{'steady/worker':>14} {'s/doc':>7} {'docs/cpu-s':>10} {'peak MB per worker':>19}"
        )
        for w in args.workers:
            out = Path(tmp) / f"out{w}"
            r = scan_once(folder, out, w)
            s = r["summary"]
            assert s.docs == n, (s.docs, n)
            print(
                f"{w:>7} {r['start']:>8.1f} {s.wall_seconds:>7.1f} {s.docs / s.wall_seconds:>7.1f} {r['steady']:>7.1f} "
                f"{s.words / s.wall_seconds:>8,.0f} {r['steady'] / w:>14.1f} "
                f"{s.doc_seconds / max(1, s.docs):>7.4f} {s.docs / max(1e-9, r['cpu']):>10.1f} "
                f"{' / '.join(f'{p:.0f}' for p in r['peaks']):>19}"
            )
            if first_rows is None:
                first_rows = read_rows(out)

        print("\nCPU per document, one process, no Dask (process_time; depends least on other load):")
        print(f"  {'':<18} {'1st pass':>9} {'2nd pass':>9} {'words':>6}")
        for g, (first, second, words) in cpu_per_document(groups).items():
            print(f"  {g:<18} {first:>6.1f} ms {second:>6.1f} ms {words:>6.0f}")

        score = {r["id"]: r["spin_score"] for r in first_rows if r["status"] == "ok"}
        kinds = {r["id"]: r["spinner"] for r in first_rows}
        failed = {r["id"]: r["error"] for r in first_rows if r["status"] != "ok"}
        if failed:
            print(f"\n{len(failed)} documents not scored (left out of the AUC), e.g. {next(iter(failed.items()))}")
        secs = {r["id"]: (r["seconds"], r["words"]) for r in first_rows}
        print("\nper document (1st scan's rows: read + language guess + engine):")
        for g in sorted(set(groups.values())):
            xs = [secs[p] for p, gg in groups.items() if gg == g]
            t = sum(x[0] for x in xs) / len(xs)
            w = sum(x[1] for x in xs) / len(xs)
            print(f"  {g:<18} {t * 1000:>7.1f} ms  {w:>6.0f} words  {w / t if t else 0:>9,.0f} words/s")
        by_group: dict[str, list[float]] = {}
        kind_by_group: dict[str, Counter] = {}
        for path, g in groups.items():
            if path in score:
                by_group.setdefault(g, []).append(score[path])
            kind_by_group.setdefault(g, Counter())[kinds.get(path)] += 1
        clean = by_group["clean"]
        print(
            f"\nROC AUC of spin_score against the {len(clean)} clean files (1.0 = every spun one ranked above every clean one):"
        )
        for g in ("devset signature", "devset other", "synthetic spinner", "seed"):
            if g in by_group:
                pos = by_group[g]
                caught = sum(x >= 0.5 for x in pos)
                named = ", ".join(f"{k} {v}" for k, v in kind_by_group[g].most_common())
                print(
                    f"  {g:<18} n={len(pos):>3}  AUC {roc_auc(pos, clean):.3f}  spin >= 0.5: {caught}/{len(pos)}"
                    f"  spinner: {named}"
                )
        spun_all = [x for g, xs in by_group.items() if g.startswith("devset") for x in xs]
        if spun_all:
            print(f"  {'devset (all)':<18} n={len(spun_all):>3}  AUC {roc_auc(spun_all, clean):.3f}")
        print(
            f"  clean with spin >= 0.5: {sum(x >= 0.5 for x in clean)}/{len(clean)}; highest clean score {max(clean):.3f}"
        )


if __name__ == "__main__":
    main()
