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
    words: list[bool]  # True for word tokens, False for punctuation

    def __len__(self) -> int:
        return len(self.starts)

    def is_word(self, i: int) -> bool:
        return self.words[i]

    def joined(self, i: int, j: int) -> bool:
        """True when tokens i..j-1 sit on one line (a phrase never spans a line break)."""
        return "\n" not in self.text[self.starts[i] : self.ends[j - 1]]


def tokenize(text: str) -> Tokens:
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    # Slices rather than one findall over the whole text: the window's worker thread must
    # give the GIL back often, and a single C call over megabytes would hold it.
    raw = [text[a:b] for a, b in spans]
    norms = [w.lower().replace("’", "'") if "’" in w else w.lower() for w in raw]
    words = [w[0].isalnum() or w[0] == "_" for w in raw]
    return Tokens(text, starts, ends, norms, raw, words)
