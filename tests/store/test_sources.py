"""Sources in the library: attach, compare, learn into the user's lexicon, export/import, use later."""

from __future__ import annotations

import pytest

from reader.engine import user_lexicon as ul
from reader.errors import ImportFailed, StoreError

SOURCE = "The leaders met in Paris on Monday and agreed to raise the budget by 3% next year."
SPUN = "The frontrunners met in Paris on Monday and you can agreed to raise the budget by 4% next year."
LATER = "Frontrunners from both parties spoke to reporters in Paris."


def test_attach_compare_and_learn(lib, tmp_path):
    aid = lib.import_text(SPUN, "Budget talks").article.id
    assert lib.source(aid) is None
    src_file = tmp_path / "original.txt"
    src_file.write_text(SOURCE, encoding="utf-8")
    src = lib.attach_source_file(aid, src_file)
    assert lib.source(aid) == src and src.text == SOURCE and src.path == str(src_file)
    comp = lib.compare(aid)
    assert comp.by_family()["synonym"] >= 1 and "padding" in comp.by_family()
    assert comp.score.errors_before == 4 and comp.score.errors_after <= comp.score.errors_before
    assert lib.lexicon_version() == "u0-0"
    added = lib.learn(aid)
    assert ("frontrunners", "leaders") in {(r.row.spun, r.row.original) for r in added}
    assert all(r.learned_from == "Budget talks" and r.article_id == aid for r in added)
    assert lib.learn(aid) == []  # the same rows again add nothing
    assert lib.lexicon_version() == f"u{len(added)}-{added[-1].id}"


def test_later_corrections_use_the_rows_with_the_title(lib):
    aid = lib.import_text(SPUN, "Budget talks").article.id
    lib.attach_source(aid, SOURCE)
    lib.learn(aid)
    later = lib.import_text(LATER, "Later").article.id
    run = lib.correct(later)
    edit = next(e for e in run.correction.edits if e.evidence.get("learned_from"))
    assert edit.evidence["learned_from"] == "Budget talks" and edit.best == "Leaders"
    assert run.correction.corrected.startswith("Leaders from both parties")


def test_remove_export_import(lib, tmp_path):
    aid = lib.import_text(SPUN, "Budget talks").article.id
    lib.attach_source(aid, SOURCE)
    added = lib.learn(aid)
    path = tmp_path / "mine.tsv"
    assert lib.export_lexicon(path) == len(added)
    assert ul.read_tsv(path.read_text(encoding="utf-8")) == [
        ul.Row(r.row.spun, r.row.original, r.row.category, r.row.context, r.row.prior, r.row.source) for r in added
    ]
    assert lib.remove_learned([r.id for r in added]) == len(added)
    assert lib.learned() == []
    back = lib.import_lexicon(path)
    assert {(r.row.spun, r.row.original) for r in back} == {(r.row.spun, r.row.original) for r in added}
    assert all(r.learned_from == "mine.tsv" and r.article_id is None for r in back)
    with pytest.raises(Exception, match="exists"):
        lib.export_lexicon(path)


def test_rows_outlive_the_article_they_came_from(lib):
    aid = lib.import_text(SPUN, "Budget talks").article.id
    lib.attach_source(aid, SOURCE)
    lib.learn(aid)
    lib.remove(aid)
    assert lib.learned() and all(r.article_id is None and r.learned_from == "Budget talks" for r in lib.learned())


def test_errors_are_one_line_store_or_import_errors(lib, tmp_path):
    aid = lib.import_text(SPUN, "Budget talks").article.id
    with pytest.raises(StoreError, match="has no source attached"):
        lib.learn(aid)
    with pytest.raises(StoreError, match="has no source attached"):
        lib.compare(aid)
    with pytest.raises(StoreError, match="the source is empty"):
        lib.attach_source(aid, "   ")
    with pytest.raises(StoreError, match="no such article"):
        lib.attach_source(999, SOURCE)
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\tnonsense\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="bad.tsv:1: unknown category"):
        lib.import_lexicon(bad)
    with pytest.raises(ImportFailed, match="missing.tsv: cannot read the lexicon: no such file$"):
        lib.import_lexicon(tmp_path / "missing.tsv")
    with pytest.raises(ImportFailed, match="cannot read the lexicon: is a directory$"):
        lib.import_lexicon(tmp_path)
    binary = tmp_path / "lexicon.tsv"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    with pytest.raises(ImportFailed, match="cannot read the lexicon: this is a binary file") as info:
        lib.import_lexicon(binary)
    assert "codec" not in str(info.value)  # not Python's UnicodeDecodeError wording
