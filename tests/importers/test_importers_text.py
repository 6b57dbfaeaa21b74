"""Plain text: encodings, BOMs, mojibake, NULs, binary files, line endings."""

from __future__ import annotations

import pytest

from reader.importers import import_path

SAMPLE = "He said \u201chello\u201d and didn\u2019t stay \u2013 it cost \u20ac5. Caf\u00e9 na\u00efve r\u00e9sum\u00e9.\nSecond line."


def _read(write, data: bytes, name: str = "a.txt"):
    return import_path(write(name, data))


def test_utf8(write):
    article = _read(write, SAMPLE.encode("utf-8"))
    assert article.text == SAMPLE
    assert article.format == "txt"
    assert article.metadata["encoding"] == "utf-8"
    assert article.metadata["notes"] == []


def test_utf8_with_bom(write):
    article = _read(write, SAMPLE.encode("utf-8-sig"))
    assert article.text == SAMPLE
    assert not article.text.startswith("\ufeff")
    assert article.metadata["encoding"] == "utf-8-sig"


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-16", "utf-16-le"),  # BOM + little endian
        ("utf-16-le", "utf-16-le"),  # no BOM
        ("utf-16-be", "utf-16-be"),  # no BOM
        ("utf-32", "utf-32-le"),
    ],
)
def test_utf16_and_utf32(write, codec, expected):
    article = _read(write, SAMPLE.encode(codec))
    assert article.text == SAMPLE
    assert article.metadata["encoding"] == expected


def test_utf16_le_with_bom_ff_fe_decodes_every_character(write):
    """FF FE then UTF-16-LE (what Windows Notepad saves as "Unicode"): CRLF lines, a character outside
    the BMP (a surrogate pair), CJK and accents all come back as written, with no BOM left in the text."""
    text = "Caf\u00e9 \U0001f600 \u201cquoted\u201d \u4e2d\u6587 \u00bd\r\n" + SAMPLE.replace("\n", "\r\n")
    data = b"\xff\xfe" + text.encode("utf-16-le")
    assert not data.startswith(b"\xff\xfe\x00\x00")  # not to be taken for UTF-32-LE
    for name in ("a.txt", "a.md"):
        article = _read(write, data, name)
        assert article.metadata["encoding"] == "utf-16-le" and article.metadata["notes"] == []
        assert "\ufeff" not in article.text and "\x00" not in article.text
        assert article.text.startswith("Caf\u00e9 \U0001f600 \u201cquoted\u201d \u4e2d\u6587 \u00bd")
        assert article.text.endswith("Second line.")
    assert _read(write, data, "b.txt").text == text.replace("\r\n", "\n")
    html = "<html><body><p>" + text.replace("\r\n", "</p><p>") + "</p></body></html>"
    page = _read(write, b"\xff\xfe" + html.encode("utf-16-le"), "c.html")
    assert page.text.startswith("Caf\u00e9 \U0001f600 \u201cquoted\u201d") and "r\u00e9sum\u00e9" in page.text


def test_cp1252_curly_quotes(write):
    text = "\u201cSpun\u201d articles aren\u2019t rare \u2014 they\u2019re everywhere\u2026 \u2018Really\u2019 \u2013 na\u00efve. \u20ac9."
    article = _read(write, text.encode("cp1252"))
    assert article.text == text
    assert article.metadata["encoding"] == "cp1252"


def test_cp1252_with_accented_letters_is_not_read_as_cp1250(write):
    text = "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la carte, se\u00f1or \u201cpi\u00f1ata\u201d, \u00bd price. " * 3
    article = _read(write, text.encode("cp1252"))
    assert article.text == text.strip()


def test_cp1250_polish_stays_polish(write):
    text = "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. Pchn\u0105\u0107 w t\u0119 \u0142\u00f3d\u017a je\u017ca lub o\u015bm skrzy\u0144 fig."
    article = _read(write, text.encode("cp1250"))
    assert article.text == text
    assert article.metadata["encoding"] == "cp1250"


def test_latin1(write):
    text = "Fran\u00e7ois \u00e0 la gare, tr\u00e8s \u00e9l\u00e9gant; \u00a9 1999, 20\u00b0C, \u00bfqu\u00e9? " * 2
    article = _read(write, text.encode("latin-1"))
    assert article.text == text.strip()


def test_cyrillic_cp1251(write):
    text = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? \u042d\u0442\u043e \u0442\u0435\u0441\u0442\u043e\u0432\u044b\u0439 \u0442\u0435\u043a\u0441\u0442 \u043d\u0430 \u0440\u0443\u0441\u0441\u043a\u043e\u043c \u044f\u0437\u044b\u043a\u0435."
    article = _read(write, text.encode("cp1251"))
    assert article.text == text


def test_mojibake_is_repaired(write):
    article = _read(
        write, "I don\u00e2\u20ac\u2122t know \u00e2\u20ac\u201c caf\u00c3\u00a9 it\u00e2\u20ac\u2122s fine.".encode()
    )
    assert article.text == "I don\u2019t know \u2013 caf\u00e9 it\u2019s fine."
    assert "repaired mis-decoded characters (mojibake)" in article.metadata["notes"]


def test_clean_text_is_left_exactly_alone(write):
    text = (
        "Curly \u201cquotes\u201d \u2018single\u2019 and don\u2019t; ligature \ufb01ne; fullwidth \uff26\uff55\uff4c\uff4c; "
        "decomposed e\u0301; \u00bd \u2122 \u2026 \u2013 \u2014; \u00c3 alone; \u00e2 alone; Na\u00efve \u00a9 \u00ae."
    )
    article = _read(write, text.encode())
    assert article.text == text
    assert article.metadata["notes"] == []


def test_line_endings_are_normalised(write):
    article = _read(write, b"one\r\ntwo\rthree\n\n\n\n\nfour   \n\n")
    assert article.text == "one\ntwo\nthree\n\nfour"


def test_stray_nul_bytes_are_removed_with_a_note(write):
    article = _read(write, b"Some text with a stray\x00 NUL inside it and another\x00 one.")
    assert article.text == "Some text with a stray NUL inside it and another one."
    assert article.metadata["notes"] == ["removed 2 stray NUL bytes"]


def test_many_nul_bytes_mean_binary(fails):
    assert fails("b.txt", b"Header\x00\x00\x00\x00\x00\x00" * 40) == "this is a binary file, not text"


def test_control_bytes_mean_binary(fails):
    assert fails("b.txt", bytes(range(1, 32)) * 40) == "this is a binary file, not text"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(64), "GIF image"),
        (b"PK\x03\x04\x14\x00\x00\x00" + bytes(64), "damaged zip archive"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(64), "Linux program"),
        (b"SQLite format 3\x00" + bytes(84), "SQLite database"),
        (b"\x1f\x8b\x08\x00" + bytes(64), "gzip archive"),
    ],
)
def test_binary_file_names_its_kind(fails, data, kind):
    assert fails("b.txt", data) == f"this is a binary file ({kind}), not text"


def test_text_that_starts_like_a_magic_number_is_text(write):
    assert _read(write, b"OTTO VON BISMARCK was a statesman.").text.startswith("OTTO")
    assert _read(write, b"BMW and MZ made motorbikes.").text.startswith("BMW")


def test_blank_file(fails):
    assert fails("a.txt", b"  \n\t\n ") == "the file has no text (only blank space)"
    assert fails("bom.txt", b"\xef\xbb\xbf") == "the file has no text (only blank space)"


def test_bad_utf16_with_bom(fails):
    assert fails("a.txt", b"\xff\xfe" + b"\x00\xd8" * 20) == "the file says it is UTF-16-LE but is not valid UTF-16-LE"


def test_a_few_invalid_bytes_after_a_bom_are_replaced(write):
    article = _read(write, b"\xef\xbb\xbfMostly fine UTF-8 text with one bad \xff byte in the middle of it.")
    assert article.text == "Mostly fine UTF-8 text with one bad \ufffd byte in the middle of it."
    assert article.metadata["notes"] == ["replaced 1 invalid byte sequence with \ufffd"]


def test_title_is_the_first_line(write):
    article = _read(write, b"\n\n  The Real   Title  \n\nBody text follows here.", name="file-name.txt")
    assert article.title == "The Real Title"


def test_long_first_line_is_shortened_for_the_title(write):
    article = _read(write, ("word " * 60).encode())
    assert len(article.title) <= 121
    assert article.title.endswith("\u2026")


def test_bare_urls_become_links(write):
    text = "Buy now at https://spam.example/buy?x=1. Or http://other.example"
    article = _read(write, text.encode())
    assert article.metadata["links"] == [
        {"href": "https://spam.example/buy?x=1", "text": "https://spam.example/buy?x=1", "offset": 11},
        {"href": "http://other.example", "text": "http://other.example", "offset": 44},
    ]


def test_control_characters_are_removed(write):
    article = _read(write, b"Text\x1b[31m with an escape\x07 and a bell.")
    assert article.text == "Text[31m with an escape and a bell."
    assert article.metadata["notes"] == ["removed 2 control characters"]


@pytest.mark.parametrize(
    "text",
    [
        "don\u2019t",
        "He said \u201chi\u201d.",
        "\u00a35 and \u00bd off\u2122",
        "na\u00efve caf\u00e9",
        "\u00dcn\u00efc\u00f6d\u00e9",
    ],
)
def test_short_cp1252_texts(write, text):
    # charset-normalizer alone reads these as EBCDIC, Ukrainian DOS or Urdu code pages
    assert _read(write, text.encode("cp1252")).text == text


def test_koi8_r_is_not_read_as_cp1251(write):
    text = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? \u042d\u0442\u043e \u0442\u0435\u043a\u0441\u0442."
    assert _read(write, text.encode("koi8-r")).text == text


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_counts_them(write):
    """Issue 10, case 9: a cut-off UTF-8 file was read whole as a code page (you’re -> youÔÇÖre)."""
    body = "Now you’re here and they’re there — it’s said.\n".encode() * 50
    article = import_path(write("cut.txt", body + b"\xe2\x80"))
    assert article.metadata["encoding"] == "utf-8"
    assert "you’re" in article.text and "Ô" not in article.text and article.text.endswith("\ufffd")
    assert "replaced 1 invalid UTF-8 byte sequence with \ufffd" in article.metadata["notes"]
    cut = body.index(b"\n") + 1
    damaged = import_path(write("mid.txt", body[:cut] + b"\xff\xfe" + body[cut:] + b"\xc3"))
    assert damaged.metadata["encoding"] == "utf-8" and damaged.text.count("\ufffd") == 3


def test_a_code_page_file_is_still_read_as_its_code_page(write):
    article = import_path(write("cp.txt", "Le café crème à la carte, déjà vu.".encode("cp1252")))
    assert article.text == "Le café crème à la carte, déjà vu." and article.metadata["encoding"] == "cp1252"


def test_the_file_line_ending_is_recorded(write):
    assert import_path(write("crlf.txt", b"one\r\ntwo\r\n")).metadata["newline"] == "\r\n"
    assert import_path(write("lf.txt", b"one\ntwo\n")).metadata["newline"] == "\n"
    assert import_path(write("mixed.txt", b"one\r\ntwo\nthree")).metadata["newline"] == "\n"
