"""Markdown reduced to paragraphs, with link URLs kept as metadata and anchors located exactly."""

from __future__ import annotations

from reader.importers import import_path

DOC = r"""---
title: "Front Matter Title"
author: Jane Roe
---

# Heading *One*

Some **bold** and _italic_ text with a [link text](https://example.com/a_b "T") and
a soft break, plus `code_span` and snake_case_word and 2 * 3 * 4.<two spaces>
Hard break line. An ![image alt](img.png) here. Escaped \*star\*.

Setext Heading
--------------

- item one with [ref link][r1]
- [ ] task item
  continued item line
1. numbered <b>bold</b> item

> quoted text with <https://auto.example/x> and <span>html</span> &amp; entity

```python
def f():
    return "**not emphasis**"
```

| Col A | Col B |
|-------|:-----:|
| a1 | b\|1 |

<!-- a comment
spanning lines -->

***

Visit https://bare.example/path_x. Shortcut [r1] and a footnote[^1].

    indented code block

[r1]: https://ref.example/ "Ref"
[^1]: The footnote text.
""".replace("<two spaces>", "  ")  # a hard line break

EXPECTED = """Heading One

Some bold and italic text with a link text and a soft break, plus code_span and snake_case_word and 2 * 3 * 4.
Hard break line. An here. Escaped *star*.

Setext Heading

item one with ref link
task item continued item line
numbered bold item

quoted text with https://auto.example/x and html & entity

def f():
    return "**not emphasis**"

Col A | Col B
a1 | b|1

Visit https://bare.example/path_x. Shortcut r1 and a footnote.

indented code block

The footnote text."""


def test_markdown_is_reduced_to_paragraphs(write):
    article = import_path(write("post.md", DOC))
    assert article.text == EXPECTED
    assert article.format == "md"
    assert article.title == "Front Matter Title"
    assert article.metadata["author"] == "Jane Roe"


def test_markdown_links_keep_urls_and_exact_offsets(write):
    article = import_path(write("post.markdown", DOC))
    links = article.metadata["links"]
    assert [(link["href"], link["text"]) for link in links] == [
        ("https://example.com/a_b", "link text"),
        ("https://ref.example/", "ref link"),
        ("https://auto.example/x", "https://auto.example/x"),
        ("https://bare.example/path_x", "https://bare.example/path_x"),
        ("https://ref.example/", "r1"),
    ]
    for link in links:
        assert article.text[link["offset"] : link["offset"] + len(link["text"])] == link["text"]


def test_markdown_title_from_first_heading(write):
    article = import_path(write("a.md", "Intro line.\n\n## Minor\n\nText.\n\n# The Big One\n\nMore."))
    assert article.title == "The Big One"
    assert import_path(write("b.md", "## Only Minor\n\nText.")).title == "Only Minor"
    assert import_path(write("c.md", "Plain first line\nand more.")).title == "Plain first line and more."


def test_markdown_injected_anchor_in_a_sentence(write):
    text = "Experts say that [best online casino bonus](https://casino.example/bonus) protein should come first."
    article = import_path(write("spam.md", text))
    assert article.text == "Experts say that best online casino bonus protein should come first."
    assert article.metadata["links"] == [
        {"href": "https://casino.example/bonus", "text": "best online casino bonus", "offset": 17}
    ]


def test_markdown_html_and_entities(write):
    text = 'A <a href="https://x.example/?a=1&amp;b=2">raw link</a> and <script>alert(1)</script>text &mdash; done.'
    article = import_path(write("h.md", text))
    assert article.text == "A raw link and text \u2014 done."
    assert article.metadata["links"][0]["href"] == "https://x.example/?a=1&b=2"


def test_markdown_nested_emphasis_and_strike(write):
    article = import_path(write("e.md", "***both*** and ~~gone~~ and __strong__ and *a*."))
    assert article.text == "both and gone and strong and a."


def test_markdown_only_markup(fails):
    assert (
        fails("empty.md", "---\n\n![](x.png)\n\n<!-- nothing -->\n")
        == "the file has no text (only markup or blank space)"
    )


def test_markdown_loose_list_stays_one_block(write):
    article = import_path(write("l.md", "- one\n\n- two\n\n- three\n\nAfter."))
    assert article.text == "one\ntwo\nthree\n\nAfter."


def test_markdown_mojibake_repaired_with_links_still_exact(write):
    article = import_path(
        write("m.md", "It\u00e2\u20ac\u2122s [the link](https://l.example) and don\u00e2\u20ac\u2122t stop.")
    )
    assert article.text == "It\u2019s the link and don\u2019t stop."
    link = article.metadata["links"][0]
    assert article.text[link["offset"] : link["offset"] + len(link["text"])] == "the link"


def test_markdown_year_at_line_start_is_not_a_list(write):
    article = import_path(write("y.md", "The war ended in\n1945. Then peace came.\n\n1. real item\n2. second"))
    assert article.text == "The war ended in 1945. Then peace came.\n\nreal item\nsecond"


def test_markdown_pathological_inputs_are_fast(write):
    import time

    started = time.monotonic()
    for chunk in ("*a ", "_a ", "**a ", "~~a ", "<a ", "[a](", "`a ", "[a][b] "):
        assert import_path(write("p.md", chunk * 20000)).text
    for chunk in ("<!--", "<script "):  # unclosed: everything after is a comment or a script
        assert import_path(write("q.md", "Words before. " + chunk * 20000)).text == "Words before."
    assert time.monotonic() - started < 5


def test_markdown_headings_are_kept_as_their_own_paragraphs(write):
    text = (
        "# My Notes\n## Background\nThe summit was held.\n\nOverview\n========\nMore text.\n\n"
        "### Details ###\n#### Four\n##### Five\n###### Six *em*\n\nEnd. #not a heading"
    )
    article = import_path(write("notes.md", text))
    assert article.text == (
        "My Notes\n\nBackground\n\nThe summit was held.\n\nOverview\n\nMore text.\n\n"
        "Details\n\nFour\n\nFive\n\nSix em\n\nEnd. #not a heading"
    )
    assert article.title == "My Notes"


def test_markdown_nested_lists_are_lines_of_one_block(write):
    text = (
        "Before.\n\n- one\n  - one a\n    1. one a i\n  - one b\n- two\n\n  two, second paragraph\n3. three\n\nAfter."
    )
    article = import_path(write("n.md", text))
    assert article.text == "Before.\n\none\none a\none a i\none b\ntwo\ntwo, second paragraph\nthree\n\nAfter."


def test_markdown_lists_apart_stay_apart(write):
    article = import_path(write("s.md", "- a\n- b\n\n1. c\n\nText\n* d"))
    assert article.text == "a\nb\n\nc\n\nText\n\nd"


def test_markdown_links_are_metadata_with_exact_offsets(write):
    text = (
        "# Read [the guide](https://g.example/a?x=1&amp;y=2)\n\n"
        "Nested: - see **[bold link](<https://b.example/with space>)** and [ref][R] and "
        "[![logo](l.png)](https://img.example) and [same page](#top) and [script](javascript:x).\n\n"
        "- item [in list](https://list.example/é)\n\n"
        "[r]: https://ref.example/r 'Title'\n"
    )
    article = import_path(write("links.md", text))
    assert article.text == (
        "Read the guide\n\nNested: - see bold link and ref and and same page and script.\n\nitem in list"
    )
    links = article.metadata["links"]
    assert [(link["href"], link["text"]) for link in links] == [
        ("https://g.example/a?x=1&y=2", "the guide"),
        ("https://b.example/with space", "bold link"),
        ("https://ref.example/r", "ref"),
        ("https://list.example/é", "in list"),
        ("https://img.example", ""),  # an image-only link: the URL is kept, it has no place in the text
    ]
    for link in links:
        if link["offset"] is not None:
            assert article.text[link["offset"] : link["offset"] + len(link["text"])] == link["text"]
    assert links[-1]["offset"] is None


def test_markdown_emphasis_is_removed_but_literal_stars_stay(write):
    text = "*one* **two** ***three*** _four_ __five__ ~~six~~ **nested *inner* end** a*b*c snake_case 2 * 3 \\*lit\\*"
    article = import_path(write("em.md", text))
    assert article.text == "one two three four five six nested inner end abc snake_case 2 * 3 *lit*"


def test_markdown_code_blocks_keep_their_lines_and_markup(write):
    text = (
        "Intro `a  <b>  *c*`.\n\n"
        "~~~\n<div>*kept*</div>\n\n    indented inside\n~~~\n\n"
        "```js\nlet x = [a](b);\n```\n\n"
        "\tTabbed code\n\t  two\n\n"
        "> ```\n> quoted code\n> ```\n\n"
        "```\nunclosed fence runs to the end\n"
    )
    article = import_path(write("code.md", text))
    assert article.text == (
        "Intro a <b> *c*.\n\n<div>*kept*</div>\n\n    indented inside\n\nlet x = [a](b);\n\n"
        "Tabbed code\n  two\n\nquoted code\n\nunclosed fence runs to the end"
    )
    assert article.metadata["links"] == []


def test_markdown_tables_are_rows_of_cells(write):
    text = (
        "| Name | **Score** | Link |\n|:--|--:|---|\n| Ann | 3 | [a](https://a.example) |\n| Bob | | `x\\|y` |\n\n"
        "Not | a table\n\nAfter."
    )
    article = import_path(write("t.md", text))
    assert article.text == "Name | Score | Link\nAnn | 3 | a\nBob | x|y\n\nNot | a table\n\nAfter."
    assert article.metadata["links"][0]["text"] == "a"


def test_markdown_html_blocks_are_reduced_to_their_text(write):
    text = (
        "<div class='note'>\n<p>Hello <a href=\"https://h.example\">there</a> &amp; welcome</p>\n<p>Second</p>\n</div>\n\n"
        "<script>\nvar a = 1;\n</script>\n\n<style>p {}</style>\n\nText<br>broken."
    )
    article = import_path(write("h.md", text))
    assert article.text == "Hello there & welcome\nSecond\n\nText\nbroken."
    assert article.metadata["links"][0]["href"] == "https://h.example"


def test_markdown_front_matter_toml_and_unclosed(write):
    article = import_path(write("f.md", "+++\ntitle = 'Toml Title'\ndate = 2024-01-02\n+++\n\n# Heading\n\nBody."))
    assert (article.title, article.metadata["date"], article.text) == ("Toml Title", "2024-01-02", "Heading\n\nBody.")
    article = import_path(write("g.md", "---\nnot closed\n\nBody."))
    assert article.text == "not closed\n\nBody."


def test_markdown_too_deep_nesting_is_noted(write):
    article = import_path(write("d.md", "Intro.\n\n" + ">" * 80 + " deep enough"))
    assert article.text == "Intro.\n\ndeep enough"
    assert article.metadata["notes"] == []
    article = import_path(write("e.md", "Intro.\n\n" + ">" * 300 + " too deep"))
    assert article.text == "Intro."
    assert any("nested too deep" in note for note in article.metadata["notes"])
