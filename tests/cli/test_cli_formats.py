"""Every importer format through the CLI into a fresh library, and a cleaned copy out (issue 3, done-when)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BODY = "The council met on Tuesday to discuss the harbour budget and the new ferry timetable."
SECOND = "Residents asked for more buses on weekends and cheaper fares for students."


def _docmaker():
    path = Path(__file__).resolve().parents[1] / "importers" / "docmaker.py"
    if not path.exists():
        pytest.skip("tests/importers/docmaker.py (the PDF builder) is not there")
    spec = importlib.util.spec_from_file_location("unspin_test_docmaker", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write(tmp_path: Path, fmt: str) -> Path:
    p = tmp_path / f"article.{fmt}"
    if fmt == "txt":
        p.write_text(f"{BODY}\n\n{SECOND}\n", encoding="utf-8")
    elif fmt == "md":
        p.write_text(f"# Harbour news\n\n{BODY}\n\n* {SECOND}\n", encoding="utf-8")
    elif fmt == "html":
        p.write_text(
            "<!DOCTYPE html><html><head><title>Harbour news</title><style>p{color:red}</style>"
            "<script>var tracking = 'SCRIPTTEXT';</script></head><body>"
            "<nav><a href='/'>Home</a> NAVTEXT</nav><article><h1>Harbour news</h1>"
            f"<p>{BODY}</p><p>{SECOND}</p></article>"
            "<footer>FOOTERTEXT Copyright 2024</footer></body></html>",
            encoding="utf-8",
        )
    elif fmt == "docx":
        docx = pytest.importorskip("docx")
        d = docx.Document()
        d.add_heading("Harbour news", 1)
        d.add_paragraph(BODY)
        d.add_paragraph(SECOND)
        d.save(p)
    elif fmt == "pdf":
        maker = _docmaker()
        words = BODY.split()
        lines = [" ".join(words[:8]), " ".join(words[8:]), "", SECOND]
        p.write_bytes(maker.make_pdf([lines], title="Harbour news"))
    return p


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx", "pdf"])
def test_each_format_imports_and_exports_a_cleaned_copy(run, tmp_path, fmt):
    src = _write(tmp_path, fmt)
    lib = tmp_path / "lib"
    rc, out, err = run("--data-dir", lib, "import", src)
    assert (rc, err) == (0, ""), err
    article_id = out.split("\t")[0]
    rc, out, _ = run("--data-dir", lib, "show", article_id)
    assert rc == 0 and f"Format:     {fmt}" in out
    dest = tmp_path / "clean.txt"
    assert run("--data-dir", lib, "export", article_id, "-o", dest)[0] == 0
    text = " ".join(dest.read_text(encoding="utf-8").split())
    for phrase in ("council met on Tuesday", "harbour budget", "ferry timetable", "buses on weekends", "students"):
        assert phrase in text, text
    for noise in ("SCRIPTTEXT", "NAVTEXT", "FOOTERTEXT", "color:red"):
        assert noise not in text
    rc, out, _ = run("correct", src)
    assert rc == 0 and "ferry timetable" in out
