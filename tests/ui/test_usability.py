"""What a new user ran into while reviewing (found by using the window; each test failed before its fix)."""

from __future__ import annotations

from ui_fakes import _edit

import reader.engine
from reader.engine.model import Correction
from reader.ui.actions import A


def _long_correction(paragraphs: int = 900) -> Correction:
    para = "Xi and you can Putin desire Nato so you're able to exclude expansion owing to the fact tensions rise " * 6
    text = "\n".join(f"{n} {para}" for n in range(paragraphs))
    edits, start = [], 0
    for _ in range(paragraphs):
        e = _edit(text, "and you can", [("and", 0.95)], "padding", 0.95, True, start)
        f = _edit(text, "so you're able to", [("to", 0.9)], "padding", 0.9, True, e.offset + e.length)
        edits += [e, f]
        start = text.index("\n", f.offset) if "\n" in text[f.offset :] else len(text)
    return Correction(text, tuple(edits), 0.3)


def _in_view(pane, index: int) -> bool:
    return pane.viewport().rect().contains(pane.span_rect(index).center())


def test_a_jump_far_into_a_long_article_stays_in_view_on_both_sides(
    make_window, fake_library, tmp_path, monkeypatch, qtbot
):
    """Before: after jumping to the end of a long article the right pane's layout finished later and the
    change slid thousands of pixels out of view on the right. After: the change stays centred on both sides."""
    c = _long_correction()
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: c)
    p = tmp_path / "long.txt"
    p.write_text(c.text, encoding="utf-8")
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=10000):
        w.open_files([str(p)])
    for _ in range(30):
        w.actions_[A.NEXT].trigger()
    last = len(c.edits) - 2
    w.view.set_current(last)
    qtbot.wait(600)  # the layout settles
    assert _in_view(w.view.left, last)
    assert _in_view(w.view.right, last)
