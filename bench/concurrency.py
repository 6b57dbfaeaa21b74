"""Two processes importing while a third saves a big article's run: any "locked" failures, and writer waits.

    .venv/bin/python bench/concurrency.py [--mb 3] [--imports 40] [--busy 5]

The saver imports a --mb million-character spun article and corrects and stores it (a run of
~120,000 edits for 3 MB, stored in chunks); meanwhile two importer processes each import and
correct --imports small articles through the library API with the given busy timeout, and a probe
process times how long a tiny write transaction waits for the lock, every 20 ms, until all end. Prints the
failures, the saver's time, and the probe's longest and 99th-percentile waits.

Figures (main a42a458 merged, 2 shared CPUs): 3M characters corrected and stored in 26 s (141,535
edits, 71 chunks); 80 of 80 imports succeeded; 1,224 probe transactions, longest wait 86 ms, p99
20 ms. With the slower engine of 6c498d7: 147 s, 80 of 80, longest wait 505 ms, p99 96 ms.
Before (issue 10): 2 of 80 imports failed "the library is locked" (one 5 s+ transaction per run).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"

SAVER = """
import sys, time
from reader.services import Library
lib = Library(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
t0 = time.perf_counter()
aid = lib.import_text(text, "big").article.id
run = lib.correct(aid)
print(f"{time.perf_counter() - t0:.1f} {len(run.correction.edits)}")
"""

IMPORTER = """
import json, sys
from reader.errors import StoreError
from reader.services import Library
lib = Library(sys.argv[1], busy_timeout=float(sys.argv[4]))
seed = open(sys.argv[2], encoding="utf-8").read()
failures = []
for i in range(int(sys.argv[3])):
    try:
        res = lib.import_text(f"{sys.argv[5]} {i}\\n\\n" + seed, f"{sys.argv[5]} {i}")
        lib.correct(res.article.id)
    except StoreError as e:
        failures.append(str(e))
print(json.dumps(failures))
"""

PROBE = """
import os, sqlite3, sys, time, json
conn = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
waits = []
while not os.path.exists(sys.argv[2]):
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    waits.append(time.perf_counter() - t0)
    conn.execute("COMMIT")
    time.sleep(0.02)
print(json.dumps(waits))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--imports", type=int, default=40)
    ap.add_argument("--busy", type=float, default=5.0, help="the importers' busy timeout, seconds")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="unspin-conc-"))
    lib = work / "lib"
    big = work / "big.txt"
    seed = SEED.read_text(encoding="utf-8").strip() + "\n\n"
    big.write_text((seed * (int(args.mb * 1e6) // len(seed) + 1))[: int(args.mb * 1e6)], encoding="utf-8")
    py = sys.executable
    subprocess.run([py, "-c", "import sys; from reader.services import Library; Library(sys.argv[1]).close()", lib])
    t0 = time.perf_counter()
    saver = subprocess.Popen([py, "-c", SAVER, lib, big], stdout=subprocess.PIPE, text=True)
    time.sleep(1.0)
    importers = [
        subprocess.Popen(
            [py, "-c", IMPORTER, lib, SEED, str(args.imports), str(args.busy), f"importer{n}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    stop = work / "stop"
    probe = subprocess.Popen([py, "-c", PROBE, lib / "library.sqlite3", stop], stdout=subprocess.PIPE, text=True)
    saved = saver.communicate()[0].split()
    failures = [f for p in importers for f in json.loads(p.communicate()[0] or "[]")]
    stop.touch()
    waits = sorted(json.loads(probe.communicate()[0] or "[]"))
    total = time.perf_counter() - t0
    print(f"saver: {args.mb:g}M characters imported, corrected and stored in {saved[0]} s ({saved[1]} edits)")
    print(f"imports: {2 * args.imports - len(failures)} of {2 * args.imports} succeeded; {len(failures)} failed")
    for f in failures[:5]:
        print("   ", f)
    if waits:
        p99 = waits[int(0.99 * (len(waits) - 1))]
        print(
            f"probe: {len(waits)} write transactions; longest wait {max(waits) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
        )
    print(f"whole trial {total:.0f} s; library in {work}")


if __name__ == "__main__":
    main()
