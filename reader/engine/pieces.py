"""The engine on long texts: corrected in paragraph-aligned pieces so memory stays bounded.

The engine holds 100-250 bytes per character of its input while it works, besides the edits it
returns (bench/big_article.py); a 5-million-character article in one call would peak over 1 GB. Qt- and SQL-free: the CLI's
`correct` uses it without the library.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from reader.engine.model import Correction, Edit, Options

PIECE_CHARS = 1_000_000  # the engine sees at most this much at once (230-450 MB at its peak)


def split_points(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Offsets cutting `text` into pieces of about `size`, at paragraph breaks when there are any."""
    cuts = [0]
    while len(text) - cuts[-1] > size:
        start, limit = cuts[-1], cuts[-1] + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, start + size // 2, limit)
            if at >= 0:
                cut = at + len(sep)
                break
        cuts.append(cut if cut > start else limit)
    cuts.append(len(text))
    return cuts


def correct_text(text: str, options: Options | None = None) -> Correction:
    """The engine's run, in pieces of PIECE_CHARS for a long text so memory stays bounded.

    Each piece is corrected on its own (document evidence is per piece then) and its edits
    shifted to the whole text's offsets; the spin score is the pieces' mean weighted by length.
    """
    from reader.engine.decode import run as correct  # the lexicon and model load on first use

    options = options or Options()
    if len(split_points(text)) <= 2:
        return correct(text, options)
    return join(text, iter_pieces(text, options))


def iter_pieces(text: str, options: Options | None = None) -> Iterator[tuple[int, int, Correction]]:
    """(start, end, the Correction of text[start:end]) for each piece in order; offsets count in the piece.

    One piece at a time: a caller that writes each piece's edits out and lets them go (the
    CLI's `correct` on a long file) holds one piece's worth, however long the text.
    """
    from reader.engine.decode import run as correct

    options = options or Options()
    total = len(text)
    cuts = split_points(text)
    for a, b in zip(cuts, cuts[1:], strict=False):
        progress = options.progress
        piece_options = replace(
            options, progress=(lambda d, _t, a=a, p=progress: p(a + d, total)) if progress is not None else None
        )
        yield a, b, correct(text[a:b], piece_options)


def join(text: str, parts: Iterable[tuple[int, int, Correction]]) -> Correction:
    """The whole text's Correction from its pieces' (iter_pieces): edits shifted, spin score weighted by length."""
    total = len(text)
    edits: list[Edit] = []
    weighted = 0.0
    first: Correction | None = None
    kinds_seen: list[str] = []
    for a, b, part in parts:
        first = first or part
        kinds_seen.append(part.spinner_kind)
        weighted += part.spin_score * (b - a)
        edits.extend(e if a == 0 else replace(e, offset=e.offset + a) for e in part.edits)
        del part
    assert first is not None
    kinds = [k for k in kinds_seen if k]
    return Correction(
        text=text,
        edits=tuple(edits),
        spin_score=weighted / total if total else 0.0,
        engine_version=first.engine_version,
        lexicon_version=first.lexicon_version,
        min_confidence=first.min_confidence,
        spinner_kind=max(set(kinds), key=kinds.count) if kinds else "",
    )
