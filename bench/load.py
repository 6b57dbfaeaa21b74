"""What the engine pays before its first word: each load step cold, in a fresh process.

    .venv/bin/python bench/load.py [--runs N]

Each step runs in its own new Python process (the modules it needs imported first, untimed),
N times (default 5); the median seconds of the step itself and the process's peak resident
memory are printed. Then the same for whole commands (start-up included): importing the
engine, `unspin correct` on the seed article (every table and model loaded once), and a
plain `python -c pass` as the floor. A step's figure includes everything it loads lazily
(the thesaurus is opened by its first look-up). lexicon.load() reads the parsed tables
from the user cache (written by the first run); "first start" parses them into an empty one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"

# (name, setup code run untimed, the step timed)
STEPS = [
    ("import reader.engine", "", "import reader.engine"),
    ("import engine modules (decode)", "import reader.engine", "import reader.engine.decode"),
    ("lexicon.load()", "from reader.engine import lexicon", "lexicon.load()"),
    (
        "lexicon.load(), first start (parse)",
        "import atexit, os, shutil, tempfile\nd = tempfile.mkdtemp()\natexit.register(shutil.rmtree, d, True)\n"
        "os.environ['UNSPIN_CACHE_DIR'] = d\nfrom reader.engine import lexicon",
        "lexicon.load()",
    ),
    ("ngram.model()", "from reader.engine import ngram", "ngram.model()"),
    ("thesaurus: first look-up", "from reader.engine import thesaurus", "thesaurus.candidates('fulfilled')"),
    ("decide.shipped()", "from reader.engine import decide", "decide.shipped()"),
    ("inversions: adjectives", "from reader.engine import inversions", "inversions._adjective('big')"),
    (
        "all of the above loads",
        "from reader.engine import decide, inversions, lexicon, ngram, thesaurus",
        "lexicon.load(); ngram.model(); thesaurus.candidates('fulfilled'); decide.shipped(); "
        "inversions._adjective('big')",
    ),
    (
        "thesaurus: the seed's words",
        "from reader.engine import thesaurus\nfrom reader.engine.tokens import tokenize\n"
        f"words = sorted(set(tokenize(open({str(SEED)!r}, encoding='utf-8').read()).norms))",
        "for w in words: thesaurus.candidates(w); thesaurus.zipf(w)",
    ),
]

CHILD = """
import json, resource, sys, time
{setup}
t0 = time.perf_counter()
{step}
t = time.perf_counter() - t0
print(json.dumps([t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))
"""


def step_times(setup: str, step: str, runs: int) -> tuple[float, float]:
    """Median seconds of `step` and max peak RSS (MiB) over `runs` fresh processes."""
    code = CHILD.format(setup=setup, step=step)
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            raise SystemExit(f"step failed: {step}: {out.stderr.strip().splitlines()[-1:]}")
        t, peak = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(t)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    print(f"each step cold in a fresh process; median of {a.runs} runs; peak = the process's peak RSS")
    for name, setup, step in STEPS:
        t, peak = step_times(setup, step, a.runs)
        print(f"{name:34s} {t * 1000:8.1f} ms   peak {peak:6.1f} MiB")
    print("whole commands (start-up included):")
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("python -c 'import reader.engine'", [sys.executable, "-c", "import reader.engine"]),
        ("unspin correct SEED", [str(BIN / "unspin"), "correct", str(SEED)]),
        ("unspin correct SEED --format json", [str(BIN / "unspin"), "correct", str(SEED), "--format", "json"]),
    ]
    for name, cmd in commands:
        t, peak = measure(cmd, a.runs)  # speed.py's: median wall seconds, peak RSS in bytes
        peak /= 1024 * 1024
        print(f"{name:34s} {t * 1000:8.1f} ms   peak {peak:6.1f} MiB")


if __name__ == "__main__":
    main()
