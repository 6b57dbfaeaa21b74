"""Plain text files."""

from __future__ import annotations

from pathlib import Path

from reader.errors import ImportFailed
from reader.importers.article import ImportedArticle
from reader.importers.assemble import MOJIBAKE_NOTE, bare_urls, plain_paragraphs, title_from_text
from reader.importers.decoding import decode, line_ending, normalise, repair_mojibake


def parse(data: bytes, source: Path, where: str) -> ImportedArticle:
    decoded = decode(data, where)
    notes = decoded.notes
    text = plain_paragraphs(normalise(decoded.text, notes))
    repaired = repair_mojibake(text)
    if repaired != text:
        notes.append(MOJIBAKE_NOTE)
        text = plain_paragraphs(repaired)
    if not text.strip():
        raise ImportFailed(where, "the file has no text (only blank space)")
    metadata = {"encoding": decoded.encoding, "links": bare_urls(text), "notes": notes}
    metadata["newline"] = line_ending(decoded.text)
    return ImportedArticle(title_from_text(text, source.stem or str(source)), text, "txt", source, metadata)
