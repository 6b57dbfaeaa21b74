"""The seed article as a person reads it: edits by category, then the corrected text.

    .venv/bin/python bench/seed_report.py [FILE] [--paragraphs N]

Prints the spin score, a table of edits by category (applied / suggested / flagged), a
sample of each category's edits, and the corrected first N paragraphs beside nothing else,
for a reader to judge. No figure here is a score: the seed's source is not in the project.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.engine import correct  # noqa: E402
from reader.paths import SEEDS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(SEEDS / "xi-putin-nato-guardian-spun.txt"))
    ap.add_argument("--paragraphs", type=int, default=6)
    a = ap.parse_args()
    text = Path(a.file).read_text(encoding="utf-8")
    c = correct(text)
    words = len(text.split())
    print(f"{a.file}: {words} words, spin score {c.spin_score:.2f}, {len(c.edits)} edits")
    applied = Counter(e.category.id for e in c.edits if e.applied)
    suggested = Counter(e.category.id for e in c.edits if not e.applied and e.replacements)
    flagged = Counter(e.category.id for e in c.edits if not e.replacements)
    print(f"\n{'category':10s} {'applied':>8s} {'suggested':>10s} {'flagged':>8s}")
    for cat in sorted(set(applied) | set(suggested) | set(flagged), key=lambda k: -applied[k]):
        print(f"{cat:10s} {applied[cat]:8d} {suggested[cat]:10d} {flagged[cat]:8d}")
    print("\nSamples (spun -> probably, confidence):")
    for cat in sorted({e.category.id for e in c.edits}):
        sample = [e for e in c.edits if e.category.id == cat][:4]
        for e in sample:
            mark = "applied" if e.applied else ("flag" if not e.replacements else "suggest")
            print(f"  {cat:9s} {e.original_text!r} -> {e.best!r} ({e.confidence:.2f}, {mark})")
    print(f"\nCorrected, first {a.paragraphs} paragraphs:\n")
    print("\n".join(c.corrected.splitlines()[: a.paragraphs]))


if __name__ == "__main__":
    main()
