"""Speed and memory of `unspin correct` on a 1-million-word file, beside Harper and a tokenize-only baseline.

    .venv/bin/python bench/speed.py [--words N] [--runs R]

Each command runs as a whole process (start-up included), R times; the median wall time,
words per second and peak resident memory of each are printed (in MB = 10^6 bytes, the
unit of the issue's 400 MB bound, and in MiB), with the ratios. `unspin correct` runs twice:
text output and `--format json`. The input mixes the seed article and the devset's spun
copies with the team's clean corpus, so the engine meets both spun and clean text. Harper (harper-py) lints and applies its first
suggestions; it undoes no spinning and is only the speed reference named in issue 2.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def build_input(words: int, path: Path) -> int:
    parts = [(ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8")]
    dev = ROOT.parent / "shared" / "devset" / "dev-pairs.json"
    if dev.exists():
        parts += [p["spun_text"] for p in json.loads(dev.read_text(encoding="utf-8"))["pairs"]]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench" / "corpus").rglob("*.txt"))]
    out, n, k = [], 0, 0
    while n < words:
        chunk = parts[k % len(parts)]
        out.append(chunk)
        n += len(chunk.split())
        k += 1
    path.write_text("\n\n".join(out), encoding="utf-8")
    return n


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and peak RSS (bytes) of `cmd` as a whole process."""
    walls, peaks = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t0)
        peaks.append(usage.ru_maxrss * 1024)  # Linux reports KiB
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}: {p.stderr.read().decode()[-500:]}")
    return statistics.median(walls), max(peaks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--harper-runs", type=int, default=1, help="Harper takes minutes on 1M words here")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "big.txt"
        n = build_input(a.words, f)
        rows = [("read + tokenize", [sys.executable, str(ROOT / "bench" / "tokenize_only.py"), str(f)])]
        rows.append(("unspin correct", [str(BIN / "unspin"), "correct", str(f)]))
        rows.append(("unspin correct json", [str(BIN / "unspin"), "correct", str(f), "--format", "json"]))
        try:
            import harper  # noqa: F401

            rows.append(("harper lint+apply", [sys.executable, str(ROOT / "bench" / "harper_apply.py"), str(f)]))
        except ImportError:
            print("harper-py not installed (pip install -e '.[bench]'): Harper row skipped")
        print(f"input: {n:,} words, {f.stat().st_size / 2**20:.1f} MiB; median of {a.runs} runs, whole processes")
        print(f"(Harper: {a.harper_runs} run(s); it takes minutes here)")
        res = {}
        for name, cmd in rows:
            wall, peak = measure(cmd, a.harper_runs if name.startswith("harper") else a.runs)
            res[name] = wall
            print(
                f"{name:20s} {wall:7.2f} s  {n / wall:10,.0f} words/s  peak {peak / 1e6:7.1f} MB ({peak / 2**20:.1f} MiB)"
            )
        base = res["read + tokenize"]
        print(f"unspin / tokenize-only: {res['unspin correct'] / base:.2f}x")
        if "harper lint+apply" in res:
            harper = res["harper lint+apply"]
            print(f"unspin / harper:        {res['unspin correct'] / harper:.2f}x (below 1 is faster)")
            print(f"unspin json / harper:   {res['unspin correct json'] / harper:.2f}x")


if __name__ == "__main__":
    main()
