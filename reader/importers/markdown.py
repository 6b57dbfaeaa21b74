"""Markdown files reduced to plain paragraphs: markup out, link URLs kept as metadata.

A small block parser (front matter, ATX and setext headings, fences, indented code, quotes, lists, tables,
reference definitions, HTML comments) and an inline reducer (code spans, escapes, images, inline /
reference / HTML / auto links, emphasis, tags, entities). Headings, list items and table rows become
plain lines; code is kept as text; images are dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from reader.errors import ImportFailed
from reader.importers.article import ImportedArticle
from reader.importers.assemble import Links, assemble, shorten, tidy_lines, tidy_pre, title_from_text
from reader.importers.decoding import decode, line_ending, normalise

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ ]?")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_TASK = re.compile(r"^\[[ xX]\][ \t]+")
_REFDEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:[ \t]*")
_FRONT_KEY = re.compile(r"^(title|author|date)\s*[:=]\s*(.*?)\s*$", re.I)

# Inline constructs.
_PLACEHOLDER = 0x100000  # supplementary private use: never in the (normalised) input
_PLACEHOLDERS = re.compile("[\U00100000-\U0010fffd]")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.I)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+)>", re.I)
_AUTOMAIL = re.compile(r"<([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_TEXT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"
_DEST = r"\(\s*(?:<([^<>\n]*)>|((?:[^\s()]|\([^\s()]*\))*))(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
_IMAGE = re.compile(r"!\[" + _TEXT + r"\](?:" + _DEST + r"|\[[^\]]*\])?")
_LINK = re.compile(r"\[" + _TEXT + r"\]" + _DEST)
_REFLINK = re.compile(r"\[" + _TEXT + r"\]\[([^\]]*)\]")
_SHORTCUT = re.compile(r"\[" + _TEXT + r"\](?![(:\[])")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_HTML_LINK = re.compile(
    r"<a\b[^<>]*?\bhref\s*=\s*(\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]+)[^<>]*>(.{0,2000}?)</a\s*>", re.S | re.I
)
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BARE_URL = re.compile(r"(?<![\U000f0000-\U000f7fff\w])https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]")
# Emphasis content may not contain its own delimiter character: that keeps every pattern linear-time
# (".+?" would rescan the rest of the paragraph from every unmatched "*"); nesting is undone by repeating.
_EMPHASIS = [
    re.compile(r"\*\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*\*"),
    re.compile(r"(?<!\w)__(?=[^\s_])([^_]+?)(?<=[^\s_])__(?!\w)"),
    re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![\w_])"),
    re.compile(r"~~(?=[^\s~])([^~]+?)(?<=[^\s~])~~"),
]


def parse(data: bytes, source: Path, where: str) -> ImportedArticle:
    decoded = decode(data, where)
    notes = decoded.notes
    front, body = _front_matter(normalise(decoded.text, notes))
    links = Links()
    reducer = _Reducer(links, body)
    blocks = reducer.blocks()
    text, link_records = assemble(blocks, links.hrefs, notes)
    if not text.strip():
        raise ImportFailed(where, "the file has no text (only markup or blank space)")
    title = front.get("title") or reducer.title or title_from_text(text, source.stem or str(source))
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


class _Reducer:
    def __init__(self, links: Links, text: str) -> None:
        self.links = links
        self.refs: dict[str, str] = {}
        self.title: str | None = None
        self._first_heading: str | None = None
        self._first_heading_block: str | None = None
        self.lines = self._collect_refs(text.split("\n"))

    def _collect_refs(self, lines: list[str]) -> list[str]:
        kept = []
        in_fence = None
        for line in lines:
            fence = _FENCE.match(line)
            if fence and (in_fence is None or fence.group(1)[0] == in_fence):
                in_fence = None if in_fence else fence.group(1)[0]
            match = None if in_fence else _REFDEF.match(line)
            if match:
                self.refs.setdefault(_label(match.group(1)), match.group(2))
            else:
                kept.append(line)
        return kept

    def blocks(self) -> list[str]:
        out: list[str] = []
        para: list[str] = []
        items: list[str] = []
        lines = self.lines
        i = 0

        def flush() -> None:
            if para:
                out.append(tidy_lines(self.inline(_join_paragraph(para))))
                para.clear()
            if items:
                out.append(tidy_lines("\n".join(self.inline(item) for item in items)))
                items.clear()

        while i < len(lines):
            line = _strip_quote(lines[i])
            i += 1
            fence = _FENCE.match(line)
            if fence:
                flush()
                mark = fence.group(1)
                code = []
                while i < len(lines):
                    inner = _strip_quote(lines[i])
                    i += 1
                    if inner.strip().startswith(mark[0] * len(mark)) and not inner.strip().strip(mark[0]):
                        break
                    code.append(inner)
                out.append(tidy_pre("\n".join(code)))
                continue
            if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
                before = line.split("<!--", 1)[0]
                while i < len(lines) and "-->" not in lines[i]:
                    i += 1
                after = lines[i].split("-->", 1)[1] if i < len(lines) else ""
                i += 1
                line = before + " " + after
            if not line.strip():
                if items and i < len(lines) and (_ITEM.match(lines[i]) or lines[i].startswith("  ")):
                    continue  # a loose list goes on
                flush()
                continue
            atx = _ATX.match(line)
            if atx:
                flush()
                self._heading(atx.group(2) or "", level=len(atx.group(1)), out=out)
                continue
            setext = _SETEXT.match(line)
            if setext and para and not items:
                heading = " ".join(p.strip() for p in para)
                para.clear()
                self._heading(heading, level=1 if setext.group(1)[0] == "=" else 2, out=out)
                continue
            if _HR.match(line):
                flush()
                continue
            item = _ITEM.match(line)
            if item and para and not _can_interrupt(line):
                item = None  # "1999. The year..." inside a paragraph is text, not a list
            if item:
                if para:
                    flush()
                items.append(_TASK.sub("", (item.group(2) or "").strip()))
                continue
            if items:
                if line.startswith((" ", "\t")) and items[-1] and i >= 2 and lines[i - 2].strip():
                    items[-1] += " " + line.strip()  # continuation of the item
                elif line.startswith((" ", "\t")):
                    items.append(line.strip())  # a further paragraph of a loose item
                else:
                    items[-1] += " " + line.strip()  # lazy continuation
                continue
            if not para and (line.startswith("    ") or line.startswith("\t")):
                code = [line]
                while i < len(lines) and (lines[i].startswith(("    ", "\t")) or not lines[i].strip()):
                    code.append(lines[i])
                    i += 1
                out.append(tidy_pre("\n".join(_dedent(c) for c in code)))
                continue
            if "|" in line and not para and i < len(lines) and _TABLE_RULE.match(lines[i]) and "-" in lines[i]:
                rows = [line]
                i += 1
                while i < len(lines) and "|" in lines[i] and lines[i].strip():
                    rows.append(lines[i])
                    i += 1
                out.append(tidy_lines("\n".join(self._row(row) for row in rows)))
                continue
            para.append(_FOOTNOTE_DEF.sub("", line))
        flush()
        if self.title is None and self._first_heading_block is not None and out and out[0] == self._first_heading_block:
            self.title = self._first_heading
        return out

    def _heading(self, raw: str, *, level: int, out: list[str]) -> None:
        text = tidy_lines(self.inline(raw)).replace("\n", " ")
        if level == 1 and self.title is None:
            self.title = _plain(text)
        if self._first_heading is None:
            self._first_heading = _plain(text)
            self._first_heading_block = text
        out.append(text)

    def _row(self, row: str) -> str:
        cells = [c.strip() for c in _CELL_SPLIT.split(row.strip())]
        if cells and cells[0] == "":
            cells = cells[1:]
        if cells and cells[-1] == "":
            cells = cells[:-1]
        return " | ".join(self.inline(c) for c in cells if c)

    def inline(self, text: str) -> str:
        stash: list[str] = []

        def keep(value: str) -> str:
            stash.append(value)
            return chr(_PLACEHOLDER + len(stash) - 1)

        def restore(value: str) -> str:
            return _PLACEHOLDERS.sub(lambda m: stash[ord(m.group()) - _PLACEHOLDER], value)

        wrap: Callable[[str, str], str] = lambda href, anchor: self.links.wrap(restore(href), anchor)  # noqa: E731

        text = _CODE_SPAN.sub(lambda m: keep(" ".join(m.group(2).split()) or m.group(2)), text)
        text = _ESCAPE.sub(lambda m: keep(m.group(1)), text)
        text = _cut_between(text, re.compile("<!--"), lambda m: "-->")
        text = _cut_between(text, _SCRIPT_OPEN, lambda m: f"</{m.group(1).lower()}")
        text = _AUTOLINK.sub(lambda m: wrap(m.group(1), keep(m.group(1))), text)
        text = _AUTOMAIL.sub(lambda m: wrap("mailto:" + m.group(1), keep(m.group(1))), text)
        text = _IMAGE.sub("", text)
        text = _LINK.sub(lambda m: wrap(m.group(2) if m.group(2) is not None else m.group(3), m.group(1)), text)
        text = _REFLINK.sub(self._reference, text)
        text = _SHORTCUT.sub(self._reference, text)
        text = _FOOTNOTE.sub("", text)
        text = _HTML_LINK.sub(lambda m: wrap(html.unescape(m.group(1).strip("\"'")), m.group(2)), text)
        text = _BR.sub("\n", text)
        text = _TAG.sub("", text)
        text = _BARE_URL.sub(lambda m: wrap(m.group(), keep(m.group())), text)
        for _ in range(3):
            before = text
            for pattern in _EMPHASIS:
                text = pattern.sub(r"\1", text)
            if text == before:
                break
        text = html.unescape(text)
        return restore(text)

    def _reference(self, match: re.Match) -> str:
        anchor = match.group(1)
        label = match.group(2) if match.re is _REFLINK and match.group(2) else anchor
        href = self.refs.get(_label(label))
        if href is None:
            return match.group()
        return self.links.wrap(href, anchor)


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


def _can_interrupt(line: str) -> bool:
    """CommonMark: a list interrupts a paragraph only with a bullet or "1." and some text."""
    stripped = line.strip()
    return bool(re.match(r"([-*+]|1[.)])[ \t]+\S", stripped))


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _strip_quote(line: str) -> str:
    while _QUOTE.match(line):
        line = _QUOTE.sub("", line, count=1)
    return line


def _dedent(line: str) -> str:
    if line.startswith("\t"):
        return line[1:]
    return line[4:] if line.startswith("    ") else line.lstrip(" ")


def _join_paragraph(lines: list[str]) -> str:
    """Soft line breaks become spaces; hard ones (two trailing spaces or a backslash) stay line breaks."""
    parts = []
    for n, line in enumerate(lines):
        last = n == len(lines) - 1
        if not last and line.endswith("\\"):
            parts.append(line[:-1].rstrip() + "\n")
        elif not last and line.endswith("  "):
            parts.append(line.rstrip() + "\n")
        else:
            parts.append(line.strip() + ("" if last else " "))
    return "".join(parts)


def _plain(text: str) -> str:
    return re.sub("[\U000f0000-\U000fffff]", "", text)
