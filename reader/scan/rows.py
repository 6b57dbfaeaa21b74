"""One scan row per document, and the one place a Correction becomes the row's engine fields.

The engine is still growing (better spinner recognition, its spinner-kind guess):
`engine_fields` is the only function that reads a Correction, so adjusting the scan to a new
engine means editing it alone.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from reader.engine import Correction

# Row columns in output order (JSONL keys, Parquet columns).
COLUMNS = (
    "id",
    "input",
    "domain",
    "status",  # ok | skipped (not English, empty) | error
    "error",
    "language",
    "words",
    "spin_score",
    "spinner",
    "edits",  # {category id: count} of edits that propose a replacement
    "flags",  # {category id: count} of flag-only edits (gaps, injected spam)
    "signatures",  # strongest spinner signatures found, "rule_id×count", strongest first
    "tortured",  # tortured phrases found, "spun → original"
    "seconds",  # reading, language guess and engine for this document
)
MAX_SIGNATURES = 5
MAX_TORTURED = 20
# A signature: a fired table row ordinary English almost never writes (the engine's own test for the
# spin score: a row not needing the language model, with a prior of 0.9 or more).
SIGNATURE_PRIOR = 0.9
SPUN = 0.5  # spin score at which a document counts as spun (the summary's and the report's line)


def empty_row(doc_id: str, source: str, domain: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "input": source,
        "domain": domain,
        "status": "ok",
        "error": None,
        "language": None,
        "words": 0,
        "spin_score": None,
        "spinner": None,
        "edits": {},
        "flags": {},
        "signatures": [],
        "tortured": [],
        "seconds": 0.0,
    }


def engine_fields(c: Correction) -> dict[str, Any]:
    """spin_score, spinner kind, counts per category, signatures and tortured phrases of one Correction."""
    edits: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    sig_count: Counter[str] = Counter()
    sig_strength: dict[str, float] = {}
    tortured: dict[str, None] = {}
    for e in c.edits:
        cat = e.category.id
        (edits if e.replacements else flags)[cat] += 1
        ev = e.evidence or {}
        signature = ev.get("signature")
        if signature is None:
            signature = "lm_gain_log10" not in ev and float(ev.get("prior", 0.0)) >= SIGNATURE_PRIOR
        if signature and e.replacements:
            sig_count[e.rule_id] += 1
            sig_strength[e.rule_id] = max(sig_strength.get(e.rule_id, 0.0), e.confidence)
        if cat == "tortured":
            best = e.best or ""
            tortured[f"{e.original_text.strip()} → {best}" if best else e.original_text.strip()] = None
    ranked = sorted(sig_count, key=lambda r: (-sig_count[r], -sig_strength[r], r))
    # The engine names the web spinner ("signature", "other", "" for not spun); tortured phrases are
    # the paper mills' mark, which its spin score does not count, so they are named here.
    if len(tortured) >= 2 and edits["tortured"] * 2 >= sum(edits.values()):
        kind = "tortured"
    else:
        kind = c.spinner_kind or "none"
    return {
        "spin_score": round(float(c.spin_score), 4),
        "spinner": kind,
        "edits": dict(edits),
        "flags": dict(flags),
        "signatures": [f"{r}×{sig_count[r]}" for r in ranked[:MAX_SIGNATURES]],
        "tortured": list(tortured)[:MAX_TORTURED],
    }


def arrow_schema():
    """The Parquet schema (pyarrow is imported only when Parquet is written)."""
    import pyarrow as pa

    counts = pa.map_(pa.string(), pa.int32())
    return pa.schema(
        [
            ("id", pa.string()),
            ("input", pa.string()),
            ("domain", pa.string()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("language", pa.string()),
            ("words", pa.int32()),
            ("spin_score", pa.float64()),
            ("spinner", pa.string()),
            ("edits", counts),
            ("flags", counts),
            ("signatures", pa.list_(pa.string())),
            ("tortured", pa.list_(pa.string())),
            ("seconds", pa.float64()),
        ]
    )
