"""Markdown files reduced to plain paragraphs: markup out, link URLs kept as metadata.

markdown-it-py (CommonMark, plus GFM tables and strikethrough) parses the file; this module walks its
tokens. Headings, paragraphs, tables and code blocks each become a block of the text (headings are kept
as their own lines); list items (nested ones too) and table rows become lines of one block; code is kept
as text; images are dropped; emphasis and inline HTML tags are removed. Front matter (YAML --- or TOML
+++) gives the title, author and date; footnote markers and bare URLs are handled here (no plugins).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from reader.errors import ImportFailed
from reader.importers.article import ImportedArticle
from reader.importers.assemble import Links, assemble, shorten, tidy_lines, tidy_pre, title_from_text
from reader.importers.decoding import decode, line_ending, normalise

_FRONT_KEY = re.compile(r"^(title|author|date)\s*[:=]\s*(.*?)\s*$", re.I)
_TASK = re.compile(r"^\[[ xX]\][ \t]+")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*", re.M)
_BARE_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]")
# Raw HTML (inline or a block): what is cut, what is a link, what is a line break, what is a tag.
_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.I)
_COMMENT_OPEN = re.compile("<!--")
_HTML_LINK = re.compile(
    r"<a\b[^<>]*?\bhref\s*=\s*(\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]+)[^<>]*>(.{0,2000}?)</a\s*>", re.S | re.I
)
_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# A "<" of the text (not markup) is held as this private-use character until the raw HTML is reduced.
_LT = "\U00100000"
# Literal "<!--" and "<script"/"<style" in text are unclosed ones (CommonMark leaves them as text): like a
# browser, the rest of the paragraph is cut.
_CUT_OPENERS = re.compile(r"<(?!!--|script\b|style\b)", re.I)
_MARKERS = re.compile("[\U000f0000-\U000fffff]")

# markdown-it leaves out blocks nested deeper than this many tokens (a quote is one level, a list and its item
# two): 100 quotes or 50 lists in lists, the value of markdown-it's default preset; ~400 would hit Python's
# recursion limit. The rare file that goes deeper gets a note saying text was left out.
_NESTING = 100
NESTING_NOTE = "Markdown nested too deep (over 50 lists or 100 quotes): the text inside was left out"
# Inline, nesting (links in emphasis in links...) beyond the limit only leaves the markup as text, while the cost
# of link labels grows with the limit (20,000 "[" in a row: 0.1 s at 20, 0.5 s at 100): spans use the
# CommonMark preset's 20, through a second parser (each parser's options are its own, so no shared state).
_INLINE_NESTING = 20


def _parser(nesting: int) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": nesting}).enable(["table", "strikethrough"])
    md.normalizeLink = lambda url: url  # hrefs as written (entities and escapes decoded), not percent-encoded
    md.validateLink = lambda url: True  # nothing is rendered: a javascript: link's text stays, Links drops its href
    return md


_MD = _parser(_NESTING)
_SPANS = _parser(_INLINE_NESTING)


def _inline_rule(state: StateCore) -> None:
    """markdown-it's core "inline" rule, run by the parser with the lower nesting limit."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            _SPANS.inline.parse(token.content, _SPANS, state.env, token.children)


_MD.core.ruler.at("inline", _inline_rule)


def parse(data: bytes, source: Path, where: str) -> ImportedArticle:
    decoded = decode(data, where)
    notes = decoded.notes
    front, body = _front_matter(normalise(decoded.text, notes))
    links = Links()
    walker = _Walker(links, body)
    blocks = walker.blocks()
    if walker.too_deep:
        notes.append(NESTING_NOTE)
    text, link_records = assemble(blocks, links.hrefs, notes)
    if not text.strip():
        raise ImportFailed(where, "the file has no text (only markup or blank space)")
    title = front.get("title") or walker.title or title_from_text(text, source.stem or str(source))
    metadata: dict = {"encoding": decoded.encoding, "links": link_records, "notes": notes}
    metadata["newline"] = line_ending(decoded.text)
    for key in ("author", "date"):
        if front.get(key):
            metadata[key] = front[key]
    return ImportedArticle(shorten(title), text, "md", source, metadata)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML (---) or TOML (+++) front matter: its title/author/date, and the text without it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, text
    fence = lines[0].strip()
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in (fence, "..."):
            found = {}
            for line in lines[1:end]:
                match = _FRONT_KEY.match(line)
                if match:
                    found[match.group(1).lower()] = match.group(2).strip("\"'")
            return found, "\n".join(lines[end + 1 :])
    return {}, text


class _Walker:
    """Turns markdown-it's token stream into text blocks; remembers the title the headings give."""

    def __init__(self, links: Links, text: str) -> None:
        self.links = links
        self.source_lines = text.split("\n")
        self.tokens = _MD.parse(text)
        self.title: str | None = None
        self.too_deep = any(token.level >= _NESTING - 1 for token in self.tokens)

    def blocks(self) -> list[str]:
        out: list[str] = []
        lines: list[str] = []  # lines of the open list or table block
        list_depth = 0
        list_end: int | None = None  # source line where the last (or open) top-level list ends
        first_heading: tuple[str, str] | None = None  # (plain text, block)
        item_starts = False
        row: list[str] = []
        previous = Token("", "", 0)

        def flush() -> None:
            if lines:
                out.append(tidy_lines("\n".join(lines)))
                lines.clear()

        def emit(block: str) -> None:
            flush()
            out.append(block)

        for token in self.tokens:
            kind = token.type
            parent, previous = previous, token
            if kind in ("bullet_list_open", "ordered_list_open"):
                if list_depth == 0:
                    start = token.map[0] if token.map else None
                    # A list right after another (a bullet list then a numbered one, no blank line) is one block.
                    adjacent = start is not None and list_end == start and lines and not self._blank(start - 1)
                    if not adjacent:
                        flush()
                    list_end = token.map[1] if token.map else None
                list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif kind == "list_item_open":
                item_starts = True
            elif kind == "inline" and parent.type == "heading_open":
                text = tidy_lines(self.inline(token.children or [])).replace("\n", " ")
                level = int(parent.tag[1:])
                plain = _MARKERS.sub("", text)
                if level == 1 and self.title is None:
                    self.title = plain
                if first_heading is None:
                    first_heading = (plain, text)
                if list_depth:
                    lines.append(text)
                else:
                    emit(text)
            elif kind == "inline" and parent.type in ("th_open", "td_open"):
                row.append(self.inline(token.children or []))
            elif kind == "inline":
                text = self.inline(token.children or [])
                text = _FOOTNOTE_DEF.sub("", text)
                if list_depth:
                    if item_starts:
                        text = _TASK.sub("", text.lstrip())
                    lines.append(text)
                else:
                    emit(tidy_lines(text))
                item_starts = False
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close":
                cells = [" ".join(cell.split()) for cell in row]
                lines.append(" | ".join(cell for cell in cells if cell))
            elif kind in ("table_open", "table_close") and not list_depth:
                flush()  # a table is a block of its own (inside a list, its rows are lines of the list)
            elif kind in ("fence", "code_block"):
                emit(tidy_pre(token.content.rstrip("\n")))
            elif kind == "html_block":
                text = tidy_lines(html.unescape(self.raw_html(token.content, "")))
                if list_depth:
                    lines.append(text)
                else:
                    emit(text)
        flush()
        if self.title is None and first_heading is not None and out and out[0] == first_heading[1]:
            self.title = first_heading[0]
        return out

    def _blank(self, line: int) -> bool:
        return 0 <= line < len(self.source_lines) and not self.source_lines[line].strip()

    def inline(self, children: list[Token]) -> str:
        """Plain text of an inline token's children, links wrapped in markers, raw HTML reduced."""
        stack: list[tuple[str, list[str]]] = []
        out: list[str] = []
        in_html_link = False
        for child in children:
            kind = child.type
            if kind == "text":
                out.append(self._text(child.content, linkify=not stack and not in_html_link))
            elif kind == "code_inline":
                out.append(child.content.replace("<", _LT))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("\n")
            elif kind == "link_open":
                stack.append((child.attrGet("href") or "", out))
                out = []
            elif kind == "link_close" and stack:
                href, parent = stack.pop()
                anchor = "".join(out)
                wrapped = self.links.wrap(href, anchor)  # the href is kept even when the anchor is empty
                parent.append(wrapped if _MARKERS.sub("", anchor).strip() else anchor)
                out = parent
            elif kind == "html_inline":
                if re.match(r"<a\b", child.content, re.I):
                    in_html_link = True
                elif re.match(r"</a\s*>", child.content, re.I):
                    in_html_link = False
                out.append(child.content)
            # image (alt text dropped), em/strong/s open and close: nothing
        while stack:  # an unclosed link (cannot happen with markdown-it, kept safe)
            _, parent = stack.pop()
            parent.extend(out)
            out = parent
        text = _FOOTNOTE.sub("", "".join(out))
        return self.raw_html(text, _LT)

    def _text(self, text: str, *, linkify: bool) -> str:
        text = _CUT_OPENERS.sub(_LT, text)
        if linkify and "http" in text:
            text = _BARE_URL.sub(lambda m: self.links.wrap(m.group(), m.group()), text)
        return text

    def raw_html(self, text: str, lt: str) -> str:
        """Comments and scripts cut, <a href> kept as links, line-breaking tags to "\\n", other tags out."""
        if "<" in text:
            text = _cut_between(text, _COMMENT_OPEN, lambda m: "-->")
            text = _cut_between(text, _SCRIPT_OPEN, lambda m: f"</{m.group(1).lower()}")
            text = _HTML_LINK.sub(lambda m: self.links.wrap(html.unescape(m.group(1).strip("\"'")), m.group(2)), text)
            text = _BREAK.sub("\n", text)
            text = _TAG.sub("", text)
        return text.replace(lt, "<") if lt else text


def _cut_between(text: str, opener: re.Pattern, closer: Callable[[re.Match], str]) -> str:
    """Remove every opener...closer stretch (comments, scripts) in one linear pass; an unclosed one runs to the end."""
    out = []
    position = 0
    lowered = text.lower()
    while True:
        match = opener.search(text, position)
        if match is None:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position : match.start()])
        close = closer(match)
        end = lowered.find(close, match.end())
        if end < 0:
            return "".join(out)
        gt = text.find(">", end)
        position = len(text) if gt < 0 else gt + 1
