"""Clean text: how many words the engine changes and how many it highlights on unspun prose.

    python bench/cleancheck.py

Runs over the team's clean corpus (bench/corpus, 28,754 words) and the system's licence
texts (/usr/share/common-licenses), prints words changed (%) and highlights per 1,000 words.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.engine import correct  # noqa: E402
from reader.engine.tokens import WORD_RE  # noqa: E402


def check(paths: list[str], label: str, show: bool) -> None:
    words = changed = lit = 0
    for p in paths:
        text = Path(p).read_text(encoding="utf-8", errors="replace")
        c = correct(text)
        a = [w.lower() for w in WORD_RE.findall(text)]
        b = [w.lower() for w in WORD_RE.findall(c.corrected)]
        words += len(a)
        changed += Levenshtein.distance(a, b)
        lit += len(c.edits)
        if show and c.edits:
            for e in c.edits:
                print(f"  {Path(p).name}: {e.rule_id} {e.original_text!r} -> {e.best!r} {e.confidence:.2f} {e.applied}")
    print(
        f"{label}: {words} words, {changed / max(words, 1):.2%} changed, {1000 * lit / max(words, 1):.2f} highlights per 1,000 words"
    )


def main() -> None:
    show = "--show" in sys.argv
    check(sorted(glob.glob(str(ROOT / "bench" / "corpus" / "*" / "*.txt"))), "team's clean corpus", show)
    check(sorted(glob.glob("/usr/share/common-licenses/*")), "licence texts", show)


if __name__ == "__main__":
    main()
