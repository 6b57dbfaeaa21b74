"""The model's restored paragraph -> ordinary Edit records on the original text.

The answer is aligned word by word (rapidfuzz Levenshtein over word lists) with the text the
model was sent: the paragraph with the engine's confident edits applied. Every changed
stretch becomes one candidate edit on the ORIGINAL text, named by its relation to the spun
words (`relation`), or is refused with a reason (adds or drops content, changes a name, a
number or a quotation without evidence, runs too long). Then `merge` combines them with the
engine's edits: the engine's applied edits stay (raised when the model reads the same,
demoted to suggestions when the model reads the spun words back, replaced when the model
reads something else there, the engine's value kept as an alternative), an engine
suggestion the model agrees with is applied, and the result stays sorted and non-overlapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reader.engine.model import CATEGORIES, Correction, Edit, Replacement

if TYPE_CHECKING:
    from reader.engine.local_model import ModelConfig, ModelReport

WORD = re.compile(r"\w+(?:['’]\w+)*")
MAX_SPAN_WORDS = 6  # a changed stretch longer than this (either side) is a rewrite, refused
MAX_ADDED_WORDS = 1  # more restored words than spun words: the model adds content
MAX_DROPPED_WORDS = 4  # padding runs up to "when you look at the" (5 for 2)
LENGTH_RATIO = (0.75, 1.3)  # restored/sent words for a paragraph of 8+ words, else the paragraph is refused

# family -> (category id, confidence, why it is plausible)
FAMILIES: dict[str, tuple[str, float, str]] = {
    "engine": ("synonym", 0.92, "the engine's own candidates include it"),
    "thesaurus": ("synonym", 0.85, "the two are thesaurus neighbours, the swap this spinner makes"),
    "padding": ("padding", 0.8, "the spun words add only padding this spinner inserts"),
    "pronoun": ("pronoun", 0.75, "the spinner rewrites pronouns this way"),
    "number": ("number", 0.8, "it is the same number written the way the article writes numbers"),
    "name": ("entity", 0.72, "the name appears elsewhere in the article"),
    "inflection": ("synonym", 0.6, "the words share a stem"),
    "swap": ("synonym", 0.62, "a one-word swap between two common words, as a thesaurus spinner makes"),
    "phrase": ("synonym", 0.55, "a short run of common words, as a spinner swaps them word by word"),
    "rewrite": ("synonym", 0.4, "a free rewrite with no support from the engine's tables: check it"),
}
EVIDENCE_REFUSALS = frozenset({"name", "number", "quote"})  # lifted when the engine proposed the same
REFUSALS = {
    "length": "the answer's length is far from the paragraph's",
    "long": "a rewrite longer than a spinner's swap",
    "adds": "adds words the spun text does not account for",
    "drops": "drops more than padding",
    "name": "changes a name with no evidence in the article",
    "number": "changes a number with no evidence in the article",
    "quote": "changes a quotation with no evidence",
    "engine": "overlaps an edit the engine is sure of",
}

PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs "
    "one the guy lady woman man or own unique this".split()
)
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _key(w: str) -> str:
    return w.lower().replace("’", "'")


def _words(s: str) -> list[str]:
    return [_key(w) for w in WORD.findall(s)]


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


SPANISH = {"uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9}


def _digits(m: re.Match[str]) -> str:
    parts = re.split(r"[-\s]+", m.group().lower())
    if parts[0] in ("step", "around", "about", "some", "roughly", "nearly"):
        parts = parts[1:]
    total = 0
    for p in parts:
        total += int(p) if p.isdigit() else NUMBER_WORDS.get(p, SPANISH.get(p, 0))
    return str(total)


_NUM_WORD = "|".join(sorted([*NUMBER_WORDS, *SPANISH], key=len, reverse=True))
_NUM_RE = re.compile(
    rf"\b(?:(?:step|around|about|some|roughly|nearly)\s+)?(?:(?:{_NUM_WORD})(?:-(?:{_NUM_WORD}))?|\d+)\b", re.IGNORECASE
)
# Number words the spinner writes for a number ("a couple of" for two).
_NUM_PHRASES = {"a couple of": "2", "half a dozen": "6", "a dozen": "12"}


def number_form(s: str) -> str:
    """The text with every number as digits and no spaces: "step one,000" and "1,000" agree."""
    s = s.lower()
    for phrase, digits in _NUM_PHRASES.items():
        s = re.sub(rf"\b{phrase}\b", digits, s)
    return re.sub(r"\s+", "", _NUM_RE.sub(_digits, s))


def _has_number(s: str) -> bool:
    low = s.lower()
    return (
        bool(re.search(r"\d", s))
        or any(w in NUMBER_WORDS or w in SPANISH for w in _words(s))
        or any(p in low for p in _NUM_PHRASES)
    )


def builtin_relation(spun: str, restored: str) -> str | None:
    """The family of a spun -> restored change, from the words alone; None for a free rewrite.

    This one knows padding, pronouns, numbers, inflections and swaps of common words; the
    engine's thesaurus can take its place (see `relation`).
    """
    s, r = _words(spun), _words(restored)
    if _has_number(spun) or _has_number(restored):
        return "number" if number_form(spun) == number_form(restored) else None
    if not s and not r:
        return None
    if len(r) < len(s) and _is_subsequence(r, s):
        return "padding"
    if s and r and all(w in PRONOUNS for w in s + r):
        return "pronoun"
    if len(s) == 1 and len(r) == 1:
        a, b = s[0], r[0]
        if len(a) >= 4 and len(b) >= 4 and (a[:4] == b[:4] or fuzz.ratio(a, b) >= 80):
            return "inflection"
        if _zipf(b) >= 2.5 and _zipf(a) > 0:  # a common word for a known one (spinners pick rarer words)
            return "swap"
        return None
    if (
        1 <= len(s) <= MAX_SPAN_WORDS
        and 1 <= len(r) <= MAX_SPAN_WORDS
        and all(_zipf(w) >= 2.0 for w in r)
        and all(_zipf(w) > 0 for w in s)
    ):
        return "phrase"
    return None


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


# The hook: relation(spun, restored) -> family or None, called with the words of each changed
# stretch. Assign the engine's thesaurus-backed function here (model_edits.relation = fn); a
# family not in FAMILIES counts as a thesaurus relation, in that category if it names one.
relation: Callable[[str, str], str | None] = builtin_relation


# -- a paragraph as sent ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Seg:
    sent0: int
    sent1: int
    orig0: int
    orig1: int
    edit: int | None  # index into correction.edits of an applied edit, None for copied text


@dataclass
class Paragraph:
    """One paragraph of the original text and the text sent for it (engine's applied edits in)."""

    start: int
    end: int
    sent: str
    segs: list[_Seg]
    edits: list[int]  # indexes of the engine edits inside the paragraph
    all_edits: tuple[Edit, ...]

    @classmethod
    def build(cls, text: str, start: int, end: int, edits: tuple[Edit, ...]) -> Paragraph:
        inside = [i for i, e in enumerate(edits) if e.offset >= start and e.end <= end]
        segs: list[_Seg] = []
        parts: list[str] = []
        pos, sent_len = start, 0

        def add(s: str, o0: int, o1: int, idx: int | None) -> None:
            nonlocal sent_len
            segs.append(_Seg(sent_len, sent_len + len(s), o0, o1, idx))
            parts.append(s)
            sent_len += len(s)

        for i in inside:
            e = edits[i]
            if not e.applied or e.best is None:
                continue
            add(text[pos : e.offset], pos, e.offset, None)
            add(e.best, e.offset, e.end, i)
            pos = e.end
        add(text[pos:end], pos, end, None)
        return cls(start, end, "".join(parts), segs, inside, edits)

    def suspects(self) -> list[str]:
        """The spun words of the engine's suggestions and flags here (not applied)."""
        return [
            self.all_edits[i].original_text
            for i in self.edits
            if not self.all_edits[i].applied and self.all_edits[i].original_text.strip()
        ]

    def to_orig(self, x: int, *, end: bool = False) -> int:
        """Original offset of a sent offset inside copied text."""
        for s in self.segs:
            if s.edit is None and (s.sent0 <= x < s.sent1 or (end and s.sent0 < x <= s.sent1)):
                return s.orig0 + (x - s.sent0)
        raise ValueError(x)

    def touched(self, a: int, b: int, *, closed: bool = False) -> set[int]:
        """Applied edits whose sent text meets [a, b) (or [a, b] for an insertion point)."""
        out = set()
        for s in self.segs:
            if s.edit is None:
                continue
            if closed:
                hit = a <= s.sent0 <= b or a <= s.sent1 <= b or (s.sent0 < a and s.sent1 > b)
            else:
                hit = s.sent0 < b and s.sent1 > a if s.sent1 > s.sent0 else a < s.sent0 < b
            if hit:
                out.add(s.edit)
        return out


# -- aligning the answer -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """A model change on the original text, with what it is and whether it is refused."""

    offset: int
    length: int
    spun: str
    value: str
    family: str | None
    refused: str | None
    sentence: str  # the model's sentence around it
    replaces: frozenset[int] = frozenset()  # applied engine edits this change rewrites


@dataclass
class ParagraphResult:
    para: Paragraph
    changes: list[Change] = field(default_factory=list)
    agreed: set[int] = field(default_factory=set)  # applied engine edits the model left as they were
    vetoed: set[int] = field(default_factory=set)  # applied engine edits the model wrote back as spun
    conflicts: int = 0  # model changes over an applied engine edit (the engine's edit stays)
    refused_paragraph: str | None = None


def _sentence(text: str, a: int, b: int) -> str:
    start = max(text.rfind(c, 0, a) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, b) for c in ".!?\n") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def _sentence_start(text: str, pos: int, floor: int) -> bool:
    k = pos - 1
    while k >= floor and not text[k].isalnum():
        if text[k] in ".!?:":
            return True
        k -= 1
    return k < floor


def _in_quote(text: str, pos: int, floor: int) -> bool:
    before = text[floor:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _length_refused(n_sent: int, n_answer: int) -> bool:
    lo, hi = LENGTH_RATIO
    if n_sent >= 8:
        return not lo <= n_answer / n_sent <= hi
    return abs(n_answer - n_sent) > 3


def align(para: Paragraph, answer: str, config: ModelConfig, text: str) -> ParagraphResult:
    """The answer's changed stretches as Changes on the original text (refused ones marked)."""
    res = ParagraphResult(para)
    sent = para.sent
    sw = list(WORD.finditer(sent))
    aw = list(WORD.finditer(answer))
    if not sw:
        return res
    if config.refuse and _length_refused(len(sw), len(aw)):
        res.refused_paragraph = "length"
        return res
    akeys = [_key(m.group()) for m in aw]
    _judge_engine_edits(para, akeys, text, res)
    skeys = [_key(m.group()) for m in sw]
    regions: list[list[int]] = []  # adjacent differences as one stretch: [i, j) sent words, [k, l) answer words
    for op in Levenshtein.opcodes(skeys, akeys):
        if op.tag == "equal":
            continue
        if regions and regions[-1][1] == op.src_start and regions[-1][3] == op.dest_start:
            regions[-1][1], regions[-1][3] = op.src_end, op.dest_end
        else:
            regions.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    for r, (i, j, k, n) in enumerate(regions):
        lo_word = regions[r - 1][1] if r else 0  # words before this belong to the previous stretch
        hi_word = regions[r + 1][0] if r + 1 < len(regions) else len(sw)
        touched: set[int] = set()
        if i == j:  # an insertion: anchored to the word before it (or after, at the start)
            gap0 = sw[i - 1].end() if i > 0 else 0
            gap1 = sw[i].start() if i < len(sw) else len(sent)
            touched = para.touched(gap0, gap1, closed=True)
            if i > 0:
                i, k = i - 1, k - 1
            else:
                j, n = j + 1, n + 1
        a, b = sw[i].start(), sw[j - 1].end()
        touched |= para.touched(a, b)
        if touched:
            res.agreed -= touched
            if touched <= res.vetoed:  # the model wrote the spun words back: the veto says so
                continue
            grown = _grow(para, sw, touched, i, j, k, n, lo_word, hi_word)
            if grown is None:
                res.conflicts += 1
                continue
            i, j, k, n, touched = grown
            o0 = min([para.segs[x].orig0 for x in _seg_indexes(para, touched)] + _orig_word(para, sw[i], False))
            o1 = max([para.segs[x].orig1 for x in _seg_indexes(para, touched)] + _orig_word(para, sw[j - 1], True))
        else:
            o0, o1 = para.to_orig(a), para.to_orig(b, end=True)
        if n > k:
            value = answer[aw[k].start() : aw[n - 1].end()]
            if "\n" not in text[o0:o1]:
                value = " ".join(value.split())
            sentence = _sentence(answer, aw[k].start(), aw[n - 1].end())
        else:  # a deletion takes the spaces on one side with it
            value = ""
            m = re.match(r"[ \t]+", text[o1 : para.end])
            if m:
                o1 += m.end()
            elif m := re.search(r"[ \t]+$", text[para.start : o0]):
                o0 -= len(m.group())
            near = aw[min(k, len(aw) - 1)] if aw else None
            sentence = _sentence(answer, near.start(), near.end()) if near else ""
        spun = text[o0:o1]
        family = relation(spun, value)
        refused = _refusal(text, para, o0, o1, spun, value, family) if config.refuse else None
        if family not in ("number", "pronoun", "padding") and _names_change(text, para, o0, o1, value):
            family = "name"  # not refused: the article names it elsewhere
        res.changes.append(Change(o0, o1 - o0, spun, value, family, refused, sentence, frozenset(touched)))
    return res


def _seg_indexes(para: Paragraph, edits: set[int]) -> list[int]:
    return [x for x, s in enumerate(para.segs) if s.edit in edits]


def _orig_word(para: Paragraph, w: re.Match[str], end: bool) -> list[int]:
    try:
        return [para.to_orig(w.end() if end else w.start(), end=end)]
    except ValueError:  # the word is an engine edit's replacement
        return []


def _grow(
    para: Paragraph, sw: list[re.Match[str]], touched: set[int], i: int, j: int, k: int, n: int, lo: int, hi: int
) -> tuple[int, int, int, int, set[int]] | None:
    """Widen a stretch over the engine edits it touches (the words added align one to one).

    None when that would run into the next stretch of changes.
    """
    while True:
        segs = [para.segs[x] for x in _seg_indexes(para, touched)]
        a0 = min(s.sent0 for s in segs)
        b0 = max(s.sent1 for s in segs)
        while i > 0 and sw[i - 1].end() > a0:
            i, k = i - 1, k - 1
        while j < len(sw) and sw[j].start() < b0:
            j, n = j + 1, n + 1
        if i < lo or j > hi or k < 0:
            return None
        more = para.touched(min(a0, sw[i].start()), max(b0, sw[j - 1].end())) - touched
        if not more:
            return i, j, k, n, touched
        touched = touched | more


def _judge_engine_edits(para: Paragraph, akeys: list[str], text: str, res: ParagraphResult) -> None:
    """Applied engine edits whose spun words the answer keeps are vetoed; the others agreed (for now)."""
    orig_words = list(WORD.finditer(text, para.start, para.end))
    kept: set[int] = set()
    for op in Levenshtein.opcodes([_key(m.group()) for m in orig_words], akeys):
        if op.tag == "equal":
            kept.update(range(op.src_start, op.src_end))
    for i in para.edits:
        e = para.all_edits[i]
        if not e.applied or e.best is None:
            continue
        covered = [n for n, m in enumerate(orig_words) if m.start() < e.end and m.end() > e.offset]
        if covered and all(n in kept for n in covered) and _words(e.original_text) != _words(e.best):
            res.vetoed.add(i)
        else:
            res.agreed.add(i)


def _refusal(text: str, para: Paragraph, o0: int, o1: int, spun: str, value: str, family: str | None) -> str | None:
    """Why a change is refused, or None. Names and numbers need the article's own evidence."""
    s, r = _words(spun), _words(value)
    if len(s) > MAX_SPAN_WORDS or len(r) > MAX_SPAN_WORDS:
        return "long"
    if len(r) - len(s) > MAX_ADDED_WORDS:
        return "adds"
    if len(s) - len(r) > MAX_DROPPED_WORDS or (not r and family != "padding" and len(s) > 2):
        return "drops"
    elsewhere = text[: para.start] + "\n" + text[para.end :] + "\n" + text[para.start : o0] + "\n" + text[o1 : para.end]
    if family != "number" and (_has_number(spun) or _has_number(value)):
        new = [m.group() for m in _NUM_RE.finditer(value) if m.group().lower() not in spun.lower()]
        if not value or not new or not all(_occurs(n, elsewhere, case=False) for n in new):
            return "number"
    spun_words = set(WORD.findall(spun))
    caps = [w for w in WORD.findall(value) if w[0].isupper() and w != "I"]
    if caps and _sentence_start(text, o0, para.start) and WORD.findall(value)[0] == caps[0]:
        caps = caps[1:]  # a capital that only starts the sentence
    new_names = [w for w in caps if w not in spun_words]
    if _title_case(text[para.start : para.end]):  # a headline capitalises ordinary words too
        new_names = [w for w in new_names if _zipf(w.lower()) < 3.0 and not _occurs(w, elsewhere, case=False)]
    if any(not _occurs(w, elsewhere) for w in new_names):
        return "name"
    spun_names = {
        m.group()
        for m in WORD.finditer(text, o0, o1)
        if m.group()[0].isupper() and not _sentence_start(text, m.start(), para.start)
    }
    if spun_names and not new_names and family is None:
        return "name"
    if family is None and _in_quote(text, o0, para.start):
        return "quote"
    return None


def _names_change(text: str, para: Paragraph, o0: int, o1: int, value: str) -> bool:
    """Whether a change puts in a capitalised word (not a sentence start, not "I") the spun text lacks."""
    caps = [w for w in WORD.findall(value) if w[0].isupper() and w != "I"]
    if caps and _sentence_start(text, o0, para.start) and WORD.findall(value)[0] == caps[0]:
        caps = caps[1:]
    new = set(caps) - set(WORD.findall(text[o0:o1]))
    return bool(new) and not _title_case(text[para.start : para.end])


def _title_case(line: str) -> bool:
    """A headline: short, with most longer words capitalised."""
    ws = WORD.findall(line)
    longer = [w for w in ws if len(w) >= 4]
    return len(ws) <= 25 and len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= 0.6 * len(longer)


def _occurs(word: str, text: str, case: bool = True) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, 0 if case else re.IGNORECASE) is not None


# -- merging with the engine's edits ---------------------------------------------------------


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def _same_words(text: str, u0: int, u1: int, x: tuple[int, int, str], y: tuple[int, int, str]) -> bool:
    def version(c: tuple[int, int, str]) -> list[str]:
        return _words(text[u0 : c[0]] + " " + c[2] + " " + text[c[1] : u1])

    return version(x) == version(y)


def _with_model(e: Edit, value: str, model: str, sentence: str, confidence: float, min_conf: float) -> Edit:
    reps = sorted(e.replacements, key=lambda r: _words(r.value) != _words(value))
    reps = [replace(reps[0], confidence=max(reps[0].confidence, confidence))] + list(reps[1:])
    ev = dict(e.evidence) | {"model": model, "model_sentence": sentence, "model_agrees": True}
    msg = e.message.rstrip() + f' The local model ({model}) also read "{value}" here.'
    return replace(
        e,
        replacements=tuple(reps),
        confidence=confidence,
        applied=confidence >= min_conf,
        evidence=ev,
        message=msg,
    )


def _model_edit(c: Change, model: str, min_conf: float, alternatives: Sequence[Replacement]) -> Edit:
    family = c.family or "rewrite"
    cat_id, conf, why = FAMILIES.get(family) or (
        family if family in CATEGORIES else "synonym",
        FAMILIES["thesaurus"][1],
        f"the words are related ({family})",
    )
    if c.family is None and not _words(c.spun) and not _words(c.value):
        cat_id = "synonym"
    read = f'"{c.value}"' if c.value else "nothing"
    message = f'The local model ({model}) read {read} where the spun text has "{c.spun}"; {why}.'
    short = {"padding": "Model: padding", "number": "Model: number", "entity": "Model: name"}.get(
        cat_id, "Model: restored word" if family != "rewrite" else "Model: free rewrite"
    )
    alts = [a for a in alternatives if _words(a.value) != _words(c.value)]
    return Edit(
        offset=c.offset,
        length=c.length,
        original_text=c.spun,
        replacements=(Replacement(c.value, conf, f"the model's reading ({family})"), *alts),
        rule_id=f"model.{family}",
        category=CATEGORIES[cat_id],
        message=message,
        short_message=short,
        confidence=conf,
        applied=conf >= min_conf,
        evidence={"model": model, "model_sentence": c.sentence, "relation": family},
    )


def merge(
    text: str,
    correction: Correction,
    results: Sequence[ParagraphResult],
    config: ModelConfig,
    report: ModelReport,
    disabled: frozenset[str] = frozenset(),
) -> Correction:
    """The engine's edits and the model's accepted changes as one sorted, non-overlapping tuple.

    Model edits in a category the user turned off (Options.disabled_categories) are left out.
    """
    model = config.name
    min_conf = correction.min_confidence
    edits: dict[int, Edit] = dict(enumerate(correction.edits))
    # (priority, edit, the engine edits it replaces): lower priority wins an overlap; ties go to the earlier offset.
    extra: list[tuple[int, Edit, frozenset[int]]] = []
    dropped: set[int] = set()
    for res in results:
        if res.refused_paragraph:
            report.refused[res.refused_paragraph] += 1
            continue
        if res.conflicts:
            report.refused["engine"] += res.conflicts
        for i in res.agreed:
            e = edits[i]
            conf = 1 - (1 - e.confidence) / 2
            edits[i] = replace(e, confidence=conf, evidence=dict(e.evidence) | {"model": model, "model_agrees": True})
            report.agreed += 1
        if config.veto:
            for i in res.vetoed:
                e = edits[i]
                conf = max(0.05, min(e.confidence * 0.5, min_conf - 0.01))
                msg = (
                    e.message.rstrip()
                    + f" The local model ({model}) kept the spun words here, so this is only a suggestion."
                )
                edits[i] = replace(
                    e,
                    confidence=conf,
                    applied=False,
                    message=msg,
                    evidence=dict(e.evidence) | {"model": model, "model_agrees": False},
                )
                report.vetoed += 1
        for c in res.changes:
            if c.refused and c.refused not in EVIDENCE_REFUSALS:
                report.refused[c.refused] += 1
                continue
            if c.replaces:
                if c.refused:
                    report.refused[c.refused] += 1
                    continue
                alts = []
                for i in sorted(c.replaces):
                    e = correction.edits[i]
                    value = text[c.offset : e.offset] + (e.best or "") + text[e.end : c.offset + c.length]
                    alts.append(Replacement(value, e.confidence, f"the engine's reading ({e.rule_id})"))
                dropped.update(c.replaces)
                extra.append((1, _model_edit(c, model, min_conf, alts[:1] if len(alts) == 1 else []), c.replaces))
                continue
            hits = [
                i
                for i in res.para.edits
                if not correction.edits[i].applied
                and correction.edits[i].replacements  # a flag (gap, spam) keeps its place: the change loses
                and _overlap(c.offset, c.offset + c.length, correction.edits[i].offset, correction.edits[i].end)
            ]
            agree = None
            for i in hits:
                e = correction.edits[i]
                u0, u1 = min(c.offset, e.offset), max(c.offset + c.length, e.end)
                for r in e.replacements:
                    if _same_words(text, u0, u1, (c.offset, c.offset + c.length, c.value), (e.offset, e.end, r.value)):
                        agree = (i, r.value)
                        break
                if agree:
                    break
            if c.refused and (
                agree is None or len(hits) != 1
            ):  # the engine's own candidate is the evidence a name or number needs
                report.refused[c.refused] += 1
                continue
            if agree is not None and len(hits) == 1:
                i, value = agree
                e = edits[i]
                conf = max(FAMILIES["engine"][1], 1 - (1 - e.confidence) / 2)
                edits[i] = _with_model(e, value, model, c.sentence, conf, min_conf)
                report.agreed += 1
                continue
            alts: list[Replacement] = []
            for i in hits:
                e = correction.edits[i]
                if (e.offset, e.end) == (c.offset, c.offset + c.length):
                    alts.extend(e.replacements)
                dropped.add(i)
            extra.append((1, _model_edit(c, model, min_conf, alts), frozenset(hits)))
    # An engine edit a model change replaces waits behind the model's changes (priority 1.5): it comes back when
    # that change loses an overlap to another, so no engine edit is lost without a model edit over it.
    ranked: list[tuple[float, Edit, frozenset[int], int]] = []
    for i, e in edits.items():
        prio = 1.5 if i in dropped else 0 if e.applied or e.evidence.get("model_agrees") or not e.replacements else 2
        ranked.append((prio, e, frozenset(), i))
    ranked += [(p, e, r, -1) for p, e, r in extra if e.category.id not in disabled]
    taken: list[Edit] = []
    replaced: set[int] = set()
    for prio, e, replaces, i in sorted(ranked, key=lambda pe: (pe[0], pe[1].offset)):
        if i in replaced:
            continue
        if any(_overlap(e.offset, e.end, t.offset, t.end) for t in taken):
            if prio == 1:
                report.refused["engine"] += 1
            continue
        taken.append(e)
        replaced |= replaces
    taken.sort(key=lambda e: (e.offset, e.end))
    report.added = sum(1 for e in taken if e.rule_id.startswith("model."))
    return replace(correction, edits=tuple(taken))


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise ValueError unless edits are sorted, non-overlapping and match the text (tests, debugging)."""
    prev: Edit | None = None
    for e in edits:
        if text[e.offset : e.end] != e.original_text:
            raise ValueError(f"edit at {e.offset} says {e.original_text!r}, text has {text[e.offset : e.end]!r}")
        if prev is not None and (e.offset < prev.end or _overlap(prev.offset, prev.end, e.offset, e.end)):
            raise ValueError(f"edits at {prev.offset} and {e.offset} overlap or are out of order")
        prev = e
