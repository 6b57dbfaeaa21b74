"""Recognising what a file really is from its first bytes (magic numbers and byte statistics)."""

from __future__ import annotations

import zipfile
from io import BytesIO

# (offset, signature, description); longer and more specific signatures first.
_MAGIC: list[tuple[int, bytes, str]] = [
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"BM", "BMP image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"\x00\x00\x01\x00", "icon"),
    (0, b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (0, b"8BPS", "Photoshop image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"%!PS", "PostScript document"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (0, b"PK\x03\x04", "zip archive"),
    (0, b"PK\x05\x06", "zip archive"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"(\xb5/\xfd", "zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (257, b"ustar", "tar archive"),
    (0, b"\x7fELF", "Linux program"),
    (0, b"MZ", "Windows program"),
    (0, b"\xcf\xfa\xed\xfe", "macOS program"),
    (0, b"\xce\xfa\xed\xfe", "macOS program"),
    (0, b"\xca\xfe\xba\xbe", "Java class or macOS program"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"ID3", "MP3 audio"),
    (0, b"\xff\xfb", "MP3 audio"),
    (0, b"\xff\xf3", "MP3 audio"),
    (0, b"OggS", "Ogg audio or video"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"\x1aE\xdf\xa3", "Matroska or WebM video"),
    (0, b"wOFF", "web font"),
    (0, b"wOF2", "web font"),
    (0, b"\x00\x01\x00\x00\x00", "font"),
    (0, b"OTTO", "font"),
]

_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_FTYP_KINDS = {b"heic": "HEIC image", b"heix": "HEIC image", b"avif": "AVIF image", b"qt  ": "QuickTime video"}

# Bytes that never occur in text in any encoding we read (C0 controls other than tab, newlines, form feed, escape).
_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20))


def with_article(kind: str) -> str:
    """'a PNG image', 'an old Microsoft Office document', 'an EPUB e-book'."""
    return ("an " if kind[:1].lower() in "aeiou" else "a ") + kind


def zip_kind(data: bytes) -> str:
    """Name what a zip archive holds: a Word document, another office file, an e-book, or just a zip."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError):
        return "damaged zip archive"
    if "word/document.xml" in names:
        return "Word document"
    if "xl/workbook.xml" in names:
        return "Excel workbook"
    if "ppt/presentation.xml" in names:
        return "PowerPoint presentation"
    if b"epub" in mimetype:
        return "EPUB e-book"
    if b"opendocument.text" in mimetype:
        return "OpenDocument text (.odt)"
    if b"opendocument" in mimetype:
        return "OpenDocument file"
    return "zip archive"


def magic_kind(data: bytes) -> str | None:
    """Describe the file format its magic number announces, or None when it has no known one."""
    head = data[:512]
    if head[:4] == b"RIFF" and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return _FTYP_KINDS.get(head[8:12], "MP4 or MOV video")
    for offset, signature, kind in _MAGIC:
        if head[offset : offset + len(signature)] == signature:
            if kind == "zip archive":
                return zip_kind(data)
            if kind == "old Microsoft Office document" and _is_encrypted_ooxml(data):
                return "password-protected Office document"
            if kind == "BMP image" and not _plausible_bmp(head):
                continue
            if kind == "Windows program" and b"PE\x00\x00" not in data[:4096]:
                continue
            if signature.isascii() and signature.isalnum() and not any(b in _CONTROL for b in head[:64]):
                continue  # a text that happens to start with "OTTO", "BZh", "ID3"...
            return kind
    return None


def _plausible_bmp(head: bytes) -> bool:
    # "BM" is also how a text can start ("BMW ..."): check the header's reserved zeros and pixel offset.
    return len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00" and 14 <= int.from_bytes(head[10:14], "little") < 4096


def _is_encrypted_ooxml(data: bytes) -> bool:
    return "EncryptedPackage".encode("utf-16-le") in data[:1_000_000]


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like mostly-ASCII UTF-16 text without a byte order mark."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd_nul = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd_nul >= 0.4 * pairs and even_nul <= 0.02 * pairs:
        return "utf-16-le"
    if even_nul >= 0.4 * pairs and odd_nul <= 0.02 * pairs:
        return "utf-16-be"
    return None


def control_count(sample: bytes) -> int:
    """How many bytes are control bytes that no text contains."""
    return sum(1 for b in sample if b in _CONTROL)


def looks_binary(data: bytes) -> bool:
    """True when the byte statistics say binary: many NUL bytes or many other control bytes.

    A few stray NULs inside real text are tolerated (the decoder removes them and says so).
    """
    nuls = data.count(0)
    if nuls > max(8, len(data) // 200):
        return True
    sample = data[:65536]
    return control_count(sample) > max(8, len(sample) // 20)
