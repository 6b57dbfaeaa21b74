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
    titled: frozenset[int] = frozenset()  # capitalised only by a Title Case headline (see title_cased)

    def __len__(self) -> int:
        return len(self.starts)

    def is_word(self, i: int) -> bool:
        return self.words[i]

    def capital(self, i: int) -> bool:
        """Starts with a capital that is the word's own (a name, a sentence start), not a headline's Title Case."""
        return self.raw[i][0].isupper() and i not in self.titled

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
    return Tokens(text, starts, ends, norms, raw, words, title_cased(text, starts, raw, norms, words))


TITLE_MAX_WORDS = 25
TITLE_SHARE = 0.6  # of the words of four letters or more, this share capitalised makes a Title Case line


def title_cased(text: str, starts: list[int], raw: list[str], norms: list[str], words: list[bool]) -> frozenset[int]:
    """Words capitalised only because their line is a Title Case headline ("Tough Brand New Restrictions").

    A capitalised word in such a line counts as lower case when the document also writes it in
    lower case elsewhere ("tough", "new"); a name ("Putin", "Nato") never is, and keeps its capital.
    """
    lines: list[list[int]] = []
    line: list[int] = []
    last = 0
    for k, w in enumerate(words):
        if "\n" in text[last : starts[k]] and line:
            lines.append(line)
            line = []
        last = starts[k]
        if w:
            line.append(k)
    if line:
        lines.append(line)
    heads = []
    for ks in lines:
        if not 3 <= len(ks) <= TITLE_MAX_WORDS:
            continue
        long = [k for k in ks if len(raw[k]) >= 4]
        if len(long) >= 2 and sum(raw[k][0].isupper() for k in long) >= TITLE_SHARE * len(long):
            heads.append(ks)
    if not heads:
        return frozenset()
    lower = {norms[k] for k, w in enumerate(words) if w and raw[k][0].islower()}
    out = set()
    for ks in heads:
        shouting = all(raw[k].isupper() for k in ks if raw[k].isalpha())  # "TOUGH BRAND NEW RULES"
        for k in ks[1:]:
            # an acronym ("US", "NATO") keeps its capitals unless the whole line is in capitals
            if raw[k][0].isupper() and (shouting or not raw[k].isupper()) and norms[k] in lower:
                out.add(k)
    return frozenset(out)
