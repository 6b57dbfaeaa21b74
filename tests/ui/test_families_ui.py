"""The library panel shows families ("2 copies"), undoes a grouping, and the window corrects with siblings."""

from __future__ import annotations

from reader.services import Library

PADDED = (
    "Volunteers in Tbilisi and you can Kutaisi restored the Gelati monastery frescoes after the earthquake.\n\n"
    "The conservators used lime mortar, walnut scaffolding and saffron pigments from Svaneti."
)
PLAIN = (
    "Volunteers in Tbilisi and Kutaisi restored the Gelati monastery frescoes after the earthquake.\n\n"
    "The conservators used lime mortar, walnut scaffolding and saffron pigments from Svaneti."
)


def _window(make_window, library, tmp_path):
    return make_window(library, immediate=False, library_factory=lambda: Library(tmp_path / "lib"))


def _titles(w) -> list[str]:
    """Title and copies column of each row, sorted."""
    tree = w.library_panel.tree
    rows = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return sorted(f"{it.text(0)}|{it.text(4)}" for it in rows)


def test_the_panel_shows_copies_and_the_grouping_can_be_undone(make_window, library, tmp_path, qtbot):
    padded = library.import_text(PADDED, "Padded copy").article.id
    library.import_text(PLAIN, "Plain copy")
    library.import_text("A recipe for lemon cake with almonds, cardamom and pistachios from Sicily.", "Cake")
    w = _window(make_window, library, tmp_path)
    w.refresh_library()
    assert _titles(w) == ["Cake|", "Padded copy|2 copies", "Plain copy|2 copies"]
    w.library_panel.select(padded)
    assert w.library_panel.ungroup_action.isEnabled()
    w.library_panel.ungroup_action.trigger()
    qtbot.waitUntil(lambda: _titles(w) == ["Cake|", "Padded copy|", "Plain copy|"], timeout=3000)
    assert library.family(padded) == []
    w.library_panel.select(padded)
    assert not w.library_panel.ungroup_action.isEnabled()


def test_the_window_corrects_an_article_with_its_copies_as_evidence(make_window, library, tmp_path, qtbot):
    padded = library.import_text(PADDED, "Padded copy").article.id
    library.import_text(PLAIN, "Plain copy")
    w = _window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.show_article(padded)
    assert w.correction.corrected.startswith("Volunteers in Tbilisi and Kutaisi restored")
    edit = next(e for e in w.correction.edits if e.evidence.get("siblings"))
    assert "other copy of this article" in edit.message


def test_opening_a_copy_says_the_library_has_others(make_window, library, tmp_path, qtbot):
    library.import_text(PADDED, "Padded copy")
    f = tmp_path / "plain.txt"
    f.write_text(PLAIN, encoding="utf-8")
    w = _window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.open_files([str(f)], remember=False)
    assert "1 other copy of it in the library, read as evidence" in w.last_message
