"""The correction engine: spun text in, a Correction (edits with offsets) out. Qt-free."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reader.engine.model import (
    CATEGORIES,
    DEFAULT_MIN_CONFIDENCE,
    ENGINE_VERSION,
    Cancelled,
    Category,
    Correction,
    Edit,
    Options,
    Replacement,
    apply_values,
)

if TYPE_CHECKING:
    from reader.engine.local_model import ModelConfig, ModelReport, refine
    from reader.engine.user_lexicon import Row

_LAZY = {"ModelConfig", "ModelReport", "refine"}  # the optional model client (http.client, sockets): on first use


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from reader.engine import local_model

        return getattr(local_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CATEGORIES",
    "DEFAULT_MIN_CONFIDENCE",
    "ENGINE_VERSION",
    "Cancelled",
    "Category",
    "Correction",
    "Edit",
    "ModelConfig",
    "ModelReport",
    "Options",
    "Replacement",
    "apply_values",
    "correct",
    "refine",
    "with_siblings",
]


def correct(
    text: str,
    options: Options | None = None,
    siblings: Sequence[str] = (),
    learned: Sequence[Row] = (),
    titles: Mapping[str, str] | None = None,
) -> Correction:
    """Find the spinner's substitutions in `text` and what they probably replaced.

    `siblings` are other spun copies of the same article: where they relate to this copy's
    words they add or confirm edits (see reader.engine.consensus), and when one of them is
    clearly spun this copy is corrected as spun too (Options.assume_spun). `learned` are the user's
    own table rows (reader.engine.user_lexicon), applied where the engine left the words
    alone; `titles` names the article each row's `source` was learned from. A long text is
    corrected in paragraph-aligned pieces (reader.engine.pieces) so memory stays bounded.
    """
    from dataclasses import replace

    from reader.engine.pieces import correct_text

    options = options or Options()
    result = correct_text(text, options)
    if siblings:
        from reader.engine.consensus import spun_by_siblings

        sibs = [correct_text(s, Options()) for s in siblings if s and s.strip()]
        if spun_by_siblings(result, sibs):  # another copy is clearly spun: so is this one
            result = correct_text(text, replace(options, assume_spun=True))
        result = with_siblings(text, result, sibs)
    if learned:
        from reader.engine.user_lexicon import apply_rows

        result = apply_rows(text, result, learned, dict(titles or {}))
    return result


def with_siblings(text: str, correction: Correction, siblings: Sequence[str]) -> Correction:
    """`correction` of `text` with evidence from other copies of the same article."""
    from reader.engine import consensus

    return consensus.with_siblings(text, correction, siblings)
