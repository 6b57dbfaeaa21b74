"""The services API the CLI and the window share (reader.services)."""

from __future__ import annotations

import dataclasses
import inspect
import threading

import pytest

from reader.engine import Options
from reader.errors import ExportFailed, ImportFailed
from reader.review import Decision, Status
from reader.services import ArticleRecord, ArticleSummary, ImportResult, Library, RunRecord


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib") as library:
        yield library


def test_the_api_the_window_is_written_against():
    fields = {cls: [f.name for f in dataclasses.fields(cls)] for cls in (ArticleSummary, RunRecord, ImportResult)}
    assert fields[ArticleSummary] == [
        "id", "title", "source_path", "format", "imported_at", "spin_score", "edit_count", "copies", "snippet",
    ]  # fmt: skip
    assert fields[RunRecord] == ["id", "article_id", "correction", "created_at"]
    assert fields[ImportResult] == ["article", "duplicate", "notes"]
    assert [f.name for f in dataclasses.fields(ArticleRecord)] == [
        "id", "title", "text", "source_path", "format", "imported_at", "metadata",
    ]  # fmt: skip
    for cls in (ArticleSummary, ArticleRecord, RunRecord, ImportResult):
        assert cls.__dataclass_params__.frozen
    for name in (
        "import_file", "import_text", "list_articles", "search", "article", "remove", "correct",
        "store_run", "latest_run", "decisions", "decide", "decide_many", "export", "close", "family", "ungroup",
        "edit",
    ):  # fmt: skip
        assert callable(getattr(Library, name)), name
    assert list(inspect.signature(Library.export).parameters) == [
        "self", "article_id", "path", "fmt", "force", "keep_spam",
    ]  # fmt: skip


def test_import_file_reads_through_the_importers_and_spots_duplicates(lib, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Spun page</title></head><body><nav>Home | About</nav><article><h1>Spun page</h1>"
        "<p>The brand new council and you can the mayor met on Tuesday to talk about the city budget.</p>"
        '<p>Read more about <a href="https://example.com/cheap">cheap loans</a> in the city budget office.</p>'
        "</article><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    first = lib.import_file(page)
    assert not first.duplicate and first.article.format == "html"
    rec = lib.article(first.article.id)
    assert "council" in rec.text and rec.source_path == str(page)
    assert any("example.com" in link.get("href", "") for link in rec.metadata.get("links", []))
    copy = tmp_path / "copy.html"
    copy.write_bytes(page.read_bytes())
    again = lib.import_file(copy)
    assert again.duplicate and again.article.id == first.article.id


def test_import_file_stores_an_absolute_source_path(lib, tmp_path, monkeypatch):
    (tmp_path / "rel.txt").write_text("Relative path article.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    art = lib.import_file("rel.txt").article
    assert art.source_path == str(tmp_path / "rel.txt")


def test_import_file_failures_are_import_failed(lib, tmp_path):
    with pytest.raises(ImportFailed) as info:
        lib.import_file(tmp_path / "missing.txt")
    assert str(tmp_path / "missing.txt") in str(info.value)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(ImportFailed):
        lib.import_file(big, max_bytes=100)
    assert lib.list_articles() == []


def test_correct_honours_options_and_can_run_on_a_worker_thread(lib):
    art = lib.import_text("The brand new council and you can the mayor met.", "T").article
    results: list[RunRecord] = []
    t = threading.Thread(target=lambda: results.append(lib.correct(art.id, Options(min_confidence=0.99))))
    t.start()
    t.join()
    assert results and results[0].correction.min_confidence == 0.99
    assert lib.latest_run(art.id).id == results[0].id


def test_export_uses_the_latest_run_and_its_decisions(lib, tmp_path):
    from reader.engine.model import CATEGORIES, Correction, Edit, Replacement

    text = "The brand new mayor spoke."
    art = lib.import_text(text, "Mayor").article
    edit = Edit(0, 13, "The brand new", (Replacement("The", 0.9),), "padding.the_brand_new", CATEGORIES["padding"],
                "padding", "Padding", 0.9, True)  # fmt: skip
    run = lib.store_run(art.id, Correction(text=text, edits=(edit,), spin_score=0.5))
    assert lib.export(art.id, tmp_path / "a.txt", "txt").read_text(encoding="utf-8") == "The mayor spoke."
    lib.decide(run.id, 0, Decision(Status.REJECTED))
    assert lib.export(art.id, tmp_path / "b.txt", "txt").read_text(encoding="utf-8") == text
    with pytest.raises(ExportFailed, match="already exists"):
        lib.export(art.id, tmp_path / "b.txt", "txt")
    with pytest.raises(ExportFailed, match="unknown format"):
        lib.export(art.id, tmp_path / "c.doc", "doc")
    assert len(lib.exports(art.id)) == 2
