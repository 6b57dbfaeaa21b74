"""Saved web pages: main text only, links as metadata, no network, fallbacks and bad pages."""

from __future__ import annotations

import socket

import pytest

from reader.importers import import_bytes, import_path

SPAM_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Best Dog Food 2024 | DogTipsDaily</title>
<meta property="og:title" content="The Best Dog Food: A Complete Guide">
<meta name="author" content="Jane Roe">
<link rel="stylesheet" href="https://cdn.example/site.css">
<script src="https://tracker.example/t.js"></script>
<script>window.dataLayer = []; function gtag(){dataLayer.push(arguments)} gtag('config', 'UA-1');</script>
<style>.cookie-banner{position:fixed} body{font-family:sans-serif}</style>
</head>
<body>
<div id="cookie-banner" class="cookie-banner consent">We use cookies to improve your experience on our site.
  <button>Accept all cookies</button> <a href="/cookie-policy">Cookie policy</a></div>
<header class="site-header"><a href="/" class="logo">DogTipsDaily</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/reviews">Reviews</a></li>
<li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<main><article class="post">
<h1>The Best Dog Food: A Complete Guide</h1>
<p class="byline">By Jane Roe</p>
<p>Feeding your dog the brand new right food and you can keep it healthy for a long time. Many owners
choose dry kibble because it is cheap and easy to store, and it keeps for months in a cool cupboard.</p>
<p>Experts say that <a href="https://casino.example/bonus">best online casino bonus</a> protein should be the
first ingredient on the label, and you can check the package carefully before buying any brand.</p>
<h2>Wet or dry?</h2>
<p>Wet food contains more water, which helps dogs that do not drink enough.<br>It also tastes better to
most dogs, although it costs more per meal and spoils quickly once the tin is open.</p>
<ul><li>Check the protein content first</li><li>Avoid fillers like <a href="http://pills.example/buy">cheap viagra pills</a></li></ul>
<p>In the end the best food is the one your dog eats happily and that your vet approves of for its age.</p>
</article></main>
<aside class="sidebar"><h3>Popular posts</h3><ul><li><a href="/p1">Top 10 leashes</a></li></ul></aside>
<footer class="site-footer"><p>Copyright 2024 DogTipsDaily. All rights reserved.
<a href="/privacy">Privacy policy</a> | <a href="/terms">Terms</a></p></footer>
<script>document.write('<div class="ad">Buy now</div>');</script>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_spam_page_main_text(write, no_network):
    article = import_path(write("spam.html", SPAM_PAGE))
    text = article.text
    assert article.format == "html"
    assert article.title == "The Best Dog Food: A Complete Guide"
    assert article.metadata["author"] == "Jane Roe"
    assert "Feeding your dog the brand new right food and you can keep it healthy" in text
    assert "\n\nExperts say that best online casino bonus protein should be the first ingredient" in text
    assert "Wet food contains more water, which helps dogs that do not drink enough.\nIt also tastes" in text
    assert "Check the protein content first\nAvoid fillers like cheap viagra pills" in text
    for furniture in ("cookies", "Accept all", "Home", "About us", "Copyright", "Privacy", "dataLayer", "gtag",
                      "font-family", "Buy now", "Popular posts", "Top 10 leashes", "DogTipsDaily"):  # fmt: skip
        assert furniture not in text, furniture
    assert "\n\n\n" not in text and "  " not in text
    assert no_network == []


def test_spam_page_injected_anchors_are_links_with_offsets(write):
    article = import_path(write("spam.htm", SPAM_PAGE))
    links = article.metadata["links"]
    assert [(link["href"], link["text"]) for link in links] == [
        ("https://casino.example/bonus", "best online casino bonus"),
        ("http://pills.example/buy", "cheap viagra pills"),
    ]
    for link in links:
        assert article.text[link["offset"] : link["offset"] + len(link["text"])] == link["text"]


def test_no_network_even_with_remote_resources(write, no_network):
    page = (
        '<html><head><base href="https://evil.example/"><meta http-equiv="refresh" content="0; url=https://x.example">'
        '<link rel="canonical" href="https://canon.example/post"><script src="https://x.example/a.js"></script></head>'
        '<body><iframe src="https://frame.example"></iframe><img src="https://img.example/a.png">'
        "<p>Local text only, with enough words to be an article paragraph of its own here.</p></body></html>"
    )
    with pytest.raises(AssertionError):
        socket.create_connection(("127.0.0.1", 9))  # the guard is live
    no_network.clear()
    article = import_path(write("remote.html", page))
    assert article.text == "Local text only, with enough words to be an article paragraph of its own here."
    assert no_network == []


def test_image_saved_as_html(fails):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(200)
    assert fails("c.html", png) == "this is a binary file (PNG image), not a web page"


def test_broken_html_still_gives_its_text(write):
    page = b"<html><body><p>Some text <b>unclosed <div>more text<p>final words here</td></table></i>"
    article = import_path(write("broken.html", page))
    assert "Some text unclosed" in article.text
    assert "more text" in article.text and "final words here" in article.text


def test_garbage_markup_still_gives_its_text(write):
    page = b"<<<>>> <p <b>>text one</b</p> <div =x>text two <a href=>text three"
    article = import_path(write("garbage.html", page))
    for word in ("text one", "text two", "text three"):
        assert word in article.text


def test_short_page_falls_back_to_plain_text(write):
    from reader.importers import webpage

    article = import_path(write("short.html", "<html><body><div>Hello world.</div><nav>Menu</nav></body></html>"))
    assert article.text == "Hello world."
    assert webpage.FALLBACK_NOTE in article.metadata["notes"]


def test_fallback_keeps_links_and_paragraphs(monkeypatch, write):
    from reader.importers import webpage

    monkeypatch.setattr(webpage, "_trafilatura", lambda page: None)
    page = (
        "<html><head><title>Fallback Title</title></head><body><nav>Menu items</nav>"
        '<div class="cookie-notice">We use cookies</div>'
        '<h1>Heading</h1><p>First <a href="https://k.example">keyword anchor</a> paragraph.</p>'
        "<ul><li>one</li><li>two</li></ul><pre>  code\n    kept</pre><script>x()</script></body></html>"
    )
    article = import_path(write("fallback.html", page))
    assert article.text == "Heading\n\nFirst keyword anchor paragraph.\n\none\ntwo\n\n  code\n    kept"
    assert article.title == "Fallback Title"
    assert article.metadata["links"] == [{"href": "https://k.example", "text": "keyword anchor", "offset": 15}]


def test_page_without_text(fails):
    assert fails("d.html", "<html><head><title>T</title><script>x()</script></head><body> </body></html>") == (
        "no article text found"
    )
    assert fails("e.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>") == "no article text found"


def test_declared_windows_1252(write):
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head>"
        "<body><p>He said \x93hello\x94 and left \x96 quickly, caf\xe9 closed.</p></body></html>"
    ).encode("latin-1")
    article = import_path(write("old.html", page))
    assert article.text == "He said \u201chello\u201d and left \u2013 quickly, caf\u00e9 closed."
    assert article.metadata["encoding"] == "cp1252"


def test_xhtml_with_xml_declaration(write):
    page = (
        "\ufeff<?xml version='1.0' encoding='utf-8'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>"
        "<head><title>X</title></head><body><p>XHTML body text \u2013 fine.</p></body></html>"
    )
    article = import_path(write("page.xhtml", page))
    assert article.text == "XHTML body text \u2013 fine."


def test_utf16_page(write):
    page = "<html><body><p>Wide page text \u201cquoted\u201d.</p></body></html>"
    assert import_path(write("wide.html", page.encode("utf-16"))).text == "Wide page text \u201cquoted\u201d."


def test_html_from_bytes():
    article = import_bytes(SPAM_PAGE.encode(), "html", name="stdin.html")
    assert article.text.startswith("The Best Dog Food: A Complete Guide\n\nFeeding your dog")


def test_inline_code_and_same_page_links_stay_inline(write):
    body = " ".join(["Filler sentence with enough words to make the article long enough."] * 5)
    page = (
        "<html><head><title>What is rustdoc? - The book</title></head><body><main>"
        '<h1><a href="#what">What is rustdoc?</a></h1>'
        f"<p>The tool is called <code>rustdoc</code>, and it makes pages. {body}</p>"
        '<p>See <a href="javascript:void(0)">this</a> and <a href="https://docs.example/x">the docs</a> for the whole '
        "story of how the tool works today and what it will do tomorrow.</p>"
        "</main></body></html>"
    )
    article = import_path(write("doc.html", page))
    assert article.text.startswith("What is rustdoc?\n\nThe tool is called rustdoc, and it makes pages.")
    assert "See this and the docs for the whole story" in article.text
    assert [link["href"] for link in article.metadata["links"]] == ["https://docs.example/x"]
    assert article.title == "What is rustdoc?"  # trafilatura's title, found inside <title> without the site


def test_utf8_page_with_a_stale_latin1_meta_tag(write):
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Caf\u00e9 \u201cnews\u201d \u2013 today.</p></body></html>"
    article = import_path(write("resaved.html", page.encode("utf-8")))
    assert article.text == "Caf\u00e9 \u201cnews\u201d \u2013 today."
    assert article.metadata["encoding"] == "utf-8"


def test_bad_pages_print_nothing(write, capfd):
    import logging

    for number, page in enumerate([b"<html><body></body></html>", b"<<<>>>", b"<p>" * 5000, b"\x00<html>"]):
        try:
            import_path(write(f"bad{number}.html", page))
        except Exception as exc:  # noqa: BLE001 - only the output matters here
            assert type(exc).__name__ == "ImportFailed"
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert logging.getLogger("trafilatura").level == logging.NOTSET  # restored after the imports


def test_deeply_nested_page(write, fails):
    assert import_path(write("deep.html", "<div>" * 400 + "Deep text here." + "</div>" * 400)).text == "Deep text here."
    assert fails("deeper.html", "<div>" * 5000 + "x" + "</div>" * 5000) == "this web page is nested too deeply to read"
