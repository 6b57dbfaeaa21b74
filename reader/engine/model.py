"""The records the engine returns: Edit, Replacement, Category, Correction, Options.

They follow LanguageTool's match shape (offset/length in the input, ranked replacements,
rule id, category, message, short message) with Harper-style extras (confidence,
evidence). Offsets are Python code points; convert to UTF-16 only at the Qt boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

ENGINE_VERSION = "2.0.0"
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str


CATEGORIES: dict[str, Category] = {
    c.id: c
    for c in (
        Category("padding", "Padding"),
        Category("pronoun", "Pronoun swap"),
        Category("synonym", "Synonym swap"),
        Category("idiom", "Broken idiom"),
        Category("entity", "Corrupted name"),
        Category("number", "Corrupted number"),
        Category("sense", "Wrong sense"),
        Category("tortured", "Tortured phrase"),
        Category("injected", "Injected spam"),
        Category("gap", "Missing text"),
    )
}


@dataclass(frozen=True, slots=True)
class Replacement:
    value: str
    confidence: float
    short_description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": self.confidence, "short_description": self.short_description}


@dataclass(frozen=True, slots=True)
class Edit:
    """One suspect span of the input and what it probably said.

    `replacements` is best first; "" means delete. An edit with no replacements is a
    flag only (a gap, injected spam): it explains, it never changes the text.
    """

    offset: int
    length: int
    original_text: str
    replacements: tuple[Replacement, ...]
    rule_id: str
    category: Category
    message: str
    short_message: str
    confidence: float
    applied: bool
    evidence: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def end(self) -> int:
        return self.offset + self.length

    @property
    def best(self) -> str | None:
        """The first replacement's value, or None for a flag-only edit."""
        return self.replacements[0].value if self.replacements else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "offset": self.offset,
            "length": self.length,
            "original_text": self.original_text,
            "replacements": [r.to_dict() for r in self.replacements],
            "rule_id": self.rule_id,
            "category": {"id": self.category.id, "name": self.category.name},
            "message": self.message,
            "short_message": self.short_message,
            "confidence": round(self.confidence, 4),
            "applied": self.applied,
            "evidence": dict(self.evidence),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Edit:
        cat = d["category"]
        return cls(
            offset=int(d["offset"]),
            length=int(d["length"]),
            original_text=d["original_text"],
            replacements=tuple(
                Replacement(r["value"], float(r["confidence"]), r.get("short_description", ""))
                for r in d["replacements"]
            ),
            rule_id=d["rule_id"],
            category=CATEGORIES.get(cat["id"], Category(cat["id"], cat.get("name", cat["id"]))),
            message=d["message"],
            short_message=d["short_message"],
            confidence=float(d["confidence"]),
            applied=bool(d["applied"]),
            evidence=dict(d.get("evidence", {})),
        )


def apply_values(text: str, edits: Iterable[Edit], values: Mapping[int, str | None] | None = None) -> str:
    """Apply edits to `text`. `values[i]` overrides edit i's value (None keeps the original).

    Without `values`, every edit marked applied uses its best replacement. Edits must be
    sorted and non-overlapping, as the engine returns them. This is the one place in the
    program where edits become text: the engine, exporters and UI all call it.
    """
    out: list[str] = []
    pos = 0
    for i, e in enumerate(edits):
        if values is None:
            value = e.best if e.applied else None
        else:
            value = values.get(i)
        if value is None:
            continue
        out.append(text[pos : e.offset])
        out.append(value)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Correction:
    """The engine's answer for one text: its edits, the corrected text and a spin score."""

    text: str
    edits: tuple[Edit, ...]
    spin_score: float
    engine_version: str = ENGINE_VERSION
    lexicon_version: str = ""
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    # Which kind of spinner the marks point to: "signature" (the padding spinner of the field guide),
    # "other" (clause inversions, article mismatches, spintax ...), or "" when the text does not look spun.
    spinner_kind: str = ""

    @property
    def corrected(self) -> str:
        return apply_values(self.text, self.edits)

    def with_threshold(self, min_confidence: float) -> Correction:
        """The same edits re-marked applied/suggested for another confidence threshold."""
        edits = tuple(replace(e, applied=bool(e.replacements) and e.confidence >= min_confidence) for e in self.edits)
        return replace(self, edits=edits, min_confidence=min_confidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "spin_score": round(self.spin_score, 4),
            "engine_version": self.engine_version,
            "lexicon_version": self.lexicon_version,
            "min_confidence": self.min_confidence,
            "spinner_kind": self.spinner_kind,
            "edits": [e.to_dict() for e in self.edits],
            "corrected_text": self.corrected,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], text: str) -> Correction:
        return cls(
            text=text,
            edits=tuple(Edit.from_dict(e) for e in d["edits"]),
            spin_score=float(d["spin_score"]),
            engine_version=d.get("engine_version", ""),
            lexicon_version=d.get("lexicon_version", ""),
            min_confidence=float(d.get("min_confidence", DEFAULT_MIN_CONFIDENCE)),
            spinner_kind=d.get("spinner_kind", ""),
        )


class Cancelled(Exception):
    """Raised inside correct() when Options.cancel() returns True."""


@dataclass(frozen=True, slots=True)
class Options:
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    # Category ids to leave out entirely (e.g. {"tortured"} for news text).
    disabled_categories: frozenset[str] = frozenset()
    # Checked between paragraphs; returning True raises Cancelled.
    cancel: Callable[[], bool] | None = None
    # Called with (done_chars, total_chars) between paragraphs.
    progress: Callable[[int, int], None] | None = None
    # The text is known to be spun (another copy of the same article clearly is, or the user says so): the spin
    # gate opens whatever the signatures say, so rows that are also ordinary English and the content stage run.
    assume_spun: bool = False
