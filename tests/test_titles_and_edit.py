"""Titles, editable metadata, ids never reused, injected spam out of the cleaned copy (services + CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.engine import correct
from reader.errors import StoreError
from reader.review import Decision, Status
from reader.services import Library
from reader.titles import real_title

SEED = Path(__file__).resolve().parent.parent / "seeds" / "xi-putin-nato-guardian-spun.txt"
SPUN_TITLE = (
    "Xi and you can Putin desire Nato so you’re able to exclude expansion due to the fact Ukraine tensions rise"
)
# The engine's own corrected first line (it improves as the engine does): what the title must become.
TITLE = correct(SEED.read_text(encoding="utf-8")).corrected.split("\n", 1)[0]
SPAM = "the dating sites for Rate My Date people"


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib") as library:
        yield library


@pytest.fixture
def seeded(lib):
    aid = lib.import_file(SEED).article.id
    lib.correct(aid)
    return aid


def test_the_library_and_exports_use_the_corrected_title(lib, seeded, tmp_path):
    assert TITLE.startswith("Xi and Putin ") and "you can" not in TITLE and "due to the fact" not in TITLE
    assert lib.summary(seeded).title == TITLE
    assert lib.article(seeded).metadata["spun_title"] == SPUN_TITLE
    assert [a.title for a in lib.list_articles()] == [TITLE]
    md = lib.export(seeded, tmp_path / "clean.md", "md").read_text(encoding="utf-8")
    assert md.startswith(f"# {TITLE}\n\n")
    html = lib.export(seeded, tmp_path / "clean.html", "html").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in html and f"<h1>{TITLE}</h1>" in html
    assert "you’re able to exclude" not in html


def test_a_title_that_is_not_the_first_line_is_corrected_with_the_text_as_context(lib):
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    aid = lib.import_text(body, SPUN_TITLE).article.id
    lib.correct(aid)
    assert lib.summary(aid).title == TITLE


def test_generic_titles_give_way_to_the_first_line():
    assert real_title("Word Document", "\n\n# Budget talks stall\nBody") == "Budget talks stall"
    assert real_title("Microsoft Word - draft3.docx", "Real heading\nBody") == "Real heading"
    assert real_title("Budget news", "Other first line") == "Budget news"
    assert real_title("", "") == "Untitled"
    # A spam site's keyword line above the copied headline is not the title; a lower-case first line alone is.
    assert real_title("", "chinese women dating\n\nMy Pal Is a Mail-Order Bride\n\nBody.") == (
        "My Pal Is a Mail-Order Bride"
    )
    assert real_title("", "budget talks stall\n\nthe talks went on.") == "budget talks stall"
    assert real_title("", "Budget talks: day two\nBody text here.") == "Budget talks: day two"


def test_docx_with_a_generic_metadata_title_is_listed_by_its_first_paragraph(lib, tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Word Document"
    d.add_paragraph("Council approves the harbour budget")
    d.add_paragraph("The council met on Tuesday.")
    d.save(tmp_path / "a.docx")
    assert lib.import_file(tmp_path / "a.docx").article.title == "Council approves the harbour budget"


def test_edit_title_author_url_and_keep_the_edited_title_over_corrections(lib, seeded):
    rec = lib.edit(seeded, title="  Xi and Putin: no limits ", author="Vincent Ni", url="https://example.org/a")
    assert rec.title == "Xi and Putin: no limits"
    assert rec.metadata["author"] == "Vincent Ni" and rec.metadata["source_url"] == "https://example.org/a"
    lib.correct(seeded)  # a new run does not overwrite what the user typed
    assert lib.summary(seeded).title == "Xi and Putin: no limits"
    assert [a.id for a in lib.search("limits")] == [seeded]  # the search index follows the edit
    rec = lib.edit(seeded, author="")
    assert "author" not in rec.metadata and rec.metadata["source_url"] == "https://example.org/a"
    with pytest.raises(StoreError, match="cannot be empty"):
        lib.edit(seeded, title="   ")


def test_ids_are_never_reused_after_remove(lib):
    a = lib.import_text("first", "A").article.id
    b = lib.import_text("second", "B").article.id
    lib.remove(b)
    c = lib.import_text("third", "C").article.id
    assert c not in (a, b) and c > b
    lib.remove(c)
    lib.remove(a)
    assert lib.import_text("fourth", "D").article.id > c


def test_a_keyword_line_pasted_above_the_headline_leaves_the_copy_and_is_not_its_title(lib, tmp_path):
    body = "I had only agreed to be the maid of honour. We met in Shanghai, where she worked as a model."
    aid = lib.import_text("chinese women dating\n\nMy Friend Is a Mail-Order Bride\n\n" + body, None).article.id
    lib.correct(aid)
    assert lib.summary(aid).title == "My Friend Is a Mail-Order Bride"
    txt = lib.export(aid, tmp_path / "k.txt", "txt").read_text(encoding="utf-8")
    assert txt.startswith("My Friend Is a Mail-Order Bride\n\nI had only agreed")  # line and its breaks gone
    kept = lib.export(aid, tmp_path / "k2.txt", "txt", keep_spam=True).read_text(encoding="utf-8")
    assert kept.startswith("chinese women dating\n\nMy Friend")


def test_injected_spam_leaves_the_cleaned_copy_unless_kept_or_rejected(lib, seeded, tmp_path):
    txt = lib.export(seeded, tmp_path / "a.txt", "txt").read_text(encoding="utf-8")
    assert SPAM not in txt and "that’s eyeing next pipe" in txt  # no double space left behind
    kept = lib.export(seeded, tmp_path / "b.txt", "txt", keep_spam=True).read_text(encoding="utf-8")
    assert SPAM in kept
    report = json.loads(lib.export(seeded, tmp_path / "r.json", "report-json").read_text(encoding="utf-8"))
    assert report["spam_removed"] == 1 and SPAM not in report["cleaned_text"]
    html = lib.export(seeded, tmp_path / "r.html", "report-html").read_text(encoding="utf-8")
    assert "1 injected spam passage removed" in html
    run = lib.latest_run(seeded)
    index = next(i for i, e in enumerate(run.correction.edits) if e.category.id == "injected")
    lib.decide(run.id, index, Decision(Status.REJECTED))  # the user keeps it
    assert SPAM in lib.export(seeded, tmp_path / "c.txt", "txt").read_text(encoding="utf-8")
