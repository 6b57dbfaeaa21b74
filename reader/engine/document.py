"""Document-level evidence: how spun the whole text is, gaps the spinner left, injected spam."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reader.engine.candidates import Candidate

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


def gap_flags(text: str) -> list[Flag]:
    out = []
    for m in GAP_RE.finditer(text):
        word = m.group(1)
        out.append(
            Flag(
                m.start(1),
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
SPAM_RE = re.compile(
    r"(?<!\w)(?:the |a )?(?:(?:best |free |online |adult |top )?(?:dating|hookup|hook up|hookup dating) "
    r"(?:sites?|apps?|services?|websites?)|mail[- ]order brides?|payday loans?|title loans?|installment loans?|"
    r"cash advance|online casinos?|sugar (?:daddy|daddies|baby|babies)|escort services?|essay writing service|"
    r"write my essay|rate my date)"
    r"(?: (?:for|near|in|like)(?: [A-Z][\w’'-]*)+(?: (?:people|users|singles|reviews?))?)?",
)


def spam_flags(text: str, words: int) -> list[Flag]:
    """Keyword anchors that the rest of the article is not about."""
    hits = list(SPAM_RE.finditer(text))
    if not hits:
        return []
    lower = text.lower()
    out = []
    for m in hits:
        key = re.sub(r"^(the|a) ", "", m.group().lower()).split(" for ")[0]
        # An article about dating mentions dating often: then the phrase is its topic, not spam.
        topic = key.split()[-2] if len(key.split()) > 1 else key
        if lower.count(topic) > max(2, words // 400):
            continue
        out.append(
            Flag(
                m.start(),
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
    return out


def count_signatures(chosen: list[Candidate]) -> int:
    return sum(1 for c in chosen if c.sig)
