"""Time to import a generated Markdown file of about 1 MB (or --mb) with reader.importers.import_path.

    .venv/bin/python bench/markdown_import.py [--mb 1] [--repeat 3]

The file mixes what real posts hold: front matter, ATX and setext headings, paragraphs with emphasis,
inline and reference links, bare URLs, code spans, nested and loose lists, quotes, fenced and indented
code, tables, HTML comments and inline HTML. Prints the best of --repeat wall times, the text size and
the number of links kept.

Figures (2 CPUs shared, load average ~1.6), the generated 1,000,664-byte post: the hand-written
parser of main 7cfcdfc 0.32 s (best of 5); markdown-it-py 4.3.0 (this branch) 0.49-0.52 s, the same
text and links. In a fresh process (module loading included) 0.37 s before, 0.63 s after
(importing markdown_it: 26 ms). Pathological paragraphs of 200,000 characters, before / after:
"[" 0.20 / 1.9 s, "[a](" 0.09 / 0.76 s, "*a " 0.08 / 0.51 s, "[a][b] " 0.12 / 0.21 s.
reader/importers/markdown.py: 337 lines before, 281 after (a token walker and the HTML reduction).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.importers import import_path  # noqa: E402

WORDS = "the of and to in a is that for it as was with be by on not he this are or his from at which but".split()


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS + ["article", "reader", "spinner", "Nato", "summit", "policy"], k=rng.randint(8, 22))
    n = rng.randrange(len(words))
    style = rng.random()
    if style < 0.2:
        words[n] = f"**{words[n]}**"
    elif style < 0.35:
        words[n] = f"_{words[n]}_"
    elif style < 0.45:
        words[n] = f"[{words[n]} site](https://example.com/{rng.randint(1, 999)})"
    elif style < 0.5:
        words[n] = f"[{words[n]}][r{rng.randint(1, 20)}]"
    elif style < 0.55:
        words[n] = f"`{words[n]}()`"
    elif style < 0.58:
        words[n] = f"https://bare.example/{rng.randint(1, 999)}"
    elif style < 0.6:
        words[n] = f"<b>{words[n]}</b>"
    return " ".join(words).capitalize() + "."


def document(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = ['---\ntitle: "A Generated Post"\nauthor: Bench\n---\n', "# A Generated Post\n"]
    total = 0
    while total < size:
        kind = rng.random()
        if kind < 0.06:
            block = f"## Section {len(parts)}\n"
        elif kind < 0.08:
            block = f"Setext section {len(parts)}\n---------------\n"
        elif kind < 0.16:
            block = "\n".join(
                f"{'  ' * (i % 2)}- {sentence(rng)}" if i % 3 else f"1. {sentence(rng)}" for i in range(1, 6)
            )
        elif kind < 0.2:
            block = "> " + sentence(rng) + "\n> " + sentence(rng)
        elif kind < 0.23:
            block = "```python\ndef f(x):\n    return x * 2  # **not emphasis**\n```"
        elif kind < 0.25:
            block = "    indented code\n    more code"
        elif kind < 0.28:
            block = "| A | B |\n|---|:-:|\n" + "\n".join(f"| {sentence(rng)} | {i} |" for i in range(3))
        elif kind < 0.29:
            block = "<!-- a comment\nover lines -->"
        else:
            block = "\n".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        parts.append(block + "\n")
        total += len(block) + 2
    parts.extend(f"[r{i}]: https://ref.example/{i}" for i in range(1, 21))
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = document(int(args.mb * 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.md"
        path.write_text(text, encoding="utf-8")
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            article = import_path(path)
            times.append(time.perf_counter() - started)
    print(f"input: {len(text.encode()):,} bytes of Markdown")
    print(f"import: best {min(times):.2f} s of {args.repeat} (all: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"text: {len(article.text):,} characters, {len(article.metadata['links']):,} links, title {article.title!r}")


if __name__ == "__main__":
    main()
