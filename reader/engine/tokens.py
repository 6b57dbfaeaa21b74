"""Tokenizer keeping code-point offsets: words (with inner apostrophes) and single punctuation marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is \w+ with inner apostrophes ("you're", "one’s"); anything else but spaces is one token.
TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def norm(word: str) -> str:
    """The form rules are written in: lower case, typographic apostrophe folded to '."""
    return word.lower().replace("’", "'")


@dataclass(slots=True)
class Tokens:
    """Parallel lists over one text; index i is the i-th token."""

    text: str
    starts: list[int]
    ends: list[int]
    norms: list[str]
    raw: list[str]

    def __len__(self) -> int:
        return len(self.starts)

    def is_word(self, i: int) -> bool:
        c = self.raw[i][0]
        return c.isalnum() or c == "_"

    def joined(self, i: int, j: int) -> bool:
        """True when tokens i..j-1 sit on one line (a phrase never spans a line break)."""
        return "\n" not in self.text[self.starts[i] : self.ends[j - 1]]


def tokenize(text: str) -> Tokens:
    starts: list[int] = []
    ends: list[int] = []
    raw: list[str] = []
    for m in TOKEN_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        raw.append(m.group())
    norms = [norm(w) for w in raw]
    return Tokens(text, starts, ends, norms, raw)


def word_count(text: str) -> int:
    return sum(1 for _ in WORD_RE.finditer(text))
