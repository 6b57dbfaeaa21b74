"""What a source teaches: the spinner's substitutions in one article, and using them on the next.

Given a spun article and its original, `differences` aligns them word by word and names the
spinner family of each difference; `score` says how much of the spinning a correction
undid; `mine` turns the differences into table rows (the resources/lexicon TSV format) and
`apply_rows` uses such rows as a post-pass over the engine's Correction, with the evidence
"learned from <title>". Qt-free and store-free: the library keeps the rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from reader.engine.lexicon import FUNCTION_WORDS, HEADER, PRONOUNS
from reader.engine.model import CATEGORIES, Category, Correction, Edit, Replacement
from reader.engine.tokens import WORD_RE, norm

MAX_WORDS = 4  # longest phrase (either side) a learned row holds
DEFAULT_PRIOR = 0.8  # a phrase the spinner inflated: applied
RARE_PRIOR = 0.75  # a rare word swapped in for another: applied
COMMON_PRIOR = 0.4  # a common word swapped: below the default threshold, a suggestion
RARE_ZIPF = 4.0
FAMILIES = ("padding", "pronoun", "synonym", "idiom", "entity", "number", "deletion", "other")


@dataclass(frozen=True, slots=True)
class Row:
    """One substitution in the resources/lexicon TSV format (spun -> original, with a context condition)."""

    spun: str
    original: str
    category: str
    context: str = "-"
    prior: float = DEFAULT_PRIOR
    source: str = "user"
    explanation: str = ""

    def to_tsv(self) -> str:
        return "\t".join(
            [self.spun, self.original, self.category, self.context, f"{self.prior:g}", self.source, self.explanation]
        )


@dataclass(frozen=True, slots=True)
class Difference:
    """One place where the spun text departs from the source."""

    offset: int  # in the spun text (code points); for a deletion, where the missing words belong
    length: int
    spun: str
    original: str
    family: str  # padding | pronoun | synonym | idiom | entity | number | deletion | other


@dataclass(frozen=True, slots=True)
class Score:
    errors_before: int  # word edit distance spun -> source
    errors_after: int  # corrected -> source
    harmed: int  # words that matched the source and the correction changed
    correct_words: int  # words of the spun text that matched the source

    @property
    def undone(self) -> float:
        return 1 - self.errors_after / self.errors_before if self.errors_before else 0.0

    @property
    def harm(self) -> float:
        return self.harmed / self.correct_words if self.correct_words else 0.0


class RowError(ValueError):
    """A TSV line that is not a lexicon row."""


def read_tsv(text: str, where: str = "lexicon") -> list[Row]:
    """Rows from the resources/lexicon TSV format (comments and the header line are skipped)."""
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if [c.strip() for c in cols[: len(HEADER)]] == HEADER:
            continue
        if len(cols) < 3:
            raise RowError(f"{where}:{n}: expected tab-separated columns {' '.join(HEADER)}")
        cols += [""] * (len(HEADER) - len(cols))
        spun, original, category, context, prior, source, explanation = (c.strip() for c in cols[: len(HEADER)])
        if category not in CATEGORIES:
            raise RowError(f"{where}:{n}: unknown category {category!r}")
        if not WORD_RE.search(spun):
            raise RowError(f"{where}:{n}: empty spun phrase")
        try:
            p = float(prior) if prior else DEFAULT_PRIOR
        except ValueError:
            raise RowError(f"{where}:{n}: prior {prior!r} is not a number") from None
        if not 0.0 <= p <= 1.0:
            raise RowError(f"{where}:{n}: prior {p} outside 0..1")
        rows.append(Row(spun, original, category, context or "-", p, source or "user", explanation))
    return rows


def write_tsv(rows: Iterable[Row]) -> str:
    return "\t".join(HEADER) + "\n" + "".join(r.to_tsv() + "\n" for r in rows)


# -- comparing a spun text with its source ------------------------------------------------
def _words(text: str) -> tuple[list[str], list[int], list[int]]:
    spans = [m.span() for m in WORD_RE.finditer(text)]
    return [norm(text[a:b]) for a, b in spans], [a for a, _ in spans], [b for _, b in spans]


def _blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """Runs of differing words between agreeing ones: (i, j) in a, (k, m) in b."""
    out = []
    block = None
    for o in Levenshtein.opcodes(list(a), list(b)):
        if o.tag == "equal":
            if block:
                out.append(tuple(block))
                block = None
            continue
        if block is None:
            block = [o.src_start, o.src_end, o.dest_start, o.dest_end]
        else:
            block[1], block[3] = o.src_end, o.dest_end
    if block:
        out.append(tuple(block))
    return out


def family(spun: Sequence[str], original: Sequence[str], raw_spun: str = "", sentence_start: bool = False) -> str:
    """The spinner family of one difference (spun words -> source words)."""
    if not spun:
        return "deletion"
    if any(re.search(r"\d", w) for w in (*spun, *original)) or any(
        w in ("thousand", "million", "hundred") for w in spun
    ):
        return "number"
    if raw_spun[:1].isupper() and not sentence_start and len(spun) == len(original):
        return "entity"
    if set(spun) & PRONOUNS and set(original) & PRONOUNS:
        return "pronoun"
    if not original or (len(original) == 1 and original[0] in FUNCTION_WORDS and len(spun) > 1):
        return "padding"
    if len(spun) > len(original) and all(w in FUNCTION_WORDS or w in original for w in spun[:-1]):
        return "padding"
    if all(w in FUNCTION_WORDS for w in (*spun, *original)):
        return "padding"
    if len(spun) == len(original) == 1:
        return "synonym"
    if len(spun) > 1 and len(original) > 1 and set(spun) & set(original):
        return "idiom"
    return "synonym" if len(spun) <= 2 and len(original) <= 2 else "other"


def _sentence_start(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def differences(spun_text: str, source_text: str) -> list[Difference]:
    """Every short or long departure of the spun text from the source, in order, with its family."""
    sw, ss, se = _words(spun_text)
    ow, _, _ = _words(source_text)
    out = []
    for i, j, k, m in _blocks(sw, ow):
        if j > i:
            offset, length = ss[i], se[j - 1] - ss[i]
        else:  # source words the spun text lacks: mark the gap before the next word
            offset, length = (ss[i] if i < len(ss) else len(spun_text)), 0
        raw = spun_text[offset : offset + length]
        kind = family(sw[i:j], ow[k:m], raw, _sentence_start(spun_text, offset))
        out.append(Difference(offset, length, raw, " ".join(ow[k:m]), kind))
    return out


def score(spun_text: str, source_text: str, corrected_text: str) -> Score:
    """How much of the spinning a correction undid, scored as the dev set is (word edit distance)."""
    s, o, c = _words(spun_text)[0], _words(source_text)[0], _words(corrected_text)[0]

    def changed(a: list[str], b: list[str]) -> set[int]:
        keep = set()
        for op in Levenshtein.opcodes(a, b):
            if op.tag == "equal":
                keep.update(range(op.src_start, op.src_end))
        return set(range(len(a))) - keep

    wrong = changed(s, o)
    return Score(
        Levenshtein.distance(s, o), Levenshtein.distance(c, o), len(changed(s, c) - wrong), len(s) - len(wrong)
    )


def mine(spun_text: str, source_text: str, source: str = "user", explanation: str = "") -> list[Row]:
    """Table rows for the substitutions a source shows: spun phrase -> source phrase.

    Only the kinds that carry over to other articles (measured with bench/learning.py):
    phrases the spinner inflated ("brand new" -> "new", "in order to" -> "to"), applied unless
    every word is a function word ("for the" -> "in": a suggestion, ordinary English elsewhere);
    one-word swaps whose spun word is rare (Zipf < 4), applied; common one-word swaps as
    suggestions only (a common word is usually right elsewhere). Numbers, names, deletions,
    rewrites of several words into several, and lone function words teach nothing reusable.
    """
    from wordfreq import zipf_frequency

    sw, ss, se = _words(spun_text)
    ow, _, _ = _words(source_text)
    rows: dict[tuple[str, str], Row] = {}
    for i, j, k, m in _blocks(sw, ow):
        if j == i or j - i > MAX_WORDS or m - k > MAX_WORDS:
            continue
        spun, orig = sw[i:j], ow[k:m]
        kind = family(spun, orig, spun_text[ss[i] : se[j - 1]], _sentence_start(spun_text, ss[i]))
        if kind in ("number", "entity", "deletion", "other", "idiom"):
            continue
        if not orig:  # padding: the word before stays, "and you can" -> "and"
            if i == 0:
                continue
            spun, orig = [sw[i - 1], *spun], [sw[i - 1]]
        if len(spun) == len(orig) == 1:
            if spun[0] in FUNCTION_WORDS or orig[0] in FUNCTION_WORDS:
                continue
            prior = RARE_PRIOR if zipf_frequency(spun[0], "en") < RARE_ZIPF else COMMON_PRIOR
        elif len(spun) > len(orig):
            # "for the" -> "in" is a spinner's choice once, but ordinary English everywhere else
            prior = COMMON_PRIOR if all(w in FUNCTION_WORDS for w in spun) else DEFAULT_PRIOR
        else:
            continue
        cat = kind if kind in CATEGORIES else "synonym"
        key = (" ".join(spun), " ".join(orig))
        rows.setdefault(key, Row(key[0], key[1], cat, "-", prior, source, explanation))
    return list(rows.values())


# -- using learned rows -------------------------------------------------------------------
def _case_like(value: str, spun: str) -> str:
    if value and spun[:1].isupper() and not value[:1].isupper():
        return value[0].upper() + value[1:]
    return value


def apply_rows(
    text: str, correction: Correction, rows: Sequence[Row], titles: dict[str, str] | None = None
) -> Correction:
    """`correction` with the learned rows applied where the engine left the words alone.

    `titles` maps a row's `source` to the article title shown in the evidence ("learned
    from <title>"). Where the engine already made the same change the edit gains the
    evidence; where it chose something else, the engine's edit stays.
    """
    if not rows:
        return correction
    words, starts, ends = _words(text)
    by_first: dict[str, list[tuple[list[str], Row]]] = {}
    for r in rows:
        spun = [norm(w) for w in WORD_RE.findall(r.spun)]
        if spun:
            by_first.setdefault(spun[0], []).append((spun, r))
    for cands in by_first.values():
        cands.sort(key=lambda c: -len(c[0]))
    edits = list(correction.edits)
    spans = sorted((e.offset, e.end, n) for n, e in enumerate(edits))
    taken: list[tuple[int, int]] = []
    min_conf = correction.min_confidence
    i = 0
    while i < len(words):
        hit = None
        for spun, r in by_first.get(words[i], ()):
            if words[i : i + len(spun)] != spun or not _context_ok(r.context, words, i, len(spun)):
                continue
            a, b = starts[i], ends[i + len(spun) - 1]
            if "\n" in text[a:b]:
                continue
            hit = (spun, r, a, b)
            break
        if hit is None:
            i += 1
            continue
        spun, r, a, b = hit
        title = (titles or {}).get(r.source, r.source)
        evidence = {"learned_from": title, "row": r.to_tsv()}
        value = _case_like(r.original, text[a:b])
        overlapping = [n for s, e, n in spans if s < b and a < e]
        if overlapping:
            n = overlapping[0]
            e = edits[n]
            if (
                len(overlapping) == 1
                and (e.offset, e.end) == (a, b)
                and e.best is not None
                and norm(e.best) == norm(value)
            ):
                edits[n] = replace(
                    e,
                    message=f"{e.message} The same substitution was learned from {title}.",
                    evidence={**dict(e.evidence), **evidence},
                )
            i += len(spun)
            continue
        if any(s < b and a < e for s, e in taken):
            i += 1
            continue
        category = CATEGORIES.get(r.category, Category(r.category, r.category.title()))
        edits.append(
            Edit(
                offset=a,
                length=b - a,
                original_text=text[a:b],
                replacements=(Replacement(value, r.prior, "learned from a source"),),
                rule_id="learned." + (re.sub(r"[^a-z0-9]+", "_", " ".join(spun)).strip("_") or "x"),
                category=category,
                message=f'"{text[a:b]}" is a substitution learned from {title}; the source said "{value}" there.',
                short_message="Learned substitution",
                confidence=r.prior,
                applied=r.prior >= min_conf,
                evidence=evidence,
            )
        )
        taken.append((a, b))
        i += len(spun)
    edits.sort(key=lambda e: (e.offset, e.length))
    return replace(correction, edits=tuple(edits), lexicon_version=f"{correction.lexicon_version}+{version(rows)}")


def version(rows: Iterable[Row]) -> str:
    """A short name for a set of rows (whatever their order), recorded beside the engine's lexicon version."""
    digest = hashlib.sha256("\n".join(sorted(r.to_tsv() for r in rows)).encode("utf-8")).hexdigest()
    return f"user.{digest[:8]}"


def _context_ok(context: str, words: list[str], i: int, n: int) -> bool:
    """The subset of the lexicon's context conditions that learned rows use: prev= and next=."""
    for part in (p.strip() for p in (context or "-").split(";")):
        if part in ("", "-"):
            continue
        key, _, val = part.partition("=")
        negate = key.startswith("!")
        key = key.lstrip("!")
        options = {norm(v) for v in val.split("|")}
        if key == "prev":
            word = words[i - 1] if i > 0 else "^"
        elif key == "next":
            word = words[i + n] if i + n < len(words) else "$"
        else:
            continue  # a condition learned rows never write: ignored
        if (word in options) == negate:
            return False
    return True
