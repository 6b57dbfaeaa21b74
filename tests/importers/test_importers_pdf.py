"""PDF: paragraphs rebuilt from wrapped lines, hyphenation, encryption, damage, scans, limits."""

from __future__ import annotations

import io
import random
import time

import pytest
from docmaker import make_pdf, page_stream, scanned_page_stream
from pypdf import PdfReader, PdfWriter

from reader.errors import ImportFailed
from reader.importers import import_bytes, import_path, pdf

PAGE_ONE = [
    "Running Head of the Journal",
    "Spinning tools replace words with thesaurus neighbours so that one",
    "article can be published on many sites without being flagged as a",
    "duplicate. The result reads strangely, and the inter-",
    "national press has documented many well-",
    "known examples of the practice in recent years.",
    "",
    "A second paragraph starts here and it goes on for a while, long enough",
    "that it has to wrap onto the next page, where the reader will find its",
    "1",
]
PAGE_TWO = [
    "Running Head of the Journal",
    "conclusion after a line that was cut in the middle of the sentence. The",
    "tools are cheap and their output is easy to spot once you know them.",
    "Why It Matters",
    "Search engines reward original text, so the spammers keep rewording",
    "stolen articles with the help of a thesaurus and never read the re-",
    "sult.",
    "2",
]
PAGE_THREE = [
    "Running Head of the Journal",
    "A third page closes the article.",
    "Visit https://spam.example/offer for more.",
    "3",
]

EXPECTED = (
    "Spinning tools replace words with thesaurus neighbours so that one article can be published on many sites "
    "without being flagged as a duplicate. The result reads strangely, and the international press has "
    "documented many well-known examples of the practice in recent years.\n\n"
    "A second paragraph starts here and it goes on for a while, long enough that it has to wrap onto the next "
    "page, where the reader will find its conclusion after a line that was cut in the middle of the sentence. "
    "The tools are cheap and their output is easy to spot once you know them.\n\n"
    "Why It Matters\n\n"
    "Search engines reward original text, so the spammers keep rewording stolen articles with the help of a "
    "thesaurus and never read the result.\n\n"
    "A third page closes the article.\n\n"
    "Visit https://spam.example/offer for more."
)


@pytest.fixture(scope="module")
def article_pdf() -> bytes:
    return make_pdf([PAGE_ONE, PAGE_TWO, PAGE_THREE], title="Spun Articles Explained", author="A. Writer")


def _encrypt(data: bytes, user: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user, "owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_multipage_pdf_paragraphs_and_hyphenation(write, article_pdf):
    article = import_path(write("article.pdf", article_pdf))
    assert article.text == EXPECTED
    assert article.format == "pdf"
    assert article.title == "Spun Articles Explained"
    assert article.metadata["author"] == "A. Writer"
    assert article.metadata["pages"] == 3
    assert article.metadata["links"] == [
        {"href": "https://spam.example/offer", "text": "https://spam.example/offer", "offset": EXPECTED.index("https")}
    ]


def test_dehyphenation_rules():
    assert pdf._join("the inter-", "national press") == "the international press"
    assert pdf._join("many well-", "known cases") == "many well-known cases"
    assert pdf._join("the self-", "employed") == "the self-employed"
    assert pdf._join("COVID-", "19 cases") == "COVID-19 cases"
    assert pdf._join("Anglo-", "Saxon") == "Anglo-Saxon"
    assert pdf._join("a soft\u00ad", "hyphen") == "a softhyphen"
    assert pdf._join("a dash -", "then") == "a dash - then"
    assert pdf._join("plain", "words") == "plain words"


def test_title_falls_back_to_the_first_line_when_metadata_is_junk(write):
    data = make_pdf(
        [["Real Headline Of The Piece", "Body text of the article follows here."]], title="Microsoft Word - draft3.docx"
    )
    article = import_path(write("x.pdf", data))
    assert article.title == "Real Headline Of The Piece"
    assert article.text == "Real Headline Of The Piece\n\nBody text of the article follows here."


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.99])
def test_truncated_pdf(fails, article_pdf, fraction):
    cut = article_pdf[: int(len(article_pdf) * fraction)]
    assert fails("x.pdf", cut) == "the PDF is truncated (its end is missing); download or copy it again"


def test_encrypted_pdf_with_a_password(fails, article_pdf):
    assert fails("x.pdf", _encrypt(article_pdf, "secret", "RC4-128")) == (
        "the PDF is encrypted; open it in a PDF reader and save an unprotected copy"
    )


def test_encrypted_pdf_with_an_empty_password_is_read(write, article_pdf):
    article = import_path(write("x.pdf", _encrypt(article_pdf, "", "RC4-128")))
    assert article.text == EXPECTED
    assert "the PDF is encrypted with an empty password; read it without one" in article.metadata["notes"]


def test_aes_encrypted_pdf(write, fails, article_pdf):
    pytest.importorskip("cryptography")
    assert import_path(write("aes.pdf", _encrypt(article_pdf, "", "AES-128"))).text == EXPECTED
    assert fails("aes256.pdf", _encrypt(article_pdf, "secret", "AES-256")).startswith("the PDF is encrypted;")


def test_aes_without_cryptography_says_so(fails, article_pdf, monkeypatch):
    pytest.importorskip("cryptography")
    data = _encrypt(article_pdf, "", "AES-128")
    from pypdf.errors import DependencyError

    def no_crypto(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", no_crypto)
    assert fails("aes.pdf", data) == "the PDF is AES-encrypted and the 'cryptography' package is not installed"


def test_scanned_pdf_without_text_layer(fails):
    data = make_pdf([[], []], streams=[scanned_page_stream(), scanned_page_stream()])
    assert fails("scan.pdf", data) == ("the PDF has no text layer (it is probably scanned images); run OCR on it first")


def test_not_a_pdf(fails):
    assert fails("x.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100)) == "not a PDF (this is a PNG image)"
    assert fails("y.pdf", b"Just some text saved with the wrong name.") == "not a PDF (it has no PDF header)"


def test_damaged_pdf(fails):
    assert fails("x.pdf", b"%PDF-1.4\ngarbage garbage garbage\n%%EOF\n") == (
        "the PDF is damaged and cannot be read (PdfReadError)"
    )


def test_randomly_corrupted_pdfs_fail_cleanly_and_fast(article_pdf, capfd):
    rng = random.Random(7)
    started = time.monotonic()
    outcomes = {"read": 0, "failed": 0}
    for _ in range(30):
        data = bytearray(article_pdf)
        for _ in range(rng.choice([5, 50, 300])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            import_bytes(bytes(data), "pdf", name="bad.pdf")
            outcomes["read"] += 1
        except ImportFailed as exc:
            assert str(exc).startswith("bad.pdf: ") and "\n" not in str(exc)
            outcomes["failed"] += 1
    assert time.monotonic() - started < 10
    assert outcomes["failed"] > 0
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""  # pypdf's warnings are kept off the terminal


def test_page_limit(fails, article_pdf, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    assert fails("big.pdf", article_pdf) == "the PDF has 3 pages, over the 2-page limit for one article"


def test_time_limit_between_pages(fails, article_pdf, monkeypatch):
    monkeypatch.setattr(pdf, "TIME_LIMIT", -1.0)
    assert fails("slow.pdf", article_pdf) == "reading the PDF took over -1 s (stopped at page 1)"


def test_a_parser_stuck_inside_a_page_is_abandoned(fails, article_pdf, monkeypatch):
    monkeypatch.setattr(pdf, "HANG_LIMIT", 0.2)
    monkeypatch.setattr(pdf, "_read", lambda data, where, truncated: time.sleep(2))
    started = time.monotonic()
    assert fails("hang.pdf", article_pdf) == "reading the PDF took over 0.2 s; the file may be damaged"
    assert time.monotonic() - started < 1.5


def test_one_unreadable_page_is_noted(write, monkeypatch):
    data = make_pdf([["First page text is fine."], ["Second page text."]])
    real = pdf.PdfReader

    class OnePageBroken(real):
        @property
        def pages(self):
            pages = list(super().pages)

            def broken():
                raise ValueError("bad content stream")

            pages[1].extract_text = broken
            return pages

    monkeypatch.setattr(pdf, "PdfReader", OnePageBroken)
    article = import_path(write("half.pdf", data))
    assert article.text == "First page text is fine."
    assert "1 of 2 pages could not be read" in article.metadata["notes"]


def test_curly_quotes_and_ligatures(write):
    stream = page_stream(["\u201cQuoted\u201d words aren\u2019t changed \u2013 fine."])
    article = import_path(write("q.pdf", make_pdf([[]], streams=[stream])))
    assert article.text == "\u201cQuoted\u201d words aren\u2019t changed \u2013 fine."


def test_reflow_of_a_huge_paragraph_is_linear():
    line = "Spun text goes here with many words and you can read the brand new inter-"
    started = time.monotonic()
    second = "national stuff and many more words so that this line is about as long as the"
    text = pdf.reflow(["\n".join([line, second] * 20000)])
    assert time.monotonic() - started < 3
    assert text.count("international stuff") == 20000
    assert "\n" not in text


def test_not_a_pdf_names_the_kind_with_the_right_article(fails):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert fails("x.pdf", ole) == "not a PDF (this is an old Microsoft Office document)"
