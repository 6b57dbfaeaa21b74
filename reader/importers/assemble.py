"""Building the article text from blocks, with link anchors located exactly.

Text convention (all formats): lines end with "\\n"; paragraphs (and headings, list blocks, table blocks,
code blocks) are separated by one blank line ("\\n\\n"); a single "\\n" inside a paragraph is a hard line
break (list items, table rows, <br>, lines of a code block).

Link anchors are wrapped in private-use marker characters while the text is built (start: U+F0000 + i,
end: U+F8000 + i for the i-th link), so whitespace tidying and block dropping cannot misplace them; the
final pass removes the markers and records each anchor's offset in the finished text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.importers.decoding import repair_mojibake

_START = 0xF0000
_END = 0xF8000
_LIMIT = 0x8000  # links beyond this many keep their href but get no offset
_MARKERS = "[\U000f0000-\U000fffff]"
_STARTS = "[\U000f0000-\U000f7fff]"
_ENDS = "[\U000f8000-\U000fffff]"

_SPACE_THEN_END = re.compile(rf"([ \t]+)({_ENDS}+)")
_START_THEN_SPACE = re.compile(rf"({_STARTS}+)([ \t]+)")
_HSPACE = re.compile(r"[^\S\n]+")
_URL = re.compile(r"\bhttps?://[^\s<>\"'`\]\[)(]+[^\s<>\"'`\]\[)(.,;:!?]")
_BLANKS = re.compile(r"\n{3,}")
MOJIBAKE_NOTE = "repaired mis-decoded characters (mojibake)"


def start_marker(index: int) -> str:
    return chr(_START + index) if index < _LIMIT else ""


def end_marker(index: int) -> str:
    return chr(_END + index) if index < _LIMIT else ""


@dataclass
class Links:
    """The links met while building a text, in document order."""

    hrefs: list[str] = field(default_factory=list)

    def wrap(self, href: str, anchor: str) -> str:
        """Return `anchor` wrapped in this new link's markers (same-page and script links are not kept)."""
        if not href.strip() or href.strip().startswith("#") or href.strip().lower().startswith("javascript:"):
            return anchor
        index = len(self.hrefs)
        self.hrefs.append(href.strip())
        return start_marker(index) + anchor + end_marker(index)


def tidy_inline(text: str) -> str:
    """Collapse all whitespace (newlines too) to single spaces, as HTML and Markdown paragraphs do."""
    return tidy_lines(re.sub(r"\s+", " ", text))


def tidy_lines(text: str) -> str:
    """Collapse spaces inside each line, trim lines, drop empty ones: for blocks whose \\n are real breaks."""
    text = _hug_markers(text)
    lines = (_HSPACE.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if _visible(line))


def tidy_pre(text: str) -> str:
    """Keep a preformatted block's lines and indentation; trim trailing spaces and outer blank lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not _visible(lines[0]):
        lines.pop(0)
    while lines and not _visible(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def _hug_markers(text: str) -> str:
    # Start markers go right past spaces and end markers left past them, so anchors hold no outer spaces.
    text = _START_THEN_SPACE.sub(r"\2\1", text)
    return _SPACE_THEN_END.sub(r"\2\1", text)


def _visible(text: str) -> bool:
    return bool(re.sub(_MARKERS, "", text).strip())


def assemble(blocks: list[str], hrefs: list[str], notes: list[str] | None = None) -> tuple[str, list[dict]]:
    """Join blocks with blank lines, strip link markers, repair mojibake; return text and link records.

    Each link record is {"href", "text", "offset"}; offset is None when the anchor text did not survive
    (an image-only link, a dropped block).
    """
    joined = "\n\n".join(b for b in blocks if _visible(b))
    joined = _BLANKS.sub("\n\n", joined).strip("\n")
    plain: list[str] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    size = 0
    for piece in re.split(f"({_MARKERS})", joined):
        if len(piece) == 1 and _START <= ord(piece) < _END + _LIMIT:
            code = ord(piece)
            if code < _END:
                starts[code - _START] = size
            else:
                ends[code - _END] = size
            continue
        plain.append(piece)
        size += len(piece)
    text = "".join(plain)
    spans = {i: (starts[i], ends[i]) for i in starts if i in ends and ends[i] > starts[i]}
    text, spans = _repair_segments(text, spans, notes)
    links = []
    for i, href in enumerate(hrefs):
        if i in spans:
            begin, end = spans[i]
            links.append({"href": href, "text": text[begin:end], "offset": begin})
        else:
            links.append({"href": href, "text": "", "offset": None})
    links.sort(key=lambda link: (link["offset"] is None, link["offset"] or 0))
    return text, links


def _repair_segments(
    text: str, spans: dict[int, tuple[int, int]], notes: list[str] | None
) -> tuple[str, dict[int, tuple[int, int]]]:
    """Repair mojibake piece by piece between link boundaries so the anchor offsets stay exact."""
    if repair_mojibake(text) == text:
        return text, spans
    if notes is not None:
        notes.append(MOJIBAKE_NOTE)
    cuts = sorted({0, len(text), *(p for span in spans.values() for p in span)})
    moved: dict[int, int] = {}
    out: list[str] = []
    size = 0
    for begin, end in zip(cuts, cuts[1:], strict=False):
        moved[begin] = size
        piece = repair_mojibake(text[begin:end])
        out.append(piece)
        size += len(piece)
    moved[len(text)] = size
    return "".join(out), {i: (moved[b], moved[e]) for i, (b, e) in spans.items()}


def bare_urls(text: str) -> list[dict]:
    """Links written out as plain URLs in the text (for formats without markup)."""
    return [{"href": m.group(), "text": m.group(), "offset": m.start()} for m in _URL.finditer(text)]


def plain_paragraphs(text: str) -> str:
    """Tidy a plain text: trailing spaces off, runs of blank lines to one, outer blank lines off."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip("\n")


def title_from_text(text: str, fallback: str) -> str:
    """The first line of the text, shortened to a title, or the fallback (the file name) when there is none.

    A spam site's keyword line above the copied headline ("chinese women dating" over "My Friend Is
    a Mail-Order Bride") is skipped: a few lower-case words, then a capitalised line of three or more.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.strip().lstrip("#").split())
        if line:
            lines.append(line)
            if len(lines) == 2:
                break
    if len(lines) == 2 and _pasted_keywords(lines[0]) and lines[1][:1].isupper() and len(lines[1].split()) >= 3:
        lines.pop(0)
    return shorten(lines[0]) if lines else fallback


def _pasted_keywords(line: str) -> bool:
    return len(line.split()) <= 5 and line == line.lower() and all(w.isalpha() for w in line.split())


def shorten(title: str, limit: int = 120) -> str:
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] or title[:limit]
    return cut.rstrip(" ,;:-") + "…"
