from __future__ import annotations

import io
import json
import sys

import pytest

from reader import cli
from reader.engine import correct

SPUN = (
    "The brand new council and you can the mayor said the budget would rise.\n\n"
    "Critics called it a cooler war over money.\n"
)


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


def _one_line_error(err: str, *needles: str) -> None:
    assert err.startswith("unspin: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for n in needles:
        assert n in err, err


# -- correct -----------------------------------------------------------------------------
def test_correct_prints_the_corrected_text(run, article):
    rc, out, err = run("correct", article)
    assert (rc, err) == (0, "")
    assert out == correct(article.read_text(encoding="utf-8").strip()).corrected + "\n"


def test_correct_warns_that_a_text_in_another_language_was_not_really_checked(run, tmp_path):
    """Before: a Spanish article came back unchanged, spin score 0, as if it were a clean English one."""
    es = tmp_path / "es.txt"
    es.write_text(
        "Hola amigos\n\nEsto es un artículo en español sobre la economía y la política del país, "
        "que no tiene nada que ver con el inglés.\n",
        encoding="utf-8",
    )
    rc, out, err = run("correct", es)
    assert rc == 0 and out == es.read_text(encoding="utf-8")
    _one_line_error(err, "warning:", str(es), "another language (es)")
    clean = tmp_path / "clean.txt"
    clean.write_text("The council met on Monday and agreed the budget for the new library.\n", encoding="utf-8")
    assert run("correct", clean)[2] == ""  # clean English: no warning


def test_correct_markdown_keeps_its_headings(run, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# My Notes\n## Background\nThe summit was held.\n\n- point *one*\n- point two\n", encoding="utf-8"
    )
    rc, out, err = run("correct", notes)
    assert (rc, err) == (0, "")
    assert out.split("\n\n")[:2] == ["My Notes", "Background"]
    assert "point one\npoint two" in out


def test_correct_json_is_the_correction(run, article):
    rc, out, _ = run("correct", article, "--format", "json", "--min-confidence", "0.9")
    data = json.loads(out)
    assert rc == 0 and {"spin_score", "edits", "corrected_text", "engine_version"} <= set(data)
    assert data["min_confidence"] == 0.9


def test_correct_takes_the_format_from_the_output_name(run, article, tmp_path):
    """Before: `correct X -o report.html` wrote plain text into report.html (export reads the suffix; correct did not)."""
    html, js, txt, pdf = (tmp_path / n for n in ("report.html", "edits.json", "clean.txt", "clean.pdf"))
    assert run("correct", article, "-o", html)[0] == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("correct", article, "-o", js)[0] == 0
    assert "edits" in json.loads(js.read_text(encoding="utf-8"))
    assert run("correct", article, "-o", txt)[0] == 0
    assert txt.read_text(encoding="utf-8") == correct(SPUN.strip()).corrected + "\n"
    assert run("correct", article, "--format", "text", "-o", html, "--force")[0] == 0  # --format wins
    assert not html.read_text(encoding="utf-8").startswith("<")
    rc, out, err = run("correct", article, "-o", pdf)
    assert (rc, out) == (1, "") and not pdf.exists()
    _one_line_error(err, str(pdf), "cannot write")


def test_correct_html_to_a_file_respects_force_and_the_source(run, article, tmp_path):
    out = tmp_path / "report.html"
    assert run("correct", article, "--format", "html", "-o", out)[0] == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Corrected" in page
    rc, _, err = run("correct", article, "-o", out)
    assert rc == 1
    _one_line_error(err, str(out), "already exists")
    assert out.read_text(encoding="utf-8") == page
    assert run("correct", article, "-o", out, "--force")[0] == 0
    rc, _, err = run("correct", article, "-o", article, "--force")
    assert rc == 1
    _one_line_error(err, "that is the source file")
    assert article.read_text(encoding="utf-8") == SPUN


def test_correct_reads_stdin_as_text(run, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<p>the brand new mayor</p>\n")))
    rc, out, err = run("correct", "-")
    assert (rc, err) == (0, "")
    assert out == correct("<p>the brand new mayor</p>").corrected + "\n"  # not parsed as HTML


def test_correct_missing_file_and_folder_are_one_line_errors(run, tmp_path):
    rc, out, err = run("correct", tmp_path / "nope.txt")
    assert (rc, out) == (1, "")
    _one_line_error(err, str(tmp_path / "nope.txt"))
    rc, out, err = run("correct", tmp_path)
    assert (rc, out) == (1, "")
    _one_line_error(err, str(tmp_path))


def test_help_and_version_return_zero(run):
    rc, out, _ = run("--help")
    assert rc == 0 and "correct" in out and "--data-dir" in out
    rc, out, _ = run("export", "--help")
    assert rc == 0 and "report-html" in out
    assert run("--version")[0] == 0


def test_usage_errors_are_one_line_with_status_2(run):
    rc, _, err = run()
    assert rc == 2
    _one_line_error(err, "required")
    rc, _, err = run("correct")
    assert rc == 2
    _one_line_error(err, "--help")
    rc, _, err = run("correct", "x.txt", "--min-confidence", "7")
    assert rc == 2
    _one_line_error(err, "between 0 and 1")
    rc, _, err = run("show", "abc")
    assert rc == 2
    _one_line_error(err, "not an article id")


# -- the library -------------------------------------------------------------------------
def test_search_for_punctuation_only_is_refused_not_a_list_of_everything(run, article, tmp_path):
    """Before: `unspin search '"'` (or `search ""`) printed every article with an empty match and exit 0."""
    lib = tmp_path / "lib"
    assert run("--data-dir", lib, "import", article)[0] == 0
    for query in ('"', "", "* ("):
        rc, out, err = run("--data-dir", lib, "search", query)
        assert (rc, out) == (2, "")
        _one_line_error(err, "nothing to search for", "give a word")


def test_an_empty_library_says_so_on_stderr(run, tmp_path):
    """Before: `unspin list` and `unspin families` on an empty library printed nothing at all."""
    lib = tmp_path / "lib"
    rc, out, err = run("--data-dir", lib, "list")
    assert (rc, out) == (0, "")
    _one_line_error(err, str(lib), "is empty", "unspin import")
    rc, out, err = run("--data-dir", lib, "families")
    assert (rc, out) == (0, "")
    _one_line_error(err, "no families")


def test_export_refuses_a_pdf_or_docx_name_instead_of_writing_text_into_it(run, article, tmp_path):
    lib = tmp_path / "lib"
    assert run("--data-dir", lib, "import", article)[0] == 0
    for name in ("clean.pdf", "clean.DOCX"):
        dest = tmp_path / name
        rc, out, err = run("--data-dir", lib, "export", "1", "-o", dest)
        assert (rc, out) == (1, "") and not dest.exists()
        _one_line_error(err, str(dest), "cannot write", "--format")
    dest = tmp_path / "clean.pdf"  # an explicit --format is the user's choice
    assert run("--data-dir", lib, "export", "1", "--format", "txt", "-o", dest)[0] == 0 and dest.exists()


def test_import_list_search_show_export_remove(run, article, tmp_path):
    lib = tmp_path / "lib"
    other = tmp_path / "other.txt"
    other.write_text("A quiet note about gardening and tomatoes.\n", encoding="utf-8")
    rc, out, err = run("--data-dir", lib, "import", article, other)
    assert (rc, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert [len(x) for x in lines] == [2, 2] and [x[0] for x in lines] == ["1", "2"]

    rc, out, _ = run("--data-dir", lib, "list", "--sort", "title")
    rows = [line.split("\t") for line in out.splitlines()]
    assert rc == 0 and len(rows) == 2 and all(len(r) == 4 for r in rows)
    assert all(r[2] != "-" and r[3].isdigit() for r in rows)  # import also corrected them

    rc, out, _ = run("--data-dir", lib, "search", "tomato")
    assert rc == 0 and [r.split("\t")[0] for r in out.splitlines()] == ["2"]

    rc, out, _ = run("--data-dir", lib, "show", "1")
    assert rc == 0 and "Spin score:" in out and "Decisions:" in out and str(article) in out

    dest = tmp_path / "clean.md"
    rc, out, _ = run("--data-dir", lib, "export", "1", "-o", dest)
    assert rc == 0 and out.strip() == str(dest) and dest.read_text(encoding="utf-8").startswith("# ")
    rc, _, err = run("--data-dir", lib, "export", "1", "--format", "json", "-o", dest)
    assert rc == 1
    _one_line_error(err, "already exists")
    rc, _, _ = run("--data-dir", lib, "export", "1", "--format", "json", "-o", dest, "--force")
    assert json.loads(dest.read_text(encoding="utf-8"))["report"] == "unspin-review"
    rc, _, err = run("--data-dir", lib, "export", "1", "-o", article, "--force")
    assert rc == 1
    _one_line_error(err, "that is the source file")

    assert run("--data-dir", lib, "remove", "1")[0] == 0
    assert [r.split("\t")[0] for r in run("--data-dir", lib, "list")[1].splitlines()] == ["2"]
    rc, _, err = run("--data-dir", lib, "show", "1")
    assert rc == 1
    _one_line_error(err, "article 1", "no such article")
    assert article.exists()


def test_import_reads_stdin_like_correct(run, tmp_path, monkeypatch):
    """Before: `pbpaste | unspin import -` said "-: no such file" although `correct -` reads stdin."""
    lib = tmp_path / "lib"
    text = b"The brand new mayor and you can the council met on Monday.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    rc, out, err = run("--data-dir", lib, "import", "-")
    assert (rc, err) == (0, "") and out.startswith("1\t")
    rc, out, _ = run("--data-dir", lib, "show", "1")
    assert rc == 0 and "Spin score:" in out and "Source:     -" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    rc, out, err = run("--data-dir", lib, "import", "-")
    assert rc == 0 and out.startswith("1\t")
    _one_line_error(err, "<stdin>: already in the library as article 1")


def test_reimport_prints_the_existing_article(run, article, tmp_path):
    lib = tmp_path / "lib"
    first = run("--data-dir", lib, "import", article)[1]
    rc, again, err = run("--data-dir", lib, "import", article)
    assert rc == 0 and again == first
    _one_line_error(err, str(article), "already in the library as article 1")  # before: silent
    assert len(run("--data-dir", lib, "list")[1].splitlines()) == 1


def test_import_reports_each_failure_and_keeps_going(run, article, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rc, out, err = run("--data-dir", tmp_path / "lib", "import", tmp_path / "missing.txt", article, empty, tmp_path)
    assert rc == 1
    assert len(out.splitlines()) == 1
    errs = err.splitlines()
    assert len(errs) == 3 and all(e.startswith("unspin: ") for e in errs)
    assert str(tmp_path / "missing.txt") in errs[0] and str(empty) in errs[1] and str(tmp_path) in errs[2]


def test_the_library_comes_from_unspin_data_dir_without_the_flag(run, article, data_dir):
    assert run("import", article)[0] == 0
    assert (data_dir / "library.sqlite3").exists()


def test_a_damaged_library_is_one_line_and_untouched(run, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "library.sqlite3").write_bytes(b"not a database at all" * 50)
    rc, out, err = run("--data-dir", lib, "list")
    assert (rc, out) == (1, "")
    _one_line_error(err, "the library file is damaged", "--data-dir")
    assert (lib / "library.sqlite3").read_bytes() == b"not a database at all" * 50


def test_a_locked_library_is_one_line(run, article, tmp_path, monkeypatch):
    import sqlite3

    from reader.store import db

    lib = tmp_path / "lib"
    assert run("--data-dir", lib, "list")[0] == 0
    monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.1)
    blocker = sqlite3.connect(lib / "library.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        rc, out, err = run("--data-dir", lib, "import", article)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert (rc, out) == (1, "")
    _one_line_error(err, str(lib / "library.sqlite3"), "locked by another program (try again)")
    assert run("--data-dir", lib, "import", article)[0] == 0


def test_ctrl_c_exits_130_quietly(run, monkeypatch):
    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "list", interrupted)
    assert run("list") == (130, "", "")


def test_unexpected_errors_are_one_line_not_a_traceback(run, monkeypatch):
    def broken(_args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(cli.COMMANDS, "list", broken)
    rc, _, err = run("list")
    assert rc == 1
    _one_line_error(err, "internal error", "boom second line")


def test_gui_without_the_window_package_is_one_line(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "reader.ui.app", None)
    rc, _, err = run("gui")
    assert rc == 1
    _one_line_error(err, "window is not available")


def test_gui_passes_file_screenshot_and_data_dir(run, monkeypatch, tmp_path):
    import types

    seen = {}
    fake = types.ModuleType("reader.ui.app")
    fake.run_gui = lambda file, screenshot=None, data_dir=None: seen.update(f=file, s=screenshot, d=data_dir) or 0
    monkeypatch.setitem(sys.modules, "reader.ui.app", fake)
    assert run("--data-dir", tmp_path, "gui", "a.txt", "--screenshot", "s.png")[0] == 0
    assert seen == {"f": "a.txt", "s": "s.png", "d": str(tmp_path)}


# -- correct --with ----------------------------------------------------------------------
def test_correct_with_siblings_uses_the_other_copies(run, tmp_path):
    spun = tmp_path / "spun.txt"
    other = tmp_path / "other.txt"
    spun.write_text("She sang and you can danced in the hall all night long with her friends.\n", encoding="utf-8")
    other.write_text("She sang and danced in the hall all night long with her friends.\n", encoding="utf-8")
    rc, out, err = run("correct", spun, "--with", other, "--format", "json")
    assert (rc, err) == (0, "")
    data = json.loads(out)
    assert data["corrected_text"] == "She sang and danced in the hall all night long with her friends."
    assert any(e["evidence"].get("siblings") == 1 for e in data["edits"])


def test_correct_with_a_missing_sibling_is_a_one_line_error(run, article, tmp_path):
    rc, _, err = run("correct", article, "--with", tmp_path / "nope.txt")
    assert rc != 0
    _one_line_error(err, "nope.txt")


# -- correct --spun -----------------------------------------------------------------------


def test_correct_spun_looks_everywhere_in_text_without_signatures(run, tmp_path):
    import json
    from pathlib import Path

    article = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "news" / "climate-talks-deal.txt"
    rc, out, _ = run("correct", article, "--format", "json")
    plain = json.loads(out)
    assert rc == 0 and plain["spinner_kind"] == "" and plain["edits"] == []
    rc, out, _ = run("correct", article, "--spun", "--format", "json")
    told = json.loads(out)
    assert rc == 0 and told["spinner_kind"] == "other"
    assert any(e["rule_id"].startswith("content.") for e in told["edits"])


def test_recorrect_spun_is_kept_with_the_article_until_auto(run, tmp_path):
    from pathlib import Path

    article = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "news" / "climate-talks-deal.txt"
    rc, out, _ = run("import", article)
    aid = out.split("\t")[0]

    def edits() -> int:
        return int(run("list")[1].strip().split("\t")[3])

    assert rc == 0 and edits() == 0
    assert run("recorrect", aid, "--spun")[0] == 0
    told = edits()
    assert told > 0
    assert "treated as spun" in run("show", aid)[1]
    assert run("recorrect", aid)[0] == 0 and edits() == told  # kept for later corrections
    assert run("recorrect", aid, "--auto")[0] == 0 and edits() == 0
    assert "treated as spun" not in run("show", aid)[1]


def test_recorrect_spun_and_auto_together_is_one_line_and_changes_nothing(run):
    from pathlib import Path

    article = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "news" / "climate-talks-deal.txt"
    aid = run("import", article)[1].split("\t")[0]
    rc, _, err = run("recorrect", aid, "--spun", "--auto")
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "--auto" in err and "--spun" in err
    assert "treated as spun" not in run("show", aid)[1]
