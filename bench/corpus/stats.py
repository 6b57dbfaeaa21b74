"""Count and check the clean benchmark corpus.

Run from anywhere: `python bench/corpus/stats.py`. Prints files and words per section
(words = whitespace-separated tokens, the same as `wc -w`, title line included) and
exits non-zero if a file breaks the corpus format: UTF-8, a title on the first line,
one paragraph per line, no blank lines, 350-700 words.
"""

from __future__ import annotations

import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
SECTIONS = ("news", "science", "lifestyle")
MIN_WORDS, MAX_WORDS = 350, 700


def check(path: Path) -> tuple[int, list[str]]:
    """Return the word count of one corpus file and the format problems found in it."""
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return 0, ["not valid UTF-8"]
    lines = text.rstrip("\n").split("\n")
    words = len(text.split())
    if any(not line.strip() for line in lines):
        problems.append("blank line")
    if len(lines) < 3:
        problems.append("needs a title line and paragraphs")
    elif len(lines[0].split()) > 20 or lines[0].endswith("."):
        problems.append("first line does not look like a title")
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"{words} words, outside {MIN_WORDS}-{MAX_WORDS}")
    return words, problems


def main() -> int:
    total_files = total_words = 0
    rows: list[tuple[str, int, int]] = []
    failed = False
    for section in SECTIONS:
        files = sorted((CORPUS / section).glob("*.txt"))
        words = 0
        for path in files:
            count, problems = check(path)
            words += count
            for problem in problems:
                failed = True
                print(f"{path.relative_to(CORPUS)}: {problem}", file=sys.stderr)
        rows.append((section, len(files), words))
        total_files += len(files)
        total_words += words
    print(f"{'section':<10} {'files':>5} {'words':>7} {'share':>6}")
    for section, files, words in rows:
        print(f"{section:<10} {files:>5} {words:>7} {words / max(total_words, 1):>6.1%}")
    print(f"{'total':<10} {total_files:>5} {total_words:>7}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
