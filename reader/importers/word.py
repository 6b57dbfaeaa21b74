"""Word documents (.docx) via python-docx: body paragraphs and table cells in order, title from core properties.

The body XML is walked directly (not python-docx's paragraph.text) so that tracked insertions, content
controls and hyperlinks keep their text and deleted text stays out; hyperlinks are kept as metadata.
"""

from __future__ import annotations

import html.entities
import zipfile
from io import BytesIO
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from reader.errors import ImportFailed
from reader.importers import sniff
from reader.importers.article import ImportedArticle
from reader.importers.assemble import Links, assemble, shorten, tidy_lines, title_from_text
from reader.importers.decoding import normalise

MAX_UNPACKED = 500_000_000  # bytes: a guard against zip bombs
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SKIP = {"pPr", "rPr", "delText", "instrText", "del", "moveFrom", "drawing", "pict", "object", "AlternateContent",
         "footnoteReference", "endnoteReference", "commentReference", "fldChar", "sectPr", "tblPr", "trPr", "tcPr"}  # fmt: skip


def parse(data: bytes, source: Path, where: str) -> ImportedArticle:
    _check_container(data, where)
    try:
        document = docx.Document(BytesIO(data))
    except ImportFailed:
        raise
    except zipfile.BadZipFile:
        raise ImportFailed(where, "the Word document is damaged (its zip archive is broken)") from None
    except Exception as exc:
        raise ImportFailed(where, f"the Word document is damaged ({_reason(exc)})") from None
    walker = _Walker(_hyperlink_targets(document))
    blocks: list[str] = []
    styles: list[str] = []
    walker.body(document.element.body, blocks, styles)
    notes = walker.notes
    text, link_records = assemble(blocks, walker.links.hrefs, notes)
    if not text.strip():
        raise ImportFailed(where, "the Word document has no text")
    props = document.core_properties
    metadata: dict = {"links": link_records, "notes": notes}
    if props.author and props.author.strip():
        metadata["author"] = props.author.strip()
    if props.created is not None:
        metadata["date"] = props.created.date().isoformat()
    if props.language and props.language.strip():
        metadata["language"] = props.language.strip()
    title = (props.title or "").strip() or _styled_title(blocks, styles) or title_from_text(text, source.stem)
    return ImportedArticle(shorten(title), text, "docx", source, metadata)


def _check_container(data: bytes, where: str) -> None:
    if data[:4] != b"PK\x03\x04":
        kind = sniff.magic_kind(data)
        if kind == "password-protected Office document":
            raise ImportFailed(
                where, "the Word document is password-protected; open it in Word and save an unprotected copy"
            )
        if kind == "old Microsoft Office document":
            raise ImportFailed(
                where, "this is an old Word .doc file, not .docx; save it as .docx in Word or LibreOffice"
            )
        raise ImportFailed(
            where, f"not a Word document ({'this is ' + sniff.with_article(kind) if kind else 'not a zip archive'})"
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFailed(where, "the Word document is damaged (its zip archive is broken)") from None
    if "word/document.xml" not in names:
        kind = sniff.zip_kind(data)
        raise ImportFailed(where, f"not a Word document (this is {sniff.with_article(kind)})")
    if sum(info.file_size for info in infos) > MAX_UNPACKED or len(infos) > 10_000:
        raise ImportFailed(where, "the Word document is too large when unpacked (it may be a zip bomb)")


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return "a part is missing"
    return type(exc).__name__


def _hyperlink_targets(document) -> dict[str, str]:
    targets = {}
    for rel_id, rel in document.part.rels.items():
        if rel.reltype == RT.HYPERLINK:
            targets[rel_id] = rel.target_ref
    return targets


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Walker:
    """Walks WordprocessingML: paragraphs, tables, runs, hyperlinks, breaks; deleted text left out."""

    def __init__(self, rels: dict[str, str]) -> None:
        self.rels = rels
        self.links = Links()
        self.notes: list[str] = []

    def body(self, container, blocks: list[str], styles: list[str]) -> None:
        for child in container:
            tag = _local(child)
            if tag == "p":
                blocks.append(tidy_lines(self.runs(child)))
                styles.append(_style(child))
            elif tag == "tbl":
                self.table(child, blocks, styles)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                self.body(child, blocks, styles)

    def table(self, table, blocks: list[str], styles: list[str]) -> None:
        rows = [row for row in table if _local(row) == "tr"]
        width = max((sum(1 for c in row if _local(c) == "tc") for row in rows), default=0)
        if width <= 1:  # a one-column table is layout: its paragraphs are the text
            for row in rows:
                for cell in row:
                    if _local(cell) == "tc":
                        self.body(cell, blocks, styles)
            return
        lines = []
        for row in rows:
            cells = []
            for cell in row:
                if _local(cell) != "tc":
                    continue
                inner: list[str] = []
                self.body(cell, inner, [])
                text = " ".join(line.replace("\n", " ") for line in inner if line.strip())
                if text:
                    cells.append(text)
            lines.append(" | ".join(cells))
        blocks.append(tidy_lines("\n".join(lines)))
        styles.append("Table")

    def runs(self, el) -> str:
        parts: list[str] = []
        for child in el:
            tag = _local(child)
            if tag in _SKIP:
                continue
            if tag == "t":
                parts.append(normalise(self.text_of(child), self.notes))
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag == "hyperlink":
                href = self.rels.get(child.get(_R_ID) or "", "")
                if not href and child.get(f"{_W}anchor"):
                    href = "#" + child.get(f"{_W}anchor")
                anchor = self.runs(child)
                parts.append(self.links.wrap(href, anchor) if href else anchor)
            else:
                parts.append(self.runs(child))
        return "".join(parts)

    def text_of(self, t) -> str:
        """A w:t's text. Entities are not expanded by the parser (no XML bombs): a reference stays a child
        node with the text after it as its tail, which reading only .text dropped."""
        parts = [t.text or ""]
        for sub in t:
            if isinstance(sub, etree._Entity):
                name = sub.name
                known = html.entities.html5.get(f"{name};")
                parts.append(known if known is not None else f"&{name};")
                if known is None:
                    self.notes.append(f"kept the entity reference &{name}; as it is (it is not defined)")
            parts.append(sub.tail or "")
        return "".join(parts)


def _style(paragraph) -> str:
    found = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return found.get(f"{_W}val", "") if found is not None else ""


def _styled_title(blocks: list[str], styles: list[str]) -> str | None:
    for wanted in ("Title", "Heading1"):
        for block, style in zip(blocks, styles, strict=False):
            if style == wanted and block.strip():
                return _plain(block)
    return None


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ord(ch) < 0xF0000).strip()
