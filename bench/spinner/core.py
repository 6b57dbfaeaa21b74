"""A seeded forward spinner that imitates the real one (see docs/spinner-field-guide.md).

It walks the source word by word, tries its families longest-first at each word (deleted
years, numbers, entities, idioms, multiword padding, then single words) and records every
substitution with its source span, spun span and category, so a bench can tell what the
engine restored and what it missed.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import tables

HERE = Path(__file__).resolve().parent
DEFAULT_RATE = 1.0
MAX_PROB = 0.95
# The tables hold relative strengths; this scales them so that rate 1.0 touches about as
# many words as real copies do (measurements.md: 2,769 word edits over 4,563 words).
INTENSITY = 2.1
# Moby swaps of content words that the stock SYNONYM table does not cover.
MOBY_PROB = 0.20
YEAR_DELETE_PROB = 0.45
# Short paragraphs (captions, one-line asides) the spinner's template drops.
PARAGRAPH_DELETE_PROB = 0.3
SHORT_PARAGRAPH_WORDS = 15
NUMBER_PROB = 0.40

WORD = re.compile(r"\w+(?:['’]\w+)*")
CATEGORIES = ("padding", "pronoun", "synonym", "idiom", "entity", "number", "sense", "deletion")


@dataclass(frozen=True, slots=True)
class Substitution:
    """One rewrite: source[source_start:source_end] became spun[spun_start:spun_end]."""

    source_start: int
    source_end: int
    spun_start: int
    spun_end: int
    source: str
    spun: str
    category: str


@dataclass(frozen=True, slots=True)
class SpunText:
    source: str
    text: str
    substitutions: tuple[Substitution, ...]
    seed: int
    rate: float

    def to_source(self, spun_pos: int) -> int:
        """Source offset of a spun offset that lies outside every substitution (or on its edge)."""
        starts = [s.spun_start for s in self.substitutions]
        i = bisect_right(starts, spun_pos) - 1
        if i < 0:
            return spun_pos
        s = self.substitutions[i]
        if spun_pos < s.spun_end:
            raise ValueError(f"offset {spun_pos} is inside substitution {s}")
        return s.source_end + (spun_pos - s.spun_end)


def _alternation(keys: list[str]) -> str:
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))


_ENTITY_RE = re.compile(rf"(?:{_alternation(list(tables.ENTITY))})(?![\w])")
_IDIOM_RE = re.compile(rf"(?:{_alternation(list(tables.IDIOM))})(?![\w-])", re.IGNORECASE)
_MULTI = {k: v for table in (tables.PADDING, tables.PRONOUN) for k, v in table.items() if re.search(r"[ -]", k)}
_MULTI_RE = re.compile(rf"(?:{_alternation(list(_MULTI))})(?![\w-])", re.IGNORECASE)
_MONTHS = "|".join(tables.MONTHS)
# A year, optionally with its month (and day): "January 2020", "14 February 2022", "2019".
_YEAR_RE = re.compile(rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+(?:\d{{1,2}},?\s+)?)?(?:19|20)\d\d(?![\w,.]\d)")
_DAY_MONTH_RE = re.compile(rf"(\d{{1,2}})(?=\s+(?:{_MONTHS})\b)")
_NUMBER_RE = re.compile(r"\d+(?:[,.]\d+)*")


@cache
def moby_neighbours() -> dict[str, tuple[str, ...]]:
    """The committed Moby table: word -> neighbours, rarer first (see build_synonyms.py)."""
    out: dict[str, tuple[str, ...]] = {}
    path = HERE / "moby_neighbours.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        word, ns = line.split("\t")
        out[word] = tuple(ns.split("|"))
    return out


def _match_case(src: str, repl: str) -> str:
    if len(src) > 1 and src.isupper() and src.isalpha():
        return repl.upper()
    if src[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def _number_word(n: int) -> str:
    if n < 20:
        return tables.NUMBER_WORDS[n]
    tens, units = divmod(n, 10)
    word = tables.TENS_WORDS[tens - 2]
    return word if units == 0 else f"{word}-{tables.NUMBER_WORDS[units]}"


class _Spinner:
    def __init__(self, text: str, seed: int, rate: float) -> None:
        self.text = text
        self.rng = random.Random(seed)
        self.rate = rate
        self.moby = moby_neighbours()

    def fires(self, prob: float, scaled: bool = True) -> bool:
        """One draw: whether a rewrite of strength `prob` happens (INTENSITY applies to table strengths)."""
        return self.rng.random() < min(prob * self.rate * (INTENSITY if scaled else 1.0), MAX_PROB)

    def pick(self, choices: tuple[str, ...]) -> str:
        return choices[self.rng.randrange(len(choices))]

    def sentence_start(self, pos: int) -> bool:
        before = self.text[:pos].rstrip(" \t\"'“‘(")
        return not before or before[-1] in ".!?:\n"

    def rule_at(self, m: re.Match[str]) -> tuple[int, str, str] | None:
        """(end, spun text, category) for a rewrite starting at word match m, or None."""
        text, pos, word = self.text, m.start(), m.group()
        if (pos == 0 or text[pos - 1] == "\n") and (para := self.short_paragraph(pos)):
            return para, "", "deletion"
        if word[0].isdigit() and pos > 1 and text[pos - 1] in ".," and text[pos - 2].isdigit():
            return None  # the tail of "3.8" or "1,000": numbers are rewritten from their head
        if (y := _YEAR_RE.match(text, pos)) and self.fires(YEAR_DELETE_PROB):
            return y.end(), "", "deletion"
        if word[0].isdigit() and (r := self.number_rule(pos)):
            return r
        for regex, table, fold in (
            (_ENTITY_RE, tables.ENTITY, False),
            (_IDIOM_RE, tables.IDIOM, True),
            (_MULTI_RE, _MULTI, True),
        ):
            if not (found := regex.match(text, pos)):
                continue
            key = re.sub(r"\s+", " ", found.group())
            row = table.get(key.lower() if fold else key)
            if row is None or not self.fires(row[0]):
                continue
            if table is tables.ENTITY:
                return found.end(), self.pick(row[1]), "entity"
            cat = "idiom" if table is tables.IDIOM else "pronoun" if key.lower() in tables.PRONOUN else "padding"
            return found.end(), _match_case(found.group(), self.pick(row[1])), cat
        return self.word_rule(m)

    def short_paragraph(self, pos: int) -> int | None:
        """End (past its newline) of the short paragraph starting at pos if the spinner drops it."""
        end = self.text.find("\n", pos)
        end = len(self.text) if end < 0 else end + 1
        short = end < len(self.text) and len(WORD.findall(self.text, pos, end)) <= SHORT_PARAGRAPH_WORDS
        return end if short and self.fires(PARAGRAPH_DELETE_PROB, scaled=False) else None

    def word_rule(self, m: re.Match[str]) -> tuple[int, str, str] | None:
        word = m.group()
        low = word.lower().replace("’", "'")
        if word == "I" or low != "i":
            for table, cat in (
                (tables.PADDING, "padding"),
                (tables.PRONOUN, "pronoun"),
                (tables.NUMBER_WORD_REWRITES, "number"),
            ):
                if (row := table.get(low)) is not None:
                    if self.fires(row[0]):
                        return m.end(), _match_case(word, self.pick(row[1])), cat
                    return None
        # Content words: a capital mid-sentence is a name, which only the entity table touches.
        if word[:1].isupper() and not self.sentence_start(m.start()):
            return None
        for table, cat in ((tables.SENSE, "sense"), (tables.SYNONYM, "synonym")):
            if (row := table.get(low)) is not None and self.fires(row[0]):
                return m.end(), _match_case(word, self.pick(row[1])), cat
        if low in tables.STOPWORDS or low in tables.SENSE or low in tables.SYNONYM:
            return None
        ns = self.moby.get(low)
        if ns and self.fires(MOBY_PROB):
            # Neighbours are stored rarer first; favour the front of the list.
            i = min(int(self.rng.expovariate(1 / 2.5)), len(ns) - 1)
            return m.end(), _match_case(word, ns[i]), "synonym"
        return None

    def number_rule(self, pos: int) -> tuple[int, str, str] | None:
        text = self.text
        num = _NUMBER_RE.match(text, pos)
        if not num or not self.fires(NUMBER_PROB):
            return None
        s, end = num.group(), num.end()
        after = text[end : end + 1]
        # "14 February" -> "fourteen February"; "40%" -> "forty%".
        if (d := _DAY_MONTH_RE.match(text, pos)) or (s.isdigit() and after == "%" and int(s) < 100):
            n = int(d.group(1) if d else s)
            if n < 100:
                return end, _number_word(n), "number"
        # "100,000" -> "100,100": a later group repeats the first.
        groups = s.split(",")
        if (
            len(groups) >= 2
            and all(len(g) == 3 for g in groups[1:])
            and len(groups[0]) == 3
            and self.rng.random() < 0.3
        ):
            return end, ",".join([groups[0], groups[0]] + groups[2:]), "number"
        # "30-year" -> "31-seasons".
        if s.isdigit() and text.startswith("-year", end):
            stop = end + 5 + (1 if text.startswith("s", end + 5) else 0)
            return stop, f"{int(s) + 1}-seasons", "number"
        # Leading digit spelled the spinner's way: "1,000" -> "step one,000", "$2.2bn" -> "$dos.2bn".
        lead = s[0]
        if lead in tables.DIGIT_SPELLINGS and (len(s) == 1 or not s[1].isdigit()):
            spelled = self.pick(tables.DIGIT_SPELLINGS[lead])
            if spelled != lead:
                return pos + 1, spelled, "number"
        return None

    def run(self) -> tuple[str, list[Substitution]]:
        text = self.text
        out: list[str] = []
        subs: list[Substitution] = []
        copied = 0  # source offset copied or consumed so far
        spun_len = 0
        for m in WORD.finditer(text):
            if m.start() < copied:
                continue
            rule = self.rule_at(m)
            if rule is None:
                continue
            end, spun, cat = rule
            if spun == text[m.start() : end]:
                continue
            gap = text[copied : m.start()]
            out.append(gap)
            spun_len += len(gap)
            out.append(spun)
            subs.append(Substitution(m.start(), end, spun_len, spun_len + len(spun), text[m.start() : end], spun, cat))
            spun_len += len(spun)
            copied = end
        out.append(text[copied:])
        return "".join(out), subs


def spin(text: str, seed: int, rate: float = DEFAULT_RATE) -> SpunText:
    """Spin `text` deterministically for `seed`. `rate` scales every family's probability."""
    spun, subs = _Spinner(text, seed, rate).run()
    return SpunText(source=text, text=spun, substitutions=tuple(subs), seed=seed, rate=rate)
