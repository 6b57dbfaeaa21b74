"""A long text written piece by piece gives the bytes of the whole-Correction writers."""

from __future__ import annotations

import json
from functools import partial

import pytest

from reader import cli
from reader.engine import pieces
from reader.exporters import line_endings, streamed
from reader.exporters.spam import without_spam
from reader.paths import SEEDS

SEED = (SEEDS / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8")
TEXT = SEED + "\n\n" + SEED[: len(SEED) // 2] + " Rate My Date people next pipe and you can the brand new leaders"


@pytest.fixture(scope="module")
def parts_by_size():
    """Each piece size's pieces, corrected once (the engine's run is the slow part)."""
    out = {}
    for size in (1500, 4000):
        cuts = pieces.split_points(TEXT, size)
        out[size] = [(a, b, pieces.correct_text(TEXT[a:b])) for a, b in zip(cuts, cuts[1:], strict=False)]
    return out


@pytest.mark.parametrize("size", [1500, 4000])
@pytest.mark.parametrize("keep_spam", [False, True])
def test_cleaned_text_piece_by_piece_is_the_whole_corrections(parts_by_size, size, keep_spam):
    parts = parts_by_size[size]
    whole = pieces.join(TEXT, parts)
    assert len(parts) >= 3 and any(e.category.id == "injected" for e in whole.edits)
    want = (whole if keep_spam else without_spam(whole, {})[0]).corrected
    assert "".join(streamed.iter_cleaned_text(TEXT, iter(parts), keep_spam)) == want
    assert (want == whole.corrected) is keep_spam  # the spam flags were removed, or kept


@pytest.mark.parametrize("size", [1500, 4000])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_json_piece_by_piece_is_the_whole_corrections(parts_by_size, size, newline):
    parts = parts_by_size[size]
    whole = pieces.join(TEXT, parts)
    want = "".join(line_endings.iter_correction_json(whole, newline, {}))
    got = "".join(streamed.iter_correction_json(TEXT, iter(parts), newline))
    assert got == want
    assert len(json.loads(got)["edits"]) == len(whole.edits) > 100


def test_pieces_without_edits_and_a_text_with_none():
    empty = [(0, 5, pieces.correct_text("Hello")), (5, 11, pieces.correct_text(" world"))]
    assert "".join(streamed.iter_cleaned_text("Hello world", iter(empty))) == "Hello world"
    got = json.loads("".join(streamed.iter_correction_json("Hello world", iter(empty))))
    assert got["edits"] == [] and got["corrected_text"] == got["text"] == "Hello world"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unspin_correct_streams_a_long_file_with_the_same_output(tmp_path, monkeypatch, capsys, fmt):
    src = tmp_path / "long.txt"
    src.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(pieces, "split_points", partial(pieces.split_points, size=2500))  # a "long" text
    used = []
    real = streamed.iter_correction_json if fmt == "json" else streamed.iter_cleaned_text
    monkeypatch.setattr(streamed, real.__name__, lambda *a, **k: used.append(1) or real(*a, **k))
    assert cli.main(["correct", str(src), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert used  # the streamed writer ran
    whole = pieces.correct_text(TEXT)
    if fmt == "json":
        assert out == "".join(line_endings.iter_correction_json(whole, "\n", {}))
    else:
        assert out == without_spam(whole, {})[0].corrected + "\n"


def _edit(offset: int, text: str, spam: bool, piece_start: int):
    """A spam flag, or a suggestion (not applied) that only stands beside one."""
    from reader.engine.model import CATEGORIES, Edit, Replacement

    cat = CATEGORIES["injected" if spam else "synonym"]
    return Edit(offset - piece_start, len(text), text, (Replacement("", 0.2),), "x", cat, "", "", 0.2, False)


@pytest.mark.parametrize(
    ("text", "cut", "first", "second"),
    [
        ("x,SPAMA SPAMB y", 7, (2, "SPAMA", True), (7, " SPAMB", False)),  # the right neighbour stops a widening
        ("x,SPAMA SPAMB.", 8, (2, "SPAMA ", True), (8, "SPAMB", True)),  # the left neighbour stops one
    ],
)
def test_spam_flags_either_side_of_a_cut_are_widened_as_in_the_whole_text(text, cut, first, second):
    from reader.engine.model import Correction

    parts = [
        (0, cut, Correction(text[:cut], (_edit(*first, 0),), 0.5)),
        (cut, len(text), Correction(text[cut:], (_edit(*second, cut),), 0.5)),
    ]
    want = without_spam(pieces.join(text, parts), {})[0].corrected
    assert "".join(streamed.iter_cleaned_text(text, iter(parts))) == want
    whole = without_spam(pieces.join(text, parts), {})[0].edits
    naive = [  # each piece's flags widened without the other piece's: not what the whole text gets
        e for a, b, c in parts for e in without_spam(pieces.join(text, [(a, b, c)]), {})[0].edits
    ]
    assert [(e.offset, e.length) for e in naive] != [(e.offset, e.length) for e in whole]
