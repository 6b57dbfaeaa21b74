"""Paths that are not readable articles: missing, directory, unreadable, special, empty, too large; sniffing."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest
from docmaker import make_pdf

from reader.errors import ImportFailed
from reader.importers import DEFAULT_MAX_BYTES, SUFFIXES, ImportedArticle, import_bytes, import_path
from reader.importers import files as files_module
from reader.importers.files import human_size


def _message(path, **kwargs) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_path(path, **kwargs)
    return str(caught.value)


def test_contract_constants():
    assert DEFAULT_MAX_BYTES == 50_000_000
    assert SUFFIXES == {
        ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
        ".xhtml": "html", ".pdf": "pdf", ".docx": "docx",
    }  # fmt: skip


def test_missing_path(tmp_path: Path):
    assert _message(tmp_path / "f") == f"{tmp_path / 'f'}: no such file"
    assert _message(str(tmp_path / "nope" / "g.txt")) == f"{tmp_path / 'nope' / 'g.txt'}: no such file"


def test_path_through_a_file_is_missing(write):
    path = write("a.txt", "text")
    assert _message(path / "child.txt").endswith(": no such file")


def test_directory(tmp_path: Path):
    (tmp_path / "g").mkdir()
    assert _message(tmp_path / "g") == f"{tmp_path / 'g'}: is a directory"


def test_directory_with_a_text_suffix(tmp_path: Path):
    (tmp_path / "notes.txt").mkdir()
    assert _message(tmp_path / "notes.txt").endswith(": is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(write):
    path = write("h.txt", "secret words")
    path.chmod(0)
    try:
        assert _message(path) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_file_through_open(write, monkeypatch):
    path = write("h.txt", "secret words")
    path.chmod(0)  # as root this alone does not stop the read, so open() is made to refuse as well

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(files_module, "open", refuse, raising=False)
    assert _message(path) == f"{path}: permission denied"


def test_unreadable_file_through_stat(write, monkeypatch):
    path = write("h.txt", "secret words")
    real_stat = os.stat

    def refuse(target, *args, **kwargs):
        if str(target) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(files_module.os, "stat", refuse)
    assert _message(path) == f"{path}: permission denied"


def test_read_error_is_one_line(write, monkeypatch):
    path = write("io.txt", "words")

    def broken(file, *args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files_module, "open", broken, raising=False)
    assert _message(path) == f"{path}: could not read the file (input/output error)"


def test_named_pipe_is_refused_without_hanging(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _message(fifo) == f"{fifo}: not a regular file (it is a named pipe)"


def test_symlink_loop(tmp_path: Path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert _message(loop) == f"{loop}: too many symbolic links (a link loop)"


def test_empty_file(fails):
    assert fails("a.txt", b"") == "the file is empty"
    assert fails("a.pdf", b"") == "the file is empty"
    assert fails("a.docx", b"") == "the file is empty"


def test_file_over_the_limit_is_refused_before_reading(write, monkeypatch):
    path = write("e.txt", "x" * 2500)

    def must_not_read(*args, **kwargs):
        raise AssertionError("read a file that is over the limit")

    monkeypatch.setattr(files_module, "open", must_not_read, raising=False)
    assert _message(path, max_bytes=1000) == f"{path}: 2.5 KB is over the 1 KB limit"


def test_limit_messages_read_well():
    assert human_size(61_000_000, 50_000_000) == "61 MB"
    assert human_size(50_000_000) == "50 MB"
    assert human_size(50_400_000, 50_000_000) == "50.4 MB"
    assert human_size(999) == "999 bytes"
    assert human_size(120, 100) == "120 bytes"


def test_file_at_the_limit_is_read(write):
    path = write("e.txt", "word " * 200)
    assert import_path(path, max_bytes=1000).text.startswith("word word")


def test_sparse_file_over_the_default_limit(tmp_path: Path):
    path = tmp_path / "e.txt"
    with open(path, "wb") as handle:
        handle.truncate(61_000_000)  # sparse: costs no disk
    assert _message(path) == f"{path}: 61 MB is over the 50 MB limit"


def test_import_bytes_limit_and_empty():
    with pytest.raises(ImportFailed, match=r"^-: 11 bytes is over the 10 bytes limit$"):
        import_bytes(b"hello world", "txt", max_bytes=10)
    with pytest.raises(ImportFailed, match=r"^-: the file is empty$"):
        import_bytes(b"", "txt")


def test_import_bytes_formats():
    article = import_bytes(b"Plain words from stdin.\n", "txt")
    assert isinstance(article, ImportedArticle)
    assert (article.text, article.format, article.source_path) == ("Plain words from stdin.", "txt", Path("-"))
    assert import_bytes(b"# Head\n\nBody *text*.", ".md", name="in.md").text == "Head\n\nBody text."
    assert import_bytes(b"<p>Page words here.</p>", "HTML").format == "html"
    with pytest.raises(ImportFailed, match=r"^stdin: unknown format 'rtf' \(use one of: txt, md, html, pdf, docx\)$"):
        import_bytes(b"x", "rtf", name="stdin")


def test_import_bytes_auto_sniffs():
    assert import_bytes(b"<!DOCTYPE html><html><body><p>Words.</p></body></html>", "auto").format == "html"
    assert import_bytes(b"Just words.", "auto").format == "txt"
    assert import_bytes(make_pdf([["A line of PDF text."]]), "auto").format == "pdf"


def test_unknown_suffix_text_is_read_as_text(write):
    article = import_path(write("README", "Some readme words.\n"))
    assert article.format == "txt"
    assert article.text == "Some readme words."
    assert any("no known file suffix" in note for note in article.metadata["notes"])


def test_unknown_suffix_html_is_read_as_a_page(write):
    article = import_path(write("page.php", "<!doctype html><html><body><p>Server page text.</p></body></html>"))
    assert article.format == "html"
    assert article.text == "Server page text."


def test_unknown_suffix_binary_names_the_problem(fails):
    assert fails("photo.dat", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)) == (
        "this is a binary file (JPEG image), not text"
    )
    assert fails("blob.bin", bytes(range(256)) * 4) == "this is a binary file, not text"


def test_suffix_is_case_insensitive(write):
    assert import_path(write("LOUD.TXT", "Shouted words.")).format == "txt"


def test_pdf_with_a_text_suffix_is_read_as_pdf(write):
    article = import_path(write("really.txt", make_pdf([["Text inside a PDF named txt."]])))
    assert article.format == "pdf"
    assert article.text == "Text inside a PDF named txt."
    assert "the file is really a PDF; read it as one" in article.metadata["notes"]


def test_unexpected_parser_error_is_one_line(write, monkeypatch):
    from reader import importers

    def explode(data, source, where):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(importers, "_parser", lambda fmt: explode)
    assert _message(write("bug.txt", "words")).endswith(": could not read this text file (ZeroDivisionError)")


def test_metadata_is_json_serialisable(write):
    import json

    article = import_path(write("a.md", "# T\n\nSee [site](https://x.example) now."))
    assert json.loads(json.dumps(article.metadata)) == article.metadata


def test_quiet_restores_levels_after_concurrent_use():
    import logging
    import threading

    from reader.importers.quiet import quiet

    logger = logging.getLogger("unspin-test-quiet")
    logger.setLevel(logging.INFO)
    inside = threading.Barrier(2)
    levels = []

    def work():
        with quiet("unspin-test-quiet"):
            inside.wait(timeout=5)
            levels.append(logger.level)
            inside.wait(timeout=5)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert levels == [logging.CRITICAL + 1] * 2
    assert logger.level == logging.INFO


def test_a_newline_in_the_file_name_keeps_the_message_on_one_line(tmp_path: Path):
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"")
    message = _message(path)
    assert "\n" not in message
    assert message == f"{tmp_path}/two\\nlines.txt: the file is empty"
