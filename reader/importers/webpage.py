"""Saved web pages: the main text via trafilatura (no network, no URL), plain lxml text as the fallback.

Scripts, styles, navigation, footers and cookie banners are left out; links inside the article are kept as
metadata with their anchor text and its offset, so injected keyword anchors can be flagged.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura

from reader.errors import ImportFailed
from reader.importers import sniff
from reader.importers.article import ImportedArticle
from reader.importers.assemble import Links, assemble, shorten, tidy_inline, tidy_lines, tidy_pre, title_from_text
from reader.importers.decoding import decode, normalise
from reader.importers.quiet import quiet

_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.I)
_SPACE = re.compile(r"\s+")

# Elements the fallback drops with their content: code, media, page furniture, forms.
_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "video", "audio",
    "nav", "footer", "header", "aside", "form", "button", "select", "textarea", "head", "dialog", "menu",
)  # fmt: skip
_FURNITURE = re.compile(r"cookie|consent|gdpr|banner|popup|modal|newsletter|share|social|sidebar|breadcrumb", re.I)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul",
    "ol", "dl", "table", "figure", "figcaption", "address", "hr", "center", "details", "summary", "body",
}  # fmt: skip
_LINE_TAGS = {"li", "tr", "dt", "dd", "caption"}
SHORT = 250  # characters: below this trafilatura's own minimum, its result is not a main-text extraction
FAST_ABOVE = 1_000_000  # characters: bigger pages skip trafilatura's second-opinion extractors (time grows fast)
FALLBACK_NOTE = "little main text found; kept the page's visible text without menus, headers and footers"
_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


def parse(data: bytes, source: Path, where: str) -> ImportedArticle:
    kind = sniff.magic_kind(data)
    if kind:
        raise ImportFailed(where, f"this is a binary file ({kind}), not a web page")
    decoded = decode(data, where, what="a web page", declared=_declared_charset(data))
    notes = decoded.notes
    page = _XML_DECL.sub("", normalise(decoded.text, notes), count=1)
    links = Links()
    document = _trafilatura(page)
    blocks: list[str] = []
    if document is not None and document.body is not None:
        blocks = _tei_blocks(document.body, links)
    if _visible_length(blocks) < SHORT:
        # trafilatura found nothing, or so little that it fell back on taking all text (menus included):
        # the page's visible text without menus, headers, footers and banners is the better reading.
        links = Links()
        blocks = _fallback_blocks(page, links)
        if _visible_length(blocks):
            notes.append(FALLBACK_NOTE)
    text, link_records = assemble(blocks, links.hrefs, notes)
    if not text.strip():
        raise ImportFailed(where, "no article text found")
    metadata: dict = {"encoding": decoded.encoding, "links": link_records, "notes": notes}
    title = _choose_title(document.title if document is not None else None, page)
    if document is not None:
        for key in ("author", "date", "sitename", "description", "language"):
            value = getattr(document, key, None)
            if isinstance(value, str) and value.strip():
                metadata[key] = value.strip()
    title = title or title_from_text(text, source.stem or str(source))
    return ImportedArticle(shorten(title), text, "html", source, metadata)


def _visible_length(blocks: list[str]) -> int:
    return sum(len(block.strip()) for block in blocks)


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _DECLARED.search(head)
    return match.group(1).decode("ascii") if match else None


def _trafilatura(page: str):
    """trafilatura's extraction of the article, or None. Given a string and no URL: nothing is fetched."""
    try:
        with quiet(*_LOGGERS):
            return trafilatura.bare_extraction(
                page,
                url=None,
                fast=len(page) > FAST_ABOVE,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=True,
                with_metadata=True,
                deduplicate=False,
                date_extraction_params={
                    "original_date": True,
                    "extensive_search": False,
                    "max_date": datetime.now().strftime("%Y-%m-%d"),
                },
            )
    except Exception:  # trafilatura has many failure modes on broken pages; the fallback handles those
        return None


# --- trafilatura's XML (TEI-like) body: head, p, list/item, quote, table/row/cell, code, ref, hi, lb ---------


def _tei_blocks(body, links: Links) -> list[str]:
    blocks: list[str] = []
    if body.text and body.text.strip():
        blocks.append(tidy_inline(body.text))
    for child in body:
        _tei_block(child, blocks, links)
        if child.tail and child.tail.strip():
            blocks.append(tidy_inline(child.tail))
    return blocks


def _tei_block(el, blocks: list[str], links: Links) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "list":
        blocks.append(tidy_lines("\n".join(_tei_list_lines(el, links))))
    elif tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = [tidy_inline(_tei_inline(cell, links)) for cell in row if cell.tag == "cell"]
            rows.append(" | ".join(c for c in cells if c))
        blocks.append(tidy_lines("\n".join(rows)))
    elif tag == "code":
        blocks.append(tidy_pre("".join(el.itertext())))
    elif tag == "graphic" or not tag:
        return
    elif tag not in ("p", "head") and any(
        isinstance(c.tag, str) and c.tag in ("p", "list", "table", "quote", "head") for c in el
    ):
        blocks.extend(_tei_blocks(el, links))  # a quote or division holding paragraphs
    else:
        blocks.append(tidy_lines(_tei_inline(el, links)))


def _tei_list_lines(el, links: Links) -> list[str]:
    lines = []
    for item in el:
        if item.tag != "item":
            continue
        lines.append(_tei_inline(item, links, skip=("list",)).replace("\n", " "))
        for nested in item.iter("list"):
            if nested is not item:
                lines.extend(_tei_list_lines(nested, links))
                break
    return lines


def _tei_inline(el, links: Links, skip: tuple[str, ...] = ()) -> str:
    parts = [_space(el.text)]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append("\n")
        elif tag == "ref":
            parts.append(links.wrap(child.get("target") or "", _tei_inline(child, links)))
        elif tag in skip or tag == "graphic" or not tag:
            pass
        else:
            parts.append(_tei_inline(child, links, skip))
        parts.append(_space(child.tail))
    return "".join(parts)


def _space(text: str | None) -> str:
    return _SPACE.sub(" ", text) if text else ""


# --- fallback: every visible text of the page, in blocks ----------------------------------------------------


def _parse_html(page: str):
    try:
        # huge_tree: past libxml2's 256-level nesting limit (some generated pages); one parser per call
        return lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError):
        return None


def _fallback_blocks(page: str, links: Links) -> list[str]:
    root = _parse_html(page)
    if root is None:
        return []
    for el in list(root.iter(*_DROP, lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter()):
        marks = f"{el.get('id', '')} {el.get('class', '')}" if isinstance(el.tag, str) else ""
        if marks.strip() and _FURNITURE.search(marks) and el.tag not in ("body", "html"):
            _remove(el)
    body = root.find("body")
    parts: list[str] = []
    _flatten(body if body is not None else root, parts, links)
    text = "".join(parts)
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        pre = block.startswith("\x02")
        blocks.append(tidy_pre(block.strip("\x02")) if pre else tidy_lines(block))
    return blocks


def _remove(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _flatten(el, parts: list[str], links: Links, pre: bool = False) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _BLOCK_TAGS:
        parts.append("\n\n\x02" if tag == "pre" else "\n\n")
    elif tag in _LINE_TAGS:
        parts.append("\n")  # a line starts here; the enclosing block ends the last one
    elif tag in ("td", "th"):
        parts.append(" ")
    elif tag == "br":
        parts.append("\n")
    pre = pre or tag == "pre"
    inner: list[str] = [el.text if pre else _space(el.text)] if el.text else []
    for child in el:
        _flatten(child, inner, links, pre)
        if child.tail:
            inner.append(child.tail if pre else _space(child.tail))
    content = "".join(inner)
    if tag == "a" and el.get("href") and content.strip():
        content = links.wrap(el.get("href"), content)
    elif tag == "img":
        content = ""
    parts.append(content)
    if tag in _BLOCK_TAGS:
        parts.append("\n\n")


def _choose_title(extracted: str | None, page: str) -> str | None:
    """og:title, else trafilatura's title when it is part of <title> (site name trimmed), else <title>."""
    og, head = _page_titles(page)
    if og:
        return og
    if extracted and (not head or extracted in head):
        return extracted
    return head or extracted


def _page_titles(page: str) -> tuple[str | None, str | None]:
    root = _parse_html(page)
    if root is None:
        return None, None
    found: list[str | None] = []
    for xpath in ('//meta[@property="og:title"]/@content', "//title"):
        texts = [t if isinstance(t, str) else t.text_content() for t in root.xpath(xpath)]
        found.append(next((" ".join(t.split()) for t in texts if t and t.strip()), None))
    return found[0], found[1]
