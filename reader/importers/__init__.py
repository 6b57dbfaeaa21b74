"""Importers: a file (or bytes) -> ImportedArticle, for txt, md, html, pdf and docx.

Every failure raises reader.errors.ImportFailed(path, "short reason"), one line, never a traceback.
Nothing remote is ever fetched: web pages are read from the bytes given, with no URL.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reader.errors import ImportFailed
from reader.importers import files, sniff
from reader.importers.article import ImportedArticle

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "MAX_TEXT_CHARS",
    "SUFFIXES",
    "ImportedArticle",
    "import_bytes",
    "import_path",
    "read_limited",
    "text_too_long",
]

DEFAULT_MAX_BYTES = 50_000_000
# The text one article may hold. Correcting keeps ~60 bytes of edits per character of heavily
# spun text (1,250 bytes an edit, an edit every 22 characters) beside the engine's own ~230 MB
# for a 1-million-character piece (engine v2): 8 million characters (about 1.4 million words)
# stay under 1 GB; the 50 MB a file may weigh would need 3 GB or more (bench/big_article.py).
MAX_TEXT_CHARS = 8_000_000

SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
FORMATS = ("txt", "md", "html", "pdf", "docx")

# Format modules load on first use: trafilatura, pypdf, python-docx and wordfreq cost ~0.7 s to import.
_MODULES = {"txt": "txt", "md": "markdown", "html": "webpage", "pdf": "pdf", "docx": "word"}
_LABELS = {"txt": "text file", "md": "Markdown file", "html": "web page", "pdf": "PDF", "docx": "Word document"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S
)


def import_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportedArticle:
    """Read the article in the file at `path`; the format comes from the suffix, else from the content."""
    where = _display(str(path))
    source = Path(path)
    data = files.read_file(source, where, max_bytes)
    return _parse(data, SUFFIXES.get(source.suffix.lower()), source, where)


def import_bytes(data: bytes, fmt: str, *, name: str = "-", max_bytes: int = DEFAULT_MAX_BYTES) -> ImportedArticle:
    """Read an article from bytes (standard input): `fmt` is one of FORMATS, a suffix like ".html", or "auto"."""
    name = _display(name)
    key = (fmt or "auto").strip().lower()
    if key in ("auto", "-"):
        chosen = None
    else:
        chosen = SUFFIXES.get(key if key.startswith(".") else "." + key, key if key in FORMATS else None)
        if chosen is None:
            raise ImportFailed(name, f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if len(data) > max_bytes:
        raise files.too_large(name, len(data), max_bytes)
    return _parse(bytes(data), chosen, Path(name), name)


def text_too_long(where: str, chars: int) -> ImportFailed:
    return ImportFailed(
        where,
        f"its text is {chars:,} characters, over the {MAX_TEXT_CHARS:,} one article may hold "
        "(correcting more would need over 1 GB of memory); split it into smaller files",
    )


def read_limited(stream: BinaryIO, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a stream (standard input) up to max_bytes, failing as soon as it goes over, not after."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(1 << 20, max_bytes + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise ImportFailed(_display(where), f"more than the {files.human_size(max_bytes)} limit")
    return b"".join(parts)


def _parse(data: bytes, fmt: str | None, source: Path, where: str) -> ImportedArticle:
    if not data:
        raise ImportFailed(where, "the file is empty")
    notes: list[str] = []
    actual = _container_format(data)
    if actual and actual != fmt:
        if fmt is not None:
            notes.append(f"the file is really a {_LABELS[actual]}; read it as one")
        fmt = actual
    if fmt is None:
        fmt = "html" if _HTML_START.match(data[:4096]) else "txt"
        notes.append(f"no known file suffix; read it as a {_LABELS[fmt]}")
    try:
        article = _parser(fmt)(data, source, where)
    except ImportFailed:
        raise
    except RecursionError:
        raise ImportFailed(where, f"this {_LABELS[fmt]} is nested too deeply to read") from None
    except MemoryError:
        raise ImportFailed(where, f"not enough memory to read this {_LABELS[fmt]}") from None
    except Exception as exc:  # a parser bug or a file no parser foresaw: still one line, never a traceback
        raise ImportFailed(where, f"could not read this {_LABELS[fmt]} ({type(exc).__name__})") from None
    if len(article.text) > MAX_TEXT_CHARS:
        raise text_too_long(where, len(article.text))
    if notes:
        article.metadata["notes"][:0] = notes
    return article


def _display(name: str) -> str:
    """The name as shown in a message: control characters (a newline in a file name) escaped, so one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], name)


def _parser(fmt: str) -> Callable[[bytes, Path, str], ImportedArticle]:
    return importlib.import_module(f"reader.importers.{_MODULES[fmt]}").parse


def _container_format(data: bytes) -> str | None:
    """'pdf' or 'docx' when the bytes are one, whatever the suffix says."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04" and sniff.zip_kind(data) == "Word document":
        return "docx"
    return None
