"""The record every importer returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ImportedArticle:
    """One article read from a file.

    text: the article's main text. Lines end with "\\n"; paragraphs (and headings, lists, tables, code
    blocks) are separated by one blank line ("\\n\\n"); a single "\\n" inside a paragraph is a hard line
    break (list items, table rows, <br>, lines of a plain-text file or code block). Table cells are joined
    with " | ". No leading or trailing blank lines, no trailing spaces on lines, no control characters other
    than "\\n" and "\\t" (tabs survive only in plain text and code blocks; elsewhere spaces are collapsed).

    metadata (JSON-serialisable), always present: "links" (list of {"href", "text", "offset"}, offset the
    anchor's code-point offset in text or None when it is not in the text) and "notes" (list of short
    sentences about repairs made: NULs removed, mojibake repaired, format sniffed...). Depending on the
    format: "encoding", "author", "date", "sitename", "description", "pages", "language".
    """

    title: str
    text: str
    format: str
    source_path: Path
    metadata: dict = field(default_factory=dict)
