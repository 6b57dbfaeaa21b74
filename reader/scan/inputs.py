"""What a scan reads: INPUT paths -> numbered parts (the unit of work and of resume) -> documents.

Planning runs on the client and only lists files and counts JSONL lines; reading runs on
the workers, which must see the same paths (one machine, or a shared file system).
A WARC/WET file is one part: its gzip members cannot be split without reading it, and
Common Crawl already cuts a crawl into ~90,000 files of ~30,000 records each.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reader.errors import ImportFailed, UnspinError
from reader.importers import SUFFIXES

JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")
MAX_DOC_BYTES = 20_000_000  # one web page or paper; bigger is a damaged record or not an article
_CHUNK = 1 << 20


class InputError(UnspinError):
    """An INPUT that cannot be scanned at all (missing, unknown kind)."""


@dataclass(frozen=True)
class Part:
    """One unit of work: a few files, a range of JSONL lines, or one WARC file.

    `items` holds (shown path, absolute path) pairs for files; `start`/`end` are byte
    offsets of a JSONL range and `first_line` its first line number (1-based).
    """

    index: int
    kind: str  # "files" | "jsonl" | "warc"
    source: str  # the INPUT as given
    path: str = ""  # absolute path of the JSONL or WARC file
    items: tuple[tuple[str, str], ...] = ()
    start: int = 0
    end: int = 0
    first_line: int = 1
    docs: int = 0  # documents in the part when known before reading (files, JSONL lines); 0 for WARC
    nbytes: int = 0

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}"

    def key(self) -> list:
        """What identifies the part's work, stored in the manifest so --resume can check the plan."""
        return [self.kind, self.source, [i[0] for i in self.items], self.start, self.end]


@dataclass
class Doc:
    """One document as read: its text, or the reason it could not be read."""

    id: str
    source: str
    text: str | None = None
    error: str | None = None
    fraction: float = 0.0  # share of the part's bytes read so far (progress for WARC files)
    read_seconds: float = 0.0  # time spent reading and importing it
    language: str | None = None  # given by the input (Common Crawl's WET header), so no guess is needed


def kind_of(path: Path) -> str | None:
    """ "folder", "jsonl", "warc", "file" (one the importers read) or None."""
    return "folder" if path.is_dir() else _kind_by_name(path.name)


def _kind_by_name(name: str) -> str | None:
    name = name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if os.path.splitext(name)[1] in SUFFIXES:
        return "file"
    return None


def _entries(inputs: list[str]) -> Iterator[tuple[str, str, str, str]]:
    """(source, shown, absolute, kind) for every document file, JSONL file and WARC file in `inputs`.

    A folder yields what is under it (sorted, hidden names left out): files the importers read,
    and JSONL and WARC/WET files, which become their own parts.
    """
    for given in inputs:
        p = Path(given)
        if not p.exists():
            raise InputError(given, "no such file or folder")
        kind = kind_of(p)
        if kind == "folder":
            found = False
            for shown, ab in _walk(given):
                found = True
                sub = _kind_by_name(ab) or "file"
                yield (given if sub == "file" else shown), shown, ab, sub
            if not found:  # before: a scan of nothing wrote an empty summary and exited 0
                known = ", ".join(sorted(set(SUFFIXES) | set(JSONL_SUFFIXES) | set(WARC_SUFFIXES)))
                raise InputError(None, f"no articles found in {given} (it holds no {known} file)")
        elif kind is None:
            known = ", ".join(sorted(set(SUFFIXES) | set(JSONL_SUFFIXES) | set(WARC_SUFFIXES)))
            raise InputError(given, f"not a folder, nor a file scan reads ({known})")
        else:
            yield given, given, os.path.abspath(given), kind


def plan(inputs: list[str], part_size: int) -> list[Part]:
    """Number the work. Deterministic for the same inputs and part size, so --resume finds its parts."""
    parts: list[Part] = []
    files: list[tuple[str, str, str]] = []  # (source, shown, absolute)

    def flush_files() -> None:
        for k in range(0, len(files), part_size):
            chunk = files[k : k + part_size]
            parts.append(
                Part(
                    index=len(parts),
                    kind="files",
                    source=chunk[0][0],
                    items=tuple((shown, ab) for _, shown, ab in chunk),
                    docs=len(chunk),
                    nbytes=sum(_size(ab) for _, _, ab in chunk),
                )
            )
        files.clear()

    for source, shown, ab, kind in _entries(inputs):
        if kind == "file":
            files.append((source, shown, ab))
        elif kind == "jsonl":
            flush_files()
            for start, end, first, n in _jsonl_ranges(Path(ab), shown, part_size):
                parts.append(Part(len(parts), "jsonl", source, ab, (), start, end, first, n, end - start))
        else:
            flush_files()
            parts.append(Part(len(parts), "warc", source, ab, nbytes=_size(ab)))
    flush_files()
    return parts


def count_docs(inputs: list[str]) -> int:
    """Documents known before reading (files, JSONL lines; WARC records are not counted). Bad inputs count 0."""
    n = 0
    for given in inputs:
        try:
            for _, _, ab, kind in _entries([given]):
                if kind == "file":
                    n += 1
                elif kind == "jsonl":
                    with open(ab, "rb") as f:
                        n += sum(chunk.count(b"\n") for chunk in iter(lambda f=f: f.read(_CHUNK), b""))
        except (InputError, OSError):
            pass  # plan() names the problem
    return n


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _walk(folder: str) -> Iterator[tuple[str, str]]:
    """(shown, absolute) for every file under `folder` a scan reads, sorted, hidden ones left out."""
    base = os.path.abspath(folder)
    for root, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            if n.startswith(".") or _kind_by_name(n) is None:
                continue
            ab = os.path.join(root, n)
            yield os.path.join(folder, os.path.relpath(ab, base)), ab


def _jsonl_ranges(path: Path, shown: str, lines_per_part: int) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, first line, lines) byte ranges of `lines_per_part` lines each, cut at newlines."""
    start, pos, line, first, n = 0, 0, 1, 1, 0
    last = b"\n"
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                i = 0
                while (j := chunk.find(b"\n", i)) >= 0:
                    n += 1
                    line += 1
                    i = j + 1
                    if n == lines_per_part:
                        yield start, pos + i, first, n
                        start, first, n = pos + i, line, 0
                pos += len(chunk)
                last = chunk[-1:]
    except OSError as e:
        raise InputError(shown, e.strerror or str(e)) from None
    if pos > start:
        yield start, pos, first, n + (last != b"\n")


# -- reading (on the workers) ---------------------------------------------------------------
def read_part(part: Part, text_field: str = "text", id_field: str | None = None) -> Iterator[Doc]:
    """The documents of one part, in order. A bad document is a Doc with `error`; it never stops the part."""
    if part.kind == "files":
        docs = _read_files(part)
    elif part.kind == "jsonl":
        docs = _read_jsonl(part, text_field, id_field)
    else:
        docs = _read_warc(part)
    while True:
        t0 = time.perf_counter()
        doc = next(docs, None)
        if doc is None:
            return
        doc.read_seconds = time.perf_counter() - t0
        yield doc


def _read_files(part: Part) -> Iterator[Doc]:
    from reader.importers import import_path

    for shown, ab in part.items:
        try:
            art = import_path(ab, max_bytes=MAX_DOC_BYTES)
        except ImportFailed as e:
            yield Doc(shown, part.source, error=e.problem)
            continue
        yield Doc(shown, part.source, text=art.text)


def _read_jsonl(part: Part, text_field: str, id_field: str | None) -> Iterator[Doc]:
    with open(part.path, "rb") as f:
        f.seek(part.start)
        data = f.read(part.end - part.start)
    for n, raw in enumerate(data.split(b"\n"), start=part.first_line):
        if not raw.strip():
            continue
        fallback = f"{part.source}:{n}"
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError) as e:
            yield Doc(fallback, part.source, error=f"not valid JSON ({_short(e)})")
            continue
        if not isinstance(obj, dict):
            yield Doc(fallback, part.source, error="not a JSON object")
            continue
        doc_id = obj.get(id_field) if id_field else None
        doc_id = fallback if doc_id is None or doc_id == "" else str(doc_id)
        text = obj.get(text_field)
        if not isinstance(text, str):
            problem = "has no" if text is None else "has a non-text"
            yield Doc(doc_id, part.source, error=f"line {n}: {problem} {text_field!r} field")
            continue
        yield Doc(doc_id, part.source, text=text)


def _short(e: Exception) -> str:
    return str(e).split("\n")[0][:120]


# Records that hold a document; request, metadata and warcinfo records do not.
_WARC_DOC_TYPES = {"response", "resource", "conversion"}


def _record_format(content_type: str) -> str | None:
    ct = content_type.split(";")[0].strip().lower()
    if ct in ("text/html", "application/xhtml+xml"):
        return "html"
    if ct == "text/plain" or ct == "":
        return "txt"
    if ct == "application/pdf":
        return "pdf"
    return None


def _read_warc(part: Part) -> Iterator[Doc]:
    """Every HTML, text (WET) or PDF record, through the same importers as files. Others are passed over.

    A damaged gzip member or header ends the file with one error row: records after it cannot be
    found again without guessing where the next one starts. warcio's own warnings (bad URIs, a
    missing newline) are dropped: on a cluster they would only fill the worker logs.
    """
    from warcio.archiveiterator import ArchiveIterator

    from reader.importers import import_bytes

    seen = 0
    quiet = contextlib.redirect_stderr(io.StringIO())
    try:
        with open(part.path, "rb") as f:
            it = ArchiveIterator(f, arc2warc=True)
            while True:
                with quiet:
                    rec = next(it, None)
                if rec is None:
                    break
                if rec.rec_type not in _WARC_DOC_TYPES:
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI") or f"{part.source}@{it.get_record_offset()}"
                if rec.rec_type == "response" and rec.http_headers is not None:
                    status = rec.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    ctype = rec.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = rec.rec_headers.get_header("Content-Type") or ""
                fmt = _record_format(ctype)
                if fmt is None:
                    continue
                seen += 1
                frac = min(1.0, f.tell() / part.nbytes) if part.nbytes else 0.0
                lang = _cc_language(rec.rec_headers.get_header("WARC-Identified-Content-Language"))
                if lang is not None and lang != "en":  # not read at all: most of a crawl is skipped this cheaply
                    yield Doc(url, part.source, language=lang, fraction=frac)
                    continue
                try:
                    with quiet:
                        payload = rec.content_stream().read(MAX_DOC_BYTES + 1)
                    if len(payload) > MAX_DOC_BYTES:
                        raise ImportFailed(url, f"record larger than {MAX_DOC_BYTES // 1_000_000} MB")
                    if getattr(rec.raw_stream, "limit", 0) > 0:
                        raise ImportFailed(url, "the record is cut short (a truncated WARC file?)")
                    art = import_bytes(payload, fmt, name=url)
                except ImportFailed as e:
                    yield Doc(url, part.source, error=e.problem, fraction=frac)
                    continue
                except Exception as e:  # a record the stream reader chokes on (bad chunking, bad gzip)
                    yield Doc(url, part.source, error=f"damaged record ({_warc_problem(e)})", fraction=frac)
                    continue
                yield Doc(url, part.source, text=art.text, fraction=frac, language=lang)
    except OSError as e:
        yield Doc(part.source, part.source, error=e.strerror or str(e))
    except Exception as e:  # warcio's ArchiveLoadFailed, zlib.error, a truncated file
        where = f"{part.source}@record{seen + 1}"
        yield Doc(where, part.source, error=f"damaged WARC after {seen} documents ({_warc_problem(e)})", fraction=1.0)


def _cc_language(header: str | None) -> str | None:
    """Common Crawl's language header ("eng", "deu,eng": CLD2, main language first) -> "en", "deu", or None."""
    if not header:
        return None
    first = header.split(",")[0].strip().lower()
    return "en" if first in ("eng", "en") else first or None


def _warc_problem(e: Exception) -> str:
    """warcio's message without the binary 'first line' it quotes."""
    text = str(e).split(", first line")[0].split("\n")[0]
    text = "".join(ch if ch.isprintable() else "?" for ch in text)[:120]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def domain_of(doc_id: str) -> str:
    """The host of a URL id ("" for a path or JSONL id), without a leading www."""
    if "://" not in doc_id[:12]:
        return ""
    host = (urlsplit(doc_id).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
