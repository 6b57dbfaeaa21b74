"""Word documents made with python-docx in the test; bad containers give clear errors."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reader.importers import import_path


def _hyperlink(paragraph, url: str, text: str) -> None:
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _tracked(paragraph, inserted: str, deleted: str) -> None:
    ins = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = inserted
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    ins.append(run)
    dele = OxmlElement("w:del")
    run = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.text = deleted
    run.append(dt)
    dele.append(run)
    paragraph._p.append(ins)
    paragraph._p.append(dele)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def word_file() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Core Property Title"
    document.core_properties.author = "Doc Author"
    document.add_heading("Visible Heading", level=1)
    first = document.add_paragraph("Feeding your dog the brand new right food ")
    first.add_run("and you can").bold = True
    first.add_run(" keep it healthy. Experts say that ")
    _hyperlink(first, "https://casino.example/bonus", "best online casino bonus")
    first.add_run(" protein matters.")
    document.add_paragraph("")  # empty paragraphs are dropped
    second = document.add_paragraph("Line one")
    second.add_run().add_break()
    second.add_run("line two\tafter a tab.")
    third = document.add_paragraph("Edited:")
    _tracked(third, " inserted words", " deleted words")
    document.add_paragraph("First item", style="List Bullet")
    document.add_paragraph("Second item", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Value"
    table.cell(1, 0).text = "Protein"
    table.cell(1, 1).text = "High"
    document.add_paragraph("Closing paragraph. It\u2019s \u201cquoted\u201d.")
    return _save(document)


def test_docx_text_links_and_title(write, word_file):
    article = import_path(write("article.docx", word_file))
    assert article.format == "docx"
    assert article.title == "Core Property Title"
    assert article.metadata["author"] == "Doc Author"
    assert article.text == (
        "Visible Heading\n\n"
        "Feeding your dog the brand new right food and you can keep it healthy. Experts say that best online "
        "casino bonus protein matters.\n\n"
        "Line one\nline two after a tab.\n\n"  # tabs are layout: one space
        "Edited: inserted words\n\n"
        "First item\n\nSecond item\n\n"
        "Name | Value\nProtein | High\n\n"
        "Closing paragraph. It\u2019s \u201cquoted\u201d."
    )
    (link,) = article.metadata["links"]
    assert link["href"] == "https://casino.example/bonus"
    assert link["text"] == "best online casino bonus"
    assert article.text[link["offset"] : link["offset"] + len(link["text"])] == link["text"]


def test_docx_title_from_title_style_when_core_title_is_empty(write):
    document = docx.Document()
    document.core_properties.title = ""
    document.add_paragraph("Opening words.")
    document.add_heading("The Title Style", level=0)
    assert import_path(write("t.docx", _save(document))).title == "The Title Style"


def test_docx_one_column_layout_table_keeps_paragraphs(write):
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "First paragraph in a layout table."
    cell.add_paragraph("Second paragraph in it.")
    assert import_path(write("layout.docx", _save(document))).text == (
        "First paragraph in a layout table.\n\nSecond paragraph in it."
    )


def test_docx_that_is_not_a_zip(fails):
    assert fails("d.docx", b"This is plain text saved with a .docx name.") == "not a Word document (not a zip archive)"
    assert fails("p.docx", b"\x89PNG\r\n\x1a\n" + bytes(64)) == "not a Word document (this is a PNG image)"


def test_old_word_doc_format(fails):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert fails("old.docx", ole) == "this is an old Word .doc file, not .docx; save it as .docx in Word or LibreOffice"


def test_password_protected_docx(fails):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptedPackage".encode("utf-16-le") + bytes(100)
    assert fails("locked.docx", ole) == (
        "the Word document is password-protected; open it in Word and save an unprotected copy"
    )


def test_zip_that_is_not_a_word_document(fails):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert fails("z.docx", out.getvalue()) == "not a Word document (this is a zip archive)"


def test_truncated_docx(fails, word_file):
    assert fails("cut.docx", word_file[: len(word_file) // 2]) == (
        "the Word document is damaged (its zip archive is broken)"
    )


def test_docx_with_a_missing_part(fails, word_file):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_file)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != "[Content_Types].xml":
                target.writestr(item, source.read(item.filename))
    assert fails("broken.docx", out.getvalue()).startswith("the Word document is damaged (")


def test_docx_with_broken_xml(fails, word_file):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_file)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
    assert fails("badxml.docx", out.getvalue()).startswith("the Word document is damaged (")


def test_docx_without_text(fails):
    document = docx.Document()
    document.add_paragraph("")
    assert fails("blank.docx", _save(document)) == "the Word document has no text"


def test_docx_with_a_txt_suffix_is_read_as_word(write, word_file):
    article = import_path(write("mislabelled.txt", word_file))
    assert article.format == "docx"
    assert "the file is really a Word document; read it as one" in article.metadata["notes"]


def test_docx_entity_reference_keeps_the_rest_of_the_paragraph(write):
    """Issue 10, case 10: text after an entity the parser does not expand was dropped."""
    document = docx.Document()
    document.add_paragraph("Before the entity MARK after the entity and more.")
    document.add_paragraph("Second paragraph MYSTERY here.")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_save(document))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                dtd = b'<!DOCTYPE w:document [ <!ENTITY nbsp "&#160;"> <!ENTITY odd "x"> ]>'
                data = data.replace(b"?>", b"?>" + dtd, 1).replace(b"MARK", b"&nbsp;").replace(b"MYSTERY", b"&odd;")
            target.writestr(item, data)
    article = import_path(write("entity.docx", out.getvalue()))
    assert (
        article.text.replace("\u00a0", " ")
        == "Before the entity after the entity and more.\n\nSecond paragraph &odd; here."
    )
    assert "kept the entity reference &odd; as it is (it is not defined)" in article.metadata["notes"]
