from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser

import pytest

from reader import exporters
from reader.errors import ExportFailed
from reader.exporters import cleaned, report_html
from reader.exporters.paragraphs import paragraphs
from reader.review import Decision, Status, cleaned_text

DECISIONS = {
    0: Decision(Status.REJECTED),
    2: Decision(Status.ALTERNATIVE, "Japan"),
    4: Decision(Status.ACCEPTED),
}


def test_cleaned_txt_is_review_cleaned_text(correction, tmp_path):
    for decisions in ({}, DECISIONS):
        out = exporters.write(tmp_path / f"c{len(decisions)}.txt", "txt", correction, decisions, title="T")
        assert out.read_text(encoding="utf-8") == cleaned_text(correction, decisions)
    assert "Japan" in (tmp_path / "c3.txt").read_text(encoding="utf-8")
    assert (tmp_path / "c0.txt").read_text(encoding="utf-8") == correction.corrected  # engine's default


def test_cleaned_md_and_html_hold_the_cleaned_paragraphs(correction):
    text = cleaned_text(correction, DECISIONS)
    md = exporters.render("md", correction, DECISIONS, title="A *title*")
    assert md.startswith("# A \\*title\\*\n\n")
    assert "\\<b\\>cold war\\</b\\>" in md  # markup in the text stays text
    html = exporters.render("html", correction, DECISIONS, title="A <title>")
    assert "<h1>A &lt;title&gt;</h1>" in html and "<b>" not in html
    assert html.count("<p>") == len(paragraphs(text)) == 2
    assert "Japan" in html and "&lt;b&gt;cold war&lt;/b&gt;" in html


def test_md_does_not_repeat_a_title_the_text_already_starts_with():
    assert cleaned.to_md("My Title\n\nBody.", "My Title") == "# My Title\n\nBody.\n"  # its own line, as the heading
    assert cleaned.to_md("Thebes was old.", "T").startswith("# T\n\n")
    assert cleaned.md_escape("# not a heading\n1. not a list") == "\\# not a heading\n\\1. not a list"


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_report_html_is_self_contained_and_escapes_everything(correction):
    page = exporters.render("report-html", correction, DECISIONS, title="<b>Title</b>", source_path="/x/a&b.txt")
    p = _Collect()
    p.feed(page)
    tags = {t for t, _ in p.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<b>" not in page and "&lt;b&gt;Title&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the message's markup is text
    assert "/x/a&amp;b.txt" in page


def test_report_html_highlights_every_edit_on_both_sides_with_its_explanation(correction):
    page = exporters.render("report-html", correction, DECISIONS, title="T")
    p = _Collect()
    p.feed(page)
    marks = {a["id"]: a for t, a in p.tags if t == "a" and "id" in a}
    for i, e in enumerate(correction.edits):
        left, right = marks[f"l{i}"], marks[f"r{i}"]
        assert f"c-{e.category.id}" in left["class"] and f"c-{e.category.id}" in right["class"]
        tip = left["title"]
        assert e.short_message in tip and e.category.name in tip and e.message in tip
        assert f"{round(e.confidence * 100)}%" in tip and "Decision:" in tip
        assert left["title"] == right["title"]
    assert "alternative chosen: \u201cJapan\u201d" in marks["l2"]["title"]
    assert "Other candidates: \u201cChina\u201d" in marks["l2"]["title"]
    assert "rejected" in marks["l0"]["title"]
    # a legend entry per category, with its colour
    for e in correction.edits:
        assert f"{e.category.name} (" in page
        assert report_html.CATEGORY_COLOURS[e.category.id] in page


def test_report_html_right_column_reads_as_the_cleaned_text(correction):
    page = exporters.render("report-html", correction, DECISIONS, title="T")
    rows = re.findall(r'<div class="row"><div>(.*?)</div><div>(.*?)</div></div>', page, re.S)
    assert len(rows) == 2

    def plain(fragment: str) -> str:
        p = _Collect()
        p.feed(fragment.replace("\u2038", "").replace("[\u2026]", ""))
        return "".join(p.text)

    right = "\n\n".join(plain(r) for _, r in rows)
    left = "\n\n".join(plain(lft) for lft, _ in rows)
    assert right.strip() == cleaned_text(correction, DECISIONS).strip()
    assert left.strip() == correction.text.strip()


def test_report_html_with_no_edits_still_renders():
    from reader.engine.model import Correction

    page = exporters.render("report-html", Correction(text="Clean text.", edits=(), spin_score=0.0), {})
    assert "Clean text." in page and "nothing here looks spun" in page


def test_report_json_holds_edits_decisions_score_and_versions(correction):
    data = json.loads(exporters.render("report-json", correction, DECISIONS, title="T", source_path="/s.txt"))
    assert data["spin_score"] == 0.62 and data["lexicon_version"] == "test-lex" and data["engine_version"]
    assert len(data["edits"]) == len(correction.edits)
    assert data["edits"][2]["decision"]["status"] == "alternative" and data["edits"][2]["effective_value"] == "Japan"
    assert data["edits"][0]["decision"]["status"] == "rejected" and data["edits"][0]["effective_value"] is None
    assert data["edits"][1]["decision"]["status"] == "pending"
    assert data["decision_counts"] == {"pending": 3, "accepted": 2, "rejected": 1}
    assert data["cleaned_text"] == cleaned_text(correction, DECISIONS)
    assert data["source_path"] == "/s.txt"


def test_atomic_write_leaves_no_temporary_file(correction, tmp_path):
    out = exporters.write(tmp_path / "x.html", "report-html", correction, {})
    assert sorted(os.listdir(tmp_path)) == ["x.html"]
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


def test_existing_file_is_never_overwritten_without_force(correction, tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(ExportFailed) as info:
        exporters.write(target, "txt", correction, {})
    assert str(info.value) == f"{target}: already exists (use --force to replace it)"
    assert target.read_text(encoding="utf-8") == "precious"
    exporters.write(target, "txt", correction, {}, force=True)
    assert target.read_text(encoding="utf-8") == correction.corrected
    assert sorted(os.listdir(tmp_path)) == ["x.txt"]


def test_never_writes_the_source_file_even_with_force(correction, tmp_path):
    src = tmp_path / "article.txt"
    src.write_text(correction.text, encoding="utf-8")
    for path in (src, tmp_path / "." / "article.txt"):
        with pytest.raises(ExportFailed, match="that is the source file; choose another name$"):
            exporters.write(path, "txt", correction, {}, source_path=src, force=True)
    assert src.read_text(encoding="utf-8") == correction.text


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(correction, tmp_path, monkeypatch):
    target = tmp_path / "x.txt"
    target.write_text("old", encoding="utf-8")

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ExportFailed, match="No space left on device"):
        exporters.write(target, "txt", correction, {}, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["x.txt"]


def test_bad_targets_are_one_line_errors(correction, tmp_path):
    with pytest.raises(ExportFailed, match="does not exist"):
        exporters.write(tmp_path / "nope" / "x.txt", "txt", correction, {})
    with pytest.raises(ExportFailed, match="is a folder"):
        exporters.write(tmp_path, "txt", correction, {})
    with pytest.raises(ExportFailed, match="unknown format"):
        exporters.write(tmp_path / "x.pdf", "pdf", correction, {})
