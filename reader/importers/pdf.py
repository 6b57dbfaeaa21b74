"""PDF files via pypdf: text with wrapped lines rejoined into paragraphs and line-end hyphenation undone.

pypdf runs in a worker thread with a deadline, every parser exception becomes ImportFailed, and the page
count is capped, so a damaged or pathological file fails within seconds instead of hanging or crashing.
"""

from __future__ import annotations

import re
import statistics
import threading
import time
from collections import Counter
from io import BytesIO
from pathlib import Path

import ftfy.fixes
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError
from wordfreq import zipf_frequency

from reader.errors import ImportFailed
from reader.importers import sniff
from reader.importers.article import ImportedArticle
from reader.importers.assemble import MOJIBAKE_NOTE, bare_urls, plain_paragraphs, shorten, title_from_text
from reader.importers.decoding import normalise, repair_mojibake
from reader.importers.quiet import quiet

MAX_PAGES = 500
TIME_LIMIT = 15.0  # seconds for the whole file, checked between pages
HANG_LIMIT = 20.0  # seconds after which a parser stuck inside one page is abandoned

ENCRYPTED = "the PDF is encrypted; open it in a PDF reader and save an unprotected copy"
NO_TEXT = "the PDF has no text layer (it is probably scanned images); run OCR on it first"
TRUNCATED = "the PDF is truncated (its end is missing); download or copy it again"

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)\]]$")
_BULLET = re.compile(r"^(?:[•●▪◦‣∙*-]|\d{1,3}[.)]|[a-z][.)])\s")
_HYPHEN_END = re.compile(r"([A-Za-zÀ-ÖØ-öø-ÿ]+)-$")
_WORD_START = re.compile(r"^([a-zà-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ]*)")
_JUNK_TITLE = re.compile(r"^(untitled|document\d*|microsoft word\s*-.*|.*\.(docx?|pdf|tex|dvi|indd|rtf|odt))$", re.I)


def parse(data: bytes, source: Path, where: str) -> ImportedArticle:
    if b"%PDF-" not in data[:1024]:
        kind = sniff.magic_kind(data)
        raise ImportFailed(
            where, f"not a PDF (this is {sniff.with_article(kind)})" if kind else "not a PDF (it has no PDF header)"
        )
    truncated = b"%%EOF" not in data[-2048:]
    result: dict = {}
    worker = threading.Thread(target=_read_into, args=(data, where, truncated, result), daemon=True)
    worker.start()
    worker.join(HANG_LIMIT)
    if worker.is_alive():
        raise ImportFailed(where, f"reading the PDF took over {HANG_LIMIT:g} s; the file may be damaged")
    if "error" in result:
        raise result["error"]
    return _article(result, source, where)


def _read_into(data: bytes, where: str, truncated: bool, result: dict) -> None:
    try:
        with quiet("pypdf"):
            result.update(_read(data, where, truncated))
    except ImportFailed as exc:
        result["error"] = exc
    except Exception as exc:  # anything pypdf raises on a damaged file
        result["error"] = _damaged(where, truncated, exc)


def _damaged(where: str, truncated: bool, exc: BaseException | None = None) -> ImportFailed:
    if truncated:
        return ImportFailed(where, TRUNCATED)
    detail = f" ({type(exc).__name__})" if exc is not None else ""
    return ImportFailed(where, f"the PDF is damaged and cannot be read{detail}")


def _read(data: bytes, where: str, truncated: bool) -> dict:
    started = time.monotonic()
    notes: list[str] = []
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise ImportFailed(
                where, "the PDF is AES-encrypted and the 'cryptography' package is not installed"
            ) from None
        except Exception:
            raise ImportFailed(where, ENCRYPTED) from None
        if opened == PasswordType.NOT_DECRYPTED:
            raise ImportFailed(where, ENCRYPTED)
        notes.append("the PDF is encrypted with an empty password; read it without one")
    count = len(reader.pages)
    if count == 0:
        raise _damaged(where, truncated) if truncated else ImportFailed(where, "the PDF has no pages")
    if count > MAX_PAGES:
        raise ImportFailed(where, f"the PDF has {count} pages, over the {MAX_PAGES}-page limit for one article")
    pages: list[str] = []
    failed = 0
    hrefs: list[str] = []
    for number, page in enumerate(reader.pages, 1):
        if time.monotonic() - started > TIME_LIMIT:
            raise ImportFailed(where, f"reading the PDF took over {TIME_LIMIT:g} s (stopped at page {number})")
        try:
            pages.append(page.extract_text() or "")
        except Exception:
            failed += 1
            pages.append("")
        hrefs.extend(_uris(page))
    if failed == count or (truncated and failed):
        raise _damaged(where, truncated)
    if failed:
        notes.append(f"{failed} of {count} pages could not be read")
    if truncated:
        notes.append("the PDF has no end-of-file marker; it may be incomplete")
    return {"pages": pages, "notes": notes, "info": _info(reader), "count": count, "hrefs": hrefs}


def _uris(page) -> list[str]:
    found = []
    try:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/URI"):
                found.append(str(action["/URI"]))
    except Exception:
        return found
    return found


def _info(reader: PdfReader) -> dict:
    info: dict = {}
    try:
        meta = reader.metadata
        if meta is None:
            return info
        for key, name in (("title", "/Title"), ("author", "/Author")):
            value = meta.get(name)
            if value is not None and str(value).strip():
                info[key] = " ".join(str(value).split())
        created = meta.creation_date
        if created is not None:
            info["date"] = created.date().isoformat()
    except Exception:
        pass
    return info


def _article(result: dict, source: Path, where: str) -> ImportedArticle:
    notes = result["notes"]
    pages = [normalise(ftfy.fixes.fix_latin_ligatures(page), notes) for page in result["pages"]]
    if not any(page.strip() for page in pages):
        raise ImportFailed(where, NO_TEXT)
    text = reflow(pages)
    repaired = repair_mojibake(text)
    if repaired != text:
        notes.append(MOJIBAKE_NOTE)
        text = repaired
    text = plain_paragraphs(text)
    links = bare_urls(text)
    seen = {link["href"] for link in links}
    for href in result["hrefs"][:1000]:
        if href not in seen:
            seen.add(href)
            links.append({"href": href, "text": "", "offset": None})
    info = result["info"]
    title = info.get("title")
    if not title or _JUNK_TITLE.match(title) or len(title) < 3:
        title = title_from_text(text, source.stem or str(source))
    metadata: dict = {"links": links, "notes": notes, "pages": result["count"]}
    for key in ("author", "date"):
        if info.get(key):
            metadata[key] = info[key]
    return ImportedArticle(shorten(title), text, "pdf", source, metadata)


# --- reflow: page text lines -> paragraphs ------------------------------------------------------------------


def reflow(pages: list[str]) -> str:
    """Join the lines of PDF pages into paragraphs; drop page numbers and running headers and footers."""
    page_lines = [[" ".join(line.split()) for line in page.split("\n")] for page in pages]
    page_lines = _drop_furniture(page_lines)
    lines: list[str] = []
    for page in page_lines:
        lines.extend(page)
        lines.append("")  # page boundary: decided below like any line end, so paragraphs cross pages
    lengths = [len(line) for line in lines if len(line) > 1]
    if not lengths:
        return ""
    full = statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 2 else lengths[0]
    following = [""] * len(lines)  # the next non-empty line after each position
    upcoming = ""
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming
        if lines[index]:
            upcoming = lines[index]
    paragraphs: list[str] = []
    parts: list[str] = []  # the paragraph being built, as pieces (joined once: no quadratic string growth)
    previous = ""
    for index, line in enumerate(lines):
        if not line:
            # A page break or a blank line: a paragraph ends only if the text before it looks finished.
            if parts and _ends_paragraph(previous, following[index], full):
                paragraphs.append("".join(parts))
                parts = []
            continue
        if not parts:
            parts = [line]
        elif _ends_paragraph(previous, line, full):
            paragraphs.append("".join(parts))
            parts = [line]
        else:
            drop, separator = _joiner(parts[-1], line)
            if drop:
                parts[-1] = parts[-1][:-1]
            parts += [separator, line]
        previous = line
    if parts:
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


def _ends_paragraph(line: str, following: str, full: float) -> bool:
    if not following:
        return True
    if _BULLET.match(following):
        return True
    if _SENTENCE_END.search(line) and _looks_like_heading(following, full):
        return True
    short = len(line) < 0.8 * full
    if not short:
        return False
    if _SENTENCE_END.search(line):
        return True
    return following[:1].isupper() or following[:1].isdigit()


def _looks_like_heading(line: str, full: float) -> bool:
    """A short capitalised line without closing punctuation after a finished sentence: a heading."""
    return len(line) < 0.6 * full and line[:1].isupper() and not _SENTENCE_END.search(line) and "," not in line


def _join(current: str, line: str) -> str:
    """Append a wrapped line, undoing end-of-line hyphenation when the joined word is a known word."""
    drop, separator = _joiner(current, line)
    return (current[:-1] if drop else current) + separator + line


def _joiner(previous: str, line: str) -> tuple[bool, str]:
    """How `line` continues `previous`: (drop previous's last character?, separator to put between)."""
    if previous.endswith("\u00ad"):
        return True, ""
    hyphen = _HYPHEN_END.search(previous[-64:])
    if hyphen and not previous.endswith(" -"):
        start = _WORD_START.match(line)
        if start is None:
            return False, ""  # "COVID-" + "19", "Anglo-" + "Saxon": the hyphen is real
        return _is_split_word(hyphen.group(1), start.group(1)), ""
    if previous.endswith(("—", "–")) and not previous.endswith((" —", " –")):
        return False, ""
    return False, " "


def _is_split_word(head: str, tail: str) -> bool:
    joined = zipf_frequency((head + tail).lower(), "en")
    if joined == 0:
        return False
    return joined >= 3.0 or joined > zipf_frequency(f"{head}-{tail}".lower(), "en")


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and lines repeated at the top or bottom of most pages (running heads)."""
    pages = [[line for line in page] for page in pages]
    for page in pages:
        while page and not page[-1]:
            page.pop()
        while page and not page[0]:
            page.pop(0)
        for position in (0, -1):
            if page and _PAGE_NUMBER.match(page[position]):
                page.pop(position)
    if len(pages) >= 3:
        for position in (0, -1):
            keys = Counter(re.sub(r"\d+", "#", page[position]) for page in pages if page)
            for key, seen in keys.items():
                if seen >= max(3, 0.6 * len(pages)) and len(key) < 60:
                    for page in pages:
                        if page and re.sub(r"\d+", "#", page[position]) == key:
                            page.pop(position)
    return pages
