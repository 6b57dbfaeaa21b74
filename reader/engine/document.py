"""Document-level evidence: how spun the whole text is, gaps the spinner left, injected spam."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Below this spin score, rows marked `spun` (phrases that are also ordinary English) stay quiet.
GATE_LOW = 0.25
GATE_FULL = 0.6


def spin_score(signature_hits: int, words: int) -> float:
    """0..1 from the rate of spinner signatures (phrases ordinary English almost never writes).

    Both the rate per 100 words and the absolute count must be high, so one odd phrase in a
    long clean article, or one in a two-line snippet, does not open the gate.
    """
    if words <= 0 or signature_hits <= 0:
        return 0.0
    rate = 100.0 * signature_hits / words
    return (1.0 - math.exp(-rate / 1.2)) * (1.0 - math.exp(-signature_hits / 1.5))


def gate(score: float) -> float:
    """Multiplier for gated rows: 0 on clean text, 1 on clearly spun text."""
    if score <= GATE_LOW:
        return 0.0
    return min(1.0, (score - GATE_LOW) / (GATE_FULL - GATE_LOW))


# --- gaps: the spinner drops dates and years ("in early , the"; "since , when") ---
GAP_RE = re.compile(
    r"(?<![\w’'])(in early|in late|in mid|early|late|since|in|on|of|from|until|by|during|before|after|because|as of)"
    r"[ \t]+(?=[,.;:](?:\s|$))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Flag:
    offset: int
    length: int
    category: str
    rule_id: str
    short_message: str
    message: str
    confidence: float
    delete_confidence: float | None = None  # offer deleting the span as a suggestion


def _lines(text: str):
    """(offset, line) pairs: regexes scan one line at a time, so no single C call holds the GIL long."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _finditer(pattern: re.Pattern[str], text: str):
    for base, line in _lines(text):
        for m in pattern.finditer(line):
            yield base, m


def gap_flags(text: str) -> list[Flag]:
    out = []
    for base, m in _finditer(GAP_RE, text):
        word = m.group(1)
        out.append(
            Flag(
                base + m.start(1),
                len(word),
                "gap",
                "gap.dropped_date",
                "Something is missing here",
                f'Nothing follows "{word}" before the punctuation: this spinner drops dates and years '
                '(as in "in early , the"). The source named something here; it cannot be restored.',
                0.7,
            )
        )
    return out


# --- injected spam: affiliate keyword anchors pasted mid-sentence ---
# An affiliate anchor: a dating/loan keyword followed by a capitalised brand ("dating sites for
# Rate My Date people"), or a keyword no news or lifestyle article uses in passing.
_KEYWORD = (
    r"(?:(?:best |free |online |adult |top )?(?:dating|hookup|hook up) (?:sites?|apps?|services?|websites?)"
    r"|mail[- ]order brides?|payday loans?|title loans?|installment loans?|cash advance|online casinos?"
    r"|sugar (?:daddy|daddies|baby|babies)|escort services?|essay writing service|write my essay)"
)
SPAM_RE = re.compile(
    rf"(?<!\w)(?:the |a )?(?P<key>{_KEYWORD})"
    r"(?P<brand> (?:for|near|in|like)(?: [A-Z][\w’'-]*)+(?: (?:people|users|singles|reviews?))?)?"
)
STRONG = re.compile(r"payday|title loan|installment|cash advance|casino|sugar|escort|essay|mail[- ]order")


# A search-keyword line pasted above the copied headline ("chinese women dating"): a few lower-case
# words with a commercial keyword, then a capitalised headline.
KEYWORD_LINE = re.compile(
    r"\A\s*((?=[a-z ]*\b(?:dating|brides?|loans?|casinos?|hookups?|escorts?|essays?)\b)[a-z]+(?: [a-z]+){1,4})[ \t]*\n\s*[A-Z]\S* \S+ \S+"
)


def keyword_line_flag(text: str) -> list[Flag]:
    m = KEYWORD_LINE.match(text)
    if not m:
        return []
    line = m.group(1)
    return [
        Flag(
            m.start(1),
            len(line),
            "injected",
            "injected.keyword_line",
            "Injected keyword line",
            f'"{line}" above the headline reads like the search keywords a spam site pastes over a copied '
            "article; the source most likely began with its headline.",
            0.6,
            delete_confidence=0.4,
        )
    ]


def spam_flags(text: str, words: int) -> list[Flag]:
    """Keyword anchors the rest of the article is not about, and a keyword line pasted above the headline."""
    hits = list(_finditer(SPAM_RE, text))
    if not hits:
        return keyword_line_flag(text)
    lower = text.lower()
    # The headline (among the first short lines: a spam site may paste a keyword line above it) names the topic.
    lines = [line.strip() for line in lower.split("\n", 20)[:20] if line.strip()][:3]
    head = " ".join(line for line in lines if len(line.split()) <= 15 and not line.endswith((".", "!", "?")))
    counts: dict[str, int] = {}  # one count of the text per topic word, not one per hit (linear cost)
    out = []
    for base, m in hits:
        key = m.group("key").lower()
        if not m.group("brand") and not STRONG.search(key):
            continue  # "dating apps" in an article about dating is its topic, not spam
        topic = key.split()[-2] if len(key.split()) > 1 else key
        if topic not in counts:
            counts[topic] = lower.count(topic)
        if counts[topic] > max(2, words // 400) or topic in head:
            continue  # the article's own topic ("My Friend Is a Mail-Order Bride"), not a pasted anchor
        out.append(
            Flag(
                base + m.start(),
                m.end() - m.start(),
                "injected",
                "injected.keyword_anchor",
                "Injected keyword spam",
                f'"{m.group()}" reads like an affiliate keyword link pasted into the sentence; spam sites '
                "inject these into copied articles. The source most likely had nothing here.",
                0.6,
                delete_confidence=0.4,
            )
        )
    return keyword_line_flag(text) + out
