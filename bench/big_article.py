"""Time and peak memory of the whole path on big articles: import + correct + store, export, `correct`.

    .venv/bin/python bench/big_article.py [--mb 5] [--keep DIR]

Each step runs as its own `unspin` process; its wall time and peak resident memory (ru_maxrss of
the child) are printed. Inputs are built from the seed article (heavily spun: an edit every ~25
characters, the worst case for the size of a run): an article of --mb million characters, one at
the 50 MB file limit (refused at once: over the text limit), and 10 million one-character lines.

Figures (engine of main a42a458, 2 CPUs shared, load average 2.8): 5M characters imported,
corrected (231,000 edits) and stored in 56 s wall / 43 s CPU, 546 MB peak; export txt 11 s /
516 MB; report-json 21 s / 516 MB; `show` 10 s / 529 MB; `correct --format json` 62 s / 503 MB;
the 49.9 MB file and the 10M lines refused in 4.2 s and 1.8 s; `< /dev/zero` refused in 0.3 s.
With the engine of 6c498d7 (13 s CPU and ~450 MB per million characters) the same import took
68 s CPU / 758 MB. Before (issue 10): a 49.9 MB article took 22 minutes and 12.5 GB and failed
storing its run; 10M one-character lines took 60 s and 2.4 GB. The engine and the edits it returns
(~1,250 bytes each, one per ~22 characters of spun text) are the cost, which is why the limit is
8 million characters rather than the 50 MB a file may weigh. Engine v2 (pieces in the engine, main
after the merges of 2026-12-04, --mb 8): import + correct + store 73 s wall / 68 s CPU, 841 MB peak;
export txt 12 s / 797 MB; report-json 22 s / 798 MB; show 12 s / 823 MB; `correct --format json`
67 s / 706 MB; the 49.9 MB file refused in 3.2 s, 10M one-character lines in 1.2 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNSPIN = Path(sys.executable).parent / "unspin"


def run(label: str, *args: str) -> tuple[int, str]:
    """Run one command; print its wall time, its own peak RSS (wait4) and the last line it said."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(UNSPIN), *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said = (err.read().decode(errors="replace").strip().splitlines() or [""])[-1][:150]
        text = out.read().decode(errors="replace")
    cpu = usage.ru_utime + usage.ru_stime  # the figure to trust when other work shares the machine
    print(
        f"{label:<42} {wall:7.1f} s wall {cpu:7.1f} s CPU {usage.ru_maxrss / 1024:6.0f} MB peak  rc={rc}  {said}",
        flush=True,
    )
    return rc, text


def build(path: Path, chars: int, *, size: int | None = None) -> None:
    """`chars` characters of the seed article repeated; or, with size, that many bytes of it."""
    seed = (ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8")
    block = seed.strip() + "\n\n"
    if size is not None:
        data = block.encode("utf-8") * (size // len(block.encode("utf-8")) + 1)
        path.write_bytes(data[: data.rfind(b"\n", 0, size) + 1])
        return
    reps = chars // len(block) + 1
    path.write_text((block * reps)[:chars], encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0, help="million characters of the article to import")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (kept) instead of a temporary folder")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="unspin-big-"))
    work.mkdir(parents=True, exist_ok=True)
    big = work / "big.txt"
    build(big, int(args.mb * 1e6) - 1000)  # just under: the limit counts the text after import
    huge = work / "huge.txt"
    build(huge, 0, size=49_900_000)
    lines = work / "lines.txt"
    lines.write_bytes(b"a\n" * 10_000_000)
    lib = str(work / "lib")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"inputs in {work}: {big.stat().st_size / 1e6:.1f} MB, {huge.stat().st_size / 1e6:.1f} MB, "
          f"{lines.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    rc, out = run(f"import {args.mb:g}M chars (+correct, store)", "--data-dir", lib, "import", str(big))
    aid = out.split("\t", 1)[0] if rc == 0 else "1"
    run("export txt (load run, apply)", "--data-dir", lib, "export", aid, "-o", str(work / "out.txt"), "--force")
    run("export report-json", "--data-dir", lib, "export", aid, "-o", str(work / "out.json"), "--force")
    run("show (load run)", "--data-dir", lib, "show", aid)
    run(f"correct --format json {args.mb:g}M chars", "correct", str(big), "--format", "json", "-o",
        str(work / "c.json"), "--force")  # fmt: skip
    run("import 49.9 MB file (over the text limit)", "--data-dir", lib, "import", str(huge))
    run("correct 10M one-character lines (20 MB)", "correct", str(lines), "-o", str(work / "l.txt"), "--force")
    t0 = time.perf_counter()
    p = subprocess.run(f"{UNSPIN} correct - < /dev/zero", shell=True, capture_output=True, text=True)
    print(f"{'correct - < /dev/zero':<42} {time.perf_counter() - t0:7.1f} s  rc={p.returncode}  {p.stderr.strip()}")


if __name__ == "__main__":
    main()
